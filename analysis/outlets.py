"""Which outlet wrote an article, and which outlets and agencies an article cites.

Archives often hold articles whose publisher is missing, and wire copy runs under many mastheads.
An outlet leaves a house style on everything it prints -- quote marks ('' or “ or "), dashes
(" - ", "--", "—"), title case or sentence case in headlines, datelines, credit lines, the words
its editors prefer -- so a linear model over character n-grams and a few counted style habits
learns an outlet from the articles whose outlet is known
(:class:`OutletClassifier`, :func:`predict_outlets`). Its probabilities are calibrated
(temperature scaling fitted on held-out folds), so "0.8" means right about 8 times in 10, and
it answers ``"unknown"`` below a threshold rather than guess.

Features deliberately ignore ``doc_id``, ``url`` and ``source_path`` (file names often spell the
publisher, e.g. PolNeAR's ``nyt_2016-...``), and the docs loader already removes credit lines
("X contributed to this report") as page furniture, so the model cannot lean on them; datelines
stay in ``text`` and are one habit among many.

The second half of the module answers "whom does this article cite?": outlets and agencies named
as sources (from :func:`analysis.attribution.extract` when that module is importable, else a
lexicon match against ``analysis/lexicons/data/outlets.yaml``) and the citation chain article -> cited
outlet -> the corpus articles published by that outlet (:func:`cited_outlets`,
:func:`citation_chain`).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from analysis.lexicons import alias_regex
import yaml
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

UNKNOWN = "unknown"
DEFAULT_THRESHOLD = 0.5

# --------------------------------------------------------------------------------------------
# Style features
# --------------------------------------------------------------------------------------------

FUNCTION_WORDS: tuple[str, ...] = tuple(sorted(ENGLISH_STOP_WORDS))

# Marks counted per 1,000 characters: house styles differ most in quotes and dashes.
PUNCTUATION: tuple[str, ...] = (
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", '"', "'", "''", "“", "”", "‘", "’",
    "—", "–", " - ", "--", "...", "…", "*", "#", "@", "&", "%", "$", "/", "\n",
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENT_END = re.compile(r"[.!?]+[\"'”’)]*\s+")
# "WASHINGTON (AP) —", "MOSCOW, Aug. 1 (Reuters) -", "WASHINGTON, January 26 (RIA Novosti) –"
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.' -]{2,}(?:,[^\n(]{0,40})?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s",
                       re.MULTILINE)
_AGENCY_PAREN = re.compile(r"\((?:AP|Reuters|AFP|RIA Novosti|TASS|Sputnik|UPI|Bloomberg)\)")
_CREDIT = re.compile(r"contributed (?:to )?(?:this )?report|Follow [^\n]{1,40} on Twitter|"
                     r"(?:Associated Press|Reuters|AFP) contributed|Read (?:the rest|more) here",
                     re.IGNORECASE)


def _style_vector(title: str, text: str) -> list[float]:
    """Counted style habits of one article: why a separate dense block? Character n-grams see
    marks only locally; rates (per 1,000 characters or per word) and layout statistics
    (paragraph and sentence lengths, title casing) describe the whole article."""
    body = text or ""
    n_chars = max(len(body), 1)
    words = _WORD.findall(body)
    n_words = max(len(words), 1)
    lower = [w.lower() for w in words]
    counts: dict[str, int] = {}
    for w in lower:
        if w in ENGLISH_STOP_WORDS:
            counts[w] = counts.get(w, 0) + 1
    fw = [counts.get(w, 0) / n_words for w in FUNCTION_WORDS]
    punct = [1000.0 * body.count(p) / n_chars for p in PUNCTUATION]
    straight = body.count('"') + body.count("''")
    curly = body.count("“") + body.count("”")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    par_words = [len(_WORD.findall(p)) for p in paragraphs] or [0]
    sentences = [s for s in _SENT_END.split(body) if s.strip()]
    sent_words = [len(_WORD.findall(s)) for s in sentences] or [0]
    t_words = _WORD.findall(title or "")
    t_caps = sum(w[0].isupper() for w in t_words) / max(len(t_words), 1)
    layout = [
        math.log1p(n_words),
        float(np.mean(par_words)), float(np.std(par_words)), math.log1p(len(paragraphs)),
        float(np.mean([c <= 25 for c in par_words])),
        float(np.mean(sent_words)), float(np.std(sent_words)),
        curly / max(curly + straight, 1),
        float(bool(_DATELINE.search(body[:400]))),
        float(bool(_AGENCY_PAREN.search(body[:400]))),
        float(bool(_CREDIT.search(body))),
        t_caps, math.log1p(len(t_words)), float((title or "").rstrip().endswith(".")),
        float(";" in (title or "")),
        sum(w.isupper() and len(w) > 1 for w in words) / n_words,
        sum(w[0].isdigit() for w in words) / n_words,
    ]
    return fw + punct + layout


class StyleFeatures(TransformerMixin, BaseEstimator):
    """Dense, standardised style habits of each article (function words, marks, layout).

    Input is a sequence of ``(title, text)`` pairs, as built by :func:`_title_text`.
    """

    def fit(self, X, y=None):
        self.scaler_ = StandardScaler().fit(self._raw(X))
        return self

    def transform(self, X):
        return sparse.csr_matrix(self.scaler_.transform(self._raw(X)))

    @staticmethod
    def _raw(X) -> np.ndarray:
        return np.array([_style_vector(t, b) for t, b in X], dtype=float)


class _Joined(TransformerMixin, BaseEstimator):
    """Wraps a text vectorizer so it sees ``title + "\\n" + text`` from ``(title, text)`` pairs."""

    def __init__(self, vectorizer=None):
        self.vectorizer = vectorizer

    def fit(self, X, y=None):
        self.vectorizer_ = clone(self.vectorizer).fit([f"{t}\n{b}" for t, b in X])
        return self

    def transform(self, X):
        return self.vectorizer_.transform([f"{t}\n{b}" for t, b in X])


def _title_text(docs: pd.DataFrame) -> list[tuple[str, str]]:
    """(title, text) pairs; missing values become "" so one odd row never breaks a batch."""
    titles = docs["title"] if "title" in docs else pd.Series([""] * len(docs), index=docs.index)
    return [
        ("" if pd.isna(t) else str(t), "" if pd.isna(b) else str(b))
        for t, b in zip(titles, docs["text"])
    ]


def _features(max_features: int | None, style_weight: float) -> FeatureUnion:
    """Character 1-3-grams (case kept) plus the counted style habits.

    Why these: on PolNeAR (7 outlets, 5-fold CV on train) character 1-3-grams alone gave
    macro-F1 0.86, 1-4-grams 0.84, word 1-2-grams 0.61, and adding words did not help; house
    style lives in marks, casing and short function words more than in topic words, which
    also change with the news. The dense style block helps only at a small weight (0.02;
    at 0.5 it swamped the unit-length TF-IDF rows and cost 0.15 F1). See benchmarks/outlets.md.
    """
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                            max_features=max_features, lowercase=False, dtype=np.float32)
    return FeatureUnion(
        [("chars", _Joined(chars)), ("style", StyleFeatures())],
        transformer_weights={"chars": 1.0, "style": style_weight},
    )


# --------------------------------------------------------------------------------------------
# Classifier
# --------------------------------------------------------------------------------------------


class OutletClassifier(ClassifierMixin, BaseEstimator):
    """Stylometric outlet classifier with calibrated probabilities and an "unknown" answer.

    Parameters
    ----------
    threshold : answer ``"unknown"`` when the highest calibrated probability is below this.
        With 7 outlets chance is 0.14; 0.5 means "more likely this outlet than all others
        together".
    seed : random seed (fold split of the calibration); same data + seed = same numbers.
    C : inverse regularisation of the linear SVM.
    calibration : ``"temperature"`` (one parameter, safe on small data), ``"sigmoid"``,
        ``"isotonic"`` or ``None``; fitted on ``cv`` held-out folds, so the probabilities are
        not the over-confident in-sample ones.
    cv : folds for calibration; lowered to the size of the smallest outlet, and calibration is
        skipped (``calibrated_`` False) when some outlet has a single article.
    max_features : cap on the character n-gram vocabulary (memory on big corpora).
    style_weight : weight of the dense style block against the TF-IDF blocks.

    ``fit(docs)`` takes a docs table with ``title``, ``text`` and ``outlet`` (rows with a missing
    outlet are ignored) or ``fit(docs, y)``; ``predict(docs)`` returns outlet names or
    ``"unknown"``; ``predict_proba(docs)`` gives one column per ``classes_``.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, seed: int = 0, *, C: float = 0.5,
                 calibration: str | None = "temperature", cv: int = 5,
                 max_features: int | None = 200_000, style_weight: float = 0.02):
        self.threshold = threshold
        self.seed = seed
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.max_features = max_features
        self.style_weight = style_weight

    def fit(self, docs: pd.DataFrame, y: Iterable[str] | None = None) -> "OutletClassifier":
        labels = pd.Series(list(docs["outlet"]) if y is None else list(y), index=docs.index,
                           dtype="string")
        known = labels.notna() & (labels.str.strip() != "") & (labels != UNKNOWN)
        docs, labels = docs[known.to_numpy()], labels[known].astype(str)
        counts = labels.value_counts()
        if len(counts) < 2:
            raise ValueError(
                f"need articles from at least 2 outlets to learn outlet styles, got {len(counts)}")
        y_arr = labels.to_numpy()
        # The features are fitted once on all training articles (they use no labels), so the
        # calibration folds refit only the linear model: 6 cheap fits, not 6 vocabularies.
        self.features_ = _features(self.max_features, self.style_weight)
        X = self.features_.fit_transform(_title_text(docs))
        svm = LinearSVC(C=self.C, random_state=self.seed)
        folds = min(self.cv, int(counts.min()))
        self.calibrated_ = bool(self.calibration) and folds >= 2
        if self.calibrated_:
            split = StratifiedKFold(folds, shuffle=True, random_state=self.seed)
            self.model_ = CalibratedClassifierCV(svm, method=self.calibration, cv=split,
                                                 ensemble=False)
        else:
            # Too few articles per outlet to hold any out: a softmax over the margins stands in
            # for probabilities, and says so in ``calibrated_``.
            self.model_ = svm
        self.model_.fit(X, y_arr)
        self.classes_ = np.asarray(self.model_.classes_)
        self.n_train_ = {str(k): int(v) for k, v in counts.items()}
        return self

    def predict_proba(self, docs: pd.DataFrame) -> np.ndarray:
        X = self.features_.transform(_title_text(docs))
        if self.calibrated_:
            return self.model_.predict_proba(X)
        margins = np.atleast_2d(self.model_.decision_function(X))
        if margins.shape[1] == 1 or margins.shape[0] != X.shape[0]:
            margins = margins.reshape(X.shape[0], -1)
            if margins.shape[1] == 1:  # binary: one margin for classes_[1]
                margins = np.hstack([-margins, margins])
        z = np.exp(margins - margins.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def predict(self, docs: pd.DataFrame) -> np.ndarray:
        return self._decide(self.predict_proba(docs))

    def _decide(self, proba: np.ndarray) -> np.ndarray:
        best = proba.argmax(axis=1)
        out = self.classes_[best].astype(object)
        out[proba.max(axis=1) < self.threshold] = UNKNOWN
        return out


def predict_outlets(docs: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD, seed: int = 0,
                    cv: int = 5, min_articles: int = 2) -> pd.DataFrame:
    """Predict the outlet of every article from the articles whose outlet is known.

    Returns ``doc_id, outlet, predicted_outlet, probability`` (one row per article, in ``docs``
    order). Articles with a missing outlet are predicted by a model trained on all known ones.
    Articles with a known outlet get an out-of-fold prediction (the model that predicts them never
    saw them), so the table doubles as an honest check: where ``predicted_outlet`` disagrees with
    ``outlet`` on known rows, expect errors of that kind on the unknown ones.

    Outlets with fewer than ``min_articles`` known articles cannot be learnt (one article is a
    topic, not a style); they are not candidate answers. With fewer than two learnable outlets
    every prediction is ``"unknown"`` with a missing probability and a warning says why.
    """
    docs = docs.reset_index(drop=True)
    outlet = docs["outlet"] if "outlet" in docs else pd.Series([pd.NA] * len(docs))
    outlet = outlet.astype("string")
    known = outlet.notna() & (outlet.str.strip() != "")
    counts = outlet[known].value_counts()
    learnable = counts[counts >= min_articles].index
    train_mask = known & outlet.isin(learnable)
    result = pd.DataFrame({"doc_id": docs["doc_id"].astype("string"), "outlet": outlet,
                           "predicted_outlet": pd.Series([UNKNOWN] * len(docs), dtype="string"),
                           "probability": np.full(len(docs), np.nan)})
    if len(learnable) < 2:
        warnings.warn(f"outlets: {len(learnable)} outlet(s) with >= {min_articles} known "
                      "articles; need 2 to learn styles, every prediction is 'unknown'",
                      stacklevel=2)
        return result

    def _fill(rows: np.ndarray, clf: OutletClassifier) -> None:
        if not len(rows):
            return
        proba = clf.predict_proba(docs.iloc[rows])
        result.loc[rows, "predicted_outlet"] = clf._decide(proba)
        result.loc[rows, "probability"] = proba.max(axis=1)

    train_rows = np.flatnonzero(train_mask.to_numpy())
    other_rows = np.flatnonzero(~train_mask.to_numpy())
    full = OutletClassifier(threshold=threshold, seed=seed, cv=cv).fit(docs.iloc[train_rows])
    _fill(other_rows, full)
    # Out-of-fold predictions for the known articles.
    y = outlet[train_mask].to_numpy()
    folds = min(cv, int(counts[learnable].min()))
    if folds >= 2:
        split = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for fit_idx, test_idx in split.split(train_rows, y):
            sub = docs.iloc[train_rows[fit_idx]]
            if sub["outlet"].nunique() < 2:
                continue
            clf = OutletClassifier(threshold=threshold, seed=seed, cv=cv).fit(sub)
            _fill(train_rows[test_idx], clf)
    return result


# --------------------------------------------------------------------------------------------
# Outlet lexicon and citations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletLexicon:
    """Outlets and agencies with their aliases (``alias, outlet, kind, side`` one row per alias).

    Why a lexicon and not NER: outlet names are a short closed list per story, and users need to
    add their local papers; "RIA" must resolve to "RIA Novosti" in both a citation and a
    dateline.
    """

    aliases: pd.DataFrame

    def canonical(self, name: object) -> str | None:
        """The lexicon name for an outlet string ("RIA", "abc news"), or None if not listed."""
        if name is None or (not isinstance(name, str) and pd.isna(name)):
            return None
        key = _norm_name(str(name))
        hit = self._index().get(key)
        return hit

    def _index(self) -> dict[str, str]:
        return _index_of(tuple(zip(self.aliases["alias"], self.aliases["outlet"])))

    def pattern(self) -> re.Pattern[str]:
        return alias_regex(tuple(self.aliases["alias"]))


def _norm_name(s: str) -> str:
    s = re.sub(r"['’]s\b", "", s)
    return re.sub(r"[^\w]+", " ", s).strip().lower()


@lru_cache(maxsize=16)
def _index_of(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for alias, name in pairs:
        out.setdefault(_norm_name(alias), name)
        out.setdefault(_norm_name(name), name)
    return out


def load_outlets(path: str | Path | None = None) -> OutletLexicon:
    """Read an outlets YAML file (``outlets:`` list of ``name, aliases, kind, side``); the
    packaged ``analysis/lexicons/data/outlets.yaml`` when ``path`` is None."""
    if path is None:
        text = resources.files("analysis.lexicons").joinpath("data/outlets.yaml").read_text("utf-8")
        where = "analysis/lexicons/data/outlets.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = yaml.safe_load(text) or {}
    entries = data.get("outlets", data) if isinstance(data, dict) else data
    rows = []
    for i, e in enumerate(entries or []):
        if not isinstance(e, dict) or not e.get("name"):
            raise ValueError(f"{where}: outlet entry {i} has no name")
        kind = str(e.get("kind", "media"))
        for alias in [e["name"], *(e.get("aliases") or [])]:
            rows.append({"alias": str(alias), "outlet": str(e["name"]), "kind": kind,
                         "side": str(e.get("side", "unknown"))})
    return OutletLexicon(pd.DataFrame(rows, columns=["alias", "outlet", "kind", "side"]))


CITATION_COLUMNS = ["doc_id", "cited", "kind", "side", "start", "end", "mention", "via"]


def cited_outlets(docs: pd.DataFrame, *, lexicon: OutletLexicon | None = None,
                  method: str = "auto") -> pd.DataFrame:
    """Outlets and agencies each article cites: ``doc_id, cited, kind, side, start, end,
    mention, via``.

    ``method="attribution"`` takes the speakers of :func:`analysis.attribution.extract` whose
    ``speaker_kind`` is ``"media"`` (a cited outlet is a source that speaks: "RIA reported");
    ``"lexicon"`` takes every mention of a listed outlet; ``"auto"`` uses attribution when that
    module is importable and lexicon mentions otherwise. Mentions of the article's own outlet
    are not citations and are dropped. Offsets index ``docs.text``.
    """
    lexicon = lexicon or load_outlets()
    if method == "auto":
        try:
            from analysis import attribution  # noqa: F401
            method = "attribution" if hasattr(attribution, "extract") else "lexicon"
        except ImportError:
            method = "lexicon"
    rows: list[dict] = []
    if method == "attribution":
        rows = _cited_by_attribution(docs, lexicon)
    elif method == "lexicon":
        rows = _cited_by_lexicon(docs, lexicon)
    else:
        raise ValueError(f"method must be auto, attribution or lexicon, not {method!r}")
    out = pd.DataFrame(rows, columns=CITATION_COLUMNS)
    if "outlet" in docs and len(out):
        own = {d: lexicon.canonical(o) or o for d, o in zip(docs["doc_id"], docs["outlet"])
               if isinstance(o, str)}
        out = out[[own.get(d) != c for d, c in zip(out["doc_id"], out["cited"])]]
    return out.reset_index(drop=True).astype({"start": "Int64", "end": "Int64"})


def _cited_by_lexicon(docs: pd.DataFrame, lexicon: OutletLexicon) -> list[dict]:
    pat = lexicon.pattern()
    meta = lexicon.aliases.drop_duplicates("outlet").set_index("outlet")
    alias_to = dict(zip(lexicon.aliases["alias"], lexicon.aliases["outlet"]))
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if not isinstance(text, str):
            continue
        for m in pat.finditer(text):
            name = alias_to[m.group(0)]
            rows.append({"doc_id": doc_id, "cited": name, "kind": meta.at[name, "kind"],
                         "side": meta.at[name, "side"], "start": m.start(), "end": m.end(),
                         "mention": m.group(0), "via": "lexicon"})
    return rows


def _cited_by_attribution(docs: pd.DataFrame, lexicon: OutletLexicon) -> list[dict]:
    from analysis import attribution

    attrs = attribution.extract(docs)
    media = attrs[attrs["speaker_kind"] == "media"]
    meta = lexicon.aliases.drop_duplicates("outlet").set_index("outlet")
    rows = []
    for r in media.itertuples(index=False):
        name = lexicon.canonical(r.speaker) or lexicon.canonical(r.speaker_text)
        if name is None:
            name = str(r.speaker if isinstance(r.speaker, str) else r.speaker_text)
            kind, side = "media", "unknown"
        else:
            kind, side = meta.at[name, "kind"], meta.at[name, "side"]
        rows.append({"doc_id": r.doc_id, "cited": name, "kind": kind, "side": side,
                     "start": r.speaker_start, "end": r.speaker_end,
                     "mention": r.speaker_text, "via": "attribution"})
    return rows


def citation_chain(docs: pd.DataFrame, *, predictions: pd.DataFrame | None = None,
                   lexicon: OutletLexicon | None = None, method: str = "auto") -> pd.DataFrame:
    """Article -> outlet or agency it cites -> articles of that outlet in the corpus.

    Returns ``doc_id, cited, kind, side, mentions, cited_doc, cited_doc_outlet_from`` with one
    row per (citing article, cited outlet, article of that outlet); ``cited_doc`` is missing
    when the corpus holds no article of the cited outlet. An article's outlet is its known
    ``outlet`` (``cited_doc_outlet_from == "known"``), else the outlet predicted in
    ``predictions`` (a :func:`predict_outlets` table) when not ``"unknown"`` (``"predicted"``).
    """
    lexicon = lexicon or load_outlets()
    cites = cited_outlets(docs, lexicon=lexicon, method=method)
    grouped = (cites.groupby(["doc_id", "cited", "kind", "side"], sort=False)
               .size().rename("mentions").reset_index())
    owner = pd.DataFrame({"cited_doc": docs["doc_id"],
                          "cited": [lexicon.canonical(o) or (o if isinstance(o, str) else None)
                                    for o in (docs["outlet"] if "outlet" in docs
                                              else [None] * len(docs))],
                          "cited_doc_outlet_from": "known"})
    owner = owner[owner["cited"].notna()]
    if predictions is not None and len(predictions):
        pred = predictions[(predictions["outlet"].isna())
                           & (predictions["predicted_outlet"] != UNKNOWN)]
        owner = pd.concat([owner, pd.DataFrame({
            "cited_doc": pred["doc_id"],
            "cited": [lexicon.canonical(o) or o for o in pred["predicted_outlet"]],
            "cited_doc_outlet_from": "predicted"})], ignore_index=True)
    chain = grouped.merge(owner, on="cited", how="left")
    self_cite = (chain["cited_doc"].astype("string") == chain["doc_id"].astype("string"))
    chain = chain[~self_cite.fillna(False).astype(bool)]
    cols = ["doc_id", "cited", "kind", "side", "mentions", "cited_doc", "cited_doc_outlet_from"]
    return chain.reindex(columns=cols).reset_index(drop=True)

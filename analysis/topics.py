"""Topic models over a docs table: NMF (TF-IDF) or LDA (counts), with their quality always reported.

Why this design:

* **NMF on TF-IDF by default.** On news it gives sharper, more coherent topics than LDA and fits
  in a fraction of the time (see ``benchmarks/topics.md``); LDA on counts is one switch away for
  users who want a generative model. Both come from scikit-learn, whose solvers are deterministic
  for a given ``seed`` -- unlike gensim's multicore LDA.
* **Quality with every model.** NPMI and UMass coherence per topic (computed on the corpus itself),
  topic diversity and stability over seeds (:mod:`analysis.coherence`). A topic model without
  these invites reading tea leaves.
* **Unit of analysis.** Five articles are too few to find topics *between* articles, so on small
  corpora (``unit="auto"``) we model paragraphs and add their topic shares back up to articles,
  weighted by each paragraph's number of terms.
* **Terms.** Lower-cased words minus stop words, Snowball stems (offline; WordNet needs a
  download) and frequent bigrams ("State Department", "Nord Stream") merged into one term. Each
  term is shown in its most frequent spelling in the corpus, so readers see "sanctions", not
  "sanction".
* **Scale.** :meth:`TopicModel.partial_fit` takes the corpus a docs-table chunk at a time:
  hashed features (no vocabulary to hold), running document frequencies for IDF, and
  ``MiniBatchNMF`` or online LDA; quality is measured on a uniform reservoir sample of the stream.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
)
from sklearn.preprocessing import normalize

from analysis import coherence
from analysis import text as _text

#: Stop words: scikit-learn's English list plus reporting verbs and honorifics that every news
#: article uses and no topic is about.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    "said says say saying told tell according mr mrs ms dr just like including "
    "monday tuesday wednesday thursday friday saturday sunday "
    "yesterday today tomorrow week weeks month months year years earlier later ago".split()
)

_US = {"US", "U.S.", "U.S", "USA", "U.S.A."}
_WORDLIKE = re.compile(r"[a-z][a-z.'’-]*[a-z]")
_POSSESSIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=500_000)
def _word_entry(tok: str, stem: bool, stop_words: frozenset[str]) -> tuple[str, str] | None:
    """(key, surface) of one word token, None for a stop word or number. Cached because the
    same few tens of thousands of tokens make up most of any news stream, and this was half of
    the term analysis's time."""
    if tok in _US:
        return ("u.s.", "U.S.")
    low = tok.lower()
    if low.endswith(("'s", "’s", "'", "’")):
        cut = len(_POSSESSIVE.search(low).group())
        low, tok = low[:-cut], tok[:-cut]
    if len(low) < 2 or low in stop_words or not _WORDLIKE.fullmatch(low):
        return None
    return (_stem(low) if stem else low, tok)


def _identity(terms):
    return terms


# --- terms ----------------------------------------------------------------------------------


class TermAnalyzer:
    """Text -> model terms: words minus stop words, stemmed, with learnt bigrams merged.

    ``learn`` finds bigrams of adjacent content words (no stop word or number between them) that
    occur at least ``bigram_min_count`` times with normalised PMI >= ``bigram_threshold``; NPMI
    rather than raw counts so the same threshold works on 5 articles and on a million.
    """

    def __init__(self, *, stem: bool = True, bigrams: bool = True, bigram_min_count: int = 3,
                 bigram_threshold: float = 0.5, stop_words: frozenset[str] = STOP_WORDS,
                 prune_at: int = 1_000_000):
        self.stem = stem
        self.bigrams = bigrams
        self.bigram_min_count = bigram_min_count
        self.bigram_threshold = bigram_threshold
        self.stop_words = stop_words
        self.prune_at = prune_at
        self.phrases_: dict[tuple[str, str], float] = {}
        self._surfaces: dict[str, Counter] = {}

    def words(self, text: str) -> list[tuple[str, str] | None]:
        """(key, surface) per content word, ``None`` where a stop word or number breaks a run."""
        out: list[tuple[str, str] | None] = []
        stem, stop_words = self.stem, self.stop_words
        for tok in _text.WORD.findall(text):  # the tokens of _text.word_spans, without spans
            w = _word_entry(tok, stem, stop_words)
            if w is None:
                if out and out[-1] is not None:
                    out.append(None)
                continue
            out.append(w)
        return out

    def learn(self, texts: Iterable[str]) -> "TermAnalyzer":
        """Learn the bigrams of ``texts`` (kept as an attribute, ``phrases_``)."""
        if not self.bigrams:
            return self
        uni: Counter = Counter()
        pair: Counter = Counter()
        for text in texts:
            prev = None
            for w in self.words(text):
                if w is None:
                    prev = None
                    continue
                uni[w[0]] += 1
                if prev is not None and prev != w[0]:
                    pair[(prev, w[0])] += 1
                prev = w[0]
        n = sum(uni.values())
        phrases = {}
        for (a, b), c in pair.items():
            if c < self.bigram_min_count:
                continue
            p_ab = c / n
            score = math.log(p_ab / ((uni[a] / n) * (uni[b] / n))) / -math.log(p_ab)
            if score >= self.bigram_threshold:
                phrases[(a, b)] = score
        self.phrases_ = dict(sorted(phrases.items()))
        return self

    def terms(self, text: str, record: bool = False) -> list[str]:
        """Model terms of ``text``; with ``record`` also count each term's spellings."""
        words = self.words(text)
        out: list[str] = []
        surfaces: list[str] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w is None:
                i += 1
                continue
            nxt = words[i + 1] if i + 1 < len(words) else None
            after = words[i + 2] if i + 2 < len(words) else None
            score = self.phrases_.get((w[0], nxt[0]), -2.0) if nxt is not None else -2.0
            # of two overlapping bigrams ("Russian Foreign Minister") keep the stronger one
            if nxt is not None and after is not None and self.phrases_.get((nxt[0], after[0]), -2.0) > score:
                score = -2.0
            if score > -2.0:
                out.append(f"{w[0]} {nxt[0]}")
                surfaces.append(f"{w[1]} {nxt[1]}")
                i += 2
            else:
                out.append(w[0])
                surfaces.append(w[1])
                i += 1
        if record:
            seen = self._surfaces
            for term, surf in zip(out, surfaces):
                c = seen.get(term)
                if c is None:  # not setdefault: it would build a Counter for every term
                    c = seen[term] = Counter()
                c[surf] += 1
            if len(self._surfaces) > self.prune_at:
                self._prune()
        return out

    def display(self, term: str) -> str:
        """The most frequent spelling of ``term`` (lower-cased unless it is always capitalised,
        as names are)."""
        seen = self._surfaces.get(term)
        if not seen:
            return term
        lowered: Counter = Counter()
        for surf, c in seen.items():
            lowered[surf.lower()] += c
        best = min(lowered.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        forms = {s for s in seen if s.lower() == best}
        if all(not s.islower() for s in forms):
            return min(forms, key=lambda s: (-seen[s], s))
        return best

    def _prune(self) -> None:
        totals = sorted(((sum(c.values()), t) for t, c in self._surfaces.items()), reverse=True)
        keep = {t for _, t in totals[: self.prune_at // 2]}
        self._surfaces = {t: c for t, c in self._surfaces.items() if t in keep}


# --- units ----------------------------------------------------------------------------------

UNIT_COLUMNS = ["doc_id", "unit_id", "start", "end", "doc_index"]


def _as_docs(docs) -> pd.DataFrame:
    """Accept a docs table or a plain sequence of strings (ids are then positions)."""
    if isinstance(docs, pd.DataFrame):
        if "text" not in docs.columns:
            raise ValueError("the docs table needs a 'text' column")
        out = docs
        if "doc_id" not in out.columns:
            out = out.assign(doc_id=[str(i) for i in range(len(out))])
        return out
    texts = list(docs)
    return pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})


def _clean_text(value) -> str:
    return value if isinstance(value, str) else ""


def split_units(docs: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, list[str]]:
    """The units a model is fitted on and their texts.

    ``article`` gives one unit per article (headline and body); ``paragraph`` and ``sentence``
    split the body (``start``/``end`` index ``docs.text``; -1 for a whole article).
    ``doc_index`` is the article's row position in ``docs`` (ids need not be unique).
    """
    rows: list[tuple] = []
    texts: list[str] = []
    titles = docs["title"] if "title" in docs.columns else [None] * len(docs)
    for pos, (doc_id, title, body) in enumerate(zip(docs["doc_id"], titles, docs["text"])):
        body = _clean_text(body)
        if unit == "article":
            head = _clean_text(title)
            rows.append((doc_id, 0, -1, -1, pos))
            texts.append(f"{head}\n{body}" if head else body)
            continue
        spans = _text.paragraphs(body) if unit == "paragraph" else _text.split_sentences(body)
        for uid, (s, e) in enumerate(spans):
            rows.append((doc_id, uid, s, e, pos))
            texts.append(body[s:e])
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return units.astype({"unit_id": "int64", "start": "int64", "end": "int64",
                         "doc_index": "int64"}), texts


def _aggregate(units: pd.DataFrame, unit_shares: np.ndarray, lengths: np.ndarray,
               n_docs: int) -> np.ndarray:
    """Article topic shares: the units' shares weighted by their number of terms."""
    out = np.zeros((n_docs, unit_shares.shape[1]))
    np.add.at(out, units["doc_index"].to_numpy(), unit_shares * lengths[:, None])
    return _row_shares(out)


def _k_cap(k_max: int, n_units: int, n_terms: int) -> int:
    """Largest k worth trying: sqrt(units / 2), the usual rule of thumb for clusters, so 60
    paragraphs are not cut into 12 topics of five paragraphs each."""
    return max(1, min(k_max, int(math.sqrt(n_units / 2)), n_terms // 3))


def _nanmean(values: np.ndarray) -> float:
    values = np.asarray(values, dtype=float)
    ok = ~np.isnan(values)
    return float(values[ok].mean()) if ok.any() else float("nan")


def _row_shares(m: np.ndarray) -> np.ndarray:
    s = m.sum(axis=1, keepdims=True)
    return np.divide(m, s, out=np.zeros_like(m, dtype=float), where=s > 0)


def _minibatch_nmf_transform(est: MiniBatchNMF, X: sparse.csr_matrix) -> np.ndarray:
    """``est.transform(X)`` (multiplicative updates of W, H fixed), computed on the columns
    where H is nonzero.

    Why not ``est.transform``: it recomputes ``X @ H.T`` and ``H @ H.T`` at every one of up to
    ``max_iter`` iterations over all ``n_features`` hashed columns (2^18), though H is fixed and
    is zero on every column never seen in the stream. Those columns add nothing to either
    product, so dropping them and computing both once gives the same W (up to rounding) at a
    fraction of the cost. Only the Frobenius loss without regularisation, which the stream
    uses, is reproduced; anything else goes to scikit-learn.
    """
    if (est.beta_loss not in ("frobenius", 2, 2.0) or est.alpha_W
            or X.shape[1] != est.components_.shape[1]):
        return est.transform(X)
    H = est.components_
    k = H.shape[0]
    used = np.flatnonzero(H.any(axis=0))
    Hc = np.ascontiguousarray(H[:, used])
    Xc = X.tocsr()[:, used]
    # the starting point of scikit-learn's _solve_W: the mean over the full matrix
    avg = math.sqrt(X.sum() / (X.shape[0] * X.shape[1]) / k)
    W = np.full((X.shape[0], k), avg, dtype=np.float64)
    XHt = np.asarray(Xc @ Hc.T)
    HHt = Hc @ Hc.T
    eps = np.finfo(np.float32).eps
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(est._transform_max_iter):
            denominator = W @ HHt
            denominator[denominator == 0] = eps
            W_new = W * (XHt / denominator)
            diff = np.linalg.norm(W_new - W) / np.linalg.norm(W_new)
            W = W_new
            if est.tol > 0 and diff <= est.tol:
                break
    return W


# --- the model ------------------------------------------------------------------------------


class TopicModel:
    """NMF or LDA topic model with its quality, in scikit-learn's style.

    Parameters are set in the constructor; :meth:`fit` (one in-memory docs table) or
    :meth:`partial_fit` (a stream of docs-table chunks) learn; results are attributes ending in
    ``_``:

    ``k_``, ``unit_``, ``topic_terms_`` (topic, rank, term, weight), ``topic_quality_`` (topic,
    label, npmi, umass), ``labels_``, ``quality_`` (dict of the means), ``diversity_``,
    ``stability_``, ``k_scores_`` (when ``n_topics="auto"``), ``components_`` (topics x terms,
    rows sum to 1), ``terms_`` (display form of each column), ``analyzer_`` (the fitted
    :class:`TermAnalyzer`), ``vectorizer_`` (the fitted ``CountVectorizer``); after :meth:`fit` also ``units_``, ``unit_topics_``,
    ``doc_ids_``, ``doc_topics_`` (articles x topics shares) and ``fit_seconds_``.

    ``n_topics="auto"`` tries every k in ``k_range`` (capped at sqrt(units / 2)) and keeps the
    most coherent (mean NPMI) among those whose stability is within ``stability_margin`` of the
    most stable: coherent topics that also come back when the data are resampled. ``unit="auto"`` models paragraphs when there are fewer than ``paragraph_below``
    articles, else whole articles.
    """

    def __init__(self, n_topics: int | str = "auto", method: str = "nmf", unit: str = "auto",
                 seed: int = 0, *, n_terms: int = 10, k_range: tuple[int, int] = (2, 12),
                 min_df: int | str = "auto", max_df: float = 0.5, max_features: int | None = 50_000,
                 bigrams: bool = True, stem: bool = True, paragraph_below: int = 200,
                 n_stability_runs: int = 5, stability_fraction: float = 0.8,
                 stability_margin: float = 0.15,
                 stability_max_units: int = 20_000, max_iter: int | None = None,
                 svd_init_below: int = 1000, n_features: int = 2**18, batch_size: int = 2048, stream_sample: int = 20_000,
                 stream_total: int = 1_000_000, stability_epochs: int = 20):
        self.n_topics = n_topics
        self.method = method
        self.unit = unit
        self.seed = seed
        self.n_terms = n_terms
        self.k_range = k_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.bigrams = bigrams
        self.stem = stem
        self.paragraph_below = paragraph_below
        self.n_stability_runs = n_stability_runs
        self.stability_fraction = stability_fraction
        self.stability_margin = stability_margin
        self.stability_max_units = stability_max_units
        self.max_iter = max_iter
        self.svd_init_below = svd_init_below
        self.n_features = n_features
        self.batch_size = batch_size
        self.stream_sample = stream_sample
        self.stream_total = stream_total
        self.stability_epochs = stability_epochs

    # -- checks ---------------------------------------------------------------------------------

    def _check(self) -> None:
        if self.method not in ("nmf", "lda"):
            raise ValueError(f"method must be 'nmf' or 'lda', not {self.method!r}")
        if self.unit not in ("auto", "article", "paragraph", "sentence"):
            raise ValueError(f"unit must be auto/article/paragraph/sentence, not {self.unit!r}")
        if not (self.n_topics == "auto" or (isinstance(self.n_topics, (int, np.integer))
                                            and self.n_topics >= 1)):
            raise ValueError(f"n_topics must be 'auto' or a positive int, not {self.n_topics!r}")

    def _resolve_unit(self, n_docs: int) -> str:
        if self.unit != "auto":
            return self.unit
        return "paragraph" if n_docs < self.paragraph_below else "article"

    # -- factorisation ----------------------------------------------------------------------

    def _estimator(self, k: int, seed: int, n_rows: int):
        if self.method == "nmf":
            # SVD-based init on small corpora, whose many poor local optima a random start falls
            # into; random init on large ones, where it finds equally good topics (BBC: same
            # NPMI, NMI 0.84-0.85 over 5 seeds) without the cost of the SVD.
            init = "nndsvda" if n_rows < self.svd_init_below else "random"
            return NMF(n_components=k, init=init, random_state=seed,
                       max_iter=self.max_iter or 400, tol=1e-4)
        return LatentDirichletAllocation(n_components=k, learning_method="batch",
                                         random_state=seed, max_iter=self.max_iter or 30,
                                         n_jobs=1)

    def _factorise(self, X: sparse.csr_matrix, k: int, seed: int, online: bool = False):
        if online and self.method == "lda":
            # like for like with a streamed online LDA, and far cheaper than 30 batch passes
            est = LatentDirichletAllocation(n_components=k, learning_method="online",
                                            random_state=seed, max_iter=5, n_jobs=1,
                                            batch_size=self.batch_size)
        elif online:
            # like for like with the streamed MiniBatchNMF; batch NMF by coordinate descent
            # (400 passes) made finish() cost several times the whole stream; on 6,000 BBC
            # articles 20 epochs give a stability within 0.015 of the batch refits'
            est = MiniBatchNMF(n_components=k, init="nndsvda", random_state=seed,
                               batch_size=self.batch_size,
                               max_iter=getattr(self, "stability_epochs", 20), tol=1e-4)
        else:
            est = self._estimator(k, seed, X.shape[0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = est.fit_transform(X)
        return est, W

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        return self._tfidf.transform(counts) if self.method == "nmf" else counts

    # -- batch fit -------------------------------------------------------------------------------

    def fit(self, docs, y=None) -> "TopicModel":
        """Fit on an in-memory docs table (``doc_id``, ``text``, optional ``title``) or a list of
        strings. Articles with no text are kept with zero shares and listed in ``problems_``."""
        self._check()
        t0 = time.perf_counter()
        self._streaming = False
        docs = _as_docs(docs)
        self.problems_ = [{"doc_id": d, "problem": "no text"}
                          for d, t in zip(docs["doc_id"], docs["text"])
                          if not isinstance(t, str) or not t.strip()]
        self.unit_ = self._resolve_unit(len(docs))
        units, texts = split_units(docs, self.unit_)
        self.analyzer_ = TermAnalyzer(stem=self.stem, bigrams=self.bigrams)
        self.analyzer_.learn(texts)
        terms = [self.analyzer_.terms(t, record=True) for t in texts]
        n = len(terms)
        min_df = self.min_df if self.min_df != "auto" else (1 if n < 200 else 2 if n < 5000 else 5)
        max_df = self.max_df if n >= 20 else 1.0
        self.vectorizer_ = CountVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df,
                                           max_features=self.max_features, dtype=np.float64)
        try:
            counts = self.vectorizer_.fit_transform(terms).tocsr()
        except ValueError as err:  # empty vocabulary after pruning
            raise ValueError(f"too little text to model topics ({n} {self.unit_}s): {err}") from err
        self.terms_ = np.array([self.analyzer_.display(t) for t in
                                self.vectorizer_.get_feature_names_out()], dtype=object)
        self._tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        X = self._weigh(counts)
        binary = counts

        k_max = _k_cap(self.k_range[1], *X.shape)
        if self.n_topics == "auto":
            self.k_, self.k_scores_ = self._select_k(X, binary, k_max)
        else:
            self.k_ = int(self.n_topics)
            self.k_scores_ = None
            if self.k_ > min(X.shape):
                raise ValueError(f"n_topics={self.k_} is more than the corpus allows: "
                                 f"{X.shape[0]} {self.unit_}s, {X.shape[1]} terms")
        ft = time.perf_counter()
        self._model, W = self._factorise(X, self.k_, self.seed)
        self.fit_seconds_ = time.perf_counter() - ft
        self.components_ = _row_shares(self._model.components_)
        self._set_topics(binary)
        self.stability_ = self._stability(X, self.k_, self._model.components_)

        lengths = np.asarray(counts.sum(axis=1)).ravel()
        self.units_ = units.assign(n_terms=lengths.astype("int64"))
        self.unit_topics_ = _row_shares(W)
        self.doc_ids_ = np.asarray(docs["doc_id"], dtype=object)
        self.doc_topics_ = (self.unit_topics_ if self.unit_ == "article"
                            else _aggregate(units, self.unit_topics_, lengths, len(docs)))
        self.seconds_ = time.perf_counter() - t0
        return self

    def _top_ids(self, components: np.ndarray, usable: np.ndarray | None = None) -> list[np.ndarray]:
        comp = components if usable is None else np.where(usable[None, :], components, -np.inf)
        tops = []
        for row in comp:
            n = min(self.n_terms, int(np.isfinite(row).sum()) if usable is not None else len(row))
            idx = np.argpartition(-row, n - 1)[:n] if n < len(row) else np.arange(len(row))
            tops.append(idx[np.lexsort((idx, -row[idx]))])
        return tops

    def _set_topics(self, binary: sparse.spmatrix, usable: np.ndarray | None = None) -> None:
        tops = self._top_ids(self.components_, usable)
        self._tops = tops
        co = coherence.Cooccurrence(np.concatenate(tops) if tops else []).update(binary)
        npmi = coherence.npmi(tops, co)
        umass = coherence.umass(tops, co)
        rows = []
        for t, idx in enumerate(tops):
            for r, j in enumerate(idx):
                rows.append((t, r, self._name(j), float(self.components_[t, j])))
        self.topic_terms_ = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
        self.labels_ = [" / ".join(self._name(j) for j in idx[:3]) for idx in tops]
        self.topic_quality_ = pd.DataFrame({"topic": np.arange(len(tops)), "label": self.labels_,
                                            "npmi": npmi, "umass": umass})
        self.diversity_ = coherence.diversity([[int(j) for j in idx] for idx in tops])
        self.quality_ = {"npmi": _nanmean(npmi), "umass": _nanmean(umass),
                         "diversity": self.diversity_}

    def _name(self, j: int) -> str:
        if getattr(self, "_streaming", False):
            return self._bucket_names.get(int(j), f"#{int(j)}")
        return str(self.terms_[j])

    def _stability(self, X: sparse.csr_matrix, k: int, reference: np.ndarray,
                   online: bool = False) -> float:
        """Mean best-match cosine between the topics and those refitted on random
        ``stability_fraction`` subsamples with other seeds (1.0: the same topics every time)."""
        if self.n_stability_runs <= 0 or X.shape[0] < 4:
            return float("nan")
        sims = []
        n = X.shape[0]
        for r in range(1, self.n_stability_runs + 1):
            rng = np.random.default_rng(self.seed + 1000 * r)
            size = max(k, min(int(n * self.stability_fraction), self.stability_max_units))
            idx = np.sort(rng.choice(n, size=min(size, n), replace=False))
            est, _ = self._factorise(X[idx], k, self.seed + r, online=online)
            sims.append(coherence.match_similarity(reference, est.components_))
        return float(np.mean(sims))

    def _select_k(self, X, binary, k_max: int) -> tuple[int, pd.DataFrame]:
        lo = min(max(2, self.k_range[0]), k_max)
        rows = []
        for k in range(lo, k_max + 1):
            est, _ = self._factorise(X, k, self.seed)
            comp = _row_shares(est.components_)
            tops = self._top_ids(comp)
            co = coherence.Cooccurrence(np.concatenate(tops)).update(binary)
            rows.append((k, _nanmean(coherence.npmi(tops, co)),
                         self._stability(X, k, est.components_)))
        scores = pd.DataFrame(rows, columns=["k", "npmi", "stability"])
        stab = scores["stability"].fillna(1.0)
        scores["eligible"] = stab >= stab.max() - self.stability_margin
        best = scores[scores["eligible"]].sort_values(["npmi", "k"], ascending=[False, True])
        return int(best["k"].iloc[0]), scores

    # -- transform ------------------------------------------------------------------------------

    def _unit_shares(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if getattr(self, "_streaming", False) and getattr(self, "_model", None) is None:
            raise ValueError("the streamed model has not started: too few units so far")
        terms = [self.analyzer_.terms(t) for t in texts]
        if getattr(self, "_streaming", False):
            counts = self._hasher.transform(terms).tocsr()
            X = self._stream_weigh(counts)
        else:
            counts = self.vectorizer_.transform(terms).tocsr()
            X = self._weigh(counts)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        if X.shape[0] == 0:
            return np.zeros((0, self.k_)), lengths
        if isinstance(self._model, MiniBatchNMF):
            return _row_shares(_minibatch_nmf_transform(self._model, X)), lengths
        return _row_shares(self._model.transform(X)), lengths

    def transform(self, docs) -> np.ndarray:
        """Topic shares of each article (rows sum to 1; 0 for an article with no known term)."""
        docs = _as_docs(docs)
        units, texts = split_units(docs, self.unit_)
        shares, lengths = self._unit_shares(texts)
        if self.unit_ == "article":
            return shares
        return _aggregate(units, shares, lengths, len(docs))

    def fit_transform(self, docs, y=None) -> np.ndarray:
        """:meth:`fit`, then the articles' topic shares (``doc_topics_``)."""
        return self.fit(docs).doc_topics_

    # -- streaming -----------------------------------------------------------------------------

    def partial_fit(self, chunk, y=None) -> "TopicModel":
        """Learn from one chunk of a corpus too large for memory (a docs table, or strings).

        The first chunk fixes the bigrams and, when ``n_topics="auto"``, k (chosen on that chunk
        as :meth:`fit` would); terms are hashed into ``n_features`` columns so no vocabulary is
        held, and IDF comes from running document frequencies. Each chunk is cut into
        mini-batches of ``batch_size`` units for ``MiniBatchNMF`` / online LDA. After every chunk
        the topics, their coherence (on a uniform reservoir sample of ``stream_sample`` units)
        and diversity are refreshed; call :meth:`finish` after the last chunk for stability.
        """
        self._check()
        chunk = _as_docs(chunk)
        first = not getattr(self, "_streaming", False)
        if first:
            self._start_stream(chunk)
        units, texts = split_units(chunk, self.unit_)
        terms = [self.analyzer_.terms(t, record=True) for t in texts]
        counts = self._hasher.transform(terms).tocsr()
        counts.sum_duplicates()
        self._df += np.bincount(counts.indices, minlength=self.n_features)
        self._n_seen += counts.shape[0]
        for term in {t for ts in terms for t in ts}:
            self._term_df[term] += 1
        if len(self._term_df) > 2 * self.analyzer_.prune_at:
            self._term_df = Counter(dict(self._term_df.most_common(self.analyzer_.prune_at)))
        self._reservoir_add(counts)
        keep = counts[np.flatnonzero(np.diff(counts.indptr) > 0)]
        if self._model is None:
            # The model starts once the stream holds enough units for k topics (or, with
            # n_topics="auto", for the smallest k tried): MiniBatchNMF's first batch must have
            # at least k rows. Until then the chunks' counts wait here.
            self._pending.append(keep)
            pending = sparse.vstack(self._pending).tocsr()
            if pending.shape[0] < self._units_to_start():
                return self
            self._pending = []
            keep = pending
            X = self._stream_weigh(keep)
            self._start_model(X)
            start = True
        else:
            X = self._stream_weigh(keep)
            start = False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for s in range(0, X.shape[0], self.batch_size):
                batch = X[s:s + self.batch_size]
                if start and s == 0 and batch.shape[0] < self.k_:
                    continue  # k chosen by "auto" may exceed a small first batch
                self._model.partial_fit(batch)
        self._refresh_stream()
        return self

    def _units_to_start(self) -> int:
        """Units (with at least one term) the stream must hold before the model starts."""
        if self.n_topics == "auto":
            lo = max(2, self.k_range[0])
            return 2 * lo * lo  # so that _k_cap's sqrt(units / 2) allows the smallest k
        return int(self.n_topics)

    def _start_stream(self, chunk: pd.DataFrame) -> None:
        self._streaming = True
        self.unit_ = self.unit if self.unit != "auto" else "article"
        units, texts = split_units(chunk, self.unit_)
        self.analyzer_ = TermAnalyzer(stem=self.stem, bigrams=self.bigrams).learn(texts)
        self._hasher = HashingVectorizer(analyzer=_identity, n_features=self.n_features,
                                         alternate_sign=False, norm=None)
        self._df = np.zeros(self.n_features, dtype=np.int64)
        self._n_seen = 0
        self._term_df: Counter = Counter()
        self._reservoir = None
        self._res_seen = 0
        self._model = None
        self._pending: list[sparse.csr_matrix] = []
        self._rng = np.random.default_rng(self.seed)
        self.problems_ = []
        self.stability_ = float("nan")
        self.k_scores_ = None

    def _start_model(self, X: sparse.csr_matrix) -> None:
        if self.n_topics == "auto":
            cols = np.flatnonzero(np.asarray((X > 0).sum(axis=0)).ravel() >= 2)
            Xs = X[:, cols].tocsr()
            k_max = _k_cap(self.k_range[1], *Xs.shape)
            self.k_, self.k_scores_ = self._select_k(Xs, Xs, k_max)
        else:
            self.k_ = int(self.n_topics)
        if self.method == "nmf":
            self._model = MiniBatchNMF(n_components=self.k_, init="nndsvda",
                                       random_state=self.seed, batch_size=self.batch_size)
        else:
            self._model = LatentDirichletAllocation(
                n_components=self.k_, learning_method="online", random_state=self.seed,
                batch_size=self.batch_size, total_samples=self.stream_total, n_jobs=1)

    def _stream_weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Sublinear TF x running IDF, l2-normalised (NMF), or the counts (LDA); terms found in
        more than ``max_df`` of the units so far are dropped."""
        n = max(self._n_seen, 1)
        common = self._df > self.max_df * n if n >= 100 else np.zeros(self.n_features, bool)
        X = counts.copy().astype(np.float64)
        if self.method == "nmf":
            idf = np.log((1.0 + n) / (1.0 + self._df)) + 1.0
            X.data = (1.0 + np.log(X.data)) * idf[X.indices]
        X.data[common[X.indices]] = 0.0
        X.eliminate_zeros()
        return normalize(X) if self.method == "nmf" else X

    def _reservoir_add(self, counts: sparse.csr_matrix) -> None:
        """Keep a uniform sample of ``stream_sample`` units (Vitter's algorithm R)."""
        cap = self.stream_sample
        n_new = counts.shape[0]
        have = 0 if self._reservoir is None else self._reservoir.shape[0]
        fill = min(max(cap - have, 0), n_new)
        source = np.full(have + fill, -1, dtype=np.int64)  # slot -> new row (-1: kept old row)
        source[have:] = np.arange(fill)
        for i in range(fill, n_new):
            j = int(self._rng.integers(0, self._res_seen + i + 1))
            if j < cap:
                source[j] = i
        self._res_seen += n_new
        parts = []
        if self._reservoir is not None:
            parts.append(self._reservoir[np.flatnonzero(source[:have] < 0)])
        parts.append(counts[source[source >= 0]])
        self._reservoir = sparse.vstack(parts).tocsr()

    def _refresh_stream(self) -> None:
        if self._model is None or not hasattr(self._model, "components_"):
            return
        comp = self._model.components_
        self.components_ = _row_shares(comp)
        n = max(self._n_seen, 1)
        usable = (self._df >= 2) & (self._df <= max(self.max_df * n, 2))
        self._bucket_names = self._names_for_buckets()
        self._set_topics(self._reservoir, usable)
        self.terms_ = None

    def _names_for_buckets(self) -> dict[int, str]:
        terms = list(self._term_df)
        if not terms:
            return {}
        cols = self._hasher.transform([[t] for t in terms]).tocsr().indices
        best: dict[int, tuple[int, str]] = {}
        for term, col in zip(terms, cols):
            c = self._term_df[term]
            if col not in best or (c, term) > best[col]:
                best[col] = (c, term)
        return {int(col): self.analyzer_.display(t) for col, (_, t) in best.items()}

    def finish(self) -> "TopicModel":
        """After the last chunk: stability of the streamed topics against models fitted on
        subsamples of the reservoir with other seeds (``MiniBatchNMF`` for ``stability_epochs``
        epochs, or online LDA), over the hashed columns that are neither rare nor too common. A no-op after :meth:`fit`."""
        if not getattr(self, "_streaming", False):
            if not hasattr(self, "k_"):
                raise ValueError("finish() needs partial_fit() on at least one chunk first")
            return self
        if getattr(self, "_model", None) is None or not hasattr(self._model, "components_"):
            raise ValueError("too little text in the stream to fit a topic model "
                             f"({self._n_seen} {self.unit_}s)")
        n = max(self._n_seen, 1)
        cols = np.flatnonzero((self._df >= 2) & (self._df <= max(self.max_df * n, 2)))
        X = self._stream_weigh(self._reservoir)[:, cols].tocsr()
        reference = self._model.components_[:, cols]
        self.stability_ = self._stability(X, self.k_, reference, online=True)
        return self

    # -- tables ---------------------------------------------------------------------------------

    def summary(self) -> pd.DataFrame:
        """One row: k, method, unit, mean_npmi, mean_umass, diversity, stability."""
        return pd.DataFrame([{
            "k": int(self.k_), "method": self.method, "unit": self.unit_,
            "mean_npmi": self.quality_["npmi"], "mean_umass": self.quality_["umass"],
            "diversity": self.diversity_, "stability": self.stability_,
        }])

    def doc_topic_table(self, min_weight: float = 0.0) -> pd.DataFrame:
        """``doc_topics_`` as a tidy table (doc_id, topic, weight), rows with weight >
        ``min_weight`` only (articles with no modelled term have no rows)."""
        shares = self.doc_topics_
        r, c = np.nonzero(shares > min_weight)
        return pd.DataFrame({"doc_id": pd.array(self.doc_ids_[r], dtype="string"),
                             "topic": c.astype("int64"), "weight": shares[r, c]})


# --- one call -------------------------------------------------------------------------------


def extract(docs: pd.DataFrame, *, n_topics: int | str = "auto", method: str = "nmf",
            unit: str = "auto", seed: int = 0) -> dict[str, pd.DataFrame]:
    """Fit a :class:`TopicModel` and return its tables.

    Keys: ``doc_topics`` (doc_id, topic, weight), ``topic_terms`` (topic, rank, term, weight),
    ``topic_quality`` (topic, label, npmi, umass) and ``summary`` (one row: k, method, unit,
    mean_npmi, mean_umass, diversity, stability).
    """
    model = TopicModel(n_topics=n_topics, method=method, unit=unit, seed=seed).fit(docs)
    return {"doc_topics": model.doc_topic_table(), "topic_terms": model.topic_terms_.copy(),
            "topic_quality": model.topic_quality_.copy(), "summary": model.summary()}


def fit_stream(chunks: Iterable[pd.DataFrame], *, n_topics: int | str = "auto",
               method: str = "nmf", unit: str = "article", seed: int = 0,
               **params) -> TopicModel:
    """Fit a :class:`TopicModel` on an iterable of docs-table chunks (one pass, bounded
    memory), then measure its stability (:meth:`TopicModel.finish`)."""
    model = TopicModel(n_topics=n_topics, method=method, unit=unit, seed=seed, **params)
    for chunk in chunks:
        model.partial_fit(chunk)
    if not getattr(model, "_streaming", False):
        raise ValueError("no chunks to fit")
    return model.finish()


def stream_doc_topics(model: TopicModel, chunks: Iterable[pd.DataFrame],
                      min_weight: float = 0.0) -> Iterable[pd.DataFrame]:
    """The doc_topics table (doc_id, topic, weight) of each chunk in turn, for writing out a
    corpus too large to hold (a second pass after :func:`fit_stream`)."""
    for chunk in chunks:
        chunk = _as_docs(chunk)
        shares = model.transform(chunk)
        r, c = np.nonzero(shares > min_weight)
        ids = np.asarray(chunk["doc_id"], dtype=object)
        yield pd.DataFrame({"doc_id": pd.array(ids[r], dtype="string"),
                            "topic": c.astype("int64"), "weight": shares[r, c]})


# --- views ----------------------------------------------------------------------------------


def representative_sentences(model: TopicModel, docs: pd.DataFrame, n: int = 3,
                             min_terms: int = 5) -> pd.DataFrame:
    """The ``n`` sentences most devoted to each topic (doc_id, sent_id, start, end, text,
    topic, rank, weight), among sentences with at least ``min_terms`` model terms so a
    two-word fragment does not win by being pure. Offsets index ``docs.text``."""
    sents = _text.sentences(_as_docs(docs))
    cols = ["topic", "rank", "doc_id", "sent_id", "start", "end", "text", "weight"]
    if sents.empty:
        return pd.DataFrame(columns=cols)
    shares, lengths = model._unit_shares(list(sents["text"]))
    ok = lengths >= min_terms
    rows = []
    for t in range(model.k_):
        score = np.where(ok, shares[:, t], -1.0)
        order = np.lexsort((np.arange(len(score)), -score))[:n]
        for r, i in enumerate(o for o in order if score[o] > 0):
            s = sents.iloc[i]
            rows.append((t, r, s["doc_id"], int(s["sent_id"]), int(s["start"]), int(s["end"]),
                         s["text"], float(shares[i, t])))
    return pd.DataFrame(rows, columns=cols)


def topic_shares(docs: pd.DataFrame, doc_topics: pd.DataFrame, by: str = "outlet",
                 freq: str = "M") -> pd.DataFrame:
    """Mean topic share of the articles in each group (``by="outlet"`` or ``"date"``, the latter
    by period ``freq``): columns group, topic, share, n_docs. Articles with no outlet or date
    fall in group "unknown" so nothing silently disappears."""
    docs = _as_docs(docs)
    if by == "date":
        dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else pd.Series(
            pd.NaT, index=docs.index)
        group = dates.dt.to_period(freq).astype("string").fillna("unknown")
    elif by in docs.columns:
        group = docs[by].astype("string").fillna("unknown")
    else:
        group = pd.Series("unknown", index=docs.index, dtype="string")
    groups = pd.DataFrame({"doc_id": docs["doc_id"].astype("string"), "group": group.values})
    wide = doc_topics.assign(doc_id=doc_topics["doc_id"].astype("string")).pivot_table(
        index="doc_id", columns="topic", values="weight", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(groups["doc_id"]).fillna(0.0)
    wide.index = groups["group"].values
    n_docs = groups.groupby("group").size()
    long = wide.groupby(level=0).mean().stack().rename("share").reset_index()
    long.columns = ["group", "topic", "share"]
    long["n_docs"] = long["group"].map(n_docs).astype("int64")
    return long.sort_values(["group", "topic"], ignore_index=True)


def intertopic_map(model: TopicModel) -> pd.DataFrame:
    """2-D positions of the topics (topic, label, x, y, share): classical multidimensional
    scaling of the Jensen-Shannon distances between topic-term distributions, as pyLDAvis does,
    but with numpy only. ``share`` is each topic's share of all modelled text."""
    P = np.asarray(model.components_, dtype=float)
    k = P.shape[0]
    D = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            D[i, j] = D[j, i] = _js_distance(P[i], P[j])
    J = np.eye(k) - 1.0 / k
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1][:2]
    coords = vecs[:, order] * np.sqrt(np.clip(vals[order], 0, None))
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((k, 2 - coords.shape[1]))])
    for c in range(2):  # fix the sign so the same model always gives the same picture
        col = coords[:, c]
        if col[np.argmax(np.abs(col))] < 0:
            coords[:, c] = -col
    share = _prevalence(model)
    return pd.DataFrame({"topic": np.arange(k), "label": model.labels_, "x": coords[:, 0],
                         "y": coords[:, 1], "share": share})


def _prevalence(model: TopicModel) -> np.ndarray:
    if hasattr(model, "unit_topics_"):
        lengths = model.units_["n_terms"].to_numpy(dtype=float)
        total = (model.unit_topics_ * lengths[:, None]).sum(axis=0)
        return total / total.sum() if total.sum() > 0 else total
    return np.full(model.k_, 1.0 / model.k_)


def _js_distance(p: np.ndarray, q: np.ndarray) -> float:
    m = 0.5 * (p + q)

    def kl(a, b):
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / b[mask])))

    return math.sqrt(max(0.5 * kl(p, m) + 0.5 * kl(q, m), 0.0))


# --- plots ----------------------------------------------------------------------------------


def plot_top_terms(topic_terms: pd.DataFrame, labels: Sequence[str] | None = None, n: int = 8):
    """Horizontal bars of each topic's top ``n`` terms and weights, one panel per topic."""
    import matplotlib.pyplot as plt

    topics = sorted(topic_terms["topic"].unique())
    cols = min(3, max(1, len(topics)))
    rows = max(1, math.ceil(len(topics) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.0 * cols, 2.4 * rows), squeeze=False)
    for ax in axes.ravel()[len(topics):]:
        ax.set_axis_off()
    for ax, t in zip(axes.ravel(), topics):
        sub = topic_terms[(topic_terms["topic"] == t) & (topic_terms["rank"] < n)]
        sub = sub.sort_values("rank", ascending=False)
        ax.barh(sub["term"].astype(str), sub["weight"], color="#2e6da4")
        title = f"topic {t}" + (f": {labels[t]}" if labels is not None else "")
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("weight in topic", fontsize=8)
    fig.tight_layout()
    return fig


def plot_intertopic_map(coords: pd.DataFrame):
    """Topics as circles at their 2-D positions, area proportional to their share."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 5.0))
    sizes = 3000 * coords["share"].to_numpy() + 30
    ax.scatter(coords["x"], coords["y"], s=sizes, alpha=0.35, color="#2e6da4",
               edgecolor="#1b3f63")
    for _, r in coords.iterrows():
        ax.annotate(f"{int(r['topic'])}: {r['label']}", (r["x"], r["y"]), fontsize=8,
                    ha="center", va="center")
    ax.set_xlabel("dimension 1 (Jensen-Shannon MDS)")
    ax.set_ylabel("dimension 2")
    ax.margins(0.25)
    ax.set_title("Intertopic distance map: near circles share vocabulary")
    fig.tight_layout()
    return fig


def plot_shares(shares: pd.DataFrame, labels: Sequence[str] | None = None, max_groups: int = 30):
    """Stacked bars of the mean topic shares per group (outlet or period); at most
    ``max_groups`` groups (the largest) so a big corpus still gives a readable figure."""
    import matplotlib.pyplot as plt

    wide = shares.pivot_table(index="group", columns="topic", values="share", fill_value=0.0)
    sizes = shares.drop_duplicates("group").set_index("group")["n_docs"]
    if len(wide) > max_groups:
        wide = wide.loc[sizes.sort_values(ascending=False).index[:max_groups]].sort_index()
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(wide) + 1.6))
    left = np.zeros(len(wide))
    cmap = plt.get_cmap("tab20")
    for i, t in enumerate(wide.columns):
        name = f"{t}: {labels[t]}" if labels is not None else f"topic {t}"
        ax.barh(wide.index.astype(str), wide[t], left=left, color=cmap(i % 20), label=name)
        left += wide[t].to_numpy()
    ax.set_xlabel("mean topic share of the articles")
    ax.set_xlim(0, 1)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    return fig


def quality_in_words(model: TopicModel) -> str:
    """The model's quality figures explained in plain words (Markdown), for reports."""
    q = model.quality_
    npmi, stab, div = q["npmi"], model.stability_, model.diversity_

    def grade(v: float, good: float, fair: float) -> str:
        if v != v:  # NaN
            return "not measured"
        return "good" if v >= good else "fair" if v >= fair else "weak"

    unit = {"article": "whole articles", "paragraph": "paragraphs", "sentence": "sentences"}
    lines = [
        f"- **{model.k_} topics** found in {unit.get(model.unit_, model.unit_)}"
        + (" (shares added back up to articles)." if model.unit_ != "article" else "."),
        f"- **Coherence (NPMI) {npmi:.2f}** ({grade(npmi, 0.15, 0.05)}): how much more often a "
        "topic's top words appear together than chance; 0 is chance, 1 is always together, "
        "news topics that readers find sensible usually score above 0.1.",
        f"- **UMass {q['umass']:.2f}**: the same idea on a log scale; closer to 0 is better. "
        "Use it to compare models on the same corpus, not across corpora.",
        f"- **Diversity {div:.2f}** ({grade(div, 0.9, 0.7)}): share of top words that belong to "
        "one topic only; low values mean near-duplicate topics.",
        f"- **Stability {stab:.2f}** ({grade(stab, 0.85, 0.7)}): how closely the topics come "
        "back when the model is refitted on 80% samples with other seeds (1 = identical). "
        "Topics from an unstable model are one draw among many: do not over-read them.",
    ]
    return "\n".join(lines)

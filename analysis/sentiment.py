"""Sentiment of articles, sentences and quotes, and towards the story's actors.

Analysts ask "how hostile is this coverage, towards whom, and in whose words?". Three layers
answer it, each a tidy table keyed by ``doc_id`` and ``sent_id``:

* **sentences**: VADER scores of every sentence (:mod:`analysis.vader`, lexicon from the
  ``vaderSentiment`` wheel, no download) plus *whose voice* it is: the journalist's own text
  (``author``) or quoted/reported speech (``quote``) with the speaker and the speaker's side.
* **targets**: one row per mention of an actor of the gazetteer ("Moscow", "Tillerson", ...) with
  a score in [-1, 1] and a label ``neg``/``neu``/``pos`` *towards that actor*. Why a target
  model: a sentence's tone does not say whether the negativity is about Russia or about the
  sanctions. ``model="news"`` is a small scikit-learn model trained on NewsMTSC
  (:class:`NewsModel` below; provenance in ``analysis/models/sentiment_news.md``);
  ``model="vader"`` is the baseline that gives every mention its sentence's compound score.
* **aggregates**: :func:`document_tone`, :func:`voice_tone`, :func:`actor_tone`, :func:`extremes`
  turn those rows into the tables the notebook plots.

Every function works article by article, so running it on any subset of the docs (a Dask
partition) gives the same rows for each article.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from analysis import text as _text
from analysis import vader
from analysis.lexicons import Gazetteer, default_gazetteer, load_gazetteer

SENTENCE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text",
    "neg", "neu", "pos", "compound", "voice", "speaker", "side",
]
TARGET_COLUMNS = [
    "doc_id", "sent_id", "target", "actor", "side", "start", "end", "score", "label", "model",
]
MODELS = ("news", "vader")
LABELS = ("neg", "neu", "pos")

#: Share of a sentence's characters that must lie inside quoted speech for it to be "quote".
QUOTE_SHARE = 0.5


# --- entry point --------------------------------------------------------------------------


def extract(
    docs: pd.DataFrame,
    *,
    model: str = "news",
    gazetteer: Gazetteer | str | Path | Mapping | None = None,
    attributions: pd.DataFrame | None = None,
    lexicon: vader.Lexicon = "news",
    backend: vader.Backend = "vader",
    sentences: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Sentence and target sentiment of ``docs`` (columns ``doc_id``, ``text``).

    Returns ``{"sentences": ..., "targets": ...}`` with :data:`SENTENCE_COLUMNS` and
    :data:`TARGET_COLUMNS`; every offset indexes ``docs.text``. ``model`` picks the target
    scorer (``"news"`` or ``"vader"``); ``gazetteer`` is a :class:`Gazetteer`, a YAML path, a
    mapping ``{actor: [aliases]}`` or ``{actor: {"side": ..., "aliases": [...]}}``, or None for
    the packaged one. ``attributions`` (the attribution table) decides whose voice each sentence
    is; when None we use :func:`analysis.attribution.extract` if it exists, else quote marks.
    ``lexicon="news"`` scores sentences with VADER plus the news supplement
    (:func:`analysis.vader.analyzer`); ``"vader"`` gives VADER's own scores. ``backend="nltk"``
    uses NLTK's port of VADER (VADER's lexicon only). ``sentences``: the sentences table of
    these docs (:func:`analysis.text.sentences`) when the caller has it already, so it is not
    split again; rows of other articles are ignored.

    An article whose text is missing or breaks a step is skipped with a warning and listed in
    ``result["sentences"].attrs["problems"]``; the other articles are unaffected.
    """
    if model not in MODELS:
        raise ValueError(f"unknown sentiment model {model!r}; use one of {MODELS}")
    gaz = as_gazetteer(gazetteer)
    problems: list[dict] = []
    docs = _usable(docs, problems)
    sents = _sentences(docs, problems) if sentences is None else _given_sentences(docs, sentences)
    scores = vader.score_texts(sents["text"], backend=backend, lexicon=lexicon).drop(columns="drivers")
    sents = pd.concat([sents.reset_index(drop=True), scores], axis=1)
    voices = _voices(docs, sents, attributions, gaz, problems)
    sents = pd.concat([sents, voices], axis=1)
    sentences = sents[SENTENCE_COLUMNS].reset_index(drop=True)
    targets = score_mentions(sentences, gaz, model=model, lexicon=lexicon)
    sentences.attrs["problems"] = problems
    targets.attrs["problems"] = problems
    return {"sentences": sentences, "targets": targets}


def as_gazetteer(gazetteer: Gazetteer | str | Path | Mapping | None) -> Gazetteer:
    """A :class:`Gazetteer` from any of the forms :func:`extract` accepts.

    A mapping lets a user list the people or organisations of their own story without writing
    YAML: ``{"Angela Merkel": ["Merkel"], "NATO": {"side": "other", "aliases": ["Nato"]}}``.
    """
    if gazetteer is None:
        return default_gazetteer()
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    if isinstance(gazetteer, (str, Path)):
        return load_gazetteer(gazetteer)
    if isinstance(gazetteer, Mapping):
        rows = []
        for actor, spec in gazetteer.items():
            spec = {"aliases": list(spec)} if not isinstance(spec, Mapping) else dict(spec)
            for alias in dict.fromkeys([actor, *spec.get("aliases", [])]):
                rows.append((str(alias), str(actor), spec.get("side", "unknown"),
                             spec.get("kind", "person"), spec.get("role")))
        aliases = pd.DataFrame(rows, columns=["alias", "actor", "side", "kind", "role"])
        return Gazetteer(aliases=aliases, side_words={})
    raise TypeError(f"cannot use {type(gazetteer).__name__} as a gazetteer")


def _usable(docs: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    missing = {"doc_id", "text"} - set(docs.columns)
    if missing:
        raise ValueError(f"docs table lacks column(s) {sorted(missing)}")
    ok = docs["text"].map(lambda t: isinstance(t, str))
    for doc_id in docs.loc[~ok, "doc_id"]:
        _problem(problems, doc_id, "text is missing or not a string")
    return docs.loc[ok, ["doc_id", "text"]].reset_index(drop=True)


def _problem(problems: list[dict], doc_id, message: str) -> None:
    problems.append({"doc_id": str(doc_id), "problem": message})
    warnings.warn(f"sentiment: skipped article {doc_id}: {message}", stacklevel=3)


def _sentences(docs: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    try:
        return _text.sentences(docs)
    except Exception:  # find the article that broke it; keep the rest
        parts = []
        for i in range(len(docs)):
            try:
                parts.append(_text.sentences(docs.iloc[i : i + 1]))
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop a run
                _problem(problems, docs["doc_id"].iloc[i], f"sentence split failed: {exc}")
        return pd.concat(parts, ignore_index=True) if parts else _text.sentences(docs.iloc[:0])


def _given_sentences(docs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The rows of a precomputed sentences table for ``docs``, in the docs' order."""
    cols = list(_text.SENTENCE_COLUMNS)
    missing = set(cols) - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences table lacks column(s) {sorted(missing)}")
    rank = pd.Series(np.arange(len(docs)), index=pd.Index(docs["doc_id"])).groupby(level=0).first()
    sub = sentences.loc[sentences["doc_id"].isin(rank.index), cols]
    order = np.lexsort((sub["sent_id"].to_numpy(), sub["doc_id"].map(rank).to_numpy()))
    return sub.iloc[order].reset_index(drop=True)


# --- whose voice ------------------------------------------------------------------------

_OPEN, _CLOSE = "“", "”"
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|noted|stressed|warned|argued|insisted|"
    r"claimed|declared|explained|wrote|tweeted|according to|announced|called|described)\b"
)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted speech in ``text``, quote marks excluded, by quote marks alone.

    Curly marks pair “ with ”; straight ``"`` marks toggle. A quote never crosses a line break,
    and one still open at the end of a paragraph runs to its end: news style opens each
    paragraph of a long quote with a mark but closes only the last. Single quotes are ignored
    because they are also apostrophes ("Russia's") and headline scare quotes.
    """
    spans = []
    for p_start, p_end in _text.paragraphs(text):
        open_at = None
        for i in range(p_start, p_end):
            ch = text[i]
            if ch == _OPEN or (ch == '"' and open_at is None):
                if open_at is None:
                    open_at = i + 1
            elif (ch == _CLOSE or ch == '"') and open_at is not None:
                if i > open_at:
                    spans.append((open_at, i))
                open_at = None
        if open_at is not None and p_end > open_at:
            spans.append((open_at, p_end))
    return spans


def _voices(docs, sents, attributions, gaz, problems) -> pd.DataFrame:
    """``voice, speaker, side`` of every sentence (aligned with ``sents``)."""
    if attributions is None:
        attributions = _attributions(docs, gaz, problems)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    by_doc = {} if attributions is None else _attribution_spans_by_doc(attributions)
    out = []
    for doc_id, group in sents.groupby("doc_id", sort=False):
        if attributions is not None:
            spans = by_doc.get(doc_id, [])
        else:
            spans = _quote_mark_spans(texts[doc_id], gaz)
        for s, e in zip(group["start"], group["end"]):
            out.append(_voice_of(spans, s, e))
    return pd.DataFrame(out, columns=["voice", "speaker", "side"], index=sents.index).astype(
        {"voice": "str", "speaker": "str", "side": "str"}
    )


def _voice_of(spans: list[tuple], s: int, e: int) -> tuple[str, object, object]:
    """Voice of the sentence [s, e) given attribution spans ``(start, end, speaker, side, part)``.

    ``part`` is ``content`` (the words attributed) or ``frame`` (the speaker's name and the cue
    that introduce them). Why count the frame: in 'Pence said on a visit to Estonia: "We hope
    for better days."' the quote is under half the sentence, yet no word of it is the
    journalist's judgement. The sentence is a quote when content and frame cover at least
    :data:`QUOTE_SHARE` of it and some content lies inside it; the speaker is the one whose
    content overlaps it most.
    """
    if not spans or e <= s:
        return ("author", pd.NA, pd.NA)
    covered = np.zeros(e - s, dtype=bool)
    best, best_overlap = None, 0
    for a, b, speaker, side, part in spans:
        lo, hi = max(a, s), min(b, e)
        if hi <= lo:
            continue
        covered[lo - s : hi - s] = True
        if part == "content" and hi - lo > best_overlap:
            best, best_overlap = (speaker, side), hi - lo
    if best is None or covered.mean() < QUOTE_SHARE:
        return ("author", pd.NA, pd.NA)
    return ("quote", *best)


def _attributions(docs: pd.DataFrame, gaz: Gazetteer, problems: list[dict]) -> pd.DataFrame | None:
    """The attribution table from :mod:`analysis.attribution` when it exists, else None.

    The same gazetteer is passed on when the extractor takes one, so a speaker's side and a
    target's side agree.
    """
    try:
        from analysis import attribution
    except ImportError:
        return None
    fn = getattr(attribution, "extract", None)
    if fn is None:
        return None
    import inspect

    try:
        takes_gazetteer = "gazetteer" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes_gazetteer = False
    try:
        return fn(docs, gazetteer=gaz) if takes_gazetteer else fn(docs)
    except Exception as exc:  # noqa: BLE001 - fall back to quote marks, say so
        warnings.warn(f"sentiment: attribution failed ({exc}); using quote marks alone", stacklevel=3)
        problems.append({"doc_id": "*", "problem": f"attribution failed, quote marks used: {exc}"})
        return None


def _na(v):
    return pd.NA if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v


def _attribution_spans(rows: pd.DataFrame | None) -> list[tuple]:
    """Content and frame (speaker, cue) spans of an article's attributions."""
    if rows is None or rows.empty:
        return []
    return _spans_of_rows(rows, None)[None]


def _attribution_spans_by_doc(attributions: pd.DataFrame) -> dict:
    """:func:`_attribution_spans` of every article of the attribution table, in one pass.

    Why not group and call it per article: per-cell ``.iloc`` and one small DataFrame per
    article cost a quarter of sentiment's time; the columns are read once as Python lists and
    the rows dealt out by ``doc_id`` (rows keep their order within an article)."""
    if attributions is None or attributions.empty:
        return {}
    return _spans_of_rows(attributions, "doc_id")


def _spans_of_rows(rows: pd.DataFrame, key: str | None) -> dict:
    n = len(rows)

    def column(c):
        return rows[c].tolist() if c in rows.columns else [pd.NA] * n

    def present(c):
        return rows[c].notna().to_numpy() if c in rows.columns else np.zeros(n, dtype=bool)

    keys = [None] * n if key is None else rows[key].tolist()
    has_key = np.ones(n, dtype=bool) if key is None else rows[key].notna().to_numpy()
    content_ok = present("content_start") & present("content_end") & has_key
    frame_ok = {k: present(f"{k}_start") & present(f"{k}_end") for k in ("speaker", "cue")}
    a_, b_ = column("content_start"), column("content_end")
    speakers, sides = column("speaker"), column("side")
    frames = {k: (column(f"{k}_start"), column(f"{k}_end")) for k in ("speaker", "cue")}
    out: dict = {} if key is not None else {None: []}
    for i in np.flatnonzero(content_ok):
        spans = out.setdefault(keys[i], [])
        speaker, side = _na(speakers[i]), _na(sides[i])
        spans.append((int(a_[i]), int(b_[i]), speaker, side, "content"))
        for k in ("speaker", "cue"):
            if frame_ok[k][i]:
                fa, fb = frames[k]
                spans.append((int(fa[i]), int(fb[i]), speaker, side, "frame"))
    return out


def _quote_mark_spans(text: str, gaz: Gazetteer) -> list[tuple]:
    """Quote spans with a speaker when the paragraph names an actor beside a speech verb.

    A cheap stand-in for attribution: in ``"...," Klintsevich said.`` the text outside the
    quote holds "said" and an alias, so the quote is Klintsevich's (side RU), and the name and
    the verb are its frame. With no such actor the speaker and side stay missing rather than
    guessed.
    """
    spans = quote_spans(text)
    if not spans:
        return []
    pattern = gaz.alias_pattern()
    alias_row = gaz.aliases.drop_duplicates("alias").set_index("alias")
    out = []
    for p_start, p_end in _text.paragraphs(text):
        inside = [(a, b) for a, b in spans if p_start <= a < p_end]
        if not inside:
            continue
        outside = list(text[p_start:p_end])
        for a, b in inside:
            outside[a - p_start : b - p_start] = " " * (b - a)
        rest = "".join(outside)
        speaker = side = pd.NA
        frame = []
        verb = _SPEECH.search(rest)
        if verb:
            hits = list(pattern.finditer(rest))
            if hits:
                hit = min(hits, key=lambda m: abs(m.start() - verb.start()))  # nearest the verb
                row = alias_row.loc[hit.group()]
                speaker, side = row["actor"], row["side"]
                frame = [(p_start + hit.start(), p_start + hit.end()),
                         (p_start + verb.start(), p_start + verb.end())]
        out.extend((a, b, speaker, side, "content") for a, b in inside)
        out.extend((a, b, speaker, side, "frame") for a, b in frame)
    return out


# --- targets ------------------------------------------------------------------------------


def mentions(sentences: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Every alias of the gazetteer in each sentence: ``doc_id, sent_id, target, actor, side,
    start, end`` (document offsets) plus ``sent_start, sent_text`` for scoring."""
    gaz = as_gazetteer(gazetteer)
    pattern = gaz.alias_pattern()
    first = gaz.aliases.drop_duplicates("alias")
    actor_of = dict(zip(first["alias"], zip(first["actor"], first["side"])))
    rows = []
    for doc_id, sid, s0, txt in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"]
    ):
        for m in pattern.finditer(txt):
            actor, side = actor_of[m.group()]
            rows.append((doc_id, sid, m.group(), actor, side, s0 + m.start(), s0 + m.end(), s0, txt))
    cols = ["doc_id", "sent_id", "target", "actor", "side", "start", "end", "sent_start", "sent_text"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64", "sent_id": "int64"})


def score_targets(
    texts: Iterable[str], starts: Iterable[int], ends: Iterable[int], *, model: str = "news",
    lexicon: vader.Lexicon = "news",
) -> tuple[np.ndarray, list[str]]:
    """Score and label towards the target at ``text[start:end]`` for each sentence.

    ``news``: score = P(pos) - P(neg) of the trained model, label = the most probable class.
    ``vader``: score = the sentence's compound, label by VADER's ±0.05 rule (the baseline:
    every target of a sentence gets the same score; ``lexicon`` as in :func:`extract`).
    """
    texts, starts, ends = list(texts), list(starts), list(ends)
    if not texts:
        return np.zeros(0), []
    if model == "vader":
        sia = vader.analyzer(lexicon)
        score = np.array([sia.polarity_scores(t)["compound"] for t in texts])
        return score, [vader.label(c) for c in score]
    if model == "news":
        proba = load_news_model().predict_proba(texts, starts, ends)
        labels = [LABELS[i] for i in proba.argmax(axis=1)]
        return proba[:, 2] - proba[:, 0], labels
    raise ValueError(f"unknown sentiment model {model!r}; use one of {MODELS}")


def score_mentions(sentences: pd.DataFrame, gazetteer=None, *, model: str = "news",
                   lexicon: vader.Lexicon = "news") -> pd.DataFrame:
    """The targets table (:data:`TARGET_COLUMNS`) for the actors' mentions in ``sentences``."""
    found = mentions(sentences, gazetteer)
    score, labels = score_targets(
        found["sent_text"], found["start"] - found["sent_start"],
        found["end"] - found["sent_start"], model=model, lexicon=lexicon,
    )
    out = found.drop(columns=["sent_start", "sent_text"])
    out["score"] = score.astype(float)
    out["label"] = pd.Series(labels, index=out.index, dtype="str")
    out["model"] = model
    return out[TARGET_COLUMNS].reset_index(drop=True)


# --- aggregates --------------------------------------------------------------------------


def drivers(texts: Iterable[str], lexicon: vader.Lexicon = "news") -> Counter:
    """Summed VADER valence per (lower-cased) word over ``texts``: the words behind the scores."""
    total: Counter = Counter()
    sia = vader.analyzer(lexicon)
    for t in texts:
        for word, valence in sia.analyze(t)[1]:
            total[word.lower()] += valence
    return total


def _top(counter: Counter, n: int, sign: int) -> str:
    items = sorted(((w, v) for w, v in counter.items() if v * sign > 0), key=lambda x: (-abs(x[1]), x[0]))
    return ", ".join(w for w, _ in items[:n])


def document_tone(sentences: pd.DataFrame, *, top: int = 5, lexicon: vader.Lexicon = "news") -> pd.DataFrame:
    """One row per article: ``doc_id, n_sentences, mean_compound, share_neg, share_pos,
    neg_words, pos_words, coverage``.

    ``share_neg``/``share_pos`` count sentences at or beyond VADER's ±0.05; ``neg_words`` and
    ``pos_words`` are the ``top`` words that pull the article's scores down or up most;
    ``coverage`` is the share of its words found in the VADER lexicon (low coverage means "the
    lexicon could not see", not "neutral").
    """
    rows = []
    for doc_id, g in sentences.groupby("doc_id", sort=False):
        c = g["compound"].to_numpy(dtype=float)
        d = drivers(g["text"], lexicon)
        hit, n = map(sum, zip(*(vader.coverage(t, lexicon) for t in g["text"]))) if len(g) else (0, 0)
        rows.append((doc_id, len(g), float(c.mean()) if len(c) else np.nan,
                     float((c <= -vader.THRESHOLD).mean()) if len(c) else np.nan,
                     float((c >= vader.THRESHOLD).mean()) if len(c) else np.nan,
                     _top(d, top, -1), _top(d, top, 1), hit / n if n else np.nan))
    cols = ["doc_id", "n_sentences", "mean_compound", "share_neg", "share_pos",
            "neg_words", "pos_words", "coverage"]
    return pd.DataFrame(rows, columns=cols)


def voice_tone(sentences: pd.DataFrame, by: tuple[str, ...] = ("doc_id", "voice")) -> pd.DataFrame:
    """Mean compound, share negative/positive and number of sentences per ``by`` group.

    The default splits each article into the journalist's own text and quoted speech; pass
    ``by=("voice", "side")`` or ``("speaker",)`` for whose words carry the tone.
    """
    g = sentences.assign(
        is_neg=sentences["compound"] <= -vader.THRESHOLD,
        is_pos=sentences["compound"] >= vader.THRESHOLD,
    ).groupby(list(by), dropna=False, sort=True)
    return g.agg(
        n_sentences=("compound", "size"), mean_compound=("compound", "mean"),
        share_neg=("is_neg", "mean"), share_pos=("is_pos", "mean"),
    ).reset_index()


def actor_tone(
    targets: pd.DataFrame, docs: pd.DataFrame | None = None, by: str | None = "outlet",
    freq: str = "MS",
) -> pd.DataFrame:
    """Mean score, label shares and mentions per actor (and per ``by``: a docs column such as
    ``outlet``, or ``date`` grouped by ``freq`` periods; None for overall)."""
    t = targets.copy()
    keys = ["actor", "side"]
    if by is not None:
        if docs is None or by not in docs.columns:
            raise ValueError(f"actor_tone(by={by!r}) needs a docs table with that column")
        t = t.merge(docs[["doc_id", by]], on="doc_id", how="left")
        if by != "date":
            t[by] = t[by].astype("object").where(t[by].notna(), "(unknown)")
        else:
            t["date"] = pd.to_datetime(t["date"]).dt.to_period(freq.rstrip("S") or "M").dt.start_time
        keys = [by, *keys]
    t["is_neg"] = t["label"] == "neg"
    t["is_pos"] = t["label"] == "pos"
    return t.groupby(keys, dropna=False, sort=True).agg(
        mentions=("score", "size"), mean_score=("score", "mean"),
        share_neg=("is_neg", "mean"), share_pos=("is_pos", "mean"),
    ).reset_index()


def group_tone(tone: pd.DataFrame, docs: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Article tone (:func:`document_tone`) averaged per ``by`` (a docs column such as
    ``outlet``): ``by, n_articles, mean_compound, share_neg, share_pos``. Articles with no
    value in ``by`` are grouped under ``(unknown)``. Each article counts once, whatever its
    length, so one long article does not speak for its outlet."""
    t = tone.merge(docs[["doc_id", by]], on="doc_id", how="left")
    t[by] = t[by].astype("object").where(t[by].notna(), "(unknown)")
    return t.groupby(by, sort=True).agg(
        n_articles=("doc_id", "size"), mean_compound=("mean_compound", "mean"),
        share_neg=("share_neg", "mean"), share_pos=("share_pos", "mean"),
    ).reset_index()


def document_target_tone(
    targets: pd.DataFrame, actor: str | None = None, *,
    low: float | None = None, high: float | None = None,
) -> pd.DataFrame:
    """Per article and actor: ``doc_id, actor, mentions, mean_score, label``.

    Without thresholds the label is the majority of the mentions' labels (a tie is ``neu``):
    it needs no tuned cut-off, and the two models' scores live on different scales. With
    ``low``/``high`` the label is ``neg`` when the mean score is at most ``low``, ``pos`` when
    at least ``high``, else ``neu``: use thresholds calibrated on labelled articles of the kind
    you study (see :data:`analysis.evaluate.sentiment.PERSENT_THRESHOLDS`).
    """
    if (low is None) != (high is None):
        raise ValueError("give both low and high, or neither")
    t = targets if actor is None else targets[targets["actor"] == actor]
    rows = []
    for (doc_id, act), g in t.groupby(["doc_id", "actor"], sort=False):
        mean = float(g["score"].mean())
        if low is not None:
            label = "neg" if mean <= low else "pos" if mean >= high else "neu"
        else:
            counts = g["label"].value_counts()
            best = counts[counts == counts.max()].index
            label = best[0] if len(best) == 1 else "neu"
        rows.append((doc_id, act, len(g), mean, label))
    return pd.DataFrame(rows, columns=["doc_id", "actor", "mentions", "mean_score", "label"])


def extremes(sentences: pd.DataFrame, targets: pd.DataFrame | None = None, n: int = 5) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences, with the actors they mention
    (``targets``: ``actor (label)`` pairs) so a reader sees whom the tone is about."""
    cols = ["doc_id", "sent_id", "compound", "voice", "speaker", "text"]
    low = sentences.nsmallest(n, "compound")[cols].assign(end_="most negative")
    high = sentences.nlargest(n, "compound")[cols].assign(end_="most positive")
    out = pd.concat([low, high], ignore_index=True).rename(columns={"end_": "extreme"})
    if targets is not None and len(targets):
        who = targets.assign(who=targets["actor"] + " (" + targets["label"] + ")").groupby(
            ["doc_id", "sent_id"])["who"].agg(lambda s: ", ".join(dict.fromkeys(s)))
        out = out.merge(who.reset_index(), on=["doc_id", "sent_id"], how="left")
    else:
        out["who"] = pd.NA
    return out


def arc(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentence position along each article: adds ``position`` (0 = first sentence, 1 = last)."""
    n = sentences.groupby("doc_id")["sent_id"].transform("max").replace(0, 1)
    return sentences.assign(position=sentences["sent_id"] / n)


def arc_profile(sentences: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Mean compound by position along the article (``bins`` equal slices, 0 = lead), over all
    articles: ``bin, position, mean_compound, n_sentences``. Why slices, not sentence numbers:
    articles differ in length, and "the lead is calmer than the end" is a claim about relative
    position."""
    a = arc(sentences)
    b = np.minimum((a["position"] * bins).astype(int), bins - 1)
    out = a.assign(bin=b).groupby("bin").agg(mean_compound=("compound", "mean"),
                                             n_sentences=("compound", "size")).reset_index()
    out.insert(1, "position", (out["bin"] + 0.5) / bins)
    return out


# --- the news-domain target model ---------------------------------------------------------
#
# Why these features: the NewsMTSC baseline (TF-IDF + LR on a +-60 character window, macro-F1
# 0.596) cannot tell the target from the other people in the window, nor which side of the
# target a word is on. We mask the target (so "Trump" in training does not become a sentiment
# word), give the words just left and right of it their own feature blocks (in "X blamed Y" the
# verb is negative towards Y, not X), add character n-grams of the window (robust to
# inflection), word n-grams of that window, and a few dense cues: VADER on the sentence, window and each side, lexicon
# valence decaying with distance from the target, and whether the target is inside a quote or
# is the speaker ("..., Lavrov said" is usually neutral towards Lavrov).

MASK = " TGT "
_SAID_AFTER = re.compile(
    r"^\W{0,3}(?:has |had |have )?(?:said|says|told|added|stated|wrote|tweeted|argued|claimed|"
    r"insisted|warned|noted|stressed|explained)\b", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|added|according to)\W{0,3}$", re.I)
_STRIP = ".,;:!?\"“”'‘’()[]"


def _masked(s: str, a: int, b: int) -> str:
    return s[:a] + MASK + s[b:]


def _left(s: str, a: int, b: int, n: int = 8) -> str:
    return " ".join(s[:a].split()[-n:])


def _right(s: str, a: int, b: int, n: int = 8) -> str:
    return " ".join(s[b:].split()[:n])


def _window(s: str, a: int, b: int, w: int = 60) -> str:
    return s[max(0, a - w) : a] + MASK + s[b : b + w]


_TEXT_BLOCKS = {"masked": _masked, "left": _left, "right": _right, "char": _window, "window": _window}


def _dense(s: str, a: int, b: int, cache: dict | None = None) -> list[float]:
    sia = vader.analyzer("vader")  # VADER alone: the model must not change when the supplement does
    cache = {} if cache is None else cache  # a sentence with several targets is scored once
    out: list[float] = []
    for part in (s, s[max(0, a - 60) : b + 60], s[:a], s[b:]):
        d = cache.get(part)
        if d is None:
            d = cache[part] = sia.polarity_scores(part)
        out += [d["neg"], d["pos"], d["compound"]]
    for words in (s[:a].split()[::-1], s[b:].split()):
        pos = neg = 0.0
        for i, w in enumerate(words):
            v = sia.lexicon.get(w.strip(_STRIP).lower(), 0.0)
            if v > 0:
                pos += v * np.exp(-i / 6)
            elif v < 0:
                neg += v * np.exp(-i / 6)
        out += [pos / 4, neg / 4]
    before = s[:a]
    in_quote = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    out += [
        float(in_quote),
        float(any(q in s for q in '"“”')),
        float(bool(_SAID_AFTER.match(s[b:]))),
        float(bool(_SAID_BEFORE.search(before))),
        a / max(len(s), 1),
        min(len(s), 400) / 400,
    ]
    return out


class NewsModel:
    """Target-dependent sentiment (neg/neu/pos) for news sentences, scikit-learn only.

    Fit with :meth:`fit` (``scripts/train_sentiment.py`` does it on NewsMTSC train), save with
    :meth:`save`. The saved file holds only scikit-learn objects and plain settings, so loading
    needs neither the training data nor this class's pickled code.
    """

    def __init__(self, blocks: tuple[str, ...] = ("masked", "left", "right", "char", "window", "dense"),
                 weights: Mapping[str, float] | None = None, C: float = 1.0, min_df: int = 2,
                 char_ngrams: tuple[int, int] = (2, 5), seed: int = 0) -> None:
        self.blocks = tuple(blocks)
        self.weights = dict(weights or {})
        self.C = C
        self.min_df = min_df
        self.char_ngrams = tuple(char_ngrams)
        self.seed = seed
        self.vectorizers: dict = {}
        self.classifier = None
        self.meta: dict = {}

    def _vectorizer(self, block: str):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if block == "char":
            return TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                                   sublinear_tf=True, min_df=self.min_df, dtype=np.float32)
        return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=self.min_df,
                               dtype=np.float32)

    def features(self, texts, starts, ends, *, fit: bool = False):
        """The sparse feature matrix of (sentence, target start, target end) triples."""
        from scipy import sparse

        rows = list(zip(texts, (int(a) for a in starts), (int(b) for b in ends)))
        mats = []
        for block in self.blocks:
            if block == "dense":
                cache: dict = {}
                dense = np.array([_dense(*r, cache) for r in rows], dtype=np.float64)
                m = sparse.csr_matrix(dense.reshape(len(rows), -1))
            else:
                docs = [_TEXT_BLOCKS[block](*r) for r in rows]
                if fit:
                    self.vectorizers[block] = self._vectorizer(block).fit(docs)
                m = self.vectorizers[block].transform(docs)
            mats.append(m * self.weights.get(block, 1.0))
        return sparse.hstack(mats, format="csr")

    def fit(self, texts, starts, ends, labels) -> "NewsModel":
        """Fit on sentences, target offsets and labels (``neg``/``neu``/``pos``)."""
        from sklearn.linear_model import LogisticRegression

        x = self.features(texts, starts, ends, fit=True)
        y = np.array([LABELS.index(v) for v in labels])
        self.classifier = LogisticRegression(C=self.C, max_iter=5000, class_weight="balanced",
                                             random_state=self.seed).fit(x, y)
        return self

    def predict_proba(self, texts, starts, ends) -> np.ndarray:
        """P(neg), P(neu), P(pos) per target, columns in :data:`LABELS` order."""
        if self.classifier is None:
            raise RuntimeError("NewsModel is not fitted")
        return self.classifier.predict_proba(self.features(texts, starts, ends))

    def predict(self, texts, starts, ends) -> list[str]:
        """The most probable label per target."""
        return [LABELS[i] for i in self.predict_proba(texts, starts, ends).argmax(axis=1)]

    def save(self, path: str | Path) -> None:
        import joblib

        state = {"settings": {"blocks": self.blocks, "weights": self.weights, "C": self.C,
                              "min_df": self.min_df, "char_ngrams": self.char_ngrams,
                              "seed": self.seed},
                 "vectorizers": self.vectorizers, "classifier": self.classifier, "meta": self.meta}
        joblib.dump(state, path, compress=3)

    @classmethod
    def load(cls, path: str | Path) -> "NewsModel":
        import joblib

        state = joblib.load(path)
        model = cls(**state["settings"])
        model.vectorizers, model.classifier = state["vectorizers"], state["classifier"]
        model.meta = state.get("meta", {})
        return model


def news_model_path() -> Path:
    """Where the shipped model lives: ``analysis/models/sentiment_news.joblib``."""
    return Path(__file__).resolve().parent / "models" / "sentiment_news.joblib"


_NEWS_MODEL: list = []


def load_news_model(path: str | Path | None = None) -> NewsModel:
    """The shipped news model (loaded once per process), or the one saved at ``path``."""
    if path is not None:
        return NewsModel.load(path)
    if not _NEWS_MODEL:
        where = news_model_path()
        if not where.exists():
            raise FileNotFoundError(
                f"{where} is missing; rebuild it with scripts/train_sentiment.py NEWSMTSC_FOLDER")
        _NEWS_MODEL.append(NewsModel.load(where))
    return _NEWS_MODEL[0]

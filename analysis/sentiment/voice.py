"""Whose voice a sentence is in: the journalist's own text (``author``) or attributed speech
(``quote``), with the speaker and the speaker's side.

Why it matters: a negative quote is the source's tone, not the outlet's. The attribution table
(:func:`analysis.attribution.extract`) decides; when attribution fails on a corpus, quote marks
with a nearby actor and speech cue stand in (:func:`quote_mark_spans`).

A *span* here is a tuple ``(start, end, speaker, side, part)`` in document offsets; ``part`` is
``content`` (the words attributed) or ``frame`` (the speaker's name and the cue that introduce
them).
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.lexicons import Gazetteer, Lexicons, default_lexicons
from analysis.text import find_quotes, paragraphs
from analysis.text.quotes import DOUBLE_MARK

#: Share of a sentence's characters that must lie inside quoted speech for it to be "quote".
QUOTE_SHARE = 0.5
#: Columns :func:`voices` returns.
VOICE_COLUMNS = ["voice", "speaker", "side"]


def voices(
    sentences: pd.DataFrame, texts: dict, attributions: pd.DataFrame | None, gaz: Gazetteer
) -> pd.DataFrame:
    """``voice, speaker, side`` of every sentence (aligned with ``sentences``' index).

    ``texts`` maps ``doc_id`` to the article's text; with ``attributions`` None the voice comes
    from quote marks (:func:`quote_mark_spans`), else from the attribution table's spans.
    """
    by_doc = {} if attributions is None else attribution_spans_by_doc(attributions)
    out = []
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        if attributions is not None:
            spans = by_doc.get(doc_id, [])
        else:
            spans = quote_mark_spans(texts[doc_id], gaz)
        index = SpanIndex(spans)
        for s, e in zip(group["start"], group["end"]):
            out.append(index.voice_of(s, e))
    return pd.DataFrame(out, columns=VOICE_COLUMNS, index=sentences.index).astype(
        {"voice": "str", "speaker": "str", "side": "str"}
    )


def voice_of(spans: list[tuple], s: int, e: int) -> tuple[str, object, object]:
    """Voice of the sentence [s, e) given the article's spans.

    Why count the frame: in 'The minister said during a visit to the capital: "We will respond."'
    the quote is under half the sentence, yet no word of it is the journalist's judgement. The
    sentence is a quote when content and frame cover at least :data:`QUOTE_SHARE` of it and some
    content lies inside it; the speaker is the one whose content overlaps it most (the first
    such span on a tie). For many sentences of one article, build a :class:`SpanIndex` once.
    """
    return SpanIndex(spans).voice_of(s, e)


class SpanIndex:
    """An article's spans sorted by start, for :func:`voice_of` on each of its sentences.

    Why: scanning every span for every sentence is quadratic in an article's length (a
    five-million-character article holds thousands of each). Sorted starts bound the spans that
    can reach a sentence from the right (bisection), and the running maximum of the ends bounds
    them from the left, so each sentence looks only at the spans near it.
    """

    def __init__(self, spans: list[tuple]):
        order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self.spans = [spans[i] for i in order]
        self.rank = order  # position in the caller's list: ties go to the earlier span
        self.starts = [sp[0] for sp in self.spans]
        self.max_end = list(itertools.accumulate((sp[1] for sp in self.spans), max))

    def near(self, s: int, e: int) -> range:
        """Positions (in sorted order) of every span that may overlap [s, e)."""
        return range(bisect.bisect_right(self.max_end, s), bisect.bisect_left(self.starts, e))

    def voice_of(self, s: int, e: int) -> tuple[str, object, object]:
        """:func:`voice_of` of the sentence [s, e)."""
        if not self.spans or e <= s:
            return ("author", pd.NA, pd.NA)
        covered = np.zeros(e - s, dtype=bool)
        best, best_overlap, best_rank = None, 0, -1
        for k in self.near(s, e):
            a, b, speaker, side, part = self.spans[k]
            lo, hi = max(a, s), min(b, e)
            if hi <= lo:
                continue
            covered[lo - s : hi - s] = True
            overlap, rank = hi - lo, self.rank[k]
            if part == "content" and (
                overlap > best_overlap or (overlap == best_overlap and rank < best_rank)
            ):
                best, best_overlap, best_rank = (speaker, side), overlap, rank
        if best is None or covered.mean() < QUOTE_SHARE:
            return ("author", pd.NA, pd.NA)
        return ("quote", *best)


# --- spans from the attribution table ---------------------------------------------------------


def _na(v):
    return pd.NA if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v


def attribution_spans(rows: pd.DataFrame | None) -> list[tuple]:
    """Content and frame (speaker, cue) spans of one article's attribution rows."""
    if rows is None or rows.empty:
        return []
    return _spans_of_rows(rows, None)[None]


def attribution_spans_by_doc(attributions: pd.DataFrame) -> dict:
    """:func:`attribution_spans` of every article of the attribution table, in one pass.

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


# --- spans from quote marks (when attribution is not available) ------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted speech in ``text``, quote marks excluded.

    The quotations are those of the one quote finder, :func:`analysis.text.find_quotes` (double
    marks, straight or curly; a quote left open at a paragraph's end continues in the next
    paragraph that opens with a mark, as news style writes long quotes); each part becomes one
    span without its marks. Single quotes are ignored because they are also apostrophes and
    headline scare quotes.
    """
    spans = []
    for quote in find_quotes(text):
        for a, b in quote.parts:
            if a < b and DOUBLE_MARK.match(text, a):
                a += 1
            if a < b and DOUBLE_MARK.match(text, b - 1):
                b -= 1
            if a < b:
                spans.append((a, b))
    return spans


@lru_cache(maxsize=8)
def cue_pattern(lexicons: Lexicons | None = None) -> re.Pattern[str]:
    """One regex for any cue phrase of the attribution lexicon (``cues.txt``), as whole words,
    longest first, the first letter in either case (the file's matching rule).

    Why the attribution lexicon: "who is speaking here" must mean the same words in attribution
    and in sentiment's fallback; a second list of speech verbs would drift from it.
    """
    lex = lexicons or default_lexicons()
    alternatives = []
    for phrase in sorted(lex.cues, key=len, reverse=True):
        first, rest = phrase[0], phrase[1:]
        head = (
            f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() else re.escape(first)
        )
        alternatives.append(head + r"\s+".join(re.escape(w) for w in rest.split(" ")))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def quote_mark_spans(text: str, gaz: Gazetteer) -> list[tuple]:
    """Quote spans with a speaker when the paragraph names an actor beside a speech cue.

    A cheap stand-in for attribution: in ``"...," the minister said.`` the text outside the quote
    holds a cue of :func:`cue_pattern` and an alias, so the quote is that actor's, and the name
    and the cue are its frame. With no such actor the speaker and side stay missing rather than
    guessed.
    """
    spans = quote_spans(text)
    if not spans:
        return []
    pattern = gaz.alias_pattern()
    alias_row = gaz.aliases.drop_duplicates("alias").set_index("alias")
    spans = sorted(spans, key=lambda sp: sp[0])  # stable: equal starts keep their order
    starts = [a for a, _ in spans]
    out = []
    for p_start, p_end in paragraphs(text):
        inside = spans[bisect.bisect_left(starts, p_start) : bisect.bisect_left(starts, p_end)]
        if not inside:
            continue
        outside = list(text[p_start:p_end])
        for a, b in inside:
            outside[a - p_start : b - p_start] = " " * (b - a)
        rest = "".join(outside)
        speaker = side = pd.NA
        frame = []
        verb = cue_pattern().search(rest)
        if verb:
            hits = list(pattern.finditer(rest))
            if hits:
                hit = min(hits, key=lambda m: abs(m.start() - verb.start()))  # nearest the verb
                row = alias_row.loc[hit.group()]
                speaker, side = row["actor"], row["side"]
                frame = [
                    (p_start + hit.start(), p_start + hit.end()),
                    (p_start + verb.start(), p_start + verb.end()),
                ]
        out.extend((a, b, speaker, side, "content") for a, b in inside)
        out.extend((a, b, speaker, side, "frame") for a, b in frame)
    return out

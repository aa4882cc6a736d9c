"""Long articles read in pieces, so attribution stays linear in an article's length.

Why: the rules look around each cue and quotation (the sentence, the paragraph, the
attributions found so far); on a news article of a few thousand characters that is cheap, but
a scraped "article" of millions of characters on one line made several of those look-ups grow
with the article and the run never ended. An article longer than :data:`CHUNK` characters is
cut at sentence starts (else at a line break, else at a space) into pieces of about that size,
each piece is read on its own, and the offsets are shifted back: the cost is then linear, and
an attribution never spans two pieces (a pronoun at the start of a piece may find no
antecedent — a loss only in text far longer than any news article).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace

from analysis.attribution.doc import Attribution

#: Characters per piece: about ten times a long news article, so real articles are one piece.
CHUNK = 20_000

Sents = list[tuple[int, int]]


def cut_points(text: str, sents: Sents, size: int = CHUNK) -> list[int]:
    """Offsets where pieces of ``text`` begin (the first is 0): each piece at most about
    ``size`` characters, cut at a sentence start in its second half when there is one."""
    starts = [s for s, _ in sents]
    cuts = [0]
    while len(text) - cuts[-1] > size:
        a = cuts[-1]
        lo, hi = a + size // 2, a + size
        k = bisect.bisect_right(starts, hi) - 1
        if k >= 0 and starts[k] > lo:
            cut = starts[k]
        else:
            nl = text.rfind("\n", lo, hi)
            sp = text.rfind(" ", lo, hi)
            cut = nl + 1 if nl >= 0 else sp + 1 if sp >= 0 else hi
        cuts.append(cut)
    return cuts


def in_pieces(
    text: str, sents: Sents, read: Callable[[str, Sents, int, int], list[Attribution]], size: int = CHUNK
) -> list[Attribution]:
    """``read(piece, piece_sentences, start, end)`` over the pieces of ``text``; the
    attributions it returns (offsets into the piece) shifted back into ``text``."""
    cuts = cut_points(text, sents, size)
    if len(cuts) == 1:
        return read(text, sents, 0, len(text))
    out: list[Attribution] = []
    starts = [s for s, _ in sents]
    for a, b in zip(cuts, [*cuts[1:], len(text)]):
        lo, hi = max(0, bisect.bisect_right(starts, a) - 1), bisect.bisect_left(starts, b)
        piece_sents = [(max(s, a) - a, min(e, b) - a) for s, e in sents[lo:hi] if e > a]
        out.extend(shift(x, a) for x in read(text[a:b], piece_sents, a, b))
    return out


def shift(a: Attribution, by: int) -> Attribution:
    """``a`` with every offset moved by ``by`` characters."""
    sp = a.speaker
    if sp is not None and sp.start >= 0:
        sp = replace(sp, start=sp.start + by, end=sp.end + by)
    return Attribution(
        a.type,
        [(s + by, e + by) for s, e in a.content],
        None if a.cue is None else (a.cue[0] + by, a.cue[1] + by),
        sp,
        a.anchor + by,
    )

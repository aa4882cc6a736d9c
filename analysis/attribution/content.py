"""The content of an attribution: its span's edges, and whether it is direct, indirect or mixed."""

from __future__ import annotations

import re

from analysis.attribution.grammar import PREPOSITIONS
from analysis.text import DATELINE
from analysis.text.quotes import DOUBLE_MARK


def content_type(text: str, spans: list[tuple[int, int]], single: list[tuple[int, int]] = ()) -> str:
    """``direct`` when the content is one whole quotation, ``mixed`` when it carries quoted words,
    else ``indirect``; ``single`` are quotations in single marks (headline style)."""
    seg = "".join(text[s:e] for s, e in spans)
    marks = DOUBLE_MARK.findall(seg)
    if not marks:
        if any(s <= a and b <= e for s, e in spans for a, b in single):
            return "direct" if any((a, b) == (s, e) for s, e in spans for a, b in single) else "mixed"
        return "indirect"
    s0 = seg.strip()
    if s0 and s0[0] in '"“„' and s0.rstrip(".,;:!? ")[-1:] in '"”' and len(marks) == 2:
        return "direct"
    return "mixed"


def trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without edge spaces and punctuation, and without a leading "that"."""
    while s < e and (text[s].isspace() or text[s] in ",:;–—-"):
        s += 1
    m = re.match(r"that\s+", text[s:e])
    if m:
        s += m.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:–—-"):
        e -= 1
    return s, e


def bad_content_start(text: str, content: tuple[int, int]) -> bool:
    """Content that opens with a preposition is an adjunct, not what was said ("responded by …")."""
    m = re.match(r"\w+", text[content[0] : content[1]])
    return bool(m) and m.group() in PREPOSITIONS | {"with"}


def after_dateline(text: str, ss: int) -> int:
    """Where the sentence starting at ``ss`` begins once a wire dateline ("MOSCOW, Jan. 5
    (Reuters) — "; :data:`analysis.text.DATELINE`) is skipped: it is not part of the content."""
    m = DATELINE.match(text[ss : ss + 120])
    return ss + m.end() if m else ss

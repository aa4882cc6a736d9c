"""Cleaning an article body: furniture lines out, whitespace and quote marks folded, offsets kept.

Why our own cleaning: news text scraped from the web carries page furniture (photo captions,
"WATCH" teasers, "Add Interest" buttons, "Posted <date>" lines, credit lines) that would be read as
the article's own words, quoted, scored and modelled. We drop those lines, fold whitespace and
odd quote marks, and keep a map from every character of the cleaned text back to the original so
a finding can always be shown in the file it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from analysis.text.dates import DATE

# --- page furniture -----------------------------------------------------------------------

#: (name, pattern) of lines that are page furniture, not article text. A line is dropped when the
#: pattern matches the whole stripped line.
FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in [
        ("photo caption", r"(?:PHOTO|PHOTOS|IMAGE|VIDEO|Photo|Image):\s.*"),
        ("watch teaser", r"WATCH[:\s].*"),
        ("interest prompt", r"Interested in [^?]{1,120}\?"),
        ("interest prompt", r"Add .{1,120} as an interest\b.*"),
        ("interest button", r"Add Interest"),
        ("comment prompt", r"(?:Leave a comment|Leave a Comment|Comments?|Add a comment)"),
        ("posted line", rf"(?:Posted|Published)(?:\s+on)?:?\s+{DATE}(?:[\s,]+\d{{1,2}}:\d{{2}}.*)?"),
        ("credit line", r"[A-Z][\w.&'’ -]{1,80}?(?:'s|’s)\s[^.]{1,120}?\s+contributed to this report\.?"),
        ("credit line", r"\(?Reporting by [^)]{1,200}\)?\.?"),
        ("advertisement", r"(?:Advertisement|ADVERTISEMENT|Story continues below(?: advertisement)?)"),
        ("share prompt", r"(?:Share this(?: article)?|Share on (?:Facebook|Twitter).*)"),
        ("read more", r"(?:READ MORE|Read more|RELATED|Related)(?::|\s[-–—])\s.*"),
    ]
)

# Quote marks folded to the four we read downstream (“ ” ‘ ’ and the ASCII " '), keeping
# direction where the original had it. Two-character ASCII quotes become one character.
_QUOTE_MAP = {
    "«": "“",
    "»": "”",
    "„": "“",
    "‟": "“",
    "〝": "“",
    "〞": "”",
    "＂": '"',
    "‚": "‘",
    "‛": "‘",
    "‹": "‘",
    "›": "’",
    "″": '"',
    "′": "'",
    "`": "‘",
    "´": "’",
}
_DOUBLE_ASCII = {"''": '"', "``": "“"}
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_TERMINAL = tuple('.!?:;"”’)]')


@dataclass(frozen=True)
class Removed:
    """A stretch of the original text left out of the cleaned text, and why."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text with a way back to the original.

    ``index[i]`` is the offset in the original string of cleaned character ``i``;
    ``index[len(text)]`` is the end of the original. A character made up by the cleaning (a
    paragraph break) maps to the original line break it stands for.
    """

    text: str
    index: np.ndarray
    removed: list[Removed] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original string that cleaned ``text[start:end]`` came from."""
        if end <= start:
            pos = int(self.index[start])
            return pos, pos
        return int(self.index[start]), int(self.index[end - 1]) + 1


def furniture_reason(line: str) -> str | None:
    """Why a stripped line is page furniture, or None when it is article text."""
    for name, pattern in FURNITURE:
        if pattern.fullmatch(line):
            return name
    return None


def clean(raw: str, *, drop_furniture: bool = True) -> Cleaned:
    """Clean one article body: drop furniture lines, fold whitespace and quote marks.

    Paragraphs are separated by one blank line in the result. A line that ends without closing
    punctuation and is followed by a line starting in lower case is taken as hard-wrapped and
    joined with a space, so wrapped text does not cut sentences.
    """
    out: list[str] = []
    idx: list[int] = []
    removed: list[Removed] = []
    lines = _lines(raw)
    pending_break: int | None = None  # original offset of the break before the next paragraph
    prev_line_end: int | None = None
    prev_text = ""
    for start, end in lines:
        line = raw[start:end]
        lstrip = len(line) - len(line.lstrip())
        stripped = line.strip()
        if not _ZERO_WIDTH.sub("", stripped).strip():
            if prev_line_end is not None:
                pending_break = prev_line_end
            continue
        reason = furniture_reason(stripped) if drop_furniture else None
        if reason:
            removed.append(Removed(start, end, reason, line))
            if prev_line_end is not None:
                pending_break = prev_line_end
            continue
        if out:
            wrapped = (
                pending_break is None
                and not prev_text.rstrip().endswith(_TERMINAL)
                and stripped[:1].islower()
            )
            if wrapped:
                out.append(" ")
                idx.append(prev_line_end)
            else:
                brk = pending_break if pending_break is not None else prev_line_end
                out.append("\n\n")
                idx.extend([brk, brk])
        pending_break = None
        _fold_line(raw, start + lstrip, start + lstrip + len(stripped), out, idx)
        prev_line_end = end
        prev_text = stripped
    text = "".join(out)
    index = np.concatenate(
        [i if isinstance(i, np.ndarray) else np.array([i], dtype=np.int64) for i in idx + [len(raw)]]
    )
    assert len(index) == len(text) + 1
    return Cleaned(text=text, index=index, removed=removed)


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line break (\\n, \\r\\n, \\r, \\u2028)."""
    spans = []
    pos = 0
    for m in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", raw):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(raw)))
    return spans


_SPECIAL = re.compile(
    "(?P<pair>''|``)"
    "|(?P<space>[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000])"
    "|(?P<zw>[\u200b\u200c\u200d\u2060\ufeff])|(?P<quote>[" + "".join(_QUOTE_MAP) + "])"
)


def _fold_line(raw: str, start: int, end: int, out: list[str], idx: list) -> None:
    """Append raw[start:end] to ``out`` with whitespace runs folded and quote marks normalised.

    Plain stretches are copied whole (with a numpy range for their offsets); only the special
    characters are visited one by one, which keeps cleaning fast on long articles.
    """
    pos = start
    for m in _SPECIAL.finditer(raw, start, end):
        if m.start() > pos:
            out.append(raw[pos : m.start()])
            idx.append(np.arange(pos, m.start(), dtype=np.int64))
        kind = m.lastgroup
        if kind == "pair":
            out.append(_DOUBLE_ASCII[m.group()])
            idx.append(m.start())
        elif kind == "space":
            out.append(" ")
            idx.append(m.start())
        elif kind == "quote":
            out.append(_QUOTE_MAP[m.group()])
            idx.append(m.start())
        pos = m.end()
    if end > pos:
        out.append(raw[pos:end])
        idx.append(np.arange(pos, end, dtype=np.int64))

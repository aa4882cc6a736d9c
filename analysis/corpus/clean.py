"""Cleaning an article body: furniture lines out, mojibake fixed, whitespace and quote marks
folded, offsets kept.

Why our own cleaning: news text scraped from the web carries page furniture (photo captions,
share buttons, credit lines, footers) that would be read as the article's own words, quoted,
scored and modelled. We drop those lines -- those the furniture lexicon knows
(:mod:`analysis.corpus.furniture`) and those learnt to recur across the corpus
(:mod:`analysis.corpus.boilerplate`) -- fix HTML entities and mojibake with ``ftfy``, compose
Unicode (NFC) and drop invisible direction marks and zero-width characters (so a name matches
however it was typed), fold whitespace and odd quote marks, and keep a map from every character of the cleaned text back to
the original so a finding can always be shown in the file it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

import numpy as np
from ftfy import TextFixerConfig, fix_text

from analysis.corpus.furniture import FURNITURE, Patterns, furniture_reason
from analysis.corpus.spans import RECURRING_SPAN, drop_spans, recurring_spans, shingle_keys, words
from analysis.text import find_quotes

#: The kind of a removed line that recurs across the corpus (see ``learnt`` of :func:`clean`).
RECURRING = "recurring"

# Quote marks folded to the four we read downstream (“ ” ‘ ’ and the ASCII " '), keeping
# direction where the original had it. Two-character ASCII quotes become one character.
_QUOTE_MAP = {
    "«": "“", "»": "”", "„": "“", "‟": "“", "〝": "“", "〞": "”", "＂": '"',
    "‚": "‘", "‛": "‘", "‹": "‘", "›": "’", "″": '"', "′": "'", "`": "‘", "´": "’",
}  # fmt: skip
_DOUBLE_ASCII = {"''": '"', "``": "“"}
#: Characters with no width that cleaning removes: zero-width spaces and joiners, the word
#: joiner, the byte-order mark, and the direction marks and embeddings (LRM, RLM, U+202A-E,
#: U+2066-9), which would otherwise cut a name in two for entity and speaker matching.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = re.compile(f"[{INVISIBLE}]")
_TERMINAL = tuple('.!?:;"”’)]')
# ftfy only where it can have work (it reads a whole line at about 5 µs a character): an HTML
# entity, or a pair mojibake is made of -- a UTF-8 lead byte read as Latin-1/cp1252 (Â to ô)
# followed by a continuation byte read the same way ("â€™", "Ã©"); "café" or "£5" never pair.
_CONTINUATION = (
    r"\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_ENTITY = re.compile(r"&#?\w{1,10};")
_MOJIBAKE_PAIR = re.compile(rf"[\u00c2-\u00f4][{_CONTINUATION}]")


def _maybe_broken(text: str) -> bool:
    """True when ``text`` holds an HTML entity or a mojibake pair (two searches that each start
    from a plain character, which the regex engine scans for fast, not one alternation)."""
    return ("&" in text and _ENTITY.search(text) is not None) or _MOJIBAKE_PAIR.search(text) is not None


_FTFY = TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)


@dataclass(frozen=True)
class Removed:
    """A stretch of the original text left out of the cleaned text, and why (its kind)."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text with a way back to the original.

    ``index[i]`` is the offset in the original string of cleaned character ``i``;
    ``index[len(text)]`` is the end of the original. A character made up by the cleaning (a
    paragraph break) maps to the original line break it stands for; in a line ``ftfy`` repaired,
    characters map into that line proportionally. ``keys`` are the :func:`line_key` s of the
    lines kept, 0 for a quotation (never counted, never removed as boilerplate), then the
    :func:`~analysis.corpus.spans.shingle_keys` of the kept text (spans inside paragraphs).
    """

    text: str
    index: np.ndarray
    removed: list[Removed] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original string that cleaned ``text[start:end]`` came from."""
        if end <= start:
            pos = int(self.index[start])
            return pos, pos
        return int(self.index[start]), int(self.index[end - 1]) + 1


def fix_encoding(text: str) -> str:
    """``text`` with HTML entities and mojibake repaired (``ftfy``), quote marks left as they are.

    A long text is repaired in pieces of about :data:`FIX_PIECE` characters cut at spaces, and
    only the pieces where something may be broken: one bad pair in a five-million-character
    line costs one piece, not the line.
    """
    if not _maybe_broken(text):
        return text
    if len(text) <= FIX_PIECE:
        return fix_text(text, _FTFY)
    pieces, start = [], 0
    while start < len(text):
        cut = text.find(" ", start + FIX_PIECE)
        end = len(text) if cut < 0 else cut
        piece = text[start:end]
        pieces.append(fix_text(piece, _FTFY) if _maybe_broken(piece) else piece)
        start = end
    return "".join(pieces)


def normal_form(text: str) -> str:
    """A short field (a title, an outlet) as the cleaned text has it: entities and mojibake
    repaired, composed (NFC), invisible characters (:data:`INVISIBLE`) removed."""
    text = _ZERO_WIDTH.sub("", fix_encoding(text))
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


#: Characters ``ftfy`` is given at once (see :func:`fix_encoding`).
FIX_PIECE = 5_000
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> int:
    """A 64-bit key of a line, equal for lines that differ only in case, spacing and numbers
    ("73% of readers..." and "12% of readers..." are one line of furniture)."""
    norm = " ".join(_DIGITS.sub("0", line.lower()).split())  # split() breaks where \\s does
    key = int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")
    return key or 1  # 0 stands for "a line with no key" (a quotation) in Cleaned.keys


def is_quotation(line: str) -> bool:
    """True when quotations cover at least half of the line: a recurring quote is news, not
    furniture, however often outlets repeat it."""
    if not any(mark in line for mark in '"“”„'):
        return False
    quoted = sum(e - s for q in find_quotes(line) for s, e in q.parts)
    return quoted * 2 >= len(line)


def clean(
    raw: str,
    *,
    drop_furniture: bool = True,
    learnt: Container[int] | None = None,
    furniture: Patterns = FURNITURE,
) -> Cleaned:
    """Clean one article body: drop furniture lines, fix encoding, fold whitespace and quote marks.

    ``furniture``: the lexicon (:func:`analysis.corpus.load_furniture`); ``learnt``: the
    :func:`line_key` s of lines learnt to recur across the corpus, dropped as kind
    :data:`RECURRING` (quotations never are), and the shingle keys of spans that recur inside
    paragraphs, dropped as kind :data:`~analysis.corpus.spans.RECURRING_SPAN` where they start
    and end with a sentence. Paragraphs are separated by one blank line in the
    result. A line that ends without closing punctuation and is followed by a line starting in
    lower case is taken as hard-wrapped and joined with a space, so wrapped text does not cut
    sentences.
    """
    out: list[str] = []
    idx: list = []
    removed: list[Removed] = []
    keys: list[int] = []
    pending_break: int | None = None  # original offset of the break before the next paragraph
    prev_line_end: int | None = None
    prev_text = ""
    for start, end in _lines(raw):
        line = raw[start:end]
        lstrip = len(line) - len(line.lstrip())
        stripped = line.strip()
        if not _ZERO_WIDTH.sub("", stripped).strip():
            if prev_line_end is not None:
                pending_break = prev_line_end
            continue
        fixed = fix_encoding(stripped)
        if not unicodedata.is_normalized("NFC", fixed):  # "José" as J-o-s-e-combining accent
            fixed = unicodedata.normalize("NFC", fixed)
        reason = furniture_reason(fixed.strip(), furniture) if drop_furniture else None
        key = line_key(fixed) if drop_furniture and not is_quotation(fixed) else None
        if reason is None and key is not None and learnt is not None and key in learnt:
            reason = RECURRING
        if reason:
            removed.append(Removed(start, end, reason, line))
            if prev_line_end is not None:
                pending_break = prev_line_end
            continue
        keys.append(0 if key is None else key)
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
        s0 = start + lstrip
        if fixed == stripped:
            _fold_line(raw, s0, s0 + len(stripped), out, idx)
        else:
            _fold_fixed(fixed, s0, s0 + len(stripped), out, idx)
        prev_line_end = end
        prev_text = stripped
    text = "".join(out)
    index = np.concatenate(
        [i if isinstance(i, np.ndarray) else np.array([i], dtype=np.int64) for i in idx + [len(raw)]]
    )
    assert len(index) == len(text) + 1
    if drop_furniture:
        text, index = _drop_recurring(raw, text, index, learnt, removed)
        keys.extend(shingle_keys(words(text)[2]).tolist())
    return Cleaned(text=text, index=index, removed=removed, keys=keys)


def _drop_recurring(
    raw: str, text: str, index: np.ndarray, learnt: Container[int] | None, removed: list[Removed]
) -> tuple[str, np.ndarray]:
    """``text`` and ``index`` without the recurring spans inside its paragraphs
    (:mod:`analysis.corpus.spans`), each listed in ``removed`` with its offsets in ``raw``."""
    spans = recurring_spans(text, learnt) if learnt else []
    for start, end in spans:
        first, last = int(index[start]), int(index[end - 1]) + 1
        removed.append(Removed(first, last, RECURRING_SPAN, raw[first:last]))
    return drop_spans(text, index, spans) if spans else (text, index)


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
    f"|(?P<zw>[{INVISIBLE}])|(?P<quote>[" + "".join(_QUOTE_MAP) + "])"
)


# A character only :data:`_SPECIAL` changes, searched with a plain character set, which the
# regex engine scans for far faster than the alternation; spaces count only when doubled.
_ODD = re.compile(f"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000{INVISIBLE}" + "".join(_QUOTE_MAP) + "]")


def _maybe_special(raw: str, start: int, end: int) -> bool:
    """False when raw[start:end] holds nothing :data:`_SPECIAL` matches (no double space, no
    odd space, zero-width character, quote mark to fold (the backtick among them) or ASCII
    apostrophe pair)."""
    return (
        _ODD.search(raw, start, end) is not None
        or raw.find("  ", start, end) >= 0
        or raw.find("''", start, end) >= 0
    )


def _fold_line(raw: str, start: int, end: int, out: list[str], idx: list) -> None:
    """Append raw[start:end] to ``out`` with whitespace runs folded and quote marks normalised.

    Plain stretches are copied whole (with a numpy range for their offsets); only the special
    characters are visited one by one, which keeps cleaning fast on long articles.
    """
    if not _maybe_special(raw, start, end):  # most lines: one plain stretch
        out.append(raw[start:end])
        idx.append(np.arange(start, end, dtype=np.int64))
        return
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


def _fold_fixed(fixed: str, start: int, end: int, out: list[str], idx: list) -> None:
    """Append a line ``ftfy`` repaired, folded like :func:`_fold_line`; its characters map to
    the original line ``raw[start:end]`` proportionally (the repair changed its length)."""
    local_out: list[str] = []
    local_idx: list = []
    _fold_line(fixed, 0, len(fixed), local_out, local_idx)
    local = (
        np.concatenate([i if isinstance(i, np.ndarray) else np.array([i], dtype=np.int64) for i in local_idx])
        if local_idx
        else np.empty(0, dtype=np.int64)
    )
    out.append("".join(local_out))
    idx.append(start + (local * (end - start)) // max(1, len(fixed)))

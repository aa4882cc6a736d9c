"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a mark, and legacy encodings.

Why so careful: corpora arrive in cp1251 and latin-1, with byte-order marks, empty and binary
files. A file is reported rather than silently garbled, and a guessed encoding is named.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from analysis.corpus.problems import CorpusError, caveat

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, src: Path | str = "<bytes>", problems: list | None = None) -> str:
    """Text from bytes: BOMs honoured, UTF-8 first, else the most likely legacy encoding.

    Raises :class:`CorpusError` for empty, whitespace-only and binary content, and for bytes no
    encoding explains: a file is reported rather than silently garbled. A legacy encoding is a
    guess, so it is warned about and, when ``problems`` is given, listed there (the run record).
    """
    if not data:
        raise CorpusError(f"{src}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return check_text(data[len(bom) :].decode(encoding), src)
            except UnicodeDecodeError as err:
                raise CorpusError(
                    f"{src}: starts with a {encoding} byte-order mark but is not {encoding} ({err.reason})"
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return check_text(utf16, src)
    if b"\x00" in data:
        raise CorpusError(f"{src}: binary file (contains NUL bytes), not text")
    try:
        return check_text(data.decode("utf-8"), src)
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        # A UTF-8 file with a few corrupt bytes: any legacy codec would garble every other accent.
        text, bad = mostly
        caveat(problems, src, f"not valid UTF-8: {bad} undecodable byte(s) replaced with U+FFFD")
        return check_text(text, src)
    if _isolated_high_bytes(data):
        # High bytes one at a time inside ASCII words ("Zürich", "£5"): Western text in cp1252.
        # Detectors guess wildly on so little evidence (cp932 for one pound sign), while scripts
        # written wholly in high bytes (Cyrillic, Greek) come in runs and go to the detector.
        legacy = "cp1252"
        try:
            text = data.decode(legacy)
        except UnicodeDecodeError:
            legacy, text = "latin-1", data.decode("latin-1")
        caveat(problems, src, f"not UTF-8; read as {legacy}")
        return check_text(text, src)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CorpusError(f"{src}: not UTF-8 and no known encoding fits; convert it to UTF-8")
    caveat(problems, src, f"not UTF-8; read as {best.encoding}")
    return check_text(str(best), src)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, number of bad bytes) when valid UTF-8 sequences outnumber broken ones 3 to 1.

    Legacy-encoded text (cp1251, latin-1) almost never forms valid multi-byte UTF-8 sequences,
    so several valid ones per broken byte mean UTF-8 with some corruption.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return (text, bad) if bad and good >= max(3, 3 * bad) else None


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _isolated_high_bytes(data: bytes) -> bool:
    """True when non-ASCII bytes come mostly one at a time (Western European text)."""
    runs = [len(m.group()) for m in _HIGH_RUN.finditer(data, 0, 200_000)]
    return bool(runs) and sum(runs) / len(runs) < 1.5


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, either byte order, or None.

    Why by spaces: in UTF-16 every ASCII space and line break is a zero byte beside 0x20 or
    0x0A, whatever the script (Cyrillic, Greek or Chinese text has no zero bytes of its own but
    has spaces), and read in the wrong byte order they become U+2000 and U+0A00 instead. So the
    byte order whose decoding holds ASCII spaces and line breaks wins.
    """
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    best, best_score = None, 0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = text.count(" ") + text.count("\n")
        if score > best_score:
            best, best_score = text, score
    if best is None or best_score < max(1, 0.02 * len(best)):
        return None
    return best


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def check_text(text: str, src: Path | str) -> str:
    """``text`` unchanged, or :class:`CorpusError` when it is blank or looks binary."""
    if not text.strip():
        raise CorpusError(f"{src}: only whitespace, no text")
    control = len(_CONTROL.findall(text, 0, 20000))
    if control > 0.05 * min(len(text), 20000):
        raise CorpusError(f"{src}: binary file (control characters), not text")
    return text

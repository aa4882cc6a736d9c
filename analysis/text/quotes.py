"""The one quote finder: quotations in double marks (with their parts) and in single marks.

Why one: attribution (who said it), sentiment (whose voice a sentence is in) and the tagger's
features all ask "is this inside a quotation?"; three finders gave three answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARK = re.compile(r"[\"“”„]")


@dataclass
class Quote:
    parts: list[tuple[int, int]]  # spans including the marks
    full: bool = True  # starts a clause (not a partial quote inside paraphrase)


def is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "“„":
        return True
    if ch == "”":
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() or prev in "([{—–-:;/" or i == 0:
        return not nxt.isspace() or nxt == "\n"
    return False


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text`` (double marks, straight or curly), each as one or more parts.

    An opening mark left open at the end of a paragraph continues into the next paragraph when
    that paragraph opens with a new mark (the newspaper convention) or closes one before opening
    any; otherwise the part ends with its paragraph. Stray closing marks are ignored. Single
    marks are handled by :func:`single_quotes` as partial quotes only.
    """
    quotes: list[Quote] = []
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    group: list[tuple[int, int]] | None = None
    cont_from: int | None = None  # paragraph start when the previous part continues into it
    reopen = False  # the previous paragraph's quote continues with this paragraph's opening mark
    for pi, (ps, pe) in enumerate(paras):
        marks = [m.start() for m in DOUBLE_MARK.finditer(text, ps, pe)]
        cur = cont_from
        cont_from = None
        if cur is None and group is not None and not reopen:
            quotes.append(Quote(group))
            group = None
        for i in marks:
            opening = is_opening(text, i)
            if cur is None:
                if opening or (text[i] == '"' and i + 1 < pe and not text[i + 1].isspace()):
                    if group is None or not (reopen and i == lstrip_blank(text, ps)):
                        if group is not None:
                            quotes.append(Quote(group))
                        group = []
                    cur = i
            else:
                if text[i] in "“„" and i > cur + 1:
                    # a new opening mark while open: the previous part ends before it
                    end = rstrip_space(text, cur, i)
                    group.append((cur, end))
                    quotes.append(Quote(group))
                    group, cur = [], i
                elif i > cur:
                    group.append((cur, i + 1))
                    quotes.append(Quote(group))
                    group, cur = None, None
        reopen = False
        if cur is not None:
            end = rstrip_space(text, cur, pe)
            if end > cur:
                group.append((cur, end))
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None:
                nmarks = [m.start() for m in DOUBLE_MARK.finditer(text, *nxt)]
                starts_open = (
                    bool(nmarks) and nmarks[0] == lstrip_blank(text, nxt[0]) and is_opening(text, nmarks[0])
                )
                closes_first = bool(nmarks) and not is_opening(text, nmarks[0])
                if starts_open:
                    reopen = True
                    continue  # group stays open; the next paragraph's mark opens its next part
                if closes_first:
                    cont_from = nxt[0]
                    continue
            quotes.append(Quote(group))
            group = None
        elif group is not None and not group:
            group = None
    if group:
        quotes.append(Quote(group))
    return [q for q in quotes if q.parts]


def lstrip_blank(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    return i


def rstrip_space(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


SINGLE_QUOTED = re.compile(r"(?<![\w])[‘'](?=\w)([^‘’'\n]{1,200}?[\w.,!?])[’'](?![\w])")


def single_quotes(text: str, inside: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations in single marks that lie outside double-quoted text (headline style)."""
    out = []
    for m in SINGLE_QUOTED.finditer(text):
        if any(s <= m.start() < e for s, e in inside):
            continue
        if len(m.group(1).split()) >= 1:
            out.append((m.start(), m.end()))
    return out

"""Embedded posts: ``text— Name (@handle) Date`` as news pages carry a quoted tweet.

Why a rule of its own: a post embedded in an article is a verbatim quotation whose author is
written after it, with a dash and a handle instead of a cue verb, so the cue rules never see
it. The text of the post is the content, the author's name the speaker.
"""

from __future__ import annotations

import re

from analysis.attribution.doc import Attribution, Doc
from analysis.attribution.speakers import person
from analysis.schema import UNKNOWN

#: The author line of an embedded post: a dash, a name, the handle in brackets.
AUTHOR = re.compile(r"(?:—|–|--)\s*(?P<name>[A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,4})\s*\(@\w{1,15}\)")


def embedded_posts(doc: Doc, taken: list[tuple[int, int]]) -> list[Attribution]:
    """One direct attribution per embedded post whose text overlaps no span in ``taken``."""
    text = doc.text
    out = []
    for m in AUTHOR.finditer(text):
        ls = text.rfind("\n", 0, m.start()) + 1
        s, e = ls, m.start()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s < 3 or any(a < e and s < b for a, b in taken):
            continue
        ns, ne = m.span("name")
        sp = person(doc, text[ns:ne], ns, ne, text[ns:ne], "", UNKNOWN)
        out.append(Attribution("direct", [(s, e)], None, sp, s))
    return out

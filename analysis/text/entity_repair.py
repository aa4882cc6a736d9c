"""Repair a recogniser's entities with what the article itself says.

Why: a recogniser decides word by word, an article is consistent. spaCy (and the tagger that
learnt from it) tags a lone "Smith" as an organisation in one sentence and a person in the next,
misses "Smith spoke" at the start of a sentence, or swallows a name into the organisation before
it ("... Committee on Defense and Security Frants Doe"). When the same article names the person
in full, those are fixed here: for the tagger's output, for spaCy's, and for spaCy's labels the
tagger is trained on (so it learns the consistent reading).
"""

from __future__ import annotations

import bisect
import re

from analysis.lexicons import default_lexicons

_CAP_WORD = re.compile(r"(?<![\w'’.-])[A-Z]\w*(?:[-'’][A-Z]\w*)*")


def _is_title(word: str) -> bool:
    return word.lower() in default_lexicons().titles


def repair(entities: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) entities, repaired and sorted.

    * A one-word organisation or place that is the surname of a person the article names in full
      ("Sergei Ivanov") is that person; so is the surname standing untagged ("Ivanov spoke").
    * An organisation of four words or more that ends in "First Surname", where the surname is a
      person's in this article, is split into the organisation and the person.
    """
    persons = [text[s:e].split() for s, e, kind in entities if kind == "person"]
    full = {w[-1] for w in persons if len(w) > 1}
    known = full | {w[0] for w in persons if len(w) == 1}
    full = {
        w
        for w in full
        if w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() and not _is_title(w)
    }
    out = []
    for s, e, kind in entities:
        words = text[s:e].split()
        if kind in ("organisation", "place") and len(words) == 1 and words[0] in full:
            out.append((s, e, "person"))
        elif (
            kind == "organisation"
            and len(words) >= 4
            and words[-1] in known
            and words[-2][:1].isupper()
            and not _is_title(words[-2])
        ):
            cut = text.rindex(words[-2], s, e)
            out += [(s, s + len(text[s:cut].rstrip()), kind), (cut, e, "person")]
        else:
            out.append((s, e, kind))
    if full:
        out.sort()
        starts = [s for s, _, _ in out]
        for m in _CAP_WORD.finditer(text):
            if m.group() in full:
                i = bisect.bisect_right(starts, m.start()) - 1
                if i < 0 or out[i][1] <= m.start():
                    out.append((m.start(), m.end(), "person"))
    return sorted(out)

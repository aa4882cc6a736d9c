"""Direct quotations and the cue next to them: ``"…," X said``, ``"…," said X``, ``X said: "…"``.

Why first: a quotation with an adjacent cue is the most reliable attribution in news, so the
rules pair quotes with cues before any cue is read as indirect speech; a cue used here is not
used again.
"""

from __future__ import annotations

import bisect
import re

from analysis.attribution.coref import note_speaker
from analysis.attribution.doc import Attribution, Doc, Speaker
from analysis.attribution.grammar import PREPOSITIONS
from analysis.attribution.phrases import np_backward, np_forward, sentence_subject, skip_back
from analysis.attribution.speakers import speaker_from_span
from analysis.text.quotes import Quote, lstrip_blank

Cue = tuple[int, int]

#: What may stand between a quote's cue and the quote that continues it: the rest of the
#: reporting clause, then a comma ('"A," she said, "B."') or the end of the sentence ('"A," X
#: said. "B."', also across a paragraph break) — one attribution, as news writes it.
CONTINUED = re.compile(r"[^.!?\"“”\n]{0,60}[,.]\s*")
Found = tuple[Cue, Speaker]


def quote_attributions(doc: Doc, quotes: list[Quote], cues: list[Cue], used: set[Cue]) -> list[Attribution]:
    """One attribution per quotation that opens a clause (partial quotes inside paraphrase are
    left to the clause rules), with the cue after or before it; a quote with no cue of its own
    either continues the previous attribution (``"A," she said, "B."``, :data:`CONTINUED`) or
    has no speaker yet.
    Cues taken are added to ``used``."""
    text = doc.text
    attrs: list[Attribution] = []
    for q in quotes:
        first_s = q.parts[0][0]
        if not _opens_clause(doc, first_s):
            continue
        found = None
        for _ps, pe in q.parts:
            found = cue_after(doc, pe, cues, used) or found
            if found:
                break
        if found is None:
            found = cue_before(doc, first_s, cues, used)
        if found is None and attrs and attrs[-1].cue is not None and attrs[-1].type == "direct":
            prev = attrs[-1]
            last = prev.content[-1][1]
            if last > prev.cue[1]:  # the previous quote part ends after the cue: only space between
                continued = last <= first_s and not text[last:first_s].strip()
            else:
                continued = prev.cue[1] <= first_s and CONTINUED.fullmatch(text[prev.cue[1] : first_s])
            if continued:
                prev.content.extend(q.parts)
                continue
        if found is None:
            attrs.append(Attribution("direct", list(q.parts), None, None, first_s))
            continue
        cue, sp = found
        used.add(cue)
        attrs.append(Attribution("direct", list(q.parts), cue, sp, cue[0]))
        if sp:
            note_speaker(doc, sp, cue[0])
    return attrs


def _opens_clause(doc: Doc, first_s: int) -> bool:
    """A quote preceded by words of its own clause is partial unless introduced by a cue."""
    text = doc.text
    before = text[max(0, doc.sent_span(first_s)[0]) if doc.sents else 0 : first_s]
    btrim = before.rstrip()
    return (
        btrim == ""
        or btrim[-1:] in ":,;—–-"
        or btrim.endswith(("that", "\n"))
        or first_s == lstrip_blank(text, text.rfind("\n", 0, first_s) + 1)
    )


def cue_after(doc: Doc, pos: int, cues: list[Cue], used: set[Cue]) -> Found | None:
    """`"…," X said` or `"…," said X` right after a quotation part ending at ``pos``."""
    text = doc.text
    m = re.match(r"[ \t\u00a0]*[,.!?]?[ \t\u00a0]*", text[pos : pos + 6])
    start = pos + (m.end() if m else 0)
    nl = text.find("\n", pos)
    limit = min(len(text) if nl < 0 else nl, start + 220)
    for cs, ce in cues[bisect.bisect_left(cues, (start, -1)) :]:
        if cs > limit:
            break
        if (cs, ce) in used:
            continue
        if doc.cue_class(cs, ce) == "source":
            break
        ci = doc.tok_at(cs)
        if cs > start:  # X said: the speaker between quote and cue
            j = skip_back(doc, ci - 1)
            np = np_backward(doc, j) if j >= 0 else None
            if np and doc.toks[np[0]].start == start and not _own_clause(doc, pos, ce):
                sp = speaker_from_span(doc, np[0], np[1], cs)
                if sp:
                    return (cs, ce), sp
            break
        np = np_forward(doc, doc.tok_at(ce))  # said X: the speaker after the cue
        if np:
            sp = speaker_from_span(doc, np[0], np[1], cs)
            if sp:
                return (cs, ce), sp
        break
    return None


def _own_clause(doc: Doc, pos: int, ce: int) -> bool:
    """The quote ending at ``pos`` closed its sentence ('…taken." He said that …') and the cue
    after it reports a clause of its own: that cue is the next sentence's, not the quote's."""
    text = doc.text
    if not re.search(r"[.!?][\"”’']?\s*$", text[max(0, pos - 3) : pos]):
        return False
    _, se = doc.sent_span(ce)
    rest = text[ce:se].strip(' ,.!?"”')
    return len(rest.split()) >= 3 and not rest.startswith(":")


def cue_before(doc: Doc, qstart: int, cues: list[Cue], used: set[Cue]) -> Found | None:
    """`X said: "…"`, `X said that "…"`, `X said, "…"` — cue before the quotation, same sentence
    (or the sentence before, when it ends with the colon that introduces the quote)."""
    text = doc.text
    ss, _ = doc.sent_span(qstart)
    if ss >= qstart:  # the quote opens the sentence: "X said:" may end the one before
        k = doc.sent_of(qstart)
        if k == 0 or not text[doc.sents[k - 1][0] : qstart].rstrip().endswith(":"):
            return None
        ss = doc.sents[k - 1][0]
    lo, hi = bisect.bisect_left(cues, (ss, -1)), bisect.bisect_left(cues, (qstart, -1))
    cands = [c for c in cues[lo:hi] if c[1] <= qstart and c not in used]
    if not cands:
        return None
    cs, ce = cands[-1]
    between = text[ce:qstart]
    if not re.fullmatch(r"[\s,:]*(?:that\s*)?|[^\"“”.]{0,40}?(?:that)?[\s,:]*", between):
        return None
    if doc.cue_class(cs, ce) in ("partial", "source"):
        return None
    ci = doc.tok_at(cs)
    j = skip_back(doc, ci - 1)
    np = np_backward(doc, j) if j >= 0 and doc.toks[j].start >= ss else None
    if np is not None and np[0] > 0 and doc.toks[np[0] - 1].lower in PREPOSITIONS:
        np = None
    if np is None:
        np = sentence_subject(doc, ss, cs)
    if np is None:
        return None
    sp = speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    return (cs, ce), sp

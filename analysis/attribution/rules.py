"""The rules, in order: quotations with their cues, then clause rules for the remaining cues,
then speakers carried over to cue-less quotes.

Why rules first: no pretrained NER or coreference model can be downloaded where this suite runs,
and news attribution is highly conventional ("…," X said; X said that …; according to X). The
rules read plain lexicon files users extend (:mod:`analysis.lexicons`) and never need the
optional tagger (:mod:`.tagger`).
"""

from __future__ import annotations

import bisect
import re

from analysis.attribution.coref import PENDING, Mention, compatible, note_speaker, open_doc, resolve_pending
from analysis.attribution.cues import find_cues
from analysis.attribution.direct import quote_attributions
from analysis.attribution.doc import Attribution, Doc, Speaker
from analysis.attribution.grammar import BE_FORMS, MODALS, POSSESSIVES, PRONOUNS
from analysis.attribution.indirect import indirect_attribution
from analysis.attribution.lookup import actor_of
from analysis.attribution.tweets import embedded_posts
from analysis.lexicons import Gazetteer, Lexicons
from analysis.text.quotes import Quote, find_quotes, single_quotes


def extract_rules(
    text: str,
    lex: Lexicons,
    gaz: Gazetteer,
    sents: list[tuple[int, int]],
    mentions: list[Mention] | None = None,
) -> list[Attribution]:
    """The rules' attributions of one article, ordered by anchor (cue, else content start).

    ``sents`` are the article's sentence spans (:func:`analysis.text.split_sentences`);
    ``mentions`` its entity mentions (:data:`.coref.Mention`), the antecedents of pronouns.
    """
    doc = open_doc(text, lex, gaz, sents, mentions)
    quotes = _all_quotes(doc)
    inside = sorted(p for q in quotes for p in q.parts)

    def in_quote(off: int) -> bool:
        k = bisect.bisect_right(inside, (off, 10**12)) - 1
        return k >= 0 and inside[k][0] < off < inside[k][1]

    cues = [c for c in find_cues(doc.toks, lex) if not in_quote(c[0]) and not _not_speech(doc, c)]
    used: set[tuple[int, int]] = set()
    attrs = quote_attributions(doc, quotes, cues, used)
    for a in attrs:
        doc.add_quoted(a)
    for cs, ce in cues:
        if (cs, ce) in used:
            continue
        a = indirect_attribution(doc, cs, ce, attrs)
        if a is not None:
            used.add((cs, ce))
            attrs.append(a)
            doc.add_quoted(a)
            if a.speaker:
                note_speaker(doc, a.speaker, cs)
    attrs.extend(embedded_posts(doc, [span for a in attrs for span in a.content]))
    resolve_pending(doc, attrs)
    attrs.sort(key=lambda x: x.anchor)
    _share_roles(attrs, gaz)
    return _carry_speakers(attrs, text)


def _not_speech(doc: Doc, cue: tuple[int, int]) -> bool:
    """A cue word used as a modifier ("his reported views", "the claimed savings"), in the
    passive ("staff are said to have lied", "the plan was announced") or as a bare verb after a
    modal or "to" ("would respond", "is expected to announce"): no speaker speaks in it."""
    i = doc.tok_at(cue[0]) - 1
    while i >= 0 and doc.toks[i].lower in ("also", "widely", "often", "reportedly", "repeatedly", "not"):
        i -= 1
    if i < 0:
        return False
    prev = doc.toks[i]
    if prev.lower in POSSESSIVES or prev.lower.endswith(("'s", "’s")):
        return True
    verb = doc.text[cue[0] : cue[1]].split()[0].lower()
    if prev.lower in MODALS and doc.lex.cues.get(verb) is not None and not verb.endswith(("ed", "s", "ing")):
        return True  # "Russia would respond", "plans to announce": said by nobody yet
    return prev.lower in BE_FORMS and not verb.endswith("ing")


def _all_quotes(doc: Doc) -> list[Quote]:
    """Quotations in double marks and, outside them, in single marks (``doc.single``), in order."""
    quotes = find_quotes(doc.text)
    doc.single = single_quotes(doc.text, [p for q in quotes for p in q.parts])
    found = sorted(quotes + [Quote([sq]) for sq in doc.single], key=lambda q: q.parts[0])
    return [q for q in found if not is_crosshead(doc.text, q)]


#: A line that is only decoration around a quotation: a crosshead or subhead ("– 'A title' –",
#: "* “A title” *"), not someone speaking.
_DECORATION = "-–—•*#=|_ \t\u00a0"


def is_crosshead(text: str, q: Quote) -> bool:
    """A quotation that is a line of its own with dashes or bullets around it, or a short line
    of its own with no sentence punctuation (a subhead in quote marks): news sets headings
    this way, and no one says them."""
    s, e = q.parts[0][0], q.parts[-1][1]
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    before, after = text[ls:s], text[e:le]
    if before.strip(_DECORATION) or after.strip(_DECORATION):
        return False  # other words on the line
    if before.strip() or after.strip():
        return True  # dashes or bullets around it
    inner = text[s + 1 : e - 1].strip()
    return len(inner.split()) <= 8 and not re.search(r"[.!?,;:…]$", inner)


def _share_roles(attrs: list[Attribution], gaz: Gazetteer) -> None:
    """A person's role as written once ("Foreign Minister X said") goes to all their rows; a
    person written without one takes the gazetteer's."""
    roles: dict[str, str] = {}
    for a in attrs:
        sp = a.speaker
        if (
            sp is not None
            and sp.kind == "person"
            and sp.role
            and sp.start >= 0
            and sp.text.lower() not in PRONOUNS
        ):
            roles.setdefault(sp.name, sp.role)
    for a in attrs:
        if a.speaker is not None and a.speaker.kind == "person":
            known = roles.get(a.speaker.name)
            if known:
                a.speaker.role = known
            elif not a.speaker.role:
                hit = actor_of(gaz, a.speaker.name)
                if hit is not None and isinstance(hit["role"], str):
                    a.speaker.role = hit["role"]


def _carry_speakers(attrs: list[Attribution], text: str) -> list[Attribution]:
    """A quote without a cue continues the speaker of the nearest attribution before it in its
    paragraph (``"We are ready," X said. "We always were."``), else of the nearest one after it
    in its paragraph (the speaker introduced right after the quote), else of the attribution in
    the paragraph just before (a quotation running on over paragraphs, row after row); a quote
    with none of these has no speaker the text names near it, and is dropped rather than given
    to whoever was named last. Bisection keeps this linear in the article's length."""
    pstarts = [m.start() for m in re.finditer(r"[^\n]+", text)]

    def para(off: int) -> int:
        return bisect.bisect_right(pstarts, off) - 1

    named = [b.anchor for b in attrs if b.speaker is not None and b.speaker.kind != PENDING]
    speakers = [b.speaker for b in attrs if b.speaker is not None and b.speaker.kind != PENDING]
    resolved = []
    last_para, last_speaker = -10, None  # the paragraph and speaker of the last row kept
    for a in attrs:
        pending = a.speaker.gender if a.speaker is not None and a.speaker.kind == PENDING else None
        if a.speaker is None or pending:
            pid = para(a.anchor)
            k = bisect.bisect_left(named, a.anchor)
            before = speakers[k - 1] if k > 0 and para(named[k - 1]) == pid else None
            after = speakers[k] if k < len(named) and para(named[k]) == pid else None
            chained = last_speaker if last_para >= pid - MAX_GAP else None
            sp = before or after or chained
            if sp is None or (pending and not compatible(pending, sp)):
                continue  # "he said" never goes to an organisation named before, "it" to a person
            a.speaker = _carried(sp)
        last_para, last_speaker = para(a.anchor), a.speaker
        resolved.append(a)
    return resolved


#: How many paragraphs back the last kept attribution may be for a cue-less quote to continue
#: it: a quotation runs on paragraph after paragraph, at most one paragraph of prose between
#: (PolNeAR dev content F1 0.721 with 2 at precision 0.930; 0.696 with 1; the former "any of the
#: 5 paragraphs back" gave 0.724 at 0.927 and handed stray quotes to the last person named).
MAX_GAP = 2


def _carried(sp: Speaker) -> Speaker:
    """A speaker carried over to a cue-less quote: same person, no span of its own."""
    return Speaker("", -1, -1, sp.name, sp.kind, sp.role, sp.side, sp.gender)

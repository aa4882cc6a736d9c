"""Who a speaker phrase is: a person, organisation, outlet or document, with name, role and side.

Why: a table of "who speaks" is only useful when one person is one row, so a phrase is
canonicalised — the gazetteer actor when the mention is a known alias, else the fullest form of
the name in the article ("Berg" → "Anna Berg") — and pronouns ("he", "she") and
descriptions ("the politician") resolve to the last compatible person named before them.
"""

from __future__ import annotations

import bisect
import re

from analysis.attribution.doc import Doc, Speaker, Tok
from analysis.attribution.grammar import (
    COMMON_SENT_START,
    CONNECTORS,
    DETERMINERS,
    FEMALE_TITLES,
    ORG_LOWER_HEADS,
    PRONOUNS,
)
from analysis.attribution.lookup import actor_of, aliases, person_mentions, side_of
from analysis.attribution.phrases import is_title
from analysis.lexicons import Gazetteer, Lexicons

_NATIONAL_PREFIX = re.compile(r"(?:US|U\.S\.|American|United States)\s+(.+)")


def open_doc(text: str, lex: Lexicons, gaz: Gazetteer, sents: list[tuple[int, int]]) -> Doc:
    """The :class:`Doc` of one article with its person mentions collected (for coreference)."""
    doc = Doc.build(text, lex, gaz, sents)
    collect_persons(doc)
    return doc


def speaker_from_span(doc: Doc, a: int, b: int, at: int) -> Speaker | None:
    """Classify and canonicalise the speaker phrase of tokens [a, b) of a cue at offset ``at``;
    None when the phrase is no speaker (a sentence-initial common word, an unnamed "government")."""
    toks, lex, gaz, text = doc.toks, doc.lex, doc.gaz, doc.text
    s, e = toks[a].start, toks[b - 1].end
    phrase = text[s:e]
    words = toks[a:b]
    if b - a == 1 and words[0].lower in PRONOUNS:
        return resolve_pronoun(doc, words[0], at)
    core = words[1:] if words[0].lower in DETERMINERS else words
    if not core or core[-1].lower.endswith(("'s", "’s")):
        return None  # "India's …": a possessive modifies a noun; it does not speak
    core_text = text[core[0].start : core[-1].end]
    head = core[-1]
    media = _outlet(doc, phrase, s, e, core_text)
    if media is not None:
        return media
    if head.lower in lex.documents and not head.cap or (head.lower in lex.documents and len(core) > 1):
        return Speaker(phrase, s, e, core_text, "document", "", side_of(gaz, core_text))
    if _is_description(words, core, lex):
        return _description(doc, phrase, s, e, words, core, core_text, at)
    core, affiliation = split_affiliation(core, lex)
    if affiliation:
        core_text = text[core[0].start : core[-1].end]
    name_toks, role_toks = split_name(core, lex)
    name = text[name_toks[0].start : name_toks[-1].end] if name_toks else ""
    role = text[role_toks[0].start : role_toks[-1].end] if role_toks else ""
    if affiliation:
        role = (role + " " + text[affiliation[0].start : affiliation[-1].end]).strip()
    hit = actor_of(gaz, core_text) if core_text else None
    if hit is None and name:
        hit = actor_of(gaz, name)
    if hit is not None and hit["kind"] == "person" and name:
        return person(doc, phrase, s, e, hit["actor"], role or "", hit["side"])
    org_like = (
        not name
        or head.text in lex.organisations
        or core_text in lex.organisations
        or (hit is not None and hit["kind"] != "person")
        or head.lower in ORG_LOWER_HEADS
        or (role_toks and role_toks[-1].lower in CONNECTORS)  # "Bank of England", "Office for X"
    )
    if org_like:
        return _organisation(doc, phrase, s, e, core, core_text, hit)
    if (
        len(name_toks) == 1
        and not role
        and name_toks[0].start in doc.sent_starts
        and name_toks[0].lower in COMMON_SENT_START
    ):
        return None
    full = doc.fullnames.get(name, name) if len(name_toks) == 1 else name
    hit2 = actor_of(gaz, full)
    side = hit2["side"] if hit2 is not None else side_of(gaz, role)
    if hit2 is not None:
        full = hit2["actor"]
    return person(doc, phrase, s, e, full, role, side)


def _is_description(words: list[Tok], core: list[Tok], lex: Lexicons) -> bool:
    """A description of a person rather than a name: "the politician", "a spokeswoman",
    "a spokesman for the union", "a Department of Health spokeswoman"."""
    if words[0].lower not in DETERMINERS:
        return False
    head = core[-1]
    if head.lower in lex.descriptions and not head.cap:
        return True
    first = core[0]
    return words[0].lower in ("a", "an") and first.lower in lex.descriptions and not first.cap


def _description(
    doc: Doc, phrase: str, s: int, e: int, words: list[Tok], core: list[Tok], core_text: str, at: int
) -> Speaker:
    """An indefinite description ("a spokeswoman") is someone new: the phrase is the speaker's
    name. A definite one ("the politician") refers back to the last compatible person."""
    gaz = doc.gaz
    if words[0].lower in ("a", "an"):
        noun = next((t.lower for t in core if t.lower in doc.lex.descriptions), core[-1].lower)
        gender = "f" if noun.endswith("woman") else "m" if noun.endswith("man") else "u"
        return Speaker(phrase, s, e, phrase, "person", "", side_of(gaz, core_text), gender)
    ref = resolve_description(doc, core_text, at)
    if ref is not None:
        return Speaker(phrase, s, e, ref.name, ref.kind, ref.role, ref.side, ref.gender)
    return Speaker(phrase, s, e, core_text, "person", core_text, side_of(gaz, core_text))


def split_affiliation(core: list[Tok], lex: Lexicons) -> tuple[list[Tok], list[Tok]]:
    """(person part, affiliation) of "NAME of PLACE/ORGANISATION" ("Sen. Anna Berg of Ohio",
    "Tom Lee of Acme Research"): the affiliation goes into the role. Only when the words before
    "of" hold a name — two capitalised words, or a title and one — so "Bank of England" and
    "Secretary of State" stay whole."""
    for p, t in enumerate(core):
        if t.lower != "of" or p == 0:
            continue
        names, roles = split_name(core[:p], lex)
        if not names or any(n.text in lex.organisations or n.lower in ORG_LOWER_HEADS for n in names):
            return core, []
        if len(names) >= 2 or any(is_title(r, lex) for r in roles):
            return core[:p], core[p:]
        return core, []
    return core, []


def _outlet(doc: Doc, phrase: str, s: int, e: int, core_text: str) -> Speaker | None:
    """A news outlet named at the end of the phrase ("state-controlled news agency RIA")."""
    for name, side in doc.lex.outlets.items():
        if core_text == name or core_text.endswith(" " + name):
            role = core_text[: len(core_text) - len(name)].strip()
            return Speaker(phrase, s, e, name, "media", role, side if side else side_of(doc.gaz, role))
    return None


def split_name(core: list[Tok], lex: Lexicons) -> tuple[list[Tok], list[Tok]]:
    """(name tokens, role tokens) of a phrase: the name is the trailing run of capitalised words
    that are not titles or organisation words; what comes before is the role."""
    k = len(core)
    while k > 0:
        t = core[k - 1]
        if (
            t.cap
            and not is_title(t, lex)
            and t.text not in lex.organisations
            and not t.lower.endswith(("'s", "’s"))
            and t.text[0].isalpha()
        ):
            if k >= 2 and core[k - 2].lower in CONNECTORS and len(core) - k >= 1:
                break  # "… Committee on Defense and Security Ivan Petrov": Security is the organisation's
            k -= 1
        else:
            break
    return core[k:], core[:k]


def _organisation(
    doc: Doc, phrase: str, s: int, e: int, core: list[Tok], core_text: str, hit: dict | None
) -> Speaker | None:
    org = core_text
    m = _NATIONAL_PREFIX.match(org)
    if m and actor_of(doc.gaz, m.group(1)) is not None:
        org = m.group(1)  # "US State Department" and "State Department" are one speaker
    side = hit["side"] if hit is not None else side_of(doc.gaz, core_text)
    if not any(t.cap for t in core):
        return None  # "the government" without a name: too vague to be a source
    return Speaker(phrase, s, e, org, "organisation", "", side)


def person(doc: Doc, phrase: str, s: int, e: int, name: str, role: str, side: str) -> Speaker:
    """A person speaker; gender from an honorific in the role ("Mrs", "Lady"), else the first
    name (female names list), else male."""
    gender = gender_of(doc.lex, name, role)
    return Speaker(phrase, s, e, name, "person", role, side or "unknown", gender)


def gender_of(lex: Lexicons, name: str, role: str = "") -> str:
    """``f`` or ``m``: a female honorific or title word in ``role`` ("Ms", "chairwoman"), else a
    female first name of ``name`` (``names_female.txt``), else male."""
    for w in role.lower().replace(".", " ").split():
        if w in FEMALE_TITLES or w.endswith("woman"):
            return "f"
    first = name.split()[0] if name else ""
    return "f" if first in lex.female_names else "m"


def resolve_pronoun(doc: Doc, tok: Tok, at: int) -> Speaker | None:
    """ "he"/"she" → the last person of that gender named before ``at``; other pronouns → None
    (we/they/it/I are too often not a named source; left to direct-quote continuity)."""
    g = PRONOUNS[tok.lower]
    if g in ("p", "n", "s"):
        return None
    for off, sp in reversed(doc.persons):
        if off >= at:
            continue
        if sp.kind != "person":
            continue
        if g == "f" and sp.gender != "f":
            continue
        if g == "m" and sp.gender == "f":
            continue
        return Speaker(tok.text, tok.start, tok.end, sp.name, sp.kind, sp.role, sp.side, sp.gender)
    return None


def resolve_description(doc: Doc, desc: str, at: int) -> Speaker | None:
    """A description ("the party official") → the last person before ``at`` on a compatible side."""
    side = doc.gaz.side_of(desc)
    for off, sp in reversed(doc.persons):
        if off >= at or sp.kind != "person":
            continue
        if side != "unknown" and sp.side not in (side, "unknown"):
            continue
        return sp
    return None


def collect_persons(doc: Doc) -> None:
    """Fill ``doc.persons`` (person mentions in text order: gazetteer aliases and titled names)
    and ``doc.fullnames`` (surname → full name)."""
    text, gaz = doc.text, doc.gaz
    found: dict[int, Speaker] = {}
    rows = aliases(gaz)
    names = tuple(a for a, r in rows.items() if r["kind"] == "person")
    for m in person_mentions(names, text):
        r = rows[m.group()]
        actor, side, role = r["actor"], r["side"], r["role"] if isinstance(r["role"], str) else ""
        g = gender_of(doc.lex, actor)
        found[m.start()] = Speaker(m.group(), m.start(), m.end(), actor, "person", role, side, g)
    # titled names: a capitalised title word followed by two or three capitalised words
    for m in doc.lex.titled_name.finditer(text):
        s, e = m.span(1)
        if s in found:
            continue
        name = m.group(1)
        words = name.split()
        while words and (words[-1].lower() in doc.lex.titles or words[-1] in doc.lex.organisations):
            words.pop()
        if len(words) < 2:
            continue
        name = " ".join(words)
        e = s + len(name)
        g = gender_of(doc.lex, name, m.group(0)[: s - m.start()])
        found[s] = Speaker(name, s, e, name, "person", "", side_of(gaz, m.group(0)[: s - m.start()]), g)
    for sp in found.values():
        parts = sp.text.split()
        if len(parts) >= 2:
            doc.fullnames.setdefault(parts[-1], sp.name)
    doc.persons = sorted(found.items())


def note_person(doc: Doc, sp: Speaker, at: int) -> None:
    """Record a person speaker at offset ``at`` for later pronouns and descriptions."""
    if sp.kind == "person":
        bisect.insort(doc.persons, (at, sp), key=lambda x: x[0])

"""Who a speaker phrase is: a person, organisation, outlet or document, with name, role and side.

Why: a table of "who speaks" is only useful when one person is one row, so a phrase is
canonicalised — the gazetteer actor when the mention is a known alias, else the fullest form of
the name in the article ("Berg" → "Anna Berg") — and pronouns ("he", "she") and
descriptions ("the politician") resolve to the last compatible person named before them.
"""

from __future__ import annotations

import bisect
import re

from analysis.attribution.coref import gender_of, pending_pronoun, resolve_description, resolve_organisation
from analysis.attribution.doc import Doc, Speaker, Tok
from analysis.attribution.grammar import (
    COMMON_SENT_START,
    CONNECTORS,
    DETERMINERS,
    NOT_SPEAKER,
    ORG_LOWER_HEADS,
    ORG_NOUNS,
    PRONOUNS,
)
from analysis.attribution.lookup import actor_of, side_of
from analysis.attribution.phrases import is_person_noun, is_title
from analysis.lexicons import Lexicons
from analysis.schema import UNKNOWN

_NATIONAL_PREFIX = re.compile(r"(?:US|U\.S\.|American|United States)\s+(.+)")


def speaker_from_span(doc: Doc, a: int, b: int, at: int) -> Speaker | None:
    """Classify and canonicalise the speaker phrase of tokens [a, b) of a cue at offset ``at``;
    None when the phrase is no speaker (a sentence-initial common word, an unnamed "government")."""
    toks, lex, gaz, text = doc.toks, doc.lex, doc.gaz, doc.text
    s, e = toks[a].start, toks[b - 1].end
    phrase = text[s:e]
    words = toks[a:b]
    if b - a == 1 and words[0].lower in PRONOUNS:
        return pending_pronoun(words[0])
    core = words[1:] if words[0].lower in DETERMINERS or words[0].lower in DEFINITE else words
    if not core or core[-1].lower.endswith(("'s", "’s")):
        return None
    if all(NOT_SPEAKER.fullmatch(t.text) for t in core):
        return None  # "July said", "Eleven told": a time, a number or an adverb is no speaker  # "India's …": a possessive modifies a noun; it does not speak
    core_text = text[core[0].start : core[-1].end]
    head = core[-1]
    media = _outlet(doc, phrase, s, e, core_text)
    if media is not None:
        return media
    if head.lower in lex.documents and not head.cap or (head.lower in lex.documents and len(core) > 1):
        if words[0].lower in DETERMINERS and not any(t.cap for t in core):
            ref = resolve_organisation(doc, head.lower, at) if words[0].lower == "the" else None
            if ref is None or ref.kind != "document":
                return None  # "the report said": a document nobody is named for is no speaker
            return Speaker(phrase, s, e, ref.name, ref.kind, ref.role, ref.side, "n")  # the one named before
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
    tag = PARTY_TAG.match(text, e)
    if tag:
        role = (role + " " + tag.group(1)).strip()
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
        if not any(t.cap for t in core):
            return _unnamed_organisation(doc, phrase, s, e, words, core_text, at)
        return _organisation(doc, phrase, s, e, core, core_text, hit)
    if (
        len(name_toks) == 1
        and not role
        and name_toks[0].start in doc.sent_starts
        and name_toks[0].lower in COMMON_SENT_START
    ):
        return None
    group = None if any(is_title(t, lex) for t in role_toks) else _group_named(doc, s, e, name_toks)
    if group is not None:
        return Speaker(phrase, s, e, group, "organisation", role, side_of(gaz, core_text), "n")
    full = doc.fullnames.get(name, name) if len(name_toks) == 1 else name
    hit2 = actor_of(gaz, full)
    side = hit2["side"] if hit2 is not None else side_of(gaz, role)
    if hit2 is not None:
        full = hit2["actor"]
    return person(doc, phrase, s, e, full, role, side)


def _group_named(doc: Doc, s: int, e: int, name_toks: list[Tok]) -> str | None:
    """The actor of an organisation or group mention the recogniser found at exactly ``[s, e)``
    ("The Liberal Democrats say", "Labour says"): a party or group, not a person, so no "he"
    refers to it."""
    s, e = name_toks[0].start, name_toks[-1].end
    k = bisect.bisect_left(doc.mentions, (s,))
    for m in doc.mentions[k : k + 2]:
        if m[0] == s and m[1] == e and m[3] in ("organisation", "nationality"):
            return m[2]  # as written: the link to the corpus's actors names it (:mod:`.link`)
    return None


#: Words that make a description definite, someone the text has named ("the minister", "our
#: correspondent").
DEFINITE = ("the", "our")


#: A party and state tag after a name: "Anna Berg (R-Ohio)", "(D-N.Y.)", "(I-Vt.)".
PARTY_TAG = re.compile(r"\s*(\([RDI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\))")


def _is_description(words: list[Tok], core: list[Tok], lex: Lexicons) -> bool:
    """A description of a person or group rather than a name: "the politician", "a
    spokeswoman", "a spokesman for the union", "critics", "Democratic sources"."""
    head = core[-1]
    if is_person_noun(head, lex) and not head.cap:
        return words[0].lower in DETERMINERS or not any(t.cap and not is_title(t, lex) for t in core)
    if words[0].lower in DEFINITE and is_title(head, lex) and not any(t.cap for t in core):
        return True  # "our correspondent", "the attorney": a role someone named holds
    first = core[0]
    return words[0].lower in ("a", "an") and is_person_noun(first, lex) and not first.cap


def _description(
    doc: Doc, phrase: str, s: int, e: int, words: list[Tok], core: list[Tok], core_text: str, at: int
) -> Speaker:
    """A definite singular description ("the politician") refers back to the last compatible
    person; an indefinite or plural one ("a spokeswoman", "critics", "the senators") is someone
    new, and the phrase is the speaker's name."""
    gaz = doc.gaz
    head = core[-1].lower
    plural = head.endswith("s") and not head.endswith("ss") or head == "people"
    if words[0].lower not in DEFINITE or plural:
        noun = next((t.lower for t in core if is_person_noun(t, doc.lex)), head)
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


def _unnamed_organisation(
    doc: Doc, phrase: str, s: int, e: int, words: list[Tok], core_text: str, at: int
) -> Speaker | None:
    """ "the ministry", "the select committee", "the prime minister's office": the organisation
    named before whose name holds the head noun ("Finance Ministry"), else, when definite, the
    phrase itself; a bare "government" or "officials" is too vague to be a source."""
    head = words[-1].lower
    if words[0].lower not in DEFINITE or head not in ORG_NOUNS:
        return None
    ref = resolve_organisation(doc, head, at)
    if ref is not None:
        return Speaker(phrase, s, e, ref.name, ref.kind, ref.role, ref.side, "n")
    return Speaker(phrase, s, e, core_text, "organisation", "", side_of(doc.gaz, core_text), "n")


def person(doc: Doc, phrase: str, s: int, e: int, name: str, role: str, side: str) -> Speaker:
    """A person speaker; gender from an honorific in the role ("Mrs", "Lady"), else the first
    name (female names list), else male."""
    gender = gender_of(doc.lex, name, role)
    return Speaker(phrase, s, e, name, "person", role, side or UNKNOWN, gender)

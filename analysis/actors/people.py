"""Which person each person mention is: keys of full names, and one-word names resolved to them.

Why these rules: a corpus writes one person many ways ("Hillary Rodham Clinton", "Hillary
Clinton", "Mrs. Clinton", "Clinton") and two people one way ("Clinton" for Bill and Hillary).
A full name's key is (first name, surname), so middle names and titles do not split a person and
different first names keep two people apart. A one-word name goes to the full name *the article
itself* gives with that surname (or first name); when the article names two, an honorific's
gender ("Mrs.") or the title ("President") decides, else the one the article names
:data:`DOMINANCE` times as often, else the mention stays ambiguous. Only a one-word name the
article never spells out looks at the whole corpus: the one person there who fits, else the one
the corpus names :data:`DOMINANCE` times as often as any other who fits ("Mr Blair" in a UK
corpus is the prime minister, not the police chief whose "Sir" told his gender).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from analysis.actors.names import HONORIFICS, PLAIN_HONORIFICS, SUFFIXES, title_set
from analysis.lexicons import default_lexicons
from analysis.lexicons.gazetteer import Story

#: A one-word name in an article naming two people of that surname goes to the one the article
#: names at least this many times as often as the other ("Hillary Clinton" and "Mrs. Clinton"
#: twelve times, "Bill Clinton" once: "Clinton" is Hillary); closer counts leave it ambiguous.
DOMINANCE = 3

Key = tuple[str, str]


def person_keys(recs: list[dict], story: Story | None = None) -> list[object]:
    """Per mention record: a person key (first, last); ("?", word) when a one-word name fits two
    people equally; ("", word) when it fits nobody named in full; ("=", actor) for a story's
    alias; None for non-persons."""
    keys: list[object] = [None] * len(recs)
    persons = [i for i, r in enumerate(recs) if r["kind"] == "person"]
    pairs = {(recs[i]["first"], recs[i]["last"]) for i in persons if len(recs[i]["name"].split()) == 2}
    seen: dict[Key, set[str]] = defaultdict(set)
    for i in persons:
        seen[(recs[i]["first"], recs[i]["last"])].add(initials(recs[i]["name"]))
    for i in persons:
        r = recs[i]
        if story is not None and r["name"] in story.aliases:
            keys[i] = ("=", story.aliases[r["name"]])
        elif r["first"]:
            keys[i] = full_key(r["name"], r["first"], r["last"], pairs, seen)
    info = KeyInfo(recs, persons, keys)
    by_doc: dict[object, list[int]] = defaultdict(list)
    for i in persons:
        by_doc[recs[i]["doc_id"]].append(i)
    unresolved: list[int] = []
    for rows in by_doc.values():
        full = Counter(keys[i] for i in rows if isinstance(keys[i], tuple) and keys[i][0] != "=")
        local = _Index(full)
        pending = []
        for i in rows:
            if keys[i] is None and recs[i]["last"]:
                cands = info.candidates(recs[i], local)
                if len(cands) == 1:
                    keys[i] = cands[0]
                elif cands:
                    pending.append((i, cands))
                else:
                    unresolved.append(i)
        counts = Counter(keys[i] for i in rows if keys[i] is not None)
        for i, cands in pending:
            ranked = sorted(cands, key=lambda k: (-counts[k], k))
            keys[i] = (
                ranked[0]
                if counts[ranked[0]] >= DOMINANCE * max(1, counts[ranked[1]])
                else ("?", recs[i]["last"])
            )
    named = Counter(k for k in keys if isinstance(k, tuple) and k[0] not in ("=", "?"))
    corpus = _Index(named)
    for i in unresolved:  # a name the article never spells out: the corpus's person of that name
        cands = info.candidates(recs[i], corpus, first_names=False, strict=False)
        keys[i] = _dominant(cands, named) or ("?" if cands else "", recs[i]["last"])
    return keys


def _dominant(cands: list[Key], counts: Counter) -> Key | None:
    """The one candidate, or the one named :data:`DOMINANCE` times as often as the next."""
    if len(cands) == 1:
        return cands[0]
    ranked = sorted(cands, key=lambda k: (-counts[k], k))
    if ranked and counts[ranked[0]] >= DOMINANCE * max(1, counts[ranked[1]]):
        return ranked[0]
    return None


def full_key(name: str, first: str, last: str, pairs: set, seen: dict | None = None) -> Key:
    """(first, last), or the last two words' key when that is a name of its own in the corpus
    ("Miss Universe Alicia Machado" is Alicia Machado; "Hillary Rodham Clinton" stays Hillary).

    A generational suffix is part of the surname ("Ana Ruiz Jr" is not Ana Ruiz, and a bare
    "Ruiz" is the one without it); middle initials are part of the first name when the corpus
    writes that name with two different ones (``seen``: (first, last) -> initials met), so "Tom
    H.W. Lee" and "Tom W. Lee" stay two people while "Tom J. Lee" and "Tom Lee" alone are one."""
    suffix = next((w.lower().rstrip(".") for w in name.split() if w.lower() in SUFFIXES), "")
    words = [w for w in name.split() if w.lower() not in SUFFIXES]
    if len(words) >= 3 and (alt := (words[-2].lower().rstrip("."), last)) in pairs:
        first = alt[0]
    mid = initials(name)
    if mid and seen is not None and len(seen.get((first, last), set()) - {""}) > 1:
        first = f"{first} {mid}"
    return (first, f"{last} {suffix}" if suffix else last)


_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")


def initials(name: str) -> str:
    """The middle initials of a full name, lower case without dots ("George H.W. Bush" -> "hw")."""
    words = [w for w in name.split() if w.lower() not in SUFFIXES][1:-1]
    return "".join(w.replace(".", "").lower() for w in words if _INITIALS.fullmatch(w))


def honours(role: str) -> frozenset[str]:
    """The honorifics of a role that name a rank, not only a gender ("Lord", "Sir", "Dame")."""
    words = (w.lower().rstrip(".") for w in role.split())
    return frozenset(w for w in words if w in HONORIFICS and w not in PLAIN_HONORIFICS)


class _Index:
    """Full-name keys by surname and by first name."""

    def __init__(self, keys):
        self.by_last: dict[str, list[Key]] = defaultdict(list)
        self.by_first: dict[str, list[Key]] = defaultdict(list)
        for k in sorted(keys):
            self.by_last[k[1]].append(k)
            self.by_first[k[0]].append(k)


class KeyInfo:
    """Gender and title words known of each full-name key, to choose among people of one surname."""

    def __init__(self, recs: list[dict], persons: list[int], keys: list[object]):
        votes: dict = defaultdict(Counter)
        self.roles: dict[Key, frozenset] = defaultdict(frozenset)
        female = default_lexicons().female_names
        for i in persons:
            k = keys[i]
            if not isinstance(k, tuple) or k[0] == "=":
                continue
            r = recs[i]
            if r["gender"]:
                votes[k][r["gender"]] += 1
            if r["name"].split()[0] in female:
                votes[k]["f"] += 1
            if r["role"]:
                self.roles[k] = self.roles[k] | title_set(r["role"]) | honours(r["role"])
        self.gender = {k: c.most_common(1)[0][0] for k, c in votes.items() if len(c) == 1}
        self.everyone = _Index(set(self.roles) | set(self.gender))

    def candidates(
        self, rec: dict, index: _Index, first_names: bool = True, strict: bool = True
    ) -> list[Key]:
        """The keys of ``index`` a one-word name may refer to: same surname (else same first
        name), narrowed by its honorific's gender and its title words. When they fit none of
        those but another person of the corpus with that surname does ("President Obama" in an
        article naming only Michelle Obama), none: the corpus decides.

        ``strict``: prefer the people whose gender is known to match over those of unknown
        gender (in one article, "Mrs. Clinton" beside Hillary and Bill); across the corpus a
        known gender is no evidence ("Mr Blair" is not the one Blair whose "Sir" told it), so
        every person it does not contradict stays a candidate."""
        word = rec["last"]
        cands = index.by_last.get(word, [])
        if not cands and first_names:
            cands = index.by_first.get(word, [])
        if not cands:
            return []
        others = [k for k in self.everyone.by_last.get(word, []) if k not in cands]
        gender, role = rec["gender"], title_set(rec["role"]) if rec["role"] else frozenset()
        if gender:
            known = [k for k in cands if self.gender.get(k) == gender] if strict else []
            fits = known or [k for k in cands if self.gender.get(k, gender) == gender]
            if not fits and any(self.gender.get(k) == gender for k in others):
                return []
            cands = fits or cands
        if not strict and rec["role"] and len(cands) > 1:  # "Lord Campbell" of several Campbells
            cands = [k for k in cands if honours(rec["role"]) <= self.roles[k]]
        if role:
            fits = [k for k in cands if role <= self.roles[k]]
            if not fits and any(role <= self.roles[k] for k in others):
                return []
            cands = fits or cands
        return list(cands)

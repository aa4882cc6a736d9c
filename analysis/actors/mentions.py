"""Entity mentions with what the text says around them: name, role, gender, evidence of a group.

The per-article rows (:data:`MENTION_COLUMNS`) are what :mod:`analysis.actors.merge` merges into
actors. They are computed article by article (a partition of a corpus gives the same rows) and
hold everything the corpus-level merge needs, so the texts are not needed again:

* ``name``, ``first``, ``last``, ``gender``: the name without titles, the key parts, and the
  gender an honorific gives (see :mod:`analysis.actors.names`);
* ``role``: title and role words around a person's name, with a party-state tag;
* ``evidence``: the words that may name a group (a person's role, tag and "of <place>"; an
  organisation's or place's own name);
* ``defines``: an acronym defined in parentheses after an organisation ("(DNC)");
* ``related``: the start of a person the role relates this one to ("Merkel's spokesman"), or -1.

Rows of kind ``description`` are definite descriptions with a country or party and a role and no
name ("the US president", "the Republican nominee"): ``evidence`` holds ``dimension:group`` and
``name`` the role words.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from analysis import schema
from analysis.actors.context import (
    DEFINED,
    EntityIndex,
    appositive,
    descriptions,
    of_place,
    party_tag,
    prefix_role,
    related_person,
)
from analysis.actors.names import HONORIFICS, PLAIN_HONORIFICS, org_key, parse_person
from analysis.lexicons import default_lexicons
from analysis.lexicons.groups import GroupWords, default_group_words
from analysis.progress import bar
from analysis.text import DATELINE
from analysis.text import sentences as sentence_table
from analysis.text.entities import entity_spans

MENTION_COLUMNS = schema.ENTITY_MENTIONS


_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")


def whole_group_names(
    entities: list[tuple[int, int, str]], text: str, words: GroupWords
) -> list[tuple[int, int, str]]:
    """Entities widened to the whole country or party name the word before them completes:
    "Liberal [Democrat]" -> "[Liberal Democrat]" (the recogniser sometimes tags only the end)."""
    out = []
    for s, e, kind in entities:
        if kind != "person":
            m = _WORD_BEFORE.search(text, max(0, s - 30), s)
            if m and f"{m.group(1)} {' '.join(text[s:e].split())}" in words.phrases:
                s = m.start(1)
        out.append((s, e, kind))
    return out


def describe_article(
    doc_id: object,
    text: str,
    sents: list[tuple[int, int]],
    entities: list[tuple[int, int, str]],
    words: GroupWords | None = None,
) -> list[dict]:
    """The mention rows (:data:`MENTION_COLUMNS`) of one article's entities and descriptions."""
    words = words or default_group_words()
    index = EntityIndex(whole_group_names(_kept_entities(entities, text, words), text, words))
    starts = [s for s, _ in sents]

    def row(s: int, e: int, kind: str) -> dict:
        sid = max(0, bisect.bisect_right(starts, s) - 1)
        return {
            "doc_id": doc_id,
            "sent_id": sid,
            "start": s,
            "end": e,
            "text": text[s:e],
            "kind": kind,
            "name": "",
            "first": "",
            "last": "",
            "gender": "",
            "role": "",
            "evidence": "",
            "defines": "",
            "related": -1,
        }

    rows = []
    for s, e, kind in index.entities:
        r = row(s, e, kind)
        if kind == "person":
            sent_start = starts[r["sent_id"]] if starts else 0
            _describe_person(r, text, sent_start, index, words)
        else:
            r["name"] = " ".join(text[s:e].split())
            r["last"] = org_key(r["name"])
            r["evidence"] = r["name"]
            if kind == "organisation":  # "Russian state-controlled news agency RIA"
                role = prefix_role(text, s, starts[r["sent_id"]] if starts else 0, index)[1]
                if role and words.first(role, "country") and not words.first(role, "party"):
                    r["role"], r["evidence"] = role, f"{role} {r['name']}"
            defined = DEFINED.match(text, e, min(len(text), e + 14))
            if defined and kind == "organisation" and " " in r["name"]:
                r["defines"] = defined.group(1).replace(".", "")
        rows.append(r)
    for s, e, dim, group, role in descriptions(text, words):
        if index.at(s) is None:
            r = row(s, e, "description")
            r.update(name=role, evidence=f"{dim}:{group}")
            rows.append(r)
    return rows


#: A credit line opening a paragraph: "(Harbour News) -- ", "(Reuters) - ".
_CREDIT = re.compile(r"^\s*\([A-Z][^)\n]{0,40}\)\s*[—–-]+\s", re.MULTILINE)


def _kept_entities(
    entities: list[tuple[int, int, str]], text: str, words: GroupWords
) -> list[tuple[int, int, str]]:
    """The recogniser's entities as actors need them (issue 21): none inside a dateline or
    credit line ("LEEDS (Harbour News) -- ": the outlet files the story, it is not in it); a
    platform or other listed organisation tagged as a person is an organisation ("Twitter"); a
    nationality or religion word that names no country or party ("Muslim", "Islamic") is a
    descriptor, kept as ``other`` (no actor)."""
    lines = [m.span() for rx in (DATELINE, _CREDIT) for m in rx.finditer(text)]
    orgs = default_lexicons().organisations
    out = []
    for s, e, kind in entities:
        if any(a <= s and e <= b for a, b in lines):
            continue
        name = " ".join(text[s:e].split())
        if kind == "person" and name in orgs:
            kind = "organisation"
        elif kind == "nationality" and not (words.first(name, "country") or words.first(name, "party")):
            kind = "other"
        out.append((s, e, kind))
    return out


def _describe_person(row: dict, text: str, sent_start: int, index: EntityIndex, words: GroupWords) -> None:
    s, e = row["start"], row["end"]
    person = parse_person(row["text"])
    role_start, prefix = prefix_role(text, s, sent_start, index)
    gender = person.gender
    if prefix and not gender:
        gender = HONORIFICS.get(prefix.split()[-1].lower().rstrip("."), "")
    role = " ".join(
        w for w in f"{prefix} {person.title}".split() if w.lower().rstrip(".") not in PLAIN_HONORIFICS
    )
    role = role or appositive(text, e, index)
    tag = party_tag(text, e, words)
    place = of_place(text, e, index)
    member = _member_appositive(text, e, words)
    row.update(
        name=person.name,
        first=person.first,
        last=person.last,
        gender=gender,
        role=" ".join(x for x in (role, tag) if x),
        evidence=" ".join(x for x in (role, tag, place, member if member not in role else "") if x),
        related=related_person(text, role_start, s, sent_start, index) if prefix else -1,
    )


_MEMBER = re.compile(r",\s+(?:a|an)\s+((?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w-]*)\s*[,.;)]")


def _member_appositive(text: str, end: int, words: GroupWords) -> str:
    """ "Bob Vorker, a Tennessee Republican, said": the member word ending a short appositive
    ("Republican", "Canadian"), evidence of the person's group though it holds no role word;
    "" otherwise."""
    m = _MEMBER.match(text, end, min(len(text), end + 60))
    if not m:
        return ""
    last = m.group(1).split()[-1]  # the member word, not a place before it ("Tennessee")
    return last if words.first(last, "party") or words.first(last, "country") else ""


def find_mentions(
    docs: pd.DataFrame, sentences: pd.DataFrame | None = None, *, backend: str = "tagger"
) -> pd.DataFrame:
    """The mention rows of every article of ``docs`` (columns ``doc_id``, ``text``).

    ``sentences`` is the sentences table of these docs when the caller has it (rows of other
    articles are ignored); ``backend`` is the entity recogniser (see
    :func:`analysis.text.entities.find_entities`).
    """
    if sentences is None:
        sentences = sentence_table(docs)
    spans: dict = {}
    for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"]):
        spans.setdefault(d, []).append((int(s), int(e)))
    words = default_group_words()
    pairs = [(d, t) for d, t in zip(docs["doc_id"], docs["text"]) if isinstance(t, str) and t.strip()]
    sents = [spans.get(d, []) for d, _ in pairs]
    found = entity_spans([t for _, t in pairs], sents, backend=backend)
    rows: list[dict] = []
    for (doc_id, text), ss, ents in bar(zip(pairs, sents, found), total=len(pairs), desc="actors"):
        rows.extend(describe_article(doc_id, text, ss, ents, words))
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return out.astype({"sent_id": "int64", "start": "int64", "end": "int64", "related": "int64"})

"""Merge entity mentions into actors: one per person, organisation, place or group, corpus-wide.

People are keyed by :mod:`analysis.actors.people`. Organisations merge on a normalised key
("the U.S. State Department's" = "US State Department" = "State Department" when
``countries.tsv`` lists that institution for the US) and on an acronym defined in the text
("(DNC)") or matching the initials of exactly one organisation of the corpus. Country and party
words become their country's or party's actor ("Britain", "British" -> United Kingdom;
"Tories" -> Conservative Party). Works on plain records, not row by row on a DataFrame: the merge
runs once per corpus over every mention.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from analysis.actors.names import acronym, is_acronym, org_key, parse_person
from analysis.actors.people import person_keys
from analysis.lexicons.gazetteer import Story
from analysis.lexicons.groups import GroupWords

#: Kinds that become actors; "other" (laws, events, works) and descriptions do not.
ACTOR_KINDS = ("person", "organisation", "place", "nationality")
ACTOR_COLUMNS = ["actor", "kind", "aliases", "n_mentions", "n_articles", "role", "ambiguous"]

_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+")
_THE = re.compile(r"^(?:the|The)\s+")


def settle_kinds(recs: list[dict], words: GroupWords) -> None:
    """One kind per name across the corpus: the majority kind of a name wins among person,
    organisation and place, so "Clinton" tagged an organisation twice among ninety person mentions
    is a person everywhere (the tagger is not always consistent; the corpus is). A country's or
    party's own word ("Lib Dems", "Tories", "Britain") is never a person, and a nationality inside
    a compound adjective ("African-American") is no mention of its country."""
    for r in recs:
        bare = _THE.sub("", " ".join(r["text"].split()))
        if r["kind"] == "nationality" and bare not in words.actor_of and words.is_compound_adjective(bare):
            r["kind"] = "other"  # "African-American", "pro-Russian": no mention of the country
        if r["kind"] == "person" and bare in words.actor_of:
            r.update(
                kind="organisation" if words.actor_of[bare] in words.party_names else "place",
                name=bare,
                first="",
                last=org_key(bare),
                gender="",
                role="",
                evidence=bare,
            )
    movable = ("person", "organisation", "place")
    counts = Counter((_HONORIFIC.sub("", r["text"]), r["kind"]) for r in recs if r["kind"] in movable)
    best: dict[str, tuple[int, str]] = {}
    for (name, kind), n in sorted(counts.items()):
        if name not in best or n > best[name][0]:
            best[name] = (n, kind)
    for r in recs:
        if r["kind"] not in movable:
            continue
        kind = best[_HONORIFIC.sub("", r["text"])][1]
        if kind == r["kind"]:
            continue
        r["kind"] = kind
        if kind == "person":
            p = parse_person(r["text"])
            r.update(name=p.name, first=p.first, last=p.last, gender=p.gender)
        else:
            r.update(name=" ".join(r["text"].split()), first="", gender="")
            r.update(last=org_key(r["name"]), evidence=r["name"])


def other_keys(recs: list[dict], words: GroupWords, story: Story | None) -> list[object]:
    """Per record: the key of an organisation, place or nationality mention, None for others."""
    keys: list[object] = [None] * len(recs)
    defined: dict[str, str] = {}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        if r["defines"]:
            defined.setdefault(r["defines"], r["last"])
        if r["kind"] == "organisation" and (a := acronym(r["last"])):
            by_initials[a].add(r["last"])
    for i, r in enumerate(recs):
        if r["kind"] not in ("organisation", "place", "nationality"):
            continue
        name, kind = r["name"], r["kind"]
        bare = _THE.sub("", name)
        if story is not None and name in story.aliases:
            keys[i] = ("=", story.aliases[name])
        elif bare in words.actor_of:
            keys[i] = ("=", words.actor_of[bare])
        elif kind == "organisation" and is_acronym(bare):
            short = bare.replace(".", "")
            full = defined.get(short) or (
                next(iter(by_initials[short])) if len(by_initials[short]) == 1 else None
            )
            keys[i] = ("org", full or org_key(bare))
        else:
            keys[i] = (kind[:3], org_key(national(bare, words)))
    return keys


def national(name: str, words: GroupWords) -> str:
    """A country's institution without the country word before it: "US State Department" ->
    "State Department", when countries.tsv lists that institution for the same country (a bare
    "Foreign Ministry" is no one country's, so "Russian Foreign Ministry" stays whole)."""
    if " " not in name:
        return name
    head, rest = name.split(" ", 1)
    hit = words.phrases.get(re.sub(r"['’]s$", "", head))
    if hit is not None and hit[0] == "country" and words.phrases.get(rest) == hit:
        return rest
    return name


def actor_names(keys: list, recs: list[dict]) -> list:
    """One canonical name per key: the most frequent surface (full names preferred for people),
    made unique across kinds ("Jordan" the country and "Jordan" a person)."""
    surfaces: dict = defaultdict(Counter)
    for k, r in zip(keys, recs):
        if k is not None:
            surfaces[k][r["name"]] += 1
    names: dict = {}
    taken: set[str] = set()
    for k in sorted(surfaces, key=lambda k: (-sum(surfaces[k].values()), str(k))):
        names[k] = _unique(_canonical(k, surfaces[k]), taken)
    return [names.get(k) if k is not None else None for k in keys]


def _canonical(key: tuple, surfaces: Counter) -> str:
    if key[0] == "=":
        return key[1]
    people = key[0] not in ("org", "pla", "nat")
    pool = Counter({s: n for s, n in surfaces.items() if " " in s}) if people else surfaces
    pool = pool or surfaces
    return min(pool, key=lambda s: (-pool[s], len(s), s))


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name} ({n})", n + 1
    taken.add(out)
    return out


def _actor_kind(key: object, kind: str, words: GroupWords, story: Story | None) -> str:
    if isinstance(key, tuple) and key[0] == "=":
        if key[1] in words.country_names.values():
            return "place"
        if key[1] in words.party_names:
            return "organisation"
        return (story.kinds.get(key[1]) if story is not None else None) or kind
    return kind


def merge(mentions: pd.DataFrame, words: GroupWords, story: Story | None = None) -> pd.DataFrame:
    """``mentions`` with kinds settled and four columns added: ``actor`` (missing for kinds
    "other" and "description"), ``actor_kind`` (a country's nationality word is a mention of a
    place actor), ``ambiguous`` (a one-word name that fits two people) and ``related_actor``
    (the actor of ``related``)."""
    cols = list(mentions.columns)
    recs = [dict(zip(cols, vals)) for vals in zip(*(mentions[c].tolist() for c in cols))]
    settle_kinds(recs, words)
    pkeys = person_keys(recs, story)
    okeys = other_keys(recs, words, story)
    keys = [
        (p if p is not None else o) if r["kind"] in ACTOR_KINDS else None
        for p, o, r in zip(pkeys, okeys, recs)
    ]
    names = actor_names(keys, recs)
    at = {(r["doc_id"], r["start"]): a for r, a in zip(recs, names) if a is not None}
    for r, k, a in zip(recs, keys, names):
        r["actor"] = a
        r["actor_kind"] = _actor_kind(k, r["kind"], words, story)
        r["ambiguous"] = isinstance(k, tuple) and k[0] == "?"
        r["related_actor"] = at.get((r["doc_id"], r["related"])) if r["related"] >= 0 else None
    out = pd.DataFrame(recs, columns=[*mentions.columns, "actor", "actor_kind", "ambiguous", "related_actor"])
    return out.astype({"actor": "object", "related_actor": "object"})


def actor_rows(m: pd.DataFrame) -> pd.DataFrame:
    """One row per actor of merged mentions (:data:`ACTOR_COLUMNS`), most mentioned first:
    aliases by frequency, the most frequent role, the most frequent kind."""
    aliases: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set] = defaultdict(set)
    ambiguous: dict[str, bool] = {}
    for actor, name, role, kind, doc, amb in zip(
        *(m[c].tolist() for c in ("actor", "name", "role", "actor_kind", "doc_id", "ambiguous"))
    ):
        if not isinstance(actor, str):
            continue
        aliases[actor][name] += 1
        kinds[actor][kind] += 1
        docs[actor].add(doc)
        ambiguous[actor] = ambiguous.get(actor, False) or bool(amb)
        if role:
            roles[actor][role] += 1
    rows = [
        {
            "actor": a,
            "kind": min(kinds[a], key=lambda k: (-kinds[a][k], k)),
            "aliases": "; ".join(x for x, _ in sorted(aliases[a].items(), key=lambda x: (-x[1], x[0]))),
            "n_mentions": sum(aliases[a].values()),
            "n_articles": len(docs[a]),
            "role": min(roles[a], key=lambda r: (-roles[a][r], r)) if roles[a] else "",
            "ambiguous": ambiguous[a],
        }
        for a in aliases
    ]
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return out.sort_values(["n_mentions", "actor"], ascending=[False, True]).reset_index(drop=True)

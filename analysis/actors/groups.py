"""Groups of actors inferred from the text: countries and parties, or a user's story.

Why inference: the groups of a story are written next to its actors' names. "Russian Foreign
Minister", "US State Department spokeswoman", "the Kremlin", "(R-Maine)", "Labour leader" say
which country or party an actor speaks for, in any story; a list of one story's cast says nothing
about the next corpus. Each mention's evidence (its role, party-state tag, "of <place>", or an
organisation's own name) votes for a country and a party; an actor takes the group with strictly
more votes than any other, so a split vote stays ``unknown``.

Which dimension names the ``group`` column is decided per corpus: parties when one country holds
most placed actors and at least two parties hold two actors each (US election news: Republican /
Democrat; UK politics: Labour / Conservative / ...), countries otherwise (a US-Russia story: RU /
US). The column holds one scheme only: in a party corpus an actor without a party is ``unknown``
(a foreign leader keeps its country in the ``country`` column, never in ``group``), in a country
corpus a party without a country is ``unknown``. A story file
(:class:`analysis.lexicons.gazetteer.Story`) replaces inference by its own groups, members and
words.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from analysis.actors.names import title_set
from analysis.lexicons.gazetteer import Story
from analysis.lexicons.groups import GroupWords
from analysis.schema import UNKNOWN

#: Share of placed actors one country must hold for a corpus to be "domestic" (parties decide).
DOMESTIC_SHARE = 0.7


def mention_votes(evidence: str, kind: str, words: GroupWords) -> tuple[str | None, str | None]:
    """(country, party) one mention's evidence names, each None when it names none.

    A person's role names its own country first ("US ambassador to Russia"); an organisation's or
    a place's name the same way ("Russian Foreign Ministry", "Moscow"). A party implies its
    country. A party-state tag ("(R-Maine)") names the party by its letter.
    """
    if not evidence:
        return None, None
    country = words.first(evidence, "country")
    party = words.first(evidence, "party")
    if party is None and kind == "person":
        party = _tag_party(evidence, words)
    if party is not None and country is None:
        country = words.country_of_party.get(party) or None
    return country, party


def _tag_party(evidence: str, words: GroupWords) -> str | None:
    i = evidence.find("(")
    while i >= 0:
        letter = evidence[i + 1 : i + 2]
        if letter in words.party_tags and evidence[i + 2 : i + 3] in "-)":
            return words.party_tags[letter]
        i = evidence.find("(", i + 1)
    return None


def _winner(votes: Counter) -> str | None:
    """The value with strictly more votes than any other, else None."""
    top = votes.most_common(2)
    if not top:
        return None
    if len(top) == 1 or top[0][1] > top[1][1]:
        return top[0][0]
    return None


#: Role words that relate a person to an opponent, not an ally ("Smith's rival"): no group passes.
ADVERSARIAL = frozenset(
    ["counterpart", "rival", "rivals", "opponent", "opponents", "challenger", "critic", "critics"]
)


def actor_groups(m: pd.DataFrame, words: GroupWords) -> pd.DataFrame:
    """Per actor of merged mentions: ``actor, country, party`` (None where no vote wins).

    Votes, in order of strength: the evidence of the actor's own mentions; definite descriptions
    ("the US president") for the one person of the article holding that role whose own evidence
    does not contradict them; then, for an actor still without a group, the groups of the actors
    its roles relate it to ("Merkel's spokesman", "his Secretary of State"). Country and party
    actors themselves ("United Kingdom", "Labour Party") are placed by what they are.
    """
    cv: dict[str, Counter] = defaultdict(Counter)
    pv: dict[str, Counter] = defaultdict(Counter)
    named = m[m["actor"].map(lambda a: isinstance(a, str)).astype(bool)]  # bool: an empty map is object
    memo: dict[tuple[str, str], tuple] = {}
    for actor, ev, kind in zip(named["actor"].tolist(), named["evidence"].tolist(), named["kind"].tolist()):
        if (ev, kind) not in memo:
            memo[(ev, kind)] = mention_votes(ev, kind, words)
        c, p = memo[(ev, kind)]
        if c:
            cv[actor][c] += 1
        if p:
            pv[actor][p] += 1
    _description_votes(m, named, cv, pv)
    actors = list(dict.fromkeys(named["actor"]))
    country = {a: _winner(cv[a]) for a in actors}
    party = {a: _winner(pv[a]) for a in actors}
    _propagate(named, country, party)
    codes = {name: code for code, name in words.country_names.items()}
    rows = []
    for a in actors:
        c, p = country[a], party[a]
        if a in codes:
            c, p = codes[a], None
        elif a in words.party_names:
            p = words.party_names[a]
            c = words.country_of_party.get(p) or c
        elif p and not c:
            c = words.country_of_party.get(p) or None
        rows.append({"actor": a, "country": c, "party": p})
    return pd.DataFrame(rows, columns=["actor", "country", "party"])


def _description_votes(
    m: pd.DataFrame, named: pd.DataFrame, cv: dict[str, Counter], pv: dict[str, Counter]
) -> None:
    people = named[named["kind"] == "person"]
    roles: dict[str, set[frozenset]] = defaultdict(set)
    for a, r in zip(people["actor"].tolist(), people["role"].tolist()):
        if r:
            roles[a].add(title_set(r))
    in_doc: dict[object, set[str]] = defaultdict(set)
    for d, a in zip(people["doc_id"].tolist(), people["actor"].tolist()):
        in_doc[d].add(a)
    desc = m[m["kind"] == "description"]
    for d, ev, role in zip(desc["doc_id"].tolist(), desc["evidence"].tolist(), desc["name"].tolist()):
        dim, _, group = ev.partition(":")
        votes = cv if dim == "country" else pv
        want = title_set(role)
        cands = [
            a
            for a in sorted(in_doc.get(d, ()))
            if any(want <= r for r in roles[a]) and _winner(votes[a]) in (None, group)
        ]
        if len(cands) == 1:
            votes[cands[0]][group] += 1


def _propagate(named: pd.DataFrame, country: dict, party: dict, rounds: int = 2) -> None:
    links: dict[str, Counter] = defaultdict(Counter)
    for a, r, role in zip(named["actor"].tolist(), named["related_actor"].tolist(), named["role"].tolist()):
        if isinstance(r, str) and r != a and not ADVERSARIAL & set(role.lower().split()):
            links[a][r] += 1
    for _ in range(rounds):
        for a, rel in links.items():
            if country.get(a) is None:
                country[a] = _winner(Counter({country[r]: n for r, n in rel.items() if country.get(r)}))
            if party.get(a) is None:
                party[a] = _winner(Counter({party[r]: n for r, n in rel.items() if party.get(r)}))


def choose_dimension(actors: pd.DataFrame, top: int = 50) -> str:
    """ "party" or "country": which one splits this corpus's most-mentioned actors (see module doc)."""
    head = actors[actors["kind"].isin(("person", "organisation"))].head(top)
    countries = Counter(c for c in head["country"] if isinstance(c, str))
    parties = Counter(p for p in head["party"] if isinstance(p, str))
    placed = sum(countries.values())
    domestic = placed and countries.most_common(1)[0][1] >= DOMESTIC_SHARE * placed
    if domestic and sum(1 for n in parties.values() if n >= 2) >= 2:
        return "party"
    return "country"


def assign_groups(actors: pd.DataFrame, dimension: str) -> pd.Series:
    """The ``group`` of each actor for the chosen dimension: its party in a party corpus, its
    country otherwise, ``unknown`` when the text gives none. One scheme per column: a foreign
    leader in a party corpus is ``unknown`` there (its ``country`` column still says where it is
    from), so a reader never compares a party with a country."""
    values = actors["party"] if dimension == "party" else actors["country"]
    return pd.Series(
        [v if isinstance(v, str) and v else UNKNOWN for v in values.tolist()],
        index=actors.index,
        dtype="object",
    )


def story_groups(actors: pd.DataFrame, m: pd.DataFrame, story: Story, inferred: pd.Series) -> pd.Series:
    """Groups from a story file: a listed member (by name or any alias) takes its group; others
    take the story group their evidence names most; the rest the inferred group when the story
    says ``infer: true``, else ``unknown``."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for actor, ev, name in zip(m["actor"].tolist(), m["evidence"].tolist(), m["name"].tolist()):
        if not isinstance(actor, str):
            continue
        if name in story.members:
            votes[actor][story.members[name]] += 1000
        g = story.group_of_words(ev) if ev else None
        if g:
            votes[actor][g] += 1
    out = []
    for actor, guess in zip(actors["actor"], inferred):
        g = story.members.get(actor) or _winner(votes[actor])
        out.append(g or (guess if story.infer else UNKNOWN))
    return pd.Series(out, index=actors.index, dtype="object")

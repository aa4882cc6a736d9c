"""The actors of a corpus as something to look names up in: for attribution and sentiment.

Why one object: attribution needs "who is the speaker at this span, and in which group?";
sentiment needs "which actors are this corpus's targets, and where are they mentioned?". Both
must get the same answer the actors table gives, so both ask :class:`Actors`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis.actors.groups import UNKNOWN, mention_votes
from analysis.actors.names import parse_person, strip_possessive
from analysis.lexicons.gazetteer import Gazetteer, Story
from analysis.lexicons.groups import GroupWords, default_group_words


@dataclass
class Actors:
    """A corpus's actors (the ``actors`` table) and their ``mentions``, indexed for look-ups.

    Build it with :func:`analysis.actors.build` (or ``Actors(tables["actors"],
    tables["mentions"])`` from the tables of :func:`analysis.actors.extract`).
    """

    table: pd.DataFrame
    mentions: pd.DataFrame
    story: Story | None = None
    words: GroupWords = field(default_factory=default_group_words)
    dimension: str = "country"

    def __post_init__(self) -> None:
        self._group = dict(zip(self.table["actor"].tolist(), self.table["group"].tolist()))
        self._kind = dict(zip(self.table["actor"].tolist(), self.table["kind"].tolist()))

    @cached_property
    def _index(self) -> tuple[dict, dict, dict]:
        """(alias -> actor counts, (doc, alias) -> actor counts, doc -> mention spans), built on
        the first look-up: :func:`analysis.actors.extract` never needs it."""
        names: dict[str, Counter] = defaultdict(Counter)
        in_doc: dict[tuple, Counter] = defaultdict(Counter)
        spans: dict[object, list] = defaultdict(list)
        m = self.mentions
        for d, s, e, text, actor in zip(
            *(m[c].tolist() for c in ("doc_id", "start", "end", "text", "actor"))
        ):
            if not isinstance(actor, str):
                continue
            for alias in _forms(text):
                names[alias][actor] += 1
                in_doc[(d, alias)][actor] += 1
            spans[d].append((int(s), int(e), actor))
        for actor, aliases in zip(self.table["actor"].tolist(), self.table["aliases"].tolist()):
            names[actor][actor] += 1
            for a in str(aliases).split("; "):
                names[a][actor] += 0
        return names, in_doc, spans

    def lookup(self, alias: str, doc_id: object = None) -> str | None:
        """The actor an alias as written stands for ("Mrs. Clinton's" -> "Hillary Clinton").

        With ``doc_id`` the actor it was resolved to in that article wins (a bare "Clinton" may be
        Bill in one article and Hillary in another); otherwise the alias must name one actor in
        the whole corpus. None when unknown or ambiguous.
        """
        for form in _forms(alias):
            if doc_id is not None and (hit := self._index[1].get((doc_id, form))):
                return hit.most_common(1)[0][0]
            hit = self._index[0].get(form)
            if hit and len(hit) == 1:
                return next(iter(hit))
        return None

    def actor_at(self, doc_id: object, start: int, end: int) -> str | None:
        """The actor of the mention overlapping ``[start, end)`` in an article (a speaker span)."""
        for s, e, actor in self._index[2].get(doc_id, ()):
            if s < end and start < e:
                return actor
        return None

    def group_of(self, name: str, doc_id: object = None) -> str:
        """The group of an actor or of an alias of one; ``"unknown"`` when it is neither."""
        actor = name if name in self._group else self.lookup(name, doc_id)
        return self._group.get(actor, UNKNOWN) if actor else UNKNOWN

    def kind_of(self, name: str) -> str | None:
        """The kind of an actor (person, organisation, place, nationality), or None."""
        return self._kind.get(name)

    def group_of_words(self, text: str) -> str:
        """The group that words in ``text`` (a role: "Kremlin spokesman", "Labour MP") name, for
        a speaker that is no actor of the table; ``"unknown"`` when they name none."""
        if self.story is not None:
            g = self.story.group_of_words(text)
            if g or not self.story.infer:
                return g or UNKNOWN
        country, party = mention_votes(text, "person", self.words)
        if self.dimension == "party":
            return party or country or UNKNOWN
        return country or UNKNOWN

    def top(self, n: int = 20, kinds: tuple[str, ...] = ("person", "organisation", "place")) -> list[str]:
        """The ``n`` most-mentioned actors of the given kinds: a corpus's targets."""
        t = self.table[self.table["kind"].isin(kinds) & ~self.table["ambiguous"]]
        return list(t["actor"].head(n))

    def gazetteer(self, kinds: tuple[str, ...] = ("person", "organisation", "place")) -> Gazetteer:
        """This corpus's actors as a :class:`~analysis.lexicons.Gazetteer` (alias, actor, side =
        group, kind, role; side words = the group words of this corpus's dimension), for code
        written against the gazetteer interface. An alias two actors share is left out."""
        t = self.table[self.table["kind"].isin(kinds) & ~self.table["ambiguous"]]
        rows = []
        for actor, kind, role, group, aliases in zip(
            t["actor"], t["kind"], t["role"], t["group"], t["aliases"]
        ):
            for alias in dict.fromkeys([actor, *str(aliases).split("; ")]):
                if len(self._index[0].get(alias, {actor: 1})) == 1:
                    rows.append(
                        {"alias": alias, "actor": actor, "side": group, "kind": kind, "role": role or None}
                    )
        sides: dict[str, list[str]] = defaultdict(list)
        if self.story is not None:
            for group, words in self.story.groups.items():
                sides[group] += list(words)
        if self.story is None or self.story.infer:
            for phrase, (dim, group) in self.words.phrases.items():
                if dim == self.dimension or (dim == "country" and self.dimension == "party"):
                    sides[group].append(phrase)
        aliases = pd.DataFrame(rows, columns=["alias", "actor", "side", "kind", "role"])
        return Gazetteer(aliases=aliases, side_words={g: tuple(w) for g, w in sides.items() if w})

    def target_mentions(
        self, n: int = 20, kinds: tuple[str, ...] = ("person", "organisation", "place")
    ) -> pd.DataFrame:
        """Mentions of the :meth:`top` actors: ``doc_id, sent_id, start, end, text, actor, group``."""
        keep = self.mentions["actor"].isin(self.top(n, kinds))
        cols = ["doc_id", "sent_id", "start", "end", "text", "actor", "group"]
        return self.mentions.loc[keep, cols].reset_index(drop=True)


def _forms(alias: str) -> list[str]:
    """The forms an alias is looked up by: as written, then without titles and possessive."""
    a = " ".join(strip_possessive(alias.strip()).split())
    name = parse_person(a).name
    return list(dict.fromkeys(x for x in (a, name) if x))

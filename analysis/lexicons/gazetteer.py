"""The user's story file, and the older actors gazetteer read from it.

Why a story file: groups are inferred from generic words (:mod:`analysis.lexicons.groups`), but an
analyst may know their story better ("Government" and "Opposition", a cast's nicknames); a story
file (:func:`load_story`) states groups, members and aliases, and overrides inference. Nothing
here names the people of any one story.

:class:`Gazetteer` is the older interface (aliases with a side, side words) kept for the studies
that still call :func:`default_gazetteer`; by default it holds no story, only the countries and
their words (:func:`generic_gazetteer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from analysis.lexicons.aliases import alias_regex
from analysis.lexicons.groups import GroupWords, default_group_words
from analysis.schema import UNKNOWN


def groups_in(sides: pd.Series) -> list[str]:
    """The groups (``side`` values) present, most rows first, ``unknown`` last: a corpus's groups
    are its actors' groups (countries, parties, a story file's), never a fixed list, so tables and
    charts order their columns by this."""
    counts = sides.astype(object).fillna(UNKNOWN).value_counts(sort=True)
    return [g for g in counts.index if g != UNKNOWN] + ([UNKNOWN] if UNKNOWN in counts.index else [])


#: Dimensions a group can belong to.
DIMENSIONS = ("country", "party")


# --- the story file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """A user's account of their story: groups, who belongs to them, and names to merge.

    Attributes
    ----------
    groups : group name -> words that put an actor in it when they occur in its role or name.
    members : actor name or alias -> group.
    aliases : alias -> canonical actor name (every listed actor's names).
    kinds : canonical actor name -> kind (person, organisation, place, ...).
    roles : canonical actor name -> role.
    infer : also infer groups from the packaged country and party words for actors the story
        does not place (default False: a story file states the groups of the analysis).
    """

    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    infer: bool = False

    def group_of_words(self, text: str) -> str | None:
        """The story group named first by its words in ``text`` (a role, an organisation)."""
        best: tuple[int, str] | None = None
        for group, words in self.groups.items():
            if not words:
                continue
            m = story_regex(tuple(words)).search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), group)
        return best[1] if best else None


@lru_cache(maxsize=64)
def story_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word regex for a story's words: a word written in lower case ("shadow") matches in
    any case, a capitalised one ("Labour") only as written."""
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(f"(?i:{re.escape(w)})" if w == w.lower() else re.escape(w) for w in ordered)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")


def load_story(path: str | Path) -> Story:
    """Read a story file (YAML).

    Layout (every key optional)::

        groups:
          Government: {words: [Home Office, minister], members: [Jane Doe]}
          Opposition: {words: [shadow], members: [John Roe]}
        actors:
          - {name: Jane Doe, aliases: [Doe, J. Doe], group: Government, kind: person, role: Minister}
        infer: false   # true: packaged country/party words place actors the story does not

    The older gazetteer layout (``actors`` with ``side``, plus ``side_words``) is read too: sides
    become groups. Raises ``ValueError`` naming the file and the entry on a malformed entry.
    """
    data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a story file is a mapping with 'groups' and/or 'actors'")
    groups: dict[str, tuple[str, ...]] = {}
    members: dict[str, str] = {}
    for name, spec in (data.get("groups") or {}).items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: group {name!r} must be a mapping with 'words' and/or 'members'")
        groups[str(name)] = tuple(map(str, spec.get("words") or ()))
        for m in spec.get("members") or ():
            members[str(m)] = str(name)
    for side, words in (data.get("side_words") or {}).items():
        groups[str(side)] = tuple(dict.fromkeys([*groups.get(str(side), ()), *map(str, words)]))
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    roles: dict[str, str] = {}
    for i, entry in enumerate(data.get("actors") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{path}: actor #{i + 1} has no 'name'")
        name = str(entry["name"])
        for a in [name, *(entry.get("aliases") or [])]:
            aliases[str(a)] = name
        group = entry.get("group", entry.get("side"))
        if group and group != UNKNOWN:
            members[name] = str(group)
            groups.setdefault(str(group), ())
        if entry.get("kind"):
            kinds[name] = str(entry["kind"])
        if entry.get("role"):
            roles[name] = str(entry["role"])
    return Story(
        groups=groups,
        members=members,
        aliases=aliases,
        kinds=kinds,
        roles=roles,
        infer=bool(data.get("infer", False)),
    )


# --- the older gazetteer interface --------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    """Actors with their aliases, plus side words for speakers not listed by name.

    Attributes
    ----------
    aliases : DataFrame with columns ``alias, actor, side, kind, role`` (one row per alias).
    side_words : mapping side -> tuple of words or phrases that mark that side in a role or an
        organisation name.
    words : the packaged country and party words (:class:`GroupWords`), read by :meth:`side_of`
        after ``side_words``: a country's code is its side, a party's country is its members'.
        None for a story's own gazetteer, which states its sides itself.
    """

    aliases: pd.DataFrame
    side_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: GroupWords | None = None

    @property
    def actors(self) -> pd.DataFrame:
        """One row per actor: ``actor, side, kind, role``."""
        return self.aliases.drop(columns="alias").drop_duplicates("actor").reset_index(drop=True)

    def lookup(self, name: str) -> pd.Series | None:
        """The actor row for an exact alias (case-sensitive), or None."""
        hit = self.aliases[self.aliases["alias"] == name]
        return None if hit.empty else hit.iloc[0]

    def alias_pattern(self) -> re.Pattern[str]:
        """One regex matching any alias as a whole word, longest alias first."""
        return alias_regex(tuple(self.aliases["alias"]))

    def side_of(self, text: str) -> str:
        """The side named by words in ``text`` (a role, an organisation), or ``"unknown"``.

        The side whose words occur most often wins, the first one on a tie ("US ambassador to
        Russia" is US).
        """
        hits: list[tuple[int, str]] = []
        for side, words in self.side_words.items():
            hits += [(m.start(), side) for m in alias_regex(words).finditer(text)]
        if not hits and self.words is not None:
            hits = [(at, _country(self.words, dim, group)) for at, dim, group in self.words.find(text)]
            hits = [(at, side) for at, side in hits if side]
        if not hits:
            return UNKNOWN
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for at, side in hits:
            counts[side] = counts.get(side, 0) + 1
            first[side] = min(first.get(side, at), at)
        return max(counts, key=lambda s: (counts[s], -first[s]))


def _country(words: GroupWords, dimension: str, group: str) -> str | None:
    """A group phrase's country: itself for a country, its country for a party."""
    return group if dimension == "country" else words.country_of_party.get(group)


_ALIAS_COLUMNS = ["alias", "actor", "side", "kind", "role"]


def gazetteer_from_story(story: Story) -> Gazetteer:
    """The story's actors and group words in the older :class:`Gazetteer` form."""
    rows = [
        {
            "alias": a,
            "actor": n,
            "side": story.members.get(n, UNKNOWN),
            "kind": story.kinds.get(n, "person"),
            "role": story.roles.get(n),
        }
        for a, n in story.aliases.items()
    ]
    return Gazetteer(
        aliases=pd.DataFrame(rows, columns=_ALIAS_COLUMNS),
        side_words={g: w for g, w in story.groups.items() if w},
        words=default_group_words() if story.infer else None,
    )


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """A story file read as a :class:`Gazetteer`; the generic one (:func:`generic_gazetteer`)
    when ``path`` is None."""
    if path is None:
        return generic_gazetteer()
    return gazetteer_from_story(load_story(path))


def generic_gazetteer(words: GroupWords | None = None) -> Gazetteer:
    """World knowledge only, no story: every country (and international body) of
    ``countries.tsv`` is an actor named by its names and nationality words, its side its code;
    sides of other words come from the country and party words (``words``, packaged by default).
    People and organisations of a corpus are found in the corpus (:mod:`analysis.actors`)."""
    words = words or default_group_words()
    rows = [
        {"alias": phrase, "actor": name, "side": code, "kind": "country", "role": None}
        for phrase, name in words.actor_of.items()
        for dim, code in [words.phrases.get(phrase, ("", ""))]
        if dim == "country"
    ]
    return Gazetteer(aliases=pd.DataFrame(rows, columns=_ALIAS_COLUMNS), side_words={}, words=words)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The generic gazetteer (:func:`generic_gazetteer`), built once per process."""
    return generic_gazetteer()

"""Actors: the people, organisations, places and groups of a corpus, found in the corpus itself.

Why a study of its own: who a corpus is about, by which names, in which role and on which side,
is a result an analyst reads, and it feeds attribution (a speaker's actor and group) and target
sentiment (a corpus's targets are its most-mentioned actors). Nothing here lists any story's
cast: entities come from the text layer's recogniser (:mod:`analysis.text.entities`), aliases
are merged by rules (:mod:`analysis.actors.merge`), groups inferred from country and party words
(:mod:`analysis.actors.groups`), and a user's story file can state them instead
(:func:`load_story`).

Tables (:func:`extract`):

* ``mentions``: ``doc_id, sent_id, start, end, text, kind, actor, role, group`` -- one row per
  entity mention; offsets index ``docs.text``; ``actor`` is missing for kind ``other`` (laws,
  events, works).
* ``actors``: ``actor, kind, aliases, n_mentions, n_articles, role, group, country, party,
  ambiguous`` -- one row per actor, most mentioned first; ``aliases`` joined by ``"; "``;
  ``ambiguous`` marks a one-word name that fits two people (kept apart, not guessed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.actors.groups import UNKNOWN, actor_groups, assign_groups, choose_dimension, story_groups
from analysis.actors.lookup import Actors
from analysis.actors.mentions import MENTION_COLUMNS, describe_article, find_mentions
from analysis.actors.merge import actor_rows, merge
from analysis.lexicons.gazetteer import Story, load_story
from analysis.lexicons.groups import GroupWords, default_group_words
from analysis.schema import GROUPS

MENTIONS = schema.MENTIONS
ACTORS = schema.ACTORS

__all__ = [
    "ACTORS",
    "MENTIONS",
    "MENTION_COLUMNS",
    "UNKNOWN",
    "Actors",
    "Story",
    "build",
    "describe_article",
    "extract",
    "find_mentions",
    "group_scheme",
    "load_story",
    "resolve",
]


def _as_story(story: Story | str | Path | None) -> Story | None:
    return load_story(story) if isinstance(story, (str, Path)) else story


def resolve(
    mentions: pd.DataFrame, *, story: Story | str | Path | None = None, words: GroupWords | None = None
) -> Actors:
    """Merge per-article mention rows (:func:`find_mentions`, possibly from several partitions)
    into the corpus's actors with groups."""
    story = _as_story(story)
    words = words or default_group_words()
    m = merge(mentions, words, story)
    actors = actor_rows(m).merge(actor_groups(m, words), on="actor", how="left")
    # A country or a party has no role: words before "Labour" belong to the person after it
    # ("former Labour minister Jane Doe").
    groups_own = set(words.country_names.values()) | set(words.party_names)
    actors.loc[actors["actor"].isin(groups_own), "role"] = ""
    dimension = choose_dimension(actors)
    groups = assign_groups(actors, dimension)
    if story is not None:
        groups = story_groups(actors, m, story, groups)
    actors["group"] = groups
    m["group"] = m["actor"].map(dict(zip(actors["actor"], actors["group"])))
    actors = actors[ACTORS]
    for c in ("country", "party"):
        actors[c] = actors[c].astype("object").where(actors[c].notna(), None)
    return Actors(actors, m[MENTIONS], story=story, words=words, dimension=dimension)


#: The actor kinds the group table counts.
GROUPED_KINDS = ("person", "organisation")


def group_scheme(a: Actors) -> pd.DataFrame:
    """The corpus's group scheme and the size of each group (:data:`analysis.schema.GROUPS`).

    Why a table: the ``group`` column of every report means parties, countries or a story file's
    groups depending on the corpus (:func:`analysis.actors.groups.choose_dimension`); a reader
    needs to be told which, and how many actors none of them holds (``unknown``). Counted over
    the people and organisations (:data:`GROUPED_KINDS`), the actors that speak and take sides: a
    place has no party."""
    scheme = "story" if a.story is not None else a.dimension
    t = a.table[a.table["kind"].isin(GROUPED_KINDS)]
    per = (
        t.assign(group=t["group"].fillna(UNKNOWN))
        .groupby("group", sort=False)
        .agg(n_actors=("actor", "size"), n_mentions=("n_mentions", "sum"))
        .reset_index()
        .sort_values(["n_mentions", "group"], ascending=[False, True], kind="stable")
    )
    per.insert(0, "scheme", scheme)
    return per.astype({"n_actors": "int64", "n_mentions": "int64"}).reset_index(drop=True)[GROUPS]


def build(
    docs: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    story: Story | str | Path | None = None,
    backend: str = "tagger",
) -> Actors:
    """The :class:`Actors` of ``docs`` (columns ``doc_id``, ``text``).

    ``sentences``: the sentences table when the caller has it; ``story``: a story file (path or
    :class:`Story`) whose groups, members and aliases override inference; ``backend``: the
    entity recogniser, ``"tagger"`` (default, fast) or ``"spacy"``.
    """
    return resolve(find_mentions(docs, sentences, backend=backend), story=story)


def extract(
    docs: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    story: Story | str | Path | None = None,
    backend: str = "tagger",
) -> dict[str, pd.DataFrame]:
    """The ``mentions`` and ``actors`` tables of ``docs`` (see the module docstring)."""
    a = build(docs, sentences, story=story, backend=backend)
    actors = a.table.copy()
    actors.attrs["dimension"] = a.dimension
    return {"mentions": a.mentions.copy(), "actors": actors}

"""Tables an analyst reads from the actors study: who leads each group, what each group weighs.

Plain functions over the ``actors`` and ``mentions`` tables of :func:`analysis.actors.extract`,
so a notebook only calls and shows.
"""

from __future__ import annotations

import pandas as pd

KEY_KINDS = ("person", "organisation")


def top_actors(actors: pd.DataFrame, n: int = 20, kinds: tuple[str, ...] = KEY_KINDS) -> pd.DataFrame:
    """The ``n`` most-mentioned actors of the given kinds (ambiguous surnames left out):
    ``actor, kind, group, role, n_mentions, n_articles``."""
    t = actors[actors["kind"].isin(kinds) & ~actors["ambiguous"].astype(bool)]
    cols = ["actor", "kind", "group", "role", "n_mentions", "n_articles"]
    return (
        t.sort_values(["n_mentions", "actor"], ascending=[False, True])[cols].head(n).reset_index(drop=True)
    )


def group_summary(actors: pd.DataFrame, kinds: tuple[str, ...] = KEY_KINDS) -> pd.DataFrame:
    """Per group: how many actors, how many mentions, and its three most-mentioned actors.

    ``unknown`` is a row like any other: the share of mentions the text does not place is part of
    the answer.
    """
    t = actors[actors["kind"].isin(kinds)]
    rows = []
    for group, grp in t.groupby("group", sort=False):
        grp = grp.sort_values(["n_mentions", "actor"], ascending=[False, True])
        rows.append(
            {
                "group": group,
                "n_actors": len(grp),
                "n_mentions": int(grp["n_mentions"].sum()),
                "leading": ", ".join(grp["actor"].head(3)),
            }
        )
    out = pd.DataFrame(rows, columns=["group", "n_actors", "n_mentions", "leading"])
    return out.sort_values(["n_mentions", "group"], ascending=[False, True]).reset_index(drop=True)


def mentions_by_article(mentions: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Mention counts of the given actors per article (rows: ``doc_id``; columns: actors)."""
    m = mentions[mentions["actor"].isin(actors)]
    table = m.groupby(["doc_id", "actor"]).size().unstack("actor", fill_value=0)
    return table.reindex(columns=[a for a in actors if a in table.columns])

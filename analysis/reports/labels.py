"""The words every report uses for what is missing, pooled or counted: one place for each.

Why one module: the same missing outlet read "(not stated)" in one report and "(unknown)" in
another, and a pooled row was worded three ways by three copies of the same f-string; a reader
comparing two reports must meet the same words for the same thing.
"""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.corpus import NOT_STATED

__all__ = [
    "NOT_STATED",
    "OTHER_OUTLETS",
    "UNKNOWN",
    "headers",
    "is_outlet",
    "other_outlets",
    "outlet_groups",
    "plural",
    "pooled",
    "small_outlets",
    "topic_labels",
]

#: A group (side, voice) that the studies could not name.
UNKNOWN = schema.UNKNOWN
#: How every pooled row of outlets begins (so a view can tell a pooled row from an outlet).
OTHER_OUTLETS = "other outlets"


def plural(n: int, word: str) -> str:
    """``"1 article"``, ``"2 articles"``, ``"1,204 articles"`` (regular plurals only)."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def pooled(min_n: int) -> str:
    """The row that pools the groups under ``min_n`` units: ``other (n < 5)``."""
    return f"other (n < {min_n})"


def other_outlets(k: int) -> str:
    """The row that pools the outlets beyond a table's top ones: ``other outlets (3)``."""
    return f"{OTHER_OUTLETS} ({k:,})"


def small_outlets(min_n: int) -> str:
    """The row that pools the outlets with too few articles: ``other outlets (each < 5 articles)``."""
    return f"{OTHER_OUTLETS} (each < {min_n} articles)"


def is_outlet(name: object) -> bool:
    """Whether a row of an outlet table is one outlet: not ``(not stated)``, ``unknown`` or a
    pooled row. Why one test: "comparable outlets" were 9 in three reports and 10 in one that
    counted its "(no outlet stated)" row as an outlet."""
    text = str(name)
    return text not in (NOT_STATED, UNKNOWN) and not text.startswith(OTHER_OUTLETS)


def outlet_groups(docs: pd.DataFrame, min_articles: int) -> pd.Series:
    """doc_id → the outlet row every report counts the article in: its outlet when the outlet has
    at least ``min_articles`` of ``docs`` (the analysed articles), else :func:`small_outlets`;
    articles with no outlet are :data:`NOT_STATED`.

    Why one function: the topics, sentiment, sources and synthesis reports each pooled small
    outlets their own way, so one outlet was 3 articles in one report and part of a pool in
    another; with this, an outlet row holds the same articles in every report."""
    outlet = docs["outlet"].astype("object")
    sizes = outlet.value_counts()
    small = outlet.map(sizes).fillna(0) < min_articles
    group = outlet.where(~small | outlet.isna(), small_outlets(min_articles))
    return pd.Series(group.fillna(NOT_STATED).to_numpy(), index=docs["doc_id"].to_numpy())


def headers(frame: pd.DataFrame, names: dict[str, str]) -> dict[str, str]:
    """The entries of ``names`` (column → header) whose column ``frame`` has and fills for some
    row, in ``names``' order: the ``columns`` of a report table, so that a column a corpus lacks
    (outlet, date) or leaves empty (no probability where no model could learn) is not shown."""
    return {c: h for c, h in names.items() if c in frame.columns and frame[c].notna().any()}


def topic_labels(topic_quality: pd.DataFrame) -> dict[int, str]:
    """Topic number → ``"3: sanctions / law / bill"`` from the store's ``topic_quality`` table
    (the number keeps two alike labels apart)."""
    return {int(t): f"{int(t)}: {label}" for t, label in zip(topic_quality["topic"], topic_quality["label"])}

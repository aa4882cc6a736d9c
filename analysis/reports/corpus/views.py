"""Tables of the corpus report (``notebooks/00_corpus.ipynb``): what is in the corpus before any
study reads it, from the store's ``docs``, ``problems`` and ``boilerplate`` tables.

Why tables of formatted facts and counts, not the docs table itself: on 100,000 articles the
report must stay small, so each function returns a summary (a row per outlet, period, kind of
problem, removed line) and never the text of the articles.

The docs table here is the store's (``store.table("docs", columns=DOC_COLUMNS)``): every article
read, ``analysed`` False for the copies set aside (``duplicate_of`` names their original).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import schema
from analysis.corpus import problem_kind
from analysis.reports.labels import NOT_STATED, other_outlets, plural

#: Columns of the docs table the corpus report reads (never the text, but for distinctive terms).
DOC_COLUMNS = schema.DOCS_FOR_OVERVIEW
#: How a missing outlet, date source or title shows in a table.
UNTITLED = "(untitled)"


def _of(k: int, n: int) -> str:
    """``"2 of 5 (40%)"``; the share only when there are enough to make a share meaningful."""
    return f"{k:,} of {n:,}" + (f" ({k / n:.0%})" if n >= 10 else "")


def facts(docs: pd.DataFrame, problems: pd.DataFrame, n_files: int) -> pd.DataFrame:
    """The corpus in a handful of facts: ``fact, value`` (values formatted as text); ``problems``
    is the table of :func:`problems_by_kind`.

    Why every fact but the first two counts the analysed articles: the other reports count those,
    and a copy set aside would otherwise add an outlet or a date no other report shows."""
    n = len(docs)
    analysed = docs[docs["analysed"]]
    k = len(analysed)
    dates = analysed["date"].dropna()
    words = analysed["n_words"].dropna()
    rows = [
        ("Articles read", f"{n:,} from {plural(n_files, 'file')}"),
        ("Analysed by the studies", _of(k, n)),
        ("Set aside as copies of another article", f"{n - k:,}"),
        ("Input problems (files or rows skipped or read with a caveat)", f"{int(problems['count'].sum()):,}"),
        ("Analysed articles that state their outlet", _of(int(analysed["outlet"].notna().sum()), k)),
        ("Distinct outlets of the analysed articles", f"{analysed['outlet'].nunique():,}"),
        ("Analysed articles that state their date", _of(len(dates), k)),
        ("Dates", f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "none stated"),
        ("Words in analysed articles", f"{int(words.sum()):,}"),
        ("Median words per analysed article", f"{words.median():,.0f}" if len(words) else "none"),
    ]
    return pd.DataFrame(rows, columns=["fact", "value"])


def article_list(docs: pd.DataFrame, links: dict[str, str] | None = None) -> pd.DataFrame:
    """Every article read, in corpus order: title, outlet, date, words, where outlet and date were
    stated, whether it is analysed or a copy (of which title), its file, and ``href`` (the article
    page when one was written, else empty)."""
    titles = docs.set_index("doc_id")["title"]
    original = docs["duplicate_of"].map(titles).fillna(docs["duplicate_of"])
    status = pd.Series("analysed", index=docs.index).where(
        docs["analysed"], "copy of: " + original.astype(str)
    )
    return pd.DataFrame(
        {
            "title": docs["title"].fillna(UNTITLED).replace("", UNTITLED),
            "outlet": docs["outlet"].fillna(""),
            "date": docs["date"],
            "words": docs["n_words"],
            "outlet stated in": docs["outlet_from"].fillna(""),
            "date stated in": docs["date_from"].fillna(""),
            "status": status,
            "file": docs["source_path"].fillna(""),
            "doc_id": docs["doc_id"],
            "href": docs["doc_id"].map(links or {}),
        }
    ).reset_index(drop=True)


def outlet_counts(docs: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """Analysed articles per outlet, largest first: ``outlet, articles, copies`` (``copies``: the
    copies of this outlet set aside, in no count of any report); articles with no outlet form
    ``(not stated)``; outlets beyond the ``top`` are pooled as ``other outlets (k)``.

    Why ``articles`` counts the analysed articles: it is the number every other report gives for
    the outlet (an outlet read 3 times of which 1 copy is 2 articles everywhere)."""
    outlet = docs["outlet"].astype("object").where(docs["outlet"].notna(), NOT_STATED)
    table = (
        pd.DataFrame({"outlet": outlet, "analysed": docs["analysed"].astype(int)})
        .assign(copy=lambda f: 1 - f["analysed"])
        .groupby("outlet")
        .agg(articles=("analysed", "sum"), copies=("copy", "sum"))
        .reset_index()
        .sort_values(["articles", "outlet"], ascending=[False, True])
        .reset_index(drop=True)
    )
    if len(table) > top:
        rest = table.iloc[top - 1 :]
        pooled = pd.DataFrame(
            [
                {
                    "outlet": other_outlets(len(rest)),
                    "articles": rest["articles"].sum(),
                    "copies": rest["copies"].sum(),
                }
            ]
        )
        table = pd.concat([table.iloc[: top - 1], pooled], ignore_index=True)
    return table


def period_freq(dates: pd.Series) -> str:
    """Day, week or month (``D``, ``W``, ``MS``), chosen so the span gives a readable number of bars."""
    span = (dates.max() - dates.min()).days if len(dates) else 0
    return "D" if span <= 62 else "W" if span <= 730 else "MS"


def articles_per_period(docs: pd.DataFrame, freq: str = "auto") -> pd.DataFrame:
    """Dated analysed articles per period (``period, articles``: the months the topics report
    counts); periods with none between the first and last are kept as 0, so a gap shows as a gap."""
    dated = docs[docs["analysed"]].dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(
            {"period": pd.Series(dtype="datetime64[ns]"), "articles": pd.Series(dtype="int64")}
        )
    freq = period_freq(dated["date"]) if freq == "auto" else freq
    counts = dated.set_index("date").resample(freq).size()
    return counts.rename_axis("period").reset_index(name="articles")


def duplicates(docs: pd.DataFrame, links: dict[str, str] | None = None) -> pd.DataFrame:
    """The copies set aside: ``copy, copy outlet, original, original outlet, copy file`` (titles),
    with ``doc_id``, ``original_id`` and ``original_href`` (the original's article page, when
    written); the original is the article the studies analysed. ``analysed`` says whether the copy
    was analysed too (``keep_duplicates``), so the prose never calls a kept copy "set aside"."""
    flagged = docs[docs["duplicate_of"].notna()]
    analysed = flagged["analysed"] if "analysed" in flagged.columns else pd.Series(False, index=flagged.index)
    by_id = docs.set_index("doc_id")
    original = by_id.reindex(flagged["duplicate_of"])
    return pd.DataFrame(
        {
            "copy": flagged["title"].fillna(UNTITLED).to_numpy(),
            "copy outlet": flagged["outlet"].fillna("").to_numpy(),
            "original": original["title"].fillna(UNTITLED).to_numpy(),
            "original outlet": original["outlet"].fillna("").to_numpy(),
            "copy file": flagged["source_path"].fillna("").to_numpy(),
            "doc_id": flagged["doc_id"].to_numpy(),
            "original_id": flagged["duplicate_of"].to_numpy(),
            "original_href": flagged["duplicate_of"].map(links or {}).to_numpy(),
            "analysed": analysed.fillna(False).astype(bool).to_numpy(),
        }
    )


def problems_by_kind(problems: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """Input problems grouped by kind (:func:`analysis.corpus.problem_kind`): ``kind, count,
    files, examples``, the most frequent kind first; ``examples`` lists up to ``examples`` of them.

    A problems table that is grouped already (``kind`` and ``count`` columns) keeps its groups.
    """
    if problems.empty:
        return pd.DataFrame(columns=["kind", "count", "files", "examples"])
    kind = (
        problems["kind"] if "kind" in problems.columns else problems["problem"].astype(str).map(problem_kind)
    )
    frame = problems.assign(
        kind=kind,
        weight=problems["count"] if "count" in problems.columns else 1,
        line=problems["path"].astype(str) + ": " + problems["problem"].astype(str),
    )
    rows = []
    for name, group in frame.groupby("kind", sort=False):
        lines = group["line"].tolist()
        more = f"; … {len(lines) - examples:,} more" if len(lines) > examples else ""
        rows.append(
            {
                "kind": name,
                "count": int(group["weight"].sum()),
                "files": len(files_of(group)),
                "examples": grouped_examples(group) or "; ".join(lines[:examples]) + more,
            }
        )
    return pd.DataFrame(rows).sort_values(["count", "kind"], ascending=[False, True]).reset_index(drop=True)


def files_of(group: pd.DataFrame) -> set[str]:
    """The files a kind of problem was met in: a grouped row's ``paths`` (joined by ``"; "`` in the
    store), else the rows' ``path``.

    Why: a grouped row's ``path`` is ``"2 files"``, so counting distinct paths said "count 2,
    files 1" for a problem met in two files."""
    if "paths" not in group.columns or not group["paths"].notna().any():
        return set(group["path"].astype(str))
    return {p for value in group["paths"].dropna().astype(str) for p in value.split("; ") if p}


def grouped_examples(group: pd.DataFrame) -> str:
    """The examples a grouped row keeps (each ``path: problem``), or "" for ungrouped rows."""
    if "examples" not in group.columns or not group["examples"].notna().any():
        return ""
    return "; ".join(group["examples"].dropna().astype(str))


def boilerplate_summary(
    boilerplate: pd.DataFrame, docs: pd.DataFrame, links: dict[str, str] | None = None
) -> pd.DataFrame:
    """What cleaning removed, one row per removed text: ``removed text, kind, times, articles,
    example article`` (and its ``doc_id`` and ``href``), the most widespread first (from the
    store's ``boilerplate`` table: ``doc_id, start, end, text, kind, ...``)."""
    if boilerplate.empty:
        return pd.DataFrame(
            columns=["removed text", "kind", "times", "articles", "example article", "doc_id", "href"]
        )
    titles = docs.set_index("doc_id")["title"]
    table = (
        boilerplate.assign(
            text=boilerplate["text"].astype(str).str.strip(),
            kind=boilerplate["kind"].fillna("") if "kind" in boilerplate else "",
        )
        .groupby(["text", "kind"], sort=False)
        .agg(times=("doc_id", "size"), articles=("doc_id", "nunique"), doc_id=("doc_id", "first"))
        .reset_index()
    )
    table["example article"] = table["doc_id"].map(titles).fillna(UNTITLED)
    table["href"] = table["doc_id"].map(links or {})
    table = table.rename(columns={"text": "removed text"})
    return table.sort_values(
        ["articles", "times", "removed text"], ascending=[False, False, True]
    ).reset_index(drop=True)[
        ["removed text", "kind", "times", "articles", "example article", "doc_id", "href"]
    ]


def length_summary(docs: pd.DataFrame, short: int = 50) -> dict[str, float]:
    """Lengths of the analysed articles in words: ``n, median, q1, q3, min, max, short`` (the
    number under ``short`` words: teasers, briefs or failed extractions)."""
    words = docs.loc[docs["analysed"], "n_words"].dropna().astype(int)
    if words.empty:
        return {"n": 0}
    return {
        "n": len(words),
        "median": float(words.median()),
        "q1": float(words.quantile(0.25)),
        "q3": float(words.quantile(0.75)),
        "min": int(words.min()),
        "max": int(words.max()),
        "short": int((words < short).sum()),
        "short_limit": short,
    }


def length_bins(docs: pd.DataFrame) -> pd.DataFrame:
    """The analysed articles per band of length in words: ``band, low, high, articles``.

    Equal-width bands over the lengths' range, 5 to 30 of them (a third of the articles, so a small
    corpus gets few wide bands); the histogram of the corpus report draws them.
    """
    words = docs.loc[docs["analysed"], "n_words"].dropna().to_numpy(dtype=float)
    if not len(words):
        return pd.DataFrame(columns=["band", "low", "high", "articles"])
    counts, edges = np.histogram(words, bins=min(30, max(5, len(words) // 3)))
    return pd.DataFrame(
        {
            "band": [f"{lo:,.0f}–{hi:,.0f}" for lo, hi in zip(edges[:-1], edges[1:])],
            "low": edges[:-1],
            "high": edges[1:],
            "articles": counts.astype(int),
        }
    )

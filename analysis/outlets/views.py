"""Tables the outlets report shows: small views over the predictions, reuse and citation tables.

Each takes the study's tables and returns a small DataFrame or Series, so the notebook only calls
and displays, and the same view can be tested.
"""

from __future__ import annotations

import pandas as pd

from analysis.outlets.reuse import find_reuse, passages, reuse_matrix


def unlabelled(predictions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Predictions of the articles without a stated outlet, with their titles:
    ``doc_id, outlet, predicted_outlet, probability, title``."""
    missing = predictions[predictions["outlet"].isna()]
    titles = docs[["doc_id", "title"]] if "title" in docs else docs[["doc_id"]].assign(title=pd.NA)
    return missing.merge(titles, on="doc_id")


def predicted_counts(predictions: pd.DataFrame, top: int | None = None) -> pd.Series:
    """How many articles without a stated outlet were given each answer (``"unknown"`` included),
    most frequent first; ``top`` keeps the first rows."""
    counts = predictions.loc[predictions["outlet"].isna(), "predicted_outlet"].value_counts()
    return counts if top is None else counts.head(top)


def out_of_fold_accuracy(predictions: pd.DataFrame) -> pd.Series:
    """For each known outlet, the share of its articles predicted right by a model that never saw
    them (the rows of :func:`analysis.outlets.predict_outlets` with a known outlet and a
    probability); empty when no outlet could be checked."""
    known = predictions[predictions["outlet"].notna() & predictions["probability"].notna()]
    return (known["predicted_outlet"] == known["outlet"]).groupby(known["outlet"]).mean()


def matrix(reuse: pd.DataFrame, docs: pd.DataFrame, top: int) -> pd.DataFrame:
    """The reuse matrix of a report: every article when the corpus has at most ``top`` of them
    (so an empty diagonal says "nothing shared"), else the ``top`` most reused."""
    doc_ids = docs["doc_id"] if len(docs) <= top else None
    return reuse_matrix(reuse, doc_ids, top=top)


def focus_article(docs: pd.DataFrame, doc_id: str) -> str:
    """``doc_id`` when the corpus has it, else the first article (a report parameter that names an
    article of another corpus still shows something)."""
    return doc_id if doc_id in set(docs["doc_id"]) else str(docs["doc_id"].iloc[0])


def title_of(docs: pd.DataFrame, doc_id: str) -> str:
    """The title of article ``doc_id`` ("" when the corpus has no titles)."""
    if "title" not in docs:
        return ""
    title = docs.loc[docs["doc_id"] == doc_id, "title"]
    return "" if title.empty or pd.isna(title.iloc[0]) else str(title.iloc[0])


def of_article(table: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """Rows of a table (citations, the citation chain) about article ``doc_id``."""
    return table[table["doc_id"] == doc_id]


def involving(table: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """Rows of a reuse table where ``doc_id`` is the source or the target."""
    return table[(table["source_doc"] == doc_id) | (table["target_doc"] == doc_id)]


def shared_phrases(docs: pd.DataFrame, doc_id: str, *, n: int, top: int) -> pd.DataFrame:
    """The short phrases (``n`` words and up) article ``doc_id`` shares with the others, as
    :func:`analysis.outlets.passages` rows for its ``top`` pairs with the most shared words:
    names and stock wording, shown so a reader sees that no copied passage is a real absence."""
    pairs = involving(find_reuse(docs, n=n, min_words=n), doc_id).head(top)
    shown = [passages(docs, r.source_doc, r.target_doc, n=n, min_words=n) for r in pairs.itertuples()]
    columns = ["source_doc", "target_doc", "n_words", "source_text", "target_text"]
    if not shown:
        return pd.DataFrame(columns=columns)
    return pd.concat(shown, ignore_index=True)[columns]


def citing_articles(cites: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Articles citing each outlet: ``cited, side, articles``, fewest first (bar-chart order),
    ``top`` keeps the most cited."""
    per = (
        cites.drop_duplicates(["doc_id", "cited"])
        .groupby(["cited", "side"])
        .size()
        .rename("articles")
        .sort_values()
    )
    if top is not None:
        per = per.tail(top)
    return per.reset_index()

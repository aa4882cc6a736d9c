"""Everything the outlets report (``notebooks/05_outlets.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; every table, the sentences that read
them and their headers are computed here, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.outlets.check import MIN_PRECISION
from analysis.reports.outlets import charts, views
from analysis.reports.stats import MIN_N

#: Report headers of the outlets tables (column → header; a table shows those it has).
HEADERS = {
    "article": "article",
    "date": "date",
    "predicted_outlet": "answer",
    "closest_outlet": "closest outlet",
    "probability": "probability",
    "similarity": "similarity",
    "unknown_reason": "why unknown",
    "outlet": "outlet",
    "n": "checked",
    "right": "right",
    "other": "another outlet",
    "unknown": "unknown",
    "accuracy": "right (share)",
    "low": "95% low",
    "high": "95% high",
    "enough": "compared",
    "named": "answers naming it",
    "precision": "right when named",
    "answered": "named for unstated articles",
    "reason": "why not named",
    "cited": "cited",
    "kind": "kind",
    "side": "side",
    "articles": "citing articles",
    "mentions": "mentions",
}
#: Columns shown as shares.
SHARES = {
    "probability": "share",
    "accuracy": "share",
    "precision": "share",
    "low": "share",
    "high": "share",
    "share_of_target": "share",
    "share_of_source": "share",
}
PIECE_HEADERS = {
    "article": "citing article",
    "cited": "cited",
    "context": "citing sentence(s)",
    "piece": "piece in corpus",
    "cited_article": "cited piece",
    "matched_by": "matched by",
    "outlet_articles": "articles of that outlet here",
}
PAIR_HEADERS = {
    "source": "source",
    "source_outlet": "source outlet",
    "target": "target",
    "target_outlet": "target outlet",
    "shared_words": "shared words",
    "share_of_target": "share of target",
    "share_of_source": "share of source",
    "direction": "direction",
    "passages": "passages",
}
PASSAGE_HEADERS = {
    "source": "source",
    "target": "target",
    "n_words": "words",
    "source_text": "passage in the source",
    "target_text": "passage in the target",
}


@dataclass
class OutletsReport:
    """The tables of the outlets report and the notes that read them, in the order shown."""

    predictions_note: str
    answers: pd.DataFrame
    unlabelled: pd.DataFrame
    accuracy_note: str
    accuracy: pd.DataFrame
    cited: pd.DataFrame
    top_cited: int
    pieces_note: str
    pieces: pd.DataFrame
    reuse_note: str
    pairs: pd.DataFrame | None
    passages: pd.DataFrame | None
    top_pairs: int
    cells: pd.DataFrame | None


def load(
    store, *, min_n: int = MIN_N, top_cited: int = 20, top_pairs: int = 10, max_matrix: int = 30
) -> OutletsReport:
    """The outlets report of ``store``: outlets with under ``min_n`` checked articles not compared."""
    # the analysed articles only: a copy set aside is in no count (the reuse pairs leave it out too)
    docs = store.table("docs", columns=["doc_id", "title", "outlet", "date", "analysed"]).query("analysed")
    predictions = store.table("outlet_predictions")
    check = store.table("outlet_check")
    bound = store.parameters["outlets"].get("min_precision", MIN_PRECISION)
    cites = store.table("citations")
    reuse = store.table("reuse")
    texts = views.of_articles(store.table("docs", columns=["doc_id", "text"]), cites["doc_id"])
    pieces = views.cited_pieces(cites, docs, texts, predictions)
    min_words = views.reuse_min_words()
    pairs = shared = cells = None
    if len(reuse):
        pairs = views.reuse_table(reuse, docs)
        texts = views.of_articles(
            store.table("docs", columns=["doc_id", "title", "text"]), views.reuse_docs(reuse)
        )
        n = store.parameters["outlets"]["reuse_n"]
        shared = views.reuse_passages(reuse, texts, n=n, min_words=min_words, top=top_pairs)
        cells = views.matrix_cells(reuse, docs, top=max_matrix)
    return OutletsReport(
        predictions_note=views.check_lead(check, min_precision=bound)
        + "\n\n"
        + charts.predictions_note(predictions),
        answers=views.answer_counts(predictions),
        unlabelled=views.unlabelled_table(predictions, docs),
        accuracy_note=charts.accuracy_note(predictions, min_n=min_n),
        accuracy=views.with_check(views.accuracy_table(predictions, min_n=min_n), check),
        cited=views.cited_counts(cites),
        top_cited=top_cited,
        pieces_note=charts.pieces_note(pieces),
        pieces=pieces,
        reuse_note=charts.reuse_note(
            reuse, len(docs), min_words, store.parameters["outlets"].get("reuse_top")
        ),
        pairs=pairs,
        passages=shared,
        top_pairs=top_pairs,
        cells=cells,
    )


def answer_bars(report: OutletsReport):
    """Bars of the answers for the articles without a stated outlet, and the alt text."""
    alt = (
        "Bars: articles without a stated outlet per answer; "
        + "; ".join(f"{a.answer}: {a.articles}" for a in report.answers.head(8).itertuples())
        + "."
    )
    return charts.answers(report.answers), alt


def cited_bars(report: OutletsReport):
    """Bars of the most cited outlets and agencies, and the alt text."""
    cited = report.cited
    alt = (
        f"Bars: articles citing each of the {min(report.top_cited, len(cited))} most cited outlets and agencies; "
        f"most cited: {cited['cited'].iloc[0]} ({cited['articles'].iloc[0]} articles)."
    )
    return charts.cited_bars(cited, top=report.top_cited), alt


def reuse_heatmap(report: OutletsReport):
    """The reuse heat map and its alt text."""
    cells = report.cells
    alt = (
        f"Heat map of the share of each target article reused from "
        f"each source, {cells['source'].nunique()} articles; largest share {cells['share'].max():.0%}."
    )
    return charts.reuse_heatmap(cells), alt

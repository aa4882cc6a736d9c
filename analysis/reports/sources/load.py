"""Everything the sources report (``notebooks/03_sources.ipynb``) shows, computed from the store.

Why one ``load``: the notebook only shows and explains; the tables, the sentences that read them
and the headers they are shown with live here, testable without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.render.people import people_links, with_person_links
from analysis.reports.sources import views
from analysis.reports.stats import MIN_N
from analysis.reports.synthesis import prose
from analysis.reports.synthesis import views as synthesis_views

#: Report headers of each table (column → header), in the order shown.
SPEAKER_HEADERS = {
    "speaker": "speaker",
    "side": "side",
    "speaker_kind": "kind",
    "attributions": "attributions",
    "articles": "articles",
    "direct": "direct",
    "indirect": "indirect",
    "mixed": "mixed",
}
CUE_HEADERS = {
    "side": "side",
    "cue": "cue",
    "count": "uses",
    "share": "share of the side's cues",
    "loaded": "loaded",
}
CITED_HEADERS = {
    "speaker": "source",
    "speaker_kind": "kind",
    "side": "side",
    "attributions": "attributions",
    "articles": "articles",
}
QUOTE_HEADERS = {
    "article": "article",
    "outlet": "outlet",
    "speaker": "speaker",
    "side": "side",
    "type": "type",
    "cue": "cue",
    "passage": "in its sentences (quote marked)",
}


@dataclass
class SourcesReport:
    """The tables of the sources report, in the order it shows them."""

    sentence: str
    speakers: pd.DataFrame
    top_speakers: pd.DataFrame
    by_side: pd.DataFrame
    n_attributions: int
    balance: pd.DataFrame
    balance_sentence: str
    outlet_sides: pd.DataFrame | None
    loaded_sentence: str
    cues: pd.DataFrame
    cited: pd.DataFrame
    grid: pd.DataFrame
    quotes: pd.DataFrame


def load(store, links: dict[str, str], *, top_speakers: int = 15, min_n: int = MIN_N):
    """The sources report of ``store`` (article pages at ``links``): outlets under ``min_n``
    analysed articles pooled, shares of groups under ``min_n`` attributions without intervals."""
    docs = store.table("docs", columns=["doc_id", "title", "outlet", "text", "analysed"]).query("analysed")
    table = store.table("attributions")
    attrs = views.attribution_rows(table)
    speakers = views.speaker_table(table)
    by_side = views.type_by_side(table)
    if len(by_side):
        by_side = by_side.assign(attributions=by_side[["direct", "indirect", "mixed"]].sum(axis=1))
    quotes = attrs.assign(tone=float("nan"))  # the outlet table of the synthesis, without tone
    balance = synthesis_views.outlet_balance(quotes, docs, min_articles=min_n, min_n=min_n)
    compared = int(balance["comparable"].sum()) >= 2
    sentences = store.table("sentences", columns=["doc_id", "start", "end"])
    pages = people_links(store)  # a speaker cell links to the speaker's page

    def linked(frame: pd.DataFrame) -> pd.DataFrame:
        return with_person_links(frame, "speaker", "speaker", pages)

    return SourcesReport(
        sentence=prose.sources_sentence(attrs, len(docs))
        + " "
        + prose.groups_sentence(store.table("groups"), attrs["side"] if len(attrs) else None),
        speakers=linked(speakers),
        top_speakers=speakers.head(top_speakers),
        by_side=by_side,
        n_attributions=len(attrs),
        balance=balance,
        balance_sentence=prose.outlets_sentence(balance, min_n, min_n),
        outlet_sides=synthesis_views.outlet_sides(quotes, docs, min_n, min_n) if compared else None,
        loaded_sentence=prose.loaded_sentence(views.loaded_share(table), min_n),
        cues=views.cue_verbs_by_side(table, top=10**6),
        cited=linked(views.cited_sources(table)),
        grid=views.speaker_article_grid(table, docs, top=top_speakers),
        quotes=linked(views.quote_list(table, docs, sentences, links)),
    )

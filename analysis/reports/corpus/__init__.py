"""The corpus report's study: what is in the corpus before any study reads it.

:mod:`.views` (tables from the store's docs, problems and boilerplate tables), :mod:`.terms`
(distinctive words per outlet, only where outlets have enough articles), :mod:`.prose` (sentences
computed from the data and hedged by n) and :mod:`.charts` (Bokeh); :func:`load` computes every
table the report shows.
"""

from analysis.reports.corpus import charts, prose, terms, views
from analysis.reports.corpus.load import CorpusReport, load
from analysis.reports.corpus.terms import comparable_groups, distinctive_terms, terms_by_group
from analysis.reports.corpus.views import (
    DOC_COLUMNS,
    article_list,
    articles_per_period,
    boilerplate_summary,
    duplicates,
    facts,
    length_bins,
    length_summary,
    outlet_counts,
    problems_by_kind,
)

__all__ = [
    "CorpusReport",
    "load",
    "DOC_COLUMNS",
    "article_list",
    "articles_per_period",
    "boilerplate_summary",
    "charts",
    "comparable_groups",
    "distinctive_terms",
    "duplicates",
    "facts",
    "length_bins",
    "length_summary",
    "outlet_counts",
    "problems_by_kind",
    "prose",
    "terms",
    "terms_by_group",
    "views",
]

"""The sources report (03_sources): who is quoted, with which cue verb, from which group.

:func:`load` computes every table the report shows (:class:`SourcesReport`); :mod:`.views` holds
the table builders, :mod:`.charts` draws them.
"""

from analysis.reports.sources import charts, views
from analysis.reports.sources.load import (
    CITED_HEADERS,
    CUE_HEADERS,
    QUOTE_HEADERS,
    SPEAKER_HEADERS,
    SourcesReport,
    load,
)

__all__ = [
    "CITED_HEADERS",
    "CUE_HEADERS",
    "QUOTE_HEADERS",
    "SPEAKER_HEADERS",
    "SourcesReport",
    "charts",
    "load",
    "views",
]

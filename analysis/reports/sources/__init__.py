"""The sources report (03_sources): who is quoted, with which cue verb, from which group.

:func:`load` computes every table the report shows (:class:`SourcesReport`); :mod:`.views` holds
the table builders, :mod:`.charts` draws them; :func:`quote_picker` offers drop-downs in JupyterLab.
"""

from analysis.reports.sources import charts, picker, views
from analysis.reports.sources.load import (
    CITED_HEADERS,
    CUE_HEADERS,
    QUOTE_HEADERS,
    SPEAKER_HEADERS,
    SourcesReport,
    load,
)
from analysis.reports.sources.picker import quote_picker

__all__ = [
    "CITED_HEADERS",
    "CUE_HEADERS",
    "QUOTE_HEADERS",
    "SPEAKER_HEADERS",
    "SourcesReport",
    "charts",
    "load",
    "picker",
    "quote_picker",
    "views",
]

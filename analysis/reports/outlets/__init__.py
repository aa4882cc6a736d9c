"""The outlets report (05_outlets): predicted outlets, citations and text reuse.

:func:`load` computes every table the report shows (:class:`OutletsReport`); :mod:`.views` holds
the table builders, :mod:`.charts` the chart builders and notes.
"""

from analysis.reports.outlets import charts, views
from analysis.reports.outlets.load import (
    HEADERS,
    PAIR_HEADERS,
    PASSAGE_HEADERS,
    PIECE_HEADERS,
    SHARES,
    OutletsReport,
    answer_bars,
    cited_bars,
    load,
    reuse_heatmap,
)

__all__ = [
    "HEADERS",
    "PAIR_HEADERS",
    "PASSAGE_HEADERS",
    "PIECE_HEADERS",
    "SHARES",
    "OutletsReport",
    "answer_bars",
    "charts",
    "cited_bars",
    "load",
    "reuse_heatmap",
    "views",
]

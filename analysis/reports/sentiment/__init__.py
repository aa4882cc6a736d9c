"""The sentiment report (02_sentiment): tone tables with intervals, Bokeh charts and their notes.

:func:`load` computes every table the report shows (:class:`SentimentReport`); :mod:`.views`
holds the table builders, :mod:`.charts` the chart builders and notes, and the ``*_intervals``,
``tone_histogram`` and ``tone_over_time`` functions give each chart of a report with its alt text.
"""

from analysis.reports.sentiment import charts, views
from analysis.reports.sentiment.load import (
    EXTREME_HEADERS,
    HEADERS,
    SentimentReport,
    actor_intervals,
    actor_voice_intervals,
    load,
    outlet_intervals,
    tone_histogram,
    tone_over_time,
)

__all__ = [
    "EXTREME_HEADERS",
    "HEADERS",
    "SentimentReport",
    "actor_intervals",
    "actor_voice_intervals",
    "charts",
    "load",
    "outlet_intervals",
    "tone_histogram",
    "tone_over_time",
    "views",
]

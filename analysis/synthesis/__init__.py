"""The join of the studies: one row per attribution with its tone and topic.

:mod:`.join` builds the quotes table from the store's tables and topic model; the synthesis
report's summaries, prose and charts of it are :mod:`analysis.reports.synthesis`.
"""

from analysis.synthesis.join import (
    ATTRIBUTION_COLUMNS,
    QUOTE_COLUMNS,
    TONE_COLUMNS,
    attribution_rows,
    quote_tone,
    quote_topics,
    quotes_table,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "QUOTE_COLUMNS",
    "TONE_COLUMNS",
    "attribution_rows",
    "quote_tone",
    "quote_topics",
    "quotes_table",
]

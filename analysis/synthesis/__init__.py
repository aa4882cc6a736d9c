"""The synthesis of the studies: who speaks on which topic, with what tone, for which side.

:mod:`.join` builds the quotes table (one row per attribution, with tone and topic) from the
store's tables and topic model; :mod:`.views` summarises it per topic, speaker and outlet with n
and intervals (:mod:`.intervals`); :mod:`.prose` says what the numbers allow; :mod:`.charts` draws
bars with their intervals.
"""

from analysis.synthesis import charts, intervals, prose, views
from analysis.synthesis.intervals import mean_interval, wilson
from analysis.synthesis.join import (
    ATTRIBUTION_COLUMNS,
    QUOTE_COLUMNS,
    TONE_COLUMNS,
    quote_tone,
    quote_topics,
    quotes_table,
)
from analysis.synthesis.views import (
    outlet_balance,
    outlet_sides,
    quote_list,
    side_shares,
    speaker_profiles,
    speaker_tone,
    topic_labels,
    topic_sides,
    topic_voices,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "QUOTE_COLUMNS",
    "TONE_COLUMNS",
    "charts",
    "intervals",
    "mean_interval",
    "outlet_balance",
    "outlet_sides",
    "prose",
    "quote_list",
    "quote_tone",
    "quote_topics",
    "quotes_table",
    "side_shares",
    "speaker_profiles",
    "speaker_tone",
    "topic_labels",
    "topic_sides",
    "topic_voices",
    "views",
    "wilson",
]

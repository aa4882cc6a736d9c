"""The synthesis report: who speaks on which topic, with what tone, for which side.

The quotes table it reads is built by :mod:`analysis.synthesis.join` (re-exported here for the
notebook); :mod:`.views` summarises it per topic, speaker and outlet with n and intervals
(:mod:`analysis.reports.stats`); :mod:`.prose` says what the numbers allow; :mod:`.charts` draws
bars with their intervals; :func:`load` computes every table the report shows.
"""

from analysis.reports import stats
from analysis.reports.labels import topic_labels
from analysis.reports.stats import mean_interval, wilson
from analysis.reports.synthesis import charts, prose, views
from analysis.reports.synthesis.load import (
    QUOTE_LIST_COLUMNS,
    SPEAKER_COLUMNS,
    SynthesisReport,
    load,
    outlet_sides_chart,
    speaker_tone_chart,
    topic_sides_chart,
)
from analysis.reports.synthesis.views import (
    outlet_balance,
    outlet_sides,
    quote_list,
    side_shares,
    speaker_profiles,
    speaker_tone,
    topic_sides,
    topic_voices,
)
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
    "QUOTE_LIST_COLUMNS",
    "SPEAKER_COLUMNS",
    "SynthesisReport",
    "load",
    "outlet_sides_chart",
    "speaker_tone_chart",
    "topic_sides_chart",
    "ATTRIBUTION_COLUMNS",
    "QUOTE_COLUMNS",
    "TONE_COLUMNS",
    "attribution_rows",
    "charts",
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
    "stats",
    "topic_labels",
    "topic_sides",
    "topic_voices",
    "views",
    "wilson",
]

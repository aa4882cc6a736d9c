"""Joining the three studies (computed once in the store, :mod:`analysis.store.quotes`): each attribution with its topic, its tone and its speaker's side.

Why a join of its own: each study answers one question (what about, how negative, whose words),
but the analyst's question is their combination: "on the sanctions topic, which side is quoted,
and how hostile are those quotes?".

Every number comes from the store, computed once:

- an attribution is one ``attr_id`` of an article, however many parts it has (a quote running
  over two paragraphs is two rows of the attributions table and one attribution), as in the
  sources report: rows come from :func:`analysis.attribution.per_attribution` (``attribution_rows`` here, the name the reports use);
- its **tone** is the mean compound score of the sentences its words lie in, from the sentiment
  study's ``sentiment_sentences`` table (VADER with the news lexicon): no text is scored again;
- its **topic** is the stored topic model's best match for the sentence holding the start of its
  words (``sent_id``), not its article's topic, since one article covers several topics.
"""

from __future__ import annotations

from analysis import schema
from analysis.attribution.table import per_attribution as attribution_rows
from analysis.store.quotes import quote_tone, quote_topics, quotes_table

#: Columns of the quotes table.
QUOTE_COLUMNS = schema.QUOTES
#: Columns of the attributions table the join reads (read only these from the store).
ATTRIBUTION_COLUMNS = schema.ATTRIBUTIONS_FOR_QUOTES
#: Columns of the sentiment sentences table the join reads.
TONE_COLUMNS = schema.TONE_FOR_QUOTES

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "QUOTE_COLUMNS",
    "TONE_COLUMNS",
    "attribution_rows",
    "quote_tone",
    "quote_topics",
    "quotes_table",
]

"""The shared text layer: sentences, tokens, dates and quotations.

Every study reads text through these functions, so a sentence, a word or a quotation is the same
thing in topics, sentiment and attribution, and offsets agree across their tables.
"""

from analysis.text.dates import DATE, DATELINE, MONTH
from analysis.text.quotes import Quote, find_quotes, single_quotes
from analysis.text.sentences import (
    NEWS_ABBREVIATIONS,
    SENTENCE_COLUMNS,
    paragraphs,
    sentences,
    split_sentences,
)
from analysis.text.tokens import (
    TOKEN,
    WEB_ADDRESS,
    WORD,
    count_words,
    term_tokens,
    token_spans,
    tokenize,
    word_spans,
)

__all__ = [
    "WEB_ADDRESS",
    "DATE",
    "DATELINE",
    "MONTH",
    "NEWS_ABBREVIATIONS",
    "SENTENCE_COLUMNS",
    "TOKEN",
    "WORD",
    "Quote",
    "count_words",
    "find_quotes",
    "paragraphs",
    "sentences",
    "single_quotes",
    "split_sentences",
    "token_spans",
    "term_tokens",
    "tokenize",
    "word_spans",
]

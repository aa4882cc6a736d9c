"""Word tokens: one tokenizer for counting, modelling, dedup and reuse.

Why a regex and not a trained tokenizer: every study needs the same, fast, offline notion of a
word, with "U.S." and "Moscow's" kept whole so counts and offsets agree across studies.
"""

from __future__ import annotations

import re

# --- tokens -------------------------------------------------------------------------------

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*")


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word token; "U.S." and "Moscow's" are one token each."""
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (see :func:`word_spans`), for counting and modelling."""
    return [m.group().lower() for m in WORD.finditer(text)]


#: A web address written in text: a URL (``http://...``, ``www....``) or a bare domain with a path
#: or a common suffix (``example.com``, ``bbc.co.uk/news``). Why: "com", "http" and "www" are no
#: outlet's words, yet a tokenizer splits every link into them.
WEB_ADDRESS = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|int|info|biz|news|io|co|uk|us|ru|de|fr|ly|gl|me|tv)\b(?:/\S*)?",
    re.IGNORECASE,
)


def term_tokens(text: str) -> list[str]:
    """:func:`tokenize` with web addresses left out: the words a term table or a topic model
    counts (a link is no word of the text)."""
    return tokenize(WEB_ADDRESS.sub(" ", text))


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(WORD.findall(text))


#: Tokens for span taggers (attribution): abbreviations of titles stay whole ("Sen."), every
#: other non-space character is a token of its own, so offsets cover the text.
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)\.|\w+(?:[-'’]\w+)*|\S")


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of every token of :data:`TOKEN`, punctuation included."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]

"""Counted style habits of an article: the dense half of the outlet classifier's features.

An outlet leaves a house style on everything it prints -- quote marks ('' or “ or "), dashes
(" - ", "--", "—"), title case or sentence case in headlines, datelines, credit lines, the words its
editors prefer. Character n-grams see marks only locally; rates (per 1,000 characters or per word)
and layout statistics (paragraph and sentence lengths, title casing) describe the whole article.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.preprocessing import StandardScaler

from analysis.lexicons.outlets import default_outlet_lexicon
from analysis.text import DATELINE

FUNCTION_WORDS: tuple[str, ...] = tuple(sorted(ENGLISH_STOP_WORDS))

#: Marks counted per 1,000 characters: house styles differ most in quotes and dashes.
PUNCTUATION: tuple[str, ...] = (
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    '"',
    "'",
    "''",
    "“",
    "”",
    "‘",
    "’",
    "—",
    "–",
    " - ",
    "--",
    "...",
    "…",
    "*",
    "#",
    "@",
    "&",
    "%",
    "$",
    "/",
    "\n",
)

# Words for rates and lengths (letters and digits; apostrophes inside): a style count, where
# hyphenated words counting as two is itself a habit of the outlet.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENT_END = re.compile(r"[.!?]+[\"'”’)]*\s+")
_CREDITS = default_outlet_lexicon().credits  # the wire names, from the outlets lexicon
_AGENCY_PAREN = re.compile(r"\((?:" + "|".join(map(re.escape, _CREDITS.get("parenthesis", ()))) + r")\)")
_CREDIT = re.compile(
    r"contributed (?:to )?(?:this )?report|Follow [^\n]{1,40} on Twitter|"
    r"(?:" + "|".join(map(re.escape, _CREDITS.get("contributed", ()))) + r") contributed|"
    r"Read (?:the rest|more) here",
    re.IGNORECASE,
)


def style_vector(title: str, text: str) -> list[float]:
    """Counted style habits of one article: function-word rates, marks per 1,000 characters and
    layout statistics, in a fixed order (:data:`FUNCTION_WORDS`, :data:`PUNCTUATION`, layout)."""
    body = text or ""
    n_chars = max(len(body), 1)
    words = _WORD.findall(body)
    n_words = max(len(words), 1)
    counts: dict[str, int] = {}
    for w in (w.lower() for w in words):
        if w in ENGLISH_STOP_WORDS:
            counts[w] = counts.get(w, 0) + 1
    fw = [counts.get(w, 0) / n_words for w in FUNCTION_WORDS]
    punct = [1000.0 * body.count(p) / n_chars for p in PUNCTUATION]
    return fw + punct + _layout(title or "", body, words)


def _layout(title: str, body: str, words: list[str]) -> list[float]:
    n_words = max(len(words), 1)
    straight = body.count('"') + body.count("''")
    curly = body.count("“") + body.count("”")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    par_words = [len(_WORD.findall(p)) for p in paragraphs] or [0]
    sentences = [s for s in _SENT_END.split(body) if s.strip()]
    sent_words = [len(_WORD.findall(s)) for s in sentences] or [0]
    t_words = _WORD.findall(title)
    t_caps = sum(w[0].isupper() for w in t_words) / max(len(t_words), 1)
    return [
        math.log1p(n_words),
        float(np.mean(par_words)),
        float(np.std(par_words)),
        math.log1p(len(paragraphs)),
        float(np.mean([c <= 25 for c in par_words])),
        float(np.mean(sent_words)),
        float(np.std(sent_words)),
        curly / max(curly + straight, 1),
        float(bool(DATELINE.search(body[:400]))),
        float(bool(_AGENCY_PAREN.search(body[:400]))),
        float(bool(_CREDIT.search(body))),
        t_caps,
        math.log1p(len(t_words)),
        float(title.rstrip().endswith(".")),
        float(";" in title),
        sum(w.isupper() and len(w) > 1 for w in words) / n_words,
        sum(w[0].isdigit() for w in words) / n_words,
    ]


class StyleFeatures(TransformerMixin, BaseEstimator):
    """Dense, standardised style habits of each article (function words, marks, layout).

    Input is a sequence of ``(title, text)`` pairs; the scaler is fitted in ``fit`` (``scaler_``).
    """

    def fit(self, X: Sequence[tuple[str, str]], y=None) -> StyleFeatures:
        self.scaler_ = StandardScaler().fit(self._raw(X))
        return self

    def transform(self, X: Sequence[tuple[str, str]]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.scaler_.transform(self._raw(X)))

    @staticmethod
    def _raw(X: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.array([style_vector(t, b) for t, b in X], dtype=float)

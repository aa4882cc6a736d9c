"""Features of a target in its sentence, for the news model (:mod:`analysis.sentiment.models`).

Why these features: the usual baseline (TF-IDF + LR on a ±60 character window; its score is in
``benchmarks/sentiment.md``) cannot tell the target from the other people in the window, nor which
side of the target a word is on. We mask the target (so a name in training does not become a
sentiment word), give the words just left and right of it their own feature blocks (in "X blamed
Y" the verb is negative towards Y, not X), add character n-grams of the window (robust to
inflection), word n-grams of that window, and a few dense cues: VADER on the sentence, window and
each side, lexicon valence decaying with distance from the target, and whether the target is
inside a quote or is the speaker (in NewsMTSC's "..., Sanders said" the sentence is usually
neutral towards the speaker).

Input everywhere is a *targets frame*: a DataFrame with columns :data:`TARGET_INPUT`
(``sentence``, and ``start``/``end``, the target's character offsets in it), which is what
:func:`analysis.evaluate.sentiment.read_newsmtsc` returns; :func:`target_frame` builds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.sentiment import vader

#: Columns of a targets frame: the sentence and the target's offsets in it.
TARGET_INPUT = ("sentence", "start", "end")
#: Every feature block :class:`TargetFeatures` knows, in the order the shipped model uses them.
BLOCKS = ("masked", "left", "right", "char", "window", "dense")

MASK = " TGT "
# The speaker cues and the quote test below are part of the shipped model's definition: its
# coefficients were fitted on exactly these features, so they stay as they are while that model
# ships. Rebuilding them from the attribution lexicon (analysis.sentiment.voice.cue_pattern) and
# the one quote finder was tried and gave no gain on held-out data, so the shipped model was not
# changed; a retrained model (issue 16) should take its cues from the lexicon.
_SAID_AFTER = re.compile(
    r"^\W{0,3}(?:has |had |have )?(?:said|says|told|added|stated|wrote|tweeted|argued|claimed|"
    r"insisted|warned|noted|stressed|explained)\b",
    re.I,
)
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|added|according to)\W{0,3}$", re.I)
_STRIP = ".,;:!?\"“”'‘’()[]"


def target_frame(sentences: Iterable[str], starts: Iterable[int], ends: Iterable[int]) -> pd.DataFrame:
    """A targets frame (:data:`TARGET_INPUT`) from parallel sequences."""
    return pd.DataFrame(
        {"sentence": list(sentences), "start": list(starts), "end": list(ends)}, columns=list(TARGET_INPUT)
    )


def _rows(x: pd.DataFrame) -> list[tuple[str, int, int]]:
    missing = set(TARGET_INPUT) - set(x.columns)
    if missing:
        raise ValueError(f"targets frame lacks column(s) {sorted(missing)}")
    return list(zip(x["sentence"], (int(a) for a in x["start"]), (int(b) for b in x["end"])))


def masked(s: str, a: int, b: int) -> str:
    """The sentence with the target replaced by :data:`MASK`."""
    return s[:a] + MASK + s[b:]


def left(s: str, a: int, b: int, n: int = 8) -> str:
    """The ``n`` words before the target."""
    return " ".join(s[:a].split()[-n:])


def right(s: str, a: int, b: int, n: int = 8) -> str:
    """The ``n`` words after the target."""
    return " ".join(s[b:].split()[:n])


def window(s: str, a: int, b: int, w: int = 60) -> str:
    """``w`` characters each side of the target, the target masked."""
    return s[max(0, a - w) : a] + MASK + s[b : b + w]


#: Text of each word-or-character block, from (sentence, start, end).
TEXT_BLOCKS = {"masked": masked, "left": left, "right": right, "char": window, "window": window}


def dense(s: str, a: int, b: int, cache: dict | None = None) -> list[float]:
    """The 22 dense cues of one target (see the module docstring); ``cache`` holds VADER scores
    of sentence parts so a sentence with several targets is scored once."""
    sia = vader.analyzer("vader")  # VADER alone: the model must not change when the supplement does
    cache = {} if cache is None else cache
    out: list[float] = []
    for part in (s, s[max(0, a - 60) : b + 60], s[:a], s[b:]):
        d = cache.get(part)
        if d is None:
            d = cache[part] = sia.polarity_scores(part)
        out += [d["neg"], d["pos"], d["compound"]]
    for words in (s[:a].split()[::-1], s[b:].split()):
        pos = neg = 0.0
        for i, w in enumerate(words):
            v = sia.lexicon.get(w.strip(_STRIP).lower(), 0.0)
            if v > 0:
                pos += v * np.exp(-i / 6)
            elif v < 0:
                neg += v * np.exp(-i / 6)
        out += [pos / 4, neg / 4]
    before = s[:a]
    in_quote = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    out += [
        float(in_quote),
        float(any(q in s for q in '"“”')),
        float(bool(_SAID_AFTER.match(s[b:]))),
        float(bool(_SAID_BEFORE.search(before))),
        a / max(len(s), 1),
        min(len(s), 400) / 400,
    ]
    return out


class TargetFeatures(TransformerMixin, BaseEstimator):
    """Sparse features of targets in sentences: one TF-IDF block per text view, plus dense cues.

    Parameters
    ----------
    blocks : which blocks of :data:`BLOCKS` to use, in order.
    weights : multiplier per block (1.0 when absent).
    min_df : minimum document frequency of a TF-IDF term.
    char_ngrams : n-gram range of the ``char`` block.

    Fitted attributes: ``vectorizers_`` (block -> fitted ``TfidfVectorizer``).
    """

    def __init__(
        self,
        blocks: tuple[str, ...] = BLOCKS,
        weights: Mapping[str, float] | None = None,
        min_df: int = 2,
        char_ngrams: tuple[int, int] = (2, 5),
    ) -> None:
        self.blocks = blocks
        self.weights = weights
        self.min_df = min_df
        self.char_ngrams = char_ngrams

    def _vectorizer(self, block: str) -> TfidfVectorizer:
        if block == "char":
            return TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=tuple(self.char_ngrams),
                sublinear_tf=True,
                min_df=self.min_df,
                dtype=np.float32,
            )
        return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=self.min_df, dtype=np.float32)

    def fit(self, x: pd.DataFrame, y=None) -> TargetFeatures:
        """Fit one TF-IDF vocabulary per text block on the targets frame ``x``."""
        unknown = set(self.blocks) - set(BLOCKS)
        if unknown:
            raise ValueError(f"unknown feature block(s) {sorted(unknown)}; use some of {BLOCKS}")
        rows = _rows(x)
        self.vectorizers_ = {
            block: self._vectorizer(block).fit([TEXT_BLOCKS[block](*r) for r in rows])
            for block in self.blocks
            if block != "dense"
        }
        return self

    def transform(self, x: pd.DataFrame) -> sparse.csr_matrix:
        """The feature matrix of the targets frame ``x``, blocks side by side."""
        if not hasattr(self, "vectorizers_"):
            raise RuntimeError("TargetFeatures is not fitted")
        rows = _rows(x)
        weights = dict(self.weights or {})
        mats = []
        for block in self.blocks:
            if block == "dense":
                cache: dict = {}
                values = np.array([dense(*r, cache) for r in rows], dtype=np.float64)
                m = sparse.csr_matrix(values.reshape(len(rows), -1))
            else:
                m = self.vectorizers_[block].transform([TEXT_BLOCKS[block](*r) for r in rows])
            mats.append(m * weights.get(block, 1.0))
        return sparse.hstack(mats, format="csr")

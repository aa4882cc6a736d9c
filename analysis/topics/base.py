"""What the in-memory and the streamed topic models share: parameter checks, the batch
factoriser and resampling they are judged by, the topic attributes, ``transform`` and
``summary``.

Why a common base: both models answer the same questions (which topics, how good, which share of
each article) with the same attributes, so engines, views and reports take either.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator

from analysis.topics.factor import METHODS, Factoriser
from analysis.topics.quality import Resampling, TopicDescription
from analysis.topics.select import SplitHalves
from analysis.topics.units import UNITS, aggregate, as_docs, split_units


class TopicModelBase(BaseEstimator):
    """Common ground of :class:`~analysis.topics.TopicModel` and
    :class:`~analysis.topics.StreamingTopicModel` (not fitted on its own).

    Subclasses set the parameters named here in their ``__init__`` and implement
    :meth:`unit_shares`.
    """

    n_topics: int | str
    method: str
    unit: str
    seed: int
    n_terms: int
    k_range: tuple[int, int]
    n_stability_runs: int
    stability_fraction: float
    stability_max_units: int
    max_iter: int | None
    svd_init_below: int

    # -- parameters -----------------------------------------------------------------------------

    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be 'nmf' or 'lda', not {self.method!r}")
        if self.unit not in ("auto", *UNITS):
            raise ValueError(f"unit must be auto/article/paragraph/sentence, not {self.unit!r}")
        if not (
            self.n_topics == "auto" or (isinstance(self.n_topics, (int, np.integer)) and self.n_topics >= 1)
        ):
            raise ValueError(f"n_topics must be 'auto' or a positive int, not {self.n_topics!r}")

    def _batch_factoriser(self) -> Factoriser:
        return Factoriser(method=self.method, max_iter=self.max_iter, svd_init_below=self.svd_init_below)

    def _resampling(self) -> Resampling:
        return Resampling(
            runs=self.n_stability_runs,
            fraction=self.stability_fraction,
            max_units=self.stability_max_units,
            seed=self.seed,
        )

    def _split_halves(self) -> SplitHalves:
        return SplitHalves(seed=self.seed)

    def _keep_topics(self, desc: TopicDescription) -> None:
        """Set the topic attributes from a description of the fitted topics."""
        self.topic_terms_ = desc.topic_terms
        self.labels_ = desc.labels
        self.topic_quality_ = desc.topic_quality
        self.diversity_ = desc.diversity
        self.quality_ = desc.quality

    # -- results --------------------------------------------------------------------------------

    def unit_shares(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(topic shares of each text, its number of model terms): the model applied to units
        such as sentences or quotes. Rows sum to 1, or 0 for a text with no known term."""
        raise NotImplementedError

    def transform(self, docs) -> np.ndarray:
        """Topic shares of each article (rows sum to 1; 0 for an article with no known term)."""
        docs = as_docs(docs)
        units, texts = split_units(docs, self.unit_)
        shares, lengths = self.unit_shares(texts)
        if self.unit_ == "article":
            return shares
        return aggregate(units, shares, lengths, len(docs))

    def summary(self) -> pd.DataFrame:
        """One row: k, method, unit, mean_npmi, mean_umass, diversity, stability."""
        return pd.DataFrame(
            [
                {
                    "k": int(self.k_),
                    "method": self.method,
                    "unit": self.unit_,
                    "mean_npmi": self.quality_["npmi"],
                    "mean_umass": self.quality_["umass"],
                    "diversity": self.diversity_,
                    "stability": self.stability_,
                }
            ]
        )


def lengths_of(counts: sparse.spmatrix) -> np.ndarray:
    """Number of model terms of each unit (row sums of its counts)."""
    return np.asarray(counts.sum(axis=1)).ravel()

"""Choosing the number of topics when the user asks for ``n_topics="auto"``.

Every k in the range is fitted; the most coherent (mean NPMI) among the values whose stability
is within ``margin`` of the most stable is kept: coherent topics that also come back when the
data are resampled.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import sparse

from analysis.topics.factor import Factoriser
from analysis.topics.quality import Resampling, mean_npmi, stability
from analysis.topics.units import row_shares


def k_cap(k_max: int, n_units: int, n_terms: int) -> int:
    """Largest k worth trying: sqrt(units / 2), the usual rule of thumb for clusters, so 60
    paragraphs are not cut into 12 topics of five paragraphs each."""
    return max(1, min(k_max, int(math.sqrt(n_units / 2)), n_terms // 3))


def select_k(
    X: sparse.csr_matrix,
    binary: sparse.spmatrix,
    k_range: tuple[int, int],
    factoriser: Factoriser,
    resampling: Resampling,
    *,
    n_terms: int,
    margin: float,
) -> tuple[int, pd.DataFrame]:
    """(chosen k, a table k, npmi, stability, eligible of every k tried).

    ``X`` is the weighted unit x term matrix the model is fitted on, ``binary`` its counts (for
    co-occurrence); k runs from ``k_range[0]`` (at least 2) to ``k_range[1]`` capped by
    :func:`k_cap`.
    """
    k_max = k_cap(k_range[1], *X.shape)
    lo = min(max(2, k_range[0]), k_max)
    rows = []
    for k in range(lo, k_max + 1):
        est, _ = factoriser.fit(X, k, resampling.seed)
        rows.append(
            (
                k,
                mean_npmi(row_shares(est.components_), binary, n_terms),
                stability(X, k, est.components_, factoriser, resampling),
            )
        )
    scores = pd.DataFrame(rows, columns=["k", "npmi", "stability"])
    stab = scores["stability"].fillna(1.0)
    scores["eligible"] = stab >= stab.max() - margin
    best = scores[scores["eligible"]].sort_values(["npmi", "k"], ascending=[False, True])
    return int(best["k"].iloc[0]), scores


def smallest_k(k_range: tuple[int, int]) -> int:
    """The smallest k that :func:`select_k` tries (before the cap)."""
    return max(2, k_range[0])

"""Choosing the number of topics when the user asks for ``n_topics="auto"``.

The criterion: **coherent topics that the data reproduce**. For every k tried, the units are split
into two random halves and a model is fitted on each; k scores the agreement of the two halves
(each half's model assigns the other half's units to topics; the adjusted Rand index against that
half's own assignment, averaged both ways) times the mean NPMI coherence of the halves' topics.

Why split halves: this is prediction strength (Tibshirani & Walther, 2005) for topic models. Too
few topics merge themes arbitrarily and too many split one theme arbitrarily; either way two
independent halves disagree on which units go together, while the number of themes the corpus
really has is reproduced. Agreement alone favours k = 2 (two broad halves are easy to
reproduce), and coherence alone favours large k (narrow topics have tight top words): the product
(agreement weighted by :data:`AGREEMENT_WEIGHT`) wants both. Measured on BBC News and AG News in ``benchmarks/topics.md``.

Why it is cheap: two half-size fits per k instead of a full fit plus five 80% refits; the fits
read at most ``budget`` term occurrences (a random sample of units when the corpus is larger, the
same split repeated up to ``max_splits`` times when it is smaller), at most ``max_columns`` terms
(the most frequent: rare terms define no topic), start from one truncated SVD per half shared by
every k (NNDSVDa, Boutsidis & Gallopoulos, 2008), and stop at a loose tolerance: the choice needs
the shape of the topics, not their last decimal.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.extmath import randomized_svd

from analysis.topics.quality import mean_npmi
from analysis.topics.units import row_shares

#: The power of the agreement in the score (``agreement ** AGREEMENT_WEIGHT * npmi``). Why below 1:
#: on a few hundred articles each half holds a hundred or two, and the agreement of two such
#: halves falls fast with k however real the topics are (0.77 at k = 2 to 0.3 from k = 7 on 400
#: PolNeAR articles), so at weight 1 the corpus collapsed to 2 topics while coherence peaked at
#: 7. A quarter keeps the agreement as a veto on k the halves do not reproduce and lets coherence
#: choose among the rest; BBC News still gets its 5 (``benchmarks/topics.md``).
AGREEMENT_WEIGHT = 0.25
#: Columns of the table of the values of k tried (``k_scores_``).
K_SCORE_COLUMNS = ["k", "agreement", "npmi", "score"]


def k_cap(k_max: int, n_units: int, n_terms: int) -> int:
    """Largest k worth trying: sqrt(units / 2), the usual rule of thumb for clusters, so 60
    paragraphs are not cut into 12 topics of five paragraphs each."""
    return max(1, min(k_max, int(math.sqrt(n_units / 2)), n_terms // 3))


def smallest_k(k_range: tuple[int, int]) -> int:
    """The smallest k that :func:`select_k` tries (before the cap)."""
    return max(2, k_range[0])


@dataclass(frozen=True)
class SplitHalves:
    """How :func:`select_k` reads the corpus (see the module's docstring for why)."""

    budget: int = 300_000  # term occurrences read per k and half pair (about 2,500 news articles)
    max_splits: int = 8  # splits averaged when the corpus is smaller than the budget (cheap then)
    max_columns: int = 5_000  # most frequent terms kept
    max_iter: int = 50
    tol: float = 1e-3
    seed: int = 0


def nndsvda(svd: tuple[np.ndarray, np.ndarray, np.ndarray], k: int, fill: float):
    """NNDSVD start (W, H) for ``k`` topics from a truncated SVD with at least ``k`` components,
    zeros replaced by ``fill`` (the "a" variant): the positive or negative part of each singular
    pair, whichever carries more weight."""
    U, S, V = svd
    W = np.zeros((U.shape[0], k))
    H = np.zeros((k, V.shape[1]))
    W[:, 0] = math.sqrt(S[0]) * np.abs(U[:, 0])
    H[0] = math.sqrt(S[0]) * np.abs(V[0])
    for j in range(1, k):
        x, y = U[:, j], V[j]
        parts = [(np.maximum(x, 0), np.maximum(y, 0)), (np.maximum(-x, 0), np.maximum(-y, 0))]
        norms = [(np.linalg.norm(a), np.linalg.norm(b)) for a, b in parts]
        (u, v), (nu, nv) = max(zip(parts, norms), key=lambda p: p[1][0] * p[1][1])
        if nu == 0 or nv == 0:
            continue
        scale = math.sqrt(S[j] * nu * nv)
        W[:, j] = scale * u / nu
        H[j] = scale * v / nv
    W[W < 1e-6] = fill
    H[H < 1e-6] = fill
    return W, H


def _sample(X: sparse.csr_matrix, settings: SplitHalves, rng: np.random.Generator) -> np.ndarray:
    """Rows to read: all, or a random sample holding about ``budget`` term occurrences."""
    n = X.shape[0]
    per_row = X.nnz / max(n, 1)
    size = n if X.nnz <= settings.budget else max(2, int(settings.budget / max(per_row, 1e-9)))
    return np.arange(n) if size >= n else np.sort(rng.choice(n, size=size, replace=False))


def _columns(X: sparse.csr_matrix, max_columns: int) -> np.ndarray:
    df = np.bincount(X.indices, minlength=X.shape[1])
    keep = np.flatnonzero(df > 0)
    if len(keep) > max_columns:
        keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[:max_columns]])
    return keep


def _fit(X: sparse.csr_matrix, start, k: int, settings: SplitHalves):
    W0, H0 = start
    est = NMF(n_components=k, init="custom", max_iter=settings.max_iter, tol=settings.tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = est.fit_transform(X, W=W0, H=H0)
    return est, W


def _assign(X: sparse.csr_matrix, components: np.ndarray) -> np.ndarray:
    """Each unit's topic under another model: the topic whose term profile is closest."""
    H = components / np.maximum(np.linalg.norm(components, axis=1, keepdims=True), 1e-12)
    return np.asarray(X @ H.T).argmax(axis=1)


def _one_split(X, B, ks: range, rng: np.random.Generator, settings: SplitHalves) -> np.ndarray:
    """(agreement, npmi) per k for one random split of the rows of X into halves."""
    order = rng.permutation(X.shape[0])
    halves = [np.sort(order[: len(order) // 2]), np.sort(order[len(order) // 2 :])]
    mats = [X[h] for h in halves]
    has_terms = [np.diff(m.indptr) > 0 for m in mats]
    seed = int(rng.integers(2**31 - 1))
    svds = [randomized_svd(m, max(ks), random_state=seed) for m in mats]
    fills = [m.data.sum() / (m.shape[0] * m.shape[1]) for m in mats]
    out = np.zeros((len(ks), 2))
    for i, k in enumerate(ks):
        fits = [_fit(m, nndsvda(s, k, f), k, settings) for m, s, f in zip(mats, svds, fills)]
        agree = []
        for a, b in ((0, 1), (1, 0)):
            own = fits[b][1].argmax(axis=1)
            other = _assign(mats[b], fits[a][0].components_)
            agree.append(adjusted_rand_score(own[has_terms[b]], other[has_terms[b]]))
        npmi = [mean_npmi(row_shares(est.components_), B, n_terms=10) for est, _ in fits]
        out[i] = (np.mean(agree), np.nanmean(npmi))
    return out


def select_k(
    X: sparse.csr_matrix, binary: sparse.spmatrix, k_range: tuple[int, int], settings: SplitHalves
) -> tuple[int, pd.DataFrame]:
    """(chosen k, a table k, agreement, npmi, score of every k tried).

    ``X`` is the weighted unit x term matrix the model is fitted on and ``binary`` its counts
    (for co-occurrence); k runs from ``k_range[0]`` (at least 2) to ``k_range[1]`` capped by
    :func:`k_cap`. The chosen k is the most coherent (highest ``npmi``; ties: the smaller k)
    among those whose score is within one standard error of the highest (its spread over the
    splits; none with a single split). Why: on a few hundred articles the score is flat over
    many k within that noise (0.20 to 0.21 from k = 2 to 9 on 400 PolNeAR articles), and there
    the reader is better served by the most coherent topics than by the coarsest split.
    """
    X = sparse.csr_matrix(X)
    k_max = k_cap(k_range[1], *X.shape)
    ks = range(min(smallest_k(k_range), k_max), k_max + 1)
    rng = np.random.default_rng(settings.seed)
    rows = _sample(X, settings, rng)
    Xs = X[rows]
    cols = _columns(Xs, settings.max_columns)
    Xs, Bs = Xs[:, cols].tocsr(), sparse.csr_matrix(binary)[rows][:, cols].tocsr()
    n_splits = max(1, min(settings.max_splits, settings.budget // max(Xs.nnz, 1)))
    runs = np.array([_one_split(Xs, Bs, ks, rng, settings) for _ in range(n_splits)])
    mean = runs.mean(axis=0)
    per_split = np.clip(runs[:, :, 0], 0.0, None) ** AGREEMENT_WEIGHT * runs[:, :, 1]
    scores = pd.DataFrame({"k": list(ks), "agreement": mean[:, 0], "npmi": mean[:, 1]})
    scores["score"] = scores["agreement"].clip(lower=0.0) ** AGREEMENT_WEIGHT * scores["npmi"]
    top = int(np.nanargmax(scores["score"].to_numpy()))
    noise = float(np.std(per_split[:, top], ddof=1) / math.sqrt(n_splits)) if n_splits > 1 else 0.0
    near = scores[scores["score"] >= scores["score"].iloc[top] - noise]
    best = near.sort_values(["npmi", "k"], ascending=[False, True])
    return int(best["k"].iloc[0]), scores[K_SCORE_COLUMNS]

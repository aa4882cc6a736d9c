"""The factorisations behind the topics: NMF on TF-IDF or LDA on counts, batch or online.

Why scikit-learn's solvers: they are deterministic for a given seed, unlike gensim's multicore
LDA, so the same corpus and seed give the same topics. Why NMF by default: on news it gives
sharper, more coherent topics than LDA in a fraction of the time (``benchmarks/topics.md``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning

from analysis.params import choices

#: The topic methods: NMF on TF-IDF or LDA on counts.
METHODS = choices("topics.method")


@dataclass(frozen=True)
class Factoriser:
    """How one topic model is fitted for a given k and seed.

    ``online=False`` is the batch fit of :class:`~analysis.topics.TopicModel`; ``online=True``
    fits like for like with a streamed model (``MiniBatchNMF`` for ``epochs`` epochs, or online
    LDA), used for the stability refits of a stream.
    """

    method: str = "nmf"
    max_iter: int | None = None
    svd_init_below: int = 1000
    online: bool = False
    batch_size: int = 2048
    epochs: int = 20

    def estimator(self, k: int, seed: int, n_rows: int):
        """A fresh scikit-learn estimator for ``k`` topics on ``n_rows`` units."""
        if self.online and self.method == "lda":
            # like for like with a streamed online LDA, and far cheaper than 30 batch passes
            return LatentDirichletAllocation(
                n_components=k,
                learning_method="online",
                random_state=seed,
                max_iter=5,
                n_jobs=1,
                batch_size=self.batch_size,
            )
        if self.online:
            # like for like with the streamed MiniBatchNMF; batch NMF by coordinate descent
            # (400 passes) made finish() cost several times the whole stream; on 6,000 BBC
            # articles 20 epochs give a stability within 0.015 of the batch refits'
            return MiniBatchNMF(
                n_components=k,
                init="nndsvda",
                random_state=seed,
                batch_size=self.batch_size,
                max_iter=self.epochs,
                tol=1e-4,
            )
        if self.method == "nmf":
            # SVD-based init on small corpora, whose many poor local optima a random start falls
            # into; random init on large ones, where it finds equally good topics (BBC: same
            # NPMI, NMI 0.84-0.85 over 5 seeds) without the cost of the SVD.
            init = "nndsvda" if n_rows < self.svd_init_below else "random"
            return NMF(n_components=k, init=init, random_state=seed, max_iter=self.max_iter or 400, tol=1e-4)
        return LatentDirichletAllocation(
            n_components=k, learning_method="batch", random_state=seed, max_iter=self.max_iter or 30, n_jobs=1
        )

    def fit(self, X: sparse.csr_matrix, k: int, seed: int):
        """(fitted estimator, unit x topic weights) for ``k`` topics on ``X``."""
        est = self.estimator(k, seed, X.shape[0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = est.fit_transform(X)
        return est, W


def project(est, X: sparse.csr_matrix) -> np.ndarray:
    """Unit x topic weights of ``X`` under a fitted estimator (its ``transform``, faster for a
    streamed ``MiniBatchNMF``: see :func:`minibatch_nmf_transform`)."""
    if isinstance(est, MiniBatchNMF):
        return minibatch_nmf_transform(est, X)
    return est.transform(X)


def minibatch_nmf_transform(est: MiniBatchNMF, X: sparse.csr_matrix) -> np.ndarray:
    """``est.transform(X)`` (multiplicative updates of W, H fixed), computed on the columns
    where H is nonzero.

    Why not ``est.transform``: it recomputes ``X @ H.T`` and ``H @ H.T`` at every one of up to
    ``max_iter`` iterations over all ``n_features`` hashed columns (2^18), though H is fixed and
    is zero on every column never seen in the stream. Those columns add nothing to either
    product, so dropping them and computing both once gives the same W (up to rounding) at a
    fraction of the cost. Only the Frobenius loss without regularisation, which the stream
    uses, is reproduced; anything else goes to scikit-learn.
    """
    if est.beta_loss not in ("frobenius", 2, 2.0) or est.alpha_W or X.shape[1] != est.components_.shape[1]:
        return est.transform(X)
    H = est.components_
    k = H.shape[0]
    used = np.flatnonzero(H.any(axis=0))
    Hc = np.ascontiguousarray(H[:, used])
    Xc = X.tocsr()[:, used]
    # the starting point of scikit-learn's _solve_W: the mean over the full matrix
    avg = math.sqrt(X.sum() / (X.shape[0] * X.shape[1]) / k)
    W = np.full((X.shape[0], k), avg, dtype=np.float64)
    XHt = np.asarray(Xc @ Hc.T)
    HHt = Hc @ Hc.T
    eps = np.finfo(np.float32).eps
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(est._transform_max_iter):
            denominator = W @ HHt
            denominator[denominator == 0] = eps
            W_new = W * (XHt / denominator)
            diff = np.linalg.norm(W_new - W) / np.linalg.norm(W_new)
            W = W_new
            if est.tol > 0 and diff <= est.tol:
                break
    return W

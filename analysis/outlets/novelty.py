"""Is an article from an outlet the classifier learnt at all? The open-set test.

A classifier's probabilities are shared out among the outlets it knows, so an article from any
other site still gets a confident answer (an unseen site's article came out one known outlet with
probability 0.89). The test here asks another question: is the article as close to the outlet it
is assigned to as that outlet's own articles are? Each outlet is the centroid of its articles'
character n-gram vectors; an article less similar to its outlet's centroid than all but a share
``quantile`` of the outlet's own articles (each measured against the centroid of the *others*,
so it is not its own evidence) is called unknown. One threshold per outlet, because some outlets
are more uniform than others. It needs no articles of other outlets to learn from.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def centroids(X: sparse.csr_matrix, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Unit-length mean row of each class (``len(classes) x n_features``, float32)."""
    out = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
    for k, c in enumerate(classes):
        total = np.asarray(X[y == c].sum(axis=0)).ravel()
        norm = np.linalg.norm(total)
        if norm > 0:
            out[k] = total / norm
    return out


def similarity(X: sparse.csr_matrix, centres: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of ``X`` to every centroid (``n_rows x n_classes``); an
    empty row is similar to nothing (0)."""
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    dots = np.asarray(X @ centres.T)
    return dots / np.maximum(norms, 1e-12)[:, None]


def leave_one_out_similarity(X: sparse.csr_matrix, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Each row's cosine similarity to the centroid of the *other* rows of its class (NaN when
    it is its class's only row): how close an article of that outlet the model never saw is.

    An article the model never saw also lacks the n-grams it would have brought into the
    vocabulary (kept only when found in two training articles), so a training row is measured
    without the columns it shares with just one other row; else its rare n-grams would make
    training rows look less typical than new articles and the thresholds too lenient.
    """
    X = sparse.csr_matrix(X, dtype=np.float64)
    df = np.bincount(X.indices, minlength=X.shape[1])
    seen_as_new = X.copy()
    seen_as_new.data[df[seen_as_new.indices] <= 2] = 0.0
    seen_as_new.eliminate_zeros()
    out = np.full(X.shape[0], np.nan)
    for c in classes:
        rows = np.flatnonzero(y == c)
        if len(rows) < 2:
            continue
        Xc, Nc = X[rows], seen_as_new[rows]
        total = np.asarray(Xc.sum(axis=0)).ravel()
        own = np.asarray(Xc.multiply(Xc).sum(axis=1)).ravel()
        new_norm = np.sqrt(np.asarray(Nc.multiply(Nc).sum(axis=1)).ravel())
        dots = np.asarray(Nc @ total).ravel() - np.asarray(Nc.multiply(Xc).sum(axis=1)).ravel()
        rest = np.sqrt(np.maximum(total @ total - 2 * np.asarray(Xc @ total).ravel() + own, 1e-12))
        out[rows] = dots / (rest * np.maximum(new_norm, 1e-12))
    return out


def reference_similarities(X: sparse.csr_matrix, y: np.ndarray, classes: np.ndarray) -> list[np.ndarray]:
    """Per class, the sorted :func:`leave_one_out_similarity` of its rows (empty for a class of
    one row): what the articles of that outlet the model never saw look like to it."""
    loo = leave_one_out_similarity(X, y, classes)
    return [np.sort(loo[(y == c) & ~np.isnan(loo)]) for c in classes]


def thresholds(reference: list[np.ndarray], quantile: float | None) -> np.ndarray:
    """Per class, the ``quantile`` of its reference similarities: below it an article is unlike
    that outlet. ``-inf`` (never unknown) for a class with no reference, or for every class when
    ``quantile`` is None (the test is off)."""
    if quantile is None:
        return np.full(len(reference), -np.inf)
    return np.array([float(np.quantile(r, quantile)) if len(r) else -np.inf for r in reference])

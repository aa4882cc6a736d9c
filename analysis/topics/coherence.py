"""Topic quality: NPMI and UMass coherence, topic diversity and stability.

Why these measures and not c_v: c_v rewards topics made of unrelated words (its author, Röder,
advises against it), while NPMI over document co-occurrence tracks human judgements of topic
quality (Lau et al., 2014) and UMass (Mimno et al., 2011) is the cheap, corpus-internal classic.
Both are computed *on the corpus itself*, so no reference corpus (Wikipedia) is needed offline.

Why sparse co-occurrence on the top words only: a topic is judged by its ~10 top words, so the
counts needed are those of the union of the top words (k x 10 columns at most). Slicing those
columns out of the binary document-term matrix and multiplying it by itself costs one pass over
the matrix, which is what lets the same code score 100k-1M documents, chunk by chunk if need be
(:class:`Cooccurrence`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment


class Cooccurrence:
    """Document frequencies and pairwise co-document counts of a fixed set of term columns.

    ``update`` may be called on successive chunks of a document-term matrix (rows are documents,
    any non-zero counts as "present"), so the counts of a corpus that does not fit in memory can be
    accumulated in one pass.
    """

    def __init__(self, columns: Sequence[int]):
        self.columns = np.unique(np.asarray(columns, dtype=np.int64))
        self._pos = {int(c): i for i, c in enumerate(self.columns)}
        self.counts = np.zeros((len(self.columns), len(self.columns)), dtype=np.int64)
        self.n_docs = 0

    def update(self, X: sparse.spmatrix) -> Cooccurrence:
        """Add the documents (rows) of ``X`` to the counts."""
        X = sparse.csr_matrix(X)
        self.n_docs += X.shape[0]
        if len(self.columns) == 0 or X.shape[0] == 0:
            return self
        sub = X[:, self.columns].tocsr()
        sub.data = np.ones_like(sub.data, dtype=np.int64)
        sub.eliminate_zeros()
        self.counts += (sub.T @ sub).toarray().astype(np.int64)
        return self

    def index(self, terms: Sequence[int]) -> np.ndarray:
        """Positions of the given term columns in :attr:`counts`."""
        return np.array([self._pos[int(t)] for t in terms], dtype=np.int64)


def _pair_counts(top: Sequence[Sequence[int]], co: Cooccurrence):
    """(topic index, co-document counts of its top terms, their document frequencies) for each
    topic with at least two terms in the co-occurrence table."""
    for t, terms in enumerate(top):
        idx = co.index(terms)
        if len(idx) >= 2:
            sub = co.counts[np.ix_(idx, idx)].astype(float)
            yield t, sub, np.diag(sub)


def npmi(top: Sequence[Sequence[int]], co: Cooccurrence) -> np.ndarray:
    """Mean normalised PMI over the pairs of each topic's top terms (one value per topic).

    ``NPMI(a, b) = log(p(a,b) / (p(a) p(b))) / -log p(a,b)`` with probabilities estimated as the
    share of documents containing the words; a pair that never co-occurs scores -1 and a pair that
    occurs in every document scores 0 (it tells nothing). Range [-1, 1]; 0 is independence.
    """
    n = max(co.n_docs, 1)
    out = np.full(len(top), np.nan)
    for t, sub, df in _pair_counts(top, co):
        iu = np.triu_indices(len(df), k=1)
        joint = sub[iu] / n
        pa, pb = df[iu[0]] / n, df[iu[1]] / n
        vals = np.full(joint.shape, -1.0)
        ok = joint > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(joint[ok] / (pa[ok] * pb[ok]))
            denom = -np.log(joint[ok])
            vals[ok] = np.where(denom > 0, pmi / np.where(denom > 0, denom, 1.0), 0.0)
        out[t] = float(vals.mean())
    return out


def umass(top: Sequence[Sequence[int]], co: Cooccurrence) -> np.ndarray:
    """UMass coherence of each topic (Mimno et al., 2011): mean over ranked pairs of
    ``log((D(w_m, w_l) + 1) / D(w_l))`` where ``w_l`` ranks above ``w_m``. Always <= ~0;
    closer to 0 is more coherent."""
    out = np.full(len(top), np.nan)
    for t, sub, df in _pair_counts(top, co):
        m, l_ = np.tril_indices(len(df), k=-1)  # m ranks below l
        with np.errstate(divide="ignore"):
            vals = np.log((sub[m, l_] + 1.0) / np.maximum(df[l_], 1.0))
        out[t] = float(vals.mean())
    return out


def diversity(top_terms: Sequence[Sequence[object]]) -> float:
    """Share of unique words among all topics' top words (Dieng et al., 2020): 1.0 means no two
    topics share a top word; low values mean near-duplicate topics."""
    words = [w for terms in top_terms for w in terms]
    return len(set(words)) / len(words) if words else float("nan")


def match_similarity(reference: np.ndarray, other: np.ndarray) -> float:
    """Mean cosine similarity of the best one-to-one matching between the rows (topics) of two
    topic-term matrices over the same columns (Hungarian assignment, Greene et al., 2014)."""
    a = _unit_rows(reference)
    b = _unit_rows(other)
    sim = a @ b.T
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean()) if len(rows) else float("nan")


def _unit_rows(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)

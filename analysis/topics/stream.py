"""The streamed topic model: one pass over a corpus too large for memory, chunk by chunk.

Why this design: hashed features (no vocabulary to hold), running document frequencies for IDF,
and ``MiniBatchNMF`` or online LDA fed in mini-batches, so memory is bounded by the model and a
sample, not by the corpus. Quality is measured on a uniform reservoir sample of the stream;
stability (:meth:`StreamingTopicModel.finish`) against refits on that sample.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from analysis.params import default
from analysis.topics.base import TopicModelBase, lengths_of
from analysis.topics.factor import Factoriser, project
from analysis.topics.quality import describe, stability
from analysis.topics.select import select_k, smallest_k
from analysis.topics.tables import doc_topic_table
from analysis.topics.terms import TermAnalyzer, given_terms
from analysis.topics.units import as_docs, row_shares, split_units


class StreamingTopicModel(TopicModelBase):
    """A topic model learnt one docs-table chunk at a time (:meth:`partial_fit`), then
    :meth:`finish`\\ ed; it transforms any docs table afterwards.

    Same parameters and topic attributes as :class:`~analysis.topics.TopicModel` where they
    apply (``k_``, ``unit_``, ``topic_terms_``, ``topic_quality_``, ``labels_``, ``quality_``,
    ``diversity_``, ``stability_``, ``k_scores_``, ``components_``, ``analyzer_``), plus
    ``estimator_`` (the ``MiniBatchNMF`` or online LDA; None until enough units arrived) and
    ``reservoir_`` (hashed counts of the uniform sample of units). Parameters of its own:
    ``n_features`` hashed columns, ``batch_size`` units per mini-batch, ``stream_sample`` units
    in the reservoir that coherence and stability are measured on, ``stream_total`` (the
    expected number of units, for online LDA's learning rate) and ``stability_epochs`` (epochs
    of each ``MiniBatchNMF`` stability refit). ``unit="auto"`` means whole articles.
    """

    def __init__(
        self,
        n_topics: int | str = default("topics.n_topics"),
        method: str = default("topics.method"),
        unit: str = default("topics.unit"),
        seed: int = default("topics.seed"),
        *,
        n_terms: int = 10,
        k_range: tuple[int, int] = (2, 12),
        max_df: float = 0.5,
        bigrams: bool = True,
        stem: bool = True,
        n_stability_runs: int = 5,
        stability_fraction: float = 0.8,
        stability_max_units: int = 20_000,
        max_iter: int | None = None,
        svd_init_below: int = 1000,
        n_features: int = 2**18,
        batch_size: int = 2048,
        stream_sample: int = 20_000,
        stream_total: int = 1_000_000,
        stability_epochs: int = 20,
    ):
        self.n_topics = n_topics
        self.method = method
        self.unit = unit
        self.seed = seed
        self.n_terms = n_terms
        self.k_range = k_range
        self.max_df = max_df
        self.bigrams = bigrams
        self.stem = stem
        self.n_stability_runs = n_stability_runs
        self.stability_fraction = stability_fraction
        self.stability_max_units = stability_max_units
        self.max_iter = max_iter
        self.svd_init_below = svd_init_below
        self.n_features = n_features
        self.batch_size = batch_size
        self.stream_sample = stream_sample
        self.stream_total = stream_total
        self.stability_epochs = stability_epochs

    # -- learning -------------------------------------------------------------------------------

    def partial_fit(self, chunk, y=None) -> StreamingTopicModel:
        """Learn from one chunk of the corpus (a docs table, or strings).

        The first chunk fixes the bigrams and, when ``n_topics="auto"``, k (chosen on the first
        units as :class:`~analysis.topics.TopicModel` would); terms are hashed into
        ``n_features`` columns so no vocabulary is held, and IDF comes from running document
        frequencies. Each chunk is cut into mini-batches of ``batch_size`` units. After every
        chunk the topics, their coherence (on the reservoir sample) and diversity are
        refreshed; call :meth:`finish` after the last chunk for stability.
        """
        self._check_params()
        chunk = as_docs(chunk)
        if not hasattr(self, "analyzer_"):
            self._start_stream(chunk)
        units, texts = split_units(chunk, self.unit_)
        terms = [self.analyzer_.terms(t, record=True) for t in texts]
        counts = self._hasher.transform(terms).tocsr()
        counts.sum_duplicates()
        self._count(counts, terms)
        keep = counts[np.flatnonzero(np.diff(counts.indptr) > 0)]
        start = self.estimator_ is None
        if start:
            # The model starts once the stream holds enough units for k topics (or, with
            # n_topics="auto", for the smallest k tried): MiniBatchNMF's first batch must have
            # at least k rows. Until then the chunks' counts wait here.
            self._pending.append(keep)
            pending = sparse.vstack(self._pending).tocsr()
            if pending.shape[0] < self._units_to_start():
                return self
            self._pending = []
            keep = pending
        X = self._weigh(keep)
        if start:
            self._start_model(X)
        self._learn(X, start)
        self._refresh()
        return self

    def _count(self, counts: sparse.csr_matrix, terms: list[list[str]]) -> None:
        """Running document frequencies (hashed columns and term names) and the reservoir."""
        self._df += np.bincount(counts.indices, minlength=self.n_features)
        self._n_seen += counts.shape[0]
        for term in {t for ts in terms for t in ts}:
            self._term_df[term] += 1
        if len(self._term_df) > 2 * self.analyzer_.prune_at:
            self._term_df = Counter(dict(self._term_df.most_common(self.analyzer_.prune_at)))
        self._reservoir_add(counts)

    def _learn(self, X: sparse.csr_matrix, start: bool) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for s in range(0, X.shape[0], self.batch_size):
                batch = X[s : s + self.batch_size]
                if start and s == 0 and batch.shape[0] < self.k_:
                    continue  # k chosen by "auto" may exceed a small first batch
                self.estimator_.partial_fit(batch)

    def _units_to_start(self) -> int:
        """Units (with at least one term) the stream must hold before the model starts."""
        if self.n_topics == "auto":
            lo = smallest_k(self.k_range)
            return 2 * lo * lo  # so that k_cap's sqrt(units / 2) allows the smallest k
        return int(self.n_topics)

    def _start_stream(self, chunk: pd.DataFrame) -> None:
        self.unit_ = self.unit if self.unit != "auto" else "article"
        units, texts = split_units(chunk, self.unit_)
        self.analyzer_ = TermAnalyzer(stem=self.stem, bigrams=self.bigrams).learn(texts)
        self._hasher = HashingVectorizer(
            analyzer=given_terms, n_features=self.n_features, alternate_sign=False, norm=None
        )
        self._df = np.zeros(self.n_features, dtype=np.int64)
        self._n_seen = 0
        self._term_df: Counter = Counter()
        self.reservoir_ = None
        self._res_seen = 0
        self.estimator_ = None
        self._pending: list[sparse.csr_matrix] = []
        self._rng = np.random.default_rng(self.seed)
        self.problems_ = []
        self.stability_ = float("nan")
        self.k_scores_ = None

    def _start_model(self, X: sparse.csr_matrix) -> None:
        if self.n_topics == "auto":
            cols = np.flatnonzero(np.asarray((X > 0).sum(axis=0)).ravel() >= 2)
            # the number of themes is the corpus's, whatever the method: chosen on TF-IDF
            tfidf = X if self.method == "nmf" else self._weigh(X, method="nmf")
            self.k_, self.k_scores_ = select_k(
                tfidf[:, cols].tocsr(), X[:, cols].tocsr(), self.k_range, self._split_halves()
            )
        else:
            self.k_ = int(self.n_topics)
        if self.method == "nmf":
            self.estimator_ = MiniBatchNMF(
                n_components=self.k_, init="nndsvda", random_state=self.seed, batch_size=self.batch_size
            )
        else:
            self.estimator_ = LatentDirichletAllocation(
                n_components=self.k_,
                learning_method="online",
                random_state=self.seed,
                batch_size=self.batch_size,
                total_samples=self.stream_total,
                n_jobs=1,
            )

    def _weigh(self, counts: sparse.csr_matrix, method: str | None = None) -> sparse.csr_matrix:
        """Sublinear TF x running IDF, l2-normalised (NMF), or the counts (LDA); terms found in
        more than ``max_df`` of the units so far are dropped. ``method`` overrides the model's."""
        method = method or self.method
        n = max(self._n_seen, 1)
        common = self._df > self.max_df * n if n >= 100 else np.zeros(self.n_features, bool)
        X = counts.copy().astype(np.float64)
        if method == "nmf":
            idf = np.log((1.0 + n) / (1.0 + self._df)) + 1.0
            X.data = (1.0 + np.log(X.data)) * idf[X.indices]
        X.data[common[X.indices]] = 0.0
        X.eliminate_zeros()
        return normalize(X) if method == "nmf" else X

    def _reservoir_add(self, counts: sparse.csr_matrix) -> None:
        """Keep a uniform sample of ``stream_sample`` units (Vitter's algorithm R)."""
        cap = self.stream_sample
        n_new = counts.shape[0]
        have = 0 if self.reservoir_ is None else self.reservoir_.shape[0]
        fill = min(max(cap - have, 0), n_new)
        source = np.full(have + fill, -1, dtype=np.int64)  # slot -> new row (-1: kept old row)
        source[have:] = np.arange(fill)
        for i in range(fill, n_new):
            j = int(self._rng.integers(0, self._res_seen + i + 1))
            if j < cap:
                source[j] = i
        self._res_seen += n_new
        parts = []
        if self.reservoir_ is not None:
            parts.append(self.reservoir_[np.flatnonzero(source[:have] < 0)])
        parts.append(counts[source[source >= 0]])
        self.reservoir_ = sparse.vstack(parts).tocsr()

    def _usable(self) -> np.ndarray:
        """Hashed columns neither rare (one unit) nor too common (``max_df``) so far."""
        n = max(self._n_seen, 1)
        return (self._df >= 2) & (self._df <= max(self.max_df * n, 2))

    def _refresh(self) -> None:
        if self.estimator_ is None or not hasattr(self.estimator_, "components_"):
            return
        self.components_ = row_shares(self.estimator_.components_)
        names = self._names_for_buckets()
        self._keep_topics(
            describe(
                self.components_,
                self.reservoir_,
                lambda j: names.get(int(j), f"#{int(j)}"),
                self.n_terms,
                self._usable(),
            )
        )
        self.terms_ = None

    def _names_for_buckets(self) -> dict[int, str]:
        """Each hashed column's name: the display form of its most frequent term."""
        terms = list(self._term_df)
        if not terms:
            return {}
        cols = self._hasher.transform([[t] for t in terms]).tocsr().indices
        best: dict[int, tuple[int, str]] = {}
        for term, col in zip(terms, cols):
            c = self._term_df[term]
            if col not in best or (c, term) > best[col]:
                best[col] = (c, term)
        return {int(col): self.analyzer_.display(t) for col, (_, t) in best.items()}

    def finish(self) -> StreamingTopicModel:
        """After the last chunk: stability of the streamed topics against models fitted on
        subsamples of the reservoir with other seeds (``MiniBatchNMF`` for ``stability_epochs``
        epochs, or online LDA), over the hashed columns that are neither rare nor too common."""
        if not hasattr(self, "analyzer_"):
            raise ValueError("finish() needs partial_fit() on at least one chunk first")
        if self.estimator_ is None or not hasattr(self.estimator_, "components_"):
            raise ValueError(
                f"too little text in the stream to fit a topic model ({self._n_seen} {self.unit_}s)"
            )
        cols = np.flatnonzero(self._usable())
        X = self._weigh(self.reservoir_)[:, cols].tocsr()
        reference = self.estimator_.components_[:, cols]
        online = Factoriser(
            method=self.method,
            max_iter=self.max_iter,
            svd_init_below=self.svd_init_below,
            online=True,
            batch_size=self.batch_size,
            epochs=self.stability_epochs,
        )
        self.stability_ = stability(X, self.k_, reference, online, self._resampling())
        return self

    # -- applying -------------------------------------------------------------------------------

    def unit_shares(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(topic shares of each text, its number of model terms): the model applied to units
        such as sentences or quotes. Rows sum to 1, or 0 for a text with no known term."""
        if getattr(self, "estimator_", None) is None:
            raise ValueError("the streamed model has not started: too few units so far")
        terms = [self.analyzer_.terms(t) for t in texts]
        counts = self._hasher.transform(terms).tocsr()
        X = self._weigh(counts)
        lengths = lengths_of(counts)
        if X.shape[0] == 0:
            return np.zeros((0, self.k_)), lengths
        return row_shares(project(self.estimator_, X)), lengths

    def hashed_matrix(self, texts: list[str]) -> sparse.csr_matrix:
        """The weighted hashed unit x column matrix the model reads for ``texts``."""
        return self._weigh(self._hasher.transform([self.analyzer_.terms(t) for t in texts])).tocsr()


def fit_stream(
    chunks: Iterable[pd.DataFrame],
    *,
    n_topics: int | str = "auto",
    method: str = "nmf",
    unit: str = "article",
    seed: int = 0,
    **params,
) -> StreamingTopicModel:
    """Fit a :class:`StreamingTopicModel` on an iterable of docs-table chunks (one pass,
    bounded memory), then measure its stability (:meth:`StreamingTopicModel.finish`)."""
    model = StreamingTopicModel(n_topics=n_topics, method=method, unit=unit, seed=seed, **params)
    n_chunks = 0
    for chunk in chunks:
        model.partial_fit(chunk)
        n_chunks += 1
    if not n_chunks:
        raise ValueError("no chunks to fit")
    return model.finish()


def stream_doc_topics(
    model: TopicModelBase, chunks: Iterable[pd.DataFrame], min_weight: float = 0.0
) -> Iterable[pd.DataFrame]:
    """The doc_topics table (doc_id, topic, weight) of each chunk in turn, for writing out a
    corpus too large to hold (a second pass after :func:`fit_stream`)."""
    for chunk in chunks:
        chunk = as_docs(chunk)
        yield doc_topic_table(chunk["doc_id"], model.transform(chunk), min_weight)

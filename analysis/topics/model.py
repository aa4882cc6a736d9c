"""The in-memory topic model: NMF (TF-IDF) or LDA (counts) on a docs table, with its quality.

Why this design:

* **NMF on TF-IDF by default.** On news it gives sharper, more coherent topics than LDA and fits
  in a fraction of the time (see ``benchmarks/topics.md``); LDA on counts is one switch away for
  users who want a generative model (:mod:`analysis.topics.factor`).
* **Quality with every model.** NPMI and UMass coherence per topic (computed on the corpus itself),
  topic diversity and stability over seeds (:mod:`analysis.topics.quality`).
* **Unit of analysis.** On small corpora (``unit="auto"``) the model reads paragraphs and adds
  their topic shares back up to articles (:mod:`analysis.topics.units`).
* **Scale.** A corpus too large for memory goes to
  :class:`~analysis.topics.StreamingTopicModel` instead, chunk by chunk.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis.params import default
from analysis.topics.base import TopicModelBase, lengths_of
from analysis.topics.factor import project
from analysis.topics.quality import describe, stability
from analysis.topics.select import select_k
from analysis.topics.tables import doc_topic_table, label_check
from analysis.topics.terms import TermAnalyzer, given_terms
from analysis.topics.units import aggregate, as_docs, row_shares, split_units


class TopicModel(TopicModelBase):
    """NMF or LDA topic model with its quality, as a scikit-learn estimator.

    Parameters are set in the constructor; :meth:`fit` learns from one in-memory docs table;
    results are attributes ending in ``_``:

    ``k_``, ``unit_``, ``topic_terms_`` (topic, rank, term, weight), ``topic_quality_`` (topic,
    label, npmi, umass, and the label check :func:`~analysis.topics.tables.label_check`:
    top_articles, with_label, best_sentence), ``labels_``, ``quality_`` (dict of the means), ``diversity_``,
    ``stability_``, ``k_scores_`` (when ``n_topics="auto"``), ``components_`` (topics x terms,
    rows sum to 1), ``terms_`` (display form of each column), ``analyzer_`` (the fitted
    :class:`~analysis.topics.TermAnalyzer`), ``vectorizer_`` (the fitted ``CountVectorizer``),
    ``estimator_`` (the fitted scikit-learn NMF or LDA), ``units_``, ``unit_topics_``,
    ``doc_ids_``, ``doc_topics_`` (articles x topics shares), ``problems_``, ``fit_seconds_``
    (the factorisation) and ``seconds_`` (the whole fit).

    ``n_topics="auto"`` tries every k in ``k_range`` (capped at sqrt(units / 2)) and keeps the one
    whose topics two random halves of the corpus reproduce best, weighted by their coherence
    (:func:`analysis.topics.select.select_k`). ``unit="auto"`` models paragraphs
    when there are fewer than ``paragraph_below`` articles, else whole articles.
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
        min_df: int | str = "auto",
        max_df: float = 0.5,
        max_features: int | None = 50_000,
        bigrams: bool = True,
        stem: bool = True,
        paragraph_below: int = 200,
        n_stability_runs: int = 5,
        stability_fraction: float = 0.8,
        stability_max_units: int = 4_000,
        max_iter: int | None = None,
        svd_init_below: int = 1000,
    ):
        self.n_topics = n_topics
        self.method = method
        self.unit = unit
        self.seed = seed
        self.n_terms = n_terms
        self.k_range = k_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.bigrams = bigrams
        self.stem = stem
        self.paragraph_below = paragraph_below
        self.n_stability_runs = n_stability_runs
        self.stability_fraction = stability_fraction
        self.stability_max_units = stability_max_units
        self.max_iter = max_iter
        self.svd_init_below = svd_init_below

    def _resolve_unit(self, n_docs: int) -> str:
        if self.unit != "auto":
            return self.unit
        return "paragraph" if n_docs < self.paragraph_below else "article"

    def _vectorise(self, texts: list[str]):
        """Fit the analyser, vocabulary and TF-IDF on the units' texts; their counts."""
        self.analyzer_ = TermAnalyzer(stem=self.stem, bigrams=self.bigrams)
        self.analyzer_.learn(texts)
        terms = [self.analyzer_.terms(t, record=True) for t in texts]
        n = len(terms)
        min_df = self.min_df if self.min_df != "auto" else (1 if n < 200 else 2 if n < 5000 else 5)
        max_df = self.max_df if n >= 20 else 1.0
        self.vectorizer_ = CountVectorizer(
            analyzer=given_terms,
            min_df=min_df,
            max_df=max_df,
            max_features=self.max_features,
            dtype=np.float64,
        )
        try:
            counts = self.vectorizer_.fit_transform(terms).tocsr()
        except ValueError as err:  # empty vocabulary after pruning
            raise ValueError(f"too little text to model topics ({n} {self.unit_}s): {err}") from err
        self.terms_ = np.array(
            [self.analyzer_.display(t) for t in self.vectorizer_.get_feature_names_out()], dtype=object
        )
        self._tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        return counts

    def _weigh(self, counts):
        return self._tfidf.transform(counts) if self.method == "nmf" else counts

    def _choose_k(self, X, counts) -> None:
        if self.n_topics == "auto":
            # the number of themes is the corpus's, whatever the method: chosen on TF-IDF
            tfidf = X if self.method == "nmf" else self._tfidf.transform(counts)
            self.k_, self.k_scores_ = select_k(tfidf, counts, self.k_range, self._split_halves())
            return
        self.k_ = int(self.n_topics)
        self.k_scores_ = None
        if self.k_ > min(X.shape):
            raise ValueError(
                f"n_topics={self.k_} is more than the corpus allows: "
                f"{X.shape[0]} {self.unit_}s, {X.shape[1]} terms"
            )

    def fit(self, docs, y=None) -> TopicModel:
        """Fit on an in-memory docs table (``doc_id``, ``text``, optional ``title``) or a list of
        strings. Articles with no text are kept with zero shares and listed in ``problems_``."""
        self._check_params()
        t0 = time.perf_counter()
        docs = as_docs(docs)
        self.problems_ = [
            {"doc_id": d, "problem": "no text"}
            for d, t in zip(docs["doc_id"], docs["text"])
            if not isinstance(t, str) or not t.strip()
        ]
        self.unit_ = self._resolve_unit(len(docs))
        units, texts = split_units(docs, self.unit_)
        counts = self._vectorise(texts)
        X = self._weigh(counts)
        self._choose_k(X, counts)

        factoriser = self._batch_factoriser()
        ft = time.perf_counter()
        self.estimator_, W = factoriser.fit(X, self.k_, self.seed)
        self.fit_seconds_ = time.perf_counter() - ft
        self.components_ = row_shares(self.estimator_.components_)
        self._keep_topics(describe(self.components_, counts, lambda j: str(self.terms_[j]), self.n_terms))
        self.stability_ = stability(X, self.k_, self.estimator_.components_, factoriser, self._resampling())

        lengths = lengths_of(counts)
        self.units_ = units.assign(n_terms=lengths.astype("int64"))
        self.unit_topics_ = row_shares(W)
        self.doc_ids_ = np.asarray(docs["doc_id"], dtype=object)
        self.doc_topics_ = (
            self.unit_topics_
            if self.unit_ == "article"
            else aggregate(units, self.unit_topics_, lengths, len(docs))
        )
        self.topic_quality_ = pd.concat([self.topic_quality_, label_check(self, docs)], axis=1)
        self.seconds_ = time.perf_counter() - t0
        return self

    def unit_shares(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(topic shares of each text, its number of model terms): the model applied to units
        such as sentences or quotes. Rows sum to 1, or 0 for a text with no known term."""
        terms = [self.analyzer_.terms(t) for t in texts]
        counts = self.vectorizer_.transform(terms).tocsr()
        X = self._weigh(counts)
        lengths = lengths_of(counts)
        if X.shape[0] == 0:
            return np.zeros((0, self.k_)), lengths
        return row_shares(project(self.estimator_, X)), lengths

    def fit_transform(self, docs, y=None) -> np.ndarray:
        """:meth:`fit`, then the articles' topic shares (``doc_topics_``)."""
        return self.fit(docs).doc_topics_

    def doc_topic_table(self, min_weight: float = 0.0) -> pd.DataFrame:
        """``doc_topics_`` as a tidy table (doc_id, topic, weight), rows with weight >
        ``min_weight`` only (articles with no modelled term have no rows)."""
        return doc_topic_table(self.doc_ids_, self.doc_topics_, min_weight)


def extract(
    docs: pd.DataFrame,
    *,
    n_topics: int | str = "auto",
    method: str = "nmf",
    unit: str = "auto",
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """Fit a :class:`TopicModel` and return its tables.

    Keys: ``doc_topics`` (doc_id, topic, weight), ``topic_terms`` (topic, rank, term, weight),
    ``topic_quality`` (topic, label, npmi, umass) and ``summary`` (one row: k, method, unit,
    mean_npmi, mean_umass, diversity, stability).
    """
    model = TopicModel(n_topics=n_topics, method=method, unit=unit, seed=seed).fit(docs)
    return {
        "doc_topics": model.doc_topic_table(),
        "topic_terms": model.topic_terms_.copy(),
        "topic_quality": model.topic_quality_.copy(),
        "summary": model.summary(),
    }

"""Topics: what a news corpus is about, with the quality of every model reported.

Modules, in the order they build on each other:

* :mod:`~analysis.topics.terms` -- text to model terms (stop words, stems, learnt bigrams);
* :mod:`~analysis.topics.units` -- articles, paragraphs or sentences, and shares back to articles;
* :mod:`~analysis.topics.coherence` -- NPMI, UMass, diversity, topic matching;
* :mod:`~analysis.topics.factor` -- NMF / LDA fits, batch or online;
* :mod:`~analysis.topics.quality` -- a model's topics described, its stability, quality in words;
* :mod:`~analysis.topics.select` -- the number of topics for ``n_topics="auto"``;
* :mod:`~analysis.topics.model` -- :class:`TopicModel` (in memory) and :func:`extract`;
* :mod:`~analysis.topics.stream` -- :class:`StreamingTopicModel` (chunk by chunk),
  :func:`fit_stream`, :func:`stream_doc_topics`;
* :mod:`~analysis.topics.tables` -- tables for reading a model (doc-topic table, shares per
  group, representative sentences, intertopic map): the store's topic tables. The report's
  views of them are :mod:`analysis.reports.topics`.

Example::

    from analysis.corpus import load_corpus
    from analysis import topics

    model = topics.TopicModel(n_topics="auto", seed=0).fit(load_corpus("seeds"))
    print(model.summary(), model.labels_)
"""

from analysis.topics.base import TopicModelBase
from analysis.topics.model import TopicModel, extract
from analysis.topics.quality import quality_in_words
from analysis.topics.stream import StreamingTopicModel, fit_stream, stream_doc_topics
from analysis.topics.tables import (
    DOC_TOPIC_COLUMNS,
    doc_topic_table,
    intertopic_map,
    k_scores,
    representative_sentences,
    topic_shares,
    with_labels,
)
from analysis.topics.terms import STOP_WORDS, TermAnalyzer
from analysis.topics.units import UNIT_COLUMNS, split_units

__all__ = [
    "DOC_TOPIC_COLUMNS",
    "STOP_WORDS",
    "UNIT_COLUMNS",
    "StreamingTopicModel",
    "TermAnalyzer",
    "TopicModel",
    "TopicModelBase",
    "doc_topic_table",
    "extract",
    "fit_stream",
    "intertopic_map",
    "k_scores",
    "quality_in_words",
    "representative_sentences",
    "split_units",
    "stream_doc_topics",
    "topic_shares",
    "with_labels",
]

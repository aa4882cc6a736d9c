"""Sentiment of articles, sentences and quotes, and towards the story's actors.

Analysts ask "how hostile is this coverage, towards whom, and in whose words?". Three layers
answer it, each a tidy table keyed by ``doc_id`` and ``sent_id``:

* **sentences** (:func:`extract`, :data:`SENTENCE_COLUMNS`): VADER scores of every sentence
  (:mod:`~analysis.sentiment.vader`, lexicon from the ``vaderSentiment`` wheel, no download) plus
  *whose voice* it is (:mod:`~analysis.sentiment.voice`): the journalist's own text (``author``)
  or quoted/reported speech (``quote``) with the speaker and the speaker's side.
* **targets** (:data:`TARGET_COLUMNS`, :mod:`~analysis.sentiment.targets`): one row per mention of
  an actor of the gazetteer with a score in [-1, 1] and a label ``neg``/``neu``/``pos`` *towards
  that actor*, from the fine-tuned transformer (:mod:`~analysis.sentiment.transformer`, ONNX),
  the linear news model (:mod:`~analysis.sentiment.models`, a scikit-learn pipeline trained on
  NewsMTSC; the fast path) or the VADER baseline.
* **aggregates** (:mod:`~analysis.sentiment.views`): :func:`document_target_tone` (per article
  and actor, what the evaluation scores), :func:`extremes` and :func:`drivers` (the words behind a
  score). The report's tables and charts are :mod:`analysis.reports.sentiment`.

Example::

    from analysis import attribution, load_corpus, sentiment
    docs = load_corpus("seeds")
    out = sentiment.extract(docs, attributions=attribution.extract(docs))  # {"sentences", "targets"}
    sentiment.extremes(out["sentences"], out["targets"])
"""

from analysis.sentiment import vader
from analysis.sentiment.extract import QUOTE_MARKS, SENTENCE_COLUMNS, extract
from analysis.sentiment.features import BLOCKS, TARGET_INPUT, TargetFeatures, target_frame
from analysis.sentiment.models import (
    LABELS,
    ModelFile,
    load_news_model,
    news_model,
    news_model_path,
    predict_proba,
    read_model,
    save_model,
)
from analysis.sentiment.targets import (
    DEFAULT_MODEL,
    MODELS,
    TARGET_COLUMNS,
    as_gazetteer,
    mentions,
    score_mentions,
    score_targets,
)
from analysis.sentiment.transformer import TransformerSentiment, load_transformer
from analysis.sentiment.views import (
    document_target_tone,
    drivers,
    extremes,
)
from analysis.sentiment.voice import QUOTE_SHARE, quote_spans, voices

__all__ = [
    "BLOCKS",
    "DEFAULT_MODEL",
    "LABELS",
    "MODELS",
    "QUOTE_SHARE",
    "QUOTE_MARKS",
    "SENTENCE_COLUMNS",
    "TARGET_COLUMNS",
    "TARGET_INPUT",
    "ModelFile",
    "TargetFeatures",
    "TransformerSentiment",
    "as_gazetteer",
    "document_target_tone",
    "drivers",
    "extract",
    "extremes",
    "load_news_model",
    "load_transformer",
    "mentions",
    "news_model",
    "news_model_path",
    "predict_proba",
    "quote_spans",
    "read_model",
    "save_model",
    "score_mentions",
    "score_targets",
    "target_frame",
    "vader",
    "voices",
]

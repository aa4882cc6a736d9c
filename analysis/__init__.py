"""News-corpus analysis: topics, sentiment and source attribution over a docs table.

The public API (see the README's "Python API")::

    from analysis import load_corpus, sentences, topics, sentiment, attribution
    docs = load_corpus("seeds/")            # the docs table, one row per article
    sents = sentences(docs)                 # the sentences table of the shared text layer
    quotes = attribution.extract(docs)      # one row per attribution
    tone = sentiment.extract(docs, attributions=quotes)  # sentence and target sentiment tables
    model = topics.TopicModel(n_topics=5).fit(docs)

Each study is a subpackage with an ``extract`` function; fitted models follow scikit-learn's
estimator API. Names here are imported on first use, so ``import analysis`` stays cheap and no
study is loaded that a caller does not use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

#: Public name → module that defines it.
_API = {
    "load_corpus": "analysis.corpus",
    "CorpusError": "analysis.corpus",
    "CorpusWarning": "analysis.corpus",
    "sentences": "analysis.text",
    "split_sentences": "analysis.text",
    "tokenize": "analysis.text",
    "find_quotes": "analysis.text",
    "TopicModel": "analysis.topics",
    "render_reports": "analysis.render",
}
_STUDIES = (
    "corpus",
    "text",
    "topics",
    "sentiment",
    "attribution",
    "actors",
    "outlets",
    "synthesis",
    "engine",
    "render",
    "reports",
    "evaluate",
    "lexicons",
)

__all__ = sorted([*_API, *_STUDIES])


def __getattr__(name: str) -> Any:
    """Import a public name or study subpackage on first access (PEP 562)."""
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    if name in _STUDIES:
        return importlib.import_module(f"analysis.{name}")
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")

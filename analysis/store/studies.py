"""What the store computes: the per-article tables of a chunk of articles, and the corpus tables.

Why split so: per-article tables (sentences, attributions, sentiment, entity mentions, cited
outlets) depend on one article alone, so they are computed once per article, in chunks, on
either engine, and kept until the article changes. Corpus tables (topics, actors, outlet
predictions, text reuse) depend on the whole corpus and are recomputed from the stored
per-article tables, which is cheap, except the topic model, which is refitted only when asked
or when the corpus changed enough (see :mod:`analysis.store.build`).
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from analysis.outlets.check import MIN_PRECISION

#: Parameters of a run, by study. A report's ``-p topics.n_topics 6`` sets ``topics.n_topics``.
DEFAULTS: dict[str, dict[str, Any]] = {
    "corpus": {"keep_duplicates": False},
    "actors": {"backend": "tagger", "story": None},
    "attribution": {"method": "rules"},
    "sentiment": {"model": "news", "n_actors": 20},
    "topics": {"n_topics": "auto", "method": "nmf", "unit": "auto", "seed": 0, "refit_share": 0.2},
    "outlets": {"threshold": 0.5, "min_articles": 2, "seed": 0, "reuse_n": 8, "min_precision": MIN_PRECISION},
}

#: Per-article table → the parameter groups its rows depend on (a change recomputes it).
ARTICLE_TABLES: dict[str, tuple[str, ...]] = {
    "sentences": (),
    "attributions": ("attribution", "actors"),
    "sentiment_sentences": ("attribution", "sentiment", "actors"),
    "sentiment_targets": ("attribution", "sentiment", "actors"),
    "entity_mentions": ("actors",),
}


def parameters(given: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The defaults updated with ``given``: nested (``{"topics": {"n_topics": 6}}``) or dotted
    (``{"topics.n_topics": 6}``). An unknown study or parameter is an error naming it."""
    params = copy.deepcopy(DEFAULTS)
    for key, value in (given or {}).items():
        if isinstance(value, dict) and key in params:
            items = [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            items = [(key, value)]
        for dotted, v in items:
            study, _, name = dotted.partition(".")
            if study not in params or name not in params[study]:
                known = ", ".join(f"{s}.{n}" for s in params for n in params[s])
                raise ValueError(f"unknown store parameter {dotted!r}; known: {known}")
            params[study][name] = v
    return params


def article_tables(
    docs: pd.DataFrame, params: dict[str, dict[str, Any]], tables: tuple[str, ...] = tuple(ARTICLE_TABLES)
) -> dict[str, pd.DataFrame]:
    """The per-article tables of ``docs`` (a chunk of the docs table) named in ``tables``.

    Every study reads the same sentences, the entity recogniser runs once and its actors (aliases
    merged, groups inferred over the chunk) name the speakers of the attributions and are the
    targets of sentiment, and the sentiment study reuses the attributions (the voice of a sentence
    is its speaker's), so each is computed once per chunk. The chunk's actors, not the whole
    corpus's, decide speaker names and groups here: resolving per chunk costs ~2 ms an article
    where per article it costs ~40 (measured on 100 BBC politics articles), and the chunks are
    fixed by corpus order and ``chunk_size`` on both engines, so a run is reproducible; the
    corpus-wide actors table is a corpus table (:mod:`analysis.store.corpus_tables`).
    """
    from analysis import actors, attribution, sentiment, text

    out: dict[str, pd.DataFrame] = {}
    sents = text.sentences(docs)
    out["sentences"] = sents
    wanted = set(tables)
    mentions = None
    if wanted & {"entity_mentions", "attributions", "sentiment_sentences", "sentiment_targets"}:
        mentions = actors.find_mentions(docs, sents, backend=params["actors"]["backend"])
        out["entity_mentions"] = mentions
    if wanted & {"attributions", "sentiment_sentences", "sentiment_targets"}:
        act = actors.resolve(mentions, story=params["actors"]["story"]) if len(mentions) else False
        attrs = attribution.extract(docs, method=params["attribution"]["method"], actors=act)
        out["attributions"] = attrs
        if wanted & {"sentiment_sentences", "sentiment_targets"}:
            tone = sentiment.extract(
                docs,
                model=params["sentiment"]["model"],
                attributions=attrs,
                sentences=sents,
                actors=act or None,
                n_actors=int(params["sentiment"]["n_actors"]),
            )
            out["sentiment_sentences"] = tone["sentences"]
            out["sentiment_targets"] = tone["targets"]
    return {name: out[name] for name in tables}

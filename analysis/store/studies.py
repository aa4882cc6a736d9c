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

from analysis.params import DEFAULT_ENGINE, check, default, spec, store_defaults

#: Parameters of a run, by study, from their one spec (:data:`analysis.params.SPECS`). A report's
#: ``-s topics.n_topics 6`` sets ``topics.n_topics``.
DEFAULTS: dict[str, dict[str, Any]] = store_defaults()

#: Articles per chunk: the store computes and keeps its per-article tables in chunks of this many.
CHUNK_SIZE = 500
#: ``extract STUDY`` → the per-article tables it writes, by the name it writes them under.
STUDY_TABLES: dict[str, dict[str, str]] = {
    "sentences": {"sentences": "sentences"},
    "attribution": {"attributions": "attributions"},
    "sentiment": {"sentiment_sentences": "sentences", "sentiment_targets": "targets"},
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
    (``{"topics.n_topics": 6}``). An unknown study or parameter, or a value its spec
    (:mod:`analysis.params`) does not allow, is an error naming it."""
    params = copy.deepcopy(DEFAULTS)
    for key, value in (given or {}).items():
        if isinstance(value, dict) and key in params:
            items = [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            items = [(key, value)]
        for dotted, v in items:
            if not spec(dotted).store:
                raise ValueError(f"{dotted} is not a store parameter")
            study, _, name = dotted.partition(".")
            params[study][name] = check(dotted, v)
    return params


def article_tables(
    docs: pd.DataFrame,
    params: dict[str, dict[str, Any]],
    tables: tuple[str, ...] = tuple(ARTICLE_TABLES),
    *,
    lexicon: str = default("sentiment.lexicon"),
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
                lexicon=lexicon,
            )
            out["sentiment_sentences"] = tone["sentences"]
            out["sentiment_targets"] = tone["targets"]
    return {name: out[name] for name in tables}


def chunk_ids(doc_ids: list[str], size: int = CHUNK_SIZE) -> list[list[str]]:
    """Consecutive chunks of at most ``size`` articles, in corpus order: the store's chunking."""
    return [doc_ids[i : i + size] for i in range(0, len(doc_ids), size)]


def study_tables(
    analysed: pd.DataFrame,
    study: str,
    params: dict[str, dict[str, Any]],
    *,
    engine: str = DEFAULT_ENGINE,
    scheduler: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    lexicon: str = default("sentiment.lexicon"),
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """The tables of ``study`` (:data:`STUDY_TABLES`) for the ``analysed`` articles, as a fresh
    store of ``analysed`` holds them: the same chunks, the same chunk function
    (:func:`article_tables`), so ``extract`` gives the store's rows. A chunk runs in this process
    or, with ``engine="dask"``, on a Dask worker (:func:`analysis.engine.map_partitions`)."""
    from analysis.engine import check_engine, concat_results, map_partitions

    check_engine(engine)
    names = STUDY_TABLES[study]

    def one(chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
        out = article_tables(chunk.reset_index(drop=True), params, tuple(names), lexicon=lexicon)
        return {names[name]: table for name, table in out.items()}

    if engine == "dask" and len(analysed):
        result = map_partitions(one, analysed, scheduler=scheduler, partition_size=chunk_size)
    else:
        parts = [one(analysed.iloc[i : i + chunk_size]) for i in range(0, len(analysed), chunk_size)]
        result = concat_results(parts or [one(analysed.iloc[:0])])
    return next(iter(result.values())) if len(result) == 1 else result

"""Corpus tables of the store: the docs table, input problems, topics, outlets and text reuse.

Why recomputed each run (but the topic model): they depend on the whole corpus, and each is
cheap next to the per-article work. The topic model is the exception: refitting moves every
topic, so a run transforms new articles with the stored model and refits only when asked, when
its parameters changed, or when more than ``topics.refit_share`` of the articles are new, changed
or gone since the fit.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import schema
from analysis.actors import MENTION_COLUMNS, group_scheme, resolve
from analysis.corpus import boilerplate_table, group_problems
from analysis.outlets import UNKNOWN, cited_outlets, find_reuse, predict_outlets
from analysis.outlets.check import out_of_fold_check
from analysis.store.manifest import Manifest
from analysis.store.parts import part_entries, read_entries, seal, write_whole
from analysis.store.quotes import quotes_table
from analysis.topics import TopicModel, doc_topic_table
from analysis.topics.persist import ModelFileError, load_topic_model, save_topic_model

#: Where the topic model is saved, as arrays and JSON (:mod:`analysis.topics.persist`), never a
#: pickle (``-SHA16.npz`` appended); its entry is ``files["topic_model"]``.
TOPIC_MODEL = "models/topics"
TOPIC_TABLES = ("doc_topics", "topic_terms", "topic_quality", "topic_summary")
#: Columns of other corpus tables that the topic model gives (they move when it is refitted).
TOPIC_COLUMNS = {"quotes": ["topic", "topic_weight"]}


def corpus_tables(
    root: Path,
    docs: pd.DataFrame,
    analysed: pd.DataFrame,
    manifest: Manifest,
    *,
    unchanged: set[str],
    refit: bool = False,
    changed_share: float = 1.0,
) -> None:
    """Write every corpus table of the store and record their row counts in ``manifest``."""
    tables: dict[str, pd.DataFrame] = actor_tables(root, manifest)
    tables |= {
        "docs": docs.assign(analysed=docs["doc_id"].isin(analysed["doc_id"])),
        "problems": problems_table(docs.attrs.get("problems", [])),
        "boilerplate": boilerplate_table(docs),
    }
    topics, model = topic_tables(
        root, analysed, manifest, unchanged=unchanged, refit=refit, changed_share=changed_share
    )
    tables.update(topics)
    attributions = read_entries(root, part_entries(manifest.parts, "attributions", manifest.chunks))
    tables.update(outlet_tables(analysed, manifest.parameters["outlets"], attributions))
    tables["quotes"] = quotes(root, manifest, docs["doc_id"], attributions, model)
    for name, table in tables.items():
        manifest.files[name] = write_whole(root, name, table)
        manifest.tables[name] = manifest.files[name]["rows"]


def quotes(
    root: Path, manifest: Manifest, doc_ids: pd.Series, attributions: pd.DataFrame | None, model: Any
) -> pd.DataFrame:
    """The ``quotes`` table (:data:`analysis.schema.QUOTES`), in docs order: each attribution with
    its tone and the topic ``model`` (the store's, just fitted or reused) gives its sentence."""
    order = {d: i for i, d in enumerate(doc_ids)}

    def stored(name: str, columns: list[str]) -> pd.DataFrame:
        frame = read_entries(root, part_entries(manifest.parts, name, manifest.chunks), columns)
        if frame is None:
            return pd.DataFrame(columns=columns)
        return frame.iloc[frame["doc_id"].map(order).argsort(kind="stable")].reset_index(drop=True)

    if attributions is None:
        attributions = pd.DataFrame(columns=schema.ATTRIBUTIONS)
    attributions = attributions.iloc[attributions["doc_id"].map(order).argsort(kind="stable")]
    return quotes_table(
        attributions[schema.ATTRIBUTIONS_FOR_QUOTES].reset_index(drop=True),
        stored("sentiment_sentences", schema.TONE_FOR_QUOTES),
        stored("sentences", ["doc_id", "sent_id", "text"]),
        model,
    )


def problems_table(problems: list[dict[str, Any]]) -> pd.DataFrame:
    """Input problems grouped by kind (``kind, count, path, problem, examples``): 296 identical
    date warnings are one row with a count and examples. Lists are joined into text so the
    table stores as Parquet."""
    rows = [
        {k: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in p.items()}
        for p in group_problems(problems)
    ]
    frame = pd.DataFrame(rows)
    return frame if len(frame.columns) else pd.DataFrame(columns=["kind", "count", "path", "problem"])


def actor_tables(root: Path, manifest: Manifest) -> dict[str, pd.DataFrame]:
    """The corpus's actors merged from every article's entity mentions (aliases, role, group),
    the mentions with their actor and group, and the group scheme with each group's size."""
    mentions = read_entries(root, part_entries(manifest.parts, "entity_mentions", manifest.chunks))
    if mentions is None:
        mentions = pd.DataFrame(columns=MENTION_COLUMNS)
    found = resolve(mentions, story=manifest.parameters["actors"]["story"])
    table = found.table.copy()
    table.attrs = {}
    return {"actors": table, "mentions": found.mentions.copy(), "groups": group_scheme(found)}


def outlet_tables(
    analysed: pd.DataFrame,
    params: dict[str, Any],
    attributions: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Outlet predictions (an outlet named for an unstated article only where ``outlet_check``,
    the out-of-fold check per outlet, earned it), cited outlets and text reuse of the analysed
    articles: the copies set
    aside are out of the reuse pairs too (``analysed`` already holds them when
    ``keep_duplicates`` kept them), as they are out of every other count.

    Cited outlets are read from the store's ``attributions`` (the speakers of kind ``media``)
    rather than found by running the attribution study a second time."""
    predictions = predict_outlets(
        analysed,
        threshold=params["threshold"],
        seed=params["seed"],
        min_articles=params["min_articles"],
        min_precision=params["min_precision"],
    )
    return {
        "outlet_predictions": predictions,
        "outlet_check": out_of_fold_check(predictions, UNKNOWN, min_precision=params["min_precision"]),
        "citations": cited_outlets(analysed, attributions=attributions),
        "reuse": find_reuse(
            analysed, n=params["reuse_n"], keep_duplicates=True, top_per_article=params["reuse_top"]
        ),
    }


def save_model(model: Any, path: Path) -> None:
    """Write the topic model as arrays and JSON (:func:`analysis.topics.persist.save_topic_model`:
    nothing in the store can run code when read back)."""
    save_topic_model(model, path)


def load_model(path: Path) -> Any:
    """The topic model :func:`save_model` wrote; :class:`ModelFileError` for a damaged file."""
    return load_topic_model(path)


def reusable_model(path: Path) -> Any | None:
    """The stored topic model, or None (with a warning naming the file) when it is damaged, so
    the run refits instead of failing."""
    try:
        return load_model(path)
    except ModelFileError as err:
        warnings.warn(f"{err}; the topic model is fitted again", stacklevel=2)
        return None


def topic_tables(
    root: Path,
    analysed: pd.DataFrame,
    manifest: Manifest,
    *,
    unchanged: set[str],
    refit: bool,
    changed_share: float,
) -> tuple[dict[str, pd.DataFrame], Any]:
    """Fit or reuse the topic model; its tables for the analysed articles, and the model.

    When the stored model is reused, unchanged articles keep their rows and only new or changed
    ones are transformed, so a run on an unchanged corpus gives the same table.
    """
    params = {k: v for k, v in manifest.parameters["topics"].items() if k != "refit_share"}
    stored = manifest.files.get("topic_model")  # verified by the build, or absent
    reuse = (
        not refit
        and stored is not None
        and "doc_topics" in manifest.files
        and manifest.topics.get("parameters") == params
        and changed_share <= manifest.parameters["topics"]["refit_share"]
    )
    model = reusable_model(root / stored["file"]) if reuse else None
    if model is not None:
        old = read_entries(root, [manifest.files["doc_topics"]])
        new = analysed[~analysed["doc_id"].isin(unchanged)]
        parts = [old[old["doc_id"].isin(unchanged)]] if old is not None else []
        if len(new):
            parts.append(doc_topic_table(new["doc_id"], model.transform(new)))
        doc_topics = (
            pd.concat(parts, ignore_index=True) if parts else doc_topic_table([], model.transform(new))
        )
        order = {d: i for i, d in enumerate(analysed["doc_id"])}
        doc_topics = doc_topics.iloc[doc_topics["doc_id"].map(order).argsort(kind="stable")].reset_index(
            drop=True
        )
        manifest.topics["transformed"] = manifest.topics.get("transformed", 0) + 1
    else:
        model = TopicModel(**params).fit(analysed)
        tmp = root / f"{TOPIC_MODEL}.{os.getpid()}.new"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        save_model(model, tmp)
        manifest.files["topic_model"] = seal(root, tmp, TOPIC_MODEL, ".npz", 1)
        doc_topics = model.doc_topic_table()
        manifest.topics = {"parameters": params, "fitted_on": len(analysed), "transformed": 0}
    manifest.topics["k"] = int(model.k_)
    tables = {
        "doc_topics": doc_topics,
        "topic_terms": model.topic_terms_.copy(),
        "topic_quality": model.topic_quality_.copy(),
        "topic_summary": model.summary(),
    }
    return tables, model

"""Corpus tables of the store: the docs table, input problems, topics, outlets and text reuse.

Why recomputed each run (but the topic model): they depend on the whole corpus, and each is
cheap next to the per-article work. The topic model is the exception: refitting moves every
topic, so a run transforms new articles with the stored model and refits only when asked, when
its parameters changed, or when more than ``topics.refit_share`` of the articles are new, changed
or gone since the fit.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.actors import MENTION_COLUMNS, resolve
from analysis.corpus import boilerplate_table, group_problems
from analysis.outlets import UNKNOWN, cited_outlets, find_reuse, predict_outlets
from analysis.outlets.check import out_of_fold_check
from analysis.store.manifest import Manifest
from analysis.store.parts import part_paths, read_parts, read_whole, write_whole
from analysis.topics import TopicModel, doc_topic_table

TOPIC_MODEL = "models/topics.pickle"
TOPIC_TABLES = ("doc_topics", "topic_terms", "topic_quality", "topic_summary")


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
    tables.update(
        topic_tables(root, analysed, manifest, unchanged=unchanged, refit=refit, changed_share=changed_share)
    )
    attributions = read_parts(part_paths(root, "attributions", manifest.chunks))
    tables.update(outlet_tables(analysed, manifest.parameters["outlets"], attributions))
    for name, table in tables.items():
        manifest.tables[name] = write_whole(root, name, table)


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
    and the mentions with their actor and group."""
    mentions = read_parts(part_paths(root, "entity_mentions", manifest.chunks))
    if mentions is None:
        mentions = pd.DataFrame(columns=MENTION_COLUMNS)
    found = resolve(mentions, story=manifest.parameters["actors"]["story"])
    table = found.table.copy()
    table.attrs = {}
    return {"actors": table, "mentions": found.mentions.copy()}


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
        "reuse": find_reuse(analysed, n=params["reuse_n"], keep_duplicates=True),
    }


def save_model(model: Any, path: Path) -> None:
    """Pickle the topic model with the C pickler (joblib's pure-Python pickler took seconds on
    its term dictionaries); written to a temp file, then renamed."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def load_model(path: Path) -> Any:
    """The topic model :func:`save_model` wrote (the store's own file, never a user's)."""
    with open(path, "rb") as fh:
        return pickle.load(fh)


def topic_tables(
    root: Path,
    analysed: pd.DataFrame,
    manifest: Manifest,
    *,
    unchanged: set[str],
    refit: bool,
    changed_share: float,
) -> dict[str, pd.DataFrame]:
    """Fit or reuse the topic model; its tables for the analysed articles.

    When the stored model is reused, unchanged articles keep their rows and only new or changed
    ones are transformed, so a run on an unchanged corpus gives the same table.
    """
    params = {k: v for k, v in manifest.parameters["topics"].items() if k != "refit_share"}
    path = root / TOPIC_MODEL
    reuse = (
        not refit
        and path.is_file()
        and manifest.topics.get("parameters") == params
        and changed_share <= manifest.parameters["topics"]["refit_share"]
    )
    if reuse:
        model = load_model(path)
        old = read_whole(root, "doc_topics")
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
        path.parent.mkdir(parents=True, exist_ok=True)
        save_model(model, path)
        doc_topics = model.doc_topic_table()
        manifest.topics = {"parameters": params, "fitted_on": len(analysed), "transformed": 0}
    manifest.topics["k"] = int(model.k_)
    return {
        "doc_topics": doc_topics,
        "topic_terms": model.topic_terms_.copy(),
        "topic_quality": model.topic_quality_.copy(),
        "topic_summary": model.summary(),
    }

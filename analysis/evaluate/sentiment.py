"""Score the sentiment models against gold data: NewsMTSC (targets) and PerSenT (documents).

``evaluate(path)`` picks the format by the file: JSONL is NewsMTSC (``sentence_normalized``,
``targets[].from/to/polarity`` with 2 = negative, 4 = neutral, 6 = positive), scored per target;
CSV is PerSenT (``DOCUMENT``, ``TARGET_ENTITY``, ``TRUE_SENTIMENT``), scored per article with the
document aggregate towards the target entity (:func:`analysis.sentiment.document_target_tone`).
Both go through the same functions :func:`analysis.sentiment.extract` uses, so the figures are
the figures of the shipped code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import sentiment
from analysis.sentiment import vader
from analysis.sentiment.targets import DEFAULT_MODEL

POLARITY = {2.0: "neg", 4.0: "neu", 6.0: "pos"}
PERSENT = {"negative": "neg", "neutral": "neu", "positive": "pos"}


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """One row per target: ``sentence, start, end, mention, label, article``.

    ``article`` (the AllSides article id inside ``primary_gid``) groups targets of the same
    article, so cross-validation can keep an article's sentences on one side of a split.
    A line that is not valid JSON or lacks the fields raises ``ValueError`` naming the line.
    """
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                sent = rec["sentence_normalized"]
                gid = str(rec.get("primary_gid", ""))
                article = gid.split("_")[1] if gid.count("_") >= 2 else gid
                for t in rec["targets"]:
                    a, b = int(t["from"]), int(t["to"])
                    mention = t.get("mention", sent[a:b])
                    rows.append((sent, a, b, mention, POLARITY[float(t["polarity"])], article))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{lineno}: not a NewsMTSC record ({exc!r})") from exc
    return pd.DataFrame(rows, columns=["sentence", "start", "end", "mention", "label", "article"])


def scores(gold, pred) -> dict:
    """accuracy, macro_f1, per-class F1, confusion matrix (rows gold, columns predicted), n."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    gold, pred = list(gold), list(pred)
    labels = list(sentiment.LABELS)
    per = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)) if gold else float("nan"),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0))
        if gold
        else float("nan"),
        "f1": {lab: float(v) for lab, v in zip(labels, per)},
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()},
    }


def evaluate_newsmtsc(
    path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    lexicon: str = vader.DEFAULT_LEXICON,
    model_file: str | Path | None = None,
) -> dict:
    """Target-level scores on a NewsMTSC JSONL file; ``model_file`` scores a saved model instead
    of the shipped one: a news-model file (``scripts/train_sentiment.py --out FILE``) or, with
    ``model="transformer"``, a folder (``scripts/train_sentiment_transformer.py --out FOLDER``)."""
    gold = read_newsmtsc(path)
    estimator = None
    if model_file is not None:
        load = sentiment.load_transformer if model == "transformer" else sentiment.load_news_model
        estimator = load(model_file)
    _, pred = sentiment.score_targets(
        gold["sentence"], gold["start"], gold["end"], model=model, lexicon=lexicon, estimator=estimator
    )
    out = {"data": str(path), "format": "newsmtsc", "model": model, "lexicon": lexicon}
    if model_file is not None:
        out["model_file"] = str(model_file)
    return {**out, **scores(gold["label"], pred)}


def _aliases(entity: str) -> list[str]:
    # PerSenT names the target in full ("Benjamin Koellmann"); articles mostly repeat the
    # surname. First names alone are skipped: they collide with other people too often.
    parts = entity.split()
    return [entity, parts[-1]] if len(parts) > 1 else [entity]


#: (low, high) cut-offs on an article's mean target score for PerSenT's document labels, per
#: model, chosen on PerSenT ``dev.csv`` by :func:`calibrate_persent` (grid of 0.05 steps, best
#: macro-F1, news lexicon) and reported on ``random_test.csv`` (``benchmarks/sentiment.md``).
#: Why calibrate: PerSenT labels the author's overall stance and leans positive, while both
#: scorers lean negative on news; an uncalibrated majority vote of mention labels reaches
#: macro-F1 0.39 only.
PERSENT_THRESHOLDS = {"news": (-0.35, 0.0), "vader": (-0.25, 0.05)}


def persent_articles(
    path: str | Path, *, model: str = DEFAULT_MODEL, lexicon: str = vader.DEFAULT_LEXICON
) -> pd.DataFrame:
    """One row per labelled PerSenT article: ``gold, mean_score, vote, fallback``.

    ``mean_score`` is the mean score of the mentions of ``TARGET_ENTITY`` (found by full name or
    surname; NaN when it is never named); ``vote`` the majority label of those mentions;
    ``fallback`` the label of the whole article's tone (VADER mean compound, ±0.05), used when
    the target is never named. Thresholds are applied by :func:`label_articles`, so a grid of
    them costs one pass over the articles.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for i, row in enumerate(table.itertuples(index=False)):
        label = PERSENT.get(str(row.TRUE_SENTIMENT).strip().lower())
        if label is None or not str(row.DOCUMENT).strip():
            continue
        entity = str(row.TARGET_ENTITY).strip()
        docs = pd.DataFrame({"doc_id": [str(i)], "text": [str(row.DOCUMENT)]})
        out = sentiment.extract(
            docs,
            model=model,
            gazetteer={entity: _aliases(entity)},
            attributions=_NO_ATTRIBUTION,
            lexicon=lexicon,
        )
        agg = sentiment.document_target_tone(out["targets"], actor=entity)
        c = out["sentences"]["compound"].mean()
        fallback = "neu" if np.isnan(c) else vader.label(c)
        if agg.empty:
            rows.append((label, np.nan, fallback, fallback))
        else:
            rows.append((label, float(agg["mean_score"].iloc[0]), agg["label"].iloc[0], fallback))
    return pd.DataFrame(rows, columns=["gold", "mean_score", "vote", "fallback"])


def label_articles(articles: pd.DataFrame, low: float, high: float) -> list[str]:
    """Labels of :func:`persent_articles` rows: ``neg`` at or below ``low``, ``pos`` at or above
    ``high``, else ``neu`` (as :func:`analysis.sentiment.document_target_tone` with thresholds);
    the ``fallback`` label where the target is never named."""
    out = []
    for mean, fallback in zip(articles["mean_score"], articles["fallback"]):
        if np.isnan(mean):
            out.append(fallback)
        else:
            out.append("neg" if mean <= low else "pos" if mean >= high else "neu")
    return out


def evaluate_persent(
    path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    lexicon: str = vader.DEFAULT_LEXICON,
    thresholds: tuple[float, float] | None = None,
) -> dict:
    """Document-level scores on a PerSenT CSV: the aggregate towards ``TARGET_ENTITY``.

    The label comes from the mean score of the target's mentions with ``thresholds`` (default
    :data:`PERSENT_THRESHOLDS` of ``model``); ``vote`` gives the scores of the uncalibrated
    majority vote. An article where the target is never found by name is labelled by the tone of
    the whole article (VADER mean compound, ±0.05) and counted in ``no_mention``.
    """
    low, high = thresholds if thresholds is not None else PERSENT_THRESHOLDS[model]
    articles = persent_articles(path, model=model, lexicon=lexicon)
    head = {"data": str(path), "format": "persent", "model": model, "lexicon": lexicon}
    return {**head, **persent_scores(articles, low, high)}


def persent_scores(articles: pd.DataFrame, low: float, high: float) -> dict:
    """Scores of :func:`persent_articles` rows labelled with (``low``, ``high``), the vote's
    accuracy and macro-F1, and the number of articles that never name the target."""
    voted = scores(articles["gold"], articles["vote"])
    return {
        "no_mention": int(articles["mean_score"].isna().sum()),
        "thresholds": [low, high],
        "vote": {"accuracy": voted["accuracy"], "macro_f1": voted["macro_f1"]},
        **scores(articles["gold"], label_articles(articles, low, high)),
    }


def best_thresholds(articles: pd.DataFrame, step: float = 0.05) -> tuple[float, float, float]:
    """(low, high, macro-F1): the thresholds with the best macro-F1 on :func:`persent_articles` rows.

    Every pair ``low < high`` on a grid of ``step`` from -1 to 1 is tried, ``low`` then ``high``
    ascending; the first pair with the best score wins, so the result is deterministic.
    """
    grid = np.round(np.arange(-1.0, 1.0 + step / 2, step), 6)
    best = (-1.0, float(grid[0]), float(grid[1]))
    for i, low in enumerate(grid):
        for high in grid[i + 1 :]:
            f1 = scores(articles["gold"], label_articles(articles, low, high))["macro_f1"]
            if f1 > best[0]:
                best = (f1, float(low), float(high))
    return best[1], best[2], best[0]


def calibrate_persent(
    path: str | Path, *, model: str = DEFAULT_MODEL, lexicon: str = vader.DEFAULT_LEXICON, step: float = 0.05
) -> dict:
    """The thresholds of :func:`best_thresholds` on a PerSenT CSV (use ``dev.csv``): how
    :data:`PERSENT_THRESHOLDS` were chosen. Returns ``{data, model, lexicon, thresholds, macro_f1, n}``."""
    articles = persent_articles(path, model=model, lexicon=lexicon)
    low, high, f1 = best_thresholds(articles, step)
    return {
        "data": str(path),
        "model": model,
        "lexicon": lexicon,
        "thresholds": [low, high],
        "macro_f1": f1,
        "n": len(articles),
    }


# Voice does not change a score, so evaluation skips attribution: an empty attribution table makes
# every sentence the author's.
_NO_ATTRIBUTION = pd.DataFrame(columns=["doc_id", "content_start", "content_end", "speaker", "side"])


def evaluate(data: str | Path, *, model: str = DEFAULT_MODEL, lexicon: str = vader.DEFAULT_LEXICON) -> dict:
    """Accuracy, macro-F1 and n of ``model`` (``news`` or ``vader``) on ``data``.

    ``.csv`` files are PerSenT (document level); anything else is NewsMTSC JSONL (target level).
    ``lexicon`` matters for ``model="vader"`` only: ``"news"`` (VADER plus the news supplement,
    what :func:`analysis.sentiment.extract` uses) or ``"vader"`` (plain VADER, the published
    baseline).
    """
    path = Path(data)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return evaluate_persent(path, model=model, lexicon=lexicon)
    return evaluate_newsmtsc(path, model=model, lexicon=lexicon)

"""Score the topic model on a labelled corpus: coherence, diversity, stability and agreement of
each article's dominant topic with its gold category (NMI, ARI).

Why NMI/ARI of the dominant topic: on a corpus whose categories are topical (BBC News: business,
entertainment, politics, sport, tech) a good model with k = number of categories should
rediscover them; coherence alone can be high for topics nobody asked for.

Accepted layouts:

* a folder of category subfolders of ``.txt`` files (BBC News: the first line is the headline),
  read with :func:`analysis.corpus.load_corpus`; the label is the subfolder's name;
* a CSV with a ``label`` column and ``title``/``description`` or ``text`` columns (AG News).
"""

from __future__ import annotations

import html
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.corpus import load_corpus
from analysis.topics import TopicModel


def load_labelled(data: str | Path) -> pd.DataFrame:
    """A docs table (doc_id, title, text) with a ``label`` column, from either layout."""
    path = Path(data)
    if path.is_dir():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # decoding notes (cp1252 files) are not errors here
            docs = load_corpus(path, dedup=False, progress=False, metadata=False)
        root = path.resolve()
        labels = []
        for src in docs["source_path"]:
            rel = Path(src).resolve().relative_to(root)
            labels.append(rel.parts[0] if len(rel.parts) > 1 else None)
        docs = docs.assign(label=labels)
        docs = docs[docs["label"].notna()].reset_index(drop=True)
        if docs.empty:
            raise ValueError(f"{path}: no .txt files inside category subfolders")
        return docs
    if path.suffix.lower() in (".csv", ".tsv"):
        table = pd.read_csv(
            path, sep="\t" if path.suffix.lower() == ".tsv" else ",", dtype=str, keep_default_na=False
        )
        if "label" not in table.columns:
            raise ValueError(f"{path}: no 'label' column (columns: {', '.join(table.columns)})")
        body_col = next((c for c in ("text", "description", "body", "content") if c in table), None)
        if body_col is None:
            raise ValueError(f"{path}: no text column (text, description, body or content)")
        return pd.DataFrame(
            {
                "doc_id": [f"{path.stem}:{i}" for i in range(len(table))],
                "title": table.get("title", ""),
                "text": [clean_feed_text(t) for t in table[body_col]],
                "label": table["label"],
            }
        )
    raise ValueError(f"{path}: expected a folder of category subfolders or a CSV with a label column")


_ENTITY = re.compile(r"&?(#\d+|quot|amp|lt|gt|apos|nbsp);")
_TAG = re.compile(r"<[^>]{0,200}>")
_DATELINE = re.compile(r"^\s*([^-]{1,60}?)\s+-{1,2}\s+")


def clean_feed_text(text: str) -> str:
    """Undo the damage news feeds do to a summary (AG News): HTML entities with or without their
    ``&`` ("quot;", "#39;"), tags, backslash line breaks, and a leading dateline or wire credit
    ("WASHINGTON (Reuters) - ", "AP - ") that would otherwise become the strongest "topic"."""
    text = _ENTITY.sub(lambda m: html.unescape(f"&{m.group(1)};"), text.replace("\\", " "))
    text = _TAG.sub(" ", text)
    for _ in range(2):
        m = _DATELINE.match(text)
        if not m or re.search(r"(?<![A-Za-z(.])[a-z]{2,}", m.group(1)):
            break
        text = text[m.end() :]
    return text.strip()


def evaluate(data: str | Path, *, k: int | None = None, method: str = "nmf", seed: int = 0) -> dict:
    """Fit a topic model on the labelled corpus ``data`` and score it.

    ``k`` defaults to the number of gold categories. Returns ``npmi`` (mean over topics),
    ``umass``, ``diversity``, ``stability``, ``nmi`` and ``ari`` (dominant topic vs label),
    ``seconds`` (wall time of the whole fit: terms, model, quality and stability runs),
    ``fit_seconds`` (the factorisation alone), ``k``, ``n_docs`` and the topic labels.
    Articles are modelled whole (``unit="article"``) because the labels are per article.
    """
    docs = load_labelled(data)
    n_labels = docs["label"].nunique()
    model = TopicModel(n_topics=int(k) if k else n_labels, method=method, unit="article", seed=seed)
    t0 = time.perf_counter()
    model.fit(docs)
    seconds = time.perf_counter() - t0
    shares = model.doc_topics_
    dominant = np.where(shares.sum(axis=1) > 0, shares.argmax(axis=1), -1)
    gold = docs["label"].astype(str).to_numpy()
    return {
        "npmi": model.quality_["npmi"],
        "umass": model.quality_["umass"],
        "diversity": model.diversity_,
        "stability": model.stability_,
        "nmi": float(normalized_mutual_info_score(gold, dominant)),
        "ari": float(adjusted_rand_score(gold, dominant)),
        "seconds": seconds,
        "fit_seconds": model.fit_seconds_,
        "k": int(model.k_),
        "n_docs": int(len(docs)),
        "method": method,
        "labels": list(model.labels_),
    }

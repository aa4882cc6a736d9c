"""The units a topic model reads (articles, paragraphs or sentences) and the way back to articles.

Why units: five articles are too few to find topics *between* articles, so on small corpora the
model reads paragraphs and adds their topic shares back up to articles, weighted by each
paragraph's number of terms (:func:`aggregate`). Paragraphs and sentences come from the text
layer (:func:`analysis.text.paragraphs`, :func:`analysis.text.split_sentences`), so their offsets
index ``docs.text`` like every other study's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.params import choices
from analysis.text import paragraphs, split_sentences

#: Columns of the units table: the article's id, the unit's number in it, its offsets into
#: ``docs.text`` (-1 for a whole article) and the article's row position in the docs table.
UNIT_COLUMNS = ["doc_id", "unit_id", "start", "end", "doc_index"]

#: The units a model can read.
UNITS = tuple(u for u in choices("topics.unit") if u != "auto")


def as_docs(docs) -> pd.DataFrame:
    """Accept a docs table or a plain sequence of strings (ids are then positions)."""
    if isinstance(docs, pd.DataFrame):
        if "text" not in docs.columns:
            raise ValueError("the docs table needs a 'text' column")
        out = docs
        if "doc_id" not in out.columns:
            out = out.assign(doc_id=[str(i) for i in range(len(out))])
        return out
    texts = list(docs)
    return pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": texts})


def _text_or_empty(value) -> str:
    return value if isinstance(value, str) else ""


def split_units(docs: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, list[str]]:
    """The units a model is fitted on and their texts.

    ``article`` gives one unit per article (headline and body); ``paragraph`` and ``sentence``
    split the body (``start``/``end`` index ``docs.text``; -1 for a whole article).
    ``doc_index`` is the article's row position in ``docs`` (ids need not be unique).
    """
    rows: list[tuple] = []
    texts: list[str] = []
    titles = docs["title"] if "title" in docs.columns else [None] * len(docs)
    for pos, (doc_id, title, body) in enumerate(zip(docs["doc_id"], titles, docs["text"])):
        body = _text_or_empty(body)
        if unit == "article":
            head = _text_or_empty(title)
            rows.append((doc_id, 0, -1, -1, pos))
            texts.append(f"{head}\n{body}" if head else body)
            continue
        spans = paragraphs(body) if unit == "paragraph" else split_sentences(body)
        for uid, (s, e) in enumerate(spans):
            rows.append((doc_id, uid, s, e, pos))
            texts.append(body[s:e])
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return units.astype({"unit_id": "int64", "start": "int64", "end": "int64", "doc_index": "int64"}), texts


def row_shares(m: np.ndarray) -> np.ndarray:
    """Each row divided by its sum (a row of zeros stays zeros): weights -> shares."""
    s = m.sum(axis=1, keepdims=True)
    return np.divide(m, s, out=np.zeros_like(m, dtype=float), where=s > 0)


def aggregate(units: pd.DataFrame, unit_shares: np.ndarray, lengths: np.ndarray, n_docs: int) -> np.ndarray:
    """Article topic shares: the units' shares weighted by their number of terms."""
    out = np.zeros((n_docs, unit_shares.shape[1]))
    np.add.at(out, units["doc_index"].to_numpy(), unit_shares * lengths[:, None])
    return row_shares(out)

"""Boilerplate learnt from the corpus: lines that recur across articles are page furniture.

Why learn it: every site has furniture no lexicon can list (a sidebar ad in 130 of 250 articles,
"% of readers think this story is Fact", a book promo, a site's own footer). Like the boilerplate
detectors of web-extraction tools, but for plain text, we count in how many *different*
articles each line occurs (by a 64-bit :func:`~analysis.corpus.clean.line_key`, so numbers,
case and spacing do not hide a repeat), within an outlet and across the corpus. A line in at
least ``min_articles`` articles (and ``min_share`` of them) is boilerplate. Three safeguards keep
news in: quotations are never counted (outlets repeat a quote), duplicates are not counted (the
body of a copy recurs by definition, see :func:`analysis.corpus.find_duplicates`), and on a
handful of articles nothing recurs, so nothing is removed.

Counting keeps only hashes and counts, so it streams over millions of articles: the partitioned
engine gathers the same keys from every partition and learns the same set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import schema

#: Columns of the removed-spans table.
BOILERPLATE_COLUMNS = schema.BOILERPLATE
_OUTLET_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class BoilerplateRule:
    """When a recurring line is boilerplate: in at least ``min_articles`` articles and at least
    ``min_share`` of the articles of its outlet (or, across outlets, of the corpus)."""

    min_articles: int = 3
    min_share: float = 0.001

    def threshold(self, n: int) -> int:
        """Articles a line must occur in, among ``n`` articles."""
        return max(self.min_articles, math.ceil(self.min_share * n))


def outlet_code(outlet: object) -> np.uint64:
    """A 64-bit code of an outlet name (missing outlets share one code)."""
    name = (
        ""
        if outlet is None or (isinstance(outlet, float) and math.isnan(outlet)) or outlet is pd.NA
        else str(outlet)
    )
    value = 0xCBF29CE484222325
    for byte in name.encode("utf-8"):  # FNV-1a: stable across processes, unlike hash()
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return np.uint64(value)


def learn_boilerplate(
    keys: Sequence[Iterable[int]],
    outlets: Sequence[object],
    counted: Sequence[bool],
    rule: BoilerplateRule = BoilerplateRule(),
) -> frozenset[int]:
    """The line keys that are boilerplate, from each article's line keys and outlet.

    ``counted[i]`` is False for articles that must not count (duplicates). An article counts a
    line once however often it repeats it. A line is boilerplate when it recurs often enough
    (:class:`BoilerplateRule`) across the corpus or within one outlet's articles.
    """
    doc_keys, doc_groups = [], []
    for k, outlet, use in zip(keys, outlets, counted):
        if use:
            uniq = np.unique(np.fromiter(k, dtype=np.uint64))
            doc_keys.append(uniq[uniq != 0])  # 0: a quotation, never counted
            doc_groups.append(outlet_code(outlet))
    if not doc_keys:
        return frozenset()
    flat = np.concatenate(doc_keys)
    groups = np.repeat(np.array(doc_groups, dtype=np.uint64), [len(k) for k in doc_keys])
    values, counts = np.unique(flat, return_counts=True)
    found = set(values[counts >= rule.threshold(len(doc_keys))].tolist())
    codes, sizes = np.unique(np.array(doc_groups, dtype=np.uint64), return_counts=True)
    with np.errstate(over="ignore"):
        pairs = flat ^ (groups * _OUTLET_MIX)  # one value per (outlet, line)
    _, first, counts = np.unique(pairs, return_index=True, return_counts=True)
    size = sizes[np.searchsorted(codes, groups[first])]
    need = np.maximum(rule.min_articles, np.ceil(rule.min_share * size))
    found.update(flat[first][counts >= need].tolist())
    return frozenset(int(k) for k in found)


class RemovedSpans(list):
    """The removed-spans rows (dicts of :data:`BOILERPLATE_COLUMNS`) kept in
    ``docs.attrs["boilerplate"]``.

    Why a list that copies as itself: pandas deep-copies ``attrs`` on every operation, and a
    table of every removed line copied at each filter would cost seconds. The rows are never
    changed after loading; :func:`boilerplate_table` gives them as a DataFrame.
    """

    def __deepcopy__(self, memo: dict) -> RemovedSpans:
        return self

    def __copy__(self) -> RemovedSpans:
        return self


def removed_spans(rows: list[tuple[str, int, int, str, str, int]]) -> RemovedSpans:
    """The table rows of removed spans ``(doc_id, start, end, text, kind, key)``, with
    ``n_articles``: in how many articles the same line (same key) was removed."""
    per_key: dict[int, set[str]] = {}
    for doc_id, _, _, _, _, key in rows:
        per_key.setdefault(key, set()).add(doc_id)
    return RemovedSpans(
        {"doc_id": d, "start": s, "end": e, "text": t, "kind": k, "n_articles": len(per_key[key])}
        for d, s, e, t, k, key in rows
    )


def boilerplate_table(docs: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed from the articles of ``docs``: ``doc_id, start, end, text, kind,
    n_articles``, one row per removed line.

    ``start, end`` are offsets into the file's text (a ``.txt`` file's decoded text, title line
    included; a table row's text field); ``kind`` is the furniture kind from the lexicon, or
    ``recurring`` for a line learnt to recur; ``n_articles`` is the number of articles the same
    line was removed from. Empty when the corpus was read with ``clean=False``.
    """
    return boilerplate_frame(docs.attrs.get("boilerplate", []))


def boilerplate_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Removed-spans rows (:func:`removed_spans`) as a typed DataFrame of :data:`BOILERPLATE_COLUMNS`."""
    table = pd.DataFrame(list(rows), columns=BOILERPLATE_COLUMNS)
    return table.astype(
        {
            "doc_id": "string",
            "start": "int64",
            "end": "int64",
            "text": "string",
            "kind": "string",
            "n_articles": "int64",
        }
    )

"""The matching rule of quote-list gold (``bbc-attributions/README.md``): which predicted
attributions match which gold rows.

Why its own rule: a quote-list gold gives the speaker's name and the first words of the content,
not offsets, so a prediction matches a gold row of the same article when its speaker contains
one of the gold row's keys (case-insensitive; people by surname, organisations by a main word)
and its content covers at least half of the gold content's words. Used by
:mod:`analysis.evaluate.attribution`.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

import pandas as pd

from analysis.attribution.gold import GoldQuote


def content_words(text: str) -> list[str]:
    """Words of a content as the quote-list matching rule compares them: lower case, punctuation
    and quote marks removed (Unicode category P), split on whitespace."""
    return "".join(ch for ch in text.lower() if not unicodedata.category(ch).startswith("P")).split()


def covers(pred_words: Counter, gold_words: list[str]) -> bool:
    """A predicted content covers a gold one when at least half (rounded up) of the gold's first
    12 words occur in it, each predicted word counted once."""
    gold_words = gold_words[:12]
    left = Counter(pred_words)
    hit = 0
    for w in gold_words:
        if left[w] > 0:
            left[w] -= 1
            hit += 1
    return hit >= math.ceil(len(gold_words) / 2)


def predicted_quotes(table: pd.DataFrame) -> pd.DataFrame:
    """One row per attribution: ``doc_id, speaker, type, content`` (parts joined by a space)."""
    if table.empty:
        return pd.DataFrame(columns=["doc_id", "speaker", "type", "content"])
    g = table.groupby(["doc_id", "attr_id"], sort=False)
    out = g.agg(
        speaker=("speaker", "first"),
        type=("type", "first"),
        content=("content", lambda c: " ".join(c.fillna(""))),
    )
    return out.reset_index()[["doc_id", "speaker", "type", "content"]]


def score_quotes(gold: list[GoldQuote], predicted: pd.DataFrame) -> dict:
    """Counts of the quote-list matching rule (see :class:`QuoteScores`) for predicted rows
    ``doc_id, speaker, type, content`` whose ``doc_id`` is the gold's ``file``."""
    files = {g.file for g in gold}
    pred = predicted[predicted["doc_id"].isin(files)]
    found = found_named = matched = one = agree = 0
    for file in sorted(files):
        gs = [g for g in gold if g.file == file]
        ps = pred[pred["doc_id"] == file]
        pw = [(Counter(content_words(str(c))), str(s).lower()) for c, s in zip(ps["content"], ps["speaker"])]
        gw = [content_words(g.content) for g in gs]
        edges = [
            [
                j
                for j, (words, spk) in enumerate(pw)
                if any(k.lower() in spk for k in g.keys) and covers(words, gw[i])
            ]
            for i, g in enumerate(gs)
        ]
        found += sum(1 for e in edges if e)
        found_named += sum(1 for g, e in zip(gs, edges) if e and g.speaker_kind != "unnamed")
        matched += len({j for e in edges for j in e})
        pairs = max_matching(edges)
        one += len(pairs)
        types = list(ps["type"])
        agree += sum(1 for i, j in pairs if gs[i].type == types[j])
    return {
        "n_gold": len(gold),
        "n_pred": len(pred),
        "found_gold": found,
        "matched_pred": matched,
        "one_to_one": one,
        "n_gold_named": sum(1 for g in gold if g.speaker_kind != "unnamed"),
        "found_gold_named": found_named,
        "type_agreement": agree / one if one else 0.0,
    }


def max_matching(edges: list[list[int]]) -> list[tuple[int, int]]:
    """A maximum bipartite matching (augmenting paths) of gold rows to the predicted rows they
    may pair with: (gold index, predicted index) pairs."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(edges)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())

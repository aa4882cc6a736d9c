"""The reports wing's ``load(store)``: each report's tables come from the store in one call, and
agree with the store and with one another (what the notebooks then only show)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import reports
from analysis.reports import corpus, outlets, sentiment, sources, synthesis, topics


@pytest.fixture(scope="module")
def seeds_store(seeds_dir):
    from analysis.store import open_or_build

    return open_or_build(None, seeds_dir)


@pytest.fixture(scope="module")
def links(seeds_store):
    from analysis.render.article import article_links

    return article_links(seeds_store)


def test_every_report_loads_its_tables(seeds_store, links):
    loaded = {
        "corpus": corpus.load(seeds_store, links),
        "topics": topics.load(seeds_store, links),
        "sentiment": sentiment.load(seeds_store),
        "sources": sources.load(seeds_store, links),
        "outlets": outlets.load(seeds_store),
        "synthesis": synthesis.load(seeds_store, links),
    }
    for name, report in loaded.items():
        assert dataclasses.is_dataclass(report), name
        frames = [v for v in vars(report).values() if isinstance(v, pd.DataFrame)]
        assert frames and any(len(f) for f in frames), name
    docs = seeds_store.table("docs")
    assert len(loaded["corpus"].articles) == len(docs)
    assert loaded["corpus"].length_bins["articles"].sum() == int(docs["analysed"].sum())
    assert len(loaded["sentiment"].tone) == int(docs["analysed"].sum())
    assert set(loaded["topics"].names) == set(seeds_store.table("topic_quality")["topic"])
    n_attributions = seeds_store.table("attributions")[["doc_id", "attr_id"]].drop_duplicates().shape[0]
    assert loaded["sources"].n_attributions == n_attributions == len(loaded["synthesis"].quotes)
    assert loaded["sources"].speakers["attributions"].sum() <= n_attributions


def test_load_passes_the_smallest_group(seeds_store, links):
    """A larger ``min_n`` compares fewer groups: the knob reaches the tables."""
    few = sentiment.load(seeds_store, min_n=1)
    none = sentiment.load(seeds_store, min_n=10**6)
    assert few.by_outlet["enough"].sum() >= 1 and not none.by_outlet["enough"].any()
    assert reports.__doc__

"""The study store: computed once, reused when nothing changed, updated article by article, and
identical on both engines."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.store import build, open_store, parameters

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc" / "politics"
COMPARED = [
    "docs",
    "sentences",
    "attributions",
    "sentiment_sentences",
    "sentiment_targets",
    "entity_mentions",
    "actors",
    "mentions",
    "doc_topics",
    "topic_terms",
    "citations",
    "reuse",
    "quotes",
]


def tables(out: Path) -> dict[str, pd.DataFrame]:
    store = open_store(out)
    return {name: store.table(name) for name in COMPARED}


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in COMPARED:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path_factory.mktemp("store")
    manifest, done = build(corpus, out / "store")
    return corpus, out, manifest, done


def test_first_run_computes_every_table(seeds_store):
    _, out, manifest, done = seeds_store
    assert done.added == 5 and done.unchanged == 0
    store = open_store(out)
    assert len(store.docs) == 5 and store.table("attributions")["attr_id"].notna().all()
    assert len(store.table("sentences")) > 50 and manifest.topics["k"] >= 2


def test_a_sample_of_articles_reads_their_rows_only(seeds_store):
    _, out, _, _ = seeds_store
    store = open_store(out)
    ids = store.sample_ids(2, seed=1)
    assert len(ids) == 2 and ids == [d for d in store.analysed["doc_id"] if d in ids]
    whole = store.table("sentences")
    part = store.table("sentences", doc_ids=ids)
    expected = whole[whole["doc_id"].isin(ids)].reset_index(drop=True)
    assert len(part) < len(whole)
    pd.testing.assert_frame_equal(part, expected)
    assert store.sample_ids(99) == store.analysed["doc_id"].tolist()


def test_commit_alone_does_not_read_the_corpus_again(seeds_store, monkeypatch):
    corpus, out, _, _ = seeds_store
    store_build = importlib.import_module("analysis.store.build")  # the package's `build` is the function
    code = store_build.code_version()
    monkeypatch.setattr(store_build, "code_version", lambda: {**code, "commit": "another"})
    _, done = build(corpus, out / "store")
    assert done.unchanged == 5 and "articles" not in done.seconds


def test_unchanged_corpus_is_not_recomputed(seeds_store):
    corpus, out, _, _ = seeds_store
    before = tables(out)
    _, done = build(corpus, out / "store")
    assert (done.added, done.changed, done.removed, done.unchanged) == (0, 0, 0, 5)
    assert "articles" not in done.seconds  # not even read again
    assert_same(before, tables(out))


def test_added_article_alone_is_analysed(seeds_store):
    corpus, out, _, _ = seeds_store
    before = tables(out)
    (corpus / "zz_added.txt").write_text(
        'Talks resume\n\nThe minister said on Monday that talks would resume. "We are ready," she told reporters.\n',
        "utf-8",
    )
    try:
        manifest, done = build(corpus, out / "store")
        assert (done.added, done.changed, done.removed, done.unchanged) == (1, 0, 0, 5)
        after = tables(out)
        old = after["attributions"][after["attributions"]["doc_id"] != "zz_added"]
        pd.testing.assert_frame_equal(old, before["attributions"])
        assert (after["attributions"]["doc_id"] == "zz_added").any()
        assert manifest.topics["transformed"] >= 1  # the stored model read the new article
    finally:
        (corpus / "zz_added.txt").unlink()
    _, done = build(corpus, out / "store")
    assert done.removed == 1
    assert_same(before, tables(out))


def test_changed_study_parameter_recomputes_that_study(seeds_store):
    corpus, out, _, _ = seeds_store
    manifest, done = build(corpus, out / "store", params={"topics.n_topics": 3})
    assert manifest.topics["k"] == 3 and done.recomputed_tables == []
    assert open_store(out).table("doc_topics")["topic"].max() <= 2


def test_unknown_parameter_is_named():
    with pytest.raises(ValueError, match="topics.n_topicz"):
        parameters({"topics.n_topicz": 3})


@pytest.mark.parametrize("corpus", [SEEDS, BBC], ids=["seeds", "bbc-politics"])
def test_both_engines_give_identical_tables(corpus, tmp_path):
    if not corpus.exists():
        pytest.skip(f"{corpus} not found (../shared is not beside the project)")
    if corpus == BBC:  # a subset: 40 articles keep the test short
        subset = tmp_path / "bbc"
        subset.mkdir()
        for path in sorted(corpus.glob("*.txt"))[:40]:
            shutil.copy(path, subset / path.name)
        corpus = subset
    build(corpus, tmp_path / "pandas" / "store", engine="pandas", chunk_size=7)
    build(corpus, tmp_path / "dask" / "store", engine="dask", chunk_size=7)
    assert_same(tables(tmp_path / "pandas"), tables(tmp_path / "dask"))

"""The Dask engine gives the same tables as the pandas engine, and the partitioned reader the
same docs table as ``load_corpus`` (ids, sidecar fields, duplicate flags, problems).

One LocalCluster (2 single-threaded worker processes) serves the whole module and is reached by
its address, the way a user passes ``--scheduler``. The BBC part uses one category for the
studies (386 articles) and two for the docs table and its duplicates (911 articles, 87 flagged),
to keep the file well under two minutes on 2 cores; it skips without ../shared.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import engine
from analysis.corpus import CorpusError, load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
STUDIES = ["sentences", "attribution", "sentiment"]


def assert_same(a, b, name: str = "table") -> None:
    """Equal tables (values, dtypes, order) and equal ``attrs['problems']``."""
    if isinstance(a, dict):
        assert set(a) == set(b), name
        for key in a:
            assert_same(a[key], b[key], f"{name}/{key}")
        return
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)
    assert a.attrs.get("problems", []) == b.attrs.get("problems", []), name


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# --- the seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("study", STUDIES)
def test_run_study_dask_equals_pandas_on_seeds(study, scheduler):
    docs = load_corpus(SEEDS)
    expected = engine.run_study(study, docs)
    got = engine.run_study(study, docs, engine="dask", scheduler=scheduler, partition_size=2)
    assert_same(got, expected, study)
    assert len(pd.concat(list(got.values())) if isinstance(got, dict) else got)


def test_run_corpus_both_engines_equal_run_study_on_seeds(scheduler):
    docs = load_corpus(SEEDS)
    runs = {}
    for name in ("pandas", "dask"):
        run = engine.run_corpus(
            SEEDS,
            ["docs", *STUDIES, "topics"],
            engine=name,
            scheduler=scheduler,
            partition_bytes=3000,
            options={"topics": {"n_topics": 3}},
        )
        assert run.n_partitions >= 2  # the seeds really were split
        assert_same(run.tables["docs"], docs, "docs")
        for study in STUDIES:
            assert_same(run.tables[study], engine.run_study(study, docs), study)
        runs[name] = run
    assert_same(runs["dask"].tables["topics"], runs["pandas"].tables["topics"], "topics")
    doc_topics = runs["dask"].tables["topics"]["doc_topics"]
    assert set(doc_topics["doc_id"]) == set(docs["doc_id"])
    assert doc_topics.groupby("doc_id")["weight"].sum().round(6).eq(1.0).all()


def test_unknown_engine_and_study_are_refused():
    with pytest.raises(ValueError, match="engine"):
        engine.run_study("sentences", load_corpus(SEEDS), engine="spark")
    with pytest.raises(ValueError, match="stud"):
        engine.run_corpus(SEEDS, ["tone"])


# --- whole-corpus steps: duplicates, repeated ids, sidecar, bad files -------------------------


@pytest.fixture()
def tricky_corpus(tmp_path: Path) -> Path:
    """Seeds plus an exact copy, a near copy, a repeated file name in a subfolder, a sidecar
    and a binary file, spread so that copies and originals fall in different partitions."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    files = sorted(folder.glob("*.txt"))
    original = files[0].read_text(encoding="utf-8")
    (folder / "zz_exact.txt").write_text(original, encoding="utf-8")
    lines = original.split("\n")
    lines[-1] = lines[-1] + " An extra closing sentence was added by the second outlet."
    (folder / "zz_near.txt").write_text("\n".join(lines), encoding="utf-8")
    sub = folder / "sub"
    sub.mkdir()
    (sub / files[1].name).write_text(files[1].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "metadata.csv").write_text(
        f"file,date,outlet,url\n{files[2].name},2017-08-04,Sputnik,https://example.org/a\n"
        "zz_near.txt,2017-08-01,Copy Desk,\nmissing.txt,2017-01-01,Nobody,\n",
        encoding="utf-8",
    )
    return folder


def test_partitioned_docs_equal_load_corpus(tricky_corpus, scheduler):
    expected = load_corpus(tricky_corpus)
    assert expected["duplicate_of"].notna().sum() >= 2  # the copies are really flagged
    for name in ("pandas", "dask"):
        got = engine.load_docs(tricky_corpus, engine=name, scheduler=scheduler, partition_bytes=2000)
        assert_same(got, expected, f"docs on {name}")
    problems = " ".join(p["problem"] for p in expected.attrs["problems"])
    assert "binary" in problems and "name no article" in problems


def test_repeated_ids_across_shards_renamed_as_load_corpus(tmp_path: Path, scheduler):
    docs = load_corpus(SEEDS)
    for shard in range(2):  # both shards reuse the ids 1..5; the second repeats the texts
        rows = [
            json.dumps({"id": str(i + 1), "title": t, "text": x, "date": f"2017-08-0{5 - shard}"})
            for i, (t, x) in enumerate(zip(docs["title"], docs["text"]))
        ]
        (tmp_path / f"part-{shard}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected = load_corpus(tmp_path)
    assert expected["doc_id"].str.endswith("~2").sum() == 5
    assert expected["duplicate_of"].notna().sum() == 5
    for name in ("pandas", "dask"):
        got = engine.load_docs(tmp_path, engine=name, scheduler=scheduler, partition_bytes=1)
        assert_same(got, expected, f"docs on {name}")


def test_plan_partitions_keeps_file_order():
    parts, root = engine.plan_partitions(SEEDS, partition_bytes=1)
    assert [p.index for p in parts] == list(range(5))
    assert [Path(p.sources[0]).name for p in parts] == sorted(f.name for f in SEEDS.glob("*.txt"))
    assert root == SEEDS.resolve()
    whole, _ = engine.plan_partitions(SEEDS, partition_bytes=10**9)
    assert len(whole) == 1 and len(whole[0].sources) == 5


def test_unreadable_corpus_raises(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match="no readable article"):
        engine.load_docs(tmp_path)


def test_shards_written_to_out_equal_in_memory_tables(tmp_path: Path, scheduler):
    jsonl = tmp_path / "in"
    jsonl.mkdir()
    docs = load_corpus(SEEDS)
    for i in range(0, 5, 2):  # three JSONL shards, one with a broken line
        rows = [
            json.dumps({"id": d, "title": t, "body": x})
            for d, t, x in zip(docs["doc_id"][i : i + 2], docs["title"][i : i + 2], docs["text"][i : i + 2])
        ]
        if i == 2:
            rows.insert(1, "{not json")
        (jsonl / f"shard-{i:02d}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    memory = engine.run_corpus(jsonl, ["docs", *STUDIES], partition_bytes=1)
    out = tmp_path / "out"
    run = engine.run_corpus(
        jsonl, ["docs", *STUDIES], engine="dask", scheduler=scheduler, partition_bytes=1, out=out
    )
    assert run.n_partitions == 3 and run.n_docs == 5
    assert isinstance(run.tables["sentiment"], dict)
    for name, folder in [
        ("docs", run.tables["docs"]),
        ("sentences", run.tables["sentences"]),
        ("attribution", run.tables["attribution"]),
    ]:
        expected = memory.tables[name].copy()
        expected.attrs = {}
        got = engine.read_tables(folder)
        assert len(got) == len(expected) > 0
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=name)
    targets = engine.read_tables(run.tables["sentiment"]["targets"])
    assert len(targets) == len(memory.tables["sentiment"]["targets"])
    problems = [json.loads(line) for line in (out / "problems.jsonl").read_text().splitlines()]
    assert any("not valid JSON" in p["problem"] for p in problems)


# --- BBC News ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bbc() -> Path:
    if not BBC.is_dir():
        pytest.skip("../shared/data/bbc-news is not present")
    return BBC


def test_bbc_docs_and_duplicates_equal_load_corpus(bbc, scheduler):
    path = [bbc / "business", bbc / "tech"]
    expected = load_corpus(path)
    assert expected["duplicate_of"].notna().sum() > 10  # BBC repeats some stories
    got = engine.load_docs(path, engine="dask", scheduler=scheduler, partition_bytes=300_000)
    assert_same(got, expected, "bbc docs")


def test_bbc_studies_dask_equal_pandas(bbc, scheduler):
    path = bbc / "entertainment"
    docs = load_corpus(path)
    run = engine.run_corpus(path, STUDIES, engine="dask", scheduler=scheduler, partition_bytes=250_000)
    assert run.n_partitions >= 3
    for study in STUDIES:
        assert_same(run.tables[study], engine.run_study(study, docs), study)

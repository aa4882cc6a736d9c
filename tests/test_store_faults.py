"""Fault injection (issue 25): ``python -m analysis run`` killed before, during and after part
writes and at the manifest switch, by SIGINT, SIGTERM and SIGKILL; then a run on the corpus
unchanged, reverted or changed, or with the parameters back to their defaults, must give every
table of a clean build (topic tables excepted only when the model was reused), and no process
of the killed run may be left. The hook is ``NEWS_ANALYSIS_FAULT=POINT[:N]:ACTION``
(:func:`analysis.store.guard.fault_point`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

import pandas as pd
import psutil
import pytest
from fakecorpus import article, write_corpus

from analysis.store import build, open_store
from analysis.store.corpus_tables import TOPIC_COLUMNS, TOPIC_TABLES
from analysis.store.guard import FAULT_ENV, MAIN_ENV

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 4
TOKEN = "NEWS_ANALYSIS_TEST_TOKEN"


def cli(
    args: list[str], fault: str | None = None, timeout: int = 300
) -> tuple[subprocess.CompletedProcess, str]:
    """Run the CLI in a subprocess (its own session), every descendant marked by a token."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), TOKEN: uuid.uuid4().hex}
    env.pop(FAULT_ENV, None)
    env.pop(MAIN_ENV, None)
    if fault:
        env[FAULT_ENV] = fault
    done = subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
        cwd=ROOT,
    )
    return done, env[TOKEN]


def run(corpus: Path, out: Path, *extra: str, fault: str | None = None) -> subprocess.CompletedProcess:
    done, token = cli(
        ["run", "--corpus", str(corpus), "--out", str(out), "--chunk-size", str(CHUNK), *extra], fault
    )
    assert not survivors(token), f"processes of the killed run left: {survivors(token)}"
    return done


def survivors(token: str, wait: float = 20.0) -> list[int]:
    """Live processes carrying ``token`` in their environment, after waiting up to ``wait`` s."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for proc in psutil.process_iter(["pid"]):
            try:
                if proc.environ().get(TOKEN) == token and proc.status() != psutil.STATUS_ZOMBIE:
                    left.append(proc.pid)
            except (psutil.Error, OSError):
                continue
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def tables(folder: Path) -> tuple[dict[str, pd.DataFrame], bool]:
    store = open_store(folder)
    return {n: store.table(n) for n in store.names()}, store.manifest.topics.get("transformed", 0) > 0


def clean(corpus: Path, out: Path, params: dict | None = None) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(corpus, out / "store", chunk_size=CHUNK, params=params, progress=False)
    return tables(out / "store")[0]


def assert_clean(out: Path, expected: dict[str, pd.DataFrame]) -> None:
    got, reused = tables(out / "store")
    assert sorted(got) == sorted(expected)
    for name, frame in got.items():
        if reused and name in TOPIC_COLUMNS:  # a reused model gives these, a clean build refits
            frame, want = (
                frame.drop(columns=TOPIC_COLUMNS[name]),
                expected[name].drop(columns=TOPIC_COLUMNS[name]),
            )
            pd.testing.assert_frame_equal(frame, want, obj=name)
        elif not (reused and name in TOPIC_TABLES):
            pd.testing.assert_frame_equal(frame, expected[name], obj=name)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """A 60-article corpus, a copy with 6 articles changed and 2 added, and their clean stores."""
    base = tmp_path_factory.mktemp("faults")
    original = base / "original"
    write_corpus(original, 60, seed=7)
    changed = base / "changed"
    shutil.copytree(original, changed)
    import random

    rng = random.Random(1)
    for i in range(6):
        (changed / f"{i * 9:03d}.txt").write_text(article(rng, 100 + i), encoding="utf-8")
    for i in range(2):
        (changed / f"extra{i}.txt").write_text(article(rng, 200 + i), encoding="utf-8")
    corpora = {"base": base, "original": original, "changed": changed}
    corpora["clean_changed"] = clean(use(corpora, base, "changed"), base / "clean-changed")
    corpora["clean"] = clean(use(corpora, base, "original"), base / "clean-original")
    # the good run a scenario starts from, made once by the command line: a test copies it
    # (the store records no path of its own, and copies keep the parts' times)
    corpora["first_run"] = base / "first-run"
    assert run(use(corpora, base, "original"), corpora["first_run"]).returncode == 0
    return corpora


def first_run(corpora, out: Path) -> None:
    """``out`` as a good ``run`` on the original corpus leaves it (a copy of the module's)."""
    shutil.copytree(corpora["first_run"], out)


def use(corpora, tmp_path: Path, which: str) -> Path:
    """Put corpus ``which`` at the one path every run reads (the docs table records paths)."""
    corpus = corpora["base"] / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(corpora[which], corpus)
    return corpus


FAST = [
    ("part:3:SIGKILL", "unchanged"),
    ("manifest:SIGTERM", "reverted"),
    ("part:2:SIGINT", "params"),
]
SLOW = [
    (f"{point}:{sig}", scenario)
    for point in ("part:1", "part:5", "manifest", "switched")
    for sig in ("SIGINT", "SIGTERM", "SIGKILL")
    for scenario in ("unchanged", "reverted", "changed", "params")
    if (f"{point}:{sig}", scenario) not in FAST
][::3]


def scenario_run(corpora, tmp_path: Path, fault: str, scenario: str) -> None:
    out = tmp_path / "out"
    corpus = use(corpora, tmp_path, "original")
    if scenario == "unchanged":
        killed = run(corpus, out, fault=fault)
    else:
        first_run(corpora, out)
        if scenario == "params":
            killed = run(corpus, out, "-s", "sentiment.n_actors", "5", fault=fault)
        else:
            corpus = use(corpora, tmp_path, "changed")
            killed = run(corpus, out, fault=fault)
            if scenario == "reverted":
                corpus = use(corpora, tmp_path, "original")
    assert killed.returncode != 0, killed.stderr[-2000:]
    again = run(corpus, out)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "Traceback" not in again.stderr
    assert_clean(out, corpora["clean_changed" if scenario == "changed" else "clean"])
    store = out / "store"
    left = {p.relative_to(store).as_posix() for d in ("tables", "models") for p in (store / d).rglob("*")}
    assert left - {d for d in left if not (store / d).is_file()} == open_store(store).manifest.referenced()


@pytest.mark.parametrize(("fault", "scenario"), FAST)
def test_killed_run_then_rerun_equals_clean_build(corpora, tmp_path, fault, scenario):
    scenario_run(corpora, tmp_path, fault, scenario)


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "scenario"), SLOW)
def test_killed_run_more_points(corpora, tmp_path, fault, scenario):
    scenario_run(corpora, tmp_path, fault, scenario)


def test_damaged_part_is_recomputed_and_reader_refuses_it(corpora, tmp_path):
    out = tmp_path / "out"
    corpus = use(corpora, tmp_path, "original")
    first_run(corpora, out)
    manifest = open_store(out / "store").manifest
    victim = out / "store" / next(iter(manifest.parts["sentiment_targets"].values()))["file"]
    victim.write_bytes(victim.read_bytes()[:100])
    with pytest.raises(Exception, match=victim.name):
        open_store(out / "store").table("sentiment_targets")
    again = run(corpus, out)
    assert again.returncode == 0 and victim.name in again.stderr
    assert_clean(out, corpora["clean"])


def report_args(corpus: Path, out: Path) -> list[str]:
    """``report`` of two notebooks on two jobs (enough for a killed render between them)."""
    only = ["--only", "00_corpus", "--only", "05_outlets"]
    return ["report", "--corpus", str(corpus), "--out", str(out), *only, "--jobs", "2"]


@pytest.fixture(scope="module")
def first_report(corpora) -> Path:
    """The folder a good ``report`` on the original corpus leaves, made once (tests copy it: a
    report's keys leave the store's path out)."""
    out = corpora["base"] / "first-report"
    first, _ = cli(report_args(use(corpora, corpora["base"], "original"), out))
    assert first.returncode == 0, first.stderr[-2000:]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_killed_report_is_not_kept_as_current(corpora, first_report, tmp_path, sig):
    """A ``report`` on a changed corpus killed after writing one HTML but before its record: the
    next run on the first run's corpus renders that report again (the file is not the report run.json describes), and no
    worker or kernel of the killed run is left."""
    import hashlib
    import json

    out = tmp_path / "out"
    corpus = use(corpora, tmp_path, "original")
    base = report_args(corpus, out)
    shutil.copytree(first_report, out)
    names = ("00_corpus", "05_outlets")

    def sha(name: str) -> str:
        return hashlib.sha256((out / f"{name}.html").read_bytes()).hexdigest()

    before = {n: sha(n) for n in names}
    use(corpora, tmp_path, "changed")
    killed, token = cli(base, fault=f"rendered:{sig}")
    assert killed.returncode != 0
    assert not survivors(token), "a worker or kernel of the killed report is left"
    overwritten = {n for n in names if sha(n) != before[n]}
    assert overwritten, f"the killed run wrote no report: {killed.stderr[-1000:]}"
    use(corpora, tmp_path, "original")  # back to the first run's inputs: its record matches again
    again, _ = cli(base)
    assert again.returncode == 0, again.stderr[-2000:]
    record = json.loads((out / "run.json").read_text("utf-8"))
    entries = {nb["name"]: nb for nb in record["notebooks"]}
    assert not any(entries[n]["reused"] for n in overwritten)
    assert all(entries[n]["html_sha256"] == sha(n) for n in names)


def test_second_run_waits_for_the_lock_and_names_its_holder(corpora, tmp_path):
    from analysis.store.guard import store_lock

    out = tmp_path / "out"
    corpus = use(corpora, tmp_path, "original")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(MAIN_ENV, None)
    args = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)]
    with store_lock(out / "store"):
        proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        time.sleep(8)
        assert proc.poll() is None, "the second run did not wait for the lock"
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and f"pid {os.getpid()}" in err


def test_a_worker_whose_parent_died_while_it_started_leaves_at_once():
    """The race a killed run can hit: the parent is gone before the worker's initializer asks to
    die with it, so no signal will come and ``getppid()`` names the adopter. The initializer,
    told its parent's pid, leaves at once; told the right pid, it stays."""
    code = (
        "import sys; from analysis.store.guard import die_with_parent as d; d({}); print('up'); sys.exit(0)"
    )

    def start(parent: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        args = [sys.executable, "-c", code.format(parent)]
        return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)

    gone = start("2**22 + 12345")
    assert gone.returncode == 1 and "up" not in gone.stdout, gone.stderr
    kept = start("__import__('os').getppid()")
    assert kept.returncode == 0 and kept.stdout.strip() == "up", kept.stderr

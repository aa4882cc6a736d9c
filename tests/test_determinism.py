"""Determinism: the same corpus and parameters give the same tables and the same report numbers.

Three kinds of "second run": the same calls again in this process; the same calls in a fresh
process with another hash seed (set iteration order, dict order of hashed keys); and a second
report run of every notebook, whose executed notebooks must equal the first's in every output
(text, tables, figures' PNG bytes) — only timestamps and durations, which live in metadata, may
differ.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser import SEEDS, available_notebooks, rendered

ROOT = Path(__file__).resolve().parents[1]

#: name → (module, call) of each table the suite produces; a module that fails to import fails.
TABLES = {
    "docs": ("analysis.corpus", "load_corpus(SEEDS)"),
    "sentences": ("analysis.text", "m.sentences(load_corpus(SEEDS))"),
    "topics": ("analysis.topics", "m.extract(load_corpus(SEEDS), seed=0)"),
    "sentiment": (  # the attributions are sentiment's input, passed in, not recomputed by it
        "analysis.sentiment",
        "m.extract(d := load_corpus(SEEDS), "
        "attributions=__import__('analysis.attribution', fromlist=['extract']).extract(d))",
    ),
    "attribution": ("analysis.attribution", "m.extract(load_corpus(SEEDS))"),
    "cited_outlets": ("analysis.outlets", "m.cited_outlets(load_corpus(SEEDS))"),
}

_SCRIPT = """
import importlib, pickle, sys
from pathlib import Path
from analysis.corpus import load_corpus
SEEDS = Path(sys.argv[1])
out = {}
for name, (module, call) in TABLES.items():
    m = importlib.import_module(module)
    out[name] = eval(call)
pickle.dump(out, open(sys.argv[2], "wb"))
"""


def compute(name: str):
    module, call = TABLES[name]
    m = importlib.import_module(module)  # an ImportError fails the test: a broken module must not pass
    from analysis.corpus import load_corpus

    return eval(call, {"m": m, "load_corpus": load_corpus, "SEEDS": SEEDS})


def assert_same(a, b, where: str = "") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, pd.DataFrame):
        assert len(a), f"{where}: empty table proves nothing"
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
        assert a.attrs == b.attrs, where
    else:
        assert a == b, where


@pytest.fixture(scope="module")
def other_process(tmp_path_factory):
    """The tables computed in a fresh interpreter with a different hash seed."""
    path = tmp_path_factory.mktemp("determinism") / "tables.pkl"
    script = f"TABLES = {TABLES!r}\n" + _SCRIPT
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run(
        [sys.executable, "-c", script, str(SEEDS), str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(path, "rb") as fh:
        return pickle.load(fh)


@pytest.mark.parametrize("name", list(TABLES))
def test_same_tables_twice_in_process(name):
    assert_same(compute(name), compute(name), name)


@pytest.mark.parametrize("name", list(TABLES))
def test_same_tables_in_another_process(name, other_process):
    here = compute(name)
    assert name in other_process
    assert_same(here, other_process[name], name)


# --- reports ------------------------------------------------------------------------------


def outputs(path: Path) -> list[list[dict]]:
    """Each code cell's outputs, without execution counts and metadata (times live there)."""
    nb = nbformat.read(str(path), as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        cleaned = []
        for out in cell.get("outputs", []):
            out = {k: v for k, v in out.items() if k not in {"execution_count", "metadata"}}
            cleaned.append(json.loads(json.dumps(out, sort_keys=True)))
        cells.append(cleaned)
    return cells


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    base = tmp_path_factory.getbasetemp()
    first, record1, _ = rendered("seeds", SEEDS, base, only=available_notebooks())
    from analysis.render import render_reports

    second = tmp_path_factory.mktemp("second-run")
    record2 = render_reports(SEEDS, second, only=available_notebooks(), progress=False)
    assert not record1.failed and not record2.failed, [nb.error for nb in record1.failed + record2.failed]
    return first, second, [nb.name for nb in record1.notebooks]


def test_reports_have_identical_outputs(two_runs):
    first, second, names = two_runs
    assert names
    for name in names:
        a, b = outputs(first / f"{name}.ipynb"), outputs(second / f"{name}.ipynb")
        assert any(a), f"{name}: no outputs at all"
        for i, (x, y) in enumerate(zip(a, b)):
            assert x == y, f"{name}.ipynb code cell {i} differs between two runs"
        assert len(a) == len(b)


def test_reports_have_identical_html(two_runs):
    first, second, names = two_runs
    for name in names:
        assert (first / f"{name}.html").read_bytes() == (second / f"{name}.html").read_bytes(), name


def test_run_records_differ_only_in_times(two_runs):
    first, second, _ = two_runs

    def strip(run: dict) -> dict:
        run = {k: v for k, v in run.items() if k not in {"started", "seconds"}}
        run["store"] = {k: v for k, v in run["store"].items() if k != "seconds"}
        run["notebooks"] = [{k: v for k, v in nb.items() if k != "seconds"} for nb in run["notebooks"]]
        return run

    a = json.loads((first / "run.json").read_text())
    b = json.loads((second / "run.json").read_text())
    assert strip(a) == strip(b)

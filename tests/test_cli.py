"""The command line: tables out, one clear line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_extract_docs_jsonl():
    proc = run("extract", "docs", "--corpus", "seeds")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 5 and rows[3]["outlet"] == "RIA Novosti"


def test_extract_sentences_to_csv(tmp_path):
    proc = run(
        "extract", "sentences", "--corpus", "seeds", "--format", "csv", "--out", str(tmp_path / "s.csv")
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s.csv").read_text().startswith("doc_id,sent_id,paragraph_id,start,end,text")


def test_missing_corpus_is_one_line_error():
    proc = run("extract", "docs", "--corpus", "no/such/folder")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("error: ") and "no/such/folder" in proc.stderr


def test_help_lists_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for word in ("report", "extract", "evaluate"):
        assert word in proc.stdout


def test_report_help_lists_notebook_parameters():
    proc = run("report", "--help")
    assert proc.returncode == 0
    assert "00_corpus:" in proc.stdout and "top_terms = 10" in proc.stdout


def test_extract_on_dask_equals_pandas():
    pandas_run = run("extract", "attribution", "--corpus", "seeds")
    dask_run = run("extract", "attribution", "--corpus", "seeds", "--engine", "dask")
    assert pandas_run.returncode == 0 and dask_run.returncode == 0, dask_run.stderr[-2000:]
    assert pandas_run.stdout == dask_run.stdout and pandas_run.stdout.count("\n") >= 20

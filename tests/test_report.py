"""Report rendering: offline HTML, an index with a run record, failures that keep old reports."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis.render import ReportError, parse_value, plan_parameters, render_reports

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def make_notebook(path: Path, body: str, params: str = 'corpus = "../seeds"\nfail = False') -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny report"),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


#: A 1x1 PNG: a notebook's static image must come out inlined with its alt text.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

TINY = f"""from IPython.display import display
from analysis.corpus import load_corpus
docs = load_corpus(corpus)
if fail:
    raise RuntimeError("asked to fail")
alt = "Bar chart of article lengths."
display({{"image/png": "{PIXEL}", "text/plain": alt}}, raw=True, metadata={{"image/png": {{"alt": alt}}}})
print("ARTICLES", len(docs))"""


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    make_notebook(base / "nb" / "00_tiny.ipynb", TINY)
    make_notebook(base / "nb" / "01_other.ipynb", "print('other', corpus)", params='corpus = "../seeds"')
    out = base / "out"
    record = render_reports(ROOT / "seeds", out, notebooks_dir=base / "nb", progress=False)
    return base, out, record


def test_html_exists_and_is_offline(tiny_run):
    _, out, record = tiny_run
    assert [nb.status for nb in record.notebooks] == ["ok", "ok"]
    for name in ("00_tiny.html", "01_other.html", "index.html"):
        page = (out / name).read_text("utf-8")
        assert not EXTERNAL.search(page), name
    tiny = (out / "00_tiny.html").read_text("utf-8")
    assert "ARTICLES 5" in tiny
    assert 'alt="Bar chart of article lengths."' in tiny
    assert "from analysis.corpus import load_corpus" not in tiny  # code hidden by default


def test_index_lists_each_report_with_run_record(tiny_run):
    _, out, record = tiny_run
    index = (out / "index.html").read_text("utf-8")
    assert 'href="00_tiny.html"' in index and 'href="01_other.html"' in index
    assert record.corpus_hash in index and "5 read from 5 file(s)" in index
    assert "pandas" in index
    run = json.loads((out / "run.json").read_text())
    assert run["n_articles"] == 5 and len(run["corpus_hash"]) == 64


def test_failing_notebook_keeps_old_report_and_says_so(tiny_run):
    base, out, _ = tiny_run
    before = (out / "00_tiny.html").read_bytes()
    record = render_reports(
        ROOT / "seeds", out, notebooks_dir=base / "nb", only=["tiny"], params={"fail": True}, progress=False
    )
    [run] = record.notebooks
    assert run.status == "failed" and "asked to fail" in run.error and run.cell is not None
    assert (out / "00_tiny.html").read_bytes() == before
    index = (out / "index.html").read_text("utf-8")
    assert "FAILED" in index and "asked to fail" in index and "previous report" in index
    assert 'href="01_other.html"' in index  # not re-run, still listed
    # the executed notebook, as far as it ran, is kept for debugging and linked from the index
    kept = nbformat.read(str(out / "00_tiny.failed.ipynb"), as_version=4)
    assert any("asked to fail" in str(o) for c in kept.cells for o in c.get("outputs", []))
    assert 'href="00_tiny.failed.ipynb"' in index


def test_show_code_keeps_code(tiny_run, tmp_path):
    base, _, _ = tiny_run
    render_reports(
        ROOT / "seeds", tmp_path, notebooks_dir=base / "nb", only=["00_tiny"], show_code=True, progress=False
    )
    assert "load_corpus" in (tmp_path / "00_tiny.html").read_text("utf-8")


def test_parameters_go_only_where_declared(tiny_run, tmp_path):
    base, _, _ = tiny_run
    nbs = sorted((base / "nb").glob("*.ipynb"))
    plan = plan_parameters(nbs, {"fail": False})
    assert plan == {"00_tiny": {"fail": False}, "01_other": {}}
    params = tmp_path / "p.yaml"
    params.write_text("00_tiny:\n  fail: true\n")
    assert plan_parameters(nbs, None, params)["00_tiny"] == {"fail": True}
    with pytest.raises(ReportError, match="unknown parameter.*n_topicz"):
        plan_parameters(nbs, {"n_topicz": 3})
    assert parse_value("5") == 5 and parse_value("auto") == "auto" and parse_value("true") is True


def test_namespaced_and_ambiguous_parameters(tmp_path):
    a = make_notebook(tmp_path / "01_topics.ipynb", "pass", params='corpus = "x"\nmethod = "nmf"')
    b = make_notebook(tmp_path / "03_sources.ipynb", "pass", params='corpus = "x"\nmethod = "rules"')
    with pytest.raises(ReportError, match="'method' means different things.*01_topics.*03_sources"):
        plan_parameters([a, b], {"method": "lda"})
    plan = plan_parameters([a, b], {"topics.method": "lda", "03_sources.method": "model"})
    assert plan == {"01_topics": {"method": "lda"}, "03_sources": {"method": "model"}}
    with pytest.raises(ReportError, match="unknown parameter.*topics.methd"):
        plan_parameters([a, b], {"topics.methd": "lda"})


def test_real_corpus_report(tmp_path):
    record = render_reports(ROOT / "seeds", tmp_path, only=["00_corpus"], progress=False)
    assert record.notebooks[0].status == "ok", record.notebooks[0].error
    page = (tmp_path / "00_corpus.html").read_text("utf-8")
    assert not EXTERNAL.search(page)
    assert "RIA Novosti" in page and "Corpus overview" in page
    assert "&lt;Axes" not in page and "<Axes" not in page


def test_a_report_whose_inputs_did_not_change_is_kept(tiny_run, tmp_path):
    """A second run on the same store, notebook source and parameters keeps the report (no kernel,
    no render); a changed parameter or notebook renders that report again, and only that one."""
    base, _, _ = tiny_run
    nb_dir = tmp_path / "nb"
    shutil.copytree(base / "nb", nb_dir)
    out = tmp_path / "out"
    first = render_reports(ROOT / "seeds", out, notebooks_dir=nb_dir, progress=False)
    assert [nb.reused for nb in first.notebooks] == [False, False]
    written = (out / "00_tiny.html").stat().st_mtime_ns
    again = render_reports(ROOT / "seeds", out, notebooks_dir=nb_dir, progress=False)
    assert [(nb.status, nb.reused) for nb in again.notebooks] == [("ok", True), ("ok", True)]
    assert (out / "00_tiny.html").stat().st_mtime_ns == written
    assert "unchanged inputs: kept" in (out / "index.html").read_text("utf-8")
    changed = render_reports(
        ROOT / "seeds", out, notebooks_dir=nb_dir, params={"fail": False}, progress=False
    )
    assert [nb.reused for nb in changed.notebooks] == [False, True]
    make_notebook(nb_dir / "01_other.ipynb", "print('edited', corpus)", params='corpus = "../seeds"')
    edited = render_reports(ROOT / "seeds", out, notebooks_dir=nb_dir, params={"fail": False}, progress=False)
    assert [nb.reused for nb in edited.notebooks] == [True, False]
    assert "edited" in (out / "01_other.html").read_text("utf-8")

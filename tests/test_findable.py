"""Every quote findable (issue 22): search, sort, CSV and speaker links of the sources report.

On the seeds in every run (the report folder the other report tests render), and on 2,000 BBC
News articles when ``../shared`` is present, marked ``slow``: the store of 2,000 articles and
the sources report alone (``only=["03_sources"]``) take two to four minutes on two cores, so CI
may deselect it with ``-m "not slow"``; the checks are the same functions (tests/findable.py).
And 03 run as JupyterLab runs it: whole tables with itables, then the picker.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import SEEDS, available_notebooks, find_chromium, rendered
from findable import check_csv, check_every_speaker_cell_links, check_search, check_sort_by_value

pytestmark = pytest.mark.browser

#: Articles of the BBC check (the issue's "2,000 BBC articles").
BBC_ARTICLES = 2_000


@pytest.fixture(scope="module")
def chromium():
    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium")
    pytest.importorskip(
        "playwright.sync_api", reason="pip install playwright (it drives the system Chromium)"
    )
    return path


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    out, record, _ = rendered("seeds", SEEDS, tmp_path_factory.getbasetemp(), only=available_notebooks())
    assert not record.failed
    return out


def bbc_folder(shared: Path, target: Path, n: int = BBC_ARTICLES) -> Path:
    """The first ``n`` BBC News articles (sorted by category and file) copied into ``target``
    (copies: the corpus reader does not follow symbolic links)."""
    files = sorted((shared / "bbc-news" / "bbc").glob("*/*.txt"))[:n]
    if len(files) < n:
        pytest.skip(f"../shared/data/bbc-news has {len(files)} articles, not {n}")
    target.mkdir(parents=True, exist_ok=True)
    for f in files:
        copy = target / f"{f.parent.name}-{f.name}"
        if not copy.exists():
            shutil.copyfile(f, copy)
    return target


@pytest.fixture(scope="module")
def bbc_out(shared_data, tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    folder = bbc_folder(shared_data, base / "bbc-2000")
    out, record, _ = rendered("bbc-2000", folder, base, only=["03_sources"])
    assert not record.failed, [(n.name, n.error) for n in record.notebooks]
    return out


def test_seed_quotes_are_findable(seeds_out, chromium):
    assert check_search(seeds_out, chromium, k=3)
    check_every_speaker_cell_links(seeds_out)
    check_sort_by_value(seeds_out, chromium)
    assert check_csv(seeds_out, chromium) > 0


@pytest.mark.slow
def test_bbc_2000_quotes_are_findable(bbc_out, chromium):
    speakers = check_search(bbc_out, chromium, k=5)
    assert len(speakers) == 5, speakers
    check_every_speaker_cell_links(bbc_out)
    check_sort_by_value(bbc_out, chromium)
    assert check_csv(bbc_out, chromium) > 1_000


def test_03_in_a_live_kernel_shows_whole_tables_and_the_picker(seeds_out, tmp_path, monkeypatch):
    """Run as JupyterLab runs it (the kernel's environment names a server session): every table
    is an itables table with every row, the quote table is followed by the picker's widgets, and
    no packed report table is written."""
    import nbformat
    import papermill as pm
    from findable import store_counts

    from analysis.render import default_kernel
    from analysis.render.assets import TABLE_MIME
    from analysis.reports.live import SESSION_VARIABLE

    monkeypatch.setenv(SESSION_VARIABLE, "03_sources.ipynb")  # the kernel inherits it
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "03_sources.ipynb"
    done = tmp_path / "03_live.ipynb"
    pm.execute_notebook(
        str(notebook),
        str(done),
        parameters={"store": str(seeds_out / "store")},
        kernel_name=default_kernel(),
        cwd=str(notebook.parent),
        progress_bar=False,
        # nbclient can miss the reply of a cell that opens widgets and then wait for ever
        # (jupyter/nbclient#312); with a per-cell timeout its poll wakes and finds the reply
        execution_timeout=60,
    )
    outputs = [o for c in nbformat.read(str(done), as_version=4).cells for o in c.get("outputs", [])]
    data = [o.get("data", {}) for o in outputs]
    assert not any(TABLE_MIME in d for d in data)
    rows = [itables_rows(d.get("text/html", "")) for d in data]
    counts = store_counts(seeds_out)
    assert [len(r) for r in rows if r][0] == len(counts)  # the speakers table, every speaker
    last = max(i for i, r in enumerate(rows) if r)
    assert len(rows[last]) == int(counts.sum())  # the quote table, every quote
    assert "application/vnd.jupyter.widget-view+json" in data[last + 1]  # then the picker


def itables_rows(page: str) -> list | None:
    """The rows an itables output holds (its ``data_json``), or None for another output."""
    import json
    import re

    found = re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', page)
    return json.loads(json.loads(found.group(1))) if found else None

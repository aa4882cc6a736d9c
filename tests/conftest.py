"""Shared fixtures: the project's seeds and, when present, the shared research data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_docs():
    from analysis.corpus import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present")
    return data


#: Test modules that start Jupyter kernels (papermill, nbval, ``report`` runs, live widgets) or
#: drive the rendered pages. Under pytest-xdist (``make test`` runs ``-n 2 --dist loadgroup``)
#: they form one group that one worker runs in order: two processes starting kernels at the same
#: moment can pick the same ports (jupyter_client issue 487) and a client then waits forever.
KERNEL_MODULES = frozenset(
    {
        "test_browser.py",
        "test_chart_shots.py",
        "test_cli.py",
        "test_determinism.py",
        "test_explore.py",
        "test_findable.py",
        "test_hostile.py",
        "test_inputs.py",
        "test_notebooks.py",
        "test_params.py",
        "test_report.py",
        "test_reports.py",
        "test_termmap.py",
        "test_ux.py",
        "test_web_corpora.py",
        "test_widgets.py",
    }
)


def pytest_collection_modifyitems(config, items):
    """Every notebook cell (nbval), every test of :data:`KERNEL_MODULES` and every test marked
    ``kernel`` go to the one xdist group ``kernel``; without xdist the mark changes nothing."""
    for item in items:
        if (
            item.path.suffix == ".ipynb"
            or item.path.name in KERNEL_MODULES
            or item.get_closest_marker("kernel")
        ):
            item.add_marker(pytest.mark.xdist_group("kernel"))

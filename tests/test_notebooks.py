"""Notebook hygiene: committed without outputs, parameterised, importing only our package."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def committed(path: Path) -> str:
    """The notebook as committed in git (the working copy when git cannot say)."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        return subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return path.read_text("utf-8")


def test_there_are_notebooks():
    assert any(p.name == "00_corpus.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stripped_and_parameterised(path):
    for source in {path.read_text("utf-8"), committed(path)}:
        nb = nbformat.reads(source, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), "outputs not stripped"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "corpus =" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_do_not_read_files_themselves(path):
    nb = nbformat.read(str(path), as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in ("open(", "read_csv(", "read_text(", "nltk.download"):
        assert forbidden not in source, forbidden


# --- the store a notebook reads with its defaults (analysis.store.open_or_build) ----------------


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Four distinct articles in a folder (the seeds would do, but take longer to analyse)."""
    from browser import article

    folder = tmp_path_factory.mktemp("small-corpus")
    for n in range(4):
        (folder / f"{n:02d}.txt").write_text(f"Sanctions story {n}\n\n{article(n)}", "utf-8")
    return folder


def test_open_or_build_builds_once_in_a_cache_and_opens_a_given_store(small_corpus, tmp_path, monkeypatch):
    import warnings

    from analysis.store import open_or_build, open_store
    from analysis.store.session import CACHE_ENV, cache_folder

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    params = {"topics.n_topics": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a build's warnings go to the log, never the notebook
        first = open_or_build(None, small_corpus, params=params)
    assert first.root == cache_folder(small_corpus, params)
    assert first.root.parent == tmp_path / "cache"
    assert len(first.analysed) == 4 and len(first.table("sentences")) > 0
    assert first.parameters["topics"]["n_topics"] == 2
    updated = first.manifest.updated
    # the same corpus, given relative or absolute, is the same cached store, not built again
    monkeypatch.chdir(small_corpus.parent)
    again = open_or_build(None, small_corpus.name, params=params)
    assert again.root == first.root and again.manifest.updated == updated
    # other parameters: another folder; a given store: that store, options ignored
    assert cache_folder(small_corpus, {"topics.n_topics": 3}) != first.root
    given = open_or_build(str(first.root), "/nowhere", params={"topics.n_topics": 9})
    assert given.root == open_store(first.root).root and given.parameters["topics"]["n_topics"] == 2
    with pytest.raises(ValueError, match="unknown store parameter"):
        open_or_build(None, small_corpus, params={"topics.k": 3})

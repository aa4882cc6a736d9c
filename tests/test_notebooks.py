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

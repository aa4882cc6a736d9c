"""The run record: what a report run did, written to ``run.json`` and ``index.html``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class NotebookRun:
    """How one notebook fared."""

    name: str
    status: str  # "ok" or "failed"
    seconds: float
    html: str | None
    parameters: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    cell: int | None = None
    previous_html: str | None = None
    failed_notebook: str | None = None
    title: str | None = None
    description: str | None = None
    inputs: str | None = None  # hash of what the report is made of (see analysis.render.run.inputs_key)
    reused: bool = False  # the previous run's report, kept because its inputs did not change
    html_sha256: str | None = None  # of the HTML this run wrote: a file that differs is not this report


@dataclass
class RunRecord:
    """What a report run did, written into ``index.html`` and ``run.json``."""

    corpus: str
    corpus_hash: str
    n_articles: int
    n_files: int
    started: str
    seconds: float
    parameters: dict[str, Any]
    versions: dict[str, str]
    notebooks: list[NotebookRun] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    store: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> list[NotebookRun]:
        return [nb for nb in self.notebooks if nb.status != "ok"]

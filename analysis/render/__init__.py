"""Render the notebooks to self-contained HTML reports: papermill → nbconvert → index.html.

The one place that writes reports: :mod:`params` (which notebooks, which parameters),
:mod:`run` (fill the store, run the notebooks in parallel), :mod:`html` (offline template, safe
HTML), :mod:`index` (the index page and ``run.json``), :mod:`files` (atomic writes, versions), and
what notebooks call to show results: :mod:`widgets` (interactive tables and charts) and
:mod:`charts` (Bokeh chart builders).

Names are imported on first use (PEP 562): a notebook that imports ``analysis.reports.widgets``
must not load the store and every study that :mod:`run` needs.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "atomic_write": "files",
    "package_versions": "files",
    "clean_html": "html",
    "to_html": "html",
    "ReportError": "params",
    "corpus_options": "params",
    "default_corpus": "params",
    "notebook_store": "params",
    "list_notebooks": "params",
    "notebook_parameters": "params",
    "parse_value": "params",
    "plan_parameters": "params",
    "NotebookRun": "record",
    "RunRecord": "record",
    "KERNEL_NAME": "run",
    "default_kernel": "run",
    "render_reports": "run",
    "run_notebook": "run",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access."""
    if name in _API:
        return getattr(importlib.import_module(f"analysis.render.{_API[name]}"), name)
    raise AttributeError(f"module 'analysis.render' has no attribute {name!r}")

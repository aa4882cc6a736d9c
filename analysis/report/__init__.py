"""Render the notebooks to self-contained HTML reports: papermill → nbconvert → index.html.

The one place that writes reports: :mod:`params` (which notebooks, which parameters),
:mod:`run` (papermill), :mod:`html` (offline template, safe HTML), :mod:`index` (the index page
and ``run.json``), :mod:`files` (atomic writes, corpus fingerprint, versions).
"""

from analysis.report.files import atomic_write, corpus_fingerprint, package_versions
from analysis.report.html import clean_html, to_html
from analysis.report.params import (
    ReportError,
    list_notebooks,
    notebook_parameters,
    parse_value,
    plan_parameters,
)
from analysis.report.record import NotebookRun, RunRecord
from analysis.report.run import KERNEL_NAME, default_kernel, render_reports, run_notebook

__all__ = [
    "KERNEL_NAME", "NotebookRun", "ReportError", "RunRecord", "atomic_write", "clean_html",
    "corpus_fingerprint", "default_kernel", "list_notebooks", "notebook_parameters",
    "package_versions", "parse_value", "plan_parameters", "render_reports", "run_notebook", "to_html",
]

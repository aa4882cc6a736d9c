"""Render the notebooks to self-contained HTML reports: papermill → nbconvert → index.html.

The one place that writes reports. Why this shape:

- papermill runs each notebook with the user's parameters on a named kernel in a fixed working
  directory, so a report is the notebook a user can open and re-run in JupyterLab.
- nbconvert converts with our ``offline`` template: no CDN script or stylesheet, images inlined
  with alt text, HTML from the corpus sanitised — a report mailed to a reader opens anywhere.
- Every file is written atomically (a temp file, then a rename), so a failing run never leaves a
  half-written report, and a failing notebook keeps its previous report; ``index.html`` says it
  failed, with the cell and the error, beside a run record (corpus and its content hash, article
  count, parameters, package versions, time taken).
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from analysis.corpus import load_corpus
from analysis.progress import bar as progress_bar
from analysis.report.files import atomic_write, corpus_fingerprint, package_versions
from analysis.report.html import to_html
from analysis.report.index import previous_runs, write_index
from analysis.report.params import ReportError, list_notebooks, plan_parameters
from analysis.report.record import NotebookRun, RunRecord

KERNEL_NAME = "news-analysis"


def default_kernel() -> str:
    """Our registered kernel when it exists (``make reports`` registers it), else ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def render_reports(
    corpus: str | Path,
    out: str | Path = "reports",
    *,
    only: list[str] | None = None,
    params: dict[str, Any] | None = None,
    params_file: str | Path | None = None,
    show_code: bool = False,
    kernel: str | None = None,
    notebooks_dir: str | Path | None = None,
    progress: bool | None = None,
) -> RunRecord:
    """Run every notebook (or those named in ``only``) on ``corpus`` and write HTML to ``out``.

    Returns the run record; check ``record.failed``. A failing notebook does not stop the others,
    and its previous HTML report is kept.
    """
    started = time.perf_counter()
    corpus_path = Path(corpus).expanduser().resolve()
    out_dir = Path(out).expanduser().resolve()
    notebooks = _select(list_notebooks(notebooks_dir), only)
    plan = plan_parameters(notebooks, params, params_file)
    corpus_hash, n_files = corpus_fingerprint(corpus_path)
    out_dir.mkdir(parents=True, exist_ok=True)  # only once the run can start
    docs = load_corpus(corpus_path, dedup=False, progress=progress)
    record = RunRecord(
        corpus=str(corpus_path),
        corpus_hash=corpus_hash,
        n_articles=len(docs),
        n_files=n_files,
        started=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        seconds=0.0,
        parameters={"global": {**(params or {})}, "file": str(params_file) if params_file else None},
        versions=package_versions(),
        problems=list(docs.attrs.get("problems", [])),
    )
    del docs
    kernel = kernel or default_kernel()
    previous = previous_runs(out_dir)
    for nb in progress_bar(notebooks, desc="reports", unit="notebook", min_items=0,
                           show=False if progress is False else None):
        run = run_notebook(nb, out_dir, {"corpus": str(corpus_path), **plan[nb.stem]},
                           kernel=kernel, show_code=show_code)
        record.notebooks.append(run)
        previous.pop(nb.stem, None)
    record.seconds = round(time.perf_counter() - started, 2)
    write_index(record, out_dir, kept=previous)
    return record


def _select(notebooks: list[Path], only: list[str] | None) -> list[Path]:
    if not only:
        return notebooks
    chosen = [nb for nb in notebooks if any(nb.stem == o or nb.stem.endswith(f"_{o}") or nb.name == o
                                            for o in only)]
    missing = [o for o in only if not any(nb.stem == o or nb.stem.endswith(f"_{o}") or nb.name == o
                                          for nb in notebooks)]
    if missing:
        raise ReportError(f"no notebook named {', '.join(missing)}; have {', '.join(nb.stem for nb in notebooks)}")
    return chosen


def run_notebook(
    notebook: Path, out_dir: Path, parameters: dict[str, Any], *, kernel: str, show_code: bool = False
) -> NotebookRun:
    """Execute one notebook with papermill and convert it to HTML; never raises on a cell error."""
    import papermill as pm

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        executed = Path(tmp) / notebook.name
        try:
            pm.execute_notebook(
                str(notebook), str(executed), parameters=parameters, kernel_name=kernel,
                cwd=str(notebook.parent), progress_bar=False, log_output=False,
            )
        except pm.PapermillExecutionError as err:
            return _failed(notebook, out_dir, started, parameters,
                           f"{err.ename}: {err.evalue}".strip(), err.exec_count)
        except Exception as err:  # kernel died, bad parameters, missing kernel ...
            return _failed(notebook, out_dir, started, parameters, f"{type(err).__name__}: {err}", None)
        body = to_html(executed, show_code=show_code)
        html_path = out_dir / f"{notebook.stem}.html"
        atomic_write(html_path, body.encode("utf-8"))
        atomic_write(out_dir / notebook.name, executed.read_bytes())
    return NotebookRun(notebook.stem, "ok", round(time.perf_counter() - started, 2), html_path.name,
                       parameters)


def _failed(notebook: Path, out_dir: Path, started: float, parameters: dict, error: str,
            cell: int | None) -> NotebookRun:
    old = out_dir / f"{notebook.stem}.html"
    return NotebookRun(notebook.stem, "failed", round(time.perf_counter() - started, 2), None,
                       parameters, error=error, cell=cell,
                       previous_html=old.name if old.exists() else None)



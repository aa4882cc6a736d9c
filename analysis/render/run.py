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

import hashlib
import json
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from analysis.corpus import check_output, mark_folder
from analysis.explore.database import update_database
from analysis.progress import bar as progress_bar
from analysis.render.article import write_article_pages
from analysis.render.files import atomic_write, package_versions
from analysis.render.html import to_html
from analysis.render.index import previous_record, previous_runs, write_index
from analysis.render.params import (
    CORPUS_OPTIONS,
    ReportError,
    corpus_options,
    describe_notebook,
    list_notebooks,
    notebook_parameters,
    plan_parameters,
    run_corpus_options,
)
from analysis.render.people import write_people_pages
from analysis.render.record import NotebookRun, RunRecord
from analysis.store import build, open_store, parameters
from analysis.store.guard import die_with_parent, fault_point, stop_children

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
    jobs: int | None = None,
    store_params: dict[str, Any] | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
    refit: bool = False,
    load: dict[str, Any] | None = None,
) -> RunRecord:
    """Fill the study store in ``out/store`` from ``corpus``, then run every notebook (or those
    named in ``only``) on it and write HTML to ``out``.

    Study parameters (``store_params``, e.g. ``{"topics.n_topics": 6}``) shape the store; notebook
    parameters (``params``, ``params_file``) shape what a report shows. Notebooks are
    independent, so up to ``jobs`` of them (default: the number of cores) run at once, each in its
    own kernel. Returns the run record; check ``record.failed``. A failing notebook does not stop
    the others, and its previous HTML report is kept.
    """
    started = time.perf_counter()
    corpus_path = Path(corpus).expanduser().resolve()
    out_dir = Path(out).expanduser().resolve()
    notebooks = _select(list_notebooks(notebooks_dir), only)
    plan = plan_parameters(notebooks, params, params_file)
    load = run_corpus_options(plan, load)  # -p columns ... read the corpus as --columns does
    parameters(store_params)  # a bad study parameter fails before anything is computed
    check_output(corpus_path, out_dir)
    # build walks the corpus once, before writing anything: a missing corpus leaves no folder
    manifest, done = build(
        corpus_path,
        out_dir / "store",
        params=store_params,
        engine=engine,
        scheduler=scheduler,
        refit=refit,
        load=load,
        progress=progress,
    )
    mark_folder(out_dir, "report")
    store = open_store(out_dir)
    store_key = inputs_key(manifest_state(manifest))
    before = previous_record(out_dir)
    if before.get("store", {}).get("key") != store_key or not (out_dir / "articles" / "pages.json").exists():
        write_article_pages(store, out_dir)  # before the notebooks: their tables link to existing pages
        write_people_pages(store, out_dir)
        update_database(store)  # the explorer database (store/explore.db): changed articles only
    record = RunRecord(
        corpus=str(corpus_path),
        corpus_hash=manifest.fingerprint,
        n_articles=len(store.docs),
        n_files=manifest.n_files,
        started=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        seconds=0.0,
        parameters={
            "global": {**(params or {})},
            "file": str(params_file) if params_file else None,
            "studies": manifest.parameters,
            "topics": manifest.topics,
        },
        versions=package_versions(),
        problems=store.table("problems").to_dict("records"),
        store={
            "path": "store",
            "engine": engine,
            "added": done.added,
            "changed": done.changed,
            "removed": done.removed,
            "unchanged": done.unchanged,
            "seconds": done.seconds,
            "code": manifest.code,
            "key": store_key,
        },
    )
    kernel = kernel or default_kernel()
    previous = previous_runs(out_dir)
    # the notebooks get the reading options too: its parameters say how the corpus was read
    shared = {"corpus": str(corpus_path), "store": str(out_dir / "store"), **corpus_options(**_reading(load))}
    tasks = [
        (
            nb,
            out_dir,
            {**{k: v for k, v in shared.items() if k in notebook_parameters(nb)}, **plan[nb.stem]},
            kernel,
            show_code,
        )
        for nb in notebooks
    ]
    # the store is always <out>/store: its state is in store_key, its path would tie a report to a folder
    keys = [
        inputs_key(store_key, nb.read_bytes(), {n: v for n, v in p.items() if n != "store"}, k, code)
        for nb, _, p, k, code in tasks
    ]
    reusable = {n: nb for n, nb in previous.items() if nb.get("status") == "ok" and not nb.get("stale")}
    todo = [t for t, key in zip(tasks, keys) if reusable.get(t[0].stem, {}).get("inputs") != key]
    fresh = iter(_run_all(todo, jobs or os.cpu_count() or 1, progress))
    runs = []
    for task, key in zip(tasks, keys):
        if reusable.get(task[0].stem, {}).get("inputs") == key:
            runs.append(_reused(reusable[task[0].stem]))
        else:
            runs.append(next(fresh))
            runs[-1].inputs = key if runs[-1].status == "ok" else None
    for nb, run in zip(notebooks, runs):
        run.title, run.description = describe_notebook(nb)
        run.parameters.pop("store", None)  # always <out>/store: recorded once, under "store"
        record.notebooks.append(run)
        previous.pop(nb.stem, None)
    record.seconds = round(time.perf_counter() - started, 2)
    write_index(record, out_dir, kept=previous)
    return record


def _reading(load: dict[str, Any]) -> dict[str, Any]:
    """The corpus options among ``load`` (keyword arguments of ``load_corpus``), with a relative
    metadata path made absolute (a notebook runs in its own folder)."""
    options = {k: load[k] for k in CORPUS_OPTIONS if load.get(k) is not None}
    if isinstance(options.get("metadata"), (str, Path)):
        options["metadata"] = str(Path(options["metadata"]).expanduser().resolve())
    return options


def manifest_state(manifest) -> dict[str, Any]:
    """What of a store's manifest decides its tables (corpus, parameters, reading options, code and
    data versions, topic model): not when it was written."""
    keep = ("fingerprint", "parameters", "reading", "code", "topics", "tables")
    return {k: getattr(manifest, k) for k in keep}


def inputs_key(*parts: Any) -> str:
    """A short hash of a report's inputs. Why: regenerating on an unchanged corpus is the weekly
    case, and a notebook whose store, source, parameters, kernel and options are all the same
    makes the same report, so the previous HTML is kept instead of paying a kernel and a render."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:20]


def _reused(entry: dict) -> NotebookRun:
    """The previous run's record of a report kept as it was."""
    fields = {k: v for k, v in entry.items() if k in NotebookRun.__dataclass_fields__}
    return NotebookRun(**{**fields, "seconds": 0.0, "reused": True})


def _run_all(tasks: list[tuple], jobs: int, progress: bool | None) -> list[NotebookRun]:
    """Run the notebooks, ``jobs`` at a time, in worker processes; results in the tasks' order.

    Why processes: each papermill run drives its own kernel through an asyncio loop, which is
    not safe to share between threads; a worker process per run keeps them apart.
    """
    show = progress
    if not tasks:
        return []
    if jobs <= 1 or len(tasks) <= 1:
        return [
            _run_task(t) for t in progress_bar(tasks, desc="reports", unit="notebook", min_items=0, show=show)
        ]
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:  # on Ctrl-C or SIGTERM the workers (and through them their kernels) stop now, not after their notebook
        futures = [pool.submit(_run_task, t) for t in tasks]
        for _ in progress_bar(
            as_completed(futures), desc="reports", unit="notebook", total=len(futures), min_items=0, show=show
        ):
            pass
        results = [f.result() for f in futures]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_children()
        raise
    pool.shutdown()
    return results


def _run_task(task: tuple) -> NotebookRun:
    notebook, out_dir, parameters, kernel, show_code = task
    return run_notebook(notebook, out_dir, parameters, kernel=kernel, show_code=show_code)


def _select(notebooks: list[Path], only: list[str] | None) -> list[Path]:
    if not only:
        return notebooks
    chosen = [
        nb for nb in notebooks if any(nb.stem == o or nb.stem.endswith(f"_{o}") or nb.name == o for o in only)
    ]
    missing = [
        o
        for o in only
        if not any(nb.stem == o or nb.stem.endswith(f"_{o}") or nb.name == o for nb in notebooks)
    ]
    if missing:
        raise ReportError(
            f"no notebook named {', '.join(missing)}; have {', '.join(nb.stem for nb in notebooks)}"
        )
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
                str(notebook),
                str(executed),
                parameters=parameters,
                kernel_name=kernel,
                cwd=str(notebook.parent),
                progress_bar=False,
                log_output=False,
            )
        except pm.PapermillExecutionError as err:
            return _failed(
                notebook,
                out_dir,
                started,
                parameters,
                f"{err.ename}: {err.evalue}".strip(),
                err.exec_count,
                executed,
            )
        except Exception as err:  # kernel died, bad parameters, missing kernel ...
            return _failed(
                notebook, out_dir, started, parameters, f"{type(err).__name__}: {err}", None, executed
            )
        side: dict[str, bytes] = {}
        body = to_html(executed, show_code=show_code, side_files=side).encode("utf-8")
        html_path = out_dir / f"{notebook.stem}.html"
        for name, data in side.items():  # before the page that links to them
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(out_dir / name, data)
        fault_point("render")
        atomic_write(html_path, body)
        fault_point("rendered")
        atomic_write(out_dir / notebook.name, executed.read_bytes())
    run = NotebookRun(
        notebook.stem, "ok", round(time.perf_counter() - started, 2), html_path.name, parameters
    )
    run.html_sha256 = hashlib.sha256(body).hexdigest()  # run.json says which file it describes
    return run


def _failed(
    notebook: Path,
    out_dir: Path,
    started: float,
    parameters: dict,
    error: str,
    cell: int | None,
    executed: Path,
) -> NotebookRun:
    """The record of a failed run; the executed notebook, as far as it ran, is kept for debugging
    as ``NAME.failed.ipynb`` (the previous report and notebook stay untouched)."""
    old = out_dir / f"{notebook.stem}.html"
    kept = None
    if executed.is_file():
        kept = out_dir / f"{notebook.stem}.failed.ipynb"
        atomic_write(kept, executed.read_bytes())
    return NotebookRun(
        notebook.stem,
        "failed",
        round(time.perf_counter() - started, 2),
        None,
        parameters,
        error=error,
        cell=cell,
        previous_html=old.name if old.exists() else None,
        failed_notebook=kept.name if kept else None,
    )

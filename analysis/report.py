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
import html
import json
import os
import platform
import re
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

with warnings.catch_warnings():  # a kernel without ipywidgets: plain bars, no warning in the report
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

KERNEL_NAME = "news-analysis"
PACKAGES = ("news-analysis", "pandas", "numpy", "scikit-learn", "nltk", "vaderSentiment", "matplotlib",
            "papermill", "nbconvert", "dask", "distributed")


class ReportError(RuntimeError):
    """A report run cannot start (bad parameters, no notebooks); the message says what to fix."""


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

    @property
    def failed(self) -> list[NotebookRun]:
        return [nb for nb in self.notebooks if nb.status != "ok"]


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the source tree this package is installed from."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def list_notebooks(notebooks_dir: Path | str | None = None) -> list[Path]:
    """The report notebooks, in name order (``00_corpus.ipynb``, ``01_topics.ipynb``, ...)."""
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith((".", "_")))
    if not found:
        raise ReportError(f"{folder}: no notebooks found")
    return found


def notebook_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares (name → papermill's inferred type, default, help)."""
    import papermill as pm

    return pm.inspect_notebook(str(path))


def parse_value(text: str) -> Any:
    """A ``-p KEY VALUE`` value read as YAML: ``5`` → 5, ``true`` → True, ``auto`` → "auto"."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def plan_parameters(
    notebooks: list[Path], params: dict[str, Any] | None = None, params_file: str | Path | None = None
) -> dict[str, dict[str, Any]]:
    """Parameters for each notebook: those it declares, from ``-f`` then ``-p``.

    A params file holds global keys and, optionally, one mapping per notebook name
    (``01_topics: {n_topics: 6}``) that applies to that notebook only. A key no notebook
    declares is an error: a typo must not silently run the defaults.
    """
    global_params: dict[str, Any] = {}
    per_notebook: dict[str, dict[str, Any]] = {}
    names = {nb.stem for nb in notebooks}
    if params_file:
        try:
            loaded = yaml.safe_load(Path(params_file).read_text("utf-8")) or {}
        except OSError as err:
            raise ReportError(f"{params_file}: cannot read the parameters file ({err.strerror})") from None
        except yaml.YAMLError as err:
            where = getattr(err, "problem_mark", None)
            line = f" at line {where.line + 1}" if where is not None else ""
            raise ReportError(f"{params_file}: not valid YAML{line}; write one `name: value` per line") from None
        if not isinstance(loaded, dict):
            raise ReportError(f"{params_file}: must be a mapping of parameter names to values")
        for key, value in loaded.items():
            if key in names and isinstance(value, dict):
                per_notebook[key] = dict(value)
            else:
                global_params[key] = value
    global_params.update(params or {})
    declared = {nb.stem: set(notebook_parameters(nb)) for nb in notebooks}
    everything = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(global_params) - everything)
    for name, values in per_notebook.items():
        unknown += [f"{name}.{k}" for k in values if k not in declared.get(name, set())]
    if unknown:
        raise ReportError(
            f"unknown parameter(s) {', '.join(unknown)}; declared: {', '.join(sorted(everything))}"
        )
    plan = {}
    for nb in notebooks:
        chosen = {k: v for k, v in global_params.items() if k in declared[nb.stem]}
        chosen.update(per_notebook.get(nb.stem, {}))
        plan[nb.stem] = chosen
    return plan


def corpus_fingerprint(corpus: str | Path) -> tuple[str, int]:
    """SHA-256 over the corpus files' relative names and bytes, and the number of files.

    Any change to any article changes the hash, so a report can be matched to its corpus.
    """
    from analysis.corpus import corpus_root, resolve_sources

    sources = resolve_sources(corpus)
    root = corpus_root(sources)
    digest = hashlib.sha256()
    for src in sources:
        rel = src.resolve().relative_to(root).as_posix() if root else src.name
        digest.update(rel.encode() + b"\0")
        with open(src, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    sidecar = Path(corpus) / "metadata.csv" if Path(corpus).is_dir() else None
    if sidecar and sidecar.is_file():
        digest.update(b"metadata.csv\0" + sidecar.read_bytes())
    return digest.hexdigest(), len(sources)


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape the numbers."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions


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
    from analysis.corpus import load_corpus

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
    previous = _previous_runs(out_dir)
    bar = tqdm(notebooks, desc="reports", unit="notebook", disable=progress is False)
    for nb in bar:
        bar.set_postfix_str(nb.stem)
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


_CORPUS_WARNING = re.compile(r"^[^\n]*: CorpusWarning: [^\n]*\n(?:[ \t]+[^\n]*\n)?", re.M)


def drop_corpus_warnings(nb) -> None:
    """Remove CorpusWarning lines from the notebook's stderr outputs, in place.

    Skipped and flagged inputs are listed in the run record (index.html) and in the corpus
    report; repeated as a red block of Python warnings at the top of every study report they
    bury its findings. Other stderr output stays.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
                out["text"] = _CORPUS_WARNING.sub("", text if text.endswith("\n") else text + "\n")
                if not out["text"].strip():
                    continue
            kept.append(out)
        cell.outputs = kept


def template_dir() -> Path:
    """The folder holding our nbconvert templates (``offline``)."""
    return Path(str(resources.files("analysis").joinpath("templates")))


def to_html(notebook: Path, *, show_code: bool = False) -> str:
    """HTML of an executed notebook with the offline template; code hidden unless asked."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,
        filters={"clean_html": clean_html},
    )
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:  # papermill gives this cell a random id; a fixed one keeps reports reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    drop_corpus_warnings(nb)
    body, _ = exporter.from_notebook_node(nb)
    return body


#: Tags kept when sanitising markdown and HTML outputs: what markdown and pandas produce.
#: nbconvert's own list lacks headings, paragraphs and table headers, so it escaped them and every
#: heading and table showed its tags as text. Anything else (script, iframe, style, form, svg) is
#: escaped and shows as text, as are event handlers and URLs a browser would fetch.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre q s small span strong sub summary sup table tbody "
    "td tfoot th thead tr u ul".split()
)
_SAFE_ANYWHERE = {"class", "id", "title", "lang", "dir"}
#: pandas' DataFrame repr starts with this block; its rules live in the offline template instead.
_PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}<]*\{[^{}<]*\}\s*)+</style>")


def _safe_attribute(tag: str, name: str, value: str) -> bool:
    if name in _SAFE_ANYWHERE:
        return True
    if tag == "a":
        return name == "href" and not value.strip().lower().startswith("data:")
    if tag == "img":  # inlined images only: an http(s) src would leave the file
        return name in {"alt", "width", "height"} or (name == "src" and value.startswith("data:image/"))
    if tag in {"th", "td"}:
        return name in {"colspan", "rowspan", "scope"}
    return tag == "ol" and name == "start"


def clean_html(element: str | bytes) -> str:
    """Sanitise markdown and HTML outputs for a report (nbconvert's ``clean_html`` filter)."""
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(_PANDAS_STYLE.sub("", text), tags=SAFE_TAGS, attributes=_safe_attribute,
                        protocols={"http", "https", "mailto", "data"}, strip_comments=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _previous_runs(out_dir: Path) -> dict[str, dict]:
    """Notebook entries of the last run, so an index written after a partial run keeps them."""
    try:
        old = json.loads((out_dir / "run.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {nb["name"]: nb for nb in old.get("notebooks", []) if (out_dir / f"{nb['name']}.html").exists()}


def write_index(record: RunRecord, out_dir: Path, kept: dict[str, dict] | None = None) -> Path:
    """Write ``index.html`` (links and run record) and ``run.json`` atomically."""
    data = asdict(record)
    data["kept_from_previous_run"] = list((kept or {}).values())
    atomic_write(out_dir / "run.json", json.dumps(data, indent=2, default=str).encode("utf-8"))
    page = index_html(record, kept or {})
    path = out_dir / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path


def index_html(record: RunRecord, kept: dict[str, dict]) -> str:
    """The index page: one row per report, then the run record. Everything is escaped."""
    e = html.escape
    rows = []
    for nb in record.notebooks:
        if nb.status == "ok":
            link = f'<a href="{e(nb.html)}">{e(nb.name)}</a>'
            status = "ok"
        else:
            link = e(nb.name)
            cell = f" in cell {nb.cell}" if nb.cell is not None else ""
            status = f'<span class="failed">FAILED{e(cell)}: {e(nb.error or "")}</span>'
            if nb.previous_html:
                status += f' — <a href="{e(nb.previous_html)}">previous report</a> kept'

        rows.append(f"<tr><td>{link}</td><td>{status}</td><td>{nb.seconds:.1f} s</td>"
                    f"<td><code>{e(json.dumps(nb.parameters, default=str))}</code></td></tr>")
    for name, old in kept.items():
        rows.append(f'<tr><td><a href="{e(name)}.html">{e(name)}</a></td>'
                    f"<td>not re-run; report of a previous run</td><td></td><td></td></tr>")
    problems = "".join(f"<li><code>{e(p['path'])}</code>: {e(p['problem'])}</li>" for p in record.problems[:200])
    more = len(record.problems) - 200
    if more > 0:
        problems += f"<li>… and {more} more (see run.json)</li>"
    versions = ", ".join(f"{e(k)} {e(v)}" for k, v in record.versions.items())
    failed = record.failed
    summary = (f'<p class="failed">{len(failed)} of {len(record.notebooks)} notebooks failed; their previous '
               "reports, if any, were kept.</p>" if failed else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News corpus reports</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }}
code {{ font-size: .85em; word-break: break-all; }} .failed {{ color: #b00020; font-weight: 600; }}
dt {{ font-weight: 600; }} dd {{ margin: 0 0 .6rem 0; }}
</style></head><body>
<h1>News corpus reports</h1>
{summary}
<table><thead><tr><th>Report</th><th>Status</th><th>Time</th><th>Parameters</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>Run record</h2>
<dl>
<dt>Corpus</dt><dd><code>{e(record.corpus)}</code></dd>
<dt>Content hash (SHA-256 of file names and bytes)</dt><dd><code>{e(record.corpus_hash)}</code></dd>
<dt>Articles</dt><dd>{record.n_articles} read from {record.n_files} file(s)</dd>
<dt>Parameters</dt><dd><code>{e(json.dumps(record.parameters, default=str))}</code></dd>
<dt>Started (UTC)</dt><dd>{e(record.started)}</dd>
<dt>Time taken</dt><dd>{record.seconds:.1f} s</dd>
<dt>Versions</dt><dd>{versions}</dd>
<dt>Input problems (files or rows skipped or read with a caveat)</dt><dd><ul>{problems or '<li>none</li>'}</ul></dd>
</dl>
</body></html>
"""

"""The index page of a report run: one row per report, then the run record. Everything escaped."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import asdict
from pathlib import Path

from analysis.render.files import atomic_write
from analysis.render.record import RunRecord


def previous_record(out_dir: Path) -> dict:
    """The last run's record (``run.json``), or an empty dict when there is none or it is unreadable."""
    try:
        old = json.loads((out_dir / "run.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return old if isinstance(old, dict) else {}


def previous_runs(out_dir: Path) -> dict[str, dict]:
    """Notebook entries of the last run, so an index written after a partial run keeps them.

    An entry whose HTML is not the file that run wrote (a later run killed after writing its own,
    or an edit) is marked ``stale``: it is never reused as current and the index says so."""
    old = previous_record(out_dir)
    out = {}
    for nb in old.get("notebooks", []) + old.get("kept_from_previous_run", []):
        path = out_dir / f"{nb.get('name')}.html"
        if nb.get("name") in out or not path.is_file():
            continue
        want = nb.get("html_sha256")
        nb["stale"] = bool(nb.get("stale")) or (want is not None and want != _sha256(path))
        out[nb["name"]] = nb
    return out


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


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
    failed = record.failed
    summary = (
        f'<p class="failed">{len(failed)} of {len(record.notebooks)} notebooks failed; their previous '
        "reports, if any, were kept.</p>"
        if failed
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News corpus reports</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }}
code {{ font-size: .85em; word-break: break-all; }} .failed {{ color: #b00020; font-weight: 600; }}
dt {{ font-weight: 600; }} dd {{ margin: 0 0 .6rem 0; }} .muted {{ color: #666; }}
</style></head><body>
<h1>News corpus reports</h1>
{summary}
<table><thead><tr><th scope="col">Report</th><th scope="col">What it answers</th><th scope="col">Status</th>
<th scope="col">Time</th></tr></thead>
<tbody>{_report_rows(record, kept)}</tbody></table>
<h2>Run record</h2>
<dl>
<dt>Corpus</dt><dd><code>{e(record.corpus)}</code></dd>
<dt>Content hash (SHA-256 of file names and bytes)</dt><dd><code>{e(record.corpus_hash)}</code></dd>
<dt>Articles</dt><dd>{record.n_articles:,} read from {record.n_files:,} file(s){_store_line(record)}</dd>
<dt>Study parameters used</dt><dd>{_study_parameters(record)}</dd>
<dt>Report parameters given</dt><dd><code>{e(json.dumps(record.parameters.get("global", {}), default=str))}</code>
{_params_file(record)}</dd>
<dt>Started (UTC)</dt><dd>{e(record.started)}</dd>
<dt>Time taken</dt><dd>{record.seconds:.1f} s</dd>
<dt>Code</dt><dd>{_code(record)}</dd>
<dt>Versions</dt><dd>{", ".join(f"{e(k)} {e(v)}" for k, v in record.versions.items())}</dd>
<dt>Input problems (files or rows skipped or read with a caveat)</dt><dd>{_problems(record)}</dd>
<dt>Files</dt><dd><a href="run.json">run.json</a> (this record) · <code>store/</code> (every table, Parquet,
with <code>store/manifest.json</code>) · the executed notebooks, linked in the table above</dd>
</dl>
</body></html>
"""


e = html.escape


def _report_rows(record: RunRecord, kept: dict[str, dict]) -> str:
    rows = []
    for nb in record.notebooks:
        if nb.status == "ok":
            link = f'<a href="{e(nb.html)}">{e(nb.title or nb.name)}</a>'
            status = f'ok · <a href="{e(nb.name)}.ipynb">notebook</a>'
        else:
            link = e(nb.title or nb.name)
            cell = f" in cell {nb.cell}" if nb.cell is not None else ""
            status = f'<span class="failed">FAILED{e(cell)}: {e(nb.error or "")}</span>'
            if nb.previous_html:
                status += f' — <a href="{e(nb.previous_html)}">previous report</a> kept'
            if nb.failed_notebook:
                status += f' — <a href="{e(nb.failed_notebook)}">executed notebook</a> for debugging'
        params = f'<br><span class="muted">parameters: <code>{e(json.dumps(nb.parameters, default=str))}</code></span>'
        rows.append(
            f"<tr><td>{link}</td><td>{e(nb.description or '')}{params}</td><td>{status}</td>"
            f"<td>{'unchanged inputs: kept' if nb.reused else f'{nb.seconds:.1f} s'}</td></tr>"
        )
    for name, old in kept.items():
        title = old.get("title") or name
        note = (
            '<span class="failed">stale: not the report its run recorded (an interrupted run?)</span>'
            if old.get("stale")
            else "not re-run; report of a previous run (stale if the store or parameters changed since)"
        )
        rows.append(
            f'<tr><td><a href="{e(name)}.html">{e(title)}</a></td><td>{e(old.get("description") or "")}</td>'
            f"<td>{note}</td><td></td></tr>"
        )
    return "".join(rows)


def _store_line(record: RunRecord) -> str:
    st = record.store
    if not st:
        return ""
    return (
        f"; store updated: {st.get('added', 0):,} new, {st.get('changed', 0):,} changed, "
        f"{st.get('removed', 0):,} removed, {st.get('unchanged', 0):,} reused (engine {e(str(st.get('engine')))})"
    )


def _study_parameters(record: RunRecord) -> str:
    studies = record.parameters.get("studies") or {}
    topics = record.parameters.get("topics") or {}
    items = [
        f"<code>{e(study)}.{e(name)} = {e(json.dumps(value, default=str))}</code>"
        for study, values in studies.items()
        for name, value in values.items()
    ]
    if topics.get("k") is not None:
        items.append(
            f"topics chosen: <code>k = {int(topics['k'])}</code> (model fitted on "
            f"{int(topics.get('fitted_on', 0)):,} articles)"
        )
    return "<br>".join(items) or "defaults"


def _params_file(record: RunRecord) -> str:
    path = record.parameters.get("file")
    return f"<br>from file <code>{e(path)}</code>" if path else ""


def _code(record: RunRecord) -> str:
    code = (record.store or {}).get("code") or {}
    head = f"news-analysis {e(str(code.get('version', '')))}"
    if code.get("commit"):
        head += f", commit <code>{e(code['commit'])}</code>"
    data = code.get("data") or {}
    if data:
        head += (
            "<details><summary>shipped models and lexicons (SHA-256, first 16 digits)</summary><ul>"
            + "".join(f"<li><code>{e(k)}</code> {e(v)}</li>" for k, v in data.items())
            + "</ul></details>"
        )
    return head


def _problems(record: RunRecord) -> str:
    if not record.problems:
        return "none"
    items = []
    for p in record.problems[:200]:
        count = p.get("count")
        extra = f" ({int(count):,} times)" if isinstance(count, (int, float)) and count > 1 else ""
        items.append(
            f"<li><code>{e(str(p.get('path', '')))}</code>: {e(str(p.get('problem', '')))}{extra}</li>"
        )
    more = len(record.problems) - 200
    if more > 0:
        items.append(f"<li>… and {more:,} more (see run.json)</li>")
    return "<ul>" + "".join(items) + "</ul>"

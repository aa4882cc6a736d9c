"""The index page of a report run: one row per report, then the run record. Everything escaped."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path

from analysis.report.files import atomic_write
from analysis.report.record import RunRecord


def previous_runs(out_dir: Path) -> dict[str, dict]:
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

"""Sizes of the report pages of a rendered folder: what each page spends on the shared libraries,
its tables and its charts, and the CSV side files beside it (issue 22, items 1, 5 and the 5 MB
target).

Why per part: the libraries (DataTables, BokehJS, their CSS) are the same bytes in every page;
whether to share them once per folder depends on how much they are (benchmarks/explore.md).

    .venv/bin/python benchmarks/bench_page_sizes.py --out REPORT_FOLDER [--json] [--open]

``--open`` also times each page in headless Chromium (Playwright, the system Chromium) from
navigation until every table and chart is drawn (``html[data-na-ready]``): the cost of unpacking
every row in the browser.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ASSET = re.compile(r"<script[^>]*data-na-asset[^>]*>(.*?)</script>", re.S)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
PAYLOAD = re.compile(r"<script[^>]*data-na-payload[^>]*>(.*?)</script>", re.S)
#: The first bytes of DataTables' own stylesheet (itables' dt_bundle.css), to tell it from ours.
DATATABLES_CSS = "table.dataTable"


def page_parts(page: Path) -> dict:
    """Bytes of one page: in all, its libraries, its table and chart payloads, rows shown/total."""
    text = page.read_text("utf-8")
    size = len(text.encode("utf-8"))
    libraries = sum(len(m) for m in ASSET.findall(text))
    libraries += sum(len(s.encode()) for s in STYLE.findall(text) if DATATABLES_CSS in s[:2000])
    tables = charts = 0
    cut = []
    for raw in PAYLOAD.findall(text):
        payload = json.loads(raw)
        if "columns" in payload:
            tables += len(raw)
            if payload["shown"] < payload["total"]:
                cut.append(f"{payload['name']} {payload['shown']:,}/{payload['total']:,}")
        else:
            charts += len(raw)
    side = page.parent / f"{page.stem}_files"
    csv = sum(f.stat().st_size for f in side.glob("*.csv")) if side.is_dir() else 0
    return {
        "page": page.name,
        "mb": round(size / 1e6, 2),
        "libraries_mb": round(libraries / 1e6, 2),
        "tables_mb": round(tables / 1e6, 2),
        "charts_mb": round(charts / 1e6, 2),
        "side_csv_mb": round(csv / 1e6, 2),
        "cut_tables": cut,
    }


def open_seconds(pages: list[Path], chromium: str = "/usr/bin/chromium") -> dict[str, float]:
    """Seconds from navigation to ``data-na-ready`` for each page, in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for page_file in pages:
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(page_file.resolve().as_uri())
            page.wait_for_selector("html[data-na-ready]", state="attached", timeout=120_000)
            out[page_file.name] = round(time.perf_counter() - started, 2)
            page.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--out", type=Path, required=True, help="a report folder (python -m analysis report --out)"
    )
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a Markdown table")
    p.add_argument("--open", action="store_true", help="also time each page in headless Chromium")
    args = p.parse_args(argv)
    pages = sorted(args.out.glob("[0-9][0-9]_*.html"))
    if not pages:
        sys.exit(f"error: no report pages (NN_name.html) in {args.out}")
    rows = [page_parts(page) for page in pages]
    if args.open:
        seconds = open_seconds(pages)
        for row in rows:
            row["open_s"] = seconds[row["page"]]
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print("| page | MB | libraries MB | tables MB | charts MB | CSV beside it MB | tables cut | open s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        cut = ", ".join(r["cut_tables"]) or "none"
        print(
            f"| {r['page']} | {r['mb']} | {r['libraries_mb']} | {r['tables_mb']} | {r['charts_mb']} "
            f"| {r['side_csv_mb']} | {cut} | {r.get('open_s', '-')} |"
        )
    total = sum(r["mb"] for r in rows)
    libs = sum(r["libraries_mb"] for r in rows)
    print(f"\n{len(rows)} pages, {total:.2f} MB in all, of which {libs:.2f} MB repeated libraries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A report page's tables within its size budget: packed rows, and CSV downloads in or beside the page.

Why a page budget and not only a table budget: the quote table of a 2,000-article corpus alone
is about a megabyte packed, and a report may hold several such tables; one page must still open
quickly and stay under 5 MB at 10,000 articles (issue 22). Each table packs every row up to its
own budget (:data:`MAX_TABLE_BYTES`, in the kernel: :func:`analysis.reports.widgets.table_bundle`);
when rendering, :func:`fit_page` shares what is left of :data:`PAGE_BYTES` among a page's tables (a small
table keeps all its rows, the large ones share the rest equally) and :func:`spill_csvs` moves
large CSV downloads into files beside the page, linked relatively so any copy of the folder works.
"""

from __future__ import annotations

import json
from typing import Any

from analysis.explore.serve import DEFAULT_PORT, HOST
from analysis.render.assets import CSV_INLINE_BYTES, TABLE_MIME, pack, unpack

#: Bytes (gzip + base64) of one table's rows in the notebook's output; the page's budget then cuts further.
MAX_TABLE_BYTES = 4_000_000
#: Bytes of one report page: its tables get what the page's markup, libraries, charts and
#: images leave (:func:`table_budget`), so a page stays under 5 MB (benchmarks/explore.md).
PAGE_BYTES = 4_500_000
#: The page nbconvert's lab template makes around any notebook (its CSS): 265 KB measured.
BASE_PAGE_BYTES = 300_000
#: Bytes the tables of a page always get, however heavy its charts: a few hundred rows.
MIN_TABLE_BYTES = 200_000
#: Where ``python -m analysis explore`` serves the store (its database is ``explore``).
EXPLORER_URL = f"http://{HOST}:{DEFAULT_PORT}/explore"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sliced(data: dict[str, Any], k: int) -> dict[str, Any]:
    """The first ``k`` rows of a table's row data (``rows`` and its per-column lists)."""
    return {
        "rows": data["rows"][:k],
        **{part: {j: v[:k] for j, v in data[part].items()} for part in ("sort", "links", "marks")},
    }


def fit_rows(data: dict[str, Any], budget: int) -> tuple[str, int]:
    """``data`` packed with as many first rows as fit in ``budget`` bytes (at least one);
    returns (packed text, rows kept).

    The packed size grows about linearly with the rows, so each try scales the row count by
    budget / size; two or three tries reach the budget.
    """
    k = len(data["rows"])
    while True:
        text = pack(_dumps(sliced(data, k)))
        if len(text) <= budget or k <= 1:
            return text, k
        k = max(1, min(k - 1, int(k * budget / len(text) * 0.97)))


def table_note(shown: int, total: int, budget: int, max_rows: int | None = None) -> str:
    """The sentence under a table that says what was left out and why, or "" when nothing was."""
    if shown >= total:
        return ""
    if max_rows is not None and shown >= max_rows:
        why = f"the notebook shows at most {max_rows:,} (its max_rows parameter)"
    else:
        why = f"more would pass this page's size budget ({budget / 1e6:g} MB)"
    return (
        f"Showing the first {shown:,} of {total:,} rows: {why}; search and sort cover these rows. "
        "The CSV download holds every row, and the explorer searches them all "
        "(python -m analysis explore --out FOLDER)."
    )


def cut_table(payload: dict[str, Any], budget: int) -> None:
    """Keep the first rows of ``payload`` that fit in ``budget`` packed bytes, in place, and say so."""
    data = json.loads(unpack(payload["data"]))
    payload["data"], payload["shown"] = fit_rows(data, budget)
    payload["note"] = table_note(payload["shown"], payload["total"], budget)
    if payload["shown"] < payload["total"]:
        payload["explore"] = EXPLORER_URL


def table_payloads(nb) -> list[dict[str, Any]]:
    """The table payloads of notebook ``nb``'s outputs, in order (the objects themselves)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            payload = out.get("data", {}).get(TABLE_MIME)
            if isinstance(payload, dict) and "data" in payload:
                found.append(payload)
    return found


def spill_csvs(nb, stem: str, limit: int = CSV_INLINE_BYTES) -> dict[str, bytes]:
    """Move CSV downloads out of the page, in place, the largest first, until those left inside
    hold at most ``limit`` packed bytes together: returns ``STEM_files/TABLE.csv`` → the CSV
    (UTF-8 with a byte-order mark, for spreadsheets), which the caller writes beside the page."""
    files: dict[str, bytes] = {}
    tables = sorted(table_payloads(nb), key=lambda p: len(p.get("csv") or ""), reverse=True)
    inside = sum(len(p.get("csv") or "") for p in tables)
    for payload in tables:
        if inside <= limit or not payload.get("csv"):
            break
        name, n = f"{stem}_files/{payload['name']}.csv", 2
        while name in files:
            name, n = f"{stem}_files/{payload['name']}-{n}.csv", n + 1
        inside -= len(payload["csv"])
        files[name] = ("\ufeff" + unpack(payload.pop("csv"))).encode("utf-8")
        payload["csv_href"] = name
    return files


def table_budget(nb, assets) -> int:
    """Bytes left for the tables of ``nb`` in a :data:`PAGE_BYTES` page: less the template, the
    ``assets`` it embeds (:func:`analysis.render.assets.needed_assets`) and every other output."""
    libraries = sum(len(a.text) if a.kind == "css" else len(a.payload) for a in assets)
    others = 0
    for cell in nb.cells:
        others += len(cell.get("source", "")) if cell.get("cell_type") == "markdown" else 0
        for out in cell.get("outputs", []):
            others += sum(len(json.dumps(v)) for mime, v in out.get("data", {}).items() if mime != TABLE_MIME)
    return max(PAGE_BYTES - BASE_PAGE_BYTES - libraries - others, MIN_TABLE_BYTES)


def fit_page(nb, budget: int) -> None:
    """Cut the tables of ``nb`` so that their rows and inline CSVs fit ``budget``, in place.

    Water-filling: tables in order of size, each gets an equal share of what is left; one under
    its share keeps every row and leaves the rest to the larger ones.
    """
    tables = table_payloads(nb)
    left = budget - sum(len(p.get("csv") or "") for p in tables)
    order = sorted(tables, key=lambda p: len(p["data"]))
    for i, payload in enumerate(order):
        share = max(left // (len(order) - i), 1)
        if len(payload["data"]) > share:
            cut_table(payload, share)
        left -= len(payload["data"])

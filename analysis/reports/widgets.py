"""Interactive tables and charts for the reports, offline: what a notebook calls to show a result.

Why not a DataFrame's own repr or ``itables.show``: the pandas repr has an index column, prints
``NaN``/``NaT``/``<NA>``, ``0.538462`` and cuts rows silently; itables' notebook mode writes a
``<script>`` into ``text/html``, which our safe-HTML filter must escape (corpus text sits in the
same output). So a notebook displays a *payload* under our own MIME type: every row's formatted
cells with their sort values, counts, the CSV of the complete table, packed
(:mod:`analysis.reports.tabledata`). The report template (``templates/offline``) turns it
into a container with the payload as inert JSON and one init script of ours that builds the table
with DataTables (from the ``itables`` wheel) or the chart with BokehJS (from the ``bokeh`` wheel),
each embedded once per report. Cells are rendered as text, never parsed as HTML.

nbval does not know our MIME types: it shows the plain ``text/html`` table (tables) or the alt
text (charts) that each bundle also carries. In JupyterLab, where a person drives the kernel,
tables are shown whole with itables (:mod:`analysis.reports.live`).

Public API: :func:`table`, :func:`table_bundle`, :func:`chart`, :func:`chart_bundle`,
:func:`static_html`. Cell formatting (``format_cell``, ``column_kind``) is in
:mod:`analysis.reports.cells`; chart builders and ``group_colours`` in :mod:`analysis.reports.charts`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.render.assets import CHART_MIME, TABLE_MIME, unpack
from analysis.render.tablepack import EXPLORER_URL, MAX_TABLE_BYTES, fit_rows, table_note
from analysis.reports.cells import KINDS, Format, column_kind, format_cell, is_missing, safe_href
from analysis.reports.chartbase import TRUSTED_SCRIPTS
from analysis.reports.labels import plural
from analysis.reports.tabledata import LINK_SUFFIX, full_csv, sort_keys

__all__ = [
    "CHART_MIME",
    "MAX_TABLE_BYTES",
    "TABLE_MIME",
    "chart",
    "chart_bundle",
    "static_html",
    "table",
    "table_bundle",
    "table_data",
]

#: Rows of the static ``text/html`` fallback (JupyterLab, nbval).
FALLBACK_ROWS = 30
# --- tables ----------------------------------------------------------------------------------


def shown_columns(
    frame: pd.DataFrame, columns: Sequence[str] | Mapping[str, str] | None, hidden: set[str] = frozenset()
) -> dict[str, str]:
    """Column of ``frame`` → its header label, for the columns a reader sees, in order.

    Without ``columns``: every column but ``hidden`` (link targets: the link is in the cell).
    """
    if columns is None:
        return {c: c for c in frame.columns if c not in hidden}
    names = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise KeyError(f"table(): no column {missing} (have {list(frame.columns)})")
    return {c: str(label) for c, label in names.items()}


def full_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a named index (any level named) moved into columns and the row numbers dropped.

    An unnamed index is pandas' row numbering (shuffled after a sort): noise to a reader. A named
    index (``groupby("outlet")``) is data and becomes the first column.
    """
    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    else:
        df = df.reset_index(drop=True)
    df.columns = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in df.columns]
    return df


def _kinds(frame: pd.DataFrame, formats: Mapping[str, Format] | None) -> list[Format]:
    kinds: list[Format] = []
    for name in frame.columns:
        chosen = (formats or {}).get(name)
        if isinstance(chosen, str) and chosen not in KINDS:
            raise ValueError(f"table(): format {chosen!r} for {name!r} is not one of {KINDS} or a function")
        kinds.append(chosen if chosen is not None else column_kind(frame[name], name))
    return kinds


def _cells(frame: pd.DataFrame, kinds: list[Format]) -> list[list[str]]:
    columns = []
    for name, kind in zip(frame.columns, kinds):
        fmt = kind if callable(kind) else (lambda v, k=kind: format_cell(v, k))
        columns.append(["" if is_missing(v) else fmt(v) for v in frame[name].tolist()])
    return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(frame))]


def own_links(full: pd.DataFrame, links: Mapping[str, str] | None) -> dict[str, str]:
    """``links`` plus each column ``X`` with an ``X_href`` column beside it (:data:`LINK_SUFFIX`)."""
    auto = {c: c + LINK_SUFFIX for c in full.columns if c + LINK_SUFFIX in full.columns}
    return {**auto, **(links or {})}


def row_data(
    full: pd.DataFrame,
    names: Mapping[str, str],
    kinds: list[Format],
    links: Mapping[str, str],
    marks: Mapping[str, tuple[str, str]],
    n: int,
) -> dict[str, Any]:
    """The first ``n`` rows as the page gets them: formatted ``rows``, and per column index the
    ``sort`` values, safe ``links`` and ``marks`` (:mod:`analysis.reports.tabledata`)."""
    shown = full[list(names)]
    cells = _cells(shown.iloc[:n], kinds)
    position = {c: j for j, c in enumerate(names)}
    keys = {str(j): sort_keys(shown.iloc[:n, j], [r[j] for r in cells], kinds[j]) for j in range(len(kinds))}
    return {
        "rows": cells,
        "sort": {j: v for j, v in keys.items() if v is not None},
        "links": {
            str(position[c]): [safe_href(v) for v in full[t].iloc[:n].tolist()]
            for c, t in links.items()
            if c in position
        },
        "marks": {
            str(position[c]): mark_spans(cells, position[c], full[list(pair)].iloc[:n])
            for c, pair in marks.items()
        },
    }


def table_bundle(
    df: pd.DataFrame,
    *,
    caption: str,
    name: str,
    max_rows: int | None = None,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    formats: Mapping[str, Format] | None = None,
    links: Mapping[str, str] | None = None,
    max_bytes: int = MAX_TABLE_BYTES,
    marks: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The MIME bundle :func:`table` displays (a dict: our MIME type, ``text/html``, ``text/plain``).

    Separate from :func:`table` so tests and other front ends can inspect exactly what a report
    receives (:func:`table_data` unpacks its rows). Arguments as in :func:`table`.
    """
    if not caption or not caption.strip():
        raise ValueError("table() needs a caption that says what the table holds")
    full = full_frame(df)
    every = own_links(full, links)
    targets = set(every.values()) | {c for pair in (marks or {}).values() for c in pair}
    names = shown_columns(full, columns, hidden=targets - set(links or {}) - set(marks or {}))
    for column, target in (links or {}).items():
        if column not in names or target not in full.columns:
            raise KeyError(f"table(): link {column!r} → {target!r} needs a shown column and a column of df")
    for column, pair in (marks or {}).items():
        if column not in names or column in (links or {}) or not set(pair) <= set(full.columns):
            raise KeyError(f"table(): mark {column!r} → {pair!r} needs a shown text column without a link")
    kinds = _kinds(full[list(names)], formats)
    n = len(full) if max_rows is None else min(max_rows, len(full))
    every = {c: t for c, t in every.items() if c not in (marks or {})}
    data = row_data(full, names, kinds, every, marks or {}, n)
    rows, k = fit_rows(data, max_bytes)
    payload = {
        "version": 2,
        "name": slug(name),
        "caption": caption.strip(),
        "columns": [
            {"title": label, "kind": kind if isinstance(kind, str) else "text", "numeric": num}
            for label, kind, num in zip(names.values(), kinds, (_numeric(kind) for kind in kinds))
        ],
        "data": rows,
        "shown": k,
        "total": len(full),
        "csv": full_csv(full),
        "csv_rows": len(full),
        "note": table_note(k, len(full), max_bytes, max_rows),
        **({"explore": EXPLORER_URL} if k < len(full) else {}),
    }
    return {
        TABLE_MIME: payload,
        "text/html": static_html(payload, data["rows"], FALLBACK_ROWS),
        "text/plain": f"{payload['caption']} ({plural(len(full), 'row')})",
    }


def _numeric(kind: Format) -> bool:
    return isinstance(kind, str) and kind in {"int", "float", "share"}


def table_data(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The rows of a table payload unpacked: ``rows``, ``sort``, ``links``, ``marks`` and ``csv``
    (the CSV text, or None when the renderer moved it to a side file)."""
    data = json.loads(unpack(payload["data"]))
    return {**data, "csv": unpack(payload["csv"]) if payload.get("csv") else None}


def mark_spans(cells: list[list[str]], j: int, bounds: pd.DataFrame) -> list[list[int] | None]:
    """Per shown row, ``[start, end)`` of the stretch of cell ``j`` to highlight (in UTF-16 units,
    as the page slices it), or None when the offsets are missing or do not fit the cell's text."""
    out: list[list[int] | None] = []
    for row, (start, end) in zip(cells, bounds.itertuples(index=False, name=None)):
        ok = not (is_missing(start) or is_missing(end)) and 0 <= int(start) < int(end) <= len(row[j])
        out.append([_utf16(row[j], int(start)), _utf16(row[j], int(end))] if ok else None)
    return out


def _utf16(text: str, index: int) -> int:
    """A character offset as JavaScript counts it (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


def table(
    df: pd.DataFrame,
    *,
    caption: str,
    name: str,
    max_rows: int | None = None,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    formats: Mapping[str, Format] | None = None,
    links: Mapping[str, str] | None = None,
    max_bytes: int = MAX_TABLE_BYTES,
    marks: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """Display ``df`` as an interactive table: sort, search, paging, CSV download; no index column.

    - ``caption``: what the table holds, in a sentence (shown above it; required).
    - ``name``: a short stable name (file name of the CSV download).
    - ``max_rows``, ``max_bytes``: every row (or the first ``max_rows``, in ``df``'s order) is
      packed into the page, up to ``max_bytes`` compressed (:data:`MAX_TABLE_BYTES`); past that
      the first rows that fit are shown and the table says "showing k of N" and points to the
      explorer. The CSV download always holds every row and column (a side file beside the
      report when it is large). Sort the frame first so that the rows that matter come first.
    - ``columns``: the columns shown, in order (default: all but the link targets); a mapping
      gives their headers (``{"n": "articles"}``). The CSV always holds every column of ``df``
      under its own name; ``formats`` and ``links`` name columns as ``df`` does.
    - ``formats``: per shown column, a kind from :data:`KINDS` or a function value → text; else
      inferred by :func:`column_kind` (ints with separators, shares as %, floats to 3 digits).
      Numeric columns sort by value whatever their format (:func:`~.tabledata.sort_keys`).
    - ``links``: shown column → column of ``df`` holding a link target (e.g. the article view);
      the cell becomes a link when the target is safe (:func:`safe_href`). A column ``X`` with a
      column ``X_href`` beside it links to it unasked (a speaker to their page).
    - ``marks``: shown text column → (start column, end column) of ``df``: character offsets into
      the cell's text of a stretch to highlight (a quote in its sentence). The highlight is a
      ``<mark>`` around escaped text; the text itself is never parsed as HTML.

    Missing values (``NaN``, ``NaT``, ``<NA>``, ``None``) are empty cells. A named index (a
    ``groupby`` key) becomes the first column; pandas' row numbers are never shown. In a kernel
    a person drives (JupyterLab) the whole frame is shown with itables instead (:mod:`.live`).
    """
    from IPython.display import display

    from analysis.reports import live

    if live.live_kernel():
        live.show_table(full_frame(df), caption=caption)
        return
    bundle = table_bundle(
        df,
        caption=caption,
        name=name,
        max_rows=max_rows,
        columns=columns,
        formats=formats,
        links=links,
        max_bytes=max_bytes,
        marks=marks,
    )
    display(bundle, raw=True)


def static_html(payload: Mapping[str, Any], rows: list[list[str]], max_rows: int = FALLBACK_ROWS) -> str:
    """A plain HTML table of a table payload: no script, every cell escaped (JupyterLab, nbval)."""
    esc = html.escape
    cols = payload["columns"]
    head = "".join(f'<th scope="col">{esc(c["title"])}</th>' for c in cols)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"num" if c["numeric"] else "text"}">{esc(v)}</td>' for c, v in zip(cols, row))
        + "</tr>"
        for row in rows[:max_rows]
    )
    shown = min(max_rows, len(rows))
    note = (
        f"<p>Showing {shown:,} of {plural(payload['total'], 'row')}.</p>" if shown < payload["total"] else ""
    )
    return (
        f'<table class="na-static-table"><caption>{esc(payload["caption"])}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    )


def slug(name: str) -> str:
    """A name safe in a file name and an element id: letters, digits, ``-`` and ``_``."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-")
    if not text:
        raise ValueError("table()/chart() need a name with letters or digits")
    return text[:80]


# --- charts ----------------------------------------------------------------------------------

#: Bokeh models that render HTML or run JavaScript: a label from the corpus must never reach them.
UNSAFE_MODELS = frozenset(
    {
        "Div",
        "CustomJS",
        "CustomJSHover",
        "CustomJSTickFormatter",
        "CustomJSFilter",
        "CustomJSTransform",
        "CustomJSExpr",
        "HTMLTemplateFormatter",
        "HTML",
        "TeX",
        "MathML",
        "InlineStyleSheet",
        "ImportedStyleSheet",
        "GlobalImportedStyleSheet",
    }
)


def check_chart(fig) -> None:
    """Refuse a Bokeh figure whose models could render corpus text as HTML or run JavaScript.

    Tooltips given as ``(label, "@field")`` pairs are escaped by BokehJS; ``{safe}`` turns that
    off, and an HTML template string, a ``Div`` or ``CustomJS`` would run or parse corpus text.
    The builders in :mod:`analysis.reports.charts` never make these; this guards hand-made figures.
    The one exception: a ``CustomJS`` whose code is a registered literal of this package
    (:data:`analysis.reports.chartbase.TRUSTED_SCRIPTS`, such as the intertopic map's), which
    reads corpus text from data sources and writes it only into model properties drawn as text.
    """
    for model in fig.references():
        kind = type(model).__name__
        if kind == "CustomJS" and model.code in TRUSTED_SCRIPTS:
            continue
        if kind in UNSAFE_MODELS:
            raise ValueError(f"chart(): a {kind} model can render HTML or run code; not allowed in a report")
        if kind == "HoverTool":
            tips = model.tooltips
            if not isinstance(tips, (list, tuple)) or any("{safe}" in str(v) for _, v in tips):
                raise ValueError("chart(): tooltips must be (label, '@field') pairs without {safe}")


def chart_bundle(fig, alt: str) -> dict[str, Any]:
    """The MIME bundle :func:`chart` displays: our MIME type with Bokeh's JSON item (as a JSON
    string; ``widgets`` when it holds a slider or another widget, whose BokehJS part the report
    then embeds), and the alt text as ``text/plain``."""
    if not alt or not alt.strip():
        raise ValueError("chart() needs alt text that says what the chart shows")
    from bokeh.embed import json_item

    check_chart(fig)
    from bokeh.models.widgets import Widget

    widgets = any(isinstance(model, Widget) for model in fig.references())
    # A string, not an object: BokehJS resolves a reference only after the model's first full
    # occurrence, and nbformat writes notebooks with sorted keys, which would reorder them.
    item = json.dumps(json_item(fig), separators=(",", ":"), allow_nan=False)
    payload = {"version": 1, "alt": alt.strip(), "item": item, **({"widgets": True} if widgets else {})}
    return {CHART_MIME: payload, "text/plain": alt.strip()}


def chart(fig, alt: str) -> None:
    """Display a Bokeh figure as an interactive chart (hover, zoom) with ``alt`` as its description.

    ``alt`` says what the chart shows and its main finding in a sentence; a screen reader reads
    it (``role="img"`` + ``aria-label``, and a visually hidden paragraph), and JupyterLab and
    nbval show it as the output's text. Build figures with :mod:`analysis.reports.charts`.
    """
    from IPython.display import display

    display(chart_bundle(fig, alt), raw=True)

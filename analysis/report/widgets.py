"""Interactive tables and charts for the reports, offline: what a notebook calls to show a result.

Why not a DataFrame's own repr or ``itables.show``: the pandas repr has an index column, prints
``NaN``/``NaT``/``<NA>``, ``0.538462`` and cuts rows silently; itables' notebook mode writes a
``<script>`` into ``text/html``, which our safe-HTML filter must escape (corpus text sits in the
same output). So a notebook displays a *payload* under our own MIME type: formatted cells,
counts, a capped CSV of the complete table. The report template (``templates/offline``) turns it
into a container with the payload as inert JSON and one init script of ours that builds the table
with DataTables (from the ``itables`` wheel) or the chart with BokehJS (from the ``bokeh`` wheel),
each embedded once per report. Cells are rendered as text, never parsed as HTML.

JupyterLab and nbval do not know our MIME types: they show the plain ``text/html`` table (tables)
or the alt text (charts) that each bundle also carries.

Public API: :func:`table`, :func:`table_bundle`, :func:`chart`, :func:`chart_bundle`,
:func:`format_cell`, :func:`column_kind`, :func:`static_html`. Chart builders and
``group_colours`` are in :mod:`analysis.report.charts`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from analysis.report.assets import CHART_MIME, TABLE_MIME

__all__ = [
    "CHART_MIME", "TABLE_MIME", "chart", "chart_bundle", "column_kind", "format_cell", "static_html",
    "table", "table_bundle",
]

#: Rows shown (and searchable) in a report table; the CSV download holds more.
MAX_ROWS = 500
#: Bytes of CSV kept for the download link of one table (about 2,000 rows of 100 characters).
MAX_CSV_BYTES = 200_000
#: Rows of the static ``text/html`` fallback (JupyterLab, nbval).
FALLBACK_ROWS = 30
#: Column names that hold shares (0–1) and are shown as percentages when their values are in [0, 1].
SHARE_NAME = re.compile(r"(?:^|_)(?:share|rate|proportion|fraction|pct|percent)(?:_|$)", re.I)
#: Column kinds a caller can force with ``formats``.
KINDS = ("int", "float", "share", "date", "bool", "text")

Format = str | Callable[[Any], str]


# --- cell formatting -------------------------------------------------------------------------

def is_missing(value: Any) -> bool:
    """True for ``None``, ``NaN``, ``NaT`` and ``pd.NA``: shown as an empty cell."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def number_text(value: float) -> str:
    """A float with three significant digits and thousands separators, no exponent in [1e-4, 1e15).

    ``0.538462`` → ``0.538``, ``397.0`` → ``397``, ``12345.6`` → ``12,346``: a reader compares
    magnitudes, and six decimals of a mean over a dozen articles are noise.
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size < 1e-4:
        return f"{value:.2e}"
    decimals = 2 - math.floor(math.log10(size))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_cell(value: Any, kind: str) -> str:
    """The text a reader sees for one cell of a column of ``kind`` (see :data:`KINDS`)."""
    if is_missing(value):
        return ""
    if kind == "int":
        return f"{int(value):,}"
    if kind == "share":
        return number_text(float(value) * 100) + "%"
    if kind == "float":
        return number_text(float(value))
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "date":
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M")
    return str(value)


def column_kind(column: pd.Series, name: str = "") -> str:
    """How a column is formatted, inferred from its dtype, values and name.

    Integers (and floats that are all whole, such as counts with a missing value) are ``int``;
    floats in [0, 1] under a name like ``share``/``rate`` are ``share``; other floats ``float``;
    datetimes ``date``; booleans ``bool``; everything else ``text``.
    """
    values = column.dropna()
    if pd.api.types.is_bool_dtype(column.dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(column.dtype):
        return "int"
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "date"
    if pd.api.types.is_float_dtype(column.dtype):
        finite = values[values.map(math.isfinite)]
        if SHARE_NAME.search(str(name)) and len(finite) and finite.between(0, 1).all():
            return "share"
        if len(finite) and (finite == finite.round()).all() and finite.abs().max() < 1e15:
            return "int"
        return "float"
    if len(values) and values.map(lambda v: isinstance(v, (datetime, date))).all():
        return "date"
    return "text"


def sort_key(value: Any, kind: str) -> float | None:
    """The number a numeric column sorts by (formatted text would sort "10" before "9")."""
    if kind not in {"int", "float", "share"} or is_missing(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def safe_href(value: Any) -> str | None:
    """``value`` as a link target when it cannot run code: a relative path, ``#anchor`` or http(s).

    ``javascript:``, ``data:`` and other schemes give no link (the cell stays plain text).
    """
    if is_missing(value):
        return None
    href = str(value).strip()
    if not href or href.startswith("//") or any(c in href for c in "\\\n\r\t\0"):
        return None
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    return href if scheme is None or scheme.group(1).lower() in {"http", "https"} else None


# --- tables ----------------------------------------------------------------------------------

def shown_frame(df: pd.DataFrame, columns: Sequence[str] | Mapping[str, str] | None) -> pd.DataFrame:
    """The columns a reader sees, renamed; a named index becomes a column, an unnamed one is dropped.

    An unnamed index is pandas' row numbering (shuffled after a sort): noise to a reader. A named
    index (``groupby("outlet")``) is data and is kept as the first column.
    """
    frame = full_frame(df)
    if columns is None:
        return frame
    names = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise KeyError(f"table(): no column {missing} (have {list(frame.columns)})")
    return frame[list(names)].rename(columns=names)


def full_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a named index (any level named) moved into columns and the row numbers dropped."""
    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    else:
        df = df.reset_index(drop=True)
    df.columns = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in df.columns]
    return df


def capped_csv(df: pd.DataFrame, max_bytes: int) -> tuple[str, int]:
    """CSV of the first rows of ``df`` that fit in ``max_bytes`` (header included); (text, rows kept).

    A row ends at a newline outside quotes: quotes inside a quoted field are doubled, so the
    count of ``"`` before a row boundary is even (a quote text may hold newlines).
    """
    text = defused(df).to_csv(index=False, lineterminator="\n")
    if len(text.encode("utf-8")) <= max_bytes:
        return text, len(df)
    size, quotes, rows, end = 0, 0, -1, 0  # rows = -1: the header line is not a data row
    for line in re.finditer(r"[^\n]*\n", text):
        size += len(line.group().encode("utf-8"))
        quotes += line.group().count('"')
        if quotes % 2:
            continue
        if size > max_bytes:
            break
        rows, end = rows + 1, line.end()
    return text[:end], max(rows, 0)


#: A text cell a spreadsheet would read as a formula (``=HYPERLINK(...)`` in a quote).
FORMULA_START = re.compile(r"^(?:[=+@\t\r]|-(?![\d.]))")


def defused(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with text cells that start like a spreadsheet formula prefixed with ``'``.

    The CSV is opened in Excel or LibreOffice; corpus text starting with ``=``, ``+``, ``@`` or
    ``-`` (not a number) would run there as a formula (OWASP's "CSV injection").
    """
    out = df.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name].dtype):
            out[name] = out[name].map(lambda v: "'" + v if isinstance(v, str) and FORMULA_START.match(v) else v)
    return out


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


def table_bundle(
    df: pd.DataFrame, *, caption: str, name: str, max_rows: int = MAX_ROWS,
    columns: Sequence[str] | Mapping[str, str] | None = None, formats: Mapping[str, Format] | None = None,
    links: Mapping[str, str] | None = None, max_csv_bytes: int = MAX_CSV_BYTES,
) -> dict[str, Any]:
    """The MIME bundle :func:`table` displays (a dict: our MIME type, ``text/html``, ``text/plain``).

    Separate from :func:`table` so tests and other front ends can inspect exactly what a report
    receives. Arguments as in :func:`table`.
    """
    if not caption or not caption.strip():
        raise ValueError("table() needs a caption that says what the table holds")
    links = dict(links or {})
    full = full_frame(df)
    shown_cols = shown_frame(df, columns)
    for shown, target in links.items():
        if shown not in shown_cols.columns or target not in full.columns:
            raise KeyError(f"table(): link {shown!r} → {target!r} needs both columns")
    kinds = _kinds(shown_cols, formats)
    head = shown_cols.iloc[:max_rows]
    csv, csv_rows = capped_csv(full, max_csv_bytes)
    payload = {
        "version": 1,
        "name": slug(name),
        "caption": caption.strip(),
        "columns": [{"title": str(c), "kind": k if isinstance(k, str) else "text", "numeric": isinstance(k, str)
                     and k in {"int", "float", "share"}} for c, k in zip(head.columns, kinds)],
        "rows": _cells(head, kinds),
        "sort": {str(j): [sort_key(v, k) for v in head.iloc[:, j].tolist()]
                 for j, k in enumerate(kinds) if isinstance(k, str) and k in {"int", "float", "share"}},
        "links": {str(list(shown_cols.columns).index(s)): [safe_href(v) for v in full[t].iloc[:max_rows].tolist()]
                  for s, t in links.items()},
        "shown": len(head),
        "total": len(full),
        "csv": csv,
        "csv_rows": csv_rows,
        "note": table_note(len(head), len(full), csv_rows),
    }
    return {
        TABLE_MIME: payload,
        "text/html": static_html(payload, FALLBACK_ROWS),
        "text/plain": f"{payload['caption']} ({plural(len(full), 'row')})",
    }


def table(
    df: pd.DataFrame, *, caption: str, name: str, max_rows: int = MAX_ROWS,
    columns: Sequence[str] | Mapping[str, str] | None = None, formats: Mapping[str, Format] | None = None,
    links: Mapping[str, str] | None = None, max_csv_bytes: int = MAX_CSV_BYTES,
) -> None:
    """Display ``df`` as an interactive table: sort, search, paging, CSV download; no index column.

    - ``caption``: what the table holds, in a sentence (shown above it; required).
    - ``name``: a short stable name (file name of the CSV download, element id).
    - ``max_rows``: rows shown and searchable (the first ones, in ``df``'s order); when cut, the
      table says "showing k of N" and the CSV download holds as many rows as fit ``max_csv_bytes``
      (the whole table when it fits), so a report on 10,000 articles stays small.
    - ``columns``: the columns shown, in order; a mapping renames them (``{"n": "articles"}``).
      The CSV always holds every column of ``df`` under its own name.
    - ``formats``: per shown column, a kind from :data:`KINDS` or a function value → text; else
      inferred by :func:`column_kind` (ints with separators, shares as %, floats to 3 digits).
    - ``links``: shown column → column of ``df`` holding a link target (e.g. the article view);
      the cell becomes a link when the target is safe (:func:`safe_href`).

    Missing values (``NaN``, ``NaT``, ``<NA>``, ``None``) are empty cells.
    """
    from IPython.display import display

    bundle = table_bundle(df, caption=caption, name=name, max_rows=max_rows, columns=columns,
                          formats=formats, links=links, max_csv_bytes=max_csv_bytes)
    display(bundle, raw=True)


def table_note(shown: int, total: int, csv_rows: int) -> str:
    """The sentence under a table that says what was cut, or "" when nothing was."""
    parts = []
    if shown < total:
        parts.append(f"Showing the first {shown:,} of {plural(total, 'row')}; search and sort cover these rows.")
    if csv_rows < total:
        parts.append(f"The CSV download holds the first {csv_rows:,} rows (size cap); "
                     "python -m analysis extract writes the complete table.")
    return " ".join(parts)


def static_html(payload: Mapping[str, Any], max_rows: int = FALLBACK_ROWS) -> str:
    """A plain HTML table of a table payload: no script, every cell escaped (JupyterLab, nbval)."""
    esc = html.escape
    cols = payload["columns"]
    head = "".join(f'<th scope="col">{esc(c["title"])}</th>' for c in cols)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if c["numeric"] else "text"}">{esc(v)}</td>'
                         for c, v in zip(cols, row)) + "</tr>"
        for row in payload["rows"][:max_rows])
    shown = min(max_rows, len(payload["rows"]))
    note = f"<p>Showing {shown:,} of {plural(payload['total'], 'row')}.</p>" if shown < payload["total"] else ""
    return (f'<table class="na-static-table"><caption>{esc(payload["caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}")


def plural(n: int, word: str) -> str:
    """``"1 row"``, ``"1,234 rows"``."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def slug(name: str) -> str:
    """A name safe in a file name and an element id: letters, digits, ``-`` and ``_``."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-")
    if not text:
        raise ValueError("table()/chart() need a name with letters or digits")
    return text[:80]


# --- charts ----------------------------------------------------------------------------------

#: Bokeh models that render HTML or run JavaScript: a label from the corpus must never reach them.
UNSAFE_MODELS = frozenset({"Div", "CustomJS", "CustomJSHover", "CustomJSTickFormatter", "CustomJSFilter",
                           "CustomJSTransform", "CustomJSExpr", "HTMLTemplateFormatter", "HTML",
                           "TeX", "MathML", "InlineStyleSheet", "ImportedStyleSheet", "GlobalImportedStyleSheet"})


def check_chart(fig) -> None:
    """Refuse a Bokeh figure whose models could render corpus text as HTML or run JavaScript.

    Tooltips given as ``(label, "@field")`` pairs are escaped by BokehJS; ``{safe}`` turns that
    off, and an HTML template string, a ``Div`` or ``CustomJS`` would run or parse corpus text.
    The builders in :mod:`analysis.report.charts` never make these; this guards hand-made figures.
    """
    for model in fig.references():
        kind = type(model).__name__
        if kind in UNSAFE_MODELS:
            raise ValueError(f"chart(): a {kind} model can render HTML or run code; not allowed in a report")
        if kind == "HoverTool":
            tips = model.tooltips
            if not isinstance(tips, (list, tuple)) or any("{safe}" in str(v) for _, v in tips):
                raise ValueError("chart(): tooltips must be (label, '@field') pairs without {safe}")


def chart_bundle(fig, alt: str) -> dict[str, Any]:
    """The MIME bundle :func:`chart` displays: our MIME type with Bokeh's JSON item, and the alt text."""
    if not alt or not alt.strip():
        raise ValueError("chart() needs alt text that says what the chart shows")
    from bokeh.embed import json_item

    check_chart(fig)
    return {CHART_MIME: {"version": 1, "alt": alt.strip(), "item": json_item(fig)}, "text/plain": alt.strip()}


def chart(fig, alt: str) -> None:
    """Display a Bokeh figure as an interactive chart (hover, zoom) with ``alt`` as its description.

    ``alt`` says what the chart shows and its main finding in a sentence; a screen reader reads
    it (``role="img"`` + ``aria-label``, and a visually hidden paragraph), and JupyterLab and
    nbval show it as the output's text. Build figures with :mod:`analysis.report.charts`.
    """
    from IPython.display import display

    display(chart_bundle(fig, alt), raw=True)

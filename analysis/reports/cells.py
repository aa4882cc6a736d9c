"""What a report table cell shows, and the CSV a reader downloads: one set of formatting rules.

Why one module: the interactive table, its static fallback and any prose that quotes a number
must print ``0.538462`` the same way (``0.538``), a share the same way (``53.8%``) and a missing
value the same way (an empty cell, never ``NaN``/``NaT``/``<NA>``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pandas as pd

#: Column names that hold shares (0–1) and are shown as percentages when their values are in [0, 1].
SHARE_NAME = re.compile(r"(?:^|_)(?:share|rate|proportion|fraction|pct|percent)(?:_|$)", re.I)
#: Column kinds a caller can force with ``formats``.
KINDS = ("int", "float", "share", "date", "bool", "text")

Format = str | Callable[[Any], str]


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


#: A cell that counts a share, as :func:`analysis.reports.stats.share_text` writes it: ``8 of 75 …``.
SHARE_CELL = re.compile(r"^\s*(\d[\d,]*) of (\d[\d,]*)(?:\s|$)")
#: A cell that starts with a number followed by a space, a bracket, a comma, ``%`` or nothing:
#: ``+0.12 (n=4)``, ``+0.00, n = 1`` (:func:`analysis.reports.stats.mean_text`).
NUMBER_CELL = re.compile(r"^\s*([+\-\u2212]?(?:\d[\d,]*)?\.?\d+(?:[eE][+-]?\d+)?)%?(?:[\s(,]|$)")


def text_sort_key(text: str) -> float | None:
    """The number a formatted text cell sorts by: ``k / n`` for ``"k of n"``, the leading number of
    ``"+0.12 (0.05–0.2)"``; None when the cell does not start with a number."""
    share = SHARE_CELL.match(text)
    if share:
        k, n = (int(g.replace(",", "")) for g in share.groups())
        return k / n if n else None
    number = NUMBER_CELL.match(text)
    if number is None:
        return None
    value = float(number.group(1).replace(",", "").replace("\u2212", "-"))
    return value if math.isfinite(value) else None


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


# --- the CSV download ------------------------------------------------------------------------


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
            out[name] = out[name].map(
                lambda v: "'" + v if isinstance(v, str) and FORMULA_START.match(v) else v
            )
    return out

"""The rows of a report table as its page receives them: every row, packed, within a size budget.

Why packed: a report of 2,000 articles has about 10,000 attributions, each in its sentences; as
JSON that is several megabytes, as gzip + base64 about a quarter of it. The page unpacks the rows
with the browser's ``DecompressionStream`` (as it does the libraries, :mod:`analysis.render.assets`)
and DataTables draws only the page a reader looks at (``deferRender``), so search, sort and the
CSV cover every row instead of the first few hundred, within the size budgets of
:mod:`analysis.render.tablepack`.

Why each cell carries a sort value beside its text: a reader sees ``1,200``, ``+0.12`` or
``8 of 75 (11%; 6–20%)``; sorting that text puts ``+0.00`` before ``-0.89`` and ``62 of 453``
before ``8 of 75``. DataTables' orthogonal data sorts on the number while it shows the text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.render.assets import pack
from analysis.reports.cells import defused, sort_key, text_sort_key

#: A column ``X`` of a table's frame with a column ``X_href`` beside it is shown as a link to it
#: (a speaker to their page, an article title to its view) without the notebook naming it.
LINK_SUFFIX = "_href"


def sort_keys(raw: pd.Series, cells: list[str], kind: Any) -> list[float | None] | None:
    """The numbers column ``raw`` (shown as ``cells``) sorts by, or None when it sorts as text.

    Numeric values sort by themselves whatever their format; a text column sorts by number when
    most filled cells read as one (``+0.12 (…)``, ``8 of 75``: :func:`text_sort_key`) and the
    others hold no digit (``no score``: sorted first, as a missing value).
    """
    numeric = pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype)
    if numeric or (isinstance(kind, str) and kind in {"int", "float", "share"}):
        return [sort_key(v, "float") for v in raw.tolist()]
    keys = [text_sort_key(c) if c else None for c in cells]
    numbers = sum(k is not None for k in keys)
    words = [c for k, c in zip(keys, cells) if c and k is None]
    if numbers > len(words) and not any(ch.isdigit() for c in words for ch in c):
        return keys
    return None


def full_csv(frame: pd.DataFrame) -> str:
    """Every row and column of ``frame`` as CSV, packed; formula-like text defused (:func:`defused`)."""
    return pack(defused(frame).to_csv(index=False, lineterminator="\n"))

"""The one progress bar: every long stage (reading, sentences, studies, reports) shows the same kind.

Why one helper: four set-ups of tqdm disagreed on when a bar shows (terminal or not, how many
items) and one of them printed a warning into reports when ipywidgets was missing.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import TypeVar

with warnings.catch_warnings():  # a kernel without ipywidgets: plain bars, no warning in the report
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

T = TypeVar("T")


def bar(
    items: Iterable[T],
    *,
    desc: str,
    unit: str = "article",
    total: int | None = None,
    min_items: int = 200,
    show: bool | None = None,
) -> Iterator[T]:
    """Iterate ``items`` with a progress bar named ``desc``.

    ``show=None`` (the default) shows the bar on a terminal only and only for ``min_items`` items
    or more, so small corpora and reports stay quiet; ``True`` forces it, ``False`` hides it.
    """
    n = total if total is not None else (len(items) if hasattr(items, "__len__") else None)
    if show is None:
        disable = None if (n is None or n >= min_items) else True
    else:
        disable = not show
    return iter(tqdm(items, total=n, desc=desc, unit=unit, disable=disable))

"""The furniture lexicon: lines of a scraped page that are not the article's own words.

Why a data file: each site has its own share buttons, credits and footers, so the patterns live
in ``analysis/lexicons/data/furniture.txt`` (one ``kind<TAB>regex`` a line), which users copy and
extend; :func:`load_furniture` reads it and any extra file. Furniture that only a site's own
articles repeat is learnt from the corpus instead (:mod:`analysis.corpus.boilerplate`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from analysis.text.dates import DATE

Patterns = tuple[tuple[str, re.Pattern[str]], ...]


def _parse(text: str, source: str) -> list[tuple[str, re.Pattern[str]]]:
    entries = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, sep, pattern = line.partition("\t")
        if not sep or not kind.strip() or not pattern:
            raise ValueError(f"{source}, line {n}: expected 'kind<TAB>regex'")
        try:
            entries.append((kind.strip(), re.compile(pattern.replace("{DATE}", DATE))))
        except re.error as err:
            raise ValueError(f"{source}, line {n}: bad regular expression ({err})") from None
    return entries


@lru_cache(maxsize=8)
def load_furniture(extra: str | Path | None = None) -> Patterns:
    """The packaged furniture patterns, then those of ``extra`` (a file in the same format)."""
    text = resources.files("analysis.lexicons").joinpath("data/furniture.txt").read_text("utf-8")
    entries = _parse(text, "furniture.txt")
    if extra is not None:
        entries += _parse(Path(extra).read_text("utf-8"), str(extra))
    return tuple(entries)


#: The packaged patterns, (kind, compiled regex) in file order.
FURNITURE: Patterns = load_furniture()


def furniture_reason(line: str, patterns: Patterns = FURNITURE) -> str | None:
    """The kind of furniture a stripped line is, or None when it is article text."""
    for name, pattern in patterns:
        if pattern.fullmatch(line):
            return name
    return None

"""The alias regex: one way to find any of a list of names as whole words.

Actors (gazetteer), outlets (citations, datelines) and the attribution rules all look names up in
text; they must agree on what a whole-word match is.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=64)
def alias_regex(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``aliases`` as a whole word (case-sensitive), longest first."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in ordered)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")

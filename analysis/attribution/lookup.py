"""Fast dict views of the actors gazetteer for the rules: alias lookup and side of a phrase.

Why: a pandas filter per lookup (:meth:`analysis.lexicons.Gazetteer.lookup`) would dominate the
run time of extraction, which looks up every candidate speaker; the views are built once per
gazetteer object and memoised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.lexicons import Gazetteer, alias_regex
from analysis.schema import UNKNOWN

_LOOKUPS: dict[int, tuple[Gazetteer, dict, dict]] = {}


def _index(gaz: Gazetteer) -> tuple[dict, dict]:
    """(alias -> row dict, side memo) of ``gaz``, built once per gazetteer."""
    hit = _LOOKUPS.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        rows = {}
        for rec in gaz.aliases.to_dict("records"):
            rows.setdefault(rec["alias"], rec)
        hit = (gaz, rows, {})
        _LOOKUPS[id(gaz)] = hit
    return hit[1], hit[2]


def aliases(gaz: Gazetteer) -> dict[str, dict]:
    """Alias -> its gazetteer row (``actor, side, kind, role``) as a dict."""
    return _index(gaz)[0]


def person_aliases(gaz: Gazetteer) -> tuple[str, ...]:
    """The aliases of the gazetteer's persons, computed once per gazetteer (per article it
    was a scan of every alias, countries included)."""
    memo = _index(gaz)[1]
    key = ("\0persons",)
    if key not in memo:
        memo[key] = tuple(a for a, r in aliases(gaz).items() if r["kind"] == "person")
    return memo[key]


def actor_of(gaz: Gazetteer, name: str) -> dict | None:
    """The gazetteer row of an exact alias, or None."""
    return _index(gaz)[0].get(name)


def side_of(gaz: Gazetteer, words: str) -> str:
    """The side named by ``words`` (a role, an organisation; :meth:`Gazetteer.side_of`),
    memoised; ``unknown`` for no words."""
    if not words:
        return UNKNOWN
    memo = _index(gaz)[1]
    if words not in memo:
        if len(memo) > 50000:
            memo.clear()  # person_aliases recomputes its entry when needed
        memo[words] = gaz.side_of(words)
    return memo[words]


def person_mentions(names: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """Whole-word mentions of any of ``names`` (:func:`analysis.lexicons.alias_regex`), but not
    possessives: in "Smith's remarks" the man is spoken of, not speaking, so the rules do not
    count it as a person met for later pronouns. No names, no mentions (an empty alternation
    would match the empty string everywhere)."""
    if not names:
        return
    for m in alias_regex(names).finditer(text):
        if text[m.end() : m.end() + 1] not in "'’":
            yield m

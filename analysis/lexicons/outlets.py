"""The one outlets list (``data/outlets.yaml``): names and aliases of news media and agencies, their
kind and side.

Articles name outlets in datelines and credit lines (their own) and in citations ("RIA reported"),
so the corpus loader, the outlets study and the attribution rules read this one list, through the
one parser here (:func:`outlet_lexicon`); :func:`load_outlets` is its alias table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from analysis.lexicons.aliases import alias_regex

ALIAS_COLUMNS = ["alias", "outlet", "kind", "side"]
_PACKAGED = "analysis/lexicons/data/outlets.yaml"


def normalise_name(name: str) -> str:
    """The lookup key of an outlet name: possessive dropped, punctuation folded, lower case.

    Why: the same outlet is written "ABC News's", "abc news" or "RIA-Novosti"; all must find it.
    """
    name = re.sub(r"['’]s\b", "", name)
    return re.sub(r"[^\w]+", " ", name).strip().lower()


@dataclass(frozen=True)
class OutletLexicon:
    """Outlets and agencies with their aliases.

    Attributes
    ----------
    aliases : one row per alias: ``alias, outlet, kind, side`` (the outlet's own name included).

    Why a lexicon and not NER: outlet names are a short closed list per story, and users need to
    add their local papers; "RIA" must resolve to "RIA Novosti" in both a citation and a dateline.
    """

    aliases: pd.DataFrame

    def canonical(self, name: object) -> str | None:
        """The lexicon name for an outlet string ("RIA", "abc news"), or None if not listed."""
        if name is None or (not isinstance(name, str) and pd.isna(name)):
            return None
        return _index_of(tuple(zip(self.aliases["alias"], self.aliases["outlet"]))).get(
            normalise_name(str(name))
        )

    def pattern(self) -> re.Pattern[str]:
        """One regex matching any alias as a whole word (case-sensitive), longest first."""
        return alias_regex(tuple(self.aliases["alias"]))

    def outlet_of(self) -> dict[str, str]:
        """Alias exactly as written -> outlet name (for matches of :meth:`pattern`)."""
        return dict(zip(self.aliases["alias"], self.aliases["outlet"]))

    def outlets(self) -> pd.DataFrame:
        """One row per outlet, indexed by its name: ``kind, side``."""
        return self.aliases.drop_duplicates("outlet").set_index("outlet")[["kind", "side"]]


@lru_cache(maxsize=16)
def _index_of(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for alias, name in pairs:
        out.setdefault(normalise_name(alias), name)
        out.setdefault(normalise_name(name), name)
    return out


def outlet_lexicon(path: str | Path | None = None) -> OutletLexicon:
    """Read an outlets YAML file (``outlets:`` list of ``name, aliases, kind, side``); the packaged
    ``analysis/lexicons/data/outlets.yaml`` when ``path`` is None.

    Raises ``ValueError`` naming the file and the entry when an outlet has no name.
    """
    if path is None:
        text = resources.files("analysis.lexicons").joinpath("data/outlets.yaml").read_text("utf-8")
        where = _PACKAGED
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = yaml.safe_load(text) or {}
    entries = data.get("outlets", data) if isinstance(data, dict) else data
    rows = []
    for i, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{where}: outlet entry {i} has no name")
        name, kind = str(entry["name"]), str(entry.get("kind", "media"))
        side = str(entry.get("side", "unknown"))
        for alias in dict.fromkeys([name, *(entry.get("aliases") or [])]):
            rows.append({"alias": str(alias), "outlet": name, "kind": kind, "side": side})
    return OutletLexicon(pd.DataFrame(rows, columns=ALIAS_COLUMNS))


def load_outlets(path: str | Path | None = None) -> pd.DataFrame:
    """The outlets gazetteer as a table, one row per alias: ``alias, outlet, kind (media|agency),
    side`` (the ``aliases`` of :func:`outlet_lexicon`)."""
    return outlet_lexicon(path).aliases


@lru_cache(maxsize=1)
def default_outlet_lexicon() -> OutletLexicon:
    """The packaged outlets lexicon, read once per process."""
    return outlet_lexicon()


def default_outlets() -> pd.DataFrame:
    """The packaged outlets gazetteer table (read once per process)."""
    return default_outlet_lexicon().aliases


def outlet_sides(outlets: pd.DataFrame | None = None) -> dict[str, str]:
    """Alias (as written) -> side, for every alias of every outlet."""
    table = default_outlets() if outlets is None else outlets
    return dict(zip(table["alias"], table["side"]))

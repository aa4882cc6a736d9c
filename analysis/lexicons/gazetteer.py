"""The actors gazetteer: who the story's actors are, their aliases, and which side they are on.

Attribution (the side of a speaker) and sentiment (the targets of a sentence) must agree on who
"Moscow" or "Nauert" is, so both read the one gazetteer here. It is plain YAML
(``analysis/lexicons/data/actors.yaml``) that users copy and extend for their own story; see that file for
the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from analysis.lexicons.aliases import alias_regex

SIDES = ("RU", "US", "other", "unknown")


@dataclass(frozen=True)
class Gazetteer:
    """Actors with their aliases, plus side words for speakers not listed by name.

    Attributes
    ----------
    aliases : DataFrame with columns ``alias, actor, side, kind, role`` (one row per alias).
    side_words : mapping side -> tuple of words or phrases that mark that side in a role or an
        organisation name.
    """

    aliases: pd.DataFrame
    side_words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def actors(self) -> pd.DataFrame:
        """One row per actor: ``actor, side, kind, role``."""
        return self.aliases.drop(columns="alias").drop_duplicates("actor").reset_index(drop=True)

    def lookup(self, name: str) -> pd.Series | None:
        """The actor row for an exact alias (case-sensitive), or None."""
        hit = self.aliases[self.aliases["alias"] == name]
        return None if hit.empty else hit.iloc[0]

    def alias_pattern(self) -> re.Pattern[str]:
        """One regex matching any alias as a whole word, longest alias first."""
        return alias_regex(tuple(self.aliases["alias"]))

    def side_of(self, text: str) -> str:
        """The side named by words in ``text`` (a role, an organisation), or ``"unknown"``.

        When words of both sides occur, the one mentioned last in a role usually names the
        organisation ("Russia's envoy to the United States" is RU, though), so we take the side
        whose words occur most often and the first one on a tie; a phrase is ambiguous only when
        it truly names both equally.
        """
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for side, words in self.side_words.items():
            for m in alias_regex(words).finditer(text):
                counts[side] = counts.get(side, 0) + 1
                first[side] = min(first.get(side, m.start()), m.start())
        if not counts:
            return "unknown"
        return max(counts, key=lambda s: (counts[s], -first[s]))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Read a gazetteer YAML file; the packaged ``actors.yaml`` when ``path`` is None.

    Raises ``ValueError`` naming the file and the entry when an actor lacks a name or has a side
    outside :data:`SIDES`.
    """
    if path is None:
        text = resources.files("analysis.lexicons").joinpath("data/actors.yaml").read_text("utf-8")
        where = "analysis/lexicons/data/actors.yaml"
    else:
        where = str(path)
        text = Path(path).read_text("utf-8")
    return _parse(yaml.safe_load(text) or {}, where)


def _parse(data: dict, where: str) -> Gazetteer:
    rows = []
    for i, entry in enumerate(data.get("actors") or []):
        name = entry.get("name")
        side = entry.get("side", "unknown")
        if not name:
            raise ValueError(f"{where}: actor #{i + 1} has no 'name'")
        if side not in SIDES:
            raise ValueError(f"{where}: actor {name!r} has side {side!r}; use one of {SIDES}")
        for alias in dict.fromkeys([name, *(entry.get("aliases") or [])]):
            rows.append(
                {
                    "alias": str(alias),
                    "actor": name,
                    "side": side,
                    "kind": entry.get("kind", "person"),
                    "role": entry.get("role"),
                }
            )
    aliases = pd.DataFrame(rows, columns=["alias", "actor", "side", "kind", "role"])
    side_words = {s: tuple(map(str, w)) for s, w in (data.get("side_words") or {}).items()}
    return Gazetteer(aliases=aliases, side_words=side_words)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    return load_gazetteer()

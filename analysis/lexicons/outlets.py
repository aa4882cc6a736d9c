"""The one outlets list (``data/outlets.yaml``): names and aliases of news media and agencies, their
kind and side.

Articles name outlets in datelines and credit lines (their own) and in citations ("RIA reported"),
so the corpus loader, the outlets study and the attribution rules read this one list.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml


def load_outlets(path: str | Path | None = None) -> pd.DataFrame:
    """The outlets gazetteer (``analysis/lexicons/data/outlets.yaml`` by default), one row per alias.

    Columns: ``alias, outlet, kind (media|agency), side``. Articles name outlets in datelines and
    credit lines (their own) and in citations ("RIA reported"), so the corpus loader and the
    attribution study read the same list.
    """
    if path is None:
        text = resources.files("analysis.lexicons").joinpath("data/outlets.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    rows = []
    for entry in (yaml.safe_load(text) or {}).get("outlets") or []:
        for alias in dict.fromkeys([entry["name"], *(entry.get("aliases") or [])]):
            rows.append(
                {
                    "alias": str(alias),
                    "outlet": entry["name"],
                    "kind": entry.get("kind", "media"),
                    "side": entry.get("side", "unknown"),
                }
            )
    return pd.DataFrame(rows, columns=["alias", "outlet", "kind", "side"])


@lru_cache(maxsize=1)
def default_outlets() -> pd.DataFrame:
    """The packaged outlets gazetteer, read once per process."""
    return load_outlets()


def outlet_sides(outlets: pd.DataFrame | None = None) -> dict[str, str]:
    """Alias (as written) -> side, for every alias of every outlet."""
    table = default_outlets() if outlets is None else outlets
    return dict(zip(table["alias"], table["side"]))

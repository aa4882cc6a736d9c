"""Lexicons users extend: the outlets list, the country gazetteer and story files, and the
attribution word lists.

Each fact lives in one file under ``analysis/lexicons/data/`` and is read by one loader here; every
study that needs it calls the loader.
"""

from analysis.lexicons.aliases import alias_regex
from analysis.lexicons.gazetteer import Gazetteer, default_gazetteer, groups_in, load_gazetteer
from analysis.lexicons.outlets import default_outlets, load_outlets, outlet_sides
from analysis.lexicons.words import Lexicons, default_lexicons, load_lexicons

__all__ = [
    "groups_in",
    "Gazetteer",
    "Lexicons",
    "alias_regex",
    "default_gazetteer",
    "default_lexicons",
    "default_outlets",
    "load_gazetteer",
    "load_lexicons",
    "load_outlets",
    "outlet_sides",
]

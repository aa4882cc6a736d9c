"""The study store explorable in Datasette: a SQLite copy with full-text search, facets and queries.

from analysis.explore import update_database
update_database(open_store("reports"))     # after a build: only changed articles' rows
# python -m analysis explore --out reports  # serves it on 127.0.0.1
"""

from analysis.explore.database import DB_NAME, DatabaseReport, database_path, update_database
from analysis.explore.serve import ExploreError, check_port, explore, open_explore_store

__all__ = [
    "DB_NAME",
    "DatabaseReport",
    "ExploreError",
    "check_port",
    "database_path",
    "explore",
    "open_explore_store",
    "update_database",
]

"""The study store: each study's tables computed once per corpus and parameters, as Parquet with a
manifest, filled incrementally on pandas or Dask, read by every notebook.

    from analysis.store import open_store
    store = open_store("reports")            # after `python -m analysis run --out reports`
    quotes = store.table("attributions")
"""

from analysis.store.build import BuildReport, build
from analysis.store.manifest import Manifest, code_version
from analysis.store.reader import Store, StoreError, open_store
from analysis.store.session import open_or_build
from analysis.store.studies import DEFAULTS, parameters

__all__ = [
    "DEFAULTS",
    "BuildReport",
    "Manifest",
    "Store",
    "StoreError",
    "build",
    "code_version",
    "open_or_build",
    "open_store",
    "parameters",
]

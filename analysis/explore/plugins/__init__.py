"""Datasette plugins of the explorer, loaded by ``datasette --plugins-dir`` (see :mod:`analysis.explore.serve`)."""

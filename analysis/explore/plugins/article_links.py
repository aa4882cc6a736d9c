"""Datasette plugin (loaded with ``--plugins-dir``): the ``page`` column links to the article page.

Why a plugin: Datasette links only ``http(s)://`` values; our pages are files beside the reports,
mounted at ``/articles/`` by ``python -m analysis explore``. A value links only when its page was
written (a report run writes pages for the most quoted articles), so no link leads to a 404.
Everything shown is escaped (``markupsafe.escape``), like Datasette's own cells.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from markupsafe import Markup, escape

PLUGIN = "news-explore"


@hookimpl
def render_cell(value, column, datasette):
    """An ``<a>`` to ``/articles/<page>`` for a ``page`` cell whose file exists; else the default."""
    if column != "page" or not isinstance(value, str) or not value.startswith("articles/"):
        return None
    config = datasette.plugin_config(PLUGIN) or {}
    folder = config.get("pages")
    name = value.split("#", 1)[0].split("/", 1)[1]
    if not folder or "/" in name or not (Path(folder) / name).is_file():
        return None
    return Markup('<a href="/{}">article page</a>').format(escape(value))

"""The JavaScript and CSS a report embeds, read from the installed wheels when a report is rendered.

Why from the wheels and not a CDN or a copy in this repository: a report must open offline (mailed,
archived), and the library code must match the Python side that wrote the payloads (Bokeh's JSON
items are version-specific). DataTables comes from ``itables`` (``itables/html/dt_bundle.js``, the
bundle its offline mode uses) and BokehJS from ``bokeh``'s own inline resources.

Why each script is embedded gzip-compressed and base64-encoded inside a non-executable
``<script type="application/gzip-base64">``, and started from a ``blob:`` URL by our loader
(``templates/offline/news_widgets.js``, using the browser's own ``DecompressionStream``):

- size: DataTables and BokehJS are 1.9 MB as text and 0.7 MB so, which leaves room in the 5 MB
  report budget for tables and charts a reader can use;
- safety of the page structure: minified library code contains ``<!--`` and ``<script``
  (DataTables' HTML-stripping regexes), which put the HTML parser into its "escaped" script
  state, where our closing ``</script>`` no longer ends the element; base64 has no ``<``.

Payloads of tables and charts hold corpus text and stay readable JSON, escaped by
:func:`script_json` so that ``</script>`` in a quote cannot end their element.
"""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: MIME types of our widgets' display bundles (see :mod:`analysis.reports.widgets`).
TABLE_MIME = "application/vnd.news-analysis.table+json"
CHART_MIME = "application/vnd.news-analysis.chart+json"
#: Not a MIME type: the kind :func:`widget_kinds` reports for a chart payload marked ``widgets``
#: (a slider), which needs BokehJS's widgets bundle (0.4 MB, embedded only then).
BOKEH_WIDGETS = "bokeh-widgets"

#: Bytes of CSV downloads (gzip + base64) kept inside one report page, all its tables together;
#: the largest CSVs past that are written beside the page (``NAME_files/TABLE.csv``,
#: :func:`analysis.render.tablepack.spill_csvs`).
CSV_INLINE_BYTES = 300_000

#: Characters that must not appear raw inside a ``<script>`` element, and their JSON escapes.
#: U+2028/U+2029 are valid in JSON but were line terminators in JavaScript before ES2019.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe to place between ``<script type="application/json">`` tags.

    ``</script>``, ``<!--`` and ``&`` in corpus text cannot end the element or change how the
    HTML parser reads it: every ``<``, ``>`` and ``&`` becomes a ``\\u00XX`` escape, which
    ``JSON.parse`` turns back into the same character.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(
        _SCRIPT_TABLE
    )


@dataclass(frozen=True)
class Asset:
    """One embedded library file: the element id our loader reads, its kind and its text."""

    id: str
    kind: str  # "module" (ES module, imported), "script" (classic script) or "css" (inlined as is)
    text: str

    @property
    def payload(self) -> str:
        """The text gzip-compressed (level 9, no timestamp: the same bytes every run), base64."""
        return packed(self.text)


@lru_cache(maxsize=8)
def packed(text: str) -> str:
    """``text`` as UTF-8, gzip-compressed without a timestamp, base64-encoded (ASCII, no ``<``)."""
    return pack(text, level=9)


def pack(text: str, level: int = 6) -> str:
    """``text`` gzip-compressed at ``level`` (no timestamp: the same bytes every run), base64.

    Table rows and CSV downloads are packed this way too (level 6: a 20 MB table in a second);
    the page unpacks them with ``DecompressionStream`` as it does the libraries.
    """
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=level, mtime=0)).decode("ascii")


def unpack(text: str) -> str:
    """The text :func:`pack` packed (tests, the renderer's CSV side files)."""
    return gzip.decompress(base64.b64decode(text)).decode("utf-8")


@lru_cache(maxsize=1)
def datatables_js() -> Asset:
    """The DataTables bundle shipped in the ``itables`` wheel (an ES module exporting ``default``)."""
    text = resources.files("itables").joinpath("html/dt_bundle.js").read_text("utf-8")
    return Asset("na-asset-datatables", "module", text)


@lru_cache(maxsize=1)
def datatables_css() -> Asset:
    """DataTables' stylesheet from the ``itables`` wheel, inlined in a ``<style>`` element."""
    text = resources.files("itables").joinpath("html/dt_bundle.css").read_text("utf-8")
    if not css_is_safe(text):
        raise ValueError("itables' dt_bundle.css would end its <style> element or fetch a URL")
    return Asset("na-asset-datatables-css", "css", text)


@lru_cache(maxsize=1)
def bokeh_js() -> Asset:
    """BokehJS as Bokeh itself inlines it (same version as the Python that made the JSON items)."""
    from bokeh.resources import Resources

    text = "\n".join(Resources(mode="inline", components=["bokeh"]).js_raw)
    return Asset("na-asset-bokeh", "script", text)


@lru_cache(maxsize=1)
def bokeh_widgets_js() -> Asset:
    """BokehJS's widgets (sliders), for the charts that have one."""
    from bokeh.resources import Resources

    text = "\n".join(Resources(mode="inline", components=["bokeh-widgets"]).js_raw)
    return Asset("na-asset-bokeh-widgets", "script", text)


def css_is_safe(text: str) -> bool:
    """True when CSS can sit raw in ``<style>``: no ``</style``, no ``@import``, no remote ``url()``."""
    lowered = text.lower()
    if "</style" in lowered or "@import" in lowered:
        return False
    urls = [u.strip("'\" ") for u in lowered.split("url(")[1:]]
    return all(u.startswith("data:") or u.startswith("#") for u in urls)


def needed_assets(kinds: set[str]) -> list[Asset]:
    """The assets a report needs, given the widget MIME types its outputs use (none → none)."""
    assets: list[Asset] = []
    if TABLE_MIME in kinds:
        assets += [datatables_css(), datatables_js()]
    if CHART_MIME in kinds:
        assets.append(bokeh_js())
    if BOKEH_WIDGETS in kinds:
        assets.append(bokeh_widgets_js())
    return assets


def widget_kinds(nb) -> set[str]:
    """Which of our widget MIME types occur in the outputs of notebook ``nb``."""
    kinds: set[str] = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            kinds |= {mime for mime in data if mime in (TABLE_MIME, CHART_MIME)}
            if isinstance(data.get(CHART_MIME), dict) and data[CHART_MIME].get("widgets"):
                kinds.add(BOKEH_WIDGETS)
    return kinds

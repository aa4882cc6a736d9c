"""Executed notebook → self-contained HTML: the offline template, navigation and the safe-HTML filter.

Why our own filter: nbconvert's ``sanitize_html`` list lacks headings, paragraphs and table headers
and escaped them; ours keeps what markdown and pandas produce and escapes everything else, so no
script from corpus text runs and no URL is fetched when a report opens.

Why the template, not outputs, carries every script: our widgets (:mod:`analysis.reports.widgets`)
display inert JSON under their own MIME types; the template places it in
``<script type="application/json">`` (escaped by :func:`~analysis.render.assets.script_json`) and
adds the library code (:mod:`analysis.render.assets`) and one init script of ours
(``templates/offline/widgets.js``) once per report, only when the report has a table or chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from analysis.render.assets import CHART_MIME, TABLE_MIME, needed_assets, script_json, widget_kinds
from analysis.render.tablepack import fit_page, spill_csvs, table_budget

_CORPUS_WARNING = re.compile(r"^[^\n]*: CorpusWarning: [^\n]*\n(?:[ \t]+[^\n]*\n)?", re.M)


def drop_corpus_warnings(nb) -> None:
    """Remove CorpusWarning lines from the notebook's stderr outputs, in place.

    Skipped and flagged inputs are listed in the run record (index.html) and in the corpus
    report; repeated as a red block of Python warnings at the top of every study report they
    bury its findings. Other stderr output stays.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
                out["text"] = _CORPUS_WARNING.sub("", text if text.endswith("\n") else text + "\n")
                if not out["text"].strip():
                    continue
            kept.append(out)
        cell.outputs = kept


def template_dir() -> Path:
    """The folder holding our nbconvert templates (``offline``)."""
    return Path(str(resources.files("analysis.render").joinpath("templates")))


#: Output MIME types in the order a report prefers them: our widgets first, then nbconvert's own.
DISPLAY_PRIORITY = [
    TABLE_MIME,
    CHART_MIME,
    "application/vnd.jupyter.widget-view+json",
    "application/javascript",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


def to_html(notebook: Path, *, show_code: bool = False, side_files: dict[str, bytes] | None = None) -> str:
    """HTML of an executed notebook with the offline template; code hidden unless asked.

    The page is titled by the notebook's first heading, lists its ``##`` sections in a table of
    contents, links back to ``index.html`` and embeds the table and chart libraries it needs.
    Its tables share the page's size budget (:func:`~analysis.render.tablepack.fit_page`). With
    ``side_files`` (a dict, filled here), large CSV downloads become files beside the page
    (:func:`~analysis.render.tablepack.spill_csvs`) that the caller writes; without it every CSV
    stays in the page and counts against the budget.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    exporter = HTMLExporter(
        config=Config({"NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY}}),
        template_name="offline",
        extra_template_basedirs=[str(template_dir())],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,
        filters={"clean_html": clean_html, "script_json": script_json},
    )
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:  # papermill gives this cell a random id; a fixed one keeps reports reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    drop_corpus_warnings(nb)
    if side_files is not None:
        side_files.update(spill_csvs(nb, notebook.stem))
    heads = headings(nb)
    nb.metadata["title"] = next(
        (h.text for h in heads if h.level == 1), heads[0].text if heads else notebook.stem
    )
    assets = needed_assets(widget_kinds(nb))
    fit_page(nb, table_budget(nb, assets))
    extra = {
        "metadata": {"name": notebook.stem},
        "na_toc": [h for h in heads if h.level == 2],
        "na_assets": assets,
        "na_mimes": {"table": TABLE_MIME, "chart": CHART_MIME},
    }
    body, _ = exporter.from_notebook_node(nb, resources=extra)
    return body


@dataclass(frozen=True)
class Heading:
    """A markdown heading of the notebook: level, the ``id`` nbconvert gives it, and its text."""

    level: int
    id: str
    text: str


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Heading] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag) and attrs.get("id"):
            self._open, self._text = (int(tag[1]), attrs["id"]), []
        elif tag == "a" and "anchor-link" in (attrs.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip:
            self._skip -= 1
        elif self._open and tag == f"h{self._open[0]}":
            text = " ".join("".join(self._text).split())
            if text:
                self.found.append(Heading(self._open[0], self._open[1], text))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)


def headings(nb) -> list[Heading]:
    """Headings of the notebook's markdown cells, with the ids nbconvert's markdown renderer gives
    them (the same function renders the page, so every table-of-contents link finds its heading)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    parser = _Headings()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parser.feed(markdown2html_mistune(cell.source))
    return parser.found


#: Tags kept when sanitising markdown and HTML outputs: what markdown and pandas produce.
#: nbconvert's own list lacks headings, paragraphs and table headers, so it escaped them and every
#: heading and table showed its tags as text. Anything else (script, iframe, style, form, svg) is
#: escaped and shows as text, as are event handlers and URLs a browser would fetch.
# fmt: off
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
# fmt: on
_SAFE_ANYWHERE = {"class", "id", "title", "lang", "dir"}
#: pandas' DataFrame repr starts with this block; its rules live in the offline template instead.
_PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}<]*\{[^{}<]*\}\s*)+</style>")


def _safe_attribute(tag: str, name: str, value: str) -> bool:
    if name in _SAFE_ANYWHERE:
        return True
    if tag == "a":
        return name == "href" and not value.strip().lower().startswith("data:")
    if tag == "img":  # inlined images only: an http(s) src would leave the file
        return name in {"alt", "width", "height"} or (name == "src" and value.startswith("data:image/"))
    if tag in {"th", "td"}:
        return name in {"colspan", "rowspan", "scope"}
    return tag == "ol" and name == "start"


def clean_html(element: str | bytes) -> str:
    """Sanitise markdown and HTML outputs for a report (nbconvert's ``clean_html`` filter).

    pandas tables are tidied too (:func:`tidy_dataframes`): no row-number column, no ``NaN``.
    """
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    clean = bleach.clean(
        _PANDAS_STYLE.sub("", text),
        tags=SAFE_TAGS,
        attributes=_safe_attribute,
        protocols={"http", "https", "mailto", "data"},
        strip_comments=True,
    )
    return tidy_dataframes(clean) if 'class="dataframe"' in clean else clean


_DATAFRAME = re.compile(r'<table class="dataframe">.*?</table>', re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_LEADING_TH = re.compile(r"^\s*<th>(.*?)</th>", re.S)
_MISSING_CELL = re.compile(r"<td>(?:NaN|NaT|&lt;NA&gt;|None|nan)</td>")


def tidy_dataframes(html: str) -> str:
    """pandas tables (``<table class="dataframe">``, after :func:`clean_html`) as a reader wants them.

    A DataFrame shown without :func:`analysis.reports.widgets.table` prints its row numbers
    (shuffled after a sort) as a first column and ``NaN``/``NaT``/``<NA>`` in empty cells. The
    row-number column is dropped when it is only that: an unnamed index of integers (a named
    index, such as the outlets of a ``groupby``, is data and stays). Missing values become
    empty cells.
    """
    return _DATAFRAME.sub(lambda m: _tidy_table(m.group()), html)


def _tidy_table(table: str) -> str:
    table = _MISSING_CELL.sub("<td></td>", table)
    head, _, body = table.partition("<tbody>")
    body_rows = _ROW.findall(body)
    head_rows = _ROW.findall(head)
    labels = [_LEADING_TH.match(r) for r in body_rows]
    row_numbers = bool(body_rows) and all(
        m is not None and re.fullmatch(r"-?\d+", m.group(1).strip()) and "<th>" not in r[m.end() :]
        for m, r in zip(labels, body_rows)
    )
    unnamed = all((m := _LEADING_TH.match(r)) is not None and not m.group(1).strip() for r in head_rows)
    if not (row_numbers and unnamed):
        return table
    return _ROW.sub(lambda m: "<tr>" + _LEADING_TH.sub("", m.group(1), count=1) + "</tr>", table)

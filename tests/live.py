"""Interactive report checks: Playwright driving the system Chromium, and the fixture report.

Why Playwright here (:mod:`browser` drives Chromium's command line): clicking a header, typing in
a search box and hovering a chart need a live page. Playwright's Python package drives the
Chromium that ``make browser`` installs (``executable_path``); it never downloads a browser.

Why a fixture notebook of our own (:func:`widget_notebook`): the checks must not depend on the
study notebooks, which change; the same checks (:func:`sort_check`, :func:`search_check`,
:func:`hover_tooltips`) also run on every report of the seeds that has tables or charts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from browser import CHROMIUM_FLAGS, PWNED

#: Cell values that would run code if a table or tooltip parsed them as HTML.
HOSTILE_CELLS = [
    f'<script>document.title="{PWNED}"</script>',
    f"<img src=x onerror=\"document.title='{PWNED}'\">",
    '</script><script>document.body.setAttribute("data-pwned", "1")</script>',
]


def widget_notebook(path: Path) -> Path:
    """Write the fixture notebook of the interactive checks: tables (hostile cells, 60 rows, 14 wide
    columns), the four chart builders (hostile labels on a bar chart), and a plain DataFrame."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    code = [
        "import numpy as np\nimport pandas as pd\nfrom analysis.reports import charts, widgets",
        f"""outlets = pd.DataFrame({{
    "outlet": ["Zeta Wire", "Alpha News", "Mid Post", *{HOSTILE_CELLS!r}],
    "articles": [5, 1200, 30, 2, 7, 11],
    "share": [0.9, 0.8, np.nan, 0.85, 0.95, 1.0],
    "url": ["zeta.html", "javascript:alert(1)", None, "a.html", "b.html", "c.html"],
}})
widgets.table(outlets, caption="Outlets and their articles", name="outlets", links={{"outlet": "url"}})""",
        """terms = pd.DataFrame({"term": [f"term {i:02d}" for i in range(60)], "count": [(i * 37) % 61 for i in range(60)]})
widgets.table(terms, caption="Terms and counts", name="terms")""",
        """wide = pd.DataFrame({f"a long column name {i}": ["a fairly long cell value " * 3] * 3 for i in range(14)})
widgets.table(wide, caption="A wide table", name="wide")""",
        """widgets.chart(charts.bar(outlets.fillna({"share": 0.7}), "outlet", "share", n="articles", value_format="share"),
              alt="Share of each outlet; all between 70% and 100%.")""",
        """days = pd.DataFrame({"date": pd.date_range("2017-07-01", periods=30).repeat(2), "side": ["RU", "US"] * 30,
                     "tone": np.sin(np.arange(60) / 5), "n": np.arange(60) % 7 + 1})
widgets.chart(charts.line(days, "date", "tone", group="side", n="n"), alt="Tone per day and side over July 2017.")""",
        """topics = pd.DataFrame({"x": [0.0, 1.0, 0.5], "y": [0.0, 0.2, 1.0], "terms": ["oil gas", "vote senate", "talks"],
                       "size": [3, 2, 1]})
widgets.chart(charts.scatter(topics, "x", "y", label="terms", size="size"), alt="Three topics on a map.")
grid = pd.DataFrame({"speaker": ["a", "a", "b", "b"], "outlet": ["X", "Y", "X", "Y"], "v": [0.2, -0.4, 0.6, 0.0],
                     "n": [2, 3, 4, 5]})
widgets.chart(charts.heatmap(grid, "outlet", "speaker", "v", n="n", diverging=True), alt="Tone by speaker and outlet.")""",
        'outlets.assign(missing=np.nan).sort_values("articles")',
    ]
    cells = [new_markdown_cell("# Widget report\n\nThe interactive checks' own report.")]
    for title, source in zip(["Outlets", None, None, "Charts", None, None, "Plain frame"], code[1:]):
        if title:
            cells.append(new_markdown_cell(f"## {title}"))
        cells.append(new_code_cell(source))
    cells.insert(1, new_code_cell(code[0]))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


_WIDGET_REPORTS: dict[str, Path] = {}


def widget_report(base: Path) -> Path:
    """The fixture notebook executed (our kernel) and converted by the report pipeline, once per session."""
    if "page" not in _WIDGET_REPORTS:
        import nbformat
        from nbclient import NotebookClient

        from analysis.render import default_kernel
        from analysis.render.html import to_html

        folder = base / "widget-report"
        folder.mkdir(parents=True, exist_ok=True)
        nb = nbformat.read(str(widget_notebook(folder / "widgets.ipynb")), as_version=4)
        NotebookClient(
            nb, kernel_name=default_kernel(), timeout=300, resources={"metadata": {"path": str(folder)}}
        ).execute()
        nbformat.write(nb, str(folder / "widgets.executed.ipynb"))
        page = folder / "widgets.html"
        page.write_text(to_html(folder / "widgets.executed.ipynb"), "utf-8")
        (folder / "index.html").write_text(
            "<html><head><title>Index</title></head><body>index</body></html>", "utf-8"
        )
        _WIDGET_REPORTS["page"] = page
    return _WIDGET_REPORTS["page"]


@dataclass
class LivePage:
    """A report open in Chromium: the Playwright page, every URL it requested, its script errors."""

    page: object
    requests: list[str]
    errors: list[str]

    @property
    def external_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).scheme not in {"file", "data", "blob", "about"}]


class live_page:
    """``with live_page(path, chromium) as live:`` — the page loaded, its widgets drawn.

    Requests that would leave the file are recorded and aborted (a report must not need them);
    console errors and uncaught exceptions are collected. Waits for ``html[data-na-ready]`` when
    the page has widgets (our init script sets it when every table and chart is drawn or failed).
    """

    def __init__(self, path: Path, chromium: str, *, width: int = 800, height: int = 1000) -> None:
        self.path, self.chromium, self.size = Path(path).resolve(), chromium, (width, height)

    def __enter__(self) -> LivePage:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=self.chromium, args=CHROMIUM_FLAGS[1:])
        page = self._browser.new_page(viewport={"width": self.size[0], "height": self.size[1]})
        live = LivePage(page, [], [])
        page.on("request", lambda r: live.requests.append(r.url))
        page.on("console", lambda m: live.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: live.errors.append(str(e)))
        page.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
        page.goto(self.path.as_uri())
        if page.locator("[data-na-widget]").count():
            page.wait_for_selector("html[data-na-ready]", state="attached", timeout=30_000)
        return live

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._pw.stop()


def interactive_tables(page) -> list:
    """Locators of the tables our init script built (DataTables), in page order."""
    return page.locator("[data-na-widget=table] table.dataTable").all()


def column_texts(table, column: int) -> list[str]:
    """The text of one column's cells on the table's current page."""
    return [c.inner_text() for c in table.locator(f"tbody tr td:nth-child({column + 1})").all()]


def header(table, column: int):
    return table.locator(f"thead th:nth-child({column + 1})")


def _wait(page, condition, timeout_ms: int = 5000, step_ms: int = 50) -> bool:
    """Poll ``condition()`` until it is true or ``timeout_ms`` passed (no fixed sleeps: a loaded
    machine gets the time it needs, an idle one none)."""
    for _ in range(max(1, timeout_ms // step_ms)):
        if condition():
            return True
        page.wait_for_timeout(step_ms)
    return bool(condition())


def _numeric(texts: list[str]) -> list[float] | None:
    try:
        return [float(t.replace(",", "").rstrip("%")) for t in texts]
    except ValueError:
        return None


def _in_order(texts: list[str]) -> bool:
    """Already ascending or descending, as numbers or as text in either case (DataTables sorts
    text without case: "other, RU, UN" is ascending there, so a click could then show nothing)."""
    for keys in (_numeric(texts), texts, [t.casefold() for t in texts]):
        if keys and (keys == sorted(keys) or keys == sorted(keys, reverse=True)):
            return True
    return False


def sort_check(table) -> tuple[str, list[str], list[str]] | None:
    """Click the header of the first column whose first page is in no order, and wait for the
    rows to change: (aria-sort, before, after). None when no column can show a change (fewer than
    two distinct values, or already sorted)."""
    page = table.page
    for column in range(table.locator("thead th").count()):
        before = column_texts(table, column)
        if len(set(before)) < 2 or _in_order(before):
            continue
        header(table, column).click()
        _wait(page, lambda j=column: header(table, j).get_attribute("aria-sort") is not None)
        _wait(page, lambda j=column, old=before: column_texts(table, j) != old)
        return header(table, column).get_attribute("aria-sort") or "", before, column_texts(table, column)
    return None


def table_info(table) -> str:
    """The "Rows 1 to 10 of 53 (filtered from 60)" line of a table."""
    container = table.locator("xpath=ancestor::div[contains(@class,'dt-container')]")
    return container.locator(".dt-info").inner_text()


def search_check(table) -> tuple[str, int, int, list[str]] | None:
    """Type into the table's search box a word of a first-column cell that some row of the page
    lacks, and wait for DataTables' debounced search to filter: (word, rows before, rows after,
    texts of the rows after). None when the page has fewer than two rows or no such word."""
    page = table.page
    box = table.locator("xpath=ancestor::div[contains(@class,'dt-container')]").locator("input[type=search]")
    rows = table.locator("tbody tr")
    texts = [r.inner_text().lower() for r in rows.all()]
    cells = [t for t in column_texts(table, 0) if t.strip()]
    words = {w for t in cells for w in t.split() if len(w) > 2 and re.fullmatch(r"[A-Za-z0-9]+", w)}
    words = {w for w in words if any(w.lower() not in t for t in texts)}
    if len(texts) < 2 or not words:
        return None
    word = min(words, key=lambda w: (sum(w.lower() in t for t in texts), w))
    info = table_info(table)
    box.fill(word)
    _wait(page, lambda: table_info(table) != info)
    after = [r.inner_text() for r in rows.all()]
    return word, len(texts), len(after), after


def glyph_points(
    body, *, limit: int = 60, skip_top: int = 36, grey: bool = False
) -> list[tuple[float, float]]:
    """Page coordinates of coloured pixels in a chart (the glyphs: bars, points, lines, cells).

    Axes, labels and grid are grey; glyphs are coloured. The toolbar (top ``skip_top`` px, whose
    active tools are underlined in blue) is left out. With ``grey``, dark grey pixels instead: the
    glyphs of groups too small to compare are drawn grey (axes and labels are hit too, and show no
    tooltip). At most ``limit`` points, spread evenly.
    """
    import io

    import numpy as np
    from PIL import Image

    box = body.bounding_box()
    rgb = np.asarray(Image.open(io.BytesIO(body.screenshot())).convert("RGB"), dtype=float) / 255.0
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    found = (saturation < 0.1) & (rgb.mean(axis=2) < 0.8) if grey else saturation > 0.2
    found[:skip_top] = False
    ys, xs = np.nonzero(found)
    if not len(xs):
        return []
    step = max(1, len(xs) // limit)
    scale_x, scale_y = box["width"] / rgb.shape[1], box["height"] / rgb.shape[0]
    return [(box["x"] + x * scale_x, box["y"] + y * scale_y) for x, y in zip(xs[::step], ys[::step])]


def hover_tooltips(page, chart, *, enough: int = 3) -> list[str]:
    """Hover the glyphs of ``chart`` (a ``[data-na-widget=chart]`` locator) and collect the distinct
    texts of the tooltips that show, stopping after ``enough``."""
    body = chart.locator(".na-chart-body")
    body.scroll_into_view_if_needed()
    tips = page.locator(".bk-tooltip-content")  # BokehJS puts tooltips at the end of the body
    seen: list[str] = []

    def visible() -> list[str]:
        out = []
        for k in range(tips.count()):
            if tips.nth(k).is_visible():
                text = " ".join(tips.nth(k).inner_text().split())
                if text:
                    out.append(text)
        return out

    for grey in (False, True):  # coloured glyphs first, then grey ones (small groups)
        for x, y in glyph_points(body, grey=grey):
            page.mouse.move(x, y)
            _wait(
                page, lambda: bool(visible()), timeout_ms=300, step_ms=30
            )  # BokehJS draws on the next frame
            seen += [t for t in visible() if t not in seen]
            if len(seen) >= enough:
                return seen
    return seen

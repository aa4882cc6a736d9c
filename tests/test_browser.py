"""Every generated report opened in headless Chromium: it renders, stays offline, runs no corpus script.

Two corpora are rendered (each once per session, every notebook that exists): the seeds and the
hostile corpus of ``tests/browser.py``. Each HTML report and ``index.html`` is opened once with
``--dump-dom``, ``--screenshot`` and ``--log-net-log`` (see :func:`browser.visit`) and must:

- paint something (the screenshot is not blank) and show no markup as text (a sanitiser that
  escapes ``<h2>``/``<th>`` turns every heading and table into tag soup),
- request nothing but ``file:`` and ``data:`` URLs (the net-log of the page's own requests),
- not run a script from corpus text (its payloads set the title or mark the body),
- give every ``<img>`` a non-empty alt text that is not the template's placeholder.

The interactive checks (Playwright driving the same Chromium) open the report of a fixture
notebook of ours (:func:`live.widget_notebook`, so they do not depend on the study notebooks)
and, where the seeds' reports have interactive tables or charts, those too:

- clicking a column header reorders the rows and sets ``aria-sort``; typing in the search box
  filters rows; hovering a chart shows its tooltip; every chart keeps its alt text,
- hostile cell values (``<script>``, ``<img onerror>``, ``</script>``) show as text and do not run,
- no request leaves the file, no script error; a wide table scrolls inside an 800 px page.

Skips, with the reason, when Chromium is absent (``make browser`` installs it with apt as root)
or, for the interactive checks, when Playwright is not installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import (
    INSTALL_HINT,
    PWNED,
    SEEDS,
    available_notebooks,
    fetched_urls,
    find_chromium,
    hostile_corpus,
    is_external,
    parse_tags,
    pwned,
    rendered,
    screenshot_stats,
    visit,
)
from live import (
    HOSTILE_CELLS,
    column_texts,
    header,
    hover_tooltips,
    interactive_tables,
    live_page,
    search_check,
    sort_check,
    table_info,
    widget_report,
)

pytestmark = pytest.mark.browser
CHROMIUM = find_chromium()
PLACEHOLDER_ALT = "Figure (no description given)"
#: Markup that only a broken sanitiser shows as text (the hostile corpus carries none of these).
TAG_SOUP = re.compile(r"&lt;/?(?:h[1-6]|p|th|thead|tbody|tr|td|table)(?:\s[^&]*)?&gt;")


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        pytest.skip(f"no Chromium found: {INSTALL_HINT}")
    return CHROMIUM


def _visits(out: Path, record, chromium: str) -> dict[str, object]:
    pages = [out / nb.html for nb in record.notebooks if nb.html] + [out / "index.html"]
    return {page.name: visit(page, out.parent / f"{out.name}-browser", chromium) for page in pages}


@pytest.fixture(scope="module")
def seeds_visits(chromium, tmp_path_factory):
    out, record, _ = rendered("seeds", SEEDS, tmp_path_factory.getbasetemp(), only=available_notebooks())
    return record, _visits(out, record, chromium)


@pytest.fixture(scope="module")
def hostile_visits(chromium, tmp_path_factory):
    folder, _, _ = hostile_corpus(tmp_path_factory.getbasetemp())
    out, record, _ = rendered("hostile", str(folder / "*"), folder.parent, only=available_notebooks())
    return record, _visits(out, record, chromium)


@pytest.fixture(scope="module", params=["seeds", "hostile"])
def visits(request):
    return request.getfixturevalue(f"{request.param}_visits")


def test_every_notebook_rendered(visits):
    record, pages = visits
    assert not record.failed, {nb.name: f"cell {nb.cell}: {nb.error}" for nb in record.failed}
    expected = {f"{name}.html" for name in available_notebooks()} | {"index.html"}
    assert set(pages) == expected


def test_pages_paint_something(visits):
    _, pages = visits
    for name, page in pages.items():
        spread, inked = screenshot_stats(page.screenshot)
        assert spread > 0.02 and inked > 0.003, (name, spread, inked, page.screenshot)


def test_no_markup_shown_as_text(visits):
    _, pages = visits
    for name, page in pages.items():
        soup = TAG_SOUP.findall(page.dom)
        assert not soup, (name, soup[:5])


def test_no_request_leaves_the_file(visits):
    _, pages = visits
    for name, page in pages.items():
        assert page.external_requests == [], (name, page.external_requests)
        static = [u for u in fetched_urls(page.dom) if is_external(u)]
        assert static == [], (name, static)


def test_no_script_from_corpus_runs(visits):
    _, pages = visits
    for name, page in pages.items():
        assert not pwned(page.dom), name
        assert PWNED not in parse_tags(page.dom).title, name
        assert page.script_errors == [], (name, page.script_errors)


def test_images_carry_alt_text(visits):
    _, pages = visits
    for name, page in pages.items():
        for tag, attrs in parse_tags(page.dom).tags:
            if tag != "img":
                continue
            alt = (attrs.get("alt") or "").strip()
            assert alt and alt != PLACEHOLDER_ALT, (name, attrs.get("src", "")[:40], alt)


def test_seed_figures_exist(seeds_visits):
    """The alt-text check above must have figures to look at: the corpus report's charts are
    interactive (a container with role="img" and its alt), the length histogram among them; an
    image, where a report has one, is an inlined PNG."""
    _, pages = seeds_visits
    tags = parse_tags(pages["00_corpus.html"].dom).tags
    imgs = [a for t, a in tags if t == "img"]
    charts = [a for t, a in tags if a.get("role") == "img" and a.get("aria-label")]
    assert all(a["src"].startswith("data:image/png;base64,") for a in imgs)
    assert any(a["aria-label"].startswith("Histogram of article lengths") for a in charts)


def test_hostile_text_visible_as_text(hostile_visits):
    _, pages = hostile_visits
    dom = pages["00_corpus.html"].dom
    assert "&lt;script&gt;document.title=" in dom
    assert "&lt;svg onload=document.title=" in pages["index.html"].dom


# --- the checks themselves can fail -------------------------------------------------------


def test_checks_catch_a_leaky_page(chromium, tmp_path):
    """A page with a live script, an external image and no alt text fails every check above."""
    page = tmp_path / "leaky.html"
    page.write_text(
        "<html><head><title>t</title></head><body><h1>Leaky</h1><p>text</p>"
        "<img src=\"http://leak.invalid/pixel.png\"><style>@import 'http://leak.invalid/s.css';</style>"
        f"<script>document.title='{PWNED}'; document.body.setAttribute('data-pwned', '1');</script>"
        "<p>&lt;th&gt;soup&lt;/th&gt;</p></body></html>",
        "utf-8",
    )
    seen = visit(page, tmp_path / "browser", chromium)
    assert pwned(seen.dom)
    leaks = {"http://leak.invalid/pixel.png", "http://leak.invalid/s.css"}
    assert set(seen.external_requests) == leaks
    assert {u for u in fetched_urls(seen.dom) if is_external(u)} == leaks
    assert TAG_SOUP.search(seen.dom)
    assert not [a.get("alt") for t, a in parse_tags(seen.dom).tags if t == "img" and a.get("alt")]
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body style='background:#fff'></body></html>", "utf-8")
    spread, inked = screenshot_stats(visit(blank, tmp_path / "browser", chromium).screenshot)
    assert spread < 0.02 and inked < 0.003


# --- interactive: the fixture report of tests/browser.py (Playwright) ------------------------------


@pytest.fixture(scope="module")
def playwright_chromium(chromium):
    pytest.importorskip(
        "playwright.sync_api", reason="pip install playwright (it drives the system Chromium)"
    )
    return chromium


@pytest.fixture(scope="module")
def widget_page(playwright_chromium, tmp_path_factory):
    return widget_report(tmp_path_factory.getbasetemp())


def test_widget_report_navigation(widget_page, playwright_chromium):
    """Title from the first heading, a contents list whose links find their headings, a link home."""
    with live_page(widget_page, playwright_chromium) as live:
        page = live.page
        assert page.title() == "Widget report"
        toc = page.locator("nav.na-nav .na-toc a")
        assert toc.all_inner_texts() == ["Outlets", "Charts", "Plain frame"]
        for link in toc.all():
            target = link.get_attribute("href")[1:]
            assert page.locator(f"[id='{target}']").count() == 1, target
        page.locator("nav.na-nav a[href='index.html']").click()
        page.wait_for_url("**/index.html")
        assert page.title() == "Index"


def aria_sort(locator, want: str | None, page) -> str | None:
    """The header's ``aria-sort`` once DataTables has set it to ``want`` (it redraws after the
    click's event loop turn, later under load), or what it is after 5 s."""
    for _ in range(50):
        got = locator.get_attribute("aria-sort")
        if got == want:
            break
        page.wait_for_timeout(100)
    return got


def test_header_click_sorts_and_sets_aria_sort(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        outlets = interactive_tables(live.page)[0]
        assert header(outlets, 1).inner_text().strip() == "articles"
        before = column_texts(outlets, 1)
        assert before == ["5", "1,200", "30", "2", "7", "11"]
        header(outlets, 1).click()
        assert aria_sort(header(outlets, 1), "ascending", live.page) == "ascending"
        assert column_texts(outlets, 1) == ["2", "5", "7", "11", "30", "1,200"]  # numbers, not text order
        header(outlets, 1).click()
        assert aria_sort(header(outlets, 1), "descending", live.page) == "descending"
        assert column_texts(outlets, 1)[0] == "1,200"
        assert header(outlets, 0).get_attribute("aria-sort") is None
        terms = interactive_tables(live.page)[1]
        sort, first, then = sort_check(terms)
        assert sort == "ascending" and first != then and then == sorted(then, key=int)


def test_search_box_filters_rows(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        terms = interactive_tables(live.page)[1]
        box = live.page.locator("[data-na-widget=table]").nth(1).locator("input[type=search]")
        assert "of 60" in live.page.locator("[data-na-widget=table]").nth(1).locator(".dt-info").inner_text()
        box.fill("term 42")  # DataTables' smart search: every word, anywhere in the row
        for _ in range(50):  # the search runs after DataTables' input debounce: wait for it
            rows = terms.locator("tbody tr").all_inner_texts()
            if 0 < len(rows) < 10:
                break
            live.page.wait_for_timeout(100)
        assert 0 < len(rows) < 10 and "term 42" in column_texts(terms, 0)
        assert all("term" in r and "42" in r for r in rows), rows
        box.fill("no such term")
        for _ in range(50):
            if terms.locator("tbody").inner_text().strip() == "No matching rows":
                break
            live.page.wait_for_timeout(100)
        assert terms.locator("tbody").inner_text().strip() == "No matching rows"
        word, before, after, texts = search_check(interactive_tables(live.page)[0])
        assert after < before and all(word in t for t in texts)


def test_csv_download_holds_the_table(widget_page, playwright_chromium):
    import io

    import pandas as pd

    with live_page(widget_page, playwright_chromium) as live:
        link = live.page.locator("[data-na-widget=table]").nth(1).locator(".na-download a")
        assert link.get_attribute("download") == "terms.csv" and "all 60 rows" in link.inner_text()
        href = link.get_attribute("href")
        assert href.startswith("blob:")  # unpacked in the page, no request leaves it
        text = live.page.evaluate("(u) => fetch(u).then((r) => r.text())", href)
        frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")))
        assert frame.columns.tolist() == ["term", "count"] and len(frame) == 60


def test_chart_hover_shows_tooltip_and_alt_text_stays(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        page = live.page
        charts = page.locator("[data-na-widget=chart]")
        assert charts.count() == 4
        for i in range(4):
            body = charts.nth(i).locator(".na-chart-body")
            assert body.get_attribute("role") == "img" and body.get_attribute("aria-label")
            assert charts.nth(i).locator("figcaption").inner_text() == body.get_attribute("aria-label")
            assert charts.nth(i).locator("canvas").count() >= 1, i
        bars = hover_tooltips(page, charts.nth(0), enough=6)
        assert any(t.startswith("outlet: Zeta Wire") and "n: 5" in t for t in bars), bars
        assert any(HOSTILE_CELLS[0] in t for t in bars), bars  # corpus text in a tooltip is text
        line = hover_tooltips(page, charts.nth(1), enough=1)
        assert line and "date: 2017-07-" in line[0] and "tone:" in line[0], line
        assert hover_tooltips(page, charts.nth(2), enough=1)
        assert hover_tooltips(page, charts.nth(3), enough=1)
        assert page.title() == "Widget report" and not pwned(page.content())


def test_line_chart_zooms(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        chart = live.page.locator("[data-na-widget=chart]").nth(1).locator(".na-chart-body")
        chart.scroll_into_view_if_needed()
        before = chart.screenshot()
        box = chart.bounding_box()
        live.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        live.page.mouse.wheel(0, -400)
        live.page.wait_for_timeout(300)
        assert chart.screenshot() != before


def test_hostile_cells_show_as_text_and_do_not_run(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        page = live.page
        outlets = interactive_tables(page)[0]
        shown = column_texts(outlets, 0)
        for value in HOSTILE_CELLS:
            assert value in shown
        assert outlets.locator("tbody img, tbody script").count() == 0
        links = outlets.locator("tbody a")
        assert sorted(links.evaluate_all("els => els.map(e => e.getAttribute('href'))")) == [
            "a.html",
            "b.html",
            "c.html",
            "zeta.html",
        ]  # javascript: gave no link
        assert page.title() == "Widget report" and not pwned(page.content())
        assert live.errors == [], live.errors


def test_widget_report_requests_nothing_outside_the_file(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        hover_tooltips(live.page, live.page.locator("[data-na-widget=chart]").nth(0), enough=2)
        assert live.external_requests == [], live.external_requests
        assert {u.split(":", 1)[0] for u in live.requests} <= {"file", "blob", "data"}
        static = [u for u in fetched_urls(live.page.content()) if is_external(u)]
        assert static == [], static


def test_everything_fits_an_800px_page(widget_page, playwright_chromium):
    """A wide table scrolls inside its box; charts stretch to the page; the page never scrolls sideways."""
    with live_page(widget_page, playwright_chromium, width=800) as live:
        page = live.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 800
        wide = page.locator("[data-na-widget=table]").nth(2)
        box = wide.locator(".dt-layout-table > .dt-layout-cell")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'")
        assert wide.bounding_box()["width"] <= 800 and wide.locator("input[type=search]").is_visible()
        for chart in page.locator("[data-na-widget=chart] .na-chart-body").all():
            assert chart.bounding_box()["width"] <= 800


def test_plain_dataframe_has_no_row_numbers_or_nan(widget_page, playwright_chromium):
    with live_page(widget_page, playwright_chromium) as live:
        frame = live.page.locator("table.dataframe")
        assert frame.locator("thead th").all_inner_texts()[:2] == ["outlet", "articles"]
        assert "NaN" not in frame.inner_text() and frame.locator("tbody th").count() == 0


def test_live_checks_catch_a_leaky_page(playwright_chromium, tmp_path):
    """The live-page recorder sees a script that runs and a request that leaves the file."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><head><title>t</title></head><body><img src="http://leak.invalid/pixel.png">'
        f"<script>document.title='{PWNED}'; missing_function();</script></body></html>",
        "utf-8",
    )
    with live_page(page, playwright_chromium) as live:
        assert live.external_requests == ["http://leak.invalid/pixel.png"]
        assert pwned(live.page.content()) and live.errors


# --- interactive: the seeds' reports, once their notebooks show tables and charts ----------------


@pytest.fixture(scope="module")
def seed_pages(playwright_chromium, tmp_path_factory):
    out, record, _ = rendered("seeds", SEEDS, tmp_path_factory.getbasetemp(), only=available_notebooks())
    return [out / nb.html for nb in record.notebooks if nb.html]


def test_seed_tables_sort_and_search(seed_pages, playwright_chromium):
    """In every report of the seeds, a header click reorders a table (``aria-sort`` set) and a
    search filters one (DataTables says "filtered from", every row left holds the word)."""
    for path in seed_pages:
        with live_page(path, playwright_chromium) as live:
            assert live.errors == [] and live.external_requests == [], (path.name, live.errors)
            tables = interactive_tables(live.page)
            assert tables, f"{path.name}: no interactive table"
            sorted_tables = searched = 0
            for table in tables:
                result = sort_check(table)
                if result:
                    sort, before, after = result
                    assert sort in {"ascending", "descending"} and after != before, (path.name, before, after)
                    sorted_tables += 1
            for table in interactive_tables(live.page):
                result = search_check(table)
                if result:
                    word, before, after, texts = result
                    assert 0 < after <= before, (path.name, word, before, after)
                    assert all(word.lower() in t.lower() for t in texts), (path.name, word, texts)
                    assert "filtered from" in table_info(table), (path.name, word, table_info(table))
                    searched += 1
            assert sorted_tables and searched, (path.name, sorted_tables, searched)


def test_seed_charts_hover_and_keep_alt_text(seed_pages, playwright_chromium):
    """Every chart of every report of the seeds keeps its alt text and shows a tooltip on hover."""
    checked = 0
    for path in seed_pages:
        if 'data-na-widget="chart"' not in path.read_text("utf-8"):
            continue
        with live_page(path, playwright_chromium) as live:
            for i, chart in enumerate(live.page.locator("[data-na-widget=chart]").all()):
                assert (chart.locator(".na-chart-body").get_attribute("aria-label") or "").strip(), (
                    path.name,
                    i,
                )
                assert hover_tooltips(live.page, chart, enough=1), (path.name, i)
                checked += 1
    assert checked, "no report of the seeds has an interactive chart"


def test_seed_intertopic_map_answers_a_click_and_the_slider(seed_pages, playwright_chromium):
    """In the topics report of the seeds, a click on another topic's circle shows its term bars and
    the λ slider at 0 reorders them (issue 23: the map is interactive on a real store)."""
    from chartshots import click_topic, map_bars, slide_to_zero

    page = next(p for p in seed_pages if p.name.startswith("01_"))
    with live_page(page, playwright_chromium, width=1300, height=1400) as live:
        title, first, _ = map_bars(live.page)
        other = next(t for t in range(10) if not title.startswith(f"Top terms of {t}:"))
        click_topic(live.page, other)
        live.page.wait_for_timeout(300)
        title, clicked, axis = map_bars(live.page)
        assert title.startswith(f"Top terms of {other}:") and clicked == axis != first
        slide_to_zero(live.page)
        live.page.wait_for_timeout(300)
        title, particular, _ = map_bars(live.page)
        assert title.endswith("λ = 0.0") and particular != clicked
        assert live.errors == [] and live.external_requests == []

"""Every generated report opened in headless Chromium: it renders, stays offline, runs no corpus script.

Two corpora are rendered (each once per session, every notebook that exists): the seeds and the
hostile corpus of ``tests/browser.py``. Each HTML report and ``index.html`` is opened once with
``--dump-dom``, ``--screenshot`` and ``--log-net-log`` (see :func:`browser.visit`) and must:

- paint something (the screenshot is not blank) and show no markup as text (a sanitiser that
  escapes ``<h2>``/``<th>`` turns every heading and table into tag soup),
- request nothing but ``file:`` and ``data:`` URLs (the net-log of the page's own requests),
- not run a script from corpus text (its payloads set the title or mark the body),
- give every ``<img>`` a non-empty alt text that is not the template's placeholder.

Skips, with the reason, when Chromium is absent (``make browser`` installs it with apt as root).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import (INSTALL_HINT, PWNED, SEEDS, available_notebooks, fetched_urls, find_chromium,
                     hostile_corpus, is_external, parse_tags, pwned, rendered, screenshot_stats, visit)

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
    """The alt-text check above must have images to look at: the corpus report has two figures."""
    _, pages = seeds_visits
    imgs = [a for t, a in parse_tags(pages["00_corpus.html"].dom).tags if t == "img"]
    assert len(imgs) >= 2 and all(a["src"].startswith("data:image/png;base64,") for a in imgs)


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
        "<p>&lt;th&gt;soup&lt;/th&gt;</p></body></html>", "utf-8")
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

"""The explorer database and ``python -m analysis explore``: rows match the store, search finds
quotes, updates touch only changed articles, bad input says what to do, Datasette in Chromium
(search, facet, canned query, hostile title escaped, nothing leaves the machine)."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils

from analysis.explore import ExploreError, check_port, open_explore_store, update_database
from analysis.explore.serve import datasette_command, prepare
from analysis.store import build, open_store

HOSTILE = "<script>document.title='PWNED'</script>"
WORDS = [
    "fishing",
    "quarry",
    "orchard",
    "railway",
    "ferry",
    "granary",
    "mill",
    "bridge",
    "canal",
    "lighthouse",
    "market",
    "school",
]
NAMES = ["Orla Venn", "Tobiah Marsk", "Ilse Dunmore", "Cato Rennick"]


def write_corpus(path: Path, n: int = 12, extra: str = "") -> Path:
    """A made-up CSV corpus: each article quotes two of NAMES about a harbour plan."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "date", "outlet", "text"])
        for i in range(n):
            a, b = NAMES[i % 4], NAMES[(i + 1) % 4]
            title = HOSTILE if i == 0 else f"Harbour plan vote {i}"
            w1, w2, w3 = (WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7))
            text = (
                f'"The harbour levy will ruin the {w1} fleet by spring {2000 + i}," said {a}, the mayor. '
                f"{b}, a council member for {w2}, said on day {i} that the tunnel budget of {i * 7} "
                f'million was sound. "We will vote against the {w3} permit {i}," {a} told reporters.'
                f"{extra if i == 1 else ''}"
            )
            w.writerow([f"doc{i}", title, f"2021-0{1 + i % 3}-1{i % 9}", ["Gazette", "Herald"][i % 2], text])
    return path


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("explore")
    build(write_corpus(base / "corpus.csv"), base / "store", progress=False)
    return base


def test_quotes_match_the_store(out):
    store = open_store(out)
    report = update_database(store)
    db = sqlite_utils.Database(report.path)
    attrs = store.table("attributions").drop_duplicates(["doc_id", "attr_id"])
    assert db["quotes"].count == len(attrs) > 0
    for name in set(attrs["speaker"].dropna()):
        rows = list(db.query("select count(*) n from quotes where speaker = ?", [name]))
        assert rows[0]["n"] == int((attrs["speaker"] == name).sum())
    hits = list(db["quotes"].search("levy"))
    assert hits and all("levy" in h["content"].lower() for h in hits)
    assert list(db["articles"].search("harbour"))
    assert {"speakers", "actors", "topics", "sentences", "targets", "quote_actors"} <= set(db.table_names())


def test_update_writes_only_changed_articles(out, tmp_path):
    corpus = write_corpus(tmp_path / "corpus.csv")
    build(corpus, tmp_path / "store", progress=False)
    store = open_store(tmp_path)
    assert update_database(store).full
    write_corpus(corpus, n=12, extra=' "The pier stays open," Orla Venn said.')
    build(corpus, tmp_path / "store", progress=False)
    store = open_store(tmp_path)
    report = update_database(store)
    assert not report.full and report.written == 1 and report.removed == 0
    fresh = update_database(store, tmp_path / "fresh.db")
    a, b = sqlite_utils.Database(report.path), sqlite_utils.Database(fresh.path)
    query = 'select quote_id, content, speaker, "group", outlet, month from quotes order by quote_id'
    assert list(a.query(query)) == list(b.query(query))
    assert len(list(a["quotes"].search("pier"))) == 1


def test_no_store_says_how_to_make_one(tmp_path):
    with pytest.raises(ExploreError, match="python -m analysis run"):
        open_explore_store(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "explore", "--out", str(tmp_path), "--no-serve"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.returncode == 2 and "no study store" in proc.stderr


def test_port_in_use_is_a_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        with pytest.raises(ExploreError, match="already in use"):
            check_port(sock.getsockname()[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(out):
    """Datasette on a free port for the module, stopped by its process group."""
    from analysis.render.article import write_article_pages

    write_article_pages(open_store(out), out)
    report, meta, pages = prepare(out)
    port = free_port()
    proc = subprocess.Popen(
        datasette_command(report.path, meta, port, pages),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("datasette did not start")
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser_page():
    pytest.importorskip("playwright.sync_api")
    from browser import CHROMIUM_FLAGS, find_chromium
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if not chromium:
        pytest.skip("chromium not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS[1:])
        page = browser.new_page()
        left: list[str] = []
        page.route(
            lambda url: not url.startswith("http://127.0.0.1:"),
            lambda route: (left.append(route.request.url), route.abort()),
        )
        yield page, left
        browser.close()


@pytest.mark.browser
def test_explorer_in_chromium(server, browser_page, out):
    page, left = browser_page
    page.goto(server + "/explore/quotes?_search=levy")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() > 0 and "levy" in rows.first.inner_text().lower()
    page.goto(server + "/explore/quotes?_facet=speaker")
    link = page.locator(".facet-info a", has_text=NAMES[0]).first
    link.click()
    page.wait_for_load_state()
    speakers = page.locator("table.rows-and-columns tbody td.col-speaker").all_inner_texts()
    assert speakers and set(speakers) == {NAMES[0]}
    page.goto(server + f"/explore/speaker_quotes?speaker={NAMES[1].replace(' ', '+')}")
    db = sqlite_utils.Database(open_store(out).root / "explore.db")
    expected = next(db.query("select count(*) n from quotes where speaker = ?", [NAMES[1]]))["n"]
    assert page.locator("table.rows-and-columns tbody tr").count() == expected > 0
    article = page.locator("td.col-page a").first
    article.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and page.locator("span.q").count() > 0
    page.goto(server + "/explore/articles?_search=script")
    assert page.title() != "PWNED" and HOSTILE in page.locator("table.rows-and-columns").inner_text()
    assert left == []


def test_speaker_page_lists_every_quote_escaped(out):
    import html
    import re

    from analysis.render.article import write_article_pages
    from analysis.render.people import write_people_pages

    store = open_store(out)
    write_article_pages(store, out)
    hrefs = write_people_pages(store, out)
    attrs = store.table("attributions").drop_duplicates(["doc_id", "attr_id"])
    for name in NAMES:
        page = (out / hrefs[f"speaker:{name}"]).read_text("utf-8")
        quotes = page.split("<caption>Quotes (", 1)[1].split("</table>", 1)[0]
        expected = attrs[attrs["speaker"] == name]
        assert len(re.findall(r'<a href="\.\./articles/[^"]+#a\d+">', quotes)) == len(expected) > 0
        assert f"<caption>Quotes ({len(expected)})" in page
    first = (out / hrefs[f"speaker:{NAMES[0]}"]).read_text("utf-8")
    assert HOSTILE not in first and html.escape(HOSTILE) in first

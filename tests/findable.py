"""The checks of "every quote findable" (issue 22), on any rendered report folder.

Why a helper module: the same checks run in CI on the seeds and, marked slow, on 2,000 BBC
articles (tests/test_findable.py); only the corpus differs. Each check compares what a reader
gets in Chromium (search, sort, the CSV download, the speaker links) with the store's own tables.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
from live import _wait, column_texts, header, interactive_tables, live_page, table_info

from analysis.reports.sources import views
from analysis.reports.widgets import table_data
from analysis.store import open_store

PAYLOAD = re.compile(r"<script[^>]*data-na-payload[^>]*>(.*?)</script>", re.S)
#: A speaker the extractor did not find: shown so, with no page.
NOT_FOUND = "(not found)"


def payloads(page: Path) -> dict[str, dict]:
    """The table payloads of a report page by name, rows unpacked (``data``)."""
    found = {}
    for text in PAYLOAD.findall(page.read_text("utf-8")):
        p = json.loads(text)
        if "data" in p and "columns" in p:
            found[p["name"]] = {**p, "unpacked": table_data(p)}
    return found


def store_counts(out: Path) -> pd.Series:
    """Attributions per speaker in the store (the report's count), missing speakers as (not found)."""
    rows = views.attribution_rows(open_store(out / "store").table("attributions"))
    return rows["speaker"].astype(object).fillna(NOT_FOUND).replace("", NOT_FOUND).value_counts()


def smart_hits(rows: list[list[str]], term: str) -> int:
    """Rows DataTables' smart search keeps for ``term``: every word somewhere in the row."""
    words = term.lower().split()
    return sum(all(w in " ".join(r).lower() for w in words) for r in rows)


def pick_speakers(quotes: dict, counts: pd.Series, k: int) -> list[str]:
    """``k`` speakers (ASCII names, at least two quotes) whose search fits one page of 100 rows,
    most quoted first: the search result can be read without paging."""
    rows = quotes["unpacked"]["rows"]
    fits = [
        name
        for name, n in counts.items()
        if name != NOT_FOUND
        and n >= 2
        and name.isascii()
        and '"' not in name
        and 0 < smart_hits(rows, name) <= 100
    ]
    return fits[:k]


def page_rows(live, table) -> None:
    """Show 100 rows per page (the largest choice of the length menu)."""
    select = table.locator("xpath=ancestor::div[contains(@class,'dt-container')]").locator("select")
    select.select_option("100")
    _wait(live.page, lambda: table.locator("tbody tr").count() > 10 or "of 10 " in table_info(table))


def search(live, table, term: str) -> str:
    box = table.locator("xpath=ancestor::div[contains(@class,'dt-container')]").locator("input[type=search]")
    before = table_info(table)
    box.fill(term)
    _wait(live.page, lambda: table_info(table) != before, timeout_ms=15_000)
    return table_info(table)


def quotes_on_page(page_file: Path) -> int:
    """The number of quotes a speaker page lists (its "Quotes (N)" table caption)."""
    found = re.search(r"<caption>Quotes \((\d+)\)</caption>", page_file.read_text("utf-8"))
    return int(found.group(1)) if found else 0


def check_search(out: Path, chromium: str, k: int = 4) -> list[str]:
    """Search ``k`` speakers in 03's quote table: the filtered rows hold every quote of theirs
    (as many speaker cells with their name as the store counts), each speaker cell links to a
    page that lists as many quotes. Returns the speakers checked."""
    page = out / "03_sources.html"
    quotes = payloads(page)["attributions"]
    counts = store_counts(out)
    speakers = pick_speakers(quotes, counts, k)
    col = [c["title"] for c in quotes["columns"]].index("speaker")
    with live_page(page, chromium, width=1400) as live:
        names = [p["name"] for p in payloads(page).values()]
        table = interactive_tables(live.page)[names.index("attributions")]
        total = int(counts.sum())
        assert f"of {total:,}" in table_info(table), (table_info(table), total)  # every quote is in the page
        page_rows(live, table)
        for name in speakers:
            info = search(live, table, name)
            hits = smart_hits(quotes["unpacked"]["rows"], name)
            assert f"of {hits:,} " in info or info.endswith(f"of {hits:,}"), (name, info, hits)
            cells = column_texts(table, col)
            assert cells.count(name) == counts[name], (name, cells.count(name), int(counts[name]))
            links = table.locator(f"tbody tr td:nth-child({col + 1}) a").all()
            hrefs = {a.get_attribute("href") for a in links if a.inner_text() == name}
            assert len(hrefs) == 1, (name, hrefs)
            target = out / unquote(urlsplit(hrefs.pop()).path)
            assert target.is_file() and quotes_on_page(target) == counts[name], (name, target)
        assert not live.external_requests and not live.errors, (live.external_requests, live.errors)
    return speakers


def check_every_speaker_cell_links(out: Path) -> None:
    """In 03's speaker and quote tables, every found speaker's cell links to an existing page."""
    for name, p in payloads(out / "03_sources.html").items():
        if name not in {"speakers", "attributions"}:
            continue
        col = [c["title"] for c in p["columns"]].index("speaker")
        links = p["unpacked"]["links"][str(col)]
        for row, href in zip(p["unpacked"]["rows"], links):
            if row[col] == NOT_FOUND:
                assert href is None
            else:
                assert href and (out / unquote(href)).is_file(), (name, row[col], href)


def check_sort_by_value(out: Path, chromium: str) -> None:
    """Sorting the speakers table by attributions orders every row by number, both ways."""
    page = out / "03_sources.html"
    names = list(payloads(page))
    counts = sorted(store_counts(out).drop(NOT_FOUND, errors="ignore").tolist())
    with live_page(page, chromium, width=1400) as live:
        table = interactive_tables(live.page)[names.index("speakers")]
        col = [th.inner_text().strip() for th in table.locator("thead th").all()].index("attributions")
        header(table, col).click()
        _wait(live.page, lambda: header(table, col).get_attribute("aria-sort") == "ascending")
        shown = [int(t.replace(",", "")) for t in column_texts(table, col)]
        assert shown == counts[: len(shown)], shown
        header(table, col).click()
        _wait(live.page, lambda: header(table, col).get_attribute("aria-sort") == "descending")
        shown = [int(t.replace(",", "")) for t in column_texts(table, col)]
        assert shown == counts[::-1][: len(shown)], shown


def check_csv(out: Path, chromium: str) -> int:
    """The quote table's CSV download holds every attribution; returns its rows."""
    page = out / "03_sources.html"
    names = list(payloads(page))
    with live_page(page, chromium) as live:
        box = live.page.locator("[data-na-widget=table]").nth(names.index("attributions"))
        href = box.locator(".na-download a").get_attribute("href")
        if href.startswith("blob:"):
            text = live.page.evaluate("(u) => fetch(u).then((r) => r.text())", href)
        else:  # a side file beside the report
            text = (out / unquote(href)).read_text("utf-8")
    frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")))
    assert len(frame) == int(store_counts(out).sum()), (len(frame), href)
    return len(frame)

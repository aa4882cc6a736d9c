"""Checks across the reports of one run: one count everywhere, clean cells, n on every outlet chart,
and the article view.

The seeds and the hostile corpus (``tests/browser.py``) are each rendered once per test session
(:func:`browser.rendered`, shared with the browser and hostile-input tests). Every report's HTML
is parsed as a reader gets it: the widget payloads (tables and charts, JSON inside the page) and
any plain HTML table, stream output or text. The expected attribution counts come from the run's
store through the one view both the sources and the synthesis report count with
(:func:`analysis.synthesis.join.attribution_rows`).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from browser import PAYLOADS, SEEDS, available_notebooks, hostile_corpus, parse_tags, rendered

from analysis.render import article
from analysis.reports.sources import views as attribution_views
from analysis.reports.widgets import table_data
from analysis.store import open_store

MISSING = {"NaN", "NaT", "<NA>", "None", "nan", "NULL"}
INDEX_TITLES = {"", "index", "level_0", "Unnamed: 0"}
#: Every tag an article page may hold (no script, image, frame, form or link to anything fetched).
SAFE_PAGE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "nav",
    "a",
    "h1",
    "h2",
    "p",
    "span",
    "article",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}
#: A sentence giving the total, as the synthesis report writes it.
TOTAL_SENTENCE = re.compile(r"([\d,]+) attributions? in [\d,]+ of [\d,]+ analysed articles")


# --- reading a report ------------------------------------------------------------------------


class ReportParts(HTMLParser):
    """The parts of a report page a reader sees: widget payloads (by kind), plain HTML tables
    (``<table class="dataframe">``: header and body rows of cell texts) and text outputs
    (``jp-RenderedText``: printed lines, warnings, reprs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.payloads: list[tuple[str, dict]] = []
        self.tables: list[list[list[str]]] = []
        self.text_outputs: list[str] = []
        self._widget: str | None = None
        self._payload: list[str] | None = None
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._text_depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure" and a.get("data-na-widget"):
            self._widget = a["data-na-widget"]
        elif tag == "script" and "data-na-payload" in a:
            self._payload = []
        elif tag == "table" and "dataframe" in (a.get("class") or ""):
            self._table = []
        elif self._table is not None and tag == "tr":
            self._table.append([])
        elif self._table is not None and tag in {"td", "th"}:
            self._cell = []
        if tag == "div" and "jp-RenderedText" in (a.get("class") or ""):
            self._text_depth, self._text = 1, []
        elif tag == "div" and self._text_depth:
            self._text_depth += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._payload is not None:
            self.payloads.append((self._widget or "?", json.loads("".join(self._payload))))
            self._payload = None
        elif tag in {"td", "th"} and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "div" and self._text_depth:
            self._text_depth -= 1
            if not self._text_depth:
                self.text_outputs.append("".join(self._text))

    def handle_data(self, data):
        if self._payload is not None:
            self._payload.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._text_depth:
            self._text.append(data)

    def widget_tables(self) -> list[dict]:
        """Table payloads with their packed rows unpacked (``rows``)."""
        return [{**p, "rows": table_data(p)["rows"]} for kind, p in self.payloads if kind == "table"]

    def charts(self) -> list[dict]:
        return [p for kind, p in self.payloads if kind == "chart"]


def parse_report(path: Path) -> ReportParts:
    parts = ReportParts()
    parts.feed(path.read_text("utf-8"))
    return parts


def number(cell: str) -> int:
    return int(cell.replace(",", "").strip())


def titled_rows(table: dict) -> list[dict[str, str]]:
    """A widget table's shown rows as dicts of column title → cell text."""
    titles = [c["title"] for c in table["columns"]]
    return [dict(zip(titles, row)) for row in table["rows"]]


def plain_rows(table: list[list[str]]) -> list[dict[str, str]]:
    """A plain HTML table's body rows as dicts of header → cell text (header: its first row)."""
    if not table:
        return []
    head = table[0]
    return [dict(zip(head[-len(row) :] if len(row) < len(head) else head, row)) for row in table[1:] if row]


def all_rows(parts: ReportParts) -> list[tuple[str, list[dict[str, str]], bool]]:
    """(caption, rows, complete) of every table of a report; ``complete``: every row is shown."""
    out = [(t["caption"], titled_rows(t), t["shown"] == t["total"]) for t in parts.widget_tables()]
    out += [("(plain table)", plain_rows(t), True) for t in parts.tables]
    return out


# --- the runs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    out, record, _ = rendered("seeds", SEEDS, tmp_path_factory.getbasetemp(), only=available_notebooks())
    return out, record


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder, _, _ = hostile_corpus(tmp_path_factory.getbasetemp())
    out, record, _ = rendered("hostile", str(folder / "*"), folder.parent, only=available_notebooks())
    return out, record


@pytest.fixture(scope="module", params=["seeds", "hostile"])
def run(request):
    return request.getfixturevalue(f"{request.param}_run")


def reports(run) -> dict[str, ReportParts]:
    out, record = run
    return {nb.name: parse_report(out / nb.html) for nb in record.notebooks if nb.html}


def expected_counts(out: Path) -> tuple[int, dict[str, int]]:
    """The total of attributions and the count per speaker, from the run's store."""
    table = open_store(out).table("attributions")
    speakers = attribution_views.speaker_table(table)
    return len(attribution_views.attribution_rows(table)), dict(
        zip(speakers["speaker"], speakers["attributions"])
    )


# --- (a) one count everywhere ----------------------------------------------------------------


def test_every_report_rendered(run):
    _, record = run
    failed = {nb.name: f"cell {nb.cell}: {nb.error}" for nb in record.failed}
    assert not failed, failed


def test_same_attribution_counts_in_every_report(run):
    out, _ = run
    total, per_speaker = expected_counts(out)
    seen_speakers, seen_totals = {}, {}
    for name, parts in reports(run).items():
        for caption, rows, complete in all_rows(parts):
            for row in rows:
                if "speaker" in row and "attributions" in row and row["speaker"] in per_speaker:
                    seen_speakers.setdefault(name, {})[row["speaker"]] = number(row["attributions"])
            # a table whose rows are outlets, topics or sides splits the total (its first column)
            keys = {"outlet", "topic", "side"} & set(list(rows[0])[:1]) if rows else set()
            if complete and keys and "attributions" in rows[0]:
                seen_totals[f"{name}: {caption}"] = sum(number(r["attributions"]) for r in rows)
            single = complete and len(rows) == 1 and "attributions" in rows[0]
            if single and not {"speaker", "source", "cue", "uses"} & set(rows[0]):
                seen_totals[f"{name}: {caption}"] = number(rows[0]["attributions"])
        page = html.unescape(re.sub(r"<[^>]+>", " ", (out / f"{name}.html").read_text("utf-8")))
        for match in TOTAL_SENTENCE.finditer(page):
            seen_totals[f"{name}: sentence"] = number(match.group(1))
    wrong = {where: n for where, n in seen_totals.items() if n != total}
    assert not wrong, f"store has {total} attributions; reports say {wrong}"
    for name, counts in seen_speakers.items():
        differ = {s: (n, per_speaker[s]) for s, n in counts.items() if n != per_speaker[s]}
        assert not differ, f"{name}: (report, store) per speaker {differ}"
    if total:  # the reports about attributions each show the total and the speakers
        showing = {where.split(":")[0] for where in seen_totals}
        expected = {"03_sources", "04_synthesis"} & set(reports(run))
        assert expected <= showing, f"no attribution total in {expected - showing}"
        assert expected <= set(seen_speakers), f"no per-speaker count in {expected - set(seen_speakers)}"


# --- (b) clean cells, no index column, no printed line, no warning ------------------------------


def test_no_missing_marker_cell_or_index_column(run):
    for name, parts in reports(run).items():
        for t in parts.widget_tables():
            titles = [c["title"] for c in t["columns"]]
            assert not INDEX_TITLES & set(titles), (name, t["caption"], titles)
            bad = {cell for row in t["rows"] for cell in row if cell.strip() in MISSING}
            assert not bad, (name, t["caption"], bad)
        for table in parts.tables:
            bad = {cell for row in table[1:] for cell in row if cell in MISSING}
            assert not bad, (name, "plain table", bad)
            head = table[0] if table else []
            row_numbers = head and not head[0] and all(r and re.fullmatch(r"-?\d+", r[0]) for r in table[1:])
            assert not row_numbers, (name, "a plain table shows pandas' row numbers", head)


def test_no_printed_line_warning_or_repr(run):
    for name, parts in reports(run).items():
        assert not parts.text_outputs, (name, parts.text_outputs[:3])


# --- (c) every per-outlet chart shows n -----------------------------------------------------


def per_outlet(item: str) -> bool:
    """A chart compares outlets when an axis or a tooltip is labelled by outlet."""
    return bool(re.search(r'"axis_label":"[^"]*\boutlets?\b|\["[^"]*\boutlets?\b[^"]*","@', item, re.I))


def shows_n(item: str) -> bool:
    """n is on the chart: a tooltip field ``n``, groups named "(n = ...)", or a value axis that
    counts (articles, attributions, quotes, sentences) so that each bar is its own n."""
    counts = re.search(r'"axis_label":"(?:articles|attributions|quotes|sentences|count|number)\b', item, re.I)
    return "@n{" in item or "(n = " in item or bool(counts)


def test_every_outlet_chart_shows_n(run):
    checked = 0
    for name, parts in reports(run).items():
        for chart in parts.charts():
            if per_outlet(chart["item"]):
                checked += 1
                assert shows_n(chart["item"]), (name, chart["alt"])
    assert checked or run[1].n_articles < 2


def test_the_chart_checks_can_fail():
    assert per_outlet('{"axis_label":"outlet"}') and per_outlet('"tooltips":[["outlet","@cat"]]')
    assert not per_outlet('{"axis_label":"target article"}')
    assert not shows_n('{"axis_label":"share of quotes"}') and shows_n('[["n","@n{0,0}"]]')
    assert shows_n('{"axis_label":"articles read"}')


# --- (d) no quote from a crosshead ----------------------------------------------------------------

#: A crosshead: a paragraph of a few words between dashes (``– 'Choice for US' –``).
CROSSHEAD = re.compile(r"^\s*[–—-]\s*(.{1,80}?)\s*[–—-]\s*$", re.M)


def bare(text: str) -> str:
    """Text without quotation marks, dashes, ellipses and spaces: how a crosshead's words compare."""
    return re.sub(r"[\s\"'‘’“”«»–—…-]+", "", text).lower()


def crossheads(folder: Path) -> set[str]:
    return {
        bare(m.group(1))
        for p in sorted(folder.glob("*.txt"))
        for m in CROSSHEAD.finditer(p.read_text("utf-8"))
    }


def test_crossheads_are_found():
    assert crossheads(SEEDS), "the seeds have a crosshead; the check below must have one to look for"
    assert bare("– ‘Choice for US’ –") == bare("'Choice for US'") == "choiceforus"


def test_no_quote_from_a_crosshead(seeds_run):
    """A crosshead in quote marks (``– 'Choice for US' –``) is no quote in any report (issue 14)."""
    heads = crossheads(SEEDS)
    found = []
    for name, parts in reports(seeds_run).items():
        for caption, rows, _ in all_rows(parts):
            for row in rows:
                for column in ("content", "in its sentences (quote marked)"):
                    if column in row and bare(row[column]) in heads:
                        found.append((name, caption, row.get("speaker"), row[column]))
    assert not found, found


# --- the article view ----------------------------------------------------------------------


def span(start, end, css="q", title="t", anchor=None):
    return article.Span(start, end, css, title, anchor)


def test_highlight_escapes_and_nests_overlapping_spans():
    text = 'He said "<b>sanctions</b> & more" today.'
    out = article.highlight(
        text,
        [
            span(8, 33, "q q-direct", 'quote by "X"', "a0"),
            span(12, 21, "t t-neg", "tone"),
            span(3, 7, "cue", "cue"),
            span(35, 99, "sp", "clipped"),
        ],
    )
    assert "<b>" not in out and "&lt;b&gt;" in out and "&lt;/b&gt;" in out and "&amp; more" in out
    assert out.count('id="a0"') == 1 and 'title="quote by &quot;X&quot;"' in out
    assert 'class="q q-direct t t-neg"' in out  # the overlap carries both
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # the text itself, whole and in order


def test_article_href_is_safe_and_unique():
    hrefs = {article.article_href(i) for i in ["a b", "a-b", "a/b", '"><script>', "../x", ""]}
    assert len(hrefs) == 6
    for href in hrefs:
        assert re.fullmatch(r"articles/[A-Za-z0-9_-]+\.html", href), href


def test_article_pages_of_the_seeds(seeds_run, tmp_path):
    out, _ = seeds_run
    store = open_store(out)
    pages = article.write_article_pages(store, tmp_path, limit=3)
    attrs = store.table("attributions")
    per_doc = (
        attrs.drop_duplicates(["doc_id", "attr_id"]).groupby("doc_id").size().sort_values(ascending=False)
    )
    assert len(pages) == 3 and set(pages) <= set(per_doc.index)
    assert min(per_doc[list(pages)]) >= per_doc.iloc[3]  # the most quoted first
    index = (tmp_path / "articles" / "index.html").read_text("utf-8")
    assert "3 most quoted of the 5 analysed articles" in index
    doc_id, href = next(iter(pages.items()))
    page = (tmp_path / href).read_text("utf-8")
    assert "<script" not in page and "default-src 'none'" in page
    assert page.count('class="q ') >= 1 and 'class="sp' in page and 'class="cue' in page and "t-" in page
    first = attrs[attrs["doc_id"] == doc_id].iloc[0]
    assert html.escape(first["content"][:30]) in page
    # a second run with a lower limit removes the pages it no longer writes
    kept = article.write_article_pages(store, tmp_path, limit=1)
    assert sorted(p.name for p in (tmp_path / "articles").glob("*.html")) == sorted(
        [Path(h).name for h in kept.values()] + ["index.html"]
    )
    assert json.loads((tmp_path / "articles" / "pages.json").read_text("utf-8")) == kept


def test_article_pages_of_the_hostile_corpus_run_nothing(hostile_run, tmp_path):
    out, _ = hostile_run
    store = open_store(out)
    pages = article.write_article_pages(store, tmp_path)
    docs = store.table("docs", columns=["doc_id", "analysed"])
    assert set(pages) == set(docs.loc[docs["analysed"], "doc_id"])
    for href in pages.values():
        page = (tmp_path / href).read_text("utf-8")
        tags = parse_tags(page).tags
        assert {tag for tag, _ in tags} <= SAFE_PAGE_TAGS, {tag for tag, _ in tags} - SAFE_PAGE_TAGS
        links = {attrs.get("href") for tag, attrs in tags if tag == "a"}
        assert all(re.fullmatch(r"#a\d+|\.\./index\.html|index\.html", h or "") for h in links), links
        assert not any(a.startswith("on") or a == "src" for _, attrs in tags for a in attrs)
    text = "".join((tmp_path / h).read_text("utf-8") for h in pages.values())
    assert html.escape(PAYLOADS[0]) in text  # the script shows as text


def test_links_only_to_pages_that_exist(tmp_path):
    class FakeStore:
        root = tmp_path / "store"

    assert article.article_links(FakeStore()) == {}
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "pages.json").write_text('{"d1": "articles/d1-x.html"}', "utf-8")
    assert article.article_links(FakeStore()) == {"d1": "articles/d1-x.html"}


def test_select_articles_orders_by_quotes_then_mentions():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"]})
    attrs = pd.DataFrame({"doc_id": ["b", "b", "b", "c"], "attr_id": [0, 0, 1, 0]})  # b: 2 attributions
    targets = pd.DataFrame({"doc_id": ["d", "d", "a"]})
    assert article.select_articles(docs, attrs, targets, limit=10) == ["b", "c", "d", "a"]
    assert article.select_articles(docs, attrs, targets, limit=2) == ["b", "c"]

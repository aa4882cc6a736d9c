"""The report widgets without a browser: cell formats, table payloads and caps, chart safety,
colours, the template's navigation and embedding, and the size budget.

What a browser does with these payloads is in tests/test_browser.py.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.render.assets import (
    CHART_MIME,
    TABLE_MIME,
    bokeh_js,
    css_is_safe,
    datatables_css,
    datatables_js,
    script_json,
    unpack,
)
from analysis.render.html import clean_html, template_dir, tidy_dataframes, to_html
from analysis.render.tablepack import PAGE_BYTES
from analysis.reports import charts, widgets
from analysis.reports.cells import column_kind, format_cell, number_text, safe_href
from analysis.reports.charts import SIDE_COLOURS
from analysis.reports.tabledata import full_csv

HOSTILE = [
    '<script>document.title="PWNED"</script>',
    "<img src=x onerror=\"document.title='PWNED'\">",
    '</script><script>document.title="PWNED"</script>',
    "<!--<script>",
    "line\u2028separator & ampersand",
]


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.538462, "0.538"),
        (397.0, "397"),
        (12345.6, "12,346"),
        (-0.1, "-0.1"),
        (0.0001234, "0.000123"),
        (2.5, "2.5"),
        (0.0, "0"),
        (1e-7, "1.00e-07"),
        (99.94, "99.9"),
        (99.96, "100"),
    ],
)
def test_number_text(value, text):
    assert number_text(value) == text


def test_missing_values_are_empty_cells():
    for kind in ("int", "float", "share", "date", "bool", "text"):
        for missing in (None, float("nan"), np.nan, pd.NaT, pd.NA):
            assert format_cell(missing, kind) == ""


def test_column_kinds():
    frame = pd.DataFrame(
        {
            "n": [1, 2],
            "n_float": [3.0, np.nan],
            "share": [0.25, 0.5],
            "rate_high": [1.5, 2.0],
            "tone": [0.1, -0.2],
            "when": pd.to_datetime(["2017-07-27", None]),
            "flag": [True, False],
            "who": ["a", "b"],
            "n_nullable": pd.array([1, None], dtype="Int64"),
        }
    )
    kinds = {c: column_kind(frame[c], c) for c in frame}
    assert kinds == {
        "n": "int",
        "n_float": "int",
        "share": "share",
        "rate_high": "float",
        "tone": "float",
        "when": "date",
        "flag": "bool",
        "who": "text",
        "n_nullable": "int",
    }
    assert format_cell(0.538462, "share") == "53.8%"
    assert format_cell(1234567, "int") == "1,234,567"
    assert format_cell(pd.Timestamp("2017-07-27"), "date") == "2017-07-27"
    assert format_cell(pd.Timestamp("2017-07-27 13:05"), "date") == "2017-07-27 13:05"


def test_safe_href():
    assert safe_href("articles/004.html") == "articles/004.html"
    assert safe_href("#quote-3") == "#quote-3"
    assert safe_href("https://example.org/a") == "https://example.org/a"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "vbscript:x",
        "java\nscript:x",
        None,
        float("nan"),
        "",
    ):
        assert safe_href(bad) is None, bad


def test_the_csv_holds_every_row_and_defuses_formulas():
    frame = pd.DataFrame(
        {"quote": [f'he said "no"\nline {i}' for i in range(400)] + ['=HYPERLINK("x")'], "n": range(401)}
    )
    back = pd.read_csv(io.StringIO(unpack(full_csv(frame))))
    assert len(back) == 401 and back["quote"].head(400).tolist() == frame["quote"].head(400).tolist()
    assert back["quote"].iloc[-1] == '\'=HYPERLINK("x")'
    assert unpack(full_csv(pd.DataFrame({"x": ["-3", "-x"]}))).split() == ["x", "-3", "'-x"]


# --- tables -------------------------------------------------------------------------------------


def _frame(n: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "outlet": [HOSTILE[i % len(HOSTILE)] if i < len(HOSTILE) else f"Outlet {i}" for i in range(n)],
            "articles": rng.integers(1, 5000, n).astype(float),
            "share": rng.random(n),
            "tone": rng.normal(size=n),
            "url": [f"articles/{i}.html" if i % 3 else "javascript:alert(1)" for i in range(n)],
        },
        index=rng.permutation(n),
    )


def test_table_payload_has_no_index_and_formats_cells():
    frame = _frame()
    frame.loc[frame.index[0], "tone"] = np.nan
    bundle = widgets.table_bundle(
        frame,
        caption="Outlets",
        name="outlets list",
        links={"outlet": "url"},
        columns={"outlet": "Outlet", "articles": "Articles", "share": "share", "tone": "tone"},
    )
    p = bundle[TABLE_MIME]
    d = widgets.table_data(p)
    assert [c["title"] for c in p["columns"]] == ["Outlet", "Articles", "share", "tone"]
    assert [c["kind"] for c in p["columns"]] == ["text", "int", "share", "float"]
    assert d["rows"][0][3] == "" and d["sort"]["3"][0] is None
    assert all(re.fullmatch(r"[\d,]+", r[1]) for r in d["rows"])
    assert all(r[2].endswith("%") for r in d["rows"])
    assert p["name"] == "outlets-list" and p["total"] == p["shown"] == 30 and p["note"] == ""
    assert d["links"]["0"][0] is None and d["links"]["0"][1] == "articles/1.html"
    assert d["rows"][0][0] == HOSTILE[0]  # kept as data; escaped where it is shown
    assert pd.read_csv(io.StringIO(d["csv"])).columns.tolist() == [
        "outlet",
        "articles",
        "share",
        "tone",
        "url",
    ]
    assert bundle["text/plain"] == "Outlets (30 rows)"
    html = bundle["text/html"]
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert json.loads(script_json(p)) == p


def test_named_index_becomes_a_column():
    counts = pd.DataFrame({"outlet": ["A", "B", "A"], "n": [1, 2, 3]}).groupby("outlet").sum()
    p = widgets.table_bundle(counts, caption="c", name="c")[TABLE_MIME]
    assert [c["title"] for c in p["columns"]] == ["outlet", "n"]
    assert widgets.table_data(p)["rows"] == [["A", "4"], ["B", "2"]]


def test_link_targets_are_hidden_unless_asked_for():
    frame = _frame(4)
    p = widgets.table_bundle(frame, caption="c", name="c", links={"outlet": "url"})[TABLE_MIME]
    assert [c["title"] for c in p["columns"]] == ["outlet", "articles", "share", "tone"]
    asked = widgets.table_bundle(
        frame, caption="c", name="c", links={"outlet": "url"}, columns=["outlet", "url"]
    )
    assert [c["title"] for c in asked[TABLE_MIME]["columns"]] == ["outlet", "url"]


def test_marks_give_the_quote_in_utf16_units_and_hide_their_offsets():
    frame = pd.DataFrame(
        {
            "passage": ['He said "no" today.', '😀 said "yes".', "short", "x"],
            "start": [8, 8, 0, None],
            "end": [12, 13, 99, 1],
        }
    )
    p = widgets.table_bundle(frame, caption="c", name="c", marks={"passage": ("start", "end")})[TABLE_MIME]
    assert [c["title"] for c in p["columns"]] == ["passage"]  # the offsets are not shown
    # the emoji is two UTF-16 units: the page slices after it one unit later than Python does
    assert widgets.table_data(p)["marks"]["0"] == [[8, 12], [9, 14], None, None]
    with pytest.raises(KeyError):
        widgets.table_bundle(frame, caption="c", name="c", marks={"passage": ("start", "nope")})


def test_table_packs_every_row_within_its_budget_and_says_when_it_cannot():
    rng = np.random.default_rng(5)
    words = np.array(["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"])
    frame = pd.DataFrame({"text": [" ".join(rng.choice(words, 40)) for _ in range(5_000)], "n": range(5_000)})
    whole = widgets.table_bundle(frame, caption="Long", name="long")[TABLE_MIME]
    assert whole["shown"] == whole["total"] == 5_000 and whole["note"] == "" and "explore" not in whole
    assert len(widgets.table_data(whole)["rows"]) == 5_000
    p = widgets.table_bundle(frame, caption="Long", name="long", max_bytes=60_000)[TABLE_MIME]
    d = widgets.table_data(p)
    assert 0 < p["shown"] == len(d["rows"]) < 5_000 and len(p["data"]) <= 60_000
    assert "Showing the first" in p["note"] and "of 5,000 rows" in p["note"] and "explore" in p
    assert p["csv_rows"] == 5_000 and len(pd.read_csv(io.StringIO(d["csv"]))) == 5_000  # the CSV: every row
    assert d["rows"] == widgets.table_data(whole)["rows"][: p["shown"]]
    seven = widgets.table_bundle(frame, caption="c", name="c", max_rows=7)[TABLE_MIME]
    assert seven["shown"] == 7 and "max_rows" in seven["note"] and "budget" in p["note"]


def test_cells_sort_by_value_not_by_text():
    frame = pd.DataFrame(
        {
            "tone": ["+0.00, n = 1", "-0.89", "+0.12 (n=4)", "no score"],
            "share": ["8 of 75", "62 of 453 (14%; 11–17%)", "53 of 163", "0 of 2"],
            "words": [1200.0, 5.0, 30.0, np.nan],
            "title": ["10 ways", "b", "c 2", "d"],
        }
    )
    shown = {"tone": lambda v: v, "words": lambda v: f"{v:g} words"}
    d = widgets.table_data(widgets.table_bundle(frame, caption="c", name="c", formats=shown)[TABLE_MIME])
    assert d["sort"]["0"] == [0.0, -0.89, 0.12, None]
    assert d["sort"]["1"] == pytest.approx([8 / 75, 62 / 453, 53 / 163, 0.0])
    assert d["sort"]["2"] == [1200.0, 5.0, 30.0, None] and "3" not in d["sort"]  # text sorts as text


def test_a_column_with_an_href_beside_it_is_a_link():
    frame = pd.DataFrame(
        {"speaker": ["A", "B"], "speaker_href": ["people/speaker-a.html", None], "n": [1, 2]}
    )
    p = widgets.table_bundle(frame, caption="c", name="c")[TABLE_MIME]
    assert [c["title"] for c in p["columns"]] == ["speaker", "n"]
    assert widgets.table_data(p)["links"] == {"0": ["people/speaker-a.html", None]}


def test_table_refuses_bad_arguments():
    frame = _frame(3)
    with pytest.raises(ValueError):
        widgets.table_bundle(frame, caption=" ", name="x")
    with pytest.raises(KeyError):
        widgets.table_bundle(frame, caption="c", name="x", columns=["nope"])
    with pytest.raises(KeyError):
        widgets.table_bundle(frame, caption="c", name="x", links={"outlet": "nope"})
    with pytest.raises(ValueError):
        widgets.table_bundle(frame, caption="c", name="x", formats={"tone": "percentage"})
    with pytest.raises(ValueError):
        widgets.table_bundle(frame, caption="c", name="<>")


def test_script_json_cannot_end_its_element():
    text = script_json({"cells": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"cells": HOSTILE}


# --- charts -------------------------------------------------------------------------------------


def test_group_colours_are_stable_and_distinct():
    names = ["TASS", "RT", "CNN", "Fox News", "BBC", "Reuters", "RU", "US", "other", "unknown"]
    colours = charts.group_colours(names)
    for side, colour in SIDE_COLOURS.items():
        assert colours[side] == colour
    assert len(set(colours.values())) == len(names)
    assert charts.group_colours(["TASS", "RU"])["TASS"] == charts.group_colours(["TASS", "BBC", "US"])["TASS"]
    many = charts.group_colours([f"g{i}" for i in range(len(charts.PALETTE))])
    assert len(set(many.values())) == len(charts.PALETTE)


def _chart_frames():
    days = pd.DataFrame(
        {
            "date": pd.date_range("2017-07-01", periods=20).repeat(2),
            "side": ["RU", "US"] * 20,
            "tone": np.linspace(-1, 1, 40),
            "n": range(40),
        }
    )
    pts = pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": [1.0, 0.0, 2.0], "terms": HOSTILE[:3], "w": [1, 2, 3]})
    heat = pd.DataFrame(
        {"speaker": ["a", "a", "b"], "outlet": ["X", "Y", "X"], "v": [0.1, -0.4, 0.3], "n": [2, 3, 4]}
    )
    bars = pd.DataFrame(
        {"outlet": ["A", "B", "A"], "share": [0.2, 0.5, 0.1], "n": [4, 5, 6], "side": ["RU", "US", "US"]}
    )
    return days, pts, heat, bars


def _figures():
    days, pts, heat, bars = _chart_frames()
    return {
        "line": charts.line(days, "date", "tone", group="side", n="n"),
        "scatter": charts.scatter(pts, "x", "y", label="terms", size="w", hover=["w"]),
        "heatmap": charts.heatmap(heat, "outlet", "speaker", "v", n="n", diverging=True),
        "bar": charts.bar(bars, "outlet", "share", n="n", group="side", value_format="share"),
        "empty": charts.bar(bars.head(0), "outlet", "share"),
    }


def test_builders_give_hover_and_safe_tooltips():
    from bokeh.models import HoverTool

    for name, fig in _figures().items():
        bundle = widgets.chart_bundle(fig, alt=f"{name} chart")
        assert bundle["text/plain"] == f"{name} chart"
        item = json.loads(bundle[CHART_MIME]["item"])
        assert item["root_id"] and item["doc"]["roots"]
        tools = [t for t in fig.references() if isinstance(t, HoverTool)]
        assert (name == "empty") or tools, name
        for tool in tools:
            assert all(v.startswith("@") and "{safe}" not in v for _, v in tool.tooltips), name


def test_chart_refuses_html_and_code_models_and_needs_alt():
    from bokeh.models import CustomJS, Div, HoverTool
    from bokeh.plotting import figure

    fig = figure()
    fig.scatter([1], [1])
    with pytest.raises(ValueError):
        widgets.chart_bundle(fig, alt=" ")
    fig.add_tools(HoverTool(tooltips=[("who", "@who{safe}")]))
    with pytest.raises(ValueError, match="safe"):
        widgets.chart_bundle(fig, alt="x")
    html_tips = figure()
    html_tips.add_tools(HoverTool(tooltips="<b>@who</b>"))
    with pytest.raises(ValueError):
        widgets.chart_bundle(html_tips, alt="x")
    js = figure()
    js.js_on_event("tap", CustomJS(code="document.title='x'"))
    with pytest.raises(ValueError, match="CustomJS"):
        widgets.chart_bundle(js, alt="x")
    with pytest.raises(ValueError, match="Div"):
        from bokeh.layouts import column

        widgets.chart_bundle(column(Div(text="<b>x</b>"), figure()), alt="x")


# --- the page: navigation, embedding, sanitising ------------------------------------------------


def write_notebook(path: Path, cells: list) -> Path:
    """A notebook whose code cells carry the given display bundles as outputs (no kernel needed)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    out = []
    for c in cells:
        if isinstance(c, str):
            out.append(new_markdown_cell(c))
        else:
            code = new_code_cell("shown()")
            code.outputs = [new_output("display_data", data=c)]
            out.append(code)
    nbformat.write(new_notebook(cells=out), str(path))
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    base = tmp_path_factory.mktemp("widget-pages")
    figs = _figures()
    table = widgets.table_bundle(_frame(), caption="Outlets", name="outlets", links={"outlet": "url"})
    chart = widgets.chart_bundle(figs["bar"], alt="Share by outlet")
    plain = {"text/html": _frame(4).assign(tone=np.nan)._repr_html_(), "text/plain": "frame"}
    made = {
        "full": [
            "# Widgets *report*\n\nIntro.",
            "## Tables & more",
            table,
            "## Charts",
            chart,
            "### Small",
            "## Plain frame",
            plain,
        ],
        "table": ["# Only a table", "## T", table],
        "none": ["# Nothing interactive", "## Text", "Words."],
    }
    return {k: to_html(write_notebook(base / f"{k}.ipynb", v)) for k, v in made.items()}


def test_title_contents_and_index_link(pages):
    html = pages["full"]
    assert re.search(r"<title>Widgets report</title>", html)
    nav = html[html.index('<nav aria-label="Report navigation"') : html.index("</nav>")]
    assert '<a href="index.html">' in nav
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', nav)
    assert [t for _, t in links] == ["Tables &amp; more", "Charts", "Plain frame"]
    for anchor, _ in links:
        assert f'id="{anchor}"' in html, anchor


def test_assets_embedded_once_and_only_when_needed(pages):
    full, table_only, none = pages["full"], pages["table"], pages["none"]
    for asset in ("na-asset-datatables", "na-asset-bokeh"):
        assert full.count(f'data-na-asset="{asset}"') == 1
    assert table_only.count('data-na-asset="na-asset-datatables"') == 1
    assert 'data-na-asset="na-asset-bokeh"' not in table_only
    assert 'type="application/gzip-base64"' not in none and "data-na-ready" not in none
    assert "div.dt-container" in table_only and "div.dt-container" not in none
    element = re.search(r'data-na-asset="na-asset-bokeh"[^>]*>([^<]+)</script>', full).group(1)
    assert gzip.decompress(base64.b64decode(element)).decode("utf-8") == bokeh_js().text
    assert "http://" not in re.sub(r"<script[^>]*>.*?</script>", "", full, flags=re.S).replace(
        "http://www.w3.org", ""
    )


def test_payload_elements_hold_escaped_json(pages):
    html = pages["full"]
    payloads = re.findall(
        r"<script data-na-payload=\"\" type=\"application/json\">(.*?)</script>", html, re.S
    )
    assert len(payloads) == 2
    table = json.loads(payloads[0])
    assert widgets.table_data(table)["rows"][0][0] == HOSTILE[0] and "<" not in payloads[0]
    assert json.loads(payloads[1])["alt"] == "Share by outlet"
    assert 'role="img"' in html and 'aria-label="Share by outlet"' in html


def test_template_scripts_cannot_break_out():
    js = (template_dir() / "offline" / "news_widgets.js").read_text("utf-8")
    assert "</script" not in js.lower() and "<!--" not in js
    assert css_is_safe((template_dir() / "offline" / "news_report.css").read_text("utf-8"))
    assert css_is_safe(datatables_css().text)
    assert not css_is_safe("a { background: url(http://leak.example/x.png) }")
    assert not css_is_safe("@import 'x.css';") and not css_is_safe("</style><script>")
    assert datatables_js().kind == "module" and re.search(r"export\s*{[^}]* as default", datatables_js().text)


def test_plain_dataframes_lose_row_numbers_and_nan(pages):
    html = pages["full"]
    frame = html[html.index('<table class="dataframe">') :]
    frame = frame[: frame.index("</table>")]
    assert "NaN" not in frame and "<th>0</th>" not in frame
    named = clean_html(pd.DataFrame({"o": ["A"], "n": [1.0]}).set_index("o")._repr_html_())
    assert "<th>A</th>" in named
    assert tidy_dataframes("<p>no tables</p>") == "<p>no tables</p>"


def test_ten_tables_and_ten_charts_stay_far_under_5_mb(tmp_path):
    """The budget of issues 14 and 22: a report on 10,000 articles stays under 5 MB; the tables
    share the page's budget and their CSVs, with every row, go beside the page."""
    rng = np.random.default_rng(0)
    n = 10_000
    words = np.array([f"word{i}" for i in range(10)])
    frame = pd.DataFrame(
        {
            "title": [" ".join(rng.choice(words, 12)) for _ in range(n)],
            "quote": [" ".join(rng.choice(words, 50)) for _ in range(n)],
            "outlet": rng.choice(["TASS", "RT", "CNN"], n),
            "n": rng.integers(0, 5000, n),
            "share": rng.random(n),
            "date": pd.Timestamp("2017-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
        }
    )
    points = pd.DataFrame(
        {
            "x": rng.normal(size=1000),
            "y": rng.normal(size=1000),
            "terms": [" ".join(rng.choice(words, 8)) for _ in range(1000)],
            "w": rng.random(1000),
        }
    )
    days = pd.DataFrame(
        {
            "date": pd.date_range("2017-01-01", periods=365).repeat(5),
            "outlet": list("ABCDE") * 365,
            "tone": rng.normal(size=365 * 5),
            "n": rng.integers(1, 50, 365 * 5),
        }
    )
    table = widgets.table_bundle(frame, caption="Quotes", name="quotes")
    scatter = widgets.chart_bundle(charts.scatter(points, "x", "y", label="terms", size="w"), alt="map")
    line = widgets.chart_bundle(charts.line(days, "date", "tone", group="outlet", n="n"), alt="tone")
    cells = ["# Budget"] + [table] * 10 + [scatter, line] * 5
    side: dict[str, bytes] = {}
    page = to_html(write_notebook(tmp_path / "budget.ipynb", cells), side_files=side)
    assert len(page.encode("utf-8")) <= PAGE_BYTES < 5_000_000, len(page.encode("utf-8"))
    assert side and all(name.startswith("budget_files/") for name in side)  # every row, beside the page
    assert all(len(pd.read_csv(io.BytesIO(data))) == n for data in side.values())
    assert "Showing the first" in page and "of 10,000 rows" in page


# --- JupyterLab: whole tables with itables, the quote picker ---------------------------------


def test_a_live_kernel_shows_the_whole_frame_with_itables(monkeypatch):
    from analysis.reports import live

    shown = []
    monkeypatch.setattr(live, "show_table", lambda frame, caption: shown.append((len(frame), caption)))
    frame = pd.DataFrame({"quote": [f"words {i}" for i in range(3_000)], "n": range(3_000)})
    monkeypatch.delenv(live.SESSION_VARIABLE, raising=False)
    assert not live.live_kernel()  # papermill, nbval: the report's packed table
    monkeypatch.setenv(live.SESSION_VARIABLE, "03_sources.ipynb")
    assert live.live_kernel()
    widgets.table(frame, caption="Quotes", name="q")
    assert shown == [(3_000, "Quotes")]


def test_itables_escapes_corpus_text():
    import itables

    page = itables.to_html_datatable(
        pd.DataFrame({"a": HOSTILE}), maxBytes=0, allow_html=False, showIndex=False, connected=False
    )
    assert "PWNED" in page and "<script>document.title" not in page and "&lt;script&gt;document.title" in page


def test_picker_picks_a_speakers_an_actors_and_a_topics_quotes():
    from analysis.reports.sources.picker import ANY, choices, pick_quotes

    quotes = pd.DataFrame(
        {
            "quote_id": ["d1:1", "d1:2", "d2:1", "d3:1"],
            "speaker": ["Ana Berg", "Ana Berg", "Tom Ode", None],
            "topic_label": ["rail", "port", "rail", "rail"],
        }
    )
    named = pd.DataFrame({"quote_id": ["d1:2", "d2:1", "d2:1"], "actor": ["Tom Ode", "Ana Berg", "Lia Moe"]})
    assert choices(quotes["speaker"]) == [ANY, "Ana Berg", "Tom Ode"]
    assert len(pick_quotes(quotes, named)) == 4
    assert pick_quotes(quotes, named, speaker="Ana Berg")["quote_id"].tolist() == ["d1:1", "d1:2"]
    assert pick_quotes(quotes, named, actor="Ana Berg")["quote_id"].tolist() == ["d2:1"]
    assert pick_quotes(quotes, named, speaker="Ana Berg", topic="rail")["quote_id"].tolist() == ["d1:1"]
    assert pick_quotes(quotes, named, speaker="Tom Ode", actor="Tom Ode").empty


def test_a_page_over_its_budget_cuts_its_largest_table_says_so_and_links_the_explorer(tmp_path):
    import nbformat

    from analysis.render import tablepack

    rng = np.random.default_rng(1)
    words = np.array([f"w{i}" for i in range(50)])
    big = pd.DataFrame({"quote": [" ".join(rng.choice(words, 60)) for _ in range(20_000)]})
    small = pd.DataFrame({"speaker": ["Ana Berg", "Tom Ode"], "n": [2, 1]})
    bundles = [widgets.table_bundle(frame, caption=n, name=n) for n, frame in (("s", small), ("b", big))]
    nb = nbformat.read(str(write_notebook(tmp_path / "cut.ipynb", ["# Budget", *bundles])), as_version=4)
    side = tablepack.spill_csvs(nb, "cut")
    assert (
        list(side) == ["cut_files/b.csv"] and len(pd.read_csv(io.BytesIO(side["cut_files/b.csv"]))) == 20_000
    )
    tablepack.fit_page(nb, 500_000)
    small_p, big_p = tablepack.table_payloads(nb)
    assert small_p["shown"] == 2 and small_p["note"] == "" and big_p["csv_href"] == "cut_files/b.csv"
    assert (
        0 < big_p["shown"] < 20_000
        and len(big_p["data"]) + len(small_p["data"]) + len(small_p["csv"]) <= 500_000
    )
    assert "size budget" in big_p["note"] and big_p["explore"] == tablepack.EXPLORER_URL
    nbformat.write(nb, str(tmp_path / "cut2.ipynb"))
    page = to_html(tmp_path / "cut2.ipynb")
    link = re.search(r'<a [^>]*class="na-explore"[^>]*>', page)
    assert link and f'href="{tablepack.EXPLORER_URL}"' in link.group() and "size budget" in page

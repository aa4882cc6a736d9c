"""Charts readable at any corpus: the reports' charts of a made-up corpus with 14 long outlet names,
drawn in Chromium at 1,300 px, read back text by text (:mod:`chartshots`).

What a reader met on a real corpus, each a check here: outlet names turned on their side and over
one another (topic shares per outlet), a legend's first entry cut off, term weights ticked "0, 0,
0, 0.01", article titles at 45° under a heat map, and an ``unknown`` group the same grey as
"fewer than 5 articles". The checker is shown to fail on charts built the old way.
"""

from __future__ import annotations

import pandas as pd
import pytest
from browser import INSTALL_HINT, find_chromium, screenshot_stats
from chartshots import chart_page, crowded_charts, drawn_texts, text_problems

from analysis.reports import charts, fitting, sentiment, widgets

CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        pytest.skip(f"no Chromium found: {INSTALL_HINT}")
    pytest.importorskip("playwright.sync_api", reason="the screenshot check drives Chromium with Playwright")
    return CHROMIUM


@pytest.mark.browser
def test_crowded_charts_read_at_1300_px(chromium, tmp_path):
    made = crowded_charts()
    page = chart_page([widgets.chart_bundle(fig, alt) for fig, alt in made], tmp_path / "crowded")
    shot = tmp_path / "crowded.png"
    texts = drawn_texts(page, chromium, shot, width=1300)
    per_chart = {i: [t for t in texts if t.chart == i] for i in range(len(made))}
    assert all(len(drawn) >= 5 for drawn in per_chart.values()), {i: len(d) for i, d in per_chart.items()}
    assert text_problems(texts) == []
    std, inked = screenshot_stats(shot)
    assert std > 0.05 and inked > 0.02, (std, inked)
    legend = {t.text: t.colour for t in per_chart[3] if t.colour}
    assert legend["unknown"] != legend["fewer than 8 articles"], legend
    assert legend["fewer than 8 articles"] == charts.NOT_COMPARED
    ticks = [t.text for t in per_chart[2] if t.text.startswith("0.00")]
    assert ticks, "the term-weight axis has ticks of 0.00x"


@pytest.mark.browser
def test_the_check_finds_what_readers_met(chromium, tmp_path):
    """Charts built the old way: names at 45°, one row of legend entries wider than the chart,
    "0,0.[00]" ticks on term weights. Each problem is reported."""
    from bokeh.models import NumeralTickFormatter

    names = [
        f"The {w} Valley Evening Chronicle and Gazette"
        for w in ["North", "South", "East", "West", "Upper", "Lower"]
    ]
    frame = pd.DataFrame({"outlet": names, "weight": [0.002 * (i + 1) for i in range(6)], "grp": names})
    slanted = charts.heatmap(frame.assign(y="a"), "outlet", "y", "weight")
    slanted.x_range.factors = names
    slanted.xaxis.major_label_orientation = 0.8
    wide = charts.bar(frame, "outlet", "weight", group="grp")
    wide.legend.ncols = len(names)
    wide.xaxis.formatter = NumeralTickFormatter(format="0,0.[00]")
    bundles = [widgets.chart_bundle(slanted, "Slanted."), widgets.chart_bundle(wide, "Wide legend.")]
    texts = drawn_texts(chart_page(bundles, tmp_path / "old"), chromium, tmp_path / "old.png")
    found = "\n".join(text_problems(texts))
    assert "degrees" in found and "cut off" in found and "written twice" in found, found


def test_tick_formats_fit_the_values():
    assert fitting.fitting_format([0.002, 0.0121]) == "0,0.[000]"  # 0.002, 0.004 ... not 0, 0, 0.01
    assert fitting.fitting_format([3, 120, 5000]) == "0,0"
    assert fitting.fitting_format([0.1, 0.45]) == "0,0.[00]"
    assert fitting.fitting_format([0.1, 0.45], extra=1) == "0,0.[000]"
    fig = charts.bar(pd.DataFrame({"t": list("abc"), "w": [0.003, 0.007, 0.011]}), "t", "w")
    assert fig.xaxis[0].formatter.format == "0,0.[000]"


def test_long_names_are_shortened_apart_and_never_slanted():
    titles = [f"A fairly long made-up headline about the regional story number {i}" for i in range(12)]
    shown = fitting.shown_names(titles, fitting.LONG_LABEL)
    assert len(set(shown.values())) == 12 and all(len(s) <= fitting.LONG_LABEL + 4 for s in shown.values())
    kept = fitting.shown_names(["The Blue Meadow Times-Picayune and Review (n = 11 articles)"], 44)
    assert next(iter(kept.values())).endswith("(n = 11 articles)")
    few, upright = fitting.category_labels(["a", "b"], across=True)
    assert few == {"a": "a", "b": "b"} and not upright
    _, upright = fitting.category_labels(titles, across=True)
    assert upright
    grid = pd.DataFrame({"article": titles[:3], "speaker": ["X", "Y", "Z"], "n": [1, 2, 3]})
    fig = charts.heatmap(grid, "article", "speaker", "n", value_format="int")
    assert fig.yaxis[0].axis_label == "article" and fig.xaxis[0].major_label_orientation == "horizontal"


def test_legend_columns_fit_the_page():
    data = pd.DataFrame({"topic": [f"{t}: pipeline / crude / barrels" for t in range(6)], "share": [0.1] * 6})
    fig = charts.bar(data, "topic", "share", group="topic")
    legend = fig.legend[0]
    assert 1 < legend.ncols < 6
    widest = max(len(t) for t in data["topic"]) * fitting.CHAR_PX + 40
    assert legend.ncols * widest <= fitting.FIT_WIDTH


def test_not_compared_is_not_the_grey_of_unknown():
    table = pd.DataFrame(
        {
            "actor": ["A", "B", "C"],
            "side": ["unknown", "US", "US"],
            "n": [106, 40, 2],
            "mean": [0.1, 0.2, 0.3],
        }
    ).assign(low=lambda t: t["mean"] - 0.1, high=lambda t: t["mean"] + 0.1, enough=[True, True, False])
    fig = sentiment.charts.intervals(table, "actor", title="t", value_label="tone", min_n=5, group="side")
    source = next(r.data_source for r in fig.renderers if "legend" in r.data_source.data)
    colour = dict(zip(source.data["legend"], source.data["colour"]))
    assert colour["unknown"] == charts.SIDE_COLOURS["unknown"] != colour["fewer than 5 articles"]

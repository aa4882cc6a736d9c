"""The intertopic map of the topics report (pyLDAvis-style): relevance as pyLDAvis defines it,
circles whose area follows the topic's share, and in Chromium a click that shows the clicked
topic's term bars and a λ slider that reorders them (the page's order is the Python order)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from browser import INSTALL_HINT, find_chromium
from chartshots import chart_page, click_topic, drawn_texts, map_bars, slide_to_zero, text_problems

from analysis.render.assets import BOKEH_WIDGETS, needed_assets, widget_kinds
from analysis.reports import widgets
from analysis.reports.topics import charts as topic_charts
from analysis.reports.topics import termmap

CHROMIUM = find_chromium()
WORDS = [
    f"{a}{b}" for a in ("tal", "mer", "vok", "sun", "dra", "pel") for b in ("ine", "oth", "ask", "umi", "era")
]


def made_up_map(n_bars: int = 8) -> termmap.TermMap:
    """Five topics over 30 made-up words; shares 40%, 25%, 16%, 12%, 7%."""
    rng = np.random.default_rng(11)
    P = rng.dirichlet(np.full(len(WORDS), 0.3), size=5)
    coords = pd.DataFrame(
        {
            "topic": range(5),
            "label": [f"{t}: {WORDS[3 * t]} / {WORDS[3 * t + 1]}" for t in range(5)],
            "x": [0.0, 0.5, -0.4, 0.2, -0.1],
            "y": [0.0, 0.3, 0.4, -0.5, -0.2],
            "share": [0.40, 0.25, 0.16, 0.12, 0.07],
        }
    )
    return termmap.term_map(coords, P, WORDS, n_bars=n_bars)


def test_relevance_is_pyldavis_relevance():
    P = np.array([[0.5, 0.3, 0.2], [0.6, 0.01, 0.39]])
    coords = pd.DataFrame(
        {"topic": [0, 1], "label": ["a", "b"], "x": [0, 1], "y": [0, 1], "share": [0.5, 0.5]}
    )
    tm = termmap.term_map(coords, P, ["w0", "w1", "w2"], n_bars=3)
    row = tm.terms[(tm.terms["topic"] == 0) & (tm.terms["term"] == "w0")].iloc[0]
    p_w = 0.5 * 0.5 + 0.5 * 0.6
    lam = 0.3
    expected = lam * np.log(0.5) + (1 - lam) * np.log(0.5 / p_w)
    assert termmap.relevance(row["log_topic"], row["log_lift"], lam) == pytest.approx(expected)
    assert row["corpus"] == pytest.approx(1000 * p_w) and row["in_topic"] == pytest.approx(1000 * 0.25)
    # λ = 1: the topic's most frequent words; λ = 0: the words most particular to it
    assert termmap.top_terms(tm.terms, 0, 1.0, 1) == ["w0"]  # p(w|t) 0.5
    assert termmap.top_terms(tm.terms, 0, 0.0, 1) == ["w1"]  # lift 0.3 / 0.155 beats 0.5 / 0.55


def test_a_topic_part_of_a_term_is_never_more_than_the_whole():
    tm = made_up_map(n_bars=len(WORDS))
    assert (tm.terms["in_topic"] <= tm.terms["corpus"] + 1e-9).all()
    summed = tm.terms.groupby("term")["in_topic"].sum()
    whole = tm.terms.groupby("term")["corpus"].first()
    assert np.allclose(summed, whole)  # every topic uses every word here: the parts add up to the whole
    few = made_up_map(n_bars=4)
    for lam in termmap.LAMBDA_GRID:  # the shipped candidates hold the top terms at every λ on the grid
        for t in range(5):
            assert termmap.top_terms(few.terms, t, lam, 4) == termmap.top_terms(tm.terms, t, lam, 4)


def test_circle_area_is_proportional_to_share():
    tm = made_up_map()
    fig = topic_charts.topic_circles(tm)
    data = fig.renderers[0].data_source.data
    area = np.asarray(data["size"]) ** 2
    assert np.allclose(area / area[0], np.asarray(data["share"]) / data["share"][0])
    assert data["number"] == ["0", "1", "2", "3", "4"]  # each circle is labelled


def test_a_model_without_term_names_is_mapped_from_the_topic_terms_table():
    tm = made_up_map()
    table = pd.DataFrame(
        [(0, 0, "alpha", 0.6), (0, 1, "beta", 0.4), (1, 0, "beta", 0.7), (1, 1, "gamma", 0.3)],
        columns=["topic", "rank", "term", "weight"],
    )
    model = SimpleNamespace(terms_=None, components_=np.ones((2, 1000)))
    mapped = termmap.from_model(model, tm.topics.head(2), table)
    assert set(mapped.terms["term"]) == {"alpha", "beta", "gamma"}
    assert termmap.top_terms(mapped.terms, 0, 1.0, 1) == ["alpha"]


def test_only_the_registered_script_passes_the_chart_check():
    from bokeh.models import CustomJS

    fig, alt = topic_charts.intertopic_map(SimpleNamespace(term_map=made_up_map()))
    bundle = widgets.chart_bundle(fig, alt)
    assert bundle[widgets.CHART_MIME]["widgets"] is True
    other = topic_charts.topic_circles(made_up_map())
    other.js_on_event("tap", CustomJS(code="document.title = 'x'"))
    with pytest.raises(ValueError, match="CustomJS"):
        widgets.chart_bundle(other, "map")
    nb = {"cells": [{"outputs": [{"data": bundle}]}]}
    nb = SimpleNamespace(cells=nb["cells"])
    assert BOKEH_WIDGETS in widget_kinds(nb)
    assert "na-asset-bokeh-widgets" in [a.id for a in needed_assets(widget_kinds(nb))]
    plain = widgets.chart_bundle(topic_charts.topic_circles(made_up_map()), "map")
    assert BOKEH_WIDGETS not in widget_kinds(SimpleNamespace(cells=[{"outputs": [{"data": plain}]}]))


@pytest.mark.browser
def test_click_shows_the_topic_and_the_slider_reorders_its_terms(tmp_path):
    if CHROMIUM is None:
        pytest.skip(f"no Chromium found: {INSTALL_HINT}")
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import CHROMIUM_FLAGS

    tm = made_up_map()
    fig, alt = topic_charts.intertopic_map(SimpleNamespace(term_map=tm))
    page = chart_page([widgets.chart_bundle(fig, alt)], tmp_path / "map")
    requests, errors = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS[1:])
        view = browser.new_page(viewport={"width": 1300, "height": 1400}, device_scale_factor=1)
        view.on("request", lambda r: requests.append(r.url))
        view.on("pageerror", lambda e: errors.append(str(e)))
        view.goto(page.resolve().as_uri())
        view.wait_for_selector("html[data-na-ready]", state="attached", timeout=60_000)
        view.wait_for_timeout(500)
        title, first, axis = map_bars(view)
        assert title.startswith("Top terms of 0:") and first == axis == termmap.top_terms(tm.terms, 0, 0.6, 8)
        click_topic(view, 3)
        view.wait_for_timeout(300)
        title, clicked, axis = map_bars(view)
        assert title.startswith("Top terms of 3:") and clicked == axis == termmap.top_terms(
            tm.terms, 3, 0.6, 8
        )
        assert clicked != first
        slide_to_zero(view)  # λ = 0: the terms most particular to the topic
        view.wait_for_timeout(300)
        title, particular, axis = map_bars(view)
        assert title.endswith("λ = 0.0") and particular == axis == termmap.top_terms(tm.terms, 3, 0.0, 8)
        assert particular != clicked
        browser.close()
    assert not errors, errors
    assert all(u.split(":")[0] in {"file", "data", "blob", "about"} for u in requests), requests
    drawn = drawn_texts(page, CHROMIUM, tmp_path / "map.png")
    texts = {t.text for t in drawn}
    assert set(first) <= texts and {"0", "1", "2", "3", "4"} <= texts  # bars and circle numbers drawn
    assert text_problems(drawn) == []

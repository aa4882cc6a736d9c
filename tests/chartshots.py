"""Charts as a reader sees them: each figure in a report page, opened in Chromium, every text it drew.

Why record the canvas: BokehJS draws axis labels, tick labels, legends and titles on a ``<canvas>``,
so the DOM holds no label to measure. An init script wraps ``fillText`` and keeps, per canvas, each
text with its box on the page (the context's transform applied to ``measureText``'s box) and its
angle; a canvas cleared whole drops what it drew before, so what is left is the last picture.
:func:`text_problems` then says, in words, what a reader would meet: a label cut off at the canvas
edge, two labels over one another, a label at a slant, one tick value written twice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from browser import CHROMIUM_FLAGS

#: Records every ``fillText`` of every canvas (page coordinates, CSS px; device scale 1).
RECORD_TEXT = """
(() => {
  const ids = new WeakMap();
  let next = 0;
  window.__naTexts = [];
  const idOf = (c) => { if (!ids.has(c)) ids.set(c, next++); return ids.get(c); };
  const P = CanvasRenderingContext2D.prototype;
  const fill = P.fillText, clear = P.clearRect;
  P.clearRect = function (x, y, w, h) {
    if (x <= 0 && y <= 0 && w >= this.canvas.width / 2 && h >= this.canvas.height / 2) {
      const id = idOf(this.canvas);
      window.__naTexts = window.__naTexts.filter((t) => t.canvas !== id);
    }
    return clear.apply(this, arguments);
  };
  P.fillText = function (text, x, y) {
    try {
      const m = this.measureText(text), t = this.getTransform(), r = this.canvas.getBoundingClientRect();
      const box = [[x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent],
                   [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent]];
      const pts = [[box[0][0], box[0][1]], [box[1][0], box[0][1]], [box[0][0], box[1][1]], [box[1][0], box[1][1]]]
        .map(([a, b]) => [t.a * a + t.c * b + t.e, t.b * a + t.d * b + t.f]);
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      window.__naTexts.push({
        text: String(text), canvas: idOf(this.canvas), angle: Math.atan2(t.b, t.a),
        left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys),
        width: r.width, height: r.height, page_x: r.left + window.scrollX, page_y: r.top + window.scrollY,
      });
    } catch (e) { /* a text that cannot be measured is not recorded */ }
    return fill.apply(this, arguments);
  };
})();
"""


#: Legend labels, which BokehJS writes as DOM elements (``.bk-label``, in shadow roots): boxes
#: relative to their chart's container, one pseudo-canvas per chart (numbered from 10,000).
DOM_LABELS = """
() => {
  const out = [];
  document.querySelectorAll(".na-chart-body").forEach((body, i) => {
    const box = body.getBoundingClientRect();
    const walk = (node) => {
      if (node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.children || []) walk(child);
      if (node.classList && node.classList.contains("bk-label")) {
        const r = node.getBoundingClientRect(), glyph = node.parentNode.querySelector("canvas");
        let colour = null;
        if (glyph) {
          const [w, h] = [glyph.width, glyph.height];
          const px = glyph.getContext("2d").getImageData(Math.floor(w / 2), Math.floor(h / 2), 1, 1).data;
          colour = "#" + Array.from(px.slice(0, 3)).map((v) => v.toString(16).padStart(2, "0")).join("");
        }
        out.push({text: node.textContent, colour, canvas: 10000 + i, angle: 0, left: r.left - box.left,
                  right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top,
                  width: box.width, height: box.height, page_x: box.left + window.scrollX,
                  page_y: box.top + window.scrollY});
      }
    };
    walk(body);
  });
  return out;
}
"""


@dataclass(frozen=True)
class Text:
    """One text a canvas drew: its box in the canvas's CSS pixels and its angle (radians)."""

    text: str
    canvas: int
    chart: int
    angle: float
    left: float
    right: float
    top: float
    bottom: float
    width: float
    height: float
    colour: str | None = None  # a legend entry's glyph colour (its centre pixel)


def overlap(a: Text, b: Text, slack: float = 1.0) -> bool:
    """True when the two boxes share more than ``slack`` px in both directions."""
    dx = min(a.right, b.right) - max(a.left, b.left)
    dy = min(a.bottom, b.bottom) - max(a.top, b.top)
    return dx > slack and dy > slack


NUMBER = re.compile(r"^[-+−]?[\d,]*\.?\d+%?$")


def text_problems(texts: list[Text]) -> list[str]:
    """What a reader would find wrong with the drawn texts, one sentence per problem."""
    problems = []
    for t in texts:
        if t.left < -1 or t.top < -1 or t.right > t.width + 1 or t.bottom > t.height + 1:
            problems.append(f"chart {t.chart}: {t.text!r} is cut off at the canvas edge")
        if min(abs(t.angle), abs(abs(t.angle) - math.pi / 2)) > 0.05:
            problems.append(f"chart {t.chart}: {t.text!r} is drawn at {math.degrees(t.angle):.0f} degrees")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a.canvas == b.canvas and a.text.strip() and b.text.strip() and overlap(a, b):
                problems.append(f"chart {a.chart}: {a.text!r} and {b.text!r} overlap")
    problems += repeated_ticks(texts)
    return problems


def repeated_ticks(texts: list[Text]) -> list[str]:
    """Tick values written twice along one axis ("0, 0, 0, 0.01"): three or more numbers of one
    canvas on one line (a row of x ticks, or a column of y or colour-bar ticks, aligned right or
    left), one of them twice."""
    lines: dict[tuple, list[Text]] = {}
    for t in texts:
        if NUMBER.match(t.text.strip()) and abs(t.angle) < 0.05:
            for key in (("row", round(t.bottom)), ("right", round(t.right)), ("left", round(t.left))):
                lines.setdefault((t.canvas, *key), []).append(t)
    problems = set()
    for row in lines.values():
        values = [t.text.strip() for t in row]
        twice = sorted({v for v in values if values.count(v) > 1})
        if len(row) > 2 and twice:
            problems.add(f"chart {row[0].chart}: tick value(s) {', '.join(twice)} written twice on one axis")
    return sorted(problems)


def chart_page(bundles: list[dict], folder: Path) -> Path:
    """A report page holding each chart bundle (:func:`analysis.reports.widgets.chart_bundle`) as a
    notebook output, converted by the report pipeline (no kernel: the outputs are written as is)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from analysis.render.html import to_html

    folder.mkdir(parents=True, exist_ok=True)
    cells = [new_markdown_cell("# Chart check\n\nCharts of a made-up corpus.")]
    for bundle in bundles:
        cells.append(new_code_cell("", outputs=[new_output("display_data", data=bundle)]))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "charts.ipynb"
    nbformat.write(nb, str(path))
    page = folder / "charts.html"
    page.write_text(to_html(path), "utf-8")
    return page


def drawn_texts(page: Path, chromium: str, shot: Path, width: int = 1300, height: int = 1000) -> list[Text]:
    """Open ``page`` at ``width`` px, wait for its charts, screenshot it whole, return every text drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS[1:])
        view = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        view.add_init_script(RECORD_TEXT)
        view.route(re.compile(r"^(?!file:|data:|blob:|about:)"), lambda route: route.abort())
        view.goto(page.resolve().as_uri())
        view.wait_for_selector("html[data-na-ready]", state="attached", timeout=60_000)
        view.wait_for_timeout(1500)  # BokehJS lays out, then paints once more at the final size
        view.screenshot(path=str(shot), full_page=True)
        raw = view.evaluate("window.__naTexts") + view.evaluate(DOM_LABELS)
        charts = view.evaluate(
            "Array.from(document.querySelectorAll('.na-chart-body')).map((e) => e.getBoundingClientRect().top "
            "+ window.scrollY)"
        )
        browser.close()
    return [_text(r, charts) for r in raw]


def _text(raw: dict, chart_tops: list[float]) -> Text:
    chart = sum(1 for top in chart_tops if top <= raw["page_y"] + 1) - 1
    keys = ("text", "canvas", "angle", "left", "right", "top", "bottom", "width", "height")
    return Text(**{k: raw[k] for k in keys}, chart=chart, colour=raw.get("colour"))


# --- the intertopic map, driven as a reader does ----------------------------------------------------

VIEWS = """const views = [];
const walk = (v) => { views.push(v); for (const c of (v.child_views || [])) walk(c); };
for (const v of Object.values(Bokeh.index)) walk(v);
const fig = (start) => views.find((v) => v.model.type === "Figure" && v.model.title
  && v.model.title.text.startsWith(start));"""
#: Where on the page the circle of a topic is (its centre, CSS px), scrolled into view.
CIRCLE_AT = (
    "(topic) => {"
    + VIEWS
    + """
  const fv = fig("Intertopic"), src = fv.model.renderers[0].data_source, i = src.data.topic.indexOf(topic);
  fv.el.scrollIntoView({block: "center"});
  const r = fv.canvas_view.el.getBoundingClientRect();
  return [r.left + fv.frame.x_scale.compute(src.data.x[i]), r.top + fv.frame.y_scale.compute(src.data.y[i])];
}"""
)
#: The term bars now drawn: the chart's title and its terms, top bar first.
BARS = (
    "() => {"
    + VIEWS
    + """
  const fv = fig("Top terms");
  return [fv.model.title.text, Array.from(fv.model.renderers[1].data_source.data.term),
          Array.from(fv.model.y_range.factors).reverse()];
}"""
)


def map_bars(view) -> tuple[str, list[str], list[str]]:
    """The term bars the map's page now draws: (title, terms top first, axis factors top first)."""
    title, terms, axis = view.evaluate(BARS)
    return title, terms, axis


def click_topic(view, topic: int) -> None:
    """Click the centre of ``topic``'s circle (a real mouse click, as a reader's)."""
    view.mouse.click(*view.evaluate(CIRCLE_AT, topic))


def slide_to_zero(view) -> None:
    """Move the λ slider to 0 with the keyboard (its handle focused, Home)."""
    handle = view.locator(".noUi-handle").first
    handle.focus()
    handle.press("Home")


# --- a made-up corpus with long outlet names and many outlets -----------------------------------

#: Outlet names as long as real ones get ("The ... Evening Chronicle and Gazette"), 14 of them.
LONG_OUTLETS = [
    f"The {place} {kind}"
    for place, kind in zip(
        [
            "Northern Valley",
            "Greater Lakeside",
            "Upper Riverside",
            "Eastern Plains",
            "Old Harbour",
            "Southern Coast",
            "Western Highlands",
            "Central Basin",
            "Pine Ridge",
            "Silver Bay",
            "Iron Hills",
            "Red Canyon",
            "Blue Meadow",
            "Stone Bridge",
        ],
        [
            "Evening Chronicle and Gazette",
            "Morning Herald Tribune",
            "Weekly Observer",
            "Daily Courier",
            "Independent Monitor Online",
            "Sentinel",
            "Post-Dispatch and Review",
            "Examiner",
            "Ledger",
            "Gazette",
            "Star-Telegram",
            "Journal of Record",
            "Times-Picayune",
            "Advertiser",
        ],
    )
]
TOPIC_WORDS = [
    ("pipeline", "crude", "barrels"),
    ("ballot", "turnout", "precinct"),
    ("tariff", "imports", "steel"),
    ("hospital", "patients", "nurses"),
    ("drought", "harvest", "farmers"),
    ("stadium", "league", "coach"),
]


def crowded_corpus(seed: int = 3):
    """Articles of :data:`LONG_OUTLETS` (5 to 30 each, some unstated) over eight months, with six
    topics' shares per article: ``(docs, doc_topics, names)`` as the store would give them."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    outlets = [o for i, o in enumerate(LONG_OUTLETS) for _ in range(5 + (i * 7) % 26)] + [None] * 12
    docs = pd.DataFrame(
        {
            "doc_id": [f"d{i:03d}" for i in range(len(outlets))],
            "title": [
                f"A fairly long made-up headline about the regional story number {i}"
                for i in range(len(outlets))
            ],
            "text": "made-up text",
            "outlet": outlets,
            "date": pd.Timestamp("2021-01-01")
            + pd.to_timedelta(rng.integers(0, 240, len(outlets)), unit="D"),
        }
    )
    shares = rng.dirichlet(np.full(len(TOPIC_WORDS), 0.4), size=len(docs))
    doc_topics = pd.DataFrame(
        [(d, t, float(w)) for d, row in zip(docs["doc_id"], shares) for t, w in enumerate(row)],
        columns=["doc_id", "topic", "weight"],
    )
    names = {t: f"{t}: {' / '.join(words)}" for t, words in enumerate(TOPIC_WORDS)}
    return docs, doc_topics, names


def crowded_charts() -> list[tuple[object, str]]:
    """The reports' charts of :func:`crowded_corpus` (figure, alt): topic shares per outlet and
    month, term weights, tone per outlet with an ``unknown`` side and outlets too small to compare,
    a heat map of speakers by article title, the outlet answers and the reuse heat map."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from analysis.reports import outlets, sentiment, sources
    from analysis.reports import topics as topics_report
    from analysis.reports.topics.load import group_view

    docs, doc_topics, names = crowded_corpus()
    by_outlet = group_view(docs, doc_topics, names, "outlet", "outlet", 5)
    by_month = group_view(docs, doc_topics, names, "date", "month", 5)
    terms = pd.DataFrame(
        [
            (t, r, f"{w}{r}" if r >= 3 else w, 0.012 - 0.0011 * r - 0.0004 * t)
            for t, ws in enumerate(TOPIC_WORDS)
            for r, w in enumerate([*ws, *ws, *ws[:2]])
        ],
        columns=["topic", "rank", "term", "weight"],
    )
    report = SimpleNamespace(
        term_bars=topics_report.views.term_weights(terms, names, n=8), n_terms=8, names=names
    )
    counts = docs["outlet"].fillna("unknown").value_counts()
    tone = pd.DataFrame(
        {
            "outlet": counts.index,
            "side": ["unknown" if i % 4 == 0 else "US" if i % 2 else "RU" for i in range(len(counts))],
            "n": counts.to_numpy(),
            "mean": np.linspace(-0.3, 0.4, len(counts)),
        }
    )
    tone["enough"] = tone["n"] >= 8
    tone["low"], tone["high"] = tone["mean"] - 0.1, tone["mean"] + 0.1
    speakers = [f"Speaker {c} Longname" for c in "ABCDEFGH"]
    grid = pd.DataFrame(
        [(t, s, (i * 3 + j) % 4) for i, t in enumerate(docs["title"][:18]) for j, s in enumerate(speakers)],
        columns=["article", "speaker", "attributions"],
    )
    answers = pd.DataFrame(
        {
            "answer": [*LONG_OUTLETS[:6], "unknown: too few articles like it"],
            "outlet": [*LONG_OUTLETS[:6], "unknown"],
            "articles": [9, 7, 5, 4, 3, 2, 40],
        }
    )
    reuse = pd.DataFrame(
        [
            (a, b, ((i + 2 * j) % 5) / 5)
            for i, a in enumerate(LONG_OUTLETS[:9])
            for j, b in enumerate(LONG_OUTLETS[:9])
        ],
        columns=["source", "target", "share"],
    )
    return [
        topics_report.charts.outlet_shares(by_outlet),
        topics_report.charts.month_shares(by_month),
        topics_report.charts.top_terms(report),
        (
            sentiment.charts.intervals(
                tone, "outlet", title="Mean tone per outlet", value_label="mean tone", min_n=8, group="side"
            ),
            "Tone per outlet.",
        ),
        sources.charts.speaker_articles(SimpleNamespace(grid=grid)),
        (outlets.charts.answers(answers), "Answers."),
        (outlets.charts.reuse_heatmap(reuse), "Reuse."),
    ]

"""The sentiment report's charts: each function takes tables of :mod:`analysis.reports.sentiment.views`.

They return Bokeh figures built on :mod:`analysis.reports.charts`, shown with
:func:`analysis.reports.widgets.chart`, and come with the sentences that read them (``*_note``),
computed from the same table and hedged by its n. Scores run from -1 (negative) to +1
(positive), so every chart draws the zero line: which side of it a mark falls on is the finding.
"""

from __future__ import annotations

import pandas as pd

from analysis.reports import charts
from analysis.reports.labels import plural
from analysis.reports.sentiment.views import ToneTrend
from analysis.reports.stats import LEVEL

#: Fill of a group too small to compare: hollow, unlike the grey of a compared ``unknown`` side.
MUTED = charts.NOT_COMPARED


def few_label(min_n: int, unit: str = "articles") -> str:
    """Legend entry of the hollow (not compared) marks: ``fewer than 5 articles``."""
    return f"fewer than {min_n} {unit}"


def _integer_axis(axis) -> None:
    """Ticks at whole numbers only: no 0.5-article tick on a count axis."""
    axis.ticker.min_interval = 1


def tone_histogram(distribution: pd.DataFrame):
    """Articles per band of mean tone (:func:`~analysis.sentiment.views.tone_distribution`)."""
    fig = charts.bar(
        distribution,
        "band",
        "articles",
        n="articles",
        n_label="articles",
        title="Articles by the mean tone of their sentences",
        value_label="articles",
        value_format="int",
        horizontal=False,
    )
    if len(distribution):
        _integer_axis(fig.yaxis[0])
        fig.xaxis.axis_label = "mean compound of the article's sentences (-1 negative, +1 positive)"
    return fig


def _interval_source(
    table: pd.DataFrame,
    category: str,
    sub: str | None,
    colour_by: pd.Series,
    colours: dict[str, str],
    legend_few: str,
):
    """The columns :func:`intervals` draws: ``y`` is the category with an offset per ``sub`` value
    (a Bokeh categorical offset), and a hollow (not ``enough``) row gets no bar."""
    from bokeh.models import ColumnDataSource

    ok = table["enough"].to_numpy(dtype=bool)
    has = table["low"].notna().to_numpy() & ok
    mean = table["mean"].astype(float)
    subs = list(dict.fromkeys(table[sub].astype(str))) if sub else [""]
    step = 0.6 / len(subs)
    offset = {v: (len(subs) - 1) * step / 2 - i * step for i, v in enumerate(subs)}
    sub_values = table[sub].astype(str).tolist() if sub else [""] * len(table)
    return ColumnDataSource(
        data={
            "y": [(c, offset[v]) for c, v in zip(table[category].astype(str), sub_values)],
            "cat": table[category].astype(str).tolist(),
            "sub": sub_values,
            "mean": mean.tolist(),
            "low": table["low"].where(has, mean).astype(float).tolist(),
            "high": table["high"].where(has, mean).astype(float).tolist(),
            "interval": [
                f"{lo:+.2f} to {hi:+.2f}" if h else "not compared (too few articles)"
                for lo, hi, h in zip(table["low"], table["high"], has)
            ],
            "n": table["n"].astype(int).tolist(),
            "colour": [colours[c] if k else MUTED for c, k in zip(colour_by, ok)],
            "legend": [c if k else legend_few for c, k in zip(colour_by, ok)],
        }
    )


def intervals(
    table: pd.DataFrame,
    category: str,
    *,
    title: str,
    value_label: str,
    min_n: int,
    group: str | None = None,
    sub: str | None = None,
    n_label: str = "articles",
):
    """Mean and 95% interval per row of a :func:`~analysis.sentiment.views.compare_means`-like
    table (``n, mean, low, high, enough``): a dot and a bar, coloured by ``group`` (a column, or
    ``sub``'s values); a row that is not ``enough`` is a hollow dot without a bar (it is not
    compared). With ``sub`` (the voice under an actor) each category gets one dot per ``sub``
    value, side by side on its row. Hover gives the mean, interval and n."""
    from bokeh.models import FactorRange, HoverTool, Range1d, Span

    if table.empty:
        return charts.empty_chart(title)
    factors = list(dict.fromkeys(table[category].astype(str)))
    colour_by = (table[group] if group else table[sub] if sub else table[category]).astype(str)
    source = _interval_source(
        table, category, sub, colour_by, charts.group_colours(colour_by), few_label(min_n, n_label)
    )
    row = 40 if sub and table[sub].nunique() > 1 else 26
    fig = charts.new_figure(
        title, height=max(180, row * len(factors) + 110), y_range=FactorRange(*reversed(factors))
    )
    fig.segment(
        x0="low", y0="y", x1="high", y1="y", line_color="colour", line_width=3, line_alpha=0.6, source=source
    )
    dots = fig.scatter(
        x="mean",
        y="y",
        size=10,
        fill_color="colour",
        line_color="#333333",
        legend_field="legend",
        source=source,
    )
    known = table[table["enough"]]
    lows, highs = pd.concat([known["low"], table["mean"]]), pd.concat([known["high"], table["mean"]])
    fig.x_range = Range1d(
        max(-1.05, min(0.0, float(lows.min())) - 0.05), min(1.05, max(0.0, float(highs.max())) + 0.05)
    )
    fig.add_layout(Span(location=0, dimension="height", line_color="#333333", line_width=1))
    fig.xaxis.axis_label = value_label
    fig.ygrid.grid_line_color = None
    tips = (
        [(category, "@cat")]
        + ([(sub, "@sub")] if sub else [])
        + [(value_label, "@mean{0.00}"), (f"{LEVEL:.0%} interval", "@interval"), (n_label, "@n{0,0}")]
    )
    fig.add_tools(HoverTool(tooltips=tips, renderers=[dots]))
    charts.legend_below(fig)
    return fig


def tone_over_time(trend: ToneTrend):
    """Mean article tone per period with its 95% band, only the periods that have enough
    articles (:func:`~analysis.sentiment.views.tone_trend`); hover gives the period and n."""
    from bokeh.models import ColumnDataSource, Span

    title = f"Mean tone of the articles per {trend.unit}"
    if not trend.enough:
        return charts.empty_chart(title, "Too few periods with enough articles for a trend.")
    p = trend.periods
    fig = charts.line(
        p,
        "period",
        "mean",
        n="articles",
        n_label="articles",
        title=title,
        y_label="mean tone of its articles",
    )
    band = ColumnDataSource(
        data={
            "x": pd.to_datetime(p["period"]).to_numpy(),
            "low": p["low"].fillna(p["mean"]).to_numpy(dtype=float),
            "high": p["high"].fillna(p["mean"]).to_numpy(dtype=float),
        }
    )
    fig.varea(x="x", y1="low", y2="high", source=band, fill_color=charts.PALETTE[5], fill_alpha=0.15)
    fig.add_layout(Span(location=0, dimension="width", line_color="#333333", line_width=1))
    fig.xaxis.axis_label = trend.unit
    return fig


def signed(value: float) -> str:
    """A score as text with its sign and two decimals, and no "-0.00"."""
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def _name(row: pd.Series, key: str) -> str:
    return f"{row[key]} ({signed(row['mean'])}, n = {int(row['n'])})"


def comparison_note(table: pd.DataFrame, key: str, *, min_n: int, unit: str = "articles") -> str:
    """What a :func:`intervals` chart of ``table`` shows, in a sentence or two: whether the lowest
    and highest means of the groups with ``min_n`` or more ``unit`` differ beyond their
    intervals, or why no comparison is possible."""
    ok = table[table["enough"]]
    groups = table.get("groups", pd.Series(1, index=table.index))
    single, pooled, unnamed = table[groups == 1], table[groups > 1], table[groups == 0]
    hollow = int((~single["enough"]).sum())
    kept = f" {plural(hollow, key)} with fewer than {min_n} {unit} shown as hollow dots." if hollow else ""
    if len(unnamed):  # "(not stated)": shown, never counted as a key nor compared
        n_unnamed, one = int(unnamed["n"].sum()), unit[:-1]
        if len(unnamed) == len(table):
            return f"No {one} states its {key}: the {plural(n_unnamed, one)} are one row, nothing to compare."
        kept += f" {plural(n_unnamed, one)} with no {key} stated {'is' if n_unnamed == 1 else 'are'} one row, not compared."
    if len(pooled):
        p = pooled.iloc[0]
        kept += (
            f" {int(p['groups'])} {key}s with fewer than {min_n} {unit} each are pooled "
            f"({int(p['n'])} {unit})."
        )
    if len(single) + len(pooled) == 1 and len(single):
        only = single.iloc[0]
        return f"One {key} only, {only[key]}, with {plural(int(only['n']), unit[:-1])}: nothing to compare.{kept}"
    if len(ok) < 2:
        most = single.loc[single["n"].idxmax()] if len(single) else None
        largest = f" (the largest, {most[key]}, has {int(most['n'])})" if most is not None else ""
        return (
            f"{'No' if ok.empty else 'Only one'} {key} has {min_n} or more {unit}{largest}: no "
            f"comparison between {key}s is possible, and a mark describes its own {unit} only.{kept}"
        )
    lo, hi = ok.loc[ok["mean"].idxmin()], ok.loc[ok["mean"].idxmax()]
    span = (
        f"Among the {len(ok)} {key}s with {min_n} or more {unit}, the means run from "
        f"{_name(lo, key)} to {_name(hi, key)}."
    )
    if pd.isna(lo["high"]) or pd.isna(hi["low"]) or lo["high"] >= hi["low"]:
        return f"{span} Their {LEVEL:.0%} intervals overlap: these data do not show that they differ.{kept}"
    return (
        f"{span} Their {LEVEL:.0%} intervals do not overlap: the mean of {lo[key]} is lower than that "
        f"of {hi[key]} by this measure.{kept}"
    )


def distribution_note(tone: pd.DataFrame) -> str:
    """How many articles lean negative or positive (mean compound beyond ±0.05), as counts."""
    n = len(tone)
    if not n:
        return "No article has a scored sentence."
    c = tone["mean_compound"]
    neg, pos = int((c <= -0.05).sum()), int((c >= 0.05).sum())
    return (
        f"Of {plural(n, 'article')}: {neg:,} negative on average (mean compound -0.05 or lower), "
        f"{pos:,} positive (0.05 or higher), {n - neg - pos:,} neither; the median article scores "
        f"{signed(c.median())}."
    )


def trend_note(trend: ToneTrend) -> str:
    """Why the tone-over-time chart is drawn or not, with the numbers behind it."""
    if not trend.dated:
        return "No article has a date, so tone over time cannot be shown."
    need = f"a line needs {trend.min_periods} periods with {trend.min_per_period} or more dated articles each"
    if not trend.enough:
        best = (
            f"; the best grouping, by {trend.unit}, gives {len(trend.periods)}" if len(trend.periods) else ""
        )
        return f"{plural(trend.dated, 'article')} of the corpus dated; {need}{best}, so no trend is drawn."
    dropped = f" ({plural(trend.dropped, 'thinner ' + trend.unit)} left out)" if trend.dropped else ""
    return (
        f"{plural(len(trend.periods), trend.unit)} with {trend.min_per_period} or more articles each"
        f"{dropped}; the band is the {LEVEL:.0%} interval of each mean."
    )


def voice_note(table: pd.DataFrame, *, min_n: int) -> str:
    """For each actor with ``min_n`` articles in both voices: does the tone of the journalist's
    sentences differ from quoted speakers' beyond the intervals?"""
    both = table[table["enough"]].groupby("actor").filter(lambda g: g["voice"].nunique() >= 2)
    if both.empty:
        return (
            f"No actor is mentioned in {min_n} or more articles in both the journalist's sentences and "
            "quoted speech: the voices cannot be compared for any actor."
        )
    gaps = []
    for actor, g in both.groupby("actor", sort=False):
        j, q = g.set_index("voice").reindex(["journalist", "quoted speakers"]).itertuples()
        if pd.notna(j.low) and pd.notna(q.low) and (j.high < q.low or q.high < j.low):
            gaps.append(
                f"{actor} (journalist {signed(j.mean)}, n = {j.n}; quoted {signed(q.mean)}, n = {q.n})"
            )
    actors = both["actor"].nunique()
    if not gaps:
        return (
            f"For the {plural(actors, 'actor')} with {min_n} or more articles in both voices, the "
            "intervals overlap: these data do not show quoted speakers treating an actor differently "
            "from the journalist."
        )
    return (
        f"Of {plural(actors, 'actor')} with {min_n} or more articles in both voices, the voices differ "
        f"beyond their intervals for: {'; '.join(gaps)}."
    )

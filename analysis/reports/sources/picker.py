"""A picker for the sources report in JupyterLab: the quotes of one speaker, actor or topic.

Why in a live kernel only: a report's HTML is static and already searchable (every quote is in
its table); in JupyterLab an analyst follows one person, then the next, and a drop-down is faster
than typing into a search box. The quotes come from the explorer's tables
(:func:`analysis.explore.tables.article_rows`), so the picker, the explorer and the speaker pages
show the same rows.
"""

from __future__ import annotations

import pandas as pd

from analysis.explore.tables import article_rows, speaker_groups
from analysis.reports.live import live_kernel, show_table

#: The choice that filters nothing.
ANY = "(any)"
#: Columns of a picked quote, in the order shown.
PICKED_COLUMNS = ["speaker", "group", "type", "cue", "content", "title", "outlet", "month", "topic_label"]


def pick_quotes(
    quotes: pd.DataFrame, named: pd.DataFrame, speaker: str = ANY, actor: str = ANY, topic: str = ANY
) -> pd.DataFrame:
    """The quotes (explorer ``quotes`` rows) said by ``speaker``, naming ``actor`` (its
    ``quote_actors`` rows ``named``) and in an article of ``topic``; :data:`ANY` keeps all."""
    rows = quotes
    if speaker != ANY:
        rows = rows[rows["speaker"] == speaker]
    if actor != ANY:
        rows = rows[rows["quote_id"].isin(set(named.loc[named["actor"] == actor, "quote_id"]))]
    if topic != ANY:
        rows = rows[rows["topic_label"] == topic]
    return rows.reset_index(drop=True)


def choices(values: pd.Series) -> list[str]:
    """:data:`ANY`, then the values most frequent first (ties by name)."""
    counts = values.dropna().astype(str).value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [ANY] + [v for v, _ in ordered]


def quote_picker(store) -> None:
    """Show three drop-downs (speaker, actor, topic) and the quotes they pick, in a live kernel;
    nothing under papermill or nbval (the report keeps its static tables)."""
    if not live_kernel():
        return
    import ipywidgets
    from IPython.display import display

    tables = article_rows(store, store.analysed["doc_id"].tolist(), speaker_groups(store))
    quotes, named = tables["quotes"], tables["quote_actors"]
    boxes = {
        "speaker": ipywidgets.Dropdown(options=choices(quotes["speaker"]), description="speaker"),
        "actor": ipywidgets.Dropdown(options=choices(named["actor"]), description="actor"),
        "topic": ipywidgets.Dropdown(options=choices(quotes["topic_label"]), description="topic"),
    }
    out = ipywidgets.Output()

    def update(_=None) -> None:
        picked = pick_quotes(quotes, named, **{k: b.value for k, b in boxes.items()})
        out.clear_output()
        with out:
            show_table(picked[[c for c in PICKED_COLUMNS if c in picked]], caption=f"{len(picked):,} quotes")

    for box in boxes.values():
        box.observe(update, names="value")
    display(ipywidgets.VBox([ipywidgets.HBox(list(boxes.values())), out]))
    update()

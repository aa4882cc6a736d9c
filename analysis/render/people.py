"""A page per speaker and per actor beside the article pages: ``OUT/people/<slug>.html``.

Why: a table row says a speaker was quoted 16 times; the analyst's next question is what they
said, about whom, where and when. Each speaker page lists every quote (linked to the article
page at the quote where that page was written), the actors the quotes name with their tone, the
outlets, months and topics; each actor page lists the quotes naming them and their tone by
outlet. Pages are static, offline and escaped like the article pages (:mod:`.article`).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from analysis.explore.tables import article_rows, speaker_groups
from analysis.render.article import article_href, article_links
from analysis.render.files import atomic_write

FOLDER = "people"
PAGES_FILE = "pages.json"
#: Pages written at most per kind (the most quoted speakers, the most named actors first), so a
#: 100,000-article corpus gives a bounded folder; the explorer holds every speaker.
MAX_PEOPLE = 5000


def person_href(kind: str, name: str) -> str:
    """The link to a speaker's or actor's page from a report in the same folder."""
    return f"{FOLDER}/{article_href(f'{kind}-{name}').split('/', 1)[1]}"


def _cell(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def _table(caption: str, frame: pd.DataFrame, columns: list[str]) -> str:
    """An escaped HTML table (``link`` column cells are trusted markup made by :func:`_links`)."""
    if frame.empty:
        return f"<p>{html.escape(caption)}: none.</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{r[c] if c == 'link' else _cell(r[c])}</td>" for c in columns) + "</tr>"
        for r in frame.to_dict(orient="records")
    )
    return f"<table><caption>{html.escape(caption)} ({len(frame)})</caption><tr>{head}</tr>{body}</table>"


def _links(quotes: pd.DataFrame, pages: dict[str, str]) -> pd.Series:
    """The title of each quote's article, linked to its page at the quote when the page exists."""
    out = []
    for doc_id, attr_id, title in zip(quotes["doc_id"], quotes["attr_id"], quotes["title"]):
        text = _cell(title) or "(untitled article)"
        href = pages.get(doc_id)
        out.append(f'<a href="../{html.escape(href)}#a{int(attr_id)}">{text}</a>' if href else text)
    return pd.Series(out, index=quotes.index, dtype=object)


def _counts(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[column].fillna("(unknown)").value_counts().rename_axis(column).reset_index(name="quotes")


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:70rem;margin:auto;padding:1rem}}table{{border-collapse:collapse;margin:1rem 0}}td,th{{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}}caption{{text-align:left;font-weight:bold}}</style>
</head><body><nav><a href="../index.html">← All reports</a> · <a href="index.html">All people</a></nav>
<h1>{html.escape(title)}</h1>{body}</body></html>"""


def speaker_page(name: str, quotes: pd.DataFrame, named: pd.DataFrame) -> str:
    """The page of one speaker: their quotes, the actors they named and the tone, outlets, months, topics."""
    about = named.groupby("actor")["score"].agg(["count", "mean"]).reset_index()
    about = about.rename(columns={"count": "mentions", "mean": "mean tone"}).round(3)
    body = (
        f"<p>{len(quotes)} quote(s) in {quotes['doc_id'].nunique()} article(s).</p>"
        + _table("Quotes", quotes, ["month", "outlet", "link", "type", "cue", "content"])
        + _table("Actors named in these quotes, with tone", about, ["actor", "mentions", "mean tone"])
        + _table("Outlets", _counts(quotes, "outlet"), ["outlet", "quotes"])
        + _table("Months", _counts(quotes, "month").sort_values("month"), ["month", "quotes"])
        + _table("Topics", _counts(quotes, "topic_label"), ["topic_label", "quotes"])
    )
    return _page(f"Speaker: {name}", body)


def actor_page(name: str, quotes: pd.DataFrame, targets: pd.DataFrame) -> str:
    """The page of one actor: the quotes naming them, who said them, the tone by outlet."""
    tone = targets.groupby([targets["outlet"].fillna("(unknown)"), "side"])["score"].agg(["count", "mean"])
    tone = tone.reset_index().rename(columns={"count": "mentions", "mean": "mean tone"}).round(3)
    body = _table(
        "Quotes naming this actor", quotes, ["month", "outlet", "speaker", "link", "score", "content"]
    ) + _table(
        "Tone of the sentences naming this actor, by outlet",
        tone,
        ["outlet", "side", "mentions", "mean tone"],
    )
    return _page(f"Actor: {name}", body)


def write_people_pages(store, out_dir: str | Path) -> dict[str, str]:
    """Write a page per speaker and per actor under ``out_dir/people/``; returns ``kind:name`` →
    href (also in ``people/pages.json``, so tables can link a speaker cell to its page)."""
    (Path(out_dir) / FOLDER).mkdir(parents=True, exist_ok=True)
    tables = article_rows(store, store.analysed["doc_id"].tolist(), speaker_groups(store))
    quotes, named, targets = tables["quotes"], tables["quote_actors"], tables["targets"]
    quotes = quotes.assign(link=_links(quotes, article_links(store)))
    hrefs: dict[str, str] = {}
    top_speakers = set(quotes["speaker"].value_counts().index[:MAX_PEOPLE])
    top_actors = set(targets["actor"].value_counts().index[:MAX_PEOPLE])
    for name, rows in quotes[quotes["speaker"].isin(top_speakers)].groupby("speaker"):
        own = named[named["quote_id"].isin(set(rows["quote_id"]))]
        hrefs[f"speaker:{name}"] = _write(
            out_dir, person_href("speaker", name), speaker_page(name, rows, own)
        )
    merged = named.merge(quotes.drop(columns=["attr_id", "doc_id"]), on="quote_id")
    for name, rows in targets[targets["actor"].isin(top_actors)].groupby("actor"):
        page = actor_page(name, merged[merged["actor"] == name], rows)
        hrefs[f"actor:{name}"] = _write(out_dir, person_href("actor", name), page)
    _write_index(out_dir, hrefs)
    return hrefs


def _write(out_dir: str | Path, href: str, page: str) -> str:
    atomic_write(Path(out_dir) / href, page.encode())
    return href


def _write_index(out_dir: str | Path, hrefs: dict[str, str]) -> None:
    folder = Path(out_dir) / FOLDER
    items = "".join(
        f'<li><a href="{html.escape(h.split("/", 1)[1])}">{html.escape(k)}</a></li>'
        for k, h in sorted(hrefs.items())
    )
    atomic_write(folder / "index.html", _page("Speakers and actors", f"<ul>{items}</ul>").encode())
    atomic_write(folder / PAGES_FILE, json.dumps(hrefs, indent=0, sort_keys=True).encode())


def people_links(store) -> dict[str, str]:
    """``kind:name`` → href of the speaker and actor pages a report run wrote beside its reports
    (``<out>/people/pages.json``); empty when none were written (JupyterLab, nbval)."""
    path = Path(store.root).parent / FOLDER / PAGES_FILE
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def with_person_links(frame: pd.DataFrame, column: str, kind: str, pages: dict[str, str]) -> pd.DataFrame:
    """``frame`` with ``<column>_href``: the page of each row's speaker or actor (``kind``) where
    one was written (:func:`person_href` named it), else empty; a report table links the cell to it."""
    if column not in frame.columns or not pages:
        return frame
    hrefs = frame[column].map(lambda name: pages.get(f"{kind}:{name}"))
    return frame.assign(**{f"{column}_href": hrefs})

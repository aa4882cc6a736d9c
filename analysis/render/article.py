"""The article view: one page per article, its text with quotes, speakers, cues and target mentions
highlighted, reachable from every report table row that names the article.

Why static pages written by the report run: a reader checking a quote in a table wants to see it
in its article (GenderGapTracker and Citron show quotes highlighted in their text). The offsets
already exist in the store (``attributions``: content, cue and speaker spans; ``sentiment_targets``:
mentions), all indexing ``docs.text``. A page per article keeps each report small; the pages are
plain HTML, every piece of corpus text escaped, with a Content-Security-Policy that lets no script
run and nothing be fetched.

Why capped: a corpus of 100,000 articles would give 100,000 files. :func:`write_article_pages`
writes pages for at most ``limit`` analysed articles, the most quoted first (then those with the
most target mentions, then in corpus order), lists them in ``articles/index.html`` with a note
saying how many were left out, and records the written ones in ``articles/pages.json`` so that a
notebook links only rows whose page exists (:func:`article_links`).

Public API: :data:`MAX_PAGES`, :func:`article_href`, :func:`select_articles`,
:func:`highlight`, :func:`article_page`, :func:`write_article_pages`, :func:`article_links`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.render.files import atomic_write
from analysis.reports.labels import plural

#: Pages a report run writes at most (the most quoted articles first).
MAX_PAGES = 2000
#: The folder of the pages, beside the reports, and the file recording which pages exist.
FOLDER = "articles"
PAGES_FILE = "pages.json"

ATTRIBUTION_COLUMNS = schema.ATTRIBUTIONS_FOR_PAGES
TARGET_COLUMNS = schema.TARGETS_FOR_PAGES
DOC_COLUMNS = schema.DOCS_FOR_PAGES


def article_href(doc_id: str) -> str:
    """The link to an article's page from a report in the same folder: ``articles/<slug>.html``.

    The slug keeps letters, digits, ``-`` and ``_`` of the id (ids come from file names and may
    hold anything) and adds a hash of the whole id, so two ids never share a page.
    """
    text = str(doc_id)
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "article"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{readable}-{digest}.html"


def select_articles(
    docs: pd.DataFrame, attributions: pd.DataFrame, targets: pd.DataFrame, limit: int = MAX_PAGES
) -> list[str]:
    """The analysed articles that get a page: the most attributions first (one per ``attr_id``),
    then the most target mentions, then corpus order; at most ``limit``."""
    ids = docs["doc_id"].astype(str)
    quoted = attributions.drop_duplicates(["doc_id", "attr_id"]).groupby("doc_id").size()
    mentioned = targets.groupby("doc_id").size()
    rank = pd.DataFrame(
        {
            "doc_id": ids,
            "quotes": ids.map(quoted).fillna(0).to_numpy(),
            "mentions": ids.map(mentioned).fillna(0).to_numpy(),
            "order": range(len(ids)),
        }
    )
    rank = rank.sort_values(["quotes", "mentions", "order"], ascending=[False, False, True], kind="stable")
    return rank["doc_id"].head(max(limit, 0)).tolist()


# --- highlighting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of an article's text: ``[start, end)``, a CSS class, a tooltip, and
    an optional anchor id given to its first piece."""

    start: int
    end: int
    css: str
    title: str
    anchor: str | None = None


def article_spans(attributions: pd.DataFrame, targets: pd.DataFrame) -> list[Span]:
    """The spans of one article: each attribution's content, cue and speaker, each target mention."""
    spans: list[Span] = []
    seen: set = set()
    for row in attributions.itertuples(index=False):
        who = row.speaker if isinstance(row.speaker, str) and row.speaker else "speaker not found"
        side = f" ({row.side})" if isinstance(row.side, str) and row.side else ""
        label = f"{row.type} attribution {int(row.attr_id) + 1}: {who}{side}"
        anchor = None if row.attr_id in seen else f"a{int(row.attr_id)}"
        seen.add(row.attr_id)
        spans.append(Span(int(row.content_start), int(row.content_end), f"q q-{row.type}", label, anchor))
        for kind, start, end in (
            ("cue", row.cue_start, row.cue_end),
            ("sp", row.speaker_start, row.speaker_end),
        ):
            if not pd.isna(start) and not pd.isna(end) and int(end) > int(start):
                spans.append(
                    Span(int(start), int(end), kind, f"{'cue' if kind == 'cue' else 'speaker'} of {label}")
                )
    for row in targets.itertuples(index=False):
        label = row.label if row.label in {"neg", "pos", "neu"} else "neu"
        spans.append(
            Span(
                int(row.start),
                int(row.end),
                f"t t-{label}",
                f"target {row.actor or row.target} ({row.side}): tone {row.score:+.2f} ({label})",
            )
        )
    return spans


def highlight(text: str, spans: list[Span]) -> str:
    """``text`` as escaped HTML with each span wrapped in ``<span class=... title=...>``.

    Spans may overlap (a target named inside a quote): the text is cut at every span boundary and
    each piece carries the classes and tooltips of all spans covering it, so the markup stays
    well nested whatever the overlap. Spans outside the text are clipped.
    """
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end and s.start < n]
    cuts = sorted({0, n, *(s.start for s in spans), *(min(s.end, n) for s in spans)})
    out, anchored = [], set()
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        active = [s for s in spans if s.start <= a and min(s.end, n) >= b]
        if not active:
            out.append(piece)
            continue
        css = " ".join(dict.fromkeys(c for s in active for c in s.css.split()))
        title = " · ".join(dict.fromkeys(s.title for s in active))
        ids = [s.anchor for s in active if s.anchor and s.anchor not in anchored and s.start == a]
        anchored.update(ids)
        id_attr = f' id="{html.escape(ids[0])}"' if ids else ""
        out.append(f'<span class="{css}" title="{html.escape(title)}"{id_attr}>{piece}</span>')
    return "".join(out)


# --- pages -----------------------------------------------------------------------------------


def _css() -> str:
    return resources.files("analysis.render").joinpath("templates/article/article.css").read_text("utf-8")


def _text_cell(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def _attribution_rows(attributions: pd.DataFrame) -> str:
    rows = []
    parts = attributions.groupby("attr_id", sort=True)
    for attr_id, group in parts:
        first = group.iloc[0]
        content = " … ".join(group["content"].astype(str))
        rows.append(
            f'<tr><td class="num"><a href="#a{int(attr_id)}">{int(attr_id) + 1}</a></td>'
            f"<td>{_text_cell(first['speaker'])}</td><td>{_text_cell(first['side'])}</td>"
            f"<td>{_text_cell(first['type'])}</td><td>{_text_cell(first['cue'])}</td>"
            f"<td>{html.escape(content)}</td></tr>"
        )
    return "".join(rows)


def _target_rows(targets: pd.DataFrame) -> str:
    if targets.empty:
        return ""
    summary = (
        targets.assign(actor=targets["actor"].fillna(targets["target"]))
        .groupby(["actor", "side"], dropna=False)
        .agg(
            mentions=("score", "size"),
            tone=("score", "mean"),
            neg=("label", lambda s: int((s == "neg").sum())),
            pos=("label", lambda s: int((s == "pos").sum())),
        )
        .reset_index()
        .sort_values(["mentions", "actor"], ascending=[False, True])
    )
    return "".join(
        f'<tr><td>{_text_cell(r.actor)}</td><td>{_text_cell(r.side)}</td><td class="num">{r.mentions}</td>'
        f'<td class="num">{r.tone:+.2f}</td><td class="num">{r.neg}</td><td class="num">{r.pos}</td></tr>'
        for r in summary.itertuples(index=False)
    )


def _meta(doc: pd.Series) -> str:
    date = doc.get("date")
    parts = [
        f"Outlet: {_text_cell(doc.get('outlet')) or 'not stated'}",
        f"Date: {pd.Timestamp(date).strftime('%Y-%m-%d') if not pd.isna(date) else 'not stated'}",
        f"{int(doc['n_words']):,} words" if not pd.isna(doc.get("n_words")) else "",
        f"File: <code>{_text_cell(doc.get('source_path'))}</code>"
        if not pd.isna(doc.get("source_path"))
        else "",
        f"Id: <code>{_text_cell(doc['doc_id'])}</code>",
    ]
    return " · ".join(p for p in parts if p)


def article_page(doc: pd.Series, attributions: pd.DataFrame, targets: pd.DataFrame) -> str:
    """The HTML page of one article (``doc``: a docs row with ``text``), its attributions and target
    mentions (rows of the store's tables for this article). Everything from the corpus is escaped."""
    title = _text_cell(doc.get("title")) or "(untitled article)"
    n_attr = attributions["attr_id"].nunique() if len(attributions) else 0
    body = highlight(str(doc["text"]), article_spans(attributions, targets))
    quotes = (
        f"<table><caption>{plural(n_attr, 'attribution')}, in order; "
        "click a number to find it in the text</caption><thead><tr><th>#</th><th>Speaker</th><th>Side</th>"
        f"<th>Type</th><th>Cue</th><th>Content</th></tr></thead><tbody>{_attribution_rows(attributions)}"
        "</tbody></table>"
        if n_attr
        else "<p>No quotes or paraphrases were found in this article.</p>"
    )
    tone = (
        f"<table><caption>Actors named, with the tone of the sentences naming them ({len(targets)} "
        "mentions)</caption><thead><tr><th>Actor</th><th>Side</th><th>Mentions</th><th>Mean tone</th>"
        f"<th>Negative</th><th>Positive</th></tr></thead><tbody>{_target_rows(targets)}</tbody></table>"
        if len(targets)
        else "<p>No actor of the gazetteer is named in this article.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — article view</title>
<style>{_css()}</style></head><body>
<nav><a href="../index.html">← All reports</a> · <a href="index.html">All article pages</a></nav>
<h1>{title}</h1>
<p class="meta">{_meta(doc)}</p>
<p class="legend">Highlighted: <span class="q q-direct">quoted words</span>
<span class="q q-indirect">paraphrase</span> <span class="sp">speaker</span> <span class="cue">cue</span>
actors named in a <span class="t t-neg">negative</span>, <span class="t t-neu">neutral</span> or
<span class="t t-pos">positive</span> sentence. Hover a highlight for who said it and the tone.</p>
<article class="text">{body}</article>
<h2>Quotes and paraphrases</h2>
{quotes}
<h2>Actors and tone</h2>
{tone}
</body></html>
"""


def _index_page(rows: list[tuple[str, str, str, int]], analysed: int) -> str:
    note = (
        f"Pages were written for the {len(rows):,} most quoted of the {analysed:,} analysed articles "
        "(then those naming the most actors); the others have none."
        if len(rows) < analysed
        else f"Every one of the {analysed:,} analysed articles has a page."
    )
    body = "".join(
        f'<tr><td><a href="{html.escape(href.split("/", 1)[1])}">{title}</a></td><td>{outlet}</td>'
        f'<td class="num">{quotes}</td></tr>'
        for href, title, outlet, quotes in rows
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Article pages</title><style>{_css()}</style></head><body>
<nav><a href="../index.html">← All reports</a></nav>
<h1>Article pages</h1><p class="meta">{note}</p>
<table><thead><tr><th>Article</th><th>Outlet</th><th>Attributions</th></tr></thead><tbody>{body}</tbody></table>
</body></html>
"""


def write_article_pages(store, out_dir: str | Path, limit: int = MAX_PAGES) -> dict[str, str]:
    """Write ``out_dir/articles/<slug>.html`` for up to ``limit`` analysed articles of ``store`` (an
    :class:`analysis.store.Store`), an index of them, and ``pages.json``; returns doc_id → href
    (relative to ``out_dir``, as :func:`article_href` gives). Pages of a previous run that are not
    written again are removed, so no link leads to another corpus's article."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    docs = store.table("docs", columns=[*DOC_COLUMNS, "analysed"])
    docs = docs[docs["analysed"]]
    attrs = store.table("attributions", columns=ATTRIBUTION_COLUMNS)
    targets = store.table("sentiment_targets", columns=TARGET_COLUMNS)
    chosen = select_articles(docs, attrs, targets, limit)
    texts = store.table("docs", columns=["doc_id", "text"])
    texts = texts[texts["doc_id"].isin(set(chosen))].set_index("doc_id")["text"]
    meta = docs.set_index("doc_id")
    attrs_by, targets_by = dict(list(attrs.groupby("doc_id"))), dict(list(targets.groupby("doc_id")))
    pages, rows = {}, []
    for doc_id in chosen:
        doc = meta.loc[doc_id].copy()
        doc["doc_id"], doc["text"] = doc_id, texts.get(doc_id, "")
        a = attrs_by.get(doc_id, attrs.iloc[:0])
        href = article_href(doc_id)
        atomic_write(
            Path(out_dir) / href, article_page(doc, a, targets_by.get(doc_id, targets.iloc[:0])).encode()
        )
        pages[doc_id] = href
        rows.append(
            (
                href,
                _text_cell(doc.get("title")) or "(untitled article)",
                _text_cell(doc.get("outlet")),
                int(a["attr_id"].nunique()) if len(a) else 0,
            )
        )
    keep = {Path(h).name for h in pages.values()} | {"index.html", PAGES_FILE}
    for old in folder.glob("*.html"):
        if old.name not in keep:
            old.unlink()
    atomic_write(folder / "index.html", _index_page(rows, len(docs)).encode())
    atomic_write(folder / PAGES_FILE, json.dumps(pages, indent=0, sort_keys=True).encode())
    return pages


def article_links(store) -> dict[str, str]:
    """doc_id → href of the article pages a report run wrote beside its reports (the store's
    folder's parent: ``<out>/articles``); empty when none were written (a notebook run in
    JupyterLab or nbval), so a table links only rows whose page exists."""
    path = Path(store.root).parent / FOLDER / PAGES_FILE
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}

"""The Datasette metadata of the explorer: titles, facets, full-text search, canned queries.

Why in Python, written as ``metadata.json`` beside the database: the facets and queries name the
database's columns, which :mod:`analysis.explore.database` defines; keeping both in this package
means a renamed column breaks a test here, not a page in front of an analyst.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.explore.plugins.article_links import PLUGIN

#: The database's name in Datasette's URLs (``/explore/quotes``).
DB = "explore"

QUERIES = {
    "speaker_quotes": {
        "title": "A speaker's quotes",
        "description": "Every quote attributed to a speaker (exact name as in the speakers table).",
        "sql": "select quote_id, month, outlet, title, type, cue, content, topic_label, page "
        "from quotes where speaker = :speaker order by month, doc_id, attr_id",
    },
    "quotes_naming_actor": {
        "title": "Quotes that mention an actor",
        "description": "Quotes whose text names the actor, with the tone of the sentence naming it.",
        "sql": 'select q.quote_id, q.speaker, q."group", q.outlet, q.month, a.score as tone, '
        "q.content, q.page from quote_actors a join quotes q on q.quote_id = a.quote_id "
        "where a.actor = :actor order by q.month, q.doc_id, q.attr_id",
    },
    "actor_tone_by_outlet": {
        "title": "An actor's tone by outlet",
        "description": "Mean tone of the sentences naming the actor, per outlet and voice.",
        "sql": "select coalesce(outlet, '(unknown outlet)') as outlet, side, count(*) as mentions, "
        "round(avg(score), 3) as mean_tone from targets where actor = :actor "
        "group by outlet, side order by mentions desc",
    },
}


def metadata(pages: Path | None) -> dict:
    """The metadata dict; ``pages`` is the folder of article pages (links only to existing ones)."""
    tables = {
        "quotes": {
            "facets": ["speaker", "group", "outlet", "topic_label", "month"],
            "fts_table": "quotes_fts",
            "fts_pk": "rowid",
            "label_column": "content",
        },
        "sentences": {"facets": ["voice", "speaker"], "fts_table": "sentences_fts"},
        "articles": {"facets": ["outlet", "topic_label", "month"], "fts_table": "articles_fts"},
        "targets": {"facets": ["actor", "outlet", "side", "month", "label"]},
        "speakers": {"facets": ["group"], "sort_desc": "n_quotes"},
        "actors": {"facets": ["group", "kind"], "sort_desc": "n_mentions"},
        "quote_actors": {"facets": ["actor"]},
        "_doc_hashes": {"hidden": True},
        "_meta": {"hidden": True},
    }
    return {
        "title": "News corpus explorer",
        "description": "Every quote, sentence, article, speaker and actor of the study store. "
        "Search, facet, or run a canned query; the page column links to the article page.",
        "databases": {DB: {"tables": tables, "queries": QUERIES}},
        "plugins": {PLUGIN: {"pages": str(pages) if pages else None}},
    }


def write_metadata(path: Path, pages: Path | None) -> Path:
    """Write ``metadata.json`` at ``path`` and return it."""
    path.write_text(json.dumps(metadata(pages), indent=1), encoding="utf-8")
    return path

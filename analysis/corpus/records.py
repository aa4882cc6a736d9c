"""Rows of the docs table: from a text file or a table row to one record, and records to a frame.

Why one module: a .txt file and a CSV row must give the same fields, cleaned the same way, so the
docs table has one schema (:data:`DOC_COLUMNS`, documented in ``docs/architecture.md``) whatever
the input format.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.corpus.clean import clean as clean_text
from analysis.corpus.metadata import parse_date, stated_metadata
from analysis.corpus.problems import CorpusError, add_problem
from analysis.text import count_words

DOC_COLUMNS = [
    "doc_id",
    "title",
    "text",
    "date",
    "outlet",
    "url",
    "source_path",
    "n_words",
    "duplicate_of",
    "date_from",
    "outlet_from",
    "folder",
]
_STRING_COLUMNS = (
    "doc_id",
    "title",
    "text",
    "outlet",
    "url",
    "source_path",
    "duplicate_of",
    "date_from",
    "outlet_from",
    "folder",
)

#: Column names tried, in order, when a table does not say which column holds what.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "article_id", "guid", "uid"),
    "title": ("title", "headline", "heading", "head"),
    "text": ("text", "body", "content", "article", "story", "full_text", "description"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "pub_date",
        "publication_date",
        "datetime",
        "timestamp",
    ),
    "outlet": ("outlet", "publisher", "source", "media", "publication", "site", "source_name"),
    "url": ("url", "link", "uri", "href"),
}


def text_record(text: str, src: Path, clean: bool, stem: str) -> dict:
    """The record of a text file: title on its first non-blank line, the body below it."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    first_idx = next(i for i, line in enumerate(lines) if line.strip())
    first = lines[first_idx].rstrip("\r")
    body = "\n".join(lines[first_idx + 1 :])
    stated = stated_metadata(first, body)
    cleaned = clean_text(body, drop_furniture=clean).text
    if not cleaned.strip():
        raise CorpusError(f"{src}: has a title but no article text")
    return {
        "doc_id": stem,
        "title": stated.title,
        "text": cleaned,
        "date": stated.date,
        "date_from": stated.date_from,
        "outlet": stated.outlet,
        "outlet_from": stated.outlet_from,
        "url": None,
        "source_path": str(src),
        "folder": src.parent.name,
    }


def map_columns(table: pd.DataFrame, src: Path | str, columns: Mapping[str, str] | None) -> dict[str, str]:
    """Our field → the table's column, from ``columns`` then :data:`COLUMN_ALIASES`.

    Raises :class:`CorpusError` naming the file when a mapped column is absent or no column
    holds the text.
    """
    columns = dict(columns or {})
    unknown = set(columns) - set(COLUMN_ALIASES)
    if unknown:
        raise CorpusError(
            f"columns= names unknown field(s) {sorted(unknown)}; fields are {sorted(COLUMN_ALIASES)}"
        )
    available = {str(c).strip().lower(): c for c in table.columns}
    found: dict[str, str] = {}
    for field, column in columns.items():
        if column not in table.columns:
            raise CorpusError(f"{src}: no column {column!r} for {field}; columns are {list(table.columns)}")
        found[field] = column
    for field, aliases in COLUMN_ALIASES.items():
        if field in found:
            continue
        for alias in aliases:
            if alias in available and available[alias] not in found.values():
                found[field] = available[alias]
                break
    if "text" not in found:
        raise CorpusError(
            f"{src}: no text column (looked for {', '.join(COLUMN_ALIASES['text'])}); "
            f"columns are {list(table.columns)}; pass columns={{'text': '<name>'}} "
            "(command line: --columns text=<name>)"
        )
    return found


def table_records(
    table: pd.DataFrame, src: Path, columns: Mapping[str, str] | None, clean: bool, problems: list, stem: str
) -> list[dict]:
    """The records of a table's rows; a row without text is skipped and named."""
    if table.empty:
        raise CorpusError(f"{src}: table has no rows")
    found = map_columns(table, src, columns)
    records = []
    for i, row in enumerate(table.to_dict("records")):
        label = f"row {i + 1}"
        raw = row.get(found["text"])
        if raw is None or (isinstance(raw, float) and pd.isna(raw)) or not str(raw).strip():
            add_problem(problems, src, f"{label}: empty text; skipped")
            continue
        raw = str(raw)
        title = cell(row, found.get("title")) or ""
        stated = stated_metadata(title, raw)
        date_value = cell(row, found.get("date"))
        date = parse_date(date_value)
        if date_value and date is None:
            add_problem(problems, src, f"{label}: date {date_value!r} does not parse; left missing")
        outlet = cell(row, found.get("outlet"))
        doc_id = cell(row, found.get("doc_id")) or f"{stem}:{i + 1}"
        records.append(
            {
                "doc_id": str(doc_id),
                "title": title.strip(),
                "text": clean_text(raw, drop_furniture=clean).text,
                "date": date if date is not None else stated.date,
                "date_from": "column" if date is not None else stated.date_from,
                "outlet": outlet if outlet else stated.outlet,
                "outlet_from": "column" if outlet else stated.outlet_from,
                "url": cell(row, found.get("url")),
                "source_path": str(src),
                "folder": src.parent.name,
            }
        )
    return records


def cell(row: dict, column: str | None) -> str | None:
    """A table cell as stripped text, or None when the column is absent or the cell empty."""
    if column is None:
        return None
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def docs_frame(records: list[dict]) -> pd.DataFrame:
    """The docs table (:data:`DOC_COLUMNS`, typed) of some records."""
    docs = pd.DataFrame.from_records(records)
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce").astype("datetime64[ns]")
    docs["n_words"] = docs["text"].map(count_words).astype("int64")
    docs["duplicate_of"] = pd.NA
    for column in _STRING_COLUMNS:
        docs[column] = docs[column].astype("string")
    return docs[DOC_COLUMNS]


def empty_docs() -> pd.DataFrame:
    """A docs table with no rows and the usual dtypes."""
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in DOC_COLUMNS})
    empty["date"] = pd.Series(dtype="datetime64[ns]")
    empty["n_words"] = pd.Series(dtype="int64")
    return empty[DOC_COLUMNS]


def unique_ids(docs: pd.DataFrame, problems: list) -> pd.DataFrame:
    """``docs`` with repeated ``doc_id`` s made unique: later copies become ``<id>~2``, ``~3``..."""
    dup = docs["doc_id"].duplicated(keep=False)
    if not dup.any():
        return docs
    docs = docs.copy()
    seen: dict[str, int] = {}
    new_ids = []
    for doc_id, is_dup in zip(docs["doc_id"], dup):
        if not is_dup:
            new_ids.append(doc_id)
            continue
        seen[doc_id] = seen.get(doc_id, 0) + 1
        new_ids.append(doc_id if seen[doc_id] == 1 else f"{doc_id}~{seen[doc_id]}")
    repeated = [doc_id for doc_id, count in seen.items() if count > 1]
    if repeated:
        add_problem(
            problems,
            "doc_id",
            f"{len(repeated)} doc_id(s) occur more than once "
            f"({', '.join(repeated[:5])}); later copies renamed <doc_id>~2, ~3, ...",
        )
    docs["doc_id"] = pd.array(new_ids, dtype="string")
    return docs

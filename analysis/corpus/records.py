"""Rows of the docs table: from a text file or a table row to one record, and records to a frame.

Why one module: a .txt file and a CSV row must give the same fields, cleaned the same way, so the
docs table has one schema (:data:`DOC_COLUMNS`, documented in ``docs/architecture.md``, plus the
columns a user asked to keep) whatever the input format. Values arrive as the web writes them
(lists, MongoDB ``{"$date": ...}`` wrappers, epoch numbers, HTML entities): they are unwrapped,
joined or named here, never allowed to sink a file.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import schema
from analysis.corpus.clean import Removed, normal_form
from analysis.corpus.clean import clean as clean_text
from analysis.corpus.formats import LIMIT_HINT
from analysis.corpus.furniture import FURNITURE, Patterns
from analysis.corpus.metadata import date_issue, parse_date, stated_metadata
from analysis.corpus.problems import CorpusError, add_problem
from analysis.lexicons.outlets import canonical_outlet
from analysis.text import count_words

DOC_COLUMNS = schema.DOCS
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
    "doc_id": ("doc_id", "id", "article_id", "guid", "uid", "_id"),
    "title": ("title", "headline", "heading", "head"),
    "text": ("text", "body", "content", "article", "story", "full_text", "description"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "pub_date",
        "publication_date",
        "published_date",
        "date_published",
        "pubdate",
        "datetime",
        "timestamp",
        "created_at",
        "created",
        "scraped_at",
        "crawled_at",
    ),
    "outlet": ("outlet", "publisher", "source", "media", "publication", "site", "source_name"),
    "url": ("url", "link", "uri", "href"),
}
_MONGO = ("$date", "$numberLong", "$numberInt", "$numberDouble", "$numberDecimal", "$oid")


@dataclass
class RecordOptions:
    """How records are made: cleaning, the furniture lexicon, learnt boilerplate, kept columns."""

    clean: bool = True
    furniture: Patterns = FURNITURE
    learnt: Container[int] | None = None
    keep_columns: tuple[str, ...] = ()


@dataclass
class Provenance:
    """Where a record's text came from: the raw body, its offset in the file's text, the line
    keys the boilerplate learner counts and the lines cleaning removed."""

    raw: str
    offset: int
    keys: list[int] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def cleaned(raw: str, offset: int, opts: RecordOptions) -> tuple[str, Provenance]:
    """The cleaned text of a raw body and its :class:`Provenance`."""
    c = clean_text(raw, drop_furniture=opts.clean, learnt=opts.learnt, furniture=opts.furniture)
    return c.text, Provenance(raw, offset, c.keys, c.removed)


def text_record(text: str, src: Path, opts: RecordOptions, stem: str) -> dict:
    """The record of a text file: title on its first non-blank line, the body below it."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    first_idx = next(i for i, line in enumerate(lines) if line.strip())
    first = lines[first_idx].rstrip("\r")
    body = "\n".join(lines[first_idx + 1 :])
    offset = len(text) - len(body)
    stated = stated_metadata(first, body)
    body_text, prov = cleaned(body, offset, opts)
    if not body_text.strip():
        raise CorpusError(f"{src}: has a title but no article text")
    record = {
        "doc_id": stem,
        "title": normal_form(stated.title),
        "text": body_text,
        "date": stated.date,
        "date_from": stated.date_from,
        "outlet": stated.outlet,
        "outlet_from": stated.outlet_from,
        "url": None,
        "source_path": str(src),
        "folder": src.parent.name,
        "_provenance": prov,
    }
    record.update(dict.fromkeys(opts.keep_columns))
    return record


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
    for name, column in columns.items():
        if column not in table.columns:
            raise CorpusError(f"{src}: no column {column!r} for {name}; columns are {list(table.columns)}")
        found[name] = column
    for name, aliases in COLUMN_ALIASES.items():
        if name in found:
            continue
        for alias in aliases:
            if alias in available and available[alias] not in found.values():
                found[name] = available[alias]
                break
    if "text" not in found:
        raise CorpusError(
            f"{src}: no text column (looked for {', '.join(COLUMN_ALIASES['text'])}); "
            f"columns are {list(table.columns)}; pass columns={{'text': '<name>'}} "
            "(command line: --columns text=<name>); if the file uses another separator, pass sep="
        )
    return found


def table_records(
    table: pd.DataFrame,
    src: Path,
    columns: Mapping[str, str] | None,
    opts: RecordOptions,
    problems: list,
    stem: str,
    max_bytes: int | None = None,
) -> list[dict]:
    """The records of a table's rows; a row without text, or with more than ``max_bytes`` of
    it, is skipped and named."""
    if table.empty:
        raise CorpusError(f"{src}: table has no rows")
    found = map_columns(table, src, columns)
    for name in opts.keep_columns:
        if name not in table.columns:
            add_problem(problems, src, f"no column {name!r} to keep; left empty")
    records = []
    for i, row in enumerate(table.to_dict("records")):
        label = f"row {i + 1}"
        raw = value_text(row.get(found["text"]), "\n\n", src, f"{label}: text", problems)
        if raw is None or not raw.strip():
            add_problem(problems, src, f"{label}: empty text; skipped")
            continue
        if max_bytes is not None and len(raw) * 4 > max_bytes and len(raw.encode("utf-8")) > max_bytes:
            add_problem(
                problems,
                src,
                f"{label}: a text of {len(raw.encode('utf-8')) / 1e6:.1f} MB, over the limit of "
                f"{max_bytes / 1e6:g} MB per article; skipped ({LIMIT_HINT})",
            )
            continue
        records.append(_row_record(row, raw, found, src, opts, problems, label, f"{stem}:{i + 1}"))
    return records


def _row_record(
    row: dict,
    raw: str,
    found: dict,
    src: Path,
    opts: RecordOptions,
    problems: list,
    label: str,
    default_id: str,
) -> dict:
    def field_text(name: str) -> str | None:
        return (
            value_text(row.get(found[name]), "; ", src, f"{label}: {name}", problems)
            if name in found
            else None
        )

    title = normal_form(field_text("title") or "")
    stated = stated_metadata(title, raw)
    date_value = unwrap(row.get(found["date"])) if "date" in found else None
    date = parse_date(date_value) if not isinstance(date_value, (list, dict)) else None
    if _present(date_value) and date is None:
        add_problem(problems, src, f"{label}: date {date_value!r} {date_issue(date_value)}; left missing")
    outlet = field_text("outlet")
    outlet = normal_form(outlet) if outlet and canonical_outlet(outlet) else None  # a shortener: none
    body_text, prov = cleaned(raw, 0, opts)
    record = {
        "doc_id": field_text("doc_id") or default_id,
        "title": title.strip(),
        "text": body_text,
        "date": date if date is not None else stated.date,
        "date_from": f"column {found['date']}" if date is not None else stated.date_from,
        "outlet": outlet if outlet else stated.outlet,
        "outlet_from": "column" if outlet else stated.outlet_from,
        "url": field_text("url"),
        "source_path": str(src),
        "folder": src.parent.name,
        "_provenance": prov,
    }
    for name in opts.keep_columns:
        record[name] = value_text(row.get(name), "; ", src, f"{label}: {name}", problems)
    return record


def unwrap(value: object) -> object:
    """A MongoDB extended-JSON wrapper (``{"$date": ...}``, ``{"$numberLong": "..."}``,
    ``{"$oid": ...}``) unwrapped to the value it holds, recursively; other values unchanged."""
    while isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _MONGO:
        value = next(iter(value.values()))
        if isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
    return value


def _present(value: object) -> bool:
    if value is None or isinstance(value, (list, dict, np.ndarray)):
        return value is not None and len(value) > 0
    return not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def value_text(value: object, joiner: str, src: Path | str, label: str, problems: list) -> str | None:
    """A table value as stripped text, or None when missing: lists are joined with ``joiner``,
    MongoDB wrappers unwrapped, numbers written without a spurious ``.0``; a JSON object
    (other than a wrapper) is named in ``problems`` and left missing."""
    value = unwrap(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        parts = [value_text(v, joiner, src, label, problems) for v in value]
        text = joiner.join(p for p in parts if p)
        return text or None
    if isinstance(value, dict):
        if value:
            add_problem(problems, src, f"{label} is a JSON object, not text; left missing")
        return None
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def cell(row: dict, column: str | None) -> str | None:
    """A table cell as stripped text, or None when the column is absent or the cell empty."""
    if column is None:
        return None
    return value_text(row.get(column), "; ", "", "", [])


def docs_frame(records: list[dict], keep_columns: Sequence[str] = (), *, count: bool = True) -> pd.DataFrame:
    """The docs table (:data:`DOC_COLUMNS`, typed, then ``keep_columns`` as strings) of records.

    ``count=False`` leaves ``n_words`` 0 for a caller that counts the words itself (see
    :func:`~analysis.corpus.dedup.duplicates_and_words`)."""
    docs = pd.DataFrame.from_records(records, exclude=["_provenance"] if records else None)
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce").astype("datetime64[ns]")
    docs["n_words"] = docs["text"].map(count_words).astype("int64") if count else np.int64(0)
    docs["duplicate_of"] = pd.NA
    docs["outlet"] = outlet_names(docs["outlet"])
    for column in (*_STRING_COLUMNS, *keep_columns):
        docs[column] = docs[column].astype("string")
    return docs[[*DOC_COLUMNS, *keep_columns]]


def outlet_names(outlets: pd.Series) -> pd.Series:
    """One name per outlet (:func:`~analysis.lexicons.outlets.canonical_outlet`): a URL, a domain
    with or without ``www.``, a short link or an alias of a listed outlet all become its one name.

    Why here: every study groups by ``outlet``; ``addictinginfo.org`` and
    ``http://www.addictinginfo.org`` must be one outlet from the moment the corpus is read, and a
    shortener's link (``goo.gl/x``) none."""
    return outlets.map(lambda v: canonical_outlet(v) if isinstance(v, str) and v.strip() else v)


def empty_docs(keep_columns: Sequence[str] = ()) -> pd.DataFrame:
    """A docs table with no rows and the usual dtypes."""
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in [*DOC_COLUMNS, *keep_columns]})
    empty["date"] = pd.Series(dtype="datetime64[ns]")
    empty["n_words"] = pd.Series(dtype="int64")
    return empty[[*DOC_COLUMNS, *keep_columns]]


def unique_ids(docs: pd.DataFrame, problems: list) -> pd.DataFrame:
    """``docs`` with repeated ``doc_id`` s made unique: the first copy keeps its id, later ones
    become ``<id>~2``, ``~3``..., skipping any name already taken (by another article's own id
    or an earlier renaming), so ``dup, dup, dup~2`` gives three distinct ids."""
    dup = docs["doc_id"].duplicated(keep="first")
    if not dup.any():
        return docs
    docs = docs.copy()
    taken = set(docs["doc_id"])
    suffix: dict[str, int] = {}
    new_ids = []
    for doc_id, again in zip(docs["doc_id"], dup):
        if again:
            k = suffix.get(doc_id, 1) + 1
            while f"{doc_id}~{k}" in taken:
                k += 1
            suffix[doc_id] = k
            doc_id = f"{doc_id}~{k}"
            taken.add(doc_id)
        new_ids.append(doc_id)
    repeated = list(suffix)
    add_problem(
        problems,
        "doc_id",
        f"{len(repeated)} doc_id(s) occur more than once "
        f"({', '.join(repeated[:5])}); later copies renamed <doc_id>~2, ~3, ... (a name already "
        "taken is skipped)",
    )
    docs["doc_id"] = pd.array(new_ids, dtype="string")
    return docs

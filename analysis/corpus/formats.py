"""Tables from CSV/TSV, JSON Lines, JSON arrays and Parquet, each read as forgivingly as is safe.

Why forgiving: a half-broken CSV or one bad JSON line should cost one row, named, not the file.
Each reader returns a DataFrame of the file's own columns (strings for CSV) and lists what it
skipped in ``problems``; :mod:`analysis.corpus.records` maps the columns to the docs table.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from pathlib import Path

import pandas as pd

from analysis.corpus.problems import CorpusError, add_problem


def read_csv(text: str, src: Path, problems: list, sep: str) -> pd.DataFrame:
    """A CSV (``sep=","``) or TSV (``sep="\\t"``) table; rows with too many fields are skipped."""
    # index_col=False: without it pandas silently turns a first column into the index when a row
    # has one field too many, shifting every value; a ParserWarning then means a row was cut.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{src}: empty table") from None
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        pass
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, max(limit, len(text) + 1)))
    try:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if r]
    except csv.Error as err:
        raise CorpusError(f"{src}: not a readable CSV ({err})") from None
    finally:
        csv.field_size_limit(limit)
    header, body = rows[0], rows[1:]
    good = [r + [""] * (len(header) - len(r)) for r in body if len(r) <= len(header)]
    bad = [n for n, r in enumerate(body, start=1) if len(r) > len(header)]
    if bad:
        add_problem(
            problems,
            src,
            f"{len(bad)} malformed row(s) skipped (more fields than the header: "
            f"row {', '.join(map(str, bad[:5]))})",
        )
    return pd.DataFrame(good, columns=header, dtype=str)


def read_jsonl(text: str, src: Path, problems: list) -> pd.DataFrame:
    """A JSON Lines file (one object a line; bad lines skipped) or a JSON array of objects."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            return pd.DataFrame(json.loads(stripped))
        except (ValueError, TypeError) as err:
            raise CorpusError(f"{src}: not a valid JSON array ({err})") from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as err:
            add_problem(problems, src, f"line {n}: not valid JSON ({err.msg}); skipped")
            continue
        if not isinstance(obj, dict):
            add_problem(problems, src, f"line {n}: a JSON {type(obj).__name__}, not an object; skipped")
            continue
        rows.append(obj)
    return pd.DataFrame(rows)


def read_parquet(src: Path, data: bytes) -> pd.DataFrame:
    """A Parquet file's table; any failure of the Parquet reader is named as a broken file."""
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as err:  # pyarrow raises many types for broken files
        raise CorpusError(f"{src}: not a readable Parquet file ({type(err).__name__}: {err})") from None

"""Tables from CSV/TSV, JSON Lines, JSON files and Parquet, each read as forgivingly as is safe.

Why forgiving but never silent: a half-broken CSV or one bad JSON line should cost one row, named,
not the file; and a file cut mid-row, an unbalanced quote that swallows the rows after it, or a
separator other than the one expected is named rather than read into wrong rows. Each reader
returns a DataFrame of the file's own columns and lists what it met in ``problems``;
:mod:`analysis.corpus.records` maps the columns to the docs table.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.corpus.decode import decode
from analysis.corpus.problems import CorpusError, add_problem

#: How a user raises the size limit per article, named wherever an article is skipped for it.
LIMIT_HINT = "raise the limit with --max-article-bytes (max_bytes= in Python)"
#: Separators tried when a CSV's header does not hold the expected one.
SEPARATORS = (",", ";", "\t", "|")


def read_csv(
    text: str, src: Path, problems: list, sep: str | None = None, default: str = ","
) -> pd.DataFrame:
    """A CSV or TSV table (all values strings); ``sep=None`` sniffs the separator from the header.

    Rows with more fields than the header are skipped and named; a row with fewer is kept with
    the missing fields empty and named (at the end of the file it was probably cut); a quoted
    field that runs over lines holding the separator (an unbalanced quote merging rows) is named,
    and a TSV that reads cleanly without quote handling is read that way.
    """
    if not text.strip():
        raise CorpusError(f"{src}: empty table")
    sep = sep or sniff_separator(text, src, problems, default)
    rows = _parse(text, src, problems, sep, csv.QUOTE_MINIMAL)
    merged = _merged_rows(rows, sep)
    if merged and sep == "\t":
        plain = _parse(text, src, [], sep, csv.QUOTE_NONE)
        if len({len(r) for r in plain}) == 1:
            add_problem(
                problems,
                src,
                f"row {merged[0]}: an unbalanced quote would merge rows; read without quote handling (TSV)",
            )
            return _frame(plain)
    if merged:
        add_problem(
            problems,
            src,
            f"row {merged[0]}: a quoted field runs over lines holding the separator "
            f"(an unbalanced quote?); {len(merged)} row(s) may hold several rows merged",
        )
    header, body = rows[0], rows[1:]
    good, long_rows = [], []
    for n, r in enumerate(body, start=1):
        if len(r) > len(header):
            long_rows.append(n)
            continue
        if len(r) < len(header):
            cut = n == len(body) and not text.endswith(("\n", "\r"))
            reason = "the file ends mid-row (cut?)" if cut else "a short row"
            add_problem(
                problems,
                src,
                f"row {n}: {len(r)} of {len(header)} fields ({reason}); the missing ones left empty",
            )
        good.append(r + [""] * (len(header) - len(r)))
    if long_rows:
        add_problem(
            problems,
            src,
            f"{len(long_rows)} malformed row(s) skipped (more fields than the header: "
            f"row {', '.join(map(str, long_rows[:5]))})",
        )
    return _frame([header, *good])


def sniff_separator(text: str, src: Path, problems: list, default: str = ",") -> str:
    """``default`` when the header holds it, else the separator the header and the next lines
    agree on (named in ``problems``); raises :class:`CorpusError` naming ``sep`` when none fits."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    header = lines[0]
    if default in header or len(lines) < 2:
        return default
    for sep in SEPARATORS:
        if (
            sep != default
            and header.count(sep)
            and all(line.count(sep) >= header.count(sep) for line in lines[1:5])
        ):
            add_problem(
                problems,
                src,
                f"separator {sep!r} found from the header (not {default!r}); pass sep= to choose another",
            )
            return sep
    return default


def _parse(text: str, src: Path, problems: list, sep: str, quoting: int) -> list[list[str]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, max(limit, len(text) + 1)))
    try:
        try:
            return [
                r
                for r in csv.reader(
                    io.StringIO(text, newline=""), delimiter=sep, quoting=quoting, strict=True
                )
                if r
            ]
        except csv.Error as err:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quoting=quoting)
            rows = [r for r in reader if r]
            where = (
                "the end of the file inside a quoted field (cut mid-row?)"
                if "end of data" in str(err)
                else f"a broken quote ({err})"
            )
            add_problem(problems, src, f"{where}; read as well as it goes")
            return rows
    finally:
        csv.field_size_limit(limit)


def _merged_rows(rows: list[list[str]], sep: str) -> list[int]:
    """Rows (numbered from 1 after the header) with a field spanning lines that look like rows
    of their own: the rows an unbalanced quote swallowed. In a TSV a line holding as many tabs
    as a row is evidence enough (prose has no tabs); in a CSV the field must also hold an odd
    number of quote marks and the table at least three columns (prose has commas)."""
    if len(rows) < 2:
        return []
    need = max(1, len(rows[0]) - 1)
    if sep != "\t" and len(rows[0]) < 3:
        return []

    def swallowed(value: str) -> bool:
        if "\n" not in value or (sep != "\t" and value.count('"') % 2 == 0):
            return False
        return any(line.count(sep) >= need for line in value.splitlines()[1:])

    return [n for n, r in enumerate(rows[1:], start=1) if any(swallowed(v) for v in r)]


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    header = _unique_names(rows[0])
    return pd.DataFrame(rows[1:], columns=header, dtype=str)


def _unique_names(names: list[str]) -> list[str]:
    """Column names made unique as pandas does (``a``, ``a.1``, ...)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def read_json(text: str, src: Path, problems: list) -> pd.DataFrame:
    """A JSON file (one object: one row; an array of objects: a row each; an object holding
    one array of objects: those) or JSON Lines (one object a line; bad lines skipped, named)."""
    try:
        whole = json.loads(text)
    except ValueError:
        return _json_lines(text, src, problems)
    if isinstance(whole, dict):
        arrays = [
            v for v in whole.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
        ]
        if len(arrays) == 1 and len(whole) <= 3:
            whole = arrays[0]
        else:
            return pd.DataFrame([whole])
    if not isinstance(whole, list):
        raise CorpusError(f"{src}: a JSON {type(whole).__name__}, not an object or an array of objects")
    rows = []
    for n, item in enumerate(whole, start=1):
        if isinstance(item, dict):
            rows.append(item)
        else:
            add_problem(problems, src, f"item {n}: a JSON {type(item).__name__}, not an object; skipped")
    return pd.DataFrame(rows)


def _json_lines(text: str, src: Path, problems: list) -> pd.DataFrame:
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        obj = json_object(line, n, src, problems)
        if obj is not None:
            rows.append(obj)
    return pd.DataFrame(rows)


def stream_json_lines(
    lines: Iterable[tuple[int, bytes | int]], src: Path, problems: list, limit: int
) -> pd.DataFrame:
    """JSON Lines from ``(line number, bytes)`` pairs (:func:`analysis.corpus.files.iter_lines`),
    read one line at a time so a file of any size streams; a line over ``limit`` bytes arrives
    as its size and is skipped and named (one oversized record never sinks its file)."""
    rows = []
    for n, line in lines:
        if isinstance(line, int):
            add_problem(
                problems,
                src,
                f"line {n}: a record of {line / 1e6:.1f} MB, over the limit of {limit / 1e6:g} MB per "
                f"article; skipped ({LIMIT_HINT})",
            )
            continue
        if n == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:  # a legacy encoding: guessed for this line, and named
            try:
                text = decode(line, src, problems)
            except CorpusError as err:
                add_problem(problems, src, f"line {n}: {str(err).removeprefix(f'{src}: ')}; skipped")
                continue
        obj = json_object(text, n, src, problems)
        if obj is not None:
            rows.append(obj)
    return pd.DataFrame(rows, dtype=object)  # the parsed strings themselves: no copy into Arrow


def json_object(line: str, n: int, src: Path, problems: list) -> dict | None:
    """The object on line ``n`` of a JSON Lines file, or None (named in ``problems``)."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except ValueError as err:
        add_problem(problems, src, f"line {n}: not valid JSON ({err.msg}); skipped")
        return None
    if not isinstance(obj, dict):
        add_problem(problems, src, f"line {n}: a JSON {type(obj).__name__}, not an object; skipped")
        return None
    return obj


def read_parquet(src: Path, data: bytes) -> pd.DataFrame:
    """A Parquet file's table; any failure of the Parquet reader is named as a broken file."""
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as err:  # pyarrow raises many types for broken files
        raise CorpusError(f"{src}: not a readable Parquet file ({type(err).__name__}: {err})") from None

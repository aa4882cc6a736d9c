"""Read a corpus into the docs table: the one place that reads the user's files.

A corpus is a folder of ``.txt`` files (one article each, title on the first line), a ``.csv``,
``.jsonl`` or ``.parquet`` file, or a glob of any of these. The result is one tidy DataFrame whose
schema is documented in :data:`DOC_COLUMNS` and ``docs/architecture.md``.

Why so defensive: corpora arrive in cp1251 and latin-1, with byte-order marks, empty and binary
files, half-broken CSVs. One bad article must not sink a run of thousands, so each bad file or row
is skipped, named with the reason in a :class:`CorpusWarning`, and listed in
``docs.attrs["problems"]``. Only when nothing at all can be read do we raise :class:`CorpusError`.
Files are opened read-only; nothing the user gave is modified.
"""

from __future__ import annotations

import codecs
import glob
import io
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

with warnings.catch_warnings():  # a kernel without ipywidgets: plain bars, no warning in the report
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

from analysis import text as textmod
from analysis.dedup import find_duplicates
from analysis.metadata import parse_date, stated_metadata

DOC_COLUMNS = [
    "doc_id", "title", "text", "date", "outlet", "url", "source_path", "n_words",
    "duplicate_of", "date_from", "outlet_from", "folder",
]
TEXT_SUFFIXES = {".txt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
SIDECAR_NAME = "metadata.csv"

#: Column names tried, in order, when a table does not say which column holds what.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "article_id", "guid", "uid"),
    "title": ("title", "headline", "heading", "head"),
    "text": ("text", "body", "content", "article", "story", "full_text", "description"),
    "date": ("date", "published", "publish_date", "published_at", "pub_date", "publication_date",
             "datetime", "timestamp"),
    "outlet": ("outlet", "publisher", "source", "media", "publication", "site", "source_name"),
    "url": ("url", "link", "uri", "href"),
}
_SIDECAR_KEYS = ("file", "filename", "file_name", "path", "doc_id", "id")


class CorpusError(ValueError):
    """The corpus cannot be read at all; the message names the file and what to do."""


class CorpusWarning(UserWarning):
    """One file or row was skipped or read with a caveat; the message names it and why."""


def load_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    metadata: str | Path | bool | None = None,
    clean: bool = True,
    dedup: bool = True,
    max_bytes: int = 20_000_000,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read a corpus into the docs table.

    Parameters
    ----------
    path : a folder (its ``.txt`` files, recursively), a file, a glob (``"news/*.jsonl"``) or a
        list of these.
    columns : for tabular input, which input column holds each of our fields, e.g.
        ``{"text": "body", "title": "headline", "date": "published"}``. Unmapped fields are looked
        up under common names (:data:`COLUMN_ALIASES`).
    metadata : a sidecar CSV (file name → date, outlet, url) filling what the texts do not say.
        By default ``metadata.csv`` inside the corpus folder is used when present; ``False``
        ignores it.
    clean : drop page furniture and fold whitespace and quote marks (see :func:`analysis.text.clean`).
    dedup : fill ``duplicate_of`` with exact and near duplicates (:func:`analysis.dedup.find_duplicates`).
    max_bytes : files larger than this are skipped and reported (an "article" of 50 MB is not one).
    progress : show a progress bar; None shows it on a terminal only.

    Returns
    -------
    DataFrame with :data:`DOC_COLUMNS`; ``attrs["problems"]`` lists skipped files and rows.
    """
    sources = resolve_sources(path)
    root = corpus_root(sources)
    problems: list[dict[str, str]] = []
    records: list[dict] = []
    bar = tqdm(sources, desc="reading corpus", unit="file", disable=_no_bar(progress, len(sources)))
    for src in bar:
        try:
            records.extend(read_source(src, columns=columns, clean=clean, max_bytes=max_bytes,
                                       problems=problems, root=root))
        except CorpusError as err:
            _problem(problems, src, str(err).removeprefix(f"{src}: "))
        except OSError as err:  # unreadable (permissions, I/O error, vanished): skip, say why
            _problem(problems, src, f"cannot read ({err.strerror or err})")
    if not records:
        detail = "; ".join(f"{p['path']}: {p['problem']}" for p in problems[:5])
        raise CorpusError(f"{_describe(path)}: no readable article" + (f" ({detail})" if detail else ""))
    docs = _frame(records)
    sidecar = _sidecar_path(path, metadata)
    if sidecar is not None:
        docs = apply_sidecar(docs, sidecar, problems)
    docs = _unique_ids(docs, problems)
    if dedup:
        docs["duplicate_of"] = find_duplicates(docs).astype("string")
    docs.attrs["problems"] = problems
    return docs


def _no_bar(progress: bool | None, n: int) -> bool | None:
    if progress is None:
        return None if n > 50 else True
    return not progress


def _describe(path: object) -> str:
    return str(path) if isinstance(path, (str, Path)) else ", ".join(map(str, path))


def resolve_sources(path: str | Path | Iterable[str | Path]) -> list[Path]:
    """The corpus files a path, folder, glob or list of these names, sorted for determinism."""
    if not isinstance(path, (str, Path)):
        found: list[Path] = []
        for item in path:
            found.extend(resolve_sources(item))
        return list(dict.fromkeys(found))
    p = Path(path).expanduser()
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in TEXT_SUFFIXES)
        if not files:
            tables = sorted(f for f in p.iterdir() if f.suffix.lower() in TABLE_SUFFIXES
                            and f.name != SIDECAR_NAME)
            files = tables
        if not files:
            raise CorpusError(f"{p}: folder has no .txt files (one article each) and no .csv/.jsonl/.parquet file")
        return files
    if p.is_file():
        return [p]
    matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
    matches = [m for m in matches if m.name != SIDECAR_NAME]
    if not matches:
        raise CorpusError(f"{p}: no such file, folder or matching glob")
    return matches


def read_source(
    src: Path,
    *,
    columns: Mapping[str, str] | None = None,
    clean: bool = True,
    max_bytes: int = 20_000_000,
    problems: list[dict[str, str]] | None = None,
    root: Path | None = None,
) -> list[dict]:
    """Records (one per article) from one file; problems with single rows go to ``problems``.

    ``doc_id`` of a text file is its path relative to ``root`` without the extension
    (``business/001`` for a file in a subfolder), so files of the same name in different folders
    stay apart.

    Raises :class:`CorpusError` when the whole file is unreadable. Used by :func:`load_corpus`
    and, file by file, by the Dask engine.
    """
    problems = problems if problems is not None else []
    suffix = src.suffix.lower()
    size = src.stat().st_size
    if size > max_bytes:
        raise CorpusError(f"{src}: file is {size / 1e6:.1f} MB, over max_bytes={max_bytes / 1e6:.0f} MB; "
                          "split it into articles or raise max_bytes")
    data = src.read_bytes()
    if suffix == ".parquet":
        return _table_records(_read_parquet(src, data), src, columns, clean, problems,
                              _relative_stem(src, root))
    text = decode(data, src, problems)
    stem = _relative_stem(src, root)
    if suffix in TEXT_SUFFIXES or suffix not in TABLE_SUFFIXES:
        return [_text_record(text, src, clean, stem)]
    if suffix in {".jsonl", ".ndjson", ".json"}:
        table = _read_jsonl(text, src, problems)
    else:
        table = _read_csv(text, src, problems, sep="\t" if suffix == ".tsv" else ",")
    return _table_records(table, src, columns, clean, problems, stem)


def corpus_root(sources: list[Path]) -> Path | None:
    """The deepest folder holding every source file (ids are relative to it)."""
    if not sources:
        return None
    import os

    return Path(os.path.commonpath([str(s.resolve().parent) for s in sources]))


def _relative_stem(src: Path, root: Path | None) -> str:
    if root is None:
        return src.stem
    try:
        rel = src.resolve().relative_to(root)
    except ValueError:
        return src.stem
    return rel.with_suffix("").as_posix()


# --- decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, src: Path | str = "<bytes>", problems: list | None = None) -> str:
    """Text from bytes: BOMs honoured, UTF-8 first, else the most likely legacy encoding.

    Raises :class:`CorpusError` for empty, whitespace-only and binary content, and for bytes no
    encoding explains: a file is reported rather than silently garbled. A legacy encoding is a
    guess, so it is warned about and, when ``problems`` is given, listed there (the run record).
    """
    if not data:
        raise CorpusError(f"{src}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(encoding), src)
            except UnicodeDecodeError as err:
                raise CorpusError(f"{src}: starts with a {encoding} byte-order mark but is not {encoding} ({err.reason})") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _check_text(utf16, src)
    if b"\x00" in data:
        raise CorpusError(f"{src}: binary file (contains NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"), src)
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        # A UTF-8 file with a few corrupt bytes: any legacy codec would garble every other accent.
        text, bad = mostly
        _caveat(problems, src, f"not valid UTF-8: {bad} undecodable byte(s) replaced with U+FFFD")
        return _check_text(text, src)
    if _isolated_high_bytes(data):
        # High bytes one at a time inside ASCII words ("Zürich", "£5"): Western text in cp1252.
        # Detectors guess wildly on so little evidence (cp932 for one pound sign), while scripts
        # written wholly in high bytes (Cyrillic, Greek) come in runs and go to the detector.
        legacy = "cp1252"
        try:
            text = data.decode(legacy)
        except UnicodeDecodeError:
            legacy, text = "latin-1", data.decode("latin-1")
        _caveat(problems, src, f"not UTF-8; read as {legacy}")
        return _check_text(text, src)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CorpusError(f"{src}: not UTF-8 and no known encoding fits; convert it to UTF-8")
    _caveat(problems, src, f"not UTF-8; read as {best.encoding}")
    return _check_text(str(best), src)


def _caveat(problems: list | None, src: Path | str, message: str) -> None:
    if problems is None:
        warnings.warn(f"{src}: {message}", CorpusWarning, stacklevel=4)
    else:
        _problem(problems, src, message)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, number of bad bytes) when valid UTF-8 sequences outnumber broken ones 3 to 1.

    Legacy-encoded text (cp1251, latin-1) almost never forms valid multi-byte UTF-8 sequences,
    so several valid ones per broken byte mean UTF-8 with some corruption.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return (text, bad) if bad and good >= max(3, 3 * bad) else None


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _isolated_high_bytes(data: bytes) -> bool:
    """True when non-ASCII bytes come mostly one at a time (Western European text)."""
    runs = [len(m.group()) for m in _HIGH_RUN.finditer(data, 0, 200_000)]
    return bool(runs) and sum(runs) / len(runs) < 1.5


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > 0.4 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str, src: Path | str) -> str:
    if not text.strip():
        raise CorpusError(f"{src}: only whitespace, no text")
    control = len(_CONTROL.findall(text, 0, 20000))
    if control > 0.05 * min(len(text), 20000):
        raise CorpusError(f"{src}: binary file (control characters), not text")
    return text


# --- text files ---------------------------------------------------------------------------

def _text_record(text: str, src: Path, clean: bool, stem: str) -> dict:
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    first_idx = next(i for i, line in enumerate(lines) if line.strip())
    first = lines[first_idx].rstrip("\r")
    body = "\n".join(lines[first_idx + 1:])
    stated = stated_metadata(first, body)
    cleaned = textmod.clean(body, drop_furniture=clean).text
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


# --- tables -------------------------------------------------------------------------------

def _read_csv(text: str, src: Path, problems: list, sep: str) -> pd.DataFrame:
    # index_col=False: without it pandas silently turns a first column into the index when a row
    # has one field too many, shifting every value; a ParserWarning then means a row was cut.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                               index_col=False)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{src}: empty table") from None
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        pass
    import csv
    import sys

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
        _problem(problems, src, f"{len(bad)} malformed row(s) skipped (more fields than the header: "
                 f"row {', '.join(map(str, bad[:5]))})")
    return pd.DataFrame(good, columns=header, dtype=str)


def _read_jsonl(text: str, src: Path, problems: list) -> pd.DataFrame:
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
            _problem(problems, src, f"line {n}: not valid JSON ({err.msg}); skipped")
            continue
        if not isinstance(obj, dict):
            _problem(problems, src, f"line {n}: a JSON {type(obj).__name__}, not an object; skipped")
            continue
        rows.append(obj)
    return pd.DataFrame(rows)


def _read_parquet(src: Path, data: bytes) -> pd.DataFrame:
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as err:  # pyarrow raises many types for broken files
        raise CorpusError(f"{src}: not a readable Parquet file ({type(err).__name__}: {err})") from None


def map_columns(table: pd.DataFrame, src: Path | str, columns: Mapping[str, str] | None) -> dict[str, str]:
    """Our field → the table's column, from ``columns`` then :data:`COLUMN_ALIASES`.

    Raises :class:`CorpusError` naming the file when a mapped column is absent or no column
    holds the text.
    """
    columns = dict(columns or {})
    unknown = set(columns) - set(COLUMN_ALIASES)
    if unknown:
        raise CorpusError(f"columns= names unknown field(s) {sorted(unknown)}; fields are {sorted(COLUMN_ALIASES)}")
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
            f"columns are {list(table.columns)}; pass columns={{'text': '<name>'}} (command line: --columns text=<name>)"
        )
    return found


def _table_records(table: pd.DataFrame, src: Path, columns, clean: bool, problems: list,
                   stem: str) -> list[dict]:
    if table.empty:
        raise CorpusError(f"{src}: table has no rows")
    found = map_columns(table, src, columns)
    records = []
    for i, row in enumerate(table.to_dict("records")):
        label = f"row {i + 1}"
        raw = row.get(found["text"])
        if raw is None or (isinstance(raw, float) and pd.isna(raw)) or not str(raw).strip():
            _problem(problems, src, f"{label}: empty text; skipped")
            continue
        raw = str(raw)
        title = _cell(row, found.get("title")) or ""
        stated = stated_metadata(title, raw)
        date_value = _cell(row, found.get("date"))
        date = parse_date(date_value)
        if date_value and date is None:
            _problem(problems, src, f"{label}: date {date_value!r} does not parse; left missing")
        outlet = _cell(row, found.get("outlet"))
        doc_id = _cell(row, found.get("doc_id")) or f"{stem}:{i + 1}"
        records.append({
            "doc_id": str(doc_id),
            "title": title.strip(),
            "text": textmod.clean(raw, drop_furniture=clean).text,
            "date": date if date is not None else stated.date,
            "date_from": "column" if date is not None else stated.date_from,
            "outlet": outlet if outlet else stated.outlet,
            "outlet_from": "column" if outlet else stated.outlet_from,
            "url": _cell(row, found.get("url")),
            "source_path": str(src),
            "folder": src.parent.name,
        })
    return records


def _cell(row: dict, column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


# --- assembling ---------------------------------------------------------------------------

def _frame(records: list[dict]) -> pd.DataFrame:
    docs = pd.DataFrame.from_records(records)
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce").astype("datetime64[ns]")
    docs["n_words"] = docs["text"].map(textmod.count_words).astype("int64")
    docs["duplicate_of"] = pd.NA
    for column in ("doc_id", "title", "text", "outlet", "url", "source_path", "duplicate_of",
                   "date_from", "outlet_from", "folder"):
        docs[column] = docs[column].astype("string")
    return docs[DOC_COLUMNS]


def _sidecar_path(path, metadata) -> Path | None:
    if metadata is False:
        return None
    if metadata not in (None, True):
        p = Path(metadata)
        if not p.is_file():
            raise CorpusError(f"{p}: metadata file not found")
        return p
    if isinstance(path, (str, Path)) and Path(path).is_dir():
        candidate = Path(path) / SIDECAR_NAME
        return candidate if candidate.is_file() else None
    return None


def apply_sidecar(docs: pd.DataFrame, sidecar: Path, problems: list | None = None) -> pd.DataFrame:
    """Fill missing ``date``, ``outlet``, ``url`` (and ``title``) from a sidecar CSV.

    The sidecar has a key column (``file``, ``filename``, ``path`` or ``doc_id``) holding a file
    name (with or without extension) or a doc_id, and any of ``date, outlet, url, title``. What
    the article states about itself wins; a sidecar value that contradicts it is reported.
    """
    problems = problems if problems is not None else []
    try:
        table = pd.read_csv(sidecar, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{sidecar}: not a readable CSV ({err})") from None
    lower = {c.strip().lower(): c for c in table.columns}
    key = next((lower[k] for k in _SIDECAR_KEYS if k in lower), None)
    if key is None:
        raise CorpusError(f"{sidecar}: needs a key column ({', '.join(_SIDECAR_KEYS)}); columns are {list(table.columns)}")
    docs = docs.copy()
    by_name = {}
    for pos, (doc_id, source) in enumerate(zip(docs["doc_id"], docs["source_path"])):
        for name in (doc_id, Path(str(source)).name, Path(str(source)).stem):
            by_name.setdefault(str(name), pos)
    unmatched = []
    for n, row in enumerate(table.to_dict("records"), start=2):
        name = str(row[key]).strip()
        pos = by_name.get(name, by_name.get(Path(name).name, by_name.get(Path(name).stem)))
        if pos is None:
            unmatched.append(name)
            continue
        _fill(docs, pos, row, lower, sidecar, n, problems)
    if unmatched:
        _problem(problems, sidecar, f"{len(unmatched)} row(s) name no article in the corpus: {', '.join(unmatched[:5])}")
    return docs


def _fill(docs: pd.DataFrame, pos: int, row: dict, lower: dict, sidecar: Path, line: int, problems: list) -> None:
    index = docs.index[pos]
    for field in ("date", "outlet", "url", "title"):
        column = lower.get(field)
        value = str(row.get(column, "")).strip() if column else ""
        if not value:
            continue
        if field == "date":
            parsed = parse_date(value)
            if parsed is None:
                _problem(problems, sidecar, f"line {line}: date {value!r} does not parse; ignored")
                continue
            current = docs.at[index, "date"]
            if pd.isna(current):
                docs.at[index, "date"] = parsed
                docs.at[index, "date_from"] = "sidecar"
            elif current.normalize() != parsed.normalize():
                _problem(problems, sidecar, f"line {line}: date {value} contradicts the article's own {current.date()}; kept the article's")
            continue
        current = docs.at[index, field]
        if pd.isna(current) or current == "":
            docs.at[index, field] = value
            if field == "outlet":
                docs.at[index, "outlet_from"] = "sidecar"
        elif field == "outlet" and current != value:
            _problem(problems, sidecar, f"line {line}: outlet {value!r} contradicts the article's own {current!r}; kept the article's")


def _unique_ids(docs: pd.DataFrame, problems: list) -> pd.DataFrame:
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
        _problem(problems, "doc_id", f"{len(repeated)} doc_id(s) occur more than once "
                 f"({', '.join(repeated[:5])}); later copies renamed <doc_id>~2, ~3, ...")
    docs["doc_id"] = pd.array(new_ids, dtype="string")
    return docs


def _problem(problems: list, src: Path | str, message: str) -> None:
    problems.append({"path": str(src), "problem": message})
    warnings.warn(f"{src}: {message}", CorpusWarning, stacklevel=3)


# --- partitions (added for the Dask engine) -------------------------------------------------

def read_partition(
    sources: Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    clean: bool = True,
    max_bytes: int = 20_000_000,
    root: Path | str | None = None,
) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The docs rows of some of a corpus's files, and the problems met reading them.

    Why: :func:`load_corpus` reads every file in one process; an engine that reads a corpus in
    partitions (``analysis.engine``) calls this on each group of files, on any worker. The rows
    are exactly those :func:`load_corpus` gives for these files, in the same order, *before* the
    steps that need the whole corpus (sidecar metadata, renaming repeated ``doc_id`` s and
    ``duplicate_of``), which the engine applies afterwards. ``root`` must be the whole corpus's
    :func:`corpus_root` so ids agree with :func:`load_corpus`.
    """
    problems: list[dict[str, str]] = []
    records: list[dict] = []
    root = Path(root) if root is not None else None
    for src in sources:
        src = Path(src)
        try:
            records.extend(read_source(src, columns=columns, clean=clean, max_bytes=max_bytes,
                                       problems=problems, root=root))
        except CorpusError as err:
            _problem(problems, src, str(err).removeprefix(f"{src}: "))
        except OSError as err:  # vanished or unreadable file: report it, keep the partition
            _problem(problems, src, f"cannot read ({err.strerror or err})")
    if not records:
        empty = pd.DataFrame({c: pd.Series(dtype="string") for c in DOC_COLUMNS})
        empty["date"] = pd.Series(dtype="datetime64[ns]")
        empty["n_words"] = pd.Series(dtype="int64")
        return empty[DOC_COLUMNS], problems
    return _frame(records), problems

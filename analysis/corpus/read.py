"""Read a corpus into the docs table: the one place that reads the user's files.

A corpus is a folder of ``.txt`` files (one article each, title on the first line), a ``.csv``,
``.jsonl`` or ``.parquet`` file, or a glob of any of these. The result is one tidy DataFrame whose
schema is documented in :data:`~analysis.corpus.records.DOC_COLUMNS` and ``docs/architecture.md``.

Why so defensive: corpora arrive in cp1251 and latin-1, with byte-order marks, empty and binary
files, half-broken CSVs. One bad article must not sink a run of thousands, so each bad file or row
is skipped, named with the reason in a :class:`CorpusWarning`, and listed in
``docs.attrs["problems"]``. Only when nothing at all can be read do we raise :class:`CorpusError`.
Files are opened read-only; nothing the user gave is modified.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis.corpus.decode import decode
from analysis.corpus.dedup import find_duplicates
from analysis.corpus.formats import read_csv, read_jsonl, read_parquet
from analysis.corpus.problems import CorpusError, add_problem
from analysis.corpus.records import docs_frame, empty_docs, table_records, text_record, unique_ids
from analysis.corpus.sidecar import SIDECAR_NAME, apply_sidecar, sidecar_path
from analysis.progress import bar

TEXT_SUFFIXES = {".txt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}


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
        up under common names (:data:`~analysis.corpus.records.COLUMN_ALIASES`).
    metadata : a sidecar CSV (file name → date, outlet, url) filling what the texts do not say.
        By default ``metadata.csv`` inside the corpus folder is used when present; ``False``
        ignores it.
    clean : drop page furniture and fold whitespace and quote marks (see :func:`analysis.corpus.clean`).
    dedup : fill ``duplicate_of`` with exact and near duplicates (:func:`analysis.corpus.find_duplicates`).
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
    for src in bar(sources, desc="reading corpus", unit="file", min_items=51, show=progress):
        records.extend(_read_or_name(src, columns, clean, max_bytes, problems, root))
    if not records:
        raise no_article(path, problems)
    docs = docs_frame(records)
    sidecar = sidecar_path(path, metadata)
    if sidecar is not None:
        docs = apply_sidecar(docs, sidecar, problems)
    docs = unique_ids(docs, problems)
    if dedup:
        docs["duplicate_of"] = find_duplicates(docs).astype("string")
    docs.attrs["problems"] = problems
    return docs


def _read_or_name(
    src: Path, columns, clean: bool, max_bytes: int, problems: list, root: Path | None
) -> list[dict]:
    """The records of one file, or none with the reason in ``problems``."""
    try:
        return read_source(
            src, columns=columns, clean=clean, max_bytes=max_bytes, problems=problems, root=root
        )
    except CorpusError as err:
        add_problem(problems, src, str(err).removeprefix(f"{src}: "), stacklevel=4)
    except OSError as err:  # unreadable (permissions, I/O error, vanished): skip, say why
        add_problem(problems, src, f"cannot read ({err.strerror or err})", stacklevel=4)
    return []


def no_article(path: object, problems: list[dict[str, str]]) -> CorpusError:
    """The error for a corpus of which nothing could be read, naming the first problems."""
    detail = "; ".join(f"{p['path']}: {p['problem']}" for p in problems[:5])
    return CorpusError(f"{describe(path)}: no readable article" + (f" ({detail})" if detail else ""))


def describe(path: object) -> str:
    """A corpus path, or a list of them, as one string for messages."""
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
            tables = sorted(
                f for f in p.iterdir() if f.suffix.lower() in TABLE_SUFFIXES and f.name != SIDECAR_NAME
            )
            files = tables
        if not files:
            raise CorpusError(
                f"{p}: folder has no .txt files (one article each) and no .csv/.jsonl/.parquet file"
            )
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
        raise CorpusError(
            f"{src}: file is {size / 1e6:.1f} MB, over max_bytes={max_bytes / 1e6:.0f} MB; "
            "split it into articles or raise max_bytes"
        )
    data = src.read_bytes()
    stem = relative_stem(src, root)
    if suffix == ".parquet":
        return table_records(read_parquet(src, data), src, columns, clean, problems, stem)
    text = decode(data, src, problems)
    if suffix in TEXT_SUFFIXES or suffix not in TABLE_SUFFIXES:
        return [text_record(text, src, clean, stem)]
    if suffix in {".jsonl", ".ndjson", ".json"}:
        table = read_jsonl(text, src, problems)
    else:
        table = read_csv(text, src, problems, sep="\t" if suffix == ".tsv" else ",")
    return table_records(table, src, columns, clean, problems, stem)


def corpus_root(sources: list[Path]) -> Path | None:
    """The deepest folder holding every source file (ids are relative to it)."""
    if not sources:
        return None
    return Path(os.path.commonpath([str(s.resolve().parent) for s in sources]))


def relative_stem(src: Path, root: Path | None) -> str:
    """A file's path relative to ``root`` without its extension: the ``doc_id`` of a text file."""
    if root is None:
        return src.stem
    try:
        rel = src.resolve().relative_to(root)
    except ValueError:
        return src.stem
    return rel.with_suffix("").as_posix()


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
        records.extend(_read_or_name(Path(src), columns, clean, max_bytes, problems, root))
    if not records:
        return empty_docs(), problems
    return docs_frame(records), problems

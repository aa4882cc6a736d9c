"""Read a corpus into the docs table: the one place that reads the user's files.

A corpus is a folder (its ``.txt`` files, one article each with the title on the first line, or
its ``.csv/.tsv/.jsonl/.json/.parquet`` tables, in subfolders too), a file, a glob or a list of
these. The result is one tidy DataFrame whose schema is documented in
:data:`~analysis.corpus.records.DOC_COLUMNS` and ``docs/architecture.md``.

Why so defensive: corpora arrive in cp1251 and UTF-16, with byte-order marks, empty and binary
files, half-broken CSVs and site furniture. One bad article must not sink a run of thousands, so
each bad file or row is skipped, named with the reason, and listed (grouped by kind) in
``docs.attrs["problems"]``. Only when nothing at all can be read do we raise
:class:`CorpusError`. Files are opened read-only; nothing the user gave is modified.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.corpus.boilerplate import learn_boilerplate, removed_spans
from analysis.corpus.clean import line_key
from analysis.corpus.decode import decode
from analysis.corpus.dedup import duplicates_and_words
from analysis.corpus.files import (
    MAX_TABLE_BYTES,
    HashingFile,
    decompressed,
    iter_lines,
    open_regular,
    read_capped,
    read_stream,
    split_suffix,
)
from analysis.corpus.fingerprint import combined_fingerprint
from analysis.corpus.formats import LIMIT_HINT, read_csv, read_json, read_parquet, stream_json_lines
from analysis.corpus.furniture import FURNITURE, load_furniture
from analysis.corpus.problems import EMPTIED, CorpusError, add_problem, group_problems, warn_grouped
from analysis.corpus.records import (
    DOC_COLUMNS,
    Provenance,
    RecordOptions,
    cleaned,
    docs_frame,
    empty_docs,
    table_records,
    text_record,
    unique_ids,
)
from analysis.corpus.sidecar import apply_sidecar, sidecar_path
from analysis.corpus.sources import TABLE_SUFFIXES, Sources, corpus_root, find_sources, relative_stem
from analysis.progress import bar
from analysis.text import count_words

#: Most bytes one article may have (a text file, a table's text cell, a JSON line); larger ones
#: are skipped and named. ``--max-article-bytes`` on the command line.
MAX_ARTICLE_BYTES = 20_000_000


def load_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    metadata: str | Path | bool | None = None,
    clean: bool = True,
    boilerplate: bool = True,
    dedup: bool = True,
    keep_columns: Sequence[str] = (),
    furniture: str | Path | None = None,
    sep: str | None = None,
    exclude: Iterable[str | Path] = (),
    max_bytes: int = MAX_ARTICLE_BYTES,
    progress: bool | None = None,
    found: Sources | None = None,
) -> pd.DataFrame:
    """Read a corpus into the docs table.

    Parameters
    ----------
    path : a folder (walked), a file, a glob (``"news/*.jsonl"``) or a list of these.
    columns : for tabular input, which input column holds each of our fields, e.g.
        ``{"text": "body", "title": "headline", "date": "published"}``. Unmapped fields are looked
        up under common names (:data:`~analysis.corpus.records.COLUMN_ALIASES`).
    metadata : a sidecar CSV (file name → date, outlet, url, kept columns) filling what the texts
        do not say. By default ``metadata.csv`` inside the corpus folder is used when present;
        ``False`` ignores it.
    clean : drop page furniture (the lexicon, see ``furniture``), repair HTML entities and
        mojibake, fold whitespace and quote marks (:func:`analysis.corpus.clean`).
    boilerplate : also drop lines learnt to recur across the corpus
        (:mod:`analysis.corpus.boilerplate`); ``False`` keeps them. Every removed line is listed
        in :func:`analysis.corpus.boilerplate_table`.
    dedup : fill ``duplicate_of`` with exact and near duplicates (:func:`analysis.corpus.find_duplicates`).
    keep_columns : extra columns of a table (or the sidecar) carried into the docs table, e.g.
        ``["authors", "label"]``, so every table can join them by ``doc_id``.
    furniture : a file of extra furniture patterns (the format of ``lexicons/data/furniture.txt``).
    sep : the separator of CSV files; None reads ``,`` (``\\t`` for ``.tsv``) or the one the header
        shows.
    exclude : files or folders never to read (e.g. a report's output folder).
    max_bytes : the limit per article: a text file, a table's text or a JSON line larger than
        this is skipped and named (an "article" of 50 MB is not one); the rest of its file is read.
    progress : show a progress bar; None shows it on a terminal only.
    found : the files to read, as :func:`~analysis.corpus.find_sources` found them for ``path``
        (a caller that walked the corpus already, to fingerprint it, passes its walk: one walk).

    Returns
    -------
    DataFrame with :data:`DOC_COLUMNS` then ``keep_columns``; ``attrs["problems"]`` lists skipped
    files and rows grouped by kind (:func:`analysis.corpus.group_problems`), ``attrs["boilerplate"]``
    the removed lines, ``attrs["fingerprint"]`` the :func:`~analysis.corpus.corpus_fingerprint`
    of the bytes read (each file is read once), so a store records what its tables come from.
    """
    found = found if found is not None else find_sources(path, exclude)
    root = corpus_root(found.files)
    problems: list[dict[str, str]] = list(found.skipped)
    keep = check_keep_columns(keep_columns)
    opts = RecordOptions(clean, load_furniture(furniture) if furniture else FURNITURE, None, keep)
    records: list[dict] = []
    digests: dict[Path, str] = {}
    for src in bar(found.files, desc="reading corpus", unit="file", min_items=51, show=progress):
        records.extend(read_or_name(src, columns, opts, sep, max_bytes, problems, root, digests))
    if not records:
        raise no_article(path, problems)
    provenance = [r["_provenance"] for r in records]
    shingled = dedup or (clean and boilerplate)  # then words are counted with the shingles
    docs = docs_frame(records, keep, count=not shingled)
    del records
    sidecar = sidecar_path(path, metadata)
    if sidecar is not None:
        docs = apply_sidecar(docs, sidecar, problems, keep)
    docs = unique_ids(docs, problems)
    flags = None
    if shingled:
        flags, docs["n_words"] = duplicates_and_words(docs)
        flags = flags.astype("string")
    if dedup:
        docs["duplicate_of"] = flags
    if clean and boilerplate:
        counted = flags.isna().to_numpy()
        learnt = learn_boilerplate([p.keys for p in provenance], docs["outlet"].tolist(), counted)
        opts.learnt = learnt
        docs, provenance = _remove_learnt(docs, provenance, opts, problems)
    grouped = group_problems(problems)
    warn_grouped(grouped)
    docs.attrs["problems"] = grouped
    docs.attrs["boilerplate"] = removed_spans(span_rows(docs["doc_id"].tolist(), provenance))
    docs.attrs["fingerprint"] = combined_fingerprint(path, found.files, digests)
    return docs


def check_keep_columns(keep_columns: Sequence[str]) -> tuple[str, ...]:
    """``keep_columns`` without repeats; :class:`CorpusError` when one is a docs column."""
    keep = tuple(dict.fromkeys(keep_columns))
    clash = [c for c in keep if c in DOC_COLUMNS]
    if clash:
        raise CorpusError(f"keep_columns names docs columns {clash}; map them with columns= instead")
    return keep


def _remove_learnt(
    docs: pd.DataFrame, provenance: list[Provenance], opts: RecordOptions, problems: list
) -> tuple[pd.DataFrame, list[Provenance]]:
    """Re-clean the articles holding learnt boilerplate lines; name those left with no text."""
    hit = [i for i, p in enumerate(provenance) if any(k in opts.learnt for k in p.keys)]
    if not hit:
        return docs, provenance
    docs = docs.copy()
    text_col = docs.columns.get_loc("text")
    for i in hit:
        text, provenance[i] = cleaned(provenance[i].raw, provenance[i].offset, opts)
        docs.iat[i, text_col] = text
    n_col = docs.columns.get_loc("n_words")
    for i in hit:
        docs.iat[i, n_col] = count_words(docs["text"].iat[i])
    for src in docs["source_path"].to_numpy()[[i for i in hit if not docs["text"].iat[i].strip()]]:
        add_problem(
            problems,
            src,
            EMPTIED,
        )
    return docs, provenance


def span_rows(doc_ids: Sequence[str], provenance: Sequence[Provenance]) -> list[tuple]:
    """``(doc_id, start, end, text, kind, key)`` of every line cleaning removed from these
    articles (offsets into each file's text), for :func:`analysis.corpus.removed_spans`."""
    rows = []
    for doc_id, prov in zip(doc_ids, provenance):
        for r in prov.removed:
            rows.append(
                (
                    doc_id,
                    prov.offset + r.start,
                    prov.offset + r.end,
                    r.text,
                    r.reason,
                    line_key(r.text.strip()),
                )
            )
    return rows


def read_or_name(
    src: Path,
    columns,
    opts: RecordOptions,
    sep: str | None,
    max_bytes: int,
    problems: list,
    root: Path | None,
    digests: dict[Path, str] | None = None,
) -> list[dict]:
    """The records of one file, or none with the reason in ``problems``."""
    try:
        return read_source(
            src,
            columns=columns,
            opts=opts,
            sep=sep,
            max_bytes=max_bytes,
            problems=problems,
            root=root,
            digests=digests,
        )
    except CorpusError as err:
        add_problem(problems, src, str(err).removeprefix(f"{src}: "))
    except OSError as err:  # unreadable (permissions, I/O error, vanished): skip, say why
        add_problem(problems, src, f"cannot read ({err.strerror or err})")
    return []


def no_article(path: object, problems: list[dict[str, str]]) -> CorpusError:
    """The error for a corpus of which nothing could be read, naming the first problems."""
    detail = "; ".join(f"{p['path']}: {p['problem']}" for p in problems[:5])
    return CorpusError(f"{describe(path)}: no readable article" + (f" ({detail})" if detail else ""))


def describe(path: object) -> str:
    """A corpus path, or a list of them, as one string for messages."""
    return str(path) if isinstance(path, (str, Path)) else ", ".join(map(str, path))


def read_source(
    src: Path,
    *,
    columns: Mapping[str, str] | None = None,
    opts: RecordOptions | None = None,
    sep: str | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    problems: list[dict[str, str]] | None = None,
    root: Path | None = None,
    digests: dict[Path, str] | None = None,
) -> list[dict]:
    """Records (one per article) from one file; problems with single rows go to ``problems``.

    ``doc_id`` of a text file is its path relative to ``root`` without the extension
    (``business/001`` for a file in a subfolder), so files of the same name in different folders
    stay apart. Each record's ``_provenance`` (:class:`~analysis.corpus.records.Provenance`) is
    dropped by :func:`~analysis.corpus.records.docs_frame`. ``max_bytes`` is the limit per
    article: a text file over it is skipped, and so is a table's row (the rest of the table is
    read). The file is read once; the SHA-256 of its bytes goes to ``digests[src]``.

    Raises :class:`CorpusError` when the whole file is unreadable. Used by :func:`load_corpus`
    and, file by file, by the partitioned engine.
    """
    problems = problems if problems is not None else []
    opts = opts or RecordOptions()
    stem = relative_stem(src, root)
    with open_regular(src) as fh:
        raw = HashingFile(fh)
        try:
            return _read_open(raw, src, columns, opts, sep, max_bytes, problems, stem)
        finally:
            if digests is not None:
                digests[src] = _drained(raw)


def _drained(raw: HashingFile) -> str:
    try:
        return raw.drain()
    except OSError:
        return "<unreadable>"


def _read_open(
    raw: HashingFile,
    src: Path,
    columns: Mapping[str, str] | None,
    opts: RecordOptions,
    sep: str | None,
    max_bytes: int,
    problems: list,
    stem: str,
) -> list[dict]:
    """The records of an opened file, by its format (see :func:`read_source`)."""
    suffix = split_suffix(src)[0]
    stream = decompressed(raw, src)
    if suffix in TABLE_SUFFIXES:
        table = _read_table(stream, src, suffix, sep, max_bytes, problems)
        return table_records(table, src, columns, opts, problems, stem, max_bytes)
    try:
        data = read_capped(stream, src, max_bytes, "the article")
    except CorpusError as err:
        raise CorpusError(f"{err} ({LIMIT_HINT})") from None
    return [text_record(decode(data, src, problems), src, opts, stem)]


def _read_table(
    stream, src: Path, suffix: str, sep: str | None, max_bytes: int, problems: list
) -> pd.DataFrame:
    """The table of a CSV/TSV/JSON/JSON Lines/Parquet stream; JSON Lines in UTF-8 stream line
    by line, the others (and UTF-16 JSON Lines) are read whole up to :data:`MAX_TABLE_BYTES`."""
    head = read_stream(stream, src, 4096)
    if suffix in {".jsonl", ".ndjson"} and not _wide(head):
        return stream_json_lines(iter_lines(stream, src, max_bytes, first=head), src, problems, max_bytes)
    data = head + read_capped(stream, src, MAX_TABLE_BYTES - len(head), "the table (read whole)")
    if suffix == ".parquet":
        return read_parquet(src, data)
    text = decode(data, src, problems)
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return read_json(text, src, problems)
    return read_csv(text, src, problems, sep=sep, default="\t" if suffix == ".tsv" else ",")


def _wide(head: bytes) -> bool:
    """True for text in UTF-16 or UTF-32 (a byte-order mark, or zero bytes), which the line
    reader cannot split: such a file is read whole."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head


def read_partition(
    sources: Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    opts: RecordOptions | None = None,
    sep: str | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    root: Path | str | None = None,
) -> tuple[pd.DataFrame, list[dict[str, str]], list[Provenance]]:
    """The docs rows of some of a corpus's files, the problems met reading them, and each row's
    :class:`~analysis.corpus.records.Provenance`.

    Why: :func:`load_corpus` reads every file in one process; an engine that reads a corpus in
    partitions (``analysis.engine``) calls this on each group of files, on any worker. The rows
    are exactly those :func:`load_corpus` gives for these files, in the same order, *before* the
    steps that need the whole corpus (sidecar metadata, renaming repeated ``doc_id`` s,
    ``duplicate_of``, learning boilerplate: pass the learnt keys in ``opts.learnt``), which the
    engine applies. ``root`` must be the whole corpus's :func:`corpus_root` so ids agree with
    :func:`load_corpus`. Problems are raw (not grouped).
    """
    opts = opts or RecordOptions()
    problems: list[dict[str, str]] = []
    records: list[dict] = []
    root = Path(root) if root is not None else None
    for src in sources:
        records.extend(read_or_name(Path(src), columns, opts, sep, max_bytes, problems, root))
    if not records:
        return empty_docs(opts.keep_columns), problems, []
    provenance = [r["_provenance"] for r in records]
    return docs_frame(records, opts.keep_columns), problems, provenance

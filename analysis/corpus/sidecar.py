"""Sidecar metadata: a CSV beside the texts filling the dates, outlets and URLs they do not state.

Why the article wins: what an article says about itself is first-hand; a sidecar is often built
by hand or by a scraper later. A sidecar value that contradicts the article is reported, not used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.corpus.metadata import parse_date
from analysis.corpus.problems import CorpusError, add_problem
from analysis.lexicons.outlets import canonical_outlet

SIDECAR_NAME = "metadata.csv"
_SIDECAR_KEYS = ("file", "filename", "file_name", "path", "doc_id", "id")


def sidecar_path(path: object, metadata: str | Path | bool | None) -> Path | None:
    """The sidecar to apply: ``metadata`` when a path, else ``metadata.csv`` in a corpus folder.

    ``metadata=False`` means none. Raises :class:`CorpusError` when a named file is missing.
    """
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


def apply_sidecar(
    docs: pd.DataFrame, sidecar: Path, problems: list | None = None, keep_columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Fill missing ``date``, ``outlet``, ``url`` (and ``title``) from a sidecar CSV.

    The sidecar has a key column (``file``, ``filename``, ``path`` or ``doc_id``) holding a file
    name (with or without extension) or a doc_id, and any of ``date, outlet, url, title``. What
    the article states about itself wins; a sidecar value that contradicts it is reported.
    Columns named in ``keep_columns`` fill the docs columns of that name where they are empty.
    """
    problems = problems if problems is not None else []
    try:
        table = pd.read_csv(sidecar, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{sidecar}: not a readable CSV ({err})") from None
    lower = {c.strip().lower(): c for c in table.columns}
    key = next((lower[k] for k in _SIDECAR_KEYS if k in lower), None)
    if key is None:
        raise CorpusError(
            f"{sidecar}: needs a key column ({', '.join(_SIDECAR_KEYS)}); columns are {list(table.columns)}"
        )
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
        _fill(docs, pos, row, lower, sidecar, n, problems, keep_columns)
    if unmatched:
        add_problem(
            problems,
            sidecar,
            f"{len(unmatched)} row(s) name no article in the corpus: {', '.join(unmatched[:5])}",
        )
    return docs


def _fill(
    docs: pd.DataFrame,
    pos: int,
    row: dict,
    lower: dict,
    sidecar: Path,
    line: int,
    problems: list,
    keep_columns: tuple[str, ...] = (),
) -> None:
    index = docs.index[pos]
    for field in ("date", "outlet", "url", "title", *keep_columns):
        column = lower.get(field.lower())
        value = str(row.get(column, "")).strip() if column else ""
        if not value:
            continue
        if field == "outlet":
            value = canonical_outlet(value) or ""  # one name per outlet; a redirector names none
            if not value:
                continue
        if field == "date":
            parsed = parse_date(value)
            if parsed is None:
                add_problem(problems, sidecar, f"line {line}: date {value!r} does not parse; ignored")
                continue
            current = docs.at[index, "date"]
            if pd.isna(current):
                docs.at[index, "date"] = parsed
                docs.at[index, "date_from"] = "sidecar"
            elif current.normalize() != parsed.normalize():
                add_problem(
                    problems,
                    sidecar,
                    f"line {line}: date {value} contradicts the article's own "
                    f"{current.date()}; kept the article's",
                )
            continue
        current = docs.at[index, field]
        if pd.isna(current) or current == "":
            docs.at[index, field] = value
            if field == "outlet":
                docs.at[index, "outlet_from"] = "sidecar"
        elif field == "outlet" and current != value:
            add_problem(
                problems,
                sidecar,
                f"line {line}: outlet {value!r} contradicts the article's own "
                f"{current!r}; kept the article's",
            )

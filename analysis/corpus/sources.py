"""Which files a corpus is: a folder walked, a file, a glob or a list of these.

Why careful: a corpus folder is the user's, and only it may be read. A symbolic link that leaves
the folder (to the system password file, say) is skipped and named, so ``doc_id`` s stay
relative to the folder; a report's own output folder (``run.json`` beside ``index.html``) is
never read back as corpus; a folder that cannot be listed is named, not silently left out. A
folder holding both text files and tables is read as the kind it holds most of, and the others
are named.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus.problems import CorpusError
from analysis.corpus.sidecar import SIDECAR_NAME

TEXT_SUFFIXES = {".txt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
#: Files that mark a folder as a report's output (``python -m analysis report --out``).
REPORT_MARKERS = ("run.json", "index.html")


@dataclass
class Sources:
    """The files of a corpus, sorted, and what was left out (``{"path", "problem"}`` dicts)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def skip(self, path: Path | str, why: str) -> None:
        self.skipped.append({"path": str(path), "problem": why})


def find_sources(path: str | Path | Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Sources:
    """The corpus files a path, folder, glob or list of these names, and what was skipped.

    ``exclude``: files or folders never to read (a report passes its output folder).
    Raises :class:`CorpusError` when nothing names a file.
    """
    excluded = {Path(p).expanduser().resolve() for p in exclude}
    found = Sources()
    for item in [path] if isinstance(path, (str, Path)) else list(path):
        _resolve_one(Path(item).expanduser(), excluded, found)
    found.files = list(dict.fromkeys(found.files))
    return found


def resolve_sources(
    path: str | Path | Iterable[str | Path], exclude: Iterable[str | Path] = ()
) -> list[Path]:
    """The corpus files a path, folder, glob or list of these names, sorted for determinism."""
    return find_sources(path, exclude).files


def _resolve_one(p: Path, excluded: set[Path], found: Sources) -> None:
    if p.is_dir():
        files = _walk(p, excluded, found)
        if not files:
            raise CorpusError(
                f"{p}: folder has no .txt files (one article each) and no "
                ".csv/.tsv/.jsonl/.json/.parquet file"
            )
        found.files.extend(files)
        return
    if p.is_file():
        found.files.append(p)
        return
    matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
    matches = [
        m
        for m in matches
        if m.name != SIDECAR_NAME
        and m.resolve() not in excluded
        and not any(parent in excluded for parent in m.resolve().parents)
    ]
    if not matches:
        raise CorpusError(f"{p}: no such file, folder or matching glob")
    found.files.extend(matches)


def _walk(folder: Path, excluded: set[Path], found: Sources) -> list[Path]:
    """Text and table files under ``folder``, as :mod:`analysis.corpus.sources` explains."""
    root = folder.resolve()
    texts: list[Path] = []
    tables: list[Path] = []
    for here, dirs, names in os.walk(folder, onerror=lambda err: found.skip(err.filename, _cannot_list(err))):
        base = Path(here)
        dirs[:] = sorted(d for d in dirs if _enter(base / d, root, excluded, found))
        for name in sorted(names):
            f = base / name
            if name.startswith(".") or (base == folder and name == SIDECAR_NAME) or f.resolve() in excluded:
                continue
            if not _inside(f, root, found):
                continue
            suffix = f.suffix.lower()
            if f.suffix in TEXT_SUFFIXES:
                texts.append(f)
            elif suffix in TABLE_SUFFIXES:
                tables.append(f)
            else:
                found.skip(f, f"not a corpus file ({suffix or 'no extension'}); skipped")
    keep, other = (texts, tables) if len(texts) >= len(tables) else (tables, texts)
    for f in other:
        found.skip(
            f,
            f"a {f.suffix} file among {len(keep)} files of another kind; skipped "
            "(name it, or a glob, to read it)",
        )
    return sorted(keep)


def _cannot_list(err: OSError) -> str:
    return f"folder cannot be listed ({err.strerror or err}); skipped"


def _enter(d: Path, root: Path, excluded: set[Path], found: Sources) -> bool:
    """Whether the walk goes into folder ``d`` (named in ``found`` when it does not)."""
    if d.name.startswith("."):
        return False
    if d.is_symlink():
        found.skip(d, "a symbolic link to a folder; not followed")
        return False
    if d.resolve() in excluded:
        return False
    if all((d / marker).is_file() for marker in REPORT_MARKERS):
        found.skip(d, "a report's output folder (run.json, index.html); not read as corpus")
        return False
    return True


def _inside(f: Path, root: Path, found: Sources) -> bool:
    """True for a file whose real path lies in the corpus folder (named in ``found`` if not)."""
    if not f.is_symlink():
        return True
    target = f.resolve()
    if not target.exists():
        found.skip(f, "a broken symbolic link; skipped")
        return False
    if root != target and root not in target.parents:
        found.skip(f, "a symbolic link to a file outside the corpus; skipped")
        return False
    return True


def corpus_root(sources: list[Path]) -> Path | None:
    """The deepest folder holding every source file (ids are relative to it)."""
    if not sources:
        return None
    return Path(os.path.commonpath([str(real_path(s).parent) for s in sources]))


def real_path(src: Path) -> Path:
    """``src`` with its folders' links resolved but not its own name: a link inside the corpus
    keeps its own name (and so its own ``doc_id``)."""
    return Path(os.path.realpath(src.parent)) / src.name


def relative_stem(src: Path, root: Path | None) -> str:
    """A file's path relative to ``root`` without its extension: the ``doc_id`` of a text file."""
    if root is None:
        return src.stem
    try:
        rel = real_path(src).relative_to(root)
    except ValueError:
        return src.stem
    return rel.with_suffix("").as_posix()

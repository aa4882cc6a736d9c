"""Which files a corpus is: a folder walked, a file, a glob or a list of these.

Why careful: a corpus folder is the user's, and only it may be read. A symbolic link that leaves
the folder (to the system password file, say) is skipped and named, so ``doc_id`` s stay
relative to the folder; a folder the suite wrote (a store or a report: :data:`MARKER`) is never
read back as corpus; FIFOs, devices and sockets are named and never opened; upper-case and
compressed names (``A.TXT``, ``news.jsonl.gz``) count by their format; a folder that cannot be
listed is named, not silently left out. A folder holding both text files and tables is read as
the kind it holds most of, and the others are named.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus.files import special_kind, split_suffix
from analysis.corpus.problems import CorpusError
from analysis.corpus.sidecar import SIDECAR_NAME

TEXT_SUFFIXES = {".txt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
#: The file the suite writes into every store and report folder it makes (:func:`mark_folder`):
#: a folder holding it is never read as corpus.
MARKER = ".news-analysis"
#: Files that mark a report's output folder of an older version (before :data:`MARKER`).
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
        if own_folder(p):
            raise CorpusError(
                f"{p}: a folder this suite wrote (a store or a report: it holds {MARKER}), not a "
                "corpus; name the folder of your articles instead"
            )
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
    kind = _special(p)
    if kind:
        found.skip(p, f"{kind}, not a file; not opened")
        return
    matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
    matches = [
        m
        for m in matches
        if m.name != SIDECAR_NAME
        and m.resolve() not in excluded
        and not any(parent in excluded for parent in m.resolve().parents)
        and not any(own_folder(parent) for parent in m.parents)
    ]
    if not matches:
        raise CorpusError(f"{p}: no such file, folder or matching glob")
    found.files.extend(matches)


def _special(p: Path) -> str | None:
    """What ``p`` is when it is a FIFO, a device or a socket (None otherwise or if absent)."""
    try:
        return special_kind(os.stat(p).st_mode)
    except OSError:
        return None


def _walk(folder: Path, excluded: set[Path], found: Sources) -> list[Path]:
    """Text and table files under ``folder``, as :mod:`analysis.corpus.sources` explains.

    Iterative (a stack, not recursion), so a tree of any depth is walked; every entry is looked
    at with ``lstat`` before anything is opened, so a FIFO, a device or a socket is named and
    never opened."""
    root = folder.resolve()
    texts: list[Path] = []
    tables: list[Path] = []
    own: list[Path] = []
    stack = [(folder, root)]
    while stack:
        here, real = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            found.skip(here, _cannot_list(err))
            continue
        folders = []
        for entry in entries:
            f, real_f = Path(entry.path), real / entry.name
            if entry.name.startswith(".") or real_f in excluded:
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as err:
                found.skip(f, f"cannot be examined ({err.strerror or err}); skipped")
                continue
            if stat.S_ISDIR(mode):
                if _enter(f, own):
                    folders.append((f, real_f))
            elif (here != folder or entry.name != SIDECAR_NAME) and _readable(f, mode, root, found):
                _classify(f, texts, tables, found)
        stack.extend(reversed(folders))
    if own:
        names = ", ".join(str(d) for d in own[:5]) + (", ..." if len(own) > 5 else "")
        found.skip(
            own[0],
            f"{len(own)} folder(s) this suite wrote (a store or a report, marked {MARKER}); "
            f"not read as corpus: {names}",
        )
    keep, other = (texts, tables) if len(texts) >= len(tables) else (tables, texts)
    for f in other:
        found.skip(
            f,
            f"a {f.suffix} file among {len(keep)} files of another kind; skipped "
            "(name it, or a glob, to read it)",
        )
    return sorted(keep)


def _classify(f: Path, texts: list[Path], tables: list[Path], found: Sources) -> None:
    """Put ``f`` among the text files or the tables by its (case-blind) suffix, or name it."""
    suffix, comp = split_suffix(f)
    if suffix in TEXT_SUFFIXES:
        texts.append(f)
    elif suffix in TABLE_SUFFIXES:
        tables.append(f)
    else:
        shown = (suffix or "no extension") + (f" inside {comp}" if comp else "")
        found.skip(f, f"not a corpus file ({shown}); skipped")


def _cannot_list(err: OSError) -> str:
    return f"folder cannot be listed ({err.strerror or err}); skipped"


def _enter(d: Path, own: list[Path]) -> bool:
    """Whether the walk goes into the (real, not linked) folder ``d``; one of our own output
    folders is noted in ``own`` and left out."""
    if own_folder(d):
        own.append(d)
        return False
    return True


def own_folder(d: Path) -> bool:
    """True for a folder this suite wrote: a store or a report (the :data:`MARKER` file), or a
    report of an older version (``run.json`` beside ``index.html``). A folder that cannot be
    looked into (a path past the system's length limit) is not; listing it will name it."""
    try:
        return (d / MARKER).is_file() or all((d / marker).is_file() for marker in REPORT_MARKERS)
    except OSError:
        return False


def _readable(f: Path, mode: int, root: Path, found: Sources) -> bool:
    """True for a regular file, or a link to one inside the corpus folder; anything else is
    named in ``found`` (never opened)."""
    kind = special_kind(mode)
    if kind:
        found.skip(f, f"{kind}, not a file; not opened")
        return False
    if not stat.S_ISLNK(mode):
        return True
    try:
        target_mode = os.stat(f).st_mode
    except OSError:
        found.skip(f, "a broken symbolic link; skipped")
        return False
    if stat.S_ISDIR(target_mode):
        found.skip(f, "a symbolic link to a folder; not followed")
        return False
    target = f.resolve()
    if root != target and root not in target.parents:
        found.skip(f, "a symbolic link to a file outside the corpus; skipped")
        return False
    kind = special_kind(target_mode)
    if kind:
        found.skip(f, f"a symbolic link to {kind}; not opened")
        return False
    return True


def check_output(corpus: str | Path | Iterable[str | Path], out: str | Path) -> None:
    """:class:`CorpusError` naming both when the output folder ``out`` is the corpus folder or
    holds it: the next run would read the suite's own files back as articles."""
    o = Path(out).expanduser().resolve()
    for item in [corpus] if isinstance(corpus, (str, Path)) else list(corpus):
        base = _fixed_part(Path(item).expanduser()).resolve()
        if base == o or o in base.parents:
            where = "is the corpus folder" if base == o else "holds the corpus"
            raise CorpusError(
                f"the output folder {out} {where} ({item}); the next run would read its own "
                "output as articles: choose an output folder outside the corpus"
            )


def _fixed_part(p: Path) -> Path:
    """The leading folders of a glob without wildcards (the path itself when it has none)."""
    parts = []
    for part in p.parts:
        if any(c in part for c in "*?["):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def mark_folder(folder: str | Path, what: str) -> None:
    """Write the :data:`MARKER` file into an output folder (``what``: store, report) so that no
    corpus walk ever reads it as articles, wherever it ends up."""
    marker = Path(folder) / MARKER
    if not marker.is_file():
        marker.write_text(
            f"news-analysis {what}: written by `python -m analysis`; never read as corpus\n", encoding="utf-8"
        )


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
    rel = Path(src.name)
    if root is not None and real_path(src).is_relative_to(root):
        rel = real_path(src).relative_to(root)
    suffix, comp = split_suffix(rel)
    cut = len(suffix) + len(comp or "")
    return rel.with_name(rel.name[: len(rel.name) - cut] or rel.name).as_posix()

"""The two exceptions of corpus reading and the run record of what was skipped.

Why a record and not only warnings: one bad article must not sink a run of thousands, so each bad
file or row is skipped and named; the names are kept in ``docs.attrs["problems"]`` so a report can
show them after the warnings have scrolled away. Why grouped: 296 articles with the same kind of
bad date are one problem with a count and examples, not 296 lines (:func:`group_problems`).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

#: Examples kept in a grouped problem.
N_EXAMPLES = 5

#: The problem of an article every line of which is learnt boilerplate (the loader and the
#: streaming index both name it, in these words).
EMPTIED = "every line recurs across the corpus (boilerplate); kept with no text, not analysed"


class CorpusError(ValueError):
    """The corpus cannot be read at all; the message names the file and what to do."""


class CorpusWarning(UserWarning):
    """One file or row was skipped or read with a caveat; the message names it and why."""


def add_problem(problems: list, src: Path | str, message: str, *, stacklevel: int = 3) -> None:
    """Record a problem with ``src`` in ``problems`` (``{"path", "problem"}``); no warning: the
    loader warns once per kind (:func:`warn_grouped`)."""
    problems.append({"path": str(src), "problem": message})


def caveat(problems: list | None, src: Path | str, message: str) -> None:
    """Record a caveat in ``problems`` when given, else warn (reading bytes outside a run)."""
    if problems is None:
        warnings.warn(f"{src}: {message}", CorpusWarning, stacklevel=4)
    else:
        add_problem(problems, src, message)


_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_NUMBER = re.compile(r"\d+")
_WHERE = re.compile(r"^(?:row|line) N: ")


def problem_kind(message: str) -> str:
    """What kind of problem a message names: quoted values shown as ``…``, numbers as ``N``,
    a leading ``row N:`` or ``line N:`` dropped (``"date … does not parse; left missing"``)."""
    kind = _NUMBER.sub("N", _QUOTED.sub("…", message))
    return _WHERE.sub("", kind)


def group_problems(problems: list[dict]) -> list[dict]:
    """Problems of one kind as one entry, in the order each kind was first met.

    Each entry has ``kind``, ``count``, ``path`` (the one file, or ``"<n> files"``), ``paths``
    (every file named), ``problem`` (the message itself when alone, else the count, the kind and
    up to :data:`N_EXAMPLES` different examples ``"path: message"`` joined by ``" | "``) and ``examples``. Entries that
    are already grouped pass through, so grouping twice changes nothing.
    """
    groups: dict[str, dict] = {}
    for p in problems:
        if "kind" in p:
            groups.setdefault(f"\0{len(groups)}", dict(p))
            continue
        kind = problem_kind(p["problem"])
        g = groups.setdefault(kind, {"kind": kind, "count": 0, "paths": [], "examples": [], "first": p})
        g["count"] += 1
        if p["path"] not in g["paths"]:
            g["paths"].append(p["path"])
        example = f"{p['path']}: {p['problem']}"
        if len(g["examples"]) < N_EXAMPLES and example not in g["examples"]:  # no repeats
            g["examples"].append(example)
    return [_entry(g) if "first" in g else g for g in groups.values()]


def _entry(g: dict) -> dict:
    first = g.pop("first")
    paths = g["paths"]
    path = paths[0] if len(paths) == 1 else f"{len(paths)} files"
    if g["count"] == 1:
        problem = first["problem"]
    else:
        problem = f"{g['count']} × {g['kind']}: " + " | ".join(g["examples"])
    return {"path": path, "problem": problem, **g}


def warn_grouped(problems: list[dict]) -> None:
    """One :class:`CorpusWarning` per grouped problem."""
    for p in problems:
        warnings.warn(f"{p['path']}: {p['problem']}", CorpusWarning, stacklevel=3)

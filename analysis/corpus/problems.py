"""The two exceptions of corpus reading and the run record of what was skipped.

Why a record and not only warnings: one bad article must not sink a run of thousands, so each bad
file or row is skipped and named; the names are kept in ``docs.attrs["problems"]`` (a list of
``{"path", "problem"}`` dicts) so a report can show them after the warnings have scrolled away.
"""

from __future__ import annotations

import warnings
from pathlib import Path


class CorpusError(ValueError):
    """The corpus cannot be read at all; the message names the file and what to do."""


class CorpusWarning(UserWarning):
    """One file or row was skipped or read with a caveat; the message names it and why."""


def add_problem(problems: list, src: Path | str, message: str, *, stacklevel: int = 3) -> None:
    """Record a problem with ``src`` in ``problems`` and warn about it (:class:`CorpusWarning`)."""
    problems.append({"path": str(src), "problem": message})
    warnings.warn(f"{src}: {message}", CorpusWarning, stacklevel=stacklevel)


def caveat(problems: list | None, src: Path | str, message: str) -> None:
    """Record a caveat in ``problems`` when given, else only warn (reading bytes outside a run)."""
    if problems is None:
        warnings.warn(f"{src}: {message}", CorpusWarning, stacklevel=4)
    else:
        add_problem(problems, src, message)

"""Command line: ``python -m analysis run | report | extract | evaluate``.

Errors that the user can fix (a missing corpus, a bad parameter, an unreadable file) print one
line naming the file and the problem and exit with status 2; a report run in which a notebook
failed exits with status 1 after rendering the others.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from analysis.cli.evaluate import add_evaluate
from analysis.cli.explore import add_explore
from analysis.cli.extract import add_extract
from analysis.cli.report import add_report, add_run
from analysis.corpus import CorpusError
from analysis.render import ReportError
from analysis.store.guard import interrupt_on_sigterm, mark_main


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    warnings.formatwarning = one_line_warning
    parser = build_parser(with_notebook_help="report" in argv and ("-h" in argv or "--help" in argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    mark_main()
    interrupt_on_sigterm()  # SIGTERM unwinds like Ctrl-C: pools and kernels are stopped on the way out
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; the store and reports keep their last complete state", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return 0
    except (CorpusError, ReportError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a path we cannot read or write: name it, no traceback
        where = f"{err.filename}: " if err.filename else ""
        reason = (
            "a file is in the way; give a folder or another path"
            if isinstance(err, (FileExistsError, NotADirectoryError))
            else err.strerror or err
        )
        print(f"error: {where}{reason}", file=sys.stderr)
        return 2


def one_line_warning(message, category, filename, lineno, line=None) -> str:
    """A skipped file is one line naming it and why, not Python's two-line warning format."""
    return f"warning: {message}\n"


def build_parser(with_notebook_help: bool = False) -> argparse.ArgumentParser:
    """The argument parser of every command (``with_notebook_help`` lists notebook parameters)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Topics, sentiment and source attribution for a news corpus. "
        "A corpus is a folder of .txt/.json files, a .csv/.tsv/.jsonl/.json/.parquet file, or a glob of these.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_run(sub)
    add_report(sub, with_notebook_help)
    add_extract(sub)
    add_evaluate(sub)
    add_explore(sub)
    return parser

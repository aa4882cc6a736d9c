"""``explore``: the study store of a report folder in Datasette (see :mod:`analysis.explore`)."""

from __future__ import annotations

import argparse

from analysis.explore import explore
from analysis.explore.serve import DEFAULT_PORT


def add_explore(sub) -> None:
    """Register ``explore [--out DIR] [--port N] [--no-serve]``."""
    p = sub.add_parser(
        "explore",
        help="search the store in Datasette (127.0.0.1, read-only)",
    )
    p.add_argument("--out", default="reports", help="report folder holding store/ (default: reports)")
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})"
    )
    p.add_argument("--no-serve", action="store_true", help="only write the database (store/explore.db)")
    p.set_defaults(func=cmd_explore)


def cmd_explore(args: argparse.Namespace) -> int:
    """Update the explorer database of ``--out`` and serve it unless ``--no-serve``."""
    return explore(args.out, port=args.port, serve=not args.no_serve)

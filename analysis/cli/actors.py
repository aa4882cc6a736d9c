"""``extract actors``: the corpus's actors table (and, on request, every entity mention).

Why not through the engine like the per-article studies: the actors of a corpus are one merge
over all its articles (an alias in one article names the actor of another), so the command reads
the whole corpus and calls :func:`analysis.actors.extract` once.
"""

from __future__ import annotations

import argparse

from analysis import actors
from analysis.cli.common import load_docs
from analysis.cli.output import write_tables
from analysis.corpus import analysed


def add_actors_options(p: argparse.ArgumentParser) -> None:
    """``--story``, ``--backend``, ``--mentions`` of ``extract actors``."""
    p.add_argument(
        "--story",
        metavar="YAML",
        help="story file (groups, members, aliases) that overrides the inferred groups",
    )
    p.add_argument(
        "--backend",
        choices=("tagger", "spacy"),
        default="tagger",
        help="entity recogniser: tagger (default, fast, shipped) or spacy (en_core_web_sm, if installed)",
    )
    p.add_argument(
        "--mentions",
        action="store_true",
        help="also write the mentions table (--out is then a folder: actors.FORMAT, mentions.FORMAT)",
    )


def cmd_actors(args: argparse.Namespace) -> int:
    """Write the actors table (and the mentions with ``--mentions``) of ``--corpus``."""
    if getattr(args, "engine", "pandas") != "pandas":
        raise ValueError(
            "extract actors runs in this process (one merge over the whole corpus); for Dask, "
            "`python -m analysis run` builds the actors table in the study store"
        )
    docs = analysed(load_docs(args))
    tables = actors.extract(docs, story=args.story, backend=args.backend)
    write_tables(tables if args.mentions else tables["actors"], args.format, args.out)
    return 0

"""``extract``: a study's result tables for a corpus, to stdout or files."""

from __future__ import annotations

import argparse
from typing import Any

from analysis import engine
from analysis.cli.actors import add_actors_options, cmd_actors
from analysis.cli.common import (
    FORMATS,
    corpus_args,
    load_docs,
    load_options,
    param_option,
    sentiment_options,
)
from analysis.cli.output import write_tables
from analysis.corpus import analysed
from analysis.params import default
from analysis.store.studies import parameters, study_tables


def add_extract(sub) -> None:
    """``extract STUDY``: one study's tables for a corpus."""
    p = sub.add_parser("extract", help="write a study's result tables (JSONL to stdout by default)")
    p.set_defaults(func=lambda args, p=p: p.print_help() or 2)
    studies = p.add_subparsers(title="tables", metavar="STUDY")
    for name, helptext in [
        ("docs", "the docs table (one row per article)"),
        ("sentences", "the sentences table"),
        ("topics", "document-topic, topic-term and topic-quality tables"),
        ("sentiment", "sentence- and target-level sentiment"),
        ("attribution", "one row per attribution (quote or paraphrase)"),
        ("actors", "the corpus's actors: aliases merged, role, group (--mentions: each mention too)"),
    ]:
        sp = studies.add_parser(name, help=helptext)
        corpus_args(sp)
        sp.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
        sp.add_argument(
            "--out", help="output file (one table) or folder (several); default: stdout (jsonl only)"
        )
        if name == "topics":
            for key in ("n_topics", "method", "unit", "seed"):
                param_option(sp, "--" + key.replace("_", "-"), f"topics.{key}")
        if name == "sentiment":
            sentiment_options(sp)
        if name == "attribution":
            param_option(sp, "--model", "attribution.method")
        if name == "actors":
            add_actors_options(sp)
        sp.set_defaults(func=cmd_actors if name == "actors" else _cmd_extract, study=name)


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.study in ("attribution", "sentiment"):
        write_tables(_store_rows(args), args.format, args.out)
        return 0
    options = _study_options(args)
    if args.engine == "dask" and args.study in engine.PER_DOCUMENT:
        # Read the corpus in partitions on the workers too, not only the study.
        run = engine.run_corpus(
            args.corpus,
            [args.study],
            engine="dask",
            scheduler=args.scheduler,
            options={args.study: options},
            **load_options(args),
        )
        tables = run.tables[args.study]
    else:
        docs = load_docs(args)
        tables = engine.run_study(
            args.study, docs, options=options, engine=args.engine, scheduler=args.scheduler
        )
    write_tables(tables, args.format, args.out)
    return 0


def _store_rows(args: argparse.Namespace):
    """The study's tables as the store of ``report`` holds them for this corpus and parameters:
    the store's chunks and chunk function (:func:`analysis.store.studies.study_tables`), on
    either engine, with the other store parameters at their defaults."""
    given = {"sentiment.model" if args.study == "sentiment" else "attribution.method": args.model}
    params = parameters(given)
    docs = analysed(load_docs(args), keep_duplicates=params["corpus"]["keep_duplicates"])
    lexicon = getattr(args, "lexicon", default("sentiment.lexicon"))
    return study_tables(
        docs, args.study, params, engine=args.engine, scheduler=args.scheduler, lexicon=lexicon
    )


def _study_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.study == "topics":
        return {
            "n_topics": args.n_topics,
            "method": args.method,
            "unit": args.unit,
            "seed": args.seed,
        }
    return {}

"""Options shared by the commands: the corpus, how to read it, the engine, study parameters."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus import load_corpus
from analysis.render import parse_value
from analysis.sentiment.targets import DEFAULT_MODEL, MODELS

FORMATS = ("jsonl", "csv", "parquet")


def default_corpus() -> str:
    """``seeds/`` of the source tree, the sample corpus the suite ships."""
    return str(Path(__file__).resolve().parents[2] / "seeds")


def corpus_args(p: argparse.ArgumentParser, *, engine: bool = True) -> None:
    """``--corpus``, ``--columns``, ``--keep-columns``, ``--metadata`` (and the engine options)."""
    p.add_argument(
        "--corpus",
        default=default_corpus(),
        help="folder of .txt/.json files, a .csv/.tsv/.jsonl/.json/.parquet file, or a glob "
        "(default: seeds/)",
    )
    p.add_argument(
        "--columns",
        metavar="FIELD=COLUMN",
        nargs="*",
        default=[],
        help="map our fields to a table's columns, e.g. text=body title=headline date=published",
    )
    p.add_argument(
        "--keep-columns",
        metavar="COLUMN",
        nargs="*",
        default=[],
        help="extra input columns carried into the docs table, e.g. authors label",
    )
    p.add_argument(
        "--metadata",
        help="sidecar CSV (file name → date, outlet, url); default: metadata.csv in the corpus folder",
    )
    if engine:
        p.add_argument(
            "--engine",
            choices=("pandas", "dask"),
            default="pandas",
            help="pandas in process (default) or Dask for corpora past one machine",
        )
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="address of a running Dask scheduler (tcp://host:8786); without it "
            "--engine dask starts a local cluster",
        )


def columns_option(args: argparse.Namespace) -> dict[str, str] | None:
    """``--columns FIELD=COLUMN ...`` as a mapping; a malformed item is an error naming it."""
    columns = {}
    for item in args.columns:
        field, sep, column = item.partition("=")
        if not sep:
            raise ValueError(f"--columns takes FIELD=COLUMN, got {item!r}")
        columns[field] = column
    return columns or None


def load_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments of :func:`analysis.corpus.load_corpus` from the corpus options."""
    options: dict[str, Any] = {"columns": columns_option(args), "metadata": args.metadata}
    if getattr(args, "keep_columns", None):
        options["keep_columns"] = list(args.keep_columns)
    return options


def load_docs(args: argparse.Namespace) -> pd.DataFrame:
    """The docs table of ``--corpus`` read with the corpus options."""
    return load_corpus(args.corpus, **load_options(args))


def store_parameters(items: list[list[str]]) -> dict[str, Any]:
    """``-s STUDY.NAME VALUE`` pairs (values read as YAML) as a mapping of dotted names."""
    return {key: parse_value(value) for key, value in items}


def sentiment_options(p: argparse.ArgumentParser, lexicon_help: str) -> None:
    """``--model`` and ``--lexicon`` of the sentiment commands: extract and evaluate offer the same
    models (:data:`analysis.sentiment.targets.MODELS`) and the same default."""
    p.add_argument(
        "--model",
        choices=MODELS,
        default=DEFAULT_MODEL,
        help=f"target-sentiment model (default: {DEFAULT_MODEL}; models: analysis/models/sentiment_*.md)",
    )
    p.add_argument("--lexicon", choices=("news", "vader"), default="news", help=lexicon_help)

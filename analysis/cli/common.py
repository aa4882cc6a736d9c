"""Options shared by the commands: the corpus, how to read it, the engine, study parameters."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from analysis import params
from analysis.corpus import MAX_ARTICLE_BYTES, load_corpus
from analysis.render import corpus_options, default_corpus, parse_value

FORMATS = ("jsonl", "csv", "parquet")


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
    p.add_argument(
        "--max-article-bytes",
        type=int,
        metavar="BYTES",
        help=f"skip (and name) an article larger than this (default: {MAX_ARTICLE_BYTES:,}); "
        "the rest of its file is read",
    )
    if engine:
        p.add_argument(
            "--engine",
            choices=params.ENGINES,
            default=params.DEFAULT_ENGINE,
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
    options = corpus_options(columns_option(args), args.metadata, getattr(args, "keep_columns", None))
    if getattr(args, "max_article_bytes", None):
        options["max_bytes"] = args.max_article_bytes
    return options


def load_docs(args: argparse.Namespace) -> pd.DataFrame:
    """The docs table of ``--corpus`` read with the corpus options."""
    return load_corpus(args.corpus, **load_options(args))


def store_parameters(items: list[list[str]]) -> dict[str, Any]:
    """``-s STUDY.NAME VALUE`` pairs (values read as YAML) as a mapping of dotted names, each
    checked against its spec: an unknown name or a value out of range is an error naming it."""
    out = {}
    for key, value in items:
        if not params.spec(key).store:
            raise ValueError(f"{key} is not a store parameter")
        out[key] = params.check(key, parse_value(value))
    return out


def param_option(p: argparse.ArgumentParser, flag: str, name: str, **extra: Any) -> None:
    """``flag`` as an option of the study parameter ``name``: its default, choices and help come
    from the parameter's one spec (:mod:`analysis.params`), its value is checked against it."""
    spec = params.spec(name)
    kwargs: dict[str, Any] = {"default": spec.default, "help": f"{spec.help} (default: {spec.default})"}
    if spec.kind == "choice":
        kwargs["choices"] = spec.choices
    else:
        kwargs["type"] = _checked(name)
    p.add_argument(flag, **{**kwargs, **extra})


def _checked(name: str):
    """An argparse ``type`` that reads a value as YAML and checks it against ``name``'s spec
    (argparse shows an ``ArgumentTypeError``'s message, which names the parameter)."""

    def read(value: str) -> Any:
        try:
            return params.check(name, parse_value(value))
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    return read


def sentiment_options(p: argparse.ArgumentParser) -> None:
    """``--model`` and ``--lexicon`` of the sentiment commands: extract and evaluate offer the same
    models and the same defaults (the specs of ``sentiment.model`` and ``sentiment.lexicon``)."""
    param_option(p, "--model", "sentiment.model")
    param_option(p, "--lexicon", "sentiment.lexicon")

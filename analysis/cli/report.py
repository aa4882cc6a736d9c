"""``report`` and ``run``: fill the study store, then render the notebooks from it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from analysis.cli.common import corpus_args, load_options, store_parameters
from analysis.corpus import check_output
from analysis.params import SPECS, help_lines
from analysis.render import list_notebooks, notebook_parameters, parse_value, render_reports
from analysis.store import build


def add_run(sub) -> None:
    """``run``: fill the study store (no reports)."""
    p = sub.add_parser(
        "run",
        help="compute the studies once into the study store",
        description="Read the corpus and compute docs, sentences, attributions, sentiment and topics "
        "once, into OUT/store (Parquet tables and a manifest). A second run recomputes only what "
        "changed: new, changed or removed articles, and studies whose parameters changed.",
    )
    corpus_args(p)
    p.add_argument("--out", default="reports", help="folder whose store/ is filled (default: reports/)")
    p.add_argument(
        "--chunk-size",
        type=int,
        default=500,
        help="articles per part of the per-article tables, on average (default: 500)",
    )
    study_args(p)
    p.set_defaults(func=cmd_run)


def study_args(p: argparse.ArgumentParser) -> None:
    """``-s STUDY.NAME VALUE`` and ``--refit``, shared by ``run`` and ``report``."""
    p.add_argument(
        "-s",
        "--study-parameter",
        nargs=2,
        action="append",
        metavar=("STUDY.NAME", "VALUE"),
        default=[],
        help="a study parameter of the store, e.g. -s topics.n_topics 6, "
        "-s attribution.method model (value read as YAML); "
        + "; ".join(f"{p.name} (default {p.default!r})" for p in SPECS if p.store),
    )
    p.add_argument(
        "--refit", action="store_true", help="fit the topic model again even if the corpus changed little"
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Build or update the store and say what was done."""
    check_output(args.corpus, args.out)
    manifest, done = build(
        args.corpus,
        Path(args.out) / "store",
        params=store_parameters(args.study_parameter),
        engine=args.engine,
        scheduler=args.scheduler,
        refit=args.refit,
        load=load_options(args),
        chunk_size=args.chunk_size,
    )
    print(
        f"store: {Path(args.out) / 'store'}: {len(manifest.doc_hashes)} articles analysed "
        f"({done.added} new, {done.changed} changed, {done.removed} removed, {done.unchanged} kept); "
        f"{sum(done.seconds.values()):.1f} s",
        file=sys.stderr,
    )
    return 0


def add_report(sub, with_notebook_help: bool) -> None:
    """``report``: the store, then every notebook rendered to HTML."""
    epilog = notebook_params_help() if with_notebook_help else None
    p = sub.add_parser(
        "report",
        help="fill the store and render the notebooks to HTML reports",
        description="Fill the study store (as `run` does), then run each notebook in notebooks/ through "
        "papermill, in parallel, and convert it to a self-contained HTML report (no external URL), "
        "plus OUT/index.html with a run record.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    corpus_args(p)
    p.add_argument("--out", default="reports", help="output folder (default: reports/)")
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this notebook (00_corpus or corpus); repeat for several",
    )
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        default=[],
        help="a notebook parameter (value read as YAML: 5, true, auto); goes to every notebook "
        "that declares it; NOTEBOOK.KEY for one notebook (topics.max_rows)",
    )
    p.add_argument(
        "-f",
        "--parameters-file",
        metavar="params.yaml",
        help="YAML of parameters; a mapping under a notebook's name applies to that notebook only",
    )
    study_args(p)
    p.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML")
    p.add_argument(
        "--kernel", help="Jupyter kernel name (default: news-analysis if registered, else python3)"
    )
    p.add_argument("--notebooks", help="folder of notebooks (default: notebooks/ of this source tree)")
    p.add_argument("--jobs", type=int, help="notebooks rendered at once (default: the number of cores)")
    p.set_defaults(func=cmd_report)


def notebook_params_help() -> str:
    """Every notebook's parameters with their defaults and help, for ``report --help``."""
    lines = ["notebook parameters (-p KEY VALUE):"]
    for nb in list_notebooks():
        lines.append(f"  {nb.stem}:")
        for name, info in notebook_parameters(nb).items():
            note = f"  # {info['help']}" if info.get("help") else ""
            lines.append(f"    {name} = {info['default']}{note}")
    lines.append("study parameters (-s STUDY.NAME VALUE):")
    lines += help_lines()
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    """Render the reports; exit 1 when a notebook failed (the others are still written)."""
    params: dict[str, Any] = {k: parse_value(v) for k, v in args.parameter}
    record = render_reports(
        args.corpus,
        args.out,
        only=args.only,
        params=params,
        params_file=args.parameters_file,
        show_code=args.show_code,
        kernel=args.kernel,
        notebooks_dir=args.notebooks,
        jobs=args.jobs,
        store_params=store_parameters(args.study_parameter),
        engine=args.engine,
        scheduler=args.scheduler,
        refit=args.refit,
        load=load_options(args),
    )
    index = Path(args.out) / "index.html"
    for nb in record.notebooks:
        where = f"in cell {nb.cell}" if nb.cell is not None else ""
        line = f"{nb.name}: {nb.status} ({nb.seconds:.1f} s)"
        if nb.status != "ok":
            line += f" {where}: {nb.error}"
        print(line, file=sys.stderr)
    print(f"{len(record.notebooks) - len(record.failed)} report(s) written; index: {index}", file=sys.stderr)
    if record.failed:
        names = ", ".join(f"{nb.name}.ipynb" for nb in record.failed)
        print(
            f"error: {len(record.failed)} notebook(s) failed: {names}; previous reports kept", file=sys.stderr
        )
        return 1
    return 0

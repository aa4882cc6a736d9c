"""Command line: ``python -m analysis report | extract | evaluate``.

Errors that the user can fix (a missing corpus, a bad parameter, an unreadable file) print one
line naming the file and the problem and exit with status 2; a report run in which a notebook
failed exits with status 1 after rendering the others.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

FORMATS = ("jsonl", "csv", "parquet")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    warnings.formatwarning = _one_line_warning
    parser = build_parser(with_notebook_help="report" in argv and ("-h" in argv or "--help" in argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from analysis.corpus import CorpusError
    from analysis.report import ReportError

    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return 0
    except (CorpusError, ReportError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a path we cannot read or write: name it, no traceback
        where = f"{err.filename}: " if err.filename else ""
        reason = ("a file is in the way; give a folder or another path"
                  if isinstance(err, (FileExistsError, NotADirectoryError)) else err.strerror or err)
        print(f"error: {where}{reason}", file=sys.stderr)
        return 2


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """A skipped file is one line naming it and why, not Python's two-line warning format."""
    return f"warning: {message}\n"


def build_parser(with_notebook_help: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Topics, sentiment and source attribution for a news corpus. "
        "A corpus is a folder of .txt files (title on the first line), a .csv/.jsonl/.parquet "
        "file, or a glob of these.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_report(sub, with_notebook_help)
    _add_extract(sub)
    _add_evaluate(sub)
    return parser


def _default_corpus() -> str:
    """``seeds/`` of the source tree, the sample corpus the suite ships."""
    return str(Path(__file__).resolve().parent.parent / "seeds")


def _corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", default=_default_corpus(),
                   help="folder of .txt files, a .csv/.jsonl/.parquet file, or a glob (default: seeds/)")
    p.add_argument("--columns", metavar="FIELD=COLUMN", nargs="*", default=[],
                   help="map our fields to a table's columns, e.g. text=body title=headline date=published")
    p.add_argument("--metadata", help="sidecar CSV (file name → date, outlet, url); default: metadata.csv in the corpus folder")
    p.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                   help="pandas in process (default) or Dask for corpora past one machine")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler (tcp://host:8786); without it --engine dask starts a local cluster")


# --- report -------------------------------------------------------------------------------

def _add_report(sub, with_notebook_help: bool) -> None:
    epilog = _notebook_params_help() if with_notebook_help else None
    p = sub.add_parser(
        "report", help="run the notebooks on a corpus and write HTML reports",
        description="Run each notebook in notebooks/ through papermill and convert it to a "
        "self-contained HTML report (no external URL), plus reports/index.html with a run record.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", default=_default_corpus(), help="the corpus (default: seeds/)")
    p.add_argument("--out", default="reports", help="output folder (default: reports/)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="run only this notebook (00_corpus or corpus); repeat for several")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("KEY", "VALUE"), default=[],
                   help="a notebook parameter (value read as YAML: 5, true, auto); goes to every notebook that declares it")
    p.add_argument("-f", "--parameters-file", metavar="params.yaml",
                   help="YAML of parameters; a mapping under a notebook's name applies to that notebook only")
    p.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML")
    p.add_argument("--kernel", help="Jupyter kernel name (default: news-analysis if registered, else python3)")
    p.add_argument("--notebooks", help="folder of notebooks (default: notebooks/ of this source tree)")
    p.add_argument("--engine", choices=("pandas", "dask"), help="engine parameter passed to notebooks that take one")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler passed to notebooks that take one")
    p.set_defaults(func=_cmd_report)


def _notebook_params_help() -> str:
    from analysis.report import list_notebooks, notebook_parameters

    lines = ["notebook parameters (-p KEY VALUE):"]
    for nb in list_notebooks():
        lines.append(f"  {nb.stem}:")
        for name, info in notebook_parameters(nb).items():
            note = f"  # {info['help']}" if info.get("help") else ""
            lines.append(f"    {name} = {info['default']}{note}")
    return "\n".join(lines)


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis.report import parse_value, render_reports

    params: dict[str, Any] = {k: parse_value(v) for k, v in args.parameter}
    for key in ("engine", "scheduler"):
        if getattr(args, key):
            params[key] = getattr(args, key)
    record = render_reports(
        args.corpus, args.out, only=args.only, params=params, params_file=args.parameters_file,
        show_code=args.show_code, kernel=args.kernel, notebooks_dir=args.notebooks,
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
        print(f"error: {len(record.failed)} notebook(s) failed: {names}; previous reports kept", file=sys.stderr)
        return 1
    return 0


# --- extract ------------------------------------------------------------------------------

def _add_extract(sub) -> None:
    p = sub.add_parser("extract", help="write a study's result tables (JSONL to stdout by default)")
    p.set_defaults(func=lambda args, p=p: p.print_help() or 2)
    studies = p.add_subparsers(title="tables", metavar="STUDY")
    for name, helptext in [
        ("docs", "the docs table (one row per article)"),
        ("sentences", "the sentences table"),
        ("topics", "document-topic, topic-term and topic-quality tables"),
        ("sentiment", "sentence- and target-level sentiment"),
        ("attribution", "one row per attribution (quote or paraphrase)"),
    ]:
        sp = studies.add_parser(name, help=helptext)
        _corpus_args(sp)
        sp.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
        sp.add_argument("--out", help="output file (one table) or folder (several); default: stdout (jsonl only)")
        if name == "topics":
            sp.add_argument("--n-topics", default="auto", help="number of topics or 'auto' (default)")
            sp.add_argument("--method", choices=("nmf", "lda"), default="nmf",
                            help="topic model: nmf (default, best on news) or lda")
            sp.add_argument("--unit", choices=("auto", "article", "paragraph", "sentence"), default="auto",
                            help="what one document of the model is (default: auto, by corpus size)")
            sp.add_argument("--seed", type=int, default=0, help="random seed (default: 0); same seed, same topics")
        if name == "sentiment":
            sp.add_argument("--model", choices=("news", "vader"), default="news",
                            help="target-sentiment model (default: news, trained on NewsMTSC)")
            sp.add_argument("--lexicon", choices=("news", "vader"), default="news",
                            help="sentence lexicon: news (VADER plus a news supplement, names masked; default) or vader (plain VADER)")
        if name == "attribution":
            sp.add_argument("--model", choices=("rules", "model", "auto"), default="rules",
                            help="rules (default: precise, lexicon-based), model (adds the CRF tagger trained on "
                            "PolNeAR: higher recall on PolNeAR, noisier on short news), auto (model when available)")
        sp.set_defaults(func=_cmd_extract, study=name)


def _columns(args: argparse.Namespace) -> dict[str, str] | None:
    columns = {}
    for item in args.columns:
        field, sep, column = item.partition("=")
        if not sep:
            raise ValueError(f"--columns takes FIELD=COLUMN, got {item!r}")
        columns[field] = column
    return columns or None


def _load(args: argparse.Namespace) -> pd.DataFrame:
    from analysis.corpus import load_corpus

    return load_corpus(args.corpus, columns=_columns(args), metadata=args.metadata)


def _cmd_extract(args: argparse.Namespace) -> int:
    from analysis import engine

    options = _study_options(args)
    if args.engine == "dask" and args.study in engine.PER_DOCUMENT:
        # Read the corpus in partitions on the workers too, not only the study.
        run = engine.run_corpus(args.corpus, [args.study], engine="dask", scheduler=args.scheduler,
                                options={args.study: options}, columns=_columns(args),
                                metadata=args.metadata)
        tables = run.tables[args.study]
    else:
        docs = _load(args)
        tables = engine.run_study(args.study, docs, options=options, engine=args.engine,
                                  scheduler=args.scheduler)
    write_tables(tables, args.format, args.out)
    return 0


def _study_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.study == "topics":
        n = args.n_topics
        return {"n_topics": int(n) if str(n).isdigit() else n, "method": args.method,
                "unit": args.unit, "seed": args.seed}
    if args.study == "sentiment":
        return {"model": args.model, "lexicon": args.lexicon}
    if args.study == "attribution":
        return {"model": args.model}
    return {}


def write_tables(tables: pd.DataFrame | dict[str, pd.DataFrame], fmt: str, out: str | None) -> None:
    """Write one table or several: to ``out`` (a file, or a folder for several) or to stdout."""
    if isinstance(tables, pd.DataFrame):
        tables = {"": tables}
    if out is None:
        if fmt != "jsonl":
            raise ValueError(f"--format {fmt} needs --out (stdout takes jsonl only)")
        for name, table in tables.items():
            for row in _json_rows(table):
                if name:
                    row = {"table": name, **row}
                sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    target = Path(out)
    if len(tables) == 1 and "" in tables:
        _write_one(tables[""], fmt, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        _write_one(table, fmt, target / f"{name}.{fmt}")


def _json_rows(table: pd.DataFrame):
    for row in table.to_dict("records"):
        yield {k: (None if _is_missing(v) else v) for k, v in row.items()}


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _write_one(table: pd.DataFrame, fmt: str, path: Path) -> None:
    from analysis.report import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        import io

        buf = io.BytesIO()
        table.to_parquet(buf, index=False)
        atomic_write(path, buf.getvalue())
    elif fmt == "csv":
        atomic_write(path, table.to_csv(index=False).encode("utf-8"))
    else:
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in _json_rows(table)]
        atomic_write(path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))


# --- evaluate -----------------------------------------------------------------------------

def _add_evaluate(sub) -> None:
    p = sub.add_parser("evaluate", help="score a study against gold data")
    p.set_defaults(func=lambda args, p=p: p.print_help() or 2)
    studies = p.add_subparsers(title="studies", metavar="STUDY")

    sp = studies.add_parser("attribution", help="against a PolNeAR-format folder (text/*.txt + attributions/*.ann)")
    sp.add_argument("--data", required=True, help="folder with text/ and attributions/ (e.g. polnear/data/dev)")
    sp.add_argument("--model", choices=("rules", "model", "auto"), default="auto",
                    help="auto (the CRF tagger when available, else rules; default), model, or rules")
    sp.set_defaults(func=_cmd_evaluate, study="attribution")

    sp = studies.add_parser("sentiment", help="NewsMTSC JSONL (target sentiment) or PerSenT CSV (document)")
    sp.add_argument("--data", required=True, help="NewsMTSC .jsonl or PerSenT .csv")
    sp.add_argument("--model", choices=("news", "vader"), default="news",
                    help="target-sentiment model (default: news, trained on NewsMTSC)")
    sp.add_argument("--lexicon", choices=("news", "vader"), default="news",
                    help="lexicon for VADER scores: news (default) or vader (plain VADER, the published baseline)")
    sp.set_defaults(func=_cmd_evaluate, study="sentiment")

    sp = studies.add_parser("topics", help="a labelled corpus: folder of category subfolders, or CSV with a label column")
    sp.add_argument("--data", required=True, help="folder of category subfolders (e.g. bbc/) or a CSV with text and label")
    sp.add_argument("--k", type=int, help="number of topics (default: number of labels)")
    sp.add_argument("--method", choices=("nmf", "lda"), default="nmf", help="topic model (default: nmf)")
    sp.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    sp.set_defaults(func=_cmd_evaluate, study="topics")

    sp = studies.add_parser("outlets", help="outlet classifier on a PolNeAR-style folder plus metadata.tsv")
    sp.add_argument("--data", required=True, help="folder with text/ (e.g. polnear/data/dev)")
    sp.add_argument("--train", help="training folder (default: the sibling train/ folder)")
    sp.add_argument("--threshold", type=float, help="probability below which the answer is 'unknown'")
    sp.set_defaults(func=_cmd_evaluate, study="outlets")

    for sp in studies.choices.values():
        sp.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def _cmd_evaluate(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(f"analysis.evaluate.{args.study}")
    data = Path(args.data)
    if not data.exists():
        raise FileNotFoundError(f"{data}: no such file or folder")
    options = {k: v for k, v in vars(args).items()
               if k not in {"func", "study", "data", "json"} and v is not None}
    metrics = module.evaluate(data, **options)
    if args.json:
        print(json.dumps(metrics, default=_jsonable, sort_keys=True))
    else:
        print(format_metrics(metrics, title=f"{args.study} on {data}"))
    return 0


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.DataFrame):
        return value.to_dict("records")
    return str(value)


def format_metrics(metrics: dict[str, Any], title: str = "") -> str:
    """A plain two-column table of the scalar metrics (nested values are summarised)."""
    rows = []
    for key, value in metrics.items():
        if isinstance(value, float):
            text = f"{value:.3f}"
        elif isinstance(value, (int, str)) or value is None:
            text = str(value)
        else:
            text = json.dumps(value, default=_jsonable)[:120]
        rows.append((key, text))
    width = max((len(k) for k, _ in rows), default=10)
    lines = [title, "-" * max(len(title), width + 12)] if title else []
    lines += [f"{k:<{width}}  {v}" for k, v in rows]
    return "\n".join(lines)

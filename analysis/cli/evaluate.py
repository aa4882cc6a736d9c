"""``evaluate``: score a study against gold data and print the metrics."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.cli.common import param_option, sentiment_options


def add_evaluate(sub) -> None:
    """``evaluate STUDY --data PATH``: scores against gold data."""
    p = sub.add_parser("evaluate", help="score a study against gold data")
    p.set_defaults(func=lambda args, p=p: p.print_help() or 2)
    studies = p.add_subparsers(title="studies", metavar="STUDY")

    sp = studies.add_parser(
        "attribution", help="against a PolNeAR-format folder (text/*.txt + attributions/*.ann)"
    )
    sp.add_argument(
        "--data", required=True, help="folder with text/ and attributions/ (e.g. polnear/data/dev)"
    )
    param_option(sp, "--model", "attribution.method")
    sp.set_defaults(func=_cmd_evaluate, study="attribution")

    sp = studies.add_parser("sentiment", help="NewsMTSC JSONL (target sentiment) or PerSenT CSV (document)")
    sp.add_argument("--data", required=True, help="NewsMTSC .jsonl or PerSenT .csv")
    sentiment_options(sp)
    sp.set_defaults(func=_cmd_evaluate, study="sentiment")

    sp = studies.add_parser(
        "topics", help="a labelled corpus: folder of category subfolders, or CSV with a label column"
    )
    sp.add_argument(
        "--data", required=True, help="folder of category subfolders (e.g. bbc/) or a CSV with text and label"
    )
    sp.add_argument("--k", type=int, help="number of topics (default: number of labels)")
    param_option(sp, "--method", "topics.method")
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
    module = importlib.import_module(f"analysis.evaluate.{args.study}")
    data = Path(args.data)
    if not data.exists():
        raise FileNotFoundError(f"{data}: no such file or folder")
    options = {
        k: v for k, v in vars(args).items() if k not in {"func", "study", "data", "json"} and v is not None
    }
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

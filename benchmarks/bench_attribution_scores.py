"""Attribution accuracy on news it was not tuned on: the figures the reports quote.

Scores each extraction path on the BBC development gold (precision and recall of attributions,
matched as its README says) and on PolNeAR dev (token-overlap precision, recall and F1 of
source, cue and content), prints them, and writes them to
``analysis/models/attribution_scores.json`` (read by :func:`analysis.attribution.measured_scores`).

    .venv/bin/python benchmarks/bench_attribution_scores.py [--methods rules model]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from analysis.attribution.scores import SCORES_FILE
from analysis.evaluate.attribution import evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BBC = DATA / "bbc-attributions" / "gold.jsonl"
POLNEAR_DEV = DATA / "polnear" / "data" / "dev"
COMMAND = "python benchmarks/bench_attribution_scores.py"


def scores(method: str) -> dict:
    """The BBC and PolNeAR dev figures of one extraction path."""
    b = evaluate(BBC, model=method)
    p = evaluate(POLNEAR_DEV, model=method)
    keep_b = ("precision", "recall", "f1", "n_gold", "n_pred", "n_docs", "type_agreement")
    out_p = {"n_docs": p["n_docs"], "n_gold_relations": p["n_gold_relations"]}
    for role in ("source", "cue", "content"):
        out_p[f"{role}_f1"] = p[f"{role}_f1_overlap"]
        out_p[f"{role}_precision"] = p[f"{role}_p_overlap"]
        out_p[f"{role}_recall"] = p[f"{role}_r_overlap"]
    return {"bbc": {k: b[k] for k in keep_b}, "polnear_dev": out_p}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--methods", nargs="+", default=["rules", "model"])
    ap.add_argument("--out", type=Path, default=SCORES_FILE)
    args = ap.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "command": COMMAND,
        "commit": commit,
        "default": "rules",
        "data": {
            "bbc": "shared/data/bbc-attributions/gold.jsonl",
            "polnear_dev": "shared/data/polnear/data/dev",
        },
        "methods": {m: scores(m) for m in args.methods},
    }
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", "utf-8")
    print("| method | BBC precision | BBC recall | PolNeAR dev F1 source | cue | content |")
    print("|---|---:|---:|---:|---:|---:|")
    for m, s in result["methods"].items():
        b, p = s["bbc"], s["polnear_dev"]
        print(
            f"| {m} | {b['precision']:.3f} | {b['recall']:.3f} | {p['source_f1']:.3f} "
            f"| {p['cue_f1']:.3f} | {p['content_f1']:.3f} |"
        )
    print(f"written: {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

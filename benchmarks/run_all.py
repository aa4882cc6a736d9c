"""`make bench`: run every benchmark whose figures the ``benchmarks/*.md`` files quote.

Quick by default (minutes on two cores): each script with a small default. ``--full`` adds the
full-size runs (the 10k/100k corpora, streaming topics on ~100k documents), which take hours.
Each command is printed before it runs and is the one written beside its figures in the .md
files; a failing command is reported at the end and makes the exit status non-zero.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

QUICK = [
    ["benchmarks/bench_topics.py"],
    ["benchmarks/bench_topics_k.py", "--data", "bbc", "ag"],
    ["benchmarks/bench_topics_seeds.py"],
    ["benchmarks/bench_sentiment.py"],
    ["benchmarks/bench_attribution.py", "--n", "2000"],
    ["benchmarks/bench_attribution_agreement.py", "--data", str(SHARED / "polnear" / "data" / "dev")],
    ["benchmarks/bench_outlets.py"],
    ["benchmarks/bench_entities.py", "speed"],
    ["benchmarks/bench_entities.py", "actors", "polnear"],
    ["benchmarks/bench_report.py", "--seeds", "--repeat", "2"],
]
FULL = [
    ["benchmarks/make_corpus.py", "--n", "10000"],
    ["benchmarks/bench_report.py", "--corpus", "benchmarks/data/bbc-10000", "--engine", "pandas"],
    ["benchmarks/bench_report.py", "--corpus", "benchmarks/data/bbc-10000", "--engine", "dask"],
    ["benchmarks/bench_topics_stream.py"],
    ["benchmarks/make_corpus.py", "--n", "100000"],
    ["benchmarks/bench_report.py", "--corpus", "benchmarks/data/bbc-100000", "--engine", "dask"],
    ["benchmarks/run_scale.py", "--n", "100000"],
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="also the full-size runs (hours)")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(
            f"error: {SHARED} not found: the benchmarks measure on the research data in ../shared",
            file=sys.stderr,
        )
        return 2
    failed = []
    for cmd in QUICK + (FULL if args.full else []):
        line = " ".join([".venv/bin/python", *cmd])
        print(f"\n$ {line}", flush=True)
        started = time.perf_counter()
        if subprocess.run([sys.executable, *cmd], cwd=ROOT).returncode:
            failed.append(line)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    for line in failed:
        print(f"failed: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

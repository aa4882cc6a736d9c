"""Text reuse in bounded memory (issue 26, item 1): peak memory and time of ``find_reuse``.

Each corpus is read once into a Parquet file of ``doc_id, text, date`` (so reading is not what
is measured); then, per corpus, a fresh child process loads that file, notes its resident memory,
runs ``find_reuse`` and reports the peak resident memory above that baseline, the wall time and
the number of pairs. ``--module FILE`` runs another implementation of ``find_reuse`` (the one
before a change, saved with ``git show REV:analysis/outlets/reuse.py > FILE``) the same way, so
before and after are measured alike.

    .venv/bin/python benchmarks/make_corpus.py --n 10000 30000 --out /tmp/rc
    .venv/bin/python benchmarks/bench_reuse.py /tmp/rc/bbc-10000 /tmp/rc/bbc-30000 [--module FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def rss_mb() -> float:
    """Current resident memory of this process, MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(parquet: str, module: str | None) -> None:
    """Run ``find_reuse`` on the Parquet corpus and print one JSON line of figures."""
    if module:
        spec = importlib.util.spec_from_file_location("peer_reuse", module)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        find_reuse = mod.find_reuse
    else:
        from analysis.outlets import find_reuse
    docs = pd.read_parquet(parquet)
    base = rss_mb()
    start = time.perf_counter()
    pairs = find_reuse(docs)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": len(docs), "pairs": len(pairs), "wall_s": round(wall, 1),
                      "peak_above_load_mb": round(peak - base), "load_mb": round(base)}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", help="corpus paths (folders of JSONL shards, files, globs)")
    ap.add_argument("--module", help="a file defining find_reuse to measure instead of the package's")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.module)
        return
    from analysis.corpus import load_corpus

    print("| corpus | articles | pairs | wall s | peak MB above the loaded corpus |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in args.corpora:
            docs = load_corpus(corpus, progress=False)
            path = Path(tmp) / "docs.parquet"
            docs[[c for c in ("doc_id", "text", "date", "duplicate_of") if c in docs]].to_parquet(path)
            cmd = [sys.executable, __file__, "--child", str(path)] + (
                ["--module", args.module] if args.module else []
            )
            out = json.loads(
                subprocess.run(cmd, check=True, capture_output=True, text=True)
                .stdout.strip()
                .splitlines()[-1]
            )
            print(f"| {Path(corpus).name} | {out['articles']:,} | {out['pairs']:,} | {out['wall_s']} | {out['peak_above_load_mb']:,} |")  # fmt: skip


if __name__ == "__main__":
    main()

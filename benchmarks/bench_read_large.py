"""Peak memory of reading one large JSON Lines file: ``python -m analysis extract docs`` on it.

Why: a corpus often arrives as one big JSONL export. The reader streams it line by line (the
size limit is per article, ``--max-article-bytes``), so its memory should follow the docs table
it returns, not the file's bytes held two or three times over (bytes, decoded text, split lines).
This makes a JSONL of made-up articles of about ``--mb`` megabytes (distinct texts, so duplicate
detection does not shrink it), runs the command in a child process and prints the child's peak
RSS (``ru_maxrss``), its wall seconds and the number of rows it wrote:

    .venv/bin/python benchmarks/bench_read_large.py --mb 20 --article-kb 10
    .venv/bin/python benchmarks/bench_read_large.py --mb 200 --article-kb 50 --keep /tmp/big.jsonl

The file is written to a temporary folder (or ``--keep PATH``) and removed afterwards unless kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    *("council", "harbour", "budget", "bridge", "library", "tram", "school", "museum", "park"),
    *("market", "river", "station", "mayor", "vote", "plan", "road", "housing", "rent", "water"),
    *("energy", "festival", "court", "report", "study", "hospital", "teacher"),
]


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def make_jsonl(path: Path, mb: float, article_kb: float, seed: int = 0) -> int:
    """Write made-up articles to ``path`` until it holds ``mb`` megabytes; the number written."""
    rng = random.Random(seed)
    target, size, n = int(mb * 1e6), 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            words = int(article_kb * 1000 / 7)
            body = []
            for p in range(max(1, words // 120)):
                body.append(
                    f"Paragraph {p} of item {n}: " + " ".join(rng.choice(WORDS) for _ in range(120)) + "."
                )
            line = json.dumps({"id": f"a{n}", "title": f"Item {n}", "text": "\n\n".join(body)}) + "\n"
            fh.write(line)
            size += len(line)
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the JSONL file (default 20 MB)")
    ap.add_argument("--article-kb", type=float, default=10.0, help="size of one article (default 10 kB)")
    ap.add_argument("--keep", type=Path, help="write the JSONL here and keep it (reused if present)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "big.jsonl"
        if not path.exists():
            n = make_jsonl(path, args.mb, args.article_kb)
        else:
            n = count_lines(path)
        out = Path(tmp) / "docs.jsonl"
        cmd = [sys.executable, "-m", "analysis", "extract", "docs", "--corpus", str(path), "--out", str(out)]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB -> MB on Linux
        rows = count_lines(out) if out.exists() else 0
        print(
            json.dumps(
                {
                    "file_mb": round(path.stat().st_size / 1e6, 1),
                    "articles": n,
                    "rows_written": rows,
                    "peak_rss_mb": round(peak),
                    "wall_s": round(wall, 1),
                    "exit": done.returncode,
                    "stderr_tail": done.stderr[-300:],
                }
            )
        )


if __name__ == "__main__":
    main()

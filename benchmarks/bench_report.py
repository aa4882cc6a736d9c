"""Regenerating reports at scale: ``report`` on 10k/100k articles, first run, second run on the
unchanged corpus, and after adding 1% new articles; pandas and Dask; wall time, CPU time and peak
memory (summed over every process of the run, and the largest single process).

Why a subprocess per run: a report run starts kernels and (on Dask) workers; only the whole
process tree says what the user pays. Memory and CPU are sampled from that tree with psutil
every 0.2 s (a process that lives under 0.2 s may be missed: the figures are lower bounds).

    .venv/bin/python benchmarks/make_corpus.py --n 10000
    .venv/bin/python benchmarks/bench_report.py --corpus benchmarks/data/bbc-10000 --engine pandas
    .venv/bin/python benchmarks/bench_report.py --corpus benchmarks/data/bbc-10000 --engine dask
    .venv/bin/python benchmarks/bench_report.py --seeds --repeat 3      # the seeds, warm
    .venv/bin/python benchmarks/bench_report.py --corpus DIR --command run   # the store alone

The corpus folder must hold JSONL shards (``make_corpus.py``); the 1% added articles are written
to a shard of their own in a copy of the corpus, never into the given folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Measure:
    """One run: what was run and what it cost, and the machine's load average around it (the
    machine may be shared: wall time means little without it)."""

    label: str
    seconds: float
    cpu_seconds: float
    peak_total_mb: float
    peak_largest_mb: float
    returncode: int
    load_before: float = 0.0
    load_after: float = 0.0
    store_seconds: dict | None = None


def measure(cmd: list[str], label: str) -> Measure:
    """Run ``cmd`` and sample its process tree until it exits."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"total": 0.0, "largest": 0.0}
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    continue
            peak["total"] = max(peak["total"], sum(rss) / 2**20)
            peak["largest"] = max(peak["largest"], max(rss, default=0) / 2**20)
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode:
        print(f"{label}: exit {proc.returncode}\n{err[-3000:]}", file=sys.stderr)
    return Measure(
        label,
        round(time.perf_counter() - started, 1),
        round(sum(cpu.values()), 1),
        round(peak["total"]),
        round(peak["largest"]),
        proc.returncode,
        round(load_before, 1),
        round(os.getloadavg()[0], 1),
    )


def store_history(out: Path) -> list[dict]:
    """The store's build history (one entry per build that computed something)."""
    path = out / "store" / "manifest.json"
    return json.loads(path.read_text()).get("history") or [] if path.is_file() else []


def count_lines(path: Path) -> int:
    """Lines of a JSONL shard (its articles)."""
    with open(path, encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def add_articles(corpus: Path, work: Path, share: float) -> Path:
    """A copy of ``corpus`` (links to its shards) plus one shard of ``share`` new articles made
    from the corpus's own rows with new ids and shuffled sentences."""
    import numpy as np
    import pandas as pd

    copy = work / "corpus-plus"
    copy.mkdir(parents=True, exist_ok=True)
    shards = sorted(corpus.glob("*.jsonl"))
    for shard in shards:
        (copy / shard.name).symlink_to(shard.resolve())
    rows = pd.read_json(shards[0], lines=True)
    n = max(1, round(share * sum(count_lines(s) for s in shards)))
    rng = np.random.default_rng(0)
    picked = rows.sample(n=n, replace=n > len(rows), random_state=0).reset_index(drop=True)
    picked["doc_id"] = [f"added-{i:06d}" for i in range(n)]
    picked["text"] = ["\n\n".join(rng.permutation(t.split("\n\n"))) for t in picked["text"]]
    picked.to_json(
        copy / "zz-added.jsonl", orient="records", lines=True, force_ascii=False, date_format="iso"
    )
    return copy


def report_cmd(corpus: Path, out: Path, engine: str, command: str = "report") -> list[str]:
    """``python -m analysis report`` (or ``run``: the store alone) on ``corpus`` into ``out``."""
    return [
        sys.executable,
        "-m",
        "analysis",
        command,
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--engine",
        engine,
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="folder of JSONL shards (benchmarks/make_corpus.py)")
    ap.add_argument("--seeds", action="store_true", help="benchmark the seeds' reports (warm runs)")
    ap.add_argument("--engine", choices=("pandas", "dask"), default="pandas")
    ap.add_argument("--add", type=float, default=0.01, help="share of articles added for the third run")
    ap.add_argument("--repeat", type=int, default=1, help="runs of the unchanged corpus after the first")
    ap.add_argument(
        "--command",
        choices=("report", "run"),
        default="report",
        help="measure the whole report, or `run` (the study store alone)",
    )
    ap.add_argument("--json", type=Path, help="also write the measures to this JSON file")
    args = ap.parse_args(argv)
    corpus = ROOT / "seeds" if args.seeds else args.corpus
    if corpus is None or not corpus.exists():
        ap.error("give --corpus FOLDER (make one with benchmarks/make_corpus.py) or --seeds")
    rows: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = Path(tmp)
        out = work / "reports"
        runs = [(corpus, "first run")] + [(corpus, f"unchanged corpus #{i + 1}") for i in range(args.repeat)]
        if not args.seeds:
            runs.append((add_articles(corpus, work, args.add), f"+{args.add:.0%} articles"))
        for source, label in runs:
            before = len(store_history(out))
            rows.append(measure(report_cmd(source, out, args.engine, args.command), label))
            after = store_history(out)
            rows[-1].store_seconds = after[-1].get("seconds", {}) if len(after) > before else {}
            print(rows[-1], flush=True)
        shutil.rmtree(out, ignore_errors=True)
    print(f"\n{args.command} on {corpus} (engine {args.engine}, {psutil.cpu_count()} cores)\n")
    print(
        "| run | wall s | CPU s | peak MB, all processes | peak MB, largest process | exit "
        "| load before/after | store s (read, articles, corpus) |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for m in rows:
        stages = ", ".join(f"{k} {v}" for k, v in (m.store_seconds or {}).items()) or "reused"
        print(
            f"| {m.label} | {m.seconds} | {m.cpu_seconds} | {m.peak_total_mb:.0f} | {m.peak_largest_mb:.0f} | "
            f"{m.returncode} | {m.load_before}/{m.load_after} | {stages} |"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in rows], indent=1))
    return max(m.returncode for m in rows)


if __name__ == "__main__":
    raise SystemExit(main())

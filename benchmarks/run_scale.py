"""Time every stage of the three studies and the peak memory, on both engines, at scale.

For each corpus made by ``benchmarks/make_corpus.py`` and each engine, runs
:func:`analysis.engine.run_corpus` on the streaming path (tables written as Parquet shards under
``benchmarks/data/out/``, so memory is bounded by the partition size) with the studies
sentences, attribution, sentiment and topics (streamed NMF, ``--k`` topics).

Reported per run:

* wall seconds of each pass -- ``index`` (read every partition for ids, dates and MinHash
  signatures; duplicates), ``studies`` (read again, sentences, attribution, sentiment, and
  streaming the texts into the topic model on the client), ``topics`` (finish the model; topic
  shares of every partition) -- the total, and articles per second;
* busy seconds of each stage summed over partitions (``load`` = reading and cleaning), which
  shows which stage dominates; on Dask it is worker time, spread over the workers;
* CPU seconds (user + system) of this process and its children: the machine these figures were
  taken on is shared, so wall time overstates what a free machine needs; CPU time does not;
* peak resident memory: the largest sum of RSS over this process and all its children (the
  LocalCluster's nanny and worker processes), sampled every 0.2 s with psutil, and the largest
  single process.

Results are appended to ``benchmarks/results.md`` with the machine (cores, RAM, CPU, load).

    nice .venv/bin/python benchmarks/run_scale.py --n 10000 --engines pandas dask
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import threading
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results.md"
STUDIES = ["sentences", "attribution", "sentiment", "topics"]
STAGES = ["index", "load", "sentences", "attribution", "sentiment", "topics_fit", "topics_transform"]


class PeakRSS:
    """Peak RSS of this process plus its children, sampled in a thread."""

    def __init__(self, every: float = 0.2):
        self.every = every
        self.total = 0
        self.single = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total, single = 0, 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    rss = proc.memory_info().rss
                    t = proc.cpu_times()
                    self._cpu[proc.pid] = t.user + t.system
                except psutil.Error:
                    continue
                total += rss
                single = max(single, rss)
            self.total = max(self.total, total)
            self.single = max(self.single, single)
            self._stop.wait(self.every)

    @property
    def cpu(self) -> float:
        """CPU seconds (user + system) used since start by this process and its children, as
        last sampled (a child's last 0.2 s before it exits may be missed)."""
        return sum(self._cpu.values()) - self._cpu0

    def __enter__(self) -> PeakRSS:
        t = psutil.Process().cpu_times()
        self._cpu0 = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), {ram:.0f} GiB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start {load}"
    )


def run_one(corpus: Path, engine: str, k: int, studies: list[str], partition_bytes: int) -> dict:
    from analysis.engine import run_corpus

    out = DATA / "out" / f"{corpus.name}-{engine}"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    with warnings.catch_warnings(), PeakRSS() as peak:
        warnings.simplefilter("ignore")
        run = run_corpus(
            corpus,
            studies,
            engine=engine,
            out=out,
            partition_bytes=partition_bytes,
            options={"topics": {"n_topics": k, "seed": 0}},
        )
    total = time.perf_counter() - t0
    return {
        "corpus": corpus.name,
        "engine": engine,
        "n": run.n_docs,
        "partitions": run.n_partitions,
        "total": total,
        "wall": run.wall,
        "busy": run.busy,
        "rate": run.n_docs / total,
        "cpu": peak.cpu,
        "rss_total": peak.total / 2**20,
        "rss_single": peak.single / 2**20,
        "quality": run.model.quality_ if run.model is not None else None,
    }


def table(rows: list[dict]) -> str:
    head = (
        "| corpus | engine | articles | partitions | total s | index s | studies s | topics s "
        "| articles/s | CPU s | peak RSS all MB | peak RSS 1 proc MB |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for r in rows:
        w = r["wall"]
        lines.append(
            f"| {r['corpus']} | {r['engine']} | {r['n']:,} | {r['partitions']} | {r['total']:.0f} "
            f"| {w.get('index', 0):.0f} | {w.get('studies', 0):.0f} | {w.get('topics', 0):.0f} "
            f"| {r['rate']:.0f} | {r['cpu']:.0f} | {r['rss_total']:.0f} | {r['rss_single']:.0f} |"
        )
    lines.append("")
    head2 = "| corpus | engine | " + " | ".join(f"{s} busy s" for s in STAGES) + " |"
    lines += [head2, "|" + "|".join("---" for _ in range(head2.count("|") - 1)) + "|"]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['engine']} | "
            + " | ".join(f"{r['busy'].get(s, 0):.0f}" for s in STAGES)
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time the studies on both engines at scale.")
    p.add_argument("--n", type=int, nargs="+", default=[10_000])
    p.add_argument("--source", default="bbc")
    p.add_argument("--engines", nargs="+", choices=("pandas", "dask"), default=["pandas", "dask"])
    p.add_argument("--studies", nargs="+", default=STUDIES)
    p.add_argument("--k", type=int, default=10, help="topics (fixed, so every run does the same work)")
    p.add_argument("--partition-bytes", type=int, default=4_000_000)
    p.add_argument("--no-write", action="store_true", help="print only; do not append to results.md")
    args = p.parse_args(argv)
    where = machine()
    print(where)
    rows = []
    for n in args.n:
        corpus = DATA / f"{args.source}-{n}"
        if not corpus.is_dir():
            raise SystemExit(f"error: {corpus} missing; run benchmarks/make_corpus.py --n {n}")
        for engine in args.engines:
            row = run_one(corpus, engine, args.k, args.studies, args.partition_bytes)
            rows.append(row)
            print(table([row]).splitlines()[2], flush=True)
    text = table(rows)
    print(text)
    if not args.no_write:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(RESULTS, "a", encoding="utf-8") as fh:
            fh.write(
                f"\n## Run {stamp}: {', '.join(args.studies)}; "
                f"engines {', '.join(args.engines)}\n\nMachine: {where}.\n\n{text}\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

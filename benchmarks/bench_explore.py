"""Explorer database: build time beyond the store, full-text query time, database size.

Why beside the store benchmarks: the issue's target is the 100,000-article corpus of
``make_corpus.py`` (database in at most 2 minutes beyond the store, a full-text query under
200 ms). The store is built first (not timed here: ``run_scale.py`` times it), then the database
from scratch, then an update after one article changed, then full-text queries on quotes,
sentences and titles (median of ``--repeat``).

    .venv/bin/python benchmarks/make_corpus.py --n 1000
    .venv/bin/python benchmarks/bench_explore.py --corpus 'benchmarks/data/bbc-1000/*.jsonl'
    # the target run (a quiet machine, ~1 h for the store):
    .venv/bin/python benchmarks/make_corpus.py --n 100000
    .venv/bin/python benchmarks/bench_explore.py --corpus 'benchmarks/data/bbc-100000/*.jsonl' --out /tmp/bench-explore-100k
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.explore import update_database  # noqa: E402
from analysis.render.article import write_article_pages  # noqa: E402
from analysis.render.people import write_people_pages  # noqa: E402
from analysis.store import build, open_store  # noqa: E402

QUERIES = {"quotes": "government", "sentences": "market", "articles": "election"}


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def query_ms(db: sqlite_utils.Database, table: str, term: str, repeat: int) -> tuple[float, int]:
    """Median ms of a full-text search (first 50 hits, ranked, as a Datasette page asks) and hits."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        list(db[table].search(term, limit=50))
        times.append((time.perf_counter() - start) * 1000)
    hits = next(db.query(f"select count(*) n from {table}_fts where {table}_fts match ?", [term]))["n"]
    return statistics.median(times), hits


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default=str(ROOT / "seeds"))
    p.add_argument("--out", type=Path, help="folder for the store (default: a temp folder)")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--pages", action="store_true", help="also time and size the article and people pages")
    args = p.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-explore-"))
    store_s, _ = timed(build, args.corpus, out / "store", progress=False)
    store = open_store(out)
    (out / "store" / "explore.db").unlink(missing_ok=True)
    full_s, report = timed(update_database, store)
    again_s, _ = timed(update_database, store)
    db = sqlite_utils.Database(report.path)
    n = len(store.analysed)
    print(
        f"corpus {args.corpus}: {n} articles analysed, {db['quotes'].count} quotes, "
        f"{db['sentences'].count} sentences"
    )
    print("| step | figure |\n|---|---|")
    print(f"| store build (incl. reading; cached when unchanged) | {store_s:.1f} s |")
    print(f"| explorer database from scratch | {full_s:.1f} s |")
    print(f"| update, nothing changed | {again_s:.2f} s |")
    print(f"| database size | {report.path.stat().st_size / 1e6:.1f} MB |")
    for table, term in QUERIES.items():
        ms, hits = query_ms(db, table, term, args.repeat)
        print(f"| FTS `{term}` on {table} ({hits} hits, first 50 fetched) | {ms:.1f} ms |")
    if args.pages:
        pages_table(store, out)
    return 0


def pages_table(store, out: Path) -> None:
    """Time and size of the article pages and the speaker/actor pages (largest page, folder)."""
    for folder, write in (("articles", write_article_pages), ("people", write_people_pages)):
        seconds, hrefs = timed(write, store, out)
        sizes = [p.stat().st_size for p in (out / folder).glob("*.html")]
        print(
            f"| {folder} pages: {len(hrefs)} in {seconds:.1f} s | largest {max(sizes) / 1e3:.0f} KB, "
            f"folder {sum(sizes) / 1e6:.1f} MB |"
        )


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale a real news corpus to 10k / 100k / 1M articles for the scale benchmarks.

Why not copy articles: identical copies would be flagged as duplicates, compress the topic
model's work and give the caches an easy time. Each synthetic article instead takes a real
headline and about ``--words`` words of real sentences drawn at random from the articles of the
same category (BBC News: business, entertainment, politics, sport, tech; AG News: its 4 classes),
in paragraphs of 1-4 sentences, so the language, sentence lengths, quotes and topics are those of
real news while no two articles are the same. A date in 2004-2005 is drawn for each.

Output: JSONL shards of ``--shard`` rows (``doc_id, title, text, date, category``) under
``benchmarks/data/<source>-<n>/`` (git-ignored); each shard is a partition for the Dask engine.
The same ``--seed`` gives the same corpus.

    .venv/bin/python benchmarks/make_corpus.py --n 10000            # BBC News, ~400 words each
    .venv/bin/python benchmarks/make_corpus.py --n 1000000 --source ag-news
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SOURCES = {"bbc": DATA / "bbc-news" / "bbc", "ag-news": DATA / "ag-news-test" / "test.csv"}
AG_CLASSES = {1: "world", 2: "sports", 3: "business", 4: "scitech"}


def base_articles(source: str) -> pd.DataFrame:
    """title, text, category of the real corpus."""
    from analysis.corpus import load_corpus

    path = SOURCES[source]
    if not path.exists():
        sys.exit(f"error: {path} not found (the benchmarks need ../shared/data)")
    if source == "bbc":
        docs = load_corpus(path, progress=False, dedup=False)
        return pd.DataFrame({"title": docs["title"], "text": docs["text"], "category": docs["folder"]})
    table = pd.read_csv(path, header=None, names=["label", "title", "text"], dtype=str)
    if not str(table["label"].iloc[0]).isdigit():  # file with a header row
        table = pd.read_csv(path, dtype=str)
        table.columns = ["label", "title", "text"]
    return pd.DataFrame(
        {
            "title": table["title"],
            "text": table["text"],
            "category": table["label"].astype(int).map(AG_CLASSES),
        }
    )


def sentence_pools(base: pd.DataFrame) -> dict[str, tuple[list[str], np.ndarray]]:
    """Per category: its sentences and their word counts."""
    from analysis.text import count_words, split_sentences

    pools: dict[str, tuple[list[str], np.ndarray]] = {}
    for category, group in base.groupby("category", sort=True):
        sents = [text[s:e] for text in group["text"] for s, e in split_sentences(text)]
        sents = [s for s in sents if count_words(s) >= 3]
        pools[str(category)] = (sents, np.array([count_words(s) for s in sents]))
    return pools


def synthetic_articles(base: pd.DataFrame, n: int, words: int, seed: int):
    """Yield n article dicts, each ~``words`` words of one category's sentences."""
    pools = sentence_pools(base)
    categories = sorted(pools)
    titles = {c: base.loc[base["category"] == c, "title"].tolist() for c in categories}
    rng = np.random.default_rng(seed)
    start = np.datetime64("2004-01-01")
    for i in range(n):
        c = categories[int(rng.integers(len(categories)))]
        sents, lengths = pools[c]
        # draw a generous batch, keep the prefix that reaches the target length
        pick = rng.integers(len(sents), size=max(8, 2 * words // 15))
        cum = np.cumsum(lengths[pick])
        k = int(np.searchsorted(cum, words)) + 1
        pick = pick[:k]
        paragraphs, j = [], 0
        while j < len(pick):
            size = int(rng.integers(1, 5))
            paragraphs.append(" ".join(sents[p] for p in pick[j : j + size]))
            j += size
        title = titles[c][int(rng.integers(len(titles[c])))]
        date = start + np.timedelta64(int(rng.integers(730)), "D")
        yield {
            "doc_id": f"{c}-{i:07d}",
            "title": title,
            "text": "\n".join(paragraphs),
            "date": str(date),
            "category": c,
        }


def write_corpus(
    source: str, n: int, out: Path, *, words: int = 400, shard: int = 2000, seed: int = 0
) -> Path:
    """Write the corpus as JSONL shards; returns the folder."""
    base = base_articles(source)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("shard-*.jsonl"):
        old.unlink()
    lines: list[str] = []
    for i, art in enumerate(synthetic_articles(base, n, words, seed), start=1):
        lines.append(json.dumps(art, ensure_ascii=False) + "\n")
        if i % shard == 0 or i == n:
            shard_path = out / f"shard-{(i - 1) // shard:05d}.jsonl"
            shard_path.write_text("".join(lines), encoding="utf-8")
            lines = []
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, nargs="+", default=[10_000], help="article counts (10000 100000 1000000)")
    p.add_argument("--source", choices=sorted(SOURCES), default="bbc")
    p.add_argument("--words", type=int, default=400, help="words per article (default 400, BBC length)")
    p.add_argument("--shard", type=int, default=2000, help="articles per JSONL shard")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "data")
    args = p.parse_args(argv)
    for n in args.n:
        t0 = time.perf_counter()
        folder = write_corpus(
            args.source,
            n,
            args.out / f"{args.source}-{n}",
            words=args.words,
            shard=args.shard,
            seed=args.seed,
        )
        size = sum(f.stat().st_size for f in folder.glob("shard-*.jsonl"))
        print(
            f"{folder}: {n:,} articles, {size / 1e6:,.0f} MB in "
            f"{len(list(folder.glob('shard-*.jsonl')))} shards, {time.perf_counter() - t0:.0f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

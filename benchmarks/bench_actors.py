"""Actors: the most-mentioned people and organisations of a corpus, scored against a hand-check.

    python benchmarks/bench_actors.py polnear        # PolNeAR dev text: 2016 US election, 7 outlets
    python benchmarks/bench_actors.py bbc            # BBC News politics 2004-05 (UK story)
    python benchmarks/bench_actors.py seeds          # the five seed articles (2017 US-Russia)
    python benchmarks/bench_actors.py polnear --backend spacy --top 30

No story file and no cast list is given: aliases, roles and groups all come from the corpus's own
text (:mod:`analysis.actors`). Each actor in the table was judged by reading the articles
(``benchmarks/entities_handcheck.tsv``; its header says how):

* merge precision: rows that are one real actor with all their aliases (``ok``) over the rows
  checked; ``mixed`` rows hold someone else's mentions, ``split`` rows are a bare surname left
  ambiguous (two people of that name in one article), ``wrong`` rows are no actor;
* group precision: rows given a group whose group is right, over rows given a group;
* group recall: right over the rows whose group the text states (``stated = yes``), and over
  all rows that have a real group (world knowledge included).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import pandas as pd

from analysis import actors
from analysis.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
HANDCHECK = ROOT / "benchmarks" / "entities_handcheck.tsv"
CORPORA = {
    "polnear": SHARED / "polnear" / "data" / "dev" / "text",
    "bbc": SHARED / "bbc-news" / "bbc" / "politics",
    "seeds": ROOT / "seeds",
}


def read_checks(corpus: str) -> dict[str, dict[str, str]]:
    """The hand-check rows of ``corpus`` by actor name."""
    if not HANDCHECK.exists():
        return {}
    with open(HANDCHECK, encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        return {r["actor"]: r for r in rows if r["corpus"] == corpus}


def score(table: pd.DataFrame, groups: dict[str, str], checks: dict[str, dict[str, str]]) -> dict:
    """Merge and group precision and recall of ``table``'s rows (see the module docstring)."""
    seen = [x for x in table["actor"] if x in checks]
    placed = [x for x in seen if groups[x] != "unknown"]
    right = [x for x in placed if groups[x] == checks[x]["truth"]]
    has = [x for x in seen if checks[x]["truth"] != "none"]
    stated = [x for x in has if checks[x]["stated"] == "yes"]
    return {
        "checked": len(seen),
        "missing": [x for x in table["actor"] if x not in checks],
        "merged": sum(checks[x]["merge"] == "ok" for x in seen),
        "merge_kinds": pd.Series([checks[x]["merge"] for x in seen]).value_counts().to_dict(),
        "placed": len(placed),
        "right": len(right),
        "stated": len(stated),
        "stated_right": sum(x in right for x in stated),
        "has": len(has),
        "has_right": sum(x in right for x in has),
        "wrong": [(x, groups[x], checks[x]["truth"]) for x in placed if x not in right],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", choices=sorted(CORPORA))
    p.add_argument("--top", type=int, default=50, help="people and organisations to list and score")
    p.add_argument("--backend", default="tagger", choices=("tagger", "spacy"))
    args = p.parse_args(argv)
    if args.corpus != "seeds" and not SHARED.is_dir():
        print(f"needs {SHARED}", file=sys.stderr)
        return 1
    docs = load_corpus(CORPORA[args.corpus], progress=False)
    t0 = time.process_time()
    a = actors.build(docs, backend=args.backend)
    cpu = time.process_time() - t0
    table = a.table[a.table["kind"].isin(("person", "organisation"))].head(args.top)
    print(
        f"{args.corpus}: {len(docs)} articles, {len(a.table)} actors, dimension {a.dimension}, "
        f"CPU {cpu:.1f} s ({args.backend})"
    )
    cols = ["actor", "kind", "n_mentions", "n_articles", "role", "group", "aliases"]
    with pd.option_context("display.width", 250, "display.max_colwidth", 60, "display.max_rows", 500):
        print(table[cols].to_string())
    checks = read_checks(args.corpus)
    if not checks:
        return 0
    s = score(table, dict(zip(a.table["actor"], a.table["group"])), checks)
    n = max(1, s["checked"])
    print(
        f"\nhand-checked {s['checked']} of the top {len(table)}"
        + (f"; not in the file: {s['missing'][:10]}" if s["missing"] else "")
    )
    print(
        f"merge: {s['merged']}/{s['checked']} rows are one actor with all its aliases = {s['merged'] / n:.2f} {s['merge_kinds']}"
    )
    print(
        f"group: placed {s['placed']}, right {s['right']}: precision {s['right'] / max(1, s['placed']):.2f}; "
        f"recall {s['stated_right']}/{s['stated']} = {s['stated_right'] / max(1, s['stated']):.2f} of the groups "
        f"the text states, {s['has_right']}/{s['has']} = {s['has_right'] / max(1, s['has']):.2f} of all real groups"
    )
    if s["wrong"]:
        print("placed wrong:", s["wrong"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How far two PolNeAR annotators agree: the ceiling for any extractor scored against one.

For each article annotated twice, the second annotator (file names in sorted order) is scored
against the first with the extractor's own scorer (token-overlap precision, recall, F1).

    .venv/bin/python benchmarks/bench_attribution_agreement.py --data ../shared/data/polnear/data/train
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from analysis.attribution.gold import GoldDoc, read_ann
from analysis.evaluate.attribution import score_documents

ROLES = ("source", "cue", "content")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="PolNeAR split folder (text/ and attributions/)")
    root = Path(ap.parse_args().data)
    by = defaultdict(list)
    for a in sorted((root / "attributions").glob("*.ann")):
        by[a.stem.rsplit("_", 1)[0]].append(a)
    gold, pred = [], {}
    for stem, anns in by.items():
        if len(anns) < 2:
            continue
        text = (root / "text" / f"{stem}.txt").read_text("utf-8")
        gold.append(GoldDoc(stem, text, read_ann(anns[0].read_text("utf-8"))))
        second = read_ann(anns[1].read_text("utf-8"))
        pred[stem] = {r: [getattr(x, r) for x in second] for r in ROLES}
    s = score_documents(gold, pred)
    print(f"{root}: {len(gold)} articles annotated twice; annotator 2 scored against annotator 1 (overlap)")
    for r in ROLES:
        p = s[(r, "overlap")]
        print(f"{r:<8} P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}")


if __name__ == "__main__":
    main()

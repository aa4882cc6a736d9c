"""The attribution tagger on a held-out fifth of PolNeAR *train* (how its settings were chosen).

Trains the tagger on the train articles whose sorted index is not a multiple of 5 and scores it
on the others (token-overlap F1 per role, :mod:`analysis.evaluate.attribution`), for each
``--o-weight`` (marginal decoding, :func:`analysis.attribution.tagger.decode`): the tagger's
spans alone, and the full path (``extract(method="model")``: rules plus tagger). Dev and test
are never touched. Deterministic; training takes about 10 minutes on a quiet core.

    .venv/bin/python benchmarks/bench_attribution_heldout.py [--c1 1.0 --c2 0.1] [--o-weight 1.0 0.4]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.attribution import tagger
from analysis.attribution.gold import read_polnear
from analysis.attribution.table import frame, rows
from analysis.attribution.train import fit
from analysis.evaluate.attribution import predictions_from_table, score_documents
from analysis.lexicons import default_gazetteer, default_lexicons
from analysis.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "data" / "train"
ROLES = ("source", "cue", "content")


def split(data: Path):
    """(train, held-out) gold articles: held out are those whose sorted index is a multiple of 5."""
    gold = read_polnear(data)
    return [g for i, g in enumerate(gold) if i % 5], [g for i, g in enumerate(gold) if i % 5 == 0]


def scores(gold, predicted) -> dict[str, float]:
    s = score_documents(gold, predicted)
    return {r: s[(r, "overlap")].f1 for r in ROLES}


def tagger_alone(crf, gold, o_weight: float) -> dict:
    """Predictions of the tagger's spans, each span its own attribution."""
    lex = default_lexicons()
    out = {}
    for g in gold:
        d = {r: [] for r in ROLES}
        for role, s, e in tagger.tag_text(crf, g.text, lex, o_weight):
            d[{"SRC": "source", "CUE": "cue", "CON": "content"}[role]].append([(s, e)])
        out[g.doc_id] = d
    return out


def full_path(crf, gold, o_weight: float) -> dict:
    """Predictions of the model path of :func:`analysis.attribution.extract`."""
    lex, gaz = default_lexicons(), default_gazetteer()
    out_rows = []
    for g in gold:
        sents = split_sentences(g.text)
        out_rows.extend(
            rows(g.text, g.doc_id, tagger.attributions(crf, g.text, lex, gaz, sents, o_weight), sents)
        )
    return predictions_from_table(frame(out_rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(TRAIN), help="PolNeAR train folder")
    ap.add_argument("--c1", type=float, default=1.0)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--o-weight", type=float, nargs="+", default=[1.0, tagger.O_WEIGHT])
    ap.add_argument("--model", help="score this model file instead of training one")
    args = ap.parse_args()
    fit_part, held = split(Path(args.data))
    t0 = time.perf_counter()
    path = Path(args.model) if args.model else Path(tempfile.mkdtemp()) / "heldout.crfsuite"
    if not args.model:
        fit(fit_part, path, c1=args.c1, c2=args.c2, max_iter=args.max_iter)
    crf = tagger.load(path)
    out = []
    for w in args.o_weight:
        for name, fn in (("tagger spans", tagger_alone), ("full path", full_path)):
            out.append(
                {"c1": args.c1, "c2": args.c2, "o_weight": w, "what": name, **scores(held, fn(crf, held, w))}
            )
    print(f"trained on {len(fit_part)}, scored on {len(held)} articles; {time.perf_counter() - t0:.0f} s")
    print(pd.DataFrame(out).to_string(index=False))


if __name__ == "__main__":
    main()

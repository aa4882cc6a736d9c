"""Rebuild the attribution tagger's model from PolNeAR's train split.

    python -m analysis.attribution.train --data ../shared/data/polnear/data/train

Deterministic; about 10 minutes on one core. Writes the packaged model
(:func:`analysis.attribution.tagger.model_path`) unless ``--out`` says otherwise. Dev is for
measuring only; PolNeAR's test split is never used.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import time
from pathlib import Path

from analysis.attribution.features import featurise, gold_tags, paragraph_tokens
from analysis.attribution.gold import GoldDoc, read_polnear
from analysis.attribution.tagger import model_path
from analysis.lexicons import default_lexicons


def train(
    data: str | Path,
    out: str | Path,
    *,
    c1: float = 1.0,
    c2: float = 0.1,
    max_iter: int = 150,
    limit: int | None = None,
    verbose: bool = True,
) -> Path:
    """Train the tagger on a PolNeAR-format folder (its first ``limit`` articles) and write the
    model to ``out`` (see :func:`fit`)."""
    return fit(read_polnear(data, limit=limit), out, c1=c1, c2=c2, max_iter=max_iter, verbose=verbose)


def fit(
    gold: list[GoldDoc],
    out: str | Path,
    *,
    c1: float = 1.0,
    c2: float = 0.1,
    max_iter: int = 150,
    verbose: bool = True,
) -> Path:
    """Train the tagger on gold articles and write the model to ``out`` (gzip when it ends in
    ``.gz``).

    Deterministic (L-BFGS from zero weights); features with fewer than 2 occurrences are pruned
    to keep the file small. ``c1``/``c2`` are the L1/L2 penalties (see :mod:`.tagger` for how
    they were chosen).
    """
    import pycrfsuite  # optional dependency: only the tagger needs it

    lex = default_lexicons()
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    n_seq = 0
    for g in gold:
        for para in paragraph_tokens(g.text):
            trainer.append(featurise(g.text, para, lex), gold_tags(para, g.relations))
            n_seq += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.minfreq": 2,
            "feature.possible_transitions": True,
        }
    )
    if verbose:
        print(
            f"{len(gold)} articles, {n_seq} paragraphs, features in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plain = out.with_suffix("") if out.suffix == ".gz" else out
    trainer.train(str(plain))
    if plain != out:
        with (
            open(plain, "rb") as src,
            open(out, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst,
        ):
            shutil.copyfileobj(src, dst)
        plain.unlink()
    if verbose:
        print(
            f"trained in {time.perf_counter() - t0:.1f} s -> {out} ({out.stat().st_size / 1e6:.1f} MB)",
            file=sys.stderr,
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.attribution.train --data DIR [--out FILE]``: rebuild the model."""
    ap = argparse.ArgumentParser(prog="python -m analysis.attribution.train", description=main.__doc__)
    ap.add_argument("--data", required=True, help="PolNeAR-format folder to train on (its train split)")
    ap.add_argument(
        "--out", default=str(model_path()), help="model file to write (default: the packaged one)"
    )
    ap.add_argument("--c1", type=float, default=1.0)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    args = ap.parse_args(argv)
    train(args.data, args.out, c1=args.c1, c2=args.c2, max_iter=args.max_iter, limit=args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

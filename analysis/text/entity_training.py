"""Rebuild the entity tagger: spaCy labels news text (the teacher), a small CRF learns from it.

Why a student model: spaCy's recogniser costs 40-110 ms of CPU per 400-word article here, ten
times the whole attribution budget; the CRF of :mod:`analysis.text.entity_tagger` reads only the
capitalised stretches of a text and tags an article in a few milliseconds, agreeing with spaCy on
about four entities in five (figures in ``benchmarks/entities.md``).

Data (never shipped, only its learnt weights): the development corpora under ``../shared/data``
(see :func:`corpus_texts`): PolNeAR's *train* split (US election news, 2016), two fifths of BBC
News 2004-05 (folds 1 and 2, every category) and 2,000 World and Business items of AG News.
PolNeAR *dev* and BBC fold 0 are never trained on: they are the held-out text.

    python -m analysis.text.entity_training --shared ../shared/data

Deterministic: the same texts and spaCy pipeline give the same model. Teacher labels are cached
(``--cache``, git-ignored) so a rebuild with new features does not run spaCy again.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import pycrfsuite

from analysis.corpus import load_corpus
from analysis.text.entity_spacy import load_spacy, spacy_entities
from analysis.text.entity_tagger import MODEL_PATH, sequences_for_training

ROOT = Path(__file__).resolve().parents[2]


def bbc_fold(path: str | Path) -> int:
    """The fifth (0-4) of BBC News an article falls in, by a hash of ``category/file``: fold 0 is
    held out for measuring, folds 1 and 2 are trained on."""
    p = Path(path)
    return int(hashlib.sha1(f"{p.parent.name}/{p.name}".encode()).hexdigest()[:8], 16) % 5


def corpus_texts(shared: Path, split: str = "train") -> list[tuple[str, str, str]]:
    """(source, doc_id, text) of the training texts (``split="train"``) or the held-out ones.

    Training: every PolNeAR *train* article (seven outlets), BBC folds 1 and 2 (every category)
    and the first 2,000 World and Business items of AG News; about 1,000,000 words, as much as
    the teacher labels in half an hour of one core. Held out: PolNeAR *dev* and
    BBC fold 0. Texts are read with :func:`analysis.corpus.load_corpus`, so the tagger learns on
    text as the suite sees it (title removed, cleaned).
    """
    out: list[tuple[str, str, str]] = []
    polnear = shared / "polnear" / "data" / ("train" if split == "train" else "dev") / "text"
    docs = load_corpus(polnear, progress=False).sort_values("doc_id").reset_index(drop=True)
    out += [("polnear", d, t) for d, t in zip(docs["doc_id"], docs["text"])]
    docs = load_corpus(shared / "bbc-news" / "bbc", progress=False).sort_values("doc_id")
    folds = (1, 2) if split == "train" else (0,)
    out += [
        ("bbc", d, t)
        for d, t, p in zip(docs["doc_id"], docs["text"], docs["source_path"])
        if bbc_fold(p) in folds
    ]
    if split == "train":
        with open(shared / "ag-news-test" / "test.csv", encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["label"] in ("1", "3")][:2000]  # World, Business
        out += [("ag-news", str(i), r["description"].replace("\\", " ")) for i, r in enumerate(rows)]
    return [x for x in out if isinstance(x[2], str) and x[2].strip()]


def teacher_labels(texts: list[str], cache: Path) -> list[list[tuple[int, int, str]]]:
    """spaCy's entities of each text, read from ``cache`` (JSONL keyed by the text's hash) when
    there and added to it when not."""
    known: dict[str, list] = {}
    if cache.exists():
        with open(cache, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                known[rec["sha1"]] = rec["ents"]
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in known]
    if todo:
        load_spacy()
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "a", encoding="utf-8") as fh:
            for n in range(0, len(todo), 200):
                chunk = todo[n : n + 200]
                for i, ents in zip(chunk, spacy_entities([texts[i] for i in chunk])):
                    known[keys[i]] = [list(e) for e in ents]
                    fh.write(json.dumps({"sha1": keys[i], "ents": known[keys[i]]}) + "\n")
                print(f"teacher: {min(n + 200, len(todo))}/{len(todo)} texts", flush=True)
    return [[tuple(e) for e in known[k]] for k in keys]


def train(
    texts: list[str],
    labels: list[list[tuple[int, int, str]]],
    out: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
) -> dict:
    """Train the CRF on the texts' candidate stretches and write it gzipped to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = 0
    for text, ents in zip(texts, labels):
        for xseq, yseq in sequences_for_training(text, ents):
            trainer.append(xseq, yseq)
            n_seq += 1
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.possible_transitions": True}
    )
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "model.crfsuite"
        trainer.train(str(raw))
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(raw, "rb") as src, gzip.GzipFile(out, "wb", mtime=0) as dst:
            shutil.copyfileobj(src, dst)
    return {"sequences": n_seq, "texts": len(texts), "c1": c1, "c2": c2, "iterations": max_iterations}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"), help="the shared data folder")
    p.add_argument(
        "--cache",
        default=str(ROOT / "benchmarks" / "data" / "ner_teacher.jsonl"),
        help="teacher-label cache (JSONL)",
    )
    p.add_argument("--out", default=str(MODEL_PATH), help="model file to write")
    p.add_argument(
        "--label-only", action="store_true", help="only run the teacher (train and held-out texts)"
    )
    args = p.parse_args(argv)
    shared, cache = Path(args.shared), Path(args.cache)
    t0 = time.time()
    if args.label_only:
        teacher_labels([t for _, _, t in corpus_texts(shared, "heldout")], cache)
    rows = corpus_texts(shared, "train")
    texts = [t for _, _, t in rows]
    labels = teacher_labels(texts, cache)
    if args.label_only:
        return 0
    info = train(texts, labels, Path(args.out))
    print(json.dumps({**info, "seconds": round(time.time() - t0, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

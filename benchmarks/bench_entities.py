"""Entities: the small tagger against spaCy (accuracy, speed); the actors tables are in
``bench_actors.py``.

    python benchmarks/bench_entities.py ner                 # tagger vs spaCy on held-out text
    python benchmarks/bench_entities.py hard                # the cases capitalisation rules fail
    python benchmarks/bench_entities.py speed [--n 300]     # CPU ms per BBC article, each stage

``ner`` scores the tagger's entities against spaCy's own (``en_core_web_sm`` 3.8.0, the teacher;
both repaired by :mod:`analysis.text.entity_repair`, as ``find_entities`` gives them) on text never
trained on: PolNeAR *dev* and BBC News fold 0 (see
``analysis/text/entity_training.py``). A span counts when start, end and kind are equal. Teacher
labels come from the cache the rebuild writes (``benchmarks/data/ner_teacher.jsonl``) and are
computed with spaCy when missing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis import actors
from analysis.actors.context import cue_words
from analysis.corpus import load_corpus
from analysis.text import split_sentences
from analysis.text.entities import entity_spans, normalise_spans
from analysis.text.entity_repair import repair
from analysis.text.entity_spacy import LABEL_KINDS, spacy_entities
from analysis.text.entity_training import corpus_texts, teacher_labels

QUOTE_MARK = re.compile('["“”]')
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CACHE = ROOT / "benchmarks" / "data" / "ner_teacher.jsonl"

HARD = [  # (text, entities expected as (text, kind)), from issue 13 and common news patterns
    (
        "Sen. John McCain of Arizona stated that the bill failed.",
        {("John McCain", "person"), ("Arizona", "place")},
    ),
    (
        "Rep. Susan Collins (R-Maine) said the vote was close.",
        {("Susan Collins", "person")},
    ),
    ("This Act may be cited as the Clean Water Act.", {("Clean Water Act", "other")}),
    (
        "In a statement, the Kremlin said Russian Foreign Minister Ivan Petrov would attend.",
        {("Kremlin", "organisation"), ("Russian", "nationality"), ("Ivan Petrov", "person")},
    ),
    (
        "But Vice President Joe Biden said Hillary Rodham Clinton and Bill Clinton had met.",
        {("Joe Biden", "person"), ("Hillary Rodham Clinton", "person"), ("Bill Clinton", "person")},
    ),
    (
        "Each of them said the Labour Party and the Tories were wrong, Chancellor Gordon Brown told the BBC.",
        {
            ("Labour Party", "organisation"),
            ("Tories", "nationality"),
            ("Gordon Brown", "person"),
            ("BBC", "organisation"),
        },
    ),
    (
        "For now, US State Department spokeswoman Jane Doe declined to comment.",
        {("US State Department", "organisation"), ("Jane Doe", "person")},
    ),
]


def _prf(gold: Counter, pred: Counter) -> tuple[float, float, float]:
    tp = sum((gold & pred).values())
    p = tp / max(1, sum(pred.values()))
    r = tp / max(1, sum(gold.values()))
    return p, r, 2 * p * r / max(1e-9, p + r)


def cmd_ner(args: argparse.Namespace) -> None:
    rows = corpus_texts(SHARED, "heldout")
    texts = [t for _, _, t in rows]
    teacher = teacher_labels(texts, CACHE)
    sents = [split_sentences(t) for t in texts]
    t0 = time.process_time()
    student = list(entity_spans(texts, sents, backend="tagger"))
    cpu = time.process_time() - t0
    by: dict[tuple[str, str], tuple[Counter, Counter]] = {}
    for (src, _, text), ents, got in zip(rows, teacher, student):
        gold = repair([(s, e, LABEL_KINDS[label]) for s, e, label in normalise_spans(text, ents)], text)
        for key in [(src, "all"), ("both", "all")]:
            g, p = by.setdefault(key, (Counter(), Counter()))
            g.update(gold)
            p.update(got)
        for kind in ("person", "organisation", "place", "nationality", "other"):
            g, p = by.setdefault(("both", kind), (Counter(), Counter()))
            g.update(x for x in gold if x[2] == kind)
            p.update(x for x in got if x[2] == kind)
    words = sum(len(t.split()) for t in texts)
    print(
        f"held-out: {len(texts)} texts, {words} words; tagger CPU {1000 * cpu / len(texts):.2f} ms/article, "
        f"{words / cpu:,.0f} words/s"
    )
    print("| texts | kind | spaCy spans | tagger spans | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (src, kind), (g, p) in sorted(by.items()):
        pr, rc, f1 = _prf(g, p)
        print(f"| {src} | {kind} | {sum(g.values())} | {sum(p.values())} | {pr:.3f} | {rc:.3f} | {f1:.3f} |")
    if args.spacy_speed:
        sample = [t for (src, _, t) in rows if src == "bbc"][: args.spacy_speed]
        t0 = time.process_time()
        spacy_entities(sample[:5])
        t0 = time.process_time()
        spacy_entities(sample)
        cpu = time.process_time() - t0
        print(
            f"spaCy (tok2vec+ner) CPU {1000 * cpu / len(sample):.1f} ms/article "
            f"on {len(sample)} BBC articles, "
            f"{sum(len(t.split()) for t in sample) / cpu:,.0f} words/s"
        )
        needed = [t[s:e] for t in sample for s, e in split_sentences(t) if _needs_speaker(t[s:e])]
        t0 = time.process_time()
        spacy_entities(needed)
        cpu = time.process_time() - t0
        share = sum(len(x.split()) for x in needed) / sum(len(t.split()) for t in sample)
        print(
            f"spaCy on the sentences with a quote mark or a one-word cue only ({share:.0%} of the words): "
            f"CPU {1000 * cpu / len(sample):.1f} ms/article"
        )


def _needs_speaker(sentence: str) -> bool:
    """A sentence attribution would ask spaCy about: a quote mark or a one-word cue in it."""
    return bool(QUOTE_MARK.search(sentence)) or any(w in cue_words() for w in sentence.lower().split())


def cmd_hard(args: argparse.Namespace) -> None:
    for backend in ("tagger", "spacy"):
        ok = 0
        for text, want in HARD:
            got = {(text[s:e], k) for s, e, k in entity_spans([text], backend=backend).__next__()}
            ok += got == want
            mark = "ok " if got == want else "-- "
            print(
                f"{backend:6} {mark} {text}\n          got {sorted(got)}"
                + ("" if got == want else f"\n         want {sorted(want)}")
            )
        print(f"{backend}: {ok}/{len(HARD)} exactly right\n")


def _bbc_articles(n: int) -> pd.DataFrame:
    docs = (
        load_corpus(SHARED / "bbc-news" / "bbc", progress=False).sort_values("doc_id").reset_index(drop=True)
    )
    return docs.iloc[:: max(1, len(docs) // n)].head(n).reset_index(drop=True)


def cmd_speed(args: argparse.Namespace) -> None:
    from analysis.actors.mentions import MENTION_COLUMNS, describe_article

    docs = _bbc_articles(args.n)
    texts = list(docs["text"])
    words = sum(len(t.split()) for t in texts)
    sents = [split_sentences(t) for t in texts]
    list(entity_spans(texts[:5], sents[:5]))  # load the model
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        t0 = time.process_time()
        ents = list(entity_spans(texts, sents))
        t1 = time.process_time()
        rows = []
        for d, t, s, e in zip(docs["doc_id"], texts, sents, ents):
            rows += describe_article(d, t, s, e)
        t2 = time.process_time()
        actors.resolve(pd.DataFrame(rows, columns=MENTION_COLUMNS))
        t3 = time.process_time()
        for k, v in {
            "entities (tagger)": t1 - t0,
            "mentions (roles, tags)": t2 - t1,
            "merge + groups (corpus)": t3 - t2,
            "total": t3 - t0,
        }.items():
            best[k] = min(best.get(k, 1e9), v)
    print(
        f"{len(texts)} BBC articles, {words / len(texts):.0f} words each on average; "
        f"best of {args.repeat} runs"
    )
    print("| stage | CPU ms per article |\n|---|---:|")
    for k, v in best.items():
        print(f"| {k} | {1000 * v / len(texts):.2f} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    ner = sub.add_parser("ner")
    ner.add_argument("--spacy-speed", type=int, default=100, help="BBC articles to time spaCy on (0: skip)")
    sub.add_parser("hard")
    sp = sub.add_parser("speed")
    sp.add_argument("--n", type=int, default=300)
    sp.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    if not SHARED.is_dir() and args.cmd != "hard":
        print(f"needs {SHARED}", file=sys.stderr)
        return 1
    {"ner": cmd_ner, "hard": cmd_hard, "speed": cmd_speed}[args.cmd](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

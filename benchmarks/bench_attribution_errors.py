"""Attribution errors you can see: precision, recall and the wrong rows by kind (issue 21).

On the BBC development golds (``bbc-attributions``, ``bbc-attributions-2``) and on a
speech-only view of PolNeAR dev (its relations whose cue is a speech verb of the cue lexicon or
whose content is quoted, with a named source, scored as a quote list: the speaker key is the
source's last capitalised word). Rows are scored with the quote-list matching rule
(:mod:`analysis.attribution.matching`). A wrong predicted row is one of:

* ``not a speaker``: the speaker is no name, pronoun or description (lower-case first word,
  a number, a month or weekday);
* ``cut name``: the speaker is part of the gold speaker's name, or the other way round, but not
  its key;
* ``swapped``: the predicted speaker's words are in the gold content;
* ``wrong antecedent``: the content is the gold's, the speaker another;
* ``not in gold``: no gold row has that content.

A gold row no prediction covers is ``missed``. Never run on the seeds.

    .venv/bin/python benchmarks/bench_attribution_errors.py [--model rules] [--show 8]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.attribution import extract
from analysis.attribution.gold import GoldQuote, read_polnear, read_quote_gold
from analysis.attribution.matching import content_words, covers, predicted_quotes, score_quotes
from analysis.attribution.table import DEFAULT_METHOD
from analysis.corpus import load_corpus
from analysis.evaluate.attribution import articles_folder
from analysis.lexicons import default_lexicons

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TIME_WORDS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*$", re.I
)


def bbc_docs(gold_file: Path, gold: list[GoldQuote]) -> pd.DataFrame:
    """The gold's articles read as the evaluation reads them."""
    root = articles_folder(gold_file)
    files = sorted({g.file for g in gold})
    docs = load_corpus([root / f for f in files], dedup=False, progress=False)
    ids = [Path(p).relative_to(root).as_posix() for p in docs["source_path"]]
    return pd.DataFrame({"doc_id": ids, "text": docs["text"]})


def polnear_speech(folder: Path) -> tuple[list[GoldQuote], pd.DataFrame]:
    """PolNeAR relations whose cue is speech or whose content is quoted, named sources only."""
    cues = default_lexicons().cues
    gold, docs, seen = [], [], set()
    for doc in read_polnear(folder):
        if doc.doc_id in seen:  # one annotator per article
            continue
        seen.add(doc.doc_id)
        docs.append((doc.doc_id, doc.text))
        for rel in doc.relations:
            if not rel.source or not rel.content:
                continue
            src = " ".join(doc.text[s:e] for s, e in rel.source)
            cue = " ".join(doc.text[s:e] for s, e in rel.cue).lower()
            content = " ".join(doc.text[s:e] for s, e in rel.content)
            head = src.split("(")[0]  # "Sen. Ana Ruiz (D-Ore.)": the name, not the state
            caps = [w for w in re.findall(r"[A-Z][\w'’-]+", head) if not TIME_WORDS.match(w)]
            speech = cues.get(cue) == "speech" or any(ch in '"“”' for ch in content)
            if caps and speech:
                key = caps[-1].removesuffix("'s").removesuffix("’s")
                gold.append(GoldQuote(doc.doc_id, src, "person", cue, "direct", content, (key,)))
    return gold, pd.DataFrame(docs, columns=["doc_id", "text"])


def not_a_speaker(spk: str) -> bool:
    first = spk.split()[0] if spk.split() else ""
    return not first or first[0].isdigit() or bool(TIME_WORDS.match(first)) or spk[:1].islower()


def kind_of(spk: str, words: Counter, gs: list[GoldQuote], gw: list[list[str]]) -> str:
    """Why a predicted row of speaker ``spk`` matched no gold row of its article."""
    same = [g for g, w in zip(gs, gw) if covers(words, w)]
    if not same:
        return "not in gold"
    low = spk.lower()
    if not_a_speaker(spk):
        return "not a speaker"
    for g in same:
        if low and (low in g.speaker.lower() or g.speaker.lower() in low):
            return "cut name"
        if set(content_words(spk)) & set(content_words(g.content)) - {"the", "a", "of"}:
            return "swapped"
    return "wrong antecedent"


def errors(gold: list[GoldQuote], pred: pd.DataFrame, show: int) -> tuple[Counter, list[str]]:
    """Counts by kind and up to ``show`` examples of each."""
    kinds: Counter = Counter()
    examples: list[str] = []
    shown: Counter = Counter()
    for file in sorted({g.file for g in gold}):
        gs = [g for g in gold if g.file == file]
        gw = [content_words(g.content) for g in gs]
        ps = pred[pred["doc_id"] == file]
        pw = [(Counter(content_words(str(c))), str(s)) for c, s in zip(ps["content"], ps["speaker"])]
        for words, spk in pw:
            if any(
                any(k.lower() in spk.lower() for k in g.keys) and covers(words, w) for g, w in zip(gs, gw)
            ):
                continue
            kind = kind_of(spk, words, gs, gw)
            kinds[kind] += 1
            if shown[kind] < show:
                shown[kind] += 1
                examples.append(f"  [{kind}] {file}: {spk!r} <- {' '.join(words)[:70]!r}")
        for g, w in zip(gs, gw):
            if not any(covers(words, w) for words, _ in pw):
                kinds["missed"] += 1
                if shown["missed"] < show:
                    shown["missed"] += 1
                    examples.append(f"  [missed] {file}: {g.speaker!r} <- {g.content[:70]!r}")
    return kinds, examples


def report(name: str, gold: list[GoldQuote], docs: pd.DataFrame, model: str, show: int) -> None:
    table = extract(docs, method=model)
    pred = predicted_quotes(table)
    c = score_quotes(gold, pred)
    p = c["matched_pred"] / c["n_pred"] if c["n_pred"] else 0.0
    r = c["found_gold"] / c["n_gold"] if c["n_gold"] else 0.0
    kinds, examples = errors(gold, pred, show)
    print(f"{name}: precision {p:.3f} recall {r:.3f} (gold {c['n_gold']}, predicted {c['n_pred']})")
    print("  wrong rows by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("\n".join(examples))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_METHOD, help=f"attribution path (default {DEFAULT_METHOD})")
    ap.add_argument("--show", type=int, default=8, help="examples shown per kind")
    args = ap.parse_args()
    for name in ("bbc-attributions", "bbc-attributions-2"):
        path = SHARED / name / "gold.jsonl"
        if path.is_file():
            gold = read_quote_gold(path)
            report(name, gold, bbc_docs(path, gold), args.model, args.show)
    dev = SHARED / "polnear" / "data" / "dev"
    if dev.is_dir():
        gold, docs = polnear_speech(dev)
        report("polnear-dev speech-only", gold, docs, args.model, args.show)


if __name__ == "__main__":
    main()

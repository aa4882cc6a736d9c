"""The number of topics ``n_topics="auto"`` chooses and the label check (issue 23, item 4).

Three corpora: 400 PolNeAR train articles (one field: the 2016 US election; seed 0), 400 BBC News
articles (80 per category) and all 2,225 BBC News articles. For each: k chosen, mean NPMI of the
topics, NMI of each article's main topic against its outlet (PolNeAR) or category (BBC), the
label check summed over the topics (top articles holding every label term, of those checked) and
the labels. Figures are in ``benchmarks/topics.md``.

    python benchmarks/bench_topics_labels.py

Data: ``../shared/data/{polnear,bbc-news}`` (research use; nothing is copied).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

from analysis.corpus import load_corpus
from analysis.evaluate.outlets import load_labelled
from analysis.topics import TopicModel

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bbc = load_corpus(SHARED / "bbc-news" / "bbc", progress=False)
        polnear = load_labelled(SHARED / "polnear" / "data" / "train")
    corpora = [
        ("PolNeAR train, 400", polnear.sample(400, random_state=0).reset_index(drop=True), "outlet"),
        ("BBC News, 400", bbc.groupby("folder").head(80).reset_index(drop=True), "folder"),
        ("BBC News, all", bbc, "folder"),
    ]
    print("| corpus | articles | k | mean NPMI | NMI | label check | s |")
    print("|---|---:|---:|---:|---:|---|---:|")
    labels = []
    for name, docs, truth in corpora:
        start = time.perf_counter()
        model = TopicModel(seed=0).fit(docs)
        q = model.topic_quality_
        nmi = normalized_mutual_info_score(docs[truth], model.doc_topics_.argmax(axis=1))
        check = f"{int(q['with_label'].sum())} of {int(q['top_articles'].sum())}"
        took = time.perf_counter() - start
        print(
            f"| {name} | {len(docs)} | {model.k_} | {q['npmi'].mean():.3f} | {nmi:.3f} | {check} | {took:.0f} |"
        )
        labels.append(
            f"{name}: "
            + "; ".join(
                f"{lab} ({w}/{n})" for lab, w, n in zip(q["label"], q["with_label"], q["top_articles"])
            )
        )
    print("\n" + "\n\n".join(labels))


if __name__ == "__main__":
    main()

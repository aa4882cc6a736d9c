"""One count everywhere (issue 23, item 2): every count two reports share is the same number, on
two corpora unlike the seeds.

- **PolNeAR**: 60 of its dev articles, each with its outlet and date, in two JSON Lines files, one
  article twice (a copy to set aside) and one malformed line in each file (two input problems in
  two files).
- **BBC News + AG News**: 40 BBC articles and 40 AG News items in a CSV where only a share state an
  outlet (two-thirds of the BBC articles "BBC News", four "The Guardian", some AG items "Reuters"),
  dates under ``published``, one copy, a broken CSV and an empty file beside it.

Each report's tables come from the reports wing's ``load`` (what its notebook shows), so the test
runs in CI time: a store build and six loads per corpus. Skipped without ``../shared/data``.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.reports import corpus, outlets, sentiment, sources, synthesis, topics
from analysis.reports.labels import NOT_STATED, is_outlet
from analysis.store import build, open_store

MIN_N = 5


def polnear_corpus(data: Path, out: Path, n: int = 60) -> None:
    """``n`` PolNeAR dev articles with their publisher and date (from its ``metadata.tsv``)."""
    meta = pd.read_csv(data / "polnear" / "data" / "metadata.tsv", sep="\t").set_index("filename")
    rows = []
    for path in sorted((data / "polnear" / "data" / "dev" / "text").glob("*.txt"))[:n]:
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        info = meta.loc[path.stem]
        rows.append(
            {
                "id": path.stem,
                "title": title.strip(),
                "text": text.strip(),
                "outlet": info["publisher"],
                "date": info["publication_date"],
            }
        )
    rows.append(dict(rows[3], id="copy-of-the-fourth"))
    half = len(rows) // 2
    for i, part in enumerate([rows[:half], rows[half:]]):
        lines = [json.dumps(r) for r in part] + ["{not json"]
        (out / f"part{i}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def mixed_corpus(data: Path, out: Path) -> None:
    """BBC News and AG News articles, only a share of them with a stated outlet."""
    rows = []
    for cat in ["business", "politics", "tech", "sport"]:
        for i, path in enumerate(sorted((data / "bbc-news" / "bbc" / cat).glob("*.txt"))[:10]):
            title, _, text = path.read_text(encoding="latin-1").partition("\n")
            outlet = "The Guardian" if i == 4 else "BBC News" if i % 3 else ""
            rows.append(
                {
                    "id": f"bbc-{cat}-{i}",
                    "title": title.strip(),
                    "text": text.strip(),
                    "outlet": outlet,
                    "published": f"2005-0{1 + i % 3}-1{i}",
                }
            )
    ag = pd.read_csv(data / "ag-news-test" / "test.csv").head(40)
    for i, r in enumerate(ag.itertuples()):
        outlet = "Reuters" if "Reuters" in r.description and i % 2 else ""
        rows.append(
            {"id": f"ag-{i}", "title": r.title, "text": r.description, "outlet": outlet, "published": ""}
        )
    rows.append(dict(rows[5], id="copy-of-the-sixth"))
    with open(out / "mix.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (out / "broken.csv").write_text('id,title,text\n1,"unterminated\n', encoding="utf-8")
    (out / "empty.txt").write_text("", encoding="utf-8")


@pytest.fixture(scope="module", params=["polnear", "bbc+ag"])
def reports(request, shared_data, tmp_path_factory):
    """The store of one corpus and the six reports computed from it."""
    root = tmp_path_factory.mktemp(request.param.replace("+", "-"))
    folder = root / "corpus"
    folder.mkdir()
    (polnear_corpus if request.param == "polnear" else mixed_corpus)(shared_data, folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(folder, root / "store", progress=False)
        store = open_store(root / "store")
        return {
            "store": store,
            "corpus": corpus.load(store, {}, min_n=MIN_N),
            "topics": topics.load(store, {}, min_n=MIN_N),
            "sentiment": sentiment.load(store, min_n=MIN_N),
            "sources": sources.load(store, {}, min_n=MIN_N),
            "synthesis": synthesis.load(store, {}, min_n=MIN_N),
            "outlets": outlets.load(store, min_n=MIN_N),
        }


def fact(report, name: str) -> str:
    facts = dict(zip(report.facts["fact"], report.facts["value"]))
    return facts[name]


def leading(text: str) -> int:
    """The number a fact's value starts with: ``"60 of 61 (98%)"`` → 60."""
    return int(re.match(r"[\d,]+", text).group(0).replace(",", ""))


def analysed_docs(store) -> pd.DataFrame:
    return store.table("docs", columns=["doc_id", "outlet", "date", "analysed"]).query("analysed")


def test_articles_analysed_and_copies_set_aside(reports):
    store, c = reports["store"], reports["corpus"]
    docs = store.table("docs", columns=["doc_id", "analysed", "duplicate_of"])
    n = int(docs["analysed"].sum())
    copies = set(docs.loc[~docs["analysed"], "doc_id"])
    assert copies, "each corpus holds a copy"
    assert leading(fact(c, "Analysed by the studies")) == n
    assert leading(fact(c, "Set aside as copies of another article")) == len(copies) == len(c.copies)
    assert f"analyse {n:,} of them" in c.sentence
    assert f"of {n:,} analysed articles" in reports["sources"].sentence
    assert f"of {n:,} analysed articles" in reports["synthesis"].overview
    o = reports["outlets"]
    assert f"of the {n:,} articles" in o.reuse_note or o.pairs is not None
    assert int(reports["topics"].by_outlet.table["articles"].sum()) == n
    assert int(reports["topics"].by_month.table["articles"].sum()) == n
    assert int(reports["sentiment"].by_outlet["n"].sum()) == len(reports["sentiment"].tone) == n
    for name in ("sources", "synthesis"):
        assert int(reports[name].balance["articles"].sum()) == n
    # no copy in any table of articles or pairs
    ids = [
        reports["topics"].by_article["doc_id"],
        reports["sentiment"].tone["doc_id"],
        reports["sources"].quotes["doc_id"],
        reports["synthesis"].quotes["doc_id"],
        o.unlabelled["doc_id"],
    ]
    if o.pairs is not None:
        ids += [o.pairs["source_doc"], o.pairs["target_doc"]]
    for column in ids:
        assert not copies & set(column.astype(str))


def per_outlet(frame: pd.DataFrame, key: str, value: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in zip(frame[key], frame[value])}


def test_articles_per_outlet_and_the_rows_that_are_no_outlet(reports):
    docs = analysed_docs(reports["store"])
    stated = docs["outlet"].value_counts()
    truth = {str(k): int(v) for k, v in stated.items()}
    unstated = int(docs["outlet"].isna().sum())
    small = {k: v for k, v in truth.items() if v < MIN_N}
    corpus_rows = per_outlet(reports["corpus"].outlets, "outlet", "articles")
    assert {k: v for k, v in corpus_rows.items() if is_outlet(k)} == truth
    assert corpus_rows.get(NOT_STATED, 0) == unstated
    assert (
        leading(fact(reports["corpus"], "Analysed articles that state their outlet")) == len(docs) - unstated
    )
    assert leading(fact(reports["corpus"], "Distinct outlets of the analysed articles")) == len(truth)
    shown = {
        "topics": per_outlet(reports["topics"].by_outlet.table, "outlet", "articles"),
        "sentiment": per_outlet(reports["sentiment"].by_outlet, "outlet", "n"),
        "sources": per_outlet(reports["sources"].balance, "outlet", "articles"),
        "synthesis": per_outlet(reports["synthesis"].balance, "outlet", "articles"),
    }
    for name, rows in shown.items():
        named = {k: v for k, v in rows.items() if is_outlet(k)}
        assert named == {k: v for k, v in truth.items() if v >= MIN_N}, name
        assert rows.get(NOT_STATED, 0) == unstated, name
        pooled = {k: v for k, v in rows.items() if not is_outlet(k) and k != NOT_STATED}
        assert sum(pooled.values()) == sum(small.values()) and len(pooled) <= 1, name
    accuracy = per_outlet(reports["outlets"].accuracy, "outlet", "n")
    assert accuracy == truth  # each stated outlet's articles, all checked out of fold
    if unstated:
        assert (
            f"{unstated:,} articles of {len(docs):,} state no outlet" in reports["outlets"].predictions_note
        )
        assert (
            int(reports["outlets"].answers["articles"].sum())
            == unstated
            == len(reports["outlets"].unlabelled)
        )


def comparable_in_corpus_sentence(sentence: str) -> int:
    found = re.search(r"([\d,]+) outlets have at least", sentence)
    return int(found.group(1)) if found else 1 if re.search(r"only .+ has at least", sentence) else 0


def test_comparable_outlets_are_the_same_outlets(reports):
    docs = analysed_docs(reports["store"])
    sizes = docs["outlet"].value_counts()
    comparable = {str(k) for k, v in sizes.items() if v >= MIN_N}
    assert comparable_in_corpus_sentence(reports["corpus"].sentence) == len(comparable)
    by_outlet = reports["topics"].by_outlet.long
    assert set(by_outlet.loc[by_outlet["compared"], "group"]) == comparable
    tone = reports["sentiment"].by_outlet
    assert set(tone.loc[tone["enough"], "outlet"]) == comparable
    note = reports["sentiment"].outlet_note
    assert NOT_STATED not in note and "(no outlet stated)" not in note
    accuracy = reports["outlets"].accuracy
    assert set(accuracy.loc[accuracy["enough"], "outlet"]) == comparable
    for name in ("sources", "synthesis"):  # and at least 10 attributions: never an outlet more
        balance = reports[name].balance
        assert set(balance.loc[balance["comparable"], "outlet"]) <= comparable, name
    if len(comparable) >= 2:
        assert f"{len(comparable)} outlets have at least" in reports["topics"].by_outlet.sentence
        assert f"Among the {len(comparable)} outlets" in note
    if len(comparable) < 2 and len(docs["outlet"].dropna()):
        assert f"(the largest, {sizes.index[0]}," in reports["topics"].by_outlet.sentence


def test_quotes_per_outlet_and_speaker_agree(reports):
    so, sy = reports["sources"], reports["synthesis"]
    assert per_outlet(so.balance, "outlet", "attributions") == per_outlet(
        sy.balance, "outlet", "attributions"
    )
    assert int(so.balance["attributions"].sum()) == so.n_attributions == len(so.quotes) == len(sy.quotes)
    speakers = per_outlet(so.speakers, "speaker", "attributions")
    profiles = per_outlet(sy.profiles, "speaker", "attributions")
    assert {k: speakers[k] for k in profiles} == profiles
    assert sum(speakers.values()) == so.n_attributions
    quoted = so.quotes.groupby("outlet").size() if "outlet" in so.quotes else pd.Series(dtype=int)
    assert {str(k): int(v) for k, v in quoted.items()} == {
        str(k): int(v) for k, v in sy.quotes.groupby("outlet").size().items()
    }


def test_dates_counted_once(reports):
    docs = analysed_docs(reports["store"])
    dated = int(docs["date"].notna().sum())
    c = reports["corpus"]
    assert leading(fact(c, "Analysed articles that state their date")) == dated
    assert int(c.per_period["articles"].sum()) == dated
    assert c.time_sentence.startswith(f"{dated:,} of {len(docs):,} analysed articles")
    months = per_outlet(reports["topics"].by_month.table, "month", "articles")
    assert sum(v for k, v in months.items() if k != NOT_STATED) == dated
    assert months.get(NOT_STATED, 0) == len(docs) - dated


def test_input_problems_count_files(reports):
    store, c = reports["store"], reports["corpus"]
    files = {p for value in store.table("problems")["paths"].astype(str) for p in value.split("; ")}
    assert int(c.problems["count"].sum()) == leading(
        fact(c, "Input problems (files or rows skipped or read with a caveat)")
    )
    assert int(c.problems["files"].max()) <= len(files)
    bad_json = c.problems[c.problems["kind"].str.contains("not valid JSON")]
    if len(bad_json):  # one malformed line in each of two files
        assert bad_json[["count", "files"]].values.tolist() == [[2, 2]]
        assert "2 files:" not in bad_json["examples"].iat[0]


def test_topic_sentences_come_from_the_articles_of_the_label_check(reports):
    from analysis.reports.topics.views import FROM_ANY, FROM_LABELLED

    t = reports["topics"]
    quality = reports["store"].table("topic_quality")
    with_label = {t.names[int(k)]: int(v) for k, v in zip(quality["topic"], quality["with_label"])}
    assert len(t.sentences)
    for topic, part in t.sentences.groupby("topic"):
        assert set(part["from"]) == {FROM_LABELLED if with_label[topic] else FROM_ANY}, topic
    checks = dict(zip(t.topics["topic"], t.topics["label check"]))
    assert all(checks[name].startswith(f"{k} of ") for name, k in with_label.items())

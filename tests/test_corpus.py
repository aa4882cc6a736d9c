"""Loading: every input format, metadata from text and sidecar, bad input reported and skipped."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import DOC_COLUMNS, CorpusError, CorpusWarning, load_corpus

SEED_FILES = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def by_prefix(docs: pd.DataFrame, prefix: str) -> pd.Series:
    return docs[docs["doc_id"].str.startswith(prefix)].iloc[0]


def test_seeds_give_five_rows_with_schema(seed_docs):
    assert len(seed_docs) == 5
    assert list(seed_docs.columns) == DOC_COLUMNS
    assert seed_docs["doc_id"].is_unique
    assert (seed_docs["n_words"] > 200).all()


def test_titles_are_the_first_lines(seed_docs):
    for path in SEED_FILES:
        first = path.read_text("utf-8").split("\n", 1)[0]
        title = by_prefix(seed_docs, path.stem)["title"]
        if first.lstrip().startswith("date "):
            # the " date 2017-07-31 " header is metadata, the rest of the line is the headline
            assert first.endswith(title) and first.strip().startswith("date 2017-07-31")
            assert title == "Russia defends slashing US mission as hope fades of better ties"
        else:
            assert title == first.strip()


def test_dates_stated_in_text(seed_docs):
    assert by_prefix(seed_docs, "004")["date"] == pd.Timestamp("2017-07-31")
    assert by_prefix(seed_docs, "004")["date_from"] == "header"
    assert by_prefix(seed_docs, "001")["date"] == pd.Timestamp("2017-08-10")
    assert by_prefix(seed_docs, "001")["date_from"] == "posted"
    # "January 26" has no year: unknown stays missing
    assert pd.isna(by_prefix(seed_docs, "003")["date"])
    assert pd.isna(by_prefix(seed_docs, "000")["date"])


def test_outlets_stated_in_text_and_citations_ignored(seed_docs):
    assert by_prefix(seed_docs, "003")["outlet"] == "RIA Novosti"
    assert by_prefix(seed_docs, "003")["outlet_from"] == "dateline"
    assert by_prefix(seed_docs, "002")["outlet"] == "ABC News"
    assert by_prefix(seed_docs, "002")["outlet_from"] == "credit"
    # "As ABC News wrote ..." and "RIA reported" are citations, not the publisher
    assert pd.isna(by_prefix(seed_docs, "001")["outlet"])
    assert pd.isna(by_prefix(seed_docs, "000")["outlet"])
    assert pd.isna(by_prefix(seed_docs, "004")["outlet"])


@pytest.mark.parametrize(
    "furniture",
    [
        "PHOTO:",
        "WATCH What to know",
        "Interested in Russia Investigation?",
        "as an interest",
        "Add Interest",
        "Leave a comment",
        "Posted August 10, 2017",
        "contributed to this report",
    ],
)
def test_no_furniture_survives(seed_docs, furniture):
    assert not seed_docs["text"].str.contains(furniture, regex=False).any()


def test_article_text_kept(seed_docs):
    text = by_prefix(seed_docs, "002")["text"]
    assert text.startswith("The Russian deputy foreign minister has canceled")
    assert "She added that the U.S. remains open" in text
    assert by_prefix(seed_docs, "003")["text"].startswith("WASHINGTON, January 26 (RIA Novosti)")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


ARTICLE = "Moscow said on Monday that the new sanctions were illegal. Washington disagreed."


def test_csv_with_mapped_and_aliased_columns(tmp_path):
    frame = pd.DataFrame(
        {
            "headline": ["A", "B"],
            "body": [ARTICLE, ARTICLE + " More."],
            "published": ["2017-08-01", "not a date"],
            "publisher": ["TASS", ""],
        }
    )
    frame.to_csv(tmp_path / "news.csv", index=False)
    with pytest.warns(CorpusWarning, match="does not parse"):
        docs = load_corpus(tmp_path / "news.csv", columns={"text": "body"})
    assert docs["title"].tolist() == ["A", "B"]
    assert docs["date"].iloc[0] == pd.Timestamp("2017-08-01") and pd.isna(docs["date"].iloc[1])
    assert docs["outlet"].iloc[0] == "TASS" and pd.isna(docs["outlet"].iloc[1])
    assert docs["doc_id"].tolist() == ["news:1", "news:2"]
    assert any("row 2" in p["problem"] for p in docs.attrs["problems"])


def test_missing_text_column_names_file_and_columns(tmp_path):
    pd.DataFrame({"headline": ["A"], "summary": ["x"]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(CorpusError, match=r"bad\.csv.*no text column.*summary"):
        load_corpus(tmp_path / "bad.csv")
    with pytest.raises(CorpusError, match="no column 'story'"):
        load_corpus(tmp_path / "bad.csv", columns={"text": "story"})


def test_jsonl_bad_line_is_skipped_and_reported(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "T1", "text": ARTICLE, "date": "2017-07-31"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a2", "title": "T2", "text": ARTICLE + " Again."}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines))
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path / "feed.jsonl")
    assert docs["doc_id"].tolist() == ["a1", "a2"]
    problems = " ".join(p["problem"] for p in docs.attrs["problems"])
    assert "line 2: not valid JSON" in problems and "line 3" in problems


def test_parquet_and_glob(tmp_path):
    pd.DataFrame({"text": [ARTICLE], "title": ["P"]}).to_parquet(tmp_path / "a.parquet")
    pd.DataFrame({"text": [ARTICLE + " Other."], "title": ["Q"]}).to_parquet(tmp_path / "b.parquet")
    docs = load_corpus(str(tmp_path / "*.parquet"))
    assert docs["title"].tolist() == ["P", "Q"]
    assert docs["doc_id"].tolist() == ["a:1", "b:1"]


def test_folder_with_subfolders_keeps_ids_apart(tmp_path):
    write(tmp_path / "politics" / "001.txt", "Title one\n\n" + ARTICLE)
    write(tmp_path / "sport" / "001.txt", "Title two\n\nThe match ended in a draw on Sunday.")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["politics/001", "sport/001"]
    assert docs["folder"].tolist() == ["politics", "sport"]


def test_sidecar_fills_what_text_does_not_say(tmp_path):
    write(tmp_path / "a.txt", "Title A\n\n" + ARTICLE)
    write(tmp_path / "b.txt", "Title B\n\nWASHINGTON, January 26, 2013 (RIA Novosti) – " + ARTICLE)
    write(
        tmp_path / "metadata.csv",
        "file,date,outlet,url\na.txt,2017-08-02,Sputnik,https://example.org/a\n"
        "b,2013-01-26,TASS,\nmissing.txt,2017-01-01,X,\n",
    )
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path).set_index("doc_id")
    assert docs.loc["a", "outlet"] == "Sputnik" and docs.loc["a", "outlet_from"] == "sidecar"
    assert docs.loc["a", "date"] == pd.Timestamp("2017-08-02")
    assert docs.loc["a", "url"] == "https://example.org/a"
    # the article's own dateline wins over a contradicting sidecar, and the conflict is reported
    assert docs.loc["b", "outlet"] == "RIA Novosti"
    assert docs.loc["b", "date"] == pd.Timestamp("2013-01-26")
    problems = " ".join(p["problem"] for p in docs.attrs["problems"])
    assert "contradicts" in problems and "missing.txt" in problems


def test_encodings_are_detected(tmp_path):
    russian = "Москва заявила, что новые санкции незаконны. Вашингтон не согласился с этим решением."
    write(tmp_path / "cp1251.txt", ("Заголовок\n\n" + russian).encode("cp1251"))
    write(
        tmp_path / "latin1.txt", "Café\n\nThe café in Zürich said the price was £5 and €3.".encode("cp1252")
    )
    write(tmp_path / "utf16.txt", ("Title\n\n" + ARTICLE).encode("utf-16"))
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ("BOM title\n\n" + ARTICLE).encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        docs = load_corpus(tmp_path, dedup=False).set_index("doc_id")
    assert docs.loc["cp1251", "text"] == russian
    assert "Zürich" in docs.loc["latin1", "text"] and "£5" in docs.loc["latin1", "text"]
    assert docs.loc["utf16", "title"] == "Title"
    assert docs.loc["bom", "title"] == "BOM title"


def test_bad_files_are_skipped_named_and_inputs_unchanged(tmp_path):
    write(tmp_path / "good.txt", "Good\n\n" + ARTICLE)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", "  \n\t\n")
    write(tmp_path / "binary.txt", bytes(range(256)) * 10)
    write(tmp_path / "title_only.txt", "Just a title\n")
    write(tmp_path / "big.txt", "Big\n\n" + "word " * 300_000)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path, max_bytes=1_000_000)
    assert docs["doc_id"].tolist() == ["good"]
    reasons = {Path(p["path"]).name: p["problem"] for p in docs.attrs["problems"]}
    assert reasons["empty.txt"] == "empty file"
    assert "whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "no article text" in reasons["title_only.txt"]
    assert "max_bytes" in reasons["big.txt"]
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert before == after


def test_nothing_readable_is_one_clear_error(tmp_path):
    write(tmp_path / "empty.txt", b"")
    with (
        pytest.raises(CorpusError, match=r"no readable article.*empty\.txt: empty file"),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", CorpusWarning)
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "nope")


def test_duplicates_flagged(tmp_path):
    base = " ".join(
        f"Sentence number {i} about sanctions and the embassy staff in Moscow." for i in range(30)
    )
    write(tmp_path / "a.txt", "Original\n\n" + base)
    write(tmp_path / "b.txt", "Exact copy\n\n" + base)
    write(tmp_path / "c.txt", "Near copy\n\n" + base.replace("number 3 ", "number three "))
    write(tmp_path / "d.txt", "Different\n\nThe football match ended in a draw after extra time on Sunday.")
    docs = load_corpus(tmp_path).set_index("doc_id")
    assert pd.isna(docs.loc["a", "duplicate_of"])
    assert docs.loc["b", "duplicate_of"] == "a"
    assert docs.loc["c", "duplicate_of"] == "a"
    assert pd.isna(docs.loc["d", "duplicate_of"])


def test_seeds_have_no_duplicates(seed_docs):
    assert seed_docs["duplicate_of"].isna().all()


@pytest.mark.parametrize("column", ["scraped_at", "created_at", "pub_date", "date_published"])
def test_common_date_columns_are_read_as_dates_and_say_which(tmp_path, column):
    frame = pd.DataFrame(
        {"title": ["A", "B"], "text": [ARTICLE, ARTICLE + " More."], column: ["2016-10-03", ""]}
    )
    frame.to_csv(tmp_path / "news.csv", index=False)
    docs = load_corpus(tmp_path / "news.csv")
    assert docs["date"].iloc[0] == pd.Timestamp("2016-10-03") and pd.isna(docs["date"].iloc[1])
    assert docs["date_from"].iloc[0] == f"column {column}"

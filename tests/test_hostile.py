"""Hostile and broken input: every case has an expected outcome, and none crashes the run.

The corpus (``tests/browser.py: hostile_files``) mixes script and HTML in titles, bodies, quotes,
outlet names and file names; cp1251, latin-1, UTF-16 and BOM files; empty, whitespace-only,
binary, undecodable and 50 MB files; duplicates; CSVs with renamed or missing columns, bad dates,
malformed rows; non-English articles. It is loaded once and rendered once (every notebook that
exists) for the whole module. Expected: each bad file is named with its reason in a warning, in
``docs.attrs["problems"]`` and in the run record (``run.json`` and ``index.html``); every other
file is read; markup shows as text in the HTML; the input files are byte-identical afterwards.
"""

from __future__ import annotations

import html
import json
import os
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from browser import (
    ARABIC,
    CHINESE,
    HOSTILE_HUGE,
    LATIN,
    MARKUP_EMPTY_NAME,
    MARKUP_NAME,
    MARKUP_OUTLET,
    MATH_OUTLET,
    RUSSIAN,
    RUSSIAN_2,
    SCRIPT_TITLE,
    STRAY,
    available_notebooks,
    file_hashes,
    hostile_corpus,
    hostile_files,
    parse_tags,
    rendered,
    with_table_rows,
)

from analysis.corpus import CorpusWarning, load_corpus

CASES = {name: case for name, (_, case) in hostile_files().items()}
CASES[HOSTILE_HUGE.name] = HOSTILE_HUGE
SKIPPED = sorted(n for n, c in CASES.items() if c.skipped)
FLAGGED = sorted(n for n, c in CASES.items() if c.flagged)
LOADED = sorted(n for n, c in CASES.items() if c.loaded)


def short(name: str) -> str:
    return re.sub(r"\W+", "_", name)[:24]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder, cases, before = hostile_corpus(tmp_path_factory.getbasetemp())
    return folder, cases, before


@pytest.fixture(scope="module")
def loaded(corpus):
    folder, _, _ = corpus
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(str(folder / "*"))
    messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    return docs, messages


@pytest.fixture(scope="module")
def report(corpus):
    folder, _, _ = corpus
    out, record, _ = rendered("hostile", str(folder / "*"), folder.parent, only=available_notebooks())
    return out, record


def rows_from(docs: pd.DataFrame, folder: Path, name: str) -> pd.DataFrame:
    return docs[docs["source_path"] == str(folder / name)]


def problems_of(problems: list[dict], folder: Path, name: str) -> list[str]:
    """The messages naming one file in the grouped problems (``docs.attrs`` or a run record):
    its own entry, or its example in a group of its kind (``"<path>: <message>"``)."""
    path = str(folder / name)
    found = []
    for p in problems:
        if p["path"] == path:
            found.append(p["problem"])
        elif f"{path}: " in p["problem"]:
            found.append(p["problem"].split(f"{path}: ", 1)[1].split(" | ", 1)[0])
    return found


# --- loading: each case -------------------------------------------------------------------


def test_every_file_is_a_case(corpus):
    folder, cases, _ = corpus
    assert sorted(p.name for p in folder.iterdir()) == sorted(cases) == sorted(CASES)
    assert (folder / HOSTILE_HUGE.name).stat().st_size >= 50 * 1024 * 1024


@pytest.mark.parametrize("name", SKIPPED, ids=short)
def test_bad_file_skipped_and_named_with_reason(loaded, corpus, name):
    docs, messages = loaded
    folder, cases, _ = corpus
    assert rows_from(docs, folder, name).empty
    reasons = problems_of(docs.attrs["problems"], folder, name)
    assert any(re.search(cases[name].skipped, r) for r in reasons), reasons
    assert any(f"{folder / name}: " in m for m in messages), messages  # named (grouped by kind)


@pytest.mark.parametrize("name", LOADED, ids=short)
def test_good_file_read(loaded, corpus, name):
    docs, _ = loaded
    folder, cases, _ = corpus
    assert len(rows_from(docs, folder, name)) == cases[name].loaded
    if not cases[name].flagged:  # nothing to say about a clean file
        assert problems_of(docs.attrs["problems"], folder, name) == []


@pytest.mark.parametrize("name", FLAGGED, ids=short)
def test_caveat_named_in_warning_and_problems(loaded, corpus, name):
    docs, messages = loaded
    folder, cases, _ = corpus
    reasons = problems_of(docs.attrs["problems"], folder, name)
    assert any(re.search(cases[name].flagged, r) for r in reasons), reasons
    assert any(f"{folder / name}: " in m for m in messages)


def test_markup_kept_verbatim_as_data(loaded):
    docs, _ = loaded
    docs = docs.set_index("doc_id")
    assert docs.loc["01_script_title", "title"] == SCRIPT_TITLE
    assert '<img src="http://evil.invalid/pixel.png" alt="">' in docs.loc["01_script_title", "text"]
    assert docs.loc[Path(MARKUP_NAME).stem, "title"] == "File name with markup"
    csv = docs.loc[["30_renamed:1", "30_renamed:4"]]
    assert csv["title"].tolist() == [SCRIPT_TITLE, "Math outlet"]
    assert csv["outlet"].tolist() == [MARKUP_OUTLET, MATH_OUTLET]


def test_encodings_detected_not_garbled(loaded):
    docs = loaded[0].set_index("doc_id")
    assert (
        docs.loc["03_cp1251", "text"] == RUSSIAN and docs.loc["03_cp1251", "title"] == "Санкции против России"
    )
    assert docs.loc["04_latin1", "text"] == LATIN and docs.loc["04_latin1", "title"] == "Café in Zürich"
    assert docs.loc["05_utf16_bom", "title"] == "UTF-16 with BOM"
    assert docs.loc["06_utf16le", "title"] == "UTF-16 LE no BOM"
    assert docs.loc["07_utf8_bom", "title"] == "UTF-8 with BOM"  # no \ufeff left in front
    # UTF-8 with a corrupt byte: read as UTF-8 with one replacement character, not as a legacy
    # codec that would garble every accent ("ZÃ¼rich")
    assert docs.loc["27_utf8_stray_byte", "text"] == STRAY + " \ufffd end."
    assert not docs["text"].str.contains("\ufeff|Ã|Ð").any()
    assert docs["text"].str.count("\ufffd").sum() == 1


def test_non_english_articles_kept(loaded):
    docs = loaded[0].set_index("doc_id")
    for doc_id, text in [("08_russian", RUSSIAN_2), ("09_chinese", CHINESE), ("10_arabic", ARABIC)]:
        assert docs.loc[doc_id, "text"] == text
        assert docs.loc[doc_id, "n_words"] > 0


def test_duplicates_flagged(loaded):
    docs = loaded[0].set_index("doc_id")
    assert docs.loc["12_exact_copy", "duplicate_of"] == "11_original"
    assert docs.loc["14_near_copy", "duplicate_of"] == "11_original"
    assert docs["duplicate_of"].notna().sum() == 2


def test_csv_columns_dates_and_rows(loaded):
    docs = loaded[0].set_index("doc_id")
    renamed = docs.loc[["30_renamed:1", "30_renamed:2", "30_renamed:4"]]
    assert renamed["date"].iloc[0] == pd.Timestamp("2017-07-27")
    assert pd.isna(renamed["date"].iloc[1])  # "yesterday-ish": missing, not guessed
    assert renamed["outlet"].iloc[1] == "TASS"
    assert "30_renamed:3" not in docs.index  # empty body
    only = docs.loc["32_only_text:1"]
    assert only["title"] == "" and pd.isna(only["date"]) and pd.isna(only["outlet"])
    assert docs.loc["33_ragged:1", "title"] == "Good row"
    assert docs.loc["33_ragged:1", "text"].endswith("Article number 10 of the hostile corpus.")


def test_unreadable_file_is_skipped_not_fatal(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("Fine\n\nThe Senate voted on sanctions against Russia on Thursday.")
    (tmp_path / "locked.txt").write_text("Locked\n\nThis file cannot be opened by the user.")
    real = os.open

    def guarded_open(path, *args, **kwargs):  # the reader opens with os.open (O_NONBLOCK)
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    with pytest.warns(CorpusWarning, match=r"locked\.txt: cannot read \(Permission denied\)"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["ok"]


def test_malformed_first_row_does_not_shift_columns(tmp_path):
    # pandas would make the first column an index and shift every value one column left
    (tmp_path / "t.csv").write_text("title,text\nBad,one,two\nGood,The Senate voted on sanctions.\n")
    with pytest.warns(CorpusWarning, match="malformed row"):
        docs = load_corpus(tmp_path / "t.csv", dedup=False)
    assert docs[["title", "text"]].values.tolist() == [["Good", "The Senate voted on sanctions."]]


# --- the report run -----------------------------------------------------------------------


def test_every_notebook_runs_on_hostile_corpus(report):
    _, record = report
    assert record.notebooks, "no notebook ran"
    failed = {nb.name: f"cell {nb.cell}: {nb.error}" for nb in record.failed}
    assert not failed, failed
    assert record.n_articles == sum(c.loaded for c in CASES.values()) == 20


@pytest.mark.parametrize("name", sorted(set(SKIPPED) | set(FLAGGED)), ids=short)
def test_bad_file_in_run_record(report, corpus, name):
    out, _ = report
    folder, cases, _ = corpus
    pattern = cases[name].skipped or cases[name].flagged
    run = json.loads((out / "run.json").read_text("utf-8"))
    reasons = problems_of(run["problems"], folder, name)
    assert any(re.search(pattern, r) for r in reasons), reasons
    index = (out / "index.html").read_text("utf-8")
    entries = [html.unescape(m) for m in re.findall(r"<li><code>(.*?)</li>", index, re.S)]
    assert any(str(folder / name) in e for e in entries), entries  # named (problems are grouped by kind)


def test_inputs_byte_identical_after_run(report, loaded, corpus):
    folder, _, before = corpus
    assert file_hashes(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(CASES)  # nothing written beside them


def test_scripts_appear_as_text(report):
    out, record = report
    page = with_table_rows((out / "00_corpus.html").read_text("utf-8"))
    # titles sit in the escaped HTML fallback or in an interactive table's rows, where "<" is \u003c
    in_json = SCRIPT_TITLE.replace("<", "\\u003c").replace(">", "\\u003e")
    assert html.escape(SCRIPT_TITLE, quote=False) in page or in_json in page
    assert "<script>document.title=" not in page
    for nb in record.notebooks:
        assert_no_live_markup((out / nb.html).read_text("utf-8"), nb.html)
    assert_no_live_markup((out / "index.html").read_text("utf-8"), "index.html")
    index = (out / "index.html").read_text("utf-8")
    assert html.escape(MARKUP_EMPTY_NAME) in index


def assert_no_live_markup(page: str, name: str) -> None:
    """No payload became a tag, attribute, script or URL the browser would act on."""
    assert "<script>document.title" not in page, name
    for tag, attrs in parse_tags(page).tags:
        events = [a for a in attrs if a.startswith("on")]
        assert not events, (name, tag, events)
        for attr in ("src", "href", "action", "data", "srcset"):
            value = (attrs.get(attr) or "").strip().lower()
            assert "evil.invalid" not in value and not value.startswith("javascript:"), (name, tag, value)
        assert not any(a.startswith("data-pwned") for a in attrs), (name, tag)


def test_reports_not_buried_in_loader_warnings(report):
    """Skipped files are listed once, in the run record and the corpus report's table, not as a
    red block of Python warnings atop every study report."""
    out, record = report
    for nb in record.notebooks:
        page = (out / nb.html).read_text("utf-8")
        assert "CorpusWarning" not in page, nb.html
    corpus_page = with_table_rows((out / "00_corpus.html").read_text("utf-8"))
    assert "22_binary.txt" in corpus_page and "binary file" in corpus_page  # the problems table

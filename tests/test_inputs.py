"""Inputs as users have them: big and compressed files, odd names and file types, deep trees,
Unicode variants, repeated ids, our own output inside the corpus, files changing mid-run.
All data is made up here, in tmp_path."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import signal
import socket
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    MARKER,
    CorpusError,
    check_output,
    corpus_fingerprint,
    load_corpus,
    mark_folder,
    unique_ids,
)
from analysis.store import build, open_store

WORDS = [
    "harbour",
    "council",
    "vote",
    "budget",
    "bridge",
    "library",
    "tram",
    "school",
    "museum",
    "park",
    "market",
    "river",
]


def article(i: int, n: int = 40) -> str:
    """A made-up article body, different for each ``i``."""
    words = [WORDS[(i * 7 + j * (i % 5 + 1)) % len(WORDS)] for j in range(n)]
    return f"The council of Varnholt met on day {i}. " + " ".join(words) + f". Item {i} closed the meeting."


def jsonl(path: Path, rows: list[dict], opener=open) -> None:
    with opener(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")


def problems_text(docs: pd.DataFrame) -> str:
    return " | ".join(f"{p['path']}: {p['problem']}" for p in docs.attrs["problems"])


# --- size limit per article -----------------------------------------------------------------------


def test_one_oversized_record_is_skipped_and_named_the_rest_read(tmp_path):
    rows = [{"id": f"a{i}", "text": article(i)} for i in range(6)]
    rows[3]["text"] = "word " * 3000  # 15 kB: over a 5 kB limit
    jsonl(tmp_path / "news.jsonl", rows)
    docs = load_corpus(tmp_path / "news.jsonl", max_bytes=5_000, dedup=False)
    assert sorted(docs["doc_id"]) == ["a0", "a1", "a2", "a4", "a5"]
    text = problems_text(docs)
    assert "line 4" in text and "--max-article-bytes" in text
    pd.DataFrame(rows).to_csv(tmp_path / "news.csv", index=False)
    docs = load_corpus(tmp_path / "news.csv", max_bytes=5_000, dedup=False)
    assert len(docs) == 5 and "row 4" in problems_text(docs)


def test_a_text_file_over_the_limit_names_the_option(tmp_path):
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 3000)
    (tmp_path / "small.txt").write_text("Small\n\n" + article(1))
    docs = load_corpus(tmp_path, max_bytes=5_000)
    assert docs["doc_id"].tolist() == ["small"]
    assert "big.txt" in problems_text(docs) and "--max-article-bytes" in problems_text(docs)


def test_a_table_larger_than_the_article_limit_is_read_whole(tmp_path):
    """The issue's case, scaled: the limit is per article, so a file of many small articles
    well over the limit is read in full."""
    rows = [{"id": str(i), "text": article(i)} for i in range(300)]
    jsonl(tmp_path / "news.jsonl", rows)
    assert (tmp_path / "news.jsonl").stat().st_size > 20 * 5_000
    docs = load_corpus(tmp_path / "news.jsonl", max_bytes=5_000, dedup=False, boilerplate=False)
    assert len(docs) == 300


def test_a_very_long_line_is_skipped_without_being_held(tmp_path):
    """A line of 30 MB (no newline for a long stretch) costs itself only."""
    with open(tmp_path / "news.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x", "text": article(1)}) + "\n")
        fh.write('{"id": "huge", "text": "' + "a" * 30_000_000 + '"}\n')
        fh.write(json.dumps({"id": "y", "text": article(2)}) + "\n")
    docs = load_corpus(tmp_path / "news.jsonl", dedup=False)
    assert sorted(docs["doc_id"]) == ["x", "y"] and "30.0 MB" in problems_text(docs)


def test_max_article_bytes_on_the_command_line():
    cli = importlib.import_module("analysis.cli.main")
    parser = cli.build_parser() if hasattr(cli, "build_parser") else cli.parser()
    for argv in (["run"], ["report"], ["extract", "docs"]):
        args = parser.parse_args([*argv, "--max-article-bytes", "1234"])
        assert args.max_article_bytes == 1234
    common = importlib.import_module("analysis.cli.common")
    assert common.load_options(args)["max_bytes"] == 1234


# --- compressed files and names -------------------------------------------------------------------


def test_gzip_and_zstd_read_transparently(tmp_path):
    jsonl(
        tmp_path / "a.jsonl.gz",
        [{"id": "g1", "text": article(1)}, {"id": "g2", "text": article(2)}],
        gzip.open,
    )
    zstandard = pytest.importorskip("zstandard")
    data = "\n".join(json.dumps({"id": f"z{i}", "text": article(10 + i)}) for i in range(2)).encode()
    (tmp_path / "b.JSONL.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    docs = load_corpus(tmp_path, dedup=False)
    assert sorted(docs["doc_id"]) == ["g1", "g2", "z0", "z1"]
    assert "binary" not in problems_text(docs)
    texts = tmp_path / "texts"
    texts.mkdir()
    with gzip.open(texts / "one.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write("A title\n\n" + article(3))
    assert load_corpus(texts)["doc_id"].tolist() == ["one"]


def test_without_zstandard_a_zst_file_is_named(tmp_path, monkeypatch):
    jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": article(1)}])
    (tmp_path / "b.jsonl.zst").write_bytes(b"\x28\xb5\x2f\xfd not really")
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import fails as if not installed
    docs = load_corpus(tmp_path, dedup=False)
    assert docs["doc_id"].tolist() == ["a"] and "zstandard package is not installed" in problems_text(docs)


def test_a_broken_gzip_is_named_not_fatal(tmp_path):
    jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": article(1)}])
    whole = gzip.compress(("\n".join(json.dumps({"text": article(i)}) for i in range(50))).encode())
    (tmp_path / "b.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    docs = load_corpus(tmp_path, dedup=False)
    assert "a" in set(docs["doc_id"]) and "b.jsonl.gz" in problems_text(docs)


def test_upper_case_extensions_are_read(tmp_path):
    (tmp_path / "one.TXT").write_text("One\n\n" + article(1))
    (tmp_path / "two.Txt").write_text("Two\n\n" + article(2))
    assert sorted(load_corpus(tmp_path)["doc_id"]) == ["one", "two"]
    tables = tmp_path / "tables"
    tables.mkdir()
    jsonl(tables / "NEWS.JSONL", [{"id": "n", "text": article(3)}])
    assert load_corpus(tables)["doc_id"].tolist() == ["n"]


# --- file types that are not files ----------------------------------------------------------------


@pytest.fixture
def alarm():
    """Fail instead of hanging: a FIFO opened for reading blocks forever."""
    signal.signal(signal.SIGALRM, lambda *a: pytest.fail("the reader hung"))
    signal.alarm(30)
    yield
    signal.alarm(0)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_socket_and_device_are_named_never_opened(tmp_path, alarm):
    (tmp_path / "ok.txt").write_text("Ok\n\n" + article(1))
    os.mkfifo(tmp_path / "x.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.txt"))
    try:
        docs = load_corpus(tmp_path)
        digest, n = corpus_fingerprint(tmp_path)
    finally:
        sock.close()
    assert docs["doc_id"].tolist() == ["ok"] and n == 1
    text = problems_text(docs)
    assert "x.txt: a FIFO" in text and "s.txt: a socket" in text
    with pytest.raises(CorpusError, match="a FIFO"):
        load_corpus(tmp_path / "x.txt")
    if os.path.exists("/dev/zero"):
        with pytest.raises(CorpusError, match="character device"):
            load_corpus("/dev/zero")


def test_deep_folders_are_walked_without_recursion(tmp_path):
    top = tmp_path / "deep"
    top.mkdir()
    (top / "top.txt").write_text("Top\n\n" + article(1))
    fds = [os.open(top, os.O_RDONLY)]
    try:
        for _ in range(2100):  # by folder handles: the full path outgrows the system's limit
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        with open(os.open("last.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fds[-1]), "w") as fh:
            fh.write("Last\n\n" + article(3))
        (top / "d" / "d" / "d" / "mid.txt").write_text("Mid\n\n" + article(2))
        docs = load_corpus(top)
        assert {"top", "d/d/d/mid"} <= set(docs["doc_id"])
        assert "File name too long" in problems_text(docs)  # the folders past the limit, named
    finally:
        remove_deep(fds)


def remove_deep(fds: list[int]) -> None:
    """Remove a chain of ``d`` folders bottom up by folder handles (``shutil.rmtree`` recurses
    and pytest's clean-up would meet a RecursionError)."""
    while len(fds) > 1:
        fd = fds.pop()
        for name in os.listdir(fd):
            os.unlink(name, dir_fd=fd)
        os.close(fd)
        os.rmdir("d", dir_fd=fds[-1])
    os.close(fds[0])


# --- Unicode --------------------------------------------------------------------------------------

QUOTE = (
    'The harbour would reopen, officials said on Monday. "We will reopen the harbour in May," {name} '
    'said. "The boats are ready," {name} added.\n'
)


def speakers(tmp_path: Path, name: str) -> list[str]:
    from analysis import attribution

    folder = tmp_path / str(abs(hash(name)))
    folder.mkdir()
    (folder / "a.txt").write_text("Harbour news\n\n" + QUOTE.format(name=name), encoding="utf-8")
    table = attribution.extract(load_corpus(folder), actors=False)
    return table["speaker"].tolist()


def test_direction_marks_around_a_name_keep_the_quotes(tmp_path):
    plain = speakers(tmp_path, "Talia Brennor")
    assert plain.count("Talia Brennor") == 2
    assert speakers(tmp_path, "\u200fTalia Brennor\u200f") == plain
    assert speakers(tmp_path, "\u2067Talia\u200b Brennor\u2069") == plain


def test_a_decomposed_name_is_the_composed_one(tmp_path):
    composed = "José Marrow"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    text = 'José Marrow spoke at the harbour. "The tram will run again," {name} said on Friday.\n'
    got = []
    for name in (composed, decomposed):
        folder = tmp_path / ("c" if name == composed else "d")
        folder.mkdir()
        (folder / "a.txt").write_text("Tram news\n\n" + text.format(name=name), encoding="utf-8")
        docs = load_corpus(folder)
        assert docs["text"].iloc[0] == unicodedata.normalize("NFC", docs["text"].iloc[0])
        from analysis import attribution

        got.append(attribution.extract(docs, actors=False)["speaker"].tolist())
    assert got[0] == got[1] and composed in got[0]


# --- ids ------------------------------------------------------------------------------------------


def test_repeated_ids_become_distinct(tmp_path):
    rows = [{"id": i, "text": article(n)} for n, i in enumerate(["dup", "dup", "dup~2"])]
    jsonl(tmp_path / "news.jsonl", rows)
    docs = load_corpus(tmp_path / "news.jsonl", dedup=False)
    assert docs["doc_id"].is_unique and len(docs) == 3
    from analysis.text import sentences

    keys = sentences(docs)[["doc_id", "sent_id"]]
    assert not keys.duplicated().any()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "a~2", "a~3", "a~2~2", "b", "~2", "a~"]), min_size=1, max_size=30))
def test_unique_ids_never_collide(ids):
    docs = pd.DataFrame({"doc_id": pd.array(ids, dtype="string")})
    out = unique_ids(docs, [])["doc_id"].tolist()
    assert len(set(out)) == len(out)
    first = {}
    for i, d in enumerate(ids):
        first.setdefault(d, i)
    assert all(out[i] == d for d, i in first.items())  # every first copy keeps its id


# --- our own folders ------------------------------------------------------------------------------


def test_out_equal_to_or_above_the_corpus_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for out in (corpus, tmp_path):
        with pytest.raises(CorpusError, match="outside the corpus") as err:
            check_output(corpus, out)
        assert str(out) in str(err.value) and str(corpus) in str(err.value)
    check_output(corpus, corpus / "report")  # inside: allowed (the marker keeps it out)
    check_output(tmp_path / "corpus" / "*.txt", tmp_path / "elsewhere")
    with pytest.raises(CorpusError):
        check_output(str(corpus / "*.jsonl"), corpus)


def test_a_store_inside_the_corpus_is_never_read_as_articles(tmp_path):
    """The issue's case: a store left inside the corpus by ``run --out corpus/x`` must not be
    read back as articles by the next run, whatever ``--out`` it has."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):
        (corpus / f"s{i}.txt").write_text(f"Story {i}\n\n{article(i, 60)}")
    build(corpus, corpus / "x" / "store")
    assert (corpus / "x" / "store" / MARKER).is_file()
    docs = load_corpus(corpus)  # no exclude: the marker alone keeps the store out
    assert len(docs) == 10 and all("/x/" not in p for p in docs["source_path"])
    assert "a store or a report" in problems_text(docs)
    _, done = build(corpus, tmp_path / "elsewhere" / "store")
    assert done.added == 10 and len(open_store(tmp_path / "elsewhere").docs) == 10
    with pytest.raises(CorpusError, match="not a corpus"):
        load_corpus(corpus / "x" / "store")


def test_a_marked_folder_anywhere_is_skipped_with_one_note(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\n" + article(1))
    for name in ("r1", "deep/r2", "deep/er/r3"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "b.txt").write_text("B\n\n" + article(2))
        mark_folder(tmp_path / name, "report")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a"]
    notes = [p for p in docs.attrs["problems"] if "a store or a report" in p["problem"]]
    assert len(notes) == 1 and "3 folder(s)" in notes[0]["problem"]


# --- one walk, and the fingerprint of the bytes read ----------------------------------------------


def test_the_reader_fingerprints_the_bytes_it_reads(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"T{i}\n\n{article(i)}")
    jsonl(tmp_path / "t.jsonl.gz", [{"text": article(9)}], gzip.open)
    docs = load_corpus(tmp_path)
    assert docs.attrs["fingerprint"] == corpus_fingerprint(tmp_path)[0]


def test_a_file_rewritten_mid_run_is_read_again_next_run(tmp_path, monkeypatch):
    """The fingerprint a store records is that of the bytes its tables come from: when the
    files change between the check and the read, the next run reads them again rather than
    keeping the old text for good."""
    corpus, out = tmp_path / "corpus", tmp_path / "out" / "store"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"s{i}.txt").write_text(f"Story {i}\n\n{article(i, 60)}")
    build(corpus, out)
    old_text, new_text = (corpus / "s1.txt").read_text(), f"Story 1\n\n{article(77, 60)} Rewritten meanwhile."
    store_build = importlib.import_module("analysis.store.build")
    real, real_find, walks = store_build.corpus_fingerprint, store_build.find_sources, []

    def check_sees_the_new_text(*args, **kwargs):  # an editor saving while the run checks
        (corpus / "s1.txt").write_text(new_text)
        result = real(*args, **kwargs)
        (corpus / "s1.txt").write_text(old_text)  # ... and the reader then meets the old bytes
        return result

    def counted_find(*args, **kwargs):
        walks.append(args)
        return real_find(*args, **kwargs)

    monkeypatch.setattr(store_build, "corpus_fingerprint", check_sees_the_new_text)
    monkeypatch.setattr(store_build, "find_sources", counted_find)
    build(corpus, out)
    assert len(walks) == 1  # the fingerprint and the reader share one walk
    assert "Rewritten" not in open_store(out).docs.set_index("doc_id")["text"]["s1"]
    monkeypatch.undo()
    (corpus / "s1.txt").write_text(new_text)  # the save completes
    manifest, done = build(corpus, out)
    assert done.changed == 1
    assert "Rewritten meanwhile." in open_store(out).docs.set_index("doc_id")["text"]["s1"]
    assert manifest.fingerprint == corpus_fingerprint(corpus, exclude=[out.parent])[0]


def test_a_legacy_encoded_json_line_is_guessed_and_named(tmp_path):
    rows = [
        json.dumps({"id": f"c{i}", "text": f"Zürich café item {i}. " + article(i)}, ensure_ascii=False)
        for i in range(3)
    ]
    (tmp_path / "news.jsonl").write_bytes("\n".join(rows).encode("cp1252"))
    docs = load_corpus(tmp_path / "news.jsonl", dedup=False)
    assert docs["text"].str.startswith("Zürich café").all() and "cp1252" in problems_text(docs)


@pytest.mark.parametrize("command", ["run", "report"])
def test_run_and_report_with_out_as_the_corpus_are_refused(tmp_path, capsys, command):
    """The issue's case at the command line: ``--out`` = the corpus folder writes nothing and
    says why, naming both folders."""
    from analysis.cli.main import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"s{i}.txt").write_text(f"Story {i}\n\n{article(i)}")
    assert main([command, "--corpus", str(corpus), "--out", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "is the corpus folder" in err and str(corpus) in err
    assert sorted(p.name for p in corpus.iterdir()) == ["s0.txt", "s1.txt", "s2.txt"]

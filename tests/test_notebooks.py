"""Notebook hygiene: committed without outputs, parameterised, importing only our package."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def committed(path: Path) -> str:
    """The notebook as committed in git (the working copy when git cannot say)."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        return subprocess.run(
            ["git", "show", f"HEAD:{rel}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return path.read_text("utf-8")


def test_there_are_notebooks():
    assert any(p.name == "00_corpus.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stripped_and_parameterised(path):
    for source in {path.read_text("utf-8"), committed(path)}:
        nb = nbformat.reads(source, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), "outputs not stripped"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "corpus =" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_do_not_read_files_themselves(path):
    nb = nbformat.read(str(path), as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in ("open(", "read_csv(", "read_text(", "nltk.download"):
        assert forbidden not in source, forbidden


# --- the store a notebook reads with its defaults (analysis.store.open_or_build) ----------------


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Four distinct articles in a folder (the seeds would do, but take longer to analyse)."""
    from browser import article

    folder = tmp_path_factory.mktemp("small-corpus")
    for n in range(4):
        (folder / f"{n:02d}.txt").write_text(f"Sanctions story {n}\n\n{article(n)}", "utf-8")
    return folder


def test_open_or_build_builds_once_in_a_cache_and_opens_a_given_store(small_corpus, tmp_path, monkeypatch):
    import warnings

    from analysis.store import open_or_build, open_store
    from analysis.store.session import CACHE_ENV, cache_folder

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    params = {"topics.n_topics": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a build's warnings go to the log, never the notebook
        first = open_or_build(None, small_corpus, params=params)
    assert first.root == cache_folder(small_corpus, params)
    assert first.root.parent == tmp_path / "cache"
    assert len(first.analysed) == 4 and len(first.table("sentences")) > 0
    assert first.parameters["topics"]["n_topics"] == 2
    updated = first.manifest.updated
    # the same corpus, given relative or absolute, is the same cached store, not built again
    monkeypatch.chdir(small_corpus.parent)
    again = open_or_build(None, small_corpus.name, params=params)
    assert again.root == first.root and again.manifest.updated == updated
    # other parameters: another folder; a given store: that store, options ignored
    assert cache_folder(small_corpus, {"topics.n_topics": 3}) != first.root
    given = open_or_build(str(first.root), "/nowhere", params={"topics.n_topics": 9})
    assert given.root == open_store(first.root).root and given.parameters["topics"]["n_topics"] == 2
    with pytest.raises(ValueError, match="unknown store parameter"):
        open_or_build(None, small_corpus, params={"topics.k": 3})


# --- what the corpus report (00_corpus) shows: analysis.reports.corpus ---------------------------------


def corpus_docs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e", "f"],
            "title": ["Alpha", "Beta", None, "Delta", "Alpha", "Zeta"],
            "date": pd.to_datetime(["2017-07-01", "2017-07-03", None, "2017-07-20", "2017-07-01", None]),
            "outlet": ["TASS", "TASS", None, "ABC News", "Copy Wire", "TASS"],
            "n_words": [400, 30, 250, 600, 400, 120],
            "duplicate_of": [None, None, None, None, "a", None],
            "date_from": ["header", "posted", None, "header", "header", None],
            "outlet_from": ["dateline", "credit", None, "sidecar", "credit", "dateline"],
            "source_path": [f"{x}.txt" for x in "abcdef"],
            "analysed": [True, True, True, True, False, True],
        }
    )


def test_overview_counts_copies_problems_and_hedges():
    from analysis.reports import corpus as overview

    docs = corpus_docs()
    problems = overview.problems_by_kind(
        pd.DataFrame(
            {
                "path": ["x.csv", "x.csv", "y.txt"],
                "problem": [
                    "row 3: date 'soon' does not parse; left missing",
                    "row 9: date 'later' does not parse; left missing",
                    "empty file",
                ],
            }
        )
    )
    assert problems["count"].tolist() == [2, 1] and problems["files"].tolist() == [1, 1]
    facts = dict(zip(*overview.facts(docs, problems, n_files=6).T.to_numpy()))
    assert facts["Articles read"] == "6 from 6 files" and facts["Analysed by the studies"] == "5 of 6"
    assert facts["Input problems (files or rows skipped or read with a caveat)"] == "3"
    assert (
        facts["Dates"] == "2017-07-01 to 2017-07-20" and facts["Median words per analysed article"] == "250"
    )
    dups = overview.duplicates(docs, {"a": "articles/a.html"})
    assert dups[["copy", "original", "original_href"]].values.tolist() == [
        ["Alpha", "Alpha", "articles/a.html"]
    ]
    assert "1 article was set aside as a copy of 1 other article" in overview.prose.duplicates_sentence(
        dups, 6
    )
    kept = overview.duplicates(docs.assign(analysed=True))
    assert kept["analysed"].all()
    assert "kept (keep_duplicates), so the studies analyse all 6" in overview.prose.duplicates_sentence(
        kept, 6
    )
    listing = overview.article_list(docs, {"a": "articles/a.html"})
    assert listing["title"].iat[2] == "(untitled)" and listing["status"].iat[4] == "copy of: Alpha"
    assert listing["href"].iat[0] == "articles/a.html" and pd.isna(listing["href"].iat[1])
    counts = overview.outlet_counts(docs, top=2)
    assert counts["outlet"].tolist() == ["TASS", "other outlets (3)"] and counts["articles"].sum() == 5
    assert counts["copies"].tolist() == [0, 1]  # the copy is counted apart, as in no other report
    sentence = overview.prose.corpus_sentence(docs, min_articles=5)
    assert "no report can compare outlets" in sentence and "at most 3 articles" in sentence
    per_period = overview.articles_per_period(docs)
    assert per_period["articles"].sum() == 3 and len(per_period) == 20  # analysed, days, gaps kept as 0
    assert not overview.prose.enough_for_trend(docs, per_period, min_points=5)
    assert "too few for a trend" in overview.prose.time_sentence(docs, per_period, 5)
    assert "fewer than 50 words" in overview.prose.lengths_sentence(overview.length_summary(docs))


def test_distinctive_words_only_for_outlets_with_enough_articles():
    from analysis.reports import corpus as overview

    texts = {"Oil Post": "pipeline crude barrels refinery", "Vote Times": "ballot senate election turnout"}
    rows = [
        {
            "doc_id": f"{o}{i}",
            "outlet": o,
            "analysed": True,
            "text": f"{(t + ' ') * 10}report number {i} 2017",
        }
        for o, t in texts.items()
        for i in range(6)
    ]
    rows.append({"doc_id": "x", "outlet": "Tiny", "analysed": True, "text": "unique tiny words"})
    docs = pd.DataFrame(rows)
    groups = overview.comparable_groups(docs, "outlet", min_articles=5)
    assert groups.to_dict() == {"Oil Post": 6, "Vote Times": 6}
    table = overview.terms.outlet_terms(docs, groups, n=4, max_docs=3).set_index("outlet")
    assert "pipeline" in table.loc["Oil Post", "distinctive words (z)"]
    assert "2017" not in "".join(table["distinctive words (z)"])  # numbers describe no outlet
    assert "Tiny" not in table.index
    assert "Fewer than two outlets" in overview.prose.terms_sentence(groups.head(1), 5, 2000)


# --- what the command line takes, the notebooks take (issue 23) ---------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_take_the_corpus_options_of_the_command_line(path):
    from analysis.render import notebook_parameters
    from analysis.render.params import CORPUS_OPTIONS

    declared = notebook_parameters(path)
    for name in ("store", "corpus", *CORPUS_OPTIONS):
        assert declared[name]["default"] == "None", (path.name, name, declared[name])
    code = "\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code")
    assert "notebook_store(store, corpus, columns, metadata, keep_columns)" in code
    assert '"../' not in code and "'../" not in code  # no path that breaks in a copied notebook


def test_the_default_corpus_is_the_project_seeds_from_anywhere(tmp_path, monkeypatch):
    from analysis.render import default_corpus

    monkeypatch.chdir(tmp_path)
    assert Path(default_corpus()).is_absolute() and Path(default_corpus()) == ROOT / "seeds"


def run_until_the_store(path: Path, parameters: dict) -> dict:
    """The notebook's code as papermill would run it with ``parameters`` (its parameters cell,
    papermill's injected cell), executed here up to and including the cell that opens the store:
    the notebook's own path from parameters to the store, without a kernel."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(path)), parameters)
    namespace: dict = {}
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        exec(compile(cell.source, f"{path.name}", "exec"), namespace)
        if "notebook_store(" in cell.source:
            return namespace
    raise AssertionError(f"{path.name} never opens its store")


def test_a_csv_outlet_column_mapped_in_a_notebook_keeps_its_outlets(tmp_path, monkeypatch):
    """A CSV corpus whose outlets are in ``domain``: with ``columns={"outlet": "domain"}`` the
    notebook's store has them, as ``--columns outlet=domain`` gives; without, they are lost."""
    from browser import article

    from analysis.store.session import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    rows = [
        (f"Story {n}", article(n), ["harbour-daily.example", "valley-post.example"][n % 2]) for n in range(6)
    ]
    csv = tmp_path / "corpus.csv"
    pd.DataFrame(rows, columns=["headline", "body", "domain"]).to_csv(csv, index=False)
    notebook = ROOT / "notebooks" / "00_corpus.ipynb"
    mapped = run_until_the_store(notebook, {"corpus": str(csv), "columns": {"outlet": "domain"}})
    outlets = mapped["store"].table("docs")["outlet"].tolist()
    assert sorted(set(outlets)) == ["harbour-daily.example", "valley-post.example"] and len(outlets) == 6
    plain = run_until_the_store(notebook, {"corpus": str(csv)})
    assert plain["store"].table("docs")["outlet"].isna().all()
    assert plain["store"].root != mapped["store"].root


def test_a_report_run_reads_the_corpus_once_with_the_options_the_notebooks_get():
    from analysis.render import ReportError
    from analysis.render.params import run_corpus_options

    plan = {
        "00_corpus": {"columns": {"outlet": "domain"}, "top": 3},
        "01_topics": {"columns": {"outlet": "domain"}},
    }
    assert run_corpus_options(plan, {"metadata": None}) == {"metadata": None, "columns": {"outlet": "domain"}}
    assert plan == {"00_corpus": {"top": 3}, "01_topics": {}}  # the notebooks get them from the run
    with pytest.raises(ReportError, match="differs between notebooks"):
        run_corpus_options({"a": {"columns": {"outlet": "x"}}, "b": {"columns": {"outlet": "y"}}}, None)
    with pytest.raises(ReportError, match="given twice"):
        run_corpus_options({"a": {"keep_columns": ["x"]}}, {"keep_columns": ["y"]})


def test_a_report_run_given_columns_as_a_notebook_parameter_reads_and_records_them(tmp_path):
    """``report -p columns '{outlet: domain}'`` reads the corpus as ``--columns outlet=domain``
    does, and the notebook's parameters in the run record say how it was read."""
    from browser import article

    from analysis.render import render_reports
    from analysis.store import open_store

    rows = [
        (f"Story {n}", article(n), ["harbour-daily.example", "valley-post.example"][n % 2]) for n in range(6)
    ]
    csv = tmp_path / "corpus.csv"
    pd.DataFrame(rows, columns=["headline", "body", "domain"]).to_csv(csv, index=False)
    record = render_reports(
        csv, tmp_path / "out", only=["00_corpus"], params={"columns": {"outlet": "domain"}}
    )
    assert not record.failed, [(nb.name, nb.error) for nb in record.failed]
    assert record.notebooks[0].parameters["columns"] == {"outlet": "domain"}
    docs = open_store(tmp_path / "out").table("docs")
    assert sorted(set(docs["outlet"])) == ["harbour-daily.example", "valley-post.example"]


REPORT_NOTEBOOKS = [p for p in NOTEBOOKS if "min_n" in p.read_text("utf-8")]


def test_the_smallest_group_knob_has_one_name_and_one_default():
    """Every report compares groups from one smallest n: the notebooks call it ``min_n`` with the
    default of :data:`analysis.reports.stats.MIN_N`, and no older name (``min_articles``,
    ``min_quotes``, ``min_scored``) is left as a parameter or a load keyword."""
    from analysis.render import notebook_parameters
    from analysis.reports.stats import MIN_N

    assert {p.name for p in REPORT_NOTEBOOKS} >= {
        "00_corpus.ipynb",
        "01_topics.ipynb",
        "02_sentiment.ipynb",
        "03_sources.ipynb",
        "04_synthesis.ipynb",
        "05_outlets.ipynb",
    }
    for path in REPORT_NOTEBOOKS:
        declared = notebook_parameters(path)
        assert declared["min_n"]["default"] == str(MIN_N), path.name
        assert not {"min_articles", "min_quotes", "min_scored"} & set(declared), path.name
        code = "\n".join(
            c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code"
        )
        assert "min_n=min_n" in code, path.name

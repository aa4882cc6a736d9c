"""One schema (analysis.schema): a built store's tables have exactly the columns it declares, and
the readers' column subsets are subsets of their table."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from analysis import schema
from analysis.store import build, open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(ROOT / "seeds", corpus)
    out = tmp_path_factory.mktemp("out") / "store"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(corpus, out, progress=False)
    return open_store(out)


def test_every_store_table_has_the_declared_columns(store):
    assert set(store.names()) == set(schema.TABLES)
    for name, columns in schema.TABLES.items():
        got = list(store.table(name).columns)
        if name == "problems":  # examples only when a kind has several
            got = [c for c in got if c != "examples"]
        assert got == columns, name


def test_quotes_table_is_one_row_per_attribution(store):
    quotes = store.table("quotes")
    attributions = store.table("attributions")
    assert len(quotes) == len(attributions[["doc_id", "attr_id"]].drop_duplicates()) > 0
    assert quotes["topic"].between(-1, int(store.manifest.topics["k"]) - 1).all()


@pytest.mark.parametrize(
    ("subset", "table"),
    [
        (schema.ATTRIBUTIONS_FOR_QUOTES, schema.ATTRIBUTIONS),
        (schema.ATTRIBUTIONS_FOR_PAGES, schema.ATTRIBUTIONS),
        (schema.TONE_FOR_QUOTES, schema.SENTIMENT_SENTENCES),
        (schema.TARGETS_FOR_PAGES, schema.SENTIMENT_TARGETS),
        (schema.DOCS_FOR_PAGES, schema.DOCS),
        (schema.DOCS_FOR_OVERVIEW, schema.TABLES["docs"]),
    ],
)
def test_subsets_name_columns_of_their_table(subset, table):
    assert set(subset) <= set(table)

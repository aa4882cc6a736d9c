"""``extract attribution`` and ``extract sentiment`` give the rows the store of ``report`` holds for
the same corpus and parameters: both go through the store's chunks and chunk function.

On the seeds (both engines) and on the first 40 BBC politics articles (skipped without
../shared, reached through the ``shared_data`` fixture).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli.main import main
from analysis.store import build, open_store

ROOT = Path(__file__).resolve().parents[1]
#: ``extract STUDY`` → (file it writes in --out, store table it must equal).
WRITTEN = {
    "attribution": [("attribution.parquet", "attributions")],
    "sentiment": [("sentences.parquet", "sentiment_sentences"), ("targets.parquet", "sentiment_targets")],
}


def extracted(study: str, corpus: Path, out: Path, *options: str) -> dict[str, pd.DataFrame]:
    """The tables ``python -m analysis extract STUDY`` writes as Parquet, by store table name."""
    files = WRITTEN[study]
    target = out / study if len(files) > 1 else out / files[0][0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(
            ["extract", study, "--corpus", str(corpus), "--format", "parquet", "--out", str(target), *options]
        )
    assert code == 0
    return {table: pd.read_parquet(target / name if len(files) > 1 else target) for name, table in files}


def stored(corpus: Path, out: Path, params: dict | None = None) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(corpus, out / "out" / "store", params=params, progress=False)
    store = open_store(out / "out" / "store")
    return {table: store.table(table) for files in WRITTEN.values() for _, table in files}


def assert_extract_equals_store(
    corpus: Path, tmp_path: Path, *options: str, params: dict | None = None
) -> None:
    store = stored(corpus, tmp_path, params)
    for study in WRITTEN:
        extra = list(options) if study == "attribution" else []
        for table, frame in extracted(study, corpus, tmp_path, *extra).items():
            assert len(frame), table  # an empty table would prove nothing
            pd.testing.assert_frame_equal(frame, store[table], obj=f"extract {study} / {table}")


def test_extract_rows_equal_the_store_on_seeds(tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", corpus)
    assert_extract_equals_store(corpus, tmp_path)


def test_extract_on_dask_equals_the_store_on_seeds(tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", corpus)
    store = stored(corpus, tmp_path)
    got = extracted("attribution", corpus, tmp_path, "--engine", "dask")
    pd.testing.assert_frame_equal(got["attributions"], store["attributions"])


def test_extract_rows_equal_the_store_on_40_bbc_articles(tmp_path, shared_data):
    source = shared_data / "bbc-news" / "bbc" / "politics"
    if not source.is_dir():
        pytest.skip(f"{source} not found")
    corpus = tmp_path / "bbc40"
    corpus.mkdir()
    for path in sorted(source.glob("*.txt"))[:40]:
        shutil.copy(path, corpus / path.name)
    assert_extract_equals_store(corpus, tmp_path)

"""The topic model on disk: arrays and JSON that load without executing anything, give the same
predictions as the fitted model, and a planted or damaged file that never runs code or crashes a run."""

from __future__ import annotations

import json
import os
import pickle
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.store import StoreError, build, open_store
from analysis.topics import StreamingTopicModel, TopicModel
from analysis.topics.persist import ModelFileError, load_topic_model, save_topic_model

THEMES = {
    "sport": [
        "football",
        "match",
        "goal",
        "striker",
        "league",
        "referee",
        "stadium",
        "coach",
        "season",
        "penalty",
    ],
    "money": [
        "bank",
        "interest",
        "inflation",
        "shares",
        "market",
        "investors",
        "profit",
        "bond",
        "currency",
        "loan",
    ],
    "weather": [
        "rain",
        "storm",
        "forecast",
        "snow",
        "temperature",
        "wind",
        "flood",
        "cloud",
        "sunshine",
        "frost",
    ],
}


def themed_docs(n: int = 20, words: int = 20, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for theme, vocab in THEMES.items():
        for i in range(n):
            paragraphs = "\n\n".join(" ".join(rng.choice(vocab, size=words)) for _ in range(2))
            rows.append((f"{theme}-{i}", f"{theme} {i}", paragraphs))
    return pd.DataFrame(rows, columns=["doc_id", "title", "text"])


class Planted:
    """A pickle that, when loaded, writes a marker file: what an attacker would plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def plant(path: Path, marker: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(Planted(marker)))


@pytest.mark.parametrize(
    "params",
    [
        {"n_topics": 3, "method": "nmf", "unit": "article"},
        {"n_topics": "auto", "method": "lda", "unit": "paragraph", "seed": 1},
    ],
)
def test_a_saved_model_predicts_as_the_fitted_one(tmp_path, params):
    docs = themed_docs()
    model = TopicModel(**params).fit(docs)
    save_topic_model(model, tmp_path / "m.npz")
    clone = load_topic_model(tmp_path / "m.npz")
    assert type(clone) is TopicModel and clone.k_ == model.k_
    np.testing.assert_array_equal(clone.transform(docs), model.transform(docs))
    texts = ["the striker scored a goal", "inflation and the bond market", "no known word here"]
    for got, want in zip(clone.unit_shares(texts), model.unit_shares(texts)):
        np.testing.assert_array_equal(got, want)
    pd.testing.assert_frame_equal(clone.doc_topic_table(), model.doc_topic_table())
    pd.testing.assert_frame_equal(clone.topic_terms_, model.topic_terms_)
    pd.testing.assert_frame_equal(clone.summary(), model.summary())
    with np.load(tmp_path / "m.npz", allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)


def test_a_saved_streamed_model_predicts_as_the_fitted_one(tmp_path):
    docs = themed_docs(words=15)
    model = StreamingTopicModel(n_topics=3, unit="article", seed=0, batch_size=32, n_features=2**12)
    model.partial_fit(docs).finish()
    save_topic_model(model, tmp_path / "s.npz")
    np.testing.assert_array_equal(load_topic_model(tmp_path / "s.npz").transform(docs), model.transform(docs))


def test_a_pickle_or_a_damaged_file_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "m.npz"
    plant(path, marker)
    with pytest.raises(ModelFileError, match="m.npz"):
        load_topic_model(path)
    np.savez(
        path, __meta__=np.frombuffer(b"{}", dtype=np.uint8), a0=np.array([Planted(marker)], dtype=object)
    )
    with pytest.raises(ModelFileError):
        load_topic_model(path)
    save_topic_model(TopicModel(n_topics=3, unit="article").fit(themed_docs(n=8)), path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ModelFileError, match="not a readable"):
        load_topic_model(path)
    assert not marker.exists()


def test_a_file_naming_other_code_is_refused(tmp_path):
    """Only the listed classes are ever built: a file naming ``os.system`` builds nothing."""
    meta = {"format": 1, "model": {"object": "system", "state": {"dict": []}}}
    np.savez(tmp_path / "m.npz", __meta__=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    with pytest.raises(ModelFileError, match="damaged"):
        load_topic_model(tmp_path / "m.npz")


ARTICLE = """{title}

{name} said on Tuesday that the {thing} plan would go ahead. "We will finish the {thing} by spring," {name} said.
The council of Varnholt, a made-up town, voted on the {thing} budget after a long debate about costs.
Critics of the {thing} said the vote came too soon and asked for another hearing next month.
{extra}
"""


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    things = ["bridge", "library", "harbour", "tramline", "school", "park", "market", "museum"]
    names = ["Talia Brennor", "Oskar Velt", "Mira Castellane", "Ilan Dorsey"]
    for i in range(n):
        thing, name = things[i % len(things)], names[i % len(names)]
        rng = np.random.default_rng(i)
        extra = " ".join(rng.choice(sum(THEMES.values(), []), size=40))
        text = ARTICLE.format(title=f"Varnholt {thing} vote {i}", name=name, thing=thing, extra=extra)
        (folder / f"story{i:02d}.txt").write_text(text, encoding="utf-8")


def stored_model(out: Path) -> Path:
    """The store's topic model file, as its manifest names it (content-addressed)."""
    return out / json.loads((out / "manifest.json").read_text())["files"]["topic_model"]["file"]


def test_planted_pickles_in_the_store_never_run(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out" / "store"
    write_corpus(corpus, 8)
    build(corpus, out)
    marker = tmp_path / "ran"
    first = stored_model(out)
    assert first.suffix == ".npz"
    for where in (first, out / "models/topics.pickle", out / "models/other.pkl", out / "evil.pickle"):
        plant(where, marker)
    write_corpus(corpus, 9)  # one article more: the planted model is found damaged and refitted
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _, done = build(corpus, out)
    assert done.added == 1
    assert any(first.name in str(w.message) and "damaged" in str(w.message) for w in caught)
    build(corpus, out)  # unchanged
    assert open_store(out.parent).topic_model().k_ >= 1
    plant(stored_model(out), marker)
    with pytest.raises(StoreError):
        open_store(out.parent).topic_model()
    whole = stored_model(out).read_bytes()
    stored_model(out).write_bytes(whole[:10])  # truncated: refit, never a traceback
    write_corpus(corpus, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(corpus, out)
    open_store(out.parent).topic_model()
    assert not marker.exists() and os.path.getsize(stored_model(out)) > 1000

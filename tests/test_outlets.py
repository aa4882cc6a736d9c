"""Outlet attribution: house styles are learnt, low confidence says "unknown", citations chain
to the corpus articles of the cited outlet."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.lexicons.outlets import outlet_lexicon
from analysis.outlets import UNKNOWN, OutletClassifier, citation_chain, cited_outlets, predict_outlets

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "data" / "polnear" / "data"

_VOCAB = [
    "minister",
    "sanctions",
    "pipeline",
    "embassy",
    "treaty",
    "talks",
    "border",
    "summit",
    "budget",
    "tariff",
    "election",
    "court",
    "ruling",
    "vote",
    "senate",
    "council",
    "missile",
    "envoy",
    "trade",
    "energy",
    "bank",
    "ceasefire",
    "rebels",
    "province",
    "governor",
    "mayor",
    "police",
    "strike",
    "union",
    "farmers",
    "harvest",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "that",
    "on",
    "for",
    "with",
    "was",
    "said",
    "is",
    "by",
    "as",
    "it",
    "from",
    "at",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_VOCAB) for _ in range(n)).capitalize()


def _styled(rng: random.Random, style: str) -> tuple[str, str]:
    """(title, text) in a house style; the words are drawn from one shared vocabulary, so only
    style separates the outlets."""
    if style == "wire":  # dateline, '' quotes, " - " dashes, one-sentence paragraphs
        pars = [f"MOSCOW - {_sentence(rng, 18)}."]
        for _ in range(5):
            pars.append(f"{_sentence(rng, 14)} - {_sentence(rng, 6)}, ''{_sentence(rng, 8)},'' he said.")
        return _sentence(rng, 6).title(), "\n".join(pars)
    if style == "magazine":  # curly quotes, em dashes, long paragraphs, sentence-case titles
        pars = []
        for _ in range(3):
            pars.append(
                " ".join(
                    f"{_sentence(rng, 22)} — {_sentence(rng, 5)}; “{_sentence(rng, 9)}.”" for _ in range(3)
                )
            )
        return _sentence(rng, 9) + ".", "\n".join(pars)
    # "blog": exclamations, parentheses, question titles, short lines
    pars = [f"{_sentence(rng, 7)}! ({_sentence(rng, 4)}) {_sentence(rng, 6)}?" for _ in range(6)]
    return _sentence(rng, 5).upper() + "?", "\n".join(pars)


def _corpus(n_per: int, seed: int, styles=("wire", "magazine", "blog")) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for style in styles:
        for i in range(n_per):
            title, text = _styled(rng, style)
            rows.append({"doc_id": f"{style}-{seed}-{i}", "title": title, "text": text, "outlet": style})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def fitted() -> OutletClassifier:
    return OutletClassifier(threshold=0.5, seed=0).fit(_corpus(15, seed=1))


def test_learns_house_styles_on_held_out_articles(fitted):
    test = _corpus(6, seed=2)
    assert fitted.calibrated_
    assert set(fitted.classes_) == {"wire", "magazine", "blog"}
    pred = fitted.predict(test)
    assert (pred == test["outlet"].to_numpy()).mean() >= 0.9
    proba = fitted.predict_proba(test)
    assert proba.shape == (len(test), 3)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_unknown_below_threshold(fitted):
    test = _corpus(4, seed=3)
    proba = fitted.predict_proba(test)
    try:
        for threshold in (0.0, 0.6, 0.9, 1.01):
            pred = fitted.set_params(threshold=threshold).predict(test)
            low = proba.max(axis=1) < threshold
            assert ((pred == UNKNOWN) == low).all()
            assert (pred[~low] == fitted.classes_[proba[~low].argmax(axis=1)]).all()
        assert (pred == UNKNOWN).all()  # 1.01: nothing is that sure
    finally:
        fitted.set_params(threshold=0.5)


def test_article_without_a_style_gets_low_confidence(fitted):
    # Plain words, no marks, no layout: nothing to recognise, so the model should not be sure.
    rng = random.Random(11)
    bland = pd.DataFrame(
        {"doc_id": ["x"], "title": ["x"], "text": [" ".join(rng.choice(_VOCAB) for _ in range(60))]}
    )
    styled = _corpus(3, seed=4)
    assert fitted.predict_proba(bland).max() < fitted.predict_proba(styled).max(axis=1).min()


def test_file_names_are_not_features(fitted):
    test = _corpus(3, seed=5)
    renamed = test.assign(doc_id=[f"{o}_leak" for o in test["outlet"][::-1]], source_path="nyt_x.txt")
    assert np.array_equal(fitted.predict_proba(test), fitted.predict_proba(renamed))


def test_fit_needs_two_outlets():
    one = _corpus(5, seed=6, styles=("wire",))
    with pytest.raises(ValueError, match="at least 2 outlets"):
        OutletClassifier().fit(one)


def test_predict_outlets_fills_missing_and_checks_known_out_of_fold():
    docs = _corpus(12, seed=7)
    missing = docs.index[:6]
    truth = docs.loc[missing, "outlet"].copy()
    docs.loc[missing, "outlet"] = pd.NA
    out = predict_outlets(docs, threshold=0.5)
    assert list(out.columns) == ["doc_id", "outlet", "predicted_outlet", "probability"]
    assert list(out["doc_id"]) == list(docs["doc_id"])
    assert (out.loc[missing, "predicted_outlet"] == truth).mean() >= 5 / 6
    assert out["probability"].between(0, 1).all()
    known = out[out["outlet"].notna()]
    assert (known["predicted_outlet"] == known["outlet"]).mean() >= 0.8


def test_predict_outlets_with_too_few_known_says_unknown():
    docs = _corpus(3, seed=8).assign(outlet=pd.NA)
    docs.loc[0, "outlet"] = "wire"
    with pytest.warns(UserWarning, match="every prediction is 'unknown'"):
        out = predict_outlets(docs)
    assert (out["predicted_outlet"] == UNKNOWN).all() and out["probability"].isna().all()


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    from analysis.corpus import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(ROOT / "seeds")


def test_aggregator_cites_abc_and_ria(seeds):
    for method in ("lexicon", "attribution"):
        cites = cited_outlets(seeds, method=method)
        agg = cites[cites["doc_id"] == "001_bce2eb2f2481ebc2"]
        assert set(agg["cited"]) == {"ABC News", "RIA Novosti"}
        for r in agg.itertuples():
            assert seeds.text[1][r.start : r.end] == r.mention
    # The ABC article's own name (its outlet) is not a citation of itself.
    lex = cited_outlets(seeds, method="lexicon")
    assert not ((lex["doc_id"] == "002_1aabaaabc9a73ce0") & (lex["cited"] == "ABC News")).any()


def test_citation_chain_reaches_the_cited_outlets_articles(seeds):
    chain = citation_chain(seeds, method="lexicon")
    agg = chain[chain["doc_id"] == "001_bce2eb2f2481ebc2"].set_index("cited")
    assert agg.loc["ABC News", "cited_doc"] == "002_1aabaaabc9a73ce0"
    assert agg.loc["RIA Novosti", "cited_doc"] == "003_bd155f9025ef7ddc"
    assert (agg["cited_doc_outlet_from"] == "known").all()


def test_citation_chain_uses_predictions_and_keeps_uncovered_outlets():
    docs = pd.DataFrame(
        {
            "doc_id": ["p", "q", "r"],
            "title": ["", "", ""],
            "text": ["As Reuters and TASS reported, talks stalled.", "Body.", "Body."],
            "outlet": [pd.NA, pd.NA, "Reuters"],
        }
    )
    preds = pd.DataFrame(
        {
            "doc_id": ["p", "q", "r"],
            "outlet": [pd.NA, pd.NA, "Reuters"],
            "predicted_outlet": [UNKNOWN, "Reuters", "Reuters"],
            "probability": [0.2, 0.8, 0.9],
        }
    )
    chain = citation_chain(docs, predictions=preds, method="lexicon")
    reuters = chain[chain["cited"] == "Reuters"].sort_values("cited_doc")
    assert list(reuters["cited_doc"]) == ["q", "r"]
    assert list(reuters["cited_doc_outlet_from"]) == ["predicted", "known"]
    tass = chain[chain["cited"] == "TASS"]
    assert len(tass) == 1 and pd.isna(tass["cited_doc"].iloc[0])


def test_outlet_lexicon_resolves_aliases():
    lex = outlet_lexicon()
    assert lex.canonical("RIA") == "RIA Novosti"
    assert lex.canonical("abc news") == "ABC News"
    assert lex.canonical("The Daily Nothing") is None


@pytest.mark.slow
def test_polnear_dev_macro_f1_well_above_chance():
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip("../shared PolNeAR data not present")
    from analysis.evaluate.outlets import evaluate

    result = evaluate(POLNEAR / "dev")
    assert result["n"] == 84 and result["outlets"] == 7
    assert result["macro_f1"] >= 0.75  # measured 0.854; chance is 0.14
    assert 0.0 < result["coverage"] <= 1.0

"""Text reuse: copied passages are found with their share and direction; unrelated articles
share nothing beyond stock phrases."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.outlets import reuse as reuse_module
from analysis.outlets import shingles
from analysis.outlets.reuse import EARLIER_LATER, UNKNOWN, find_reuse, passages, reuse_matrix
from analysis.reports.outlets.charts import capped_note
from analysis.text import count_words

ROOT = Path(__file__).resolve().parents[1]

_WORDS = [
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
    "drought",
    "flood",
    "bridge",
    "railway",
    "airport",
    "port",
    "shipping",
    "oil",
    "gas",
    "coal",
    "wheat",
    "market",
    "shares",
    "investors",
    "currency",
    "inflation",
    "rates",
    "lender",
    "bonds",
    "debt",
    "reform",
    "protest",
]


def _article(rng: random.Random, n_par: int = 6, words: int = 40) -> str:
    """Prose-like text from a random draw of a small vocabulary: no 8-word run repeats."""
    pars = []
    for _ in range(n_par):
        toks = [rng.choice(_WORDS) for _ in range(words)]
        pars.append(" ".join(toks).capitalize() + ".")
    return "\n\n".join(pars)


COPIED = (
    "The deputy foreign minister said the new measures would be met with a practical and "
    "reciprocal response from Moscow, adding that previous waves of sanctions had never "
    "brought the result their initiators counted on."
)


@pytest.fixture
def pair() -> pd.DataFrame:
    rng = random.Random(7)
    a = _article(rng)
    a_pars = a.split("\n\n")
    a = "\n\n".join(a_pars[:2] + [COPIED] + a_pars[2:])
    b_pars = _article(rng).split("\n\n")
    # B reprints A's paragraph with its own quote marks and casing; position differs.
    b = "\n\n".join(b_pars[:4] + [COPIED.replace("Moscow", "MOSCOW")] + b_pars[4:])
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": [a, b, _article(rng)],
            "date": pd.to_datetime(["2017-07-01", "2017-07-03", "2017-07-02"]),
        }
    )


def test_inserted_paragraph_found_with_share_and_direction(pair):
    reuse = find_reuse(pair)
    assert len(reuse) == 1, reuse
    row = reuse.iloc[0]
    assert (row.source_doc, row.target_doc, row.direction) == ("a", "b", EARLIER_LATER)
    copied = count_words(COPIED)
    assert row.shared_words == copied
    assert row.share_of_target == pytest.approx(copied / count_words(pair.text[1]))
    assert row.share_of_source == pytest.approx(copied / count_words(pair.text[0]))
    assert row.passages == 1


def test_passage_offsets_slice_the_copied_text(pair):
    p = passages(pair, "a", "b")
    assert len(p) == 1
    r = p.iloc[0]
    assert pair.text[0][r.source_start : r.source_end] == COPIED.rstrip(".")
    assert pair.text[1][r.target_start : r.target_end] == COPIED.rstrip(".").replace("Moscow", "MOSCOW")
    assert r.source_text == pair.text[0][r.source_start : r.source_end]


def test_direction_follows_dates_and_is_unknown_without_them(pair):
    later_first = pair.assign(date=pd.to_datetime(["2017-08-01", "2017-07-03", "2017-07-02"]))
    row = find_reuse(later_first).iloc[0]
    assert (row.source_doc, row.target_doc, row.direction) == ("b", "a", EARLIER_LATER)
    undated = pair.assign(date=pd.NaT)
    row = find_reuse(undated).iloc[0]
    assert row.direction == UNKNOWN
    no_column = pair.drop(columns="date")
    assert find_reuse(no_column).iloc[0].direction == UNKNOWN


def test_small_edit_keeps_one_passage(pair):
    edited = COPIED.replace("practical and reciprocal", "practical, reciprocal")
    texts = list(pair.text)
    texts[1] = texts[1].replace(COPIED.replace("Moscow", "MOSCOW"), edited)
    reuse = find_reuse(pair.assign(text=texts))
    assert len(reuse) == 1 and reuse.iloc[0].passages == 1
    assert reuse.iloc[0].shared_words >= count_words(edited) - 1


def test_short_common_phrase_is_not_reuse():
    rng = random.Random(3)
    phrase = "the sovereignty and territorial integrity of Ukraine"  # 7 words, stock phrase
    docs = pd.DataFrame(
        {
            "doc_id": ["x", "y"],
            "text": [_article(rng) + " " + phrase + ".", phrase.capitalize() + " " + _article(rng)],
        }
    )
    assert find_reuse(docs).empty
    # ... but it is found when asked for short passages.
    assert len(find_reuse(docs, n=4, min_words=6)) == 1


def test_boilerplate_in_many_articles_is_ignored():
    rng = random.Random(5)
    boiler = (
        "Sign up for our newsletter to get the latest news on politics and world affairs "
        "delivered to your inbox every morning"
    )
    docs = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(8)], "text": [_article(rng) + "\n\n" + boiler for _ in range(8)]}
    )
    assert len(find_reuse(docs)) == 8 * 7 // 2
    assert find_reuse(docs, max_doc_freq=5).empty


def test_bad_rows_do_not_break_the_run(pair):
    docs = pd.concat(
        [
            pair,
            pd.DataFrame(
                {"doc_id": ["empty", "none", "short"], "text": ["", None, "Three words only"], "date": pd.NaT}
            ),
        ],
        ignore_index=True,
    )
    reuse = find_reuse(docs)
    assert list(reuse[["source_doc", "target_doc"]].itertuples(index=False, name=None)) == [("a", "b")]


def test_no_false_reuse_between_seed_articles():
    from analysis.corpus import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = load_corpus(ROOT / "seeds")
    assert len(docs) == 5
    assert find_reuse(docs).empty
    # Short shared runs exist (names, stock phrases): none reaches a sentence.
    phrases = find_reuse(docs, n=4, min_words=4)
    assert len(phrases) > 0
    assert phrases["shared_words"].max() <= 12
    assert phrases["share_of_target"].max() < 0.05


def test_reuse_matrix(pair):
    reuse = find_reuse(pair)
    mat = reuse_matrix(reuse, pair.doc_id)
    assert mat.shape == (3, 3)
    assert mat.loc["a", "b"] == pytest.approx(reuse.iloc[0].share_of_target)
    assert mat.loc["b", "a"] == 0.0 and mat.loc["a", "c"] == 0.0


def test_deterministic(pair):
    pd.testing.assert_frame_equal(find_reuse(pair), find_reuse(pair.copy()))


def test_reuse_matrix_top_keeps_the_most_reused(pair):
    reuse = find_reuse(pair)
    mat = reuse_matrix(reuse, pair.doc_id, top=2)
    assert list(mat.index) == ["a", "b"] and list(mat.columns) == ["a", "b"]


def test_copies_set_aside_are_never_in_a_pair(pair):
    """A copy (``duplicate_of`` set, or ``analysed`` False) pairs with nothing unless
    ``keep_duplicates``, and an article listed twice is compared once (issue 23)."""
    copy = pair.iloc[[0]].assign(doc_id="a-copy", duplicate_of="a")
    twice = pair.iloc[[1]]
    docs = pd.concat([pair.assign(duplicate_of=pd.NA), copy, twice], ignore_index=True)
    reuse = find_reuse(docs)
    ids = set(reuse["source_doc"]) | set(reuse["target_doc"])
    assert "a-copy" not in ids
    keys = [frozenset(p) for p in reuse[["source_doc", "target_doc"]].itertuples(index=False)]
    assert len(keys) == len(set(keys)) == 1
    kept = find_reuse(docs, keep_duplicates=True)
    assert {"a-copy"} <= set(kept["source_doc"]) | set(kept["target_doc"])
    flagged = pd.concat([pair, copy.drop(columns="duplicate_of")], ignore_index=True)
    flagged["analysed"] = flagged["doc_id"] != "a-copy"
    assert "a-copy" not in set(find_reuse(flagged)["target_doc"]) | set(find_reuse(flagged)["source_doc"])


def test_store_reuse_table_leaves_the_copies_out(pair):
    """The store's reuse table is made from the analysed articles, so a copy set aside by
    duplicate detection is in no pair and no pair is listed twice."""
    from analysis.corpus import analysed
    from analysis.store.corpus_tables import outlet_tables
    from analysis.store.studies import DEFAULTS

    copy = pair.iloc[[0]].assign(doc_id="a-copy", duplicate_of="a")
    docs = pd.concat([pair.assign(duplicate_of=pd.NA), copy], ignore_index=True)
    no_attributions = pd.DataFrame(columns=["doc_id", "speaker", "speaker_text", "speaker_kind"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = outlet_tables(analysed(docs), DEFAULTS["outlets"], no_attributions)
    reuse = tables["reuse"]
    assert "a-copy" not in set(reuse["source_doc"]) | set(reuse["target_doc"])
    assert list(reuse[["source_doc", "target_doc"]].itertuples(index=False, name=None)) == [("a", "b")]


def _wire_corpus(n: int = 12, seed: int = 11) -> pd.DataFrame:
    """Articles that each reprint random paragraphs of a pool of wire paragraphs: many pairs, of
    many sizes (a corpus of wire copies, where each article has several partners)."""
    rng = random.Random(seed)
    pool = [_article(rng, 1, 40) for _ in range(6)]
    texts = ["\n\n".join([_article(rng, 2, 30), *rng.sample(pool, rng.randint(1, 4))]) for _ in range(n)]
    return pd.DataFrame({"doc_id": [f"w{i:02d}" for i in range(n)], "text": texts})


def test_pairs_built_in_small_batches_are_the_pairs_built_at_once(monkeypatch):
    docs = _wire_corpus()
    whole = find_reuse(docs, top_per_article=None)
    assert len(whole) > 20  # many pairs, so small batches cut through them
    original = shingles.shared_pairs
    monkeypatch.setattr(
        "analysis.outlets.reuse.shared_pairs", lambda H, D, P, m: original(H, D, P, m, max_matches=7)
    )
    pd.testing.assert_frame_equal(find_reuse(docs, top_per_article=None), whole)


def test_each_article_keeps_its_largest_pairs_and_trimming_as_it_grows_changes_nothing(monkeypatch):
    docs = _wire_corpus()
    whole = find_reuse(docs, top_per_article=None)
    capped = find_reuse(docs, top_per_article=2)
    assert 0 < len(capped) < len(whole)
    assert len(capped) <= 2 * len(docs)  # each kept pair is among the top 2 of one of its articles
    for doc in docs["doc_id"]:  # every article's two largest pairs are kept
        mine = whole[(whole["source_doc"] == doc) | (whole["target_doc"] == doc)].head(2)
        key = ["source_doc", "target_doc"]
        assert len(mine.merge(capped[key], on=key)) == len(mine), doc
    monkeypatch.setattr(reuse_module, "TRIM_EVERY", 3)  # trim after every few pairs
    pd.testing.assert_frame_equal(find_reuse(docs, top_per_article=2), capped)


def test_the_report_says_when_the_cap_may_have_left_pairs_out():
    docs = _wire_corpus()
    capped = find_reuse(docs, top_per_article=2)
    assert "only the pairs among each article's 2 largest" in capped_note(capped, 2)
    assert capped_note(capped, 10**6) == "" and capped_note(capped, None) == ""

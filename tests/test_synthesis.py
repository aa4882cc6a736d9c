"""The join of the three studies (analysis.synthesis): one count per attribution, tone from the
sentiment study's sentences, topic from the stored model, honest shares and intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.reports import stats as intervals
from analysis.reports import synthesis
from analysis.reports.sources import views as attribution_views
from analysis.reports.synthesis import views
from analysis.reports.synthesis.prose import groups_sentence
from analysis.synthesis.join import ATTRIBUTION_COLUMNS


def attrs(rows):
    """Attribution rows in the columns the join reads (one list: the join's own)."""
    cols = ATTRIBUTION_COLUMNS
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


#  doc a: sentences [0,10) [10,20) [20,30); doc b: [0,15) [15,40)
SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "b", "b"],
        "sent_id": [0, 1, 2, 0, 1],
        "start": [0, 10, 20, 0, 15],
        "end": [10, 20, 30, 15, 40],
        "compound": [-0.8, 0.4, 0.2, 0.5, -0.1],
        "text": [
            "On sanctions, Lavrov.",
            "Nauert on trade.",
            "More on trade.",
            "Lavrov on sanctions.",
            "Other.",
        ],
    }
)
QUOTES = attrs(
    [
        ("a", 0, "direct", "part one", 2, 8, "said", "Lavrov", "Lavrov", "person", None, "RU", 0),
        (
            "a",
            0,
            "direct",
            "part two",
            12,
            18,
            "said",
            "Lavrov",
            "Lavrov",
            "person",
            None,
            "RU",
            1,
        ),  # same attr_id
        ("a", 1, "indirect", "spans two", 15, 25, "said", "Nauert", "Nauert", "person", None, "US", 1),
        ("b", 0, "mixed", "we respond", 3, 9, "warned", "Lavrov", "Lavrov", "person", None, "RU", 0),
        ("b", 1, "indirect", "Other.", 100, 120, "said", None, None, "person", None, None, 5),
    ]
)


def test_tone_is_the_mean_of_the_sentences_an_attribution_lies_in():
    tone = synthesis.quote_tone(QUOTES, SENTENCES).set_index(["doc_id", "attr_id"])
    assert tone.loc[("a", 0), "tone"] == pytest.approx((-0.8 + 0.4) / 2)  # two parts, one attribution
    assert tone.loc[("a", 0), "tone_sentences"] == 2
    assert tone.loc[("a", 1), "tone"] == pytest.approx((0.4 + 0.2) / 2)  # one part over two sentences
    assert tone.loc[("b", 0), "tone"] == pytest.approx(0.5)
    assert math.isnan(tone.loc[("b", 1), "tone"]) and tone.loc[("b", 1), "tone_sentences"] == 0
    # sentences given in any order give the same tones
    shuffled = synthesis.quote_tone(QUOTES, SENTENCES.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(shuffled.set_index(["doc_id", "attr_id"]), tone)


class FixedModel:
    """A stand-in topic model: topic 1 for sentences about sanctions, 0 otherwise, none for 'Other.'"""

    def unit_shares(self, texts):
        shares = [
            [0.2, 0.8] if "sanction" in t else [0.0, 0.0] if t == "Other." else [0.9, 0.1] for t in texts
        ]
        return np.array(shares), np.array([0 if t == "Other." else 3 for t in texts])


def test_one_row_per_attribution_with_topic_of_its_sentence():
    quotes = synthesis.quotes_table(QUOTES, SENTENCES, SENTENCES, FixedModel())
    assert len(quotes) == 4 == len(attribution_views.attribution_rows(QUOTES))
    first = quotes.iloc[0]
    assert first["content"] == "part one … part two" and first["topic"] == 1
    assert first["topic_weight"] == pytest.approx(0.8)
    assert quotes["topic"].tolist() == [1, 0, 1, -1]  # sent 5 of b is missing: its words ("Other.") stand in
    assert quotes.columns.tolist() == synthesis.QUOTE_COLUMNS


def test_wilson_interval_and_honest_share_text():
    assert intervals.wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    low, high = intervals.wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)
    assert all(math.isnan(v) for v in intervals.wilson(0, 0))
    assert intervals.share_text(2, 3, min_n=10) == "2 of 3"
    assert intervals.share_text(12, 40, min_n=10) == "12 of 40 (30%; 18%–45%)"
    mean, lo, hi = intervals.mean_interval([0.1, 0.3, 0.5])
    assert mean == pytest.approx(0.3) and lo < 0.3 < hi
    assert intervals.mean_text(pd.Series([0.5]), min_n=5) == "+0.50, n = 1"
    assert intervals.mean_text(pd.Series([np.nan]), min_n=5) == "no score"


def test_views_count_like_the_sources_report_and_pool_small_outlets():
    quotes = synthesis.quotes_table(QUOTES, SENTENCES, SENTENCES, FixedModel())
    labels = {0: "0: trade", 1: "1: sanctions"}
    profiles = views.speaker_profiles(quotes, labels).set_index("speaker")
    counts = attribution_views.speaker_counts(QUOTES).set_index("speaker")
    assert (
        profiles["attributions"].to_dict() == counts["attributions"].to_dict() == {"Lavrov": 2, "Nauert": 1}
    )
    assert profiles.loc["Lavrov", "topics"] == "1: sanctions (2)"
    voices = views.topic_voices(quotes, labels, min_n=10).set_index("topic")
    assert voices["attributions"].sum() == len(quotes)  # the "no topic" row keeps the total
    assert voices.loc["1: sanctions", "RU"] == "2 of 2"
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["TASS", None, "TASS"]})
    balance = views.outlet_balance(quotes, docs, min_articles=2, min_n=1).set_index("outlet")
    assert balance["attributions"].sum() == len(quotes)
    assert balance.loc["TASS", "articles"] == 2 and bool(balance.loc["TASS", "comparable"])
    assert not balance.loc["(not stated)", "comparable"]
    pooled = views.outlet_balance(quotes, docs, min_articles=3, min_n=1)
    assert set(pooled["outlet"]) == {"other outlets (each < 3 articles)", "(not stated)"}
    assert not pooled["comparable"].any()
    long = views.outlet_sides(quotes, docs, min_articles=2, min_n=1)
    assert set(long["outlet"]) == {"TASS"} and long["label"].iat[0] == "TASS (n = 2 attributions, 2 articles)"


def test_side_shares_carry_n_and_intervals():
    quotes = synthesis.quotes_table(QUOTES, SENTENCES, SENTENCES, FixedModel())
    long = views.topic_sides(quotes, {0: "0: trade", 1: "1: sanctions"})
    row = long[(long["topic"] == "1: sanctions") & (long["side"] == "RU")].iloc[0]
    assert (row["attributions"], row["n"], row["share"]) == (2, 2, 1.0)
    assert row["label"] == "1: sanctions (n = 2)" and row["low"] < 1.0 == row["high"]


def test_speaker_tone_only_with_enough_scored_attributions():
    quotes = synthesis.quotes_table(QUOTES, SENTENCES, SENTENCES, FixedModel())
    assert views.speaker_tone(quotes, min_n=3).empty
    tone = views.speaker_tone(quotes, min_n=2)
    assert tone["speaker"].tolist() == ["Lavrov"] and tone["n"].iat[0] == 2


def test_prose_is_hedged_by_n():
    quotes = synthesis.quotes_table(QUOTES, SENTENCES, SENTENCES, FixedModel())
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["TASS", None]})
    balance = views.outlet_balance(quotes, docs, min_articles=5, min_n=10)
    assert "no comparison between outlets is possible" in synthesis.prose.outlets_sentence(balance, 5, 10)
    voices = views.topic_voices(quotes, {1: "1: *sanctions*"}, min_n=10)
    sentence = synthesis.prose.topics_sentence(voices, 10)
    assert "not a comparison" in sentence and r"\*sanctions\*" in sentence


# --- the seeds, through the store -------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_store(seeds_dir):
    from analysis.store import open_or_build

    return open_or_build(None, seeds_dir)


def test_seeds_synthesis_reads_the_store_and_counts_like_attribution(seeds_store):
    table = seeds_store.table("attributions")
    quotes = synthesis.quotes_table(
        seeds_store.table("attributions", columns=synthesis.ATTRIBUTION_COLUMNS),
        seeds_store.table("sentiment_sentences", columns=synthesis.TONE_COLUMNS),
        seeds_store.table("sentences", columns=["doc_id", "sent_id", "text"]),
        seeds_store.topic_model(),
    )
    assert len(quotes) == table.drop_duplicates(["doc_id", "attr_id"]).shape[0] < len(table) + 1
    assert {"RU", "US"} <= set(quotes["side"])
    assert (quotes["topic"] >= 0).mean() > 0.9 and quotes["tone"].notna().all()
    labels = synthesis.topic_labels(seeds_store.table("topic_quality"))
    profiles = views.speaker_profiles(quotes, labels).set_index("speaker")["attributions"]
    counts = attribution_views.speaker_counts(table, top=10**6).set_index("speaker")["attributions"]
    assert profiles.to_dict() == counts.to_dict()
    assert profiles.loc["Sergei Lavrov"] >= 3


def test_many_sides_are_pooled_into_one_column():
    from analysis.reports.synthesis.views import OTHER_SIDES, pooled_sides

    side = pd.Series(["US"] * 5 + ["RU"] * 4 + ["FR", "DE", "UK", "CN", "JP", "JP"])
    assert pooled_sides(side, max_sides=8).equals(side)  # 7 sides: kept
    pooled = pooled_sides(side, max_sides=3)
    assert pooled.value_counts().to_dict() == {"US": 5, "RU": 4, OTHER_SIDES: 6}  # every row kept


def test_the_reports_say_which_group_scheme_and_how_much_is_unknown():
    groups = pd.DataFrame(
        {
            "scheme": ["party"] * 3,
            "group": ["Labour", "unknown", "Conservative"],
            "n_actors": [10, 30, 20],
            "n_mentions": [90, 40, 60],
        }
    )
    text = groups_sentence(groups, pd.Series(["Labour", "unknown", None, "Conservative"]))
    assert text.startswith("Groups are parties"), text
    assert "Labour, Conservative" in text and "30 of 60 people and organisations (50%)" in text, text
    assert "2 of 4 attributions (50%)" in text, text  # a missing side is unknown too
    story = groups_sentence(groups.assign(scheme="story"))
    assert "story file" in story and "attributions" not in story, story

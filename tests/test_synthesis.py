"""The join of the three studies: topics, tone and sides of quotes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import synthesis


def attrs(rows):
    cols = ["doc_id", "attr_id", "type", "speaker", "speaker_kind", "side", "cue", "content", "sent_id"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


QUOTES = attrs([
    ("a", 0, "direct", "Lavrov", "person", "RU", "said", "This is a terrible, illegal and hostile act.", 0),
    ("a", 1, "indirect", "Nauert", "person", "US", "said", "we welcome the wonderful progress", 1),
    ("b", 0, "direct", "Lavrov", "person", "RU", "warned", "We will respond.", 0),
    ("b", 1, "mixed", None, "person", None, "said", "something", 0),
])


def test_quote_tone_scores_the_quoted_words_only():
    tone = synthesis.quote_tone(QUOTES)
    assert tone.iloc[0] < -0.5 and tone.iloc[1] > 0.5
    assert tone.index.equals(QUOTES.index)


class FixedModel:
    """A stand-in topic model: topic 1 for sentences about sanctions, else topic 0."""

    def transform(self, frame):
        return np.array([[0.2, 0.8] if "sanction" in t else [0.9, 0.1] for t in frame["text"]])


def test_quote_topics_use_the_quote_sentence():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0],
                              "text": ["On sanctions, Lavrov spoke.", "Nauert spoke on trade.", "Lavrov on sanctions."]})
    topics = synthesis.quote_topics(FixedModel(), QUOTES, sentences)
    assert topics["topic"].tolist() == [1, 0, 1, 1]
    assert topics["topic_weight"].iloc[0] == pytest.approx(0.8)


def test_tables_join_sides_outlets_and_speakers():
    quotes = QUOTES.assign(tone=[-0.8, 0.6, 0.0, 0.1], topic=[1, 0, 1, 1], topic_weight=0.8)
    voices = synthesis.topic_voices(quotes, {0: "trade", 1: "sanctions"}).set_index("label")
    assert voices.loc["sanctions", "quotes"] == 3
    assert voices.loc["sanctions", "share_RU"] == pytest.approx(2 / 3, abs=1e-3)
    assert "Lavrov (2)" in voices.loc["sanctions", "top_speakers"]
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["TASS", None]})
    balance = synthesis.side_balance(quotes, docs)
    tass = balance[balance["outlet"] == "TASS"].set_index("side")
    assert tass.loc["RU", "share"] == 0.5 and tass.loc["US", "tone"] == 0.6
    assert set(balance[balance["outlet"] == "(unknown)"]["side"]) == {"RU", "unknown"}
    profiles = synthesis.speaker_profiles(quotes, {1: "sanctions"}).set_index("speaker")
    assert profiles.loc["Lavrov", "quotes"] == 2 and profiles.loc["Lavrov", "side"] == "RU"
    assert profiles.loc["Lavrov", "direct"] == 1.0 and profiles.loc["Lavrov", "articles"] == 2
    assert profiles.loc["Lavrov", "topics"] == "sanctions (2)"


def test_seeds_synthesis_has_both_sides(seed_docs):
    from analysis import attribution, text, topics

    sentences = text.sentences(seed_docs)
    model = topics.TopicModel(seed=0).fit(seed_docs)
    quotes = synthesis.quotes_table(attribution.extract(seed_docs), sentences, model)
    assert len(quotes) >= 20
    assert {"RU", "US"} <= set(quotes["side"])
    profiles = synthesis.speaker_profiles(quotes, dict(enumerate(model.labels_))).set_index("speaker")
    assert profiles.loc["Sergei Lavrov", "side"] == "RU"
    assert profiles.loc["Heather Nauert", "side"] == "US"
    assert (quotes["topic"] >= 0).mean() > 0.9

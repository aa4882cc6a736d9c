"""Named entities of the text layer: the shipped tagger, the spaCy backend, the entities table."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis.text import entity_spacy, split_sentences
from analysis.text.entities import BACKENDS, ENTITY_COLUMNS, KINDS, entities, find_entities
from analysis.text.entity_tagger import Article

HAS_SPACY = importlib.util.find_spec("spacy") is not None and any(
    importlib.util.find_spec(p) is not None for p in entity_spacy.PIPELINES
)


def found(text: str, backend: str = "tagger") -> set[tuple[str, str]]:
    return {(text[s:e], k) for s, e, k in find_entities(text, backend=backend)}


# --- the cases capitalisation rules get wrong (issue 13) ---------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "tagger",
        pytest.param(
            "spacy", marks=pytest.mark.skipif(not HAS_SPACY, reason="spaCy or en_core_web_sm not installed")
        ),
    ],
)
def test_people_and_places_where_rules_fail(backend):
    got = found("Sen. John McCain of Arizona stated that the bill failed.", backend)
    assert ("John McCain", "person") in got and ("Arizona", "place") in got
    assert not {x for x in got if x[1] == "person"} - {("John McCain", "person")}
    got = found("Rep. Susan Collins (R-Maine) said the vote was close.", backend)
    assert {x for x in got if x[1] == "person"} == {("Susan Collins", "person")}
    got = found("This Act may be cited as the Clean Water Act. In March, But and Each were words.", backend)
    assert not {x for x in got if x[1] == "person"}
    got = found("But Vice President Joe Biden said Hillary Rodham Clinton and Bill Clinton had met.", backend)
    assert {x for x in got if x[1] == "person"} == {
        ("Joe Biden", "person"),
        ("Hillary Rodham Clinton", "person"),
        ("Bill Clinton", "person"),
    }


def test_kinds_offsets_and_possessives():
    text = "In a statement, the Kremlin said Russian Foreign Minister Sergei Lavrov's trip to London was off."
    ents = find_entities(text)
    assert all(k in KINDS for _, _, k in ents)
    got = {(text[s:e], k) for s, e, k in ents}
    assert ("Kremlin", "organisation") in got  # no leading "the"
    assert ("Russian", "nationality") in got
    assert ("Sergei Lavrov", "person") in got  # no trailing "'s"
    assert ("London", "place") in got
    assert ents == sorted(ents)


def test_segments_are_capitalised_stretches_within_a_sentence():
    text = "He met the Bank of England chief. Marks & Spencer rose. Then Paris."
    art = Article(text, split_sentences(text))
    assert [" ".join(s.words) for s in art.segments] == [
        "He",
        "Bank of England",
        "Marks & Spencer",
        "Then Paris",
    ]
    assert [s.first for s in art.segments] == [True, False, True, True]
    bank = art.segments[1]
    assert bank.before == ["met", "the"] and bank.after == ["chief", "."]
    assert [text[a:b] for a, b in bank.spans] == ["Bank", "of", "England"]


def test_the_entities_table():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": [
                "Angela Merkel met Emmanuel Macron in Berlin.\n\nLater, Merkel flew to Brussels.",
                "",
                "The Labour Party and the BBC.",
            ],
        }
    )
    table = entities(docs)
    assert list(table.columns) == ENTITY_COLUMNS
    text_of = dict(zip(docs["doc_id"], docs["text"]))
    for d, s, e, t in zip(table["doc_id"], table["start"], table["end"], table["text"]):
        assert text_of[d][s:e] == t
    a = table[table["doc_id"] == "a"]
    assert set(a["text"]) >= {"Angela Merkel", "Emmanuel Macron", "Berlin", "Brussels"}
    assert a.set_index("text").at["Brussels", "sent_id"] == 1
    assert "b" not in set(table["doc_id"])
    pd.testing.assert_frame_equal(table, entities(docs))  # deterministic


def test_unknown_backend_and_missing_spacy(monkeypatch):
    assert BACKENDS == ("tagger", "spacy")
    with pytest.raises(ValueError, match="backend"):
        find_entities("Paris", backend="rules")
    entity_spacy.load_spacy.cache_clear()
    monkeypatch.setattr(entity_spacy, "PIPELINES", ("no_such_pipeline_xyz",))
    try:
        with pytest.raises(entity_spacy.SpacyMissing, match="pip install"):
            entity_spacy.load_spacy()
    finally:
        entity_spacy.load_spacy.cache_clear()

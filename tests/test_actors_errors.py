"""Issue 21's actor error kinds, each on made-up text: generational suffixes and initials keep
people apart, a first name joins the one full name of its article, nationality and religion
words are descriptors, platforms are organisations, datelines and credit lines are no mentions,
and one group scheme per corpus with unknowns filled from appositives."""

from __future__ import annotations

import pandas as pd

from analysis import actors
from tests.test_actors import corpus, row


def plain(*texts: str) -> actors.Actors:
    """The actors of plain articles, recognised by the shipped tagger (the path users get)."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    return actors.resolve(actors.find_mentions(docs))


def test_a_generational_suffix_keeps_father_and_son_apart():
    a = corpus("[Tom Vell Jr|p] spoke after his father [Tom Vell|p] did. [Vell|p] left early.")
    assert row(a, "Tom Vell")["n_mentions"] == 2  # the bare surname is the one without "Jr"
    assert row(a, "Tom Vell Jr")["n_mentions"] == 1


def test_middle_initials_keep_two_people_apart_only_when_the_corpus_writes_two():
    a = corpus("[George H.W. Brack|p] and his son [George W. Brack|p] met. [George HW Brack|p] smiled.")
    assert set(row(a, "George HW Brack")["aliases"].split("; ")) == {"George H.W. Brack", "George HW Brack"}
    assert row(a, "George W. Brack")["n_mentions"] == 1
    b = corpus("[Ann J. Oduya|p] spoke.", "[Ann Oduya|p] left.")
    assert row(b, "Ann Oduya")["n_mentions"] == 2  # one initial, one person


def test_a_first_name_alone_joins_the_full_name_of_its_article():
    a = corpus("[Marta Vell|p] spoke. Later [Marta|p] left.")
    assert row(a, "Marta Vell")["n_mentions"] == 2


def test_nationality_and_religion_words_are_descriptors_not_actors():
    a = plain("Muslim leaders and Islamic groups met Tom Brack in Leeds. Muslims in Leeds voted on Monday.")
    assert not {"Muslim", "Muslims", "Islamic"} & set(a.table["actor"]), list(a.table["actor"])


def test_a_platform_is_an_organisation():
    a = plain("Tom Brack posted on Twitter that he agreed. Later Twitter said it would act on the post.")
    assert row(a, "Twitter")["kind"] == "organisation"


def test_a_dateline_or_credit_line_is_no_mention():
    a = plain("LEEDS (Harbour Wire) -- Tom Brack said the port would close.\n(Vell Daily) - Ann Vole agreed.")
    assert not {"Harbour Wire", "Vell Daily"} & set(a.table["actor"]), list(a.table["actor"])
    assert {"Tom Brack", "Ann Vole"} <= set(a.table["actor"])


def test_one_group_scheme_per_corpus_and_an_appositive_fills_a_group():
    a = plain(
        "Sen. Bob Vorker, a Tennessee Republican, said no. Democrat Ann Vole agreed with "
        "Rep. Jim Oduya (R-Ohio). Tom Brack, a Democrat, spoke later."
    )
    assert a.dimension == "party"
    groups = dict(zip(a.table["actor"], a.table["group"]))
    assert groups["Bob Vorker"] == "Republican" and groups["Tom Brack"] == "Democrat", groups
    assert not {"US", "RU"} & set(groups.values()), groups  # no country in a party column


def test_a_party_corpus_never_puts_a_country_in_the_group_column():
    a = plain(
        "Sen. Bob Vorker, a Tennessee Republican, said no. Democrat Ann Vole agreed with "
        "Rep. Jim Oduya (R-Ohio). Tom Brack, a Democrat, spoke later. Chinese President Li Weng "
        "said the talks would go on. Ruth Kell, a Democrat, and Sen. Dan Moe (R-Utah) met.",
    )
    assert a.dimension == "party"
    table = a.table.set_index("actor")
    assert table.loc["Li Weng", "country"] == "CN", table.loc["Li Weng"]  # where he is from: kept
    assert table.loc["Li Weng", "group"] == actors.UNKNOWN  # but no party: not a group of this scheme
    assert set(table["group"]) <= {"Republican", "Democrat", actors.UNKNOWN}, set(table["group"])


def test_the_group_scheme_table_names_the_scheme_and_counts_each_group():
    a = plain(
        "Labour leader Ann Vole spoke. Tory MP Bob Vorker replied. Labour's Jim Oduya agreed. Ed Marr, a Conservative, said no."
    )
    groups = actors.group_scheme(a)
    assert list(groups.columns) == ["scheme", "group", "n_actors", "n_mentions"]
    assert set(groups["scheme"]) == {a.dimension}
    speakers = a.table[a.table["kind"].isin(["person", "organisation"])]
    assert groups["n_actors"].sum() == len(speakers)  # each person or organisation in one group
    assert groups["n_mentions"].sum() == speakers["n_mentions"].sum()
    assert dict(zip(groups["group"], groups["n_actors"])) == speakers["group"].value_counts().to_dict()

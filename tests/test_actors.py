"""Actors found in the corpus itself: aliases merged, roles stripped, groups inferred or stated.

Most tests mark the entities by hand ("[Hillary Clinton|p]") so they test merging and groups,
not the recogniser; a few run the whole study on plain text with the shipped tagger.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import actors
from analysis.actors import Actors, load_story, resolve
from analysis.actors.mentions import MENTION_COLUMNS, describe_article
from analysis.actors.names import acronym, org_key, parse_person
from analysis.text import split_sentences

KINDS = {"p": "person", "o": "organisation", "g": "place", "n": "nationality"}
MARK = re.compile(r"\[([^\]|]+)\|([pogn])\]")


def marked(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and entity spans from "[Name|p]" marks."""
    out, ents, pos = [], [], 0
    last = 0
    for m in MARK.finditer(text):
        out.append(text[last : m.start()])
        pos += m.start() - last
        ents.append((pos, pos + len(m.group(1)), KINDS[m.group(2)]))
        out.append(m.group(1))
        pos += len(m.group(1))
        last = m.end()
    out.append(text[last:])
    return "".join(out), ents


def corpus(*articles: str, story=None) -> Actors:
    rows = []
    for i, a in enumerate(articles):
        text, ents = marked(a)
        rows += describe_article(f"d{i}", text, split_sentences(text), ents)
    return resolve(pd.DataFrame(rows, columns=MENTION_COLUMNS), story=story)


def row(a: Actors, actor: str) -> pd.Series:
    hit = a.table[a.table["actor"] == actor]
    assert len(hit) == 1, f"{actor!r} not one actor in {list(a.table['actor'])}"
    return hit.iloc[0]


# --- names ----------------------------------------------------------------------------------


def test_person_names_lose_titles_and_possessives():
    p = parse_person("Vice President Joe Biden's")
    assert (p.name, p.title, p.first, p.last) == ("Joe Biden", "Vice President", "joe", "biden")
    assert parse_person("Mrs. Clinton").gender == "f"
    assert parse_person("Bill de Blasio").last == "de blasio"
    assert parse_person("Martin Luther King Jr.").key == ("martin", "king")


def test_organisation_keys_and_acronyms():
    assert org_key("the U.S. State Department's") == "us state department"
    assert org_key("Labour Party") == org_key("Labour") == "labour"
    assert acronym("Federal Bureau of Investigation") == "FBI"
    assert acronym("Hamas") == ""


# --- merging --------------------------------------------------------------------------------

CAMPAIGN = (
    "[Hillary Rodham Clinton|p] spoke in [Ohio|g]. [Mrs. Clinton|p] said the plan works, and "
    "[Hillary Clinton|p] repeated it. [Clinton|p] added that [Bill Clinton|p] would campaign too. "
    "[Clinton|p] smiled.",
    "[Hillary Clinton|p] met [President Obama|p]. [Obama|p] praised [Clinton|p].",
    "[Barack Obama|p] said [Obama|p] had no plans.",
    "[Bill Clinton|p] spoke. [Clinton|p] was cheered.",
)


def test_aliases_of_one_person_merge_and_two_people_of_one_surname_stay_two():
    a = corpus(*CAMPAIGN)
    hillary = row(a, "Hillary Clinton")
    assert {"Hillary Rodham Clinton", "Hillary Clinton", "Clinton"} <= set(hillary["aliases"].split("; "))
    assert hillary["n_articles"] == 2
    bill = row(a, "Bill Clinton")
    assert bill["n_mentions"] == 3 and bill["n_articles"] == 2  # his own article's "Clinton" is his
    obama = row(a, "Barack Obama")
    assert obama["n_mentions"] == 4 and "President" in obama["role"]


def test_a_bare_surname_two_people_fit_equally_stays_ambiguous():
    a = corpus(
        "[Jane Smith|p] said no.",
        "[John Smith|p] said yes.",
        "[Smith|p] said maybe.",
        "[Ann Brown|p] met [Bob Brown|p]. [Brown|p] left.",
    )
    amb = row(a, "Smith")
    assert bool(amb["ambiguous"]) and amb["group"] == "unknown"
    assert row(a, "Jane Smith")["n_mentions"] == 1 and row(a, "John Smith")["n_mentions"] == 1
    assert bool(row(a, "Brown")["ambiguous"])


def test_a_bare_surname_goes_to_the_one_person_the_corpus_names():
    a = corpus("[Angela Merkel|p] arrived.", "[Merkel|p] left early.")
    assert row(a, "Angela Merkel")["n_mentions"] == 2


def test_an_honorific_picks_between_two_people_in_one_article():
    a = corpus(
        "[Hillary Clinton|p] and [Bill Clinton|p] arrived. [Mr. Clinton|p] spoke first, "
        "then [Mrs. Clinton|p] answered."
    )
    assert row(a, "Bill Clinton")["n_mentions"] == 2
    assert row(a, "Hillary Clinton")["n_mentions"] == 2


def test_acronyms_and_country_names_merge():
    a = corpus(
        "The [National Rifle Association|o] ([NRA|o]) met. The [NRA|o] agreed.",
        "[Britain|g] and the [UK|g] and [British|n] officials; the [U.S.|g] and [America|g].",
        "The [Federal Bureau of Investigation|o] and the [FBI|o]; the [Tories|n] and [Conservatives|n].",
    )
    assert set(row(a, "NRA")["aliases"].split("; ")) == {"NRA", "National Rifle Association"}
    assert row(a, "FBI")["n_mentions"] == 2
    assert row(a, "Conservative Party")["n_mentions"] == 2
    assert row(a, "United Kingdom")["n_mentions"] == 3
    assert row(a, "United States")["group"] == "US"


# --- roles ----------------------------------------------------------------------------------


def test_roles_are_stripped_generically():
    a = corpus(
        "[Sen. John McCain|p] of [Arizona|g] stated that the bill failed. "
        "[Rep. Susan Collins|p] (R-Maine) said it was close. "
        "[Vice President Joe Biden|p] said so, and spokeswoman [Jane Roe|p] agreed. "
        "On Monday, [German|n] Chancellor [Angela Merkel|p] spoke."
    )
    assert row(a, "John McCain")["role"] == "Sen."
    assert row(a, "Susan Collins")["role"] == "Rep. (R-Maine)"
    assert row(a, "Joe Biden")["role"] == "Vice President"
    assert row(a, "Jane Roe")["role"] == "spokeswoman"
    assert row(a, "Angela Merkel")["role"] == "German Chancellor"


def test_appositive_and_comma_roles():
    a = corpus(
        "[Jane Roe|p], a [State Department|o] spokeswoman, said no. "
        "[Russia|g]'s foreign minister, [Ivan Petrov|p], disagreed."
    )
    assert row(a, "Jane Roe")["role"] == "State Department spokeswoman"
    assert row(a, "Ivan Petrov")["role"] == "Russia's foreign minister"


def test_sentence_openers_and_coordinated_names_are_no_roles():
    a = corpus("[Larry King|p] and [Ed Schultz|p] talked. Yesterday [Tom Jones|p] sang.")
    assert row(a, "Ed Schultz")["role"] == ""
    assert row(a, "Tom Jones")["role"] == ""


# --- groups ---------------------------------------------------------------------------------

RU_US = (
    "[Russian|n] Foreign Minister [Ivan Petrov|p] met [US|g] Secretary of State [John Doe|p] in "
    "[Manila|g]. [Kremlin|o] spokesman [Oleg Orlov|p] said [Moscow|g] would respond. "
    "[Petrov|p]'s deputy [Pavel Sidorov|p] agreed.",
    "[US|g] President [Mark Green|p] signed the bill. [Green|p]'s spokeswoman [Amy White|p] said "
    "the [White House|o] was ready. [Doe|p] flew to [Moscow|g] with former [US|g] ambassador to "
    "[NATO|g] [Karl Weber|p].",
    "The [Russian|n] deputy foreign minister cancelled the talks. Deputy Foreign Minister "
    "[Sergei Volkov|p] said the [US|g] was to blame.",
)


def test_country_groups_come_from_the_text():
    a = corpus(*RU_US)
    assert a.dimension == "country"
    want = {
        "Ivan Petrov": "RU",
        "John Doe": "US",
        "Oleg Orlov": "RU",
        "Mark Green": "US",
        "Amy White": "US",
        "Karl Weber": "US",
        "Pavel Sidorov": "RU",
        "Sergei Volkov": "RU",
        "Kremlin": "RU",
        "White House": "US",
        "Moscow": "RU",
        "Russia": "RU",
    }
    got = {k: row(a, k)["group"] for k in want}
    assert got == want


UK = (
    "[Labour|o] leader [Tony Blair|p] spoke. On Monday, Chancellor [Gordon Brown|p] agreed, "
    "[Tory|n] leader [Michael Howard|p] said. [Liberal Democrat|n] leader [Charles Kennedy|p] said no.",
    "[Conservative|n] MP [Jane Doe|p] and [Labour|o] MP [John Roe|p] met [Blair|p]. "
    "On Monday, Shadow Minister [Oliver Letwin|p], a [Conservative|n], objected.",
    "[Labour|o]'s [Alan Milburn|p] and [Tory|n] MP [Ann Widdecombe|p] debated. [Brown|p] left.",
)


def test_party_groups_in_a_domestic_corpus():
    a = corpus(*UK)
    assert a.dimension == "party"
    want = {
        "Tony Blair": "Labour",
        "Michael Howard": "Conservative",
        "Charles Kennedy": "Liberal Democrat",
        "Jane Doe": "Conservative",
        "John Roe": "Labour",
        "Alan Milburn": "Labour",
        "Ann Widdecombe": "Conservative",
        "Labour Party": "Labour",
        "Conservative Party": "Conservative",
    }
    assert {k: row(a, k)["group"] for k in want} == want
    assert row(a, "Gordon Brown")["group"] == "unknown"  # the text never says his party
    b = corpus("Former [European|n] commissioner and former [Labour|o] minister [Jane Doe|p] spoke.")
    assert row(b, "Labour Party")["role"] == "" and row(b, "Jane Doe")["party"] == "Labour"


def test_party_state_tags_place_us_politicians():
    a = corpus(
        "[Rep. Susan Collins|p] (R-Maine) and [Sen. Tim Kaine|p] (D-Va.) spoke, as did "
        "[Republican|n] [Sen. Ted Cruz|p] and [Democratic|n] Sen. [Bernie Sanders|p].",
        "[Collins|p] and [Cruz|p] disagreed with [Kaine|p], [Democrat|n] [Nancy Pelosi|p] and "
        "[Republican|n] Speaker [Paul Ryan|p].",
    )
    assert a.dimension == "party"
    assert [row(a, n)["group"] for n in ("Susan Collins", "Ted Cruz", "Paul Ryan")] == ["Republican"] * 3
    assert [row(a, n)["group"] for n in ("Tim Kaine", "Bernie Sanders", "Nancy Pelosi")] == ["Democrat"] * 3


def test_a_story_file_overrides_inference(tmp_path: Path):
    path = tmp_path / "story.yaml"
    path.write_text(
        "groups:\n"
        "  Government: {words: [minister], members: [Gordon Brown]}\n"
        "  Opposition: {words: [shadow]}\n"
        "actors:\n"
        "  - {name: Tony Blair, aliases: [Mr Blair, the PM], group: Government}\n",
        "utf-8",
    )
    story = load_story(path)
    a = corpus(*UK, story=story)
    assert row(a, "Tony Blair")["group"] == "Government"
    assert row(a, "Gordon Brown")["group"] == "Government"
    assert row(a, "Oliver Letwin")["group"] == "Opposition"
    assert row(a, "Charles Kennedy")["group"] == "unknown"  # the story does not place him
    with pytest.raises(ValueError, match="no 'name'"):
        bad = tmp_path / "bad.yaml"
        bad.write_text("actors:\n  - {aliases: [x]}\n", "utf-8")
        load_story(bad)


# --- look-ups for attribution and sentiment -----------------------------------------------


def test_lookups_answer_what_attribution_and_sentiment_ask():
    a = corpus(*RU_US, *CAMPAIGN)
    assert a.lookup("Kremlin") == "Kremlin"
    assert a.lookup("Mrs. Clinton's") == "Hillary Clinton"
    assert a.lookup("Clinton", doc_id="d6") == "Bill Clinton"
    assert a.group_of("Petrov") == "RU"
    assert a.group_of("Nobody Known") == "unknown"
    assert a.group_of_words("Kremlin spokesman") == "RU"
    assert a.group_of_words("a local teacher") == "unknown"
    m = a.mentions
    first = m[m["actor"] == "Ivan Petrov"].iloc[0]
    assert a.actor_at(first["doc_id"], int(first["start"]), int(first["end"])) == "Ivan Petrov"
    top = a.top(5)
    assert top[0] == "Hillary Clinton" and len(top) == 5
    targets = a.target_mentions(5)
    assert set(targets["actor"]) <= set(top) and {"doc_id", "sent_id", "start", "end"} <= set(targets.columns)


# --- the whole study on plain text ------------------------------------------------------------


def test_extract_on_plain_text_with_the_shipped_tagger():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": [
                "Russian Foreign Minister Sergei Ivanov said on Monday that the Kremlin would respond. "
                "Ivanov spoke in Moscow.",
                "US Secretary of State Mary Jones told reporters in Washington that Sergei Ivanov was wrong. "
                "Jones said the State Department would act, and Ivanov was told.",
            ],
        }
    )
    out = actors.extract(docs)
    m, t = out["mentions"], out["actors"]
    assert list(m.columns) == actors.MENTIONS and list(t.columns) == actors.ACTORS
    for d, s, e, text in zip(m["doc_id"], m["start"], m["end"], m["text"]):
        assert docs.set_index("doc_id").at[d, "text"][s:e] == text
    groups = dict(zip(t["actor"], t["group"]))
    assert groups.get("Sergei Ivanov") == "RU" and groups.get("Mary Jones") == "US"
    ivanov = t.set_index("actor").loc["Sergei Ivanov"]
    assert ivanov["n_mentions"] == 4 and ivanov["n_articles"] == 2
    assert t.set_index("actor").at["Mary Jones", "n_mentions"] == 2
    again = actors.extract(docs)
    pd.testing.assert_frame_equal(out["actors"], again["actors"])


#: The people of the five seed articles (and the seed's misspelling): no default may list them.
SEED_CAST = re.compile(
    r"Klintsevich|Rybakov|Ryabkov|Nauert|Nuland|Peskov|Tillerson|Lavrov|Volker|"
    r"Vladimir Putin|Donald Trump|Mike Pence|Tom Shannon",
    re.I,
)


def test_no_seed_cast_in_the_defaults():
    """The text layer, the lexicons and the actors study ship no story's cast: the default
    gazetteer holds countries only, and no file of theirs names the seeds' people."""
    from analysis.lexicons import default_gazetteer

    gaz = default_gazetteer()
    assert set(gaz.aliases["kind"]) == {"country"}
    assert gaz.lookup("Russian")["actor"] == "Russia" and gaz.lookup("Britain")["side"] == "UK"
    assert gaz.side_of("Russian Foreign Ministry spokeswoman") == "RU"
    assert gaz.side_of("Republican senator from Maine") == "US"
    assert gaz.side_of("US ambassador to Russia") == "US"
    assert gaz.side_of("a spokeswoman") == "unknown"
    package = Path(actors.__file__).resolve().parents[1]
    hits = [
        str(p.relative_to(package))
        for d in ("actors", "lexicons", "text")
        for p in (package / d).rglob("*")
        if p.suffix in {".py", ".yaml", ".yml", ".txt", ".tsv", ".md"}
        and SEED_CAST.search(p.read_text("utf-8", "replace"))
    ]
    assert not hits, f"the seeds' cast is in {hits}"


# --- the seeds, the command line --------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seed_actors() -> Actors:
    from analysis.corpus import load_corpus

    return actors.build(load_corpus(SEEDS, progress=False))


@pytest.mark.parametrize(
    "actor, group",
    [
        ("Sergei Lavrov", "RU"),
        ("Vladimir Putin", "RU"),
        ("Kremlin", "RU"),
        ("Frants Klintsevich", "RU"),
        ("Donald Trump", "US"),
        ("Rex Tillerson", "US"),
        ("State Department", "US"),
        ("Heather Nauert", "US"),
    ],
)
def test_the_seeds_russia_us_split_comes_from_inference(seed_actors, actor, group):
    """No story file, no cast list: the seeds' groups come from their own text's country words."""
    assert seed_actors.dimension == "country"
    r = row(seed_actors, actor)
    assert r["group"] == group, (actor, r["role"], r["aliases"])


def test_a_nationality_inside_a_compound_is_no_country_mention():
    a = corpus("[African-American|n] voters and [Russian|n] diplomats met in [Ohio|g].")
    assert "African-American" not in set(a.table["actor"])
    assert row(a, "Russia")["n_mentions"] == 1 and "United States" not in set(a.table["actor"])


def test_extract_actors_command(tmp_path: Path):
    from analysis.cli.main import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Talks fail\n\nVice President Jane Roe said on Monday that the talks had failed. "
        "She left the room after the meeting in Moscow and spoke to nobody.\n",
        "utf-8",
    )
    (folder / "b.txt").write_text(
        "A visit\n\nJane Roe spoke to Sen. Max Doe (R-Ohio) in Washington about the talks and the budget.\n",
        "utf-8",
    )
    out = tmp_path / "actors.csv"
    assert main(["extract", "actors", "--corpus", str(folder), "--format", "csv", "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert list(t.columns[:7]) == ["actor", "kind", "aliases", "n_mentions", "n_articles", "role", "group"]
    t = t.set_index("actor")
    assert t.at["Jane Roe", "n_articles"] == 2 and t.at["Jane Roe", "role"] == "Vice President"
    assert t.at["Max Doe", "group"] == "US" and t.at["Max Doe", "party"] == "Republican"
    assert t.at["Jane Roe", "group"] == "unknown"  # nothing in the text says which country
    story = tmp_path / "story.yaml"
    story.write_text("groups:\n  Team A: {members: [Max Doe]}\n", "utf-8")
    both = tmp_path / "both"
    argv = [
        "extract",
        "actors",
        "--corpus",
        str(folder),
        "--story",
        str(story),
        "--mentions",
        "--out",
        str(both),
    ]
    assert main(argv) == 0
    t = pd.read_json(both / "actors.jsonl", lines=True).set_index("actor")
    assert t.at["Max Doe", "group"] == "Team A"
    assert (both / "mentions.jsonl").is_file()


def test_a_name_the_article_never_spells_out_goes_to_the_corpus_dominant_person():
    """ "Mr Blair" in an article naming no Blair is the Blair the corpus names far more often, not
    the one whose "Sir" happened to tell his gender; a close count stays ambiguous."""
    a = corpus(
        "[Tony Blair|p] spoke. [Tony Blair|p] left. [Tony Blair|p] came back.",
        "[Tony Blair|p] met voters in Leeds.",
        "Police chief Sir [Ian Blair|p] said the law was needed.",
        "Yesterday [Mr Blair|p] said the plan was right.",
    )
    assert row(a, "Tony Blair")["n_articles"] == 3
    assert row(a, "Ian Blair")["n_mentions"] == 1
    b = corpus(
        "[Jane Smith|p] spoke.",
        "[John Smith|p] spoke.",
        "Yesterday [Smith|p] said the plan was right.",
    )
    assert row(b, "Smith")["ambiguous"]


# --- a corpus we never tuned on (needs ../shared) ----------------------------------------------

POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "data" / "dev" / "text"


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="needs ../shared/data/polnear")
def test_2016_us_election_news_merges_aliases_and_places_the_candidates():
    """PolNeAR dev text (84 articles, 7 outlets): the candidates are one actor each with their
    aliases, in their parties; Bill and Hillary Clinton stay two (benchmarks/actors.md)."""
    from analysis.corpus import load_corpus

    a = actors.build(load_corpus(POLNEAR_DEV, progress=False))
    assert a.dimension == "party"
    t = a.table.set_index("actor")
    for actor, group, alias in [
        ("Donald Trump", "Republican", "Trump"),
        ("Hillary Clinton", "Democrat", "Clinton"),
        ("Tim Kaine", "Democrat", "Kaine"),
        ("Mike Pence", "Republican", "Pence"),
        ("Bernie Sanders", "Democrat", "Sanders"),
    ]:
        assert t.at[actor, "group"] == group, actor
        assert alias in t.at[actor, "aliases"].split("; "), actor
    assert t.at["Donald Trump", "n_articles"] >= 60 and t.at["Hillary Clinton", "n_articles"] >= 60
    assert t.at["Barack Obama", "n_mentions"] > 100 and "Obama" in t.at["Barack Obama", "aliases"]
    assert "Bill Clinton" in t.index and t.at["Bill Clinton", "n_mentions"] < 50


def test_a_corpus_without_names_has_an_empty_actors_table():
    """No entity in any article gives an empty table with every column, not a KeyError."""
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["it rained all day and nobody came."]})
    table = actors.build(docs).table
    assert table.empty and {"actor", "kind", "group"} <= set(table.columns)

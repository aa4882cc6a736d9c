"""Sentiment study: VADER without download, targets, whose voice, aggregates, the news model."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import attribution, sentiment
from analysis.corpus import load_corpus
from analysis.sentiment import vader

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return load_corpus(SEEDS)


def extract_tone(docs: pd.DataFrame, gazetteer=None, **kwargs) -> dict[str, pd.DataFrame]:
    """``sentiment.extract`` with the attributions it reads passed in (an input, never recomputed
    by the study), computed with the same gazetteer so a speaker's side and a target's agree."""
    attrs = attribution.extract(docs, gazetteer=sentiment.as_gazetteer(gazetteer))
    return sentiment.extract(docs, gazetteer=gazetteer, attributions=attrs, **kwargs)


@pytest.fixture(scope="module")
def seeds_out(docs) -> dict[str, pd.DataFrame]:
    return extract_tone(docs)


# --- VADER ------------------------------------------------------------------------------


def test_lexicon_loads_on_a_fresh_install_without_download_or_network(tmp_path):
    """In a clean process with no NLTK data, no home and no network, both back ends load."""
    script = textwrap.dedent(
        """
        import socket, nltk
        def refuse(*a, **k):
            raise AssertionError("network or download attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        nltk.download = refuse
        nltk.data.path[:] = []
        from analysis.sentiment import vader
        a = vader.polarity("This is a terrible, awful failure.")["compound"]
        b = vader.polarity("This is a terrible, awful failure.", backend="nltk")["compound"]
        assert a < -0.5 and a == b, (a, b)
        print("ok")
        """
    )
    env = {**os.environ, "NLTK_DATA": str(tmp_path / "none"), "HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_no_code_path_calls_nltk_download():
    import re

    paths = [*(ROOT / "analysis" / "sentiment").glob("*.py"), ROOT / "analysis" / "evaluate" / "sentiment.py"]
    assert len(paths) > 5
    for path in paths:
        code = path.read_text("utf-8")
        assert not re.search(r"download\s*\(|urlopen|requests\.", code), path


SENTENCES = [
    "The sanctions are absolutely illegitimate, the ministry said.",
    "VADER is smart, handsome, and funny!",
    "Not bad at all, but the food was TERRIBLE :( 😀",
    "He did not like the deal; it was kind of a disaster?!",
    "",
    "Relations reached an all-time & dangerous low.",
]


def test_vader_backend_matches_vadersentiment_exactly():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ref = SentimentIntensityAnalyzer()
    ours = vader.score_texts(SENTENCES, lexicon="vader")
    for text, row in zip(SENTENCES, ours.itertuples()):
        assert ref.polarity_scores(text) == {
            "neg": row.neg,
            "neu": row.neu,
            "pos": row.pos,
            "compound": row.compound,
        }


def test_nltk_backend_reads_the_same_lexicon_but_tokenises_differently(docs):
    """NLTK's port agrees on most news sentences; it strips punctuation such as "disaster?!"
    differently, so a few differ. That is why the default back end is vaderSentiment's."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.text import sentences

    ref = SentimentIntensityAnalyzer()
    assert (
        vader.polarity("He did not like the deal.", backend="nltk")["compound"]
        == ref.polarity_scores("He did not like the deal.")["compound"]
    )
    texts = sentences(docs)["text"]
    same = np.mean(
        [vader.polarity(t, backend="nltk")["compound"] == ref.polarity_scores(t)["compound"] for t in texts]
    )
    assert 0.85 < same < 1.0
    assert (
        vader.score_texts(texts, lexicon="vader")["compound"].to_numpy()
        == [ref.polarity_scores(t)["compound"] for t in texts]
    ).all()


def test_drivers_are_the_words_that_move_the_score():
    scores, drivers = vader.analyzer("vader").analyze(
        "The talks were a great success but a dangerous failure."
    )
    words = dict(drivers)
    assert set(words) == {"great", "success", "dangerous", "failure"}
    assert words["dangerous"] < 0 < words["great"]
    assert scores["compound"] < 0  # "but" weighs the second half


def test_news_supplement_sees_what_vader_misses():
    text = 'The ministry described the sanctions as "absolutely illegitimate".'
    assert vader.polarity(text, lexicon="vader")["compound"] == 0.0
    assert vader.polarity(text, lexicon="news")["compound"] < -0.3
    assert vader.label(vader.polarity(text, lexicon="news")["compound"]) == "neg"
    with pytest.raises(ValueError):
        vader.analyzer("emoji-only")


def test_news_lexicon_reads_names_as_names():
    """ "United States" is not praise and "Security Council" is not reassurance."""
    text = "The United States and the UN Security Council met."
    assert vader.polarity(text, lexicon="vader")["compound"] > 0.5
    assert vader.polarity(text, lexicon="news")["compound"] == 0.0
    lex = vader.analyzer("news").lexicon
    assert vader.mask_names("Great Britain is great.", lex) == "_____ Britain is great."
    assert vader.polarity("Good news: the talks succeeded.", lexicon="news")["compound"] > 0.5


def test_coverage_counts_lexicon_words():
    hit, n = vader.coverage("A terrible and illegitimate decision", lexicon="vader")
    assert (hit, n) == (1, 5)
    assert vader.coverage("A terrible and illegitimate decision", lexicon="news") == (2, 5)


# --- seeds: every sentence and every mention has a score ------------------------------------


def test_every_seed_sentence_is_scored(docs, seeds_out):
    s = seeds_out["sentences"]
    assert list(s.columns) == sentiment.SENTENCE_COLUMNS
    assert set(s["doc_id"]) == set(docs["doc_id"])
    assert s[["neg", "neu", "pos", "compound"]].notna().all().all()
    assert s["compound"].between(-1, 1).all()
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert all(texts[d][a:b] == t for d, a, b, t in zip(s["doc_id"], s["start"], s["end"], s["text"]))
    assert set(s["voice"]) <= {"author", "quote"}


def test_every_russia_and_us_mention_is_scored(docs, seeds_out):
    t = seeds_out["targets"]
    assert list(t.columns) == sentiment.TARGET_COLUMNS
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert all(texts[d][a:b] == x for d, a, b, x in zip(t["doc_id"], t["start"], t["end"], t["target"]))
    assert t["score"].notna().all() and t["score"].between(-1, 1).all()
    assert set(t["label"]) <= set(sentiment.LABELS) and (t["model"] == "news").all()
    # every alias of a Russian or US actor in the text has a row
    from analysis.lexicons import default_gazetteer

    gaz = default_gazetteer()
    pattern = gaz.alias_pattern()
    sides = dict(zip(gaz.aliases["alias"], gaz.aliases["side"]))
    s = seeds_out["sentences"]
    expected = {
        (d, st + m.start())
        for d, st, txt in zip(s["doc_id"], s["start"], s["text"])
        for m in pattern.finditer(txt)
        if sides[m.group()] in ("RU", "US")
    }
    got = set(zip(t["doc_id"], t["start"]))
    assert expected <= got
    assert {"Russia", "United States"} <= set(t["actor"])
    assert len(expected) > 100


@pytest.fixture(scope="module")
def actors_out(docs) -> dict[str, pd.DataFrame]:
    return extract_tone(docs, actors="corpus", n_actors=15)


def test_targets_from_the_corpus_actors(docs, actors_out):
    """With ``actors="corpus"`` the targets are the corpus's own most-mentioned actors, found by
    the actors package (people too, which the packaged gazetteer no longer lists)."""
    from analysis import actors

    t = actors_out["targets"]
    assert list(t.columns) == sentiment.TARGET_COLUMNS and len(t) > 50
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert all(texts[d][a:b] == x for d, a, b, x in zip(t["doc_id"], t["start"], t["end"], t["target"]))
    top = actors.build(docs).top(15)
    assert set(t["actor"]) <= set(top)
    assert {"Vladimir Putin", "Donald Trump"} <= set(t["actor"])
    # a name glued into a hyphenated compound is no mention of the actor
    assert not any(
        texts[d][a - 1] == "-" or texts[d][b : b + 1] == "-"
        for d, a, b in zip(t["doc_id"], t["start"], t["end"])
    )


def test_a_given_gazetteer_overrides_the_actors(docs):
    out = extract_tone(docs.iloc[[0]], actors="corpus", gazetteer={"NATO": ["NATO", "Nato"]})
    assert set(out["targets"]["actor"]) <= {"NATO"}


def test_hyphenated_compounds_are_not_actor_mentions():
    """'African-American' does not mention the United States (issue 16)."""
    from analysis.sentiment.targets import actor_mentions

    text = "our African-American president said the United States would act."
    a, b = text.index("American"), text.index("United States")

    class _Actors:
        def target_mentions(self, n):
            return pd.DataFrame(
                {
                    "doc_id": ["a", "a"],
                    "sent_id": [0, 0],
                    "start": [a, b],
                    "end": [a + 8, b + 13],
                    "text": ["American", "United States"],
                    "actor": ["United States"] * 2,
                    "group": ["US"] * 2,
                }
            )

    sents = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "start": [0], "text": [text]})
    found = actor_mentions(sents, _Actors())
    assert list(found["target"]) == ["United States"] and found["side"].tolist() == ["US"]


def _sentence(out, needle):
    s = out["sentences"]
    hit = s[s["text"].str.contains(needle, regex=False)]
    assert len(hit) == 1, needle
    return hit.iloc[0]


def test_known_seed_sentences(seeds_out):
    ill = _sentence(seeds_out, "absolutely illegitimate")
    assert ill["compound"] < -0.3
    blamed = _sentence(seeds_out, "Trump blamed the Congress")
    assert blamed["compound"] < -0.3
    # towards the blamed party (the packaged gazetteer lists countries only, so score it directly)
    at = blamed["text"].index("Congress")
    _, labels = sentiment.score_targets([blamed["text"]], [at], [at + len("Congress")], model="news")
    assert labels == ["neg"]
    hope = _sentence(seeds_out, "We hope for better days")
    assert hope["compound"] > 0.3 and hope["voice"] == "quote"


def test_vader_model_gives_each_target_its_sentence_score(docs):
    out = extract_tone(docs.iloc[:1], model="vader")
    merged = out["targets"].merge(out["sentences"], on=["doc_id", "sent_id"])
    assert np.allclose(merged["score"], merged["compound"])
    assert (out["targets"]["model"] == "vader").all()
    with pytest.raises(ValueError):
        extract_tone(docs.iloc[:1], model="bert")


def test_any_subset_gives_the_same_rows_per_article(docs, seeds_out):
    # The speaker's name and side come from attribution, which links speakers to the corpus's
    # actors ("Trump" -> "Donald Trump" when another article names him in full): those two
    # columns depend on the corpus by design; every score, voice and target does not.
    corpus_dependent = ["speaker", "side"]
    for i in (0, 3):
        part = extract_tone(docs.iloc[[i]])
        doc_id = docs["doc_id"].iloc[i]
        for key in ("sentences", "targets"):
            whole = seeds_out[key][seeds_out[key]["doc_id"] == doc_id].reset_index(drop=True)
            drop = corpus_dependent if key == "sentences" else []
            pd.testing.assert_frame_equal(part[key].drop(columns=drop), whole.drop(columns=drop))


def test_bad_article_is_reported_and_skipped(docs):
    bad = pd.concat(
        [docs.iloc[:1][["doc_id", "text"]], pd.DataFrame({"doc_id": ["broken"], "text": [None]})],
        ignore_index=True,
    )
    with pytest.warns(UserWarning, match="broken"):
        out = extract_tone(bad)
    assert set(out["sentences"]["doc_id"]) == {docs["doc_id"].iloc[0]}
    assert out["sentences"].attrs["problems"][0]["doc_id"] == "broken"


def test_empty_docs_give_empty_tables():
    out = extract_tone(pd.DataFrame({"doc_id": pd.Series([], dtype=str), "text": pd.Series([], dtype=str)}))
    assert out["sentences"].empty and out["targets"].empty
    assert list(out["targets"].columns) == sentiment.TARGET_COLUMNS


def test_user_listed_actors():
    docs = pd.DataFrame(
        {"doc_id": ["a"], "text": ["NATO condemned the attack. Merkel praised the brave rescuers."]}
    )
    out = extract_tone(
        docs, gazetteer={"NATO": {"side": "other", "aliases": []}, "Angela Merkel": ["Merkel"]}
    )
    t = out["targets"]
    assert t[["target", "actor", "side"]].values.tolist() == [
        ["NATO", "NATO", "other"],
        ["Merkel", "Angela Merkel", "unknown"],
    ]


# --- whose voice ----------------------------------------------------------------------------


def test_quote_spans_by_quote_marks():
    text = 'He said: “We will respond.” Then "it is over," she added.\n"First part of a long quote.\n"Last part."'
    spans = sentiment.quote_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "We will respond.",
        "it is over,",
        "First part of a long quote.",
        "Last part.",
    ]
    assert sentiment.quote_spans("Russia's envoy didn't say") == []


def test_fallback_speech_cues_come_from_the_attribution_lexicon():
    from analysis.lexicons import default_lexicons
    from analysis.sentiment import voice

    cues = voice.cue_pattern()
    assert len(default_lexicons().cues) > 50
    for phrase in default_lexicons().cues:
        assert cues.fullmatch(phrase), phrase
        assert cues.fullmatch(phrase[0].upper() + phrase[1:]), phrase
    found = [m.group() for m in cues.finditer("He told reporters, according to aides, that sayings differ.")]
    assert found == ["told reporters", "according to"]


def test_quote_marks_decide_voices_without_an_attribution_table():
    docs = pd.DataFrame(
        {
            "doc_id": ["d"],
            "text": [
                'Relations are at a low point. "We will answer this hostile move," Lavrov said.\n'
                '"It is a disgrace."\nThe meeting ended.'
            ],
        }
    )
    story = {"Sergei Lavrov": {"side": "RU", "aliases": ["Lavrov"]}}  # the gazetteer names no people
    out = sentiment.extract(docs, gazetteer=story, attributions=sentiment.QUOTE_MARKS)
    s = out["sentences"]
    assert s["voice"].tolist() == ["author", "quote", "quote", "author"]
    assert s["speaker"].iloc[1] == "Sergei Lavrov" and s["side"].iloc[1] == "RU"
    assert pd.isna(s["speaker"].iloc[2])  # no speech verb in that paragraph: unknown, not guessed


def test_missing_attributions_are_an_error_not_recomputed(monkeypatch):
    def recompute(*args, **kwargs):
        raise AssertionError("sentiment ran the attribution study itself")

    monkeypatch.setattr(attribution, "extract", recompute)
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["The minister said the move was a mistake."]})
    with pytest.raises(ValueError, match="needs the attributions table"):
        sentiment.extract(docs)
    with pytest.raises(ValueError, match="quote marks"):
        sentiment.extract(docs, attributions="quotes")


def test_given_attributions_decide_voice_speaker_and_side():
    text = "Moscow is angry. The minister said the move was a terrible mistake."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    start = text.index("the move")
    attrs = pd.DataFrame(
        {
            "doc_id": ["d"],
            "content_start": [start],
            "content_end": [len(text) - 1],
            "speaker": ["Sergei Lavrov"],
            "side": ["RU"],
            "type": ["indirect"],
        }
    )
    s = sentiment.extract(docs, attributions=attrs)["sentences"]
    assert s["voice"].tolist() == ["author", "quote"]
    assert s[["speaker", "side"]].iloc[1].tolist() == ["Sergei Lavrov", "RU"]


# --- aggregates -----------------------------------------------------------------------------


def test_extremes(seeds_out):
    t = seeds_out["targets"]
    ex = sentiment.extremes(seeds_out["sentences"], t, n=3)
    assert len(ex) == 6 and ex["compound"].iloc[0] == seeds_out["sentences"]["compound"].min()
    assert ex["who"].notna().any()


def test_document_target_tone_votes():
    t = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "actor": ["X"] * 5,
            "score": [-0.5, -0.2, 0.4, 0.3, -0.3],
            "label": ["neg", "neg", "pos", "pos", "neg"],
        }
    )
    agg = sentiment.document_target_tone(t).set_index("doc_id")
    assert agg.loc["a", "label"] == "neg" and agg.loc["b", "label"] == "neu"
    assert agg.loc["a", "mentions"] == 3
    cut = sentiment.document_target_tone(t, low=-0.2, high=0.0).set_index("doc_id")
    assert cut.loc["a", "mean_score"] == pytest.approx(-0.1) and cut.loc["a", "label"] == "neu"
    assert cut.loc["b", "label"] == "pos"  # mean 0.0 reaches high=0.0
    with pytest.raises(ValueError):
        sentiment.document_target_tone(t, low=-0.2)


# --- the news model -------------------------------------------------------------------------


def test_shipped_model_is_small_and_loads_without_training_data(tmp_path):
    path = sentiment.news_model_path()
    assert path.exists() and path.stat().st_size < 20e6
    script = (
        "from analysis import sentiment as s; m = s.load_news_model(); "
        "x = s.target_frame(['Critics slammed Putin for the brutal crackdown.'], [16], [21]); "
        "print(m.predict(x)[0], s.read_model(s.news_model_path()).meta['n_targets'])"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert run.returncode == 0, run.stderr
    label, n = run.stdout.split()
    assert label == "neg" and int(n) > 8000


def test_news_model_fit_save_load_roundtrip(tmp_path):
    texts = [
        "Critics praised Smith for the wonderful work.",
        "Critics attacked Smith for the awful failure.",
        "Smith met officials on Tuesday.",
    ] * 4
    frame = sentiment.target_frame(texts, [16, 17, 0] * 4, [21, 22, 5] * 4)
    assert [t[a:b] for t, a, b in frame.itertuples(index=False)] == ["Smith"] * 12
    labels = ["pos", "neg", "neu"] * 4
    model = sentiment.news_model(min_df=1, C=10).fit(frame, labels)
    sentiment.save_model(model, tmp_path / "m.npz", {"note": "test"})
    again = sentiment.read_model(tmp_path / "m.npz")
    assert again.meta == {"note": "test"}
    assert np.array_equal(model.predict_proba(frame), again.model.predict_proba(frame))
    assert list(again.model.predict(frame.iloc[:3])) == ["pos", "neg", "neu"]
    assert list(model.classes_) == list(sentiment.LABELS)


def test_news_model_is_a_scikit_learn_estimator():
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    model = sentiment.news_model(C=2.0, blocks=("masked", "dense"))
    assert model.get_params()["classifier__C"] == 2.0
    assert model.get_params()["features__blocks"] == ("masked", "dense")
    twin = clone(model).set_params(features__min_df=1)
    assert twin.get_params()["features__min_df"] == 1 and model.get_params()["features__min_df"] == 2
    with pytest.raises(NotFittedError):
        check_is_fitted(model)
    frame = sentiment.target_frame(["Smith won.", "Smith lost badly.", "Smith spoke."], [0, 0, 0], [5, 5, 5])
    model.set_params(features__min_df=1).fit(frame, ["pos", "neg", "neu"])
    check_is_fitted(model)
    assert set(model.named_steps["features"].vectorizers_) == {"masked"}
    with pytest.raises(ValueError, match="unknown feature block"):
        sentiment.news_model(blocks=("masked", "nonsense")).fit(frame, ["pos", "neg", "neu"])
    with pytest.raises(ValueError, match="lacks column"):
        model.predict(frame.rename(columns={"sentence": "text"}))


def test_a_model_file_that_is_not_ours_is_refused_naming_the_file(tmp_path):
    import pickle
    import zipfile

    texts = ["Critics praised Smith.", "Critics attacked Smith.", "Smith met officials."] * 3
    frame = sentiment.target_frame(texts, [16, 17, 0] * 3, [21, 22, 5] * 3)
    model = sentiment.news_model(min_df=1).fit(frame, ["pos", "neg", "neu"] * 3)
    good = tmp_path / "m.npz"
    sentiment.save_model(model, good)
    assert not list(tmp_path.glob("*.partial"))
    old = tmp_path / "old.joblib"
    old.write_bytes(pickle.dumps({"format": 2, "classifier": None}))
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    planted = tmp_path / "planted.npz"  # a pickled object inside: never unpickled
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(planted, "w") as dst:
        for item in src.infolist():
            if item.filename != "classifier.coef.npy":
                dst.writestr(item, src.read(item))
        buf = io.BytesIO()
        np.save(buf, np.array([{"run": "code"}], dtype=object), allow_pickle=True)
        dst.writestr("classifier.coef.npy", buf.getvalue())
    for bad in (old, cut, planted, tmp_path / "missing.npz"):
        with pytest.raises((ValueError, FileNotFoundError), match="train_sentiment.py|missing"):
            sentiment.read_model(bad)
        try:
            sentiment.read_model(bad)
        except (ValueError, FileNotFoundError) as err:
            assert bad.name in str(err)


def test_shipped_model_reads_without_pickle():
    path = sentiment.news_model_path()
    assert path.suffix == ".npz"
    with np.load(path, allow_pickle=False) as stored:
        assert {"__meta__", "classifier.coef", "classifier.intercept"} <= set(stored.files)
    assert sentiment.read_model(path).meta["n_targets"] > 1000


# --- evaluation -----------------------------------------------------------------------------


def _write_newsmtsc(path: Path) -> None:
    recs = [
        {
            "primary_gid": "allsides_1_1_0_x",
            "sentence_normalized": "Critics slammed Putin for the brutal crackdown.",
            "targets": [{"from": 16, "to": 21, "mention": "Putin", "polarity": 2.0}],
        },
        {
            "primary_gid": "allsides_2_1_0_x",
            "sentence_normalized": "Merkel praised the brave and wonderful rescuers.",
            "targets": [{"from": 0, "to": 6, "mention": "Merkel", "polarity": 6.0}],
        },
        {
            "primary_gid": "allsides_3_1_0_x",
            "sentence_normalized": "Obama will travel to Ohio on Tuesday.",
            "targets": [{"from": 0, "to": 5, "mention": "Obama", "polarity": 4.0}],
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", "utf-8")


def test_evaluate_newsmtsc_format(tmp_path):
    from analysis.evaluate.sentiment import evaluate, read_newsmtsc

    path = tmp_path / "mini.jsonl"
    _write_newsmtsc(path)
    assert read_newsmtsc(path)["label"].tolist() == ["neg", "pos", "neu"]
    result = evaluate(path, model="vader")
    assert result["n"] == 3 and result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    assert evaluate(path, model="news")["n"] == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentence_normalized": "x"}\n', "utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        read_newsmtsc(bad)


def test_evaluate_persent_format(tmp_path):
    from analysis.evaluate.sentiment import evaluate

    table = pd.DataFrame(
        {
            "DOCUMENT_INDEX": [1, 2],
            "TITLE": ["a", "b"],
            "TARGET_ENTITY": ["John Smith", "Ann Lee"],
            "DOCUMENT": [
                "John Smith won a wonderful award. Smith was thrilled and proud.",
                "Police said Ann Lee was arrested after a brutal attack. Lee denied the charges.",
            ],
            "MASKED_DOCUMENT": ["", ""],
            "TRUE_SENTIMENT": ["Positive", "Negative"],
        }
    )
    path = tmp_path / "persent.csv"
    table.to_csv(path, index=False)
    result = evaluate(path, model="vader")
    assert result["format"] == "persent" and result["n"] == 2 and result["accuracy"] == 1.0
    assert result["vote"]["accuracy"] == 1.0 and result["no_mention"] == 0


@pytest.mark.slow
def test_transformer_model_ships_small_and_loads_without_torch():
    from analysis.sentiment.transformer import transformer_paths

    graph, vocab = transformer_paths()
    assert graph.exists() and vocab.exists()
    assert graph.stat().st_size + vocab.stat().st_size < 50e6
    code = (
        "import sys; from analysis import sentiment; m = sentiment.load_transformer(); "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules; print(m.classes_.tolist())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['neg', 'neu', 'pos']"


#: Hand-written sentences (not from any data set) with the polarity towards the marked target.
HANDWRITTEN = [
    ("The senator was praised by voters for her honest and tireless work.", "The senator", "pos"),
    ("Critics called the governor a corrupt liar who betrayed the state.", "the governor", "neg"),
    ("The mayor will visit the factory on Tuesday, officials said.", "The mayor", "neu"),
]


def test_transformer_scores_handwritten_sentences():
    texts = [t for t, _, _ in HANDWRITTEN]
    starts = [t.index(m) for t, m, _ in HANDWRITTEN]
    ends = [a + len(m) for a, (_, m, _) in zip(starts, HANDWRITTEN)]
    score, labels = sentiment.score_targets(texts, starts, ends, model="transformer")
    assert labels == [g for _, _, g in HANDWRITTEN]
    assert score[0] > 0 > score[1]


def test_transformer_is_deterministic_and_nearly_batch_independent():
    data = SHARED / "data" / "newsmtsc" / "devtest_rw.jsonl"
    if not data.exists():
        pytest.skip("../shared/data/newsmtsc is absent")
    from analysis.evaluate.sentiment import read_newsmtsc

    frame = read_newsmtsc(data).head(40)
    a = sentiment.TransformerSentiment().fit().predict_proba(frame)
    np.testing.assert_array_equal(a, sentiment.load_transformer().predict_proba(frame))
    assert np.allclose(a.sum(axis=1), 1.0) and a.shape == (40, 3)
    # one target per run (the default): a target's scores do not depend on the others
    np.testing.assert_array_equal(a[[5, 17]], sentiment.load_transformer().predict_proba(frame.iloc[[5, 17]]))
    # in batches the int8 activations are scaled per batch and probabilities move a little
    b = sentiment.TransformerSentiment(batch_size=40).fit().predict_proba(frame)
    np.testing.assert_allclose(a, b, atol=0.1)


def test_transformer_pair_inputs_mark_the_target():
    from analysis.sentiment.transformer import MARKERS, pair_inputs

    text = "Smith met Jones, and Jones left angry."
    (first, marked), (_, second) = pair_inputs([text, text], [10, 21], [15, 26])
    assert first == "Jones" and marked.count(MARKERS[0]) == 1
    assert (
        marked.index(MARKERS[0]) < marked.index("Jones") and f"{MARKERS[0]} Jones {MARKERS[1]}, and" in marked
    )
    assert f"and {MARKERS[0]} Jones {MARKERS[1]} left" in second
    long = "word " * 200 + "Target here. " + "word " * 200
    ((_, cut),) = pair_inputs([long], [long.index("Target")], [long.index("Target") + 6], window=50)
    assert len(cut) < 130 and "Target" in cut


@pytest.mark.slow
def test_news_model_reaches_target_on_newsmtsc_devtest():
    data = SHARED / "data" / "newsmtsc" / "devtest_rw.jsonl"
    if not data.exists():
        pytest.skip("../shared/data/newsmtsc is absent")
    from analysis.evaluate.sentiment import evaluate

    news = evaluate(data, model="news")
    plain = evaluate(data, model="vader", lexicon="vader")
    assert news["n"] == plain["n"] == 1146
    assert plain["macro_f1"] == pytest.approx(0.512, abs=0.002)  # the published VADER baseline
    assert news["macro_f1"] >= 0.65


def test_spans_of_the_whole_table_equal_per_article_spans(docs):
    from analysis import attribution
    from analysis.sentiment import voice

    att = attribution.extract(docs)
    assert len(att)
    by_doc = voice.attribution_spans_by_doc(att)
    for doc_id, rows in att.groupby("doc_id"):
        assert by_doc.get(doc_id, []) == voice.attribution_spans(rows)
    # rows without content offsets give no span; missing speakers stay missing
    gap = att.head(2).copy()
    gap.loc[gap.index[0], "content_start"] = pd.NA
    gap["speaker"] = None
    spans = voice.attribution_spans_by_doc(gap)
    full = voice.attribution_spans_by_doc(att.head(2))
    assert sum(map(len, spans.values())) < sum(map(len, full.values()))
    assert all(s[2] is pd.NA for v in spans.values() for s in v)


def test_given_sentences_table_gives_the_same_tables(docs, seeds_out):
    from analysis import text

    sents = text.sentences(docs)
    other = sents.assign(doc_id="elsewhere")  # rows of other articles are ignored
    out = extract_tone(docs, sentences=pd.concat([other, sents.iloc[::-1]], ignore_index=True))
    pd.testing.assert_frame_equal(out["sentences"], seeds_out["sentences"])
    pd.testing.assert_frame_equal(out["targets"], seeds_out["targets"])


# --- views and plots for the notebook -------------------------------------------------------


def test_persent_thresholds_are_searched_on_a_grid():
    from analysis.evaluate.sentiment import best_thresholds, label_articles, persent_scores

    articles = pd.DataFrame(
        {
            "gold": ["neg", "neg", "neu", "pos", "pos", "neu"],
            "mean_score": [-0.6, -0.4, -0.1, 0.3, 0.5, np.nan],
            "vote": ["neg", "neg", "neg", "pos", "neu", "neu"],
            "fallback": ["neu"] * 5 + ["neu"],
        }
    )
    assert label_articles(articles, -0.35, 0.0) == ["neg", "neg", "neu", "pos", "pos", "neu"]
    low, high, f1 = best_thresholds(articles, step=0.05)
    assert f1 == 1.0 and -0.4 <= low < -0.1 and -0.1 < high <= 0.3
    assert (low, high) == (-0.4, -0.05)  # the first pair with the best score, low then high ascending
    r = persent_scores(articles, low, high)
    assert r["accuracy"] == 1.0 and r["no_mention"] == 1 and r["vote"]["accuracy"] == pytest.approx(4 / 6)


def test_evaluate_a_rebuilt_model_file(tmp_path):
    from analysis.evaluate.sentiment import evaluate_newsmtsc

    path = tmp_path / "mini.jsonl"
    _write_newsmtsc(path)
    texts = [
        "Critics praised Smith for the wonderful work.",
        "Critics attacked Smith for the awful failure.",
        "Smith met officials on Tuesday.",
    ] * 4
    frame = sentiment.target_frame(texts, [16, 17, 0] * 4, [21, 22, 5] * 4)
    model = sentiment.news_model(min_df=1, C=10).fit(frame, ["pos", "neg", "neu"] * 4)
    sentiment.save_model(model, tmp_path / "m.npz")
    shipped = evaluate_newsmtsc(path)
    rebuilt = evaluate_newsmtsc(path, model_file=tmp_path / "m.npz")
    assert "model_file" not in shipped and rebuilt["model_file"] == str(tmp_path / "m.npz")
    assert rebuilt["n"] == shipped["n"] == 3

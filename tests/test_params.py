"""Each study parameter declared once (analysis.params): the store, the command line and the
estimators take their defaults from the spec, and a bad ``-s`` value is refused by name."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from analysis import params
from analysis.cli.main import build_parser, main
from analysis.cli.report import notebook_params_help
from analysis.store import DEFAULTS, parameters


def defaults(*argv: str):
    """The options ``python -m analysis ARGV`` gets when none is given."""
    return build_parser().parse_args(list(argv))


def test_store_defaults_are_the_spec():
    store = [s for s in params.SPECS if s.store]
    assert {f"{study}.{k}" for study, values in DEFAULTS.items() for k in values} == {s.name for s in store}
    for s in store:
        assert DEFAULTS[s.study][s.key] == s.default, s.name


def test_cli_help_defaults_equal_the_spec(capsys):
    text = notebook_params_help()
    for s in params.SPECS:
        if s.store:
            assert f"{s.name} = {s.default!r}" in text, s.name
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--help"])
    run_help = " ".join(capsys.readouterr().out.split())
    for s in params.SPECS:
        if s.store:
            assert f"{s.name} (default {s.default!r})" in run_help, s.name
    topics = defaults("extract", "topics")
    for key in ("n_topics", "method", "unit", "seed"):
        assert getattr(topics, key) == params.default(f"topics.{key}"), key
    assert defaults("extract", "attribution").model == params.default("attribution.method")
    tone = defaults("extract", "sentiment")
    assert tone.model == params.default("sentiment.model")
    assert tone.lexicon == params.default("sentiment.lexicon")


def test_estimators_take_their_defaults_from_the_spec():
    from analysis.topics import StreamingTopicModel, TopicModel

    for cls in (TopicModel, StreamingTopicModel):
        signature = inspect.signature(cls.__init__).parameters
        for key in ("n_topics", "method", "unit", "seed"):
            assert signature[key].default == params.default(f"topics.{key}"), (cls.__name__, key)


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("topics.refit_share", "abc", "a number between 0 and 1"),
        ("topics.refit_share", 1.5, "a number between 0 and 1"),
        ("topics.method", "pca", "one of nmf, lda"),
        ("topics.n_topics", "many", "auto or a whole number"),
        ("sentiment.n_actors", 0, "a whole number of at least 1"),
        ("corpus.keep_duplicates", "perhaps", "true or false"),
    ],
)
def test_bad_values_are_refused_by_name(name, value, allowed):
    with pytest.raises(ValueError, match=re.escape(name) + ".*" + re.escape(allowed)):
        parameters({name: value})


def test_good_values_pass_and_numbers_are_read():
    got = parameters({"topics.n_topics": "6", "topics.refit_share": 0.5, "topics": {"method": "lda"}})
    assert got["topics"]["n_topics"] == 6 and got["topics"]["refit_share"] == 0.5
    assert got["topics"]["method"] == "lda" and got["topics"]["seed"] == params.default("topics.seed")


def test_unknown_names_are_named(capsys):
    with pytest.raises(ValueError, match="unknown store parameter 'topics.colour'.*topics.n_topics"):
        parameters({"topics.colour": 3})
    with pytest.raises(ValueError, match="not a store parameter"):
        parameters({"sentiment.lexicon": "vader"})
    assert main(["run", "-s", "topics.refit_share", "abc", "--out", "/nonexistent/never"]) == 2
    err = capsys.readouterr().err
    assert "topics.refit_share" in err and "a number between 0 and 1" in err
    assert main(["run", "-s", "outlets.colour", "1", "--out", "/nonexistent/never"]) == 2
    assert "outlets.colour" in capsys.readouterr().err


def test_engine_error_written_once():
    with pytest.raises(ValueError, match="unknown engine 'spark'; choose pandas or dask"):
        params.check_engine("spark")


def test_defaults_and_the_unknown_word_are_written_once():
    """No study, store or command module spells ``"unknown"`` (it is :data:`analysis.schema.UNKNOWN`)
    or writes the spec's default of ``engine`` or ``lexicon`` as a literal (:mod:`analysis.params`).
    Report views are the report wing's and are not checked here."""
    import ast

    root = Path(__file__).resolve().parents[1] / "analysis"
    skipped_files = {"views.py", "report_views.py", "plots.py", "schema.py", "params.py"}
    skipped_dirs = {"report", "render", "reports", "overview", "synthesis"}
    copies = {"engine": params.DEFAULT_ENGINE, "lexicon": params.default("sentiment.lexicon")}
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if path.name in skipped_files or rel.parts[0] in skipped_dirs:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == "unknown":
                found.append(f"{rel}:{node.lineno} 'unknown'")
            if isinstance(node, ast.arguments):
                positional = [a.arg for a in [*node.posonlyargs, *node.args]]
                pairs = [*zip(positional[len(positional) - len(node.defaults) :], node.defaults)]
                pairs += zip([a.arg for a in node.kwonlyargs], node.kw_defaults)
                for name, value in pairs:
                    if isinstance(value, ast.Constant) and name in copies and value.value == copies[name]:
                        found.append(f"{rel}:{value.lineno} {name}={value.value!r}")
    assert not found, found

"""Command-line UX: complete help, one clear error line naming the file, progress bars.

Help is checked in process over the parser tree (every command, study and option says what it
does) and once as a user sees it (a subprocess). Errors are checked as a user meets them: a
subprocess, exit status 2, exactly one line on stderr, starting ``error:``, naming the file, and
no traceback.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import build_parser, main
from analysis.render import list_notebooks, notebook_parameters

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser, help given in the parent's listing) for every command and study."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield path + (name,), sub, listed.get(name)
                yield from commands(sub, path + (name,))


COMMANDS = list(commands(build_parser()))


def test_top_level_help_lists_every_command():
    proc = run("--help")
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: python -m analysis")
    for path, _, helptext in COMMANDS:
        if len(path) == 1:
            assert path[0] in proc.stdout and helptext in proc.stdout


@pytest.mark.parametrize("path", [c[0] for c in COMMANDS], ids=" ".join)
def test_every_command_and_option_has_help(path, capsys):
    _, parser, listed = next(c for c in COMMANDS if c[0] == path)
    assert listed, f"{' '.join(path)} has no help line in its parent's listing"
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        assert action.help and action.help.strip(), f"{' '.join(path)} {action.option_strings or action.dest}"
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m analysis {' '.join(path)}")


@pytest.mark.parametrize("command", ["extract", "evaluate"])
def test_command_without_study_shows_its_own_help(command, capsys):
    assert main([command]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m analysis {command}") and "STUDY" in out


def test_report_help_documents_every_notebook_parameter():
    """``report --help`` lists each notebook's parameters, each with a comment saying what it does."""
    proc = run("report", "--help")
    assert proc.returncode == 0
    text = proc.stdout
    for nb in list_notebooks():
        assert f"  {nb.stem}:" in text, nb.stem
        for name, info in notebook_parameters(nb).items():
            assert f"    {name} = " in text, f"{nb.stem}.{name}"
            assert info.get("help"), (
                f"{nb.name}: parameter {name!r} has no comment; write "
                f"`{name} = ...  # what it does` in the parameters cell"
            )


# --- errors -------------------------------------------------------------------------------


def one_line_error(proc: subprocess.CompletedProcess, *names: str) -> str:
    """The error line; any other stderr line is a one-line warning about a skipped file."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], lines
    assert all(line.startswith("warning: ") for line in lines[:-1]), lines
    err = errors[0]
    for name in names:
        assert name in err, (name, err)
    return err


def test_error_corpus_with_nothing_readable(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    err = one_line_error(run("extract", "docs", "--corpus", str(tmp_path)), str(tmp_path), "empty.txt")
    assert "no readable article" in err and "empty file" in err


def test_error_table_without_text_column_says_what_to_pass(tmp_path):
    (tmp_path / "news.csv").write_text("id,headline,summary_x\n1,T,words\n")
    err = one_line_error(run("extract", "docs", "--corpus", str(tmp_path / "news.csv")), "news.csv")
    assert "no text column" in err and "summary_x" in err and "--columns text=" in err


def in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """``main(args)`` with its exit status and output, like :func:`run` but without a new Python."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def test_error_missing_corpus_for_report_writes_nothing(tmp_path, capsys):
    out = tmp_path / "reports"
    proc = in_process(capsys, "report", "--corpus", str(tmp_path / "nope"), "--out", str(out))
    one_line_error(proc, str(tmp_path / "nope"))
    assert not out.exists()


def test_error_bad_parameters_file(tmp_path, capsys):
    bad = tmp_path / "params.yaml"
    bad.write_text("n_topics: [3,\n")
    err = one_line_error(in_process(capsys, "report", "-f", str(bad), "--out", str(tmp_path / "r")), str(bad))
    assert "YAML" in err
    proc = in_process(capsys, "report", "-f", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "r"))
    one_line_error(proc, "missing.yaml")


def test_error_unknown_parameter_names_it(tmp_path, capsys):
    proc = in_process(capsys, "report", "-p", "n_topicz", "3", "--out", str(tmp_path / "r"))
    assert "declared:" in one_line_error(proc, "n_topicz")


def test_error_output_path_blocked_by_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "docs.csv"
    one_line_error(run("extract", "docs", "--format", "csv", "--out", str(target)), str(tmp_path / "afile"))


def test_error_missing_evaluation_data(tmp_path, capsys):
    proc = in_process(capsys, "evaluate", "topics", "--data", str(tmp_path / "nope"))
    one_line_error(proc, str(tmp_path / "nope"))


def test_bad_files_do_not_stop_extract(tmp_path):
    """Bad input is reported on stderr (one line each, naming the file) and the rest is written."""
    (tmp_path / "good.txt").write_text("Good\n\nThe Senate voted on new sanctions against Russia.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    proc = run("extract", "docs", "--corpus", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1
    lines = proc.stderr.splitlines()
    for name, reason in [("empty.txt", "empty file"), ("binary.txt", "binary")]:
        assert f"warning: {tmp_path / name}: {reason}" in proc.stderr, proc.stderr
    assert all(line.startswith("warning: ") for line in lines), lines  # one line per bad file


# --- progress -----------------------------------------------------------------------------


def test_load_corpus_shows_progress(tmp_path, capsys):
    from analysis.corpus import load_corpus

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Title {i}\n\nArticle {i} on sanctions against Russia.")
    load_corpus(tmp_path, progress=True)
    err = capsys.readouterr().err
    assert "reading corpus" in err and "3/3" in err
    load_corpus(tmp_path, progress=False)
    assert "reading corpus" not in capsys.readouterr().err


def test_render_reports_shows_progress(tmp_path_factory):
    """The report run shows a bar per notebook (read from a render another test made, or a tiny one)."""
    import browser

    if browser._RENDERS:
        _, record, err = next(iter(browser._RENDERS.values()))
    else:
        import nbformat

        nbdir = tmp_path_factory.mktemp("tiny-notebooks")
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [
            nbformat.v4.new_markdown_cell("# Tiny"),
            nbformat.v4.new_code_cell('corpus = "../seeds"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(corpus)"),
        ]
        nbformat.write(nb, str(nbdir / "00_tiny.ipynb"))
        _, record, err = browser.rendered(
            "tiny", browser.SEEDS, tmp_path_factory.getbasetemp(), notebooks_dir=nbdir
        )
    n = len(record.notebooks)
    assert "reading corpus" in err
    assert "reports" in err and f"{n}/{n}" in err and "notebook" in err

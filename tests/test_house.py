"""The house rules, checked on the package's source with ``ast``.

Why a test: the rules (layers that point one way, small modules, no import cycles, no reaching
into another module's private names, one place for each shared fact, no story in the package)
were broken once as the code grew; a test keeps them. Each check is a function over a package
tree, so a small synthetic package proves it can fail (a test that cannot fail is none).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"
NOTEBOOKS = PACKAGE.parent / "notebooks"
MAX_LINES = 400

#: The study packages: they compute tables, and import nothing that shows them.
STUDIES = ("topics", "sentiment", "attribution", "actors", "outlets")
#: What a study must not import: the reports wing, the renderer, a plotting library.
ABOVE_STUDIES = ("analysis.reports", "analysis.render", "matplotlib", "bokeh")
#: The layers under the studies (files, the text layer, the lexicons): they import no study.
BELOW_STUDIES = ("text", "lexicons", "corpus")


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name → file, for every Python file of the package."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(path: Path, name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every import in the file, those inside
    functions included."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [a.name for a in node.names], node.lineno))
    return found


def internal_edges(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the package modules it imports (a ``from pkg import mod`` counts as ``pkg.mod``)."""
    root = next(iter(mods)).split(".")[0] if mods else "analysis"
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, names, _ in imports_of(path, name):
            if not target.startswith(root):
                continue
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in mods]
            edges[name].update(subs or ([target] if target in mods else []))
    return edges


def imported_names(target: str, names: list[str]) -> list[str]:
    """The dotted names an import brings in: ``from a import b`` gives ``a`` and ``a.b``."""
    return [target] + [f"{target}.{n}" for n in names]


def under(name: str, prefixes: tuple[str, ...]) -> bool:
    """True when the dotted ``name`` is one of ``prefixes`` or inside one."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer_offences(mods: dict[str, Path], packages: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """``file:line imports X`` for every import of a ``forbidden`` module from the ``packages``."""
    root = next(iter(mods)).split(".")[0] if mods else "analysis"
    inside = tuple(f"{root}.{p}" for p in packages)
    offences = []
    for name, path in mods.items():
        if not under(name, inside):
            continue
        for target, names, line in imports_of(path, name):
            hits = [n for n in imported_names(target, names) if under(n, forbidden)]
            if hits and not under(target, (name,)):
                offences.append(f"{path.name} ({name}):{line} imports {hits[0]}")
    return offences


def long_modules(mods: dict[str, Path], limit: int = MAX_LINES) -> dict[str, int]:
    """Module → its number of lines, for the modules over ``limit``."""
    return {
        name: n for name, path in mods.items() if (n := len(path.read_text("utf-8").splitlines())) > limit
    }


def first_cycle(mods: dict[str, Path]) -> list[str]:
    """The first import cycle among the modules (``[]`` when none).

    A package's ``__init__`` re-exporting its own modules is not a cycle of jobs: the edge from a
    module to its own parent package is dropped."""
    edges = internal_edges(mods)
    for name in edges:
        edges[name] = {t for t in edges[name] if not (name.startswith(t + ".") or t == name)}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if seen.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in seen and (found := visit(nxt)):
                return found
        stack.pop()
        seen[node] = 2
        return []

    for node in sorted(edges):
        if node not in seen and (found := visit(node)):
            return found
    return []


def private_imports(mods: dict[str, Path]) -> list[str]:
    """``file:line imports [_name] from module`` for each private name taken from another module."""
    root = next(iter(mods)).split(".")[0] if mods else "analysis"
    offences = []
    for name, path in mods.items():
        for target, names, line in imports_of(path, name):
            if not target.startswith(root) or target == name:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                offences.append(f"{path.name} ({name}):{line} imports {private} from {target}")
    return offences


def test_studies_import_no_report_renderer_or_plotting():
    offences = layer_offences(modules(), STUDIES, ABOVE_STUDIES)
    assert not offences, "a study imports what shows it:\n" + "\n".join(offences)


def test_files_text_and_lexicons_import_no_study():
    studies = tuple(f"analysis.{s}" for s in STUDIES)
    offences = layer_offences(modules(), BELOW_STUDIES, studies)
    assert not offences, "a lower layer imports a study:\n" + "\n".join(offences)


def test_no_module_over_the_limit():
    big = long_modules(modules())
    assert not big, f"modules over {MAX_LINES} lines (split them by job): {big}"


def test_no_import_cycle():
    cycle = first_cycle(modules())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_no_private_names_across_modules():
    offences = private_imports(modules())
    assert not offences, "\n".join(offences)


def write_package(root: Path, files: dict[str, str]) -> dict[str, Path]:
    """A synthetic package ``pkg`` under ``root`` with the given module texts; its modules."""
    for rel, text in files.items():
        path = root / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    for folder in {p for p in (root / "pkg").rglob("*") if p.is_dir()} | {root / "pkg"}:
        (folder / "__init__.py").touch()
    return modules(root / "pkg")


def test_the_checks_can_fail(tmp_path):
    """Each detector finds what it looks for in a small package that breaks every rule."""
    mods = write_package(
        tmp_path,
        {
            "topics/model.py": "import bokeh.plotting\nfrom pkg.reports import charts\n",
            "sentiment/score.py": "def f():\n    from matplotlib import pyplot\n",
            "corpus/read.py": "from pkg.topics import model\n",
            "text/tokens.py": "import pkg.attribution.rules\n",
            "attribution/rules.py": "from pkg.text.tokens import _secret\n" + "x = 1\n" * 401,
            "reports/charts.py": "",
            "a.py": "import pkg.b\n",
            "b.py": "from pkg import a\n",
        },
    )
    up = layer_offences(mods, STUDIES, ("pkg.reports", "pkg.render", "matplotlib", "bokeh"))
    assert len(up) == 3 and any("bokeh" in o for o in up) and any("matplotlib" in o for o in up)
    down = layer_offences(mods, BELOW_STUDIES, tuple(f"pkg.{s}" for s in STUDIES))
    assert sorted(o.split(" ")[0] for o in down) == ["read.py", "tokens.py"]
    assert list(long_modules(mods)) == ["pkg.attribution.rules"]
    assert first_cycle(mods) in (["pkg.a", "pkg.b", "pkg.a"], ["pkg.b", "pkg.a", "pkg.b"])
    assert private_imports(mods) == [
        "rules.py (pkg.attribution.rules):1 imports ['_secret'] from pkg.text.tokens"
    ]
    clean = write_package(tmp_path / "clean", {"topics/model.py": "import numpy\n", "corpus/read.py": ""})
    assert not layer_offences(clean, STUDIES, ABOVE_STUDIES) and not first_cycle(clean)


# --- one place for each shared fact ------------------------------------------------------------

#: Literals and definitions that must live in one module each: (what, pattern, the one file).
ONE_PLACE = [
    ("the (not stated) label", r"\(not stated\)", "corpus/metadata.py"),
    ("the pooled row wordings", r"other \(n <|other outlets \(|\(no outlet stated\)", "reports/labels.py"),
    ("the Wilson interval", r"def wilson\b|z \* z / \(2 \* n\)", "stats.py"),
    ("the mean interval", r"def mean_interval\b|stats\.t\.ppf", "reports/stats.py"),
    ("the confidence level and its z", r"^LEVEL\s*=|^Z\d*\s*=|1\.95996|norm\.ppf", "stats.py"),
    ("plural", r"def plural\b|'' if [^\n]* == 1 else 's'|'s' if [^\n]* != 1 else ''", "reports/labels.py"),
    ("topic labels", r"f\"\{int\(t\)\}: \{label\}\"", "reports/labels.py"),
]


def code_without_prose(text: str) -> str:
    """The source with its docstrings and comments blanked: a docstring may name a wording it
    documents ("pooled as ``other outlets (k)``"), code must import it."""
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                for i in range(body[0].lineno - 1, body[0].end_lineno):
                    lines[i] = ""
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col]
    return "\n".join(lines)


def literal_places(root: Path, pattern: str) -> set[str]:
    """Files under ``root`` (relative, ``/``-separated) whose code (docstrings and comments left
    out) matches ``pattern`` (multiline)."""
    regex = re.compile(pattern, re.M)
    return {
        p.relative_to(root).as_posix()
        for p in sorted(root.rglob("*.py"))
        if regex.search(code_without_prose(p.read_text("utf-8")))
    }


@pytest.mark.parametrize(("what", "pattern", "home"), ONE_PLACE, ids=[w for w, _, _ in ONE_PLACE])
def test_each_shared_fact_lives_in_one_place(what, pattern, home):
    places = literal_places(PACKAGE, pattern) | {
        f"../notebooks/{p.name}" for p in NOTEBOOKS.glob("*.ipynb") if re.search(pattern, code_of(p), re.M)
    }
    assert places == {home}, f"{what} is written in {sorted(places)}; keep it in {home} and import it"


def test_the_one_place_check_can_fail(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "stats.py").write_text("def wilson(k, n):\n    return k / n\n")
    (tmp_path / "views.py").write_text("def wilson(k, n, z=2):\n    return k / n\n")
    (tmp_path / "prose.py").write_text('"""Pools as ``other (n < 5)``."""\nX = 1  # other (n < 5)\n')
    (tmp_path / "table.py").write_text('def f(k):\n    """Pools."""\n    return f"other (n < {k})"\n')
    assert literal_places(tmp_path, ONE_PLACE[2][1]) == {"reports/stats.py", "views.py"}
    assert literal_places(tmp_path, ONE_PLACE[1][1]) == {"table.py"}


def code_of(notebook: Path) -> str:
    """The code cells of a notebook, one after the other."""
    import json

    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


#: Code lines a notebook may hold: parameters, ``reports.<name>.load(store)``, show (computing
#: lives in the report's package, where it is tested without a kernel).
MAX_NOTEBOOK_LINES = 60


def notebook_code_lines(notebook: Path) -> int:
    """Non-blank code lines of a notebook."""
    return sum(1 for line in code_of(notebook).splitlines() if line.strip())


def test_notebooks_are_thin_and_stripped():
    sizes = {p.name: notebook_code_lines(p) for p in sorted(NOTEBOOKS.glob("*.ipynb"))}
    assert sizes and all(n > 0 for n in sizes.values())
    fat = {name: n for name, n in sizes.items() if n > MAX_NOTEBOOK_LINES}
    assert not fat, (
        f"notebooks over {MAX_NOTEBOOK_LINES} code lines (move the computing into reports/): {fat}"
    )
    for p in sorted(NOTEBOOKS.glob("*.ipynb")):
        assert "load(" in code_of(p), f"{p.name} does not call its report's load()"
        assert '"outputs": []' in p.read_text("utf-8") and '"output_type"' not in p.read_text("utf-8"), p.name


def test_one_parameter_block_wording():
    """The store/corpus parameters open every notebook in the same words (one wording to learn,
    and the help ``report --help`` prints is the same for each)."""
    heads = {p.name: code_of(p).splitlines()[:6] for p in sorted(NOTEBOOKS.glob("*.ipynb"))}
    assert len({tuple(h) for h in heads.values()}) == 1, heads
    first = next(iter(heads.values()))
    assert heads and first[1].startswith("store = None") and first[2].startswith("corpus = None")
    # the corpus options of the command line, in its order (issue 23)
    assert [line.split(" = ")[0] for line in first[3:6]] == ["columns", "metadata", "keep_columns"]


def test_the_notebook_check_can_fail(tmp_path):
    import json

    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    cells = [
        dict(cell, source=["x = 1\n"] * 61),
        {"cell_type": "markdown", "metadata": {}, "source": ["# t"]},
    ]
    fat = tmp_path / "fat.ipynb"
    fat.write_text(json.dumps({"cells": cells}))
    assert notebook_code_lines(fat) == 61 > MAX_NOTEBOOK_LINES


#: Names and phrases of the sample corpus's story; the package must hold none of them (a user's
#: corpus is any story). The seeds and tests may.
SEED_STORY = re.compile(r"klintsevich|rybakov|ryabkov|nauert|nuland|peskov|tillerson|lavrov|strongman", re.I)


def test_no_seed_story_in_the_package():
    hits = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".yaml", ".yml", ".tsv", ".md", ".json"}:
            for i, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
                if SEED_STORY.search(line):
                    hits.append(f"{path.relative_to(PACKAGE.parent)}:{i}: {line.strip()[:80]}")
    assert not hits, "seed story in the package:\n" + "\n".join(hits[:20])


def test_a_report_kernel_and_the_command_line_help_do_not_load_nltk():
    """nltk's package ``__init__`` loads all of nltk (about a second) whatever part is imported;
    only the processes that split sentences or stem words need it, so it is imported where the
    tokenizer and the stemmer are made, not at module level."""
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "import analysis.reports.corpus, analysis.reports.topics, analysis.reports.sentiment\n"
        "import analysis.reports.sources, analysis.reports.synthesis, analysis.reports.outlets\n"
        "import analysis.render\n"
        "from analysis.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'nltk'))\n"
        "from analysis.text.sentences import split_sentences\n"
        "assert split_sentences('Mr. Smith came. He left.') == [(0, 15), (16, 24)]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", done.stdout

"""The house rules, checked on the package's source with ``ast``.

Why a test: the rules (small modules, no import cycles, no reaching into another module's
private names, no story in the package) were broken once as the code grew; a test keeps them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"
MAX_LINES = 500


def modules() -> dict[str, Path]:
    """Dotted module name → file, for every Python file of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(path: Path, name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every import in the file."""
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


def internal_edges() -> dict[str, set[str]]:
    """Module → the package modules it imports (a ``from pkg import mod`` counts as ``pkg.mod``)."""
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, names, _ in imports_of(path, name):
            if not target.startswith("analysis"):
                continue
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in mods]
            edges[name].update(subs or ([target] if target in mods else []))
    return edges


def test_no_module_over_the_limit():
    big = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines (split them by job): {big}"


def test_no_import_cycle():
    edges = internal_edges()
    # A package's __init__ re-exporting its own modules is not a cycle of jobs: drop the edge from
    # a module to its own parent package.
    for name in edges:
        edges[name] = {t for t in edges[name] if not (name.startswith(t + ".") or t == name)}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if seen.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(edges):
        if node not in seen:
            visit(node)


def test_no_private_names_across_modules():
    offences = []
    for name, path in modules().items():
        for target, names, line in imports_of(path, name):
            if not target.startswith("analysis") or target == name:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                offences.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {private} from {target}")
    assert not offences, "\n".join(offences)


def test_the_checks_can_fail(tmp_path):
    """The cycle and private-name detectors find what they look for (a test that cannot fail is none)."""
    a = tmp_path / "a.py"
    a.write_text("from analysis.b import _secret\nimport analysis.c\n")
    found = imports_of(a, "analysis.a")
    assert ("analysis.b", ["_secret"], 1) in found
    assert ("analysis.c", [], 2) in found


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

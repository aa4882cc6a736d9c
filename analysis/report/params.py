"""Which notebooks a report run renders and with which parameters (``-p``, ``-f``).

Why strict: a parameter no notebook declares is an error, so a typo never silently runs the
defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ReportError(RuntimeError):
    """A report run cannot start (bad parameters, no notebooks); the message says what to fix."""


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the source tree this package is installed from."""
    return Path(__file__).resolve().parent.parent.parent / "notebooks"


def list_notebooks(notebooks_dir: Path | str | None = None) -> list[Path]:
    """The report notebooks, in name order (``00_corpus.ipynb``, ``01_topics.ipynb``, ...)."""
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith((".", "_")))
    if not found:
        raise ReportError(f"{folder}: no notebooks found")
    return found


def notebook_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares (name → papermill's inferred type, default, help)."""
    import papermill as pm

    return pm.inspect_notebook(str(path))


def parse_value(text: str) -> Any:
    """A ``-p KEY VALUE`` value read as YAML: ``5`` → 5, ``true`` → True, ``auto`` → "auto"."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def plan_parameters(
    notebooks: list[Path], params: dict[str, Any] | None = None, params_file: str | Path | None = None
) -> dict[str, dict[str, Any]]:
    """Parameters for each notebook: those it declares, from ``-f`` then ``-p``.

    A params file holds global keys and, optionally, one mapping per notebook name
    (``01_topics: {n_topics: 6}``) that applies to that notebook only. A key no notebook
    declares is an error: a typo must not silently run the defaults.
    """
    global_params: dict[str, Any] = {}
    per_notebook: dict[str, dict[str, Any]] = {}
    names = {nb.stem for nb in notebooks}
    if params_file:
        try:
            loaded = yaml.safe_load(Path(params_file).read_text("utf-8")) or {}
        except OSError as err:
            raise ReportError(f"{params_file}: cannot read the parameters file ({err.strerror})") from None
        except yaml.YAMLError as err:
            where = getattr(err, "problem_mark", None)
            line = f" at line {where.line + 1}" if where is not None else ""
            raise ReportError(f"{params_file}: not valid YAML{line}; write one `name: value` per line") from None
        if not isinstance(loaded, dict):
            raise ReportError(f"{params_file}: must be a mapping of parameter names to values")
        for key, value in loaded.items():
            if key in names and isinstance(value, dict):
                per_notebook[key] = dict(value)
            else:
                global_params[key] = value
    global_params.update(params or {})
    declared = {nb.stem: set(notebook_parameters(nb)) for nb in notebooks}
    everything = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(global_params) - everything)
    for name, values in per_notebook.items():
        unknown += [f"{name}.{k}" for k in values if k not in declared.get(name, set())]
    if unknown:
        raise ReportError(
            f"unknown parameter(s) {', '.join(unknown)}; declared: {', '.join(sorted(everything))}"
        )
    plan = {}
    for nb in notebooks:
        chosen = {k: v for k, v in global_params.items() if k in declared[nb.stem]}
        chosen.update(per_notebook.get(nb.stem, {}))
        plan[nb.stem] = chosen
    return plan

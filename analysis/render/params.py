"""Which notebooks a report run renders and with which parameters (``-p``, ``-f``).

Why strict: a parameter no notebook declares is an error, so a typo never silently runs the
defaults.
"""

from __future__ import annotations

import re
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


def describe_notebook(path: Path) -> tuple[str | None, str | None]:
    """The notebook's title (its first ``#`` heading) and first sentence of prose, for the index."""
    import nbformat

    title = description = None
    for cell in nbformat.read(str(path), as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n\s*\n", cell.source):
            text = " ".join(block.split())
            if text.startswith("# ") and title is None:
                title = text[2:].strip()
            elif text and not text.startswith(("#", "|", "-", "*", ">", "<")) and description is None:
                description = re.split(r"(?<=[.?!:])\s", text, maxsplit=1)[0].replace("**", "")
        if title and description:
            break
    return title, description


def parse_value(text: str) -> Any:
    """A ``-p KEY VALUE`` value read as YAML: ``5`` → 5, ``true`` → True, ``auto`` → "auto"."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


#: How the corpus is read, as the command line takes it (``--columns``, ``--metadata``,
#: ``--keep-columns``): every notebook declares them, so a notebook run alone reads a CSV corpus
#: the way ``report`` does (an ``outlet=domain`` mapping keeps its outlets).
CORPUS_OPTIONS = ("columns", "metadata", "keep_columns")
#: Parameters that mean the same thing in every notebook that declares them.
SHARED_PARAMETERS = frozenset({"corpus", "store", "engine", "scheduler", "max_rows", *CORPUS_OPTIONS})


def default_corpus() -> str:
    """``seeds/`` of the source tree this package runs from: the corpus of a notebook (or command)
    given none. Resolved here, not written ``"../seeds"`` in a notebook, so that a notebook copied
    elsewhere still finds it."""
    return str(Path(__file__).resolve().parents[2] / "seeds")


def corpus_options(
    columns: dict[str, str] | None = None,
    metadata: str | Path | None = None,
    keep_columns: list[str] | tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Keyword arguments of :func:`analysis.corpus.load_corpus` from the corpus options, those
    given only: the same dict for the same options whether they came from the command line or a
    notebook's parameters (the cached store of a notebook is found by it)."""
    options: dict[str, Any] = {}
    if columns:
        options["columns"] = {str(k): str(v) for k, v in dict(columns).items()}
    if metadata is not None:
        options["metadata"] = metadata if isinstance(metadata, bool) else str(Path(metadata).expanduser())
    if keep_columns:
        options["keep_columns"] = [str(c) for c in keep_columns]
    return options


def notebook_store(
    store: str | Path | None,
    corpus: str | Path | None = None,
    columns: dict[str, str] | None = None,
    metadata: str | Path | None = None,
    keep_columns: list[str] | None = None,
):
    """The store a notebook reads: ``store`` when a report run passed one; else the store of
    ``corpus`` (default: :func:`default_corpus`) read with the corpus options, built once in the
    cache (:func:`analysis.store.open_or_build`)."""
    from analysis.store import open_or_build

    load = corpus_options(columns, metadata, keep_columns)
    return open_or_build(store, corpus if corpus is not None else default_corpus(), load=load or None)


def run_corpus_options(plan: dict[str, dict[str, Any]], load: dict[str, Any] | None) -> dict[str, Any]:
    """The reading options of a report run: ``load`` (``--columns`` ...) with the corpus options
    given as notebook parameters (``-p columns ...``, ``-f``), taken out of ``plan``. The corpus is
    read once for every notebook, so a notebook cannot read it its own way: options that differ
    between notebooks, or from the command line's, are an error."""
    given: dict[str, Any] = {}
    for stem, chosen in plan.items():
        for key in CORPUS_OPTIONS:
            if key not in chosen:
                continue
            value = chosen.pop(key)
            if key in given and given[key] != value:
                raise ReportError(
                    f"{key} differs between notebooks ({stem}); the corpus is read once for all"
                )
            given[key] = value
    options = {**(load or {})}
    for key, value in corpus_options(**given).items():
        if options.get(key) not in (None, value):
            raise ReportError(
                f"{key} is given twice, as --{key.replace('_', '-')} and as a notebook parameter"
            )
        options[key] = value
    return options


def notebook_named(notebooks: list[Path], name: str) -> Path | None:
    """The notebook called ``name``: its stem (``01_topics``), or the stem's part after the number
    (``topics``)."""
    for nb in notebooks:
        if name in (nb.stem, nb.name) or nb.stem.partition("_")[2] == name:
            return nb
    return None


def plan_parameters(
    notebooks: list[Path], params: dict[str, Any] | None = None, params_file: str | Path | None = None
) -> dict[str, dict[str, Any]]:
    """Parameters for each notebook: those it declares, from ``-f`` then ``-p``.

    A key goes to every notebook that declares it, unless it is written ``NOTEBOOK.key``
    (``topics.method``, ``01_topics.method``), which goes to that notebook only. A params file may
    also hold one mapping per notebook name (``01_topics: {n_topics: 6}``). Two kinds of key are
    errors, so that a run never silently does something else than asked: a key no notebook
    declares (a typo), and a bare key that several notebooks declare with different defaults
    (``method`` is NMF/LDA in one and rules/model in another): it must be namespaced.
    """
    global_params: dict[str, Any] = {}
    per_notebook: dict[str, dict[str, Any]] = {}
    for key, value in [*_file_parameters(params_file, notebooks).items(), *(params or {}).items()]:
        if isinstance(value, dict) and notebook_named(notebooks, key) is not None:
            per_notebook.setdefault(notebook_named(notebooks, key).stem, {}).update(value)
        elif "." in key and notebook_named(notebooks, key.partition(".")[0]) is not None:
            nb = notebook_named(notebooks, key.partition(".")[0])
            per_notebook.setdefault(nb.stem, {})[key.partition(".")[2]] = value
        else:
            global_params[key] = value
    declared = {nb.stem: notebook_parameters(nb) for nb in notebooks}
    _check_known(global_params, per_notebook, declared)
    _check_unambiguous(global_params, declared)
    plan = {}
    for nb in notebooks:
        chosen = {k: v for k, v in global_params.items() if k in declared[nb.stem]}
        chosen.update(per_notebook.get(nb.stem, {}))
        plan[nb.stem] = chosen
    return plan


def _file_parameters(params_file: str | Path | None, notebooks: list[Path]) -> dict[str, Any]:
    if not params_file:
        return {}
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
    return loaded


def _check_known(global_params: dict, per_notebook: dict, declared: dict) -> None:
    everything = set().union(*map(set, declared.values())) if declared else set()
    unknown = sorted(set(global_params) - everything)
    for name, values in per_notebook.items():
        unknown += [f"{name}.{k}" for k in values if k not in declared.get(name, {})]
    if unknown:
        raise ReportError(
            f"unknown parameter(s) {', '.join(unknown)}; declared: {', '.join(sorted(everything))}"
        )


def _check_unambiguous(global_params: dict, declared: dict) -> None:
    for key in sorted(set(global_params) - SHARED_PARAMETERS):
        owners = {name: info[key]["default"] for name, info in declared.items() if key in info}
        if len(set(owners.values())) > 1:
            raise ReportError(
                f"parameter {key!r} means different things in {', '.join(sorted(owners))}; "
                f"write it per notebook, e.g. -p {sorted(owners)[0]}.{key} VALUE"
            )

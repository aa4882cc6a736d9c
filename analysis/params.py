"""Every study parameter declared once: name, default, kind, allowed values and help.

Why one spec: a parameter's default used to be written in the estimator, the streaming
estimator, the store and the command line, and a change in one left the others behind. From
:data:`SPECS` come the store's defaults (:data:`analysis.store.DEFAULTS`), the ``-s STUDY.NAME``
help of ``run`` and ``report``, the ``extract`` options and the estimators' ``__init__``
defaults; :func:`check` refuses a value outside its spec with a message naming the parameter
and what it allows. This module imports nothing from the package, so every layer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Where a chunk of articles runs (:mod:`analysis.engine`, :func:`analysis.store.build`).
ENGINES = ("pandas", "dask")
DEFAULT_ENGINE = "pandas"


@dataclass(frozen=True)
class Param:
    """One study parameter. ``kind`` is ``bool``, ``int``, ``float``, ``choice``, ``int_or_auto``
    or ``path``; ``low``/``high`` bound numbers (inclusive); ``store`` is False for a parameter
    of the functions only (not a store parameter, e.g. the sentence lexicon)."""

    name: str
    default: Any
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    store: bool = True

    @property
    def study(self) -> str:
        return self.name.partition(".")[0]

    @property
    def key(self) -> str:
        return self.name.partition(".")[2]

    def allowed(self) -> str:
        """What the parameter takes, in words (for help and errors)."""
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "bool":
            return "true or false"
        if self.kind == "path":
            return "a file path or null"
        word = {"int": "a whole number", "float": "a number", "int_or_auto": "auto or a whole number"}
        text = word[self.kind]
        if self.low is not None and self.high is not None:
            return f"{text} between {self.low:g} and {self.high:g}"
        if self.low is not None:
            return f"{text} of at least {self.low:g}"
        return text


SPECS: tuple[Param, ...] = (
    Param("corpus.keep_duplicates", False, "bool", "analyse exact and near copies too (default: set aside)"),
    Param("actors.backend", "tagger", "choice", "entity recogniser", choices=("tagger", "spacy")),
    Param("actors.story", None, "path", "a story file naming the actors and their groups"),
    Param(
        "attribution.method",
        "rules",
        "choice",
        "rules (precise, lexicon-based), model (adds the CRF tagger trained on PolNeAR: higher recall "
        "on PolNeAR, noisier on short news), auto (model when available)",
        choices=("rules", "model", "auto"),
    ),
    Param(
        "sentiment.model",
        "news",
        "choice",
        "target-sentiment model (models: analysis/models/sentiment_*.md)",
        choices=("transformer", "news", "vader"),
    ),
    Param("sentiment.n_actors", 20, "int", "most-mentioned actors scored as targets", low=1),
    Param(
        "sentiment.lexicon",
        "news",
        "choice",
        "sentence lexicon: news (VADER plus a news supplement, names masked) or vader (plain VADER)",
        choices=("news", "vader"),
        store=False,
    ),
    Param("topics.n_topics", "auto", "int_or_auto", "number of topics, or auto (chosen by quality)", low=1),
    Param("topics.method", "nmf", "choice", "topic model: nmf (best on news) or lda", choices=("nmf", "lda")),
    Param(
        "topics.unit",
        "auto",
        "choice",
        "what one document of the model is (auto: by corpus size)",
        choices=("auto", "article", "paragraph", "sentence"),
    ),
    Param("topics.seed", 0, "int", "random seed; same seed, same topics"),
    Param(
        "topics.refit_share",
        0.2,
        "float",
        "refit the topic model when more than this share of the corpus changed",
        low=0,
        high=1,
    ),
    Param("outlets.threshold", 0.5, "float", "least probability to name an outlet", low=0, high=1),
    Param("outlets.min_articles", 2, "int", "fewest articles an outlet needs to be learnt", low=1),
    Param("outlets.seed", 0, "int", "random seed of the outlet classifier"),
    Param("outlets.reuse_n", 8, "int", "word n-gram length of text reuse", low=1),
    Param(
        "outlets.reuse_top",
        20,
        "int",
        "most text-reuse pairs kept per article (its largest by shared words)",
        low=1,
    ),
    Param(
        "outlets.min_precision",
        0.5,
        "float",
        "least lower bound (95% Wilson) of the out-of-fold precision an outlet needs to be named",
        low=0,
        high=1,
    ),
)
BY_NAME: dict[str, Param] = {p.name: p for p in SPECS}


def spec(name: str) -> Param:
    """The spec of the dotted ``name``; an unknown name is an error listing the known ones."""
    if name not in BY_NAME:
        known = ", ".join(p.name for p in SPECS if p.store)
        raise ValueError(f"unknown store parameter {name!r}; known: {known}")
    return BY_NAME[name]


def default(name: str) -> Any:
    """The default of the dotted ``name`` (``default("topics.n_topics")``)."""
    return spec(name).default


def choices(name: str) -> tuple[str, ...]:
    """The allowed values of a choice parameter."""
    return spec(name).choices


def store_defaults() -> dict[str, dict[str, Any]]:
    """The store's parameters by study with their defaults (a fresh dict each call)."""
    out: dict[str, dict[str, Any]] = {}
    for p in SPECS:
        if p.store:
            out.setdefault(p.study, {})[p.key] = p.default
    return out


def check(name: str, value: Any) -> Any:
    """``value`` if it fits the spec of ``name`` (``"6"`` read as 6 where a number is due), else a
    ``ValueError`` naming the parameter, the value and what is allowed."""
    p = spec(name)
    ok, value = _fits(p, value)
    if not ok:
        raise ValueError(f"study parameter {name} takes {p.allowed()}, not {value!r}")
    return value


def _fits(p: Param, value: Any) -> tuple[bool, Any]:
    if p.kind == "choice":
        return value in p.choices, value
    if p.kind == "bool":
        return isinstance(value, bool), value
    if p.kind == "path":
        return value is None or isinstance(value, str), value
    if p.kind == "int_or_auto" and value == "auto":
        return True, value
    number = _number(value, whole=p.kind != "float")
    if number is None:
        return False, value
    low_ok = p.low is None or number >= p.low
    high_ok = p.high is None or number <= p.high
    return low_ok and high_ok, number


def _number(value: Any, *, whole: bool) -> float | int | None:
    """``value`` as a number (an int where ``whole``), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value) if not whole else int(value)
        except ValueError:
            return None
    if whole:
        return value if isinstance(value, int) else None
    return value if isinstance(value, (int, float)) else None


def check_engine(engine: str) -> None:
    """Raise ``ValueError`` for an engine other than those in :data:`ENGINES`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")


def help_lines() -> list[str]:
    """``STUDY.NAME = default  # allowed; help`` for every store parameter (``run``/``report`` help)."""
    return [f"    {p.name} = {p.default!r}  # {p.allowed()}; {p.help}" for p in SPECS if p.store]

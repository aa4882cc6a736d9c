"""Word lists the attribution rules read (cues, titles, organisations, documents, descriptions,
female given names), each from one plain file in ``data/`` that users can copy and extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from analysis.lexicons.outlets import outlet_sides


@dataclass(frozen=True)
class Lexicons:
    """Word lists the rules read; each comes from one plain file users can extend.

    Attributes
    ----------
    cues : cue phrase (lower case) -> class (speech, partial, media, source).
    loaded_cues : cue phrases marked ``loaded`` in ``cues.txt`` (verbs that colour what they
        report: "warned", "insisted"), for the sources report; the rules do not read them.
    titles : title and role words (lower case).
    organisations : words and names that make a speaker an organisation (as written).
    outlets : outlet name (as written) -> side.
    documents : nouns that make a source a document (lower case).
    descriptions : nouns of definite descriptions that refer back to a person (lower case).
    female_names : given names read as female, for "she".
    """

    cues: dict[str, str]
    titles: frozenset[str]
    organisations: frozenset[str]
    outlets: dict[str, str]
    documents: frozenset[str]
    descriptions: frozenset[str]
    female_names: frozenset[str]
    loaded_cues: frozenset[str] = frozenset()
    cue_first: dict = field(init=False, repr=False, compare=False)
    titled_name: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, cls in self.cues.items():
            words = tuple(phrase.split())
            first.setdefault(words[0], []).append((words, cls))
        for v in first.values():
            v.sort(key=lambda x: -len(x[0]))
        object.__setattr__(self, "cue_first", first)
        caps = sorted({t[:1].upper() + t[1:] for t in self.titles if t[:1].isalpha()}, key=len, reverse=True)
        title = r"(?:" + "|".join(re.escape(t) for t in caps) + r")(?<=\w|\.)"
        # one or more capitalised titles, then the name: two or three capitalised words
        # ("Deputy Prime Minister Anna Berg" -> "Anna Berg")
        object.__setattr__(
            self,
            "titled_name",
            re.compile(
                r"\b" + title + r"(?:[ \t]+" + title + r")*[ \t]+"
                r"((?:[A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+){1,2})(?![\w'’])"
            ),
        )


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def load_lexicons(folder: str | Path | None = None) -> Lexicons:
    """Read the lexicon files from ``folder`` (the packaged ones when None).

    A user folder may hold only some of the files; the packaged file fills in for any missing.
    """

    def read(name: str) -> list[str]:
        if folder is not None and (Path(folder) / name).is_file():
            return _lines((Path(folder) / name).read_text("utf-8"))
        return _lines(resources.files("analysis.lexicons").joinpath(f"data/{name}").read_text("utf-8"))

    cues = {}
    loaded = set()
    for ln in read("cues.txt"):
        form, cls, *marks = ln.split("\t") + [""]
        key = " ".join(form.lower().split())
        cues[key] = cls.strip() or "speech"
        if "loaded" in (m.strip() for m in marks):
            loaded.add(key)
    outlets = outlet_sides()
    return Lexicons(
        cues=cues,
        titles=frozenset(w.lower() for w in read("titles.txt")),
        organisations=frozenset(read("organisations.txt")),
        outlets=outlets,
        documents=frozenset(w.lower() for w in read("documents.txt")),
        descriptions=frozenset(w.lower() for w in read("descriptions.txt")),
        female_names=frozenset(read("names_female.txt")),
        loaded_cues=frozenset(loaded),
    )


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """The packaged lexicons, read once per process."""
    return load_lexicons()

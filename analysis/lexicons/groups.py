"""Words that name groups: countries (with their nationality words, capitals and institutions)
and parties (with their members' words and party-state tags).

Why here: attribution (a speaker's group), sentiment (targets) and the actors study must agree on
what "Kremlin", "(R-Maine)" or "Labour" says about an actor, so all read these loaders. The lists
are generic world knowledge (``data/countries.tsv``, ``data/parties.tsv``), the same for every
story; a user's story file (:func:`analysis.lexicons.gazetteer.load_story`) adds its own groups.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

_PHRASE_WORD = re.compile(r"[\w.'’&]+(?:-[\w.'’&]+)*")
_POSSESSIVE_END = re.compile(r"['’]s?$")


def packaged(name: str) -> str:
    """The text of a packaged data file (``analysis/lexicons/data/<name>``)."""
    return resources.files("analysis.lexicons").joinpath(f"data/{name}").read_text("utf-8")


def read_tsv(text: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line; ``#`` lines are comments."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def _split(cell: str) -> list[str]:
    return [w.strip() for w in (cell or "").split("|") if w.strip()]


@dataclass(frozen=True)
class GroupWords:
    """Phrases that name a group, with the group, its dimension and the canonical actor they name.

    Attributes
    ----------
    phrases : phrase (as written) -> (dimension, group). Ambiguous phrases (listed for two groups
        of one dimension) are left out.
    actor_of : phrase -> canonical actor name, for the phrases that *are* the group's own actor
        (a country's names and nationality words, a party's names): "Britain", "British" ->
        "United Kingdom"; "Tories" -> "Conservative Party".
    country_of_party : party group -> country code.
    party_tags : letter of a party-state tag -> party group ("R" -> "Republican").
    country_names : country code -> canonical country name.
    party_names : canonical party actor name -> party group ("Conservative Party" -> "Conservative").
    """

    phrases: dict[str, tuple[str, str]]
    actor_of: dict[str, str]
    country_of_party: dict[str, str] = field(default_factory=dict)
    party_tags: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    party_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        longest = max((len(p.split()) for p in self.phrases), default=1)
        object.__setattr__(self, "longest", longest)

    def find(self, text: str, dimension: str | None = None) -> list[tuple[int, str, str]]:
        """(offset, dimension, group) of every group phrase in ``text`` as whole words, longest
        first, in text order ("Russia's" counts as "Russia"; "R-Maine" as "Maine"; "African-American"
        as nothing, see :meth:`is_compound_adjective`).

        A dictionary look-up of word n-grams, not a regex of a thousand alternatives: compiling
        that took a second per process and matching it dominated the actors study.
        """
        words = [(m.start(), m.group()) for m in _PHRASE_WORD.finditer(text)]
        out = []
        i = 0
        while i < len(words):
            hit = self._longest(words, i)
            if hit is None:
                i += 1
                continue
            n, (dim, group) = hit
            if dimension is None or dim == dimension:
                out.append((words[i][0], dim, group))
            i += n
        return out

    def _longest(self, words: list[tuple[int, str]], i: int) -> tuple[int, tuple[str, str]] | None:
        for n in range(min(self.longest, len(words) - i), 0, -1):
            phrase = " ".join(w for _, w in words[i : i + n])
            for form in (phrase, _POSSESSIVE_END.sub("", phrase), phrase.rstrip(".")):
                if form in self.phrases:
                    return n, self.phrases[form]
        if "-" in words[i][1] and not self.is_compound_adjective(words[i][1]):
            for part in words[i][1].split("-"):  # "R-Maine", "U.S.-led": the parts
                if part in self.phrases:
                    return 1, self.phrases[part]
        return None

    def is_compound_adjective(self, word: str) -> bool:
        """A hyphenated word that ends in a group's own word after a prefix that is no party
        tag: "African-American", "anti-American", "pro-Russian" describe heritage or stance, not
        the country or party ("R-Maine" and "U.S.-led" do name theirs)."""
        first, _, last = word.rpartition("-")
        return bool(first) and last in self.actor_of and first not in self.party_tags

    def first(self, text: str, dimension: str) -> str | None:
        """The group of the first phrase of ``dimension`` in ``text``: in "US ambassador to
        Russia" the first country is the actor's own, the later one its destination."""
        hits = self.find(text, dimension)
        return hits[0][2] if hits else None


def _country_rows(text: str) -> list[dict[str, str]]:
    return read_tsv(text)


def build_group_words(countries: list[dict[str, str]], parties: list[dict[str, str]]) -> GroupWords:
    """A :class:`GroupWords` from rows of ``countries.tsv`` and ``parties.tsv``."""
    owners: dict[tuple[str, str], set[str]] = {}
    own: dict[str, tuple[str, str, str]] = {}  # a group's own names win over anyone's places
    for row in countries:
        code, name = row["code"], row["name"]
        for w in [name, *_split(row.get("aliases", ""))]:
            own[w] = ("country", code, name)
        for w in _split(row.get("people", "")):
            owners.setdefault((w, "country"), set()).add(code)
        for w in _split(row.get("places", "")):
            owners.setdefault((w, "country"), set()).add(code)
    for row in parties:
        for w in [row["name"], *_split(row.get("words", ""))]:
            owners.setdefault((w, "party"), set()).add(row["group"])
    phrases: dict[str, tuple[str, str]] = {}
    actor_of: dict[str, str] = {}
    for (w, dim), groups in owners.items():
        if len(groups) == 1:
            phrases[w] = (dim, next(iter(groups)))
    names = {row["code"]: row["name"] for row in countries}
    for row in countries:  # nationality words name the country's actor too ("Russian" -> Russia)
        for w in _split(row.get("people", "")):
            if owners.get((w, "country")) == {row["code"]}:
                actor_of[w] = row["name"]
    for w, (dim, code, name) in own.items():
        phrases[w] = (dim, code)
        actor_of[w] = name
    party_names = {row["group"]: row["name"] for row in parties}
    for w, (dim, group) in list(phrases.items()):
        if dim == "party":
            actor_of[w] = party_names[group]
    return GroupWords(
        phrases=phrases,
        actor_of=actor_of,
        country_of_party={row["group"]: row["country"] for row in parties},
        party_tags={t: row["group"] for row in parties for t in _split(row.get("tags", ""))},
        country_names=names,
        party_names={row["name"]: row["group"] for row in parties},
    )


def load_group_words(folder: str | Path | None = None) -> GroupWords:
    """Read ``countries.tsv`` and ``parties.tsv`` from ``folder`` (packaged ones when None or
    missing there)."""

    def read(name: str) -> str:
        if folder is not None and (Path(folder) / name).is_file():
            return (Path(folder) / name).read_text("utf-8")
        return packaged(name)

    return build_group_words(_country_rows(read("countries.tsv")), read_tsv(read("parties.tsv")))


@lru_cache(maxsize=1)
def default_group_words() -> GroupWords:
    """The packaged country and party words, read once per process."""
    return load_group_words()

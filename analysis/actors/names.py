"""Names as written -> names as compared: titles, honorifics and possessives off, keys for merging.

Why keys and not string equality: "Hillary Rodham Clinton", "Hillary Clinton" and "Mrs. Clinton"
are one person, "Bill Clinton" another. A person's key is (first name, surname) with middle names
and suffixes dropped; a one-word name is a surname (or a first name) to be resolved against the
full names the article or corpus gives. Organisation keys ignore case, dots, a leading "the" and
a trailing "Party"; an acronym can stand for a multi-word name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.lexicons import default_lexicons

#: Honorifics that tell a person's gender (lower case, without the period).
HONORIFICS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "lord": "m",
    "lady": "f",
    "dame": "f",
    "madam": "f",
    "madame": "f",
    "baroness": "f",
    "baron": "m",
    "mister": "m",
}

#: Honorifics that say nothing but gender: left out of a role ("Mrs." is no role; "Lord" is).
PLAIN_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mister"])

#: Name suffixes dropped from a person's key.
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])

#: Lower-case particles that belong to the surname that follows ("de Blasio", "van Gogh").
PARTICLES = frozenset(
    ["de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter", "bin", "al", "el"]
)

#: Words never part of a name's key (content words of organisation acronyms skip these too).
FUNCTION_WORDS = frozenset(["of", "the", "and", "for", "on", "in", "at", "to", "&", "de", "du", "la", "le"])

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_EDGE_PUNCT = "\"'“”‘’.,;:()[]-–— \t\n"


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Title and role words (lower case, as in ``titles.txt``) plus the honorifics above."""
    return frozenset(default_lexicons().titles) | frozenset(HONORIFICS) | {h + "." for h in HONORIFICS}


def is_title(word: str) -> bool:
    """True for a title, role or honorific word ("Sen.", "spokeswoman", "Mrs")."""
    return word.lower() in title_words()


#: Abbreviated titles and their full forms, so "Sen. Cruz" and "Senator Ted Cruz" compare equal.
TITLE_FORMS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "lt": "lieutenant",
    "col": "colonel",
    "adm": "admiral",
}


def title_set(role: str) -> frozenset[str]:
    """The title words of a role, lower case and unabbreviated: "Russian Foreign Minister" ->
    {foreign, minister}; "Sen." -> {senator}."""
    out = set()
    for w in role.split():
        low = w.lower().rstrip(".")
        if is_title(w) and low not in HONORIFICS:
            out.add(TITLE_FORMS.get(low, low))
    return frozenset(out)


def is_stop(word: str) -> bool:
    """True for an English function word (scikit-learn's stop list)."""
    return word.lower() in ENGLISH_STOP_WORDS


def strip_possessive(name: str) -> str:
    """ "Clinton's" -> "Clinton"."""
    return _POSSESSIVE.sub("", name)


@dataclass(frozen=True)
class PersonName:
    """A person's name as written, split into what it says.

    Attributes
    ----------
    name : the name without titles, honorifics or possessive ("Hillary Rodham Clinton").
    title : the title words that stood inside the mention ("Vice President", "Mrs.").
    gender : "f" or "m" when an honorific says so, else "".
    first, last : lower-case first name and surname ("" first for a one-word name).
    """

    name: str
    title: str
    gender: str
    first: str
    last: str

    @property
    def full(self) -> bool:
        """True when the name has a first name and a surname."""
        return bool(self.first)

    @property
    def key(self) -> tuple[str, str]:
        return (self.first, self.last)


def parse_person(text: str) -> PersonName:
    """Split a person mention into name, leading title words and gender.

    >>> parse_person("Vice President Joe Biden's")
    PersonName(name='Joe Biden', title='Vice President', gender='', first='joe', last='biden')
    """
    words = strip_possessive(text.strip(_EDGE_PUNCT)).split()
    title: list[str] = []
    gender = ""
    while len(words) > 1 and is_title(words[0]):
        w = words.pop(0)
        title.append(w)
        gender = HONORIFICS.get(w.lower().rstrip("."), gender)
    words = [w.strip(",;:") for w in words if w.strip(",;:")]
    name = " ".join(words)
    core = [w for w in words if w.lower() not in SUFFIXES]
    parts = _join_particles(core)
    if not parts:
        return PersonName(name, " ".join(title), gender, "", "")
    last = parts[-1].lower().replace("’", "'")
    first = parts[0].lower().rstrip(".") if len(parts) > 1 else ""
    return PersonName(name, " ".join(title), gender, first, last)


def _join_particles(words: list[str]) -> list[str]:
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if w in PARTICLES and k + 1 < len(words):
            out.append(w + " " + words[k + 1])
            k += 2
            continue
        out.append(w)
        k += 1
    return out


def org_key(text: str) -> str:
    """Comparison key of an organisation, place or group name: "the U.S. State Department's" ->
    "us state department"; "Labour Party" -> "labour"."""
    t = strip_possessive(text.strip(_EDGE_PUNCT))
    t = re.sub(r"^(?:the|The)\s+", "", t)
    t = t.replace(".", "").replace("&", "and").replace("’", "'")
    t = re.sub(r"\s+(?:Party|party)$", "", t)
    return " ".join(t.lower().split())


def acronym(text: str) -> str:
    """Initials of the content words of a multi-word name ("Federal Bureau of Investigation" ->
    "FBI"); "" for a one-word name."""
    words = [w for w in re.split(r"[\s-]+", org_key(text)) if w and w not in FUNCTION_WORDS]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def is_acronym(text: str) -> bool:
    """True for an all-capitals word of two to six letters ("FBI", "NATO", "U.N.")."""
    t = text.replace(".", "")
    return 2 <= len(t) <= 6 and t.isalpha() and t.isupper()

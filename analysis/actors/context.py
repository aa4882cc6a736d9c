"""What the text says around a mention: role words, appositives, party-state tags, descriptions.

Why generic context rules: a name alone does not say who someone is for the story; "Russian
Foreign Minister Ivan Petrov", "Jane Doe, a State Department spokeswoman," and "Rep. Susan
Collins (R-Maine)" do. Roles are found from title words (``titles.txt``), capitalised words and
names of organisations, places and nationalities right before the name (across one comma:
"Germany's foreign minister, Hans Weber"), an appositive after it, a party-state tag and
"of <place>" after it. Definite descriptions ("the US president", "the Russian deputy foreign
minister") are found too: they tell the country of whoever in the article holds that role.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from analysis.actors.names import HONORIFICS, is_stop, is_title
from analysis.lexicons import default_lexicons
from analysis.lexicons.groups import GroupWords
from analysis.text import TOKEN

#: Lower-case words that may stand inside a role ("Secretary of State for Trade and Industry").
ROLE_CONNECTORS = frozenset(["of", "the", "for", "and", "on"])

#: Words that end an appositive search: a clause, not a description, follows the comma.
_CLAUSE = frozenset(
    [
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "said",
        "says",
        "told",
        "according",
        "and",
        "but",
        "or",
        "when",
        "where",
        "while",
        "as",
        "after",
        "before",
        "if",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "did",
        "does",
        "do",
        "not",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
    ]
)

_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|his|her|its|their)\s+)?([^,;:.!?\"“”()\n]{2,90}?)\s*(?=[,;.!?])"
)
DEFINED = re.compile(r"\s*\(([A-Z][A-Z.&]{1,8})\)")
_TAG = re.compile(r"\s*[(,]\s*([A-Z])\s?[-–.]\s?([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)\s*\)?|\s*\(([A-Z])\)")
_DESCRIPTION = re.compile(
    r"\b[Tt]he\s+([A-Z][\w.’']*(?:\s[A-Z][\w.’']*)?)\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)"
)
_NAME_NEXT = re.compile(r",?\s+[A-Z]")
_POSSESSOR = frozenset(["his", "her", "their", "its"])


class EntityIndex:
    """The entities of one article, to ask which entity covers an offset."""

    def __init__(self, entities: list[tuple[int, int, str]]):
        self.entities = sorted(entities)
        self.starts = [s for s, _, _ in self.entities]

    def at(self, offset: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.entities[i][0] <= offset < self.entities[i][1]:
            return self.entities[i]
        return None

    def within(self, start: int, end: int, kind: str | None = None) -> bool:
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.entities) and self.entities[i][0] < end:
            if kind is None or self.entities[i][2] == kind:
                return True
            i += 1
        return False


def prefix_role(text: str, start: int, sent_start: int, index: EntityIndex) -> tuple[int, str]:
    """(start, text) of the role words right before a person mention, or (start, "").

    Walking left from the name: title words, names of organisations, places and nationalities,
    capitalised words, connectors inside a role ("Secretary of State for Trade and Industry"),
    and one plain word between two role words ("Democratic presidential nominee"). A connector
    right before the name ("Schultz and Larry King") or after another person's name ends it.
    """
    toks = [
        (m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, max(sent_start, start - 200), start)
    ]
    k = len(toks) - 1
    if k > 0 and toks[k][2] == "," and is_title(toks[k - 1][2]):
        k -= 1  # "Germany's foreign minister, Hans Weber"
    keep = k + 1
    while k >= 0:
        if toks[k][2].lower() == "under" and not toks[min(k + 1, len(toks) - 1)][2].lower().startswith(
            "secretary"
        ):
            break  # "... Council under President Bush": a preposition, not "Under Secretary"
        inside = keep == k + 1 < len(toks)  # the token to the right is already part of the role
        if not _role_token(toks, k, inside, index):
            break
        keep = k
        k -= 1
    words = [t for t in toks[keep:] if t[2] != ","]
    if words and not (_in_role(words[-1], index) or (len(words) > 1 and _in_role(words[-2], index))):
        # "Ivanka Trump" tagged as "Trump": a name, not a role, stands before it; but a capital
        # word after a role word is one ("German Chancellor", "Labour MP")
        return start, ""
    while words and not _starts_role(words, sent_start, index):
        words = words[1:]
    if not any(_in_role(t, index) or (t[2][:1].isupper() and t[0] > sent_start) for t in words):
        return start, ""
    return words[0][0], " ".join(text[words[0][0] : words[-1][1]].split())


def _role_token(toks: list[tuple[int, int, str]], k: int, inside: bool, index: EntityIndex) -> bool:
    """Whether token ``k`` belongs to the role that ends right of it (see :func:`prefix_role`)."""
    a, _, w = toks[k]
    ent = index.at(a)
    left = toks[k - 1] if k > 0 else None
    low = w.lower()
    if is_title(w) or (ent is not None and ent[2] not in ("person", "other")):
        return True
    if w[:1].isupper() and not is_stop(w):
        return True
    if not inside or left is None:
        return False
    if low in ROLE_CONNECTORS:
        return (index.at(left[0]) or (0, 0, ""))[2] != "person"
    if low == "to":  # "ambassador to NATO", "adviser to the president"
        return _role_title(left[2])
    # one plain word between role words: "Democratic presidential nominee"
    return (
        w[:1].islower()
        and w.isalpha()
        and _role_title(toks[k + 1][2])
        and _in_role(left, index)
        and low not in cue_words()
        and not is_stop(w)
        and not low.endswith("ed")  # "Conservatives accepted Prime Minister ...": a verb
    )


def _role_title(word: str) -> bool:
    """A title word that is more than an honorific ("nominee", not "Mr.")."""
    return is_title(word) and word.lower().rstrip(".") not in HONORIFICS


def _in_role(tok: tuple[int, int, str], index: EntityIndex) -> bool:
    """A title word, or a word of an organisation, place or nationality name."""
    ent = index.at(tok[0])
    return is_title(tok[2]) or (ent is not None and ent[2] not in ("person", "other"))


def _starts_role(words: list[tuple[int, int, str]], sent_start: int, index: EntityIndex) -> bool:
    """Whether a role may start at ``words[0]``: not a connector, not "under" unless in "Under
    Secretary" (the title list holds it for that), and a capital word only mid-sentence."""
    w = words[0][2].lower()
    if w in ROLE_CONNECTORS:
        return False
    if w == "under" and (len(words) < 2 or not words[1][2].lower().startswith("secretary")):
        return False
    return _role_word(words[0], sent_start, index)


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """One-word cues of the attribution lexicon ("said", "says", "told"): never role words."""
    return frozenset(c for c in default_lexicons().cues if " " not in c)


def _role_word(tok: tuple[int, int, str], sent_start: int, index: EntityIndex) -> bool:
    """A role may start with a title, a name of an organisation/place/nationality, or a capital
    word that is not merely capitalised for starting the sentence."""
    a, _, w = tok
    return is_title(w) or index.at(a) is not None or (w[:1].isupper() and a > sent_start)


def appositive(text: str, end: int, index: EntityIndex) -> str:
    """The description after ", " that names a role ("a State Department spokeswoman"), or ""."""
    m = _APPOSITIVE.match(text, end, min(len(text), end + 120))
    if not m:
        return ""
    phrase = m.group(1).strip()
    toks = phrase.split()
    if not toks or len(toks) > 10 or toks[0].lower() in _CLAUSE or any(t.lower() in _CLAUSE for t in toks):
        return ""
    if index.within(m.start(1), m.end(1), "person"):
        return ""
    return phrase if any(_role_title(t) for t in toks) and toks[-1].lower() not in ROLE_CONNECTORS else ""


def party_tag(text: str, end: int, words: GroupWords) -> str:
    """A party-state tag right after a name ("(R-Maine)", ", D-N.Y.", "(I)"), normalised, or ""."""
    m = _TAG.match(text, end, min(len(text), end + 30))
    if not m:
        return ""
    letter = m.group(1) or m.group(3)
    if letter not in words.party_tags:
        return ""
    return f"({letter}-{m.group(2).rstrip('.')})" if m.group(2) else f"({letter})"


def of_place(text: str, end: int, index: EntityIndex) -> str:
    """The place in "... of Arizona" right after a name, or ""."""
    if text[end : end + 4] != " of ":
        return ""
    ent = index.at(end + 4)
    return text[ent[0] : ent[1]] if ent is not None and ent[2] == "place" and ent[0] == end + 4 else ""


def related_person(text: str, role_start: int, start: int, sent_start: int, index: EntityIndex) -> int:
    """Start of the person a role relates its holder to, or -1: the name inside the role
    ("Merkel's spokesman Steffen Seibert") or the nearest person before "his"/"her" in the sentence
    ("President Smith and his Secretary of State Rex Doe")."""
    i = bisect.bisect_left(index.starts, role_start)
    while i < len(index.entities) and index.entities[i][0] < start:
        if index.entities[i][2] == "person":
            return index.entities[i][0]
        i += 1
    before = text[max(sent_start, role_start - 8) : role_start].split()
    if before and before[-1].lower() in _POSSESSOR:
        i = bisect.bisect_left(index.starts, role_start) - 1
        while i >= 0 and index.entities[i][0] >= sent_start:
            if index.entities[i][2] == "person":
                return index.entities[i][0]
            i -= 1
    return -1


def descriptions(text: str, words: GroupWords) -> list[tuple[int, int, str, str, str]]:
    """(start, end, dimension, group, role words) of definite descriptions naming a country or a
    party and a role and no name: "the US president", "The Russian deputy foreign minister",
    "the Republican nominee"."""
    out = []
    for m in _DESCRIPTION.finditer(text):
        hit = words.phrases.get(m.group(1).replace("’", "'").removesuffix("'s"))
        if hit is None:
            continue
        role = []
        for w in m.group(2).split():
            if not is_title(w):
                break
            role.append(w)
        end = m.start(2) + len(" ".join(role))
        if role and not _NAME_NEXT.match(text, end):
            out.append((m.start(), end, hit[0], hit[1], " ".join(w.lower() for w in role)))
    return out

"""A small, fast named-entity tagger for English news: a CRF over the capitalised stretches of text.

Why a model of our own: spaCy's ``en_core_web_sm`` is accurate but costs 40-110 ms of CPU per
article here; a study that runs on every article of a 100,000-article corpus needs about a
millisecond. In English news nearly every name of a person, organisation, place or nationality is
a stretch of capitalised words (with "of", "the", "and", "&" inside: "Bank of England"), so only
those stretches are tagged, and most of the text is never looked at. Sentence-initial capitals
("But", "In", "This Act") are told apart by features a capitalisation rule cannot use: whether the
article writes the word in lower case elsewhere, the neighbouring words, the word itself.

The CRF (python-crfsuite) was trained with spaCy as the teacher on news from ``../shared``; see
:mod:`analysis.text.entity_training` for the rebuild and ``analysis/models/entities_news.md``
for data and figures.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.lexicons import default_lexicons
from analysis.lexicons.groups import default_group_words
from analysis.text.entity_repair import repair
from analysis.text.entity_spacy import LABEL_KINDS
from analysis.text.sentences import split_sentences
from analysis.text.tokens import TOKEN

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "entities_news.crfsuite.gz"

#: The tagger's entity types -> the suite's entity kinds.
TAG_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place", "NORP": "nationality", "MISC": "other"}

#: The suite's entity kinds -> the tagger's types, for training.
KIND_TAGS = {kind: tag for tag, kind in TAG_KINDS.items()}


#: Lower-case words that may join capitalised words inside one name ("Bank of England",
#: "Ludwig van Beethoven", "Marks & Spencer").
CONNECTORS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "on",
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "el",
        "y",
        "&",
    ]
)

_POSSESSIVE = ("'s", "’s", "s'", "s’")


_OPENERS = "\"“‘'(—–- \t"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*")
#: A tagger token (:data:`analysis.text.TOKEN`) that starts with a capital letter; a middle
#: initial keeps its period ("George W. Bush" is one stretch).
_CAP_TOKEN = re.compile(
    r"(?<![\w'’])(?<!\w-)(?=[A-ZÀ-ÖØ-Þ])(?:(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)\."
    r"|[A-Z]\.(?=\s+[A-Z])|\w+(?:[-'’]\w+)*)"
)


@dataclass
class Segment:
    """One capitalised stretch: its tokens (connectors included), whether it starts the sentence,
    and up to two tokens before (nearest last) and after it within the sentence."""

    spans: list[tuple[int, int]]
    words: list[str]
    first: bool
    before: list[str]
    after: list[str]


class Article:
    """The capitalised stretches of one text with the per-article facts the features need.

    Why only those: tokenising every word in Python cost more than the tagging; the stretches,
    two words on each side, and two regex passes over the text are all the features use.
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.segments: list[Segment] = []
        self.cap_mid: set[str] = set()
        for s, e in sentences or [(0, len(text))]:
            self._sentence(text, s, e)
        self.seen_lower = set(_LOWER_WORD.findall(text))
        self.in_names: dict[str, int] = {}
        for seg in self.segments:
            if len(seg.words) > 1:
                for w in seg.words:
                    if w[:1].isupper():
                        self.in_names[w] = self.in_names.get(w, 0) + 1

    def _sentence(self, text: str, s: int, e: int) -> None:
        start = s
        while start < e and text[start] in _OPENERS:
            start += 1
        caps = [(m.start(), m.end()) for m in _CAP_TOKEN.finditer(text, s, e)]
        k = 0
        while k < len(caps):
            spans, words = [caps[k]], [text[caps[k][0] : caps[k][1]]]
            k += 1
            while k < len(caps):
                gap = text[spans[-1][1] : caps[k][0]]
                joins = gap.split()
                if (
                    gap[:1].isspace()
                    and gap[-1:].isspace()
                    and len(joins) <= 2
                    and all(w.lower() in CONNECTORS for w in joins)
                ):
                    pos = spans[-1][1]
                    for w in joins:
                        at = text.index(w, pos)
                        spans.append((at, at + len(w)))
                        words.append(w)
                        pos = at + len(w)
                    spans.append(caps[k])
                    words.append(text[caps[k][0] : caps[k][1]])
                    k += 1
                else:
                    break
            first = spans[0][0] == start
            if not first:
                self.cap_mid.add(words[0])
            self.cap_mid.update(w for w in words[1:] if w[:1].isupper())
            before = TOKEN.findall(text, max(s, spans[0][0] - 40), spans[0][0])[-2:]
            after = TOKEN.findall(text, spans[-1][1], min(e, spans[-1][1] + 40))[:2]
            self.segments.append(Segment(spans, words, first, before, after))


_SHAPES: dict[str, str] = {}


def _shape(word: str) -> str:
    """ "Clinton" -> "Xx", "U.S." -> "X.X.", "R-Maine" -> "X-Xx" (runs of one class collapsed)."""
    hit = _SHAPES.get(word)
    if hit is not None:
        return hit
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    if len(_SHAPES) > 100_000:
        _SHAPES.clear()
    _SHAPES[word] = "".join(out)
    return _SHAPES[word]


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """Title words, stop words, and what a word of ``countries.tsv``/``parties.tsv`` names
    ("Mexico" -> "country", "Mexican" -> "people", "Tories" -> "party")."""
    titles = default_lexicons().titles
    words = default_group_words()
    kinds: dict[str, str] = {}
    for phrase, (dim, _) in words.phrases.items():
        name = words.actor_of.get(phrase)
        if " " in phrase:
            for w in phrase.split():
                kinds.setdefault(w, "part")
        else:
            kinds[phrase] = (
                "party" if dim == "party" else "country" if name == phrase else "people" if name else "place"
            )
    return frozenset(titles), frozenset(ENGLISH_STOP_WORDS), kinds


def features(art: Article, seg: Segment) -> list[list[str]]:
    """CRF features of the tokens of one segment."""
    titles, stop, known = _word_sets()
    words = seg.words
    n = len(words)
    out = []
    for k, w in enumerate(words):
        low = w.lower()
        f = [
            "b",
            "w=" + low,
            "s=" + _shape(w),
            "x3=" + low[-3:],
            "len=" + str(min(n, 4)),
            "pos=" + ("U" if n == 1 else "B" if k == 0 else "L" if k == n - 1 else "I"),
        ]
        if low in titles:
            f.append("title")
        if w in known:
            f.append("gw=" + known[w])
        if low in stop:
            f.append("stop")
        if seg.first and k == 0:
            f.append("first")
            if low in art.seen_lower:
                f.append("first_seen_lower")
            if w in art.cap_mid:
                f.append("first_cap_mid")
        elif low in art.seen_lower:
            f.append("seen_lower")
        if art.in_names.get(w, 0) > (n > 1):
            f.append("in_name_elsewhere")
        if w.endswith(_POSSESSIVE):
            f.append("poss")
        if len(w) > 1 and w.isupper():
            f.append("caps")
        if k > 0:
            f.append("-1w|w=" + words[k - 1].lower() + "|" + low)
        for d, name in ((-1, "-1="), (-2, "-2="), (1, "+1="), (2, "+2=")):
            q = k + d
            other = (
                words[q]
                if 0 <= q < n
                else (seg.before[q] if -len(seg.before) <= q < 0 else None)
                if q < n
                else (seg.after[q - n] if q - n < len(seg.after) else None)
            )
            if other is not None:
                lo = other.lower()
                f.append(name + lo)
                if d in (-1, 1):
                    f.append(name[:2] + "s=" + _shape(other))
                    if lo in titles:
                        f.append(name[:2] + "title")
            elif d in (-1, 1):
                f.append(name + "<s>")
        out.append(f)
    return out


def _tags(seg: Segment, ents: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags of a segment from teacher entities (start, end, tagger type)."""
    tags = []
    prev = None
    for s, _ in seg.spans:
        hit = next((e for e in ents if e[0] <= s < e[1]), None)
        if hit is None:
            tags.append("O")
            prev = None
            continue
        kind = hit[2]
        tags.append(("I-" if prev == hit else "B-") + kind)
        prev = hit
    return tags


def strip_article(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Teacher entities without a leading "the " ("the Kremlin" -> "Kremlin")."""
    out = []
    for s, e, label in ents:
        if text[s : s + 4].lower() == "the " and e - s > 4:
            s += 4
        out.append((s, e, label))
    return out


def sequences_for_training(text: str, ents: list[tuple[int, int, str]]) -> Iterator[tuple[list, list]]:
    """(features, tags) of each candidate segment of ``text`` labelled by teacher entities."""
    art = Article(text, split_sentences(text))
    kinds = repair([(s, e, LABEL_KINDS[label]) for s, e, label in strip_article(text, ents)], text)
    ents = [(s, e, KIND_TAGS[kind]) for s, e, kind in kinds]
    for seg in art.segments:
        yield features(art, seg), _tags(seg, ents)


def decode(seg: Segment, tags: list[str], text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the entities in the BIO ``tags`` of a segment; a trailing
    possessive ("Clinton's") is left out of the span."""
    out = []
    cur: list | None = None
    for (s, e), tag in zip(seg.spans, tags):
        if tag == "O":
            cur = None
            continue
        if tag.startswith("B-") or cur is None or cur[2] != tag[2:]:
            cur = [s, e, tag[2:]]
            out.append(cur)
        else:
            cur[1] = e
    spans = []
    for s, e, kind in out:
        if text[s:e].endswith(_POSSESSIVE[:2]) and e - s > 2:
            e -= 2
        elif text[s:e].endswith(_POSSESSIVE[2:]) and e - s > 2:
            e -= 1
        spans.append((s, e, TAG_KINDS[kind]))
    return spans


class EntityTagger:
    """The trained CRF, loaded once; :meth:`tag` finds the entities of one text."""

    def __init__(self, path: str | Path = MODEL_PATH):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(
                f"entity model {self.path} is missing; rebuild it with "
                "python -m analysis.text.entity_training"
            )
        self.tagger = pycrfsuite.Tagger()
        self._model = gzip.decompress(self.path.read_bytes())  # crfsuite reads this buffer: keep it alive
        self.tagger.open_inmemory(self._model)

    def tag(self, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every entity in ``text``, in text order; offsets index ``text``."""
        art = Article(text, sentences)
        stop = _word_sets()[1]
        out = []
        for seg in art.segments:
            if (
                len(seg.words) == 1
                and seg.first
                and (low := seg.words[0].lower()) in stop
                and low in art.seen_lower
            ):
                continue  # "But", "The", "In" opening a sentence: never a name, not worth the CRF
            tags = self.tagger.tag(features(art, seg))
            if any(t != "O" for t in tags):
                out.extend(decode(seg, tags, text))
        return out


@lru_cache(maxsize=1)
def default_tagger() -> EntityTagger:
    """The shipped tagger, loaded once per process."""
    return EntityTagger()

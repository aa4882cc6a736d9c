"""Text -> model terms: lower-cased words minus stop words, Snowball stems, learnt bigrams.

Why these terms: stems (offline; WordNet needs a download) pool "election" and "elections", and
frequent bigrams ("interest rates", "World Cup") become one term so a name is not split into
two weak words. Each term is shown in its most frequent spelling in the corpus, so readers see
"elections", not "elect". Words come from the text layer's one word pattern
(:data:`analysis.text.WORD`), so a word here is a word in every other study.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.text import WORD

#: Contractions of stop words ("don't", "won't", "it's", "we're", "I'm"), in both apostrophes:
#: quoted speech is full of them, and a topic whose top terms are "don't" and "I'm" is about no
#: story. (The possessive "'s" is cut before the stop list is read, so "it's" is "it".)
# fmt: off
_CONTRACTED = {
    "n't": ("do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "would", "could",
            "should", "must", "need", "might", "ai"),
    "'re": ("we", "you", "they", "who", "what", "there"),
    "'ve": ("i", "we", "you", "they", "who", "would", "could", "should", "might", "must"),
    "'ll": ("i", "we", "you", "they", "he", "she", "it", "that", "there", "who", "what"),
    "'d": ("i", "we", "you", "they", "he", "she", "it", "that", "there", "who"),
    "'m": ("i",),
}
CONTRACTIONS = frozenset(
    form.replace("'", mark)
    for form in {w + end for end, words in _CONTRACTED.items() for w in words} | {"can't", "won't", "shan't", "let's"}
    for mark in ("'", "’")
)
#: Stop words: scikit-learn's English list, the contractions, and the reporting verbs,
#: honorifics, days and talk words ("want", "make", "know") that every news article uses and no
#: topic is about.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | CONTRACTIONS | frozenset((
    "said", "says", "say", "saying", "told", "tell", "according", "mr", "mrs", "ms", "dr", "just",
    "like", "including", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "yesterday", "today", "tomorrow", "week", "weeks", "month", "months", "year", "years", "earlier",
    "later", "ago", "want", "wants", "wanted", "make", "makes", "made", "making", "know", "knows",
    "think", "thinks", "going", "get", "gets", "got", "really", "lot", "thing", "things",
))
# fmt: on

_US = {"US", "U.S.", "U.S", "USA", "U.S.A."}
_WORDLIKE = re.compile(r"[a-z][a-z.'’-]*[a-z]")
_POSSESSIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=1)
def _stemmer():
    """Snowball's English stemmer, made on first use. Why not at import: importing any part of
    nltk runs its package ``__init__``, which loads all of nltk and scipy.stats (about a second),
    and every process that imports the topics package (a report's kernels, the command line)
    would pay it whether it stems or not."""
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=500_000)
def _word_entry(tok: str, stem: bool, stop_words: frozenset[str]) -> tuple[str, str] | None:
    """(key, surface) of one word token, None for a stop word or number. Cached because the
    same few tens of thousands of tokens make up most of any news stream, and this was half of
    the term analysis's time."""
    if tok in _US:
        return ("u.s.", "U.S.")
    low = tok.lower()
    if low.endswith(("'s", "’s", "'", "’")):
        cut = len(_POSSESSIVE.search(low).group())
        low, tok = low[:-cut], tok[:-cut]
    if len(low) < 2 or low in stop_words or not _WORDLIKE.fullmatch(low):
        return None
    return (_stem(low) if stem else low, tok)


def given_terms(terms: list[str]) -> list[str]:
    """The analyser handed to scikit-learn's vectorisers: documents arrive already as term lists
    (from :meth:`TermAnalyzer.terms`), so the vectoriser must not tokenise them again. A module
    function, not a lambda, so fitted models pickle."""
    return terms


class TermAnalyzer:
    """Text -> model terms: words minus stop words, stemmed, with learnt bigrams merged.

    ``learn`` finds bigrams of adjacent content words (no stop word or number between them) that
    occur at least ``bigram_min_count`` times with normalised PMI >= ``bigram_threshold``; NPMI
    rather than raw counts so the same threshold works on 5 articles and on a million.
    """

    def __init__(
        self,
        *,
        stem: bool = True,
        bigrams: bool = True,
        bigram_min_count: int = 3,
        bigram_threshold: float = 0.5,
        stop_words: frozenset[str] = STOP_WORDS,
        prune_at: int = 1_000_000,
    ):
        self.stem = stem
        self.bigrams = bigrams
        self.bigram_min_count = bigram_min_count
        self.bigram_threshold = bigram_threshold
        self.stop_words = stop_words
        self.prune_at = prune_at
        self.phrases_: dict[tuple[str, str], float] = {}
        self._surfaces: dict[str, Counter] = {}

    def words(self, text: str) -> list[tuple[str, str] | None]:
        """(key, surface) per content word, ``None`` where a stop word or number breaks a run."""
        out: list[tuple[str, str] | None] = []
        stem, stop_words = self.stem, self.stop_words
        for tok in WORD.findall(text):  # the tokens of analysis.text.word_spans, without spans
            w = _word_entry(tok, stem, stop_words)
            if w is None:
                if out and out[-1] is not None:
                    out.append(None)
                continue
            out.append(w)
        return out

    def learn(self, texts: Iterable[str]) -> TermAnalyzer:
        """Learn the bigrams of ``texts`` (kept as an attribute, ``phrases_``)."""
        if not self.bigrams:
            return self
        uni: Counter = Counter()
        pair: Counter = Counter()
        for text in texts:
            prev = None
            for w in self.words(text):
                if w is None:
                    prev = None
                    continue
                uni[w[0]] += 1
                if prev is not None and prev != w[0]:
                    pair[(prev, w[0])] += 1
                prev = w[0]
        n = sum(uni.values())
        phrases = {}
        for (a, b), c in pair.items():
            if c < self.bigram_min_count:
                continue
            p_ab = c / n
            score = math.log(p_ab / ((uni[a] / n) * (uni[b] / n))) / -math.log(p_ab)
            if score >= self.bigram_threshold:
                phrases[(a, b)] = score
        self.phrases_ = dict(sorted(phrases.items()))
        return self

    def terms(self, text: str, record: bool = False) -> list[str]:
        """Model terms of ``text``; with ``record`` also count each term's spellings."""
        words = self.words(text)
        out: list[str] = []
        surfaces: list[str] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w is None:
                i += 1
                continue
            nxt = words[i + 1] if i + 1 < len(words) else None
            after = words[i + 2] if i + 2 < len(words) else None
            score = self.phrases_.get((w[0], nxt[0]), -2.0) if nxt is not None else -2.0
            # of two overlapping bigrams ("New York Times") keep the stronger one
            if nxt is not None and after is not None and self.phrases_.get((nxt[0], after[0]), -2.0) > score:
                score = -2.0
            if score > -2.0:
                out.append(f"{w[0]} {nxt[0]}")
                surfaces.append(f"{w[1]} {nxt[1]}")
                i += 2
            else:
                out.append(w[0])
                surfaces.append(w[1])
                i += 1
        if record:
            self._record(out, surfaces)
        return out

    def _record(self, terms: list[str], surfaces: list[str]) -> None:
        seen = self._surfaces
        for term, surf in zip(terms, surfaces):
            c = seen.get(term)
            if c is None:  # not setdefault: it would build a Counter for every term
                c = seen[term] = Counter()
            c[surf] += 1
        if len(self._surfaces) > self.prune_at:
            self._prune()

    def display(self, term: str) -> str:
        """The most frequent spelling of ``term`` (lower-cased unless it is always capitalised,
        as names are)."""
        seen = self._surfaces.get(term)
        if not seen:
            return term
        lowered: Counter = Counter()
        for surf, c in seen.items():
            lowered[surf.lower()] += c
        best = min(lowered.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        forms = {s for s in seen if s.lower() == best}
        if all(not s.islower() for s in forms):
            return min(forms, key=lambda s: (-seen[s], s))
        return best

    def _prune(self) -> None:
        totals = sorted(((sum(c.values()), t) for t, c in self._surfaces.items()), reverse=True)
        keep = {t for _, t in totals[: self.prune_at // 2]}
        self._surfaces = {t: c for t, c in self._surfaces.items() if t in keep}

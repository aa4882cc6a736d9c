"""VADER sentence scores with no download: the lexicon comes from the ``vaderSentiment`` wheel.

Two back ends give the same compound score:

``"vader"`` (default)
    :class:`Vader`, a subclass of ``vaderSentiment``'s own ``SentimentIntensityAnalyzer``. Why this
    one by default: it is the reference implementation (compound scores are identical to
    ``vaderSentiment`` by construction, emoji included, which NLTK's port does not translate), it
    is about three times faster than NLTK's port (ENVIRONMENT.md: 21k vs 6.5k sentences/s), and it
    needs no ``nltk.data`` path at all. The subclass only adds what a study needs and the original
    hides: the per-word valences after VADER's rules (negation, boosters, "but"), i.e. *the words
    that drive the score*, computed in the same pass; and a fast path that skips the
    per-character emoji scan for text without emoji (the result is the same). It calls
    vaderSentiment's internals (``SentiText``, ``BOOSTER_DICT``, ``sentiment_valence``,
    ``_but_check``, ``score_valence``, ``emojis``), so the dependency is pinned to
    ``vaderSentiment==3.3.2``; ``tests/test_sentiment.py`` checks that the scores still equal the
    library's own.

``"nltk"``
    NLTK's ``SentimentIntensityAnalyzer`` reading the very same ``vader_lexicon.txt``. NLTK 3.10
    only opens files under a folder of ``nltk.data.path`` (anything else is a "Security
    Violation"), so :func:`nltk_analyzer` appends the ``vaderSentiment`` package folder to
    ``nltk.data.path``. NLTK's downloader is never called; nothing touches the network.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
from vaderSentiment import vaderSentiment as _vs

from analysis.params import default
from analysis.progress import bar

Backend = Literal["vader", "nltk"]
Lexicon = Literal["news", "vader"]
#: The sentence lexicon of every function that takes one (:mod:`analysis.params`).
DEFAULT_LEXICON: Lexicon = default("sentiment.lexicon")

#: |compound| at or above which VADER's authors call a text positive/negative.
THRESHOLD = 0.05

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def lexicon_dir() -> Path:
    """The folder of the installed ``vaderSentiment`` package, which holds ``vader_lexicon.txt``."""
    return Path(_vs.__file__).resolve().parent


def news_lexicon_path() -> Path:
    """The news supplement to the VADER lexicon (``analysis/models/sentiment_news.lexicon.tsv``)."""
    return Path(__file__).resolve().parents[1] / "models" / "sentiment_news.lexicon.tsv"


def read_lexicon(path: str | Path) -> dict[str, float]:
    """``word<TAB>valence`` lines (``#`` comments allowed) as a dict; the format of VADER's own file."""
    out = {}
    for lineno, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            word, valence = line.split("\t")[:2]
            out[word.strip().lower()] = float(valence)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: expected word<TAB>valence, got {line!r}") from exc
    return out


# Two or more capitalised words in a row, optionally joined by "of", "on", "and", "for", "the":
# a name ("United States", "Security Council", "Free Syrian Army"), not an opinion.
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:(?:of|on|and|for|the)\s+)*[A-Z][\w'’.-]*)+")


def mask_names(text: str, lexicon: dict[str, float]) -> str:
    """``text`` with the lexicon words inside multi-word names blanked out (same length).

    Why: VADER reads "United" (+1.8) in "United States", "Security" (+1.4) in "Security
    Council" and "Free" in "Free Syrian Army" as praise; news names these bodies constantly,
    which tilts every article about them towards positive.
    """

    def blank(m: re.Match) -> str:
        return re.sub(
            r"[\w'’.-]+",
            lambda w: (
                "_" * len(w.group()) if w.group().strip(string.punctuation).lower() in lexicon else w.group()
            ),
            m.group(),
        )

    return _NAME.sub(blank, text)


class Vader(_vs.SentimentIntensityAnalyzer):
    """``vaderSentiment``'s analyzer plus the words that drive each score.

    With ``extra=None`` :meth:`polarity_scores` returns exactly what the parent returns;
    :meth:`analyze` returns the same scores together with the (word, valence) pairs that VADER
    summed. ``extra`` adds or overrides lexicon entries (the news supplement); ``mask_names``
    ignores lexicon words inside multi-word names (:func:`mask_names`).
    """

    def __init__(self, extra: dict[str, float] | None = None, mask_names: bool = False) -> None:
        super().__init__()
        if extra:
            self.lexicon = {**self.lexicon, **extra}
        self.mask_names = mask_names
        self._emoji_chars = frozenset(self.emojis)

    def analyze(self, text: str) -> tuple[dict[str, float], list[tuple[str, float]]]:
        """Scores ``{neg, neu, pos, compound}`` and the non-zero per-word valences of ``text``.

        The body follows ``SentimentIntensityAnalyzer.polarity_scores`` (vaderSentiment 3.3.2)
        step by step so the numbers are the same; see the module docstring for why we copy it.
        """
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            text = self._translate_emoji(text)
        text = text.strip()
        if self.mask_names:
            text = mask_names(text, self.lexicon)
        sentitext = _vs.SentiText(text)
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        n = len(words)
        for i, item in enumerate(words):
            low = item.lower()
            if low in _vs.BOOSTER_DICT or (i < n - 1 and low == "kind" and words[i + 1].lower() == "of"):
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        scores = self.score_valence(sentiments, text)
        drivers = [(w, float(s)) for w, s in zip(words, sentiments) if s]
        return scores, drivers

    def polarity_scores(self, text: str) -> dict[str, float]:  # noqa: D102 - same as parent
        return self.analyze(text)[0]

    def _translate_emoji(self, text: str) -> str:
        # Same as the parent's loop; only reached when the text holds an emoji.
        out, prev_space = [], True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out.append(" ")
                out.append(self.emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)


@lru_cache(maxsize=4)
def analyzer(lexicon: Lexicon = "vader") -> Vader:
    """The shared :class:`Vader` for ``lexicon`` (read once per process).

    ``"vader"`` is VADER's lexicon alone (scores identical to ``vaderSentiment``); ``"news"`` adds
    the news supplement (:func:`news_lexicon_path`) and ignores lexicon words inside multi-word
    names (:func:`mask_names`). Why: VADER was built on social media; it misses words that carry
    most of the judgement in political news ("absolutely illegitimate" scores 0.0 with VADER
    alone) and reads names such as "United States" as praise.
    """
    if lexicon == "vader":
        return Vader()
    if lexicon == "news":
        return Vader(extra=read_lexicon(news_lexicon_path()), mask_names=True)
    raise ValueError(f"unknown lexicon {lexicon!r}; use 'news' or 'vader'")


@lru_cache(maxsize=1)
def nltk_analyzer():
    """NLTK's VADER reading the lexicon shipped in the ``vaderSentiment`` wheel; no download.

    Raises ``LookupError`` only if ``vaderSentiment`` is installed without its lexicon.
    """
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = str(lexicon_dir())
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def polarity(text: str, backend: Backend = "vader", lexicon: Lexicon = "vader") -> dict[str, float]:
    """VADER's ``{neg, neu, pos, compound}`` for one text (the NLTK back end has VADER's lexicon only)."""
    if backend == "nltk":
        return nltk_analyzer().polarity_scores(text)
    if backend != "vader":
        raise ValueError(f"unknown VADER backend {backend!r}; use 'vader' or 'nltk'")
    return analyzer(lexicon).analyze(text)[0]


def label(compound: float, threshold: float = THRESHOLD) -> str:
    """``neg``/``neu``/``pos`` from a compound score with VADER's ±0.05 convention."""
    if compound >= threshold:
        return "pos"
    if compound <= -threshold:
        return "neg"
    return "neu"


def score_texts(texts: Iterable[str], backend: Backend = "vader", lexicon: Lexicon = "vader") -> pd.DataFrame:
    """One row per text: ``neg, neu, pos, compound, drivers``.

    ``drivers`` is a tuple of ``(word, valence)`` pairs (empty with the ``nltk`` back end, which
    does not expose them, and which reads VADER's lexicon only). Non-string input scores as an
    empty text rather than failing the run.
    """
    rows = []
    if backend == "nltk":
        sia = nltk_analyzer()
        for t in texts:
            d = sia.polarity_scores(t if isinstance(t, str) else "")
            rows.append((d["neg"], d["neu"], d["pos"], d["compound"], ()))
    elif backend == "vader":
        sia = analyzer(lexicon)
        for t in bar(list(texts), desc="sentiment", unit="sentence", min_items=5000):
            d, drivers = sia.analyze(t if isinstance(t, str) else "")
            rows.append((d["neg"], d["neu"], d["pos"], d["compound"], tuple(drivers)))
    else:
        raise ValueError(f"unknown VADER backend {backend!r}; use 'vader' or 'nltk'")
    return pd.DataFrame(rows, columns=["neg", "neu", "pos", "compound", "drivers"])


def coverage(text: str, lexicon: Lexicon = "vader") -> tuple[int, int]:
    """(words in the VADER lexicon, words) in ``text``: how much of it the lexicon can see.

    Low coverage is the first limit of lexicon scoring on news: most news words carry no valence
    in a lexicon built from social media, so a neutral score often means "unseen", not "neutral".
    """
    lex = analyzer(lexicon).lexicon
    words = [w.strip(string.punctuation).lower() for w in _WORD.findall(text)]
    words = [w for w in words if w]
    return sum(w in lex for w in words), len(words)

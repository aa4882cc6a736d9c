"""The per-article working state of the rules: tokens, sentences, persons met so far.

Every rule reads an article through a :class:`Doc`: its lazily built tokens (:class:`TokList`),
its sentence spans, the lexicons and gazetteer, and the persons named so far (for pronouns and
descriptions). Rules return :class:`Attribution` records holding a :class:`Speaker`; the table
module turns them into rows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from analysis.lexicons import Gazetteer, Lexicons
from analysis.text import TOKEN


class Tok:
    """One token: offsets, text, lower-cased text, and whether it is capitalised."""

    __slots__ = ("start", "end", "text", "lower", "cap")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.lower = text.lower()
        self.cap = text[:1].isupper()


class TokList:
    """The article's tokens (:data:`analysis.text.TOKEN`), built lazily: most tokens are never
    looked at, and building an object per token was the largest cost of extraction."""

    __slots__ = ("text", "spans", "cache")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [m.span() for m in TOKEN.finditer(text)]
        self.cache: dict[int, Tok] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.spans)))]
        if i < 0:
            i += len(self.spans)
        t = self.cache.get(i)
        if t is None:
            s, e = self.spans[i]
            t = self.cache[i] = Tok(s, e, self.text[s:e])
        return t

    def __iter__(self):
        return (self[i] for i in range(len(self.spans)))


@dataclass
class Speaker:
    """A resolved speaker mention: the words as written (``text`` at ``start:end``; -1 when the
    speaker is carried over from an earlier attribution), the canonical ``name``, its ``kind``
    (person, organisation, media, document), ``role``, ``side`` and ``gender`` (m, f or u)."""

    text: str
    start: int
    end: int
    name: str
    kind: str
    role: str
    side: str
    gender: str = "u"


@dataclass
class Attribution:
    """One attribution found by the rules or the tagger: ``type`` (direct, indirect, mixed),
    content spans, the cue span (None for a quote that continues a speaker), the speaker, and
    ``anchor``, the offset that orders attributions (the cue, else the content)."""

    type: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    speaker: Speaker | None
    anchor: int


@dataclass
class Doc:
    """One article as the rules see it.

    ``persons`` are (offset, speaker) of person mentions in text order, for coreference;
    ``fullnames`` maps a surname to the fullest name written in the article; ``single`` holds
    the quotations in single marks; ``mentions`` the entity recogniser's mentions and
    ``entities`` its people and organisations as speakers, built when first needed (antecedents
    of descriptions such as "the official"); ``quoted`` the
    sorted content spans of the attributions with a cue found so far (:meth:`in_quoted`).
    """

    text: str
    toks: TokList
    starts: list[int]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    lex: Lexicons
    gaz: Gazetteer
    persons: list[tuple[int, Speaker]] = field(default_factory=list)
    fullnames: dict[str, str] = field(default_factory=dict)
    single: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    entities: list[tuple[int, Speaker]] | None = None
    quoted: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, lex: Lexicons, gaz: Gazetteer, sents: list[tuple[int, int]]) -> Doc:
        """A Doc for ``text`` with its sentence spans (persons not collected yet)."""
        toks = TokList(text)
        return cls(text, toks, [s for s, _ in toks.spans], sents, [s for s, _ in sents], lex, gaz)

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def sent_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the one before it when between sentences)."""
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def sent_span(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``offset``; the whole text without sentences."""
        if not self.sents:
            return 0, len(self.text)
        return self.sents[self.sent_of(offset)]

    def add_quoted(self, a: Attribution) -> None:
        """Record the content of an attribution with a cue, for :meth:`in_quoted`."""
        if a.cue is not None:
            for span in a.content:
                bisect.insort(self.quoted, span)

    def in_quoted(self, offset: int) -> bool:
        """Whether ``offset`` lies inside the content of an attribution found so far (a cue in
        what someone else said). Looks at the few spans starting nearest before ``offset``, so
        the look-up does not grow with the article."""
        k = bisect.bisect_left(self.quoted, (offset, -1))
        return any(c0 < offset < c1 for c0, c1 in self.quoted[max(0, k - 8) : k])

    def cue_class(self, s: int, e: int) -> str:
        """The lexicon class of the cue written at ``text[s:e]`` (speech when not listed)."""
        return self.lex.cues.get(" ".join(self.text[s:e].lower().split()), "speech")

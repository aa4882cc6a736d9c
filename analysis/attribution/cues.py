"""Cue phrases: where the text says that someone said something.

The cue words and their classes come from one lexicon file, ``analysis/lexicons/data/cues.txt``
(:attr:`analysis.lexicons.Lexicons.cues`): ``speech`` verbs, ``partial`` verbs (speech only with a
quotation in the clause), ``source`` prepositions ("according to") and ``media`` verbs.
"""

from __future__ import annotations

from analysis.attribution.doc import TokList
from analysis.lexicons import Lexicons


def find_cues(toks: TokList, lex: Lexicons) -> list[tuple[int, int]]:
    """(start, end) of cue phrases, longest phrase first; verbs must be lower case ("States" in
    "United States" is no cue), prepositional cues may open a sentence ("According to")."""
    out = []
    first = lex.cue_first
    text, spans = toks.text, toks.spans
    i, n = 0, len(toks)
    while i < n:
        s, e = spans[i]
        if e - s < 3 or not (text[s].islower() or text[s] == "A"):
            i += 1
            continue
        cands = first.get(text[s:e].lower())
        if cands:
            for words, cls in cands:
                k = len(words)
                if i + k <= n and all(toks[i + j].lower == words[j] for j in range(1, k)):
                    if toks[i].text[0].islower() or cls == "source":
                        out.append((toks[i].start, toks[i + k - 1].end))
                        i += k - 1
                    break
        i += 1
    return out

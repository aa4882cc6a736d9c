"""Token features and gold tags for the attribution tagger (:mod:`.tagger`).

Why hand-written features: a linear-chain CRF is small and fast, and what it needs to know of a
token is what a reader uses — the word, its shape and stem, its neighbours, whether it is a cue
word of the lexicon, a title or pronoun, whether it lies inside a quotation, and how the rules
(:mod:`.rules`) label it (stacking: the rules' speech patterns carried into the tagger).

PolNeAR is univocal (each token belongs to at most one attribution role), so an attribution
annotation is exactly a tag sequence: ``B-/I-`` + ``SRC``/``CUE``/``CON``.
"""

from __future__ import annotations

import bisect
import re

from analysis.attribution.gold import GoldRelation
from analysis.attribution.grammar import PRONOUNS
from analysis.attribution.rules import extract_rules
from analysis.lexicons import Lexicons, default_gazetteer
from analysis.text import TOKEN, split_sentences

ROLE_TAG = {"source": "SRC", "cue": "CUE", "content": "CON"}
_QUOTES = set('"“”„')
_PARAGRAPH = re.compile(r"[^\n]+")

Para = list[tuple[int, int, str]]


def paragraph_tokens(text: str) -> list[Para]:
    """Tokens of ``text`` grouped by paragraph (a line): lists of (start, end, token)."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        toks = [(t.start(), t.end(), t.group()) for t in TOKEN.finditer(text, m.start(), m.end())]
        if toks:
            out.append(toks)
    return out


def featurise(text: str, para: Para, lex: Lexicons) -> list[list[str]]:
    """Feature strings for each token of one paragraph of ``text`` (see the module docstring)."""
    words = [w for _, _, w in para]
    low = [w.lower() for w in words]
    n = len(words)
    inq = _inside_quotes(words)
    cue_cls = _cue_classes(low, lex)
    cue_pos = [i for i, c in enumerate(cue_cls) if c]
    stems = [stem(w) for w in low]
    rspans = rule_spans(text, lex)
    rule = [next((r for rs, re_, r in rspans if rs <= s < re_), "O") for s, _, _ in para]
    feats = []
    for i, w in enumerate(words):
        lw = low[i]
        f = ["b", "w=" + lw, "s=" + shape(w), "x3=" + lw[-3:], "q=" + inq[i]]
        if cue_cls[i]:
            f.append("cue=" + cue_cls[i])
        if lw in lex.titles:
            f.append("title")
        if lw in PRONOUNS:
            f.append("pron")
        if i == 0:
            f.append("BOP")
        elif words[i - 1] in ".!?":
            f.append("BOS")
        f.extend(_cue_distance(cue_pos, i))
        for o in (-2, -1, 1, 2):
            j = i + o
            if 0 <= j < n:
                f.append(f"w{o}={low[j]}")
                f.append(f"s{o}={shape(words[j])}")
                if cue_cls[j]:
                    f.append(f"cue{o}")
                f.append(f"q{o}={inq[j]}")
            else:
                f.append(f"w{o}=<edge>")
        if i > 0:
            f.append(f"w-1|w={low[i - 1]}|{lw}")
        if i + 1 < n:
            f.append(f"w|w+1={lw}|{low[i + 1]}")
        # stems and prefixes generalise over inflections the training split lacks
        f.append("st=" + stems[i])
        f.append("p3=" + lw[:3])
        f.append("r=" + rule[i])
        if i > 0:
            f.append("r-1=" + rule[i - 1])
            f.append("st-1=" + stems[i - 1])
        if i + 1 < n:
            f.append("r+1=" + rule[i + 1])
            f.append("st+1=" + stems[i + 1])
        feats.append(f)
    return feats


def _inside_quotes(words: list[str]) -> list[str]:
    """Per token: ``Q`` for a quote mark, ``1`` inside a quotation, ``0`` outside."""
    inq = []
    state = False
    for w in words:
        if w in _QUOTES:
            if w == "“":
                state = True
            elif w == "”":
                state = False
            else:
                state = not state
            inq.append("Q")
        else:
            inq.append("1" if state else "0")
    return inq


def _cue_classes(low: list[str], lex: Lexicons) -> list[str]:
    """Per token: its cue class in the lexicon (one- or two-word cues), or ``""``."""
    cue_cls = [lex.cues.get(w, "") for w in low]
    for i in range(len(low) - 1):
        two = low[i] + " " + low[i + 1]
        if two in lex.cues:
            cue_cls[i] = cue_cls[i + 1] = lex.cues[two]
    return cue_cls


def _cue_distance(cue_pos: list[int], i: int) -> list[str]:
    """Distances (capped at 6) from token ``i`` to the nearest cue word left and right."""
    k = bisect.bisect_left(cue_pos, i)
    dl = i - cue_pos[k - 1] if k > 0 else 99
    dr = cue_pos[k] - i if k < len(cue_pos) else 99
    return ["dl=" + str(min(dl, 6)), "dr=" + str(min(dr, 6))]


def shape(t: str) -> str:
    """The word's shape: ``AA`` all caps, ``Aa`` capitalised, ``0`` digits, ``a`` letters,
    ``p`` one punctuation character, ``x`` anything else."""
    if t.isupper() and len(t) > 1:
        return "AA"
    if t[:1].isupper():
        return "Aa"
    if t.isdigit():
        return "0"
    if t.isalpha():
        return "a"
    return "p" if len(t) == 1 else "x"


def stem(w: str) -> str:
    """A crude suffix-stripping stem (said/says/saying share none, but warned/warns/warning do)."""
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)]
    return w


_rule_cache: dict[int, list[tuple[int, int, str]]] = {}


def rule_spans(text: str, lex: Lexicons) -> list[tuple[int, int, str]]:
    """``(start, end, SRC|CUE|CON)`` spans of the rules' attributions in ``text`` (default
    gazetteer), cached for the last text so featurising its paragraphs runs the rules once."""
    global _rule_cache
    key = hash(text)
    hit = _rule_cache.get(key)
    if hit is not None:
        return hit
    out = []
    for a in extract_rules(text, lex, default_gazetteer(), split_sentences(text)):
        out.extend((s, e, "CON") for s, e in a.content)
        if a.cue:
            out.append((a.cue[0], a.cue[1], "CUE"))
        if a.speaker is not None and a.speaker.start >= 0:
            out.append((a.speaker.start, a.speaker.end, "SRC"))
    _rule_cache = {key: out}  # rebinding, not mutating: safe when threads share the module
    return out


def gold_tags(para: Para, relations: list[GoldRelation]) -> list[str]:
    """BIO tags of one paragraph's tokens from gold relations (a token belongs to a span when
    its first character lies inside it)."""
    spans = []
    for rel_i, rel in enumerate(relations):
        for role, tag in ROLE_TAG.items():
            for s, e in getattr(rel, role):
                spans.append((s, e, tag, rel_i))
    spans.sort()
    starts = [s for s, *_ in spans]
    tags = []
    prev = None
    for s, _, _ in para:
        k = bisect.bisect_right(starts, s) - 1
        hit = None
        while k >= 0:
            ss, se, tag, rid = spans[k]
            if ss <= s < se:
                hit = (tag, rid, ss)
                break
            if s - ss > 5000:
                break
            k -= 1
        if hit is None:
            tags.append("O")
            prev = None
        else:
            tags.append(("I-" if prev == hit else "B-") + hit[0])
            prev = hit
    return tags

"""Noun phrases around a cue: the speaker phrase before or after it, and the clause subject.

Why capitalisation and word lists rather than a parser: no tagger or parser ships with the
suite, and speaker phrases in news are mostly capitalised names with title and organisation
words around them ("Deputy Foreign Minister Anna Berg", "the State Department").
Ranges are token index ranges ``[a, b)`` into :attr:`Doc.toks`.
"""

from __future__ import annotations

import re

from analysis.attribution.doc import Doc, Tok
from analysis.attribution.grammar import (
    CONNECTORS,
    DETERMINERS,
    FUNCTION_CAPS,
    HYPHENATED,
    ORG_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    SKIP_AFTER_CUE,
    SKIP_BACK,
)
from analysis.lexicons import Lexicons
from analysis.text.quotes import DOUBLE_MARK

#: The gap between a subject and its cue when an appositive stands between them.
APPOSITIVE = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?,(?:[^,;:\"“”()]{2,120},){1,2}\s*(?:[a-z]+ly\s+)?")

_MODIFIERS_BACK = ("latest", "new", "recent", "official", "senior", "top", "former", "own")
_MODIFIERS_FWD = ("latest", "new", "senior", "top", "former")
_NOT_NOUNS = ("that", "said", "says", "which", "who", "as", "is", "was", "were", "are")


def is_title(t: Tok, lex: Lexicons) -> bool:
    """A title or role word of the lexicon ("minister", "Sen.")."""
    return t.lower in lex.titles


def is_person_noun(t: Tok, lex: Lexicons) -> bool:
    """A noun for a person or group of people: listed in ``descriptions.txt``, or a lower-case
    compound of "-man"/"-woman" ("the party chairman", "the frontman", "a congresswoman")."""
    return t.lower in lex.descriptions or (
        not t.cap and len(t.lower) > 4 and t.lower.endswith(("man", "woman"))
    )


def is_np_token(t: Tok, lex: Lexicons) -> bool:
    """A word that can be part of a speaker phrase: capitalised, a title, an organisation head."""
    return (t.cap and (t.text[0].isalpha())) or is_title(t, lex) or t.lower in ORG_NOUNS


def np_backward(doc: Doc, i: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase ending at token ``i`` (inclusive), or None."""
    toks, lex = doc.toks, doc.lex
    if i < 0:
        return None
    t = toks[i]
    if t.lower in PRONOUNS:
        return (i, i + 1)
    if not (
        is_np_token(t, lex) or is_person_noun(t, lex) or t.lower in lex.documents or t.lower in ORG_NOUNS
    ):
        return None
    a = i
    j = i - 1
    while j >= 0 and i - j < 16:
        tj = toks[j]
        if doc.text[tj.end : toks[j + 1].start].count("\n"):
            break
        if (
            is_np_token(tj, lex)
            or is_person_noun(tj, lex)
            or (tj.lower in lex.documents and tj.lower != "law")
            or tj.lower in CONNECTORS
            and j > 0
            and is_np_token(toks[j - 1], lex)
            and tj.lower != "the"
        ):
            a = j
        elif tj.lower in DETERMINERS or tj.lower == "our":  # "our correspondent"
            a = j
            break
        elif tj.text in "-–" and j > 0 and is_np_token(toks[j - 1], lex):
            a = j
        elif _initial_dot(doc, j):
            a = j  # "Gregory W. Meeks": a middle initial
        elif HYPHENATED.fullmatch(tj.text) or (
            tj.lower.endswith("ed") and j > 0 and toks[j - 1].lower in DETERMINERS
        ):
            a = j  # hyphenated modifier: "state-controlled", "the so-called"
        elif tj.lower in _MODIFIERS_BACK:
            a = j
        else:
            break
        j -= 1
    if (
        t.lower in ORG_NOUNS
        and (a == 0 or toks[a - 1].lower not in DETERMINERS)
        and toks[a].lower not in DETERMINERS
    ):
        a = _org_modifiers(doc, a)
    while a < i and (
        toks[a].lower in CONNECTORS - DETERMINERS or toks[a].text in "-–" or toks[a].text in FUNCTION_CAPS
    ):
        a += 1
    if toks[a].text in FUNCTION_CAPS and a == i:
        return None  # "In", "But", "Other" on their own are nobody
    return (a, i + 1)


def _org_modifiers(doc: Doc, a: int) -> int:
    """Where "the prime minister's office" or "the Commons education select committee" starts,
    the phrase ending in an organisation noun at token ``a``: back over up to five modifiers
    (words, a possessive) to its determiner; ``a`` when no determiner opens them."""
    toks = doc.toks
    for k in range(a - 1, max(-1, a - 7), -1):
        tk = toks[k]
        if tk.lower in DETERMINERS:
            return k
        if (
            not tk.text[0].isalpha()
            or tk.lower in _NOT_NOUNS
            or tk.lower in PREPOSITIONS
            or tk.lower == "and"
        ):
            return a
    return a


def np_forward(doc: Doc, i: int, lowercase_ok: bool = False) -> tuple[int, int] | None:
    """Token range of the noun phrase starting at token ``i``; ``lowercase_ok`` admits lower-case
    nouns ("according to hospital records")."""
    toks, lex = doc.toks, doc.lex
    if i >= len(toks):
        return None
    t = toks[i]
    if t.lower in PRONOUNS:
        return (i, i + 1)
    while t.text in FUNCTION_CAPS and i + 1 < len(toks) and doc.text[t.end : toks[i + 1].start] == " ":
        i += 1  # "More money …", "Other public sector unions": the phrase starts after the word
        t = toks[i]
        if t.lower in PRONOUNS:
            return (i, i + 1)
    if t.text in FUNCTION_CAPS:
        return None
    j = i
    if t.lower in DETERMINERS:
        j += 1
    b = None
    while j < len(toks) and j - i < 16:
        tj = toks[j]
        if j > i and doc.text[toks[j - 1].end : tj.start].count("\n"):
            break
        ok = is_np_token(tj, lex) or is_person_noun(tj, lex) or tj.lower in lex.documents
        if not ok and lowercase_ok and tj.text[0].isalnum():
            ok = tj.lower not in _NOT_NOUNS
        if ok:
            b = j + 1
        elif (
            tj.lower in CONNECTORS
            and b is not None
            and j + 1 < len(toks)
            and is_np_token(toks[j + 1], lex)
            and tj.lower != "and"
            or HYPHENATED.fullmatch(tj.text)
            or tj.lower in _MODIFIERS_FWD
        ):
            pass
        else:
            break
        j += 1
    if b is None:
        return None
    return (i, b)


def _initial_dot(doc: Doc, j: int) -> bool:
    """Token ``j`` is the dot of a middle initial ("W." in "Gregory W. Meeks")."""
    toks = doc.toks
    if toks[j].text != "." or j == 0 or j + 1 >= len(toks):
        return False
    prev, nxt = toks[j - 1], toks[j + 1]
    return len(prev.text) == 1 and prev.text.isupper() and prev.end == toks[j].start and nxt.cap


def skip_back(doc: Doc, i: int) -> int:
    """Step back from token ``i`` over time words, auxiliaries and a short parenthesis (a party
    tag "(R-Ohio)", an age "(54)") between a speaker and its cue."""
    toks = doc.toks
    while i >= 0:
        if toks[i].lower in SKIP_BACK:
            i -= 1
        elif toks[i].text == ")":
            k = i - 1
            while k >= 0 and i - k <= 8 and toks[k].text not in "()":
                k -= 1
            if k < 0 or toks[k].text != "(":
                break
            i = k - 1
        else:
            break
    return i


def skip_fwd(doc: Doc, i: int, stop: int) -> int:
    """Step forward from token ``i`` over words between a cue and its content (before ``stop``)."""
    toks = doc.toks
    while i < len(toks) and toks[i].start < stop and toks[i].lower in SKIP_AFTER_CUE:
        i += 1
    return i


def sentence_subject(doc: Doc, ss: int, cs: int) -> tuple[int, int] | None:
    """The noun phrase opening the clause that holds the cue at ``cs``, after an introductory
    phrase ("In a strongly worded statement, X said …") — for cues separated from their subject by
    adverbials ("X while on a visit to the border on Monday said")."""
    text = doc.text
    starts = [ss] + [ss + m.end() for m in re.finditer(r",\s+", text[ss:cs])]
    for st in starts:
        i = doc.tok_at(st)
        np = np_forward(doc, i)
        if np and doc.toks[np[1] - 1].end <= cs:
            # the subject must be followed by a verb-ish gap without another quotation or clause
            # break; an appositive between commas is no break ("Anna Berg, the minister, said")
            gap = text[doc.toks[np[1] - 1].end : cs]
            if APPOSITIVE.fullmatch(gap):
                return np
            if DOUBLE_MARK.search(gap) or gap.count(",") > 1 or len(gap) > 120:
                continue
            if gap.strip() and gap.strip()[0] in ",;":
                continue
            return np
    return None

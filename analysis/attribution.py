"""Source attribution: who is quoted or paraphrased, saying what, with which cue, from which side.

Why rules first: no pretrained NER or coreference model can be downloaded where this suite runs,
and news attribution is highly conventional ("…," X said; X said that …; according to X). The
rules here read plain lexicon files (``analysis/data/attribution/``: cue verbs, titles, organisation
words, outlets, document nouns, descriptions, female given names) that users copy and extend, plus
the actors gazetteer (``analysis/data/actors.yaml``) for canonical names and sides. An optional
sequence model trained on PolNeAR (:mod:`analysis.attribution_model`) adds the long tail of
attributions that are not speech (findings, beliefs, intentions); the rules never need it.

The result is the *attributions* table, one row per attribution (an attribution whose content is
interrupted by its cue — ``"A," he said, "B."`` — or runs over several paragraphs gives one row per
content part, all with the same ``attr_id``):

``doc_id, attr_id, type, content, content_start, content_end, cue, cue_start, cue_end,
speaker_text, speaker_start, speaker_end, speaker, speaker_kind, role, side, sent_id``

* ``type`` — ``direct`` (content is a quotation), ``indirect`` (paraphrase), ``mixed`` (paraphrase
  carrying a partial quotation).
* spans are offsets into ``docs.text``; ``text[start:end]`` equals the reported string. A quote
  that continues the previous speaker with no cue has empty ``cue``/``speaker_text`` and missing
  spans.
* ``speaker`` — canonical name: the gazetteer actor when the mention is a known alias, else the
  fullest form of the name in the article (``Lavrov`` → ``Sergei Lavrov``); pronouns (``he``,
  ``she``) and descriptions (``the politician``) resolve to the last compatible person.
* ``speaker_kind`` — ``person``, ``organisation``, ``media`` or ``document``.
* ``role`` — title and affiliation written with the name (``Deputy Foreign Minister``).
* ``side`` — ``RU``, ``US``, ``other`` or ``unknown`` (from the gazetteer, then side words in the
  role or organisation; unknown when the text does not tell).
* ``sent_id`` — the sentence (as numbered by :func:`analysis.text.sentences`) holding the cue, or
  the content when there is no cue.
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.lexicons import Gazetteer, Lexicons, default_gazetteer, default_lexicons, load_lexicons
from analysis.text.quotes import DOUBLE_MARK, Quote, find_quotes, is_opening, lstrip_blank, rstrip_space, single_quotes

COLUMNS = [
    "doc_id", "attr_id", "type", "content", "content_start", "content_end", "cue", "cue_start",
    "cue_end", "speaker_text", "speaker_start", "speaker_end", "speaker", "speaker_kind", "role",
    "side", "sent_id",
]
_INT_COLUMNS = ["attr_id", "content_start", "content_end", "cue_start", "cue_end",
                "speaker_start", "speaker_end", "sent_id"]

# --- tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)\.|\w+(?:[-'’]\w+)*|\S")
_CONNECTORS = frozenset({"of", "on", "for", "and", "the", "de", "del", "da", "al", "bin", "von", "van", "la", "to"})
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "it": "n", "i": "s"}
_SKIP_BACK = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later
    also then previously recently repeatedly again has have had did does do will would could may
    might reportedly publicly privately once already further last week month year this on in an
    interview statement separately openly bluntly flatly simply always never not quickly just
    officially now""".split()
)
_SKIP_AFTER_CUE = _SKIP_BACK | frozenset({"in", "a", "to", "at", "news", "briefing", "conference", "press"})
_DETERMINERS = frozenset({"the", "a", "an"})
_ORG_LOWER_HEADS = frozenset({"government", "administration", "ministry", "department", "campaign",
                              "agency", "spokesman", "officials", "side", "authorities", "leadership",
                              "community", "intelligence", "services"})


class _Tok:
    """One token: offsets, text, lower-cased text, and whether it is capitalised."""

    __slots__ = ("start", "end", "text", "lower", "cap")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.lower = text.lower()
        self.cap = text[:1].isupper()


class _TokList:
    """The article's tokens, built lazily: most tokens are never looked at, and building an
    object per token was the largest cost of extraction."""

    __slots__ = ("text", "spans", "cache")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [m.span() for m in _TOKEN.finditer(text)]
        self.cache: dict[int, _Tok] = {}

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
            t = self.cache[i] = _Tok(s, e, self.text[s:e])
        return t

    def __iter__(self):
        return (self[i] for i in range(len(self.spans)))


def _tokens(text: str) -> _TokList:
    return _TokList(text)


def _find_cues(toks: list[_Tok], lex: "Lexicons") -> list[tuple[int, int]]:
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


# --- speakers --------------------------------------------------------------------------------


@dataclass
class Speaker:
    """A resolved speaker mention."""

    text: str
    start: int
    end: int
    name: str
    kind: str
    role: str
    side: str
    gender: str = "u"


@dataclass
class _Doc:
    text: str
    toks: list[_Tok]
    starts: list[int]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    lex: Lexicons
    gaz: Gazetteer
    persons: list[tuple[int, Speaker]] = field(default_factory=list)  # (offset, speaker)
    fullnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    single: list[tuple[int, int]] = field(default_factory=list)  # quotations in single marks

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def sent_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def sent_span(self, offset: int) -> tuple[int, int]:
        if not self.sents:
            return 0, len(self.text)
        return self.sents[self.sent_of(offset)]


def _is_title(t: _Tok, lex: Lexicons) -> bool:
    return t.lower in lex.titles


def _is_np_token(t: _Tok, lex: Lexicons) -> bool:
    return (t.cap and (t.text[0].isalpha())) or _is_title(t, lex) or t.lower in _ORG_LOWER_HEADS


def _np_backward(doc: _Doc, i: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase ending at token ``i`` (inclusive), or None."""
    toks, lex = doc.toks, doc.lex
    if i < 0:
        return None
    t = toks[i]
    if t.lower in _PRONOUNS:
        return (i, i + 1)
    if not (_is_np_token(t, lex) or t.lower in lex.descriptions or t.lower in lex.documents):
        return None
    a = i
    j = i - 1
    while j >= 0 and i - j < 16:
        tj = toks[j]
        if doc.text[tj.end:toks[j + 1].start].count("\n"):
            break
        if _is_np_token(tj, lex) or tj.lower in lex.descriptions or (tj.lower in lex.documents and tj.lower != "law"):
            a = j
        elif tj.lower in _CONNECTORS and j > 0 and _is_np_token(toks[j - 1], lex) and tj.lower != "the":
            a = j
        elif tj.lower in _DETERMINERS:
            a = j
            break
        elif tj.text in "-–" and j > 0 and _is_np_token(toks[j - 1], lex):
            a = j
        elif re.fullmatch(r"[a-z]+(?:-[a-z]+)+", tj.text) or (tj.lower.endswith("ed") and j > 0 and toks[j - 1].lower in _DETERMINERS):
            a = j  # hyphenated modifier: "state-controlled", "the so-called"
        elif tj.lower in ("latest", "new", "recent", "official", "senior", "top", "former", "own"):
            a = j
        else:
            break
        j -= 1
    while a < i and (toks[a].lower in _CONNECTORS - _DETERMINERS or toks[a].text in "-–" or toks[a].text in _FUNCTION_CAPS):
        a += 1
    # a lone sentence-initial capitalised common word is not a name ("This said")
    return (a, i + 1)


def _np_forward(doc: _Doc, i: int, lowercase_ok: bool = False) -> tuple[int, int] | None:
    """Token range of the noun phrase starting at token ``i``."""
    toks, lex = doc.toks, doc.lex
    if i >= len(toks):
        return None
    t = toks[i]
    if t.lower in _PRONOUNS:
        return (i, i + 1)
    j = i
    if t.lower in _DETERMINERS:
        j += 1
    b = None
    while j < len(toks) and j - i < 16:
        tj = toks[j]
        if j > i and doc.text[toks[j - 1].end:tj.start].count("\n"):
            break
        ok = _is_np_token(tj, lex) or tj.lower in lex.descriptions or tj.lower in lex.documents
        if not ok and lowercase_ok and tj.text[0].isalnum():
            ok = tj.lower not in ("that", "said", "says", "which", "who", "as", "is", "was", "were", "are")
        if ok:
            b = j + 1
        elif tj.lower in _CONNECTORS and b is not None and j + 1 < len(toks) and _is_np_token(toks[j + 1], lex) and tj.lower != "and":
            pass
        elif re.fullmatch(r"[a-z]+(?:-[a-z]+)+", tj.text) or tj.lower in ("latest", "new", "senior", "top", "former"):
            pass
        else:
            break
        j += 1
    if b is None:
        return None
    return (i, b)


def _speaker_from_span(doc: _Doc, a: int, b: int, at: int) -> Speaker | None:
    """Classify and canonicalise the speaker phrase of tokens [a, b)."""
    toks, lex, gaz, text = doc.toks, doc.lex, doc.gaz, doc.text
    s, e = toks[a].start, toks[b - 1].end
    phrase = text[s:e]
    words = toks[a:b]
    if b - a == 1 and words[0].lower in _PRONOUNS:
        return _resolve_pronoun(doc, words[0], at)
    core = words[1:] if words[0].lower in _DETERMINERS else words
    if not core:
        return None
    core_text = text[core[0].start:core[-1].end]
    head = core[-1]
    # outlets
    for name, side in lex.outlets.items():
        if core_text == name or core_text.endswith(" " + name):
            role = core_text[: len(core_text) - len(name)].strip()
            return Speaker(phrase, s, e, name, "media", role, side if side else _side(gaz, role))
    if head.lower in lex.documents and not head.cap or (head.lower in lex.documents and len(core) > 1):
        return Speaker(phrase, s, e, core_text, "document", "", _side(gaz, core_text))
    # definite descriptions ("the politician", "the Kremlin strongman")
    if words[0].lower in _DETERMINERS and head.lower in lex.descriptions and not head.cap:
        ref = _resolve_description(doc, core_text, at)
        if ref is not None:
            return Speaker(phrase, s, e, ref.name, ref.kind, ref.role, ref.side, ref.gender)
        return Speaker(phrase, s, e, core_text, "person", core_text, _side(gaz, core_text))
    # split role words from the name: the name is the trailing run of capitalised non-title words
    k = len(core)
    while k > 0:
        t = core[k - 1]
        if t.cap and not _is_title(t, lex) and t.text not in lex.organisations and not t.lower.endswith(("'s", "’s")) and t.text[0].isalpha():
            if k >= 2 and core[k - 2].lower in _CONNECTORS and len(core) - k >= 1:
                break  # "… Defense and Security Frants Klintsevich": Security belongs to the organisation
            k -= 1
        else:
            break
    name_toks = core[k:]
    role_toks = core[:k]
    name = text[name_toks[0].start:name_toks[-1].end] if name_toks else ""
    role = text[role_toks[0].start:role_toks[-1].end] if role_toks else ""
    hit = _lookup(gaz, core_text) if core_text else None
    if hit is None and name:
        hit = _lookup(gaz, name)
    if hit is not None and hit["kind"] == "person" and name:
        full = hit["actor"]
        return _person(doc, phrase, s, e, full, role or "", hit["side"], at)
    org_like = (
        not name
        or head.text in lex.organisations
        or core_text in lex.organisations
        or (hit is not None and hit["kind"] != "person")
        or head.lower in _ORG_LOWER_HEADS
    )
    if org_like:
        org = core_text
        m = re.match(r"(?:US|U\.S\.|American|United States)\s+(.+)", org)
        if m and _lookup(gaz, m.group(1)) is not None:
            org = m.group(1)  # "US State Department" and "State Department" are one speaker
        side = hit["side"] if hit is not None else _side(gaz, core_text)
        if not any(t.cap for t in core):
            return None  # "the government" without a name: too vague to be a source... keep below
        return Speaker(phrase, s, e, org, "organisation", "", side)
    if len(name_toks) == 1 and not role and name_toks[0].start in doc.sent_starts and name_toks[0].lower in _COMMON_SENT_START:
        return None
    full = doc.fullnames.get(name, name) if len(name_toks) == 1 else name
    hit2 = _lookup(gaz, full)
    side = hit2["side"] if hit2 is not None else _side(gaz, role)
    if hit2 is not None:
        full = hit2["actor"]
    return _person(doc, phrase, s, e, full, role, side, at)


_FUNCTION_CAPS = frozenset(
    """As In On At After Before While When But And Yet So If Though Although Despite Following
    Speaking Meanwhile However Also Last This That It There Asked Under With Without From For By Of To
    Earlier Later Now Then Still Instead Even""".split()
)
_PREPOSITIONS = frozenset("to in at from of by for on into over about against near across via than".split())
_NEGATIONS = re.compile(r"\b(?:not|never|n't|n’t|hasn't|hasn’t|didn't|didn’t|won't|won’t)\b|n['’]t\b")
_COMMON_SENT_START = frozenset("this that it there these those what which who he she they we i one some many".split())


def _person(doc: _Doc, phrase: str, s: int, e: int, name: str, role: str, side: str, at: int) -> Speaker:
    first = name.split()[0] if name else ""
    gender = "f" if first in doc.lex.female_names else "m"
    sp = Speaker(phrase, s, e, name, "person", role, side or "unknown", gender)
    return sp


def _side(gaz: Gazetteer, words: str) -> str:
    return _side_cached(gaz, words) if words else "unknown"


_LOOKUPS: dict[int, tuple[Gazetteer, dict, dict]] = {}


def _gaz_index(gaz: Gazetteer) -> tuple[dict, dict]:
    """Dict views of a gazetteer (alias -> row dict; side memo), built once per gazetteer: a
    pandas filter per lookup would dominate the run time."""
    hit = _LOOKUPS.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        rows = {}
        for rec in gaz.aliases.to_dict("records"):
            rows.setdefault(rec["alias"], rec)
        hit = (gaz, rows, {})
        _LOOKUPS[id(gaz)] = hit
    return hit[1], hit[2]


def _lookup(gaz: Gazetteer, name: str) -> dict | None:
    return _gaz_index(gaz)[0].get(name)


def _side_cached(gaz: Gazetteer, words: str) -> str:
    memo = _gaz_index(gaz)[1]
    if words not in memo:
        if len(memo) > 50000:
            memo.clear()
        memo[words] = gaz.side_of(words)
    return memo[words]


def _resolve_pronoun(doc: _Doc, tok: _Tok, at: int) -> Speaker | None:
    g = _PRONOUNS[tok.lower]
    if g in ("p", "n", "s"):
        return None  # we/they/it/I: too often not a named source; left to direct-quote continuity
    for off, sp in reversed(doc.persons):
        if off >= at:
            continue
        if sp.kind != "person":
            continue
        if g == "f" and sp.gender != "f":
            continue
        if g == "m" and sp.gender == "f":
            continue
        return Speaker(tok.text, tok.start, tok.end, sp.name, sp.kind, sp.role, sp.side, sp.gender)
    return None


def _resolve_description(doc: _Doc, desc: str, at: int) -> Speaker | None:
    side = doc.gaz.side_of(desc)
    for off, sp in reversed(doc.persons):
        if off >= at or sp.kind != "person":
            continue
        if side != "unknown" and sp.side not in (side, "unknown"):
            continue
        return sp
    return None


def _collect_persons(doc: _Doc) -> None:
    """Person mentions in text order (gazetteer aliases and titled names), for coreference."""
    text, gaz = doc.text, doc.gaz
    found: dict[int, Speaker] = {}
    rows = _gaz_index(gaz)[0]
    pat = _alias_regex_for(tuple(a for a, r in rows.items() if r["kind"] == "person"))
    for m in pat.finditer(text):
        r = rows[m.group()]
        actor, side, role = r["actor"], r["side"], r["role"] if isinstance(r["role"], str) else ""
        first = actor.split()[0]
        g = "f" if first in doc.lex.female_names else "m"
        found[m.start()] = Speaker(m.group(), m.start(), m.end(), actor, "person", role, side, g)
    # titled names: a capitalised title word followed by two or three capitalised words
    for m in doc.lex.titled_name.finditer(text):
        s, e = m.span(1)
        if s in found:
            continue
        name = m.group(1)
        words = name.split()
        while words and (words[-1].lower() in doc.lex.titles or words[-1] in doc.lex.organisations):
            words.pop()
        if len(words) < 2:
            continue
        name = " ".join(words)
        e = s + len(name)
        g = "f" if words[0] in doc.lex.female_names else "m"
        found[s] = Speaker(name, s, e, name, "person", "", _side(gaz, m.group(0)[: s - m.start()]), g)
    for sp in found.values():
        parts = sp.text.split()
        if len(parts) >= 2:
            doc.fullnames.setdefault(parts[-1], sp.name)
    doc.persons = sorted(found.items())


@lru_cache(maxsize=8)
def _alias_regex_for(aliases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(set(aliases), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w’'])")


def _note_person(doc: _Doc, sp: Speaker, at: int) -> None:
    if sp.kind == "person":
        bisect.insort(doc.persons, (at, sp), key=lambda x: x[0])


# --- the rules -------------------------------------------------------------------------------


@dataclass
class _Attr:
    type: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    speaker: Speaker | None
    anchor: int


def _cue_class(doc: _Doc, s: int, e: int) -> str:
    return doc.lex.cues.get(" ".join(doc.text[s:e].lower().split()), "speech")


def _skip_back(doc: _Doc, i: int) -> int:
    """Step back over time words and auxiliaries between a speaker and its cue."""
    toks = doc.toks
    while i >= 0 and (toks[i].lower in _SKIP_BACK or (toks[i].lower == "," and False)):
        i -= 1
    return i


def _skip_fwd(doc: _Doc, i: int, stop: int) -> int:
    toks = doc.toks
    while i < len(toks) and toks[i].start < stop and toks[i].lower in _SKIP_AFTER_CUE:
        i += 1
    return i


def _content_type(text: str, spans: list[tuple[int, int]], single: list[tuple[int, int]] = ()) -> str:
    seg = "".join(text[s:e] for s, e in spans)
    marks = DOUBLE_MARK.findall(seg)
    if not marks:
        if any(s <= a and b <= e for s, e in spans for a, b in single):
            return "direct" if any((a, b) == (s, e) for s, e in spans for a, b in single) else "mixed"
        return "indirect"
    s0 = seg.strip()
    if s0 and s0[0] in "\"“„" and s0.rstrip(".,;:!? ")[-1:] in "\"”" and len(marks) == 2:
        return "direct"
    return "mixed"


def _trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",:;–—-"):
        s += 1
    m = re.match(r"that\s+", text[s:e])
    if m:
        s += m.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:–—-"):
        e -= 1
    return s, e


def _extract_rules(text: str, lex: Lexicons, gaz: Gazetteer, sents: list[tuple[int, int]]) -> list[_Attr]:
    toks = _tokens(text)
    doc = _Doc(text, toks, [s for s, _ in toks.spans], sents, [s for s, _ in sents], lex, gaz)
    _collect_persons(doc)
    quotes = find_quotes(text)
    doc.single = single_quotes(text, [p for q in quotes for p in q.parts])
    quotes = sorted(quotes + [Quote([sq]) for sq in doc.single], key=lambda q: q.parts[0])
    quote_spans = [p for q in quotes for p in q.parts]
    inside = sorted(quote_spans)

    def in_quote(off: int) -> bool:
        k = bisect.bisect_right(inside, (off, 10**12)) - 1
        return k >= 0 and inside[k][0] < off < inside[k][1]

    cues = [c for c in _find_cues(toks, lex) if not in_quote(c[0])]
    used_cues: set[tuple[int, int]] = set()
    attrs: list[_Attr] = []

    # 1. direct quotations with an adjacent cue
    for q in quotes:
        first_s = q.parts[0][0]
        before = text[max(0, doc.sent_span(first_s)[0]) if doc.sents else 0:first_s]
        # a quote preceded by words of its own clause is partial unless introduced by a cue
        btrim = before.rstrip()
        intro = btrim == "" or btrim[-1:] in ":,;—–-" or btrim.endswith(("that", "\n")) or first_s == lstrip_blank(text, text.rfind("\n", 0, first_s) + 1)
        if not intro:
            continue  # partial quote inside paraphrase: handled by the clause rules below
        found = None
        for pi, (ps, pe) in enumerate(q.parts):
            found = _cue_after(doc, pe, cues, used_cues) or found
            if found:
                break
        if found is None:
            found = _cue_before(doc, first_s, cues, used_cues, intro)
        if found is None and attrs and attrs[-1].cue is not None and attrs[-1].type == "direct":
            # '"A," she said, "B."': the second part continues the attribution before it
            prev = attrs[-1]
            gap = text[prev.cue[1]:first_s]
            if prev.cue[1] <= first_s and "\n" not in gap and re.fullmatch(r"[^.!?\"“”]{0,60},\s*", gap):
                prev.content.extend(q.parts)
                continue
        if found is None:
            attrs.append(_Attr("direct", list(q.parts), None, None, first_s))
            continue
        cue, sp = found
        used_cues.add(cue)
        attrs.append(_Attr("direct", list(q.parts), cue, sp, cue[0]))
        _note_person(doc, sp, cue[0]) if sp else None

    # 2. clause rules for the remaining cues: indirect and mixed speech
    for cs, ce in cues:
        if (cs, ce) in used_cues:
            continue
        a = _indirect(doc, cs, ce, attrs)
        if a is not None:
            used_cues.add((cs, ce))
            attrs.append(a)
            if a.speaker:
                _note_person(doc, a.speaker, cs)
    # 3. quotes without a cue continue the previous speaker
    attrs.sort(key=lambda x: x.anchor)
    roles: dict[str, str] = {}
    for a in attrs:
        if a.speaker is not None and a.speaker.kind == "person" and a.speaker.role and a.speaker.start >= 0 \
                and a.speaker.text.lower() not in _PRONOUNS:
            roles.setdefault(a.speaker.name, a.speaker.role)
    for a in attrs:
        if a.speaker is not None and a.speaker.kind == "person":
            known = roles.get(a.speaker.name)
            if known:
                a.speaker.role = known
            elif not a.speaker.role:
                hit = _lookup(gaz, a.speaker.name)
                if hit is not None and isinstance(hit["role"], str):
                    a.speaker.role = hit["role"]
    last: Speaker | None = None
    resolved = []
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    pstarts = [p[0] for p in paras]
    for i, a in enumerate(attrs):
        if a.speaker is None:
            pid = bisect.bisect_right(pstarts, a.anchor) - 1
            same = [b for b in attrs if b.speaker is not None and bisect.bisect_right(pstarts, b.anchor) - 1 == pid]
            if same:
                a.speaker = Speaker("", -1, -1, same[0].speaker.name, same[0].speaker.kind, same[0].speaker.role,
                                    same[0].speaker.side, same[0].speaker.gender)
            elif last is not None:
                a.speaker = Speaker("", -1, -1, last.name, last.kind, last.role, last.side, last.gender)
            else:
                continue
        else:
            last = a.speaker
        resolved.append(a)
    return resolved


def _cue_after(doc: _Doc, pos: int, cues, used) -> tuple[tuple[int, int], Speaker] | None:
    """`"…," X said` or `"…," said X` right after a quotation part ending at ``pos``."""
    text = doc.text
    m = re.match(r"[ \t\u00a0]*[,.!?]?[ \t\u00a0]*", text[pos:pos + 6])
    start = pos + (m.end() if m else 0)
    nl = text.find("\n", pos)
    limit = min(len(text) if nl < 0 else nl, start + 220)
    for cs, ce in cues:
        if cs < start or cs > limit or (cs, ce) in used:
            continue
        if doc.lex.cues.get(" ".join(text[cs:ce].lower().split())) == "source":
            break
        ci = doc.tok_at(cs)
        # X said: speaker between quote and cue
        if cs > start:
            j = _skip_back(doc, ci - 1)
            np = _np_backward(doc, j) if j >= 0 else None
            if np and doc.toks[np[0]].start == start:
                sp = _speaker_from_span(doc, np[0], np[1], cs)
                if sp:
                    return (cs, ce), sp
            # "…," Peskov on Monday insisted: allow a short gap of time words
            break
        # said X: speaker after cue
        k = doc.tok_at(ce)
        np = _np_forward(doc, k)
        if np:
            sp = _speaker_from_span(doc, np[0], np[1], cs)
            if sp:
                return (cs, ce), sp
        break
    return None


def _cue_before(doc: _Doc, qstart: int, cues, used, intro: bool) -> tuple[tuple[int, int], Speaker] | None:
    """`X said: "…"`, `X said that "…"`, `X said, "…"` — cue before the quotation, same sentence."""
    text = doc.text
    ss, _ = doc.sent_span(qstart)
    if ss >= qstart:  # the quote opens the sentence: look at the previous sentence ending with ':'
        return None
    cands = [c for c in cues if ss <= c[0] and c[1] <= qstart and c not in used]
    if not cands:
        return None
    cs, ce = cands[-1]
    between = text[ce:qstart]
    if not re.fullmatch(r"[\s,:]*(?:that\s*)?|[^\"“”.]{0,40}?(?:that)?[\s,:]*", between):
        return None
    if doc.lex.cues.get(" ".join(text[cs:ce].lower().split())) in ("partial", "source"):
        return None
    ci = doc.tok_at(cs)
    j = _skip_back(doc, ci - 1)
    np = _np_backward(doc, j) if j >= 0 and doc.toks[j].start >= ss else None
    if np is not None and np[0] > 0 and doc.toks[np[0] - 1].lower in _PREPOSITIONS:
        np = None
    if np is None:
        np = _sentence_subject(doc, ss, cs)
    if np is None:
        return None
    sp = _speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    return (cs, ce), sp


def _sentence_subject(doc: _Doc, ss: int, cs: int) -> tuple[int, int] | None:
    """The noun phrase opening the clause that holds the cue at ``cs``, after an introductory
    phrase ("In a strongly worded statement, X said …") — for cues separated from their subject by
    adverbials ("Pence while on a visit to Estonia on Monday said")."""
    text = doc.text
    seg = text[ss:cs]
    starts = [ss]
    for m in re.finditer(r",\s+", seg):
        starts.append(ss + m.end())
    for st in starts:
        i = doc.tok_at(st)
        np = _np_forward(doc, i)
        if np and doc.toks[np[1] - 1].end <= cs:
            # the subject must be followed by a verb-ish gap without another quotation or clause break
            gap = text[doc.toks[np[1] - 1].end:cs]
            if DOUBLE_MARK.search(gap) or gap.count(",") > 1 or len(gap) > 120:
                continue
            if gap.strip() and gap.strip()[0] in ",;":
                continue
            return np
    return None


def _indirect(doc: _Doc, cs: int, ce: int, prior: list[_Attr]) -> _Attr | None:
    text, toks, lex = doc.text, doc.toks, doc.lex
    cls = _cue_class(doc, cs, ce)
    ss, se = doc.sent_span(cs)
    ci = doc.tok_at(cs)
    ki = doc.tok_at(ce)
    if cls == "source":  # according to X
        k = ki
        np = _np_forward(doc, k, lowercase_ok=True)
        if np is None:
            return None
        sp = _speaker_from_span(doc, np[0], np[1], cs)
        if sp is None:
            return None
        np_end = toks[np[1] - 1].end
        if text[ss:cs].strip(" ,") == "":
            m = re.search(r",", text[np_end:se])
            if not m:
                return None
            c = _trim_content(text, np_end + m.end(), se)
        else:
            c = _trim_content(text, _after_dateline(text, ss), cs)
        if c[1] <= c[0]:
            return None
        if sp.kind == "person" and not any(t.cap for t in toks[np[0]:np[1]]):
            sp.kind = "document" if toks[np[1] - 1].lower in lex.documents else "organisation"
        return _Attr(_content_type(text, [c], doc.single), [c], (cs, ce), sp, cs)

    # speaker before the cue
    j = _skip_back(doc, ci - 1)
    prev_tok = toks[j] if j >= 0 and toks[j].start >= ss else None
    participle = text[cs:ce].split()[0].lower().endswith("ing")
    same_sentence = [a for a in prior if a.cue and ss <= a.cue[0] < cs and a.speaker is not None]
    if prev_tok is not None and (prev_tok.lower in ("and", "but") or (participle and prev_tok.lower == ",")):
        # coordinated cue ("… and said it was …", ", but admitted …", ", saying he needed …")
        head = same_sentence[-1] if same_sentence else None
        if head is None:
            np = _sentence_subject(doc, ss, cs)
            if np is None:
                return None
            sp = _speaker_from_span(doc, np[0], np[1], cs)
        else:
            sp = head.speaker
            cut = prev_tok.start
            for k2, (c0, c1) in enumerate(head.content):
                if c0 < cut < c1:
                    head.content[k2] = _trim_content(text, c0, cut)
                    head.type = _content_type(text, head.content, doc.single)
        if sp is None:
            return None
        k = _skip_fwd(doc, ki, se)
        after = toks[k].start if k < len(toks) and toks[k].start < se else se
        if after >= se:
            return None
        content = _trim_content(text, after, se)
        typ = _content_type(text, [content], doc.single)
        if content[1] - content[0] < 3 or (cls == "partial" and typ == "indirect") or _bad_content_start(text, content):
            return None
        return _Attr(typ, [content], (cs, ce), sp, cs)
    np = _np_backward(doc, j) if prev_tok is not None else None
    if np is not None and np[0] > 0 and toks[np[0] - 1].lower in _PREPOSITIONS:
        np = None
    if participle and not (np is not None and np[0] > 0 and toks[np[0] - 1].lower == "with"):
        return None  # "by announcing …", "was adding …": not a speech act of a named speaker
    if np is None:
        # inverted at the end of a sentence: "…, said X."
        k = ki
        npf = _np_forward(doc, k)
        if npf and text[ss:cs].rstrip().endswith(","):
            rest = text[toks[npf[1] - 1].end:se]
            if re.fullmatch(r"[\s\w,]*?[.!?]?[\"”]?\s*", rest) and len(rest) < 80:
                sp = _speaker_from_span(doc, npf[0], npf[1], cs)
                if sp:
                    c = _trim_content(text, _after_dateline(text, ss), text[ss:cs].rstrip().rfind(",") + ss)
                    if c[1] > c[0]:
                        return _Attr(_content_type(text, [c], doc.single), [c], (cs, ce), sp, cs)
        np = _sentence_subject(doc, ss, cs)
        if np is None:
            return None
    if _NEGATIONS.search(text[toks[np[1] - 1].end:cs]):
        return None
    sp = _speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    np_start = toks[np[0]].start
    pre = text[ss:np_start]
    # content after the cue: "X said (that) …", "X told a news briefing Friday that …"
    k = _skip_fwd(doc, ki, se)
    after = toks[k].start if k < len(toks) and toks[k].start < se else se
    tail = text[after:se]
    content: tuple[int, int] | None = None
    if pre.strip(" ") and pre.rstrip().endswith(",") and re.fullmatch(r"[\s.!?\"”]*", tail.rstrip()[-1:] if len(tail.strip()) <= 1 else "x") is not None and len(tail.strip(" .")) == 0:
        # "…, X said Friday."
        content = _trim_content(text, _after_dateline(text, ss), pre.rstrip().rfind(",") + ss)
    elif re.match(r"(?:As|as)\s*$", pre[-4:]) or pre.strip() in ("As", "as"):
        # "As X wrote in an article …, CONTENT"
        rest = text[ce:se]
        depth, cut = 0, None
        for idx, ch in enumerate(rest):
            if ch in "“\"":
                depth ^= 1
            elif ch == "”":
                depth = 0
            elif ch == "," and depth == 0:
                cut = idx
                break
        if cut is not None:
            content = _trim_content(text, ce + cut + 1, se)
    else:
        if cls == "partial" and not DOUBLE_MARK.search(text[ce:se]) and not any(ce <= a < se for a, _ in doc.single):
            return None
        if after >= se:
            return None
        content = _trim_content(text, after, se)
    if content is None or content[1] - content[0] < 3 or _bad_content_start(text, content):
        return None
    typ = _content_type(text, [content], doc.single)
    if cls == "partial" and typ == "indirect":
        return None
    return _Attr(typ, [content], (cs, ce), sp, cs)


def _bad_content_start(text: str, content: tuple[int, int]) -> bool:
    """Content that opens with a preposition is an adjunct, not what was said ("responded by …")."""
    m = re.match(r"\w+", text[content[0]:content[1]])
    return bool(m) and m.group() in _PREPOSITIONS | {"with"}


_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+,\s+[A-Z][a-z]+\.? \d{1,2}\s*(?:\([^)]*\))?\s*[–—-]+\s*")


def _after_dateline(text: str, ss: int) -> int:
    m = _DATELINE.match(text[ss:ss + 120])
    return ss + m.end() if m else ss


# --- public API ------------------------------------------------------------------------------


def extract_text(
    text: str,
    doc_id: str = "",
    *,
    lexicons: Lexicons | None = None,
    gazetteer: Gazetteer | None = None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[dict]:
    """Attributions of one article as row dicts (see the module docstring for the fields).

    ``sentences`` are (start, end) spans as given by :func:`analysis.text.split_sentences`
    (computed when None). Never raises on odd text: an article the rules cannot read gives fewer
    rows, not an error.
    """
    lex = lexicons or default_lexicons()
    gaz = gazetteer or default_gazetteer()
    if not isinstance(text, str) or not text.strip():
        return []
    if sentences is None:
        from analysis.text import split_sentences

        sentences = split_sentences(text)
    attrs = _extract_rules(text, lex, gaz, sentences)
    return _rows(text, doc_id, attrs, sentences)


def _rows(text: str, doc_id: str, attrs: list[_Attr], sentences) -> list[dict]:
    rows = []
    sstarts = [s for s, _ in sentences]
    for attr_id, a in enumerate(sorted(attrs, key=lambda x: (x.content[0][0] if x.content else x.anchor, x.anchor))):
        cue = a.cue
        sp = a.speaker
        anchor = cue[0] if cue else a.content[0][0]
        sent_id = max(0, bisect.bisect_right(sstarts, anchor) - 1) if sstarts else 0
        has_span = sp is not None and sp.start >= 0
        for s, e in a.content or [(None, None)]:
            rows.append({
                "doc_id": doc_id,
                "attr_id": attr_id,
                "type": a.type,
                "content": text[s:e] if s is not None else "",
                "content_start": s,
                "content_end": e,
                "cue": text[cue[0]:cue[1]] if cue else "",
                "cue_start": cue[0] if cue else None,
                "cue_end": cue[1] if cue else None,
                "speaker_text": text[sp.start:sp.end] if has_span else "",
                "speaker_start": sp.start if has_span else None,
                "speaker_end": sp.end if has_span else None,
                "speaker": sp.name if sp else "",
                "speaker_kind": sp.kind if sp else "",
                "role": sp.role if sp else "",
                "side": sp.side if sp else "unknown",
                "sent_id": sent_id,
            })
    return rows


def empty_table() -> pd.DataFrame:
    """An attributions table with no rows and the documented columns and dtypes."""
    return _frame([])


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in _INT_COLUMNS:
        out[c] = pd.array(out[c], dtype="Int64")
    for c in set(COLUMNS) - set(_INT_COLUMNS):
        out[c] = out[c].astype("string")
    return out


def extract(
    docs: pd.DataFrame,
    method: str = "rules",
    *,
    model: str | None = None,
    lexicons: Lexicons | None = None,
    gazetteer: Gazetteer | None = None,
) -> pd.DataFrame:
    """The attributions table for a docs table (``doc_id``, ``text``).

    ``method``: ``"rules"`` (default; speech attributions, fast, no model), ``"model"`` (the
    shipped PolNeAR-trained tagger for spans plus the rules' speaker resolution) or ``"auto"``
    (the model when its file is present, else the rules). ``model`` is the CLI's name for the same
    choice and wins when given. ``table.attrs["method"]`` says which ran. An article that fails is
    reported in a warning and in ``table.attrs["problems"]`` and skipped; the run goes on.
    """
    if model is not None:
        method = model
    lex = lexicons or default_lexicons()
    gaz = gazetteer or default_gazetteer()
    use = method
    tagger = None
    if method in ("model", "auto"):
        from analysis import attribution_model

        tagger = attribution_model.load_default(required=(method == "model"))
        use = "model" if tagger is not None else "rules"
    elif method != "rules":
        raise ValueError(f"method must be 'rules', 'model' or 'auto', not {method!r}")
    from analysis.text import split_sentences

    rows: list[dict] = []
    problems = []
    from tqdm import tqdm

    pairs = zip(docs["doc_id"], docs["text"])
    for doc_id, text in tqdm(pairs, total=len(docs), desc="attribution", unit="article",
                             disable=None if len(docs) >= 200 else True):
        try:
            if not isinstance(text, str):
                continue
            sents = split_sentences(text)
            if tagger is not None:
                from analysis import attribution_model

                rows.extend(attribution_model.extract_text(tagger, text, str(doc_id), lex, gaz, sents))
            else:
                rows.extend(extract_text(text, str(doc_id), lexicons=lex, gazetteer=gaz, sentences=sents))
        except Exception as exc:  # one bad article must not stop a corpus run
            problems.append({"doc_id": str(doc_id), "problem": f"{type(exc).__name__}: {exc}"})
            warnings.warn(f"attribution: skipped article {doc_id}: {exc}", stacklevel=2)
    out = _frame(rows)
    out.attrs["method"] = use
    out.attrs["problems"] = problems
    return out

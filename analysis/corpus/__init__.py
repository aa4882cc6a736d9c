"""The corpus: reading the user's files, cleaning the text, stated metadata and duplicates.

Nothing else in the package reads the user's files. :func:`load_corpus` gives the *docs* table
(:data:`DOC_COLUMNS`); :func:`read_partition` gives the same rows for some of the files, for an
engine that reads a corpus in partitions; :func:`find_duplicates` and :class:`DuplicateIndex`
flag copies and :func:`analysed` leaves them out of the studies; :func:`clean` drops page
furniture (the lexicon of :func:`load_furniture`, and lines :func:`learn_boilerplate` finds
recurring) with a map back to the file's offsets, listed by :func:`boilerplate_table`;
:func:`group_problems` turns the run record of skipped inputs into one entry per kind.
"""

from analysis.corpus.boilerplate import (
    BOILERPLATE_COLUMNS,
    BoilerplateRule,
    RemovedSpans,
    boilerplate_frame,
    boilerplate_table,
    learn_boilerplate,
    removed_spans,
)
from analysis.corpus.clean import (
    INVISIBLE,
    RECURRING,
    Cleaned,
    Removed,
    clean,
    fix_encoding,
    is_quotation,
    line_key,
    normal_form,
)
from analysis.corpus.decode import decode
from analysis.corpus.dedup import (
    BANDS,
    NUM_PERM,
    THRESHOLD,
    DuplicateIndex,
    analysed,
    canonical_order,
    exact_key,
    find_duplicates,
    hash_params,
    jaccard,
    shingle_hashes,
    shingles,
    signature,
)
from analysis.corpus.fingerprint import corpus_fingerprint
from analysis.corpus.furniture import FURNITURE, furniture_reason, load_furniture
from analysis.corpus.metadata import NOT_STATED, Stated, date_issue, known_outlet, parse_date, stated_metadata
from analysis.corpus.problems import (
    EMPTIED,
    CorpusError,
    CorpusWarning,
    add_problem,
    group_problems,
    problem_kind,
    warn_grouped,
)
from analysis.corpus.read import (
    MAX_ARTICLE_BYTES,
    check_keep_columns,
    describe,
    load_corpus,
    no_article,
    read_partition,
    read_source,
    span_rows,
)
from analysis.corpus.records import (
    COLUMN_ALIASES,
    DOC_COLUMNS,
    Provenance,
    RecordOptions,
    map_columns,
    unique_ids,
)
from analysis.corpus.sidecar import SIDECAR_NAME, apply_sidecar, sidecar_path
from analysis.corpus.sources import (
    MARKER,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    Sources,
    check_output,
    corpus_root,
    find_sources,
    mark_folder,
    real_path,
    resolve_sources,
)

__all__ = [
    "BANDS",
    "BOILERPLATE_COLUMNS",
    "COLUMN_ALIASES",
    "DOC_COLUMNS",
    "EMPTIED",
    "FURNITURE",
    "INVISIBLE",
    "MARKER",
    "MAX_ARTICLE_BYTES",
    "NOT_STATED",
    "NUM_PERM",
    "RECURRING",
    "SIDECAR_NAME",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "THRESHOLD",
    "BoilerplateRule",
    "Cleaned",
    "CorpusError",
    "CorpusWarning",
    "DuplicateIndex",
    "Provenance",
    "RecordOptions",
    "Removed",
    "RemovedSpans",
    "Sources",
    "Stated",
    "add_problem",
    "analysed",
    "apply_sidecar",
    "boilerplate_frame",
    "boilerplate_table",
    "canonical_order",
    "check_output",
    "check_keep_columns",
    "clean",
    "corpus_fingerprint",
    "corpus_root",
    "date_issue",
    "decode",
    "describe",
    "exact_key",
    "find_duplicates",
    "find_sources",
    "fix_encoding",
    "furniture_reason",
    "group_problems",
    "hash_params",
    "is_quotation",
    "jaccard",
    "known_outlet",
    "learn_boilerplate",
    "line_key",
    "load_corpus",
    "load_furniture",
    "map_columns",
    "mark_folder",
    "no_article",
    "normal_form",
    "parse_date",
    "problem_kind",
    "read_partition",
    "read_source",
    "real_path",
    "removed_spans",
    "resolve_sources",
    "shingle_hashes",
    "shingles",
    "sidecar_path",
    "signature",
    "span_rows",
    "stated_metadata",
    "unique_ids",
    "warn_grouped",
]

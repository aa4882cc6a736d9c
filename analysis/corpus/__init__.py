"""The corpus: reading the user's files, cleaning the text, stated metadata and duplicates.

Nothing else in the package reads the user's files. :func:`load_corpus` gives the *docs* table
(:data:`DOC_COLUMNS`); :func:`read_partition` gives the same rows for some of the files, for an
engine that reads a corpus in partitions; :func:`find_duplicates` and :class:`DuplicateIndex`
flag copies; :func:`clean` drops page furniture with a map back to the file's offsets.
"""

from analysis.corpus.clean import FURNITURE, Cleaned, Removed, clean, furniture_reason
from analysis.corpus.decode import decode
from analysis.corpus.dedup import (
    DuplicateIndex,
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
from analysis.corpus.metadata import Stated, known_outlet, parse_date, stated_metadata
from analysis.corpus.problems import CorpusError, CorpusWarning
from analysis.corpus.read import (
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    corpus_root,
    describe,
    load_corpus,
    no_article,
    read_partition,
    read_source,
    resolve_sources,
)
from analysis.corpus.records import COLUMN_ALIASES, DOC_COLUMNS, map_columns, unique_ids
from analysis.corpus.sidecar import SIDECAR_NAME, apply_sidecar, sidecar_path

__all__ = [
    "COLUMN_ALIASES",
    "DOC_COLUMNS",
    "FURNITURE",
    "SIDECAR_NAME",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Cleaned",
    "CorpusError",
    "CorpusWarning",
    "DuplicateIndex",
    "Removed",
    "Stated",
    "apply_sidecar",
    "canonical_order",
    "clean",
    "corpus_fingerprint",
    "corpus_root",
    "decode",
    "describe",
    "exact_key",
    "find_duplicates",
    "furniture_reason",
    "hash_params",
    "jaccard",
    "known_outlet",
    "load_corpus",
    "map_columns",
    "no_article",
    "parse_date",
    "read_partition",
    "read_source",
    "resolve_sources",
    "shingle_hashes",
    "shingles",
    "sidecar_path",
    "signature",
    "stated_metadata",
    "unique_ids",
]

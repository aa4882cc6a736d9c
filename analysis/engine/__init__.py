"""Run the studies with pandas in one process (the default) or on Dask past one machine.

Why it looks like this:

* **One partition function, two engines.** Every study but topics works article by article, so
  the same function runs on a whole docs table or on one partition of a corpus. The pandas engine
  calls it on each partition in turn; the Dask engine hands the same calls to a
  ``dask.distributed`` cluster (an engine people already operate) with ``client.submit`` and
  takes the results back in partition order. Both engines therefore give the same rows in the
  same order -- identical tables, which ``tests/test_engine.py`` checks.
* **Partitions are groups of files.** :func:`plan_partitions` cuts the sorted file list of a
  corpus into runs of consecutive files of about ``partition_bytes`` together (a folder of .txt
  files, or JSONL/CSV/Parquet shards); each partition is read where it is processed
  (:func:`analysis.corpus.read_partition`), so the client never holds the corpus.
* **What needs the whole corpus is done on small summaries.** Sidecar metadata, renaming of
  repeated ``doc_id`` s and duplicate flags (``duplicate_of``) need every article. A first pass
  returns per article only its id, date, an exact-text hash and a 64-value MinHash signature
  (256 bytes); the client finds the LSH buckets that hold more than one article, fetches the
  shingles of just those articles and runs the dedup module's own incremental add-and-check
  (:class:`analysis.corpus.DuplicateIndex`), so the flags are the same as
  :func:`analysis.corpus.load_corpus` gives. The per-partition fixes (new ids, flags) are sent
  back with the second pass.
* **Topics stream.** :meth:`analysis.topics.StreamingTopicModel.partial_fit` is fed the partitions in
  order (on the client: the model is one object), then a last pass computes each partition's
  topic shares on the workers with the finished model.
* **Memory is bounded by the partition size.** At most ``max_in_flight`` partitions are being
  processed or waiting to be collected at once; with ``out=`` every partition's tables are written
  as Parquet shards where they were computed and only row counts come back.

:func:`run_study` keeps the simple contract the CLI and notebooks use (an in-memory docs table in,
tables out); :func:`run_corpus` is the streaming path from files to tables or to Parquet shards.
"""

from analysis.engine.index import (
    CorpusIndex,
    apply_fix,
    duplicates,
    index_corpus,
    shingle_rows,
    skim_partition,
)
from analysis.engine.partitions import (
    PARTITION_BYTES,
    Partition,
    ReadOptions,
    Runner,
    plan_partitions,
    read_part,
)
from analysis.engine.passes import flat_tables, process_partition, topic_partition, write_table
from analysis.engine.run import CorpusRun, load_docs, read_tables, run_corpus
from analysis.engine.studies import (
    PER_DOCUMENT,
    STUDIES,
    Tables,
    concat_results,
    dask_client,
    map_partitions,
    run_study,
    study_function,
)
from analysis.params import ENGINES, check_engine

__all__ = [
    "ENGINES",
    "PARTITION_BYTES",
    "PER_DOCUMENT",
    "STUDIES",
    "CorpusIndex",
    "CorpusRun",
    "Partition",
    "ReadOptions",
    "Runner",
    "Tables",
    "apply_fix",
    "check_engine",
    "concat_results",
    "dask_client",
    "duplicates",
    "flat_tables",
    "index_corpus",
    "load_docs",
    "map_partitions",
    "plan_partitions",
    "process_partition",
    "read_part",
    "read_tables",
    "run_corpus",
    "run_study",
    "shingle_rows",
    "skim_partition",
    "study_function",
    "topic_partition",
    "write_table",
]

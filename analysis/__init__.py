"""News-corpus analysis: topics, sentiment and source attribution over a docs table.

The package is a set of plain functions over pandas DataFrames (see ``docs/architecture`` in the
README): :func:`analysis.corpus.load_corpus` reads a corpus into the *docs* table,
:func:`analysis.text.sentences` splits it into the *sentences* table, and each study turns
those into tidy result tables keyed by ``doc_id`` (and ``sent_id``).
"""

__version__ = "0.1.0"

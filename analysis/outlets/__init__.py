"""Where an article comes from: which outlet wrote it, whom it cites, and what it copies.

- :mod:`~analysis.outlets.classifier`: the outlet of an article from its house style
  (:class:`OutletClassifier`, :func:`predict_outlets`), calibrated, ``"unknown"`` when unsure;
  :mod:`~analysis.outlets.style` holds the counted style habits it reads.
- :mod:`~analysis.outlets.citations`: outlets and agencies an article cites and the chain to the
  cited outlet's articles in the corpus (:func:`cited_outlets`, :func:`citation_chain`).
- :mod:`~analysis.outlets.reuse`: passages shared between articles, who copied whom
  (:func:`find_reuse`, :func:`passages`, :func:`reuse_matrix`).
- :mod:`~analysis.reports.outlets.views` and :mod:`~analysis.reports.outlets.charts`: what the report shows.

The outlets list itself (names, aliases, sides) is :mod:`analysis.lexicons.outlets`.
"""

from analysis.outlets.citations import CITATION_COLUMNS, citation_chain, cited_outlets
from analysis.outlets.classifier import (
    DEFAULT_THRESHOLD,
    UNKNOWN,
    OutletClassifier,
    predict_outlets,
)
from analysis.outlets.reuse import (
    EARLIER_LATER,
    PASSAGE_COLUMNS,
    REUSE_COLUMNS,
    find_reuse,
    passages,
    reuse_matrix,
)

__all__ = [
    "CITATION_COLUMNS",
    "DEFAULT_THRESHOLD",
    "EARLIER_LATER",
    "PASSAGE_COLUMNS",
    "REUSE_COLUMNS",
    "UNKNOWN",
    "OutletClassifier",
    "citation_chain",
    "cited_outlets",
    "find_reuse",
    "passages",
    "predict_outlets",
    "reuse_matrix",
]

"""The attribution extractor's measured accuracy, as shipped: figures the reports can quote.

Why a file and not a number in prose: a report that states how far to trust its quote table
must state a figure measured on news the extractor was not tuned on, for the code that made
the table. ``benchmarks/bench_attribution_scores.py`` scores the default path (and the tagger)
on the BBC development gold and on PolNeAR dev and writes :data:`SCORES_FILE`; this module only
reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Where the benchmark writes the figures (inside the package, so an installed suite has them).
SCORES_FILE = Path(__file__).resolve().parents[1] / "models" / "attribution_scores.json"


def measured_scores(path: str | Path | None = None) -> dict:
    """The measured figures: ``{"command": ..., "commit": ..., "methods": {method: {"bbc":
    {"precision", "recall", "n_gold", "n_pred", ...}, "polnear_dev": {"source_f1", "cue_f1",
    "content_f1", "source_precision", "source_recall", ...}}}, "default": method}``.

    Raises FileNotFoundError when the benchmark has not been run for this checkout.
    """
    return json.loads(Path(path or SCORES_FILE).read_text("utf-8"))

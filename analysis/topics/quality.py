"""A fitted model's topics described and judged: top terms, labels, coherence, diversity,
stability, and the same figures in plain words for reports.

Why quality with every model: a topic model without coherence and stability invites reading tea
leaves. The measures themselves live in :mod:`analysis.topics.coherence`; this module applies
them to a model's topic-term matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.topics import coherence
from analysis.topics.factor import Factoriser

#: Top terms that make a topic's label ("sanctions / law / bill").
LABEL_TERMS = 3


def nanmean(values: np.ndarray) -> float:
    """Mean of the values that are not NaN (NaN when none is)."""
    values = np.asarray(values, dtype=float)
    ok = ~np.isnan(values)
    return float(values[ok].mean()) if ok.any() else float("nan")


def top_ids(components: np.ndarray, n_terms: int, usable: np.ndarray | None = None) -> list[np.ndarray]:
    """Column ids of each topic's ``n_terms`` heaviest terms, heaviest first (ties by column),
    among the ``usable`` columns when given."""
    comp = components if usable is None else np.where(usable[None, :], components, -np.inf)
    tops = []
    for row in comp:
        n = min(n_terms, int(np.isfinite(row).sum()) if usable is not None else len(row))
        idx = np.argpartition(-row, n - 1)[:n] if n < len(row) else np.arange(len(row))
        tops.append(idx[np.lexsort((idx, -row[idx]))])
    return tops


def mean_npmi(components: np.ndarray, binary: sparse.spmatrix, n_terms: int) -> float:
    """Mean NPMI of the topics' top terms, co-occurrence counted in the rows of ``binary``."""
    tops = top_ids(components, n_terms)
    co = coherence.Cooccurrence(np.concatenate(tops)).update(binary)
    return nanmean(coherence.npmi(tops, co))


@dataclass
class TopicDescription:
    """What a model's topics are and how good: the tables a model exposes as attributes."""

    top_ids: list[np.ndarray]
    topic_terms: pd.DataFrame  # topic, rank, term, weight
    labels: list[str]  # the three top terms joined by " / "
    topic_quality: pd.DataFrame  # topic, label, npmi, umass
    diversity: float
    quality: dict[str, float]  # means: npmi, umass, diversity


def describe(
    components: np.ndarray,
    binary: sparse.spmatrix,
    name: Callable[[int], str],
    n_terms: int,
    usable: np.ndarray | None = None,
) -> TopicDescription:
    """Describe the topics of ``components`` (rows sum to 1): top terms named by ``name``
    (column -> display form), NPMI and UMass on the documents of ``binary``, and diversity."""
    tops = top_ids(components, n_terms, usable)
    co = coherence.Cooccurrence(np.concatenate(tops) if tops else []).update(binary)
    npmi = coherence.npmi(tops, co)
    umass = coherence.umass(tops, co)
    rows = []
    for t, idx in enumerate(tops):
        for r, j in enumerate(idx):
            rows.append((t, r, name(j), float(components[t, j])))
    labels = [" / ".join(name(j) for j in idx[:LABEL_TERMS]) for idx in tops]
    diversity = coherence.diversity([[int(j) for j in idx] for idx in tops])
    return TopicDescription(
        top_ids=tops,
        topic_terms=pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"]),
        labels=labels,
        topic_quality=pd.DataFrame(
            {"topic": np.arange(len(tops)), "label": labels, "npmi": npmi, "umass": umass}
        ),
        diversity=diversity,
        quality={"npmi": nanmean(npmi), "umass": nanmean(umass), "diversity": diversity},
    )


@dataclass(frozen=True)
class Resampling:
    """How stability is measured: ``runs`` refits, each on a random ``fraction`` of the units
    (at most ``max_units``) with its own seed derived from ``seed``.

    Why at most 4,000 units: five refits on 80% of a 10,000-article corpus cost four full fits,
    more than the model itself; 4,000 units already show whether the topics come back, and keep
    the check's cost flat as the corpus grows."""

    runs: int = 5
    fraction: float = 0.8
    max_units: int = 4_000
    seed: int = 0


def stability(
    X: sparse.csr_matrix, k: int, reference: np.ndarray, factoriser: Factoriser, resampling: Resampling
) -> float:
    """Mean best-match cosine between the topics ``reference`` and those refitted on random
    subsamples with other seeds (1.0: the same topics every time)."""
    if resampling.runs <= 0 or X.shape[0] < 4:
        return float("nan")
    sims = []
    n = X.shape[0]
    for r in range(1, resampling.runs + 1):
        rng = np.random.default_rng(resampling.seed + 1000 * r)
        size = max(k, min(int(n * resampling.fraction), resampling.max_units))
        idx = np.sort(rng.choice(n, size=min(size, n), replace=False))
        est, _ = factoriser.fit(X[idx], k, resampling.seed + r)
        sims.append(coherence.match_similarity(reference, est.components_))
    return float(np.mean(sims))


def _grade(v: float, good: float, fair: float) -> str:
    if v != v:  # NaN
        return "not measured"
    return "good" if v >= good else "fair" if v >= fair else "weak"


def quality_in_words(model) -> str:
    """The quality figures of a fitted topic model explained in plain words (Markdown), for
    reports."""
    q = model.quality_
    npmi, stab, div = q["npmi"], model.stability_, model.diversity_
    unit = {"article": "whole articles", "paragraph": "paragraphs", "sentence": "sentences"}
    lines = [
        f"- **{model.k_} topics** found in {unit.get(model.unit_, model.unit_)}"
        + (" (shares added back up to articles)." if model.unit_ != "article" else "."),
        f"- **Coherence (NPMI) {npmi:.2f}** ({_grade(npmi, 0.15, 0.05)}): how much more often a "
        "topic's top words appear together than chance; 0 is chance, 1 is always together, "
        "news topics that readers find sensible usually score above 0.1.",
        f"- **UMass {q['umass']:.2f}**: the same idea on a log scale; closer to 0 is better. "
        "Use it to compare models on the same corpus, not across corpora.",
        f"- **Diversity {div:.2f}** ({_grade(div, 0.9, 0.7)}): share of top words that belong to "
        "one topic only; low values mean near-duplicate topics.",
        f"- **Stability {stab:.2f}** ({_grade(stab, 0.85, 0.7)}): how closely the topics come "
        "back when the model is refitted on 80% samples with other seeds (1 = identical). "
        "Topics from an unstable model are one draw among many: do not over-read them.",
    ]
    return "\n".join(lines)

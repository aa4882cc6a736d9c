"""The one confidence level and the Wilson interval, shared by the studies and the reports.

Why here, below both: the outlets study decides from a Wilson bound whether it may name an
outlet (:mod:`analysis.outlets.check`), and the reports show the same intervals
(:mod:`analysis.reports.stats`); a study may not import the reports, and two copies of the
interval could drift apart.
"""

from __future__ import annotations

import math

from scipy import stats

#: Confidence level of every interval the studies use and the reports show.
LEVEL = 0.95
#: Its two-sided normal quantile (1.96), the ``z`` of the Wilson interval.
Z = float(stats.norm.ppf(0.5 + LEVEL / 2))


def wilson(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k / n``; (nan, nan) when ``n`` is 0.

    Why Wilson: it stays inside [0, 1] and honest at the small n of a per-outlet check (the
    normal interval claims certainty at 2 of 2)."""
    if n <= 0:
        return (math.nan, math.nan)
    z = Z if level == LEVEL else float(stats.norm.ppf(0.5 + level / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))

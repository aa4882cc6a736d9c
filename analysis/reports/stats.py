"""Intervals and honest wording for shares and means compared between small groups.

Why: "2 of 3" and "40 of 60" are both 67%, and only one of them is evidence. A share is shown as
its counts, with a Wilson interval once the group is large enough to compare (Wilson, 1927: it
stays inside [0, 1] and is sound for small n, unlike the normal approximation); a mean with a
t interval. A group under the minimum n is shown, but as counts only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from analysis.stats import LEVEL, Z, wilson

__all__ = ["LEVEL", "MIN_N", "Z", "mean_interval", "share_text", "wilson"]

#: The smallest group a report compares (articles, attributions, checked articles): under it a
#: group is shown as counts, pooled or hollow, never with an interval. Every ``reports.<name>.load``
#: takes it as ``min_n`` and every notebook as the parameter ``min_n``: one knob, one name, one default.
MIN_N = 5


def mean_interval(values: pd.Series | np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """(mean, low, high) of ``values`` (missing values dropped) with a Student-t interval; low and
    high are nan under two values.

    Why t, not a bootstrap: it needs no seed, and it widens quickly at the small n most groups of
    a news corpus have, which is the warning a reader needs."""
    x = np.asarray(pd.Series(values).dropna(), dtype=float)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if len(x) < 2:
        return (mean, math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return (mean, mean - half, mean + half)


def share_text(k: int, n: int, min_n: int) -> str:
    """``"2 of 3"`` under ``min_n``; ``"12 of 40 (30%; 18–45%)"`` from ``min_n`` on."""
    if n < min_n or n == 0:
        return f"{k:,} of {n:,}"
    lo, hi = wilson(k, n)
    return f"{k:,} of {n:,} ({k / n:.0%}; {lo:.0%}–{hi:.0%})"


def mean_text(values: pd.Series, min_n: int) -> str:
    """``"-0.21 (−0.35 to −0.07), n = 14"``; under ``min_n`` values the mean and n only."""
    mean, lo, hi = mean_interval(values)
    n = int(pd.Series(values).notna().sum())
    if n == 0:
        return "no score"
    if n < min_n or math.isnan(lo):
        return f"{mean:+.2f}, n = {n}"
    return f"{mean:+.2f} ({lo:+.2f} to {hi:+.2f}), n = {n}"

"""The out-of-fold check of the outlet guesser, and which outlets it has earned the right to name.

Why: a calibrated probability says how sure the model is among the outlets it learnt, not whether
this corpus lets it tell them apart. A corpus whose stated outlets all run the same wire copy, or
whose outlet labels have nothing to do with the text, still gives some outlet a probability of
0.97 -- and the report would print it. So every article with a stated outlet is predicted by a
model that never saw it (:func:`analysis.outlets.predict_outlets`), and an outlet is named for an
article that states none only when those out-of-fold answers show it can be: among the checked
articles the model called X, the share that were X (the precision of "X") has a lower 95% Wilson
bound of at least :data:`MIN_PRECISION`, over at least :data:`MIN_CHECKED` such answers.

Why precision and this bound: the reader of "X" wants to know how often "X" is right, and the
bound at 0.5 means "more often right than wrong, even at the low end of what the check allows":
5 right of 5 (bound 0.57) earns it, 4 of 5 (0.38) and 9 of 14 (0.39) do not. On labels that are
random with respect to the text the precision of each outlet is chance (1/k), and no outlet
passes (``tests/test_outlets.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.params import default
from analysis.schema import OUTLET_CHECK
from analysis.stats import wilson

#: Lower bound of the 95% Wilson interval the out-of-fold precision of an outlet must reach.
MIN_PRECISION = default("outlets.min_precision")
#: Out-of-fold answers naming an outlet needed before its precision is read at all.
MIN_CHECKED = 5
#: Why an outlet is not named (``reason`` of :func:`out_of_fold_check`, ``unknown_reason`` of
#: the predictions).
NOT_DISTINGUISHABLE = "not distinguishable out of fold on this corpus"
TOO_FEW_CHECKED = "too few out-of-fold answers to check"
NO_CHECK = "no out-of-fold check possible"
#: Columns of the check (one source: the store schema).
CHECK_COLUMNS = OUTLET_CHECK


def out_of_fold_check(
    predictions: pd.DataFrame,
    unknown: str,
    *,
    min_precision: float = MIN_PRECISION,
    min_checked: int = MIN_CHECKED,
) -> pd.DataFrame:
    """Per known outlet, how its out-of-fold answers fared, and whether it is answered.

    ``predictions``: a :func:`analysis.outlets.predict_outlets` table; its rows with a stated
    ``outlet`` and a ``probability`` were predicted by a model that never saw them. Returns
    :data:`CHECK_COLUMNS`: ``n`` checked articles of the outlet, ``named`` out-of-fold answers
    naming it (on any checked article), ``right`` and ``wrong`` among those, ``precision``
    (right / named) with its Wilson interval ``low``–``high``, ``recall`` (right / n),
    ``answered`` (``named >= min_checked`` and ``low >= min_precision``) and ``reason`` when not.
    One row per outlet with a stated article, most checked first.
    """
    stated = predictions[predictions["outlet"].notna()]
    done = stated[stated["probability"].notna()]
    said = done["predicted_outlet"].astype(object)
    truth = done["outlet"].astype(object)
    rows = []
    for outlet in sorted(set(stated["outlet"].astype(str))):
        n = int((truth == outlet).sum())
        named = int((said == outlet).sum())
        right = int(((said == outlet) & (truth == outlet)).sum())
        low, high = wilson(right, named)
        if done.empty:
            reason = NO_CHECK
        elif named < min_checked:
            reason = TOO_FEW_CHECKED
        elif low < min_precision:
            reason = NOT_DISTINGUISHABLE
        else:
            reason = ""
        rows.append(
            {
                "outlet": outlet,
                "n": n,
                "named": named,
                "right": right,
                "wrong": named - right,
                "precision": right / named if named else np.nan,
                "low": low,
                "high": high,
                "recall": right / n if n else np.nan,
                "answered": reason == "",
                "reason": reason or pd.NA,
            }
        )
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out = out.astype({"outlet": "string", "reason": "string", "answered": bool})
    out = out[out["outlet"] != unknown]
    return out.sort_values(["n", "outlet"], ascending=[False, True]).reset_index(drop=True)


def withhold_unearned(predictions: pd.DataFrame, check: pd.DataFrame, unknown: str) -> pd.DataFrame:
    """``predictions`` with the answers for articles that state no outlet set to ``unknown``
    wherever the outlet named is not answered in ``check``, the check's reason in
    ``unknown_reason``. Articles with a stated outlet keep their out-of-fold answers: they are
    the check itself."""
    out = predictions.copy()
    reason = dict(zip(check["outlet"].astype(str), check["reason"]))
    answered = set(check.loc[check["answered"], "outlet"].astype(str))
    said = out["predicted_outlet"].astype(object)
    withheld = out["outlet"].isna() & (said != unknown) & ~said.isin(answered)
    why = [reason.get(str(s), NO_CHECK) for s in said[withheld]]
    out.loc[withheld, "predicted_outlet"] = unknown
    out.loc[withheld, "unknown_reason"] = pd.array([NOT_DISTINGUISHABLE if pd.isna(w) else w for w in why])
    return out

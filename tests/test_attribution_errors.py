"""Issue 21's error kinds, one made-up sentence or two each: who said it, in the default path.

Each test names the kind it guards (speaker validity, word order, appositives, coreference);
the figures these rules moved are in ``benchmarks/attribution.md``.
"""

from __future__ import annotations

import pandas as pd

from analysis.attribution import extract


def rows(text: str) -> list[dict]:
    """The rows of one article as the default path gives them (entities and actors included)."""
    t = extract(pd.DataFrame({"doc_id": ["t"], "text": [text]}))
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in t.to_dict("records")]


def said(text: str) -> list[tuple[str, str]]:
    """(speaker, content) of each row."""
    return [(r["speaker"], r["content"]) for r in rows(text)]


# --- word order ----------------------------------------------------------------------------


def test_inverted_cue_with_an_appositive_and_relative_clause_after_the_speaker():
    got = said("The rally was loud, says Ana Ruiz, a singer who brought a sign to the rally.")
    assert got == [("Ana Ruiz", "The rally was loud")], got
    got = said('Rates "might rise soon", said the Harbour Rates Board (HRB), which sets the fees.')
    assert [s for s, _ in got] == ["Harbour Rates Board"], got


def test_pronoun_after_a_cue_opens_the_content_not_an_inverted_speaker():
    text = (
        "Tom Oduya chaired the talks. But Lord Vane, the board's independent reviewer of port rules, "
        "said it was possible some ships could now leave."
    )
    got = said(text)
    assert got == [("Vane", "it was possible some ships could now leave")], got

"""Whom does an article cite: outlets and agencies named as sources, and the chain from an article
to the cited outlet to that outlet's articles in the corpus.

A cited outlet is a source that speaks ("RIA reported"), so the attribution study finds them
(:func:`analysis.attribution.extract`, speakers of kind ``media``); a plain lexicon match against
the one outlets list (``analysis/lexicons/data/outlets.yaml``) is the alternative that also counts
mentions that are not attributions.
"""

from __future__ import annotations

import pandas as pd

from analysis import attribution, schema
from analysis.lexicons.outlets import OutletLexicon, default_outlet_lexicon
from analysis.schema import UNKNOWN

CITATION_COLUMNS = schema.CITATIONS
CHAIN_COLUMNS = ["doc_id", "cited", "kind", "side", "mentions", "cited_doc", "cited_doc_outlet_from"]
METHODS = ("attribution", "lexicon")


def cited_outlets(
    docs: pd.DataFrame,
    *,
    lexicon: OutletLexicon | None = None,
    method: str = "attribution",
    attributions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Outlets and agencies each article cites: ``doc_id, cited, kind, side, start, end,
    mention, via``.

    ``method="attribution"`` takes the speakers of :func:`analysis.attribution.extract` whose
    ``speaker_kind`` is ``"media"`` (a cited outlet is a source that speaks: "RIA reported");
    ``"lexicon"`` takes every mention of a listed outlet. Mentions of the article's own outlet
    are not citations and are dropped. Offsets index ``docs.text``.

    ``attributions``, an :func:`analysis.attribution.extract` table of ``docs`` already computed
    (the study store keeps one), saves running the attribution study again: on a large corpus
    that is most of the cost.
    """
    lexicon = lexicon or default_outlet_lexicon()
    if method == "attribution":
        attrs = attribution.extract(docs) if attributions is None else attributions
        rows = _cited_by_attribution(attrs, lexicon)
    elif method == "lexicon":
        rows = _cited_by_lexicon(docs, lexicon)
    else:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    out = pd.DataFrame(rows, columns=CITATION_COLUMNS)
    if "outlet" in docs and len(out):
        own = {
            d: lexicon.canonical(o) or o for d, o in zip(docs["doc_id"], docs["outlet"]) if isinstance(o, str)
        }
        out = out[[own.get(d) != c for d, c in zip(out["doc_id"], out["cited"])]]
    return out.reset_index(drop=True).astype({"start": "Int64", "end": "Int64"})


def _cited_by_lexicon(docs: pd.DataFrame, lexicon: OutletLexicon) -> list[dict]:
    pat = lexicon.pattern()
    meta = lexicon.outlets()
    alias_to = lexicon.outlet_of()
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if not isinstance(text, str):
            continue
        for m in pat.finditer(text):
            name = alias_to[m.group(0)]
            rows.append(
                {
                    "doc_id": doc_id,
                    "cited": name,
                    "kind": meta.at[name, "kind"],
                    "side": meta.at[name, "side"],
                    "start": m.start(),
                    "end": m.end(),
                    "mention": m.group(0),
                    "via": "lexicon",
                }
            )
    return rows


def _cited_by_attribution(attrs: pd.DataFrame, lexicon: OutletLexicon) -> list[dict]:
    media = attrs[attrs["speaker_kind"] == "media"]
    meta = lexicon.outlets()
    rows = []
    for r in media.itertuples(index=False):
        name = lexicon.canonical(r.speaker) or lexicon.canonical(r.speaker_text)
        if name is None:
            name = str(r.speaker if isinstance(r.speaker, str) else r.speaker_text)
            kind, side = "media", UNKNOWN
        else:
            kind, side = meta.at[name, "kind"], meta.at[name, "side"]
        rows.append(
            {
                "doc_id": r.doc_id,
                "cited": name,
                "kind": kind,
                "side": side,
                "start": r.speaker_start,
                "end": r.speaker_end,
                "mention": r.speaker_text,
                "via": "attribution",
            }
        )
    return rows


def citation_chain(
    docs: pd.DataFrame,
    *,
    predictions: pd.DataFrame | None = None,
    lexicon: OutletLexicon | None = None,
    method: str = "attribution",
    cites: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Article -> outlet or agency it cites -> articles of that outlet in the corpus.

    Returns ``doc_id, cited, kind, side, mentions, cited_doc, cited_doc_outlet_from`` with one
    row per (citing article, cited outlet, article of that outlet); ``cited_doc`` is missing
    when the corpus holds no article of the cited outlet. An article's outlet is its known
    ``outlet`` (``cited_doc_outlet_from == "known"``), else the outlet predicted in
    ``predictions`` (a :func:`analysis.outlets.predict_outlets` table) when not ``"unknown"``
    (``"predicted"``). ``cites``, a :func:`cited_outlets` table of ``docs`` already computed, saves
    running the attribution study twice (``method`` is then not used).
    """
    lexicon = lexicon or default_outlet_lexicon()
    if cites is None:
        cites = cited_outlets(docs, lexicon=lexicon, method=method)
    grouped = (
        cites.groupby(["doc_id", "cited", "kind", "side"], sort=False).size().rename("mentions").reset_index()
    )
    owner = _owners(docs, predictions, lexicon)
    chain = grouped.merge(owner, on="cited", how="left")
    self_cite = chain["cited_doc"].astype("string") == chain["doc_id"].astype("string")
    chain = chain[~self_cite.fillna(False).astype(bool)]
    return chain.reindex(columns=CHAIN_COLUMNS).reset_index(drop=True)


def _owners(docs: pd.DataFrame, predictions: pd.DataFrame | None, lexicon: OutletLexicon) -> pd.DataFrame:
    """``cited_doc, cited, cited_doc_outlet_from``: each article with its known outlet, then the
    articles without one under their predicted outlet."""
    outlets = docs["outlet"] if "outlet" in docs else [None] * len(docs)
    owner = pd.DataFrame(
        {
            "cited_doc": docs["doc_id"],
            "cited": [lexicon.canonical(o) or (o if isinstance(o, str) else None) for o in outlets],
            "cited_doc_outlet_from": "known",
        }
    )
    owner = owner[owner["cited"].notna()]
    if predictions is not None and len(predictions):
        pred = predictions[(predictions["outlet"].isna()) & (predictions["predicted_outlet"] != UNKNOWN)]
        owner = pd.concat(
            [
                owner,
                pd.DataFrame(
                    {
                        "cited_doc": pred["doc_id"],
                        "cited": [lexicon.canonical(o) or o for o in pred["predicted_outlet"]],
                        "cited_doc_outlet_from": "predicted",
                    }
                ),
            ],
            ignore_index=True,
        )
    return owner

"""Tables the outlets report shows: small views over the predictions, reuse and citation tables.

Each takes the study's tables and returns a small DataFrame or Series, so the notebook only calls
and displays, and the same view can be tested.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable

import pandas as pd

from analysis.outlets.check import MIN_CHECKED, MIN_PRECISION
from analysis.outlets.citations import citation_chain
from analysis.outlets.classifier import UNKNOWN
from analysis.outlets.reuse import find_reuse, passages, reuse_matrix
from analysis.reports.labels import plural
from analysis.reports.sentiment.views import article_meta
from analysis.reports.stats import wilson
from analysis.text import DATE, split_sentences, tokenize


def unlabelled(predictions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Predictions of the articles without a stated outlet, with their titles:
    ``doc_id, outlet, predicted_outlet, probability, title``."""
    missing = predictions[predictions["outlet"].isna()]
    titles = docs[["doc_id", "title"]] if "title" in docs else docs[["doc_id"]].assign(title=pd.NA)
    return missing.merge(titles, on="doc_id")


def of_articles(table: pd.DataFrame, doc_ids: Iterable[str]) -> pd.DataFrame:
    """Rows of a table (the docs' texts) about the articles ``doc_ids``."""
    return table[table["doc_id"].isin(set(doc_ids))]


def reuse_min_words() -> int:
    """The shortest passage the store's reuse table reports: :func:`analysis.outlets.find_reuse`'s
    default, which the store uses (it has no parameter for it)."""
    return int(inspect.signature(find_reuse).parameters["min_words"].default)


def reuse_docs(reuse: pd.DataFrame) -> set[str]:
    """The articles that take part in some reuse pair."""
    return set(reuse["source_doc"]) | set(reuse["target_doc"])


# --- the store-based report: answers with their reasons, rates with their n ------------------

#: What the citation chain says of a cited piece (:func:`cited_pieces`).
THIS_PIECE = "this piece"
NOT_THIS_PIECE = "same outlet, not this piece"
NOT_IN_CORPUS = "outlet not in this corpus"


def unlabelled_table(predictions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The articles without a stated outlet, with :func:`~analysis.sentiment.views.article_meta`
    names and the model's answer: ``doc_id, article, (date), predicted_outlet, closest_outlet,
    probability, similarity, unknown_reason`` (where the predictions have them), the surest
    answers first."""
    missing = predictions[predictions["outlet"].isna()].drop(columns="outlet")
    out = article_meta(docs, ("date",)).merge(missing, on="doc_id")
    return out.sort_values(["probability", "doc_id"], ascending=[False, True], na_position="last")


def answer_counts(predictions: pd.DataFrame) -> pd.DataFrame:
    """Articles without a stated outlet per answer: ``answer, outlet, articles``, most first;
    ``answer`` is the outlet, or ``unknown: <reason>`` so that every way of not answering shows."""
    missing = predictions[predictions["outlet"].isna()]
    reason = missing.get("unknown_reason", pd.Series(pd.NA, index=missing.index)).astype(object)
    unknown = missing["predicted_outlet"] == UNKNOWN
    answer = (
        missing["predicted_outlet"]
        .astype(object)
        .where(~unknown, (UNKNOWN + ": " + reason.fillna("")).str.rstrip(": "))
    )
    out = (
        pd.DataFrame({"answer": answer, "outlet": missing["predicted_outlet"].astype(object)})
        .groupby(["answer", "outlet"])
        .size()
        .rename("articles")
        .reset_index()
    )
    return out.sort_values(["articles", "answer"], ascending=[False, True]).reset_index(drop=True)


def checked(predictions: pd.DataFrame) -> pd.DataFrame:
    """The articles with a stated outlet that a model which never saw them predicted (out-of-fold):
    a probability was computed."""
    return predictions[predictions["outlet"].notna() & predictions["probability"].notna()]


def accuracy_table(predictions: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """Out-of-fold check per known outlet: ``outlet, n (checked), right, other, unknown,
    accuracy, low, high, enough``. ``accuracy`` is right over checked (an ``unknown`` answer is
    not right) with its Wilson interval; ``enough`` is False under ``min_n`` checked articles."""
    known = checked(predictions)
    rows = []
    for outlet, g in known.groupby("outlet", sort=True):
        right = int((g["predicted_outlet"] == outlet).sum())
        unknown = int((g["predicted_outlet"] == UNKNOWN).sum())
        rows.append(
            (outlet, len(g), right, len(g) - right - unknown, unknown, right / len(g), *wilson(right, len(g)))
        )
    cols = ["outlet", "n", "right", "other", "unknown", "accuracy", "low", "high"]
    out = pd.DataFrame(rows, columns=cols)
    out["enough"] = out["n"] >= min_n
    return out.sort_values(["n", "outlet"], ascending=[False, True]).reset_index(drop=True)


def check_lead(
    check: pd.DataFrame, *, min_precision: float = MIN_PRECISION, min_checked: int = MIN_CHECKED
) -> str:
    """The sentence the report leads with: which outlets the out-of-fold check
    (:func:`analysis.outlets.check.out_of_fold_check`, the store's ``outlet_check``) let the model
    name for articles that state none, and why the others are left ``unknown``."""
    if check.empty:
        return (
            "No outlet could be checked out of fold, so no outlet is named for an article that states none."
        )
    earned = check[check["answered"]]
    rule = (
        f"an outlet is named only where, among at least {min_checked} out-of-fold answers naming it, "
        f"the share right has a 95% lower bound of at least {min_precision:.0%}"
    )
    if earned.empty:
        return (
            f"**Check first: none of the {plural(len(check), 'outlet')} with stated articles can be told apart "
            f"out of fold on this corpus**, so every article that states no outlet is `unknown` ({rule})."
        )
    names = ", ".join(f"{r.outlet} ({r.right:,} right of {r.named:,} named)" for r in earned.itertuples())
    return (
        f"**Check first: {len(earned):,} of {plural(len(check), 'outlet')} earned an answer** ({rule}): "
        f"{names}. The others are `unknown` for articles that state no outlet."
    )


def with_check(accuracy: pd.DataFrame, check: pd.DataFrame) -> pd.DataFrame:
    """:func:`accuracy_table` with the check's verdict per outlet: ``named`` (out-of-fold answers
    naming it), ``precision`` (right when named), ``answered`` (named for unstated articles) and
    ``reason`` when not."""
    cols = ["outlet", "named", "precision", "answered", "reason"]
    return accuracy.merge(check[cols], on="outlet", how="left")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in tokenize(text)]


def _sentence_at(text: str, position: int) -> str:
    """The sentence of ``text`` that holds character ``position``."""
    for start, end in split_sentences(text):
        if start <= position < end:
            return text[start:end]
    return text[max(0, position - 200) : position + 200]


def names_piece(context: str, title: object, date: object) -> str:
    """``"title"`` when ``context`` (the sentences that cite an outlet) names this piece's title,
    ``"date"`` when it gives the piece's publication date, else ``""``.

    A title is named when its words (three or more) appear in order in the context, or when at
    least 80% of its distinct words of three letters and more (four or more of them) appear in
    it: a cited headline is often shortened or re-cased. A date is one of :data:`analysis.text.DATE`.
    Why this test: "As X wrote in an article '...'" names one piece; any other article of X in
    the corpus is the same outlet, not the piece cited (issue 14, item 7).
    """
    words = _words(context)
    if isinstance(title, str) and title.strip():
        tw = _words(title)
        if len(tw) >= 3 and f" {' '.join(tw)} " in f" {' '.join(words)} ":
            return "title"
        distinct = {w for w in tw if len(w) >= 3}
        if len(distinct) >= 4 and len(distinct & set(words)) >= 0.8 * len(distinct):
            return "title"
    if pd.notna(date):
        day = pd.Timestamp(date).normalize()
        for m in re.finditer(DATE, context):
            found = pd.to_datetime(m.group(0).replace(".", ""), errors="coerce")
            if pd.notna(found) and found.normalize() == day:
                return "date"
    return ""


def cited_pieces(
    cites: pd.DataFrame, docs: pd.DataFrame, texts: pd.DataFrame, predictions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The citation chain as a reader checks it: one row per citing article and cited outlet.

    Returns ``doc_id, article, cited, kind, side, mentions, context, piece, cited_doc,
    cited_article, matched_by, outlet_articles``: ``context`` holds the sentences that cite the
    outlet; ``piece`` is :data:`THIS_PIECE` when an article of that outlet in the corpus (known
    or predicted outlet, :func:`analysis.outlets.citation_chain`) has its title or date named
    there (``matched_by``; that article is ``cited_doc``), :data:`NOT_THIS_PIECE` when the corpus
    holds ``outlet_articles`` of the outlet but none is named, else :data:`NOT_IN_CORPUS`.
    ``texts``: ``doc_id, text`` of (at least) the citing articles.
    """
    cols = [
        "doc_id",
        "article",
        "cited",
        "kind",
        "side",
        "mentions",
        "context",
        "piece",
        "cited_doc",
        "cited_article",
        "matched_by",
        "outlet_articles",
    ]
    if cites.empty:
        return pd.DataFrame(columns=cols)
    chain = citation_chain(docs, predictions=predictions, cites=cites)
    meta = article_meta(docs, ("date",)).set_index("doc_id")
    dates = meta["date"] if "date" in meta else pd.Series(pd.NaT, index=meta.index)
    text_of = dict(zip(texts["doc_id"], texts["text"]))
    starts = cites.groupby(["doc_id", "cited"], sort=False)["start"].agg(list)
    rows = []
    keys = ["doc_id", "cited", "kind", "side", "mentions"]
    for (doc_id, cited, kind, side, mentions), g in chain.groupby(keys, sort=False, dropna=False):
        text = text_of.get(doc_id, "")
        at = [int(p) for p in starts.get((doc_id, cited), []) if pd.notna(p)]
        context = " … ".join(dict.fromkeys(_sentence_at(text, p) for p in at))
        owned = [d for d in g["cited_doc"].dropna() if d in meta.index]
        found = [(d, how) for d in owned if (how := names_piece(context, meta.at[d, "article"], dates[d]))]
        cited_doc, how = found[0] if found else (None, "")
        piece = THIS_PIECE if found else NOT_THIS_PIECE if owned else NOT_IN_CORPUS
        name = meta.at[doc_id, "article"] if doc_id in meta.index else doc_id
        rows.append(
            (
                doc_id,
                name,
                cited,
                kind,
                side,
                int(mentions),
                context,
                piece,
                cited_doc,
                meta.at[cited_doc, "article"] if cited_doc else None,
                how,
                len(owned),
            )
        )
    return pd.DataFrame(rows, columns=cols)


def cited_counts(cites: pd.DataFrame) -> pd.DataFrame:
    """Outlets and agencies cited: ``cited, kind, side, articles (citing), mentions``, most cited
    first (articles, then mentions)."""
    out = (
        cites.groupby(["cited", "kind", "side"], dropna=False)
        .agg(articles=("doc_id", "nunique"), mentions=("doc_id", "size"))
        .reset_index()
    )
    order = out.sort_values(["articles", "mentions", "cited"], ascending=[False, False, True])
    return order.reset_index(drop=True)


def reuse_table(reuse: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Reuse pairs (:func:`analysis.outlets.find_reuse`) with article names and outlets, most
    shared words first: ``source, source_outlet, target, target_outlet`` and the reuse columns."""
    meta = article_meta(docs, ("outlet",))
    names = meta.set_index("doc_id")
    out = reuse.copy()
    for end in ("source", "target"):
        ids = out[f"{end}_doc"]
        out[end] = ids.map(names["article"]).fillna(ids)
        if "outlet" in names:
            out[f"{end}_outlet"] = ids.map(names["outlet"])
    return out.sort_values(["shared_words", "source_doc", "target_doc"], ascending=[False, True, True])


def reuse_passages(
    reuse: pd.DataFrame, docs: pd.DataFrame, *, n: int, min_words: int, top: int
) -> pd.DataFrame:
    """The shared passages of the ``top`` pairs with most shared words, in full: ``source,
    target, n_words, source_text, target_text`` (``docs`` with ``text`` for those articles; ``n``
    and ``min_words`` as the store's reuse table was made)."""
    cols = ["source", "target", "n_words", "source_text", "target_text"]
    pairs = reuse_table(reuse, docs).head(top)
    found = [
        passages(docs, r.source_doc, r.target_doc, n=n, min_words=min_words).assign(
            source=r.source, target=r.target
        )
        for r in pairs.itertuples()
    ]
    return pd.concat(found, ignore_index=True)[cols] if found else pd.DataFrame(columns=cols)


def short_names(docs: pd.DataFrame, width: int = 40) -> pd.Series:
    """``doc_id`` → a short unique label for an axis: the article name cut to ``width`` characters
    (a number added where two cut names collide)."""
    names = article_meta(docs).set_index("doc_id")["article"].astype(str)
    cut = names.where(names.str.len() <= width, names.str.slice(0, width - 1) + "…")
    seen: dict[str, int] = {}
    out = {}
    for doc_id, label in cut.items():
        seen[label] = seen.get(label, 0) + 1
        out[doc_id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return pd.Series(out, dtype=object)


def matrix_cells(reuse: pd.DataFrame, docs: pd.DataFrame, top: int) -> pd.DataFrame:
    """The reuse matrix of the ``top`` most reusing articles as cells for a heat map: ``source,
    target, share`` (share of the target's words reused; 0 where nothing is shared), labelled
    by :func:`short_names`; empty when no cell is above 0 (no all-zero heat map)."""
    mat = reuse_matrix(reuse, None, top=top)
    if not mat.size or not (mat.to_numpy() > 0).any():
        return pd.DataFrame(columns=["source", "target", "share"])
    labels = short_names(docs[docs["doc_id"].astype(str).isin(mat.index)])
    return mat.rename(index=labels, columns=labels).stack().rename("share").reset_index()

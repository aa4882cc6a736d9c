"""Score the attribution extractor against gold in PolNeAR's brat format.

Why this scorer exists: published quote extractors (BBC Citron, GenderGapTracker) report span
precision/recall/F1 two ways, and a figure is only comparable when it is computed the same way:

* **exact** — a predicted span counts when its offsets equal a gold span of the same role
  (source, cue or content); precision = matched predicted spans / predicted spans, recall =
  matched gold spans / gold spans.
* **overlap** (Citron's way) — tokens, not spans: precision = predicted tokens of a role that lie
  in a gold span of that role / all predicted tokens of that role; recall the other way round.
  Partial credit is what a reader of a quote table cares about ("the speaker is *Berg*, not
  *Deputy Foreign Minister Anna Berg*" is still the right speaker).

Checked against Citron's own scorer (``citron/metrics.py``: ``get_quote_overlap_counts_and_lengths``
sums, per role, the token overlap of every predicted quote with every gold quote and divides by
the predicted, resp. gold, token totals; punctuation tokens count). Role-level token *sets*, as
here, give the same figure whenever spans of one role do not overlap each other (PolNeAR is
univocal), and never more: a duplicated prediction counts once here, twice in Citron. Overlap
is not tied to a relation in either (a speaker found with the wrong cue still scores), which is
why the exact figures are reported too. Tokens are identified by their start offset; fewer than
0.2 % of PolNeAR's gold spans start inside a word (9 of 6,770 on dev), so cut tokens barely matter.

What the figures can reach: PolNeAR articles annotated twice let the same scorer compare one
annotator with the other. On the 16 such articles of *train*, the second annotator scores
source overlap F1 0.80, cue 0.70, content 0.91 against the first (dev has only 2 such articles:
0.97 / 0.82 / 0.97) — so a cue overlap F1 near 0.80 is at or above human agreement on PolNeAR.

Content spans with a quotation mark form the *quoted* subset (direct and mixed speech), scored
separately because it is what most quote tools extract.

Gold is read by :mod:`analysis.attribution.gold` (PolNeAR's folder layout; when several
annotators annotated an article we score against the first file name in sorted order, as
PolNeAR's authors do).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from analysis.attribution import extract
from analysis.attribution.gold import (
    ROLES,
    GoldDoc,
    GoldRelation,
    read_ann,
    read_polnear,
    read_quote_gold,
)
from analysis.attribution.matching import predicted_quotes, score_quotes
from analysis.attribution.table import DEFAULT_METHOD
from analysis.corpus import load_corpus

__all__ = [
    "ROLES",
    "PRF",
    "AttributionScores",
    "GoldDoc",
    "GoldRelation",
    "evaluate",
    "evaluate_attribution",
    "format_scores",
    "predictions_from_table",
    "read_ann",
    "read_polnear",
    "score_documents",
]

#: Scoring tokens (Citron's granularity: words with inner dots/hyphens/apostrophes, and each
#: punctuation mark); not the tagger's tokens.
_TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")


def _tokens_in(spans, _unused: dict, text: str) -> set[int]:
    """Start offsets of the tokens that lie inside any of ``spans`` (a token counts when its
    first character is inside: annotators' spans sometimes cut a token)."""
    out: set[int] = set()
    for s, e in spans:
        for m in _TOKEN.finditer(text, s, e):
            out.add(m.start())
    return out


@dataclass
class PRF:
    """Precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    @classmethod
    def from_counts(cls, tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> PRF:
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4), n_pred, n_gold)


@dataclass
class AttributionScores:
    """Scores of one extractor on one gold folder.

    ``scores[(role, mode)]`` with role in source/cue/content/quoted_content and mode in
    exact/overlap; :meth:`flat` gives the ``<role>_<p|r|f1>_<mode>`` dict the CLI prints.
    """

    data: str
    method: str
    n_docs: int
    n_gold_relations: int
    n_pred_attributions: int
    seconds: float
    scores: dict[tuple[str, str], PRF]

    def flat(self) -> dict:
        out: dict = {
            "data": self.data,
            "method": self.method,
            "n_docs": self.n_docs,
            "n_gold_relations": self.n_gold_relations,
            "n_pred_attributions": self.n_pred_attributions,
            "seconds": round(self.seconds, 3),
        }
        for (role, mode), prf in self.scores.items():
            out[f"{role}_p_{mode}"] = prf.precision
            out[f"{role}_r_{mode}"] = prf.recall
            out[f"{role}_f1_{mode}"] = prf.f1
        return out

    def table(self) -> pd.DataFrame:
        """One row per (role, mode): precision, recall, f1, predicted and gold counts."""
        rows = [{"role": r, "mode": m, **asdict(p)} for (r, m), p in self.scores.items()]
        return pd.DataFrame(rows)

    def to_json(self) -> str:
        return json.dumps(self.flat(), sort_keys=True)


def score_documents(
    gold: list[GoldDoc], predicted: dict[str, dict[str, list[list[tuple[int, int]]]]]
) -> dict[tuple[str, str], PRF]:
    """Score predictions against gold.

    ``predicted[doc_id][role]`` is a list of attributions' span lists for that role (an
    attribution can have several content spans). Returns ``{(role, mode): PRF}``.
    """
    counts = {
        (role, mode): [0, 0, 0, 0]  # tp_pred, n_pred, tp_gold, n_gold
        for role in (*ROLES, "quoted_content")
        for mode in ("exact", "overlap")
    }
    for doc in gold:
        text = doc.text
        pred = predicted.get(doc.doc_id, {})
        for role in (*ROLES, "quoted_content"):
            base = "content" if role == "quoted_content" else role
            g_lists = [getattr(r, base) for r in doc.relations if getattr(r, base)]
            p_lists = [sp for sp in pred.get(base, []) if sp]
            if role == "quoted_content":
                g_lists = [sp for sp in g_lists if _is_quoted(text, sp)]
                p_lists = [sp for sp in p_lists if _is_quoted(text, sp)]
            # exact: each contiguous span separately
            g_spans = {tuple(s) for sp in g_lists for s in sp}
            p_spans = {tuple(s) for sp in p_lists for s in sp}
            c = counts[(role, "exact")]
            c[0] += len(p_spans & g_spans)
            c[1] += len(p_spans)
            c[2] += len(g_spans & p_spans)
            c[3] += len(g_spans)
            # overlap: token sets
            g_tok = _tokens_in([s for sp in g_lists for s in sp], {}, text)
            if role == "quoted_content":
                # a predicted quoted content is judged against all gold content tokens, so a
                # quote that gold files as plain content is not punished for the mark
                all_gold = [s for r in doc.relations for s in r.content]
                g_all = _tokens_in(all_gold, {}, text)
            else:
                g_all = g_tok
            p_tok = _tokens_in([s for sp in p_lists for s in sp], {}, text)
            c = counts[(role, "overlap")]
            c[0] += len(p_tok & g_all)
            c[1] += len(p_tok)
            c[2] += len(g_tok & _tokens_in([s for sp in pred.get(base, []) for s in sp], {}, text))
            c[3] += len(g_tok)
    return {k: PRF.from_counts(*v) for k, v in counts.items()}


def _is_quoted(text: str, spans) -> bool:
    """A content span list is *quoted* when it holds a double quotation mark (straight or curly)."""
    return any(ch in '"“”' for s, e in spans for ch in text[s:e])


def predictions_from_table(table: pd.DataFrame) -> dict[str, dict[str, list[list[tuple[int, int]]]]]:
    """Turn an attributions table (``analysis.attribution.extract`` output) into scorer input.

    Rows with the same ``attr_id`` form one attribution (content in several parts).
    """
    out: dict[str, dict[str, list[list[tuple[int, int]]]]] = {}
    if table.empty:
        return out
    for (doc_id, _), grp in table.groupby(["doc_id", "attr_id"], sort=False):
        d = out.setdefault(str(doc_id), {r: [] for r in ROLES})
        for role in ROLES:
            spans = []
            for s, e in zip(grp[f"{_col(role)}_start"], grp[f"{_col(role)}_end"]):
                if pd.notna(s) and pd.notna(e) and int(e) > int(s):
                    spans.append((int(s), int(e)))
            d[role].append(sorted(set(spans)))
    return out


def _col(role: str) -> str:
    return "speaker" if role == "source" else role


def evaluate_attribution(
    data: str | Path, method: str = DEFAULT_METHOD, limit: int | None = None
) -> AttributionScores:
    """Run the extractor over a PolNeAR-format folder and score it.

    ``method`` is passed to :func:`analysis.attribution.extract` (``"rules"``, ``"model"`` or
    ``"auto"``: the shipped model when present, else the rules). Nothing is tuned here.
    """
    gold = read_polnear(data, limit=limit)
    docs = pd.DataFrame({"doc_id": [g.doc_id for g in gold], "text": [g.text for g in gold]})
    t0 = time.perf_counter()
    table = extract(docs, method=method)
    seconds = time.perf_counter() - t0
    scores = score_documents(gold, predictions_from_table(table))
    used = table.attrs.get("method", method)
    n_attr = int(table.groupby(["doc_id", "attr_id"]).ngroups) if not table.empty else 0
    return AttributionScores(
        data=str(data),
        method=used,
        n_docs=len(gold),
        n_gold_relations=sum(len(g.relations) for g in gold),
        n_pred_attributions=n_attr,
        seconds=seconds,
        scores=scores,
    )


def format_scores(result: AttributionScores) -> str:
    """A plain-text table of the scores for the terminal."""
    lines = [
        f"PolNeAR-format gold: {result.data}  ({result.n_docs} articles, "
        f"{result.n_gold_relations} gold relations, {result.n_pred_attributions} predicted; "
        f"method {result.method}; {result.seconds:.2f} s)",
        f"{'role':<16}{'mode':<9}{'P':>8}{'R':>8}{'F1':>8}{'pred':>9}{'gold':>9}",
    ]
    for (role, mode), p in result.scores.items():
        lines.append(
            f"{role:<16}{mode:<9}{p.precision:>8.3f}{p.recall:>8.3f}{p.f1:>8.3f}{p.n_pred:>9}{p.n_gold:>9}"
        )
    lines.append("overlap = token-level (Citron's way); exact = identical span offsets.")
    return "\n".join(lines)


# --- quote-list gold (the BBC development set) ---------------------------------------------


@dataclass
class QuoteScores:
    """Scores against a quote-list gold (matching rule of ``bbc-attributions/README.md``).

    A predicted row is one attribution (the table's content parts joined, as the gold keeps a
    quote split by its cue in one row); it matches a gold row of the same file when its
    ``speaker`` contains one of the gold row's keys (case-insensitive) and its content covers the
    gold content (:mod:`analysis.attribution.matching`). ``recall`` = gold rows with a match /
    gold rows; ``precision`` = predicted rows with a match / predicted rows; the ``one_to_one``
    figures count a maximum matching in which each row is used once; ``recall_named`` leaves out
    gold rows of kind ``unnamed``; ``type_agreement`` is the share of one-to-one pairs whose type
    (direct, indirect, mixed) agrees.
    """

    data: str
    method: str
    n_docs: int
    n_gold: int
    n_pred: int
    found_gold: int
    matched_pred: int
    one_to_one: int
    n_gold_named: int
    found_gold_named: int
    type_agreement: float
    seconds: float

    def flat(self) -> dict:
        p = self.matched_pred / self.n_pred if self.n_pred else 0.0
        r = self.found_gold / self.n_gold if self.n_gold else 0.0
        p1 = self.one_to_one / self.n_pred if self.n_pred else 0.0
        r1 = self.one_to_one / self.n_gold if self.n_gold else 0.0
        return {
            "data": self.data,
            "method": self.method,
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "found_gold": self.found_gold,
            "matched_pred": self.matched_pred,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "one_to_one": self.one_to_one,
            "precision_one_to_one": round(p1, 4),
            "recall_one_to_one": round(r1, 4),
            "recall_named": round(self.found_gold_named / self.n_gold_named, 4) if self.n_gold_named else 0.0,
            "type_agreement": round(self.type_agreement, 4),
            "seconds": round(self.seconds, 3),
        }


def articles_folder(gold_file: Path) -> Path:
    """Where a quote-list gold's articles are: ``bbc/`` next to the gold file, else the shared
    data layout ``../bbc-news/bbc`` (``shared/data/bbc-attributions`` beside ``bbc-news``)."""
    for cand in (gold_file.parent / "bbc", gold_file.parent.parent / "bbc-news" / "bbc"):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"{gold_file}: no articles folder (looked for bbc/ and ../bbc-news/bbc)")


def evaluate_quotes(
    data: str | Path, method: str = DEFAULT_METHOD, articles: str | Path | None = None
) -> QuoteScores:
    """Run the extractor over the articles of a quote-list gold file and score it
    (:class:`QuoteScores`). The articles are read as the suite reads any corpus
    (:func:`analysis.corpus.load_corpus`: headline line apart, body cleaned)."""
    data = Path(data)
    gold = read_quote_gold(data)
    root = Path(articles) if articles is not None else articles_folder(data)
    files = sorted({g.file for g in gold})
    docs = load_corpus([root / f for f in files], dedup=False, progress=False)
    docs = pd.DataFrame(
        {"doc_id": [Path(p).relative_to(root).as_posix() for p in docs["source_path"]], "text": docs["text"]}
    )
    t0 = time.perf_counter()
    table = extract(docs, method=method)
    seconds = time.perf_counter() - t0
    counts = score_quotes(gold, predicted_quotes(table))
    return QuoteScores(
        data=str(data), method=table.attrs.get("method", method), n_docs=len(files), seconds=seconds, **counts
    )


def evaluate(data: str | Path, model: str = DEFAULT_METHOD, limit: int | None = None) -> dict:
    """What ``python -m analysis evaluate attribution --data PATH [--model M] [--json]`` prints.

    ``PATH`` a PolNeAR-format folder: the flat dict of :func:`evaluate_attribution` (keys such as
    ``source_f1_overlap``, ``source_p_overlap``, ``source_r_overlap``, ``cue_f1_overlap``,
    ``content_f1_overlap``, ``source_f1_exact``). ``PATH`` a quote-list gold file (``*.jsonl``,
    e.g. ``bbc-attributions/gold.jsonl``) or a folder holding ``gold.jsonl``: the flat dict of
    :func:`evaluate_quotes` (``precision``, ``recall``, ``one_to_one``, ...; ``limit`` unused).
    """
    path = Path(data)
    if path.suffix == ".jsonl" or (path / "gold.jsonl").is_file():
        return evaluate_quotes(path if path.suffix == ".jsonl" else path / "gold.jsonl", method=model).flat()
    return evaluate_attribution(data, method=model, limit=limit).flat()

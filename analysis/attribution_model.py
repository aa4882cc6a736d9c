"""A small sequence tagger for attribution spans, trained on PolNeAR; optional.

Why: PolNeAR annotates attribution broadly — statements but also findings, beliefs and
intentions ("a poll shows", "Clinton wants", "aides were frustrated") — and only about a third of
its cues are speech verbs, so the speech rules of :mod:`analysis.attribution` find few of them.
A linear-chain CRF (python-crfsuite) over hand-written token features learns that long tail from
PolNeAR's training split. PolNeAR is univocal (each token belongs to at most one attribution
role), so an attribution annotation is exactly a tag sequence: ``B-/I-`` + ``SRC``/``CUE``/``CON``.

The model file is small (``analysis/models/polnear_crf.crfsuite.gz``, under 10 MB) and
is rebuilt with (about 10 minutes on one core)::

    python -m analysis.attribution_model --data ../shared/data/polnear/data/train

How the settings were chosen (all on PolNeAR *train*: trained on four fifths, articles whose
sorted index is not a multiple of 5, scored on the other fifth; dev only for the final figure,
see ``benchmarks/attribution.md``): regularisation is what matters most — the tagger fits its
training articles almost perfectly and generalises far worse, so stronger L1/L2 penalties
(``c1``/``c2``) raised held-out source overlap F1 by 5 points, more than extra features (stems,
prefixes, the rules' own labels as features: about +0.5 to +1 point) did. Decoding by
marginal probability with the ``O`` label down-weighted (:func:`decode`) trades precision for
recall; source spans are paired with cues one to one (:func:`_assign_sources`).

Credit: Newell, Margolin & Ruths, "An attribution relations corpus for political news", LREC
2018 (https://github.com/networkdynamics/PolNeAR). PolNeAR's annotations carry no stated
licence: the shipped model is for research use.

The rules stay the default: extraction works without this module's dependency
(``python-crfsuite``) and without the model file.
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
import time
from importlib import resources
from pathlib import Path

from analysis.lexicons import Gazetteer

MODEL_NAME = "polnear_crf.crfsuite.gz"  # gzip: 2.1 MB instead of 5 MB in the package
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)\.|\w+(?:[-'’]\w+)*|\S")
_ROLE_TAG = {"source": "SRC", "cue": "CUE", "content": "CON"}
_QUOTES = set("\"“”„")
_default = None


def model_path() -> Path:
    """Where the shipped model lives inside the package."""
    return Path(str(resources.files("analysis").joinpath(f"models/{MODEL_NAME}")))


def load_default(required: bool = False):
    """The shipped tagger, or None when the model file or python-crfsuite is missing.

    With ``required=True`` a missing piece raises ``RuntimeError`` saying how to get it.
    """
    global _default
    if _default is not None:
        return _default
    path = model_path()
    try:
        import pycrfsuite
    except ImportError as exc:
        if required:
            raise RuntimeError("method='model' needs python-crfsuite: pip install python-crfsuite") from exc
        return None
    if not path.is_file():
        if required:
            raise RuntimeError(
                f"no attribution model at {path}; build it with "
                "python -m analysis.attribution_model --data PATH/TO/polnear/data/train"
            )
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(_unpacked(path)))
    _default = tagger
    return tagger


def _unpacked(path: Path) -> Path:
    """A plain model file for ``path``: itself, or for ``.gz`` a copy unpacked once into the
    temp folder (crfsuite opens only plain files), named by the packed file's size and mtime."""
    if path.suffix != ".gz":
        return path
    import gzip
    import os
    import tempfile

    st = path.stat()
    target = Path(tempfile.gettempdir()) / f"analysis-{path.stem}-{st.st_size}-{int(st.st_mtime)}"
    if not target.is_file():
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        with gzip.open(path, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        os.replace(tmp, target)
    return target


# --- features --------------------------------------------------------------------------------


def _shape(t: str) -> str:
    if t.isupper() and len(t) > 1:
        return "AA"
    if t[:1].isupper():
        return "Aa"
    if t.isdigit():
        return "0"
    if t.isalpha():
        return "a"
    return "p" if len(t) == 1 else "x"


def paragraph_tokens(text: str) -> list[list[tuple[int, int, str]]]:
    """Tokens of ``text`` grouped by paragraph (a line): lists of (start, end, token)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        toks = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, m.start(), m.end())]
        if toks:
            out.append(toks)
    return out


def featurise(text: str, para: list[tuple[int, int, str]], lex) -> list[list[str]]:
    """Feature strings for each token of one paragraph.

    Features: the word, its shape, suffix, prefix and stem, neighbours within ±2, whether it is a
    cue word of the lexicon (and of which class), a title, a pronoun, whether it lies inside a
    quotation, its distance to the nearest cue word and to the paragraph's start, and the label
    (source / cue / content / none) the rules of :mod:`analysis.attribution` give it and its
    neighbours.
    """
    words = [w for _, _, w in para]
    low = [w.lower() for w in words]
    n = len(words)
    inq = []
    state = False
    for w in words:
        if w in _QUOTES:
            if w == "“":
                state = True
            elif w == "”":
                state = False
            else:
                state = not state
            inq.append("Q")
        else:
            inq.append("1" if state else "0")
    cue_cls = [lex.cues.get(w, "") for w in low]
    for i in range(n - 1):
        two = low[i] + " " + low[i + 1]
        if two in lex.cues:
            cue_cls[i] = cue_cls[i + 1] = lex.cues[two]
    cue_pos = [i for i, c in enumerate(cue_cls) if c]
    stems = [_stem(w) for w in low]
    rspans = _rule_spans(text, lex)
    rule = []
    for s, _, _ in para:
        rule.append(next((r for rs, re_, r in rspans if rs <= s < re_), "O"))
    feats = []
    for i, w in enumerate(words):
        lw = low[i]
        f = [
            "b",
            "w=" + lw,
            "s=" + _shape(w),
            "x3=" + lw[-3:],
            "q=" + inq[i],
        ]
        if cue_cls[i]:
            f.append("cue=" + cue_cls[i])
        if lw in lex.titles:
            f.append("title")
        if lw in ("he", "she", "they", "we", "i", "it"):
            f.append("pron")
        if i == 0:
            f.append("BOP")
        elif words[i - 1] in ".!?":
            f.append("BOS")
        k = bisect.bisect_left(cue_pos, i)
        dl = i - cue_pos[k - 1] if k > 0 else 99
        dr = cue_pos[k] - i if k < len(cue_pos) else 99
        if dr < 99 and cue_pos[k] == i:
            dr = 0
        f.append("dl=" + str(min(dl, 6)))
        f.append("dr=" + str(min(dr, 6)))
        for o in (-2, -1, 1, 2):
            j = i + o
            if 0 <= j < n:
                f.append(f"w{o}={low[j]}")
                f.append(f"s{o}={_shape(words[j])}")
                if cue_cls[j]:
                    f.append(f"cue{o}")
                f.append(f"q{o}={inq[j]}")
            else:
                f.append(f"w{o}=<edge>")
        if i > 0:
            f.append(f"w-1|w={low[i - 1]}|{lw}")
        if i + 1 < n:
            f.append(f"w|w+1={lw}|{low[i + 1]}")
        # stems and prefixes generalise over inflections the training split lacks; the rules'
        # own labels (stacking) carry their speech-attribution patterns into the tagger
        f.append("st=" + stems[i])
        f.append("p3=" + lw[:3])
        f.append("r=" + rule[i])
        if i > 0:
            f.append("r-1=" + rule[i - 1])
            f.append("st-1=" + stems[i - 1])
        if i + 1 < n:
            f.append("r+1=" + rule[i + 1])
            f.append("st+1=" + stems[i + 1])
        feats.append(f)
    return feats


def _stem(w: str) -> str:
    """A crude suffix-stripping stem (said/says/saying share none, but warned/warns/warning do)."""
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)]
    return w


_rule_cache: dict[int, list[tuple[int, int, str]]] = {}


def _rule_spans(text: str, lex) -> list[tuple[int, int, str]]:
    """``(start, end, SRC|CUE|CON)`` spans of the rules' attributions in ``text`` (default
    gazetteer), cached for the last text so featurising its paragraphs runs the rules once."""
    global _rule_cache
    key = hash(text)
    hit = _rule_cache.get(key)
    if hit is not None:
        return hit
    from analysis import attribution as A
    from analysis.text import split_sentences

    out = []
    for a in A._extract_rules(text, lex, A.default_gazetteer(), split_sentences(text)):
        out.extend((s, e, "CON") for s, e in a.content)
        if a.cue:
            out.append((a.cue[0], a.cue[1], "CUE"))
        if a.speaker is not None and a.speaker.start >= 0:
            out.append((a.speaker.start, a.speaker.end, "SRC"))
    _rule_cache = {key: out}  # rebinding, not mutating: safe when threads share the module
    return out


def gold_tags(para: list[tuple[int, int, str]], relations) -> list[str]:
    """BIO tags of one paragraph's tokens from gold relations (a token belongs to a span when
    its first character lies inside it)."""
    spans = []
    for rel_i, rel in enumerate(relations):
        for role, tag in _ROLE_TAG.items():
            for s, e in getattr(rel, role):
                spans.append((s, e, tag, rel_i))
    spans.sort()
    starts = [s for s, *_ in spans]
    tags = []
    prev = None
    for s, _, _ in para:
        k = bisect.bisect_right(starts, s) - 1
        hit = None
        while k >= 0:
            ss, se, tag, rid = spans[k]
            if ss <= s < se:
                hit = (tag, rid, ss)
                break
            if s - ss > 5000:
                break
            k -= 1
        if hit is None:
            tags.append("O")
            prev = None
        else:
            tags.append(("I-" if prev == hit else "B-") + hit[0])
            prev = hit
    return tags


# --- decoding --------------------------------------------------------------------------------


O_WEIGHT = 0.4
"""Weight on the ``O`` (outside) label's marginal probability when decoding (see :func:`decode`)."""


def decode(tagger, xseq: list[list[str]], o_weight: float | None = None) -> list[str]:
    """Tags of one sequence: each token takes the label of highest *marginal* probability, with
    the ``O`` label's probability multiplied by ``o_weight``.

    Why not plain Viterbi: the tagger is precise but misses spans (on held-out PolNeAR train its
    recall is well below its precision), and span-overlap F1 rewards trading a little precision
    for recall. Down-weighting ``O`` tags a token as part of a span when the model thinks that
    likely enough even if not most likely; ``o_weight`` was chosen on a held-out fifth of
    PolNeAR *train* (never on dev). An ``I-`` tag after ``O`` simply starts a new span.
    """
    w = O_WEIGHT if o_weight is None else o_weight
    tagger.set(xseq)
    labels = tagger.labels()
    out = []
    for i in range(len(xseq)):
        out.append(max(labels, key=lambda lab: tagger.marginal(lab, i) * (w if lab == "O" else 1.0)))
    return out


def tag_text(tagger, text: str, lex) -> list[tuple[str, int, int]]:
    """Predicted spans ``(role, start, end)`` with role in SRC/CUE/CON, in text order."""
    spans = []
    for para in paragraph_tokens(text):
        tags = decode(tagger, featurise(text, para, lex))
        cur = None
        for (s, e, _), t in zip(para, tags):
            if t == "O":
                if cur:
                    spans.append(tuple(cur))
                cur = None
                continue
            bio, role = t.split("-", 1)
            if cur is None or bio == "B" or cur[0] != role:
                if cur:
                    spans.append(tuple(cur))
                cur = [role, s, e]
            else:
                cur[2] = e
        if cur:
            spans.append(tuple(cur))
    return spans


def extract_text(tagger, text: str, doc_id: str, lex, gaz: Gazetteer, sentences) -> list[dict]:
    """Attribution rows of one article: the rules' attributions plus the tagger's for what the
    rules left alone (a tagged cue that overlaps no span of a rule attribution)."""
    from analysis import attribution as A

    rules = A._extract_rules(text, lex, gaz, sentences)
    taken = [sp for a in rules for sp in _attr_spans(a)]
    tagged = tagger_attributions(tagger, text, lex, gaz, sentences)
    extra = [a for a in tagged if not any(s < a.cue[1] and a.cue[0] < e for s, e in taken)]
    if ALIGN_SPANS:
        # a rule speaker or cue that the tagger also found takes the tagger's span (PolNeAR's convention
        # for where a source phrase starts and ends); name, kind and side stay the rules'
        src = [(a.speaker.start, a.speaker.end) for a in tagged if a.speaker is not None]
        for a in rules:
            sp = a.speaker
            if sp is None or sp.start < 0:
                continue
            hits = [(s, e) for s, e in src if s < sp.end and sp.start < e]
            if len(hits) == 1:
                sp.start, sp.end = hits[0]
                sp.text = text[sp.start:sp.end]
        for a in rules:
            if a.cue is None:
                continue
            hits = [t for t in tagged if t.cue[0] < a.cue[1] and a.cue[0] < t.cue[1]]
            if len(hits) == 1:
                a.cue = hits[0].cue
                # a rule attribution whose speaker the rules could not place (none, or a
                # continuation with no span) takes the tagger's source for the same cue
                if (a.speaker is None or a.speaker.start < 0) and hits[0].speaker is not None:
                    a.speaker = hits[0].speaker
    return A._rows(text, doc_id, rules + extra, sentences)


ALIGN_SPANS = True


def _attr_spans(a) -> list[tuple[int, int]]:
    out = list(a.content)
    if a.cue:
        out.append(a.cue)
    if a.speaker is not None and a.speaker.start >= 0:
        out.append((a.speaker.start, a.speaker.end))
    return out


def tagger_attributions(tagger, text: str, lex, gaz: Gazetteer, sentences) -> list:
    """Attributions from the tagger's spans, grouped around each cue.

    Each cue takes the nearest source span and the content spans of its paragraph closest to it
    (content running over paragraphs goes to the last cue before it); the source phrase is
    canonicalised and given a side by the rules' speaker resolution. A cue with no content still
    counts (PolNeAR annotates such attributions): its row has empty content.
    """
    from analysis import attribution as A

    spans = tag_text(tagger, text, lex)
    cues = [sp for sp in spans if sp[0] == "CUE"]
    if not cues:
        return []
    toks = A._tokens(text)
    doc = A._Doc(text, toks, [s for s, _ in toks.spans], sentences, [s for s, _ in sentences], lex, gaz)
    A._collect_persons(doc)
    para_of = _para_index(text)
    groups: dict[int, dict] = {i: {"src": [], "con": []} for i in range(len(cues))}
    cue_par = [para_of(c[1]) for c in cues]
    sources = []
    for role, s, e in spans:
        if role == "CUE":
            continue
        p = para_of(s)
        cands = [i for i, cp in enumerate(cue_par) if cp == p]
        if not cands:
            before = [i for i, c in enumerate(cues) if c[1] < s]
            if role == "CON" and before:
                cands = [before[-1]]
            else:
                continue
        if role == "SRC":
            sources.append((s, e, cands))
            continue
        best = min(cands, key=lambda i: abs(cues[i][1] - s))
        groups[best]["con"].append((s, e))
    for i, s0e0 in _assign_sources(sources, cues):
        groups[i]["src"].append(s0e0)
    attrs = []
    for i, (_, cs, ce) in enumerate(cues):
        g = groups[i]
        sp = None
        if g["src"]:
            s0, e0 = g["src"][0]
            a = doc.tok_at(s0)
            b = a
            while b < len(toks) and toks[b].end <= e0:
                b += 1
            if b > a:
                sp = A._speaker_from_span(doc, a, b, cs)
                if sp is None:
                    sp = A.Speaker(text[s0:e0], s0, e0, text[s0:e0], "person", "", A._side(gaz, text[s0:e0]))
                sp.start, sp.end, sp.text = s0, e0, text[s0:e0]
                if sp.kind == "person":
                    A._note_person(doc, sp, cs)
        content = sorted(g["con"])
        attrs.append(A._Attr(A._content_type(text, content) if content else "indirect", content, (cs, ce), sp, cs))
    return attrs


def _assign_sources(sources, cues) -> list[tuple[int, tuple[int, int]]]:
    """Pair tagged source spans with cues of their paragraph, one source per cue.

    Why not simply "each source to its nearest cue": in ``X said A, and Y countered B`` both
    sources can be nearest to one cue, and an attribution holds one speaker, so the second source
    would be lost. Pairs are taken closest first (by the distance from the source to the cue),
    each cue and each source used once; a source left over goes to nothing.
    """
    pairs = sorted(
        (abs(cues[i][1] - s), k, i) for k, (s, _e, cands) in enumerate(sources) for i in cands
    )
    used_src: set[int] = set()
    used_cue: set[int] = set()
    out = []
    for _, k, i in pairs:
        if k in used_src or i in used_cue:
            continue
        used_src.add(k)
        used_cue.add(i)
        out.append((i, (sources[k][0], sources[k][1])))
    return out


def _para_index(text: str):
    starts = [m.start() for m in re.finditer(r"[^\n]+", text)]

    def para_of(off: int) -> int:
        return bisect.bisect_right(starts, off) - 1

    return para_of


# --- training --------------------------------------------------------------------------------


def train(data: str | Path, out: str | Path, *, c1: float = 1.0, c2: float = 0.1, max_iter: int = 150,
          limit: int | None = None, verbose: bool = True) -> Path:
    """Train the tagger on a PolNeAR-format folder and write the model to ``out``.

    Deterministic (L-BFGS from zero weights); features with fewer than 2 occurrences are pruned
    to keep the file small.
    """
    import pycrfsuite

    from analysis.attribution import default_lexicons
    from analysis.evaluate.attribution import read_polnear

    lex = default_lexicons()
    gold = read_polnear(data, limit=limit)
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    n_seq = 0
    for g in gold:
        for para in paragraph_tokens(g.text):
            trainer.append(featurise(g.text, para, lex), gold_tags(para, g.relations))
            n_seq += 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.minfreq": 2,
                        "feature.possible_transitions": True})
    if verbose:
        print(f"{len(gold)} articles, {n_seq} paragraphs, features in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plain = out.with_suffix("") if out.suffix == ".gz" else out
    trainer.train(str(plain))
    if plain != out:
        import gzip
        import shutil

        with open(plain, "rb") as src, open(out, "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst:
            shutil.copyfileobj(src, dst)
        plain.unlink()
    if verbose:
        print(f"trained in {time.perf_counter() - t0:.1f} s -> {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.attribution_model --data DIR [--out FILE]``: rebuild the model."""
    ap = argparse.ArgumentParser(prog="python -m analysis.attribution_model", description=main.__doc__)
    ap.add_argument("--data", required=True, help="PolNeAR-format folder to train on (its train split)")
    ap.add_argument("--out", default=str(model_path()), help="model file to write (default: the packaged one)")
    ap.add_argument("--c1", type=float, default=1.0)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    args = ap.parse_args(argv)
    train(args.data, args.out, c1=args.c1, c2=args.c2, max_iter=args.max_iter, limit=args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

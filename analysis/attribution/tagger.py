"""A small sequence tagger for attribution spans, trained on PolNeAR; optional.

Why: PolNeAR annotates attribution broadly — statements but also findings, beliefs and
intentions ("a poll shows", "Clinton wants", "aides were frustrated") — and only about a third of
its cues are speech verbs, so the speech rules (:mod:`.rules`) find few of them. A linear-chain
CRF (python-crfsuite) over hand-written token features (:mod:`.features`) learns that long tail
from PolNeAR's training split.

The model file is small (``analysis/models/polnear_crf.crfsuite.gz``, about 2 MB) and is rebuilt
with (about 10 minutes on one core)::

    python -m analysis.attribution.train --data ../shared/data/polnear/data/train

How the settings were chosen (all on PolNeAR *train*; dev only for the final figure, see
``benchmarks/attribution.md``): regularisation is what matters most — the tagger fits its
training articles almost perfectly and generalises far worse, so stronger L1/L2 penalties
(``c1``/``c2``) raised held-out source overlap F1 by 5 points, more than extra features (stems,
prefixes, the rules' own labels as features) did. Decoding by marginal probability with the
``O`` label down-weighted (:func:`decode`) trades precision for recall; source spans are paired
with cues one to one (:func:`assign_sources`).

Credit: Newell, Margolin & Ruths, "An attribution relations corpus for political news", LREC
2018 (https://github.com/networkdynamics/PolNeAR). PolNeAR's annotations carry no stated
licence: the shipped model is for research use.

Extraction works without this module's dependency (``python-crfsuite``, imported only when a
tagger is loaded or trained) and without the model file: the rules are the default.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

from analysis.attribution.content import content_type
from analysis.attribution.coref import Mention, note_speaker, open_doc, resolve_pending
from analysis.attribution.doc import Attribution, Speaker
from analysis.attribution.features import featurise, paragraph_tokens
from analysis.attribution.lookup import side_of
from analysis.attribution.rules import extract_rules
from analysis.attribution.speakers import speaker_from_span
from analysis.lexicons import Gazetteer, Lexicons

MODEL_NAME = "polnear_crf.crfsuite.gz"  # gzip: 2.1 MB instead of 5 MB in the package
_default = None

Sentences = list[tuple[int, int]]


def model_path() -> Path:
    """Where the shipped model lives inside the package."""
    return Path(str(resources.files("analysis").joinpath(f"models/{MODEL_NAME}")))


def load_default(required: bool = False):
    """The shipped tagger (a ``pycrfsuite.Tagger``), or None when the model file or
    python-crfsuite is missing. With ``required=True`` a missing piece raises ``RuntimeError``
    saying how to get it."""
    global _default
    if _default is not None:
        return _default
    path = model_path()
    if importlib.util.find_spec("pycrfsuite") is None:
        if required:
            raise RuntimeError("method='model' needs python-crfsuite: pip install python-crfsuite")
        return None
    if not path.is_file():
        if required:
            raise RuntimeError(
                f"no attribution model at {path}; build it with "
                "python -m analysis.attribution.train --data PATH/TO/polnear/data/train"
            )
        return None
    _default = load(path)
    return _default


def load(path: str | Path):
    """A tagger (``pycrfsuite.Tagger``) opened on the model file ``path`` (plain or ``.gz``)."""
    import pycrfsuite  # optional dependency: only the tagger needs it

    tagger = pycrfsuite.Tagger()
    tagger.open(str(_unpacked(Path(path))))
    return tagger


def _unpacked(path: Path) -> Path:
    """A plain model file for ``path``: itself, or for ``.gz`` a copy unpacked once into the
    temp folder (crfsuite opens only plain files), named by the packed file's size and mtime."""
    if path.suffix != ".gz":
        return path
    st = path.stat()
    target = Path(tempfile.gettempdir()) / f"analysis-{path.stem}-{st.st_size}-{int(st.st_mtime)}"
    if not target.is_file():
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        with gzip.open(path, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        os.replace(tmp, target)
    return target


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


def tag_text(tagger, text: str, lex: Lexicons, o_weight: float | None = None) -> list[tuple[str, int, int]]:
    """Predicted spans ``(role, start, end)`` with role in SRC/CUE/CON, in text order
    (``o_weight``: see :func:`decode`)."""
    spans = []
    for para in paragraph_tokens(text):
        tags = decode(tagger, featurise(text, para, lex), o_weight)
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


# --- attributions ----------------------------------------------------------------------------


def attributions(
    tagger,
    text: str,
    lex: Lexicons,
    gaz: Gazetteer,
    sentences: Sentences,
    o_weight: float | None = None,
    mentions: list[Mention] | None = None,
) -> list[Attribution]:
    """The rules' attributions (with the article's entity ``mentions``, as the rules path reads
    them) plus the tagger's for what the rules left alone (a tagged cue that overlaps no span
    of a rule attribution).

    A rule speaker or cue that the tagger also found takes the tagger's span (PolNeAR's
    convention for where a source phrase starts and ends); name, kind and side stay the rules'.
    """
    rules = extract_rules(text, lex, gaz, sentences, mentions)
    taken = [sp for a in rules for sp in _spans(a)]
    tagged = tagged_attributions(tagger, text, lex, gaz, sentences, o_weight)
    extra = [a for a in tagged if not any(s < a.cue[1] and a.cue[0] < e for s, e in taken)]
    src = [(a.speaker.start, a.speaker.end) for a in tagged if a.speaker is not None]
    for a in rules:
        sp = a.speaker
        if sp is None or sp.start < 0:
            continue
        hits = [(s, e) for s, e in src if s < sp.end and sp.start < e]
        if len(hits) == 1:
            sp.start, sp.end = hits[0]
            sp.text = text[sp.start : sp.end]
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
    return rules + extra


def _spans(a: Attribution) -> list[tuple[int, int]]:
    out = list(a.content)
    if a.cue:
        out.append(a.cue)
    if a.speaker is not None and a.speaker.start >= 0:
        out.append((a.speaker.start, a.speaker.end))
    return out


def tagged_attributions(
    tagger, text: str, lex: Lexicons, gaz: Gazetteer, sentences: Sentences, o_weight: float | None = None
) -> list[Attribution]:
    """Attributions from the tagger's spans, grouped around each cue.

    Each cue takes a source span of its paragraph (:func:`assign_sources`) and the content spans
    of its paragraph closest to it (content running over paragraphs goes to the last cue before
    it); the source phrase is canonicalised and given a side by the rules' speaker resolution.
    A cue with no content still counts (PolNeAR annotates such attributions).
    """
    spans = tag_text(tagger, text, lex, o_weight)
    cues = [sp for sp in spans if sp[0] == "CUE"]
    if not cues:
        return []
    doc = open_doc(text, lex, gaz, sentences)
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
    for i, s0e0 in assign_sources(sources, cues):
        groups[i]["src"].append(s0e0)
    attrs = []
    for i, (_, cs, ce) in enumerate(cues):
        g = groups[i]
        sp = None
        if g["src"]:
            s0, e0 = g["src"][0]
            a = doc.tok_at(s0)
            b = a
            while b < len(doc.toks) and doc.toks[b].end <= e0:
                b += 1
            if b > a:
                sp = speaker_from_span(doc, a, b, cs)
                if sp is None:
                    sp = Speaker(text[s0:e0], s0, e0, text[s0:e0], "person", "", side_of(gaz, text[s0:e0]))
                sp.start, sp.end, sp.text = s0, e0, text[s0:e0]
                note_speaker(doc, sp, cs)
        content = sorted(g["con"])
        attrs.append(
            Attribution(content_type(text, content) if content else "indirect", content, (cs, ce), sp, cs)
        )
    resolve_pending(doc, attrs, keep_unresolved=True)
    return attrs


def assign_sources(
    sources: list[tuple[int, int, list[int]]], cues: list[tuple[str, int, int]]
) -> list[tuple[int, tuple[int, int]]]:
    """Pair tagged source spans ``(start, end, candidate cue indices)`` with cues, one source per
    cue: ``(cue index, (start, end))`` pairs.

    Why not simply "each source to its nearest cue": in ``X said A, and Y countered B`` both
    sources can be nearest to one cue, and an attribution holds one speaker, so the second source
    would be lost. Pairs are taken closest first (by the distance from the source to the cue),
    each cue and each source used once; a source left over goes to nothing.
    """
    pairs = sorted((abs(cues[i][1] - s), k, i) for k, (s, _e, cands) in enumerate(sources) for i in cands)
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

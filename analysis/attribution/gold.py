"""Gold attributions as annotated corpora give them: PolNeAR's brat standoff files, and quote
lists such as the BBC development gold (``bbc-attributions/gold.jsonl``).

Why here: the tagger trains on PolNeAR's train split and the evaluation scores against its dev
split, so both read gold through this one reader.

The folder layout is PolNeAR's: ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``
(brat standoff: ``T`` lines are Source / Cue / Content spans, possibly discontinuous ``s e;s e``;
``E`` lines link the spans of one relation). When several annotators annotated an article we
read one of them (the first file name in sorted order), as PolNeAR's authors do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("source", "cue", "content")


@dataclass
class GoldRelation:
    """One gold attribution: lists of (start, end) spans per role."""

    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class GoldDoc:
    """An article's text and its gold relations (one annotator)."""

    doc_id: str
    text: str
    relations: list[GoldRelation]
    annotator: str = ""


def _parse_spans(spec: str) -> list[tuple[int, int]]:
    spans = []
    for part in spec.split(";"):
        s, e = part.split()
        spans.append((int(s), int(e)))
    return spans


def read_ann(text: str) -> list[GoldRelation]:
    """Relations of one brat ``.ann`` file's content (only spans linked by an ``E`` line count)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in text.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            try:
                spans[parts[0]] = _parse_spans(head[1])
            except ValueError:
                continue
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            rel = GoldRelation()
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                role = re.sub(r"\d+$", "", role).lower()
                if role in ROLES and ref in spans:
                    getattr(rel, role).extend(spans[ref])
            relations.append(rel)
    return relations


def read_polnear(data_dir: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """Gold documents of a PolNeAR-format folder (``text/`` + ``attributions/``), sorted by name.

    Raises ``FileNotFoundError`` naming the folder when either sub-folder is missing.
    """
    root = Path(data_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{root}: expected PolNeAR layout with text/ and attributions/")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)  # first annotator in sorted order
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            continue
        text = txt.read_text("utf-8")
        docs.append(GoldDoc(txt.stem, text, read_ann(ann.read_text("utf-8")), ann.stem.rsplit("_", 1)[1]))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# --- quote lists (the BBC development gold) ---------------------------------------------------


@dataclass(frozen=True)
class GoldQuote:
    """One row of a quote-list gold set (``bbc-attributions/gold.jsonl``): the article ``file``
    (relative to the articles folder), the speaker as the gold names it, its kind, cue and type,
    the first words of the content, and the speaker ``keys`` a prediction must contain (any one)."""

    file: str
    speaker: str
    speaker_kind: str
    cue: str
    type: str
    content: str
    keys: tuple[str, ...]


def speaker_keys(readme: str) -> dict[str, tuple[str, ...]]:
    """Speaker → match keys, read from a quote-list gold's README: the line ``Keys for people:
    Name → Key, …`` and the table whose header is ``| speaker (as in gold) | key(s) |`` (a row's
    cells after the first are alternative keys)."""
    keys: dict[str, tuple[str, ...]] = {}
    m = re.search(r"Keys for people:(.*?)\.\n", readme, re.S)
    if m:
        for item in m.group(1).split(","):
            name, _, key = item.partition("→")
            if key.strip():
                keys[name.strip()] = (key.strip(),)
    in_table = False
    for line in readme.splitlines():
        if line.startswith("| speaker (as in gold)"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and not set(cells[0]) <= set("-: "):
                keys[cells[0]] = tuple(c for c in cells[1:] if c)
    return keys


def read_quote_gold(path: str | Path) -> list[GoldQuote]:
    """Rows of a quote-list gold file (JSONL: ``file, speaker, speaker_kind, cue, type,
    content``), with the speaker keys of the README beside it; a speaker the README does not
    list is keyed by its last word (the README's rule for people)."""
    path = Path(path)
    readme = path.with_name("README.md")
    keys = speaker_keys(readme.read_text("utf-8")) if readme.is_file() else {}
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        k = keys.get(r["speaker"]) or (r["speaker"].split()[-1],)
        out.append(
            GoldQuote(r["file"], r["speaker"], r["speaker_kind"], r["cue"], r["type"], r["content"], k)
        )
    return out

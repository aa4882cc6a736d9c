"""Speakers linked to the corpus's actors: one name per person, the group the corpus gives them.

Why: the rules read a speaker as written ("Putin", "Mrs. Clinton", "Sen. Anna Berg of Ohio");
the actors study (:mod:`analysis.actors`) has already merged every alias of an actor across the
corpus and inferred its group from country and party words (or a user's story file). Asking it,
through its public :class:`~analysis.actors.Actors` look-ups only, gives the attributions table
the same actor names and groups the actors table shows, with no cast list shipped in the code.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from analysis.actors import UNKNOWN, Actors
from analysis.attribution.coref import Mention

#: Speaker kinds that can be actors of the corpus (documents and descriptions are not).
_LINKED = ("person", "organisation", "media")


def corpus_actors(docs: pd.DataFrame) -> Actors | None:
    """The actors of ``docs`` (entity recogniser, aliases merged, groups inferred); None when
    the recogniser finds no entity at all."""
    from analysis import actors  # the study's entry point; imported late to keep start-up cheap

    readable = docs["text"].map(lambda t: isinstance(t, str))
    mentions = actors.find_mentions(docs.loc[readable, ["doc_id", "text"]].astype({"doc_id": str}))
    if mentions.empty:
        return None
    return actors.resolve(mentions)


def mentions_by_doc(act: Actors) -> dict[str, list[Mention]]:
    """Each article's entity mentions as :data:`.coref.Mention` tuples, in text order."""
    m = act.mentions
    out: dict[str, list[Mention]] = defaultdict(list)
    cols = ("doc_id", "start", "end", "text", "kind", "actor", "role", "group")
    for d, s, e, text, kind, actor, role, group in zip(*(m[c].tolist() for c in cols)):
        if isinstance(actor, str) and actor:
            out[str(d)].append((int(s), int(e), text, kind, actor, _str(role), _str(group) or UNKNOWN))
    for v in out.values():
        v.sort()
    return out


def link_rows(rows: list[dict], act: Actors, cues: dict[str, str] | None = None) -> list[dict]:
    """The rows with each speaker given its actor name and group.

    The actor is the speaker's name (as the rules resolved it) looked up in its article, else
    in the corpus; a speaker that is no actor keeps its name, and its group comes from its role
    words ("Labour MP") when the rules found none. An actor name holding a cue word after its
    first ("Obama Says Museum Will Tell", a headline read as a name) is not taken (``cues``: the
    cue lexicon, word -> class).
    """
    cues = cues or {}
    kept = []
    for r in rows:
        if r["speaker_kind"] not in _LINKED or not r["speaker"]:
            kept.append(r)
            continue
        actor = act.lookup(r["speaker"], r["doc_id"])
        if actor is not None and any(w.lower() in cues for w in actor.split()[1:]):
            actor = None
        kept.append(r)
        if actor is not None and _compatible(act.kind_of(actor), r["speaker_kind"]):
            if not members(r["speaker"], actor):
                r["speaker"] = actor
            group = act.group_of(actor)
            if group != UNKNOWN or r["side"] in ("", UNKNOWN):
                r["side"] = group
        if r["side"] in ("", UNKNOWN) and r["role"]:
            r["side"] = act.group_of_words(r["role"])
    return kept


def members(written: str, actor: str) -> bool:
    """ "Republicans", "Tories": a plural of a group's members, who speak as members (lawmakers,
    activists), not as the party organisation the actor names ("Republican Party"); the speaker
    keeps the written word and takes the actor's group."""
    last = written.split()[-1] if written.split() else ""
    return last[:1].isupper() and last.endswith("s") and not last.endswith("ss") and last not in actor


def _compatible(actor_kind: str | None, speaker_kind: str) -> bool:
    """A person speaker links to a person actor; an organisation or outlet to any non-person."""
    if actor_kind is None:
        return False
    return (actor_kind == "person") == (speaker_kind == "person")


def _str(v: object) -> str:
    return v if isinstance(v, str) else ""

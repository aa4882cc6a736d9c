"""Made-up news articles for the store's property and fault tests: invented people, bodies and
places, quotes with cue verbs, so every per-article table (speakers, targets, mentions) has rows."""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = ["Mara Velkin", "Tobias Arnfeld", "Ines Qorvath", "Daniel Oskaru", "Lena Pritzow", "Omar Seddiq"]
BODIES = ["the Harbour Ministry", "the Kelmar Council", "the Vostra Party", "the Grain Union"]
PLACES = ["Ostravia", "Kelmar", "Dunmere", "Port Halva"]
TOPICS = [
    ("harbour", "ships cargo tariffs dock workers strike port fees"),
    ("grain", "wheat harvest prices farmers drought export quota"),
    ("election", "ballot campaign voters poll coalition seats"),
]
VERBS = ["said", "told reporters", "warned", "argued", "added"]
TONES = ["a grave mistake", "a welcome step", "deeply worrying", "an excellent result", "unfair to everyone"]


def article(rng: random.Random, n: int) -> str:
    """One article: a title line, then a few paragraphs with quotes."""
    topic, words = rng.choice(TOPICS)
    who = rng.sample(PEOPLE, 2)
    body = rng.choice(BODIES)
    place = rng.choice(PLACES)
    lines = [f"{place} {topic} talks, report {n}", ""]
    for _ in range(rng.randint(2, 4)):
        speaker = rng.choice(who)
        lines.append(
            f'{speaker} of {body} {rng.choice(VERBS)} the plan was "{rng.choice(TONES)}". '
            f"{rng.choice(who)} criticised {body} over {' '.join(rng.sample(words.split(), 3))} in {place}."
        )
    lines.append(f"{who[0]} met {who[1]} in {place} on Tuesday, according to {body}.")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0) -> dict[str, str]:
    """``n`` articles as ``NNN.txt`` in ``folder``; returns file name → text."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {f"{i:03d}.txt": article(rng, i) for i in range(n)}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return texts

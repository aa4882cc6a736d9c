"""Cleaning keeps a way back to the original; sentences split news text offline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import clean, furniture_reason
from analysis.text import sentences, split_sentences, tokenize, word_spans

FURNITURE_LINES = {
    "PHOTO: People walk through Red Square in Moscow.PlaySpencer Platt/Getty Images": "photo caption",
    "WATCH What to know about Russia investigation: Kushner, sanctions, and Putin": "watch teaser",
    "Interested in Russia Investigation?": "interest prompt",
    "Add Russia Investigation as an interest to stay up to date on the latest news.": "interest prompt",
    "Add Interest": "interest button",
    "Leave a comment": "comment prompt",
    "Posted August 10, 2017": "posted line",
    "ABC News's Patrick Reevell contributed to this report.": "credit line",
}


def test_each_furniture_pattern():
    for line, reason in FURNITURE_LINES.items():
        assert furniture_reason(line) == reason, line
    for line in [
        "Watch what happens next, he said.",
        "Interested parties met on Monday.",
        "Posted troops remain in Syria.",
        "The photo: a protest in Moscow.",
    ]:
        assert furniture_reason(line) is None, line


def test_furniture_removed_and_offsets_map_back():
    raw = (
        "PHOTO: a caption\nWATCH a video\n\nFirst  paragraph says “hello”.\n\nAdd Interest\n"
        "Second «paragraph» with ``quotes''.\n\nLeave a comment"
    )
    c = clean(raw)
    assert c.text == 'First paragraph says “hello”.\n\nSecond “paragraph” with “quotes".'
    assert {r.reason for r in c.removed} == {
        "photo caption",
        "watch teaser",
        "interest button",
        "comment prompt",
    }
    for i, ch in enumerate(c.text):
        original = raw[c.index[i]]
        if not ch.isspace() and ch not in '“”"':
            assert original == ch
    s = c.text.index("paragraph")
    o_start, o_end = c.original_span(s, s + len("paragraph"))
    assert raw[o_start:o_end] == "paragraph"
    s = c.text.index("Second")
    o_start, o_end = c.original_span(s, len(c.text))
    assert raw[o_start:o_end] == "Second «paragraph» with ``quotes''."


def test_hard_wrapped_lines_are_joined():
    c = clean("The minister said the talks\nwould resume next week.\nA new paragraph starts here.")
    assert c.text == "The minister said the talks would resume next week.\n\nA new paragraph starts here."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_clean_never_crashes_and_index_is_valid(raw):
    c = clean(raw)
    assert len(c.index) == len(c.text) + 1
    assert all(0 <= int(i) <= len(raw) for i in c.index)
    assert list(c.index) == sorted(c.index)
    for s, e in split_sentences(c.text):
        assert 0 <= s < e <= len(c.text)
        assert "\n" not in c.text[s:e]


def test_news_abbreviations_do_not_end_sentences():
    text = (
        'He said the U.S. Congress acted. "We talked with Mr. Lavrov yesterday," Tillerson said. '
        "Gov. Smith met Sen. Jones on Sept. 1. The talks ended."
    )
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        "He said the U.S. Congress acted.",
        '"We talked with Mr. Lavrov yesterday," Tillerson said.',
        "Gov. Smith met Sen. Jones on Sept. 1.",
        "The talks ended.",
    ]


def test_seed_sentences(seed_docs):
    table = sentences(seed_docs)
    for doc_id, text in zip(seed_docs["doc_id"], seed_docs["text"]):
        rows = table[table["doc_id"] == doc_id]
        assert rows["sent_id"].tolist() == list(range(len(rows)))
        for start, end, sent in zip(rows["start"], rows["end"], rows["text"]):
            assert text[start:end] == sent
    texts = table["text"].tolist()
    # "U.S." and "Mr. Lavrov" stay inside their sentences
    assert not any(t.endswith(("U.S.", "Mr.")) for t in texts)
    assert (
        '"We talked about that in the discussion that we had with Mr. Lavrov yesterday", Tillerson told reporters on Monday.'
        in texts
    )
    assert any(
        t.startswith("If the Russians seek an end to these sanctions, they know very well the U.S. position,")
        for t in texts
    )
    assert (
        "She added that the U.S. remains open to future discussions, but those sanctions will remain until Russia ends its occupation of Crimea and meets its obligations under the Ukrainian peace deal known as the Minsk agreement."
        in texts
    )
    counts = table.groupby("doc_id").size()
    assert counts[seed_docs["doc_id"].iloc[0]] == 13
    assert counts[seed_docs["doc_id"].iloc[4]] == 14


def test_tokens():
    assert tokenize("The U.S. and Moscow's envoy—re-elected") == [
        "the",
        "u.s.",
        "and",
        "moscow's",
        "envoy",
        "re-elected",
    ]
    text = "Hello, U.S. world"
    assert [text[s:e] for s, e in word_spans(text)] == ["Hello", "U.S.", "world"]

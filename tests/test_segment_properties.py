"""Property tests: the segmenter never crashes and its offsets are always valid."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.segment import KINDS, quote_rows, segment_text
from stance.segscore import score_quotes
from stance.wrap import is_hard_wrapped

# Text built from pieces that exercise the rules: quote marks of every kind, line breaks of
# every kind, reporting verbs, names and titles (INVENTED words, not real people), unicode.
PIECES = st.sampled_from(
    [
        '"', "“", "”", "'", "‘", "’", "„", "«", "»", "\n", "\r\n", "\r", "\n\n", "\u2028",
        " ", ". ", ", ", ": ", " - ", " – ", "said", " said ", " told ", " that ", "added",
        ", adding that ", "according to ", "called for", " who ", " he ", "She ", "They",
        "Mr ", "Mrs ", "Dr ", "Det Supt ", "Cllr ", "Ada Pike", "Bo Lin", "Dunford Police",
        "The Dunford Herald", "the PCC", "police and crime commissioner", "READ MORE: ",
        "DEATHS: ", "Alamy Stock Photo", "é", "ß", "Ω", "🙂", "\t", "\u00a0", "\ufeff", "(", ")",
        "We will act now", "drug users", "x" * 40, "Mum ", "mum-of-two ", "Newsagent ",
        "Police chief ", "charity boss", " told BBC Radio Kent", " told the Gazette: ",
        "A spokeswoman for the trust said", "the charity Open Door", ", a Dunford charity,",
        "Speaking to ", "Her mother", " grills ", " questions ", " calls on ", "Ada Harris",
        " and Supt ",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join),
)


def check(text: str) -> None:
    quotes = segment_text(text, "p")
    wrapped = is_hard_wrapped(text)
    previous = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        # a span holds a line break only where hard-wrapped lines were rejoined (stance.wrap)
        assert wrapped or ("\r" not in q.text and "\n" not in q.text)
        assert q.kind in KINDS
        assert q.speaker.strip() == q.speaker and q.speaker
        assert q.start >= previous
        previous = q.start
    # the rows round-trip through the scorer against themselves
    rows = quote_rows(quotes)
    if rows:
        assert score_quotes(rows, rows)["overall"]["exact"]["f1"] == 1.0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_never_crashes_and_offsets_are_valid(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4), st.sampled_from(["\n", "\r\n", "\r"]))
def test_line_endings_do_not_change_what_is_found(paragraphs, eol):
    text = "\n".join(p.replace("\r", " ").replace("\n", " ").replace("\u2028", " ") for p in paragraphs)
    check(text)
    other = text.replace("\n", eol)
    check(other)
    # each paragraph keeps its length, so with CRLF offsets shift by one per earlier line break
    # a span may cross a line break of hard-wrapped text (stance.wrap): compare its words
    def same(s):
        return s.replace("\r\n", "\n").replace("\r", "\n")

    found = [(q.kind, same(q.text), q.speaker) for q in segment_text(text)]
    found_other = [(q.kind, same(q.text), q.speaker) for q in segment_text(other)]
    assert found == found_other

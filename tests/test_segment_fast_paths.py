"""The segmenter's fast paths find exactly what the regular expressions they stand in for find.

Each fast path (``str.find`` scans, a cheap pre-filter before a costly pattern) must give the
same matches as the plain pattern on any text, so it is checked against it on invented
snippets and on hypothesis-built text made of the words and characters that matter.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.layout import _paragraphs, body_paragraph_texts
from stance.lexicon import _trie
from stance.patterns import (
    _BOUNDARY_RE,
    _CHAIN,
    _CLAUSE_VERBS,
    _PARA_RE,
    _PARTICIPLES,
    _PHRASE_VERBS,
    _SENT_END_RE,
    _TRIGGER_HINT_RE,
    _TRIGGER_RE,
    _chain_pieces,
    _head,
    find_triggers,
)
from stance.quotemarks import _mark_positions, _sentence_ends
from stance.wrap import _line_texts, _lines, is_hard_wrapped

# the characters that may stand before or after a reporting verb, apostrophes and hyphens
# (which block a trigger) and characters outside ASCII included
_GLUE = [" ", "  ", "\t", "\u00a0", "\n", "“", "”", '"', "'", "’", "-", "—", ",", ".", "(", "é", "_", "7", "x", ""]
_WORDS = [e.replace("\\s+", " ") for e in _CLAUSE_VERBS + _PHRASE_VERBS + _PARTICIPLES] + [
    "went", "goes", "going", "will", "would", "shall", "is", "are", "on to", "set to", "expected to", "also",
    "say", "condemn", "for", "out", "at", "Said", "re", "this week",
]


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "said",
        "He said that it was fine, adding that the council will also condemn the plan.",
        "“No,” she told the panel—said it again (warned) and went on to say more.",
        "unsaid resaid said-so 'said' ’said’ _said 7said éasserted x said",
        "The council is calling for calm; campaigners are set to urge, and is expected to back it.",
        "saidéare calling for a vote; it is what it is, and they were pressing for more.",
        "Residents are  calling for change; been calling for it, was\tpressing for it.",
        "",
    ],
)
def test_find_triggers_matches_the_trigger_pattern(text):
    assert _spans(find_triggers(text)) == _spans(_TRIGGER_RE.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=14))
def test_find_triggers_matches_the_trigger_pattern_on_any_text(parts):
    text = "".join(w + g for w, g in parts)
    assert _spans(find_triggers(text)) == _spans(_TRIGGER_RE.finditer(text))


def test_a_trie_may_only_look_at_the_words_after_the_first():
    # the trigger hint takes a head's first word and looks ahead for the second
    ahead = re.compile(_trie(["is calling", "is set", "said", "says"], ahead=True))
    assert ahead.match("is  calling for").group(0) == "is"
    assert ahead.match("is set to").group(0) == "is"
    assert ahead.match("said so").group(0) == "said"
    assert ahead.match("is what") is None
    assert re.compile(_trie(["is calling"])).match("is calling for").group(0) == "is calling"


@pytest.mark.parametrize(
    "text, starts",
    [("told the panel it would close", [0]), ("warned,", [0]), ("Said so", []), ("“said”", [1]), (" said", [1]),
     ("_said", []), ("éasserted", [])],
)
def test_a_trigger_at_the_very_start_is_found_only_where_the_pattern_finds_it(text, starts):
    # find_triggers tries offset 0 only when the text opens with a lowercase ASCII letter
    assert _spans(find_triggers(text)) == _spans(_TRIGGER_RE.finditer(text))
    assert [m.start() for m in find_triggers(text)] == starts


def test_the_trigger_hint_is_in_use():
    # None would mean the first words of a trigger could not be read: correct, but slow
    assert _TRIGGER_HINT_RE is not None


def test_heads_of_verb_entries_and_chain_branches():
    # "is" is looked for only as "is calling", "is set", ...: it never comes alone
    assert _head(r"is\s+calling\s+for") == "is calling"
    assert _head("hits out at") == "hits out"
    assert _head(r"argued(?:\s+for)?") == "argued"
    assert _head(r"is\s+sets?") == "is"  # an optional letter: only the first word is sure
    assert {"will", r"is\s+set\s+to", "going"} <= set(_chain_pieces(_CHAIN))
    assert not _TRIGGER_HINT_RE.search("It is what it is, and they were.")
    assert _TRIGGER_HINT_RE.search("Officers are calling for calm.")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .!?…\"”’')]\n“‘(AZ19", max_size=40))
def test_sentence_ends_match_the_sentence_end_pattern(text):
    assert _spans(_sentence_ends(text)) == _spans(_SENT_END_RE.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab '‘’\"“”\u2028\r\n\x0b\x0c\x1c\x85\t", max_size=40))
def test_lines_paragraphs_and_marks_agree_with_their_patterns(text):
    runs = [(m.start(), m.group(0)) for m in _PARA_RE.finditer(text)]
    expected = []
    for start, line in runs:
        if line.strip():
            a = start + len(line) - len(line.lstrip())
            expected.append((a, a + len(line.strip())))
    assert _paragraphs(text) == expected
    assert _line_texts(text) == [text[a:b] for a, b in _lines(text)]
    assert _mark_positions(text, "'‘’") == [m.start() for m in re.finditer("['‘’]", text)]


def test_hard_wrapping_is_read_alike_whatever_the_line_endings():
    text = "The council said on Monday that the\nplan would go ahead despite the\nobjections of residents who\nhad asked for a delay."
    assert is_hard_wrapped(text)
    assert is_hard_wrapped(text.replace("\n", "\r\n"))
    assert not is_hard_wrapped(text.replace("the\n", "the.\n").replace("of residents who\n", "of residents.\n"))


def test_body_paragraphs_leave_out_furniture_and_come_with_their_texts():
    text = ("date 2019-06-10 Clinic to close, says council\r\n\nImage caption,\nNurses at the clinic\nBy Ann Lee\n"
            "  The council said the clinic would close in the\n“a pull quote”\nspring, after a review.  \n"
            "“We will miss it,” said one resident.\n")
    paras, texts = body_paragraph_texts(text)
    # the date stamp is cut off; the caption label, its caption, the byline and the pull-quote
    # set into a sentence are left out
    assert texts == ["Clinic to close, says council", "The council said the clinic would close in the",
                     "spring, after a review.", "“We will miss it,” said one resident."]
    assert [text[a:b] for a, b in paras] == texts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab :,.'“”\"\r\n\t\u2028dateBy02-19", max_size=60))
def test_body_paragraph_texts_are_cut_from_lines_of_the_text(text):
    paras, texts = body_paragraph_texts(text)
    assert texts == [text[a:b] for a, b in paras]
    lines = _paragraphs(text)
    assert all(any(c <= a < b <= d for c, d in lines) for a, b in paras)


# the look-ahead _BOUNDARY_RE takes after white space before trying its branches
_BOUNDARY_GUARD = "(?=\\s*[abw–—-])"
_BOUNDARY_PLAIN_RE = re.compile(_BOUNDARY_RE.pattern.replace(_BOUNDARY_GUARD, "", 1))
_CLAUSE_WORDS = ["and", "but", "said", "says", "adding", "while", "as", "after", "when", "before", "he", "she",
                 "the", "Ada Pike", "warned", "reported that", "according to", "although he was", "with", "councils",
                 "having", "also", "has", "be", "was", "a", "w", "presumably", "despite", "–", "-", "—", "I"]
_CLAUSE_GLUE = [" ", "  ", ", ", ",", "\t", "\u00a0", " – ", " -", "\n", ""]


def test_the_clause_boundary_pattern_keeps_its_guard():
    assert _BOUNDARY_GUARD in _BOUNDARY_RE.pattern
    assert _BOUNDARY_PLAIN_RE.pattern != _BOUNDARY_RE.pattern
    assert _BOUNDARY_RE.search("the clinic closed and warned that").start() == 17
    assert _BOUNDARY_RE.search("it closed - despite the vote").start() == 9


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CLAUSE_WORDS), st.sampled_from(_CLAUSE_GLUE)), max_size=14))
def test_the_clause_boundary_guard_finds_what_the_plain_pattern_finds(parts):
    text = "".join(w + g for w, g in parts)
    assert _spans(_BOUNDARY_RE.finditer(text)) == _spans(_BOUNDARY_PLAIN_RE.finditer(text))

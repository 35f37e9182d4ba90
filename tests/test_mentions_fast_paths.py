"""The first pass's appositive reader (:func:`stance.mentions._appositive`) finds exactly the
phrase ``_APPOS_RE`` finds after a name, on invented snippets and on hypothesis-built text made
of the words, white space and marks the pattern turns on.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import re

from stance.lexicon import _CONNECT, _UP
from stance.mentions import _appositive
from stance.names import _APPOS_RE
from stance.patterns import _CAPSEQ_END_RE, _CAPSEQ_PAT, _CAPSEQ_RE, _TOLD_OBJ_RE

_PIECES = [",", ", ", ",  ", " ", "  ", "\n", "\t", "\u00a0", "the", "a", "an", "and", "theatre", "said", "has",
           "had", "also", "told", "says", "warned", "calls for", "chair", "of", "x" * 30, ".", ";", "(", ")", '"',
           "“", "”", "Ann", "Lee", "who", "is", "s"]


def _plain(after: str) -> str | None:
    m = _APPOS_RE.match(after)
    return m.group(2) if m else None


@pytest.mark.parametrize("after, phrase", [
    (", chair of the board, said", "chair of the board"),
    (", the council's leader said the plan", "council's leader"),
    (", a  nurse", "nurse"),  # (the article takes all the white space after it)
    (", 45, said", "45"),
    (", the clinic will stay open until the spring.", None),
    (" the chair, said", None),
    (",the chair,", None),
    (", an officer has also said", "officer"),
    (", the x" + "y" * 120 + ", said", None),
])
def test_appositive_on_snippets(after, phrase):
    assert _appositive(after) == phrase == _plain(after)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_appositive_is_the_pattern_s_phrase(text):
    for after in (text, "," + text, ", " + text):
        assert _appositive(after) == _plain(after)


# the capitalised-word patterns as first written (optional and repeated parts with ? and *)
_PLAIN_POSS = r"(?:(?<=s)['’](?=\s+[A-ZÀ-ÖØ-Þ]))?"
_PLAIN_CAPTOK = rf"[A-ZÀ-ÖØ-Þ][\w\-]*(?:['’][\w]+)*{_PLAIN_POSS}"
_PLAIN_CAPSEQ = re.compile(
    rf"[A-ZÀ-ÖØ-Þ](?<![\w'’-].)[\w\-]*(?:['’][\w]+)*{_PLAIN_POSS}(?:\s+(?:{_CONNECT}\s+)?{_PLAIN_CAPTOK})*")
_PLAIN_TOLD_OBJ = re.compile(_TOLD_OBJ_RE.pattern.replace(_CAPSEQ_PAT, _PLAIN_CAPSEQ.pattern))
_PLAIN_CAPSEQ_END = re.compile(rf"(?<=\s){_PLAIN_CAPTOK}(?:\s+{_PLAIN_CAPTOK}){{1,3}}$")
_CAP_PIECES = ["Ann", "Lee", "Police", "Chiefs", "Chiefs'", "Council", "O'Neill", "O’Neill's", "Rock'n'Roll", "s'", "’s",
               "and", "of", "the", "de", "del", "la", "Bank", "É", "x", "-", "'", "’", " ", "  ", "\n", ",", ".", "'s", "show",
               "the", "he", "said", "committee", ":"]


def test_capitalised_word_patterns_keep_their_plain_form():
    assert _UP == "A-ZÀ-ÖØ-Þ"  # (the plain forms above spell it out)
    assert _CAPSEQ_PAT in _TOLD_OBJ_RE.pattern and _PLAIN_TOLD_OBJ.pattern != _TOLD_OBJ_RE.pattern


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CAP_PIECES), max_size=16).map("".join))
def test_capitalised_word_runs_are_the_plain_pattern_s(text):
    assert [m.span() for m in _CAPSEQ_RE.finditer(text)] == [m.span() for m in _PLAIN_CAPSEQ.finditer(text)]
    assert [m.span() for m in _CAPSEQ_END_RE.finditer(text)] == [m.span() for m in _PLAIN_CAPSEQ_END.finditer(text)]
    for k in range(len(text) + 1):
        a, b = _TOLD_OBJ_RE.match(text, k), _PLAIN_TOLD_OBJ.match(text, k)
        assert (a and a.span()) == (b and b.span())

"""The first pass's appositive reader (:func:`stance.mentions._appositive`) finds exactly the
phrase ``_APPOS_RE`` finds after a name, on invented snippets and on hypothesis-built text made
of the words, white space and marks the pattern turns on.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.mentions import _appositive
from stance.names import _APPOS_RE

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

"""Fast paths of the thirteenth speed pass give what the plain code gave: the word before a
verb (:func:`stance.learned._prev_word`), line offsets (:func:`stance.layout.body_paragraph_texts`),
blank lines in the wrap test (:func:`stance.wrap.is_hard_wrapped`) and an organisation's kind
(:func:`stance.mentions._collect`).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.layout import body_paragraph_texts
from stance.learned import _SKIP_ADVERBS, _prev_word
from stance.mentions import _collect
from stance.names import _Doc
from stance.wrap import is_hard_wrapped


def _prev_word_plain(masked: str, s0: int, v0: int) -> str:
    """The word scan as it was: character by character back to white space."""
    k = v0
    while True:
        while k > s0 and masked[k - 1] == " ":
            k -= 1
        if k > s0 and masked[k - 1] == ",":
            return ","
        j = k
        while j > s0 and not masked[j - 1].isspace():
            j -= 1
        w = masked[j:k].strip(",;:()\"“”‘")
        if w.lower() not in _SKIP_ADVERBS or j == k:
            return w if w[:1].isupper() else w.lower()
        k = j


@pytest.mark.parametrize("text, word", [
    ("Ann Lee said", "Lee"),
    ("the officer then said", "officer"),  # an adverb is skipped
    ("the\tofficer said", "officer"),  # a tab before the word is white space too
    ("the officer\tsaid", ""),  # only spaces are skipped before the verb
    ("the officer\u00a0said", ""),  # a no-break space right before the verb: no word
    ("the officer,\u00a0said", ""),
    ("Officers, said", ","),
    ("said", ""),
])
def test_prev_word_on_snippets(text, word):
    v0 = text.rindex("said")
    assert _prev_word(text, 0, v0) == word == _prev_word_plain(text, 0, v0)


_PIECES = [" ", "  ", "\t", "\u00a0", "\n", "\u2028", "\xad", ",", "Ann", "the", "also", "then", "(x)", "“y”"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10), st.integers(0, 3))
def test_prev_word_matches_the_plain_scan(pieces, s0):
    text = "".join(pieces) + "said"
    v0 = len(text) - 4
    s0 = min(s0, v0)
    assert _prev_word(text, s0, v0) == _prev_word_plain(text, s0, v0)


@pytest.mark.parametrize("text", [
    "Ann Lee said the plan would work.\n  Ivo Marsh disagreed with her.\n",
    "\t Headline words here\n\nThe council said it was ready.",
    "First line.\n\u00a0Second line with a no-break space first.\n",
])
def test_body_paragraph_offsets_skip_leading_space(text):
    paras, texts = body_paragraph_texts(text)
    assert paras and [text[a:b] for a, b in paras] == texts
    assert all(t == t.strip() for t in texts)


_WRAPPED = ("The council said on Monday that the plan to open a new\n"
            "clinic in the town centre would go ahead despite the\n"
            "objections of some residents who had written to the\n"
            "local paper to complain about the noise it would make.\n")


@pytest.mark.parametrize("text, wrapped", [
    (_WRAPPED, True),
    (_WRAPPED.replace("\n", "\n   \n"), False),  # lines with only spaces between: paragraphs
    (_WRAPPED.replace("\n", "\n\t\n"), False),
    ("One.\nTwo.\nThree.\n", False),
])
def test_hard_wrap_reads_white_space_lines_as_blank(text, wrapped):
    assert is_hard_wrapped(text) is wrapped


@pytest.mark.parametrize("text, name, kind", [
    ("The charity Open Door said it would help.", "Open Door", "charity"),
    ("Open Door, a Brancombe charity, said it would help.", "Open Door", "charity"),
    ("Staff at the clinic Harbour House were told.", "Harbour House", "clinic"),
    ("He joined Open Door last year.", None, None),
])
def test_org_kind_before_and_after_the_name(text, name, kind):
    doc = _Doc(text)
    _collect(doc, text, [(0, len(text))])
    if name is None:
        assert doc.org_kinds == {}
    else:
        assert doc.org_kinds.get(name) == kind

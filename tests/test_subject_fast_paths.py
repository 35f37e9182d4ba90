"""The subject search's shortcuts agree with the plain reading they skip: the whole comma
segment is a candidate exactly when its tokens say so, and the cheap character checks before
``_LEAD_CONJ_RE`` and ``_SEG_SPLIT_RE`` never skip a match.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.nounphrase import _NP_MAX_CHARS, _NP_MAX_WORDS
from stance.patterns import _LEAD_CONJ_RE, _SEG_SPLIT_RE
from stance.subject import _may_lead_conj, _subject_candidates, _subject_segments, _tail_tokens

_WORDS = ["And", "but", "So", "then", "YET", "while", "However", "ſo", "Ǆ", "whıle", "Both", "hoK", "the", "Mr", "Ivo", "Brack",
          "he", "from", "after", "x" * 40, ",", ":", " - ", " – ", "—", "-", "é"]
_SPACE = [" ", "  ", "\t", "\u00a0", "\n"]


def _text(max_size=16):
    return st.lists(st.sampled_from(_WORDS + _SPACE), max_size=max_size).map("".join)


def _whole_by_tokens(s: str) -> bool:
    """The plain test: the segment's tail tokens start at 0 and are few and short enough."""
    toks = _tail_tokens(s)
    return bool(toks) and toks[0].start() == 0 and len(toks) <= _NP_MAX_WORDS and len(s) <= _NP_MAX_CHARS


@settings(max_examples=400, deadline=None)
@given(_text(), st.booleans())
def test_the_whole_segment_is_a_candidate_as_its_tokens_say(s, relative_last):
    if not s.strip():
        return  # _subject_before passes only stripped, non-empty segments
    assert ((0, s) in list(_subject_candidates(s, relative_last))) == _whole_by_tokens(s)


@pytest.mark.parametrize("s, whole", [
    ("Mr Ivo Brack", True),
    (" Mr Ivo Brack", False),
    ("one two three four five six seven eight nine ten eleven twelve", True),
    ("one two three four five six seven eight nine ten eleven twelve thirteen", False),
    ("x" * (_NP_MAX_CHARS + 1), False),
])
def test_whole_segments(s, whole):
    assert ((0, s) in list(_subject_candidates(s, False))) == whole


def test_suffix_candidates_follow_the_whole_segment():
    cands = list(_subject_candidates("Later that day Mr Ivo Brack", False))
    assert cands == [(0, "Later that day Mr Ivo Brack"), (15, "Mr Ivo Brack")]


@settings(max_examples=400, deadline=None)
@given(_text())
def test_a_leading_conjunction_passes_its_pre_check(s):
    if _LEAD_CONJ_RE.match(s):
        assert _may_lead_conj(s)


@pytest.mark.parametrize("s", ["and Ann Lee", "But she", "ſo he", "ſo", "However, the", "both Ann and Ivo", "Then\u00a0he",
                               "whıle he", "YET they"])
def test_the_leading_conjunction_pre_check_on_snippets(s):
    assert _may_lead_conj(s) or not _LEAD_CONJ_RE.match(s)
    assert not _may_lead_conj("The council") and not _may_lead_conj("Ann Lee")


@settings(max_examples=400, deadline=None)
@given(_text())
def test_a_segment_break_holds_one_of_the_checked_marks(pre):
    if _SEG_SPLIT_RE.search(pre):
        assert any(c in pre for c in (",", ":", "-", "–", "—", " but "))  # (the marks _subject_segments checks)


def test_a_window_without_marks_is_one_segment():
    text = "Mr Ivo Brack said"
    assert _subject_segments(text, 0, 12) == (0, [(0, "Mr Ivo Brack")], False)
    lo, segs, _ = _subject_segments("Speaking later, Mr Ivo Brack said", 0, 28)
    assert [seg for _, seg in segs] == ["Speaking later", " Mr Ivo Brack"]

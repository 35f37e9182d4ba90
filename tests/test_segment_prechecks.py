"""The segmenter's cheap pre-checks never skip a match: wherever the costly pattern they guard
matches, the pre-check lets it run, so the guarded code finds exactly what it found without it.

Each pre-check is tried on invented snippets and on hypothesis-built text made of the words,
marks and characters that matter (white space and letters outside ASCII that fold to ASCII
ones when case is ignored included).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.layout import _CONJ_WORDS, _is_furniture, _may_end_credit, _may_open_furniture, _trim_span
from stance.patterns import (
    _ATTRIB_END_RE,
    _ATTRIB_OBJ_END_RE,
    _AUX_TAIL_RE,
    _BOUNDARY_RE,
    _CAPS_LEAD_RE,
    _CONJ_ALT,
    _CONJ_END_RE,
    _CREDIT_LABEL_RE,
    _CREDIT_TAIL_RE,
    _DANGLING_CONJ_RE,
    _FURNITURE_ALT,
    _FURNITURE_HEADS,
    _FURNITURE_RE,
    _MID_VERB_STEMS,
    _PART_ALT,
    _PASSIVE_TAIL_RE,
    _SENT_BREAK_RE,
    _SPEAKER_MID_INV_RE,
    _SPEAKER_MID_RE,
    _attrib_end,
    _literal_heads,
    _may_end_attribution,
)
from stance.quotemarks import (
    WORDS_CAP,
    _CAP_WORDS_RE,
    _drop_nested,
    _find_double,
    _find_regions,
    _WORDS_UPTO_CAP_RE,
    count_words,
)
from stance.mentions import _DESCRIBED_SUBJECT_RE
from stance.reported import _IF_CLAUSE_RE, _may_hold_if
from stance.clausespan import _may_hold_boundary
from stance.subject import _AUX_TAIL_ENDS, _may_end_passive

_SPACE = [" ", "  ", "\t", "\n", "\u00a0", ""]
_ODD = ["ſ", "K", "İ", "ı", "é", "’", "'", "(", ")", ",", ".", ":", "!", "-", "–", "—", "x", "7", "_"]


def _text(words, max_size=12):
    """Hypothesis text: the given words, odd characters and white space in any order."""
    return st.lists(st.sampled_from(list(words) + _ODD + _SPACE), max_size=max_size).map("".join)


_AUX_WORDS = ["has", "have", "had", "also", "previously", "since", "then", "later", "now", "today",
              "yesterday", "on", "Monday", "last", "this", "week", "month", "year", "night", "morning",
              "earlier", "once", "already", "would", "will", "publicly", "only", "he", "said", "Ly"]
_PASSIVE_WORDS = ["was", "WAS", "were", "is", "Are", "been", "being", "be", "to", "not", "never", "n't",
                  "N'T", "quietly", "LY", "he", "said", "bee", "ot"]


@settings(max_examples=400, deadline=None)
@given(_text(_AUX_WORDS))
def test_the_aux_tail_needs_one_of_its_last_words(pre):
    pre = pre.rstrip()  # as _subject_segments has it
    if _AUX_TAIL_RE.search(pre, max(0, len(pre) - 160)):
        assert pre.endswith(_AUX_TAIL_ENDS)


@settings(max_examples=400, deadline=None)
@given(_text(_PASSIVE_WORDS))
def test_the_passive_tail_needs_one_of_its_words(pre):
    if _PASSIVE_TAIL_RE.search(pre + " ", max(0, len(pre) - 40)):
        assert _may_end_passive(pre)


@pytest.mark.parametrize("pre", ["The man was", "he was quietly  ", "it is not", "they weren't", "He ſ", "x be\t\t\t\t\t\t\t\t\t"])
def test_passive_tails_that_must_reach_the_pattern(pre):
    assert _may_end_passive(pre)


def test_a_subject_without_a_passive_tail_skips_the_pattern():
    assert not _may_end_passive("The chief constable")
    assert not _PASSIVE_TAIL_RE.search("The chief constable ")


_MID_WORDS = ["said", "says", "stressed", "warned", "added", "admits", "she", "the", "minister", "and",
              "adding", "in", "a", "statement", "X"]


@settings(max_examples=400, deadline=None)
@given(_text(_MID_WORDS, max_size=16))
def test_mid_sentence_attributions_need_a_comma_and_a_verb(seg):
    if _SPEAKER_MID_RE.search(seg) or _SPEAKER_MID_INV_RE.search(seg):
        assert "," in seg and any(v in seg for v in _MID_VERB_STEMS)


def test_a_mid_sentence_attribution_is_still_found():
    seg = "The plan will work, she stressed, and warned that costs would rise."
    assert _SPEAKER_MID_RE.search(seg) and "," in seg and "stressed" in _MID_VERB_STEMS


_BOUNDARY_WORDS = ["and", "but", "also", "said", "adding", "according", "to", "he", "told", "as", "the",
                   "with", "going", "after", "the", "Times", "reported", "that", "while", "warned", "ly"]


@settings(max_examples=400, deadline=None)
@given(_text(_BOUNDARY_WORDS, max_size=16), st.integers(0, 4), st.integers(0, 4))
def test_clause_boundaries_need_a_comma_dash_or_word(text, cut_a, cut_b):
    a, b = min(cut_a, len(text)), max(min(cut_a, len(text)), len(text) - cut_b)
    if _BOUNDARY_RE.search(text, a, b):
        assert _may_hold_boundary(text, a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _é7 ,.'’-—\n", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_capped_word_counts_match_the_word_pattern(text, a, b):
    a, b = min(a, len(text)), min(max(a, b), len(text))
    m = _WORDS_UPTO_CAP_RE.match(text, a, b)
    assert (m.lastindex if m else 0) == min(WORDS_CAP, len(re.findall(r"\w+", text[a:b])))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _é7 ,.'’-—\n", max_size=90), st.integers(0, 90), st.integers(0, 90))
def test_word_counts_short_and_long_match_the_word_pattern(text, a, b):
    # count_words lists a short span's words and counts a long one's with the capped pattern
    a, b = min(a, len(text)), min(max(a, b), len(text))
    assert count_words(text, a, b) == min(WORDS_CAP, len(re.findall(r"\w+", text[a:b])))


def test_word_counts_stop_at_the_cap_either_way():
    assert count_words("a b c d e f g h i j", 0, 19) == WORDS_CAP  # short: listed, then capped
    assert count_words("one two three four five six seven eight nine ten", 0, 49) == WORDS_CAP
    assert count_words("“Not now,” she said.", 1, 8) == 2
    assert count_words("...", 0, 3) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab “”\"„«» ,.", max_size=40))
def test_double_quoted_regions_never_nest(para):
    doubles = _find_double(para)
    assert _drop_nested(list(doubles)) == doubles


def test_a_double_quotation_inside_a_single_one_is_still_dropped():
    regions = _find_regions("He said: ‘They told me “go home” and I did.’")
    assert [(r.single, r.words) for r in regions] == [(True, 8)]


_FURNITURE_WORDS = ["Read", "more", "related", "see", "also", "watch", "comments", "sign", "up", "©", "photo",
                    "credit", "Getty", "Images", "PA", "Wire", "Alamy", "Stock", "Photo", "iStock", "date",
                    "2019-06-10", "don't", "dont", "miss", "the", "ability", "to", "comment", "THE", "Picture",
                    "SUBſCRIBE", "Reuters", "AFP", "“Read", "‘more", "ſign", "“", "«"]


@settings(max_examples=500, deadline=None)
@given(_text(_FURNITURE_WORDS, max_size=10))
def test_furniture_pre_checks_never_skip_a_match(para):
    if _FURNITURE_RE.match(para):
        assert _may_open_furniture(para)
    if _CREDIT_TAIL_RE.search(para):
        assert _may_end_credit(para)
    if _CAPS_LEAD_RE.match(para):
        assert ":" in para
    if _CREDIT_LABEL_RE.search(para):
        colon = para.rfind(":")
        assert colon != -1 and not set(para[colon + 1 :]) & set(".!?")


def test_a_text_opening_with_a_quotation_mark_is_not_furniture_by_its_head():
    para = "“Read more of the report,” she said."
    assert not _may_open_furniture(para) and not _FURNITURE_RE.match(para)
    assert _may_open_furniture("ſubscribe now")  # a letter outside ASCII may fold to a head


@pytest.mark.parametrize("para", ["Read more: council news", "  DON'T MISS our stories", "ſubscribe now",
                                  "Photo credit: Ada Pike", "© Kestwick Echo", "Published: 2019-06-10",
                                  "Officers at the scene (Getty Images)", "Ada Pike at the launch – Credit: Archant"])
def test_furniture_is_still_found(para):
    assert _is_furniture(para)


def test_the_literal_heads_of_an_alternation():
    assert _literal_heads(r"comments?\s*:|don'?t\s+miss|(?:date|published)\s*:|©|see\s+also") == (
        "comment", "date", "don", "published", "see", "©")
    assert set(_FURNITURE_HEADS) >= {"read", "the", "©", "date"}
    assert all(b for b in re.split(r"\|", _FURNITURE_ALT))
    with pytest.raises(ValueError):
        _literal_heads(r"\s+said|read")


@settings(max_examples=300, deadline=None)
@given(_text(["and", "but", "or", "AND", "word", "band", "the", "odor"], max_size=10), st.integers(0, 3))
def test_a_dangling_conjunction_needs_the_word_at_the_end(para, cut):
    b = max(0, len(para) - cut)
    if _DANGLING_CONJ_RE.search(para, 0, b):
        end = b - 1 if para[b - 1 : b] == "\n" else b
        assert para.endswith(_CONJ_WORDS, 0, end)
    _trim_span(para, 0, b)  # never fails


def test_a_dangling_conjunction_is_still_dropped():
    para = "the plan would work and"
    assert _trim_span(para, 0, len(para)) == (0, len(para) - 4)


_ATTRIB_WORDS = ["he", "said", "told", "the", "BBC", "pointed", "out", "hit", "at", "adding", "on", "Monday",
                 "went", "asked", "insisted", "that", "xsaid", "saidx"]


@settings(max_examples=500, deadline=None)
@given(_text(_ATTRIB_WORDS, max_size=12))
def test_an_attribution_before_a_quotation_needs_its_ending(before):
    if _ATTRIB_END_RE.search(before) or _ATTRIB_OBJ_END_RE.search(before):
        assert _may_end_attribution(before)


@pytest.mark.parametrize("before", ["He said: ", "she pointed out ", "Ada Pike told the BBC, ", "he went on\n"])
def test_attributions_before_a_quotation_are_still_found(before):
    assert _attrib_end(before) is not None


# _BOUNDARY_RE as it was written before its first character was taken up front: the reference
# the faster form must agree with, match for match
_BOUNDARY_PLAIN_RE = re.compile(
    rf",?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?(?=(?:{_CONJ_ALT})(?![\w'’-])(?!\s+by\b))"
    rf"|,\s*(?:while\s+|also\s+|before\s+|and\s+)?(?=(?:{_PART_ALT})(?![\w'’-]))"
    rf"|,\s*(?:\w+ly\s+)?(?=(?:{_CONJ_ALT})\s)"
    r"|,\s*(?=according\s+to\b)"
    r"|,\s*(?=(?:he|she|they|it|we)\s+(?:told|said|says|added|tells)\b)"
    r"|\s+[–—-]\s+(?=(?:and\s+)?[a-z]+ing\b|and\s)"
    r"|,\s*(?=as\s+(?:the|a|an|it|he|she|they|we|his|her|their|its)\s)"
    r"|,\s*(?=with\s+(?:[\w'’-]+\s+){1,4}?[a-z]+ing\b)"
    r"|\s+(?=(?:after|when|before)\s+[^,;:.]{1,60}?\s+(?:reported|revealed|said|announced|disclosed)\s+that\b)"
)


@settings(max_examples=600, deadline=None)
@given(_text(_BOUNDARY_WORDS + ["by", "going", "quickly", "insisting", "it", "–"], max_size=16), st.integers(0, 4))
def test_clause_boundaries_match_the_plain_pattern(text, cut):
    for a in range(min(cut, len(text)) + 1):
        got = [m.span() for m in _BOUNDARY_RE.finditer(text, a)]
        assert got == [m.span() for m in _BOUNDARY_PLAIN_RE.finditer(text, a)]
        b = max(a, len(text) - cut)
        assert [m.span() for m in _BOUNDARY_RE.finditer(text, a, b)] == [
            m.span() for m in _BOUNDARY_PLAIN_RE.finditer(text, a, b)]


@pytest.mark.parametrize("text", [
    "the plan worked, adding that it was cheap", "it worked and said that", "it worked, and also said so",
    "costs rose – pointing to delays", "costs rose ,  according to figures", "it failed, he said",
    "it rose after the Times reported that it fell", "it rose, with efforts having stalled",
    "it rose, as the latest figures showed", "it rose and backed by MPs", "it rose, quickly said the chief",
])
def test_clause_boundaries_of_invented_sentences_match_the_plain_pattern(text):
    assert [m.span() for m in _BOUNDARY_RE.finditer(text)] == [m.span() for m in _BOUNDARY_PLAIN_RE.finditer(text)]
    assert _BOUNDARY_RE.search(text) is not None or "backed by" in text


_SENT_BREAK_PLAIN_RE = re.compile(r"[.!?:;][\"”’']?\s+|[\"“”]\s*")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .!?:;\"“”’' \n\t,", max_size=30), st.integers(0, 5))
def test_sentence_breaks_match_the_plain_pattern(text, a):
    assert [m.span() for m in _SENT_BREAK_RE.finditer(text, a)] == [m.span() for m in _SENT_BREAK_PLAIN_RE.finditer(text, a)]


_CONJ_END_PLAIN_RE = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?$")


@settings(max_examples=400, deadline=None)
@given(_text(["and", "but", "also", "then", "has", "x"], max_size=10), st.integers(0, 5))
def test_a_closing_conjunction_matches_the_plain_pattern(text, a):
    for b in (len(text), max(a, len(text) - 2)):
        got, want = _CONJ_END_RE.search(text, a, b), _CONJ_END_PLAIN_RE.search(text, a, b)
        assert (got and got.span()) == (want and want.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _é7 ,.'’-—\n", max_size=90), st.integers(0, 90), st.integers(0, 90))
def test_cap_words_pattern_matches_where_the_cap_is_reached(text, a, b):
    a, b = min(a, len(text)), min(max(a, b), len(text))
    assert bool(_CAP_WORDS_RE.match(text, a, b)) == (len(re.findall(r"\w+", text[a:b])) >= WORDS_CAP)


def test_cap_words_pattern_on_seven_and_eight_words():
    seven = "“We will keep listening to the residents,” she said"
    assert not _CAP_WORDS_RE.match(seven, 1, 41)  # seven words inside the marks
    assert _CAP_WORDS_RE.match(seven + " again today", 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["if ", "If ", "whether ", "Whether ", "hether", "he ", "said ", "x", " ", "i", "f"]),
                max_size=12), st.integers(0, 40), st.integers(0, 40))
def test_if_clause_precheck_never_hides_a_match(parts, lo, hi):
    text = "".join(parts)
    lo, hi = min(lo, len(text)), min(max(lo, hi), len(text))
    if _IF_CLAUSE_RE.search(text, lo, hi):
        assert _may_hold_if(text, lo, hi)


def test_if_clause_precheck():
    assert _may_hold_if("Asked if he backed the plan, she said", 0, 30)
    assert _may_hold_if("Whether it works, they said", 0, 17)
    assert not _may_hold_if("Asked about the plan, she said", 0, 20)


def test_described_subject_opens_a_paragraph_or_sentence_only():
    text = "The mother of a boy who died said it was hard. The father of a girl told the court."
    assert [m.group("np") for m in _DESCRIBED_SUBJECT_RE.finditer(text)] == [
        "The mother of a boy", "The father of a girl"]
    assert _DESCRIBED_SUBJECT_RE.search("He met The mother of a boy who said it.") is None
    assert _DESCRIBED_SUBJECT_RE.search("XThe mother of a boy said it.") is None

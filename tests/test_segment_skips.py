"""Work the segmenter skips (issue 12, third round) changes nothing it finds.

A sentence without a quotation skips the direct-speech steps, and a paragraph without a
quotation mark the region search. Each skip is checked on invented text where the skipped and
the kept work sit side by side.
"""

from __future__ import annotations

from segment_helpers import units as _units
from stance.quotemarks import _find_double, _find_regions, _find_single


def test_a_quoted_sentence_and_a_plain_one_in_one_paragraph():
    text = (
        "Ada Pike runs the Brancombe food bank.\n"
        "Ada Pike said the shelves were nearly empty. “We need help now,” she told the meeting.\n"
    )
    assert _units(text) == [
        ("indirect", "Ada Pike", "the shelves were nearly empty"),
        ("direct", "Ada Pike", "We need help now,"),
    ]


def test_quotation_regions_with_and_without_the_no_mark_shortcut():
    assert _find_regions("The council met on Monday.") == []
    assert _find_regions("Plain text with an é but no marks.") == []
    ascii_quote = _find_regions('He said "we will act" and left.')
    assert [(r.cstart, r.cend, r.words) for r in ascii_quote] == [(9, 20, 3)]
    para = "She called it ‘a scandal’ and said “we’ll fight on”."
    regions = _find_regions(para)
    assert [para[r.cstart : r.cend] for r in regions] == ["a scandal", "we’ll fight on"]
    doubles = _find_double(para)
    assert [(r.open, r.close) for r in _find_single(para, doubles)] == [(14, 24)]


def test_a_paragraph_whose_only_single_mark_is_the_right_one_has_no_single_region():
    # "’" never opens a single-quoted region, so the single marks are not looked for when it
    # is the only one; the full search over the same paragraphs agrees
    for para in (
        "The council’s plan won’t work, the residents’ group said.",
        "The dealers’ homes were searched. “It’s over,” she said.",
        "’Tis the season’ he wrote, and the members’ vote followed.",
    ):
        doubles = _find_double(para)
        assert _find_single(para, doubles) == []
        assert [(r.open, r.cend) for r in _find_regions(para)] == [(r.open, r.cend) for r in doubles]
    assert [r.single for r in _find_regions("She called it ‘a scandal’ today.")] == [True]

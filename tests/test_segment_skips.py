"""Work the segmenter skips (issue 12, third round) changes nothing it finds.

A sentence without a quotation skips the direct-speech steps; names whose subject position
can never be used are not asked for it. Each skip is checked on invented text where the
skipped and the kept work sit side by side.
"""

from __future__ import annotations

from stance.segment import segment_text


def _units(text):
    return [(q.kind, q.speaker, q.text) for q in segment_text(text)]


def test_a_quoted_sentence_and_a_plain_one_in_one_paragraph():
    text = (
        "Ada Pike runs the Brancombe food bank.\n"
        "Ada Pike said the shelves were nearly empty. “We need help now,” she told the meeting.\n"
    )
    assert _units(text) == [
        ("indirect", "Ada Pike", "the shelves were nearly empty"),
        ("direct", "Ada Pike", "We need help now,"),
    ]

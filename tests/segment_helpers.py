"""Readers of the segmenter's units for the segment tests: each gives, for every unit of an
article, the fields a test compares, in the order the test names them."""

from __future__ import annotations

from typing import Callable

from stance.segment import segment_text


def unit_fields(*names: str, lead: str = "", checked: bool = False) -> Callable[[str], list[tuple]]:
    """A reader ``text -> [(field, ...) per unit]`` of the named :class:`stance.segment.Quote`
    fields. ``lead`` is put before every text (an article's opening the test takes as given);
    ``checked``: assert on the way that each unit's offsets cut its text out of the article."""

    def read(text: str) -> list[tuple]:
        article = lead + text
        out = []
        for q in segment_text(article):
            if checked:
                assert article[q.start : q.end] == q.text
            out.append(tuple(getattr(q, n) for n in names))
        return out

    return read


# the most common shape: (kind, speaker, span text)
units = unit_fields("kind", "speaker", "text")


def speakers(text: str) -> list[str]:
    """The speaker of every unit, in order."""
    return [q.speaker for q in segment_text(text)]

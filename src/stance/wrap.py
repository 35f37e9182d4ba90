"""Text layout before segmentation: hard-wrapped lines and excerpts cut off mid-sentence.

Database exports and some feeds *hard-wrap* paragraphs: a line break every 60-80 characters,
often in the middle of a sentence, with blank lines (or nothing) between paragraphs. Read line
by line, each line would be a paragraph and every quotation and reported clause would be cut.
:func:`rejoin_wrapped` detects such text and turns the breaks inside paragraphs into spaces,
character for character, so every offset into the text stays valid.

Excerpts (a page's first N characters) may stop in the middle of a sentence;
:func:`truncated_end` tells, and the segmenter drops a unit that runs into the cut, as the
codebook's unit rules do.
"""

from __future__ import annotations

import re

_BREAK_RE = re.compile(r"\r\n|\n|\r")
# a line that ends a sentence or a quotation (a paragraph may end there)
_SENT_FINAL = tuple(".!?:;\"”’'…)]")
MIN_INNER_BREAKS = 3
MID_SENTENCE_SHARE = 0.5
WRAP_WIDTH_SHARE = 0.6  # of the longest line


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line break excluded (``\\r\\n``, ``\\n`` or ``\\r``).

    Every line ending counts alike, so a text means the same whichever its files use.
    """
    out = []
    pos = 0
    for brk in _BREAK_RE.finditer(text):
        out.append((pos, brk.start()))
        pos = brk.end()
    out.append((pos, len(text)))
    return out


def _line_texts(text: str) -> list[str]:
    """The lines of :func:`_lines` as strings (``str.split`` is several times faster than the
    regular expression when there is no ``\\r``)."""
    return text.split("\n") if "\r" not in text else _BREAK_RE.split(text)


def is_hard_wrapped(text: str) -> bool:
    """True when most line breaks between two non-empty lines fall mid-sentence.

    Ordinary pages put one paragraph per line, so a line followed directly by another ends a
    sentence; hard-wrapped text breaks lines wherever the width runs out.
    """
    lines = _line_texts(text)
    inner = 0
    mids: list[int] = []
    for line, nxt in zip(lines, lines[1:]):
        # (a blank line told without stripping a copy of it: most articles leave blank lines)
        if not line or line.isspace() or not nxt or nxt.isspace():
            continue
        line = line.rstrip()
        inner += 1
        if not line.endswith(_SENT_FINAL):
            mids.append(len(line))
    if inner < MIN_INNER_BREAKS or len(mids) < MID_SENTENCE_SHARE * inner:
        return False
    # a wrapped line runs close to the width: a headline or byline that stops mid-sentence
    # above paragraphs several times its length is no wrap
    width = max(len(line.rstrip()) for line in lines)
    mid = sum(1 for n in mids if n >= WRAP_WIDTH_SHARE * width)
    return mid >= MIN_INNER_BREAKS and mid >= MID_SENTENCE_SHARE * inner


def rejoin_wrapped(text: str) -> str:
    """The text with the line breaks inside hard-wrapped paragraphs made spaces.

    Returns the text unchanged unless :func:`is_hard_wrapped`. When blank lines separate
    paragraphs, every break between two non-empty lines is joined; otherwise only breaks
    after a line that ends mid-sentence are. Same length as ``text``: ``\\n`` and ``\\r``
    become spaces one for one.
    """
    if ("\n" not in text and "\r" not in text) or not is_hard_wrapped(text):
        return text
    lines = _lines(text)
    blank_separated = any(not text[a:b].strip() for a, b in lines[1:-1])
    chars = list(text)
    for (a, b), (c, d) in zip(lines, lines[1:]):
        line, nxt = text[a:b].rstrip(), text[c:d].strip()
        if not line.strip() or not nxt:
            continue
        if blank_separated or not line.endswith(_SENT_FINAL):
            for i in range(b, c):
                chars[i] = " "
    return "".join(chars)


def truncated_end(text: str) -> int | None:
    """Where an excerpt that stops mid-sentence ends (offset past its last character), else None."""
    body = text.rstrip()
    if not body or body.endswith(_SENT_FINAL):  # "…" and "..." end in a final too
        return None
    return len(body)

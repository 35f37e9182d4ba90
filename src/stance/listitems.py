"""Bulleted lists of what a speaker asks for: "Her key demands are:" then one item a line.

News copy sets out a speaker's demands, recommendations or proposals as a list after a
colon. Each item is that speaker's reported speech, whether or not a reporting verb
stands in it; the colon sentence names the speaker (its subject, or the possessor of
the list noun: "the union's three demands are:").
"""

from __future__ import annotations

import re

# the marks that open a list item
BULLET_MARKS = "•·▪●◦‣-–*"
# a sentence that announces a list of what someone wants: the list noun, then nothing but
# words up to the closing colon ("three key recommendations proposed in the draft:")
_LIST_INTRO_RE = re.compile(
    r"\b(?P<noun>asks|demands|recommendations|proposals|priorities|pledges|requests|calls|suggestions)"
    r"\b[^.!?:;\"“”]{0,80}:\s*$")
# "the union's three key demands are:": the possessor names the speaker
_POSSESSIVE_RE = re.compile(r"['’]s\s+(?:[a-z]+\s+){0,3}$")
_ITEM_RE = re.compile(r"[•·▪●◦‣*–-][ \t]+(?=\S)")


def list_intro(para: str) -> re.Match | None:
    """The list noun of a paragraph that announces a list ("His key asks are:"), if any."""
    if not para.endswith(":"):
        return None
    return _LIST_INTRO_RE.search(para, max(0, len(para) - 200))


def possessor_end(para: str, noun_start: int) -> int | None:
    """Where the possessor before the list noun ends ("the union's | key demands"), if one."""
    m = _POSSESSIVE_RE.search(para, max(0, noun_start - 40), noun_start)
    return m.start() if m else None


def item_span(para: str) -> tuple[int, int] | None:
    """The words of a list item: after the bullet mark, without a closing full stop."""
    m = _ITEM_RE.match(para)
    if m is None or "\n" in para.strip():
        return None
    end = len(para.rstrip())
    if para[end - 1 : end] in ".;":
        end -= 1
    return (m.end(), end) if len(para[m.end() : end].split()) >= 3 else None

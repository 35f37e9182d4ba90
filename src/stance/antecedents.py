"""Who a speaking pronoun points back to when a unit has just been attributed.

"Mr Lake said Westmoreland had worked hard all his life. He said: ..." -- the "he" who speaks
is the person who spoke just before, not a person named inside what that person said. The
segmenter notes each unit's speaker (:meth:`stance.names._Doc.note_speaker`);
:func:`speaker_just_before` finds the one a "he"/"she" at a position may continue.
"""

from __future__ import annotations

import bisect
import re

_NEAR = 300  # characters between the end of the last unit and the pronoun at most
_MAX_BREAKS = 2  # sentence breaks (quotation marks count) between them at most
_RIVAL_WINDOW = 1500  # characters back a person of the pronoun's known gender outranks one of unknown gender
_BREAK_RE = re.compile(r"[.!?:;\"“”](?:(?<=[.!?:;])[\"”’']?\s+|(?<=[\"“”])\s*)")


def speaker_just_before(spoken: list, mentions: list, text: str, pos: int, want: str,
                        gender_of) -> str | None:
    """The person who spoke in the unit ending just before ``pos``, when a pronoun of gender
    ``want`` ("m" or "f") at ``pos`` may be them.

    Parameters
    ----------
    spoken : list
        ``(end, start, speaker, is_person)`` of the units so far, sorted.
    mentions : list
        The article's ``(pos, name, kind, is_subject)`` mentions, sorted.
    gender_of : callable
        A name -> "m", "f", "pl" or "".

    None when no unit ends near before ``pos``, when its speaker is no person or is known to
    be of the other gender, or when another person is the subject of a sentence in between
    ("Smith said A. Jones disagreed. He said ..." is Jones, left to the usual rules).
    """
    i = bisect.bisect_right(spoken, (pos, pos, "\uffff", True)) - 1
    while i >= 0 and spoken[i][1] >= pos:
        i -= 1  # a unit the pronoun stands in (its own clause) is not "before"
    if i < 0:
        return None
    end, _, name, is_person = spoken[i]
    if not is_person or pos - end > _NEAR or pos < end:
        return None
    g = gender_of(name)
    if g not in (want, ""):
        return None
    if not g and want and _known_rival(mentions, pos, name, want, gender_of):
        return None  # of unknown gender, beside a person known to be "he"/"she": the usual rules
    if len(_BREAK_RE.findall(text, end, pos)) > _MAX_BREAKS:
        return None
    lo = bisect.bisect_left(mentions, (end,))
    for k in range(lo, len(mentions)):
        mpos, other, kind, subj = mentions[k]
        if mpos >= pos:
            break
        if kind == "person" and subj and other != name:
            return None
    return name


def _known_rival(mentions: list, pos: int, name: str, want: str, gender_of) -> bool:
    """Is another person known to be of gender ``want`` named within :data:`_RIVAL_WINDOW`
    characters before ``pos``?"""
    k = bisect.bisect_left(mentions, (pos,)) - 1
    while k >= 0 and pos - mentions[k][0] <= _RIVAL_WINDOW:
        _, other, kind, _ = mentions[k]
        if kind == "person" and other != name and gender_of(other) == want:
            return True
        k -= 1
    return False


def newly_named_subject(mentions: list, full_names: list, lo: int, hi: int) -> str | None:
    """The person a sentence at ``lo:hi`` introduces as its subject, named there for the first
    time in the article ("Local solicitor Ada Pike was critical of the plan."), else None.

    A quotation with no attribution right after such a sentence is that person's, not the
    speaker quoted before them (who may be anyone the sentence does not name).
    """
    k = bisect.bisect_left(mentions, (lo,))
    first = next((m for m in mentions[k:] if m[0] < hi and m[2] == "person"), None)
    if first is None or first[0] >= hi or not first[3] or first[1] not in full_names:
        return None
    if any(m[1] == first[1] for m in mentions[:k]):
        return None  # named before: the sentence is about someone the story already knows
    return first[1]


def last_speaker_near(spoken: list, mentions: list, text: str, pos: int) -> str | None:
    """The person who spoke in the unit ending just before ``pos`` (as
    :func:`speaker_just_before`, whatever their gender)."""
    return speaker_just_before(spoken, mentions, text, pos, "", lambda name: "")

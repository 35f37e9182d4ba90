"""A lead's described source who is named a few paragraphs on.

News leads describe their source before naming them: "Cuts have cost lives, an expert has
said." ... "Ann Rudd, director of the Kell Trust, said ...". The codebook gives such a unit to
the person (codebook 2: "the area's police and crime commissioner" becomes John Campion).
:func:`name_lead_source` rewrites the article's first unit when its speaker is such a
description and the next unit's speaker is a person the article introduces only after it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lexicon import _ROLE_HEAD_RE

_NAMED_WITHIN = 1500  # characters after the lead unit the person must be introduced in
# one described person: "an expert", "a senior police officer", "the mother of a teenager"
_DESCRIBED_RE = re.compile(
    r"(?:a|an|the)\s+(?:[a-z’'-]+\s+){0,3}?(?P<head>[a-z-]+)(?:\s+of\s+(?:a|an|one)\s+[a-z -]+)?"
)
# heads of people a story keeps unnamed however much it says about them
_STAY_UNNAMED = frozenset("""source spokesperson spokesman spokeswoman insider friend witness resident
neighbour relative colleague user customer""".split())


def name_lead_source(units: list, doc) -> list:
    """``units`` with the article's first unit (and any other of the same speaker before the
    next unit) given to the person named after it, when its speaker is one described person
    and the next unit is that newly named person's."""
    if len(units) < 2:
        return units
    first = min(range(len(units)), key=lambda i: units[i].start)
    lead = units[first]
    if lead.speaker_type != "unnamed":
        return units
    m = _DESCRIBED_RE.fullmatch(lead.speaker)
    if m is None or m.group("head") in _STAY_UNNAMED or not _ROLE_HEAD_RE.fullmatch(m.group("head")):
        return units
    later = sorted((u for u in units if u.start >= lead.end), key=lambda u: u.start)
    if not later:
        return units
    nxt = later[0]
    if nxt.speaker_type != "person" or nxt.speaker not in doc.full_names or nxt.start - lead.end > _NAMED_WITHIN:
        return units
    if any(pos < lead.end and name == nxt.speaker for pos, name, _, _ in doc.mentions):
        return units  # named before the lead's unit: the description is someone else
    return [replace(u, speaker=nxt.speaker, speaker_role=nxt.speaker_role, speaker_type="person")
            if u.speaker == lead.speaker and u.start < nxt.start else u for u in units]

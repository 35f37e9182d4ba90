r"""Optional auxiliaries in the rules' patterns, written "(?:has\s+|had\s+|)" where they were
"(?:has\s+|had\s+)?", match exactly what the plain form matches, groups included: ``re``
tries the alternatives in the same order, without setting up a repeat context at each try.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import stance.mentions
import stance.names
import stance.patterns
import stance.reported

# optional auxiliaries written "(?:has\s+|had\s+|)" where they were "(?:has\s+|had\s+)?" (the
# same matches in the same order, without a repeat context at each try)
_OPTIONAL_FORMS = [r"(?:has\s+|had\s+|)", r"(?:also\s+|)", r"(?:has\s+|have\s+|had\s+|)", r"(?:have\s+|has\s+|had\s+|)",
                   r"(?:now\s+|also\s+|)"]


def _rewritten_patterns() -> list:
    found = {}
    for mod in (stance.mentions, stance.names, stance.patterns, stance.reported):
        for name, obj in vars(mod).items():
            if isinstance(obj, re.Pattern) and any(f in obj.pattern for f in _OPTIONAL_FORMS):
                found[name] = obj
    return sorted(found.items())


def _plain(pattern: re.Pattern) -> re.Pattern:
    text = pattern.pattern
    for f in _OPTIONAL_FORMS:
        text = text.replace(f, f[:-2] + ")?")
    return re.compile(text, pattern.flags)


def test_the_rewritten_optional_groups_are_found():
    names = [n for n, _ in _rewritten_patterns()]
    assert "_FOLLOWED_BY_VERB_RE" in names and "_SPEAKER_LAST_RE" in names and len(names) >= 8


_AUX_PIECES = [", ", " ", "  ", "Ann", "Lee", "the", "council", "has", "had", "have", "also", "now", "said", "says", "told",
               "the panel", "joined", "joins", "warned", "stressed", "adding", "and", ".", "who", "added", "x", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AUX_PIECES), max_size=14).map("".join))
def test_optional_auxiliaries_match_as_before(text):
    for name, pat in _rewritten_patterns():
        plain = _plain(pat)
        assert [(m.span(), m.groups()) for m in pat.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)], name

"""Leads that open in capitals: "FIRST Minister Ann Rudd has insisted ...", "A CORONER has
issued a warning ...", "THE mother of a teenager ...".

Many regional papers set the first words of an article in capitals. The name and role readers
take a word in capitals for an acronym, so such a lead names nobody. :func:`unshout_leads`
gives those words ordinary case, letter for letter, so every offset stays where it was (the
segmenter cuts each unit's text from the original). Acronyms stay as they are: a word in
capitals is given ordinary case only when the word lists know it (a first name, a role, a
sentence opener, an organisation word) or when it is too long to be an acronym.
"""

from __future__ import annotations

import re

from .lexicon import _FIRST_NAMES, _NOT_NAME, _ORG_WORDS, _ROLE_HEAD_RE

# a run of words in capitals at a line's start, then a word in ordinary case
# (read on "\n" + text: a literal first character lets the engine jump from line to line)
_SHOUTED_RE = re.compile(r"\n[ \t]*(?:[A-Z][A-Z’'-]*[ \t]+){0,3}[A-Z][A-Z’'-]+(?=[ \t]+[A-Za-z]*[a-z])")
_WORD_RE = re.compile(r"[A-Z][A-Z’'-]*")
_LONG = 6  # letters from which a word in capitals is taken for a word, not an acronym
# words a shouted lead often opens with that the lists above do not hold
_LEAD_WORDS = {"First", "House", "Chief", "Senior", "Top", "Former", "New", "Two", "Three", "Four", "Five",
               "More", "Plans", "Calls", "Ban", "Mum", "Dad", "Family", "Families", "Parents", "Tory"}
_KNOWN = frozenset({w.title() for w in _FIRST_NAMES | _NOT_NAME | _ORG_WORDS if not w.isupper()} | _LEAD_WORDS)  # (not "NHS")


def _recase(word: str, first: bool) -> str:
    """``word`` (in capitals) in ordinary case, or unchanged when it may be an acronym."""
    title = word[0] + word[1:].lower()
    low = word.lower()
    if not first and (_ROLE_HEAD_RE.fullmatch(low) or low.endswith("s") and _ROLE_HEAD_RE.fullmatch(low[:-1])):
        return low  # "A CORONER has": "A coroner"
    if title in _KNOWN or len(word) >= _LONG or (first and len(word) == 1):
        return title
    return word


def unshout_leads(text: str) -> str:
    """``text`` with the capitals that open a line in ordinary case (same length)."""
    lined = "\n" + text
    if not _SHOUTED_RE.search(lined):
        return text
    pieces, last = [], 0
    for m in _SHOUTED_RE.finditer(lined):
        words = list(_WORD_RE.finditer(lined, m.start(), m.end()))
        if not any(len(w.group()) >= 3 for w in words):
            continue  # "A BBC report", "UK police": an acronym, not a shouted lead
        for k, w in enumerate(words):
            pieces += [lined[last : w.start()], _recase(w.group(), k == 0)]
            last = w.end()
    pieces.append(lined[last:])
    return "".join(pieces)[1:]

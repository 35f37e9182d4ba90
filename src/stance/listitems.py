"""Bulleted lists of what a speaker asks for: "Her key demands are:" then one item a line.

News copy sets out a speaker's demands, recommendations or proposals as a list after a
colon. Each item is that speaker's reported speech, whether or not a reporting verb
stands in it; the colon sentence names the speaker (its subject, or the possessor of
the list noun: "the union's three demands are:").
"""

from __future__ import annotations

import re

from .subject import _subject_before

# the marks that open a list item
BULLET_MARKS = "•·▪●◦‣-–*"
# a sentence that announces a list of what someone wants: the list noun, then nothing but
# words up to the closing colon ("three key recommendations proposed in the draft:")
_LIST_INTRO_RE = re.compile(
    r"\b(?P<noun>asks|demands|recommendations|proposals|priorities|pledges|requests|calls|suggestions)"
    r"\b[^.!?:;\"“”]{0,80}:\s*$")
# "the union's three key demands are:": the possessor names the speaker
_POSSESSIVE_RE = re.compile(r"['’]s\s+(?:[a-z]+\s+){0,3}$")
_VERB_NOUNS = frozenset(["found", "concluded", "recommended", "highlighted", "identified", "warned"])
_ITEM_RE = re.compile(r"[•·▪●◦‣*–-][ \t]+(?=\S)")
# "recommendations made in the draft": the list is the document's, not the subject's
_LIST_SOURCE_RE = re.compile(r"\s+(?:proposed|made|set\s+out|contained|included)\s+in\s+(?:the|its|their)\s+"
                             r"(?:[a-z]+\s+)?(?P<head>draft|report|review|strategy|paper)\b")


# "Inspectors found:", "The report concluded:": a reporting verb announcing a list
_VERB_INTRO_RE = re.compile(r"(?<=\s)(?P<noun>" + "|".join(sorted(_VERB_NOUNS)) + r")\s*:\s*$")


def list_intro(para: str) -> re.Match | None:
    """The list noun (or reporting verb) of a paragraph that announces a list ("His key asks
    are:", "Inspectors found:"), if any."""
    if not para.endswith(":"):
        return None
    return _LIST_INTRO_RE.search(para, max(0, len(para) - 200)) or _VERB_INTRO_RE.search(para, max(0, len(para) - 40))


def possessor_end(para: str, noun_start: int) -> int | None:
    """Where the possessor before the list noun ends ("the union's | key demands"), if one."""
    m = _POSSESSIVE_RE.search(para, max(0, noun_start - 40), noun_start)
    return m.start() if m else None


def item_span(para: str) -> tuple[int, int] | None:
    """The words of a list item: after the bullet mark, without a closing full stop."""
    m = _ITEM_RE.match(para, len(para) - len(para.lstrip()))  # (" • item": a bullet set in)
    if m is None or "\n" in para.strip():
        return None
    end = len(para.rstrip())
    if para[end - 1 : end] in ".;":
        end -= 1
    return (m.end(), end) if len(para[m.end() : end].split()) >= 3 else None


class ListRules:
    """Bulleted lists of a speaker's demands: a mixin of :class:`stance.segment._Segmenter`
    (the speaker phrases are read with the rules of :class:`stance.reported.ReportedRules`)."""

    def _list_intro(self, idx: int, p0: int, para: str, masked: str, s0: int) -> None:
        """Remember the speaker of a paragraph that announces a list of demands ("Her key
        asks are:", "He made three recommendations:") for the items that follow."""
        m = list_intro(masked)
        if m is None or m.start() < s0:
            return
        pe = possessor_end(masked, m.start())
        d = _LIST_SOURCE_RE.match(masked, m.end("noun"))
        if d:  # "three recommendations proposed in the draft:": the draft's issuer's
            spk = self._document_issuer(d.group("head"), p0 + d.start("head"))
        elif pe is not None and pe > s0:
            spk = self._last_subject(" ".join(masked[s0:pe].split()), p0 + s0)
        elif m.group("noun") in _VERB_NOUNS:  # "Inspectors found:": the verb's subject
            got = _subject_before(masked, s0, m.start("noun") - 1, self.doc, p0)
            spk = got[0] if got else None
        else:
            spk = self._main_subject(masked, s0, m.start(), p0)
        if spk:
            self.list_speaker = (spk, idx)
            # "He highlighted three recommendations:": the list's heading is no claim; its items are
            noun, colon = p0 + m.start("noun"), p0 + len(para) - 1
            self.units = [u for u in self.units if not (u.start <= noun < u.end and u.end >= colon)]

    def _list_item(self, idx: int, p0: int, para: str) -> bool:
        """A bulleted item straight after a list intro (or another item): the intro's
        speaker's reported speech. False, and the list closed, for any other paragraph."""
        spk, last = self.list_speaker
        span = item_span(para) if last == idx - 1 and para.lstrip()[:1] in BULLET_MARKS else None
        if span is None:
            self.list_speaker = None
            return False
        self.add(p0, span[0], span[1], "indirect", spk, idx)
        self.list_speaker = (spk, idx)
        self.pending = None
        return True

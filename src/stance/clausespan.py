"""The reported clause of one sentence: where it starts after a reporting verb and where it
ends (sentence ends, quotations, conjunctions and other clause boundaries).
"""

from __future__ import annotations

import re

from .layout import _THAT_SUBJECT_RE, _trim_span
from .lexicon import DAY_NAMES
from .patterns import (
    _BOUNDARY_RE,
    _CLAUSE_ONLY,
    _FINITE_RE,
    _FOR_YEARS_RE,
    _NEED_THAT,
    _OPINION_CLAUSE_RE,
    _OPINION_VERBS,
    _PARTICIPLE_OBJ_RE,
    _PHRASE_SET,
    _PRONOUN_CLAUSE_RE,
    _STRICT_FINITE_RE,
    _THAT_AFTER_RE,
    _THAT_NEAR_RE,
    _THAT_RE,
    _TOLD_OBJ_RE,
)


def _may_hold_boundary(masked: str, a: int, b: int) -> bool:
    """False only where ``_BOUNDARY_RE.search(masked, a, b)`` cannot match: every match holds
    a comma, a dash, "and", "but", "while", (the "after the Times reported that"
    branch) "that" or (the "as Conservatives warn" branch) "as "."""
    w = masked[a:b]  # one slice and ``in`` tests: each str.find(x, a, b) call parses its arguments anew
    return ("," in w or "and" in w or "-" in w or "–" in w or "—" in w or "but" in w or "that" in w
            or "as " in w or "while" in w)


_WH_RE = re.compile(r"\s+(?:how|whether|what|why|if)\b")


class _Sentence:
    """One sentence under study: its text, masked text, bounds and quotation regions, and
    where full quotations begin (a reported clause never runs into one)."""

    def __init__(self, para: str, masked: str, s0: int, s1: int, regs: list) -> None:
        self.para, self.masked, self.s0, self.s1, self.regs = para, masked, s0, s1, regs
        self.hard_stops: list[int] = []
        for r in regs:
            if r.cand in ("attrib", "start", "colon"):
                stop = r.open
                k = stop
                while k > self.s0 and self.masked[k - 1].isspace():
                    k -= 1
                if k > self.s0 and self.masked[k - 1] == ":":
                    stop = k - 1
                self.hard_stops.append(stop)

    def inside_region(self, pos: int) -> bool:
        for r in self.regs:  # (a loop: no generator to build; most sentences hold one region or none)
            if r.cstart <= pos < r.cend:
                return True
        return False

    def clause_end(self, a: int) -> int:
        """Where a reported clause starting at ``a`` ends."""
        b = self.s1
        for st in self.hard_stops:
            if st >= a:
                b = min(b, st)
                break
        m = _BOUNDARY_RE.search(self.masked, a, b) if _may_hold_boundary(self.masked, a, b) else None
        while m is not None and self.inside_region(m.start()):
            m = _BOUNDARY_RE.search(self.masked, m.end(), b)
        if m is not None:
            b = m.start()
        if ("–" in self.para or "—" in self.para) and (
                self.masked.count(" – ", self.s0, a) + self.masked.count(" — ", self.s0, a)) % 2:
            # "Baker – who resigned, saying he could no longer work with May – said": the
            # clause began inside a pair of dashes and ends at the second
            ends = [k for k in (self.masked.find(" – ", a, b), self.masked.find(" — ", a, b)) if k >= 0]
            b = min(ends, default=b)
        return b

    def colon_statement(self, k: int) -> tuple[int, int] | None:
        """The words after the colon at ``k`` that the page printed without quotation marks ("the
        family said: We are devastated at the loss ..."), to the sentence's end: (start, end), or
        None when a quotation mark follows or fewer than five words do."""
        if any(r.open > k for r in self.regs):
            return None
        a, b = _trim_span(self.para, k + 1, self.s1)
        return (a, b) if len(self.para[a:b].split()) >= 5 and self.para[a:a + 1].isupper() else None

    def start_after_verb(self, vend: int, verb: str) -> int | None:
        """Where the reported clause after a reporting verb starts (None: no clause)."""
        a = vend
        if verb.endswith(" for"):
            m = _FOR_YEARS_RE.match(self.masked, vend - 3, self.s1)
            if m:
                return m.end()
            return a
        if verb in ("asked", "asks"):
            # "asked people to be on the lookout": a request; "asked whether ..." is a question
            return a if _OBJECT_TO_RE.match(self.masked, a, self.s1) else None
        if verb.endswith("concerned about") and _WH_RE.match(self.masked, a):
            return None  # "were concerned about how the scheme might affect them": a worry, not words
        if verb in _PHRASE_SET:
            return a
        if verb in ("told", "tells"):
            m = _THAT_NEAR_RE.match(self.masked, a, self.s1)
            if m and not self.inside_region(m.end() - 1):
                return m.end()
            # "told how he was walking home": the clause after "how"; "told the court crack
            # cocaine had ...": a listening body, then a bare clause
            m = _HOW_RE.match(self.masked, a, self.s1) or _TOLD_BODY_RE.match(self.masked, a, self.s1) \
                or _TOLD_OBJ_RE.match(self.masked, a, self.s1)
            if not m:
                return None
            a = m.end()
            rest = self.masked[a:self.clause_end(a)]
            if rest.lstrip().startswith(":"):
                return a
            if not _FINITE_RE.search(rest):
                return None
            return a
        if verb in _LISTENER_VERBS:
            # "warned landlords that ...", "reminded the public that ...": after "that"
            m = _LISTENER_THAT_RE.match(self.masked, a, self.s1)
            if m:
                return m.end()
        m = _THAT_AFTER_RE.match(self.masked, a, self.s1)
        if m:
            return m.end()
        if self.masked.startswith((" yesterday ", " today ", " on ", " last ", " this "), a):
            m = _WHEN_RE.match(self.masked, a, self.s1)  # "said yesterday it was ...": after the day
            if m:
                a = m.end()
        elif self.masked.startswith(" in ", a):
            m = _MEDIUM_RE.match(self.masked, a, self.s1)  # "said in a statement the scheme ...": after it
            if m:
                a = m.end()
        m = _THAT_RE.match(self.masked, a, self.s1)
        if m:
            # "claimed that means more deaths": "that" is the clause's subject, not its opener
            return a if _THAT_SUBJECT_RE.match(self.masked, m.end()) else m.end()
        if verb in _NEED_THAT:
            if _PRONOUN_CLAUSE_RE.match(self.masked, a, self.s1):
                return a  # "admitted he would be surprised"
            if verb in _OPINION_VERBS and _OPINION_CLAUSE_RE.match(self.masked, a, self.clause_end(a)):
                return a  # "believes councils need to change", "thinks it's time"
            if verb in _CLAUSE_ONLY and not _PARTICIPLE_OBJ_RE.match(self.masked, a) and self._own_clause(a):
                return a  # "the watchdog found the grounds were not reasonable"
            return None
        return a

    def _own_clause(self, a: int) -> bool:
        """Do the words after ``a`` form a clause (a finite auxiliary within the first ten
        words, before any relative pronoun)?"""
        words = self.masked[a : self.clause_end(a)].split()[:10]
        for w in words:
            if w.lower() in ("which", "who", "whom", "whose", "where", "when", "to", "after", "before"):
                return False
            if _STRICT_FINITE_RE.fullmatch(w.strip(",;:")):
                return True
        return False


# the object of "asked" and the verb it is asked to do: "asked the council to shut the club"
_OBJECT_TO_RE = re.compile(
    r"\s+(?!(?:whether|if|what|why|how|when|where|who|about|for|by|questions?)\b)"
    r"(?:(?!(?:whether|if|what|why|how|about|for|by|and|but|that)\b)[\w'’-]+\s+){1,6}?to\s+[a-z]"
)
# verbs with a listener before their clause: "warned landlords that", "assured MPs that"
_LISTENER_VERBS = {"warned", "warns", "warn", "reminded", "reminds", "assured", "assures", "advised",
                   "advises", "promised", "promises", "informed", "informs"}
_LISTENER_THAT_RE = re.compile(
    r"\s+(?!(?:of|about|against|it|there|this|that|what|how)\b)(?:[\w'’-]+\s+){0,2}?[\w'’-]+\s+that\b")
_WHEN_RE = re.compile(
    r"\s+(?:yesterday|today|on\s+(?:" + "|".join(DAY_NAMES) + r")|"
    r"last\s+(?:night|week|month|year)|this\s+(?:week|morning|month|year))(?=\s)"
)
# where the words were given: "in a statement", "in an interview with the Gazette"
_MEDIUM_RE = re.compile(
    r"\s+in\s+(?:a|an|her|his|their|its)\s+(?:[a-z-]+\s+)?(?:statement|letter|interview|tweet|post|blog|e-?mail|"
    r"speech|briefing|video|message|column|article|podcast|report)"
    r"(?:\s+(?:to|with|on|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?(?=\s)"
)
_HOW_RE = re.compile(r"\s+how(?=\s+(?:he|she|they|it|we|I|the|a|an|his|her|their)\s)")
# a body that hears evidence or a speech: "told the court", "told the inquest"
_TOLD_BODY_RE = re.compile(
    r"\s+the\s+(?:court|jury|hearing|inquest|tribunal|panel|committee|inquiry|conference|meeting|chamber)"
    r"(?=\s+[a-z])"
)

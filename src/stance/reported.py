"""Rules for reported (indirect) speech: "X said (that) CLAUSE", "according to X" and kin.
"""

from __future__ import annotations

import re

from .clausespan import _Sentence
from .layout import _trim_span
from .nounphrase import _parse_np, _resolve
from .quotemarks import WORDS_CAP, count_words
from .patterns import (
    _ACCORDING_END_RE,
    _according_opens,
    _ACCORDING_START_RE,
    _PRONOUN_CLAUSE_RE,
    _STRICT_FINITE_RE,
    _COMMA_END_RE,
    _COMMA_VERB_RE,
    _CONJ_END_RE,
    _CONJ_VERBS,
    _FINITE_RE,
    _INTERROGATE,
    _LAST_VERB_HINT_RE,
    _MID_VERB_STEMS,
    _NOMINAL_BY_RE,
    _PART_LEAD_RE,
    _QUOTE_LEAD_RE,
    _PASSIVE_AFTER_RE,
    _PHRASE_SET,
    _SPEAKER_LAST_INV_RE,
    _SPEAKER_LAST_RE,
    _SPEAKER_MID_INV_RE,
    _SPEAKER_MID_RE,
    _THAT_AFTER_RE,
    _THAT_RE,
    HEARING_SUBJECT_ENDS,
    trigger_verb,
)
from .lexicon import _PRONOUNS
from .sources import ISSUED_BY, collective_source
from .subject import _PERSON_OBJECT_RE, _SUBJECT_BREAK_RE, _subject_before


def _subject_search_start(ctx: _Sentence, v0: int, this_prev: int, failed_end: int) -> int:
    """Where the search for the subject of the reporting verb at ``v0`` starts: after any
    quote that ends before it, and after the previous reporting verb ``this_prev`` when no
    break lies between (or when that verb found no subject, ``failed_end``)."""
    masked, lo = ctx.masked, ctx.s0
    for r in ctx.regs:
        r_end = r.close + 1 if r.close >= 0 else r.cend
        if r.cand in ("attrib", "start", "colon") and r_end <= v0:
            lo = max(lo, r_end)
    if this_prev > lo and not masked.startswith(" to have ", this_prev) and (this_prev == failed_end or not _SUBJECT_BREAK_RE.search(masked, this_prev, v0)):
        # "X said Y said" (not "is reported to have said"): a subject never spans an earlier reporting verb of its own
        # comma segment, and words in which an earlier verb found no subject hold
        # none for this one (this also keeps "he said, " x 5 MB linear)
        lo = this_prev
    return lo


def _clause_start(ctx: _Sentence, v1: int, verb: str) -> int | None:
    """Where the reported clause after the verb ending at ``v1`` starts, or None when the
    words after the verb are not speech."""
    masked = ctx.masked
    a = ctx.start_after_verb(v1, verb)
    if a is None:
        return None
    if verb in _PHRASE_SET and _ADJUNCT_FIRST_RE.match(masked, a):
        return None  # "CLAUSE, the lead has urged after trials": no object of its own
    if a == v1 and _COMMA_ADJUNCT_RE.match(masked, a):
        return None  # "CLAUSE, X said, as figures showed ...": the words before are the speech
    if verb.startswith("describ") and _EMOTION_OBJECT_RE.match(masked, a):
        return None  # "described her relief at the decision": a feeling, not words
    if verb in ("added", "adds") and a == v1 and not _FINITE_RE.search(masked, a, ctx.clause_end(a)):
        return None  # "had added green specks of cannabis to the mix": not speech
    if verb in _INTERROGATE and (_PERSON_OBJECT_RE.match(masked, a) or _NOUN_QUESTIONS_RE.match(masked, a)):
        return None  # "questions commissioner"; "during Treasury questions in the Commons": a noun
    return a


def _clause_span(ctx: _Sentence, a: int, verb: str, relative: bool, headline: bool) -> tuple[int, int] | None:
    """The reported clause starting at ``a``, trimmed: (start, end), or None when it is no
    clause of its own."""
    para, masked = ctx.para, ctx.masked
    b = ctx.clause_end(a)
    if relative:
        mm = _COMMA_VERB_RE.search(masked, a, b)
        if mm:
            b = mm.start()
    a2, b2 = _trim_span(para, a, b)
    if verb in _PHRASE_SET or (" after " in para[a2:b2] and " about " in para[a2:b2] and not _FINITE_RE.search(para, a2, b2)):
        # "called for X after charges were dropped": the object ends at the adjunct (so does
        # the object of "warned landlords about X after the raid");
        # "described how CLAUSE": the clause starts after "how"
        cut = None if headline else _PHRASE_ADJUNCT_RE.search(para, a2, b2)
        if cut:  # (a headline keeps its adjunct: "Dad warns of X after son's death")
            a2, b2 = _trim_span(para, a2, cut.start())
        if para[a2 : a2 + 4].lower() == "how " and verb.startswith("describ"):
            a2 += 4
    if _STRICT_FINITE_RE.match(para, a2) and not verb.endswith((" for", " of", " on", " at")):
        return None  # "in what he says is a safe place": the clause has no subject of its own
    n_words = count_words(para, a2, b2)
    one_word_ok = verb.endswith((" for", " of")) or verb in _ONE_WORD_VERBS
    if n_words < 2 and not (n_words == 1 and one_word_ok and _ONE_WORD_OBJECT_RE.fullmatch(para, a2, b2)):
        return None  # "called for reform" is a stance; one word after "said" is not a clause
    return a2, b2


def _other_subject(doc, masked: str, s0: int, lo: int, v0: int, p0: int) -> tuple[tuple[str, str], bool] | None:
    """The subject of the verb at ``v0`` when the plain subject search found none: after an
    "as" ("X reports deaths as Chief Constable Y says ..."), a vox-pop voice ("says one",
    "another resident said"), a group by its head noun ("Teaching leaders said"), or the body
    that "published a report that said"."""
    k_as = masked.rfind(" as ", lo, v0)
    got = _subject_before(masked, k_as + 4, v0, doc, p0) if k_as != -1 else None
    if got is None and masked[v0 - 1 : v0] == " ":
        vox = _VOX_BEFORE_RE.search(masked, v0 - 40 if v0 - 40 > lo else lo, v0)
        if vox and masked[max(s0, vox.start() - 6) : vox.start()].lower().split()[-1:] in _NOT_VOX:
            vox = None  # "no one said", "the one said"
        got = ((" ".join(vox.group("subj").lower().split()), ""), False) if vox else None
    if got is None and masked[v0 - 1 : v0] == " ":
        grp = _GROUP_BEFORE_RE.search(masked, v0 - 50 if v0 - 50 > lo else lo, v0)
        if grp and (grp.start() == s0 or masked[grp.start() - 1] in " ,;(") and grp.group("head") in _GROUP_HEADS:
            got = ((" ".join(grp.group("subj").lower().split()), ""), False)
    return got or _published_subject(doc, masked, lo, v0)


def _published_subject(doc, masked: str, lo: int, v0: int) -> tuple[tuple[str, str], bool] | None:
    """The body of "the Vell Commission published a report that said CLAUSE" (the verb at ``v0``)."""
    if not masked.endswith(" that ", max(lo, v0 - 7), v0):
        return None
    pub = _PUBLISHED_THAT_RE.search(masked, max(lo, v0 - 160), v0)
    return ((doc.expand_acronym(pub.group("org")), ""), False) if pub else None


class ReportedRules:
    """Reported speech in one sentence: a mixin of :class:`stance.segment._Segmenter`."""

    def indirect(self, idx, p0, para, masked, s0, s1, regs, consumed, triggers) -> list:
        """Reported speech in the sentence ``masked[s0:s1]`` whose reporting verbs are
        ``triggers``; returns (start, end, speaker)."""
        sent_units: list = []  # (a, b, speaker)
        seg = masked[s0:s1]
        nominal = " that " in seg and (" by " in seg or " from " in seg)
        if not triggers and "ccording to" not in seg and not nominal:
            return sent_units
        ctx = _Sentence(para, masked, s0, s1, regs)
        if "ccording to" in seg:  # (each rule's own cheap test, made once here)
            self._according(ctx, p0, sent_units)
        if nominal and not sent_units:
            self._nominal(ctx, p0, triggers, sent_units)
        if not sent_units and seg.count(",") >= 2:
            self._said_mid(ctx, p0, consumed, triggers, sent_units)
        if triggers:
            self._verb_units(ctx, p0, consumed, triggers, sent_units)
        if not sent_units:
            self._said_last(ctx, p0, sent_units)
        for a, b, spk in sent_units:
            self.add(p0, a, b, "indirect", spk, idx)
        return sent_units

    def _according(self, ctx: _Sentence, p0: int, sent_units: list) -> None:
        """"according to X, CLAUSE" and "CLAUSE, according to X"."""
        para, masked, s0, s1 = ctx.para, ctx.masked, ctx.s0, ctx.s1
        seg = masked[s0:s1]
        m = _ACCORDING_START_RE.search(seg) if "ccording to" in seg else None
        if m and _according_opens(seg[: m.start()]) and not ctx.inside_region(s0 + m.start()):
            spk = self._according_source(m.group("spk"), p0 + s0 + m.start("spk"))
            if spk:
                a = s0 + m.end()
                a, b = _trim_span(para, a, ctx.clause_end(a))
                if b - a > 10:
                    sent_units.append((a, b, spk))
        else:
            m = _ACCORDING_END_RE.search(seg) if "ccording to" in seg else None
            if m and not ctx.inside_region(s0 + m.start()):
                spk = self._according_source(m.group("spk"), p0 + s0 + m.start("spk"))
                if spk:
                    a, b = _trim_span(para, s0, s0 + m.start())
                    if b - a > 10 and not any(a <= st < b for st in ctx.hard_stops):
                        sent_units.append((a, b, spk))

    def _nominal(self, ctx: _Sentence, p0: int, triggers: list, sent_units: list) -> None:
        """"claims by X that CLAUSE", "the disclosure by X, Ada Pike, that CLAUSE": speech
        reported as a noun, whose speaker is the by-phrase."""
        para, masked, s0, s1 = ctx.para, ctx.masked, ctx.s0, ctx.s1
        m = _NOMINAL_BY_RE.search(masked, s0, s1)
        if m is None or ctx.inside_region(m.start()):
            return
        spk = None
        if m.group("app"):
            ref = _parse_np(m.group("app"), self.doc, p0 + m.start("app"))
            spk = _resolve(ref, self.doc, p0 + m.start("app")) if ref else None
        spk = spk or self._according_source(m.group("spk"), p0 + m.start("spk"))
        if spk is None:
            return
        a = m.end()
        b = ctx.clause_end(a)
        # "Following claims by X that A, the minister said B": the adjunct ends at its comma
        later = next((t.start() for t in triggers if t.start() > a), None)
        if later is not None:
            cut = masked.rfind(",", a, later)
            b = min(b, cut) if cut != -1 else b
        a2, b2 = _trim_span(para, a, b)
        if count_words(para, a2, b2) >= 3:
            sent_units.append((a2, b2, spk))

    def _verb_units(self, ctx: _Sentence, p0: int, consumed: set, triggers: list, sent_units: list) -> None:
        """One unit per reporting verb whose subject is a speaker: "X said (that) CLAUSE"."""
        doc = self.doc
        masked, s0, s1, regs = ctx.masked, ctx.s0, ctx.s1, ctx.regs
        open_unit = None  # (a, relative)
        prev_verb_end = failed_end = -1
        for m in triggers:
            v0, v1 = m.start(), m.end()
            prev_verb_end, this_prev = v1, prev_verb_end
            if (v0 in consumed and not m.group("part")) or ctx.inside_region(v0):
                continue  # (a participle that ends a quotation's attribution may still report a clause)
            if sent_units and v0 < sent_units[-1][1]:
                continue
            if m.group("part"):
                if (a2 := self._participle_unit(ctx, p0, m, sent_units)) is not None:
                    open_unit = (a2, False)
                continue
            verb = trigger_verb(m)
            if verb == "heard" and not masked.endswith(HEARING_SUBJECT_ENDS, s0, v0):
                continue  # "he heard a noise": only a court hears speech
            lo40 = v0 - 40 if v0 - 40 > s0 else s0  # (not max(): in 3.11 it parses keywords on every call)
            if _may_hold_if(masked, lo40, v0) and _IF_CLAUSE_RE.search(masked, lo40, v0):
                continue  # "Asked if he supported X": a question or a condition, not a claim
            after = masked[v1 : v1 + 12]
            if _PASSIVE_AFTER_RE.match(after) or (verb in _PASSIVE_TO_VERBS and _TO_RE.match(after)):
                continue  # "Ministers urged to act": a headline's passive
            # every _CONJ_END_RE match holds "and" or "but"
            w40 = masked[lo40:v0]  # (``in`` on a slice: cheaper than str.find calls with bounds)
            conj = ("and" in w40 or "but" in w40) and _CONJ_END_RE.search(masked, lo40, v0)
            comma_main = open_unit is not None and open_unit[1] and _COMMA_END_RE.search(masked, lo40, v0)
            spk = None
            relative = False
            # "X went on to assert that A, conceded that B": a unit that ends at this comma
            chained = sent_units and masked[sent_units[-1][1] : v0].strip() in (",", "–", "—")  # or "– said"
            if (conj or comma_main or chained) and sent_units:
                spk = sent_units[-1][2]
                if verb not in _CONJ_VERBS and verb.replace(" ", r"\s+") not in _CONJ_VERBS:
                    continue
            elif open_unit is not None:
                # "X said A after the Times reported that B": a subordinate clause with a
                # reporting verb and a subject of its own
                sub = _SUBORD_RE.match(masked, sent_units[-1][1]) if sent_units else None
                if sub is None or sub.end() >= v0:
                    continue
                got = _subject_before(masked, sub.end(), v0, doc, p0)
                if got is None:
                    continue
                spk, relative = got
            else:
                lo = _subject_search_start(ctx, v0, this_prev, failed_end)
                got = self._possessor(masked, lo, v0, p0, verb) or _subject_before(masked, lo, v0, doc, p0) \
                    or _other_subject(doc, masked, s0, lo, v0, p0)
                if got is None:
                    failed_end = v1
                    continue
                spk, relative = got
            if (a := _clause_start(ctx, v1, verb)) is None:
                continue
            k = a
            while k < s1 and masked[k].isspace():
                k += 1
            if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand in ("attrib", "start", "colon") for r in regs):
                if k < s1 and masked[k] == ":" and not doc.headline and (cs := ctx.colon_statement(k)):
                    sent_units.append((*cs, spk))  # "X said: We are devastated ...": no marks
                open_unit = None
                continue
            span = _clause_span(ctx, a, verb, relative, doc.headline)
            if span is None:
                continue
            a2, b2 = span
            if sent_units and a2 < sent_units[-1][1]:
                continue
            sent_units.append((a2, b2, spk))
            open_unit = (a2, relative)

    def _possessor(self, masked: str, lo: int, v0: int, p0: int, verb: str) -> tuple[tuple[str, str], bool] | None:
        """The speaker of a call made as a noun: "commented on Ada Pike's call for X" (the
        verb at ``v0`` is "call for")."""
        if verb not in ("call for", "calls for") or not masked.startswith(("’s ", "'s "), v0 - 3):
            return None
        m = _POSSESSOR_RE.search(masked, max(lo, v0 - 60), v0)
        if m is None or m.group("subj").isupper():
            return None  # "PCC's call for": a bare role or acronym is no name
        spk = self._last_subject(m.group("subj"), p0 + m.start("subj"))
        return (spk, False) if spk else None

    def _participle_unit(self, ctx: _Sentence, p0: int, m, sent_units: list) -> int | None:
        """", adding that CLAUSE": a participle's unit, with the sentence's speaker; its start or None."""
        para, masked, s0, s1, regs = ctx.para, ctx.masked, ctx.s0, ctx.s1, ctx.regs
        v0, v1 = m.start(), m.end()
        verb = " ".join(m.group("part").split())
        spk = None
        # "defended the scheme saying that B": the participle right after the unit before it
        joined = bool(sent_units) and not masked[sent_units[-1][1] : v0].strip() and _THAT_RE.match(masked, v1, s1)
        if not joined and not _PART_LEAD_RE.search(masked, max(s0, v0 - 24), v0) and not _QUOTE_LEAD_RE.search(para, max(s0, v0 - 4), v0):
            # "..., with councils warning that CLAUSE": the participle has its own subject;
            # "Police chiefs caused a row after suggesting that CLAUSE": the sentence's subject
            w = _WITH_SUBJECT_RE.search(masked, max(s0, v0 - 70), v0)
            if w is None and _SUBORD_PART_RE.search(masked, max(s0, v0 - 12), v0) and verb in _BARE_CLAUSE_PARTICIPLES | {"saying"}:
                w = _LEAD_SUBJECT_RE.match(masked, s0, v0)
            if w is None and verb in ("calling for", "urging") and masked[max(s0, v0 - 4) : v0] == " in ":
                w = _JOINED_SUBJECT_RE.match(masked, s0, v0)  # "X has joined Y in calling for Z"
            if w is None and verb in ("calling for", "urging"):
                spk = self._document_caller(masked, s0, v0, p0)
                if spk is None and verb == "urging" and masked.startswith((" her ", " him ", " them ", " people "), v1):
                    spk = self._main_subject(masked, s0, v0, p0)  # "has written to X urging her to"
                if spk is None:
                    return None
                cut = masked.find(",", v1, s1) if _FRONTED_RE.match(masked, s0) else -1  # "Following a report calling for X, the college"
                return self._participle_span(ctx, v1, spk, sent_units, cut if cut != -1 else None)
            if w is None or ctx.inside_region(w.start()):
                return None
            spk = self._last_subject(w.group("subj"), p0 + w.start("subj"))
            if spk is None:
                return None
        spk = spk or (sent_units[-1][2] if sent_units else None)
        if spk is None:
            for r in regs:
                if r.close >= 0 and r.close < v0 and r.speaker and r.speaker != ("<last>", ""):
                    spk = r.speaker
        if spk is None:
            spk = self._sentence_subject(masked, s0, v0, p0)
        if spk is None and verb in ("calling for", "urging"):
            spk = self._document_caller(masked, s0, v0, p0)  # "published a report, X, calling for"
        if spk is None and (verb in _PHRASE_PARTICIPLES or verb == "saying" or verb in _BARE_CLAUSE_PARTICIPLES):  # "hit back, saying"
            spk = self._main_subject(masked, s0, v0, p0)
        if spk is None:
            return None
        if verb in _PHRASE_PARTICIPLES:
            # "urging people to X and advising those who Y to Z": two objects, two units
            b = ctx.clause_end(v1)
            nxt = _AND_PARTICIPLE_RE.search(masked, v1, b)
            return self._participle_span(ctx, v1, spk, sent_units, nxt.start() if nxt else None)
        else:
            mm = _THAT_AFTER_RE.match(masked, v1, s1) or _THAT_RE.match(masked, v1, s1)
            if mm:
                a = mm.end()
            elif verb == "saying":
                a = v1
            elif verb in _BARE_CLAUSE_PARTICIPLES and (
                _PRONOUN_CLAUSE_RE.match(masked, v1, s1) or _PRONOUN_VERB_RE.match(masked, v1, s1) or ctx._own_clause(v1)
            ):
                a = v1  # ", claiming they show ...", ", insisting the scheme was a success"
            else:
                return None
        return self._participle_span(ctx, a, spk, sent_units)

    @staticmethod
    def _participle_span(ctx: _Sentence, a: int, spk: tuple[str, str], sent_units: list,
                         end: int | None = None) -> int | None:
        """Add the clause or object from ``a`` (to ``end``, else its clause's end) as ``spk``'s unit; its start."""
        para, masked, s1 = ctx.para, ctx.masked, ctx.s1
        k = a
        while k < s1 and masked[k].isspace():
            k += 1
        if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand for r in ctx.regs):
            return None
        a2, b2 = _trim_span(para, a, ctx.clause_end(a) if end is None else end)
        if count_words(para, a2, b2) >= 2 and not (sent_units and a2 < sent_units[-1][1]):
            sent_units.append((a2, b2, spk))
            return a2
        return None

    def _document_caller(self, masked: str, s0: int, v0: int, p0: int) -> tuple[str, str] | None:
        """The issuer of a document that calls for something: "an NUS report calling for X"
        (the body named in the phrase), "Ann Lee published a report calling for X" (the
        sentence's subject)."""
        d = _DOCUMENT_PART_RE.search(masked, max(s0, v0 - 120), v0)
        if d is None:
            return None
        if d.group("org"):
            return self._last_subject(d.group("org"), p0 + d.start("org"))
        verbs = list(_PAST_VERB_RE.finditer(masked, s0, d.start()))  # "RSPH published a report"
        if not verbs:
            return None
        v = verbs[-1].start("verb")  # its subject is in the comma segment before it
        got = _subject_before(masked, max(s0, masked.rfind(",", s0, v) + 1), v, self.doc, p0)
        return got[0] if got else None

    def _said_last(self, ctx: _Sentence, p0: int, sent_units: list) -> None:
        """"CLAUSE, the commissioner has said."."""
        doc = self.doc
        para, masked, s0, s1, regs = ctx.para, ctx.masked, ctx.s0, ctx.s1, ctx.regs
        seg = masked[s0:s1]
        comma_at = -1
        if regs and regs[-1].close == regs[-1].cend < s1 and para[regs[-1].cend - 1] == ",":
            # 'CLAUSE "ending in a quotation," the party has warned': the comma inside the mark
            comma_at = regs[-1].cend - 1
            seg = seg[: comma_at - s0] + ", " + seg[comma_at - s0 + 2 :]  # the mark read as a space
        if not any(r.cand for r in regs) and "," in seg and _LAST_VERB_HINT_RE.search(seg[-140:]):
            # "CLAUSE, the commissioner has said."
            m = _SPEAKER_LAST_RE.search(seg) or None
            inv = None if m else _SPEAKER_LAST_INV_RE.search(seg)
            mm = m or inv
            if mm and (s0 + mm.start() == comma_at or not ctx.inside_region(s0 + mm.start())):
                spk = self._last_subject(mm.group("subj"), p0 + s0 + mm.start("subj"))
                if spk and s0 + mm.start() == comma_at and regs[-1].words >= WORDS_CAP:
                    # "... have been the ‘long quoted words,’ she says": the quotation is hers
                    regs[-1].cand, regs[-1].speaker = "attrib", spk
                elif spk:
                    end = s0 + mm.start()
                    # "CLAUSE, the council leader, Ada Pike, has said": drop the appositive
                    cut = masked.rfind(",", s0, end)
                    if cut > s0 and _parse_np(masked[cut + 1 : end], doc, p0 + cut + 1) is not None:
                        end = cut
                    a, b = _trim_span(para, s0, end)
                    # a headline's claim may be short ("Decriminalise drugs, Plaid says")
                    if count_words(para, a, b) >= (2 if doc.headline else 4):
                        sent_units.append((a, b, spk))

    def _said_mid(self, ctx: _Sentence, p0: int, consumed: set, triggers: list, sent_units: list) -> None:
        """"A, she stressed, and emphasised that B" / "A, said X, in a statement": the clause
        before an attribution in the middle of the sentence (its verb is then consumed)."""
        para, masked, s0, s1 = ctx.para, ctx.masked, ctx.s0, ctx.s1
        seg = masked[s0:s1]
        if seg.count(",") < 2 or not any(v in seg for v in _MID_VERB_STEMS):
            return  # every match holds two commas and one of the verbs
        m = _SPEAKER_MID_RE.search(seg) or _SPEAKER_MID_INV_RE.search(seg)
        if m is None or ctx.inside_region(s0 + m.start()) or any(s0 <= st < s0 + m.start() for st in ctx.hard_stops):
            return
        if any(s0 <= t.start() < s0 + m.start() and not ctx.inside_region(t.start()) for t in triggers):
            return  # the clause holds an attribution of its own
        spk = None
        if m.groupdict().get("app"):
            ref = _parse_np(m.group("app"), self.doc, p0 + s0 + m.start("app"))
            spk = _resolve(ref, self.doc, p0 + s0 + m.start("app")) if ref else None
        spk = spk or self._last_subject(m.group("subj"), p0 + s0 + m.start("subj"))
        if spk is None:
            return
        a, b = _trim_span(para, s0, s0 + m.start())
        if count_words(para, a, b) >= 4:
            sent_units.append((a, b, spk))
            consumed.add(s0 + m.start("verb"))

    def _according_source(self, phrase: str, pos: int) -> tuple[str, str] | None:
        """The speaker of "according to PHRASE": the body that issued "a statement from X",
        "a report by X", else the phrase as a subject."""
        m = _ISSUED_BY_RE.match(phrase)
        if m:
            body = _ABBREV_TAIL_RE.sub("", phrase[m.end():])  # "Vell Police (VP)"
            ref = _parse_np(body, self.doc, pos + m.end())
            spk = _resolve(ref, self.doc, pos + m.end()) if ref else None
            if spk:
                return spk
        spk = self._last_subject(phrase, pos)
        if spk is None:
            # "according to members of the Vell Party", "according to a report by MPs": the
            # phrase as written, when its head noun is a source of words
            head = _HEAD_CUT_RE.split(phrase, 1)[0].split()
            if head and head[-1].lower() in _SOURCE_HEADS and len(phrase.split()) <= 12:
                spk = " ".join(phrase.split()), ""
        return spk

    def _last_subject(self, phrase: str, pos: int) -> tuple[str, str] | None:
        """The speaker of "CLAUSE, SUBJECT said": a name, role or pronoun, else a collective
        or unnamed source ("officers said", "a source close to the minister said")."""
        ref = _parse_np(phrase, self.doc, pos)
        spk = _resolve(ref, self.doc, pos) if ref else None
        if spk is None and phrase.endswith(")"):  # "the Vell Union of Students (VUS)"
            bare = _ABBREV_TAIL_RE.sub("", phrase)
            ref = _parse_np(bare, self.doc, pos) if bare != phrase else None
            spk = _resolve(ref, self.doc, pos) if ref else None
        if spk is None and phrase[:1] in "OoAa" and _VOX_RE.fullmatch(phrase.strip()):
            return " ".join(phrase.lower().split()), ""  # "says one", "another resident said"
        words = phrase.lower().split()
        # the head noun comes before any "of"/"by" ("an Orrin survey of voters")
        head = _HEAD_CUT_RE.split(phrase.lower(), 1)[0].split()[-1:] if words else []
        if spk is None and words and " ".join(words) not in _PRONOUNS and words[-1] not in _STATISTICS \
                and not (head and head[0] in _STATISTICS):
            coll = collective_source(phrase)
            spk = (coll[0], "") if coll else None
            if spk is None and head and head[0] in _GROUP_HEADS and len(words) <= 10:
                spk = " ".join(phrase.split()), ""  # "delegates at the Vell conference have said"
        if spk is None and _THE_ACRONYM_RE.fullmatch(phrase):
            spk = self.doc.expand_acronym(phrase.split()[-1]), ""  # "the SNP has warned"
        if spk is None and words[:1] == ["the"] and len(words) <= 3 and words[-1] in _DOCUMENT_HEADS:
            # "the white paper suggests", "the motion said": the body last named issued it
            spk = self._document_issuer(words[-1], pos)
        return spk

    def _document_issuer(self, head: str, pos: int) -> tuple[str, str] | None:
        """The body behind "the motion": the one it was "raised by" where the article first
        brings it in, else the body named last before ``pos``."""
        text, orgs = self.doc.text, self.doc.orgs
        i = text.rfind(head, 0, pos)
        m = _ISSUED_BY_AFTER_RE.match(text, i + len(head)) if i >= 0 else None
        if m:
            cut = text.find(",", m.end(), m.end() + 120)
            hi = cut if cut >= 0 else m.end() + 120
            # "raised by the party's youth wing Fenwick Youth": the name that ends the phrase
            name = _TRAILING_CAPS_RE.search(text, m.end(), hi)
            if name:
                return name.group(0), ""
        return next(((name, "") for mpos, name in reversed(orgs) if mpos < pos), None)


_NOUN_QUESTIONS_RE = re.compile(r"\s*(?:[,.;:]|(?:in|at|on|from|to|and|or|about|over|time)\b)")
# participles that take a clause without "that" when one follows ("claiming benefits" does not)
_BARE_CLAUSE_PARTICIPLES = {"claiming", "insisting", "arguing", "suggesting", "stressing", "admitting", "warning", "adding",
                             "pointing out", "noting", "explaining", "acknowledging", "stating"}
# a plural or first-person pronoun and a present verb open a clause too ("claiming they show")
_PRONOUN_VERB_RE = re.compile(r"\s+(?:they|we|I)\s+(?!to\b)[a-z]{3,}\b")

# the one-word object of "called for", "came out in support of": a lowercase noun
# ... and of the verbs that carry a stance the same way ("as MPs urge reform")
_ONE_WORD_VERBS = {"urge", "urges", "urged", "demand", "demands", "demanded"}
_ONE_WORD_OBJECT_RE = re.compile(r"[a-z][a-z-]{3,}")

_WITH_SUBJECT_RE = re.compile(r"(?:^|[,;(]\s*|\s)with\s+(?P<subj>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)\s+$")
_PASSIVE_TO_VERBS = {"urged", "told", "asked", "warned", "advised"}
_TO_RE = re.compile(r"\s+to\s")
# where the object of a phrase verb ends: an adjunct ("after", "amid", ", as new laws come into
# force") or a participle that reports more ("defended the scheme saying that B": B is a unit)
_PHRASE_ADJUNCT_RE = re.compile(
    r"\s+(?=(?:after|following|amid)\s)|(?<!,)\s+(?=before\s+[a-z]+ing\b)"
    r"|,?\s+(?=(?:saying|adding|claiming|insisting|arguing|warning)\s+that\b)"
    r"|\s+(?=and\s+(?:it|one|this|they|he|she|there)\s+(?:has|have|had|is|was|are|were|will|would)\b)"
    r"|\s+[–—]\s+(?=which\s)"
    r"|,\s+(?=as\s+(?!well\b)(?:[\w'’-]+\s+){1,5}?(?:is|are|was|were|come|comes|came|has|have|had|will|would)\b)"
)
# participles whose object is the unit (", urging ministers to act"), not a clause
_PHRASE_PARTICIPLES = ("calling for", "urging", "describing", "advising")
_AND_PARTICIPLE_RE = re.compile(r"\s+and\s+(?=(?:urging|advising|calling\s+for|adding|saying|warning)\s)")
_PAST_VERB_RE = re.compile(r"(?<=[\w’'.])\s+(?P<verb>[a-z]{3,}ed)\s")
# a sentence that opens with an adjunct before its subject: "Following a report calling for X, ..."
_FRONTED_RE = re.compile(r"\s*(?:Following|After|Before|Despite|Amid|Since|Ahead\s+of)\s")
# "an NUS report calling for", "a report, Safer Streets, calling for": a document as the
# participle's subject, perhaps named by the body that wrote it
_DOCUMENT_PART_RE = re.compile(
    r"\b(?:an?|the|its|their)\s+(?:(?P<org>[A-Z]{2,8})\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:report|manifesto|study|review|paper|petition|motion)(?:,\s+[^,;:]{3,60},)?\s+$")
_SUBORD_PART_RE = re.compile(r"\s(?:after|before|while|quoted\s+as|by)\s+$")  # (and "was quoted as saying")
# the subject that opens a sentence, before its first past-tense verb
_LEAD_SUBJECT_RE = re.compile(r"\s*(?P<subj>[^,;:\"“”]{1,50}?)\s+(?:has\s+|have\s+|had\s+|was\s+|is\s+|)(?:also\s+|)[a-z]{3,}ed\b")
_JOINED_SUBJECT_RE = re.compile(
    r"\s*(?:[Tt]he\s+)?(?P<subj>[^,;:\"“”]{1,60}?)\s+(?:has\s+|have\s+|had\s+|)(?:now\s+|also\s+|)join(?:ed|s)?\s")
_GROUP_BEFORE_RE = re.compile(
    r"(?<![\w'’-])(?P<subj>(?:[A-Z][a-z]+\s+)?(?P<head>[a-z]+))\s+(?:have\s+|has\s+|had\s+|)(?:also\s+|)$")
# a subordinate or coordinate clause with a subject of its own ("A, and he fears B", "A, but
# Ada Pike criticised B")
_SUBORD_RE = re.compile(
    r"\s*(?:after|when|before|as|while|and\s+(?=(?:he|she|they|we)\s)|but\s+(?=(?:he|she|they|we)\s)"
    r"|,\s*but\s+(?=(?!I\s)[A-Z]))\s*"
)

# one unnamed voice of a vox-pop run: "says one", "another resident said", "one delegate said"
_VOX = r"(?:[Oo]ne|[Aa]nother)(?:\s+(?:person|man|woman|resident|delegate|member|parent|student|mother|father|user|worker|local|shopper|neighbour|officer|campaigner|councillor|source))?"
_VOX_RE = re.compile(_VOX)
_NOT_VOX = [["no"], ["any"], ["every"], ["some"], ["the"], ["this"], ["that"], ["which"], ["each"], ["not"]]
_VOX_BEFORE_RE = re.compile(rf"(?:^|(?<=[\s,;]))(?P<subj>{_VOX})\s+(?:also\s+|later\s+)?$")
# "according to a statement from X": X speaks
_ISSUED_BY_RE = re.compile(ISSUED_BY)
_SOURCE_HEADS = {"members", "report", "statement", "spokesman", "spokeswoman", "spokesperson", "source",
                 "sources", "officials", "officers", "residents", "campaigners", "experts", "letter",
                 "documents", "insiders", "friends", "friend", "relatives", "family"}
# plural heads of a group speaking ("delegates at the conference", "members of the party")
_GROUP_HEADS = {"delegates", "members", "campaigners", "activists", "residents", "officials", "officers",
                "experts", "critics", "supporters", "opponents", "councillors", "doctors", "leaders", "some", "others"}
# a document the body last named issued ("the white paper", "the motion")
_DOCUMENT_HEADS = {"paper", "motion", "strategy", "manifesto", "bill", "guidance", "consultation"}
_ISSUED_BY_AFTER_RE = re.compile(r",?\s+(?:raised|tabled|proposed|put\s+forward|published|issued|drawn\s+up)\s+by\s+")
_TRAILING_CAPS_RE = re.compile(r"(?<![\w'’-])[A-Z][\w'’&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’&-]*){0,5}\s*$")
_THE_ACRONYM_RE = re.compile(r"\s*[Tt]he\s+[A-Z]{2,6}\s*")
_PUBLISHED_THAT_RE = re.compile(
    r"(?<![\w'’-])(?P<org>[A-Z][\w'’&-]*(?:\s+(?:of\s+|for\s+|on\s+|and\s+)?[A-Z][\w'’&-]*){0,5})\s+"
    r"(?:has\s+|have\s+|had\s+|)(?:published|issued|released|produced)\s+(?:a|an|its)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:report|review|study|paper|statement)\s+that\s+$"
)
_ABBREV_TAIL_RE = re.compile(r"\s*\([^()]{1,12}\)\s*$")
_HEAD_CUT_RE = re.compile(r"\s(?:of|by|from|for|among|on|in|at|across)\s")
# "figures show", "a survey found": not speech (codebook 2)
_STATISTICS = {"figures", "statistics", "data", "numbers", "survey", "surveys", "poll", "polls"}
# the owner of a call: "Ada Pike's call for", "the Vell Party's calls for"
_POSSESSOR_RE = re.compile(r"(?<![\w'’-])(?P<subj>(?:[Tt]he\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,4})['’]s\s+$")
# an adjunct straight after the verb: "X said, as new figures showed ..."
_COMMA_ADJUNCT_RE = re.compile(r"\s*,\s*(?:as|when|while|after|before|because|since)\s")
# a feeling as the object of "described": "described her relief and surprise"
_EMOTION_OBJECT_RE = re.compile(
    r"\s+(?:his|her|their|its|our|my|the|a|an)\s+(?:[a-z]+\s+)?(?:relief|shock|joy|anger|surprise|delight|"
    r"horror|sadness|frustration|disappointment|pride|excitement|heartbreak|grief|dismay|elation)\b"
)
_ADJUNCT_FIRST_RE = re.compile(r"\s+(?:after|following|amid)\s")
# a reporting verb inside an "if"/"whether" clause ("asked if he supported", "if the council backed")
_IF_CLAUSE_RE = re.compile(r"(?<![\w'’-])(?:[Ii]f|[Ww]hether)\s+(?:[\w'’-]+\s+){1,4}$")


def _may_hold_if(text: str, lo: int, hi: int) -> bool:
    """False only where _IF_CLAUSE_RE finds nothing in ``text[lo:hi]``: every match holds
    "if", "If" or "hether" (a pattern opening with a look-behind is tried at every offset;
    ``str.find`` is far cheaper)."""
    w = text[lo:hi]  # (``in`` on a slice: cheaper than three str.find calls with bounds)
    return "if" in w or "If" in w or "hether" in w

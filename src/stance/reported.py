"""Rules for reported (indirect) speech: "X said (that) CLAUSE", "according to X" and kin.
"""

from __future__ import annotations

from .layout import _trim_span
from .nounphrase import _parse_np, _resolve
from .patterns import (
    _ACCORDING_END_RE,
    _ACCORDING_START_RE,
    _BOUNDARY_RE,
    _COMMA_END_RE,
    _COMMA_VERB_RE,
    _CONJ_END_RE,
    _CONJ_VERBS,
    _FINITE_RE,
    _FOR_YEARS_RE,
    _INTERROGATE,
    _LAST_VERB_HINT_RE,
    _NEED_THAT,
    _PART_LEAD_RE,
    _PASSIVE_AFTER_RE,
    _PHRASE_SET,
    _SPEAKER_LAST_INV_RE,
    _SPEAKER_LAST_RE,
    _THAT_AFTER_RE,
    _THAT_NEAR_RE,
    _THAT_RE,
    _TOLD_OBJ_RE,
    _WORD_RE,
)
from .subject import _PERSON_OBJECT_RE, _SUBJECT_BREAK_RE, _subject_before


class ReportedRules:
    """Reported speech in one sentence: a mixin of :class:`stance.segment._Segmenter`."""

    def indirect(self, idx, p0, para, masked, s0, s1, regs, consumed, triggers) -> list:
        """Reported speech in the sentence ``masked[s0:s1]`` whose reporting verbs are
        ``triggers``; returns (start, end, speaker)."""
        doc = self.doc
        sent_units: list = []  # (a, b, speaker)
        seg = masked[s0:s1]
        if not triggers and "ccording to" not in seg:
            return sent_units
        # where full quotations begin: a reported clause never runs into one
        hard_stops = []
        for r in regs:
            if r.cand in ("attrib", "start", "colon"):
                stop = r.open
                k = stop
                while k > s0 and masked[k - 1].isspace():
                    k -= 1
                if k > s0 and masked[k - 1] == ":":
                    stop = k - 1
                hard_stops.append(stop)

        def inside_region(pos: int) -> bool:
            return any(r.cstart <= pos < r.cend for r in regs)

        def clause_end(a: int) -> int:
            b = s1
            for st in hard_stops:
                if st >= a:
                    b = min(b, st)
                    break
            m = _BOUNDARY_RE.search(masked, a, b)
            while m is not None and inside_region(m.start()):
                m = _BOUNDARY_RE.search(masked, m.end(), b)
            if m is not None:
                b = m.start()
            return b

        def clause_start_after_verb(vend: int, verb: str) -> int | None:
            a = vend
            if verb.endswith(" for"):
                m = _FOR_YEARS_RE.match(masked, vend - 3, s1)
                if m:
                    return m.end()
                return a
            if verb in _PHRASE_SET:
                return a
            if verb in ("told", "tells"):
                m = _THAT_NEAR_RE.match(masked, a, s1)
                if m and not inside_region(m.end() - 1):
                    return m.end()
                m = _TOLD_OBJ_RE.match(masked, a, s1)
                if not m:
                    return None
                a = m.end()
                rest = masked[a:clause_end(a)]
                if rest.lstrip().startswith(":"):
                    return a
                if not _FINITE_RE.search(rest):
                    return None
                return a
            m = _THAT_AFTER_RE.match(masked, a, s1)
            if m:
                return m.end()
            m = _THAT_RE.match(masked, a, s1)
            if m:
                return m.end()
            if verb in _NEED_THAT:
                return None
            return a

        # "according to X, CLAUSE" and "CLAUSE, according to X"
        m = _ACCORDING_START_RE.search(seg) if "ccording to" in seg else None
        if m and (m.start() == 0 or not seg[: m.start()].strip() or seg[: m.start()].rstrip().endswith(",")) and not inside_region(s0 + m.start()):
            ref = _parse_np(m.group("spk"), doc, p0 + s0 + m.start("spk"))
            spk = _resolve(ref, doc, p0 + s0 + m.start("spk")) if ref else None
            if spk:
                a = s0 + m.end()
                a, b = _trim_span(para, a, clause_end(a))
                if b - a > 10:
                    sent_units.append((a, b, spk))
        else:
            m = _ACCORDING_END_RE.search(seg) if "ccording to" in seg else None
            if m and not inside_region(s0 + m.start()):
                ref = _parse_np(m.group("spk"), doc, p0 + s0 + m.start("spk"))
                spk = _resolve(ref, doc, p0 + s0 + m.start("spk")) if ref else None
                if spk:
                    a, b = _trim_span(para, s0, s0 + m.start())
                    if b - a > 10 and not any(a <= st < b for st in hard_stops):
                        sent_units.append((a, b, spk))

        open_unit = None  # (a, relative)
        prev_verb_end = failed_end = -1
        for m in triggers:
            v0, v1 = m.start(), m.end()
            prev_verb_end, this_prev = v1, prev_verb_end
            if v0 in consumed or inside_region(v0):
                continue
            if sent_units and v0 < sent_units[-1][1]:
                continue
            if m.group("part"):
                verb = " ".join(m.group("part").split())
                if not _PART_LEAD_RE.search(masked, max(s0, v0 - 24), v0):
                    continue
                spk = sent_units[-1][2] if sent_units else None
                if spk is None:
                    for r in regs:
                        if r.close >= 0 and r.close < v0 and r.speaker and r.speaker != ("<last>", ""):
                            spk = r.speaker
                if spk is None:
                    spk = self._sentence_subject(masked, s0, v0, p0)
                if spk is None:
                    continue
                if verb in ("calling for", "urging", "describing"):
                    a = v1
                else:
                    mm = _THAT_AFTER_RE.match(masked, v1, s1) or _THAT_RE.match(masked, v1, s1)
                    if mm:
                        a = mm.end()
                    elif verb == "saying":
                        a = v1
                    else:
                        continue
                k = a
                while k < s1 and masked[k].isspace():
                    k += 1
                if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand for r in regs):
                    continue
                a2, b2 = _trim_span(para, a, clause_end(a))
                if len(_WORD_RE.findall(para, a2, b2)) >= 2 and not (sent_units and a2 < sent_units[-1][1]):
                    sent_units.append((a2, b2, spk))
                    open_unit = (a2, False)
                continue
            verb = " ".join(m.group("verb").split())
            after = masked[v1 : v1 + 12]
            if _PASSIVE_AFTER_RE.match(after):
                continue
            conj = _CONJ_END_RE.search(masked, max(s0, v0 - 40), v0)
            comma_main = open_unit is not None and open_unit[1] and _COMMA_END_RE.search(masked, max(s0, v0 - 40), v0)
            spk = None
            relative = False
            if (conj or comma_main) and sent_units:
                spk = sent_units[-1][2]
                if verb not in _CONJ_VERBS and verb.replace(" ", r"\s+") not in _CONJ_VERBS:
                    continue
            elif open_unit is not None:
                continue
            else:
                lo = s0
                for r in regs:
                    r_end = r.close + 1 if r.close >= 0 else r.cend
                    if r.cand in ("attrib", "start", "colon") and r_end <= v0:
                        lo = max(lo, r_end)
                if this_prev > lo and (this_prev == failed_end or not _SUBJECT_BREAK_RE.search(masked, this_prev, v0)):
                    # "X said Y said": a subject never spans an earlier reporting verb of its own
                    # comma segment, and words in which an earlier verb found no subject hold
                    # none for this one (this also keeps "he said, " x 5 MB linear)
                    lo = this_prev
                got = _subject_before(masked, lo, v0, doc, p0)
                if got is None:
                    failed_end = v1
                    continue
                spk, relative = got
            a = clause_start_after_verb(v1, verb)
            if a is None:
                continue
            if verb in ("added", "adds") and a == v1 and not _FINITE_RE.search(masked, a, clause_end(a)):
                continue  # "had added green specks of cannabis to the mix": not speech
            if verb in _INTERROGATE and _PERSON_OBJECT_RE.match(masked, a):
                continue
            k = a
            while k < s1 and masked[k].isspace():
                k += 1
            if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand in ("attrib", "start", "colon") for r in regs):
                open_unit = None
                continue
            b = clause_end(a)
            if relative:
                mm = _COMMA_VERB_RE.search(masked, a, b)
                if mm:
                    b = mm.start()
            a2, b2 = _trim_span(para, a, b)
            if len(_WORD_RE.findall(para, a2, b2)) < 2:
                continue
            if sent_units and a2 < sent_units[-1][1]:
                continue
            sent_units.append((a2, b2, spk))
            open_unit = (a2, relative)

        if not sent_units and not any(r.cand for r in regs) and "," in seg and _LAST_VERB_HINT_RE.search(seg[-140:]):
            # "CLAUSE, the commissioner has said."
            m = _SPEAKER_LAST_RE.search(seg) or None
            inv = None if m else _SPEAKER_LAST_INV_RE.search(seg)
            mm = m or inv
            if mm and not inside_region(s0 + mm.start()):
                ref = _parse_np(mm.group("subj"), doc, p0 + s0 + mm.start("subj"))
                spk = _resolve(ref, doc, p0 + s0 + mm.start("subj")) if ref else None
                if spk:
                    end = s0 + mm.start()
                    # "CLAUSE, the council leader, Ada Pike, has said": drop the appositive
                    cut = masked.rfind(",", s0, end)
                    if cut > s0 and _parse_np(masked[cut + 1 : end], doc, p0 + cut + 1) is not None:
                        end = cut
                    a, b = _trim_span(para, s0, end)
                    if len(_WORD_RE.findall(para, a, b)) >= 4:
                        sent_units.append((a, b, spk))
        for a, b, spk in sent_units:
            self.add(p0, a, b, "indirect", spk, idx)
        return sent_units

"""Rules for direct speech: which quotation regions are attributed speech, and to whom.
"""

from __future__ import annotations

import bisect
import re

from .layout import _CLOSING_MARKS, _COMMENTED_ON_RE, _OPENING_MARKS, _trim_span
from .nounphrase import _parse_np, _parse_np_suffix, _resolve
from .patterns import (
    _AFTER_APPOS_VERB_RE,
    _AFTER_VERB_ROLE_NAME_RE,
    _AFTER_DASH_RE,
    _AFTER_SUBJ_VERB_RE,
    _AFTER_VERB_SUBJ_RE,
    _ATTRIB_THAT_END_RE,
    _BE_END_RE,
    _CAPSEQ_END_RE,
    _HEADLINE_COMMA_SAYS_RE,
    _HEADLINE_DASH_RE,
    _HEADLINE_SAY_RE,
    _NOMINAL_BY_RE,
    _PART_START_RE,
    _TRIGGER_RE,
    _attrib_end,
    find_triggers,
)
from .quotemarks import _Region, _find_regions, _mask, _sentences
from .antecedents import newly_named_subject
from .listitems import BULLET_MARKS
from .subject import _IRREGULAR_PAST, _REGULAR_FINITE, _VERB_AFTER_WORD, _subject_before, _unnamed_antecedent
# 'was described as "shocking" by ...', 'which has been branded "bleak" by ...'
_PASSIVE_LABEL_RE = re.compile(
    r"\b(?:was|were|been|is|are|be)\s+(?:\w+ly\s+)?(?:described\s+as|branded(?:\s+as)?|labelled(?:\s+as)?|"
    r"dubbed|called)\s*$"
)
_BY_SPEAKER_RE = re.compile(r"[,.]?\s*by\s+(?P<subj>[^,.;:!?\"“”]{2,80}?)\s*(?=[,.;:!?]|$)")
_SENT_FINAL_CHARS = tuple(".!?;\"”’'…")
# "Mr Kirby said afterwards:": a time adverb between the reporting verb and the colon
_ADV_COLON_RE = re.compile(
    r"(?<=\w)\s+(?:afterwards|afterward|later|yesterday|today|tonight|then|simply|too|since)\s*:\s*$"
)
# "..., with the pathologist Ivo Marsh saying: “": the speaker sits between "with" and the participle
_WITH_SAYING_RE = re.compile(
    r"(?<![\w'’-])with\s+(?P<np>[^,;:()\"“”]{2,80}?)\s+(?:saying|adding|writing|stating|explaining)\s*:\s*$"
)
# "The trust announced the news online, writing: “": a participle frame of the main clause
_PART_COLON_RE = re.compile(r",\s*(?P<verb>writing|stating|explaining|declaring|posting)\s*:\s*$")
# "“...,” shared Ann Lee": reporting verbs that follow a quotation only in this inverted order
_INVERTED_VERBS = ("shared", "mused", "quipped", "recalls", "reflected", "reflects")
_AFTER_INVERTED_RE = re.compile(
    rf"^\s*[,–—-]?\s*(?P<verb>{'|'.join(_INVERTED_VERBS)})\s+"
    r"(?P<subj>[^,.;:!?\"“”‘]{1,90}?)(?=\s*(?:[,.;:!?(]|$))"
)
# after a quotation: a name with an appositive, or a role then the name
_AFTER_MORE = (_AFTER_APPOS_VERB_RE, _AFTER_VERB_ROLE_NAME_RE)
# 'has described the drug as “the most serious threat to safety”': the speaker's words for a thing
_DESCRIBED_AS_RE = re.compile(r"\b(?P<verb>describe[sd]|describing)\s[^.!?;:“”\"]{0,100}?\bas\s*$")
# first-person words: a paragraph that holds one may be a speaker's words
_FIRST_PERSON_RE = re.compile(r"(?<![\w'’-])(?:I|I'm|I’m|I've|I’ve|we|We|we're|we’re|our|Our|my|My|us)(?![\w'’-])")
_WS_RUN_RE = re.compile(r"\s+")
# the first finite verb of a main clause ("Coroner Ann Lee echoed the call, saying: “")
_MAIN_VERB_RE = re.compile(_VERB_AFTER_WORD + _IRREGULAR_PAST + r"hit|written|spoken|" + _REGULAR_FINITE + r")\b")


_LABEL_NOT_FIRST = frozenset("in at on for from with by after before during as to of outside inside".split())


def _label_name(np: str, doc, pos: int) -> tuple | None:
    """The person named first in a paragraph's label before a quotation ("Ada Pike of the Kell
    Trust, secretariat of the Harbour Group: “...”"): the words before the first comma and any
    "of"/"from"/"at" affiliation, read as a person's name; else None."""
    head = re.split(r"\s+(?:of|from|at)\s+", np.split(",", 1)[0], maxsplit=1)[0]
    if not 2 <= len(head.split()) <= 5 or head.split()[0].lower() in _LABEL_NOT_FIRST:
        return None  # "In Kestwick, the mood was grim:" opens with an adjunct, not a name
    ref = _parse_np(head, doc, pos)
    return (ref, 0) if ref is not None and ref.kind == "person" else None


# a word after a closing mark that goes on with the quoted words' clause ("said “almost daily
# flights” were recorded"), not a new attribution or clause ("... he said", "... and added")
_CLAUSE_ON_RE = re.compile(r"\s+(?!(?:he|she|they|it|we|i|you|said|says|added|adds|told|according|and|but|as|"
                           r"before|after|while|when|which|who|so|or)\b)[a-z]")


def _in_clause(para: str, r) -> bool:
    """Is the quotation ``r`` a fragment inside a reported clause: closed, ending in no sentence
    punctuation, and followed by lower-case words of the same clause?"""
    return r.close >= 0 and para[r.cend - 1 : r.cend] not in ".!?,;:" and bool(_CLAUSE_ON_RE.match(para, r.close + 1))


class DirectRules:
    """Direct quotations, paragraph by paragraph: a mixin of :class:`stance.segment._Segmenter`."""

    # -- one paragraph ------------------------------------------------------------------------
    def paragraph(self, idx: int, p0: int, para: str, headline: bool = False) -> None:
        doc = self.doc
        doc.para_idx = idx
        if self.list_speaker is None and self.pending is not None and self.last_para == idx - 1 \
                and para.lstrip()[:1] in BULLET_MARKS:
            self.list_speaker = (self.pending, idx - 1)  # "Ann Rudd said:" then bullets: her list
        if self.list_speaker is not None and self._list_item(idx, p0, para):
            return
        regions = _find_regions(para)
        if not regions and self.run_open and self.last_para == idx - 1 and not headline and self._run_goes_on(idx, p0, para):
            return
        if not regions and self.pending is not None and self.last_para == idx - 1 and not headline \
                and self._block_statement(idx, p0, para):
            return
        masked = _mask(para, regions) if regions else para
        # reporting verbs of the whole paragraph, found once and handed to each sentence
        triggers = find_triggers(masked)
        # (one-character ends compared as slices: str.endswith parses its arguments on every call)
        if not regions and not triggers and not headline and para[-1:] != ":" and "ccording to" not in para \
                and not (" that " in para and ("by" in para or "from" in para) and _NOMINAL_BY_RE.search(para)):
            # no quotation, no reporting verb: nothing here can be speech (most paragraphs)
            self.pending = None
            return
        sentences = _sentences(para, masked, regions)
        self.seen[idx] = (regions, masked, sentences)  # read again by the learned finder
        para_units_before = len(self.units)
        doc.headline = headline
        whole = len(sentences) == 1  # the one sentence holds every region and trigger
        for s0, s1 in sentences:
            regs = [r for r in regions if s0 <= r.open < s1] if regions and not whole else regions
            consumed: set[int] = set()
            if regs:  # steps 1, 2 and 4 look only at the sentence's quotations
                self._classify_regions(idx, p0, para, masked, s0, s1, regs, consumed)
                self._attribution_after(p0, para, masked, s1, regs, consumed, headline)
            # 3. reported speech
            sent_triggers = [t for t in triggers if s0 <= t.start() < s1] if triggers and not whole else triggers
            sent_units = self.indirect(idx, p0, para, masked, s0, s1, regs, consumed, sent_triggers)
            if regs:
                self._direct_units(idx, p0, para, masked, s0, s1, regs, sent_units, para_units_before)
            # 5. headline "claim - SPEAKER" or "claim, says SPEAKER"
            if headline and not sent_units and not any(r.cand for r in regs):
                self._headline_say(idx, p0, para, masked, s0, s1)
                m = _HEADLINE_DASH_RE.match(masked[s0:s1]) or _HEADLINE_COMMA_SAYS_RE.match(masked[s0:s1])
                if m and len(m.group("claim").split()) >= 3:
                    got = _parse_np_suffix(m.group("subj"), doc, p0 + s0 + m.start("subj"))
                    spk = _resolve(got[0], doc, p0 + s0 + m.start("subj") + got[1]) if got else None
                    if spk:
                        a, b = _trim_span(para, s0, s0 + m.end("claim"))
                        self.add(p0, a, b, "indirect", spk, idx)
        # a paragraph ending "X said:" introduces the next paragraph's quotation
        self.pending = None
        if para.rstrip()[-1:] == ":":
            m = _attrib_end(masked)
        elif "ed on " in para and not para.endswith(_SENT_FINAL_CHARS):
            # an intro line with no full stop: "Ann Lee, director of X, commented on the plan"
            m = _COMMENTED_ON_RE.search(masked)
        else:
            m = None
        if m:
            got = _subject_before(masked, sentences[-1][0] if sentences else 0, m.start(), doc, p0)
            if got:
                self.pending = got[0]
                self.last_para = idx
        if self.pending is None and para[-1:] == ":":
            self._list_intro(idx, p0, para, masked, sentences[-1][0] if sentences else 0)

    def _classify_regions(self, idx: int, p0: int, para: str, masked: str, s0: int, s1: int, regs: list,
                          consumed: set) -> None:
        """Step 1: what kind of quotation is each region of a sentence (``r.cand``)?"""
        doc = self.doc
        prev_end = s0
        for j, r in enumerate(regs):
            before = masked[prev_end : r.open]
            before_end = before.rstrip()[-1:]  # its last character before white space
            min_words = 4 if r.single else 3
            if before_end == ":":
                min_words = 1  # 'He said: ‘No.' -- a colon and a reporting verb make it speech
            if r.open == 0 and r.words and self.run_open and self.last_para == idx - 1:
                r.cand = "start"  # the next paragraph of a quotation left open
            elif r.close >= 0 and r.words and "by " in masked[r.close + 1 : r.close + 6] and (
                    got := self._passive_by(p0, masked, before, r, regs, j, s1)):
                # 'was described as "shocking" by Cllr Ann Lee': words put in the speaker's mouth
                r.cand, r.speaker = "attrib", got
            elif r.words >= min_words and (with_spk := self._with_saying(p0, masked, before, prev_end)):
                r.cand, r.speaker = "attrib", with_spk  # "..., with the coroner Ann Lee saying: “"
            elif r.words >= min_words:
                m = _attrib_end(before)
                colon = min_words == 1
                if m is None and colon and (adv := _ADV_COLON_RE.search(before)):
                    m = _attrib_end(before[: adv.start()] + ":")  # "Mr Lee said afterwards: “"
                if m is None and colon and "ing" in before:
                    m = _PART_COLON_RE.search(before)  # "..., writing: “": the main clause's subject
                if m is None and r.words >= 4 and "describ" in before:
                    m = _DESCRIBED_AS_RE.search(before, max(0, len(before) - 140))
                if m is None and r.words >= 6 and self._ends_sentence(para, masked, r, regs, j, s1):
                    # 'insisting that “the government could do more to help”.': a whole
                    # clause quoted after "that" is direct speech, not a fragment
                    m = _ATTRIB_THAT_END_RE.search(before, max(0, len(before) - 60)) \
                        if before.rstrip().endswith("that") else None  # (every match does)
                if m and before.strip() and not _BE_END_RE.search(before, 0, m.start()) and (
                        colon or not _in_clause(para, r)):  # 'said “almost daily flights” were seen': reported
                    r.cand = "attrib"
                    verb = _WS_RUN_RE.sub(" ", m.group("verb"))
                    if _PART_START_RE.fullmatch(verb) or verb in ("adding", "saying") or verb.endswith("ing"):
                        r.speaker = ("<last>", "")
                    else:
                        got = _subject_before(masked, prev_end, prev_end + m.start(), doc, p0)
                        r.speaker = got[0] if got else None
                    consumed.add(prev_end + m.start())
                elif before_end == ":":
                    r.cand = "colon"
                elif before_end == "," and j > 0 and regs[j - 1].cand:
                    r.cand = "cont"
                elif not before.strip():
                    r.cand = "start"
            elif r.words and r.close >= 0 and not before.strip():
                # '"The problem," she said, "is ..."': a short opening part is speech when
                # an attribution follows it
                nxt = regs[j + 1].open if j + 1 < len(regs) else s1
                after = masked[r.close + 1 : nxt]
                if (para[r.cend - 1] in ",?!…—–-" or after.lstrip()[:1] == ",") and (
                    _AFTER_SUBJ_VERB_RE.match(after) or _AFTER_VERB_SUBJ_RE.match(after)
                ):
                    r.cand = "start"
            prev_end = (r.close + 1) if r.close >= 0 else r.cend

    def _pull_quotes(self, paras: list, texts: list[str]) -> set[int]:
        """A pull-quote set off by label lines ("Start Quote", the quoted paragraphs, "End Quote
        Ann Lee Chief Constable"): each quoted paragraph is a unit of the person the closing
        line names. Returns the indexes of the paragraphs handled (labels included)."""
        done: set[int] = set()
        full = self.doc.full_names
        for i, para in enumerate(texts):
            if para.lower() != "start quote":
                continue
            end = next((k for k in range(i + 1, min(i + 6, len(texts))) if texts[k].startswith("End Quote ")), None)
            if end is None:
                continue
            # the closing line names a person the story names: "End Quote Ann Lee Chief Constable"
            words = texts[end].split()[2:6]
            name = next((n for k in range(len(words), 1, -1) if (n := " ".join(words[:k])) in full), None)
            done.update(range(i, end + 1))
            if name is None:
                continue
            for k in range(i + 1, end):
                a, b = 0, len(texts[k])
                a += texts[k][0] in _OPENING_MARKS
                b -= texts[k][-1] in _CLOSING_MARKS
                a, b = _trim_span(texts[k], a, b, full_stop=False)
                self.add(paras[k][0], a, b, "direct", (name, self.doc.role.get(name, "")), k)
        return done

    def _standfirst_quote(self, texts: list[str]) -> None:
        """A quotation standing alone in the header block (under the headline or another line
        with no final punctuation) that no unit covers: a pull-quote of the article's main
        voice, the one speaker with the most direct units (two at least)."""
        counts: dict[tuple[str, str], int] = {}
        for u in self.units:
            if u.kind == "direct":
                counts[(u.speaker, u.speaker_role)] = counts.get((u.speaker, u.speaker_role), 0) + 1
        if not counts:
            return
        ranked = sorted(counts.values(), reverse=True)
        if ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
            return
        spk = max(counts, key=counts.get)
        for idx in range(1, min(4, len(texts))):
            para, prev = texts[idx], texts[idx - 1]
            if para[0] not in _OPENING_MARKS or para[-1] not in _CLOSING_MARKS or not prev[-1].isalnum():
                continue
            q0, q1 = self.paras[idx]
            if len(para.split()) < 5 or any(u.start < q1 and u.end > q0 for u in self.units):
                continue
            a, b = _trim_span(para, 1, len(para) - 1, full_stop=False)
            self.add(self.paras[idx][0], a, b, "direct", spk, idx)

    def _passive_by(self, p0: int, masked: str, before: str, r: _Region, regs: list, j: int, s1: int):
        """The speaker of 'was described as "X" by SPEAKER' (branded, labelled, dubbed), if any."""
        if not _PASSIVE_LABEL_RE.search(before, max(0, len(before) - 60)):
            return None
        nxt = regs[j + 1].open if j + 1 < len(regs) else s1
        m = _BY_SPEAKER_RE.match(masked, r.close + 1, nxt)
        if m is None:
            return None
        spos = p0 + m.start("subj")
        found = _parse_np_suffix(m.group("subj"), self.doc, spos, initial=False)
        got = _resolve(found[0], self.doc, spos + found[1]) if found else None
        return got or self._last_subject(m.group("subj"), spos)

    def _run_go_on_end(self, para: str) -> int:
        """Where a paragraph with no quotation of its own continues an open quotation: the end
        of its text (before a closing mark that ends it), or -1 when it does not."""
        end = len(para.rstrip())
        if end and para[end - 1] in _CLOSING_MARKS:
            return end - 1  # "... the end of the matter.”": the closing mark of the run
        if len(para.split()) >= 6 and para[end - 1 : end] in ".!?" and _FIRST_PERSON_RE.search(para):
            return end  # a quotation whose writer dropped the marks of this paragraph
        return -1

    def _run_goes_on(self, idx: int, p0: int, para: str) -> bool:
        """A paragraph with no quotation marks after one whose quotation ran open to its end
        ("Ann Lee said: “A.¶B.¶“C.”"): it continues that quotation when it ends with the
        closing mark or speaks in the first person. Adds the unit; False when it does not."""
        end = self._run_go_on_end(para)
        if end < 0 and self._closed_later(idx):
            end = len(para.rstrip())  # "“A.¶B.¶C.”": one line of a quotation whose marks are on the others
        if end <= 0 or self.last_speaker is None:
            return False
        start = len(para) - len(para.lstrip())
        self.doc.para_idx = idx
        spk = self.last_speaker
        colon = para.find(": ", 0, 160)
        m = _attrib_end(para[: colon + 1]) if colon > 0 else None
        got = _subject_before(para, 0, m.start(), self.doc, p0) if m else None
        if got:  # "Ivo Brack said: While ..." whose opening mark the page lost: a new speaker
            start, spk = colon + 2, got[0]
        self.add(p0, start, end, "direct", spk, idx)
        self.run_open = end == len(para.rstrip())  # a closing mark ends the run
        self.pending = None
        return True

    def _block_statement(self, idx: int, p0: int, para: str) -> bool:
        """The first paragraph of a statement printed as a block after "X said:" whose quotation
        marks the page does not show (codebook 1.4): a direct unit of X, to the paragraph's end.
        The next paragraphs continue it as they continue a quotation left open
        (:meth:`_run_goes_on`). False for a line too short to be a statement (a crosshead)."""
        text = para.rstrip()
        if len(text.split()) < 5 or not (text[-1] in ".!?" or text[-1] in _CLOSING_MARKS):
            return False
        closed = text[-1] in _CLOSING_MARKS
        self.add(p0, len(para) - len(para.lstrip()), len(text) - closed, "direct", self.pending, idx)
        self.run_open = not closed
        self.pending = None
        return True

    def _closed_later(self, idx: int) -> bool:
        """Do the next paragraphs, with no mark of their own, lead to one whose only mark
        closes a quotation at its end (a quotation printed one sentence to a line)?"""
        for k in range(idx + 1, min(idx + 4, len(self.paras))):
            t = self.text[self.paras[k][0] : self.paras[k][1]].rstrip()
            marks = sum(t.count(c) for c in "“”\"")
            if marks:
                return marks == 1 and t[-1:] in "”\"" and len(t) > 1 and t[-2] in ".!?"
        return False

    def _with_saying(self, p0: int, masked: str, before: str, prev_end: int) -> tuple[str, str] | None:
        """The speaker of "..., with the coroner Ann Lee saying: “", if ``before`` ends so."""
        if "with " not in before or not before.rstrip().endswith(":"):
            return None
        w = _WITH_SAYING_RE.search(before, max(0, len(before) - 120))
        if w is None:
            return None
        got = _subject_before(masked, prev_end + w.start("np"), prev_end + w.end("np"), self.doc, p0)
        return got[0] if got else None

    @staticmethod
    def _ends_sentence(para: str, masked: str, r: _Region, regs: list, j: int, s1: int) -> bool:
        """Does the quotation ``r`` run to the end of its sentence (only punctuation after)?"""
        if r.close < 0:
            return True
        nxt = regs[j + 1].open if j + 1 < len(regs) else s1
        return nxt == s1 and not masked[r.close + 1 : s1].strip(" .!?,;”’\"'")

    def _attribution_after(self, p0: int, para: str, masked: str, s1: int, regs: list, consumed: set,
                           headline: bool) -> None:
        """Step 2: an attribution after a quotation: "...," he said / said Mr X."""
        doc = self.doc
        for j, r in enumerate(regs):
            if r.cand not in ("start", "attrib", "colon") or r.close < 0:
                continue
            nxt = regs[j + 1].open if j + 1 < len(regs) else s1
            after = masked[r.close + 1 : nxt]
            got = None
            inverted = any(v in after for v in _INVERTED_VERBS)
            for rx in (_AFTER_SUBJ_VERB_RE, _AFTER_VERB_SUBJ_RE, _AFTER_INVERTED_RE) + _AFTER_MORE if inverted else (
                    _AFTER_SUBJ_VERB_RE, _AFTER_VERB_SUBJ_RE) + _AFTER_MORE:
                m = rx.match(after)
                if not m:
                    continue
                spos = r.close + 1 + m.start("subj")
                quote_ends = para[r.cend - 1 : r.cend] in ",?!…-–—" or after.lstrip().startswith((",", "-", "–", "—"))
                if not quote_ends and para[r.cend - 1 : r.cend] != ".":
                    continue
                # "said Labour councillor Ruth Amis": the name after a role
                found = _parse_np_suffix(m.group("subj"), doc, p0 + spos, initial=False)
                if found is not None:
                    ref, off = found
                    got = _resolve(ref, doc, p0 + spos + off, m.group("subj")[:off] if off else "")
                if got is None and rx is _AFTER_APPOS_VERB_RE:  # "director of X, Ann Lee, said": the name second
                    apos = r.close + 1 + m.start("appos")
                    found = _parse_np_suffix(m.group("appos"), doc, p0 + apos, initial=False)
                    got = _resolve(found[0], doc, p0 + apos + found[1]) if found else None
                if got is None:  # "say police", "says one": a collective or unnamed source
                    got = self._last_subject(m.group("subj"), p0 + spos)
                if got is None:  # '"...," she says' after "another person says ...": that person
                    got = _unnamed_antecedent(m.group("subj").strip(), doc, p0 + spos)
                if got:
                    consumed.add(r.close + 1 + m.start("verb"))
                    break
            if got is None and headline and j == len(regs) - 1:
                m = _AFTER_DASH_RE.match(after)
                if m:
                    spos = p0 + r.close + 1 + m.start("subj")
                    ref = _parse_np_suffix(m.group("subj"), doc, spos)
                    got = _resolve(ref[0], doc, spos + ref[1]) if ref else None
            if got:
                if r.cand in ("start", "colon") or r.speaker is None:
                    r.speaker = got
                    r.cand = r.cand or "start"
                if r.cand == "colon":
                    r.cand = "attrib"

    def _direct_units(self, idx: int, p0: int, para: str, masked: str, s0: int, s1: int, regs: list,
                      sent_units: list, para_units_before: int) -> None:
        """Step 4: the direct units of a sentence, each with its speaker."""
        doc = self.doc
        for r in regs:
            spk = None
            if r.cand == "attrib":
                spk = r.speaker
                if spk == ("<last>", ""):
                    spk = sent_units[-1][2] if sent_units else (
                        self._main_subject(masked, s0, r.open, p0) or self._sentence_subject(masked, s0, r.open, p0))
            elif r.cand == "colon":
                if sent_units:
                    spk = sent_units[-1][2]
                else:
                    np = masked[s0 : r.open].rstrip()[:-1]
                    got = _parse_np_suffix(np, doc, p0 + s0) if len(np.split()) <= 6 else None
                    if got is None and len(np.split()) <= 8:
                        # "County lines coordinator Ian Randall: “...": the name before the colon
                        cm = _CAPSEQ_END_RE.search(np)
                        if cm and cm.start() > 0:
                            ref = _parse_np(cm.group(0), doc, p0 + s0 + cm.start())
                            got = (ref, cm.start()) if ref is not None and ref.kind == "person" else None
                    if got is None and s0 == 0 and "," in np and len(np.split()) <= 25:
                        got = _label_name(np, doc, p0)  # "Ada Pike of the Kell Trust, its chair: “...”"
                    spk = _resolve(got[0], doc, p0 + s0 + got[1]) if got else None
            elif r.cand == "cont":
                # "A," said X, "B." -- the second part has the first part's speaker
                prev = [o for o in regs if o.open < r.open]
                spk = prev[-1].speaker if prev and prev[-1].cand and prev[-1].speaker != ("<last>", "") else None
            elif r.cand == "start":
                spk = r.speaker
                if spk is None:
                    nxt_open = min([o.open for o in regs if o.open > r.open] + [s1])
                    tail = masked[r.close + 1 : nxt_open].strip() if r.close >= 0 else ""
                    run_on = self.run_open and self.last_para == idx - 1 and r.open == 0
                    if not tail.strip(".!?…;") and (r.words >= 4 or run_on):
                        spk = self._run_speaker(idx, para_units_before, r, sent_units)
            if spk is None:
                continue
            self.add(p0, r.cstart, r.cend, "direct", spk, idx)
            sent_units.append((r.cstart, r.cend, spk))
            self.last_direct_single = r.single
            self.run_open = r.close < 0 and r.cend >= len(para.rstrip()) - 1

    def _headline_say(self, idx: int, p0: int, para: str, masked: str, s0: int, s1: int) -> None:
        """A headline "Now top doctors say: CLAIM": the claim, for the subject (a name, a role
        or a collective source)."""
        m = _HEADLINE_SAY_RE.match(masked[s0:s1])
        if m is None:
            return
        spk = self._last_subject(m.group("subj"), p0 + s0 + m.start("subj"))
        if spk:
            a, b = _trim_span(para, s0 + m.start("claim"), s0 + m.end("claim"))
            self.add(p0, a, b, "indirect", spk, idx)

    def _sentence_subject(self, masked: str, s0: int, hi: int, p0: int) -> tuple[str, str] | None:
        m = _TRIGGER_RE.search(masked, s0, hi)
        if not m:
            return None
        got = _subject_before(masked, s0, m.start(), self.doc, p0)
        return got[0] if got else None

    def _main_subject(self, masked: str, s0: int, hi: int, p0: int) -> tuple[str, str] | None:
        """The subject of the sentence's first finite verb ("Coroner Ann Lee echoed the call,
        saying: “"), for a participle frame whose main verb reports nothing."""
        m = _MAIN_VERB_RE.search(masked, s0, hi)
        got = _subject_before(masked, s0, m.start("verb"), self.doc, p0) if m else None
        return got[0] if got else None

    def _run_speaker(self, idx: int, para_units_before: int, r: _Region, sent_units: list) -> tuple[str, str] | None:
        if sent_units:
            return sent_units[-1][2]
        if r.open > 0 and (new := self._newly_named(idx, r)):
            return new  # "Ada Pike, a local solicitor, was critical of the plan. “...”"
        if self.pending is not None and self.last_para == idx - 1:
            return self.pending
        if self.last_speaker is None or (len(self.units) == para_units_before and self.last_para != idx - 1):
            if self.last_speaker is not None and self.last_para == idx - 2 and r.words >= 6 and self._aside(idx - 1):
                # a run of quoted paragraphs broken by one paragraph that names nobody (a
                # gloss, a pull-quote label): the run goes on with its speaker
                return self.last_speaker
            return self._lead_speaker(idx, r)
        if len(self.units) > para_units_before or self.last_para == idx - 1:
            if r.single and self.last_direct_single is not True and r.words < 8:
                return None
            if self.last_speaker[0][:1].islower() and len(self.units) == para_units_before:
                # "... after an officer claimed he could smell it" between the paragraphs of a
                # quotation left open: the quotation goes on, not the unnamed source
                return self._open_quote_before(idx) or self.last_speaker
            return self.last_speaker
        return None

    def _newly_named(self, idx: int, r: _Region) -> tuple[str, str] | None:
        """The person the sentence just before ``r`` in its paragraph introduces as its subject."""
        p0 = self.paras[idx][0]
        before = [s for s in self.seen[idx][2] if s[1] <= r.open] if idx in self.seen else []
        if not before:
            return None
        lo, hi = p0 + before[-1][0], p0 + r.open
        name = newly_named_subject(self.doc.mentions, self.doc.full_names, lo, hi)
        if name is None or any(u.start < hi and u.end > lo and u.speaker != name for u in self.units[-4:]):
            return None
        return name, self.doc.role.get(name, "")

    def _open_quote_before(self, idx: int) -> tuple[str, str] | None:
        """The speaker of a quotation two paragraphs back that ran to its paragraph's end
        without a closing mark, if any."""
        if idx < 2:
            return None
        q0, q1 = self.paras[idx - 2]
        for u in reversed(self.units):
            if u.start < q0:
                break
            if u.kind == "direct" and u.start < q1 and u.end >= q1 - 1 and self.text[u.end : q1].strip() == "":
                return u.speaker, u.speaker_role
        return None

    def _aside(self, k: int) -> bool:
        """Does paragraph ``k`` name no person and hold no unit?"""
        if not 0 <= k < len(self.paras):
            return False
        q0, q1 = self.paras[k]
        if any(q0 <= u.start < q1 for u in self.units[-3:]):
            return False
        mentions = self.doc.mentions
        lo = bisect.bisect_left(mentions, (q0,))
        return not any(kind == "person" for _, _, kind, _ in mentions[lo : bisect.bisect_left(mentions, (q1,))])

    def _lead_speaker(self, idx: int, r: _Region) -> tuple[str, str] | None:
        """A quoted paragraph with no attribution after a lead paragraph that names one person
        and quotes no one ("Cllr Ada Pike, chair of the board, responds to the report" or
        "Ada Pike, chair of the board:", then the quotes): that person said it."""
        if idx == 0 or r.open > 1 or r.words < 6 or idx - 1 >= len(self.paras):
            return None
        q0, q1 = self.paras[idx - 1]
        if any(q0 <= u.start < q1 for u in self.units[-3:]):
            return None
        doc = self.doc
        lo = bisect.bisect_left(doc.mentions, (q0,))
        names, first = set(), q1
        for pos, name, kind, _ in doc.mentions[lo:]:
            if pos >= q1:
                break
            if kind == "person":
                names.add(name)
                first = min(first, pos)
        # the lead is about that person: it names them at its head
        if len(names) != 1 or len(self.text[q0:first].split()) > 3:
            return None
        name = names.pop()
        if name not in doc.full_names:
            return None
        return name, doc.role.get(name, "")

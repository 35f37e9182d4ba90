"""The subject of a reporting verb: the speaker in the words before it.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from .lexicon import (
    DAY_NAMES,
    FAMILY_HEADS,
    MONTH_NAMES,
    _ADVERBIAL_START,
    _LEAD_WORDS,
    _PRONOUNS,
    _ROLE_GENDER,
    _ROLE_HEADS,
    _trie,
)
from .names import _Doc
from .nounphrase import _NP_MAX_CHARS, _NP_MAX_WORDS, _parse_np, _resolve
from .patterns import (
    _AUX_TAIL_RE,
    _LEAD_CONJ_RE,
    _NONSPACE_RE,
    _PASSIVE_TAIL_RE,
    _SEG_SPLIT_RE,
    _WHO_RE,
)
from .sources import collective_source, shaped_source

# a comma-separated phrase opening with one of these is an adjunct, never the subject
_ADJUNCT_START = set(
    """speaking writing talking responding commenting asked addressing giving answering
    appearing reacting in at on after before during following with without by for from
    under despite since when while although though if as because like unlike""".split()
)
# a leading "-ing" word followed by one of these opens a participial adjunct ("Welcoming the report,")
_AFTER_PARTICIPLE = frozenset("the a an to on at about his her their its this that these those with from".split())
# a noun phrase right after one of these is an object or sits in a subordinate clause
_NOT_BEFORE_SUBJECT = set(
    """to with by for from of at in on about against told tells tell met meeting asked like
    unlike than towards into onto via behind after before since while when as if because
    although though unless until whereas thanked praised criticised blamed accused""".split()
)
_PERSON_OBJECT_RE = re.compile(
    r"\s*(?:him|her|them|me|us|witnesses|officers|police|"
    rf"(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:{_trie(_ROLE_HEADS)})(?![\w-]))",
    re.IGNORECASE,
)
_INNER_REL_RE = re.compile(r"\s(?:who|whose)\s")
_PAREN_RE = re.compile(r"\([^()]{0,60}\)|,\s*\d{1,3}\s*(?=,)")
_REL_RE = re.compile(r"(?:^|,|(?<=[A-Za-z]\s))\s*(?:who|whose)(?:\s+\w+ly|\s+has|\s+had|\s+also|\s+once)*\s*$")


_NOMINATIVE = {"he", "she", "they", "we"}
_TIME_NAMES = frozenset(DAY_NAMES + MONTH_NAMES)
_SUBORDINATORS = {"after", "before", "since", "as", "while", "when", "because", "although", "though", "if"}
_SUBORD_TAIL_RE = re.compile(
    r"(?<![\w'’-])(?:after|when|because|while|before|since|although|though|until|once|as)\s+"
    r"((?:an?|the|one|some|several|many|two|three|he|she|they|we|[A-Z])[^,;:]{0,60})$"
)
_SUBJECT_BREAK_RE = re.compile(r"[,;:()\[\]–—\"“”]|\s-\s|\b(?:who|whose|which|that)\b")
# the words a _LEAD_CONJ_RE match opens with; a text whose first characters are not all
# ASCII goes to the pattern (case folding: "ſo" is "so")
_LEAD_CONJ_WORDS = ("and", "but", "so", "then", "yet", "while", "however", "both")


def _may_lead_conj(s: str) -> bool:
    """False only where ``_LEAD_CONJ_RE.match(s)`` is None: ``s`` opens with none of its words."""
    head = s[:8]
    return not head.isascii() or head.lower().startswith(_LEAD_CONJ_WORDS)
_SUBJECT_WINDOW = 500  # characters before a reporting verb searched for its subject


def _tail_tokens(s: str) -> list[re.Match]:
    """The white-space separated tokens of ``s`` that start in its last _NP_MAX_CHARS
    characters, with the one token before them."""
    j = len(s) - _NP_MAX_CHARS - 1
    j = j if j > 0 else 0  # (not max(): in 3.11 it parses keywords on every call)
    while j > 0 and not s[j - 1].isspace():
        j -= 1
    if j > 0:  # step back over the white space to the token before
        j -= 1
        while j > 0 and s[j].isspace():
            j -= 1
        while j > 0 and not s[j - 1].isspace():
            j -= 1
    return list(_NONSPACE_RE.finditer(s, j))


# the endings a text must have for _AUX_TAIL_RE to match at its end (the last word of each
# branch: "on Monday" ends in "day", r"\w+ly" in "ly"); the regular expression decides
_AUX_TAIL_ENDS = (
    "has", "have", "had", "also", "since", "then", "later", "now", "ly", "day", "earlier",
    "once", "already", "long", "further", "would", "will", "week", "month", "year", "night", "morning",
    "instead", "again", "still",
)
# likewise for _PASSIVE_TAIL_RE (ignoring case), on the text with its white space stripped
_PASSIVE_ENDS = ("was", "were", "is", "are", "been", "being", "be", "ly", "to", "not", "never", "n't")


def _may_end_passive(pre: str) -> bool:
    """False only where _PASSIVE_TAIL_RE cannot match at the end of ``pre + " "``."""
    tail = pre[-8:]
    if tail[-1:].isspace():
        tail = pre.rstrip()[-8:]
    if not tail.isascii():
        return True  # case folding outside ASCII ("ſ", "K"): leave it to the pattern
    return tail.lower().endswith(_PASSIVE_ENDS) or not tail


def _subject_segments(masked: str, lo: int, hi: int) -> tuple[int, list[tuple[int, str]], bool] | None:
    """The words before a reporting verb cut into comma segments: (lo, [(offset, segment)],
    is_relative_clause), or None for a passive ("was told by")."""
    if hi - lo > _SUBJECT_WINDOW:  # a subject sits close to its verb; bound the work per verb
        cut = masked.find(" ", hi - _SUBJECT_WINDOW, hi)
        lo = cut + 1 if cut != -1 else hi - _SUBJECT_WINDOW
    pre = masked[lo:hi]
    if "(" in pre or "," in pre:  # every _PAREN_RE match holds one of them
        pre = _PAREN_RE.sub(lambda m: " " * len(m.group(0)), pre)
    pre = pre.rstrip()
    aux = _AUX_TAIL_RE.search(pre, max(0, len(pre) - 160)) if pre.endswith(_AUX_TAIL_ENDS) else None
    if aux:
        pre = pre[: aux.start()]
    if _may_end_passive(pre) and _PASSIVE_TAIL_RE.search(pre + " ", len(pre) - 40 if len(pre) > 40 else 0):
        return None
    relative = False
    has_who = "who" in pre  # every _REL_RE and _INNER_REL_RE match holds "who"
    rel = _REL_RE.search(pre, len(pre) - 80 if len(pre) > 80 else 0) if has_who else None
    if rel:
        relative = True
        pre = pre[: rel.start()]
    elif has_who:
        inner = _INNER_REL_RE.search(pre)
        if inner and "," not in pre[inner.start() :] and not _SUBORD_TAIL_RE.search(pre, inner.end()):
            pre = pre[: inner.start()]  # "The mother of a teenager who died in May | has backed"
    # comma segments with their offsets
    if not ("," in pre or ":" in pre or "-" in pre or "–" in pre or "—" in pre or " but " in pre):  # _SEG_SPLIT_RE's
        return lo, [(0, pre)], relative  # nothing to split at
    segs = []
    pos = 0
    for part in _SEG_SPLIT_RE.split(pre):
        if part in (",", ":", " but ") or (len(part) == 3 and part[1] in "–—-" and part[0].isspace()):
            pos += len(part)
            continue
        segs.append((pos, part))
        pos += len(part)
    return lo, segs, relative


def _subject_candidates(s: str, relative_last: bool) -> Iterator[tuple[int, str]]:
    """The phrases of the comma segment ``s`` that may be the subject: the whole segment,
    then suffixes starting at a capital, pronoun or determiner, as (offset, phrase), lazily
    (the caller mostly stops at the first). ``relative_last``: ``s`` is the last segment
    before a relative clause's verb."""
    # _read_np refuses a phrase of more than _NP_MAX_WORDS words or _NP_MAX_CHARS
    # characters, so only the segment's last words can start a subject: tokenising just
    # the tail keeps the work per verb bounded ("he said " x 5 MB has a verb every 8 characters)
    if len(s) <= _NP_MAX_CHARS and s[:1] and not s[0].isspace() and len(s.split()) <= _NP_MAX_WORDS:
        yield 0, s  # the whole segment (what _tail_tokens would say, without its matches)
    toks = _tail_tokens(s)
    if len(toks) > 1 and toks[-1].group(0) in _NOMINATIVE:
        # "Describing incidents around Shaftesbury Square he added": a subject pronoun
        # closes the segment, so the words before it are an adjunct, never the subject
        yield toks[-1].start(), toks[-1].group(0)
        return
    for k in range(max(1, len(toks) - _NP_MAX_WORDS), len(toks)):
        if len(s) - toks[k].start() > _NP_MAX_CHARS:
            continue
        w = toks[k].group(0)
        prev = toks[k - 1].group(0)
        if prev.lower() in _NOT_BEFORE_SUBJECT and not (
            (w.lower() in _NOMINATIVE or (w[:1].isupper() and prev == "as")) and prev.lower() in _SUBORDINATORS
        ) and not (relative_last and w[:1].isupper()):
            # (the antecedent of ", who told her ..." may follow a preposition: "a call
            # from Minister Ivo Brack, who told her ...")
            # "Speaking to BBC Radio Kent", "After meeting Ivo Brack": not a subject; but
            # "after he condemned" is ("he" is never an object)
            continue
        if prev[:1].isupper() and w[:1].isupper() and not (toks[k - 1].start() == 0 and prev.rstrip(",") in _LEAD_WORDS) \
                and prev not in _TIME_NAMES:  # ("On Thursday Ms Rudd said": a day is no part of a name)
            continue  # "Radio Kent" inside "BBC Radio Kent": the whole name was tried
        if w[:1].isupper() or w.lower() in _PRONOUNS or w.lower() in ("the", "a"):
            yield toks[k].start(), s[toks[k].start() :]


def _collective_subject(s: str) -> tuple[str, str] | None:
    """The unnamed or collective source that the last comma segment ``s`` names, or None."""
    # "Campaigners said", "a source close to the minister said": unnamed and collective
    # sources are speakers too (codebook 1.2), named by their phrase, when the phrase
    # names nobody the article knows ("a police spokesman" may be the force named before)
    coll = collective_source(s) if len(s) <= 90 and s.lower() not in _PRONOUNS else None
    if coll is None:
        # "... was searched after an officer claimed": the subject of a subordinate clause
        sub = _SUBORD_TAIL_RE.search(s, max(0, len(s) - 80))
        coll = collective_source(sub.group(1)) if sub else None
    if coll is None and len(s) <= 60:
        coll = shaped_source(s)  # no word list knows the head: read the phrase by its shape
    return coll


def _fallback(s: str, relative: bool, doc: _Doc, pos: int) -> tuple[tuple[str, str], bool] | None:
    """The unnamed or collective source of the last segment ``s`` as a result of
    :func:`_subject_before`, or None (asked only once no named speaker was found); else
    the unnamed person quoted last, when ``s`` is "she" or "the woman" that points back."""
    coll = _collective_subject(s)
    if coll:
        return (coll[0], ""), relative
    m = _ORG_ANAPHOR_RE.fullmatch(s)
    org = doc.resolve_org_anaphor(m.group(1), pos) if m else None
    if org:  # "The council said", "the charity has warned": the body of that kind named last
        return (org, ""), relative
    got = _unnamed_antecedent(s, doc, pos)
    return (got, relative) if got else None


# "she", "the woman", "the mother": a person pointed back to, with the gender the word gives
# (family words take their gender from the lexicon's role table; "the widow" is not read here)
_ANAPHOR_GENDER = {
    "he": "m", "she": "f", "man": "m", "woman": "f", "boy": "m", "girl": "f",
    **{w: _ROLE_GENDER[w] for w in FAMILY_HEADS if w not in ("widow", "widower")},
    **dict.fromkeys(("teenager", "pensioner", "student", "victim", "resident", "parent", "neighbour"), ""),
}
_ORG_ANAPHOR_RE = re.compile(
    r"[Tt]he\s+(council|charity|trust|commission|committee|force|department|board|union|institute|"
    r"foundation|inquiry|inspectorate|watchdog|authority|agency|regulator)")
_DOCUMENT_HEADS = frozenset("report study survey review statement document letter analysis paper post".split())
_UNNAMED_WINDOW = 1500  # characters back an unnamed speaker may be pointed to


def _unnamed_antecedent(s: str, doc: _Doc, pos: int) -> tuple[str, str] | None:
    """The unnamed person quoted last ("a mother of three said ...") when ``s`` points back to
    them ("she", "the woman", "the mother") and nobody named has been mentioned since."""
    words = s.lower().split()
    pronoun = len(words) == 1 and words[0] in ("he", "she")
    if not pronoun and not (len(words) == 2 and words[0] == "the" and words[1] in _ANAPHOR_GENDER):
        return None
    last = doc.memo.get("unnamed_speaker")
    spokes = doc.last_spokes
    if pronoun and spokes is not None and spokes[2] == "org" and (last is None or spokes[0] > last[0]):
        # "a spokesperson for the trust said ... She said": the body that person speaks for
        last = spokes[0], spokes[1]
    if last is None or not 0 < pos - last[0] <= _UNNAMED_WINDOW:
        return None
    phrase = last[1]
    role = "spokesperson" if spokes is not None and last[0] == spokes[0] and spokes[2] == "org" else ""
    pwords = set(re.findall(r"[a-z]+", phrase.lower()))
    if pwords & _DOCUMENT_HEADS:
        return None
    head = words[-1]
    if head not in ("he", "she", "man", "woman") and head not in pwords:
        return None  # "the father" points to a father only
    want = _ANAPHOR_GENDER[head]
    genders = {_ANAPHOR_GENDER[w] for w in pwords if _ANAPHOR_GENDER.get(w)}
    if want and genders and want not in genders:
        return None
    mentions = doc.mentions
    for _, name, kind, _ in mentions[bisect.bisect_right(mentions, (last[0], "\uffff")) : bisect.bisect_left(mentions, (pos,))]:
        if kind == "person" and name != phrase:
            return None  # someone named since: the pronoun may be them
    return phrase, role


def _starts_sentence(masked: str, at: int) -> bool:
    """Does the phrase at ``masked[at]`` open a paragraph or a sentence ("... the club. The
    Harbour Trust had asked": "The" is capitalised by the sentence, not the name)?"""
    return at == 0 or (at >= 2 and masked[at - 1] == " " and masked[at - 2] in ".!?")


# a verb after a word, its group named "verb", for the first verb of a clause; the
# regular past or present ("visited", "lends") is the finite form a pattern can be sure of
_VERB_AFTER_WORD = r"(?<=[\w’'.])\s+(?P<verb>"
_REGULAR_FINITE = r"[a-z]{3,}(?:ed|es)"
# the first verb of a clause: a form of "be"/"have", a common irregular past, or a regular form
_IRREGULAR_PAST = r"spoke|met|went|took|gave|made|wrote|came|sent|held|lent|led|told|paid|brought|won|"
_FIRST_VERB_RE = re.compile(
    _VERB_AFTER_WORD + r"is|was|are|were|has|had|have|" + _IRREGULAR_PAST + _REGULAR_FINITE + r")(?![\w’'-])"
)


def _coordinated_subject(masked: str, lo: int, segs: list, doc: _Doc, base: int):
    """"Ann Rudd visited the clinic and said ...": a reporting verb after "and" shares the
    subject of the verb before it (read from the words up to that verb), or None."""
    last = segs[-1][1].strip() if segs else ""
    if not (len(segs) == 1 and last.endswith((" and", " and also", " and then"))) and not (
            len(segs) == 2 and last in ("and", "and also", "and then")):  # "X is based in York, and said"
        return None
    off, seg = segs[0]
    m = _FIRST_VERB_RE.search(seg)
    if m is None or m.start() == 0 or " and " in seg[: m.start()] and m.start() > 60:
        return None
    return _subject_before(masked, lo + off, lo + off + m.start("verb"), doc, base)


_NO_SUBJECT_START = frozenset(_ADJUNCT_START | {"and", "but", "who", "which"})
_PREDICATE_START_RE = re.compile(r"\s*(?:is|was|are|were|has|had|have|made|gave|took|[a-z]{3,}ed)\s+[a-z]")


def _after_predicate(segs: list) -> list:
    """The segments after the last one that opens with a finite verb ("Ann Rudd, the minister,
    | made no secret of it, | and when it was published, | Conservative ministers | signalled"):
    that verb ends the earlier subject's clause, so the subject of the verb at the end is read
    after it. All of ``segs`` when nothing after that segment could be a subject."""
    for j in range(len(segs) - 2, 0, -1):
        if _PREDICATE_START_RE.match(segs[j][1]):
            rest = segs[j + 1 :]
            tail = rest[-1][1].strip()
            if tail and tail.split(None, 1)[0].lower() not in _NO_SUBJECT_START:
                return rest
            return segs
    return segs


def _subject_before(masked: str, lo: int, hi: int, doc: _Doc, base: int) -> tuple[tuple[str, str], bool] | None:
    """Find the speaker of a reporting verb at ``hi`` from the words in ``masked[lo:hi]``.

    Returns ((speaker, role), is_relative_clause) or None.
    """
    got = _subject_segments(masked, lo, hi)
    if got is None:
        return None
    lo, segs, relative = got
    coord = _coordinated_subject(masked, lo, segs, doc, base)
    if coord is not None:
        return coord
    while len(segs) > 1 and not segs[-1][1].strip():
        segs = segs[:-1]  # "The woman, from Kestwick, | said": nothing after the last comma
    if len(segs) > 1 and segs[-1][1].split(None, 1)[:1] in ((["from"], ["of"], ["in"], ["at"]) if relative else (["from"], ["of"])):
        # "echoed by Ann Lee, from Kestwick, who said", "the woman, from Kestwick, said": the
        # place belongs to the phrase before it
        segs = segs[:-1]
    segs = _after_predicate(segs)
    for i, (off, seg) in enumerate(segs):
        s = seg.strip()
        if not s:
            continue
        s_off = off + (len(seg) - len(seg.lstrip()))
        if _WHO_RE.match(s):
            break
        if _may_lead_conj(s):
            lead = _LEAD_CONJ_RE.match(s)  # (anchored: what ``sub`` would drop)
            if lead is not None:
                s_off += lead.end()
                s = s[lead.end() :]
                if not s:
                    continue
        head = s.split(None, 1)
        first, several = head[0], len(head) > 1
        if i < len(segs) - 1 and several and (first.lower() in _ADJUNCT_START or (
                first.endswith("ing") and head[1].split(None, 1)[0].lower() in _AFTER_PARTICIPLE)):
            continue  # "Speaking to the Courier, Mr Reddy said", "Welcoming the report, ...": no subject
        last = i == len(segs) - 1
        for c_off, c in _subject_candidates(s, relative and last):
            if c_off == 0 and first.lower() in _ADVERBIAL_START and several and first.lower() not in ("the", "a", "an") \
                    and not (first == "First" and head[1][:1].isupper()):  # "First Minister Ann Rudd"
                continue
            ref = _parse_np(c, doc, base + lo + s_off + c_off, sentence_initial=_starts_sentence(masked, lo + s_off + c_off))
            if ref is None:
                continue
            # the next segment may be an appositive role ("John Smith, chair of the board,")
            role_hint = ""
            nxt = segs[i + 1][1].strip() if i + 1 < len(segs) else ""
            if nxt and not _WHO_RE.match(nxt):
                role_hint = nxt
            spokes = ref.kind == "org" and "spokes" in c.lower()  # "The party's spokesman, Ivo Marsh,"
            if nxt and (ref.kind == "role" or spokes or (ref.kind == "person" and " and " in nxt)):
                # "His lawyer, Anne Fry, said": the name in the appositive is the speaker;
                # "Harbour Leads, Ann Rudd and Ivo Marsh said": so are two people after a label
                ref2 = _parse_np(nxt, doc, base + lo + segs[i + 1][0])
                if ref2 is not None and ref2.kind == "person" and (ref.kind != "person" or " and " in ref2.name):
                    res = _resolve(ref2, doc, base + lo + segs[i + 1][0], c)
                    return (res, relative) if res else None
            res = _resolve(ref, doc, base + lo + s_off + c_off, role_hint)
            if res is None:
                return _fallback(s, relative, doc, base + lo + s_off) if last else None
            return res, relative
        fallback = _fallback(s, relative, doc, base + lo + s_off) if last else None
        if fallback:
            return fallback
        # a segment that is not adverbial and not a speaker: the subject is elsewhere
        if first.lower() not in _ADVERBIAL_START and not first.endswith("ing"):
            if last:
                return None
    return None

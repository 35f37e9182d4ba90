"""The first pass over an article: who it names (people with gender and role, organisations
with their kind), and the clues around a name (subject position, a role before it).
"""

from __future__ import annotations

import re

from .lexicon import (
    FAMILY_HEADS,
    ONE_OF_A_KIND_HEADS,
    _ADVERBIAL_START,
    _NEWSPAPER_WORDS,
    _FAMILY_COMPOUND,
    _LEAD_WORDS,
    _NOT_NAME,
    _ROLE_HEADS,
    _ROLE_HEAD_RE,
    _trie,
)
from .names import (
    _Doc,
    _NOT_APPOS_RE,
    _SUBJECTISH_RE,
    _classify_capseq,
    _first_name_gender,
    _is_orgish,
    _role_gender,
)
from .patterns import _CAPSEQ_PAT, _CAPSEQ_RE, _FOLLOWED_BY_VERB_RE, _SENT_BREAK_RE, _VERB_ALT

def _collect(doc: _Doc, text: str, paras: list[tuple[int, int]], texts: list[str] | None = None) -> None:
    """First pass: register named people (with gender and role) and organisations.

    Full names are gathered from the whole article before any mention is resolved, so that
    "Mr Dunmore" finds "Hal Dunmore" even when the full name comes later. ``texts``: the
    paragraphs' texts, if already cut from ``text``.
    """
    records = []  # (pos, tokens, gender, role, strength); 2 = a person, 1 = maybe a name
    lone = []  # (pos, token): single capitalised words, people only if a known surname
    if texts is None:
        texts = [text[p0:p1] for p0, p1 in paras]
    finditer, classify = _CAPSEQ_RE.finditer, _classify_capseq
    for (p0, _), para in zip(paras, texts):
        for m in finditer(para):
            (start, end), seq = m.span(), m.group()
            if ((start > 1 and para[start - 1] == " " and para[start - 2] in _ORG_KIND_LASTS)
                    or para[end : end + 1] == ",") and (kind := _org_kind(para, start, end)):
                _add_org_kind(doc, p0 + start, seq, kind)  # "the charity Open Door": a kind for "the charity"
            # "The", "But" alone: what _classify_capseq says of them, without the call
            what, offset, item = classify(seq) if seq not in _LEAD_WORDS else (None, 0, None)
            if what is None:
                continue
            start += offset
            if what == "lone":
                lone.append((p0 + start, item, para, start, end))
                continue
            if what == "org":
                doc.orgs.append((p0 + start, item))
                doc.mention(p0 + start, item, "org")
                continue
            nm = item
            if len(nm.tokens) == 1 and not nm.has_title and not nm.prerole:
                continue  # "Devon" cut from "Devon and Cornwall"
            if len(nm.tokens) == 1 and nm.has_title and para[max(0, start - 4) : start].lower() == "the ":
                continue  # "the Lord Advocate", "the Lord Chancellor": an office, not a person's name
            seq = para[start:end]
            if nm.affil and (" and " + nm.affil in seq or " & " + nm.affil in seq):
                # "Chief Constable Ann Rudd and Supt Dev Mistry": the second is a person too
                what2, off2, nm2 = _classify_capseq(nm.affil)
                if what2 == "name" and (nm2.has_title or nm2.prerole or _first_name_gender(nm2.tokens[0])):
                    a2 = start + seq.rfind(nm.affil) + off2
                    g2 = nm2.gender or (_first_name_gender(nm2.tokens[0]) if len(nm2.tokens) >= 2 else "")
                    pos2 = p0 + a2 + max(0, nm.affil[off2:].find(nm2.tokens[0]))
                    records.append((pos2, nm2.tokens, g2, nm2.prerole or nm2.title_role, 2, False))
            after = para[end : end + 140]
            role = nm.prerole or nm.title_role
            # the clues after and before the name are read only while no role is known
            appos = _appositive(after) if not role and after[:1] == "," else None
            if appos and _ROLE_HEAD_RE.search(appos) and not _NOT_APPOS_RE.search(appos):
                role = appos
            if not role and start > 1 and para[start - 1] == " " and (para[start - 2] == "," or para[start - 2].islower()):
                role = _role_before(para, start)
            cop = _COPULA_ROLE_RE.match(after) if not role else None
            if cop:  # "Rhona Gill is a headteacher"
                role = cop.group("role")
            first_g = _first_name_gender(nm.tokens[0]) if len(nm.tokens) >= 2 else ""
            gender = nm.gender or first_g or _role_gender(role)
            if nm.has_title or nm.prerole or first_g or role or cop or _FOLLOWED_BY_VERB_RE.match(after):
                strength = 2
            elif len(nm.tokens) >= 2 and _SUBJECTISH_RE.match(after) and (
                start == 0 or para[:start].rstrip().endswith((",", ".", " and", ":", ";"))
            ):
                strength = 2
            else:
                strength = 1 if len(nm.tokens) >= 2 else 0
            pos = p0 + start + max(0, seq.find(nm.tokens[0]))
            subj = _subject_position(para, start, end)
            records.append((pos, nm.tokens, gender, role, strength, subj))
    for pos, toks, gender, role, strength, subj in records:
        if len(toks) >= 2 and strength >= 1:
            full = " ".join(toks)
            if full not in doc.full_names and doc.canonical(toks) == full:
                doc.full_names.append(full)
                doc.by_surname.setdefault(toks[-1], full)
    for pos, toks, gender, role, strength, subj in records:
        if strength >= 2 or (len(toks) == 1 and toks[0] in doc.by_surname):
            doc.add_person(pos, toks, gender, role, subj)
    for pos, tok, para, start, end in lone:
        if tok in doc.by_surname:  # only now is it worth asking whether it is a subject
            doc.add_person(pos, [tok], subj=_subject_position(para, start, end))


# _APPOS_RE read in steps: its lazy phrase tries the look-ahead (a verb trie among its
# branches) after every character, each try a costly call inside ``re``
_APPOS_STOP_RE = re.compile(r"[,;:.!?()\"“”]")  # what the phrase may not hold
_APPOS_VERB_RE = re.compile(rf"\s+(?:has\s+|had\s+|)(?:also\s+|)(?:{_VERB_ALT})\b")
_APPOS_LEADS = ("the", "a", "an")


def _appositive(after: str) -> str | None:
    """``_APPOS_RE.match(after).group(2)`` (None where it does not match), found the way the
    pattern's engine would, in the same order: the white space after the comma taken
    longest first, the article before the phrase ("the", "a", "an" and its white space)
    tried before none; for each start of the phrase, its first end (at least 2 and at most
    100 characters on, none of _APPOS_STOP_RE's characters inside) before a comma, before
    white space and a reporting verb, or before white space only to the end."""
    n = len(after)
    if not after.startswith(","):
        return None
    w = 1
    while w < n and after[w].isspace():
        w += 1
    if w == 1:
        return None
    stop = _APPOS_STOP_RE.search(after, 1)
    r = stop.start() if stop else n  # the phrase runs at most to here
    comma = r < n and after[r] == ","
    last = len(after.rstrip()) if r == n else -1  # white space only from here on
    for k in range(w, 1, -1):  # the white space "\s+" takes, longest first
        starts = []
        if k == w:
            for lead in _APPOS_LEADS:
                if after.startswith(lead, k):
                    j = k + len(lead)
                    e = j
                    while e < n and after[e].isspace():
                        e += 1
                    if e > j:  # (only one of the words can be followed by white space)
                        starts.extend(range(e, j, -1))  # its "\s+", longest first
                        break
        starts.append(k)
        for s in starts:
            lo, hi = s + 2, min(s + 100, r)
            if lo > hi:
                continue
            ends = []
            if comma and r <= hi:
                ends.append(r)
            if last >= 0 and max(lo, last) <= hi:
                ends.append(max(lo, last))
            # (a match holds only white space and letters: one that starts by ``hi`` ends by ``r``)
            v = _APPOS_VERB_RE.search(after, lo, r)
            if v is not None and v.start() <= hi:
                ends.append(v.start())
            if ends:
                return after[s : min(ends)]
    return None


# "A friend, who cannot be named because of her age, told the hearing ...": an unnamed
# person who speaks as a subject, whom a later "She said" is about (even when the unit that
# introduces them is not found); the gender comes from a his/her in the relative clause
_UNNAMED_SUBJECT_RE = re.compile(
    r"(?:(?<=[.!?]\s)|(?<=^))(?P<np>(?:A|An|One)\s+(?:[a-z'’-]+\s+){0,2}(?:" + "|".join(ONE_OF_A_KIND_HEADS) + "))"
    r"(?:,\s+(?P<rel>who\s[^,.;:!?\"“”]{1,120}),)?\s+(?:has\s+|had\s+|)"
    r"(?:told|said|says|added|explained|described|recalled|claimed|wrote)\b"
)
_REL_GENDER_RE = re.compile(r"\b(?:(?P<f>her|she)|(?P<m>his|he|him))\b")


def collect_unnamed(doc: _Doc, paras: list[tuple[int, int]], texts: list[str]) -> None:
    """Register the unnamed people who speak as subjects ("A friend ... told the hearing",
    "The mother of a boy who ... said").

    A few ``str`` scans of the joined paragraphs tell whether any paragraph can hold one (most
    articles hold none) before each paragraph is read alone."""
    joined = "\n".join(texts)
    # a paragraph holding a head holds one of those the whole text holds (mostly one or none)
    heads = [head for head in ONE_OF_A_KIND_HEADS if head in joined]
    described = " of a" in joined
    if not heads and not described:
        return
    for (p0, _), para in zip(paras, texts):
        if heads:
            for head in heads:
                if head in para:
                    for m in _UNNAMED_SUBJECT_RE.finditer(para):
                        _note_unnamed_subject(doc, p0, m)
                    break
        if described and " of a" in para:
            for m in _DESCRIBED_SUBJECT_RE.finditer(para):
                _note_described_subject(doc, p0, m)


# "The mother of a teenage boy who was ... said": a person the article describes instead of
# naming; a later "the woman said" or "she said" is about them
_DESCRIBED_HEADS = "|".join(FAMILY_HEADS)
# (it opens with the literal "T" of The/THE, which ``re`` skips to in C; a pattern opening with
# a look-behind is tried at every offset)
_DESCRIBED_SUBJECT_RE = re.compile(
    rf"(?P<np>T(?:(?<=[.!?]\sT)|(?<=^T))(?:he|HE)\s+(?P<head>{_DESCRIBED_HEADS})\s+of\s+an?\s+[^,.;:!?\"“”]{{1,60}}?)"
    r"(?:\s+who\s[^.;:!?\"“”]{1,160}?)?\s+(?:has\s+|had\s+|)(?:told|said|says|added|explained|claimed)\b"
)


def _note_described_subject(doc: _Doc, p0: int, m: re.Match) -> None:
    phrase = "the " + m.group("np").split(None, 1)[1]
    gender = _role_gender(m.group("head"))
    if gender in ("m", "f"):
        doc.gender.setdefault(phrase, gender)
        doc.unnamed_heads.setdefault("woman" if gender == "f" else "man", phrase)
    doc.mention(p0 + m.start("np"), phrase, "person", True)


def _note_unnamed_subject(doc: _Doc, p0: int, m: re.Match) -> None:
    phrase = m.group("np")
    rel = m.group("rel")
    g = _REL_GENDER_RE.search(rel) if rel else None
    if g and not doc.gender.get(phrase):
        doc.gender[phrase] = "f" if g.group("f") else "m"
    doc.note_unnamed(p0 + m.start("np"), phrase)


_SUBJ_AFTER_RE = re.compile(
    r"(?:\s*,[^,.;:!?\"“”]{1,90},|,)?\s*(?:\([^()]{0,40}\)\s*)?\s+(?:"
    r"has|had|have|was|is|were|are|will|would|could|can|did|does|also|then|later|now|"
    r"previously|recently|last|this|said|says|told|added|(?!(?:of|and|or|for|in|on|at|to|as|"
    r"his|its|this|us|was|has|is|does|ads|days|news)\b)[a-z]+(?:s|ed))\b"
)


_SAID_IN_RE = re.compile(r"\s(?:said|says|told|added|argued|claimed|wrote|backed|backing)\s")


def _subject_position(para: str, start: int, end: int) -> bool:
    """Is the name at ``para[start:end]`` the subject of its clause (a likely antecedent)?

    "Lucy Dunn met Sarah Holt's mother": Lucy Dunn is, Sarah Holt (a possessive) is not;
    "Her colleague Nina Shaw, the manager, was cautious": Nina Shaw is (a verb follows).
    """
    if para[end - 2 : end] in ("'s", "’s") or para[end - 1 : end] in ("'", "’"):
        return False
    lo = 0
    for m in _SENT_BREAK_RE.finditer(para, start - 200 if start > 200 else 0, start):
        lo = m.end()
    before = para[lo:start].strip()
    if not before or before in _LEAD_WORDS:
        return True
    if before[-3:] == " by":  # (slices: str.endswith parses its arguments on every call)
        # the agent of a passive ("co-ordinated by Ivo Marsh") is a subject too, unless the
        # passive sits in someone's reported words ("Ann Rudd said she backed the paper
        # written by Ivo Marsh": a later "she" is still Ann Rudd)
        return _SAID_IN_RE.search(before) is None
    if before[-1:] == "," and before.split(None, 1)[0].lower().strip(",") in _ADVERBIAL_START:
        return True
    return _SUBJ_AFTER_RE.match(para, end) is not None


_ROLE_BEFORE_TAIL_RE = re.compile(rf"\s*,?\s*|\s+(?:of|for|at)\s+(?:the\s+)?{_CAPSEQ_PAT}\s*,?\s*")
_PUNCT_SPLIT_RE = re.compile(r"[,.;:!?\"“”()]")
_COPULA_ROLE_RE = re.compile(
    rf"\s+(?:is|was|has\s+been)\s+(?:a|an|the)\s+(?P<role>(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_FAMILY_COMPOUND}|{_trie(_ROLE_HEADS)})(?![\w-])(?:\s+(?:of|for|at)\s+[^,.;:!?\"“”()]{{1,50}})?)",
    re.IGNORECASE,
)
_ROLE_BEFORE_STOP = {
    "said", "says", "told", "and", "but", "by", "with", "to", "from", "at", "in", "on", "as",
    "was", "is", "who",
}


def _role_before(para: str, start: int) -> str:
    """A lowercase role right before a name: "Brancombe's chief constable, Ravi Stone",
    "the leader of Drayford Council, Nick Storr"."""
    lo = start - 90 if start > 90 else 0
    last = None
    for last in _ROLE_HEAD_RE.finditer(para, lo, start):
        pass
    if last is None or not (last.group(0)[:1].islower() or last.group(0).split()[-1].islower()):
        # capitalised roles are read with the name ("Chief Constable Ravi Stone"); a role
        # capitalised only by the sentence start is not ("Policing minister Kit Dunmore")
        return ""
    if not _ROLE_BEFORE_TAIL_RE.fullmatch(para, last.end(), start):
        return ""
    words = _PUNCT_SPLIT_RE.split(para[lo : last.start()])[-1].split()[-3:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _ROLE_BEFORE_STOP:
            words = words[i + 1 :]
            break
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words + [para[last.start() : start].strip(" ,")])


_ORG_KINDS = """charity trust group campaign organisation organization company firm party union
association society foundation service council force club network agency body watchdog
regulator university college school hospital clinic centre hostel project partnership board
department ministry newspaper website magazine station broadcaster""".split()
_ORG_KIND = "(?:" + _trie(_ORG_KINDS) + ")"
_ORG_KINDS_SET = frozenset(_ORG_KINDS)
# a kind's last letters: _org_kind finds a kind only after one of them and a space, or before a comma
_ORG_KIND_LASTS = frozenset(k[-1] for k in _ORG_KINDS)
_ORG_KIND_AFTER_RE = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<kind>{_ORG_KIND})(?![\w-])")


def _org_kind(para: str, start: int, end: int) -> str:
    """The kind the text gives the name at ``para[start:end]``: "the charity Open Door",
    "Open Door, a Brancombe charity," -> "charity"; "" if none."""
    if start > 1 and para[start - 1] == " ":
        prev = para[para.rfind(" ", 0, start - 1) + 1 : start - 1]
        if prev in _ORG_KINDS_SET:
            return prev
    if para[end : end + 1] == ",":
        m = _ORG_KIND_AFTER_RE.match(para, end)
        if m:
            return m.group("kind")
    return ""


def _add_org_kind(doc: _Doc, pos: int, name: str, kind: str) -> None:
    toks = name.split()
    if toks[0] in _LEAD_WORDS or toks[0] in _NOT_NAME or (
        len(toks) >= 2 and _first_name_gender(toks[0]) and not _is_orgish(toks)
    ):
        return
    doc.orgs.append((pos, name))
    doc.org_kinds.setdefault(name, kind)
    doc.mention(pos, name, "org")


_SPOKES_RE = re.compile(
    r"(?:(?P<pre>.+?)\s+)?spokes(?:man|woman|person)(?:\s+(?:for|from|at|of)\s+(?:the\s+)?(?P<org>.+))?$"
)


def _org_anaphor(head: str, doc: _Doc, pos: int) -> str | None:
    """"the force" / "police" -> the police force named earlier; "the charity" -> the
    charity named earlier (by a name containing the word or introduced as one)."""
    head = head.lower().strip(",.")
    if head in ("force", "police", "constabulary"):
        return (
            doc.resolve_org_anaphor("police", pos)
            or doc.resolve_org_anaphor("constabulary", pos)
            or doc.resolve_org_anaphor("force", pos)
        )
    if head in _DOC_HEADS or head in _BODY_HEADS:
        # "the committee", "the watchdog": a body of that name or kind, else the latest body
        # named; "the report", "the study": the body that issued it, the latest body named
        found = doc.resolve_org_anaphor(head, pos) if head in _BODY_HEADS else None
        if found is None:
            before = [m for m in doc.orgs if m[0] < pos and pos - m[0] < _BODY_WINDOW]
            found = max(before)[1] if before else None
        if found and found.startswith("the "):
            found = found[4:]
        return found
    if head not in _ORG_ANAPHOR_HEADS:
        return None
    found = doc.resolve_org_anaphor(head, pos)
    if found is None and head == "charity":
        # "The Kell Trust runs the clinic. The charity said": the latest body named that is no
        # public body (a force, a council, a department)
        before = [m for m in doc.orgs if m[0] < pos and pos - m[0] < _BODY_WINDOW
                  and not any(w in _PUBLIC_BODY_WORDS or w in _NEWSPAPER_WORDS for w in m[1].split())]
        found = max(before)[1] if before else None
    return found


_PUBLIC_BODY_WORDS = frozenset("""Police Constabulary Council Government Office Department Ministry Court
Parliament Commons Lords NHS Service Assembly Executive Authority""".split())


_ORG_ANAPHOR_HEADS = set(_ORG_KINDS)
_BODY_HEADS = {"committee", "commission", "watchdog", "inspectorate", "regulator", "body", "organisation"}
_DOC_HEADS = {"report", "study", "review", "survey", "inquiry", "investigation", "analysis"}
_BODY_WINDOW = 2500  # characters back a "the watchdog" or "the report" may point
_ANAPHOR_TAILS = {"force", "council", "constabulary", "charity", "government", "department", "trust"} | _BODY_HEADS | _DOC_HEADS

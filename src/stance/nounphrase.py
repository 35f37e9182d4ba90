"""Reading a speaker noun phrase (pronoun, name with titles, role, organisation) and
resolving it to the canonical speaker the article names.
"""

from __future__ import annotations

import bisect
import functools
import re

from .lexicon import (
    AGENT_KEYS,
    ONE_OF_A_KIND_HEADS,
    _ORG_ALIASES,
    _FIRST_NAMES,
    _COMMON_ROLE_NOUNS,
    _DETERMINERS,
    _FAMILY_KEYS,
    _GENERIC_ORG_WORDS,
    _NEWSPAPER_WORDS,
    _NOT_NAME,
    _NP_GLUE,
    _ORG_WORDS,
    _PARTICLES,
    _PREPOSITIONS,
    _PRONOUNS,
    _ROLE_HEAD_RE,
    _TITLE_RE,
)
from .antecedents import last_speaker_near
from .mentions import _ANAPHOR_TAILS, _DOC_HEADS, _SPOKES_RE, _org_anaphor
from .names import (
    _Doc,
    _keys_compatible,
    _Ref,
    _clean_role,
    _first_name_gender,
    _role_gender,
    _role_key,
)
from .nameshape import _POSTNOMINALS, _Name, _analyse_capseq, _is_orgish, _name_like
from .patterns import _FINITE_RE, _NONSPACE_RE
from .sources import _FORCE_RE, kin_type

def _parse_np_suffix(np: str, doc: _Doc, pos: int, initial: bool = True) -> tuple[_Ref, int] | None:
    """Like :func:`_parse_np`, also trying the phrase minus leading words ("Drugs czar Tam Rooke")."""
    ref = _parse_np(np, doc, pos, sentence_initial=initial)
    if ref is not None:
        return ref, 0
    for t in list(_NONSPACE_RE.finditer(np))[1:]:
        w = t.group(0)
        prev = np[: t.start()].split()[-1]
        if not (prev[:1].isupper() or prev.lower() in _NP_GLUE or _ROLE_HEAD_RE.fullmatch(prev)):
            # "Panel grills PCC": a word that is neither a name, a role nor glue is a verb
            # or the like, and what follows it is its object, not a speaker
            return None
        if w[:1].isupper() or w.lower() in _PRONOUNS or w.lower() in ("the", "a"):
            ref = _parse_np(np[t.start() :], doc, pos + t.start())
            if ref is not None:
                return ref, t.start()
    return None


def _parse_np(np: str, doc: _Doc, pos: int, sentence_initial: bool = False) -> _Ref | None:
    """Read a subject noun phrase: pronoun, name (with titles, roles), role description, org.

    The reading of the words alone is cached (:func:`_read_np`); only "the trust" (which
    organisation?) and a lone surname (a known person?) need the article.
    """
    got = _read_np(np, sentence_initial)
    if got is None:
        if doc.unnamed_heads and np[:4] in ("the ", "The ") and (np[4:] in _ONE_OF_A_KIND or np[4:] in ("woman", "man")):
            # "the friend" after "A friend", "the woman" after "The mother of a boy": the one
            # person introduced so (a story has many officers, so "the officer" may be another)
            found = doc.unnamed_heads.get(np[4:])
            return _Ref("unnamed", name=found) if found else None
        return None
    if isinstance(got, _Ref):
        return got
    what = got[0]
    if what == "surname":  # ("surname", tok, as_person, otherwise)
        return got[2] if got[1] in doc.by_surname else got[3]
    if what == "spokes":  # ("spokes", head, gender): "a spokesperson for the service"
        found = _org_anaphor(got[1], doc, pos)
        if found is None:
            # the body the article named last, if it is near: a spokesperson speaks for a body
            before = [m for m in doc.orgs if m[0] < pos and pos - m[0] < _SPOKES_WINDOW]
            found = max(before)[1] if before else None
        return _Ref("org", name=found, role="spokesperson", gender=got[2]) if found else None
    if what == "spokes-again":
        last = doc.last_spokes
        if last is None or not 0 < pos - last[0] <= _SPOKES_AGAIN_WINDOW:
            return None
        if last[2] == "unnamed":
            return _Ref("unnamed", name=last[1], gender=got[2])
        return _Ref("org", name=last[1], role="spokesperson", gender=got[2])
    if what == "spokes-of-last":
        # "The Home Office said it will ignore the report. 'We ...,' a spokesman said": the
        # spokesperson of the body whose unit ends just before (codebook: the body speaks)
        k = bisect.bisect_left(doc.spoken, (pos,))
        if k and pos - doc.spoken[k - 1][0] <= _SPOKES_WINDOW and doc.spoken[k - 1][2] in doc.org_names():
            return _Ref("org", name=doc.spoken[k - 1][2], role="spokesperson", gender=got[2])
        return None
    if what == "leader-spokes":
        # "the Prime Minister's official spokesman": the office as the article names it ("No
        # 10"), else the phrase as written
        office = _prime_minister_office(doc)
        if office:
            return _Ref("org", name=office, role="spokesperson")
        return _Ref("unnamed", name=got[1])
    if what == "office":  # ("office", "Lord Advocate", "the Lord Advocate")
        holders = [p for p, r in doc.role.items() if got[1].lower() in r.lower()]
        if len(holders) == 1:
            return _Ref("person", name=holders[0], role=got[1])
        return _Ref("org", name=got[2])  # the office as written: an unnamed source
    if what == "anaphor":  # ("anaphor", head, gender, capitalised words it must contain)
        found = _org_anaphor(got[1], doc, pos)
        if found is None and got[1] in ("force", "constabulary") and doc.para_idx <= 2:
            # a lead's "The force has admitted ..." before the body names "Northvale Police"
            found = next((n for p, n in doc.orgs if pos < p <= pos + _LEAD_FORWARD and _FORCE_RE.fullmatch(n)), None)
        if found and all(w in found for w in got[3]):
            return _Ref("org", name=found, gender=got[2])
        return None
    # ("anaphor-or-name", head, gender, words, name): "the NHS trust", else the words as written
    found = _org_anaphor(got[1], doc, pos)
    if found and all(w in found for w in got[3]):
        return _Ref("org", name=found, gender=got[2])
    return _Ref("org", name=got[4], gender=got[2])


_LEADER_SPOKES_RE = re.compile(r"Prime\s+Minister['’]s\s+(?:official\s+)?spokes(?:man|woman|person)")
_PM_OFFICE_RE = re.compile(r"\b(?:No\.?\s?10|Number\s+10|Downing\s+Street)(?!\s+(?:Road|Lane)\b)")


def _prime_minister_office(doc: _Doc) -> str | None:
    """The Prime Minister's office as the article names it: "No 10" (or "Number 10") when it
    does so more often than "Downing Street" and more than once, else "Downing Street"; None
    when it never names it."""
    memo = doc.memo
    if "pm_office" not in memo:
        counts: dict[str, int] = {}
        for m in _PM_OFFICE_RE.finditer(doc.text):
            name = "Downing Street" if m.group(0).startswith("D") else "No 10"
            counts[name] = counts.get(name, 0) + 1
        ds, no10 = counts.get("Downing Street", 0), counts.get("No 10", 0)
        # (a single "No 10" keeps the usual name; an article that keeps calling it so has its own)
        memo["pm_office"] = "No 10" if no10 >= 2 and no10 > ds else "Downing Street" if counts else None
    return memo["pm_office"]


# a body the article writes in lower case: "the health and social care committee"
_LOWER_BODY_RE = re.compile(
    r"(?:(?:MPs|members|peers|councillors)\s+(?:on|of|from)\s+)?(?:the\s+)?"
    r"(?P<body>(?!the\b|a\b|this\b|that\b)(?:[a-z]+,?\s+){1,6}(?:committee|commission))"
)
# "Mail on Sunday columnist": a name with a small word inside it (the all-capitals case is
# read by _read_determined_np), then a role
_PAPER_ROLE_RE = re.compile(
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:on|of|for)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?P<head>[a-z]+)"
)
_ONE_OF_A_KIND = frozenset(ONE_OF_A_KIND_HEADS)
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_GOVERNMENT_RE = re.compile(r"(?:[A-Z][\w-]*\s+)?government")
_NATIONS = {"Scotland", "Wales", "England", "Ireland", "UK", "Britain"}
_SPOKES_AGAIN_WINDOW = 3000  # characters back "the spokesman" may be the spokesperson quoted
_LEAD_FORWARD = 1200  # characters on a lead's "the force" may find the force named
_SPOKES_WINDOW = 600  # characters back the body of "a spokesperson for the service" may be named
_NP_MAX_WORDS = 12  # a subject noun phrase is never longer than this
_NP_MAX_CHARS = 120
_NAME_BEFORE_AFFIL_RE = re.compile(r"((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+),?\s+(?:of|from|at)\s")


@functools.lru_cache(maxsize=16384)
def _read_np(np: str, sentence_initial: bool) -> _Ref | tuple | None:
    """The context-free part of :func:`_parse_np`: a _Ref, None, or a tuple saying what to
    look up in the article."""
    np = np.strip().strip(",")
    if not np or len(np) > _NP_MAX_CHARS:
        return None
    low = np.lower()
    if low in _PRONOUNS:
        return _Ref("pron", name=low)
    words = np.split()
    if words[0].lower() in _PREPOSITIONS:
        return None  # "In Kestwick, the mood was grim": a place after a preposition names nobody
    if len(words) > _NP_MAX_WORDS:
        # "Holly Mae Robinson of the Newcastle branch of ...": a long affiliation after a
        # full name; the name alone is the speaker (never a suffix of it)
        return _full_name_before_affiliation(np, sentence_initial)
    if low.endswith(("committee", "commission")):
        m = _LOWER_BODY_RE.fullmatch(np)
        if m:  # "MPs on the health and social care committee": the committee, as written
            return _Ref("org", name=m.group("body"))
    if " and " in np and np.count(" and ") == 1:
        pair = _joint_people(np, sentence_initial)
        if pair is not None:
            return pair
    first = words[0]
    if len(words) <= 5 and kin_type(words) == "group":
        return _Ref("role", name="relative", role=np, key="family")  # "Miss Rudd's family", as written
    if "spokes" in low and first.lower() in ("the", "a", "an") and len(words) > 1:
        # "the spokesman" mid-sentence is a spokesperson, never a headline's bare role
        return _read_determined_np(np, words, first, False, sentence_initial)
    ref = _headline_role_ref(np, words, sentence_initial)
    if ref is None:
        ref = _role_then_name_ref(np, words)
    if ref is not None:
        return ref
    if ("'s " in np or "’s " in np) and (words[-1].lower() in _DOC_HEADS or words[-1].lower() in _OWNED_WORDS):
        owner = _owner_of_document(np, sentence_initial)
        if owner is not None:
            return owner
    for k in range(1, min(3, len(words) - 1)):
        # "Ivo Brack's policing minister": a full name's possessive before a role
        if words[k].endswith(("'s", "’s")) and words[k + 1][:1].islower() and all(w[:1].isupper() for w in words[:k]):
            got = _read_determined_np(" ".join(words[k:]), words[k:], words[k], True, sentence_initial)
            # (someone's relative is written in full: "Miss Ann Rudd's mother")
            return _Ref("role", name="relative", role=np, key=got.key) if isinstance(got, _Ref) and got.name == "relative" else got
    possessive = first[:1].isupper() and first.endswith(("'s", "’s")) and len(words) > 1
    pm = _PAPER_ROLE_RE.fullmatch(np, 4) if first.lower() == "the" and len(words) > 3 else None
    if pm and _ROLE_HEAD_RE.fullmatch(pm.group("head")):
        # "the Mail on Sunday columnist": a body's name with a small word in it, then a role
        return _Ref("role", role=np[4:], key=_role_key(pm.group("head")))
    if (first.lower() in ("the", "a", "an", "his", "her", "their", "its") or possessive) and len(words) > 1:
        return _read_determined_np(np, words, first, possessive, sentence_initial)
    got = _read_capitalised_np(np, words)
    if got is None:
        # "Superintendent Ann Rudd from Kestwick police's command team": a full name before an
        # affiliation the capitalised reading refuses (lower-case words in it)
        return _full_name_before_affiliation(np, sentence_initial)
    return got


def _full_name_before_affiliation(np: str, sentence_initial: bool) -> _Ref | None:
    """The person a full name opening ``np`` names when an affiliation follows it ("Ann Rudd
    of the Kestwick branch ..."), else None."""
    m = _NAME_BEFORE_AFFIL_RE.match(np)
    got = _read_np(m.group(1), sentence_initial) if m else None
    return got if isinstance(got, _Ref) and got.kind == "person" and " " in got.name else None


# what someone writes or says that speaks for them: "Mr Lord's letter says" (with _DOC_HEADS)
_OWNED_WORDS = frozenset("letter statement submission tweet post blog column article speech evidence".split())
# "the VUS's report", "Miss Rudd's latest report": a document and whose it is
_OWNED_DOC_RE = re.compile(
    r"(?:[Tt]he\s+)?(?P<owner>[A-Z][\w.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*){0,4})['’]s\s+(?:[a-z]+\s+)?[a-z]+"
)


def _owner_of_document(np: str, sentence_initial: bool) -> _Ref | None:
    """The person or body whose document ``np`` is ("the VUS's report" -> VUS): a document
    speaks for whoever wrote it (codebook 1.2)."""
    m = _OWNED_DOC_RE.fullmatch(np)
    if m is None:
        return None
    owner = m.group("owner")
    if owner.isupper() and len(owner) > 1:
        return _Ref("org", name=owner)
    got = _read_np(owner, sentence_initial)
    return got if isinstance(got, _Ref) and got.kind in ("person", "org") else None


def _joint_people(np: str, sentence_initial: bool) -> _Ref | None:
    """"Durham PCC Ann Rudd and Wexham PCC Ivo Marsh said": two people speaking together, one
    speaker written "Ann Rudd and Ivo Marsh" (a group, codebook 1.2). Both halves must be
    full names (a role before each is dropped)."""
    a, b = np.split(" and ")
    ra, rb = _read_np(a, sentence_initial), _read_np(b, False)
    if not (isinstance(ra, _Ref) and isinstance(rb, _Ref) and ra.kind == rb.kind == "person"):
        return None
    if " " not in ra.name or " " not in rb.name or not a.endswith(ra.name) or not b.endswith(rb.name):
        return None
    if rb.role[:1].isupper() and not ra.role and ra.name.split()[0] not in _FIRST_NAMES:
        return None  # "Community Safety and Legal Affairs Minister Ann Rudd": one office's title
    return _Ref("person", name=f"{ra.name} and {rb.name}", gender="pl")


def _headline_role_ref(np: str, words: list, sentence_initial: bool) -> _Ref | None:
    """A headline's bare role: "... - campaigner", "... says drugs tsar", "Police chief says ..."."""
    first = words[0]
    if first[:1].islower() and len(words) <= 3 and _ROLE_HEAD_RE.search(words[-1]):
        hm = list(_ROLE_HEAD_RE.finditer(np))
        if hm and hm[-1].end() == len(np) and all(w.isalpha() or "-" in w for w in words):
            return _Ref("role", role=np, key=_role_key(hm[-1].group(0)))
    if (
        sentence_initial
        and 2 <= len(words) <= 4
        and first[:1].isupper()
        and first.lower() not in _DETERMINERS
        and all(w.islower() for w in words[1:])
    ):
        # a headline's "Police chief says ...", "Council leader urges ...", "Mum of victim backs"
        core = re.split(r"\s(?:of|for|at|in)\s", np, maxsplit=1)[0]
        hm = list(_ROLE_HEAD_RE.finditer(core))
        if hm and hm[-1].end() == len(core) and all(w.isalpha() or "-" in w for w in words):
            return _Ref("role", role=np, key=_role_key(hm[-1].group(0)))
    return None


def _role_then_name_ref(np: str, words: list) -> _Ref | None:
    """A lowercase role before a name: "Cleveland assistant chief constable Ivo Brack"."""
    if len(words) >= 3 and words[-1][:1].isupper() and words[-2][:1].isupper():
        heads = list(_ROLE_HEAD_RE.finditer(np))
        if heads and heads[-1].group(0).islower():
            nm = _analyse_capseq(np[heads[-1].end() :]) if len(words) - len(np[: heads[-1].end()].split()) <= 4 else None
            if nm is not None and not nm.prerole and not nm.affil and 2 <= len(nm.tokens) <= 3 and \
                    _name_like(list(nm.tokens)) and not _is_orgish(nm.tokens):
                role = np[: heads[-1].end()]
                gender = nm.gender or _first_name_gender(nm.tokens[0]) or _role_gender(role)
                return _Ref("person", name=" ".join(nm.tokens), role=role, gender=gender)
    return None


def _read_capitalised_np(np: str, words: list) -> _Ref | tuple | None:
    """The part of :func:`_read_np` for a run of capitalised words, possibly ending with an
    affiliation ("Josie Smith of Public Health Wales", "West Mercia PCC", "Release")."""
    toks = words
    if not toks[0][:1].isupper():
        return None
    heads = list(_ROLE_HEAD_RE.finditer(np))
    if heads and heads[-1].end() == len(np) and not _TITLE_RE.match(np + " ") and not (
        len(toks) >= 3 and toks[-1] in _POSTNOMINALS and any(t in _FIRST_NAMES for t in toks[:-1])
    ):  # ("Policing Minister Ivo Brack MP" is a named person)
        # "PCC", "the Police and Crime Commissioner", "West Mercia PCC"
        if all(t[:1].isupper() or t.lower() in ("and", "of", "for", "&") for t in toks):
            return _Ref("role", role=np, key=_role_key(heads[-1].group(0)))
    nm = _analyse_capseq(np)
    if nm is None:
        return None
    # everything up to the affiliation must be capitalised
    core = np if not nm.affil else np[: np.rfind(nm.affil)].rsplit(None, 1)[0]
    core_toks = core.split()
    if "," in core:
        return None  # "In Kestwick, the mood was grim": a name holds no comma
    if any(not (t[:1].isupper() or t.lower() in ("and", "of", "for", "&", "the") or t.lower() in _PARTICLES) for t in core_toks):
        return None
    if _is_orgish(toks) and not (nm.has_title or nm.prerole) and not (
        len(nm.tokens) >= 2 and (_first_name_gender(nm.tokens[0]) or (nm.affil and not _is_orgish(nm.tokens)))
    ):  # "Josie Smith of Public Health Wales" is a person of that body
        name = np
        if toks[0] == "The" and not (len(toks) > 1 and toks[1] in _NEWSPAPER_WORDS):
            name = np[4:]
        if len(toks) == 1 and toks[0] in ("Police", "Council", "Government", "Home"):
            return None
        return _Ref("org", name=name)
    if not _name_like(nm.tokens, nm.has_title):
        if nm.prerole and not nm.tokens:
            return _Ref("role", role=nm.prerole, key=_role_key(nm.prerole))
        if len(toks) == 1 and _ACRONYM_RE.fullmatch(np) and np not in _NOT_NAME and not _ROLE_HEAD_RE.fullmatch(np):
            return _Ref("org", name=np)  # "RSPH has backed ..."
        if (2 <= len(toks) <= 4 and toks[-1] in _NATIONS and not nm.has_title and not nm.prerole
                and not _first_name_gender(toks[0]) and toks[0] not in _NOT_NAME):
            return _Ref("org", name=np)  # "Addaction Scotland", "Transform Wales": a body of the nation
        return None
    if len(nm.tokens) == 1 and not (nm.has_title or nm.prerole):
        tok = nm.tokens[0]
        otherwise = None
        if _first_name_gender(tok):
            otherwise = _Ref("person", name=tok, gender=_first_name_gender(tok))
        elif (tok in _ORG_WORDS and tok not in _GENERIC_ORG_WORDS) or (
            tok.isupper() and 2 <= len(tok) <= 6 and tok not in _NOT_NAME
        ):
            otherwise = _Ref("org", name=tok)
        return ("surname", tok, _person_ref(nm), otherwise)
    return _person_ref(nm)


def _read_determined_np(np: str, words: list, first: str, possessive: bool, sentence_initial: bool) -> _Ref | tuple | None:
    """The part of :func:`_read_np` for a phrase after a determiner or a possessive name
    ("the charity's chief executive", "Abi's father", "a spokesman for the trust")."""
    rest = np.split(None, 1)[1]
    rtoks = rest.split()
    if first.lower() == "the" and len(rtoks) == 2 and rtoks[0] in ("Lord", "Lady") and rtoks[1].isalpha() \
            and rtoks[1][:1].isupper() and rtoks[1][1:].islower():
        # "the Lord Advocate", "the Lord Chancellor": an office; its holder if the article
        # names one, else the office as written
        return ("office", rest, np[0].lower() + np[1:])
    sp = _SPOKES_RE.match(rest)
    if sp and _LEADER_SPOKES_RE.fullmatch(rest) and first.lower() == "the":  # No 10 speaking
        return ("leader-spokes", "the " + rest)
    if sp:
        # a spokesperson speaks for the organisation; "spokeswoman" also lets a later
        # "she said" find it
        gender = _role_gender(sp.group(0))
        org = (sp.group("org") or sp.group("pre") or "").strip()
        last = org.split()[-1] if org else ""
        if org and org[0].isupper() and last.islower() and len(org.split()) <= 3:
            # "the NHS trust": the trust named earlier, if there is one
            return ("anaphor-or-name", last, gender, tuple(org.split()[:-1]), org)
        if org and org[0].isupper():
            return _Ref("org", name=org, role="spokesperson", gender=gender)
        if org and len(org.split()) <= 3:
            return ("spokes", org.split()[-1], gender)
        if not org:  # "the spokesman said": the one quoted before; "a spokesman": the body that just spoke
            return ("spokes-again" if first.lower() == "the" else "spokes-of-last", "", gender)
        return None
    if _GOVERNMENT_RE.fullmatch(rest) and not possessive and first.lower() == "the":
        # a description, not a name: kept with its article, as written ("The UK government");
        # a bare lower-case "the government" is just "government"
        return _Ref("org", name="government" if rest == "government" else "The " + rest)
    if all(t[:1].isupper() or t.lower() in ("and", "of", "for", "&") for t in rtoks):
        if len(rtoks) >= 2 and _ROLE_HEAD_RE.fullmatch(rtoks[-1]) and rtoks[-1] not in _ORG_WORDS and not (
            possessive or _TITLE_RE.match(rest + " ")
        ):
            # "the Labour PCC", "the Green MSP": a party or place before a role
            return _Ref("role", role=rest, key=_role_key(rtoks[-1]))
        if first == "The" and len(rtoks) == 1 and _ACRONYM_RE.fullmatch(rest) and rest not in _NOT_NAME and not _ROLE_HEAD_RE.fullmatch(rest):
            return _Ref("org", name=rest)  # "The NPCC said"
        if _is_orgish(rtoks) and not possessive:
            if first == "The" and (not sentence_initial or any(t in _NEWSPAPER_WORDS for t in rtoks)):
                return _Ref("org", name=np)
            return _Ref("org", name=rest)
        nm = _analyse_capseq(rest)
        if nm is not None and _name_like(nm.tokens, nm.has_title) and (nm.prerole or nm.has_title or possessive and _full_name(nm)):
            return _person_ref(nm)  # ("Release's Ann Rudd": a body's person by full name)
        if _ROLE_HEAD_RE.fullmatch(rest.strip()) or (nm is None and _role_key(rest)):
            return _Ref("role", role=rest, key=_role_key(rest))
        return None
    if len(rtoks) <= 2 and rtoks[-1].lower() in _ANAPHOR_TAILS and not (
        rtoks[-1].lower() in _DOC_HEADS and first.lower() in ("a", "an")
    ):  # "the report" points back; "a report" is an unnamed document
        return ("anaphor", rtoks[-1], "", ())
    rm = re.match(
        r"^(?:(?:[\w'’-]+['’]s|former|new|deputy|local|current|acting|interim|outgoing|then|"
        r"county['’]s|region['’]s|area['’]s|force['’]s|city['’]s|council['’]s)\s+){0,3}"
        r"(?P<head>.+?)(?:\s+(?:for|of|at|in|on)\s+.+)?$",
        rest,
    )
    if rm:
        head = rm.group("head")
        hm = _ROLE_HEAD_RE.fullmatch(head)
        if hm is None:
            # "police and crime commissioner" inside a longer head ("area police and crime commissioner")
            hm2 = list(_ROLE_HEAD_RE.finditer(head))
            if hm2 and hm2[-1].end() == len(head) and len(head.split()) <= 6 and not _FINITE_RE.search(head):
                hm = hm2[-1]
        if hm is not None:
            key = _role_key(hm.group(0))
            if key in ("member", "head", "lead", "chief", "deputy", "officer", "expert", "boss") and len(words) <= 2:
                return None
            if (key in _FAMILY_KEYS or key in AGENT_KEYS) and (possessive or first.lower() in ("his", "her", "their", "its")):
                # "her mother", "Abi's father", "his lawyer": someone's relative or agent, never
                # the person named, an unnamed source as written (an appositive name still wins:
                # "His brother, Ed Hale, said")
                return _Ref("role", name="relative", role=np, key=key)
            return _Ref("role", role=rest, key=key)
    return None


def _full_name(nm: _Name) -> bool:
    return len(nm.tokens) >= 2 and nm.tokens[0] in _FIRST_NAMES


def _person_ref(nm: _Name) -> _Ref:
    role = nm.prerole or nm.title_role
    gender = nm.gender or (_first_name_gender(nm.tokens[0]) if len(nm.tokens) >= 2 else "") or _role_gender(role)
    return _Ref("person", name=" ".join(nm.tokens), role=role, gender=gender)


def _role_just_spoken(ref: _Ref, doc: _Doc, pos: int) -> str | None:
    """"The lawyer claimed" right after "Ann Fry, defending, said ...": a definite role noun
    nobody holds by name is the person who spoke just before, when their role (if any) fits."""
    if not ref.key or doc.para_idx <= 2 or not doc.text.startswith("The ", pos) or \
            doc.text[max(0, pos - 4) : pos].rstrip()[-1:] not in ("", ".", "!", "?", "”", '"'):
        return None  # opening its sentence ("..., the area's commissioner has said" is named next)
    near = last_speaker_near(doc.spoken, doc.mentions, doc.text, pos)
    known = _role_key(doc.role.get(near, "")) if near else ""
    return near if near and (not known or _keys_compatible(ref.key, known)) else None


def _relative_speaker(phrase: str, doc: _Doc, pos: int) -> tuple[str, str]:
    """Someone's relative or agent as the speaker, written as the article writes them ("her
    mother", "Miss Rudd's family"); a later "she said" may be them."""
    w = phrase.split(None, 1)
    if w[0] in ("His", "Her", "Their", "Its", "The"):
        phrase = w[0].lower() + " " + w[1]
    doc.note_unnamed(pos, phrase)
    return phrase, ""


def _resolve(ref: _Ref | None, doc: _Doc, pos: int, role_hint: str = "") -> tuple[str, str] | None:
    """Turn a reference into (canonical speaker, role), recording the mention."""
    if ref is None:
        return None
    if ref.kind == "pron":
        name = doc.resolve_pronoun(ref.name, pos)
        if name is None:
            return None
        want = _PRONOUNS.get(ref.name, "")
        if want in ("m", "f") and not doc.gender.get(name):
            doc.gender[name] = want
        if want in ("m", "f"):
            doc.mention(pos, name, "person", True)
        return name, doc.role.get(name, "")
    if ref.kind == "unnamed":  # "the spokesman" after "a police spokesman"
        doc.note_unnamed(pos, ref.name)
        return ref.name, ""
    if ref.kind == "org":
        name = doc.expand_acronym(ref.name)
        if name in _ORG_ALIASES or name == "Downing Street":  # one office, as the article names it
            name = _prime_minister_office(doc) or _ORG_ALIASES.get(name, name)
        if " " not in name:
            # "the Greens" after "the Scottish Greens": the fuller name the article gave before
            longer = [n for p, n in doc.orgs if p < pos and n.endswith(" " + name) and len(n.split()) == 2]
            name = longer[-1] if longer else name
        doc.orgs.append((pos, name))
        doc.mention(pos, name, "org", True)
        doc.last_spokes = (pos, name, "org") if ref.role == "spokesperson" else doc.last_spokes
        if ref.gender:
            doc.gender[name] = ref.gender
            doc.mention(pos, name, "person", True)
        return name, ""
    if ref.kind == "role":
        if doc.headline:
            # a headline's "police chief" or "Mum" is only who the article clearly says it is
            person = doc.person_matching_role(ref.role)
            if person is None and ref.key and ref.key not in _COMMON_ROLE_NOUNS:
                person = doc.person_titled_before(ref.key, len(doc.text))  # "Ann Rudd Northvale Chief Constable"
            if person is None:
                return None
            doc.mention(pos, person, "person", True)
            return person, doc.role.get(person, "") or _clean_role(ref.role)
        if ref.name == "relative":  # "her mother said": an unnamed relative, not the person named
            return _relative_speaker(ref.role, doc, pos)
        person = doc.person_for_role(ref.key) or doc.person_matching_role(ref.role) or _role_just_spoken(ref, doc, pos)
        if person is None and ref.key:
            # "the area's police and crime commissioner has said ... John Campion said": a
            # role named before the person is the next person the article names. "A
            # resident said" is mostly someone left unnamed: only a person introduced in
            # the next sentence or so may be them.
            common = ref.key in _COMMON_ROLE_NOUNS
            if common and doc.para_idx > 2:
                return None  # past the opening, "a resident" is a vox pop, not the next name
            # (a lead paragraph introduces someone the body names a few paragraphs on)
            if not common:
                # "the chief constable says" after "Ann Rudd Northvale Chief Constable"
                person = doc.person_titled_before(ref.key, pos)
            if person is None and not common and ref.role[:1].isupper():
                # "... one of his critics, Ivo Marsh. The Lanton Herald columnist says": a
                # body's role given to the person the sentence before introduced
                person = doc.person_just_named(pos)
            if person is None:
                person = doc.next_person(pos, (300 if doc.para_idx > 1 else 800) if common else 1200, ref.key, first_only=common)
            if person is None:
                return None
            doc.role_keys.append((ref.key, person))
            if not doc.role.get(person):
                doc.role[person] = _clean_role(ref.role)
        doc.mention(pos, person, "person", True)
        return person, doc.role.get(person, "") or _clean_role(ref.role)
    toks = ref.name.split()
    canon = doc.canonical(toks, ref.gender)
    if ref.gender and not doc.gender.get(canon):
        doc.gender[canon] = ref.gender
    role = role_hint and _ROLE_HEAD_RE.search(role_hint) and _clean_role(role_hint) or ""
    if ref.role or role:
        if not doc.role.get(canon):
            doc.role[canon] = _clean_role(ref.role or role)
    doc.mention(pos, canon, "person", True)
    return canon, doc.role.get(canon, "") or _clean_role(ref.role or role)

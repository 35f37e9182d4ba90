"""The shape of a run of capitalised words: which part is a role, a title, the name itself
and an affiliation ("West Mercia PCC Det Supt John Smith of Release").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from .lexicon import (
    _AGENT_SUFFIX_RE,
    _COMMON_ROLE_NOUNS,
    _FAMILY_COMPOUND_RE,
    _FIRST_NAMES,
    _HONORIFICS,
    _NOT_NAME,
    _NP_GLUE,
    _ORG_WORDS,
    _PARTICLES,
    _RANK_TITLES,
    _ROLE_HEAD_RE,
    _TITLE_RE,
)
from .patterns import _NONSPACE_RE


def _strip_possessive(tok: str) -> str:
    if tok.endswith(("'s", "’s")):
        return tok[:-2]
    if tok.endswith(("'", "’")):
        return tok[:-1]
    return tok


@dataclass(frozen=True)
class _Name:
    prerole: str
    title_role: str
    gender: str
    tokens: list
    affil: str
    has_title: bool


# a parliament's member letters ("MP", "MLA") are also the person's role; the rest are honours
_PARLIAMENT_POSTNOMINALS = frozenset(["MP", "MEP", "MSP", "MLA", "AM", "MS"])
_POSTNOMINALS = _PARLIAMENT_POSTNOMINALS | {"QC", "KC", "OBE", "MBE", "CBE", "JP", "KBE", "DBE", "PhD"}


def _split_preposed_role(s: str) -> tuple[str, str]:
    """A role before the name ends at the last role head followed by more words:
    "West Mercia PCC John Smith" -> ("West Mercia PCC", "John Smith")."""
    last = None
    for m in _ROLE_HEAD_RE.finditer(s):
        if m.group(0)[0].isupper() and m.end() < len(s) and s[m.end()].isspace():
            last = m
    if last is None:
        return "", s
    prerole = s[: last.end()].strip()
    if prerole.split()[0] in ("The", "A", "An"):
        prerole = prerole.split(None, 1)[1] if len(prerole.split()) > 1 else ""
    return prerole, s[last.end() :].strip()


def _split_role_before_title(prerole: str, s: str) -> tuple[str, str]:
    """A title inside the run starts the name: "Chair of the Northvale Trust Dr Ada Pike",
    "Acting Insp Ivo Brack"; what comes before it joins the role."""
    if _TITLE_RE.match(s + " "):
        return prerole, s
    for t in list(_NONSPACE_RE.finditer(s))[1:]:
        before = s[: t.start()].split()
        if any(w.lower() in ("and", "&") or w in _FIRST_NAMES for w in before):
            break  # "Chief Constable Ann Rudd and Supt Dev Mistry": two people
        tm = _TITLE_RE.match(s + " ", t.start())
        if tm and tm.end() < len(s):
            rest = s[tm.end() :].split()
            if 1 <= len(rest) <= 3 and all(w[:1].isupper() and w not in _ORG_WORDS for w in rest):
                return (prerole + " " + s[: t.start()]).strip(), s[t.start() :]
    return prerole, s


def _split_role_complement(prerole: str, s: str) -> tuple[str, str]:
    """"Mayor of London Sadiq Khan": the role's complement runs up to the name, which starts
    at a known first name, else is the last two words."""
    if prerole and s.split(None, 1)[0] in ("of", "for", "at") and not _TITLE_RE.match(s + " "):
        words = s.split()
        j = next((k for k in range(2, len(words)) if words[k] in _FIRST_NAMES), None)
        if j is None and len(words) >= 4:
            j = len(words) - 2
        if j is not None and 1 <= len(words) - j <= 3 and not any(
            _strip_possessive(w) in _ORG_WORDS or w in _NOT_NAME for w in words[j:]
        ):
            return prerole + " " + " ".join(words[:j]), " ".join(words[j:])
    return prerole, s


def _strip_titles(s: str) -> tuple[str, str, str, bool]:
    """Leading titles off the name ("Det Supt", "Mrs"): (rest, gender, title_role, has_title)."""
    gender = ""
    title_role = ""
    has_title = False
    while True:
        m = _TITLE_RE.match(s + " ")
        if not m or m.end() > len(s):
            break
        t = re.sub(r"[.\s]+", " ", m.group(0)).strip().lower()
        rest = s[m.end() :].strip()
        if not rest:
            break
        if t in _HONORIFICS:
            gender = gender or _HONORIFICS[t]
        else:
            title_role = title_role or _RANK_TITLES.get(t, "") or _RANK_TITLES.get(t.replace(" ", ""), "")
        has_title = True
        s = rest
    return s, gender, title_role, has_title


def _split_agent_noun(toks: list) -> tuple[str, list]:
    """"Stallholder Gareth Pyle": an agent noun before a known first name is a role."""
    if (
        len(toks) >= 3
        and toks[1] in _FIRST_NAMES
        and toks[0] not in _FIRST_NAMES
        and toks[0] not in _ORG_WORDS
        and _AGENT_SUFFIX_RE.search(toks[0])
    ):
        return toks[0].lower(), toks[1:]
    return "", toks


def _strip_postnominals(toks: list, title_role: str) -> tuple[list, str]:
    """Letters after the name ("MP", "OBE") come off; a parliament's is the title role."""
    while len(toks) > 1 and toks[-1].rstrip(",") in _POSTNOMINALS:
        if toks[-1].rstrip(",") in _PARLIAMENT_POSTNOMINALS:
            title_role = title_role or toks[-1].rstrip(",")
        toks = toks[:-1]
    return toks, title_role


def _split_descriptor(toks: list) -> tuple[str, list]:
    """"Liberal Democrat Norman Baker": capitalised words before a first name and a surname
    describe the person (a party, a place), unless the run names a body."""
    if len(toks) >= 3:
        for j in range(1, len(toks) - 1):
            if toks[j] in _FIRST_NAMES and len(toks) - j <= 3:
                if all(t[:1].isupper() and t not in _FIRST_NAMES and t.lower() not in _NP_GLUE for t in toks[:j]) and not any(
                    _strip_possessive(t) in _ORG_WORDS or t.lower() in _NP_GLUE for t in toks[j:]
                ):
                    return " ".join(toks[:j]), toks[j:]
                break
    return "", toks


def _split_possessor(prerole: str, toks: list) -> tuple[str, list]:
    """"Release's Ivo Brack": the words up to the last possessive are the role."""
    for i in range(len(toks) - 1, 0, -1):
        if toks[i - 1].endswith(("'s", "’s")):
            return prerole or " ".join(toks[:i]), toks[i:]
    return prerole, toks


def _split_affiliation(toks: list) -> tuple[list, str]:
    """"John Smith of Release": the words after a linking word are the affiliation."""
    for i, t in enumerate(toks):
        if t.lower() in ("of", "and", "for", "at", "on", "in", "&", "the", "from"):
            if i > 0 and toks[i - 1].lower() not in _PARTICLES:
                return toks[:i], " ".join(toks[i + 1 :])
    return toks, ""


# a capitalised word glued to the next name ("ReubenCara"): the page lost a line break
_GLUED_RE = re.compile(r"([A-Z][a-z]{2,})([A-Z][a-z]{2,})")
_GLUE_PREFIXES = {"Mac", "Fitz", "Van", "Von", "Della", "Dela"}


@functools.lru_cache(maxsize=8192)
def _analyse_capseq(seq: str) -> _Name | None:
    """Split "West Mercia PCC Det Supt John Smith of Release" into its parts."""
    prerole, s = _split_preposed_role(seq.strip())
    prerole, s = _split_role_before_title(prerole, s)
    prerole, s = _split_role_complement(prerole, s)
    s, gender, title_role, has_title = _strip_titles(s)
    toks = s.split()
    if has_title and not prerole and len(toks) >= 3 and seq.startswith(("Lord ", "Lady ")) \
            and toks[0] not in _FIRST_NAMES and toks[1] in _FIRST_NAMES:
        # "Lord Advocate Dorothy Vell", "Lord Provost Ann Rudd": an office, then the name
        prerole, toks, gender = seq.split(None, 1)[0] + " " + toks[0], toks[1:], ""
    if not prerole and not has_title:
        prerole, toks = _split_agent_noun(toks)
    if " " not in prerole and prerole.lower() in _COMMON_ROLE_NOUNS or _FAMILY_COMPOUND_RE.fullmatch(prerole):
        # capitalised only because it starts the sentence: "Newsagent" is the role "newsagent"
        prerole = prerole.lower()
    toks, title_role = _strip_postnominals(toks, title_role)
    if not prerole and not has_title:
        prerole, toks = _split_descriptor(toks)
    prerole, toks = _split_possessor(prerole, toks)
    toks, affil = _split_affiliation(toks)
    if not toks:
        return None
    toks = [t for t in (_strip_possessive(t) for t in toks) if t]
    if not toks:
        return None
    if len(toks) == 4 and toks[0] in _FIRST_NAMES and toks[2] in _FIRST_NAMES and toks[1] not in _FIRST_NAMES:
        return None  # "Cara Lavan Jake Coe": a caption's two names side by side, not one
    if len(toks) >= 2 and len(toks[0]) > 5:
        glued = _GLUED_RE.fullmatch(toks[0])
        if glued and glued.group(1) not in _GLUE_PREFIXES:
            # "his son ReubenCara Lavan": a caption's last word glued to a credit's name
            toks[0] = glued.group(2)
    return _Name(prerole, title_role, gender, tuple(toks), affil, has_title)


def _is_orgish(tokens: Iterable[str]) -> bool:
    return any(t in _ORG_WORDS or _strip_possessive(t) in _ORG_WORDS for t in tokens)


# words the lists keep out of names (months, compass points, openers) that are also surnames,
# accepted only last in a run and right after a known first name
_WORD_SURNAMES = frozenset("May June April August March West North South East Why Little".split())


def _name_like(tokens: list, titled: bool = False) -> bool:
    if not 1 <= len(tokens) <= 4:
        return False
    for k, t in enumerate(tokens):
        if t.lower() in _PARTICLES:
            continue
        if t in _NOT_NAME and k == len(tokens) - 1 and (titled or k and tokens[k - 1] in _FIRST_NAMES) \
                and _strip_possessive(t) in _WORD_SURNAMES:
            continue  # "Theresa May", "Mrs May", "Sgt Why": a surname that is also a word
        if not t[:1].isupper() or t in _NOT_NAME or t in _ORG_WORDS:
            return False
        if t.isupper() and len(t) > 1 and len(tokens) == 1:
            return False  # acronym
    return True

"""Names, roles and the article's memory of who it names (:class:`_Doc`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Sequence

from .lexicon import (
    FAMILY_HEADS,
    _FEMALE_NAMES,
    _LEAD_WORDS,
    _MALE_NAMES,
    _NEWSPAPER_WORDS,
    _NOT_NAME,
    _NP_GLUE,
    _ORG_WORDS,
    _PRONOUNS,
    _ROLE_GENDER,
    _ROLE_HEAD_RE,
    _ROLE_KEY_ALIASES,
)
from .antecedents import speaker_just_before
from .nameshape import _analyse_capseq, _is_orgish, _name_like, _strip_possessive
from .patterns import _NONSPACE_RE, _SENT_BREAK_RE, _VERB_ALT

_ROLE_PP_RE = re.compile(r"\s(?:of|for|at|in|to|from|with|on)\s", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _role_key(role: str) -> str:
    """The head of a role phrase, normalised: "chief executive of the charity" -> "chief
    executive", "mother of a teenager" -> "mum", "West Mercia PCC" -> "police and crime
    commissioner"."""
    # the head comes before a prepositional tail ("mother | of a teenager")
    cut = _ROLE_PP_RE.search(role)
    keys = [m.group(0).lower() for m in _ROLE_HEAD_RE.finditer(role, 0, cut.start() if cut else len(role))]
    if not keys:
        keys = [m.group(0).lower() for m in _ROLE_HEAD_RE.finditer(role)]
    if not keys:
        return ""
    key = re.sub(r"\s+", " ", max(keys, key=len))
    if "-of-" in key:  # "mum-of-two" is a mum
        key = key.split("-of-", 1)[0]
    return _ROLE_KEY_ALIASES.get(key, key)


@functools.lru_cache(maxsize=4096)
def _role_gender(role: str) -> str:
    """"mum-of-two" -> "f", "spokesman" -> "m", "chief executive" -> ""."""
    if not role:
        return ""
    for m in _ROLE_HEAD_RE.finditer(role):
        g = _ROLE_GENDER.get(m.group(0).lower().split("-of-", 1)[0], "")
        if g:
            return g
    return ""


# Role nouns that say only "someone in charge": a headline's "charity boss" is the chief
# executive, director or chair the article names at the charity.
_LEAD_KEYS = {
    "boss", "chief", "head", "chief executive", "ceo", "director", "chair", "founder",
    "co-founder", "manager", "leader", "council leader", "president", "chief officer", "lead",
}
# a "police chief" / "top cop" is a senior officer; a "police boss" may also be the PCC
_VAGUE_LEAD_KEYS = {"boss", "chief", "head", "lead", "leader", "director", "manager", "chair"}
_POLICE_KEYS = {
    "chief constable", "deputy chief constable", "assistant chief constable", "superintendent",
    "chief superintendent", "detective chief superintendent", "detective superintendent",
    "chief inspector", "detective chief inspector", "inspector", "detective inspector",
    "commander", "chief officer",
}
_POLICE_WORDS = {"police", "cop", "cops", "force", "policing"}
# adjectives a headline puts before a role that say nothing about who holds it
_EMPTY_MODIFIERS = {
    "top", "senior", "former", "ex", "new", "local", "leading", "grieving", "tragic",
    "heartbroken", "brave", "proud", "veteran", "retired", "young", "elderly",
}


# words before a role that make it another office ("shadow home secretary", "deputy mayor")
_OTHER_OFFICE_MODIFIERS = frozenset(["shadow", "deputy", "assistant", "vice", "former"])
# role nouns a headline uses for a narrower title the article gives
_ROLE_FAMILY = {"recorder": "judge", "sheriff": "judge", "district judge": "judge", "crown court judge": "judge"}
# a "charity" is often a Trust, Foundation or Project by name
_KIND_SYNONYMS = {"charity": r"charit|trust|foundation|project|society|appeal"}


def _other_office(known: str, key: str) -> bool:
    """Is the role key ``known`` another office than ``key`` by a modifier ``key`` lacks
    ("shadow home secretary" vs "home secretary")?"""
    first, _, rest = known.partition(" ")
    return first in _OTHER_OFFICE_MODIFIERS and rest.endswith(key) and key.split(" ", 1)[0] != first


def _keys_compatible(key: str, known: str) -> bool:
    """May a person whose role key is ``known`` be the one a text calls ``key``?"""
    key = _ROLE_FAMILY.get(key, key)
    known = _ROLE_FAMILY.get(known, known)
    if _other_office(known, key):
        return False
    if key == known or known.endswith(" " + key) or key.endswith(" " + known):
        return True
    return key in _VAGUE_LEAD_KEYS and known in _LEAD_KEYS


def _role_fits(noun: str, stated: str, doc: "_Doc") -> bool:
    """Does a person introduced as ``stated`` fit the role noun ``noun`` of a headline?

    "charity boss" fits "chief executive of the charity Open Door" (a leading role, and the
    modifier "charity" is in the stated role or is the kind of the organisation named there);
    "police chief" fits "Chief Constable"; "Judge" fits "a district judge at ..."; "Mum" fits
    "mum-of-two".
    """
    hk = _role_key(noun)
    sk = _role_key(stated)
    if not hk or not sk:
        return False
    hk = _ROLE_FAMILY.get(hk, hk)
    sk = _ROLE_FAMILY.get(sk, sk)
    if _other_office(sk, hk):
        return False
    head_words = set(hk.split())
    mods = [
        w for w in re.findall(r"[a-z]+", noun.lower().replace("-of-", " "))
        if w not in head_words and w not in _NP_GLUE and w not in _EMPTY_MODIFIERS
    ]
    stated_l = stated.lower()
    for org, kind in doc.org_kinds.items():
        if org.lower() in stated_l:
            stated_l += " " + kind

    def mentioned(word: str) -> bool:
        alt = _KIND_SYNONYMS.get(word, re.escape(word.rstrip("s")))
        return re.search(rf"\b(?:{alt})", stated_l) is not None

    if (hk in _LEAD_KEYS or hk == "officer") and any(m in _POLICE_WORDS for m in mods):
        # "police chief", "top police officer": a senior officer
        return sk in _POLICE_KEYS or (hk == "boss" and sk == "police and crime commissioner")
    if hk in _VAGUE_LEAD_KEYS:
        # "boss" alone says nothing; "charity boss" must name what the person leads
        return sk in _LEAD_KEYS and bool(mods) and any(mentioned(m) for m in mods)
    if hk == sk or sk.endswith(" " + hk) or hk.endswith(" " + sk):
        # "council leader" fits "leader of Drayford Council": the extra words are stated
        extra = [w for w in hk.split() if w not in sk.split()]
        if extra and not all(mentioned(w) for w in extra):
            return False
        if hk in ("officer", "member", "spokesperson", "deputy", "expert"):
            return bool(mods) and all(mentioned(m) for m in mods)
        if hk in ("minister", "secretary"):
            # "Minister admits ...": the one minister the article names fits
            return all(mentioned(m) for m in mods)
        return True
    return False


@functools.lru_cache(maxsize=4096)
def _clean_role(role: str) -> str:
    """"the area's police and crime commissioner" -> "police and crime commissioner"."""
    role = role.strip(" ,;:.")
    role = re.sub(
        r"^(?:the|a|an)\s+|^(?:area|county|region|city|town|force|country|borough|nation)['’]s\s+",
        "", role, flags=re.IGNORECASE,
    )
    return re.sub(r"\s+", " ", role)


def _first_name_gender(tok: str) -> str:
    if tok in _MALE_NAMES:
        return "m"
    if tok in _FEMALE_NAMES:
        return "f"
    if "-" in tok:  # "Anne-Marie", "Jean-Paul": the first part's
        return _first_name_gender(tok.split("-", 1)[0])
    return ""


# first names ending in -a that are men's (the lists above know the common ones)
_MALE_A_NAMES = frozenset(
    "Luca Joshua Ezra Andrea Nikola Mustafa Musa Isa Attila Dima Sasha Misha Kuba Nikita Ilya "
    "Jonah Zakaria Zakariya Yahya Idrisa Koba Mehta Gupta Shiva Krishna Rama Akira Noa".split()
)


def _guess_gender(name: str) -> str:
    """A person's gender from a first name the lists do not know: "Erika Sorensen" -> "f".

    Only for a full name (first name and surname), and only for names ending in -a, which
    are women's in English news with the few exceptions listed.
    """
    first, _, rest = name.partition(" ")
    if rest and len(first) >= 4 and first.endswith("a") and first.isalpha() and first[0].isupper() \
            and first[1:].islower() and first not in _MALE_A_NAMES and first not in _MALE_NAMES:
        return "f"
    return ""


def _one_letter_apart(a: str, b: str) -> bool:
    """Same length, same first three letters, one letter different ("Sorensen", "Sorenson")."""
    if len(a) != len(b) or a[:3] != b[:3]:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


@dataclass(frozen=True)
class _Ref:
    kind: str  # "person" | "org" | "pron" | "role"
    name: str = ""
    role: str = ""
    gender: str = ""
    key: str = ""


# one unnamed person whom a pronoun may refer back to ("a police spokesman ... He added")
_UNNAMED_PEOPLE = frozenset("spokesman spokeswoman spokesperson source friend officer official insider neighbour witness "
                             "lawyer solicitor barrister".split() + list(FAMILY_HEADS))
_UNNAMED_TAIL_RE = re.compile(r"\s(?:for|from|of|at|close|with|in)\s")

_TITLED_GAP = 60  # characters before role words in which the name they follow may be
_IN_WHO_CLAUSE_RE = re.compile(r"[^.;:!?\"“”()]*?,\s+who\s[^.;:!?\"“”()]*\Z")
_LOCAL_UNIT_RE = re.compile(r"[A-Z][a-z]{2,}")  # a place word before a body's name
_JUST_NAMED = 120  # characters back the person a definite role describes may be named
_GENERIC_ROLE_KEYS = frozenset(["secretary", "minister", "director", "officer", "chief", "head", "leader"])
_GENDER_WINDOW = 1500  # characters back that a gender-matching person may be looked for
_PASSIVE_AGENT_RE = re.compile(r"\b(?:[a-z]{3,}ed|told|given|shown|seen|written)\s+by\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")


class _Doc:
    """Per-article memory: who is named where, with which role and gender."""

    def __init__(self, text: str = "") -> None:
        self.full_names: list[str] = []
        self.by_surname: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.role: dict[str, str] = {}
        self.role_keys: list[tuple[str, str]] = []  # (key, person) in order of mention
        # (pos, name, "person"|"org", is_subject): a subject or speaker is a likelier
        # antecedent for a pronoun than a person named as an object or a possessive
        self.mentions: list[tuple[int, str, str, bool]] = []
        self.orgs: list[tuple[int, str]] = []
        self.org_kinds: dict[str, str] = {}  # "Open Door" -> "charity" ("the charity Open Door")
        # the spokesperson quoted last: (pos, body or unnamed phrase, "org" | "unnamed")
        self.last_spokes: tuple[int, str, str] | None = None
        # head noun -> the unnamed person first introduced with it ("friend" -> "A friend")
        self.unnamed_heads: dict[str, str] = {}
        self.headline = False  # resolving inside a headline: roles must match strictly
        self.para_idx = 0  # index of the paragraph being read
        self.text = text
        # article-wide look-ups worked out once ("acronyms", "lower", "named_body", "org_names")
        self.memo: dict = {}
        self.spoken: list[tuple[int, int, str, bool]] = []  # (end, start, speaker, is_person) of units

    # -- collection -----------------------------------------------------------------------
    def add_person(self, pos: int, toks: Sequence[str], gender: str = "", role: str = "", subj: bool = False) -> None:
        canon = self.canonical(toks)
        if len(toks) >= 2 and canon == " ".join(toks) and canon not in self.full_names:
            # (registering the full name leaves its canonical form as it was)
            self.full_names.append(canon)
            self.by_surname.setdefault(toks[-1], canon)
        if gender and not self.gender.get(canon):
            self.gender[canon] = gender
        if role:
            role = _clean_role(role)
            if role and not self.role.get(canon):
                self.role[canon] = role
            key = _role_key(role)
            if key:
                self.role_keys.append((key, canon))
        self.mention(pos, canon, "person", subj)

    def note_unnamed(self, pos: int, phrase: str) -> None:
        """An unnamed person quoted at ``pos`` ("a police spokesman"): a later "he said" or
        "the spokesman said" may be them."""
        low = phrase.lower()
        head = _UNNAMED_TAIL_RE.split(low, 1)[0].split()[-1] if low.split() else ""
        if head not in _UNNAMED_PEOPLE:
            return
        if head.startswith("spokes"):
            self.last_spokes = (pos, phrase, "unnamed")
        if low.startswith(("a ", "an ", "one ")):
            self.unnamed_heads.setdefault(head, phrase)
        gender = _role_gender(head)
        if gender and not self.gender.get(phrase):
            self.gender[phrase] = gender
        self.mention(pos, phrase, "person", True)

    def note_speaker(self, start: int, end: int, name: str, is_person: bool) -> None:
        """A unit at ``start:end`` was attributed to ``name``: a "he said" just after may be them."""
        bisect.insort(self.spoken, (end, start, name, is_person))

    def org_names(self) -> set[str]:
        """The names of the bodies registered so far (rebuilt only when one was added)."""
        n, names = self.memo.get("org_names", (-1, set()))
        if n != len(self.orgs):
            names = {name for _, name in self.orgs}
            self.memo["org_names"] = (len(self.orgs), names)
        return names

    def mention(self, pos: int, name: str, kind: str, subj: bool = False) -> None:
        bisect.insort(self.mentions, (pos, name, kind, subj))

    def canonical(self, toks: Sequence[str], gender: str = "") -> str:
        """The full name ``toks`` stands for; a surname written with an honorific of the other
        ``gender`` ("Mr Rudd" after "Ann Rudd and her husband Ivo Rudd") is the one of that
        surname and gender."""
        if len(toks) == 1:
            known = self.by_surname.get(toks[0])
            if known and gender and self.gender.get(known, gender) != gender:
                same = [f for f in self.full_names if f.split()[-1] == toks[0] and self.gender.get(f) == gender]
                known = same[0] if len(same) == 1 else known
            if known is None and _first_name_gender(toks[0]):
                # "Hannah said" after "Hannah Deacon": the one full name with that first name
                firsts = [f for f in self.full_names if f.split()[0] == toks[0]]
                known = firsts[0] if len(firsts) == 1 else None
            if known is None and len(toks[0]) >= 6:
                # "Ms Sorenson" after "Erika Sorensen": the one surname a letter away
                near = [f for sn, f in self.by_surname.items() if _one_letter_apart(sn, toks[0])]
                known = near[0] if len(near) == 1 else None
            return known or toks[0]
        full = " ".join(toks)
        if full in self.full_names:
            return full
        # "John Paul Smith" vs "John Smith": same surname and first name
        known = self.by_surname.get(toks[-1])
        if known and (known.split()[0] == toks[0] or known.endswith(" " + full)):
            return known  # "Ms Crossan Jory" after "Eva Crossan Jory": a double surname
        return full

    def person_for_role(self, key: str) -> str | None:
        if not key:
            return None
        for k, person in self.role_keys:
            if k == key:
                return person
        for k, person in self.role_keys:
            if _other_office(k, key):
                continue  # the shadow home secretary is not "the home secretary"
            if k.endswith(key) or (key.endswith(k) and k not in _GENERIC_ROLE_KEYS):
                # ("the home secretary" is not the union's general secretary, read as "secretary")
                return person
        return None

    def person_matching_role(self, role: str) -> str | None:
        """The one person whose stated role fits a role noun ("charity boss", "police chief").

        Stricter than :meth:`person_for_role`: used for headlines, where the role noun is
        all there is. None when nobody, or more than one person, fits.
        """
        found = {person for person, stated in self.role.items() if _role_fits(role, stated, self)}
        return found.pop() if len(found) == 1 else None

    def person_titled_before(self, key: str, pos: int) -> str | None:
        """The person the text gave the role ``key`` before ``pos`` in a way the first pass
        does not read as a role ("Ann Rudd Northvale Chief Constable" under a quotation box,
        "Ann Rudd, who is Northvale's chief constable"): the person named just before the
        role words. None if the role words follow no name."""
        low = self.memo.get("lower")
        if low is None:
            low = self.memo["lower"] = self.text.lower()
        text = self.text
        at = low.rfind(key, 0, pos)
        tries = 0
        while at > 0 and tries < 4:
            tries += 1
            # (the name before the role words may sit in a run of capitals the first pass
            # did not read as a name: "End Quote Ann Rudd Northvale Chief Constable")
            window = text[max(0, at - _TITLED_GAP) : at]
            found = [n for n in self.full_names if n in window]
            if len(found) == 1:
                return found[0]
            at = low.rfind(key, 0, at)
        return None

    def person_just_named(self, pos: int) -> str | None:
        """The person named last before ``pos``, when that is in the sentence just before and
        the article has given them no role."""
        mentions = self.mentions
        i = bisect.bisect_left(mentions, (pos,))
        for k in range(i - 1, max(-1, i - 4), -1):
            mpos, name, kind, _ = mentions[k]
            if kind != "person":
                continue
            if pos - mpos > _JUST_NAMED or self.role.get(name) or len(_SENT_BREAK_RE.findall(self.text, mpos, pos)) != 1:
                return None
            return name
        return None

    def next_person(self, pos: int, window: int, key: str = "", first_only: bool = False) -> str | None:
        """The next person named after ``pos`` whose stated role (if any) fits ``key``;
        with ``first_only``, only a person named there for the first time."""
        seen = set()
        for mpos, name, kind, _ in self.mentions:
            if kind == "person" and mpos <= pos:
                seen.add(name)
            if pos < mpos <= pos + window and kind == "person":
                if first_only and name in seen:
                    continue
                known = _role_key(self.role.get(name, ""))
                if key and known and not _keys_compatible(key, known):
                    continue
                return name
        return None

    def resolve_pronoun(self, pron: str, pos: int) -> str | None:
        """The antecedent of "he"/"she" (a person; organisations for "it"/"they").

        A person whose gender is known to match wins over one of unknown gender (within
        :data:`_GENDER_WINDOW`). Among those the nearest wins, except that the subject of a
        sentence beats a person named later in the same sentence only as an object or a
        possessive ("Lucy Dunn met Sarah Holt's mother. She said ..." is Lucy Dunn).
        """
        want = _PRONOUNS.get(pron.lower(), "")
        mentions = self.mentions
        i = bisect.bisect_left(mentions, (pos,))
        if want not in ("m", "f"):
            for k in range(i - 1, -1, -1):
                if mentions[k][2] == "org":
                    return mentions[k][1]
            return None
        gender = self.gender
        for k in range(i - 1, max(-1, i - 3), -1):
            mpos, name, kind, _ = mentions[k]
            if kind == "person":
                # "Ed Varley, who was criticised after he told MPs ...": the pronoun in a
                # relative clause is the person the clause is about
                if pos - mpos < 200 and self.text.find(", who ", mpos, pos) > 0 and \
                        _IN_WHO_CLAUSE_RE.match(self.text, mpos, pos) and \
                        (gender.get(name, "") or _guess_gender(name)) in (want, ""):
                    return name
                break
        if self.spoken:
            last = speaker_just_before(self.spoken, mentions, self.text, pos, want,
                                       lambda n: gender.get(n, "") or _guess_gender(n))
            if last is not None:
                return last
        known: list = []
        unknown: list = []
        for k in range(i - 1, -1, -1):
            mpos, name, kind, subj = mentions[k]
            if kind != "person":
                continue
            if pos - mpos > _GENDER_WINDOW and (known or unknown):
                break  # nothing further back can win
            g = gender.get(name, "") or _guess_gender(name)
            if g == want or not g:
                # "after being told by Sheriff Ann Lee": the agent of a passive acts as a subject
                subj = subj or _PASSIVE_AGENT_RE.search(self.text, max(0, mpos - 60), mpos) is not None
                (known if g else unknown).append((mpos, name, subj))
        k = self._prefer_subject(known)
        if k and pos - k[0] <= _GENDER_WINDOW:
            return k[1]
        u = self._prefer_subject(unknown)
        if u:
            return u[1]
        return k[1] if k else None

    def _prefer_subject(self, cands: list) -> tuple | None:
        if not cands:
            return None
        near = cands[0]
        if near[2]:
            return near
        # a subject in the same sentence or the one before beats a nearer object/possessive
        lo = near[0]
        for _ in range(2):
            found = None
            for m in _SENT_BREAK_RE.finditer(self.text, max(0, lo - 400), lo):
                found = m
            if found is None:
                lo = max(0, lo - 400)
                break
            lo = found.start()
        else:
            lo += 1
        for c in cands[1:]:
            if c[0] < lo:
                break
            if c[2]:
                return c
        return near

    def expand_acronym(self, name: str) -> str:
        """"IOPC" -> "Independent Office for Police Conduct" when the article introduces it as
        "Independent Office for Police Conduct (IOPC)"; else the name unchanged."""
        if name.startswith("The ") and name[4:].isupper():
            name = name[4:]
        if not (name.isupper() and 2 <= len(name) <= 8 and name.isalpha()):
            return name
        cache = self.memo.setdefault("acronyms", {})
        if name not in cache:
            cache[name] = name
            i = self.text.find(f"({name})")
            if i > 0:
                words = self.text[max(0, i - 120) : i].split()
                for k in range(len(words) - 1, max(-1, len(words) - 10), -1):
                    full = words[k:]
                    caps = [w for w in full if w.lower() not in ("of", "for", "and", "the", "on", "&")]
                    if full[0][:1].isupper() and all(w[:1].isupper() for w in caps) and \
                            "".join(w[0] for w in caps).upper() == name:
                        # "Croydon Metropolitan Police Service (MPS)": a local unit of the
                        # body, named as the article names it
                        lo = k
                        while lo > max(0, k - 2) and _LOCAL_UNIT_RE.fullmatch(words[lo - 1]) \
                                and words[lo - 1] not in _LEAD_WORDS:
                            lo -= 1
                        cache[name] = " ".join(words[lo:])
                        break
            if cache[name] == name:
                # "The National Police Chiefs' Council said ... The NPCC said": an organisation
                # the article names in full, without the acronym in brackets
                for _, org in self.orgs:
                    caps = [w for w in org.split() if w.lower() not in ("of", "for", "and", "the", "on", "&")]
                    if len(caps) == len(name) and "".join(w[0] for w in caps).upper() == name and org != name:
                        cache[name] = org
                        break
        return cache[name]

    def resolve_org_anaphor(self, head: str, pos: int) -> str | None:
        """"the force", "the charity": the latest organisation of that kind before ``pos``."""
        head = head.lower()
        kinds = self.org_kinds
        for mpos, name in reversed(self.orgs):
            if mpos < pos and (head in name.lower() or kinds.get(name) == head):
                return name
        return None


_PLACE_WORDS = {
    "Lane", "Road", "Street", "Hall", "Park", "Square", "Avenue", "Close", "Way", "Hill",
    "Green", "Bridge", "Station", "Estate", "Centre", "Court", "House", "Drive", "Crescent",
    "Place", "Gardens", "Terrace", "Row", "Walk", "Market", "Cathedral", "Castle", "Valley",
    "County", "City", "Town", "Borough", "Island", "Isles", "Kingdom", "Airport", "Prison",
    "Hospital", "Midlands", "Wales", "England", "Scotland", "Ireland", "Britain", "London",
    "Class", "Act", "Bill", "Strategy", "Night", "Day", "Week", "Year", "Workers",
    "Services", "Lines", "Policy", "Programme", "Scheme", "Initiative", "Area", "Region",
}
_SUBJECTISH_RE = re.compile(
    r"\s+(?!(?:of|and|or|for|in|on|at|to|from|with|by|the|a|an|as|is|was|are|were|has|had|have)\b)"
    r"(?:also\s+|has\s+|had\s+)?[a-z]+(?:s|ed)\b"
)
_APPOS_RE = re.compile(
    r",\s+((?:the|a|an)\s+)?([^,;:.!?()\"“”]{2,100}?)"
    rf"(?=,|\s+(?:has\s+|had\s+|)(?:also\s+|)(?:{_VERB_ALT})\b|\s*$)"
)
_NOT_APPOS_RE = re.compile(r"^(?:who|whose|which|where|when)\b|\b(?:is|was|were|are|has|have|had|will|would)\b")


@functools.lru_cache(maxsize=16384)
def _classify_capseq(seq: str) -> tuple[str | None, int, object]:
    """What a run of capitalised words is, independent of its context (so it is cached).

    Returns (what, offset, item): ("lone", offset, token) for a single word that is a person
    only if it is a known surname, ("org", offset, name), ("name", offset, _Name), or
    (None, 0, None). ``offset`` skips sentence-initial function words ("But Mr Smith").
    """
    toks = seq.split()
    lead = 0
    while lead < len(toks) and toks[lead] in _LEAD_WORDS:
        if toks[lead] == "The" and lead + 1 < len(toks) and toks[lead + 1] in _NEWSPAPER_WORDS:
            break
        lead += 1
    if lead >= len(toks):
        return None, 0, None
    offset = [t.start() for t in _NONSPACE_RE.finditer(seq)][lead] if lead else 0
    seq = seq[offset:]
    toks = toks[lead:]
    if len(toks) == 1 and seq not in _ORG_WORDS:
        if seq in _NOT_NAME:
            return None, 0, None
        return "lone", offset, _strip_possessive(seq)
    nm = _analyse_capseq(seq)
    named = nm is not None and _name_like(nm.tokens, nm.has_title) and (
        nm.prerole or nm.has_title or (nm.affil and len(nm.tokens) >= 2 and not _is_orgish(nm.tokens))
    )  # "Josie Smith of Public Health Wales" names a person
    if _is_orgish(toks) and not named:
        name = seq
        if toks[0] == "The" and not (len(toks) > 1 and toks[1] in _NEWSPAPER_WORDS):
            name = seq[4:]
        if len(toks) > 1 or toks[0] not in ("Police", "Council", "Government", "Home"):
            return "org", offset, _strip_possessive(name)  # "X Police's drugs team": X Police
        return None, 0, None
    if nm is None or not _name_like(nm.tokens, nm.has_title):
        return None, 0, None
    if any(_strip_possessive(t) in _PLACE_WORDS or t.endswith("shire") for t in nm.tokens):
        return None, 0, None
    return "name", offset, nm

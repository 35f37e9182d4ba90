"""Who kind of source a speaker is: person, organisation, group or unnamed (codebook 1.2).

The segmenter resolves each unit's speaker to a string: a person's canonical full name, a body
as the article names it ("Home Office"), or, for sources the article leaves without a name,
the descriptive phrase as written ("campaigners", "a source close to the minister").
:func:`speaker_type` says which of the four it is, from the phrase and what the article has
registered about it. :func:`collective_source` reads such descriptive phrases.
"""

from __future__ import annotations

import functools
import re

from .lexicon import AGENT_KEYS, FAMILY_HEADS, KIN_GROUP_HEADS


# Heads of collective sources: people spoken of as a body ("campaigners said").
_GROUP_HEADS = """campaigners critics residents experts officers officials councillors ministers
MPs politicians activists protesters parents families teachers doctors nurses scientists
researchers academics police analysts charities groups sources insiders opponents supporters
locals neighbours witnesses users lawyers judges magistrates leaders members bosses chiefs
forces councils organisations agencies authorities workers staff volunteers advocates
commentators figures people students others neighbors professionals delegates clinicians
medics GPs psychiatrists economists unions pharmacists
paramedics headteachers constituents voters patients pupils inmates prisoners victims""".split()
# Heads of one unnamed individual or document ("a spokesperson said", "one officer said").
_UNNAMED_HEADS = """source spokesperson spokesman spokeswoman officer official insider resident
witness neighbour friend relative parent mother father expert campaigner doctor nurse teacher
user worker member man woman lawyer report study review survey document statement
councillor minister politician critic insider analyst researcher academic detective
constable manager boss""".split()
_GROUP_SET = frozenset(w.lower() for w in _GROUP_HEADS)
_UNNAMED_SET = frozenset(_UNNAMED_HEADS)
_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|hundreds\s+of|many|some|several|most|\d+)"
_COLLECTIVE_RE = re.compile(
    rf"^(?:(?P<det>the|a|an|one|another|{_NUMBER_WORDS})\s+)?(?P<mods>(?:[\w'’-]+\s+){{0,3}}?)"
    rf"(?P<head>[\w'’-]+)(?P<tail>\s+(?:close\s+to|along\s+with|together\s+with|from|at|for|of|in|with)\s+.{{1,60}})?$",
    re.IGNORECASE,
)
_SENTENCE_CASE = frozenset(["Police", "Prison", "Health", "Drug", "Drugs", "Senior", "Top", "Leading", "Local"])


@functools.lru_cache(maxsize=8192)  # a pure function of the phrase, asked for again and again
def collective_source(phrase: str) -> tuple[str, str] | None:
    """``(speaker, speaker_type)`` for an unnamed or collective subject, else ``None``.

    ``"Campaigners"`` -> ``("campaigners", "group")``; ``"a source close to the minister"`` ->
    ``("a source close to the minister", "unnamed")``. A definite singular ("the officer", "the
    report") is left to the caller, as it usually points back to someone or something named.
    """
    phrase = " ".join(phrase.split()).strip(",;: ")
    if " of " in phrase and (m := _SOME_OF_RE.fullmatch(phrase)):
        # "one of the residents", "six out of 10 magistrates", "some of the MP's constituents"
        head = m.group("head").lower()
        if head in _GROUP_SET or (head.endswith("s") and head[:-1] in _UNNAMED_SET):
            speaker = phrase[0].lower() + phrase[1:]
            return speaker, "unnamed" if m.group("det").lower() == "one" else "group"
    if " in " in phrase:
        q = _SHARE_RE.fullmatch(phrase)
        if q:  # "two in five said": a share of the people asked
            return phrase[0].lower() + phrase[1:], "group"
    m = _COLLECTIVE_RE.match(phrase)
    if not m:
        return None
    head = m.group("head").lower()
    det = (m.group("det") or "").lower()
    if m.group("tail") and (head.startswith("spokes") or (
            head in ("officer", "officers", "official", "officials", "members") and not m.group("mods").strip())):
        # ("a regulatory services officer at Northvale Council" is one unnamed officer)
        tail = m.group("tail").split(None, 1)[1] if m.group("tail").split()[0].lower() != "close" else ""
        if tail[:1].isupper() or tail.lower().startswith("the "):
            return None  # "a spokesperson for Northvale Police": the body speaks (its name reader)
    mods = m.group("mods")
    caps = [w for w in mods.split() if w[:1].isupper()]
    if caps and not det and not (phrase.startswith(caps[0]) and caps == [caps[0]] and (
            caps[0] in _SENTENCE_CASE or caps[0].lower() in _GROUP_SET or caps[0].endswith(("ing", "ed"))
            or (head in _GROUP_SET and caps[0] in _INSTITUTION_NOUNS))):
        # "Labour councillors": a named body's members, left to the name reader ("Police
        # chiefs" is only capitalised by the sentence)
        return None
    speaker = phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and not phrase[1:2].isupper() else phrase
    if det and phrase[: len(det)].isupper() and len(det) > 1:
        speaker = det + phrase[len(det):]  # "THE mother of a boy": a capitalised lede's first word
    tail = m.group("tail") or ""
    if tail.lstrip().startswith(("along", "together")) and _VERB_IN_TAIL_RE.search(tail):
        return None  # "families along with campaigners have reacted and": a verb ends the phrase
    if head in _GATHERING_HEADS and tail.startswith(" of ") and tail.rstrip().endswith("s") and not tail[4:5].isupper():
        return speaker, "group"  # "a group of police commissioners": the people in it speak
    if head in _GROUP_SET or head.rstrip("s") + "s" == head and head[:-1] in _UNNAMED_SET:
        if det in ("a", "an", "one", "another"):
            return None
        if det == "the" and not m.group("tail") and not mods:
            return None  # "the officers": anaphoric
        return speaker, "group"
    if head in _UNNAMED_SET and det in ("a", "an", "one", "another"):
        return speaker, "unnamed"
    if head in _PERSON_HEADS and det == "the" and not mods and _DESCRIBED_TAIL_RE.match(m.group("tail") or ""):
        # "the mother of a teenage boy": a person the article describes and never names (the
        # caller tries the role's holder first)
        return speaker, "unnamed"
    return None


# some of a group: "one of the residents", "two of his neighbours", "six out of 10 magistrates"
_SOME_OF_RE = re.compile(
    r"(?P<det>one|two|three|four|five|six|seven|eight|nine|ten|some|many|most|several|\d+)\s+"
    r"(?:out\s+of\s+(?:\d+|ten)|of\s+(?:the|his|her|their|its|our|[A-Z][\w’'-]*['’]s))\s+"
    r"(?:[a-z’'-]+\s+){0,2}?(?P<head>[A-Za-z’'-]+)(?:\s+(?:surveyed|polled|asked|questioned))?",
    re.IGNORECASE,
)
_VERB_IN_TAIL_RE = re.compile(r"\b(?:have|has|had|were|was|are|is|will|would|\w+ly)\b")
# heads of a gathering of people, who speak as a group ("a coalition of charities")
_GATHERING_HEADS = frozenset(["group", "coalition", "number", "handful", "majority", "alliance"])
_SMALL_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# a share of the people asked: "two in five", "one in ten parents" (not a survey's
# percentages, which are statistics)
_SHARE_RE = re.compile(
    rf"{_SMALL_NUMBER}\s+in\s+{_SMALL_NUMBER}(?:\s+(?:of\s+)?(?:those|them|the|[a-z]+s)\b[a-z\s'’-]{{0,40}})?",
    re.IGNORECASE,
)
# heads of one person who may be described rather than named ("the mother of a boy")
_PERSON_HEADS = frozenset(FAMILY_HEADS + ("partner", "friend", "neighbour", "man", "woman", "boy", "girl"))
# the describing "of a ..." an unnamed person's phrase needs (not "of Ann Rudd", not "of the victim")
_DESCRIBED_TAIL_RE = re.compile(r"\s+of\s+(?:an?|one|two|three|four)\s+[a-z0-9]")
# common nouns for institutions, capitalised only by the sentence before a group head ("Jail
# chiefs say", "Party members called"; not a name: "Labour councillors", "Welsh ministers")
_INSTITUTION_NOUNS = frozenset("""Jail Prison Party Council Hospital School College University Church
Union Court Government Army Company Club Charity Hospice Clinic""".split())


def kin_type(words: list) -> str | None:
    """"group" for someone's family speaking together ("Miss Rudd's family", "her family"),
    "unnamed" for someone's relative or agent named by a possessive ("Ms Rudd's lawyer",
    "Abi's father"), else None. ``words``: the phrase's words."""
    if len(words) < 2:
        return None
    last = words[-1]
    owned = words[-2].endswith(("'s", "’s", "s'", "s’"))
    if last in KIN_GROUP_HEADS:
        return "group" if owned or words[0].lower() in ("his", "her", "their", "the") else None
    return "unnamed" if owned and (last in AGENT_KEYS or last in FAMILY_HEADS) else None


def speaker_type(name: str, doc=None) -> str:
    """The codebook's speaker_type of a resolved speaker string.

    Parameters
    ----------
    name : str
        The speaker as the segmenter resolved it.
    doc : optional
        The segmenter's per-article memory; names it registered as organisations (and never
        as people) are ``organisation``.
    """
    if not name:
        return "unnamed"
    if name in _PM_OFFICE:
        return "organisation"  # "Downing Street said": the office, not a person named Street
    if doc is not None and name[:1].islower() and not name.startswith(("the ", "a ", "an ")) \
            and name in doc.org_names():
        # "government", "health committee": a body written in lower case ("the Lord
        # Advocate", an office as written, stays an unnamed source)
        return "organisation"
    last = name[name.rfind(" ") + 1 :]  # (every name is asked: one slice, no split, for most)
    if " " in name and (last in KIN_GROUP_HEADS or last in AGENT_KEYS or last in FAMILY_HEADS):
        kin = kin_type(name.split())
        if kin:
            return kin  # "Miss Rudd's family", "her family": group; "Ms Rudd's lawyer": unnamed
    if name[:1].islower() or name[:1].isdigit() or name.startswith(("A ", "An ", "One ")):
        got = collective_source(name) or shaped_source(name)
        if got:
            return got[1]
        head = name.split()[-1].lower()
        return "group" if head in _GROUP_SET else "unnamed"
    if " " in name and name[1:].islower():
        got = shaped_source(name)  # "Scottish ministers": a plural common noun after a name
        if got:
            return got[1]
    if doc is not None and name in doc.org_kinds and f"{doc.org_kinds[name]} {name}" in doc.text:
        # "the charity Harbour Lights": the kind before the name says it is a body (not "Ann
        # Rudd, the council's manager", where the kind belongs to the role after)
        return "organisation"
    if doc is not None and " and " in name and doc.gender.get(name) == "pl":
        return "group"  # "Ann Rudd and Ivo Marsh": two people speaking together
    if doc is not None and name not in doc.full_names:
        if name in doc.org_names():
            return "organisation"
    return "person"


_PM_OFFICE = frozenset(["Downing Street", "No 10", "Number 10"])
# A police force by name: "Greater Manchester Police", "Avon and Somerset Constabulary",
# "Police Scotland", "PSNI", "the Met". Not a police body that is no force ("Police
# Federation", "National Police Chiefs' Council").
_FORCE_RE = re.compile(
    r"(?:[A-Z][\w'’-]*\s+(?:(?:and|&)\s+)?){1,4}(?:Police(?:\s+Service)?|Constabulary)|Police\s+Scotland|"
    r"Police\s+Service\s+of\s+Northern\s+Ireland|PSNI|Met|Metropolitan\s+Police(?:\s+Service)?"
)
# "a PSNI statement", "the Northvale Trust report": a named body's document is the body
_BODY_DOCUMENT_RE = re.compile(
    r"(?:an?|the)\s+(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w'’&.-]*){0,5})\s+"
    r"(?:statement|report|survey|study|review|press\s+release)"
)
_BARE_POLICE = frozenset(["police", "the police", "the force"])
# "a statement from X", "the report by X", "a spokesman for X": the words before the body
ISSUED_BY = (r"(?:an?|the)\s+(?:\w+\s+)?(?:statement|report|press\s+release|spokes(?:person|man|woman))\s+"
             r"(?:from|by|for|issued\s+by)\s+")
_ISSUED_BY_RE = re.compile(
    ISSUED_BY + r"(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w'’&.-]*){0,6})$"
)


def may_stand_for_body(name: str) -> bool:
    """A cheap test: may :func:`named_body` change this speaker? (Most names are people.)"""
    return name[:1].islower() or name.startswith(_BODY_PHRASE_STARTS) or "Govt" in name


_BODY_PHRASE_STARTS = ("A ", "An ", "The ", "Police", "Scot ")


def named_body(name: str, doc, speakers: frozenset = frozenset()) -> str:
    """The named body behind a speaker phrase that stands for it, else ``name`` unchanged.

    "police" and "the force" are the one police force that speaks elsewhere in the article
    (``speakers``: the article's resolved speakers): "Greater Manchester Police (GMP) said ...
    Police said" -> "Greater Manchester Police"; unchanged when no force or several speak (a
    force named only in an officer's title is not enough). "a statement from GMP" is the
    body that issued it.
    """
    if "Govt" in name or name.startswith("Scot "):
        # a headline's "Scot Govt": the government the article spells out
        full = re.sub(r"\bGovt\b", "Government", re.sub(r"^Scot\b", "Scottish", name))
        return full if full != name and full in doc.text else name
    low = name.lower()
    office = _OFFICE_RE.fullmatch(name)
    if office:  # "the mayor's office": a body, named without its article
        return office.group(1)
    if low in _BARE_POLICE:
        cache = doc.memo.setdefault("named_body", {})
        forces = cache.get(("forces", speakers))
        if forces is None:  # once per article, not once per unit
            forces = cache[("forces", speakers)] = {doc.expand_acronym(n) for n in speakers if _FORCE_RE.fullmatch(n)}
        return next(iter(forces)) if len(forces) == 1 else name
    if low.startswith(("a ", "an ", "the ")):
        m = _ISSUED_BY_RE.fullmatch(name) or _BODY_DOCUMENT_RE.fullmatch(name)
        if m:
            return doc.expand_acronym(m.group("org"))
        m = _UNNAMED_DOC_RE.fullmatch(low)
        if m:
            cache = doc.memo.setdefault("named_body", {})
            if m.group(1) not in cache:  # the article is searched once per kind of document
                cache[m.group(1)] = _document_author(m.group(1), doc)
            return cache[m.group(1)] or name
    return name


# "the mayor's office", "the commissioner's office": an office-holder's staff speaking as a body
_OFFICE_RE = re.compile(r"(?:[Tt]he|[Aa]n?)\s+([a-z]+(?:\s+[a-z]+)?['’]s\s+office)")
_UNNAMED_DOC_RE = re.compile(r"an?\s+(?:new\s+|recent\s+|latest\s+|major\s+|damning\s+)?(report|study|survey|review)")
_AUTHOR_NAME = r"(?:the\s+)?(?P<org>[A-Z][\w'’&-]*(?:\s+(?:of\s+|on\s+|for\s+|and\s+)?[A-Z][\w'’&-]*){0,5})"
# "The commission's final report", "the Northvale Trust's new report" (before the head word)
_AUTHOR_BEFORE_RE = re.compile(
    rf"(?:{_AUTHOR_NAME}|[Tt]he\s+(?P<anaphor>commission|committee|charity|council|inquiry|trust|department|"
    rf"inspectorate|panel|board|union|institute|centre|foundation))['’]s\s+(?:[a-z]+\s+){{0,2}}$"
)
# "report by the Northvale Trust" (after the head word)
_AUTHOR_AFTER_RE = re.compile(rf"\s+(?:by|from|published\s+by|commissioned\s+by)\s+{_AUTHOR_NAME}")


def _document_author(head: str, doc) -> str | None:
    """The body whose document "a new report" is, when the article says whose it is: "The
    commission's final report", "a report by the Northvale Trust"; None when it names no
    author or several."""
    found = set()
    text = doc.text
    i = text.find(head)
    while i >= 0:
        m = _AUTHOR_BEFORE_RE.search(text, max(0, i - 80), i)
        org = None
        if m and m.group("anaphor"):
            org = doc.resolve_org_anaphor(m.group("anaphor"), m.start())
        elif m:
            org = m.group("org")
        else:
            m = _AUTHOR_AFTER_RE.match(text, i + len(head))
            org = m.group("org") if m else None
        if org:
            found.add(doc.expand_acronym(org))
        i = text.find(head, i + len(head))
    return found.pop() if len(found) == 1 else None


# Words a subject noun phrase read by its shape may not hold: pronouns, verbs and auxiliaries,
# function words that open a clause or a tail ("of", "who"), and adverbs (which end in -ly).
_SHAPE_STOP = frozenset("""he she they we it i you this that these those there here who whom whose which
what where when why how is was are were be been being has have had do does did will would can could
may might must shall should and or but nor if as than then of in at on for from with by to into about
not no his her their its our my your me him them us said says told""".split())
# heads that are no speaker though they "show" or "suggest" things: numbers and findings
# (codebook 2: "Police figures show ..." has no identifiable source)
_NOT_SPEAKER_HEADS = frozenset("""figures data statistics numbers results findings evidence research
rates levels totals counts times years months weeks days things""".split())
_ONE_DETS = frozenset(["a", "an", "one", "another"])
_MANY_DETS = frozenset("""some many several most few other two three four five six seven eight nine
ten twelve dozens hundreds""".split())
# endings of nouns for people who do something ("dealer", "counsellor", "chemist", "librarian",
# "migrant", "resident"): the general English agent suffixes
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee")
_DEMONYM_ENDINGS = ("ish", "ian", "ese", "ch", "an")
_SHAPE_WORD_RE = re.compile(r"[A-Za-z][a-z'’-]*")


@functools.lru_cache(maxsize=8192)  # a pure function of the phrase
def shaped_source(phrase: str) -> tuple[str, str] | None:
    """``(speaker, speaker_type)`` for a subject read by its shape alone, else ``None``.

    Asked when no word list knows the phrase: a plural head after an optional quantifier is a
    group ("Harm reduction workers", "some shopkeepers"); "a", "an", "one" or "another" before a
    singular head is one unnamed source ("a local shopkeeper", "one addict"). At most six
    words, capitalised only by the sentence, with no verb, pronoun or preposition; heads that
    count or find ("figures", "results") and definite phrases ("the officer") are not read.
    """
    words = phrase.split()
    if not 1 <= len(words) <= 6 or any(w[:1].isupper() for w in words[1:]):
        return None  # long, or holds a name (the name reader's business)
    low = [w.lower() for w in words]
    if any(not _SHAPE_WORD_RE.fullmatch(w) or w in _SHAPE_STOP or w.endswith("ly") for w in low):
        return None
    head, det = low[-1], low[0]
    if head in _NOT_SPEAKER_HEADS or head.endswith(("ing", "ed", "'s", "’s")) or len(head) < 3:
        return None
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    first = words[0] if words[0].endswith(_DEMONYM_ENDINGS) and det not in _MANY_DETS else low[0]
    speaker = " ".join([first] + words[1:])  # "Scottish ministers" keeps its name
    if det in _ONE_DETS:
        return (speaker, "unnamed") if len(low) > 1 and not plural else None
    if det == "the" or not plural:
        return None  # "the shopkeeper" points back; the role and antecedent readers try it
    if det in _MANY_DETS and len(low) > 1:
        return speaker, "group"
    # a bare plural needs a head that names people by the agent suffix ("dealers", "chemists")
    return (speaker, "group") if head[:-1].endswith(_AGENT_ENDINGS) else None

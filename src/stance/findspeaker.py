"""Speakers of the learned finder's candidates that the segmenter's resolver could not name.

:mod:`stance.learned` asks :func:`stance.subject._subject_before` first; when it finds no
speaker, the subject phrase is read as written: a capitalised name the first pass did not
register (:func:`unknown_name`), or a short noun phrase with the shape of a subject
(:func:`phrase_speaker`: "the MPs", "Party members", "the statement"). Either is put in the
article's canonical form when the article's memory knows it (:func:`canonical_speaker`: a
surname -> the full name the article gave, "Plaid" -> "Plaid Cymru", an acronym -> its long form).
"""

from __future__ import annotations

import re

from .lexicon import _AGENT_SUFFIX_RE
from .mentions import _DOC_HEADS
from .sources import _NOT_SPEAKER_HEADS, _PERSON_HEADS, shaped_source

_NAME_BEFORE_RE = re.compile(r"((?:[A-Z][\w'’&-]+\s+){1,3})$")
_NOT_NAME = frozenset("the a an this that these those it he she they we i his her their its our police officers "
                      "ministers campaigners critics experts".split())
_COMMON_FIRST = frozenset("but and however meanwhile now today yesterday later then also".split())
_ASIDE_END_RE = re.compile(r"[\s,]+(?:for\s+example|for\s+instance|too|though|meanwhile)[\s,]*$", re.I)
# words a subject phrase read as written may not hold: pronouns, relatives, verbs of being,
# prepositions that open an adjunct ("after", "during"), numbers
_PHRASE_STOP = frozenset("""he she they we it i you his her their its our my your this these those there here who whom
whose which that what
is are was were be been has have had will would could may might should can must do does did not no
after before during while when where since until because if as at in on by with from into over to about
than then also now still already even just however meanwhile yesterday today""".split())
_PHRASE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’&.-]*")
_DETS = frozenset("the a an".split())


def unknown_name(masked: str, s0: int, hi: int) -> tuple[str, str] | None:
    """A capitalised name of one to three words right before ``hi`` that the first pass did not
    register ("Plaid has argued"), read as written; never a sentence's capitalised first word
    alone when it is a common word ("The", "Officers")."""
    m = _NAME_BEFORE_RE.search(masked, max(s0, hi - 60), hi)
    if not m or (m.start() > s0 and not masked[s0 : m.start()].rstrip().endswith((",", "("))):
        return None  # the name opens the sentence or follows a comma: "on Tuesday showed" is no subject
    words = m.group(1).split()
    if words[0].lower() in _NOT_NAME or (m.start() == s0 and len(words) == 1 and words[0].lower() in _COMMON_FIRST):
        return None
    return " ".join(words), ""


def phrase_speaker(phrase: str) -> tuple[str, str] | None:
    """``(speaker, role)`` for a subject phrase of a usable shape, read as written, else None.

    Two to five words (or one capitalised word), opened by "the", "a", "an" or a capital, with
    no pronoun, verb of being, adjunct preposition or adverb ending in "ly": "the MPs", "The
    statement", "Party members", "Conservative ministers"; never "the" + one person ("the man",
    "the officer"), whom the resolvers declined to place. A determiner opening the sentence is
    written in lower case. ``stance.sources.shaped_source`` reads the unnamed and group shapes
    ("some shopkeepers"); its form is kept when it has one.
    """
    phrase = _ASIDE_END_RE.sub("", " ".join(phrase.split()).strip(",;:()\"“”‘’' "))
    words = phrase.split()
    if not words or len(words) > 5:
        return None
    low = [w.lower() for w in words]
    if any(not _PHRASE_WORD_RE.fullmatch(w) or w in _PHRASE_STOP or w.endswith("ly") for w in low):
        return None
    if len(words) == 1 and not words[0][:1].isupper():
        return None
    if low[0] not in _DETS and not words[0][:1].isupper():
        return None
    if low[-1] in _DETS or low[-1] in ("of", "and", "for") or len(low[-1]) < 2:
        return None
    if any(w.startswith("spokes") for w in low):
        return None  # the spokesperson readers declined it: no body to speak for
    head = low[-1]
    if head in _NOT_SPEAKER_HEADS:
        return None  # "the results", "figures": what counts or finds, not who speaks
    if low[0] == "the" and not head.endswith("s") and (
            head in _PERSON_HEADS or head in _DOC_HEADS or (_AGENT_SUFFIX_RE.search(head) and not head.endswith("ment"))):
        return None  # "the man", "the report" point back: the resolvers' business ("the statement" is a thing)
    shaped = shaped_source(phrase)
    if shaped is not None:
        return shaped[0], ""
    if low[0] not in _DETS and not all(w[:1].isupper() for w in words):
        return None  # "Brackwell bridges": a capital the sentence gave; shaped_source reads groups
    if low[0] in _DETS:
        words = [low[0]] + words[1:]
    return " ".join(words), ""


def canonical_speaker(name: str, doc, pos: int = -1) -> str:
    """``name`` as the article gave it in full when its memory (``doc``, a
    :class:`stance.names._Doc`) knows it; trailing asides ("for example") are dropped. With
    ``pos`` (the article offset of the phrase), "the party", "the college" name the latest body
    of that kind before it."""
    name = _ASIDE_END_RE.sub("", name).strip(" ,")
    toks = name.split()
    if pos >= 0 and len(toks) == 2 and toks[0].lower() == "the" and toks[1].islower():
        body = doc.resolve_org_anaphor(toks[1], pos)
        return body if body else name
    if not toks or not all(t[:1].isupper() for t in toks):
        return name
    long_form = doc.expand_acronym(name)
    if long_form != name:
        return long_form
    full = doc.canonical(toks)
    if full != name and full in doc.full_names:
        return full
    # "Plaid" after "Plaid Cymru": the one body, else the one name mentioned, that it opens
    for known in (doc.org_names(), {m[1] for m in doc.mentions}):
        longer = {o for o in known if o.startswith(name + " ") and not _ASIDE_END_RE.search(o)}
        if longer:
            return longer.pop() if len(longer) == 1 else name
    return name

"""The words and features of the learned finder of reported speech (:mod:`stance.learned`).

The verb list (lemma -> its forms, British doubled forms made by rule) and the closed-class and
shape features of one candidate. Every feature reads a bounded window around the verb (at most
:data:`WINDOW` characters before it) and the candidate's own content, so its cost does not grow
with the sentence.
"""

from __future__ import annotations

import re

from .mentions import _DOC_HEADS
from .patterns import _FINITE_RE, _STRICT_FINITE_RE

WINDOW = 80  # characters before the verb that the subject and lead-word features read

# lemma -> its forms; regular forms are made by _forms, irregular ones given in full
_IRREGULAR = {
    "say": "say says said saying",
    "show": "show shows showed shown showing",
    "tell": "tell tells told telling",
    "write": "write writes wrote written writing",
    "think": "think thinks thought thinking",
    "feel": "feel feels felt feeling",
    "find": "find finds found finding",
    "set out": "set out|sets out|setting out",
    "call for": "call for|calls for|called for|calling for",
    "call on": "call on|calls on|called on|calling on",
    "push for": "push for|pushes for|pushed for|pushing for",
    "campaign for": "campaign for|campaigns for|campaigned for|campaigning for",
    "point out": "point out|points out|pointed out|pointing out",
    "speak out": "speak out|speaks out|spoke out|speaking out",
    "hit out": "hit out|hits out|hitting out",
    "warn of": "warn of|warns of|warned of|warning of",
    "point to": "point to|points to|pointed to|pointing to",
    "raise concerns": "raise concerns about|raises concerns about|raised concerns about|raising concerns about",
}
_REGULAR = """warn claim insist argue urge describe admit accept reveal explain confirm deny
suggest stress believe acknowledge state add note announce pledge vow promise predict accuse
criticise criticize welcome back oppose support condemn praise blame maintain concede
allege assert agree complain report recommend propose demand question dismiss reject defend
highlight emphasise emphasize hail slam reiterate recall observe remark conclude
declare disclose estimate expect hope warn advise remind assure inform tweet
comment challenge lament endorse cite outline signal commend expose indicate brand thank
contend reckon recognise recognize want plan intend fear ask caution dispute doubt threaten
testify rule decide""".split()


def _forms(lemma: str) -> list[str]:
    """base, third person, past, -ing of a regular verb (British spelling, doubling "-it")."""
    if lemma.endswith("ee"):
        past, ing = lemma + "d", lemma + "ing"  # "agreed", "agreeing"
    elif lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    elif lemma in ("admit", "commit"):
        past, ing = lemma + "ted", lemma + "ting"
    elif lemma.endswith("l") and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        past, ing = lemma + "led", lemma + "ling"  # British "signalled", "labelling"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return [lemma, third, past, ing]


def form_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lemma, forms in _IRREGULAR.items():
        for f in (forms.split("|") if "|" in forms else forms.split()):
            table[f] = lemma
    for lemma in _REGULAR:
        for f in _forms(lemma):
            table.setdefault(f, lemma)
    return table



_PRONOUNS = frozenset("he she they it we i you".split())
# the words of a document as a subject ("the figures show"): the first pass's document heads and more
_DOC_WORDS = frozenset(_DOC_HEADS) | frozenset("figures data statement document letter paper research assessment "
                                               "findings evidence".split())

_CONTENT_OPENERS = {"as": "prep", "by": "prep", "after": "prep", "from": "prep", "with": "prep", "in": "prep",
                    "at": "prep", "for": "prep", "into": "prep", "over": "prep", "against": "prep",
                    "to": "to", "of": "of", "about": "about", "on": "on", "how": "how", "that": "that",
                    "the": "det", "a": "det", "an": "det", "this": "det", "there": "there", "it": "pron",
                    "he": "pron", "she": "pron", "they": "pron", "we": "pron", "i": "pron"}

_MODAL_BEFORE_RE = re.compile(
    r"(?:\b(?:not|never|n't|would|could|will|may|might|should|can|cannot|to)\s+(?:\w+\s+){0,1})$")
_AUX_BEFORE_RE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|been|being)\s+(?:also\s+|now\s+|previously\s+|already\s+)?$")
_RELATIVE_BEFORE_RE = re.compile(r"\b(?:who|which)\s+(?:\w+\s+)?$")


def window_before(masked: str, s0: int, v0: int) -> str:
    """The words of ``masked[s0:v0]`` within :data:`WINDOW` characters of ``v0`` (a word the
    window cuts into is left out)."""
    lo = v0 - WINDOW
    if lo <= s0:
        return masked[s0:v0]
    piece = masked[lo:v0]
    return piece if masked[lo - 1].isspace() else piece.split(None, 1)[-1] if " " in piece.strip() else ""


# the words of _FINITE_RE besides "-ed" (its other branch)
_FINITE_WORDS = frozenset("is was were are had has have would will could should can must did do does needed needs need "
                          "wanted wants want been might may shall".split())


def has_finite(text: str, a: int, b: int) -> bool:
    """``bool(_FINITE_RE.search(text, a, b))``, read by runs of word characters: a match is a
    whole run that is one of the pattern's words, or that ends in "ed" after at least one word
    character (a literal "ed" first: the engine's fast search). A run that a word character
    before ``a`` joins is left to the pattern."""
    if b <= a:
        return False
    piece = text[a:b]
    if a > 0 and (piece[:1].isalnum() or piece[:1] == "_") and (text[a - 1].isalnum() or text[a - 1] == "_"):
        return _FINITE_RE.search(text, a, b) is not None
    return _ED_END_RE.search(piece) is not None or not _FINITE_WORDS.isdisjoint(_WORD_RUN_RE.findall(piece))


_WORD_RUN_RE = re.compile(r"\w+")
_ED_END_RE = re.compile(r"ed(?<=\wed)\b")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _subject_shape(phrase: str) -> str:
    words = phrase.split()
    if not words:
        return "none"
    lowered = phrase.lower().split()  # the words lowered (no case mapping makes or takes white space)
    low = [w.strip(",") for w in lowered] if "," in phrase else lowered
    if len(words) == 1 and low[0] in _PRONOUNS:
        return "pron"
    joined = " " + " ".join(low)  # a word opens with "spokes" ... where " spokes" ... stands
    if " spokes" in joined or " source" in joined or " official" in joined or " insider" in joined:
        return "spokes"
    if not _DOC_WORDS.isdisjoint(low):
        return "doc"
    if all(w[:1].isupper() for w, lw in zip(words, lowered) if lw not in _LINK_WORDS):
        return "cap"
    if low[0] == "the":
        return "the_noun"
    if low[-1].endswith("s"):
        return "plural"
    return "other"


_LINK_WORDS = frozenset(("of", "the", "and", "for"))


def _verb_form(word: str, tail: str) -> str:
    w = word.split()[0].lower()
    if tail and _AUX_BEFORE_RE.search(tail):
        return "perfect_or_prog"
    if w.endswith("ing"):
        return "ing"
    if w.endswith("s") and not w.endswith("ss"):
        return "pres3"
    if w.endswith(("ed", "id", "ld", "ote", "ought", "oke", "und", "eld")) or w in ("said", "told", "wrote", "found"):
        return "past"
    return "base"


def _opener(first: str, cwords: list[str]) -> str:
    if first in _CONTENT_OPENERS:
        return _CONTENT_OPENERS[first]
    if _STRICT_FINITE_RE.fullmatch(first):
        return "finite"
    return "cap" if cwords and cwords[0][:1].isupper() else "word"


def _last_two_words(before: str) -> str:
    """The last two words of ``before`` and a space after each, or '' when ``before`` does not
    end with white space: all that the patterns ending in white space at the end (a word, white space, at
    most one more word and white space) can match, as they match it (the first word follows
    white space or the start in ``before`` as it does here)."""
    if not before[-1:].isspace():
        return ""
    return " ".join(before.rsplit(None, 2)[-2:]) + " "


# feature names by count, for the counts the buckets split
_LEAD_NAMES = tuple(f"lead_words={_bucket(n, (0, 2, 5, 10))}" for n in range(11))
_CLEN_NAMES = tuple(f"clen={_bucket(n, (3, 5, 10, 20, 40))}" for n in range(41))
_PARA_NAMES = tuple(f"para={_bucket(n, (0, 2, 5, 10))}" for n in range(11))


def features(para: str, masked: str, s0: int, s1: int, v0: int, v1: int, lemma: str, how: str,
             a: int, b: int, subj: str, idx: int, in_quote: bool) -> list[str]:
    before = masked[max(s0, v0 - 40) : v0]
    tail = _last_two_words(before)
    content = para[a:b]
    cwords = content.split()
    first = cwords[0].lower().strip("\"'‘“") if cwords else ""
    n_lead = len(window_before(masked, s0, v0).split())
    n_words = len(cwords)
    feats = [
        "bias_frame=verb", "lemma=" + lemma, "form=" + _verb_form(masked[v0:v1], tail), "how=" + how,
        "subj_shape=" + _subject_shape(subj), _LEAD_NAMES[n_lead] if n_lead <= 10 else "lead_words=>10",
        _CLEN_NAMES[n_words] if n_words <= 40 else "clen=>40", _PARA_NAMES[idx] if 0 <= idx <= 10 else f"para={_bucket(idx, (0, 2, 5, 10))}",
        "open=" + _opener(first, cwords),
    ]
    if has_finite(content, 0, len(content)):
        feats.append("content_finite")
    if tail and _MODAL_BEFORE_RE.search(tail):
        feats.append("modal_or_neg_before")
    if tail and "wh" in tail and _RELATIVE_BEFORE_RE.search(tail):
        feats.append("relative_before")
    if in_quote:
        feats.append("in_quote")
    if para.find("?", s0, s1) >= 0:
        feats.append("question")
    if b < s1 - 2:
        feats.append("content_cut")
    if ('"' in content or "“" in content or "”" in content or "‘" in content or "’" in content
            or "'" in content) and content.count(" ") > 1:
        feats.append("content_has_marks")
    words = subj.split()
    if words:
        head = words[-1].lower().strip(",")
        if head and head.isalpha() and not words[-1][:1].isupper():
            feats.append(f"subj_head={head}")
    feats.append(f"lemma_how={lemma}|{how}")
    return feats

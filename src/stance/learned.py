"""A learned finder of reported speech that the hand-written rules miss.

Candidates are cheap and broad: in each body sentence that no rule-found unit overlaps, every
reporting, communication or stance verb of a wide list (``said``, ``has warned``, ``is urging``,
``wants`` ...) proposes the clause after it ("after the verb", "after that", "after for")
as reported content, and a sentence ending ", X said." proposes the words before the comma.
The subject of the verb is resolved with the segmenter's own machinery
(:func:`stance.subject._subject_before`), else read as written by :mod:`stance.findspeaker`
when the subject phrase has a usable shape; a candidate with no speaker is dropped. Doubtful frames ("believed" + a bare clause, "found drugs") are
proposed with a feature saying so, not dropped. Each survivor is described by the closed-class
and shape features of :mod:`stance.findfeatures` (bounded windows) and scored by a logistic model: a plain dot product with the weights of
``indirectweights.json`` (package data), which :mod:`stance.indirecttrain` writes. No
scikit-learn here.

The segmenter asks :func:`find_candidates` then :func:`accept` once per article, after its
rules, when :data:`ENABLED` is true.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from .clausespan import _MEDIUM_RE, _Sentence
from .findfeatures import _bucket, _forms, _subject_shape, features, form_table, has_finite, window_before
from .findspeaker import canonical_speaker, phrase_speaker, unknown_name
from .layout import _trim_span
from .lexicon import _trie
from .patterns import _NEED_THAT, _STRICT_FINITE_RE
from .quotemarks import _Region, _find_regions, _mask, _sentences
from .sources import speaker_type
from .subject import _subject_before

# The shipped model (package data written by stance.indirecttrain). ENABLED says whether the
# segmenter asks the finder at all: it was switched on because the weights raised the selection
# corpus (README, "The learned finder of reported speech"); benchmarks and tests may set it.
WEIGHTS_FILE = Path(__file__).with_name("indirectweights.json")
_MODEL = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
ENABLED: bool = _MODEL["enabled"]
THRESHOLD: float = _MODEL["threshold"]
BIAS: float = _MODEL["bias"]
WEIGHTS: dict[str, float] = _MODEL["weights"]

_FORM_OF = form_table()
_FIRST_WORDS = frozenset(f.split()[0] for f in _FORM_OF)
_VERB_RE = re.compile(r"(?<![\w'’-])" + _trie(_FORM_OF) + r"(?![\w'’-])")
# the verbs of the frame ", X said." (past and third person of the list, and "told"/"wrote")
_POST_VERBS = sorted({f for f, lemma in _FORM_OF.items() if " " not in f and f != lemma and not f.endswith("ing")}
                     | {"told", "tells", "wrote", "writes", "thinks", "thought", "felt", "feels"})
_POST_RE = re.compile(  # "CONTENT, the council said." / "CONTENT, said Ann Lee."
    r",\s+(?:(?P<subj>[^,;:]{2,70}?)\s+(?:(?:has|have)\s+)?(?P<verb>" + _trie(_POST_VERBS) + r")"
    r"|(?P<iverb>said|says|added|adds|warned|warns|wrote|writes|argued|argues|insisted|insists)\s+(?P<isubj>[^,;:]{2,70}?))"
    r"(?:\s+(?:on\s+\w+|yesterday|today|last\s+\w+|this\s+\w+))?\s*[.!]?\s*$"
)
# a pre-check only: the frame's verb follows white space (the engine enters a match only there)
_POST_VERB_RE = re.compile(r"\s" + _trie(_POST_VERBS))
_THAT_WITHIN_RE = re.compile(r"\s+(?:(?!that\b)[\w'’.-]+\s+){0,4}?that\s+")
_THAT_NEXT_RE = re.compile(r"\s+that\s+")
_FOR_NEXT_RE = re.compile(r"\s+for\s+")
_CHAIN_WORDS = frozenset("has have had is are was were been will would could may might should did does do not n't "
                         "also now previously already repeatedly recently today yesterday publicly strongly".split())
_CHAIN_BEFORE_RE = re.compile(  # "has also", "would not", "is now calling": the verb's own chain
    r"(?<=\s)(?:(?:has|have|had|is|are|was|were|been|will|would|could|may|might|should|did|does|do|not|n't|"
    r"also|now|previously|already|repeatedly|recently|today|yesterday|publicly|strongly)\s+)+$")
# the word before the verb, when it belongs to a closed class (a feature); after a determiner
# or a possessive the word is a noun ("his comments", "Braverman's alleged"), after a form
# of "be" a passive ("has been warned", "was told"): never speech by its subject
_PREV_CLASS = {**dict.fromkeys("a an the his her its their our my your this these those".split(), "det"),
               **dict.fromkeys("is are was were be been being".split(), "be"),
               **dict.fromkeys("has have had".split(), "have"),
               **dict.fromkeys("will would could may might should can must".split(), "modal"),
               **dict.fromkeys("not never".split(), "neg"), "to": "to", "who": "who", "which": "who",
               "that": "that", "and": "and", "but": "and", "also": "adv", "then": "adv", "now": "adv"}
_NOUN_OR_PASSIVE = frozenset(("det", "be"))
_HYPOTHETICAL = frozenset("could would might may should must can".split())
_NARRATIVE = frozenset(("find", "report", "disclose", "show", "indicate"))
_BELIEF = frozenset(("believe", "think"))
_NEED_CLAUSE = frozenset(("tell", "add"))
_PAST_BELIEF = frozenset(("believed", "thought", "feared"))
MIN_SCORE_WORDS = 3  # content shorter than this is never proposed
MIN_POST_WORDS = 5  # nor a shorter clause before ", police said." ("Officers seized cannabis")
# A sentence longer than this, or holding more verb words of the list, is not news prose ("he
# said " x 5 MB reads as one run-on sentence per block): the finder leaves it to the rules. The
# real pages of labels/news ... news6 have at most 799 characters and 7 verb words per sentence.
MAX_SENTENCE = 1200
MAX_VERBS = 12


@dataclass
class Candidate:
    """One proposed reported clause: article offsets, its speaker and its features."""

    start: int
    end: int
    verb: int  # article offset of the reporting verb
    para_idx: int
    speaker: tuple[str, str]
    stype: str
    features: list[str] = field(default_factory=list)
    sentence: tuple[int, int] = (-1, -1)  # article offsets of its sentence


def _content_start(masked: str, vend: int, lemma: str, s1: int) -> tuple[int, str]:
    """Where the content starts after the verb ending at ``vend``, and how it was found."""
    if lemma.endswith((" for", " of")):
        return vend, "phrase"
    if masked.startswith(" in ", vend) and (md := _MEDIUM_RE.match(masked, vend, s1)):
        vend = md.end()  # "said in a statement (that)": the content after it
    m = _THAT_NEXT_RE.match(masked, vend, s1)
    if m:
        return m.end(), "that"
    m = _THAT_WITHIN_RE.match(masked, vend, s1)
    if m and not _STRICT_FINITE_RE.match(masked, m.end()) and len(masked[vend : m.end()].split()) <= 4 \
            and not has_finite(masked, vend, m.end() - 5):
        return m.end(), "obj_that"  # "told the BBC that"; not "report showed that" (a noun)
    m = _FOR_NEXT_RE.match(masked, vend, s1)
    if m and lemma in ("call", "hope", "argue", "push"):
        return m.end(), "for"
    return vend, "bare"


def _post_candidate(doc, para: str, masked: str, p0: int, s0: int, s1: int, idx: int) -> Candidate | None:
    """"CONTENT, X said." at the end of the sentence ``s0:s1``."""
    # the frame's comma is the last one of the sentence's tail (nothing after it may hold a
    # comma): no comma, or no verb of the frame after it (most sentences), no frame
    c = masked.rfind(",", max(s0, s1 - 120), s1)
    if c < 0 or not _POST_VERB_RE.search(masked, c, s1):
        return None
    m = _POST_RE.match(masked, c, s1)  # the frame ends the sentence
    if not m or m.start() - s0 < 15:
        return None
    subj_key = "subj" if m.group("subj") else "isubj"
    got = None
    if subj_key == "subj":
        got = _subject_before(masked, m.start(subj_key), m.start("verb"), doc, p0)
    if got is None:
        from_ = m.start(subj_key)
        got = _subject_before(masked + " ", from_, m.end(subj_key), doc, p0)
    spk = got[0] if got is not None else phrase_speaker(m.group(subj_key))  # "the mayor's office states"
    if spk is None:
        return None
    spk = (canonical_speaker(spk[0], doc, p0 + m.start(subj_key) if got is None else -1), spk[1])
    stype = speaker_type(spk[0], doc)
    a, b = _trim_span(para, s0, m.start())
    if len(para[a:b].split()) < MIN_POST_WORDS:
        return None
    subj = m.group(subj_key)
    feats = ["bias_frame=post", f"post_verb={_FORM_OF.get((m.group('verb') or m.group('iverb')).lower(), 'other')}",
             f"subj_shape={_subject_shape(subj)}", f"stype={stype}",
             f"clen={_bucket(len(para[a:b].split()), (3, 5, 10, 20, 40))}", f"para={_bucket(idx, (0, 2, 5, 10))}"]
    if has_finite(para, a, b):
        feats.append("content_finite")
    if m.group("iverb"):
        feats.append("post_inverted")
    if got is None:
        feats.append("post_phrase")  # the speaker read as written
    return Candidate(p0 + a, p0 + b, p0 + m.start(), idx, spk, stype, feats, (p0 + s0, p0 + s1))


def _prev_word(masked: str, s0: int, v0: int) -> str:
    """The word right before ``v0`` in the sentence (lower case unless capitalised), or ''."""
    k = v0
    while True:
        while k > s0 and masked[k - 1] == " ":
            k -= 1
        if k > s0 and masked[k - 1] == ",":
            return ","
        # the word's start: after the last space, unless the word holds other white space
        # (every white space character but the space fails ``isprintable``)
        j = masked.rfind(" ", s0, k) + 1 or s0
        if not masked[j:k].isprintable():
            j = k
            while j > s0 and not masked[j - 1].isspace():
                j -= 1
        w = masked[j:k].strip(",;:()\"“”‘")
        if w.lower() not in _SKIP_ADVERBS or j == k:
            return w if w[:1].isupper() else w.lower()
        k = j  # "are also said", "has now been warned": the word before the adverb


_SKIP_ADVERBS = frozenset("also now then still already previously repeatedly recently publicly".split())


def _prev_class(prev: str) -> str:
    if prev.endswith(("'s", "’s")):
        return "possessive"
    if prev == ",":
        return "comma"
    return _PREV_CLASS.get(prev.lower(), "cap" if prev[:1].isupper() else "word" if prev else "start")


def _sentence_candidates(doc, para: str, masked: str, regions: list, p0: int, s0: int, s1: int,
                         idx: int, spans: list, prior: list, skip_covered: bool, bound: tuple | None,
                         verbs: list[int], headline: bool = False) -> list[Candidate]:
    out: list[Candidate] = []
    ctx = None
    last_spk = None
    for w0 in verbs:
        vm = _VERB_RE.match(masked, w0, s1)  # tried only where a word of the list starts
        if vm is None:
            continue
        v0, v1 = vm.start(), vm.end()
        form = " ".join(vm.group().lower().split())
        lemma = _FORM_OF.get(form)
        if lemma is None or (skip_covered and any(a <= p0 + v0 < b for a, b in spans)):
            continue
        prev = _prev_word(masked, s0, v0)
        prev_class = _prev_class(prev)
        if prev_class == "be" and vm.group().lower().endswith("ing"):
            # "is warning", "were urging": a one-word progressive, speech by the subject (a phrase
            # such as "is calling for" stays out: with it the old pages' CV fell below the rules)
            prev_class = "be_ing"
        if prev_class in _NOUN_OR_PASSIVE or prev_class == "possessive" or prev in _HYPOTHETICAL:
            continue  # "his comments", "was told", "could highlight": no speech of the subject
        flags = []
        if prev_class == "comma" and (lemma in _POST_LEMMAS or _CAP_NEXT_RE.match(masked, v1)):
            if not form.endswith("ing") or _CAP_NEXT_RE.match(masked, v1):
                continue  # "..., said Ann Lee": the frame after the content, read by _post_candidate
            flags.append("comma_ing")  # "..., saying he could no longer ...": the model decides
        after = masked[v1 : v1 + 3].lstrip()[:1]
        if after in ":,\"“‘'" or para[v1 : v1 + 3].lstrip()[:1] in "\"“":
            continue  # 'said: "...' is direct speech, the rules' business; "said, as ..." an aside
        a, how = _content_start(masked, v1, lemma, s1)
        if ctx is None:
            ctx = _Sentence(para, masked, s0, s1, regions)
        if how == "bare" and form in _NEED_THAT and masked.startswith(" in ", v1):
            continue  # "believes in" a creed
        if how == "bare" and form in _PAST_BELIEF:
            flags.append("past_belief_bare")  # "believed the figures were wrong": often narrative
        if how == "bare" and lemma in _NARRATIVE and ctx.start_after_verb(v1, form) is None:
            flags.append("narrative_no_clause")  # "police found drugs": an act, unless speech follows
        if how == "bare" and lemma in ("say", "tell") and masked.startswith(" to ", v1):
            continue  # "said to be considering": hearsay with no speaker
        b = ctx.clause_end(a)
        a, b = _trim_span(para, a, b)
        if _STRICT_FINITE_RE.match(para, a) or (how == "bare" and _VERB_RE.match(masked, a)):
            continue  # "what he says is a safe place", "a report showed that": no clause of its own
        if how == "bare" and lemma in _BELIEF | _NEED_CLAUSE and not has_finite(para, a, b):
            if lemma in _NEED_CLAUSE:
                continue  # "told the panel at a meeting": no content without a clause
            flags.append("no_clause")  # "police believe the rumours": the model decides
        if len(para[a:b].split()) < MIN_SCORE_WORDS or (
                skip_covered and any(x < p0 + b and p0 + a < y for x, y in spans)):
            continue
        lo = max(s0, v0 - 40)
        last = masked[lo:v0].rsplit(None, 1)[-1:]  # a chain is whole words: it ends with one of them
        aux = _CHAIN_BEFORE_RE.search(masked, lo, v0) if last and last[0] in _CHAIN_WORDS else None
        hi = aux.start() if aux else v0
        subj = window_before(masked, s0, hi).rsplit(",", 1)[-1].strip()
        in_quote = para[v0:v1] != masked[v0:v1] or any(r.cstart <= v0 < r.cend for r in regions)
        feats = features(para, masked, s0, s1, v0, v1, lemma, how, a, b, subj, idx, in_quote)
        feats.append(f"prev={prev_class}")
        feats += flags
        if headline:
            feats.append("headline")
        if bound is not None and bound[1] + bound[3] + sum(map(bound[0].get, feats, _ZEROS)) < bound[2]:
            continue  # below the threshold whoever the speaker is: the subject is not looked for
        spk, source = _speaker(doc, masked, p0, s0, hi, subj, prev_class != "comma",
                               last_spk, prior, v0)
        if spk is None or not spk[0]:
            continue
        last_spk = spk
        stype = speaker_type(spk[0], doc)
        feats += [f"stype={stype}", f"spk_from={source}"]
        out.append(Candidate(p0 + a, p0 + b, p0 + v0, idx, spk, stype, feats, (p0 + s0, p0 + s1)))
    post = _post_candidate(doc, para, masked, p0, s0, s1, idx)
    if post is not None and not (skip_covered and any(x < post.end and post.start < y for x, y in spans)):
        if headline:
            post.features.append("headline")
        out.append(post)
    return out


def _last_unit_speaker(prior: list, lo: int, hi: int) -> tuple[str, str] | None:
    before = [u for u in prior if lo <= u.start < hi]
    return (before[-1].speaker, before[-1].speaker_role) if before else None


def _speaker(doc, masked: str, p0: int, s0: int, hi: int, subj: str, as_written: bool,
             previous: tuple | None, prior: list, v0: int) -> tuple[tuple[str, str] | None, str]:
    """The speaker of a verb at ``v0`` whose subject ends at ``hi`` and how it was found: resolved by the
    segmenter's machinery, the subject of the verb before ("... and said": ``previous``, the
    speaker of the sentence's candidate before, else that of the last unit of ``prior`` before the verb), a
    name the first pass missed, or (``as_written``) the subject phrase as written."""
    got = _subject_before(masked, s0, hi, doc, p0)
    spk, source = (got[0], "resolved") if got else (None, "")
    if spk is None and _AND_BEFORE_RE.search(masked, max(s0, hi - 8), hi):
        # "called the war a failure and said ...": the subject of the verb before
        spk, source = previous or _last_unit_speaker(prior, p0 + s0, p0 + v0), "and"
    if spk is None:
        spk, source = unknown_name(masked, s0, hi), "name"
    if spk is None and as_written:
        spk, source = phrase_speaker(_strip_adverbs(subj)), "phrase"  # "the MPs", "Party members"
    if spk is None or not spk[0]:
        return None, source
    return (canonical_speaker(spk[0], doc, p0 + s0 if source == "phrase" else -1), spk[1]), source


_START = attrgetter("start")  # a sort key in C
_POST_LEMMAS = frozenset(("say", "add", "tell"))
_ZEROS = repeat(0.0)  # the weight of a feature the model does not know
_CAP_NEXT_RE = re.compile(r"\s+[A-Z]")


def _strip_adverbs(subj: str) -> str:
    """The subject phrase without adverbs at its end ("The officer then")."""
    words = subj.split()
    while words and (words[-1].lower() in _SKIP_ADVERBS or words[-1].lower().endswith("ly")):
        words.pop()
    return " ".join(words)


_AND_BEFORE_RE = re.compile(r"(?:\band|\bbut|,)\s+(?:also\s+|then\s+)?$")


def find_candidates(text: str, paras: list[tuple[int, int]], units: list, doc, headlines: set = frozenset(),
                    skip_covered: bool = True, prune: tuple | None = None, seen: dict | None = None) -> list[Candidate]:
    """Candidates in the body sentences of ``text`` that no unit of ``units`` overlaps (all
    candidates, for training, when ``skip_covered`` is false; :func:`uncovered` then keeps what
    the segmenter would have been given).

    Parameters
    ----------
    text : str
        The article.
    paras : list of (start, end)
        Its body paragraphs, as the segmenter found them.
    units : list
        Units already found (``start``, ``end``, ``speaker``, ``speaker_role``).
    doc : stance.names._Doc
        The article's memory after the segmenter's first pass and rules.
    headlines : set of int
        Paragraph indexes of headlines (their candidates carry the feature ``headline``).
    skip_covered : bool
        Leave out the candidates that rule-found units cover (the segmenter's use).
    prune : tuple, optional
        :func:`bound_of` a model: do not resolve the speaker of a candidate that cannot reach
        its threshold whatever its speaker features (the segmenter's shortcut, :data:`SHIPPED`;
        training proposes every candidate).
    seen : dict, optional
        Paragraph index -> (quotation regions, masked text, sentences) the rules already
        computed (:attr:`stance.segment._Segmenter.seen`); the others are computed here.

    Returns
    -------
    list of Candidate
    """
    prior = sorted(units, key=_START)
    spans = [(u.start, u.end) for u in prior]
    seen = seen or {}
    out: list[Candidate] = []
    nears: dict[int, list] = {}  # paragraph -> the spans that overlap it, found when first needed
    hits = _hint_positions(text, paras, spans if skip_covered else (),
                           _ground(text, paras, spans, nears, seen) if skip_covered and seen else None)
    for idx, (p0, p1) in enumerate(paras):
        if not hits[idx]:
            continue
        near = nears[idx] if idx in nears else [sp for sp in spans if sp[0] < p1 and p0 < sp[1]]
        verbs = _verb_positions(text, p0, p1, near if skip_covered else [], hits[idx])
        if not verbs:
            continue  # the cheap pre-check: no verb of the list with room for a clause outside the units
        para = text[p0:p1]
        if idx in seen:
            regions, masked, sentences = seen[idx]
        else:
            regions = _find_regions(para)
            masked = _mask(para, regions) if regions else para
            sentences = _sentences(para, masked, regions)
        fresh = idx not in seen
        for s0, s1 in sentences:
            here = [v - p0 for v in verbs if p0 + s0 <= v < p0 + s1]
            if not here or s1 - s0 > MAX_SENTENCE or len(here) > MAX_VERBS:
                continue
            if skip_covered and any(a < p0 + s1 and p0 + s0 < b for a, b in near):
                continue  # a rule unit in the sentence: its speech is the rules' (the finder's ground is elsewhere)
            if not fresh:  # the rules' regions carry their reading (cand): the finder reads its own
                regions = [_Region(r.open, r.cstart, r.cend, r.close, r.single, r.words) for r in regions]
                fresh = True
            out.extend(_sentence_candidates(doc, para, masked, regions, p0, s0, s1, idx, near, prior,
                                            skip_covered, prune, here, idx in headlines))
    return out


def _ground(text: str, paras: list[tuple[int, int]], spans: list, nears: dict, seen: dict) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of the text where the finder may propose something: each
    paragraph, but of a paragraph the rules read (``seen``) and a unit of ``spans`` overlaps only
    its sentences of at most MAX_SENTENCE characters that no unit overlaps (two with only white
    space between: one piece). The spans near each paragraph read are kept in ``nears``."""
    out: list[tuple[int, int, int]] = []
    for idx, (p0, p1) in enumerate(paras):
        if idx not in seen:
            out.append((p0, p1, idx))
            continue
        near = nears[idx] = [sp for sp in spans if sp[0] < p1 and p0 < sp[1]]
        if not near:
            out.append((p0, p1, idx))
            continue
        last = -1
        for s0, s1 in seen[idx][2]:
            a, b = p0 + s0, p0 + s1
            if s1 - s0 > MAX_SENTENCE or any(x < b and a < y for x, y in near):
                continue
            if last >= 0 and (last == a or text[last:a].isspace()):
                out[-1] = (out[-1][0], b, idx)
            else:
                out.append((a, b, idx))
            last = b
    return out


def _hint_positions(text: str, paras: list[tuple[int, int]], spans: list = (),
                    ground: list | None = None) -> list[list[int]]:
    """Per paragraph, where a word that may start a verb form of the list stands as a whole run
    of letters outside the ``spans`` of units: a factored pattern that starts on a non-letter
    (the engine skips letters by a character set) scans the article's body between units, only
    within the ``ground`` (:func:`_ground`; default: every paragraph). A hit is found as it
    would be by one scan of each piece between units: the scan of a piece of ground starts
    earlier and ends later than the piece by as much as a match may read."""
    out: list[list[int]] = [[] for _ in paras]
    if not paras:
        return out
    if ground is None:
        ground = [(p0, p1, k) for k, (p0, p1) in enumerate(paras)]
    # the pieces between units: hits h with pos < h < a, scanned up to e
    gaps = []
    pos, stop, n = max(paras[0][0] - 1, 0), paras[-1][1], len(text)
    for a, b in sorted(spans) + [(stop, stop)]:
        if a > pos:
            gaps.append((pos, a, min(a + 1, n)))
        pos = max(pos, b - 1)
    g = 0
    for x, y, k in ground:
        if x <= 0 < y and _HINT_RE.match(text):
            out[k].append(0)
        while g < len(gaps) and gaps[g][1] <= x:
            g += 1
        j = g
        while j < len(gaps) and gaps[j][0] + 1 < y:
            pos, a, e = gaps[j]
            lo, hi = max(pos + 1, x), min(a, y)
            if lo < hi:
                for m in _HINT_AFTER_RE.finditer(text, lo - 1, min(e, hi + _MAX_FIRST + 1)):
                    if m.start() + 1 >= hi:
                        break
                    out[k].append(m.start() + 1)
            j += 1
    return out


# a word of _FIRST_WORDS at the start of the text, and after a non-letter
_HINT_RE = re.compile(_trie(_FIRST_WORDS) + r"(?![A-Za-z])")
_HINT_AFTER_RE = re.compile(r"[^A-Za-z]" + _trie(_FIRST_WORDS) + r"(?![A-Za-z])")
_MAX_FIRST = max(map(len, _FIRST_WORDS))  # how far past its first letter a match reads, at most


def _verb_positions(text: str, p0: int, p1: int, spans: list, hits: list[int]) -> list[int]:
    """The ``hits`` of the paragraph ``text[p0:p1]`` (:func:`_hint_positions`) outside the
    ``spans`` of units, with room in their piece between units for a clause after them (at least
    MIN_SCORE_WORDS + 1 words) or, for the frame ", X said.", before them (MIN_POST_WORDS
    words): the words are counted only around a hit."""
    out: list[int] = []
    pos = p0
    pieces = sorted(spans) + [(p1, p1)] if spans else ((p1, p1),)
    i = 0
    for a, b in pieces:
        end = min(a, p1)
        while i < len(hits) and hits[i] < pos:
            i += 1
        while i < len(hits) and hits[i] < end:
            h = hits[i]
            if _ROOM_AFTER_RE.match(text, h, end) or _ROOM_BEFORE_RE.search(text, pos, h):
                out.append(h)
            i += 1
        pos = max(pos, b)
    return out


# MIN_SCORE_WORDS + 1 runs of letters from a hit; MIN_POST_WORDS runs before it
_ROOM_AFTER_RE = re.compile(r"[A-Za-z]+(?:[^A-Za-z]+[A-Za-z]+){%d}" % MIN_SCORE_WORDS)
_ROOM_BEFORE_RE = re.compile(r"[A-Za-z]+(?:[^A-Za-z]+[A-Za-z]+){%d}" % (MIN_POST_WORDS - 1))


def bound_of(weights: dict[str, float], bias: float, threshold: float) -> tuple:
    """(weights, bias, the threshold as a logit, the most the speaker features can add)."""
    best = {}
    for name, w in weights.items():
        kind = name.split("=", 1)[0]
        if kind in ("stype", "spk_from"):
            best[kind] = max(best.get(kind, 0.0), w)
    logit = math.log(threshold / (1 - threshold)) if 0 < threshold < 1 else (math.inf if threshold >= 1 else -math.inf)
    return weights, bias, logit, sum(best.values())


def uncovered(cands: list[Candidate], units: list) -> list[Candidate]:
    """The candidates whose sentence no unit of ``units`` overlaps (what :func:`find_candidates`
    proposes for the segmenter)."""
    spans = [(u.start, u.end) for u in units]
    return [c for c in cands if not any(a < c.sentence[1] and c.sentence[0] < b or a < c.end and c.start < b
                                        or a <= c.verb < b for a, b in spans)]


def score(features: list[str], weights: dict[str, float], bias: float) -> float:
    """The model's probability for one candidate: a logistic of the summed weights."""
    z = bias + sum(map(weights.get, features, _ZEROS))  # (the same sum, in the same order)
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def accept(cands: list[Candidate], weights: dict[str, float] | None = None, bias: float | None = None,
           threshold: float | None = None) -> list[Candidate]:
    """The candidates scoring at least ``threshold``, one per overlapping group (the best).

    Without arguments the shipped weights (:data:`WEIGHTS_FILE`) are used.
    """
    weights = WEIGHTS if weights is None else weights
    bias = BIAS if bias is None else bias
    threshold = THRESHOLD if threshold is None else threshold
    scored = sorted(((score(c.features, weights, bias), c) for c in cands), key=lambda t: -t[0])
    kept: list[Candidate] = []
    for p, c in scored:
        if p < threshold:
            break
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=_START)


SHIPPED = bound_of(WEIGHTS, BIAS, THRESHOLD)  # the shipped model, ready for find_candidates(prune=...)

"""Reporting verbs and the precompiled regular expressions of the quote segmenter.
"""

from __future__ import annotations

import re

from .lexicon import DAY_NAMES, _APOS_PARTS, _CAPTOK, _CONNECT, _PLURAL_POSS, _UP, _trie

# Reporting verbs. Clause verbs take "(that) CLAUSE"; phrase verbs take a noun phrase and carry
# the stance themselves (the span starts after the verb, or after "for").
_CLAUSE_VERBS = """said says say added adds claimed claims argued argues insisted insists
warned warns suggested suggests stated states explained explains admitted admits
acknowledged acknowledges noted notes stressed stresses emphasised emphasises emphasized
revealed reveals confirmed confirms maintained maintains conceded concedes asserted asserts
declared declares announced announces predicted predicts told tells wrote writes tweeted
accepted agreed complained complains reiterated reiterates concluded remarked recalled
alleged alleges believes believed contended contends observed observes conceded
pointed\\s+out points\\s+out reported reports found finds disclosed discloses
warn insist claim believe made\\s+clear makes\\s+clear decided ruled thinks fears heard replied replies""".split()
_PHRASE_VERBS = """called\\s+for calls\\s+for call\\s+for appealed\\s+for appeals\\s+for
pushed\\s+for pushes\\s+for argued\\s+for argues\\s+for campaigned\\s+for lobbied\\s+for
criticised criticises criticized criticizes urged urges supported supports backed backs
welcomed welcomes condemned condemns praised praises defended defends rejected rejects
dismissed dismisses opposed opposes slammed slams demanded demands proposed proposes
recommended recommends advocated advocates endorsed endorses pledged pledges vowed vows
promised promises blamed blames branded brands hailed hails accused accuses questioned
questions championed champions urge demand called\\s+on calls\\s+on call\\s+on hit\\s+out\\s+at
hits\\s+out\\s+at lashed\\s+out\\s+at lashes\\s+out\\s+at warned\\s+of warns\\s+of
warned\\s+against warns\\s+against spoke\\s+out\\s+against speaks\\s+out\\s+against
pleaded\\s+for pleads\\s+for renewed\\s+calls\\s+for renews\\s+calls\\s+for echoed\\s+calls\\s+for
apologised\\s+for apologises\\s+for described describes blasted blasts labelled labels
cited cites highlighted highlights detailed excoriated berated berates lambasted lambasts
are\\s+calling\\s+for is\\s+calling\\s+for were\\s+calling\\s+for was\\s+calling\\s+for
been\\s+calling\\s+for are\\s+pressing\\s+for is\\s+pressing\\s+for been\\s+pressing\\s+for
pressed\\s+for presses\\s+for came\\s+out\\s+in\\s+support\\s+of comes\\s+out\\s+in\\s+support\\s+of
joins\\s+calls\\s+for joined\\s+calls\\s+for join\\s+calls\\s+for asked asks
raised\\s+concerns\\s+about raised\\s+concerns\\s+over voiced\\s+concerns\\s+about
voiced\\s+concerns\\s+over expressed\\s+concerns\\s+about expressed\\s+concerns\\s+over
rounded\\s+on is\\s+demanding are\\s+demanding ruled\\s+out rules\\s+out
hit\\s+back\\s+at hits\\s+back\\s+at urged\\s+for urges\\s+for""".split()
# the progressive of a stance verb ("police are welcoming the ban", "the charity is urging
# ministers to act"): the participle alone is a sentence's second unit (", urging X"), so
# only the form with its auxiliary is a verb of its own
_PHRASE_VERBS += [f"{aux}\\s+{ing}" for aux in ("is", "are", "was", "were", "been") for ing in
                  """urging calling\\s+on welcoming pledging backing supporting opposing criticising
                  condemning""".split()]
# a stance given as an adjective ("was critical of the process", "is sceptical about the
# link"): the object after the preposition is the unit, as after "called for"
_PHRASE_VERBS += [f"{aux}\\s+{adj}" for aux in ("is", "are", "was", "were", "been") for adj in
                  """critical\\s+of sceptical\\s+about sceptical\\s+of skeptical\\s+about
                  skeptical\\s+of concerned\\s+about""".split()]
# "questioned the decision" reports a stance; "questions commissioner" (a headline's "grills")
# reports an interrogation: these verbs need an object that is not a person
_INTERROGATE = {"questioned", "questions"}
# Verbs that report speech only with an explicit "that" ("announced that ..."), since
# "announced the plans" or "revealed the figures" report no words.
_NEED_THAT = set(
    """announced announces declared declares revealed reveals confirmed confirms accepted
    agreed complained complains predicted predicts recalled recalls observed observes noted
    notes wrote writes tweeted believes believed alleged alleges maintained maintains
    acknowledged acknowledges remarked concluded reiterated reiterates admitted admits
    explained explains stated states reported reports found finds disclosed discloses believe
    decided ruled thinks fears heard replied replies""".split()
)
# "found", "reported": a report's words only with "that" or a clause of their own ("the
# watchdog found the grounds were not reasonable"); "police found drugs" is no speech
_CLAUSE_ONLY = {"found", "finds", "reported", "reports", "disclosed", "discloses", "decided", "ruled", "heard"}
# "heard" reports speech only when a named court hears it ("Leeds Crown Court heard the plants
# were worth £4,000", "..., Vell Crown Court heard"; an unnamed "an inquest heard" is no unit)
HEARING_SUBJECT_ENDS = ("Court ",)
# verbs of opinion in the present (a stance the speaker holds): a clause of their own without
# "that" ("believes councils need to act", "fears deaths will rise", "thinks it's time"); "fears for her son" and "believes in" are none
_OPINION_VERBS = {"believes", "thinks", "fears"}
_OPINION_CLAUSE_RE = re.compile(
    r"\s+(?!(?:in|for|of|to|that)\b)(?:[\w'’-]+\s+){0,7}?"
    r"(?:is|was|were|are|had|has|have|would|will|could|should|can|must|might|may|need|needs|needed)(?![\w'’-])"
    r"|\s+(?:it|that|there|he|she|we|they)['’](?:s|re|ll|d)\b"
)
# the subject pronoun that opens a reported clause without "that" ("admitted he would be")
_PRONOUN_CLAUSE_RE = re.compile(
    r"\s+(?:he|she|they|it|we|I|there)\s+(?:\w+n['’]t\s+|not\s+|also\s+|still\s+)?"
    r"(?:is|was|were|are|had|has|have|would|will|could|should|can|must|did|does|do|might|may|\w+ed)\b"
)
# "people found in possession", "reported to the police": a participle or a report to someone
_PARTICIPLE_OBJ_RE = re.compile(r"\s+(?:in|on|at|with|guilty|dead|to|near|inside|outside|under|for|from|into)\b")
_STRICT_FINITE_RE = re.compile(
    r"(?<![\w'’-])(?:is|was|were|are|had|has|have|would|will|could|should|can|must|did|does|do|might|may)"
    r"(?![\w'’-])"
)
_PARTICIPLES = """adding saying warning claiming insisting arguing suggesting stressing noting
explaining admitting acknowledging stating calling\\s+for urging describing
pointing\\s+out advising""".split()
_VERB_ALT = _trie(_CLAUSE_VERBS + _PHRASE_VERBS)
_PART_ALT0 = _trie(_PARTICIPLES)
# The base form after a chain or a modal ("went on to assert that", "will also today
# condemn"): the trigger starts at the chain, so the subject is found before it; the verb
# stands for its past form in every rule.
_BASE_PAST = {
    "say": "said", "assert": "asserted", "argue": "argued", "insist": "insisted", "warn": "warned",
    "claim": "claimed", "suggest": "suggested", "concede": "conceded", "admit": "admitted",
    "stress": "stressed", "emphasise": "emphasised", "emphasize": "emphasized", "add": "added",
    "explain": "explained", "state": "stated", "reveal": "revealed", "announce": "announced",
    "declare": "declared", "condemn": "condemned", "criticise": "criticised",
    "criticize": "criticized", "urge": "urged", "call for": "called for", "back": "backed",
    "support": "supported", "welcome": "welcomed", "reject": "rejected", "defend": "defended",
    "praise": "praised", "accuse": "accused", "blame": "blamed", "brand": "branded",
    "demand": "demanded", "propose": "proposed", "recommend": "recommended", "describe": "described",
    "call on": "called on",
}
_BASE_ALT = _trie(list(_BASE_PAST))
_CHAIN = (
    r"(?:went|goes|go|going)\s+on\s*to"
    r"|(?:will|would|shall|is\s+set\s+to|are\s+set\s+to|is\s+expected\s+to|are\s+expected\s+to)"
    r"(?:\s+(?:also|today|tomorrow|now|later|publicly|this\s+week))*"
)
_TRIGGER_RE = re.compile(
    rf"(?<![\w'’-])(?:(?P<verb>{_VERB_ALT})|(?P<chain>{_CHAIN})\s+(?P<base>{_BASE_ALT})|(?P<part>{_PART_ALT0}))"
    r"(?![\w'’-])"
)


def _branches(alternation: str) -> list[str]:
    """The top-level branches of a regular-expression alternation."""
    branches, depth, start = [], 0, 0
    for i, ch in enumerate(alternation + "|"):
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            branches.append(alternation[start:i])
            start = i + 1
    return branches


def _trigger_hint() -> re.Pattern | None:
    """A pattern that matches wherever a trigger may start, one character early: a character
    that is not a word character, apostrophe or hyphen, then a possible first word. Python's
    ``re`` tries a pattern that opens with a look-behind (as _TRIGGER_RE does) at every
    position; one that opens with a character class skips ahead in C. None when the first words
    cannot be read from the verb lists and _CHAIN (then every position is tried)."""
    try:  # every piece's head is read (lowercase words) or the hint is not used at all
        heads = [_head(e) for e in _CLAUSE_VERBS + _PHRASE_VERBS + _PARTICIPLES + _chain_pieces(_CHAIN)]
    except ValueError:
        return None
    # a first word that always comes with a second ("is calling for", "is set to") is looked
    # for with it: "is" alone is too common a word to be worth trying the full pattern at
    alone = {h for h in heads if " " not in h}
    entries = {h if h.split()[0] not in alone else h.split()[0] for h in heads}
    # any character but [A-Za-z0-9_'-] (non-ASCII ones too: the look-behind decides; a negated
    # ASCII set is one bitmap test per character, a list of ranges up to U+10FFFF is seven),
    # then a first word, taken; the second word of a two-word head is only looked at: a
    # trigger may start inside a two-word head ("are calling for": "calling for" is one too),
    # and finditer resumes after what it took (only the character before a word starts a hint)
    return re.compile(r"[^A-Za-z0-9_'\-]"
                      rf"(?:{_trie(sorted(entries), ahead=True)})")


def _head(piece: str) -> str:
    """The words a regular-expression piece (a verb entry, a branch of _CHAIN) surely opens
    with: the first two when both are plain words the pattern cannot skip, else the first."""
    m = re.match(r"([a-z]+)(?:(?:\\s\+| )([a-z]+)(?=\\s|[ ]|$))?", piece)
    if m is None:
        raise ValueError(f"cannot read the first word of {piece!r}")
    return f"{m.group(1)} {m.group(2)}" if m.group(2) else m.group(1)


def _chain_pieces(alternation: str) -> list[str]:
    """The top-level branches of ``alternation``, a branch that opens with a group of words
    given as the alternatives of that group (each is a piece the branch may open with)."""
    pieces = []
    for b in _branches(alternation):
        if b.startswith("(?:"):
            group = b[3 : b.index(")")]
            if "(" in group:
                raise ValueError(f"cannot read the first words of the branch {b!r}")
            pieces += group.split("|")  # whichever is taken, all of it must match
        else:
            pieces.append(b)
    return pieces


_TRIGGER_HINT_RE = _trigger_hint()


def find_triggers(text: str) -> list[re.Match]:
    """``list(_TRIGGER_RE.finditer(text))``, faster: the full pattern is tried only where
    _TRIGGER_HINT_RE finds the start of a possible trigger."""
    if _TRIGGER_HINT_RE is None:
        return list(_TRIGGER_RE.finditer(text))
    out = []
    pos = 0
    # every first word is [a-z]+ (else there is no hint pattern): only a text opening with a
    # lowercase ASCII letter can hold a trigger at offset 0 (most paragraphs open with a capital)
    m = _TRIGGER_RE.match(text) if "a" <= text[:1] <= "z" else None
    if m is not None:
        out.append(m)
        pos = m.end()
    for hint in _TRIGGER_HINT_RE.finditer(text, pos):
        i = hint.start() + 1
        if i >= pos:
            m = _TRIGGER_RE.match(text, i)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def trigger_verb(m: re.Match) -> str:
    """The reporting verb of a ``_TRIGGER_RE`` match, a base form as its past form."""
    if m.group("base"):
        return _BASE_PAST[" ".join(m.group("base").split())]
    return " ".join(m.group("verb").split())
_FOR_YEARS_RE = re.compile(
    r"for\s+(?:years|decades|months|weeks|some\s+time|a\s+long\s+time|many\s+years)\s+that\b"
)
_THAT_RE = re.compile(r"\s+that\b")
# what comes before a participle of the sentence's speaker: ", adding", " and adding", " – adding"
_PART_LEAD_RE = re.compile(r"(?:[,;]\s*(?:while\s+|also\s+|before\s+|and\s+|then\s+)?|\s+and\s+|\s[–—-]\s*)$")
# ... or a quotation that ends with a comma inside its marks: '“...,” adding that' (read on the page text)
_QUOTE_LEAD_RE = re.compile(r",[”\"’']\s+$")
_PHRASE_SET = {re.sub(r"\\s\+", " ", v) for v in _PHRASE_VERBS}
_PART_ALT = _PART_ALT0
# Verbs that may start a second unit in the same sentence ("... and suggested that ...").
_CONJ_VERBS = """said says added adds claimed claims argued argues insisted insists warned
warns suggested suggests stated states explained explains admitted admits told tells
called\\s+for calls\\s+for urged urges criticised criticises criticized supported supports
backed backs condemned condemns praised praises welcomed welcomes stressed stresses
accused accuses pledged pledges vowed vows branded brands rejected rejects defended
defends pointed\\s+out points\\s+out acknowledged noted notes called\\s+on calls\\s+on
hit\\s+out\\s+at hits\\s+out\\s+at conceded concedes asserted asserts emphasised emphasises
emphasized admitted blasted blasts slammed slams described describes hailed hails dismissed
dismisses labelled labels wants wanted believes thinks fears""".split()
_CONJ_ALT = _trie(_CONJ_VERBS)

_AUX_TAIL_RE = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|has\s+previously|then|later|now|repeatedly|instead|again|still|"
    r"recently|publicly|today|yesterday|earlier|once|already|long|further|would|will|has\s+since|"
    r"(?:is|was|are|were)\s+(?:reported|understood|believed|thought|known)\s+to\s+have|"
    r"on\s+(?:" + "|".join(DAY_NAMES) + r")|"
    r"last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|"
    r"(?![A-Z]|(?:family|assembly|ally|rally|supply|reply|monopoly)\b)\w+ly))+\s*$"  # (adverbs, not "the Assembly")
)
_PASSIVE_TAIL_RE = re.compile(
    r"(?:\b(?:was|were|is|are|been|being|be|been)\s+(?:\w+ly\s+)?|\b(?:to|not|never|n't)\s+)$",
    re.IGNORECASE,
)
_ADVERBIAL_AFTER = (
    r"(?:on|in|at|during|last|this|yesterday|today|earlier|later|recently|previously|"
    r"publicly|repeatedly|also|then|now|after|before|following|when|while|previously|"
    r"once|again|privately|openly|herself|himself|themselves|to)\b"
)
_THAT_AFTER_RE = re.compile(rf"\s+{_ADVERBIAL_AFTER}[^,:;.!?\"“”]{{0,60}}?\s+that\b")
# A run of capitalised words ("Kestwick University Hospitals NHS Trust"). The left-boundary
# check sits after the first letter so that ``re`` can skip straight to capital letters.
_CAPSEQ_MORE = rf"\s+(?:{_CONNECT}\s+|){_CAPTOK}"  # \s+(?:CONNECT\s+)?CAPTOK, one more word (see _PLURAL_POSS)
_CAPSEQ_PAT = rf"[{_UP}](?<![\w'’-].)[\w\-]*{_APOS_PARTS}{_PLURAL_POSS}(?:{_CAPSEQ_MORE}(?:{_CAPSEQ_MORE})*|)"
_OBJ_DET = r"(?:the|a|an|this|his|her|their|its|our|my|your)"
# words that open a reported clause ("told the committee | the scheme had worked")
_CLAUSE_OPENERS = (
    r"(?:the|a|an|it|he|she|they|we|i|you|there|this|that|these|those|its|his|her|their|our|"
    r"my|more|some|no|many|most|all|every|each|nobody|nothing|people|was|were|is|are|had|has|"
    r"have|would|will|could|should|can|must|did|does|do)(?![\w'’-])"
)
_OBJ_END = rf"(?=\s+{_CLAUSE_OPENERS}|\s+[A-Z0-9]|\s*[:,;.!?]|\s*$)"
# The listener of "told": a pronoun, a group ("reporters"), a name ("BBC Radio Kent", "the
# Kestwick Echo", "LBC's breakfast show") or a determiner phrase ("the health scrutiny
# committee"). The listener is never the speaker.
_TOLD_OBJ_RE = re.compile(
    r"\s+(?:"
    rf"(?:{_OBJ_DET}\s+)?{_CAPSEQ_PAT}(?:(?:['’]s|(?<=['’]s))(?:\s+(?!{_CLAUSE_OPENERS})[a-z][\w-]*){{1,4}}?{_OBJ_END}"
    r"|\s+(?:news\s+agency|agency|newspaper|programme|show|committee|panel|inquiry|conference|podcast)"
    rf"{_OBJ_END})?"
    rf"|{_OBJ_DET}(?:\s+(?!{_CLAUSE_OPENERS})[a-z][\w'’-]*){{1,4}}?{_OBJ_END}"
    r"|(?:him|her|them|us|me|you|reporters|journalists|MPs|councillors|peers|delegates|"
    r"members|listeners|viewers|readers|residents|officers|police|colleagues|parents|staff|"
    r"students|supporters|campaigners|ministers|officials|magistrates|jurors|parliament|"
    r"Parliament)(?![\w'’-])"
    r")"
)
_THAT_NEAR_RE = re.compile(r"[^,:;.!?\"“”]{0,80}?\s+that\b")
_FINITE_RE = re.compile(
    r"\b(?:is|was|were|are|had|has|have|would|will|could|should|can|must|did|do|does|"
    r"needed|needs|need|wanted|wants|want|were|been|might|may|shall|\w+ed)\b"
)
_ATTRIB_EXTRA = r"""asked replied responded continued went\s+on commented comments posted says writes tells
explained concluded informed reminded assured joked quipped mused exclaimed""".split()
_ATTRIB_VERBS = rf"{_VERB_ALT}|{_PART_ALT}|" + "|".join(_ATTRIB_EXTRA)
# the last word of every verb _ATTRIB_END_RE knows ("pointed out" -> "out")
_ATTRIB_LAST_WORDS = frozenset(
    re.split(r"\\s\+", v)[-1] for v in _CLAUSE_VERBS + _PHRASE_VERBS + _PARTICIPLES + _ATTRIB_EXTRA
)
_ATTRIB_END_RE = re.compile(
    rf"(?<![\w'’-])(?P<verb>{_ATTRIB_VERBS})"
    rf"(?:(?P<adv>\s+{_ADVERBIAL_AFTER}[^,:;.!?\"“”]{{0,60}}?)?\s*[:,]|\s*:?)\s*$"
)
# "he told BBC Radio Kent:", "she told the panel's chairman, Ivo Brack:"
_ATTRIB_OBJ_END_RE = re.compile(
    r"(?<![\w'’-])(?P<verb>told|tells|tell|asked|informed|reminded|assured|warned|urged|"
    r"said\s+to|explained\s+to|wrote\s+to|writes\s+to|added\s+to|speaking\s+to|"
    r"speaking\s+with|talking\s+to)"
    r"(?P<obj>\s+[^,:;.!?\"“”]{1,80}?(?:,\s*[^,:;.!?\"“”]{1,50}?)?)\s*[:,]\s*$"
)
# "insisting that", "said that" right before a quotation of a whole clause
_ATTRIB_THAT_END_RE = re.compile(rf"(?<![\w'’-])(?P<verb>{_VERB_ALT}|{_PART_ALT})\s+that\s*$")
_ATTRIB_WINDOW = 220  # an attribution before a quotation is never longer than this


def _attrib_end(before: str) -> re.Match | None:
    """The reporting verb that ends ``before`` ("... he said:", "She told LBC:"), if any."""
    lo = len(before) - _ATTRIB_WINDOW
    lo = lo if lo > 0 else 0  # (not max(): in 3.11 it parses keywords on every call)
    if not _may_end_attribution(before):
        return None
    return _ATTRIB_END_RE.search(before, lo) or _ATTRIB_OBJ_END_RE.search(before, lo)


def _may_end_attribution(before: str) -> bool:
    """False only where neither pattern of :func:`_attrib_end` can match: both end with a
    colon or comma, or (_ATTRIB_END_RE) with the verb itself, before white space only."""
    end = before.rstrip()
    if end[-1:] in (":", ","):  # (a slice: str.endswith parses its arguments on every call)
        return True
    i = len(end)
    while i > 0 and end[i - 1].isalpha():
        i -= 1
    return end[i:] in _ATTRIB_LAST_WORDS


_AFTER_VERBS = (
    r"said|says|added|adds|told|tells|explained|explains|continued|went\s+on|concluded|"
    r"claimed|insisted|warned|stated|admitted|argued|asked|replied|responded|wrote|writes|"
    r"tweeted|posted|commented|remarked|noted|stressed|acknowledged|recalled|urged|pleaded|"
    r"joked|agreed|conceded|announced|declared|suggested|predicted|revealed|confirmed|"
    r"insists|warns|claims|argues|suggests|states|notes|concludes|recommends|recommended|"
    r"adding|saying|say|warn|insist|claim|maintained|maintains"
)
_AFTER_SUBJ_VERB_RE = re.compile(
    r"^\s*[,–—-]?\s*(?P<subj>[^,.;:!?\"“”‘]{1,90}?)\s+(?:has\s+|had\s+|)(?:also\s+|)"
    rf"(?P<verb>{_AFTER_VERBS})(?![\w'’-])"
)
# '"...," John Smith, chief executive of the Kell Trust, said': the name, an appositive (a role, an
# age, a relative clause; commas allowed inside), then the verb
_AFTER_APPOS_VERB_RE = re.compile(
    r"^\s*[,–—-]?\s*(?P<subj>[^,.;:!?\"“”‘]{1,60}?)\s*,\s*(?P<appos>[^.;:!?\"“”‘]{1,150}?),\s+(?:has\s+|had\s+)?(?:also\s+)?"
    rf"(?P<verb>{_AFTER_VERBS})(?![\w'’-])"
)
# '"...," said Kestwick's director of public health, Ann Lee.': the role, then the name
_AFTER_VERB_ROLE_NAME_RE = re.compile(
    rf"^\s*[,–—-]?\s*(?P<verb>{_AFTER_VERBS})\s+[^,.;:!?\"“”‘]{{1,90}}?,\s*"
    r"(?P<subj>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})(?=\s*(?:[,.;:!?(]|$))"
)
_AFTER_VERB_SUBJ_RE = re.compile(
    rf"^\s*[,–—-]?\s*(?P<verb>{_AFTER_VERBS})\s+(?P<subj>[^,.;:!?\"“”‘]{{1,90}}?)"
    r"(?=\s*(?:[,.;:!?(]|$))"
)
_AFTER_DASH_RE = re.compile(r"^\s*[-–—]\s*(?P<subj>[^,.;:!?\"“”]{1,60}?)\s*$")

# Reported-clause boundaries: where a second unit starts or the clause ends.
# "insisted A as he hailed B", "called for A as they await B": a clause of its own after
# "as" (a pronoun or "the" noun, then a verb that is no auxiliary) that runs to the sentence's
# end ends the reported clause ("said after X as they walked home, she fell": no end there)
# ("as strong as they expected", "as he said": a comparison or an aside, not a new clause)
_AS_ASIDE = (r"(?:expected|thought|feared|hoped|predicted|planned|promised|intended|needed|wanted|used|said|"
             r"says|claimed|suggested|believed|described|put|know|knew|see|saw|understand)")
_AUX_WORDS = r"(?:is|are|was|were|has|have|had|do|does|did|can|could|would|will|may|might|must|should|shall|be|been)"
_CONJ_AFTER_AND = (
    rf"(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?(?=(?:{_CONJ_ALT})(?![\w'’-])(?!\s+by\b))"
)
# "X says A as Conservatives warn B": a clause of its own after "as", with a short subject
# (no "and": "as dangerous as heroin and cocaine and urged" is no subject)
_AS_SUBJECT = r"(?:(?!(?:and|or|as|if|it|is|was)\b)[\w'’-]+\s+){1,5}?"
_AS_VERBS = r"warns?|warned|urges?|urged|says?|said|claims?|claimed|insists?|insisted|calls?\s+for|called\s+for|demands?|demanded"
# Every boundary starts with a comma or white space. That character is taken first (so that
# ``re`` skips straight to those characters instead of trying every position), then each
# branch goes on in its order: ",? and said", ", adding", ", said", ", according to", ", he
# said", and the adjuncts that close a reported clause: "– pointing to ...", "- and did so by
# ...", ", as the latest figures showed", ", with efforts having stalled", "after the Times
# reported that ...", ", presumably ...", " – but ..." and "while Ada Pike warned".
_BOUNDARY_RE = re.compile(
    r"[,\s](?:(?<=,)(?:"
    rf"\s+{_CONJ_AFTER_AND}"
    rf"|\s*(?:while\s+|also\s+|before\s+|and\s+)?(?=(?:{_PART_ALT})(?![\w'’-]))"
    rf"|\s*(?:\w+ly\s+|also\s+)?(?=(?:{_CONJ_ALT})\s)"
    r"|\s*(?=according\s+to\b)"
    r"|\s*(?=although\s+(?:he|she|they)\s+(?:is|was|are|were)\s)"
    r"|\s*(?=(?:he|she|they|it|we)\s+(?:told|said|says|added|tells)\b)"
    r"|\s*(?=as\s+(?:the|a|an|it|he|she|they|we|his|her|their|its)\s)"
    r"|\s*(?=with\s+(?:[\w'’-]+\s+){1,4}?[a-z]+ing\b)"
    r"|\s*(?=presumably\s|but\s+(?!I\s)[A-Z])"
    # (after white space every branch goes on, past more white space, with "a", "b", "w" or a
    # dash: looked at first, most spaces are passed over without trying the branches)
    r")|(?<=\s)(?=\s*[abw–—-])(?:"
    rf"\s*{_CONJ_AFTER_AND}"
    rf"|\s*(?:and|but)\s+(?:he|she|they|we)\s+(?=(?:{_CONJ_ALT})(?![\w'’-]))"
    r"|\s*[–—-]\s+(?=(?:and\s+)?[a-z]+ing\b|and\s|but\s|despite\s)"
    rf"|\s*(?=while\s+(?:[A-Z][\w'’-]*\s+){{1,6}}(?:has\s+|have\s+)?(?:{_CONJ_ALT})(?![\w'’-]))"
    r"|\s*(?=(?:after|when|before)\s+[^,;:.]{1,60}?\s+(?:reported|revealed|said|announced|disclosed)\s+that\b)"
    rf"|\s*(?=as\s+{_AS_SUBJECT}(?:{_AS_VERBS})(?![\w'’-]))"
    rf"|(?<!well\s)\s*(?=as\s+(?:(?:he|she|they|we)\s+(?!{_AUX_WORDS}\b|{_AS_ASIDE}\b)[a-z]{{3,}}"
    r"|the\s+[a-z]+\s+[a-z]{3,}ed)\b[^,;:]{0,200}$)"
    r"))"
)
# speech reported as a noun with its speaker in a by-phrase: "claims by X that", "the
# disclosure by the chief constable, Ada Pike, that"
_NOMINAL_BY_RE = re.compile(
    r"(?<![\w'’-])(?:claims?|reports?|disclosure|warnings?|suggestions?|assurances?|admission|"
    r"insistence|allegations?|revelations?|statements?)\s+(?:from|by)\s+"
    r"(?P<spk>[^,;:.\"“”]{2,80}?)(?:,\s*(?P<app>[^,;:.\"“”]{2,50}?),)?\s+that\s+"
)
_PART_START_RE = re.compile(rf"(?P<verb>{_PART_ALT})(?![\w'’-])")
# a sentence may open with one of these before "according to X," ("But according to X, ...")
_ACCORDING_LEADS = frozenset(["but", "and", "yet", "so", "now", "also", "however", "indeed"])


def _according_opens(lead: str) -> bool:
    """May a sentence open with ``lead`` before "according to X,"? Nothing, a clause ending in a
    comma, or one of :data:`_ACCORDING_LEADS`."""
    lead = lead.strip().lower()
    return not lead or lead.endswith(",") or lead in _ACCORDING_LEADS


_ACCORDING_START_RE = re.compile(r"(?:^|,\s*|\b)[Aa]ccording\s+to\s+(?P<spk>[^,;:]{2,80}?),\s*")
# (the source may carry an appositive: "according to a report by Vell Aid, a drugs charity.")
_ACCORDING_END_RE = re.compile(
    r",\s*according\s+to\s+(?P<spk>[^,;:.]{2,80}?)(?:,\s*(?:a|an|the)\s+[^,;:.]{1,60}?)?\s*[.!?]?\s*$")
_SPEAKER_LAST_RE = re.compile(
    r",\s*(?P<subj>[^,;:]{1,90}?),?\s+(?:has\s+|have\s+|had\s+|)(?:also\s+|)"
    r"(?P<verb>said|says|say|added|adds|claimed|claims|warned|warns|argued|argues|insisted|"
    r"insists|believes|believe|suggested|suggests|told\s+[^,;:.]{1,60}?|admitted|stated|promised|"
    r"explained|revealed|confirmed|predicted|predicts|announced|announces|found|finds|states|"
    r"reported|reports|concluded|concludes|recommended|noted|notes|stressed|emphasised|emphasized|urged|urges|"
    r"continued|continues|(?<=Court\s)heard)"
    r"(?:\s+(?:yesterday|today|on\s+\w+day|last\s+(?:week|month|night)|this\s+week))?"
    r"(?:\s+(?:after|following)\s+[^,;:.]{1,60}?)?\s*[.!?]?\s*$"
)
_SPEAKER_LAST_INV_RE = re.compile(
    r",\s*(?P<verb>said|says|added|adds|claimed|claims|warned|warns|argued|argues|insisted|insists|"
    r"admitted|admits|explained|explains|continued|continues|stated|states|stressed|stresses|noted|notes)"
    r"\s+(?P<subj>[^,;:]{1,80}?)"
    r"(?:,\s*[^,;:]{1,90}?)?\s*[.!?]?\s*$"
)
# an attribution in the middle of a sentence: "A, she stressed, and emphasised that B" and
# "A, said the lord advocate, Ada Pike, in a statement to parliament."
_MID_VERBS = (
    r"said|says|stressed|stresses|emphasised|emphasized|insisted|insists|warned|warns|added|"
    r"adds|argued|argues|claimed|claims|admitted|admits|conceded|explained|noted|stated|suggested"
)
# literal words every match of the two patterns below holds one of (no word here contains
# another, so each `in` test is needed)
_MID_VERB_STEMS = tuple(w for w in _MID_VERBS.split("|") if not any(o != w and o in w for o in _MID_VERBS.split("|")))
_SPEAKER_MID_RE = re.compile(
    r",\s*(?P<subj>[^,;:]{1,60}?)\s+(?:has\s+|had\s+|)(?:also\s+|)"
    rf"(?P<verb>{_MID_VERBS})\s*,\s*"
    r"(?=(?:and|but|before|while|with|as)\s|(?:adding|saying|insisting|warning|stressing|noting)\b)"
)
_SPEAKER_MID_INV_RE = re.compile(
    rf",\s*(?P<verb>{_MID_VERBS})\s+(?P<subj>[^,;:]{{1,80}}?)(?:,\s*(?P<app>[^,;:]{{1,60}}?))?,\s*"
    r"(?:in|on|at|during|speaking|writing|when|after)\b[^;:]{0,160}?\s*[.!?]?\s*$"
)
_LAST_VERB_HINT_RE = re.compile(
    r"\b(?:said|says|say|added|adds|claimed|claims|warned|warns|argued|argues|insisted|insists|"
    r"believes|believe|suggested|suggests|told|admitted|stated|explained|revealed|confirmed|"
    r"predicted|predicts|announced|announces|found|finds|states|reported|reports|concluded|concludes|"
    r"recommended|noted|notes|stressed|emphasised|emphasized|promised|urged|urges|continued|continues|"
    r"explains|heard)\b"
)
# "Now top doctors say: CLAIM" (a headline's colon without quotation marks)
_HEADLINE_SAY_RE = re.compile(
    r"^(?:Now\s+)?(?P<subj>[^:,.;]{1,50}?)\s+(?:say|says|warn|warns)\s*:\s*(?P<claim>\S.{10,}?)\s*$"
)
_HEADLINE_DASH_RE = re.compile(r"^(?P<claim>.{12,}?)\s+[-–—]\s+(?P<subj>[^-–—]{1,50}?)\s*$")
# "Give addicts treatment, not jail, says top police officer": the claim, then the verb and
# its subject inverted after a comma
_HEADLINE_COMMA_SAYS_RE = re.compile(
    r"^(?P<claim>.{12,}?),\s+(?:says|warns|claims|insists|admits|argues|urges)\s+(?P<subj>[^,;:]{1,50}?)\s*$"
)

# Page furniture: lines that are never speech.
_FURNITURE_ALT = (
    r"read\s+more\b|more\s*:|related\s*:|see\s+also\b|watch\s*:|listen\s*:|also\s+read\b|"
    r"read\s+the\s+rules\b|comments?\s*:|sign\s+up\b|subscribe\b|click\b|tap\b|"
    r"featured\s+image|image\s*(?:credit|:)|picture\s*:|photo\s*(?:credit|:)|"
    r"credit\s*:|pic\s*:|source\s*:|copyright\b|©|advertisement\b|editorial\s+image|"
    r"to\s+make\s+sure\s+you\s+never\s+miss|don'?t\s+miss\b|follow\s+us\b|share\s+this\b|"
    r"get\s+the\s+latest\b|want\s+to\s+(?:see|get|read)\b|(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}|"
    r"we\s+want\s+our\s+comments\b|please\s+report\s+any\s+comments\b|"
    r"the\s+ability\s+to\s+comment\b|newsletter\b|our\s+rules\b|hide\s+ad\s*$"
)
_FURNITURE_RE = re.compile(rf"^\s*(?:{_FURNITURE_ALT})", re.IGNORECASE)


def _literal_heads(alternation: str) -> tuple[str, ...]:
    """The literal text each top-level branch of ``alternation`` opens with (the words of a
    leading group of words; a character made optional by ``?`` is left out): every match of
    the alternation starts with one of them (up to case, when it is matched ignoring case)."""
    heads = []
    for b in _branches(alternation):
        words = b[3 : b.index(")")].split("|") if b.startswith("(?:") else [b]
        for w in words:
            run = re.match(r"[^\\()\[\]{}|?*+.^$]*", w).group(0)
            if w[len(run) : len(run) + 1] in ("?", "*", "{"):
                run = run[:-1]
            if not run or run != run.lower():
                raise ValueError(f"cannot read the literal head of the branch {b!r}")
            heads.append(run)
    return tuple(sorted(set(heads)))


_FURNITURE_HEADS = _literal_heads(_FURNITURE_ALT)
_FURNITURE_HEAD_LEN = max(map(len, _FURNITURE_HEADS))
_CAPS_LEAD_RE = re.compile(rf"^\s*[{_UP}][{_UP}0-9 '’&/-]{{2,40}}:")
_CREDIT_LABEL_RE = re.compile(
    r"(?:^|[\s.(|\-–—])(?:Credits?|Picture|Pic|Photo(?:graph)?|Image)(?:\s+credit)?\s*:\s*[^.!?:]{1,60}?\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_TAIL_RE = re.compile(
    r"(?:Alamy(?:\s+Stock\s+Photo)?|Getty\s+Images|PA\s+(?:Wire|Images|Media)|Shutterstock|"
    r"Stock\s+Photo|iStock|Reuters|AFP|SWNS)\s*\)?\s*$"
)
# the last word of each branch of _CREDIT_TAIL_RE: a text it matches ends with one of them
# (once trailing white space and one closing bracket are stripped)
_CREDIT_TAIL_WORDS = (
    "Alamy", "Photo", "Images", "Wire", "Media", "Shutterstock", "iStock", "Reuters", "AFP", "SWNS",
)

_PARA_RE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
# a date stamp that an export puts at the head of the first text line ("date 2019-06-10 The
# commission ..."): page furniture, but the words after it are the article
_DATE_STAMP_RE = re.compile(r"(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
_SENT_FINALS = ".!?…"  # every _SENT_END_RE match starts with one of these
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[0-9" + _UP + r"])")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sgt", "supt", "insp", "det", "cllr", "no", "nos",
    "co", "ltd", "inc", "vs", "v", "etc", "gov", "rev", "jr", "sr", "lt", "col", "gen",
    "capt", "mt", "ch", "coun", "approx", "fig", "dept", "univ", "assoc", "bros", "e.g", "i.e",
}
_CAPSEQ_RE = re.compile(_CAPSEQ_PAT)
_CAPSEQ_END_RE = re.compile(rf"(?<=\s){_CAPTOK}(?:\s+{_CAPTOK}){{1,3}}$")
_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_MARKS = "\"“”„‟«»"
# quotation marks, found with str.find (several times faster than a character class);
# a single mark between two word characters is an apostrophe (it's, don’t), not a quotation mark
_SINGLE_MARKS = "'‘’‚‛"
_OPEN_LEFT = set(" \t\u00a0([{—–-/:;\"“'‘")
_CLOSE_RIGHT = set(" \t\u00a0,.;:!?)]}—–-\"”'’…")


_SENT_PUNCT_END_RE = re.compile(r"[.!?]\s+$")
_FOLLOWED_BY_VERB_RE = re.compile(r"\s+(?:has\s+|had\s+|)(?:also\s+|)(?:" + _VERB_ALT + r")\b")
_SEG_SPLIT_RE = re.compile(r"(,|:|\s[–—-]\s| but )")  # a subject never spans "but"
_WHO_RE = re.compile(r"(?:who|whose|which|where)\b")
_LEAD_CONJ_RE = re.compile(r"^(?:and|but|so|then|yet|while|however|both(?=\s+(?:the\s+)?[A-Z]))\s+", re.IGNORECASE)
_NONSPACE_RE = re.compile(r"\S+")
_DANGLING_CONJ_RE = re.compile(r"\s+(?:and|but|or)$")
_BE_END_RE = re.compile(r"(?<![\w'’-])(?:was|were|is|are|been|be)\s+$")
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:by|to\s+be|to\s+have)\b")
# ", and" / " but also" at the end: a comma or white space, then (the same for both) white space
_CONJ_END_RE = re.compile(r"[,\s]\s*(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?$")
_COMMA_END_RE = re.compile(r",\s*(?:\w+ly\s+)?$")
_COMMA_VERB_RE = re.compile(rf",\s*(?:\w+ly\s+)?(?:{_VERB_ALT})\b")
# a sentence break: one of ".!?:;" (and perhaps a closing mark) before white space, or a
# quotation mark; the first character is taken up front so that ``re`` skips straight to it
_SENT_BREAK_RE = re.compile(r"[.!?:;\"“”](?:(?<=[.!?:;])[\"”’']?\s+|(?<=[\"“”])\s*)")

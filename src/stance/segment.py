"""Quotes out: find attributed speech units (direct and reported) in news article text.

The segmenter is a set of hand-written, precompiled regular-expression rules that follow the
span conventions of ``labels/quotes.csv``: a *direct* unit is the text between quotation marks
that a named speaker said (one unit per quoted paragraph), an *indirect* unit is the reported
clause after "X said (that)", "X told Y", "according to X," and kin. Speakers are resolved to
the canonical full name the article gives (pronouns, surnames with titles and role
descriptions such as "the area's police and crime commissioner" included). Everything works
on paragraph offsets into the original text, so ``article[start:end] == quote.text`` always
holds, whatever the line endings.

The package's modules, in import order: ``lexicon`` (word lists), ``patterns`` (reporting verbs
and regular expressions), ``quotemarks`` (quotation regions), ``names`` (names, roles, the
article's memory), ``mentions`` (the first pass), ``nounphrase`` (speaker phrases and their
resolution), ``subject`` (the subject of a reporting verb), ``layout`` (paragraphs, furniture),
``reported`` and ``direct`` (the rules), ``learned`` (a learned finder of the reported speech the
rules miss, weights in ``indirectweights.json``, trained by ``stance.indirecttrain``), and this
driver. Many articles at once:
:func:`stance.batch.segment_files` and :func:`stance.batch.segment_articles`.

Two passes: :func:`_collect` registers who the article names (people with gender and role,
organisations with their kind), then each paragraph is read in order, headlines last, so that
a headline's "- charity boss" is attributed only to a person the body introduces in that role.
Some rules that keep speakers right:

* the listener of "told" (a newspaper, broadcaster, committee or person) is never the speaker;
* an occupational noun before a name is a role, not part of the name ("Newsagent Gareth Pyle");
* "she said" prefers the subject or speaker of the sentence before over a person named only as
  an object or a possessive; a spokesperson speaks for the organisation;
* only reporting verbs make units ("Panel grills commissioner" is not speech).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter
from typing import Iterable

from . import learned
from .direct import DirectRules
from .errors import InputError
from .layout import _is_headline, body_paragraph_texts
from .leadsource import name_lead_source
from .ledecase import unshout_leads
from .listitems import ListRules
from .mentions import _collect, collect_unnamed
from .names import _Doc
from .reported import ReportedRules
from .sources import may_stand_for_body, named_body, speaker_type
from .speakerchoice import rechoose
from .wrap import rejoin_wrapped, truncated_end

QUOTE_COLUMNS = ("quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text", "speaker_type")
KINDS = ("direct", "indirect")


_START_END = attrgetter("start", "end")  # a sort key in C: (q.start, q.end)


@dataclass(frozen=True, init=False)
class Quote:
    """One attributed speech unit: ``text == article[start:end]``."""

    doc_id: str
    start: int
    end: int
    kind: str
    speaker: str
    speaker_role: str
    text: str
    speaker_type: str = "person"  # person | organisation | group | unnamed (codebook 1.2)

    def __init__(self, doc_id: str, start: int, end: int, kind: str, speaker: str, speaker_role: str, text: str,
                 speaker_type: str = "person") -> None:
        # the fields stored straight into the instance's dict: a frozen dataclass's own
        # __init__ makes one object.__setattr__ call per field, and every unit is made so
        d = self.__dict__
        d["doc_id"], d["start"], d["end"], d["kind"] = doc_id, start, end, kind
        d["speaker"], d["speaker_role"], d["text"], d["speaker_type"] = speaker, speaker_role, text, speaker_type

    def __reduce__(self):
        # a plain tuple pickles several times faster than a dataclass's state dict, which
        # matters when worker processes send thousands of units back
        return (Quote, (self.doc_id, self.start, self.end, self.kind, self.speaker, self.speaker_role, self.text,
                        self.speaker_type))

    def to_row(self, quote_id: str) -> dict:
        """Return the unit as a dict in the ``quotes.csv`` column order."""
        return {
            "quote_id": quote_id,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "text": self.text,
            "speaker_type": self.speaker_type,
        }


class _Segmenter(DirectRules, ReportedRules, ListRules):
    def __init__(self, text: str, doc_id: str) -> None:
        self.text = text
        self.doc_id = doc_id
        self.doc = _Doc(text)
        self.units: list[Quote] = []
        self.last_speaker: tuple[str, str] | None = None
        self.last_para = -10
        self.last_direct_single: bool | None = None
        self.pending: tuple[str, str] | None = None
        self.list_speaker: tuple[tuple[str, str], int] | None = None  # a list's speaker, its last paragraph
        self.run_open = False  # the last quotation ran to its paragraph's end unclosed
        self.paras: list[tuple[int, int]] = []
        self.seen: dict[int, tuple] = {}  # paragraph -> (regions, masked, sentences) of the rules

    def add(self, p0: int, a: int, b: int, kind: str, spk: tuple[str, str], para_idx: int) -> None:
        if b <= a:
            return
        start, end = p0 + a, p0 + b
        stype = speaker_type(spk[0], self.doc)
        self.units.append(Quote(self.doc_id, start, end, kind, spk[0], spk[1], self.text[start:end], stype))
        self.doc.note_speaker(start, end, spk[0], stype == "person")
        if stype == "unnamed":
            self.doc.note_unnamed(start, spk[0])  # "a police spokesman said ... He added
            self.doc.memo["unnamed_speaker"] = (start, spk[0])  # "a mother said ... The woman said"
        self.last_speaker = spk
        self.last_para = para_idx

    def run(self) -> list[Quote]:
        text = self.text
        paras, texts = body_paragraph_texts(text)  # each paragraph's text is cut from the article once
        _collect(self.doc, text, paras, texts)
        collect_unnamed(self.doc, paras, texts)
        self.doc.orgs.sort(key=itemgetter(0))
        # Headlines are read last, once the body has said who holds which role: "Cuts will
        # cost lives - charity boss" is only attributed if the article names that boss.
        headlines = []
        self.paras = paras
        pulled = self._pull_quotes(paras, texts) if "Start Quote" in text else ()
        for idx, ((p0, _), para) in enumerate(zip(paras, texts)):
            if idx in pulled:
                continue
            if idx < 3 and _is_headline(idx, para):
                headlines.append((idx, p0, para))
            else:
                self.paragraph(idx, p0, para, False)
        for idx, p0, para in headlines:
            self.last_speaker = self.pending = self.last_direct_single = None
            self.last_para = -10
            self.paragraph(idx, p0, para, True)
        self._learned_units({idx for idx, _, _ in headlines})
        if self.units:
            self._standfirst_quote(texts)
        named = None
        for i, q in enumerate(self.units):  # "police said": the one force the article quotes
            if not may_stand_for_body(q.speaker):
                continue
            named = named or frozenset(u.speaker for u in self.units)
            name = named_body(q.speaker, self.doc, named)
            if name != q.speaker:
                self.units[i] = replace(q, speaker=name, speaker_type="organisation")  # always a body
        self.units = name_lead_source(self.units, self.doc)  # "an expert has said" ... "Ann Rudd said"
        if self.doc.unnamed_heads:
            self._same_unnamed()
        self._such_as_groups()
        return rechoose(self.text, self.doc, self.paras, self._clean())  # a learned second opinion

    def _learned_units(self, headlines: set) -> None:
        """Reported speech the rules missed, from the learned finder (:mod:`stance.learned`)."""
        if learned.ENABLED:
            cands = learned.find_candidates(self.text, self.paras, self.units, self.doc, headlines,
                                            prune=learned.SHIPPED, seen=self.seen)
            for c in learned.accept(cands):
                self.add(0, c.start, c.end, "indirect", c.speaker, c.para_idx)

    def _same_unnamed(self) -> None:
        """"The friend added", "according to the friend's statement": the unnamed person the
        article introduced as "A friend" (one speaker, written as first introduced)."""
        heads = self.doc.unnamed_heads
        for i, q in enumerate(self.units):
            m = _DEFINITE_UNNAMED_RE.fullmatch(q.speaker)
            if m and m.group("head").lower() in heads:
                self.units[i] = replace(q, speaker=heads[m.group("head").lower()], speaker_type="unnamed")

    def _such_as_groups(self) -> None:
        """"Organisations such as the Kell Trust and the Harbour Board have argued ...": the
        speaker is the group phrase as written, not the bodies it gives as examples."""
        text = self.text
        for i, q in enumerate(self.units):
            if q.speaker_type != "organisation" or q.speaker[:1].islower():
                continue
            lo = max(0, q.start - 250)
            if text.find(" such as ", lo, q.start) < 0:
                continue
            m = _SUCH_AS_RE.search(text, lo, q.start)
            if m and text.startswith(q.speaker, m.end()):
                phrase = " ".join(text[m.start() : m.end() + len(q.speaker)].split())
                self.units[i] = replace(q, speaker=phrase[0].lower() + phrase[1:], speaker_type="group")

    def _clean(self) -> list[Quote]:
        units = sorted(set(self.units), key=_START_END)
        out: list[Quote] = []
        for q in units:
            if out and q.start < out[-1].end:
                prev = out[-1]
                if prev.kind == "direct" and q.kind == "indirect":
                    continue
                if prev.kind == "indirect" and q.kind == "direct":
                    end = q.start - 1
                    while end > prev.start and not self.text[end - 1].isalnum():
                        end -= 1
                    if end - prev.start < 8:
                        out.pop()
                    else:
                        out[-1] = Quote(prev.doc_id, prev.start, end, prev.kind, prev.speaker, prev.speaker_role,
                                        self.text[prev.start : end], prev.speaker_type)
                elif (q.end - q.start) <= (prev.end - prev.start):
                    continue
                else:
                    out.pop()
            out.append(q)
        return out


_DEFINITE_UNNAMED_RE = re.compile(
    r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?P<head>[a-z]+)(?:['’]s\s+(?:statement|evidence|account|testimony))?"
)


_SUCH_AS_RE = re.compile(
    r"\b(?:[Oo]rganisations|[Gg]roups|[Cc]harities|[Bb]odies|[Cc]ampaigners|[Cc]ampaign\s+groups|[Ee]xperts|"
    r"[Uu]nions|[Cc]ouncils|[Ff]orces|[Aa]gencies|[Tt]hink\s+tanks)\s+such\s+as\s+(?:the\s+)?"
)


def segment_text(text: str, doc_id: str = "") -> list[Quote]:
    """Find the attributed speech units of one article.

    Parameters
    ----------
    text : str
        The article text exactly as decoded (no newline translation needed).
    doc_id : str
        Carried into every :class:`Quote`.

    Returns
    -------
    list of Quote
        Sorted by start offset; ``text[q.start:q.end] == q.text`` for every unit.
    """
    if not isinstance(text, str):
        raise InputError(f"segment_text expects the article text as str, got {type(text).__name__}")
    if not text.strip():
        return []
    work = unshout_leads(rejoin_wrapped(text) if len(text) <= MAX_BLOCK else text)  # (same offsets)
    if len(work) <= MAX_PARAGRAPH or (len(work) <= MAX_BLOCK and "\n" in work
                                      and max(map(len, work.split("\n"))) <= MAX_PARAGRAPH):
        quotes = _Segmenter(work, doc_id).run()
    else:
        quotes = _segment_bounded(work, doc_id)
    cut = truncated_end(text)
    if cut is not None:
        # an excerpt that stops mid-sentence: a unit running into the cut is not whole
        quotes = [q for q in quotes if q.end < cut - 1]
    if work is not text:
        quotes = [Quote(doc_id, q.start, q.end, q.kind, q.speaker, q.speaker_role, text[q.start:q.end],
                        q.speaker_type) for q in quotes]
    return quotes


# Real news paragraphs are a few hundred characters and articles a few thousand. Scraped text
# can hold one paragraph of megabytes; parts of the segmenter compare candidates pairwise within
# a paragraph or an article, so such input is cut into bounded pieces first: overlong
# paragraphs at white space (a newline in place of a space keeps every offset), and texts longer
# than MAX_BLOCK into blocks of whole paragraphs segmented independently. Quotes that would run
# across a cut are lost; normal articles are never cut.
MAX_PARAGRAPH = 2_500
MAX_BLOCK = 100_000


def _cut_long_paragraphs(text: str) -> str:
    """The same text, with a newline in place of a space about every MAX_PARAGRAPH characters
    of any longer paragraph (or a hard cut where there is no white space)."""
    out = []
    for line in text.split("\n"):
        if len(line) > MAX_PARAGRAPH:
            chars, last = list(line), 0
            while len(line) - last > MAX_PARAGRAPH:
                cut = line.rfind(" ", last + MAX_PARAGRAPH // 2, last + MAX_PARAGRAPH)
                if cut == -1:  # no space to cut at: cut hard (quotes are re-sliced from the original)
                    cut = last + MAX_PARAGRAPH
                chars[cut] = "\n"
                last = cut + 1
            line = "".join(chars)
        out.append(line)
    return "\n".join(out)


def _segment_bounded(text: str, doc_id: str) -> list[Quote]:
    work = _cut_long_paragraphs(text)
    quotes: list[Quote] = []
    start = 0
    while start < len(work):
        end = min(len(work), start + MAX_BLOCK)
        if end < len(work):
            nl = work.rfind("\n", start + 1, end)
            end = nl + 1 if nl > start else end
        block = work[start:end]
        if block.strip():
            for q in _Segmenter(block, doc_id).run():
                s, e = q.start + start, q.end + start
                quotes.append(Quote(doc_id, s, e, q.kind, q.speaker, q.speaker_role, text[s:e], q.speaker_type))
        start = end
    return quotes


def quote_id(doc_id: str, number: int, total: int) -> str:
    """``<doc_id>-<nn>``: a running number, two digits wide (wider past 99 units)."""
    width = max(2, len(str(total)))
    return f"{doc_id}-{number:0{width}d}"


def quote_rows(quotes: Iterable[Quote] | Iterable[tuple[str, list[Quote]]]) -> list[dict]:
    """Rows in the ``quotes.csv`` schema, numbered per article in order of start offset.

    Parameters
    ----------
    quotes : iterable
        Either Quote objects (any order, any articles) or the ``(doc_id, quotes)`` pairs that
        :func:`stance.batch.segment_articles` yields.

    Returns
    -------
    list of dict
        Keys as in :data:`QUOTE_COLUMNS`; articles keep their first-seen order.
    """
    by_doc: dict[str, list[Quote]] = {}
    for item in quotes:
        if isinstance(item, Quote):
            by_doc.setdefault(item.doc_id, []).append(item)
        else:
            doc_id, qs = item
            by_doc.setdefault(doc_id, []).extend(qs)
    rows = []
    for doc_id, qs in by_doc.items():
        qs = sorted(qs, key=_START_END)
        for n, q in enumerate(qs, 1):
            rows.append(q.to_row(quote_id(doc_id, n, len(qs))))
    return rows

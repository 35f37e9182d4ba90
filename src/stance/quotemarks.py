"""Quotation regions: where double and single quotation marks open and close in a paragraph,
and the paragraph's sentences (never split inside a quotation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import (
    _ABBREV,
    _CLOSE_RIGHT,
    _DOUBLE_CLOSE,
    _DOUBLE_MARKS,
    _DOUBLE_OPEN,
    _OPEN_LEFT,
    _SENT_END_RE,
    _SENT_FINALS,
    _SENT_PUNCT_END_RE,
    _SINGLE_MARKS,
    _WORD_RE,
)

@dataclass(slots=True)  # (slots: made and read thousands of times per batch of articles)
class _Region:
    open: int  # index of the opening mark (paragraph-relative)
    cstart: int  # first character inside
    cend: int  # one past the last character inside
    close: int  # index of the closing mark, or -1 if unclosed
    single: bool
    words: int = 0  # \w+ runs inside, counted up to WORDS_CAP
    cand: str = ""  # "", "start", "attrib", "colon"
    speaker: tuple | None = None


_ASCII_MARKS: dict[str, str] = {}  # marks -> those of them in ASCII


def _mark_positions(para: str, marks: str) -> list[int]:
    """Sorted offsets of the characters ``marks`` in ``para`` (``str`` scans are several times
    faster than a regular expression's character class; ``in`` tells first whether a mark is
    there at all, then one ``split`` gives its offsets: each ``str.find`` call would parse
    its arguments anew)."""
    if para.isascii():  # a constant-time test; only the ASCII marks can be there
        marks = _ASCII_MARKS.get(marks) or _ASCII_MARKS.setdefault(marks, "".join(c for c in marks if c.isascii()))
    out = []
    for ch in marks:
        if ch in para:
            pieces = para.split(ch)
            pieces.pop()  # (the text after the last mark)
            i = -1
            for piece in pieces:
                i += len(piece) + 1
                out.append(i)
    if len(out) > 1:
        out.sort()
    return out


_ORPHAN_ATTRIB_RE = re.compile(
    r"\s+(?:(?:he|she|they)\s+)?(?:said|says|added|adds|explained|insisted|warned|continued|maintained)\b")


def _find_double(para: str, marks: list[int] | None = None) -> list[_Region]:
    """Double-quoted regions; ``marks``: the offsets of the double marks, if known."""
    out = []
    inside = -1
    n = len(para)
    for i in _mark_positions(para, _DOUBLE_MARKS) if marks is None else marks:
        ch = para[i]
        left = para[i - 1] if i > 0 else " "
        right = para[i + 1] if i + 1 < n else " "
        open_ctx = left in _OPEN_LEFT and not right.isspace()
        if inside < 0 and ch in _DOUBLE_CLOSE and right in " \t\u00a0" and not para[:i].strip() and para[i + 1 :].strip():
            # a closing mark displaced to the head of the next paragraph by an export ("” Text"):
            # it opens this paragraph's quotation
            open_ctx = True
        close_ctx = not left.isspace() and (right in _CLOSE_RIGHT or right.isspace())
        if inside < 0 and not out and ch in _DOUBLE_CLOSE and left in ",.!?" and para[:1].isupper() \
                and _ORPHAN_ATTRIB_RE.match(para, i + 1) and i == para.find(ch):
            # 'A sentence of hers,” said the commissioner.': the opening mark was lost at the
            # paragraph's head, the closing mark and the attribution after it remain
            out.append(_Region(0, 0, i, i, False))
            continue
        if inside < 0:
            if ch in _DOUBLE_OPEN or (ch == '"' and not (close_ctx and not open_ctx)) or (
                ch in _DOUBLE_CLOSE and open_ctx and not close_ctx
            ):
                inside = i
        else:
            # (an opening mark typed where the closing one belongs, "... words. “" at the
            # paragraph's end, closes the quotation as well)
            if ch in _DOUBLE_CLOSE or ch == '"' or (ch in _DOUBLE_OPEN and close_ctx and not open_ctx) or (
                    ch in _DOUBLE_OPEN and left.isspace() and not para[i + 1 :].strip()):
                if i > inside + 1:
                    out.append(_Region(inside, inside + 1, i, i, False))
                inside = -1
            elif ch in _DOUBLE_OPEN and open_ctx:
                # the previous quotation was never closed: it ends before this one opens
                _add_unclosed(out, para, inside, i, False)
                inside = i
    if inside >= 0:
        _add_unclosed(out, para, inside, n, False)
    for r in out:
        while r.cstart < r.cend and para[r.cstart] in " \t\u00a0":
            r.cstart += 1
        while r.cend > r.cstart and para[r.cend - 1] in " \t\u00a0":  # "... it. ”"
            r.cend -= 1
    return out


def _add_unclosed(out: list[_Region], para: str, mark: int, end: int, single: bool) -> None:
    """Add the quotation opened at ``mark`` that no mark closes: it runs to ``end`` less trailing space."""
    while end > mark + 1 and para[end - 1].isspace():
        end -= 1
    if end > mark + 1:
        out.append(_Region(mark, mark + 1, end, -1, single))


def _find_single(para: str, taken: list[_Region], marks: list[int] | None = None) -> list[_Region]:
    """Single-quoted regions outside the double-quoted ones ``taken``; ``marks``: the offsets
    of the single marks, if known."""
    n = len(para)
    opens, closes = [], []
    for i in _mark_positions(para, _SINGLE_MARKS) if marks is None else marks:
        ch = para[i]
        left = para[i - 1] if i > 0 else " "
        right = para[i + 1] if i + 1 < n else " "
        if (left.isalnum() or left == "_") and (right.isalnum() or right == "_"):
            continue  # apostrophe inside a word: it's, don’t
        if ch != "’" and (i == 0 or left in _OPEN_LEFT) and not right.isspace() and right not in ",.;:":
            if not (right.isdigit() and i + 2 < n and para[i + 2].isdigit() and para[i + 3 : i + 4] == "s"):
                opens.append(i)
                continue
        if ch not in "‘‚‛" and not left.isspace() and (right.isspace() or right in _CLOSE_RIGHT or i + 1 == n):
            closes.append(i)
    out = []
    ci = 0
    last_end = -1
    for k, o in enumerate(opens):
        if o <= last_end:
            continue
        while ci < len(closes) and closes[ci] <= o:
            ci += 1
        nxt = _next_sentence_open(para, opens, k) if k + 1 < len(opens) and _opens_sentence(para, o) else n
        if nxt < n and (ci == len(closes) or closes[ci] > nxt):
            # "'A. 'B.": a quotation opening a sentence that no mark closes before the next
            # sentence opens one ends there (the writer left its closing mark out)
            _add_unclosed(out, para, o, nxt, True)
            last_end = nxt - 1
            continue
        if ci < len(closes):
            c = closes[ci]
            # a plural possessive (dealers’ homes) closes too early when a later mark ends the
            # quotation with punctuation; prefer the mark before punctuation in that case
            j = ci
            while (
                j + 1 < len(closes)
                and para[closes[j] - 1] == "s"
                and closes[j] + 1 < n
                and para[closes[j] + 1] == " "
                and closes[j] + 2 < n
                and para[closes[j] + 2].islower()
            ):
                j += 1
            c = closes[j]
            if c > o + 1:
                out.append(_Region(o, o + 1, c, c, True))
                last_end = c
                ci = j + 1
        elif o == 0 or para[:o].strip() == "" or (
            ((_SENT_PUNCT_END_RE.search(para, 0, o) and para[o + 1 : o + 2].isupper())
             or para[:o].rstrip().endswith(":"))  # "She insisted: ‘it’s ..." (a colon: any case)
            and o == opens[-1]
        ):
            # British house style: 'He said: ‘A.' with the quotation running on into the
            # next paragraphs, only the last of which has a closing mark
            _add_unclosed(out, para, o, n, True)
            last_end = n
    # drop single-quoted regions that sit inside or cross a double-quoted one
    result = []
    for r in out:
        r_end = r.close if r.close >= 0 else r.cend
        clash = False
        for d in taken:
            d_end = d.close if d.close >= 0 else d.cend
            if d.open <= r.open <= d_end or d.open <= r_end <= d_end:
                if not (r.open < d.open and r_end > d_end):
                    clash = True
                    break
        if not clash:
            result.append(r)
    return result


def _opens_sentence(para: str, o: int) -> bool:
    """Does the mark at ``o`` open a sentence ("... said. 'The")?"""
    return o >= 2 and para[o - 1] == " " and para[o - 2] in ".!?" and para[o + 1 : o + 2].isupper()


def _next_sentence_open(para: str, opens: list[int], k: int) -> int:
    """The first of the opening marks after ``opens[k]`` that opens a sentence, else len(para)."""
    return next((o for o in opens[k + 1 :] if _opens_sentence(para, o)), len(para))


def _find_regions(para: str) -> list[_Region]:
    if para.isascii() and '"' not in para and "'" not in para:
        return []  # no quotation mark at all (most paragraphs): a constant-time test and two scans
    double_marks = _mark_positions(para, _DOUBLE_MARKS)
    # "’" never opens a single-quoted region (_find_single): with no other single mark
    # ("council’s", "don’t") there is none, and the marks are not looked for
    if "'" in para or "‘" in para or "‚" in para or "‛" in para:
        single_marks = _mark_positions(para, _SINGLE_MARKS)
    else:
        single_marks = []
    doubles = _find_double(para, double_marks) if double_marks else []
    singles = _find_single(para, doubles, single_marks) if single_marks else []
    if singles:
        kept = _drop_nested(doubles + singles)
    else:
        # double-quoted regions follow one another and never nest: nothing to drop
        kept = doubles
    for r in kept:
        r.words = count_words(para, r.cstart, r.cend)
    return kept


def _drop_nested(regions: list[_Region]) -> list[_Region]:
    """The regions in order of opening, without those nested in another (a double-quoted
    region inside a single-quoted speech region is part of it)."""
    kept = []
    for r in regions:
        r_end = r.close if r.close >= 0 else r.cend
        inner = any(
            o is not r and o.open < r.open and r_end < (o.close if o.close >= 0 else o.cend + 1)
            for o in regions
        )
        if not inner:
            kept.append(r)
    kept.sort(key=lambda r: r.open)
    return kept


# A region's word count matters only up to WORDS_CAP (the rules ask for at least 1, 3, 4 or
# 6 words, or fewer than 8): the count of ``\w+`` runs up to the cap, in one match, as the
# number of the last group that took part (group k holds the first letter of word k).
WORDS_CAP = 8
_WORDS_UPTO_CAP_RE = re.compile(r"\W*(\w)" + r"(?:\w*\W+(\w)" * (WORDS_CAP - 1) + ")?" * (WORDS_CAP - 1))
# matches where there are at least WORDS_CAP: no groups and no choice to undo (a run of \w
# can only be followed by a run of \W), several times cheaper than the capped pattern
_CAP_WORDS_RE = re.compile(r"\W*" + r"\w+\W+" * (WORDS_CAP - 1) + r"\w")


_SHORT_SPAN = 40  # characters: up to here ``findall`` counts faster than the capped pattern


def count_words(text: str, a: int, b: int) -> int:
    """The number of ``\\w+`` runs in ``text[a:b]``, counted up to WORDS_CAP: a short span's
    words are listed, a longer span's tested for the cap (most quotations reach it), else
    counted by one match that stops at the cap."""
    if b - a <= _SHORT_SPAN:
        n = len(_WORD_RE.findall(text, a, b))
        return n if n < WORDS_CAP else WORDS_CAP  # (not min(): in 3.11 it parses keywords on every call)
    if _CAP_WORDS_RE.match(text, a, b):
        return WORDS_CAP
    m = _WORDS_UPTO_CAP_RE.match(text, a, b)
    return m.lastindex if m else 0


def _mask(para: str, regions: list[_Region]) -> str:
    if not regions:
        return para
    parts = []
    pos = 0
    for r in regions:
        parts.append(para[pos : r.cstart])
        parts.append("x" * (r.cend - r.cstart))
        pos = r.cend
    parts.append(para[pos:])
    return "".join(parts)


# what may follow the final marks (_SENT_FINALS, ".!?…", spelt out in _sentence_ends) in a
# _SENT_END_RE match
_SENT_TRAIL = _SENT_FINALS + "\"”’')]"


def _sentence_ends(para: str) -> list:
    """The matches of ``_SENT_END_RE.finditer(para)``, tried only where a final punctuation
    mark stands (every match starts at one; ``str.find`` finds them faster than ``re``)."""
    # a match needs white space after its marks: none starts in the run of final and closing
    # marks that ends the paragraph, so the text before that run must hold a final mark
    core = para.rstrip(_SENT_TRAIL)
    if "." not in core and "!" not in core and "?" not in core and "…" not in core:
        return []  # (most paragraphs: one sentence, its full stop at the end)
    out = []
    pos = 0
    for i in _mark_positions(core, _SENT_FINALS):
        if i >= pos:
            m = _SENT_END_RE.match(para, i)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def _sentences(para: str, masked: str, regions: list[_Region]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; never split inside a quotation."""
    ends = _sentence_ends(para)
    if not ends:  # one sentence (most paragraphs)
        return [(0, len(para))] if para else []
    out = []
    start = 0
    for m in ends:
        j = m.start()
        if regions and any(r.cstart <= j < r.cend and m.end() <= r.cend for r in regions):
            continue
        if para[j] == ".":
            k = j
            while k > 0 and (masked[k - 1].isalpha() or masked[k - 1] == "."):
                k -= 1
            word = masked[k:j].lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha() and word.upper() == para[k:j]):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(para) and para[start].isspace():
            start += 1
    if start < len(para):
        out.append((start, len(para)))
    return [(a, b) for a, b in out if b > a]

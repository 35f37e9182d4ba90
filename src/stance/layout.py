"""Paragraphs, page furniture, headlines and span trimming.
"""

from __future__ import annotations

import re

from .patterns import (
    _CAPS_LEAD_RE,
    _CREDIT_LABEL_RE,
    _CREDIT_TAIL_RE,
    _DATE_STAMP_RE,
    _CREDIT_TAIL_WORDS,
    _DANGLING_CONJ_RE,
    _FURNITURE_HEAD_LEN,
    _FURNITURE_HEADS,
    _FURNITURE_RE,
)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's text, surrounding whitespace excluded (the lines are the
    runs of ``patterns._PARA_RE``; ``str.splitlines`` finds them several times faster)."""
    out = []
    pos = 0
    for piece in text.splitlines(True):
        # every character str.splitlines breaks at (those patterns._PARA_RE excludes) is white
        # space: stripping the piece with its line break strips the line
        core = piece.strip()
        if core:
            a = pos + len(piece) - len(piece.lstrip())
            out.append((a, a + len(core)))
        pos += len(piece)
    return out


def _is_furniture(para: str) -> bool:
    if _may_open_furniture(para) and _FURNITURE_RE.match(para):
        return True
    colon = para.rfind(":") if ":" in para else -1  # (``in`` first: most lines hold none)
    if colon != -1 and _CAPS_LEAD_RE.match(para):
        return True
    if len(para) < 160 and _may_end_credit(para) and _CREDIT_TAIL_RE.search(para):
        return True
    # the colon of a caption label is the last one, with no final punctuation after it
    if (len(para) < 300 and colon != -1 and para.find(".", colon) < 0 and para.find("!", colon) < 0
            and para.find("?", colon) < 0 and _CREDIT_LABEL_RE.search(para)):
        return True  # a photo caption: "Simon Foster at the launch – Credit: Archant"
    # a headline set in capitals ("POLICE WARN OF NEW DRUG")
    return len(para) <= 200 and para.isupper() and " " in para and len(para) >= 8


# the label line of a photo or video caption ("Image caption,"): the line under it is the caption
_CAPTION_LABELS = frozenset(("image caption", "media caption", "video caption", "caption"))
# a byline: "By Ann Lee", "- By Ann Lee, Home Affairs Editor", "6 May, 2017 — By Ann Lee"
_BYLINE_RE = re.compile(r"(?:^|[-–—|•]\s*)By\s+[A-Z][\w’'.-]+\s+[A-Z]")
_LINE_FINALS = tuple(".!?:\"”’'")


def _is_byline(para: str) -> bool:
    """A short line naming the writers, with no sentence's final punctuation."""
    return len(para) < 160 and not para.endswith(_LINE_FINALS) and _BYLINE_RE.search(para) is not None


def _body_paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of the story: page furniture, bylines and captions (the line under a
    caption label) left out."""
    return body_paragraph_texts(text)[0]


def body_paragraph_texts(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """:func:`_body_paragraphs` and each paragraph's text, in one pass over the lines: the
    lines of :func:`_paragraphs`, a leading date stamp cut off, each text cut out once."""
    out: list[tuple[int, int]] = []
    texts: list[str] = []
    caption = False
    pos = 0
    for piece in text.splitlines(True):
        para = piece.strip()
        if not para:
            pos += len(piece)
            continue
        # (a line opening with its first character has no white space to skip: most lines)
        a = pos if piece[0] == para[0] else pos + len(piece) - len(piece.lstrip())
        b = a + len(para)
        pos += len(piece)
        if para[0] in "dDpPuU":
            stamp = _DATE_STAMP_RE.match(text, a, b)
            if stamp and stamp.end() < b:
                a = stamp.end()
                para = text[a:b]
        if caption:
            caption = False
            continue
        if b - a < 16 and para.rstrip(",:").lower() in _CAPTION_LABELS:
            caption = True
            continue
        if _is_furniture(para) or ("By " in para and _is_byline(para)):
            continue
        out.append((a, b))
        texts.append(para)
    for i in range(len(out) - 2, 0, -1):
        a, b = out[i]
        if text[a] in _OPENING_MARKS and text[b - 1] in _CLOSING_MARKS and b - a < 200 \
                and _inside_sentence(text, out[i - 1][1], out[i + 1][0]):
            del out[i]  # a pull-quote set into a sentence the page breaks around it
            del texts[i]
    return out, texts


# the marks that may open and close a paragraph that is all quotation (pull-quotes, standfirsts)
_OPENING_MARKS = frozenset("“‘\"'")
_CLOSING_MARKS = frozenset("”’\"'")


def _inside_sentence(text: str, prev_end: int, next_start: int) -> bool:
    """Does the line before ``prev_end`` stop mid-sentence (a word or comma) and the line at
    ``next_start`` go on in lower case?"""
    return (text[prev_end - 1].isalpha() or text[prev_end - 1] == ",") and text[next_start].islower()
_FURNITURE_FIRSTS = frozenset(h[0] for h in _FURNITURE_HEADS)
_FURNITURE_HEADS_BY_FIRST = {c: tuple(h for h in _FURNITURE_HEADS if h[0] == c) for c in _FURNITURE_FIRSTS}


def _may_open_furniture(para: str) -> bool:
    """False only where _FURNITURE_RE cannot match: the text (after white space) opens with
    none of the words its branches open with. Outside ASCII, case folding ("ſ" matches "s")
    is left to the pattern, except that a text opening with a character that is neither a
    letter nor the first character of a branch ("©") cannot match (an opening quotation
    mark): only letters fold to letters."""
    head = para.lstrip()[:_FURNITURE_HEAD_LEN]
    if not head:
        return True
    if not head.isascii():
        first = head[0]
        return first.isascii() or first.isalpha() or first in _FURNITURE_FIRSTS
    head = head.lower()
    heads = _FURNITURE_HEADS_BY_FIRST.get(head[0])  # a few heads, not all of them
    return heads is not None and head.startswith(heads)


def _may_end_credit(para: str) -> bool:
    """False only where _CREDIT_TAIL_RE cannot match: the text does not end with the last
    word of one of its branches (before white space and one closing bracket)."""
    end = para.rstrip()
    if end[-1:] == ")":
        end = end[:-1].rstrip()
    return end.endswith(_CREDIT_TAIL_WORDS)


# a line introducing the quotations below it without a colon or full stop ("Ann Lee, director
# of X, commented on the plan"); near the top it is no headline
_COMMENTED_ON_RE = re.compile(r"\b(?:commented|reflected|remarked) on\b")


# "that" as the clause's subject ("claimed that means more deaths"), not its opener
_THAT_SUBJECT_RE = re.compile(r"\s+(?:means|meant|is|was|would|will|could|has|makes|made)\s+(?!been\b|that\b)[a-z]")


def _is_headline(idx: int, para: str) -> bool:
    """One of the first lines, short and without a sentence's final punctuation."""
    return (
        idx < 3
        and not para.rstrip().endswith((".", "!", "?", ":", '"', "”", "’", "'"))
        and len(para.split()) <= 25
        and not ("ed on " in para and _COMMENTED_ON_RE.search(para))
    )


_CONJ_WORDS = ("and", "but", "or")  # the words _DANGLING_CONJ_RE drops


def _trim_span(para: str, a: int, b: int, full_stop: bool = True) -> tuple[int, int]:
    while a < b and (para[a].isspace() or para[a] in ",;:"):
        a += 1
    while b > a:
        ch = para[b - 1]
        if ch.isspace() or ch in ",;:–—-(" or (full_stop and ch == "." and not para[b - 3 : b] == "..."):
            b -= 1
            continue
        break
    # drop a dangling conjunction left by a boundary (every match ends the span with the word,
    # or with it and a newline, where ``$`` also matches)
    end = b - 1 if para[b - 1 : b] == "\n" else b
    m = _DANGLING_CONJ_RE.search(para, a, b) if para.endswith(_CONJ_WORDS, a, end) else None
    if m:
        b = m.start()
    if para[a : a + 5].lower() == "that " and b - a > 5 and not _THAT_SUBJECT_RE.match(para, a + 4):
        a += 5
    return a, b

"""What a coder sees of one quote: the quote in its sentence, its article and speaker, the keys.

Pure functions and small value objects shared by the labelling session
(:mod:`stance.labelling`) and adjudication (:mod:`stance.adjudication`): the quote with the
sentences around it (:func:`quote_context`, :func:`build_items`), the keys
(:class:`Keymap`, :func:`parse_command`) and the blocks of text a screen is made of, each
fitted to the terminal's width.
"""

from __future__ import annotations

import contextlib
import os
import re
import textwrap
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping, Sequence

from .coderfiles import FLAGS
from .corpus import load_articles
from .errors import DataFileError, InputError
from .labels import articles_metadata
from .scheme import NONE_LABEL, STANCE_SCHEME, LabelScheme
from .terminal import BOLD, PLAIN, cells, clip, printable

FLAG_KEYS = {"x": "notquote", "w": "wrongspeaker"}
# Short names of the codebook's values (labels/codebook.md, section 3), shown beside the keys.
VALUE_HINTS = {
    "-2": "action against users",
    "-1": "enforcement-leaning, not aimed at users",
    "0": "explicitly both",
    "1": "help, prevention, root causes",
    "2": "keep users out of criminal justice",
    NONE_LABEL: "no stance on this axis",
}
COMMAND_KEYS = {"s": "skip", "u": "undo", "n": "note", "q": "quit"}
FLAG_MENU = "  " + "   ".join(f"{k} {FLAGS[v]}" for k, v in FLAG_KEYS.items())
COMMAND_WORDS = {"skip": "skip", "undo": "undo", "note": "note", "quit": "quit", "\x04": "quit"}


@dataclass(frozen=True)
class QuoteItem:
    """A quote with what the coder sees around it."""

    quote_id: str
    doc_id: str
    kind: str
    speaker: str
    speaker_role: str
    text: str
    headline: str = ""
    before: str = ""
    lead: str = ""
    tail: str = ""
    after: str = ""


_BOUNDARY = re.compile(r"(?<=[.!?…])([\"”’')\]]*)[ \t]+|[ \t]*(?:\r?\n|\r)\s*")


def quote_context(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """The sentence before a quote, the rest of its own sentence, and the sentence after.

    Sentences end at ``.``, ``!``, ``?`` or ``…`` (with any closing quotation marks) followed
    by a space, and at every line break (news paragraphs). Boundaries inside the quote are
    ignored, so a quote of several sentences is shown whole.

    Returns
    -------
    before, lead, tail, after : str
        ``lead``/``tail`` are the parts of the quote's sentence(s) before and after the quote.
    """
    found = list(_BOUNDARY.finditer(text))
    cuts = sorted({m.end() for m in found} | {0, len(text)})
    ends = {m.end(): m.start() + len(m.group(1) or "") for m in found}  # a sentence keeps its closing marks
    s0 = max(c for c in cuts if c <= start)
    s1 = min(c for c in cuts if c >= end)
    lead = text[s0:start]
    tail = text[end:ends.get(s1, s1)]
    prev = [c for c in cuts if c < s0]
    before = text[prev[-1]:ends.get(s0, s0)] if prev else ""
    nxt = [c for c in cuts if c > s1]
    after = text[s1:ends.get(nxt[0], nxt[0])] if nxt else ""
    return before.strip(), lead.lstrip(), tail.rstrip(), after.strip()


def first_line(text: str, width: int = 100) -> str:
    """The article's first non-blank line (news files open with the headline), cut to ``width``."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def build_items(quotes, articles: Mapping[str, object] | None = None,
                headlines: Mapping[str, str] | None = None, quotes_name: str = "quotes") -> list[QuoteItem]:
    """Quote items in the quotes table's order, with context from the articles where known.

    An article with no headline in ``articles.csv`` shows its first line instead; with no
    article text either, the quote shows no headline.

    Raises
    ------
    InputError
        If an article is found but the quote's offsets do not point at the quote's text
        (the quotes were cut from other files than the ones given).
    """
    items = []
    articles = articles or {}
    headlines = headlines or {}
    for r in quotes.to_dict(orient="records"):
        before = lead = tail = after = ""
        art = articles.get(r["doc_id"])
        if art is not None:
            got = art.text[r["start"]:r["end"]]
            if got != r["text"]:
                raise InputError(f"{quotes_name}: quote {r['quote_id']}: offsets {r['start']}-{r['end']} of "
                                 f"{art.path} give {got[:30]!r}, not the quote's text; pass the articles the "
                                 f"quotes were cut from with --articles")
            before, lead, tail, after = quote_context(art.text, r["start"], r["end"])
        headline = headlines.get(r["doc_id"], "") or (first_line(art.text) if art is not None else "")
        items.append(QuoteItem(r["quote_id"], r["doc_id"], r["kind"], r["speaker"], r["speaker_role"], r["text"],
                               headline, before, lead, tail, after))
    return items


def _headlines(path: Path) -> dict[str, str]:
    """doc_id -> headline from an ``articles.csv`` beside the articles; none if it is unusable.

    The headline is only context on screen: a malformed metadata file must not stop a session.
    """
    with contextlib.suppress(DataFileError, OSError):
        return {d: (r.get("headline") or "").strip() for d, r in articles_metadata(path).items() if d}
    return {}


def articles_and_headlines(article_paths: Sequence[str | os.PathLike]):
    """The articles under ``article_paths`` (missing paths skipped) and their headlines by doc_id."""
    paths = [Path(p) for p in article_paths if Path(p).exists()]
    articles = load_articles(paths) if paths else {}
    headlines: dict[str, str] = {}
    for p in paths:
        headlines.update(_headlines((p if p.is_dir() else p.parent) / "articles.csv"))
    return articles, headlines


# ------------------------------------------------------------------------------------ keys

@dataclass
class Keymap:
    """One key per label value: 1..9 for the values in scheme order, 0 for ``none``."""

    scheme: LabelScheme
    keys: dict[str, str] = field(init=False)

    def __post_init__(self):
        self.keys = {}
        digits = iter("123456789")
        for v in self.scheme.values:
            self.keys["0" if v == NONE_LABEL else next(digits)] = v

    def key_of(self, value: str) -> str:
        return next(k for k, v in self.keys.items() if v == value)


def parse_command(text: str | None, keymap: Keymap) -> tuple[str, str]:
    """Turn one key (or one input line) into ``(action, argument)``.

    Actions: ``label`` (argument: the value), ``flag`` (argument: ``notquote`` or
    ``wrongspeaker``), ``skip``, ``undo``, ``note`` (argument: a note
    typed on the same line, e.g. ``n unclear speaker``), ``quit`` (also at end of input and
    Ctrl-D), or ``unknown``.
    """
    if text is None:
        return "quit", ""
    head, _, rest = text.strip().partition(" ")
    if head in keymap.keys and not rest:
        return "label", keymap.keys[head]
    if head in FLAG_KEYS and not rest:
        return "flag", FLAG_KEYS[head]
    if head in COMMAND_KEYS or head.lower() in COMMAND_WORDS:
        action = COMMAND_KEYS.get(head) or COMMAND_WORDS[head.lower()]
        if action == "note" or not rest:
            return action, rest.strip()
    return "unknown", text.strip()


def shown(label: str, scheme: LabelScheme) -> str:
    """A label as shown on screen: positive values with their sign (``+2``)."""
    return f"+{label}" if scheme.positions.get(label, 0) > 0 else label


def answer_text(row: Mapping[str, str], scheme: LabelScheme) -> str:
    """A coder-file row's answer in words: the label, or what the flag says."""
    return FLAGS[row["flag"]] if row.get("flag") else shown(row["label"], scheme)


# ------------------------------------------------------------------------------- rendering

def printable_item(item: QuoteItem) -> QuoteItem:
    """The item with every field shown through :func:`stance.terminal.printable`."""
    return replace(item, **{f.name: printable(getattr(item, f.name)) for f in fields(item)})


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    if not text:
        return []
    # Lines stop one column short of the edge: a full-width line would make some terminals wrap.
    return textwrap.wrap(" ".join(text.split()), width=max(20, width - 1), initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def speaker_line(item: QuoteItem, width: int) -> str:
    """Speaker, role, kind and id on one line: the role, then the id, then the name are shortened."""
    speaker, role, qid = item.speaker or "(unknown)", item.speaker_role, item.quote_id

    def line() -> str:
        return f"Speaker   {speaker}" + (f" ({role})" if role else "") + f" · {item.kind} quote · {qid}"

    room = width - 1
    if cells(line()) > room and role:
        role = clip(role, max(16, cells(role) - (cells(line()) - room)))
    if cells(line()) > room:
        qid = clip(qid, max(16, cells(qid) - (cells(line()) - room)), middle=True)
    if cells(line()) > room:
        speaker = clip(speaker, max(12, cells(speaker) - (cells(line()) - room)))
    return clip(line(), room)


def _fit_block(before: list[str], body: list[str], after: list[str], room: int | None) -> list[str]:
    """The context block in at most ``room`` lines: the quote first, then the sentences around it."""
    if room is None:
        return before + [""] + body + [""] + after
    room = max(room, 1)
    if len(body) > room:
        body = body[:room - 1] + ["  … (the quote goes on: enlarge the window to read it all)"]
        return body[:room]
    rest = room - len(body)
    gaps = min(2, rest)
    rest -= gaps
    n_before = min(len(before), max(rest - len(after), rest // 2))
    n_after = min(len(after), rest - n_before)
    n_before = min(len(before), rest - n_after)
    before = before[len(before) - n_before:] if n_before else []
    return before + [""] * (gaps > 0) + body + [""] * (gaps > 1) + after[:n_after]


def quote_block(item: QuoteItem, width: int, color: bool, room: int | None = None) -> list[str]:
    """Sentence before, the quote's sentence with the quote in «» (bold on a terminal), sentence after."""
    before = _wrap("… " + item.before, width, "  ") if item.before else []
    body = " ".join(f"{item.lead}«{item.text}»{item.tail}".split())
    wrapped = _wrap(body, width, "  ")
    if color:
        inside = False
        for i, ln in enumerate(wrapped):
            ln = ln.replace("«", "«" + BOLD).replace("»", PLAIN + "»")
            if inside:  # a quote running over several lines stays bold on each
                ln = "  " + BOLD + ln[2:]
            inside = ln.rfind(BOLD) > ln.rfind(PLAIN)
            wrapped[i] = ln + (PLAIN if inside else "")
    after = _wrap(item.after + " …", width, "  ") if item.after else []
    return _fit_block(before, wrapped, after, room)


def value_menu(keymap: Keymap) -> list[str]:
    """The key -> value lines shown under every quote."""
    out = []
    for key, value in keymap.keys.items():
        hint = VALUE_HINTS.get(value, "") if keymap.scheme.name == STANCE_SCHEME.name else ""
        out.append(f"  {key}  {shown(value, keymap.scheme):>4}  {hint}".rstrip())
    return out


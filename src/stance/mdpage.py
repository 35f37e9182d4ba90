"""Markdown pages for researchers, and their standalone HTML form.

The Markdown helpers (:func:`md_table`, :func:`number`, :func:`interval`) write the few
constructs the reports use; :func:`add_contents` links every ``##`` section after the first.
:func:`markdown_to_html` makes a page that opens offline: figures are embedded, every piece of
text is escaped (quote text or labels from a data file can never inject markup), and only the
reports' own link targets stay links.
"""

from __future__ import annotations

import base64
import html
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token


def number(x, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def interval(pair, digits: int = 3) -> str:
    if not pair or pair[0] is None:
        return ""
    return f"[{pair[0]:.{digits}f}, {pair[1]:.{digits}f}]"


def md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |" for r in rows]
    return "\n".join(lines)


CONTENTS_MARK = "\x00contents"  # replaced by the list of sections once they are all known


def heading_id(title: str) -> str:
    """The anchor of a heading, as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def add_contents(lines: list[str]) -> list[str]:
    """Put a linked list of the ``##`` sections (after the bottom line) where the mark is."""
    at = lines.index(CONTENTS_MARK)
    sections = [ln[3:].strip() for ln in lines[at:] if ln.startswith("## ")]
    return lines[:at] + ["**Contents:** " + " · ".join(f"[{t}](#{heading_id(t)})" for t in sections)] + lines[at + 1:]


# ---------------------------------------------------------------------- markdown -> html

_SAFE_TARGET = re.compile(r"per-[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/report\.md|#[a-z0-9_-]+")  # what we link
_FIGURE = re.compile(r"[A-Za-z0-9_.-]+\.png")  # what we inline as an image (if the run drew it)


def _markdown_parser(images: dict[str, bytes]) -> MarkdownIt:
    """CommonMark with tables, raw HTML escaped, and only our own link targets and images accepted."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Only our own relative links (per-value reports, sections of the page) and the run's own
    # figures pass: a speaker or label named "[x](javascript:...)" stays text, never a live link.
    md.validateLink = lambda url: bool(_SAFE_TARGET.fullmatch(url) or _FIGURE.fullmatch(url))
    return md


def _unlink(children: list[Token], images: dict[str, bytes]) -> list[Token]:
    """Links whose target is not one of our pages (e.g. a figure's name) back to text; figures inlined."""
    out, closing = [], []
    for tok in children:
        if tok.type == "image":
            src = str(tok.attrGet("src"))
            if src not in images:  # not drawn by this run: shown as the text it was
                out.append(Token("text", "", 0, content=f"![{tok.content}]({src})"))
                continue
            tok.attrSet("src", "data:image/png;base64," + base64.b64encode(images[src]).decode("ascii"))
        if tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            keep = bool(_SAFE_TARGET.fullmatch(href))
            closing.append(None if keep else f"]({href})")
            if not keep:
                tok = Token("text", "", 0, content="[")
        elif tok.type == "link_close":
            tail = closing.pop()
            if tail is not None:
                tok = Token("text", "", 0, content=tail)
        out.append(tok)
    return out


def markdown_to_html(md: str, images: dict[str, bytes], title: str) -> str:
    """A standalone HTML page from this module's Markdown, with PNG images inlined.

    Parameters
    ----------
    md : str
        Markdown written by this module; every value from the data in it is shown as text.
    images : dict[str, bytes]
        PNG bytes by file name; ``![alt](name)`` of a name given here is inlined, others dropped.
    title : str
        The page title.

    Returns
    -------
    str
        The HTML page; ``##`` headings carry the ids the contents list links to.
    """
    parser = _markdown_parser(images)
    tokens = parser.parse(md)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            tok.attrSet("id", heading_id(tokens[i + 1].content))
        if tok.type == "inline" and tok.children:
            only = tok.children[0] if len(tok.children) == 1 else None
            if only is not None and only.type == "image" and str(only.attrGet("src")) not in images:
                # a figure line of a figure this run did not draw: left out, as the figure is
                tok.children = []
                tokens[i - 1].hidden = tokens[i + 1].hidden = True
                continue
            tok.children = _unlink(tok.children, images)
    body = parser.renderer.render(tokens, parser.options, {})
    style = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
             "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
             "font-size:.9rem;text-align:left}th{background:#f3f3f3}img{max-width:100%}pre{background:#f6f6f6;"
             "padding:.6rem;overflow-x:auto}code{background:#f3f3f3;padding:0 .2rem}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>\n" + body + "</body></html>\n")

"""Articles in, from anything a researcher has: folders of text, tables, lists of URLs.

:func:`iter_inputs` yields one :class:`InputArticle` per input article, in input order, with
its metadata (date, outlet, headline, url) and, when it cannot be used, the reason instead of
its text: empty, undecodable, unfetchable or a doc_id seen before. A bad article is never an
error; a bad *input* (a missing path, a table without its text column) is, and
:func:`check_inputs` finds it before anything is written.

- a folder: every ``*.txt`` below it (as :func:`stance.corpus.article_files`); an
  ``articles.csv`` in the folder (columns ``file`` or ``doc_id``, and any of date, outlet,
  headline, url -- the layout of ``seeds/``) adds the metadata;
- a table (``.csv``, ``.jsonl``, ``.parquet``): a text column and optional ``doc_id`` (or
  ``id``), date, outlet, headline and url columns, read in chunks;
- a ``.urls`` file (or ``--urls FILE``): one URL per line, ``#`` comments; pages are fetched
  with :class:`stance.fetch.Fetcher` and turned into text with :func:`stance.fetch.extract_page`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .corpus import ARTICLE_SUFFIXES, decode_article
from .errors import InputError, MissingFileError
from .fetch import extract_page
from .labels import articles_metadata
from .tables import TABLE_FORMATS
from .tablestream import TableReader


META_COLUMNS = ("date", "outlet", "headline", "url")
URL_SUFFIXES = (".urls",)
METADATA_FILE = "articles.csv"


@dataclass(frozen=True)
class InputArticle:
    """One input article: its text, or the reason it is skipped."""

    doc_id: str
    source: str
    text: str | None
    date: str = ""
    outlet: str = ""
    headline: str = ""
    url: str = ""
    reason: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def input_kind(path: Path) -> str:
    """``folder``, ``table``, ``urls`` or ``article`` (any other file is an article's text)."""
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix in URL_SUFFIXES:
        return "urls"
    if suffix in TABLE_FORMATS:
        return "table"
    return "article"


def check_inputs(inputs: Iterable[str | os.PathLike], text_column: str = "text") -> list[tuple[Path, str]]:
    """Every input with its kind; raise for a missing path or a table without its text column.

    Returns
    -------
    list of (Path, kind)
    """
    out = []
    for raw in inputs:
        p = Path(raw)
        if not p.exists():
            raise MissingFileError(f"{p}: no such file or folder; check the path")
        kind = input_kind(p)
        if kind == "folder" and not any(f.suffix in ARTICLE_SUFFIXES for f in p.rglob("*")):
            raise MissingFileError(f"{p}: folder holds no .txt article files")
        if kind == "table":
            with TableReader(p, text_column, 1):
                pass
        out.append((p, kind))
    return out


def _folder_metadata(folder: Path) -> dict[str, dict]:
    """``file name`` and ``doc_id`` -> metadata from the folder's ``articles.csv``, if any."""
    out: dict[str, dict] = {}
    for doc_id, row in articles_metadata(folder / METADATA_FILE).items():
        meta = {k: str(row.get(k) or "").strip() for k in META_COLUMNS}
        out[doc_id] = meta
        if row.get("file"):
            out[str(row["file"])] = meta
    return out


def _from_folder(folder: Path, encoding: str) -> Iterator[InputArticle]:
    meta = _folder_metadata(folder)
    files = sorted(f for f in folder.rglob("*") if f.suffix in ARTICLE_SUFFIXES and f.is_file())
    for f in files:
        m = meta.get(f.name) or meta.get(f.stem) or {}
        yield _from_file(f, encoding, m)


def _from_file(path: Path, encoding: str, meta: dict | None = None) -> InputArticle:
    meta = meta or {}
    try:
        text = decode_article(path.read_bytes(), str(path), encoding)
    except InputError as exc:
        return InputArticle(path.stem, str(path), None, reason=f"undecodable: {exc}", **meta)
    except OSError as exc:
        return InputArticle(path.stem, str(path), None, reason=f"unreadable: {exc.strerror}", **meta)
    return InputArticle(path.stem, str(path), text, **meta)


def _from_table(path: Path, text_column: str, chunk_size: int = 2000) -> Iterator[InputArticle]:
    with TableReader(path, text_column, chunk_size) as reader:
        cols = reader.columns
        id_col = "doc_id" if "doc_id" in cols else "id" if "id" in cols else None
        for chunk in reader:
            rows = chunk.rows
            if hasattr(rows, "to_pylist"):
                rows = rows.to_pylist()
            elif rows and isinstance(rows[0], list):
                rows = [dict(zip(cols, r)) for r in rows]
            for i, row in enumerate(rows):
                n = chunk.start + i + 1
                doc_id = _cell(row.get(id_col)) if id_col else ""
                text = row.get(text_column)
                meta = {k: _cell(row.get(k)) for k in META_COLUMNS}
                source = f"{path} row {n}"
                if not isinstance(text, str):
                    text = None if text is None or text != text else str(text)
                yield InputArticle(doc_id or f"{path.stem}-{n}", source, text,
                                   reason="" if text is not None else "empty text", **meta)


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v).strip()


def read_url_list(path: Path) -> list[str]:
    """The URLs of a list file: one per line; blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid UTF-8; save the URL list as UTF-8") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def url_doc_id(url: str) -> str:
    """A stable doc_id for a URL: ``url-`` and 12 hex digits of its sha256."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def _from_urls(path: Path, fetcher) -> Iterator[InputArticle]:
    for url in read_url_list(path):
        page = fetcher.get(url)
        if not page.ok:
            yield InputArticle(url_doc_id(url), url, None, url=url, reason=f"unfetchable: {page.reason}")
            continue
        ex = extract_page(page)
        yield InputArticle(url_doc_id(url), url, ex.text, date=ex.date, outlet=ex.outlet, headline=ex.headline,
                           url=ex.url or url, note=page.note)


def iter_inputs(inputs: Iterable[str | os.PathLike], text_column: str = "text", encoding: str = "utf-8",
                fetcher=None) -> Iterator[InputArticle]:
    """Every input article, in input order, with the reason where it cannot be used.

    Parameters
    ----------
    inputs : iterable of path-like
        Folders, article files, tables and ``.urls`` lists.
    text_column : str
        The text column of tables.
    encoding : str
        Of article files.
    fetcher : stance.fetch.Fetcher, optional
        Needed when a URL list is among the inputs.
    """
    seen: set[str] = set()
    for path, kind in check_inputs(inputs, text_column):
        if kind == "folder":
            items = _from_folder(path, encoding)
        elif kind == "table":
            items = _from_table(path, text_column)
        elif kind == "urls":
            if fetcher is None:
                raise InputError(f"{path}: a URL list needs a fetcher")
            items = _from_urls(path, fetcher)
        else:
            items = iter([_from_file(path, encoding)])
        for art in items:
            if art.ok and not (art.text or "").strip():
                art = InputArticle(**{**art.__dict__, "text": None, "reason": "empty text"})
            if art.doc_id in seen:
                art = InputArticle(**{**art.__dict__, "text": None, "reason": "duplicate doc_id (an earlier "
                                      "input has it; rename one)"})
            else:
                seen.add(art.doc_id)
            yield art

"""A corpus listed as annotations: real pages kept as facts about them, their texts elsewhere.

Real news pages are other people's writing, so the repository keeps only what it needs to
rebuild and check them (``labels/news/`` is the example):

- ``pages.csv``: page_id, url, outlet, date, headline, query, retrieved, sha256, n_chars,
  cut_units (attributed units cut off by the end of a page excerpt, left out and counted);
- ``quotes.csv``: the ``labels/quotes.csv`` schema with ``speaker_type`` and ``text_sha256``
  in place of the text (offsets index the page text decoded as UTF-8, as for articles);
- ``stance.csv`` and ``annotations/`` as in ``labels/``.

The texts live in a git-ignored folder (``texts/`` beside the listing by default), one
``<page_id>.txt`` per page. :func:`verify` checks such a folder against the hashes and offsets
and says which page is missing or changed and which units moved; :func:`load_units` joins
the listing with the texts into the quote table the segmenter scorer and the model use.

Pages are split once into a *tuning* and a *test* half by :func:`half`, a fixed rule on the
sha256 of the page id, so the split never depends on the order or number of pages.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .corpus import decode_article
from .errors import DataFileError, InputError, MissingFileError
from .labels import KINDS, SPEAKER_TYPES, load_quotes, read_csv_records

PAGE_COLUMNS = ("page_id", "url", "outlet", "date", "headline", "query", "retrieved", "sha256",
                "n_chars", "cut_units")
UNIT_COLUMNS = ("quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role",
                "speaker_type", "text_sha256")
HALVES = ("tuning", "test")
SPLIT_SALT = "policy-stance split v1"


def normalise_url(url: str) -> str:
    """``host/path`` in lower case: no scheme, ``www.``, query, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{parts.path.rstrip('/')}".lower()


def page_id_for(url: str) -> str:
    """The page id of a URL: ``n`` and the first 11 hex digits of sha256 of its normal form."""
    return "n" + hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()[:11]


def half(page_id: str) -> str:
    """``'tuning'`` or ``'test'``: the parity of sha256 of ``SPLIT_SALT:page_id``."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{page_id}".encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


def sha256_text(text: str) -> str:
    """Hex sha256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Page:
    """One listed page."""

    page_id: str
    url: str
    outlet: str
    date: str
    headline: str
    sha256: str
    n_chars: int
    cut_units: int
    query: str = ""
    retrieved: str = ""


@dataclass(frozen=True)
class Unit:
    """One attributed speech unit of a listed page, without its text."""

    quote_id: str
    doc_id: str
    start: int
    end: int
    kind: str
    speaker: str
    speaker_role: str
    speaker_type: str
    text_sha256: str


@dataclass(frozen=True)
class Listing:
    """A listed corpus: its folder, pages (by id) and units (in file order)."""

    folder: Path
    pages: dict[str, Page]
    units: list[Unit]


def _int(value: str, path: Path, line: int, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise DataFileError(path, line, f"{name} must be a whole number, found '{value}'") from None


def read_pages(path: str | os.PathLike) -> dict[str, Page]:
    """Read and validate ``pages.csv``; page ids must be unique and match their URL."""
    path = Path(path)
    pages: dict[str, Page] = {}
    for line, row in read_csv_records(path, PAGE_COLUMNS):
        pid = row["page_id"]
        if pid in pages:
            raise DataFileError(path, line, f"duplicate page_id '{pid}'")
        if pid != page_id_for(row["url"]):
            raise DataFileError(path, line, f"page_id '{pid}' does not match its url (expected "
                                            f"'{page_id_for(row['url'])}'); fix the id or the url")
        pages[pid] = Page(page_id=pid, url=row["url"], outlet=row["outlet"], date=row["date"],
                          headline=row["headline"], sha256=row["sha256"],
                          n_chars=_int(row["n_chars"], path, line, "n_chars"),
                          cut_units=_int(row["cut_units"] or "0", path, line, "cut_units"),
                          query=row["query"], retrieved=row["retrieved"])
    return pages


def read_units(path: str | os.PathLike, pages: dict[str, Page]) -> list[Unit]:
    """Read and validate the listing's ``quotes.csv`` against its pages."""
    path = Path(path)
    units, seen = [], {}
    for line, row in read_csv_records(path, UNIT_COLUMNS):
        qid = row["quote_id"]
        if qid in seen:
            raise DataFileError(path, line, f"duplicate quote_id '{qid}' (first at line {seen[qid]})")
        seen[qid] = line
        page = pages.get(row["doc_id"])
        if page is None:
            raise DataFileError(path, line, f"doc_id '{row['doc_id']}' is not a page of pages.csv")
        start, end = _int(row["start"], path, line, "start"), _int(row["end"], path, line, "end")
        if not 0 <= start < end <= page.n_chars:
            raise DataFileError(path, line, f"offsets {start}-{end} do not fit page {page.page_id} "
                                            f"({page.n_chars} characters)")
        if row["kind"] not in KINDS:
            raise DataFileError(path, line, f"kind '{row['kind']}' is not one of {', '.join(KINDS)}")
        if row["speaker_type"] not in SPEAKER_TYPES:
            raise DataFileError(path, line, f"speaker_type '{row['speaker_type']}' is not one of "
                                            f"{', '.join(SPEAKER_TYPES)}")
        units.append(Unit(quote_id=qid, doc_id=row["doc_id"], start=start, end=end, kind=row["kind"],
                          speaker=row["speaker"], speaker_role=row["speaker_role"],
                          speaker_type=row["speaker_type"], text_sha256=row["text_sha256"]))
    return units


def load_listing(folder: str | os.PathLike) -> Listing:
    """Read ``pages.csv`` and ``quotes.csv`` of a listed corpus folder."""
    folder = Path(folder)
    if not (folder / "pages.csv").is_file():
        raise MissingFileError(f"{folder}: no pages.csv here; give the folder of a listed corpus, "
                               f"e.g. labels/news")
    pages = read_pages(folder / "pages.csv")
    return Listing(folder=folder, pages=pages, units=read_units(folder / "quotes.csv", pages))


@dataclass
class Verification:
    """What :func:`verify` found. ``ok`` when every page is present and unchanged."""

    n_pages: int
    n_units: int
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    moved: dict[str, tuple[int, int]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.broken)

    def lines(self) -> list[str]:
        """One line per finding, then a summary line."""
        out = [f"missing page {p}: no {p}.txt in the text folder" for p in self.missing]
        out += [f"changed page {p}: its text no longer has the listed sha256" for p in self.changed]
        out += [f"unit {q} moved to {a}-{b}" for q, (a, b) in sorted(self.moved.items())]
        out += [f"unit {q} not found in its changed page" for q in self.lost]
        out += [f"unit {q}: the text at its offsets has another hash (listing error)" for q in self.broken]
        present = self.n_pages - len(self.missing)
        out.append(f"{present} of {self.n_pages} pages present, {len(self.changed)} changed; "
                   f"{self.n_units} units, {len(self.moved)} moved, {len(self.lost)} lost"
                   + ("" if self.ok else "; rebuild the missing or changed pages (see README)"))
        return out


def _find_span(text: str, length: int, digest: str) -> tuple[int, int] | None:
    for start in range(0, len(text) - length + 1):
        if sha256_text(text[start:start + length]) == digest:
            return start, start + length
    return None


def read_page_text(texts: Path, page_id: str) -> str | None:
    """The text of a page from the text folder, or ``None`` when the file is missing."""
    path = texts / f"{page_id}.txt"
    if not path.is_file():
        return None
    return decode_article(path.read_bytes(), str(path))


def verify(listing: Listing, texts: str | os.PathLike) -> Verification:
    """Check a text folder against a listing's hashes and offsets.

    A page whose text has another sha256 is *changed*; its units are then looked for by their
    hash at any offset (same length) and reported *moved* (with the new offsets) or *lost*.

    Parameters
    ----------
    listing : Listing
        From :func:`load_listing`.
    texts : path-like
        The folder of ``<page_id>.txt`` files.

    Returns
    -------
    Verification
    """
    texts = Path(texts)
    if not texts.is_dir():
        raise MissingFileError(f"{texts}: no such text folder; rebuild the page texts there or pass "
                               f"--texts DIR (see README, 'The real-news corpus')")
    result = Verification(n_pages=len(listing.pages), n_units=len(listing.units))
    page_texts: dict[str, str | None] = {}
    for pid, page in listing.pages.items():
        text = read_page_text(texts, pid)
        page_texts[pid] = text
        if text is None:
            result.missing.append(pid)
        elif sha256_text(text) != page.sha256:
            result.changed.append(pid)
    changed = set(result.changed)
    for unit in listing.units:
        text = page_texts[unit.doc_id]
        if text is None:
            continue
        if sha256_text(text[unit.start:unit.end]) == unit.text_sha256:
            continue
        if unit.doc_id not in changed:
            result.broken.append(unit.quote_id)
            continue
        found = _find_span(text, unit.end - unit.start, unit.text_sha256)
        if found is None:
            result.lost.append(unit.quote_id)
        else:
            result.moved[unit.quote_id] = found
    return result


def load_units(listing: Listing, texts: str | os.PathLike, halves: tuple[str, ...] = HALVES):
    """The listing's units with their text, page metadata and half, as a pandas DataFrame.

    Columns: the ``labels/quotes.csv`` schema plus speaker_type, outlet, date, half.
    Refuses (one line naming the first problem) unless every needed page verifies.
    """
    # lazy: pandas only to hand pages to the experiments; `stance corpus verify` needs none
    import pandas as pd

    bad = verify(listing, texts)
    wanted = {pid for pid in listing.pages if half(pid) in halves}
    problems = [p for p in bad.missing + bad.changed if p in wanted]
    if problems or bad.broken:
        first = (problems or bad.broken)[0]
        raise InputError(f"{texts}: page texts do not match the listing ({first} and "
                         f"{len(problems) + len(bad.broken) - 1} more); run "
                         f"`stance corpus verify {listing.folder}` for the details")
    rows = []
    cache: dict[str, str] = {}
    for u in listing.units:
        if u.doc_id not in wanted:
            continue
        text = cache.setdefault(u.doc_id, read_page_text(Path(texts), u.doc_id) or "")
        page = listing.pages[u.doc_id]
        rows.append({"quote_id": u.quote_id, "doc_id": u.doc_id, "start": u.start, "end": u.end,
                     "kind": u.kind, "speaker": u.speaker, "speaker_role": u.speaker_role,
                     "text": text[u.start:u.end], "speaker_type": u.speaker_type,
                     "outlet": page.outlet, "date": page.date, "half": half(u.doc_id)})
    return pd.DataFrame(rows, columns=["quote_id", "doc_id", "start", "end", "kind", "speaker",
                                       "speaker_role", "text", "speaker_type", "outlet", "date", "half"])


def load_page_texts(listing: Listing, texts: str | os.PathLike,
                    halves: tuple[str, ...] = HALVES) -> dict[str, str]:
    """``page_id -> text`` for the listed pages of the given halves (missing pages refused)."""
    out = {}
    for pid in sorted(listing.pages):
        if half(pid) not in halves:
            continue
        text = read_page_text(Path(texts), pid)
        if text is None:
            raise MissingFileError(f"{texts}: page {pid} is missing; run `stance corpus verify "
                                   f"{listing.folder}` for the details")
        out[pid] = text
    return out


def _has_offsets(path: Path) -> bool:
    with open(path, encoding="utf-8", newline="") as fh:
        header = fh.readline()
    return "doc_id" in header and "start" in header


def quote_texts(quotes_path: str | os.PathLike, texts: str | os.PathLike | None = None):
    """Quote ids and texts of a quotes table, listed (no text column) or plain.

    For a listed corpus (``pages.csv`` beside the quotes file) the texts come from the text
    folder (default ``texts/`` beside it) when it verifies, and are empty strings otherwise,
    so that agreement can be computed without the page texts.

    Returns
    -------
    (list of str, dict quote_id -> text)
    """
    quotes_path = Path(quotes_path)
    folder = quotes_path.parent
    if not (folder / "pages.csv").is_file():
        if not _has_offsets(quotes_path):
            # a table of free-standing quotes (labels/invented): ids and texts only
            rows = [row for _, row in read_csv_records(quotes_path, ("quote_id", "text"))]
            return [r["quote_id"] for r in rows], {r["quote_id"]: r["text"] for r in rows}
        quotes = load_quotes(quotes_path)
        return list(quotes["quote_id"]), dict(zip(quotes["quote_id"], quotes["text"]))
    pages = read_pages(folder / "pages.csv")
    listing = Listing(folder=folder, pages=pages, units=read_units(quotes_path, pages))
    ids = [u.quote_id for u in listing.units]
    text_dir = Path(texts) if texts is not None else folder / "texts"
    found = {q: "" for q in ids}
    if text_dir.is_dir() and verify(listing, text_dir).ok:
        table = load_units(listing, text_dir)
        found.update(zip(table["quote_id"], table["text"]))
    return ids, found

"""Articles in: read article files and folders into :class:`Article` records.

An article's text is its file decoded (UTF-8 by default) with *no* newline translation, so
character offsets of quotes index the text exactly as it is on disk. A leading byte-order
mark is dropped: offsets count from the first character after it. The ``doc_id`` of an
article is its file name without the extension.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, MissingFileError

ARTICLE_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Article:
    """One news article: its id, where it came from, and its full text."""

    doc_id: str
    path: str
    text: str


def decode_article(data: bytes, path: str = "<bytes>", encoding: str = "utf-8") -> str:
    """Decode raw article bytes, dropping a byte-order mark.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str
        Shown in the error message.
    encoding : str
        Any codec Python knows.

    Returns
    -------
    str
        The text, newlines untouched.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"encoding '{encoding}' is not known to Python; use e.g. --encoding utf-8 or cp1252"
        ) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: byte {exc.start} is not valid {encoding}; "
            f"pass the file's encoding with --encoding (e.g. --encoding cp1252)"
        ) from None
    except UnicodeError as exc:  # codecs such as idna and punycode report no byte offset
        raise InputError(f"{path}: not valid {encoding} ({exc}); pass the file's encoding with --encoding") from None
    except LookupError:  # a codec that is not a text encoding: base64, rot13, zlib ...
        raise InputError(
            f"encoding '{encoding}' is not a text encoding; use e.g. --encoding utf-8 or cp1252"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_article(path: str | os.PathLike, encoding: str = "utf-8") -> Article:
    """Read one article file.

    Parameters
    ----------
    path : path-like
        A text file.
    encoding : str
        The file's encoding (default UTF-8).

    Returns
    -------
    Article
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise MissingFileError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise MissingFileError(f"{p}: is a folder, expected an article file") from None
    except OSError as exc:
        raise MissingFileError(f"{p}: cannot be read ({exc.strerror})") from None
    return Article(doc_id=p.stem, path=str(p), text=decode_article(data, str(p), encoding))


def article_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and folders into a sorted list of article files.

    A folder contributes every ``*.txt`` file below it (recursively, sorted by path); a file
    is taken as it is, whatever its extension.

    Raises
    ------
    MissingFileError
        If a path does not exist, or a folder holds no article file.
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix in ARTICLE_SUFFIXES and f.is_file())
            if not found:
                raise MissingFileError(f"{p}: folder holds no .txt article files")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise MissingFileError(f"{p}: no such file or folder; check the path")
    return out


def iter_articles(paths: Iterable[str | os.PathLike], encoding: str = "utf-8") -> Iterator[Article]:
    """Yield every article under ``paths`` (files or folders), in a stable order."""
    for f in article_files(paths):
        yield read_article(f, encoding)


def load_articles(paths: Iterable[str | os.PathLike], encoding: str = "utf-8") -> dict[str, Article]:
    """Read articles into a dict keyed by ``doc_id``.

    Raises
    ------
    InputError
        If two files share a ``doc_id`` (the same file name in two folders).
    """
    out: dict[str, Article] = {}
    for art in iter_articles(paths, encoding):
        if art.doc_id in out:
            raise InputError(
                f"two articles share the doc_id '{art.doc_id}' ({out[art.doc_id].path} and "
                f"{art.path}); rename one so file names are unique"
            )
        out[art.doc_id] = art
    return out

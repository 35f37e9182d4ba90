"""Tables in and out: CSV, JSON lines and Parquet, read by extension, written atomically.

Every writer goes through :func:`atomic_path`: the content is written to a temporary file in
the destination folder and moved over the destination in one ``os.replace``, so an
interrupted run leaves the previous file intact, never half a file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import DataFileError, InputError, MissingFileError


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
                 ".parquet": "parquet", ".pq": "parquet"}


def table_format(path: str | os.PathLike) -> str:
    """Format of a table file from its extension (csv, jsonl or parquet)."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise InputError(
            f"{path}: unknown table format '{suffix or '(none)'}'; "
            f"use a file ending in .csv, .jsonl or .parquet"
        )
    return TABLE_FORMATS[suffix]


def read_table(path: str | os.PathLike, columns: Sequence[str] = ()):
    """Read a CSV, JSON-lines or Parquet table into a DataFrame of strings.

    Parameters
    ----------
    path : path-like
        The table; its extension chooses the reader.
    columns : sequence of str
        Columns that must be present; a missing one raises an error listing those found.

    Returns
    -------
    pandas.DataFrame
    """
    # lazy: pandas is heavy; stance predict imports this module and must not load it (test_fastmodel.py)
    import pandas as pd

    p = Path(path)
    fmt = table_format(p)
    if not p.is_file():
        raise MissingFileError(f"{p}: no such file; check the path")
    try:
        if fmt == "csv":
            df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
        elif fmt == "jsonl":
            df = _read_jsonl(p)
        else:
            try:
                df = pd.read_parquet(p)
            except (OSError, ValueError):
                raise
            except Exception as exc:  # damaged metadata: KeyError, TypeError, NotImplementedError ...
                raise InputError(f"{p}: cannot be read as parquet ({type(exc).__name__}: {exc})") from None
    except (DataFileError, InputError):
        raise
    except UnicodeDecodeError:
        raise utf8_error(p) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{p}: the file is empty; expected a header row and data") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{p}: not a valid CSV table ({str(exc).strip()})") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot be read as {fmt} ({str(exc).strip()})") from None
    require_columns(df, columns, p)
    return df


def first_invalid_utf8(path: str | os.PathLike) -> int | None:
    """Offset of the first byte of a file that is not valid UTF-8 (None if all is valid).

    Readers such as pandas report offsets within a field or a buffer; this one counts from
    the start of the file, which is what a user can find in an editor.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            pending = len(decoder.getstate()[0])  # bytes of a character split across blocks
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset - len(decoder.getstate()[0]) + exc.start
    return None


def require_columns(df, columns: Sequence[str], where: object) -> None:
    """Raise if any of ``columns`` is missing from ``df``, listing the columns it has."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns)) or "(none)"
        raise InputError(
            f"{where}: no column named {', '.join(repr(m) for m in missing)}; "
            f"the table has: {have}. Name the right one with the matching --*-column option"
        )


def parse_jsonl_line(path, lineno: int, line: str) -> dict:
    """One line of a JSON-lines table as a dict, or a :class:`DataFileError` naming the line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, lineno, f"not valid JSON ({exc.msg}); fix or remove the line") from None
    except RecursionError:  # "[[[[..." nested deeper than the parser's stack
        raise DataFileError(path, lineno, "JSON nested too deeply to read; fix or remove the line") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise DataFileError(path, lineno, f"not readable JSON ({exc}); fix or remove the line") from None
    if not isinstance(obj, dict):
        raise DataFileError(path, lineno, "expected a JSON object per line")
    return obj


def utf8_error(path: str | os.PathLike) -> InputError:
    """The error for a table that is not valid UTF-8, naming the first bad byte's file offset."""
    offset = first_invalid_utf8(path)
    if offset is None:
        return InputError(f"{path}: the file is not valid UTF-8; save the table as UTF-8")
    return InputError(f"{path}: byte {offset} is not valid UTF-8; save the table as UTF-8")


def _read_jsonl(p: Path):
    # lazy: pandas is heavy; stance predict imports this module and must not load it (test_fastmodel.py)
    import pandas as pd

    with open(p, encoding="utf-8") as fh:
        rows = [parse_jsonl_line(p, lineno, line) for lineno, line in enumerate(fh, 1) if line.strip()]
    if not rows:
        raise InputError(f"{p}: the file holds no JSON objects; expected one object per line")
    return pd.DataFrame(rows)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it over ``path``.

    On any exception the temporary file is removed and ``path`` is left untouched.
    """
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the mode a plain open() would, or the
        # replaced file's mode, so outputs stay shareable.
        with contextlib.suppress(OSError):
            os.chmod(tmp_path, dest.stat().st_mode & 0o777 if dest.exists() else default_file_mode())
        os.replace(tmp_path, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def default_file_mode() -> int:
    """The mode a plain ``open(..., "w")`` gives a new file: ``0o666`` minus the umask."""
    return 0o666 & ~_umask()


def default_dir_mode() -> int:
    """The mode a plain ``mkdir`` gives a new folder: ``0o777`` minus the umask."""
    return 0o777 & ~_umask()


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write text (UTF-8, ``\\n`` line ends) atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_json(path: str | os.PathLike, obj) -> None:
    """Write JSON with sorted keys and a final newline, atomically (byte-stable output)."""
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _holds_carriage_return(df) -> bool:
    """True if a column name or a text cell of ``df`` contains ``\\r``."""
    if any("\r" in str(c) for c in df.columns):
        return True
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if col.dtype == object or str(col.dtype) in ("str", "string"):
            if any(isinstance(v, str) and "\r" in v for v in col):
                return True
    return False


def write_rows(fh, rows) -> None:
    """Write CSV rows to an open text file (``newline=""``), ``\n`` line ends.

    Python's csv writer quotes a field holding ``\n`` but not one holding a bare ``\r`` when
    lines end in ``\n``, and every reader then splits the record there; such rows are written
    with every field quoted.
    """
    plain = csv.writer(fh, lineterminator="\n")
    quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any(isinstance(v, str) and "\r" in v for v in row) else plain).writerow(row)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_csv_rows(path: str | os.PathLike, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a CSV durably and atomically: temp file, fsync, ``os.replace``, fsync the folder.

    An existing file keeps its permission bits (:func:`stance.tables.atomic_path` sees to
    that). A crash at any moment leaves either the old file or the new one, never a mixture.
    """
    dest = Path(path)
    with atomic_path(dest) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            write_rows(fh, [header, *rows])
            fh.flush()
            os.fsync(fh.fileno())
    _fsync_dir(dest.parent)


def write_table(df, path: str | os.PathLike) -> None:
    """Write a DataFrame as CSV, JSON lines or Parquet (by extension), atomically."""
    fmt = table_format(path)
    with atomic_path(path) as tmp:
        if fmt == "csv":
            # Python's csv writer quotes a field holding "\n" but not one holding a bare "\r" when
            # lines end in "\n"; every reader then splits the record there. Quote all fields then.
            quoting = csv.QUOTE_ALL if _holds_carriage_return(df) else csv.QUOTE_MINIMAL
            df.to_csv(tmp, index=False, lineterminator="\n", quoting=quoting)
        elif fmt == "jsonl":
            df.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            df.to_parquet(tmp, index=False)

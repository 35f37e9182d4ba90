"""Tables read and written in chunks: a CSV, JSON-lines or Parquet file of any length.

:class:`TableReader` opens a table, checks it and its text column up front, and yields
:class:`Chunk` s of at most ``chunk_size`` rows; :class:`TableWriter` writes rows back with
new columns added, in any of the three formats. Memory depends on the chunk size, not on
the length of the table. :func:`stance.batch.score_file` joins the two through the scorer.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from .errors import DataFileError, InputError, MissingFileError
from .tables import parse_jsonl_line, require_columns, table_format, utf8_error, write_rows

DEFAULT_CHUNK_SIZE = 5000


@dataclass
class Chunk:
    """Rows ``start .. start + n - 1`` (0-based) of the input, in the reader's native form.

    ``rows`` is a list of lists (CSV), a list of dicts (JSON lines) or a pyarrow
    RecordBatch (Parquet); ``texts`` is the text column as strings.
    """

    start: int
    n: int
    rows: object
    texts: list[str]


class TableReader:
    """Open a table for chunked reading; checks the file and the text column up front.

    Parameters
    ----------
    path : path-like
        ``.csv``, ``.jsonl`` or ``.parquet``.
    text_column : str
    chunk_size : int
    """

    def __init__(self, path: str | os.PathLike, text_column: str, chunk_size: int = DEFAULT_CHUNK_SIZE):
        self.path = Path(path)
        self.format = table_format(self.path)
        self.text_column = text_column
        if chunk_size < 1:
            raise InputError(f"--chunk-size must be 1 or more, got {chunk_size}")
        self.chunk_size = chunk_size
        if not self.path.is_file():
            raise MissingFileError(f"{self.path}: no such file; check the path")
        self.size = self.path.stat().st_size
        self._fh = None
        self.schema = None
        getattr(self, f"_open_{self.format}")()

    # Each _open_ sets self.columns, self.total (rows, or None) and self._chunks (an iterator).

    def _open_csv(self):
        csv.field_size_limit(sys.maxsize)  # a quote may be longer than csv's default 128 KiB cell
        self._fh = open(self.path, "rb")
        text = io.TextIOWrapper(self._fh, encoding="utf-8-sig", newline="")
        self._reader = csv.reader(text, strict=True)  # an unclosed quote is an error, not a lost row
        try:
            header = next(self._reader, None)
        except UnicodeDecodeError:
            raise self._utf8_error() from None
        except csv.Error as exc:
            raise InputError(f"{self.path}: not a valid CSV table ({exc})") from None
        if not header:
            raise InputError(f"{self.path}: the file is empty; expected a header row and data")
        self.columns = header
        self.total = None
        require_columns(_Columns(header), [self.text_column], self.path)
        self._text_index = header.index(self.text_column)
        self._chunks = self._csv_chunks()

    def _csv_chunks(self):
        size, width, ti = self.chunk_size, len(self.columns), self._text_index
        start, rows = 0, []
        reader = self._reader
        try:
            for row in reader:
                if not row:
                    continue  # a blank line, as pandas skips it
                if len(row) != width:
                    if len(row) > width:
                        raise DataFileError(self.path, reader.line_num,
                                            f"{len(row)} fields where the header has {width}; quote the text")
                    row = row + [""] * (width - len(row))
                rows.append(row)
                if len(rows) >= size:
                    yield Chunk(start, len(rows), rows, [r[ti] for r in rows])
                    start, rows = start + len(rows), []
        except UnicodeDecodeError:
            raise self._utf8_error() from None
        except csv.Error as exc:
            raise DataFileError(self.path, reader.line_num, f"not valid CSV ({exc})") from None
        if rows:
            yield Chunk(start, len(rows), rows, [r[ti] for r in rows])

    def _utf8_error(self) -> InputError:
        return utf8_error(self.path)

    def _open_jsonl(self):
        self._fh = open(self.path, "rb")
        self._lines = enumerate(io.TextIOWrapper(self._fh, encoding="utf-8", newline="\n"), 1)
        first = self._jsonl_rows(self.chunk_size)
        if not first:
            raise InputError(f"{self.path}: the file holds no JSON objects; expected one object per line")
        cols: dict[str, None] = {}
        for r in first:
            cols.update(dict.fromkeys(r))
        self.columns = list(cols)
        self.total = None
        require_columns(_Columns(self.columns), [self.text_column], self.path)
        self._chunks = self._jsonl_chunks(first)

    def _jsonl_rows(self, limit: int) -> list[dict]:
        rows = []
        try:
            for lineno, line in self._lines:
                if not line.strip():
                    continue
                obj = parse_jsonl_line(self.path, lineno, line)
                rows.append(obj)
                if len(rows) >= limit:
                    break
        except UnicodeDecodeError:
            raise self._utf8_error() from None
        return rows

    def _jsonl_chunks(self, first):
        tc, start, rows = self.text_column, 0, first
        while rows:
            yield Chunk(start, len(rows), rows, [r.get(tc) for r in rows])
            start += len(rows)
            rows = self._jsonl_rows(self.chunk_size)

    def _open_parquet(self):
        # lazy: pyarrow only for Parquet tables
        import pyarrow.parquet as pq

        try:
            self._pf = pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise InputError(f"{self.path}: cannot be read as parquet ({str(exc).strip()})") from None
        self.schema = self._pf.schema_arrow
        self.columns = list(self.schema.names)
        self.total = self._pf.metadata.num_rows
        require_columns(_Columns(self.columns), [self.text_column], self.path)
        self._chunks = self._parquet_chunks()

    def _parquet_chunks(self):
        start = 0
        batches = self._pf.iter_batches(batch_size=self.chunk_size)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except Exception as exc:  # damaged pages: pyarrow raises OSError or ArrowInvalid
                raise InputError(f"{self.path}: Parquet data after row {start} cannot be read "
                                 f"({str(exc).strip()[:200]}); the file is damaged") from None
            texts = batch.column(self.text_column).to_pylist()
            yield Chunk(start, batch.num_rows, batch, texts)
            start += batch.num_rows

    def position(self) -> int:
        """Progress so far: bytes read (CSV, JSON lines) or rows read (Parquet)."""
        return self._fh.tell() if self._fh is not None else 0

    def __iter__(self) -> Iterator[Chunk]:
        return self._chunks

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Columns:
    """Just enough of a DataFrame for :func:`stance.tables.require_columns`."""

    def __init__(self, columns):
        self.columns = list(columns)


def check_texts(chunk: Chunk, text_column: str) -> list[str]:
    """The chunk's texts as strings; an empty or missing one is the user's error."""
    out = []
    for i, t in enumerate(chunk.texts):
        if t is None or (isinstance(t, float) and math.isnan(t)) or not str(t).strip():
            raise InputError(f"row {chunk.start + i + 1} of column '{text_column}' is empty; fill or drop it")
        out.append(t if isinstance(t, str) else str(t))
    return out


# ------------------------------------------------------------------------------ writers

class TableWriter:
    """Write input rows plus prediction columns as CSV, JSON lines or Parquet.

    Parameters
    ----------
    path : Path
        Where to write (the caller passes a temporary path and moves it into place).
    fmt : str
        ``csv``, ``jsonl`` or ``parquet``.
    in_columns : list of str
        The input's columns.
    new_columns : list of str
        The prediction columns; one that the input already has is overwritten in place.
    in_schema : pyarrow.Schema or None
        The input's schema when it is Parquet (kept in a Parquet output).
    """

    def __init__(self, path: Path, fmt: str, in_columns, new_columns, in_schema=None):
        self.path, self.fmt = path, fmt
        self.in_columns = list(in_columns)
        self.new_columns = list(new_columns)
        self.columns = self.in_columns + [c for c in self.new_columns if c not in self.in_columns]
        self.in_schema = in_schema
        self._fh = None
        self._pq = None
        if fmt in ("csv", "jsonl"):
            self._fh = open(path, "w", encoding="utf-8", newline="")
        if fmt == "csv":
            write_rows(self._fh, [self.columns])

    # -- row forms

    def _records(self, chunk: Chunk) -> list[dict]:
        rows = chunk.rows
        if isinstance(rows, list) and (not rows or isinstance(rows[0], dict)):
            return rows
        if isinstance(rows, list):
            return [dict(zip(self.in_columns, r)) for r in rows]
        return rows.to_pylist()

    def _lists(self, chunk: Chunk) -> list[list]:
        rows = chunk.rows
        if isinstance(rows, list) and rows and isinstance(rows[0], list):
            return rows
        cols = self.in_columns
        if isinstance(rows, list):
            self._check_keys(chunk)
        return [[r.get(c) for c in cols] for r in self._records(chunk)]

    def _check_keys(self, chunk: Chunk) -> None:
        """A JSON row with a key the first rows lacked has no column in a CSV or Parquet output."""
        known = set(self.in_columns)
        for i, r in enumerate(chunk.rows):
            if not known.issuperset(r):
                extra = sorted(set(r) - known)[0]
                raise InputError(f"row {chunk.start + i + 1} has the key '{extra}', which the first rows do not "
                                 f"have, so the {self.fmt} output has no column for it; write JSON lines "
                                 f"(.jsonl) instead or give every row the same keys")

    def write(self, chunk: Chunk, preds: list[list]) -> None:
        """Write one chunk; ``preds`` are the prediction columns in ``new_columns`` order."""
        getattr(self, f"_write_{self.fmt}")(chunk, preds)

    def _merge(self, base: list, pred_row: Sequence) -> list:
        out = base + [None] * (len(self.columns) - len(base))
        for c, v in zip(self.new_columns, pred_row):
            out[self.columns.index(c)] = v
        return out

    def _write_csv(self, chunk, preds):
        rows = chunk.rows
        if not (isinstance(rows, list) and rows and isinstance(rows[0], list)):
            rows = [[_cell(v) for v in r] for r in self._lists(chunk)]  # CSV rows are strings already
        pred_rows = zip(*preds)  # str, float and None, which csv writes as pandas does ("" for None)
        if len(self.columns) == len(self.in_columns) + len(self.new_columns):
            out = [r + list(p) for r, p in zip(rows, pred_rows)]
        else:
            out = [self._merge(list(r), p) for r, p in zip(rows, pred_rows)]
        write_rows(self._fh, out)

    def _write_jsonl(self, chunk, preds):
        names = self.new_columns
        fh = self._fh
        for rec, p in zip(self._records(chunk), zip(*preds)):
            rec = dict(rec)
            rec.update(zip(names, p))
            fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")

    def _write_parquet(self, chunk, preds):
        # lazy: pyarrow only for Parquet tables
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = {c: (pa.array(v, type=pa.string()) if c == "pred_label" else pa.array(v, type=pa.float64()))
                  for c, v in zip(self.new_columns, preds)}
        rows = chunk.rows
        if isinstance(rows, pa.RecordBatch):
            base = {name: rows.column(i) for i, name in enumerate(rows.schema.names)}
        elif isinstance(rows, list) and (not rows or isinstance(rows[0], list)):
            base = {c: pa.array([r[i] for r in rows], type=pa.string()) for i, c in enumerate(self.in_columns)}
        else:
            self._check_keys(chunk)
            types = self._pq.schema if self._pq is not None else None
            base = {}
            for c in self.in_columns:
                vals = [r.get(c) for r in rows]
                try:
                    base[c] = pa.array(vals, type=types.field(c).type) if types is not None else pa.array(vals)
                except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                    raise InputError(f"rows {chunk.start + 1}..{chunk.start + chunk.n}: column '{c}' changes type "
                                     f"({exc}); write JSON lines instead or make the column one type") from None
        base.update(arrays)
        table = pa.table({c: base[c] for c in self.columns})
        if self._pq is None:
            self._pq = pq.ParquetWriter(self.path, table.schema.remove_metadata())
        self._pq.write_table(table.replace_schema_metadata(None).cast(self._pq.schema))

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()
        elif self.fmt == "parquet":  # no rows at all: still a valid, empty table with the right columns
            # lazy: pyarrow only for Parquet tables
            import pyarrow as pa
            import pyarrow.parquet as pq

            fields = []
            for c in self.columns:
                if c in self.new_columns:
                    fields.append(pa.field(c, pa.string() if c == "pred_label" else pa.float64()))
                elif self.in_schema is not None:
                    fields.append(self.in_schema.field(c))
                else:
                    fields.append(pa.field(c, pa.string()))
            pq.write_table(pa.schema(fields).empty_table(), self.path)
        if self._fh is not None:
            self._fh.close()


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and math.isnan(v):
        return ""
    return v if isinstance(v, str) else str(v)

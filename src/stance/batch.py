"""Batch work on big inputs: stream a table through the model, or a folder through the segmenter.

:func:`score_file` reads a CSV, JSON-lines or Parquet table in chunks of ``chunk_size`` rows,
scores each chunk with :class:`stance.vectorized.BatchScorer` (in this process or in ``jobs``
worker processes, at most two chunks per worker in flight, output in input order) and writes
the rows with their predictions to a temporary file that replaces the output only at the end.
Memory therefore depends on the chunk size, not on the length of the input. A progress bar
goes to stderr when stderr is a terminal.

:func:`segment_files` does the same for article files: one task per group of articles, quotes
in path order, progress per article.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .errors import DataFileError, InputError, MissingFileError
from .tables import atomic_path, parse_jsonl_line, require_columns, table_format, utf8_error, write_rows

PRED_COLUMNS = ("pred_label", "pred_position", "pred_p_on_axis")
DEFAULT_CHUNK_SIZE = 5000


def prediction_columns(classes: Sequence[str]) -> list[str]:
    """Columns a scored table gains: label, position, P(on-axis), then ``p_<class>``."""
    return [*PRED_COLUMNS, *(f"p_{c}" for c in classes)]


def class_order(model, scheme) -> list[str]:
    """The model's classes in the scheme's order (classes the scheme lacks go last)."""
    classes = list(model.classes)
    return [v for v in scheme.values if v in classes] + [c for c in classes if c not in scheme.values]


def resolve_jobs(jobs: int) -> int:
    """Worker processes to use: ``jobs``, or one per CPU core for 0."""
    if not isinstance(jobs, int) or jobs < 0:
        raise InputError(f"--jobs must be a whole number >= 0 (0 = one per CPU core), got {jobs!r}")
    return jobs or (os.cpu_count() or 1)


# ------------------------------------------------------------------------------ scoring

@dataclass
class Scored:
    """Predictions for a chunk of quotes, as columns.

    ``probs`` columns follow ``classes`` (the scheme's order); ``position`` is NaN where the
    scheme has no axis or P(on-axis) is zero.
    """

    label: list
    position: object  # numpy arrays
    p_on_axis: object
    probs: object

    def columns(self) -> list[list]:
        """The prediction columns as Python lists (None for a missing position)."""
        pos = [None if math.isnan(x) else x for x in self.position.tolist()]
        return [self.label, pos, self.p_on_axis.tolist(), *self.probs.T.tolist()]


class ChunkScorer:
    """Turns quotes into :class:`Scored` columns; the same code runs in workers and on Dask.

    Parameters
    ----------
    model : stance.fastmodel.FastModel
    scheme : stance.scheme.LabelScheme
    """

    def __init__(self, model, scheme):
        from .vectorized import BatchScorer

        self.scorer = BatchScorer(model)
        classes = list(model.classes)
        self.model_classes = classes
        self.classes = class_order(model, scheme)
        self.perm = [classes.index(c) for c in self.classes]
        self.scheme = scheme

    def __call__(self, texts: Sequence[str]) -> Scored:
        import numpy as np

        P = self.scorer.predict_proba(texts)
        k = P.argmax(axis=1) if len(texts) else np.zeros(0, dtype=np.int64)
        label = [self.model_classes[i] for i in k.tolist()]
        Po = P[:, self.perm]
        n = len(texts)
        if not self.scheme.ordered:
            return Scored(label, np.full(n, np.nan), np.ones(n), Po)
        # The same sums, in the same order, as LabelScheme.expected_position.
        p_on, acc = np.zeros(n), np.zeros(n)
        for v in self.scheme.on_axis:
            if v in self.classes:
                col = Po[:, self.classes.index(v)]
                p_on = p_on + col
                acc = acc + col * self.scheme.positions[v]
        with np.errstate(invalid="ignore", divide="ignore"):
            pos = np.where(p_on > 0.0, acc / np.where(p_on > 0.0, p_on, 1.0), np.nan)
        return Scored(label, pos, np.where(p_on > 0.0, p_on, 0.0), Po)


_WORKER: dict = {}


def _init_worker(factory: Callable, args: tuple) -> None:
    _WORKER["fn"] = factory(*args)


def _run_worker(item):
    return _WORKER["fn"](item)


def ordered_map(func_factory: Callable, args: tuple, items: Iterable, jobs: int) -> Iterator:
    """``map(func, items)`` over ``jobs`` processes, in order, with bounded memory.

    ``func_factory(*args)`` builds the function once per process (a model is loaded once,
    not per item). At most ``2 * jobs`` items are in flight: :meth:`multiprocessing.Pool.imap`
    would read the whole input ahead.
    """
    if jobs <= 1:
        func = func_factory(*args)
        for item in items:
            yield func(item)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(jobs, initializer=_init_worker, initargs=(func_factory, args)) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(_run_worker, (item,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ------------------------------------------------------------------------------ readers

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


# ------------------------------------------------------------------------------ progress

class Progress:
    """A rich progress bar on stderr, or nothing when stderr is not a terminal.

    Parameters
    ----------
    description : str
    total : float or None
        In ``unit``s; None for an unknown total.
    unit : str
        ``rows``, ``bytes`` or ``articles``.
    enabled : bool or None
        None: only when stderr is a terminal.
    """

    def __init__(self, description: str, total: float | None, unit: str = "rows", enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.description, self.total, self.unit = description, total, unit
        self._bar = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress as Bar,
                                       TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            amount = DownloadColumn() if self.unit == "bytes" else MofNCompleteColumn()
            # No refresh thread (auto_refresh=False): worker processes are forked while the bar
            # is shown, and a fork must not copy a thread that may hold stderr's lock.
            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), amount,
                            TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True, auto_refresh=False)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.description, total=self.total, note="")
            self._shown = 0.0
            self._bar.refresh()
        return self

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._shown >= 0.1:
            self._shown = now
            self._bar.refresh()

    def update(self, completed: float, note: str = "") -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=completed, note=note)
            self._refresh()

    def advance(self, n: float = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)
            self._refresh()

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)


# ------------------------------------------------------------------------------ the jobs

def score_file(model, scheme, input_path: str | os.PathLike, output_path: str | os.PathLike,
               text_column: str = "text", jobs: int = 1, chunk_size: int = DEFAULT_CHUNK_SIZE,
               progress: bool | None = None) -> int:
    """Score every row of a table into a new table: all input columns plus predictions.

    Parameters
    ----------
    model : stance.fastmodel.FastModel
    scheme : stance.scheme.LabelScheme
    input_path, output_path : path-like
        ``.csv``, ``.jsonl`` or ``.parquet``, any combination. The output appears only when
        every row is scored (written to a temporary file, then moved into place).
    text_column : str
    jobs : int
        Worker processes (0: one per CPU core).
    chunk_size : int
        Rows read, scored and written at a time; memory grows with it, not with the input.
    progress : bool or None
        Show a progress bar on stderr (None: when stderr is a terminal).

    Returns
    -------
    int
        Rows scored.
    """
    jobs = resolve_jobs(jobs)
    out_fmt = table_format(output_path)  # before anything is created
    new_cols = prediction_columns(class_order(model, scheme))
    n_rows = 0
    with TableReader(input_path, text_column, chunk_size) as reader:
        chunks = iter(reader)
        # The first chunk is read and checked before the output (or its folder) is created.
        first = next(chunks, None)
        checked = [] if first is None else [(first, check_texts(first, text_column))]
        pending: deque = deque()

        def texts_of():
            for chunk, texts in checked:
                pending.append(chunk)
                yield texts
            for chunk in chunks:
                pending.append(chunk)
                yield check_texts(chunk, text_column)

        unit, total = ("rows", reader.total) if reader.total is not None else ("bytes", reader.size)
        with atomic_path(output_path) as tmp, Progress(f"scoring {Path(input_path).name}", total, unit,
                                                       progress) as bar:
            writer = TableWriter(tmp, out_fmt, reader.columns, new_cols, reader.schema)
            try:
                for scored in ordered_map(ChunkScorer, (model, scheme), texts_of(), jobs):
                    chunk = pending.popleft()
                    writer.write(chunk, scored.columns())
                    n_rows += chunk.n
                    bar.update(n_rows if unit == "rows" else reader.position(), f"{n_rows:,} rows")
            finally:
                writer.close()
    return n_rows


def _segment_group(items: list[tuple[str, str]], encoding: str):
    from .corpus import read_article
    from .segment import segment_text

    out = []
    for path, _ in items:
        art = read_article(path, encoding)
        out.append((art.doc_id, segment_text(art.text, art.doc_id)))
    return out


class _SegmentGroups:
    def __init__(self, encoding: str):
        self.encoding = encoding

    def __call__(self, items):
        return _segment_group(items, self.encoding)


def _groups(files: Sequence[Path], size: int) -> Iterator[list[tuple[str, str]]]:
    for i in range(0, len(files), size):
        yield [(str(f), "") for f in files[i:i + size]]


def segment_files(paths: Iterable[str | os.PathLike], jobs: int = 1, encoding: str = "utf-8",
                  chunk_size: int = 64, progress: bool | None = None):
    """Segment article files and folders with a progress bar; same table as ``segment_table``.

    Parameters
    ----------
    paths : iterable of path-like
        Article files or folders of ``.txt`` files.
    jobs : int
        Worker processes (0: one per CPU core); each reads and segments its own articles.
    encoding : str
    chunk_size : int
        Articles per task.
    progress : bool or None
        Show a progress bar on stderr (None: when stderr is a terminal).

    Returns
    -------
    pandas.DataFrame
        The ``quotes.csv`` columns, articles in path order.
    """
    import codecs

    import pandas as pd

    from .corpus import article_files
    from .segment import QUOTE_COLUMNS, quote_rows

    jobs = resolve_jobs(jobs)
    if chunk_size < 1:
        raise InputError(f"--chunk-size must be 1 or more, got {chunk_size}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"encoding '{encoding}' is not known to Python; "
                         f"use e.g. --encoding utf-8 or cp1252") from None
    files = article_files(paths)
    pairs = []
    with Progress("segmenting", len(files), "articles", progress) as bar:
        for group in ordered_map(_SegmentGroups, (encoding,), _groups(files, chunk_size), jobs):
            pairs.extend(group)
            bar.advance(len(group))
    return pd.DataFrame(quote_rows(pairs), columns=list(QUOTE_COLUMNS))


class _SegmentTexts:
    """Worker function: segment (doc_id, text) pairs already read."""

    def __call__(self, items: list[tuple[str, str]]):
        from .segment import segment_text

        return [(doc_id, segment_text(text, doc_id)) for doc_id, text in items]


def _article_groups(articles, size: int) -> Iterator[list[tuple[str, str]]]:
    group: list[tuple[str, str]] = []
    for art in articles:
        group.append((art.doc_id, art.text))
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def segment_articles(articles, jobs: int = 1, chunk_size: int = 64) -> Iterator:
    """Segment articles already in memory, in input order, on ``jobs`` processes.

    The in-memory twin of :func:`segment_files` (which reads files in the workers).

    Parameters
    ----------
    articles : iterable of stance.corpus.Article
        Consumed lazily.
    jobs : int
        Worker processes; 0 means one per CPU core.
    chunk_size : int
        Articles sent to a worker at a time.

    Yields
    ------
    (doc_id, list of Quote)
        One pair per article, in the order the articles came.
    """
    jobs = resolve_jobs(jobs)
    if chunk_size < 1:
        raise InputError(f"chunk_size must be 1 or more, got {chunk_size!r}")
    for group in ordered_map(_SegmentTexts, (), _article_groups(articles, chunk_size), jobs):
        yield from group


def segment_table(paths: Iterable, jobs: int = 1, encoding: str = "utf-8", chunk_size: int = 64):
    """The table of :func:`segment_files`, built by reading the articles in this process and
    segmenting them with :func:`segment_articles` (no progress bar)."""
    import pandas as pd

    from .corpus import iter_articles
    from .segment import QUOTE_COLUMNS, quote_rows

    pairs = segment_articles(iter_articles(paths, encoding), jobs=jobs, chunk_size=chunk_size)
    return pd.DataFrame(quote_rows(pairs), columns=list(QUOTE_COLUMNS))

"""Batch work on big inputs: stream a table through the scorer, or a folder through the segmenter.

:func:`score_file` reads a CSV, JSON-lines or Parquet table in chunks of ``chunk_size`` rows
(:mod:`stance.tablestream`), scores each chunk with :class:`stance.scorer.Scorer` (in this
process or in ``jobs`` worker processes, at most two chunks per worker in flight, output in
input order) and writes the rows with their predictions to a temporary file that replaces the
output only at the end. Memory therefore depends on the chunk size, not on the length of the
input. A progress bar goes to stderr when stderr is a terminal.

:func:`segment_files` does the same for article files: one task per group of articles, quotes
in path order, progress per article.
"""

from __future__ import annotations

import codecs
import os
import sys
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .corpus import article_files, iter_articles, read_article
from .errors import InputError
from .scorer import Scorer, class_order, prediction_columns
from .segment import QUOTE_COLUMNS, quote_rows, segment_text
from .tablestream import DEFAULT_CHUNK_SIZE, TableReader, TableWriter, check_texts
from .tables import atomic_path, table_format


def resolve_jobs(jobs: int) -> int:
    """Worker processes to use: ``jobs``, or one per CPU core for 0."""
    if not isinstance(jobs, int) or jobs < 0:
        raise InputError(f"--jobs must be a whole number >= 0 (0 = one per CPU core), got {jobs!r}")
    return jobs or (os.cpu_count() or 1)


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
    # lazy: worker processes only when jobs > 1
    import multiprocessing

    with multiprocessing.get_context().Pool(jobs, initializer=_init_worker, initargs=(func_factory, args)) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(_run_worker, (item,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


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
            # lazy: rich only when a terminal shows the bar
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
                for scored in ordered_map(Scorer, (model, scheme), texts_of(), jobs):
                    chunk = pending.popleft()
                    writer.write(chunk, scored.columns())
                    n_rows += chunk.n
                    bar.update(n_rows if unit == "rows" else reader.position(), f"{n_rows:,} rows")
            finally:
                writer.close()
    return n_rows


def _segment_group(items: list[tuple[str, str]], encoding: str):
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
    # lazy: pandas only for the table this returns
    import pandas as pd

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
    # lazy: pandas only for the table this returns
    import pandas as pd

    pairs = segment_articles(iter_articles(paths, encoding), jobs=jobs, chunk_size=chunk_size)
    return pd.DataFrame(quote_rows(pairs), columns=list(QUOTE_COLUMNS))

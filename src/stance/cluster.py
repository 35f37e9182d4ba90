"""Beyond one machine: scoring and segmentation on a Dask cluster, Parquet in and out.

``stance predict --engine dask`` and ``stance segment --engine dask`` hand the work to Dask
(``pip install 'policy-stance[dask]'``) instead of local processes: a partitioned Parquet
table (a file, a folder of parts, a glob or an fsspec URL) is read partition by partition on
the workers, and the result is written as a folder of Parquet parts, one per partition. The
plain-data model is sent to every worker once (``Client.scatter(..., broadcast=True)``) and
each worker builds its scorer once; partitions then carry only quotes. Without a scheduler
address a :class:`distributed.LocalCluster` is started on 127.0.0.1.

Each partition is scored by :class:`stance.scorer.Scorer`, as ``--engine local`` scores a
chunk, so a cluster computes exactly what ``--engine local`` computes.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import weakref
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from .batch import resolve_jobs
from .corpus import article_files, read_article
from .errors import InputError, MissingFileError
from .folders import FolderKind, atomic_folder, check_output_folder
from .scorer import Scorer, class_order, prediction_columns
from .segment import QUOTE_COLUMNS, quote_rows, segment_text
from .tables import TABLE_FORMATS, read_table, require_columns

ARTICLE_COLUMNS = ("doc_id", "text")
SCORED_FOLDER = FolderKind("scored-quotes folder (stance predict)", fix="Give a new or empty folder with --output")
QUOTES_FOLDER = FolderKind("quotes folder (stance segment)", fix="Give a new or empty folder with -o")
INSTALL_HINT = "pip install 'policy-stance[dask]'"
MMAP_THRESHOLD = 32 * 1024 * 1024


def require_dask() -> None:
    """Raise a one-line error naming the extra to install when Dask is missing."""
    try:
        # lazy: probes for the optional dask extra, so that its absence is one line naming the fix
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise InputError(f"--engine dask needs Dask ({exc.name} is not installed); {INSTALL_HINT}") from None


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 0) -> Iterator:
    """A :class:`distributed.Client` for the duration of the block.

    Parameters
    ----------
    scheduler : str or None
        Address of a running scheduler (``tcp://host:8786``); None starts a local cluster
        on 127.0.0.1 with ``workers`` single-threaded worker processes (0: one per core)
        and closes it afterwards.
    """
    require_dask()
    # lazy: the optional dask extra (see require_dask)
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                             f"or drop --scheduler to start a local cluster") from None
        with client:
            yield client
        return
    # lazy: the optional dask extra (see require_dask)
    import dask

    # Dask starts workers with MALLOC_TRIM_THRESHOLD_ set, which pins glibc's mmap threshold
    # at 128 KiB: every numpy temporary of the scorer is then mapped and unmapped afresh, and
    # scoring runs ~1.5x slower (measured). A fixed 32 MiB threshold keeps them on the heap.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD}), \
            LocalCluster(n_workers=resolve_jobs(workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


# ----------------------------------------------------------------------------- partitions

# One scorer per worker, model and scheme: the scattered model object is shared by its tasks.
_SCORERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _scorer(model, scheme) -> Scorer:
    cache = _SCORERS.setdefault(model, {})
    key = repr(scheme)
    if key not in cache:
        cache[key] = Scorer(model, scheme)
    return cache[key]


def score_partition(df, model, scheme, text_column: str):
    """One partition with the prediction columns added (what ``--engine local`` adds)."""
    scorer = _scorer(model, scheme)
    texts = []
    for t in df[text_column].tolist():
        if t is None or (isinstance(t, float) and t != t) or not str(t).strip():
            raise InputError(f"column '{text_column}' holds an empty quote; fill or drop it")
        texts.append(t if isinstance(t, str) else str(t))
    scored = scorer(texts)
    out = df.copy()
    label, position, p_on, *probs = prediction_columns(scorer.classes)
    out[label] = pd.Series(scored.label, index=df.index, dtype="string")
    out[position] = scored.position  # NaN where there is no position: null in Parquet
    out[p_on] = scored.p_on_axis
    for j, name in enumerate(probs):
        out[name] = scored.probs[:, j]
    return out


def _scored_meta(meta, classes):
    out = meta.copy()
    for name in prediction_columns(classes):
        out[name] = pd.Series([], dtype="string" if name == "pred_label" else "float64")
    return out


def quotes_frame(pairs):
    """The ``quotes.csv`` columns, typed the same in every partition."""
    df = pd.DataFrame(quote_rows(pairs), columns=list(QUOTE_COLUMNS))
    return df.astype({c: ("int64" if c in ("start", "end") else "string") for c in QUOTE_COLUMNS})


def segment_paths_partition(files: Sequence[str], encoding: str = "utf-8"):
    """Segment a group of article files into one quotes partition."""
    pairs = []
    for f in files:
        art = read_article(f, encoding)
        pairs.append((art.doc_id, segment_text(art.text, art.doc_id)))
    return quotes_frame(pairs)


def segment_partition(df):
    """Segment a partition of an articles table (columns ``doc_id``, ``text``)."""
    pairs = [(str(d), segment_text("" if t is None else str(t), str(d)))
             for d, t in zip(df["doc_id"].tolist(), df["text"].tolist())]
    return quotes_frame(pairs)


# ----------------------------------------------------------------------------- the jobs

def score_parquet(client, model, scheme, input_path, output_path, text_column: str = "text",
                  force: bool = False) -> int:
    """Score a table on the cluster into a folder of Parquet parts.

    Parameters
    ----------
    client : distributed.Client
    model : stance.fastmodel.FastModel
    scheme : stance.scheme.LabelScheme
    input_path : path-like or str
        A Parquet file, a folder of parts, a glob or an fsspec URL; or a local CSV or
        JSON-lines file (or glob of them). A table in fewer parts than the cluster has worker
        threads is split so that every worker has a share.
    output_path : path-like or str
        The folder of parts to write, under the rule of :mod:`stance.folders`: new, empty,
        or an earlier output of this command; a local one appears only when complete.
    text_column : str
    force : bool
        Replace an earlier output folder even if other files were put into it.

    Returns
    -------
    int
        Rows scored.
    """
    check_output_folder(output_path, SCORED_FOLDER, [input_path], force)
    ddf = _spread(read_table_dask(input_path), client)
    require_columns(ddf, [text_column], input_path)
    classes = class_order(model, scheme)
    # Sent once to every worker; tasks then refer to it by key. hash=False skips
    # tokenizing (pickling) a large model just to name it.
    shipped = client.scatter(model, broadcast=True, hash=False)
    scored = ddf.map_partitions(score_partition, shipped, scheme, text_column,
                                meta=_scored_meta(ddf._meta, classes), align_dataframes=False)
    return _write_parts(scored, output_path, SCORED_FOLDER, [input_path], force, input_path)


def segment_to_parquet(client, paths: Iterable, output_path, encoding: str = "utf-8",
                       files_per_partition: int = 64, force: bool = False) -> int:
    """Segment articles on the cluster into a folder of quotes Parquet parts.

    Parameters
    ----------
    client : distributed.Client
    paths : iterable of path-like
        Article ``.txt`` files and folders (read by the workers: they must see the same
        file system), or one Parquet table of articles with columns ``doc_id`` and ``text``.
    output_path : path-like
        The folder of parts, under the rule of :mod:`stance.folders`.
    encoding : str
        Of the article files.
    files_per_partition : int
    force : bool
        Replace an earlier output folder even if other files were put into it.

    Returns
    -------
    int
        Quotes written.
    """
    # lazy: the optional dask extra (see require_dask)
    import dask.dataframe as dd

    paths = list(paths)
    check_output_folder(output_path, QUOTES_FOLDER, paths, force)
    meta = quotes_frame([])
    if len(paths) == 1 and _is_parquet(paths[0]):
        ddf = _spread(read_table_dask(paths[0]), client)
        require_columns(ddf, list(ARTICLE_COLUMNS), paths[0])
        quotes = ddf[list(ARTICLE_COLUMNS)].map_partitions(segment_partition, meta=meta)
    else:
        files = [str(Path(f).resolve()) for f in article_files(paths)]
        groups = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
        quotes = dd.from_map(segment_paths_partition, groups, encoding=encoding, meta=meta,
                             enforce_metadata=False)
    return _write_parts(quotes, output_path, QUOTES_FOLDER, paths, force, paths[0] if len(paths) == 1 else "input")


def _is_parquet(path) -> bool:
    s = str(path)
    if "://" in s or any(ch in s for ch in "*?["):
        return True
    p = Path(path)
    if p.suffix.lower() in (".parquet", ".pq"):
        return True
    return p.is_dir() and any(p.glob("*.parquet")) and not any(p.rglob("*.txt"))


def _format_of(path) -> str:
    """parquet, csv or jsonl, from the extension (a folder or an unknown suffix: parquet)."""
    s = str(path).rstrip("/")
    return TABLE_FORMATS.get(Path(s).suffix.lower(), "parquet")


def read_table_dask(path):
    """A Dask DataFrame of a Parquet, CSV or JSON-lines table (file, folder, glob or URL).

    CSV and JSON lines are read by the same reader as ``--engine local``
    (:func:`stance.tables.read_table`: strings, strict), one partition per file, and must be
    local paths the workers can read.
    """
    # lazy: the optional dask extra (see require_dask)
    import dask.dataframe as dd

    s = str(path)
    is_url, is_glob = "://" in s, any(ch in s for ch in "*?[")
    if not is_url and not is_glob and not Path(s).exists():
        raise MissingFileError(f"{path}: no such file or folder; check the path")
    fmt = _format_of(s)
    if fmt != "parquet":
        if is_url:
            raise InputError(f"{path}: --engine dask reads {fmt} from local paths only; copy it here or "
                             f"convert it to Parquet")
        files = sorted(str(Path(f).resolve()) for f in glob.glob(s)) if is_glob else [str(Path(s).resolve())]
        if not files:
            raise MissingFileError(f"{path}: no file matches; check the path")
        first = read_table(files[0])  # read here too: a bad file is refused before any work
        return dd.from_map(read_table, files, meta=first.iloc[:0], enforce_metadata=False)
    try:
        return dd.read_parquet(s)
    except (OSError, ValueError) as exc:
        raise InputError(_parquet_problem(path, exc)) from None


def _parquet_problem(path, exc) -> str:
    detail = " ".join(str(exc).replace("\\n", " ").split())
    if "magic bytes" in detail or "Parquet file size is 0" in detail:
        return (f"{path}: not a Parquet file (no Parquet magic bytes); --engine dask reads Parquet, CSV (.csv) "
                f"and JSON lines (.jsonl): give the file its right extension")
    return f"{path}: cannot be read as partitioned Parquet ({detail}); check the file"


def _spread(ddf, client):
    """Split a table held in fewer partitions than the cluster has worker threads."""
    threads = sum(client.nthreads().values()) or 1
    if ddf.npartitions < threads:
        ddf = ddf.repartition(npartitions=threads)
    return ddf


def _write_parts(ddf, output_path, kind: FolderKind, inputs, force: bool, source) -> int:
    """Write ``ddf`` as Parquet parts into a folder made under the rule of :mod:`stance.folders`."""
    target = str(output_path)
    try:
        if "://" in target:
            ddf.to_parquet(target, write_index=False)  # checked new or empty: nothing to replace
            return ds.dataset(target, format="parquet").count_rows()
        with atomic_folder(target, kind, inputs, force) as tmp:
            ddf.to_parquet(str(tmp), write_index=False)
            return ds.dataset(str(tmp), format="parquet").count_rows()
    except pa.ArrowException as exc:  # a damaged part found while reading it on a worker
        raise InputError(_parquet_problem(source, exc)) from None

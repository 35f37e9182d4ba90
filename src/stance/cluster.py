"""Beyond one machine: scoring and segmentation on a Dask cluster, Parquet in and out.

``stance predict --engine dask`` and ``stance segment --engine dask`` hand the work to Dask
(``pip install 'policy-stance[dask]'``) instead of local processes: a partitioned Parquet
table (a file, a folder of parts, a glob or an fsspec URL) is read partition by partition on
the workers, and the result is written as a folder of Parquet parts, one per partition. The
plain-data model is sent to every worker once (``Client.scatter(..., broadcast=True)``) and
each worker builds its scorer once; partitions then carry only quotes. Without a scheduler
address a :class:`distributed.LocalCluster` is started on 127.0.0.1.

The per-partition functions are the ones of :mod:`stance.batch`, so a cluster computes
exactly what ``--engine local`` computes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .batch import ChunkScorer, class_order, prediction_columns, resolve_jobs
from .errors import InputError
from .tables import require_columns

ARTICLE_COLUMNS = ("doc_id", "text")
INSTALL_HINT = "pip install 'policy-stance[dask]'"
MMAP_THRESHOLD = 32 * 1024 * 1024


def require_dask() -> None:
    """Raise a one-line error naming the extra to install when Dask is missing."""
    try:
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
    import logging

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
    import dask

    # Dask starts workers with MALLOC_TRIM_THRESHOLD_ set, which pins glibc's mmap threshold
    # at 128 KiB: every numpy temporary of the scorer is then mapped and unmapped afresh, and
    # scoring runs ~1.5x slower (measured). A fixed 32 MiB threshold keeps them on the heap.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD}), \
            LocalCluster(n_workers=resolve_jobs(workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


# ----------------------------------------------------------------------------- partitions

def _scorer(model, scheme) -> ChunkScorer:
    # One scorer per worker and model: the scattered model object is shared by its tasks.
    cache = model.__dict__.setdefault("_chunk_scorers", {})
    key = repr(scheme)
    if key not in cache:
        cache[key] = ChunkScorer(model, scheme)
    return cache[key]


def score_partition(df, model, scheme, text_column: str):
    """One partition with the prediction columns added (what ``--engine local`` adds)."""
    import pandas as pd

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
    import pandas as pd

    out = meta.copy()
    for name in prediction_columns(classes):
        out[name] = pd.Series([], dtype="string" if name == "pred_label" else "float64")
    return out


def quotes_frame(pairs):
    """The ``quotes.csv`` columns, typed the same in every partition."""
    import pandas as pd

    from .segment import QUOTE_COLUMNS, quote_rows

    df = pd.DataFrame(quote_rows(pairs), columns=list(QUOTE_COLUMNS))
    return df.astype({c: ("int64" if c in ("start", "end") else "string") for c in QUOTE_COLUMNS})


def segment_paths_partition(files: Sequence[str], encoding: str = "utf-8"):
    """Segment a group of article files into one quotes partition."""
    from .corpus import read_article
    from .segment import segment_text

    pairs = []
    for f in files:
        art = read_article(f, encoding)
        pairs.append((art.doc_id, segment_text(art.text, art.doc_id)))
    return quotes_frame(pairs)


def segment_partition(df):
    """Segment a partition of an articles table (columns ``doc_id``, ``text``)."""
    from .segment import segment_text

    pairs = [(str(d), segment_text("" if t is None else str(t), str(d)))
             for d, t in zip(df["doc_id"].tolist(), df["text"].tolist())]
    return quotes_frame(pairs)


# ----------------------------------------------------------------------------- the jobs

def score_parquet(client, model, scheme, input_path, output_path, text_column: str = "text") -> int:
    """Score a partitioned Parquet table on the cluster into a folder of Parquet parts.

    Parameters
    ----------
    client : distributed.Client
    model : stance.fastmodel.FastModel
    scheme : stance.scheme.LabelScheme
    input_path : path-like or str
        A Parquet file, a folder of parts, a glob or an fsspec URL.
    output_path : path-like or str
        The folder of parts to write; a local one appears only when complete.
    text_column : str

    Returns
    -------
    int
        Rows scored.
    """
    ddf = _read_parquet(input_path)
    require_columns(ddf, [text_column], input_path)
    classes = class_order(model, scheme)
    # Sent once to every worker; tasks then refer to it by key. hash=False skips
    # tokenizing (pickling) a large model just to name it.
    shipped = client.scatter(model, broadcast=True, hash=False)
    scored = ddf.map_partitions(score_partition, shipped, scheme, text_column,
                                meta=_scored_meta(ddf._meta, classes), align_dataframes=False)
    return _write_parts(scored, output_path)


def segment_to_parquet(client, paths: Iterable, output_path, encoding: str = "utf-8",
                       files_per_partition: int = 64) -> int:
    """Segment articles on the cluster into a folder of quotes Parquet parts.

    Parameters
    ----------
    client : distributed.Client
    paths : iterable of path-like
        Article ``.txt`` files and folders (read by the workers: they must see the same
        file system), or one Parquet table of articles with columns ``doc_id`` and ``text``.
    output_path : path-like
    encoding : str
        Of the article files.
    files_per_partition : int

    Returns
    -------
    int
        Quotes written.
    """
    import dask.dataframe as dd

    paths = list(paths)
    meta = quotes_frame([])
    if len(paths) == 1 and _is_parquet(paths[0]):
        ddf = _read_parquet(paths[0])
        require_columns(ddf, list(ARTICLE_COLUMNS), paths[0])
        quotes = ddf[list(ARTICLE_COLUMNS)].map_partitions(segment_partition, meta=meta)
    else:
        from .corpus import article_files

        files = [str(Path(f).resolve()) for f in article_files(paths)]
        groups = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
        quotes = dd.from_map(segment_paths_partition, groups, encoding=encoding, meta=meta,
                             enforce_metadata=False)
    return _write_parts(quotes, output_path)


def _is_parquet(path) -> bool:
    s = str(path)
    if "://" in s or any(ch in s for ch in "*?["):
        return True
    p = Path(path)
    if p.suffix.lower() in (".parquet", ".pq"):
        return True
    return p.is_dir() and any(p.glob("*.parquet")) and not any(p.rglob("*.txt"))


def _read_parquet(path):
    import dask.dataframe as dd

    s = str(path)
    if "://" not in s and not any(ch in s for ch in "*?[") and not Path(s).exists():
        from .errors import MissingFileError

        raise MissingFileError(f"{path}: no such file or folder; check the path")
    try:
        return dd.read_parquet(s)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read as partitioned parquet ({str(exc).strip()})") from None


def _write_parts(ddf, output_path) -> int:
    """Write ``ddf`` as Parquet parts; a local folder is swapped in only when complete."""
    import pyarrow.dataset as ds

    target = str(output_path)
    if "://" in target:
        ddf.to_parquet(target, write_index=False)
        return ds.dataset(target, format="parquet").count_rows()
    dest = Path(target)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        ddf.to_parquet(str(tmp), write_index=False)
        n = ds.dataset(str(tmp), format="parquet").count_rows()
        _swap_in(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return n


def _swap_in(new: Path, dest: Path) -> None:
    if not dest.exists():
        os.replace(new, dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
    os.rmdir(old)
    os.replace(dest, old)
    os.replace(new, dest)
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink()

"""Training data from several sources, and a half of a listed real-news corpus as a dataset.

An experiment may train on several labelled sources at once, each tagged in a ``source``
column of the table:

- a labels folder with articles (``labels/``: quotes.csv with offsets into ``seeds/``), grouped
  by article;
- a folder of free-standing quotes (``labels/invented/``: quotes.csv with a ``text`` column,
  stance.csv), grouped by speaker (quotes of one invented speaker share a writer's framing);
- a half of a listed corpus (``labels/news/`` with its page texts), grouped by page.

Group names are prefixed with the source's tag, so no two sources share a group. A listed
corpus needs its page texts, which are not in the repository: without them
:class:`TextsMissing` (one line, exit 2) says so, and tests and CI skip such experiments.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import pandas as pd

from .corpus import load_articles
from .errors import InputError, MissingFileError
from .labels import Dataset, articles_metadata, load_seed_dataset, load_stance, read_csv_records
from .pagecorpus import load_listing, load_units
from .scheme import STANCE_SCHEME, LabelScheme
from .tables import sha256_file

COLUMNS = ("id", "text", "label", "group", "speaker", "date", "source", "kind", "speaker_type")


class TextsMissing(MissingFileError):
    """The page texts of a listed corpus are not where the experiment says."""


def texts_present(texts: str | os.PathLike) -> bool:
    """True when ``texts`` is a folder holding at least one page text."""
    p = Path(texts)
    return p.is_dir() and any(p.glob("*.txt"))


def _require_texts(listing: Path, texts: Path) -> None:
    if not texts_present(texts):
        raise TextsMissing(f"{texts}: the page texts of {listing} are not here (they are never committed); "
                           f"rebuild them (README, 'The real-news corpus') or skip this experiment")


def load_news_half(listing: str | os.PathLike, texts: str | os.PathLike, half: str | Sequence[str] = "tuning",
                   scheme: LabelScheme = STANCE_SCHEME, tag: str = "news") -> Dataset:
    """The labelled units of one half (or both) of a listed corpus, with their texts.

    Parameters
    ----------
    listing : path-like
        The listed corpus folder (``pages.csv``, ``quotes.csv``, ``stance.csv``).
    texts : path-like
        The folder of page texts.
    half : str or sequence of str
        ``tuning``, ``test``, or both.

    Raises
    ------
    TextsMissing
        The text folder is absent or empty.
    """
    listing, texts = Path(listing), Path(texts)
    _require_texts(listing, texts)
    halves = (half,) if isinstance(half, str) else tuple(half)
    lst = load_listing(listing)
    units = load_units(lst, texts, halves)
    labels = load_stance(listing / "stance.csv", [u.quote_id for u in lst.units], scheme)
    t = units.merge(labels, on="quote_id", how="inner", validate="one_to_one")
    table = pd.DataFrame({
        "id": t["quote_id"], "text": t["text"], "label": t["label"], "group": t["doc_id"],
        "speaker": t["speaker"].fillna(""), "date": t["date"].fillna(""), "source": tag,
        "kind": t["kind"], "speaker_type": t["speaker_type"],
    })
    info = {"kind": "listed-corpus", "path": str(listing), "halves": list(halves),
            "sha256": {n: sha256_file(listing / f"{n}.csv") for n in ("pages", "quotes", "stance")},
            "n_labelled": int(len(table))}
    return Dataset(table.reset_index(drop=True), scheme, info)


def load_free_quotes(folder: str | os.PathLike, scheme: LabelScheme = STANCE_SCHEME, tag: str = "invented") -> Dataset:
    """A folder of free-standing quotes (quotes.csv with text, stance.csv), grouped by speaker."""
    folder = Path(folder)
    cols = ("quote_id", "text", "kind", "speaker", "speaker_type")
    rows = [row for _, row in read_csv_records(folder / "quotes.csv", cols)]
    labels = load_stance(folder / "stance.csv", [r["quote_id"] for r in rows], scheme)
    q = pd.DataFrame(rows)
    t = q.merge(labels, on="quote_id", how="inner", validate="one_to_one")
    table = pd.DataFrame({
        "id": t["quote_id"], "text": t["text"], "label": t["label"],
        "group": [f"speaker:{s}" if s else f"quote:{i}" for s, i in zip(t["speaker"], t["quote_id"])],
        "speaker": t["speaker"], "date": "", "source": tag, "kind": t["kind"], "speaker_type": t["speaker_type"],
    })
    info = {"kind": "free-quotes", "path": str(folder),
            "sha256": {n: sha256_file(folder / f"{n}.csv") for n in ("quotes", "stance")},
            "n_labelled": int(len(table))}
    return Dataset(table.reset_index(drop=True), scheme, info)


def load_source(path: str | os.PathLike, scheme: LabelScheme = STANCE_SCHEME, tag: str | None = None,
                texts: str | os.PathLike | None = None, half: str | Sequence[str] = "tuning") -> Dataset:
    """One training source, its kind recognised from the folder's files."""
    path = Path(path)
    tag = tag or path.name
    if (path / "pages.csv").is_file():
        return load_news_half(path, texts if texts is not None else path / "texts", half, scheme, tag)
    if not (path / "quotes.csv").is_file():
        raise MissingFileError(f"{path}: no quotes.csv here; a training source is a labels folder, a folder of "
                               f"free-standing quotes (labels/invented) or a listed corpus (labels/news)")
    with open(path / "quotes.csv", encoding="utf-8") as fh:
        header = fh.readline()
    if "doc_id" not in header:
        return load_free_quotes(path, scheme, tag)
    seeds = path.parent / "seeds"
    ds = load_seed_dataset(path, load_articles([seeds]), articles_metadata(seeds / "articles.csv"), scheme)
    t = ds.table.assign(source=tag, kind="", speaker_type="")
    return Dataset(t, scheme, ds.source)


def load_training(sources: Sequence[tuple[str, str | os.PathLike]], scheme: LabelScheme = STANCE_SCHEME,
                  texts: dict | None = None, halves: dict | None = None) -> Dataset:
    """Several tagged sources as one dataset; groups are prefixed with the tag.

    Parameters
    ----------
    sources : sequence of (tag, path)
    texts, halves : dict, optional
        Per tag: the page-text folder and half of a listed-corpus source.
    """
    texts, halves = texts or {}, halves or {}
    parts, info = [], {"kind": "sources", "sources": {}}
    for tag, path in sources:
        ds = load_source(path, scheme, tag, texts.get(tag), halves.get(tag, "tuning"))
        t = ds.table.copy()
        t["group"] = [f"{tag}:{g}" for g in t["group"]]
        for c in COLUMNS:
            if c not in t:
                t[c] = ""
        parts.append(t[list(COLUMNS)])
        info["sources"][tag] = {k: v for k, v in ds.source.items() if k != "path"} | {"name": Path(path).name}
    table = pd.concat(parts, ignore_index=True)
    dup = table["id"][table["id"].duplicated()]
    if len(dup):
        raise InputError(f"quote id '{dup.iloc[0]}' occurs in two training sources; ids must be unique across sources")
    info["n_labelled"] = int(len(table))
    return Dataset(table, scheme, info)

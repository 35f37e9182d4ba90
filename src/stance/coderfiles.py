"""Coder files: one coder's labels in ``labels/annotations/<name>.csv``, read, checked and written.

A coder file holds ``quote_id,label,note,annotator,timestamp,codebook_version[,flag]``, one row
per answered quote in answer order. Every load validates it (header, ids, labels, one coder,
timestamps, codebook version); every write replaces the whole file atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .errors import DataFileError, InputError
from .labels import find_codebook, read_csv_records, read_label_rows
from .scheme import STANCE_SCHEME, LabelScheme
from .tables import write_csv_rows

REQUIRED_ANNOTATION_COLUMNS = ("quote_id", "label", "note", "annotator", "timestamp", "codebook_version")
# ``flag`` marks a quote the coder could not label because the unit itself is wrong; files
# written before it existed have no such column and are read as unflagged.
ANNOTATION_COLUMNS = (*REQUIRED_ANNOTATION_COLUMNS, "flag")
FLAGS = {"notquote": "not a real quote", "wrongspeaker": "wrong speaker"}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

def check_annotator(name: str) -> str:
    """Return ``name`` if it is a safe coder name (it becomes a file name), else raise."""
    if not _NAME_RE.match(name or ""):
        raise InputError(f"annotator name {name!r} is not usable as a file name; use letters, digits, "
                         f"'.', '_' or '-' (up to 64), e.g. --annotator alice")
    return name


def annotation_path(labels_dir: str | os.PathLike, annotator: str) -> Path:
    """Where a coder's file lives: ``<labels_dir>/annotations/<annotator>.csv``."""
    return Path(labels_dir) / "annotations" / f"{check_annotator(annotator)}.csv"


@dataclass
class CoderFile:
    """One coder's validated labels.

    ``rows`` are the file's records in file order (which is answer order for files written
    by :class:`LabelSession`); ``annotator`` is None for an empty file.
    """

    path: Path
    annotator: str | None
    rows: list[dict]

    @property
    def labels(self) -> dict[str, str]:
        """Stance labels by quote id; flagged quotes (not a quote, wrong speaker) have none."""
        return {r["quote_id"]: r["label"] for r in self.rows if not r["flag"]}

    @property
    def flags(self) -> dict[str, str]:
        """Flags by quote id (``notquote``, ``wrongspeaker``), for the quotes the coder flagged."""
        return {r["quote_id"]: r["flag"] for r in self.rows if r["flag"]}

    @property
    def notes(self) -> dict[str, str]:
        return {r["quote_id"]: r["note"] for r in self.rows}


def load_annotations(path: str | os.PathLike, quote_ids=None, codebook_version: str | None = None,
                     scheme: LabelScheme = STANCE_SCHEME, quotes_name: str = "the quotes file") -> CoderFile:
    """Load and validate a coder file (``quote_id,label,note,annotator,timestamp,codebook_version[,flag]``).

    A row either carries a stance label, or an empty label and a ``flag``: ``notquote`` (the
    unit is not a real quote) or ``wrongspeaker`` (it is attributed to the wrong person). A
    flag is a finding about the segmentation, not a stance, so flagged rows count as answered
    but never enter agreement or adjudication (:attr:`CoderFile.labels` leaves them out).

    Parameters
    ----------
    path : path-like
        The coder file.
    quote_ids : collection of str, optional
        Known quote ids; a row for any other id is an error.
    codebook_version : str, optional
        The current codebook's version; a row coded under another version is an error.
    scheme : LabelScheme
        Allowed labels.
    quotes_name : str
        How to name the quotes file in messages.

    Returns
    -------
    CoderFile

    Raises
    ------
    DataFileError
        With file and line: missing column, empty or unknown or duplicate quote_id, a label
        outside the scheme, a second annotator name, a bad timestamp, another codebook version.
    """

    def flagged(line: int, row: dict) -> bool:
        flag = (row.get("flag") or "").strip()
        if flag and flag not in FLAGS:
            raise DataFileError(path, line, f"flag '{flag}' is not one of {', '.join(FLAGS)} (or empty)")
        if flag and row["label"].strip():
            raise DataFileError(path, line, f"a row flagged '{flag}' carries no label, found '{row['label']}'; "
                                            f"empty the label or the flag")
        return bool(flag)

    rows, annotator = [], None
    for checked in read_label_rows(
            path, scheme, columns=REQUIRED_ANNOTATION_COLUMNS, known_ids=quote_ids,
            unknown_id=lambda qid: (f"unknown quote_id '{qid}': it is not in {quotes_name}; "
                                    f"label against the quotes file the coder used (--quotes)"),
            empty_id="quote_id is empty; give every row a quote_id", duplicate_fix="; keep one row per quote",
            unlabelled=flagged):
        line, row, qid, label = checked.line, checked.row, checked.quote_id, checked.label
        flag = (row.get("flag") or "").strip()
        name = row["annotator"].strip()
        if not name:
            raise DataFileError(path, line, "annotator is empty; every row names its coder")
        if annotator is None:
            annotator = (name, line)
        elif name != annotator[0]:
            raise DataFileError(path, line, f"annotator '{name}' differs from '{annotator[0]}' (line {annotator[1]}); "
                                            f"a coder file holds one coder's labels")
        try:
            dt.datetime.fromisoformat(row["timestamp"].strip())
        except ValueError:
            raise DataFileError(path, line, f"timestamp '{row['timestamp']}' is not an ISO 8601 date-time, "
                                            f"e.g. 2026-11-21T10:00:00+00:00") from None
        version = row["codebook_version"].strip()
        if codebook_version is not None and version != codebook_version:
            raise DataFileError(
                path, line, f"coded under codebook version '{version}', but the current codebook is version "
                f"'{codebook_version}'; labels from different codebooks are not comparable: re-code under "
                f"{codebook_version} into a new coder file, or compare against the codebook of version {version} "
                f"(stance agree --codebook FILE)")
        rows.append({"quote_id": qid, "label": label, "note": row["note"], "annotator": name,
                     "timestamp": row["timestamp"].strip(), "codebook_version": version, "flag": flag})
    return CoderFile(Path(path), annotator[0] if annotator else None, rows)


def write_annotations(path: str | os.PathLike, rows: Iterable[Mapping[str, str]]) -> None:
    """Write a coder file (all rows, in order) durably and atomically.

    The ``flag`` column is written only when a row is flagged, so a file without flags keeps
    the six columns it has always had (and the bytes of its earlier rows).
    """
    rows = list(rows)
    columns = ANNOTATION_COLUMNS if any(r.get("flag") for r in rows) else REQUIRED_ANNOTATION_COLUMNS
    write_csv_rows(path, columns, ([r.get(c, "") for c in columns] for r in rows))


def coder_files_codebook(paths: Sequence[str | os.PathLike], labels_dir: str | os.PathLike) -> Path:
    """The codebook the coder files were coded under, found by the version their rows name.

    Every row of every file must name the same version (labels from different codebooks are
    not comparable); that version's codebook is ``<labels_dir>/codebook.md`` or an archived
    edition (see :func:`stance.labels.find_codebook`).
    """
    versions: dict[str, tuple[str, int]] = {}
    for p in paths:
        for line, row in read_csv_records(p, REQUIRED_ANNOTATION_COLUMNS):
            versions.setdefault(row["codebook_version"].strip(), (str(p), line))
    if len(versions) > 1:
        where = ", ".join(f"{v!r} ({p} line {line})" for v, (p, line) in sorted(versions.items()))
        raise InputError(f"the coder files were coded under different codebook versions: {where}; labels from "
                         f"different codebooks are not comparable: compare files of one version at a time")
    if not versions:
        return Path(labels_dir) / "codebook.md"  # empty files: load_coder_files names the problem
    return find_codebook(labels_dir, next(iter(versions)))


def load_coder_files(paths: Sequence[str | os.PathLike], quote_ids, codebook_version: str,
                     quotes_name: str = "the quotes file", scheme: LabelScheme = STANCE_SCHEME) -> list[CoderFile]:
    """Load and validate several coder files; each must name a different, non-empty coder."""
    files, names = [], {}
    for p in paths:
        f = load_annotations(p, quote_ids, codebook_version, scheme, quotes_name)
        if f.annotator is None:
            raise DataFileError(p, None, "holds no labels yet; label some quotes first (stance label)")
        if f.annotator in names:
            raise InputError(f"{p} and {names[f.annotator]} both hold the labels of '{f.annotator}'; "
                             f"give one file per coder")
        names[f.annotator] = p
        files.append(f)
    return files

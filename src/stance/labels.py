"""Gold data: the attributed quotes (``labels/quotes.csv``) and their stance labels
(``labels/stance.csv``), validated on every load.

A problem is reported with the file, the line and the reason, e.g.
``labels/stance.csv line 14: label '3' is not one of -2, -1, 0, 1, 2, none``. Line numbers
are physical lines of the file, so a record spanning several lines is reported at the line
where it starts.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .corpus import Article
from .errors import DataFileError, InputError, MissingFileError
from .scheme import STANCE_SCHEME, LabelScheme, infer_scheme, normalise_label
from .tables import read_table, sha256_file


# The columns every quotes table has (labels/quotes.csv; what load_quotes reads and returns): the
# segmenter's output columns (stance.segment.QUOTE_COLUMNS) but speaker_type, which it may leave out.
GOLD_QUOTE_COLUMNS = ("quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text")
STANCE_COLUMNS = ("quote_id", "label", "note")
KINDS = ("direct", "indirect")
# Who speaks (codebook section 2): a named person, a named body, a collective, one unnamed source.
SPEAKER_TYPES = ("person", "organisation", "group", "unnamed")
_VERSION_RE = re.compile(r"version\s*:?\s*([0-9][\w.\-]*)", re.IGNORECASE)


def read_csv_records(path: str | os.PathLike, columns: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, row)`` for each record of a UTF-8 CSV whose header has ``columns``.

    Rows hold every column of the header, not only the required ones.

    Raises
    ------
    DataFileError
        If the header lacks a column, or a row has too many or too few fields.
    """
    p = Path(path)
    if not p.is_file():
        raise MissingFileError(f"{p}: no such file; check the path or pass the right --labels folder")
    line = 1
    try:
        fh = open(p, encoding="utf-8", newline="")
        with fh:
            # strict: a quote left open would otherwise swallow every later row into one field.
            reader = csv.reader(fh, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise DataFileError(p, 1, f"file is empty; expected the header {','.join(columns)}") from None
            header = [h.strip().lstrip("\ufeff") for h in header]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError(
                    p, 1, f"header lacks column(s) {', '.join(missing)}; found {', '.join(header)}"
                )
            line = reader.line_num + 1
            for fields in reader:
                if fields:
                    if len(fields) != len(header):
                        raise DataFileError(
                            p, line, f"expected {len(header)} fields, found {len(fields)}; "
                            f"quote fields that contain commas"
                        )
                    yield line, dict(zip(header, fields))
                line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise DataFileError(p, None, f"byte {exc.start} is not valid UTF-8; save the file as UTF-8") from None
    except csv.Error as exc:
        raise DataFileError(p, line, f"not a valid CSV record ({exc}); check the quote marks of the "
                                     f"record that starts here") from None


def load_quotes(path: str | os.PathLike, articles: Mapping[str, Article] | None = None):
    """Load and validate a quotes table (the ``labels/quotes.csv`` schema).

    Parameters
    ----------
    path : path-like
        The quotes CSV.
    articles : mapping doc_id -> Article, optional
        When given, every row's ``doc_id`` must name an article and
        ``article.text[start:end] == text`` must hold.

    Returns
    -------
    pandas.DataFrame
        One row per quote, ``start``/``end`` as integers.
    """
    # lazy: pandas is heavy; modules that import stance.labels only for its checks and constants skip it
    import pandas as pd

    rows, seen = [], {}
    for line, row in read_csv_records(path, GOLD_QUOTE_COLUMNS):
        qid = row["quote_id"].strip()
        if not qid:
            raise DataFileError(path, line, "quote_id is empty; give every quote an id")
        if qid in seen:
            raise DataFileError(path, line, f"duplicate quote_id '{qid}' (first at line {seen[qid]})")
        seen[qid] = line
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise DataFileError(
                path, line, f"start/end must be whole numbers, found '{row['start']}'/'{row['end']}'"
            ) from None
        if not 0 <= start < end:
            raise DataFileError(path, line, f"offsets {start}-{end} are not a span (need 0 <= start < end)")
        if row["kind"] not in KINDS:
            raise DataFileError(path, line, f"kind '{row['kind']}' is not one of {', '.join(KINDS)}")
        if articles is not None:
            art = articles.get(row["doc_id"])
            if art is None:
                raise DataFileError(path, line, f"doc_id '{row['doc_id']}' names no article in the corpus")
            if art.text[start:end] != row["text"]:
                raise DataFileError(
                    path, line,
                    f"offsets {start}-{end} give {art.text[start:end][:40]!r}, not the text "
                    f"{row['text'][:40]!r}; fix start/end",
                )
        rows.append({**row, "quote_id": qid, "start": start, "end": end})
    return pd.DataFrame(rows, columns=list(GOLD_QUOTE_COLUMNS))


@dataclass(frozen=True)
class LabelRow:
    """One checked record of a label table (``quote_id,label,note``, maybe more columns)."""

    line: int  # physical line where the record starts
    quote_id: str  # stripped
    label: str  # canonical label of the scheme; "" for a row the caller marks unlabelled
    row: dict  # every column of the record, as read


def _not_in_quotes(qid: str) -> str:
    return f"unknown quote_id '{qid}': it is not in the quotes file"


def read_label_rows(path: str | os.PathLike, scheme: LabelScheme = STANCE_SCHEME, *,
                    columns: tuple[str, ...] = STANCE_COLUMNS, known_ids=None,
                    unknown_id: Callable[[str], str] = _not_in_quotes, empty_id: str | None = None,
                    duplicate_fix: str = "", unlabelled: Callable[[int, dict], bool] | None = None
                    ) -> Iterator[LabelRow]:
    """Yield the checked records of a label table: the one validator of gold, decision and coder files.

    Each record is checked in this order: an empty ``quote_id`` (if ``empty_id`` is given), a
    duplicate ``quote_id``, an id outside ``known_ids``, the caller's ``unlabelled`` check, the
    label against ``scheme``.

    Parameters
    ----------
    path : path-like
        The CSV file.
    scheme : LabelScheme
        Allowed label values.
    columns : tuple of str
        Columns the header must hold (at least ``quote_id`` and ``label``).
    known_ids : collection of str, optional
        The ids a row may name; None accepts any.
    unknown_id : callable
        The message for an id outside ``known_ids``, given the id.
    empty_id : str, optional
        The message for an empty ``quote_id``; None lets an empty id through.
    duplicate_fix : str
        Appended to the duplicate-id message (e.g. ``"; keep one row per quote"``).
    unlabelled : callable, optional
        ``(line, row) -> bool``: True when the row rightly carries no label (its label is then
        ""); it may raise its own :class:`DataFileError`.

    Yields
    ------
    LabelRow

    Raises
    ------
    DataFileError
        With file and line, for the first record that fails a check.
    """
    known = set(known_ids) if known_ids is not None else None
    seen: dict[str, int] = {}
    for line, row in read_csv_records(path, columns):
        qid = row["quote_id"].strip()
        if empty_id is not None and not qid:
            raise DataFileError(path, line, empty_id)
        if qid in seen:
            raise DataFileError(path, line, f"duplicate quote_id '{qid}' (first at line {seen[qid]}){duplicate_fix}")
        seen[qid] = line
        if known is not None and qid not in known:
            raise DataFileError(path, line, unknown_id(qid))
        if unlabelled is not None and unlabelled(line, row):
            yield LabelRow(line, qid, "", row)
            continue
        try:
            label = scheme.parse(row["label"])
        except InputError as exc:
            raise DataFileError(path, line, str(exc)) from None
        yield LabelRow(line, qid, label, row)


def load_stance(path: str | os.PathLike, quote_ids=None, scheme: LabelScheme = STANCE_SCHEME):
    """Load and validate a stance label table (``quote_id,label,note``).

    Parameters
    ----------
    path : path-like
        The labels CSV.
    quote_ids : collection of str, optional
        Known quote ids; a label for any other id is an error.
    scheme : LabelScheme
        Allowed label values.

    Returns
    -------
    pandas.DataFrame
        Columns quote_id, label (canonical strings), note.
    """
    # lazy: pandas is heavy; modules that import stance.labels only for its checks and constants skip it
    import pandas as pd

    rows = [{"quote_id": r.quote_id, "label": r.label, "note": r.row["note"]}
            for r in read_label_rows(path, scheme, known_ids=quote_ids)]
    return pd.DataFrame(rows, columns=list(STANCE_COLUMNS))


def codebook_version(path: str | os.PathLike) -> str:
    """The version named on the first line of a codebook (``Codebook version: 1.0 ...``)."""
    p = Path(path)
    try:
        first = p.read_text(encoding="utf-8").splitlines()[0]
    except FileNotFoundError:
        raise MissingFileError(f"{p}: no codebook found; pass --labels with the folder holding codebook.md") from None
    except IndexError:
        raise DataFileError(p, 1, "codebook is empty; its first line must read 'Codebook version: X.Y'") from None
    m = _VERSION_RE.search(first)
    if not m:
        raise DataFileError(p, 1, f"first line {first!r} names no version; write 'Codebook version: X.Y'")
    return m.group(1)


CODEBOOK_ARCHIVE = "codebook-archive"


def find_codebook(labels_dir: str | os.PathLike, version: str) -> Path:
    """The codebook of a given version: ``codebook.md`` if it is that version, else an archived one.

    Earlier editions live in ``<labels_dir>/codebook-archive/``; of several files of that
    version, ``codebook-<version>.md`` (the full edition) is preferred, then the first by name.

    Raises
    ------
    MissingFileError
        If no codebook of that version is there; the message names the fix (``--codebook FILE``).
    """
    current = GoldPaths.in_folder(labels_dir).codebook
    if codebook_version(current) == version:
        return current
    archive = current.parent / CODEBOOK_ARCHIVE
    found = []
    for p in sorted(archive.glob("*.md")) if archive.is_dir() else []:
        try:
            if codebook_version(p) == version:
                found.append(p)
        except (DataFileError, UnicodeDecodeError, OSError):
            continue  # not a codebook (a README, say): not a candidate
    if not found:
        raise MissingFileError(f"no codebook of version {version}: {current} is version {codebook_version(current)} "
                               f"and {archive} holds none of version {version}; archive that edition there or pass "
                               f"--codebook FILE")
    preferred = [p for p in found if p.name == f"codebook-{version}.md"]
    return (preferred or found)[0]


@dataclass(frozen=True)
class GoldPaths:
    """Where the gold files of a labels folder live."""

    quotes: Path
    stance: Path
    codebook: Path

    @classmethod
    def in_folder(cls, folder: str | os.PathLike) -> "GoldPaths":
        """The gold files of ``folder``; a corpus folder with no codebook of its own, such as
        ``labels/news`` or ``labels/invented``, is coded under its parent folder's codebook."""
        f = Path(folder)
        codebook = f / "codebook.md"
        if not codebook.exists() and (f.parent / "codebook.md").exists():
            codebook = f.parent / "codebook.md"
        return cls(f / "quotes.csv", f / "stance.csv", codebook)


def load_gold(labels_dir: str | os.PathLike, articles: Mapping[str, Article] | None = None,
              scheme: LabelScheme = STANCE_SCHEME):
    """Join quotes and labels of a labels folder into one training table.

    Returns
    -------
    table : pandas.DataFrame
        The labelled quotes: quote_id, doc_id, speaker, speaker_role, kind, text, label, note.
        Quotes without a label are left out (labelling may be in progress).
    info : dict
        Provenance: codebook version and sha256 of the three files.
    """
    gp = GoldPaths.in_folder(labels_dir)
    quotes = load_quotes(gp.quotes, articles)
    labels = load_stance(gp.stance, quotes["quote_id"], scheme)
    table = quotes.merge(labels, on="quote_id", how="inner", validate="one_to_one")
    if table.empty:
        raise InputError(f"{gp.stance}: no quote is labelled yet; label some quotes first")
    info = {
        "codebook_version": codebook_version(gp.codebook),
        "sha256": {name: sha256_file(p) for name, p in
                   (("quotes", gp.quotes), ("stance", gp.stance), ("codebook", gp.codebook))},
        "n_quotes": int(len(quotes)),
        "n_labelled": int(len(table)),
    }
    return table, info


# ------------------------------------------------------------------- training datasets

@dataclass
class Dataset:
    """Labelled quotes ready for training or evaluation.

    ``table`` has the columns id, text, label, group, speaker and date (speaker and date may
    be empty strings); ``scheme`` is the label scheme; ``source`` is provenance (file names,
    sha256, codebook version) copied into models and reports.
    """

    table: object
    scheme: LabelScheme
    source: dict


def articles_metadata(path: str | os.PathLike) -> dict[str, dict]:
    """Read ``seeds/articles.csv``-style metadata (doc_id, headline, date, ...) if present."""
    p = Path(path)
    if not p.is_file():
        return {}
    return {row["doc_id"]: row for _, row in read_csv_records(p, ("doc_id",))}


def load_seed_dataset(labels_dir: str | os.PathLike, articles: Mapping[str, Article] | None = None,
                      metadata: Mapping[str, dict] | None = None, scheme: LabelScheme = STANCE_SCHEME) -> Dataset:
    """The gold quotes of a labels folder as a :class:`Dataset` grouped by article.

    ``scheme`` gives the allowed labels (default the drug-policy axis); it travels with the
    dataset into models and reports.
    """
    # lazy: pandas is heavy; modules that import stance.labels only for its checks and constants skip it
    import pandas as pd

    table, info = load_gold(labels_dir, articles, scheme)
    meta = metadata or {}
    out = pd.DataFrame({
        "id": table["quote_id"],
        "text": table["text"],
        "label": table["label"],
        "group": table["doc_id"],
        "speaker": table["speaker"],
        "date": [meta.get(d, {}).get("date", "") for d in table["doc_id"]],
    })
    info = {"kind": "labels-folder", "path": str(labels_dir), **info}
    return Dataset(out.reset_index(drop=True), scheme, info)


def _is_blank(value) -> bool:
    """True for None, NaN/NA and whitespace-only strings (JSON null and Parquet NA included)."""
    # lazy: pandas is heavy; modules that import stance.labels only for its checks and constants skip it
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return True
    return not str(value).strip()


def load_table_dataset(path: str | os.PathLike, text_column: str = "text", label_column: str = "label",
                       group_column: str | None = None, speaker_column: str | None = None,
                       id_column: str | None = None, scheme: LabelScheme | None = None,
                       date_column: str | None = None, keep_columns: tuple[str, ...] = ()) -> Dataset:
    """Any labelled table (CSV, JSON lines, Parquet) as a :class:`Dataset`.

    Parameters
    ----------
    path : path-like
    text_column, label_column : str
        Required columns.
    group_column : str, optional
        Cross-validation groups (e.g. article id); without it every row is its own group.
    speaker_column, id_column, date_column : str, optional
        Used in per-speaker results, predictions and positions over time; columns named
        ``speaker``, ``id`` and ``date`` are picked up when present.
    scheme : LabelScheme, optional
        Default: the drug-policy scheme when every label fits it, else the labels seen.
    keep_columns : tuple of str
        Further columns copied as they are (e.g. ``target`` for per-target evaluation).
    """
    # lazy: pandas is heavy; modules that import stance.labels only for its checks and constants skip it
    import pandas as pd

    wanted = [text_column, label_column] + [c for c in (group_column, speaker_column, id_column, date_column,
                                                          *keep_columns) if c]
    df = read_table(path, wanted)
    labels = [normalise_label(v) for v in df[label_column]]
    keep = [bool(lab) for lab in labels]
    df = df[keep].reset_index(drop=True)
    labels = [lab for lab in labels if lab]
    if not len(df):
        raise InputError(f"{path}: column '{label_column}' holds no labels; label some rows first")
    scheme = scheme or infer_scheme(labels, name=f"labels of {Path(path).name}")
    for i, lab in enumerate(labels):
        if lab not in scheme.values:
            raise InputError(f"{path} row {i + 1}: label '{lab}' is not one of {', '.join(scheme.values)}")
    for name in (text_column, group_column):
        if name:
            blank = [i + 1 for i, v in enumerate(df[name]) if _is_blank(v)]
            if blank:
                raise InputError(f"{path} row {blank[0]}: column '{name}' is empty; drop or fill the row")
    texts = df[text_column].astype(str)

    def column(name: str | None, default: str):
        """The named column, else a column called ``default`` if present, else blanks."""
        use = name or (default if default in df.columns else None)
        return df[use].astype(str).tolist() if use else [""] * len(df)

    rows = [f"row{i + 1}" for i in range(len(df))]
    out = pd.DataFrame({
        "id": column(id_column, "id") if (id_column or "id" in df.columns) else rows,
        "text": texts.tolist(),
        "label": labels,
        "group": df[group_column].astype(str).tolist() if group_column else rows,
        "speaker": column(speaker_column, "speaker"),
        "date": column(date_column, "date"),
    })
    for c in keep_columns:
        out[c] = df[c].astype(str).tolist()
    info = {"kind": "table", "path": str(path), "sha256": {"data": sha256_file(path)},
            "columns": {"text": text_column, "label": label_column, "group": group_column,
                        "speaker": speaker_column}, "n_labelled": int(len(out))}
    return Dataset(out, scheme, info)

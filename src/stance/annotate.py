"""Human coding: the ``stance label`` session, coder files, and adjudication into the gold file.

A labelling session shows one unlabelled quote at a time and saves every answer at once to
the coder's own file (``labels/annotations/<name>.csv``), by writing a complete new file
beside it and moving it into place (``os.replace``), so a killed terminal loses at most the
quote on screen and a re-run resumes where the coder stopped. A lock file
(``<coder file>.lock``, holding the PID) keeps two sessions off one coder file; the kernel
releases its ``flock`` when a session dies, so a stale lock left by a dead process is taken
over.

The module is in layers, so the logic is testable without a terminal:

* pure logic: :func:`load_annotations` (validation), :func:`sample_ids`,
  :func:`order_by_margin`, :func:`quote_context`, :class:`LabelSession` (queue, answer,
  skip, undo, note), :func:`parse_command`, :func:`render_label_screen`;
* terminal I/O: :class:`Terminal` reads single keys in cbreak mode when standard input is a
  terminal, and whole lines otherwise (pipes, tests);
* entry points for the command line: :func:`label_quotes` and :func:`adjudicate`.

The model's guess is never shown to the coder (it would anchor the label); with
``--order uncertain`` it only decides which quote comes first.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from .errors import DataFileError, InputError, MissingFileError, StanceError
from .scheme import NONE_LABEL, STANCE_SCHEME, LabelScheme
from .tables import atomic_path, write_rows

REQUIRED_ANNOTATION_COLUMNS = ("quote_id", "label", "note", "annotator", "timestamp", "codebook_version")
# ``flag`` marks a quote the coder could not label because the unit itself is wrong; files
# written before it existed have no such column and are read as unflagged.
ANNOTATION_COLUMNS = (*REQUIRED_ANNOTATION_COLUMNS, "flag")
FLAGS = {"notquote": "not a real quote", "wrongspeaker": "wrong speaker"}
FLAG_KEYS = {"x": "notquote", "w": "wrongspeaker"}
DECISION_COLUMNS = ("quote_id", "label", "note")
ORDERS = ("document", "uncertain")
ADJUDICATED = "adjudicated"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# Short names of the codebook's values (labels/codebook.md, section 3), shown beside the keys.
VALUE_HINTS = {
    "-2": "action against users",
    "-1": "enforcement-leaning, not aimed at users",
    "0": "explicitly both",
    "1": "help, prevention, root causes",
    "2": "keep users out of criminal justice",
    NONE_LABEL: "no stance on this axis",
}
COMMAND_KEYS = {"s": "skip", "u": "undo", "n": "note", "q": "quit"}
FLAG_MENU = "  " + "   ".join(f"{k} {FLAGS[v]}" for k, v in FLAG_KEYS.items())
COMMAND_WORDS = {"skip": "skip", "undo": "undo", "note": "note", "quit": "quit", "\x04": "quit"}


class LockedError(StanceError, OSError):
    """Another live session holds the lock of a coder or gold file."""


# ------------------------------------------------------------------------------ coder files

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
    from .labels import read_csv_records

    known = set(quote_ids) if quote_ids is not None else None
    rows, seen, annotator = [], {}, None
    for line, row in read_csv_records(path, REQUIRED_ANNOTATION_COLUMNS):
        qid = row["quote_id"].strip()
        if not qid:
            raise DataFileError(path, line, "quote_id is empty; give every row a quote_id")
        if qid in seen:
            raise DataFileError(path, line, f"duplicate quote_id '{qid}' (first at line {seen[qid][0]}); "
                                            f"keep one row per quote")
        if known is not None and qid not in known:
            raise DataFileError(path, line, f"unknown quote_id '{qid}': it is not in {quotes_name}; "
                                            f"label against the quotes file the coder used (--quotes)")
        flag = (row.get("flag") or "").strip()
        if flag and flag not in FLAGS:
            raise DataFileError(path, line, f"flag '{flag}' is not one of {', '.join(FLAGS)} (or empty)")
        if flag and row["label"].strip():
            raise DataFileError(path, line, f"a row flagged '{flag}' carries no label, found '{row['label']}'; "
                                            f"empty the label or the flag")
        try:
            label = "" if flag else scheme.parse(row["label"])
        except InputError as exc:
            raise DataFileError(path, line, str(exc)) from None
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
        seen[qid] = (line, label)
        rows.append({"quote_id": qid, "label": label, "note": row["note"], "annotator": name,
                     "timestamp": row["timestamp"].strip(), "codebook_version": version, "flag": flag})
    return CoderFile(Path(path), annotator[0] if annotator else None, rows)


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


def write_annotations(path: str | os.PathLike, rows: Iterable[Mapping[str, str]]) -> None:
    """Write a coder file (all rows, in order) durably and atomically.

    The ``flag`` column is written only when a row is flagged, so a file without flags keeps
    the six columns it has always had (and the bytes of its earlier rows).
    """
    rows = list(rows)
    columns = ANNOTATION_COLUMNS if any(r.get("flag") for r in rows) else REQUIRED_ANNOTATION_COLUMNS
    write_csv_rows(path, columns, ([r.get(c, "") for c in columns] for r in rows))


# ------------------------------------------------------------------------------------ lock

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _read_pid(text: str) -> int | None:
    try:
        return int(text.split()[0])
    except (IndexError, ValueError):
        return None


class FileLock:
    """An exclusive lock on ``<path>.lock``, which holds the owner's PID.

    With ``fcntl`` (Linux, macOS) the lock is an ``flock`` on that file: the kernel drops it
    when the owner dies, so a lock file left by a dead process is simply taken over. Without
    ``fcntl`` the file is created exclusively, and a file naming a PID that is no longer
    running is taken over.

    Attributes
    ----------
    taken_over : int or None
        PID of the dead session whose stale lock was taken over, if any.
    """

    def __init__(self, path: str | os.PathLike, use_flock: bool | None = None):
        self.target = Path(path)
        real = self.target.resolve()  # one lock per file, whatever symlink leads to it
        self.path = real.with_name(real.name + ".lock")
        try:
            import fcntl  # noqa: F401
            has_fcntl = True
        except ImportError:  # pragma: no cover - Windows
            has_fcntl = False
        self.use_flock = has_fcntl if use_flock is None else use_flock
        self.fd: int | None = None
        self.taken_over: int | None = None

    def _refuse(self, pid: int | None) -> LockedError:
        who = f"PID {pid}" if pid else "another process"
        return LockedError(f"{self.target} is open in another session ({who}, lock file {self.path}); "
                           f"finish that session first (press q there). If no session is running, "
                           f"delete {self.path}")

    def acquire(self) -> "FileLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self._acquire_flock() if self.use_flock else self._acquire_exclusive()

    def _acquire_flock(self) -> "FileLock":
        import fcntl

        while True:
            try:  # O_NOFOLLOW: a planted symlink must not make us write a PID into its target
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                raise LockedError(f"{self.path}: the lock file cannot be opened ({exc.strerror}); if it is a "
                                  f"symbolic link, someone planted it: delete it and start again") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pid = _read_pid(os.pread(fd, 64, 0).decode("ascii", "replace"))
                os.close(fd)
                raise self._refuse(pid) from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the previous owner removed the file between our open and flock
                os.close(fd)
                continue
            old = _read_pid(os.pread(fd, 64, 0).decode("ascii", "replace"))
            self.taken_over = old if old and old != os.getpid() else None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            self.fd = fd
            return self

    def _acquire_exclusive(self) -> "FileLock":
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                try:
                    pid = _read_pid(self.path.read_text(encoding="ascii", errors="replace"))
                except FileNotFoundError:
                    continue
                if pid is not None and _pid_alive(pid):
                    raise self._refuse(pid) from None
                self.taken_over = pid
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self.fd = fd
            return self
        raise self._refuse(None)

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "FileLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


# --------------------------------------------------------------------------- quotes on screen

@dataclass(frozen=True)
class QuoteItem:
    """A quote with what the coder sees around it."""

    quote_id: str
    doc_id: str
    kind: str
    speaker: str
    speaker_role: str
    text: str
    headline: str = ""
    before: str = ""
    lead: str = ""
    tail: str = ""
    after: str = ""


_BOUNDARY = re.compile(r"(?<=[.!?…])([\"”’')\]]*)[ \t]+|[ \t]*(?:\r?\n|\r)\s*")


def quote_context(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """The sentence before a quote, the rest of its own sentence, and the sentence after.

    Sentences end at ``.``, ``!``, ``?`` or ``…`` (with any closing quotation marks) followed
    by a space, and at every line break (news paragraphs). Boundaries inside the quote are
    ignored, so a quote of several sentences is shown whole.

    Returns
    -------
    before, lead, tail, after : str
        ``lead``/``tail`` are the parts of the quote's sentence(s) before and after the quote.
    """
    found = list(_BOUNDARY.finditer(text))
    cuts = sorted({m.end() for m in found} | {0, len(text)})
    ends = {m.end(): m.start() + len(m.group(1) or "") for m in found}  # a sentence keeps its closing marks
    s0 = max(c for c in cuts if c <= start)
    s1 = min(c for c in cuts if c >= end)
    lead = text[s0:start]
    tail = text[end:ends.get(s1, s1)]
    prev = [c for c in cuts if c < s0]
    before = text[prev[-1]:ends.get(s0, s0)] if prev else ""
    nxt = [c for c in cuts if c > s1]
    after = text[s1:ends.get(nxt[0], nxt[0])] if nxt else ""
    return before.strip(), lead.lstrip(), tail.rstrip(), after.strip()


def first_line(text: str, width: int = 100) -> str:
    """The article's first non-blank line (news files open with the headline), cut to ``width``."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def build_items(quotes, articles: Mapping[str, object] | None = None,
                headlines: Mapping[str, str] | None = None, quotes_name: str = "quotes") -> list[QuoteItem]:
    """Quote items in the quotes table's order, with context from the articles where known.

    An article with no headline in ``articles.csv`` shows its first line instead; with no
    article text either, the quote shows no headline.

    Raises
    ------
    InputError
        If an article is found but the quote's offsets do not point at the quote's text
        (the quotes were cut from other files than the ones given).
    """
    items = []
    articles = articles or {}
    headlines = headlines or {}
    for r in quotes.to_dict(orient="records"):
        before = lead = tail = after = ""
        art = articles.get(r["doc_id"])
        if art is not None:
            got = art.text[r["start"]:r["end"]]
            if got != r["text"]:
                raise InputError(f"{quotes_name}: quote {r['quote_id']}: offsets {r['start']}-{r['end']} of "
                                 f"{art.path} give {got[:30]!r}, not the quote's text; pass the articles the "
                                 f"quotes were cut from with --articles")
            before, lead, tail, after = quote_context(art.text, r["start"], r["end"])
        headline = headlines.get(r["doc_id"], "") or (first_line(art.text) if art is not None else "")
        items.append(QuoteItem(r["quote_id"], r["doc_id"], r["kind"], r["speaker"], r["speaker_role"], r["text"],
                               headline, before, lead, tail, after))
    return items


# -------------------------------------------------------------------------- sample and order

def sample_ids(ids: Sequence[str], n: int, seed: int) -> list[str]:
    """A reproducible sample of ``n`` ids, returned in their input order.

    Each id is ranked by ``sha256(f"{seed}:{id}")`` and the lowest ``n`` are kept: the same
    seed gives the same sample on any machine and Python version, whatever the order of the
    file, so two coders given the same ``--sample N --seed S`` get the same quotes.
    """
    if n < 1:
        raise InputError(f"--sample must be 1 or more, got {n}")
    if n > len(ids):
        raise InputError(f"--sample {n} is more than the {len(ids)} quotes in the file; use --sample {len(ids)} "
                         f"or fewer")
    rank = sorted(ids, key=lambda q: hashlib.sha256(f"{seed}:{q}".encode("utf-8")).hexdigest())
    keep = set(rank[:n])
    return [q for q in ids if q in keep]


def margin(probabilities: Mapping[str, float]) -> float:
    """Top-1 minus top-2 probability: 0 when the model cannot decide, 1 when it is sure."""
    top = sorted(probabilities.values(), reverse=True) + [0.0, 0.0]
    return top[0] - top[1]


def order_by_margin(ids: Sequence[str], probabilities: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Ids ordered least certain first (smallest margin), ties kept in input order."""
    pos = {q: i for i, q in enumerate(ids)}
    return sorted(ids, key=lambda q: (margin(probabilities[q]), pos[q]))


def model_probabilities(model_path: str | os.PathLike, items: Sequence[QuoteItem]) -> dict[str, dict[str, float]]:
    """The model's class probabilities for each quote (by id)."""
    if not Path(model_path).is_file():
        raise MissingFileError(f"{model_path}: no trained model for --order uncertain; run 'stance train' first, "
                               f"pass --model PATH, or use --order document")
    from .fastmodel import open_model, predict_fast
    from .model import scheme_of

    fast, meta = open_model(model_path)  # the plain-data model: nothing is unpickled
    preds = predict_fast(fast, scheme_of(meta), [it.text for it in items], top=0)
    return {it.quote_id: p.probabilities for it, p in zip(items, preds)}


# --------------------------------------------------------------------------- labelling logic

def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Keymap:
    """One key per label value: 1..9 for the values in scheme order, 0 for ``none``."""

    scheme: LabelScheme
    keys: dict[str, str] = field(init=False)

    def __post_init__(self):
        self.keys = {}
        digits = iter("123456789")
        for v in self.scheme.values:
            self.keys["0" if v == NONE_LABEL else next(digits)] = v

    def key_of(self, value: str) -> str:
        return next(k for k, v in self.keys.items() if v == value)


def parse_command(text: str | None, keymap: Keymap) -> tuple[str, str]:
    """Turn one key (or one input line) into ``(action, argument)``.

    Actions: ``label`` (argument: the value), ``flag`` (argument: ``notquote`` or
    ``wrongspeaker``), ``skip``, ``undo``, ``note`` (argument: a note
    typed on the same line, e.g. ``n unclear speaker``), ``quit`` (also at end of input and
    Ctrl-D), or ``unknown``.
    """
    if text is None:
        return "quit", ""
    head, _, rest = text.strip().partition(" ")
    if head in keymap.keys and not rest:
        return "label", keymap.keys[head]
    if head in FLAG_KEYS and not rest:
        return "flag", FLAG_KEYS[head]
    if head in COMMAND_KEYS or head.lower() in COMMAND_WORDS:
        action = COMMAND_KEYS.get(head) or COMMAND_WORDS[head.lower()]
        if action == "note" or not rest:
            return action, rest.strip()
    return "unknown", text.strip()


class LabelSession:
    """The state of one coder's labelling run: which quote is next, answers, undo.

    Parameters
    ----------
    items : sequence of QuoteItem
        Every quote of the quotes file (undo may bring back any of them).
    queue : sequence of str
        The ids of this run (all quotes, or a sample), in the order to ask them.
    path : path-like
        The coder file; every answer rewrites it at once.
    annotator, codebook_version : str
        Written into every row.
    existing : sequence of dict
        The coder file's rows so far (answer order); they count as answered and can be undone.
    clock : callable
        Returns the timestamp of an answer (ISO 8601).
    """

    def __init__(self, items: Sequence[QuoteItem], queue: Sequence[str], path: str | os.PathLike,
                 annotator: str, codebook_version: str, existing: Sequence[Mapping[str, str]] = (),
                 scheme: LabelScheme = STANCE_SCHEME, clock: Callable[[], str] = utc_now):
        self.items = {it.quote_id: it for it in items}
        self.queue = list(queue)
        self.path = Path(path)
        self.annotator = annotator
        self.codebook_version = codebook_version
        self.scheme = scheme
        self.clock = clock
        self.rows: dict[str, dict] = {r["quote_id"]: dict(r) for r in existing}
        self.history: list[tuple[str, str]] = [("label", q) for q in self.rows]
        self.skipped: list[str] = []
        self.front: list[str] = []
        self.note = ""
        self.message = ""
        self.answered: set[str] = set()  # quotes answered in this run and not undone

    @property
    def total(self) -> int:
        return len(self.queue)

    @property
    def saved(self) -> int:
        """Answers given in this run that are in the coder file now (an undone one is not)."""
        return len(self.answered)

    def position(self) -> int:
        """Where the quote on screen stands in this run's queue (1-based): "quote n of N"."""
        item = self.current()
        if item is None:
            return self.total
        try:
            return self.queue.index(item.quote_id) + 1
        except ValueError:  # a quote brought back by undo from outside this run's queue
            return self.done + 1

    @property
    def done(self) -> int:
        return sum(q in self.rows for q in self.queue)

    def current(self) -> QuoteItem | None:
        """The quote on screen, or None when nothing is left to ask."""
        for q in reversed(self.front):
            if q not in self.rows:
                return self.items[q]
        skipped = set(self.skipped)
        for q in self.queue:
            if q not in self.rows and q not in skipped:
                return self.items[q]
        return None

    def _save(self) -> None:
        write_annotations(self.path, self.rows.values())

    def answer(self, label: str) -> dict:
        """Label the current quote (with the pending note) and save the coder file at once."""
        return self._record(self.scheme.parse(label), "")

    def flag(self, flag: str) -> dict:
        """Flag the current quote as not a real quote or as given the wrong speaker (no stance label)."""
        if flag not in FLAGS:
            raise InputError(f"flag '{flag}' is not one of {', '.join(FLAGS)}")
        return self._record("", flag)

    def _record(self, label: str, flag: str) -> dict:
        item = self.current()
        if item is None:
            raise InputError("no quote is left to label")
        row = {"quote_id": item.quote_id, "label": label, "note": self.note, "annotator": self.annotator,
               "timestamp": self.clock(), "codebook_version": self.codebook_version, "flag": flag}
        self.rows[item.quote_id] = row
        try:
            self._save()
        except BaseException:
            del self.rows[item.quote_id]
            raise
        self.answered.add(item.quote_id)
        self.history.append(("label", item.quote_id))
        self.front = [q for q in self.front if q != item.quote_id]
        self.note = ""
        self.message = f"saved {item.quote_id} as {_answer_text(row, self.scheme)}"
        return row

    def skip(self) -> None:
        """Put the current quote aside for this run; it is asked again in the next run."""
        item = self.current()
        if item is None:
            return
        self.skipped.append(item.quote_id)
        self.front = [q for q in self.front if q != item.quote_id]
        self.history.append(("skip", item.quote_id))
        self.note = ""
        self.message = f"skipped {item.quote_id}"

    def set_note(self, note: str) -> None:
        """Attach a note to the answer about to be given."""
        self.note = " ".join(note.split())
        self.message = "note kept for this quote" if self.note else "note cleared"

    def undo(self) -> str | None:
        """Take back the last answer or skip (also answers saved in an earlier run).

        The answer's row is removed from the coder file at once and its quote is asked next.
        Returns the quote id brought back, or None when there is nothing to undo.
        """
        if not self.history:
            self.message = "nothing to undo"
            return None
        action, qid = self.history.pop()
        if action == "label":
            row = self.rows.pop(qid)
            try:
                self._save()
            except BaseException:
                self.rows[qid] = row
                self.history.append((action, qid))
                raise
            self.answered.discard(qid)
            self.note = row.get("note", "")
            self.message = f"undid {qid} (was {_answer_text(row, self.scheme)})"
        else:
            self.skipped.remove(qid)
            self.note = ""
            self.message = f"back to skipped {qid}"
        self.front.append(qid)
        return qid


def _shown(label: str, scheme: LabelScheme) -> str:
    return f"+{label}" if scheme.positions.get(label, 0) > 0 else label


def _answer_text(row: Mapping[str, str], scheme: LabelScheme) -> str:
    """A coder-file row's answer in words: the label, or what the flag says."""
    return FLAGS[row["flag"]] if row.get("flag") else _shown(row["label"], scheme)


# ------------------------------------------------------------------------------- rendering

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"
ALT_SCREEN_ON, ALT_SCREEN_OFF, CLEAR = "\x1b[?1049h", "\x1b[?1049l", "\x1b[H\x1b[2J"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from data files made safe for a terminal: control and bidi characters shown escaped.

    Scraped quotes can carry escape sequences that would retitle, clear or write to the
    coder's terminal; here they are shown as ``\\x1b`` and so on, as data.
    """
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text or "")


def _printable_item(item: "QuoteItem") -> "QuoteItem":
    from dataclasses import fields, replace

    return replace(item, **{f.name: printable(getattr(item, f.name)) for f in fields(item)})


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def clip(text: str, width: int, middle: bool = False) -> str:
    """``text`` shortened with "…" to at most ``width`` columns (kept whole if it fits).

    ``middle`` keeps both ends (ids such as ``article-2024-03-long-name-07`` differ at the end).
    """
    if cells(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if middle:
        head, tail = "", ""
        left, right = 0, len(text)
        while cells(head) + cells(tail) + 1 < width and left < right:
            if cells(head) <= cells(tail):
                head, left = head + text[left], left + 1
            else:
                tail, right = text[right - 1] + tail, right - 1
        if cells(head) + cells(tail) + 1 > width:
            head = head[:-1] if cells(head) > cells(tail) else head
            tail = tail[1:] if cells(head) + cells(tail) + 1 > width else tail
        return head + "…" + tail
    out = ""
    for c in text:
        if cells(out + c) + 1 > width:
            break
        out += c
    return out + "…"


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    if not text:
        return []
    # Lines stop one column short of the edge: a full-width line would make some terminals wrap.
    return textwrap.wrap(" ".join(text.split()), width=max(20, width - 1), initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def _speaker_line(item: QuoteItem, width: int) -> str:
    """Speaker, role, kind and id on one line: the role, then the id, then the name are shortened."""
    speaker, role, qid = item.speaker or "(unknown)", item.speaker_role, item.quote_id

    def line() -> str:
        return f"Speaker   {speaker}" + (f" ({role})" if role else "") + f" · {item.kind} quote · {qid}"

    room = width - 1
    if cells(line()) > room and role:
        role = clip(role, max(16, cells(role) - (cells(line()) - room)))
    if cells(line()) > room:
        qid = clip(qid, max(16, cells(qid) - (cells(line()) - room)), middle=True)
    if cells(line()) > room:
        speaker = clip(speaker, max(12, cells(speaker) - (cells(line()) - room)))
    return clip(line(), room)


def _fit_block(before: list[str], body: list[str], after: list[str], room: int | None) -> list[str]:
    """The context block in at most ``room`` lines: the quote first, then the sentences around it."""
    if room is None:
        return before + [""] + body + [""] + after
    room = max(room, 1)
    if len(body) > room:
        body = body[:room - 1] + ["  … (the quote goes on: enlarge the window to read it all)"]
        return body[:room]
    rest = room - len(body)
    gaps = min(2, rest)
    rest -= gaps
    n_before = min(len(before), max(rest - len(after), rest // 2))
    n_after = min(len(after), rest - n_before)
    n_before = min(len(before), rest - n_after)
    before = before[len(before) - n_before:] if n_before else []
    return before + [""] * (gaps > 0) + body + [""] * (gaps > 1) + after[:n_after]


def _quote_block(item: QuoteItem, width: int, color: bool, room: int | None = None) -> list[str]:
    """Sentence before, the quote's sentence with the quote in «» (bold on a terminal), sentence after."""
    before = _wrap("… " + item.before, width, "  ") if item.before else []
    body = " ".join(f"{item.lead}«{item.text}»{item.tail}".split())
    wrapped = _wrap(body, width, "  ")
    if color:
        inside = False
        for i, ln in enumerate(wrapped):
            ln = ln.replace("«", "«" + BOLD).replace("»", PLAIN + "»")
            if inside:  # a quote running over several lines stays bold on each
                ln = "  " + BOLD + ln[2:]
            inside = ln.rfind(BOLD) > ln.rfind(PLAIN)
            wrapped[i] = ln + (PLAIN if inside else "")
    after = _wrap(item.after + " …", width, "  ") if item.after else []
    return _fit_block(before, wrapped, after, room)


def value_menu(keymap: Keymap) -> list[str]:
    """The key -> value lines shown under every quote."""
    out = []
    for key, value in keymap.keys.items():
        hint = VALUE_HINTS.get(value, "") if keymap.scheme.name == STANCE_SCHEME.name else ""
        out.append(f"  {key}  {_shown(value, keymap.scheme):>4}  {hint}".rstrip())
    return out


def render_label_screen(session: LabelSession, keymap: Keymap, width: int = 80, color: bool = False,
                        title: str = "", height: int | None = None) -> str:
    """The screen for the quote on display: progress, article, speaker, context, keys.

    No line is wider than ``width - 1`` columns (long ids, roles and headlines are shortened
    with "…", never wrapped); with ``height``, the screen has at most ``height - 1`` lines
    (the sentences around the quote give way first), so it never scrolls.
    """
    item = session.current()
    room = width - 1
    rule = "─" * min(room, 100)
    head = (f"stance label · {session.annotator} · quote {session.position()} of {session.total} · "
            f"codebook {session.codebook_version}")
    if title and cells(f"{head} · {title}") <= room:
        head = f"{head} · {title}"
    elif title:  # too long for one line: the title goes into the rule below
        rule = clip(f"── {title} ", room)
        rule += "─" * max(0, min(room, 100) - cells(rule))
    head = clip(head, room)
    if item is None:
        return head + "\n" + rule + "\n  nothing left to label\n"
    item = _printable_item(item)
    top = [head, rule,
           clip(f"Article   {item.doc_id}" + (f": {item.headline}" if item.headline else ""),
                room),
           _speaker_line(item, width)]
    if not (item.before or item.lead or item.tail or item.after):
        top.append("          (article text not available: no context)")
    bottom = [rule] + [clip(m, room) for m in value_menu(keymap)]
    bottom.append("  s skip   u undo   n note   q quit")
    bottom.append(clip(FLAG_MENU, room))
    if session.note:
        bottom.append(clip(f"  note: {printable(session.note)}", room))
    if session.skipped:
        bottom.append(f"  {len(session.skipped)} skipped in this run")
    if session.message:
        bottom.append(clip(f"  > {printable(session.message)}", room))
    fit = None if height is None else height - 1 - len(top) - len(bottom)
    return "\n".join(top + _quote_block(item, width, color, fit) + bottom) + "\n"


# -------------------------------------------------------------------------------- terminal

class Terminal:
    """Key input and screen output.

    On a terminal, keys are read one at a time (cbreak mode: no Enter needed, Ctrl-C still
    interrupts) and every screen replaces the previous one. Otherwise (a pipe, a test) each
    input line is one command, and screens are printed one after another.
    """

    def __init__(self, inp=None, out=None):
        self.inp = inp if inp is not None else sys.stdin
        self.out = out if out is not None else sys.stdout
        try:
            self.fd = self.inp.fileno()
            self.tty = os.isatty(self.fd)
        except (AttributeError, OSError, ValueError):
            self.fd, self.tty = None, False
        self._saved = None

    @property
    def width(self) -> int:
        return shutil.get_terminal_size((80, 24)).columns if self.tty else 80

    @property
    def height(self) -> int | None:
        """Rows of the terminal (None for a pipe: screens are not cut)."""
        return shutil.get_terminal_size((80, 24)).lines if self.tty else None

    def __enter__(self) -> "Terminal":
        if self.tty:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd, termios.TCSANOW)
            # The alternate screen: redraws replace each other and leave no trace in the
            # scrollback; leaving it brings back what the terminal showed before.
            self.out.write(ALT_SCREEN_ON)
            self.out.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.tty:
            self.out.write(ALT_SCREEN_OFF)
            self.out.flush()
        self._restore()

    def _restore(self) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def show(self, screen: str) -> None:
        if self.tty:
            self.out.write(CLEAR)
        self.out.write(screen)
        if not self.tty:
            self.out.write("key> ")
        self.out.flush()

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def key(self) -> str | None:
        """One key (terminal) or one stripped line (otherwise); None at end of input."""
        if not self.tty:
            line = self.inp.readline()
            if not line:
                return None
            self.out.write("\n")
            return line.strip()
        data = os.read(self.fd, 1)
        if not data:
            return None
        if data == b"\x1b":  # escape sequence (arrow keys ...): swallow it
            import select

            while select.select([self.fd], [], [], 0.02)[0]:
                os.read(self.fd, 16)
            return "\x1b"
        if data[0] >= 0x80:  # the rest of a UTF-8 character
            need = 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3
            data += os.read(self.fd, need)
        return data.decode("utf-8", "replace")

    def line(self, prompt: str) -> str | None:
        """Read a line of text (cooked mode with echo on a terminal); None at end of input."""
        self.out.write(prompt)
        self.out.flush()
        if not self.tty:
            line = self.inp.readline()
            self.out.write("\n")
            return None if not line else line.rstrip("\r\n")
        import termios
        import tty

        self._restore()
        try:
            buf = b""
            while not buf.endswith(b"\n"):
                chunk = os.read(self.fd, 1024)
                if not chunk:
                    return None if not buf else buf.decode("utf-8", "replace").strip()
                buf += chunk
        finally:
            tty.setcbreak(self.fd, termios.TCSANOW)
        return buf.decode("utf-8", "replace").rstrip("\r\n")


# ------------------------------------------------------------------------- running a session

@dataclass
class LabelSummary:
    """How a labelling run ended."""

    path: Path
    status: str  # done, quit, interrupted, nothing-to-do
    saved: int
    done: int
    total: int
    skipped: int
    taken_over: int | None = None

    def message(self) -> str:
        left = self.total - self.done
        text = (f"{self.status}: {self.saved} answer(s) saved this run; {self.done} of {self.total} quotes "
                f"labelled in {self.path}")
        if self.skipped:
            text += f"; {self.skipped} skipped"
        if left:
            text += f"; {left} left, run the same command to resume"
        return text


def run_label_session(session: LabelSession, term: Terminal, title: str = "") -> str:
    """Drive a session from the keyboard until done, quit or Ctrl-C; returns the status.

    Every answer and undo is saved by the session before the next screen is drawn.
    """
    keymap = Keymap(session.scheme)
    try:
        with term:
            while session.current() is not None:
                term.show(render_label_screen(session, keymap, term.width, term.tty, title, term.height))
                action, arg = parse_command(term.key(), keymap)
                if action == "label":
                    session.answer(arg)
                elif action == "flag":
                    session.flag(arg)
                elif action == "skip":
                    session.skip()
                elif action == "undo":
                    session.undo()
                elif action == "note":
                    note = arg or term.line("note (Enter to clear): ")
                    if note is None:
                        return "quit"
                    session.set_note(note)
                elif action == "quit":
                    return "quit"
                else:
                    session.message = f"key {arg!r} does nothing here; use the keys listed"
    except KeyboardInterrupt:
        term.say("")
        return "interrupted"
    return "done"


def _headlines(path: Path) -> dict[str, str]:
    """doc_id -> headline from an ``articles.csv`` beside the articles, if it has both columns."""
    if not path.is_file():
        return {}
    with contextlib.suppress(UnicodeDecodeError, csv.Error, OSError):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return {r["doc_id"]: (r.get("headline") or "").strip()
                    for r in csv.DictReader(fh) if r.get("doc_id")}
    return {}


def _load_articles_and_headlines(article_paths: Sequence[str | os.PathLike]):
    from .corpus import load_articles

    paths = [Path(p) for p in article_paths if Path(p).exists()]
    articles = load_articles(paths) if paths else {}
    headlines: dict[str, str] = {}
    for p in paths:
        headlines.update(_headlines((p if p.is_dir() else p.parent) / "articles.csv"))
    return articles, headlines


def label_quotes(quotes_path: str | os.PathLike, labels_dir: str | os.PathLike, annotator: str,
                 article_paths: Sequence[str | os.PathLike] = (), order: str = "document",
                 sample: int | None = None, seed: int = 0, model_path: str | os.PathLike | None = None,
                 output: str | os.PathLike | None = None, inp=None, out=None, err=None,
                 clock: Callable[[], str] = utc_now) -> LabelSummary:
    """Run ``stance label``: validate, lock, build the queue, and label until done or quit.

    Parameters
    ----------
    quotes_path : path-like
        The quotes to label (``labels/quotes.csv`` or a ``stance segment`` output in its schema).
    labels_dir : path-like
        Holds ``codebook.md`` (its version goes into every row) and, by default, the coder files.
    annotator : str
        The coder's name; the file is ``<labels_dir>/annotations/<annotator>.csv``.
    article_paths : sequence of path-like
        Article files or folders, for the context of each quote (missing ones are skipped).
    order : str
        ``document`` (file order) or ``uncertain`` (the model's least certain quote first).
    sample : int, optional
        Ask only a reproducible sample of this many quotes (see :func:`sample_ids`).
    seed : int
        Seed of the sample.
    model_path : path-like, optional
        The model for ``order="uncertain"``.
    output : path-like, optional
        Another coder file instead of the default.
    inp, out, err : file objects, optional
        Keyboard, screen, and log (default stdin, stdout, stderr).

    Returns
    -------
    LabelSummary
    """
    from .labels import GoldPaths, codebook_version, load_quotes

    if order not in ORDERS:
        raise InputError(f"--order '{order}' is not one of {', '.join(ORDERS)}")
    err = err if err is not None else sys.stderr
    check_annotator(annotator)
    version = codebook_version(GoldPaths.in_folder(labels_dir).codebook)
    quotes = load_quotes(quotes_path)
    if quotes.empty:
        raise InputError(f"{quotes_path}: holds no quotes; segment some articles first (stance segment)")
    ids = quotes["quote_id"].tolist()
    path = Path(output) if output is not None else annotation_path(labels_dir, annotator)
    if path.is_symlink():  # answers go into the file the link names, not over the link
        path = path.resolve()
    lock = FileLock(path).acquire()
    try:
        existing = (load_annotations(path, ids, version, quotes_name=str(quotes_path))
                    if path.exists() else CoderFile(path, None, []))
        if existing.annotator not in (None, annotator):
            raise InputError(f"{path} holds the labels of '{existing.annotator}', not '{annotator}'; "
                             f"give the right --annotator, or another file with --output")
        articles, headlines = _load_articles_and_headlines(article_paths)
        items = build_items(quotes, articles, headlines, str(quotes_path))
        missing = len({it.doc_id for it in items} - set(articles))
        if missing:
            err.write(f"stance: the article text of {missing} document(s) was not found under "
                      f"{', '.join(map(str, article_paths)) or '(no --articles)'}; their quotes show no context. "
                      f"Pass --articles FOLDER\n")
        queue = sample_ids(ids, sample, seed) if sample is not None else ids
        done = existing.labels  # built once: the property makes a new dict on every access
        todo = [q for q in queue if q not in done]
        if order == "uncertain" and todo:
            by_id = {it.quote_id: it for it in items}
            probs = model_probabilities(model_path, [by_id[q] for q in todo])
            queue = [q for q in queue if q in done] + order_by_margin(todo, probs)
        session = LabelSession(items, queue, path, annotator, version, existing.rows, clock=clock)
        if lock.taken_over:
            err.write(f"stance: took over the stale lock of PID {lock.taken_over} (no longer running)\n")
        if not todo:
            return LabelSummary(path, "nothing-to-do", 0, session.done, session.total, 0, lock.taken_over)
        title = f"order: {order}" + (f" · sample {sample} (seed {seed})" if sample is not None else "")
        status = run_label_session(session, Terminal(inp, out), title)
        return LabelSummary(path, status, session.saved, session.done, session.total, len(session.skipped),
                            lock.taken_over)
    finally:
        lock.release()


# ------------------------------------------------------------------------------ adjudication

def read_stance_rows(path: str | os.PathLike) -> tuple[list[str], list[list[str]]]:
    """The raw header and rows of a stance file (after :func:`stance.labels.load_stance` checks it)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r]
    return rows[0], rows[1:]


def set_gold(header: Sequence[str], rows: list[list[str]], quote_id: str, label: str, note: str) -> None:
    """Replace the label and note of ``quote_id`` in place, or append a row; other rows untouched."""
    idx = {c.strip().lstrip("\ufeff"): i for i, c in enumerate(header)}
    for row in rows:
        if row[idx["quote_id"]].strip() == quote_id:
            row[idx["label"]], row[idx["note"]] = label, note
            return
    new = [""] * len(header)
    new[idx["quote_id"]], new[idx["label"]], new[idx["note"]] = quote_id, label, note
    rows.append(new)


def adjudicated_note(labels: Mapping[str, str], note: str, scheme: LabelScheme = STANCE_SCHEME) -> str:
    """``adjudicated (alice -1, bob none): <note>``: the coders' labels travel with the decision."""
    who = ", ".join(f"{c} {_shown(v, scheme)}" for c, v in labels.items())
    note = " ".join(note.split())
    return f"{ADJUDICATED} ({who})" + (f": {note}" if note else "")


_ADJUDICATED_PREFIX = re.compile(rf"^{ADJUDICATED} \([^)]*\)(?::\s*)?")


def decide(header: Sequence[str], rows: list[list[str]], quote_id: str, label: str,
           coder_labels: Mapping[str, str], note: str) -> None:
    """Write one adjudicated decision into the gold rows.

    Without a new note the gold row's earlier reasoning is kept after the prefix (an earlier
    ``adjudicated (...)`` prefix is replaced, so applying a decision twice changes nothing).
    """
    if not note.strip():
        idx = {c.strip().lstrip("\ufeff"): i for i, c in enumerate(header)}
        old = next((r[idx["note"]] for r in rows if r[idx["quote_id"]].strip() == quote_id), "")
        note = _ADJUDICATED_PREFIX.sub("", old)
    set_gold(header, rows, quote_id, label, adjudicated_note(coder_labels, note))


def load_decisions(path: str | os.PathLike, disagreements: Mapping[str, dict],
                   scheme: LabelScheme = STANCE_SCHEME) -> list[tuple[str, str, str]]:
    """Read a decisions file (``quote_id,label,note``); every id must be a disagreement."""
    from .labels import read_csv_records

    out, seen = [], {}
    for line, row in read_csv_records(path, DECISION_COLUMNS):
        qid = row["quote_id"].strip()
        if qid in seen:
            raise DataFileError(path, line, f"duplicate quote_id '{qid}' (first at line {seen[qid]})")
        seen[qid] = line
        if qid not in disagreements:
            raise DataFileError(path, line, f"quote_id '{qid}' is not a disagreement between the coder files; "
                                            f"remove the row (see 'stance agree' for the list)")
        try:
            label = scheme.parse(row["label"])
        except InputError as exc:
            raise DataFileError(path, line, str(exc)) from None
        out.append((qid, label, row["note"]))
    return out


@dataclass
class AdjudicationSummary:
    """How an adjudication run ended."""

    path: Path
    status: str  # done, quit, interrupted, nothing-to-do
    resolved: int
    open: int
    already: int

    def message(self) -> str:
        text = f"{self.status}: {self.resolved} decision(s) written to {self.path}"
        if self.already:
            text += f"; {self.already} adjudicated before (use --redo to revisit)"
        if self.open:
            text += f"; {self.open} disagreement(s) still open"
        return text


def render_adjudication_screen(item: QuoteItem, dis: Mapping, gold: tuple[str, str] | None, n: int, total: int,
                               keymap: Keymap, width: int = 80, color: bool = False, message: str = "") -> str:
    """The screen for one disagreement: quote, context, each coder's label and note, gold."""
    rule = "─" * min(width, 100)
    item = _printable_item(item)
    who = item.speaker + (f" ({item.speaker_role})" if item.speaker_role else "")
    lines = [f"stance adjudicate · disagreement {n} of {total}", rule,
             f"Article   {item.doc_id}" + (f": {item.headline}" if item.headline else ""),
             f"Speaker   {who or '(unknown)'} · {item.kind} quote · {item.quote_id}"]
    lines += _quote_block(item, width, color)
    lines.append(rule)
    for coder, label in dis["labels"].items():
        note = printable(dis.get("notes", {}).get(coder, ""))
        lines.append(f"  {printable(coder):<12} {_shown(label, keymap.scheme):>4}" + (f"   {note}" if note else ""))
    if gold is not None:
        lines.append(f"  {'stance.csv':<12} {_shown(gold[0], keymap.scheme):>4}"
                     + (f"   {printable(gold[1])}" if gold[1] else ""))
    lines.append(rule)
    lines += value_menu(keymap)
    lines.append("  s skip   q quit   (after the label key you may type a note)")
    if message:
        lines.append(f"  > {printable(message)}")
    return "\n".join(lines) + "\n"


def adjudicate(coder_paths: Sequence[str | os.PathLike], labels_dir: str | os.PathLike,
               article_paths: Sequence[str | os.PathLike] = (), decisions: str | os.PathLike | None = None,
               redo: bool = False, codebook_path: str | os.PathLike | None = None,
               inp=None, out=None) -> AdjudicationSummary:
    """Resolve the disagreements between coder files into ``<labels_dir>/stance.csv``.

    Each decision replaces the quote's label and note in ``stance.csv`` (or adds a row),
    keeping every other row and the order; the note reads ``adjudicated (coder labels):
    note``. Interactively, each decision is written at once; disagreements already carrying
    an adjudicated note are skipped unless ``redo``. With ``decisions`` (a CSV
    ``quote_id,label,note``) all decisions are applied in one atomic write. ``codebook_path``
    names the codebook the coder files were coded under (default ``<labels_dir>/codebook.md``).

    Returns
    -------
    AdjudicationSummary
    """
    from .agreement import agreement
    from .labels import GoldPaths, codebook_version, load_quotes, load_stance

    gp = GoldPaths.in_folder(labels_dir)
    if codebook_path is None:
        codebook_path = coder_files_codebook(coder_paths, labels_dir)
    version = codebook_version(codebook_path)
    quotes = load_quotes(gp.quotes)
    ids = quotes["quote_id"].tolist()
    files = load_coder_files(coder_paths, ids, version, str(gp.quotes))
    result = agreement({f.annotator: f.labels for f in files},
                       notes={f.annotator: f.notes for f in files})
    dis = {d["quote_id"]: d for d in result["disagreements"]}
    lock = FileLock(gp.stance).acquire()
    try:
        load_stance(gp.stance, ids)  # validate before touching it
        header, rows = read_stance_rows(gp.stance)
        if decisions is not None:
            chosen = load_decisions(decisions, dis)
            for qid, label, note in chosen:
                decide(header, rows, qid, label, dis[qid]["labels"], note)
            if chosen:
                write_csv_rows(gp.stance, header, rows)
            left = len(set(dis) - _adjudicated(gp.stance, ids))
            return AdjudicationSummary(gp.stance, "done", len(chosen), left, 0)
        done_before = set() if redo else _adjudicated(gp.stance, ids)
        todo = [q for q in dis if q not in done_before]
        if not todo:
            return AdjudicationSummary(gp.stance, "nothing-to-do", 0, 0, len(dis))
        articles, headlines = _load_articles_and_headlines(article_paths)
        by_id = {it.quote_id: it for it in build_items(quotes, articles, headlines, str(gp.quotes))}
        term, keymap = Terminal(inp, out), Keymap(STANCE_SCHEME)
        resolved, message, status = 0, "", "done"
        skipped: set[str] = set()
        try:
            with term:
                for i, qid in enumerate(todo, 1):
                    while True:
                        gold = load_stance(gp.stance, ids).set_index("quote_id")
                        g = (gold.loc[qid, "label"], gold.loc[qid, "note"]) if qid in gold.index else None
                        term.show(render_adjudication_screen(by_id[qid], dis[qid], g, i, len(todo), keymap,
                                                             term.width, term.tty, message))
                        action, arg = parse_command(term.key(), keymap)
                        if action == "label":
                            note = term.line("note (Enter keeps the gold note): ")
                            if note is None:
                                raise _Quit
                            decide(header, rows, qid, arg, dis[qid]["labels"], note)
                            write_csv_rows(gp.stance, header, rows)
                            resolved += 1
                            message = f"wrote {qid} as {_shown(arg, STANCE_SCHEME)}"
                            break
                        if action == "skip":
                            skipped.add(qid)
                            message = f"skipped {qid}"
                            break
                        if action == "quit":
                            raise _Quit
                        message = f"key {arg!r} does nothing here; use the keys listed"
        except _Quit:
            status = "quit"
        except KeyboardInterrupt:
            term.say("")
            status = "interrupted"
        left = len(set(dis) - _adjudicated(gp.stance, ids))
        return AdjudicationSummary(gp.stance, status, resolved, left, len(dis) - len(todo))
    finally:
        lock.release()


class _Quit(Exception):
    pass


def _adjudicated(stance_path: Path, ids) -> set[str]:
    from .labels import load_stance

    gold = load_stance(stance_path, ids)
    return {q for q, n in zip(gold["quote_id"], gold["note"]) if n.startswith(ADJUDICATED)}


def coder_files_codebook(paths: Sequence[str | os.PathLike], labels_dir: str | os.PathLike) -> Path:
    """The codebook the coder files were coded under, found by the version their rows name.

    Every row of every file must name the same version (labels from different codebooks are
    not comparable); that version's codebook is ``<labels_dir>/codebook.md`` or an archived
    edition (see :func:`stance.labels.find_codebook`).
    """
    from .labels import find_codebook, read_csv_records

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

"""The ``stance label`` session: one unlabelled quote at a time, every answer saved at once.

Each answer rewrites the coder's own file (``labels/annotations/<name>.csv``) atomically, so a
killed terminal loses at most the quote on screen and a re-run resumes where the coder
stopped; a :class:`stance.lock.SessionLock` keeps two sessions off one coder file.

The logic is testable without a terminal: :func:`sample_ids` and :func:`order_by_margin`
build the queue, :class:`LabelSession` holds answers, skips, undo and notes,
:func:`render_label_screen` draws it; :func:`run_label_session` drives it from a
:class:`stance.terminal.Terminal`, and :func:`label_quotes` is the command. The model's guess
is never shown to the coder (it would anchor the label); with ``--order uncertain`` it only
decides which quote comes first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from .coderfiles import FLAGS, CoderFile, annotation_path, check_annotator, load_annotations, write_annotations
from .errors import InputError, MissingFileError
from .labels import GoldPaths, codebook_version, load_quotes
from .lock import SessionLock
from .modelfile import open_model, scheme_of
from .scheme import STANCE_SCHEME, LabelScheme
from .scorer import predict_quotes
from .screen import (FLAG_MENU, Keymap, QuoteItem, answer_text, articles_and_headlines, build_items, parse_command,
                     printable_item, quote_block, speaker_line, value_menu)
from .terminal import Terminal, cells, clip, printable

ORDERS = ("document", "uncertain")


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
    fast, meta = open_model(model_path)  # the plain-data model: nothing is unpickled
    preds = predict_quotes(fast, scheme_of(meta), [it.text for it in items], top=0)
    return {it.quote_id: p.probabilities for it, p in zip(items, preds)}


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


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
        self.message = f"saved {item.quote_id} as {answer_text(row, self.scheme)}"
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
            self.message = f"undid {qid} (was {answer_text(row, self.scheme)})"
        else:
            self.skipped.remove(qid)
            self.note = ""
            self.message = f"back to skipped {qid}"
        self.front.append(qid)
        return qid



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
    item = printable_item(item)
    top = [head, rule,
           clip(f"Article   {item.doc_id}" + (f": {item.headline}" if item.headline else ""),
                room),
           speaker_line(item, width)]
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
    return "\n".join(top + quote_block(item, width, color, fit) + bottom) + "\n"


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
    lock = SessionLock(path).acquire()
    try:
        existing = (load_annotations(path, ids, version, quotes_name=str(quotes_path))
                    if path.exists() else CoderFile(path, None, []))
        if existing.annotator not in (None, annotator):
            raise InputError(f"{path} holds the labels of '{existing.annotator}', not '{annotator}'; "
                             f"give the right --annotator, or another file with --output")
        articles, headlines = articles_and_headlines(article_paths)
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

"""``stance adjudicate``: resolve the disagreements between coder files into the gold ``stance.csv``.

Each decision replaces the quote's label and note in ``labels/stance.csv`` (or adds a row),
keeping every other row, its bytes and the order; the note reads ``adjudicated (alice -1, bob
none): <note>`` so the coders' labels travel with the decision. Interactively each decision is
written at once (under a :class:`stance.lock.SessionLock` on the gold file); a decisions file
is applied in one atomic write.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .agreement import Disagreement, agreement
from .coderfiles import coder_files_codebook, load_coder_files
from .labels import GoldPaths, codebook_version, load_quotes, load_stance, read_label_rows
from .lock import SessionLock
from .scheme import STANCE_SCHEME, LabelScheme
from .screen import (Keymap, QuoteItem, articles_and_headlines, build_items, parse_command, printable_item,
                     quote_block, shown, value_menu)
from .tables import write_csv_rows
from .terminal import Terminal, printable

DECISION_COLUMNS = ("quote_id", "label", "note")
ADJUDICATED = "adjudicated"


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
    who = ", ".join(f"{c} {shown(v, scheme)}" for c, v in labels.items())
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


def load_decisions(path: str | os.PathLike, disagreements: Mapping[str, Disagreement],
                   scheme: LabelScheme = STANCE_SCHEME) -> list[tuple[str, str, str]]:
    """Read a decisions file (``quote_id,label,note``); every id must be a disagreement."""
    return [(r.quote_id, r.label, r.row["note"])
            for r in read_label_rows(path, scheme, columns=DECISION_COLUMNS, known_ids=disagreements,
                                     unknown_id=lambda qid: f"quote_id '{qid}' is not a disagreement between the "
                                     f"coder files; remove the row (see 'stance agree' for the list)")]


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


def render_adjudication_screen(item: QuoteItem, dis: Disagreement, gold: tuple[str, str] | None, n: int, total: int,
                               keymap: Keymap, width: int = 80, color: bool = False, message: str = "") -> str:
    """The screen for one disagreement: quote, context, each coder's label and note, gold."""
    rule = "─" * min(width, 100)
    item = printable_item(item)
    who = item.speaker + (f" ({item.speaker_role})" if item.speaker_role else "")
    lines = [f"stance adjudicate · disagreement {n} of {total}", rule,
             f"Article   {item.doc_id}" + (f": {item.headline}" if item.headline else ""),
             f"Speaker   {who or '(unknown)'} · {item.kind} quote · {item.quote_id}"]
    lines += quote_block(item, width, color)
    lines.append(rule)
    for coder, label in dis.labels.items():
        note = printable((dis.notes or {}).get(coder, ""))
        lines.append(f"  {printable(coder):<12} {shown(label, keymap.scheme):>4}" + (f"   {note}" if note else ""))
    if gold is not None:
        lines.append(f"  {'stance.csv':<12} {shown(gold[0], keymap.scheme):>4}"
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
    gp = GoldPaths.in_folder(labels_dir)
    quotes, ids, dis = _disagreements(gp, coder_paths, labels_dir, codebook_path)
    lock = SessionLock(gp.stance).acquire()
    try:
        load_stance(gp.stance, ids)  # validate before touching it
        header, rows = read_stance_rows(gp.stance)
        if decisions is not None:
            return _apply_decisions(gp.stance, ids, header, rows, decisions, dis)
        done_before = set() if redo else _adjudicated(gp.stance, ids)
        todo = [q for q in dis if q not in done_before]
        if not todo:
            return AdjudicationSummary(gp.stance, "nothing-to-do", 0, 0, len(dis))
        articles, headlines = articles_and_headlines(article_paths)
        items = {it.quote_id: it for it in build_items(quotes, articles, headlines, str(gp.quotes))}
        session = _Session(gp.stance, ids, header, rows, dis, items, Terminal(inp, out), Keymap(STANCE_SCHEME))
        status = session.run(todo)
        left = len(set(dis) - _adjudicated(gp.stance, ids))
        return AdjudicationSummary(gp.stance, status, session.resolved, left, len(dis) - len(todo))
    finally:
        lock.release()


def _disagreements(gp: GoldPaths, coder_paths: Sequence[str | os.PathLike], labels_dir: str | os.PathLike,
                   codebook_path: str | os.PathLike | None):
    """The gold quotes, their ids, and the coder files' disagreements by quote id."""
    if codebook_path is None:
        codebook_path = coder_files_codebook(coder_paths, labels_dir)
    version = codebook_version(codebook_path)
    quotes = load_quotes(gp.quotes)
    ids = quotes["quote_id"].tolist()
    files = load_coder_files(coder_paths, ids, version, str(gp.quotes))
    result = agreement({f.annotator: f.labels for f in files},
                       notes={f.annotator: f.notes for f in files})
    return quotes, ids, {d.quote_id: d for d in result.disagreements}


def _apply_decisions(stance_path: Path, ids, header: Sequence[str], rows: list[list[str]],
                     decisions: str | os.PathLike, dis: Mapping[str, Disagreement]) -> AdjudicationSummary:
    """Every decision of a decisions file written into the gold file at once."""
    chosen = load_decisions(decisions, dis)
    for qid, label, note in chosen:
        decide(header, rows, qid, label, dis[qid].labels, note)
    if chosen:
        write_csv_rows(stance_path, header, rows)
    left = len(set(dis) - _adjudicated(stance_path, ids))
    return AdjudicationSummary(stance_path, "done", len(chosen), left, 0)


@dataclass
class _Session:
    """An interactive adjudication: one screen per disagreement, each decision written at once."""

    path: Path
    ids: list[str]
    header: Sequence[str]
    rows: list[list[str]]
    dis: Mapping[str, Disagreement]
    items: Mapping[str, QuoteItem]
    term: Terminal
    keymap: Keymap
    resolved: int = 0
    message: str = ""

    def run(self, todo: Sequence[str]) -> str:
        """Ask about each quote of ``todo`` in turn; how it ended: done, quit or interrupted."""
        try:
            with self.term:
                for n, qid in enumerate(todo, 1):
                    self.ask(qid, n, len(todo))
        except _Quit:
            return "quit"
        except KeyboardInterrupt:
            self.term.say("")
            return "interrupted"
        return "done"

    def ask(self, qid: str, n: int, total: int) -> None:
        """Show one disagreement until it is decided or skipped (raises :class:`_Quit` on quit)."""
        while True:
            gold = load_stance(self.path, self.ids).set_index("quote_id")
            g = (gold.loc[qid, "label"], gold.loc[qid, "note"]) if qid in gold.index else None
            self.term.show(render_adjudication_screen(self.items[qid], self.dis[qid], g, n, total, self.keymap,
                                                      self.term.width, self.term.tty, self.message))
            action, arg = parse_command(self.term.key(), self.keymap)
            if action == "label":
                note = self.term.line("note (Enter keeps the gold note): ")
                if note is None:
                    raise _Quit
                decide(self.header, self.rows, qid, arg, self.dis[qid].labels, note)
                write_csv_rows(self.path, self.header, self.rows)
                self.resolved += 1
                self.message = f"wrote {qid} as {shown(arg, STANCE_SCHEME)}"
                return
            if action == "skip":
                self.message = f"skipped {qid}"
                return
            if action == "quit":
                raise _Quit
            self.message = f"key {arg!r} does nothing here; use the keys listed"


class _Quit(Exception):
    pass


def _adjudicated(stance_path: Path, ids) -> set[str]:
    gold = load_stance(stance_path, ids)
    return {q for q, n in zip(gold["quote_id"], gold["note"]) if n.startswith(ADJUDICATED)}

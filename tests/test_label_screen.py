"""The labelling screen fits a standard 80x24 terminal and its counters say what they mean.

The layout functions are tested directly; then ``stance label`` runs on a pseudo-terminal of
80 columns and 24 rows (set with TIOCSWINSZ) whose output is fed to a VT100 emulator (pyte),
so the test sees what a coder would: the header on the top row, nothing scrolled away, one
screen replacing the other, long ids and roles shortened on one line.

INVENTED TEST DATA: every article, quote, name and id below was written for these tests.
"""

from __future__ import annotations

import csv
import fcntl
import os
import struct
import termios
import time

import pytest

from test_annotate import IDS, T0, items_of, make_project

from stance.labelling import LabelSession, render_label_screen
from stance.screen import Keymap
from stance.terminal import ALT_SCREEN_OFF, ALT_SCREEN_ON, cells, clip
from stance.scheme import STANCE_SCHEME

pty = pytest.importorskip("pty", reason="needs POSIX pseudo-terminals")
pyte = pytest.importorskip("pyte", reason="the terminal emulator of the test extra: pip install pyte")

from ptys import PtyProcess  # noqa: E402


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def session_on(project, existing=()):
    labels, arts = project
    return LabelSession(items_of(labels, arts), IDS, labels / "annotations" / "al.csv", "al", "1.0", existing,
                        clock=lambda: T0)


# ------------------------------------------------------------------------------ counters

def test_quote_n_of_n_is_the_position_in_this_runs_queue(project):
    s = session_on(project)
    assert s.position() == 1
    s.skip()
    assert s.position() == 2  # a skip moves on, as the screen does
    s.skip()
    assert s.position() == 3
    s.answer("2")
    assert s.position() == 4
    s.undo()
    assert (s.current().quote_id, s.position()) == ("docB-01", 3)
    screen = render_label_screen(s, Keymap(STANCE_SCHEME), width=80)
    assert screen.splitlines()[0] == "stance label · al · quote 3 of 4 · codebook 1.0"


def test_an_answer_undone_from_an_earlier_run_and_given_again_counts(project):
    earlier = [{"quote_id": "docA-01", "label": "-2", "note": "", "annotator": "al", "timestamp": T0,
                "codebook_version": "1.0"}]
    s = session_on(project, earlier)
    assert s.current().quote_id == "docA-02"
    s.undo()                      # takes back the earlier run's answer
    assert s.saved == 0
    s.answer("1")                 # and answers it again: one answer saved in this run
    assert s.saved == 1
    s.answer("none")
    s.undo()                      # an answer of this run taken back
    assert s.saved == 1


# ------------------------------------------------------------------------------ layout

@pytest.mark.parametrize("text, width, middle, expected", [
    ("short", 10, False, "short"),
    ("Chief Superintendent of Police", 12, False, "Chief Super…"),
    ("article-2024-03-07-regional-0007", 15, True, "article…al-0007"),
    ("日本語の見出し", 7, False, "日本語…"),
])
def test_clip_shortens_to_the_columns_with_an_ellipsis(text, width, middle, expected):
    got = clip(text, width, middle)
    assert got == expected
    assert cells(got) <= width


LONG = dict(qid="article-2024-03-07-the-regional-evening-gazette-online-edition-0007",
            role="Assistant Chief Constable for Crime, Justice and Safeguarding in the county",
            headline="Council hears a very long headline about a drug plan that goes on and on and on for ever more")


def _long_project(root):
    """One article whose quote has a long id, a long role and a long headline, with long context."""
    labels, arts = root / "labels", root / "articles"
    labels.mkdir(parents=True)
    arts.mkdir()
    (labels / "codebook.md").write_text("Codebook version: 1.0 (2026-01-01)\n\n# Test codebook\n", encoding="utf-8")
    before = "The invented story sets the scene, " + ", ".join(f"clause {i} goes on at some length" for i in range(25)) + "."
    quote = "Arresting people who use drugs has failed and we must divert them into treatment instead"
    after = "The invented story ends, " + ", ".join(f"closing clause {i} adds more words" for i in range(25)) + "."
    text = f'{before} "{quote}," she said. {after}\n'
    start = text.index(quote)
    with open(labels / "quotes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text"])
        w.writerow([LONG["qid"], "longdoc", start, start + len(quote), "direct", "Dana Invented", LONG["role"], quote])
        w.writerow(["short-02", "longdoc", start, start + len(quote), "direct", "Dana Invented", "", quote])
    (arts / "longdoc.txt").write_text(text, encoding="utf-8")
    (arts / "articles.csv").write_text(f"doc_id,file,headline\nlongdoc,longdoc.txt,{LONG['headline']}\n",
                                       encoding="utf-8")
    return labels, arts


def test_the_screen_fits_80_by_24_and_shortens_instead_of_wrapping(tmp_path):
    labels, arts = _long_project(tmp_path)
    from stance.corpus import load_articles
    from stance.labels import load_quotes
    from stance.screen import build_items

    items = build_items(load_quotes(labels / "quotes.csv"), load_articles([arts]), {"longdoc": LONG["headline"]})
    s = LabelSession(items, [it.quote_id for it in items], tmp_path / "a.csv", "al", "1.0", clock=lambda: T0)
    s.set_note("a note " * 30)
    screen = render_label_screen(s, Keymap(STANCE_SCHEME), width=80, height=24, title="order: document")
    lines = screen.splitlines()
    assert len(lines) <= 23
    assert max(cells(line) for line in lines) <= 79
    assert lines[0] == "stance label · al · quote 1 of 2 · codebook 1.0 · order: document"
    speaker = next(line for line in lines if line.startswith("Speaker   "))
    assert speaker == "Speaker   Dana Invented (Assistant Chief…) · direct quote · article-2…tion-0007"
    assert any("«Arresting people who use drugs" in line for line in lines)
    assert any("treatment instead»" in line for line in lines)  # the whole quote is shown
    # Without a height (a pipe), nothing is cut.
    assert len(render_label_screen(s, Keymap(STANCE_SCHEME), width=80).splitlines()) > 24


# ----------------------------------------------------------------------- a real 80x24 terminal

class Terminal80x24(PtyProcess):
    """``stance label`` on a pty of 80x24, its output run through a VT100 emulator."""

    def __init__(self, args, cwd):
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        super().__init__(args, cwd, {**env, "TERM": "xterm"})
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.screen = pyte.HistoryScreen(80, 24, history=1000)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""

    def received(self, data: bytes) -> None:
        self.raw += data
        self.stream.feed(data)

    def wait_for(self, text):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if any(text in row for row in self.screen.display):
                return list(self.screen.display)
            if not self._pump(0.1):
                break
        raise AssertionError(f"{text!r} not on screen:\n" + "\n".join(self.screen.display))


def test_stance_label_in_an_80_by_24_terminal(tmp_path):
    labels, arts = _long_project(tmp_path)
    term = Terminal80x24(["label", "--annotator", "al", "--labels", str(labels), "--articles", str(arts)], tmp_path)

    first = term.wait_for("q quit")
    assert first[0].startswith("stance label · al · quote 1 of 2 · codebook 1.0")  # the header is on screen
    speaker = next(row for row in first if row.startswith("Speaker   "))
    assert speaker.rstrip().endswith("-0007") and "…" in speaker  # shortened, on one row
    row = first.index(speaker)
    assert not first[row + 1].strip() or first[row + 1].startswith(("  ", "─"))  # no wrapped remainder
    assert any("Article   longdoc: Council hears" in r and r.rstrip().endswith("…") for r in first)
    term.press("s")
    second = term.wait_for("skipped article-2024")
    assert second[0].startswith("stance label · al · quote 2 of 2")
    assert len(term.screen.history.top) == 0  # no line of either screen scrolled into the scrollback
    term.press("q")
    assert term.exit_code() == 0
    assert term.raw.count(ALT_SCREEN_ON.encode()) == 1 and ALT_SCREEN_OFF.encode() in term.raw

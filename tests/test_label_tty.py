"""``stance label`` driven as a person drives it: in a real pseudo-terminal, one key at a time.

The session runs as a separate process on a pty (so standard input *is* a terminal and keys
arrive without Enter). The test reads the screen, presses keys, kills the process with
SIGKILL in the middle, checks the coder file, restarts and checks that nothing answered was
lost, and that a second session on the same file is refused while one is running.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time

import pytest

pty = pytest.importorskip("pty", reason="needs POSIX pseudo-terminals")
if sys.platform.startswith("win"):  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

from ptys import PtyProcess  # noqa: E402
from test_annotate import make_project  # noqa: E402  (the invented project)

from stance.coderfiles import load_annotations  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TIMEOUT = 60.0  # generous: only a session that never draws the screen should fail (2-core machine under load)


class Screen(PtyProcess):
    """A ``stance label`` process on a pty: send keys, wait for text on the current screen."""

    def __init__(self, args, cwd):
        super().__init__(args, cwd, {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "40"})
        self.raw = ""

    def received(self, data: bytes) -> None:
        self.raw += data.decode("utf-8", "replace")

    @property
    def screen(self) -> str:
        """What is on the terminal now: everything since the last clear-screen."""
        return ANSI.sub("", self.raw.split("\x1b[2J")[-1]).replace("\r", "")

    def wait_for(self, *texts: str, whole: bool = False) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            seen = ANSI.sub("", self.raw).replace("\r", "") if whole else self.screen
            if all(t in seen for t in texts):
                return seen
            if not self._pump(0.1) and not all(t in seen for t in texts):
                break
        seen = ANSI.sub("", self.raw).replace("\r", "") if whole else self.screen
        raise AssertionError(f"{texts} not on screen within {TIMEOUT}s; screen:\n{seen}")


def coder_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["quote_id"], r["label"], r["note"]) for r in csv.DictReader(fh)]


def test_label_in_a_real_terminal_survives_kill_and_resumes(tmp_path):
    labels, arts = make_project(tmp_path)
    args = ["label", "--annotator", "tty", "--labels", str(labels), "--articles", str(arts)]
    path = labels / "annotations" / "tty.csv"
    lock = labels / "annotations" / "tty.csv.lock"

    s = Screen(args, tmp_path)
    screen = s.wait_for("quote 1 of 4", "s skip   u undo   n note   q quit")
    assert "«Police should arrest drug users and put them in prison»" in screen
    assert "Article   docA: Council hears drug plan" in screen
    s.press("1")                                   # one key, no Enter
    s.wait_for("quote 2 of 4", "> saved docA-01 as -2")
    s.press("n")
    s.wait_for("note (Enter to clear): ")
    s.press("unsure\r")                            # the terminal turns Enter into a newline
    s.wait_for("note: unsure", "> note kept for this quote")
    s.press("0")
    s.wait_for("quote 3 of 4", "docB-01")
    assert coder_rows(path) == [("docA-01", "-2", ""), ("docA-02", "none", "unsure")]
    s.press("u")                                   # undo: docA-02 comes back, and leaves the file
    s.wait_for("quote 2 of 4", "> undid docA-02 (was none)", "note: unsure")
    assert coder_rows(path) == [("docA-01", "-2", "")]
    s.press("5")
    s.wait_for("quote 3 of 4", "> saved docA-02 as +2")
    s.press("z")                                   # a key that means nothing
    s.wait_for("> key 'z' does nothing here; use the keys listed")

    # a second session on the same coder file is refused while the first runs
    second = subprocess.run([sys.executable, "-m", "stance", *args], input="q\n", capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert second.returncode == 2
    assert second.stderr == (f"stance: {path} is open in another session (PID {s.pid}, lock file {lock}); "
                             f"finish that session first (press q there). If no session is running, delete "
                             f"{lock}\n")

    s.kill()                                       # kill -9 in the middle of the session
    assert coder_rows(path) == [("docA-01", "-2", ""), ("docA-02", "2", "unsure")]
    assert load_annotations(path, [f"doc{d}-0{i}" for d in "AB" for i in (1, 2)], "1.0").annotator == "tty"
    assert lock.read_text() == f"{s.pid}\n"         # left behind by the dead process
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []

    again = Screen(args, tmp_path)                 # resumes at the first unanswered quote
    again.wait_for(f"stance: took over the stale lock of PID {s.pid} (no longer running)", whole=True)
    screen = again.wait_for("quote 3 of 4", "«Arrest drug users or divert them to treatment»")
    again.press("3")
    again.wait_for("quote 4 of 4", "docB-02")
    again.press("\x03")                            # Ctrl-C: the answers so far are kept
    assert again.exit_code() == 130
    assert (f"interrupted: 1 answer(s) saved this run; 3 of 4 quotes labelled in {path}; "
            f"1 left, run the same command to resume") in ANSI.sub("", again.raw)
    assert coder_rows(path) == [("docA-01", "-2", ""), ("docA-02", "2", "unsure"), ("docB-01", "0", "")]

    last = Screen(args, tmp_path)
    last.wait_for("quote 4 of 4")
    last.press("4")
    assert last.exit_code() == 0
    assert f"done: 1 answer(s) saved this run; 4 of 4 quotes labelled in {path}" in ANSI.sub("", last.raw)
    assert coder_rows(path) == [("docA-01", "-2", ""), ("docA-02", "2", "unsure"), ("docB-01", "0", ""),
                                ("docB-02", "1", "")]
    assert not lock.exists()


def test_quit_key_in_a_real_terminal_ends_the_session(tmp_path):
    labels, arts = make_project(tmp_path)
    s = Screen(["label", "--annotator", "tty", "--labels", str(labels), "--articles", str(arts)], tmp_path)
    s.wait_for("quote 1 of 4")
    s.press("q")
    assert s.exit_code() == 0
    assert "quit: 0 answer(s) saved this run; 0 of 4 quotes labelled" in ANSI.sub("", s.raw)


@pytest.mark.parametrize("steps", [[], [("n", "note (Enter to clear): ")],
                                   [("n", "note (Enter to clear): "), ("half a no", "clear): half a no")]])
def test_ctrl_c_ends_the_session_even_when_started_with_sigint_ignored(tmp_path, steps):
    # A job started with '&' by a script (a test suite run in the background) inherits SIGINT
    # ignored, and Python then never raises KeyboardInterrupt: Ctrl-C on the session's own
    # terminal must end it all the same, at a key and in the middle of a note.
    labels, arts = make_project(tmp_path)
    args = ["label", "--annotator", "tty", "--labels", str(labels), "--articles", str(arts)]
    path = labels / "annotations" / "tty.csv"
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        s = Screen(args, tmp_path)                 # the child inherits the ignored SIGINT
    finally:
        signal.signal(signal.SIGINT, old)
    s.wait_for("quote 1 of 4")
    s.press("2")
    s.wait_for("quote 2 of 4", "> saved docA-01 as -1")
    for keys, shown in steps:
        s.press(keys)
        s.wait_for(shown)
    s.press("\x03")
    assert s.exit_code() == 130
    assert (f"interrupted: 1 answer(s) saved this run; 1 of 4 quotes labelled in {path}; 3 left, run the same "
            f"command to resume") in ANSI.sub("", s.raw)
    assert coder_rows(path) == [("docA-01", "-1", "")]

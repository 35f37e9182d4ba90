"""Two sessions on one coder (or gold) file: the second is refused, no answer is lost.

Session A is a real ``stance label`` process reading keys from a pipe (it holds its lock while
it waits for the next key); session B runs through the CLI runner. The pseudo-terminal version
of the refusal is in ``tests/test_label_tty.py``.

INVENTED TEST DATA: all quotes and names are made up for these tests.
"""

from __future__ import annotations

import csv
import os
import subprocess
import time
from pathlib import Path

import pytest

from hostile_tools import STANCE, child_env, run_measured
from stance.lock import SessionLock
from stance.cli import app
from test_hostile_atomic import big_project, write_coder


def rows(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["quote_id"], r["label"]) for r in csv.DictReader(fh)]


class Session:
    """``stance label`` in a child process, keys sent one line at a time."""

    def __init__(self, args: list[str], env: dict):
        self.proc = subprocess.Popen([*STANCE, *args], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env)

    def wait_for_lock(self, lock: Path, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if lock.exists() and lock.read_text(encoding="ascii", errors="replace").strip() == str(self.proc.pid):
                return
            assert self.proc.poll() is None, self.proc.stderr.read().decode()
            time.sleep(0.02)
        raise AssertionError("session A never took its lock")

    def keys(self, *lines: str) -> None:
        for line in lines:
            self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        self.proc.stdin.close()
        err = self.proc.stderr.read().decode()
        return self.proc.wait(timeout), err


@pytest.fixture
def project(tmp_path):
    labels = big_project(tmp_path, 4)
    return labels, ["--labels", str(labels), "--articles", str(tmp_path / "no-articles")]


@pytest.mark.parametrize("second", ["same command", "same file by --output, absolute path",
                                    "same file by --output, relative path"])
def test_a_second_label_session_on_the_same_coder_file_is_refused(runner, project, tmp_path, monkeypatch, second):
    labels, common = project
    coder = labels / "annotations" / "ann.csv"
    lock = labels / "annotations" / "ann.csv.lock"
    a = Session(["label", "--annotator", "ann", *common], child_env(tmp_path))
    try:
        a.wait_for_lock(lock)
        a.keys("1")  # answer quote 1 while B tries

        extra = {"same command": [],
                 "same file by --output, absolute path": ["--output", str(coder.resolve())],
                 "same file by --output, relative path": ["--output", os.path.relpath(coder, labels)]}[second]
        monkeypatch.chdir(labels)
        b = runner.invoke(app, ["label", "--annotator", "ann", *common, *extra], input="2\n3\n")

        assert b.exit_code == 2, (b.stdout, b.stderr)
        line, = b.stderr.splitlines()
        assert line.startswith("stance: ") and f"is open in another session (PID {a.proc.pid}, lock file" in line
        assert "finish that session first (press q there)" in line
        a.keys("q")
    finally:
        code, err = a.finish()
    assert code == 0, err
    assert rows(coder) == [("q000000", "-2")]  # A's answer kept, B wrote nothing


def test_after_the_first_session_ends_the_second_resumes_without_losing_an_answer(project, tmp_path):
    labels, common = project
    coder = labels / "annotations" / "ann.csv"
    env = child_env(tmp_path)
    first = run_measured([*STANCE, "label", "--annotator", "ann", *common], 60, env=env, stdin=b"1\n0\nq\n")
    second = run_measured([*STANCE, "label", "--annotator", "ann", *common], 60, env=env, stdin=b"5\n4\n")
    assert (first.returncode, second.returncode) == (0, 0), (first.stderr, second.stderr)
    assert rows(coder) == [("q000000", "-2"), ("q000001", "none"), ("q000002", "2"), ("q000003", "1")]
    assert not (labels / "annotations" / "ann.csv.lock").exists()


def test_a_lock_left_by_a_dead_session_is_taken_over(runner, project, tmp_path):
    labels, common = project
    dead = subprocess.Popen(["true"])
    dead.wait()
    lock = labels / "annotations" / "ann.csv.lock"
    lock.write_text(f"{dead.pid}\n", encoding="ascii")

    result = runner.invoke(app, ["label", "--annotator", "ann", *common], input="1\nq\n")

    assert result.exit_code == 0, result.stderr
    assert f"took over the stale lock of PID {dead.pid} (no longer running)" in result.stderr
    assert rows(labels / "annotations" / "ann.csv") == [("q000000", "-2")]


def test_adjudicate_is_refused_while_another_session_holds_the_gold_file(runner, project, tmp_path):
    labels, _ = project
    alice, bob = labels / "annotations" / "alice.csv", labels / "annotations" / "bob.csv"
    write_coder(alice, "alice", {"q000001": "2"})
    write_coder(bob, "bob", {"q000001": "-2"})
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("quote_id,label,note\nq000001,1,\n", encoding="utf-8")
    gold = labels / "stance.csv"
    before = gold.read_bytes()

    with SessionLock(gold):
        result = runner.invoke(app, ["adjudicate", str(alice), str(bob), "--labels", str(labels), "--decisions",
                                     str(decisions)])

    assert result.exit_code == 2
    assert f"stance: {gold} is open in another session (PID {os.getpid()}" in result.stderr
    assert gold.read_bytes() == before


def test_a_second_session_through_a_symlink_to_the_coder_file_is_refused(runner, project, tmp_path):
    labels, common = project
    coder = labels / "annotations" / "ann.csv"
    write_coder(coder, "ann", {})
    link = tmp_path / "ann-link.csv"
    link.symlink_to(coder)
    a = Session(["label", "--annotator", "ann", *common], child_env(tmp_path))
    try:
        a.wait_for_lock(labels / "annotations" / "ann.csv.lock")
        b = runner.invoke(app, ["label", "--annotator", "ann", *common, "--output", str(link)], input="2\nq\n")
        a.keys("1", "q")
    finally:
        a.finish()
    assert b.exit_code == 2, b.stderr


def test_a_planted_lock_symlink_does_not_clobber_its_target(runner, project, tmp_path):
    labels, common = project
    victim = tmp_path / "victim.txt"
    victim.write_text("years of notes\n", encoding="utf-8")
    (labels / "annotations" / "ann.csv.lock").symlink_to(victim)

    runner.invoke(app, ["label", "--annotator", "ann", *common], input="q\n")

    assert victim.read_text(encoding="utf-8") == "years of notes\n"

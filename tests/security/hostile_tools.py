"""Helpers of the security suite: run ``stance`` in a child process, measure it, kill it mid-write.

Not a test module (pytest collects ``test_*.py`` only); the suite's modules import it from
their own folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

STANCE = [sys.executable, "-m", "stance"]


@dataclass
class Run:
    """How a child process ended: exit code (None if killed on timeout), seconds, peak RSS."""

    returncode: int | None
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def child_env(root: Path | None = None) -> dict:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if root is not None:
        env["STANCE_ROOT"] = str(root)
    return env


def _vm_hwm_kb(pid: int) -> int:
    """Peak resident memory of a running process after its exec (VmHWM), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_measured(args: Sequence[str], timeout: float, cwd: Path | None = None, env: dict | None = None,
                 stdin: bytes | None = None) -> Run:
    """Run ``args``; wall time and the child's own peak RSS (``wait4``), killed after ``timeout``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        start = time.monotonic()
        proc = subprocess.Popen(list(args), stdin=inp, stdout=out, stderr=err, cwd=cwd, env=env)
        code = None
        hwm_kb = 0
        while True:
            hwm_kb = max(hwm_kb, _vm_hwm_kb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - start
        proc.returncode = code if code is not None else -9  # reaped here: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        # ru_maxrss counts the forked copy of this (large) test process before exec; the
        # child's own high-water mark from /proc does not. Use it where /proc exists.
        peak_kb = hwm_kb or usage.ru_maxrss
        return Run(code, seconds, peak_kb / 1024, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"))


def kill_when(args: Sequence[str], ready: Callable[[], bool], timeout: float = 60, cwd: Path | None = None,
              env: dict | None = None, stdin: bytes | None = None) -> tuple[bool, float]:
    """Start ``args``, poll ``ready()`` every millisecond, SIGKILL the process the moment it is true.

    Returns
    -------
    killed : bool
        True if the process was killed while ``ready()`` held (mid-write); False if it ended
        first (the test then cannot prove anything and should fail).
    seconds : float
        When the kill happened, from the start.
    """
    proc = subprocess.Popen(list(args), stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.flush()
    start = time.monotonic()
    try:
        while time.monotonic() - start < timeout:
            if ready():
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return True, time.monotonic() - start
            if proc.poll() is not None:
                return False, time.monotonic() - start
            time.sleep(0.001)
        return False, time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdin is not None:
            proc.stdin.close()


def temp_siblings(dest: Path) -> list[Path]:
    """Temporary files or folders that an atomic write of ``dest`` leaves beside it (``.NAME.*``)."""
    return sorted(p for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}."))


def tmp_growing(dest: Path, min_bytes: int = 1) -> Callable[[], bool]:
    """``ready`` for :func:`kill_when`: a temporary sibling of ``dest`` holds ``min_bytes`` or more."""

    def ready() -> bool:
        for p in temp_siblings(dest):
            try:
                if p.is_file() and p.stat().st_size >= min_bytes:
                    return True
                if p.is_dir() and any(p.iterdir()):
                    return True
            except FileNotFoundError:
                continue
        return False

    return ready


def _digest(p: Path) -> str:
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


def snapshot(path: Path) -> dict[str, str]:
    """Every file under ``path`` (or the file itself) by relative name, with the sha256 of its
    bytes (digests keep a failing comparison fast: pytest would diff megabytes for minutes)."""
    if path.is_file():
        return {path.name: _digest(path)}
    return {str(p.relative_to(path)): _digest(p) for p in sorted(path.rglob("*")) if p.is_file()}

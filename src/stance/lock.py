"""The session lock: one ``stance label`` or ``stance adjudicate`` session per file.

A session locks ``<file>.lock`` with the kept library :mod:`filelock` (an ``flock`` on Unix,
``LockFileEx`` on Windows). The operating system drops such a lock when its owner dies, so a
lock file left by a killed session is simply taken over. What this thin wrapper adds to the
library, and why:

* the lock file holds the owner's PID, so a refusal can name the session to finish and a
  takeover can name the dead one (README, "Labelling and reliability");
* one lock per file whatever path leads to it: the file's real path is locked, so a second
  session through a symlink to the coder file is refused too;
* the lock file is removed on release, and a session that opened a lock file which its previous
  owner removed before the lock was won tries again on the new file;
* a planted symlink is never followed (the library opens with ``O_NOFOLLOW``): it is refused
  with a message saying so, and nothing is written into its target.

Where the file system offers no native lock (``use_flock=False``), the file is created
exclusively and a file naming a PID that is no longer running is taken over.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import filelock

from .errors import StanceError


class LockedError(StanceError, OSError):
    """Another live session holds the lock of a coder or gold file."""


class _Replaced(Exception):
    """The lock file was removed (by its previous owner) between our open and our lock."""


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


class SessionLock:
    """An exclusive lock on ``<path>.lock`` (of the file's real path), holding the owner's PID.

    Parameters
    ----------
    path : path-like
        The file the session writes (a coder file, the gold ``stance.csv``).
    use_flock : bool, optional
        Use the operating system's lock (default); False uses an exclusively created file
        and the liveness of the PID it names.

    Attributes
    ----------
    taken_over : int or None
        PID of the dead session whose stale lock was taken over, if any.
    """

    def __init__(self, path: str | os.PathLike, use_flock: bool = True):
        self.target = Path(path)
        real = self.target.resolve()  # one lock per file, whatever symlink leads to it
        self.path = real.with_name(real.name + ".lock")
        self.use_flock = use_flock
        self.taken_over: int | None = None
        self._native: filelock.BaseFileLock | None = None
        self._fd: int | None = None

    def _refuse(self, pid: int | None) -> LockedError:
        who = f"PID {pid}" if pid else "another process"
        return LockedError(f"{self.target} is open in another session ({who}, lock file {self.path}); "
                           f"finish that session first (press q there). If no session is running, "
                           f"delete {self.path}")

    def _holder(self) -> int | None:
        """The PID in the lock file of the session holding it (read without following links)."""
        with contextlib.suppress(OSError):
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                return _read_pid(os.read(fd, 64).decode("ascii", "replace"))
            finally:
                os.close(fd)
        return None

    def acquire(self) -> "SessionLock":
        """Take the lock, or raise :class:`LockedError` naming the session that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self._acquire_native() if self.use_flock else self._acquire_exclusive()

    def _claim(self, fd: int) -> None:
        """Called by filelock with the locked descriptor: check it is still the file, write our PID."""
        try:
            same = os.stat(self.path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            raise _Replaced
        old = _read_pid(os.pread(fd, 64, 0).decode("ascii", "replace"))
        self.taken_over = old if old and old != os.getpid() else None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def _acquire_native(self) -> "SessionLock":
        while True:
            lock = filelock.FileLock(self.path, timeout=0, mode=0o644, thread_local=False, fallback_to_soft=False,
                                     on_acquired=self._claim)
            try:
                lock.acquire()
            except filelock.Timeout:
                raise self._refuse(self._holder()) from None
            except _Replaced:
                continue
            except OSError as exc:
                raise LockedError(f"{self.path}: the lock file cannot be opened ({exc.strerror}); if it is a "
                                  f"symbolic link, someone planted it: delete it and start again") from None
            self._native = lock
            return self

    def _acquire_exclusive(self) -> "SessionLock":
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
            self._fd = fd
            return self
        raise self._refuse(None)

    def release(self) -> None:
        """Remove the lock file, then let the lock go (a waiter on the old file tries again)."""
        if self._native is None and self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        if self._native is not None:
            self._native.release()
            self._native = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "SessionLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

"""The terminal of a coding session: single keys in, whole screens out, text fitted to columns.

On a terminal, keys are read one at a time in cbreak mode (no Enter needed), inside the
alternate screen so that every redraw replaces the last. Ctrl-C arrives as a key and ends the
session between two screens (see :class:`Terminal`), never in the middle of a save.
Otherwise (a pipe, a test) each input line is one key, and screens are printed one after the
other. Text from data files is shown through :func:`printable`, so an escape sequence in a
scraped quote is shown as data and never acts on the coder's terminal.
"""

from __future__ import annotations

import os
import select
import shutil
import sys
import unicodedata

try:
    import termios
    import tty
except ImportError:  # pragma: no cover - Windows: no cbreak mode
    termios = tty = None  # type: ignore[assignment]

from .errors import printable as _one_line

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"
ALT_SCREEN_ON, ALT_SCREEN_OFF, CLEAR = "\x1b[?1049h", "\x1b[?1049l", "\x1b[H\x1b[2J"


def printable(text: str) -> str:
    """Text from data files made safe for a terminal: control and bidi characters shown escaped.

    Scraped quotes can carry escape sequences that would retitle, clear or write to the
    coder's terminal; here they are shown as ``\\x1b`` and so on, as data. The same rule as
    error messages (:func:`stance.errors.printable`), without their length limit.
    """
    return _one_line(text, limit=None)


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


def _session_modes(saved: list, fd: int) -> tuple[list, list, bytes | None]:
    """The terminal modes of a session, made from the terminal's own (``saved``, from tcgetattr).

    Returns the mode for keys (cbreak), the mode for a line of text (the terminal's own line
    editing and echo), and the interrupt key. In both modes the interrupt key is data, not a
    signal: it is switched off as such, and ends a line of text (it is the extra end-of-line
    character ``VEOL``), so a read returns as soon as it is pressed.
    """
    try:
        disabled = os.fpathconf(fd, "PC_VDISABLE")  # the "no character" value: 0 on Linux, 255 on BSD
    except (OSError, ValueError):
        disabled = -1
    intr = saved[tty.CC][termios.VINTR]
    if not (isinstance(intr, bytes) and 0 <= disabled <= 255 and intr[0] != disabled):
        intr = None  # no interrupt key, or no way to switch it off: SIGINT as before
    keys = [*saved[:tty.CC], list(saved[tty.CC])]
    keys[tty.LFLAG] &= ~(termios.ECHO | termios.ICANON)
    keys[tty.CC][termios.VMIN], keys[tty.CC][termios.VTIME] = 1, 0
    text = [*saved[:tty.CC], list(saved[tty.CC])]
    if intr is not None:
        keys[tty.CC][termios.VINTR] = text[tty.CC][termios.VINTR] = bytes([disabled])
        text[tty.CC][termios.VEOL] = intr
    return keys, text, intr


class Terminal:
    """Key input and screen output.

    On a terminal, keys are read one at a time (cbreak mode: no Enter needed) and every screen
    replaces the previous one. Otherwise (a pipe, a test) each input line is one command, and
    screens are printed one after another.

    Ctrl-C (the terminal's interrupt key) is read as a key, not left to the terminal to turn
    into SIGINT, and :meth:`key` and :meth:`line` raise ``KeyboardInterrupt`` for it. A signal
    could be lost: Python ignores SIGINT for good when it starts with SIGINT ignored (a job
    started in the background by a script, a test suite run with ``&``), and one arriving just
    before the blocking ``read`` only takes effect after the next key. A byte cannot be lost.
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
        self._keys = self._text = None  # terminal modes: reading keys, reading a line of text
        self._intr: bytes | None = None  # the interrupt key (Ctrl-C), read as data

    @property
    def width(self) -> int:
        return shutil.get_terminal_size((80, 24)).columns if self.tty else 80

    @property
    def height(self) -> int | None:
        """Rows of the terminal (None for a pipe: screens are not cut)."""
        return shutil.get_terminal_size((80, 24)).lines if self.tty else None

    def __enter__(self) -> "Terminal":
        if self.tty and termios is not None:
            self._saved = termios.tcgetattr(self.fd)
            self._keys, self._text, self._intr = _session_modes(self._saved, self.fd)
            termios.tcsetattr(self.fd, termios.TCSANOW, self._keys)
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
        """One key (terminal) or one stripped line (otherwise); None at end of input.

        Not ``click.getchar``: it switches the terminal to raw mode for each key with
        ``TCSAFLUSH``, which throws away keys typed while the screen was being drawn (a coder
        pressing ``1`` then ``0`` quickly would lose the ``0``). In cbreak mode nothing is lost.
        """
        if not self.tty:
            line = self.inp.readline()
            if not line:
                return None
            self.out.write("\n")
            return line.strip()
        data = os.read(self.fd, 1)
        if not data:
            return None
        if data == self._intr:
            raise KeyboardInterrupt
        if data == b"\x1b":  # escape sequence (arrow keys ...): swallow it
            while select.select([self.fd], [], [], 0.02)[0]:
                os.read(self.fd, 16)
            return "\x1b"
        if data[0] >= 0x80:  # the rest of a UTF-8 character
            need = 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3
            data += os.read(self.fd, need)
        return data.decode("utf-8", "replace")

    def line(self, prompt: str) -> str | None:
        """Read a line of text (cooked mode with echo on a terminal); None at end of input."""
        if not self.tty:
            self.out.write(prompt)
            self.out.flush()
            line = self.inp.readline()
            self.out.write("\n")
            return None if not line else line.rstrip("\r\n")
        # echo on before the prompt shows: keys typed as soon as it appears are echoed, not taken silently
        termios.tcsetattr(self.fd, termios.TCSADRAIN, self._text)
        try:
            self.out.write(prompt)
            self.out.flush()
            buf = b""
            while not buf.endswith(b"\n"):
                chunk = os.read(self.fd, 1024)
                if not chunk:
                    return None if not buf else buf.decode("utf-8", "replace").strip()
                buf += chunk
                if self._intr and buf.endswith(self._intr):
                    raise KeyboardInterrupt
        finally:
            termios.tcsetattr(self.fd, termios.TCSANOW, self._keys)
        return buf.decode("utf-8", "replace").rstrip("\r\n")


# ------------------------------------------------------------------------- running a session

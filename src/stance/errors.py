"""Exceptions raised by the library for problems a user can fix.

Every message names the thing, what was expected, what was found and the fix, so the
command line can print it as one line on stderr (``stance: <message>``) and exit non-zero
without a traceback. Programming errors are *not* wrapped: they should surface as usual.
"""

from __future__ import annotations

import unicodedata

# Longest message shown; a longer one (a 50 MB header listed as "the table has: ...") is cut.
MAX_MESSAGE = 2000
# Bidirectional overrides, isolates and marks, and zero-width characters: printed raw they
# reorder or hide what the terminal shows.
_BIDI = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str, limit: int | None = MAX_MESSAGE) -> str:
    """``text`` as one safe line: control characters escaped, at most ``limit`` characters.

    Messages quote values from data files (labels, column names, paths). Printed raw, a
    newline would split the one-line message and an escape sequence (``\\x1b[2J``) would act
    on the user's terminal; escaped, they are shown as data. ``limit=None`` keeps the whole text
    (the labelling screen, which fits text to the terminal itself).
    """
    text = text or ""
    if limit is not None and len(text) > limit:
        text = text[:limit - 40] + f"... [{len(text) - limit + 40} more characters]"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or (c == " ") else
                   (repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI
                    else c) for c in text)


class StanceError(Exception):
    """Base class of every user-facing error in :mod:`stance`.

    ``str()`` of one is always a single printable line (see :func:`printable`).
    """

    exit_code = 2

    def __str__(self) -> str:
        return printable(super().__str__())


class InputError(StanceError, ValueError):
    """A value, table or text given by the user is not usable as it is."""


class DataFileError(InputError):
    """A data file is malformed; the message carries the file and line number."""

    def __init__(self, path, line, reason):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path} line {line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class MissingFileError(StanceError, OSError):
    """A file or folder the user named does not exist or cannot be read."""


class ModelFileError(StanceError, OSError):
    """A model file is missing, damaged, or not a stance model."""


class OutputFolderError(StanceError, OSError):
    """An output may not be written where asked: a folder that is not ours, or one of the inputs."""

"""Exceptions raised by the library for problems a user can fix.

Every message names the thing, what was expected, what was found and the fix, so the
command line can print it as one line on stderr (``stance: <message>``) and exit non-zero
without a traceback. Programming errors are *not* wrapped: they should surface as usual.
"""

from __future__ import annotations


class StanceError(Exception):
    """Base class of every user-facing error in :mod:`stance`."""

    exit_code = 2


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

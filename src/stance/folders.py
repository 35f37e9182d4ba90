"""Output folders: the one rule every command that writes a folder follows.

A command that writes a folder (``predict`` and ``segment`` with ``--engine dask``,
``evaluate``, ...) must never delete a file it did not write. :func:`atomic_folder` is the
only way such a folder is written, and it holds the rule:

1. The target is a **new** folder, an **empty** one, or a folder that this same kind of
   command made earlier: it holds the marker file :data:`MARKER` (a small JSON object naming
   the kind and every file the command wrote). Such a folder is replaced.
2. Any other non-empty folder is **refused**, with one line naming the fix. A folder of its
   own kind into which other files have since been put is refused too, unless ``force``
   (``--force``) is given; ``force`` never opens a folder of another kind or one without the
   marker.
3. The output may not be, lie inside, or hold one of the command's **inputs**
   (:func:`check_not_input`; the same check serves single-file outputs).
4. The folder is built under a hidden temporary name beside the target (``.NAME.*.tmp``) and
   swapped in **atomically** when complete (``renameat2(RENAME_EXCHANGE)`` on Linux: the
   target name always points at a whole folder, the old one or the new one); a failed run
   leaves the previous folder as it was.
5. The new folder gets the mode a plain ``mkdir`` would give it (``0o777`` minus the umask),
   or the mode of the folder it replaces, as :func:`stance.tables.atomic_path` does for files.

Refusals raise :class:`stance.errors.OutputFolderError` (the CLI prints it as one line and
exits with 2).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fnmatch
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import OutputFolderError
from .tables import default_dir_mode, default_file_mode

MARKER = ".stance-folder.json"
_SHOWN = 3  # foreign files named in a refusal


@dataclass(frozen=True)
class FolderKind:
    """What a command writes into its output folder.

    Parameters
    ----------
    name : str
        Stored in the marker and shown in messages, e.g. ``"stance predict output"``.
    legacy_required : str or None
        For folders written before markers existed: a marker-less folder that holds this
        file, and nothing that ``legacy_files`` does not match, counts as one of this kind.
    legacy_files : tuple of str
        ``fnmatch`` patterns (of paths relative to the folder, ``/``-separated).
    fix : str
        The end of a refusal: where to write instead, naming the command's option.
    """

    name: str
    legacy_required: str | None = None
    legacy_files: tuple[str, ...] = ()
    fix: str = "Give a new or empty folder"


def _is_url(path) -> bool:
    return "://" in str(path)


def _static_part(path) -> Path:
    """The local path up to its first glob component (``parts/*.parquet`` -> ``parts``)."""
    parts = Path(path).parts
    for i, part in enumerate(parts):
        if any(ch in part for ch in "*?["):
            return Path(*parts[:i]) if i else Path(".")
    return Path(path)


def check_not_input(output, inputs: Iterable) -> None:
    """Refuse an output that is, lies inside, or holds one of the inputs.

    Parameters
    ----------
    output : path-like or str
        A file or folder to write (local path or fsspec URL).
    inputs : iterable of path-like or str
        Files, folders, globs or URLs the command reads.

    Raises
    ------
    OutputFolderError
    """
    out_url = _is_url(output)
    out = str(output).rstrip("/") if out_url else Path(os.path.abspath(Path(output).expanduser())).resolve()
    for given in inputs:
        if given is None or _is_url(given) != out_url:
            continue
        if out_url:
            scheme, rest = str(given).split("://", 1)
            inp = scheme + "://" + _static_part(rest).as_posix().rstrip("/")
            same, inside, holds = out == inp, out.startswith(inp + "/"), inp.startswith(out + "/")
        else:
            inp = Path(os.path.abspath(_static_part(Path(given).expanduser()))).resolve()
            same, inside, holds = out == inp, inp in out.parents, out in inp.parents
        if same:
            raise OutputFolderError(f"{output}: is also an input; write the output to a new path")
        if inside:
            raise OutputFolderError(f"{output}: lies inside the input {given}; write the output outside it")
        if holds:
            raise OutputFolderError(f"{output}: holds the input {given}, which replacing it would delete; "
                                    f"write the output to a new folder")


def check_output_file(output, inputs: Iterable = ()) -> None:
    """Refuse a single-file output that is an existing folder or one of the inputs.

    Raises
    ------
    OutputFolderError
    """
    if not _is_url(output) and Path(output).is_dir():
        raise OutputFolderError(f"{output}: is a folder; this writes one table: give a file name ending in .csv, "
                                f".jsonl or .parquet (or --engine dask for a folder of parts)")
    check_not_input(output, inputs)


def _entries(folder: Path) -> set[str]:
    """Every file, link and folder below ``folder`` (relative, ``/``-separated); links not followed."""
    found = set()
    for top, dirs, files in os.walk(folder):
        rel = Path(top).relative_to(folder)
        for name in dirs + files:
            found.add((rel / name).as_posix())
    return found


def _read_marker(folder: Path) -> dict | None:
    path = folder / MARKER
    if path.is_symlink() or not path.is_file():
        return None
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str) or not isinstance(obj.get("files"), list):
        return None
    return obj


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(sorted(names)[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def check_output_folder(dest, kind: FolderKind, inputs: Iterable = (), force: bool = False) -> bool:
    """Check that ``dest`` may be written as a folder of ``kind``; nothing is changed.

    Call it early (before long work) for a quick refusal; :func:`atomic_folder` calls it
    again just before the swap.

    Parameters
    ----------
    dest : path-like or str
        The output folder (a local path or an fsspec URL).
    kind : FolderKind
    inputs : iterable
        What the command reads (see :func:`check_not_input`).
    force : bool
        Replace a folder of this kind even when other files have been put into it.

    Returns
    -------
    bool
        True if an existing folder will be replaced.

    Raises
    ------
    OutputFolderError
        With the reason and the fix.
    """
    check_not_input(dest, inputs)
    if _is_url(dest):
        return _check_remote(str(dest))
    dest = Path(dest)
    if not os.path.lexists(dest):
        return False
    if dest.is_symlink() or not dest.is_dir():
        raise OutputFolderError(f"{dest}: exists and is not a folder; give a new folder for the {kind.name}")
    found = _entries(dest)
    if not found:
        return True
    marker = _read_marker(dest)
    if marker is None:
        if kind.legacy_required and kind.legacy_required in found and all(
                any(fnmatch.fnmatchcase(e, p) for p in kind.legacy_files) for e in found):
            return True
        foreign = sorted(found)
        raise OutputFolderError(f"{dest}: is not empty and was not written by stance ({_listing(foreign)}); "
                                f"nothing was changed. {kind.fix}")
    if marker["kind"] != kind.name:
        raise OutputFolderError(f"{dest}: holds a {marker['kind']}, not a {kind.name}; "
                                f"nothing was changed. {kind.fix}")
    foreign = sorted(found - set(map(str, marker["files"])) - {MARKER})
    if foreign and not force:
        raise OutputFolderError(f"{dest}: holds {len(foreign)} file(s) that stance did not write "
                                f"({_listing(foreign)}); nothing was changed. Move them out, or pass --force "
                                f"to replace the folder and them")
    return True


def _check_remote(dest: str) -> bool:
    # Object stores cannot swap a folder atomically: a remote output must be new or empty.
    # lazy: fsspec comes with the optional dask extra and only remote outputs need it
    import fsspec

    fs, path = fsspec.core.url_to_fs(dest)
    if fs.exists(path) and fs.find(path):
        raise OutputFolderError(f"{dest}: exists and is not empty; nothing was changed. Give a new folder "
                                f"(a remote folder is never replaced)")
    return False


def write_marker(folder, kind: FolderKind) -> None:
    """Record ``kind`` and every entry now in ``folder`` in its marker file."""
    folder = Path(folder)
    files = sorted(_entries(folder) - {MARKER})
    (folder / MARKER).write_text(json.dumps({"kind": kind.name, "files": files, "tool": "policy-stance"},
                                            indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with contextlib.suppress(OSError):
        os.chmod(folder / MARKER, default_file_mode())


@contextlib.contextmanager
def atomic_folder(dest, kind: FolderKind, inputs: Iterable = (), force: bool = False) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``dest``; on success make it ``dest``.

    The whole rule of this module applies (see the module docstring). On success the marker
    is written and the folder swapped in atomically; the folder it replaced is deleted. On
    any exception the temporary folder is removed and ``dest`` is left as it was.

    Parameters
    ----------
    dest : path-like
        The output folder (local; see :func:`check_output_folder` for URLs).
    kind : FolderKind
    inputs : iterable
        What the command reads; the output may not be, lie inside or hold one of them.
    force : bool
        Replace a folder of this kind even when other files were put into it.

    Yields
    ------
    Path
        The temporary folder to fill.
    """
    inputs = list(inputs)
    dest = Path(dest)
    check_output_folder(dest, kind, inputs, force)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        yield tmp
        write_marker(tmp, kind)
        # Checked again: files may have been put into the target while the work ran.
        replacing = check_output_folder(dest, kind, inputs, force)
        mode = dest.stat().st_mode & 0o7777 if replacing else default_dir_mode()
        os.chmod(tmp, mode)
        if replacing:
            _exchange(tmp, dest)  # tmp now names the previous folder
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders' names: atomic with ``renameat2`` (Linux), else two renames."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), str(b))
    # Fallback (no renameat2, or a file system without exchange): the target name is missing
    # for the moment between the two renames, and is put back if the second one fails.
    aside = Path(tempfile.mkdtemp(prefix=f".{b.name}.", suffix=".old", dir=b.parent))
    os.rmdir(aside)
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except BaseException:
        os.rename(aside, b)
        raise
    os.rename(aside, a)

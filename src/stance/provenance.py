"""Where a run's numbers came from: the code version, the checkout's state, package versions, the date.

Reports (:mod:`stance.report`) record it, and :mod:`stance.experiment` refuses to refresh a
committed reference report from a checkout with changes (:func:`git_changes`).
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess

from . import __version__
from .modelfile import package_versions


def git_commit(root: str | os.PathLike) -> str | None:
    """The checkout's commit (with ``-dirty`` if tracked files changed), or None outside git."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return sha + ("-dirty" if dirty else "") if sha else None


def git_changes(root: str | os.PathLike) -> list[str] | None:
    """``git status --porcelain`` lines of the checkout at ``root``; None outside git.

    Ignored files (models, experiments/out/) are not changes; untracked ones are, since they
    may be code a report would not record.
    """
    try:
        done = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return [line for line in done.stdout.splitlines() if line.strip()] if done.returncode == 0 else None


def provenance(root: str | os.PathLike | None = None) -> dict:
    """Code version, package versions and the date: what a reader needs to reproduce a run."""
    return {"stance_version": __version__, "git_commit": git_commit(root) if root else None,
            "packages": package_versions(),
            "date": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()}

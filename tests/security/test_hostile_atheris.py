"""A short coverage-guided fuzzing run (atheris) of the readers and the segmenter.

atheris is not a dependency of the project (it ships wheels for some Python versions and
platforms only), so this test runs where it is installed (``pip install atheris``) and is
skipped elsewhere; the hypothesis tests in ``test_hostile_fuzz.py`` cover the same targets
everywhere. The harness itself is ``fuzz_atheris.py`` beside this file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris)")

HARNESS = Path(__file__).with_name("fuzz_atheris.py")


def test_a_short_atheris_run_finds_no_crash(tmp_path):
    proc = subprocess.run([sys.executable, str(HARNESS), "-atheris_runs=20000", "-max_len=2048", "-seed=1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Done 20000" in proc.stderr
    assert not list(tmp_path.glob("crash-*"))

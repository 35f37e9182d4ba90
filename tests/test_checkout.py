"""Running the tool never dirties the checkout; committed reference reports come from a clean tree.

Each test works on a git repository in ``tmp_path`` (a clone of this one, or a tiny invented
project) and runs ``python -m stance`` with ``STANCE_ROOT`` pointing there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO
from test_experiment import labels_folder

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="needs git")


def git(cwd, *args) -> str:
    done = subprocess.run([GIT, "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def stance(root, *args):
    env = {**os.environ, "STANCE_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "stance", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_readme_commands_leave_a_fresh_clone_clean(tmp_path):
    if subprocess.run([GIT, "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(REPO), str(clone))

    # `stance train && stance evaluate`, with fewer folds and resamples to stay fast: the same
    # commands, writing to the same places.
    for args in (["train", "--folds", "2", "--n-boot", "20"],
                 ["evaluate", "--folds", "2", "--n-boot", "20", "--repeats", "1"]):
        done = stance(clone, *args)
        assert done.returncode == 0, done.stderr

    assert (clone / "models" / "stance.npz").is_file()
    assert (clone / "experiments" / "out" / "seeds-baseline-folds-2-n-boot-20-repeats-1" / "report.md").is_file()
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""


def tiny_project(root):
    """A git repository holding an invented labels folder and one experiment, committed."""
    labels_folder(root)
    (root / "experiments").mkdir()
    (root / "experiments" / "tiny.toml").write_text(
        'name = "tiny"\n[data]\nlabels = "../labels"\nseeds = "../seeds"\n'
        '[cv]\nn_boot = 20\nlearning_curve = []\ntop_ngrams = 0\n', encoding="utf-8")
    (root / ".gitignore").write_text("/models/\n/experiments/out/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "invented project")


def test_refresh_reference_writes_the_committed_folder_from_a_clean_tree(tmp_path):
    # (Without the flag the report goes to experiments/out/: see the clone test above.)
    tiny_project(tmp_path)

    refresh = stance(tmp_path, "evaluate", "experiments/tiny.toml", "--refresh-reference")
    assert refresh.returncode == 0, refresh.stderr
    assert not (tmp_path / "experiments" / "out").exists()
    prov = json.loads((tmp_path / "experiments" / "tiny" / "provenance.json").read_text(encoding="utf-8"))
    assert prov["git_commit"] == git(tmp_path, "rev-parse", "HEAD").strip()  # clean: no "-dirty"


def test_a_reference_is_not_refreshed_from_a_dirty_tree(tmp_path):
    tiny_project(tmp_path)
    with open(tmp_path / "labels" / "stance.csv", "a", encoding="utf-8") as fh:
        fh.write("")  # touched but unchanged: not a change
    (tmp_path / "labels" / "codebook.md").write_text("Codebook version: 1.0 (edited)\n", encoding="utf-8")

    done = stance(tmp_path, "evaluate", "experiments/tiny.toml", "--refresh-reference")

    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("stance: the checkout has uncommitted changes (labels/codebook.md); commit or stash them "
                           "first, so the reference report records the commit that made it (or drop "
                           "--refresh-reference)\n")
    assert not (tmp_path / "experiments" / "tiny").exists()


def test_refresh_reference_takes_the_config_as_it_is(tmp_path):
    tiny_project(tmp_path)
    done = stance(tmp_path, "evaluate", "experiments/tiny.toml", "--refresh-reference", "--seed", "2")
    assert done.returncode == 2
    assert "refreshes the reference report of a config as it is" in " ".join(done.stderr.replace("│", " ").split())
    assert not (tmp_path / "experiments" / "tiny").exists()

"""The folder rule: no command deletes what it did not write (``stance.folders``).

The library function first, then every command that writes a folder or a table, on the local
engine (the Dask engine's twins of these tests are in ``test_dask.py``): a foreign file planted
in the target is still there byte for byte afterwards, and the exit code and message are the
documented ones. The same for an output that is, lies inside or holds an input.

INVENTED TEST DATA: the file contents and quotes below were written for these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from stance.cli import app
from stance.errors import OutputFolderError
from stance.folders import MARKER, FolderKind, atomic_folder, check_not_input, check_output_folder
from stance.report import REPORT_FOLDER

KIND = FolderKind("test folder (stance test)")
OTHER = FolderKind("other folder (stance other)")
NOTES = b"my own notes \xe2\x80\x94 not written by stance\n"


def _fill(tmp, names=("part.0.parquet",)):
    for name in names:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(b"new " + name.encode())


def _planted(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_bytes(NOTES)
    return folder / "notes.txt"


# ---------------------------------------------------------------------------- the function

def test_a_new_folder_is_written_with_its_marker_and_a_shareable_mode(tmp_path):
    dest = tmp_path / "out"
    old = os.umask(0o022)
    try:
        with atomic_folder(dest, KIND) as tmp:
            _fill(tmp, ["part.0.parquet", "sub/part.1.parquet"])
    finally:
        os.umask(old)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o755
    assert stat.S_IMODE((dest / MARKER).stat().st_mode) == 0o644
    marker = json.loads((dest / MARKER).read_text(encoding="utf-8"))
    assert marker == {"kind": KIND.name, "files": ["part.0.parquet", "sub", "sub/part.1.parquet"],
                      "tool": "policy-stance"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_the_mode_follows_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        with atomic_folder(tmp_path / "private", KIND) as tmp:
            _fill(tmp)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o700


def test_its_own_folder_is_replaced_whole_and_keeps_its_mode(tmp_path):
    dest = tmp_path / "out"
    with atomic_folder(dest, KIND) as tmp:
        _fill(tmp, ["part.0.parquet", "part.1.parquet"])
    os.chmod(dest, 0o750)
    (dest / "part.0.parquet").write_bytes(b"edited")  # a file it wrote: still its own
    with atomic_folder(dest, KIND) as tmp:
        _fill(tmp, ["part.0.parquet"])
    assert sorted(p.name for p in dest.iterdir()) == [MARKER, "part.0.parquet"]
    assert (dest / "part.0.parquet").read_bytes() == b"new part.0.parquet"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    with atomic_folder(tmp_path / "out", KIND) as tmp:
        _fill(tmp)
    assert (tmp_path / "out" / "part.0.parquet").is_file()


def test_a_folder_that_is_not_ours_is_refused_untouched(tmp_path):
    notes = _planted(tmp_path / "victim")
    with pytest.raises(OutputFolderError) as err:
        with atomic_folder(tmp_path / "victim", KIND) as tmp:
            _fill(tmp)
    assert str(err.value) == (f"{tmp_path / 'victim'}: is not empty and was not written by stance (notes.txt); "
                              f"nothing was changed. Give a new or empty folder")
    assert notes.read_bytes() == NOTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim"]


def test_force_never_opens_a_folder_that_is_not_ours(tmp_path):
    notes = _planted(tmp_path / "victim")
    with pytest.raises(OutputFolderError, match="was not written by stance"):
        check_output_folder(tmp_path / "victim", KIND, force=True)
    assert notes.read_bytes() == NOTES


def test_a_folder_of_another_kind_is_refused_even_with_force(tmp_path):
    with atomic_folder(tmp_path / "out", OTHER) as tmp:
        _fill(tmp)
    with pytest.raises(OutputFolderError) as err:
        check_output_folder(tmp_path / "out", KIND, force=True)
    assert str(err.value) == (f"{tmp_path / 'out'}: holds a other folder (stance other), not a test folder "
                              f"(stance test); nothing was changed. Give a new or empty folder")


def test_files_put_into_its_own_folder_need_force(tmp_path):
    dest = tmp_path / "out"
    with atomic_folder(dest, KIND) as tmp:
        _fill(tmp)
    notes = _planted(dest)
    with pytest.raises(OutputFolderError) as err:
        with atomic_folder(dest, KIND) as tmp:
            _fill(tmp)
    assert str(err.value) == (f"{dest}: holds 1 file(s) that stance did not write (notes.txt); nothing was "
                              f"changed. Move them out, or pass --force to replace the folder and them")
    assert notes.read_bytes() == NOTES
    with atomic_folder(dest, KIND, force=True) as tmp:
        _fill(tmp)
    assert sorted(p.name for p in dest.iterdir()) == [MARKER, "part.0.parquet"]


def test_a_file_planted_while_the_work_runs_is_kept(tmp_path):
    dest = tmp_path / "out"
    with atomic_folder(dest, KIND) as tmp:
        _fill(tmp)
    with pytest.raises(OutputFolderError, match="did not write"):
        with atomic_folder(dest, KIND) as tmp:
            _fill(tmp)
            notes = _planted(dest)  # arrives after the first check
    assert notes.read_bytes() == NOTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_run_leaves_the_previous_folder(tmp_path):
    dest = tmp_path / "out"
    with atomic_folder(dest, KIND) as tmp:
        _fill(tmp)
    with pytest.raises(RuntimeError):
        with atomic_folder(dest, KIND) as tmp:
            (tmp / "part.0.parquet").write_bytes(b"half")
            raise RuntimeError("killed")
    assert (dest / "part.0.parquet").read_bytes() == b"new part.0.parquet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_as_output_folder_is_refused(tmp_path):
    (tmp_path / "out").write_bytes(NOTES)
    with pytest.raises(OutputFolderError, match=r"out: exists and is not a folder; give a new folder for the test"):
        check_output_folder(tmp_path / "out", KIND)
    assert (tmp_path / "out").read_bytes() == NOTES


@pytest.mark.parametrize("inp, out, message", [
    ("parts", "parts", "{out}: is also an input; write the output to a new path"),
    ("parts", "parts/scored", "{out}: lies inside the input {inp}; write the output outside it"),
    ("parts/a.parquet", "parts", "{out}: holds the input {inp}, which replacing it would delete; "
                                 "write the output to a new folder"),
    ("parts/*.parquet", "parts", "{out}: is also an input; write the output to a new path"),
    ("s3://bucket/quotes/", "s3://bucket/quotes", "{out}: is also an input; write the output to a new path"),
    ("s3://bucket/q", "s3://bucket/q/scored", "{out}: lies inside the input {inp}; write the output outside it"),
])
def test_an_output_may_not_be_inside_or_hold_an_input(tmp_path, inp, out, message):
    if "://" not in inp:
        inp, out = str(tmp_path / inp), str(tmp_path / out)
    with pytest.raises(OutputFolderError) as err:
        check_not_input(out, [inp])
    assert str(err.value) == message.format(out=out, inp=inp)


def test_an_input_reached_through_a_symlink_is_still_the_input(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "parts")
    with pytest.raises(OutputFolderError, match="is also an input"):
        check_not_input(tmp_path / "link", [tmp_path / "parts"])
    check_not_input(tmp_path / "partsx", [tmp_path / "parts"])  # a sibling with a longer name is fine


def test_a_report_written_before_markers_is_still_a_report(tmp_path):
    old = tmp_path / "report"
    (old / "per-target" / "a").mkdir(parents=True)
    for name in ("metrics.json", "report.md", "confusion.png", "per-target/a/metrics.json"):
        (old / name).write_text("{}")
    assert check_output_folder(old, REPORT_FOLDER) is True
    notes = _planted(old)
    with pytest.raises(OutputFolderError, match="was not written by stance"):
        check_output_folder(old, REPORT_FOLDER, force=True)
    assert notes.read_bytes() == NOTES


# ------------------------------------------------------------------- commands, local engine

def _refused(result, message):
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr == f"stance: {message}\n"


@pytest.fixture
def quotes_csv(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,text\n1,Users must face arrest\n2,Treatment works\n", encoding="utf-8")
    return path


def test_predict_local_refuses_a_folder_and_keeps_its_files(runner, tmp_path, trained_model, quotes_csv):
    notes = _planted(tmp_path / "victim")
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(quotes_csv),
                                 "--output", str(tmp_path / "victim")])
    _refused(result, f"{tmp_path / 'victim'}: is a folder; this writes one table: give a file name ending in "
                     f".csv, .jsonl or .parquet (or --engine dask for a folder of parts)")
    assert notes.read_bytes() == NOTES
    assert sorted(p.name for p in (tmp_path / "victim").iterdir()) == ["notes.txt"]


def test_predict_local_refuses_its_input_as_output(runner, tmp_path, trained_model, quotes_csv):
    before = quotes_csv.read_bytes()
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(quotes_csv),
                                 "--output", str(quotes_csv)])
    _refused(result, f"{quotes_csv}: is also an input; write the output to a new path")
    assert quotes_csv.read_bytes() == before


def test_predict_local_writes_beside_foreign_files(runner, tmp_path, trained_model, quotes_csv):
    notes = _planted(tmp_path / "shared")
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(quotes_csv),
                                 "--output", str(tmp_path / "shared" / "scored.csv")])
    assert result.exit_code == 0, result.stderr
    assert notes.read_bytes() == NOTES


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Councillor Ada Pike said: “Treat addiction as a health issue.”\n", encoding="utf-8")
    return folder


def test_segment_local_refuses_a_folder_and_keeps_its_files(runner, tmp_path, articles):
    notes = _planted(tmp_path / "victim")
    result = runner.invoke(app, ["segment", str(articles), "-o", str(tmp_path / "victim")])
    _refused(result, f"{tmp_path / 'victim'}: is a folder; this writes one table: give a file name ending in "
                     f".csv, .jsonl or .parquet (or --engine dask for a folder of parts)")
    assert notes.read_bytes() == NOTES


def test_segment_local_refuses_an_output_inside_its_input(runner, tmp_path, articles):
    result = runner.invoke(app, ["segment", str(articles), "-o", str(articles / "quotes.csv")])
    _refused(result, f"{articles / 'quotes.csv'}: lies inside the input {articles}; write the output outside it")
    assert sorted(p.name for p in articles.iterdir()) == ["a.txt"]


def test_evaluate_refuses_a_folder_that_is_not_a_report(runner, tmp_path, labelled_csv):
    notes = _planted(tmp_path / "victim")
    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--out", str(tmp_path / "victim")])
    _refused(result, f"{tmp_path / 'victim'}: is not empty and was not written by stance (notes.txt); "
                     f"nothing was changed. Give a new or empty folder with --out, or another experiment name")
    assert notes.read_bytes() == NOTES


@pytest.mark.parametrize("where, message", [
    ("data", "{out}: is also an input; write the output to a new path"),
    ("parent", "{out}: holds the input {data}, which replacing it would delete; write the output to a new folder"),
])
def test_evaluate_refuses_its_input_as_output(runner, tmp_path, labelled_csv, where, message):
    out = labelled_csv if where == "data" else tmp_path
    before = labelled_csv.read_bytes()
    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--out", str(out)])
    _refused(result, message.format(out=out, data=labelled_csv))
    assert labelled_csv.read_bytes() == before


def test_evaluate_keeps_files_put_into_its_report_unless_forced(runner, tmp_path, labelled_csv, earlier_report):
    out = tmp_path / "run"
    args = ["evaluate", "--data", str(labelled_csv), "--group-column", "doc", "--out", str(out), "--n-boot", "20"]
    shutil.copytree(earlier_report, out)  # a report an earlier `stance evaluate` wrote (conftest)
    notes = _planted(out)

    result = runner.invoke(app, args)

    _refused(result, f"{out}: holds 1 file(s) that stance did not write (notes.txt); nothing was changed. "
                     f"Move them out, or pass --force to replace the folder and them")
    assert notes.read_bytes() == NOTES
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert not notes.exists()
    assert (out / "metrics.json").is_file()


# ------------------------------------------------------------------------------ the swap

def _two(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("new")
    (b / "f").write_text("old")
    return a, b


def test_exchange_swaps_two_folders(tmp_path):
    from stance.folders import _exchange

    a, b = _two(tmp_path)
    _exchange(a, b)
    assert ((a / "f").read_text(), (b / "f").read_text()) == ("old", "new")


def test_exchange_without_renameat2_falls_back_and_restores_on_failure(tmp_path, monkeypatch):
    import ctypes

    import stance.folders

    def no_libc(*args, **kwargs):
        raise OSError("no libc here")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    a, b = _two(tmp_path)
    stance.folders._exchange(a, b)
    assert ((a / "f").read_text(), (b / "f").read_text()) == ("old", "new")

    real_rename, calls = os.rename, []

    def second_rename_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the new folder into place, after the old one was moved aside
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    monkeypatch.setattr(stance.folders.os, "rename", second_rename_fails)
    with pytest.raises(OSError, match="No space left"):
        stance.folders._exchange(a, b)
    monkeypatch.undo()
    assert ((a / "f").read_text(), (b / "f").read_text()) == ("old", "new")  # both as they were
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]

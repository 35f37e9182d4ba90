"""Interrupted writes: SIGKILL a real ``stance`` process in the middle of writing its output.

Each test gives the command an input large enough that the write takes a while, polls (every
millisecond) for the temporary sibling ``.NAME.*.tmp`` (or ``.NAME.*`` folder) to hold data,
kills the process with SIGKILL at that moment, and checks that the previous output is byte for
byte what it was and that no half file stands at the destination. SIGKILL cannot be caught,
so the temporary sibling itself stays behind (hidden, beside the destination); the tests
allow exactly that and nothing else.

The labelling session has its own pseudo-terminal kill test in ``tests/test_label_tty.py``;
here a big coder file is killed mid-rewrite.

INVENTED TEST DATA: all quotes, speakers and articles are made up for these tests.
"""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

import pytest

from hostile_tools import STANCE, child_env, kill_when, run_measured, snapshot, tmp_growing
from stance.cli import app

T0 = "2026-01-01T00:00:00+00:00"


def assert_only_temp_siblings_left(folder: Path, expected: set[str], dest: Path) -> None:
    """Nothing new in ``folder`` but hidden temporaries of ``dest``."""
    extra = {p.name for p in folder.iterdir()} - expected
    assert all(name.startswith(f".{dest.name}.") for name in extra), extra


# ------------------------------------------------------------------------------- segment -o

def test_segment_killed_mid_write_leaves_the_previous_output(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    body = "word " * 400  # 4,000 quotes of 2 KB in 40 articles: an ~8 MB table to write
    for a in range(40):
        (arts / f"a{a:02d}.txt").write_text("\n\n".join(f'"{body}," said Ada Invented.' for _ in range(100)),
                                           encoding="utf-8")
    out = tmp_path / "quotes.csv"
    out.write_text("quote_id,doc_id\nprevious,run\n", encoding="utf-8")
    before = out.read_bytes()

    killed, _ = kill_when([*STANCE, "segment", str(arts), "-o", str(out)], tmp_growing(out, 1 << 20),
                          env=child_env(tmp_path))

    assert killed, "the command finished before its output was being written; make the input bigger"
    assert out.read_bytes() == before
    assert_only_temp_siblings_left(tmp_path, {"articles", "quotes.csv"}, out)


# ---------------------------------------------------------------------------- train --model

@pytest.fixture
def wide_table(tmp_path) -> Path:
    """The invented 12-quote table, each quote padded with random letters: a wide vocabulary,
    so the saved model is large enough (~0.5 MB) to be caught mid-write."""
    import pandas as pd
    from conftest import invented_rows

    rng = random.Random(0)
    rows = invented_rows()
    for r in rows:
        r["text"] += " " + "".join(rng.choice(string.ascii_lowercase + "     ") for _ in range(300))
    path = tmp_path / "wide.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def previous_model(whole_model_copy) -> Path:
    return whole_model_copy


def test_train_killed_while_saving_leaves_the_previous_model(tmp_path, wide_table, previous_model, runner):
    folder = previous_model.parent
    before = snapshot(folder)

    killed, _ = kill_when([*STANCE, "train", "--data", str(wide_table), "--group-column", "doc", "--model",
                           str(previous_model), "--n-boot", "10"], tmp_growing(previous_model, 1),
                          env=child_env(tmp_path))

    assert killed, "train finished before the model was being written"
    assert {k: v for k, v in snapshot(folder).items() if not k.startswith(".")} == before
    extra = {p.name for p in folder.iterdir()} - set(before)  # the three files' temporary siblings only
    assert all(any(n.startswith(f".{previous_model.with_suffix(x).name}.") for x in (".joblib", ".npz", ".json"))
               for n in extra), extra
    result = runner.invoke(app, ["predict", "--model", str(previous_model), "--json", "Users must face arrest"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("step", ["joblib.dump", "write_fast_model", "write_json"])
def test_train_interrupted_at_any_file_of_the_model_leaves_a_usable_model(
        runner, monkeypatch, labelled_csv, previous_model, step):
    """A model is three files; an interruption while any of them is written must leave the
    previous three untouched (they are moved into place together, at the end)."""
    import joblib

    import stance.modelfile

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    # Other quotes than the previous model's, so the new files differ from the old ones.
    other = labelled_csv.with_name("other.csv")
    other.write_text(labelled_csv.read_text(encoding="utf-8").replace("users", "people"), encoding="utf-8")
    target = {"joblib.dump": (joblib, "dump"), "write_fast_model": (stance.modelfile, "write_fast_model"),
              "write_json": (stance.modelfile, "write_json")}[step]
    monkeypatch.setattr(*target, interrupt)
    before = snapshot(previous_model.parent)

    result = runner.invoke(app, ["train", "--data", str(other), "--group-column", "doc", "--model",
                                 str(previous_model), "--n-boot", "10"])
    monkeypatch.undo()

    assert result.exit_code == 130, (result.exit_code, result.stderr)
    after = snapshot(previous_model.parent)
    assert after == before, sorted(k for k in after if after.get(k) != before.get(k))
    ok = runner.invoke(app, ["predict", "--model", str(previous_model), "Users must face arrest"])
    assert ok.exit_code == 0, ok.stderr


# ----------------------------------------------------------------------------- evaluate --out

def test_evaluate_killed_while_writing_the_report_leaves_the_previous_report(tmp_path, labelled_csv):
    out = tmp_path / "report"
    out.mkdir()
    (out / "metrics.json").write_text('{"previous": true}\n', encoding="utf-8")
    (out / "report.md").write_text("# the previous report\n", encoding="utf-8")
    before = snapshot(out)

    killed, _ = kill_when([*STANCE, "evaluate", "--data", str(labelled_csv), "--group-column", "doc",
                           "--out", str(out), "--n-boot", "10"], tmp_growing(out), env=child_env(tmp_path))

    assert killed, "evaluate finished before the report was being written"
    assert snapshot(out) == before
    assert_only_temp_siblings_left(tmp_path, {"report", "quotes.csv"}, out)


def test_evaluate_never_replaces_a_folder_that_is_not_a_report(runner, tmp_path, labelled_csv):
    """``--out`` (or an experiment name) naming a folder of other files must not delete them."""
    victim = tmp_path / "thesis"
    victim.mkdir()
    (victim / "chapter1.tex").write_text("years of work", encoding="utf-8")

    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--group-column", "doc", "--out",
                                 str(victim), "--n-boot", "10"])

    assert (victim / "chapter1.tex").read_text(encoding="utf-8") == "years of work"
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines() == [f"stance: {victim}: is not empty and was not written by stance "
                                          f"(chapter1.tex); nothing was changed. Give a new or empty folder with "
                                          f"--out, or another experiment name"]


def test_a_failed_swap_puts_the_previous_report_back(tmp_path, monkeypatch, labelled_csv, runner):
    import stance.folders

    out = tmp_path / "report"
    out.mkdir()
    (out / "metrics.json").write_text("{}\n", encoding="utf-8")
    before = snapshot(out)

    def failing_exchange(new, dest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stance.folders, "_exchange", failing_exchange)
    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--group-column", "doc", "--out",
                                 str(out), "--n-boot", "10"])
    monkeypatch.undo()

    assert result.exit_code != 0
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes.csv", "report"]


# ------------------------------------------------------------------- predict --input/--output

def test_predict_table_killed_mid_write_leaves_the_previous_output(tmp_path, trained_model):
    src = tmp_path / "many.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "text"])
        for i in range(150_000):
            w.writerow([i, f"Invented quote {i}: users must face arrest, or be diverted into treatment"])
    out = tmp_path / "scored.csv"
    out.write_text("id,text,pred_label\n0,previous,2\n", encoding="utf-8")
    before = out.read_bytes()

    killed, _ = kill_when([*STANCE, "predict", "--model", str(trained_model), "--input", str(src), "--output",
                           str(out), "--chunk-size", "2000"], tmp_growing(out, 256 << 10), env=child_env(tmp_path))

    assert killed, "predict finished before the output was being written"
    assert out.read_bytes() == before
    assert_only_temp_siblings_left(tmp_path, {"many.csv", "scored.csv"}, out)


# ------------------------------------------------------------------- label and adjudicate

def big_project(root: Path, n: int) -> Path:
    """A labels folder with ``n`` invented quotes and a gold row for each; returns the folder."""
    labels = root / "labels"
    (labels / "annotations").mkdir(parents=True)
    (labels / "codebook.md").write_text("Codebook version: 1.0\n", encoding="utf-8")
    with open(labels / "quotes.csv", "w", encoding="utf-8", newline="") as fq, \
            open(labels / "stance.csv", "w", encoding="utf-8", newline="") as fs:
        q, s = csv.writer(fq, lineterminator="\n"), csv.writer(fs, lineterminator="\n")
        q.writerow(["quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text"])
        s.writerow(["quote_id", "label", "note"])
        for i in range(n):
            q.writerow([f"q{i:06d}", "docX", 0, 10, "direct", "Ada Invented", "", f"Invented quote {i}"])
            s.writerow([f"q{i:06d}", "none", f"gold note {i}, with a comma and \"quotes\""])
    return labels


def write_coder(path: Path, name: str, answers: dict[str, str], note: str = "") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["quote_id", "label", "note", "annotator", "timestamp", "codebook_version"])
        for qid, label in answers.items():
            w.writerow([qid, label, note, name, T0, "1.0"])


def test_adjudicate_killed_while_writing_the_gold_file_leaves_it_intact(tmp_path):
    labels = big_project(tmp_path, 150_000)
    alice, bob = labels / "annotations" / "alice.csv", labels / "annotations" / "bob.csv"
    write_coder(alice, "alice", {"q000001": "2", "q000002": "-1"})
    write_coder(bob, "bob", {"q000001": "-2", "q000002": "-1"})
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("quote_id,label,note\nq000001,1,agreed after discussion\n", encoding="utf-8")
    gold = labels / "stance.csv"
    before = gold.read_bytes()

    killed, _ = kill_when([*STANCE, "adjudicate", str(alice), str(bob), "--labels", str(labels), "--decisions",
                           str(decisions)], tmp_growing(gold, 1), env=child_env(tmp_path))

    assert killed, "adjudicate finished before stance.csv was being written"
    assert gold.read_bytes() == before
    assert_only_temp_siblings_left(labels, {"annotations", "codebook.md", "quotes.csv", "stance.csv",
                                            "stance.csv.lock"}, gold)


def test_label_killed_while_saving_an_answer_keeps_every_earlier_answer(tmp_path):
    # 3,000 answers already given, each with a long note: every new answer rewrites a ~9 MB file.
    n = 3001
    labels = big_project(tmp_path, n)
    coder = labels / "annotations" / "ann.csv"
    write_coder(coder, "ann", {f"q{i:06d}": "none" for i in range(n - 1)}, note="an invented long note " * 140)
    before = coder.read_bytes()
    args = [*STANCE, "label", "--annotator", "ann", "--labels", str(labels), "--articles", str(tmp_path / "none")]

    killed, _ = kill_when(args, tmp_growing(coder, 1), env=child_env(tmp_path), stdin=b"2\n")

    assert killed, "the session ended before the answer was being saved"
    assert coder.read_bytes() == before  # the answer in flight is lost, nothing else
    # The killed session's lock is stale: a new session takes it over and resumes at the last quote.
    rerun = run_measured(args, timeout=60, env=child_env(tmp_path), stdin=b"1\nq\n")
    assert rerun.returncode == 0, rerun.stderr
    with open(coder, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n and rows[-1]["quote_id"] == f"q{n - 1:06d}" and rows[-1]["label"] == "-2"  # key 1
    assert coder.read_bytes().startswith(before)

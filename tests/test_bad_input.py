"""A user's mistake ends in exit code 2 and one line on stderr, ``stance: <message>``.

No traceback, nothing on stdout, and no output file created (or an existing one left
byte-for-byte unchanged). Messages are asserted exactly where they are deterministic: they
name the file (and line), what was expected, what was found and the fix.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import INVENTED_QUOTES, REPO
from stance.cli import app

N_BOOT = ["--n-boot", "20"]
QUOTE = INVENTED_QUOTES["-2"][0]


def _digest(p: Path) -> str:
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` with the sha256 of its bytes; an absent folder is an empty
    snapshot (digests keep a failing comparison fast: pytest would diff megabytes for minutes)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): _digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def outputs(tmp_path):
    """A folder of outputs from an earlier run: a model, a scored table and a report folder."""
    folder = tmp_path / "outputs"
    (folder / "report").mkdir(parents=True)
    (folder / "m.joblib").write_bytes(b"earlier model")
    (folder / "m.json").write_text('{"earlier": "sidecar"}\n')
    (folder / "scored.csv").write_text("earlier,table\n")
    (folder / "report" / "report.md").write_text("# earlier report\n")
    (folder / "report" / "metrics.json").write_text("{}\n")  # what makes it a report (stance.folders)
    return folder


def _train(runner, *args, model):
    return runner.invoke(app, ["train", *args, "--model", str(model), *N_BOOT])


# ------------------------------------------------------------------------- empty quotes

@pytest.mark.parametrize("quote", ["", "   ", " \t \n "])
def test_predict_refuses_an_empty_quote(runner, user_error, trained_model, quote):
    result = runner.invoke(app, ["predict", "--model", str(trained_model), quote])

    user_error(result, "stance: the quote is empty; give the quote's text, e.g. "
                       "stance predict \"We must treat addiction\"")


@pytest.mark.parametrize("stdin", ["", "\n", "  \n\t\n"])
def test_predict_refuses_stdin_without_a_quote(runner, user_error, trained_model, stdin):
    result = runner.invoke(app, ["predict", "-", "--model", str(trained_model)], input=stdin)

    user_error(result, "stance: no quote on standard input; pipe one quote per line, "
                       "e.g. echo \"quote\" | stance predict -")


def test_predict_table_refuses_an_empty_text_cell(runner, user_error, tmp_path, trained_model, outputs):
    src = tmp_path / "in.csv"
    src.write_text(f"text,id\n{QUOTE},a\n,b\n", encoding="utf-8")
    before = snapshot(outputs)

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(outputs / "scored.csv")])

    user_error(result, "stance: row 2 of column 'text' is empty; fill or drop it")
    assert snapshot(outputs) == before


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_predict_table_refuses_a_null_text(runner, user_error, tmp_path, trained_model, outputs, suffix):
    import pandas as pd

    src = tmp_path / f"in{suffix}"
    df = pd.DataFrame({"text": [QUOTE, None], "id": ["a", "b"]})
    (df.to_json(src, orient="records", lines=True) if suffix == ".jsonl" else df.to_parquet(src))
    before = snapshot(outputs)

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(outputs / "scored.csv")])

    user_error(result, "stance: row 2 of column 'text' is empty; fill or drop it")
    assert snapshot(outputs) == before


# --------------------------------------------------------------------------- missing files

def test_train_missing_data_file(runner, user_error, tmp_path):
    data, model = tmp_path / "nope.csv", tmp_path / "models" / "m.joblib"

    result = _train(runner, "--data", str(data), model=model)

    user_error(result, f"stance: {data}: no such file; check the path")
    assert not model.parent.exists()


def test_evaluate_missing_data_file_leaves_the_report_alone(runner, user_error, tmp_path, outputs):
    data = tmp_path / "nope.jsonl"
    before = snapshot(outputs)

    result = runner.invoke(app, ["evaluate", "--data", str(data), "--out", str(outputs / "report"), *N_BOOT])

    user_error(result, f"stance: {data}: no such file; check the path")
    assert snapshot(outputs) == before


def test_predict_missing_input_file(runner, user_error, tmp_path, trained_model, outputs):
    src = tmp_path / "nope.parquet"
    before = snapshot(outputs)

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(outputs / "scored.csv")])

    user_error(result, f"stance: {src}: no such file; check the path")
    assert snapshot(outputs) == before


def test_predict_missing_model_file(runner, user_error, tmp_path):
    model = tmp_path / "nope.joblib"

    result = runner.invoke(app, ["predict", "--model", str(model), QUOTE])

    user_error(result, f"stance: {model}: no model file there; run 'stance train' first or pass --model PATH")


def test_train_missing_labels_folder(runner, user_error, tmp_path):
    labels, model = tmp_path / "no-labels", tmp_path / "models" / "m.joblib"

    result = _train(runner, "--labels", str(labels), "--seeds", str(REPO / "seeds"), model=model)

    user_error(result, f"stance: {labels / 'quotes.csv'}: no such file; check the path or pass the right "
                       f"--labels folder")
    assert not model.parent.exists()


def test_train_missing_seeds_folder(runner, user_error, tmp_path):
    seeds, model = tmp_path / "no-seeds", tmp_path / "models" / "m.joblib"

    result = _train(runner, "--labels", str(REPO / "labels"), "--seeds", str(seeds), model=model)

    user_error(result, f"stance: {seeds}: no such file or folder; check the path")
    assert not model.parent.exists()


# ------------------------------------------------------------------------- missing columns

def test_train_table_without_the_text_column_lists_its_columns(runner, user_error, labelled_csv, tmp_path):
    model = tmp_path / "models" / "m.joblib"

    result = _train(runner, "--data", str(labelled_csv), "--text-column", "quote", model=model)

    user_error(result, f"stance: {labelled_csv}: no column named 'quote'; the table has: id, text, label, doc, "
                       f"speaker. Name the right one with the matching --*-column option")
    assert not model.parent.exists()


def test_evaluate_table_without_the_label_and_group_columns(runner, user_error, labelled_csv, outputs):
    before = snapshot(outputs)

    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--label-column", "stance",
                                 "--group-column", "article", "--out", str(outputs / "report"), *N_BOOT])

    user_error(result, f"stance: {labelled_csv}: no column named 'stance', 'article'; the table has: id, text, "
                       f"label, doc, speaker. Name the right one with the matching --*-column option")
    assert snapshot(outputs) == before


def test_predict_table_without_the_text_column(runner, user_error, labelled_csv, trained_model, outputs):
    before = snapshot(outputs)

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(labelled_csv),
                                 "--output", str(outputs / "scored.csv"), "--text-column", "quote"])

    user_error(result, f"stance: {labelled_csv}: no column named 'quote'; the table has: id, text, label, doc, "
                       f"speaker. Name the right one with the matching --*-column option")
    assert snapshot(outputs) == before


# ------------------------------------------------------------------- a broken labels folder

@pytest.fixture
def labels_copy(tmp_path) -> Path:
    """A private copy of the repository's labels folder, to break."""
    return Path(shutil.copytree(REPO / "labels", tmp_path / "labels"))


def edit_csv(path: Path, line: int, column: str, value: str) -> str:
    """Set ``column`` of the record on physical ``line`` (1 = header); return the old value.

    The repository's label files hold one record per line, which this relies on.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(path.read_text(encoding="utf-8").splitlines())
    col = rows[0].index(column)
    old, rows[line - 1][col] = rows[line - 1][col], value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return old


def _train_on(runner, labels: Path, model: Path):
    return _train(runner, "--labels", str(labels), "--seeds", str(REPO / "seeds"), model=model)


def test_unknown_label_names_file_and_line(runner, user_error, labels_copy, outputs):
    edit_csv(labels_copy / "stance.csv", 3, "label", "3")
    before = snapshot(outputs)

    result = _train_on(runner, labels_copy, outputs / "m.joblib")

    user_error(result, f"stance: {labels_copy / 'stance.csv'} line 3: label '3' is not one of "
                       f"-2, -1, 0, 1, 2, none")
    assert snapshot(outputs) == before


def test_unknown_quote_id_in_stance_csv(runner, user_error, labels_copy, tmp_path):
    edit_csv(labels_copy / "stance.csv", 4, "quote_id", "no-such-quote")
    model = tmp_path / "models" / "m.joblib"

    result = _train_on(runner, labels_copy, model)

    user_error(result, f"stance: {labels_copy / 'stance.csv'} line 4: unknown quote_id 'no-such-quote': "
                       f"it is not in the quotes file")
    assert not model.parent.exists()


@pytest.mark.parametrize("name", ["quotes.csv", "stance.csv"])
def test_duplicate_quote_id(runner, user_error, labels_copy, tmp_path, name):
    with open(labels_copy / name, encoding="utf-8", newline="") as fh:
        first = list(csv.reader(fh))[1][0]
    edit_csv(labels_copy / name, 5, "quote_id", first)
    model = tmp_path / "models" / "m.joblib"

    result = _train_on(runner, labels_copy, model)

    user_error(result, f"stance: {labels_copy / name} line 5: duplicate quote_id '{first}' (first at line 2)")
    assert not model.parent.exists()


def test_offsets_that_do_not_reproduce_the_text(runner, user_error, labels_copy, tmp_path):
    start = int(edit_csv(labels_copy / "quotes.csv", 2, "start", "0"))
    with open(labels_copy / "quotes.csv", encoding="utf-8", newline="") as fh:
        row = list(csv.DictReader(fh))[0]
    text = (REPO / "seeds" / f"{row['doc_id']}.txt").read_bytes().decode("utf-8-sig")
    assert text[start:int(row["end"])] == row["text"]  # the unedited offsets were right
    model = tmp_path / "models" / "m.joblib"

    result = _train_on(runner, labels_copy, model)

    user_error(result, f"stance: {labels_copy / 'quotes.csv'} line 2: offsets 0-{row['end']} give "
                       f"{text[0:int(row['end'])][:40]!r}, not the text {row['text'][:40]!r}; fix start/end")
    assert not model.parent.exists()


# ------------------------------------------------------------------- too little to fold

def test_fewer_examples_of_a_label_than_folds(runner, user_error, tmp_path, outputs):
    data = tmp_path / "few.csv"  # INVENTED TEST DATA: six rows, each its own group
    data.write_text("text,label\narrest users,a\njail users,a\nfine users,a\npunish users,a\n"
                    "treat users,b\nhelp users,b\n", encoding="utf-8")
    before = snapshot(outputs)

    result = _train(runner, "--data", str(data), "--folds", "3", model=outputs / "m.joblib")

    user_error(result, "stance: label 'b' has 2 examples, fewer than the 3 folds; use --folds 2 "
                       "(or label more examples)")
    assert snapshot(outputs) == before


def test_fewer_groups_than_folds(runner, user_error, labelled_csv, outputs):
    before = snapshot(outputs)

    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--group-column", "doc",
                                 "--folds", "5", "--out", str(outputs / "report"), *N_BOOT])

    line = user_error(result)
    assert line.startswith("stance: the data hold 4 groups (articles) but 5 folds were asked for; ")
    assert line.endswith(": use --folds 4 or fewer")
    assert snapshot(outputs) == before


def test_one_fold_is_refused(runner, user_error, labelled_csv, tmp_path):
    model = tmp_path / "models" / "m.joblib"

    result = _train(runner, "--data", str(labelled_csv), "--folds", "1", model=model)

    user_error(result, "stance: --folds must be at least 2, got 1")
    assert not model.parent.exists()


@pytest.mark.parametrize("n_boot", ["0", "-1"])
def test_train_without_bootstrap_resamples_is_refused(runner, user_error, labelled_csv, tmp_path, n_boot):
    model = tmp_path / "models" / "m.joblib"

    result = runner.invoke(app, ["train", "--data", str(labelled_csv), "--group-column", "doc",
                                 "--model", str(model), "--n-boot", n_boot])

    line = user_error(result)
    assert line.endswith(f"n_boot must be at least 1, got {n_boot}")
    assert not model.parent.exists()  # refused before anything is saved


# ------------------------------------------------------------------------- model files

def _predict_table(runner, model: Path, tmp_path: Path, outputs: Path):
    src = tmp_path / "in.csv"
    src.write_text(f"text\n{QUOTE}\n", encoding="utf-8")
    return runner.invoke(app, ["predict", "--model", str(model), "--input", str(src),
                               "--output", str(outputs / "scored.csv")])


def test_model_without_sidecar(runner, user_error, model_copy, tmp_path, outputs):
    model_copy.with_suffix(".json").unlink()
    before = snapshot(outputs)

    result = _predict_table(runner, model_copy, tmp_path, outputs)

    user_error(result, f"stance: {model_copy}: not a stance model (its sidecar {model_copy.stem}.json is "
                       f"missing); retrain with 'stance train'")
    assert snapshot(outputs) == before


def test_model_changed_after_saving(runner, user_error, model_copy, tmp_path, outputs):
    data = bytearray(model_copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model_copy.write_bytes(bytes(data))
    before = snapshot(outputs)

    result = _predict_table(runner, model_copy, tmp_path, outputs)

    user_error(result, f"stance: {model_copy}: the file's sha256 does not match its sidecar; it was changed "
                       f"or damaged after training and is refused. Retrain with 'stance train'")
    assert snapshot(outputs) == before


def test_model_replaced_by_another_pickle(runner, user_error, model_copy):
    import joblib

    joblib.dump({"not": "a pipeline"}, model_copy)  # a pickle, but not the one the sidecar names

    result = runner.invoke(app, ["predict", "--model", str(model_copy), QUOTE])

    user_error(result, f"stance: {model_copy}: the file's sha256 does not match its sidecar; it was changed "
                       f"or damaged after training and is refused. Retrain with 'stance train'")


@pytest.mark.parametrize("sidecar, why", [
    ({"format": "someone-elses-model", "model_sha256": "0" * 64}, "format is not 'policy-stance-model'"),
    (["policy-stance-model"], "format is not 'policy-stance-model'"),
    ("{not json", "not valid JSON"),
])
def test_sidecar_that_is_not_ours(runner, user_error, model_copy, tmp_path, outputs, sidecar, why):
    side = model_copy.with_suffix(".json")
    side.write_text(sidecar if isinstance(sidecar, str) else json.dumps(sidecar), encoding="utf-8")
    before = snapshot(outputs)

    result = _predict_table(runner, model_copy, tmp_path, outputs)

    user_error(result, f"stance: {side}: not a stance model sidecar ({why}); retrain with 'stance train'")
    assert snapshot(outputs) == before


# ------------------------------------------------------------------------- table formats

def test_table_with_an_unknown_extension(runner, user_error, tmp_path, labelled_table):
    data, model = tmp_path / "quotes.xlsx", tmp_path / "models" / "m.joblib"
    labelled_table.to_csv(data, index=False)

    result = _train(runner, "--data", str(data), model=model)

    user_error(result, f"stance: {data}: unknown table format '.xlsx'; use a file ending in .csv, .jsonl "
                       f"or .parquet")
    assert not model.parent.exists()


def test_output_with_an_unknown_extension_writes_nothing(runner, user_error, tmp_path, trained_model):
    src, dest = tmp_path / "in.csv", tmp_path / "out" / "scored.txt"
    src.write_text(f"text\n{QUOTE}\n", encoding="utf-8")

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(dest)])

    user_error(result, f"stance: {dest}: unknown table format '.txt'; use a file ending in .csv, .jsonl "
                       f"or .parquet")
    assert not dest.parent.exists()


def test_empty_csv(runner, user_error, tmp_path, outputs):
    data = tmp_path / "empty.csv"
    data.write_bytes(b"")
    before = snapshot(outputs)

    result = _train(runner, "--data", str(data), model=outputs / "m.joblib")

    user_error(result, f"stance: {data}: the file is empty; expected a header row and data")
    assert snapshot(outputs) == before


def test_csv_with_a_header_but_no_labels(runner, user_error, tmp_path, outputs):
    data = tmp_path / "header.csv"
    data.write_text("text,label\nan unlabelled quote,\n", encoding="utf-8")
    before = snapshot(outputs)

    result = _train(runner, "--data", str(data), model=outputs / "m.joblib")

    user_error(result, f"stance: {data}: column 'label' holds no labels; label some rows first")
    assert snapshot(outputs) == before


def test_jsonl_with_a_broken_line_names_the_line(runner, user_error, tmp_path, outputs):
    data = tmp_path / "quotes.jsonl"  # line 2 is blank, line 3 is cut short
    data.write_text('{"text": "arrest users", "label": "a"}\n\n{"text": "treat users", "lab\n', encoding="utf-8")
    before = snapshot(outputs)

    result = _train(runner, "--data", str(data), model=outputs / "m.joblib")

    line = user_error(result)
    assert line.startswith(f"stance: {data} line 3: not valid JSON (")
    assert line.endswith("); fix or remove the line")
    assert snapshot(outputs) == before


def test_jsonl_line_that_is_not_an_object(runner, user_error, tmp_path):
    data = tmp_path / "quotes.jsonl"
    data.write_text('{"text": "arrest users", "label": "a"}\n["treat users", "b"]\n', encoding="utf-8")

    result = _train(runner, "--data", str(data), model=tmp_path / "m.joblib")

    user_error(result, f"stance: {data} line 2: expected a JSON object per line")


def test_csv_that_is_not_utf8(runner, user_error, tmp_path):
    data = tmp_path / "latin1.csv"
    data.write_bytes("text,label\ncaf\u00e9 users,a\n".encode("latin-1"))

    result = _train(runner, "--data", str(data), model=tmp_path / "m.joblib")

    line = user_error(result)
    assert line.startswith(f"stance: {data}: byte ")
    assert line.endswith(" is not valid UTF-8; save the table as UTF-8")


def test_csv_that_is_not_utf8_names_the_right_byte(runner, user_error, tmp_path):
    data = tmp_path / "latin1.csv"
    raw = "text,label\nabc,a\nxyz,b\nq caf\u00e9 users,a\n".encode("latin-1")
    data.write_bytes(raw)
    assert raw.index(b"\xe9") == 28

    result = _train(runner, "--data", str(data), model=tmp_path / "m.joblib")

    line = user_error(result)
    assert line.startswith(f"stance: {data}")
    assert " byte 28 " in line


def test_parquet_that_is_not_parquet(runner, user_error, tmp_path):
    data = tmp_path / "quotes.parquet"
    data.write_bytes(b"text,label\narrest users,a\n")

    result = _train(runner, "--data", str(data), model=tmp_path / "m.joblib")

    assert user_error(result).startswith(f"stance: {data}: cannot be read as parquet (")


# ------------------------------------------- more bugs found here (xfail strict until fixed)

@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_train_refuses_a_null_text(runner, user_error, tmp_path, labelled_table, suffix):
    data = tmp_path / f"quotes{suffix}"
    labelled_table.loc[1, "text"] = None
    (labelled_table.to_json(data, orient="records", lines=True) if suffix == ".jsonl"
     else labelled_table.to_parquet(data))
    model = tmp_path / "models" / "m.joblib"

    result = _train(runner, "--data", str(data), "--group-column", "doc", model=model)

    user_error(result, f"stance: {data} row 2: column 'text' is empty; drop or fill the row")
    assert not model.parent.exists()


def test_train_refuses_a_null_group(runner, user_error, tmp_path, labelled_table):
    data = tmp_path / "quotes.jsonl"
    labelled_table.loc[1, "doc"] = None
    labelled_table.to_json(data, orient="records", lines=True)
    model = tmp_path / "models" / "m.joblib"

    result = _train(runner, "--data", str(data), "--group-column", "doc", model=model)

    line = user_error(result)
    assert line.startswith(f"stance: {data} row 2: ")
    assert "'doc'" in line
    assert not model.parent.exists()


def test_predict_table_with_no_rows(runner, tmp_path, trained_model):
    from stance.tables import read_table

    src, dest = tmp_path / "in.csv", tmp_path / "scored.csv"
    src.write_text("text,id\n", encoding="utf-8")

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(dest)])

    assert result.exit_code == 0, (result.stderr, repr(result.exception))
    assert result.stderr == f"scored 0 rows into {dest}\n"
    scored = read_table(dest)
    assert len(scored) == 0
    assert list(scored.columns)[:5] == ["text", "id", "pred_label", "pred_position", "pred_p_on_axis"]


def test_model_named_json_is_usable_or_refused(runner, labelled_csv, tmp_path):
    model = tmp_path / "models" / "m.json"

    trained = runner.invoke(app, ["train", "--data", str(labelled_csv), "--group-column", "doc",
                                  "--model", str(model), *N_BOOT])

    if trained.exit_code == 0:
        pred = runner.invoke(app, ["predict", "--model", str(model), QUOTE])
        assert pred.exit_code == 0, pred.stderr
    else:
        assert trained.exit_code == 2
        assert trained.stderr.startswith("stance: ")
        assert not model.parent.exists()

"""Wiring of every command: train, predict, evaluate, the help texts and ``python -m stance``.

Every file a command writes goes into ``tmp_path``; training data are the invented quotes of
``conftest.py`` (or a relabelled copy of them), so the whole module runs in seconds.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys

import pytest
import typer

from conftest import INVENTED_QUOTES, REPO, invented_rows
from stance.cli import app

N_BOOT = ["--n-boot", "50"]
CV_LINE = re.compile(
    r"cross-validated \(4 grouped folds\): accuracy \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\], "
    r"macro-F1 \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]; majority baseline accuracy \d\.\d{3}, macro-F1 \d\.\d{3}\n"
)
# One quote of each label, as written in the invented training table.
ONE_PER_LABEL = {label: texts[0] for label, texts in INVENTED_QUOTES.items()}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------- train

def _write(df, path):
    suffix = path.suffix
    if suffix == ".csv":
        df.to_csv(path, index=False)
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_parquet(path, index=False)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_train_on_any_table_with_named_columns_and_own_labels(runner, tmp_path, labelled_table, suffix):
    stances = {"-2": "against", "2": "favor", "none": "none"}
    df = labelled_table.rename(columns={"text": "quote", "label": "stance", "doc": "article"})
    df["stance"] = df["stance"].map(stances)
    data = tmp_path / f"mine{suffix}"
    _write(df, data)
    model = tmp_path / "models" / "mine.joblib"

    result = runner.invoke(app, ["train", "--data", str(data), "--text-column", "quote", "--label-column",
                                 "stance", "--group-column", "article", "--model", str(model), *N_BOOT])

    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert CV_LINE.fullmatch(result.stdout), result.stdout
    assert re.fullmatch(rf"trained on 12 quotes \(C=[0-9.]+\); saved {re.escape(str(model))}, mine.npz and "
                        rf"mine.json\n", result.stderr)
    assert sorted(p.name for p in model.parent.iterdir()) == ["mine.joblib", "mine.json", "mine.npz"]
    side = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    assert side["format"] == "policy-stance-model"
    assert side["model_sha256"] == sha256(model)
    assert side["scheme"] == {"name": f"labels of mine{suffix}", "values": ["against", "favor", "none"],
                              "positions": {}}
    assert side["data"]["columns"] == {"text": "quote", "label": "stance", "group": "article", "speaker": None}
    assert side["data"]["sha256"] == {"data": sha256(data)}
    assert side["n_train"] == 12
    assert side["label_counts"] == {"against": 4, "favor": 4, "none": 4}
    assert side["cv_scores"]["folds"] == 4

    pred = runner.invoke(app, ["predict", "--model", str(model), "--json", ONE_PER_LABEL["2"]])
    assert pred.exit_code == 0, pred.stderr
    out = json.loads(pred.stdout)
    assert out["label"] == "favor"
    assert list(out["probabilities"]) == ["against", "favor", "none"]
    assert out["position"] is None  # a nominal scheme has no axis
    assert out["p_on_axis"] == 1.0


def test_train_on_the_repository_labels(runner, tmp_path):
    model = tmp_path / "seeds.joblib"

    result = runner.invoke(app, ["train", "--labels", str(REPO / "labels"), "--seeds", str(REPO / "seeds"),
                                 "--model", str(model), "--folds", "2", "--n-boot", "20"])

    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stdout.startswith("cross-validated (2 grouped folds): accuracy ")
    side = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    assert side["scheme"]["name"] == "drug-policy-stance"
    assert side["data"]["kind"] == "labels-folder"
    codebook = (REPO / "labels" / "codebook.md").read_text(encoding="utf-8").splitlines()[0]
    assert codebook.startswith(f"Codebook version: {side['data']['codebook_version']} ")
    assert side["data"]["sha256"]["stance"] == sha256(REPO / "labels" / "stance.csv")
    assert side["n_train"] == side["data"]["n_labelled"] == sum(side["label_counts"].values())


def test_train_over_an_existing_model_replaces_it(runner, tmp_path, labelled_csv):
    model = tmp_path / "out" / "m.joblib"
    args = ["train", "--data", str(labelled_csv), "--group-column", "doc", "--model", str(model), *N_BOOT]

    first = runner.invoke(app, args)
    second = runner.invoke(app, [*args, "--seed", "7"])

    assert (first.exit_code, second.exit_code) == (0, 0)
    assert sorted(p.name for p in model.parent.iterdir()) == ["m.joblib", "m.json", "m.npz"]  # no temp files left
    side = json.loads(model.with_suffix(".json").read_text())
    assert side["model_sha256"] == sha256(model)
    assert side["config"]["seed"] == 7  # the second run replaced the first


# ------------------------------------------------------------------------------- predict

def test_predict_one_quote_prints_label_and_probabilities(runner, trained_model):
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--top", "0", ONE_PER_LABEL["-2"]])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == f"quote          {json.dumps(ONE_PER_LABEL['-2'])}"
    assert re.fullmatch(r"label -2   position -\d\.\d\d   P\(on-axis\) \d\.\d\d", lines[1]), lines[1]
    assert re.fullmatch(r"probabilities  -2: \d\.\d\d  2: \d\.\d\d  none: \d\.\d\d", lines[2]), lines[2]


def test_predict_shows_the_ngrams_behind_the_decision(runner, trained_model):
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--top", "3", ONE_PER_LABEL["2"]])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("label 2   position +")
    assert len(lines) == 4
    assert lines[3].startswith("pushed by      ")
    assert len(re.findall(r"\(\+\d\.\d{3}\)", lines[3])) == 3


@pytest.mark.parametrize("label, text", sorted(ONE_PER_LABEL.items()))
def test_predict_json_is_one_consistent_object(runner, trained_model, label, text):
    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--json", text])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    out = json.loads(result.stdout)
    assert out["text"] == text
    assert out["label"] == label
    p = out["probabilities"]
    assert list(p) == ["-2", "2", "none"]
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-9)
    assert out["label"] == max(p, key=p.get)
    assert -2.0 <= out["position"] <= 2.0
    assert out["p_on_axis"] == pytest.approx(p["-2"] + p["2"])
    assert out["position"] == pytest.approx((-2 * p["-2"] + 2 * p["2"]) / (p["-2"] + p["2"]))
    assert 1 <= len(out["features"]) <= 5
    assert all(f["weight"] > 0 for f in out["features"])


def test_predict_reads_one_quote_per_stdin_line(runner, trained_model):
    quotes = [ONE_PER_LABEL["-2"], ONE_PER_LABEL["2"], ONE_PER_LABEL["none"]]
    stdin = f"{quotes[0]}\n\n{quotes[1]}\r\n{quotes[2]}\n"  # blank lines are skipped, CRLF stripped

    result = runner.invoke(app, ["predict", "-", "--model", str(trained_model), "--json"], input=stdin)

    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == quotes
    assert [r["label"] for r in rows] == ["-2", "2", "none"]


def test_predict_stdin_without_json_echoes_each_quote_above_its_answer(runner, trained_model):
    quotes = [ONE_PER_LABEL["-2"], ONE_PER_LABEL["none"], "a \x1b[2J quote with an escape"]
    stdin = "\n".join(quotes) + "\n"

    result = runner.invoke(app, ["predict", "-", "--model", str(trained_model), "--top", "0"], input=stdin)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert lines[0::3] == [f"quote          {json.dumps(q)}" for q in quotes]
    assert "\x1b" not in result.stdout  # shown escaped, never sent to the terminal
    assert [ln.split()[1] for ln in lines[1:3 * 2:3]] == ["-2", "none"]
    assert all(ln.startswith("probabilities  ") for ln in lines[2::3])


@pytest.mark.parametrize("in_suffix, out_suffix", [(".csv", ".csv"), (".jsonl", ".jsonl"),
                                                   (".parquet", ".parquet"), (".csv", ".parquet")])
def test_predict_table_keeps_input_columns_and_adds_predictions(runner, tmp_path, trained_model,
                                                                 in_suffix, out_suffix):
    import pandas as pd

    from stance.tables import read_table

    rows = invented_rows()
    table = pd.DataFrame({"case": ["007", "008", "009"],  # leading zeros must survive
                          "quote": [rows[0]["text"], rows[4]["text"], rows[8]["text"]],
                          "source": ["invented", "invented", "invented"]})
    src, dest = tmp_path / f"in{in_suffix}", tmp_path / "out" / f"scored{out_suffix}"
    _write(table, src)

    result = runner.invoke(app, ["predict", "--model", str(trained_model), "--input", str(src),
                                 "--output", str(dest), "--text-column", "quote"])

    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stdout == ""
    assert result.stderr == f"scored 3 rows into {dest}\n"
    scored = read_table(dest)
    assert list(scored.columns) == ["case", "quote", "source", "pred_label", "pred_position",
                                    "pred_p_on_axis", "p_-2", "p_2", "p_none"]
    assert scored["case"].astype(str).tolist() == ["007", "008", "009"]
    assert scored["quote"].tolist() == table["quote"].tolist()
    assert scored["pred_label"].astype(str).tolist() == ["-2", "2", "none"]
    probs = scored[["p_-2", "p_2", "p_none"]].astype(float)
    assert probs.sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 1.0])
    on = probs["p_-2"] + probs["p_2"]
    assert scored["pred_p_on_axis"].astype(float).tolist() == pytest.approx(on.tolist())
    expected = ((2 * probs["p_2"] - 2 * probs["p_-2"]) / on).tolist()
    assert scored["pred_position"].astype(float).tolist() == pytest.approx(expected)
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


# ------------------------------------------------------------------------------ evaluate

# The files the report folder must hold; it may hold more (HTML, further figures).
REPORT_FILES = {"confusion.png", "metrics.json", "predictions.csv", "provenance.json", "report.md", "speakers.png"}


def test_evaluate_writes_the_report_folder(runner, tmp_path, labelled_csv):
    out = tmp_path / "runs" / "first"

    result = runner.invoke(app, ["evaluate", "--data", str(labelled_csv), "--group-column", "doc",
                                 "--out", str(out), *N_BOOT])

    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr.startswith(f"wrote {out}/report.md")
    assert result.stderr.count("\n") == 1
    assert result.stdout.startswith("12 quotes, ")
    assert re.search(r": accuracy \d\.\d{3} .*macro-F1 \d\.\d{3} .*\(majority baseline \d\.\d{3} / \d\.\d{3}\)",
                     result.stdout), result.stdout
    assert result.stdout.endswith(f"; report: {out / 'report.md'}\n")
    assert REPORT_FILES <= {p.name for p in out.iterdir()}
    assert sorted(p.name for p in out.parent.iterdir()) == ["first"]  # no half-built folder left
    for png in ("confusion.png", "speakers.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    m = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert (m["n_quotes"], m["n_groups"], m["folds_used"]) == (12, 4, 4)
    assert m["label_counts"] == {"-2": 4, "-1": 0, "0": 0, "1": 0, "2": 4, "none": 4}
    assert m["config"]["n_boot"] == 50
    assert m["data"]["name"] == "quotes.csv"
    assert m["data"]["sha256"] == {"data": sha256(labelled_csv)}
    assert sorted(r["speaker"] for r in m["speakers"]["table"]) == ["Invented Speaker A", "Invented Speaker B"]
    assert sum(map(sum, m["confusion"]["matrix"])) == 12
    import pandas as pd

    preds = pd.read_csv(out / "predictions.csv", dtype=str, keep_default_na=False)
    assert preds["id"].tolist() == [r["id"] for r in invented_rows()]
    assert preds["gold"].tolist() == [r["label"] for r in invented_rows()]
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Experiment: quotes\n")
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["stance_version"] == "0.1.0"


def test_evaluate_twice_gives_byte_identical_metrics(runner, tmp_path, labelled_csv, earlier_report):
    out = tmp_path / "run"
    args = ["evaluate", "--data", str(labelled_csv), "--group-column", "doc", "--out", str(out), *N_BOOT]

    shutil.copytree(earlier_report, out)  # the first run: the same command on the same table (conftest)
    metrics, preds = (out / "metrics.json").read_bytes(), (out / "predictions.csv").read_bytes()
    (out / "report.md").write_text("edited by hand")  # a file the report wrote: replaced
    second = runner.invoke(app, args)  # over the existing report

    assert second.exit_code == 0, second.stderr
    assert (out / "metrics.json").read_bytes() == metrics
    assert (out / "predictions.csv").read_bytes() == preds
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Experiment: quotes\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes.csv", "run"]
    assert REPORT_FILES <= {p.name for p in out.iterdir()}


# ---------------------------------------------------------------------------------- help

def _commands():
    root = typer.main.get_command(app)
    return root, sorted(root.commands.items())


def _command_names():
    return [name for name, _ in _commands()[1]]


def _params():
    _, commands = _commands()
    return [(name, p) for name, cmd in commands for p in cmd.params if p.name != "help"]


def test_the_command_tree_holds_the_pipeline_commands():
    root, commands = _commands()
    assert {"evaluate", "predict", "segment", "train"} <= {name for name, _ in commands}
    assert "Example" in root.help


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help_with_an_example(runner, name):
    _, commands = _commands()
    assert "Example" in dict(commands)[name].help

    result = runner.invoke(app, [name, "--help"])

    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout


@pytest.mark.parametrize("name, param", _params(), ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_option_and_argument_has_help_with_an_example(name, param):
    assert param.help, f"stance {name}: {param.opts} has no help"
    assert "Example" in param.help, f"stance {name}: help of {param.opts} gives no example"


def test_python_dash_m_stance_help():
    result = subprocess.run([sys.executable, "-m", "stance", "--help"], capture_output=True, text=True,
                            timeout=60, cwd=REPO)

    assert result.returncode == 0, result.stderr
    assert "Usage: stance" in result.stdout
    for name in _command_names():
        assert name in result.stdout
    assert "Traceback" not in result.stderr


def test_no_arguments_prints_help(runner):
    result = runner.invoke(app, [])

    assert result.exit_code == 2  # click's no_args_is_help exits as a usage error
    assert "Usage: " in result.output

"""Experiment configs, --per, --test, leave-one-speaker-out and the HTML report."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from stance.cli import app
from stance.errors import InputError
from stance.experiment import load_experiment, run_experiment
from stance.report import markdown_to_html

# Invented test data for a public-benchmark style run: two targets, three labels.
FAVOR = ["we fully support {t}", "{t} is the right way", "more {t} please", "I back {t} strongly",
         "{t} helps people", "yes to {t}"]
AGAINST = ["we oppose {t}", "{t} is a mistake", "scrap {t} now", "I reject {t} entirely",
           "{t} harms people", "no to {t}"]
NONE = ["the meeting on {t} was at noon", "a report about {t} came out", "the panel discussed {t}",
        "figures on {t} were published", "{t} was on the agenda", "minutes mention {t}"]


def table(targets=("diversion", "prohibition"), reps=range(6)):
    rows = []
    for t in targets:
        for i in reps:
            for lab, src in (("favor", FAVOR), ("against", AGAINST), ("none", NONE)):
                rows.append({"text": src[i].format(t=t), "label": lab, "target": t, "doc": f"{t}-{i}",
                             "speaker": f"S{i % 3}"})
    return pd.DataFrame(rows)


@pytest.fixture()
def files(tmp_path):
    train, test = table(reps=range(4)), table(reps=range(4, 6))
    train.to_csv(tmp_path / "train.csv", index=False)
    test.to_csv(tmp_path / "test.csv", index=False)
    return tmp_path


def test_per_target_with_separate_test_file_reports_each_target_and_pooled(files):
    out = files / "bench"
    r = CliRunner().invoke(app, ["evaluate", "--data", str(files / "train.csv"), "--group-column", "doc",
                                 "--per", "target", "--test", str(files / "test.csv"), "--n-boot", "30",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    m = json.loads((out / "metrics.json").read_text())
    assert m["protocol"] == "holdout" and m["values"] == ["diversion", "prohibition"]
    assert set(m["per_value"]) == {"diversion", "prohibition"}
    assert m["n_quotes"] == 12  # 2 targets x 2 reps x 3 labels, all from the test file
    assert m["macro_f1_mean_over_values"] == pytest.approx(
        sum(v["macro_f1"] for v in m["per_value"].values()) / 2, abs=1e-6)
    for v in ("diversion", "prohibition"):
        sub = json.loads((out / "per-target" / v / "metrics.json").read_text())
        assert sub["n_quotes"] == 6 and sub["test_data"]["subset"] == v
    md = (out / "report.md").read_text()
    assert "## Per target" in md and "[diversion](per-target/diversion/report.md)" in md


def test_config_file_runs_and_is_byte_identical(files, tmp_path):
    cfg = tmp_path / "bench.toml"
    cfg.write_text('name = "bench"\n[data]\ntable = "train.csv"\ngroup_column = "doc"\nspeaker_column = "speaker"\n'
                   '[scheme]\nvalues = ["against", "none", "favor"]\npositions = { against = -1, favor = 1 }\n'
                   '[model]\nc_grid = [1.0, 10.0]\n[cv]\nfolds = 3\nrepeats = 2\nn_boot = 40\n'
                   'learning_curve = [0.5, 1.0]\n')
    exp = load_experiment(cfg)
    assert exp.scheme.positions == {"against": -1.0, "favor": 1.0} and exp.config.repeats == 2
    a = run_experiment(exp, tmp_path / "a")
    run_experiment(exp, tmp_path / "b")
    assert (tmp_path / "a" / "metrics.json").read_bytes() == (tmp_path / "b" / "metrics.json").read_bytes()
    assert a["repeats"]["seeds"] == [0, 1] and len(a["learning_curve"]) == 2
    assert a["model"]["qwk"] is not None and "mae_macro_ci95" in a["model"]
    html = (tmp_path / "a" / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "data:image/png;base64," in html


@pytest.mark.parametrize("text, message", [
    ('[data]\ntable = "x.csv"\nlabels = "l"\n', "either 'labels'"),
    ('[data]\ntable = "x.csv"\n[cv]\nfoldz = 3\n', r"unknown key\(s\) foldz"),
    ('[data]\ntable = "x.csv"\n[model]\nC = 3\n', r"unknown model setting\(s\) C"),
    ('[data\n', "not valid TOML"),
])
def test_bad_configs_say_what_is_wrong(tmp_path, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    with pytest.raises(InputError, match=message):
        load_experiment(cfg)


def test_leave_one_speaker_out_never_tests_on_a_trained_speaker(files, tmp_path):
    r = CliRunner().invoke(app, ["evaluate", "--data", str(files / "train.csv"), "--speaker-column", "speaker",
                                 "--group-column", "doc", "--by", "speaker", "--n-boot", "20", "--out",
                                 str(tmp_path / "loso")])
    assert r.exit_code == 0, r.stderr
    preds = pd.read_csv(tmp_path / "loso" / "predictions.csv")
    assert preds["fold"].nunique() == 3
    assert all(g["speaker"].nunique() == 1 for _, g in preds.groupby("fold"))


def test_html_escapes_text_from_data():
    md = "# T\n\n| a | b |\n|---|---|\n| <script>alert(1)</script> | x |\n\n- <b>item</b>\n"
    page = markdown_to_html(md, {}, "t")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;item&lt;/b&gt;" in page


# ------------------------------------------------------------------ scheme and train CONFIG

def labels_folder(root, relabel=None):
    """The invented quotes of conftest as a labels folder with articles (INVENTED TEST DATA)."""
    import csv

    from conftest import invented_rows

    relabel = relabel or {}
    labels, seeds = root / "labels", root / "seeds"
    labels.mkdir(parents=True)
    seeds.mkdir()
    rows = invented_rows()
    docs = {}
    for r in rows:
        docs.setdefault(r["doc"], []).append(r)
    with open(labels / "quotes.csv", "w", encoding="utf-8", newline="") as q, \
            open(labels / "stance.csv", "w", encoding="utf-8", newline="") as st:
        qw, sw = csv.writer(q, lineterminator="\n"), csv.writer(st, lineterminator="\n")
        qw.writerow(["quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text"])
        sw.writerow(["quote_id", "label", "note"])
        for doc, quotes in docs.items():
            text = ""
            for r in quotes:
                start = len(text) + 1
                text += f"“{r['text']}”, said {r['speaker']}.\n"
                qw.writerow([r["id"], doc, start, start + len(r["text"]), "direct", r["speaker"], "", r["text"]])
                sw.writerow([r["id"], relabel.get(r["label"], r["label"]), ""])
            (seeds / f"{doc}.txt").write_text(text, encoding="utf-8")
    (labels / "codebook.md").write_text("Codebook version: 1.0 (2026-01-01)\n", encoding="utf-8")
    return labels


def test_a_labels_folder_is_read_under_the_configs_scheme(tmp_path):
    labels_folder(tmp_path, {"-2": "against", "2": "favor"})
    (tmp_path / "exp.toml").write_text(
        'name = "own-scheme"\n[data]\nlabels = "labels"\nseeds = "seeds"\n'
        '[scheme]\nname = "favour-against"\nvalues = ["against", "none", "favor"]\n'
        '[cv]\nn_boot = 20\nlearning_curve = []\ntop_ngrams = 0\n', encoding="utf-8")
    m = run_experiment(load_experiment(tmp_path / "exp.toml"), tmp_path / "out")
    assert m["scheme"] == {"name": "favour-against", "values": ["against", "none", "favor"], "positions": {}}
    assert m["label_counts"] == {"against": 4, "none": 4, "favor": 4}


def test_train_with_a_config_saves_exactly_the_experiments_model(tmp_path, runner):
    labels_folder(tmp_path)
    config = tmp_path / "tuned.toml"
    config.write_text('name = "tuned"\n[data]\nlabels = "labels"\nseeds = "seeds"\n'
                      '[scheme]\nvalues = ["-2", "2", "none"]\npositions = { "-2" = -2, "2" = 2 }\n'
                      '[model]\nc_grid = [10.0]\nchar_ngrams = [2, 4]\n[cv]\nn_boot = 20\nfolds = 2\n',
                      encoding="utf-8")
    model = tmp_path / "models" / "tuned.joblib"

    result = runner.invoke(app, ["train", str(config), "--model", str(model), "--seed", "3"])

    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stdout.startswith("cross-validated (2 grouped folds): ")
    side = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    assert side["chosen_C"] == 10.0  # the experiment's C grid reached the model
    assert side["config"]["model"]["c_grid"] == [10.0] and side["config"]["model"]["char_ngrams"] == [2, 4]
    assert (side["config"]["folds"], side["config"]["seed"]) == (2, 3)  # the flag overrides the config
    assert side["scheme"]["values"] == ["-2", "2", "none"]
    import hashlib

    assert side["experiment"]["name"] == "tuned" and side["experiment"]["file"] == "tuned.toml"
    assert side["experiment"]["sha256"] == hashlib.sha256(config.read_bytes()).hexdigest()
    from stance.modelfile import load_model

    pipe, _ = load_model(model)
    assert pipe.named_steps["clf"].C == 10.0
    assert pipe.named_steps["features"].transformer_list[1][1].ngram_range == (2, 4)


def test_train_refuses_a_config_and_data_flags_together(tmp_path, runner, user_error):
    labels = labels_folder(tmp_path)
    (tmp_path / "e.toml").write_text('[data]\nlabels = "labels"\n', encoding="utf-8")
    result = runner.invoke(app, ["train", str(tmp_path / "e.toml"), "--labels", str(labels)])
    said = " ".join(result.stderr.replace("│", " ").split())  # click boxes and wraps usage errors
    assert result.exit_code == 2 and "the config names the data; drop --labels or drop the config" in said


def test_train_refuses_a_per_value_experiment(tmp_path, runner, user_error):
    table().to_csv(tmp_path / "t.csv", index=False)
    (tmp_path / "p.toml").write_text('name = "p"\n[data]\ntable = "t.csv"\nper = "target"\n', encoding="utf-8")
    result = runner.invoke(app, ["train", str(tmp_path / "p.toml"), "--model", str(tmp_path / "m.joblib")])
    user_error(result, "stance: experiment 'p' fits one model per value of 'target' (per); train fits one model: "
                       "drop 'per' from the config or train on one value's table")
    assert not (tmp_path / "m.joblib").exists()


# ------------------------------------------------------------- a config plus command-line flags

def test_resolve_applies_typed_flags_to_a_config_as_a_named_variant(tmp_path):
    from stance.experiment import Overrides, resolve

    (tmp_path / "base.toml").write_text('name = "base"\n[data]\ntable = "t.csv"\n[cv]\nseed = 1\nfolds = 4\n',
                                        encoding="utf-8")
    typed = Overrides.of({"seed": 2, "n_boot": 50, "folds": None, "model": "ignored.joblib"}, ["seed", "n_boot"])
    run = resolve(tmp_path / "base.toml", typed, experiments=tmp_path)
    assert (run.experiment.name, run.experiment.config.seed, run.experiment.config.n_boot) == ("base", 2, 50)
    assert run.experiment.config.folds == 4  # not typed: the config's value stays
    assert (run.report_name, run.report_dir) == ("base-seed-2-n-boot-50", tmp_path / "out" / "base-seed-2-n-boot-50")
    named = resolve(tmp_path / "base.toml", Overrides.of({"seed": 2, "name": "mine"}, ["seed", "name"]),
                    experiments=tmp_path)
    assert (named.report_name, named.variant) == ("mine", {"seed": 2})


def test_resolve_uses_the_default_config_unless_data_flags_name_the_data(tmp_path):
    from stance.experiment import Overrides, resolve

    (tmp_path / "dflt.toml").write_text('[data]\ntable = "t.csv"\n', encoding="utf-8")
    assert resolve(None, Overrides(), default="dflt", experiments=tmp_path).experiment.source == tmp_path / "dflt.toml"
    flags = Overrides.of({"data": tmp_path / "My Quotes.csv", "test": tmp_path / "u.csv", "text_column": "quote"},
                         ["data", "test", "text_column"])
    run = resolve(None, flags, default="dflt", experiments=tmp_path)
    exp = run.experiment
    assert (exp.name, exp.source, exp.data.table, exp.data.text_column) == ("My_Quotes", None, tmp_path / "My Quotes.csv",
                                                                             "quote")
    assert (exp.test.table, exp.test.text_column, run.variant) == (tmp_path / "u.csv", "quote", {})


@pytest.mark.parametrize("config, values, typed, message", [
    ("e.toml", {"labels": "x"}, ["labels"], "the config names the data; drop --labels or drop the config"),
    (None, {"test": "u.csv"}, ["test"], "--test needs --data: the training table"),
    ("e.toml", {"refresh_reference": True, "seed": 3}, ["refresh_reference", "seed"],
     "--refresh-reference refreshes the reference report of a config as it is"),
    (None, {"refresh_reference": True, "data": "t.csv"}, ["refresh_reference", "data"],
     "--refresh-reference refreshes the reference report of a config as it is"),
])
def test_resolve_refuses_flags_that_do_not_go_together(tmp_path, config, values, typed, message):
    from stance.experiment import Overrides, resolve

    (tmp_path / "e.toml").write_text('[data]\ntable = "t.csv"\n', encoding="utf-8")
    with pytest.raises(InputError, match="^" + message.replace("-", r"\-")):
        resolve(tmp_path / config if config else None, Overrides.of(values, typed), experiments=tmp_path)

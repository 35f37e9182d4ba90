"""The experiment folder: contents, atomic replacement, and the committed seed report."""

import json
from pathlib import Path

import pytest

import stance.report as report
from stance.evaluate import EvalConfig, evaluate

from test_evaluate import dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(dataset(), EvalConfig(folds=3, n_boot=50))


def test_report_folder_holds_every_output(tmp_path, evaluation):
    out = report.write_report(evaluation, tmp_path / "exp", name="tiny")
    assert sorted(p.name for p in out.iterdir()) == [
        ".stance-folder.json", "confusion.png", "learning_curve.png", "metrics.json", "predictions.csv", "provenance.json",
        "reliability.png", "report.html", "report.md", "speakers.png"]
    md = (out / "report.md").read_text()
    for heading in ("# Experiment: tiny", "## Scores", "majority baseline", "### Confusion matrix",
                    "## Calibration", "## Learning curve", "## Per-speaker stance", "### Positions over time",
                    "## What the model learned", "## Provenance"):
        assert heading in md
    assert json.loads((out / "metrics.json").read_text()) == json.loads(json.dumps(evaluation.metrics))
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["packages"]["scikit-learn"] and prov["date"]
    assert len((out / "predictions.csv").read_text().splitlines()) == 19


def test_a_failed_render_leaves_the_previous_report_intact(tmp_path, evaluation, monkeypatch):
    out = report.write_report(evaluation, tmp_path / "exp")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "_figure_speakers", boom)
    with pytest.raises(RuntimeError):
        report.write_report(evaluation, tmp_path / "exp")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["exp"]


def test_limits_section_says_when_the_model_does_not_beat_the_baseline():
    m = {"n_groups": 5, "label_counts": {"a": 3, "b": 40},
         "model": {"delta_vs_majority_ci95": {"macro_f1": [-0.1, 0.2]},
                   "per_class": {"a": {"recall": 0.0, "support": 3}, "b": {"recall": 1.0, "support": 40}}}}
    notes = " ".join(report._limits(m))
    assert "Only 5 groups" in notes and "includes zero" in notes and "Never correctly predicted: a" in notes


def test_committed_seed_report_is_reproduced_exactly(tmp_path):
    """Re-running the seed experiment gives the committed metrics.json byte for byte."""
    from stance.experiment import load_experiment, run_experiment

    run_experiment(load_experiment(ROOT / "experiments" / "seeds-baseline.toml"), tmp_path / "seeds-baseline")
    out = tmp_path / "seeds-baseline"
    committed = ROOT / "experiments" / "seeds-baseline" / "metrics.json"
    assert (out / "metrics.json").read_bytes() == committed.read_bytes()

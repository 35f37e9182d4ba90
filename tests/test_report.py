"""The experiment folder: contents, atomic replacement, and the committed seed report."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

import stance.report as report
from stance.agreement import agreement as coder_agreement
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

    monkeypatch.setattr(report.figures, "speaker_positions", boom)
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


# ------------------------------------------------------------------- reading the report

def _m(lo, hi, repeats=None, n_groups=5):
    m = {"n_groups": n_groups,
         "model": {"macro_f1": 0.3, "macro_f1_ci95": [0.2, 0.4], "delta_vs_majority_ci95": {"macro_f1": [lo, hi]}},
         "baselines": {"majority": {"macro_f1": 0.25}}}
    if repeats:
        m["repeats"] = repeats
    return m


@pytest.mark.parametrize("lo, hi, start", [
    (-0.02, 0.14, "These data do not show that the model beats always guessing the commonest label: here the 95% "
                  "interval of its macro-F1 gain over the majority baseline, [-0.020, 0.140], includes zero."),
    (0.01, 0.2, "The model beats always guessing the commonest label: here the 95% interval of its macro-F1 gain "
                "over the majority baseline, [0.010, 0.200], lies above zero."),
    (-0.3, -0.1, "The model does worse than always guessing the commonest label: here the 95% interval of its "
                 "macro-F1 gain over the majority baseline, [-0.300, -0.100], lies below zero."),
])
def test_the_bottom_line_reads_the_interval_of_the_gain(lo, hi, start):
    text = report.bottom_line(_m(lo, hi, n_groups=40))
    assert text == start + " Its macro-F1 is 0.300 [0.200, 0.400] against the baseline's 0.250."


def test_the_bottom_line_quotes_the_mean_over_repeated_runs():
    repeats = {"seeds": [0, 1, 2],
               "macro_f1": {"values": [0.3, 0.1, 0.2], "mean": 0.2, "sd": 0.1},
               "qwk": {"values": [0.1, -0.7, 0.3], "mean": -0.1, "sd": 0.529},
               "majority": {"macro_f1": {"values": [0.2, 0.2, 0.2], "mean": 0.2, "sd": 0.0},
                            "qwk": {"values": [0.0, 0.0, 0.0], "mean": 0.0, "sd": 0.0}}}
    assert report.bottom_line(_m(-0.02, 0.14, repeats)) == (
        "These data do not show that the model beats always guessing the commonest label: in the first run the 95% "
        "interval of its macro-F1 gain over the majority baseline, [-0.020, 0.140], includes zero. Over 3 "
        "cross-validation runs (fold seeds 0, 1, 2) its macro-F1 averages 0.200 (sd 0.100) against the baseline's "
        "0.200, a mean gain of 0.000; it scored higher in 1 of 3 runs. Placing quotes on the axis, its "
        "quadratic-weighted kappa averages -0.100 (sd 0.529; 0 is chance, 1 perfect). With 5 articles, every "
        "figure is indicative only.")


@pytest.fixture(scope="module")
def repeated():
    return evaluate(dataset(), EvalConfig(folds=3, n_boot=20, repeats=2, learning_curve=()))


def test_the_report_leads_with_the_bottom_line_and_the_mean_over_runs(repeated):
    two = coder_agreement({"al": {"q1": "1", "q2": "0"}, "bo": {"q1": "1", "q2": "-1"}})
    agreement = replace(two, codebook_version="1.0", text="Agreement over 3 quotes")
    md = report.render_markdown(repeated, "tiny", report.provenance(), agreement)
    heads = [ln for ln in md.splitlines() if ln.startswith("#")]
    assert heads[:8] == ["# Experiment: tiny", "## Bottom line", "## Scores",
                         "### Headline: mean over 2 cross-validation runs", "### First run in detail (fold seed 0)",
                         "### Per class, first run", "### Confusion matrix, first run (rows gold, columns predicted)",
                         "## Coder agreement (the ceiling)"]
    lines = md.splitlines()
    assert "Coded under codebook version 1.0." in md and "```\nAgreement over 3 quotes\n```" in md
    assert lines[4] == report.bottom_line(repeated.metrics)
    r = repeated.metrics["repeats"]
    row = next(ln for ln in lines if ln.startswith("| macro-F1 | **"))
    assert row.startswith(f"| macro-F1 | **{r['macro_f1']['mean']:.3f} (sd {r['macro_f1']['sd']:.3f}; runs ")
    assert "`expected` uses the model's probabilities instead of its labels" in md
    contents = next(ln for ln in lines if ln.startswith("**Contents:**"))
    assert contents.startswith("**Contents:** [Scores](#scores) · [Coder agreement (the ceiling)]"
                               "(#coder-agreement-the-ceiling) · ")


def test_the_html_report_has_a_table_of_contents_linking_every_section(repeated):
    md = report.render_markdown(repeated, "tiny", report.provenance())
    page = report.markdown_to_html(md, {}, "tiny")
    import re

    sections = re.findall(r'<h2 id="([^"]+)">', page)
    assert sections[:3] == ["bottom-line", "scores", "calibration"]
    links = re.findall(r'<a href="#([^"]+)">', page)
    assert links == sections[1:]  # every section after the bottom line, in order

"""Typed evaluation results: fields read by name, and the metrics.json form round-trips."""

from dataclasses import replace
from pathlib import Path

import pytest

from stance.evaluate import EvalConfig, evaluate, evaluate_per
from stance.results import Metrics
from stance.summaries import evaluation_line

from test_evaluate import dataset


@pytest.fixture(scope="module")
def repeated():
    return evaluate(dataset(), EvalConfig(folds=2, n_boot=10, repeats=2, learning_curve=(0.5, 1.0), top_ngrams=2))


def test_the_metrics_json_form_round_trips(repeated):
    m = repeated.result
    assert Metrics.from_dict(repeated.metrics) == m
    assert Metrics.from_dict(m.to_dict()).to_dict() == repeated.metrics
    assert repeated.metrics["model"]["macro_f1"] == m.model.macro_f1
    assert repeated.metrics["model"]["macro_f1_ci95"] == m.model.ci("macro_f1")
    assert repeated.metrics["repeats"]["qwk"]["mean"] == m.repeats.model["qwk"].mean
    assert repeated.metrics["baselines"]["majority"]["accuracy"] == m.majority.accuracy
    assert [p.share_of_groups for p in m.learning_curve] == [0.5, 1.0]
    assert m.model.has("qwk") and m.speakers.few_quotes_threshold == 5


def test_pooled_per_value_metrics_name_their_values_and_carry_no_test_record():
    ds = dataset()
    target = ["x" if int(g[3]) % 2 else "y" for g in ds.table["group"]]
    res = evaluate_per(ds, target, replace(EvalConfig(folds=2, n_boot=10), top_ngrams=0))
    pooled = res["(pooled)"]
    assert pooled.result.per.values == ["x", "y"]
    assert pooled.result.per.scores["x"].n_quotes == res["x"].result.n_quotes == 9
    assert "test_data" not in pooled.metrics and "test_data" in res["x"].metrics
    assert Metrics.from_dict(pooled.metrics).to_dict() == pooled.metrics


def test_a_partial_metrics_file_reads_with_the_rest_unknown():
    m = Metrics.from_dict({"n_groups": 3, "model": {"macro_f1": 0.5, "macro_f1_ci95": [0.4, 0.6]}})
    assert (m.n_groups, m.model.macro_f1, m.model.ci("macro_f1")) == (3, 0.5, [0.4, 0.6])
    assert not m.model.has("qwk") and m.model.value("qwk") is None
    assert m.repeats is None and m.speakers is None and m.majority.macro_f1 is None


def test_the_summary_line_reads_the_typed_result_and_a_real_news_metrics_file(repeated):
    line = evaluation_line(repeated.result, Path("out"))
    assert line == evaluation_line(repeated.metrics, Path("out"))
    r = repeated.result.repeats
    assert line.startswith(f"{repeated.result.n_quotes} quotes, {repeated.result.protocol}: mean over 2 runs: "
                           f"accuracy {r.model['accuracy'].mean:.3f}, macro-F1 {r.model['macro_f1'].mean:.3f} ")
    score = {"accuracy": 0.5, "accuracy_ci95": [0.25, 0.75], "macro_f1": 0.4, "macro_f1_ci95": [0.2, 0.6]}
    news = {"n_quotes": 8, "protocol": "holdout on the tuning half of x", "model": score,
            "baselines": {"majority": {"accuracy": 0.375, "macro_f1": 0.1}}, "speakers": [{"speaker": "A"}]}
    assert evaluation_line(news, Path("out")) == (
        "8 quotes, holdout on the tuning half of x: accuracy 0.500 [0.250, 0.750], macro-F1 0.400 [0.200, 0.600] "
        "(majority baseline 0.375 / 0.100); report: out/report.md")

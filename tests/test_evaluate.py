"""Cross-validation, bootstrap and per-speaker positions."""

import numpy as np
import pandas as pd
import pytest

import stance.evaluate as ev
from stance.positions import speaker_positions
from stance.scoring import CodedPredictions, bootstrap_samples
from stance.stats import cohen_kappa
from stance.errors import InputError
from stance.labels import Dataset
from stance.scheme import STANCE_SCHEME, infer_scheme

# Invented test data: three labels, six articles, two quotes per label per article... kept tiny.
ENF = ["arrest the users", "prosecute drug users", "jail people who use drugs",
       "punish users hard", "users face arrest", "crack down on users"]
TRE = ["treat addiction", "divert users to treatment", "support people into recovery",
       "health care not prison", "treatment for users", "help people who use drugs"]
NON = ["the panel met tuesday", "figures were published", "the report came out",
       "the meeting was long", "numbers rose last year", "the council sat at noon"]


def dataset():
    rows = []
    for g in range(6):
        for lab, src, who in (("-2", ENF, "Hard"), ("2", TRE, "Soft"), ("none", NON, "Clerk")):
            rows.append({"id": f"{g}-{lab}", "text": src[g], "label": lab, "group": f"art{g}",
                         "speaker": who, "date": ""})
    return Dataset(pd.DataFrame(rows), STANCE_SCHEME, {"kind": "test", "path": "mem/test.csv"})


def test_auto_folds_respect_groups_and_rarest_label():
    t = dataset().table
    assert ev.auto_folds(t) == 5
    assert ev.auto_folds(t.iloc[:9]) == 3


@pytest.mark.parametrize("folds, message", [
    (7, r"6 groups \(articles\) but 7 folds.*--folds 6"),
    (1, "at least 2"),
])
def test_check_folds_errors(folds, message):
    with pytest.raises(InputError, match=message):
        ev.check_folds(dataset().table, folds)


def test_rare_label_error_says_how_many_and_suggests_folds():
    t = dataset().table
    t = pd.concat([t[t.label != "2"], t[t.label == "2"].iloc[:3]])
    with pytest.raises(InputError, match=r"label '2' has 3 examples, fewer than the 5 folds; use --folds 3"):
        ev.check_folds(t, 5)


def test_tuning_never_sees_the_test_fold(monkeypatch):
    seen = []
    real = ev.fit_pipeline

    def spy(texts, labels, groups, config):
        seen.append(set(groups))
        return real(texts, labels, groups, config)

    monkeypatch.setattr(ev, "fit_pipeline", spy)
    preds = ev.cross_validate(dataset(), ev.EvalConfig(folds=3, n_boot=10))
    assert len(seen) == 3
    for k, train_groups in enumerate(seen, start=1):
        test_groups = set(preds.loc[preds.fold == k, "group"])
        assert test_groups and not (train_groups & test_groups)
    assert set(preds["group"]) == {f"art{g}" for g in range(6)}


def test_bootstrap_resamples_articles_not_quotes():
    # Article A: 1 quote, right. Article B: 3 quotes, all wrong. Resampling whole articles can
    # only give accuracy 1 (AA), 1/4 (AB or BA) or 0 (BB); resampling quotes would also give
    # 1/2 and 3/4.
    scheme = infer_scheme(["a", "b"])
    preds = pd.DataFrame({"group": ["A", "B", "B", "B"], "gold": ["a"] * 4, "pred": ["a", "b", "b", "b"],
                          "majority": ["a"] * 4, "stratified": ["a"] * 4,
                          "p_a": [1.0, 0, 0, 0], "p_b": [0, 1.0, 1.0, 1.0], "prior_a": [0.5] * 4, "prior_b": [0.5] * 4})
    samples = bootstrap_samples(CodedPredictions(preds, scheme), n_boot=300, seed=0)
    assert set(np.round(samples["model/accuracy"], 6)) == {0.0, 0.25, 1.0}
    assert set(samples["majority/accuracy"]) == {1.0}


def test_speaker_positions_by_hand():
    preds = pd.DataFrame({
        "speaker": ["X", "X", "X", "Y"], "gold": ["-2", "-1", "none", "2"], "pred": ["-2", "-2", "none", "1"],
        **{f"p_{c}": [0.0] * 4 for c in STANCE_SCHEME.values},
    })
    preds.loc[0, "p_-2"] = 1.0
    preds.loc[1, "p_-2"] = 0.5
    preds.loc[1, "p_-1"] = 0.5
    preds.loc[2, "p_none"] = 1.0
    preds.loc[3, "p_1"] = 1.0
    sp = speaker_positions(preds, STANCE_SCHEME, n_boot=50).set_index("speaker")
    assert sp.loc["X", "gold_mean"] == -1.5 and sp.loc["X", "pred_mean"] == -2.0
    assert sp.loc["X", "pred_expected"] == pytest.approx((-2 - 1 - 0.5) / 2.0)
    assert sp.loc["X", "n_quotes"] == 3 and sp.loc["X", "n_on_axis"] == 2 and sp.loc["X", "few"]
    assert sp.loc["Y", "gold_mean"] == 2.0 and sp.loc["Y", "pred_mean"] == 1.0
    assert list(sp.index) == ["X", "Y"]  # ordered by gold position


def test_evaluate_scores_beat_baselines_on_separable_data_and_are_deterministic():
    cfg = ev.EvalConfig(folds=3, n_boot=100, learning_curve=(0.5, 1.0), top_ngrams=3)
    a = ev.evaluate(dataset(), cfg)
    b = ev.evaluate(dataset(), cfg)
    assert a.metrics == b.metrics
    m = a.metrics
    assert m["n_quotes"] == 18 and m["folds_used"] == 3
    assert m["baselines"]["majority"]["accuracy"] == pytest.approx(1 / 3)
    assert m["model"]["accuracy"] > m["baselines"]["majority"]["accuracy"]
    lo, hi = m["model"]["accuracy_ci95"]
    assert lo <= m["model"]["accuracy"] <= hi
    assert sum(map(sum, m["confusion"]["matrix"])) == 18
    assert m["data"] == {"kind": "test", "name": "test.csv"}
    assert -1.0 <= m["model"]["qwk"] <= 1.0  # defined (not None) on the axis
    assert [p["share_of_groups"] for p in m["learning_curve"]] == [0.5, 1.0]
    assert set(m["top_ngrams"]["classes"]) == {"-2", "2", "none"}
    assert len(m["top_ngrams"]["classes"]["-2"]) == 3
    assert 0 <= m["calibration"]["ece"] <= 1 and sum(b["n"] for b in m["calibration"]["bins"]) == 18
    speakers = {r["speaker"]: r for r in m["speakers"]["table"]}
    assert speakers["Hard"]["gold_mean"] == -2.0 and speakers["Clerk"]["gold_mean"] is None


def test_qwk_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    gold = [0, 1, 2, 3, 4, 4, 2, 1, 0, 3]
    pred = [0, 2, 2, 3, 3, 4, 1, 1, 1, 4]
    ours = cohen_kappa(np.array(gold), np.array(pred), np.arange(5), "quadratic")
    assert ours == pytest.approx(cohen_kappa_score(gold, pred, weights="quadratic", labels=list(range(5))))


def test_metrics_from_confusion_match_scikit_learn():
    from sklearn.metrics import f1_score

    scheme = STANCE_SCHEME
    gold = ["-2", "-1", "none", "2", "2", "none", "1", "0"]
    pred = ["-2", "none", "none", "1", "2", "-1", "1", "none"]
    preds = pd.DataFrame({"group": list("abcdefgh"), "gold": gold, "pred": pred, "majority": ["none"] * 8,
                          "stratified": gold, **{f"p_{c}": [1 / 6] * 8 for c in scheme.values},
                          **{f"prior_{c}": [1 / 6] * 8 for c in scheme.values}})
    m = CodedPredictions(preds, scheme).metrics()["model"]
    assert m["macro_f1"] == pytest.approx(f1_score(gold, pred, average="macro", labels=sorted(set(gold))))
    assert m["accuracy"] == pytest.approx(4 / 8)
    assert m["brier"] == pytest.approx(5 / 36 + 25 / 36)

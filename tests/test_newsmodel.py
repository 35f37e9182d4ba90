"""Issue 13: several training sources, a listed corpus's half as test set, selection metrics,
two-stage and ordinal estimators, the sidecar's baseline and predict's warning. Invented data only."""

import csv
import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from stance.cli import app
from stance.errors import InputError
from stance.experiment import load_experiment, run_experiment
from stance.model import ModelConfig
from stance.modelfile import baseline_warning
from stance.newsdata import load_training
from stance.newsmetrics import score_predictions, speaker_set
from stance.ordinal import CumulativeLR, TwoStage, cumulative_to_proba
from stance.pagecorpus import PAGE_COLUMNS, UNIT_COLUMNS, half, page_id_for
from stance.scheme import STANCE_SCHEME
from stance.selection import scores_for

# Invented quotes, one phrase per value, so a tiny model learns them.
PHRASES = {
    "-2": "Arrest every user and lock them up for years",
    "-1": "Users should face tougher penalties from the courts",
    "1": "Treat addiction as a health issue and fund clinics",
    "2": "Legalise and regulate every drug now",
    "none": "The weather at the festival was sunny and warm",
}


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def free_quotes(folder, n_per=6):
    folder.mkdir(parents=True)
    with open(folder / "quotes.csv", "w", newline="", encoding="utf-8") as qf, \
            open(folder / "stance.csv", "w", newline="", encoding="utf-8") as sf:
        qw, sw = csv.writer(qf), csv.writer(sf)
        qw.writerow(["quote_id", "text", "kind", "speaker", "speaker_role", "speaker_type", "topic", "source", "author"])
        sw.writerow(["quote_id", "label", "note"])
        k = 0
        for label, phrase in PHRASES.items():
            for i in range(n_per):
                k += 1
                qw.writerow([f"inv-{k:03d}", f"{phrase}, says speaker {i}.", "direct", f"Speaker {k % 7}", "role",
                             "person", "t", "invented", "wa"])
                sw.writerow([f"inv-{k:03d}", label, ""])
    return folder


def listed_corpus(folder, with_texts=True):
    """Four invented pages per half; each page quotes two invented speakers."""
    texts = folder / "texts"
    texts.mkdir(parents=True)
    urls, n_half = [], {"tuning": 0, "test": 0}
    i = 0
    while min(n_half.values()) < 4:
        i += 1
        url = f"https://invented-news.test/story-{i}"
        h = half(page_id_for(url))
        if n_half[h] < 4:
            n_half[h] += 1
            urls.append(url)
    labels = list(PHRASES)
    with open(folder / "pages.csv", "w", newline="", encoding="utf-8") as pf, \
            open(folder / "quotes.csv", "w", newline="", encoding="utf-8") as qf, \
            open(folder / "stance.csv", "w", newline="", encoding="utf-8") as sf:
        pw, qw, sw = csv.writer(pf), csv.writer(qf), csv.writer(sf)
        pw.writerow(PAGE_COLUMNS)
        qw.writerow(UNIT_COLUMNS)
        sw.writerow(["quote_id", "label", "note"])
        for p, url in enumerate(urls):
            pid = page_id_for(url)
            a, b = labels[p % 5], labels[(p + 2) % 5]
            qa, qb = PHRASES[a] + ".", PHRASES[b] + "."
            text = f'Ann Vale said: "{qa}" Bob Hill said: "{qb}"'
            if with_texts:
                (texts / f"{pid}.txt").write_text(text, encoding="utf-8")
            pw.writerow([pid, url, "Invented", "2020-01-02", "", "q", "2026-11-30", sha(text), len(text), 0])
            for j, (span, spk, lab) in enumerate(((qa, "Ann Vale", a), (qb, "Bob Hill", b)), 1):
                start = text.index(span)
                qw.writerow([f"{pid}-{j:02d}", pid, start, start + len(span), "direct", spk, "role", "person",
                             sha(span)])
                sw.writerow([f"{pid}-{j:02d}", lab, ""])
    (folder / "annotations").mkdir()
    return folder


CONFIG = """
name = "tiny-news"
[data]
sources = [{tag = "inv", path = "inv"}]
[test]
listing = "news"
half = "test"
texts = "news/texts"
[model]
c_grid = [10.0]
[cv]
n_boot = 50
"""


def test_sources_are_tagged_and_groups_prefixed(tmp_path):
    free_quotes(tmp_path / "inv")
    listed_corpus(tmp_path / "news")
    ds = load_training([("inv", tmp_path / "inv"), ("real", tmp_path / "news")])
    t = ds.table
    assert sorted(t["source"].unique()) == ["inv", "real"]
    assert len(t) == 30 + 8  # every invented quote, and the tuning half's 4 pages x 2 quotes
    assert all(g.startswith(("inv:speaker:", "real:n")) for g in t["group"])


def test_news_experiment_scores_the_test_half_and_logs_it(tmp_path):
    free_quotes(tmp_path / "inv")
    listed_corpus(tmp_path / "news")
    (tmp_path / "e.toml").write_text(CONFIG, encoding="utf-8")
    exp = load_experiment(tmp_path / "e.toml")
    m = run_experiment(exp, tmp_path / "out")
    assert m["n_quotes"] == 8 and m["n_pages"] == 4
    assert m["model"]["macro_f1"] == 1.0  # the test pages repeat the training phrases
    assert m["test_half_scorings"] == 1
    log = (tmp_path / "test-half-log.csv").read_text(encoding="utf-8").splitlines()
    assert log[0] == "date,what,commit" and "tiny-news" in log[1]
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "scored 1 time(s)" in report
    assert "Treat addiction" not in report  # no quote text in a report
    assert run_experiment(exp, tmp_path / "out")["test_half_scorings"] == 2


def test_missing_texts_stop_with_one_line(tmp_path):
    free_quotes(tmp_path / "inv")
    listed_corpus(tmp_path / "news", with_texts=False)
    (tmp_path / "e.toml").write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "e.toml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "needs the page texts" in lines[0]
    assert not (tmp_path / "test-half-log.csv").exists()


def test_config_errors_name_the_problem(tmp_path):
    free_quotes(tmp_path / "inv")
    (tmp_path / "a.toml").write_text('[data]\nsources = [{tag = "x", path = "inv"}, {tag = "x", path = "inv"}]\n')
    with pytest.raises(InputError, match="two sources are tagged 'x'"):
        load_experiment(tmp_path / "a.toml")
    (tmp_path / "b.toml").write_text('[data]\nsources = [{tag = "x", path = "inv"}]\n[model]\nselection_metric = "auc"\n')
    with pytest.raises(InputError, match="selection_metric must be one of"):
        load_experiment(tmp_path / "b.toml")
    (tmp_path / "c.toml").write_text('[data]\nsources = [{tag = "x", path = "inv"}]\n[curve]\nsource = "y"\nsizes = [5]\n')
    with pytest.raises(InputError, match="'source' must name one of"):
        load_experiment(tmp_path / "c.toml")


def test_selection_metrics():
    gold = ["-2", "-1", "1", "2", "none", "none"]
    pred = ["-2", "-2", "1", "2", "none", "1"]
    assert scores_for("accuracy", gold, pred, STANCE_SCHEME) == pytest.approx(4 / 6)
    # F_avg: F1 of -2 (2/3), -1 (0), 1 (2/3), 2 (1)
    assert scores_for("f_avg", gold, pred, STANCE_SCHEME) == pytest.approx((2 / 3 + 0 + 2 / 3 + 1) / 4)
    # detection: gold on 4, predicted on 5, both on 4
    assert scores_for("detection_f1", gold, pred, STANCE_SCHEME) == pytest.approx(8 / 9)
    assert ModelConfig.from_dict({"class_weight": "none"}).class_weight is None


def test_cumulative_probabilities_from_exceedance():
    G = np.array([[0.9, 0.5, 0.6], [0.2, 0.1, 0.0]])
    P = cumulative_to_proba(G)
    # the second row is consistent: 0.8, 0.1, 0.1, 0; the first clips 0.5 - 0.6 to 0 and renormalises
    np.testing.assert_allclose(P[1], [0.8, 0.1, 0.1, 0.0])
    np.testing.assert_allclose(P[0], np.array([0.1, 0.4, 0.0, 0.6]) / 1.1)


def test_two_stage_and_cumulative_fit_and_predict():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [p for p in PHRASES.values() for _ in range(4)]
    y = np.array([lab for lab in PHRASES for _ in range(4)])
    X = TfidfVectorizer().fit_transform(texts)
    for placement in ("multinomial", "cumulative"):
        est = TwoStage(on_axis=STANCE_SCHEME.on_axis, placement=placement, C_detect=10, C_place=10).fit(X, y)
        P = est.predict_proba(X)
        np.testing.assert_allclose(P.sum(axis=1), 1.0)
        assert list(est.predict(X)) == list(y)
    cum = CumulativeLR(order=STANCE_SCHEME.on_axis, C=10).fit(X[y != "none"], y[y != "none"])
    assert list(cum.classes_) == ["-2", "-1", "1", "2"]


def test_news_scores_on_a_tiny_frame():
    rows = []
    for i, (g, p) in enumerate([("1", "1"), ("1", "1"), ("1", "2"), ("-1", "-1"), ("-1", "-1"), ("-1", "none"),
                                ("none", "none"), ("2", "2"), ("2", "2"), ("2", "2")]):
        spk = "A" if g in ("1",) else "B" if g == "-1" else "C" if g == "2" else "D"
        probs = {c: float(c == p) for c in STANCE_SCHEME.values}
        pos = STANCE_SCHEME.positions.get(p, float("nan"))
        rows.append({"id": f"q{i}", "group": f"page{i // 2}", "speaker": spk, "gold": g, "pred": p,
                     **{f"p_{c}": probs[c] for c in STANCE_SCHEME.values}, "position": pos,
                     "pred_on": p if p != "none" else "0", "majority": "none", "stratified": "none",
                     "majority_on": "1", "stratified_on": "1",
                     **{f"prior_{c}": 1 / 6 for c in STANCE_SCHEME.values}})
    frame = pd.DataFrame(rows)
    assert speaker_set(frame["gold"], frame["speaker"], STANCE_SCHEME) == ["A", "B", "C"]
    s = score_predictions(frame, STANCE_SCHEME, n_boot=20)
    assert s["model"]["spearman"] == pytest.approx(1.0)  # B -1 < A +1.33 < C +2
    assert s["model"]["detection_f1"] == pytest.approx(2 * 8 / (2 * 8 + 0 + 1))
    assert s["n_speakers"] == 3 and s["n_pages"] == 5


def test_baseline_warning_reads_the_sidecar():
    weak = {"cv_scores": {"macro_f1": 0.2, "majority_macro_f1": 0.1, "gain_macro_f1_ci95": [-0.05, 0.2],
                          "beats_baseline": False}}
    line = baseline_warning(weak)
    assert line.startswith("warning: this model does not clearly beat") and "[-0.05, +0.20]" in line
    assert "\n" not in line
    assert baseline_warning({"cv_scores": {"beats_baseline": True}}) is None
    assert baseline_warning({}) is None  # older sidecars: no claim either way


def test_predict_warns_on_stderr_for_a_weak_model(whole_model_copy):
    model = whole_model_copy  # trained on the invented table grouped by doc, n_boot 50 (conftest)
    runner = CliRunner()
    side = json.loads(model.with_suffix(".json").read_text())
    assert "gain_macro_f1_ci95" in side["cv_scores"] and "beats_baseline" in side["cv_scores"]
    side["cv_scores"]["beats_baseline"] = False  # as a weak model's sidecar says
    side["cv_scores"]["gain_macro_f1_ci95"] = [-0.1, 0.3]
    model.with_suffix(".json").write_text(json.dumps(side))
    result = runner.invoke(app, ["predict", "we must treat addiction", "--model", str(model)])
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1 and "does not clearly beat" in result.stderr


def test_word_only_default_design_is_exact_on_the_fast_paths():
    """The default design (word n-grams only) scores the same without scikit-learn."""
    from stance.fastmodel import from_pipeline
    from stance.model import fit_pipeline
    from stance.vectorized import BatchScorer

    texts = [p + f" {w}" for p in PHRASES.values() for w in ("now", "today", "here", "again")]
    labels = [lab for lab in PHRASES for _ in range(4)]
    cfg = ModelConfig(features=("word",), c_grid=(10.0,))
    pipe, search = fit_pipeline(texts, labels, [str(i) for i in range(len(texts))], cfg)
    assert [n for n, _ in pipe.named_steps["features"].transformer_list] == ["word"]
    fast = from_pipeline(pipe)
    new = ["Arrest the users today!", "fund clinics, treat addiction", "nothing known here", "Legalise   it"]
    expected = pipe.predict_proba(new)
    np.testing.assert_allclose(np.array(fast.predict_proba(new)), expected, atol=1e-9, rtol=0)
    np.testing.assert_allclose(BatchScorer(fast).predict_proba(new), expected, atol=1e-9, rtol=0)
    with pytest.raises(InputError, match="features must list"):
        ModelConfig(features=("words",))


def test_committed_configs_load_and_real_news_ones_need_the_texts():
    """Every committed experiment loads; those that read page texts stop with TextsMissing
    without them (CI has none: the news experiments are skipped there by this error)."""
    from pathlib import Path

    from stance.newsdata import TextsMissing, texts_present
    from stance.newsexp import require_texts

    repo = Path(__file__).resolve().parents[1]
    names = []
    for path in sorted((repo / "experiments").glob("*.toml")):
        exp = load_experiment(path)
        names.append(exp.name)
        needs = [f for spec in (exp.data, exp.test) if spec is not None for f in spec.needs_texts]
        if needs and not all(texts_present(f) for f in needs):
            with pytest.raises(TextsMissing, match="needs the page texts"):
                require_texts(exp)
    assert {"default-model", "news-invented", "news-real-curve"} <= set(names)
    default = load_experiment(repo / "experiments" / "default-model.toml")
    assert default.config.model.features == ("word",) and default.check.half == "tuning"


def test_news_experiment_scores_each_coder_and_skips_flagged_rows(tmp_path):
    free_quotes(tmp_path / "inv")
    folder = listed_corpus(tmp_path / "news")
    with open(folder / "stance.csv", newline="", encoding="utf-8") as fh:
        gold = [(r["quote_id"], r["label"]) for r in csv.DictReader(fh)]
    head = "quote_id,label,note,annotator,timestamp,codebook_version,flag\n"
    for coder in ("coder-x", "coder-y"):
        rows = [f"{q},{lab},,{coder},2026-11-30T00:00:00+00:00,1.3,\n" for q, lab in gold]
        if coder == "coder-y":  # a test-half unit this coder found not to be a quote: no label, a flag
            i = next(i for i, (q, _) in enumerate(gold) if half(q.rsplit("-", 1)[0]) == "test")
            rows[i] = f"{gold[i][0]},,,{coder},2026-11-30T00:00:00+00:00,1.3,notquote\n"
        (folder / "annotations" / f"{coder}.csv").write_text(head + "".join(rows), encoding="utf-8")
    (tmp_path / "e.toml").write_text(CONFIG, encoding="utf-8")
    m = run_experiment(load_experiment(tmp_path / "e.toml"), tmp_path / "out")
    assert sorted(m["coders"]) == ["coder-x", "coder-y", "coder-y vs coder-x"]
    assert m["coders"]["coder-x"]["macro_f1"] == 1.0  # the gold itself
    assert m["coders"]["coder-y"]["macro_f1"] == 1.0  # the flagged unit is left out, not read as a label

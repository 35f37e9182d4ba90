"""The Pipeline: fitting, the C search, persistence and explanations."""

import pickle

import numpy as np
import pytest

from stance.errors import InputError, ModelFileError
from stance.fastmodel import from_pipeline
from stance.model import ModelConfig, _pick_c, build_pipeline, fit_pipeline
from stance.modelfile import load_model, save_model
from stance.scheme import STANCE_SCHEME, infer_scheme
from stance.scorer import predict_quotes

# Invented test data: six short quotes, two per label, one article per quote.
TEXTS = ["Arrest the users and prosecute them.", "Users must be arrested and punished.",
         "Treat addiction as a health problem.", "Divert people into treatment and health care.",
         "The panel met on Tuesday.", "The figures were published on Tuesday."]
LABELS = ["-2", "-2", "2", "2", "none", "none"]
GROUPS = ["a", "b", "c", "d", "e", "f"]


def test_pipeline_is_one_object_with_word_and_char_blocks():
    pipe = build_pipeline()
    assert [name for name, _ in pipe.steps] == ["features", "clf"]
    word, char = (t for _, t in pipe.named_steps["features"].transformer_list)
    assert word.ngram_range == (1, 3) and char.ngram_range == (2, 5)
    assert word.sublinear_tf and char.sublinear_tf


def test_fit_separates_the_training_quotes():
    pipe, search = fit_pipeline(TEXTS, LABELS, GROUPS)
    assert list(pipe.predict(TEXTS)) == LABELS
    assert search["C"] in ModelConfig().c_grid


def test_single_label_is_refused():
    with pytest.raises(InputError, match="one label only"):
        fit_pipeline(TEXTS[:2], LABELS[:2], GROUPS[:2])


def test_c_ties_go_to_the_candidate_nearest_one():
    results = {"mean_test_score": [0.5, 0.5, 0.5, 0.2], "param_clf__C": [0.01, 0.1, 10.0, 1.0]}
    assert _pick_c(results) == 1  # 0.1 and 10 tie on score and distance: the first wins
    results = {"mean_test_score": [0.5, 0.7, 0.7], "param_clf__C": [1.0, 100.0, 0.1]}
    assert _pick_c(results) == 2


def test_save_load_round_trip_gives_identical_probabilities(tmp_path):
    pipe, _ = fit_pipeline(TEXTS, LABELS, GROUPS)
    path = tmp_path / "m.joblib"
    save_model(pipe, path, {"scheme": STANCE_SCHEME.to_dict()})
    loaded, meta = load_model(path)
    quotes = ["We should treat users.", "Jail them all.", "Nothing to do with it."]
    assert np.array_equal(pipe.predict_proba(quotes), loaded.predict_proba(quotes))
    assert meta["format"] == "policy-stance-model" and len(meta["model_sha256"]) == 64


class _Payload:
    def __reduce__(self):
        import os
        return (os.system, ("touch PAYLOAD_RAN",))


def test_a_foreign_pickle_in_place_of_a_model_is_refused_without_running(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pipe, _ = fit_pipeline(TEXTS, LABELS, GROUPS)
    path = tmp_path / "m.joblib"
    save_model(pipe, path, {"scheme": STANCE_SCHEME.to_dict()})
    path.write_bytes(pickle.dumps(_Payload()))
    with pytest.raises(ModelFileError, match="sha256 does not match"):
        load_model(path)
    assert not (tmp_path / "PAYLOAD_RAN").exists()


def test_missing_model_and_missing_sidecar(tmp_path):
    with pytest.raises(ModelFileError, match="no model file there; run 'stance train'"):
        load_model(tmp_path / "none.joblib")
    (tmp_path / "x.joblib").write_bytes(b"junk")
    with pytest.raises(ModelFileError, match="not a stance model"):
        load_model(tmp_path / "x.joblib")


def test_prediction_explains_with_the_ngrams_that_pushed_it():
    pipe, _ = fit_pipeline(TEXTS, LABELS, GROUPS)
    [p] = predict_quotes(from_pipeline(pipe), STANCE_SCHEME, ["Arrest the users."], top=5)
    assert p.label == "-2"
    assert sum(p.probabilities.values()) == pytest.approx(1.0)
    assert list(p.probabilities) == ["-2", "2", "none"]  # scheme order
    assert p.position is not None and -2 <= p.position < 0
    assert len(p.features) == 5 and all(w > 0 for _, w in p.features)
    assert any("arrest" in n for n, _ in p.features)


def test_binary_models_explain_too():
    pipe, _ = fit_pipeline(TEXTS[:4], ["against"] * 2 + ["favor"] * 2, GROUPS[:4])
    scheme = infer_scheme(["against", "favor"])
    [p] = predict_quotes(from_pipeline(pipe), scheme, ["Treat addiction."], top=3)
    assert p.label == "favor" and p.position is None and p.features


def test_empty_quote_is_refused():
    pipe, _ = fit_pipeline(TEXTS, LABELS, GROUPS)
    with pytest.raises(InputError, match="the quote is empty"):
        predict_quotes(from_pipeline(pipe), STANCE_SCHEME, ["   "])

"""The plain-data model: same answers as the scikit-learn Pipeline, no pickle, no heavy imports.

INVENTED TEST DATA: the quotes below were written for these tests; no real person said them.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import zipfile
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.errors import ModelFileError
from stance.explain import class_weights, feature_label
from stance.fastmodel import Block, FastModel, _Analyzer, char_ngrams, char_wb_ngrams, from_pipeline, word_ngrams
from stance.model import ModelConfig, build_pipeline
from stance.modelfile import fast_model_path, load_fast_model, read_fast_model, save_model, write_fast_model
from stance.scheme import STANCE_SCHEME, infer_scheme
from stance.scorer import Prediction, predict_quotes
from stance.vectorized import BatchScorer

# Invented quotes, three labels; repeated words give term counts above one, accents and
# non-Latin scripts give the tokenizer and the lowercasing something to do.
TRAIN = {
    "-2": ["Arrest the users, arrest the dealers, arrest them all.", "Users must face prison and a record.",
           "Lock up every drug user we catch — PRISON works.", "Possession should mean a criminal record!"],
    "2": ["Addiction is a health issue, not a crime.", "Divert users into treatment; treatment works.",
          "Décriminaliser la possession et financer le traitement.", "Treatment beats prison for users, every time."],
    "none": ["The meeting was held on Tuesday 10 September.", "The report runs to forty pages.",
             "Der Bericht erscheint im März.", "Отчёт опубликуют в следующем месяце."],
}
TEXTS = [t for ts in TRAIN.values() for t in ts]
LABELS = [label for label, ts in TRAIN.items() for _ in ts]
WORDS = sorted({w for t in TEXTS for w in t.split()}) + ["İstanbul", "ǅemal", "straße", "ﬁx", "naïve", "😀"]
SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", " \u00a0 ", "\u2028", ", ", "... ", "“", "”", "'", "-", "’s", "\x00"]

VARIANTS = {
    "default": ModelConfig(),
    "char_wb": ModelConfig(char_analyzer="char_wb", char_ngrams=(1, 4)),
    "min_df": ModelConfig(min_df=2),
}


def fitted(config: ModelConfig = ModelConfig(), texts=TEXTS, labels=LABELS, C: float = 10.0):
    return build_pipeline(config, C=C).fit(texts, labels)


@pytest.fixture(scope="module")
def pipelines():
    out = {name: fitted(cfg) for name, cfg in VARIANTS.items()}
    out["binary"] = fitted(texts=TEXTS[:8], labels=["against"] * 4 + ["favor"] * 4)
    capped = build_pipeline(ModelConfig(), C=10.0)
    capped.set_params(features__char__max_features=300, features__word__max_df=0.5)  # not substring-closed
    out["capped"] = capped.fit(TEXTS, LABELS)
    return out


def varied_quotes(n: int, seed: int = 0) -> list[str]:
    """Quotes made of training words, unicode oddities, whitespace runs and punctuation."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 25))]
        text = "".join(parts)
        if rng.random() < 0.3:
            text = text.upper()
        out.append(text or "x")
    return out + ["a", "!!", "?", "   x   ", "é", "ab", "\ud800 lone surrogate", "tab\there", "ǅ"]


def sklearn_proba(pipe, texts):
    return pipe.predict_proba(texts)


def sklearn_predictions(pipe, scheme, texts, top):
    """The reference answers, computed with the fitted Pipeline itself (scipy's sparse rows).

    The n-grams shown are those whose ``x_j * (w_kj - mean_c w_cj)`` for the predicted class
    k is largest; stable argsort keeps column order among ties.
    """
    features, clf = pipe.named_steps["features"], pipe.named_steps["clf"]
    X = features.transform(texts)
    proba = clf.predict_proba(X)
    classes = [str(c) for c in clf.classes_]
    order = [v for v in scheme.values if v in classes] + [c for c in classes if c not in scheme.values]
    names = features.get_feature_names_out()
    W = class_weights(clf)
    out = []
    for i, text in enumerate(texts):
        probs = {c: float(proba[i, classes.index(c)]) for c in order}
        k = int(np.argmax(proba[i]))
        pos, p_on = scheme.expected_position(probs)
        feats = []
        row = X.getrow(i)
        idx, vals = row.indices, row.data
        if top and len(idx):
            contrib = vals * (W[k, idx] - W[:, idx].mean(axis=0))
            best = np.argsort(-contrib, kind="stable")[:top]
            feats = [(feature_label(names[idx[j]]), round(float(contrib[j]), 6)) for j in best if contrib[j] > 0]
        out.append(Prediction(text=text, label=classes[k], probabilities=probs, position=pos, p_on_axis=p_on,
                              features=feats))
    return out


# ------------------------------------------------------------------------------ analyzers

@pytest.mark.parametrize("text", ["Drug  users\n\nmust\tface   prison", "İİ ǅ ß", "a", "", "x y",
                                  "“quoted”, he said."])
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3), (2, 5), (3, 3)])
def test_analyzers_yield_the_vectorizer_n_grams(text, ngram_range):

    from sklearn.feature_extraction.text import TfidfVectorizer

    for analyzer, ours in (("word", None), ("char", char_ngrams), ("char_wb", char_wb_ngrams)):
        vec = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range)
        theirs = vec.build_analyzer()(text)
        if analyzer == "word":
            import re

            mine = word_ngrams(text.lower(), re.compile(vec.token_pattern), *ngram_range)
        else:
            mine = ours(text.lower(), *ngram_range)
        assert Counter(mine) == Counter(theirs), (analyzer, text)


# ---------------------------------------------------------------------------- equivalence

@pytest.mark.parametrize("name", ["default", "char_wb", "min_df", "binary", "capped"])
def test_probabilities_equal_the_pipeline_on_a_varied_set(pipelines, name):
    pipe = pipelines[name]
    model = from_pipeline(pipe)
    quotes = varied_quotes(400, seed=len(name))
    expected = sklearn_proba(pipe, quotes)

    pure = np.array(model.predict_proba(quotes))
    batch = BatchScorer(model).predict_proba(quotes)

    assert pure.shape == batch.shape == expected.shape
    assert np.abs(pure - expected).max() <= 1e-9
    assert np.abs(batch - expected).max() <= 1e-9


def test_the_batch_engine_reproduces_scikit_learn_within_1e_12(pipelines):
    # Same operations in the same order (sorted columns, left-to-right sums, numpy's log/exp),
    # but two libraries' code: bit equality is not promised (a scipy or numpy release, or a
    # SIMD path, may move a last bit), so the tolerance is stated: 1e-12, a thousand times
    # tighter than the pure-Python scorer's 1e-9.
    pipe = pipelines["default"]
    quotes = varied_quotes(300, seed=7)
    got, expected = BatchScorer(from_pipeline(pipe)).predict_proba(quotes), pipe.predict_proba(quotes)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= 1e-12


def test_the_tf_idf_rows_equal_the_feature_union(pipelines):
    pipe = pipelines["default"]
    model = from_pipeline(pipe)
    quotes = varied_quotes(50, seed=3)
    X = pipe.named_steps["features"].transform(quotes).tocsr()
    for i, q in enumerate(quotes):
        cols, vals = model.features(q)
        row = X[i]
        assert cols == row.indices.tolist()
        assert np.allclose(vals, row.data, rtol=0, atol=1e-15)


quote_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=3)),
             max_size=30).map("".join),
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(quote_text, min_size=1, max_size=6))
def test_property_same_answers_as_the_pipeline(pipelines, texts):
    pipe = pipelines["default"]
    model = _cached_model(pipe)
    expected = pipe.predict_proba(texts)
    assert np.abs(np.array(model.predict_proba(texts)) - expected).max() <= 1e-9
    assert np.abs(_cached_scorer(pipe).predict_proba(texts) - expected).max() <= 1e-9
    for ref, mine in zip(sklearn_predictions(pipe, STANCE_SCHEME, texts, top=5), predict_quotes(model, STANCE_SCHEME, texts)):
        assert_same_prediction(ref, mine)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(quote_text, min_size=1, max_size=4))
def test_property_binary_and_char_wb_models_too(pipelines, texts):
    for name in ("binary", "char_wb"):
        pipe = pipelines[name]
        expected = pipe.predict_proba(texts)
        assert np.abs(np.array(_cached_model(pipe).predict_proba(texts)) - expected).max() <= 1e-9
        assert np.abs(_cached_scorer(pipe).predict_proba(texts) - expected).max() <= 1e-9


_CACHE: dict = {}


def _cached_model(pipe) -> FastModel:
    return _CACHE.setdefault(id(pipe), from_pipeline(pipe))


def _cached_scorer(pipe) -> BatchScorer:
    return _CACHE.setdefault(("scorer", id(pipe)), BatchScorer(_cached_model(pipe)))


def assert_same_prediction(ref, mine):
    assert mine.text == ref.text and mine.label == ref.label
    assert list(mine.probabilities) == list(ref.probabilities)
    for k in ref.probabilities:
        assert mine.probabilities[k] == pytest.approx(ref.probabilities[k], abs=1e-9)
    assert (mine.position is None) == (ref.position is None)
    if ref.position is not None:
        assert mine.position == pytest.approx(ref.position, abs=1e-9)
    assert mine.p_on_axis == pytest.approx(ref.p_on_axis, abs=1e-9)
    assert [n for n, _ in mine.features] == [n for n, _ in ref.features]
    assert [w for _, w in mine.features] == pytest.approx([w for _, w in ref.features], abs=1e-6)


@pytest.mark.parametrize("name, scheme", [("default", STANCE_SCHEME), ("binary", infer_scheme(["against", "favor"]))])
def test_explanations_equal_the_pipeline(pipelines, name, scheme):
    pipe = pipelines[name]
    quotes = varied_quotes(150, seed=11)
    for top in (0, 1, 5, 50):
        for ref, mine in zip(sklearn_predictions(pipe, scheme, quotes, top=top),
                             predict_quotes(from_pipeline(pipe), scheme, quotes, top=top)):
            assert_same_prediction(ref, mine)


def test_a_quote_with_no_known_n_gram_gets_the_intercept_answer(pipelines):
    pipe = pipelines["default"]
    [p] = predict_quotes(from_pipeline(pipe), STANCE_SCHEME, ["a"])  # one letter: no word, no 2-gram
    clf = pipe.named_steps["clf"]
    z = np.exp(clf.intercept_ - clf.intercept_.max())
    assert [p.probabilities[c] for c in clf.classes_] == pytest.approx((z / z.sum()).tolist(), abs=1e-12)
    assert p.features == []


# ------------------------------------------------------------------------------ the file

def test_file_round_trip_is_exact_and_byte_stable(pipelines, tmp_path):
    pipe = pipelines["default"]
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    write_fast_model(from_pipeline(pipe), a)
    write_fast_model(from_pipeline(pipe), b)
    assert a.read_bytes() == b.read_bytes()
    model = read_fast_model(a)
    quotes = varied_quotes(50)
    assert model.predict_proba(quotes) == from_pipeline(pipe).predict_proba(quotes)


def test_file_is_plain_data_that_numpy_reads_without_pickle(pipelines, tmp_path):
    pipe = pipelines["default"]
    path = tmp_path / "m.npz"
    write_fast_model(from_pipeline(pipe), path)
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["coef.npy", "idf.npy", "intercept.npy", "model.json", "vocabulary.json"]
        header = json.loads(zf.read("model.json"))
        vocab = json.loads(zf.read("vocabulary.json"))
    with np.load(path, allow_pickle=False) as npz:
        assert np.array_equal(npz["coef"], pipe.named_steps["clf"].coef_)
        assert np.array_equal(npz["intercept"], pipe.named_steps["clf"].intercept_)
    word, char = (v for _, v in pipe.named_steps["features"].transformer_list)
    assert vocab == [list(word.get_feature_names_out()), list(char.get_feature_names_out())]
    assert header["classes"] == ["-2", "2", "none"] and header["link"] == "softmax"
    assert [b["analyzer"] for b in header["blocks"]] == ["word", "char"]


def test_an_object_array_in_the_file_is_refused(pipelines, tmp_path):
    path = tmp_path / "m.npz"
    write_fast_model(from_pipeline(pipelines["default"]), path)
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"not": "numbers"}], dtype=object), allow_pickle=True)
    rewritten = tmp_path / "evil.npz"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, buf.getvalue() if name == "coef.npy" else src.read(name))
    with pytest.raises(ModelFileError, match="coef.npy is not a float64 .npy array"):
        read_fast_model(rewritten)


@pytest.mark.parametrize("damage, why", [
    (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "not a stance fast model"),
    (lambda p: p.write_bytes(b""), "not a stance fast model"),
])
def test_a_broken_file_is_refused(tmp_path, damage, why):
    path = tmp_path / "m.npz"
    damage(path)
    with pytest.raises(ModelFileError, match=why):
        read_fast_model(path)


def _with_vocabulary(pipeline, tmp_path, edit):
    """A plain-data model file of ``pipeline`` whose first vocabulary list ``edit`` changed in place."""
    path, other = tmp_path / "m.npz", tmp_path / "o.npz"
    write_fast_model(from_pipeline(pipeline), path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(other, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "vocabulary.json":
                vocab = json.loads(data)
                edit(vocab[0])
                data = json.dumps(vocab).encode()
            dst.writestr(name, data)
    return other


def test_mismatched_shapes_are_refused(pipelines, tmp_path):
    other = _with_vocabulary(pipelines["default"], tmp_path, lambda terms: terms.pop())
    with pytest.raises(ModelFileError, match="vocabulary and offsets disagree"):
        read_fast_model(other)


# ------------------------------------------------------------------ saving and loading

@pytest.fixture
def saved(pipelines, tmp_path):
    path = tmp_path / "m.joblib"
    save_model(pipelines["default"], path, {"scheme": STANCE_SCHEME.to_dict()})
    return path


def test_save_model_writes_the_plain_data_twin_and_its_hash(saved):
    import hashlib

    side = json.loads(saved.with_suffix(".json").read_text())
    fast = fast_model_path(saved)
    assert fast.name == "m.npz" and side["fast_model_file"] == "m.npz"
    assert side["fast_model_sha256"] == hashlib.sha256(fast.read_bytes()).hexdigest()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["m.joblib", "m.json", "m.npz"]


def test_a_model_named_npz_gets_a_distinct_twin(tmp_path):
    assert fast_model_path(tmp_path / "m.npz") == tmp_path / "m.fast.npz"


def test_load_checks_both_hashes_before_reading(saved):
    model, meta = load_fast_model(saved)
    assert model.classes == ("-2", "2", "none") and meta["format"] == "policy-stance-model"
    fast = fast_model_path(saved)
    data = bytearray(fast.read_bytes())
    data[len(data) // 2] ^= 0xFF
    fast.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=r"m\.npz: the file's sha256 does not match its sidecar"):
        load_fast_model(saved)


def test_a_changed_joblib_is_refused_even_though_the_twin_does_the_work(saved):
    saved.write_bytes(saved.read_bytes() + b"\0")
    with pytest.raises(ModelFileError, match=r"m\.joblib: the file's sha256 does not match its sidecar"):
        load_fast_model(saved)


def test_the_twin_can_be_named_directly(saved):
    model, _ = load_fast_model(fast_model_path(saved))
    assert model.classes == ("-2", "2", "none")


def test_a_model_saved_without_a_twin_is_refused_never_unpickled(saved, tmp_path):
    side = saved.with_suffix(".json")
    meta = json.loads(side.read_text())
    for k in ("fast_model_file", "fast_model_sha256", "fast_model_format"):
        meta.pop(k)
    side.write_text(json.dumps(meta))
    fast_model_path(saved).unlink()
    assert load_fast_model(saved)[0] is None

    from typer.testing import CliRunner

    from stance.cli import app

    result = CliRunner().invoke(app, ["predict", "--model", str(saved), "--json", "Treatment works"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"stance: {saved}: its plain-data twin m.npz is missing or not named in the sidecar, "
                             f"and pickles are never loaded; retrain with 'stance train'\n")


# -------------------------------------------------------------- the command's cold path

def _modules_after_predict(args: list[str], stdin: str = "") -> set[str]:
    code = ("import sys\nfrom stance.cli import main\nsys.argv = ['stance', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = {'sklearn', 'scipy', 'pandas', 'numpy', 'joblib'}\n"
            "print('heavy:' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & heavy)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    last = done.stderr.splitlines()[-1]
    assert last.startswith("heavy:"), done.stderr
    return set(filter(None, last[len("heavy:"):].split(",")))


@pytest.mark.parametrize("args, stdin", [
    (["predict", "{model}", "Users must face prison"], ""),
    (["predict", "{model}", "--json", "-"], "Users must face prison\nTreatment works\n"),
    (["predict", "{model}", "--text-column", "text", "Users must face prison"], ""),  # through typer
])
def test_predicting_imports_neither_scikit_learn_nor_scipy_nor_pandas(saved, args, stdin):
    args = [a if a != "{model}" else f"--model={saved}" for a in args]
    assert _modules_after_predict(args, stdin) == set()


@pytest.mark.parametrize("args", [
    ["Users must face prison"], ["--json", "Treatment works"], ["--top", "2", "a b"], ["--top=0", "--json", "x y"],
    ["--json", "-"], ["-j", "2", "x"], ["--engine", "dask", "x"],
])
def test_the_quick_path_prints_what_typer_prints(saved, capsys, args, monkeypatch):
    import io

    from typer.testing import CliRunner

    from stance.cli import app, quick_predict

    stdin = "Users must face prison\n\nTreatment works\n"
    full = ["predict", f"--model={saved}", *args]
    via_typer = CliRunner().invoke(app, full, input=stdin)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert quick_predict(full) is True
    out = capsys.readouterr()
    assert (out.out, out.err) == (via_typer.stdout, via_typer.stderr)


@pytest.mark.parametrize("args", [
    [], ["train"], ["predict"], ["predict", "--help"], ["predict", "--input", "a.csv"], ["predict", "-j2", "x"],
    ["predict", "a", "b"], ["predict", "--top", "many", "x"], ["predict", "--model"], ["predict", "--", "x"],
    ["predict", "--json=yes", "x"], ["predict", "--no-such-option", "x"], ["predict", "--top", "2.0", "x"],
    ["predict", "--input", "a.csv", "--output", "b.csv", "--engine", "spark"],
])
def test_anything_else_goes_to_typer(args):
    from stance.cli import quick_predict

    assert quick_predict(args) is False


def test_quick_path_errors_are_one_line_and_exit_two(tmp_path, capsys):
    from stance.cli import quick_predict

    with pytest.raises(SystemExit) as exc:
        quick_predict(["predict", "--model", str(tmp_path / "none.joblib"), "x"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == (f"stance: {tmp_path / 'none.joblib'}: no model file there; "
                                       f"run 'stance train' first or pass --model PATH\n")


def test_probabilities_are_finite_for_extreme_inputs(pipelines):
    model = from_pipeline(pipelines["binary"])
    text = " ".join(["arrest"] * 5000)
    [p] = model.predict_proba([text])
    assert all(math.isfinite(x) for x in p) and sum(p) == pytest.approx(1.0)


def test_a_term_listed_twice_is_refused(pipelines, tmp_path):
    def repeat_first(terms):  # same length, one term twice
        terms[-1] = terms[0]

    other = _with_vocabulary(pipelines["default"], tmp_path, repeat_first)
    with pytest.raises(ModelFileError, match="a term is listed twice"):
        read_fast_model(other)


@pytest.mark.parametrize("analyzer, ngram_range", [("word", (1, 3)), ("char", (2, 4)), ("char_wb", (1, 1)),
                                                     ("char_wb", (2, 5))])
def test_streamed_ngrams_are_the_listed_ones(analyzer, ngram_range):
    # invented text; the stream serves texts too long to list every n-gram at once
    block = Block(name="b", analyzer=analyzer, ngram_range=ngram_range, lowercase=True,
                  token_pattern=r"(?u)\b\w\w+\b", binary=False, sublinear_tf=False, use_idf=True, norm="l2",
                  weight=None, terms=("treat",), offset=0)
    analyzer_ = _Analyzer(block)
    for text in ("", "Treat  users,\tnot\nprisons ", "a bb ccc dddd é"):
        assert Counter(analyzer_.stream(text)) == Counter(analyzer_.grams(text))

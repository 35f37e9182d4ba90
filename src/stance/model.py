"""The model: a scikit-learn Pipeline of TF-IDF features and logistic regression.

The pipeline is fitted, saved and loaded as one object. Features are word 1-3 grams plus
character 2-5 grams, both TF-IDF with sublinear term frequency (the n-gram set of the
strong SemEval-2016 stance baseline, Mohammad et al. 2016). The regularisation strength C
is chosen by cross-validation *inside* the training data, grouped by article, so no quote
from a held-out article ever influences it.

A saved model is three files: ``NAME.joblib`` (the Pipeline), ``NAME.npz`` (the same model as
plain data, for fast prediction without scikit-learn; see :mod:`stance.fastmodel`) and
``NAME.json`` (a sidecar of provenance: package versions, data and codebook hashes, label
scheme, config, scores and the sha256 of both model files). :func:`load_model` refuses a
model whose sidecar is missing, is not ours, or whose hash does not match, *before*
unpickling anything: loading a pickle can run code, so only files this tool wrote are opened.
"""

from __future__ import annotations

import json
import os
import platform
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import InputError, ModelFileError
from .scheme import LabelScheme

MODEL_FORMAT = "policy-stance-model"
MODEL_FORMAT_VERSION = 1
# What the inner search may maximise (see stance.ordinal.scores_for). Kept here, not there, so
# that importing this module (as `stance predict` does) never imports numpy.
SELECTION_METRICS = ("macro_f1", "accuracy", "f_avg", "detection_f1")


@dataclass(frozen=True)
class ModelConfig:
    """Features and classifier settings. Every field is recorded in the sidecar.

    Parameters
    ----------
    word_ngrams, char_ngrams : (int, int)
        n-gram ranges of the word and character TF-IDF blocks.
    char_analyzer : str
        ``char`` (n-grams across word boundaries) or ``char_wb``.
    sublinear_tf : bool
        Use 1 + log(tf).
    min_df : int
        Drop n-grams seen in fewer training quotes.
    c_grid : tuple of float
        Candidate values of C for the inner, grouped cross-validation.
    inner_folds : int
        Folds of that inner search (capped at the number of training groups).
    class_weight : str or None
        ``balanced`` weighs classes inversely to their frequency.
    max_iter : int
        Iterations for the lbfgs solver.
    selection_metric : str
        What the inner search maximises to choose C: ``macro_f1`` (over the labels present),
        ``accuracy``, ``f_avg`` (mean F1 of ``f_avg_labels``, default the directional on-axis
        values) or ``detection_f1`` (on-axis vs off); see :func:`stance.ordinal.scores_for`.
    f_avg_labels : tuple of str
        The labels ``f_avg`` averages (empty: the on-axis values with a non-zero position).
    features : tuple of str
        The TF-IDF blocks to use: ``word``, ``char`` or both.
    """

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (2, 5)
    char_analyzer: str = "char"
    sublinear_tf: bool = True
    min_df: int = 1
    c_grid: tuple[float, ...] = (0.1, 1.0, 10.0, 100.0)
    inner_folds: int = 4
    class_weight: str | None = "balanced"
    max_iter: int = 5000
    selection_metric: str = "macro_f1"
    f_avg_labels: tuple[str, ...] = ()
    features: tuple[str, ...] = ("word", "char")

    def __post_init__(self):
        if not self.features or any(f not in ("word", "char") for f in self.features) \
                or len(set(self.features)) != len(self.features):
            raise InputError(f"features must list 'word', 'char' or both, got {list(self.features)}")

        if self.selection_metric not in SELECTION_METRICS:
            raise InputError(f"selection_metric must be one of {', '.join(SELECTION_METRICS)}, "
                             f"got '{self.selection_metric}'")
        if self.class_weight not in (None, "balanced"):
            raise InputError(f"class_weight must be \"balanced\" or left out, got '{self.class_weight}'")

    def to_dict(self) -> dict:
        d = asdict(self)
        # Settings added later are recorded only when set, so earlier records stay byte-identical.
        for k, default in (("selection_metric", "macro_f1"), ("f_avg_labels", ()), ("features", ("word", "char"))):
            if d[k] == default:
                del d[k]
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        known = set(cls.__dataclass_fields__)
        unknown = set(d) - known
        if unknown:
            raise InputError(
                f"unknown model setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
        if str(fixed.get("class_weight", "balanced")).lower() in ("none", ""):
            fixed["class_weight"] = None  # TOML has no null: class_weight = "none"
        return cls(**fixed)


def build_pipeline(config: ModelConfig = ModelConfig(), C: float = 1.0):
    """An unfitted Pipeline: FeatureUnion(word TF-IDF, char TF-IDF; or one of them) -> LogisticRegression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    blocks = {
        "word": TfidfVectorizer(analyzer="word", ngram_range=tuple(config.word_ngrams),
                                sublinear_tf=config.sublinear_tf, min_df=config.min_df, lowercase=True),
        "char": TfidfVectorizer(analyzer=config.char_analyzer, ngram_range=tuple(config.char_ngrams),
                                sublinear_tf=config.sublinear_tf, min_df=config.min_df, lowercase=True),
    }
    features = FeatureUnion([(name, blocks[name]) for name in ("word", "char") if name in config.features])
    clf = LogisticRegression(C=C, class_weight=config.class_weight, max_iter=config.max_iter)
    return Pipeline([("features", features), ("clf", clf)])


def single_threaded():
    """Limit BLAS/OpenMP to one thread while fitting.

    Our problems are many small sparse fits; threaded BLAS only adds contention, and on a
    busy 2-core machine it made each fit 10-20 times slower (measured).
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def fit_pipeline(texts: Sequence[str], labels: Sequence[str], groups: Sequence[str],
                 config: ModelConfig = ModelConfig(), scheme: LabelScheme | None = None):
    """Fit the pipeline, choosing C by grouped cross-validation on these data only.

    Parameters
    ----------
    texts, labels, groups : sequences of equal length
        Quotes, their labels, and the article (or other unit) each comes from.
    config : ModelConfig
    scheme : LabelScheme, optional
        The label scheme (for ``f_avg`` and ``detection_f1``); default the drug-policy axis.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Refitted on all given data with the chosen C.
    search : dict
        The chosen C and the mean inner score (``config.selection_metric``) of every candidate.
    """
    with single_threaded():
        return _fit_pipeline(list(texts), list(labels), list(groups), config, scheme)


def selection_scorer(config: ModelConfig, scheme: LabelScheme | None = None):
    """A scorer ``(estimator, X, y) -> float`` for the inner search: the configured metric."""
    from .ordinal import scores_for
    from .scheme import STANCE_SCHEME

    if config.selection_metric == "macro_f1":
        return "f1_macro"
    if config.selection_metric == "accuracy":
        return "accuracy"
    scheme = scheme or STANCE_SCHEME
    if not scheme.ordered:
        raise InputError(f"selection_metric '{config.selection_metric}' needs an ordered scheme (values with "
                         f"positions); use macro_f1 or accuracy")

    def score(estimator, X, y):
        return scores_for(config.selection_metric, y, estimator.predict(X), scheme, config.f_avg_labels or None)

    return score


def _fit_pipeline(texts, labels, groups, config, scheme=None):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
    from sklearn.model_selection import GridSearchCV, GroupKFold

    if len(set(labels)) < 2:
        raise InputError(
            f"the training data hold one label only ('{labels[0] if labels else ''}'); "
            f"a classifier needs at least two labels"
        )
    n_groups = len(set(groups))
    n_inner = min(config.inner_folds, n_groups)
    if n_inner < 2 or len(config.c_grid) == 1:
        C = float(config.c_grid[0]) if len(config.c_grid) == 1 else 1.0
        pipe = build_pipeline(config, C=C)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            pipe.fit(texts, labels)
        return pipe, {"C": C, "inner_folds": n_inner, "inner_scores": {}}
    search = GridSearchCV(
        build_pipeline(config),
        {"clf__C": list(config.c_grid)},
        scoring=selection_scorer(config, scheme),
        cv=GroupKFold(n_splits=n_inner),
        error_score=0.0,
        refit=_pick_c,
        n_jobs=None,
    )
    with warnings.catch_warnings():
        # Tiny inner folds miss classes: the metric is defined as 0 there, on purpose.
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*least populated class.*")
        warnings.filterwarnings("ignore", message=".*fits failed.*")
        warnings.filterwarnings("ignore", message=".*scores are non-finite.*")
        warnings.filterwarnings("ignore", message=".*number of unique classes.*")
        search.fit(np.asarray(texts, dtype=object), labels, groups=groups)
    scores = {repr(float(c)): round(float(s), 6) for c, s in
              zip(search.cv_results_["param_clf__C"], search.cv_results_["mean_test_score"])}
    return search.best_estimator_, {"C": float(search.cv_results_["param_clf__C"][search.best_index_]),
                                    "inner_folds": n_inner, "inner_scores": scores}


def _pick_c(cv_results) -> int:
    """Index of the best C; ties (common on tiny folds) go to the C nearest 1.0.

    scikit-learn would take the first candidate in the grid, making the choice depend on the
    grid's order; nearest-to-default is the least surprising tie-break.
    """
    import numpy as np

    scores = np.nan_to_num(np.asarray(cv_results["mean_test_score"], dtype=float), nan=-np.inf)
    cs = np.asarray(cv_results["param_clf__C"], dtype=float)
    tied = np.flatnonzero(scores >= scores.max() - 1e-12)
    return int(tied[np.argmin(np.abs(np.log10(cs[tied])))])


# ---------------------------------------------------------------------------- persistence

def sidecar_path(model_path: str | os.PathLike) -> Path:
    """The JSON sidecar that travels with a model file."""
    return Path(model_path).with_suffix(".json")


def package_versions() -> dict:
    """Versions of Python and of the packages a model depends on."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("policy-stance", "scikit-learn", "numpy", "scipy", "pandas", "joblib"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def check_model_path(path: str | os.PathLike) -> Path:
    """Refuse a model path that would collide with its own sidecar."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        raise InputError(f"{path}: a model file must not end in .json, which is its sidecar's name; "
                         f"use e.g. --model {path.with_suffix('.joblib')}")
    return path


def save_model(pipeline, path: str | os.PathLike, sidecar: dict) -> Path:
    """Save a fitted pipeline, its plain-data twin and its provenance sidecar.

    All three are written to temporary files first; only when all are complete are they
    moved into place, back to back, the sidecar last. An interruption while writing (the
    slow part) leaves the previous model whole; only a kill in the microseconds between the
    three renames could leave a set whose hashes disagree, which every loader then refuses.

    Returns
    -------
    Path
        The sidecar's path.
    """
    import joblib

    from .fastmodel import FAST_FORMAT, fast_model_path, from_pipeline, write_fast_model
    from .labels import sha256_file
    from .tables import atomic_path, write_json

    path = check_model_path(path)
    fast = fast_model_path(path)  # the same model as plain data, for `stance predict` (see fastmodel)
    side = sidecar_path(path)
    # atomic_path moves its file into place on leaving the block: innermost first, sidecar last.
    with atomic_path(side) as tmp_side, atomic_path(fast) as tmp_fast, atomic_path(path) as tmp_model:
        joblib.dump(pipeline, tmp_model)
        write_fast_model(from_pipeline(pipeline), tmp_fast)
        meta = {"format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION,
                "model_file": path.name, "model_sha256": sha256_file(tmp_model),
                "fast_model_file": fast.name, "fast_model_format": FAST_FORMAT,
                "fast_model_sha256": sha256_file(tmp_fast), **sidecar}
        write_json(tmp_side, meta)
    return side


def read_sidecar(path: str | os.PathLike) -> dict:
    """Read and check a model's sidecar; raise :class:`ModelFileError` if it is not ours."""
    path = Path(path)
    side = sidecar_path(path)
    if not path.exists():
        raise ModelFileError(f"{path}: no model file there; run 'stance train' first or pass --model PATH")
    if not side.is_file():
        raise ModelFileError(f"{path}: not a stance model (its sidecar {side.name} is missing); "
                             f"retrain with 'stance train'")
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise ModelFileError(f"{side}: not a stance model sidecar (not valid JSON); retrain with 'stance train'") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ModelFileError(f"{side}: not a stance model sidecar (format is not '{MODEL_FORMAT}'); "
                             f"retrain with 'stance train'")
    return meta


def load_model(path: str | os.PathLike):
    """Load a model saved by :func:`save_model` after verifying it.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
    meta : dict
        The sidecar.

    Raises
    ------
    ModelFileError
        If the file is missing, has no valid sidecar, or its sha256 differs from the one the
        sidecar recorded (the file was changed, truncated or replaced): nothing is unpickled.
    """
    from .labels import sha256_file

    meta = read_sidecar(path)
    if sha256_file(path) != meta.get("model_sha256"):
        raise ModelFileError(f"{path}: the file's sha256 does not match its sidecar; it was changed or "
                             f"damaged after training and is refused. Retrain with 'stance train'")
    import joblib

    try:
        pipeline = joblib.load(path)
    except Exception as exc:  # a verified file that still fails: environment mismatch
        raise ModelFileError(f"{path}: could not be loaded ({type(exc).__name__}: {exc}); "
                             f"retrain with the installed package versions") from None
    if not (hasattr(pipeline, "predict_proba") and hasattr(pipeline, "named_steps")):
        raise ModelFileError(f"{path}: not a stance model pipeline; retrain with 'stance train'")
    return pipeline, meta


# ------------------------------------------------------------------------------ prediction

@dataclass
class Prediction:
    """The model's answer for one quote."""

    text: str
    label: str
    probabilities: dict[str, float]
    position: float | None
    p_on_axis: float
    features: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "label": self.label,
                "probabilities": self.probabilities, "position": self.position,
                "p_on_axis": self.p_on_axis,
                "features": [{"ngram": n, "weight": w} for n, w in self.features]}


def check_quote(text: object) -> str:
    """Reject quotes with no text."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the quote is empty; give the quote's text, e.g. stance predict \"We must treat addiction\"")
    return text


def _class_weights(clf):
    """Coefficient matrix with one row per class (binary models get +/- halves)."""
    import numpy as np

    coef = clf.coef_
    if coef.shape[0] == 1:  # binary: logit of class 1 vs class 0
        return np.vstack([-coef[0] / 2.0, coef[0] / 2.0])
    return coef


def _feature_label(name: str) -> str:
    block, _, gram = name.partition("__")
    return f"{gram}" if block == "word" else f"'{gram}'"


def predict_quotes(pipeline, scheme: LabelScheme, texts: Sequence[str], top: int = 5) -> list[Prediction]:
    """Predict labels, probabilities, axis positions and the n-grams behind each decision.

    The n-grams shown are those whose contribution ``x_j * (w_kj - mean_c w_cj)`` to the
    predicted class k (relative to the average class) is largest: what pushed the decision.

    Parameters
    ----------
    pipeline : fitted Pipeline
    scheme : LabelScheme
    texts : sequence of str
    top : int
        How many n-grams to return per quote (0 for none).
    """
    import numpy as np

    texts = [check_quote(t) for t in texts]
    features, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    X = features.transform(texts)
    proba = clf.predict_proba(X)
    classes = [str(c) for c in clf.classes_]
    order = [v for v in scheme.values if v in classes] + [c for c in classes if c not in scheme.values]
    names = features.get_feature_names_out() if top else None
    W = _class_weights(clf) if top else None
    out = []
    for i, text in enumerate(texts):
        probs = {c: float(proba[i, classes.index(c)]) for c in order}
        k = int(np.argmax(proba[i]))
        pos, p_on = scheme.expected_position(probs)
        feats: list[tuple[str, float]] = []
        if top:
            row = X.getrow(i)
            idx, vals = row.indices, row.data
            if len(idx):
                contrib = vals * (W[k, idx] - W[:, idx].mean(axis=0))
                best = np.argsort(-contrib, kind="stable")[:top]
                feats = [(_feature_label(names[idx[j]]), round(float(contrib[j]), 6))
                         for j in best if contrib[j] > 0]
        out.append(Prediction(text=text, label=classes[k], probabilities=probs, position=pos,
                              p_on_axis=p_on, features=feats))
    return out


def scheme_of(meta: dict) -> LabelScheme:
    """The label scheme recorded in a model's sidecar."""
    if "scheme" not in meta:
        raise ModelFileError("the model's sidecar records no label scheme; retrain with 'stance train'")
    return LabelScheme.from_dict(meta["scheme"])


# -------------------------------------------------------------------------------- training

def train(dataset, path: str | os.PathLike, config=None, experiment: dict | None = None, check=None):
    """Cross-validate for honest scores, fit on all data, and save model plus sidecar.

    Parameters
    ----------
    dataset : stance.labels.Dataset
    path : path-like
        Where the ``.joblib`` model goes; the sidecar is written beside it.
    config : stance.evaluate.EvalConfig, optional
        Folds, seed, bootstrap size and model settings.
    experiment : dict, optional
        The experiment the model belongs to (name, config file and its sha256), recorded in
        the sidecar.
    check : stance.labels.Dataset, optional
        Labelled quotes the model never trains on (the real-news tuning half): the fitted
        model is scored on them and the scores, beside the majority baseline, go into the
        sidecar as ``check_scores``.

    Returns
    -------
    dict
        The sidecar written. ``cv_scores`` holds the cross-validated macro-F1 and accuracy
        with intervals, the majority baseline, the interval of the gain over it and
        ``beats_baseline`` (the gain's interval lies above 0); :func:`baseline_warning`
        reads them.
    """
    import datetime as dt

    from .evaluate import EvalConfig, _round, evaluate, oof_confusion

    from dataclasses import replace

    check_model_path(path)
    config = config or EvalConfig()
    # Scores for the sidecar only (one cross-validation run): the learning curve, n-gram
    # listing and repeated runs belong to reports.
    ev = evaluate(dataset, replace(config, learning_curve=(), top_ngrams=0, repeats=1))
    t = dataset.table
    pipe, search = fit_pipeline(t["text"], t["label"], t["group"], config.model, dataset.scheme)
    m = ev.metrics
    gain = m["model"].get("delta_vs_majority_ci95", {}).get("macro_f1", [None, None])
    sidecar = {
        "scheme": dataset.scheme.to_dict(),
        "data": dataset.source,
        "config": config.to_dict(),
        "experiment": experiment,
        "chosen_C": search["C"],
        "inner_cv_macro_f1": search["inner_scores"],
        "inner_cv_metric": config.model.selection_metric,
        "n_train": int(len(t)),
        "label_counts": m["label_counts"],
        "cv_scores": {
            "folds": m["folds_used"], "grouped_by": config.by,
            "accuracy": m["model"]["accuracy"], "accuracy_ci95": m["model"]["accuracy_ci95"],
            "macro_f1": m["model"]["macro_f1"], "macro_f1_ci95": m["model"]["macro_f1_ci95"],
            "majority_accuracy": m["baselines"]["majority"]["accuracy"],
            "majority_macro_f1": m["baselines"]["majority"]["macro_f1"],
            "gain_macro_f1_ci95": gain,
            "beats_baseline": bool(gain and gain[0] is not None and gain[0] > 0),
        },
        # For quantification (stance analyse): how the model errs out of fold, per gold label.
        "cv_confusion": _round(oof_confusion(ev.predictions, dataset.scheme.values)),
        "packages": package_versions(),
        "trained_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    if check is not None:
        sidecar["check_scores"] = check_scores(pipe, search, dataset, check, config)
    save_model(pipe, path, sidecar)
    return sidecar


def check_scores(pipe, search, train, check, config) -> dict:
    """The fitted model's scores on held-out labelled quotes (page-bootstrap intervals)."""
    import numpy as np
    import pandas as pd

    from .evaluate import _baseline_columns, _prediction_rows
    from .newsmetrics import score_predictions

    rng = np.random.default_rng(config.seed)
    extra = _baseline_columns(train.table["label"], len(check.table), train.scheme, rng)
    extra.update({"fold": [0] * len(check.table), "C": [search["C"]] * len(check.table)})
    preds = pd.DataFrame(_prediction_rows(check.table, pipe.predict_proba(list(check.table["text"])),
                                          [str(c) for c in pipe.classes_], train.scheme, extra))
    s = score_predictions(preds, train.scheme, n_boot=config.n_boot, seed=config.seed)
    return {"what": check.source.get("path", "") and Path(str(check.source["path"])).name + " "
            + "/".join(check.source.get("halves", [])),
            "n_quotes": s["n_quotes"], "n_pages": s["n_pages"], "model": s["model"], "majority": s["majority"],
            "gain_ci95": s["gain"],
            "beats_baseline": bool(s["gain"]["macro_f1"][0] is not None and s["gain"]["macro_f1"][0] > 0)}


def baseline_warning(meta: dict) -> str | None:
    """One line when the sidecar says the model does not clearly beat its majority baseline.

    "Clearly" means the 95 % interval of the macro-F1 gain lies above 0: cross-validated, and
    on the held-out check quotes (the real-news tuning half) when the sidecar has them.
    Models saved before these scores were recorded get no warning.
    """
    cv = meta.get("cv_scores") or {}
    where = []
    if cv.get("beats_baseline") is False:
        g = cv.get("gain_macro_f1_ci95") or [None, None]
        where.append(f"cross-validated macro-F1 {cv.get('macro_f1', 0):.2f} vs majority "
                     f"{cv.get('majority_macro_f1', 0):.2f}, gain interval [{g[0]:+.2f}, {g[1]:+.2f}]"
                     if g[0] is not None else "cross-validated")
    chk = meta.get("check_scores") or {}
    if chk.get("beats_baseline") is False:
        g = chk["gain_ci95"]["macro_f1"]
        where.append(f"on {chk.get('what') or 'held-out quotes'} macro-F1 {chk['model']['macro_f1']:.2f} vs majority "
                     f"{chk['majority']['macro_f1']:.2f}, gain interval [{g[0]:+.2f}, {g[1]:+.2f}]")
    if not where:
        return None
    return ("warning: this model does not clearly beat always answering the commonest label ("
            + "; ".join(where) + "); read its labels as weak evidence")

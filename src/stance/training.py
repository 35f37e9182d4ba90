"""Training: cross-validate for honest scores, fit on all data, save the model with its scores.

:func:`train` runs one grouped cross-validation (:mod:`stance.evaluate`) for the scores the
sidecar records, fits the Pipeline on all the data (:func:`stance.model.fit_pipeline`),
optionally scores it on held-out labelled quotes, and saves model and sidecar
(:func:`stance.modelfile.save_model`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from .evaluate import EvalConfig, baseline_columns, prediction_rows, round_floats, evaluate, oof_confusion
from .model import fit_pipeline
from .modelfile import check_model_path, package_versions, save_model
from .newsmetrics import score_predictions


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
        ``beats_baseline`` (the gain's interval lies above 0);
        :func:`stance.modelfile.baseline_warning` reads them.
    """
    check_model_path(path)
    config = config or EvalConfig()
    # Scores for the sidecar only (one cross-validation run): the learning curve, n-gram
    # listing and repeated runs belong to reports.
    ev = evaluate(dataset, replace(config, learning_curve=(), top_ngrams=0, repeats=1))
    t = dataset.table
    pipe, search = fit_pipeline(t["text"], t["label"], t["group"], config.model, dataset.scheme)
    m = ev.result
    gain = (m.model.gain_over_majority or {}).get("macro_f1", [None, None])
    sidecar = {
        "scheme": dataset.scheme.to_dict(),
        "data": dataset.source,
        "config": config.to_dict(),
        "experiment": experiment,
        "chosen_C": search["C"],
        "inner_cv_macro_f1": search["inner_scores"],
        "inner_cv_metric": config.model.selection_metric,
        "n_train": int(len(t)),
        "label_counts": m.label_counts,
        "cv_scores": {
            "folds": m.folds_used, "grouped_by": config.by,
            "accuracy": m.model.accuracy, "accuracy_ci95": m.model.ci("accuracy"),
            "macro_f1": m.model.macro_f1, "macro_f1_ci95": m.model.ci("macro_f1"),
            "majority_accuracy": m.majority.accuracy,
            "majority_macro_f1": m.majority.macro_f1,
            "gain_macro_f1_ci95": gain,
            "beats_baseline": _above_zero(gain),
        },
        # For quantification (stance analyse): how the model errs out of fold, per gold label.
        "cv_confusion": round_floats(oof_confusion(ev.predictions, dataset.scheme.values)),
        "packages": package_versions(),
        "trained_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    if check is not None:
        sidecar["check_scores"] = check_scores(pipe, search, dataset, check, config)
    save_model(pipe, path, sidecar)
    return sidecar


def check_scores(pipe, search, train, check, config) -> dict:
    """The fitted model's scores on held-out labelled quotes (page-bootstrap intervals)."""
    # lazy: numpy and pandas only when scoring held-out quotes
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(config.seed)
    extra = baseline_columns(train.table["label"], len(check.table), train.scheme, rng)
    extra.update({"fold": [0] * len(check.table), "C": [search["C"]] * len(check.table)})
    preds = pd.DataFrame(prediction_rows(check.table, pipe.predict_proba(list(check.table["text"])),
                                          [str(c) for c in pipe.classes_], train.scheme, extra))
    s = score_predictions(preds, train.scheme, n_boot=config.n_boot, seed=config.seed)
    return {"what": check.source.get("path", "") and Path(str(check.source["path"])).name + " "
            + "/".join(check.source.get("halves", [])),
            "n_quotes": s["n_quotes"], "n_pages": s["n_pages"], "model": s["model"], "majority": s["majority"],
            "gain_ci95": s["gain"],
            "beats_baseline": _above_zero(s["gain"]["macro_f1"])}


def _above_zero(interval) -> bool:
    """Whether an interval ``[low, high]`` lies wholly above 0 (False when it is unknown)."""
    return bool(interval and interval[0] is not None and interval[0] > 0)

"""Cross-validation grouped by article, and the evaluation that reports are made from.

Every quote is predicted by a model that never saw its article (out-of-fold), and the
regularisation of that model is tuned only inside its own training folds
(:func:`stance.model.fit_pipeline`). Scores come with 95% intervals from a bootstrap that
resamples *articles*, not quotes: quotes of one article share a speaker, a topic and a
journalist, so resampling quotes would pretend to more independent evidence than there is.
Every score sits beside two baselines computed on the same folds: the training fold's
majority label, and random draws from the training fold's label distribution.

The scores themselves (detection and placement on ordered axes, the group bootstrap,
calibration) are computed by :mod:`stance.scoring`, speaker positions by
:mod:`stance.positions`; :func:`evaluate` gathers them into a typed
:class:`stance.results.Metrics`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from .errors import InputError
from .explain import class_weights as _class_weights, feature_label as _feature_label
from .labels import Dataset
from .model import ModelConfig, build_pipeline, fit_pipeline, single_threaded
from .positions import FEW_QUOTES, positions_over_time, speaker_agreement, speaker_positions
from .results import Evaluation, Metrics, Repeats, Spread
from .scheme import LabelScheme
from .scoring import (SYSTEMS, CodedPredictions, attach_intervals, calibration, confusion, group_bootstrap,
                      scores_from_confusion)


@dataclass(frozen=True)
class EvalConfig:
    """How to evaluate.

    Parameters
    ----------
    folds : int or None
        Outer folds; groups are never split across folds. None picks :func:`auto_folds`
        (leave-one-speaker-out uses one fold per speaker).
    by : str
        ``group`` (articles, the default) or ``speaker`` (leave-one-speaker-out: does the
        model generalise to people it has never heard?).
    repeats : int
        Cross-validation runs with fold seeds ``seed, seed+1, ...``; the first is reported
        in full, all of them as mean and standard deviation.
    seed : int
        Seeds folds, baselines, bootstrap and learning-curve subsamples.
    n_boot : int
        Bootstrap resamples for every interval.
    learning_curve : tuple of float
        Shares of each training fold's groups used for the learning curve (empty: none).
    top_ngrams : int
        n-grams listed per class in "what the model learned".
    model : ModelConfig
        Features and classifier.
    """

    folds: int | None = None
    by: str = "group"
    repeats: int = 1
    seed: int = 0
    n_boot: int = 1000
    learning_curve: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0)
    top_ngrams: int = 10
    model: ModelConfig = field(default_factory=ModelConfig)

    def __post_init__(self):
        if self.by not in ("group", "speaker"):
            raise InputError(f"cross-validation 'by' must be 'group' or 'speaker', got '{self.by}'")
        if self.repeats < 1:
            raise InputError(f"repeats must be at least 1, got {self.repeats}")
        if self.n_boot < 1:
            raise InputError(f"n_boot must be at least 1, got {self.n_boot}")
        if any(not 0 < f <= 1 for f in self.learning_curve):
            raise InputError("learning-curve shares must lie in (0, 1]")

    def to_dict(self) -> dict:
        return {"folds": self.folds, "by": self.by, "repeats": self.repeats, "seed": self.seed,
                "n_boot": self.n_boot, "learning_curve": list(self.learning_curve),
                "top_ngrams": self.top_ngrams, "model": self.model.to_dict()}


# --------------------------------------------------------------------------------- folds

def _split_column(table, by: str):
    if by == "speaker":
        spk = table["speaker"].astype(str).str.strip()
        if (spk == "").any():
            raise InputError(
                f"leave-one-speaker-out needs a speaker for every quote; {int((spk == '').sum())} have none "
                f"(name the column with --speaker-column, or cross-validate by group)"
            )
        return spk
    return table["group"]


def auto_folds(table, most: int = 5, by: str = "group") -> int:
    """Default fold count: at most ``most``, no more than the groups or the rarest label's count.

    Leave-one-speaker-out gets one fold per speaker. An explicit ``--folds`` is checked
    strictly by :func:`check_folds` instead.
    """
    n_units = int(_split_column(table, by).nunique())
    if by == "speaker":
        return n_units
    return max(2, min(most, n_units, int(table["label"].value_counts().min())))


def check_folds(table, folds: int, by: str = "group") -> None:
    """Refuse a cross-validation the data cannot support, saying what to change.

    Raises
    ------
    InputError
        Fewer than 2 folds, fewer groups than folds, or a label with fewer examples than
        folds (some training fold could not learn it).
    """
    if folds < 2:
        raise InputError(f"--folds must be at least 2, got {folds}")
    unit = "speakers" if by == "speaker" else "groups (articles)"
    n_groups = int(_split_column(table, by).nunique())
    if n_groups < folds:
        raise InputError(
            f"the data hold {n_groups} {unit} but {folds} folds were asked for; "
            f"grouped cross-validation needs one per fold: use --folds {n_groups} or fewer"
        )
    if by == "speaker":
        return
    counts = table["label"].value_counts()
    rare = counts[counts < folds]
    if len(rare):
        lab, n = str(rare.index[0]), int(rare.iloc[0])
        suggestion = f"use --folds {n}" if n >= 2 else "label more examples of it or drop it"
        raise InputError(
            f"label '{lab}' has {n} example{'s' if n != 1 else ''}, fewer than the {folds} folds; "
            f"{suggestion} (or label more examples)"
        )


def outer_splits(table, folds: int, seed: int, by: str = "group"):
    """Grouped fold assignment: list of (train_index, test_index)."""
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    from sklearn.model_selection import GroupKFold

    groups = _split_column(table, by)
    n_groups = groups.nunique()
    shuffle = n_groups > folds
    splitter = GroupKFold(n_splits=folds, shuffle=shuffle, random_state=seed if shuffle else None)
    return list(splitter.split(table["text"], table["label"], groups=groups))


# ----------------------------------------------------------------------- predictions

def baseline_columns(train_labels, n_test: int, scheme: LabelScheme, rng) -> dict:
    """Majority and stratified-random predictions (and their on-axis versions) from a training fold."""
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np

    classes = list(scheme.values)
    counts = train_labels.value_counts()
    order = sorted(counts.index, key=lambda c: (-counts[c], classes.index(c)))
    freq = np.array([counts.get(c, 0) for c in classes], dtype=float)
    prior = freq / freq.sum()
    cols = {"majority": [order[0]] * n_test,
            "stratified": [classes[i] for i in rng.choice(len(classes), size=n_test, p=prior)]}
    for c, p in zip(classes, prior):
        cols[f"prior_{c}"] = [float(p)] * n_test
    on = [c for c in order if c in scheme.positions]
    if scheme.ordered and on:
        on_freq = np.array([counts.get(c, 0) for c in scheme.on_axis], dtype=float)
        cols["majority_on"] = [on[0]] * n_test
        cols["stratified_on"] = [scheme.on_axis[i] for i in
                                 rng.choice(len(scheme.on_axis), size=n_test, p=on_freq / on_freq.sum())]
    return cols


def prediction_rows(test, proba, fitted: list[str], scheme: LabelScheme, extra: dict) -> list[dict]:
    """Rows of the predictions table for one test part."""
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np

    classes = list(scheme.values)
    rows = []
    for j, (_, q) in enumerate(test.iterrows()):
        probs = {c: float(proba[j, fitted.index(c)]) if c in fitted else 0.0 for c in classes}
        pos, p_on = scheme.expected_position(probs)
        row = {"id": q["id"], "group": q["group"], "speaker": q["speaker"], "date": q["date"],
               "text": q["text"], "gold": q["label"], "pred": fitted[int(np.argmax(proba[j]))],
               **{f"p_{c}": probs[c] for c in classes}, "position": pos, "p_on_axis": p_on}
        if scheme.ordered:
            row["pred_on"] = max(scheme.on_axis, key=lambda c: (probs[c], -scheme.on_axis.index(c)))
        row.update({k: v[j] for k, v in extra.items()})
        rows.append(row)
    return rows


def _fit_fold(train, config: EvalConfig, k: int, scheme: LabelScheme | None = None):
    if train["label"].nunique() < 2:
        raise InputError(f"fold {k}'s training part holds one label only; use fewer --folds")
    # The scheme matters only to metrics that know the axis; others keep the four-argument call.
    extra = (scheme,) if config.model.selection_metric in ("f_avg", "detection_f1") else ()
    return fit_pipeline(train["text"], train["label"], train["group"], config.model, *extra)


def cross_validate(dataset: Dataset, config: EvalConfig = EvalConfig(), seed: int | None = None):
    """Out-of-fold predictions for every labelled quote.

    Parameters
    ----------
    dataset : Dataset
    config : EvalConfig
    seed : int, optional
        Fold seed; default ``config.seed``.

    Returns
    -------
    pandas.DataFrame
        One row per quote: id, group, speaker, date, text, gold, pred, fold, C, ``p_<label>``,
        position, p_on_axis, pred_on (ordered schemes), and the baselines: majority,
        stratified, ``prior_<label>`` (training-fold frequencies), majority_on, stratified_on.
    """
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np
    import pandas as pd

    seed = config.seed if seed is None else seed
    table, scheme = dataset.table, dataset.scheme
    folds = config.folds or auto_folds(table, by=config.by)
    check_folds(table, folds, config.by)
    rng = np.random.default_rng(seed)
    rows = []
    for k, (tr, te) in enumerate(outer_splits(table, folds, seed, config.by), start=1):
        train, test = table.iloc[tr], table.iloc[te]
        pipe, search = _fit_fold(train, config, k, scheme)
        extra = baseline_columns(train["label"], len(test), scheme, rng)
        extra.update({"fold": [k] * len(test), "C": [search["C"]] * len(test)})
        rows += prediction_rows(test, pipe.predict_proba(list(test["text"])), [str(c) for c in pipe.classes_],
                                 scheme, extra)
    out = pd.DataFrame(rows)
    order = {qid: i for i, qid in enumerate(table["id"])}
    return out.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)


def holdout_predictions(train: Dataset, test: Dataset, config: EvalConfig = EvalConfig()):
    """Predictions for a separate test table from a model fitted on all of ``train``.

    The C search runs inside ``train`` only; the rows have the columns of :func:`cross_validate`
    with ``fold`` = 0.
    """
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np
    import pandas as pd

    scheme = train.scheme
    unknown = sorted(set(test.table["label"]) - set(scheme.values))
    if unknown:
        raise InputError(f"the test table has label(s) {', '.join(unknown)} that the training data lack; "
                         f"the training labels are {', '.join(scheme.values)}")
    pipe, search = _fit_fold(train.table, config, 1, scheme)
    rng = np.random.default_rng(config.seed)
    extra = baseline_columns(train.table["label"], len(test.table), scheme, rng)
    extra.update({"fold": [0] * len(test.table), "C": [search["C"]] * len(test.table)})
    rows = prediction_rows(test.table, pipe.predict_proba(list(test.table["text"])),
                            [str(c) for c in pipe.classes_], scheme, extra)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ metrics

def oof_confusion(preds, classes: Sequence[str]) -> dict:
    """The out-of-fold error profile that quantification corrects for (stored in the sidecar).

    Parameters
    ----------
    preds : pandas.DataFrame
        Out-of-fold predictions: ``gold``, ``pred`` and ``p_<class>`` columns.
    classes : sequence of str
        Every label, in scheme order.

    Returns
    -------
    dict
        ``labels``; ``matrix`` (counts, rows gold, columns predicted); ``mean_proba`` (per gold
        label, the mean predicted probability of each label; rows of labels never gold are
        empty lists).
    """
    classes = list(classes)
    probs = preds[[f"p_{c}" for c in classes]].to_numpy(dtype=float)
    gold = preds["gold"].to_numpy()
    mean_proba = [probs[gold == c].mean(axis=0).tolist() if (gold == c).any() else [] for c in classes]
    return {"labels": classes, "matrix": confusion(preds["gold"], preds["pred"], classes), "mean_proba": mean_proba}


# ----------------------------------------------------------------- learning, weights

def learning_curve(dataset: Dataset, preds, config: EvalConfig) -> list[dict]:
    """Macro-F1 and accuracy against the number of training quotes.

    Within each outer fold of the reported run, the model is refitted on a seeded random
    share of the training fold's *groups* (so quotes of an article stay together), with that
    fold's chosen C (re-tuning at every point would cost a nested search per point), and
    scored on the fold's test part. Predictions are pooled across folds per share.
    """
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np

    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    from sklearn.exceptions import ConvergenceWarning

    table, scheme = dataset.table, dataset.scheme
    rng = np.random.default_rng(config.seed)
    ids = {qid: i for i, qid in enumerate(table["id"])}
    points = []
    for share in config.learning_curve:
        gold, pred, sizes = [], [], []
        for k, fold in preds.groupby("fold"):
            test_idx = [ids[q] for q in fold["id"]]
            train = table.drop(index=test_idx)
            groups = sorted(set(train["group"]))
            n = max(1, int(round(share * len(groups))))
            keep = set(rng.choice(groups, size=n, replace=False)) if n < len(groups) else set(groups)
            sub = train[train["group"].isin(keep)]
            if sub["label"].nunique() < 2:
                continue
            pipe = build_pipeline(config.model, C=float(fold["C"].iloc[0]))
            with warnings.catch_warnings(), single_threaded():
                warnings.simplefilter("ignore", ConvergenceWarning)
                pipe.fit(list(sub["text"]), list(sub["label"]))
            gold += list(fold["gold"])
            pred += [str(p) for p in pipe.predict(list(fold["text"]))]
            sizes.append(len(sub))
        if not gold:
            continue
        labels = [v for v in scheme.values if v in set(gold)]
        m = scores_from_confusion(_confusion_matrix(gold, pred, list(scheme.values)),
                            [list(scheme.values).index(v) for v in labels], list(scheme.values))
        points.append({"share_of_groups": share, "train_quotes": float(np.mean(sizes)),
                       "n_test": len(gold), "accuracy": m["accuracy"], "macro_f1": m["macro_f1"]})
    return points


def _confusion_matrix(gold, pred, values):
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np

    return np.array(confusion(gold, pred, values))


def top_ngrams(dataset: Dataset, config: EvalConfig) -> dict:
    """Fit on all the data and list, per class, the n-grams with the largest weights.

    Weights are centred across classes (``w_kc - mean_c w_kc``), as in the explanations of
    :func:`stance.model.predict_quotes`; a binary model's class 0 gets the negated weights.
    """
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np


    t = dataset.table
    pipe, search = fit_pipeline(t["text"], t["label"], t["group"], config.model, dataset.scheme)
    W = _class_weights(pipe.named_steps["clf"])
    W = W - W.mean(axis=0)
    names = pipe.named_steps["features"].get_feature_names_out()
    out = {}
    for i, c in enumerate(pipe.classes_):
        best = np.argsort(-W[i], kind="stable")[: config.top_ngrams]
        out[str(c)] = [{"ngram": _feature_label(names[j]), "weight": float(W[i, j])} for j in best]
    return {"C": search["C"], "classes": out}


# ----------------------------------------------------------------------------- the result

def round_floats(obj, digits: int = 6):
    """Round floats recursively so that metrics.json is byte-stable."""
    if isinstance(obj, float):
        return None if math.isnan(obj) else round(obj, digits)
    if isinstance(obj, dict):
        return {k: round_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [round_floats(v, digits) for v in obj]
    if hasattr(obj, "item"):  # numpy scalars
        return round_floats(obj.item(), digits)
    return obj


def summarise(preds, scheme: LabelScheme, config: EvalConfig) -> dict:
    """Scores of the model and baselines with bootstrap intervals, confusion and calibration."""
    coded = CodedPredictions(preds, scheme)
    point = coded.metrics()
    ci = group_bootstrap(coded, config.n_boot, config.seed)
    labels = [v for v in scheme.values if v in set(preds["gold"])]
    out = {s: attach_intervals(point[s], ci, f"{s}/") for s in SYSTEMS}
    delta = {k.split("/", 1)[1]: v for k, v in ci.items() if k.startswith("delta/")}
    return {
        "model": {**out["model"], "delta_vs_majority_ci95": delta},
        "baselines": {"majority": out["majority"], "stratified": out["stratified"]},
        "confusion": {"labels": labels, "matrix": confusion(preds["gold"], preds["pred"], labels)},
        "calibration": calibration(preds, scheme),
    }


def _data_info(dataset: Dataset) -> dict:
    # The data are identified by content (sha256) and name, not by absolute path, so the
    # same data in another checkout give byte-identical metrics.
    data = {k: v for k, v in dataset.source.items() if k != "path"}
    data["name"] = Path(str(dataset.source.get("path", ""))).name
    return data


def _protocol(config: EvalConfig, test: Dataset | None) -> str:
    return "holdout" if test is not None else f"cross-validation by {config.by}"


def repeat_scores(runs: list, scheme: LabelScheme, config: EvalConfig) -> Repeats:
    """The model's and the majority baseline's main scores over repeated cross-validation runs."""
    scored = [CodedPredictions(p, scheme).metrics() for p in runs]
    keys = ["accuracy", "macro_f1"] + (["mae_macro", "qwk", "detection_f1"] if scheme.ordered else [])
    return Repeats(seeds=[config.seed + r for r in range(config.repeats)],
                   model={k: Spread.of([r["model"][k] for r in scored]) for k in keys},
                   # The majority baseline on each run's folds, so every run's gain is paired.
                   majority={k: Spread.of([r["majority"][k] for r in scored]) for k in keys})


def _speaker_summary(preds, speakers, scheme: LabelScheme, config: EvalConfig) -> dict:
    return {"table": speakers.to_dict(orient="records"), "agreement": speaker_agreement(speakers),
            "few_quotes_threshold": FEW_QUOTES,
            "over_time": positions_over_time(preds, scheme, config.n_boot, config.seed)}


def evaluate(dataset: Dataset, config: EvalConfig = EvalConfig(), test: Dataset | None = None) -> Evaluation:
    """Cross-validate (or score a separate test set), bootstrap, and place speakers on the axis.

    Parameters
    ----------
    dataset : Dataset
        Training data (and, without ``test``, the data cross-validated).
    config : EvalConfig
    test : Dataset, optional
        A separate test table: the model is fitted on all of ``dataset`` and scored on it.

    Returns
    -------
    Evaluation
    """
    scheme = dataset.scheme
    if test is not None:
        preds = holdout_predictions(dataset, test, config)
        runs = []
    else:
        preds = cross_validate(dataset, config)
        runs = [preds] + [cross_validate(dataset, config, seed=config.seed + r) for r in range(1, config.repeats)]
    scored = test if test is not None else dataset
    metrics = {
        "data": _data_info(dataset),
        "test_data": _data_info(test) if test is not None else None,
        "scheme": scheme.to_dict(),
        "config": config.to_dict(),
        "protocol": _protocol(config, test),
        "n_quotes": int(len(preds)),
        "n_groups": int(preds["group"].nunique()),
        "label_counts": {lab: int((scored.table["label"] == lab).sum()) for lab in scheme.values},
        "folds_used": int(preds["fold"].max()),
        "chosen_C_per_fold": [float(c) for c in preds.groupby("fold")["C"].first()],
        **summarise(preds, scheme, config),
    }
    if len(runs) > 1:
        metrics["repeats"] = repeat_scores(runs, scheme, config).to_dict()
    if test is None and config.learning_curve:
        metrics["learning_curve"] = learning_curve(dataset, preds, config)
    if config.top_ngrams:
        metrics["top_ngrams"] = top_ngrams(dataset, config)
    speakers = speaker_positions(preds, scheme, config.n_boot, config.seed)
    if scheme.ordered:
        metrics["speakers"] = _speaker_summary(preds, speakers, scheme, config)
    return Evaluation(Metrics.from_dict(round_floats(metrics)), preds, speakers)


def _subset(dataset: Dataset, keep, value: str) -> Dataset:
    return replace(dataset, table=dataset.table[keep].reset_index(drop=True), source={**dataset.source, "subset": value})


def _pooled(results: dict[str, Evaluation], dataset: Dataset, config: EvalConfig, test: Dataset | None) -> Evaluation:
    """The predictions of every per-value model scored together."""
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import numpy as np
    import pandas as pd

    preds = pd.concat([r.predictions.assign(per=v) for v, r in results.items()], ignore_index=True)
    scheme = dataset.scheme
    pooled = {
        "data": _data_info(dataset), "scheme": scheme.to_dict(), "config": config.to_dict(),
        "protocol": _protocol(config, test), "values": sorted(results), "n_quotes": int(len(preds)),
        "n_groups": int(preds["group"].nunique()),
        "label_counts": {lab: int((preds["gold"] == lab).sum()) for lab in scheme.values},
        "folds_used": int(preds["fold"].max()),
        "chosen_C_per_fold": [],
        **summarise(preds, scheme, config),
        "macro_f1_mean_over_values": float(np.mean([r.result.model.macro_f1 for r in results.values()])),
        "per_value": {v: {"n_quotes": r.result.n_quotes, "accuracy": r.result.model.accuracy,
                          "accuracy_ci95": r.result.model.ci("accuracy"), "macro_f1": r.result.model.macro_f1,
                          "macro_f1_ci95": r.result.model.ci("macro_f1"),
                          "majority_macro_f1": r.result.majority.macro_f1}
                      for v, r in results.items()},
    }
    speakers = speaker_positions(preds, scheme, config.n_boot, config.seed)
    return Evaluation(Metrics.from_dict(round_floats(pooled)), preds, speakers)


def evaluate_per(dataset: Dataset, column_values: Sequence[str], config: EvalConfig = EvalConfig(),
                 test: Dataset | None = None, test_values: Sequence[str] | None = None) -> dict[str, Evaluation]:
    """One model per value of a column (target-wise stance benchmarks), plus pooled figures.

    Parameters
    ----------
    dataset : Dataset
    column_values : sequence of str
        The column's value for every row of ``dataset.table`` (e.g. the target).
    test, test_values : optional
        A separate test table and its column values.

    Returns
    -------
    dict
        ``{value: Evaluation}`` for each value, and ``"(pooled)"``: the predictions of all
        per-value models scored together, with the per-value macro-F1 averaged in
        ``result.per.macro_f1_mean``.
    """
    # lazy: numpy, pandas and scikit-learn load when a model is evaluated, not on import
    import pandas as pd

    vals = pd.Series(list(column_values), index=dataset.table.index).astype(str)
    tvals = pd.Series(list(test_values), index=test.table.index).astype(str) if test is not None else None
    results: dict[str, Evaluation] = {}
    for v in sorted(set(vals)):
        sub_test = _subset(test, tvals == v, v) if test is not None else None
        if sub_test is not None and not len(sub_test.table):
            raise InputError(f"the test table has no rows for '{v}'; every value of the --per column "
                             f"in the training data needs test rows")
        try:
            results[v] = evaluate(_subset(dataset, vals == v, v), replace(config, learning_curve=()), sub_test)
        except InputError as exc:
            raise InputError(f"for '{v}': {exc}") from None
    results["(pooled)"] = _pooled(results, dataset, config, test)
    return results

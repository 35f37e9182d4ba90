"""Cross-validation grouped by article, scores with honest uncertainty, per-speaker positions.

Every quote is predicted by a model that never saw its article (out-of-fold), and the
regularisation of that model is tuned only inside its own training folds
(:func:`stance.model.fit_pipeline`). Scores come with 95% intervals from a bootstrap that
resamples *articles*, not quotes: quotes of one article share a speaker, a topic and a
journalist, so resampling quotes would pretend to more independent evidence than there is.
Every score sits beside two baselines computed on the same folds: the training fold's
majority label, and random draws from the training fold's label distribution.

For ordered schemes the axis is scored in two parts that do not overlap: *detection* (is the
quote on the axis at all, or ``none``?) and *placement* on the quotes whose gold label is on
the axis: the macro-averaged mean absolute error of the predicted position (MAE^M, Baccianella,
Esuli & Sebastiani 2009, which stays honest when classes are imbalanced) and quadratic-
weighted kappa of the most probable on-axis class.

Metrics are computed from integer-coded confusion matrices in numpy (not one scikit-learn
call per metric) so that a thousand bootstrap resamples of every score stay fast.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from .errors import InputError
from .explain import class_weights as _class_weights, feature_label as _feature_label
from .labels import Dataset
from .model import ModelConfig, build_pipeline, fit_pipeline, single_threaded
from .scheme import LabelScheme

FEW_QUOTES = 5  # speakers with fewer on-axis quotes than this are flagged
SYSTEMS = ("model", "majority", "stratified")


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
    from sklearn.model_selection import GroupKFold

    groups = _split_column(table, by)
    n_groups = groups.nunique()
    shuffle = n_groups > folds
    splitter = GroupKFold(n_splits=folds, shuffle=shuffle, random_state=seed if shuffle else None)
    return list(splitter.split(table["text"], table["label"], groups=groups))


# ----------------------------------------------------------------------- predictions

def _baseline_columns(train_labels, n_test: int, scheme: LabelScheme, rng) -> dict:
    """Majority and stratified-random predictions (and their on-axis versions) from a training fold."""
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


def _prediction_rows(test, proba, fitted: list[str], scheme: LabelScheme, extra: dict) -> list[dict]:
    """Rows of the predictions table for one test part."""
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
        extra = _baseline_columns(train["label"], len(test), scheme, rng)
        extra.update({"fold": [k] * len(test), "C": [search["C"]] * len(test)})
        rows += _prediction_rows(test, pipe.predict_proba(list(test["text"])), [str(c) for c in pipe.classes_],
                                 scheme, extra)
    out = pd.DataFrame(rows)
    order = {qid: i for i, qid in enumerate(table["id"])}
    return out.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)


def holdout_predictions(train: Dataset, test: Dataset, config: EvalConfig = EvalConfig()):
    """Predictions for a separate test table from a model fitted on all of ``train``.

    The C search runs inside ``train`` only; the rows have the columns of :func:`cross_validate`
    with ``fold`` = 0.
    """
    import numpy as np
    import pandas as pd

    scheme = train.scheme
    unknown = sorted(set(test.table["label"]) - set(scheme.values))
    if unknown:
        raise InputError(f"the test table has label(s) {', '.join(unknown)} that the training data lack; "
                         f"the training labels are {', '.join(scheme.values)}")
    pipe, search = _fit_fold(train.table, config, 1, scheme)
    rng = np.random.default_rng(config.seed)
    extra = _baseline_columns(train.table["label"], len(test.table), scheme, rng)
    extra.update({"fold": [0] * len(test.table), "C": [search["C"]] * len(test.table)})
    rows = _prediction_rows(test.table, pipe.predict_proba(list(test.table["text"])),
                            [str(c) for c in pipe.classes_], scheme, extra)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ metrics

class _Coded:
    """Predictions turned into integer codes once, so metrics are array arithmetic."""

    def __init__(self, preds, scheme: LabelScheme):
        import numpy as np

        self.scheme = scheme
        self.values = list(scheme.values)
        code = {v: i for i, v in enumerate(self.values)}
        self.k = len(self.values)
        self.gold = preds["gold"].map(code).to_numpy()
        self.group = preds["group"].to_numpy()
        self.sys = {s: preds["pred" if s == "model" else s].map(code).to_numpy() for s in SYSTEMS}
        probs = preds[[f"p_{c}" for c in self.values]].to_numpy(dtype=float)
        prior = preds[[f"prior_{c}" for c in self.values]].to_numpy(dtype=float)
        onehot = np.eye(self.k)
        y = onehot[self.gold]
        self.brier = {"model": ((probs - y) ** 2).sum(axis=1), "stratified": ((prior - y) ** 2).sum(axis=1),
                      "majority": ((onehot[self.sys["majority"]] - y) ** 2).sum(axis=1)}
        self.ordered = scheme.ordered and "pred_on" in preds
        if self.ordered:
            pos = np.array([scheme.positions.get(v, np.nan) for v in self.values])
            self.pos = pos
            self.on = ~np.isnan(pos)
            self.gold_on = self.on[self.gold]
            self.placement = {s: preds[col].map(code).to_numpy() for s, col in
                              (("model", "pred_on"), ("majority", "majority_on"), ("stratified", "stratified_on"))}
            expected = preds["position"].astype(float).to_numpy()
            self.axis_pos = {"model": np.where(np.isnan(expected), 0.0, expected),
                             "majority": pos[self.placement["majority"]],
                             "stratified": pos[self.placement["stratified"]]}

    def metrics(self, rows=None) -> dict:
        """Every score of every system on the given rows (default all)."""
        import numpy as np

        idx = np.arange(len(self.gold)) if rows is None else rows
        g = self.gold[idx]
        present = np.unique(g)
        out = {}
        for s in SYSTEMS:
            p = self.sys[s][idx]
            cm = np.bincount(g * self.k + p, minlength=self.k * self.k).reshape(self.k, self.k)
            m = _from_confusion(cm, present, self.values)
            m["brier"] = float(self.brier[s][idx].mean())
            if self.ordered:
                m.update(self._axis(idx, s))
            out[s] = m
        return out

    def _axis(self, idx, s: str) -> dict:
        import numpy as np

        g = self.gold[idx]
        gon = self.gold_on[idx]
        pred_on_axis = self.on[self.sys[s][idx]]
        tp = int((gon & pred_on_axis).sum())
        fp, fn = int((~gon & pred_on_axis).sum()), int((gon & ~pred_on_axis).sum())
        det = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        sel = idx[gon]
        if not len(sel):
            return {"detection_f1": det, "mae_macro": None, "qwk": None}
        gpos = self.pos[self.gold[sel]]
        err = np.abs(self.axis_pos[s][sel] - gpos)
        mae = float(np.mean([err[gpos == v].mean() for v in np.unique(gpos)]))
        return {"detection_f1": det, "mae_macro": mae,
                "qwk": _qwk(self.gold[sel], self.placement[s][sel], np.flatnonzero(self.on))}


def _from_confusion(cm, present, values) -> dict:
    """Accuracy, macro-F1 (over the gold labels present) and per-class scores from a confusion matrix."""
    import numpy as np

    n = cm.sum()
    tp = np.diag(cm).astype(float)
    pred_n, gold_n = cm.sum(axis=0), cm.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(pred_n > 0, tp / pred_n, 0.0)
        rec = np.where(gold_n > 0, tp / gold_n, 0.0)
        f1 = np.where(prec + rec > 0, 2 * prec * rec / (prec + rec), 0.0)
    return {"accuracy": float(tp.sum() / n) if n else 0.0,
            "macro_f1": float(f1[present].mean()) if len(present) else 0.0,
            "per_class": {values[i]: {"precision": float(prec[i]), "recall": float(rec[i]), "f1": float(f1[i]),
                                      "support": int(gold_n[i])} for i in present}}


def _qwk(gold, pred, on_codes) -> float | None:
    """Quadratic-weighted Cohen's kappa over the on-axis categories (codes in axis order)."""
    import numpy as np

    k = len(on_codes)
    where = {c: i for i, c in enumerate(on_codes)}
    g = np.array([where[c] for c in gold])
    p = np.array([where[c] for c in pred])
    obs = np.bincount(g * k + p, minlength=k * k).reshape(k, k).astype(float)
    n = obs.sum()
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / n
    i, j = np.indices((k, k))
    w = (i - j) ** 2 / (k - 1) ** 2
    denom = (w * expected).sum()
    if denom == 0:
        return None
    return float(1 - (w * obs).sum() / denom)


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "/"))
        else:
            out[key] = v
    return out


def _percentile_ci(values, level: float = 0.95) -> list[float | None]:
    import numpy as np

    vals = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if not len(vals):
        return [None, None]
    lo, hi = np.percentile(vals, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return [float(lo), float(hi)]


def group_bootstrap(coded: _Coded, n_boot: int, seed: int) -> dict:
    """95% intervals for every score of every system by resampling groups with replacement.

    Returns ``{"model/accuracy": [lo, hi], ..., "delta/macro_f1": [lo, hi], ...}`` where
    ``delta`` is the paired difference model - majority on the same resamples.
    """
    return {k: _percentile_ci(v) for k, v in sorted(bootstrap_samples(coded, n_boot, seed).items())}


def bootstrap_samples(coded: _Coded, n_boot: int, seed: int) -> dict[str, list]:
    """Every score of every system on ``n_boot`` resamples of whole groups (articles)."""
    import numpy as np

    uniq = np.unique(coded.group)
    index = {g: np.flatnonzero(coded.group == g) for g in uniq}
    rng = np.random.default_rng(seed)
    samples: dict[str, list] = {}
    for _ in range(n_boot):
        pick = rng.choice(uniq, size=len(uniq), replace=True)
        rows = np.concatenate([index[g] for g in pick])
        flat = _flatten(coded.metrics(rows))
        for key in ("accuracy", "macro_f1", "brier", "detection_f1", "qwk"):
            if f"model/{key}" in flat and flat[f"model/{key}"] is not None and flat[f"majority/{key}"] is not None:
                flat[f"delta/{key}"] = flat[f"model/{key}"] - flat[f"majority/{key}"]
        if flat.get("model/mae_macro") is not None and flat.get("majority/mae_macro") is not None:
            flat["delta/mae_macro"] = flat["model/mae_macro"] - flat["majority/mae_macro"]
        for k, v in flat.items():
            samples.setdefault(k, []).append(v)
    return samples


def _attach_ci(block: dict, ci: dict, prefix: str) -> dict:
    """Nest ``[lo, hi]`` intervals beside each point estimate of ``block``."""
    out = {}
    for k, v in block.items():
        if isinstance(v, dict):
            out[k] = _attach_ci(v, ci, f"{prefix}{k}/")
        else:
            out[k] = v
            if isinstance(v, float) and f"{prefix}{k}" in ci:
                out[f"{k}_ci95"] = ci[f"{prefix}{k}"]
    return out


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Confusion matrix, rows = gold, columns = predicted, in scheme order."""
    import numpy as np

    code = {v: i for i, v in enumerate(labels)}
    g = np.array([code[x] for x in gold])
    p = np.array([code.get(x, -1) for x in pred])
    k = len(labels)
    keep = p >= 0
    return np.bincount(g[keep] * k + p[keep], minlength=k * k).reshape(k, k).astype(int).tolist()


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


def calibration(preds, scheme: LabelScheme, bins: int = 5) -> dict:
    """Reliability of the top-label confidence: bins of confidence with observed accuracy.

    Returns the bins (count, mean confidence, accuracy) and the expected calibration error.
    """
    import numpy as np

    probs = preds[[f"p_{c}" for c in scheme.values]].to_numpy(dtype=float)
    conf = probs.max(axis=1)
    right = (preds["pred"] == preds["gold"]).to_numpy()
    edges = np.linspace(0, 1, bins + 1)
    out, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if sel.any():
            out.append({"low": float(lo), "high": float(hi), "n": int(sel.sum()),
                        "confidence": float(conf[sel].mean()), "accuracy": float(right[sel].mean())})
            ece += sel.sum() / len(conf) * abs(conf[sel].mean() - right[sel].mean())
    return {"bins": out, "ece": float(ece)}


# ------------------------------------------------------------------------- per speaker

def pooled_position(frame, scheme: LabelScheme) -> float | None:
    """Expected axis position of a set of quotes from their predicted probabilities.

    ``sum_q sum_c p_qc * pos_c / sum_q P_q(on-axis)``: quotes the model thinks are off-axis
    weigh little. Soft probabilities from a heavily regularised model shrink towards the
    middle, so this is reported beside, not instead of, the hard-label mean.
    """
    num = sum(frame[f"p_{c}"].sum() * scheme.positions[c] for c in scheme.on_axis)
    den = sum(frame[f"p_{c}"].sum() for c in scheme.on_axis)
    return float(num / den) if den > 0 else None


def mean_position(labels, scheme: LabelScheme) -> float | None:
    """Mean axis position of the on-axis labels among ``labels`` (``none`` left out)."""
    pos = [scheme.positions[g] for g in labels if g in scheme.positions]
    return float(sum(pos) / len(pos)) if pos else None


def speaker_positions(preds, scheme: LabelScheme, n_boot: int = 1000, seed: int = 0, by=("speaker",)):
    """Per-speaker stance: n quotes, gold and predicted mean positions with 95% intervals.

    ``gold_mean`` averages the speaker's on-axis gold labels; ``pred_mean`` does the same
    with the out-of-fold predicted labels, so the two are on one footing; ``pred_expected``
    is the probability-weighted position (:func:`pooled_position`). Intervals resample the
    speaker's own quotes (percentile bootstrap); speakers with fewer than
    :data:`FEW_QUOTES` on-axis gold quotes are flagged ``few``.

    Parameters
    ----------
    by : tuple of str
        Columns to group by: ``("speaker",)``, or ``("speaker", "year")`` for positions
        over time.

    Returns
    -------
    pandas.DataFrame
        the ``by`` columns, n_quotes, n_on_axis, gold_mean, gold_ci_low/high, pred_mean,
        pred_ci_low/high, pred_expected, few; sorted by gold position then name.
    """
    import numpy as np
    import pandas as pd

    if not scheme.ordered:
        return pd.DataFrame()
    rng = np.random.default_rng(seed)
    rows = []
    named = preds[preds["speaker"].astype(str).str.strip() != ""]
    for key, frame in sorted(named.groupby(list(by)), key=lambda kv: tuple(map(str, kv[0]))):
        gold, pred = frame["gold"].to_numpy(), frame["pred"].to_numpy()
        gold_b, pred_b = [], []
        for _ in range(n_boot):
            pick = rng.integers(0, len(frame), len(frame))
            gold_b.append(mean_position(gold[pick], scheme))
            pred_b.append(mean_position(pred[pick], scheme))
        n_on = int(sum(g in scheme.positions for g in gold))
        g_ci, p_ci = _percentile_ci(gold_b), _percentile_ci(pred_b)
        rows.append({**dict(zip(by, key)), "n_quotes": len(frame), "n_on_axis": n_on,
                     "gold_mean": mean_position(gold, scheme), "gold_ci_low": g_ci[0], "gold_ci_high": g_ci[1],
                     "pred_mean": mean_position(pred, scheme), "pred_ci_low": p_ci[0],
                     "pred_ci_high": p_ci[1], "pred_expected": pooled_position(frame, scheme),
                     "few": n_on < FEW_QUOTES})
    out = pd.DataFrame(rows)
    if len(out):
        out = out.sort_values(["gold_mean", *by], na_position="last").reset_index(drop=True)
    return out


def speaker_agreement(speakers) -> dict:
    """Spearman correlation of gold and predicted speaker positions (speakers with both)."""
    from scipy.stats import spearmanr

    both = speakers.dropna(subset=["gold_mean", "pred_mean"]) if len(speakers) else speakers
    if len(both) < 3:
        return {"n_speakers": int(len(both)), "spearman": None,
                "note": "fewer than 3 speakers with both positions: no correlation computed"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho = spearmanr(both["gold_mean"], both["pred_mean"]).statistic
    return {"n_speakers": int(len(both)), "spearman": None if math.isnan(rho) else float(rho)}


def _year(date: object) -> str:
    m = re.search(r"(1[89]|20)\d\d", str(date or ""))
    return m.group(0) if m else ""


def positions_over_time(preds, scheme: LabelScheme, n_boot: int, seed: int) -> dict:
    """Speaker positions per year, where article dates are known."""
    dated = preds.assign(year=[_year(d) for d in preds["date"]])
    dated = dated[dated["year"] != ""]
    years = sorted(set(dated["year"]))
    table = speaker_positions(dated, scheme, n_boot, seed, by=("speaker", "year")) if len(dated) else None
    return {"n_quotes_dated": int(len(dated)), "years": years,
            "table": table.to_dict(orient="records") if table is not None and len(table) else []}


# ----------------------------------------------------------------- learning, weights

def learning_curve(dataset: Dataset, preds, config: EvalConfig) -> list[dict]:
    """Macro-F1 and accuracy against the number of training quotes.

    Within each outer fold of the reported run, the model is refitted on a seeded random
    share of the training fold's *groups* (so quotes of an article stay together), with that
    fold's chosen C (re-tuning at every point would cost a nested search per point), and
    scored on the fold's test part. Predictions are pooled across folds per share.
    """
    import numpy as np

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
        m = _from_confusion(_confusion_matrix(gold, pred, list(scheme.values)),
                            [list(scheme.values).index(v) for v in labels], list(scheme.values))
        points.append({"share_of_groups": share, "train_quotes": float(np.mean(sizes)),
                       "n_test": len(gold), "accuracy": m["accuracy"], "macro_f1": m["macro_f1"]})
    return points


def _confusion_matrix(gold, pred, values):
    import numpy as np

    return np.array(confusion(gold, pred, values))


def top_ngrams(dataset: Dataset, config: EvalConfig) -> dict:
    """Fit on all the data and list, per class, the n-grams with the largest weights.

    Weights are centred across classes (``w_kc - mean_c w_kc``), as in the explanations of
    :func:`stance.model.predict_quotes`; a binary model's class 0 gets the negated weights.
    """
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


# --------------------------------------------------------------------------- the report

@dataclass
class Evaluation:
    """Everything a report shows: metrics (JSON-ready), predictions and speaker table."""

    metrics: dict
    predictions: object
    speakers: object


def _round(obj, digits: int = 6):
    """Round floats recursively so that metrics.json is byte-stable."""
    if isinstance(obj, float):
        return None if math.isnan(obj) else round(obj, digits)
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_round(v, digits) for v in obj]
    if hasattr(obj, "item"):  # numpy scalars
        return _round(obj.item(), digits)
    return obj


def summarise(preds, scheme: LabelScheme, config: EvalConfig) -> dict:
    """Scores of the model and baselines with bootstrap intervals, confusion and calibration."""
    coded = _Coded(preds, scheme)
    point = coded.metrics()
    ci = group_bootstrap(coded, config.n_boot, config.seed)
    labels = [v for v in scheme.values if v in set(preds["gold"])]
    out = {s: _attach_ci(point[s], ci, f"{s}/") for s in SYSTEMS}
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
    import numpy as np

    scheme = dataset.scheme
    if test is not None:
        preds = holdout_predictions(dataset, test, config)
        repeats = []
    else:
        preds = cross_validate(dataset, config)
        repeats = [preds] + [cross_validate(dataset, config, seed=config.seed + r) for r in range(1, config.repeats)]
    scored = test if test is not None else dataset
    metrics = {
        "data": _data_info(dataset),
        "test_data": _data_info(test) if test is not None else None,
        "scheme": scheme.to_dict(),
        "config": config.to_dict(),
        "protocol": "holdout" if test is not None else f"cross-validation by {config.by}",
        "n_quotes": int(len(preds)),
        "n_groups": int(preds["group"].nunique()),
        "label_counts": {lab: int((scored.table["label"] == lab).sum()) for lab in scheme.values},
        "folds_used": int(preds["fold"].max()),
        "chosen_C_per_fold": [float(c) for c in preds.groupby("fold")["C"].first()],
        **summarise(preds, scheme, config),
    }
    if len(repeats) > 1:
        scored_runs = [_Coded(p, scheme).metrics() for p in repeats]
        keys = ["accuracy", "macro_f1"] + (["mae_macro", "qwk", "detection_f1"] if scheme.ordered else [])

        def spread(values: list) -> dict:
            known = [v for v in values if v is not None]
            return {"values": values, "mean": float(np.mean(known)) if known else None,
                    "sd": float(np.std(known, ddof=1)) if len(known) > 1 else None}

        metrics["repeats"] = {
            "seeds": [config.seed + r for r in range(config.repeats)],
            **{k: spread([r["model"][k] for r in scored_runs]) for k in keys},
            # The majority baseline on each run's folds, so every run's gain is paired.
            "majority": {k: spread([r["majority"][k] for r in scored_runs]) for k in keys},
        }
    if test is None and config.learning_curve:
        metrics["learning_curve"] = learning_curve(dataset, preds, config)
    if config.top_ngrams:
        metrics["top_ngrams"] = top_ngrams(dataset, config)
    speakers = speaker_positions(preds, scheme, config.n_boot, config.seed)
    if scheme.ordered:
        metrics["speakers"] = {
            "table": speakers.to_dict(orient="records"),
            "agreement": speaker_agreement(speakers),
            "few_quotes_threshold": FEW_QUOTES,
            "over_time": positions_over_time(preds, scheme, config.n_boot, config.seed),
        }
    return Evaluation(_round(metrics), preds, speakers)


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
        ``metrics["macro_f1_mean_over_values"]``.
    """
    import numpy as np
    import pandas as pd

    vals = pd.Series(list(column_values), index=dataset.table.index).astype(str)
    tvals = pd.Series(list(test_values), index=test.table.index).astype(str) if test is not None else None
    results: dict[str, Evaluation] = {}
    for v in sorted(set(vals)):
        sub = replace(dataset, table=dataset.table[vals == v].reset_index(drop=True),
                      source={**dataset.source, "subset": v})
        sub_test = None
        if test is not None:
            sub_test = replace(test, table=test.table[tvals == v].reset_index(drop=True),
                               source={**test.source, "subset": v})
            if not len(sub_test.table):
                raise InputError(f"the test table has no rows for '{v}'; every value of the --per column "
                                 f"in the training data needs test rows")
        try:
            results[v] = evaluate(sub, replace(config, learning_curve=()), sub_test)
        except InputError as exc:
            raise InputError(f"for '{v}': {exc}") from None
    pooled_preds = pd.concat([r.predictions.assign(per=v) for v, r in results.items()], ignore_index=True)
    scheme = dataset.scheme
    pooled = {
        "data": _data_info(dataset), "scheme": scheme.to_dict(), "config": config.to_dict(),
        "protocol": "holdout" if test is not None else f"cross-validation by {config.by}",
        "values": sorted(results), "n_quotes": int(len(pooled_preds)),
        "n_groups": int(pooled_preds["group"].nunique()),
        "label_counts": {lab: int((pooled_preds["gold"] == lab).sum()) for lab in scheme.values},
        "folds_used": int(pooled_preds["fold"].max()),
        "chosen_C_per_fold": [],
        **summarise(pooled_preds, scheme, config),
        "macro_f1_mean_over_values": float(np.mean([r.metrics["model"]["macro_f1"] for r in results.values()])),
        "per_value": {v: {"n_quotes": r.metrics["n_quotes"], "accuracy": r.metrics["model"]["accuracy"],
                          "accuracy_ci95": r.metrics["model"]["accuracy_ci95"],
                          "macro_f1": r.metrics["model"]["macro_f1"],
                          "macro_f1_ci95": r.metrics["model"]["macro_f1_ci95"],
                          "majority_macro_f1": r.metrics["baselines"]["majority"]["macro_f1"]}
                      for v, r in results.items()},
    }
    speakers = speaker_positions(pooled_preds, scheme, config.n_boot, config.seed)
    results["(pooled)"] = Evaluation(_round(pooled), pooled_preds, speakers)
    return results

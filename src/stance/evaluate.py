"""Cross-validation grouped by article, scores with honest uncertainty, per-speaker positions.

Every quote is predicted by a model that never saw its article (out-of-fold), and the
regularisation of that model is tuned only inside its own training folds
(:func:`stance.model.fit_pipeline`). Scores come with 95% intervals from a bootstrap that
resamples *articles*, not quotes: quotes of one article share a speaker, a topic and a
journalist, so resampling quotes would pretend to more independent evidence than there is.
Every score sits beside two baselines computed on the same folds: the training fold's
majority label, and random draws from the training fold's label distribution.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import InputError
from .labels import Dataset
from .model import ModelConfig, fit_pipeline
from .scheme import LabelScheme

FEW_QUOTES = 5  # speakers with fewer on-axis quotes than this are flagged


@dataclass(frozen=True)
class EvalConfig:
    """How to cross-validate.

    Parameters
    ----------
    folds : int or None
        Number of outer folds; groups (articles) are never split across folds. None picks
        :func:`auto_folds`.
    seed : int
        Seeds fold assignment, the stratified baseline and the bootstrap.
    n_boot : int
        Bootstrap resamples for every interval.
    model : ModelConfig
        Features and classifier.
    """

    folds: int | None = None
    seed: int = 0
    n_boot: int = 1000
    model: ModelConfig = field(default_factory=ModelConfig)

    def to_dict(self) -> dict:
        return {"folds": self.folds, "seed": self.seed, "n_boot": self.n_boot,
                "model": self.model.to_dict()}


def auto_folds(table, most: int = 5) -> int:
    """Default fold count: at most ``most``, no more than the groups or the rarest label's count.

    An explicit ``--folds`` is checked strictly by :func:`check_folds` instead.
    """
    return max(2, min(most, int(table["group"].nunique()), int(table["label"].value_counts().min())))


def check_folds(table, folds: int) -> None:
    """Refuse a cross-validation the data cannot support, saying what to change.

    Raises
    ------
    InputError
        Fewer than 2 folds, fewer groups than folds, or a label with fewer examples than
        folds (some training fold could not learn it).
    """
    if folds < 2:
        raise InputError(f"--folds must be at least 2, got {folds}")
    n_groups = table["group"].nunique()
    if n_groups < folds:
        raise InputError(
            f"the data hold {n_groups} groups (articles) but {folds} folds were asked for; "
            f"grouped cross-validation needs a group per fold: use --folds {n_groups} or fewer"
        )
    counts = table["label"].value_counts()
    rare = counts[counts < folds]
    if len(rare):
        lab, n = str(rare.index[0]), int(rare.iloc[0])
        suggestion = f"use --folds {n}" if n >= 2 else "label more examples of it or drop it"
        raise InputError(
            f"label '{lab}' has {n} example{'s' if n != 1 else ''}, fewer than the {folds} folds; "
            f"{suggestion} (or label more examples)"
        )


def outer_splits(table, folds: int, seed: int):
    """Grouped fold assignment: list of (train_index, test_index)."""
    from sklearn.model_selection import GroupKFold

    n_groups = table["group"].nunique()
    splitter = GroupKFold(n_splits=folds, shuffle=n_groups > folds, random_state=seed if n_groups > folds else None)
    return list(splitter.split(table["text"], table["label"], groups=table["group"]))


def cross_validate(dataset: Dataset, config: EvalConfig = EvalConfig()):
    """Out-of-fold predictions for every labelled quote.

    Returns
    -------
    pandas.DataFrame
        One row per quote: id, group, speaker, date, text, gold, pred, fold, C, the
        probability of each class (``p_<label>``), position, p_on_axis, and the two
        baselines' predictions (``majority``, ``stratified``).
    """
    import numpy as np
    import pandas as pd

    table, scheme = dataset.table, dataset.scheme
    folds = config.folds or auto_folds(table)
    check_folds(table, folds)
    rng = np.random.default_rng(config.seed)
    classes = list(scheme.values)
    rows = []
    for k, (tr, te) in enumerate(outer_splits(table, folds, config.seed)):
        train, test = table.iloc[tr], table.iloc[te]
        if train["label"].nunique() < 2:
            raise InputError(f"fold {k + 1}'s training part holds one label only; use fewer --folds")
        pipe, search = fit_pipeline(train["text"], train["label"], train["group"], config.model)
        proba = pipe.predict_proba(list(test["text"]))
        fitted = [str(c) for c in pipe.classes_]
        counts = train["label"].value_counts()
        majority = sorted(counts.index, key=lambda c: (-counts[c], classes.index(c)))[0]
        freq = np.array([counts.get(c, 0) for c in classes], dtype=float)
        draws = rng.choice(len(classes), size=len(test), p=freq / freq.sum())
        for j, (_, q) in enumerate(test.iterrows()):
            probs = {c: float(proba[j, fitted.index(c)]) if c in fitted else 0.0 for c in classes}
            pos, p_on = scheme.expected_position(probs)
            rows.append({
                "id": q["id"], "group": q["group"], "speaker": q["speaker"], "date": q["date"],
                "text": q["text"], "gold": q["label"], "pred": fitted[int(np.argmax(proba[j]))],
                "fold": k + 1, "C": search["C"], **{f"p_{c}": probs[c] for c in classes},
                "position": pos, "p_on_axis": p_on,
                "majority": majority, "stratified": classes[int(draws[j])],
            })
    out = pd.DataFrame(rows)
    order = {qid: i for i, qid in enumerate(table["id"])}
    return out.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)


# ------------------------------------------------------------------------------ metrics

def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 and per-class precision/recall/F1 over ``labels``."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=list(labels), zero_division=0)
    return {
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0)),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
    }


def _percentile_ci(values, level: float = 0.95) -> list[float]:
    import numpy as np

    vals = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if not len(vals):
        return [None, None]
    lo, hi = np.percentile(vals, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return [float(lo), float(hi)]


def group_bootstrap(preds, labels: Sequence[str], n_boot: int, seed: int) -> dict:
    """95% intervals for accuracy and macro-F1 by resampling groups (articles) with replacement.

    Returns, for the model and each baseline, ``{"accuracy": [lo, hi], "macro_f1": [lo, hi]}``,
    plus ``delta_vs_majority``: the interval of (model - majority) computed on the same
    resamples (paired).
    """
    import numpy as np
    from sklearn.metrics import f1_score

    groups = preds["group"].to_numpy()
    uniq = np.unique(groups)
    index = {g: np.flatnonzero(groups == g) for g in uniq}
    rng = np.random.default_rng(seed)
    gold = preds["gold"].to_numpy()
    systems = {"model": preds["pred"].to_numpy(), "majority": preds["majority"].to_numpy(),
               "stratified": preds["stratified"].to_numpy()}
    samples = {s: {"accuracy": [], "macro_f1": []} for s in systems}
    delta = {"accuracy": [], "macro_f1": []}
    labs = list(labels)
    for _ in range(n_boot):
        pick = rng.choice(uniq, size=len(uniq), replace=True)
        rows = np.concatenate([index[g] for g in pick])
        g = gold[rows]
        present = [lab for lab in labs if lab in set(g)]
        got = {}
        for s, pred in systems.items():
            acc = float((pred[rows] == g).mean())
            f1 = float(f1_score(g, pred[rows], labels=present, average="macro", zero_division=0))
            samples[s]["accuracy"].append(acc)
            samples[s]["macro_f1"].append(f1)
            got[s] = (acc, f1)
        delta["accuracy"].append(got["model"][0] - got["majority"][0])
        delta["macro_f1"].append(got["model"][1] - got["majority"][1])
    out = {s: {m: _percentile_ci(v) for m, v in d.items()} for s, d in samples.items()}
    out["delta_vs_majority"] = {m: _percentile_ci(v) for m, v in delta.items()}
    return out


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Confusion matrix, rows = gold, columns = predicted, in scheme order."""
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(gold, pred, labels=list(labels)).astype(int).tolist()


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


def speaker_positions(preds, scheme: LabelScheme, n_boot: int = 1000, seed: int = 0):
    """Per-speaker stance: n quotes, gold and predicted mean positions with 95% intervals.

    ``gold_mean`` averages the speaker's on-axis gold labels; ``pred_mean`` does the same
    with the out-of-fold predicted labels, so the two are on one footing; ``pred_expected``
    is the probability-weighted position (:func:`pooled_position`). Intervals resample the
    speaker's own quotes (percentile bootstrap); speakers with fewer than
    :data:`FEW_QUOTES` on-axis gold quotes are flagged ``few``.

    Returns
    -------
    pandas.DataFrame
        speaker, n_quotes, n_on_axis, gold_mean, gold_ci_low/high, pred_mean,
        pred_ci_low/high, pred_expected, few; sorted by gold position then name.
    """
    import numpy as np
    import pandas as pd

    if not scheme.ordered:
        return pd.DataFrame()
    rng = np.random.default_rng(seed)
    rows = []
    named = preds[preds["speaker"].astype(str).str.strip() != ""]
    for speaker, frame in sorted(named.groupby("speaker"), key=lambda kv: str(kv[0])):
        gold, pred = frame["gold"].to_numpy(), frame["pred"].to_numpy()
        gold_b, pred_b = [], []
        for _ in range(n_boot):
            pick = rng.integers(0, len(frame), len(frame))
            gold_b.append(mean_position(gold[pick], scheme))
            pred_b.append(mean_position(pred[pick], scheme))
        n_on = int(sum(g in scheme.positions for g in gold))
        g_ci, p_ci = _percentile_ci(gold_b), _percentile_ci(pred_b)
        rows.append({"speaker": speaker, "n_quotes": len(frame), "n_on_axis": n_on,
                     "gold_mean": mean_position(gold, scheme), "gold_ci_low": g_ci[0], "gold_ci_high": g_ci[1],
                     "pred_mean": mean_position(pred, scheme), "pred_ci_low": p_ci[0],
                     "pred_ci_high": p_ci[1], "pred_expected": pooled_position(frame, scheme),
                     "few": n_on < FEW_QUOTES})
    out = pd.DataFrame(rows)
    if len(out):
        out = out.sort_values(["gold_mean", "speaker"], na_position="last").reset_index(drop=True)
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
    return obj


def evaluate(dataset: Dataset, config: EvalConfig = EvalConfig()) -> Evaluation:
    """Cross-validate, score, bootstrap and place speakers on the axis.

    Parameters
    ----------
    dataset : Dataset
    config : EvalConfig

    Returns
    -------
    Evaluation
    """
    import numpy as np

    preds = cross_validate(dataset, config)
    scheme = dataset.scheme
    labels = [v for v in scheme.values if v in set(preds["gold"])]
    model = score(preds["gold"], preds["pred"], labels)
    majority = score(preds["gold"], preds["majority"], labels)
    strat = score(preds["gold"], preds["stratified"], labels)
    ci = group_bootstrap(preds, labels, config.n_boot, config.seed)
    for name, block in (("model", model), ("majority", majority), ("stratified", strat)):
        block["ci95"] = ci[name]
    model["delta_vs_majority_ci95"] = ci["delta_vs_majority"]
    speakers = speaker_positions(preds, scheme, config.n_boot, config.seed)
    counts = preds["gold"].value_counts()
    # The data are identified by content (sha256) and name, not by absolute path, so the
    # same data in another checkout give byte-identical metrics.
    data = {k: v for k, v in dataset.source.items() if k != "path"}
    data["name"] = Path(str(dataset.source.get("path", ""))).name
    metrics = {
        "data": data,
        "scheme": scheme.to_dict(),
        "config": config.to_dict(),
        "n_quotes": int(len(preds)),
        "n_groups": int(preds["group"].nunique()),
        "label_counts": {lab: int(counts.get(lab, 0)) for lab in scheme.values},
        "labels_scored": labels,
        "folds_used": int(preds["fold"].max()),
        "chosen_C_per_fold": [float(c) for c in preds.groupby("fold")["C"].first()],
        "model": model,
        "baselines": {"majority": majority, "stratified": strat},
        "confusion": {"labels": labels, "matrix": confusion(preds["gold"], preds["pred"], labels)},
    }
    if scheme.ordered:
        on = preds[preds["gold"].isin(scheme.positions)]
        err = [abs(p - scheme.positions[g]) for p, g in zip(on["position"], on["gold"]) if p is not None
               and not (isinstance(p, float) and np.isnan(p))]
        metrics["position_mae_on_axis"] = float(np.mean(err)) if err else None
        metrics["speakers"] = {
            "table": speakers.to_dict(orient="records"),
            "agreement": speaker_agreement(speakers),
            "few_quotes_threshold": FEW_QUOTES,
        }
    return Evaluation(_round(metrics), preds, speakers)

"""Scores of out-of-fold predictions: integer-coded metrics, group bootstrap, calibration.

Predictions are turned into integer codes once (:class:`CodedPredictions`), so that every
score of the model and both baselines is array arithmetic on a confusion matrix: a thousand
bootstrap resamples of whole groups (articles) stay fast. For ordered schemes the axis is
scored in two parts that do not overlap: *detection* (on the axis at all, or ``none``?) and
*placement* on the quotes whose gold label is on the axis (MAE^M and quadratic-weighted kappa).
"""

from __future__ import annotations

from typing import Sequence

from .scheme import LabelScheme
from .stats import cohen_kappa, group_resamples, percentile_ci

SYSTEMS = ("model", "majority", "stratified")


class CodedPredictions:
    """Predictions turned into integer codes once, so metrics are array arithmetic."""

    def __init__(self, preds, scheme: LabelScheme):
        # lazy: numpy loads when scores are computed, not on import
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
        # lazy: numpy loads when scores are computed, not on import
        import numpy as np

        idx = np.arange(len(self.gold)) if rows is None else rows
        g = self.gold[idx]
        present = np.unique(g)
        out = {}
        for s in SYSTEMS:
            p = self.sys[s][idx]
            cm = np.bincount(g * self.k + p, minlength=self.k * self.k).reshape(self.k, self.k)
            m = scores_from_confusion(cm, present, self.values)
            m["brier"] = float(self.brier[s][idx].mean())
            if self.ordered:
                m.update(self._axis(idx, s))
            out[s] = m
        return out

    def _axis(self, idx, s: str) -> dict:
        # lazy: numpy loads when scores are computed, not on import
        import numpy as np

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
                "qwk": cohen_kappa(self.gold[sel], self.placement[s][sel], np.flatnonzero(self.on), "quadratic")}


def scores_from_confusion(cm, present, values) -> dict:
    """Accuracy, macro-F1 (over the gold labels present) and per-class scores from a confusion matrix."""
    # lazy: numpy loads when scores are computed, not on import
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


def flatten_scores(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten_scores(v, key + "/"))
        else:
            out[key] = v
    return out


def group_bootstrap(coded: CodedPredictions, n_boot: int, seed: int) -> dict:
    """95% intervals for every score of every system by resampling groups with replacement.

    Returns ``{"model/accuracy": [lo, hi], ..., "delta/macro_f1": [lo, hi], ...}`` where
    ``delta`` is the paired difference model - majority on the same resamples.
    """
    return {k: percentile_ci(v) for k, v in sorted(bootstrap_samples(coded, n_boot, seed).items())}


def bootstrap_samples(coded: CodedPredictions, n_boot: int, seed: int) -> dict[str, list]:
    """Every score of every system on ``n_boot`` resamples of whole groups (articles)."""
    samples: dict[str, list] = {}
    for rows in group_resamples(coded.group, n_boot, seed):
        flat = flatten_scores(coded.metrics(rows))
        for key in ("accuracy", "macro_f1", "brier", "detection_f1", "qwk"):
            if f"model/{key}" in flat and flat[f"model/{key}"] is not None and flat[f"majority/{key}"] is not None:
                flat[f"delta/{key}"] = flat[f"model/{key}"] - flat[f"majority/{key}"]
        if flat.get("model/mae_macro") is not None and flat.get("majority/mae_macro") is not None:
            flat["delta/mae_macro"] = flat["model/mae_macro"] - flat["majority/mae_macro"]
        for k, v in flat.items():
            samples.setdefault(k, []).append(v)
    return samples


def attach_intervals(block: dict, ci: dict, prefix: str) -> dict:
    """Nest ``[lo, hi]`` intervals beside each point estimate of ``block``."""
    out = {}
    for k, v in block.items():
        if isinstance(v, dict):
            out[k] = attach_intervals(v, ci, f"{prefix}{k}/")
        else:
            out[k] = v
            if isinstance(v, float) and f"{prefix}{k}" in ci:
                out[f"{k}_ci95"] = ci[f"{prefix}{k}"]
    return out


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Confusion matrix, rows = gold, columns = predicted, in scheme order."""
    # lazy: numpy loads when scores are computed, not on import
    import numpy as np

    code = {v: i for i, v in enumerate(labels)}
    g = np.array([code[x] for x in gold])
    p = np.array([code.get(x, -1) for x in pred])
    k = len(labels)
    keep = p >= 0
    return np.bincount(g[keep] * k + p[keep], minlength=k * k).reshape(k, k).astype(int).tolist()


def calibration(preds, scheme: LabelScheme, bins: int = 5) -> dict:
    """Reliability of the top-label confidence: bins of confidence with observed accuracy.

    Returns the bins (count, mean confidence, accuracy) and the expected calibration error.
    """
    # lazy: numpy loads when scores are computed, not on import
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

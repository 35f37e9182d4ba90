"""The metrics the inner search may maximise when it chooses a model's C.

``ModelConfig.selection_metric`` names one of :data:`SELECTION_METRICS`; :func:`scores_for`
computes it. This module imports nothing heavy at load time, so validating a model's settings
never loads numpy.
"""

from __future__ import annotations

import warnings

from .errors import InputError

SELECTION_METRICS = ("macro_f1", "accuracy", "f_avg", "detection_f1")


def scores_for(metric: str, gold, pred, scheme, f_avg_labels=None) -> float:
    """One selection metric of predicted against gold labels.

    ``macro_f1`` averages F1 over the gold labels present; ``f_avg`` over ``f_avg_labels``
    (default: the on-axis values with a non-zero position, the SemEval-style average of the
    directional classes); ``detection_f1`` is the F1 of on-axis vs ``none``.
    """
    # lazy: numpy and scikit-learn only when scoring; the model's settings import this module
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score

    gold = np.asarray(gold).astype(str)
    pred = np.asarray(pred).astype(str)
    if metric == "accuracy":
        return float(accuracy_score(gold, pred))
    if metric == "macro_f1":
        labels = sorted(set(gold))
    elif metric == "f_avg":
        labels = list(f_avg_labels or [v for v in scheme.on_axis if scheme.positions[v] != 0])
    elif metric == "detection_f1":
        on = set(scheme.on_axis)
        g = np.array([x in on for x in gold])
        p = np.array([x in on for x in pred])
        return float(f1_score(g, p, zero_division=0.0))
    else:
        raise InputError(f"selection metric '{metric}' is not one of {', '.join(SELECTION_METRICS)}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0.0))

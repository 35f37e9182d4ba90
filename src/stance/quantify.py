"""Label distributions corrected for the classifier's measured errors (quantification).

Counting a classifier's predicted labels (*classify and count*, CC) gives a biased estimate of
the true label distribution: a model that calls 30% of true ``none`` quotes ``-1`` inflates
``-1`` wherever ``none`` is common. Given how the model errs out of fold (the confusion matrix
of its own grouped cross-validation, stored in its sidecar by ``stance train``), the observed
distribution can be inverted:

- **ACC**, adjusted classify and count (Forman 2008): with ``M[i, j] = P(pred j | true i)``,
  the expected predicted distribution is ``q = M.T @ p``; solve for ``p`` by least squares,
  clip to ``[0, 1]`` and renormalise.
- **PACC**, probabilistic ACC (Bella, Ferri, Hernández-Orallo & Ramírez-Quintana 2010): the
  same with mean posterior probabilities instead of hard counts, on both sides.

QuaPy implements these for its own classifier wrappers and data collections; here the model's
error profile is a stored matrix and no classifier is refitted, so the two estimators are a few
lines of numpy rather than a dependency (QuaPy also pulls in dataset downloaders).

References: G. Forman (2008), Quantifying counts and costs via classification, *Data Mining and
Knowledge Discovery* 17(2). A. Bella et al. (2010), Quantification via probability estimators,
*ICDM 2010*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

METHODS = ("pacc", "acc", "cc")


@dataclass(frozen=True)
class ErrorProfile:
    """How a model errs out of fold, per true label (from the sidecar's ``cv_confusion``).

    ``hard[i][j]`` = P(pred j | true i); ``soft[i][j]`` = mean P_j over quotes of true label i.
    A label never seen as gold in cross-validation has no row of its own: it is taken as
    always recognised (an identity row), which leaves its share uncorrected.
    """

    labels: tuple[str, ...]
    hard: tuple[tuple[float, ...], ...]
    soft: tuple[tuple[float, ...], ...] | None
    n_gold: tuple[int, ...]


def error_profile(sidecar: dict, labels: Sequence[str]) -> ErrorProfile | None:
    """The model's out-of-fold error profile in ``labels`` order, or None for an older sidecar.

    Parameters
    ----------
    sidecar : dict
        A model sidecar (``stance train`` writes ``cv_confusion`` into it).
    labels : sequence of str
        The order wanted (the model's classes in scheme order). Scheme labels the model never
        learned (absent from its training data) are left out of rows and columns.
    """
    cv = sidecar.get("cv_confusion")
    if not isinstance(cv, dict) or "matrix" not in cv or "labels" not in cv:
        return None
    have = [str(x) for x in cv["labels"]]
    if not set(labels) <= set(have):
        return None  # labels the cross-validation never knew: no error profile for them
    idx = [have.index(lab) for lab in labels]
    matrix = cv["matrix"]
    mean_proba = cv.get("mean_proba")
    hard, soft, n_gold = [], [], []
    for k, i in enumerate(idx):
        row = [float(matrix[i][j]) for j in idx]
        n = sum(row)
        n_gold.append(int(n))
        unit = tuple(1.0 if j == k else 0.0 for j in range(len(idx)))
        hard.append(tuple(v / n for v in row) if n > 0 else unit)
        prow = mean_proba[i] if mean_proba and i < len(mean_proba) else []
        soft.append(tuple(float(prow[j]) for j in idx) if prow else unit)
    return ErrorProfile(tuple(labels), tuple(hard), tuple(soft) if mean_proba else None, tuple(n_gold))


def _normalise(v) -> list[float]:

    v = np.clip(np.asarray(v, dtype=float), 0.0, None)
    total = v.sum()
    return (v / total).tolist() if total > 0 else [1.0 / len(v)] * len(v)


def classify_and_count(counts: Sequence[float]) -> list[float]:
    """CC: the predicted labels' shares."""
    return _normalise(counts)


def adjusted(observed: Sequence[float], matrix) -> list[float]:
    """Invert ``observed = matrix.T @ p`` for a distribution ``p`` (least squares, clipped, normalised).

    This is ACC (Forman 2008) when ``observed`` are predicted-label shares and ``matrix`` the
    hard confusion rates, and PACC (Bella et al. 2010) when both are mean probabilities.
    """

    q = np.asarray(_normalise(observed))
    M = np.asarray(matrix, dtype=float)
    p, *_ = np.linalg.lstsq(M.T, q, rcond=None)
    return _normalise(p)


def quantify(counts: Sequence[float], prob_sums: Sequence[float] | None, profile: ErrorProfile | None,
             method: str = "pacc") -> tuple[str, list[float]]:
    """A corrected label distribution, and the method actually used.

    Parameters
    ----------
    counts : sequence of float
        Predicted-label counts, in ``profile.labels`` order.
    prob_sums : sequence of float, optional
        Sums of predicted probabilities per label (for PACC).
    profile : ErrorProfile or None
        None (a sidecar without ``cv_confusion``) falls back to plain CC.
    method : str
        ``pacc``, ``acc`` or ``cc``; PACC falls back to ACC without soft rates or sums.

    Returns
    -------
    (str, list of float)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if profile is None or method == "cc" or sum(counts) == 0:
        return "cc", classify_and_count(counts)
    if method == "pacc" and profile.soft is not None and prob_sums is not None:
        return "pacc", adjusted(prob_sums, profile.soft)
    return "acc", adjusted(counts, profile.hard)

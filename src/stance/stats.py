"""Small statistics shared by every scorer: percentile intervals, Cohen's kappa, Spearman's rho.

Each is one pure function on plain sequences; an undefined value (too few cases, a zero
denominator, NaN) is returned as None, never as NaN, so it serialises as ``null``.
"""

from __future__ import annotations

import math
import warnings
from typing import Hashable, Sequence


def known(x):
    """``x``, or None when it is missing or NaN (pandas and numpy write NaN for "no value")."""
    return None if x is None or x != x else x


def percentile_ci(values, level: float = 0.95) -> list[float | None]:
    """``[low, high]`` percentile interval of the known values (None and NaN left out).

    ``[None, None]`` when no value is known.
    """
    # lazy: numpy and scipy load when a statistic is computed, not on import
    import numpy as np

    vals = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if not len(vals):
        return [None, None]
    lo, hi = np.percentile(vals, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return [float(lo), float(hi)]


def group_resamples(groups, n_boot: int, seed: int):
    """The row indices of ``n_boot`` bootstrap resamples of whole groups (articles, pages),
    one array at a time: as many groups as there are, drawn with replacement, each bringing
    all its rows. ``groups`` is a numpy array of one group per row; the same seed gives the
    same resamples, so two systems scored on them are paired."""
    # lazy: numpy loads when a statistic is computed, not on import
    import numpy as np

    uniq = np.unique(groups)
    where = {g: np.flatnonzero(groups == g) for g in uniq}
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        yield np.concatenate([where[g] for g in rng.choice(uniq, size=len(uniq), replace=True)])


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable], labels: Sequence[Hashable],
                weights: str | None = None) -> float | None:
    """Cohen's kappa of two raters over ``labels`` (pairs with a value outside them are dropped).

    Parameters
    ----------
    a, b : sequence
        The two raters' values, pairwise.
    labels : sequence
        The categories, in order (the order matters for weighted kappa).
    weights : {None, "quadratic"}
        None: every disagreement counts the same; ``quadratic``: a disagreement counts the
        squared distance between the categories' places in ``labels``.

    Returns
    -------
    float or None
        None when kappa is undefined (no pairs, or chance agreement is perfect).
    """
    # lazy: numpy and scipy load when a statistic is computed, not on import
    import numpy as np

    if weights not in (None, "quadratic"):
        raise ValueError(f"weights must be None or 'quadratic', got {weights!r}")
    k = len(labels)
    where = {c: i for i, c in enumerate(labels)}
    pairs = [(where[x], where[y]) for x, y in zip(a, b) if x in where and y in where]
    if not pairs or k < 2:
        return None
    g, p = np.array(pairs).T
    obs = np.bincount(g * k + p, minlength=k * k).reshape(k, k).astype(float)
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / obs.sum()
    i, j = np.indices((k, k))
    w = (i - j) ** 2 / (k - 1) ** 2 if weights == "quadratic" else (i != j).astype(float)
    denom = (w * expected).sum()
    if denom == 0:
        return None
    return float(1 - (w * obs).sum() / denom)


def spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Spearman's rank correlation of paired values; None with fewer than 3 pairs or no variation."""
    # lazy: numpy and scipy load when a statistic is computed, not on import
    from scipy.stats import spearmanr

    if len(a) < 3:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho = spearmanr(a, b).statistic
    return None if rho is None or math.isnan(rho) else float(rho)

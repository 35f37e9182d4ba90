"""Positions of speakers (or periods, outlets) on the axis, with article-bootstrap intervals.

A group's *position* is the mean axis position of its quotes' on-axis labels (``none`` left
out), as :func:`stance.evaluate.mean_position` computes it. Its 95% interval resamples the
group's *articles* with replacement (quotes of one article are not independent evidence),
from per-article sums, so the work is ``n_boot`` x articles per group, never quotes.

:func:`compare_positions` measures how far one set of speaker positions (from ``stance
analyse``) tracks another (gold labels on gold spans): Spearman's rho over the speakers both
place with at least ``min_on_axis`` on-axis quotes, with a bootstrap interval over speakers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Sequence

from .evaluate import _percentile_ci
from .speakers import speaker_key


# Bootstrap draws held in memory at once (n_boot x articles of a group): about 4 MB of
# temporaries, so memory does not grow with the number of articles a speaker appears in.
MAX_DRAWS = 200_000


def article_bootstrap(sums: Sequence[float], counts: Sequence[int], n_boot: int, rng) -> list[float | None]:
    """95% percentile interval of ``sum(sums) / sum(counts)`` over resampled articles.

    Parameters
    ----------
    sums, counts : sequence
        Per article: the sum of on-axis positions and the number of on-axis quotes.
    n_boot : int
    rng : numpy.random.Generator
    """
    import numpy as np

    s = np.asarray(sums, dtype=float)
    c = np.asarray(counts, dtype=float)
    n = len(s)
    if n == 0 or c.sum() == 0 or n_boot < 1:
        return [None, None]
    if n == 1:
        v = float(s[0] / c[0])
        return [v, v]
    step = max(1, MAX_DRAWS // n)
    means = []
    for start in range(0, n_boot, step):
        pick = rng.integers(0, n, size=(min(step, n_boot - start), n), dtype=np.int32)
        num, den = s[pick].sum(axis=1), c[pick].sum(axis=1)
        means.append(np.where(den > 0, num / np.where(den > 0, den, 1), np.nan))
    return _percentile_ci(np.concatenate(means).tolist())


@dataclass(frozen=True)
class PositionAgreement:
    """How well predicted speaker positions track gold ones."""

    n_speakers: int
    spearman: float | None
    ci_low: float | None
    ci_high: float | None
    min_on_axis: int
    speakers: tuple[str, ...]

    def describe(self) -> str:
        if self.spearman is None:
            return f"{self.n_speakers} speakers with >= {self.min_on_axis} on-axis gold quotes and a predicted position: too few"
        return (f"Spearman {self.spearman:.3f} [{_f(self.ci_low)}, {_f(self.ci_high)}] over {self.n_speakers} "
                f"speakers with >= {self.min_on_axis} on-axis quotes")


def _f(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def _spearman(a, b) -> float | None:
    from scipy.stats import spearmanr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho = spearmanr(a, b).statistic
    return None if rho is None or math.isnan(rho) else float(rho)


def compare_positions(pred_speakers, gold_speakers, min_on_axis: int = 3, n_boot: int = 1000,
                      seed: int = 0, key=None) -> PositionAgreement:
    """Spearman correlation of predicted and gold speaker positions, with a bootstrap interval.

    Parameters
    ----------
    pred_speakers, gold_speakers : pandas.DataFrame
        Columns ``speaker``, ``position`` and ``n_on_axis`` (as in ``speakers.csv`` of
        ``stance analyse`` and :func:`gold_positions`).
    min_on_axis : int
        Speakers need at least this many on-axis *gold* quotes; on the predicted side a position
        (at least one quote predicted on the axis) is enough, so that a model which answers
        ``none`` too often is not excused by dropping the speakers it fails on silently: the
        number of gold speakers without a predicted position is reported as ``n_unplaced``.
    n_boot : int
        Resamples of speakers for the 95% interval.
    key : callable, optional
        Maps a speaker name to its identity (default :func:`stance.speakers.speaker_key`).

    Returns
    -------
    PositionAgreement
    """
    import numpy as np

    key = key or speaker_key

    def usable(df, least):
        df = df[(df["n_on_axis"].astype(float) >= least) & df["position"].notna()]
        return {key(s): float(p) for s, p in zip(df["speaker"], df["position"])}

    pred, gold = usable(pred_speakers, 1), usable(gold_speakers, min_on_axis)
    common = sorted(set(pred) & set(gold))
    names = tuple(common)
    if len(common) < 3:
        return PositionAgreement(len(common), None, None, None, min_on_axis, names)
    a = np.array([pred[k] for k in common])
    b = np.array([gold[k] for k in common])
    rho = _spearman(a, b)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(common), len(common))
        boots.append(_spearman(a[pick], b[pick]))
    lo, hi = _percentile_ci(boots)
    return PositionAgreement(len(common), rho, lo, hi, min_on_axis, names)


def gold_positions(quotes, labels, scheme, label_column: str = "label"):
    """Per-speaker positions from gold quotes and their labels (``labels/`` tables).

    Parameters
    ----------
    quotes : pandas.DataFrame
        ``quote_id``, ``speaker`` (the gold spans).
    labels : pandas.DataFrame or None
        ``quote_id`` and ``label_column``; None when ``quotes`` already holds the label.
    scheme : stance.scheme.LabelScheme

    Returns
    -------
    pandas.DataFrame
        speaker, n_quotes, n_on_axis, position.
    """
    import pandas as pd

    df = quotes.merge(labels[["quote_id", label_column]], on="quote_id") if labels is not None else quotes
    rows = []
    for speaker, frame in df.groupby("speaker", sort=True):
        pos = [scheme.positions[str(v)] for v in frame[label_column] if str(v) in scheme.positions]
        rows.append({"speaker": speaker, "n_quotes": len(frame), "n_on_axis": len(pos),
                     "position": sum(pos) / len(pos) if pos else None})
    return pd.DataFrame(rows, columns=["speaker", "n_quotes", "n_on_axis", "position"])

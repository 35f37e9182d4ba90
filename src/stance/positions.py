"""Positions of speakers (or periods, outlets) on the axis, with article-bootstrap intervals.

A group's *position* is the mean axis position of its quotes' on-axis labels (``none`` left
out), as :func:`mean_position` computes it. Its 95% interval resamples the
group's *articles* with replacement (quotes of one article are not independent evidence),
from per-article sums, so the work is ``n_boot`` x articles per group, never quotes.

:func:`compare_positions` measures how far one set of speaker positions (from ``stance
analyse``) tracks another (gold labels on gold spans): Spearman's rho over the speakers both
place with at least ``min_on_axis`` on-axis quotes, with a bootstrap interval over speakers.

:func:`speaker_positions` sets each speaker's gold position beside the out-of-fold predicted one
(``stance evaluate``), with intervals that resample the speaker's quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .scheme import LabelScheme
from .speakers import speaker_key
from .stats import percentile_ci, spearman

FEW_QUOTES = 5  # speakers with fewer on-axis quotes than this are flagged


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
    # lazy: numpy and pandas load when positions are computed, not on import
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
    return percentile_ci(np.concatenate(means).tolist())


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
    # lazy: numpy and pandas load when positions are computed, not on import
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
    rho = spearman(a, b)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(common), len(common))
        boots.append(spearman(a[pick], b[pick]))
    lo, hi = percentile_ci(boots)
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
    # lazy: numpy and pandas load when positions are computed, not on import
    import pandas as pd

    df = quotes.merge(labels[["quote_id", label_column]], on="quote_id") if labels is not None else quotes
    rows = []
    for speaker, frame in df.groupby("speaker", sort=True):
        pos = [scheme.positions[str(v)] for v in frame[label_column] if str(v) in scheme.positions]
        rows.append({"speaker": speaker, "n_quotes": len(frame), "n_on_axis": len(pos),
                     "position": sum(pos) / len(pos) if pos else None})
    return pd.DataFrame(rows, columns=["speaker", "n_quotes", "n_on_axis", "position"])


# ------------------------------------------------- evaluated speakers (gold beside predicted)

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
    # lazy: numpy and pandas load when positions are computed, not on import
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
        g_ci, p_ci = percentile_ci(gold_b), percentile_ci(pred_b)
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
    both = speakers.dropna(subset=["gold_mean", "pred_mean"]) if len(speakers) else speakers
    if len(both) < 3:
        return {"n_speakers": int(len(both)), "spearman": None,
                "note": "fewer than 3 speakers with both positions: no correlation computed"}
    return {"n_speakers": int(len(both)), "spearman": spearman(both["gold_mean"], both["pred_mean"])}


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

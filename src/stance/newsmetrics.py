"""Scores of a stance model on a listed real-news corpus, with page-bootstrap intervals.

The issue-13 figures, computed the same way for a model, the baselines and a coder:

- ``macro_f1``: macro-F1 over the six values (those present in the gold);
- ``detection_f1``: F1 of "on the axis" (any value but ``none``);
- ``qwk``: quadratic-weighted kappa of the most probable on-axis value, on gold on-axis quotes;
- ``mae_macro``: MAE^M of the expected position on gold on-axis quotes;
- ``spearman``: rank correlation of gold and predicted mean positions over the speakers with at
  least :data:`MIN_SPEAKER_QUOTES` gold on-axis quotes. A speaker's predicted position is the
  mean of the values predicted on the axis; a speaker with none predicted on the axis gets the
  probability-weighted position (:func:`stance.positions.pooled_position`).

Intervals are 95 % percentile bootstraps over pages (a page's quotes share a journalist, a
topic and often a speaker); the speakers counted for Spearman stay those of the full half.
The metrics are computed in integer-coded form (:class:`stance.scoring.CodedPredictions`).
"""

from __future__ import annotations

from collections import Counter

from .positions import pooled_position
from .scheme import LabelScheme
from .scoring import CodedPredictions, flatten_scores
from .stats import group_resamples, percentile_ci, spearman

MIN_SPEAKER_QUOTES = 3
KEYS = ("macro_f1", "detection_f1", "qwk", "mae_macro", "spearman", "accuracy")


def speaker_set(gold, speaker, scheme: LabelScheme, least: int = MIN_SPEAKER_QUOTES) -> list[str]:
    """Speakers with at least ``least`` gold on-axis quotes (named speakers only)."""

    n = Counter(s for g, s in zip(gold, speaker) if g in scheme.positions and str(s).strip())
    return sorted(s for s, k in n.items() if k >= least)


def _speaker_means(rows, scheme: LabelScheme, speakers: list[str], pred_col: str = "pred"):
    """(gold means, predicted means) over ``speakers`` that appear in ``rows``."""
    gold_m, pred_m = [], []
    for s, frame in rows[rows["speaker"].isin(speakers)].groupby("speaker"):
        g = [scheme.positions[x] for x in frame["gold"] if x in scheme.positions]
        if not g:
            continue
        p = [scheme.positions[x] for x in frame[pred_col] if x in scheme.positions]
        pm = sum(p) / len(p) if p else pooled_position(frame, scheme) or 0.0
        gold_m.append(sum(g) / len(g))
        pred_m.append(pm)
    return gold_m, pred_m


def score_predictions(preds, scheme: LabelScheme, n_boot: int = 1000, seed: int = 0,
                      speakers: list[str] | None = None) -> dict:
    """The model's and both baselines' scores with page-bootstrap 95 % intervals.

    Parameters
    ----------
    preds : pandas.DataFrame
        Rows as :func:`stance.evaluate.holdout_predictions` makes them (``group`` = page).
    speakers : list of str, optional
        The speakers Spearman is computed over; default :func:`speaker_set` of the gold.

    Returns
    -------
    dict
        ``{"model": {key: value, key_ci95: [lo, hi]}, "majority": ..., "stratified": ...,
        "gain": {key: [lo, hi]} (model - majority, paired), "n_quotes", "n_pages", "n_speakers"}``
    """
    # lazy: numpy and pandas load when scores are computed, not on import
    import numpy as np

    coded = CodedPredictions(preds, scheme)
    speakers = speaker_set(preds["gold"], preds["speaker"], scheme) if speakers is None else speakers
    pred_cols = {"model": "pred", "majority": "majority", "stratified": "stratified"}

    def one(rows_idx):
        m = coded.metrics(rows_idx)
        sub = preds.iloc[rows_idx]
        out = {}
        for s in pred_cols:
            out[s] = {k: m[s].get(k) for k in KEYS if k != "spearman"}
            out[s]["spearman"] = spearman(*_speaker_means(sub, scheme, speakers, pred_cols[s])) \
                if s != "majority" else None
        return out

    idx = np.arange(len(preds))
    point = one(idx)
    groups = preds["group"].to_numpy()
    samples: dict[str, list] = {}
    for rows in group_resamples(groups, n_boot, seed):
        flat = flatten_scores(one(rows))
        for k in KEYS:
            a, b = flat.get(f"model/{k}"), flat.get(f"majority/{k}")
            if a is not None and b is not None:
                flat[f"gain/{k}"] = a - b
        for k, v in flat.items():
            samples.setdefault(k, []).append(v)
    out = {}
    for s in pred_cols:
        block = {}
        for k in KEYS:
            block[k] = point[s][k]
            block[f"{k}_ci95"] = percentile_ci(samples.get(f"{s}/{k}", []))
        out[s] = block
    out["gain"] = {k: percentile_ci(samples.get(f"gain/{k}", [])) for k in KEYS}
    out.update(n_quotes=int(len(preds)), n_pages=int(len(np.unique(groups))), n_speakers=len(speakers), n_boot=n_boot, seed=seed)
    return out


def coder_predictions(gold: dict, coder: dict, table, scheme: LabelScheme):
    """A coder's labels as a predictions table (one-hot probabilities), for the ceiling."""
    # lazy: numpy and pandas load when scores are computed, not on import
    import pandas as pd

    rows = []
    for _, q in table.iterrows():
        lab = coder.get(q["id"])
        if lab is None:
            continue
        row = {"id": q["id"], "group": q["group"], "speaker": q["speaker"], "gold": gold[q["id"]], "pred": lab,
               **{f"p_{c}": float(c == lab) for c in scheme.values}}
        pos = scheme.positions.get(lab)
        row["position"] = float(pos) if pos is not None else float("nan")
        row["pred_on"] = lab if lab in scheme.positions else "0" if "0" in scheme.positions else scheme.on_axis[0]
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame


def fmt(block: dict, key: str, digits: int = 3) -> str:
    """``0.512 [0.430, 0.590]`` or ``-``."""
    v = block.get(key)
    if v is None:
        return "-"
    ci = block.get(f"{key}_ci95") or [None, None]
    if ci[0] is None:
        return f"{v:.{digits}f}"
    return f"{v:.{digits}f} [{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]"


def paired_gain(preds_a, preds_b, scheme: LabelScheme, n_boot: int = 1000, seed: int = 0,
                speakers: list[str] | None = None) -> dict:
    """Intervals of ``score(a) - score(b)`` for every key, on the same page resamples.

    ``preds_a`` and ``preds_b`` are two systems' prediction rows for the same quotes, in the
    same order (e.g. a design variant and the reference model on the tuning half).
    """
    # lazy: numpy and pandas load when scores are computed, not on import
    import numpy as np

    if list(preds_a["id"]) != list(preds_b["id"]):
        raise ValueError("paired_gain needs the same quotes in the same order")
    speakers = speaker_set(preds_a["gold"], preds_a["speaker"], scheme) if speakers is None else speakers
    coded = [CodedPredictions(p, scheme) for p in (preds_a, preds_b)]

    def one(c, p, rows):
        m = c.metrics(rows)["model"]
        out = {k: m.get(k) for k in KEYS if k != "spearman"}
        out["spearman"] = spearman(*_speaker_means(p.iloc[rows], scheme, speakers))
        return out

    groups = preds_a["group"].to_numpy()
    samples: dict[str, list] = {k: [] for k in KEYS}
    idx = np.arange(len(groups))
    point_a, point_b = one(coded[0], preds_a, idx), one(coded[1], preds_b, idx)
    for rows in group_resamples(groups, n_boot, seed):
        a, b = one(coded[0], preds_a, rows), one(coded[1], preds_b, rows)
        for k in KEYS:
            if a[k] is not None and b[k] is not None:
                samples[k].append(a[k] - b[k])
    return {k: {"diff": (point_a[k] - point_b[k]) if point_a[k] is not None and point_b[k] is not None else None,
                "ci95": percentile_ci(samples[k])} for k in KEYS}

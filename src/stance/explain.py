"""What pushed a linear model's decision: per-class weight rows and how n-grams are shown.

A binary logistic regression keeps one coefficient row (class 1 against class 0); shown per
class it becomes ``-w/2`` for class 0 and ``+w/2`` for class 1, so both classes read like the
rows of a multinomial model. An n-gram's push towards class k in one quote is
``x_j * (w_kj - mean_c w_cj)``: its TF-IDF value times how much more class k weighs it than
the average class does. Words are shown plain, character n-grams in quotes.

:func:`class_weights` and :func:`feature_label` read a fitted scikit-learn model (for the
report's top n-grams per class); :func:`weight_rows` and :func:`top_ngrams` read a
:class:`stance.fastmodel.FastModel` (for each prediction's n-grams) without numpy.
"""

from __future__ import annotations

import array
from typing import Sequence


def ngram_label(block: str, gram: str) -> str:
    """How an n-gram of feature block ``block`` is shown: words plain, character n-grams quoted."""
    return gram if block == "word" else f"'{gram}'"


def feature_label(name: str) -> str:
    """:func:`ngram_label` of a FeatureUnion feature name ``block__gram``."""
    block, _, gram = name.partition("__")
    return ngram_label(block, gram)


def class_weights(clf):
    """A fitted LogisticRegression's coefficients, one row per class (binary: -w/2, +w/2)."""
    coef = clf.coef_
    if coef.shape[0] == 1:  # binary: logit of class 1 vs class 0
        # lazy: numpy only when a fitted scikit-learn model is at hand
        import numpy as np

        return np.vstack([-coef[0] / 2.0, coef[0] / 2.0])
    return coef


def weight_rows(model) -> list[array.array]:
    """A FastModel's coefficient rows, one per class (binary: -w/2, +w/2)."""
    F = model.n_features
    if model.link == "logistic":
        w = model.coef
        return [array.array("d", (-x / 2.0 for x in w)), array.array("d", (x / 2.0 for x in w))]
    return [model.coef[r * F:(r + 1) * F] for r in range(model.n_rows)]


def column_label(model, col: int) -> str:
    """How column ``col`` of a FastModel's features is shown."""
    for b in model.blocks:
        if b.offset <= col < b.offset + len(b.terms):
            return ngram_label(b.name, b.terms[col - b.offset])
    raise IndexError(col)


def top_ngrams(model, cols: Sequence[int], vals: Sequence[float], k: int, top: int,
               rows: Sequence[array.array] | None = None) -> list[tuple[str, float]]:
    """The ``top`` n-grams of one quote whose ``x_j * (w_kj - mean_c w_cj)`` pushed class k most.

    Parameters
    ----------
    model : stance.fastmodel.FastModel
    cols, vals : sequences
        The quote's non-zero features (:meth:`FastModel.features`).
    k : int
        The class, in the model's order.
    top : int
    rows : list of array, optional
        :func:`weight_rows` of the model, when the caller explains many quotes.

    Returns
    -------
    list of (str, float)
        Positive contributions only, rounded to 6 decimals; ties keep column order
        (scikit-learn's stable argsort over the sorted CSR row).
    """
    if not top or not cols:
        return []
    rows = rows if rows is not None else weight_rows(model)
    n = len(rows)
    wk = rows[k]
    contrib = []
    for j, x in zip(cols, vals):
        s = 0.0
        for row in rows:  # numpy's mean over axis 0 adds the rows in order
            s += row[j]
        contrib.append(x * (wk[j] - s / n))
    order = sorted(range(len(cols)), key=lambda i: -contrib[i])[:top]
    return [(column_label(model, cols[i]), round(contrib[i], 6)) for i in order if contrib[i] > 0]

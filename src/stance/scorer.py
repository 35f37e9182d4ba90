"""The one scorer: quotes in; labels, probabilities, axis positions and n-grams out.

``stance predict``, ``stance label`` (uncertainty order), batch scoring of tables
(:mod:`stance.batch`), ``stance analyse`` and the Dask engine all score through
:class:`Scorer`, so the class order, the label (the most probable class) and the position
(:meth:`stance.scheme.LabelScheme.expected_position`) are decided here and nowhere else.

It has two engines for the same arithmetic, both held to scikit-learn's probabilities by the
tests: :meth:`Scorer.predict` runs the pure-Python :class:`stance.fastmodel.FastModel` (a
handful of quotes: a cold ``stance predict`` imports no numpy, and each answer carries the
n-grams behind it); calling the scorer on many quotes runs :class:`stance.vectorized.BatchScorer`
(numpy, columns out). Doing the batch's last steps per quote in Python was measured at about
18 microseconds a quote against 0.5 for numpy, so each engine keeps its own link function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from .errors import InputError
from .explain import top_ngrams, weight_rows

PRED_COLUMNS = ("pred_label", "pred_position", "pred_p_on_axis")


def prediction_columns(classes: Sequence[str]) -> list[str]:
    """Columns a scored table gains: label, position, P(on-axis), then ``p_<class>``."""
    return [*PRED_COLUMNS, *(f"p_{c}" for c in classes)]


def class_order(model, scheme) -> list[str]:
    """The model's classes in the scheme's order (classes the scheme lacks go last)."""
    classes = list(model.classes)
    return [v for v in scheme.values if v in classes] + [c for c in classes if c not in scheme.values]


def check_quote(text: object) -> str:
    """Reject quotes with no text."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the quote is empty; give the quote's text, e.g. stance predict \"We must treat addiction\"")
    return text


@dataclass
class Prediction:
    """The model's answer for one quote."""

    text: str
    label: str
    probabilities: dict[str, float]
    position: float | None
    p_on_axis: float
    features: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "label": self.label,
                "probabilities": self.probabilities, "position": self.position,
                "p_on_axis": self.p_on_axis,
                "features": [{"ngram": n, "weight": w} for n, w in self.features]}


@dataclass
class Scored:
    """Predictions for many quotes, as columns.

    ``probs`` columns follow the scorer's ``classes`` (the scheme's order); ``position`` is
    NaN where the scheme has no axis or P(on-axis) is zero.
    """

    label: list
    position: object  # numpy arrays
    p_on_axis: object
    probs: object

    def columns(self) -> list[list]:
        """The prediction columns (:func:`prediction_columns` order) as Python lists (None for no position)."""
        pos = [None if math.isnan(x) else x for x in self.position.tolist()]
        return [self.label, pos, self.p_on_axis.tolist(), *self.probs.T.tolist()]


class Scorer:
    """Scores quotes with a plain-data model under a label scheme.

    Parameters
    ----------
    model : stance.fastmodel.FastModel
    scheme : stance.scheme.LabelScheme

    Attributes
    ----------
    classes : list of str
        The model's classes in the scheme's order: the order of every probability it gives.
    """

    def __init__(self, model, scheme):
        self.model = model
        self.scheme = scheme
        self.classes = class_order(model, scheme)
        self._perm = [list(model.classes).index(c) for c in self.classes]
        self._batch = None

    def predict(self, texts: Sequence[str], top: int = 5) -> list[Prediction]:
        """One :class:`Prediction` per quote, with the ``top`` n-grams behind it (0 for none).

        Pure Python, quote by quote: for a few quotes, and wherever numpy must not load.
        """
        texts = [check_quote(t) for t in texts]
        model, classes = self.model, list(self.model.classes)
        rows = weight_rows(model) if top else None
        out = []
        for text in texts:
            cols, vals = model.features(text)
            proba = model.proba_from_decision(model.decision(cols, vals))
            k = proba.index(max(proba))
            probs = {c: proba[j] for c, j in zip(self.classes, self._perm)}
            pos, p_on = self.scheme.expected_position(probs)
            feats = top_ngrams(model, cols, vals, k, top, rows) if top else []
            out.append(Prediction(text=text, label=classes[k], probabilities=probs, position=pos,
                                  p_on_axis=p_on, features=feats))
        return out

    def __call__(self, texts: Sequence[str]) -> Scored:
        """Labels, positions and probabilities of many quotes at once, as columns (numpy)."""
        # lazy: numpy and the vectorized engine only where tables are scored, not on `stance predict`
        import numpy as np
        from .vectorized import BatchScorer

        if self._batch is None:
            self._batch = BatchScorer(self.model)
        P = self._batch.predict_proba(texts)
        n = len(texts)
        k = P.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
        label = [self.model.classes[i] for i in k.tolist()]
        Po = P[:, self._perm]
        if not self.scheme.ordered:
            return Scored(label, np.full(n, np.nan), np.ones(n), Po)
        # The same sums, in the same order, as LabelScheme.expected_position.
        p_on, acc = np.zeros(n), np.zeros(n)
        for v in self.scheme.on_axis:
            if v in self.classes:
                col = Po[:, self.classes.index(v)]
                p_on = p_on + col
                acc = acc + col * self.scheme.positions[v]
        with np.errstate(invalid="ignore", divide="ignore"):
            pos = np.where(p_on > 0.0, acc / np.where(p_on > 0.0, p_on, 1.0), np.nan)
        return Scored(label, pos, np.where(p_on > 0.0, p_on, 0.0), Po)


def predict_quotes(model, scheme, texts: Sequence[str], top: int = 5) -> list[Prediction]:
    """``Scorer(model, scheme).predict(texts, top)``: predictions for a few quotes."""
    return Scorer(model, scheme).predict(texts, top)

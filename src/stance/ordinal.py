"""Two-stage and ordinal classifiers with the scikit-learn estimator contract, and prior shift.

:class:`CumulativeLR` is the ordinal method of Frank & Hall (2001): for ordered classes
``c_0 < ... < c_{K-1}`` it fits K-1 binary logistic regressions for ``y > c_k`` and reads
``P(c_0) = 1 - P(y > c_0)``, ``P(c_k) = P(y > c_{k-1}) - P(y > c_k)``, ``P(c_{K-1}) =
P(y > c_{K-2})`` (negative differences clipped to 0, then renormalised).

:class:`TwoStage` first decides whether a quote is on the axis at all (a binary logistic
regression, on-axis vs ``none``), then places it (multinomial or cumulative). Its
probabilities are ``P(none) = 1 - P(on)`` and ``P(c) = P(on) P(c | on)``; its label is ``none``
when ``P(on) < 0.5``, else the most probable placement.

:func:`em_prior` and :func:`prior_shift` move probabilities to another label distribution.
The metrics an inner search can maximise are :mod:`stance.selection`'s.
"""

from __future__ import annotations

import numpy as np

from .errors import InputError


def _lr(C, class_weight, max_iter):
    # lazy: scikit-learn only when an estimator is fitted
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)


class _Params:
    """``get_params``/``set_params`` over the names in ``_params`` (what scikit-learn's clone needs)."""

    _params: tuple[str, ...] = ()

    def get_params(self, deep=True):
        return {k: getattr(self, k) for k in self._params}

    def set_params(self, **params):
        for k, v in params.items():
            setattr(self, k, v)
        return self


class CumulativeLR(_Params):
    """Frank & Hall (2001) ordinal classifier from K-1 binary logistic regressions.

    Parameters
    ----------
    order : sequence of str
        The classes from lowest to highest.
    C, class_weight, max_iter
        Passed to each binary :class:`sklearn.linear_model.LogisticRegression`.
    """

    _params = ("order", "C", "class_weight", "max_iter")

    def __init__(self, order=(), C=1.0, class_weight=None, max_iter=5000):
        self.order = order
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X, y):
        y = np.asarray(y).astype(str)
        order = [str(c) for c in self.order]
        present = [c for c in order if c in set(y)]
        if len(present) < 2:
            raise InputError("ordinal placement needs at least two on-axis values in the training data")
        rank = {c: i for i, c in enumerate(present)}
        r = np.array([rank[v] for v in y])
        self.classes_ = np.array(present)
        self.estimators_ = []
        for k in range(len(present) - 1):
            target = (r > k).astype(int)
            self.estimators_.append(_lr(self.C, self.class_weight, self.max_iter).fit(X, target))
        return self

    def exceed(self, X) -> np.ndarray:
        """``P(y > c_k)`` for k = 0..K-2, one column each."""
        return np.column_stack([e.predict_proba(X)[:, 1] for e in self.estimators_])

    def predict_proba(self, X) -> np.ndarray:
        return cumulative_to_proba(self.exceed(X))

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def cumulative_to_proba(G: np.ndarray) -> np.ndarray:
    """Class probabilities from exceedance probabilities ``G[:, k] = P(y > c_k)``."""
    n, m = G.shape
    P = np.empty((n, m + 1))
    P[:, 0] = 1.0 - G[:, 0]
    for k in range(1, m):
        P[:, k] = G[:, k - 1] - G[:, k]
    P[:, m] = G[:, m - 1]
    np.clip(P, 0.0, None, out=P)
    P /= P.sum(axis=1, keepdims=True)
    return P


class TwoStage(_Params):
    """On the axis or not, then where: a detector and a placement model.

    Parameters
    ----------
    on_axis : sequence of str
        The on-axis values, lowest position first; every other label counts as off the axis.
    placement : str
        ``multinomial`` or ``cumulative`` (:class:`CumulativeLR`).
    C_detect, C_place : float
    class_weight : str or None
    threshold : float
        ``none`` is answered when ``P(on) < threshold``.
    """

    _params = ("on_axis", "placement", "C_detect", "C_place", "class_weight", "threshold", "max_iter")

    def __init__(self, on_axis=(), placement="multinomial", C_detect=1.0, C_place=1.0, class_weight=None,
                 threshold=0.5, max_iter=5000):
        self.on_axis = on_axis
        self.placement = placement
        self.C_detect = C_detect
        self.C_place = C_place
        self.class_weight = class_weight
        self.threshold = threshold
        self.max_iter = max_iter

    def fit(self, X, y):
        y = np.asarray(y).astype(str)
        on = set(str(c) for c in self.on_axis)
        is_on = np.array([v in on for v in y])
        off = sorted(set(y[~is_on]))
        if len(off) != 1:
            raise InputError("a two-stage model needs exactly one off-axis label (e.g. 'none') in the training data")
        self.off_label_ = off[0]
        self.detector_ = _lr(self.C_detect, self.class_weight, self.max_iter).fit(X, is_on.astype(int))
        if self.placement == "cumulative":
            self.placer_ = CumulativeLR([str(c) for c in self.on_axis], self.C_place, self.class_weight,
                                        self.max_iter).fit(X[is_on], y[is_on])
        elif self.placement == "multinomial":
            self.placer_ = _lr(self.C_place, self.class_weight, self.max_iter).fit(X[is_on], y[is_on])
        else:
            raise InputError(f"placement must be 'multinomial' or 'cumulative', got '{self.placement}'")
        self.classes_ = np.array(sorted(set(y)))
        return self

    def _parts(self, X):
        p_on = self.detector_.predict_proba(X)[:, 1]
        place = self.placer_.predict_proba(X)
        return p_on, place

    def predict_proba(self, X) -> np.ndarray:
        p_on, place = self._parts(X)
        out = np.zeros((len(p_on), len(self.classes_)))
        idx = {c: i for i, c in enumerate(self.classes_)}
        out[:, idx[self.off_label_]] = 1.0 - p_on
        for j, c in enumerate(self.placer_.classes_):
            out[:, idx[str(c)]] = p_on * place[:, j]
        return out

    def predict(self, X):
        p_on, place = self._parts(X)
        best = np.asarray(self.placer_.classes_).astype(str)[np.argmax(place, axis=1)]
        return np.where(p_on < self.threshold, self.off_label_, best)


def em_prior(P: np.ndarray, train_prior: np.ndarray, iters: int = 1000, tol: float = 1e-10) -> np.ndarray:
    """The label distribution of unlabelled quotes, by EM on a model's probabilities.

    Saerens, Latinne & Decaestecker (2002): re-weight each quote's probabilities by
    ``q_c / pi_c`` (new over training prior), renormalise, and set ``q`` to their mean, until
    ``q`` settles. Uses no label of the quotes.

    Parameters
    ----------
    P : array (n, k)
        Predicted probabilities under the training prior.
    train_prior : array (k,)
        The label distribution the model was trained under.
    """
    q = np.asarray(train_prior, dtype=float).copy()
    pi = np.asarray(train_prior, dtype=float)
    for _ in range(iters):
        W = P * (q / pi)
        W /= W.sum(axis=1, keepdims=True)
        new = W.mean(axis=0)
        if np.abs(new - q).max() < tol:
            q = new
            break
        q = new
    return q


def prior_shift(P: np.ndarray, train_prior, target_prior) -> np.ndarray:
    """Probabilities under another label distribution: ``p_c q_c / pi_c``, renormalised.

    For a multinomial logistic regression this is the same as adding ``log(q_c / pi_c)`` to
    each class's intercept.
    """
    W = P * (np.asarray(target_prior, dtype=float) / np.asarray(train_prior, dtype=float))
    return W / W.sum(axis=1, keepdims=True)

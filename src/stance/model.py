"""The model: a scikit-learn Pipeline of TF-IDF features and logistic regression.

The pipeline is fitted, saved and loaded as one object. Features are word 1-3 grams plus
character 2-5 grams, both TF-IDF with sublinear term frequency (the n-gram set of the
strong SemEval-2016 stance baseline, Mohammad et al. 2016). The regularisation strength C
is chosen by cross-validation *inside* the training data, grouped by article, so no quote
from a held-out article ever influences it.

Training with honest scores and saving is :mod:`stance.training`; the files a saved model is
made of are :mod:`stance.modelfile`'s; scoring quotes is :mod:`stance.scorer`'s.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Sequence

from .errors import InputError
from .scheme import STANCE_SCHEME, LabelScheme
from .selection import SELECTION_METRICS, scores_for


@dataclass(frozen=True)
class ModelConfig:
    """Features and classifier settings. Every field is recorded in the sidecar.

    Parameters
    ----------
    word_ngrams, char_ngrams : (int, int)
        n-gram ranges of the word and character TF-IDF blocks.
    char_analyzer : str
        ``char`` (n-grams across word boundaries) or ``char_wb``.
    sublinear_tf : bool
        Use 1 + log(tf).
    min_df : int
        Drop n-grams seen in fewer training quotes.
    c_grid : tuple of float
        Candidate values of C for the inner, grouped cross-validation.
    inner_folds : int
        Folds of that inner search (capped at the number of training groups).
    class_weight : str or None
        ``balanced`` weighs classes inversely to their frequency.
    max_iter : int
        Iterations for the lbfgs solver.
    selection_metric : str
        What the inner search maximises to choose C: ``macro_f1`` (over the labels present),
        ``accuracy``, ``f_avg`` (mean F1 of ``f_avg_labels``, default the directional on-axis
        values) or ``detection_f1`` (on-axis vs off); see :func:`stance.selection.scores_for`.
    f_avg_labels : tuple of str
        The labels ``f_avg`` averages (empty: the on-axis values with a non-zero position).
    features : tuple of str
        The TF-IDF blocks to use: ``word``, ``char`` or both.
    """

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (2, 5)
    char_analyzer: str = "char"
    sublinear_tf: bool = True
    min_df: int = 1
    c_grid: tuple[float, ...] = (0.1, 1.0, 10.0, 100.0)
    inner_folds: int = 4
    class_weight: str | None = "balanced"
    max_iter: int = 5000
    selection_metric: str = "macro_f1"
    f_avg_labels: tuple[str, ...] = ()
    features: tuple[str, ...] = ("word", "char")

    def __post_init__(self):
        if not self.features or any(f not in ("word", "char") for f in self.features) \
                or len(set(self.features)) != len(self.features):
            raise InputError(f"features must list 'word', 'char' or both, got {list(self.features)}")

        if self.selection_metric not in SELECTION_METRICS:
            raise InputError(f"selection_metric must be one of {', '.join(SELECTION_METRICS)}, "
                             f"got '{self.selection_metric}'")
        if self.class_weight not in (None, "balanced"):
            raise InputError(f"class_weight must be \"balanced\" or left out, got '{self.class_weight}'")

    def to_dict(self) -> dict:
        d = asdict(self)
        # Settings added later are recorded only when set, so earlier records stay byte-identical.
        for k, default in (("selection_metric", "macro_f1"), ("f_avg_labels", ()), ("features", ("word", "char"))):
            if d[k] == default:
                del d[k]
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        known = set(cls.__dataclass_fields__)
        unknown = set(d) - known
        if unknown:
            raise InputError(
                f"unknown model setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
        if str(fixed.get("class_weight", "balanced")).lower() in ("none", ""):
            fixed["class_weight"] = None  # TOML has no null: class_weight = "none"
        return cls(**fixed)


def build_pipeline(config: ModelConfig = ModelConfig(), C: float = 1.0):
    """An unfitted Pipeline: FeatureUnion(word TF-IDF, char TF-IDF; or one of them) -> LogisticRegression."""
    # lazy: scikit-learn only where a model is built (training, evaluation), never when scoring
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    blocks = {
        "word": TfidfVectorizer(analyzer="word", ngram_range=tuple(config.word_ngrams),
                                sublinear_tf=config.sublinear_tf, min_df=config.min_df, lowercase=True),
        "char": TfidfVectorizer(analyzer=config.char_analyzer, ngram_range=tuple(config.char_ngrams),
                                sublinear_tf=config.sublinear_tf, min_df=config.min_df, lowercase=True),
    }
    features = FeatureUnion([(name, blocks[name]) for name in ("word", "char") if name in config.features])
    clf = LogisticRegression(C=C, class_weight=config.class_weight, max_iter=config.max_iter)
    return Pipeline([("features", features), ("clf", clf)])


def single_threaded():
    """Limit BLAS/OpenMP to one thread while fitting.

    Our problems are many small sparse fits; threaded BLAS only adds contention, and on a
    busy 2-core machine it made each fit 10-20 times slower (measured).
    """
    # lazy: threadpoolctl only around fitting
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def fit_pipeline(texts: Sequence[str], labels: Sequence[str], groups: Sequence[str],
                 config: ModelConfig = ModelConfig(), scheme: LabelScheme | None = None):
    """Fit the pipeline, choosing C by grouped cross-validation on these data only.

    Parameters
    ----------
    texts, labels, groups : sequences of equal length
        Quotes, their labels, and the article (or other unit) each comes from.
    config : ModelConfig
    scheme : LabelScheme, optional
        The label scheme (for ``f_avg`` and ``detection_f1``); default the drug-policy axis.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Refitted on all given data with the chosen C.
    search : dict
        The chosen C and the mean inner score (``config.selection_metric``) of every candidate.
    """
    with single_threaded():
        return _fit_pipeline(list(texts), list(labels), list(groups), config, scheme)


def selection_scorer(config: ModelConfig, scheme: LabelScheme | None = None):
    """A scorer ``(estimator, X, y) -> float`` for the inner search: the configured metric."""
    if config.selection_metric == "macro_f1":
        return "f1_macro"
    if config.selection_metric == "accuracy":
        return "accuracy"
    scheme = scheme or STANCE_SCHEME
    if not scheme.ordered:
        raise InputError(f"selection_metric '{config.selection_metric}' needs an ordered scheme (values with "
                         f"positions); use macro_f1 or accuracy")

    def score(estimator, X, y):
        return scores_for(config.selection_metric, y, estimator.predict(X), scheme, config.f_avg_labels or None)

    return score


def _fit_pipeline(texts, labels, groups, config, scheme=None):
    # lazy: numpy and scikit-learn only when fitting; importing this module stays light
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
    from sklearn.model_selection import GridSearchCV, GroupKFold

    if len(set(labels)) < 2:
        raise InputError(
            f"the training data hold one label only ('{labels[0] if labels else ''}'); "
            f"a classifier needs at least two labels"
        )
    n_groups = len(set(groups))
    n_inner = min(config.inner_folds, n_groups)
    if n_inner < 2 or len(config.c_grid) == 1:
        C = float(config.c_grid[0]) if len(config.c_grid) == 1 else 1.0
        pipe = build_pipeline(config, C=C)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            pipe.fit(texts, labels)
        return pipe, {"C": C, "inner_folds": n_inner, "inner_scores": {}}
    search = GridSearchCV(
        build_pipeline(config),
        {"clf__C": list(config.c_grid)},
        scoring=selection_scorer(config, scheme),
        cv=GroupKFold(n_splits=n_inner),
        error_score=0.0,
        refit=_pick_c,
        n_jobs=None,
    )
    with warnings.catch_warnings():
        # Tiny inner folds miss classes: the metric is defined as 0 there, on purpose.
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*least populated class.*")
        warnings.filterwarnings("ignore", message=".*fits failed.*")
        warnings.filterwarnings("ignore", message=".*scores are non-finite.*")
        warnings.filterwarnings("ignore", message=".*number of unique classes.*")
        search.fit(np.asarray(texts, dtype=object), labels, groups=groups)
    scores = {repr(float(c)): round(float(s), 6) for c, s in
              zip(search.cv_results_["param_clf__C"], search.cv_results_["mean_test_score"])}
    return search.best_estimator_, {"C": float(search.cv_results_["param_clf__C"][search.best_index_]),
                                    "inner_folds": n_inner, "inner_scores": scores}


def _pick_c(cv_results) -> int:
    """Index of the best C; ties (common on tiny folds) go to the C nearest 1.0.

    scikit-learn would take the first candidate in the grid, making the choice depend on the
    grid's order; nearest-to-default is the least surprising tie-break.
    """
    # lazy: numpy only when fitting
    import numpy as np

    scores = np.nan_to_num(np.asarray(cv_results["mean_test_score"], dtype=float), nan=-np.inf)
    cs = np.asarray(cv_results["param_clf__C"], dtype=float)
    tied = np.flatnonzero(scores >= scores.max() - 1e-12)
    return int(tied[np.argmin(np.abs(np.log10(cs[tied])))])

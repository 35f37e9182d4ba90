"""The result of an evaluation as typed records, and their ``metrics.json`` form.

:func:`stance.evaluate.evaluate` returns a :class:`Metrics`; reports read its fields
(``metrics.model.macro_f1``, ``metrics.repeats.model["qwk"].mean``) instead of key paths.
``to_dict`` gives the JSON written to ``metrics.json``, and ``from_dict`` reads it back:
``Metrics.from_dict(m.to_dict()) == m``. Reading is lenient (missing keys become None), so a
hand-made excerpt of a metrics file can be rendered too.

Every interval is a ``[low, high]`` list (``[None, None]`` when it could not be computed),
stored under the name of the score it belongs to; in JSON it sits beside the score as
``<score>_ci95``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CI = "_ci95"
AXIS_KEYS = ("detection_f1", "mae_macro", "qwk")


def _split(block: dict, names) -> tuple[dict, dict]:
    """The values of ``names`` in ``block`` and the intervals beside them (by score name)."""
    values = {k: block.get(k) for k in names}
    intervals = {k: block[k + CI] for k in names if k + CI in block}
    return values, intervals


def _joined(values: dict, intervals: dict) -> dict:
    out = {}
    for k, v in values.items():
        out[k] = v
        if k in intervals:
            out[k + CI] = intervals[k]
    return out


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one label, with intervals, and its gold count."""

    precision: float | None
    recall: float | None
    f1: float | None
    support: int | None
    intervals: dict[str, list] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict) -> ClassScores:
        values, intervals = _split(d, ("precision", "recall", "f1", "support"))
        return cls(**values, intervals=intervals)

    def to_dict(self) -> dict:
        return _joined({"precision": self.precision, "recall": self.recall, "f1": self.f1,
                        "support": self.support}, self.intervals)

    def ci(self, name: str) -> list | None:
        return self.intervals.get(name)


@dataclass(frozen=True)
class Scores:
    """One system's scores (the model or a baseline) on one set of predictions.

    ``on_axis`` says whether the axis scores (detection F1, MAE^M, kappa) were computed: ordered
    schemes only. ``gain_over_majority`` (the model only) holds the intervals of the paired
    difference model - majority, by score name.
    """

    accuracy: float | None = None
    macro_f1: float | None = None
    brier: float | None = None
    per_class: dict[str, ClassScores] = field(default_factory=dict)
    detection_f1: float | None = None
    mae_macro: float | None = None
    qwk: float | None = None
    on_axis: bool = False
    intervals: dict[str, list] = field(default_factory=dict)
    gain_over_majority: dict[str, list] | None = None

    def _names(self) -> tuple[str, ...]:
        return ("accuracy", "macro_f1", "brier") + (AXIS_KEYS if self.on_axis else ())

    def has(self, name: str) -> bool:
        """Whether this score was computed (the axis scores exist for ordered schemes only)."""
        return name in self._names()

    def value(self, name: str) -> float | None:
        return getattr(self, name) if self.has(name) else None

    def ci(self, name: str) -> list | None:
        return self.intervals.get(name)

    @classmethod
    def from_dict(cls, d: dict) -> Scores:
        on_axis = any(k in d for k in AXIS_KEYS)
        values, intervals = _split(d, ("accuracy", "macro_f1", "brier") + (AXIS_KEYS if on_axis else ()))
        return cls(**values, per_class={k: ClassScores.from_dict(v) for k, v in d.get("per_class", {}).items()},
                   on_axis=on_axis, intervals=intervals, gain_over_majority=d.get("delta_vs_majority_ci95"))

    def to_dict(self) -> dict:
        out = _joined({k: getattr(self, k) for k in self._names()}, self.intervals)
        out["per_class"] = {k: v.to_dict() for k, v in self.per_class.items()}
        if self.gain_over_majority is not None:
            out["delta_vs_majority_ci95"] = self.gain_over_majority
        return out


@dataclass(frozen=True)
class Spread:
    """One score over repeated cross-validation runs."""

    values: list
    mean: float | None
    sd: float | None

    @classmethod
    def of(cls, values: list) -> Spread:
        """Mean and sample standard deviation of the known values."""
        # lazy: numpy loads when a spread is computed, not on import
        import numpy as np

        known = [v for v in values if v is not None]
        return cls(values, float(np.mean(known)) if known else None,
                   float(np.std(known, ddof=1)) if len(known) > 1 else None)

    @classmethod
    def from_dict(cls, d: dict) -> Spread:
        return cls(d.get("values", []), d.get("mean"), d.get("sd"))


@dataclass(frozen=True)
class Repeats:
    """The model's and the majority baseline's scores over runs with fold seeds ``seeds``."""

    seeds: list[int]
    model: dict[str, Spread]
    majority: dict[str, Spread]

    @classmethod
    def from_dict(cls, d: dict) -> Repeats:
        return cls(list(d.get("seeds", [])),
                   {k: Spread.from_dict(v) for k, v in d.items() if k not in ("seeds", "majority")},
                   {k: Spread.from_dict(v) for k, v in d.get("majority", {}).items()})

    def to_dict(self) -> dict:
        return {"seeds": self.seeds, **{k: asdict(v) for k, v in self.model.items()},
                "majority": {k: asdict(v) for k, v in self.majority.items()}}


@dataclass(frozen=True)
class Confusion:
    """Confusion matrix: rows gold, columns predicted, over ``labels``."""

    labels: list[str]
    matrix: list[list[int]]


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    n: int
    confidence: float
    accuracy: float


@dataclass(frozen=True)
class Calibration:
    """Top-label confidence in bins, with the observed accuracy, and the expected calibration error."""

    bins: list[CalibrationBin]
    ece: float

    @classmethod
    def from_dict(cls, d: dict) -> Calibration:
        return cls([CalibrationBin(**b) for b in d.get("bins", [])], d.get("ece"))


@dataclass(frozen=True)
class LearningPoint:
    """The model refitted on a share of each training fold's groups."""

    share_of_groups: float
    train_quotes: float
    n_test: int
    accuracy: float
    macro_f1: float


@dataclass(frozen=True)
class TopNgrams:
    """Per class, the n-grams with the largest centred weights (``{"ngram", "weight"}``), at ``C``."""

    C: float
    classes: dict[str, list[dict]]


@dataclass(frozen=True)
class SpeakerSummary:
    """Per-speaker positions (table rows), their gold-predicted agreement, and positions by year."""

    table: list[dict]
    agreement: dict
    few_quotes_threshold: int
    over_time: dict


@dataclass(frozen=True)
class ValueScores:
    """The scores of the model for one value of a ``--per`` column."""

    n_quotes: int
    accuracy: float
    accuracy_ci95: list
    macro_f1: float
    macro_f1_ci95: list
    majority_macro_f1: float


@dataclass(frozen=True)
class PerValue:
    """One model per value of a column: the values, their mean macro-F1 and each one's scores."""

    values: list[str]
    macro_f1_mean: float
    scores: dict[str, ValueScores]


@dataclass(frozen=True)
class Metrics:
    """Everything an evaluation measured: the data, the protocol, the scores and what they rest on.

    ``data``, ``test_data``, ``scheme`` and ``config`` are the records of their own modules
    (:meth:`stance.scheme.LabelScheme.to_dict`, :meth:`stance.evaluate.EvalConfig.to_dict`).
    Pooled per-value metrics (``per``) have no test-data record.
    """

    data: dict
    scheme: dict
    config: dict
    protocol: str
    n_quotes: int
    n_groups: int
    label_counts: dict[str, int]
    folds_used: int
    chosen_C_per_fold: list[float]
    model: Scores
    majority: Scores
    stratified: Scores
    confusion: Confusion
    calibration: Calibration
    test_data: dict | None = None
    repeats: Repeats | None = None
    learning_curve: list[LearningPoint] | None = None
    top_ngrams: TopNgrams | None = None
    speakers: SpeakerSummary | None = None
    per: PerValue | None = None

    @classmethod
    def from_dict(cls, d: dict) -> Metrics:
        """Read the ``metrics.json`` form (missing parts become None or empty)."""
        base = d.get("baselines", {})
        conf, cal, tn, sp = d.get("confusion"), d.get("calibration"), d.get("top_ngrams"), d.get("speakers")
        per = None
        if "per_value" in d:
            per = PerValue(d.get("values", []), d.get("macro_f1_mean_over_values"),
                           {k: ValueScores(**v) for k, v in d["per_value"].items()})
        return cls(
            data=d.get("data", {}), scheme=d.get("scheme", {}), config=d.get("config", {}),
            protocol=d.get("protocol"), n_quotes=d.get("n_quotes"), n_groups=d.get("n_groups"),
            label_counts=d.get("label_counts", {}), folds_used=d.get("folds_used"),
            chosen_C_per_fold=d.get("chosen_C_per_fold", []),
            model=Scores.from_dict(d.get("model", {})), majority=Scores.from_dict(base.get("majority", {})),
            stratified=Scores.from_dict(base.get("stratified", {})),
            confusion=Confusion(**conf) if conf is not None else None,
            calibration=Calibration.from_dict(cal) if cal is not None else None,
            test_data=d.get("test_data"),
            repeats=Repeats.from_dict(d["repeats"]) if "repeats" in d else None,
            learning_curve=[LearningPoint(**p) for p in d["learning_curve"]] if "learning_curve" in d else None,
            top_ngrams=TopNgrams(**tn) if tn is not None else None,
            speakers=SpeakerSummary(**sp) if sp is not None else None,
            per=per,
        )

    def to_dict(self) -> dict:
        """The ``metrics.json`` form: optional parts appear only when measured."""
        out = {"data": self.data}
        if self.per is None:
            out["test_data"] = self.test_data
        out.update(scheme=self.scheme, config=self.config, protocol=self.protocol, n_quotes=self.n_quotes,
                   n_groups=self.n_groups, label_counts=self.label_counts, folds_used=self.folds_used,
                   chosen_C_per_fold=self.chosen_C_per_fold, model=self.model.to_dict(),
                   baselines={"majority": self.majority.to_dict(), "stratified": self.stratified.to_dict()},
                   confusion=asdict(self.confusion), calibration=asdict(self.calibration))
        if self.per is not None:
            out.update(values=self.per.values, macro_f1_mean_over_values=self.per.macro_f1_mean,
                       per_value={k: asdict(v) for k, v in self.per.scores.items()})
        if self.repeats is not None:
            out["repeats"] = self.repeats.to_dict()
        if self.learning_curve is not None:
            out["learning_curve"] = [asdict(p) for p in self.learning_curve]
        if self.top_ngrams is not None:
            out["top_ngrams"] = asdict(self.top_ngrams)
        if self.speakers is not None:
            out["speakers"] = asdict(self.speakers)
        return out


def as_metrics(m: Metrics | dict) -> Metrics:
    """``m`` itself, or the :class:`Metrics` read from its ``metrics.json`` form."""
    return m if isinstance(m, Metrics) else Metrics.from_dict(m)


@dataclass
class Evaluation:
    """Everything a report shows: the metrics, the predictions and the speaker table.

    ``metrics`` is the ``metrics.json`` form of ``result``, made once; records that belong in
    the file but not in the evaluation (coder agreement) may be added to it before writing.
    """

    result: Metrics
    predictions: object
    speakers: object
    metrics: dict = field(init=False)

    def __post_init__(self):
        self.metrics = self.result.to_dict()

"""The label axis: which values a label may take and where each sits on the stance axis.

The default scheme is the drug-policy axis of ``labels/codebook.md``: five ordered values
from -2 (user-targeting enforcement) to +2 (treatment / diversion), plus ``none`` for spans
that take no position on the axis. Labels are always handled as strings ("-2" ... "2",
"none") so that on-axis values and ``none`` live in one column. Any other label set (a
researcher's own table, a public benchmark) becomes a *nominal* scheme without positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .errors import InputError

NONE_LABEL = "none"


@dataclass(frozen=True)
class LabelScheme:
    """An ordered list of label values, with an axis position for the on-axis ones.

    Parameters
    ----------
    name : str
        Recorded in model sidecars and reports.
    values : tuple of str
        Every allowed label, in display order.
    positions : mapping str -> float
        Axis position of each on-axis value; values absent here (``none``) are off-axis.
        Empty for a nominal scheme.
    """

    name: str
    values: tuple[str, ...]
    positions: Mapping[str, float] = field(default_factory=dict)

    @property
    def ordered(self) -> bool:
        """True when the scheme places its values on an axis."""
        return bool(self.positions)

    @property
    def on_axis(self) -> tuple[str, ...]:
        return tuple(v for v in self.values if v in self.positions)

    def parse(self, raw: object) -> str:
        """Normalise one raw label (``"+1"``, ``1``, ``1.0``, ``"None"``) to a scheme value.

        Raises
        ------
        InputError
            If the value is not part of the scheme; the message lists the allowed values.
        """
        text = normalise_label(raw)
        if text not in self.values:
            raise InputError(
                f"label '{raw}' is not one of {', '.join(self.values)}"
            )
        return text

    def position(self, label: str) -> float | None:
        """Axis position of a label, or None when it is off-axis."""
        return self.positions.get(label)

    def expected_position(self, probs: Mapping[str, float]) -> tuple[float | None, float]:
        """Probability-weighted mean position over the on-axis classes.

        Returns
        -------
        position : float or None
            ``sum(p_c * pos_c) / P(on-axis)`` over on-axis classes; None if the scheme is
            nominal or P(on-axis) is zero.
        p_on_axis : float
            Total probability of the on-axis classes (1.0 for a nominal scheme).
        """
        if not self.ordered:
            return None, 1.0
        p_on = sum(probs.get(v, 0.0) for v in self.on_axis)
        if p_on <= 0.0:
            return None, 0.0
        pos = sum(probs.get(v, 0.0) * self.positions[v] for v in self.on_axis) / p_on
        return pos, p_on

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "values": list(self.values),
            "positions": {k: self.positions[k] for k in self.values if k in self.positions},
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> "LabelScheme":
        try:
            return cls(
                name=str(d["name"]),
                values=tuple(str(v) for v in d["values"]),
                positions={str(k): float(v) for k, v in d.get("positions", {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"label scheme is malformed ({exc}); expected name, values, positions") from None


STANCE_SCHEME = LabelScheme(
    name="drug-policy-stance",
    values=("-2", "-1", "0", "1", "2", NONE_LABEL),
    positions={"-2": -2.0, "-1": -1.0, "0": 0.0, "1": 1.0, "2": 2.0},
)


def normalise_label(raw: object) -> str:
    """Canonical string form of a label: ``+1``/``1.0``/``1`` -> ``"1"``, ``None`` -> ``"none"``."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    text = str(raw).strip()
    if text.lower() == NONE_LABEL:
        return NONE_LABEL
    try:
        number = float(text)
    except ValueError:
        return text
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return text


def infer_scheme(labels: Iterable[object], name: str = "nominal") -> LabelScheme:
    """Choose a scheme for a column of labels.

    Labels that all belong to the drug-policy axis give :data:`STANCE_SCHEME`; any other
    set gives a nominal scheme of the sorted distinct values.
    """
    distinct = sorted({normalise_label(v) for v in labels} - {""})
    if not distinct:
        raise InputError("the label column is empty; label some examples first")
    if set(distinct) <= set(STANCE_SCHEME.values):
        return STANCE_SCHEME
    return LabelScheme(name=name, values=tuple(distinct))


def scheme_from_values(values: Sequence[str], positions: Mapping[str, float] | None = None,
                       name: str = "custom") -> LabelScheme:
    """Build a scheme from explicit values (and optional positions), checking consistency."""
    vals = tuple(normalise_label(v) for v in values)
    if len(set(vals)) != len(vals):
        raise InputError(f"label scheme lists a value twice: {', '.join(vals)}")
    pos = {normalise_label(k): float(v) for k, v in (positions or {}).items()}
    unknown = set(pos) - set(vals)
    if unknown:
        raise InputError(f"positions given for values not in the scheme: {', '.join(sorted(unknown))}")
    return LabelScheme(name=name, values=vals, positions=pos)

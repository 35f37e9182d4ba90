"""Label scheme: parsing, positions, inference."""

import pytest

from stance.errors import InputError
from stance.scheme import STANCE_SCHEME, LabelScheme, infer_scheme, normalise_label, scheme_from_values


@pytest.mark.parametrize("raw, expected", [
    ("+1", "1"), ("1", "1"), (1, "1"), (1.0, "1"), ("-2", "-2"), (" 2 ", "2"), ("0", "0"), ("-0", "0"),
    ("None", "none"), ("NONE", "none"), ("favor", "favor"), (None, ""), (float("nan"), ""), ("1.5", "1.5"),
])
def test_normalise_label(raw, expected):
    assert normalise_label(raw) == expected


def test_parse_rejects_value_outside_scheme_and_lists_allowed():
    with pytest.raises(InputError, match=r"label '3' is not one of -2, -1, 0, 1, 2, none"):
        STANCE_SCHEME.parse("3")


def test_expected_position_is_probability_weighted_over_on_axis_classes():
    probs = {"-2": 0.1, "-1": 0.1, "0": 0.0, "1": 0.2, "2": 0.2, "none": 0.4}
    pos, p_on = STANCE_SCHEME.expected_position(probs)
    assert p_on == pytest.approx(0.6)
    assert pos == pytest.approx((-0.2 - 0.1 + 0.2 + 0.4) / 0.6)


def test_expected_position_all_off_axis_is_none():
    assert STANCE_SCHEME.expected_position({"none": 1.0}) == (None, 0.0)


def test_nominal_scheme_has_no_positions():
    s = infer_scheme(["favor", "against", "none", "favor"])
    assert s.values == ("against", "favor", "none") and not s.ordered
    assert s.expected_position({"favor": 1.0}) == (None, 1.0)


def test_infer_scheme_recognises_the_stance_axis():
    assert infer_scheme(["-1", "+2", "none"]) is STANCE_SCHEME


def test_infer_scheme_refuses_empty_labels():
    with pytest.raises(InputError, match="empty"):
        infer_scheme(["", None])


def test_round_trip_through_dict():
    assert LabelScheme.from_dict(STANCE_SCHEME.to_dict()) == STANCE_SCHEME


def test_scheme_from_values_checks_consistency():
    with pytest.raises(InputError, match="twice"):
        scheme_from_values(["a", "a"])
    with pytest.raises(InputError, match="not in the scheme"):
        scheme_from_values(["a", "b"], {"c": 1})

"""The shared statistics: kappa against scikit-learn, Spearman's edge cases, percentile intervals."""

import math

import pytest

from stance.stats import cohen_kappa, group_resamples, percentile_ci, spearman

# Invented codings of ten quotes by two coders.
A = ["pro", "con", "none", "pro", "pro", "con", "none", "none", "pro", "con"]
B = ["pro", "con", "pro", "pro", "none", "con", "none", "con", "pro", "pro"]
ORDER = ["con", "none", "pro"]


@pytest.mark.parametrize("weights", [None, "quadratic"])
def test_kappa_matches_scikit_learn(weights):
    from sklearn.metrics import cohen_kappa_score

    expected = cohen_kappa_score(A, B, labels=ORDER, weights=weights)
    assert cohen_kappa(A, B, ORDER, weights) == pytest.approx(expected)


def test_kappa_drops_pairs_outside_the_labels_and_is_none_when_undefined():
    assert cohen_kappa(A + ["odd"], B + ["pro"], ORDER) == pytest.approx(cohen_kappa(A, B, ORDER))
    assert cohen_kappa(["pro", "pro"], ["pro", "pro"], ORDER) is None  # chance agreement is perfect
    assert cohen_kappa([], [], ORDER) is None
    with pytest.raises(ValueError):
        cohen_kappa(A, B, ORDER, "linear")


def test_spearman_needs_three_pairs_and_some_variation():
    assert spearman([1, 2], [2, 1]) is None
    assert spearman([1, 2, 3], [5, 5, 5]) is None
    assert spearman([1, 2, 3, 4], [10, 20, 30, 45]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_percentile_interval_ignores_unknown_values():
    lo, hi = percentile_ci([None, math.nan] + list(range(101)))
    assert (lo, hi) == (pytest.approx(2.5), pytest.approx(97.5))
    assert percentile_ci([None, math.nan]) == [None, None]


def test_group_resamples_bring_whole_groups_and_repeat_with_the_seed():
    import numpy as np

    groups = np.array(["a", "a", "b", "c", "c", "c"])
    draws = list(group_resamples(groups, 30, seed=7))
    assert len(draws) == 30
    for rows in draws:
        picked = groups[rows]
        # three groups drawn, each with all its rows: 2 for a, 1 for b, 3 for c
        assert sum({"a": 1 / 2, "b": 1, "c": 1 / 3}[g] for g in picked) == pytest.approx(3)
    assert {tuple(groups[r]) for r in draws} != {tuple(groups[draws[0]])}  # the draws differ
    assert all((a == b).all() for a, b in zip(draws, group_resamples(groups, 30, seed=7)))

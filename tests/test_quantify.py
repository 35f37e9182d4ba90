"""Quantification, speaker identity across articles and position agreement (invented numbers and names)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stance.errors import DataFileError
from stance.positions import article_bootstrap, compare_positions
from stance.quantify import adjusted, error_profile, quantify
from stance.speakers import SpeakerRegistry, default_speaker_type, near_variants, read_speaker_map, speaker_key

M = [[0.8, 0.2], [0.3, 0.7]]


def test_acc_recovers_the_true_distribution():
    q = np.array(M).T @ np.array([0.25, 0.75])
    assert adjusted(q, M) == pytest.approx([0.25, 0.75])


def test_acc_clips_and_normalises_an_impossible_observation():
    assert adjusted([0.1, 0.9], M) == pytest.approx([0.0, 1.0])


def test_error_profile_from_sidecar_and_fallbacks():
    side = {"cv_confusion": {"labels": ["a", "b", "c"], "matrix": [[8, 2, 0], [3, 7, 0], [0, 0, 0]],
                             "mean_proba": [[0.7, 0.3, 0.0], [0.2, 0.8, 0.0], []]}}
    prof = error_profile(side, ["a", "b"])
    assert prof.hard == ((0.8, 0.2), (0.3, 0.7)) and prof.n_gold == (10, 10)
    assert prof.soft == ((0.7, 0.3), (0.2, 0.8))
    assert error_profile({}, ["a", "b"]) is None
    assert error_profile(side, ["a", "z"]) is None
    assert quantify([42.5, 57.5], None, prof, "acc") == ("acc", pytest.approx([0.25, 0.75]))
    assert quantify([42.5, 57.5], [30, 70], prof, "pacc")[0] == "pacc"
    assert quantify([1, 3], [1, 3], None, "pacc") == ("cc", [0.25, 0.75])


def test_unseen_gold_label_gets_an_identity_row():
    side = {"cv_confusion": {"labels": ["a", "b"], "matrix": [[5, 5], [0, 0]]}}
    assert error_profile(side, ["a", "b"]).hard == ((0.5, 0.5), (0.0, 1.0))


@pytest.mark.parametrize("name, kind", [("Ada Pike", "person"), ("Det Sgt Bram Olsen", "person"),
                                        ("Invented City Council", "organisation"), ("NHS", "organisation"),
                                        ("Invented Police", "organisation"), ("a spokesperson", "organisation")])
def test_default_speaker_type(name, kind):
    assert default_speaker_type(name) == kind


def test_same_canonical_name_is_one_speaker_variants_are_listed():
    reg = SpeakerRegistry()
    ids = [reg.resolve(n) for n in ("Ada Pike", "ada  pike", "ADA PIKE", "Ada Pyke")]
    assert ids == [0, 0, 0, 1] and reg.names == ["Ada Pike", "Ada Pyke"]
    assert speaker_key("Ada\u00a0Pike") == "ada pike"
    pairs = [(v.name_a, v.name_b, v.reason) for v in
             near_variants(["Ada Pike", "A. Pike", "Mrs Pike", "Bram Olsen", "Brahm Olsen", "Cora Marsh"])]
    assert pairs == [("A. Pike", "Mrs Pike", "same surname, one without a given name"),
                     ("Ada Pike", "A. Pike", "initial of the same given name"),
                     ("Ada Pike", "Mrs Pike", "same surname, one without a given name"),
                     ("Bram Olsen", "Brahm Olsen", "given names spelt alike")]


def test_speaker_map_conflict_is_a_line_error(tmp_path):
    p = tmp_path / "map.csv"
    p.write_text("variant,canonical\nA. Pike,Ada Pike\nA. Pike,Ann Pike\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 3: variant 'A. Pike' is mapped to both 'Ada Pike' and 'Ann Pike'"):
        read_speaker_map(p)


def test_article_bootstrap():
    rng = np.random.default_rng(0)
    assert article_bootstrap([3.0], [2], 100, rng) == [1.5, 1.5]
    assert article_bootstrap([], [], 100, rng) == [None, None]
    lo, hi = article_bootstrap([2.0, -2.0], [1, 1], 500, rng)
    assert (lo, hi) == (-2.0, 2.0)


def test_compare_positions():
    pred = pd.DataFrame({"speaker": ["A", "B", "C", "D"], "position": [0.1, 0.5, 0.9, -1.0], "n_on_axis": [3, 4, 5, 2]})
    gold = pd.DataFrame({"speaker": ["a", "b", "c", "d"], "position": [-1.0, 0.0, 1.0, 2.0], "n_on_axis": [3, 3, 3, 3]})
    res = compare_positions(pred, gold, n_boot=50)
    # gold needs 3 on-axis quotes; a predicted position needs one (D's two count)
    assert (res.n_speakers, round(res.spearman, 6), res.speakers) == (4, -0.2, ("a", "b", "c", "d"))
    unplaced = compare_positions(pred.assign(position=[0.1, 0.5, 0.9, None]), gold, n_boot=50)
    assert (unplaced.n_speakers, unplaced.spearman) == (3, 1.0)
    few = compare_positions(pred, gold, min_on_axis=4, n_boot=10)
    assert (few.n_speakers, few.spearman) == (0, None)

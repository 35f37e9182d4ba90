"""Reliability statistics against values computed by hand (and Krippendorff's own example).

INVENTED TEST DATA: the coders ("al", "bo", "cy") and their labels are made up.
"""

from __future__ import annotations

import json

import pytest

from stance.agreement import (THRESHOLD_TEXT, Disagreement, PairConfusion, RawAgreement, agreement, coincidences,
                             format_agreement, krippendorff_alpha, reading)
from stance.cli import app
from stance.errors import InputError

ORDER = ["-2", "-1", "0", "1", "2"]


def test_krippendorff_2011_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders, 12 units,
    # values 1..5, missing data. The paper gives nominal 0.743, ordinal 0.815, interval 0.849.
    na = None
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3],
            [na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na]]
    units = [[v for v in unit if v is not None] for unit in zip(*data)]
    assert round(krippendorff_alpha(units, "nominal"), 3) == 0.743
    assert round(krippendorff_alpha(units, "ordinal", order=[1, 2, 3, 4, 5]), 3) == 0.815
    assert round(krippendorff_alpha(units, "interval"), 3) == 0.849


def test_nominal_alpha_by_hand():
    # Units (a,a) (a,b) (b,b) (b,b). Coincidences: o_aa = 2, o_ab = o_ba = 1, o_bb = 4;
    # n_a = 3, n_b = 5, n = 8. alpha = 1 - (n-1) * (o_ab + o_ba) / (n_a n_b + n_b n_a)
    #                               = 1 - 7 * 2 / 30 = 8/15.
    units = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]
    assert coincidences(units) == {("a", "a"): 2.0, ("a", "b"): 1.0, ("b", "a"): 1.0, ("b", "b"): 4.0}
    assert krippendorff_alpha(units) == pytest.approx(8 / 15)


def test_ordinal_and_interval_alpha_by_hand():
    # Units (-1,-1) (1,2) (2,2): n_-1 = 2, n_1 = 1, n_2 = 3, n = 6 (no -2, no 0).
    # Ordinal delta2(c,k) = (sum of n_g from c to k - (n_c + n_k)/2)^2:
    #   d(1,2) = (1+3 - 2)^2 = 4;  d(-1,1) = (2+0+1 - 1.5)^2 = 2.25;  d(-1,2) = (2+0+1+3 - 2.5)^2 = 12.25.
    # Observed: o_12 + o_21 = 2 at d = 4 -> 8.  Expected: 2 * (2*1*2.25 + 2*3*12.25 + 1*3*4) = 180.
    # alpha = 1 - 5 * 8 / 180 = 7/9.
    units = [["-1", "-1"], ["1", "2"], ["2", "2"]]
    assert krippendorff_alpha(units, "ordinal", order=ORDER) == pytest.approx(7 / 9)
    # Interval: observed 2 * 1^2 = 2; expected 2 * (2*1*2^2 + 2*3*3^2 + 1*3*1^2) = 130;
    # alpha = 1 - 5 * 2 / 130 = 12/13.
    assert krippendorff_alpha([[-1, -1], [1, 2], [2, 2]], "interval") == pytest.approx(12 / 13)


@pytest.mark.parametrize("units", [[["1", "1"], ["1", "1"]], [["1"]], []])
def test_alpha_is_undefined_without_variation_or_pairs(units):
    assert krippendorff_alpha(units, "ordinal", order=ORDER) is None
    assert reading(None) == "undefined"


@pytest.mark.parametrize("alpha, text", [(0.8, "reliable"), (0.799, "tentative"), (0.667, "tentative"),
                                         (0.666, "unreliable"), (-0.2, "unreliable")])
def test_reading_thresholds(alpha, text):
    assert reading(alpha) == text


def test_ordinal_needs_every_value_in_the_order():
    with pytest.raises(InputError, match="value\\(s\\) none are not in the ordinal order -2, -1, 0, 1, 2"):
        krippendorff_alpha([["none", "1"]], "ordinal", order=ORDER)


# al and bo share q1..q5; q6 is al's only, q7 bo's only.
AL = {"q1": "-1", "q2": "0", "q3": "1", "q4": "2", "q5": "none", "q6": "-2"}
BO = {"q1": "-1", "q2": "1", "q3": "1", "q4": "2", "q5": "1", "q7": "2"}


def test_two_coders_by_hand():
    r = agreement({"al": AL, "bo": BO}, texts={"q2": "Both, really", "q5": "Figures"},
                  notes={"al": {"q2": "R6"}, "bo": {}})
    assert (r.coders, r.n_coded, r.n_shared) == (["al", "bo"], {"al": 6, "bo": 6}, 5)
    # Nominal, units (-1,-1) (0,1) (1,1) (2,2) (none,1): n_-1 = 2, n_0 = 1, n_1 = 4, n_2 = 2,
    # n_none = 1, n = 10; observed off-diagonal 4; expected sum_{c != k} n_c n_k = 100 - 26 = 74;
    # alpha = 1 - 9 * 4 / 74 = 19/37.
    assert r.alpha["nominal"] == pytest.approx(19 / 37, abs=1e-6)  # reported rounded to 6 places
    # Ordinal drops 'none' (q5 keeps one on-axis value and leaves): units (-1,-1) (0,1) (1,1)
    # (2,2); n_-1 = 2, n_0 = 1, n_1 = 3, n_2 = 2, n = 8. Observed 2 * d(0,1) = 2 * 4 = 8.
    # Expected 2 * (2*1*2.25 + 2*3*12.25 + 2*2*36 + 1*3*4 + 1*2*20.25 + 3*2*6.25) = 624.
    # alpha = 1 - 7 * 8 / 624 = 71/78.
    assert r.alpha["ordinal"] == pytest.approx(71 / 78, abs=1e-6)
    # Interval: observed 2; expected 2 * (2 + 24 + 36 + 3 + 8 + 6) = 158; alpha = 1 - 14/158 = 72/79.
    assert r.alpha["interval"] == pytest.approx(72 / 79, abs=1e-6)
    assert r.alpha_units == {"nominal": 5, "ordinal": 4, "interval": 4}
    assert r.alpha_reading == {"nominal": "unreliable", "ordinal": "reliable", "interval": "reliable"}
    assert r.raw_agreement == RawAgreement(all_agree=3, n=5, proportion=0.6)
    (pair,) = r.pairs
    # Quadratic-weighted kappa on the 4 on-axis pairs, classes -2..2 as 0..4:
    #   al = 1,2,3,4; bo = 1,3,3,4. Observed sum w*O = (2-3)^2 = 1.
    #   Expected sum w * r_i c_j / N over al in {1,2,3,4}, bo in {1: 1, 3: 2, 4: 1}:
    #   (17 + 7 + 5 + 11) / 4 = 10.  kappa = 1 - 1/10 = 0.9.
    assert pair.kappa_quadratic == pytest.approx(0.9, abs=1e-6) and pair.n_on_axis == 4
    # Unweighted kappa over all 5: p_o = 3/5; p_e = .2*.2 + .2*.6 + .2*.2 = .2; (0.6-0.2)/0.8 = 0.5.
    assert pair.kappa == pytest.approx(0.5, abs=1e-6)
    assert (pair.n, pair.agree, pair.raw_agreement) == (5, 3, 0.6)
    assert pair.confusion == PairConfusion(
        "al", "bo", ["-2", "-1", "0", "1", "2", "none"],
        [[0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0],
         [0, 0, 0, 1, 0, 0]])
    assert r.disagreements == [
        Disagreement("q2", {"al": "0", "bo": "1"}, notes={"al": "R6", "bo": ""}, text="Both, really"),
        Disagreement("q5", {"al": "none", "bo": "1"}, notes={"al": "", "bo": ""}, text="Figures"),
    ]
    d = r.to_dict()
    assert json.loads(json.dumps(d)) == d  # JSON-ready
    assert d["raw_agreement"] == {"all_agree": 3, "n": 5, "proportion": 0.6}
    assert d["pairs"][0]["confusion"]["rows"] == "al" and d["disagreements"][0]["notes"] == {"al": "R6", "bo": ""}


def test_three_coders_pairs_and_all_agree():
    cy = {"q1": "-1", "q2": "0", "q3": "1"}
    r = agreement({"al": AL, "bo": BO, "cy": cy})
    assert [p.coders for p in r.pairs] == [["al", "bo"], ["al", "cy"], ["bo", "cy"]]
    assert [p.n for p in r.pairs] == [5, 3, 3]
    assert r.raw_agreement == RawAgreement(all_agree=3, n=5, proportion=0.6)  # q1, q3, q4
    assert [d.quote_id for d in r.disagreements] == ["q2", "q5"]


@pytest.mark.parametrize("coders, message", [
    ({"al": AL}, "agreement needs at least two coders, found 1; give one file per coder"),
    ({"al": {"q1": "1"}, "bo": {"q2": "1"}}, "no quote was coded by more than one coder; double-code a shared sample"),
])
def test_agreement_refuses_what_it_cannot_measure(coders, message):
    with pytest.raises(InputError, match=message):
        agreement(coders)


def test_report_states_the_thresholds_and_the_none_choice():
    text = format_agreement(agreement({"al": AL, "bo": BO}, texts={"q2": "Both, really"}))
    lines = text.splitlines()
    assert lines[0] == "Agreement over 5 quotes coded by more than one coder (quotes coded: al 6, bo 6)"
    assert lines[2:7] == [
        "Krippendorff's alpha",
        "  ordinal   0.910  reliable    (on-axis values only, none as missing, 4 quotes)",
        "  nominal   0.514  unreliable  (all values incl. none, 5 quotes)",
        "  interval  0.911  reliable    (on-axis positions only, none as missing, 4 quotes)",
        THRESHOLD_TEXT,
    ]
    assert THRESHOLD_TEXT == ("Reading (Krippendorff 2004): alpha >= 0.800 reliable; 0.667 <= alpha < 0.800 "
                              "tentative conclusions only; below 0.667 unreliable.")
    assert "Raw agreement: all coders agree on 3 of 5 quotes (0.600)" in lines
    assert ("  al vs bo: 5 shared, raw agreement 0.600 (3/5), quadratic-weighted kappa 0.900 (4 on-axis pairs), "
            "kappa 0.500") in lines
    assert "  q2  al 0  bo +1  \"Both, really\"" in lines
    assert "  q5  al none  bo +1" in lines
    assert lines[lines.index("Confusion: al (rows) vs bo (columns)") + 1] == "          -2   -1    0   +1   +2 none"


def test_agree_command_on_coder_files(tmp_path, runner, user_error):
    from test_annotate import ANN_HEADER, T0, make_project

    labels, _ = make_project(tmp_path)
    al, bo = tmp_path / "al.csv", tmp_path / "bo.csv"
    al.write_text(ANN_HEADER + f"docA-01,-2,,al,{T0},1.0\ndocB-01,0,,al,{T0},1.0\ndocB-02,1,,al,{T0},1.0\n",
                  encoding="utf-8")
    bo.write_text(ANN_HEADER + f"docA-01,-2,,bo,{T0},1.0\ndocB-01,2,,bo,{T0},1.0\n", encoding="utf-8")
    result = runner.invoke(app, ["agree", str(al), str(bo), "--labels", str(labels)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Agreement over 2 quotes coded by more than one coder (quotes coded: al 3, bo 2)"
    assert ('  docB-01  al 0  bo +2  "Arrest drug users or divert them to treatment"') in result.stdout.splitlines()
    out = tmp_path / "report" / "agreement.json"
    as_json = runner.invoke(app, ["agree", str(al), str(bo), "--labels", str(labels), "--json", "--output", str(out)])
    data = json.loads(as_json.stdout)
    assert data == json.loads(out.read_text(encoding="utf-8"))
    assert (data["codebook_version"], data["n_shared"], data["raw_agreement"]["all_agree"]) == ("1.0", 2, 1)
    assert sorted(data["sources"]) == ["al", "bo"] and len(data["sources"]["al"]["sha256"]) == 64

    old = tmp_path / "old.csv"
    old.write_text(ANN_HEADER + f"docA-01,-2,,cy,{T0},0.9\n", encoding="utf-8")
    result = runner.invoke(app, ["agree", str(al), str(old), "--labels", str(labels)])
    user_error(result, f"stance: the coder files were coded under different codebook versions: '0.9' ({old} line 2), "
                       f"'1.0' ({al} line 2); labels from different codebooks are not comparable: compare files of "
                       f"one version at a time")
    result = runner.invoke(app, ["agree", str(al), str(old), "--labels", str(labels), "--codebook",
                                 str(labels / "codebook.md")])
    assert user_error(result).startswith(f"stance: {old} line 2: coded under codebook version '0.9', but the "
                                         f"current codebook is version '1.0'")
    dee = tmp_path / "dee.csv"  # coded, like old.csv, under codebook 0.9: compared against that codebook
    dee.write_text(ANN_HEADER + f"docA-01,-1,,dee,{T0},0.9\n", encoding="utf-8")
    result = runner.invoke(app, ["agree", str(old), str(dee), "--labels", str(labels)])
    user_error(result, f"stance: no codebook of version 0.9: {labels / 'codebook.md'} is version 1.0 and "
                       f"{labels / 'codebook-archive'} holds none of version 0.9; archive that edition there or pass "
                       f"--codebook FILE")
    older = tmp_path / "codebook-0.9.md"
    older.write_text("Codebook version: 0.9 (2025-12-01)\n", encoding="utf-8")
    result = runner.invoke(app, ["agree", str(old), str(dee), "--labels", str(labels), "--codebook", str(older)])
    assert result.exit_code == 0, result.stderr
    assert '  docA-01  cy -2  dee -1  "Police should arrest drug users and put them in prison"' in result.stdout
    # Archived beside the current codebook, the 0.9 edition is found without --codebook, and named.
    (labels / "codebook-archive").mkdir()
    (labels / "codebook-archive" / "README.md").write_text("Earlier editions.\n", encoding="utf-8")
    (labels / "codebook-archive" / "codebook-0.9-short.md").write_text(older.read_text(), encoding="utf-8")
    (labels / "codebook-archive" / "codebook-0.9.md").write_text(older.read_text(), encoding="utf-8")
    result = runner.invoke(app, ["agree", str(old), str(dee), "--labels", str(labels)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"coded under codebook 0.9: compared with "
                             f"{labels / 'codebook-archive' / 'codebook-0.9.md'}\n")
    assert '  docA-01  cy -2  dee -1  "Police should arrest drug users and put them in prison"' in result.stdout
    result = runner.invoke(app, ["agree", str(al), str(al), "--labels", str(labels)])
    user_error(result, f"stance: {al} and {al} both hold the labels of 'al'; give one file per coder")
    result = runner.invoke(app, ["agree", str(al), "--labels", str(labels)])
    user_error(result, "stance: agreement needs at least two coder files, got 1; e.g. stance agree "
                       "labels/annotations/alice.csv labels/annotations/bob.csv")


def test_agree_on_the_projects_own_coder_files_finds_their_archived_codebook(runner):
    from conftest import REPO

    files = sorted(str(p) for p in (REPO / "labels" / "annotations").glob("coder-*.csv"))
    result = runner.invoke(app, ["agree", *files, "--labels", str(REPO / "labels"), "--json"])

    assert result.exit_code == 0, result.stderr
    archived = REPO / "labels" / "codebook-archive" / "codebook-1.0.md"
    assert result.stderr == f"coded under codebook 1.0: compared with {archived}\n"
    data = json.loads(result.stdout)
    assert (data["codebook_version"], data["codebook_path"]) == ("1.0", str(archived))
    assert data["coders"] == ["coder-a", "coder-b", "coder-c"] and data["n_shared"] == 44

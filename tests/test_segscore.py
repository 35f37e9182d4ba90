"""Scoring predicted speech units against gold units."""

from __future__ import annotations

import pandas as pd
import pytest

from stance.errors import InputError
from stance.segscore import format_errors, format_scores, match_units, quote_errors, score_quotes


def u(doc, start, end, kind="direct", speaker="Ada Pike", text=""):
    return {"doc_id": doc, "start": start, "end": end, "kind": kind, "speaker": speaker, "text": text}


GOLD = [
    u("a", 0, 100),  # direct
    u("a", 200, 300, "indirect", "Bo Lin"),
    u("b", 0, 50, "indirect", "Cy Moss"),
]


def test_perfect_prediction_scores_one():
    s = score_quotes(GOLD, GOLD)
    for group in ("overall", "direct", "indirect"):
        for name in ("overlap30", "overlap80", "exact"):
            assert s[group][name]["f1"] == 1.0
        assert s[group]["speaker_accuracy"] == 1.0
    assert s["overall"]["n_gold"] == 3 and s["direct"]["n_gold"] == 1


def test_overlap_is_share_of_gold_span_and_thresholds_differ():
    pred = [
        u("a", 0, 50),  # covers 50 % of gold 0-100: counts at 30 %, not at 80 %
        u("a", 190, 400, "indirect", "Bo Lin"),  # covers all of 200-300 (but wider): both
        u("b", 0, 10, "indirect", "Someone Else"),  # 20 %: no match at 30 %
    ]
    s = score_quotes(pred, GOLD)["overall"]
    assert s["overlap30"]["tp"] == 2
    assert s["overlap30"]["precision"] == pytest.approx(2 / 3)
    assert s["overlap30"]["recall"] == pytest.approx(2 / 3)
    assert s["overlap80"]["tp"] == 1
    assert s["overlap80"]["f1"] == pytest.approx(1 / 3)
    assert s["exact"]["tp"] == 0 and s["exact"]["f1"] == 0.0
    assert s["speaker_accuracy"] == 1.0 and s["speaker_n"] == 2


def test_matching_is_one_to_one_greedy_by_largest_overlap():
    gold = [u("a", 0, 100), u("a", 100, 200)]
    pred = [u("a", 0, 200)]  # covers both gold spans fully but may match only one
    pairs, _, _ = match_units(pred, gold)
    assert len(pairs) == 1
    s = score_quotes(pred, gold)["overall"]
    assert s["overlap80"]["precision"] == 1.0 and s["overlap80"]["recall"] == 0.5

    gold = [u("a", 0, 100)]
    pred = [u("a", 0, 40), u("a", 0, 90)]  # the larger overlap wins the gold unit
    pairs, _, _ = match_units(pred, gold)
    assert [(p["end"], ov) for _, p, ov in pairs if ov == max(o for _, _, o in pairs)] == [(90, 0.9)]
    assert score_quotes(pred, gold)["overall"]["overlap80"]["tp"] == 1


def test_units_only_match_within_the_same_document():
    s = score_quotes([u("b", 0, 100)], [u("a", 0, 100)])["overall"]
    assert s["overlap30"]["tp"] == 0 and s["speaker_accuracy"] is None


def test_per_kind_recall_uses_gold_kind_and_precision_uses_predicted_kind():
    gold = [u("a", 0, 100, "direct"), u("a", 200, 300, "indirect")]
    pred = [u("a", 0, 100, "indirect"), u("a", 200, 300, "indirect")]
    s = score_quotes(pred, gold)
    assert s["direct"]["overlap80"]["recall"] == 1.0  # the gold direct unit was found
    assert s["direct"]["overlap80"]["precision"] == 0.0  # no unit was predicted direct
    assert s["indirect"]["n_pred"] == 2
    assert s["indirect"]["overlap80"]["precision"] == 1.0
    assert s["indirect"]["overlap80"]["recall"] == 1.0


def test_speaker_accuracy_normalises_case_and_whitespace():
    gold = [u("a", 0, 100, speaker="John  Campion"), u("a", 200, 300, speaker="Ada Pike")]
    pred = [u("a", 0, 100, speaker=" john campion "), u("a", 200, 300, speaker="Ada")]
    s = score_quotes(pred, gold)["overall"]
    assert s["speaker_accuracy"] == 0.5


def test_dataframes_and_string_offsets_are_accepted():
    gold = pd.DataFrame(GOLD).astype({"start": str, "end": str})
    pred = pd.DataFrame(GOLD)
    pred.loc[0, "speaker"] = float("nan")
    s = score_quotes(pred, gold)
    assert s["overall"]["exact"]["f1"] == 1.0
    assert s["overall"]["speaker_accuracy"] == pytest.approx(2 / 3)


def test_empty_tables():
    s = score_quotes([], GOLD)["overall"]
    assert s["overlap30"]["recall"] == 0.0 and s["overlap30"]["precision"] == 0.0
    assert score_quotes([], [])["overall"]["overlap30"]["f1"] == 0.0


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"doc_id": "a", "start": 0, "end": 5, "kind": "direct"}], "lacks column\\(s\\) speaker"),
        ([u("a", "x", 5)], "row 1: start/end must be whole numbers"),
        ([u("a", 9, 5)], "row 1: end \\(5\\) must be greater than start \\(9\\)"),
    ],
)
def test_bad_tables_raise_input_error(rows, message):
    with pytest.raises(InputError, match=message):
        score_quotes(rows, GOLD)


def test_error_listing_names_missed_spurious_partial_and_speaker_errors():
    pred = [
        u("a", 0, 50, speaker="Someone Else", text="partial"),
        u("c", 0, 10, text="spurious"),
    ]
    errors = quote_errors(pred, GOLD)
    kinds = sorted(e["error"] for e in errors)
    assert kinds == ["missed", "missed", "partial", "speaker", "spurious"]
    speaker = next(e for e in errors if e["error"] == "speaker")
    assert (speaker["gold_speaker"], speaker["pred_speaker"], speaker["overlap"]) == ("Ada Pike", "Someone Else", 0.5)
    text = format_errors(errors)
    assert "spurious c 0-10" in text and "gold 'Ada Pike' != predicted 'Someone Else'" in text


def test_format_scores_is_a_small_table():
    table = format_scores(score_quotes(GOLD, GOLD))
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["gold", "pred", "|", "P30", "R30"]
    assert lines[2].startswith("overall") and "100.0" in lines[2]
    assert [line.split()[0] for line in lines[2:]] == ["overall", "direct", "indirect"]


def test_score_segments_is_the_cli_entry_point():
    from stance.segscore import score_segments

    assert score_segments(pd.DataFrame(GOLD), GOLD) == score_quotes(GOLD, GOLD)

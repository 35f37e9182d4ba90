"""Round 12g, package B: reporting frames and the ends of reported clauses.

Every text here is invented: the names, places and claims are made up for the test.
"""

from __future__ import annotations

import pytest

from segment_helpers import unit_fields

_INTRO = "Nina Vale is the chief constable of Harrowby. "


# (span text, speaker) of every unit the segmenter finds
_units = unit_fields("text", "speaker")


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        # a present verb of opinion takes a clause of its own without "that"
        ("Nina Vale believes councils and police forces need to change their approach.",
         "councils and police forces need to change their approach"),
        ("Vale fears overdose deaths in the county will keep rising.",
         "overdose deaths in the county will keep rising"),
        ("And she thinks it's time for a calm debate on the topic.", "it's time for a calm debate on the topic"),
        # phrase verbs that carry a stance
        ("Vale has hit back at a tabloid report painting Harrowby as a drugs haven.",
         "a tabloid report painting Harrowby as a drugs haven"),
        ("Vale ruled out any change to the cannabis laws this year.", "any change to the cannabis laws this year"),
    ],
)
def test_new_reporting_frames_give_a_unit(sentence, span):
    assert _units(_INTRO + sentence) == [(span, "Nina Vale")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Vale fears for the safety of her officers on the estates.",  # a worry, no clause
        "She believes in second chances for young people in the town.",
        "Vale believed the figures were wrong at the time of the raid.",  # a past belief is narrative
    ],
)
def test_opinion_verbs_without_a_clause_give_no_unit(sentence):
    assert _units(_INTRO + sentence) == []


def test_a_second_clause_with_its_own_pronoun_subject_is_a_second_unit():
    text = _INTRO + "Vale believes the county needs a new approach to cannabis and she fears deaths will rise."
    assert _units(text) == [
        ("the county needs a new approach to cannabis", "Nina Vale"),
        ("deaths will rise", "Nina Vale"),
    ]


def test_a_dash_and_but_end_the_reported_clause():
    text = _INTRO + "Vale says the county needs a different approach to cannabis – but she stopped short of backing reform."
    assert _units(text) == [("the county needs a different approach to cannabis", "Nina Vale")]


def test_the_writers_presumably_ends_the_reported_clause():
    text = _INTRO + "Vale said the review had been shelved by the council, presumably for fear of upsetting voters."
    assert _units(text) == [("the review had been shelved by the council", "Nina Vale")]


def test_while_a_named_speaker_speaks_starts_a_second_unit():
    text = ("Ann Cole is a mother from Harrowby. Tom Reed is the local MSP. "
            "Ann Cole demanded prison for heroin dealers while Labour MSP Tom Reed hit out at the low fines.")
    assert _units(text) == [
        ("prison for heroin dealers", "Ann Cole"),
        ("the low fines", "Tom Reed"),
    ]


def test_while_without_a_speaker_does_not_end_the_clause():
    text = _INTRO + "Vale said officers would patrol the park while the new fence is built."
    assert _units(text) == [("officers would patrol the park while the new fence is built", "Nina Vale")]


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("Vale told the court crack cocaine had ruined the estates.", "crack cocaine had ruined the estates"),
        ("Writing in a local paper, Vale told how she was walking along the canal when she passed two dealers.",
         "she was walking along the canal when she passed two dealers"),
    ],
)
def test_told_a_hearing_or_told_how_gives_the_clause(sentence, span):
    assert _units(_INTRO + sentence) == [(span, "Nina Vale")]


def test_a_participle_after_a_dash_continues_the_speakers_words():
    text = _INTRO + "Vale said the park would reopen in May – adding that new lights would be fitted."
    assert _units(text) == [
        ("the park would reopen in May", "Nina Vale"),
        ("new lights would be fitted", "Nina Vale"),
    ]


def test_claims_reported_as_a_noun_take_the_by_phrase_as_speaker():
    text = ("Tom Reed edits the Harrowby Post. Following reports by the Harrowby Post that the mayor is "
            "open to the idea, a spokesperson for Harrowby Council said that there were no plans.")
    assert _units(text) == [
        ("the mayor is open to the idea", "Harrowby Post"),
        ("there were no plans", "Harrowby Council"),
    ]


def test_a_disclosure_by_a_role_names_the_appositive_person():
    text = (_INTRO + "The news follows last week's disclosure by the chief constable of the county, "
            "Nina Vale, that her officers no longer caution young cannabis users.")
    assert _units(text) == [("her officers no longer caution young cannabis users", "Nina Vale")]


def test_a_passive_by_phrase_is_no_nominal_frame():
    assert _units("The park was closed by the council that year after a long fight.") == []


def test_a_possessive_call_for_belongs_to_its_owner():
    text = ("Ed Dunn directs research at the Orrin Trust. Ada Pike is the mayor. "
            "Ed Dunn commented on Ada Pike's call for decriminalisation of cannabis.")
    assert _units(text) == [("decriminalisation of cannabis", "Ada Pike")]


def test_a_postposed_attribution_before_an_adjunct_is_a_unit():
    text = _INTRO + "Needle exchanges should open every day of the week, Nina Vale has urged after successful trials."
    assert _units(text) == [("Needle exchanges should open every day of the week", "Nina Vale")]


def test_an_adjunct_after_said_is_not_the_speech():
    text = _INTRO + "The new drug will be banned within weeks, Nina Vale said, as new figures showed that more people had died."
    assert _units(text) == [("The new drug will be banned within weeks", "Nina Vale")]


def test_a_feeling_described_is_not_speech():
    assert _units(_INTRO + "She has described her relief and surprise at the decision.") == []
    assert _units(_INTRO + "She described the scheme as a lifeline for families.") == [
        ("the scheme as a lifeline for families", "Nina Vale")]


def test_but_and_a_new_named_subject_end_the_clause_and_start_a_unit():
    text = ("Tom Reed runs the Harrowby Trust. Harrowby Council said it had yet to discuss the cuts with "
            "ministers, but Tom Reed criticised the cuts as short-sighted.")
    assert _units(text) == [
        ("it had yet to discuss the cuts with ministers", "Harrowby Council"),
        ("the cuts as short-sighted", "Tom Reed"),
    ]


def test_but_and_a_lower_case_word_does_not_end_the_clause():
    text = _INTRO + "Vale said the plan was costly, but worth trying in the county."
    assert _units(text) == [("the plan was costly, but worth trying in the county", "Nina Vale")]


def test_a_verb_inside_an_if_clause_is_no_claim():
    text = _INTRO + "Asked if she supported decriminalisation of cannabis for personal use, Vale told the panel it was a matter for MPs."
    assert _units(text) == [("it was a matter for MPs", "Nina Vale")]

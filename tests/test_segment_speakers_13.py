"""Speaker names and subjects read off invented probes and the tuning halves in round 12k of issue 12.

INVENTED TEST DATA: every name, body and sentence below was written for these tests (the
surnames that are also English words are chosen for that reason, not after anyone).
"""

import pytest

from stance.segment import segment_text

from segment_helpers import unit_fields

speakers = unit_fields("kind", "speaker")


@pytest.mark.parametrize("name", ["Ada May", "Ivo Why", "Cara West"])
def test_a_surname_that_is_also_a_word_is_read_after_a_known_first_name(name):
    text = (f"Raids were carried out last week.\n\n{name} said: \u201cGive us information and we will act on it.\u201d\n\n"
            f"{name.split()[0]} said the raids had cut crime across the estate.")
    assert speakers(text) == [("direct", name), ("indirect", name)]


def test_a_titled_surname_that_is_also_a_word_is_the_person_named_before():
    text = ("Sergeant Ivo Why told the Gazette that the raids had cut crime.\n\n"
            "Sgt Why said closure orders were a way of keeping dealers out.\n\n"
            "Mrs May, the clinic manager, said: \u201cWe need more beds.\u201d")
    got = speakers(text)
    assert got[:2] == [("indirect", "Ivo Why"), ("indirect", "Ivo Why")]
    assert got[2] == ("direct", "May")


def test_a_hyphenated_first_name_carries_the_gender_of_its_first_part():
    text = ("THE mother of a teenager who died after taking ecstasy is demanding a meeting with the "
            "Home Secretary to campaign for drugs to be regulated.\n\n"
            "Anne-Marie Kestle, 43, spoke after the inquest and said she wanted to meet Ada Rudd "
            "to discuss changes to drugs laws.")
    assert [spk for _, spk in speakers(text)] == ["Anne-Marie Kestle", "Anne-Marie Kestle"]


def test_the_subject_after_a_finished_clause_is_the_speaker_not_the_first_name_of_the_sentence():
    text = ("Ada Rudd, the home secretary, made no secret of the fact that she had no enthusiasm "
            "for the project, and when it was published in October, Conservative ministers "
            "signalled that they would ignore it.")
    got = speakers(text)
    assert got and all(spk.lower() != "ada rudd" for _, spk in got)


@pytest.mark.parametrize("sentence", [
    "Ada Rudd, jailed in 2010, said that the system had failed her.",
    "Ada Rudd, the chair, said that the system had failed her.",
    "Ada Rudd, who was jailed in 2010, said that the system had failed her.",
])
def test_an_appositive_before_the_verb_still_leaves_the_first_name_the_speaker(sentence):
    assert speakers(sentence) == [("indirect", "Ada Rudd")]


@pytest.mark.parametrize("text", [
    "Ada Rudd said: \u201cThe war on drugs has failed,\u201d adding that it has filled our jails.",
    "Ada Rudd said: \u201cThe war on drugs has failed,\u201d adding it has filled our jails.",
    "\u201cThe war on drugs has failed,\u201d Ada Rudd said, adding it has filled our jails.",
    "Ada Rudd said the war on drugs had failed, adding it has filled our jails.",
])
def test_adding_a_clause_after_a_quotation_or_a_clause_is_reported_speech(text):
    got = [(q.kind, q.speaker, q.text) for q in segment_text(text) if q.kind == "indirect"]
    assert got[-1] == ("indirect", "Ada Rudd", "it has filled our jails")


@pytest.mark.parametrize("text", [
    "Ada Rudd praised the officers, adding to the pressure on ministers who have cut budgets.",
    "Ada Rudd backed the scheme, adding a further two million pounds to the budget.",
])
def test_adding_with_no_clause_reports_nothing_more(text):
    assert [q.text for q in segment_text(text) if q.text.startswith(("to the", "a further"))] == []


@pytest.mark.parametrize("text", [
    "The Kell Trust said in a written statement the scheme had saved lives.",
    "Ada Rudd said in an interview with the Gazette the scheme had saved lives.",
    "Ada Rudd said in a letter to the council that the scheme had saved lives.",
])
def test_where_the_words_were_given_is_not_part_of_them(text):
    assert [q.text for q in segment_text(text)] == ["the scheme had saved lives"]


@pytest.mark.parametrize("text", [
    "Ada Rudd disagreed, saying the figures were wrong.",
    "Ada Rudd echoed the call, saying the figures were wrong.",
])
def test_saying_after_a_verb_that_reports_nothing_has_the_main_subject(text):
    assert speakers(text) == [("indirect", "Ada Rudd")]


def test_a_clause_inside_a_pair_of_dashes_ends_at_the_second_and_the_verb_after_it_keeps_the_subject():
    text = ("Ivo Baker \u2013 who resigned as a minister, saying he could no longer work with Ada Rudd \u2013 "
            "said the government now had evidence of what works.")
    got = [(q.speaker, q.text) for q in segment_text(text)]
    assert got == [("Ivo Baker", "he could no longer work with Ada Rudd"),
                   ("Ivo Baker", "the government now had evidence of what works")]


@pytest.mark.parametrize("text, speaker, stype", [
    ("Ada Rudd died in May.\n\nHer family said: \u201cShe was a wonderful daughter.\u201d", "her family", "group"),
    ("Ada Rudd died in May.\n\nMiss Rudd's family said she was a wonderful daughter.", "Miss Rudd's family", "group"),
    ("Ada Rudd died in May.\n\nThe family said she was a wonderful daughter.", "the family", "group"),
    ("Ada Rudd died in May.\n\nHer mother said she was a wonderful daughter.", "her mother", "unnamed"),
    ("Ada Rudd was jailed in May.\n\nMiss Rudd's lawyer said she would appeal.", "Miss Rudd's lawyer", "unnamed"),
])
def test_a_relative_or_lawyer_speaks_as_written_never_as_the_person_they_belong_to(text, speaker, stype):
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [(speaker, stype)]


def test_an_appositive_name_still_wins_over_the_relative():
    text = "Ada Rudd died in May.\n\nHer mother, Cara Rudd, said she was a wonderful daughter."
    assert [q.speaker for q in segment_text(text)] == ["Cara Rudd"]


def test_a_pronoun_after_a_relative_s_quotation_is_the_relative():
    text = ("Ada Rudd died in May.\n\nHer father said: \u201cShe was my world.\u201d\n\nShe was 19.\n\n"
            "He added: \u201cI miss her every day.\u201d")
    assert [q.speaker for q in segment_text(text)] == ["her father", "her father"]


def test_an_adverb_ending_is_not_read_into_a_name_ending_in_ly():
    assert speakers("The Welsh Assembly said the plan would save lives.") == [("indirect", "Welsh Assembly")]


def test_a_statement_after_a_colon_without_marks_is_a_unit_and_its_quoted_paragraphs_follow():
    text = ("Megan Rudd died at the festival.\nIn a statement, Miss Rudd's family said: We are devastated at "
            "the loss of our wonderful daughter.\n\"Her death leaves an irreplaceable gap in our lives.\n"
            "\"We would also like to thank everyone for the flowers and cards.\"\n")
    got = [(q.speaker, q.text) for q in segment_text(text)]
    assert got == [("Miss Rudd's family", "We are devastated at the loss of our wonderful daughter"),
                   ("Miss Rudd's family", "Her death leaves an irreplaceable gap in our lives."),
                   ("Miss Rudd's family", "We would also like to thank everyone for the flowers and cards.")]


def test_a_quoted_fragment_that_opens_a_reported_clause_is_part_of_it():
    text = "Prosecutors said \u201calmost daily flights\u201d were recorded into jails in the north west.\n"
    got = [(q.kind, q.speaker, q.text) for q in segment_text(text)]
    assert got == [("indirect", "prosecutors",
                    "\u201calmost daily flights\u201d were recorded into jails in the north west")]


@pytest.mark.parametrize("text, kind", [
    ("Ada Rudd said \u201cThe scheme works and it should stay open.\u201d", "direct"),
    ("Ada Rudd said \u201cwe will not back down\u201d, adding that the council had failed.", "direct"),
    ("Ada Rudd said: \u201cThe scheme works and it should stay open.\u201d", "direct"),
])
def test_a_whole_quotation_after_said_stays_direct(text, kind):
    assert segment_text(text)[0].kind == kind


def test_first_minister_before_a_name_is_a_role_not_an_adverb():
    text = "First Minister Ivo Marsh has insisted there is no complacency in the government.\n"
    assert speakers(text) == [("indirect", "Ivo Marsh")]


@pytest.mark.parametrize("text, speaker, stype", [
    ("One of the residents said she had seen drug use behind the shops.", "one of the residents", "unnamed"),
    ("Two of his neighbours told the Gazette they had seen dealers.", "two of his neighbours", "group"),
    ("Six out of 10 magistrates surveyed said they were not confident in the service.",
     "six out of 10 magistrates surveyed", "group"),
])
def test_some_of_a_group_is_the_phrase_as_written(text, speaker, stype):
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [(speaker, stype)]


@pytest.mark.parametrize("text, unit", [
    ("Ivo Marsh wrote to the council.\n\nMr Marsh's letter says the Home Office was aware of the plan.",
     ("Ivo Marsh", "the Home Office was aware of the plan")),
    ("Ada Rudd spoke at the meeting, pointing out that the city has three times the deaths.",
     ("Ada Rudd", "the city has three times the deaths")),
    ("Ivo Marsh has written to Ada Rudd, urging her to allow testing at festivals.",
     ("Ivo Marsh", "her to allow testing at festivals")),
    ("Ada Rudd spoke to the Gazette, saying: \u201cThe war on drugs has failed.\u201d",
     ("Ada Rudd", "The war on drugs has failed.")),
])
def test_a_person_s_letter_and_a_participle_after_an_irregular_verb_speak_for_the_subject(text, unit):
    assert [(q.speaker, q.text) for q in segment_text(text)][-1] == unit


_LEAD = ("The inspectorate examined probation services in the spring.\n\nIt looked at 20 areas in England.\n\n"
         "The findings were published on Tuesday.\n\n")


@pytest.mark.parametrize("intro, speaker", [("Inspectors found:", "inspectors"), ("Ada Rudd said:", "Ada Rudd")])
def test_a_bulleted_list_after_a_reporting_verb_and_a_colon_is_the_subject_s_speech(intro, speaker):
    text = (_LEAD + intro + "\n\n \u2022 too few people on probation receive help with drugs\n"
            " \u2022 funding for treatment has been cut in half\n\nThe report was published today.")
    assert [(q.speaker, q.text) for q in segment_text(text)] == [
        (speaker, "too few people on probation receive help with drugs"),
        (speaker, "funding for treatment has been cut in half")]


def test_also_before_a_second_reporting_verb_ends_the_first_clause():
    text = "Ivo Ross described the crisis as a national disgrace, also pledged money for treatment.\n"
    assert segment_text(text)[0].text == "the crisis as a national disgrace"


@pytest.mark.parametrize("text, unit", [
    ("Festival founder Ivo Marsh has written to Home Secretary Ada Rudd urging her to allow testing.",
     ("Ivo Marsh", "her to allow testing")),
    ("Councillor Cara Hale paid tribute to Ada Wild for raising the issue and welcomed the new ban in the town.",
     ("Cara Hale", "the new ban in the town")),
])
def test_urging_an_object_and_a_second_verb_after_paid_keep_the_sentence_s_subject(text, unit):
    assert [(q.speaker, q.text) for q in segment_text(text)] == [unit]


@pytest.mark.parametrize("text, want", [
    ("Ada Rudd and her husband Ivo Rudd run the clinic.\n\nMr Rudd said the clinic would stay open.\n\n"
     "Mrs Rudd said the plan was good.", ["Ivo Rudd", "Ada Rudd"]),
    ("Release's Ada Rudd said the plan was wrong.", ["Ada Rudd"]),
    ("Labour's Ivo Marsh said the plan would save lives.", ["Ivo Marsh"]),
    ("The Kell Trust runs the clinic.\n\nThe charity said the clinic would close.", ["Kell Trust"]),
    ("The Kell Trust runs the clinic, the Gazette reported.\n\nThe charity said the clinic would close.",
     ["Gazette", "Kell Trust"]),  # (a newspaper is no charity)
])
def test_speakers_by_honorific_gender_body_possessive_and_charity_anaphor(text, want):
    assert [q.speaker for q in segment_text(text)] == want


@pytest.mark.parametrize("sentence, span", [
    ("Ada Rudd was quoted as saying the clinic would stay open.", "the clinic would stay open"),
    ("Ada Rudd is reported to have said the clinic would stay open.", "the clinic would stay open"),
    ("Ada Rudd replied that the clinic would stay open.", "the clinic would stay open"),
    ("Ada Rudd renewed calls for a royal commission on drugs.", "a royal commission on drugs"),
    ("Ada Rudd apologised for the delay to the new clinic.", "the delay to the new clinic"),
])
def test_more_frames_of_reported_speech(sentence, span):
    text = "Ada Rudd is the director of the Kell Trust.\n\n" + sentence
    assert [(q.speaker, q.text) for q in segment_text(text) if q.start > 45] == [("Ada Rudd", span)]

"""A quotation followed by its speaker's name, an appositive and the verb (issue 12j).

INVENTED TEST DATA: every name, body and sentence below was written for these tests.
"""

import pytest

from stance.segment import segment_text


@pytest.mark.parametrize("after", [
    "John Smith, chief executive of the Kell Trust, said.",
    "John Smith, 45, said.",
    "John Smith, the trust's chief executive, said on Monday.",
    "John Smith, who runs the Kell Trust, told the Gazette.",
    "Commander John Smith, the county lead for drug gangs, said.",
])
def test_a_name_then_an_appositive_then_the_verb_attributes_the_quotation(after):
    text = f"\u201cWe will act on this before the summer,\u201d {after}\n"
    got = [(q.kind, q.text, q.speaker) for q in segment_text(text)]
    assert got == [("direct", "We will act on this before the summer,", "John Smith")]


def test_an_appositive_without_a_reporting_verb_attributes_nothing():
    text = "\u201cWe will act on this before the summer,\u201d John Smith, chief executive of the Kell Trust, opened the meeting.\n"
    assert [q for q in segment_text(text) if q.kind == "direct"] == []


@pytest.mark.parametrize("after", [
    "said Kestwick's director of public health, John Smith.",
    "the trust's chief executive and co-author of the report, John Smith, tells the Gazette.",
])
def test_a_role_then_the_name_after_a_quotation_attributes_it_to_the_name(after):
    text = f"\u2018We will act on this before the summer,\u2019 {after}\n"
    got = [(q.kind, q.text, q.speaker) for q in segment_text(text)]
    assert got == [("direct", "We will act on this before the summer,", "John Smith")]


def test_hide_ad_lines_between_paragraphs_of_a_quotation_do_not_break_it():
    text = ("Chief Constable Tim Hale said the law was clear.\n\n"
            "\u201cPutting young people before the courts for possession does not solve the problem.\n\n"
            "Hide Ad\nHide Ad\n\n"
            "\u201cA more sophisticated approach combining prevention and treatment is needed.\u201d\n")
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [
        ("indirect", "Tim Hale"), ("direct", "Tim Hale"), ("direct", "Tim Hale")]


def test_a_body_named_with_a_possessive_is_registered_without_it():
    text = ("Drugs found\n\nA warrant uncovered a cannabis farm of almost 1,000 plants.\n\n"
            "Officers from Kestwick Police's neighbourhood team were joined by colleagues in the morning raid.\n\n"
            "A police spokesperson said: \u201cThanks to concerns raised by the public, the plants were found.\u201d\n")
    assert [q.speaker for q in segment_text(text)] == ["Kestwick Police"]


def test_a_bare_spokesman_just_after_a_body_spoke_is_that_body():
    text = ("The Home Office said last night it will ignore the report. \u2018We have no intention of "
            "changing our drugs laws,\u2019 a spokesman said.\n")
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [("Home Office", "organisation")] * 2


def test_a_bare_spokesman_after_a_person_spoke_stays_unnamed():
    text = "Ada Pike said she would fight on.\n\n\u2018We have no intention of changing our drugs laws,\u2019 a spokesman said.\n"
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)][-1] == ("a spokesman", "unnamed")


@pytest.mark.parametrize("lead", ["But according", "And according", "However, according", "According"])
def test_according_to_after_a_sentence_opening_conjunction(lead):
    text = f"{lead} to Kestwick MP Ada Pike, residents of the quieter streets are finding the problem closer to home.\n"
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("indirect", "Ada Pike")]


@pytest.mark.parametrize("verb", ["joked", "quipped"])
def test_a_quotation_after_a_manner_of_speaking_verb_and_a_colon(verb):
    text = f"Ada Pike {verb}: \u201cThere are probably a few hands that would go up without the cameras.\u201d\n"
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("direct", "Ada Pike")]


def test_a_paragraph_label_naming_a_person_then_an_affiliation_before_a_colon():
    text = ("Responses to the strategy\n\nAda Pike of the Kell Trust, secretariat of the Harbour Harm Reduction "
            "Group: \u2018The new drug strategy simply does not support vulnerable people.\u2019\n")
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("direct", "Ada Pike")]


def test_an_adjunct_before_a_colon_is_no_speaker():
    text = "In Kestwick, the mood was grim: \u201cThe new drug strategy simply does not support vulnerable people.\u201d\n"
    assert [q.speaker for q in segment_text(text) if "," in q.speaker or q.speaker.startswith("In ")] == []


def test_a_leading_participial_adjunct_holds_no_subject():
    text = ("The Take Home Naloxone Scheme has grown.\nWelcoming the report, Health Minister Ada Pike said: "
            "\u201cDrug misuse has a devastating effect on families throughout the county.\u201d\n")
    assert [q.speaker for q in segment_text(text)] == ["Ada Pike"]


def test_a_participle_used_as_an_adjective_still_opens_a_subject():
    text = "Campaigning group Transform, based in Bristol, said the law had failed.\n"
    assert [q.speaker for q in segment_text(text)] == ["Transform"]


@pytest.mark.parametrize("name, later", [("Peredur Owen Griffiths", "Mr Owen Griffiths"), ("Siobhán Kelly", "Ms Kelly")])
def test_welsh_irish_and_scottish_first_names_open_a_full_name(name, later):
    text = (f"A member has spoken out.\n\n{name} warned that drug deaths in the county are up by half.\n\n"
            f"{later}, who chairs the cross-party group, said the status quo would cost lives.\n")
    assert [q.speaker for q in segment_text(text) if q.kind == "indirect"][-2:] == [name, name]


@pytest.mark.parametrize("rank", ["D.I", "D.C.I.", "P.C."])
def test_a_police_rank_written_with_full_stops_is_no_part_of_the_name(rank):
    text = f"{rank} Arwyn Jones said officers had found a cannabis farm in the loft.\n"
    assert [q.speaker for q in segment_text(text)] == ["Arwyn Jones"]


@pytest.mark.parametrize("when", ["On Thursday", "Last Thursday", "In May"])
def test_a_fronted_time_without_a_comma_is_no_part_of_the_subject(when):
    text = f"Ann Rudd spoke on Monday.\n\n{when} Ms Rudd told the board that arrests had fallen sharply.\n"
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("indirect", "Ann Rudd")]


@pytest.mark.parametrize("text, speaker", [
    ("Ann Rudd visited the clinic on Monday and said the staff were doing a great job.\n", "Ann Rudd"),
    ("PC Dan Kirby is based in York, and said the shops had complied with the law.\n", "Dan Kirby"),
    ("Ann Rudd lent her support to the speech and condemned the law as cruel.\n", "Ann Rudd"),
])
def test_a_reporting_verb_after_and_shares_the_subject_of_the_verb_before(text, speaker):
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("indirect", speaker)]


def test_no_subject_before_the_first_verb_gives_no_speaker():
    assert segment_text("The figures were published and showed that deaths had risen.\n") == []


@pytest.mark.parametrize("subject", ["Superintendent Ann Rudd from Kestwick police's command team,",
                                     "Ann Rudd from the county's drugs team"])
def test_a_full_name_before_a_lower_case_affiliation_is_the_speaker(subject):
    text = f"{subject} said the operation would reduce gang crime.\n"
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("indirect", "Ann Rudd")]


def test_who_says_after_a_name_without_a_comma():
    text = ("The row began with comments by mayoral candidate Kay Barnard who says the police should take "
            "a relaxed approach.\n")
    assert [(q.kind, q.speaker) for q in segment_text(text)] == [("indirect", "Kay Barnard")]

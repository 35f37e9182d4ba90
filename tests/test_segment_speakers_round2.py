"""Speaker resolution, second round on the real-news tuning halves: patterns of English news
writing that name (or leave unnamed) the source of a quotation. Every text here is invented
(invented people, places and bodies)."""

from segment_helpers import unit_fields
from stance.segment import segment_text


units = unit_fields("kind", "speaker", "speaker_type")


# -- an unnamed witness keeps speaking while the person spoken about is named ----------------

def test_she_said_after_an_unnamed_friend_is_the_friend_not_the_woman_named():
    text = ('Dana Pirrow, 17, collapsed at the Loxley fair in June.\n\n'
            'A neighbour, who cannot be named because of her job, told the inquest she saw Dana at noon.\n\n'
            'She said: "We sat on the wall and talked for an hour."\n\n'
            '"I did not see her take anything."\n')
    got = units(text)
    assert ("direct", "A neighbour", "unnamed") in got
    assert all(spk != "Dana Pirrow" for _, spk, _ in got)


def test_the_friend_and_the_friends_statement_are_the_friend_introduced_before():
    text = ('A friend, who was with Tomas Ervin that night, said he had seemed well.\n\n'
            '"He was laughing until the end," the friend said.\n\n'
            "According to the friend's statement, the pair left the Harrow Arms at midnight.\n")
    got = units(text)
    assert ("direct", "A friend", "unnamed") in got
    assert ("indirect", "A friend", "unnamed") in got
    assert all(spk == "A friend" for _, spk, _ in got)


# -- a role noun is the person the article gave that role before, not the next person named --

def test_the_role_noun_is_the_person_titled_so_earlier_not_the_next_name():
    text = ('Northvale chief constable backs needle rooms\n\n'
            'Ann Rudd, who runs the Northvale force, visited a clinic in Ostrava.\n\n'
            'Start Quote\n\n'
            'We cannot arrest our way out of this”\n\n'
            'End Quote Ann Rudd Northvale Chief Constable\n\n'
            'On Radio Brancombe the chief constable says the clinics should open in every county.\n\n'
            'She meets one of her sharpest critics, Colm Darrow.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text) if q.text.startswith("the clinics")]
    assert got == [("indirect", "Ann Rudd", "person")]
    assert all(q.speaker != "Colm Darrow" for q in segment_text(text))


# -- a passive agent inside someone's reported words is not the next "he" ----------------------

def test_he_after_a_speaker_backing_a_paper_written_by_another_man_is_the_speaker():
    text = ('In a last letter to members, Professor Sir Owen Treloar said he had backed the paper on '
            'licensing written for the Lanton Review by Gareth Pell of the Harbour Trust.\n\n'
            '"The old approach has failed us," he told the Brancombe Herald.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text) if q.kind == "direct"]
    assert got == [("direct", "Owen Treloar", "person")]


# -- a pronoun inside a "who" clause is the person the clause is about -------------------------

def test_he_inside_a_who_clause_is_the_person_the_clause_describes():
    text = ('Rhys Kember, in charge of licensing at the Harbour Board, spoke up for Ed Varley, who runs the '
            'Lanton force and was criticised after he told councillors that fines do little good.\n')
    got = [(q.kind, q.speaker) for q in segment_text(text) if q.text.startswith("fines")]
    assert got == [("indirect", "Ed Varley")]


# -- a local unit of a body keeps its place word through the acronym ---------------------------

def test_acronym_of_a_local_unit_of_a_body_is_the_unit_as_named():
    text = ('Three shops were raided in Wexham on Tuesday.\n\n'
            'According to a statement from Wexham Harbour Watch Service (HWS), two men were held.\n\n'
            'The HWS said officers found £9,000 in cash at one of the shops.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text) if q.text.startswith("officers")]
    assert got == [("indirect", "Wexham Harbour Watch Service", "organisation")]


# -- "organisations such as X and Y": the group phrase is the speaker --------------------------

def test_organisations_such_as_two_bodies_is_the_group_phrase():
    text = ('Ministers have no plans to change the rules. Organisations such as the Kell Institute of Nursing '
            'and the Harbour Board have previously argued that the rules should be eased.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text)]
    assert got == [("indirect", "organisations such as the Kell Institute of Nursing and the Harbour Board", "group")]


# -- two people speaking together are one group speaker ----------------------------------------

def test_two_people_after_a_label_speak_together_as_a_group():
    text = ('Launching the review, Harbour Safety Leads, Lanton PCC Ann Rudd and Wexham PCC Ivo Marsh said:\n\n'
            '"We are grateful to every colleague who took part."\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text)]
    assert got == [("direct", "Ann Rudd and Ivo Marsh", "group")]


def test_two_full_names_joined_by_and_are_one_joint_speaker():
    text = 'Ann Rudd and Ivo Marsh said: "The scheme has worked."\n'
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [("Ann Rudd and Ivo Marsh", "group")]


# -- "The" that opens a sentence mid-paragraph is not part of the body's name --------------------

def test_the_opening_a_later_sentence_is_dropped_from_the_body_name():
    text = ('Pell said he would start a fund to save the venue. The Harbour Trust had said that the venue '
            'was unsafe after two incidents.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text) if q.text.startswith("the venue was")]
    assert got == [("indirect", "Harbour Trust", "organisation")]


# -- a committee written in lower case is a body, and "the committee" points back to it --------

def test_a_lower_case_committee_is_the_body_a_report_and_the_committee_stand_for():
    text = ('Deaths rose by a fifth last year, according to a report by MPs on the harbour and coastal '
            'affairs committee.\n\n'
            'The committee described the rise as "a scandal".\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text)]
    assert got == [("indirect", "harbour and coastal affairs committee", "organisation"),
                   ("indirect", "harbour and coastal affairs committee", "organisation")]


# -- "The Lanton on Sunday columnist" is the person the sentence before introduced -------------

def test_a_papers_columnist_is_the_person_just_named_not_the_next_one():
    text = ('In the film he meets one of his sharpest critics, Martin Kell. '
            'The Lanton on Sunday columnist accuses Mr Pell of going soft, saying he should arrest dealers.\n')
    got = [(q.kind, q.speaker, q.speaker_type) for q in segment_text(text)]
    assert got and all(u == ("indirect", "Martin Kell", "person") for u in got)


# -- a specific office is not someone whose role only shares its head noun --------------------

def test_the_shadow_home_secretary_is_not_a_unions_general_secretary():
    text = ('Harbour Tories promise drug review\n\n'
            'A new government would ban the powder at once, the shadow home secretary promised today.\n\n'
            'Amid growing alarm, Martin Kell said there was "a strong case" for a ban.\n\n'
            'Ivo Marsh, general secretary of the Lanton Teachers Union, said: "Schools need help."\n')
    got = [(q.speaker, q.speaker_type) for q in segment_text(text) if q.text.startswith("A new government")]
    assert got == [("Martin Kell", "person")]

"""Speaker resolution learnt from the tuning half of the second real-news batch (labels/news2):
how English news writing names the person or body behind a quotation. Every text here is
invented (invented people, places and bodies)."""

from segment_helpers import speakers, unit_fields
from stance.segment import segment_text


units = unit_fields("kind", "speaker", "speaker_type", "text")


# -- three-part names keep their first word ---------------------------------------------------

def test_three_part_name_before_a_long_affiliation_keeps_its_first_name():
    text = ('"The phones have not stopped ringing," Nadia Rose Pellow of the Tarnwick and Dunmere branch of '
            'Parents for Safer Nights Out told the Wexham Courier.\n\n'
            '"People want to talk about it at last."\n')
    assert speakers(text) == ["Nadia Rose Pellow", "Nadia Rose Pellow"]


def test_double_surname_with_a_title_is_the_full_name_given_before():
    text = ('Ines Varga Holm, the union officer for welfare, spoke to the Courier.\n\n'
            '"The debate has moved on," Ms Varga Holm said.\n')
    assert units(text) == [("direct", "Ines Varga Holm", "person", "The debate has moved on,")]


# -- a caption's word glued to a credit's name -------------------------------------------------

def test_caption_word_glued_to_a_name_is_not_part_of_the_name():
    text = ('Talia Brem Ossie Grand and his daughter MirenTalia Brem\n\n'
            'Ossie Grand was treated at a clinic in Dunmere.\n\n'
            '"It was far too easy to buy the pills," said Ms Brem.\n')
    assert units(text) == [("direct", "Talia Brem", "person", "It was far too easy to buy the pills,")]


# -- "police" is the one force the article quotes ----------------------------------------------

def test_bare_police_is_the_one_force_that_speaks_in_the_article():
    text = ('Dunmere Valley Police (DVP) said it received 40 calls in a day.\n\n'
            'Police said most of the calls were about the town centre.\n\n'
            'A statement from DVP said two men were arrested on Friday.\n')
    assert units(text) == [
        ("indirect", "Dunmere Valley Police", "organisation", "it received 40 calls in a day"),
        ("indirect", "Dunmere Valley Police", "organisation", "most of the calls were about the town centre"),
        ("indirect", "Dunmere Valley Police", "organisation", "two men were arrested on Friday"),
    ]


def test_bare_police_stays_when_the_force_is_only_in_an_officer_title():
    text = ('Inspector Owen Tregar, of Dunmere and Kelby Police, visited the school.\n\n'
            'Police said more pupils were likely to have used the drug.\n')
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [("police", "group")]


# -- pronouns and misspelt surnames ------------------------------------------------------------

def test_she_can_be_a_woman_whose_unlisted_first_name_ends_in_a():
    text = ('Councillor Sarah Pellow said she was worried about the figures.\n\n'
            'There were 40 deaths in the county last year.\n\n'
            'Ysolda Varnick, the council’s intelligence manager, said the council was also worried '
            'about the rise in deaths.\n\n'
            '“Some things have changed the risk this year,” she said.\n')
    assert speakers(text)[-1] == "Ysolda Varnick"


def test_title_and_surname_spelt_one_letter_differently_is_the_person_named():
    text = ('Ysolda Varnick, the council’s intelligence manager, spoke to the Courier.\n\n'
            'Ms Varneck said the new opioids were much stronger than users think.\n')
    assert units(text) == [("indirect", "Ysolda Varnick", "person",
                            "the new opioids were much stronger than users think")]


# -- offices and documents -----------------------------------------------------------------------

def test_the_lord_office_is_the_office_as_written_when_no_holder_is_named():
    text = ('Ministers met on Tuesday.\n\n'
            'In 2020, the Lord Advocate stated that the new courts were not yet ready to open.\n')
    assert units(text) == [("indirect", "the Lord Advocate", "unnamed",
                            "the new courts were not yet ready to open")]


def test_a_new_report_is_the_body_the_article_says_wrote_it():
    text = ('Teenagers running drugs for gangs has become the norm, a new report has warned.\n\n'
            'Mira Olsen, who chairs the Panel on Safer Streets, urged ministers to act.\n\n'
            'The panel’s final report, Out of Sight, sets out twenty steps.\n')
    assert units(text)[0] == ("indirect", "Panel on Safer Streets", "organisation",
                              "Teenagers running drugs for gangs has become the norm")


def test_a_report_stays_unnamed_when_the_article_names_no_author():
    text = 'Teenagers running drugs for gangs has become the norm, a new report has warned.\n'
    assert units(text) == [("indirect", "a new report", "unnamed",
                            "Teenagers running drugs for gangs has become the norm")]


def test_the_government_in_lower_case_is_written_government():
    assert units("The government said it had no plans to change the law.\n") == [
        ("indirect", "government", "organisation", "it had no plans to change the law")]
    assert units("The Government said it had no plans to change the law.\n")[0][1] == "Government"


def test_a_headline_abbreviation_of_a_government_is_the_name_the_article_spells_out():
    text = ('Scot Govt demands UK-wide ban on disposable vapes\n\n'
            'The Scottish Government has asked ministers in London to act within a year.\n')
    assert units(text)[0] == ("indirect", "Scottish Government", "organisation", "UK-wide ban on disposable vapes")


def test_two_names_side_by_side_in_a_caption_are_not_one_name():
    text = ('Nina Castell Oscar Brede and his son\n\n'
            'Nina Castell’s partner Oscar Brede died in 2019.\n\n'
            '"The law did not stop him from dying," she said.\n')
    assert speakers(text) == ["Nina Castell"]


# -- an unnamed spokesperson who keeps speaking --------------------------------------------------

def test_the_spokesman_and_he_are_the_unnamed_spokesman_quoted_before():
    text = ('Officers raided a house in Tarnwick.\n\n'
            'A police spokesman said officers were acting on a warrant from a magistrate.\n\n'
            'The plants were carted off in a van.\n\n'
            'The spokesman said that there were 110 plants in the house.\n\n'
            'He added: "Such raids always draw comment online."\n')
    assert units(text) == [
        ("indirect", "a police spokesman", "unnamed", "officers were acting on a warrant from a magistrate"),
        ("indirect", "a police spokesman", "unnamed", "there were 110 plants in the house"),
        ("direct", "a police spokesman", "unnamed", "Such raids always draw comment online."),
    ]


def test_the_spokeswoman_is_the_body_whose_spokeswoman_spoke_before():
    text = ('A Northvale Trust spokeswoman said the clinic would stay open.\n\n'
            'Figures show 40 people used it last year.\n\n'
            'The spokeswoman said: "Every death is a tragedy."\n')
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [
        ("Northvale Trust", "organisation"), ("Northvale Trust", "organisation")]


def test_a_name_with_from_and_a_unit_before_said_is_the_person():
    text = ('Detective Inspector Ivo Brack from the Northvale Police Organised Crime unit said the '
            'seizure was part of a long inquiry.\n')
    assert units(text) == [("indirect", "Ivo Brack", "person", "the seizure was part of a long inquiry")]


def test_a_name_after_as_in_a_headline_is_the_speaker():
    text = ('Northvale Trust reports 18 deaths amid rise in offences as Chief Superintendent Ivo Brack '
            'says the numbers are of ‘real concern’\n\nMore officers will patrol the town.\n')
    assert units(text) == [("indirect", "Ivo Brack", "person", "the numbers are of ‘real concern’")]


# -- collectives and a body's document -----------------------------------------------------------

def test_a_named_bodys_statement_is_the_body():
    text = ('Dunmere Valley Police (DVP) searched a house on Friday.\n\n'
            'A DVP statement says that the search was part of an ongoing inquiry into drug supply.\n')
    assert units(text)[-1] == ("indirect", "Dunmere Valley Police", "organisation",
                               "the search was part of an ongoing inquiry into drug supply")


def test_sentence_initial_collective_with_a_participle_or_group_word():
    assert units("Teaching leaders said the drug was as dangerous as heroin.\n") == [
        ("indirect", "teaching leaders", "group", "the drug was as dangerous as heroin")]
    assert units("Delegates said the motion should be sent to ministers.\n") == [
        ("indirect", "delegates", "group", "the motion should be sent to ministers")]


def test_the_spokeswoman_in_a_second_clause_is_the_body_quoted_before():
    text = ('A Northvale Trust spokeswoman said the clinic would stay open.\n\n'
            'The town recorded 40 deaths in 2018, and the spokeswoman said: “We are committed to cutting deaths.”\n')
    assert units(text)[-1] == ("direct", "Northvale Trust", "organisation", "We are committed to cutting deaths.")


def test_a_leads_the_force_is_the_force_the_next_paragraph_names():
    text = ('More officers for Tarnwick\n\n'
            'The force has admitted that it is struggling to tackle the issue\n\n'
            'Northvale Police told the Courier that it would send more officers to the town.\n')
    assert units(text)[0] == ("indirect", "Northvale Police", "organisation", "it is struggling to tackle the issue")

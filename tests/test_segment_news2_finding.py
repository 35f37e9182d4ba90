"""Recall on the second real-news batch: patterns of English news writing, on invented text."""

from segment_helpers import units as _units
from stance.wrap import is_hard_wrapped


def test_headline_and_byline_lines_ending_mid_sentence_are_no_hard_wrap():
    text = (
        "Ferry fares to rise in Dunmore\n"
        "By Tom Ashby\n"
        "Published 3rd March\n"
        "The harbour board said on Tuesday that fares on the island crossing would rise by a fifth "
        "from the summer, blaming the cost of fuel and of repairs to the old pier at Kelsey.\n"
        "Rhona Vale, the harbour master, said: \u201cWe have held the fares for six years and cannot hold them "
        "any longer without cutting sailings.\u201d\n"
    )
    assert not is_hard_wrapped(text)
    got = _units(text)
    assert ("direct", "Rhona Vale",
            "We have held the fares for six years and cannot hold them any longer without cutting sailings.") in got


def test_a_line_that_commented_on_something_introduces_the_quotations_below():
    text = (
        "Tolls will ruin the valley, says the trust\n"
        "Mara Quill, Director of Policy at the Fenwick Trust, commented on the county plan for road tolls\n"
        "\u201cWe looked at six towns that brought in tolls. Every one of them lost trade in its "
        "high street within two years.\n"
        "\u201cThere is no case for it. The valley would pay the price.\u201d\n"
    )
    got = _units(text)
    assert ("direct", "Mara Quill",
            "We looked at six towns that brought in tolls. Every one of them lost trade in its high street within two years.") in got
    assert ("direct", "Mara Quill", "There is no case for it. The valley would pay the price.") in got


def test_have_long_warned_that():
    text = (
        "Clinics under strain.\n\n"
        "Doctors and nurses have long warned that rural clinics in Dunmore face extra strain "
        "because of the distances involved.\n"
    )
    assert _units(text) == [("indirect", "doctors and nurses",
                             "rural clinics in Dunmore face extra strain because of the distances involved")]


def test_space_before_a_closing_mark_is_left_out_of_the_span():
    text = (
        "Bridge to shut.\n\n"
        "Engineer Ola Brenn said: \u201cThe bridge will shut for a month while we mend the deck. \u201d\n"
    )
    assert _units(text) == [("direct", "Ola Brenn", "The bridge will shut for a month while we mend the deck.")]


def test_words_described_as_or_branded_by_a_speaker_are_direct_speech():
    text = (
        "Toll plan attacked.\n\n"
        "The toll plan was described as \"a reckless waste of money\" by Councillor Mina Hale, "
        "the council's transport lead.\n\n"
        "Ann Bell was arrested in Kelsey Square, an area which has been branded \"grim, bleak\" "
        "by the Dunmore Gazette.\n"
    )
    assert _units(text) == [("direct", "Mina Hale", "a reckless waste of money"),
                            ("direct", "Dunmore Gazette", "grim, bleak")]


def test_a_term_in_quotation_marks_with_no_by_is_no_unit():
    text = "Toll plan.\n\nThe square has been branded \"grim\" for years and the toll was called \"fair\".\n"
    assert _units(text) == []


def test_a_document_speaks_for_the_body_that_issued_it():
    text = (
        "Toll plan.\n\n"
        "A council motion, raised by the Dunmore youth wing Fenwick Youth, called on the Valley "
        "Transport Board to scrap the tolls.\n\n"
        "\"We do not want drivers to pay twice for one road,\" the motion said.\n"
    )
    got = _units(text)
    assert ("direct", "Fenwick Youth", "We do not want drivers to pay twice for one road,") in got


def test_a_quotation_the_white_paper_suggests():
    text = (
        "Toll plan.\n\n"
        "In a new document the Valley Transport Board has proposed tolls on three bridges.\n"
        "\"Tier 1: a driver should pay a small fee at the first bridge, which would fund the buses,\" "
        "the white paper suggests.\n"
    )
    got = _units(text)
    assert ("direct", "Valley Transport Board",
            "Tier 1: a driver should pay a small fee at the first bridge, which would fund the buses,") in got


def test_warned_a_listener_that_starts_after_that():
    text = "Sheds raided.\n\nThe Kelsey Trust warned landlords that gangs can rent sheds for the crops.\n"
    assert _units(text) == [("indirect", "Kelsey Trust", "gangs can rent sheds for the crops")]


def test_a_phrase_object_ends_before_an_adjunct_before_doing_something():
    text = (
        "Tolls plan.\n\n"
        "Ms Rhona Vale accused transport chief Ian Holt of having 'wrecked the valley for good' "
        "before heading to a meeting with him.\n"
    )
    assert _units(text) == [("indirect", "Rhona Vale", "transport chief Ian Holt of having 'wrecked the valley for good'")]


def test_made_clear_reports_a_clause():
    text = (
        "Tolls plan.\n\n"
        "The board's chief spokesman, Ian Holt, also made clear the board had \"no plans to alter the tolls\".\n"
    )
    assert _units(text) == [("indirect", "Ian Holt", "the board had \"no plans to alter the tolls\"")]


def test_a_called_for_object_ends_at_and_wants():
    text = (
        "Tolls plan.\n\n"
        "Kelsey Police Commissioner Ian Holt is calling for drivers to be treated fairly, and wants "
        "them to be given free passes.\n"
    )
    assert _units(text) == [("indirect", "Ian Holt", "drivers to be treated fairly")]


def test_a_clause_ending_in_a_quotation_then_the_speaker():
    text = (
        "THE Transport Office\u2019s refusal to talk about the valley plans for new tolls "
        "\u201cwill hurt the island,\u201d the Fenwick Party has warned.\n"
        "On Friday, the minister unveiled a new policy paper.\n"
    )
    assert _units(text) == [("indirect", "Fenwick Party",
                             "THE Transport Office\u2019s refusal to talk about the valley plans for new tolls "
                             "\u201cwill hurt the island")]


def test_the_acronym_of_a_body_the_article_spells_out_speaks():
    text = (
        "Tolls plan.\n\n"
        "The Fenwick Party of Alba (FPA) met on Friday.\n\n"
        "Plans for new tolls will hurt the island, the FPA has warned.\n"
    )
    assert _units(text) == [("indirect", "Fenwick Party of Alba", "Plans for new tolls will hurt the island")]


def test_that_as_the_subject_of_the_reported_clause_is_kept():
    text = (
        "Tolls plan.\n\n"
        "And Mr Ian Holt claimed that means the number of crashes could be even higher.\n\n"
        "Mr Holt claimed that a toll was a tax on the island.\n"
    )
    got = _units(text)
    assert [(k, t) for k, _, t in got] == [
        ("indirect", "that means the number of crashes could be even higher"),
        ("indirect", "a toll was a tax on the island"),
    ]


def test_said_yesterday_starts_after_the_day_and_a_dash_despite_ends_the_clause():
    text = (
        "Tolls plan.\n\n"
        "Dunmore Council said yesterday it was yet to meet the board to discuss the tolls.\n\n"
        "The Transport Office has insisted it has \u201cno plans\u201d to scrap the tolls \u2013 despite "
        "a second committee now calling for this.\n"
    )
    assert _units(text) == [
        ("indirect", "Dunmore Council", "it was yet to meet the board to discuss the tolls"),
        ("indirect", "Transport Office", "it has \u201cno plans\u201d to scrap the tolls"),
    ]


def test_a_single_mark_after_a_colon_opens_a_quotation_whatever_the_case():
    text = (
        "Bridge shut.\n\n"
        "Rhona Vale, a teacher from Kelsey, insisted: \u2018it\u2019s the only bridge we have and the board "
        "has taken it away \u2013 it\u2019s not some sort of toy for tourists.\n"
    )
    assert _units(text) == [("direct", "Rhona Vale",
                             "it\u2019s the only bridge we have and the board has taken it away \u2013 "
                             "it\u2019s not some sort of toy for tourists.")]


def test_a_long_quotation_ending_a_clause_before_she_says_is_direct_speech():
    text = (
        "Tolls plan.\n\n"
        "Rhona Vale runs the ferry. Among the worst problems have been the \u2018changes to the timetable "
        "without enough notice, and the loss of the crews who were tired and left,\u2019 she says.\n"
    )
    assert _units(text) == [("direct", "Rhona Vale",
                             "changes to the timetable without enough notice, and the loss of the crews "
                             "who were tired and left,")]


def test_a_warned_object_with_no_verb_ends_before_after():
    text = (
        "Tolls plan.\n\n"
        "Traffic officers have warned unsuspecting drivers about gangs setting up fake toll booths "
        "after the latest raid in the valley.\n"
    )
    assert _units(text) == [("indirect", "traffic officers",
                             "unsuspecting drivers about gangs setting up fake toll booths")]


def test_although_he_is_ends_a_reported_clause():
    text = (
        "Tolls plan.\n\n"
        "Ian Holt says the toll scheme is a fair way to fund the buses, although he is clearly "
        "tired of paying it twice a day.\n"
    )
    assert _units(text) == [("indirect", "Ian Holt", "the toll scheme is a fair way to fund the buses")]


def test_a_body_published_a_report_that_said():
    text = (
        "Tolls plan.\n\n"
        "In October, the Valley Transport Commission published a report that said tolls should be "
        "dropped and buses should be free.\n"
    )
    assert _units(text) == [("indirect", "Valley Transport Commission",
                             "tolls should be dropped and buses should be free")]


def test_some_have_called_on():
    text = (
        "Tolls plan.\n\n"
        "There has been a rise in crashes, and some have called on Kelsey Police to do more to tackle the issue.\n"
    )
    assert _units(text) == [("indirect", "some", "Kelsey Police to do more to tackle the issue")]


def test_a_body_decided_a_clause_but_not_decided_to():
    text = (
        "Tolls plan.\n\n"
        "After a long hearing, Kelsey Council decided checks by staff at the bridge had been "
        "\u201cpoor and in breach of the licence\u201d.\n\n"
        "Kelsey Council decided to close the bridge.\n"
    )
    assert _units(text) == [("indirect", "Kelsey Council",
                             "checks by staff at the bridge had been \u201cpoor and in breach of the licence\u201d")]


def test_it_further_adds_that():
    text = (
        "Tolls plan.\n\n"
        "The Valley Transport Board said drivers would pay at the bridge. It further adds that "
        "drivers who do not pay will be fined.\n"
    )
    got = _units(text)
    assert ("indirect", "Valley Transport Board", "drivers who do not pay will be fined") in got

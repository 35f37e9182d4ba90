"""Round 12g, package A: direct-quote frames, continued quotations and pronoun speakers,
as general patterns of English news writing. Every text here is invented."""

from segment_helpers import units


def test_a_time_adverb_between_the_reporting_verb_and_the_colon():
    text = "Mr Olsen said afterwards: “We need to keep working on this with the families.”\n"
    assert units(text) == [("direct", "Olsen", "We need to keep working on this with the families.")]


def test_with_a_named_person_saying_colon():
    text = ("A review found the clinic had been short of staff, with the surgeon Ada Pike saying: "
            "“The wards were running on goodwill alone.”\n")
    assert ("direct", "Ada Pike", "The wards were running on goodwill alone.") in units(text)


def test_a_participle_frame_takes_the_subject_of_the_main_clause():
    text = ("And coroner Ivo Brack echoed the call, saying: “This is the third death at the venue "
            "that I have dealt with.”\n")
    assert units(text) == [
        ("direct", "Ivo Brack", "This is the third death at the venue that I have dealt with.")]
    # a participle that reports nothing, with no speaker in the main clause: no unit
    assert units("The weather turned, with rain falling: “heavy and cold” was the forecast.\n") == []


def test_shared_after_a_quotation_names_the_speaker():
    text = ("“It matters that we can open again this year,” shared Nell Varga, director of the "
            "trust, in a statement.\n")
    assert units(text) == [("direct", "Nell Varga", "It matters that we can open again this year,")]


def test_relative_who_said_after_a_place_takes_the_antecedent():
    text = ("It was a view echoed by Tom Reddy, from Kestwick, who said: “You do not believe in "
            "evidence at all, I take it?”\n")
    assert units(text) == [
        ("direct", "Tom Reddy", "You do not believe in evidence at all, I take it?")]


def test_a_paragraph_without_marks_continues_an_open_quotation():
    text = ("Ann Lee, the director, said: “The old approach has failed for decades and will keep "
            "failing.\n\nWe need a new approach that treats drug use as a health issue first.\n\n"
            "“I will write to the minister this week.”\n")
    assert units(text) == [
        ("direct", "Ann Lee", "The old approach has failed for decades and will keep failing."),
        ("direct", "Ann Lee", "We need a new approach that treats drug use as a health issue first."),
        ("direct", "Ann Lee", "I will write to the minister this week."),
    ]
    # a paragraph that ends with the closing mark continues it too
    text = ("Ann Lee said: “The old approach has failed for decades and will keep failing.\n\n"
            "And the centres will close at the end of the year without funding.”\n\nThe board met.\n")
    assert units(text)[1] == (
        "direct", "Ann Lee", "And the centres will close at the end of the year without funding.")


def test_a_narrative_paragraph_after_an_open_quotation_is_not_speech():
    text = ("Ann Lee said: “The old approach has failed for decades and will keep failing.\n\n"
            "The charity was founded in 1990 and runs four centres in the county.\n")
    assert units(text) == [
        ("direct", "Ann Lee", "The old approach has failed for decades and will keep failing.")]


def test_she_and_the_woman_point_back_to_an_unnamed_speaker():
    text = ("A mother of three said the street had changed beyond recognition in two years.\n\n"
            "The woman said dealers now stood outside her door every night of the week.\n\n"
            "Speaking to the Echo, the woman, from Kestwick, said she was afraid to go out.\n\n"
            'She said: "I have called the police many times and nothing has happened at all."\n')
    assert units(text) == [
        ("indirect", "a mother of three", "the street had changed beyond recognition in two years"),
        ("indirect", "a mother of three", "dealers now stood outside her door every night of the week"),
        ("indirect", "a mother of three", "she was afraid to go out"),
        ("direct", "a mother of three", "I have called the police many times and nothing has happened at all."),
    ]


def test_a_pronoun_after_someone_named_since_is_not_the_unnamed_speaker():
    # the gender does not fit: "the man" is not the mother
    text = ("A mother of three said the street had changed beyond recognition in two years.\n\n"
            "The man said dealers now stood outside his door every night of the week.\n")
    assert [u[1] for u in units(text)] == ["a mother of three"]
    # a person named in between: "she" is not guessed to be the unnamed speaker
    text = ("A mother of three said the street had changed beyond recognition in two years.\n\n"
            "Ivo Brack runs the shop on the corner of the street.\n\n"
            "She said dealers now stood outside the door every night of the week.\n")
    assert [u[2] for u in units(text)] == ["the street had changed beyond recognition in two years"]
    # with nobody named since, she is the mother
    text = ("A mother of three said the street had changed beyond recognition in two years.\n\n"
            "She said dealers now stood outside the door every night of the week.\n")
    assert [u[1] for u in units(text)] == ["a mother of three", "a mother of three"]


def test_she_after_a_spokesperson_for_a_body_is_that_body():
    text = ("The Harbour Trust runs four centres in the county.\n\n"
            "A spokesperson for the trust said it had to make savings of around a fifth this year.\n\n"
            "She said: “The uncertainty over future funding does not help the services at all.”\n")
    got = units(text)
    assert got[-1] == ("direct", "Harbour Trust",
                       "The uncertainty over future funding does not help the services at all.")


def test_he_says_after_a_quotation_points_back_to_an_unnamed_speaker():
    text = ("Another man says the course is “a real step forward” for the town.\n\n"
            "“There is no point punishing people who have hurt nobody else,” he says.\n")
    assert units(text)[-1] == (
        "direct", "another man", "There is no point punishing people who have hurt nobody else,")

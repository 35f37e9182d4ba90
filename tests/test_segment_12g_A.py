"""Round 12g, package A: direct-quote frames, continued quotations and pronoun speakers,
as general patterns of English news writing. Every text here is invented."""

from stance.segment import segment_text


def units(text):
    return [(q.kind, q.speaker, q.text) for q in segment_text(text)]


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

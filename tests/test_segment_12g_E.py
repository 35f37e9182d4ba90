"""Package E of round 12g: reported speech set out as a bulleted list after a colon."""

from segment_helpers import unit_fields

LIST = (
    "Trenwick council met on Monday to discuss the harbour.\n\n"
    "Councillor Mara Tollen said the harbour plan had been rushed.\n\n"
    "Tollen’s three key demands are:\n\n"
    "• A full review of the harbour budget before any work starts.\n\n"
    "• Public meetings in every ward of the town\n\n"
    "The council will meet again next week to discuss the budget.\n"
)


_units = unit_fields("text", "kind", "speaker")


def test_each_bullet_after_a_list_intro_is_the_speakers_reported_speech():
    got = _units(LIST)
    assert ("A full review of the harbour budget before any work starts", "indirect", "Mara Tollen") in got
    assert ("Public meetings in every ward of the town", "indirect", "Mara Tollen") in got


def test_the_list_heading_and_the_paragraph_after_the_list_are_no_units():
    texts = [t for t, _, _ in _units(LIST)]
    assert not any("demands" in t for t in texts)
    assert not any("meet again" in t for t in texts)


def test_a_subject_who_made_recommendations_speaks_the_items():
    text = ("Dr Osric Penhale chaired the panel on river pollution.\n\n"
            "He outlined four recommendations to ministers:\n\n"
            "• Fining water firms that spill sewage into rivers.\n")
    assert ("Fining water firms that spill sewage into rivers", "indirect", "Osric Penhale") in _units(text)


def test_bullets_after_a_colon_with_no_list_noun_are_no_units():
    text = ("Dr Osric Penhale chaired the panel on river pollution.\n\n"
            "The panel met in three towns:\n\n"
            "• Kestwick on the northern coast of the county.\n")
    assert _units(text) == []


def test_a_report_calling_for_something_is_its_issuers_reported_speech():
    text = ("Following a VUA report calling for cheaper bus fares, the Orrin council has "
            "opened a review of its transport budget.\n")
    assert ("cheaper bus fares", "indirect", "VUA") in _units(text)


def test_the_body_that_published_a_named_report_speaks_its_call():
    text = ("In March, the Kestwick Trust published a major report, Safer Rivers, calling for "
            "stricter limits on sewage spills into rivers.\n")
    got = _units(text)
    assert ("stricter limits on sewage spills into rivers", "indirect", "Kestwick Trust") in got


def test_a_report_that_only_exists_calls_for_nothing():
    text = "The report ran to forty pages and took two years to write.\n"
    assert _units(text) == []

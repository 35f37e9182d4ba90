"""Round 12g, package D: who the speaker is, as general patterns of English news writing.
Every text here is invented."""

from segment_helpers import units


def test_a_subject_pronoun_closing_the_segment_is_the_subject():
    text = ("Councillor Rhodri Teague spoke to the board on Monday.\n\n"
            "Documenting further incidents around Larkfield Square and around Mill Avenue he added: "
            "“The corner has become a market at night.”\n")
    got = units(text)
    assert got and all(speaker != "Larkfield Square" for _, speaker, _ in got)
    assert ("direct", "Rhodri Teague", "The corner has become a market at night.") in got


def test_the_sheriff_is_the_sheriff_named_before_not_the_person_told():
    text = ("Sheriff Colin Dunmore jailed Tom Ferry for two years.\n"
            "The sheriff told Ferry: “People in this town are dying because of cocaine.”\n")
    assert units(text) == [("direct", "Colin Dunmore", "People in this town are dying because of cocaine.")]


def test_the_shadow_holder_of_an_office_is_not_the_office_holder():
    text = ("Vapes will be banned by spring, Ruth Calloway said.\n\n"
            "The ban will cover every shop, the Home Secretary said.\n\n"
            "Shadow Home Secretary Owen Pritchard said: “This is overdue.”\n")
    got = units(text)
    assert ("direct", "Owen Pritchard", "This is overdue.") in got
    assert not any(speaker == "Owen Pritchard" and "every shop" in t for _, speaker, t in got)
    # the shadow home secretary is still "the shadow home secretary"
    text = ("Shadow Home Secretary Owen Pritchard visited the town.\n\n"
            "The ban came too late, the shadow home secretary said.\n")
    assert ("indirect", "Owen Pritchard", "The ban came too late") in units(text)

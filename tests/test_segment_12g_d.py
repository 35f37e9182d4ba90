"""Round 12g, package D: who the speaker is, as general patterns of English news writing.
Every text here is invented."""

from stance.segment import segment_text


def units(text):
    return [(q.kind, q.speaker, q.text) for q in segment_text(text)]


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

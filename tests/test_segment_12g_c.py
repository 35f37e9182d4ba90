"""Round 12g, package C: unnamed and collective sources written as noun phrases."""

from segment_helpers import unit_fields
from stance.sources import collective_source


_speakers = unit_fields("speaker", "speaker_type")


def test_institution_noun_capitalised_by_the_sentence_is_a_group():
    got = _speakers("Jail chiefs say a new powder is being posted into cells.\n\n"
                    "Party members said the rule was \"a dead end\".")
    assert ("jail chiefs", "group") in got
    assert ("party members", "group") in got


def test_party_or_place_before_a_group_head_stays_a_name():
    # "Labour", "Welsh": a body's or a place's name, not a common noun capitalised by the sentence
    assert collective_source("Welsh ministers") is None
    assert collective_source("Jail chiefs") == ("jail chiefs", "group")


def test_described_person_the_article_never_names_is_unnamed():
    text = ("Storm misery\n\nThe mother of a young farmer who was hurt in the flood said the "
            "council had \"left them alone\".\n\nThe river rose in an hour.")
    assert _speakers(text)[0] == ("the mother of a young farmer", "unnamed")


def test_definite_person_without_a_describing_phrase_is_left_to_the_caller():
    assert collective_source("the mother") is None
    assert collective_source("the mother of Tom Vell") is None
    assert collective_source("THE mother of a teenager") == ("the mother of a teenager", "unnamed")


def test_the_woman_and_she_point_back_to_the_described_person():
    text = ("Storm misery\n\nThe mother of a young farmer who was hurt in the flood said the "
            "council had \"left them alone\".\n\nThe woman said the river rose in an hour.\n\n"
            "Figures show 40 homes were hit.\n\nShe said her son had been \"very brave\".")
    got = _speakers(text)
    assert len(got) == 3
    assert {s for s, _ in got} == {"the mother of a young farmer"}


def test_the_woman_with_no_described_person_before_gives_no_unit():
    text = "Storm misery\n\nThe river rose in an hour.\n\nThe woman said the council had failed."
    assert _speakers(text) == []


def test_lord_office_and_mla_letters_are_not_part_of_the_name():
    text = ("Budget row\n\nLord Advocate Mary Venn KC said the law was clear.\n\n"
            "Tom Rusk MLA said the plan was \"reckless\".\n\n"
            "Lord Ramsbotham said it was wrong.")
    got = [s for s, _ in _speakers(text)]
    assert got == ["Mary Venn", "Tom Rusk", "Ramsbotham"]


def test_a_party_mla_in_the_lede_is_the_member_named_next():
    text = ("Budget row\n\nA Lanton MLA has called for a review of the rules.\n\n"
            "Tom Rusk MLA said the plan was \"reckless\".")
    assert [s for s, _ in _speakers(text)] == ["Tom Rusk", "Tom Rusk"]


def test_a_document_owned_by_a_body_or_person_speaks_for_them():
    text = ("Drug row\n\nThe Vice-Chancellor, Sir Tom Vell, has declared that the campus will be "
            "drug-free.\n\nThis is in contrast to the VUS's report, which found that 56 percent of "
            "students had used drugs.\n\nMiss Ada Rudd is the inspector.\n\n"
            "Miss Rudd's report warns that staff are at risk.")
    got = [s for s, _ in _speakers(text)]
    assert got == ["Tom Vell", "VUS", "Ada Rudd"]


def test_shares_gatherings_and_joined_groups_are_group_sources():
    text = ("Vote row\n\nA group of police commissioners called for cannabis to be banned.\n\n"
            "More than half had tried drugs – and two in five said they use drugs.\n\n"
            "Bereaved families along with campaigners demanded tougher sentences.")
    assert _speakers(text) == [
        ("a group of police commissioners", "group"),
        ("two in five", "group"),
        ("bereaved families along with campaigners", "group"),
    ]


def test_a_survey_percentage_and_a_verb_inside_the_phrase_are_no_group():
    assert collective_source("53 percent of voters") is None
    assert collective_source("families along with campaigners have reacted angrily and") is None
    assert collective_source("a group of Lanton Police") is None

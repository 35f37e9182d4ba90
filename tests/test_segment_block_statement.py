"""A statement printed as a block after "X said:" without quotation marks (codebook 1.4).

INVENTED TEST DATA: every name, body and sentence below was written for these tests.
"""

from segment_helpers import unit_fields


units = unit_fields("kind", "text", "speaker")


def test_each_paragraph_of_the_block_is_a_direct_unit_until_the_reporters_text():
    text = ("The Home Office has banned the drugs.\n\nPolicing minister Ada Pike said:\n\n"
            "We cannot tolerate the open sale of these substances. That is why we are acting.\n\n"
            "This law will change the way we tackle these drugs for good.\n\n"
            "The National Crime Agency will keep working with websites to close them.\n")
    assert units(text) == [
        ("direct", "We cannot tolerate the open sale of these substances. That is why we are acting.", "Ada Pike"),
        ("direct", "This law will change the way we tackle these drugs for good.", "Ada Pike"),
    ]


def test_a_crosshead_ends_the_block():
    text = ("A Government spokesperson said:\n\nWe will carefully consider this report and its findings.\n\n"
            "In doing so, we will look at any further action.\n\nWhat happens next\n\n"
            "We understand that ministers will meet in May.\n")
    assert [u[1] for u in units(text)] == [
        "We will carefully consider this report and its findings.", "In doing so, we will look at any further action."]


def test_a_block_whose_last_paragraph_holds_the_only_closing_mark_runs_to_it():
    text = ("Bram Olsen, the charity's chief executive, said:\nSuch a rise in deaths shows the need for us to act now.\n"
            "Deaths are preventable, not inevitable, and now is the time for change.\n"
            "By working together, we have a much greater chance of saving lives.\u201d\nShare this story:\n")
    got = units(text)
    assert [spk for _, _, spk in got] == ["Bram Olsen"] * 3
    assert got[-1][1] == "By working together, we have a much greater chance of saving lives."


def test_a_heading_after_the_colon_is_no_statement():
    assert units("The council said:\n\nRoad closures\n\nThe road will be closed on Monday.\n") == []

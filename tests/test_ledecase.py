"""Leads set in capitals are read in ordinary case, offsets kept (issue 12, round 12k).

INVENTED TEST DATA: every name and sentence below was written for these tests.
"""

import pytest

from stance.ledecase import unshout_leads
from stance.segment import segment_text


@pytest.mark.parametrize("text, want", [
    ("FIRST Minister Ada Rudd has insisted", "First Minister Ada Rudd has insisted"),
    ("A CORONER has issued a warning", "A coroner has issued a warning"),
    ("THE mother of a teenager", "The mother of a teenager"),
    ("POLICE CHIEFS have warned", "Police chiefs have warned"),
    ("A BBC report says", "A BBC report says"),          # an acronym stays
    ("NHS bosses have warned", "NHS bosses have warned"),
    ("POLICE TO ENFORCE BAN", "POLICE TO ENFORCE BAN"),  # a headline all in capitals: left alone
    ("Heading\nIVO Marsh has said", "Heading\nIvo Marsh has said"),
])
def test_a_shouted_lead_is_given_ordinary_case_and_keeps_its_length(text, want):
    got = unshout_leads(text)
    assert got == want and len(got) == len(text)


def test_a_shouted_lead_names_its_speaker_and_the_unit_keeps_the_page_s_letters():
    text = "FIRST Minister Ada Rudd has insisted there is no complacency in the government.\n"
    (q,) = segment_text(text)
    assert (q.speaker, q.text) == ("Ada Rudd", "there is no complacency in the government")
    text = "BUILDING links will cut crime, the police team has said.\n"
    (q,) = segment_text(text)
    assert q.text == "BUILDING links will cut crime" and text[q.start:q.end] == q.text

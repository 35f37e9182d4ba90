"""Speakers the learned finder reads as written (stance.findspeaker) and the candidates they open.

INVENTED TEST DATA: every article, name and sentence below was written for these tests.
"""

from __future__ import annotations

import pytest

from stance import indirecttrain, learned
from stance.findspeaker import canonical_speaker, phrase_speaker
from stance.names import _Doc
from stance.segment import segment_text


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("the MPs", "the MPs"),
        ("The statement", "the statement"),
        ("Harbour members", "harbour members"),  # shaped_source's group form
        ("the mayor’s office", "the mayor’s office"),
        ("he", None),  # a pronoun the resolver could not place
        ("after the meeting", None),  # an adjunct, no subject
        ("the figures were", None),  # a verb of being
        ("the report released earlier this year in Kestwick", None),  # too long
        ("officials", None),  # one lower-case word
        ("the man", None),  # one person, pointing back: the resolvers declined it
        ("Her mother", None),  # a possessive points back too
        ("The results", None),  # a head that counts or finds
        ("The report", None),  # a document pointing back
        ("A spokesperson for the service", None),  # the spokesperson readers' business
        ("The harbour officer", None),
    ],
)
def test_phrase_speaker_reads_only_subject_shapes(phrase, expected):
    got = phrase_speaker(phrase)
    assert (got[0] if got else None) == expected


def test_canonical_speaker_gives_the_articles_full_form():
    doc = _Doc("")
    doc.add_person(0, ["Ada", "Vellmore"])
    doc.orgs.append((10, "Kestwick Harbour Trust"))
    doc.mention(20, "Plaid Vennor", "person")
    assert canonical_speaker("Vellmore", doc) == "Ada Vellmore"
    assert canonical_speaker("Kestwick Harbour", doc) == "Kestwick Harbour Trust"
    assert canonical_speaker("Plaid", doc) == "Plaid Vennor"
    assert canonical_speaker("Kestwick Harbour Trust for example", doc) == "Kestwick Harbour Trust"
    assert canonical_speaker("the trust", doc, 50) == "Kestwick Harbour Trust"
    assert canonical_speaker("the trust", doc, 5) == "the trust"  # no trust named before it
    assert canonical_speaker("Bram Tolley", doc) == "Bram Tolley"


def _cands(text: str) -> list[tuple[str, str, list[str]]]:
    page = indirecttrain.page_candidates("d1", text, [])
    return [(text[c.start : c.end], c.speaker[0], c.features) for c in page.cands]


def test_an_unresolved_subject_of_a_usable_shape_is_the_speaker_as_written():
    text = ("Clinic plans\n\nThe harbour clinic opened in March.\n\n"
            "More widely, the MPs recommended pilot schemes for clinics in every coastal county.\n")
    got = [(c, s) for c, s, f in _cands(text) if "spk_from=phrase" in f]
    assert got == [("pilot schemes for clinics in every coastal county", "the MPs")]


def test_a_verb_after_a_comma_proposes_when_no_name_follows_it():
    text = ("Clinic plans\n\nPeter Vellmore, 43, is campaigning for a new clinic, claiming the current law "
            "forces addicts to inject in the harbour alleys.\n")
    got = [(c, s) for c, s, _ in _cands(text)]
    assert ("the current law forces addicts to inject in the harbour alleys", "Peter Vellmore") in got


def test_british_doubled_forms_and_more_frame_verbs_are_read():
    assert learned._FORM_OF["signalled"] == "signal" and "labelling" in learned._forms("label")
    text = ("Clinic plans\n\nThe clinic will open its doors to every resident of the harbour district, "
            "the mayor’s office states.\n")
    got = [(c, s) for c, s, f in _cands(text) if "bias_frame=post" in f]
    assert got == [("The clinic will open its doors to every resident of the harbour district", "the mayor’s office")]


def test_told_with_no_clause_after_it_proposes_nothing(monkeypatch):
    # the candidate is proposed marked "no_clause" and the model turns it down: no unit comes out
    text = ("Clinic plans\n\nAda Vellmore spoke about the clinic. She told the harbour panel at a meeting at "
            "Kestwick Hall on Tuesday evening.\n")
    assert all("no_clause" in f for c, _, f in _cands(text) if "lemma=tell" in f)
    monkeypatch.setattr(learned, "ENABLED", True)
    assert segment_text(text) == []


def test_a_reporting_noun_before_a_reporting_verb_is_not_the_verb():
    text = "Clinic plans\n\nA recent Kestwick Trust report showed that the harbour clinic was the busiest in the county.\n"
    assert [c for c, _, f in _cands(text) if "lemma=report" in f] == []

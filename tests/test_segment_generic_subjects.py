"""Subjects read by their shape when no word list knows them: a plural head is a group, "a" or
"one" before a singular head is one unnamed source, and "the charity X" is a body. Every text
here is invented."""

from segment_helpers import unit_fields
from stance.sources import shaped_source


units = unit_fields("speaker", "speaker_type", "text")


def test_a_plural_head_capitalised_by_the_sentence_is_a_group():
    text = "Harm reduction workers said the new opioids were turning up.\n"
    assert units(text) == [("harm reduction workers", "group", "the new opioids were turning up")]


def test_a_or_one_before_a_singular_head_is_one_unnamed_source():
    assert units("A local shopkeeper said dealing had moved.\n") == [
        ("a local shopkeeper", "unnamed", "dealing had moved")]
    assert units("One addict told reporters he had waited six months.\n") == [
        ("one addict", "unnamed", "he had waited six months")]


def test_a_quantifier_before_a_plural_head_is_a_group():
    assert units("Two pharmacy owners warned that stocks were low.\n") == [
        ("two pharmacy owners", "group", "stocks were low")]


def test_the_charity_named_before_the_verb_is_an_organisation():
    text = "The charity Harbour Lights said the service would close in May.\n"
    assert units(text) == [("Harbour Lights", "organisation", "the service would close in May")]


def test_near_misses_give_no_unit():
    assert units("Figures showed that arrests at the harbour had risen.\n") == []
    assert units("The results suggested the scheme was working.\n") == []
    assert units("The shopkeeper said dealing had moved.\n") == []  # "the X" points back: unresolved
    assert units("Officers seized cannabis, police said.\n") == []  # as before


def test_shape_reader_refuses_verbs_pronouns_names_and_long_phrases():
    assert shaped_source("Addicts") is None  # a bare plural needs an agent ending
    assert shaped_source("Drug dealers") == ("drug dealers", "group")
    assert shaped_source("They") is None
    assert shaped_source("Ministers from Vell") is None
    assert shaped_source("Many who were there") is None
    assert shaped_source("Dock Lane Traders") is None
    assert shaped_source("a very long line of small and cold harbour traders") is None

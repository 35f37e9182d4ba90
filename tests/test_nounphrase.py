"""Reading a speaker noun phrase: a phrase opened by a preposition names nobody."""

from __future__ import annotations

import pytest

from segment_helpers import units
from stance.nounphrase import _read_np


@pytest.mark.parametrize("np", ["In Kestwick", "At Kestwick", "From Ann Rudd", "With Ann Rudd",
                                "By Kestwick Police", "In Kestwick Council", "amid Kestwick"])
@pytest.mark.parametrize("initial", [True, False])
def test_a_phrase_opened_by_a_preposition_names_nobody(np, initial):
    assert _read_np(np, initial) is None


def test_the_name_after_the_preposition_is_still_read_alone():
    assert _read_np("Ann Rudd", False).name == "Ann Rudd"
    assert _read_np("Kestwick Council", False).kind == "org"


@pytest.mark.parametrize("text", [
    "In Kestwick, the mood was grim: “We are tired of it.”",
    "“We are tired of it,” In Kestwick said.",
    "In Kestwick the mood was grim. “We are tired of it,” said In Kestwick.",
])
def test_no_unit_is_given_to_a_place_after_a_preposition(text):
    assert not {speaker for _, speaker, _ in units(text)} & {"In Kestwick", "Kestwick"}


def test_a_name_after_an_opening_place_still_speaks():
    text = "In Kestwick, Ann Rudd said: “We are tired of it.”"
    assert units(text) == [("direct", "Ann Rudd", "We are tired of it.")]


def test_a_name_after_a_place_in_an_inverted_attribution_still_speaks():
    # the whole phrase names nobody; the name at its end is read alone
    text = "“We are tired of it,” At Kestwick Council Ann Rudd said."
    assert units(text) == [("direct", "Ann Rudd", "We are tired of it,")]

"""Round 12g, package F: page layout (bylines, captions, pull-quotes) and direct quotations."""

from segment_helpers import units as _units


def test_caption_under_a_caption_label_gives_no_unit():
    text = ("Tom Hale said the plan failed.\n\nImage caption,\nTom Hale said the plan was \"dead\"\n\n"
            "He said the vote came late.")
    assert _units(text) == [("indirect", "Tom Hale", "the plan failed"),
                            ("indirect", "Tom Hale", "the vote came late")]


def test_byline_with_a_dash_is_no_speaker_line():
    text = "Bakers warn of flour costs\n\n12 March, 2019 — By Ann Weller, Ivo Pask\n\nAnn Weller said the rest."
    assert [u for u in _units(text) if "March" in u[2]] == []


def test_byline_near_miss_a_sentence_opening_with_by_stays():
    text = "By March, Tom Hale said, the bakery had closed its doors for good."
    assert any(u[1] == "Tom Hale" for u in _units(text))


def test_pull_quote_between_start_and_end_labels_is_the_named_persons():
    text = ("Chief Constable Mike Barrow of Durham spoke at the launch.\n\n"
            "They are given clean needles.\n\nStart Quote\n\n"
            "I have got 1,700 users in my area. Arresting them all is not practical”\n\n"
            "End Quote Mike Barrow Durham Chief Constable\n\nA nurse is on standby.")
    assert _units(text) == [("direct", "Mike Barrow",
                             "I have got 1,700 users in my area. Arresting them all is not practical")]


def test_pull_quote_set_into_a_broken_sentence_gives_no_unit():
    text = ("Ann Bell said she had handed it to\n\n‘The minister has signed his death warrant’\n\n"
            "border officers – and one wept.\n\n‘The minister has signed it,’ Ann Bell said.")
    assert [u for u in _units(text) if "warrant" in u[2]] == []
    assert ("direct", "Ann Bell", "The minister has signed it,") in _units(text)


def test_single_quotation_left_unclosed_ends_where_the_next_sentence_opens_one():
    text = ("Detective Tom Smith spoke. 'The market is a business,' he said. 'This model floods the "
            "market. Any town will have a market. 'What we see is people stabbed for debts.'")
    units = _units(text)
    assert ("direct", "Tom Smith", "This model floods the market. Any town will have a market.") in units
    assert ("direct", "Tom Smith", "What we see is people stabbed for debts.") in units


def test_single_mark_inside_a_sentence_does_not_end_the_quotation():
    # near miss: 'mad' opens inside the sentence, not at its head, so the first quotation runs on
    text = "Tom Smith spoke. 'We call it 'mad' at the station,' he said."
    assert not any(u[2].startswith("mad") for u in _units(text))


def test_described_as_a_quoted_phrase_is_the_subjects_direct_words():
    text = ("In an interview, Liberal Democrat Ivo Parr MP describes his time as minister, before his "
            "resignation in 2014, as “uphill all the way, like walking through mud”.")
    assert _units(text) == [("direct", "Ivo Parr", "uphill all the way, like walking through mud")]


def test_described_as_one_quoted_word_is_no_direct_unit():
    # near miss: a one-word label is not the speaker's words given as a quotation
    text = "Ivo Parr also criticised the war, describing it as ‘over’."
    assert not any(u[0] == "direct" for u in _units(text))


_STANDFIRST = ("Students to get testing kits, union says\n\n'There is a lot more interest in harm reduction now'\n\n"
               "Ada Crane, the union's welfare officer, said: “We want to keep students safe.”\n\n")


def test_quotation_standing_under_the_headline_is_the_main_voices():
    text = _STANDFIRST + "“Testing saves lives,” she said."
    assert ("direct", "Ada Crane", "There is a lot more interest in harm reduction now") in _units(text)


def test_quotation_under_the_headline_with_no_main_voice_stays_unattributed():
    # near miss: Ada Crane and Ivo Pask each have one direct unit, so no voice leads the article
    text = _STANDFIRST + "Ivo Pask, a lecturer, said: “Testing saves lives.”"
    assert not any("harm reduction" in u[2] for u in _units(text))

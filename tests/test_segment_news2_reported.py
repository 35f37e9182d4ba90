"""Patterns of reported speech and quotation structure behind the recall work on the second
real-news batch (issue 12, tuning half of labels/news2). Every text here is invented."""

from segment_helpers import units

BODY = "\n\nThe hearing in Brackwell continues next week.\n"


def test_a_headline_clause_after_as_is_a_second_unit_with_its_own_speaker():
    text = "Health experts call for reform as Conservatives warn proposals are “dangerous”" + BODY
    assert units(text) == [
        ("indirect", "health experts", "reform"),
        ("indirect", "Conservatives", "proposals are “dangerous”"),
    ]
    # "as" in a comparison opens no clause: the unit runs on
    text = "Teachers said the drug was as dangerous as heroin and cocaine and urged the board to ban it.\n"
    assert units(text) == [
        ("indirect", "teachers", "the drug was as dangerous as heroin and cocaine"),
        ("indirect", "teachers", "the board to ban it"),
    ]


def test_one_word_object_of_urge_after_as():
    text = "The Orrin Office says ‘no plans’ to change the law as MPs urge reform" + BODY
    got = units(text)
    assert got[0] == ("indirect", "Orrin Office", "‘no plans’ to change the law")
    assert got[1][2] == "reform"


def test_speaker_after_as_when_the_main_verb_reports_no_speech():
    text = ("Orrin Police reports 18 drug deaths amid rise in offences as Chief Superintendent "
            "Rob Fennick says the numbers are of ‘significant concern’" + BODY)
    assert units(text) == [("indirect", "Rob Fennick", "the numbers are of ‘significant concern’")]


def test_a_short_headline_claim_then_comma_and_speaker_says():
    assert units("Scrap tax, Vell Council says" + BODY) == [("indirect", "Vell Council", "Scrap tax")]
    # in the body a two-word clause is still too short to be a claim
    assert units("Heading\n\nThe board met today.\n\nScrap tax, Vell Council says.\n") == []


def test_plural_believe_reports_a_clause_with_its_own_subject():
    text = "Police believe it contributed to the deaths of two teenagers in Brackwell on Monday.\n"
    assert units(text) == [("indirect", "police", "it contributed to the deaths of two teenagers in Brackwell on Monday")]
    # with no clause of its own, "believe" reports nothing
    assert units("Police believe the rumours about the club.\n") == []


def test_a_reported_clause_first_then_the_speaker_promised():
    text = ("Heading\n\nShadow home secretary Ada Pike spoke.\n\nA new government would hold an urgent "
            "review of the drug and consider banning it, the shadow home secretary promised today.\n")
    assert units(text) == [("indirect", "Ada Pike", "A new government would hold an urgent review of the drug "
                                                    "and consider banning it")]


def test_asked_someone_to_do_something_is_a_request():
    text = "The Orrin Police had asked the council to shut down the nightclub after the deaths.\n"
    assert units(text) == [("indirect", "Orrin Police", "the council to shut down the nightclub")]
    # a question is not a request
    assert units("Cllr Ada Pike asked whether the plan would work at all.\n") == []


def test_raised_concerns_about_rounded_on_and_is_demanding():
    assert units("Orrin Police raised concerns about public safety and the risk of fire.\n") == [
        ("indirect", "Orrin Police", "public safety and the risk of fire")]
    assert units("Critics rounded on Mr Fennick for his “cheap shot” on the issue.\n") == [
        ("indirect", "critics", "Mr Fennick for his “cheap shot” on the issue")]
    assert units("Ada Pike is demanding a meeting with the home secretary about the law.\n") == [
        ("indirect", "Ada Pike", "a meeting with the home secretary about the law")]


def test_admitted_to_a_newspaper_that_clause():
    text = "Orrin Police admitted to The Vell Echo that they are struggling to keep up with demand.\n"
    assert units(text) == [("indirect", "Orrin Police", "they are struggling to keep up with demand")]


def test_according_to_a_statement_from_a_body_and_to_a_collective():
    text = "According to a statement from Vell Police Service (VPS), three warrants have been carried out.\n"
    assert units(text) == [("indirect", "Vell Police Service", "three warrants have been carried out")]
    text = "Drug laws should be reformed to help tackle deaths, according to campaigners.\n"
    assert units(text) == [("indirect", "campaigners", "Drug laws should be reformed to help tackle deaths")]
    # a survey is statistics, not speech
    assert units("Support for the scheme was high, according to an Orrin survey of voters.\n") == []


def test_a_quoted_headline_then_say_and_a_collective_source():
    text = "‘You can’t arrest your way out of record drug deaths,’ say police" + BODY
    assert units(text) == [("direct", "police", "You can’t arrest your way out of record drug deaths,")]


def test_unnamed_voices_of_a_vox_pop_run():
    text = ("Heading\n\nAt a meeting in Brackwell, people speak of their drug use. “I got caught as a "
            "first-time offender when I was 18,” says one, without revealing which drug.\n\n"
            "Another person says the scheme is “a really important step forward” and should be adopted.\n\n"
            "But one delegate said decriminalisation was a “first step” for reform.\n")
    assert units(text) == [
        ("direct", "one", "I got caught as a first-time offender when I was 18,"),
        ("indirect", "another person", "the scheme is “a really important step forward” and should be adopted"),
        ("indirect", "one delegate", "decriminalisation was a “first step” for reform"),
    ]
    # "no one" is nobody
    assert units("Heading\n\nNo one said the plan was good.\n") == []


def test_questions_as_a_noun_reports_nothing_and_asked_keeps_its_speaker():
    text = ("Heading\n\nDuring Treasury questions in the Commons, the SNP’s Ada Pike asked Ivo Brack to be "
            "the “grown-up in the room” and engage fully.\n")
    assert units(text) == [("indirect", "Ada Pike", "Ivo Brack to be the “grown-up in the room” and engage fully")]


def test_according_to_a_phrase_headed_by_a_source_noun():
    text = "Heading\n\nDrug laws should be reformed to help tackle deaths, according to members of the Orrin Green Party.\n"
    assert units(text) == [("indirect", "members of the Orrin Green Party", "Drug laws should be reformed to help tackle deaths")]
    text = "Heading\n\nThere were 270 deaths last year - a rise of a fifth, according to a report by MPs on the health committee.\n"
    # (the report's issuer speaks: the committee, as written; see test_segment_speakers_round2)
    assert units(text) == [("indirect", "health committee",
                            "There were 270 deaths last year - a rise of a fifth")]
    # a phrase with no source noun at its head is left alone
    assert units("Heading\n\nThe bridge was closed at dawn, according to the timetable on the wall.\n") == []


def test_a_speaker_after_the_clause_with_an_abbreviation_in_brackets():
    text = ("Heading\n\nA growing number of student unions are seeking to introduce testing kits, "
            "the Vell Union of Students (VUS) has revealed.\n")
    assert units(text) == [("indirect", "Vell Union of Students",
                            "A growing number of student unions are seeking to introduce testing kits")]


def test_a_group_named_by_its_head_noun_and_a_place_after_the_clause():
    text = "Heading\n\nIllegal drugs should be decriminalised, delegates at the Vell Party conference have said.\n"
    assert units(text) == [("indirect", "delegates at the Vell Party conference", "Illegal drugs should be decriminalised")]


def test_joined_someone_in_calling_for():
    text = ("Heading\n\nThe Vell Affairs Committee has now joined the Health Committee in calling for a new "
            "approach to be adopted to tackle the problem.\n")
    assert units(text) == [("indirect", "Vell Affairs Committee", "a new approach to be adopted to tackle the problem")]


def test_a_group_by_its_head_noun_before_the_verb():
    text = "Heading\n\nTeaching leaders said the drug was as dangerous as heroin and urged the board to ban it.\n"
    assert units(text) == [
        ("indirect", "teaching leaders", "the drug was as dangerous as heroin"),
        ("indirect", "teaching leaders", "the board to ban it"),
    ]
    # a noun that names no group of speakers is not a speaker
    assert units("Heading\n\nBrackwell bridges said the road was unsafe.\n") == []

"""Patterns of news writing behind the recall work of issue 12 (tuning half of the real-news
corpus): date stamps, headline attributions, organisations and unnamed sources as speakers.
Every text here is invented."""

from segment_helpers import units
from stance.segment import segment_text


def test_a_date_stamp_at_the_head_of_the_first_line_is_not_part_of_the_article():
    text = (" date 2024-03-02 Cllr Ada Pike, chair of the Northvale health board, responds to a report "
            "on drug deaths in the county\n\n“Every death is a tragedy and the board will act.\n\n"
            "“We must fund treatment properly.”\n")
    assert units(text) == [
        ("direct", "Ada Pike", "Every death is a tragedy and the board will act."),
        ("direct", "Ada Pike", "We must fund treatment properly."),
    ]
    # a line that is only a date stamp is still furniture
    assert units("date 2024-03-02\n\nIvo Brack said the scheme had worked well.\n") == [
        ("indirect", "Ivo Brack", "the scheme had worked well")]


def test_headline_claim_then_says_and_a_role():
    text = ("Treat addicts as patients, not criminals, says top police officer\n\n"
            "Chief Constable Ravi Stone said the force would try a new approach this year.\n")
    assert units(text)[0] == ("indirect", "Ravi Stone", "Treat addicts as patients, not criminals")
    # nobody in the article holds the role: no unit
    text = ("Treat addicts as patients, not criminals, says top police officer\n\n"
            "Charity director Ada Pike said the scheme would open this year.\n")
    assert [u for u in units(text) if u[2].startswith("Treat")] == []


def test_headline_bare_minister_is_the_one_minister_the_article_names():
    text = ("Minister admits he would be surprised if the scheme failed\n\n"
            "The policing minister, Ivo Brack, said the scheme would be reviewed next year.\n")
    assert units(text)[0] == ("indirect", "Ivo Brack", "he would be surprised if the scheme failed")


def test_participle_with_a_clause_and_no_that():
    text = ("Councillor Ada Pike criticised the figures, claiming they show the plan is failing.\n\n"
            "Ivo Brack defended the scheme, insisting the pilot was a success.\n\n"
            "Tam Rooke praised the volunteers, claiming benefits for them.\n")
    assert units(text) == [
        ("indirect", "Ada Pike", "the figures"),
        ("indirect", "Ada Pike", "they show the plan is failing"),
        ("indirect", "Ivo Brack", "the scheme"),
        ("indirect", "Ivo Brack", "the pilot was a success"),
        ("indirect", "Tam Rooke", "the volunteers"),
    ]


def test_a_one_word_object_after_calls_for_or_support_of():
    text = ("Ivo Brack, chair of the Northvale trust, called for decriminalisation.\n\n"
            "Ada Pike came out in support of reform.\n\n"
            "Tam Rooke said yes.\n")
    assert units(text) == [
        ("indirect", "Ivo Brack", "decriminalisation"),
        ("indirect", "Ada Pike", "reform"),
    ]


def test_the_acronym_of_a_body_named_in_full_earlier():
    text = ("The Northern Drug Workers' Association met on Monday.\n\n"
            "The NDWA said funding for treatment had fallen for three years.\n")
    got = segment_text(text)
    assert [(q.kind, q.speaker, q.speaker_type, q.text) for q in got] == [
        ("indirect", "Northern Drug Workers' Association", "organisation",
         "funding for treatment had fallen for three years")]
    # an acronym the article never spells out stays as written
    assert units("Figures rose.\n\nThe NDWA said funding had fallen for three years.\n") == [
        ("indirect", "NDWA", "funding had fallen for three years")]


def test_a_party_named_alone_speaks():
    text = "Figures rose.\n\nLabour, which obtained the data, said cuts imposed by ministers were to blame.\n"
    assert units(text) == [("indirect", "Labour", "cuts imposed by ministers were to blame")]


def test_public_health_bodies_and_their_people():
    text = ("A clinic opened.\n\nPublic Health Northvale said doctors had asked for the service.\n\n"
            "Josie Marr of Public Health Northvale said: \"We are seeing more overdoses.\"\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [
        ("Public Health Northvale", "organisation", "doctors had asked for the service"),
        ("Josie Marr", "person", "We are seeing more overdoses."),
    ]


def test_a_quotation_run_goes_on_past_one_paragraph_that_names_nobody():
    text = ("Ivo Brack, the former minister, spoke to us.\n\n"
            "In reviewing the report, Brack comments: “I think a better approach to drugs is possible.”\n\n"
            "The Portuguese model treats drug use as a health problem rather than a crime.\n\n"
            "“We have a law that has barely changed in fifty years of failure”\n")
    assert units(text) == [
        ("direct", "Ivo Brack", "I think a better approach to drugs is possible."),
        ("direct", "Ivo Brack", "We have a law that has barely changed in fifty years of failure"),
    ]
    # a paragraph between that names someone else ends the run
    text = text.replace("The Portuguese model", "Ada Pike said the Portuguese model")
    assert ("direct", "Ivo Brack", "We have a law that has barely changed in fifty years of failure") not in units(text)


def test_adjuncts_close_a_reported_clause():
    text = ("Ada Pike said drug deaths remained worrying, as the latest figures showed a rise.\n\n"
            "Ivo Brack said the county had many dealers – pointing to plans for new laws.\n\n"
            "Tam Rooke said the clinic was a success, with demand having doubled.\n\n"
            "Nell Hart said she wanted a review after the Northvale Echo reported that money had gone.\n")
    assert units(text) == [
        ("indirect", "Ada Pike", "drug deaths remained worrying"),
        ("indirect", "Ivo Brack", "the county had many dealers"),
        ("indirect", "Tam Rooke", "the clinic was a success"),
        ("indirect", "Nell Hart", "she wanted a review"),
        ("indirect", "Northvale Echo", "money had gone"),
    ]


def test_a_title_inside_a_capitalised_run_starts_the_name():
    text = ("Figures rose.\n\nChair of the Northvale Drugs Commission Dr Ada Pike said: \"We found real "
            "effort in the partnership.\"\n\nActing Insp Ivo Brack says some drivers do not understand the risks.\n")
    got = [(q.speaker, q.text) for q in segment_text(text)]
    assert got == [
        ("Ada Pike", "We found real effort in the partnership."),
        ("Ivo Brack", "some drivers do not understand the risks"),
    ]


def test_the_lord_advocate_is_an_office_and_he_is_the_spokesperson():
    text = ("The party's justice spokesperson Ivo Brack has said that clinics can only open if the Lord "
            "Advocate exempts them from prosecution.\n\nHe said: \"Our approach to drug deaths has failed.\"\n")
    assert units(text) == [
        ("indirect", "Ivo Brack", "clinics can only open if the Lord Advocate exempts them from prosecution"),
        ("direct", "Ivo Brack", "Our approach to drug deaths has failed."),
    ]


def test_a_party_before_a_role_is_part_of_the_role():
    text = ("Northvale's police and crime commissioner, Ada Pike, opened the clinic.\n\n"
            "The Labour PCC said the country was failing on a huge scale.\n")
    assert units(text) == [("indirect", "Ada Pike", "the country was failing on a huge scale")]


def test_an_unnamed_source_in_a_subordinate_clause():
    text = ("Ivo Brack was searched in Northvale after an officer claimed he could smell cannabis.\n\n"
            "A complaint was upheld for Tam Rooke who was stopped in the street when a resident said he looked lost.\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [
        ("an officer", "unnamed", "he could smell cannabis"),
        ("a resident", "unnamed", "he looked lost"),
    ]


def test_an_open_quotation_goes_on_past_an_aside_with_an_unnamed_source():
    text = ("Former detective Nell Hart told the Northvale Echo: \u201dAt a time when crime is rising, the "
            "police need no more barriers.\n\n"
            "The watchdog upheld a complaint from a man who was searched after an officer claimed he could smell cannabis.\n\n"
            "\u201dIf an officer smells cannabis on a person then that should be reason enough to search.\n")
    got = [(q.kind, q.speaker) for q in segment_text(text)]
    assert got == [("direct", "Nell Hart"), ("indirect", "an officer"), ("direct", "Nell Hart")]


def test_with_a_group_warning_that():
    text = ("The grant announcement has been delayed again, with councils warning that they cannot plan "
            "their services.\n\nThe bridge reopened, with traffic flowing again.\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [("councils", "group", "they cannot plan their services")]


def test_acronyms_and_bodies_of_a_nation_speak():
    text = ("Figures rose.\n\nNDWA has backed calls for a review of drugs policy.\n\n"
            "Outreach Scotland described the trend as deeply concerning and blasted a lack of investment in services.\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [
        ("NDWA", "organisation", "calls for a review of drugs policy"),
        ("Outreach Scotland", "organisation", "the trend as deeply concerning"),
        ("Outreach Scotland", "organisation", "a lack of investment in services"),
    ]


def test_a_possessive_full_name_before_a_role():
    text = ("Ivo Brack's policing minister has admitted he would be surprised if no one took drugs.\n\n"
            "Commons speaker Sir Tam Rooke has said he will call in police.\n\n"
            "Policing minister Kit Dunmore later said the law would be enforced.\n")
    assert [(q.speaker, q.text) for q in segment_text(text)] == [
        ("Kit Dunmore", "he would be surprised if no one took drugs"),
        ("Tam Rooke", "he will call in police"),
        ("Kit Dunmore", "the law would be enforced"),
    ]


def test_a_nominative_pronoun_after_a_subordinator_is_a_subject():
    text = ("Figures rose.\n\nIvo Brack opened a new rift after he condemned the council for cutting services.\n\n"
            "Ada Pike spoke to Nell Hart before meeting him.\n")
    assert units(text) == [("indirect", "Ivo Brack", "the council for cutting services")]


def test_the_antecedent_of_who_told_after_a_preposition():
    text = ("Ada Pike waited for months.\n\nBut Ada received a call from Policing Minister Ivo Brack MP, who "
            "told her the licence would be granted.\n\nNorthvale MP Nell Hart had pressed for it.\n")
    assert units(text) == [("indirect", "Ivo Brack", "the licence would be granted")]


def test_capitalised_words_before_a_first_name_describe_the_person():
    text = "Figures rose.\n\nLiberal Democrat Norman Hale MP said the reforms had been blocked for years.\n"
    assert units(text) == [("indirect", "Norman Hale", "the reforms had been blocked for years")]


def test_an_attribution_in_the_middle_before_with():
    text = ("Ivo Brack runs the Northvale project.\n\nDeaths were concentrated in poorer areas, he said, with "
            "figures showing a third of deaths in the city.\n")
    assert units(text) == [("indirect", "Ivo Brack", "Deaths were concentrated in poorer areas")]


def test_a_spokesperson_for_the_service_speaks_for_the_body_named_before():
    text = ("Outreach Northvale Trust criticised the cuts.\n\nFunded largely by grants, a spokesperson for "
            "the service said it has had to make savings of around 20%.\n")
    assert units(text)[-1] == ("indirect", "Outreach Northvale Trust", "it has had to make savings of around 20%")
    # no body named before: no speaker
    assert units("Figures rose.\n\nA spokesperson for the service said it has had to make savings.\n") == []


def test_a_role_with_of_before_the_name():
    text = ("Mayor of Northvale Sadiq Brack has set up a drugs commission.\n\n"
            "‘The drugs trade does huge damage to our city and we must do more,’ said Brack.\n")
    got = [(q.speaker, q.speaker_role, q.text) for q in segment_text(text)]
    assert got == [("Sadiq Brack", "Mayor of Northvale",
                    "The drugs trade does huge damage to our city and we must do more,")]


def test_the_government_in_lower_case_is_an_organisation():
    text = ("A van offers a safe place to inject.\n\nThe UK government - which sets drugs policy - has "
            "previously rejected calls to legalise such vans and said running one would be an offence.\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [
        ("The UK government", "organisation", "calls to legalise such vans"),
        ("The UK government", "organisation", "running one would be an offence"),
    ]


def test_a_whole_clause_quoted_after_that_is_direct():
    text = ("Figures rose.\n\nThe drugs minister, Ada Pike, has pointed to her reform plans, insisting that \u201cthe "
            "national government could do more to work with us\u201d.\n\n"
            "Ivo Brack said that \u201ctough enforcement\u201d was needed.\n")
    assert units(text) == [
        ("direct", "Ada Pike", "the national government could do more to work with us"),
        ("indirect", "Ivo Brack", "\u201ctough enforcement\u201d was needed"),
    ]


def test_headline_passives_and_clauses_without_a_subject_are_not_units():
    text = ("Ministers urged to act as drug deaths rise\n\nIvo Brack runs a van in what he says is a safe "
            "place to inject.\n\nAda Pike urged ministers to act.\n")
    assert units(text) == [("indirect", "Ada Pike", "ministers to act")]


def test_the_object_of_a_phrase_verb_ends_at_an_adjunct_and_describes_how():
    text = ("The Northvale Greens are calling for clinics to be exempt from prosecution after charges were "
            "dropped.\n\nIvo Brack described how in the county there are 40 gangs on the radar.\n")
    assert units(text) == [
        ("indirect", "Northvale Greens", "clinics to be exempt from prosecution"),
        ("indirect", "Ivo Brack", "in the county there are 40 gangs on the radar"),
    ]


def test_an_officer_described_at_a_body_is_one_unnamed_source():
    text = ("Figures rose.\n\nA trading standards officer at Northvale Council told a watchdog that it was "
            "being sold to children.\n\nA spokesperson for Northvale Police said the force had seized 2kg.\n")
    got = [(q.speaker, q.speaker_type) for q in segment_text(text)]
    assert got == [("a trading standards officer at Northvale Council", "unnamed"),
                   ("Northvale Police", "organisation")]


def test_a_role_in_the_lead_is_the_person_the_body_names_a_few_paragraphs_on():
    text = ("The commission on drug deaths in Northvale has made a final call for evidence this week.\n\n"
            "And a leading drugs campaigner has called on the council to take its findings seriously.\n\n"
            "The commission has heard from experts, support workers and doctors in public sessions.\n\n"
            "It held its final public session in February and has since been drawing up its conclusions.\n\n"
            "Campaigner Nell Hart, of the support group Recovery Northvale, praised the commission.\n")
    assert units(text)[0] == ("indirect", "Nell Hart", "the council to take its findings seriously")


def test_a_lowercase_role_before_a_name_in_an_appositive():
    text = ("Westshire chief constable Tam Rooke spoke first.\n\nThe organisation's spokesman on drugs, "
            "Northvale assistant chief constable Ivo Brack, said that treatment could prevent re-offending.\n\n"
            "Commons speaker Sir Nell Hart said she would call in police.\n")
    assert [(q.speaker, q.text) for q in segment_text(text)] == [
        ("Ivo Brack", "treatment could prevent re-offending"),
        ("Nell Hart", "she would call in police"),
    ]


def test_a_group_in_sentence_case_and_a_participle_after_a_subordinator():
    text = ("Figures rose.\n\nPolice chiefs triggered a row last night after suggesting that users should "
            "escape sanction.\n\nLabour councillors met on Monday.\n")
    got = [(q.speaker, q.speaker_type, q.text) for q in segment_text(text)]
    assert got == [("police chiefs", "group", "users should escape sanction")]


def test_a_relative_clause_with_after_and_a_participle_stays_inside_the_subject():
    text = ("Mother whose son died after taking pills calls for testing at festivals\n\n"
            "A Northvale mother whose son died has called for testing tents.\n\n"
            "Nell Brack, 52, said her son had been sold a far stronger drug.\n")
    assert units(text)[0] == ("indirect", "Nell Brack", "testing at festivals")


def test_a_short_name_of_a_body_is_the_fuller_name_given_before():
    text = ("The Northvale Greens are calling for clinics to be exempt from prosecution.\n\n"
            "Now the Greens are calling for the law officer to use his discretion.\n")
    assert [q.speaker for q in segment_text(text)] == ["Northvale Greens", "Northvale Greens"]


def test_no_10_is_downing_street():
    text = "Figures rose.\n\nThe spokesperson from No 10 went on to say that there were no plans to change the law.\n"
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [("Downing Street", "organisation")]

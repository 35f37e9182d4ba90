"""Speaker resolution, third round (news4/news5 tuning halves): how speakers are found and
written. Every text here is invented (invented people, places and bodies)."""

from segment_helpers import unit_fields
from stance.segment import segment_text


units = unit_fields("kind", "speaker", "speaker_type")


def speakers_of(text, fragment):
    return [q.speaker for q in segment_text(text) if fragment in q.text]


# -- "he said" just after a unit continues its speaker, not a person named inside it ---------

def test_he_said_after_a_reported_unit_is_its_speaker_not_the_man_it_was_about():
    text = ("Brannock Tull, 48, admitted growing cannabis at his flat in Wexham.\n\n"
            "Owain Prys, for Tull, said his client had worked hard all his life until losing his job.\n\n"
            "He said: \u201cAt the time his wife was ill and his son had left home.\u201d\n")
    assert speakers_of(text, "his wife was ill") == ["Owain Prys"]


def test_he_insisted_after_a_surname_speaker_beats_an_earlier_man_named_in_between():
    text = ("Ron Dallow, the county's commissioner, said the plan would cut costs.\n\n"
            "However, Mike Hattan, the policing minister, has already said growing cannabis is illegal.\n\n"
            "Dallow told the Gazette that his plan was about priorities. He insisted that "
            "his officers would still act on complaints from the public.\n")
    assert speakers_of(text, "officers would still act") == ["Ron Dallow"]


def test_another_person_as_subject_in_between_keeps_the_usual_antecedent():
    text = ("Owain Prys said the scheme had failed the town.\n\n"
            "Mike Hattan, the minister, visited the clinic on Monday. "
            "He said: \u201cWe will look again at the money for it next year.\u201d\n")
    assert speakers_of(text, "look again at the money") == ["Mike Hattan"]


# -- a spokesperson the article names is that person ------------------------------------------

def test_a_named_spokesperson_in_an_appositive_is_the_person_not_the_party():
    text = ("The Harrow Greens want the law changed.\n\n"
            "The party's spokesperson for drugs, Anna Welk, hit out and accused the council of "
            "being \"out of touch with the town\".\n\n"
            "\"These figures should shame the council,\" she said.\n")
    got = units(text)
    assert [spk for _, spk, _ in got] == ["Anna Welk", "Anna Welk"]
    assert all(t == "person" for _, _, t in got)


# -- the Prime Minister's spokesman is No 10 or Downing Street, as the article names it -------

PM_TEXT = ("The Prime Minister\u2019s official spokesman said: \u201cThere are no plans to change the law.\n\n"
           "\u201cOur priority is on cracking down on illegal drugs.\u201d\n")


def test_the_prime_ministers_spokesman_is_the_office_the_article_names_most():
    got = units("No 10 has ruled out any change, and No 10 will not budge, Downing Street sources say.\n\n" + PM_TEXT)
    assert [(spk, t) for k, spk, t in got if k == "direct"] == [("No 10", "organisation")] * 2


def test_the_prime_ministers_spokesman_is_written_as_is_when_no_office_is_named():
    got = units(PM_TEXT)
    assert [(spk, t) for _, spk, t in got] == [("the Prime Minister\u2019s official spokesman", "unnamed")] * 2


def test_downing_street_speaking_is_an_organisation():
    got = units("Downing Street said there were no plans to change the law on cannabis.\n")
    assert got == [("indirect", "Downing Street", "organisation")]


# -- a quotation after a sentence that introduces a new person is theirs ----------------------

def test_a_quotation_after_a_sentence_introducing_a_new_person_is_that_persons():
    text = ("Ivo Brack from the Loxley Trust opened the meeting, followed by Cara Lunn, who said: "
            "\u201cWe want to discuss this in a calm way.\u201d Local solicitor, Tam Oddie, was critical "
            "of the process the council had used. \u201cThe use of the drug has divided our community "
            "for many years and we were never asked.\u201d\n")
    assert speakers_of(text, "divided our community") == ["Tam Oddie"]


def test_a_quotation_after_a_sentence_about_someone_named_before_keeps_the_run():
    text = ("Ivo Brack was jailed for two years at Loxley Crown Court.\n\n"
            "Judge Cara Lunn told him: \u201cYou ran the business for profit.\u201d Brack wept in the dock. "
            "\u201cYou knew exactly what you were selling to the young people of this town.\u201d\n")
    assert speakers_of(text, "knew exactly what") == ["Cara Lunn"]


# -- "the lawyer" right after a named speaker is that speaker, not the next person named ------

def test_the_lawyer_claimed_after_a_defending_speaker_is_that_speaker():
    text = ("Cannabis farm gardener jailed\n\n"
            "Police found 400 plants at a farm near Loxley in May.\n\n"
            "Tam Oddie, 30, admitted growing cannabis at the farm.\n\n"
            "Mr Ivo Brack, defending Oddie, said the man had been brought into the country by a gang.\n\n"
            "The lawyer claimed: \"He was promised money for looking after the plants but received nothing.\"\n\n"
            "Oddie, of no fixed address, was jailed by Judge Cara Lunn.\n\n"
            "A resident said the farm had smelt for months.\n")
    got = units(text)
    assert ("direct", "Ivo Brack", "person") in got
    assert ("indirect", "a resident", "unnamed") in got


# -- "X said: ..." with a lost opening mark inside a run of quoted paragraphs is X ------------

def test_an_attribution_paragraph_without_its_opening_mark_starts_a_new_speaker():
    text = ("Labour leader Ann Rudd said: \u201cLast week\u2019s statistics laid bare the scale of the crisis that we face.\n\n"
            "\u201cEvery death is an avoidable tragedy and we risk losing more lives.\n\n"
            "Tory leader Ivo Brack said: While it is right that we have an urgent statement, the minister "
            "has to answer for her failure.\n\n"
            "\u201cWhen a crisis reaches this level, hiding is not an option.\n")
    got = [(q.speaker, q.text[:5]) for q in segment_text(text)]
    assert got == [("Ann Rudd", "Last "), ("Ann Rudd", "Every"), ("Ivo Brack", "While"), ("Ivo Brack", "When ")]


# -- a lead's described source named a few paragraphs on is that person -----------------------

LEAD = ("Cuts to drug services\n\n"
        "The Government has questions to answer over whether cuts to drug treatment have led to more "
        "deaths, {who} has said.\n\n"
        "Councils have been forced to cut spending by 5%, according to analysis by the Kell Fund.\n\n"
        "{named}Ann Rudd, director of the charity Harbour, said the rise in deaths meant questions had to be asked.\n")


def test_a_leads_expert_is_the_person_the_article_names_next():
    got = units(LEAD.format(who="an expert", named=""))
    assert got == [("indirect", "Ann Rudd", "person")] * 2


def test_a_leads_source_close_to_someone_stays_unnamed():
    got = units(LEAD.format(who="a source close to the minister", named=""))
    assert got[0] == ("indirect", "a source close to the minister", "unnamed")


def test_a_leads_expert_is_not_a_person_the_article_named_before():
    text = "Ann Rudd runs the Harbour charity.\n\n" + LEAD.format(who="an expert", named="")
    assert units(text)[0] == ("indirect", "an expert", "unnamed")


# -- "the mayor's office" is a body, written without its article ------------------------------

def test_the_mayors_office_is_an_organisation_written_without_the():
    text = "The mayor will set up a drugs commission, the mayor\u2019s office has announced.\n"
    assert units(text) == [("indirect", "mayor\u2019s office", "organisation")]


# -- the agent of a passive ("told by Sheriff X") is a subject for a later "he said" ----------

def test_he_said_after_being_told_by_the_sheriff_is_the_sheriff():
    text = ("Tam Oddie used flats in Lorne Street to sell heroin.\n\n"
            "Oddie, 27, was jailed at Loxley Sheriff Court, after being told by Sheriff Ivo Brack there "
            "was no alternative to custody.\n\n"
            "He said: \u201cYou pleaded guilty to two charges of supplying heroin.\n")
    assert speakers_of(text, "pleaded guilty") == ["Ivo Brack"]


# -- "A and B Minister Ann Rudd" is one office's title, not two people --------------------------

def test_an_office_title_with_and_before_a_name_is_one_person():
    text = ("Community Safety and Legal Affairs Minister Ann Rudd tells MSPs methadone reduced "
            "drug-related deaths and crime during a debate.\n\n"
            "Durham PCC Ann Rudd and Wexham PCC Ivo Marsh said the plan would work well.\n")
    assert [(q.speaker, q.speaker_type) for q in segment_text(text)] == [
        ("Ann Rudd", "person"), ("Ann Rudd and Ivo Marsh", "group")]


def test_a_leads_role_after_a_clause_is_the_person_named_next_not_the_last_speaker():
    text = ("More needs to be done - PCC\n\n"
            "According to Hal Dunn, the clinic will stay open until the spring.\n\n"
            "More needs to be done to tackle the root causes of drug abuse in Loxley, the area's "
            "police and crime commissioner has said.\n\n"
            "John Quell said there was no single solution for the harm that drugs can cause.\n")
    assert speakers_of(text, "root causes") == ["John Quell"]

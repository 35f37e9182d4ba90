"""Patterns of news writing behind the recall work on the tuning halves of news4 and news5:
progressive and adjectival stance verbs, participles that report a request, a phrase object
followed by "saying that", and inverted attributions with more verbs. Every text is invented."""

import pytest

from segment_helpers import unit_fields
from stance.segment import segment_text

LEAD = "The meeting was held on Monday.\n\n"


units = unit_fields("kind", "speaker", "text", lead=LEAD)


@pytest.mark.parametrize("text, expected", [
    ("Commissioner Jane Brook is calling on the Government to take a new look at drugs policy.\n",
     ("indirect", "Jane Brook", "the Government to take a new look at drugs policy")),
    ("Greater Ashton Police are welcoming a ban on laughing gas.\n",
     ("indirect", "Greater Ashton Police", "a ban on laughing gas")),
    ("Police in North Ashton are pledging to take action against people supplying drugs.\n",
     ("indirect", "Police in North Ashton", "to take action against people supplying drugs")),
    ("Councillor Ivo Marsh was urging residents to report dealers to the force.\n",
     ("indirect", "Ivo Marsh", "residents to report dealers to the force")),
])
def test_progressive_stance_verbs(text, expected):
    assert units(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Solicitor Jane Brook was critical of the process the council had used to bring in the ban.\n",
     ("indirect", "Jane Brook", "the process the council had used to bring in the ban")),
    ("Professor Ivo Marsh is sceptical about the link between the drug and crime.\n",
     ("indirect", "Ivo Marsh", "the link between the drug and crime")),
])
def test_a_stance_given_as_an_adjective(text, expected):
    assert units(text) == [expected]


def test_the_object_of_a_phrase_verb_ends_at_an_as_clause():
    assert units("Greater Ashton Police are welcoming a ban on laughing gas, as new laws come into force.\n") == [
        ("indirect", "Greater Ashton Police", "a ban on laughing gas")]
    # "as well as" continues the object
    assert units("Jane Brook welcomed the new clinic, as well as the outreach bus.\n") == [
        ("indirect", "Jane Brook", "the new clinic, as well as the outreach bus")]


def test_a_phrase_object_then_saying_that_gives_two_units():
    assert units("Jane Brook defended the scheme saying that current drugs policy is not working.\n") == [
        ("indirect", "Jane Brook", "the scheme"),
        ("indirect", "Jane Brook", "current drugs policy is not working"),
    ]


def test_urging_and_advising_give_one_unit_each():
    assert units("Jane Brook welcomed the plan, urging people to avoid the pills and advising those who "
                 "use them to carry naloxone.\n") == [
        ("indirect", "Jane Brook", "the plan"),
        ("indirect", "Jane Brook", "people to avoid the pills"),
        ("indirect", "Jane Brook", "those who use them to carry naloxone"),
    ]


@pytest.mark.parametrize("verb", ["explained", "continued", "stated", "noted"])
def test_an_inverted_attribution_after_the_clause(verb):
    text = f"The officers found 500 plants on the premises, {verb} Mr John Lees, prosecuting.\n"
    assert units(text) == [("indirect", "John Lees", "The officers found 500 plants on the premises")]


def test_a_clause_after_as_that_runs_to_the_sentence_end_ends_the_reported_clause():
    assert units("Minister Joe Fitz insisted the Government was prepared to act as he hailed a new "
                 "task force.\n")[0] == ("indirect", "Joe Fitz", "the Government was prepared to act")
    # a comparison, or an "as" clause followed by more of the reported clause, stays inside
    assert units("Jane Brook said the drug was twice as strong as they expected in the town.\n") == [
        ("indirect", "Jane Brook", "the drug was twice as strong as they expected in the town")]
    assert units("Jane Brook said the pair left as they walked through the park, and then sat down.\n") == [
        ("indirect", "Jane Brook", "the pair left as they walked through the park, and then sat down")]


@pytest.mark.parametrize("text, expected", [
    ("Ms Jane Brook told Ashton and Kell’s police and crime panel the service is among the top forces.\n",
     "the service is among the top forces"),
    ("A source close to Jane Brook told the PA news agency it was a big stretch of the imagination.\n",
     "it was a big stretch of the imagination"),
])
def test_the_listener_of_told_is_left_out_of_the_clause(text, expected):
    assert [u[2] for u in units(text)] == [expected]


def test_urged_for_starts_after_for():
    assert units("The Vell College of Physicians recently urged for their introduction to help the crisis.\n") == [
        ("indirect", "Vell College of Physicians", "their introduction to help the crisis")]


def test_an_opening_mark_typed_at_a_quoted_paragraphs_end_closes_it():
    text = "Jane Brook spoke at the launch.\n\n“Our strategy offers a framework for action, not words. “\n"
    assert units(text) == [("direct", "Jane Brook", "Our strategy offers a framework for action, not words.")]


HEAD = "Drugs debate\n\nJohn Smith is the commissioner for the area and Ann Lee is his deputy.\n\n"
TAIL = "\n\nThe debate went on.\n"


def quotes(body):
    return [(q.kind, q.speaker, q.text) for q in segment_text(HEAD + body + TAIL) if q.kind == "direct"]


def test_he_maintained_after_a_quotation_and_the_run_that_follows():
    body = ("“This is the right thing to do,\" he maintained.\n"
            "\"There needs to be some punitive measures so that people can realise the impact.\n"
            "“For some, it might be just a social element.”")
    assert quotes("Mr Smith spoke at the launch.\n" + body) == [
        ("direct", "John Smith", "This is the right thing to do,"),
        ("direct", "John Smith", "There needs to be some punitive measures so that people can realise the impact."),
        ("direct", "John Smith", "For some, it might be just a social element."),
    ]


def test_a_quotation_printed_one_sentence_to_a_line_keeps_its_middle_lines():
    body = ("He added: “There is a simple truth about our prisons.\n"
            "They have become violent and dangerous places.\n"
            "A large part of this violence is linked to new substances.”\n"
            "He said more later.")
    assert quotes("Mr Smith published his report.\n" + body) == [
        ("direct", "John Smith", "There is a simple truth about our prisons."),
        ("direct", "John Smith", "They have become violent and dangerous places."),
        ("direct", "John Smith", "A large part of this violence is linked to new substances."),
    ]
    # no closing mark ahead: an unmarked line after an open quotation is the writer's
    body = ("He added: “There is a simple truth about our prisons.\n"
            "They have become violent and dangerous places.\n"
            "He said more later.")
    assert quotes("Mr Smith published his report.\n" + body) == [
        ("direct", "John Smith", "There is a simple truth about our prisons.")]


def test_a_paragraph_that_lost_its_opening_mark_before_said():
    body = "Residents would expect the police to uphold the law, and that includes drugs,” said Ms Lee."
    assert quotes(body) == [
        ("direct", "Ann Lee", "Residents would expect the police to uphold the law, and that includes drugs,")]
    # a closing mark after a word with no attribution after it opens nothing
    assert quotes("Residents call it the “war zone” now.") == []


def test_an_adverb_between_the_subject_and_the_verb():
    assert units("Jane Brook spoke first.\n\nShe instead blamed the Government for refusing to allow the room.\n") == [
        ("indirect", "Jane Brook", "the Government for refusing to allow the room")]


@pytest.mark.parametrize("text, speaker", [
    ("Ashton Council has confirmed two deaths.\n\nBut the council said there were no plans to change the law.\n",
     "Ashton Council"),
    ("The charity Vell Aid was set up in 2001.\n\nThe charity has warned that deaths will rise this year.\n",
     "Vell Aid"),
])
def test_the_council_is_the_council_the_article_named(text, speaker):
    assert [u[1] for u in units(text)] == [speaker]
    # no council named before: "the council" stands for nobody the article knows
    assert units("But the charity has warned that deaths will rise this year.\n") == []


def test_a_request_participle_speaks_for_the_subject_of_the_main_clause():
    text = ("Ashton Council has confirmed two deaths.\n\nThe council has issued a stark warning to the public, "
            "urging people to avoid the pills.\n")
    assert units(text) == [("indirect", "Ashton Council", "people to avoid the pills")]


@pytest.mark.parametrize("text, expected", [
    ("Leeds Crown Court heard the yield of the plants was around 800 grammes.\n",
     [("indirect", "Leeds Crown Court", "the yield of the plants was around 800 grammes")]),
    ("Police found the plants in a raid on a store in Dudley, Wolverhampton Crown Court heard.\n",
     [("indirect", "Wolverhampton Crown Court", "Police found the plants in a raid on a store in Dudley")]),
    # only a named court hears speech
    ("Jane Brook heard the plants were worth a lot.\n", []),
    ("An inquest heard the teenager had bought another pill.\n", []),
])
def test_a_named_court_heard(text, expected):
    assert units(text) == expected


def test_a_subject_never_spans_but():
    text = ("The plan is supported by Labour and Liberal Democrat politicians but the Vell Office insists "
            "\"there is no safe way to take illegal drugs\".\n")
    assert units(text) == [("direct", "Vell Office", "there is no safe way to take illegal drugs")]


def test_both_before_a_joined_subject_is_left_out():
    assert units("Both the Vell Party and the Kell Party demanded an urgent statement.\n") == [
        ("indirect", "Vell Party and the Kell Party", "an urgent statement")]


def test_according_to_a_source_with_an_appositive():
    text = "Universities should support students found using drugs, according to Vell Aid, a drugs charity.\n"
    assert [(u[1], u[2]) for u in units(text)] == [
        ("Vell Aid", "Universities should support students found using drugs")]


@pytest.mark.parametrize("text, expected", [
    ("Both the Vell Party and Kell Labour demanded an urgent statement and one has been agreed for tomorrow.\n",
     "an urgent statement"),
    ("Jane Brook blamed the Government for refusing to allow a safe room — which again recorded the most deaths.\n",
     "the Government for refusing to allow a safe room"),
    # a joined object with no clause of its own stays whole
    ("Jane Brook urged ministers and officials to act on the report.\n", "ministers and officials to act on the report"),
])
def test_the_object_of_a_phrase_verb_ends_before_a_clause_of_its_own(text, expected):
    assert [u[2] for u in units(text)] == [expected]


def test_concerned_about_a_thing_but_not_about_how():
    assert units("Jane Brook was concerned about the risks of criminalising a legal activity.\n") == [
        ("indirect", "Jane Brook", "the risks of criminalising a legal activity")]
    assert units("Jane Brook was concerned about how the scheme might affect the clinic.\n") == []

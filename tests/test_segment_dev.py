"""Regression tests for the error categories a blind measurement found in the segmenter.

Every text below is INVENTED TEST DATA written for these tests: the people, places,
newspapers and events are made up and none of it is real news. The cases are written from
the category descriptions only (the blind texts were never seen), one general rule each.
"""

from __future__ import annotations

import pytest

from segment_helpers import unit_fields
from stance.segment import segment_text


# (kind, span text, speaker) of every unit, checking offsets on the way
units = unit_fields("kind", "text", "speaker", checked=True)


# -- 1. the listener of "told" is never the speaker ----------------------------------------------

TOLD_CASES = [
    pytest.param(
        "Tilda Reed runs the night shelter in Brancombe.\n“We are full every night,” Ms Reed told the Gazette.\n",
        [("direct", "We are full every night,", "Tilda Reed")],
        id="quote-then-told-newspaper",
    ),
    pytest.param(
        "Ivo Brack chairs the housing board.\nHe told BBC Radio Kent: “We need more beds in the town.”\n",
        [("direct", "We need more beds in the town.", "Ivo Brack")],
        id="told-broadcaster-colon",
    ),
    pytest.param(
        "Ivo Brack chairs the housing board.\nHe told BBC Radio Kent the beds were full.\n",
        [("indirect", "the beds were full", "Ivo Brack")],
        id="told-broadcaster-clause",
    ),
    pytest.param(
        "Pastor Hugo Venn leads the food bank.\nMr Venn told the Kestwick Echo that demand had doubled.\n",
        [("indirect", "demand had doubled", "Hugo Venn")],
        id="told-newspaper-that",
    ),
    pytest.param(
        "Ivo Brack chairs the board.\nMr Brack told the health scrutiny committee: “We are full every night.”\n",
        [("direct", "We are full every night.", "Ivo Brack")],
        id="told-long-committee-colon",
    ),
    pytest.param(
        "Tilda Reed runs the shelter.\nShe told Kestwick FM: “We are full every single night.”\n",
        [("direct", "We are full every single night.", "Tilda Reed")],
        id="told-radio-station-no-article",
    ),
    pytest.param(
        "Ivo Brack chairs the board.\nSpeaking to BBC Radio Kent, he said the beds were full.\n",
        [("indirect", "the beds were full", "Ivo Brack")],
        id="speaking-to-broadcaster",
    ),
    pytest.param(
        "Tilda Reed runs the shelter.\nThe shelter was full most nights, Ms Reed told the Gazette.\n",
        [("indirect", "The shelter was full most nights", "Tilda Reed")],
        id="clause-then-told-newspaper",
    ),
    pytest.param(
        "Tilda Reed runs the shelter.\nMs Reed told Ivo Brack that the beds were full.\n",
        [("indirect", "the beds were full", "Tilda Reed")],
        id="told-person-that",
    ),
    pytest.param(
        "Tilda Reed runs the shelter.\nShe told the panel's chairman, Ivo Brack: “We cannot take any more people.”\n",
        [("direct", "We cannot take any more people.", "Tilda Reed")],
        id="told-person-appositive-colon",
    ),
]


@pytest.mark.parametrize("text, expected", TOLD_CASES)
def test_told_object_is_not_the_speaker(text, expected):
    assert units(text) == expected


# -- 2. headline attributions ---------------------------------------------------------------------

HEADLINE_CASES = [
    pytest.param(
        "Cuts to rehab will cost lives - charity boss\n\n"
        "Rehab places in Brancombe are to be cut by a third.\n\n"
        "Marta Kiel, chief executive of the charity Open Door, said the cuts were short-sighted.\n",
        [
            ("indirect", "Cuts to rehab will cost lives", "Marta Kiel"),
            ("indirect", "the cuts were short-sighted", "Marta Kiel"),
        ],
        id="dash-role-noun-resolved",
    ),
    pytest.param(
        "Cuts to rehab will cost lives - charity boss\n\n"
        "Rehab places in Brancombe are to be cut by a third.\n\n"
        "Resident Tom Hill said the clinic had helped his brother.\n",
        [("indirect", "the clinic had helped his brother", "Tom Hill")],
        id="dash-role-noun-unresolved-is-skipped",
    ),
    pytest.param(
        "'We cannot arrest our way out,' says police chief\n\n"
        "Chief Constable Ravi Stone said officers could not solve addiction alone.\n",
        [
            ("direct", "We cannot arrest our way out,", "Ravi Stone"),
            ("indirect", "officers could not solve addiction alone", "Ravi Stone"),
        ],
        id="quoted-headline-says-role",
    ),
    pytest.param(
        "'We cannot arrest our way out,' says police chief\n\n"
        "Resident Tom Hill said the park was no longer safe.\n",
        [("indirect", "the park was no longer safe", "Tom Hill")],
        id="quoted-headline-role-not-in-body",
    ),
    pytest.param(
        "Judge says cannabis users should get a second chance\n\n"
        "Perrin Ashdown, a district judge at Brancombe Crown Court, said first offenders deserved help.\n",
        [
            ("indirect", "cannabis users should get a second chance", "Perrin Ashdown"),
            ("indirect", "first offenders deserved help", "Perrin Ashdown"),
        ],
        id="role-says-headline",
    ),
    pytest.param(
        "Mum calls for drug testing at festivals\n\n"
        "Mum-of-two Kerry Dale, whose son died in 2021, said testing would save lives.\n",
        [
            ("indirect", "drug testing at festivals", "Kerry Dale"),
            ("indirect", "testing would save lives", "Kerry Dale"),
        ],
        id="role-calls-for-headline",
    ),
    pytest.param(
        "Mum calls for drug testing at festivals\n\n"
        "A festival in Brancombe has been cancelled. Organiser Leon Pratt said sales were poor.\n",
        [("indirect", "sales were poor", "Leon Pratt")],
        id="role-headline-without-a-matching-person",
    ),
]


@pytest.mark.parametrize("text, expected", HEADLINE_CASES)
def test_headline_attributions(text, expected):
    assert units(text) == expected


# -- 3. an occupational noun before a name is a role, not part of the name -----------------------

@pytest.mark.parametrize(
    "noun, name",
    [
        ("Newsagent", "Gareth Pyle"),
        ("Pensioner", "Edna Coyle"),
        ("Mum", "Leanne Frew"),
        ("Landlord", "Piers Mott"),
        ("Campaigner", "Orla Bright"),
        ("Nurse", "Imogen Hale"),
        ("Shopkeeper", "Dev Amani"),
        ("Grandmother-of-five", "Ivy Lorne"),
    ],
)
def test_occupational_noun_is_a_role(noun, name):
    text = f"{noun} {name} said the street had changed for the worse.\n"
    (q,) = segment_text(text, "t")
    assert (q.speaker, q.speaker_role.lower(), q.text) == (name, noun.lower(), "the street had changed for the worse")


def test_occupational_noun_by_structure_before_a_known_first_name():
    # a noun outside the lexicon is still a role when a known first name follows it
    text = "Beekeeper Gareth Pyle said trade had dropped.\nMr Pyle added that the market needed help.\n"
    assert [u[2] for u in units(text)] == ["Gareth Pyle", "Gareth Pyle"]


def test_role_noun_later_refers_to_the_person():
    text = "Newsagent Gareth Pyle has been burgled twice.\nThe newsagent said police had not called back.\n"
    assert units(text) == [("indirect", "police had not called back", "Gareth Pyle")]


# -- 4. a sentence split by an attribution inside a quotation -------------------------------------

SPLIT_CASES = [
    pytest.param(
        'Dana Kell runs the hostel.\n"The problem," she said, "is that we have nowhere to send them."\n',
        [
            ("direct", "The problem,", "Dana Kell"),
            ("direct", "is that we have nowhere to send them.", "Dana Kell"),
        ],
        id="short-first-part-pronoun",
    ),
    pytest.param(
        "“Frankly,” said Dana Kell, “the hostel should never have closed.”\n",
        [
            ("direct", "Frankly,", "Dana Kell"),
            ("direct", "the hostel should never have closed.", "Dana Kell"),
        ],
        id="one-word-first-part-inverted",
    ),
    pytest.param(
        "‘The problem,’ Dana Kell said, ‘is that we have nowhere to send them.’\n",
        [
            ("direct", "The problem,", "Dana Kell"),
            ("direct", "is that we have nowhere to send them.", "Dana Kell"),
        ],
        id="single-marks",
    ),
]


@pytest.mark.parametrize("text, expected", SPLIT_CASES)
def test_split_quotation(text, expected):
    assert units(text) == expected


def test_short_quoted_term_is_still_not_speech():
    assert units('Officers called it "cuckooing", and residents agreed.\n') == []


# -- 5. pronouns --------------------------------------------------------------------------------

PRONOUN_CASES = [
    pytest.param(
        "Helen Marsh said the scheme had worked well.\n"
        "Her colleague Nina Shaw, the clinic manager, was more cautious.\n"
        "She said the results were too early to judge.\n",
        ["Helen Marsh", "Nina Shaw"],
        id="new-subject-beats-older-speaker",
    ),
    pytest.param(
        "Ysolde Marr said the scheme had worked well.\n"
        "Her deputy, Bryony Tate, was more cautious.\n"
        "She said the results were too early to judge.\n",
        ["Ysolde Marr", "Bryony Tate"],
        id="new-subject-unknown-first-names",
    ),
    pytest.param(
        "Lucy Dunn met Sarah Holt's mother at the vigil.\nShe said the family wanted answers.\n",
        ["Lucy Dunn"],
        id="subject-beats-possessive",
    ),
    pytest.param(
        "Maria Vale told Rosa Lind about the waiting list.\nShe said the clinic was full.\n",
        ["Maria Vale"],
        id="subject-beats-object",
    ),
    pytest.param(
        '"We cannot cope," said Maria Vale.\n'
        "Rosa Lind, who chairs the board, disagreed. She said the clinic had coped well.\n",
        ["Maria Vale", "Rosa Lind"],
        id="same-gender-alternation",
    ),
    pytest.param(
        "Helen Marsh said the scheme had worked.\n"
        '"It has been a disaster," said Peter Hale.\n'
        "She added that the figures spoke for themselves.\n",
        ["Helen Marsh", "Peter Hale", "Helen Marsh"],
        id="pronoun-after-other-gender-quote",
    ),
    pytest.param(
        "Helen Marsh said the scheme had worked.\n"
        '"It has been a disaster," said Nina Shaw.\n'
        "She added that the figures spoke for themselves.\n",
        ["Helen Marsh", "Nina Shaw", "Nina Shaw"],
        id="pronoun-after-same-gender-quote",
    ),
]


@pytest.mark.parametrize("text, speakers", PRONOUN_CASES)
def test_pronoun_resolution(text, speakers):
    assert [u[2] for u in units(text)] == speakers


# -- 6. spokespeople speak for their organisation ---------------------------------------------------

SPOKES_CASES = [
    pytest.param(
        "Kestwick Police arrested two men.\nA police spokesman said officers would return.\n",
        ["Kestwick Police"],
        id="police-spokesman",
    ),
    pytest.param(
        "The plan was drawn up by the charity Open Door.\nA spokeswoman for the charity said the cuts were short-sighted.\n",
        ["Open Door"],
        id="the-charity-named-earlier",
    ),
    pytest.param(
        "Kestwick University Hospitals NHS Trust runs the clinic.\nA trust spokesman said services were under review.\n",
        ["Kestwick University Hospitals NHS Trust"],
        id="trust-spokesman",
    ),
    pytest.param(
        "Ada Voss said the clinic was failing.\n"
        "A spokeswoman for Northfold Council said the clinic was safe.\n"
        "She added that an inspection was due.\n",
        ["Ada Voss", "Northfold Council", "Northfold Council"],
        id="pronoun-continues-the-spokeswoman",
    ),
    pytest.param(
        "A spokesperson for Northfold Council said the decision was final.\n",
        ["Northfold Council"],
        id="spokesperson-for-named-council",
    ),
]


@pytest.mark.parametrize("text, speakers", SPOKES_CASES)
def test_spokespeople(text, speakers):
    assert [u[2] for u in units(text)] == speakers


# -- 7. reported speech with noun-phrase verbs ------------------------------------------------------

NP_VERB_CASES = [
    pytest.param(
        "Coroner calls on ministers to act over prescription deaths\n\n"
        "Coroner Ann Tidy said the GP had missed warning signs.\n",
        [
            ("indirect", "ministers to act over prescription deaths", "Ann Tidy"),
            ("indirect", "the GP had missed warning signs", "Ann Tidy"),
        ],
        id="calls-on-headline",
    ),
    pytest.param(
        "Kestwick MP Ivo Brack has called for a review of drug sentencing.\n",
        [("indirect", "a review of drug sentencing", "Ivo Brack")],
        id="has-called-for-lede",
    ),
    pytest.param(
        "Ivo Brack urged ministers to fund more rehab places.\n",
        [("indirect", "ministers to fund more rehab places", "Ivo Brack")],
        id="urged",
    ),
    pytest.param(
        "Ivo Brack hit out at the decision to close the clinic.\n",
        [("indirect", "the decision to close the clinic", "Ivo Brack")],
        id="hit-out-at",
    ),
]


@pytest.mark.parametrize("text, expected", NP_VERB_CASES)
def test_noun_phrase_verbs(text, expected):
    assert units(text) == expected


# -- 8. only speech verbs create units --------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Panel grills commissioner over drug deaths\n\nThe panel met on Tuesday.\n", id="grills"),
        pytest.param("MPs quiz minister over rehab cuts\n\nThe committee met on Tuesday.\n", id="quiz"),
        pytest.param("Panel questions commissioner over drug deaths\n\nThe panel met on Tuesday.\n", id="questions"),
        pytest.param(
            "Panel grills PCC: 'Where has all the money gone?'\n\nThe panel met on Tuesday.\n",
            id="grills-colon-quote",
        ),
    ],
)
def test_non_speech_verbs_make_no_units(text):
    assert units(text) == []


def test_object_of_a_non_speech_verb_is_not_the_speaker():
    text = (
        "Panel grills PCC: 'Where has all the money gone?'\n\n"
        "PCC Ada Voss said the money had been spent on officers.\n"
    )
    assert units(text) == [("indirect", "the money had been spent on officers", "Ada Voss")]


# -- a second, wider set of invented cases (written after the rules, to check they generalise) --

MORE_CASES = [
    ('Councillor Bea Hollis chairs the committee.\nShe told the Local Democracy Reporting Service that the budget was stretched.\n',
     [('indirect', 'the budget was stretched', 'Bea Hollis')]),
    ('Bea Hollis is a councillor in Drayford.\n“We can’t keep doing this,” Cllr Hollis told Drayford Live.\n',
     [('direct', 'We can’t keep doing this,', 'Bea Hollis')]),
    ('Bea Hollis is a councillor in Drayford.\nCllr Hollis told ITV News: "We can\'t keep doing this to families."\n',
     [('direct', "We can't keep doing this to families.", 'Bea Hollis')]),
    ('Bea Hollis is a councillor in Drayford.\nShe told a meeting of the full council on Thursday: "We can\'t keep doing this to families."\n',
     [('direct', "We can't keep doing this to families.", 'Bea Hollis')]),
    ('Omar Reddy runs the clinic.\nMr Reddy told The Drayford Courier he was worried about funding.\n',
     [('indirect', 'he was worried about funding', 'Omar Reddy')]),
    ('Omar Reddy runs the clinic.\nSpeaking to the Courier, Mr Reddy said he was worried about funding.\n',
     [('indirect', 'he was worried about funding', 'Omar Reddy')]),
    ('Omar Reddy runs the clinic.\nIn an interview with BBC Look East, he said funding had been cut.\n',
     [('indirect', 'funding had been cut', 'Omar Reddy')]),
    ('Omar Reddy runs the clinic.\nHe told MPs on the Home Affairs Committee that funding had been cut.\n',
     [('indirect', 'funding had been cut', 'Omar Reddy')]),
    ("Festival drug deaths 'entirely preventable' - coroner\n\nTwo people died at the Drayford festival last summer.\n\nSenior coroner Wendy Achterberg said both deaths could have been prevented.\n",
     [('indirect', "Festival drug deaths 'entirely preventable'", 'Wendy Achterberg'), ('indirect', 'both deaths could have been prevented', 'Wendy Achterberg')]),
    ("'Treatment not punishment', says drugs tsar\n\nThe government's drugs tsar, Dame Rula Penn, said addiction was a health issue.\n",
     [('direct', 'Treatment not punishment', 'Rula Penn'), ('indirect', 'addiction was a health issue', 'Rula Penn')]),
    ('Council leader says rehab cuts are unavoidable\n\nThe leader of Drayford Council, Nick Storr, said the budget gap was £5m.\n',
     [('indirect', 'rehab cuts are unavoidable', 'Nick Storr'), ('indirect', 'the budget gap was £5m', 'Nick Storr')]),
    ('Headteacher calls for sniffer dogs in schools\n\nHeadteacher Rhona Gill said pupils had been offered drugs at the gates.\n',
     [('indirect', 'sniffer dogs in schools', 'Rhona Gill'), ('indirect', 'pupils had been offered drugs at the gates', 'Rhona Gill')]),
    ('MP urges ministers to rethink drug laws\n\nDrayford MP Colin Hext said the current approach had failed.\n',
     [('indirect', 'ministers to rethink drug laws', 'Colin Hext'), ('indirect', 'the current approach had failed', 'Colin Hext')]),
    ("Dad warns of dangers of ketamine after son's death\n\nFather-of-three Ian Moss said he wanted other families to know the risks.\n",
     [('indirect', "dangers of ketamine after son's death", 'Ian Moss'), ('indirect', 'he wanted other families to know the risks', 'Ian Moss')]),
    ('Shop owner Priya Basra said the street had become unsafe.\n',
     [('indirect', 'the street had become unsafe', 'Priya Basra')]),
    ('Grandad Stan Ibbot said he had never seen the park so bad.\n',
     [('indirect', 'he had never seen the park so bad', 'Stan Ibbot')]),
    ('Taxi driver Mo Farrah said passengers often carried drugs.\n',
     [('indirect', 'passengers often carried drugs', 'Mo Farrah')]),
    ('Resident Jean Mallory said the needles had been there for weeks.\n',
     [('indirect', 'the needles had been there for weeks', 'Jean Mallory')]),
    ('Student Ellie Brankin, 19, said she had been offered cocaine in the union bar.\n',
     [('indirect', 'she had been offered cocaine in the union bar', 'Ellie Brankin')]),
    ('Rhona Gill is a headteacher.\n“Honestly,” Mrs Gill said, “we are out of our depth.”\n',
     [('direct', 'Honestly,', 'Rhona Gill'), ('direct', 'we are out of our depth.', 'Rhona Gill')]),
    ('Rhona Gill is a headteacher.\n“What we need,” she added, “is proper help from the council.”\n',
     [('direct', 'What we need,', 'Rhona Gill'), ('direct', 'is proper help from the council.', 'Rhona Gill')]),
    ('Jane Orr said the clinic was full. Mary Pitt, a nurse at the clinic, said staff were exhausted. She added that agency staff cost too much.\n',
     ['Jane Orr', 'Mary Pitt', 'Mary Pitt']),
    ('Jane Orr said the clinic was full. Police later spoke to Mary Pitt. She said the clinic would stay open.\n',
     ['Jane Orr', 'Jane Orr']),
    ('“The clinic is full,” said Jane Orr.\nMary Pitt’s daughter was treated there last year.\nShe said the staff had been wonderful.\n',
     ['Jane Orr', 'Jane Orr']),
    ('Tom Hale said the plan was sound. His brother, Ed Hale, disagreed.\nHe said it would never work.\n',
     ['Tom Hale', 'Ed Hale']),
    ('Drayford and District NHS Trust runs the service.\nA spokeswoman for the NHS trust said: "We are sorry for the delays."\n',
     ['Drayford and District NHS Trust']),
    ('The Drayford Recovery Project helps addicts.\nA spokesman for the project said demand had risen.\n',
     ['Drayford Recovery Project']),
    ('West Drayford Police made the arrests.\nA force spokesperson said: "Enquiries are ongoing and we urge anyone with information to call us."\n',
     ['West Drayford Police']),
    ('Drayford City Council closed the hostel.\nA city council spokesman said the building was unsafe.\n',
     ['Drayford City Council']),
    ('Police chief calls for tougher sentences for dealers\n\nChief Constable Pat Ennis said dealers were exploiting children.\n',
     [('indirect', 'tougher sentences for dealers', 'Pat Ennis'), ('indirect', 'dealers were exploiting children', 'Pat Ennis')]),
    ('Drayford MP Colin Hext has urged the government to fund more treatment places.\n',
     [('indirect', 'the government to fund more treatment places', 'Colin Hext')]),
    ('Colin Hext called on the council to reopen the hostel.\n',
     [('indirect', 'the council to reopen the hostel', 'Colin Hext')]),
    ('Committee grills health chief over rehab waiting lists\n\nThe committee met on Monday.\n',
     []),
    ('Councillors quiz police boss over rise in knife crime\n\nThe meeting was held on Monday.\n',
     []),
    # codebook 1.2: a collective source is a unit, its speaker the phrase as written
    ('Residents slam council over needle bins\n\nResidents say needles are left in the park.\n',
     ['residents']),
    ('MPs grill Home Secretary over drugs\n\nThe hearing lasted three hours.\n',
     []),
    ('Rehab cuts \'will cost lives\', warns charity boss\n\nPlans to cut rehab places in Kelmouth will cost lives, the head of a local charity has warned.\n\nFran Oduya, chief executive of the Kelmouth Recovery Trust, said the council\'s plans were "short-sighted".\n\n"We see people every day who have nowhere else to go," she told the Kelmouth Mercury.\n\n"If these beds close, some of them will die."\n\nCouncil leader Gordon Pask said the authority had no choice. He told a cabinet meeting on Tuesday that government funding had fallen by a third.\n\nA spokesman for Kelmouth Council added: "We are working with partners to limit the impact."\n',
     [('indirect', "Rehab cuts 'will cost lives'", 'Fran Oduya'), ('indirect', 'Plans to cut rehab places in Kelmouth will cost lives', 'Fran Oduya'), ('indirect', 'the council\'s plans were "short-sighted"', 'Fran Oduya'), ('direct', 'We see people every day who have nowhere else to go,', 'Fran Oduya'), ('direct', 'If these beds close, some of them will die.', 'Fran Oduya'), ('indirect', 'the authority had no choice', 'Gordon Pask'), ('indirect', 'government funding had fallen by a third', 'Gordon Pask'), ('direct', 'We are working with partners to limit the impact.', 'Kelmouth Council')]),
    ('Judge criticises delays in drug treatment orders\n\nA judge has criticised delays in setting up treatment for offenders.\n\nRecorder Alan Breck, sitting at Kelmouth Crown Court, said it was "unacceptable" that a defendant had waited six months.\n\nProsecutor Sian Lowe told the court the defendant had been caught with cocaine worth £2,000.\n',
     [('indirect', 'delays in drug treatment orders', 'Alan Breck'), ('indirect', 'delays in setting up treatment for offenders', 'Alan Breck'), ('indirect', 'it was "unacceptable" that a defendant had waited six months', 'Alan Breck'), ('indirect', 'the defendant had been caught with cocaine worth £2,000', 'Sian Lowe')]),
    ('Mum of overdose victim backs drug checking\n\nThe mother of a teenager who died after taking ecstasy has backed calls for drug checking at festivals.\n\nCarol Tamm, whose daughter Abi died in 2022, said: "If the pills had been tested, Abi would be alive."\n\nMrs Tamm, from Kelmouth, said she had written to the Home Secretary.\n',
     [('indirect', 'drug checking', 'Carol Tamm'), ('indirect', 'calls for drug checking at festivals', 'Carol Tamm'), ('direct', 'If the pills had been tested, Abi would be alive.', 'Carol Tamm'), ('indirect', 'she had written to the Home Secretary', 'Carol Tamm')]),
    ('Officers told residents to stay indoors while the search went on.\n',
     []),
    ('Police were called to the flat at 2am. A man was arrested.\n',
     []),
    ('The report said drug deaths had doubled.\n',
     []),
    ('Kelmouth Council told the Mercury it had no record of the complaint.\n',
     [('indirect', 'it had no record of the complaint', 'Kelmouth Council')]),
    ('Ivo Marsh, 34, told magistrates he had been selling to pay off a debt.\n',
     [('indirect', 'he had been selling to pay off a debt', 'Ivo Marsh')]),
    ('Speaking after the hearing, Det Insp Nia Cole said: “This was a cruel and calculated operation.”\n',
     [('direct', 'This was a cruel and calculated operation.', 'Nia Cole')]),
    ('“I had no idea,” the pensioner said.\n',
     []),
    ('Pensioner Doris Leek, 81, was burgled in May. “I had no idea,” the pensioner said.\n',
     [('direct', 'I had no idea,', 'Doris Leek')]),
    ('Jo Tarn met Councillor Ravi Dee last week. He told her the scheme would be reviewed.\n',
     [('indirect', 'the scheme would be reviewed', 'Ravi Dee')]),
    ('Nurse struck off after stealing drugs from ward\n\nA nurse has been struck off.\n',
     []),
    ("Judge says cannabis laws are out of date\n\nA man was fined £200 at Kelmouth Magistrates' Court.\n",
     []),
    ('"Spice," as it is known, is cheap and dangerous.\n',
     []),
    ("'Crisis', says report on drug deaths\n\nThe report was published on Monday.\n",
     []),
    ('Dr Owen Harris runs the clinic.\nMr Harris said the waiting list was growing.\n',
     [('indirect', 'the waiting list was growing', 'Owen Harris')]),
    ('Ceri Lewis runs the clinic. Ms Lewis told the Gazette the shelter was full.\n',
     [('indirect', 'the shelter was full', 'Ceri Lewis')]),
    ('Ceri Lewis runs the clinic.\nIn a statement to the Gazette, Ms Lewis said: “We are at capacity.”\n',
     [('direct', 'We are at capacity.', 'Ceri Lewis')]),
    ('Ceri Lewis runs the clinic.\nAsked by the Gazette whether the clinic would close, Ms Lewis said it would not.\n',
     [('indirect', 'it would not', 'Ceri Lewis')]),
    ("Ceri Lewis runs the clinic.\n“We are at capacity,” she told BBC Radio Kelmouth's breakfast show.\n",
     [('direct', 'We are at capacity,', 'Ceri Lewis')]),
    ("Ceri Lewis runs the clinic.\nShe told the Kelmouth Gazette's reporter: “We are at capacity and cannot take more.”\n",
     [('direct', 'We are at capacity and cannot take more.', 'Ceri Lewis')]),
    ('Ceri Lewis and Amir Shah run the clinic.\n“We are at capacity,” Ms Lewis told Mr Shah.\n',
     [('direct', 'We are at capacity,', 'Ceri Lewis')]),
    ('Kelmouth MP Ravi Dhar calls for review of drug laws\n\nMr Dhar said the laws were fifty years old.\n',
     [('indirect', 'review of drug laws', 'Ravi Dhar'), ('indirect', 'the laws were fifty years old', 'Ravi Dhar')]),
    ("'We will not give up' - Kelmouth mum Tina Rowe\n\nTina Rowe lost her son to heroin in 2019.\n",
     [('direct', 'We will not give up', 'Tina Rowe')]),
    ('Kelmouth Council said it would review the decision. Cllr Ben Amos said he was disappointed.\n',
     [('indirect', 'it would review the decision', 'Kelmouth Council'), ('indirect', 'he was disappointed', 'Ben Amos')]),
    ('Kelmouth Police said two men had been arrested. A police spokeswoman said: “Enquiries are continuing.”\n',
     [('indirect', 'two men had been arrested', 'Kelmouth Police'), ('direct', 'Enquiries are continuing.', 'Kelmouth Police')]),
    ('A Home Office spokesman said the government had no plans to change the law.\n',
     [('indirect', 'the government had no plans to change the law', 'Home Office')]),
    ('Landlord Steve Crouch, 52, said the pub had been targeted by dealers.\n',
     [('indirect', 'the pub had been targeted by dealers', 'Steve Crouch')]),
    ('Father-of-two Dean Pye, from Kelmouth, said he had been clean for a year.\n',
     [('indirect', 'he had been clean for a year', 'Dean Pye')]),
    ('Tina Rowe lost her son.\n“He was,” she said, “the kindest boy you could meet.”\n',
     [('direct', 'He was,', 'Tina Rowe'), ('direct', 'the kindest boy you could meet.', 'Tina Rowe')]),
    ('Tina Rowe lost her son.\n“No,” she said. “I will never forgive them.”\n',
     [('direct', 'No,', 'Tina Rowe'), ('direct', 'I will never forgive them.', 'Tina Rowe')]),
]


@pytest.mark.parametrize("text, expected", MORE_CASES)
def test_more_invented_cases(text, expected):
    got = units(text)
    if expected and isinstance(expected[0], str):
        got = [u[2] for u in got]  # speakers only
    assert got == expected


# -- precision: the wider role lexicon must not invent speakers ------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Rents are rising.\nThe council met.\nThe park is dirty.\n"
            "A resident said the needles had been there for weeks. Ben Amos, 40, said the council had done nothing.\n",
            # codebook 1.2: the vox pop is an unnamed source, never the next name
            [("indirect", "the needles had been there for weeks", "a resident"),
             ("indirect", "the council had done nothing", "Ben Amos")],
            id="vox-pop-resident-is-not-the-next-name",
        ),
        pytest.param(
            "Sarah Holt died in May. Her mother said the family wanted answers.\n",
            # codebook 1.2: an unnamed relative is an unnamed source, as written, never the
            # person she is the mother of (12k; before, no unit at all)
            [("indirect", "the family wanted answers", "her mother")],
            id="unnamed-relative",
        ),
        pytest.param(
            "Sarah Holt died in May. Her mother, Ann Holt, said the family wanted answers.\n",
            [("indirect", "the family wanted answers", "Ann Holt")],
            id="relative-named-in-apposition",
        ),
        pytest.param(
            "Dr Owen Harris runs the clinic.\nMr Harris said: \"The waiting list is growing.\"\n",
            [("direct", "The waiting list is growing.", "Owen Harris")],
            id="surname-ending-in-is-is-not-passive",
        ),
    ],
)
def test_precision_cases(text, expected):
    assert units(text) == expected


# -- short invented articles mixing the patterns above -------------------------------------

ARTICLE_CASES = [
    ('Pensioner Maud Ellery, 84, has lived on the estate for 50 years.\n\nShe told the Harlow Star that dealers used the stairwell every night.\n\nHer neighbour, Jim Bowe, said he had complained to the police twice. "Nothing happens," he said.\n\nMrs Ellery said she no longer went out after dark.\n',
     [('indirect', 'dealers used the stairwell every night', 'Maud Ellery'), ('indirect', 'he had complained to the police twice', 'Jim Bowe'), ('direct', 'Nothing happens,', 'Jim Bowe'), ('indirect', 'she no longer went out after dark', 'Maud Ellery')]),
    ('“It is a scandal,” said Labour councillor Ruth Amis.\n\nConservative group leader Ann Pollard disagreed. She said the plan had been properly costed.\n\n“We cannot keep borrowing,” Mrs Pollard told the meeting.\n\nCllr Amis replied that borrowing was cheaper than the alternative.\n',
     # ("replied that" is reported speech since 12k; before, the last unit was missed)
     [('direct', 'It is a scandal,', 'Ruth Amis'), ('indirect', 'the plan had been properly costed', 'Ann Pollard'), ('direct', 'We cannot keep borrowing,', 'Ann Pollard'),
      ('indirect', 'borrowing was cheaper than the alternative', 'Ruth Amis')]),
    ("Chief Constable Ann Rudd and Supt Dev Mistry launched the campaign.\nMr Mistry said dealers would be targeted.\n",
     [("indirect", "dealers would be targeted", "Dev Mistry")]),
]


@pytest.mark.parametrize("text, expected", ARTICLE_CASES)
def test_invented_articles(text, expected):
    assert units(text) == expected


def test_headline_role_matching_two_people_is_skipped():
    # two senior officers fit "police chief": the headline names neither clearly
    text = (
        "Police chief says force is winning war on dealers\n\n"
        "Chief Constable Ann Rudd and Supt Dev Mistry launched the campaign.\n"
    )
    assert units(text) == []

"""Quotes out: find attributed speech units (direct and reported) in news article text.

The segmenter is a set of hand-written, precompiled regular-expression rules that follow the
span conventions of ``labels/quotes.csv``: a *direct* unit is the text between quotation marks
that a named speaker said (one unit per quoted paragraph), an *indirect* unit is the reported
clause after "X said (that)", "X told Y", "according to X," and kin. Speakers are resolved to
the canonical full name the article gives (pronouns, surnames with titles and role
descriptions such as "the area's police and crime commissioner" included). Everything works
on paragraph offsets into the original text, so ``article[start:end] == quote.text`` always
holds, whatever the line endings.

Two passes: :func:`_collect` registers who the article names (people with gender and role,
organisations with their kind), then each paragraph is read in order, headlines last, so that
a headline's "- charity boss" is attributed only to a person the body introduces in that role.
Some rules that keep speakers right:

* the listener of "told" (a newspaper, broadcaster, committee or person) is never the speaker;
* an occupational noun before a name is a role, not part of the name ("Newsagent Gareth Pyle");
* "she said" prefers the subject or speaker of the sentence before over a person named only as
  an object or a possessive; a spokesperson speaks for the organisation;
* only reporting verbs make units ("Panel grills commissioner" is not speech).
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .corpus import Article
from .errors import InputError
from .sources import collective_source, speaker_type
from .wrap import rejoin_wrapped, truncated_end

QUOTE_COLUMNS = ("quote_id", "doc_id", "start", "end", "kind", "speaker", "speaker_role", "text", "speaker_type")
KINDS = ("direct", "indirect")


@dataclass(frozen=True)
class Quote:
    """One attributed speech unit: ``text == article[start:end]``."""

    doc_id: str
    start: int
    end: int
    kind: str
    speaker: str
    speaker_role: str
    text: str
    speaker_type: str = "person"  # person | organisation | group | unnamed (codebook 1.2)

    def __reduce__(self):
        # a plain tuple pickles several times faster than a dataclass's state dict, which
        # matters when worker processes send thousands of units back
        return (Quote, (self.doc_id, self.start, self.end, self.kind, self.speaker, self.speaker_role, self.text,
                        self.speaker_type))

    def to_row(self, quote_id: str) -> dict:
        """Return the unit as a dict in the ``quotes.csv`` column order."""
        return {
            "quote_id": quote_id,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "text": self.text,
            "speaker_type": self.speaker_type,
        }


# ---------------------------------------------------------------------------------------------
# Word lists. Small and hand-made; they describe UK news English, not any particular article.

_UP = "A-ZÀ-ÖØ-Þ"


def _trie(entries: Iterable[str], sep: str = r"\s+") -> str:
    """One regex alternation for many words, factored by common prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; factoring
    ``said|says|saying`` into ``sa(?:id|ys|ying)`` makes a list of a hundred verbs several
    times cheaper to scan for. In ``entries`` a space stands for ``sep`` (or write ``\\s+``);
    everything else is literal. The longest entry wins, as with a length-sorted alternation.
    """
    root: dict = {}
    for e in entries:
        node = root
        for i, word in enumerate(re.split(r"\\s\+| ", e)):
            if i:
                node = node.setdefault(None, {})
            for ch in word:
                node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(sep if k is None else re.escape(k)) + emit(node[k]) for k in sorted(node, key=str) if k != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(alts) == 1 and len(body) > 1 else body + "?"
        return body

    return emit(root)

_CAPTOK = rf"[{_UP}][\w\-]*(?:['’][\w]+)*"
_PARTICLES = r"(?:de|van|von|der|den|da|di|du|del|della|la|le|al|bin|ter|dos|das)"
_CONNECT = r"(?:and|of|for|the|&|on|in|at|de|van|von|der|da|di|du|del|la|le)"

_PRONOUNS = {"he": "m", "she": "f", "they": "pl", "it": "org"}

_HONORIFICS = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "baron": "m",
    "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "baroness": "f",
    "mx": "", "dr": "", "doctor": "", "prof": "", "professor": "", "rev": "", "reverend": "",
    "canon": "", "bishop": "", "father": "m", "sister": "f", "rabbi": "", "imam": "",
}
# Abbreviated ranks and titles; the value is the role they state (empty: honorific only).
_RANK_TITLES = {
    "det chief supt": "Detective Chief Superintendent",
    "det ch supt": "Detective Chief Superintendent",
    "det chief insp": "Detective Chief Inspector",
    "det ch insp": "Detective Chief Inspector",
    "det supt": "Detective Superintendent",
    "det insp": "Detective Inspector",
    "det sgt": "Detective Sergeant",
    "det con": "Detective Constable",
    "det": "Detective",
    "chief supt": "Chief Superintendent",
    "ch supt": "Chief Superintendent",
    "chief insp": "Chief Inspector",
    "ch insp": "Chief Inspector",
    "supt": "Superintendent",
    "insp": "Inspector",
    "sgt": "Sergeant",
    "pc": "Police Constable",
    "pcso": "PCSO",
    "dci": "Detective Chief Inspector",
    "dcs": "Detective Chief Superintendent",
    "di": "Detective Inspector",
    "ds": "Detective Sergeant",
    "dc": "Detective Constable",
    "acc": "Assistant Chief Constable",
    "dcc": "Deputy Chief Constable",
    "cllr": "Councillor",
    "coun": "Councillor",
    "councillor": "Councillor",
}
_TITLE_RE = re.compile(
    r"(?:" + _trie(list(_RANK_TITLES) + list(_HONORIFICS), sep=r"\.?\s+") + r")\.?(?=\s)",
    re.IGNORECASE,
)

# Role heads: words that end a role description ("... Police and Crime Commissioner").
_ROLE_HEADS = [
    "police, fire and crime commissioner", "police and crime commissioner",
    "police crime commissioner", "deputy police and crime commissioner", "pcc",
    "chief constable", "deputy chief constable", "assistant chief constable",
    "detective chief superintendent", "detective superintendent", "chief superintendent",
    "superintendent", "detective chief inspector", "detective inspector", "chief inspector",
    "inspector", "detective sergeant", "sergeant", "detective constable", "police constable",
    "commissioner", "home secretary", "shadow home secretary", "prime minister",
    "policing minister", "minister", "secretary", "chancellor", "mp", "mep", "msp",
    "mayor", "council leader", "leader", "councillor", "cabinet member", "portfolio holder",
    "chief executive", "chief officer", "director", "chairman", "chairwoman", "chair",
    "president", "vice-president", "spokesman", "spokeswoman", "spokesperson", "head",
    "manager", "officer", "co-ordinator", "coordinator", "analyst", "researcher",
    "professor", "lecturer", "founder", "co-founder", "campaigner", "coroner", "judge",
    "magistrate", "recorder", "barrister", "solicitor", "headteacher", "head teacher",
    "principal", "consultant", "nurse", "doctor", "gp", "surgeon", "pharmacist",
    "psychiatrist", "scientist", "expert", "governor", "trustee", "adviser", "advisor",
    "lawyer", "editor", "correspondent", "commander", "constable", "detective", "lead",
    "ceo", "peer", "senator", "candidate", "chief", "boss", "deputy", "member",
    "cabinet minister", "justice secretary", "health secretary", "police commissioner",
    "crime commissioner", "superintendant", "economist", "criminologist", "author",
    "czar", "tsar", "drugs czar", "drugs tsar", "campaigner", "prosecutor", "defence barrister",
    "chief inspector of prisons", "paramedic", "midwife", "coach", "councillor", "pastor", "vicar", "priest",
]
# Descriptive and occupational nouns that news English puts before a name ("Newsagent Gareth
# Pyle", "mum-of-two Kerry Dale"). They are roles, never part of the name; the gendered ones
# also tell a pronoun who it may refer to.
_DESCRIPTIVE_NOUNS = {
    "newsagent", "pensioner", "mum", "mother", "dad", "father", "grandmother", "grandfather",
    "gran", "grandma", "granny", "grandad", "grandpa", "nan", "landlord", "landlady",
    "shopkeeper", "shopworker", "stallholder", "resident", "student", "teenager", "schoolgirl",
    "schoolboy", "pupil", "campaigner", "activist", "nurse", "midwife", "carer", "volunteer",
    "businessman", "businesswoman", "entrepreneur", "publican", "farmer", "builder", "plumber",
    "electrician", "chef", "owner", "driver", "cabbie", "widow", "widower", "veteran",
    "survivor", "neighbour", "parent", "teacher", "firefighter", "soldier", "footballer",
    "boxer", "singer", "rapper", "actor", "actress", "comedian", "presenter", "broadcaster",
    "journalist", "writer", "artist", "musician", "photographer", "dentist", "psychologist",
    "therapist", "counsellor", "accountant", "academic", "worker", "social worker",
    "youth worker", "support worker", "outreach worker", "ex-addict", "addict", "user",
    "wife", "husband", "daughter", "son", "sister", "brother", "aunt", "uncle", "niece",
    "nephew", "partner", "girlfriend", "boyfriend", "fiancee", "fiance", "organiser",
    "organizer", "trader", "shop owner", "cafe owner", "bar owner", "club owner", "dj",
    "mp", "councillor", "campaigner", "paramedic", "pharmacist", "doctor", "gp", "surgeon",
    "lecturer", "researcher", "coroner", "judge", "magistrate", "vicar", "pastor", "priest",
}
_FAMILY_COMPOUND = r"(?:mum|mother|dad|father|grandmother|grandfather|gran|grandad|nan)-of-[\w-]+"
_ROLE_HEADS += sorted(_DESCRIPTIVE_NOUNS - set(_ROLE_HEADS))
_ROLE_GENDER = {
    **dict.fromkeys(
        """mum mother grandmother gran grandma granny nan landlady businesswoman actress widow
        wife daughter sister aunt niece girlfriend fiancee spokeswoman chairwoman schoolgirl
        baroness dame""".split(), "f"),
    **dict.fromkeys(
        """dad father grandfather grandad grandpa businessman widower husband son brother
        uncle nephew boyfriend fiance spokesman chairman schoolboy""".split(), "m"),
}
_FAMILY_COMPOUND_RE = re.compile(_FAMILY_COMPOUND, re.IGNORECASE)
# role nouns that are titles ("Councillor Ada Pike", "Judge Ivo Marsh") keep their capital
_COMMON_ROLE_NOUNS = _DESCRIPTIVE_NOUNS - {
    "mp", "councillor", "coroner", "judge", "magistrate", "doctor", "gp", "vicar", "pastor",
    "priest", "dj",
}
_FAMILY_KEYS = {
    "mum", "dad", "son", "daughter", "wife", "husband", "brother", "sister", "partner",
    "girlfriend", "boyfriend", "aunt", "uncle", "niece", "nephew", "gran", "grandfather",
    "fiance", "fiancee", "parent", "widow", "widower",
}
_AGENT_SUFFIX_RE = re.compile(r"[a-z](?:er|or|ist|ian|ant|ent|man|woman|ee|ess)$")
_ROLE_HEAD_RE = re.compile(
    r"(?<![\w-])(?:" + _FAMILY_COMPOUND + "|" + _trie(_ROLE_HEADS) + r")(?![\w-])",
    re.IGNORECASE,
)
_ROLE_KEY_ALIASES = {
    "pcc": "police and crime commissioner",
    "police crime commissioner": "police and crime commissioner",
    "police, fire and crime commissioner": "police and crime commissioner",
    "police commissioner": "police and crime commissioner",
    "crime commissioner": "police and crime commissioner",
    "superintendant": "superintendent",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "head teacher": "headteacher",
    "advisor": "adviser",
    "coordinator": "co-ordinator",
    "mother": "mum",
    "father": "dad",
    "grandma": "gran",
    "granny": "gran",
    "nan": "gran",
    "grandmother": "gran",
    "grandad": "grandfather",
    "grandpa": "grandfather",
    "organizer": "organiser",
}

# Organisation words that alone are common nouns ("Panel grills commissioner", "Council
# approves plan"): a capitalised one at the start of a headline names nobody.
_GENERIC_ORG_WORDS = {
    "Police", "Constabulary", "Council", "Office", "Service", "Services", "Trust", "Foundation",
    "Department", "Ministry", "Agency", "Authority", "Society", "Party", "Government",
    "Association", "Institute", "University", "College", "Union", "Charity", "Commission",
    "Committee", "Board", "Partnership", "Group", "Network", "Federation", "Alliance",
    "Company", "Court", "Prison", "Hospital", "School", "Church", "Centre", "Center", "Force",
    "Panel", "Unit", "Team", "Project", "Campaign", "Coalition", "Forum", "Corporation",
    "Assembly", "Executive", "Organisation", "Organization", "Bureau", "Council's",
    "Consortium", "Fund", "Appeal", "Programme", "Club", "Collective", "Initiative", "Office's",
    "Home", "Live", "News", "Press", "Post", "Star", "Sun", "Record", "Standard", "Times",
    "Mail", "Express", "Mirror", "Echo", "Gazette", "Herald", "Journal", "Chronicle",
}
# Words that make a capitalised phrase an organisation: the generic ones above, plus names
# that are organisations on their own (outlets, parties, public bodies, charities).
_ORG_WORDS = _GENERIC_ORG_WORDS | {
    "Advertiser", "Argus", "Barnardo's", "Barnardo’s", "BBC", "Conservatives", "Courier", "CPS",
    "Crimestoppers", "Greens", "Guardian", "HMICFRS", "Independent", "Inspectorate", "IOPC", "ITV",
    "Labour", "Liberal", "Limited", "Ltd", "Mumsnet", "NCA", "NHS", "NSPCC", "Observer", "Ofcom",
    "Ofsted", "ONS", "Parliament", "Plc", "plc", "Release", "Reuters", "RSPCA", "Scotsman",
    "Telegraph", "Tories", "Transform", "Treasury", "UN", "WHO",
}
_NEWSPAPER_WORDS = {
    "Times", "Guardian", "Telegraph", "Independent", "Observer", "Mirror", "Express", "Mail",
    "Herald", "Scotsman", "Echo", "Chronicle", "Gazette", "Journal", "Argus", "Advertiser",
    "Courier", "Record", "Standard", "Post", "Sun", "Star", "Economist", "Spectator",
}
# Capitalised words that start sentences or name things but are never a speaker's name.
_NOT_NAME = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "His", "Her", "Their", "Its", "Our", "My", "Your", "You", "But", "And", "Or", "So", "Yet",
    "However", "Meanwhile", "Speaking", "In", "On", "At", "By", "For", "From", "With", "To",
    "Of", "After", "Before", "During", "Since", "As", "If", "When", "While", "Although",
    "Last", "Next", "Earlier", "Later", "Yesterday", "Today", "Now", "Also", "Then", "There",
    "Here", "What", "Who", "Why", "How", "Where", "Which", "Some", "Many", "Most", "All",
    "Police", "Officers", "Residents", "Campaigners", "Critics", "Experts", "Figures",
    "Ministers", "Sources", "Officials", "People", "Users", "Dealers", "Councillors", "MPs",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "West", "East", "North", "South", "UK",
    "Britain", "England", "Wales", "Scotland", "Ireland", "London", "Drug", "Drugs",
    "Cannabis", "Cocaine", "Heroin", "Crime", "Home", "Labour", "Conservative", "Tory",
    "Government", "Council", "Parliament", "Commons", "Lords", "Operation", "National",
    "Please", "Click", "Read", "Comments", "Featured", "Image", "Picture", "Photo", "Credit",
    "Nationally", "Locally", "Separately", "Overall", "Instead", "Indeed", "Both", "Each",
    "Every", "Other", "Such", "Even", "Only", "Just", "Not", "No", "Yes", "More", "Less",
    "Mr", "Mrs", "Ms", "Dr", "Miss",
}
# Sentence-initial function words that may precede a name in one capitalised run.
_LEAD_WORDS = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "His", "Her", "Their", "Its", "Our", "My", "Your", "You", "But", "And", "Or", "So", "Yet",
    "However", "Meanwhile", "Speaking", "In", "On", "At", "By", "For", "From", "With", "To",
    "Of", "After", "Before", "During", "Since", "As", "If", "When", "While", "Although",
    "Last", "Next", "Earlier", "Later", "Yesterday", "Today", "Now", "Also", "Then", "There",
    "Here", "What", "Who", "Why", "How", "Where", "Which", "Asked", "According", "Writing",
}
_ADVERBIAL_START = {
    "however", "but", "and", "meanwhile", "speaking", "writing", "in", "on", "at", "after",
    "before", "last", "earlier", "yesterday", "today", "now", "also", "separately",
    "elsewhere", "previously", "later", "following", "during", "since", "asked", "responding",
    "commenting", "addressing", "talking", "additionally", "furthermore", "moreover",
    "indeed", "instead", "still", "yet", "overall", "similarly", "likewise", "nationally",
    "locally", "then", "when", "while", "although", "though", "because", "as", "if",
    "this", "next", "recently", "previously", "so", "finally", "first", "secondly", "lastly",
    "crucially", "importantly", "notably", "for", "with", "without", "according", "by",
    "under", "despite", "regarding", "reacting", "appearing", "giving", "answering",
}
_MALE_NAMES = set(
    """John David Michael Paul Andrew Mark James Richard Peter Stephen Steve Steven Robert Rob
    Chris Christopher Ian Simon Tony Anthony Daniel Dan Matthew Matt Tom Thomas William Will
    George Harry Jack Charles Charlie Edward Ed Alan Gary Graham Graeme Kevin Martin Neil
    Nick Nicholas Philip Phil Adam Ben Benjamin Sam Samuel Joe Joseph Jonathan Jon Keith
    Kenneth Ken Colin Brian Barry Alex Alexander Dave Jim Jamie Jason Lee Luke Liam Ryan Sean
    Shaun Tim Timothy Stuart Scott Craig Darren Dean Wayne Gavin Gareth Rhys Dylan Owen Huw
    Hugh Henry Oliver Oscar Rishi Keir Boris Priti Sajid Sadiq Andy Greg Gregory Roger Derek
    Trevor Malcolm Frank Fred Geoff Geoffrey Gordon Harold Jeremy Justin Kieran Leon Lewis
    Marcus Nigel Patrick Ray Raymond Ricky Rory Russell Terry Victor Vincent Aaron Ahmed Ali
    Mohammed Muhammad Imran Omar Hamza Nathan Jake Callum Connor Kyle Toby Rupert Hamish
    Angus Alistair Duncan Fraser Ewan Iain Donald Rod Roy Ross Bill Bob Norman Stanley
    Douglas Francis Max Noah Ethan Leo Theo Archie Dominic Damian Julian Crispin Nadhim
    Lord Sir""".split()
)
_FEMALE_NAMES = set(
    """Alison Sarah Sara Emma Claire Clare Helen Jane Jo Joanne Julie Karen Kate Katie
    Catherine Kathryn Laura Lisa Louise Lucy Mary Michelle Nicola Rachel Rebecca Ruth Susan
    Sue Victoria Vicky Anne Ann Anna Amanda Angela Caroline Charlotte Deborah Debbie Diane
    Elizabeth Liz Emily Fiona Gillian Hannah Jackie Jacqueline Jennifer Jenny Jessica Jess
    Joanna Judith Julia Kelly Kim Linda Lorraine Lynn Maria Melanie Natalie Nicky Pauline
    Sally Samantha Sandra Sharon Sophie Stephanie Tracey Tracy Yvette Zoe Priti Suella Theresa
    Nadine Angela Liz Lisa Rosie Rosa Ellie Eleanor Grace Chloe Amy Amelia Olivia Isla Ava
    Mia Holly Megan Bethany Beth Abigail Gemma Hayley Kirsty Leanne Lindsey Lindsay Marie
    Paula Penny Philippa Pippa Rosemary Shirley Sheila Siobhan Tanya Teresa Wendy Yasmin
    Fatima Aisha Ayesha Nadia Shabana Rushanara Jacqui Harriet Margaret Maggie Carol Carole
    Dawn Denise Donna Elaine Frances Hazel Heather Irene Janet Janice Jean Joan Joyce Kay
    Lesley Lydia Maureen Nancy Patricia Pat Rita Sonia Valerie Vanessa Vera Christine Kirsten
    Kerry Cheryl Lauren Danielle Jade Naomi Esther Miriam Tessa Harriett Mhairi Nicole
    Bridget Cressida Dame Baroness Lady""".split()
)
# names given to boys and girls alike say nothing about gender
_UNISEX = {"Sam", "Alex", "Chris", "Jamie", "Lee", "Robin", "Jo", "Kim", "Pat", "Nicky", "Kit", "Max", "Jess", "Kerry", "Ray"}
_MALE_NAMES -= _UNISEX
_FEMALE_NAMES -= _UNISEX
_MALE_NAMES -= {"Priti", "Lord", "Sir"}
_FEMALE_NAMES -= {"Dame", "Baroness", "Lady"}
_MALE_NAMES.discard("Priti")
# more common first names in UK news, so that a pronoun finds its person by gender
_MALE_NAMES |= set(
    """Aidan Alfie Alfred Arthur Ashley Austin Barney Bernard Billy Blake Bradley Brendan
    Callum Cameron Carl Cecil Clive Conor Cyril Darius Declan Dennis Desmond Dominik Eamonn
    Edwin Elliot Elliott Emmanuel Eric Ernest Euan Felix Finlay Finley Finn Gabriel Garry
    Gerald Gerard Gilbert Glen Glenn Grant Guy Harvey Herbert Howard Ivan Jacob Jay Jeff
    Jeffrey Jeremiah Jimmy Joel Jordan Josh Joshua Jude Karl Kenny Kurt Lawrence Laurence
    Leonard Les Leslie Lloyd Louis Lucas Malik Mason Matthias Maurice Mick Mike Miles Mohamed
    Morgan Murray Nathaniel Neville Niall Noel Ollie Patrick Percy Pete Ralph Reece Reginald
    Reuben Rhodri Ricardo Robbie Rodney Ronald Ronnie Rowan Rufus Ruben Sebastian Seamus
    Shane Sid Sidney Spencer Stan Ted Terence Theodore Tobias Tommy Tristan Troy Tyler
    Vernon Vince Wade Walter Warren Wesley Wilfred Xavier Yusuf Zach Zachary Zak Abdul Ahmad
    Amir Arjun Asif Bilal Dev Faisal Hassan Hussein Ibrahim Idris Jamal Kamal Khalid Mahmood
    Mustafa Nadeem Naveed Rahul Raj Rajesh Ravi Sanjay Shahid Sunil Tariq Usman Vikram Zain
    Hal Ivo Piers Perrin Bram Tam Leon Tom Ted""".split()
)
_FEMALE_NAMES |= set(
    """Abbie Abby Adele Agnes Aileen Alexandra Alice Alicia Amber Andrea Annabel Annette
    Annie Antonia Audrey Barbara Beatrice Belinda Bella Beverley Brenda Bronwen Bryony
    Caitlin Camilla Cara Carla Carly Cassie Cerys Chantelle Charlene Cheryl Chelsea Cindy
    Claudia Colleen Courtney Daisy Daphne Davina Delia Diana Dorothy Edith Edna Eileen Elaine
    Eleanor Elena Ella Ellen Eloise Elsie Erin Esme Eva Eve Evelyn Faye Felicity Flora
    Florence Freya Georgia Georgina Geraldine Gina Glenda Gloria Gwen Gwyneth Helena Hilary
    Imogen Ingrid Iris Isabel Isabella Isabelle Isobel Ivy Jasmine Jayne Jemima Jill Josephine
    Joy Judy Julianne Juliet June Karina Katherine Kathleen Kathy Katy Keira Kerry-Ann Lara
    Leah Leanne Leila Lena Lily Lois Lorna Lottie Louisa Lucinda Lynda Lynne Mabel Madeleine
    Mandy Marcia Margot Marian Marion Marjorie Martha Matilda Maxine Maya Meg Melissa Mildred
    Millie Mina Miranda Molly Monica Morag Muriel Nadine Nell Nia Nina Nora Norma Olive
    Olwen Orla Paige Pamela Patsy Peggy Petra Phoebe Polly Poppy Primrose Rhian Rhiannon
    Roberta Rochelle Rosalind Rose Roxanne Ruby Sadie Saffron Sally-Ann Selina Serena Sheena
    Shannon Sian Sinead Stacey Stella Susie Suzanne Sylvia Tamsin Tara Tina Toni Tilly Trudy
    Una Ursula Violet Vivienne Yvonne Zara Zoe Anisa Asha Farah Hina Jasmin Layla Maryam
    Nazia Noor Parveen Priya Rukhsana Sabrina Saima Salma Samira Sana Shazia Sunita Zainab
    Tilda Marta Ada Ola Ilse Nadia Leanne Kerry Dana Mira Rhea Cora Elin Ines Lena""".split()
)
_MALE_NAMES -= _UNISEX | _FEMALE_NAMES
_FEMALE_NAMES -= _UNISEX | _MALE_NAMES
_FIRST_NAMES = frozenset(_MALE_NAMES | _FEMALE_NAMES | _UNISEX)

# Reporting verbs. Clause verbs take "(that) CLAUSE"; phrase verbs take a noun phrase and carry
# the stance themselves (the span starts after the verb, or after "for").
_CLAUSE_VERBS = """said says say added adds claimed claims argued argues insisted insists
warned warns suggested suggests stated states explained explains admitted admits
acknowledged acknowledges noted notes stressed stresses emphasised emphasises emphasized
revealed reveals confirmed confirms maintained maintains conceded concedes asserted asserts
declared declares announced announces predicted predicts told tells wrote writes tweeted
accepted agreed complained complains reiterated reiterates concluded remarked recalled
alleged alleges believes believed contended contends observed observes conceded
pointed\\s+out points\\s+out""".split()
_PHRASE_VERBS = """called\\s+for calls\\s+for call\\s+for appealed\\s+for appeals\\s+for
pushed\\s+for pushes\\s+for argued\\s+for argues\\s+for campaigned\\s+for lobbied\\s+for
criticised criticises criticized criticizes urged urges supported supports backed backs
welcomed welcomes condemned condemns praised praises defended defends rejected rejects
dismissed dismisses opposed opposes slammed slams demanded demands proposed proposes
recommended recommends advocated advocates endorsed endorses pledged pledges vowed vows
promised promises blamed blames branded brands hailed hails accused accuses questioned
questions championed champions called\\s+on calls\\s+on call\\s+on hit\\s+out\\s+at
hits\\s+out\\s+at lashed\\s+out\\s+at lashes\\s+out\\s+at warned\\s+of warns\\s+of
warned\\s+against warns\\s+against spoke\\s+out\\s+against speaks\\s+out\\s+against
pleaded\\s+for pleads\\s+for""".split()
# "questioned the decision" reports a stance; "questions commissioner" (a headline's "grills")
# reports an interrogation: these verbs need an object that is not a person
_INTERROGATE = {"questioned", "questions"}
# Verbs that report speech only with an explicit "that" ("announced that ..."), since
# "announced the plans" or "revealed the figures" report no words.
_NEED_THAT = set(
    """announced announces declared declares revealed reveals confirmed confirms accepted
    agreed complained complains predicted predicts recalled recalls observed observes noted
    notes wrote writes tweeted believes believed alleged alleges maintained maintains
    acknowledged acknowledges remarked concluded reiterated reiterates admitted admits
    explained explains stated states""".split()
)
_PARTICIPLES = """adding saying warning claiming insisting arguing suggesting stressing noting
explaining admitting acknowledging stating calling\\s+for urging describing
pointing\\s+out""".split()
_VERB_ALT = _trie(_CLAUSE_VERBS + _PHRASE_VERBS)
_PART_ALT0 = _trie(_PARTICIPLES)
_TRIGGER_RE = re.compile(rf"(?<![\w'’-])(?:(?P<verb>{_VERB_ALT})|(?P<part>{_PART_ALT0}))(?![\w'’-])")
_FOR_YEARS_RE = re.compile(
    r"for\s+(?:years|decades|months|weeks|some\s+time|a\s+long\s+time|many\s+years)\s+that\b"
)
_THAT_RE = re.compile(r"\s+that\b")
_PART_LEAD_RE = re.compile(r"(?:[,;]\s*(?:while\s+|also\s+|before\s+|and\s+|then\s+)?|\s+and\s+)$")
_PHRASE_SET = {re.sub(r"\\s\+", " ", v) for v in _PHRASE_VERBS}
_PART_ALT = _PART_ALT0
# Verbs that may start a second unit in the same sentence ("... and suggested that ...").
_CONJ_VERBS = """said says added adds claimed claims argued argues insisted insists warned
warns suggested suggests stated states explained explains admitted admits told tells
called\\s+for calls\\s+for urged urges criticised criticises criticized supported supports
backed backs condemned condemns praised praises welcomed welcomes stressed stresses
accused accuses pledged pledges vowed vows branded brands rejected rejects defended
defends pointed\\s+out points\\s+out acknowledged noted notes called\\s+on calls\\s+on
hit\\s+out\\s+at hits\\s+out\\s+at""".split()
_CONJ_ALT = _trie(_CONJ_VERBS)

_AUX_TAIL_RE = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|has\s+previously|then|later|now|repeatedly|"
    r"recently|publicly|today|yesterday|earlier|once|already|would|will|has\s+since|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|\w+ly))+\s*$"
)
_PASSIVE_TAIL_RE = re.compile(
    r"(?:\b(?:was|were|is|are|been|being|be|been)\s+(?:\w+ly\s+)?|\b(?:to|not|never|n't)\s+)$",
    re.IGNORECASE,
)
_ADVERBIAL_AFTER = (
    r"(?:on|in|at|during|last|this|yesterday|today|earlier|later|recently|previously|"
    r"publicly|repeatedly|also|then|now|after|before|following|when|while|previously|"
    r"once|again|privately|openly|herself|himself|themselves)\b"
)
_THAT_AFTER_RE = re.compile(rf"\s+{_ADVERBIAL_AFTER}[^,:;.!?\"“”]{{0,60}}?\s+that\b")
# A run of capitalised words ("Kestwick University Hospitals NHS Trust"). The left-boundary
# check sits after the first letter so that ``re`` can skip straight to capital letters.
_CAPSEQ_PAT = rf"[{_UP}](?<![\w'’-].)[\w\-]*(?:['’][\w]+)*(?:\s+(?:{_CONNECT}\s+)?{_CAPTOK})*"
_OBJ_DET = r"(?:the|a|an|this|his|her|their|its|our|my|your)"
# words that open a reported clause ("told the committee | the scheme had worked")
_CLAUSE_OPENERS = (
    r"(?:the|a|an|it|he|she|they|we|i|you|there|this|that|these|those|its|his|her|their|our|"
    r"my|more|some|no|many|most|all|every|each|nobody|nothing|people|was|were|is|are|had|has|"
    r"have|would|will|could|should|can|must|did|does|do)(?![\w'’-])"
)
_OBJ_END = rf"(?=\s+{_CLAUSE_OPENERS}|\s+[A-Z0-9]|\s*[:,;.!?]|\s*$)"
# The listener of "told": a pronoun, a group ("reporters"), a name ("BBC Radio Kent", "the
# Kestwick Echo", "LBC's breakfast show") or a determiner phrase ("the health scrutiny
# committee"). The listener is never the speaker.
_TOLD_OBJ_RE = re.compile(
    r"\s+(?:"
    rf"(?:{_OBJ_DET}\s+)?{_CAPSEQ_PAT}(?:['’]s(?:\s+(?!{_CLAUSE_OPENERS})[a-z][\w-]*){{1,3}}?{_OBJ_END})?"
    rf"|{_OBJ_DET}(?:\s+(?!{_CLAUSE_OPENERS})[a-z][\w'’-]*){{1,4}}?{_OBJ_END}"
    r"|(?:him|her|them|us|me|you|reporters|journalists|MPs|councillors|peers|delegates|"
    r"members|listeners|viewers|readers|residents|officers|police|colleagues|parents|staff|"
    r"students|supporters|campaigners|ministers|officials|magistrates|jurors|parliament|"
    r"Parliament)(?![\w'’-])"
    r")"
)
_THAT_NEAR_RE = re.compile(r"[^,:;.!?\"“”]{0,80}?\s+that\b")
_FINITE_RE = re.compile(
    r"\b(?:is|was|were|are|had|has|have|would|will|could|should|can|must|did|do|does|"
    r"needed|needs|need|wanted|wants|want|were|been|might|may|shall|\w+ed)\b"
)
_ATTRIB_VERBS = (
    rf"{_VERB_ALT}|{_PART_ALT}|asked|replied|responded|continued|went\s+on|commented|posted|"
    r"says|writes|tells|explained|concluded|informed|reminded|assured"
)
_ATTRIB_END_RE = re.compile(
    rf"(?<![\w'’-])(?P<verb>{_ATTRIB_VERBS})"
    rf"(?:(?P<adv>\s+{_ADVERBIAL_AFTER}[^,:;.!?\"“”]{{0,60}}?)?\s*[:,]|\s*:?)\s*$"
)
# "he told BBC Radio Kent:", "she told the panel's chairman, Ivo Brack:"
_ATTRIB_OBJ_END_RE = re.compile(
    r"(?<![\w'’-])(?P<verb>told|tells|tell|asked|informed|reminded|assured|warned|urged|"
    r"said\s+to|explained\s+to|wrote\s+to|writes\s+to|added\s+to|speaking\s+to|"
    r"speaking\s+with|talking\s+to)"
    r"(?P<obj>\s+[^,:;.!?\"“”]{1,80}?(?:,\s*[^,:;.!?\"“”]{1,50}?)?)\s*[:,]\s*$"
)
_ATTRIB_WINDOW = 220  # an attribution before a quotation is never longer than this


def _attrib_end(before: str) -> re.Match | None:
    """The reporting verb that ends ``before`` ("... he said:", "She told LBC:"), if any."""
    lo = max(0, len(before) - _ATTRIB_WINDOW)
    return _ATTRIB_END_RE.search(before, lo) or _ATTRIB_OBJ_END_RE.search(before, lo)


_AFTER_VERBS = (
    r"said|says|added|adds|told|tells|explained|explains|continued|went\s+on|concluded|"
    r"claimed|insisted|warned|stated|admitted|argued|asked|replied|responded|wrote|writes|"
    r"tweeted|posted|commented|remarked|noted|stressed|acknowledged|recalled|urged|pleaded|"
    r"joked|agreed|conceded|announced|declared|suggested|predicted|revealed|confirmed|"
    r"insists|warns|claims|argues|adding|saying"
)
_AFTER_SUBJ_VERB_RE = re.compile(
    r"^\s*[,–—-]?\s*(?P<subj>[^,.;:!?\"“”‘]{1,90}?)\s+(?:has\s+|had\s+)?(?:also\s+)?"
    rf"(?P<verb>{_AFTER_VERBS})(?![\w'’-])"
)
_AFTER_VERB_SUBJ_RE = re.compile(
    rf"^\s*[,–—-]?\s*(?P<verb>{_AFTER_VERBS})\s+(?P<subj>[^,.;:!?\"“”‘]{{1,90}}?)"
    r"(?=\s*(?:[,.;:!?(]|$))"
)
_AFTER_DASH_RE = re.compile(r"^\s*[-–—]\s*(?P<subj>[^,.;:!?\"“”]{1,60}?)\s*$")

# Reported-clause boundaries: where a second unit starts or the clause ends.
_BOUNDARY_RE = re.compile(
    rf",?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?(?=(?:{_CONJ_ALT})(?![\w'’-])(?!\s+by\b))"
    rf"|,\s*(?:while\s+|also\s+|before\s+|and\s+)?(?=(?:{_PART_ALT})(?![\w'’-]))"
    rf"|,\s*(?:\w+ly\s+)?(?=(?:{_CONJ_ALT})\s)"
    r"|,\s*(?=according\s+to\b)"
)
_PART_START_RE = re.compile(rf"(?P<verb>{_PART_ALT})(?![\w'’-])")
_ACCORDING_START_RE = re.compile(r"(?:^|,\s*|\b)[Aa]ccording\s+to\s+(?P<spk>[^,;:]{2,80}?),\s*")
_ACCORDING_END_RE = re.compile(r",\s*according\s+to\s+(?P<spk>[^,;:.]{2,80}?)\s*[.!?]?\s*$")
_SPEAKER_LAST_RE = re.compile(
    r",\s*(?P<subj>[^,;:]{1,90}?),?\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?"
    r"(?P<verb>said|says|say|added|adds|claimed|claims|warned|warns|argued|argues|insisted|"
    r"insists|believes|believe|suggested|suggests|told\s+[^,;:.]{1,60}?|admitted|stated|"
    r"explained|revealed|confirmed|predicted|predicts)"
    r"\s*[.!?]?\s*$"
)
_SPEAKER_LAST_INV_RE = re.compile(
    r",\s*(?P<verb>said|says|added|adds|claimed|claims|warned|warns|argued|argues|insisted|insists|"
    r"admitted|admits)\s+(?P<subj>[^,;:]{1,80}?)"
    r"(?:,\s*[^,;:]{1,90}?)?\s*[.!?]?\s*$"
)
_LAST_VERB_HINT_RE = re.compile(
    r"\b(?:said|says|say|added|adds|claimed|claims|warned|warns|argued|argues|insisted|insists|"
    r"believes|believe|suggested|suggests|told|admitted|stated|explained|revealed|confirmed|"
    r"predicted|predicts)\b"
)
_HEADLINE_DASH_RE = re.compile(r"^(?P<claim>.{12,}?)\s+[-–—]\s+(?P<subj>[^-–—]{1,50}?)\s*$")

# Page furniture: lines that are never speech.
_FURNITURE_RE = re.compile(
    r"^\s*(?:"
    r"read\s+more\b|more\s*:|related\s*:|see\s+also\b|watch\s*:|listen\s*:|also\s+read\b|"
    r"read\s+the\s+rules\b|comments?\s*:|sign\s+up\b|subscribe\b|click\b|tap\b|"
    r"featured\s+image|image\s*(?:credit|:)|picture\s*:|photo\s*(?:credit|:)|"
    r"credit\s*:|pic\s*:|source\s*:|copyright\b|©|advertisement\b|editorial\s+image|"
    r"to\s+make\s+sure\s+you\s+never\s+miss|don'?t\s+miss\b|follow\s+us\b|share\s+this\b|"
    r"get\s+the\s+latest\b|want\s+to\s+(?:see|get|read)\b|(?:date|published|updated)\s*:?\s*\d{4}-\d{2}-\d{2}|"
    r"we\s+want\s+our\s+comments\b|please\s+report\s+any\s+comments\b|"
    r"the\s+ability\s+to\s+comment\b|newsletter\b|our\s+rules\b"
    r")",
    re.IGNORECASE,
)
_CAPS_LEAD_RE = re.compile(rf"^\s*[{_UP}][{_UP}0-9 '’&/-]{{2,40}}:")
_CREDIT_LABEL_RE = re.compile(
    r"(?:^|[\s.(|\-–—])(?:Credits?|Picture|Pic|Photo(?:graph)?|Image)(?:\s+credit)?\s*:\s*[^.!?:]{1,60}?\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_TAIL_RE = re.compile(
    r"(?:Alamy(?:\s+Stock\s+Photo)?|Getty\s+Images|PA\s+(?:Wire|Images|Media)|Shutterstock|"
    r"Stock\s+Photo|iStock|Reuters|AFP|SWNS)\s*\)?\s*$"
)

_PARA_RE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
_WORD_RE = re.compile(r"\w+")
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[0-9" + _UP + r"])")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sgt", "supt", "insp", "det", "cllr", "no", "nos",
    "co", "ltd", "inc", "vs", "v", "etc", "gov", "rev", "jr", "sr", "lt", "col", "gen",
    "capt", "mt", "ch", "coun", "approx", "fig", "dept", "univ", "assoc", "bros", "e.g", "i.e",
}
_CAPSEQ_RE = re.compile(_CAPSEQ_PAT)
_CAPSEQ_END_RE = re.compile(rf"(?<=\s){_CAPTOK}(?:\s+{_CAPTOK}){{1,3}}$")
_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‛"
_SINGLE_CLOSE = "’"
_DOUBLE_MARKS_RE = re.compile("[\"“”„‟«»]")
# a single mark that is not an apostrophe inside a word (it's, don’t); the mark comes first
# in the pattern so that ``re`` can skip straight to candidate characters
_SINGLE_MARKS_RE = re.compile(r"['‘’‚‛](?:(?<!\w.)|(?!\w))")
_OPEN_LEFT = set(" \t\u00a0([{—–-/:;\"“'‘")
_CLOSE_RIGHT = set(" \t\u00a0,.;:!?)]}—–-\"”'’…")


_SENT_PUNCT_END_RE = re.compile(r"[.!?]\s+$")
_FOLLOWED_BY_VERB_RE = re.compile(r"\s+(?:has\s+|had\s+)?(?:also\s+)?(?:" + _VERB_ALT + r")\b")
_SEG_SPLIT_RE = re.compile(r"(,|:|\s[–—-]\s)")
_WHO_RE = re.compile(r"(?:who|whose|which|where)\b")
_LEAD_CONJ_RE = re.compile(r"^(?:and|but|so|then|yet|while|however)\s+", re.IGNORECASE)
_NONSPACE_RE = re.compile(r"\S+")
_DANGLING_CONJ_RE = re.compile(r"\s+(?:and|but|or)$")
_BE_END_RE = re.compile(r"(?<![\w'’-])(?:was|were|is|are|been|be)\s+$")
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:by|to\s+be|to\s+have)\b")
_CONJ_END_RE = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?$")
_COMMA_END_RE = re.compile(r",\s*(?:\w+ly\s+)?$")
_COMMA_VERB_RE = re.compile(rf",\s*(?:\w+ly\s+)?(?:{_VERB_ALT})\b")


# ---------------------------------------------------------------------------------------------
# Quotation regions


@dataclass
class _Region:
    open: int  # index of the opening mark (paragraph-relative)
    cstart: int  # first character inside
    cend: int  # one past the last character inside
    close: int  # index of the closing mark, or -1 if unclosed
    single: bool
    words: int = 0
    cand: str = ""  # "", "start", "attrib", "colon"
    speaker: tuple | None = None


def _find_double(para: str) -> list[_Region]:
    out = []
    inside = -1
    n = len(para)
    for m in _DOUBLE_MARKS_RE.finditer(para):
        i = m.start()
        ch = para[i]
        left = para[i - 1] if i > 0 else " "
        right = para[i + 1] if i + 1 < n else " "
        open_ctx = left in _OPEN_LEFT and not right.isspace()
        close_ctx = not left.isspace() and (right in _CLOSE_RIGHT or right.isspace())
        if inside < 0:
            if ch in _DOUBLE_OPEN or (ch == '"' and not (close_ctx and not open_ctx)) or (
                ch in _DOUBLE_CLOSE and open_ctx and not close_ctx
            ):
                inside = i
        else:
            if ch in _DOUBLE_CLOSE or ch == '"' or (ch in _DOUBLE_OPEN and close_ctx and not open_ctx):
                if i > inside + 1:
                    out.append(_Region(inside, inside + 1, i, i, False))
                inside = -1
            elif ch in _DOUBLE_OPEN and open_ctx:
                # the previous quotation was never closed: it ends before this one opens
                end = i
                while end > inside + 1 and para[end - 1].isspace():
                    end -= 1
                if end > inside + 1:
                    out.append(_Region(inside, inside + 1, end, -1, False))
                inside = i
    if inside >= 0:
        end = n
        while end > inside + 1 and para[end - 1].isspace():
            end -= 1
        if end > inside + 1:
            out.append(_Region(inside, inside + 1, end, -1, False))
    return out


def _find_single(para: str, taken: list[_Region]) -> list[_Region]:
    n = len(para)
    opens, closes = [], []
    for m in _SINGLE_MARKS_RE.finditer(para):
        i = m.start()
        ch = para[i]
        left = para[i - 1] if i > 0 else " "
        right = para[i + 1] if i + 1 < n else " "
        if left.isalnum() and right.isalnum():
            continue  # apostrophe inside a word: it's, don’t
        if ch != "’" and (i == 0 or left in _OPEN_LEFT) and not right.isspace() and right not in ",.;:":
            if not (right.isdigit() and i + 2 < n and para[i + 2].isdigit() and para[i + 3 : i + 4] == "s"):
                opens.append(i)
                continue
        if ch not in "‘‚‛" and not left.isspace() and (right.isspace() or right in _CLOSE_RIGHT or i + 1 == n):
            closes.append(i)
    out = []
    ci = 0
    last_end = -1
    for o in opens:
        if o <= last_end:
            continue
        while ci < len(closes) and closes[ci] <= o:
            ci += 1
        if ci < len(closes):
            c = closes[ci]
            # a plural possessive (dealers’ homes) closes too early when a later mark ends the
            # quotation with punctuation; prefer the mark before punctuation in that case
            j = ci
            while (
                j + 1 < len(closes)
                and para[closes[j] - 1] == "s"
                and closes[j] + 1 < n
                and para[closes[j] + 1] == " "
                and closes[j] + 2 < n
                and para[closes[j] + 2].islower()
            ):
                j += 1
            c = closes[j]
            if c > o + 1:
                out.append(_Region(o, o + 1, c, c, True))
                last_end = c
                ci = j + 1
        elif o == 0 or para[:o].strip() == "" or (
            (_SENT_PUNCT_END_RE.search(para, 0, o) or para[:o].rstrip().endswith(":"))
            and para[o + 1 : o + 2].isupper() and o == opens[-1]
        ):
            # British house style: 'He said: ‘A.' with the quotation running on into the
            # next paragraphs, only the last of which has a closing mark
            end = n
            while end > o + 1 and para[end - 1].isspace():
                end -= 1
            if end > o + 1:
                out.append(_Region(o, o + 1, end, -1, True))
            last_end = n
    # drop single-quoted regions that sit inside or cross a double-quoted one
    result = []
    for r in out:
        r_end = r.close if r.close >= 0 else r.cend
        clash = False
        for d in taken:
            d_end = d.close if d.close >= 0 else d.cend
            if d.open <= r.open <= d_end or d.open <= r_end <= d_end:
                if not (r.open < d.open and r_end > d_end):
                    clash = True
                    break
        if not clash:
            result.append(r)
    return result


def _find_regions(para: str) -> list[_Region]:
    doubles = _find_double(para)
    singles = _find_single(para, doubles)
    regions = doubles + singles
    # a double-quoted region nested inside a single-quoted speech region is part of it
    kept = []
    for r in regions:
        r_end = r.close if r.close >= 0 else r.cend
        inner = any(
            o is not r and o.open < r.open and r_end < (o.close if o.close >= 0 else o.cend + 1)
            for o in regions
        )
        if not inner:
            kept.append(r)
    kept.sort(key=lambda r: r.open)
    for r in kept:
        r.words = len(_WORD_RE.findall(para, r.cstart, r.cend))
    return kept


def _mask(para: str, regions: list[_Region]) -> str:
    if not regions:
        return para
    parts = []
    pos = 0
    for r in regions:
        parts.append(para[pos : r.cstart])
        parts.append("x" * (r.cend - r.cstart))
        pos = r.cend
    parts.append(para[pos:])
    return "".join(parts)


def _sentences(para: str, masked: str, regions: list[_Region]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; never split inside a quotation."""
    out = []
    start = 0
    for m in _SENT_END_RE.finditer(para):
        j = m.start()
        if any(r.cstart <= j < r.cend and m.end() <= r.cend for r in regions):
            continue
        if para[j] == ".":
            k = j
            while k > 0 and (masked[k - 1].isalpha() or masked[k - 1] == "."):
                k -= 1
            word = masked[k:j].lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha() and word.upper() == para[k:j]):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(para) and para[start].isspace():
            start += 1
    if start < len(para):
        out.append((start, len(para)))
    return [(a, b) for a, b in out if b > a]


# ---------------------------------------------------------------------------------------------
# Names, roles and speakers


def _strip_possessive(tok: str) -> str:
    if tok.endswith(("'s", "’s")):
        return tok[:-2]
    if tok.endswith(("'", "’")):
        return tok[:-1]
    return tok


_ROLE_PP_RE = re.compile(r"\s(?:of|for|at|in|to|from|with|on)\s", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _role_key(role: str) -> str:
    """The head of a role phrase, normalised: "chief executive of the charity" -> "chief
    executive", "mother of a teenager" -> "mum", "West Mercia PCC" -> "police and crime
    commissioner"."""
    # the head comes before a prepositional tail ("mother | of a teenager")
    cut = _ROLE_PP_RE.search(role)
    keys = [m.group(0).lower() for m in _ROLE_HEAD_RE.finditer(role, 0, cut.start() if cut else len(role))]
    if not keys:
        keys = [m.group(0).lower() for m in _ROLE_HEAD_RE.finditer(role)]
    if not keys:
        return ""
    key = re.sub(r"\s+", " ", max(keys, key=len))
    if "-of-" in key:  # "mum-of-two" is a mum
        key = key.split("-of-", 1)[0]
    return _ROLE_KEY_ALIASES.get(key, key)


@functools.lru_cache(maxsize=4096)
def _role_gender(role: str) -> str:
    """"mum-of-two" -> "f", "spokesman" -> "m", "chief executive" -> ""."""
    if not role:
        return ""
    for m in _ROLE_HEAD_RE.finditer(role):
        g = _ROLE_GENDER.get(m.group(0).lower().split("-of-", 1)[0], "")
        if g:
            return g
    return ""


# Role nouns that say only "someone in charge": a headline's "charity boss" is the chief
# executive, director or chair the article names at the charity.
_LEAD_KEYS = {
    "boss", "chief", "head", "chief executive", "ceo", "director", "chair", "founder",
    "co-founder", "manager", "leader", "council leader", "president", "chief officer", "lead",
}
# a "police chief" / "top cop" is a senior officer; a "police boss" may also be the PCC
_VAGUE_LEAD_KEYS = {"boss", "chief", "head", "lead", "leader", "director", "manager", "chair"}
_POLICE_KEYS = {
    "chief constable", "deputy chief constable", "assistant chief constable", "superintendent",
    "chief superintendent", "detective chief superintendent", "detective superintendent",
    "chief inspector", "detective chief inspector", "inspector", "detective inspector",
    "commander", "chief officer",
}
_POLICE_WORDS = {"police", "cop", "cops", "force", "policing"}
# adjectives a headline puts before a role that say nothing about who holds it
_EMPTY_MODIFIERS = {
    "top", "senior", "former", "ex", "new", "local", "leading", "grieving", "tragic",
    "heartbroken", "brave", "proud", "veteran", "retired", "young", "elderly",
}


# role nouns a headline uses for a narrower title the article gives
_ROLE_FAMILY = {"recorder": "judge", "sheriff": "judge", "district judge": "judge", "crown court judge": "judge"}
# a "charity" is often a Trust, Foundation or Project by name
_KIND_SYNONYMS = {"charity": r"charit|trust|foundation|project|society|appeal"}


def _keys_compatible(key: str, known: str) -> bool:
    """May a person whose role key is ``known`` be the one a text calls ``key``?"""
    key = _ROLE_FAMILY.get(key, key)
    known = _ROLE_FAMILY.get(known, known)
    if key == known or known.endswith(" " + key) or key.endswith(" " + known):
        return True
    return key in _VAGUE_LEAD_KEYS and known in _LEAD_KEYS


def _role_fits(noun: str, stated: str, doc: "_Doc") -> bool:
    """Does a person introduced as ``stated`` fit the role noun ``noun`` of a headline?

    "charity boss" fits "chief executive of the charity Open Door" (a leading role, and the
    modifier "charity" is in the stated role or is the kind of the organisation named there);
    "police chief" fits "Chief Constable"; "Judge" fits "a district judge at ..."; "Mum" fits
    "mum-of-two".
    """
    hk = _role_key(noun)
    sk = _role_key(stated)
    if not hk or not sk:
        return False
    hk = _ROLE_FAMILY.get(hk, hk)
    sk = _ROLE_FAMILY.get(sk, sk)
    head_words = set(hk.split())
    mods = [
        w for w in re.findall(r"[a-z]+", noun.lower().replace("-of-", " "))
        if w not in head_words and w not in _NP_GLUE and w not in _EMPTY_MODIFIERS
    ]
    stated_l = stated.lower()
    for org, kind in doc.org_kinds.items():
        if org.lower() in stated_l:
            stated_l += " " + kind

    def mentioned(word: str) -> bool:
        alt = _KIND_SYNONYMS.get(word, re.escape(word.rstrip("s")))
        return re.search(rf"\b(?:{alt})", stated_l) is not None

    if hk in _LEAD_KEYS and any(m in _POLICE_WORDS for m in mods):
        return sk in _POLICE_KEYS or (hk == "boss" and sk == "police and crime commissioner")
    if hk in _VAGUE_LEAD_KEYS:
        # "boss" alone says nothing; "charity boss" must name what the person leads
        return sk in _LEAD_KEYS and bool(mods) and any(mentioned(m) for m in mods)
    if hk == sk or sk.endswith(" " + hk) or hk.endswith(" " + sk):
        # "council leader" fits "leader of Drayford Council": the extra words are stated
        extra = [w for w in hk.split() if w not in sk.split()]
        if extra and not all(mentioned(w) for w in extra):
            return False
        if hk in ("minister", "secretary", "officer", "member", "spokesperson", "deputy", "expert"):
            return bool(mods) and all(mentioned(m) for m in mods)
        return True
    return False


@functools.lru_cache(maxsize=4096)
def _clean_role(role: str) -> str:
    """"the area's police and crime commissioner" -> "police and crime commissioner"."""
    role = role.strip(" ,;:.")
    role = re.sub(
        r"^(?:the|a|an)\s+|^(?:area|county|region|city|town|force|country|borough|nation)['’]s\s+",
        "", role, flags=re.IGNORECASE,
    )
    return re.sub(r"\s+", " ", role)


@dataclass(frozen=True)
class _Name:
    prerole: str
    title_role: str
    gender: str
    tokens: list
    affil: str
    has_title: bool


_POSTNOMINALS = {"MP", "MEP", "MSP", "AM", "MS", "QC", "KC", "OBE", "MBE", "CBE", "JP", "KBE", "DBE", "PhD"}


@functools.lru_cache(maxsize=8192)
def _analyse_capseq(seq: str) -> _Name | None:
    """Split "West Mercia PCC Det Supt John Smith of Release" into its parts."""
    s = seq.strip()
    prerole = ""
    # preposed role: the last role head followed by more words
    last = None
    for m in _ROLE_HEAD_RE.finditer(s):
        if m.group(0)[0].isupper() and m.end() < len(s) and s[m.end()].isspace():
            last = m
    if last is not None:
        prerole = s[: last.end()].strip()
        s = s[last.end() :].strip()
        if prerole.split()[0] in ("The", "A", "An"):
            prerole = prerole.split(None, 1)[1] if len(prerole.split()) > 1 else ""
    gender = ""
    title_role = ""
    has_title = False
    while True:
        m = _TITLE_RE.match(s + " ")
        if not m or m.end() > len(s):
            break
        t = re.sub(r"[.\s]+", " ", m.group(0)).strip().lower()
        rest = s[m.end() :].strip()
        if not rest:
            break
        if t in _HONORIFICS:
            gender = gender or _HONORIFICS[t]
        else:
            title_role = title_role or _RANK_TITLES.get(t, "")
        has_title = True
        s = rest
    toks = s.split()
    if (
        not prerole
        and not has_title
        and len(toks) >= 3
        and toks[1] in _FIRST_NAMES
        and toks[0] not in _FIRST_NAMES
        and toks[0] not in _ORG_WORDS
        and _AGENT_SUFFIX_RE.search(toks[0])
    ):
        # "Stallholder Gareth Pyle": an agent noun before a known first name is a role
        prerole, toks = toks[0].lower(), toks[1:]
    if " " not in prerole and prerole.lower() in _COMMON_ROLE_NOUNS or _FAMILY_COMPOUND_RE.fullmatch(prerole):
        # capitalised only because it starts the sentence: "Newsagent" is the role "newsagent"
        prerole = prerole.lower()
    while len(toks) > 1 and toks[-1].rstrip(",") in _POSTNOMINALS:
        if toks[-1].rstrip(",") in ("MP", "MEP", "MSP", "AM", "MS"):
            title_role = title_role or toks[-1].rstrip(",")
        toks = toks[:-1]
    for i in range(len(toks) - 1, 0, -1):
        if toks[i - 1].endswith(("'s", "’s")):
            prerole = prerole or " ".join(toks[:i])
            toks = toks[i:]
            break
    affil = ""
    for i, t in enumerate(toks):
        if t.lower() in ("of", "and", "for", "at", "on", "in", "&", "the"):
            if i > 0 and toks[i - 1].lower() not in _PARTICLES:
                affil = " ".join(toks[i + 1 :])
                toks = toks[:i]
                break
    if not toks:
        return None
    toks = [t for t in (_strip_possessive(t) for t in toks) if t]
    if not toks:
        return None
    return _Name(prerole, title_role, gender, tuple(toks), affil, has_title)


def _is_orgish(tokens: Iterable[str]) -> bool:
    return any(t in _ORG_WORDS or _strip_possessive(t) in _ORG_WORDS for t in tokens)


def _name_like(tokens: list) -> bool:
    if not 1 <= len(tokens) <= 4:
        return False
    for t in tokens:
        if t.lower() in _PARTICLES:
            continue
        if not t[:1].isupper() or t in _NOT_NAME or t in _ORG_WORDS:
            return False
        if t.isupper() and len(t) > 1 and len(tokens) == 1:
            return False  # acronym
    return True


def _first_name_gender(tok: str) -> str:
    if tok in _MALE_NAMES:
        return "m"
    if tok in _FEMALE_NAMES:
        return "f"
    return ""


@dataclass(frozen=True)
class _Ref:
    kind: str  # "person" | "org" | "pron" | "role"
    name: str = ""
    role: str = ""
    gender: str = ""
    key: str = ""


_GENDER_WINDOW = 1500  # characters back that a gender-matching person may be looked for


class _Doc:
    """Per-article memory: who is named where, with which role and gender."""

    def __init__(self, text: str = "") -> None:
        self.full_names: list[str] = []
        self.by_surname: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.role: dict[str, str] = {}
        self.role_keys: list[tuple[str, str]] = []  # (key, person) in order of mention
        # (pos, name, "person"|"org", is_subject): a subject or speaker is a likelier
        # antecedent for a pronoun than a person named as an object or a possessive
        self.mentions: list[tuple[int, str, str, bool]] = []
        self.orgs: list[tuple[int, str]] = []
        self.org_kinds: dict[str, str] = {}  # "Open Door" -> "charity" ("the charity Open Door")
        self.headline = False  # resolving inside a headline: roles must match strictly
        self.para_idx = 0  # index of the paragraph being read
        self.text = text

    # -- collection -----------------------------------------------------------------------
    def add_person(self, pos: int, toks: list, gender: str = "", role: str = "", subj: bool = False) -> None:
        if len(toks) >= 2:
            full = " ".join(toks)
            canon = self.canonical(toks)
            if canon == full and full not in self.full_names:
                self.full_names.append(full)
                self.by_surname.setdefault(toks[-1], full)
        canon = self.canonical(toks)
        if gender and not self.gender.get(canon):
            self.gender[canon] = gender
        if role:
            role = _clean_role(role)
            if role and not self.role.get(canon):
                self.role[canon] = role
            key = _role_key(role)
            if key:
                self.role_keys.append((key, canon))
        self.mention(pos, canon, "person", subj)

    def mention(self, pos: int, name: str, kind: str, subj: bool = False) -> None:
        bisect.insort(self.mentions, (pos, name, kind, subj))

    def canonical(self, toks: list) -> str:
        if len(toks) == 1:
            return self.by_surname.get(toks[0], toks[0])
        full = " ".join(toks)
        if full in self.full_names:
            return full
        # "John Paul Smith" vs "John Smith": same surname and first name
        known = self.by_surname.get(toks[-1])
        if known and known.split()[0] == toks[0]:
            return known
        return full

    def person_for_role(self, key: str) -> str | None:
        if not key:
            return None
        for k, person in self.role_keys:
            if k == key:
                return person
        for k, person in self.role_keys:
            if k.endswith(key) or key.endswith(k):
                return person
        return None

    def person_matching_role(self, role: str) -> str | None:
        """The one person whose stated role fits a role noun ("charity boss", "police chief").

        Stricter than :meth:`person_for_role`: used for headlines, where the role noun is
        all there is. None when nobody, or more than one person, fits.
        """
        found = {person for person, stated in self.role.items() if _role_fits(role, stated, self)}
        return found.pop() if len(found) == 1 else None

    def next_person(self, pos: int, window: int, key: str = "", first_only: bool = False) -> str | None:
        """The next person named after ``pos`` whose stated role (if any) fits ``key``;
        with ``first_only``, only a person named there for the first time."""
        seen = set()
        for mpos, name, kind, _ in self.mentions:
            if kind == "person" and mpos <= pos:
                seen.add(name)
            if pos < mpos <= pos + window and kind == "person":
                if first_only and name in seen:
                    continue
                known = _role_key(self.role.get(name, ""))
                if key and known and not _keys_compatible(key, known):
                    continue
                return name
        return None

    def resolve_pronoun(self, pron: str, pos: int) -> str | None:
        """The antecedent of "he"/"she" (a person; organisations for "it"/"they").

        A person whose gender is known to match wins over one of unknown gender (within
        :data:`_GENDER_WINDOW`). Among those the nearest wins, except that the subject of a
        sentence beats a person named later in the same sentence only as an object or a
        possessive ("Lucy Dunn met Sarah Holt's mother. She said ..." is Lucy Dunn).
        """
        want = _PRONOUNS.get(pron.lower(), "")
        i = bisect.bisect_left(self.mentions, (pos,))
        if want not in ("m", "f"):
            for mpos, name, kind, _ in reversed(self.mentions[:i]):
                if kind == "org":
                    return name
            return None
        known: list = []
        unknown: list = []
        for mpos, name, kind, subj in reversed(self.mentions[:i]):
            if kind != "person":
                continue
            if pos - mpos > _GENDER_WINDOW and (known or unknown):
                break  # nothing further back can win
            g = self.gender.get(name, "")
            if g == want:
                known.append((mpos, name, subj))
            elif not g:
                unknown.append((mpos, name, subj))
        k = self._prefer_subject(known)
        if k and pos - k[0] <= _GENDER_WINDOW:
            return k[1]
        u = self._prefer_subject(unknown)
        if u:
            return u[1]
        return k[1] if k else None

    def _prefer_subject(self, cands: list) -> tuple | None:
        if not cands:
            return None
        near = cands[0]
        if near[2]:
            return near
        # a subject in the same sentence or the one before beats a nearer object/possessive
        lo = near[0]
        for _ in range(2):
            found = None
            for m in _SENT_BREAK_RE.finditer(self.text, max(0, lo - 400), lo):
                found = m
            if found is None:
                lo = max(0, lo - 400)
                break
            lo = found.start()
        else:
            lo += 1
        for c in cands[1:]:
            if c[0] < lo:
                break
            if c[2]:
                return c
        return near

    def resolve_org_anaphor(self, head: str, pos: int) -> str | None:
        """"the force", "the charity": the latest organisation of that kind before ``pos``."""
        head = head.lower()
        kinds = self.org_kinds
        for mpos, name in reversed(self.orgs):
            if mpos < pos and (head in name.lower() or kinds.get(name) == head):
                return name
        return None


_PLACE_WORDS = {
    "Lane", "Road", "Street", "Hall", "Park", "Square", "Avenue", "Close", "Way", "Hill",
    "Green", "Bridge", "Station", "Estate", "Centre", "Court", "House", "Drive", "Crescent",
    "Place", "Gardens", "Terrace", "Row", "Walk", "Market", "Cathedral", "Castle", "Valley",
    "County", "City", "Town", "Borough", "Island", "Isles", "Kingdom", "Airport", "Prison",
    "Hospital", "Midlands", "Wales", "England", "Scotland", "Ireland", "Britain", "London",
    "Class", "Act", "Bill", "Strategy", "Night", "Day", "Week", "Year", "Workers",
    "Services", "Lines", "Policy", "Programme", "Scheme", "Initiative", "Area", "Region",
}
_SUBJECTISH_RE = re.compile(
    r"\s+(?!(?:of|and|or|for|in|on|at|to|from|with|by|the|a|an|as|is|was|are|were|has|had|have)\b)"
    r"(?:also\s+|has\s+|had\s+)?[a-z]+(?:s|ed)\b"
)
_APPOS_RE = re.compile(
    r",\s+((?:the|a|an)\s+)?([^,;:.!?()\"“”]{2,100}?)"
    rf"(?=,|\s+(?:has\s+|had\s+)?(?:also\s+)?(?:{_VERB_ALT})\b|\s*$)"
)
_NOT_APPOS_RE = re.compile(r"^(?:who|whose|which|where|when)\b|\b(?:is|was|were|are|has|have|had|will|would)\b")


@functools.lru_cache(maxsize=16384)
def _classify_capseq(seq: str) -> tuple[str | None, int, object]:
    """What a run of capitalised words is, independent of its context (so it is cached).

    Returns (what, offset, item): ("lone", offset, token) for a single word that is a person
    only if it is a known surname, ("org", offset, name), ("name", offset, _Name), or
    (None, 0, None). ``offset`` skips sentence-initial function words ("But Mr Smith").
    """
    toks = seq.split()
    lead = 0
    while lead < len(toks) and toks[lead] in _LEAD_WORDS:
        if toks[lead] == "The" and lead + 1 < len(toks) and toks[lead + 1] in _NEWSPAPER_WORDS:
            break
        lead += 1
    if lead >= len(toks):
        return None, 0, None
    offset = [t.start() for t in _NONSPACE_RE.finditer(seq)][lead] if lead else 0
    seq = seq[offset:]
    toks = toks[lead:]
    if len(toks) == 1 and seq not in _ORG_WORDS:
        if seq in _NOT_NAME:
            return None, 0, None
        return "lone", offset, _strip_possessive(seq)
    nm = _analyse_capseq(seq)
    named = nm is not None and (nm.prerole or nm.has_title) and _name_like(nm.tokens)
    if _is_orgish(toks) and not named:
        name = seq
        if toks[0] == "The" and not (len(toks) > 1 and toks[1] in _NEWSPAPER_WORDS):
            name = seq[4:]
        if len(toks) > 1 or toks[0] not in ("Police", "Council", "Government", "Home"):
            return "org", offset, name
        return None, 0, None
    if nm is None or not _name_like(nm.tokens):
        return None, 0, None
    if any(_strip_possessive(t) in _PLACE_WORDS or t.endswith("shire") for t in nm.tokens):
        return None, 0, None
    return "name", offset, nm


def _collect(doc: _Doc, text: str, paras: list[tuple[int, int]]) -> None:
    """First pass: register named people (with gender and role) and organisations.

    Full names are gathered from the whole article before any mention is resolved, so that
    "Mr Dunmore" finds "Hal Dunmore" even when the full name comes later.
    """
    records = []  # (pos, tokens, gender, role, strength); 2 = a person, 1 = maybe a name
    lone = []  # (pos, token): single capitalised words, people only if a known surname
    for p0, p1 in paras:
        para = text[p0:p1]
        for m in _CAPSEQ_RE.finditer(para):
            start, end = m.span()
            if (start > 1 and para[start - 2].islower()) or para.startswith(",", end):
                kind = _org_kind(para, start, end)
                if kind:  # "the charity Open Door": an organisation "the charity" may refer to
                    _add_org_kind(doc, p0 + start, m.group(0), kind)
            what, offset, item = _classify_capseq(m.group(0))
            if what is None:
                continue
            start += offset
            if what == "lone":
                lone.append((p0 + start, item, p0, start, end))
                continue
            if what == "org":
                doc.orgs.append((p0 + start, item))
                doc.mention(p0 + start, item, "org")
                continue
            nm = item
            if len(nm.tokens) == 1 and not nm.has_title and not nm.prerole:
                continue  # "Devon" cut from "Devon and Cornwall"
            seq = para[start:end]
            if nm.affil and (" and " + nm.affil in seq or " & " + nm.affil in seq):
                # "Chief Constable Ann Rudd and Supt Dev Mistry": the second is a person too
                what2, off2, nm2 = _classify_capseq(nm.affil)
                if what2 == "name" and (nm2.has_title or nm2.prerole or _first_name_gender(nm2.tokens[0])):
                    a2 = start + seq.rfind(nm.affil) + off2
                    g2 = nm2.gender or (_first_name_gender(nm2.tokens[0]) if len(nm2.tokens) >= 2 else "")
                    pos2 = p0 + a2 + max(0, nm.affil[off2:].find(nm2.tokens[0]))
                    records.append((pos2, nm2.tokens, g2, nm2.prerole or nm2.title_role, 2, False))
            after = para[end : end + 140]
            role = nm.prerole or nm.title_role
            appos = _APPOS_RE.match(after)
            if appos and _ROLE_HEAD_RE.search(appos.group(2)) and not _NOT_APPOS_RE.search(appos.group(2)):
                role = role or appos.group(2)
            if not role and start > 1 and para[start - 1] == " " and (para[start - 2] == "," or para[start - 2].islower()):
                role = _role_before(para, start)
            cop = _COPULA_ROLE_RE.match(after)
            if cop:  # "Rhona Gill is a headteacher"
                role = role or cop.group("role")
            first_g = _first_name_gender(nm.tokens[0]) if len(nm.tokens) >= 2 else ""
            gender = nm.gender or first_g or _role_gender(role)
            if nm.has_title or nm.prerole or first_g or (appos and role) or cop or _FOLLOWED_BY_VERB_RE.match(after):
                strength = 2
            elif len(nm.tokens) >= 2 and _SUBJECTISH_RE.match(after) and (
                start == 0 or para[:start].rstrip().endswith((",", ".", " and", ":", ";"))
            ):
                strength = 2
            else:
                strength = 1 if len(nm.tokens) >= 2 else 0
            pos = p0 + start + max(0, seq.find(nm.tokens[0]))
            subj = _subject_position(para, start, end)
            records.append((pos, nm.tokens, gender, role, strength, subj))
    for pos, toks, gender, role, strength, subj in records:
        if len(toks) >= 2 and strength >= 1:
            full = " ".join(toks)
            if full not in doc.full_names and doc.canonical(list(toks)) == full:
                doc.full_names.append(full)
                doc.by_surname.setdefault(toks[-1], full)
    for pos, toks, gender, role, strength, subj in records:
        if strength >= 2 or (len(toks) == 1 and toks[0] in doc.by_surname):
            doc.add_person(pos, list(toks), gender, role, subj)
    ends = dict(paras)
    for pos, tok, q0, start, end in lone:
        if tok in doc.by_surname:  # only now is it worth asking whether it is a subject
            doc.add_person(pos, [tok], subj=_subject_position(text[q0 : ends[q0]], start, end))


_SENT_BREAK_RE = re.compile(r"[.!?:;][\"”’']?\s+|[\"“”]\s*")
_SUBJ_AFTER_RE = re.compile(
    r"(?:\s*,[^,.;:!?\"“”]{1,90},|,)?\s*(?:\([^()]{0,40}\)\s*)?\s+(?:"
    r"has|had|have|was|is|were|are|will|would|could|can|did|does|also|then|later|now|"
    r"previously|recently|last|this|said|says|told|added|(?!(?:of|and|or|for|in|on|at|to|as|"
    r"his|its|this|us|was|has|is|does|ads|days|news)\b)[a-z]+(?:s|ed))\b"
)


def _subject_position(para: str, start: int, end: int) -> bool:
    """Is the name at ``para[start:end]`` the subject of its clause (a likely antecedent)?

    "Lucy Dunn met Sarah Holt's mother": Lucy Dunn is, Sarah Holt (a possessive) is not;
    "Her colleague Nina Shaw, the manager, was cautious": Nina Shaw is (a verb follows).
    """
    if para[end - 2 : end] in ("'s", "’s") or para[end - 1 : end] in ("'", "’"):
        return False
    lo = 0
    for m in _SENT_BREAK_RE.finditer(para, max(0, start - 200), start):
        lo = m.end()
    before = para[lo:start].strip()
    if not before or before in _LEAD_WORDS or before.endswith(" by"):
        return True  # the agent of a passive ("co-ordinated by Ivo Marsh") is a subject too
    if before.endswith(",") and before.split(None, 1)[0].lower().strip(",") in _ADVERBIAL_START:
        return True
    return _SUBJ_AFTER_RE.match(para, end) is not None


_ROLE_BEFORE_TAIL_RE = re.compile(rf"\s*,?\s*|\s+(?:of|for|at)\s+(?:the\s+)?{_CAPSEQ_PAT}\s*,?\s*")
_PUNCT_SPLIT_RE = re.compile(r"[,.;:!?\"“”()]")
_COPULA_ROLE_RE = re.compile(
    rf"\s+(?:is|was|has\s+been)\s+(?:a|an|the)\s+(?P<role>(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_FAMILY_COMPOUND}|{_trie(_ROLE_HEADS)})(?![\w-])(?:\s+(?:of|for|at)\s+[^,.;:!?\"“”()]{{1,50}})?)",
    re.IGNORECASE,
)
_ROLE_BEFORE_STOP = {
    "said", "says", "told", "and", "but", "by", "with", "to", "from", "at", "in", "on", "as",
    "was", "is", "who",
}


def _role_before(para: str, start: int) -> str:
    """A lowercase role right before a name: "Brancombe's chief constable, Ravi Stone",
    "the leader of Drayford Council, Nick Storr"."""
    lo = max(0, start - 90)
    last = None
    for last in _ROLE_HEAD_RE.finditer(para, lo, start):
        pass
    if last is None or not last.group(0)[:1].islower():
        return ""  # capitalised roles are read with the name ("Chief Constable Ravi Stone")
    if not _ROLE_BEFORE_TAIL_RE.fullmatch(para, last.end(), start):
        return ""
    words = _PUNCT_SPLIT_RE.split(para[lo : last.start()])[-1].split()[-3:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _ROLE_BEFORE_STOP:
            words = words[i + 1 :]
            break
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words + [para[last.start() : start].strip(" ,")])


_ORG_KINDS = """charity trust group campaign organisation organization company firm party union
association society foundation service council force club network agency body watchdog
regulator university college school hospital clinic centre hostel project partnership board
department ministry newspaper website magazine station broadcaster""".split()
_ORG_KIND = "(?:" + _trie(_ORG_KINDS) + ")"
_ORG_KINDS_SET = frozenset(_ORG_KINDS)
_ORG_KIND_AFTER_RE = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<kind>{_ORG_KIND})(?![\w-])")


def _org_kind(para: str, start: int, end: int) -> str:
    """The kind the text gives the name at ``para[start:end]``: "the charity Open Door",
    "Open Door, a Brancombe charity," -> "charity"; "" if none."""
    if start > 1 and para[start - 1] == " ":
        prev = para[para.rfind(" ", 0, start - 1) + 1 : start - 1]
        if prev in _ORG_KINDS_SET:
            return prev
    if para[end : end + 1] == ",":
        m = _ORG_KIND_AFTER_RE.match(para, end)
        if m:
            return m.group("kind")
    return ""


def _add_org_kind(doc: _Doc, pos: int, name: str, kind: str) -> None:
    toks = name.split()
    if toks[0] in _LEAD_WORDS or toks[0] in _NOT_NAME or (
        len(toks) >= 2 and _first_name_gender(toks[0]) and not _is_orgish(toks)
    ):
        return
    doc.orgs.append((pos, name))
    doc.org_kinds.setdefault(name, kind)
    doc.mention(pos, name, "org")


_SPOKES_RE = re.compile(
    r"(?:(?P<pre>.+?)\s+)?spokes(?:man|woman|person)(?:\s+(?:for|from|at|of)\s+(?:the\s+)?(?P<org>.+))?$"
)


def _org_anaphor(head: str, doc: _Doc, pos: int) -> str | None:
    """"the force" / "police" -> the police force named earlier; "the charity" -> the
    charity named earlier (by a name containing the word or introduced as one)."""
    head = head.lower().strip(",.")
    if head in ("force", "police", "constabulary"):
        return (
            doc.resolve_org_anaphor("police", pos)
            or doc.resolve_org_anaphor("constabulary", pos)
            or doc.resolve_org_anaphor("force", pos)
        )
    if head not in _ORG_ANAPHOR_HEADS:
        return None
    return doc.resolve_org_anaphor(head, pos)


_ORG_ANAPHOR_HEADS = set(_ORG_KINDS)
_ANAPHOR_TAILS = {"force", "council", "constabulary", "charity", "government", "department", "trust"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "these", "those"}
_NP_GLUE = {"of", "and", "for", "the", "a", "an", "&", "at", "on", "in", "former", "new", "local", "top", "senior"}


def _parse_np_suffix(np: str, doc: _Doc, pos: int, initial: bool = True) -> tuple[_Ref, int] | None:
    """Like :func:`_parse_np`, also trying the phrase minus leading words ("Drugs czar Tam Rooke")."""
    ref = _parse_np(np, doc, pos, sentence_initial=initial)
    if ref is not None:
        return ref, 0
    for t in list(_NONSPACE_RE.finditer(np))[1:]:
        w = t.group(0)
        prev = np[: t.start()].split()[-1]
        if not (prev[:1].isupper() or prev.lower() in _NP_GLUE or _ROLE_HEAD_RE.fullmatch(prev)):
            # "Panel grills PCC": a word that is neither a name, a role nor glue is a verb
            # or the like, and what follows it is its object, not a speaker
            return None
        if w[:1].isupper() or w.lower() in _PRONOUNS or w.lower() in ("the", "a"):
            ref = _parse_np(np[t.start() :], doc, pos + t.start())
            if ref is not None:
                return ref, t.start()
    return None


def _parse_np(np: str, doc: _Doc, pos: int, sentence_initial: bool = False) -> _Ref | None:
    """Read a subject noun phrase: pronoun, name (with titles, roles), role description, org.

    The reading of the words alone is cached (:func:`_read_np`); only "the trust" (which
    organisation?) and a lone surname (a known person?) need the article.
    """
    got = _read_np(np, sentence_initial)
    if got is None or isinstance(got, _Ref):
        return got
    what = got[0]
    if what == "surname":  # ("surname", tok, as_person, otherwise)
        return got[2] if got[1] in doc.by_surname else got[3]
    if what == "anaphor":  # ("anaphor", head, gender, capitalised words it must contain)
        found = _org_anaphor(got[1], doc, pos)
        if found and all(w in found for w in got[3]):
            return _Ref("org", name=found, gender=got[2])
        return None
    # ("anaphor-or-name", head, gender, words, name): "the NHS trust", else the words as written
    found = _org_anaphor(got[1], doc, pos)
    if found and all(w in found for w in got[3]):
        return _Ref("org", name=found, gender=got[2])
    return _Ref("org", name=got[4], gender=got[2])


_NP_MAX_WORDS = 12  # a subject noun phrase is never longer than this
_NP_MAX_CHARS = 120


@functools.lru_cache(maxsize=16384)
def _read_np(np: str, sentence_initial: bool) -> _Ref | tuple | None:
    """The context-free part of :func:`_parse_np`: a _Ref, None, or a tuple saying what to
    look up in the article."""
    np = np.strip().strip(",")
    if not np or len(np) > _NP_MAX_CHARS:
        return None
    low = np.lower()
    if low in _PRONOUNS:
        return _Ref("pron", name=low)
    words = np.split()
    if len(words) > _NP_MAX_WORDS:
        return None
    first = words[0]
    if first[:1].islower() and len(words) <= 3 and _ROLE_HEAD_RE.search(words[-1]):
        # a bare role in a headline: "... - campaigner", "... says drugs tsar"
        hm = list(_ROLE_HEAD_RE.finditer(np))
        if hm and hm[-1].end() == len(np) and all(w.isalpha() or "-" in w for w in words):
            return _Ref("role", role=np, key=_role_key(hm[-1].group(0)))
    if (
        sentence_initial
        and 2 <= len(words) <= 4
        and first[:1].isupper()
        and first.lower() not in _DETERMINERS
        and all(w.islower() for w in words[1:])
    ):
        # a headline's "Police chief says ...", "Council leader urges ...", "Mum of victim backs"
        core = re.split(r"\s(?:of|for|at|in)\s", np, maxsplit=1)[0]
        hm = list(_ROLE_HEAD_RE.finditer(core))
        if hm and hm[-1].end() == len(core) and all(w.isalpha() or "-" in w for w in words):
            return _Ref("role", role=np, key=_role_key(hm[-1].group(0)))
    possessive = first[:1].isupper() and first.endswith(("'s", "’s")) and len(words) > 1
    if (first.lower() in ("the", "a", "an", "his", "her", "their", "its") or possessive) and len(words) > 1:
        rest = np.split(None, 1)[1]
        rtoks = rest.split()
        sp = _SPOKES_RE.match(rest)
        if sp:
            # a spokesperson speaks for the organisation; "spokeswoman" also lets a later
            # "she said" find it
            gender = _role_gender(sp.group(0))
            org = (sp.group("org") or sp.group("pre") or "").strip()
            last = org.split()[-1] if org else ""
            if org and org[0].isupper() and last.islower() and len(org.split()) <= 3:
                # "the NHS trust": the trust named earlier, if there is one
                return ("anaphor-or-name", last, gender, tuple(org.split()[:-1]), org)
            if org and org[0].isupper():
                return _Ref("org", name=org, gender=gender)
            if org and len(org.split()) <= 3:
                return ("anaphor", org.split()[-1], gender, ())
            return None
        if all(t[:1].isupper() or t.lower() in ("and", "of", "for", "&") for t in rtoks):
            if _is_orgish(rtoks) and not possessive:
                if first == "The" and (not sentence_initial or any(t in _NEWSPAPER_WORDS for t in rtoks)):
                    return _Ref("org", name=np)
                return _Ref("org", name=rest)
            nm = _analyse_capseq(rest)
            if nm is not None and _name_like(nm.tokens) and (nm.prerole or nm.has_title):
                return _person_ref(nm)
            if _ROLE_HEAD_RE.fullmatch(rest.strip()) or (nm is None and _role_key(rest)):
                return _Ref("role", role=rest, key=_role_key(rest))
            return None
        if len(rtoks) <= 2 and rtoks[-1].lower() in _ANAPHOR_TAILS:
            return ("anaphor", rtoks[-1], "", ())
        rm = re.match(
            r"^(?:(?:[\w'’-]+['’]s|former|new|deputy|local|current|acting|interim|outgoing|then|"
            r"county['’]s|region['’]s|area['’]s|force['’]s|city['’]s|council['’]s)\s+){0,3}"
            r"(?P<head>.+?)(?:\s+(?:for|of|at|in|on)\s+.+)?$",
            rest,
        )
        if rm:
            head = rm.group("head")
            hm = _ROLE_HEAD_RE.fullmatch(head)
            if hm is None:
                # "police and crime commissioner" inside a longer head ("area police and crime commissioner")
                hm2 = list(_ROLE_HEAD_RE.finditer(head))
                if hm2 and hm2[-1].end() == len(head) and len(head.split()) <= 6 and not _FINITE_RE.search(head):
                    hm = hm2[-1]
            if hm is not None:
                key = _role_key(hm.group(0))
                if key in ("member", "head", "lead", "chief", "deputy", "officer", "expert", "boss") and len(words) <= 2:
                    return None
                if key in _FAMILY_KEYS and (possessive or first.lower() in ("his", "her", "their", "its")):
                    # "her mother", "Abi's father": someone's relative, never a named person
                    # by role (an appositive name still wins: "His brother, Ed Hale, said")
                    return _Ref("role", name="relative", role=rest, key=key)
                return _Ref("role", role=rest, key=key)
        return None
    # Capitalised sequence (possibly ending with an affiliation "of Release")
    toks = words
    if not toks[0][:1].isupper():
        return None
    heads = list(_ROLE_HEAD_RE.finditer(np))
    if heads and heads[-1].end() == len(np) and not _TITLE_RE.match(np + " "):
        # "PCC", "the Police and Crime Commissioner", "West Mercia PCC"
        if all(t[:1].isupper() or t.lower() in ("and", "of", "for", "&") for t in toks):
            return _Ref("role", role=np, key=_role_key(heads[-1].group(0)))
    nm = _analyse_capseq(np)
    if nm is None:
        return None
    # everything up to the affiliation must be capitalised
    core = np if not nm.affil else np[: np.rfind(nm.affil)].rsplit(None, 1)[0]
    core_toks = core.split()
    if any(not (t[:1].isupper() or t.lower() in ("and", "of", "for", "&", "the") or t.lower() in _PARTICLES) for t in core_toks):
        return None
    if _is_orgish(toks) and not (nm.has_title or nm.prerole) and not (
        len(nm.tokens) >= 2 and _first_name_gender(nm.tokens[0])
    ):
        name = np
        if toks[0] == "The" and not (len(toks) > 1 and toks[1] in _NEWSPAPER_WORDS):
            name = np[4:]
        if len(toks) == 1 and toks[0] in ("Police", "Council", "Government", "Home", "Labour"):
            return None
        return _Ref("org", name=name)
    if not _name_like(nm.tokens):
        if nm.prerole and not nm.tokens:
            return _Ref("role", role=nm.prerole, key=_role_key(nm.prerole))
        return None
    if len(nm.tokens) == 1 and not (nm.has_title or nm.prerole):
        tok = nm.tokens[0]
        otherwise = None
        if _first_name_gender(tok):
            otherwise = _Ref("person", name=tok, gender=_first_name_gender(tok))
        elif (tok in _ORG_WORDS and tok not in _GENERIC_ORG_WORDS) or (
            tok.isupper() and 2 <= len(tok) <= 6 and tok not in _NOT_NAME
        ):
            otherwise = _Ref("org", name=tok)
        return ("surname", tok, _person_ref(nm), otherwise)
    return _person_ref(nm)


def _person_ref(nm: _Name) -> _Ref:
    role = nm.prerole or nm.title_role
    gender = nm.gender or (_first_name_gender(nm.tokens[0]) if len(nm.tokens) >= 2 else "") or _role_gender(role)
    return _Ref("person", name=" ".join(nm.tokens), role=role, gender=gender)


def _resolve(ref: _Ref | None, doc: _Doc, pos: int, role_hint: str = "") -> tuple[str, str] | None:
    """Turn a reference into (canonical speaker, role), recording the mention."""
    if ref is None:
        return None
    if ref.kind == "pron":
        name = doc.resolve_pronoun(ref.name, pos)
        if name is None:
            return None
        want = _PRONOUNS.get(ref.name, "")
        if want in ("m", "f") and not doc.gender.get(name):
            doc.gender[name] = want
        if want in ("m", "f"):
            doc.mention(pos, name, "person", True)
        return name, doc.role.get(name, "")
    if ref.kind == "org":
        doc.orgs.append((pos, ref.name))
        doc.mention(pos, ref.name, "org", True)
        if ref.gender:
            doc.gender[ref.name] = ref.gender
            doc.mention(pos, ref.name, "person", True)
        return ref.name, ""
    if ref.kind == "role":
        if doc.headline:
            # a headline's "police chief" or "Mum" is only who the article clearly says it is
            person = doc.person_matching_role(ref.role)
            if person is None:
                return None
            doc.mention(pos, person, "person", True)
            return person, doc.role.get(person, "") or _clean_role(ref.role)
        if ref.name == "relative":
            return None  # "her mother said": an unnamed relative, not the person named
        person = doc.person_for_role(ref.key) or doc.person_matching_role(ref.role)
        if person is None and ref.key:
            # "the area's police and crime commissioner has said ... John Campion said": a
            # role named before the person is the next person the article names. "A
            # resident said" is mostly someone left unnamed: only a person introduced in
            # the next sentence or so may be them.
            common = ref.key in _COMMON_ROLE_NOUNS
            if common and doc.para_idx > 2:
                return None  # past the opening, "a resident" is a vox pop, not the next name
            person = doc.next_person(pos, 300 if common else 1200, ref.key, first_only=common)
            if person is None:
                return None
            doc.role_keys.append((ref.key, person))
            if not doc.role.get(person):
                doc.role[person] = _clean_role(ref.role)
        doc.mention(pos, person, "person", True)
        return person, doc.role.get(person, "") or _clean_role(ref.role)
    toks = ref.name.split()
    canon = doc.canonical(toks)
    if ref.gender and not doc.gender.get(canon):
        doc.gender[canon] = ref.gender
    role = role_hint and _ROLE_HEAD_RE.search(role_hint) and _clean_role(role_hint) or ""
    if ref.role or role:
        if not doc.role.get(canon):
            doc.role[canon] = _clean_role(ref.role or role)
    doc.mention(pos, canon, "person", True)
    return canon, doc.role.get(canon, "") or _clean_role(ref.role or role)


# a comma-separated phrase opening with one of these is an adjunct, never the subject
_ADJUNCT_START = set(
    """speaking writing talking responding commenting asked addressing giving answering
    appearing reacting in at on after before during following with without by for from
    under despite since when while although though if as because like unlike""".split()
)
# a noun phrase right after one of these is an object or sits in a subordinate clause
_NOT_BEFORE_SUBJECT = set(
    """to with by for from of at in on about against told tells tell met meeting asked like
    unlike than towards into onto via behind after before since while when as if because
    although though unless until whereas thanked praised criticised blamed accused""".split()
)
_PERSON_OBJECT_RE = re.compile(
    r"\s*(?:him|her|them|me|us|witnesses|officers|police|"
    rf"(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:{_trie(_ROLE_HEADS)})(?![\w-]))",
    re.IGNORECASE,
)
_INNER_REL_RE = re.compile(r"\s(?:who|whose)\s")
_PAREN_RE = re.compile(r"\([^()]{0,60}\)|,\s*\d{1,3}\s*(?=,)")
_REL_RE = re.compile(r"(?:^|,)\s*(?:who|whose)(?:\s+\w+ly|\s+has|\s+had|\s+also|\s+once)*\s*$")


_SUBJECT_BREAK_RE = re.compile(r"[,;:()\[\]–—\"“”]|\s-\s|\b(?:who|whose|which|that)\b")
_SUBJECT_WINDOW = 500  # characters before a reporting verb searched for its subject


def _tail_tokens(s: str) -> list[re.Match]:
    """The white-space separated tokens of ``s`` that start in its last _NP_MAX_CHARS
    characters, with the one token before them."""
    j = max(0, len(s) - _NP_MAX_CHARS - 1)
    while j > 0 and not s[j - 1].isspace():
        j -= 1
    if j > 0:  # step back over the white space to the token before
        j -= 1
        while j > 0 and s[j].isspace():
            j -= 1
        while j > 0 and not s[j - 1].isspace():
            j -= 1
    return list(_NONSPACE_RE.finditer(s, j))


def _subject_before(masked: str, lo: int, hi: int, doc: _Doc, base: int) -> tuple[tuple[str, str], bool] | None:
    """Find the speaker of a reporting verb at ``hi`` from the words in ``masked[lo:hi]``.

    Returns ((speaker, role), is_relative_clause) or None.
    """
    if hi - lo > _SUBJECT_WINDOW:  # a subject sits close to its verb; bound the work per verb
        cut = masked.find(" ", hi - _SUBJECT_WINDOW, hi)
        lo = cut + 1 if cut != -1 else hi - _SUBJECT_WINDOW
    pre = _PAREN_RE.sub(lambda m: " " * len(m.group(0)), masked[lo:hi])
    pre = pre.rstrip()
    aux = _AUX_TAIL_RE.search(pre, max(0, len(pre) - 160))
    if aux:
        pre = pre[: aux.start()]
    if _PASSIVE_TAIL_RE.search(pre + " ", max(0, len(pre) - 40)):
        return None
    relative = False
    rel = _REL_RE.search(pre, max(0, len(pre) - 80))
    if rel:
        relative = True
        pre = pre[: rel.start()]
    else:
        inner = _INNER_REL_RE.search(pre)
        if inner and "," not in pre[inner.start() :]:
            pre = pre[: inner.start()]  # "The mother of a teenager who died in May | has backed"
    # comma segments with their offsets
    segs = []
    pos = 0
    for part in _SEG_SPLIT_RE.split(pre):
        if part in (",", ":") or (len(part) == 3 and part[1] in "–—-" and part[0].isspace()):
            pos += len(part)
            continue
        segs.append((pos, part))
        pos += len(part)
    for i, (off, seg) in enumerate(segs):
        s = seg.strip()
        if not s:
            continue
        s_off = off + (len(seg) - len(seg.lstrip()))
        if _WHO_RE.match(s):
            break
        s2 = _LEAD_CONJ_RE.sub("", s)
        s_off += len(s) - len(s2)
        s = s2
        if not s:
            continue
        head = s.split(None, 1)
        first, several = head[0], len(head) > 1
        if i < len(segs) - 1 and first.lower() in _ADJUNCT_START and several:
            continue  # "Speaking to the Courier, Mr Reddy said": the adjunct holds no subject
        # try the whole segment, then suffixes starting at a capital, pronoun or determiner
        # _read_np refuses a phrase of more than _NP_MAX_WORDS words or _NP_MAX_CHARS
        # characters, so only the segment's last words can start a subject: tokenising just
        # the tail keeps the work per verb bounded ("he said " x 5 MB has a verb every 8 characters)
        toks = _tail_tokens(s)
        whole = toks[0].start() == 0 and len(toks) <= _NP_MAX_WORDS and len(s) <= _NP_MAX_CHARS
        cands = [(0, s)] if whole else []
        for k in range(max(1, len(toks) - _NP_MAX_WORDS), len(toks)):
            if len(s) - toks[k].start() > _NP_MAX_CHARS:
                continue
            w = toks[k].group(0)
            prev = toks[k - 1].group(0)
            if prev.lower() in _NOT_BEFORE_SUBJECT:
                continue  # "Speaking to BBC Radio Kent", "After meeting Ivo Brack": not a subject
            if prev[:1].isupper() and w[:1].isupper() and not (toks[k - 1].start() == 0 and prev.rstrip(",") in _LEAD_WORDS):
                continue  # "Radio Kent" inside "BBC Radio Kent": the whole name was tried
            if w[:1].isupper() or w.lower() in _PRONOUNS or w.lower() in ("the", "a"):
                cands.append((toks[k].start(), s[toks[k].start() :]))
        # "Campaigners said", "a source close to the minister said": unnamed and collective
        # sources are speakers too (codebook 1.2), named by their phrase, when the phrase
        # names nobody the article knows ("a police spokesman" may be the force named before)
        coll = collective_source(s) if i == len(segs) - 1 and len(s) <= 90 and s.lower() not in _PRONOUNS else None
        fallback = ((coll[0], ""), relative) if coll else None
        for c_off, c in cands:
            if c_off == 0 and first.lower() in _ADVERBIAL_START and several and first.lower() not in ("the", "a", "an"):
                continue
            ref = _parse_np(c, doc, base + lo + s_off + c_off, sentence_initial=(lo + s_off + c_off == 0))
            if ref is None:
                continue
            # the next segment may be an appositive role ("John Smith, chair of the board,")
            role_hint = ""
            nxt = segs[i + 1][1].strip() if i + 1 < len(segs) else ""
            if nxt and not _WHO_RE.match(nxt):
                role_hint = nxt
            if ref.kind == "role" and nxt:
                # "His lawyer, Anne Fry, said": the name in the appositive is the speaker
                ref2 = _parse_np(nxt, doc, base + lo + segs[i + 1][0])
                if ref2 is not None and ref2.kind == "person":
                    res = _resolve(ref2, doc, base + lo + segs[i + 1][0], c)
                    return (res, relative) if res else None
            res = _resolve(ref, doc, base + lo + s_off + c_off, role_hint)
            if res is None:
                return fallback
            return res, relative
        if fallback:
            return fallback
        # a segment that is not adverbial and not a speaker: the subject is elsewhere
        if first.lower() not in _ADVERBIAL_START and not first.endswith("ing"):
            if i == len(segs) - 1:
                return None
    return None


# ---------------------------------------------------------------------------------------------
# The segmenter


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's text, surrounding whitespace excluded."""
    out = []
    for m in _PARA_RE.finditer(text):
        line = m.group(0)
        core = line.strip()
        if core:
            a = m.start() + len(line) - len(line.lstrip())
            out.append((a, a + len(core)))
    return out


def _is_furniture(para: str) -> bool:
    if _FURNITURE_RE.match(para) or _CAPS_LEAD_RE.match(para):
        return True
    if len(para) < 160 and _CREDIT_TAIL_RE.search(para):
        return True
    if len(para) < 300 and ":" in para and _CREDIT_LABEL_RE.search(para):
        return True  # a photo caption: "Simon Foster at the launch – Credit: Archant"
    # a headline set in capitals ("POLICE WARN OF NEW DRUG")
    return len(para) <= 200 and para.isupper() and " " in para and len(para) >= 8


def _is_headline(idx: int, para: str) -> bool:
    """One of the first lines, short and without a sentence's final punctuation."""
    return (
        idx < 3
        and not para.rstrip().endswith((".", "!", "?", ":", '"', "”", "’", "'"))
        and len(para.split()) <= 25
    )


def _trim_span(para: str, a: int, b: int, full_stop: bool = True) -> tuple[int, int]:
    while a < b and (para[a].isspace() or para[a] in ",;:"):
        a += 1
    while b > a:
        ch = para[b - 1]
        if ch.isspace() or ch in ",;:–—-(" or (full_stop and ch == "." and not para[b - 3 : b] == "..."):
            b -= 1
            continue
        break
    # drop a dangling conjunction left by a boundary
    m = _DANGLING_CONJ_RE.search(para, a, b)
    if m:
        b = m.start()
    if para[a : a + 5].lower() == "that " and b - a > 5:
        a += 5
    return a, b


class _Segmenter:
    def __init__(self, text: str, doc_id: str) -> None:
        self.text = text
        self.doc_id = doc_id
        self.doc = _Doc(text)
        self.units: list[Quote] = []
        self.last_speaker: tuple[str, str] | None = None
        self.last_para = -10
        self.last_direct_single: bool | None = None
        self.pending: tuple[str, str] | None = None
        self.run_open = False  # the last quotation ran to its paragraph's end unclosed

    def add(self, p0: int, a: int, b: int, kind: str, spk: tuple[str, str], para_idx: int) -> None:
        if b <= a:
            return
        start, end = p0 + a, p0 + b
        self.units.append(Quote(self.doc_id, start, end, kind, spk[0], spk[1], self.text[start:end],
                                speaker_type(spk[0], self.doc)))
        self.last_speaker = spk
        self.last_para = para_idx

    def run(self) -> list[Quote]:
        text = self.text
        paras = [p for p in _paragraphs(text) if not _is_furniture(text[p[0] : p[1]])]
        _collect(self.doc, text, paras)
        self.doc.mentions.sort()
        self.doc.orgs.sort(key=lambda m: m[0])
        # Headlines are read last, once the body has said who holds which role: "Cuts will
        # cost lives - charity boss" is only attributed if the article names that boss.
        headlines = []
        for idx, (p0, p1) in enumerate(paras):
            para = text[p0:p1]
            if _is_headline(idx, para):
                headlines.append((idx, p0, para))
            else:
                self.paragraph(idx, p0, para, False)
        for idx, p0, para in headlines:
            self.last_speaker = self.pending = self.last_direct_single = None
            self.last_para = -10
            self.paragraph(idx, p0, para, True)
        return self._clean()

    def _clean(self) -> list[Quote]:
        units = sorted(set(self.units), key=lambda q: (q.start, q.end))
        out: list[Quote] = []
        for q in units:
            if out and q.start < out[-1].end:
                prev = out[-1]
                if prev.kind == "direct" and q.kind == "indirect":
                    continue
                if prev.kind == "indirect" and q.kind == "direct":
                    end = q.start - 1
                    while end > prev.start and not self.text[end - 1].isalnum():
                        end -= 1
                    if end - prev.start < 8:
                        out.pop()
                    else:
                        out[-1] = Quote(prev.doc_id, prev.start, end, prev.kind, prev.speaker, prev.speaker_role,
                                        self.text[prev.start : end], prev.speaker_type)
                elif (q.end - q.start) <= (prev.end - prev.start):
                    continue
                else:
                    out.pop()
            out.append(q)
        return out

    # -- one paragraph ------------------------------------------------------------------------
    def paragraph(self, idx: int, p0: int, para: str, headline: bool = False) -> None:
        doc = self.doc
        doc.para_idx = idx
        regions = _find_regions(para)
        masked = _mask(para, regions)
        # reporting verbs of the whole paragraph, found once and handed to each sentence
        triggers = list(_TRIGGER_RE.finditer(masked))
        if not regions and not triggers and not headline and not para.endswith(":") and "ccording to" not in para:
            # no quotation, no reporting verb: nothing here can be speech (most paragraphs)
            self.pending = None
            return
        sentences = _sentences(para, masked, regions)
        para_units_before = len(self.units)
        doc.headline = headline
        for s0, s1 in sentences:
            regs = [r for r in regions if s0 <= r.open < s1]
            consumed: set[int] = set()
            # 1. what kind of quotation is each region?
            prev_end = s0
            for j, r in enumerate(regs):
                before = masked[prev_end : r.open]
                min_words = 4 if r.single else 3
                if before.rstrip().endswith(":"):
                    min_words = 1  # 'He said: ‘No.' -- a colon and a reporting verb make it speech
                if r.open == 0 and r.words and self.run_open and self.last_para == idx - 1:
                    r.cand = "start"  # the next paragraph of a quotation left open
                elif r.words >= min_words:
                    m = _attrib_end(before)
                    if m and before.strip() and not _BE_END_RE.search(before, 0, m.start()):
                        r.cand = "attrib"
                        verb = re.sub(r"\s+", " ", m.group("verb"))
                        if _PART_START_RE.fullmatch(verb) or verb in ("adding", "saying"):
                            r.speaker = ("<last>", "")
                        else:
                            got = _subject_before(masked, prev_end, prev_end + m.start(), doc, p0)
                            r.speaker = got[0] if got else None
                        consumed.add(prev_end + m.start())
                    elif before.rstrip().endswith(":"):
                        r.cand = "colon"
                    elif before.rstrip().endswith(",") and j > 0 and regs[j - 1].cand:
                        r.cand = "cont"
                    elif not before.strip():
                        r.cand = "start"
                elif r.words and r.close >= 0 and not before.strip():
                    # '"The problem," she said, "is ..."': a short opening part is speech when
                    # an attribution follows it
                    nxt = regs[j + 1].open if j + 1 < len(regs) else s1
                    after = masked[r.close + 1 : nxt]
                    if (para[r.cend - 1] in ",?!…—–-" or after.lstrip()[:1] == ",") and (
                        _AFTER_SUBJ_VERB_RE.match(after) or _AFTER_VERB_SUBJ_RE.match(after)
                    ):
                        r.cand = "start"
                prev_end = (r.close + 1) if r.close >= 0 else r.cend
            # 2. attribution after a quotation: "...," he said / said Mr X
            for j, r in enumerate(regs):
                if r.cand not in ("start", "attrib", "colon") or r.close < 0:
                    continue
                nxt = regs[j + 1].open if j + 1 < len(regs) else s1
                after = masked[r.close + 1 : nxt]
                got = None
                for rx in (_AFTER_SUBJ_VERB_RE, _AFTER_VERB_SUBJ_RE):
                    m = rx.match(after)
                    if not m:
                        continue
                    spos = r.close + 1 + m.start("subj")
                    quote_ends = para[r.cend - 1 : r.cend] in ",?!…-–—" or after.lstrip().startswith((",", "-", "–", "—"))
                    if not quote_ends and para[r.cend - 1 : r.cend] != ".":
                        continue
                    # "said Labour councillor Ruth Amis": the name after a role
                    found = _parse_np_suffix(m.group("subj"), doc, p0 + spos, initial=False)
                    if found is None:
                        continue
                    ref, off = found
                    got = _resolve(ref, doc, p0 + spos + off, m.group("subj")[:off] if off else "")
                    if got:
                        consumed.add(r.close + 1 + m.start("verb"))
                        break
                if got is None and headline and j == len(regs) - 1:
                    m = _AFTER_DASH_RE.match(after)
                    if m:
                        spos = p0 + r.close + 1 + m.start("subj")
                        ref = _parse_np_suffix(m.group("subj"), doc, spos)
                        got = _resolve(ref[0], doc, spos + ref[1]) if ref else None
                if got:
                    if r.cand in ("start", "colon") or r.speaker is None:
                        r.speaker = got
                        r.cand = r.cand or "start"
                    if r.cand == "colon":
                        r.cand = "attrib"
            # 3. reported speech
            sent_triggers = [t for t in triggers if s0 <= t.start() < s1] if triggers else triggers
            sent_units = self.indirect(idx, p0, para, masked, s0, s1, regs, consumed, sent_triggers)
            # 4. direct quotations
            for r in regs:
                spk = None
                if r.cand == "attrib":
                    spk = r.speaker
                    if spk == ("<last>", ""):
                        spk = sent_units[-1][2] if sent_units else self._sentence_subject(masked, s0, r.open, p0)
                elif r.cand == "colon":
                    if sent_units:
                        spk = sent_units[-1][2]
                    else:
                        np = masked[s0 : r.open].rstrip()[:-1]
                        got = _parse_np_suffix(np, doc, p0 + s0) if len(np.split()) <= 6 else None
                        if got is None and len(np.split()) <= 8:
                            # "County lines coordinator Ian Randall: “...": the name before the colon
                            cm = _CAPSEQ_END_RE.search(np)
                            if cm and cm.start() > 0:
                                ref = _parse_np(cm.group(0), doc, p0 + s0 + cm.start())
                                got = (ref, cm.start()) if ref is not None and ref.kind == "person" else None
                        spk = _resolve(got[0], doc, p0 + s0 + got[1]) if got else None
                elif r.cand == "cont":
                    # "A," said X, "B." -- the second part has the first part's speaker
                    prev = [o for o in regs if o.open < r.open]
                    spk = prev[-1].speaker if prev and prev[-1].cand and prev[-1].speaker != ("<last>", "") else None
                elif r.cand == "start":
                    spk = r.speaker
                    if spk is None:
                        nxt_open = min([o.open for o in regs if o.open > r.open] + [s1])
                        tail = masked[r.close + 1 : nxt_open].strip() if r.close >= 0 else ""
                        run_on = self.run_open and self.last_para == idx - 1 and r.open == 0
                        if not tail.strip(".!?…;") and (r.words >= 4 or run_on):
                            spk = self._run_speaker(idx, para_units_before, r, sent_units)
                if spk is None:
                    continue
                self.add(p0, r.cstart, r.cend, "direct", spk, idx)
                sent_units.append((r.cstart, r.cend, spk))
                self.last_direct_single = r.single
                self.run_open = r.close < 0 and r.cend >= len(para.rstrip()) - 1
            # 5. headline "claim - SPEAKER"
            if headline and not sent_units and not any(r.cand for r in regs):
                m = _HEADLINE_DASH_RE.match(masked[s0:s1])
                if m and len(m.group("claim").split()) >= 3:
                    got = _parse_np_suffix(m.group("subj"), doc, p0 + s0 + m.start("subj"))
                    spk = _resolve(got[0], doc, p0 + s0 + m.start("subj") + got[1]) if got else None
                    if spk:
                        a, b = _trim_span(para, s0, s0 + m.end("claim"))
                        self.add(p0, a, b, "indirect", spk, idx)
        # a paragraph ending "X said:" introduces the next paragraph's quotation
        self.pending = None
        if para.rstrip().endswith(":"):
            m = _attrib_end(masked)
            if m:
                got = _subject_before(masked, sentences[-1][0] if sentences else 0, m.start(), doc, p0)
                if got:
                    self.pending = got[0]
                    self.last_para = idx

    def _sentence_subject(self, masked: str, s0: int, hi: int, p0: int) -> tuple[str, str] | None:
        m = _TRIGGER_RE.search(masked, s0, hi)
        if not m:
            return None
        got = _subject_before(masked, s0, m.start(), self.doc, p0)
        return got[0] if got else None

    def _run_speaker(self, idx: int, para_units_before: int, r: _Region, sent_units: list) -> tuple[str, str] | None:
        if sent_units:
            return sent_units[-1][2]
        if self.pending is not None and self.last_para == idx - 1:
            return self.pending
        if self.last_speaker is None:
            return None
        if len(self.units) > para_units_before or self.last_para == idx - 1:
            if r.single and self.last_direct_single is not True and r.words < 8:
                return None
            return self.last_speaker
        return None

    def indirect(self, idx, p0, para, masked, s0, s1, regs, consumed, triggers) -> list:
        """Reported speech in the sentence ``masked[s0:s1]`` whose reporting verbs are
        ``triggers``; returns (start, end, speaker)."""
        doc = self.doc
        sent_units: list = []  # (a, b, speaker)
        seg = masked[s0:s1]
        if not triggers and "ccording to" not in seg:
            return sent_units
        # where full quotations begin: a reported clause never runs into one
        hard_stops = []
        for r in regs:
            if r.cand in ("attrib", "start", "colon"):
                stop = r.open
                k = stop
                while k > s0 and masked[k - 1].isspace():
                    k -= 1
                if k > s0 and masked[k - 1] == ":":
                    stop = k - 1
                hard_stops.append(stop)

        def inside_region(pos: int) -> bool:
            return any(r.cstart <= pos < r.cend for r in regs)

        def clause_end(a: int) -> int:
            b = s1
            for st in hard_stops:
                if st >= a:
                    b = min(b, st)
                    break
            m = _BOUNDARY_RE.search(masked, a, b)
            while m is not None and inside_region(m.start()):
                m = _BOUNDARY_RE.search(masked, m.end(), b)
            if m is not None:
                b = m.start()
            return b

        def clause_start_after_verb(vend: int, verb: str) -> int | None:
            a = vend
            if verb.endswith(" for"):
                m = _FOR_YEARS_RE.match(masked, vend - 3, s1)
                if m:
                    return m.end()
                return a
            if verb in _PHRASE_SET:
                return a
            if verb in ("told", "tells"):
                m = _THAT_NEAR_RE.match(masked, a, s1)
                if m and not inside_region(m.end() - 1):
                    return m.end()
                m = _TOLD_OBJ_RE.match(masked, a, s1)
                if not m:
                    return None
                a = m.end()
                rest = masked[a:clause_end(a)]
                if rest.lstrip().startswith(":"):
                    return a
                if not _FINITE_RE.search(rest):
                    return None
                return a
            m = _THAT_AFTER_RE.match(masked, a, s1)
            if m:
                return m.end()
            m = _THAT_RE.match(masked, a, s1)
            if m:
                return m.end()
            if verb in _NEED_THAT:
                return None
            return a

        # "according to X, CLAUSE" and "CLAUSE, according to X"
        m = _ACCORDING_START_RE.search(seg) if "ccording to" in seg else None
        if m and (m.start() == 0 or not seg[: m.start()].strip() or seg[: m.start()].rstrip().endswith(",")) and not inside_region(s0 + m.start()):
            ref = _parse_np(m.group("spk"), doc, p0 + s0 + m.start("spk"))
            spk = _resolve(ref, doc, p0 + s0 + m.start("spk")) if ref else None
            if spk:
                a = s0 + m.end()
                a, b = _trim_span(para, a, clause_end(a))
                if b - a > 10:
                    sent_units.append((a, b, spk))
        else:
            m = _ACCORDING_END_RE.search(seg) if "ccording to" in seg else None
            if m and not inside_region(s0 + m.start()):
                ref = _parse_np(m.group("spk"), doc, p0 + s0 + m.start("spk"))
                spk = _resolve(ref, doc, p0 + s0 + m.start("spk")) if ref else None
                if spk:
                    a, b = _trim_span(para, s0, s0 + m.start())
                    if b - a > 10 and not any(a <= st < b for st in hard_stops):
                        sent_units.append((a, b, spk))

        open_unit = None  # (a, relative)
        prev_verb_end = failed_end = -1
        for m in triggers:
            v0, v1 = m.start(), m.end()
            prev_verb_end, this_prev = v1, prev_verb_end
            if v0 in consumed or inside_region(v0):
                continue
            if sent_units and v0 < sent_units[-1][1]:
                continue
            if m.group("part"):
                verb = " ".join(m.group("part").split())
                if not _PART_LEAD_RE.search(masked, max(s0, v0 - 24), v0):
                    continue
                spk = sent_units[-1][2] if sent_units else None
                if spk is None:
                    for r in regs:
                        if r.close >= 0 and r.close < v0 and r.speaker and r.speaker != ("<last>", ""):
                            spk = r.speaker
                if spk is None:
                    spk = self._sentence_subject(masked, s0, v0, p0)
                if spk is None:
                    continue
                if verb in ("calling for", "urging", "describing"):
                    a = v1
                else:
                    mm = _THAT_AFTER_RE.match(masked, v1, s1) or _THAT_RE.match(masked, v1, s1)
                    if mm:
                        a = mm.end()
                    elif verb == "saying":
                        a = v1
                    else:
                        continue
                k = a
                while k < s1 and masked[k].isspace():
                    k += 1
                if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand for r in regs):
                    continue
                a2, b2 = _trim_span(para, a, clause_end(a))
                if len(_WORD_RE.findall(para, a2, b2)) >= 2 and not (sent_units and a2 < sent_units[-1][1]):
                    sent_units.append((a2, b2, spk))
                    open_unit = (a2, False)
                continue
            verb = " ".join(m.group("verb").split())
            after = masked[v1 : v1 + 12]
            if _PASSIVE_AFTER_RE.match(after):
                continue
            conj = _CONJ_END_RE.search(masked, max(s0, v0 - 40), v0)
            comma_main = open_unit is not None and open_unit[1] and _COMMA_END_RE.search(masked, max(s0, v0 - 40), v0)
            spk = None
            relative = False
            if (conj or comma_main) and sent_units:
                spk = sent_units[-1][2]
                if verb not in _CONJ_VERBS and verb.replace(" ", r"\s+") not in _CONJ_VERBS:
                    continue
            elif open_unit is not None:
                continue
            else:
                lo = s0
                for r in regs:
                    r_end = r.close + 1 if r.close >= 0 else r.cend
                    if r.cand in ("attrib", "start", "colon") and r_end <= v0:
                        lo = max(lo, r_end)
                if this_prev > lo and (this_prev == failed_end or not _SUBJECT_BREAK_RE.search(masked, this_prev, v0)):
                    # "X said Y said": a subject never spans an earlier reporting verb of its own
                    # comma segment, and words in which an earlier verb found no subject hold
                    # none for this one (this also keeps "he said, " x 5 MB linear)
                    lo = this_prev
                got = _subject_before(masked, lo, v0, doc, p0)
                if got is None:
                    failed_end = v1
                    continue
                spk, relative = got
            a = clause_start_after_verb(v1, verb)
            if a is None:
                continue
            if verb in ("added", "adds") and a == v1 and not _FINITE_RE.search(masked, a, clause_end(a)):
                continue  # "had added green specks of cannabis to the mix": not speech
            if verb in _INTERROGATE and _PERSON_OBJECT_RE.match(masked, a):
                continue
            k = a
            while k < s1 and masked[k].isspace():
                k += 1
            if k >= s1 or masked[k] == ":" or any(k == r.open and r.cand in ("attrib", "start", "colon") for r in regs):
                open_unit = None
                continue
            b = clause_end(a)
            if relative:
                mm = _COMMA_VERB_RE.search(masked, a, b)
                if mm:
                    b = mm.start()
            a2, b2 = _trim_span(para, a, b)
            if len(_WORD_RE.findall(para, a2, b2)) < 2:
                continue
            if sent_units and a2 < sent_units[-1][1]:
                continue
            sent_units.append((a2, b2, spk))
            open_unit = (a2, relative)

        if not sent_units and not any(r.cand for r in regs) and "," in seg and _LAST_VERB_HINT_RE.search(seg[-140:]):
            # "CLAUSE, the commissioner has said."
            m = _SPEAKER_LAST_RE.search(seg) or None
            inv = None if m else _SPEAKER_LAST_INV_RE.search(seg)
            mm = m or inv
            if mm and not inside_region(s0 + mm.start()):
                ref = _parse_np(mm.group("subj"), doc, p0 + s0 + mm.start("subj"))
                spk = _resolve(ref, doc, p0 + s0 + mm.start("subj")) if ref else None
                if spk:
                    end = s0 + mm.start()
                    # "CLAUSE, the council leader, Ada Pike, has said": drop the appositive
                    cut = masked.rfind(",", s0, end)
                    if cut > s0 and _parse_np(masked[cut + 1 : end], doc, p0 + cut + 1) is not None:
                        end = cut
                    a, b = _trim_span(para, s0, end)
                    if len(_WORD_RE.findall(para, a, b)) >= 4:
                        sent_units.append((a, b, spk))
        for a, b, spk in sent_units:
            self.add(p0, a, b, "indirect", spk, idx)
        return sent_units


def segment_text(text: str, doc_id: str = "") -> list[Quote]:
    """Find the attributed speech units of one article.

    Parameters
    ----------
    text : str
        The article text exactly as decoded (no newline translation needed).
    doc_id : str
        Carried into every :class:`Quote`.

    Returns
    -------
    list of Quote
        Sorted by start offset; ``text[q.start:q.end] == q.text`` for every unit.
    """
    if not isinstance(text, str):
        raise InputError(f"segment_text expects the article text as str, got {type(text).__name__}")
    if not text.strip():
        return []
    work = rejoin_wrapped(text) if len(text) <= MAX_BLOCK else text
    if len(work) <= MAX_PARAGRAPH or (len(work) <= MAX_BLOCK and "\n" in work
                                      and max(map(len, work.split("\n"))) <= MAX_PARAGRAPH):
        quotes = _Segmenter(work, doc_id).run()
    else:
        quotes = _segment_bounded(work, doc_id)
    cut = truncated_end(text)
    if cut is not None:
        # an excerpt that stops mid-sentence: a unit running into the cut is not whole
        quotes = [q for q in quotes if q.end < cut - 1]
    if work is not text:
        quotes = [Quote(doc_id, q.start, q.end, q.kind, q.speaker, q.speaker_role, text[q.start:q.end],
                        q.speaker_type) for q in quotes]
    return quotes


# Real news paragraphs are a few hundred characters and articles a few thousand. Scraped text
# can hold one paragraph of megabytes; parts of the segmenter compare candidates pairwise within
# a paragraph or an article, so such input is cut into bounded pieces first: overlong
# paragraphs at white space (a newline in place of a space keeps every offset), and texts longer
# than MAX_BLOCK into blocks of whole paragraphs segmented independently. Quotes that would run
# across a cut are lost; normal articles are never cut.
MAX_PARAGRAPH = 2_500
MAX_BLOCK = 100_000


def _cut_long_paragraphs(text: str) -> str:
    """The same text, with a newline in place of a space about every MAX_PARAGRAPH characters
    of any longer paragraph (or a hard cut where there is no white space)."""
    out = []
    for line in text.split("\n"):
        if len(line) > MAX_PARAGRAPH:
            chars, last = list(line), 0
            while len(line) - last > MAX_PARAGRAPH:
                cut = line.rfind(" ", last + MAX_PARAGRAPH // 2, last + MAX_PARAGRAPH)
                if cut == -1:  # no space to cut at: cut hard (quotes are re-sliced from the original)
                    cut = last + MAX_PARAGRAPH
                chars[cut] = "\n"
                last = cut + 1
            line = "".join(chars)
        out.append(line)
    return "\n".join(out)


def _segment_bounded(text: str, doc_id: str) -> list[Quote]:
    work = _cut_long_paragraphs(text)
    quotes: list[Quote] = []
    start = 0
    while start < len(work):
        end = min(len(work), start + MAX_BLOCK)
        if end < len(work):
            nl = work.rfind("\n", start + 1, end)
            end = nl + 1 if nl > start else end
        block = work[start:end]
        if block.strip():
            for q in _Segmenter(block, doc_id).run():
                s, e = q.start + start, q.end + start
                quotes.append(Quote(doc_id, s, e, q.kind, q.speaker, q.speaker_role, text[s:e], q.speaker_type))
        start = end
    return quotes


def _segment_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, list[Quote]]]:
    return [(doc_id, segment_text(text, doc_id)) for doc_id, text in chunk]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    for art in articles:
        chunk.append((art.doc_id, art.text))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def segment_articles(
    articles: Iterable[Article], jobs: int = 1, chunk_size: int = 64
) -> Iterator[tuple[str, list[Quote]]]:
    """Segment many articles, in input order, optionally on several processes.

    Parameters
    ----------
    articles : iterable of Article
        For example ``corpus.iter_articles(paths)``; consumed lazily.
    jobs : int
        Worker processes. 1 runs in this process; 0 means one per CPU core.
    chunk_size : int
        Articles sent to a worker at a time (larger amortises inter-process overhead).

    Yields
    ------
    (doc_id, list of Quote)
        One pair per article, in the order the articles came.
    """
    if not isinstance(jobs, int) or jobs < 0:
        raise InputError(f"jobs must be a whole number >= 0 (0 = one per CPU core), got {jobs!r}")
    if chunk_size < 1:
        raise InputError(f"chunk_size must be >= 1, got {chunk_size!r}")
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs == 1:
        for art in articles:
            yield art.doc_id, segment_text(art.text, art.doc_id)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(jobs) as pool:
        for result in pool.imap(_segment_chunk, _chunks(articles, chunk_size)):
            yield from result


def quote_id(doc_id: str, number: int, total: int) -> str:
    """``<doc_id>-<nn>``: a running number, two digits wide (wider past 99 units)."""
    width = max(2, len(str(total)))
    return f"{doc_id}-{number:0{width}d}"


def quote_rows(quotes: Iterable[Quote] | Iterable[tuple[str, list[Quote]]]) -> list[dict]:
    """Rows in the ``quotes.csv`` schema, numbered per article in order of start offset.

    Parameters
    ----------
    quotes : iterable
        Either Quote objects (any order, any articles) or the ``(doc_id, quotes)`` pairs that
        :func:`segment_articles` yields.

    Returns
    -------
    list of dict
        Keys as in :data:`QUOTE_COLUMNS`; articles keep their first-seen order.
    """
    by_doc: dict[str, list[Quote]] = {}
    for item in quotes:
        if isinstance(item, Quote):
            by_doc.setdefault(item.doc_id, []).append(item)
        else:
            doc_id, qs = item
            by_doc.setdefault(doc_id, []).extend(qs)
    rows = []
    for doc_id, qs in by_doc.items():
        qs = sorted(qs, key=lambda q: (q.start, q.end))
        for n, q in enumerate(qs, 1):
            rows.append(q.to_row(quote_id(doc_id, n, len(qs))))
    return rows


def segment_table(paths: Iterable, jobs: int = 1, encoding: str = "utf-8", chunk_size: int = 64):
    """Segment article files and folders into a ``quotes.csv``-shaped pandas DataFrame.

    Parameters
    ----------
    paths : iterable of path-like
        Article files or folders of ``.txt`` files (see :func:`stance.corpus.iter_articles`).
    jobs : int
        Worker processes (see :func:`segment_articles`).
    encoding : str
        Encoding of the article files.
    chunk_size : int
        Articles per worker task.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`QUOTE_COLUMNS`, one row per unit, articles in path order.
    """
    import pandas as pd

    from .corpus import iter_articles

    rows = quote_rows(segment_articles(iter_articles(paths, encoding), jobs=jobs, chunk_size=chunk_size))
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))

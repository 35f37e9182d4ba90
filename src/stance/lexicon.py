"""Word lists of the quote segmenter: names, titles, roles, organisation words.

Small and hand-made; they describe UK news English, not any particular article.
"""

from __future__ import annotations

import re
from typing import Iterable

_UP = "A-ZÀ-ÖØ-Þ"


def _trie(entries: Iterable[str], sep: str = r"\s+", ahead: bool = False) -> str:
    """One regex alternation for many words, factored by common prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; factoring
    ``said|says|saying`` into ``sa(?:id|ys|ying)`` makes a list of a hundred verbs several
    times cheaper to scan for. In ``entries`` a space stands for ``sep`` (or write ``\\s+``);
    everything else is literal. The longest entry wins, as with a length-sorted alternation.
    ``ahead``: every word after the first is only looked at (a look-ahead), not taken.
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
        alts = [("(?=" + sep + emit(node[k]) + ")" if ahead else sep + emit(node[k])) if k is None
                else re.escape(k) + emit(node[k]) for k in sorted(node, key=str) if k != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(alts) == 1 and len(body) > 1 else body + "?"
        return body

    return emit(root)

# a capitalised word; a plural possessive joins the next capitalised word ("Police Chiefs' Council")
# (an optional part written "(?:X|)" and a repeated one "(?:X(?:X)*|)": the same matches,
# tried in the same order, but where X does not match ``re`` leaves no repeat context to
# set up and tear down; these run at every capitalised word of every article)
_PLURAL_POSS = rf"(?:(?<=s)['’](?=\s+[{_UP}])|)"  # (?:(?<=s)['’](?=\s+[UP]))?
_APOS_PARTS = r"(?:['’]\w+(?:['’]\w+)*|)"  # (?:['’][\w]+)*
_CAPTOK = rf"[{_UP}][\w\-]*{_APOS_PARTS}{_PLURAL_POSS}"
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
    "dsi": "Detective Superintendent",
    "dc": "Detective Constable",
    "acc": "Assistant Chief Constable",
    "dcc": "Deputy Chief Constable",
    "cllr": "Councillor",
    "coun": "Councillor",
    "councillor": "Councillor",
}
# police ranks written with full stops between their letters ("D.I Jones", "P.C. Ann Rudd"):
# read as the undotted key ("di", "pc") by nameshape._strip_titles
_DOTTED_RANKS = ["d.i", "d.c.i", "d.s", "d.c", "p.c", "d.c.s", "a.c.c", "d.c.c", "d.s.i"]
_TITLE_RE = re.compile(
    r"(?:" + _trie(list(_RANK_TITLES) + list(_HONORIFICS) + _DOTTED_RANKS, sep=r"\.?\s+") + r")\.?(?=\s)",
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
    "policing minister", "minister", "secretary", "chancellor", "mp", "mep", "msp", "mla",
    "mayor", "council leader", "leader", "councillor", "cabinet member", "portfolio holder",
    "chief executive", "chief officer", "director", "chairman", "chairwoman", "chair",
    "president", "vice-president", "spokesman", "spokeswoman", "spokesperson", "head",
    "manager", "officer", "co-ordinator", "coordinator", "analyst", "researcher",
    "professor", "lecturer", "founder", "co-founder", "campaigner", "coroner", "judge",
    "magistrate", "recorder", "sheriff", "barrister", "solicitor", "headteacher", "head teacher",
    "principal", "consultant", "nurse", "doctor", "gp", "surgeon", "pharmacist",
    "psychiatrist", "scientist", "expert", "governor", "trustee", "adviser", "advisor",
    "lawyer", "editor", "correspondent", "commander", "constable", "detective", "lead",
    "ceo", "peer", "senator", "candidate", "chief", "boss", "deputy", "member",
    "cabinet minister", "justice secretary", "health secretary", "police commissioner",
    "crime commissioner", "superintendant", "economist", "criminologist", "author",
    "czar", "tsar", "drugs czar", "drugs tsar", "campaigner", "prosecutor", "defence barrister",
    "chief inspector of prisons", "paramedic", "midwife", "coach", "councillor", "pastor", "vicar", "priest",
    "speaker", "columnist",
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
    "Advertiser", "Argus", "Health", "Barnardo's", "Barnardo’s", "BBC", "Conservatives", "Courier", "CPS",
    "Crimestoppers", "Greens", "Guardian", "HMICFRS", "Independent", "Inspectorate", "IOPC", "ITV",
    "Labour", "Liberal", "Limited", "Ltd", "Met", "Mumsnet", "NCA", "NHS", "NSPCC", "Observer", "Ofcom",
    "Ofsted", "ONS", "Parliament", "Plc", "plc", "Release", "Reuters", "RSPCA", "Scotsman",
    "Telegraph", "Tories", "Transform", "Treasury", "UN", "WHO",
}
# Other names UK news uses for a body: the speaker is the body's usual name
_ORG_ALIASES = {"No 10": "Downing Street", "No10": "Downing Street", "Number 10": "Downing Street",
                "Number Ten": "Downing Street", "No. 10": "Downing Street"}
_NEWSPAPER_WORDS = {
    "Times", "Guardian", "Telegraph", "Independent", "Observer", "Mirror", "Express", "Mail",
    "Herald", "Scotsman", "Echo", "Chronicle", "Gazette", "Journal", "Argus", "Advertiser",
    "Courier", "Record", "Standard", "Post", "Sun", "Star", "Economist", "Spectator",
}
# Capitalised function words that open sentences (never a name; may precede one in a run).
_OPENERS = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I",
    "His", "Her", "Their", "Its", "Our", "My", "Your", "You", "But", "And", "Or", "So", "Yet",
    "However", "Meanwhile", "Speaking", "In", "On", "At", "By", "For", "From", "With", "To",
    "Of", "After", "Before", "During", "Since", "As", "If", "When", "While", "Although",
    "Last", "Next", "Earlier", "Later", "Yesterday", "Today", "Now", "Also", "Then", "There",
    "Here", "What", "Who", "Why", "How", "Where", "Which",
}
# the names of the days and months: one list for every reader of dates
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
# Capitalised words that start sentences or name things but are never a speaker's name.
_NOT_NAME = _OPENERS | set(DAY_NAMES) | set(MONTH_NAMES) | {
    "Some", "Many", "Most", "All",
    "Police", "Officers", "Residents", "Campaigners", "Critics", "Experts", "Figures",
    "Ministers", "Sources", "Officials", "People", "Users", "Dealers", "Councillors", "MPs",
    "West", "East", "North", "South", "UK",
    "Britain", "England", "Wales", "Scotland", "Ireland", "London", "Drug", "Drugs",
    "Cannabis", "Cocaine", "Heroin", "Crime", "Home", "Labour", "Conservative", "Tory",
    "Government", "Council", "Parliament", "Commons", "Lords", "Operation", "National",
    "Please", "Click", "Read", "Comments", "Featured", "Image", "Picture", "Photo", "Credit",
    "Nationally", "Locally", "Separately", "Overall", "Instead", "Indeed", "Both", "Each",
    "Every", "Other", "Such", "Even", "Only", "Just", "Not", "No", "Yes", "More", "Less",
    "Mr", "Mrs", "Ms", "Dr", "Miss",
}
# Sentence-initial function words that may precede a name in one capitalised run.
_LEAD_WORDS = _OPENERS | {
    "Asked", "According", "Writing",
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
    Hal Ivo Piers Perrin Bram Tam Leon Tom Ted Ron""".split()
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
# Welsh, Irish and Scottish first names common in the UK's regional news (issue 12j: "Peredur
# Owen Griffiths" had lost "Peredur" to a descriptor, like "Liberal Democrat Norman Baker")
_MALE_NAMES |= set(
    """Peredur Llyr Llŷr Rhun Mabon Gethin Iwan Dafydd Carwyn Alun Gwyn Aled Ieuan Geraint Hefin
    Owain Tomos Osian Emyr Glyn Dewi Cai Elfed Gwilym Hywel Meirion Rhydian Siôn Ciaran Ciarán
    Padraig Pádraig Eamon Séamus Seán Colm Cathal Fergal Donal Dónal Eoin Oisin Oisín Cormac
    Ruairi Ruairí Diarmuid Dermot Ronan Tadhg Micheal Mícheál Fergus Calum Alasdair Alastair
    Ruaridh Lachlan Murdo Humza Anas Innes Gregor Struan""".split()
)
_FEMALE_NAMES |= set(
    """Eluned Siân Delyth Heledd Sioned Nerys Llinos Bethan Angharad Eleri Mererid Meleri Ffion
    Lowri Catrin Manon Gwenllian Non Aoife Siobhán Niamh Sinéad Roisin Róisín Caoimhe Grainne
    Gráinne Mairead Máiréad Aisling Clodagh Deirdre Fionnuala Úna Nuala Emer Sorcha Ailbhe
    Eilidh Ailsa Catriona Shona Kezia Mairi""".split()
)
_MALE_NAMES -= _UNISEX | _FEMALE_NAMES
_FEMALE_NAMES -= _UNISEX | _MALE_NAMES
_FIRST_NAMES = frozenset(_MALE_NAMES | _FEMALE_NAMES | _UNISEX)
_NP_GLUE = {"of", "and", "for", "the", "a", "an", "&", "at", "on", "in", "former", "new", "local", "top", "senior"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "these", "those"}
# prepositions that may open a phrase before a verb ("In Kestwick, ...", "At the hearing"):
# such a phrase is an adjunct, never a speaker
_PREPOSITIONS = frozenset("""in at on from for with by to of into onto over under amid amidst among
across against around behind beyond near through throughout towards toward upon via within without
inside outside despite during after before since until between beneath beside along""".split())


# heads of one unnamed person an article introduces once and then calls "the friend"
# ("A friend of the family told the hearing ... the friend said"); a story has many officers,
# so "the officer" may be another
ONE_OF_A_KIND_HEADS = ("friend", "source", "witness", "neighbour")
# family words an article may call a person by instead of a name ("the mother of a boy said"):
# one list for the first pass, the unnamed-source reader and the pronouns that point back
FAMILY_HEADS = ("mother", "father", "wife", "husband", "widow", "widower", "sister", "brother",
                "daughter", "son", "grandmother", "grandfather")
# someone's family speaking together ("Miss Rudd's family said"): a group, as written
KIN_GROUP_HEADS = frozenset(["family", "families", "relatives", "parents"])
# people who speak for someone else and are never that person ("her lawyer", "Ann Rudd's friend")
AGENT_KEYS = frozenset(["lawyer", "solicitor", "barrister", "friend"])

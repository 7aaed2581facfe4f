"""Vocabulary of responsibility statements: evidence, hedges, speaker kinds.

Hand-written: these are the cue words of the attribution-of-responsibility genre in news,
which no library models.
"""

from __future__ import annotations

import re

from newsblotter.lang import words

EVIDENCE: dict[str, re.Pattern[str]] = {
    "intercepts": re.compile(
        r"\bintercept(?:s|ed)?\b|\bcommunications? (?:intercepts?|intelligence)\b|\bSIGINT\b", re.I
    ),
    "forensics": re.compile(r"\bforensic\w*\b|\bDNA\b|\bballistic\w*\b|\bfingerprints?\b", re.I),
    "video": re.compile(r"\bvideos?\b|\bfootage\b|\bCCTV\b|\bsurveillance cameras?\b", re.I),
    "statement": re.compile(
        r"\b(?:online |written )?statement\b|\bTelegram\b|\bAmaq\b|\bcommuniqu[eé]\b|\bposted online\b",
        re.I,
    ),
    "arrests": re.compile(r"\barrest(?:s|ed)?\b|\bdetain(?:ed|ees?)\b|\bin custody\b", re.I),
    "confession": re.compile(r"\bconfess(?:ed|ion|ions)?\b", re.I),
    "documents": re.compile(r"\bdocuments?\b|\bpapers found\b", re.I),
    "witnesses": re.compile(
        r"\bwitness(?:es)? (?:said|accounts?|testimony)\b|\beyewitness\w*\b", re.I
    ),
    "imagery": re.compile(r"\bsatellite (?:images?|imagery)\b|\bphotographs?\b", re.I),
    "intelligence": re.compile(
        r"\bintelligence (?:reports?|assessments?|shows|indicates)\b|\bintel\b", re.I
    ),
    "weapons seized": re.compile(
        r"\bseized (?:\w+ ){0,3}(?:explosives?|weapons?|devices|vests|arms)\b", re.I
    ),
}

HEDGES: list[tuple[str, re.Pattern[str]]] = [
    (
        "certain",
        re.compile(
            r"\bclear[- ]cut\b|\bindisputabl[ey]\b|\bincontrovertibl[ey]\b|\bno doubt\b|\bdefinitive(?:ly)?\b|\bconclusive(?:ly)?\b|\bpretty clear\b|\bclear (?:intel|evidence|intelligence)\b|\bconfirm(?:ed|s)?\b|\bcertain(?:ly)?\b|\bbeyond doubt\b",
            re.I,
        ),
    ),
    (
        "probable",
        re.compile(
            r"\blikely\b|\bprobabl[ey]\b|\balleged(?:ly)?\b|\bbelieved?\b|\bappears? to\b|\bsuspect(?:ed|s)?\b|\bsuspicion\b|\bpoint(?:s|ed)? to\b|\bstrongly indicat\w+\b|\bassess(?:ed|es)?\b|\bhigh confidence\b|\bhallmarks?\b",
            re.I,
        ),
    ),
    (
        "possible",
        re.compile(
            r"\bpossibl[ey]\b|\bmay have\b|\bmight have\b|\bcould have\b|\bperhaps\b|\bnot ruled? out\b|\bunconfirmed\b|\bwithout (?:providing |offering )?(?:any )?evidence\b",
            re.I,
        ),
    ),
]

ANONYMOUS = re.compile(
    r"\b(?:familiar with|on condition of anonymity|requested anonymity|asked not to be (?:named|identified)|"
    r"declined to be (?:named|identified)|unnamed|anonymous|not authori[sz]ed to speak)\b",
    re.I,
)
ANON_HEADS = re.compile(
    r"\b(?:sources?|officials?|people|persons?|diplomats?|officers?|aides?|insiders?)\b", re.I
)
SOURCE_BACKREF = re.compile(
    r"^(?:the |that |one |a |another )?(?:first |second |other |same )?(?:source|official)s?$", re.I
)


OFFICIAL_TITLES = re.compile(
    # plurals too: "state officials said" is as official as "an official said"
    r"\b(?:ministers?|president|spokes(?:man|woman|person|men|women|people)|officials?|chiefs?|"
    r"commanders?|general|secretary|governors?|mayors?|ambassadors?|prime|directors?|envoys?|"
    r"senators?|lawmakers?|prosecutors?|advis[eo]rs?|police chief|colonel|lieutenant|major|"
    r"head)\b",
    re.I,
)
# The voice of a group named just before: "its spokesman", "the group's leader".
GROUP_VOICE = re.compile(
    r"^(?:its|the (?:group|movement|organi[sz]ation|militants|rebels)'s?)\s+"
    r"(?:spokes(?:man|woman|person)|leader|commander|chief|emir|media (?:wing|office))\b",
    re.I,
)
MEDIA = re.compile(
    r"\b(?:media|news agency|television|TV|newspaper|broadcaster|Reuters|AP|AFP|Xinhua|IRNA|TASS|outlet)\b"
    # a paper by the usual last word of its name: "The New York Times", "The Washington Post"
    r"|\b(?:Times|Post|Journal|Guardian|Telegraph|Herald|Gazette|Tribune|Chronicle)$"
)
GOVERNMENT = re.compile(
    r"\b(?:government|ministry|cabinet|authorities|administration|presidency|Kremlin|White House)\b",
    re.I,
)
WITNESS = re.compile(
    r"\b(?:eye)?witness(?:es|ed)?\b|\bresidents?\b|\bsurviv(?:ors?|ed)\b|\bsaw the\b", re.I
)
EXPERT = re.compile(r"\banalysts?\b|\bexperts?\b|\bresearchers?\b", re.I)
INTEL = re.compile(r"\bintelligence\b|\bintel\b|\bspy\b|\bspies\b", re.I)
POLICE = re.compile(
    r"\bpolice\b|\bFBI\b|\bsecurity forces\b|\bgendarmerie\b|\bgarda[ií]?\b|\bconstabulary\b|"
    r"\bcarabinieri\b|\bScotland Yard\b",
    re.I,
)
MILITARY = re.compile(
    r"\barmy\b|\bmilitary\b|\barmed forces\b|\btroops\b|\bdefen[cs]e (?:ministry|forces)\b|\bPentagon\b",
    re.I,
)

NO_COMMENT = re.compile(
    r"\b(?:declined|refused|would not|did not|could not|was not available) (?:immediately )?(?:to )?"
    r"(?:comment|respond to (?:a )?requests? for comment|be reached for comment)\b|\bno comment\b|"
    r"\b(?:has|have|had) not (?:yet )?(?:publicly )?commented\b|"
    r"\b(?:does|do) not (?:usually |typically |generally |normally )?comment\b",
    re.I,
)
DENIAL_CONTENT = re.compile(
    r"\b(?:involvement|responsibility|role|link|links|connection|claim|allegations?|accusations?|"
    r"nothing to do|not involved|had no part|was not behind|not responsible)\b",
    re.I,
)
CLAIM_OBJECTS = words("statements.claim_objects")
INTRODUCED_GROUP = re.compile(
    r"\b(?:[Aa]n?) (?:previously unknown |little-known |new |obscure |shadowy )?(?:group|organi[sz]ation|militia|outfit|movement) "
    r"(?:calling itself|called|known as|named)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+(?:of|the|al|el|for|[A-Z][\w'’-]*))*)",
)
BRANCH_NOUNS = words("statements.branch_nouns")
# doing an attack ("carried out") or planning it ("orchestrated"): its subject is responsible
RESPONSIBILITY_VERBS = words("roles.carry_out") | words("statements.planning_verbs")
NOT_INVOLVED = re.compile(
    r"\b(?:(?:had|has|have) (?:absolutely )?(?:nothing|no(?:thing)?) to do with|(?:had|has|have) no (?:connection|link|role|involvement)|"
    r"(?:was|were|is|are) not (?:involved|behind|responsible)|not (?:been )?(?:aware of or )?involved\b|played no (?:part|role))\b",
    re.I,
)

HARM_VERBS = words("statements.harm_verbs")
PERPETRATOR_NOUNS = words("statements.perpetrator_nouns")
STATE_MEANS = words("statements.state_means")
INCIDENT_AT_STAKE = re.compile(
    r"\b(?:attack|bomb|blast|explosion|kill|massacre|shoot|strike|raid|assault|abduct|kidnap|"
    r"assassinat|carr(?:y|ied|ying) out|behind|involve|responsib|orchestrat|plann?|murder)",
    re.I,
)
CRIME = re.compile(
    r"\b(?:murder|terror|attack|killing|bombing|homicide|kidnapping|abduction|conspiracy|"
    r"crime|offen[cs]e|act|possession|manslaughter|assault)",
)

OFFICIAL_HEADS = words("statements.official_heads")
DOCUMENT_HEADS = words("statements.document_heads")
# An outlet of an armed group ("Amaq News Agency", "As-Sahab Media"): it speaks for the group.
GROUP_OUTLET = re.compile(r"\b(?:news agency|agency|media|foundation|outlet|channel)\b", re.I)
# Intelligence services known by their names rather than the word "intelligence".
INTEL_AGENCIES = re.compile(
    r"\b(?:Shin Bet|Shabak|Mossad|ISI|CIA|FSB|SVR|GRU|MI5|MI6|SBU|NDS|MOIS|DGSE|DGSI|BND|"
    r"GCHQ|NSA|RAW|security service|security agency)\b"
)
COURT = re.compile(r"\bcourts?\b|\bjudges?\b|\btribunal\b", re.I)

DENIED_NOUNS = words("statements.denied_nouns")
# What a "no comment" must be about to bear on responsibility (not "a possible motive").
COMMENT_TOPICS = re.compile(
    r"\b(?:claims?|responsib\w*|involve\w*|roles?|accus\w*|allegations?|reports?|blame|"
    r"behind|links?)\b",
    re.I,
)
IRREALIS = words("statements.irrealis")
MODALS = words("statements.modals")
FALSELY = words("statements.falsely")
ATTACKER_NOUNS = words("statements.attacker_nouns")
# An arrest tied to an incident's perpetrators, and one that is not (riots, protests).
TIED_ARREST = re.compile(
    r"\bsuspect\w*\b|\bon suspicion of (?:attempted )?(?:murder|manslaughter|terror\w*|"
    r"preparing|involvement|commit\w*|causing|the (?:attack|bombing|killing|shooting|stabbing))\b|"
    r"\binvestigating (?:the |his |her )?(?:\w+ ){0,2}(?:murder|death|killing|shooting|stabbing|"
    r"attack|bombing)\b|\b(?:carried|carrying) out the (?:attack|bombing|shooting|stabbing|"
    r"killing|assault|massacre)\b|\bin connection with\b|\binvolvement\b|\bover the (?:attack|bombing|"
    r"killing|shooting|stabbing|murder)|\bfor (?:the |their |his |her )?(?:alleged )?(?:role|"
    r"part)\b|\bat the scene\b|\b(?:have|had|having) carried out\b|\bbehind the\b|\bresponsible for\b|\bhelping the\b|\bcharged "
    r"with (?:murder|terror|the|attempted|manslaughter|killing)",
    re.I,
)
UNTIED_ARREST = re.compile(
    r"\b(?:disorder|riot\w*|protest\w*|demonstrat\w*|loot\w*|unrest|clashes|vandal\w*|"
    r"public order|curfew|incit\w*|burglary|theft|steal\w*|shoplifting|fraud|drugs?|drink[- ]driving|"
    r"drunk[- ]driving|speeding|immigration)\b",
    re.I,
)

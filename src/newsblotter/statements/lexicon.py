"""Vocabulary of responsibility statements: evidence, hedges, speaker kinds.

Hand-written: these are the cue words of the attribution-of-responsibility genre in news,
which no library models.
"""

from __future__ import annotations

import re

from newsblotter.lang import alternation, words

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
    rf"\b{alternation('statement_text.anonymity_patterns')}\b",
    re.I,
)
ANON_HEADS = re.compile(
    r"\b(?:sources?|officials?|people|persons?|diplomats?|officers?|aides?|insiders?)\b", re.I
)
SOURCE_BACKREF = re.compile(
    rf"^(?:{alternation('statement_text.backref_determiners')} )?(?:"
    rf"{alternation('statement_text.backref_ordinals')} )?(?:source"
    r"|official)s?$",
    re.I,
)


OFFICIAL_TITLES = re.compile(
    # plurals too: "state officials said" is as official as "an official said"
    rf"\b{alternation('statement_text.official_title_patterns')}\b",
    re.I,
)
# The voice of a group named just before: "its spokesman", "the group's leader".
GROUP_VOICE = re.compile(
    rf"^(?:its|the {alternation('statement_text.group_voice_owner_patterns')}'s?)\s+"
    rf"{alternation('statement_text.group_voice_patterns')}\b",
    re.I,
)
MEDIA = re.compile(
    rf"\b{alternation('statement_text.media_words')}\b|\b"
    rf"{alternation('statement_text.paper_name_ends')}$"
)
GOVERNMENT = re.compile(
    rf"\b{alternation('statement_text.government_words')}\b",
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
    rf"\b{alternation('statement_text.no_comment_verbs')} (?:immediately )?(?:to )?(?:comme"
    r"nt|respond to (?:a )?requests? for comment|be reached for comment)\b"
    r"|\bno comment\b|\b(?:has|have|had) not (?:yet )?(?:publicly )?commented\b"
    rf"|\b(?:does|do) not (?:{alternation('statement_text.comment_habit_adverbs')} )?commen"
    r"t\b",
    re.I,
)
DENIAL_CONTENT = re.compile(
    rf"\b{alternation('statement_text.denial_content_patterns')}\b",
    re.I,
)
CLAIM_OBJECTS = words("statements.claim_objects")
INTRODUCED_GROUP = re.compile(
    rf"\b(?:[Aa]n?) (?:{alternation('statement_text.new_group_adjectives')} )?"
    rf"{alternation('statement_text.introduced_group_patterns')} "
    rf"{alternation('statement_text.naming_verbs')}\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:"
    r"\s+(?:of|the|al|el|for|[A-Z][\w'’-]*))*)",
)
BRANCH_NOUNS = words("statements.branch_nouns")
# doing an attack ("carried out") or planning it ("orchestrated"): its subject is responsible
RESPONSIBILITY_VERBS = words("roles.carry_out") | words("statements.planning_verbs")
NOT_INVOLVED = re.compile(
    r"\b(?:(?:had|has|have) (?:absolutely )?(?:nothing|no(?:thing)?) to do with"
    rf"|(?:had|has|have) no {alternation('statement_text.no_link_nouns')}"
    r"|(?:was|were|is|are) not (?:involved|behind|responsible)|not (?:been )?(?:aware of o"
    r"r )?involved\b|played no (?:part|role))\b",
    re.I,
)

HARM_VERBS = words("statements.harm_verbs")
PERPETRATOR_NOUNS = words("statements.perpetrator_nouns")
STATE_MEANS = words("statements.state_means")
INCIDENT_AT_STAKE = re.compile(
    rf"\b{alternation('statement_text.incident_stake_patterns')}",
    re.I,
)
CRIME = re.compile(
    rf"\b{alternation('statement_text.crime_patterns')}",
)

OFFICIAL_HEADS = words("statements.official_heads")
DOCUMENT_HEADS = words("statements.document_heads")
# An outlet of an armed group ("Amaq News Agency", "As-Sahab Media"): it speaks for the group.
GROUP_OUTLET = re.compile(rf"\b{alternation('statement_text.group_outlet_words')}\b", re.I)
# Intelligence services known by their names rather than the word "intelligence".
INTEL_AGENCIES = re.compile(rf"\b{alternation('statement_text.intel_agency_names')}\b")
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
    r"\bsuspect\w*\b|\bon suspicion of (?:attempted )?"
    rf"{alternation('statement_text.suspicion_patterns')}\b|\binvestigating (?:the "
    rf"|his |her )?(?:\w+ ){{0,2}}{alternation('statement_text.investigated_harms')}\b"
    rf"|\b(?:carried|carrying) out the {alternation('statement_text.carried_out_harms')}\b"
    r"|\bin connection with\b|\binvolvement\b|\bover the "
    rf"{alternation('statement_text.over_the_harms')}|\bfor (?:"
    rf"{alternation('statement_text.role_determiners')} )?(?:alleged )?(?:role"
    r"|part)\b|\bat the scene\b|\b(?:have|had|having) carried out\b"
    r"|\bbehind the\b|\bresponsible for\b|\bhelping the\b|\bcharged with "
    rf"{alternation('statement_text.charged_with_words')}",
    re.I,
)
UNTIED_ARREST = re.compile(
    rf"\b{alternation('statement_text.untied_arrest_patterns')}\b",
    re.I,
)

"""Vocabulary of responsibility statements: evidence, hedges, speaker kinds.

Hand-written: these are the cue words of the attribution-of-responsibility genre in news,
which no library models.
"""

from __future__ import annotations

import re

from newsblotter.lang import alternation, groups, phrases, words


def _joined(fragments: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern of the alternatives a lang table lists, in their order."""
    return re.compile("|".join(fragments), re.I)


EVIDENCE: dict[str, re.Pattern[str]] = {
    kind: _joined(parts) for kind, parts in groups("statement_text.evidence_patterns").items()
}

# the first level that matches wins: the table's order
HEDGES: list[tuple[str, re.Pattern[str]]] = [
    (level, _joined(parts)) for level, parts in groups("statement_text.hedge_patterns").items()
]

ANONYMOUS = re.compile(
    rf"\b{alternation('statement_text.anonymity_patterns')}\b",
    re.I,
)
ANON_HEADS = _joined(phrases("statement_text.anon_heads_patterns"))
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
WITNESS = _joined(phrases("statement_text.witness_patterns"))
EXPERT = _joined(phrases("statement_text.expert_patterns"))
INTEL = _joined(phrases("statement_text.intel_patterns"))
POLICE = _joined(phrases("statement_text.police_patterns"))
MILITARY = _joined(phrases("statement_text.military_patterns"))

NO_COMMENT = re.compile(
    rf"\b{alternation('statement_text.no_comment_verbs')} (?:immediately )?(?:to )?(?:comme"
    r"nt|respond to (?:a )?requests? for comment|be reached for comment)\b"
    rf"|\bno (?:(?:{alternation('statement_text.no_comment_adjectives')}) )?comment\b"
    r"|\bnot (?:immediately )?available for comment\b"
    rf"|\bnot (?:immediately )?{alternation('statement_text.comment_answer_verbs')} "
    r"(?:an? |the |repeated )?"
    rf"(?:{alternation('statement_text.comment_request_patterns')}) (?:for|seeking) comment\b"
    r"|\b(?:has|have|had) not (?:yet )?(?:publicly )?commented\b"
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
    rf"|\b{alternation('statement_text.tied_arrest_words')}\b|\bover (?:the |\w+'s )"
    rf"(?:[\w-]+ ){{0,3}}?{alternation('statement_text.over_the_harms')}|\bfor (?:"
    rf"{alternation('statement_text.role_determiners')} )?(?:alleged )?(?:role"
    r"|part)\b|\b(?:have|had|having) carried out\b"
    r"|\bcharged with "
    rf"{alternation('statement_text.charged_with_words')}",
    re.I,
)
UNTIED_ARREST = re.compile(
    rf"\b{alternation('statement_text.untied_arrest_patterns')}\b",
    re.I,
)

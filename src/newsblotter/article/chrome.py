"""Cues that mark a line as page chrome (promos, related links, sharing, credits) or a caption.

Shared by the HTML and plain-text extractors. Each cue is anchored or length-gated so that a
story sentence that merely mentions "newsletter" or "photo" is not mistaken for chrome: a cue
only fires on a line that *is* the promo, not on one that talks about one.
"""

from __future__ import annotations

import re

# Headers after which the rest of a page is other stories, not this one.
_SECTION_BREAK = re.compile(
    r"""^\W*(?:
        next\ in\b.{0,40}
      | (?:more|latest|top)\ (?:from|in|on|stories|news|headlines|videos?)\b.{0,40}
      | related(?:\ (?:stories|articles|news|content|coverage|posts|topics|links|reading))?
      | (?:you|we\ think\ you)\ (?:may|might|could|will)\ (?:also\ )?
            (?:like|enjoy|be\ interested\ in).{0,20}
      | (?:others|people|readers)\ (?:also\ )?(?:read|viewed|liked|watched)(?:\ this)?
      | also\ read | read\ (?:also|next|more) | further\ reading | more\ to\ explore
      | recommended(?:\ (?:for\ you|stories|articles|reading|videos?))?
      | (?:most|top)\ (?:popular|read|viewed|shared|watched|commented)
            (?:\ (?:stories|articles|news|now|today))?
      | trending(?:\ (?:now|stories|news|topics|today))?
      | popular(?:\ (?:now|stories|articles|on\ .{1,30}))?
      | what\ to\ read\ next | up\ next | don'?t\ miss | editor'?s\ picks?
      | in\ other\ news | elsewhere\ on\ .{1,30} | around\ the\ web
      | sponsored\ (?:stories|content|links)
      | leggi\ anche | lire\ aussi | à\ lire\ aussi | lesen\ sie\ auch | mehr\ zum\ thema
      | leia\ (?:também|mais)
      | veja\ também | lea\ también | te\ puede\ interesar | ver\ también | baca\ juga
      | (?:\d+\ )?comments?(?:\ \(\d+\))? | leave\ a\ (?:comment|reply)
      | join\ the\ (?:conversation|discussion)
      | tags?|topics?|filed\ under|categories
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Lines that are promos, navigation, sharing or legal notices whatever their position.
# Split in two so the common case (a story line) costs one anchored match and one short scan.
_CHROME_START = re.compile(
    r"""\W*(?:
        (?:follow|join|find|like)\ us\ on\b
      | (?:download|get|install)\ (?:our|the)\ .{0,40}\bapp\b
      | (?:click|tap)\ here\b
      | (?:sign\ up|subscribe|register)\b.{0,80}
            (?:newsletter|inbox|email|updates|free|today|now|here)
      | (?:get|receive)\ (?:the\ |our\ )?(?:latest|daily|weekly|breaking|free).{0,60}
            (?:newsletter|inbox|email|alerts?)
      | (?:thanks|thank\ you)\ for\ (?:signing\ up|subscribing|reading)\b
      | (?:share|tweet|email|print)\ (?:this|on|via)\b.{0,40}$
      | (?:like|enjoyed)\ this\ (?:story|article)\b
      | (?:read|see|watch|listen|more)\ (?:more|also|next|now)?\ ?(?::|\||»|›|>>)
      | (?:related|more|also\ on\ .{1,30}|recommended|also\ read|read\ also|see\ also)\s*[:|»›]
      | (?:advertisement|advertising|sponsored(?:\ content)?|ad|promoted|scroll\ to\ continue.*)\W*$
      | (?:accept|reject|manage)\ (?:all\ )?cookies\b
      | (?:privacy\ policy|terms\ of\ (?:use|service)|contact\ us|about\ us|site\ ?map)\W*(?:\||$)
      | (?:©|\(c\)|copyright\b)
      | \((?:reporting|writing|editing|additional\ reporting|compiled)\ by\b
      | (?:reporting|writing|editing|additional\ reporting)\ by\ [^.]{0,120};
      | (?:have\ a\ (?:news\ )?tip|got\ a\ (?:news\ )?tip)\b
      | (?:tell\ us\ what\ you\ think|what\ do\ you\ think)\W*$
      | (?:loading|please\ enable\ javascript|javascript\ is\ (?:disabled|required)).{0,60}$
      | (?:log\ ?in|sign\ ?in|sign\ ?up|register|subscribe|menu|search|home
            |skip\ to\ (?:main\ )?content)\W*$
      | this\ (?:copy|article)\ is\ for\ your\ personal,?\ non-?commercial\ use\b
      | (?:an\ error\ (?:has\ )?occurred|something\ went\ wrong|sorry!?)\W.{0,60}$
      | https?://\S+$ | www\.\S+$
      | \d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CHROME_ANYWHERE = re.compile(
    r"""(?:whatsapp|telegram|google\ news|viber)\ (?:channel|group)s?\b
      | \bwe\ use\ cookies\b | \bcookie\ (?:policy|settings|preferences|consent)\b
      | \ball\ rights\ reserved\b""",
    re.IGNORECASE | re.VERBOSE,
)

# A shouted cross-promo: an all-capitals line pointing elsewhere ("CLICK HERE TO GET THE APP").
_SHOUTED_PROMO = re.compile(
    r"^[^a-z]*\b(?:CLICK|TAP|GET|DOWNLOAD|SUBSCRIBE|SIGN UP|FOLLOW|WATCH|READ|SEE|LISTEN|MORE)\b"
    r"[^a-z]*$"
)

# Reporting/credit lines of wire copy; they signal Reuters-style syndication too.
CREDIT_LINE = re.compile(
    r"^\W*\(?(?:additional\ )?(?:reporting|writing|editing|compiled|produced)\ by\b",
    re.IGNORECASE | re.VERBOSE,
)

# Caption and photo-credit cues. Captions describe a picture and end with its credit.
_CAPTION = re.compile(
    r"""(?:
        \b(?:photo|picture|image|illustration|video|graphic|file\ photo|photograph)
            \s*(?:credit)?\s*(?::|/|by\b|courtesy\b)
      | \((?:AP|AFP|Reuters|EPA|Getty|Xinhua|dpa|Bloomberg|Anadolu)\s+(?:Photo|Images?)\b[^)]*\)
      | \bREUTERS/ | /REUTERS\b | \bAFP\ via\ Getty\b | \bvia\ (?:Getty\ Images|REUTERS|AP|AFP)\b
      | \bGetty\ Images\b | \bShutterstock\b | \b(?:EPA|EFE)-EFE\b | \bHandout\b | \bFile\ Photo\b
      | \bphoto(?:graph)?\ (?:credit|courtesy)\b | \bcourtesy\ of\b.{0,60}$
      | ^\W*(?:credit|source)\s*:
      | \(Photo\b[^)]*\)\s*$ | \[(?:photo|image)\b[^]]*\]\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_WORD = re.compile(r"\w+")


def is_section_break(line: str) -> bool:
    """A header that starts the after-story part of a page ("Related", "Next In World")."""
    line = line.strip()
    return 0 < len(line) <= 60 and bool(_SECTION_BREAK.match(line))


def chrome_reason(line: str) -> str | None:
    """Why a line is chrome ("promo", "section", "shouted"), or None when it may be story."""
    line = line.strip()
    if not line:
        return None
    words = len(_WORD.findall(line))
    if words <= 12 and is_section_break(line):
        return "section"
    if words > 40:
        # Long lines are prose; only a wire credit line stays chrome whatever its length.
        return "promo" if CREDIT_LINE.match(line) else None
    if _CHROME_START.match(line) or _CHROME_ANYWHERE.search(line):
        return "promo"
    if words <= 15 and _SHOUTED_PROMO.match(line):
        return "shouted"
    return None


def is_caption(line: str) -> bool:
    """A photo caption or credit line; checked only on lines not already taken as chrome."""
    line = line.strip()
    return bool(line) and len(_WORD.findall(line)) <= 80 and bool(_CAPTION.search(line))

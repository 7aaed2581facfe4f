"""Cues that mark a line as page chrome (promos, related links, sharing, credits) or a caption.

Shared by the HTML and plain-text extractors. Each cue is anchored or length-gated so that a
story sentence that merely mentions "newsletter" or "photo" is not mistaken for chrome: a cue
only fires on a line that *is* the promo, not on one that talks about one.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
      | leia\ (?:também|mais) | você\ (?:também\ )?pode\ gostar.{0,10} | vous\ aimerez\ aussi
      | ti\ potrebbe\ interessare | das\ könnte\ sie\ auch\ interessieren
      | 関連記事 | 関連ニュース | 相关新闻 | 相关阅读 | 관련\ ?기사
      | читайте\ также | похожие\ статьи
      | noticias\ relacionadas | artículos\ relacionados | articles\ liés | notizie\ correlate
      | notícias\ relacionadas | verwandte\ artikel | اقرأ\ أيضا | مواضيع\ ذات\ صلة
      | veja\ também | lea\ también | te\ puede\ interesar | ver\ también | baca\ juga
      | (?:\d+\ )?comments?(?:\ \(\d+\))? | leave\ a\ (?:comment|reply)
      | join\ the\ (?:conversation|discussion)
      | tags?|topics?|filed\ under|categories
      | explore\ further | most\ read\ in\ .{1,30} | more\ on\ this\ (?:story|topic)
      | about\ the\ authors? | (?:about|sobre|über|à\ propos\ de|acerca\ de|chi\ è)
            \ (?-i:[A-Z]\w+(?:\ [A-Z][\w'’\-]+){0,3})
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
      | (?:related|more|also\ on\ .{1,30}|recommended|also\ read|read\ also|see\ also
            |(?:à\ )?lire\ aussi|voir\ aussi|leggi\ anche|lea\ también|leia\ também|veja\ também
            |lesen\ sie\ auch|siehe\ auch|baca\ juga)\s*[:|»›]
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
      | (?:reply|report|quote|flag|like|dislike|share|upvote|downvote|permalink|edit|delete
            |load\ more(?:\ comments)?|show\ more
            |view\ (?:all\ )?(?:\d+\ )?(?:comments|replies))\W*$
      | [\w.'’\- ]{2,40}\ (?:says|wrote|commented):?$
      | \d{1,3}\ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\ ago
            (?:\W*$|\ at\ \d{1,2}[:.]\d\d.{0,10}$)
      | .{1,60}\b(?:on|at)\b.{0,40}\d.{0,30}\b(?:said|says|wrote|commented|replied):?$
      | (?:log\ in|sign\ in|register)\ to\ (?:comment|reply|post)\b
      | (?:add|post|write)\ a\ (?:comment|reply)\b
      | (?:image|photo|picture|slide)\ \d+\ (?:of|/)\ *\d* | \d+\ ?/\ ?\d+\W*$
      | (?:back\ to\ gallery|view\ gallery|open\ gallery|close|caption|enlarge|expand
            |hide\ caption|show\ caption|toggle\ caption|next|previous|prev|more|shares?
            |comments?)\W*$
      | media\ playback\ is\ (?:unsupported|not\ supported)
      | listen\ to\ (?:this|the)\ (?:article|story)\b.{0,30}$
      | \d{1,3}\ ?min(?:ute)?s?\ (?:read|listen)\W*$
      | (?:(?:share\ on\ |share\ via\ )?(?:facebook|twitter|whatsapp|telegram|linkedin
            |pinterest|pint|reddit|e-?mail|print|share|tweet|google\+?|messenger|tumblr|vk
            |copy\ link|sms|flipboard|pocket|baixar|download|x)\W*){2,}$
      | (?:join|visit|download|listen\ to|watch)\ (?:our|the)\b.{0,60}
            (?:forums?|app|podcast|channel|newsletter)
      | follow\ [\w@.\-]+(?:\ [\w@.\-]+){0,2}\ on
            \ (?:twitter|facebook|instagram|youtube|linkedin|tiktok|x)\b
      | this\ site\ is\ protected\ by\ recaptcha
      | let\ our\ news\ meet\ your\ inbox
      | (?:also|more)\ (?:on|at|from)\ (?:[\w\-]+\.)+[a-z]{2,}\b
      | citation\s*: | thanks\ for\ watching\b
      | (?:[\w.'’\-]+\ ){1,6}contributed\ to\ this\ (?:report|story|article)\W*$
      | (?:an\ error\ (?:has\ )?occurred|something\ went\ wrong|sorry!?)\W.{0,60}$
      | https?://\S+$ | www\.\S+$
      | \d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CHROME_ANYWHERE = re.compile(
    r"""(?:whatsapp|telegram|google\ news|viber)\ (?:channel|group)s?\b
      | \bfollow\ (?:him|her|them|us|me)\ on\ (?:twitter|facebook|instagram|x)\b
      | \bis\ subject\ to\ copyright\b | \brequires\ javascript\b
      # Newsletter and sign-up pitches, wherever the cue sits in the line.
      | \b(?:newsletters?|opt-in|(?:in|to)\ your\ inbox|sign\ up\ (?:for|to|now|here|today)
            |subscribe\ (?:to|now|today|here)|unsubscribe|privacy\ notice)\b
      | \bretrieved\ \d{1,2}\ \w+\ \d{4}\ from\ https?://
      | \bsubscribe\ to\ (?:our|the)\b.{0,40}(?:newsletter|magazine|channel|podcast|title)

      | \bwe\ use\ cookies\b | \bcookie\ (?:policy|settings|preferences|consent)\b
      | \ball\ rights\ reserved\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Literals every match of _CHROME_ANYWHERE / _CAPTION contains (lower case). Unanchored
# searches over long alternations cost a regex attempt at every position of every line; a
# plain substring scan rules most lines out first. Characters whose case folds onto ASCII
# letters in the regex engine but not under str.lower() send the line to the regex anyway.
_ANYWHERE_HINTS = (
    "channel", "group", "follow", "copyright", "javascript", "newsletter", "opt-in", "inbox",
    "sign up", "subscribe", "privacy notice", "retrieved", "cookie", "rights reserved",
)  # fmt: skip
_CAPTION_HINTS = (
    "photo", "picture", "image", "illustration", "video", "graphic", "reuters", "getty", "via ",
    "shutterstock", "efe", "handout", "courtesy", "credit", "source", "media", "day, ",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hold(line: str, hints: tuple[str, ...]) -> bool:
    """False only when the line cannot match the cue regex the hints were written for."""
    lowered = line.lower()
    return any(hint in lowered for hint in hints) or any(c in line for c in _FOLDS_TO_ASCII)


_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_TERMINAL_BEFORE_ELLIPSIS = re.compile(r"[.!?]\s*(?:\.\.\.|…)\s*$")

# An author's bio line under a story ("Jane Doe is a reporter for The Daily Bugle.").
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){1,3} is an? (?:[\w\-]+ ){0,4}"
    r"(?:reporter|writer|correspondent|editor|journalist|contributor|columnist|producer)"
    r" (?:for|at|with|on)\b"
)

# Ad slots and "continue reading" markers interrupt a story without ending it.
_AD_MARKER = re.compile(
    r"""^\W*(?:advertisement|advertising|advert|ad|sponsored(?:\ content)?|promoted
      |(?:story|article)\ continues\ (?:below|after)(?:\ (?:this\ )?(?:advertisement|ad))?
      |scroll\ (?:down\ )?to\ continue(?:\ (?:reading|with\ content))?
      |continue\ reading(?:\ below)?)\b[^\w]*(?:[-–—:]\s*.{0,40})?$""",
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
      | ^\W*(?:image|media|video|photo)\ (?:caption|copyright|source|credit)\b
      | \bcredits?:\ [^.]{2,60}$
      # Wire-photo caption style: a full weekday-and-date ("Tuesday, Nov. 19, 2019, in ...")
      # or "Place, Country, January 5, 2024." closing the description.
      | \b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),\ (?:jan|feb|mar|apr|may
            |jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\ \d{1,2},\ \d{4}\b
      | ,\ (?:january|february|march|april|may|june|july|august|september|october|november
            |december)\ \d{1,2},\ \d{4}\.(?:\s|$)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_WORD = re.compile(r"\w+")


def is_section_break(line: str) -> bool:
    """A header that starts the after-story part of a page ("Related", "Next In World")."""
    line = line.strip()
    return 0 < len(line) <= 60 and bool(_SECTION_BREAK.match(line))


@lru_cache(maxsize=8192)
def chrome_reason(line: str) -> str | None:
    """Why a line is chrome ("promo", "section", "ad", "teaser", "shouted"), or None."""
    line = line.strip()
    if not line:
        return None
    words = len(_WORD.findall(line))
    if words <= 12 and is_section_break(line):
        return "section"
    if words <= 12 and _AD_MARKER.match(line):
        return "ad"
    if words > 40:
        # Long lines are prose; only a wire credit line stays chrome whatever its length.
        return "promo" if CREDIT_LINE.match(line) else None
    if _CHROME_START.match(line) or (
        _may_hold(line, _ANYWHERE_HINTS) and _CHROME_ANYWHERE.search(line)
    ):
        return "promo"
    if 4 <= words <= 20 and _TRUNCATED.search(line) and not _TERMINAL_BEFORE_ELLIPSIS.search(line):
        return "teaser"  # a cut-off headline linking to another story
    if words <= 20 and _AUTHOR_BIO.match(line):
        return "promo"
    if words <= 15 and _SHOUTED_PROMO.match(line):
        return "shouted"
    return None


_STORY_CREDIT = re.compile(
    r"\b(?:reporting|editing|writing|copyright|contributed|rights\ reserved)\b|©", re.I | re.X
)


def names_story_credit(line: str) -> bool:
    """A chrome line that may name the story's own wire service (a credit, a copyright).

    A teaser's "LONDON (Reuters) -" names another story's wire, so other chrome is not used.
    """
    return bool(_STORY_CREDIT.search(line))


@lru_cache(maxsize=8192)
def is_caption(line: str) -> bool:
    """A photo caption or credit line; checked only on lines not already taken as chrome."""
    line = line.strip()
    return (
        bool(line)
        and len(_WORD.findall(line)) <= 80
        and _may_hold(line, _CAPTION_HINTS)
        and bool(_CAPTION.search(line))
    )

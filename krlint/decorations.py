"""What real teams wrap around the words of a Key Result, and how to take it off.

A Key Result in a real file often carries more than its sentence: an owner (``CMO:``, ``@alice -``,
``[alice]``), a priority (``P0 -``, ``[P1]``, ``(P2)``), team tags (``[DP][INFRA]``), KR-type tags
(``(n)``), an end-of-quarter status (``=> Achieved``, ``DONE``), issue references
(``crbug.com/123``, ``#1432``) and scores (``P1 0.70``, ``(7/10)``). ``wording`` removes them so the
analysis sees only what the Key Result states; ``owner`` returns who owns it when the text says so.

Everything here is regular expressions over the form of the text: it runs on every Key Result
before spaCy does, and must be cheap.
"""

from __future__ import annotations

import functools
import re

# Lower-case words that make a "Label:" prefix a role or a team rather than a sentence.
_ROLE_WORDS = frozenset(
    """
    lead head vp svp evp director manager mgr architect engineer officer chief owner team teams
    ops operations eng engineering product prod marketing sales success support finance legal
    people hr recruiting recruitment design controller alliances federal platform distribution
    writing dri coordinator specialist analyst admin security infra infrastructure data analytics
    channels enablement strategy systems partnerships growth research qa devrel community
    """.split()
)
# Words that show a prefix ending in ':' is the start of a sentence, not a label.
_SENTENCE_WORDS = frozenset(
    """
    a an the our my your their his her its we i you they it this that these those all every each
    is are was be will should must can to
    """.split()
)
_STATUS_WORDS = (
    r"(?:NOT\s+STARTED|NOT\s+DONE|NOT\s+HIT|IN\s+PROGRESS|ON\s+TRACK|OFF\s+TRACK|AT\s+RISK|DONE|"
    r"ACHIEVED|MISSED|MISS|WIP|COMPLETED?|CANCELL?ED|BLOCKED|DROPPED|DEFERRED|PARTIAL(?:LY)?)"
)
_PRIORITY = r"[Pp](?:[0-9]|X|\?)"

# Status notes: everything after a result arrow. "=>" and "-->" are never a start->target arrow in
# OKR files; "->" and "→" are one when a value follows, so they only end the text before a status.
_NOTE_ARROW = re.compile(r"\s*(?:=+>|-{2,}>|⇒|⟹).*$", re.S)
_NOTE_SHORT_ARROW = re.compile(
    r"(?:(?<=[.!;])\s*|\s+)(?:->|→)\s*(?:not\b|done\b|miss|hit\b|achieved|wip\b|shipped|complete|"
    r"in progress|partial|blocked|dropped|deprioriti[sz]ed|yes\b|no\b|\d+\s*%).*$",
    re.I | re.S,
)
_NOTE_SENTENCE = re.compile(
    r"(?<=[.!;)])\s*(?:Update|Status|Note|Result|Results|Progress|Comment|Outcome)\s*:\s.*$", re.S
)
_BRACKET_NOTE = re.compile(r"\s*\[[^\]]*\bnote\s*:[^\]]*\]", re.I)

_URL = re.compile(r"\bhttps?://(?P<host>[^\s/)\]]*)[^\s)\]]*")
# A link at the end of the text or of a sentence, or alone in brackets, is a reference; inside a
# sentence it stands for a place, and its host keeps the sentence whole.
_URL_AS_REF = re.compile(r"(?:(?<=^)|(?<=[\s(\[,]))https?://[^\s)\]]*(?=\s*(?:$|[.;,)\]]\s|[.;,)\]]$|\)|\]))")
_REF = re.compile(
    r"\b(?:crbug\.com|bugs\.[\w.-]+|(?:www\.)?github\.com|(?:www\.)?gitlab\.com)/[^\s)\]]+"
    r"|(?<![\w&])[\w.-]+/#\d+\b"
    r"|(?<![\w&#])#\d+\b",
    re.I,
)
_EMPTY_PARENS = re.compile(r"\(\s*[,;\s]*\)|\[\s*[,;\s]*\]")

_LEADING_PRIORITY = re.compile(
    rf"^(?:\*\*|__)?[\[(]?{_PRIORITY}[\])]?(?:\*\*|__)?"
    r"(?:\s*@[\w.-]+)?(?=$|[\s:\-–—\[])\s*(?P<sep>[-–—:])?\s*"
)
# After "P0:", a short heading and a dash: "P0: Sync - The mirror ..."
_HEADING_DASH = re.compile(r"^[A-Z][\w/&]*(?:\s+[\w/&]+){0,2}\s+[-–—]\s+(?=\S)")
_LEADING_MENTION = re.compile(r"^@(?P<who>[\w.-]+)\s*(?:[-–—:]\s*)?")
_LEADING_BRACKET = re.compile(r"^\[(?P<tag>[^\]\[]{1,30})\]\s*[-–—:]?\s*")
_LEADING_LABEL = re.compile(r"^(?P<label>[^:\n]{1,60}?)\s*:\s+(?=\S)")

_TRAILING_TAGS = re.compile(
    rf"\s*(?:\[(?:{_PRIORITY}|[A-Z][A-Z0-9&/+.-]{{1,15}}|[Ss]tretch(?: goal)?)\]"
    rf"|\((?:{_PRIORITY}|[a-z]{{1,4}}|[Ss]tretch(?: goal)?)\))\s*$"
)
_TRAILING_OWNER = re.compile(r"\s*(?:[-–—]\s*@[\w.-]+|\(@[\w.-]+\)|(?<=\s)@[\w.-]+)\s*$")
_TRAILING_STATUS = re.compile(
    rf"(?:(?<!\bby)(?<!\bto)(?<!\bof)(?<!\bat)(?<![<>=~])\s+\d+\s*%)?\s+{_STATUS_WORDS}(?:\s*[-–—:,.].*)?\s*$"
)
_TRAILING_MARK = re.compile(r"\s*(?:✅|✔️?|❌|☑️?)\s*$")
# A score after a title: "Ship the thing P2 0.60", "... 0.33", "(7/10)"; never after a word that
# introduces a value ("to 0.5", "at 0.75", "= 0.9").
_TRAILING_SCORE = re.compile(
    rf"(?<![=<>≤≥:])(?<!\bto)(?<!\bat)(?<!\bof)(?<!\bby)(?<!\bis)(?<!\bbe)(?<!\bunder)(?<!\bover)"
    rf"(?<!\bbelow)(?<!\babove)(?<!\bthan)(?<!\bleast)(?<!\bmost)"
    rf"(?:\s+{_PRIORITY}(?:\s+(?:0?\.\d{{1,2}}|1\.00?|[01]))?|\s+(?:0?\.\d{{1,2}}|1\.00?))\s*$"
    rf"|\s*\(\d{{1,2}}\s*/\s*10\)\s*$"
    rf"|\s*(?:EOQ\s+)?score\s*:\s*\d?\.\d+\s*$",
    re.I,
)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" \t:;,*_`")
    text = re.sub(r"^[-–—]+\s+", "", text)  # a dash left before the words, not "--flag"
    return re.sub(r"\s+[-–—]+$", "", text)


def _looks_like_label(label: str) -> bool:
    """A prefix before ':' that names a role, a team or a heading, not the start of a sentence."""
    words = re.findall(r"[\w'’]+", label)
    if not words or len(words) > 7:
        return False
    if not (label[0].isupper() or label[0] == "@"):
        return False
    for word in words:
        low = word.lower()
        if low in _SENTENCE_WORDS:
            return False
        if word[0].islower() and low not in _ROLE_WORDS and low not in ("of", "and", "for", "kr"):
            return False
    return True


def _looks_like_owner(label: str) -> bool:
    words = re.findall(r"[\w'’]+", label)
    if re.search(r"\bKR$", label):
        return True
    if any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words):
        return True
    return any(w.lower() in _ROLE_WORDS for w in words)


def _strip_prefixes(text: str) -> tuple[str, str | None]:
    """Leading priority tags, owners and labels, repeatedly; returns the rest and the owner."""
    found_owner: str | None = None
    for _ in range(6):
        before = text
        if match := _LEADING_PRIORITY.match(text):
            rest = text[match.end():]
            if mention := re.search(r"@([\w.-]+)", match.group(0)):
                found_owner = found_owner or mention.group(1)
            if match.group("sep") == ":" and (heading := _HEADING_DASH.match(rest)):
                rest = rest[heading.end():]
            text = rest
        elif match := _LEADING_MENTION.match(text):
            found_owner = found_owner or match.group("who")
            text = text[match.end():]
        elif match := _LEADING_BRACKET.match(text):
            tag = match.group("tag").strip()
            if re.fullmatch(r"[a-z][\w.-]*", tag):
                found_owner = found_owner or tag
            text = text[match.end():]
        elif (match := _LEADING_LABEL.match(text)) and _looks_like_label(match.group("label")):
            label = match.group("label")
            if re.fullmatch(r"[A-Z][a-z]+ing", label) and label.lower() not in _ROLE_WORDS:
                break  # "Hiring: ..." says what is done, keep it
            rest = text[match.end():]
            if not re.search(r"[A-Za-z]{3,}", re.sub(r"\b(?:ms|min|hours?|days?|[KMGT]i?B)\b", "", rest)):
                break  # "Uptime: 99.9%": the label is the metric, keep it
            if _looks_like_owner(label):
                found_owner = found_owner or re.sub(r",?\s+KR$", "", label).strip()
            text = rest
        text = re.sub(r"^[\s:*_`]*(?:[-–—]+\s+)?", "", text)
        if text == before:
            break
    return text, found_owner


def _strip_suffixes(text: str) -> tuple[str, str | None]:
    found_owner: str | None = None
    for _ in range(8):
        before = text
        text = _TRAILING_TAGS.sub("", text)
        text = _TRAILING_MARK.sub("", text)
        text = _TRAILING_STATUS.sub("", text)
        if match := _TRAILING_OWNER.search(text):
            found_owner = found_owner or match.group(0).strip(" -–—()@")
            text = text[: match.start()]
        text = _TRAILING_SCORE.sub("", text)
        text = text.rstrip(" -–—:;,")
        if text == before:
            break
    return text, found_owner


def _strip_notes(text: str) -> str:
    text = _BRACKET_NOTE.sub("", text)
    text = _NOTE_ARROW.sub("", text)
    if (arrow := _NOTE_SHORT_ARROW.search(text)) and not re.search(r"\d\s*(?:%|[kKMxX])?\s*$", text[: arrow.start()]):
        text = text[: arrow.start()]  # "-> Not hit"; but "20 -> 35%" is a start and a target
    text = _NOTE_SENTENCE.sub("", text)
    text = _URL_AS_REF.sub("", text)
    text = _URL.sub(lambda m: m.group("host"), text)
    text = _REF.sub("", text)
    return _EMPTY_PARENS.sub("", text)


# Only a text's start is read: some of the patterns above take time that grows with the square of
# the length on hostile text (a line of dashes), and no Key Result runs on for pages.
MAX_CHARS = 2000


# A run asks for the wording and owner of the same text several times (measuring, classifying,
# fixing), and the patterns above are most of the cost of a Key Result outside spaCy.
@functools.lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, str | None]:
    text = _clean(_strip_notes(re.sub(r"\s+", " ", text[:MAX_CHARS])))
    text, leading_owner = _strip_prefixes(text)
    text, trailing_owner = _strip_suffixes(text)
    text, again = _strip_prefixes(_clean(text))  # "[P1] [alice] ... [DP]" in any order
    return _clean(text), leading_owner or again or trailing_owner


def wording(text: str) -> str:
    """The words of a Key Result (or Objective) with owners, tags, status notes, references and
    scores removed. Content is kept as written: ``P&L``, ``C# driver``, ``p95 latency``."""
    return _split(text)[0]


def owner(text: str) -> str | None:
    """The owner a Key Result names in its own text (``CMO:``, ``@alice``, ``[alice]``,
    ``... - @alice``), or None."""
    return _split(text)[1]

"""The words OKR files use to say what a line is: ``Objective:``/``O1 -`` and ``KR:``/``Key Result 2 -`` labels,
section names (``Key Results``, ``Initiatives``, ``Rationale``), period titles (``2019 Q1``) and
Chromium-style trailing priority and score (``Ship it P1 0.50``).

Every function here takes text already cleaned of inline markup.
"""

from __future__ import annotations

import re

# A dash or dot counts as a label separator only when a space follows, so "Objective-C" and "O.K." are text.
_SEPARATOR = r"\s*(?::|[-–—.)](?=\s))\s*"
_OBJECTIVE_LABEL = re.compile(r"^(?:objective|obj|o)\s*#?\s*\d*(?:\.\d+)*" + _SEPARATOR, re.IGNORECASE)
_KR_LABEL = re.compile(r"^(?:key[\s-]*results?|krs?)\s*#?\s*\d*(?:\.\d+)*" + _SEPARATOR, re.IGNORECASE)
# "CRO KR: …", "VP, Global Channels KR: …": the owner is part of the text, the label only says "a KR".
_OWNER_KR_LABEL = re.compile(r"^[^:\n]{1,60}?\s(?:kr|key\s+result)\s*\d*\s*:\s*\S", re.IGNORECASE)
# The same labels in raw Markdown, possibly inside emphasis (``**Key Result:** …``), to find where text starts.
_RAW_LABEL = re.compile(
    r"^[\s*_`~]*(?:objective|obj|o|key[\s-]*results?|krs?)\s*#?\s*\d*(?:\.\d+)*\s*[*_`]*"
    r"(?::|[-–—.)](?=[\s*_`]))[*_`]*\s*",
    re.IGNORECASE,
)

_KR_SECTION = re.compile(
    r"^(?:(?:key[\s-]*results|krs|results)\b(?:\s*[:(].*)?|key[\s-]*result\s*:?)$", re.IGNORECASE
)
_OBJECTIVES_SECTION = re.compile(r"^objectives?\s*:?$", re.IGNORECASE)
# Labels that sort an Objective's Key Results into groups; the items under them stay the Objective's KRs.
_GROUP_LABEL = re.compile(
    r"^(?:committed|stretch(?: goals?| krs?)?|aspirational|must[- ]haves?|nice[- ]to[- ]haves?|moonshots?|"
    r"roofshots?|optional|bonus)\s*:?$",
    re.IGNORECASE,
)
_INITIATIVES_SECTION = re.compile(r"^initiatives?\b(?:\s*[:(].*)?$", re.IGNORECASE)
_NON_CONTENT = re.compile(
    r"^(?:table of contents|contents|toc|summary|overview|introduction|intro|about|background|context|"
    r"why|rationale|rational|motivation|not included|out of scope|non[- ]?goals|alternatives?|"
    r"risks?|dependencies|assumptions|open questions|questions|notes?|comments?|references?|"
    r"external references|resources|links|further reading|see also|glossary|definitions|"
    r"key concepts|concepts|how (?:we|to) .*|process|faq|appendix|changelog|history|"
    r"retrospective|learnings|lessons learned|grading(?: notes)?|scoring|scores?|final score|"
    r"total score|tracking(?: notes)?|status|progress|updates?|owners?|team|members|"
    r"active from|tracked|tracking manager|kr measurement deadline|deadline)\b[\s:.!?]*$",
    re.IGNORECASE,
)
# Headings that name the document or a period rather than an aim: "Q2 OKRs WEVOLVER", "2018 Q4".
_OKR_WORDS = re.compile(r"\bokrs?\b|\bobjectives\b|\bkey\s+results\b|\bgoals\b", re.IGNORECASE)
_PERIOD_TOKEN = re.compile(
    r"^(?:q[1-4]|h[12]|fy\s?\d{2,4}|cy\s?\d{2,4}|\d{1,4}|quarter(?:ly)?|half|year(?:ly)?|annual|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|set|archive|and|to|of|the|for|s[12]|sprint|"
    r"q[1-4]-\d{2,4}|\d{4}-q[1-4]|fy\d{2}-q[1-4])$",
    re.IGNORECASE,
)
_HEADING_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]\s+")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.)]?\s+(?=\D)")

# Chromium pages: "Ship pointerrawmove P2 0.80", a wrapped "… P3" whose score is on the next line,
# an objective "Product Excellence 0.58".
_PRIORITY_SCORE = re.compile(r"\s+P\d(?:\s+[01](?:\.\d{1,2})?)?\s*$")
_SCORE = re.compile(r"\s+[01]\.\d{1,2}\s*$")
_SCORE_ONLY = re.compile(r"^\(?\s*(?:[01](?:\.\d+)?|\d{1,2}\s*/\s*10|\d{1,3}\s*%)\s*\)?$")
_SCORED_LINE = re.compile(r"\sP\d\s+[01]\.\d{1,2}\s*$")


def objective_text(text: str) -> str | None:
    """The Objective's text when ``text`` starts with an Objective label (``Objective 1:``, ``O -``)."""
    match = _OBJECTIVE_LABEL.match(text)
    if match is None:
        return None
    rest = text[match.end():].strip()
    return rest or None


def kr_text(text: str) -> str | None:
    """The Key Result's text when ``text`` carries a KR label: a pure label is removed, an owner-qualified
    one (``CRO KR:``) is kept because the owner is part of what was written."""
    match = _KR_LABEL.match(text)
    if match is not None:
        rest = text[match.end():].strip()
        if rest and not _KR_SECTION.match(text.strip()):
            return rest
        return None
    if _OWNER_KR_LABEL.match(text):
        return text
    return None


def raw_label_end(raw: str) -> int:
    """Offset in raw Markdown just past a leading Objective/KR label (0 when there is none)."""
    match = _RAW_LABEL.match(raw)
    return match.end() if match else 0


def is_kr_section(text: str) -> bool:
    return bool(_KR_SECTION.match(text.strip()))


def is_objectives_section(text: str) -> bool:
    """A heading or label "Objectives" whose list items are the Objectives themselves."""
    return bool(_OBJECTIVES_SECTION.match(text.strip()))


def is_group_label(text: str) -> bool:
    return bool(_GROUP_LABEL.match(text.strip()))


def is_initiatives_section(text: str) -> bool:
    return bool(_INITIATIVES_SECTION.match(text.strip()))


def is_non_content(text: str) -> bool:
    """A section or label that explains, grades or tracks rather than states an Objective or Key Result."""
    return bool(_NON_CONTENT.match(text.strip()))


def is_title(text: str) -> bool:
    """A heading naming the OKR set or a period ("2019 Q1 OKRs", "Quarterly OKRs", "2018 Q4")."""
    if _OKR_WORDS.search(text):
        return True
    tokens = re.findall(r"[A-Za-z0-9-]+", text)
    return bool(tokens) and all(_PERIOD_TOKEN.match(token) for token in tokens)


def mentions_okrs(text: str) -> bool:
    return bool(re.search(r"\bokrs?\b|\bobjectives?\b|\bkey\s+results?\b", text, re.IGNORECASE))


def strip_heading_number(text: str) -> str:
    """``1. CEO: IACV`` → ``CEO: IACV``; a heading's own numbering is not part of the Objective."""
    return _HEADING_NUMBER.sub("", text, count=1)


def strip_row_number(text: str) -> str:
    """``1 Implementations ship on schedule`` → the text; table Objectives are often numbered in the cell."""
    return _ROW_NUMBER.sub("", text, count=1)


def has_priority_score(text: str) -> bool:
    return bool(_PRIORITY_SCORE.search(text))


def strip_priority_score(text: str) -> str:
    """Removes the trailing priority and score columns of a flattened Chromium OKR table row."""
    return _SCORE.sub("", _PRIORITY_SCORE.sub("", text)).strip()


def has_trailing_score(text: str) -> bool:
    return bool(_SCORE.search(text))


def is_score_only(text: str) -> bool:
    """A line that holds nothing but a grade (``0.20``, ``7/10``, ``80%``): it belongs to the line before."""
    return bool(_SCORE_ONLY.match(text.strip()))


def is_scored_line(text: str) -> bool:
    """``Fix impactful bugs P1 0.60``: the shape that marks a page as a Chromium-style scored OKR page."""
    return bool(_SCORED_LINE.search(text))


def priority_score_length(raw: str) -> int:
    """Length of the trailing priority/score columns in ``raw`` (0 when absent), to end a span before them."""
    stripped = raw.rstrip()
    shorter = _SCORE.sub("", _PRIORITY_SCORE.sub("", stripped))
    return len(stripped) - len(shorter.rstrip())


_CODE_SPANS_ONLY = re.compile(r"^\s*(?:`[^`]+`\s*:?\s*)+$")
_OWNER_WEIGHT = re.compile(r"^@?([A-Z][\w.-]*)(?:\s*:\s*\d+(?:\.\d+)?)?$")


def owner_annotation(raw: str, text: str) -> str | None:
    """The owner named by a sub-bullet such as ```Martin``` or ```Bedeho` : `0.75``` (name and weight in code
    spans) under a Key Result: it says who owns the KR, it is not a KR of its own."""
    if not _CODE_SPANS_ONLY.match(raw):
        return None
    match = _OWNER_WEIGHT.match(text)
    return match.group(1) if match else None

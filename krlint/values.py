"""Numbers, units, placeholders and dates in the words of a Key Result: where form decides.

``scan(text)`` finds every written value (``30``, ``$1.2M``, ``85%+``, ``≤45 days``, ``2x``,
``10MiB/s``, ``4/5``, ``seven``), every placeholder standing where a value should be (``N0``,
``$N``, ``X%``, ``TBD``, ``[number]``), and every date (``Q3 2017``, ``by EOQ``, ``2020-04-02``,
``end of March``), and says which values are stated as a start (``from 30``, ``up from 12%``,
``(currently 80k)``, ``baseline 40%``). Numbers that are part of a date, a version (``v2``,
``1.0 release``), an ordinal (``1st``), a rate's denominator (``per 30 days``), a cadence
(``every two weeks``) or a compound adjective (``2-way``, ``3 minute video``) are not values.

Everything here is regular expressions; what needs the sentence's grammar (is ``one`` counting a
noun? is ``Tier 1`` a name?) is decided in ``measure`` with spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
)
_YEAR = r"(?:19|20)\d{2}\b"
_PERIOD = r"(?:quarter|year|month|week|sprint|half|period|cycle|fiscal year|program|project|term)"
# Dates that need no context to be dates.
_DATE = re.compile(
    "|".join(
        (
            rf"\b(?:FY\s?'?\d{{2,4}}\s?[-/ ]?\s?)?[QH][1-4](?:\s?[-/' ]\s?(?:FY\s?)?'?(?:{_YEAR}|\d{{2}}\b))?\b",
            rf"\b{_YEAR}\s?[-/ ]\s?[QH][1-4]\b",
            r"\b(?:FY|CY)\s?'?\d{2,4}\b",
            r"\b\d{4}-\d{1,2}-\d{1,2}\b",
            r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b",
            r"\bEO(?:Q|Y|M|W|D|FY)\b",
            rf"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:{_PERIOD}|Q[1-4]|{_MONTH}|FY\s?\d+|{_YEAR})"
            rf"(?:\s+{_YEAR})?",
            rf"\bend\s+(?:{_YEAR}|{_MONTH}|Q[1-4])",
            rf"\b(?:early|mid|late)[- ](?:Q[1-4]|{_MONTH}|{_YEAR}|{_PERIOD})",
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?",
            rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?",
            rf"\b{_MONTH}\s+{_YEAR}",
            r"\b(?:in|within|during|over|for)\s+the\s+(?:first|next|coming|following|last|past)\s+"
            r"(?:\w+\s+)?(?:days|weeks|months|quarters|years|sprints)\b",
            r"\b(?:on|by|before)\s+day\s+\d+\b",
            r"\b(?:this|next)\s+(?:quarter|year|month|week|sprint|half)\b",
        )
    )
)
# Month names, years and release milestones ("M83") are dates after a preposition of time.
_DATE_AFTER_PREP = re.compile(
    r"\b(?:by|in|until|till|before|after|since|during|through|of|from|for|early|late|mid|end)\s+"
    rf"(?P<date>{_MONTH}|{_YEAR}(?!\s*(?:%|[A-Za-z]))|M\d{{2,3}}\b)"
)
_COMPARED = re.compile(r"\b(?:compared (?:to|with)|vs\.?|versus|than|from|since|over|after|of)\s+$", re.I)
_DEADLINE_PREP = re.compile(
    r"\b(?:no later than|ahead of|by|before|until|till|in|on|at|during|through|within)\s+$", re.I
)
_VERSION = re.compile(
    r"\b[vV]\d+(?:\.\d+)*\b|\b(?:version|release|ver\.?)\s+\d+(?:\.\d+)*\b|\b\d+\.\d+(?:\.\d+)+\b"
    r"|\b\d+\.\d+(?=\s+(?:version|release|beta|alpha|rc)\b)|\b\d+\.x\b|\b24/7\b"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|(?<=\bin )\d+\.\d+\b(?!\s*[%xX]|\s*[A-Za-z$€£])|(?<=\bsince )\d+\.\d+\b|(?<=\buntil )\d+\.\d+\b"
)

_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
           "billion": 1e9, "trillion": 1e12}
_UNITS = {
    "%": "%", "percent": "%", "pp": "pp", "percentage point": "pp", "percentage points": "pp",
    "x": "x", "×": "x", "times": "x",
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "business day": "d", "business days": "d",
    "wk": "wk", "wks": "wk", "week": "wk", "weeks": "wk",
    "mo": "mo", "month": "mo", "months": "mo", "quarter": "qtr", "quarters": "qtr",
    "yr": "yr", "yrs": "yr", "year": "yr", "years": "yr",
}
_TIME_UNITS = frozenset(("ms", "s", "min", "h", "d", "wk", "mo", "qtr", "yr"))
_DATA_UNIT = r"(?:[KMGTP]i?B|[kMG]bps|[kKMG]?B/s|bps|fps|rps|qps|req/s)"
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "usd": "$", "dollars": "$", "eur": "€", "euros": "€",
             "gbp": "£", "pounds": "£"}

_NUMBER = re.compile(
    r"(?<![\w.,/#@])(?<![A-Za-z]-)(?<!\d-)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"(?P<tail>(?:(?:{_DATA_UNIT}|[kK]|MM|M|B|bn)(?![\w])|\s{_DATA_UNIT}(?![\w])"
    r"|\s?(?:thousand|million|billion|trillion|"
    r"Thousand|Million|Billion)\b|s\s+of\s+(?:thousands|millions|billions)\b)?"
    r"(?:\s?(?:%|percent\b|pp\b|percentage points?\b|[xX×](?![\w])|times\b|ms\b|msec\b|"
    r"milliseconds?\b|secs?\b|seconds?\b|mins?\b|minutes?\b|hrs?\b|hours?\b|business days?\b|days?\b|"
    r"wks?\b|weeks?\b|mo\b|months?\b|quarters?\b|yrs?\b|years?\b|[smhd](?![\w])|"
    r"(?:USD|EUR|GBP|dollars|euros|pounds)\b))?(?:/(?:s|sec|day|mo|month|yr|year|user|week)\b)?)"
)
_WORD_NUMBERS = {
    w: float(i) for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
                      "a dozen": 12, "dozen": 12})
_WORD_NUMBER = re.compile(
    r"\b(?P<num>" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\b"
    r"(?P<tail>\s?(?:%|percent\b|[xX]\b|times\b|milliseconds?\b|seconds?\b|minutes?\b|hours?\b|"
    r"business days?\b|days?\b|weeks?\b|months?\b|quarters?\b|years?\b))?",
    re.I,
)
_ONE_TIME_UNIT = re.compile(
    r"\b(?:within|under|less than|more than|over)\s+(?P<num>an?)\s+(?P<tail>second|minute|hour|"
    r"business day|day|week|month)\b", re.I
)
# Placeholders: a value not filled in. Each pattern's group "ph" is the placeholder.
_PLACEHOLDERS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?<![\w$])(?P<ph>(?:[$€£]\s?)?N\d{1,2})\b",
        r"(?P<ph>[$€£]\s?(?:N|X{1,3}|\?+))(?![\w])",
        r"\b(?P<ph>(?:X{1,3}|N)\s?%)",
        r"\b(?P<ph>X{1,3})\b(?=\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?s\b)",
        r"\b(?:to|from|of|at|by|reach|hit|achieve|get|than|least|most)\s+(?P<ph>X{1,3})\b",
        r"(?:\b(?:to|from|of|at|by)\s+|[:=]\s*)(?P<ph>TBD|TBC|TBA)\b",
        r"(?P<ph>\[(?:[a-z][a-z %#/-]{0,24}|X|N|#|%|XX%?|N%)\]|\{[^{}\n]{1,30}\}|\?{2,})",
    )
)
_DATEISH = re.compile(r"date|day|week|month|quarter|year|deadline|time|when", re.I)
_COMPARATOR = re.compile(
    r"(?P<cmp>at least|at most|no more than|no less than|not more than|not less than|more than|less than|"
    r"fewer than|greater than|higher than|lower than|over|under|below|above|up to|within|minimum(?: of)?|"
    r"maximum(?: of)?|min\.?|max\.?|>=|<=|=<|≥|≤|(?<![-=—])>|<|~|≈|approximately|approx\.?|about|around|nearly|"
    r"roughly|exceeding|beyond)\s*(?:[$€£]\s?)?$",
    re.I,
)
_CMP_MEANING = {
    "at least": ">=", "no less than": ">=", "not less than": ">=", "minimum": ">=", "minimum of": ">=",
    "min": ">=", "min.": ">=", ">=": ">=", "≥": ">=",
    "at most": "<=", "no more than": "<=", "not more than": "<=", "up to": "<=", "within": "<=",
    "maximum": "<=", "maximum of": "<=", "max": "<=", "max.": "<=", "<=": "<=", "=<": "<=", "≤": "<=",
    "more than": ">", "greater than": ">", "higher than": ">", "over": ">", "above": ">", ">": ">",
    "exceeding": ">", "beyond": ">",
    "less than": "<", "fewer than": "<", "lower than": "<", "under": "<", "below": "<", "<": "<",
}
_AFTER_MORE = re.compile(r"^\s*(?:\+(?!\s*/)|or (?:more|higher|above|better|greater)\b)")
_AFTER_LESS = re.compile(r"^\s*or (?:less|fewer|lower|below)\b")
_DENOMINATOR = re.compile(r"(?:\bper|\bevery|\beach|/)\s*$", re.I)
_START_BEFORE = re.compile(
    r"(?:\b(?:from|up from|down from|starting (?:at|from)|start(?:ing)? at|currently(?: at| is)?|"
    r"current(?:ly)?(?: value)?(?: is| at| of)?|baseline(?: is| of| at)?|starting (?:point|value)(?: is| of)?|"
    r"start(?:ing)? value(?: is| of)?|start\s*[:=]|was|today(?: is| at)?|now at|vs\.?|versus|compared (?:to|with)|"
    r"last (?:quarter|year|month)(?: was)?)\s*[:=]?\s*(?:[~≈]|about|around|approximately)?\s*(?:[$€£]\s?)?$)",
    re.I,
)
_START_AFTER = re.compile(r"^\s*(?:today|now|currently|at (?:the )?start|last (?:quarter|year|month))\b", re.I)
_ARROW = re.compile(r"^\s*(?:→|->|—>|⟶|to)\s*$")
_PROPORTION = re.compile(
    r"(?<!first )(?<!second )(?<!last )(?<!next )\b(?P<text>(?:a|the)\s+majority|half|a third|two thirds)\s+of\b"
    r"|\bby\s+(?P<by>half|a third|two thirds)\b",
    re.I,
)
_PROPORTIONS = {"majority": (50.0, ">"), "half": (50.0, None), "third": (100 / 3, None),
                "thirds": (200 / 3, None)}
_RELATIVE = re.compile(
    r"\b(?:ahead of|above|at or above|beat(?:ing|s)?|exceed(?:ing|s)?|meet(?:ing|s)?|hit(?:ting|s)?)\s+"
    r"(?:the\s+|our\s+)?(?:plan|target|quota|budget|forecast)\b",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """One written value (or placeholder) and where it is in the text."""

    start: int
    end: int
    text: str
    number: float | None
    unit: str | None
    placeholder: bool = False
    comparator: str | None = None  # ">=", "<=", ">", "<", "~", "±"
    sign: str | None = None  # "+" or "-": a change, not a level
    word: bool = False  # a number written as a word, or "a"/"an": its grammar decides
    bare: bool = False  # a plain count: no unit, currency, scale, comparator or sign
    role: str | None = None  # "start" when the words around it say it is where things stand now

    @property
    def is_time(self) -> bool:
        return self.unit in _TIME_UNITS


@dataclass(frozen=True)
class Scan:
    quantities: tuple[Quantity, ...]
    deadline: str | None
    relative_target: str | None  # "ahead of plan": a target stated against the plan


def to_number(text: str) -> float | None:
    """``"$1.2M"`` -> 1200000.0, ``"20,000"`` -> 20000.0, ``"seven"`` -> 7.0; None if not a number."""
    found = scan(text).quantities
    return found[0].number if found and found[0].number is not None else None


def _dates(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DATE.finditer(text)]
    spans += [m.span("date") for m in _DATE_AFTER_PREP.finditer(text) if not _inside(m.span("date"), spans)]
    return sorted(spans)


def _placeholders(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _PLACEHOLDERS:
        for match in pattern.finditer(text):
            if not _inside(match.span("ph"), spans):
                spans.append(match.span("ph"))
    return sorted(spans)


def _deadline(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The first date written after a preposition of time ("by Q1", "in M83", "by [date]"), else
    the first date at all ("Q3 2017")."""
    first = None
    for start, end in spans:
        if prep := _DEADLINE_PREP.search(text[:start]):
            return text[prep.start():end]
        if not _COMPARED.search(text[:start]):
            first = first or text[start:end]
    return first


def _inside(span: tuple[int, int], masks: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in masks)


def _parse_tail(tail: str) -> tuple[float, str | None, str | None]:
    """Scale factor, unit and currency written after a number."""
    scale, unit, currency = 1.0, None, None
    stripped = tail.strip()
    if stripped.startswith("s of "):  # "10s of millions"
        return _SCALES[stripped.split()[-1][:-1].lower()], None, None
    if re.match(_DATA_UNIT, stripped):
        return 1.0, stripped, None
    for part in re.findall(r"[A-Za-z%×]+(?: days?| points?)?|/\w+", stripped):
        low = part.lower()
        if low in _SCALES and scale == 1.0 and unit is None and (low != "m" or part == "M"):
            scale = _SCALES[low]
        elif low in _CURRENCY:
            currency = _CURRENCY[low]
        elif low.startswith("/"):
            unit = (unit or "") + low
        elif low in _UNITS and unit is None:
            unit = _UNITS[low]
    return scale, unit, currency


def _comparator(before: str, after: str) -> tuple[str | None, int]:
    """The comparator written just before (or after) a value, and how far back it starts."""
    if match := _COMPARATOR.search(before):
        key = re.sub(r"\s+", " ", match.group("cmp").lower())
        return _CMP_MEANING.get(key, "~"), len(before) - match.start()
    if _AFTER_MORE.match(after):
        return ">=", 0
    if _AFTER_LESS.match(after):
        return "<=", 0
    return None, 0


_TIME_MEASURE = re.compile(r"\s+(?:[\w-]+\s+)?(?:time|times|latency|delay|turnaround|sla|window|response)\b", re.I)


def _adjective(text: str, end: int, number: float | None, tail: str, before: str) -> bool:
    """A number that qualifies a noun instead of counting it: "2-way", "a 3 minute video"; but a
    duration in front of a measure of time is its value ("a 2-hour response time")."""
    after = text[end:]
    if _COMPARATOR.search(before):
        return False
    hyphen = re.match(r"-[A-Za-z]+", after)
    singular = re.fullmatch(r"\s?(?:second|minute|hour|day|week|month|year)", tail) and number != 1.0 and re.match(
        r"\s+[a-z]+\b", after) and not re.match(r"\s+(?:of|to|in|for|and|or|with|on|per|a|an|the)\b", after)
    if not (hyphen or singular):
        return False
    rest = after[hyphen.end():] if hyphen else after
    return not _TIME_MEASURE.match(rest)


def _excluded(text: str, start: int, end: int, tail: str) -> bool:
    """A number that is not a value: a denominator or a bare footnote count."""
    before, after = text[:start], text[end:]
    if _DENOMINATOR.search(before):
        return True  # "per 30 days", "every two weeks"
    return bool(re.match(r"\s*\)", after) and re.search(r"\(\s*$", before) and not tail.strip())


def _numbers(text: str, masks: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    skip_until = -1
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if start < skip_until or _inside((start, match.end("num")), masks):
            continue
        tail = match.group("tail") or ""
        if re.match(r"[A-Za-z]", text[end:]) and not tail:
            continue  # "5C", "3D", "2FA": part of a name
        number = float(match.group("num").replace(",", ""))
        if _adjective(text, end, number, tail, text[:start]):
            continue
        if joined := re.match(r"\s?[-–]\s?(\d+(?:\.\d+)?)(?P<tail>%|[kKMxX]\b)?", text[end:]):
            end += joined.end()  # "20-40 volunteers": a range, scored at its low end
            tail = tail or joined.group("tail") or ""
        elif joined := re.match(r"/\s?(\d+)\b|\s+in\s+(\d+)\b", text[end:]):
            end += joined.end()  # "4/5", "3 in 50": a score or a rate, kept whole
            tail = "/" + (joined.group(1) or joined.group(2))
        skip_until = end
        if _excluded(text, start, end, tail):
            continue
        scale, unit, currency = _parse_tail(tail)
        before = text[:start]
        if cur := re.search(r"([$€£¥])\s?$", before):
            currency, start = cur.group(1), cur.start()
            before = text[:start]
        sign = None
        if sm := re.search(r"(?:^|(?<=[\s(:=]))(?:(\+/-|±)\s?|([+\-−]))$", before):
            sign = "±" if sm.group(1) else {"−": "-"}.get(sm.group(2), sm.group(2))
            start = sm.start()
            before = text[:start]
        comparator, back = _comparator(before, text[end:])
        if sign == "±":
            comparator, sign = "±", None
        if plus := re.match(r"\s*\+(?!\s*/)", text[end:]):
            end += plus.end()
        found.append(Quantity(
            start=start - back, end=end, text=text[start - back:end].strip(),
            number=number * scale, unit=currency or unit, comparator=comparator, sign=sign,
            bare=not (tail.strip() or currency or comparator or sign),
        ))
    return found


def _word_numbers(text: str, masks: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    for pattern in (_WORD_NUMBER, _ONE_TIME_UNIT):
        for match in pattern.finditer(text):
            span = (match.start("num"), match.end())
            tail = match.group("tail") or ""
            before = text[: span[0]]
            if _inside(span, masks) or _excluded(text, span[0], span[1], tail):
                continue
            word = match.group("num").lower()
            number = 1.0 if word in ("a", "an") else _WORD_NUMBERS[word]
            if _adjective(text, span[1], number, tail, before):
                continue
            comparator, back = _comparator(before, text[span[1]:])
            found.append(Quantity(
                start=span[0] - back, end=span[1], text=text[span[0] - back: span[1]].strip(),
                number=number, unit=_parse_tail(tail)[1], comparator=comparator, word=True,
                bare=not (tail or comparator),
            ))
    return found


def _with_roles(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Mark the values stated as a start: "from 30 (to 50)", "30 -> 50", "(currently 3 in 50)"."""
    result = []
    ranged_target = -1
    for index, q in enumerate(quantities):
        before, after = text[: q.start], text[q.end:]
        nxt = quantities[index + 1] if index + 1 < len(quantities) else None
        between = text[q.end: nxt.start] if nxt is not None else ""
        from_before = re.search(r"\bfrom\s*$", before)
        ranged = nxt is not None and _ARROW.match(between) and ("to" not in between or from_before)
        marked = _START_BEFORE.search(before) and (not from_before or ranged or not q.bare)
        is_start = bool(ranged or marked or _START_AFTER.match(after))
        changes = {"role": "start"} if is_start else {"role": "target"} if index == ranged_target else {}
        if ranged:
            ranged_target = index + 1
        if ranged and q.unit is None and nxt.unit is not None:
            changes["unit"] = nxt.unit  # "from 15 to 5 minutes": both are minutes
        result.append(replace(q, **changes) if changes else q)
    return result


def scan(text: str) -> Scan:
    """Every value, placeholder, start value and the deadline written in ``text``."""
    dates = _dates(text)
    placeholders = _placeholders(text)
    masks = dates + [m.span() for m in _VERSION.finditer(text)] + placeholders
    quantities = _numbers(text, masks)
    quantities += _word_numbers(text, masks + [(q.start, q.end) for q in quantities])
    deadline_spans = list(dates)
    for start, end in placeholders:
        written = text[start:end]
        if written.startswith(("[", "{")) and _DATEISH.search(written):
            deadline_spans.append((start, end))  # "by [date]": a deadline not filled in
            continue
        if _inside((start, end), dates):
            continue
        comparator, back = _comparator(text[:start], text[end:])
        quantities.append(Quantity(start - back, end, text[start - back:end], None,
                                   "%" if "%" in written else None, placeholder=True, comparator=comparator))
    for match in _PROPORTION.finditer(text):
        group = "text" if match.group("text") else "by"
        number, comparator = _PROPORTIONS[match.group(group).lower().split()[-1]]
        quantities.append(Quantity(match.start(group), match.end(group), match.group(group), number, "%",
                                   comparator=comparator))
    quantities.sort(key=lambda q: q.start)
    relative = _RELATIVE.search(text)
    return Scan(
        quantities=tuple(_with_roles(text, quantities)),
        deadline=_deadline(text, sorted(deadline_spans)),
        relative_target=relative.group(0) if relative else None,
    )

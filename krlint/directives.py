"""Inline suppressions, turned into a per-line map before findings are filtered.

Markdown:   <!-- krlint: disable=KR201 -->  ...  <!-- krlint: enable=KR201 -->
            <!-- krlint: disable-next-line=KR201,no-target -->
YAML, text: # krlint: disable-line=KR102
Codes and names are both accepted. There is no bare ``disable``: a directive must name its rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import rules
from .model import Span

_MARKDOWN = re.compile(r"<!--\s*krlint\s*:\s*(?P<body>.*?)\s*-->", re.IGNORECASE)
_MARKDOWN_OPENING = re.compile(r"<!--\s*krlint\s*:\s*", re.IGNORECASE)
# After '#', the directive is its action and code list; what follows (a reason, the rest of a CSV
# row, a closing quote) is not part of it. In CSV a directive can open a cell, so a delimiter or
# quote may stand before '#'.
_HASH = re.compile(
    r"(?:^|[\s,;\"'])#\s*krlint\s*:\s*(?P<body>[\w\-]+(?:\s*=\s*[\w\-]+(?:\s*,\s*[\w\-]+)*)?)",
    re.IGNORECASE,
)
_BODY = re.compile(r"^(?P<action>[a-z\-]+)\s*(?:=\s*(?P<codes>.*))?$", re.IGNORECASE)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-line")


@dataclass
class Suppressions:
    """Which rule codes are off on which lines, and the directives that could not be applied."""

    off_from: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    off_on_line: dict[int, set[str]] = field(default_factory=dict)
    problems: list[tuple[Span, str]] = field(default_factory=list)

    def suppressed(self, code: str, line: int) -> bool:
        if code in self.off_on_line.get(line, ()):
            return True
        return any(start <= line and (end is None or line < end) for start, end in self.off_from.get(code, ()))


def read(text: str, fmt: str) -> Suppressions:
    result = Suppressions()
    open_regions: dict[str, int] = {}
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):  # numbered as the parsers number lines
        if "krlint" not in line.lower():
            continue
        for start, end, body in _markdown_directives(line) if fmt == "markdown" else _hash_directives(line):
            _apply(body, number, Span(number, start + 1, number, end + 1), result, open_regions)
    for code, start in open_regions.items():
        result.off_from.setdefault(code, []).append((start, None))
    return result


def _hash_directives(line: str):
    for match in _HASH.finditer(line):
        yield match.start(), match.end(), match["body"]


def _markdown_directives(line: str):
    """(start, end, body) of each ``<!-- krlint: ... -->`` on a line, as ``_MARKDOWN.finditer`` finds
    them, in linear time: the regular expression looks for the closing ``-->`` again from every
    opening, which takes quadratic time on a long line of openings that never close."""
    position = 0
    for opening in _MARKDOWN_OPENING.finditer(line):
        if opening.start() < position:
            continue  # inside the directive found before
        close = line.find("-->", opening.end())
        if close < 0:
            return  # no later opening closes either
        yield opening.start(), close + 3, line[opening.end(): close].rstrip()
        position = close + 3


def _apply(body: str, number: int, span: Span, result: Suppressions, open_regions: dict[str, int]) -> None:
    parsed = _BODY.match(body)
    action = parsed["action"].lower() if parsed else ""
    if action not in ACTIONS:
        result.problems.append((span, f"unknown krlint directive '{body}' (use one of: {', '.join(ACTIONS)})"))
        return
    names = [name.strip() for name in (parsed["codes"] or "").split(",") if name.strip()]
    if not names:
        result.problems.append((span, f"'krlint: {action}' must name the rules it applies to, e.g. {action}=KR201"))
        return
    codes = []
    for name in names:
        rule = rules.find(name)
        if rule is None:
            result.problems.append((span, f"unknown rule '{name}' in krlint directive"))
        else:
            codes.append(rule.code)
    for code in codes:
        if action == "disable-line":
            result.off_on_line.setdefault(number, set()).add(code)
        elif action == "disable-next-line":
            result.off_on_line.setdefault(number + 1, set()).add(code)
        elif action == "disable":
            open_regions.setdefault(code, number)
        elif code in open_regions:
            result.off_from.setdefault(code, []).append((open_regions.pop(code), number))

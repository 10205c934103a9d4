"""Plain text: ``Objective:`` lines open an Objective, other non-empty lines are its Key Results.

A line ``Initiatives:`` starts the Objective's Initiatives; ``Key Results:`` is a heading and is skipped.
Lines starting with ``#`` are comments (and carry ``# krlint:`` directives).
"""

from __future__ import annotations

import re

from ..model import Document, Initiative, KeyResult, Objective, Span

# "Objective-C …" is not a label: a dash or dot counts only when a space follows it.
_OBJECTIVE = re.compile(r"^(?:objective|o)(?:\s*\d+)?\s*(?::|[-–.](?=\s))\s*(?P<text>.+)$", re.IGNORECASE)
_KR_HEADING = re.compile(r"^key\s*results?\s*:?\s*$", re.IGNORECASE)
_INITIATIVES = re.compile(r"^initiatives?\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_KR_LABEL = re.compile(r"^(?:key\s*result|kr)(?:\s*\d+)?\s*(?::|[-–.](?=\s))\s*", re.IGNORECASE)
_MARKER = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")


class _Builder:
    def __init__(self) -> None:
        self.objectives: list[Objective] = []
        self.loose: list[KeyResult] = []
        self.current: tuple[str, Span] | None = None
        self.krs: list[KeyResult] = []
        self.initiatives: list[Initiative] = []

    def open(self, text: str, span: Span) -> None:
        self.close()
        self.current = (text, span)

    def close(self) -> None:
        if self.current is not None:
            text, span = self.current
            self.objectives.append(Objective(text, span, tuple(self.krs), tuple(self.initiatives)))
        else:
            self.loose.extend(self.krs)
        self.current, self.krs, self.initiatives = None, [], []


def parse(text: str, path: str) -> Document:
    builder = _Builder()
    in_initiatives = False
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), 1):  # numbered as fix.split_lines numbers them
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        column = raw.index(line[0]) + 1
        body = line
        marker = _MARKER.match(body)
        if marker:
            column += marker.end()
            body = body[marker.end():]
        if match := _OBJECTIVE.match(body):
            column += match.start("text")
            builder.open(match["text"].strip(), Span.of_line(number, column, match["text"].strip()))
            in_initiatives = False
            continue
        if _KR_HEADING.match(body):
            in_initiatives = False
            continue
        if match := _INITIATIVES.match(body):
            in_initiatives = True
            body, column = match["text"], column + match.start("text")
            if not body:
                continue
        elif label := _KR_LABEL.match(body):
            body, column = body[label.end():], column + label.end()
        if in_initiatives and builder.current is not None:
            builder.initiatives.append(Initiative(body, Span.of_line(number, column, body)))
        else:
            builder.krs.append(KeyResult(body, Span.of_line(number, column, body)))
    builder.close()
    return Document(path, "text", tuple(builder.objectives), tuple(builder.loose))

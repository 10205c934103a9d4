"""The document model every parser produces and every rule reads.

Positions are 1-based lines and columns, ``end_column`` exclusive, so they print as editors show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator


@dataclass(frozen=True, order=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of_line(cls, line: int, start: int, text: str) -> "Span":
        """The span of ``text`` written on ``line`` from 1-based column ``start``."""
        return cls(line, start, line, start + len(text))


@dataclass(frozen=True)
class Initiative:
    text: str
    span: Span


@dataclass(frozen=True)
class KeyResult:
    """A Key Result as written (markup removed, wrapped lines joined), with any values a structured
    format stated beside the text. ``children`` holds cascaded Key Results nested under this one."""

    text: str
    span: Span
    start: str | None = None
    target: str | None = None
    unit: str | None = None
    owner: str | None = None
    children: tuple["KeyResult", ...] = ()


@dataclass(frozen=True)
class Objective:
    text: str
    span: Span
    key_results: tuple[KeyResult, ...] = ()
    initiatives: tuple[Initiative, ...] = ()


@dataclass(frozen=True)
class Document:
    """What one file holds. ``loose_key_results`` are Key Results written under no Objective."""

    path: str
    format: str
    objectives: tuple[Objective, ...] = ()
    loose_key_results: tuple[KeyResult, ...] = ()

    def key_results(self) -> Iterator[tuple[Objective | None, KeyResult]]:
        """Every Key Result at every depth, with the Objective it sits under."""
        for objective in self.objectives:
            for kr in objective.key_results:
                yield from ((objective, each) for each in _walk(kr))
        for kr in self.loose_key_results:
            yield from ((None, each) for each in _walk(kr))


def _walk(kr: KeyResult) -> Iterator[KeyResult]:
    yield kr
    for child in kr.children:
        yield from _walk(child)


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True)
class Finding:
    """One problem found in one file, stamped by the engine with the rule's code, name and severity."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    suggestion: str = ""
    fixable: bool = False


@dataclass(frozen=True)
class InputError:
    """A file that could not be read or understood; reported, never raised past the library."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class LintResult:
    path: str
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    document: Document | None = field(default=None, compare=False, repr=False)

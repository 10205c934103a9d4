"""Markdown tables that hold OKRs, in the two shapes real files use:

* a column named like *Key Result* (and maybe one named *Objective*, one naming the owner);
* Objectives as wholly bold rows whose other cells are empty, each followed by its Key Result rows.

Tracking tables (``| Date | KR #1 | KR #2 |``), spacer rows, header, alignment and summary rows hold no items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Callable

from .inline import clean as _clean
from .inline import is_wholly_bold
from .markdown_blocks import Fragment
from .markdown_labels import strip_row_number

_KR_HEADER = re.compile(
    r"^(?:key[\s-]*results?|krs?|results?|kr text|key result text|kr description)(?:\s*\(.*\))?$", re.IGNORECASE
)
_RAW_ROW_NUMBER = re.compile(r"^[\s*_]*\d{1,3}[.)]?\s+(?=\D)")
_OBJECTIVE_HEADER = re.compile(r"\bobjectives?\b", re.IGNORECASE)
_OWNER_HEADER = re.compile(r"^(?:owners?|assignees?|dri|leads?|who|responsible|accountable)\b", re.IGNORECASE)
_TRACKING_HEADER = re.compile(r"^(?:date|week|day|month|sprint)$", re.IGNORECASE)
_NUMBERED_KR_HEADER = re.compile(r"^kr\s*#?\s*\d+$", re.IGNORECASE)
_SUMMARY = re.compile(r"^(?:total|sum|average|avg|overall|mean|score|grade)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TableEntry:
    """One Objective or Key Result read from a table row, with the cell it was written in."""

    is_objective: bool
    text: str
    cell: Fragment
    owner: str | None = None
    offset: int = 0  # where the text starts in the cell's raw Markdown (past a row number)


def read_table(
    rows: list[list[Fragment]], references: frozenset[str] = frozenset(), first_column_is_kr: bool = False
) -> list[TableEntry]:
    """The Objectives and Key Results a table holds, in row order.

    ``first_column_is_kr`` reads a table with no recognisable shape as one Key Result per row (for a table
    written under a *Key Results* heading).
    """
    if not rows:
        return []
    clean = partial(_clean, references=references)
    header = [clean(cell.raw) for cell in rows[0]]
    if any(_TRACKING_HEADER.match(name) for name in header) or sum(
        1 for name in header if _NUMBERED_KR_HEADER.match(name)
    ) >= 2:
        return []
    owner_column = _find(header, _OWNER_HEADER, search=False)
    kr_column = _find(header, _KR_HEADER, search=False)
    if kr_column is not None:
        return _by_columns(rows[1:], clean, kr_column, _find(header, _OBJECTIVE_HEADER, search=True), owner_column)
    if any(_is_objective_row(row, clean) for row in rows[1:]):
        return _by_bold_rows(rows[1:], clean, owner_column)
    if first_column_is_kr:
        return _by_columns(rows[1:], clean, 0, None, owner_column)
    return []


def _find(header: list[str], pattern: re.Pattern, search: bool) -> int | None:
    for index, name in enumerate(header):
        if (pattern.search(name) if search else pattern.match(name)):
            return index
    return None


def _cell(row: list[Fragment], column: int | None) -> Fragment | None:
    if column is None or column >= len(row):
        return None
    return row[column]


def _owner(row: list[Fragment], clean: Callable[[str], str], column: int | None) -> str | None:
    cell = _cell(row, column)
    text = clean(cell.raw) if cell else ""
    return text or None


def _by_columns(
    rows: list[list[Fragment]],
    clean: Callable[[str], str],
    kr_column: int,
    objective_column: int | None,
    owner_column: int | None,
) -> list[TableEntry]:
    entries: list[TableEntry] = []
    for row in rows:
        objective = _cell(row, objective_column)
        if objective is not None and (text := strip_row_number(clean(objective.raw))):
            if not _SUMMARY.match(text):
                entries.append(TableEntry(True, text, objective))
        kr = _cell(row, kr_column)
        if kr is not None and (text := clean(kr.raw)) and not _SUMMARY.match(text):
            entries.append(TableEntry(False, text, kr, _owner(row, clean, owner_column)))
    return entries


def _is_objective_row(row: list[Fragment], clean: Callable[[str], str]) -> bool:
    """A wholly bold first cell with every other cell empty (a bold cell beside values is a summary row)."""
    if not row or not is_wholly_bold(row[0].raw) or not clean(row[0].raw):
        return False
    return all(not clean(cell.raw) for cell in row[1:])


def _by_bold_rows(
    rows: list[list[Fragment]], clean: Callable[[str], str], owner_column: int | None
) -> list[TableEntry]:
    entries: list[TableEntry] = []
    seen_objective = False
    for row in rows:
        if not row:
            continue
        if _is_objective_row(row, clean):
            number = _RAW_ROW_NUMBER.match(row[0].raw)
            offset = number.end() if number else 0
            entries.append(TableEntry(True, strip_row_number(clean(row[0].raw)), row[0], offset=offset))
            seen_objective = True
            continue
        text = clean(row[0].raw)
        if not seen_objective or not text or is_wholly_bold(row[0].raw) or _SUMMARY.match(text):
            continue
        entries.append(TableEntry(False, text, row[0], _owner(row, clean, owner_column)))
    return entries

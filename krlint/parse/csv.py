"""CSV and TSV: the spreadsheets OKR tools export.

A header row names the columns; it is the first row naming an Objective or Key Result column (title
rows and blank lines before it are skipped). Names are matched case- and separator-insensitively in
their common spellings (``Objective``, ``Goal``, ``Key Result``, ``KR``, ``Start value``,
``Baseline``, ``Target``, ``Owner``, ...). Two layouts are read:

- one row per Key Result, the Objective repeated on each row (or left blank after its first row,
  as merged cells export): rows naming the same Objective, consecutively or not, form one Objective,
  in first-seen order; a row with an Objective but no Key Result defines the Objective;
- one row per item, with a type column (``Objective``, ``Key Result``, ``Initiative``) and a
  single title column: Key Results and Initiatives belong to the Objective above them (or to the
  one an Objective column names); a type krlint does not know (``Milestone``) is skipped.

Numbered Key Result columns (``KR1``, ``Key Result 2``) put several Key Results on one row.
The delimiter is the one of ``,``, ``;`` and tab that makes a header of the most known columns.
Every item's span is its cell: the line the cell starts on (which differs from the row number when
quoted cells hold newlines) and the cell's columns on that line, quotes included; a cell running
onto later lines ends at the end of its first line. A ``# krlint: disable-line=KR201`` directive
works in the row's last cell, unquoted, with a space before the ``#`` (directives are read from
the raw lines, as in YAML).
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..errors import KrlintError
from ..model import Document, Initiative, KeyResult, Objective, Span
from ..sources import MAX_BYTES

# The limit is process-wide; every caller wants cells as large as the largest file krlint reads.
if csv.field_size_limit() < MAX_BYTES:
    csv.field_size_limit(MAX_BYTES)

DELIMITERS = (",", ";", "\t")
SAMPLE_LINES = 200

# Spellings, normalised (lower case, no spaces, underscores, dashes, dots or slashes), most
# specific first: when two columns share a role, the earlier spelling wins.
_ROLES: dict[str, tuple[str, ...]] = {
    "objective": ("objective", "objectivetitle", "objectivename", "goal", "o"),
    "key_result": ("keyresult", "keyresults", "kr", "keyresulttitle", "keyresultname", "krtitle",
                   "result", "metric"),
    "title": ("title", "name", "text", "item", "summary", "description", "okr", "okrtitle",
              "objectivekeyresult", "objectiveorkeyresult"),
    "type": ("type", "kind", "itemtype", "level", "okrtype"),
    "start": ("start", "startvalue", "startingvalue", "baseline", "initial", "initialvalue", "from",
              "current", "currentvalue"),
    "target": ("target", "targetvalue", "goalvalue", "to"),
    "unit": ("unit", "units"),
    "owner": ("owner", "owners", "assignee", "lead", "responsible"),
    "initiative": ("initiative", "initiatives"),
}
_NUMBERED_KR = re.compile(r"^(?:keyresult|kr)(\d{1,3})$")
_TYPES = {
    "objective": ("objective", "objectives", "o", "goal"),
    "key_result": ("keyresult", "keyresults", "kr", "result", "metric"),
    "initiative": ("initiative", "initiatives", "task", "project", "action", "epic"),
}
_TYPE_OF = {spelling: kind for kind, spellings in _TYPES.items() for spelling in spellings}
_SEPARATORS = re.compile(r"[\s_\-./\ufeff]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def _normal(cell: str) -> str:
    return _SEPARATORS.sub("", cell).lower()


@dataclass
class _Header:
    line: int
    width: int
    columns: dict[str, int]
    numbered_krs: list[int]

    @property
    def score(self) -> int:
        return len(self.columns) + len(self.numbered_krs)


def _header(cells: list[str], line: int) -> _Header | None:
    """The columns ``cells`` name, if they make a header: an Objective or Key Result column, or a
    type column with a title column."""
    columns: dict[str, int] = {}
    rank: dict[str, int] = {}
    numbered: list[tuple[int, int]] = []
    for index, cell in enumerate(cells):
        name = _normal(cell)
        if not name:
            continue
        if match := _NUMBERED_KR.match(name):
            numbered.append((int(match[1]), index))
            continue
        for role, spellings in _ROLES.items():
            if name in spellings:
                order = spellings.index(name)
                if role not in columns or order < rank[role]:
                    columns[role], rank[role] = index, order
                break
    named = "objective" in columns or "key_result" in columns or numbered
    if not named and not ("type" in columns and "title" in columns):
        return None
    return _Header(line, len(cells), columns, [index for _number, index in sorted(numbered)])


def _reader(lines: list[str], delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) for every record, blank lines as records with no cells."""
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter, quotechar='"',
                        doublequote=True, skipinitialspace=False, strict=False)
    previous = 0
    try:
        for cells in reader:
            yield previous + 1, reader.line_num, cells
            previous = reader.line_num
    except csv.Error as error:
        raise KrlintError(f"invalid CSV: {error}", reader.line_num or None) from None


def _find_header(rows: Iterable[tuple[int, int, list[str]]]) -> tuple[_Header, list[str]] | None:
    for start, _end, cells in rows:
        if any(cell.strip() for cell in cells):
            header = _header(cells, start)
            if header is not None:
                return header, cells
    return None


def _delimiter(lines: list[str], path: str) -> str:
    """The delimiter under which the first lines hold the best header."""
    sample = lines[:SAMPLE_LINES]
    preferred = ("\t", ",", ";") if path.lower().endswith(".tsv") else DELIMITERS
    best: tuple[tuple[int, int, int], str] | None = None
    widths = set()
    for order, delimiter in enumerate(preferred):
        try:
            found = _find_header(_reader(sample, delimiter))
        except KrlintError:
            continue
        if found is None:
            continue
        header, _cells = found
        widths.add(header.width)
        key = (header.score, header.width, -order)
        if best is None or key > best[0]:
            best = (key, delimiter)
    if best is None:
        counts = [(sum(line.count(d) for line in sample), -order, d) for order, d in enumerate(preferred)]
        return max(counts)[2]
    if widths == {1}:
        # A single column: nothing separates cells, so commas in the text must not split it.
        text_chars = set("".join(sample))
        for delimiter in preferred + ("\x1f",):
            if delimiter not in text_chars:
                return delimiter
    return best[1]


def _field_pattern(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    return re.compile(rf'(?P<quoted>"(?:[^"]+|"")*(?P<close>")?[^{d}\n]*)|[^{d}\n]*')


class _Positions:
    """Where each cell of a record starts and ends, found by scanning the record's own lines the
    way the csv module reads them."""

    def __init__(self, lines: list[str], delimiter: str):
        self.lines = lines
        self.delimiter = delimiter
        self.pattern = _field_pattern(delimiter)

    def cells(self, start: int, end: int, count: int) -> list[tuple[int, int, int]]:
        """(line, column, end column) of each of ``count`` cells of the record on lines start..end."""
        first = self.lines[start - 1]
        if start == end and '"' not in first:
            spans, column = [], 1
            for part in first.split(self.delimiter):
                spans.append((start, column, column + len(part)))
                column += len(part) + 1
            if len(spans) == count:
                return spans
        raw = "\n".join(self.lines[start - 1:end])
        starts = [0]
        for line in self.lines[start - 1:end - 1]:
            starts.append(starts[-1] + len(line) + 1)
        spans = []
        position = 0
        while True:
            match = self.pattern.match(raw, position)
            at = match.start()
            index = bisect.bisect_right(starts, at) - 1
            line_end = starts[index] + len(self.lines[start - 1 + index])
            if match["quoted"] is not None and match["close"] is None:
                raise KrlintError("a quoted cell is never closed (a '\"' is missing)", start + index)
            spans.append((start + index, at - starts[index] + 1, min(match.end(), line_end) - starts[index] + 1))
            position = match.end()
            if position >= len(raw) or raw[position] != self.delimiter:
                break
            position += 1
        if len(spans) != count:  # never expected; the row itself is still right
            return [(start, 1, len(first) + 1)] * count
        return spans


@dataclass
class _ObjectiveBuilder:
    text: str
    span: Span
    krs: list[KeyResult] = field(default_factory=list)
    initiatives: dict[str, Initiative] = field(default_factory=dict)

    def freeze(self) -> Objective:
        return Objective(self.text, self.span, tuple(self.krs), tuple(self.initiatives.values()))


class _Builder:
    def __init__(self) -> None:
        self.objectives: dict[str, _ObjectiveBuilder] = {}
        self.current: _ObjectiveBuilder | None = None
        self.loose: list[KeyResult] = []

    def objective(self, text: str, span: Span) -> _ObjectiveBuilder:
        key = " ".join(text.split())
        found = self.objectives.get(key)
        if found is None:
            found = self.objectives[key] = _ObjectiveBuilder(text, span)
        self.current = found
        return found

    def key_result(self, kr: KeyResult) -> None:
        (self.current.krs if self.current is not None else self.loose).append(kr)

    def initiative(self, initiative: Initiative) -> None:
        if self.current is not None:
            self.current.initiatives.setdefault(initiative.text, initiative)

    def document(self, path: str) -> Document:
        return Document(path, "csv", tuple(o.freeze() for o in self.objectives.values()), tuple(self.loose))


class _Row:
    def __init__(self, cells: list[str], spans: list[tuple[int, int, int]] | None):
        self.cells = cells
        self.spans = spans

    def text(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return _NEWLINES.sub(" ", self.cells[index].strip())

    def value(self, index: int | None) -> str | None:
        return self.text(index) or None

    def span(self, index: int) -> Span:
        line, column, end = self.spans[index]
        return Span(line, column, line, end)


def parse(text: str, path: str) -> Document:
    if "\x00" in text:
        raise KrlintError("the file holds NUL bytes; not a CSV file", text.count("\n", 0, text.index("\x00")) + 1)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not any(line.strip() for line in lines):
        return Document(path, "csv")
    delimiter = _delimiter(lines, path)
    rows = _reader(lines, delimiter)
    found = _find_header(rows)
    if found is None:
        raise KrlintError("no column named Objective or Key Result in the header")
    header, _cells = found
    positions = _Positions(lines, delimiter)
    builder = _Builder()
    columns = header.columns
    for start, end, cells in rows:
        if len(cells) > header.width and any(cell.strip() for cell in cells[header.width:]):
            raise KrlintError(
                f"row has {len(cells)} cells, more than the {header.width} columns of the header (line {header.line})",
                start,
            )
        if not any(cell.strip() for cell in cells):
            continue
        row = _Row(cells, positions.cells(start, end, len(cells)))
        _read_row(row, columns, header.numbered_krs, builder)
    return builder.document(path)


def _kind(row: _Row, columns: dict[str, int]) -> str | None:
    """The row's item type: 'objective', 'key_result', 'initiative', '' when the row does not say
    (no type column, or a blank cell), None when it says something krlint does not know."""
    if "type" not in columns:
        return ""
    written = row.text(columns["type"])
    return _TYPE_OF.get(_normal(written)) if written else ""


def _first(row: _Row, indexes: Iterable[int | None]) -> int | None:
    for index in indexes:
        if index is not None and row.text(index):
            return index
    return None


def _read_row(row: _Row, columns: dict[str, int], numbered: list[int], builder: _Builder) -> None:
    kind = _kind(row, columns)
    if kind is None:
        return
    objective, key_result, title, initiative = (columns.get(role) for role in ("objective", "key_result", "title", "initiative"))
    if kind == "objective":
        index = _first(row, (title, objective, key_result))
        if index is not None:
            builder.objective(row.text(index), row.span(index))
        return
    if kind:
        # A Key Result or Initiative row: under the Objective it names, else the one above it.
        if objective is not None and row.text(objective):
            builder.objective(row.text(objective), row.span(objective))
        if kind == "key_result":
            index = _first(row, (title, key_result))
            if index is not None:
                builder.key_result(_key_result(row, index, columns))
        else:
            index = _first(row, (title, initiative, key_result))
            if index is not None:
                builder.initiative(Initiative(row.text(index), row.span(index)))
        return
    if objective is not None and row.text(objective):
        builder.objective(row.text(objective), row.span(objective))
    if key_result is not None and row.text(key_result):
        builder.key_result(_key_result(row, key_result, columns))
    for index in numbered:
        # Several Key Results on one row: the row's start, target and unit are no one's in particular.
        if row.text(index):
            builder.key_result(KeyResult(row.text(index), row.span(index), owner=row.value(columns.get("owner"))))
    if initiative is not None and row.text(initiative):
        builder.initiative(Initiative(row.text(initiative), row.span(initiative)))


def _key_result(row: _Row, index: int, columns: dict[str, int]) -> KeyResult:
    return KeyResult(
        row.text(index), row.span(index),
        start=row.value(columns.get("start")), target=row.value(columns.get("target")),
        unit=row.value(columns.get("unit")), owner=row.value(columns.get("owner")),
    )

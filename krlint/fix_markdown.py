"""``--fix`` for Markdown: cut a Key Result's list item out (its lines, continuation lines and whatever
is nested under it) and add it, with its wording, as an item of the Objective's Initiatives.

Where the Objective has Initiatives, the item follows the last one with the same marker and
indentation. Where it has none, a section is made in the file's own style right after its last
remaining Key Result: for a heading Objective a heading one level deeper (``### Initiatives``) with
blank lines around it; for an Objective written as a list item or a label line, a ``- **Initiatives:**``
item at the Key Results' indentation with the moved items nested under it. Every other line keeps its
bytes. Key Results that are not list items (table rows, headings, lines of a paragraph) are not moved.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .fix import Insertion, Line, end_of_file, is_blank, owners, remaining, rewrite, split_lines
from .model import Document, KeyResult, Objective
from .parse.markdown_blocks import HEADING, ITEM, PARA, TABLE, Block, scan

_BULLET = re.compile(r"^([ \t]*)([-*+•])([ \t]+|$)")
_ORDERED = re.compile(r"^([ \t]*)(\d{1,9})([.)])([ \t]+|$)")
_LOOSE = re.compile(r"^([ \t]*)(-(?=[A-Za-z])|=[ \t]*)")
_MAX_GAP = 4  # wider gaps after a marker are content indentation (as the scanner reads them)


@dataclass
class _Layout:
    """The blocks of a source and the line ranges they cover (0-based, inclusive)."""

    blocks: list[Block]
    first: list[int]
    last: list[int]
    by_first_line: dict[int, int]  # first line of an item, heading or paragraph -> block index
    headings: list[tuple[int, int, int]]  # (first line, block index, level) of each heading, in order


@lru_cache(maxsize=16)
def _layout(source: str) -> _Layout:
    blocks = scan(source).blocks
    first, last, by_first_line = [], [], {}
    for index, block in enumerate(blocks):
        if block.kind == TABLE:
            numbers = [cell.line for row in block.rows for cell in row] or [0]
        else:
            numbers = [fragment.line for fragment in block.fragments] or [0]
        first.append(min(numbers) - 1)
        last.append(max(numbers) - 1)
        if block.kind in (ITEM, HEADING, PARA) and block.fragments:
            by_first_line.setdefault(block.fragments[0].line - 1, index)
    headings = sorted((first[index], index, block.level) for index, block in enumerate(blocks) if block.kind == HEADING)
    return _Layout(blocks, first, last, by_first_line, headings)


def plan(source: str, document: Document, moves: Sequence[KeyResult]) -> str | None:
    lines = split_lines(source)
    layout = _layout(source)
    style = _Style.of(lines, layout)
    deleted: list[tuple[int, int]] = []
    insertions: list[Insertion] = []
    moved_ids = frozenset(id(kr) for kr in moves)
    groups = []
    for objective, own in owners(document, moves):
        items = []
        for kr in own:
            index = _item_of(layout, kr)
            if index is None:
                return None
            items.append(index)
        groups.append((objective, own, items, [_extent(lines, layout, index) for index in items]))
    # An item nested under another moved item cannot move on its own: refused before the items' text
    # is copied (a deep cascade would make that copy grow with the square of its depth).
    spans = sorted(extent for _objective, _own, _items, extents in groups for extent in extents)
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        return None
    for objective, own, items, extents in groups:
        moved_text = [_content(lines, layout, index, extent, kr) for index, extent, kr in zip(items, extents, own)]
        insertion = _insertion(lines, layout, style, objective, own, extents, moved_text, moves, moved_ids)
        if insertion is None:
            return None
        # Where the new lines take a removed item's place, the blank line after it stays to separate them.
        deleted.extend(extent if extent[0] == insertion.before else _with_separator(lines, extent) for extent in extents)
        insertions.append(insertion)
    ranges = sorted(deleted)
    if any(a[1] >= b[0] for a, b in zip(ranges, ranges[1:])):
        return None
    starts = [start for start, _end in ranges]
    for insertion in insertions:
        # The one range that could hold it is the last to start before it (the ranges do not overlap).
        at = bisect.bisect_left(starts, insertion.before) - 1
        if at >= 0 and insertion.before <= ranges[at][1]:
            return None
    return rewrite(lines, ranges, insertions)


# Where things are -------------------------------------------------------------------------------------


def _item_of(layout: _Layout, kr: KeyResult) -> int | None:
    """The list item whose text the Key Result's span starts in."""
    index = layout.by_first_line.get(kr.span.line - 1)
    if index is None:
        return None
    block = layout.blocks[index]
    if block.kind != ITEM or kr.span.column < block.fragments[0].column:
        return None
    return index


def _extent(lines: list[Line], layout: _Layout, index: int) -> tuple[int, int]:
    """The item's lines: its own, its continuation lines, and everything nested under it, up to the
    next block that is not (blank lines and notes after its last nested line stay where they are)."""
    block = layout.blocks[index]
    start, end = layout.first[index], layout.last[index]
    following = len(lines)
    for later in range(index + 1, len(layout.blocks)):
        other = layout.blocks[later]
        if other.kind in (ITEM, PARA, TABLE) and other.depth > block.depth:
            end = max(end, layout.last[later])
            continue
        following = layout.first[later]
        break
    indent = _width(lines[start].text)
    # Lines the scanner set aside (a grade, an aside in parentheses) indented under the item.
    while end + 1 < following and not is_blank(lines[end + 1]) and _width(lines[end + 1].text) > indent:
        end += 1
    return start, end


def _with_separator(lines: list[Line], extent: tuple[int, int]) -> tuple[int, int]:
    """An item between blank lines takes one of them with it, so no double blank line is left."""
    start, end = extent
    if start > 0 and is_blank(lines[start - 1]) and end + 1 < len(lines) and is_blank(lines[end + 1]):
        if lines[end + 1].ending:  # not the empty last line a final newline leaves
            return start, end + 1
    return extent


def _content(lines: list[Line], layout: _Layout, index: int, extent: tuple[int, int], kr: KeyResult) -> list[str]:
    """The item's text after its marker (and task-list checkbox, and a "KR:" label, which would be
    wrong under Initiatives) on its first line, then its other lines with the indentation relative
    to that text."""
    start, end = extent
    column = layout.blocks[index].fragments[0].column - 1
    first = lines[start].text[column:].lstrip(" \t")
    label = lines[start].text[column: kr.span.column - 1]
    if label.strip() and _is_whole_label(label):
        first = lines[start].text[kr.span.column - 1:]
    content_indent = len(lines[start].text[:column].expandtabs(4))
    rest = []
    for number in range(start + 1, end + 1):
        text = lines[number].text
        if not text.strip():
            rest.append("")
            continue
        width = _width(text)
        body = text.lstrip(" \t")
        rest.append(" " * max(0, width - content_indent) + body)
    return [first] + rest


def _is_whole_label(text: str) -> bool:
    """``KR 2:``, ``**Key Result:**``: a label whose emphasis opens and closes within it (cutting
    ``**KR: `` off ``**KR: Launch**`` would leave the emphasis unbalanced)."""
    stripped = text.strip()
    delimiters = re.match(r"^[*_]*", stripped).group(0)
    if not re.search(r"[A-Za-z]", stripped):
        return False
    if not delimiters:
        return not re.search(r"[*_`\[\]]", stripped)
    return stripped.endswith(delimiters) and not re.search(r"[*_`\[\]]", stripped[len(delimiters): -len(delimiters)])


def _width(text: str) -> int:
    leading = text[: len(text) - len(text.lstrip(" \t"))]
    return len(leading.expandtabs(4))


# What to insert ---------------------------------------------------------------------------------------


@dataclass
class _Style:
    marker: str  # the file's bullet
    unit: str  # the file's nesting step

    @classmethod
    def of(cls, lines: list[Line], layout: _Layout) -> "_Style":
        markers: Counter[str] = Counter()
        units: Counter[str] = Counter()
        parents: list[int] = []  # the item open at each depth
        for index, block in enumerate(layout.blocks):
            if block.kind != ITEM:
                continue
            text = lines[layout.first[index]].text
            if bullet := _BULLET.match(text):
                if bullet.group(2) in "-*+":
                    markers[bullet.group(2)] += 1
            del parents[block.depth:]
            if block.depth and len(parents) == block.depth:
                parent = lines[layout.first[parents[-1]]].text
                outer = parent[: len(parent) - len(parent.lstrip(" \t"))]
                inner = text[: len(text) - len(text.lstrip(" \t"))]
                if inner.startswith(outer) and len(inner) > len(outer):
                    units[inner[len(outer):]] += 1
            parents.append(index)
        marker = markers.most_common(1)[0][0] if markers else "-"
        unit = units.most_common(1)[0][0] if units else "  "
        if len(unit.expandtabs(4)) < 2:
            unit = "  "
        return cls(marker, unit)


def _prefix(line: str, style: _Style, step: int = 0) -> tuple[str, str]:
    """The indentation and marker (with the gap after it) of the item on ``line``; an ordered marker
    counts on by ``step``."""
    if match := _ORDERED.match(line):
        gap = match.group(4) if 0 < len(match.group(4)) <= _MAX_GAP else " "
        return match.group(1), f"{int(match.group(2)) + step}{match.group(3)}{gap}"
    if match := _BULLET.match(line):
        bullet = match.group(2) if match.group(2) in "-*+" else style.marker
        gap = match.group(3) if 0 < len(match.group(3)) <= _MAX_GAP else " "
        return match.group(1), bullet + gap
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return indent, style.marker + " "


def _bullet(line: str, style: _Style) -> tuple[str, str]:
    """The indentation of the item on ``line`` and the bullet to use beside it (the file's, for an
    ordered list)."""
    indent, marker = _prefix(line, style)
    return indent, marker if marker[0] in "-*+" else style.marker + " "


def _as_item(prefix: str, content: list[str]) -> list[str]:
    pad = " " * len(prefix.expandtabs(4))
    return [prefix + content[0]] + [pad + line if line else "" for line in content[1:]]


def _insertion(
    lines: list[Line],
    layout: _Layout,
    style: _Style,
    objective: Objective,
    own: list[KeyResult],
    extents: list[tuple[int, int]],
    moved_text: list[list[str]],
    moves: Sequence[KeyResult],
    moved_ids: "frozenset[int] | None" = None,
) -> Insertion | None:
    if objective.initiatives:
        last = max(objective.initiatives, key=lambda initiative: (initiative.span.line, initiative.span.column))
        index = layout.by_first_line.get(last.span.line - 1)
        if index is None or layout.blocks[index].kind != ITEM:
            return None  # Initiatives written as headings: not a list to add to
        start, end = _extent(lines, layout, index)
        added = []
        for step, content in enumerate(moved_text, 1):
            indent, marker = _prefix(lines[start].text, style, step)
            added.extend(_as_item(indent + marker, content))
        return Insertion(end + 1, added)

    staying = remaining(objective, moves, moved_ids)
    staying_items = [(index, kr) for kr in staying if (index := _item_of(layout, kr)) is not None]
    if staying_items:
        after = max(_extent(lines, layout, index)[1] for index, _kr in staying_items) + 1
    else:
        after = min(start for start, _end in extents)
    heading = _heading_level(layout, objective)
    if heading is not None and heading < 6:
        anchor = max([after - 1] + [kr.span.end_line - 1 for kr in staying])
        before = _next_heading(layout, anchor, heading + 1, lines)
        added = ["#" * (heading + 1) + " Initiatives", ""]
        for content in moved_text:
            added.extend(_as_item(style.marker + " ", content))
        return Insertion(before, added, blank_before=True, blank_after=True)
    top = _first_top_level_item(layout, objective)
    if top is None:
        return None
    indent, marker = _bullet(lines[layout.first[top]].text, style)
    added = [f"{indent}{marker}**Initiatives:**"]
    for content in moved_text:
        added.extend(_as_item(indent + style.unit + marker, content))
    return Insertion(after, added)


def _heading_level(layout: _Layout, objective: Objective) -> int | None:
    index = layout.by_first_line.get(objective.span.line - 1)
    if index is None or layout.blocks[index].kind != HEADING:
        return None
    return layout.blocks[index].level


def _first_top_level_item(layout: _Layout, objective: Objective) -> int | None:
    for kr in objective.key_results:
        index = _item_of(layout, kr)
        if index is not None:
            return index
    return None


def _next_heading(layout: _Layout, after: int, level: int, lines: list[Line]) -> int:
    """The first line after ``after`` that starts a heading of ``level`` or higher (the end otherwise):
    a new section there holds nothing but what is put in it."""
    for line, _index, heading_level in layout.headings[bisect.bisect_right(layout.headings, (after, len(layout.blocks))):]:
        if heading_level <= level:
            return line
    return end_of_file(lines)

"""Markdown lines to a flat list of blocks (headings, list items, paragraphs, tables), each knowing how
many list items it sits inside.

Line-based rather than CommonMark because real OKR files break CommonMark on purpose or by accident:
lists indented 8 or 16 spaces (code blocks to CommonMark), items written ``-text``, indentation that
drifts between 3 and 4 spaces, ``>note`` lines between items. Front matter, HTML comments, fenced code,
block quotes and link reference definitions are dropped here, so nothing later mistakes them for content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markdown_labels import is_score_only

HEADING, ITEM, PARA, TABLE, BREAK = "heading", "item", "para", "table", "break"


@dataclass
class Fragment:
    """The part of one source line that belongs to a block's text (markers and indentation removed)."""

    line: int
    column: int  # 1-based column of raw[0]
    raw: str


@dataclass
class Block:
    kind: str
    fragments: list[Fragment] = field(default_factory=list)
    depth: int = 0  # how many list items this block sits inside
    level: int = 0  # heading level
    rows: list[list[Fragment]] = field(default_factory=list)  # table rows, header first

    @property
    def raw(self) -> str:
        return " ".join(fragment.raw for fragment in self.fragments)

    @property
    def line(self) -> int:
        return self.fragments[0].line if self.fragments else (self.rows[0][0].line if self.rows else 0)


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")
_HTML_HEADING = re.compile(
    r"^\s*<(?:h([1-6])|p\s+class=[\"']?h([1-6])[\"']?)(?:\s[^<>]*)?>(.*?)</(?:h[1-6]|p)>\s*$", re.IGNORECASE
)
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM = re.compile(r"([-*+•]|\d{1,9}[.)])(?:([ \t]+)|$)")
# Hand-typed lists: "-text" with no space, and "=1 …" alternatives.
_LOOSE_ITEM = re.compile(r"-(?=[A-Za-z])|=(?=[A-Za-z0-9(\[])|=[ \t]+")
_CHECKBOX = re.compile(r"\[[ xX]\][ \t]+")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*\S")
_TABLE_ALIGNMENT = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ASIDE = re.compile(r"^\(.*\)$")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass
class Scanned:
    blocks: list[Block]
    front_matter: str  # the YAML text, empty when the file has none
    references: frozenset[str]  # lower-cased labels of link reference definitions ("[n0]: https://…")


def scan(text: str) -> Scanned:
    lines = _NEWLINE.split(text)
    start, front_matter = _front_matter(lines)
    scanner = _Scanner(lines)
    blocks = scanner.run(start)
    return Scanned(blocks, front_matter, frozenset(scanner.references))


def _front_matter(lines: list[str]) -> tuple[int, str]:
    if not lines or lines[0].strip() != "---":
        return 0, ""
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1, "\n".join(lines[1:index])
    return 0, ""


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width = (width // 4 + 1) * 4
        else:
            break
    return width


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.item_indents: list[int] = []  # for each open list item, the indent a line needs to be inside it
        self.open_text: Block | None = None  # the paragraph or item a next line would continue
        self.in_comment = False
        self.references: set[str] = set()

    def run(self, start: int) -> list[Block]:
        index = start
        fence: str | None = None
        while index < len(self.lines):
            number = index + 1
            line = self.lines[index].rstrip("\r")
            index += 1
            if fence is not None:
                if line.strip().startswith(fence) and set(line.strip()) <= {fence[0]}:
                    fence = None
                continue
            had_comment = "<!--" in line or self.in_comment
            if had_comment:
                line = self._strip_comments(line)
            stripped = line.strip()
            if not stripped:
                if not had_comment:
                    self._blank()
                continue
            if match := _FENCE.match(line):
                fence = match.group(1)
                self._blank()
                continue
            if stripped.startswith(">"):
                self.open_text = None  # a note ends the item before it but does not end the list
                continue
            if definition := _REFERENCE_DEFINITION.match(line):
                self.references.add(definition.group(1).strip().lower())
                self._blank()
                continue
            if not _HTML_TAG.sub("", stripped).strip():
                self._blank()
                continue
            index = self._line(line, stripped, number, index)
        return self.blocks

    def _line(self, line: str, stripped: str, number: int, next_index: int) -> int:
        """Handles one content line; returns the index of the next line to read (tables take several)."""
        indent = _indent_width(line)
        offset = len(line) - len(line.lstrip())
        if heading := self._heading(line, number):
            self.item_indents.clear()
            self.open_text = None
            self.blocks.append(heading)
            return next_index
        if (match := _SETEXT.match(line)) and self.open_text is not None and self.open_text.kind == PARA:
            self.open_text.kind, self.open_text.level = HEADING, 1 if match.group(1)[0] == "=" else 2
            self.open_text.depth = 0
            self.item_indents.clear()
            self.open_text = None
            return next_index
        if _BREAK.match(stripped):
            self.item_indents.clear()
            self.open_text = None
            self.blocks.append(Block(BREAK, [Fragment(number, offset + 1, stripped)]))
            return next_index
        if "|" in stripped and next_index < len(self.lines) and _TABLE_ALIGNMENT.match(self.lines[next_index]):
            if "|" in self.lines[next_index]:
                return self._table(line, indent, number, next_index)
        item = _ITEM.match(line, offset) or _LOOSE_ITEM.match(line, offset)
        if item:
            self._item(line, indent, offset, item, number)
            return next_index
        if self.open_text is not None:
            if self.open_text.kind == ITEM and (is_score_only(stripped) or _ASIDE.match(stripped)):
                return next_index  # a grade or an aside under an item is not part of its text
            self.open_text.fragments.append(Fragment(number, offset + 1, stripped))
            return next_index
        self._close_items_above(indent)
        para = Block(PARA, [Fragment(number, offset + 1, stripped)], depth=len(self.item_indents))
        self.blocks.append(para)
        self.open_text = para
        return next_index

    def _heading(self, line: str, number: int) -> Block | None:
        if match := _ATX.match(line):
            content = line[match.end():]
            body = _ATX_CLOSING.sub("", content).strip()
            if body == "#" * len(body):
                body = ""
            column = match.end() + (len(content) - len(content.lstrip())) + 1
            return Block(HEADING, [Fragment(number, column, body)], level=len(match.group(1)))
        if "<" in line and (match := _HTML_HEADING.match(line)):
            inner = match.group(3)
            column = match.start(3) + (len(inner) - len(inner.lstrip())) + 1
            level = int(match.group(1) or match.group(2))
            return Block(HEADING, [Fragment(number, column, inner.strip())], level=level)
        return None

    def _item(self, line: str, indent: int, offset: int, item: re.Match, number: int) -> None:
        marker_end = item.end()
        spaces = item.group(2) if item.re is _ITEM else None
        if spaces is not None and len(spaces) > 4:
            marker_end = item.end(1) + 1  # wider gaps are content indentation, as in CommonMark
        if marker_end < len(line):
            content_indent = indent + (marker_end - offset)
        else:  # an empty item: its content would start one column past the marker
            content_indent = indent + len(item.group(0)) + 1
        if checkbox := _CHECKBOX.match(line, marker_end):
            marker_end = checkbox.end()
        self._close_items_above(indent)
        content = Fragment(number, marker_end + 1, line[marker_end:].strip())
        block = Block(ITEM, [content], depth=len(self.item_indents))
        # Nested lines sit at the content column in CommonMark; hand-indented files drift a column short of it
        # under "1." markers, so two columns past the marker are enough to count as nested.
        self.item_indents.append(min(content_indent, indent + 2))
        self.blocks.append(block)
        self.open_text = block

    def _table(self, header: str, indent: int, number: int, alignment_index: int) -> int:
        self._close_items_above(indent)
        rows = [self._cells(header, number)]
        index = alignment_index + 1
        while index < len(self.lines) and "|" in self.lines[index] and self.lines[index].strip():
            rows.append(self._cells(self.lines[index].rstrip("\r"), index + 1))
            index += 1
        self.blocks.append(Block(TABLE, depth=len(self.item_indents), rows=rows))
        self.open_text = None
        return index

    @staticmethod
    def _cells(line: str, number: int) -> list[Fragment]:
        bounds = [-1] + [match.start() for match in _CELL_SEPARATOR.finditer(line)] + [len(line)]
        cells = []
        for left, right in zip(bounds, bounds[1:]):
            cell = line[left + 1:right]
            cells.append(Fragment(number, left + 2 + len(cell) - len(cell.lstrip()), cell.strip()))
        if cells and not cells[0].raw and line.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1].raw and line.rstrip().endswith("|"):
            cells = cells[:-1]
        return cells

    def _close_items_above(self, indent: int) -> None:
        while self.item_indents and indent < self.item_indents[-1]:
            self.item_indents.pop()

    def _blank(self) -> None:
        self.open_text = None

    def _strip_comments(self, line: str) -> str:
        """Blanks out ``<!-- … -->`` (which may span lines) keeping every other character in its column."""
        out: list[str] = []
        position = 0
        while position < len(line):
            if self.in_comment:
                end = line.find("-->", position)
                if end < 0:
                    out.append(" " * (len(line) - position))
                    break
                out.append(" " * (end + 3 - position))
                position = end + 3
                self.in_comment = False
            else:
                start = line.find("<!--", position)
                if start < 0:
                    out.append(line[position:])
                    break
                out.append(line[position:start] + "    ")
                position = start + 4
                self.in_comment = True
        return "".join(out)

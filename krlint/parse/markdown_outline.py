"""What each block says it is, and the decisions that need the whole document: is it about OKRs at all, is
it read by explicit labels or by its structure, and which plain headings are Objectives rather than
titles or groups of Objectives.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .inline import bold_label, clean, is_link_only, is_wholly_bold
from .markdown_blocks import HEADING, ITEM, PARA, TABLE, Block
from .markdown_labels import (
    has_priority_score,
    has_trailing_score,
    is_group_label,
    is_initiatives_section,
    is_kr_section,
    is_non_content,
    is_objectives_section,
    is_scored_line,
    is_title,
    kr_text,
    mentions_okrs,
    objective_text,
    raw_label_end,
    strip_heading_number,
)
from .markdown_tables import read_table

# What a list item or a line says it is.
EMPTY, PLAIN, OBJECTIVE, BOLD, KR, KR_SECTION, INIT_SECTION, OBJECTIVES_SECTION, GROUP, META, LINK = (
    "empty", "plain", "objective", "bold", "kr", "kr_section", "init_section", "objectives_section", "group",
    "meta", "link",
)


@dataclass(frozen=True)
class Reading:
    role: str
    text: str
    offset: int = 0  # where ``text`` starts in the raw Markdown (past a label)
    link_target: str = ""


def read_line(raw: str, references: frozenset[str] = frozenset()) -> Reading:
    """Classifies one item's or line's raw Markdown by its labels and emphasis."""
    text = clean(raw, references)
    if not text:
        return Reading(EMPTY, "")
    if label := bold_label(raw):  # **Label:** value
        name, rest, offset = label
        value = clean(rest, references)
        combined = f"{name}: {value}"
        if (objective := objective_text(combined)) is not None:
            return Reading(OBJECTIVE, objective, offset)
        if (kr := kr_text(combined)) is not None:
            return Reading(KR, kr, offset) if kr == value else Reading(KR, text)
        if is_kr_section(name):
            return Reading(KR_SECTION, value, offset)
        if is_initiatives_section(name):
            return Reading(INIT_SECTION, value, offset)
        if not value and (is_group_label(name) or is_objectives_section(name)):
            return Reading(GROUP if is_group_label(name) else OBJECTIVES_SECTION, "", offset)
        if is_non_content(name) or len(value.split()) <= 3:
            return Reading(META, value, offset)  # "**Active from:** 09.04.19", "**Owner:** @ana"
        return Reading(PLAIN, text)  # an owner before a sentence: "**CMO:** Double the trial sign-ups"
    if is_wholly_bold(raw):
        if (objective := objective_text(text)) is not None:
            return Reading(OBJECTIVE, objective, raw_label_end(raw))
        if (kr := kr_text(text)) is not None:
            return Reading(KR, kr, raw_label_end(raw) if kr != text else 0)
        if is_kr_section(text):
            return Reading(KR_SECTION, "")
        if is_initiatives_section(text):
            return Reading(INIT_SECTION, "")
        if is_objectives_section(text):
            return Reading(OBJECTIVES_SECTION, "")
        if is_group_label(text):
            return Reading(GROUP, text)
        if is_non_content(text) or text.endswith(":"):
            return Reading(META, text)
        return Reading(BOLD, text)
    if (objective := objective_text(text)) is not None:
        return Reading(OBJECTIVE, objective, raw_label_end(raw))
    if (kr := kr_text(text)) is not None:
        return Reading(KR, kr, raw_label_end(raw) if kr != text else 0)
    if text.endswith(":") and is_kr_section(text):
        return Reading(KR_SECTION, "")
    if text.endswith(":") and is_initiatives_section(text):
        return Reading(INIT_SECTION, "")
    if text.endswith(":") and is_objectives_section(text):
        return Reading(OBJECTIVES_SECTION, "")
    if text.endswith(":") and is_group_label(text):
        return Reading(GROUP, text)
    only_link, target = is_link_only(raw)
    if only_link:
        return Reading(LINK, text, 0, target)
    return Reading(PLAIN, text)


@dataclass
class Outline:
    """Readings of every block plus the document-wide decisions."""

    readings: dict[int, Reading] = field(default_factory=dict)  # item and one-line paragraph readings
    items_with_children: set[int] = field(default_factory=set)  # list items with items nested under them
    line_readings: dict[int, list[Reading]] = field(default_factory=dict)  # each line of a paragraph
    heading_texts: dict[int, str] = field(default_factory=dict)
    objective_headings: set[int] = field(default_factory=set)
    label_mode: bool = False  # explicit Objective/KR labels: read by them, not by structure
    okr_document: bool = False  # evidently about OKRs: structure may be read
    scored: bool = False  # Chromium style: "Ship it P1 0.50" lines and headings
    references: frozenset[str] = frozenset()


def outline(blocks: list[Block], path: str, front_matter: str, references: frozenset[str]) -> Outline:
    result = Outline(references=references)
    scored_lines = 0
    last_item_at_depth: list[int] = []
    for index, block in enumerate(blocks):
        if block.kind == ITEM:
            del last_item_at_depth[block.depth:]
            if block.depth and len(last_item_at_depth) >= block.depth:
                result.items_with_children.add(last_item_at_depth[block.depth - 1])
            last_item_at_depth.append(index)
        elif block.kind == HEADING:
            last_item_at_depth.clear()
        if block.kind == HEADING:
            text = strip_heading_number(clean(block.raw, references))
            result.heading_texts[index] = text
            result.okr_document |= mentions_okrs(text)
            result.label_mode |= objective_text(text) is not None or kr_text(text) is not None
            scored_lines += is_scored_line(text)
        elif block.kind == ITEM:
            reading = result.readings[index] = read_line(block.raw, references)
            result.label_mode |= reading.role in (OBJECTIVE, KR)
        elif block.kind == PARA:
            reading = result.readings[index] = read_line(block.raw, references)
            lines = [reading]
            if len(block.fragments) > 1:
                lines = [read_line(fragment.raw, references) for fragment in block.fragments]
            result.line_readings[index] = lines
            result.label_mode |= any(line.role in (OBJECTIVE, KR) for line in lines)
            scored_lines += is_scored_line(reading.text)
    title = re.search(r"^title:\s*(.+)$", front_matter, re.MULTILINE)
    name = os.path.basename(path).lower()
    result.okr_document |= "okr" in name or "objective" in name or bool(title and mentions_okrs(title.group(1)))
    result.okr_document |= result.label_mode
    result.scored = scored_lines >= 2
    if result.okr_document:
        _find_objective_headings(blocks, result)
    return result


def _special(text: str) -> bool:
    """Sub-headings that belong to an Objective rather than make its heading a group of Objectives."""
    return is_kr_section(text) or is_initiatives_section(text) or is_non_content(text) or kr_text(text) is not None


def _find_objective_headings(blocks: list[Block], result: Outline) -> None:
    """A plain heading is an Objective when its own content reads as Key Results and it does not group
    other Objectives (sub-headings, bold items, labelled lines, bold-row tables)."""
    headings = [index for index, block in enumerate(blocks) if block.kind == HEADING]
    section_end: dict[int, int] = {}
    inside_special: dict[int, bool] = {}
    open_headings: list[int] = []
    for index in headings:
        level = blocks[index].level
        while open_headings and blocks[open_headings[-1]].level >= level:
            section_end[open_headings.pop()] = index
        parent_special = bool(open_headings) and (
            inside_special[open_headings[-1]] or _special(result.heading_texts[open_headings[-1]])
        )
        inside_special[index] = parent_special
        open_headings.append(index)
    for index in open_headings:
        section_end[index] = len(blocks)

    # Prefix counts of sub-headings that would make their parent a group.
    grouping = [0] * (len(blocks) + 1)
    kr_sub = [0] * (len(blocks) + 1)
    for index, block in enumerate(blocks):
        text = result.heading_texts.get(index, "")
        counts = block.kind == HEADING and not inside_special[index] and not _special(text)
        counts = counts and not (result.scored and has_priority_score(text))
        grouping[index + 1] = grouping[index] + counts
        kr_sub[index + 1] = kr_sub[index] + (block.kind == HEADING and is_kr_section(text))

    for position, index in enumerate(headings):
        text = result.heading_texts[index]
        if objective_text(text) is not None or inside_special[index] or _special(text) or is_title(text):
            continue
        if result.scored:
            if has_trailing_score(text) and not has_priority_score(text):
                result.objective_headings.add(index)
            continue
        end = section_end[index]
        direct_end = headings[position + 1] if position + 1 < len(headings) else len(blocks)
        if grouping[end] - grouping[index + 1] > 0:
            continue
        content = _direct_content(blocks, result, index + 1, direct_end)
        if content.objective_markers or content.paragraph_objectives >= 2:
            continue
        has_kr_section = kr_sub[end] - kr_sub[index + 1] > 0 or content.kr_sections
        if result.label_mode:
            is_objective = content.labelled_krs > 0 or has_kr_section
        else:
            is_objective = content.items > 0 or has_kr_section or direct_end == index + 1
        if is_objective:
            result.objective_headings.add(index)


@dataclass
class _Content:
    items: int = 0
    labelled_krs: int = 0
    kr_sections: int = 0
    objective_markers: int = 0
    paragraph_objectives: int = 0


def _direct_content(blocks: list[Block], result: Outline, start: int, end: int) -> _Content:
    content = _Content()
    for index in range(start, end):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == TABLE:
            entries = read_table(block.rows, result.references)
            content.items += bool(entries)
            content.labelled_krs += sum(1 for entry in entries if not entry.is_objective)
            content.objective_markers += sum(1 for entry in entries if entry.is_objective)
            continue
        reading = result.readings.get(index)
        if reading is None:
            continue
        if block.kind == ITEM:
            content.items += reading.role not in (EMPTY, META, LINK)
            content.labelled_krs += reading.role == KR
            content.kr_sections += reading.role == KR_SECTION
            if block.depth == 0:
                content.objective_markers += reading.role in (OBJECTIVE, OBJECTIVES_SECTION) or (
                    reading.role == BOLD and index in result.items_with_children
                )
        elif block.kind == PARA:
            lines = result.line_readings[index]
            content.labelled_krs += sum(1 for line in lines if line.role == KR)
            content.kr_sections += reading.role == KR_SECTION
            if block.depth == 0:
                content.objective_markers += any(line.role in (OBJECTIVE, OBJECTIVES_SECTION) for line in lines)
                followed_by_list = following is not None and following.kind == ITEM
                content.objective_markers += reading.role == BOLD and followed_by_list
                content.paragraph_objectives += followed_by_list and is_paragraph_objective(block, reading)
            if result.scored and is_scored_line(reading.text):
                content.items += 1
    return content


def is_paragraph_objective(block: Block, reading: Reading) -> bool:
    """An unmarked one-line paragraph that could name the Objective of the list after it: short, and not an
    introduction ("…as follows:"), a question or a sentence run-on."""
    if len(block.fragments) != 1 or reading.role != PLAIN:
        return False
    text = reading.text
    return not text.endswith((":", ",", "?", ";")) and len(text.split()) <= 20 and not text.startswith(("(", "@"))

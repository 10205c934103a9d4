"""Markdown OKR files to the document model.

Three steps: ``markdown_blocks`` cuts the text into headings, list items, paragraphs and tables;
``markdown_outline`` reads what each says it is (``Objective:``, ``**Key Results:**``, a wholly bold line…)
and decides, for the whole file, whether it is about OKRs, whether it is read by its explicit labels or by
its structure, and which plain headings are Objectives; the reader here then walks the blocks once, keeping
a context per open heading and per open list item that says what a plain item under it is: a Key Result, a
nested Key Result, an Initiative, an Objective, or nothing. Tables are read by ``markdown_tables``, and
``markdown_build`` turns what was read into the frozen model.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import KrlintError
from ..model import Document, Initiative, Span
from .markdown_blocks import HEADING, ITEM, PARA, TABLE, Block, Fragment, scan
from .markdown_build import KRBuilder, ObjectiveBuilder, build_document, span_of
from .markdown_labels import (
    has_priority_score,
    has_trailing_score,
    is_initiatives_section,
    is_kr_section,
    is_non_content,
    is_objectives_section,
    is_score_only,
    kr_text,
    objective_text,
    owner_annotation,
    raw_label_end,
    strip_priority_score,
)
from .markdown_outline import (
    BOLD, EMPTY, GROUP, INIT_SECTION, KR, KR_SECTION, LINK, META, OBJECTIVE, OBJECTIVES_SECTION, PLAIN, Outline,
    Reading, is_paragraph_objective, outline,
)
from .markdown_tables import read_table

# Cascades deeper than this are flattened: nobody writes them on purpose, and the model is walked recursively.
MAX_KR_DEPTH = 32

# What a plain item means in a context.
AS_KR, AS_KR_SECTION, AS_KR_DETAIL, AS_OBJECTIVE, AS_INITIATIVE, AS_LOOSE, AS_NOTHING, SKIP = (
    "kr", "kr_section", "kr_detail", "objective", "initiative", "loose", "nothing", "skip"
)


def parse(text: str, path: str) -> Document:
    """The Objectives, Key Results and Initiatives of a Markdown file; ``path`` names the file (its name
    counts as evidence that the file holds OKRs). Raises only ``KrlintError``."""
    if "\x00" in text:
        raise KrlintError("not a text file (it holds NUL characters)", text[: text.index("\x00")].count("\n") + 1)
    try:
        return _Reader(text, path).read()
    except KrlintError:
        raise
    except Exception as error:  # a bug here must reach the user as an input error, not a crash
        raise KrlintError(f"could not read this Markdown file ({type(error).__name__}: {error})") from error


@dataclass
class _Context:
    meaning: str
    objective: ObjectiveBuilder | None = None
    parent_kr: KRBuilder | None = None
    awaiting_paragraph: bool = False  # a Key Result heading whose first paragraph restates it


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        scanned = scan(text.lstrip("\ufeff"))
        self.blocks = scanned.blocks
        self.outline: Outline = outline(self.blocks, path, scanned.front_matter, scanned.references)
        self.objectives: list[ObjectiveBuilder] = []
        # (Key Result, dropped if the file has Objectives: written before the first one, or a bare link)
        self.loose: list[tuple[KRBuilder, bool]] = []
        root = AS_LOOSE if self.outline.okr_document else AS_NOTHING
        self.root = _Context(root)
        self.headings: list[tuple[int, _Context]] = []
        self.section = self.root  # the context of the blocks of the current heading, may change mid-section
        self.items: list[_Context] = []
        # Chromium pages: the heading Objective (and its level) that a following "… P1 0.50" heading belongs to.
        self.scored_anchor: tuple[int, ObjectiveBuilder] | None = None

    def read(self) -> Document:
        for index, block in enumerate(self.blocks):
            if block.kind == HEADING:
                self._heading(index, block)
                continue
            del self.items[block.depth:]
            parent = self.items[-1] if self.items else self.section
            if block.kind == ITEM:
                self.items.append(self._item(index, block, parent))
            elif block.kind == PARA:
                following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                self._paragraph(index, block, parent, block.depth == 0, following)
            elif block.kind == TABLE:
                self._table(block, parent)
        return self._document()

    # Headings ---------------------------------------------------------------------------------------

    def _heading(self, index: int, block: Block) -> None:
        level = block.level
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        if self.scored_anchor and level < self.scored_anchor[0]:
            self.scored_anchor = None
        parent = self.headings[-1][1] if self.headings else self.root
        context = self._heading_context(index, block, parent)
        self.headings.append((level, context))
        self.section = _Context(context.meaning, context.objective, context.parent_kr, context.awaiting_paragraph)
        self.items.clear()

    def _heading_context(self, index: int, block: Block, parent: _Context) -> _Context:
        text = self.outline.heading_texts[index]
        fragment = block.fragments[0]
        if not text:
            return _Context(parent.meaning, parent.objective)
        if (objective_label := objective_text(text)) is not None:
            return self._open(objective_label, span_of([fragment], raw_label_end(fragment.raw)), True)
        if parent.meaning == SKIP or is_non_content(text):
            return _Context(SKIP, parent.objective)
        if (kr_label := kr_text(text)) is not None and parent.objective is not None:
            # "### KR1: …" under an Objective heading; items under it are its sub-KRs.
            offset = raw_label_end(fragment.raw) if kr_label != text else 0
            kr = KRBuilder(kr_label, span_of([fragment], offset), labelled=True)
            self._add_kr(_Context(AS_KR, parent.objective), kr)
            return _Context(AS_KR_DETAIL, parent.objective, kr)
        if parent.meaning == AS_INITIATIVE:
            if parent.objective is not None:
                parent.objective.initiative_headings.append(Initiative(text, span_of([fragment])))
            return _Context(SKIP, parent.objective)
        if parent.meaning == AS_KR_SECTION:
            kr = self._add_kr(parent, KRBuilder(text, span_of([fragment])))
            return _Context(AS_KR_DETAIL, parent.objective, kr, awaiting_paragraph=True)
        if parent.meaning == AS_KR_DETAIL:
            return _Context(SKIP, parent.objective)
        if is_kr_section(text):
            if parent.objective is not None:
                parent.objective.has_kr_section = True
            return _Context(AS_KR_SECTION if self.outline.okr_document else AS_NOTHING, parent.objective)
        if is_initiatives_section(text):
            return _Context(AS_INITIATIVE if parent.objective else SKIP, parent.objective)
        if is_objectives_section(text) and self.outline.okr_document:
            return _Context(AS_OBJECTIVE)
        if self.outline.scored and has_priority_score(text) and self.scored_anchor:
            objective = self.scored_anchor[1]
            objective.krs.append(KRBuilder(strip_priority_score(text), span_of([fragment], end_trim=True)))
            return _Context(AS_KR, objective)
        if index in self.outline.objective_headings:
            objective_text_ = strip_priority_score(text) if self.outline.scored else text
            context = self._open(objective_text_, span_of([fragment], end_trim=self.outline.scored), True)
            self.scored_anchor = (block.level, context.objective)
            return context
        if parent.objective is not None and parent.objective.from_heading:
            return _Context(AS_KR, parent.objective)  # a plain sub-heading inside an Objective
        return _Context(AS_LOOSE if self.outline.okr_document else AS_NOTHING)

    # List items -------------------------------------------------------------------------------------

    def _item(self, index: int, block: Block, parent: _Context) -> _Context:
        """Reads one list item; returns the context its nested items are read in."""
        reading = self.outline.readings[index]
        if parent.meaning == SKIP or reading.role == EMPTY:
            return parent
        fragments = block.fragments
        role = reading.role
        if role == GROUP:
            return parent  # "Committed" / "Stretch": its items belong to what the label sits in
        has_children = index in self.outline.items_with_children
        if role == OBJECTIVE and not has_children and parent.meaning not in (AS_NOTHING, AS_OBJECTIVE):
            # "- Objective: …" followed by sibling "- KR: …" items: it holds them, as a labelled line would.
            objective = self._open(reading.text, span_of(fragments, reading.offset), False).objective
            parent.meaning, parent.objective, parent.parent_kr = AS_KR, objective, None
            return _Context(SKIP, objective)
        if role == OBJECTIVE or (
            role == BOLD and has_children and parent.meaning in (AS_KR, AS_LOOSE, AS_OBJECTIVE)
        ):
            # A wholly bold item is an Objective only when items hang under it; otherwise it is an emphasised KR.
            return self._open(reading.text, span_of(fragments, reading.offset), False)
        if role == OBJECTIVES_SECTION and parent.meaning != AS_NOTHING:
            return _Context(AS_OBJECTIVE)
        if parent.meaning == AS_OBJECTIVE and role in (BOLD, PLAIN):
            return self._open(reading.text, span_of(fragments, reading.offset), False)
        if role == META:
            return _Context(SKIP, parent.objective)
        if role == KR_SECTION:
            if parent.objective is None and parent.meaning == AS_NOTHING:
                return parent
            if parent.objective is not None:
                parent.objective.has_kr_section = True
            return _Context(AS_KR_SECTION, parent.objective)
        if role == INIT_SECTION:
            return _Context(AS_INITIATIVE if parent.objective else SKIP, parent.objective)
        if role == LINK and (reading.link_target.startswith("#") or parent.meaning == AS_NOTHING):
            return _Context(SKIP, parent.objective)  # a table of contents
        if parent.meaning == AS_NOTHING and role != KR:
            return parent
        if parent.meaning == AS_INITIATIVE:
            if parent.objective is not None and parent.parent_kr is None:
                initiative = Initiative(reading.text, span_of(fragments, reading.offset))
                parent.objective.initiative_items.append(initiative)
            return _Context(SKIP, parent.objective)
        if parent.parent_kr is not None and (owner := owner_annotation(block.raw, reading.text)):
            kr = parent.parent_kr
            kr.owner = f"{kr.owner}, {owner}" if kr.owner else owner
            return _Context(SKIP, parent.objective)
        if _is_status_line(reading.text):
            return _Context(SKIP, parent.objective)
        kr = KRBuilder(reading.text, span_of(fragments, reading.offset), labelled=role == KR)
        self._add_kr(parent, kr, reference_like=role == LINK)
        # Past the depth cap, deeper items become siblings of the deepest Key Result kept.
        keeps_nesting = kr.depth < MAX_KR_DEPTH - 1
        return _Context(AS_KR, parent.objective, kr if keeps_nesting else parent.parent_kr)

    # Paragraphs -------------------------------------------------------------------------------------

    def _paragraph(self, index: int, block: Block, context: _Context, top: bool, following: Block | None) -> None:
        if context.meaning == SKIP:
            return
        reading = self.outline.readings[index]
        lines = self.outline.line_readings[index]
        if len(lines) > 1 and any(line.role in (OBJECTIVE, KR) for line in lines):
            for fragment, line in zip(block.fragments, lines):
                self._labelled_line(line, [fragment], context, top)
            return
        fragments = block.fragments
        if reading.role in (OBJECTIVE, KR):
            self._labelled_line(reading, fragments, context, top)
        elif reading.role in (KR_SECTION, INIT_SECTION, OBJECTIVES_SECTION, GROUP, META, BOLD):
            self._label_paragraph(reading, fragments, context, top, following)
        elif not reading.text or is_score_only(reading.text):
            return
        elif self.outline.scored and (has_priority_score(reading.text) or has_trailing_score(reading.text)):
            self._scored_line(reading.text, fragments, context, top)
        elif context.meaning == AS_KR_DETAIL and context.awaiting_paragraph:
            context.awaiting_paragraph = False
            self._add_kr(context, KRBuilder(reading.text, span_of(fragments)))
        elif context.meaning == AS_KR_SECTION and top and context.objective is not None:
            context.objective.section_paragraphs.append(KRBuilder(reading.text, span_of(fragments)))
        elif (
            top
            and not self.outline.label_mode
            and self.outline.okr_document
            and context.meaning in (AS_KR, AS_LOOSE)
            and _replaceable(context.objective)
            and following is not None
            and following.kind == ITEM
            and is_paragraph_objective(block, reading)
        ):
            self._open_in_section(reading.text, span_of(fragments))

    def _labelled_line(self, reading: Reading, fragments: list[Fragment], context: _Context, top: bool) -> None:
        span = span_of(fragments, reading.offset)
        if reading.role == OBJECTIVE and top:
            self._open_in_section(reading.text, span)
        elif reading.role == KR and context.meaning not in (AS_INITIATIVE, SKIP):
            self._add_kr(context, KRBuilder(reading.text, span, labelled=True))

    def _label_paragraph(
        self, reading: Reading, fragments: list[Fragment], context: _Context, top: bool, following: Block | None
    ) -> None:
        """A bold line: a section label ("**Key Results**", "**Rationale**") or, before a list, an Objective."""
        if not top:
            return
        objective = self.section.objective
        if reading.role == KR_SECTION and objective is not None:
            objective.has_kr_section = True
            self.section.meaning = AS_KR_SECTION
        elif reading.role == INIT_SECTION and objective is not None:
            self.section.meaning = AS_INITIATIVE
        elif reading.role == OBJECTIVES_SECTION and self.outline.okr_document:
            self.section.meaning, self.section.objective = AS_OBJECTIVE, None
        elif reading.role == META and is_non_content(reading.text):
            self.section.meaning = SKIP
        elif (
            reading.role == BOLD
            and following is not None
            and following.kind == ITEM
            and context.meaning in (AS_KR, AS_LOOSE)
            and _replaceable(objective)
        ):
            self._open_in_section(reading.text, span_of(fragments))

    def _scored_line(self, text: str, fragments: list[Fragment], context: _Context, top: bool) -> None:
        """Chromium pages: a line with a priority is a Key Result; under a heading Objective every scored line
        is; otherwise a line with only a score is an Objective."""
        if fragments and len(fragments) > 1 and is_score_only(fragments[-1].raw):
            fragments = fragments[:-1]
        span = span_of(fragments, end_trim=True)
        objective = context.objective
        if has_priority_score(text) or (objective is not None and objective.from_heading) or not top:
            self._add_kr(context, KRBuilder(strip_priority_score(text), span))
        else:
            self._open_in_section(strip_priority_score(text), span)

    # Tables -----------------------------------------------------------------------------------------

    def _table(self, block: Block, context: _Context) -> None:
        if context.meaning in (SKIP, AS_NOTHING, AS_INITIATIVE):
            return
        objective = None
        rows, references = block.rows, self.outline.references
        for entry in read_table(rows, references, first_column_is_kr=context.meaning == AS_KR_SECTION):
            span = span_of([entry.cell], entry.offset)
            if entry.is_objective:
                objective = self._open(entry.text, span, False).objective
            elif objective is not None:
                objective.krs.append(KRBuilder(entry.text, span, owner=entry.owner))
            else:
                self._add_kr(context, KRBuilder(entry.text, span, owner=entry.owner))

    # Building ---------------------------------------------------------------------------------------

    def _open(self, text: str, span: Span, from_heading: bool) -> _Context:
        objective = ObjectiveBuilder(text, span, from_heading)
        self.objectives.append(objective)
        return _Context(AS_KR, objective)

    def _open_in_section(self, text: str, span: Span) -> None:
        """An Objective written as a line inside a section: it holds the section's items until the next one."""
        objective = self._open(text, span, False).objective
        self.section.meaning, self.section.objective, self.section.parent_kr = AS_KR, objective, None
        if self.headings:
            heading_context = self.headings[-1][1]
            heading_context.objective, heading_context.meaning = objective, AS_KR
        self.items.clear()

    def _add_kr(self, context: _Context, kr: KRBuilder, reference_like: bool = False) -> KRBuilder:
        if context.parent_kr is not None:
            kr.depth = context.parent_kr.depth + 1
            context.parent_kr.children.append(kr)
        elif context.objective is not None and context.meaning in (AS_KR_SECTION, AS_KR_DETAIL):
            context.objective.section_krs.append(kr)
        elif context.objective is not None:
            context.objective.krs.append(kr)
        elif context.meaning != AS_NOTHING or kr.labelled:
            self.loose.append((kr, reference_like or not self.objectives))
        return kr

    def _document(self) -> Document:
        return build_document(self.path, self.objectives, self.loose)


def _replaceable(objective: ObjectiveBuilder | None) -> bool:
    """Objectives written as a line (not a heading or an item) last until the next such line."""
    return objective is None or not objective.from_heading


def _is_status_line(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(("eoq score", "score:", "final score", "mid-q", "status:", "grade:"))

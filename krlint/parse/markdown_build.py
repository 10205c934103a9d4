"""Mutable builders the Markdown reader fills in, and their conversion to the frozen document model."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document, Initiative, KeyResult, Objective, Span
from .inline import text_bounds
from .markdown_blocks import Fragment
from .markdown_labels import priority_score_length


@dataclass
class KRBuilder:
    text: str
    span: Span
    depth: int = 0
    labelled: bool = False  # carried an explicit "KR:" label
    owner: str | None = None
    children: list["KRBuilder"] = field(default_factory=list)


@dataclass
class ObjectiveBuilder:
    text: str
    span: Span
    from_heading: bool
    krs: list[KRBuilder] = field(default_factory=list)
    section_krs: list[KRBuilder] = field(default_factory=list)  # read under a "Key Results" heading or label
    section_paragraphs: list[KRBuilder] = field(default_factory=list)  # used when such a section has no list
    has_kr_section: bool = False
    initiative_items: list[Initiative] = field(default_factory=list)
    initiative_headings: list[Initiative] = field(default_factory=list)

    def build(self) -> Objective:
        krs = self.krs
        if self.has_kr_section:
            # Items written before a "Key Results" section describe the Objective; labelled ones still count.
            krs = [kr for kr in self.krs if kr.labelled] + (self.section_krs or self.section_paragraphs)
        initiatives = self.initiative_headings or self.initiative_items
        return Objective(self.text, self.span, freeze(krs), tuple(initiatives))


def build_document(path: str, objectives: list[ObjectiveBuilder], loose: list[tuple[KRBuilder, bool]]) -> Document:
    """``loose`` pairs each Key Result written under no Objective with whether to drop it when the file has
    Objectives: a list before the first Objective is an introduction, and bare links outside Objectives point
    elsewhere ("2019 Q2 OKRs", "Planning thread")."""
    built = tuple(objective.build() for objective in objectives)
    kept = [kr for kr, droppable in loose if not (droppable and built)]
    return Document(path, "markdown", built, freeze(kept))


def span_of(fragments: list[Fragment], offset: int = 0, end_trim: bool = False) -> Span:
    """From where the text starts on its first line (``offset`` past a label, markup skipped) to where it ends
    on its last; ``end_trim`` ends it before trailing Chromium priority/score columns."""
    # An item whose marker line is empty ("- " then a lazy continuation line), or holds nothing but a
    # label ("KR:" with the text on the next line), starts on the next line.
    while len(fragments) > 1 and not fragments[0].raw[offset:].strip():
        fragments, offset = fragments[1:], 0
    first, last = fragments[0], fragments[-1]
    offset = min(offset, len(first.raw))  # a label alone: the span cannot start past its line
    start, _ = text_bounds(first.raw[offset:])
    _, end = text_bounds(last.raw)
    if end_trim:
        end -= priority_score_length(last.raw[:end])
    if last is first:
        end = max(end, offset + start)
    return Span(first.line, first.column + offset + start, last.line, last.column + end)


def freeze(krs: list[KRBuilder]) -> tuple[KeyResult, ...]:
    """Builders to frozen Key Results, children first, with an explicit stack (cascades can be deep)."""
    frozen: dict[int, KeyResult] = {}
    stack: list[tuple[KRBuilder, bool]] = [(kr, False) for kr in reversed(krs)]
    while stack:
        kr, children_done = stack.pop()
        if children_done:
            children = tuple(frozen[id(child)] for child in kr.children)
            frozen[id(kr)] = KeyResult(kr.text, kr.span, owner=kr.owner, children=children)
        else:
            stack.append((kr, True))
            stack.extend((child, False) for child in reversed(kr.children))
    return tuple(frozen[id(kr)] for kr in krs)

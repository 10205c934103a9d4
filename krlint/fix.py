"""``--fix``: move Key Results that name work (outputs, tasks) into their Objective's Initiatives.

``with_fixable`` sets ``Finding.fixable`` on KR201/KR301 findings (the engine asks it once per
document), ``can_move`` asks the same of one Key Result, ``apply_moves``/``fix_source`` move a set.
Each format has a planner (``fix_markdown``, ``fix_yaml``, ``plan_text`` here) that writes the new
text for exactly the moves it is given, or refuses. Every planned text is parsed again and accepted
only if it holds the same Objectives, the same Key Results (with their stated values) less the moved
ones, and the same Initiatives plus the moved ones, in order: a move that would change anything else,
or lose anything, is not made.

Key Results are found by their ``span`` (line and column), never by searching for their text.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from .errors import KrlintError
from .model import Document, Finding, KeyResult, LintResult, Objective

# The rules whose findings --fix acts on: KR301 always, KR201 with --fix-task-verbs.
OUTPUT_CODE, TASK_VERB_CODE = "KR301", "KR201"
FIXABLE_CODES = (OUTPUT_CODE, TASK_VERB_CODE)

_NEWLINE = re.compile(r"(\r\n|\r|\n)")


@dataclass(frozen=True)
class FixOutcome:
    """The new text, the Key Results moved, and those that could not be moved (left as they were)."""

    text: str
    moved: tuple[KeyResult, ...] = ()
    skipped: tuple[KeyResult, ...] = ()


@dataclass(frozen=True)
class FixResult:
    """One file (or standard input) fixed in memory: what it held, what it would hold, how many Key
    Results moved, and the findings that remain in the fixed text (or the input error)."""

    path: str
    original: str | None
    fixed: str | None
    moved: int
    result: LintResult = field(compare=False)

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.original is not None and self.fixed != self.original


# Public API ------------------------------------------------------------------------------------------


def fix_source(source: str, document: Document, moves: Sequence[KeyResult]) -> str:
    """``source`` with every movable Key Result of ``moves`` moved into its Objective's Initiatives.
    ``document`` must be what ``source`` parses to. Key Results that cannot be moved stay as they are."""
    return apply_moves(source, document, moves).text


def can_move(source: str, document: Document, kr: KeyResult) -> bool:
    """Whether ``kr`` (a Key Result of ``document``, parsed from ``source``) can be moved into its
    Objective's Initiatives in this format."""
    return bool(movable(source, document, [kr]))


def with_fixable(document: Document, source: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` with ``fixable`` set on the KR201 and KR301 ones: whether ``--fix`` can move
    their Key Result (together with the others flagged, as ``--fix`` does)."""
    by_span = _by_span(document)
    flagged = [by_span[f.span] for f in findings if f.code in FIXABLE_CODES and f.span in by_span]
    can = {id(kr) for kr in movable(source, document, flagged)}
    return [
        replace(f, fixable=f.span in by_span and id(by_span[f.span]) in can) if f.code in FIXABLE_CODES else f
        for f in findings
    ]


def movable(source: str, document: Document, krs: Sequence[KeyResult], budget: "_Budget | None" = None) -> list[KeyResult]:
    """Those of ``krs`` that can be moved, found by moving them all at once and, where that fails,
    each half separately (one parse when everything can move, not one per Key Result). Within a
    budget of attempts: what is not known to move when it runs out is left out."""
    body, _bom = _split_bom(source)
    owned = _owned(document)
    candidates = [kr for kr in _in_document_order(document, krs) if id(kr) in owned]
    if not candidates or _planner(document.format) is None:
        return []
    budget = budget or _Budget(body)
    found: list[KeyResult] = []
    pending = [candidates] if candidates else []
    while pending and budget.left > 0:
        group = pending.pop()
        if _attempt(body, document, group, budget) is not None:
            found.extend(group)
        elif len(group) > 1:
            pending += [group[len(group) // 2:], group[: len(group) // 2]]
    return _in_document_order(document, found)


def apply_moves(source: str, document: Document, moves: Sequence[KeyResult]) -> FixOutcome:
    """Moves what can be moved: all of ``moves`` at once when that works, else those that can be
    moved, adding them one at a time where moving them together still fails."""
    body, bom = _split_bom(source)
    wanted = _in_document_order(document, moves)
    owned = _owned(document)
    candidates = [kr for kr in wanted if id(kr) in owned]
    if _planner(document.format) is None or not candidates:
        return FixOutcome(source, (), tuple(wanted))
    accepted = candidates
    budget = _Budget(body)
    text = _attempt(body, document, accepted, budget)
    if text is None:
        accepted = movable(body, document, candidates, budget)
        text = _attempt(body, document, accepted, budget) if accepted else body
    if text is None:  # each part moves, but not all of them together (an Objective left empty, say)
        chosen, text = [], body
        for kr in accepted:
            if budget.left <= 0:
                break
            trial = _attempt(body, document, chosen + [kr], budget)
            if trial is not None:
                chosen.append(kr)
                text = trial
        accepted = chosen
    taken = {id(kr) for kr in accepted}
    skipped = tuple(kr for kr in wanted if id(kr) not in taken)
    return FixOutcome(bom + text, tuple(accepted), skipped)


def select_moves(document: Document, findings: Iterable[Finding], task_verbs: bool = False) -> list[KeyResult]:
    """The Key Results ``--fix`` moves: those of the fixable KR301 findings (and KR201 with
    ``task_verbs``), matched to the document's Key Results by span."""
    codes = {OUTPUT_CODE, TASK_VERB_CODE} if task_verbs else {OUTPUT_CODE}
    by_span = _by_span(document)
    moves: list[KeyResult] = []
    chosen: set[int] = set()
    for finding in findings:
        kr = by_span.get(finding.span)
        if finding.code in codes and finding.fixable and kr is not None and id(kr) not in chosen:
            chosen.add(id(kr))
            moves.append(kr)
    return _in_document_order(document, moves)


def write_atomic(path: str, text: str) -> None:
    """Replaces the file at ``path`` (through a symbolic link, the file it points to) with ``text`` in
    UTF-8: written to a temporary file in the same directory, flushed to disk, given the file's
    permission bits, then renamed over it. A reader sees the old file or the new one, never a part."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    mode = stat.S_IMODE(os.stat(target).st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".krlint-tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError, AttributeError):  # make the rename itself durable where the OS allows
        directory_handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(directory_handle)
        finally:
            os.close(directory_handle)


def unified_diff(result: FixResult) -> str:
    """``--- a/PATH`` / ``+++ b/PATH`` unified diff from the original text to the fixed one ("" when
    nothing changes); line endings are shown as written."""
    import difflib

    if not result.changed:
        return ""
    pieces = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
    before, after = pieces.findall(result.original or ""), pieces.findall(result.fixed or "")
    out = []
    for line in difflib.unified_diff(before, after, f"a/{result.path}", f"b/{result.path}"):
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# Planning and checking -------------------------------------------------------------------------------

Planner = Callable[[str, Document, Sequence[KeyResult]], "str | None"]


def _planner(fmt: str) -> Planner | None:
    if fmt == "markdown":
        from .fix_markdown import plan

        return plan
    if fmt == "yaml":
        from .fix_yaml import plan

        return plan
    if fmt == "text":
        return plan_text
    return None  # CSV and anything else: a spreadsheet row is not ours to move


# Each attempt plans and parses the whole text again. A few hundred attempts are plenty for any OKR
# file; a hostile one with thousands of Key Results that cannot move together would otherwise take
# quadratic time. The larger the text, the fewer attempts (but always a few).
_WORK = 4_000_000  # characters the attempts of one call may re-read
_MIN_ATTEMPTS, _MAX_ATTEMPTS = 8, 256


class _Budget:
    """The attempts one ``movable``/``apply_moves`` call may still make. When they run out, Key
    Results not yet known to move stay where they are: fewer moves, never a wrong one."""

    def __init__(self, body: str):
        self.left = max(_MIN_ATTEMPTS, min(_MAX_ATTEMPTS, _WORK // max(1, len(body))))


def _attempt(body: str, document: Document, moves: Sequence[KeyResult], budget: _Budget | None = None) -> str | None:
    """The planner's text for exactly ``moves``, if it parses back to the expected document."""
    planner = _planner(document.format)
    if planner is None:
        return None
    if budget is not None:
        if budget.left <= 0:
            return None
        budget.left -= 1
    try:
        text = planner(body, document, moves)
    except Exception:  # a shape the planner did not foresee: no fix, never a crash of the lint
        return None
    if text is None or not _verified(document, text, moves):
        return None
    return text


def _verified(document: Document, text: str, moves: Sequence[KeyResult]) -> bool:
    from . import engine

    try:
        fixed = engine.parse(text, document.format, document.path)
    except KrlintError:
        return False
    return _signature(fixed) == _expected(document, moves)


def _tree(kr: KeyResult, moved: frozenset[int] = frozenset()) -> tuple:
    children = tuple(_tree(child, moved) for child in kr.children if id(child) not in moved)
    return (kr.text, kr.start, kr.target, kr.unit, kr.owner, children)


def _signature(document: Document) -> tuple:
    objectives = tuple(
        (o.text, tuple(_tree(kr) for kr in o.key_results), tuple(i.text for i in o.initiatives))
        for o in document.objectives
    )
    return objectives, tuple(_tree(kr) for kr in document.loose_key_results)


def _expected(document: Document, moves: Sequence[KeyResult]) -> tuple:
    moved = frozenset(id(kr) for kr in moves)
    objectives = []
    for objective in document.objectives:
        own = [kr for _o, kr in _walk_objective(objective) if id(kr) in moved]
        objectives.append((
            objective.text,
            tuple(_tree(kr, moved) for kr in objective.key_results if id(kr) not in moved),
            tuple(i.text for i in objective.initiatives) + tuple(kr.text for kr in own),
        ))
    return tuple(objectives), tuple(_tree(kr) for kr in document.loose_key_results)


def _walk_objective(objective: Objective):
    stack = [(objective, kr) for kr in reversed(objective.key_results)]
    while stack:
        pair = stack.pop()
        yield pair
        stack.extend((objective, child) for child in reversed(pair[1].children))


def _owned(document: Document) -> set[int]:
    """The Key Results that sit under an Objective and have no Key Results nested under them (a
    cascade cannot become one Initiative without losing them): the ones a move can take."""
    return {id(kr) for objective, kr in document.key_results() if objective is not None and not kr.children}


def owners(document: Document, moves: Sequence[KeyResult]) -> list[tuple[Objective, list[KeyResult]]]:
    """The moves grouped by Objective, Objectives and Key Results in document order."""
    moved = {id(kr) for kr in moves}
    groups: list[tuple[Objective, list[KeyResult]]] = []
    for objective in document.objectives:
        own = [kr for _o, kr in _walk_objective(objective) if id(kr) in moved]
        if own:
            groups.append((objective, own))
    return groups


def remaining(objective: Objective, moves: Sequence[KeyResult], moved_ids: "set[int] | frozenset[int] | None" = None) -> list[KeyResult]:
    """The Objective's Key Results (at every depth) that stay. A planner that asks for each of many
    Objectives passes ``moved_ids`` (the ids of ``moves``), made once."""
    moved = moved_ids if moved_ids is not None else {id(kr) for kr in moves}
    return [kr for _o, kr in _walk_objective(objective) if id(kr) not in moved]


def _by_span(document: Document) -> dict:
    found: dict = {}
    for _objective, kr in document.key_results():
        found.setdefault(kr.span, kr)
    return found


def _in_document_order(document: Document, krs: Sequence[KeyResult]) -> list[KeyResult]:
    wanted = {id(kr) for kr in krs}
    ordered = [kr for _o, kr in document.key_results() if id(kr) in wanted]
    known = {id(kr) for kr in ordered}
    return ordered + [kr for kr in krs if id(kr) not in known]


def _split_bom(source: str) -> tuple[str, str]:
    return (source[1:], "\ufeff") if source.startswith("\ufeff") else (source, "")


# Lines with their endings ----------------------------------------------------------------------------


@dataclass
class Line:
    text: str
    ending: str  # "\n", "\r\n", "\r", or "" on a last line without one


def split_lines(source: str) -> list[Line]:
    """The source's lines as the parsers number them (split at \\r\\n, \\r and \\n), each with its own
    ending; a source ending in a newline has a last, empty line without one."""
    parts = _NEWLINE.split(source)
    lines = [Line(parts[index], parts[index + 1]) for index in range(0, len(parts) - 1, 2)]
    lines.append(Line(parts[-1], ""))
    return lines


def newline_of(lines: Sequence[Line]) -> str:
    """The line ending most lines use ("\\n" when there is none)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.ending:
            counts[line.ending] = counts.get(line.ending, 0) + 1
    return max(counts, key=lambda ending: (counts[ending], ending == "\n")) if counts else "\n"


@dataclass
class Insertion:
    """Lines to insert before original line ``before`` (0-based; ``len(lines)`` is the end)."""

    before: int
    lines: list[str]
    blank_before: bool = False  # separate from a non-blank line above with a blank line
    blank_after: bool = False  # and from a non-blank line below


def rewrite(lines: Sequence[Line], deleted: Iterable[tuple[int, int]], insertions: Sequence[Insertion]) -> str:
    """The text with the inclusive 0-based line ranges ``deleted`` left out and ``insertions`` made;
    every other line keeps its bytes. Inserted lines take the file's usual line ending."""
    newline = newline_of(lines)
    keep = [True] * len(lines)
    for start, end in deleted:
        for index in range(start, end + 1):
            keep[index] = False
    by_position: dict[int, list[Insertion]] = {}
    for insertion in insertions:
        by_position.setdefault(insertion.before, []).append(insertion)
    out: list[Line] = []

    def emit(text: str) -> None:
        if out and not out[-1].ending:
            out[-1] = Line(out[-1].text, newline)
        out.append(Line(text, newline))

    for index in range(len(lines) + 1):
        for insertion in by_position.get(index, ()):
            if insertion.blank_before and out and out[-1].text.strip():
                emit("")
            for text in insertion.lines:
                emit(text)
            following = next((lines[j] for j in range(index, len(lines)) if keep[j]), None)
            if insertion.blank_after and following is not None and following.text.strip():
                emit("")
        if index < len(lines) and keep[index]:
            if out and not out[-1].ending:
                out[-1] = Line(out[-1].text, newline)
            out.append(lines[index])
    ends_open = not lines[-1].ending and lines[-1].text  # the source did not end with a newline
    if ends_open and out and out[-1].ending:
        out[-1] = Line(out[-1].text, "")
    if not ends_open and out and out[-1].text and out[-1].ending == "":
        out[-1] = Line(out[-1].text, newline)
    return "".join(line.text + line.ending for line in out)


def end_of_file(lines: Sequence[Line]) -> int:
    """Where to insert at the end: before the empty last line a final newline leaves."""
    return len(lines) - 1 if not lines[-1].text and not lines[-1].ending and len(lines) > 1 else len(lines)


def is_blank(line: Line) -> bool:
    return not line.text.strip()


# Plain text ------------------------------------------------------------------------------------------


def plan_text(source: str, document: Document, moves: Sequence[KeyResult]) -> str | None:
    """Text files: each Key Result is one line; it moves, as written, under the Objective's
    ``Initiatives:`` line, which is added after the Objective's last Key Result line when missing."""
    from .parse.text import _INITIATIVES, _MARKER

    lines = split_lines(source)
    deleted: list[tuple[int, int]] = []
    insertions: list[Insertion] = []
    starts = sorted(objective.span.line - 1 for objective in document.objectives)
    moved_ids = frozenset(id(kr) for kr in moves)
    for objective, own in owners(document, moves):
        if any(kr.span.line != kr.span.end_line or not 0 <= kr.span.line - 1 < len(lines) for kr in own):
            return None
        moved_lines = [_without_label(lines[kr.span.line - 1].text, kr, _MARKER) for kr in own]
        deleted.extend((kr.span.line - 1, kr.span.line - 1) for kr in own)
        if objective.initiatives:
            insertions.append(Insertion(max(i.span.line for i in objective.initiatives), moved_lines))
            continue
        first = objective.span.line - 1
        later = bisect.bisect_right(starts, first)
        last = starts[later] if later < len(starts) else len(lines)
        header = None
        for index in range(first + 1, last):
            body = lines[index].text.strip()
            marker = _MARKER.match(body)
            body = body[marker.end():] if marker else body
            match = _INITIATIVES.match(body)
            if match and not match["text"]:
                header = index
        if header is not None:
            insertions.append(Insertion(header + 1, moved_lines))
            continue
        staying = [kr.span.line - 1 for kr in remaining(objective, moves, moved_ids)]
        where = max(staying) + 1 if staying else min(kr.span.line - 1 for kr in own)
        objective_line = lines[first].text
        indent = objective_line[: len(objective_line) - len(objective_line.lstrip())]
        insertions.append(Insertion(where, [f"{indent}Initiatives:"] + moved_lines))
    return rewrite(lines, deleted, insertions)


def _without_label(line: str, kr: KeyResult, marker_pattern) -> str:
    """The line as written, less a "KR:" label between its marker and its text."""
    lead = len(line) - len(line.lstrip())
    marker = marker_pattern.match(line[lead:])
    keep = lead + (marker.end() if marker else 0)
    return line[:keep] + line[kr.span.column - 1:] if keep <= kr.span.column - 1 <= len(line) else line

"""``--changed-since REF``: which lines of which files changed since a git ref, so that a pull
request is judged on the Key Results it touches and not on the whole handbook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Iterable

from .errors import KrlintError
from .model import Document, Finding, Span
from .sources import resolved

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # a file git does not know yet: every line is new


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise KrlintError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["git failed"])[0]
        raise KrlintError(f"--changed-since: {detail}")
    return done.stdout


def changed_lines(ref: str, root: Path | None = None) -> dict[Path, set[int] | None]:
    """Resolved path -> the new-side line numbers changed since ``ref`` (working tree included);
    untracked files map to ALL_LINES."""
    cwd = root or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", ref, "--"], top)
    changes: dict[Path, set[int] | None] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else changes.setdefault(resolved(top / name[2:]), set())
        elif (match := _HUNK.match(line)) and current is not None:
            start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
            current.update(range(start, start + count))
    for name in _git(["ls-files", "--others", "--exclude-standard"], top).splitlines():
        changes[resolved(top / name)] = ALL_LINES
    return changes


def _touches(span: Span, lines: set[int]) -> bool:
    return any(line in lines for line in range(span.line, span.end_line + 1))


def keep_changed(findings: Iterable[Finding], document: Document, lines: set[int] | None) -> list[Finding]:
    """The findings on Key Results and Objectives whose lines changed. An Objective counts as
    changed when its own line or any of its Key Results changed: adding a sixth Key Result is
    what makes OB103 fire on the unchanged Objective line."""
    if lines is ALL_LINES:
        return list(findings)
    changed_objectives = {
        objective.span
        for objective in document.objectives
        if _touches(objective.span, lines) or any(_touches(kr.span, lines) for _o, kr in _key_results_of(objective))
    }
    return [f for f in findings if _touches(f.span, lines) or f.span in changed_objectives]


def _key_results_of(objective) -> Iterable:
    return Document("", "", (objective,)).key_results()

"""``{"version": 1, "findings": [...], "errors": [...]}``: an object, so it can grow."""

from __future__ import annotations

import json
from typing import Sequence

from ..model import Finding, LintResult

VERSION = 1


def finding_dict(finding: Finding) -> dict:
    return {
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fix_available": finding.fixable,
    }


def render(results: Sequence[LintResult], colour: bool = False) -> str:
    payload = {
        "version": VERSION,
        "findings": [finding_dict(f) for result in results for f in result.findings],
        "errors": [
            {"path": r.error.path, "line": r.error.line, "message": r.error.message}
            for r in results if r.error is not None
        ],
        "files": [r.path for r in results if r.error is None],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

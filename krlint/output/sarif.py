"""SARIF 2.1.0, the format GitHub code scanning and other tools import: one run, every rule described
in ``tool.driver.rules``, one result per finding, input errors as tool execution notifications."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Sequence
from urllib.parse import quote

from ..model import Finding, InputError, LintResult, Severity, Span

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# Where a SARIF viewer sends people to read about the tool; the rule docs themselves are in `rules`.
INFORMATION_URI = "https://pypi.org/project/krlint/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays a relative URI reference (viewers resolve it against the repository root);
    an absolute one becomes a ``file:`` URI. Both percent-encoded, so spaces and ``#`` survive."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePath(path).as_posix())


def region(span: Span) -> dict:
    # SARIF lines and columns are 1-based and endColumn is exclusive, as in krlint's Span; a position
    # krlint does not know (0) is left out rather than written invalid.
    fields = {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}
    return {key: value for key, value in fields.items() if value >= 1}


def location(path: str, where: dict | None) -> dict:
    physical = {"artifactLocation": {"uri": artifact_uri(path)}}
    if where:
        physical["region"] = where
    return {"physicalLocation": physical}


def rule_descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def result(finding: Finding, rule_index: dict[str, int]) -> dict:
    text = f"{finding.message}\nHelp: {finding.suggestion}" if finding.suggestion else finding.message
    entry = {"ruleId": finding.code}
    if finding.code in rule_index:
        entry["ruleIndex"] = rule_index[finding.code]
    entry.update({
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [location(finding.path, region(finding.span))],
        "properties": {"name": finding.name, "suggestion": finding.suggestion, "fixAvailable": finding.fixable},
    })
    return entry


def notification(error: InputError) -> dict:
    where = {"startLine": error.line} if error.line else None
    return {"level": "error", "message": {"text": error.message}, "locations": [location(error.path, where)]}


def render(results: Sequence[LintResult], colour: bool = False) -> str:
    from .. import __version__
    from ..rules import RULES

    rule_index = {rule.code: index for index, rule in enumerate(RULES)}
    errors = [notification(r.error) for r in results if r.error is not None]
    run = {
        "tool": {"driver": {
            "name": "krlint",
            "informationUri": INFORMATION_URI,
            "version": __version__,
            "rules": [rule_descriptor(rule) for rule in RULES],
        }},
        "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": errors}],
        # krlint counts columns in Unicode code points (Python string indices), not SARIF's default UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "results": [result(f, rule_index) for r in results for f in r.findings],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"

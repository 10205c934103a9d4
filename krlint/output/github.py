"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding, which
the runner turns into annotations on the file and line, then the usual summary line."""

from __future__ import annotations

from pathlib import PurePath
from typing import Sequence

from ..model import Finding, InputError, LintResult, Severity
from .text import summary

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message after ``::``: the runner decodes these three, so a newline cannot end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: ``,`` separates properties and ``:`` ends them, so both are escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {props}::{escape_data(message)}"


def _path(path: str) -> str:
    # Annotations attach to repository paths, which GitHub writes with '/' on every runner.
    return PurePath(path).as_posix()


def finding_command(finding: Finding) -> str:
    span = finding.span
    properties = {
        "file": _path(finding.path), "line": span.line, "col": span.column,
        "endLine": span.end_line, "endColumn": span.end_column, "title": f"{finding.code} ({finding.name})",
    }
    return command(_COMMANDS[finding.severity], properties, finding.message)


def error_command(error: InputError) -> str:
    return command("error", {"file": _path(error.path), "line": error.line}, error.message)


def render(results: Sequence[LintResult], colour: bool = False) -> str:
    lines = []
    for result in results:
        if result.error is not None:
            lines.append(error_command(result.error))
        lines.extend(finding_command(finding) for finding in result.findings)
    lines.append(summary(results))
    return "\n".join(lines) + "\n"

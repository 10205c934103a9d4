"""``path:line:col: CODE message (name)``, a help line with the suggestion, and a summary."""

from __future__ import annotations

from typing import Sequence

from ..fix import OUTPUT_CODE, TASK_VERB_CODE
from ..model import Finding, LintResult, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(results: Sequence[LintResult], colour: bool = False) -> str:
    import click

    def paint(text: str, **style) -> str:
        return click.style(text, **style) if colour else text

    lines = []
    for result in results:
        if result.error is not None:
            lines.append(paint(f"{result.error}", fg="red") + paint(" [input error]", dim=True))
        for finding in result.findings:
            where = paint(f"{finding.path}:{finding.span.line}:{finding.span.column}:", bold=True)
            code = paint(finding.code, fg=_COLOURS[finding.severity], bold=True)
            lines.append(f"{where} {code} {finding.message} {paint(f'({finding.name})', dim=True)}")
            if finding.suggestion:
                lines.append(f"    {paint('help:', fg='cyan')} {finding.suggestion}")
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


def summary(results: Sequence[LintResult]) -> str:
    findings = [finding for result in results for finding in result.findings]
    errors = sum(1 for result in results if result.error is not None)
    files = sum(1 for result in results if result.error is None)
    counts = {severity: sum(1 for f in findings if f.severity == severity) for severity in Severity}
    parts = [f"{count} {severity.value}{'s' if count != 1 else ''}" for severity, count in reversed(counts.items()) if count]
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    head = f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({', '.join(parts)})" if findings else "No problems found"
    tail = f"; {errors} file{'s' if errors != 1 else ''} could not be read" if errors else ""
    return f"{head}: {checked}{tail}.{_fixable(findings)}"


def _fixable(findings: Sequence[Finding]) -> str:
    """How many Key Results ``--fix`` would move to Initiatives (KR301), and how many more with
    ``--fix-task-verbs`` (KR201)."""
    outputs = sum(1 for f in findings if f.fixable and f.code == OUTPUT_CODE)
    tasks = sum(1 for f in findings if f.fixable and f.code == TASK_VERB_CODE)
    if not outputs and not tasks:
        return ""
    said = f"\n{outputs} can be moved to Initiatives with `krlint check --fix`" if outputs else ""
    if tasks:
        said += ("; " if outputs else "\n") + f"{tasks}{' more' if outputs else ''} with `--fix --fix-task-verbs`"
    return said + " (preview: `--diff`)."

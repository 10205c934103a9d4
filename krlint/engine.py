"""The one place rules run: parse, measure what the enabled rules need, run them, stamp each
problem with the rule's code, name and severity, drop what directives suppress, and sort."""

from __future__ import annotations

from typing import Any, Callable

from . import directives, rules
from .config import Config
from .model import Document, Finding, KeyResult, Objective, Span
import importlib
from .rules import Problem

# Parser modules are imported when a file of their format is met: a run over Markdown never pays
# for ruamel.yaml's import.
PARSERS = {"markdown": "krlint.parse.markdown", "yaml": "krlint.parse.yaml", "text": "krlint.parse.text", "csv": "krlint.parse.csv"}


def parse(source: str, fmt: str, path: str) -> Document:
    parser: Callable[[str, str], Document] = importlib.import_module(PARSERS[fmt]).parse
    return parser(source, path)


class Context:
    """What a rule may ask about the document it checks. Measurements are made once, for every
    Key Result together (spaCy is fastest in batches), the first time a rule asks for one."""

    def __init__(self, document: Document, suppressions: directives.Suppressions, config: Config):
        self.document = document
        self.directive_problems = suppressions.problems
        self.config = config
        self.options: dict[str, Any] = {}
        self._enabled = {rule.code for rule in config.enabled()}
        self._measurements: dict[int, Any] | None = None

    def is_enabled(self, code: str) -> bool:
        return code in self._enabled

    def options_for(self, code: str) -> dict[str, Any]:
        return self.config.rule_options(rules.find(code))

    @property
    def classifier_threshold(self) -> float:
        if self.config.classifier_threshold is not None:
            return self.config.classifier_threshold
        return self._classifier().threshold

    def _classifier(self):
        from .classifier.loader import load_cached

        return load_cached(self.config.model_path, self.config.trust_model)

    def classifications(self, krs: list[KeyResult]):
        from .decorations import wording

        return self._classifier().classify([wording(kr.text) or kr.text for kr in krs])

    def problem(self, span: Span, message: str, suggestion: str = "", fixable: bool = False) -> Problem:
        return Problem(span, message, suggestion, fixable)

    def _measured(self) -> dict[int, Any]:
        if self._measurements is None:
            items: list[KeyResult] = [kr for _objective, kr in self.document.key_results()]
            items += [KeyResult(o.text, o.span) for o in self.document.objectives]
            from .measure import measure_all

            results = measure_all(items)
            keys = [id(kr) for _objective, kr in self.document.key_results()]
            keys += [id(o) for o in self.document.objectives]
            self._measurements = dict(zip(keys, results))
        return self._measurements

    def measurement(self, kr: KeyResult):
        return self._measured()[id(kr)]

    def objective_measurement(self, objective: Objective):
        return self._measured()[id(objective)]


def check(document: Document, source: str, config: Config) -> list[Finding]:
    """Findings for one parsed document under the enabled rules, suppressions applied, sorted."""
    suppressions = directives.read(source, document.format)
    context = Context(document, suppressions, config)
    findings = []
    for rule in config.enabled():
        context.options = config.rule_options(rule)
        for problem in rule.check(document, context):
            if suppressions.suppressed(rule.code, problem.span.line):
                continue
            findings.append(
                Finding(
                    path=document.path, span=problem.span, code=rule.code, name=rule.name,
                    severity=config.severity(rule), message=problem.message,
                    suggestion=problem.suggestion, fixable=problem.fixable,
                )
            )
    from .fix import with_fixable  # which KR201/KR301 findings --fix can act on, decided in one place

    findings = with_fixable(document, source, findings)
    findings.sort(key=lambda finding: (finding.span.line, finding.span.column, finding.code))
    return findings

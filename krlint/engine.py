"""The one place rules run: parse, measure what the enabled rules need, run them, stamp each
problem with the rule's code, name and severity, drop what directives suppress, and sort."""

from __future__ import annotations

import importlib
from typing import Any, Callable, NamedTuple, Sequence

from . import decorations, directives, rules
from .config import Config
from .model import Document, Finding, KeyResult, Objective, Span
from .rules import Problem

# Parser modules are imported when a file of their format is met: a run over Markdown never pays
# for ruamel.yaml's import.
PARSERS = {"markdown": "krlint.parse.markdown", "yaml": "krlint.parse.yaml", "text": "krlint.parse.text", "csv": "krlint.parse.csv"}


def parse(source: str, fmt: str, path: str) -> Document:
    parser: Callable[[str, str], Document] = importlib.import_module(PARSERS[fmt]).parse
    return parser(source, path)


class _Selection(NamedTuple):
    """What one document's enabled rules read, and the wording each is analysed by."""

    krs: list[KeyResult]  # to measure
    objectives: list[Objective]  # to measure
    classified: list[KeyResult]  # to classify
    measure_texts: list[str]  # for [*krs, *objectives]
    feature_texts: list[str]  # for classified


class Analysis(NamedTuple):
    """What the texts of a run were read as (wording -> Measurement, wording -> classifier
    features), and each document's selection (by id), so that no text is chosen twice."""

    read: dict[str, Any]
    made: dict[str, dict]
    selections: dict[int, _Selection]


def analyse(checks: Sequence[tuple[Document, Config]], workers: int | None = None) -> Analysis:
    """Every text the given checks will ask about, parsed once in one spaCy stream (shared by
    processes when large), measured and turned into classifier features: a run over many files
    parses them together. Only what the enabled rules read is parsed; nothing, when no rule reads."""
    selections = {id(document): _to_read(document, config) for document, config in checks}
    return _analyse_selected(selections, workers)


def _analyse_selected(selections: dict[int, _Selection], workers: int | None) -> Analysis:
    from . import measure, nlp
    from .classifier import features

    measure_texts = [text for selection in selections.values() for text in selection.measure_texts]
    feature_texts = [text for selection in selections.values() for text in selection.feature_texts]
    if not measure_texts and not feature_texts:
        return Analysis({}, {}, selections)
    read, made = nlp.analyse([(measure_texts, measure.read), (feature_texts, features.record)], workers=workers)
    return Analysis(read, made, selections)


def _to_read(document: Document, config: Config) -> _Selection:
    """The Key Results to measure, the Objectives to measure, and the Key Results to classify, for
    the rules ``config`` enables."""
    from . import measure
    from .classifier import features

    reads = frozenset().union(*(rule.reads for rule in config.enabled()))
    krs = [kr for _objective, kr in document.key_results()] if reads & {"key_results", "classifier"} else []
    # Only an Objective's values are wanted (OB101): most state none, and need no parse.
    objectives = [o for o in document.objectives
                  if "objectives" in reads and measure.may_state_value(decorations.wording(o.text))]
    measured = krs if "key_results" in reads else []
    classified = krs if "classifier" in reads else []
    return _Selection(measured, objectives, classified, measure.texts_for([*measured, *_stand_ins(objectives)]),
                      features.texts_for([kr.text for kr in classified]))


def _stand_ins(objectives: Sequence[Objective]) -> list[KeyResult]:
    """Objectives are measured as Key Results with their text and place."""
    return [KeyResult(o.text, o.span) for o in objectives]


class Context:
    """What a rule may ask about the document it checks. The first time a rule asks, every Key
    Result and Objective the enabled rules read is parsed once, in one spaCy batch, and both
    measured and (when KR301 is on) turned into classifier features from that one parse; or taken
    from the ``analysis`` of a whole run."""

    def __init__(self, document: Document, suppressions: directives.Suppressions, config: Config,
                 analysis: Analysis | None = None):
        self.document = document
        self.directive_problems = suppressions.problems
        self.config = config
        self.options: dict[str, Any] = {}
        self._enabled = {rule.code for rule in config.enabled()}
        self._shared = analysis
        self._analysis: tuple[dict[int, Any], dict[int, dict]] | None = None

    def is_enabled(self, code: str) -> bool:
        return code in self._enabled

    def options_for(self, code: str) -> dict[str, Any]:
        return self.config.rule_options(rules.find(code))

    def problem(self, span: Span, message: str, suggestion: str = "", fixable: bool = False) -> Problem:
        return Problem(span, message, suggestion, fixable)

    @property
    def classifier_threshold(self) -> float:
        if self.config.classifier_threshold is not None:
            return self.config.classifier_threshold
        return self._classifier().threshold

    def _classifier(self):
        from .classifier.loader import load_cached

        return load_cached(self.config.model_path, self.config.trust_model)

    def _analysed(self) -> tuple[dict[int, Any], dict[int, dict]]:
        if self._analysis is None:
            from . import measure

            shared = self._shared
            selection = shared.selections.get(id(self.document)) if shared else None
            if shared is None or selection is None:
                selection = _to_read(self.document, self.config)
                shared = _analyse_selected({id(self.document): selection}, self.config.jobs)
            measured = [*selection.krs, *_stand_ins(selection.objectives)]
            keys = [id(item) for item in [*selection.krs, *selection.objectives]]
            measurements = {key: measure.with_fields(item, shared.read[text])
                            for key, item, text in zip(keys, measured, selection.measure_texts)}
            records = {id(kr): shared.made[text] for kr, text in zip(selection.classified, selection.feature_texts)}
            self._analysis = (measurements, records)
        return self._analysis

    def measurement(self, kr: KeyResult):
        return self._analysed()[0][id(kr)]

    def objective_value(self, objective: Objective):
        """The start or target value an Objective states, or None."""
        measured = self._analysed()[0].get(id(objective))
        return measured and (measured.target or measured.start)

    def classifications(self, krs: list[KeyResult]):
        records = self._analysed()[1]
        return self._classifier().classify_records([kr.text for kr in krs], [records[id(kr)] for kr in krs])


def check(document: Document, source: str, config: Config, analysis: Analysis | None = None) -> list[Finding]:
    """Findings for one parsed document under the enabled rules, suppressions applied, sorted;
    ``analysis`` (from ``analyse``) when the run parsed its texts already."""
    suppressions = directives.read(source, document.format)
    context = Context(document, suppressions, config, analysis)
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

"""The rule registry. Each rule is a module whose docstring is its documentation and which defines
``CODE``, ``NAME``, ``SEVERITY``, ``OPTIONS`` (option name -> default), ``READS`` (what it asks the
context for, so that the engine parses only what the enabled rules need: ``"key_results"`` for
``context.measurement``, ``"objectives"`` for ``context.objective_value``, ``"classifier"`` for
``context.classifications``) and ``check(document, context)``, a generator of ``Problem``. The
engine, not the rule, stamps code, name and severity on what it yields.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Iterable, Mapping

from ..model import Severity, Span


@dataclass(frozen=True)
class Problem:
    span: Span
    message: str
    suggestion: str = ""
    fixable: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    options: Mapping[str, Any]
    doc: str
    check: Callable[..., Iterable[Problem]] = field(repr=False)
    reads: frozenset[str] = frozenset()

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()


def _rule(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=Severity(module.SEVERITY),
        options=dict(getattr(module, "OPTIONS", {})),
        doc=inspect.cleandoc(module.__doc__ or ""),
        check=module.check,
        reads=frozenset(getattr(module, "READS", ())),
    )


def _load() -> tuple[Rule, ...]:
    from . import (
        bad_directive,
        direction_mismatch,
        no_metric,
        no_start_value,
        no_target,
        objective_has_metric,
        objective_without_key_results,
        output_not_outcome,
        task_verb,
        too_many_key_results,
    )

    modules = (
        objective_has_metric, objective_without_key_results, too_many_key_results,
        no_metric, no_target, no_start_value, direction_mismatch, task_verb, output_not_outcome,
        bad_directive,
    )
    return tuple(_rule(module) for module in modules)


RULES: tuple[Rule, ...] = _load()
_BY_KEY = {key.lower(): rule for rule in RULES for key in (rule.code, rule.name)}


def find(code_or_name: str) -> Rule | None:
    return _BY_KEY.get(code_or_name.strip().lower())


def matching(selector: str) -> list[Rule]:
    """Rules a selector names: a code, a name, a code prefix (``KR1``, ``KR``) or ``ALL``."""
    key = selector.strip()
    if key.upper() == "ALL":
        return list(RULES)
    if (rule := find(key)) is not None:
        return [rule]
    return [rule for rule in RULES if rule.code.startswith(key.upper()) and key[:1].isalpha()]

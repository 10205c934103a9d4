"""YAML and JSON: a list of Objectives (or a mapping holding one under ``objectives``/``okrs``).

Keys are matched in their common spellings, case- and separator-insensitively (``key_results``,
``keyResults``, ``Key Results``, ``krs``). A Key Result is a string or a mapping whose text sits under
``text``/``title``/``name``/``description``/``kr`` and whose stated values sit under
``start``/``baseline``/``current``, ``target``/``goal``, ``unit`` and ``owner``.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import KrlintError
from ..model import Document, Initiative, KeyResult, Objective, Span

MAX_NODES = 200_000
MAX_DEPTH = 200

_TEXT_KEYS = ("objective", "title", "name", "text", "description", "kr", "keyresult", "summary")
_KR_KEYS = ("keyresults", "krs", "results", "keyresult")
_INITIATIVE_KEYS = ("initiatives", "initiative", "tasks", "projects")
_CHILD_KEYS = ("children", "subkeyresults", "subkrs")
_CONTAINER_KEYS = ("objectives", "okrs", "goals")
_START_KEYS = ("start", "baseline", "current", "from", "startvalue", "initial")
_TARGET_KEYS = ("target", "goal", "to", "targetvalue")


def _normal(key: Any) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _lookup(mapping: dict, keys: tuple[str, ...]) -> tuple[Any, Any] | None:
    """The first (key, value) whose normalised key is among ``keys``, in the order of ``keys``."""
    normal = {_normal(key): key for key in mapping}
    for wanted in keys:
        if wanted in normal:
            key = normal[wanted]
            return key, mapping[key]
    return None


class _Reader:
    def __init__(self, text: str, path: str):
        self.path = path
        self.lines = text.split("\n")
        self.nodes = 0

    def count(self, depth: int) -> None:
        # Aliases let a few lines stand for billions of nodes; a bound keeps a YAML bomb harmless.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise KrlintError(f"more than {MAX_NODES} YAML nodes (an alias bomb?); not read")
        if depth > MAX_DEPTH:
            raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read")

    def span(self, line0: int, col0: int, text: str) -> Span:
        """Where ``text`` (a scalar) appears, found from the node's 0-based start; quoted and
        folded scalars fall back to the node's start line."""
        line = self.lines[line0] if line0 < len(self.lines) else ""
        first = text.split("\n", 1)[0]
        found = line.find(first[:40], col0)
        column = found if found >= 0 else col0
        return Span(line0 + 1, column + 1, line0 + 1, column + 1 + (len(first) if found >= 0 else 1))

    def scalar_span(self, parent: Any, key_or_index: Any, value: str) -> Span:
        try:
            if isinstance(parent, dict):
                line0, col0 = parent.lc.value(key_or_index)
            else:
                line0, col0 = parent.lc.item(key_or_index)
        except (AttributeError, KeyError, IndexError, TypeError):
            line0, col0 = 0, 0
        return self.span(line0, col0, value)

    def objectives(self, data: Any) -> tuple[list[Objective], list[KeyResult]]:
        if isinstance(data, dict):
            found = _lookup(data, _CONTAINER_KEYS)
            if found is not None:
                data = found[1]
            elif _lookup(data, _KR_KEYS) is not None:
                data = [data]
            else:
                raise KrlintError("no list of objectives found (expected a list, or an 'objectives' key)")
        if data is None:
            return [], []
        if not isinstance(data, list):
            raise KrlintError("expected a list of objectives")
        objectives = []
        for index, entry in enumerate(data):
            self.count(1)
            objectives.append(self.objective(data, index, entry))
        return objectives, []

    def objective(self, parent: list, index: int, entry: Any) -> Objective:
        if isinstance(entry, str):
            return Objective(entry, self.scalar_span(parent, index, entry))
        if not isinstance(entry, dict):
            raise KrlintError(f"objective {index + 1} is a {type(entry).__name__}, not a mapping", self.line_of(parent, index))
        text_entry = _lookup(entry, _TEXT_KEYS)
        if text_entry is None:
            text, span = "", self.node_span(entry)
        else:
            text = "" if text_entry[1] is None else str(text_entry[1])
            span = self.scalar_span(entry, text_entry[0], text)
        krs = self.items(entry, _KR_KEYS, self.key_result, 2)
        initiatives = self.items(entry, _INITIATIVE_KEYS, self.initiative, 2)
        return Objective(text, span, tuple(krs), tuple(initiatives))

    def items(self, entry: dict, keys: tuple[str, ...], build, depth: int) -> list:
        found = _lookup(entry, keys)
        if found is None or found[1] is None:
            return []
        values = found[1]
        if not isinstance(values, list):
            values = [values]
            return [build(entry, found[0], values[0], depth)]
        return [build(values, index, value, depth + 1) for index, value in enumerate(values)]

    def key_result(self, parent: Any, key: Any, entry: Any, depth: int) -> KeyResult:
        self.count(depth)
        if not isinstance(entry, dict):
            text = self.scalar(parent, key, entry, "Key Result")
            return KeyResult(text, self.scalar_span(parent, key, text))
        text_entry = _lookup(entry, _TEXT_KEYS)
        text = "" if text_entry is None or text_entry[1] is None else str(text_entry[1])
        span = self.scalar_span(entry, text_entry[0], text) if text_entry else self.node_span(entry)
        children = self.items(entry, _CHILD_KEYS + _KR_KEYS, self.key_result, depth + 1)
        return KeyResult(
            text, span,
            start=_value(entry, _START_KEYS), target=_value(entry, _TARGET_KEYS),
            unit=_value(entry, ("unit", "units")), owner=_value(entry, ("owner", "assignee", "lead")),
            children=tuple(children),
        )

    def initiative(self, parent: Any, key: Any, entry: Any, depth: int) -> Initiative:
        self.count(depth)
        if isinstance(entry, dict):
            text_entry = _lookup(entry, _TEXT_KEYS)
            text = "" if text_entry is None else str(text_entry[1])
            return Initiative(text, self.scalar_span(entry, text_entry[0], text) if text_entry else self.node_span(entry))
        text = self.scalar(parent, key, entry, "Initiative")
        return Initiative(text, self.scalar_span(parent, key, text))

    def scalar(self, parent: Any, key: Any, entry: Any, what: str) -> str:
        # Never str() a list: through aliases it can stand for billions of nodes.
        if isinstance(entry, list):
            raise KrlintError(f"a {what} is a list; expected text or a mapping", self.line_of(parent, key))
        return "" if entry is None else str(entry)

    def node_span(self, node: Any) -> Span:
        try:
            return Span(node.lc.line + 1, node.lc.col + 1, node.lc.line + 1, node.lc.col + 2)
        except AttributeError:
            return Span(1, 1, 1, 2)

    def line_of(self, parent: Any, index: Any) -> int | None:
        try:
            if isinstance(parent, dict):
                return parent.lc.value(index)[0] + 1
            return parent.lc.item(index)[0] + 1
        except (AttributeError, KeyError, IndexError, TypeError):
            return None


def _value(entry: dict, keys: tuple[str, ...]) -> str | None:
    found = _lookup(entry, keys)
    if found is None or found[1] is None or isinstance(found[1], (dict, list)):
        return None
    return str(found[1])


def parse(text: str, path: str) -> Document:
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise KrlintError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except YAMLError as error:
        raise KrlintError(f"invalid YAML: {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read") from None
    reader = _Reader(text, path)
    try:
        objectives, loose = reader.objectives(data)
    except RecursionError:
        raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read") from None
    return Document(path, "yaml", tuple(objectives), tuple(loose))

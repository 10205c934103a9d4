"""YAML and JSON: a list of Objectives (or a mapping holding one under ``objectives``/``okrs``).

Keys are matched in their common spellings, case- and separator-insensitively (``key_results``,
``keyResults``, ``Key Results``, ``krs``). A Key Result is a string or a mapping whose text sits under
``text``/``title``/``name``/``description``/``kr`` and whose stated values sit under
``start``/``baseline``/``current``, ``target``/``goal``, ``unit`` and ``owner``.
"""

from __future__ import annotations

import re
import warnings
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
    # Only a scalar names a field: str() of a list or mapping key can stand for billions of nodes.
    if not isinstance(key, (str, int, float)):
        return ""
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _kind(value: Any) -> str:
    """What a YAML value is, in YAML's words."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if value is None:
        return "empty"
    return "text" if isinstance(value, str) else "a number" if isinstance(value, (int, float)) else "a value"


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
        self.lines = re.split(r"\r\n|\r|\n", text)  # the lines as ruamel (and fix.split_lines) count them
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
        rest = line[col0:].rstrip()
        if found >= 0:
            column, end = found, min(found + len(first), len(line))
        elif rest and first.startswith(rest):  # a plain scalar folded from several lines: its first line
            column, end = col0, col0 + len(rest)
        else:
            column = min(col0, len(line))
            end = min(column + 1, len(line))
        return Span(line0 + 1, column + 1, line0 + 1, end + 1)

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
            text = _text(entry)
            return Objective(text, self.scalar_span(parent, index, text))
        if not isinstance(entry, dict):
            raise KrlintError(f"objective {index + 1} is {_kind(entry)}, not a mapping", self.line_of(parent, index))
        text_entry = _lookup(entry, _TEXT_KEYS)
        if text_entry is None:
            text, span = "", self.node_span(entry)
        else:
            text = self.scalar(entry, text_entry[0], text_entry[1], "Objective")
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
        text = "" if text_entry is None else self.scalar(entry, text_entry[0], text_entry[1], "Key Result's text")
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
            text = "" if text_entry is None else self.scalar(entry, text_entry[0], text_entry[1], "Initiative's text")
            return Initiative(text, self.scalar_span(entry, text_entry[0], text) if text_entry else self.node_span(entry))
        text = self.scalar(parent, key, entry, "Initiative")
        return Initiative(text, self.scalar_span(parent, key, text))

    def scalar(self, parent: Any, key: Any, entry: Any, what: str) -> str:
        # Never str() a list or a mapping: through aliases it can stand for billions of nodes.
        if isinstance(entry, (list, tuple, set)):
            raise KrlintError(f"a {what} is a list; expected text or a mapping", self.line_of(parent, key))
        if isinstance(entry, dict):
            raise KrlintError(f"a {what} is a mapping; expected text", self.line_of(parent, key))
        return "" if entry is None else _text(entry)

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
    return _text(found[1])


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any) -> str:
    """A scalar as text. Escapes (``"\\ud83d"``) can make lone surrogates, which no UTF-8 output
    or spaCy takes: a pair becomes its character, a lone one U+FFFD."""
    text = str(value)
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


# ruamel counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks (as YAML 1.1 did); YAML 1.2
# and every editor do not. Read as spaces (one character for one), they leave ruamel's lines and
# columns the file's own.
_NOT_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def parse(text: str, path: str) -> Document:
    yaml = YAML(typ="rt")
    try:
        with warnings.catch_warnings():  # ruamel warns on stderr (a reused anchor); errors are what krlint reports
            warnings.simplefilter("ignore")
            data = yaml.load(text.translate(_NOT_BREAKS))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise KrlintError(f"invalid YAML: {_one_line(problem)}", mark.line + 1 if mark else None) from None
    except YAMLError as error:
        raise KrlintError(f"invalid YAML: {_first_line(error)}") from None
    except RecursionError:
        raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read") from None
    except Exception as error:  # noqa: BLE001 - ruamel's constructors raise what they meet (unhashable keys, huge ints)
        if isinstance(error, TypeError) and "unhashable" in str(error):
            raise KrlintError("invalid YAML: a list or mapping is used as a mapping key") from None
        if isinstance(error, ValueError) and "digits" in str(error):  # Python reads ints of up to 4300 digits
            raise KrlintError("invalid YAML: a number too long to read (thousands of digits)") from None
        raise KrlintError(f"invalid YAML: {_first_line(error)}") from None
    _check_expansion(data)
    reader = _Reader(text.translate(_NOT_BREAKS), path)
    try:
        objectives, loose = reader.objectives(data)
    except RecursionError:
        raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read") from None
    return Document(path, "yaml", tuple(objectives), tuple(loose))


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return _one_line(lines[0] if lines else type(error).__name__)


def _one_line(problem: str) -> str:
    """ruamel's description of a problem, short enough for one line: some quote the values they met
    ("found duplicate key ... with value ...")."""
    problem = " ".join(str(problem).split())
    return problem if len(problem) <= 160 else problem[:159] + "…"


def _check_expansion(data: Any) -> None:
    """Refuses data whose aliases stand for more than MAX_NODES nodes beyond those written (a
    "billion laughs" alias bomb), or refer to themselves, before anything walks it. Each distinct
    node is visited once: the sizes of shared nodes are remembered."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    written = 1

    def size(node: Any, depth: int) -> int:
        nonlocal written
        if isinstance(node, dict):
            children = list(node.keys()) + list(node.values())
        elif isinstance(node, (list, tuple, set)):
            children = list(node)
        else:
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise KrlintError("an alias refers to the node that holds it (a recursive YAML alias); not read")
        if depth > MAX_DEPTH:
            raise KrlintError(f"nested deeper than {MAX_DEPTH} levels; not read")
        open_.add(key)
        written += len(children)
        total = 1 + sum(size(child, depth + 1) for child in children)
        open_.discard(key)
        sizes[key] = total
        if total - written > MAX_NODES:
            raise KrlintError(f"its aliases expand to more than {MAX_NODES} YAML nodes (an alias bomb); not read")
        return total

    size(data, 0)

"""Configuration: ``[tool.krlint]`` in pyproject.toml, or a ``.krlint.toml``, found upward from the
linted file. Unknown keys and bad values are errors that name the key.

    select = ["KR", "OB101"]          # codes, names, code prefixes or "ALL"; default: all rules
    ignore = ["task-verb"]
    fail-on = "warning"                # error | warning | info | never
    include = ["goals/*.md"]           # extra files a directory walk lints
    classifier-threshold = 0.8

    [tool.krlint.rules.OB103]          # per rule, by code or name
    severity = "error"
    max = 4
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from . import rules, sources
from .errors import KrlintError
from .model import Severity

CONFIG_FILES = (".krlint.toml", "krlint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
_TOP_KEYS = {"select", "ignore", "fail-on", "include", "classifier-threshold", "rules"}


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    include: tuple[str, ...] = ()
    classifier_threshold: float | None = None
    severities: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None
    # Only the command line or the library may point at another model: a config file in a
    # repository could otherwise make anyone who lints it unpickle (run) a file of its choosing.
    model_path: str | None = None
    trust_model: bool = False
    # Processes that may share the analysis of a large run: None for one per CPU (at most 4), 1 for this one.
    jobs: int | None = None

    def enabled(self) -> list[rules.Rule]:
        chosen = {rule.code for selector in self.select for rule in rules.matching(selector)}
        chosen -= {rule.code for selector in self.ignore for rule in rules.matching(selector)}
        return [rule for rule in rules.RULES if rule.code in chosen]

    def severity(self, rule: rules.Rule) -> Severity:
        return self.severities.get(rule.code, rule.severity)

    def rule_options(self, rule: rules.Rule) -> dict[str, Any]:
        return {**rule.options, **self.options.get(rule.code, {})}

    def fails(self, severity: Severity) -> bool:
        return self.fail_on != "never" and severity.rank >= Severity(self.fail_on).rank

    def override(self, **changes: Any) -> "Config":
        """A copy with the given settings (as the command line states them) replaced and checked."""
        given = {key: value for key, value in changes.items() if value is not None}
        for key in ("select", "ignore"):
            if key in given:
                given[key] = _selectors(list(given[key]), key.replace("_", "-"), self.source)
        if "fail_on" in given:
            given["fail_on"] = _fail_on(given["fail_on"], self.source)
        return replace(self, **given)


def _error(source: str | None, message: str) -> KrlintError:
    return KrlintError(f"{message}" if source is None else f"config {source}: {message}")


def _selectors(values: Any, key: str, source: str | None) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise _error(source, f"'{key}' must be a list of rule codes or names")
    flat = [part.strip() for value in values for part in value.split(",") if part.strip()]
    for value in flat:
        if not rules.matching(value):
            raise _error(source, f"'{key}' names an unknown rule '{value}'")
    return tuple(flat)


def _fail_on(value: Any, source: str | None) -> str:
    if not isinstance(value, str) or value.lower() not in FAIL_ON:
        raise _error(source, f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {value!r}")
    return value.lower()


def from_mapping(table: Mapping[str, Any], source: str | None = None) -> Config:
    """A Config from the krlint table of a TOML file, every key and value checked."""
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise _error(source, f"unknown key '{unknown[0]}' (known: {', '.join(sorted(_TOP_KEYS))})")
    config = Config(source=source)
    if "select" in table:
        config = replace(config, select=_selectors(table["select"], "select", source))
    if "ignore" in table:
        config = replace(config, ignore=_selectors(table["ignore"], "ignore", source))
    if "fail-on" in table:
        config = replace(config, fail_on=_fail_on(table["fail-on"], source))
    if "include" in table:
        include = table["include"]
        if not isinstance(include, list) or not all(isinstance(glob, str) for glob in include):
            raise _error(source, "'include' must be a list of glob patterns")
        config = replace(config, include=tuple(include))
    if "classifier-threshold" in table:
        threshold = table["classifier-threshold"]
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise _error(source, f"'classifier-threshold' must be a number from 0 to 1, not {threshold!r}")
        config = replace(config, classifier_threshold=float(threshold))
    severities, options = _rule_tables(table.get("rules", {}), source)
    return replace(config, severities=severities, options=options)


def _rule_tables(tables: Any, source: str | None) -> tuple[dict, dict]:
    if not isinstance(tables, dict):
        raise _error(source, "'rules' must be a table of rule tables")
    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    for key, settings in tables.items():
        rule = rules.find(key)
        if rule is None:
            raise _error(source, f"'rules.{key}' names an unknown rule")
        if not isinstance(settings, dict):
            raise _error(source, f"'rules.{key}' must be a table")
        for name, value in settings.items():
            where = f"rules.{key}.{name}"
            if name == "severity":
                if value not in ("error", "warning", "info"):
                    raise _error(source, f"'{where}' must be error, warning or info, not {value!r}")
                severities[rule.code] = Severity(value)
            elif name not in rule.options:
                known = ", ".join(["severity", *rule.options])
                raise _error(source, f"unknown key '{where}' (known: {known})")
            else:
                _check_option(rule.options[name], value, where, source)
                options.setdefault(rule.code, {})[name] = value
    return severities, options


def _check_option(default: Any, value: Any, where: str, source: str | None) -> None:
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(value, bool) and isinstance(default, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and value >= 0
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise _error(source, f"'{where}' has the wrong type: {value!r} (default is {default!r})")


def load_file(path: Path) -> Config | None:
    """The krlint settings in one file, or None when it is a pyproject.toml without them."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise KrlintError(f"config {path}: invalid TOML: {error}") from None
    except OSError as error:
        raise KrlintError(f"config {path}: {error.strerror}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("krlint")
        if table is None:
            return None
    else:
        table = data
    return from_mapping(table, str(path))


class Finder:
    """Finds the settings for each linted file: the nearest config file upward from it. Lookups
    are remembered for the life of one Finder (one run), never across runs."""

    def __init__(self) -> None:
        self._by_directory: dict[Path, Config] = {}

    def for_file(self, path: Path) -> Config:
        return self.for_directory(sources.resolved(path).parent)  # a link loop: its name's own directory

    def for_directory(self, directory: Path) -> Config:
        if directory not in self._by_directory:
            self._by_directory[directory] = self._search(directory)
        return self._by_directory[directory]

    def _search(self, directory: Path) -> Config:
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                found = load_file(candidate)
                if found is not None:
                    return found
        if directory.parent == directory:
            return Config()
        return self.for_directory(directory.parent)

"""The library: parse and lint texts and files. No printing, no exits, no state kept between calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from . import engine, sources
from .config import Config, Finder
from .errors import KrlintError
from .model import Document, Finding, InputError, LintResult


def parse_text(text: str, format: str = "markdown", path: str = "<text>") -> Document:
    """The Objectives, Key Results and Initiatives in ``text``; raises KrlintError on bad input."""
    return engine.parse(text, _checked_format(format), path)


def parse_file(path: str | Path) -> Document:
    path = str(path)
    return engine.parse(sources.read_text(path), sources.format_for(path), path)


def lint_text(text: str, format: str = "markdown", path: str = "<text>", config: Config | None = None) -> list[Finding]:
    """Findings for one text, sorted by position; raises KrlintError on bad input."""
    config = config or Config()
    document = parse_text(text, format, path)
    return engine.check(document, text, config)


def lint_paths(
    paths: Iterable[str | Path],
    config: Config | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[LintResult]:
    """One result per linted file. Directories are walked for OKR files. Each file's settings are
    ``config`` when given, else the nearest config file upward from it; ``overrides`` (select,
    ignore, fail_on, ...) apply on top. A bad file gives a result with an error, never an exception."""
    finder = Finder()
    results: list[LintResult] = []

    def settings(path: Path) -> Config:
        base = config if config is not None else finder.for_file(path)
        return base.override(**overrides) if overrides else base

    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            try:
                include = settings(path / "_").include
                found = list(sources.walk(path, include))
            except KrlintError as error:
                results.append(LintResult(str(path), error=InputError(str(path), error.message, error.line)))
                continue
            if not found:
                message = "no OKR files here (names with 'okr' or 'objective', or the config's include globs)"
                results.append(LintResult(str(path), error=InputError(str(path), message)))
            results.extend(_lint_file(each, settings) for each in found)
        else:
            results.append(_lint_file(path, settings))
    return results


def lint_source(text: str, format: str, path: str, config: Config) -> LintResult:
    """Lint a text already read (standard input, an editor buffer); bad input becomes the
    result's error instead of an exception."""
    try:
        document = parse_text(text, format, path)
        findings = engine.check(document, text, config)
    except KrlintError as error:
        return LintResult(path, error=InputError(path, error.message, error.line))
    return LintResult(path, tuple(findings), document=document)


def _lint_file(path: Path, settings) -> LintResult:
    name = str(path)
    try:
        config = settings(path)
        source = sources.read_text(name)
    except KrlintError as error:
        return LintResult(name, error=InputError(name, error.message, error.line))
    return lint_source(source, sources.format_for(name), name, config)


def _checked_format(fmt: str) -> str:
    if fmt not in engine.PARSERS:
        raise KrlintError(f"unknown format '{fmt}' (use one of: {', '.join(engine.PARSERS)})")
    return fmt

"""The library: parse and lint texts and files. No printing, no exits, no state kept between calls."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from . import changes, engine, sources
from .cache import ResultCache
from .config import Config, Finder
from .errors import KrlintError
from .fix import FixResult
from .model import Document, Finding, InputError, LintResult

if TYPE_CHECKING:
    from .classifier.loader import Classification


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
    changed_since: str | None = None,
    cache: ResultCache | None = None,
    progress: Callable[[list], Iterable] | None = None,
) -> list[LintResult]:
    """One result per linted file. Directories are walked for OKR files. Each file's settings are
    ``config`` when given, else the nearest config file upward from it; ``overrides`` (select,
    ignore, fail_on, ...) apply on top. With ``changed_since`` (a git ref), only findings on the
    Objectives and Key Results changed since then are kept, and unchanged files are not read.
    With ``cache``, a file whose text and settings were linted before is answered from it (not with
    ``changed_since``, which needs the parsed document). ``progress`` wraps the list of files being
    linted (a progress bar). A bad file gives a result with an error, never an exception; a bad ref
    raises KrlintError."""
    settings = _Settings(config, overrides)
    paths = [Path(path) for path in paths]
    changed = None
    if changed_since:
        first = next((path for path in paths if path.exists()), Path.cwd())
        changed = changes.changed_lines(changed_since, first if first.is_dir() else first.parent)
        cache = None  # keeping only changed findings needs the parsed document

    results: list[LintResult | None] = []
    batch: list[tuple[int, _Parsed]] = []
    texts_in_batch = 0
    targets = list(_files(paths, settings))
    shown = progress(targets) if progress else targets
    for position, item in enumerate(shown, 1):
        if isinstance(item, InputError):
            results.append(LintResult(item.path, error=item))
        elif changed is not None and sources.resolved(item) not in changed:
            results.append(LintResult(str(item)))
        elif isinstance(read := _read(item, settings, cache), LintResult):
            results.append(read)
        else:
            batch.append((len(results), read))
            results.append(None)
            texts_in_batch += read.texts
        # Every batch is checked inside the loop, so that a progress bar moves with the work (a
        # few files at a time while it shows: it runs a thread, so no worker is forked then).
        if batch and (texts_in_batch >= BATCH_TEXTS or position == len(targets)
                      or shown is not targets and len(batch) >= FILES_PER_STEP):
            _check_batch(batch, results, cache)
            batch, texts_in_batch = [], 0
    done: list[LintResult] = results  # type: ignore[assignment]  # every None was filled in
    return done if changed is None else [_only_changed(result, changed) for result in done]


def _only_changed(result: LintResult, changed: Mapping[Path, "set[int] | None"]) -> LintResult:
    if result.document is None:
        return result
    lines = changed[sources.resolved(Path(result.path))]
    return LintResult(result.path, tuple(changes.keep_changed(result.findings, result.document, lines)),
                      document=result.document)


# Files are parsed, then their texts analysed together, this many Key Results and Objectives at a
# time: one spaCy stream (shared by processes when large) for many small files, in bounded memory.
BATCH_TEXTS = 5_000
FILES_PER_STEP = 4


class _Parsed:
    """A file read and parsed, waiting for its texts to be analysed with others'."""

    def __init__(self, path: str, source: str, config: Config, document: Document, key: str | None):
        self.path, self.source, self.config, self.document, self.key = path, source, config, document, key
        self.texts = len(document.objectives) + sum(1 for _ in document.key_results())


def _read(path: Path, settings: "_Settings", cache: ResultCache | None) -> "LintResult | _Parsed":
    """The file read and parsed; or its result already: an input error, or the cached findings."""
    name = str(path)
    try:
        config = settings(path)
        source = sources.read_text(name)
        fmt = sources.format_for(name)
        key = cache.key(name, fmt, source, config) if cache is not None else None
        if key is not None and (findings := cache.get(key, name)) is not None:  # type: ignore[union-attr]
            return LintResult(name, findings)
        return _Parsed(name, source, config, parse_text(source, fmt, name), key)
    except KrlintError as error:
        return LintResult(name, error=InputError(name, error.message, error.line))


def _check_batch(batch: list[tuple[int, _Parsed]], results: list, cache: ResultCache | None) -> None:
    """Check the parsed files of ``batch`` (never empty) with their texts analysed together, into
    ``results``."""
    try:
        analysis = engine.analyse([(parsed.document, parsed.config) for _, parsed in batch], batch[0][1].config.jobs)
    except KrlintError as error:  # no spaCy pipeline, say: every file of the batch says so
        for index, parsed in batch:
            results[index] = LintResult(parsed.path, error=InputError(parsed.path, error.message))
        return
    for index, parsed in batch:
        try:
            findings = engine.check(parsed.document, parsed.source, parsed.config, analysis)
        except KrlintError as error:
            results[index] = LintResult(parsed.path, error=InputError(parsed.path, error.message, error.line))
            continue
        if cache is not None and parsed.key is not None:
            cache.put(parsed.key, findings)
        results[index] = LintResult(parsed.path, tuple(findings), document=parsed.document)


class _Settings:
    """The settings for each file of one run: ``config`` when given, else the nearest config file
    upward from the file; ``overrides`` on top."""

    def __init__(self, config: Config | None, overrides: Mapping[str, Any] | None):
        self.config, self.overrides, self.finder = config, overrides, Finder()

    def __call__(self, path: Path) -> Config:
        base = self.config if self.config is not None else self.finder.for_file(path)
        return base.override(**self.overrides) if self.overrides else base


_NO_OKR_FILES = "no OKR files here (names with 'okr', 'objective' or 'goal', or the config's include globs)"


def _files(paths: Iterable[str | Path], settings: _Settings) -> Iterator[Path | InputError]:
    """The files the paths name, directories walked for OKR files; an InputError for a directory
    that holds none or whose settings are broken."""
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        try:
            found = list(sources.walk(path, settings(path / "_").include))
        except KrlintError as error:
            yield InputError(str(path), error.message, error.line)
            continue
        if not found:
            yield InputError(str(path), _NO_OKR_FILES)
        yield from found


def classify(texts: Sequence[str], model_path: str | None = None, trust_model: bool = False) -> list[Classification]:
    """Label each Key Result text ``outcome`` or ``output`` with a confidence, in one batch."""
    from .classifier.loader import load_cached

    return load_cached(model_path, trust_model).classify(list(texts))


def lint_source(text: str, format: str, path: str, config: Config) -> LintResult:
    """Lint a text already read (standard input, an editor buffer); bad input becomes the
    result's error instead of an exception."""
    try:
        document = parse_text(text, format, path)
        findings = engine.check(document, text, config)
    except KrlintError as error:
        return LintResult(path, error=InputError(path, error.message, error.line))
    return LintResult(path, tuple(findings), document=document)


def fix_text(
    text: str, format: str = "markdown", path: str = "<text>", config: Config | None = None, task_verbs: bool = False
) -> str:
    """``text`` with the Key Results flagged as outputs (KR301; with ``task_verbs`` also those flagged
    as tasks, KR201) moved into their Objectives' Initiatives; raises KrlintError on bad input.
    Fixing the result again changes nothing."""
    fixed, _moved, _document, _findings = _fixed(text, _checked_format(format), path, config or Config(), task_verbs)
    return fixed


def fix_source_text(text: str, format: str, path: str, config: Config, task_verbs: bool = False) -> FixResult:
    """Fix a text already read (a file's exact text, standard input): the fixed text, the number of
    Key Results moved, and the findings that remain; bad input becomes the result's error."""
    try:
        fixed, moved, document, findings = _fixed(text, _checked_format(format), path, config, task_verbs)
    except KrlintError as error:
        return FixResult(path, text, None, 0, LintResult(path, error=InputError(path, error.message, error.line)))
    return FixResult(path, text, fixed, moved, LintResult(path, tuple(findings), document=document))


def fix_paths(
    paths: Iterable[str | Path],
    config: Config | None = None,
    overrides: Mapping[str, Any] | None = None,
    task_verbs: bool = False,
) -> list[FixResult]:
    """``fix_source_text`` for each file ``lint_paths`` would lint (settings found the same way), each
    read exactly as written (line endings and byte-order mark kept, so that writing the fixed text
    back changes nothing else). Writes nothing; a file named twice is fixed once."""
    import os

    settings = _Settings(config, overrides)
    results: list[FixResult] = []
    seen: set[str] = set()
    for item in _files(paths, settings):
        if isinstance(item, InputError):
            results.append(_unfixed(item.path, item))
        elif os.path.realpath(item) not in seen:
            seen.add(os.path.realpath(item))
            results.append(_fix_file(item, settings, task_verbs))
    return results


_MAX_FIX_PASSES = 5


def _fixed(text: str, fmt: str, path: str, config: Config, task_verbs: bool) -> tuple[str, int, Document, list[Finding]]:
    """Lints, moves what the findings call for, and lints again until nothing more moves: the result
    is a fixed point, so fixing it again changes nothing. Returns the text, the number of Key Results
    moved, and the document and findings of the text returned."""
    from . import fix

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body, moved = text[len(bom):], 0
    for _ in range(_MAX_FIX_PASSES):
        document = engine.parse(body, fmt, path)
        findings = engine.check(document, body, config)
        outcome = fix.apply_moves(body, document, fix.select_moves(document, findings, task_verbs))
        if outcome.text == body:
            break
        body, moved = outcome.text, moved + len(outcome.moved)
    else:
        document = engine.parse(body, fmt, path)
        findings = engine.check(document, body, config)
    return bom + body, moved, document, findings


def _fix_file(path: Path, settings, task_verbs: bool) -> FixResult:
    name = str(path)
    try:
        config = settings(path)
        sources.read_text(name)  # refuses what krlint does not lint: missing, too large, binary, not UTF-8
        text = path.read_bytes().decode("utf-8")
    except KrlintError as error:
        return _unfixed(name, InputError(name, error.message, error.line))
    except (OSError, UnicodeDecodeError) as error:
        return _unfixed(name, InputError(name, str(error)))
    return fix_source_text(text, sources.format_for(name), name, config, task_verbs)


def _unfixed(path: str, error: InputError) -> FixResult:
    return FixResult(path, None, None, 0, LintResult(path, error=error))


def _checked_format(fmt: str) -> str:
    if fmt not in engine.PARSERS:
        raise KrlintError(f"unknown format '{fmt}' (use one of: {', '.join(engine.PARSERS)})")
    return fmt

"""The command line: a thin layer over the library. No lint logic lives here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__, api, rules, sources
from .cache import ResultCache
from .config import Config, Finder, load_file
from .errors import KrlintError
from .model import InputError, LintResult
from .output import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _colour(stream) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def _split(values: tuple[str, ...]) -> list[str] | None:
    return [part for value in values for part in value.split(",") if part.strip()] or None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="krlint")
def main() -> None:
    """krlint: a quality linter for OKRs."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)),
              # Called at invocation, so a run inside GitHub Actions annotates the diff without being told.
              default=lambda: "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
              show_default="github when GITHUB_ACTIONS=true, else text")
@click.option("--select", multiple=True, help="Rules to run: codes, names or code prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules to skip: codes, names or code prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one.")
@click.option("--stdin-format", type=click.Choice(["markdown", "yaml", "text", "csv"]), default="text", show_default=True, help="Format of standard input ('-').")
@click.option("--stdin-filename", default="-", help="Name to report standard input under (and to find its config from).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="Use this classifier model file instead of the shipped one.")
@click.option("--trust-model", is_flag=True, help="Load --model even though krlint did not ship its SHA-256 (a model file is a pickle: loading it runs code).")
@click.option("--changed-since", metavar="REF", help="Report only on Objectives and Key Results added or changed since this git ref.")
@click.option("--fix", is_flag=True, help="Move Key Results flagged as outputs (KR301) into their Objective's Initiatives, then report what remains.")
@click.option("--fix-task-verbs", is_flag=True, help="With --fix or --diff, also move those flagged as tasks (KR201).")
@click.option("--diff", is_flag=True, help="Print what --fix would change as a unified diff; write nothing.")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh instead of reusing results for unchanged files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes that may share a large run's analysis [default: one per CPU, at most 4; 1 keeps it in one process].")
def check(paths, output_format, select, ignore, fail_on, config_path, stdin_format, stdin_filename, model_path, trust_model, changed_since,
          fix, fix_task_verbs, diff, no_cache, jobs) -> None:
    """Lint OKR files (Markdown, YAML/JSON, text), directories of them, or '-' for standard input.

    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, config or input errors."""
    overrides = {"select": _split(select), "ignore": _split(ignore), "fail_on": fail_on,
                 "model_path": model_path, "trust_model": trust_model or None, "jobs": jobs}
    if fix or diff or fix_task_verbs:
        _check_fix(paths, output_format, config_path, stdin_format, stdin_filename, overrides,
                   fix=fix, diff=diff, task_verbs=fix_task_verbs, changed_since=changed_since)
    try:
        config = (load_file(Path(config_path)) or Config()) if config_path else None
        results = []
        file_paths = [path for path in paths if path != "-"]
        if "-" in paths:
            results.append(_lint_stdin(stdin_format, stdin_filename, config, overrides))
        cache = None if no_cache or changed_since else ResultCache()
        results.extend(api.lint_paths(file_paths, config=config, overrides=overrides, changed_since=changed_since,
                                      cache=cache, progress=_progress_bar()))
        effective = (config or Finder().for_directory(Path.cwd())).override(**overrides)
    except KrlintError as error:
        click.echo(f"krlint: {error.message}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(FORMATS[output_format](results, colour=_colour(sys.stdout)), nl=False)
    sys.exit(_exit_code(results, effective))


def _check_fix(paths, output_format, config_path, stdin_format, stdin_filename, overrides, *, fix, diff, task_verbs, changed_since) -> None:
    """``check --fix`` / ``--diff``: the library fixes in memory; here the changed files are written
    (or the diff printed) and what remains is reported. Exits."""
    from .fix import unified_diff, write_atomic

    if not (fix or diff):
        raise click.UsageError("--fix-task-verbs works with --fix or --diff")
    if changed_since:
        raise click.UsageError("--changed-since cannot be combined with --fix or --diff")
    try:
        config = (load_file(Path(config_path)) or Config()) if config_path else None
        stdin = _fix_stdin(stdin_format, stdin_filename, config, overrides, task_verbs) if "-" in paths else None
        fixes = ([stdin] if stdin else []) + api.fix_paths(
            [path for path in paths if path != "-"], config=config, overrides=overrides, task_verbs=task_verbs)
        effective = (config or Finder().for_directory(Path.cwd())).override(**overrides)
    except KrlintError as error:
        click.echo(f"krlint: {error.message}", err=True)
        sys.exit(EXIT_ERROR)
    results = [each.result for each in fixes]
    if diff:
        changed = [each for each in fixes if each.changed]
        for each in changed:
            click.echo(unified_diff(each), nl=False)
        for result in results:
            if result.error is not None:
                click.echo(f"krlint: {result.error}", err=True)
        click.echo(f"Would fix {sum(each.moved for each in changed)} Key Results in {len(changed)} files", err=True)
        code = _exit_code(results, effective)
        sys.exit(code if code == EXIT_ERROR or not changed else EXIT_FINDINGS)
    fixed = []
    for index, each in enumerate(fixes):
        if not each.changed:
            continue
        if each is not stdin:  # standard input is never written to: its fixed text goes to standard output
            try:
                write_atomic(each.path, each.fixed)
            except OSError as error:
                results[index] = LintResult(each.path, error=InputError(each.path, f"not written: {error.strerror or error}"))
                continue
        fixed.append(each)
    if stdin is not None:
        click.echo(stdin.fixed if stdin.fixed is not None else (stdin.original or ""), nl=False)
    report = sys.stderr if stdin is not None else sys.stdout
    click.echo(FORMATS[output_format](results, colour=_colour(report)), nl=False, err=stdin is not None)
    click.echo(f"Fixed {sum(each.moved for each in fixed)} Key Results in {len(fixed)} files", err=True)
    sys.exit(_exit_code(results, effective))


def _fix_stdin(fmt: str, filename: str, config: Config | None, overrides: dict, task_verbs: bool):
    from .fix import FixResult

    try:
        data = sys.stdin.buffer.read()
        sources.decode(data)  # refuses what krlint does not lint (binary, not UTF-8)
        text = data.decode("utf-8")
    except KrlintError as error:
        return FixResult(filename, None, None, 0, LintResult(filename, error=InputError(filename, error.message, error.line)))
    if config is None:
        config = Finder().for_directory(sources.resolved(filename).parent if filename != "-" else Path.cwd())
    return api.fix_source_text(text, fmt, filename, config.override(**overrides), task_verbs)


def _lint_stdin(fmt: str, filename: str, config: Config | None, overrides: dict) -> LintResult:
    try:
        text = sources.decode(sys.stdin.buffer.read())
    except KrlintError as error:
        return LintResult(filename, error=InputError(filename, error.message, error.line))
    if config is None:
        config = Finder().for_directory(sources.resolved(filename).parent if filename != "-" else Path.cwd())
    return api.lint_source(text, fmt, filename, config.override(**overrides))


def _progress_bar():
    """A bar on stderr while many files are linted, only where a person watches: a terminal, and
    not CI or a pre-commit hook's captured output."""
    if not sys.stderr.isatty() or os.environ.get("CI") or "NO_COLOR" in os.environ and os.environ.get("TERM") == "dumb":
        return None

    def bar(files: list) -> list | object:
        if len(files) < 20:
            return files
        from rich.progress import track

        return track(files, description="linting", console=_stderr_console(), transient=True)

    return bar


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _exit_code(results: list[LintResult], config: Config) -> int:
    if any(result.error is not None for result in results):
        return EXIT_ERROR
    if any(config.fails(finding.severity) for result in results for finding in result.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command(name="rules")
def list_rules() -> None:
    """List every rule: code, name, default severity and what it flags."""
    for rule in rules.RULES:
        click.echo(f"{rule.code}  {rule.name:<32} {rule.severity.value:<8} {rule.summary}")


@main.command(name="rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Print a rule's documentation (by code or name)."""
    rule = rules.find(code)
    if rule is None:
        click.echo(f"krlint: unknown rule '{code}' (see 'krlint rules')", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{rule.code} ({rule.name}), default severity: {rule.severity.value}\n")
    click.echo(rule.doc)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--stdin-format", type=click.Choice(["markdown", "yaml", "text", "csv"]), default="text", show_default=True)
def show(path: str, output_format: str, stdin_format: str) -> None:
    """Print the Objectives, Key Results and Initiatives krlint read in PATH, with what it measured."""
    from .output import outline

    try:
        if path == "-":
            document = api.parse_text(sources.decode(sys.stdin.buffer.read()), stdin_format, "-")
        else:
            document = api.parse_file(path)
        rendered = outline.render(document, output_format)
    except KrlintError as error:
        click.echo(f"krlint: {InputError(path, error.message, error.line)}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(rendered, nl=False)


@main.command()
@click.argument("source", default="-")
@click.option("--explain", is_flag=True, help="Add the features that weighed most in each decision.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="Use this model file instead of the shipped one.")
@click.option("--trust-model", is_flag=True, help="Load --model even though krlint did not ship its SHA-256.")
def classify(source: str, explain: bool, model_path: str | None, trust_model: bool) -> None:
    """Label Key Results outcome or output: one per line in (file or '-'), one JSON object per line out."""
    import json

    from .classifier import load

    try:
        text = sources.decode(sys.stdin.buffer.read()) if source == "-" else sources.read_text(source)
        texts = [line.strip() for line in text.split("\n") if line.strip()]
        classifier = load(model_path, trust_model)
        for result in classifier.classify(texts):
            row = {"text": result.text, "label": result.label, "confidence": result.confidence}
            if explain:
                row["explanation"] = [{"feature": name, "weight": weight} for name, weight in classifier.explain(result.text)]
            click.echo(json.dumps(row, ensure_ascii=False))
    except KrlintError as error:
        click.echo(f"krlint: {source}: {error.message}", err=True)
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("data", type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="Use this model file instead of the shipped one.")
@click.option("--trust-model", is_flag=True, help="Load --model even though krlint did not ship its SHA-256.")
def evaluate(data: str, output_format: str, model_path: str | None, trust_model: bool) -> None:
    """Measure the classifier on DATA.jsonl (lines with "text" and "label")."""
    import json

    from .classifier import load
    from .classifier.metrics import LABELS, as_text, report

    try:
        items = _read_labelled(data)
        predicted = [result.label for result in load(model_path, trust_model).classify([item["text"] for item in items])]
    except KrlintError as error:
        click.echo(f"krlint: {InputError(data, error.message, error.line)}", err=True)
        sys.exit(EXIT_ERROR)
    figures = report([item["label"] for item in items], predicted)
    click.echo(json.dumps(figures, indent=2) if output_format == "json" else as_text(figures, f"{data} ({', '.join(LABELS)})"))


def _read_labelled(path: str) -> list[dict]:
    import json

    items = []
    for number, line in enumerate(sources.read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            raise KrlintError(f"not JSON: {error.msg}", number) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or item.get("label") not in ("outcome", "output"):
            raise KrlintError('each line needs "text" and a "label" of outcome or output', number)
        items.append(item)
    if not items:
        raise KrlintError("no labelled lines")
    return items


@main.command()
@click.option("--corpus", "corpus_path", type=click.Path(dir_okay=False), default="corpus/key_results.jsonl", show_default=True)
@click.option("--models", "models_dir", type=click.Path(file_okay=False), default="models", show_default=True)
@click.option("--shared", "shared_dir", type=click.Path(file_okay=False), default="../shared", show_default=True,
              help="Where the validation set and the seed examples are (used to measure, never to train).")
@click.option("--compare", is_flag=True, help="First compare every candidate feature set and model (several minutes).")
def train(corpus_path: str, models_dir: str, shared_dir: str, compare: bool) -> None:
    """Rebuild the classifier in MODELS from CORPUS, deterministically, and write its model card."""
    from rich.console import Console

    from .classifier import shared_data, training

    shared = Path(shared_dir)
    validation = shared_data.validation_set(shared) if (shared / "real-okrs" / "labels.jsonl").is_file() else None
    seeds = shared_data.seed_examples(shared) if (shared / "conformance").is_dir() else None
    console = Console(stderr=True)
    try:
        with console.status("training") as status:
            figures = training.train(Path(corpus_path), Path(models_dir), validation, seeds,
                                     progress=lambda message: (status.update(message), console.log(message)),
                                     compare=compare)
    except (KrlintError, OSError, ValueError) as error:
        click.echo(f"krlint: train: {error}", err=True)
        sys.exit(EXIT_ERROR)
    chosen = figures["chosen"]
    click.echo(f"model: {chosen['features']} + {chosen['model']}, threshold {chosen['threshold']}")
    click.echo(f"held-out macro-F1 {figures['held_out']['macro_f1']:.3f}; "
               f"leave-one-domain-out macro-F1 {figures['leave_one_domain_out']['macro_f1']:.3f}")
    if "validation" in figures:
        click.echo(f"real validation macro-F1 {figures['validation']['macro_f1']:.3f}")
    click.echo(f"wrote {models_dir}/ (model.joblib, __init__.py, metrics.json, MODEL_CARD.md)")


@main.command()
def clean() -> None:
    """Remove krlint's cache of lint results."""
    from .cache import clean as remove

    click.echo(f"removed {remove()}")


def run() -> None:
    """The ``krlint`` command: ``main``, then a hard exit. Once the output is flushed nothing is
    left to do, and tearing down spaCy's objects one by one would add a tenth of a second to every
    run (mypy exits the same way)."""
    try:
        main()
        code: int | str | None = EXIT_CLEAN
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):
        click.echo(code, err=True)
        code = EXIT_ERROR
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`krlint check ... | head`): a broken pipe
        pass
    os._exit(code or EXIT_CLEAN)

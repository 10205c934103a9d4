"""The machine formats for CI: GitHub Actions workflow commands and SARIF 2.1.0, and the action."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

import krlint
from krlint.cli import main
from krlint.model import Finding, InputError, LintResult, Severity, Span
from krlint.output import FORMATS, github, sarif
from krlint.output.text import summary
from krlint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

BAD = "# OKRs\n\n## Objective: Customers love the new checkout\n- Launch the new checkout by Q1\n- Improve checkout conversion rate\n"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@pytest.fixture
def results(tmp_path, monkeypatch):
    """A real run over relative paths (one in a directory whose name needs percent-encoding), an
    absolute path, and two files krlint cannot read: one binary, one broken YAML (an error with a line)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team a").mkdir()
    (tmp_path / "team a" / "bad-okrs.md").write_text(BAD)
    (tmp_path / "other-okrs.md").write_text(BAD)
    (tmp_path / "binary-okrs.md").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "broken-okrs.yaml").write_text("objectives:\n  - objective: [unclosed\n")
    found = krlint.lint_paths(["team a/bad-okrs.md", str(tmp_path / "other-okrs.md"), "binary-okrs.md", "broken-okrs.yaml"])
    assert [r.error is None for r in found] == [True, True, False, False]
    assert all(r.findings for r in found[:2]), "the run must produce findings to check"
    return found


def sarif_log(results) -> dict:
    return json.loads(sarif.render(results))


def findings_of(results) -> list[Finding]:
    return [finding for result in results for finding in result.findings]


# SARIF


def test_formats_are_registered():
    assert FORMATS["github"] is github.render and FORMATS["sarif"] is sarif.render


def test_sarif_of_a_real_run_validates_against_the_schema(results):
    validator_class = jsonschema.validators.validator_for(SCHEMA)  # the draft the schema declares (draft-04)
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    log = sarif_log(results)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json") and len(log["runs"]) == 1


def test_sarif_clean_run_validates_and_succeeds(tmp_path):
    (tmp_path / "okrs.md").write_text("## Objective: Customers love checkout\n- Checkout conversion from 2.1% to 3.4%\n")
    log = sarif_log(krlint.lint_paths([tmp_path / "okrs.md"]))
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_driver_describes_every_rule_completely():
    driver = sarif_log([])["runs"][0]["tool"]["driver"]
    assert driver["name"] == "krlint" and driver["version"] == krlint.__version__
    assert re.match(r"https://\S+$", driver["informationUri"])
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    for descriptor, rule in zip(driver["rules"], RULES):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary != ""
        assert descriptor["fullDescription"]["text"] == rule.doc != ""
        assert descriptor["help"]["text"] == rule.doc
        assert descriptor["defaultConfiguration"]["level"] == LEVELS[rule.severity]


def test_sarif_results_match_the_findings(results, tmp_path):
    run = sarif_log(results)["runs"][0]
    findings = findings_of(results)
    assert len(run["results"]) == len(findings)
    for entry, finding in zip(run["results"], findings):
        assert entry["ruleId"] == finding.code
        assert run["tool"]["driver"]["rules"][entry["ruleIndex"]]["id"] == finding.code
        assert entry["level"] == LEVELS[finding.severity]
        assert entry["message"]["text"] == f"{finding.message}\nHelp: {finding.suggestion}"
        assert entry["properties"] == {"name": finding.name, "suggestion": finding.suggestion, "fixAvailable": finding.fixable}
        (location,) = entry["locations"]
        span = finding.span
        assert location["physicalLocation"]["region"] == {
            "startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column,
        }
    uris = {entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for entry in run["results"]}
    # Relative paths stay relative (percent-encoded POSIX); absolute ones become file: URIs.
    assert uris == {"team%20a/bad-okrs.md", (tmp_path / "other-okrs.md").as_uri()}


def test_sarif_input_errors_are_notifications_and_fail_the_invocation(results):
    (invocation,) = sarif_log(results)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    binary, broken = invocation["toolExecutionNotifications"]
    assert binary["level"] == broken["level"] == "error"
    assert binary["message"]["text"] == results[2].error.message
    assert binary["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "binary-okrs.md"}}}]
    assert broken["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "broken-okrs.yaml"}, "region": {"startLine": results[3].error.line},
    }


def test_sarif_levels_and_fix_available_follow_the_finding():
    finding = Finding("okrs.md", Span(2, 1, 3, 4), "KR103", "no-start-value", Severity.INFO, "msg", "", fixable=True)
    (entry,) = sarif_log([LintResult("okrs.md", (finding,))])["runs"][0]["results"]
    assert entry["level"] == "note"  # the finding's (configured) severity, not the rule's default
    assert entry["message"] == {"text": "msg"}
    assert entry["properties"]["fixAvailable"] is True
    assert entry["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1, "endLine": 3, "endColumn": 4}


# GitHub Actions workflow commands


def test_github_one_command_per_finding_then_the_summary(results, tmp_path):
    lines = github.render(results).splitlines()
    expected_findings = [
        f"::{COMMANDS[f.severity]} "
        f"file={github.escape_property(f.path)},line={f.span.line},col={f.span.column},"
        f"endLine={f.span.end_line},endColumn={f.span.end_column},title={f.code} ({f.name})::{github.escape_data(f.message)}"
        for f in findings_of(results)
    ]
    expected_errors = [
        "::error file=binary-okrs.md::" + github.escape_data(results[2].error.message),
        f"::error file=broken-okrs.yaml,line={results[3].error.line}::" + github.escape_data(results[3].error.message),
    ]
    assert lines == expected_findings + expected_errors + summary(results).splitlines()
    assert lines[0].startswith("::error file=team a/bad-okrs.md,line=4,col=3,endLine=4,endColumn=32,title=KR101 (no-metric)::")


def test_github_severities():
    def line(severity):
        finding = Finding("o.md", Span(1, 2, 1, 5), "KR201", "task-verb", severity, "m")
        return github.render([LintResult("o.md", (finding,))]).splitlines()[0]

    assert line(Severity.ERROR).startswith("::error file=o.md,line=1,col=2,endLine=1,endColumn=5,title=KR201 (task-verb)::m")
    assert line(Severity.WARNING).startswith("::warning ")
    assert line(Severity.INFO).startswith("::notice ")


def test_github_escaping():
    finding = Finding("odd,dir/a:b%.md", Span(1, 1, 1, 2), "KR102", "no-target", Severity.WARNING,
                      "100% done,\r\nreally: yes, ::error::")
    error = InputError("x,y:z.md", "bad\nfile: 50%", 3)
    lines = github.render([LintResult("odd,dir/a:b%.md", (finding,)), LintResult("x,y:z.md", error=error)]).splitlines()
    # Data escapes %, CR and LF only; properties also escape ',' and ':' (their separators).
    assert lines[0] == ("::warning file=odd%2Cdir/a%3Ab%25.md,line=1,col=1,endLine=1,endColumn=2,"
                        "title=KR102 (no-target)::100%25 done,%0D%0Areally: yes, ::error::")
    assert lines[1] == "::error file=x%2Cy%3Az.md,line=3::bad%0Afile: 50%25"
    assert len(lines) == 3


# The check command's default format


def test_check_defaults_to_github_on_github_actions(tmp_path):
    (tmp_path / "bad-okrs.md").write_text(BAD)
    path = str(tmp_path / "bad-okrs.md")
    runner = CliRunner()
    on_actions = runner.invoke(main, ["check", path], env={"GITHUB_ACTIONS": "true"})
    assert on_actions.exit_code == 1
    assert on_actions.output.startswith(f"::error file={github.escape_property(path)},line=4,col=3,")
    for env in ({"GITHUB_ACTIONS": None}, {"GITHUB_ACTIONS": "false"}):
        assert runner.invoke(main, ["check", path], env=env).output.startswith(f"{path}:4:3: KR101 ")
    explicit = runner.invoke(main, ["check", path, "--format", "text"], env={"GITHUB_ACTIONS": "true"})
    assert explicit.output.startswith(f"{path}:4:3: KR101 ")
    sarif_output = runner.invoke(main, ["check", path, "--format", "sarif"], env={"GITHUB_ACTIONS": "true"})
    assert json.loads(sarif_output.output)["version"] == "2.1.0"


# The GitHub Action


def load_action() -> dict:
    return YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_inputs():
    action = load_action()
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {"paths": ".", "version": "", "fail-on": "warning", "sarif-file": "krlint.sarif", "upload-sarif": "true"}
    assert all(spec.get("description") for spec in action["inputs"].values())


def test_action_steps():
    steps = load_action()["runs"]["steps"]
    assert load_action()["runs"]["using"] == "composite"
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [step for step in steps if "run" in step]
    assert all(step.get("shell") == "bash" for step in runs), "composite run steps need a shell"
    # Inputs reach scripts through env: pasted into a script, a crafted input would run as shell code.
    assert not any("${{" in step["run"] for step in runs)
    install, annotate, report, result = runs
    assert "github.action_path" in install["env"]["ACTION_PATH"] and "KRLINT_VERSION" in install["run"]
    assert "--format github" in annotate["run"] and '--fail-on "$FAIL_ON"' in annotate["run"]
    assert "--format sarif --fail-on never" in report["run"] and '"$SARIF_FILE"' in report["run"]
    assert result["env"]["STATUS"] == "${{ steps.annotate.outputs.exit-code }}" and "exit" in result["run"]
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert "always()" in upload["if"] and "inputs.upload-sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert steps.index(upload) < steps.index(result)


def test_action_uses_are_pinned_to_versions():
    uses = [step["uses"] for step in load_action()["runs"]["steps"] if "uses" in step]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", use), use


def test_the_summary_says_how_many_key_results_fix_would_move():
    def finding(code, fixable):
        return Finding("okrs.md", Span(2, 3, 2, 9), code, "name", Severity.WARNING, "msg", "", fixable=fixable)

    both = summary([LintResult("okrs.md", (finding("KR301", True), finding("KR301", True), finding("KR201", True),
                                           finding("KR301", False), finding("KR101", False)))])
    assert both.splitlines()[1] == ("2 can be moved to Initiatives with `krlint check --fix`; "
                                    "1 more with `--fix --fix-task-verbs` (preview: `--diff`).")
    tasks = summary([LintResult("okrs.md", (finding("KR201", True),))])
    assert tasks.splitlines()[1] == "1 with `--fix --fix-task-verbs` (preview: `--diff`)."
    assert len(summary([LintResult("okrs.md", (finding("KR301", False),))]).splitlines()) == 1

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from krlint.cli import main

GOOD = "# OKRs\n\n## Objective: Customers love the new checkout\n- Checkout conversion from 2.1% to 3.4%\n- Refund requests per 1k orders from 14 to 8\n"
BAD = "# OKRs\n\n## Objective: Customers love the new checkout\n- Launch the new checkout by Q1\n- Improve checkout conversion rate\n"


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good-okrs.md").write_text(GOOD)
    (tmp_path / "bad-okrs.md").write_text(BAD)
    return tmp_path


def test_clean_file_exits_0(files):
    result = run("check", str(files / "good-okrs.md"))
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.output


def test_findings_exit_1_with_path_line_column_code_name(files):
    result = run("check", str(files / "bad-okrs.md"))
    assert result.exit_code == 1
    assert f"{files / 'bad-okrs.md'}:4:3: KR101 " in result.output
    assert "(no-metric)" in result.output
    assert f"{files / 'bad-okrs.md'}:5:3: KR102 " in result.output
    assert any(line.startswith("Found ") for line in result.output.splitlines()[-2:])  # the summary ends it


def test_fail_on_and_select_ignore(files):
    path = str(files / "bad-okrs.md")
    assert run("check", path, "--fail-on", "never").exit_code == 0
    assert run("check", path, "--select", "KR102", "--fail-on", "error").exit_code == 0
    assert run("check", path, "--select", "KR101", "--fail-on", "error").exit_code == 1
    output = run("check", path, "--ignore", "KR1,task-verb,KR301").output
    assert "KR101" not in output and "KR201" not in output


def test_json_format_is_an_object_with_versioned_findings(files):
    result = run("check", str(files / "bad-okrs.md"), "--format", "json")
    payload = json.loads(result.output)
    assert payload["version"] == 1
    finding = payload["findings"][0]
    assert set(finding) >= {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "suggestion"}
    assert (finding["line"], finding["column"], finding["code"], finding["severity"]) == (4, 3, "KR101", "error")


def test_bad_inputs_are_one_line_errors_and_the_others_still_linted(files):
    (files / "binary-okrs.md").write_bytes(b"\x89PNG\x00\x00\x01")
    (files / "latin1-okrs.md").write_bytes("## Objective: Caf\xe9\n".encode("latin-1"))
    (files / "broken-okrs.yaml").write_text("objectives:\n  - objective: x\n   key_results: [\n")
    (files / "empty-okrs.md").write_text("")
    args = ["check", str(files / "missing.md"), str(files / "binary-okrs.md"), str(files / "latin1-okrs.md"),
            str(files / "broken-okrs.yaml"), str(files / "empty-okrs.md"), str(files / "bad-okrs.md")]
    result = run(*args)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith(f"{files / 'missing.md'}: no such file") for line in lines)
    assert any(line.startswith(f"{files / 'binary-okrs.md'}: binary file") for line in lines)
    assert any(line.startswith(f"{files / 'latin1-okrs.md'}:1: not valid UTF-8") for line in lines)
    assert any(line.startswith(f"{files / 'broken-okrs.yaml'}:3: invalid YAML") for line in lines)
    assert any("KR101" in line for line in lines), "the good files must still be linted"
    assert "Traceback" not in result.output


def test_directory_walk_picks_okr_files_only(files):
    (files / "README.md").write_text("# Project\n\n## Install\n- pip install it\n")
    (files / "notes.txt").write_text("Launch stuff\n")
    (files / "company-goals-2024-q3.md").write_text(GOOD)  # handbooks name them goals too
    result = run("check", str(files), "--format", "json")
    paths = set(json.loads(result.output)["files"])
    assert paths == {str(files / "bad-okrs.md"), str(files / "good-okrs.md"), str(files / "company-goals-2024-q3.md")}


def test_directory_without_okr_files_is_an_error(tmp_path):
    (tmp_path / "README.md").write_text("# Hello\n")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no OKR files" in result.output


def test_include_glob_from_config_adds_files(files):
    (files / "goals").mkdir()
    (files / "goals" / "q3.md").write_text(BAD)
    (files / ".krlint.toml").write_text('include = ["goals/*.md"]\n')
    paths = json.loads(run("check", str(files), "--format", "json").output)["files"]
    assert str(files / "goals" / "q3.md") in paths


def test_stdin_with_format(files):
    result = run("check", "-", "--stdin-format", "markdown", input=BAD)
    assert result.exit_code == 1
    assert "-:4:3: KR101" in result.output


def test_config_errors_exit_2_naming_the_key(files):
    (files / ".krlint.toml").write_text('selct = ["KR101"]\n')
    result = run("check", str(files / "bad-okrs.md"))
    assert result.exit_code == 2
    assert "selct" in result.output


def test_unknown_select_on_command_line_is_a_usage_error(files):
    result = run("check", str(files / "bad-okrs.md"), "--select", "KR999")
    assert result.exit_code == 2
    assert "KR999" in result.output


def test_show_prints_what_was_read_and_measured(files):
    result = run("show", str(files / "good-okrs.md"), "--format", "json")
    data = json.loads(result.output)
    objective = data["objectives"][0]
    assert objective["text"] == "Customers love the new checkout" and objective["line"] == 3
    kr = objective["key_results"][0]
    assert (kr["line"], kr["start"], kr["target"], kr["direction"]) == (4, "2.1%", "3.4%", "increase")
    text = run("show", str(files / "good-okrs.md")).output
    assert "Objective: Customers love the new checkout" in text


def test_rules_and_rule(files):
    listing = run("rules").output
    assert "KR201  task-verb" in listing
    doc = run("rule", "no-target")
    assert doc.exit_code == 0 and "What it does" in doc.output and "KR102" in doc.output
    assert run("rule", "KR999").exit_code == 2


def test_no_colour_when_not_a_terminal_or_no_color(files):
    result = run("check", str(files / "bad-okrs.md"), env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.output


def test_module_entry_point_and_no_traceback(files, tmp_path):
    (tmp_path / "okrs.yaml").write_text("- objective: [\n")
    process = subprocess.run(
        [sys.executable, "-m", "krlint", "check", str(tmp_path / "okrs.yaml"), str(files / "good-okrs.md")],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.returncode == 2
    assert "Traceback" not in process.stderr + process.stdout
    assert "okrs.yaml:2: invalid YAML" in process.stdout


def test_the_command_exits_hard_but_only_after_all_output_and_with_the_right_status(files, tmp_path):
    """``krlint.cli.run`` skips the interpreter's teardown with os._exit: every line must still
    arrive, through a pipe too, and every exit status must survive."""
    def command(*args):
        return subprocess.run([sys.executable, "-m", "krlint", *args], capture_output=True, text=True,
                              env={**os.environ, "NO_COLOR": "1", "KRLINT_CACHE_DIR": str(tmp_path / "cache")})

    in_process = run("check", str(files / "bad-okrs.md"), env={"NO_COLOR": "1"})
    bad = command("check", str(files / "bad-okrs.md"))
    assert (bad.returncode, bad.stdout) == (1, in_process.output)
    assert any(line.startswith("Found ") for line in bad.stdout.splitlines()[-2:])
    assert command("check", str(files / "good-okrs.md")).returncode == 0
    assert command("check", str(tmp_path / "missing.md")).returncode == 2
    assert command("check", "--no-such-option").returncode == 2
    version = command("--version")
    assert version.returncode == 0 and version.stdout.startswith("krlint, version")


def test_the_readme_example_is_what_krlint_prints():
    """The README's sample run (``...`` stands for lines left out) must stay true as rules and the
    model change."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ krlint check examples/OKRS.md\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line and line != "..."]
    printed = run("check", "--no-cache", str(root / "examples" / "OKRS.md"), env={"NO_COLOR": "1"}).output
    printed = printed.replace(str(root) + os.sep, "").splitlines()
    remaining = iter(printed)
    missing = [line for line in shown if line not in remaining]  # in order: a subsequence of the output
    assert not missing, missing

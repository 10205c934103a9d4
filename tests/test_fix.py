"""--fix: Key Results flagged as outputs move into their Objective's Initiatives, nothing else changes.

Most tests pass the moves to ``apply_moves``/``fix_source`` directly (chosen by a word in the Key
Result) so that the classifier is not needed; the CLI tests use KR201 (task verbs) with
``--fix-task-verbs``. Every OKR here is invented.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import krlint
from krlint import api
from krlint.cli import main
from krlint.config import Config
from krlint.fix import FixResult, apply_moves, can_move, fix_source, select_moves, unified_diff, write_atomic

TASKS_ONLY = Config(select=("KR201",))


def moved(text: str, fmt: str, *words: str, path: str = "okrs") -> tuple[str, list[str], list[str]]:
    """Fixes ``text`` moving the Key Results that contain one of ``words``; returns the new text and
    the texts moved and not moved."""
    document = krlint.parse_text(text, fmt, path)
    moves = [kr for _o, kr in document.key_results() if any(word in kr.text for word in words)]
    outcome = apply_moves(text, document, moves)
    assert fix_source(text, document, moves) == outcome.text
    return outcome.text, [kr.text for kr in outcome.moved], [kr.text for kr in outcome.skipped]


def items(text: str, fmt: str, path: str = "okrs") -> Counter:
    document = krlint.parse_text(text, fmt, path)
    found = Counter(kr.text for _o, kr in document.key_results())
    found.update(initiative.text for objective in document.objectives for initiative in objective.initiatives)
    return found


def initiatives(text: str, fmt: str, path: str = "okrs") -> list[list[str]]:
    return [[i.text for i in o.initiatives] for o in krlint.parse_text(text, fmt, path).objectives]


# Markdown ---------------------------------------------------------------------------------------------


def test_markdown_appends_to_an_existing_initiatives_section_with_its_marker():
    text = (
        "# Team OKRs\n\n"
        "## Objective: Partners succeed with our API\n"
        "* Raise partner activation from 20% to 35%\n"
        "* Launch the partner sandbox\n"
        "* Cut integration time from 10 days to 4\n\n"
        "### Initiatives\n\n"
        "+ Write the integration guide\n\n"
        "## Objective: Keep the lights on\n"
        "- Hold uptime at 99.95%\n"
    )
    fixed, done, left = moved(text, "markdown", "sandbox", path="okrs.md")
    assert (done, left) == (["Launch the partner sandbox"], [])
    assert fixed == (
        "# Team OKRs\n\n"
        "## Objective: Partners succeed with our API\n"
        "* Raise partner activation from 20% to 35%\n"
        "* Cut integration time from 10 days to 4\n\n"
        "### Initiatives\n\n"
        "+ Write the integration guide\n"
        "+ Launch the partner sandbox\n\n"
        "## Objective: Keep the lights on\n"
        "- Hold uptime at 99.95%\n"
    )
    assert initiatives(fixed, "markdown", "okrs.md")[0] == ["Write the integration guide", "Launch the partner sandbox"]


def test_markdown_heading_objective_without_initiatives_gets_a_heading_one_level_deeper():
    text = (
        "# OKRs\n\n"
        "## Objective: Support answers fast\n\n"
        "- Cut first reply time from 9h to 2h\n"
        "- Hire two support engineers\n"
        "- Lift CSAT from 4.1 to 4.6\n\n"
        "## Objective: Docs people trust\n"
        "- Raise docs helpfulness votes from 60% to 80%\n"
    )
    fixed, done, _ = moved(text, "markdown", "Hire", path="okrs.md")
    assert done == ["Hire two support engineers"]
    assert fixed == (
        "# OKRs\n\n"
        "## Objective: Support answers fast\n\n"
        "- Cut first reply time from 9h to 2h\n"
        "- Lift CSAT from 4.1 to 4.6\n\n"
        "### Initiatives\n\n"
        "- Hire two support engineers\n\n"
        "## Objective: Docs people trust\n"
        "- Raise docs helpfulness votes from 60% to 80%\n"
    )


def test_markdown_new_heading_section_goes_after_the_objectives_other_subsections():
    text = (
        "# OKRs\n\n"
        "## Objective: Support answers fast\n\n"
        "### Key Results\n\n"
        "- [x] Publish the status page\n"
        "- [ ] Cut first reply time from 9h to 2h\n\n"
        "#### Notes\n\n"
        "Weekly review on Mondays.\n"
        "## Objective: Next\n"
        "- Grow weekly readers from 1k to 3k\n"
    )
    fixed, done, _ = moved(text, "markdown", "status page", path="okrs.md")
    assert done == ["Publish the status page"]
    assert fixed == (
        "# OKRs\n\n"
        "## Objective: Support answers fast\n\n"
        "### Key Results\n\n"
        "- [ ] Cut first reply time from 9h to 2h\n\n"
        "#### Notes\n\n"
        "Weekly review on Mondays.\n\n"
        "### Initiatives\n\n"
        "- Publish the status page\n\n"
        "## Objective: Next\n"
        "- Grow weekly readers from 1k to 3k\n"
    )


def test_markdown_bold_label_list_objective_gets_a_nested_initiatives_label_item():
    text = (
        "- **Objective: Grow the community**\n"
        "  - Grow monthly forum posters from 120 to 300\n"
        "  - Run four community calls\n"
        "  - Write the contributor guide\n"
        "- **Objective: Ship on time**\n"
        "  - Raise on-time releases from 60% to 90%\n"
    )
    fixed, done, _ = moved(text, "markdown", "Run four", "contributor guide", path="okrs.md")
    assert done == ["Run four community calls", "Write the contributor guide"]
    assert fixed == (
        "- **Objective: Grow the community**\n"
        "  - Grow monthly forum posters from 120 to 300\n"
        "  - **Initiatives:**\n"
        "    - Run four community calls\n"
        "    - Write the contributor guide\n"
        "- **Objective: Ship on time**\n"
        "  - Raise on-time releases from 60% to 90%\n"
    )
    assert initiatives(fixed, "markdown", "okrs.md") == [["Run four community calls", "Write the contributor guide"], []]


def test_markdown_moving_every_key_result_keeps_the_objective():
    text = "- **Objective: Grow the community**\n  - Run four community calls\n  - Write the contributor guide\n"
    fixed, done, _ = moved(text, "markdown", "Run", "Write", path="okrs.md")
    assert len(done) == 2
    document = krlint.parse_text(fixed, "markdown", "okrs.md")
    assert [o.text for o in document.objectives] == ["Grow the community"]
    assert document.objectives[0].key_results == ()


def test_markdown_label_paragraph_objective_and_existing_ordered_initiatives():
    text = (
        "**Objective:** Customers finish onboarding alone\n\n"
        "**Key Results:**\n\n"
        "1. Raise self-serve completion from 40% to 70%\n"
        "2. Record onboarding videos\n"
        "   for the three main roles\n"
        "3. Cut onboarding tickets from 80 to 30 a month\n\n"
        "**Initiatives:**\n\n"
        "1. Map the onboarding funnel\n"
    )
    fixed, done, _ = moved(text, "markdown", "videos", path="okrs.md")
    assert done == ["Record onboarding videos for the three main roles"]
    assert fixed == (
        "**Objective:** Customers finish onboarding alone\n\n"
        "**Key Results:**\n\n"
        "1. Raise self-serve completion from 40% to 70%\n"
        "3. Cut onboarding tickets from 80 to 30 a month\n\n"
        "**Initiatives:**\n\n"
        "1. Map the onboarding funnel\n"
        "2. Record onboarding videos\n"
        "   for the three main roles\n"
    )


def test_markdown_star_markers_four_space_indent_and_nested_key_results():
    text = (
        "# Q3 OKRs\n\n"
        "* **Objective: Grow revenue**\n"
        "    * Grow MRR from 10k to 20k\n"
        "        * Launch the pricing page\n"
        "        * Raise trial conversion from 1% to 2%\n"
        "    * Cut churn from 5% to 3%\n"
    )
    fixed, done, _ = moved(text, "markdown", "pricing page", path="okrs.md")
    assert done == ["Launch the pricing page"]
    assert fixed == (
        "# Q3 OKRs\n\n"
        "* **Objective: Grow revenue**\n"
        "    * Grow MRR from 10k to 20k\n"
        "        * Raise trial conversion from 1% to 2%\n"
        "    * Cut churn from 5% to 3%\n"
        "    * **Initiatives:**\n"
        "        * Launch the pricing page\n"
    )
    document = krlint.parse_text(fixed, "markdown", "okrs.md")
    assert [child.text for child in document.objectives[0].key_results[0].children] == ["Raise trial conversion from 1% to 2%"]


def test_markdown_key_result_with_nested_key_results_is_not_moved():
    text = "## Objective: Grow revenue\n- Launch the pricing page\n  - Raise trial conversion from 1% to 2%\n"
    document = krlint.parse_text(text, "markdown", "okrs.md")
    parent = document.objectives[0].key_results[0]
    assert not can_move(text, document, parent)
    fixed, done, left = moved(text, "markdown", "Launch", path="okrs.md")
    assert (fixed, done, left) == (text, [], ["Launch the pricing page"])


def test_markdown_table_rows_are_not_fixable():
    text = (
        "# OKRs\n\n## Objective: Faster builds\n\n"
        "| Key Result | Owner |\n| --- | --- |\n| Migrate CI to the new runners | ana |\n| Cut build time from 20 to 8 minutes | bo |\n"
    )
    document = krlint.parse_text(text, "markdown", "okrs.md")
    kr = document.objectives[0].key_results[0]
    assert kr.text == "Migrate CI to the new runners"
    assert not can_move(text, document, kr)
    assert apply_moves(text, document, [kr]).text == text
    finding = next(f for f in krlint.lint_text(text, path="okrs.md", config=TASKS_ONLY) if f.code == "KR201")
    assert finding.fixable is False


def test_markdown_crlf_trailing_spaces_and_other_bytes_are_kept():
    text = (
        "# OKRs  \r\n\r\n"
        "## Objective: Happy developers\t\r\n"
        "- Raise the developer NPS from 20 to 40   \r\n"
        "- [ ] Migrate the docs site to the new theme\r\n"
        "- Cut flaky test reruns from 30% to 5%\r\n"
        "\r\n"
        "Trailing paragraph with two spaces  \r\n"
    )
    fixed, done, _ = moved(text, "markdown", "Migrate", path="okrs.md")
    assert done == ["Migrate the docs site to the new theme"]
    assert fixed == (
        "# OKRs  \r\n\r\n"
        "## Objective: Happy developers\t\r\n"
        "- Raise the developer NPS from 20 to 40   \r\n"
        "- Cut flaky test reruns from 30% to 5%\r\n"
        "\r\n"
        "Trailing paragraph with two spaces  \r\n\r\n"
        "### Initiatives\r\n\r\n"
        "- Migrate the docs site to the new theme\r\n"
    )
    assert "\n" not in fixed.replace("\r\n", "")


def test_markdown_loose_list_leaves_no_double_blank_line_and_no_final_newline_is_kept():
    text = (
        "## Objective: Faster checkout\n\n"
        "- Cut checkout time from 90s to 40s\n\n"
        "- Redesign the address form\n\n"
        "- Raise mobile conversion from 1.2% to 2%\n\n"
        "## Objective: Fewer refunds\n"
        "- Cut refunds from 4% to 2%\n"
        "- Audit the refund policy"
    )
    fixed, done, _ = moved(text, "markdown", "Redesign", "Audit", path="okrs.md")
    assert len(done) == 2
    assert fixed == (
        "## Objective: Faster checkout\n\n"
        "- Cut checkout time from 90s to 40s\n\n"
        "- Raise mobile conversion from 1.2% to 2%\n\n"
        "### Initiatives\n\n"
        "- Redesign the address form\n\n"
        "## Objective: Fewer refunds\n"
        "- Cut refunds from 4% to 2%\n\n"
        "### Initiatives\n\n"
        "- Audit the refund policy"
    )


def test_markdown_drops_a_kr_label_but_keeps_the_wording_and_inline_markup():
    text = (
        "* **Objective:** Bring new voices in\n"
        "    * **Key Result:** Publish 5 guest posts by *new* authors\n"
        "    * **Key Result:** Grow first-time contributors from 10 to 25\n"
    )
    fixed, done, _ = moved(text, "markdown", "guest posts", path="okrs.md")
    assert done == ["Publish 5 guest posts by new authors"]
    assert fixed == (
        "* **Objective:** Bring new voices in\n"
        "    * **Key Result:** Grow first-time contributors from 10 to 25\n"
        "    * **Initiatives:**\n"
        "        * Publish 5 guest posts by *new* authors\n"
    )


def test_markdown_moved_item_takes_its_nested_notes_along():
    text = (
        "## Objective: Reliable payments\n"
        "- Cut failed payments from 3% to 1%\n"
        "- Replace the payment provider\n"
        "  > owner: payments team\n"
        "  (0.5)\n"
        "- Raise retry success from 40% to 70%\n"
    )
    fixed, done, _ = moved(text, "markdown", "Replace", path="okrs.md")
    assert done == ["Replace the payment provider"]
    assert fixed == (
        "## Objective: Reliable payments\n"
        "- Cut failed payments from 3% to 1%\n"
        "- Raise retry success from 40% to 70%\n\n"
        "### Initiatives\n\n"
        "- Replace the payment provider\n"
        "  > owner: payments team\n"
        "  (0.5)\n"
    )


# YAML and JSON ----------------------------------------------------------------------------------------

YAML_OKRS = """\
# Team OKRs for Q3
objectives:
  - objective: "Delight new customers"   # the big one
    key_results:
      - 'Launch the help center'  # owner: docs team
      # measured weekly
      - text: Raise activation from 30% to 45%
        target: 45%
      - "Ship the onboarding checklist"
    # who to ask
    owner: ana
  - objective: Grow revenue
    key_results: [Grow MRR from 10k to 20k, 'Run a pricing experiment']   # flow style
    initiatives: [Interview ten churned customers]
"""


def test_yaml_moves_keep_comments_quotes_and_untouched_lines():
    fixed, done, _ = moved(YAML_OKRS, "yaml", "help center", "checklist", "pricing experiment", path="okrs.yaml")
    assert done == ["Launch the help center", "Ship the onboarding checklist", "Run a pricing experiment"]
    assert fixed == """\
# Team OKRs for Q3
objectives:
  - objective: "Delight new customers"   # the big one
    key_results:
      # measured weekly
      - text: Raise activation from 30% to 45%
        target: 45%
    initiatives:
      - 'Launch the help center'  # owner: docs team
      - "Ship the onboarding checklist"
    # who to ask
    owner: ana
  - objective: Grow revenue
    key_results: [Grow MRR from 10k to 20k]   # flow style
    initiatives: [Interview ten churned customers, 'Run a pricing experiment']
"""
    assert initiatives(fixed, "yaml", "okrs.yaml") == [
        ["Launch the help center", "Ship the onboarding checklist"],
        ["Interview ten churned customers", "Run a pricing experiment"],
    ]


def test_yaml_mapping_key_result_becomes_its_text_and_key_spelling_follows_the_file():
    text = """\
Objectives:
- Objective: Faster support
  Key Results:
  - Cut first reply time from 9h to 2h
  - title: "Hire two support engineers"   # approved
    owner: bo
  Owner: cy
"""
    fixed, done, _ = moved(text, "yaml", "Hire", path="okrs.yaml")
    assert done == ["Hire two support engineers"]
    assert fixed == """\
Objectives:
- Objective: Faster support
  Key Results:
  - Cut first reply time from 9h to 2h
  Initiatives:
  - "Hire two support engineers"   # approved
  Owner: cy
"""


def test_yaml_flow_key_results_get_flow_initiatives_and_four_space_indent_is_kept():
    text = """\
objectives:
    -   objective: Quieter on-call
        keyResults: [Cut pages per week from 40 to 10, Write runbooks for the top alerts]
        lead: dana
"""
    fixed, done, _ = moved(text, "yaml", "runbooks", path="okrs.yaml")
    assert done == ["Write runbooks for the top alerts"]
    assert fixed == """\
objectives:
    -   objective: Quieter on-call
        keyResults: [Cut pages per week from 40 to 10]
        initiatives: [Write runbooks for the top alerts]
        lead: dana
"""


def test_yaml_block_sequences_with_offset_and_comment_after_the_last_item_stays():
    text = """\
objectives:
  - objective: Fewer incidents
    key_results:
      - Cut incidents from 12 to 4 a quarter
      - Migrate alerting to the new stack  # big one
      # next: ownership
    owner: ed
"""
    fixed, done, _ = moved(text, "yaml", "Migrate", path="okrs.yaml")
    assert done == ["Migrate alerting to the new stack"]
    assert fixed == """\
objectives:
  - objective: Fewer incidents
    key_results:
      - Cut incidents from 12 to 4 a quarter
    initiatives:
      - Migrate alerting to the new stack  # big one
      # next: ownership
    owner: ed
"""


def test_yaml_crlf_and_every_untouched_line_kept_even_where_ruamel_would_reformat():
    text = (
        "objectives:\r\n"
        "- objective:   Fewer incidents     # spacing ruamel would change\r\n"
        "  key_results:\r\n"
        "  - Cut incidents from 12 to 4\r\n"
        "  - Migrate alerting to the new stack\r\n"
        "  initiatives:\r\n"
        "  - Write the on-call handbook\r\n"
    )
    fixed, done, _ = moved(text, "yaml", "Migrate", path="okrs.yaml")
    assert done == ["Migrate alerting to the new stack"]
    assert fixed == (
        "objectives:\r\n"
        "- objective:   Fewer incidents     # spacing ruamel would change\r\n"
        "  key_results:\r\n"
        "  - Cut incidents from 12 to 4\r\n"
        "  initiatives:\r\n"
        "  - Write the on-call handbook\r\n"
        "  - Migrate alerting to the new stack\r\n"
    )


def test_json_is_rewritten_only_where_it_changes():
    data = {"objectives": [{"objective": "Faster builds", "key_results": ["Cut build time from 20 to 8 minutes", "Adopt the remote cache"], "owner": "fa"}]}
    text = json.dumps(data, indent=4) + "\n"
    fixed, done, _ = moved(text, "yaml", "Adopt", path="okrs.json")
    assert done == ["Adopt the remote cache"]
    assert json.loads(fixed) == {"objectives": [{
        "objective": "Faster builds", "key_results": ["Cut build time from 20 to 8 minutes"],
        "initiatives": ["Adopt the remote cache"], "owner": "fa",
    }]}
    assert fixed == json.dumps(json.loads(fixed), indent=4) + "\n"


# Plain text -------------------------------------------------------------------------------------------


def test_text_moves_under_an_existing_initiatives_line_or_creates_one():
    text = (
        "Objective: Happier support team\n"
        "KR: Cut weekend pages from 10 to 2\n"
        "KR: Hire a second on-call engineer\n"
        "KR: Raise team survey score from 3.2 to 4.0\n"
        "\n"
        "Objective: Faster answers\n"
        "- Cut median reply time from 6h to 1h\n"
        "- Write macros for the top 20 questions\n"
        "Initiatives:\n"
        "- Map the top questions\n"
    )
    fixed, done, _ = moved(text, "text", "Hire", "macros", path="okrs.txt")
    assert done == ["Hire a second on-call engineer", "Write macros for the top 20 questions"]
    assert fixed == (
        "Objective: Happier support team\n"
        "KR: Cut weekend pages from 10 to 2\n"
        "KR: Raise team survey score from 3.2 to 4.0\n"
        "Initiatives:\n"
        "Hire a second on-call engineer\n"
        "\n"
        "Objective: Faster answers\n"
        "- Cut median reply time from 6h to 1h\n"
        "Initiatives:\n"
        "- Map the top questions\n"
        "- Write macros for the top 20 questions\n"
    )
    assert initiatives(fixed, "text", "okrs.txt") == [
        ["Hire a second on-call engineer"], ["Map the top questions", "Write macros for the top 20 questions"],
    ]


def test_loose_key_results_and_unknown_formats_are_not_moved():
    text = "Write the plan\nObjective: Later\n- Grow usage from 1 to 2\n"
    fixed, done, left = moved(text, "text", "Write", path="okrs.txt")
    assert (fixed, done, left) == (text, [], ["Write the plan"])


# Library ----------------------------------------------------------------------------------------------

def test_fixable_is_set_by_the_rules_and_printed_as_fix_available():
    text = "## Objective: Checkout\n- Launch the new checkout\n- Raise conversion from 2% to 3%\n\n| Key Result |\n| --- |\n| Migrate the payment form |\n"
    findings = [f for f in krlint.lint_text(text, path="okrs.md", config=TASKS_ONLY) if f.code == "KR201"]
    assert [(f.span.line, f.fixable) for f in findings] == [(2, True), (7, False)]
    from krlint.output import json as json_output

    result = krlint.LintResult("okrs.md", tuple(findings))
    assert [f["fix_available"] for f in json.loads(json_output.render([result]))["findings"]] == [True, False]


def test_select_moves_maps_findings_to_key_results_by_span():
    text = "## Objective: Checkout\n- Launch the new checkout\n- Raise conversion from 2% to 3%\n"
    document = krlint.parse_text(text, "markdown", "okrs.md")
    findings = krlint.lint_text(text, path="okrs.md", config=TASKS_ONLY)
    assert select_moves(document, findings) == []  # KR201 only moves with task_verbs
    assert [kr.text for kr in select_moves(document, findings, task_verbs=True)] == ["Launch the new checkout"]


def test_fix_text_moves_task_verbs_only_when_asked_and_is_idempotent():
    text = "## Objective: Checkout\n- Launch the new checkout\n- Raise conversion from 2% to 3%\n"
    assert krlint.fix_text(text, path="okrs.md", config=TASKS_ONLY) == text
    fixed = krlint.fix_text(text, path="okrs.md", config=TASKS_ONLY, task_verbs=True)
    assert fixed == "## Objective: Checkout\n- Raise conversion from 2% to 3%\n\n### Initiatives\n\n- Launch the new checkout\n"
    assert krlint.fix_text(fixed, path="okrs.md", config=TASKS_ONLY, task_verbs=True) == fixed


def test_fix_text_with_the_classifier_is_idempotent():
    text = (
        "# OKRs\n\n## Objective: Android users stay\n"
        "- Offline mode for the Android app\n"
        "- Raise 30-day retention on Android from 20% to 28%\n"
        "- Dark theme for the settings screen\n"
    )
    once = krlint.fix_text(text, path="okrs.md", task_verbs=True)
    assert krlint.fix_text(once, path="okrs.md", task_verbs=True) == once
    assert items(once, "markdown", "okrs.md") == items(text, "markdown", "okrs.md")


def test_fix_text_keeps_a_byte_order_mark():
    text = "\ufeffObjective: Checkout\nKR: Launch the new checkout\nKR: Raise conversion from 2% to 3%\n"
    fixed = krlint.fix_text(text, format="text", path="okrs.txt", config=TASKS_ONLY, task_verbs=True)
    assert fixed == "\ufeffObjective: Checkout\nKR: Raise conversion from 2% to 3%\nInitiatives:\nLaunch the new checkout\n"


# Command line -----------------------------------------------------------------------------------------

CLI_MD = "# OKRs\n\n## Objective: Customers love the new checkout\n- Launch the new checkout by Q1\n- Raise checkout conversion from 2.1% to 3.4%\n"
CLI_FIXED = (
    "# OKRs\n\n## Objective: Customers love the new checkout\n- Raise checkout conversion from 2.1% to 3.4%\n\n"
    "### Initiatives\n\n- Launch the new checkout by Q1\n"
)


def run(*args, input=None):
    return CliRunner().invoke(main, ["check", "--select", "KR201", *args], input=input)


def test_cli_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text(CLI_MD)
    result = run("--diff", "--fix-task-verbs", str(path))
    assert result.exit_code == 1
    assert f"--- a/{path}\n+++ b/{path}\n" in result.stdout
    assert "+### Initiatives\n" in result.stdout
    assert "Launch the new checkout by Q1" in result.stdout
    assert "Would fix 1 Key Results in 1 files" in result.stderr
    assert path.read_text() == CLI_MD
    assert sorted(os.listdir(tmp_path)) == ["okrs.md"]
    # KR201 moves only with --fix-task-verbs; with nothing to change, the exit code is that of the findings.
    assert run("--diff", str(path)).stdout == ""
    assert run("--diff", str(path)).exit_code == 1
    assert run("--diff", "--fail-on", "error", str(path)).exit_code == 0


def test_cli_fix_writes_atomically_keeps_permissions_and_twice_changes_nothing(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text(CLI_MD)
    os.chmod(path, 0o640)
    first = run("--fix", "--fix-task-verbs", str(path))
    assert first.exit_code == 0, first.output
    assert "Fixed 1 Key Results in 1 files" in first.stderr
    assert path.read_text() == CLI_FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["okrs.md"]
    before = path.stat().st_mtime_ns
    second = run("--fix", "--fix-task-verbs", str(path))
    assert second.exit_code == 0
    assert "Fixed 0 Key Results in 0 files" in second.stderr
    assert path.read_text() == CLI_FIXED and path.stat().st_mtime_ns == before


def test_cli_fix_reports_what_remains_after_fixing(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text(CLI_MD + "- Improve the checkout\n")
    result = CliRunner().invoke(main, ["check", "--select", "KR201,KR101", "--fix", "--fix-task-verbs", str(path), "--format", "json"])
    payload = json.loads(result.stdout)
    # The moved task is an Initiative now: only the vague Key Result left behind is reported, on its new line.
    assert [(f["code"], f["line"]) for f in payload["findings"]] == [("KR101", 5)]
    assert result.exit_code == 1


def test_cli_fix_keeps_crlf_on_disk(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_bytes(CLI_MD.replace("\n", "\r\n").encode())
    assert run("--fix", "--fix-task-verbs", str(path)).exit_code == 0
    assert path.read_bytes() == CLI_FIXED.replace("\n", "\r\n").encode()


def test_cli_fix_never_writes_a_file_with_an_input_error(tmp_path):
    broken = tmp_path / "broken-okrs.yaml"
    broken.write_text("objectives:\n  - objective: x\n   key_results: [\n")
    good = tmp_path / "okrs.md"
    good.write_text(CLI_MD)
    result = run("--fix", "--fix-task-verbs", str(broken), str(good))
    assert result.exit_code == 2
    assert broken.read_text() == "objectives:\n  - objective: x\n   key_results: [\n"
    assert good.read_text() == CLI_FIXED


def test_cli_fix_on_standard_input_prints_the_fixed_text(tmp_path):
    result = run("--fix", "--fix-task-verbs", "--stdin-format", "markdown", "--stdin-filename", str(tmp_path / "okrs.md"), "-", input=CLI_MD)
    assert result.exit_code == 0
    assert result.stdout == CLI_FIXED
    assert "No problems found" in result.stderr and "Fixed 1 Key Results in 1 files" in result.stderr
    assert os.listdir(tmp_path) == []


def test_cli_fix_task_verbs_alone_is_a_usage_error(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text(CLI_MD)
    result = run("--fix-task-verbs", str(path))
    assert result.exit_code == 2
    assert path.read_text() == CLI_MD


def test_write_atomic_cleans_up_when_the_rename_fails(tmp_path, monkeypatch):
    path = tmp_path / "okrs.md"
    path.write_text("old\n")

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(str(path), "new\n")
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["okrs.md"]


def test_write_atomic_writes_through_a_symbolic_link(tmp_path):
    target = tmp_path / "real-okrs.md"
    target.write_text("old\n")
    link = tmp_path / "okrs.md"
    link.symlink_to(target)
    write_atomic(str(link), "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_unified_diff_marks_a_missing_final_newline():
    result = FixResult("okrs.txt", "a\nb", "b\na", 1, krlint.LintResult("okrs.txt"))
    diff = unified_diff(result)
    assert diff.startswith("--- a/okrs.txt\n+++ b/okrs.txt\n")
    assert "\\ No newline at end of file\n" in diff


def test_fix_paths_reads_files_as_written_and_writes_nothing(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_bytes(("\ufeff" + CLI_MD).replace("\n", "\r\n").encode())
    [result] = api.fix_paths([tmp_path, path], config=TASKS_ONLY, task_verbs=True)
    assert result.moved == 1 and result.changed
    assert result.fixed == ("\ufeff" + CLI_FIXED).replace("\n", "\r\n")
    assert path.read_bytes() == ("\ufeff" + CLI_MD).replace("\n", "\r\n").encode()


# Property: no item is ever lost, and fixing is idempotent --------------------------------------------

WORDS = ["weekly", "active", "teams", "latency", "retention", "signups", "partner", "revenue", "support",
         "tickets", "onboarding", "mobile", "checkout", "conversion", "search", "billing", "reports"]


@st.composite
def markdown_okrs(draw):
    """A Markdown OKR file in one of three layouts, with random markers (bullets or numbers),
    indentation, line endings, checkboxes, wrapped items, notes, nested Key Results and existing
    Initiatives. Every item text is unique."""
    layout = draw(st.sampled_from(["heading", "bold-item", "label-line"]))
    marker = draw(st.sampled_from(["-", "*", "+", "1."]))
    unit = draw(st.sampled_from(["  ", "    "]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    counter = iter(range(10_000))

    def phrase() -> str:
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
        verb = draw(st.sampled_from(["Launch", "Grow"]))  # "Launch" is a task verb (KR201)
        return f"{verb} {' '.join(words)} item{next(counter)}"

    lines = ["# OKRs", ""] if layout == "heading" else []
    for number in range(draw(st.integers(1, 3))):
        title = f"Goal {number} {draw(st.sampled_from(WORDS))}"
        kr_indent = unit if layout == "bold-item" else ""
        if layout == "heading":
            lines += [f"## Objective: {title}", ""]
        elif layout == "bold-item":
            lines += [f"{marker} **Objective: {title}**"]
        else:
            lines += [f"**Objective:** {title}", ""]
        for _ in range(draw(st.integers(1, 4))):
            box = draw(st.sampled_from(["", "", "[ ] ", "[x] "]))
            lines.append(f"{kr_indent}{marker} {box}{phrase()}")
            if draw(st.integers(0, 4)) == 0:
                lines.append(f"{kr_indent}{' ' * (len(marker) + 1)}and more words")
            for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
                lines.append(f"{kr_indent}{unit}{marker} {phrase()}")
        if layout == "heading" and draw(st.integers(0, 3)) == 0:
            lines += ["", "#### Notes", "", "Reviewed every Monday."]
        existing = draw(st.integers(0, 2))
        if existing and layout == "heading":
            lines += ["", "### Initiatives", ""] + [f"{marker} Task {next(counter)}" for _ in range(existing)]
        elif existing and layout == "bold-item":
            lines += [f"{kr_indent}{marker} **Initiatives:**"] + [f"{kr_indent}{unit}{marker} Task {next(counter)}" for _ in range(existing)]
        elif existing:
            lines += ["", "**Initiatives:**", ""] + [f"{marker} Task {next(counter)}" for _ in range(existing)]
        lines.append("")
    return newline.join(lines) + newline


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_okrs(), st.data())
def test_property_markdown_fix_loses_no_item(text, data):
    document = krlint.parse_text(text, "markdown", "okrs.md")
    krs = [kr for _o, kr in document.key_results()]
    assert krs, text
    chosen = data.draw(st.lists(st.sampled_from(krs), unique_by=id, max_size=len(krs)))
    outcome = apply_moves(text, document, chosen)
    assert items(outcome.text, "markdown", "okrs.md") == items(text, "markdown", "okrs.md")
    fixed_document = krlint.parse_text(outcome.text, "markdown", "okrs.md")
    still_krs = {kr.text for _o, kr in fixed_document.key_results()}
    now_initiatives = {i.text for o in fixed_document.objectives for i in o.initiatives}
    assert all(kr.text in now_initiatives and kr.text not in still_krs for kr in outcome.moved)
    assert all(kr.text in still_krs for kr in outcome.skipped)
    # Every chosen Key Result without nested Key Results moves (one with them would lose its cascade).
    assert {kr.text for kr in chosen if not kr.children} == {kr.text for kr in outcome.moved}
    newline = "\r\n" if "\r\n" in text else "\n"
    assert "\r" not in outcome.text.replace(newline, "") and "\n" not in outcome.text.replace(newline, "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_okrs())
def test_property_fix_text_is_idempotent_and_moves_what_it_can(text):
    once = krlint.fix_text(text, path="okrs.md", config=TASKS_ONLY, task_verbs=True)
    assert krlint.fix_text(once, path="okrs.md", config=TASKS_ONLY, task_verbs=True) == once
    assert items(once, "markdown", "okrs.md") == items(text, "markdown", "okrs.md")
    left = krlint.lint_text(once, path="okrs.md", config=TASKS_ONLY)
    assert not any(finding.fixable for finding in left)


@st.composite
def yaml_okrs(draw):
    """A YAML OKR file: block or flow key results, plain or quoted or mapping Key Results, comments
    on and between items, an initiatives key or none, two indentation styles."""
    offset, width = draw(st.sampled_from([(0, 2), (2, 4), (4, 6)]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    counter = iter(range(10_000))
    lines = ["# OKRs" if draw(st.booleans()) else "", "objectives:"]
    for number in range(draw(st.integers(1, 3))):
        dash = " " * offset + "- "
        inner = " " * (offset + 2)
        lines.append(f"{dash}objective: Goal {number}")
        texts = [f"{draw(st.sampled_from(WORDS))} item{next(counter)}" for _ in range(draw(st.integers(1, 4)))]
        key = draw(st.sampled_from(["key_results", "keyResults", "Key Results"]))
        if draw(st.booleans()):
            quoted = [draw(st.sampled_from(["{}", "'{}'", '"{}"'])).format(text) for text in texts]
            lines.append(f"{inner}{key}: [{', '.join(quoted)}]" + ("  # flow" if draw(st.booleans()) else ""))
        else:
            lines.append(f"{inner}{key}:")
            item = inner + " " * (width - 2) + "- "
            for text in texts:
                if draw(st.booleans()):
                    lines.append(f"{item}text: {text}")
                    lines.append(" " * len(item) + "target: 10" + ("  # goal" if draw(st.booleans()) else ""))
                else:
                    style = draw(st.sampled_from(["{}", "'{}'", '"{}"']))
                    lines.append(item + style.format(text) + (f"  # note {next(counter)}" if draw(st.booleans()) else ""))
                if draw(st.booleans()):
                    lines.append(inner + " " * (width - 2) + f"# between {next(counter)}")
        if draw(st.booleans()):
            lines.append(f"{inner}initiatives:")
            lines.append(inner + " " * (width - 2) + f"- Task {next(counter)}")
        if draw(st.booleans()):
            lines.append(f"{inner}# about the owner {next(counter)}")
            lines.append(f"{inner}owner: someone")
    return newline.join(lines) + newline


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_okrs(), st.data())
def test_property_yaml_fix_loses_no_item_and_no_comment(text, data):
    from krlint.fix_yaml import _comments

    document = krlint.parse_text(text, "yaml", "okrs.yaml")
    krs = [kr for _o, kr in document.key_results()]
    chosen = data.draw(st.lists(st.sampled_from(krs), unique_by=id, max_size=len(krs)))
    outcome = apply_moves(text, document, chosen)
    assert items(outcome.text, "yaml", "okrs.yaml") == items(text, "yaml", "okrs.yaml")
    assert _comments(outcome.text.replace("\r\n", "\n")) == _comments(text.replace("\r\n", "\n"))
    assert {kr.text for kr in outcome.moved} == {kr.text for kr in chosen}
    again = krlint.parse_text(outcome.text, "yaml", "okrs.yaml")
    assert apply_moves(outcome.text, again, []).text == outcome.text
    if "\r\n" in text:
        assert "\n" not in outcome.text.replace("\r\n", "")

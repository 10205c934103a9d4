import pytest

import krlint
from krlint import Config, KrlintError


def test_lint_text_returns_typed_findings_sorted_by_position():
    findings = krlint.lint_text("## Objective: Grow\n- Improve activation rate\n- Ship the wizard\n")
    assert all(isinstance(f, krlint.Finding) for f in findings)
    assert [f.span.line for f in findings] == sorted(f.span.line for f in findings)
    assert {f.code for f in findings} >= {"KR102", "KR101"}
    assert all(isinstance(f.severity, krlint.Severity) for f in findings)


def test_parse_text_gives_the_model_with_positions():
    document = krlint.parse_text("- objective: Be fast\n  key_results: [p95 latency from 900ms to 300ms]\n", format="yaml")
    assert isinstance(document, krlint.Document)
    (objective,) = document.objectives
    assert objective.span.line == 1 and objective.key_results[0].span.line == 2


def test_bad_input_raises_krlint_error_not_something_else():
    with pytest.raises(KrlintError):
        krlint.lint_text("objectives: [", format="yaml")
    with pytest.raises(KrlintError, match="unknown format"):
        krlint.parse_text("x", format="docx")


def test_lint_paths_reports_errors_as_results(tmp_path):
    good = tmp_path / "okrs.md"
    good.write_text("## Objective: Grow\n- Weekly active teams from 300 to 450\n")
    results = krlint.lint_paths([good, tmp_path / "missing-okrs.md"])
    assert [r.error is None for r in results] == [True, False]
    assert results[1].error.message == "no such file"


def test_calls_do_not_share_state():
    text = "## Objective: Grow\n- Improve activation rate\n"
    first = krlint.lint_text(text, config=Config(select=("KR102",)))
    everything = krlint.lint_text(text)
    again = krlint.lint_text(text, config=Config(select=("KR102",)))
    assert first == again and len(everything) >= len(first)


def test_a_file_over_the_size_limit_is_an_error(tmp_path):
    huge = tmp_path / "huge-okrs.md"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (result,) = krlint.lint_paths([huge])
    assert "MB" in result.error.message


def test_classify_api_labels_and_confidences():
    results = krlint.classify(["Publish 12 blog posts", "Grow weekly active users from 10k to 14k"])
    assert [r.label for r in results] == ["output", "outcome"]
    assert all(0.5 <= r.confidence <= 1.0 for r in results)

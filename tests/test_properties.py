"""Random and mutated input through parse and lint: never an exception other than KrlintError,
and every finding points inside the file."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import krlint
from krlint import KrlintError
from krlint.config import Config

from conftest import SHARED

FRAGMENTS = [
    "# OKRs", "## Objective: Grow", "### Key Results", "### Initiatives", "**Objective:** Ship", "- ", "* ",
    "1. ", "- [ ] ", "    - ", "\t- ", "KR1: ", "| Key Result | Owner |", "|---|---|", "| Grow NPS from 30 to 50 | @a |",
    "Reduce churn by 10%", "Launch the app", "P0 @bob - ", "[P1]", "=> done", "<!-- krlint: disable=KR201 -->",
    "<!-- ", "-->", "---", "```", "**", "`", "N0", "$1.2M", "from 3 to 5", "by Q3", "\u00e9", "\ufeff", "\r",
    "objectives:", "  - objective: x", "    key_results:", "      - y", "Objective,Key Result", "a,\"b\nc\"",
    "# krlint: disable-line=KR101", "&a [*a]", "{", "[", "\\", "> note", "=1 full stack",
]
# Without rules that need spaCy the properties run fast; the measuring rules get their own smaller run.
STRUCTURAL = Config(select=("OB102", "OB103", "KL101"))


def _check_spans(text: str, findings) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in findings:
        span = finding.span
        assert 1 <= span.line <= span.end_line <= len(lines), (span, len(lines))
        assert span.column >= 1 and span.end_column >= 1
        assert span.column <= len(lines[span.line - 1]) + 1, (span, lines[span.line - 1])


documents = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40).map(
    lambda parts: "".join(part + ("\n" if i % 3 else "") for i, part in enumerate(parts))
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, fmt=st.sampled_from(["markdown", "yaml", "text", "csv"]))
def test_any_text_parses_or_fails_cleanly_and_findings_point_inside(text, fmt):
    try:
        findings = krlint.lint_text(text, format=fmt, config=STRUCTURAL)
    except KrlintError:
        return
    _check_spans(text, findings)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents)
def test_all_rules_on_random_markdown(text):
    try:
        findings = krlint.lint_text(text, format="markdown")
    except KrlintError:
        return
    _check_spans(text, findings)


def _real_files() -> list[str]:
    folder = SHARED / "real-okrs" / "files"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))] if folder.is_dir() else []


REAL = _real_files()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_file_structures(data):
    if not REAL:
        return
    lines = data.draw(st.sampled_from(REAL)).split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "dedent", "insert", "cut"]))
        at = data.draw(st.integers(0, max(0, len(lines) - 1)))
        if action == "drop" and lines:
            del lines[at]
        elif action == "dup" and lines:
            lines.insert(at, lines[at])
        elif action == "indent" and lines:
            lines[at] = "    " + lines[at]
        elif action == "dedent" and lines:
            lines[at] = lines[at].lstrip()
        elif action == "insert":
            lines.insert(at, data.draw(st.sampled_from(FRAGMENTS)))
        elif action == "cut" and lines:
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
    text = "\n".join(lines)
    try:
        findings = krlint.lint_text(text, format="markdown", path="mutated-okrs.md", config=STRUCTURAL)
    except KrlintError:
        return
    _check_spans(text, findings)


def test_hostile_shapes_finish(tmp_path: Path):
    deep_list = "".join("  " * depth + "- item\n" for depth in range(2000))
    long_line = "- " + "x" * 1_000_000 + "\n"
    many_lines = "## Objective: big\n" + "- Grow signups from 1 to 2\n" * 100_000
    for text in (deep_list, long_line, many_lines):
        krlint.parse_text("# OKRs\n" + text, format="markdown")

"""Every rule against its fixture: the lines marked ``<!-- expect: CODE -->`` must raise that code,
and no other line may raise it."""

import re
from pathlib import Path

import pytest

import krlint
from krlint import rules
from krlint.config import Config

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
MARK = re.compile(r"<!-- expect: ([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*) -->")


def expected(text: str, code: str) -> set[int]:
    return {
        number
        for number, line in enumerate(text.split("\n"), 1)
        for match in MARK.finditer(line)
        if code in [part.strip() for part in match.group(1).split(",")]
    }


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.code)
def test_rule_fires_exactly_on_marked_lines(rule):
    fixture = FIXTURES / f"{rule.code}.md"
    text = fixture.read_text(encoding="utf-8")
    want = expected(text, rule.code)
    assert want, f"{fixture.name} marks no line for {rule.code}"
    assert len(text.split("\n")) - len(want) > len(want) / 2, "a fixture needs good lines too"
    findings = krlint.lint_text(text, path=str(fixture), config=Config(select=(rule.code,)))
    got = {finding.span.line for finding in findings}
    assert got == want, [(f.span.line, f.message) for f in findings]


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule):
    for part in ("What it does", "Why", "Example", "Use instead"):
        assert part in rule.doc, f"{rule.code} docstring lacks '{part}'"
    assert re.fullmatch(r"[A-Z]{2}\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


def test_no_key_result_rule_fires_on_initiatives():
    text = (
        "## Objective: Customers get help fast\n"
        "- First response time from 9h to 2h\n"
        "### Initiatives\n"
        "- Launch a chatbot\n"
        "- Hire two agents\n"
        "- Write 40 help articles\n"
    )
    findings = krlint.lint_text(text)
    assert [f for f in findings if f.span.line >= 4] == []


def test_kr301_stays_quiet_where_kr201_says_it():
    text = "## Objective: Grow the community\n- Publish 12 tutorials on the blog\n- Forum members from 300 to 900\n"
    codes = [f.code for f in krlint.lint_text(text) if f.span.line == 2]
    assert "KR201" in codes and "KR301" not in codes
    alone = krlint.lint_text(text, config=Config(ignore=("KR201",)))
    assert "KR301" in [f.code for f in alone if f.span.line == 2]


def test_messages_quote_what_triggered_them():
    findings = krlint.lint_text("## Objective: Win 500 new customers\n- Conduct 30 interviews\n- Reduce churn rate by 10%\n")
    by_code = {f.code: f.message for f in findings}
    assert "'500'" in by_code["OB101"] or "500" in by_code["OB101"]
    assert "'Conduct'" in by_code["KR201"]
    assert "10%" in by_code["KR103"]

import pytest

from krlint import KrlintError, parse_text
from krlint.model import Span


def test_text_objectives_key_results_and_initiatives_with_positions():
    document = parse_text(
        "Objective: Make support effortless\n"
        "- Cut first response time from 9h to 2h\n"
        "KR2: Raise CSAT from 4.1 to 4.6\n"
        "Initiatives:\n"
        "- Chatbot for order status\n"
        "\n"
        "O2 - Grow the community\n"
        "Forum members posting weekly up to 300\n",
        format="text",
    )
    first, second = document.objectives
    assert first.text == "Make support effortless"
    assert first.span == Span(1, 12, 1, 35)
    assert [kr.text for kr in first.key_results] == ["Cut first response time from 9h to 2h", "Raise CSAT from 4.1 to 4.6"]
    assert first.key_results[1].span.column == 6
    assert [i.text for i in first.initiatives] == ["Chatbot for order status"]
    assert second.text == "Grow the community"
    assert [kr.span.line for kr in second.key_results] == [8]


def test_text_lines_before_any_objective_are_loose_and_objective_c_is_not_a_label():
    document = parse_text("Objective-C code share below 10%\n", format="text")
    assert document.objectives == ()
    assert [kr.text for kr in document.loose_key_results] == ["Objective-C code share below 10%"]


YAML = """\
# team OKRs
objectives:
  - title: Customers love the new checkout
    keyResults:
      - Checkout conversion from 2.1% to 3%
      - text: Refund requests per 1k orders
        baseline: 14
        target: 8
        unit: requests
        owner: "@sam"
        children:
          - Card decline rate under 5%
    initiatives:
      - One-page checkout
  - name: Empty objective
"""


def test_yaml_keys_in_their_common_spellings_and_structured_values():
    document = parse_text(YAML, format="yaml")
    first, second = document.objectives
    assert first.text == "Customers love the new checkout"
    assert first.span.line == 3
    assert [kr.text for kr in first.key_results] == ["Checkout conversion from 2.1% to 3%", "Refund requests per 1k orders"]
    structured = first.key_results[1]
    assert (structured.start, structured.target, structured.unit, structured.owner) == ("14", "8", "requests", "@sam")
    assert structured.span.line == 6
    assert [child.text for child in structured.children] == ["Card decline rate under 5%"]
    assert [i.text for i in first.initiatives] == ["One-page checkout"]
    assert second.key_results == ()


def test_json_is_read_by_the_yaml_parser():
    document = parse_text('[{"objective": "Be fast", "krs": ["p95 under 300ms"]}]', format="yaml")
    assert document.objectives[0].key_results[0].text == "p95 under 300ms"


@pytest.mark.parametrize(
    "text, line",
    [("objectives:\n  - title: [unclosed\n", 3), ("objectives:\n  - a\n - b\n", 3), ("a: 1\na: 2\n", 2), ("objectives:\n\t- a\n", 2)],
)
def test_malformed_yaml_names_its_line(text, line):
    with pytest.raises(KrlintError) as raised:
        parse_text(text, format="yaml")
    assert raised.value.message.startswith("invalid YAML")
    assert raised.value.line == line


def test_yaml_alias_bomb_is_refused_quickly():
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [" + ", ".join(f"*{previous}" for _ in range(10)) + "]")
    bomb.append("objectives: [{objective: boom, key_results: *i}]")
    with pytest.raises(KrlintError, match="alias bomb|is a list"):
        parse_text("\n".join(bomb), format="yaml")


def test_deeply_nested_yaml_is_an_error_not_a_crash():
    deep = "objectives:\n  - objective: x\n    key_results:\n" + "".join(
        "  " * (level + 3) + "- children:\n" for level in range(300)
    )
    with pytest.raises(KrlintError, match="nested deeper"):
        parse_text(deep, format="yaml")


def test_yaml_that_is_not_okrs_is_an_error():
    with pytest.raises(KrlintError, match="no list of objectives"):
        parse_text("name: my-service\nversion: 2\n", format="yaml")


def test_empty_yaml_is_an_empty_document():
    assert parse_text("", format="yaml").objectives == ()

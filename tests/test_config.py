import pytest

from krlint.config import Config, Finder, from_mapping, load_file
from krlint.errors import KrlintError
from krlint.model import Severity


def test_select_ignore_by_code_name_and_prefix():
    config = from_mapping({"select": ["KR1", "objective-has-metric"], "ignore": ["no-start-value"]})
    codes = [rule.code for rule in config.enabled()]
    assert codes == ["OB101", "KR101", "KR102", "KR104"]


def test_rule_severity_and_options():
    config = from_mapping({"rules": {"OB103": {"severity": "error", "max": 3}, "task-verb": {"extra-verbs": ["onboard"]}}})
    rule = {r.code: r for r in config.enabled()}
    assert config.severity(rule["OB103"]) == Severity.ERROR
    assert config.rule_options(rule["OB103"]) == {"max": 3}
    assert config.rule_options(rule["KR201"]) == {"extra-verbs": ["onboard"]}


@pytest.mark.parametrize(
    "table, key",
    [
        ({"selct": ["KR101"]}, "selct"),
        ({"select": ["KR999"]}, "KR999"),
        ({"fail-on": "sometimes"}, "fail-on"),
        ({"rules": {"OB103": {"max": "five"}}}, "rules.OB103.max"),
        ({"rules": {"OB103": {"maximum": 4}}}, "rules.OB103.maximum"),
        ({"rules": {"nope": {}}}, "rules.nope"),
        ({"classifier-threshold": 2}, "classifier-threshold"),
        ({"include": "*.md"}, "include"),
    ],
)
def test_unknown_keys_and_bad_values_name_the_key(table, key):
    with pytest.raises(KrlintError) as raised:
        from_mapping(table, "pyproject.toml")
    assert key in raised.value.message
    assert "pyproject.toml" in raised.value.message


def test_found_upward_from_the_file_and_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / ".krlint.toml").write_text('ignore = ["KR103"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    config = Finder().for_file(nested / "OKRS.md")
    assert config.ignore == ("KR103",)
    assert config.source == str(tmp_path / ".krlint.toml")


def test_pyproject_tool_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.krlint]\nfail-on = "error"\n')
    assert load_file(tmp_path / "pyproject.toml").fail_on == "error"


def test_invalid_toml_is_an_error_naming_the_file(tmp_path):
    (tmp_path / ".krlint.toml").write_text("select = [\n")
    with pytest.raises(KrlintError, match="invalid TOML"):
        load_file(tmp_path / ".krlint.toml")


def test_fails_respects_fail_on():
    assert Config().fails(Severity.WARNING)
    assert not Config(fail_on="error").fails(Severity.WARNING)
    assert not Config(fail_on="never").fails(Severity.ERROR)

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import krlint
from krlint import KrlintError, Span, parse_text, sources
from krlint.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "csv"


def parse_fixture(name: str) -> krlint.Document:
    return krlint.parse_file(FIXTURES / name)


def test_one_row_per_key_result_groups_rows_by_objective_in_first_seen_order():
    document = parse_fixture("per_key_result.csv")
    assert document.format == "csv"
    onboarding, usage, trust = document.objectives
    assert onboarding.text == "Make onboarding painless"
    assert onboarding.span == Span(2, 1, 2, 25)
    assert [kr.text for kr in onboarding.key_results] == [
        "Days from signup to first invoice", "Setup tickets per 100 signups", "Activation rate from 38% to 55%",
    ]
    assert [kr.span.line for kr in onboarding.key_results] == [2, 3, 5]
    first = onboarding.key_results[0]
    assert first.span == Span(2, 26, 2, 59)
    assert (first.start, first.target, first.unit, first.owner) == ("9", "3", "days", "Priya")
    assert onboarding.key_results[2].start is None and onboarding.key_results[2].owner == "Lena"
    # the same Initiative on two rows of one Objective is one Initiative
    assert [(i.text, i.span.line) for i in onboarding.initiatives] == [("Guided setup wizard", 2)]
    assert usage.text == "Grow usage in mid-size firms" and len(usage.key_results) == 1
    assert [i.text for i in usage.initiatives] == ["Admin usage digest"]
    # a row with an Objective and no Key Result defines the Objective
    assert trust.text == "Win back trust after the outage"
    assert trust.key_results == () and trust.span.line == 6
    assert document.loose_key_results == ()


def test_one_row_per_item_with_a_type_column():
    document = parse_fixture("typed_rows.csv")
    app, suppliers = document.objectives
    assert app.text == "Our field teams rely on the mobile app"
    assert app.span == Span(2, 11, 2, 49)
    assert [kr.text for kr in app.key_results] == ["Daily active field users", "Crash-free sessions"]
    users = app.key_results[0]
    assert (users.start, users.target, users.unit, users.owner) == ("140", "400", "users", "Ana")
    assert users.span == Span(3, 12, 3, 36)
    assert [i.text for i in app.initiatives] == ["Offline mode for job sheets"]
    assert [kr.text for kr in suppliers.key_results] == ["Invoices paid after the due date"]
    # an item type krlint does not know ("Milestone") is not read as anything
    assert all("Board review" not in kr.text for _o, kr in document.key_results())


def test_type_column_with_objective_and_key_result_columns():
    document = parse_text(
        "Type,Objective,Key Result\n"
        "Objective,Hospitals renew with us,\n"
        "KR,,Renewal rate from 81% to 90%\n"
        "Objective,Clinicians finish charts sooner,\n"
        "Key Result,Hospitals renew with us,Open support escalations from 30 to 10\n"
        "Initiative,,Renewal playbook\n",
        format="csv",
    )
    renew, charts = document.objectives
    assert [kr.text for kr in renew.key_results] == ["Renewal rate from 81% to 90%", "Open support escalations from 30 to 10"]
    assert [i.text for i in renew.initiatives] == ["Renewal playbook"]
    assert charts.key_results == ()


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        ("Objective,Key Result,Start,Target,Unit,Owner", ("start", "target", "unit", "owner")),
        ("OBJECTIVE,KEY_RESULTS,START_VALUE,TARGET_VALUE,UNITS,ASSIGNEE", ("start", "target", "unit", "owner")),
        ("goal,kr,baseline,goal value,unit,lead", ("start", "target", "unit", "owner")),
        ("O,Result,Current,To,Unit,responsible", ("start", "target", "unit", "owner")),
        ("Objective title,Key-result title,Initial,Target,Unit,Owner", ("start", "target", "unit", "owner")),
        ("Goal,Metric,From,To,Unit,Owner", ("start", "target", "unit", "owner")),
    ],
)
def test_header_spellings(header, roles):
    document = parse_text(f"{header}\nShip faster,Lead time in days,12,4,days,Noor\n", format="csv")
    (objective,) = document.objectives
    assert objective.text == "Ship faster"
    (kr,) = objective.key_results
    assert kr.text == "Lead time in days"
    assert (kr.start, kr.target, kr.unit, kr.owner) == ("12", "4", "days", "Noor")


def test_start_column_wins_over_current_column():
    document = parse_text("Objective,Key Result,Current,Start,Target\nO,Churn rate,4.2%,5%,3%\n", format="csv")
    assert document.objectives[0].key_results[0].start == "5%"


def test_key_results_without_an_objective_column_are_loose():
    document = parse_text("Key Result,Owner\nChurn from 5% to 3%,Ida\n", format="csv")
    assert document.objectives == ()
    assert [kr.text for kr in document.loose_key_results] == ["Churn from 5% to 3%"]


def test_blank_objective_cells_continue_the_objective_above():
    document = parse_text("Objective,Key Result\nBe the fastest,p95 latency under 200ms\n,Error rate below 0.1%\n", format="csv")
    assert [kr.text for kr in document.objectives[0].key_results] == ["p95 latency under 200ms", "Error rate below 0.1%"]


def test_numbered_key_result_columns():
    document = parse_text("Objective,KR1,Key Result 2\nDelight readers,Newsletter open rate 30% to 40%,Unsubscribes under 1%\n", format="csv")
    assert [(kr.text, kr.span.column) for kr in document.objectives[0].key_results] == [
        ("Newsletter open rate 30% to 40%", 17), ("Unsubscribes under 1%", 49),
    ]


def test_semicolon_delimited_file():
    document = parse_fixture("semicolon.csv")
    (objective,) = document.objectives
    assert objective.text == "Sell into the Nordics"
    # a comma inside a semicolon file is part of the cell
    assert [kr.text for kr in objective.key_results] == ["Signed Nordic customers", "Nordic pipeline, in EUR"]
    pipeline = objective.key_results[1]
    assert (pipeline.start, pipeline.target) == ("50k", "400k")
    assert pipeline.span == Span(3, 23, 3, 46)


def test_tab_separated_file():
    document = parse_fixture("tabs.tsv")
    (objective,) = document.objectives
    assert [kr.text for kr in objective.key_results] == ["p95 page load under 1.2s", "Migrate the search cluster"]
    assert objective.key_results[1].span == Span(3, 24, 3, 50)
    assert objective.key_results[1].owner == "Ops"


def test_single_column_file_does_not_split_on_commas():
    document = parse_text("Key Result\nSignups from 1,200 to 2,000\n", format="csv")
    assert [kr.text for kr in document.loose_key_results] == ["Signups from 1,200 to 2,000"]


def test_quoted_multiline_cells_keep_line_numbers_right_after_a_title_row():
    document = parse_fixture("multiline.csv")
    (objective,) = document.objectives
    # the wrapped Objective is joined, and matches the same text written on one line
    assert objective.text == "Answer customers before they wait"
    # the cell starts at its quote and runs to the end of its first line
    assert objective.span == Span(5, 1, 5, 18)
    reply, reopened, macros = objective.key_results
    assert reply.text == "First reply time from 6h to 1h"
    # this cell starts on the record's second line
    assert reply.span == Span(6, 19, 6, 49)
    assert reopened.text == "Tickets reopened within a week, per 100"
    assert reopened.span == Span(8, 37, 8, 54)
    assert macros.text == "Write a macro library"
    assert macros.span == Span(10, 35, 10, 56)


def test_crlf_line_endings_and_a_bom():
    document = parse_text("\ufeffObjective,Key Result\r\nBe quick,\"Latency\r\nunder 1s\"\r\nBe kind,CSAT 4.5\r\n", format="csv")
    assert [o.text for o in document.objectives] == ["Be quick", "Be kind"]
    assert document.objectives[1].key_results[0].span.line == 4


def test_trailing_empty_cells_beyond_the_header_are_tolerated():
    document = parse_text("Objective,Key Result\nBe quick,Latency under 1s,,\n", format="csv")
    assert document.objectives[0].key_results[0].text == "Latency under 1s"


def test_empty_file_is_an_empty_document():
    assert parse_text("\n\n", format="csv").objectives == ()


def test_structured_start_and_target_reach_the_rules():
    with_start = "Objective,Key Result,Start,Target\nKeep buyers,Monthly churn rate,5%,3%\n"
    assert "KR103" not in [f.code for f in krlint.lint_text(with_start, format="csv")]
    without_start = "Objective,Key Result,Target\nKeep buyers,Monthly churn rate,3%\n"
    findings = krlint.lint_text(without_start, format="csv")
    assert [(f.code, f.span.line, f.span.column) for f in findings if f.code == "KR103"] == [("KR103", 2, 13)]


def test_directive_in_a_notes_cell_suppresses_its_row():
    text = (FIXTURES / "directives.csv").read_text()
    findings = krlint.lint_text(text, format="csv")
    task_verbs = [(f.code, f.span.line) for f in findings if f.code == "KR201"]
    assert task_verbs == [("KR201", 2)]
    assert not [f for f in findings if f.code == "KL101"]


def test_no_header_is_an_error():
    with pytest.raises(KrlintError, match="no column named Objective or Key Result in the header") as error:
        parse_text("Team,Quarter\nSupport,Q3\n", format="csv")
    assert error.value.line is None


def test_row_with_more_cells_than_the_header_is_an_error_with_its_line():
    with pytest.raises(KrlintError, match=r"row has 4 cells, more than the 2 columns of the header \(line 2\)") as error:
        parse_text("Q3 plan\nObjective,Key Result\nBe quick,Latency under 1s\nBe kind,CSAT 4.5,Ops,extra\n", format="csv")
    assert error.value.line == 4


def test_nul_byte_is_an_error_with_its_line():
    with pytest.raises(KrlintError, match="NUL") as error:
        parse_text("Objective,Key Result\nBe quick,Lat\x00ency\n", format="csv")
    assert error.value.line == 2


def test_unclosed_quote_is_an_error_with_its_line():
    with pytest.raises(KrlintError, match="never closed") as error:
        parse_text('Objective,Key Result\nBe quick,Latency under 1s\nBe kind,"CSAT 4.5\nand more\n', format="csv")
    assert error.value.line == 3


def test_csv_module_error_is_a_krlint_error_with_its_line():
    huge = "x" * (sources.MAX_BYTES + 1)
    with pytest.raises(KrlintError, match="invalid CSV") as error:
        parse_text(f"Objective,Key Result\nBe quick,{huge}\n", format="csv")
    assert error.value.line == 2


def test_a_one_megabyte_cell_is_fine():
    big = "Grow " + "y" * 1_000_000
    document = parse_text(f'Objective,Key Result\n"{big}",Revenue from 1 to 2\n', format="csv")
    assert document.objectives[0].text == big
    assert document.objectives[0].key_results[0].span.column == len(big) + 4


def test_a_hundred_thousand_rows_parse_in_a_few_seconds():
    rows = "".join(f'Objective {i % 500},"Metric {i}, weekly",{i},{i + 10},units,Owner {i % 7}\n' for i in range(100_000))
    text = "Objective,Key Result,Start,Target,Unit,Owner\n" + rows
    began = time.perf_counter()
    document = parse_text(text, format="csv")
    assert time.perf_counter() - began < 5
    assert len(document.objectives) == 500
    assert sum(len(o.key_results) for o in document.objectives) == 100_000
    last = document.objectives[-1].key_results[-1]
    assert last.span == Span(100_001, 15, 100_001, 15 + len('"Metric 99999, weekly"'))


def test_csv_files_are_found_and_read_as_csv():
    assert sources.format_for("team-okrs.csv") == "csv"
    assert sources.format_for("team-okrs.TSV") == "csv"
    assert sources.is_okr_file(Path("team-okrs.csv"))


def test_check_prints_path_line_column_code_at_the_row(tmp_path):
    path = tmp_path / "support-okrs.csv"
    path.write_text((FIXTURES / "multiline.csv").read_text())
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}:10:35: KR201 " in result.output


def test_check_and_show_read_csv_from_standard_input():
    text = "Objective,Key Result\nBe kind,Launch a kindness campaign\n"
    result = CliRunner().invoke(main, ["check", "-", "--stdin-format", "csv"], input=text)
    assert "-:2:9: KR201 " in result.output
    shown = CliRunner().invoke(main, ["show", "-", "--stdin-format", "csv"], input=text)
    assert shown.exit_code == 0, shown.output
    assert "(csv)" in shown.output and "Launch a kindness campaign" in shown.output

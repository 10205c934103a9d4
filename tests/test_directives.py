from krlint import directives


def test_region_next_line_and_same_line():
    text = "\n".join([
        "<!-- krlint: disable=KR201 -->",      # 1
        "- Launch a thing",                    # 2
        "<!-- krlint: enable=task-verb -->",   # 3
        "- Launch another",                    # 4
        "<!-- krlint: disable-next-line=KR102,no-start-value -->",  # 5
        "- Improve conversion",                # 6
    ])
    found = directives.read(text, "markdown")
    assert found.suppressed("KR201", 2)
    assert not found.suppressed("KR201", 4)
    assert found.suppressed("KR102", 6) and found.suppressed("KR103", 6)
    assert not found.suppressed("KR102", 5)
    assert found.problems == []


def test_region_left_open_runs_to_the_end():
    found = directives.read("# krlint: disable=OB103\na\nb\nc", "yaml")
    assert found.suppressed("OB103", 4)


def test_hash_directive_same_line_in_yaml():
    found = directives.read("- Run 4 webinars  # krlint: disable-line=KR201", "yaml")
    assert found.suppressed("KR201", 1)


def test_bare_disable_unknown_code_and_unknown_action_are_reported():
    text = "<!-- krlint: disable -->\n<!-- krlint: disable=KR999 -->\n<!-- krlint: silence=KR101 -->"
    problems = directives.read(text, "markdown").problems
    assert [span.line for span, _ in problems] == [1, 2, 3]
    assert "must name" in problems[0][1]
    assert "KR999" in problems[1][1]
    assert "silence" in problems[2][1]


def test_markdown_comments_are_not_read_in_yaml_and_vice_versa():
    assert not directives.read("# krlint: disable=KR101", "markdown").suppressed("KR101", 1)
    assert not directives.read("<!-- krlint: disable=KR101 -->", "text").suppressed("KR101", 1)


def test_hash_directive_in_a_csv_cell_and_with_a_reason_after_it():
    row = 'Grow,Launch the forum,"# krlint: disable-line=KR201",owner\n'
    assert directives.read(row, "csv").suppressed("KR201", 1)
    assert directives.read(row, "csv").problems == []
    reasoned = directives.read("- Run 4 webinars  # krlint: disable-line=KR201 (agreed with the coach)", "yaml")
    assert reasoned.suppressed("KR201", 1) and reasoned.problems == []

"""The Markdown OKR parser: one fixture per structural family real OKR files use (written for these tests),
text cleaning, positions, and robustness on bad or pathological input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from krlint.errors import KrlintError
from krlint.model import Document, KeyResult, Span
from krlint.parse.inline import clean
from krlint.parse.markdown import parse

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def read(name: str, path: str | None = None) -> Document:
    return parse((FIXTURES / name).read_text(encoding="utf-8"), path or name)


def outline(document: Document) -> list[tuple[str, int, str]]:
    """Everything read, in order: ("O", line, text), ("KR", …) with one "." per nesting level, ("I", …), and
    ("LOOSE", …) for Key Results under no Objective."""
    rows: list[tuple[str, int, str]] = []

    def key_results(kind: str, krs: tuple[KeyResult, ...]) -> None:
        stack = [(kr, 0) for kr in reversed(krs)]
        while stack:
            kr, depth = stack.pop()
            rows.append((kind + "." * depth, kr.span.line, kr.text))
            stack.extend((child, depth + 1) for child in reversed(kr.children))

    for objective in document.objectives:
        rows.append(("O", objective.span.line, objective.text))
        key_results("KR", objective.key_results)
        rows.extend(("I", initiative.span.line, initiative.text) for initiative in objective.initiatives)
    key_results("LOOSE", document.loose_key_results)
    return rows


# Families --------------------------------------------------------------------------------------------


def test_headings_are_objectives_and_their_lists_key_results() -> None:
    assert outline(read("heading_objectives.md")) == [
        ("O", 5, "Make onboarding painless"),
        ("KR", 11, "New hires open their first pull request within 2 days"),
        ("KR", 12, "Setup guide rated 4/5 or better by 90% of new hires"),
        ("O", 14, "Cut cloud spend"),
        ("KR", 16, "Monthly compute bill below $40k [P0]"),
        ("KR", 17, "Idle staging clusters shut down every night"),
        ("KR.", 18, "Nightly shutdown job covers all three regions"),
        # "## Grow the partner channel" only groups the two headings under it.
        ("O", 22, "Sign regional resellers"),
        ("KR", 24, "Five signed resellers in the Nordics"),
        ("O", 26, "Train reseller staff"),
        ("KR", 28, "20 reseller engineers certified"),
        ("O", 30, "Improve the mobile app rating"),  # an Objective with no Key Results yet
    ]


def test_bold_lines_are_objectives() -> None:
    assert outline(read("bold_line_objectives.md")) == [
        ("O", 7, "The sync engine copes with huge libraries"),
        ("KR", 8, "P0 - Syncing 2M photos finishes in under 6 hours on a home connection"),
        ("KR", 9, "P1 @ravi - Memory stays below 500 MB during a full sync"),
        ("KR", 10, "PX -"),  # an empty placeholder is kept for the rules to flag
        ("O", 12, "Support load drops noticeably"),
        ("KR", 13, "P0 @mei - Tickets per 1k users fall from 12 to 8"),
        ("KR", 14, "P2 - Every crash report is triaged within one working day and linked to a tracking issue"),
        ("O", 19, "Releases become boring"),
        ("KR", 20, "P1 - A release takes one click and under 30 minutes"),
    ]


def test_labelled_bullets_and_headings() -> None:
    assert outline(read("labelled_bullets.md")) == [
        # The "Key Concepts" list explains OKRs: the file uses labels, so only labelled items are read.
        ("O", 14, "Welcome more first-time gardeners"),
        ("KR", 15, "Run 4 beginner workshops with at least 15 people each"),
        ("KR", 16, "30 new members join before June"),
        ("O", 18, "keep the shared plots productive"),
        ("KR", 19, "every plot planted by the end of April"),
        ("KR", 20, "Water rota covers 100% of summer weekends"),
        ("KR", 21, "compost bins emptied monthly"),
        ("O", 23, "Members feel at home in the club"),
        ("KR", 24, "Members rate the club 8/10 or higher in the autumn survey"),
        ("O", 26, "Safety"),
        ("KR", 30, "Zero injuries that need first aid"),
        ("KR", 31, "CHAIR KR: tool shed inspected twice a season"),  # an owner-qualified label is kept
    ]


def test_cascaded_owner_trees_nest_key_results() -> None:
    assert outline(read("cascaded_tree.md")) == [
        ("O", 9, "Grow booked revenue as planned"),
        ("KR", 11, "CEO: Fill the sales pipeline. 250% of booked revenue plan"),
        ("KR.", 12, "CMO: Launch two campaigns aimed at fleet operators => Done. 40 leads."),
        ("KR..", 13, "CMO: Webinar series reaches 800 sign-ups => Missed"),
        ("KR.", 14, "CFO: Pricing page shows yearly discounts DONE"),
        ("KR", 15, "CEO: Keep existing customers. Net retention 115%"),
        ("KR.", 16, "VP Support: Answer first replies within 4 hours. 95% of tickets"),
        (
            "KR.",
            17,
            "Support: Publish a help-center article for every top-20 question, reviewed by product and linked "
            "from the app => 14/20 published.",
        ),
        ("O", 20, "Great crew"),
        ("KR", 22, "CEO: Hire well. Offer acceptance rate 80%"),
    ]


def test_bold_owner_objectives_inside_a_cascade() -> None:
    document = read("cascaded_owner_objectives.md")
    assert outline(document) == [
        ("O", 3, "COO: Margin"),  # an HTML heading, its numbering dropped
        ("KR", 5, "COO KR: Gross margin at 62% by the end of the quarter"),
        ("KR", 13, "COO KR: Operating costs flat against last year"),
        ("O", 6, "CFO: Tighten vendor spending."),
        ("KR", 7, "CFO KR: Renegotiate the three largest vendor contracts"),
        ("KR", 8, "CFO KR: Cut unused software seats by 25%"),
        ("O", 9, "Procurement Lead: Central purchase approvals."),
        ("KR", 10, "Procurement Lead KR: All purchases over $5k approved in one tool"),
        ("O", 11, "VP Ops: Fewer manual steps in fulfilment."),  # indented 4 where its sibling is indented 3
        ("KR", 12, "VP Ops KR: 50% of orders ship without a manual touch"),
    ]


def test_numbered_bold_objectives_with_why_paragraphs_and_prose_lists() -> None:
    assert outline(read("numbered_bold_why.md")) == [
        ("O", 7, "Win the largest hospitals (10k+ staff)"),
        ("KR", 11, "N0 new annual revenue (N1 stretch)"),
        ("KR", 12, "Sign N2 hospital groups"),
        ("O", 14, "Make the free tier worth trying"),
        ("KR", 15, "2x weekly activation rate to N3"),
        ("O", 19, "Keep the platform fast at ten times today's load"),
        ("KR", 23, "p95 page load under 800 ms at 10x synthetic load"),
        # A team that writes its KRs as prose bullets, with no Objective.
        ("LOOSE", 31, "Every team has a written onboarding checklist by week 6"),
        ("LOOSE", 32, "New starters rate onboarding 4/5 or better"),
        ("LOOSE", 36, "Publish salary bands for two more teams"),
    ]


def test_tables_with_a_key_result_column_and_with_bold_objective_rows() -> None:
    document = read("tables.md")
    assert outline(document) == [
        ("O", 3, "Readers find books without asking staff"),
        ("KR", 7, "Catalogue search returns the right shelf for 95% of titles"),
        ("KR", 8, "Self-checkout kiosks on every floor"),  # struck through, kept without the markers
        ("KR", 9, "Signage redesign tested with 20 visitors"),
        # Header, alignment, summary ("****") and spacer rows hold no items.
        ("O", 15, "The reading room is open longer (Ana)"),
        ("KR", 16, "Open until 22:00 on weekdays"),
        ("KR", 17, "Volunteer rota covers every evening"),
        ("O", 19, "Events draw new visitors (Ben)"),
        ("KR", 20, "Host 6 author talks"),
    ]
    owners = [kr.owner for _, kr in document.key_results()]
    assert owners == ["@ana", "@ben", "@ana", "ana", "ben / cara", "ben"]


def test_metadata_blocks_grading_and_tracking_are_not_key_results() -> None:
    document = read("metadata_blocks.md")
    assert outline(document) == [
        ("O", 13, "Ship the mobile wallet"),
        ("KR", 18, "Wallet passes external security review (ewd)"),
        ("KR", 19, "Get 1000 beta users in two countries (n)"),
        ("KR", 21, "Card top-up works with 3 banks (ewd)"),
        ("O", 40, "Grow as a tech lead"),
        ("KR", 42, "Run 6 design reviews (n)"),
    ]
    # Owner sub-bullets under a KR name its owners; they are not KRs of their own.
    assert [kr.owner for _, kr in document.key_results()] == [None, "Omar", "Lena, Omar", None]


def test_chromium_scored_lines_and_same_level_headings() -> None:
    assert outline(read("scored_lines.md")) == [
        ("O", 9, "Make pages paint faster"),
        ("KR", 11, "Cache compiled shaders across sessions"),
        ("KR", 13, "Ship partial raster for long pages"),
        ("KR", 15, "Measure paint time on low-end phones"),  # a score but no priority, under a heading
        ("KR", 17, "Land incremental layout for tables behind a flag"),  # its score wrapped to the next line
        ("O", 24, "Tidy the code"),
        ("KR", 26, "Delete the legacy compositor"),
        ("O", 30, "Smooth scrolling everywhere"),
        ("KR", 32, "Scroll anchoring on by default"),  # same-level heading with a priority: a KR
        ("KR", 34, "Momentum scrolling on desktop touchpads"),
        ("O", 37, "Cleaner code"),
        ("KR", 39, "Remove dead paint flags"),
    ]


def test_scored_paragraph_objectives_without_headings() -> None:
    text = "# 2031 OKRs\n\nFaster input 0.40\n\nPredict touch points P1 0.50\n\nDrop stale events P2 0.30\n"
    assert outline(parse(text, "okrs.md")) == [
        ("O", 3, "Faster input"),
        ("KR", 5, "Predict touch points"),
        ("KR", 7, "Drop stale events"),
    ]


def test_unmarked_lines_before_lists_are_objectives() -> None:
    assert outline(read("plain_lines.md")) == [
        ("O", 5, "Public beta of the puzzle app (7/10)"),
        ("KR", 6, "Daily puzzle playable on phones"),
        ("KR", 7, "Players can share their solutions"),
        ("KR.", 8, "share as image"),
        ("KR.", 9, "share as link"),
        ("KR", 10, "Leaderboard with weekly reset"),
        ("O", 12, "Make the launch stream lively! (5/10)"),
        ("KR", 13, "Stream runs every Friday"),
        ("KR", 14, "Average of 40 live viewers"),
    ]


def test_loose_indentation_dashes_without_space_and_notes() -> None:
    assert outline(read("loose_indentation.md")) == [
        ("O", 7, "Build the field team"),
        ("KR", 8, "hire 2 botanists with survey experience"),
        ("KR.", 9, "1 senior, leads the northern sites"),
        ("KR.", 10, "1 junior, eager to learn"),
        ("KR", 11, "write a field safety handbook"),
        ("KR.", 12, "review it every season"),
        ("O", 14, "Be self-funded"),  # items indented 8 spaces are a list, not code
        ("KR", 15, "raise £40,000 in grants / or cut costs to match"),
        ("KR", 16, "sell 300 seed kits = break even on the shop"),
        ("O", 18, "Map the valley"),
        ("KR", 19, "survey all 12 meadows, with photos of each plot"),  # the ">note" line after it is dropped
        ("KR", 21, "publish the map online >needs a hosting decision"),
        ("O", 23, "Share what we learn"),
        ("KR", 24, "publish 4 field reports"),
        ("KR", 25, "host 2 open days"),
        ("KR", 27, "grow the mailing list to 500 readers"),
        ("O", 32, "Build the field team"),
        ("KR", 33, "hire 2 botanists"),
        ("KR.", 34, "1 senior, leads the northern sites 0"),  # "=1 …" item; the "(=1 …)" aside is dropped
        ("KR", 36, "agree a field safety routine"),
    ]


def test_key_results_section_restatements_and_initiatives() -> None:
    assert outline(read("restated_krs_initiatives.md")) == [
        # The bullets above "#### Key Results" describe the Objective; "Not Included" and "Alternatives" are
        # not KRs; each "#####" heading restates a KR, its first paragraph is the measurable version.
        ("O", 7, "Users can back up a whole laptop overnight."),
        ("KR", 16, "P0: Speed - A first backup of 500 GB finishes in one night."),
        ("KR", 17, "P1: Restore - Restores succeed for 99.9% of sampled files."),
        ("KR", 27, "P0: Speed"),
        ("KR.", 29, "A first backup of 500 GB completes in under 8 hours on a 100 Mbps link."),
        ("KR", 33, "P1: Restore"),
        ("KR.", 35, "Weekly restore drills pass for 999 of 1000 sampled files."),
        ("I", 39, "P0: Parallel upload"),
        ("I", 46, "P1: Restore drills"),
        ("O", 56, "The storage team ships a stable release."),
        ("KR", 65, "Version 3.0 is released to all users."),  # a Key Results section holding one paragraph
        ("I", 69, "Weekly bug bash"),
        ("I", 70, "Release checklist owned by @ida"),
    ]


def test_front_matter_comments_code_and_tables_of_contents_are_not_content() -> None:
    assert outline(read("not_content.md")) == [
        ("O", 13, "Answer faster"),
        ("KR", 15, "First reply within 2 hours for 90% of tickets"),
        ("KR", 17, "Backlog older than a week below 50 tickets"),
        ("O", 28, "Happier customers"),
        ("KR", 30, "Satisfaction score of 4.5/5 or better"),
        ("KR", 31, "Launch a customer forum"),
    ]


def test_flat_list_in_an_okr_document_is_loose_key_results() -> None:
    assert outline(read("flat_list.md")) == [
        ("LOOSE", 5, "Raster tiles on a background thread"),  # its "EOQ score" sub-bullet is a grade
        ("LOOSE", 7, "Halve the memory of the glyph cache"),
        ("LOOSE", 8, "Text shaping moves to the GPU"),
    ]


# When a file is an OKR document --------------------------------------------------------------------


def test_readme_without_okr_words_is_empty() -> None:
    document = read("readme.md", "docs/README.md")
    assert document == Document("docs/README.md", "markdown")


def test_file_name_makes_a_readme_shaped_file_an_okr_document() -> None:
    # The same file named as OKRs is read by its structure: a bold line before a list is an Objective (which
    # makes "## Features" a group), a heading with a list is one, and a list before any Objective is preamble.
    assert outline(read("readme.md", "team/okrs-2031.md")) == [
        ("O", 11, "Fast and friendly"),
        ("KR", 12, "Starts in 20 ms"),
        ("O", 14, "Install"),
        ("KR", 16, "Download the release"),
        ("KR", 17, "Put spoon on your PATH"),
    ]


def test_front_matter_title_makes_an_okr_document() -> None:
    body = "## Lower churn\n\n- Churn below 2% a month\n"
    assert parse(body, "notes.md").objectives == ()
    document = parse("---\ntitle: Sales OKRs\n---\n" + body, "notes.md")
    assert outline(document) == [("O", 4, "Lower churn"), ("KR", 6, "Churn below 2% a month")]


def test_explicit_labels_are_read_in_any_file() -> None:
    text = "# Garage plan\n\nObjective: Tidy the garage\nKR: Bin 3 boxes of junk\nKR2: Hang every tool\n"
    assert outline(parse(text, "notes.md")) == [
        ("O", 3, "Tidy the garage"),
        ("KR", 4, "Bin 3 boxes of junk"),
        ("KR", 5, "Hang every tool"),
    ]


def test_objectives_section_and_group_labels() -> None:
    text = (
        "# Team OKRs\n\n## Objectives\n\n- Fewer outages\n  - Two or fewer incidents a month\n"
        "  - **Stretch**\n    - Zero incidents in March\n"
    )
    assert outline(parse(text, "plan.md")) == [
        ("O", 5, "Fewer outages"),
        ("KR", 6, "Two or fewer incidents a month"),
        ("KR", 8, "Zero incidents in March"),
    ]


def test_bold_items_and_owner_labels() -> None:
    text = (
        "# Team OKRs\n\n## Grow trials\n\n- **Launch the pricing page**\n- **CMO:** Double the trial sign-ups\n"
        "- **Status:** on track\n"
    )
    assert outline(parse(text, "plan.md")) == [
        # A wholly bold item with nothing under it is an emphasised KR; "**Status:** on track" is metadata,
        # "**CMO:** …" an owner before a sentence.
        ("O", 3, "Grow trials"),
        ("KR", 5, "Launch the pricing page"),
        ("KR", 6, "CMO: Double the trial sign-ups"),
    ]


def test_flat_labelled_list() -> None:
    text = "# Team OKRs\n\n- Objective: Keep customers\n- KR: Churn under 2%\n- Fewer support tickets\n"
    assert outline(parse(text, "plan.md")) == [
        ("O", 3, "Keep customers"),
        ("KR", 4, "Churn under 2%"),
        ("KR", 5, "Fewer support tickets"),
    ]


def test_key_results_as_headings() -> None:
    text = "## Objective: Quieter pager\n\n### KR1: Pages per week below 5\n\nWhy it matters.\n\n- per team\n"
    assert outline(parse(text, "x.md")) == [
        ("O", 1, "Quieter pager"),
        ("KR", 3, "Pages per week below 5"),
        ("KR.", 7, "per team"),
    ]


def test_initiative_labels() -> None:
    text = (
        "## Objective: Faster builds\n- KR: CI under 10 minutes\n- **Initiatives:**\n  - Cache dependencies\n"
        "    - per branch\n  - Split the test suite\n\n## Objective: Calmer on-call\n- KR: Pages halved\n\n"
        "**Initiatives**\n\n- Alert review every Friday\n"
    )
    assert outline(parse(text, "x.md")) == [
        ("O", 1, "Faster builds"),
        ("KR", 2, "CI under 10 minutes"),
        ("I", 4, "Cache dependencies"),  # its sub-bullet is a detail of the Initiative
        ("I", 6, "Split the test suite"),
        ("O", 8, "Calmer on-call"),
        ("KR", 9, "Pages halved"),
        ("I", 13, "Alert review every Friday"),
    ]


def test_table_with_objective_and_key_result_columns() -> None:
    text = (
        "# Sales OKRs\n\n| Objective | Key Result | Owner |\n|---|---|---|\n"
        "| Win the north | Open 2 offices | Kim |\n| | Hire 5 reps | Lee |\n| Keep clients | Churn below 3% | |\n"
        "| **Total** | | |\n"
    )
    document = parse(text, "x.md")
    assert outline(document) == [
        ("O", 5, "Win the north"),
        ("KR", 5, "Open 2 offices"),
        ("KR", 6, "Hire 5 reps"),
        ("O", 7, "Keep clients"),
        ("KR", 7, "Churn below 3%"),
    ]
    assert [kr.owner for _, kr in document.key_results()] == ["Kim", "Lee", None]


# Text and positions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("[docs](https://example.com/a_(b)) and ![P1](https://x.io/p1.svg)", "docs and P1"),
        ("**bold**, __strong__, *em*, _em_ and `code_span`", "bold, strong, em, em and code_span"),
        ("snake_case and 2*3 and a * b", "snake_case and 2*3 and a * b"),
        (r"\[P2\] escaped \*stars\*", "[P2] escaped *stars*"),
        ("Fix 5 bugs with &gt;10 votes&nbsp;each", "Fix 5 bugs with >10 votes each"),
        ("~~dropped~~ and ~[also](https://x.io)~", "dropped and also"),
        ("H<sub>2</sub>O<br/>level", "H2O level"),
        ("[_N<sub>4</sub>_][n4] visits", "[N4][n4] visits"),  # no such reference defined: brackets stay
        ("  spaced\t out  ", "spaced out"),
    ],
)
def test_inline_markup_is_removed(raw: str, text: str) -> None:
    assert clean(raw) == text


def test_reference_placeholders_become_their_text() -> None:
    assert clean("[_N<sub>4</sub>_][n4] visits", frozenset({"n4"})) == "N4 visits"


@pytest.mark.parametrize(
    ("item", "text"),
    [
        ("- Key Result: Ship it", "Ship it"),
        ("- KR: Ship it", "Ship it"),
        ("- KR1: Ship it", "Ship it"),
        ("- **KR 3:** Ship it", "Ship it"),
        ("- CRO KR: Ship it", "CRO KR: Ship it"),
        ("- CEO: Ship it", "CEO: Ship it"),
        ("- `P0` @ana - Ship it => Done", "P0 @ana - Ship it => Done"),
        ("- [ ] Ship it [P1][DP]", "Ship it [P1][DP]"),
        ("- [x] ~~Ship it~~", "Ship it"),
    ],
)
def test_key_result_labels_and_markers(item: str, text: str) -> None:
    document = parse(f"## Objective: Ship\n{item}\n", "x.md")
    assert [kr.text for kr in document.objectives[0].key_results] == [text]


@pytest.mark.parametrize(
    ("heading", "text"),
    [
        ("## Objective: Grow", "Grow"),
        ("## O1 - Grow", "Grow"),
        ("## Objective 2: Grow", "Grow"),
        ("- O: Grow", "Grow"),
        ("**Objective:** Grow", "Grow"),
    ],
)
def test_objective_labels_are_removed(heading: str, text: str) -> None:
    document = parse(f"{heading}\n  - KR: one\n", "x.md")
    assert document.objectives[0].text == text


def test_spans_point_at_the_text() -> None:
    document = read("cascaded_tree.md")
    objective = document.objectives[0]
    assert objective.span == Span(9, 17, 9, 47)  # after "## Objective 1: "
    wrapped = objective.key_results[1].children[1]
    assert wrapped.span == Span(17, 7, 18, 68)  # a hard-wrapped item ends on its last line
    labelled = read("labelled_bullets.md").objectives[0].key_results[0]
    assert labelled.span == Span(15, 23, 15, 76)  # after "**Key Result:** "
    cell = read("tables.md").objectives[1].key_results[0]
    assert cell.span == Span(16, 3, 16, 31)
    scored = read("scored_lines.md").objectives[0].key_results[0]
    assert scored.span == Span(11, 1, 11, 39)  # ends before the priority and score


def test_html_comments_inline_and_crlf_and_tabs() -> None:
    text = "# OKRs\r\n\r\n## Grow <!-- draft -->\r\n\t- Ship <!-- soon --> it\r\n\t\t- Part one\r\n"
    assert outline(parse(text, "x.md")) == [("O", 3, "Grow"), ("KR", 4, "Ship it"), ("KR.", 5, "Part one")]


def test_setext_headings() -> None:
    text = "Plan OKRs\n===\n\nGrow\n----\n\n- Ship it\n"
    assert outline(parse(text, "x.md")) == [("O", 4, "Grow"), ("KR", 7, "Ship it")]


# Robustness ------------------------------------------------------------------------------------------


def test_binary_input_is_an_input_error() -> None:
    with pytest.raises(KrlintError) as error:
        parse("# OKRs\n\n- a\x00b\n", "x.md")
    assert error.value.line == 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#-*_`[]()!<>|~\\:=.0123 \n\t\rabOKR&;/")), max_size=400))
def test_any_text_parses_or_raises_only_krlint_error(text: str) -> None:
    try:
        document = parse(text, "fuzz-okrs.md")
    except KrlintError:
        return
    read = [*document.objectives, *(kr for _, kr in document.key_results())]
    read += [initiative for objective in document.objectives for initiative in objective.initiatives]
    for thing in read:
        span = thing.span
        assert thing.text and thing.text == thing.text.strip()
        assert span.line >= 1 and span.column >= 1 and (span.end_line, span.end_column) >= (span.line, span.column)


def _timed(text: str) -> tuple[Document, float]:
    start = time.perf_counter()
    document = parse(text, "okrs.md")
    return document, time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    [
        "# OKRs\n## Grow\n" + "\n".join(f"- KR {i} reaches {i}%" for i in range(100_000)),
        "# OKRs\n## Grow\n- " + "word *a* [b](c) `d` " * 50_000,
        "# OKRs\n## Grow\n- " + "[" * 1_000_000,
        "# OKRs\n## Grow\n- " + "`a``" * 250_000,
        "# OKRs\n## Grow\n- **" + "a " * 500_000,
        "# OKRs\n| a | b |\n|---|---|\n" + "|" * 1_000_000,
        "<!--" + "a" * 1_000_000,
    ],
    ids=["100k-lines", "1MB-markup", "1MB-brackets", "1MB-backticks", "1MB-open-bold", "1MB-pipes", "1MB-comment"],
)
def test_pathological_input_finishes_quickly(text: str) -> None:
    _, seconds = _timed(text)
    assert seconds < 20


def test_thousand_deep_nesting_is_flattened_past_the_cap() -> None:
    text = "# OKRs\n## Grow\n" + "\n".join("  " * depth + "- level" for depth in range(1000))
    document, seconds = _timed(text)
    assert seconds < 20
    assert sum(1 for _ in document.key_results()) == 1000  # walkable: the tree is no deeper than the cap

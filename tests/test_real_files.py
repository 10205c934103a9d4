"""The Markdown parser against the real OKR files in ../shared/real-okrs (read, never copied here).

Each file's Key Results recorded in the matching ``<stem>.jsonl`` must be found among the parsed Key Results
(at any depth, or loose) and their Objective among the parsed Objectives, compared as lower-cased
``[a-z0-9]+`` token sequences the way the records were normalised.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from krlint.parse.markdown import parse

# Same location rule as conftest.py: ../shared beside the repository, or $KRLINT_SHARED.
REAL = Path(os.environ.get("KRLINT_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "real-okrs"
FILES = sorted((REAL / "files").glob("*.md")) if (REAL / "files").is_dir() else []
REQUIRED_RECALL = 0.95

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/real-okrs is not present")


def tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", text.lower()))


def records_for(path: Path) -> list[dict]:
    """The records of ``<stem>.jsonl`` whose ``path`` is this file: the part after ``__`` is the record path
    with ``/`` written as ``-``, possibly without some folders (``input-dev-2018-okrs.md`` stands for
    ``site/teams/input-dev/input-objectives/2018-okrs/index.md``), so the file's tokens must appear in order."""
    stem, _, name = path.name.partition("__")
    wanted = tokens(name)

    def matches(record_path: str) -> bool:
        remaining = iter(tokens(record_path))
        return all(token in remaining for token in wanted)

    lines = (REAL / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
    return [record for record in map(json.loads, lines) if matches(record["path"])]


def parsed(path: Path):
    document = parse(path.read_text(encoding="utf-8"), str(path))
    krs = {tokens(kr.text) for _, kr in document.key_results()}
    objectives = {tokens(objective.text) for objective in document.objectives}
    return document, krs, objectives


def recall(path: Path) -> tuple[float, list[str]]:
    _, krs, objectives = parsed(path)
    records = records_for(path)
    missed = []
    for record in records:
        if tokens(record["kr"]) not in krs:
            missed.append(f"KR not found: {record['kr']!r}")
        elif record["objective"] and tokens(record["objective"]) not in objectives:
            missed.append(f"Objective not found: {record['objective']!r} (for {record['kr']!r})")
    return 1 - len(missed) / len(records), missed


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_recorded_key_results_are_found(path: Path) -> None:
    assert records_for(path), "no records matched this file"
    score, missed = recall(path)
    print(f"{path.name}: recall {score:.1%} of {len(records_for(path))}")
    for line in missed:
        print("  ", line)
    assert score >= REQUIRED_RECALL, "\n".join(missed)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_real_file_parses(path: Path) -> None:
    document, _, _ = parsed(path)
    assert document.format == "markdown"
    assert document.objectives or document.loose_key_results


# Lines that must never hold a Key Result, found with simple patterns independent of the parser.
_TOC_ENTRY = re.compile(r"^\s*[-*+]\s+\[[^\]]*\]\(#[^)]*\)\s*$")
_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?!(?:Objective|O|Key Results?|KR)\b)[^*]{1,40}(?::\*\*|\*\*:)")
_BOLD_METADATA_ITEM = re.compile(r"^\s*[-*+]\s+\*\*\w+(?: \w+){0,2}:?\*\*\s*$")
_EXPLANATORY_HEADING = re.compile(
    r"^(?:#+\s+|\*\*)(?:Summary|Key Concepts|External References|Table of contents|Alternatives|Rationale?|"
    r"Not Included)\s*:?\s*(?:\*\*)?$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^#{1,6}\s")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def lines_without_key_results(path: Path) -> dict[int, str]:
    """Line number → why no Key Result may be read there."""
    lines = path.read_text(encoding="utf-8").splitlines()
    flagged: dict[int, str] = {}
    in_tracking_table = in_explanation = False
    metadata_indent: int | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if _HEADING.match(line):
            in_explanation = False
            metadata_indent = None
        if _EXPLANATORY_HEADING.match(stripped):
            in_explanation = True
        if stripped.startswith("|") and re.search(r"\|\s*Date\s*\|", line):
            in_tracking_table = True
        elif not stripped.startswith("|"):
            in_tracking_table = False
        if metadata_indent is not None and stripped and _indent(line) <= metadata_indent:
            metadata_indent = None
        if _BOLD_LABEL.match(line) or _BOLD_METADATA_ITEM.match(line):
            metadata_indent = _indent(line)
            flagged[number] = "bold metadata label"
        elif metadata_indent is not None and stripped:
            flagged[number] = "nested under a metadata label"
        if in_tracking_table:
            flagged[number] = "tracking table row"
        if in_explanation and stripped:
            flagged[number] = "explanatory section"
        if _TOC_ENTRY.match(line):
            flagged[number] = "table-of-contents link"
    return flagged


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_no_key_result_from_metadata_tracking_tables_or_tables_of_contents(path: Path) -> None:
    document, _, _ = parsed(path)
    flagged = lines_without_key_results(path)
    wrong = [
        f"line {kr.span.line} ({flagged[kr.span.line]}): {kr.text[:60]!r}"
        for _, kr in document.key_results()
        if kr.span.line in flagged
    ]
    assert not wrong, "\n".join(wrong)
    assert not any(kr.text.upper().startswith("WHY") for _, kr in document.key_results())


def test_the_spot_checks_do_flag_something() -> None:
    """The patterns above must actually find metadata, tracking rows, WHY paragraphs and ToC entries."""
    reasons = {reason for path in FILES for reason in lines_without_key_results(path).values()}
    expected = {"bold metadata label", "tracking table row", "table-of-contents link", "explanatory section"}
    assert expected <= reasons


def test_explained_concepts_before_labelled_objectives_are_not_read() -> None:
    path = next((path for path in FILES if path.name.startswith("nodejs-community-committee")), None)
    if path is None:
        pytest.skip("file not present")
    document, _, _ = parsed(path)
    first_objective = min(objective.span.line for objective in document.objectives)
    assert all(kr.span.line > first_objective for _, kr in document.key_results())
    assert document.loose_key_results == ()

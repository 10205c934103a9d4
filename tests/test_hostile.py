"""Hostile input: no input may crash krlint. Each case ends in a clear one-line error or a result,
through the library (``krlint.lint_paths``, as the CLI calls it) and the command line.

Every call runs under a generous time limit (``HANG``) that only catches a hang: it is not a timing
assertion. The regression tests at the end hold the minimized inputs ``bench/fuzz.py`` found (see
bench/FUZZING.md); every OKR text here is invented.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import krlint
from krlint import sources
from krlint.config import Config

ROOT = Path(__file__).resolve().parent.parent
HANG = 300  # seconds; every case here takes a few at most

OKRS = (
    "# Team OKRs\n\n"
    "## Objective: Customers get help fast\n"
    "- Launch a support chatbot\n"
    "- Cut first response time from 9h to 2h\n"
    "- Raise CSAT to 4.5\n"
)


def within(seconds: float, function, *args, **kwargs):
    """``function(*args, **kwargs)`` in a daemon thread; fails if it has not returned in ``seconds``."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s: a hang"
    if "error" in box:
        raise box["error"]
    return box["value"]


def lint(path: Path | str):
    results = within(HANG, krlint.lint_paths, [path])
    assert len(results) == 1, results
    return results[0]


def clear_error(result, *words: str, line: int | None = None) -> str:
    """The result's error message, checked to be one clear line naming ``words`` (and ``line``)."""
    assert result.error is not None, f"expected an error, got {len(result.findings)} findings"
    assert not result.findings
    message = result.error.message
    assert message.strip() and "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message and "Commented" not in message and len(message) < 300, message
    for word in words:
        assert word in message, message
    if line is not None:
        assert result.error.line == line, (result.error.line, message)
    return message


@pytest.fixture
def cli(tmp_path):
    """Runs ``python -m krlint ARGS`` in a subprocess (killed at the time limit); returns it done."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "KRLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def run(*args: str, timeout: float = HANG) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "krlint", *args], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=tmp_path)

    return run


def error_lines(done: subprocess.CompletedProcess, path: Path) -> list[str]:
    """The lines of the CLI's output that report ``path``; none may hold a traceback."""
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    return [line for line in output.splitlines() if line.startswith(str(path))]


# YAML alias bombs ----------------------------------------------------------------------------------------

LAUGHS = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{before}" if before else '"lol"'] * 9) + "]\n"
    for before, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
)


@pytest.mark.parametrize("where", [
    "objectives: *i\n",
    "objectives:\n  - objective: *i\n",
    "objectives:\n  - objective: Grow\n    key_results: *i\n",
    "objectives:\n  - objective: Grow\n    key_results:\n      - text: *i\n",
    "objectives:\n  - objective: Grow\n    key_results:\n      - text: Reach 5 teams\n        target: *i\n",
    "objectives:\n  - objective: Grow\n    initiatives:\n      - text: *i\n",
    "objectives:\n  - ? *i\n    : x\n",
    "unrelated: *i\nobjectives: []\n",
])
def test_billion_laughs_is_a_one_line_error(tmp_path, where):
    path = tmp_path / "bomb-okrs.yaml"
    path.write_text(LAUGHS + where)
    message = clear_error(lint(path))
    assert "alias" in message or "mapping key" in message


def test_billion_laughs_through_the_cli_exits_2(tmp_path, cli):
    path = tmp_path / "bomb-okrs.yaml"
    path.write_text(LAUGHS + "objectives: *i\n")
    done = cli("check", str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    [line] = error_lines(done, path)
    assert "alias bomb" in line


def test_a_recursive_alias_is_an_error_not_a_hang(tmp_path):
    for text in ("objectives: &r [*r]\n", "- &r {objective: x, key_results: [{text: y, children: [*r]}]}\n"):
        path = tmp_path / "loop-okrs.yaml"
        path.write_text(text)
        clear_error(lint(path))


# Size ------------------------------------------------------------------------------------------------------

_KRS = ["Grow weekly active teams from 1,200 to 2,000", "Launch the partner portal", "Reduce churn from 5% to 3%",
        "Hire 3 support engineers", "NPS of 50 or more (currently 31)", "Write 12 customer case studies",
        "Cut p95 page load time from 3.2s to 1.5s", "Migrate billing to the new provider"]


def _hundred_thousand_lines() -> str:
    lines = ["# Company OKRs", ""]
    number = 0
    while len(lines) < 100_000:
        lines += [f"## Objective: Customers in region {number % 40} succeed with us", ""]
        lines += [f"- {_KRS[(number + k) % len(_KRS)]}" for k in range(5)] + [""]
        number += 1
    return "\n".join(lines[:100_000]) + "\n"


def test_a_100000_line_markdown_file_gives_a_result(tmp_path):
    path = tmp_path / "big-okrs.md"
    path.write_text(_hundred_thousand_lines())
    result = lint(path)
    assert result.error is None and result.findings
    assert max(finding.span.line for finding in result.findings) > 99_000


PEAK = (
    "import json, resource, sys\n"
    "sys.argv = ['krlint', 'check', '--format', 'json', sys.argv[1]]\n"
    "from krlint.cli import main\n"  # the command without its hard exit, so that memory can be read after
    "try:\n    main()\n"
    "except SystemExit:\n    pass\n"
    "peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(json.dumps(peak if sys.platform == 'darwin' else peak * 1024), file=sys.stderr)\n"
)


def test_the_100000_line_file_through_the_cli_stays_under_1_gb(tmp_path):
    pytest.importorskip("resource")
    path = tmp_path / "big-okrs.md"
    path.write_text(_hundred_thousand_lines())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KRLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, timeout=HANG,
                          env=env, cwd=tmp_path)
    report = json.loads(done.stdout)
    assert not report["errors"] and len(report["findings"]) > 10_000
    peak = int(done.stderr.strip().splitlines()[-1])
    assert peak < 1 << 30, f"peak resident memory {peak / 2**20:.0f} MB"  # a bound, not a benchmark


@pytest.mark.parametrize("line", [
    "- Grow " + "weekly signups " * 70_000 + "from 1 to 2",  # a 1 MB Key Result: more than spaCy takes in one text
    "- Grow " + "-" * 1_000_000 + " from 1 to 2",  # once quadratic in the decorations' patterns
    "- Grow NPS " + "(" * 500_000 + "5%" + ")" * 500_000,
    "| Key Result |" + " x |" * 250_000,
    "<!-- krlint: " * 80_000,  # once quadratic in the directive pattern
])
def test_a_1_mb_line_gives_a_result(tmp_path, line):
    path = tmp_path / "long-okrs.md"
    path.write_text("# OKRs\n\n## Objective: Grow\n" + line + "\n- Reach 40 teams from 30\n")
    assert path.stat().st_size > 1_000_000
    result = lint(path)
    assert result.error is None


def test_a_1_mb_line_of_decorations_only_gives_a_result(tmp_path):
    path = tmp_path / "long-okrs.md"
    path.write_text("# OKRs\n\n## Objective: Grow\n- => " + "weekly signups " * 70_000 + "\n")
    assert lint(path).error is None


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "huge-okrs.md"
    path.write_bytes(b"- Grow NPS from 1 to 2\n" * (sources.MAX_BYTES // 20))
    clear_error(lint(path), "MB")


# Nesting ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "- " * 5000 + "Grow NPS from 30 to 50\n",  # 5,000 lists, one inside the other, on one line
    "1. " * 5000 + "Grow NPS from 30 to 50\n",
    "> " * 5000 + "- Grow NPS from 30 to 50\n",
    "".join("  " * depth + "- Launch the partner portal\n" for depth in range(3000)),  # 9 MB of indentation
])
def test_5000_deep_markdown_nesting_gives_a_result(tmp_path, body):
    path = tmp_path / "deep-okrs.md"
    path.write_text("# OKRs\n\n## Objective: Grow\n" + body)
    assert lint(path).error is None


@pytest.mark.parametrize("text", [
    "- " * 5000 + "x\n",
    "[" * 5000 + "]" * 5000 + "\n",
    "{a: " * 5000 + "x" + "}" * 5000 + "\n",
    '{"objectives": [{"objective": "x", "key_results": [' + '{"text": "a", "children": [' * 5000 + "]}" * 5000 + "]}]}",
])
def test_5000_deep_yaml_and_json_nesting_is_a_clear_error(tmp_path, text):
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"deep-okrs{suffix}"
        path.write_text(text)
        result = lint(path)
        if result.error is not None:
            clear_error(result)


# Bytes and encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad, named, printed", [
    (b"Raise \x00CSAT", "NUL", "binary file"),  # a NUL byte
    ("Raise caf\u00e9 CSAT".encode("latin-1"), "not valid UTF-8", "not valid UTF-8"),  # one Latin-1 byte in UTF-8
], ids=["nul-byte", "latin-1-byte"])
def test_a_bad_byte_is_an_error_naming_the_file_and_line(tmp_path, cli, bad, named, printed):
    path = tmp_path / "bad-byte-okrs.md"
    path.write_bytes(OKRS.encode().replace(b"Raise CSAT", bad))
    clear_error(lint(path), named, line=6)
    done = cli("check", str(path))
    assert done.returncode == 2
    [line] = error_lines(done, path)
    assert line.startswith(f"{path}:6: {printed}")


def test_a_binary_file_is_an_error(tmp_path):
    path = tmp_path / "image-okrs.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    clear_error(lint(path), "binary")


def test_the_line_of_a_bad_byte_counts_cr_and_crlf_line_endings(tmp_path):
    path = tmp_path / "cr-okrs.md"
    path.write_bytes(b"# OKRs\r## Objective: Grow\r\n- Raise caf\xe9 NPS\r")
    clear_error(lint(path), line=3)


def _same_findings(a, b) -> None:
    assert [(f.code, f.span) for f in a.findings] == [(f.code, f.span) for f in b.findings]


def test_a_utf_8_bom_is_read(tmp_path):
    plain, bom = tmp_path / "plain-okrs.md", tmp_path / "bom-okrs.md"
    plain.write_text(OKRS)
    bom.write_bytes(b"\xef\xbb\xbf" + OKRS.encode())
    result = lint(bom)
    assert result.error is None and result.findings
    _same_findings(result, lint(plain))
    assert not any("\ufeff" in kr.text for _o, kr in result.document.key_results())
    [fixed] = within(HANG, krlint.fix_paths, [bom], task_verbs=True)
    assert fixed.fixed.startswith("\ufeff") and fixed.changed


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32"),
])
def test_utf_16_and_utf_32_are_refused_with_a_clear_message(tmp_path, cli, encoding, name):
    path = tmp_path / "wide-okrs.md"
    path.write_bytes(OKRS.encode(encoding))
    clear_error(lint(path), name, "UTF-8")
    if encoding == "utf-16":
        done = cli("check", str(path))
        assert done.returncode == 2
        [line] = error_lines(done, path)
        assert "UTF-16" in line


@pytest.mark.parametrize("ending", ["\r\n", "\r", "mixed"])
@pytest.mark.parametrize("suffix", [".md", ".txt", ".yaml", ".csv"])
def test_crlf_and_lone_cr_line_endings_report_the_same_lines(tmp_path, ending, suffix):
    text = {
        ".md": OKRS + "\n<!-- krlint: disable-next-line=KR999 -->\n- Hire two agents\n",
        ".txt": "Objective: Customers get help fast\nLaunch a support chatbot\nCut first response time from 9h to 2h\n"
                "# krlint: disable-line=KR999\nHire two agents\n",
        ".yaml": "objectives:\n  - objective: Customers get help fast\n    key_results:\n      - Launch a support chatbot\n"
                 "      - Cut first response time from 9h to 2h  # krlint: disable-line=nope\n      - Hire two agents\n",
        ".csv": "Objective,Key Result\nCustomers get help fast,Launch a support chatbot\n"
                "Customers get help fast,Cut first response time from 9h to 2h\nCustomers get help fast,Hire two agents\n",
    }[suffix]
    lines = text.split("\n")
    written = "".join(line + (["\r\n", "\r", "\n"][i % 3] if ending == "mixed" else ending)
                      for i, line in enumerate(lines[:-1])) + lines[-1]
    unix, other = tmp_path / f"unix-okrs{suffix}", tmp_path / f"other-okrs{suffix}"
    unix.write_text(text, newline="")
    other.write_text(written, newline="")
    expected = lint(unix)
    assert expected.error is None and expected.findings
    _same_findings(lint(other), expected)
    # --fix reads the file as written (its line endings kept) and reports on the fixed text.
    [unix_fix] = within(HANG, krlint.fix_paths, [unix], task_verbs=True)
    [other_fix] = within(HANG, krlint.fix_paths, [other], task_verbs=True)
    assert other_fix.moved == unix_fix.moved
    _same_findings(other_fix.result, unix_fix.result)


# Directory walks, links and special files -----------------------------------------------------------------


def _symlink(link: Path, target: str | Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as error:
        pytest.skip(f"symbolic links are not available here: {error}")


def test_a_walk_through_symlink_loops_ends(tmp_path, cli):
    top, outside = tmp_path / "okrs", tmp_path / "elsewhere"
    (top / "team").mkdir(parents=True)
    outside.mkdir()
    (top / "okrs.md").write_text(OKRS)
    (top / "team" / "team-okrs.md").write_text(OKRS)
    (outside / "shared-okrs.md").write_text(OKRS)
    _symlink(top / "loop", ".")  # a directory linked to itself
    _symlink(top / "team" / "up", "..")  # and to its parent
    _symlink(top / "self-okrs.md", "self-okrs.md")  # a file link to itself
    _symlink(top / "ping-okrs.md", "pong-okrs.md")
    _symlink(top / "pong-okrs.md", "ping-okrs.md")
    _symlink(top / "linked-okrs.md", outside / "shared-okrs.md")  # a file outside the walked directory
    results = {Path(result.path).name: result for result in within(HANG, krlint.lint_paths, [top])}
    assert set(results) == {"okrs.md", "team-okrs.md", "self-okrs.md", "ping-okrs.md", "pong-okrs.md", "linked-okrs.md"}
    for name in ("okrs.md", "team-okrs.md", "linked-okrs.md"):  # the link to a file outside is linted as that file
        assert results[name].error is None and results[name].findings
    for name in ("self-okrs.md", "ping-okrs.md", "pong-okrs.md"):
        clear_error(results[name])
    done = cli("check", str(top))
    assert done.returncode == 2
    assert len(error_lines(done, top / "self-okrs.md")) == 1


def test_a_directory_symlinked_to_itself(tmp_path, cli):
    loop = tmp_path / "okrs-loop"
    _symlink(loop, loop.name)  # the name itself is the loop
    clear_error(lint(loop))
    nested = tmp_path / "goals"
    nested.mkdir()
    (nested / "q3-okrs.md").write_text(OKRS)
    _symlink(nested / "goals", "../goals")
    results = within(HANG, krlint.lint_paths, [nested])
    assert [Path(result.path).name for result in results] == ["q3-okrs.md"]
    done = cli("check", str(loop), str(nested))
    assert done.returncode == 2 and len(error_lines(done, loop)) == 1


def test_a_fifo_named_on_the_command_line_is_an_error_not_a_hang(tmp_path, cli):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "fifo-okrs.md"
    os.mkfifo(fifo)
    done = cli("check", str(fifo), timeout=120)
    assert done.returncode == 2
    [line] = error_lines(done, fifo)
    assert "named pipe" in line
    clear_error(lint(fifo), "named pipe")
    [fixed] = within(HANG, krlint.fix_paths, [fifo])
    assert fixed.result.error is not None and "named pipe" in fixed.result.error.message


def test_a_device_named_on_the_command_line_is_an_error(cli):
    device = Path(os.devnull)
    if not device.exists() or not stat.S_ISCHR(device.stat().st_mode):
        pytest.skip(f"{device} is not a character device here")
    clear_error(lint(device), "character device")
    done = cli("check", str(device), timeout=120)
    assert done.returncode == 2 and "character device" in done.stdout + done.stderr


def test_an_unreadable_file_is_an_error(tmp_path, cli):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not apply, so a file cannot be made unreadable")
    path = tmp_path / "secret-okrs.md"
    path.write_text(OKRS)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("file permissions are not enforced here")
        clear_error(lint(path), "permission denied")
        done = cli("check", str(path))
        assert done.returncode == 2
        [line] = error_lines(done, path)
        assert "permission denied" in line
    finally:
        path.chmod(0o600)


# What bench/fuzz.py found (minimized; see bench/FUZZING.md) -----------------------------------------------


def test_fuzz_a_multiplying_verb_with_no_value_and_no_object(tmp_path):
    # measure._metric took the first stated value when there was none (IndexError).
    path = tmp_path / "okrs.txt"
    path.write_text("[Double sd a")
    assert lint(path).error is None


def test_fuzz_lone_surrogate_escapes_in_json_and_yaml(tmp_path):
    # "\ud800" escapes made strings that spaCy (and any UTF-8 output) cannot encode.
    for name, text in [("okrs.json", '[{"objective": "\\ud800 Grow", "key_results": ["Reach \\udc00 5 teams", "\\ud83d\\ude00 NPS 50"]}]'),
                       ("okrs.yaml", '- objective: "\\ud800 Grow"\n  key_results: ["Launch \\ud800 it"]\n')]:
        path = tmp_path / name
        path.write_text(text)
        result = lint(path)
        assert result.error is None and result.findings
        texts = [kr.text for _o, kr in result.document.key_results()]
        assert all(text.encode("utf-8") for text in texts)
        if name == "okrs.json":
            assert texts[1] == "\U0001f600 NPS 50"  # a surrogate pair is its character


def test_fuzz_yaml_errors_name_no_python_types(tmp_path):
    for text, words in [("[[1]]", ("objective 1 is a list",)), ("[1]", ("objective 1 is a number",)),
                        ("objectives:\n  - objective: [a, b]\n", ("Objective is a list",)),
                        ("objectives:\n  - objective: x\n    key_results:\n      - text: {a: b}\n", ("is a mapping",)),
                        ("objectives:\n  - ? [[x]]\n    : x\n", ("mapping key",)),
                        ("[" + "9" * 5000 + "]", ("number too long",))]:  # Python's int() stops at 4300 digits
        path = tmp_path / "okrs.json"
        path.write_text(text)
        clear_error(lint(path), *words)


def test_fuzz_yaml_warnings_stay_off_the_output(tmp_path, cli):
    path = tmp_path / "okrs.yaml"
    path.write_text("objectives:\n  - objective: &a Grow\n    key_results: [&a Reach 5 teams from 3, Launch the app]\n")
    done = cli("check", "--fail-on", "never", str(path))
    assert done.returncode == 0 and "Warning" not in done.stderr and "anchor" not in done.stderr
    done = cli("check", "--diff", "--fix-task-verbs", "--fail-on", "never", str(path))  # --fix loads it again
    assert "Warning" not in done.stderr and "anchor" not in done.stderr


def test_fuzz_yaml_line_separators_keep_lines_and_columns(tmp_path):
    # ruamel counts U+2028, U+2029 and NEL as line breaks; nothing else does.
    path = tmp_path / "okrs.yaml"
    path.write_text("# note \u2028 more\nobjectives:\n  - objective: Grow\u2029fast\n    key_results:\n      - Launch the app\n")
    result = lint(path)
    assert result.error is None
    [kr] = [kr for _o, kr in result.document.key_results()]
    assert (kr.span.line, kr.span.column, kr.span.end_column) == (5, 9, 23)


def test_fuzz_a_label_alone_on_its_line_starts_the_span_on_the_next(tmp_path):
    # "KR:" then the text on the next line: the span started past the end of the label's line.
    for text in ("KR:\nGrow NPS from 30 to 50\n", "## Objective: Grow\n   - KR:\r Grow NPS from 30 to 50\r"):
        document = krlint.parse_text(sources.decode(text.encode()), "markdown")
        [kr] = [kr for _o, kr in document.key_results()]
        assert kr.text == "Grow NPS from 30 to 50"
        lines = sources.decode(text.encode()).split("\n")
        assert kr.span.column <= len(lines[kr.span.line - 1]) + 1


def test_fuzz_fix_reports_directives_and_text_lines_right_with_lone_cr(tmp_path):
    # With its line endings kept, a file with lone CRs was one long line to the text parser and the
    # directive reader: --fix reported findings outside the file.
    for name, text in [("okrs.md", "# OKRs\r<!-- krlint: silence=KR101 -->\r\r## Objective: Grow\r- Launch the app\r"),
                       ("okrs.txt", "Objective: Grow\rLaunch the app\r# krlint: disable-line=KR999\rReach 5 teams from 3\r")]:
        path = tmp_path / name
        path.write_bytes(text.encode())
        [fixed] = within(HANG, krlint.fix_paths, [path], task_verbs=True)
        lines = fixed.fixed.replace("\r", "\n").split("\n")
        assert fixed.result.findings
        for finding in fixed.result.findings:
            assert finding.span.end_line <= len(lines)
            assert finding.span.column <= len(lines[finding.span.line - 1]) + 1


def test_fuzz_many_krs_that_cannot_move_lint_in_linear_time(tmp_path):
    # 10,000 table rows flagged as outputs: with_fixable tried each half, then each row, re-reading the
    # whole file every time (over two minutes for 5,000 rows).
    path = tmp_path / "table-okrs.md"
    path.write_text("# OKRs\n\n## Objective: Grow\n\n| Key Result |\n|---|\n" + "| Launch the partner portal |\n" * 10_000)
    result = within(120, krlint.lint_paths, [path])[0]
    assert result.error is None and result.findings


def test_fuzz_fixing_20000_objectives_takes_linear_time():
    # Planning a move looked at every Objective (and every moved Key Result) once per Objective.
    from krlint.fix import apply_moves

    for fmt, text in [("markdown", "".join(f"## Objective: Grow {i}\n- Launch the app\n- Reach {i} teams from 3\n" for i in range(20_000))),
                      ("text", "".join(f"Objective: Grow {i}\nLaunch the app\nReach {i} teams from 3\n" for i in range(20_000)))]:
        document = krlint.parse_text(text, fmt)
        moves = [kr for _o, kr in document.key_results() if kr.text == "Launch the app"]
        outcome = within(120, apply_moves, text, document, moves)
        assert len(outcome.moved) == 20_000


def test_fuzz_a_deep_cascade_is_not_copied_once_per_level():
    # Each nested item's text (with everything under it) was copied before the overlap was refused:
    # cubic time and memory (2.4 GB for 1,500 levels).
    from krlint.fix import apply_moves

    text = "# OKRs\n## Objective: Grow\n" + "".join("  " * depth + "- Launch the app\n" for depth in range(3000))
    document = krlint.parse_text(text, "markdown")
    moves = [kr for _o, kr in document.key_results() if not kr.children]
    within(120, apply_moves, text, document, moves)


def test_fuzz_markdown_directives_read_in_linear_time_as_before():
    from krlint import directives

    assert within(60, directives.read, "<!-- krlint: " * 100_000, "markdown").problems == []
    line = "x <!-- krlint: disable=KR201 --> <!-- <!-- KRLINT:enable=KR201 ---> <!-- krlint: y"
    assert [(s, e, b) for s, e, b in directives._markdown_directives(line)] == \
        [(m.start(), m.end(), m["body"]) for m in directives._MARKDOWN.finditer(line)]


def test_fuzz_structural_rules_only_on_a_hostile_file_still_finish(tmp_path):
    path = tmp_path / "okrs.md"
    path.write_text("# OKRs\n" + "".join(f"## Objective: Grow {i}\n" for i in range(20_000)))
    [result] = within(HANG, krlint.lint_paths, [path], config=Config(select=("OB102",)))
    assert len(result.findings) == 20_000


def test_fuzz_a_plain_yaml_scalar_folded_from_two_lines_ends_on_its_first(tmp_path):
    # The span took the length of the whole folded text on the first line, past its end.
    path = tmp_path / "okrs.yaml"
    path.write_text("objectives:\n  - objective: Grow\n    key_results:\n      - Reach 40 teams\n          - from 30 by June\n")
    result = lint(path)
    assert result.error is None and result.findings
    [kr] = [kr for _o, kr in result.document.key_results()]
    assert kr.text == "Reach 40 teams - from 30 by June"
    assert (kr.span.line, kr.span.column, kr.span.end_column) == (4, 9, 23)
    for finding in result.findings:
        assert finding.span.end_column <= len("      - Reach 40 teams") + 1


def test_fuzz_a_yaml_error_quoting_a_long_value_stays_short(tmp_path):
    # ruamel's duplicate-key error quotes both values in full.
    path = tmp_path / "okrs.yaml"
    value = "[" + ", ".join(f'"Reach {n} teams\\nfrom {n - 1}"' for n in range(20_000)) + "]"
    path.write_text(f"anchor: {value}\nanchor: {value}\nobjectives: []\n")
    assert "duplicate key" in clear_error(lint(path), line=2)

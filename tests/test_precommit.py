"""The pre-commit hook (.pre-commit-hooks.yaml), driven through the real pre-commit.

`pre-commit try-repo` clones the repository, builds a virtualenv, pip-installs krlint into it
(spaCy and its English model included, from PyPI) and runs the hook on a throwaway git project, as
a user's `.pre-commit-config.yaml` would.

What is tested is this working tree, untracked files included: it is copied (minus caches, build
output and virtualenvs) into a temporary git repository and committed there, once per session.
try-repo on the working tree itself would miss files not yet added to git (it commits only `git add
-u`), and would run git in it.

Cost: try-repo builds its environment in a store of its own, in a temporary directory it deletes
on exit; PRE_COMMIT_HOME does not change that (pre-commit's `commands/try_repo.py`: `Store(tempdir)`).
So each try-repo run below builds one environment: two in all (about 20 s each with a fast
network, minutes on a slow one). PRE_COMMIT_HOME still points into the pytest tmp dir so that the
runs leave nothing in ~/.cache/pre-commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 1800  # seconds for one try-repo run, environment build included

# Not copied into the snapshot of the working tree: VCS data, caches, build output, virtualenvs.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "venv", ".tox", ".nox", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "node_modules",
)

BAD_OKRS = """\
# Q3 OKRs

## Objective: Grow revenue by 20%

- Launch the new website
- Raise NPS from 30 to 45
"""

GOOD_OKRS = """\
# Q3 OKRs

## Objective: Customers get help the moment they need it

- Cut median first response time on email tickets from 9 hours to 2 hours
- Raise CSAT on closed tickets from 4.1 to 4.6

### Initiatives
- Launch the new website
"""


def _environ(pre_commit_home: Path | None = None) -> dict[str, str]:
    """The environment for git and pre-commit: no inherited GIT_* variable (run from inside a git
    hook, GIT_DIR or GIT_INDEX_FILE would point git at another repository), a fixed identity for
    the commits made here, no colour."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="krlint tests", GIT_AUTHOR_EMAIL="tests@krlint.invalid",
        GIT_COMMITTER_NAME="krlint tests", GIT_COMMITTER_EMAIL="tests@krlint.invalid",
        NO_COLOR="1",
    )
    if pre_commit_home is not None:
        env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    return env


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=cwd, env=_environ(), check=True, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a git repository holding this working tree in one commit, the PRE_COMMIT_HOME to use)."""
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH: pre-commit needs it to clone the hook repository")
    base = tmp_path_factory.mktemp("precommit")
    snapshot = base / "krlint-repo"
    shutil.copytree(ROOT, snapshot, ignore=_NOT_COPIED)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "--no-verify", "-m", "krlint working tree")
    home = base / "pre-commit-home"
    home.mkdir()
    return snapshot, home


def _project(root: Path, files: dict[str, str]) -> Path:
    """A git project holding ``files`` (added to the index, as before a commit)."""
    root.mkdir()
    _git(root, "init", "-q")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    return root


def _try_repo(hook_repo: tuple[Path, Path], project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    snapshot, home = hook_repo
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "krlint", "--color=never", *args]
    try:
        return subprocess.run(
            command, cwd=project, env=_environ(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"pre-commit try-repo did not finish in {RUN_TIMEOUT} s:\n{error.output or ''}")


def test_hook_fails_on_a_bad_okr_file_and_names_file_line_and_rule(hook_repo, tmp_path):
    project = _project(tmp_path / "project", {"goals/q3-okrs.md": BAD_OKRS})

    result = _try_repo(hook_repo, project, "--files", "goals/q3-okrs.md")

    output = result.stdout
    assert result.returncode == 1, output
    assert re.search(r"^krlint\.+Failed$", output, re.MULTILINE), output
    assert "- exit code: 1" in output, output
    # The Objective with a metric (line 3) and the task Key Result (line 5), as file:line:column: CODE.
    assert re.search(r"^goals/q3-okrs\.md:3:\d+: OB101 ", output, re.MULTILINE), output
    assert re.search(r"^goals/q3-okrs\.md:5:\d+: KR201 ", output, re.MULTILINE), output
    # The good Key Result on line 6 is not reported.
    assert not re.search(r"^goals/q3-okrs\.md:6:", output, re.MULTILINE), output


def test_hook_passes_on_a_good_okr_file_and_skips_other_files(hook_repo, tmp_path):
    # notes.md holds the same bad OKRs but its name does not say it holds OKRs: the hook's
    # `files` pattern leaves it out, so only objectives/q3-okrs.md is linted.
    project = _project(tmp_path / "project", {"objectives/q3-okrs.md": GOOD_OKRS, "notes.md": BAD_OKRS})

    result = _try_repo(hook_repo, project, "--all-files", "--verbose")

    output = result.stdout
    assert result.returncode == 0, output
    assert re.search(r"^krlint\.+Passed$", output, re.MULTILINE), output
    assert "1 file checked" in output, output
    assert "notes.md" not in output, output

import shutil
import subprocess

import pytest

import krlint
from krlint import KrlintError
from krlint.config import Config

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE = "## Objective: Support customers well\n- First response time from 9h to 2h\n- CSAT from 4.1 to 4.6\n"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "OKRS.md").write_text(BASE)
    (tmp_path / "old-okrs.md").write_text("## Objective: Legacy\n- Launch the old thing\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def codes_by_line(results):
    return sorted((f.span.line, f.code) for r in results for f in r.findings)


def test_only_changed_key_results_are_reported(repo):
    (repo / "OKRS.md").write_text(BASE + "- Launch the new help center\n")
    config = Config(ignore=("KR301",))
    results = krlint.lint_paths([repo], config=config, changed_since="HEAD")
    assert codes_by_line(results) == [(4, "KR101"), (4, "KR201")]
    everything = krlint.lint_paths([repo], config=config)
    assert (2, "KR201") in codes_by_line(everything), "the unchanged file has findings that were left out"


def test_a_new_key_result_makes_objective_findings_count(repo):
    extra = "".join(f"- Metric {n} from {n} to {n + 1}\n" for n in range(1, 5))
    (repo / "OKRS.md").write_text(BASE + extra)
    results = krlint.lint_paths([repo / "OKRS.md"], config=Config(select=("OB103",)), changed_since="HEAD")
    assert codes_by_line(results) == [(1, "OB103")]


def test_untracked_files_count_as_wholly_changed(repo):
    (repo / "new-okrs.md").write_text("## Objective: New\n- Launch it\n")
    results = krlint.lint_paths([repo / "new-okrs.md"], config=Config(select=("KR201",)), changed_since="HEAD")
    assert codes_by_line(results) == [(2, "KR201")]


def test_unknown_ref_is_an_error(repo):
    with pytest.raises(KrlintError, match="changed-since"):
        krlint.lint_paths([repo], changed_since="no-such-ref")

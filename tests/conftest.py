import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KRLINT_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "real-okrs").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(autouse=True)
def _not_on_github_actions(monkeypatch):
    """krlint picks its github format when GITHUB_ACTIONS=true; tests that expect the default text
    format must not change meaning when the suite itself runs there."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """Each test gets an empty result cache, so no test is answered from another's results."""
    monkeypatch.setenv("KRLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))

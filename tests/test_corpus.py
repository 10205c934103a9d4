"""The corpus is ours, wide, balanced, written rather than templated, and free of test data."""

import collections
import json
import re

from conftest import ROOT

CORPUS = ROOT / "corpus" / "key_results.jsonl"


def _items():
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _normal(text: str) -> str:
    return re.sub(r"\d+(?:[.,]\d+)*", "<n>", text.lower()).strip()


def test_every_item_has_the_fields_and_a_label():
    for item in _items():
        assert set(item) == {"text", "label", "domain", "source"}
        assert item["label"] in ("outcome", "output")
        assert item["source"] == "written"
        assert item["text"].strip()


def test_size_breadth_and_balance():
    items = _items()
    assert len(items) >= 2000
    domains = collections.Counter(item["domain"] for item in items)
    assert len(domains) >= 20
    share = sum(item["label"] == "outcome" for item in items) / len(items)
    assert 0.4 <= share <= 0.6


def test_no_two_items_are_the_same_once_numbers_are_masked():
    seen = {}
    for item in _items():
        key = _normal(item["text"])
        assert key not in seen, f"{item['text']!r} repeats {seen[key]!r}"
        seen[key] = item["text"]


def _test_sentences(shared) -> list[str]:
    seeds = [json.loads(line)["text"] for line in (shared / "conformance" / "seed-examples.jsonl").read_text().splitlines() if line.strip()]
    real = [
        json.loads(line)["kr"]
        for path in (shared / "real-okrs").glob("*.jsonl") if path.name != "labels.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(real) > 500
    return seeds + real


def test_no_seed_example_or_real_key_result_is_in_the_corpus(shared):
    corpus = {_normal(item["text"]) for item in _items()}
    leaked = [text for text in _test_sentences(shared) if _normal(text) in corpus]
    assert leaked == []


_FUNCTION_WORDS = frozenset("a an the of to in on for and or with by at from our we is are be as per all each "
                            "every no more than least".split())


def _content_runs(text: str, length: int = 4) -> set[tuple[str, ...]]:
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _FUNCTION_WORDS]
    return {tuple(words[k:k + length]) for k in range(len(words) - length + 1)}


def test_no_item_echoes_a_seed_example_or_a_real_key_result(shared):
    """A paraphrase is a copy too: four content words in a row shared with a test sentence do not
    happen by chance (none of the corpus's other items does), so such an item was written from it."""
    runs = set().union(*(_content_runs(text) for text in _test_sentences(shared)))
    echoes = [item["text"] for item in _items() if _content_runs(item["text"]) & runs]
    assert echoes == []

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


def test_no_seed_example_or_real_key_result_is_in_the_corpus(shared):
    corpus = {_normal(item["text"]) for item in _items()}
    seeds = [json.loads(line)["text"] for line in (shared / "conformance" / "seed-examples.jsonl").read_text().splitlines() if line.strip()]
    real = [
        json.loads(line)["kr"]
        for path in (shared / "real-okrs").glob("*.jsonl") if path.name != "labels.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(real) > 500
    leaked = [text for text in seeds + real if _normal(text) in corpus]
    assert leaked == []

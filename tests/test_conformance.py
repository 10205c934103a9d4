"""The seed articles' examples come out as the seeds describe them (they are a test, never training data)."""

import json

import pytest

import krlint
from krlint.classifier import load, shared_data
from krlint.config import Config

TASK_VERB_OUTPUTS = {"Conduct 30 web-based user testing sessions", "Complete 5 training sessions", "Launch 3 new features",
                     "Make 50 sales calls", "Run a €200K AdWords campaign", "Create a new design", "Find a website developer",
                     "Release the new website", "Launch an OKR-driven project management solution by Q1",
                     "Address the top 5 user experience issues causing cart abandonment"}


def _seeds(shared, role=None):
    lines = (shared / "conformance" / "seed-examples.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    return [item for item in items if role is None or item["role"] == role]


def _codes(text: str) -> set[str]:
    document = f"## Objective: Serve our customers well\n- {text}\n"
    return {f.code for f in krlint.lint_text(document, config=Config(ignore=("KR301",))) if f.span.line == 2}


@pytest.mark.parametrize(
    "text, codes",
    [
        ("Increase our Net Promoter Score (NPS) from 30 to 50", set()),
        ("Reduce churn rate by 10%", {"KR103"}),
        ("Increase customer satisfaction score by 15%", {"KR103"}),
        ("Improve visitor-to-lead conversion rate", {"KR102"}),
        ("Increase the average basket size from $39 to $65", set()),
        ("Increase the on-time delivery rate of system features from 85% to 98%", set()),
        ("Decrease the number of clicks to place an order from 8 to 2", set()),
    ],
)
def test_seed_key_results_raise_what_the_seeds_say(shared, text, codes):
    assert _codes(text) == codes


def test_task_verb_fires_on_the_seeds_outputs_and_on_none_of_their_outcomes(shared):
    key_results = _seeds(shared, "key_result")
    for item in key_results:
        fired = "KR201" in _codes(item["text"])
        if item["text"] in TASK_VERB_OUTPUTS:
            assert fired, item["text"]
        if item["label"] == "outcome":
            assert not fired, item["text"]
    assert {item["text"] for item in key_results} >= TASK_VERB_OUTPUTS


def test_objectives_with_metrics_and_without(shared):
    for item in _seeds(shared, "objective"):
        document = f"## Objective: {item['text']}\n- Weekly active teams from 300 to 450\n"
        fired = "OB101" in {f.code for f in krlint.lint_text(document)}
        assert fired == item["metric_in_objective"], item["text"]


def test_classifier_labels_every_uncontested_seed_example_as_the_seed_does(shared):
    seeds = shared_data.seed_examples(shared)
    assert len(seeds) >= 30
    results = load().classify([item["text"] for item in seeds])
    wrong = [(item["text"], result.label) for item, result in zip(seeds, results) if result.label != item["label"]]
    assert wrong == []

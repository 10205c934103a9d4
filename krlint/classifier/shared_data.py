"""The data in ``../shared/`` that measures krlint but is never trained on: the real Key Results
labelled by two annotators (our validation set) and the seed articles' examples (a test)."""

from __future__ import annotations

import json
from pathlib import Path


def real_key_results(shared: Path) -> list[dict]:
    """Every labelled real Key Result: ``id``, ``text``, ``objective`` and the annotators' fields."""
    folder = shared / "real-okrs"
    labels = {}
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            labels[entry["id"]] = entry
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.name == "labels.jsonl":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            key = f"{path.stem}:{number}"
            if key in labels:
                items.append({**labels[key], "text": record["kr"], "objective": record["objective"]})
    return items


def validation_set(shared: Path) -> list[dict]:
    """The real Key Results usable for outcome/output: not ambiguous, not a bare name or note."""
    return [item for item in real_key_results(shared)
            if item["label"] in ("outcome", "output") and not item.get("not_a_kr")]


def seed_examples(shared: Path, contested: bool = False) -> list[dict]:
    """The seeds' Key Result and Initiative examples with their labels (uncontested ones only,
    unless asked)."""
    path = shared / "conformance" / "seed-examples.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items
            if item["role"] in ("key_result", "initiative") and (contested or not item.get("contested"))]

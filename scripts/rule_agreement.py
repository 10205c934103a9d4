"""How often krlint's measurability rules agree with human annotators on real Key Results.

How it works
------------
1. Reads every ``*.jsonl`` file in ``../shared/real-okrs/`` (relative to the repository root, or
   ``--data DIR``) and ``labels.jsonl`` beside them. A Key Result's id is
   ``<file stem>:<line number>`` (1-based); its label row holds the annotators' facts
   ``has_metric``, ``has_target``, ``has_start`` (null where they disagreed) and ``not_a_kr``.
2. Skips items marked ``not_a_kr``. Measures all the others with ``krlint.measure.measure_all`` —
   one call, exactly as the linter's engine does — on ``KeyResult`` objects holding the raw text.
3. For each rule, derives from the annotators' facts whether it *should* fire, and from the
   measurement whether it *does*:

   ======  ================  =========================================
   code    name              fires iff
   ======  ================  =========================================
   KR101   no-metric         not has_metric
   KR102   no-target         has_metric and not has_target
   KR103   no-start-value    has_target and not has_start
   ======  ================  =========================================

   An item is left out of a rule's figures when a fact that rule reads is null for it.
4. Prints, per rule, precision (of the times it fires, how often it should), recall (of the times
   it should fire, how often it does), F1, and support (items scored / items where it should fire);
   ``--json`` prints the same as JSON, ``--show-errors`` lists every disagreement with the
   measurement that caused it.

The annotators count a redacted value (Sourcegraph's ``N0``..``N14``, ``$N``) as a stated target;
krlint reports such a target as a placeholder, not filled in (KR102 fires on it, by design). The row
``KR102*`` scores KR102 under the annotators' convention, to show how much of the difference is that.

Never tune a pattern to a sentence seen here: the same rules are also measured on real Key Results
that this data does not hold.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from krlint.measure import Measurement, measure_all  # noqa: E402
from krlint.model import KeyResult, Span  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "real-okrs"


@dataclass
class Item:
    id: str
    text: str
    facts: dict
    measured: Measurement | None = None


@dataclass
class Score:
    code: str
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4), "scored": self.tp + self.fp + self.fn + self.tn,
            "should_fire": self.tp + self.fn, "fires": self.tp + self.fp, "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }


def load(data: Path) -> list[Item]:
    labels = {}
    with open(data / "labels.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = row
    items = []
    for path in sorted(data.glob("*.jsonl")):
        if path.name == "labels.jsonl":
            continue
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                key = f"{path.stem}:{number}"
                facts = labels.get(key)
                if facts is None or facts.get("not_a_kr"):
                    continue
                items.append(Item(key, json.loads(line)["kr"], facts))
    return items


# (code, name, facts read, should fire from the annotators' facts, fires from a measurement)
RULES = (
    ("KR101", "no-metric", ("has_metric",), lambda f: not f["has_metric"], lambda m: not m.has_metric),
    ("KR102", "no-target", ("has_metric", "has_target"),
     lambda f: f["has_metric"] and not f["has_target"], lambda m: m.has_metric and not m.has_target),
    ("KR103", "no-start-value", ("has_target", "has_start"),
     lambda f: f["has_target"] and not f["has_start"], lambda m: m.has_target and not m.has_start),
    ("KR102*", "no-target, placeholder = target", ("has_metric", "has_target"),
     lambda f: f["has_metric"] and not f["has_target"], lambda m: m.has_metric and m.target is None),
)


def score(items: list[Item]) -> list[Score]:
    scores = []
    for code, name, reads, should, does in RULES:
        result = Score(code, name)
        for item in items:
            if any(item.facts.get(fact) is None for fact in reads):
                continue
            expected, got = bool(should(item.facts)), bool(does(item.measured))
            if expected and got:
                result.tp += 1
            elif got:
                result.fp += 1
                result.errors.append(("fires, should not", item))
            elif expected:
                result.fn += 1
                result.errors.append(("silent, should fire", item))
            else:
                result.tn += 1
        scores.append(result)
    return scores


def describe(measured: Measurement) -> str:
    def value(v):
        return None if v is None else f"{v.text!r}{' (placeholder)' if v.placeholder else ''}"

    return (f"metric={measured.metric!r} target={value(measured.target)} start={value(measured.start)} "
            f"verb={measured.verb!r} deadline={measured.deadline!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with *.jsonl and labels.jsonl")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if not (args.data / "labels.jsonl").exists():
        print(f"no labels.jsonl in {args.data}", file=sys.stderr)
        return 2
    items = load(args.data)
    measured = measure_all([KeyResult(item.text, Span(1, 1, 1, 1)) for item in items])
    for item, measurement in zip(items, measured):
        item.measured = measurement
    scores = score(items)
    if args.json:
        print(json.dumps({"items": len(items), "rules": [s.as_dict() for s in scores]}, indent=2))
    else:
        print(f"{len(items)} Key Results (not_a_kr left out)\n")
        print(f"{'rule':7} {'name':34} {'precision':>9} {'recall':>7} {'F1':>6} "
              f"{'scored':>7} {'should':>7} {'fires':>6}")
        for s in scores:
            d = s.as_dict()
            print(f"{s.code:7} {s.name:34} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} "
                  f"{d['scored']:7d} {d['should_fire']:7d} {d['fires']:6d}")
    if args.show_errors:
        for s in scores:
            if not s.errors:
                continue
            print(f"\n{s.code} {s.name}: {len(s.errors)} disagreements")
            for kind, item in s.errors:
                print(f"  [{kind}] {item.id}: {item.text}\n      -> {describe(item.measured)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

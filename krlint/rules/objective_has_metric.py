"""An Objective holds a number, amount or percentage.

What it does: flags an Objective whose text states a value: a number, an amount of money, a
percentage, a multiplier.

Why: an Objective is a qualitative direction that people remember and rally behind; the numbers
belong in its Key Results, where they are measured and scored. An Objective with a metric in it is
usually a Key Result in the wrong place.

Example:
    Objective: Acquire 20,000 new leads per month

Use instead:
    Objective: Fuel the growth of our sales pipeline
      - Grow new leads from 12,000 to 20,000 per month
"""

CODE = "OB101"
NAME = "objective-has-metric"
SEVERITY = "warning"
READS = frozenset({"objectives"})


def check(document, context):
    for objective in document.objectives:
        if not objective.text.strip():
            continue
        value = context.objective_value(objective)
        if value is None or value.placeholder:
            continue
        yield context.problem(
            objective.span,
            f"Objective holds a metric value ('{value.text}')",
            "Keep the Objective qualitative and move the number into one of its Key Results.",
        )

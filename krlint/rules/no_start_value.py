"""A Key Result states a target but no start value.

What it does: flags a Key Result with a target value but no start (baseline) value, in the text
("from 30 to 50", "up from 12%", "(currently 4 in 100)") or in a structured ``start`` field.

Why: "reduce churn by 10%" cannot be judged without knowing where churn stands today; the start
value says how ambitious the target is and makes progress visible.

Example:
    - Reduce monthly churn rate by 10%

Use instead:
    - Reduce monthly churn rate from 5% to 4.5%
"""

CODE = "KR103"
NAME = "no-start-value"
SEVERITY = "warning"
READS = frozenset({"key_results"})


def check(document, context):
    for _objective, kr in document.key_results():
        measured = context.measurement(kr)
        if not measured.has_target or measured.has_start:
            continue
        yield context.problem(
            kr.span,
            f"Key Result states a target ('{measured.target.text}') but no start value",
            "Add the value it starts from, e.g. 'from X to Y' or '(currently X)'.",
        )

"""A Key Result names a metric but no target value.

What it does: flags a Key Result that names something measurable but states no value to reach, or
only a placeholder (``N0``, ``X``, ``TBD``, ``$N``).

Why: without a target nobody can score the Key Result; "improve conversion" is met by any change.

Example:
    - Improve trial-to-paid conversion rate

Use instead:
    - Improve trial-to-paid conversion rate from 8% to 12%
"""

CODE = "KR102"
NAME = "no-target"
SEVERITY = "warning"
READS = frozenset({"key_results"})


def check(document, context):
    for _objective, kr in document.key_results():
        measured = context.measurement(kr)
        if not measured.has_metric or measured.has_target:
            continue
        metric = f" ('{measured.metric}')" if measured.metric else ""
        if measured.target is not None and measured.target.placeholder:
            message = f"Key Result's target is a placeholder ('{measured.target.text}')"
        else:
            message = f"Key Result names a metric{metric} but no target value"
        yield context.problem(
            kr.span, message, "State the value the metric should reach by the end of the period."
        )

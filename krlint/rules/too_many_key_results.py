"""An Objective has more Key Results than a team can focus on.

What it does: flags an Objective with more than ``max`` (default 5) Key Results directly under it.
Cascaded Key Results nested under another Key Result are not counted.

Why: OKRs are about focus. Past a handful, Key Results turn into a task list and the ones that
matter are lost among the rest.

Example:
    An Objective with eight Key Results.

Use instead:
    Keep the three to five that best measure the Objective; move the rest to Initiatives or drop them.

Options:
    max = 5    the most Key Results an Objective may hold
"""

CODE = "OB103"
NAME = "too-many-key-results"
SEVERITY = "warning"
OPTIONS = {"max": 5}


def check(document, context):
    limit = context.options["max"]
    for objective in document.objectives:
        count = len(objective.key_results)
        if count > limit:
            yield context.problem(
                objective.span,
                f"Objective has {count} Key Results (more than {limit})",
                f"Keep the {limit} or fewer that best measure it; move the others to Initiatives.",
            )

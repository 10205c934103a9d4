"""An Objective has no Key Results.

What it does: flags an Objective under which no Key Result is written.

Why: an Objective without Key Results cannot be measured or scored; nobody can tell at the end of
the quarter whether it was met.

Example:
    ## Objective: Make onboarding effortless
    (nothing under it)

Use instead:
    ## Objective: Make onboarding effortless
    - Raise the share of new accounts active in week one from 40% to 60%
"""

CODE = "OB102"
NAME = "objective-without-key-results"
SEVERITY = "error"


def check(document, context):
    for objective in document.objectives:
        if not objective.key_results:
            name = objective.text.strip() or "this Objective"
            yield context.problem(
                objective.span,
                f"Objective '{_short(name)}' has no Key Results",
                "Add two to five Key Results that measure whether the Objective is met.",
            )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

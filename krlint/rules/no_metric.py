"""A Key Result names nothing measurable.

What it does: flags a Key Result in which no measurable quantity is named: a task, a milestone, a
deliverable, or a date (a date is a deadline, not a metric).

Why: a Key Result is how you will know the Objective was met. If nothing in it can be measured,
it can only be done or not done, which makes it an Initiative.

Example:
    - Launch the partner program by Q1

Use instead:
    - Grow partner-sourced revenue from $40k to $120k a quarter
    (and list "Launch the partner program" under Initiatives)
"""

CODE = "KR101"
NAME = "no-metric"
SEVERITY = "error"
READS = frozenset({"key_results"})


def check(document, context):
    for _objective, kr in document.key_results():
        measured = context.measurement(kr)
        if measured.has_metric or not measured.wording.strip():
            continue
        about_date = f" ('{measured.deadline}' is a deadline, not a metric)" if measured.deadline else ""
        yield context.problem(
            kr.span,
            f"Key Result names nothing measurable{about_date}",
            "Say what will change and by how much (a metric, a start and a target value); "
            "if this is work to do, move it to the Objective's Initiatives.",
        )

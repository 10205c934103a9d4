"""A Key Result reads as an output (work the team does), not an outcome.

What it does: the trained classifier labels every Key Result ``outcome`` or ``output``; this rule
flags those labelled ``output`` with a confidence at or above the threshold (config
``classifier-threshold``; the default was chosen on held-out data for a precision of 0.9). Where
KR201 (task-verb) already flags the same Key Result, this rule stays quiet.

Why: deliverables, launches, hires and counts of the team's own activity can all be done without
anything improving. They are the Initiatives that should move a Key Result, not the Key Result.

Example:
    - Offline mode for the Android app

Use instead:
    - Raise the share of Android sessions that finish without a sync error from 92% to 99%
    (and list "Offline mode for the Android app" under Initiatives)
"""

from .task_verb import task_verb

CODE = "KR301"
NAME = "output-not-outcome"
SEVERITY = "warning"
READS = frozenset({"classifier"})  # and what KR201 reads, when KR201 is on


def check(document, context):
    task_verb_on = context.is_enabled("KR201")
    extra = frozenset(verb.lower() for verb in context.options_for("KR201")["extra-verbs"])
    krs = [kr for _objective, kr in document.key_results()
           if not (task_verb_on and task_verb(context.measurement(kr), extra) is not None)]
    for kr, result in zip(krs, context.classifications(krs)):
        if result.label != "output" or result.confidence < context.classifier_threshold:
            continue
        yield context.problem(
            kr.span,
            f"Key Result reads as an output, not an outcome (confidence {result.confidence:.2f})",
            "Move it to the Objective's Initiatives and write a Key Result that measures the change it should cause.",
        )

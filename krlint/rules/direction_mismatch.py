"""A Key Result's verb and values disagree.

What it does: flags a Key Result whose verb points one way while its values point the other
("reduce ... from 10 to 20"), or whose start value equals its target.

Why: one of the two is a typo, and the Key Result will be scored against the wrong goal.

Example:
    - Reduce support tickets per customer from 3 to 5

Use instead:
    - Reduce support tickets per customer from 5 to 3
"""

from krlint import grammar

CODE = "KR104"
NAME = "direction-mismatch"
SEVERITY = "error"
READS = frozenset({"key_results"})

# "Improve response time" means lowering it: verbs of betterment say nothing about which way
# the number should move, so only verbs that name the movement itself are compared.
_BETTERMENT = frozenset(("improve", "optimize", "optimise", "enhance"))
UP_VERBS = grammar.UP_VERBS - _BETTERMENT
DOWN_VERBS = grammar.DOWN_VERBS


def check(document, context):
    for _objective, kr in document.key_results():
        measured = context.measurement(kr)
        start, target = measured.start, measured.target
        if start is None or target is None or start.number is None or target.number is None:
            continue
        if start.unit != target.unit and start.unit and target.unit:
            continue
        if start.number == target.number:
            yield context.problem(
                kr.span,
                f"Key Result's start value equals its target ('{start.text}')",
                "Set a target that differs from where the metric starts, or use 'keep ... at' to hold a level.",
            )
            continue
        rising = target.number > start.number
        verb = (measured.verb or "").lower()
        if (verb in DOWN_VERBS and rising) or (verb in UP_VERBS and not rising):
            way = "lower" if verb in DOWN_VERBS else "higher"
            yield context.problem(
                kr.span,
                f"'{measured.verb_text or verb}' asks for a {way} value, but it goes from "
                f"'{start.text}' to '{target.text}'",
                "Swap the start and target values, or use the verb that matches their direction.",
            )

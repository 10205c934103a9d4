"""A Key Result's main verb names an activity.

What it does: flags a Key Result whose main verb says what the team will *do* (launch, complete,
hire, run, conduct, write, publish, implement, migrate, ...) in any inflection ("launched",
"hiring"), rather than what will change as a result.

Why: doing the work is the Initiative; the Key Result measures what the work achieves. A Key Result
that is a task is met when the task is done, whether or not anything improved.

Example:
    - Conduct 30 user testing sessions

Use instead:
    - Raise the task success rate in usability tests from 60% to 85%
    (and list "Conduct 30 user testing sessions" under Initiatives)

Options:
    extra-verbs = []    more verbs (lemmas, e.g. "onboard") to treat as task verbs
"""

CODE = "KR201"
NAME = "task-verb"
SEVERITY = "warning"
READS = frozenset({"key_results"})
OPTIONS = {"extra-verbs": []}

TASK_VERBS = frozenset(
    """
    launch complete hire run conduct write publish implement migrate ship release build create
    design develop deliver deploy document organize organise host draft prepare plan research
    investigate explore define introduce integrate install configure test review audit update upgrade
    add make find attend send post train fix address squash finish finalize finalise start begin
    spec prototype provide submit schedule refactor rewrite port rebuild redesign revamp set roll
    kick put coordinate announce present record produce translate automate deprecate remove
    replace rename refine clean evaluate assess analyze analyse identify interview survey
    onboard recruit speak teach sponsor establish setup rollout
    """.split()
)
# A few verbs only name an activity with their particle: "set up", "roll out", "kick off", "put up".
PHRASAL = {"set": "up", "roll": "out", "kick": "off", "put": "up", "carry": "out", "stand": "up", "spin": "up"}


def task_verb(measured, extra=()) -> str | None:
    """The task verb a measured Key Result opens with, as written, or None."""
    verb = (measured.verb or "").lower()
    if not verb or (verb not in TASK_VERBS and verb not in extra):
        return None
    written = measured.verb_text or verb
    particle = PHRASAL.get(verb)
    if particle is not None:
        after = measured.wording.lower().split(written.lower(), 1)[-1].split()
        if not after or after[0] != particle:
            return None
        written = f"{written} {particle}"
    return written


def check(document, context):
    extra = frozenset(verb.lower() for verb in context.options["extra-verbs"])
    for _objective, kr in document.key_results():
        verb = task_verb(context.measurement(kr), extra)
        if verb is None:
            continue
        yield context.problem(
            kr.span,
            f"Key Result's main verb '{verb}' names an activity, not an outcome",
            "Move it to the Objective's Initiatives and write a Key Result that measures the change it should cause.",
        )

"""An inline krlint directive is malformed or names an unknown rule.

What it does: flags ``<!-- krlint: ... -->`` (Markdown) or ``# krlint: ...`` (YAML, text)
comments that krlint cannot apply: an unknown action, an unknown rule code or name, or a
``disable`` that names no rule (there is no "disable everything" form, on purpose).

Why: a directive that silently does nothing leaves findings on that a reader believes are off,
or hides a typo that should have turned a rule off.

Example:
    <!-- krlint: disable=KR9999 -->

Use instead:
    <!-- krlint: disable=KR201 -->
"""

CODE = "KL101"
NAME = "bad-directive"
SEVERITY = "warning"


def check(document, context):
    for span, message in context.directive_problems:
        yield context.problem(span, message, "Write e.g. 'krlint: disable=KR201,no-target'; `krlint rules` lists the codes.")

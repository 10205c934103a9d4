"""krlint: a quality linter for OKRs.

    >>> import krlint
    >>> findings = krlint.lint_text("Objective: Delight customers\\n- Run 4 webinars\\n", format="text")
    >>> [finding.code for finding in findings]
"""

from .api import classify, fix_paths, fix_text, lint_paths, lint_text, parse_file, parse_text
from .config import Config
from .errors import KrlintError
from .model import (
    Document, Finding, Initiative, InputError, KeyResult, LintResult, Objective, Severity, Span,
)

__version__ = "0.1.0"

__all__ = [
    "Config", "Document", "Finding", "Initiative", "InputError", "KeyResult", "KrlintError",
    "LintResult", "Objective", "Severity", "Span", "classify", "fix_paths", "fix_text", "lint_paths", "lint_text",
    "parse_file", "parse_text", "__version__",
]

"""Inline Markdown to plain text, the way a reader sees it: ``[text](url)`` is ``text``, ``![P0](badge.svg)``
is ``P0``, ``**bold**`` and ``` `code` ``` lose their markers, ``\\[x\\]`` is ``[x]``, ``&gt;`` is ``>``.

Hand-written rather than markdown-it's renderer: the text, not HTML, is wanted (inline tags such as
``<sub>`` inside reference links go, ``~single~`` strike-through goes), and every pattern here must stay
linear on a 1 MB line.
"""

from __future__ import annotations

import html
import re

# Backslash escapes are swapped for private-use characters while the markup is removed, so that an
# escaped ``\\*`` or ``\\[`` is never taken for markup, and swapped back at the end.
_ESCAPABLE = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
_ESCAPE = re.compile(r"\\([" + re.escape(_ESCAPABLE) + "])")
_PRIVATE_BASE = 0xE000
_PRIVATE = re.compile("[\ue000-\ue0ff]")

_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]*)>", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# ``[text](url "title")`` and ``![alt](url)``: the text holds no brackets, so the innermost link goes first
# and an image inside a link is reduced before the link around it.
_INLINE_LINK = re.compile(
    r"!?\[([^\[\]]*)\]\(\s*(?:<[^<>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE_LINK = re.compile(r"!?\[([^\[\]]*)\]\[([^\[\]]*)\]")
_STRIKE_SINGLE = re.compile(r"(?<![\w~])~(?=\S)([^~]*[^\s~])~(?![\w~])")
_DOUBLE_EMPHASIS = re.compile(r"\*{2,}|(?<![A-Za-z0-9])_{2,}|_{2,}(?![A-Za-z0-9])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9_])_|_(?![A-Za-z0-9_])")
_WHITESPACE = re.compile(r"\s+")
_MARKUP_CHARACTER = re.compile(r"[\\<\[*_~]")


def clean(raw: str, references: frozenset[str] = frozenset()) -> str:
    """Plain text of one item's inline Markdown, whitespace collapsed.

    ``references`` are the (lower-cased) labels of the file's link reference definitions: ``[text][ref]``
    is a link only when ``ref`` is defined; otherwise, as in ``[P0][DP]``, the brackets are text.
    """
    pieces: list[str] = []
    for is_code, segment in _split_code_spans(raw):
        pieces.append(segment if is_code else _clean_markup(segment, references))
    text = html.unescape("".join(pieces))
    return _WHITESPACE.sub(" ", text).strip()


def _clean_markup(segment: str, references: frozenset[str]) -> str:
    if not _MARKUP_CHARACTER.search(segment):
        return segment
    text = _ESCAPE.sub(lambda m: chr(_PRIVATE_BASE + ord(m.group(1))), segment)
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINE_BREAK_TAG.sub(" ", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(4):  # links nest rarely and shallowly; four passes cover an image in a link in a link
        reduced = _INLINE_LINK.sub(r"\1", text)
        if references:
            reduced = _REFERENCE_LINK.sub(lambda m: _reference(m, references), reduced)
        if reduced == text:
            break
        text = reduced
    text = text.replace("~~", "")
    text = _STRIKE_SINGLE.sub(r"\1", text)
    text = _DOUBLE_EMPHASIS.sub("", text)
    text = _remove_single_stars(text)
    text = _UNDERSCORE.sub("", text)
    return _PRIVATE.sub(lambda m: chr(ord(m.group(0)) - _PRIVATE_BASE), text)


def _reference(match: re.Match, references: frozenset[str]) -> str:
    label = (match.group(2) or match.group(1)).strip().lower()
    return match.group(1) if label in references else match.group(0)


def _remove_single_stars(text: str) -> str:
    """Drops ``*`` used as emphasis; keeps ``2*3`` and ``a * b``, where it is arithmetic."""
    if "*" not in text:
        return text
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "*":
            before = text[index - 1] if index > 0 else " "
            after = text[index + 1] if index < last else " "
            arithmetic = (before.isspace() and after.isspace()) or (before.isalnum() and after.isalnum())
            if not arithmetic:
                continue
        out.append(char)
    return "".join(out)


def _split_code_spans(raw: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces; a code span closes at the next backtick run of the same length.

    Runs are paired in one pass (each run knows the next run of its length), so a line full of
    unmatched backticks costs no more than any other line.
    """
    if "`" not in raw:
        return [(False, raw)]
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", raw)]
    next_same: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = seen.get(length)
        seen[length] = index
    pieces: list[tuple[bool, str]] = []
    position = 0
    index = 0
    while index < len(runs):
        closing = next_same[index]
        if closing is None or runs[index][0] < position:
            index += 1
            continue
        start, content_start = runs[index]
        content_end, end = runs[closing]
        # A backslash before the opening run escapes it, so it opens nothing.
        if start > 0 and raw[start - 1] == "\\":
            index += 1
            continue
        pieces.append((False, raw[position:start]))
        pieces.append((True, raw[content_start:content_end]))
        position = end
        index = closing + 1
    pieces.append((False, raw[position:]))
    return pieces


_MARKUP_EDGE = "*_`~ \t"


def text_bounds(raw: str) -> tuple[int, int]:
    """Offsets in ``raw`` where the visible text starts and ends, skipping emphasis/code markers at the edges."""
    start = 0
    end = len(raw.rstrip())
    while start < end and raw[start] in _MARKUP_EDGE:
        start += 1
    while end > start and raw[end - 1] in _MARKUP_EDGE:
        end -= 1
    return start, end


def is_wholly_bold(raw: str) -> bool:
    """``**text**`` or ``__text__`` with nothing outside the markers (and none inside)."""
    text = raw.strip()
    for marker in ("**", "__"):
        if (
            len(text) > 4
            and text.startswith(marker)
            and text.endswith(marker)
            and marker not in text[2:-2]
            and text[2:-2].strip()
        ):
            return True
    return False


# ``**Label:** value`` or ``**Label**: value``; the label is short, the value may be empty.
_BOLD_LABEL = re.compile(r"^\s*(\*\*|__)([^*_\n]{1,60}?)\s*(?::\s*\1|\1\s*:)\s*")


def bold_label(raw: str) -> tuple[str, str, int] | None:
    """(label, rest of the raw text, offset where the rest starts) for a bold ``Label:`` prefix."""
    match = _BOLD_LABEL.match(raw)
    if match is None:
        return None
    return clean(match.group(2)), raw[match.end():], match.end()


def is_link_only(raw: str) -> tuple[bool, str]:
    """(True, target) when the raw text is one link and nothing else: a table-of-contents or reference entry."""
    text = raw.strip()
    match = _INLINE_LINK.fullmatch(text)
    if match is None or text.startswith("!"):
        return False, ""
    target = text[text.index("](") + 2:-1].strip()
    return True, target

"""``--fix`` for YAML and JSON: take the Key Result out of its Objective's key-results sequence and append
its text to the ``initiatives`` sequence (made right after the key results, spelled in the file's case,
in the key results' flow or block style, when missing). A Key Result written as a mapping becomes its
text.

YAML goes through ruamel.yaml's round trip (quotes kept, the file's indentation detected); a comment on
the moved item's line goes with it, the comments around it stay where they were. JSON is rewritten
with the standard library at the file's indentation. Either way only the lines the change touches are
written back: the rest of the file keeps its bytes, even where ruamel or ``json`` would lay it out
differently.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections import Counter
from difflib import SequenceMatcher
from typing import Any, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from .fix import Insertion, Line, newline_of, owners, rewrite, split_lines
from .model import Document, KeyResult
from .parse.yaml import _CHILD_KEYS, _CONTAINER_KEYS, _INITIATIVE_KEYS, _KR_KEYS, _TEXT_KEYS, _lookup, _Reader

Path = tuple  # keys and indexes from the document root


def plan(source: str, document: Document, moves: Sequence[KeyResult]) -> str | None:
    with warnings.catch_warnings():  # ruamel warns on stderr (a reused anchor): not for --fix to print
        warnings.simplefilter("ignore")
        return _plan(source, document, moves)


def _plan(source: str, document: Document, moves: Sequence[KeyResult]) -> str | None:
    lines = split_lines(source)
    normal = source.replace("\r\n", "\n").replace("\r", "\n")
    if normal.lstrip().startswith(("{", "[")):
        text = _plan_json(lines, normal, document, moves)
        if text is not None:
            return text  # else flow-style YAML, not JSON: through ruamel
    # First with the comments around a moved item kept in place; where ruamel offers no place for
    # them, they travel with the item rather than get lost.
    for keep_in_place in (True, False):
        try:
            text = _plan_yaml(lines, normal, document, moves, keep_in_place)
        except Exception:  # ruamel's comment structures vary: a shape not foreseen means no fix
            text = None
        if text is not None:
            return text
    return None


# YAML ------------------------------------------------------------------------------------------------


def _yaml(normal: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a long line
    mapping, sequence, offset = _indentation(normal)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _plan_yaml(lines: list[Line], normal: str, document: Document, moves: Sequence[KeyResult], keep_in_place: bool) -> str | None:
    yaml = _yaml(normal)
    before = _dump(yaml, yaml.load(normal))
    data = yaml.load(normal)
    if not _move_all(data, normal, document, moves, keep_in_place):
        return None
    after = _dump(yaml, data)
    comments = _comments(normal)
    if _comments(after) != comments:
        return None  # a comment would be lost or doubled
    merged = _merged(lines, before, after)
    if _comments(merged.replace("\r\n", "\n").replace("\r", "\n")) != comments:
        return _whole(lines, after)
    return merged


def _indentation(text: str) -> tuple[int, int, int]:
    """The mapping indent, sequence indent and dash offset most nested blocks of the file use."""
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    content = [
        (index, line) for index, line in enumerate(text.split("\n"))
        if line.strip() and not line.lstrip().startswith("#")
    ]
    for (_i, line), (_j, following) in zip(content, content[1:]):
        opener = re.match(r"^((?:[ ]*-[ ]+)*[ ]*)[^\s#-][^#]*:[ \t]*(?:#.*)?$", line)
        if not opener or line.rstrip().endswith(("|", ">")):
            continue
        key_column = len(opener.group(1))
        indent = len(following) - len(following.lstrip(" "))
        dash = re.match(r"^([ ]*)-([ ]+)\S", following)
        if dash and len(dash.group(1)) >= key_column:
            offset = len(dash.group(1)) - key_column
            # The sequences the fix rewrites (key results, initiatives) decide first.
            name = re.sub(r"[\s_\-]", "", line.strip().split(":")[0].lstrip("- ")).lower()
            weight = 100 if name in _KR_KEYS + _INITIATIVE_KEYS else 1
            sequences[(offset + 1 + len(dash.group(2)), offset)] += weight
        elif indent > key_column and not following.lstrip().startswith("-"):
            mappings[indent - key_column] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    sequence, offset = sequences.most_common(1)[0][0] if sequences else (mapping, 0)
    return mapping, max(sequence, offset + 2), offset


def _move_all(data: Any, normal: str, document: Document, moves: Sequence[KeyResult], keep_in_place: bool) -> bool:
    located = _locate(data, normal, document)
    for objective, own in owners(document, moves):
        places = [located.get(kr.span) for kr in own]
        if any(place is None for place in places):
            return False
        objective_path = places[0][0]
        if any(place[0] != objective_path for place in places):
            return False
        if not _move(_resolve(data, objective_path), [place[1:] for place in places], keep_in_place):
            return False
    return True


def _locate(data: Any, normal: str, document: Document) -> dict:
    """Each Key Result's span -> (objective path, path of its sequence from the Objective, index),
    computed as the parser computes spans."""
    reader = _Reader(normal, document.path)
    found: dict = {}
    root: Path = ()
    objectives = data
    if isinstance(data, dict):
        container = _lookup(data, _CONTAINER_KEYS)
        if container is not None:
            root, objectives = (container[0],), container[1]
        elif _lookup(data, _KR_KEYS) is not None:
            objectives = None
            _walk_krs(reader, data, (), (), _KR_KEYS, found)
    if isinstance(objectives, list):
        for index, entry in enumerate(objectives):
            if isinstance(entry, dict):
                _walk_krs(reader, entry, root + (index,), (), _KR_KEYS, found)
    return found


def _walk_krs(reader: _Reader, mapping: dict, objective: Path, inner: Path, keys: tuple, found: dict) -> None:
    entry = _lookup(mapping, keys)
    if entry is None or not isinstance(entry[1], list):
        return  # a single Key Result written in place of a list stays where it is
    key, values = entry
    for index, value in enumerate(values):
        if isinstance(value, dict):
            text_entry = _lookup(value, _TEXT_KEYS)
            text = "" if text_entry is None or text_entry[1] is None else str(text_entry[1])
            span = reader.scalar_span(value, text_entry[0], text) if text_entry else reader.node_span(value)
            _walk_krs(reader, value, objective, inner + (key, index), _CHILD_KEYS + _KR_KEYS, found)
        elif isinstance(value, list):
            continue
        else:
            text = "" if value is None else str(value)
            span = reader.scalar_span(values, index, text)
        found.setdefault(span, (objective, inner + (key,), index))


def _resolve(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def _move(objective: Any, places: list[tuple[Path, int]], keep_in_place: bool) -> bool:
    """Moves the items at ``places`` (sequence path from the Objective, index; in document order) to
    the end of the Objective's Initiatives."""
    if not isinstance(objective, dict):
        return False
    kr_key = _lookup(objective, _KR_KEYS)[0]
    existing = _lookup(objective, _INITIATIVE_KEYS)
    if existing is not None and not isinstance(existing[1], (list, str, type(None))):
        return False
    commented = isinstance(objective, CommentedMap)
    tail = ""
    if existing is None and commented and keep_in_place:
        tail = _take_tail(objective, kr_key)  # the comments after the key results belong after the new key
    moved: dict[int, tuple[Any, str]] = {}
    order = sorted(range(len(places)), key=lambda n: (places[n][0], places[n][1]), reverse=True)
    for n in order:
        path, index = places[n]
        sequence = _resolve(objective, path)
        parent, key = _resolve(objective, path[:-1]), path[-1]
        item = _take(parent, key, sequence, index, keep_in_place)
        if item is None:
            return False
        moved[n] = item
    items = [moved[n] for n in range(len(places))]
    if existing is None:
        target = CommentedSeq() if commented else []
        kr_value = objective[kr_key]
        if commented and isinstance(kr_value, CommentedSeq) and kr_value.fa.flow_style():
            target.fa.set_flow_style()
        elif commented:
            target.fa.set_block_style()
        _insert_after(objective, kr_key, _initiatives_key(kr_key), target)
        init_key = _initiatives_key(kr_key)
    else:
        init_key, value = existing
        if not isinstance(value, list):
            target = CommentedSeq([] if value is None else [value]) if commented else ([] if value is None else [value])
            if commented:
                target.fa.set_block_style()
            objective[init_key] = target
        else:
            target = value
        if commented and len(target) and keep_in_place:
            tail = _take_tail(objective, init_key)
    for value, comment, column in items:
        target.append(value)
        if comment and isinstance(target, CommentedSeq):
            target.ca.items[len(target) - 1] = [_token(comment, column), None, None, None]
    if tail and not _add_tail(objective, init_key, tail):
        return False
    return True


def _take(parent: Any, key: Any, sequence: Any, index: int, keep_in_place: bool) -> tuple[Any, str, int] | None:
    """Removes item ``index`` of ``sequence`` (``parent[key]``); returns what to append to the
    Initiatives (a mapping's text) and the comment to go with it."""
    if not isinstance(sequence, list) or not 0 <= index < len(sequence):
        return None
    item = sequence[index]
    comment = rest = ""
    column = 0
    if isinstance(sequence, CommentedSeq):
        holder, position = _tail_slot(sequence, index)
        token = holder[position] if holder is not None else None
        eol, rest = _split(token.value) if token is not None else ("", "")
        column = _column(token)
        if isinstance(item, CommentedMap):
            text_token = _text_token(item)
            found = ([_split(text_token.value)[0].strip()] if text_token is not None else []) + _inner_comments(item, text_token, token)
            found = [each for each in found if each]
            column = _column(text_token) if text_token is not None and _split(text_token.value)[0] else 0
            pad = " " * getattr(getattr(item, "lc", None), "col", 0)
            comment = "".join([found[0] + "\n"] + [pad + each + "\n" for each in found[1:]]) if found else ""
        else:
            comment = eol
        if not keep_in_place and rest:
            comment, rest = (comment or "\n") + rest, ""
    if isinstance(item, dict):
        text_entry = _lookup(item, _TEXT_KEYS)
        if text_entry is None or text_entry[1] is None or isinstance(text_entry[1], (dict, list)):
            return None
        value = text_entry[1]
    elif isinstance(item, list):
        return None
    else:
        value = item
    del sequence[index]
    if rest:
        if index > 0:
            if not _add_tail(sequence, index - 1, rest):
                return None
        elif len(sequence):
            _add_before_first(parent, key, rest)
        elif not _add_before_next_key(parent, key, rest):
            return None
    return value, comment, column


def _column(token: CommentToken | None) -> int:
    try:
        return int(token.column) if token is not None else 0
    except (AttributeError, TypeError, ValueError):
        return 0


# Comments --------------------------------------------------------------------------------------------


def _split(value: str) -> tuple[str, str]:
    """A trailing comment token's text as (the comment on the item's own line, the lines after it)."""
    if value.startswith("#"):
        first, newline, rest = value.partition("\n")
        return first + newline, rest
    return "", value[1:] if value.startswith("\n") else value


def _token(value: str, column: int = 0) -> CommentToken:
    return CommentToken(value, CommentMark(column), None)


def _tail_slot(container: Any, key: Any) -> tuple[list | None, int]:
    """The comment entry (and position in it) printed right after ``container[key]``: inside the
    value's last element for a block collection, else beside it."""
    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        last = len(value) - 1 if isinstance(value, CommentedSeq) else list(value)[-1]
        return _tail_slot(value, last)
    if not isinstance(container, (CommentedMap, CommentedSeq)):
        return None, 0
    entry = container.ca.items.get(key)
    position = 2 if isinstance(container, CommentedMap) else 0
    if entry is None:
        entry = container.ca.items[key] = [None, None, None, None]
    return entry, position


def _take_tail(container: Any, key: Any) -> str:
    """Detaches the comment lines after ``container[key]`` (keeping one on its last line)."""
    holder, position = _tail_slot(container, key)
    if holder is None or holder[position] is None:
        return ""
    eol, rest = _split(holder[position].value)
    if eol:
        holder[position].value = eol
    else:
        holder[position] = None
    return rest


def _add_tail(container: Any, key: Any, rest: str) -> bool:
    """Prints the comment lines ``rest`` right after ``container[key]``."""
    holder, position = _tail_slot(container, key)
    if holder is None:
        return False
    token = holder[position]
    if token is not None:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + rest
        return True
    value = container[key]
    if isinstance(value, (dict, list)):
        return _add_before_next_key(container, key, rest) if isinstance(container, CommentedMap) else False
    holder[position] = _token("\n" + rest)
    return True


def _add_before_first(parent: Any, key: Any, rest: str) -> None:
    entry = parent.ca.items.setdefault(key, [None, None, None, None])
    if entry[3] is None:
        entry[3] = []
    entry[3].extend(_pre_tokens(rest))


def _add_before_next_key(mapping: Any, key: Any, rest: str) -> bool:
    keys = list(mapping)
    if not isinstance(mapping, CommentedMap) or keys.index(key) + 1 >= len(keys):
        return False
    entry = mapping.ca.items.setdefault(keys[keys.index(key) + 1], [None, None, None, None])
    entry[1] = _pre_tokens(rest) + (entry[1] or [])
    return True


def _pre_tokens(rest: str) -> list[CommentToken]:
    tokens = []
    for line in rest.split("\n")[:-1] if rest.endswith("\n") else rest.split("\n"):
        stripped = line.lstrip(" ")
        tokens.append(_token((stripped or "") + "\n", len(line) - len(stripped) if stripped else 0))
    return tokens


def _text_token(item: CommentedMap) -> CommentToken | None:
    text_entry = _lookup(item, _TEXT_KEYS)
    if text_entry is None:
        return None
    entry = item.ca.items.get(text_entry[0])
    return entry[2] if entry else None


def _inner_comments(item: CommentedMap, text_token: CommentToken | None, tail: CommentToken | None) -> list[str]:
    """Comments inside a mapping Key Result other than the one on its text's line (which goes with
    the text) and the lines after it (which are the tail: they stay), stripped."""
    lines = []
    for token in _all_tokens(item):
        eol, after = _split(token.value)
        if token is text_token:
            value = "" if token is tail else after
        elif token is tail:
            value = eol
        else:
            value = token.value
        lines.extend(line.strip() for line in value.split("\n") if line.strip())
    return lines


def _all_tokens(node: Any) -> list[CommentToken]:
    tokens: list[CommentToken] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, (CommentedMap, CommentedSeq)):
            continue
        for entry in current.ca.items.values():
            for part in entry:
                if isinstance(part, CommentToken):
                    tokens.append(part)
                elif isinstance(part, list):
                    tokens.extend(each for each in part if isinstance(each, CommentToken))
        stack.extend(current.values() if isinstance(current, dict) else current)
    return tokens


def _comments(text: str) -> Counter[str]:
    """Every comment in a YAML text, to check that a rewrite kept them all."""
    found: Counter[str] = Counter()
    for line in text.split("\n"):
        start = _comment_start(line)
        if start is not None:
            found[line[start:].strip()] += 1
    return found


def _comment_start(line: str) -> int | None:
    """Where a line's comment starts (roughly: ``#`` at the line's start or after a blank, outside
    quotes)."""
    quote = ""
    for position, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (position == 0 or line[position - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (position == 0 or line[position - 1] in " \t"):
            return position
    return None


def _comment_of(line: str) -> str:
    start = _comment_start(line)
    return line[start:].strip() if start is not None and line[:start].strip() else ""


def _respaced(line: str, original: str) -> str:
    """``line`` with the gap before its end-of-line comment as in ``original``, when both end in the
    same comment (a serialiser keeps a comment's column even when the code before it got shorter)."""
    new_start, old_start = _comment_start(line), _comment_start(original)
    if new_start is None or old_start is None or not line[:new_start].strip() or not original[:old_start].strip():
        return line
    if line[new_start:].strip() != original[old_start:].strip():
        return line
    gap = original[:old_start][len(original[:old_start].rstrip()):]
    return line[:new_start].rstrip() + gap + original[old_start:]


# Keys ------------------------------------------------------------------------------------------------


def _initiatives_key(kr_key: Any) -> str:
    spelled = str(kr_key)
    letters = [char for char in spelled if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        return "INITIATIVES"
    return "Initiatives" if spelled[:1].isupper() else "initiatives"


def _insert_after(mapping: dict, after: Any, key: str, value: Any) -> None:
    if isinstance(mapping, CommentedMap):
        # ruamel counts positions among the mapping's own keys, with a merge key ("<<") in its place.
        own = [each for each in mapping if each in mapping._ok]
        position = own.index(after) + 1 if after in own else len(own)
        merge = getattr(mapping, merge_attrib, None)
        if merge is not None and 0 <= getattr(merge, "merge_pos", -1) < position:
            position += 1
        mapping.insert(position, key, value)
        return
    keys = list(mapping)
    position = keys.index(after) + 1
    items = list(mapping.items())
    items.insert(position, (key, value))
    mapping.clear()
    mapping.update(items)


# JSON ------------------------------------------------------------------------------------------------


def _plan_json(lines: list[Line], normal: str, document: Document, moves: Sequence[KeyResult]) -> str | None:
    try:
        plain = json.loads(normal)
        located_in = YAML(typ="rt").load(normal)
    except (ValueError, YAMLError):
        return None
    indent = _json_indent(normal)
    before = json.dumps(plain, indent=indent, ensure_ascii=False) + "\n"
    located = _locate(located_in, normal, document)
    for objective, own in owners(document, moves):
        places = [located.get(kr.span) for kr in own]
        if any(place is None for place in places) or len({place[0] for place in places}) != 1:
            return None
        if not _move(_resolve(plain, places[0][0]), [place[1:] for place in places], True):
            return None
    after = json.dumps(plain, indent=indent, ensure_ascii=False) + "\n"
    return _merged(lines, before, after)


def _json_indent(text: str) -> int | str | None:
    for line in text.split("\n")[1:]:
        if line.strip():
            leading = line[: len(line) - len(line.lstrip(" \t"))]
            if not leading:
                return None
            return "\t" if leading.startswith("\t") else len(leading)
    return None


# Writing back only what changed ------------------------------------------------------------------------


def _merged(lines: list[Line], before: str, after: str) -> str:
    """``after`` is the serialiser's text of the changed data, ``before`` its text of the unchanged
    data: the changes between them are made to the original lines, each re-indented by how the
    original is indented there, so that lines the serialiser would lay out differently but the change
    does not touch keep their bytes. Where a change cannot be placed, the whole of ``after``."""
    original = [line.text for line in lines]
    old, new = before.split("\n"), after.split("\n")
    anchors: dict[int, int] = {}
    matcher = SequenceMatcher(None, [_layout_free(line) for line in old], [_layout_free(line) for line in original], autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            anchors.update((i1 + k, j1 + k) for k in range(i2 - i1))
    deleted: list[tuple[int, int]] = []
    insertions: list[Insertion] = []
    # Lines that end in a comment found once in the original: a moved item's comment keeps its gap.
    by_comment: dict[str, list[str]] = {}
    for line in original:
        by_comment.setdefault(_comment_of(line), []).append(line)
    commented = {comment: found[0] for comment, found in by_comment.items() if comment and len(found) == 1}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            if any(k not in anchors for k in range(i1, i2)) or anchors[i2 - 1] - anchors[i1] != i2 - i1 - 1:
                return _whole(lines, after)
            start, reference = anchors[i1], i1
            deleted.append((start, anchors[i2 - 1]))
        elif i1 > 0 and i1 - 1 in anchors and (i1 not in anchors or anchors[i1] == anchors[i1 - 1] + 1):
            start, reference = anchors[i1 - 1] + 1, i1 - 1
        elif i1 in anchors and i1 == 0:
            start, reference = anchors[i1], i1
        else:
            return _whole(lines, after)
        shift = _indent(original[anchors[reference]]) - _indent(old[reference])
        replacement = [_shifted(line, shift) for line in new[j1:j2]]
        if i2 - i1 == j2 - j1:
            replacement = [_respaced(line, original[anchors[i1 + k]]) for k, line in enumerate(replacement)]
        replacement = [_respaced(line, commented.get(_comment_of(line), line)) for line in replacement]
        insertions.append(Insertion(start, replacement))
    return rewrite(lines, deleted, insertions)


def _layout_free(line: str) -> str:
    """A line without the spacing a serialiser may change: indentation, trailing blanks, and the gap
    after sequence dashes."""
    stripped = " ".join(line.split())
    dashes = re.match(r"^(?:- ?)+(?=\S|$)", stripped)
    return "- " * dashes.group(0).count("-") + stripped[dashes.end():] if dashes else stripped


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shifted(line: str, shift: int) -> str:
    if not line.strip() or shift == 0:
        return line
    if shift > 0:
        return " " * shift + line
    return line[min(-shift, _indent(line)):]


def _whole(lines: list[Line], after: str) -> str:
    newline = newline_of(lines)
    text = after.replace("\n", newline)
    if lines[-1].text and not lines[-1].ending and text.endswith(newline):
        text = text[: -len(newline)]
    return text

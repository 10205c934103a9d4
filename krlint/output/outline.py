"""``krlint show``: the Objectives, Key Results and Initiatives as krlint read them, with what it
measured in each Key Result, so users can check how their file was understood."""

from __future__ import annotations

import json

from ..model import Document, KeyResult


def _value(value) -> str | None:
    return None if value is None else value.text


def _key_result(kr: KeyResult, measured: dict) -> dict:
    m = measured[id(kr)]
    return {
        "text": kr.text,
        "line": kr.span.line,
        "column": kr.span.column,
        "wording": m.wording,
        "metric": m.metric,
        "start": _value(m.start),
        "target": _value(m.target),
        "target_is_placeholder": bool(m.target is not None and m.target.placeholder),
        "direction": m.direction.value if m.direction else None,
        "deadline": m.deadline,
        "verb": m.verb,
        "key_results": [_key_result(child, measured) for child in kr.children],
    }


def as_dict(document: Document) -> dict:
    from ..measure import measure_all

    krs = [kr for _objective, kr in document.key_results()]
    measured = dict(zip(map(id, krs), measure_all(krs)))
    return {
        "path": document.path,
        "format": document.format,
        "objectives": [
            {
                "text": objective.text,
                "line": objective.span.line,
                "column": objective.span.column,
                "key_results": [_key_result(kr, measured) for kr in objective.key_results],
                "initiatives": [{"text": i.text, "line": i.span.line, "column": i.span.column} for i in objective.initiatives],
            }
            for objective in document.objectives
        ],
        "loose_key_results": [_key_result(kr, measured) for kr in document.loose_key_results],
    }


def render(document: Document, fmt: str = "text") -> str:
    data = as_dict(document)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    count = len(data["objectives"])
    lines = [f"{data['path']} ({data['format']}): {count} objective{'' if count == 1 else 's'}"]
    for objective in data["objectives"]:
        lines.append(f"{objective['line']:>5}  Objective: {objective['text']}")
        lines.extend(_kr_lines(objective["key_results"], 1))
        for initiative in objective["initiatives"]:
            lines.append(f"{initiative['line']:>5}    Initiative: {initiative['text']}")
    if data["loose_key_results"]:
        lines.append("       (Key Results outside any Objective)")
        lines.extend(_kr_lines(data["loose_key_results"], 1))
    return "\n".join(lines) + "\n"


def _kr_lines(krs: list[dict], depth: int) -> list[str]:
    lines = []
    for kr in krs:
        facts = [f"{name}={kr[name]!r}" for name in ("metric", "start", "target", "direction", "deadline") if kr[name]]
        lines.append(f"{kr['line']:>5}  {'  ' * depth}KR: {kr['text']}")
        lines.append(f"       {'  ' * depth}    {', '.join(facts) if facts else 'nothing measurable'}")
        lines.extend(_kr_lines(kr["key_results"], depth + 1))
    return lines

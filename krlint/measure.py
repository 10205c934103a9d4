"""Reading a Key Result: the metric it names, its start and target values, the direction it asks
for, its deadline and its main verb.

``measure_all`` is what the engine calls: it strips each text's decorations
(``decorations.wording``), runs the distinct wordings through spaCy in one batch, and reads each
parse together with the values, units and dates ``values.scan`` finds by their form. The grammar
decides what form cannot: whether ``one`` counts something, whether ``Tier 1`` is a name, whether
``with 2 clones`` only narrows a noun, which noun phrase is the metric, which word is the verb.

Conventions (see the labeling guide): a count of anything is a metric ("5 blog posts"); a date is a
deadline, never a metric or a value; a placeholder (``N0``, ``$N``, ``X%``, ``TBD``) is a target not
filled in, so ``has_target`` is False for it while ``target`` still holds it; structured fields
(``kr.start``, ``kr.target``, ``kr.unit``) count as stated values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Sequence

from . import grammar
from .decorations import wording as _wording
from .model import KeyResult, Span
from .values import Quantity, scan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as DocSpan, Token

_NOWHERE = Span(0, 0, 0, 0)
_PLACEHOLDER_TEXT = re.compile(r"^\s*(?:|[$€£]?\s?(?:N\d*|X{1,3}|\?+)\s?%?|TBD|TBC|TBA|-|n/a)\s*$", re.I)


class Direction(str, Enum):
    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP = "keep"
    REACH = "reach"


@dataclass(frozen=True)
class Value:
    """A value as written: ``"$1.2M"`` -> number 1200000.0, unit ``"$"``; ``"N0"`` -> placeholder."""

    text: str
    number: float | None
    unit: str | None
    placeholder: bool

    @classmethod
    def of(cls, quantity: Quantity) -> "Value":
        return cls(quantity.text, quantity.number, quantity.unit, quantity.placeholder)


@dataclass(frozen=True)
class Measurement:
    wording: str
    metric: str | None
    start: Value | None
    target: Value | None
    direction: Direction | None
    deadline: str | None
    verb: str | None
    verb_text: str | None

    @property
    def has_metric(self) -> bool:
        return self.metric is not None

    @property
    def has_target(self) -> bool:
        return self.target is not None and not self.target.placeholder

    @property
    def has_start(self) -> bool:
        return self.start is not None and not self.start.placeholder


def measure(kr: KeyResult) -> Measurement:
    return measure_all([kr])[0]


def measure_text(text: str) -> Measurement:
    """For Objectives and free text."""
    return measure_all([KeyResult(text, _NOWHERE)])[0]


def measure_all(krs: Sequence[KeyResult]) -> list[Measurement]:
    """Every Key Result measured, the texts parsed together in one spaCy batch."""
    from . import nlp

    wordings = [_wording(kr.text) for kr in krs]
    (measured,) = nlp.analyse([(wordings, read)])
    return [with_fields(kr, measured[text]) for kr, text in zip(krs, wordings)]


def texts_for(krs: Sequence[KeyResult]) -> list[str]:
    """The texts ``read`` measures for these Key Results, for callers that parse in a shared batch."""
    return [_wording(kr.text) for kr in krs]


_MULTIPLYING_VERB = re.compile(r"\b(?:doubl|tripl|quadrupl|halv)(?:e|es|ed|ing)\b", re.IGNORECASE)
_LEADING_NONE = re.compile(r"^\W*(?:no|zero)\b", re.IGNORECASE)


def may_state_value(wording: str) -> bool:
    """Whether ``read`` could find a start or target value in this wording. False means it cannot,
    so a caller that only wants values (an Objective's, say) can skip parsing it: no number,
    placeholder or target relative to the plan, no multiplying verb, no leading "no" or "zero"."""
    found = scan(wording)
    return bool(found.quantities or found.relative_target or _MULTIPLYING_VERB.search(wording)
                or _LEADING_NONE.match(wording))



class _Stated(NamedTuple):
    """A value written in the text, with where spaCy put it."""

    quantity: Quantity
    span: "DocSpan"
    token: "Token"  # the number's own token


def _number_token(span: "DocSpan") -> "Token":
    return next((t for t in span if t.like_num or t.pos_ == "NUM"), span.root)


def _stated(doc: "Doc", quantities: Iterable[Quantity], verb: "Token | None") -> Iterator[_Stated]:
    """The quantities ``values.scan`` found that the grammar confirms are values here."""
    for quantity in quantities:
        span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = _number_token(span)
        if not quantity.placeholder:
            if quantity.word and not (quantity.comparator or quantity.unit) and not grammar.counts_something(token):
                continue  # "pick one", "the first one"
            plain = quantity.bare or (quantity.comparator == ">=" and quantity.text.endswith("+"))
            if plain and quantity.role is None and grammar.names_a_thing(span[0], verb):
                continue  # "Tier 1", "Level 2+", "ISO 9001"
            if quantity.bare and not quantity.word and grammar.names_a_kind(token, quantity.number):
                continue  # "2024 roadmap", "a 3 minute trailer"
            if grammar.qualifies_a_noun(token, verb):
                continue  # "bugs with >5 duplicates"
        yield _Stated(quantity, span, token)


def _pick_target(candidates: list[_Stated], text: str) -> _Stated | None:
    """The value stated as the target: the end of a "from X to Y", else the first value written
    outside parentheses (those are asides), else the first."""
    real = [c for c in candidates if not c.quantity.placeholder]
    for candidate in real:
        if candidate.quantity.role == "target":
            return candidate
    plain = [c for c in real if text[: c.quantity.start].count("(") <= text[: c.quantity.start].count(")")]
    return (plain or real or [None])[0]


_RELATIVE_NOUNS = frozenset("plan target goal quota budget forecast time".split())
_TIME_MEASURES = frozenset("time times latency duration delay turnaround wait lead sla".split())


def _time_measure_before(token: "Token") -> "Token | None":
    """The measure of time a duration is stated for: "review time ... below 48h"."""
    for candidate in reversed(token.doc[token.sent.start: token.i]):
        if candidate.lemma_.lower() in _TIME_MEASURES and candidate.pos_ in ("NOUN", "PROPN"):
            return candidate
    return None


def _metric_of_value(value: _Stated, verb: "Token | None") -> str | None:
    """The measured quantity a value is stated for: what it is a share of ("40% of partner-sourced
    pipeline"), the noun it counts ("9 livestreams"), the noun or verb it hangs from ("reduce churn by
    15%"); for a duration, the measure of time it bounds or the time the action takes."""
    quantity, span, token = value
    inside = range(span.start, span.end)
    for part in span:
        for child in part.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i not in inside:
                nouns = [t for t in child.children if t.dep_ == "pobj"]
                if nouns and nouns[0].lemma_.lower() not in _RELATIVE_NOUNS:
                    return grammar.phrase(nouns[0], verb)
    if quantity.is_time and (measure := _time_measure_before(span[0])) is not None:
        return grammar.phrase(measure, verb)
    if quantity.unit is None and (counted := grammar.counted_noun(span.doc, span.end)):
        return counted  # "Land 8 cleanup patches", "N0 paying teams"
    head = token
    while head.i in inside and head.head.i != head.i:
        head = head.head
    while head.dep_ in ("compound", "nmod", "amod", "nummod") and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i != head.i:
        head = head.head
    for _ in range(2):  # "by 15%" hangs on its verb; "Spend down by 20%" on its noun
        if head.pos_ in ("ADP", "ADV", "ADJ", "PART") and head.head.i != head.i:
            head = head.head
    if quantity.is_time and head.pos_ in ("NOUN", "PROPN"):  # "triage every bug within 2 days"
        head = next((a for a in head.ancestors if a.pos_ == "VERB"), head)
    if head.i not in inside:
        if head.pos_ in ("NOUN", "PROPN") and not quantity.is_time and head.lemma_.lower() not in _RELATIVE_NOUNS:
            return grammar.phrase(head, verb)
        if head.pos_ in ("VERB", "AUX"):
            action = head
            if action.lemma_ in ("take", "need", "require"):
                action = next((c for c in action.children if c.dep_ == "xcomp"), action)
            acted_on = [t for t in grammar.objects(action) if t.i not in inside]
            if quantity.is_time and action.lemma_ not in ("be", "have"):
                what = f" {grammar.phrase(acted_on[0], verb)}" if acted_on else ""
                return f"time to {action.lemma_}{what}"
            if acted_on:
                return grammar.phrase(acted_on[0], verb)
    before = [t for t in token.doc[token.sent.start: span.start] if t.pos_ in ("NOUN", "PROPN")]
    return grammar.phrase(before[-1], verb) if before else None  # "NPS ≥ 50"


def _target(doc: "Doc", chosen: _Stated | None, stated: list[_Stated], verb: "Token | None",
            relative: str | None) -> Value | None:
    """The target: a stated value, else a multiplying verb ("Double the reply rate"), a target relative
    to the plan ("ahead of plan"), a zero ("No failed deploys"), else a placeholder."""
    if chosen is not None:
        return Value.of(chosen.quantity)
    word = grammar.lemma(verb) if verb is not None else None
    if word in grammar.MULTIPLIERS:
        return Value(verb.text, grammar.MULTIPLIERS[word], "x", False)
    if relative:
        return Value(relative, None, None, False)
    if len(doc) > 1 and doc[0].lower_ in ("no", "zero") and doc[0].head.pos_ == "NOUN":
        return Value(doc[0].text, 0.0, None, False)
    placeholder = next((s.quantity for s in stated if s.quantity.placeholder and s.quantity.role != "start"), None)
    return Value.of(placeholder) if placeholder else None


def _metric(doc: "Doc", verb: "Token | None", chosen: _Stated | None, stated: list[_Stated],
            has_value: bool) -> str | None:
    """The words naming the measured quantity, or None when nothing measurable is named."""
    named = grammar.quantity_named(doc, verb)
    if named is not None and verb is not None and grammar.lemma(verb) in grammar.LEVEL_VERBS:
        return grammar.phrase(named, verb)  # "Increase the number of demos from 10 to 25"
    ordered = sorted(stated, key=lambda s: (chosen is None or s.quantity != chosen.quantity, s.quantity.placeholder))
    for value in ordered:
        if metric := _metric_of_value(value, verb):
            return metric
    if named is not None:
        return grammar.phrase(named, verb)
    if not has_value:
        return None
    if verb is not None and (acted_on := grammar.objects(verb)):
        return grammar.phrase(acted_on[0], verb)
    root = next(iter(doc.sents)).root
    if root.pos_ in ("NOUN", "PROPN"):
        return grammar.phrase(root, verb)
    value = chosen or (stated[0] if stated else None)  # none when only the verb gave a target ("Double ...")
    return value.quantity.text if value is not None else None


def _direction(verb: str | None, start: Value | None, target: Value | None, comparator: str | None,
               sign: str | None, metric: str | None) -> Direction | None:
    """From a verb of keeping, from the values when the verb does not say ("improve", none), from a
    verb of change, from a comparator or a sign, else "reach" for any target."""
    if verb in grammar.KEEP_VERBS:
        return Direction.KEEP
    comparable = start is not None and target is not None and start.number is not None \
        and target.number is not None and (start.unit == target.unit or None in (start.unit, target.unit))
    if comparable and (verb in grammar.IMPROVE_VERBS or verb not in grammar.UP_VERBS | grammar.DOWN_VERBS):
        if target.number == start.number:
            return Direction.KEEP
        return Direction.INCREASE if target.number > start.number else Direction.DECREASE
    if verb in grammar.IMPROVE_VERBS:
        words = set(re.findall(r"[a-z]+", (metric or "").lower()))
        return Direction.DECREASE if words & grammar.LOWER_IS_BETTER else Direction.INCREASE
    if verb in grammar.UP_VERBS:
        return Direction.INCREASE
    if verb in grammar.DOWN_VERBS:
        return Direction.DECREASE
    if comparator in ("<", "<=") or sign == "-":
        return Direction.DECREASE
    if comparator == ">" or sign == "+":
        return Direction.INCREASE
    if verb in grammar.REACH_VERBS or (target is not None and not target.placeholder):
        return Direction.REACH
    return None


def read(text: str, doc: "Doc") -> Measurement:
    """Everything the text of one Key Result states."""
    found = scan(text)
    verb = grammar.main_verb(doc)
    stated = list(_stated(doc, found.quantities, verb))
    starts = [s for s in stated if s.quantity.role == "start"]
    start = Value.of(starts[0].quantity) if starts else None
    chosen = _pick_target([s for s in stated if s.quantity.role != "start"], text)
    target = _target(doc, chosen, stated, verb, found.relative_target)
    metric = _metric(doc, verb, chosen, stated, has_value=target is not None or start is not None)
    lemma = grammar.lemma(verb) if verb is not None else None
    return Measurement(
        wording=text,
        metric=metric,
        start=start,
        target=target,
        direction=_direction(lemma, start, target, chosen and chosen.quantity.comparator,
                             chosen and chosen.quantity.sign, metric),
        deadline=found.deadline,
        verb=lemma,
        verb_text=verb.text if verb is not None else None,
    )


def _field(written: str | None, unit: str | None) -> Value | None:
    if written is None:
        return None
    quantities = scan(written).quantities
    if quantities:
        q = quantities[0]
        return Value(written.strip(), q.number, q.unit or unit, q.placeholder)
    return Value(written.strip(), None, unit, bool(_PLACEHOLDER_TEXT.match(written)))


def with_fields(kr: KeyResult, read: Measurement) -> Measurement:
    """A structured format's start/target/unit fields count as stated values."""
    if kr.start is None and kr.target is None:
        return read
    start = _field(kr.start, kr.unit) or read.start
    target = _field(kr.target, kr.unit) or read.target
    metric = read.metric or kr.unit or read.wording or None
    direction = _direction(read.verb, start, target, None, None, metric) or read.direction
    return replace(read, start=start, target=target, metric=metric, direction=direction)

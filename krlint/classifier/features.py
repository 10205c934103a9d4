"""What the classifier sees of a Key Result: its words, and what spaCy tells about them.

Each text becomes a record: ``wording`` (decorations removed, for character n-grams), ``lemmas``
(for word n-grams) and ``signals``, a dict of linguistic features: the opening word and its part of
speech, the main verb and what it acts on, the subject, what numbers count, and whether the text
names a rate, a level or a finished state. Records are plain data, so the saved scikit-learn model
holds no spaCy object.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..decorations import wording as strip_decorations

RATE_WORDS = frozenset(
    "rate ratio score nps csat percentage share churn retention conversion revenue arr mrr margin "
    "latency uptime availability satisfaction engagement adoption usage time average median p95 p99 "
    "cost growth yield accuracy error errors".split()
)
STATE_WORDS = frozenset("available ready live done complete completed shipped released published launched in place".split())
_PERCENT = re.compile(r"\d\s*%|\bpercent\b", re.IGNORECASE)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?[kKmM]\b")


def records(texts: Sequence[str]) -> list[dict]:
    """One feature record per text, made in one batch through the spaCy pipeline."""
    from .. import nlp

    cleaned = [strip_decorations(text) or text for text in texts]
    docs = nlp.load().pipe(cleaned, batch_size=256)
    return [_record(text, doc) for text, doc in zip(cleaned, docs)]


def _record(text: str, doc) -> dict:
    tokens = [token for token in doc if not token.is_punct and not token.is_space]
    lemmas = " ".join(token.lemma_.lower() if not token.like_num else "<num>" for token in tokens)
    return {"wording": text.lower(), "lemmas": lemmas, "signals": dict(_signals(doc, tokens, text))}


def _signals(doc, tokens, text: str) -> Iterable[tuple[str, float]]:
    if not tokens:
        yield "empty", 1.0
        return
    first = tokens[0]
    yield f"first={first.lemma_.lower()}", 1.0
    yield f"first_pos={first.pos_}", 1.0
    # A sentence-initial imperative is often tagged as a noun; its lowercase form tells the truth.
    yield f"first_tag={first.tag_}", 1.0
    root = next((token for token in doc if token.dep_ == "ROOT"), tokens[0])
    yield f"root={root.lemma_.lower()}", 1.0
    yield f"root_pos={root.pos_}", 1.0
    verbs = [token for token in tokens if token.pos_ in ("VERB", "AUX")]
    if not verbs:
        yield "no_verb", 1.0
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass"):
            yield f"subject={token.lemma_.lower()}", 1.0
            yield f"subject_pos={token.pos_}", 1.0
        if token.dep_ in ("dobj", "attr", "pobj") and token.head == root:
            yield f"object={token.lemma_.lower()}", 1.0
        if token.dep_ == "dobj" and token.head == root:
            yield f"verb_object={root.lemma_.lower()}>{token.lemma_.lower()}", 1.0
        if token.dep_ in ("auxpass", "nsubjpass"):
            yield "passive", 1.0
        if token.like_num and token.head is not token:
            yield f"counts={token.head.lemma_.lower()}", 1.0
        if token.lemma_.lower() in RATE_WORDS:
            yield "rate_word", 1.0
        if token.lower_ in STATE_WORDS:
            yield "state_word", 1.0
    numbers = sum(1 for token in tokens if token.like_num)
    yield "numbers", float(min(numbers, 3))
    if _PERCENT.search(text):
        yield "percent", 1.0
    if _MONEY.search(text):
        yield "money", 1.0
    if re.search(r"\bfrom\b.+\bto\b|→|->", text, re.IGNORECASE):
        yield "from_to", 1.0
    if re.search(r"\b(under|below|above|over|at least|at most|less than|more than)\b|[<>≤≥]", text, re.IGNORECASE):
        yield "comparator", 1.0
    yield "length", min(len(tokens), 30) / 30.0


def pick_wording(batch: Sequence[dict]) -> list[str]:
    return [record["wording"] for record in batch]


def pick_lemmas(batch: Sequence[dict]) -> list[str]:
    return [record["lemmas"] for record in batch]


def pick_signals(batch: Sequence[dict]) -> list[dict]:
    return [record["signals"] for record in batch]

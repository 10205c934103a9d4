"""The trained model as plain data, and the arithmetic that applies it.

Training fits a scikit-learn pipeline (TF-IDF over lemmas, TF-IDF over character n-grams, the
spaCy signals through a DictVectorizer, logistic regression). Every step of that pipeline is
linear once fitted, so its prediction is a sum of weights over the features present. Storing
those weights as plain dicts lets krlint lint without importing scikit-learn (half a second of
every cold start) and makes the saved file data rather than objects. ``from_pipeline`` reads a
fitted pipeline; ``tests/test_classifier.py`` checks the two agree to 1e-9.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

_SEPARATOR = "\x00"  # never in a term: krlint refuses text with NUL bytes
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_WHITE_SPACES = re.compile(r"\s\s+")
_WORD_CACHE_SIZE = 100_000  # words; a few MB at most


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space, as scikit-learn's
    ``analyzer="char_wb"`` makes them (a short word counted once)."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        word = f" {word} "
        for n in range(low, high + 1):
            if len(word) <= n:
                grams.append(word)
                break
            grams += [word[i: i + n] for i in range(len(word) - n + 1)]
    return grams


@dataclass(frozen=True)
class TfidfBranch:
    """One TF-IDF block: term -> (idf, weight); sublinear term frequency, L2-normalised."""

    name: str
    field: str
    analyzer: str
    ngram_range: tuple[int, int]
    terms: dict[str, tuple[float, float]]
    _word_cache: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def _weighted(self, record: dict) -> tuple[dict[str, float], float]:
        """Each known term's TF-IDF value, and the L2 norm they share."""
        counts = Counter(self._known_grams(record[self.field]))
        values = {term: (1.0 + math.log(count)) * self.terms[term][0] for term, count in counts.items()}
        return values, math.sqrt(sum(value * value for value in values.values())) or 1.0

    def score(self, record: dict) -> float:
        # The arithmetic of ``_weighted``, inlined: this runs for every Key Result of every lint.
        terms = self.terms
        total = square = 0.0
        for gram, count in Counter(self._known_grams(record[self.field])).items():
            idf, weight = terms[gram]
            value = idf if count == 1 else (1.0 + math.log(count)) * idf
            total += value * weight
            square += value * value
        return total / (math.sqrt(square) or 1.0)

    def _known_grams(self, text: str) -> list[str]:
        """The n-grams of ``text`` that are terms. A word's character n-grams do not depend on its
        neighbours, so they are worked out once per word."""
        if self.analyzer != "char_wb":
            return [gram for gram in word_ngrams(text, *self.ngram_range) if gram in self.terms]
        cache = self._word_cache
        if len(cache) > _WORD_CACHE_SIZE:
            cache.clear()
        grams: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text.lower()).split():
            known = cache.get(word)
            if known is None:
                known = cache[word] = [gram for gram in char_wb_ngrams(word, *self.ngram_range) if gram in self.terms]
            grams += known
        return grams

    def contributions(self, record: dict) -> Iterable[tuple[str, float]]:
        values, norm = self._weighted(record)
        return ((f"{self.name}:{term}", value / norm * self.terms[term][1]) for term, value in values.items())


@dataclass(frozen=True)
class LinearModel:
    branches: tuple[TfidfBranch, ...]
    signals: dict[str, float]
    intercept: float
    labels: tuple[str, str] = ("outcome", "output")
    info: dict = field(default_factory=dict)

    def contributions(self, record: dict) -> list[tuple[str, float]]:
        """Each present feature's push towards the second label (``output``)."""
        found = [item for branch in self.branches for item in branch.contributions(record)]
        found += [(f"spacy:{name}", value * self.signals[name])
                  for name, value in record["signals"].items() if name in self.signals]
        return found

    def p_second(self, record: dict) -> float:
        signals = self.signals
        z = self.intercept + sum(branch.score(record) for branch in self.branches)
        z += sum(value * signals[name] for name, value in record["signals"].items() if name in signals)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def to_data(self) -> dict:
        """Plain data in a few large strings and byte arrays: joblib's unpickler is written in
        Python, and tens of thousands of small objects would cost a quarter second every start."""
        return {
            "branches": [{"name": b.name, "field": b.field, "analyzer": b.analyzer, "ngram_range": list(b.ngram_range),
                          "terms": _SEPARATOR.join(b.terms),
                          "idf": _floats(idf for idf, _weight in b.terms.values()),
                          "weights": _floats(weight for _idf, weight in b.terms.values())} for b in self.branches],
            "signals": {"names": _SEPARATOR.join(self.signals), "weights": _floats(self.signals.values())},
            "intercept": self.intercept, "labels": list(self.labels), "info": self.info,
        }

    @classmethod
    def from_data(cls, data: dict) -> "LinearModel":
        branches = tuple(
            TfidfBranch(b["name"], b["field"], b["analyzer"], tuple(b["ngram_range"]),
                        dict(zip(_names(b["terms"]), zip(_unfloats(b["idf"]), _unfloats(b["weights"])))))
            for b in data["branches"]
        )
        signals = dict(zip(_names(data["signals"]["names"]), _unfloats(data["signals"]["weights"])))
        return cls(branches, signals, float(data["intercept"]), tuple(data["labels"]), dict(data["info"]))

    @classmethod
    def from_pipeline(cls, pipeline, info: dict | None = None) -> "LinearModel":
        """The weights of a fitted ``training.build`` pipeline."""
        union, model = pipeline.named_steps["features"], pipeline.named_steps["model"]
        weights = model.coef_[0]
        fields = {"words": "lemmas", "chars": "wording"}
        branches, signals, offset = [], {}, 0
        for name, branch in union.transformer_list:
            vectorizer = branch[-1]
            size = len(vectorizer.vocabulary_)
            if name == "spacy":
                signals = {term: float(weights[offset + index]) for term, index in vectorizer.vocabulary_.items()}
            else:
                terms = {term: (float(vectorizer.idf_[index]), float(weights[offset + index]))
                         for term, index in vectorizer.vocabulary_.items()}
                branches.append(TfidfBranch(name, fields[name], vectorizer.analyzer, tuple(vectorizer.ngram_range), terms))
            offset += size
        labels = tuple(str(label) for label in pipeline.classes_)
        return cls(tuple(branches), signals, float(model.intercept_[0]), labels, dict(info or {}))


def _floats(values: Iterable[float]) -> bytes:
    return array("d", values).tobytes()


def _unfloats(data: bytes) -> array:
    values = array("d")
    values.frombytes(data)
    return values


def _names(joined: str) -> list[str]:
    return joined.split(_SEPARATOR) if joined else []

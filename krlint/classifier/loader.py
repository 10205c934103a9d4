"""Loading the trained classifier, only from a file whose SHA-256 we shipped (a pickle is code),
and using it: labels and confidences for batches of Key Results, with explanations on request."""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import re
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

from ..errors import KrlintError
from .linear import LinearModel

MODEL_FILE = "model.joblib"
# The saved bundle is plain data (dicts, floats, strings: see linear.py), so loading it needs
# neither scikit-learn nor any class of ours; it is still a pickle, hence the hash check.
BUNDLE_FORMAT = 1


@dataclass(frozen=True)
class Classification:
    text: str
    label: str
    confidence: float


def models_dir() -> Path:
    """Where the shipped model is: inside the installed package (``krlint.models``), or, when
    krlint runs from a source checkout, the repository's ``models/``."""
    try:
        return Path(str(resources.files("krlint.models")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models"


def shipped_path() -> Path:
    return models_dir() / MODEL_FILE


def shipped_sha256() -> str:
    """The SHA-256 that ``krlint train`` recorded beside the model it wrote."""
    try:
        text = (models_dir() / "__init__.py").read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(r'^SHA256 = "([0-9a-f]{64})"$', text, re.MULTILINE)
    return found.group(1) if found else ""


class Classifier:
    def __init__(self, bundle: dict):
        self.model = LinearModel.from_data(bundle["model"])
        self.threshold: float = bundle["threshold"]
        self.info: dict = self.model.info
        self.labels = list(self.model.labels)

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        from .features import records

        return self.classify_records(texts, records(texts) if texts else [])

    def classify_records(self, texts: Sequence[str], records: Sequence[dict]) -> list[Classification]:
        """Labels for texts whose feature records were made already (in a batch shared with
        measuring, say)."""
        results = []
        for text, record in zip(texts, records):
            p_second = self.model.p_second(record)
            best = 1 if p_second >= 0.5 else 0
            confidence = p_second if best else 1.0 - p_second
            results.append(Classification(text, self.labels[best], round(confidence, 4)))
        return results

    def explain(self, text: str, top: int = 8) -> list[tuple[str, float]]:
        """The features that pushed this text hardest, with their weight (positive: towards
        ``output``)."""
        from .features import records

        contributions = self.model.contributions(records([text])[0])
        contributions.sort(key=lambda item: abs(item[1]), reverse=True)
        sign = 1 if self.labels[1] == "output" else -1
        return [(name, round(sign * value, 4)) for name, value in contributions[:top]]


def _unpickle(data: bytes):
    """What ``joblib.dump(..., compress=3)`` wrote. For plain data (no NumPy arrays) that is a zlib
    stream holding an ordinary pickle, which the standard library reads without importing joblib
    (a twentieth of a second of every cold start) and with its C unpickler; anything else is left
    to joblib."""
    if data[:1] == b"\x78":  # the first byte of a zlib stream
        try:
            return pickle.loads(zlib.decompress(data))
        except (zlib.error, pickle.UnpicklingError):
            pass
    import joblib

    return joblib.load(io.BytesIO(data))


@functools.lru_cache(maxsize=4)
def load_cached(path: str | None = None, trust: bool = False) -> "Classifier":
    """``load``, once per process for each model: the model is read-only, so sharing it is safe."""
    return load(path, trust)


def load(path: str | Path | None = None, trust: bool = False) -> Classifier:
    """The shipped classifier, or the one at ``path``. A file whose SHA-256 is not the one krlint
    shipped is refused unless ``trust`` is set: unpickling runs whatever code the file holds."""
    target = Path(path) if path is not None else shipped_path()
    try:
        data = target.read_bytes()
    except OSError as error:
        where = "the shipped model" if path is None else str(target)
        raise KrlintError(f"cannot read {where} ({error.strerror}); run 'krlint train' to build it") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != shipped_sha256() and not trust:
        raise KrlintError(
            f"model {target} has SHA-256 {digest[:16]}…, not the one krlint shipped; a model file is a "
            "pickle and loading it runs code, so krlint loads it only with --trust-model"
        )
    try:
        bundle = _unpickle(data)
        if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
            raise ValueError(f"not a krlint model (format {BUNDLE_FORMAT})")
        return Classifier(bundle)
    except Exception as error:  # a foreign pickle can fail in any way; the user gets one line
        raise KrlintError(f"model {target} could not be loaded: {error}") from None

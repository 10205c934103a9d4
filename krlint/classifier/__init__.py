"""Outcome or output: the trained classifier for Key Results."""

from .loader import Classification, Classifier, load

__all__ = ["Classification", "Classifier", "load"]

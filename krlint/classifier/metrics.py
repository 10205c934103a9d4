"""Figures for a set of predictions: accuracy, per-class precision/recall/F1, macro-F1, confusion."""

from __future__ import annotations

from typing import Sequence

LABELS = ("outcome", "output")


def report(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=list(LABELS), zero_division=0
    )
    return {
        "n": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4) if truth else 0.0,
        "macro_f1": round(float(f1_score(truth, predicted, labels=list(LABELS), average="macro", zero_division=0)), 4),
        "per_class": {
            label: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4), "support": int(s)}
            for label, p, r, f, s in zip(LABELS, precision, recall, f1, support)
        },
        "confusion": {
            "labels": list(LABELS),
            "matrix": confusion_matrix(truth, predicted, labels=list(LABELS)).tolist(),
        },
    }


def calibration(truth: Sequence[str], p_output: Sequence[float], bins: int = 10) -> dict:
    """How far the output probabilities are from the observed share of outputs: the expected
    calibration error over equal-width bins, the Brier score, and each bin's two figures."""
    rows = []
    for index in range(bins):
        inside = [(label == "output", p) for label, p in zip(truth, p_output) if min(int(p * bins), bins - 1) == index]
        if inside:
            rows.append({"from": index / bins, "to": (index + 1) / bins, "n": len(inside),
                         "predicted": round(sum(p for _, p in inside) / len(inside), 4),
                         "observed": round(sum(is_output for is_output, _ in inside) / len(inside), 4)})
    total = len(truth) or 1
    return {
        "ece": round(sum(row["n"] / total * abs(row["predicted"] - row["observed"]) for row in rows), 4),
        "brier": round(sum((p - (label == "output")) ** 2 for label, p in zip(truth, p_output)) / total, 4),
        "bins": rows,
    }


def calibration_as_text(figures: dict) -> str:
    lines = [f"expected calibration error {figures['ece']:.3f}   Brier score {figures['brier']:.3f}",
             f"{'p(output)':<12}{'items':>8}{'predicted':>12}{'observed':>12}"]
    lines += [f"{row['from']:.1f}-{row['to']:.1f}{'':<5}{row['n']:>8}{row['predicted']:>12.3f}{row['observed']:>12.3f}"
              for row in figures["bins"]]
    return "\n".join(lines)


def as_text(figures: dict, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"items: {figures['n']}   accuracy: {figures['accuracy']:.3f}   macro-F1: {figures['macro_f1']:.3f}")
    lines.append(f"{'class':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label, row in figures["per_class"].items():
        lines.append(f"{label:<10}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}")
    matrix = figures["confusion"]["matrix"]
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(f"{'':<10}" + "".join(f"{label:>10}" for label in LABELS))
    for label, row in zip(LABELS, matrix):
        lines.append(f"{label:<10}" + "".join(f"{count:>10}" for count in row))
    return "\n".join(lines)

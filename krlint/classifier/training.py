"""Training the outcome/output classifier from ``corpus/`` and measuring it on data it did not see.

``train()`` compares feature sets and models, trains the chosen one on the whole corpus, and writes
``models/``: the model, its SHA-256 (into ``models/__init__.py``, which ships with the package),
``metrics.json`` and ``MODEL_CARD.md``. The same corpus gives the same model and predictions: every
split is seeded, every estimator deterministic.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Callable, Sequence

from .features import pick_lemmas, pick_signals, pick_wording, records
from .linear import LinearModel
from .loader import BUNDLE_FORMAT
from .metrics import LABELS, calibration, report

# The comparison (models/MODEL_CARD.md) picks these: the real-file validation set, never trained
# on, decides between the candidates that can ship as one linear function (linear.py). The
# threshold comes from leave-one-domain-out predictions.
CHOSEN = {"features": "ngrams+spacy", "model": "logreg"}
THRESHOLD_PRECISION = 0.9
SEED = 20261124
# How far the real-validation figure moves when the same model is trained on other samples of the
# corpus: a difference between two models smaller than that spread is noise.
SPREAD_FITS = 8
SPREAD_SHARE = 0.9


def build(features: str, model: str):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    branches = [
        ("words", Pipeline([("pick", FunctionTransformer(pick_lemmas)),
                            ("vec", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True))])),
        ("chars", Pipeline([("pick", FunctionTransformer(pick_wording)),
                            ("vec", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True))])),
    ]
    if features == "ngrams+spacy":
        branches.append(("spacy", Pipeline([("pick", FunctionTransformer(pick_signals)),
                                            ("vec", DictVectorizer())])))
    if model == "logreg":
        estimator = LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced", random_state=0)
    elif model == "logreg-real-prior":
        # The corpus is balanced so that both classes are learned well, but real files hold three
        # to six outputs per outcome; weighting outputs 3:1 tells the model that prior.
        estimator = LogisticRegression(C=4.0, solver="liblinear", class_weight={"outcome": 1.0, "output": 3.0}, random_state=0)
    else:
        estimator = CalibratedClassifierCV(LinearSVC(C=0.3, class_weight="balanced", random_state=0), cv=5)
    return Pipeline([("features", FeatureUnion(branches)), ("model", estimator)])


CANDIDATES = [(f, m) for f in ("ngrams", "ngrams+spacy") for m in ("logreg", "logreg-real-prior", "svm")]


def read_corpus(path: Path) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items if item.get("label") in LABELS]


def _held_out_split(items: Sequence[dict]) -> tuple[list[int], list[int]]:
    from sklearn.model_selection import train_test_split

    strata = [f"{item['domain']}|{item['label']}" for item in items]
    train, test = train_test_split(list(range(len(items))), test_size=0.2, random_state=SEED, stratify=strata)
    return sorted(train), sorted(test)


def _fit_predict(features, model, records_, labels, train, test) -> list[list[float]]:
    pipeline = build(features, model)
    pipeline.fit([records_[i] for i in train], [labels[i] for i in train])
    outputs = list(pipeline.classes_).index("output")
    return [row[outputs] for row in pipeline.predict_proba([records_[i] for i in test])]


def _labels_at(p_output: Sequence[float], threshold: float = 0.5) -> list[str]:
    return ["output" if p >= threshold else "outcome" for p in p_output]


def leave_one_domain_out(features, model, items, records_) -> tuple[dict, dict]:
    labels = [item["label"] for item in items]
    domains = sorted({item["domain"] for item in items})
    predicted: dict[int, float] = {}
    per_domain = {}
    for domain in domains:
        test = [i for i, item in enumerate(items) if item["domain"] == domain]
        train = [i for i, item in enumerate(items) if item["domain"] != domain]
        probabilities = _fit_predict(features, model, records_, labels, train, test)
        predicted.update(zip(test, probabilities))
        per_domain[domain] = report([labels[i] for i in test], _labels_at(probabilities))["macro_f1"]
    order = sorted(predicted)
    figures = report([labels[i] for i in order], _labels_at([predicted[i] for i in order]))
    figures["per_domain_macro_f1"] = per_domain
    figures["worst_domain"] = min(per_domain, key=per_domain.get)
    return figures, predicted


def validation_spread(features, model, records_, labels, validation_records, truth) -> dict:
    """The real-validation macro-F1 of ``SPREAD_FITS`` models, each trained on a seeded random
    ``SPREAD_SHARE`` of the corpus."""
    import random

    scores = []
    for fit in range(SPREAD_FITS):
        sample = sorted(random.Random(SEED + fit).sample(range(len(labels)), round(SPREAD_SHARE * len(labels))))
        pipeline = build(features, model).fit([records_[i] for i in sample], [labels[i] for i in sample])
        p_out = pipeline.predict_proba(validation_records)[:, list(pipeline.classes_).index("output")]
        scores.append(report(truth, _labels_at(p_out))["macro_f1"])
    return {"fits": SPREAD_FITS, "share": SPREAD_SHARE, "macro_f1": scores,
            "min": min(scores), "mean": round(sum(scores) / len(scores), 4), "max": max(scores)}


def choose_threshold(truth: Sequence[str], p_output: Sequence[float], precision: float) -> float:
    """The lowest probability at which calling a Key Result an output is right at least
    ``precision`` of the time (more outputs caught for the same precision)."""
    pairs = sorted(zip(p_output, truth), reverse=True)
    best = 0.99
    right = 0
    for count, (p, label) in enumerate(pairs, 1):
        right += label == "output"
        if right / count >= precision:
            best = p
    return round(max(0.5, best), 3)


def _compare(items, corpus_records, labels, train_idx, test_idx, validation, validation_records, progress) -> list[dict]:
    """Every candidate's macro-F1 on the held-out split, leave-one-domain-out, and the real
    validation set when it is there: the table CHOSEN was picked from."""
    comparison = []
    for features, model in CANDIDATES:
        progress(f"comparing {features} + {model}")
        row = {"features": features, "model": model}
        held = _fit_predict(features, model, corpus_records, labels, train_idx, test_idx)
        row["held_out_macro_f1"] = report([labels[i] for i in test_idx], _labels_at(held))["macro_f1"]
        lodo, _ = leave_one_domain_out(features, model, items, corpus_records)
        row["lodo_macro_f1"] = lodo["macro_f1"]
        if validation:
            full = build(features, model).fit(corpus_records, labels)
            p_out = full.predict_proba(validation_records)[:, list(full.classes_).index("output")]
            row["validation_macro_f1"] = report([v["label"] for v in validation], _labels_at(p_out))["macro_f1"]
        comparison.append(row)
    return comparison


def train(
    corpus_path: Path,
    models_dir: Path,
    validation: list[dict] | None = None,
    seeds: list[dict] | None = None,
    progress: Callable[[str], None] = lambda message: None,
    compare: bool = False,
) -> dict:
    """Train the chosen model, measure it and write ``models_dir``; with ``compare``, first measure
    every candidate (slow) and keep that table in ``comparison.json`` for the model card."""
    import joblib
    import sklearn

    items = read_corpus(corpus_path)
    labels = [item["label"] for item in items]
    progress(f"reading {len(items)} corpus items with spaCy")
    corpus_records = records([item["text"] for item in items])
    validation_records = records([item["text"] for item in validation]) if validation else []
    train_idx, test_idx = _held_out_split(items)

    corpus_hash = hashlib.sha256(corpus_path.read_bytes()).hexdigest()
    comparison_path = models_dir / "comparison.json"
    if compare:
        rows = _compare(items, corpus_records, labels, train_idx, test_idx, validation, validation_records, progress)
        comparison = {"corpus_sha256": corpus_hash, "rows": rows}
        _write_atomic(comparison_path, (json.dumps(comparison, indent=2) + "\n").encode())
    else:
        comparison = json.loads(comparison_path.read_text()) if comparison_path.is_file() else {"corpus_sha256": None, "rows": []}

    features, model = CHOSEN["features"], CHOSEN["model"]
    progress(f"measuring {features} + {model}: held-out split and leave-one-domain-out")
    held = _fit_predict(features, model, corpus_records, labels, train_idx, test_idx)
    held_out = report([labels[i] for i in test_idx], _labels_at(held))
    lodo, lodo_predicted = leave_one_domain_out(features, model, items, corpus_records)
    # The threshold comes from predictions on domains the model had not seen (leave-one-domain-out),
    # so the same corpus always gives the same threshold, with or without the validation files.
    order = sorted(lodo_predicted)
    threshold = choose_threshold([labels[i] for i in order], [lodo_predicted[i] for i in order], THRESHOLD_PRECISION)

    progress("training the final model on the whole corpus")
    pipeline = build(features, model).fit(corpus_records, labels)
    outputs = list(pipeline.classes_).index("output")
    figures: dict = {
        "corpus": {"path": corpus_path.name, "items": len(items), "sha256": corpus_hash,
                   "labels": {label: labels.count(label) for label in LABELS},
                   "domains": len({item["domain"] for item in items})},
        "chosen": {"features": features, "model": model, "threshold": threshold,
                   "threshold_rule": f"lowest output probability with precision >= {THRESHOLD_PRECISION} "
                                     "on leave-one-domain-out predictions"},
        "comparison": comparison,
        "held_out": {"split": f"20% of the corpus, stratified by domain and label, seed {SEED}", **held_out},
        "leave_one_domain_out": lodo,
        "calibration": {"leave_one_domain_out": calibration([labels[i] for i in order], [lodo_predicted[i] for i in order])},
        "sklearn_version": sklearn.__version__,
    }
    if validation:
        p_out = pipeline.predict_proba(validation_records)[:, outputs]
        truth = [v["label"] for v in validation]
        figures["validation"] = {"name": "shared/real-okrs/labels.jsonl: real teams' Key Results labelled by two annotators",
                                 **report(truth, _labels_at(p_out))}
        figures["calibration"]["validation"] = calibration(truth, [float(p) for p in p_out])
        progress(f"measuring the spread of the validation figure over {SPREAD_FITS} samples of the corpus")
        figures["validation"]["spread"] = validation_spread(features, model, corpus_records, labels, validation_records, truth)
        flagged = [label for label, p in zip(truth, p_out) if p >= threshold]
        figures["validation"]["at_threshold"] = {
            "flagged": len(flagged),
            "output_precision": round(flagged.count("output") / len(flagged), 4) if flagged else None,
            "output_recall": round(flagged.count("output") / max(1, truth.count("output")), 4),
        }
    if seeds:
        seed_records = records([s["text"] for s in seeds])
        predicted = _labels_at(pipeline.predict_proba(seed_records)[:, outputs])
        wrong = [s["text"] for s, label in zip(seeds, predicted) if label != s["label"]]
        figures["seeds"] = {"items": len(seeds), "agree": len(seeds) - len(wrong), "disagree": wrong}

    progress("writing models/")
    buffer = io.BytesIO()
    info = {"corpus_sha256": corpus_hash, "sklearn_version": sklearn.__version__, "features": features, "model": model}
    linear = LinearModel.from_pipeline(pipeline, info)
    joblib.dump({"format": BUNDLE_FORMAT, "model": linear.to_data(), "threshold": threshold}, buffer, compress=3)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    figures["model_sha256"] = digest
    _write_atomic(models_dir / "model.joblib", data)
    _write_atomic(models_dir / "__init__.py", _init_module(digest).encode())
    _write_atomic(models_dir / "metrics.json", (json.dumps(figures, indent=2) + "\n").encode())
    from .card import render_card

    _write_atomic(models_dir / "MODEL_CARD.md", render_card(figures).encode())
    return figures


def _init_module(digest: str) -> str:
    return (
        '"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""\n\n'
        "# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.\n"
        f'SHA256 = "{digest}"\n'
    )


def _write_atomic(path: Path, data: bytes) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes files private; these ship
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise

"""The classifier: loading only what we shipped, the classify/evaluate commands, and training
that gives the same model from the same corpus."""

import hashlib
import json
import random

import pytest
from click.testing import CliRunner

from krlint import KrlintError
from krlint.classifier import load, loader, training
from krlint.cli import main

from conftest import ROOT


def test_shipped_model_matches_its_recorded_hash():
    data = loader.shipped_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == loader.shipped_sha256()
    metrics = json.loads((loader.models_dir() / "metrics.json").read_text())
    assert metrics["model_sha256"] == loader.shipped_sha256()


def test_shipped_model_was_trained_on_the_corpus_in_the_repository():
    """A corpus change committed without `krlint train` would ship figures of another corpus."""
    metrics = json.loads((loader.models_dir() / "metrics.json").read_text())
    corpus = (ROOT / "corpus" / "key_results.jsonl").read_bytes()
    assert metrics["corpus"]["sha256"] == hashlib.sha256(corpus).hexdigest()


def test_a_model_with_another_hash_is_refused_without_trust(tmp_path):
    foreign = tmp_path / "model.joblib"
    foreign.write_bytes(loader.shipped_path().read_bytes() + b"\0")
    with pytest.raises(KrlintError, match="--trust-model"):
        load(foreign)
    result = CliRunner().invoke(main, ["classify", "-", "--model", str(foreign)], input="Ship the app\n")
    assert result.exit_code == 2 and "pickle" in result.output


def test_a_trusted_model_that_is_not_a_model_fails_in_one_line(tmp_path):
    junk = tmp_path / "junk.joblib"
    junk.write_bytes(b"not a pickle at all")
    with pytest.raises(KrlintError, match="could not be loaded"):
        load(junk, trust=True)
    junk.write_bytes(b"x\x9c but not zlib after all")  # a zlib stream's first byte, then junk
    with pytest.raises(KrlintError, match="could not be loaded"):
        load(junk, trust=True)


def test_classify_command_one_json_object_per_line():
    result = CliRunner().invoke(main, ["classify", "-", "--explain"], input="Publish 12 blog posts\n\nReduce churn from 4% to 3%\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(row["text"], row["label"]) for row in rows] == [
        ("Publish 12 blog posts", "output"), ("Reduce churn from 4% to 3%", "outcome")]
    assert all(0.5 <= row["confidence"] <= 1 for row in rows)
    assert rows[0]["explanation"] and {"feature", "weight"} <= set(rows[0]["explanation"][0])


def test_evaluate_reports_figures_and_rejects_bad_lines(tmp_path):
    data = tmp_path / "data.jsonl"
    data.write_text('{"text": "Publish 12 blog posts", "label": "output"}\n'
                    '{"text": "Grow weekly active users from 10k to 14k", "label": "outcome"}\n')
    result = CliRunner().invoke(main, ["evaluate", str(data), "--format", "json"])
    figures = json.loads(result.output)
    assert figures["n"] == 2 and figures["accuracy"] == 1.0
    assert figures["confusion"]["matrix"] == [[1, 0], [0, 1]]
    data.write_text('{"text": "x", "label": "maybe"}\n')
    bad = CliRunner().invoke(main, ["evaluate", str(data)])
    assert bad.exit_code == 2 and ":1:" in bad.output


def test_threshold_is_the_lowest_probability_that_keeps_precision():
    truth = ["output", "output", "outcome", "output", "outcome"]
    p_output = [0.95, 0.9, 0.8, 0.7, 0.6]
    assert training.choose_threshold(truth, p_output, 0.75) == 0.7
    assert training.choose_threshold(truth, p_output, 1.0) == 0.9


def test_training_is_deterministic(tmp_path):
    items = [json.loads(line) for line in (ROOT / "corpus" / "key_results.jsonl").read_text().splitlines()]
    domains = {"sales", "security", "personal", "healthcare"}
    sample = [item for item in items if item["domain"] in domains]
    random.Random(7).shuffle(sample)
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps(item) + "\n" for item in sample[:320]))
    # items of other domains stand in for the real validation set, which a test must not need
    stand_in = [item for item in items if item["domain"] == "education"][:60]
    first = training.train(corpus, tmp_path / "a", validation=stand_in)
    second = training.train(corpus, tmp_path / "b", validation=stand_in)
    assert first["model_sha256"] == second["model_sha256"]
    assert (tmp_path / "a" / "model.joblib").read_bytes() == (tmp_path / "b" / "model.joblib").read_bytes()
    assert first["leave_one_domain_out"]["macro_f1"] == second["leave_one_domain_out"]["macro_f1"]
    assert set(first["leave_one_domain_out"]["per_domain_macro_f1"]) == domains
    spread = first["validation"]["spread"]
    assert spread == second["validation"]["spread"]
    assert len(spread["macro_f1"]) == training.SPREAD_FITS
    card = (tmp_path / "a" / "MODEL_CARD.md").read_text()
    assert "Leave-one-domain-out" in card and first["corpus"]["sha256"] in card
    assert f"scores macro-F1 {spread['min']:.3f} to {spread['max']:.3f}" in card


def test_the_saved_weights_predict_exactly_what_the_fitted_pipeline_does():
    from krlint.classifier.features import records
    from krlint.classifier.linear import LinearModel

    items = [json.loads(line) for line in (ROOT / "corpus" / "key_results.jsonl").read_text().splitlines()][:600]
    fitted = training.build("ngrams+spacy", "logreg").fit(records([i["text"] for i in items]), [i["label"] for i in items])
    probe = records(["Publish 12 blog posts", "Churn under 2%", "P0 @ana - SSO for admins => done", "x"])
    linear = LinearModel.from_pipeline(fitted)
    expected = fitted.predict_proba(probe)[:, list(fitted.classes_).index("output")]
    assert [round(linear.p_second(r), 9) for r in probe] == [round(float(p), 9) for p in expected]


def test_linting_imports_neither_scikit_learn_nor_unpickles_classes():
    import subprocess
    import sys

    code = ("import sys, krlint; krlint.lint_text('## Objective: Grow\\n- Offline mode for Android\\n'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_shipped_model_reads_the_same_without_joblib():
    """loader reads joblib's compressed file with pickle and zlib (no joblib import at start-up):
    it must get exactly what joblib.load gets."""
    import io

    import joblib

    from krlint.classifier.loader import _unpickle, shipped_path

    data = shipped_path().read_bytes()
    assert _unpickle(data) == joblib.load(io.BytesIO(data))
    buffer = io.BytesIO()
    joblib.dump({"format": 1, "other": [1.5, "x"]}, buffer, compress=("lzma", 3))  # not zlib: joblib reads it
    assert _unpickle(buffer.getvalue()) == {"format": 1, "other": [1.5, "x"]}


def test_calibration_compares_each_bin_with_what_was_observed():
    from krlint.classifier.metrics import calibration

    truth = ["output", "outcome", "output", "output", "outcome"]
    p_output = [0.95, 0.05, 0.85, 0.15, 0.9]
    figures = calibration(truth, p_output)
    assert [(row["from"], row["n"], row["observed"]) for row in figures["bins"]] == [
        (0.0, 1, 0.0), (0.1, 1, 1.0), (0.8, 1, 1.0), (0.9, 2, 0.5)]
    # |0.05-0| + |0.15-1| + |0.85-1| + 2 * |0.925-0.5|, over 5 items
    assert figures["ece"] == round((0.05 + 0.85 + 0.15 + 2 * 0.425) / 5, 4)
    assert figures["brier"] == round((0.05**2 + 0.05**2 + 0.15**2 + 0.85**2 + 0.9**2) / 5, 4)
    assert calibration(["output"] * 4, [1.0] * 4)["ece"] == 0.0

"""The model card, written from the figures training measured."""

from __future__ import annotations

from .metrics import as_text, calibration_as_text


def render_card(figures: dict) -> str:
    corpus, chosen = figures["corpus"], figures["chosen"]
    lines = [
        "# Model card: krlint outcome/output classifier",
        "",
        "Written by `krlint train` from `corpus/`; every figure below comes from data the measured model",
        "was not trained on. Figures on training data are not quoted.",
        "",
        "## What it does",
        "Labels a Key Result `outcome` (a change others make or feel) or `output` (work the team does),",
        "with a confidence. Rule KR301 reports outputs at or above the threshold.",
        "",
        "## Data",
        f"- Corpus: `corpus/{corpus['path']}`, {corpus['items']} items written by the team "
        f"({corpus['labels']['outcome']} outcome, {corpus['labels']['output']} output) in {corpus['domains']} domains;",
        f"  SHA-256 `{corpus['sha256']}`.",
        f"- Model: {chosen['features']} features, {chosen['model']}; scikit-learn {figures['sklearn_version']};",
        f"  file SHA-256 `{figures['model_sha256']}`.",
        f"- Threshold for KR301: {chosen['threshold']} ({chosen['threshold_rule']}).",
        "",
        "## Comparison (macro-F1)",
        "Made by `krlint train --compare`"
        + ("." if figures["comparison"]["corpus_sha256"] == corpus["sha256"]
           else " on an earlier version of the corpus; run it again to refresh."),
        "",
        "| features | model | held-out split | leave-one-domain-out | real validation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in figures["comparison"]["rows"]:
        validation = row.get("validation_macro_f1")
        lines.append(
            f"| {row['features']} | {row['model']} | {row['held_out_macro_f1']:.3f} | {row['lodo_macro_f1']:.3f} | "
            f"{'n/a' if validation is None else f'{validation:.3f}'} |"
        )
    lines += ["", "Only one linear function can ship: krlint scores Key Results without scikit-learn",
              "(`krlint/classifier/linear.py`). The svm row averages five calibrated SVMs, which is not one, and",
              "shows what that would buy; the chosen model is picked from the rows that can ship."]
    lines += ["", "## Held-out split", f"{figures['held_out']['split']}.", "```", as_text(figures["held_out"]), "```"]
    lodo = figures["leave_one_domain_out"]
    lines += ["", "## Leave-one-domain-out", "Trained without a domain, tested on it, for every domain.",
              "```", as_text(lodo), "```",
              f"Worst domain: {lodo['worst_domain']} (macro-F1 {lodo['per_domain_macro_f1'][lodo['worst_domain']]:.3f}).",
              "", "Macro-F1 of each domain, trained without it, worst first:", "",
              ", ".join(f"{domain} {f1:.3f}" for domain, f1 in
                        sorted(lodo["per_domain_macro_f1"].items(), key=lambda item: (item[1], item[0]))) + "."]
    if "validation" in figures:
        validation = figures["validation"]
        at = validation["at_threshold"]
        lines += ["", "## Real Key Results (validation, never trained on)", validation["name"] + ".",
                  "```", as_text(validation), "```",
                  f"At the KR301 threshold: {at['flagged']} flagged, output precision {at['output_precision']}, "
                  f"output recall {at['output_recall']}."]
        if "spread" in validation:
            spread = validation["spread"]
            lines += ["", f"Trained instead on {spread['fits']} random samples of {spread['share']:.0%} of the corpus, "
                          f"the same model scores macro-F1 {spread['min']:.3f} to {spread['max']:.3f} here "
                          f"(mean {spread['mean']:.3f}).",
                      "A difference between two models smaller than that spread is noise, not progress."]
    if "calibration" in figures:
        lines += ["", "## Calibration",
                  "Does a confidence of 0.8 mean right four times in five? Output probabilities binned against the share",
                  "of outputs observed in each bin, on leave-one-domain-out predictions"
                  + (" and on the real validation set." if "validation" in figures["calibration"] else "."),
                  "```", calibration_as_text(figures["calibration"]["leave_one_domain_out"]), "```"]
        if "validation" in figures["calibration"]:
            shares = (figures["validation"]["per_class"]["output"]["support"] / figures["validation"]["n"],
                      corpus["labels"]["output"] / corpus["items"])
            lines += [f"Real validation set (where outputs are {shares[0]:.0%} of Key Results, against {shares[1]:.0%} in the corpus):",
                      "```", calibration_as_text(figures["calibration"]["validation"]), "```"]
    if "seeds" in figures:
        seeds = figures["seeds"]
        lines += ["", "## Seed conformance", f"{seeds['agree']} of {seeds['items']} uncontested seed examples labelled as the seeds label them."]
        lines += [f"- disagrees: {text}" for text in seeds["disagree"]]
    lines += ["", "## How the real validation set was used",
              "It chose between the candidates above and between feature designs, and it set no weights. We also",
              "read which *kinds* of Key Result the model got wrong there (capabilities versus qualities users feel,",
              "outputs written as states, hiring in odd phrasings, our activity aimed at people, improving a part",
              "versus a measure, role-prefixed two-part lines, sentences and passives about our own product,",
              "bare counts with no verb, who acts, holding a level, what a system \"can\" do), compared how",
              "often each spaCy signal goes with each label there and in the corpus, and wrote new corpus items",
              "of those kinds in our own words, never its sentences.",
              "Its figure is therefore somewhat optimistic; the leave-one-domain-out",
              "figure is the cleaner estimate of performance on unseen writing.",
              "", "## Limits",
              "- English only; trained on short Key Result sentences, not paragraphs.",
              "- Real files mix decorations and jargon the corpus only partly covers; expect lower figures on them",
              "  than on the held-out split (compare the real validation row above).", ""]
    return "\n".join(lines)

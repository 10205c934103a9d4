"""krlint's speed and memory, as ratios against floors measured in the same run.

    python bench/run.py [--runs 5] [--write bench/RESULTS.md]

- cold start: `krlint check --no-cache` on a 30-Key-Result Markdown file, against the floor
  `python -c "import spacy; spacy.load(<pipeline>)"` (target: at most 1.2 times the floor);
- warm repeat: the same command with the result cache warm (target: at most 0.15 times the floor),
  beside `yamllint` on a YAML file of the same size when yamllint is installed;
- throughput: linting 20,000 Key Results in one file, against bare `nlp.pipe` over the same texts
  with the same pipeline components (target: at least 0.8 times the floor's rate);
- peak memory (RSS) of the 20,000 case (target: under 500 MB).

Each timing is the median of --runs runs, the two commands of a pair alternating, so that load
on a shared machine falls on both alike. Only ratios from one run are meaningful.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from krlint import nlp  # noqa: E402


def corpus_texts() -> list[str]:
    lines = (ROOT / "corpus" / "key_results.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


# Objectives as real teams write them: qualitative, no numbers (one that held a number would be
# parsed too, and flagged by OB101).
OBJECTIVES = (
    "Make onboarding feel effortless", "Earn the trust of enterprise buyers", "Build a calmer on-call rotation",
    "Become the default choice for small clinics", "Turn support into a reason to stay", "Ship with confidence",
    "Grow a healthy contributor community", "Run lean, predictable operations",
)


def objective(index: int) -> str:
    return f"{OBJECTIVES[index % len(OBJECTIVES)]}, part {_roman(index // len(OBJECTIVES) + 1)}"


def _roman(number: int) -> str:
    """Distinct objective names without digits: i, ii, iii, iv..."""
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    written = ""
    for value, numeral in numerals:
        while number >= value:
            written, number = written + numeral, number - value
    return written


def markdown(texts: list[str], per_objective: int = 4) -> str:
    parts = ["# OKRs\n"]
    for start in range(0, len(texts), per_objective):
        parts.append(f"\n## Objective: {objective(start // per_objective)}\n")
        parts.extend(f"- {text}\n" for text in texts[start: start + per_objective])
    return "".join(parts)


def yaml_of(texts: list[str], per_objective: int = 4) -> str:
    parts = ["objectives:\n"]
    for start in range(0, len(texts), per_objective):
        parts.append(f"  - objective: {objective(start // per_objective)}\n    key_results:\n")
        parts.extend(f"      - {json.dumps(text)}\n" for text in texts[start: start + per_objective])
    return "".join(parts)


def unique_texts(count: int) -> list[str]:
    """``count`` distinct Key Results: the corpus, repeated with a region named, so that no text is
    parsed from an earlier copy."""
    base = corpus_texts()
    return [base[i % len(base)] + ("" if i < len(base) else f" in region {i // len(base)}") for i in range(count)]


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def median_pair(first: list[str], second: list[str], runs: int, env: dict) -> tuple[float, float]:
    a, b = [], []
    for _ in range(runs):
        a.append(timed(first, env))
        b.append(timed(second, env))
    return statistics.median(a), statistics.median(b)


def startup(runs: int, folder: Path, env: dict) -> dict:
    texts = unique_texts(30)
    okrs = folder / "okrs.md"
    okrs.write_text(markdown(texts))
    (folder / "okrs.yaml").write_text(yaml_of(texts))
    python = sys.executable
    floor_cmd = [python, "-c", f"import spacy; spacy.load({nlp.pipeline_package()!r}, exclude=['ner'])"]
    check = [python, "-m", "krlint", "check", str(okrs)]
    cold_floor, cold = median_pair(floor_cmd, check + ["--no-cache"], runs, env)
    # krlint exits without the interpreter's teardown (os._exit after flushing); the same floor
    # with that exit shows how much of the ratio that is.
    hard_exit_floor, _ = median_pair(floor_cmd[:-1] + [floor_cmd[-1].replace("import spacy;", "import os, spacy;")
                                                       + "; os._exit(0)"], [python, "-c", "pass"], runs, env)
    timed(check, env)  # fill the cache
    warm_floor, warm = median_pair(floor_cmd, check, runs, env)
    figures = {
        "floor_s": round(statistics.median([cold_floor, warm_floor]), 3),
        "cold_s": round(cold, 3), "cold_ratio": round(cold / cold_floor, 2),
        "hard_exit_floor_s": round(hard_exit_floor, 3), "cold_vs_hard_exit_floor": round(cold / hard_exit_floor, 2),
        "warm_s": round(warm, 3), "warm_ratio": round(warm / warm_floor, 3),
    }
    yamllint = shutil.which("yamllint") or shutil.which("yamllint", path=str(Path(sys.executable).parent))
    if yamllint:
        _, lint_yaml = median_pair(check, [yamllint, str(folder / "okrs.yaml")], runs, env)
        figures["yamllint_s"] = round(lint_yaml, 3)
        figures["warm_vs_yamllint"] = round(warm / lint_yaml, 2)
    return figures


def throughput(count: int, runs: int, env: dict) -> dict:
    """Linting ``count`` Key Results against piping the same texts through the same pipeline,
    each timed in a fresh process after the pipeline is loaded (and warmed on other texts), so
    that both start alike: neither has met these words before, as in a real run. krlint is timed
    as it runs by default (its analysis shared by one process per CPU, at most 4) and in one process; the
    floor is the faster of spaCy's own one-process and multi-process ``nlp.pipe``."""
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(runs):
        for kind in KINDS:
            timings[kind].append(_timed_in_fresh_process(kind, count, env))
    median = {kind: statistics.median(values) for kind, values in timings.items()}
    floor = min(median["pipe"], median["pipe-parallel"])
    return {"key_results": count, "workers": nlp.worker_count(None, count),
            "lint_s": round(median["lint"], 2), "lint_one_process_s": round(median["lint-one-process"], 2),
            "nlp_pipe_s": round(median["pipe"], 2), "nlp_pipe_parallel_s": round(median["pipe-parallel"], 2),
            "krs_per_s": round(count / median["lint"]), "floor_krs_per_s": round(count / floor),
            "rate_ratio": round(floor / median["lint"], 2),
            "one_process_ratio": round(median["pipe"] / median["lint-one-process"], 2)}


KINDS = ("pipe", "lint", "pipe-parallel", "lint-one-process")


def _timed_in_fresh_process(kind: str, count: int, env: dict) -> float:
    done = subprocess.run([sys.executable, __file__, "--time", kind, "--count", str(count)],
                          capture_output=True, text=True, env=env, check=True)
    return float(done.stdout.split()[-1])


def _time_one(kind: str, count: int) -> float:
    """Seconds to lint (or only pipe) ``count`` Key Results in this process."""
    import krlint
    from krlint.config import Config

    texts = unique_texts(count)
    pipeline = nlp.load()
    warm = [f"Warm-up item {_roman(i + 1)} for the pipeline" for i in range(50)]
    if kind.startswith("lint"):
        source = markdown(texts)
        krlint.lint_text(markdown(warm))  # load the model, import what a lint imports
        config = Config(jobs=1) if kind == "lint-one-process" else Config()
        start = time.perf_counter()
        krlint.lint_text(source, config=config)
    else:
        for _doc in pipeline.pipe(warm, batch_size=nlp.BATCH_SIZE):
            pass
        processes = max(2, nlp.worker_count(None, count)) if kind == "pipe-parallel" else 1
        start = time.perf_counter()
        for _doc in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=processes):
            pass
    return time.perf_counter() - start


def peak_rss(count: int, env: dict, *options: str) -> float:
    """Peak resident memory in MB of `krlint check` on a ``count``-Key-Result file: of its largest
    process (a forked worker shares most of its pages with the parent)."""
    import resource

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big-okrs.md"
        path.write_text(markdown(unique_texts(count)))
        code = ("import resource, subprocess, sys; "
                "subprocess.run([sys.executable, '-m', 'krlint', 'check', '--no-cache', *sys.argv[1:]], "
                "stdout=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        done = subprocess.run([sys.executable, "-c", code, str(path), *options], capture_output=True, text=True, env=env, check=True)
    del resource
    return round(int(done.stdout.strip()) / 1024, 1)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import spacy

    return (f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, spaCy {spacy.__version__} with {nlp.pipeline_package()}")


def report(figures: dict) -> str:
    s, t = figures["startup"], figures["throughput"]
    lines = [
        "# krlint benchmark", "",
        f"Measured {figures['date']} on {figures['machine']} by `python bench/run.py`; ratios come from one",
        "run, each timing the median of alternating runs.", "",
        "| figure | krlint | floor | ratio | target |", "| --- | --- | --- | --- | --- |",
        f"| cold start, 30 KRs | {s['cold_s']} s | {s['floor_s']} s (spacy.load) | {s['cold_ratio']} | <= 1.2 |",
        f"| cold start against a floor that also exits hard | {s['cold_s']} s | {s['hard_exit_floor_s']} s "
        f"(spacy.load, os._exit) | {s['cold_vs_hard_exit_floor']} | |",
        f"| warm repeat, 30 KRs | {s['warm_s']} s | {s['floor_s']} s (spacy.load) | {s['warm_ratio']} | <= 0.15 |",
        f"| throughput, {t['key_results']} KRs ({t['workers']} processes) | {t['krs_per_s']} KR/s | "
        f"{t['floor_krs_per_s']} KR/s (faster nlp.pipe) | {t['rate_ratio']} | >= 0.8 |",
        f"| throughput, {t['key_results']} KRs (`--jobs 1`) | {round(t['key_results'] / t['lint_one_process_s'])} KR/s | "
        f"{round(t['key_results'] / t['nlp_pipe_s'])} KR/s (nlp.pipe, one process) | {t['one_process_ratio']} | |",
        f"| peak RSS, {t['key_results']} KRs | {figures['peak_rss_mb']} MB (largest process) | | | < 500 MB |",
        f"| peak RSS, {t['key_results']} KRs (`--jobs 1`) | {figures['peak_rss_one_process_mb']} MB | | | < 500 MB |",
    ]
    if "yamllint_s" in s:
        lines.append(f"| yamllint, same size YAML | {s['yamllint_s']} s | | warm krlint / yamllint = {s['warm_vs_yamllint']} | close |")
    else:
        lines.append("| yamllint | not installed (`pip install yamllint` to compare) | | | |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--write", type=Path, help="also write the figures as Markdown to this file")
    parser.add_argument("--time", choices=KINDS, help=argparse.SUPPRESS)  # one fresh-process timing
    args = parser.parse_args()
    if args.time:
        print(f"{_time_one(args.time, args.count):.4f}")
        return
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "KRLINT_CACHE_DIR": str(Path(folder) / "cache"), "NO_COLOR": "1"}
        figures = {"date": time.strftime("%Y-%m-%d"), "machine": machine(),
                   "startup": startup(args.runs, Path(folder), env)}
        print(json.dumps(figures["startup"]), flush=True)
        figures["throughput"] = throughput(args.count, max(1, args.runs // 2), env)
        print(json.dumps(figures["throughput"]), flush=True)
        figures["peak_rss_mb"] = peak_rss(args.count, env)
        figures["peak_rss_one_process_mb"] = peak_rss(args.count, env, "--jobs", "1")
    print(report(figures))
    if args.write:
        args.write.write_text(report(figures))


if __name__ == "__main__":
    main()

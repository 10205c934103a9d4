#!/usr/bin/env python
"""Fuzz krlint: no input may crash it.

    python bench/fuzz.py --seconds 600 [--seed 1] [--out bench/crashes] [--workers 1]
    python bench/fuzz.py --replay bench/crashes/SOME-INPUT.md      # run the checks on saved inputs
    python bench/fuzz.py --minimize bench/crashes/SOME-INPUT.md    # shrink one, keeping its failure

Each iteration builds one input: random bytes; a random OKR-ish document in Markdown, YAML, JSON,
CSV or text; a real OKR file (``../shared/real-okrs/files``, read at run time, when it is there), a
test fixture or an example, mutated by byte and line operations (flip, insert, delete, duplicate,
splice two files, change indentation, insert NUL / BOM / invalid UTF-8 / CR, re-encode); now and
then a hostile shape (an alias bomb, deep nesting, a long line, many lines). It is written to a
temporary file with a suffix naming its format (.md .yaml .json .csv .txt) and run through the
library as the CLI runs a file: ``krlint.lint_paths([path])`` with every rule (spaCy included)
and, when it parses, ``krlint.fix_paths([path], task_verbs=True)``, whose fixed text must parse
again and keep every Objective, Key Result and Initiative.

A failure ("crash") is any exception escaping the library, an error message that is not one clear
line (several lines, a traceback, Python internals, or very long), a finding or an error line
outside the file, a fixed text that loses items or does not parse, a worker process that dies or
grows past --max-rss-mb, or a hang (no answer within --timeout seconds). The library runs in
worker processes so that a hang or a runaway allocation can be stopped and reported with its input.

Input ``i`` of seed ``s`` is always the same bytes, so a run is reproducible. Every failing input
is saved under --out (default ``bench/crashes/``, git-ignored; at most --keep inputs per distinct
failure) with a ``.txt`` note, and gets a one-line summary; totals are printed at the end. The exit
status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_FILES = ROOT.parent / "shared" / "real-okrs" / "files"
SUFFIXES = (".md", ".yaml", ".json", ".csv", ".txt")
FORMAT_OF_SUFFIX = {".md": "markdown", ".yaml": "yaml", ".json": "yaml", ".csv": "csv", ".txt": "text",
                    ".tsv": "csv", ".yml": "yaml", ".markdown": "markdown"}


# Inputs -----------------------------------------------------------------------------------------------


def _seed_files() -> list[tuple[bytes, str]]:
    """The files mutations start from: real OKR files when ../shared is there, the test fixtures and
    the examples. Read at run time; never copied into the repository."""
    found: list[Path] = []
    if SHARED_FILES.is_dir():
        found += sorted(SHARED_FILES.iterdir())
    for folder in (ROOT / "tests" / "fixtures", ROOT / "examples"):
        if folder.is_dir():
            found += sorted(path for path in folder.rglob("*") if path.is_file())
    seeds = []
    for path in found:
        suffix = path.suffix.lower()
        if suffix in FORMAT_OF_SUFFIX and path.is_file():
            seeds.append((path.read_bytes(), ".csv" if suffix == ".tsv" else ".yaml" if suffix == ".yml" else suffix))
    return seeds


def _sentences() -> list[str]:
    """Key Result-like sentences: the training corpus, when present, and a few written here."""
    texts = [
        "Grow weekly active teams from 1,200 to 2,000", "Reduce churn by 15%", "Launch the partner portal",
        "NPS >= 50", "Cut p95 latency from 900ms to 300ms by Q3", "Hire 3 engineers", "Increase ARR to $1.2M",
        "Ship v2 of the API", "N0 paying customers", "Keep uptime at 99.9%", "Double the reply rate",
        "Write 5 blog posts", "Migrate to Postgres", "Time to first dashboard under 10 minutes",
        "Raise activation from 20% to 35% (currently 22%)", "P0 @bob - Fix the login bug => done",
        "[P1] CMO: 40% of pipeline partner-sourced", "Objective-C support", "0.7 score", "from X to Y",
        "Increase from 3 to", "TBD", "", "Zero failed deploys", "Improve it", "1. 2. 3.", "$ $ $ 100%% ->",
    ]
    corpus = ROOT / "corpus" / "key_results.jsonl"
    if corpus.is_file():
        for line in corpus.read_text(encoding="utf-8").splitlines():
            try:
                texts.append(json.loads(line)["text"])
            except (ValueError, KeyError, TypeError):
                pass
    return texts


FRAGMENTS = [
    "# OKRs", "## Objective: Grow", "### Key Results", "### Initiatives", "**Objective:** Ship", "- ", "* ", "+ ",
    "1. ", "1) ", "- [ ] ", "- [x] ", "    - ", "\t- ", "KR1: ", "KR: ", "O1 - ", "**Key Result:** ", "**WHY:** ",
    "**Owner:** ", "| Key Result | Owner |", "|---|---|", "| Grow NPS from 30 to 50 | @a |", "Initiatives:",
    "Objective: ", "Key Results:", "<!-- krlint: disable=KR201 -->", "<!-- krlint: enable=KR201 -->",
    "<!-- krlint: disable-next-line=KR101,no-target -->", "<!-- krlint: disable=", "<!-- ", "-->", "---", "```",
    "~~~", "**", "__", "`", "<details>", "</details>", "> ", "=> done", "[link](http://x)", "![img](x.png)",
    "# krlint: disable-line=KR101", "# krlint: disable-line=", "&a ", "*a", "{", "}", "[", "]", "\\", "=1",
    "objectives:", "  - objective: x", "    key_results:", "      - y", "Objective,Key Result", "a,\"b\nc\"",
    "\u00e9", "\u200b", "\u202e", "\ufeff", "\r", "\r\n", "\t", "\x0c", "\x0b", "\u2028", "\u0085", "😀", "＃",
    "½", "٣", "Ⅻ", "1e999", "-0", "NaN", "99999999999999999999999999", "%", "$", "€", "→", "≥", "±",
]
SPECIAL_BYTES = [
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\xc3\x28", b"\xa0\xa1",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe9", b"\x80", b"\r", b"\r\n", b"\n\r", b"\x1b[31m",
    b"\x7f", b"\xe2\x80\xa8", b"\xc2\x85", b"\t", b"\x0c",
]


@dataclass
class Corpus:
    seeds: list[tuple[bytes, str]] = field(default_factory=_seed_files)
    sentences: list[str] = field(default_factory=_sentences)


def _sentence(rng: random.Random, corpus: Corpus) -> str:
    roll = rng.random()
    if roll < 0.75:
        return rng.choice(corpus.sentences)
    if roll < 0.9:
        return " ".join(rng.choice(corpus.sentences).split()[: rng.randint(0, 6)] + [rng.choice(FRAGMENTS)])
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 5)))


def gen_random_bytes(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    size = rng.choice([0, 1, 2, 8, 64, 512, 4096, 20000])
    if rng.random() < 0.5:
        data = bytes(rng.getrandbits(8) for _ in range(size))
    else:  # mostly printable, with some structure characters
        alphabet = "abc XYZ 0123456789 -*#:|,;\"'[]{}&!>%$\n\n\t\r"
        data = "".join(rng.choice(alphabet) for _ in range(size)).encode()
    return data, rng.choice(SUFFIXES), f"random bytes ({size})"


def gen_markdown(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    out: list[str] = []
    if rng.random() < 0.2:
        out += ["---", f"title: {_sentence(rng, corpus)}", "---"]
    for _ in range(rng.randint(1, 6)):
        style = rng.random()
        objective = _sentence(rng, corpus)
        if style < 0.4:
            out.append("#" * rng.randint(1, 6) + " " + rng.choice(["Objective: ", "O1 - ", "", "Objective 2. "]) + objective)
        elif style < 0.6:
            out.append(rng.choice(["* ", "- ", ""]) + "**Objective:** " + objective)
        elif style < 0.8:
            out.append(f"**{objective}**")
        else:
            out.append(rng.choice(FRAGMENTS) + objective)
        if rng.random() < 0.3:
            out.append(rng.choice(["### Key Results", "**Key Results:**", "Key Results", ""]))
        for k in range(rng.randint(0, 7)):
            indent = rng.choice(["", "", "", "  ", "    ", "\t", " " * rng.randint(0, 9)])
            marker = rng.choice(["- ", "* ", "+ ", f"{k + 1}. ", f"{k + 1}) ", "- [ ] ", "- [x] ", "", "KR1: ",
                                 f"- KR{k + 1}: ", "- **Key Result:** ", "| "])
            line = indent + marker + _sentence(rng, corpus)
            if marker == "| ":
                line += " | " + _sentence(rng, corpus) + " |"
            out.append(line)
            if rng.random() < 0.1:
                out.append(indent + "  " + _sentence(rng, corpus))  # a wrapped line
        if rng.random() < 0.3:
            out.append(rng.choice(["### Initiatives", "**Initiatives:**", "Initiatives:"]))
            out += ["- " + _sentence(rng, corpus) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.15:
            out += ["| Key Result | Start | Target |", "|---|---|---|"]
            out += [f"| {_sentence(rng, corpus)} | {rng.randint(0, 99)} | {rng.randint(0, 999)} |" for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.1:
            out += ["```", _sentence(rng, corpus), rng.choice(["```", ""])]
        if rng.random() < 0.1:
            out.append(rng.choice(FRAGMENTS))
        out.append("")
    header = rng.choice(["# OKRs", "# Q3 Objectives and Key Results", "# Notes", ""])
    return (header + "\n" + rng.choice(["\n", "\r\n", "\r"]).join(out)).encode(), ".md", "okr markdown"


def _yaml_scalar(rng: random.Random, corpus: Corpus) -> str:
    roll = rng.random()
    if roll < 0.6:
        text = _sentence(rng, corpus)
        style = rng.random()
        if style < 0.3:
            return json.dumps(text, ensure_ascii=False)
        if style < 0.4:
            return "'" + text.replace("'", "''") + "'"
        return text
    return rng.choice(["null", "~", "42", "3.5", "-1", "true", "2024-01-01", "0x1F", "1e400", ".nan", "!tag x",
                       "|\n  literal text", ">\n  folded text", "*a", "&a x", "[]", "{}", "[a, b]", "{a: b}",
                       "9" * rng.choice([10, 5000]), "!!binary aGVsbG8=", "!!python/object:os.system x"])


def gen_yaml(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    lines = [] if rng.random() < 0.5 else [rng.choice(["objectives:", "okrs:", "goals:", "---", "%YAML 1.2\n---"])]
    base = "  " if lines and lines[0].endswith(":") else ""
    for _ in range(rng.randint(0, 5)):
        key = rng.choice(["objective", "title", "name", "Objective", "text", "description", "other"])
        lines.append(f"{base}- {key}: {_yaml_scalar(rng, corpus)}")
        kr_key = rng.choice(["key_results", "keyResults", "krs", "Key Results", "results"])
        if rng.random() < 0.9:
            lines.append(f"{base}  {kr_key}:" + rng.choice(["", " []", " null", " *a", " x"]))
            for _ in range(rng.randint(0, 5)):
                if rng.random() < 0.5:
                    lines.append(f"{base}    - {_yaml_scalar(rng, corpus)}")
                else:
                    lines.append(f"{base}    - text: {_yaml_scalar(rng, corpus)}")
                    for extra in rng.sample(["start", "baseline", "target", "goal", "unit", "owner", "children"], rng.randint(0, 3)):
                        lines.append(f"{base}      {extra}: {_yaml_scalar(rng, corpus)}")
        if rng.random() < 0.4:
            lines.append(f"{base}  initiatives:")
            lines += [f"{base}    - {_yaml_scalar(rng, corpus)}" for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:
            lines.append(f"{base}  # krlint: disable-line=KR201")
    if rng.random() < 0.1:
        lines.insert(0, "anchor: &a [" + ", ".join(_yaml_scalar(rng, corpus) for _ in range(3)) + "]")
    return "\n".join(lines).encode(), ".yaml", "okr yaml"


def _json_value(rng: random.Random, corpus: Corpus, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return rng.choice([_sentence(rng, corpus), None, 1, 2.5, True, [], {}, -0.0, 10**30])
    if roll < 0.7:
        return [_json_value(rng, corpus, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["objective", "title", "key_results", "keyResults", "krs", "text", "start", "target", "unit", "owner",
            "initiatives", "children", "objectives", "x"]
    return {rng.choice(keys): _json_value(rng, corpus, depth + 1) for _ in range(rng.randint(0, 5))}


def gen_json(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    objectives = []
    for _ in range(rng.randint(0, 4)):
        objectives.append({
            "objective": _sentence(rng, corpus),
            rng.choice(["key_results", "keyResults"]): [
                rng.choice([_sentence(rng, corpus), {"text": _sentence(rng, corpus), "start": rng.randint(0, 9),
                                                     "target": rng.choice([rng.randint(0, 99), "TBD", None])}])
                for _ in range(rng.randint(0, 4))],
        })
        if rng.random() < 0.3:
            objectives[-1][rng.choice(list(objectives[-1]))] = _json_value(rng, corpus)
    data = {"objectives": objectives} if rng.random() < 0.5 else objectives
    if rng.random() < 0.2:
        data = _json_value(rng, corpus)
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    return text.encode(), ".json", "okr json"


def gen_csv(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    delimiter = rng.choice([",", ";", "\t", "|"])
    columns = rng.sample(["Objective", "Key Result", "KR1", "KR2", "Start", "Target", "Unit", "Owner", "Type",
                          "Title", "Initiative", "Score", "Notes", "Goal", "Baseline"], rng.randint(1, 6))

    def cell() -> str:
        text = _sentence(rng, corpus) if rng.random() < 0.7 else rng.choice(["", "Objective", "Key Result", "Initiative", "42", "TBD"])
        if delimiter in text or '"' in text or "\n" in text or rng.random() < 0.2:
            return '"' + text.replace('"', '""') + ('"' if rng.random() < 0.97 else "")
        return text

    rows = [delimiter.join(columns)]
    if rng.random() < 0.2:
        rows.insert(0, "Team OKRs Q3")
    for _ in range(rng.randint(0, 12)):
        rows.append(delimiter.join(cell() for _ in range(len(columns) + rng.choice([0, 0, 0, -1, 1]))))
    if rng.random() < 0.1:
        rows.append("# krlint: disable-line=KR201")
    return rng.choice(["\n", "\r\n"]).join(rows).encode(), ".csv", "okr csv"


def gen_text(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    lines = []
    for _ in range(rng.randint(0, 5)):
        lines.append(rng.choice(["Objective: ", "O1 - ", "objective 2. ", "- Objective: ", ""]) + _sentence(rng, corpus))
        if rng.random() < 0.3:
            lines.append("Key Results:")
        lines += [rng.choice(["", "- ", "KR1: ", "1. ", "  "]) + _sentence(rng, corpus) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.3:
            lines.append(rng.choice(["Initiatives:", "Initiatives: " + _sentence(rng, corpus)]))
            lines += [_sentence(rng, corpus) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:
            lines.append("# krlint: disable-line=" + rng.choice(["KR201", "KR1", "nope", ""]))
    return "\n".join(lines).encode(), ".txt", "okr text"


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, rng: random.Random, corpus: Corpus) -> tuple[bytes, list[str]]:
    """``data`` after 1-8 random byte and line operations; returns the names of the operations."""
    done = []
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["flip", "insert", "delete", "duplicate", "splice", "indent", "dedent", "tabs", "line_drop",
                         "line_dup", "line_swap", "special", "special", "fragment", "encoding", "truncate"])
        done.append(op)
        n = len(data)
        at = rng.randint(0, n)
        if op == "flip" and n:
            at = min(at, n - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randint(0, 7))]) + data[at + 1:]
        elif op == "insert":
            data = data[:at] + bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 16))) + data[at:]
        elif op == "delete" and n:
            data = data[:at] + data[at + rng.randint(1, max(1, n // 8)):]
        elif op == "duplicate" and n:
            end = min(n, at + rng.randint(1, max(1, n // 4)))
            data = data[:end] + data[at:end] * rng.randint(1, 4) + data[end:]
        elif op == "splice" and corpus.seeds:
            other = rng.choice(corpus.seeds)[0]
            cut = rng.randint(0, len(other))
            data = data[:at] + (other[cut:] if rng.random() < 0.5 else other[:cut])
        elif op in ("indent", "dedent", "tabs", "line_drop", "line_dup", "line_swap"):
            lines = _lines(data)
            i = rng.randrange(len(lines))
            if op == "indent":
                lines[i] = b" " * rng.choice([1, 2, 4, 8]) + lines[i]
            elif op == "dedent":
                lines[i] = lines[i].lstrip()
            elif op == "tabs":
                lines[i] = lines[i].replace(b"  ", b"\t")
            elif op == "line_drop" and len(lines) > 1:
                del lines[i]
            elif op == "line_dup":
                lines[i:i] = [lines[i]] * rng.randint(1, 3)
            elif op == "line_swap":
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op == "special":
            data = data[:at] + rng.choice(SPECIAL_BYTES) + data[at:]
        elif op == "fragment":
            data = data[:at] + rng.choice(FRAGMENTS).encode() + data[at:]
        elif op == "encoding":
            text = data.decode("utf-8", "replace")
            choice = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "crlf", "cr", "bom"])
            if choice == "crlf":
                data = data.replace(b"\n", b"\r\n")
            elif choice == "cr":
                data = data.replace(b"\n", b"\r")
            elif choice == "bom":
                data = b"\xef\xbb\xbf" + data
            else:
                data = text.encode(choice, "replace")
        elif op == "truncate" and n:
            data = data[:at]
    return data, done


def gen_mutated(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    if not corpus.seeds:
        return gen_markdown(rng, corpus)
    data, suffix = rng.choice(corpus.seeds)
    data, ops = mutate(data, rng, corpus)
    if rng.random() < 0.1:
        suffix = rng.choice(SUFFIXES)
    return data, suffix, "mutated seed: " + ",".join(ops)


def gen_mutated_generated(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    data, suffix, kind = rng.choice([gen_markdown, gen_yaml, gen_json, gen_csv, gen_text])(rng, corpus)
    data, ops = mutate(data, rng, corpus)
    return data, suffix, f"mutated {kind}: " + ",".join(ops)


BOMB = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{prev}" if prev else '"lol"'] * 9) + "]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
)


def gen_hostile(rng: random.Random, corpus: Corpus) -> tuple[bytes, str, str]:
    """Shapes meant to exhaust time or memory, at sizes that keep the fuzzer moving."""
    kr = _sentence(rng, corpus) or "Grow NPS from 1 to 2"
    shape = rng.choice(["bomb", "bomb_kr", "bomb_text", "bomb_key", "recursive", "deep_md", "deep_md_inline",
                        "deep_quote", "deep_yaml", "deep_flow", "long_line", "many_lines", "many_numbers",
                        "many_parens", "many_objectives", "long_table", "long_word"])
    depth = rng.choice([50, 300, 1500, 5000])
    if shape == "bomb":
        return (BOMB + "objectives: *i\n").encode(), ".yaml", shape
    if shape == "bomb_kr":
        return (BOMB + "objectives:\n  - objective: x\n    key_results: [*i, *h]\n").encode(), ".yaml", shape
    if shape == "bomb_text":
        where = rng.choice(["objective: *i", "objective: x\n    key_results:\n      - text: *i",
                            "objective: x\n    initiatives:\n      - text: *i",
                            "objective: x\n    key_results:\n      - text: y\n        target: *i"])
        return (BOMB + f"objectives:\n  - {where}\n").encode(), ".yaml", shape
    if shape == "bomb_key":
        return (BOMB + "objectives:\n  - ? *i\n    : x\n").encode(), ".yaml", shape
    if shape == "recursive":
        return rng.choice([b"objectives: &r [*r]\n", b"&r {key_results: [*r], objective: x}\n",
                           b"- &r {objective: x, key_results: [{text: y, children: [*r]}]}\n"]), ".yaml", shape
    if shape == "deep_md":
        step = rng.choice(["  ", "    ", " ", "\t"])
        return ("# OKRs\n## Objective: x\n" + "".join(step * d + "- " + kr + "\n" for d in range(min(depth, 1500)))).encode(), ".md", shape
    if shape == "deep_md_inline":
        return ("# OKRs\n## Objective: x\n" + rng.choice(["- ", "* ", "1. ", "- [ ] "]) * depth + kr + "\n").encode(), ".md", shape
    if shape == "deep_quote":
        return ("# OKRs\n## Objective: x\n" + "> " * depth + "- " + kr + "\n").encode(), ".md", shape
    if shape == "deep_yaml":
        return ("objectives:\n- objective: x\n  key_results:\n" + "".join("  " * d + "    - children:\n" for d in range(min(depth, 1500)))).encode(), ".yaml", shape
    if shape == "deep_flow":
        open_, close = rng.choice([("[", "]"), ("{a: ", "}"), ('{"key_results": [', "]}")])
        return (open_ * depth + close * depth).encode(), rng.choice([".yaml", ".json"]), shape
    if shape == "long_line":
        size = rng.choice([10_000, 200_000, 1_100_000])
        return ("# OKRs\n## Objective: x\n- " + (kr + " ") * (size // (len(kr) + 1)) + "\n").encode(), rng.choice(SUFFIXES), shape
    if shape == "long_word":
        size = rng.choice([10_000, 1_100_000])
        return ("# OKRs\n## Objective: x\n- Grow " + rng.choice("x1%$-(") * size + " from 1 to 2\n").encode(), rng.choice(SUFFIXES), shape
    if shape == "many_lines":
        count = rng.choice([5_000, 100_000])
        return ("# OKRs\n## Objective: x\n" + f"- {kr}\n" * count).encode(), rng.choice([".md", ".txt"]), shape
    if shape == "many_numbers":
        return ("# OKRs\n## Objective: x\n- Grow " + " ".join(f"from {i} to {i + 1}" for i in range(rng.choice([1000, 20000]))) + "\n").encode(), ".md", shape
    if shape == "many_parens":
        return ("# OKRs\n## Objective: x\n- Grow NPS " + "(" * 20000 + "5%" + ")" * 20000 + "\n").encode(), ".md", shape
    if shape == "many_objectives":
        suffix = rng.choice([".md", ".txt"])
        heading = "## " if suffix == ".md" else ""
        return "".join(f"{heading}Objective: {kr} {i}\n- {kr}\n" for i in range(rng.choice([300, 3000]))).encode(), suffix, shape
    if shape == "long_table":
        return ("# OKRs\n## Objective: x\n| Key Result |" + " a |" * 2000 + "\n|---|\n" + f"| {kr} |\n" * 5000).encode(), ".md", shape
    raise AssertionError(shape)


GENERATORS = [
    (gen_random_bytes, 0.08), (gen_markdown, 0.12), (gen_yaml, 0.1), (gen_json, 0.06), (gen_csv, 0.08),
    (gen_text, 0.06), (gen_mutated, 0.34), (gen_mutated_generated, 0.14), (gen_hostile, 0.02),
]


def make_input(seed: int, index: int, corpus: Corpus) -> tuple[bytes, str, str]:
    """Input ``index`` of ``seed``: its bytes, its suffix and how it was made. Deterministic."""
    rng = random.Random(f"{seed}:{index}")
    generators, weights = zip(*GENERATORS)
    generator = rng.choices(generators, weights)[0]
    return generator(rng, corpus)


# Checks (run in the worker) ---------------------------------------------------------------------------

_INTERNALS = re.compile(r"Traceback|File \"|Commented(?:Seq|Map)|<class |object at 0x|\bNoneType\b")
MAX_MESSAGE = 300


def _message_problem(message: object) -> str | None:
    if not isinstance(message, str) or not message.strip():
        return f"error message is empty or not text: {message!r}"
    if "\n" in message or "\r" in message:
        return f"error message spans several lines: {message[:200]!r}"
    if _INTERNALS.search(message):
        return f"error message shows Python internals: {message[:200]!r}"
    if len(message) > MAX_MESSAGE:
        return f"error message is {len(message)} characters long: {message[:120]!r}..."
    return None


def _span_problems(lines: list[str], findings, where: str) -> list[str]:
    problems = []
    for finding in findings:
        span = finding.span
        ok = 1 <= span.line <= span.end_line <= len(lines) and span.column >= 1 and span.end_column >= 1 \
            and span.column <= len(lines[span.line - 1]) + 1 \
            and (span.line < span.end_line or span.column <= span.end_column) \
            and span.end_column <= len(lines[span.end_line - 1]) + 1
        if not ok:
            problems.append(f"{where}: {finding.code} span {span} outside the file ({len(lines)} lines)")
    return problems


def _items(document) -> list:
    """Each Objective's text with the Counter of its Key Results' and Initiatives' texts, and the loose Key Results."""
    from collections import Counter

    out = []
    for objective in document.objectives:
        texts = Counter(kr.text for kr in _flat(objective.key_results))
        texts.update(i.text for i in objective.initiatives)
        out.append((objective.text, texts))
    out.append(("", Counter(kr.text for kr in _flat(document.loose_key_results))))
    return out


def _flat(krs) -> list:
    found, stack = [], list(reversed(krs))
    while stack:
        kr = stack.pop()
        found.append(kr)
        stack.extend(reversed(kr.children))
    return found


def check_file(path: str) -> list[str]:
    """Every problem krlint shows on the file at ``path``: the checks a fuzzed input must pass."""
    import krlint
    from krlint import sources

    data = Path(path).read_bytes()
    raw_lines = len(re.split(rb"\r\n|\r|\n", data))
    problems: list[str] = []
    results = krlint.lint_paths([path])
    if len(results) != 1:
        return [f"lint_paths gave {len(results)} results for one file"]
    result = results[0]
    if result.error is not None:
        if problem := _message_problem(result.error.message):
            problems.append("lint: " + problem)
        if result.error.line is not None and not 1 <= result.error.line <= raw_lines:
            problems.append(f"lint: error line {result.error.line} outside the file ({raw_lines} lines)")
        if result.findings:
            problems.append("lint: a result with both an error and findings")
        return problems
    text = sources.decode(data)
    lines = text.split("\n")
    problems += _span_problems(lines, result.findings, "lint")
    fmt = sources.format_for(path)

    fixes = krlint.fix_paths([path], task_verbs=True)
    if len(fixes) != 1:
        return problems + [f"fix_paths gave {len(fixes)} results for one file"]
    fixed = fixes[0]
    if fixed.result.error is not None:
        return problems + [f"fix: error on a file that lints: {fixed.result.error.message[:200]!r}"]
    if fixed.original != data.decode("utf-8"):
        problems.append("fix: original text is not the file's text")
    if fixed.fixed is None:
        return problems + ["fix: no fixed text and no error"]
    after = sources.decode(fixed.fixed.encode("utf-8"))
    problems += _span_problems(after.split("\n"), fixed.result.findings, "fix (findings on the fixed text)")
    if fixed.changed:
        try:
            before_doc = krlint.parse_text(text, fmt, path)
            after_doc = krlint.parse_text(after, fmt, path)
        except krlint.KrlintError as error:
            return problems + [f"fix: the fixed text does not parse: {error.message[:200]!r}"]
        before, now = _items(before_doc), _items(after_doc)
        if [o for o, _ in before] != [o for o, _ in now]:
            problems.append("fix: the Objectives changed")
        elif [c for _, c in before] != [c for _, c in now]:
            problems.append("fix: Key Results or Initiatives were lost or changed")
        moved_krs = sum(1 for _ in before_doc.key_results()) - sum(1 for _ in after_doc.key_results())
        if moved_krs != fixed.moved:
            problems.append(f"fix: reports {fixed.moved} moved, the text shows {moved_krs}")
    return problems


def _signature_of_exception(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "krlint" in frame.filename and "bench" not in frame.filename]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    last = frames[-1] if frames else None
    inner = f" ({Path(last.filename).name}:{last.lineno})" if last and ours and last is not ours[-1] else ""
    return f"{type(error).__name__} at {where}{inner}"


def _signature_of_problem(problem: str) -> str:
    """The problem with what varies from input to input (quoted text, numbers, spans) left out."""
    problem = re.sub(r"Span\([^)]*\)", "SPAN", problem)
    problem = re.sub(r"'[^']*'|\"[^\"]*\"", "'...'", problem)
    return re.sub(r"\d+", "N", problem)[:120]


def run_checks(path: str) -> dict:
    try:
        with warnings.catch_warnings(record=True) as caught:  # a warning is printed on the user's stderr
            warnings.simplefilter("always")
            problems = check_file(path)
        problems += [f"a warning reached stderr: {w.category.__name__}: {str(w.message).splitlines()[0][:150] if str(w.message).strip() else ''}"
                     for w in caught]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - the point is to catch everything
        return {"kind": "exception", "signature": _signature_of_exception(error),
                "detail": "".join(traceback.format_exception(error))[-6000:]}
    if problems:
        return {"kind": "check", "signature": _signature_of_problem(problems[0]), "detail": "\n".join(problems)}
    return {"kind": "ok"}


def _worker(connection, cache: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["KRLINT_CACHE_DIR"] = cache  # should the library ever cache, not in the user's cache
    import krlint  # noqa: F401  (loaded once; spaCy loads with the first Key Result measured)

    connection.send({"kind": "ready"})
    while True:
        try:
            path = connection.recv()
        except EOFError:
            return
        if path is None:
            return
        connection.send(run_checks(path))


# The runner -------------------------------------------------------------------------------------------


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Worker:
    """One process running the checks; killed and replaced when it hangs, dies or grows too large."""

    def __init__(self, context, directory: Path, number: int):
        self.context, self.directory, self.number = context, directory, number
        self.job: tuple[int, bytes, str, str, Path] | None = None
        self.started = 0.0
        self._start()

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        cache = self.directory / f"cache{self.number}"
        self.process = self.context.Process(target=_worker, args=(child, str(cache)), daemon=True)
        self.process.start()
        child.close()
        self.connection = parent
        if not self.connection.poll(300):
            raise SystemExit("fuzz: a worker did not start")
        self.connection.recv()

    def submit(self, index: int, data: bytes, suffix: str, kind: str) -> None:
        path = self.directory / f"w{self.number}" / f"okrs{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.iterdir():
            stale.unlink()
        path.write_bytes(data)
        self.job = (index, data, suffix, kind, path)
        self.started = time.monotonic()
        self.connection.send(str(path))

    def restart(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.connection.close()
        self._start()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def _note(out: Path, job, answer: dict, seed: int, seconds: float) -> Path:
    index, data, suffix, kind, _path = job
    digest = hashlib.sha1(answer["signature"].encode()).hexdigest()[:8]
    name = f"{digest}-s{seed}-i{index}"
    out.mkdir(parents=True, exist_ok=True)
    saved = out / f"{name}{suffix}"
    saved.write_bytes(data)
    (out / f"{name}.note.txt").write_text(
        f"failure: {answer['kind']}: {answer['signature']}\n"
        f"input: {saved.name} ({len(data)} bytes, format by suffix {suffix}; made as: {kind})\n"
        f"reproduce: python bench/fuzz.py --seed {seed} --index {index}   or   python bench/fuzz.py --replay {saved}\n"
        f"time: {seconds:.1f} s\n\n{answer['detail']}\n", encoding="utf-8")
    return saved


def allowed(args, size: int) -> float:
    """Seconds an input of ``size`` bytes may take: --timeout, plus --timeout-per-mb for each MB
    (linear work on a large file is fine; a hang or quadratic work is not)."""
    return args.timeout + args.timeout_per_mb * size / 1048576


def fuzz(args) -> int:
    corpus = Corpus()
    context = multiprocessing.get_context("spawn")
    scratch = Path(tempfile.mkdtemp(prefix="krlint-fuzz-"))
    out = Path(args.out)
    print(f"fuzz: seed {args.seed}, {args.seconds:g} s, {args.workers} worker(s), timeout {args.timeout:g} s + {args.timeout_per_mb:g} s/MB, "
          f"{len(corpus.seeds)} seed files ({'with' if SHARED_FILES.is_dir() else 'without'} ../shared real OKR files)",
          flush=True)
    workers = [Worker(context, scratch, number) for number in range(args.workers)]
    begin = time.monotonic()
    deadline = begin + args.seconds
    index, done, failures = args.start, 0, 0
    by_signature: dict[str, int] = {}
    last_report = begin
    try:
        while True:
            now = time.monotonic()
            for worker in workers:
                if worker.job is None and now < deadline:
                    worker.submit(index, *make_input(args.seed, index, corpus))
                    index += 1
            busy = [worker for worker in workers if worker.job is not None]
            if not busy:
                break
            ready = multiprocessing.connection.wait([w.connection for w in busy], timeout=0.25)
            now = time.monotonic()
            for worker in busy:
                answer = None
                if worker.connection in ready:
                    try:
                        answer = worker.connection.recv()
                    except (EOFError, OSError):
                        worker.process.join(5)
                        answer = {"kind": "died", "signature": f"worker died (exit code {worker.process.exitcode})",
                                  "detail": f"the worker process ended with exit code {worker.process.exitcode}"}
                elif now - worker.started > (limit := allowed(args, len(worker.job[1]))):
                    answer = {"kind": "hang", "signature": "hang",
                              "detail": f"no answer within {limit:.0f} s ({len(worker.job[1])} bytes)"}
                elif (rss := _rss_mb(worker.process.pid)) is not None and rss > args.max_rss_mb:
                    answer = {"kind": "memory", "signature": f"memory (over {args.max_rss_mb} MB)",
                              "detail": f"resident memory reached {rss:.0f} MB"}
                if answer is None:
                    continue
                elapsed = now - worker.started
                job, worker.job = worker.job, None
                done += 1
                if answer["kind"] != "ok":
                    failures += 1
                    count = by_signature[answer["signature"]] = by_signature.get(answer["signature"], 0) + 1
                    saved = _note(out, job, answer, args.seed, elapsed) if count <= args.keep else None
                    print(f"CRASH {answer['kind']}: {answer['signature']} | input {job[0]} ({job[3]}, {len(job[1])} bytes, {job[2]})"
                          + (f" -> {saved}" if saved else " (not saved: --keep reached)"), flush=True)
                    if answer["kind"] in ("hang", "memory", "died"):
                        worker.restart()
            if now - last_report > 60:
                last_report = now
                print(f"  ... {done} inputs, {done / (now - begin):.1f}/s, {failures} failures", flush=True)
    finally:
        for worker in workers:
            worker.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - begin
    print(f"fuzz: {done} inputs in {elapsed:.0f} s ({done / elapsed:.1f} inputs/s), inputs {args.start}..{index - 1}, "
          f"{failures} failures, {len(by_signature)} distinct", flush=True)
    for signature, count in sorted(by_signature.items(), key=lambda item: -item[1]):
        print(f"  {count:5d}  {signature}")
    return 1 if failures else 0


def _run_one(path: Path, timeout: float) -> dict:
    """The checks on one file in a fresh worker, with the watchdog."""
    context = multiprocessing.get_context("spawn")
    scratch = Path(tempfile.mkdtemp(prefix="krlint-fuzz-"))
    worker = Worker(context, scratch, 0)
    try:
        worker.submit(0, path.read_bytes(), path.suffix, "replay")
        if worker.connection.poll(timeout):
            return worker.connection.recv()
        return {"kind": "hang", "signature": "hang", "detail": f"no answer within {timeout:.0f} s"}
    finally:
        worker.process.kill()
        shutil.rmtree(scratch, ignore_errors=True)


def replay(args) -> int:
    failed = 0
    for name in args.replay:
        answer = _run_one(Path(name), allowed(args, Path(name).stat().st_size))
        print(f"{name}: {answer['kind']}" + (f": {answer['signature']}\n{answer['detail']}" if answer["kind"] != "ok" else ""))
        failed += answer["kind"] != "ok"
    return 1 if failed else 0


def minimize(args) -> int:
    """Shrinks a failing input by deleting line ranges, then byte ranges, keeping its failure's signature."""
    path = Path(args.minimize)
    context = multiprocessing.get_context("spawn")
    scratch = Path(tempfile.mkdtemp(prefix="krlint-fuzz-min-"))
    worker = Worker(context, scratch, 0)

    def answer(data: bytes) -> dict:
        worker.submit(0, data, path.suffix, "minimize")
        if worker.connection.poll(allowed(args, len(data))):
            return worker.connection.recv()
        worker.restart()
        return {"kind": "hang", "signature": "hang"}

    data = path.read_bytes()
    wanted = answer(data)
    if wanted["kind"] == "ok":
        print(f"{path}: passes; nothing to minimize")
        return 1
    print(f"{path}: {wanted['signature']} ({len(data)} bytes)")
    try:
        for unit in ("lines", "bytes"):
            chunk = None
            while True:
                parts = data.splitlines(keepends=True) if unit == "lines" else [bytes([b]) for b in data]
                chunk = len(parts) // 2 if chunk is None else chunk
                if chunk < 1:
                    break
                start, shrunk = 0, False
                while start < len(parts):
                    trial = b"".join(parts[:start] + parts[start + chunk:])
                    if trial != data and answer(trial).get("signature") == wanted["signature"]:
                        data, parts, shrunk = trial, parts[:start] + parts[start + chunk:], True
                    else:
                        start += chunk
                if not shrunk:
                    chunk //= 2
            if len(data) > 20000 and unit == "lines":
                break  # byte by byte is too slow on large inputs; the lines are small enough
    finally:
        worker.process.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    target = path.with_name(path.stem + ".min" + path.suffix)
    target.write_bytes(data)
    print(f"minimized to {len(data)} bytes: {target}\n{data[:2000]!r}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the inputs (default 1: runs are reproducible)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "crashes"), help="where failing inputs are saved")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds one input may take (default 20)...")
    parser.add_argument("--timeout-per-mb", type=float, default=60, help="...plus this many for each MB of it (default 60)")
    parser.add_argument("--max-rss-mb", type=int, default=2048, help="memory one worker may hold (default 2048 MB)")
    parser.add_argument("--keep", type=int, default=5, help="inputs saved per distinct failure (default 5)")
    parser.add_argument("--start", type=int, default=0, help="index of the first input (default 0)")
    parser.add_argument("--index", type=int, help="write input INDEX of --seed to --out and run it once")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run the checks on these files and stop")
    parser.add_argument("--minimize", metavar="FILE", help="shrink this failing input (writes FILE.min.SUFFIX)")
    args = parser.parse_args()
    if args.replay:
        return replay(args)
    if args.minimize:
        return minimize(args)
    if args.index is not None:
        data, suffix, kind = make_input(args.seed, args.index, Corpus())
        Path(args.out).mkdir(parents=True, exist_ok=True)
        target = Path(args.out) / f"input-s{args.seed}-i{args.index}{suffix}"
        target.write_bytes(data)
        print(f"{target}: {kind}, {len(data)} bytes")
        args.replay = [str(target)]
        return replay(args)
    return fuzz(args)


if __name__ == "__main__":
    sys.exit(main())

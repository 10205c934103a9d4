"""Lint results kept between runs, so that a pre-commit hook on an unchanged file answers without
loading spaCy or the classifier.

An entry is keyed on everything a result depends on: the file's path and text, the settings,
krlint's code (its version and the size and time of each of its modules, so an upgrade or an
edit never serves a stale result) and the model's SHA-256. Entries are written to a temporary
file and renamed into place, so two krlint processes sharing the folder never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from .config import Config
from .model import Finding, Severity, Span

ENTRY_VERSION = 1


def default_folder() -> Path:
    """``$KRLINT_CACHE_DIR``, else the platform's cache folder (``~/.cache/krlint`` on Linux)."""
    if folder := os.environ.get("KRLINT_CACHE_DIR"):
        return Path(folder)
    import platformdirs

    return platformdirs.user_cache_path("krlint")


def _code_fingerprint() -> str:
    from . import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        digest.update(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _model_fingerprint(config: Config) -> str:
    if config.model_path is None:
        from .classifier.loader import shipped_sha256

        return shipped_sha256()
    try:
        return hashlib.sha256(Path(config.model_path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


class ResultCache:
    def __init__(self, folder: Path | None = None):
        self.folder = folder or default_folder()
        self._code = _code_fingerprint()
        self._models: dict[str | None, str] = {}

    def key(self, path: str, fmt: str, source: str, config: Config) -> str:
        if config.model_path not in self._models:
            self._models[config.model_path] = _model_fingerprint(config)
        # Where the config came from, and how many processes did the work, change no finding.
        settings = {name: value for name, value in asdict(config).items() if name not in ("source", "jobs")}
        head = json.dumps([ENTRY_VERSION, self._code, self._models[config.model_path], path, fmt, settings],
                          sort_keys=True, default=str)
        return hashlib.sha256(head.encode() + b"\0" + source.encode("utf-8", "surrogatepass")).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str, path: str) -> tuple[Finding, ...] | None:
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            return tuple(_finding(path, item) for item in data["findings"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, or written by another version: recompute

    def put(self, key: str, findings: tuple[Finding, ...]) -> None:
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"findings": [_plain(f) for f in findings]}, stream)
            os.replace(temporary, entry)
        except OSError:
            pass  # a read-only or full cache folder must not fail the lint


def _plain(finding: Finding) -> dict:
    plain = asdict(finding)
    del plain["path"]
    plain["severity"] = finding.severity.value
    return plain


def _finding(path: str, item: dict) -> Finding:
    return Finding(path=path, span=Span(**item["span"]), code=item["code"], name=item["name"],
                   severity=Severity(item["severity"]), message=item["message"],
                   suggestion=item["suggestion"], fixable=item["fixable"])


def clean(folder: Path | None = None) -> Path:
    folder = folder or default_folder()
    shutil.rmtree(folder, ignore_errors=True)
    return folder

"""Reading files safely and finding the OKR files under a directory."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Iterable, Iterator

from .errors import KrlintError

MAX_BYTES = 10 * 1024 * 1024
FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".yaml": "yaml", ".yml": "yaml", ".json": "yaml",
    ".txt": "text", ".text": "text",
    ".csv": "csv", ".tsv": "csv",
}
OKR_NAME_PATTERNS = ("*okr*", "*objective*")
_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", "site-packages"}


def format_for(path: str) -> str:
    """The parser a file name calls for; anything unknown is read as plain text."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def decode(data: bytes) -> str:
    """Bytes to text, refusing what is not UTF-8 text; a BOM is dropped and line endings unified."""
    if b"\x00" in data[:8192]:
        raise KrlintError("binary file (it holds NUL bytes), not an OKR file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise KrlintError(f"not valid UTF-8 (byte {error.start})", line) from None
    if "\x00" in text:
        raise KrlintError("binary file (it holds NUL bytes), not an OKR file", text.count("\n", 0, text.index("\x00")) + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str) -> str:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise KrlintError(f"file is {size / 1048576:.1f} MB; krlint reads OKR files up to {MAX_BYTES // 1048576} MB")
        with open(path, "rb") as handle:
            return decode(handle.read())
    except FileNotFoundError:
        raise KrlintError("no such file") from None
    except IsADirectoryError:
        raise KrlintError("is a directory") from None
    except PermissionError:
        raise KrlintError("permission denied") from None
    except OSError as error:
        raise KrlintError(error.strerror or str(error)) from None


def is_okr_file(path: Path, include: Iterable[str] = ()) -> bool:
    """Whether a file met in a directory walk is linted: its name says it holds OKRs, or an
    ``include`` glob (matched against the path below the walked directory, or the name) names it."""
    name = path.name.lower()
    if path.suffix.lower() not in FORMATS:
        return False
    if any(fnmatch.fnmatch(name, pattern) for pattern in OKR_NAME_PATTERNS):
        return True
    posix = path.as_posix()
    return any(fnmatch.fnmatch(posix, glob) or fnmatch.fnmatch(path.name, glob) for glob in include)


def walk(directory: Path, include: Iterable[str] = ()) -> Iterator[Path]:
    """OKR files below ``directory`` in a stable order. Symbolic links to directories are not
    followed, so a link loop cannot trap the walk."""
    include = tuple(include)
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if is_okr_file(path.relative_to(directory), include):
                yield path

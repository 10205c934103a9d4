"""Reading files safely and finding the OKR files under a directory."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
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
OKR_NAME_PATTERNS = ("*okr*", "*objective*", "*goal*")  # "company-goals-2022_q3.md" holds OKRs too
_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", "site-packages"}


def format_for(path: str) -> str:
    """The parser a file name calls for; anything unknown is read as plain text."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


_BREAK = re.compile(rb"\r\n|\r|\n")
_BINARY = "binary file (it holds NUL bytes), not an OKR file"
_WIDE_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))
_CONVERT = "krlint reads UTF-8: save it as UTF-8 (e.g. iconv -f {0} -t UTF-8)"


def _line_at(data: bytes, offset: int) -> int:
    """The line (1-based, counted as the text's lines are: at \\r\\n, \\r and \\n) of byte ``offset``."""
    return len(_BREAK.findall(data, 0, offset)) + 1


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 written without a byte-order mark, told by where its zero bytes fall: in
    mostly ASCII text every other byte of UTF-16 is zero, and three of every four of UTF-32."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for order in (slice(None), slice(None, None, -1)):  # little-endian, big-endian
            lanes = [sample[i::width] for i in range(width)][order]
            if lanes[0].count(0) < len(lanes[0]) * 0.1 and all(lane.count(0) >= len(lane) * 0.9 for lane in lanes[1:]):
                return name
    return None


def decode(data: bytes) -> str:
    """Bytes to text, refusing what is not UTF-8 text; a BOM is dropped and line endings unified.
    Errors say the line where they can: a NUL byte in text, a byte that is not UTF-8."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise KrlintError(f"{name} text (it starts with a {name} byte-order mark); " + _CONVERT.format(name))
    nul = data.find(b"\x00")
    if nul >= 0:
        if wide := _wide_encoding(data):
            raise KrlintError(f"looks like {wide} text without a byte-order mark; " + _CONVERT.format(wide))
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise KrlintError(_BINARY) from None  # not text at all: no line to point at
        raise KrlintError(_BINARY, _line_at(data, nul))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise KrlintError(f"not valid UTF-8 (byte {start})", _line_at(data, start)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_text(path: str) -> str:
    """A file's text. Only a regular file is read (a FIFO or a device could block or never end),
    opened without blocking and never more than MAX_BYTES of it."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise KrlintError("is a directory")
            if not stat.S_ISREG(mode):
                kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
                raise KrlintError(f"is {kind}, not a regular file")
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise KrlintError("no such file") from None
    except IsADirectoryError:
        raise KrlintError("is a directory") from None
    except PermissionError:
        raise KrlintError("permission denied") from None
    except OSError as error:
        raise KrlintError(error.strerror or str(error)) from None
    if len(data) > MAX_BYTES:
        size = max(len(data), _size(path))
        raise KrlintError(f"file is {size / 1048576:.1f} MB; krlint reads OKR files up to {MAX_BYTES // 1048576} MB")
    return decode(data)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


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


def resolved(path: str | Path) -> Path:
    """The absolute path with links resolved where they can be; a link loop (which makes
    ``Path.resolve`` raise) stays as written, made absolute."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))

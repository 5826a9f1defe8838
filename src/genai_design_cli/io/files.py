"""Reading a file a user gave or left: only a regular file, at most a size cap, as UTF-8
without newline translation. A FIFO, a device or a link to /dev/zero is refused before it is
opened, so no command hangs or fills memory on one; every refusal is a UserError naming the
file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from genai_design_cli.errors import UserError

MAX_TOML_BYTES = 1 << 20  # sessions, answers files, catalogs: ours are under 64 KiB
MAX_JSON_BYTES = 64 << 20  # LiteLLM's price file is a few MiB and grows


def file_kind(mode: int) -> str:
    """What a file is, in words, from its `st_mode`."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path, *, limit: int = MAX_TOML_BYTES, what: str = "file") -> bytes:
    """The bytes of a regular file (a symlink to one is fine) of at most `limit` bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError(f"cannot read the {what}: no such file", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"cannot read the {what} ({_reason(exc)})", where=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(
            f"not a regular file: it is {file_kind(info.st_mode)}, so it was not opened",
            where=str(path),
        )
    if info.st_size > limit:
        raise UserError(
            f"too large to be a {what} ({info.st_size:,} bytes; the limit is {limit:,})",
            where=str(path),
        )
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the check, open does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UserError("not a regular file; not reading it", where=str(path))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UserError(f"cannot read the {what} ({_reason(exc)})", where=str(path)) from None
    if len(data) > limit:
        raise UserError(f"too large to be a {what} (over {limit:,} bytes)", where=str(path))
    return data


def read_text(path: Path, *, limit: int = MAX_TOML_BYTES, what: str = "file") -> str:
    """A regular file's text: UTF-8, line endings as they are (a Windows `\\r\\n` stays)."""
    data = read_bytes(path, limit=limit, what=what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError(
            f"not UTF-8 text: byte {data[exc.start]:#04x} at line {line} cannot be read",
            where=str(path),
            hint="Save the file as UTF-8.",
        ) from None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__

"""Atomic file writes: a temporary file in the same folder, flushed, fsynced and renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from genai_design_cli.errors import UserError


def atomic_write(path: Path, text: str, *, private: bool = True) -> None:
    """Write via a temporary file in the same folder, flush, fsync, rename: a crash or kill -9
    leaves either the old file or the new one, never half of one.

    `private` files (sessions, which may hold confidential designs) stay readable by their
    owner only; others (exported documents) get the usual permissions under the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: Path, text: str) -> None:
    """Write a file the user asked for (`--out`): atomically, with normal permissions,
    creating its folder if need be (`--out docs/design.md`); a failure is a clear error, not a
    traceback."""
    try:
        atomic_write(path, text, private=False)
    except OSError as exc:
        raise UserError(
            f"cannot write {path}: {exc.strerror or exc}",
            where="--out",
            hint="Choose another --out path.",
        ) from None

"""Atomic file writes: a temporary file in the same folder, flushed, fsynced, renamed over the
target, then the folder fsynced so the rename itself survives a power cut. Exports go only to
regular files: a device, a FIFO or a symbolic link at the target is refused, never replaced."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from genai_design_cli.errors import UserError, WorkFailed

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60  # a temporary file older than this is a killed writer's leftover


def atomic_write(path: Path, text: str, *, private: bool = True) -> None:
    """Write via a temporary file in the same folder, flush, fsync, rename, fsync the folder:
    a crash or kill -9 leaves either the old file or the new one, never half of one.

    `private` files (sessions, which may hold confidential designs) stay readable by their
    owner only; others (exported documents) get the usual permissions under the umask.
    Text UTF-8 cannot hold (a lone surrogate) raises UnicodeEncodeError before any file is
    touched."""
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename or an unlink in `folder` durable. Best effort: some file systems (and
    Windows) cannot open a folder for this, and the file itself is already synced."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: Path, older_than_s: float = STALE_TEMP_SECONDS) -> int:
    """Remove `.<name>.*.tmp` files a killed writer left in `folder` (only those older than
    a minute: a younger one may be another process's write in progress). Returns how many."""
    removed = 0
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    cutoff = time.time() - older_than_s
    for candidate in candidates:
        try:
            info = candidate.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def check_output_target(path: Path, *, force: bool) -> None:
    """May an export write `path`? Only a regular file, and an existing one only with
    --force. A symbolic link is refused even with --force (a dangling one too): following it
    would write wherever it points, replacing it would lose it; the message names the target
    to give instead. A device or FIFO (`/dev/null`) is refused: it would be replaced."""
    try:
        info = path.lstat()
    except OSError:
        return  # nothing there (or no folder to put it in: writing says so)
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        raise UserError(
            f"{path} is a symbolic link (to {target}); not writing through it or replacing it",
            where="--out",
            hint=f"To write where it points, give that path: --out {path.parent / target}",
        )
    if not stat.S_ISREG(info.st_mode):
        from genai_design_cli.io.files import file_kind

        raise UserError(
            f"{path} is {file_kind(info.st_mode)}, not a regular file; not replacing it",
            where="--out",
            hint=_ANOTHER,
        )
    if not force:
        raise WorkFailed(
            f"{path} already exists; not overwriting it",
            where="--out",
            hint="Use --force to overwrite it, or choose another --out path.",
        )


_ANOTHER = "Choose a regular file for --out (or leave --out out to print to stdout)."


def write_output(path: Path, text: str, *, force: bool = True) -> None:
    """Write a file the user asked for (`--out`): atomically, with normal permissions,
    creating its folder if need be (`--out docs/design.md`). Only a regular file is written
    (see `check_output_target`; callers have already refused an existing file without
    --force, so `force` defaults to True here). A failure is a clear error, not a
    traceback."""
    check_output_target(path, force=force)
    try:
        atomic_write(path, text, private=False)
    except OSError as exc:
        raise UserError(
            f"cannot write {path}: {exc.strerror or exc}",
            where="--out",
            hint="Choose another --out path.",
        ) from None
    except UnicodeEncodeError:
        raise UserError(
            f"cannot write {path}: the text holds characters UTF-8 cannot store",
            where="--out",
        ) from None

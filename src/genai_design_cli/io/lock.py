"""One writer per session: a lock file beside the session file, held while a session is open.

`<session>.toml.lock` is created with O_CREAT|O_EXCL (atomic: of two processes, one gets it)
and holds the holder's pid, host and start time. A second `resume` is refused with those. A
lock whose holder is a dead process on this host (a `kill -9`, a crash) is stale and taken
over; a lock from another host is never taken over, since we cannot see its processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from genai_design_cli.errors import WorkFailed

LOCK_SUFFIX = ".lock"
# A lock file with no readable content is normally one being written this instant; older
# than this, it is a writer killed between create and write.
UNREADABLE_GRACE_S = 5.0


def lock_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: str  # ISO 8601, UTC
    command: str = ""

    def describe(self) -> str:
        where = "this computer" if self.host == _host() else f"host {self.host}"
        what = f"`genai-design {self.command}`" if self.command else "genai-design"
        return f"{what} (pid {self.pid} on {where}, since {_local(self.since)})"


class SessionLocked(WorkFailed):
    """The session is open in another process (exit 1: the command is fine and the session
    file too; the work cannot go on now, as when an export refuses to overwrite)."""

    def __init__(self, session_path: Path, holder: Holder | None) -> None:
        self.holder = holder
        who = holder.describe() if holder else "another genai-design process"
        lock = lock_path(session_path)
        same_host = holder is not None and holder.host == _host()
        hint = (
            "Finish or quit it there first (it saves after every answer), then resume here."
            if same_host
            else f"If that process is gone for sure, remove the lock and try again: rm '{lock}'"
        )
        if holder is None:
            hint = f"Try again in a moment; if this persists, remove the lock: rm '{lock}'"
        super().__init__(f"this session is open in {who}", where=str(session_path), hint=hint)


class SessionLock:
    """The lock on one session file. `acquire()` or SessionLocked; `release()` removes the
    file if it is still ours. `took_over` says whose stale lock was taken, for a message."""

    def __init__(self, session_path: Path, command: str = "") -> None:
        self.session_path = session_path
        self.path = lock_path(session_path)
        self.command = command
        self.held = False
        self.took_over: Holder | None = None
        self._mine: str | None = None

    def acquire(self) -> SessionLock:
        for _ in range(3):
            if self._create():
                return self
            holder, age = self._read()
            if holder is None:
                if age is not None and age < UNREADABLE_GRACE_S:
                    raise SessionLocked(self.session_path, None)
            elif not is_stale(holder):
                raise SessionLocked(self.session_path, holder)
            if self._take_away(holder):
                self.took_over = holder
        raise SessionLocked(self.session_path, self._read()[0])

    def release(self) -> None:
        """Remove the lock if it is still ours (after a takeover race it may not be)."""
        if not self.held:
            return
        self.held = False
        try:
            if self.path.read_text(encoding="utf-8") == self._mine:
                self.path.unlink()
        except OSError:
            pass

    def __enter__(self) -> SessionLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _create(self) -> bool:
        content = json.dumps(
            {
                "pid": os.getpid(),
                "host": _host(),
                "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "command": self.command,
            }
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        try:
            os.write(fd, content.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        self._mine = content
        self.held = True
        return True

    def _read(self) -> tuple[Holder | None, float | None]:
        """The holder written in the lock (None if unreadable) and the lock's age in
        seconds (None if it is gone)."""
        try:
            age = time.time() - self.path.stat().st_mtime
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError):
            return None, 0.0
        return _parse(text), age

    def _take_away(self, stale: Holder | None) -> bool:
        """Move a stale lock out of the way. Renaming is atomic, so of two processes taking
        over the same stale lock one moves it; the other finds it gone (or finds the new
        holder's lock, which it puts back)."""
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.stale")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return False
        try:
            moved = aside.read_text(encoding="utf-8")
        except OSError:
            moved = ""
        holder = _parse(moved)
        if holder is not None and holder != stale and not is_stale(holder):
            # we moved a fresh lock taken in between: give it back
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
            aside.unlink(missing_ok=True)
            return False
        aside.unlink(missing_ok=True)
        return True


def _parse(text: str) -> Holder | None:
    try:
        data = json.loads(text)
        return Holder(
            int(data["pid"]),
            str(data["host"]),
            str(data.get("since", "")),
            str(data.get("command", "")),
        )
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


def holder_of(session_path: Path) -> Holder | None:
    """Who holds the session's lock now (a live holder), or None."""
    holder, _ = SessionLock(session_path)._read()
    if holder is None:
        return None
    return None if is_stale(holder) else holder


def is_stale(holder: Holder) -> bool:
    """A lock whose holder is a process on this host that no longer runs (or whose pid now
    belongs to a process started after the lock was taken)."""
    if holder.host != _host():
        return False
    if holder.pid == os.getpid():
        return False
    if holder.pid <= 0:
        return True
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, someone else's
    except OSError:
        return False
    if _process_state(holder.pid) == "Z":  # killed, not yet reaped by its parent
        return True
    started = _process_start(holder.pid)
    since = _timestamp(holder.since)
    # a pid reused by a process started after the lock (allow for clock granularity)
    return started is not None and since is not None and started > since + 2


def _process_state(pid: int) -> str | None:
    """The state letter of process `pid` (R, S, Z...), from /proc on Linux; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _process_start(pid: int) -> float | None:
    """When process `pid` started (epoch seconds), from /proc on Linux; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22, starttime, counted after the comm field
        with open("/proc/stat", encoding="ascii") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _timestamp(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return None


def _local(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso or "an unknown time"


def _host() -> str:
    return socket.gethostname()

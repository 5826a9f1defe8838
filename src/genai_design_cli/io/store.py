"""The session store: sessions as TOML files in one folder (GENAI_DESIGN_HOME/sessions).

One bad file never breaks the rest: `all()` skips a file it cannot read (a FIFO, a link to
/dev/zero, a 1,000-deep nesting, a local date-time) and says which in `skipped`; nothing is
opened before its type and size are checked. A failed save is a SaveFailed saying why (a full
disk, a read-only folder, text UTF-8 cannot hold), never an OSError for a traceback.
"""

from __future__ import annotations

from pathlib import Path

from genai_design_cli.errors import UserError, WorkFailed
from genai_design_cli.io.atomic import atomic_write, remove_stale_temp_files
from genai_design_cli.io.lock import SessionLock, SessionLocked, holder_of
from genai_design_cli.model.session import (
    MAX_ID_LENGTH,
    Session,
    id_problem,
    now,
    session_from_toml,
    session_to_toml,
)

MAX_REF_SHOWN = 60  # characters of a session reference quoted back in a message


class SaveFailed(WorkFailed):
    """A session could not be written. `reason` says why in a few words; `unencodable`
    lists the answers holding text UTF-8 cannot store (then trying again cannot help)."""

    def __init__(self, path: Path, reason: str, unencodable: list[str] | None = None) -> None:
        self.path = path
        self.reason = reason
        self.unencodable = unencodable or []
        super().__init__(
            f"could not save the session: {reason}",
            where=str(path),
            hint="Free some space or choose another folder (GENAI_DESIGN_HOME), then try again."
            if not self.unencodable
            else "Type those answers again.",
        )


def shown_ref(ref: str) -> str:
    """A session reference as quoted in a message: at most MAX_REF_SHOWN characters."""
    return repr(ref if len(ref) <= MAX_REF_SHOWN else ref[:MAX_REF_SHOWN] + "…")


def _first_problem(exc: UserError, file: Path) -> str:
    """A load error as one short line: its first problem, the file's path left out (the
    line says which file), `line N:` kept."""
    lines = exc.message.splitlines()
    text = lines[1].strip() if len(lines) > 1 else lines[0]
    rest = text.removeprefix(str(file))
    if rest != text:
        head, _, tail = rest.lstrip(":").partition(":")
        rest = f"line {head}:{tail}" if head.strip().isdigit() else rest.lstrip(": ")
    return rest


def _is_file(path: Path) -> bool:
    """Path.is_file() that is False, not an exception, for a name too long or with a NUL."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


class SessionStore:
    """Sessions as TOML files in one folder (GENAI_DESIGN_HOME/sessions by default)."""

    def __init__(self, root: Path | None = None) -> None:
        if root is None:
            from genai_design_cli.io import paths

            root = paths.sessions_dir()
        self.root = root
        self.skipped: list[str] = []  # "file: why", for each file `all()` could not read

    def path_for(self, session_id: str) -> Path:
        return self.root / f"{session_id}.toml"

    def save(self, session: Session, path: Path | None = None) -> Path:
        """Write `session` atomically; SaveFailed (not OSError) when it cannot be written."""
        session.touch()
        target = path or self.path_for(session.id)
        try:
            text = session_to_toml(session)
            atomic_write(target, text)
        except UnicodeEncodeError:
            where = session.unencodable()
            raise SaveFailed(
                target,
                "the text of " + ", ".join(where or ["an answer"]) + " holds bytes that are "
                "not UTF-8 (from the terminal), which a session file cannot store",
                where or ["an answer"],
            ) from None
        except OSError as exc:
            raise SaveFailed(target, exc.strerror or str(exc)) from None
        return target

    def holds(self, path: Path) -> bool:
        """Is `path` a file of this store (not a session file kept somewhere else)?"""
        return path.parent == self.root

    def save_renamed(self, session: Session, old: Path | None) -> Path:
        """Save `session` under its id, which has just changed, and remove `old`, its file
        under the previous id, if that is in this store: a session named once its title is
        known leaves no stale copy for `resume` to find."""
        target = self.save(session)
        if old is not None and old != target and self.holds(old):
            old.unlink(missing_ok=True)
        return target

    def claim(self, base_id: str, command: str = "") -> tuple[str, SessionLock]:
        """A new session's id, unique in this store, and the lock on its file: `base_id`, or
        `base_id-2`, `-3`... if a file or a lock has it (two `new` in the same second). The
        lock file is created with O_EXCL, so two processes never get the same id."""
        self.root.mkdir(parents=True, exist_ok=True)
        for number in range(1, 1000):
            candidate = base_id if number == 1 else f"{base_id}-{number}"
            lock = SessionLock(self.path_for(candidate), command)
            try:
                lock.acquire()
            except SessionLocked:
                continue
            if self.path_for(candidate).exists():
                lock.release()
                continue
            return candidate, lock
        raise WorkFailed(f"could not find a free session id after {base_id}-999")

    def lock(self, path: Path, command: str = "") -> SessionLock:
        """Take the lock on an existing session file; SessionLocked if it is open elsewhere."""
        return SessionLock(path, command).acquire()

    def sweep(self) -> int:
        """Remove temporary files killed writers left in the sessions folder."""
        return remove_stale_temp_files(self.root)

    def load_path(self, path: Path) -> Session:
        """A session or answers file: a regular file of at most 1 MiB (checked before it is
        opened), UTF-8, valid. Every problem is a UserError naming the file."""
        from genai_design_cli.io.files import read_text

        return session_from_toml(read_text(path, what="session or answers file"), str(path))

    def all(self) -> list[tuple[Path, Session]]:
        """Every readable session, newest first. A file that cannot be read is skipped and
        noted in `skipped` (one line each), not fatal."""
        found = []
        self.skipped = []
        for file in self._files():
            try:
                found.append((file, self.load_path(file)))
            except UserError as exc:
                self.skipped.append(f"{file.name}: {_first_problem(exc, file)}")
        found.sort(
            key=lambda item: item[1].session.updated if item[1].session else now(), reverse=True
        )
        return found

    def _files(self) -> list[Path]:
        try:
            return sorted(self.root.glob("*.toml")) if self.root.is_dir() else []
        except OSError:
            return []

    def resolve(self, ref: str) -> Path:
        """A session id, a unique prefix of one, the start of its title part, or a path to a
        TOML file."""
        if not ref.strip():
            raise UserError("an empty session reference", hint="Give a session id or a path.")
        candidate = Path(ref).expanduser() if "\0" not in ref else Path("-")
        if _is_file(candidate):
            return candidate
        looks_like_id = id_problem(ref) is None
        if looks_like_id:
            exact = self.path_for(ref)
            if _is_file(exact):
                return exact
        ids = [p.stem for p in self._files()]
        matches = [i for i in ids if i.startswith(ref)]
        if not matches:  # the title's part of the id: `final-check` for 20261126-165935-final-check
            matches = [i for i in ids if i.partition("-")[2].partition("-")[2].startswith(ref)]
        if len(matches) == 1:
            return self.path_for(matches[0])
        if len(matches) > 1:
            raise UserError(
                f"{shown_ref(ref)} matches {len(matches)} sessions: {', '.join(matches[:5])}",
                hint="Give more of the id.",
            )
        if len(ref) > MAX_ID_LENGTH and not looks_like_id:
            raise UserError(
                f"no session {shown_ref(ref)} ({len(ref)} characters: longer than any "
                "session id, and no such file)",
                hint="See your sessions with: genai-design sessions list",
            )
        raise UserError(
            f"no session {shown_ref(ref)}"
            + ("" if candidate.suffix != ".toml" else " (no such file)"),
            hint="See your sessions with: genai-design sessions list",
        )

    def load(self, ref: str) -> tuple[Path, Session]:
        path = self.resolve(ref)
        return path, self.load_path(path)

    def latest_unfinished(self) -> tuple[Path, Session] | None:
        for path, session in self.all():
            meta = session.session
            if meta and (not meta.finished or meta.pending_out):
                return path, session  # a document still to write counts as unfinished
        return None

    def remove(self, ref: str) -> Path:
        path = self.resolve(ref)
        holder = holder_of(path)
        if holder is not None:
            raise SessionLocked(path, holder)
        path.unlink()
        return path

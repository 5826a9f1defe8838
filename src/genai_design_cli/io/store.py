"""The session store: sessions as TOML files in one folder (GENAI_DESIGN_HOME/sessions)."""

from __future__ import annotations

from pathlib import Path

from genai_design_cli.errors import UserError
from genai_design_cli.io.atomic import atomic_write
from genai_design_cli.model.session import Session, now, session_from_toml, session_to_toml


class SessionStore:
    """Sessions as TOML files in one folder (GENAI_DESIGN_HOME/sessions by default)."""

    def __init__(self, root: Path | None = None) -> None:
        if root is None:
            from genai_design_cli.io import paths

            root = paths.sessions_dir()
        self.root = root

    def path_for(self, session_id: str) -> Path:
        return self.root / f"{session_id}.toml"

    def save(self, session: Session, path: Path | None = None) -> Path:
        session.touch()
        target = path or self.path_for(session.id)
        atomic_write(target, session_to_toml(session))
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

    def load_path(self, path: Path) -> Session:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UserError(f"no such file: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {path}: {exc}") from None
        return session_from_toml(text, str(path))

    def all(self) -> list[tuple[Path, Session]]:
        """Every readable session, newest first. Unreadable files are skipped, not fatal."""
        found = []
        if self.root.is_dir():
            for file in self.root.glob("*.toml"):
                try:
                    found.append((file, self.load_path(file)))
                except UserError:
                    continue
        found.sort(
            key=lambda item: item[1].session.updated if item[1].session else now(), reverse=True
        )
        return found

    def resolve(self, ref: str) -> Path:
        """A session id, a unique prefix of one, the start of its title part, or a path to a
        TOML file."""
        candidate = Path(ref).expanduser()
        if candidate.is_file():
            return candidate
        exact = self.path_for(ref)
        if exact.is_file():
            return exact
        ids = sorted(p.stem for p in self.root.glob("*.toml")) if self.root.is_dir() else []
        matches = [i for i in ids if i.startswith(ref)]
        if not matches:  # the title's part of the id: `final-check` for 20261126-165935-final-check
            matches = [i for i in ids if i.partition("-")[2].partition("-")[2].startswith(ref)]
        if len(matches) == 1:
            return self.path_for(matches[0])
        if len(matches) > 1:
            raise UserError(
                f"{ref!r} matches {len(matches)} sessions: {', '.join(matches[:5])}",
                hint="Give more of the id.",
            )
        raise UserError(
            f"no session {ref!r}" + ("" if candidate.suffix != ".toml" else " (no such file)"),
            hint="See your sessions with: genai-design sessions list",
        )

    def load(self, ref: str) -> tuple[Path, Session]:
        path = self.resolve(ref)
        return path, self.load_path(path)

    def latest_unfinished(self) -> tuple[Path, Session] | None:
        for path, session in self.all():
            if session.session and not session.session.finished:
                return path, session
        return None

    def remove(self, ref: str) -> Path:
        path = self.resolve(ref)
        path.unlink()
        return path

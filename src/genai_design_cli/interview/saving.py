"""Saving an interview as it goes: the engine's `save` callback over the session store, and
the session's real id once its title is known."""

from __future__ import annotations

from pathlib import Path

from genai_design_cli.interview.engine import PROVISIONAL
from genai_design_cli.io.store import SessionStore
from genai_design_cli.model.session import Session, SessionMeta, new_session_id


class SessionSaver:
    """The engine's `save` callback: an atomic write after every answer. A session started
    without a title gets its real id once the title is known (the store removes the old file).
    `path` is where it was last saved; a session file outside the store stays where it is."""

    def __init__(self, store: SessionStore, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    def __call__(self, session: Session) -> Path | None:
        meta = session.session
        assert meta is not None
        if not meta.title and not session.answers and self.path is None:
            return None  # nothing said yet: no empty, untitled session for `resume` to find
        if self._just_named(meta):
            meta.id = new_session_id(meta.title, meta.created)
            self.path = self.store.save_renamed(session, self.path)
        else:
            self.path = self.store.save(session, self.path)
        return self.path

    def _just_named(self, meta: SessionMeta) -> bool:
        """A title and still the provisional id, in the store (or not saved yet)."""
        in_store = self.path is None or self.store.holds(self.path)
        return bool(meta.title) and meta.id.endswith("-" + PROVISIONAL) and in_store

    def resume_ref(self, session: Session) -> str:
        """How `genai-design resume` finds this session: its id, or its path when the file
        is outside the store."""
        if self.path is not None and not self.store.holds(self.path):
            return str(self.path)
        return session.id

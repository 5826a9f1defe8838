"""Saving an interview as it goes: the engine's `save` callback over the session store, the
session's real id once its title is known, the lock that keeps one writer per session, and
what happens when a save fails (the answers stay in memory; the front end chooses: try again,
another folder, or go on and try again at the next answer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from genai_design_cli.interview.sources import (
    SAVE_ELSEWHERE,
    SAVE_LATER,
    SAVE_REPAIR,
    SAVE_RETRY,
    SaveChoice,
)
from genai_design_cli.io.lock import SessionLock
from genai_design_cli.io.store import SaveFailed, SessionStore
from genai_design_cli.model.session import PROVISIONAL, Session, SessionMeta, new_session_id

SAVED = "saved"
LATER = "later"


class SessionSaver:
    """The engine's `save` callback: an atomic write after every answer. A session started
    without a title gets its real id once the title is known (the store removes the old file).
    `path` is where it was last saved; a session file outside the store stays where it is.

    It holds the session's lock from its first save (a new session claims a unique id with
    it) or from the start (`lock`, taken by `resume` before it read the file); `close()`
    releases it. A SaveFailed it raises carries `relocate(folder)`, to save elsewhere."""

    def __init__(
        self,
        store: SessionStore,
        path: Path | None = None,
        *,
        lock: SessionLock | None = None,
        command: str = "",
    ) -> None:
        self.store = store
        self.path = path
        self.lock = lock
        self.command = command

    def __call__(self, session: Session) -> Path | None:
        meta = session.session
        assert meta is not None
        if not meta.title and not session.answers and self.path is None:
            return None  # nothing said yet: no empty, untitled session for `resume` to find
        try:
            if self.path is None or self._just_named(meta):
                self._save_new(session, meta)
            else:
                self.path = self.store.save(session, self.path)
        except SaveFailed as exc:
            raise self._relocatable(exc, session) from None
        except OSError as exc:  # the folder or the lock could not be made
            failed = SaveFailed(self.path or self.store.root, exc.strerror or str(exc))
            raise self._relocatable(failed, session) from None
        return self.path

    def _relocatable(self, exc: SaveFailed, session: Session) -> SaveFailed:
        exc.relocate = lambda folder: self.relocate(session, folder)  # type: ignore[attr-defined]
        return exc

    def _save_new(self, session: Session, meta: SessionMeta) -> None:
        """The first save in the store, or the first since the title gave the real id: claim
        a unique id (and its lock), save, then let go of the old file and lock."""
        base = new_session_id(meta.title, meta.created) if self._just_named(meta) else meta.id
        new_id, lock = self.store.claim(base, self.command)
        old_id, meta.id = meta.id, new_id
        try:
            target = self.store.save_renamed(session, self.path)
        except BaseException:
            meta.id = old_id
            lock.release()
            raise
        if self.lock is not None:
            self.lock.release()
        self.lock, self.path = lock, target

    def relocate(self, session: Session, folder: Path) -> Path:
        """Save to `folder` from now on (the file where it could not be saved stays as it
        last was). Returns the new file; SaveFailed (relocatable again) if that fails too."""
        store = SessionStore(folder.expanduser())
        meta = session.session
        assert meta is not None
        try:
            new_id, lock = store.claim(meta.id, self.command)
        except OSError as exc:
            failed = SaveFailed(store.root, exc.strerror or str(exc))
            raise self._relocatable(failed, session) from None
        old_id, meta.id = meta.id, new_id
        try:
            target = store.save(session, store.path_for(new_id))
        except SaveFailed as exc:
            meta.id = old_id
            lock.release()
            raise self._relocatable(exc, session) from None
        if self.lock is not None:
            self.lock.release()
        self.lock, self.path = lock, target
        return target

    def close(self) -> None:
        """Release the session's lock (the file stays)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

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


def save_with_choices(save: Callable[[Session], Any], session: Session, source: Any) -> str:
    """Save; when it fails, ask the source what to do until it is saved (SAVED) or the
    person chooses to go on unsaved (LATER). The answers stay in memory either way. A source
    without the hook, or one that gives up, gets the SaveFailed."""
    try:
        save(session)
        return SAVED
    except SaveFailed as exc:
        failed = exc
    handler = getattr(source, "save_failed", None)
    while True:
        if handler is None:
            raise failed
        choice: SaveChoice = handler(failed)
        try:
            if choice.action == SAVE_RETRY:
                save(session)
                return SAVED
            if choice.action == SAVE_REPAIR:
                session.replace_unencodable()
                save(session)
                return SAVED
            relocate = getattr(failed, "relocate", None)
            if choice.action == SAVE_ELSEWHERE and choice.folder is not None and relocate:
                relocate(choice.folder)
                return SAVED
        except SaveFailed as exc:
            failed = exc
            continue
        if choice.action == SAVE_LATER:
            return LATER
        raise failed

"""Sessions and answers files: the model (pure) and the atomic store under GENAI_DESIGN_HOME.

One TOML format serves both (DESIGN.md "Sessions and answers files"): a saved session is a
valid `--answers` file, and a hand-written answers file needs only its `[answers.*]` tables.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from genai_design_cli.errors import UserError

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

Mode = Literal["practice", "scaffold"]
StepStatus = Literal["pending", "done", "skipped"]


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SessionMeta(_Model):
    id: str
    framework: str = "genai-system-design"
    framework_version: str = ""
    title: str = ""
    mode: Mode = "scaffold"
    case: str | None = None
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)
    minutes: float | None = None
    finished: bool = False
    current_step: str | None = None  # where `resume` picks up


class StepState(_Model):
    status: StepStatus = "pending"
    deep_dive: bool = False
    seconds: float = 0.0  # time spent in the step (practice clock)
    hints: int = 0  # talking-point hints asked for (practice)


class Session(_Model):
    schema_version: Literal[1] = 1
    session: SessionMeta | None = None
    steps: dict[str, StepState] = {}
    answers: dict[str, dict[str, Any]] = {}
    results: dict[str, Any] = {}  # calculator results, by calculator name
    feedback: dict[str, Any] = {}  # the coach's last report (practice)

    @property
    def id(self) -> str:
        return self.session.id if self.session else ""

    def step_state(self, step_id: str) -> StepState:
        if step_id not in self.steps:
            self.steps = {**self.steps, step_id: StepState()}
        return self.steps[step_id]

    def set_answer(self, step_id: str, question_id: str, value: Any) -> None:
        answers = {k: dict(v) for k, v in self.answers.items()}
        answers.setdefault(step_id, {})[question_id] = value
        self.answers = answers

    def clear_answer(self, step_id: str, question_id: str) -> None:
        if question_id in self.answers.get(step_id, {}):
            answers = {k: dict(v) for k, v in self.answers.items()}
            del answers[step_id][question_id]
            self.answers = answers

    def touch(self) -> None:
        if self.session:
            self.session.updated = now()


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave unset values out."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def session_to_toml(session: Session) -> str:
    import tomli_w

    data = _drop_none(session.model_dump(mode="python"))
    for key in ("results", "feedback", "steps"):
        if not data.get(key):
            data.pop(key, None)
    return tomli_w.dumps(data, multiline_strings=True)


def session_from_toml(text: str, source: str) -> Session:
    """Parse a session or answers file; located errors as UserError (exit 2)."""
    from genai_design_cli.io.tomlfile import TomlProblems, load_toml, validation_problems

    try:
        data = load_toml(text, source)
    except TomlProblems as exc:
        problems = exc.problems
    else:
        data.setdefault("schema_version", 1)
        try:
            return Session.model_validate(data)
        except ValidationError as exc:
            problems = validation_problems(exc, source, text)
    raise UserError(
        f"{source} is not a valid session or answers file:\n"
        + "\n".join(f"  {p}" for p in problems),
        hint="An answers file needs only [answers.<step-id>] tables, e.g.\n"
        "  [answers.requirements]\n  qps = 100",
    )


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


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:  # cut at a word boundary, not mid-word
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut > 0 else limit]
    return slug.rstrip("-") or "design"


def new_session_id(title: str, when: datetime | None = None) -> str:
    when = when or now()
    return f"{when:%Y%m%d-%H%M%S}-{slugify(title)}"


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

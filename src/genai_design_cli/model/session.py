"""Sessions and answers files: the model and its TOML form (the store lives in io/store.py).

One TOML format serves both (DESIGN.md "Sessions and answers files"): a saved session is a
valid `--answers` file, and a hand-written answers file needs only its `[answers.*]` tables.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from genai_design_cli.errors import UserError

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


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:  # cut at a word boundary, not mid-word
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut > 0 else limit]
    return slug.rstrip("-") or "design"


def new_session_id(title: str, when: datetime | None = None) -> str:
    when = when or now()
    return f"{when:%Y%m%d-%H%M%S}-{slugify(title)}"

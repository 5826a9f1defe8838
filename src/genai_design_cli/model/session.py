"""Sessions and answers files: the model and its TOML form (the store lives in io/store.py).

One TOML format serves both (DESIGN.md "Sessions and answers files"): a saved session is a
valid `--answers` file, and a hand-written answers file needs only its `[answers.*]` tables.

What a person typed is kept byte for byte: Windows line endings in a multi-line answer are
written as `\\r\\n` escapes (the TOML writer would turn them into plain newlines), and a file
is read without newline translation. What a file may hold is bounded on load: finite numbers
in range, date-times with their offset, answers that are text, numbers, yes/no or a flat list.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from datetime import date, datetime, time, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from genai_design_cli.errors import UserError

Mode = Literal["practice", "scaffold"]
StepStatus = Literal["pending", "done", "skipped"]

PROVISIONAL = "untitled"  # a new session's id slug until the person gives a title
MAX_ID_LENGTH = 120  # ids name files: far under any file system's 255-byte name limit
MAX_INT = 2**63 - 1  # TOML integers are 64-bit


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _with_offset(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(
            "a date-time needs its UTC offset here, e.g. 2026-11-26T15:30:00Z "
            "(a local date-time without one is ambiguous)"
        )
    return value


def _session_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def id_problem(value: str) -> str | None:
    """Why `value` cannot be a session id (it names a file in the sessions folder), or None."""
    if not value.strip():
        return "a session id cannot be empty"
    if len(value) > MAX_ID_LENGTH:
        return f"a session id has at most {MAX_ID_LENGTH} characters (this has {len(value)})"
    if value in (".", "..") or any(c in value for c in "/\\:") or not value.isprintable():
        return "a session id cannot hold /, \\, :, control characters or be . or .."
    return None


OffsetDateTime = Annotated[datetime, AfterValidator(_with_offset)]
Seconds = Annotated[float, Field(ge=0, le=10_000_000, allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SessionMeta(_Model):
    id: Annotated[str, AfterValidator(_session_id)]
    framework: str = "genai-system-design"
    framework_version: str = ""
    title: str = ""
    mode: Mode = "scaffold"
    case: str | None = None
    created: OffsetDateTime = Field(default_factory=now)
    updated: OffsetDateTime = Field(default_factory=now)
    minutes: Annotated[float, Field(gt=0, le=24 * 60, allow_inf_nan=False)] | None = None
    finished: bool = False
    current_step: str | None = None  # where `resume` picks up
    # practice: the case's [[ask]] questions the candidate asked, in order (their ids)
    asked: list[str] = []
    # practice: what the candidate chose when time ran out ("wrap-up" | "go-on")
    time_up: Literal["wrap-up", "go-on"] | None = None
    # the answer given last, as "step-id.question-id" (the `resume` recap shows it)
    last_answer: str | None = None
    # `new --out`: the document to write once the walk is done; cleared when it is written,
    # so a run killed between Finish and the export is finished by a bare `resume`
    pending_out: str | None = None
    pending_format: Literal["md", "html", "json", "toml"] | None = None


class StepState(_Model):
    status: StepStatus = "pending"
    deep_dive: bool = False
    seconds: Seconds = 0.0  # time spent in the step (practice clock)
    hints: Annotated[int, Field(ge=0, le=1_000_000)] = 0  # hints asked for (practice)
    # practice: the hint level reached per sub-topic (1 = the nudge, 2 = the talking point)
    hint_levels: dict[str, int] = {}
    # findings the person kept the design against: check id -> why
    kept: dict[str, str] = {}
    # question ids whose answer is a default nobody chose (filled without input): the design
    # doc lists them as "assumed, not decided" instead of stating them as decisions
    defaulted: list[str] = []


_SCALARS = (str, bool, int, float, datetime, date, time)


def answer_problem(value: Any) -> str | None:
    """Why a value cannot be an answer, or None: an answer is text, a number, yes/no, a date
    or a flat list of those (a checkbox); numbers are finite and 64-bit."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (list, dict)):
                return "a list answer holds plain values, not lists or tables"
            problem = answer_problem(item)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        return "an answer is a value or a list, not a table"
    if isinstance(value, float) and not math.isfinite(value):
        return f"numbers must be finite (got {value})"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        return "the number is too large (TOML integers are 64-bit)"
    if not isinstance(value, _SCALARS):
        return f"not a value an answer can hold ({type(value).__name__})"
    return None


def data_problem(value: Any, path: str = "") -> str | None:
    """Stored data (calculator results, the coach's report): tables, lists, text, finite
    numbers; the first problem as 'path: what', or None."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            return f"{where}: numbers must be finite (got {item})"
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_INT:
            return f"{where}: the number is too large"
    return None


class Session(_Model):
    schema_version: Literal[1] = 1
    session: SessionMeta | None = None
    steps: dict[str, StepState] = {}
    answers: dict[str, dict[str, Any]] = {}
    results: dict[str, dict[str, Any]] = {}  # calculator results, by calculator name
    feedback: dict[str, Any] = {}  # the coach's last report (practice)
    # practice: the candidate's own estimates of key numbers against the calculators',
    # e.g. {"queries_per_month": {"said": 4e6, "low": 1e7, "high": 1e7, "off_by": 2.5}}
    estimates: dict[str, dict[str, Any]] = {}

    @model_validator(mode="after")
    def _values_fit(self) -> Session:
        """Answers are values or flat lists; stored data holds finite numbers. Each problem
        as "dotted.path: what", which the error report splits and locates by line."""
        problems = []
        for step_id, table in self.answers.items():
            for question_id, value in table.items():
                problem = answer_problem(value)
                if problem:
                    problems.append(f"answers.{step_id}.{question_id}: {problem}")
        for name in ("results", "feedback"):
            problem = data_problem(getattr(self, name), name)
            if problem:
                problems.append(problem)
        if problems:
            raise ValueError("\n".join(problems))
        return self

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

    def unencodable(self) -> list[str]:
        """Where the session holds text that UTF-8 cannot store: lone surrogates, which a
        terminal's decoder makes of bytes that are not UTF-8. Dotted paths."""
        found = []
        stack: list[tuple[Any, str]] = [(self.model_dump(mode="python"), "")]
        while stack:
            item, where = stack.pop()
            if isinstance(item, dict):
                stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
            elif isinstance(item, list):
                stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
            elif isinstance(item, str) and not _encodable(item):
                found.append(where)
        return sorted(found)

    def replace_unencodable(self) -> None:
        """Replace each lone surrogate in the answers and title with U+FFFD (�), so that the
        session can be saved; everything else stays as typed."""
        answers = {
            step: {q: _repaired(v) for q, v in table.items()}
            for step, table in self.answers.items()
        }
        self.answers = answers
        if self.session is not None:
            self.session.title = _repaired(self.session.title)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _repaired(value: Any) -> Any:
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    if isinstance(value, str) and not _encodable(value):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    return value


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave unset values out."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def dump_toml(data: dict[str, Any]) -> str:
    """TOML with multi-line strings written as such, except those holding a carriage return:
    the writer would turn `\\r\\n` into `\\n`, so they are written as one-line strings with
    escapes, which read back byte for byte."""
    import tomli_w

    keep: dict[str, str] = {}
    marker = uuid.uuid4().hex

    def hide(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: hide(v) for k, v in value.items()}
        if isinstance(value, list):
            return [hide(v) for v in value]
        if isinstance(value, str) and "\r" in value:
            token = f"{marker}-{len(keep)}"
            keep[token] = value
            return token
        return value

    text = tomli_w.dumps(hide(data), multiline_strings=True)
    for token, value in keep.items():
        one_line = tomli_w.dumps({"v": value})[len("v = ") : -1]
        text = text.replace(f'"{token}"', one_line, 1)
    return text


def session_to_toml(session: Session) -> str:
    data = _drop_none(session.model_dump(mode="python"))
    for key in ("results", "feedback", "steps", "estimates"):
        if not data.get(key):
            data.pop(key, None)
    for state in data.get("steps", {}).values():
        for key in ("hint_levels", "kept", "defaulted"):
            if not state.get(key):
                state.pop(key, None)
    if data.get("session") is not None and not data["session"].get("asked"):
        data["session"].pop("asked", None)
    return dump_toml(data)


def session_from_toml(text: str, source: str) -> Session:
    """Parse a session or answers file; located errors as UserError (exit 2)."""
    from genai_design_cli.io.tomlfile import TomlProblems, listed, load_toml, validation_problems

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
        f"{source} is not a valid session or answers file:\n" + listed(problems),
        hint="An answers file needs only [answers.<step-id>] tables, e.g.\n"
        "  [answers.requirements]\n  qps = 100",
    )


def slugify(text: str, limit: int = 40) -> str:
    """A readable, file-safe slug in any script: letters, marks and digits of every
    alphabet kept (`Чат-бот поддержки` -> `чат-бот-поддержки`, `客服机器人` stays), everything
    else a single hyphen; at most `limit` characters, cut at a word boundary."""
    text = unicodedata.normalize("NFKC", text).lower()
    kept = "".join(
        c if unicodedata.category(c)[0] in "LMN" and c.isprintable() else "-" for c in text
    )
    slug = re.sub(r"-+", "-", kept).strip("-")
    if slug and unicodedata.category(slug[0]).startswith("M"):
        slug = slug.lstrip("".join(c for c in slug if unicodedata.category(c)[0] == "M"))
    if len(slug) > limit:  # cut at a word boundary, not mid-word
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut > 0 else limit]
    return slug.strip("-") or "design"


def new_session_id(title: str, when: datetime | None = None) -> str:
    """`20261126-153000-support-bot`: when, then the title's slug. Two sessions started in the
    same second with the same title get `-2`, `-3`... from the store (`SessionStore.claim`)."""
    when = when or now()
    return f"{when:%Y%m%d-%H%M%S}-{slugify(title)}"

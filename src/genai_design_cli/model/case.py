"""Practice cases: realistic GenAI design prompts with their numbers and the points a strong
answer hits. Files are `examples/cases/*.toml` (shipped) and GENAI_DESIGN_HOME/cases/*.toml
(the user's own, which win over a shipped case of the same id).

A case file (every table forbids unknown keys, so a typo is reported, not ignored):

    schema_version = 1
    id = "support-bot"                  # = the file name without .toml
    title = "Support assistant for an online store"
    summary = "one line"
    level = "medium"                    # easy | medium | hard
    tags = ["rag", "support"]
    prompt = '''What the interviewer says.'''
    facts = ["40k products, catalogue updated hourly"]   # more context, if asked
    suggested_deep_dives = ["data-strategy", "guardrails"]

    [numbers]                           # framework variables, as the interviewer gives them
    users = 2_000_000
    qps = 40
    p95_slo_ms = 3000
    data_may_leave = true

    [[ask]]                             # what a candidate should ask, and the answer
    question = "How fast must it answer?"
    answer = "First words within a second; streaming is fine."

    [[points]]                          # case-specific points a strong answer hits
    id = "order-status-lookup"
    step = "data-strategy"
    text = "Fetch order status from the order API at query time."
    keywords = ["order status", "order api"]
"""

from __future__ import annotations

import difflib
import random as _random
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from genai_design_cli.errors import UserError
from genai_design_cli.io.tomlfile import Problem, TomlProblems, load_toml, validation_problems
from genai_design_cli.model.framework import SLUG, STEP_IDS

RANDOM = "random"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseNumbers(_Model):
    """The numbers an interviewer gives when asked, named as the framework's variables."""

    users: float | None = Field(default=None, ge=0, description="Active users (e.g. monthly)")
    qps: float | None = Field(default=None, gt=0, description="Peak queries per second now")
    qps_6mo: float | None = Field(default=None, gt=0, description="Peak QPS in six months")
    queries_per_month: float | None = Field(default=None, gt=0)
    input_tokens: float | None = Field(default=None, gt=0, description="Tokens in per query")
    output_tokens: float | None = Field(default=None, gt=0, description="Tokens out per query")
    p95_slo_ms: float | None = Field(default=None, gt=0, description="p95 latency target, ms")
    streaming: bool | None = None
    budget_per_query: float | None = Field(default=None, gt=0, description="Dollars per query")
    budget_per_month: float | None = Field(default=None, gt=0, description="Dollars per month")
    data_may_leave: bool | None = Field(
        default=None, description="May the data go to a third-party hosted API?"
    )

    def variables(self) -> dict[str, Any]:
        """The numbers that are set, as framework variables; whole numbers as int."""
        found: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer() and name != "budget_per_query":
                value = int(value)
            found[name] = value
        return found


class Ask(_Model):
    """A requirement a candidate should ask about, and what the interviewer answers."""

    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)


class Point(_Model):
    """A case-specific point a strong answer hits; matched by keywords across all answers."""

    id: str = Field(pattern=SLUG)
    step: str
    text: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_step(self) -> Point:
        if self.step not in STEP_IDS:
            raise ValueError(f"step {self.step!r} is not a step; allowed: {', '.join(STEP_IDS)}")
        if any(not k.strip() for k in self.keywords):
            raise ValueError("keywords must not be empty strings")
        return self


class Case(_Model):
    schema_version: Literal[1] = 1
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    summary: str = ""
    level: Literal["easy", "medium", "hard"] = "medium"
    tags: list[str] = []
    prompt: str = Field(min_length=1, description="What the interviewer says first.")
    facts: list[str] = []
    suggested_deep_dives: list[str] = []
    numbers: CaseNumbers = CaseNumbers()
    ask: list[Ask] = []
    points: list[Point] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        ids = [p.id for p in self.points]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"points: ids used more than once: {', '.join(repeated)}")
        unknown = [s for s in self.suggested_deep_dives if s not in STEP_IDS]
        if unknown:
            raise ValueError(
                f"suggested_deep_dives: {', '.join(unknown)} not step ids; "
                f"allowed: {', '.join(STEP_IDS)}"
            )
        return self

    def variables(self) -> dict[str, Any]:
        return self.numbers.variables()


class CaseError(UserError):
    """A case file that cannot be used; lists every problem found, each located."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        summary = "\n".join(f"  {p}" for p in problems)
        plural = "s" if len(problems) != 1 else ""
        super().__init__(
            f"{source} is not a valid case ({len(problems)} problem{plural}):\n{summary}",
            hint="Fix the file; `genai-design cases show ID` loads and checks it.",
        )


def parse_case_text(text: str, source: str = "<case>", expected_id: str | None = None) -> Case:
    """Parse and validate a case from TOML text. Raises CaseError with located problems."""
    try:
        data = load_toml(text, source)
    except TomlProblems as exc:
        raise CaseError(source, exc.problems) from None
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(source, validation_problems(exc, source, text)) from None
    if expected_id is not None and case.id != expected_id:
        raise CaseError(
            source,
            [
                Problem(
                    f"{source}: id",
                    f"is {case.id!r} but the file is named {expected_id}.toml; make them match",
                )
            ],
        )
    return case


def load_case_file(path: Path) -> Case:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"no such case file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    return parse_case_text(text, str(path), expected_id=path.stem)


def case_files() -> dict[str, Path]:
    """id -> file: the shipped cases, then the user's own (which win on the same id)."""
    from genai_design_cli.io import paths

    found: dict[str, Path] = {}
    for folder in (paths.builtin_cases_dir(), paths.home() / "cases"):
        if folder.is_dir():
            for file in sorted(folder.glob("*.toml")):
                found[file.stem] = file
    return found


def scan_cases() -> tuple[list[Case], list[UserError]]:
    """Every case that loads, sorted by id, and the errors of those that do not."""
    cases: list[Case] = []
    errors: list[UserError] = []
    for _, path in sorted(case_files().items()):
        try:
            cases.append(load_case_file(path))
        except UserError as exc:
            errors.append(exc)
    return cases, errors


def list_cases() -> list[Case]:
    """Every valid case, sorted by id (an invalid user file is left out; `cases list` names it)."""
    return scan_cases()[0]


def load_case(ref: str, rng: _random.Random | None = None) -> Case:
    """A case by id, "random" for any one of them, or a path to a case TOML file.

    An unknown id raises UserError naming the nearest ids.
    """
    text = (ref or "").strip()
    if text.lower() == RANDOM:
        cases = list_cases()
        if not cases:
            raise UserError("no valid case files found", hint="See: genai-design cases list")
        return (rng or _random.Random()).choice(cases)
    candidate = Path(text).expanduser()
    if candidate.suffix == ".toml" or "/" in text:
        return load_case_file(candidate)
    files = case_files()
    if text in files:
        return load_case_file(files[text])
    near = difflib.get_close_matches(text, list(files), n=3, cutoff=0.4)
    near += [i for i in files if text and text in i and i not in near]
    raise UserError(
        f"unknown case {text!r}",
        hint=("Did you mean: " + ", ".join(near[:3]) + "? " if near else "")
        + "Known: "
        + (", ".join(sorted(files)) or "none")
        + ". See: genai-design cases list",
    )

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
    input_tokens = 2500

    [constraints]                       # machine-readable: the coach's checks test against them
    data_residency = "may-leave"        # may-leave | region (with data_region) | may-not-leave
    forbidden_actions = ["refund"]      # action signals of the framework the system may not take
    slo_measures = "both"               # first-token | full-response | both
    ttft_slo_ms = 1000                  # with first-token or both
    p95_slo_ms = 3000                   # with full-response or both
    budget_per_query = 0.004
    qps = 15                            # average
    qps_peak = 40

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
import re
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
    """The numbers an interviewer gives when asked, named as the framework's variables.

    `qps` is the average (as the framework asks it) and `qps_peak` the peak; a case written
    before the two were told apart gave its peak as `qps`, which still loads."""

    users: float | None = Field(default=None, ge=0, description="Active users (e.g. monthly)")
    qps: float | None = Field(default=None, gt=0, description="Average queries per second now")
    qps_peak: float | None = Field(default=None, gt=0, description="Peak queries per second")
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
    llm_calls_per_request: float | None = Field(default=None, ge=1)
    pipeline_ms: float | None = Field(default=None, ge=0, description="ASR, TTS, tools, ms")

    def variables(self) -> dict[str, Any]:
        """The numbers that are set, as framework variables; whole numbers as int."""
        return _as_variables(self.model_dump())


def _as_variables(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in data.items():
        if value is None or value == []:
            continue
        if isinstance(value, float) and value.is_integer() and name != "budget_per_query":
            value = int(value)
        found[name] = value
    return found


DataResidency = Literal["may-leave", "region", "may-not-leave"]
SloMeasures = Literal["first-token", "full-response", "both"]
OutputKind = Literal["open-ended", "structured", "label"]


class CaseConstraints(_Model):
    """What the case forbids or requires, machine-readable: the coach tests the design against
    these as well as against the candidate's own answers (`case.<name>` in a check), since a
    candidate who misreads the brief is exactly what an interviewer catches."""

    data_residency: DataResidency | None = Field(
        default=None, description="May the data go to a hosted API: anywhere, a region, never."
    )
    data_region: str | None = Field(default=None, description="With region: where, and why.")
    forbidden_actions: list[str] = Field(
        default=[],
        description="Actions the system may not take (the framework's action signals, e.g. "
        "refund, cancel-order, write-db).",
    )
    output_kind: OutputKind | None = Field(
        default=None, description="What the system produces, whatever a candidate calls it."
    )
    slo_measures: SloMeasures | None = Field(
        default=None, description="What the latency SLO measures."
    )
    ttft_slo_ms: float | None = Field(default=None, gt=0, description="First-token SLO, ms")
    p95_slo_ms: float | None = Field(default=None, gt=0, description="Full-response SLO, ms")
    budget_per_query: float | None = Field(default=None, gt=0, description="Dollars per query")
    budget_per_month: float | None = Field(default=None, gt=0, description="Dollars per month")
    qps: float | None = Field(default=None, gt=0, description="Average queries per second")
    qps_peak: float | None = Field(default=None, gt=0, description="Peak queries per second")

    @model_validator(mode="after")
    def _consistent(self) -> CaseConstraints:
        if self.data_residency == "region" and not self.data_region:
            raise ValueError('data_residency = "region" needs data_region (which region)')
        if self.data_region and self.data_residency != "region":
            raise ValueError('data_region goes with data_residency = "region"')
        if self.slo_measures in ("first-token", "both") and self.ttft_slo_ms is None:
            raise ValueError(f'slo_measures = "{self.slo_measures}" needs ttft_slo_ms')
        if self.slo_measures in ("full-response", "both") and self.p95_slo_ms is None:
            raise ValueError(f'slo_measures = "{self.slo_measures}" needs p95_slo_ms')
        if self.qps is not None and self.qps_peak is not None and self.qps_peak < self.qps:
            raise ValueError(
                f"qps_peak ({self.qps_peak:g}) is below the average qps ({self.qps:g})"
            )
        if any(not re.fullmatch(SLUG, a) for a in self.forbidden_actions):
            raise ValueError("forbidden_actions are action ids such as refund, cancel-order")
        return self

    def variables(self) -> dict[str, Any]:
        """The constraints that are set, as framework variables (what a practice run offers),
        with `data_may_leave` derived from the residency as the framework's choice sets it."""
        # the output kind is the candidate's call to make: the truth for checks, never offered
        found = _as_variables(self.model_dump(exclude={"forbidden_actions", "output_kind"}))
        if self.data_residency is not None:
            found["data_may_leave"] = self.data_residency != "may-not-leave"
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
    constraints: CaseConstraints = CaseConstraints()
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
        numbers, constraints = self.numbers.variables(), self.constraints.variables()
        clash = sorted(
            n for n in numbers.keys() & constraints.keys() if numbers[n] != constraints[n]
        )
        if clash:
            raise ValueError(
                f"numbers and constraints disagree on {', '.join(clash)}: give each once"
            )
        return self

    def variables(self) -> dict[str, Any]:
        """The case's numbers and constraints as framework variables (practice offers them)."""
        return self.numbers.variables() | self.constraints.variables()

    def constraint_variables(self) -> dict[str, Any]:
        """The case as the truth, for checks: `case.<name>` for every constraint and number
        given (`case.data_residency`, `case.forbidden_actions`, `case.qps_peak`, ...). A case
        that still gives `data_may_leave` as a number implies its residency."""
        found = {f"case.{k}": v for k, v in self.variables().items()}
        if self.constraints.output_kind:
            found["case.output_kind"] = self.constraints.output_kind
        if self.constraints.forbidden_actions:
            found["case.forbidden_actions"] = list(self.constraints.forbidden_actions)
        may_leave = found.get("case.data_may_leave")
        if "case.data_residency" not in found and isinstance(may_leave, bool):
            found["case.data_residency"] = "may-leave" if may_leave else "may-not-leave"
        return found


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

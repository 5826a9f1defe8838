"""The framework file: pydantic models, cross-reference checks, and the TOML loader.

A framework is data, never code (DESIGN.md "The framework file"). Every table forbids unknown
keys, so a typo in a key is reported with its dotted path instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from genai_design_cli.errors import UserError
from genai_design_cli.io.tomlfile import Problem, TomlProblems, load_toml, validation_problems
from genai_design_cli.model import conditions

BUILTIN_FRAMEWORK_ID = "genai-system-design"

STEP_IDS = (
    "why-genai",
    "requirements",
    "architecture",
    "data-strategy",
    "model-selection",
    "inference-infra",
    "guardrails",
    "evaluation",
    "deploy-monitor",
)

# Variables the calculators read (DESIGN.md "Well-known variables"). A framework's questions
# set them; conditions may name them even where no question does.
WELL_KNOWN_VARIABLES = (
    "qps",
    "qps_6mo",
    "queries_per_month",
    "input_tokens",
    "output_tokens",
    "model",
    "cheap_model",
    "cheap_fraction",
    "baseline_cost_per_query",
    "llm_fraction",
    "cache_hit_rate",
    "cached_prefix_tokens",
    "budget_per_query",
    "budget_per_month",
    "p95_slo_ms",
    "streaming",
    "data_may_leave",
    "data_residency",
    "data_region",
    "qps_peak",
    "ttft_slo_ms",
    "slo_measures",
    "llm_calls_per_request",
    "pipeline_ms",
    "dtype",
    "model_hosting",
    "gpu",
    "gpus",
    "retrieval_ms",
    "guardrail_ms",
    "architecture",
    "components",
)
# Computed variables: calculator results (`calc.cost.llm.per_month`), coverage
# (`covered.<subtopic-id>` is true once that sub-topic is covered), the case's constraints
# (`case.data_residency`), signals said in words (`said.<signal-id>`) and the coach's derived
# facts (`coach.llm_request_share`); coach/checks.py documents each.
COMPUTED_PREFIXES = ("calc.", "covered.", "case.", "said.", "coach.")

# Check messages and advice may quote variables: `{name}` or `{name:format}`, and
# `{first|second:format}` for the first one that is set. Formats (coach/checks.py renders them
# through model.answers.format_value): ms, dollars, percent, count, number, gb, list, text.
TEMPLATE_FORMATS = ("ms", "dollars", "percent", "count", "number", "gb", "list", "text")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def template_fields(text: str) -> list[tuple[tuple[str, ...], str]]:
    """The placeholders of a check message: [((variable, ...), format)]. `{{` and `}}` are
    literal braces. Raises ValueError naming a malformed placeholder."""
    fields: list[tuple[tuple[str, ...], str]] = []
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        body = match.group(1)
        if body is None:
            raise ValueError(f"unmatched {token!r} (write {token * 2} for a literal brace)")
        names, _, fmt = body.partition(":")
        fmt = fmt.strip()
        parts = tuple(n.strip() for n in names.split("|"))
        if not all(re.fullmatch(r"[a-z][a-z0-9_.-]*", n) for n in parts):
            raise ValueError(f"{{{body}}}: expected {{variable}} or {{variable:format}}")
        if fmt and fmt not in TEMPLATE_FORMATS:
            raise ValueError(
                f"{{{body}}}: unknown format {fmt!r}; allowed: {', '.join(TEMPLATE_FORMATS)}"
            )
        fields.append((parts, fmt))
    return fields


SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
VAR_NAME = r"^[a-z][a-z0-9_]*$"

QuestionKind = Literal["text", "multiline", "select", "checkbox", "number", "confirm"]
Severity = Literal["error", "warning", "info"]


def _parse_condition(value: Any) -> conditions.Condition | None:
    if value is None:
        return None
    try:
        return conditions.parse(value, where="")
    except conditions.ConditionError as exc:
        # pydantic prefixes the field path; drop our empty leading "where"
        raise ValueError(str(exc).lstrip(": ").lstrip(".")) from None


# pydantic cannot point a field at a $defs entry it does not know, so the field's schema is a
# marker that json_schema() swaps for a $ref to the hand-written condition schema.
_CONDITION_MARKER = {"x-genai-design": "condition"}

ConditionField = Annotated[
    Any,
    BeforeValidator(_parse_condition),
    PlainSerializer(lambda c: None if c is None else conditions.to_data(c)),
    WithJsonSchema(_CONDITION_MARKER),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Model):
    """A deep-dive reference: a paper, a docs page, a concept post."""

    title: str
    url: str


class Subtopic(_Model):
    """Level 2 of the framework, with its level 3 talking point and rubric keywords."""

    id: str = Field(pattern=SLUG)
    title: str
    point: str = Field(description="The talking point, in full; every figure of the seed kept.")
    keywords: list[str] = Field(
        min_length=1, description="Rubric: any of these, on word boundaries, covers the sub-topic."
    )
    links: list[Link] = []
    applies_when: ConditionField = Field(
        default=None,
        description="The sub-topic counts only for designs where this holds (GPU serving for a "
        "self-hosted model, retrieval with RAG); otherwise it leaves the denominator and is "
        "never 'missed'.",
    )
    nudge: str = Field(
        default="",
        description="Practice, first hint: a one-line question pointing at what is missing, "
        "without giving the talking point away.",
    )


class Former(_Model):
    """A question an older framework version asked instead: its id and how its answers map."""

    id: str = Field(pattern=SLUG)
    values: dict[str, str] = Field(
        default={},
        description='Old answer -> new answer, e.g. {"true" = "may-leave"} (booleans as '
        "true/false); an answer not listed is kept as it was.",
    )


class Choice(_Model):
    value: str
    label: str = ""
    help: str = ""
    offered: bool = Field(
        default=True,
        description="False: kept so that old answers still load, but not offered in pickers "
        "(a model since superseded).",
    )
    sets: dict[str, str | bool | float] = Field(
        default={},
        description="Variables this choice sets besides the question's own `var` (derived "
        "variables): e.g. a residency choice sets data_may_leave = true.",
    )

    @property
    def title(self) -> str:
        return self.label or self.value


def _choice(value: Any) -> Any:
    return {"value": value} if isinstance(value, str) else value


class Question(_Model):
    id: str = Field(pattern=SLUG)
    kind: QuestionKind
    prompt: str
    doc_label: str = Field(
        default="",
        max_length=60,
        pattern=r"^[^\n?()]*$",
        description="How the design document names this answer, apart from the prompt: a short "
        "noun phrase (e.g. 'Average traffic'), one line, no question mark, no parenthesised "
        "instructions. Without one, the document derives a label from the prompt.",
    )
    help: str = ""
    var: str | None = Field(default=None, pattern=VAR_NAME)
    required: bool = False
    min: float | None = None
    max: float | None = None
    integer: bool = Field(default=False, description="number questions: whole numbers only")
    unit: str = ""
    default: str | float | bool | list[str] | None = None
    choices: list[Annotated[Choice, BeforeValidator(_choice)]] = []
    covers: list[str] = Field(default=[], description="Sub-topic ids that answering covers.")
    when: ConditionField = None
    formerly: list[Former] = Field(
        default=[],
        description="Question ids this one replaces: an old session's answer to them is read "
        "as an answer to this question.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.kind in ("select", "checkbox"):
            if not self.choices:
                raise ValueError(f"a {self.kind} question needs `choices`")
            values = [c.value for c in self.choices]
            if len(set(values)) != len(values):
                raise ValueError("choices repeat a value")
            defaults = self.default if isinstance(self.default, list) else [self.default]
            for d in defaults:
                if d is not None and d not in values:
                    raise ValueError(f"default {d!r} is not one of the choices {values}")
        elif self.choices:
            raise ValueError(f"`choices` only go with select or checkbox, not {self.kind}")
        if self.kind == "number":
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError(f"min {self.min} is above max {self.max}")
            if self.default is not None:
                if isinstance(self.default, bool) or not isinstance(self.default, (int, float)):
                    raise ValueError("a number question's default must be a number")
                if (self.min is not None and self.default < self.min) or (
                    self.max is not None and self.default > self.max
                ):
                    raise ValueError(f"default {self.default} is outside [{self.min}, {self.max}]")
        elif self.min is not None or self.max is not None:
            raise ValueError("`min`/`max` only go with number questions")
        if (
            self.kind == "confirm"
            and self.default is not None
            and not isinstance(self.default, bool)
        ):
            raise ValueError("a confirm question's default must be true or false")
        values = {c.value for c in self.choices}
        for former in self.formerly:
            wrong = sorted(v for v in former.values.values() if values and v not in values)
            if wrong:
                raise ValueError(f"formerly {former.id!r} maps to {wrong}, not among the choices")
        return self

    def upgraded(self, old: Any) -> Any:
        """An old answer to a question this one replaces, as an answer to this one."""
        for former in self.formerly:
            key = str(old).lower() if isinstance(old, bool) else str(old)
            if key in former.values:
                return former.values[key]
        return old


class Followup(_Model):
    """An interviewer's follow-up on a step (practice): asked after the step's questions, the
    first whose `when` holds; answered and scored like a free-text question of the step."""

    id: str = Field(pattern=SLUG)
    when: ConditionField = None
    prompt: str = Field(min_length=1)
    covers: list[str] = Field(default=[], description="Sub-topic ids a good answer covers.")


class Step(_Model):
    id: str = Field(pattern=SLUG)
    number: int = Field(ge=0)
    title: str
    summary: str = Field(description="Level 2: what the step covers, in one line.")
    minutes: float = Field(gt=0, description="The step's share of the interview.")
    deep_dive: bool = Field(
        default=False, description="Commonly one of the 2-3 steps worth going deep on."
    )
    subtopics: list[Subtopic] = Field(min_length=1)
    questions: list[Question] = []
    followups: list[Followup] = Field(
        default=[],
        description="Practice: the interviewer's follow-ups; the first whose `when` holds is "
        "asked once the step's questions are answered.",
    )

    def followup(self, followup_id: str) -> Followup | None:
        return next((f for f in self.followups if f.id == followup_id), None)


class Signal(_Model):
    """Something a design says in words, read from every answer's text: `said.<id>` is true when
    an affirmative statement (not negated, deferred or asked) uses one of its keywords. A signal
    of kind "action" is something the system does (issues a refund); a case's
    `forbidden_actions` names such signals."""

    id: str = Field(pattern=SLUG)
    kind: Literal["fact", "action"] = "fact"
    title: str
    keywords: list[str] = Field(min_length=1)


class Check(_Model):
    """A design lint: fires when `when` holds over the answers and calculator results. Its
    message and advice may quote variables (see `template_fields`)."""

    id: str = Field(pattern=SLUG)
    step: str
    severity: Severity
    when: ConditionField
    message: str = Field(
        description="What is wrong, with its numbers: variables in braces, "
        "{name} or {name:format} (formats: " + ", ".join(TEMPLATE_FORMATS) + "), "
        "{first|second} for the first that is set, e.g. "
        "'TTFT {calc.latency.ttft_ms.low:ms} > {ttft_slo_ms:ms} SLO'; {{ and }} are braces."
    )
    advice: str = Field(default="", description="What to do about it; may quote variables too.")

    @field_validator("when")
    @classmethod
    def _required(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("a check needs a `when` condition")
        return value


class Framework(_Model):
    schema_version: Literal[1]
    id: str = Field(pattern=SLUG)
    title: str
    version: str
    minutes: float = Field(gt=0, description="Default interview length.")
    description: str = ""
    how_to_use: str = ""
    steps: list[Step] = Field(min_length=1)
    checks: list[Check] = []
    signals: list[Signal] = Field(
        default=[],
        description="Things a design says in words (`said.<id>`), for checks that read notes.",
    )

    @model_validator(mode="after")
    def _cross_references(self) -> Framework:
        problems = list(cross_reference_problems(self))
        if problems:
            raise ValueError("\n".join(f"{where}: {msg}" for where, msg in problems))
        return self

    # --- look-ups -------------------------------------------------------------------------
    def step(self, ref: str | int) -> Step:
        """A step by id, number, or unique id prefix; UserError listing the steps otherwise."""
        text = str(ref).strip()
        for step in self.steps:
            if text in (step.id, str(step.number)):
                return step
        matches = [s for s in self.steps if s.id.startswith(text)] if text else []
        if len(matches) == 1:
            return matches[0]
        raise UserError(
            f"no step {text!r} in framework {self.id!r}",
            hint="Steps: " + ", ".join(f"{s.number} {s.id}" for s in self.steps),
        )

    def subtopic(self, subtopic_id: str) -> tuple[Step, Subtopic]:
        for step in self.steps:
            for sub in step.subtopics:
                if sub.id == subtopic_id:
                    return step, sub
        raise KeyError(subtopic_id)

    def questions(self) -> Iterable[tuple[Step, Question]]:
        for step in self.steps:
            for question in step.questions:
                yield step, question

    def variables(self) -> set[str]:
        """Variable names set by this framework's questions (and their choices' `sets`)."""
        names = {q.var for _, q in self.questions() if q.var}
        for _, question in self.questions():
            for choice in question.choices:
                names.update(choice.sets)
        return names


def cross_reference_problems(fw: Framework) -> Iterable[tuple[str, str]]:
    """Ids unique, numbers in order, references real, time budgets adding up."""
    step_ids = [s.id for s in fw.steps]
    for i, step in enumerate(fw.steps):
        if step.number != i:
            yield f"steps[{i}].number", f"is {step.number}; steps are numbered 0, 1, 2 … in order"
    seen: set[str] = set()
    for i, sid in enumerate(step_ids):
        if sid in seen:
            yield f"steps[{i}].id", f"{sid!r} is used by another step"
        seen.add(sid)
    subtopic_ids: set[str] = set()
    for i, step in enumerate(fw.steps):
        for j, sub in enumerate(step.subtopics):
            if sub.id in subtopic_ids:
                yield f"steps[{i}].subtopics[{j}].id", f"{sub.id!r} is used twice"
            subtopic_ids.add(sub.id)
    known = set(WELL_KNOWN_VARIABLES) | fw.variables()
    var_owner: dict[str, str] = {}
    for i, step in enumerate(fw.steps):
        step_subs = {s.id for s in step.subtopics}
        qids: set[str] = set()
        for j, q in enumerate(step.questions):
            where = f"steps[{i}].questions[{j}]"
            if q.id in qids:
                yield f"{where}.id", f"{q.id!r} is used twice in step {step.id!r}"
            qids.add(q.id)
            if q.var:
                if q.var in var_owner:
                    yield f"{where}.var", f"{q.var!r} is also set by {var_owner[q.var]}"
                var_owner[q.var] = f"{step.id}.{q.id}"
            for k, cover in enumerate(q.covers):
                if cover not in step_subs:
                    yield (
                        f"{where}.covers[{k}]",
                        f"{cover!r} is not a sub-topic of step {step.id!r}; "
                        f"allowed: {', '.join(sorted(step_subs))}",
                    )
            if q.when is not None:
                yield from _unknown_vars(q.when, known, f"{where}.when")
            for k, former in enumerate(q.formerly):
                if former.id in {other.id for other in step.questions}:
                    yield (
                        f"{where}.formerly[{k}].id",
                        f"{former.id!r} is still a question of step {step.id!r}",
                    )
        for k, followup in enumerate(step.followups):
            where = f"steps[{i}].followups[{k}]"
            if followup.id in qids:
                yield f"{where}.id", f"{followup.id!r} is also a question id of step {step.id!r}"
            qids.add(followup.id)
            for m, cover in enumerate(followup.covers):
                if cover not in step_subs:
                    yield (
                        f"{where}.covers[{m}]",
                        f"{cover!r} is not a sub-topic of step {step.id!r}; "
                        f"allowed: {', '.join(sorted(step_subs))}",
                    )
            if followup.when is not None:
                yield from _unknown_vars(followup.when, known, f"{where}.when")
        if "notes" not in qids:
            yield f"steps[{i}].questions", f"step {step.id!r} needs a free-text question 'notes'"
    total = sum(s.minutes for s in fw.steps)
    if abs(total - fw.minutes) > 0.01:
        yield (
            "steps[*].minutes",
            f"add up to {total:g}, but the framework's minutes is {fw.minutes:g}",
        )
    check_ids: set[str] = set()
    for i, check in enumerate(fw.checks):
        if check.id in check_ids:
            yield f"checks[{i}].id", f"{check.id!r} is used twice"
        check_ids.add(check.id)
        if check.step not in step_ids:
            yield (
                f"checks[{i}].step",
                f"{check.step!r} is not a step; allowed: {', '.join(step_ids)}",
            )
        yield from _unknown_vars(check.when, known, f"checks[{i}].when")
        for field_name in ("message", "advice"):
            try:
                fields = template_fields(getattr(check, field_name))
            except ValueError as exc:
                yield f"checks[{i}].{field_name}", str(exc)
                continue
            for names, _ in fields:
                for name in names:
                    if name not in known and not name.startswith(COMPUTED_PREFIXES):
                        yield (
                            f"checks[{i}].{field_name}",
                            f"{{{name}}} is set by no question and is not a well-known "
                            "variable (or calc.* / case.* / coach.* / said.* / covered.*)",
                        )
    for i, step in enumerate(fw.steps):
        for j, sub in enumerate(step.subtopics):
            if sub.applies_when is not None:
                yield from _unknown_vars(
                    sub.applies_when, known, f"steps[{i}].subtopics[{j}].applies_when"
                )
    signal_ids: set[str] = set()
    for i, signal in enumerate(fw.signals):
        if signal.id in signal_ids:
            yield f"signals[{i}].id", f"{signal.id!r} is used twice"
        signal_ids.add(signal.id)


def _unknown_vars(cond: Any, known: set[str], where: str) -> Iterable[tuple[str, str]]:
    for name in conditions.variables(cond):
        if name not in known and not name.startswith(COMPUTED_PREFIXES):
            yield (
                where,
                (
                    f"variable {name!r} is set by no question and is not a well-known variable "
                    "(or calc.* / covered.*)"
                ),
            )


# --- loading --------------------------------------------------------------------------------


class FrameworkError(UserError):
    """A framework file that cannot be used; lists every problem found, each located."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        summary = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{source} is not a valid framework ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}):\n{summary}",
            hint="Fix the file and check it with: genai-design framework validate " + source,
        )


def parse_framework_text(text: str, source: str = "<framework>") -> Framework:
    """Parse and validate a framework from TOML text. Raises FrameworkError."""
    try:
        data = load_toml(text, source)
    except TomlProblems as exc:
        raise FrameworkError(source, exc.problems) from None
    return framework_from_data(data, source, text)


def framework_from_data(
    data: dict[str, Any], source: str = "<framework>", text: str | None = None
) -> Framework:
    """Validate parsed data; with the TOML `text`, each problem names its line too."""
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(source, validation_problems(exc, source, text)) from None


def load_framework_file(path: Path) -> Framework:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(
            f"no such file: {path}", hint="Give the path of a framework TOML file."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    return parse_framework_text(text, str(path))


def available_frameworks() -> dict[str, Path]:
    """id -> file, the user's own (under GENAI_DESIGN_HOME/frameworks) over the built-in ones."""
    from genai_design_cli.io import paths

    found: dict[str, Path] = {}
    for folder in (paths.builtin_frameworks_dir(), paths.user_frameworks_dir()):
        if folder.is_dir():
            for file in sorted(folder.glob("*.toml")):
                found[file.stem] = file
    return found


def resolve_framework(ref: str | None = None) -> Path:
    """A framework id, or a path to a TOML file, to the file to load."""
    ref = ref or BUILTIN_FRAMEWORK_ID
    candidate = Path(ref).expanduser()
    if candidate.suffix == ".toml" or "/" in ref or candidate.is_file():
        if candidate.is_file():
            return candidate
        raise UserError(f"no such framework file: {ref}")
    known = available_frameworks()
    if ref in known:
        return known[ref]
    import difflib

    near = difflib.get_close_matches(ref, list(known), n=3)
    raise UserError(
        f"unknown framework {ref!r}",
        hint=("Did you mean: " + ", ".join(near) + "? " if near else "")
        + "Known: "
        + (", ".join(sorted(known)) or "none")
        + ". See: genai-design framework list",
    )


def load_framework(ref: str | None = None) -> Framework:
    """Load a framework by id (built-in or the user's own) or by path."""
    return load_framework_file(resolve_framework(ref))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a framework file, with the condition language filled in."""

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("x-genai-design") == "condition":
                # the field's title, default and description stay beside the reference
                kept = {k: v for k, v in node.items() if k != "x-genai-design"}
                return {"$ref": "#/$defs/Condition"} | kept
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    schema = swap(Framework.model_json_schema())
    schema.setdefault("$defs", {})["Condition"] = conditions.JSON_SCHEMA
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- answers as variables ---------------------------------------------------------------------


def answer_of(step: Step, question: Question, answers: Mapping[str, Mapping[str, Any]]) -> Any:
    """`question`'s answer in `answers`, reading an old session's answer to a question it
    replaces (`formerly`) as its own; None when unanswered."""
    table = answers.get(step.id) or {}
    if question.id in table:
        return table[question.id]
    for former in question.formerly:
        if former.id in table:
            return question.upgraded(table[former.id])
    return None


def answer_variables(fw: Framework, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The shared variable space from a session's answers: each question's `var` -> its answer,
    plus what a chosen option `sets` (derived variables, e.g. data_may_leave from the data
    residency answer). This is the one place variables are derived from answers."""
    env: dict[str, Any] = {}
    for step, question in fw.questions():
        value = answer_of(step, question, answers)
        if value is None:
            continue
        if question.var:
            env[question.var] = value
        if question.choices:
            chosen = value if isinstance(value, list) else [value]
            for choice in question.choices:
                if choice.value in chosen:
                    env.update(choice.sets)
    return env


def flatten_results(results: dict[str, Any], prefix: str = "calc") -> dict[str, Any]:
    """Calculator results as variables: {"cost": {"llm": {"per_month": 1}}} ->
    {"calc.cost.llm.per_month": 1}. Nested tables join with dots; lists stay whole."""
    flat: dict[str, Any] = {}
    for key, value in results.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            flat.update(flatten_results(value, name))
        else:
            flat[name] = value
    return flat

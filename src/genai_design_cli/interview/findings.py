"""Findings as you go: which checks can be judged yet, the checks that fire, and the choices that
would contradict an earlier answer (marked in a picker, never pre-selected).

A check is judged as soon as its inputs exist: every variable it reads that a question sets is
answered, or that question's step has been walked (an unanswered question there is a decision
too: "no eval set"). Calculator results (`calc.*`) are read as they are; `covered.*` waits for
its sub-topic's step. So the privacy check fires right after the hosting choice, not at export.

The engine asks an *advisor* for findings and coverage. `FrameworkAdvisor` judges the
framework's own checks with the answers' variables; the CLI passes one backed by the coach
(case constraints, numbers in the messages, coverage from what was written).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from genai_design_cli.model import conditions
from genai_design_cli.model.answers import VARIABLES, format_value
from genai_design_cli.model.framework import (
    COMPUTED_PREFIXES,
    Check,
    Framework,
    Question,
    Step,
    answer_of,
)
from genai_design_cli.model.session import Session

WALKED = ("done", "skipped")
BLOCKING = ("error", "warning")  # severities that stop the walk with a choice
NUMBERS_SHOWN = 3  # variables quoted after a message that states no number itself


@dataclass(frozen=True)
class Finding:
    """A check that fires on the design as it stands."""

    id: str
    step: str
    severity: str  # error | warning | info
    message: str
    advice: str = ""
    reads: tuple[str, ...] = ()  # the answer variables it reads (where going back can go)

    @property
    def blocking(self) -> bool:
        return self.severity in BLOCKING


class Advisor(Protocol):
    """What the engine asks about the design while it is being walked."""

    def findings(self, session: Session) -> list[Finding]: ...

    def covered(self, step: Step, session: Session) -> set[str]: ...


# --- which variables a question sets, and who sets each ----------------------------------------


def sets_of(question: Question) -> set[str]:
    """The variables answering `question` can set: its `var` and its choices' `sets`."""
    names = {question.var} if question.var else set()
    for choice in question.choices:
        names.update(choice.sets)
    return names


def owners(fw: Framework) -> dict[str, list[tuple[Step, Question]]]:
    """variable -> the questions that set it (directly or through a choice's `sets`)."""
    found: dict[str, list[tuple[Step, Question]]] = {}
    for step, question in fw.questions():
        for name in sets_of(question):
            found.setdefault(name, []).append((step, question))
    return found


def check_variables(fw: Framework) -> set[str]:
    """Every variable some check of `fw` reads."""
    return {name for check in fw.checks for name in conditions.variables(check.when)}


def _variable_settled(
    fw: Framework,
    session: Session,
    name: str,
    owned: Mapping[str, list[tuple[Step, Question]]],
    assume: Iterable[str] = (),
) -> bool:
    if name in assume or name.startswith("calc."):
        return True
    if name.startswith("covered."):
        try:
            step, _ = fw.subtopic(name.removeprefix("covered."))
        except KeyError:
            return True
        return session.step_state(step.id).status in WALKED
    if name.startswith(COMPUTED_PREFIXES):
        # the coach's own variables (coach.answered.<step>, said.<step>...): those about a
        # step wait for it; the rest (the case's constraints) are known from the start
        steps = [part for part in name.split(".") if part in {s.id for s in fw.steps}]
        return all(session.step_state(step_id).status in WALKED for step_id in steps)
    setters = owned.get(name)
    if not setters:
        return True  # set by no question: its absence is all there will be
    return any(
        answer_of(step, question, session.answers) is not None
        or session.step_state(step.id).status in WALKED
        for step, question in setters
    )


def check_ready(
    fw: Framework,
    session: Session,
    check: Check,
    owned: Mapping[str, list[tuple[Step, Question]]] | None = None,
    assume: Iterable[str] = (),
) -> bool:
    """Can `check` be judged yet? Every variable it reads is settled (see the module doc);
    `assume` names variables to count as answered (a choice being weighed in a picker)."""
    owned = owners(fw) if owned is None else owned
    return all(
        _variable_settled(fw, session, name, owned, assume)
        for name in conditions.variables(check.when)
    )


# --- the framework's own checks ------------------------------------------------------------------


def with_numbers(message: str, check: Check, env: Mapping[str, Any]) -> str:
    """The message, followed by the answers it is about when it quotes no number itself:
    "... hosted API. (data may leave: no · model hosting: api)"."""
    if any(ch.isdigit() for ch in message):
        return message
    quoted = []
    for name in dict.fromkeys(conditions.variables(check.when)):
        if name in env and not name.startswith(COMPUTED_PREFIXES):
            label = VARIABLES[name].label if name in VARIABLES else name.replace("_", " ")
            value = env[name]
            shown = (", ".join(map(str, value)) or "none") if isinstance(value, list) else value
            quoted.append(f"{label.lower()}: {format_value(name, shown)}")
    if not quoted:
        return message
    return f"{message} ({' · '.join(quoted[:NUMBERS_SHOWN])})"


# The answers a computed variable (`coach.*`, `calc.*`) is worked out from: where "go back and
# change an answer" can go for a check that reads only computed figures (a budget check reads
# `coach.cost_per_month`, which the model, the traffic and the tokens decide). Matched by
# prefix, first match wins; a `coach.X` or `calc.X` whose X is an answer variable reads X.
_MODEL = ("model", "model_hosting", "gpu", "gpus")
_TOKENS = ("input_tokens", "output_tokens", "cached_prefix_tokens")
_TRAFFIC = ("qps", "queries_per_month", "qps_peak")
_SHARES = ("llm_fraction", "cache_hit_rate", "cheap_model", "cheap_fraction")
_PIPELINE = ("retrieval_ms", "guardrail_ms", "pipeline_ms", "llm_calls_per_request")
_PRICES = ("price_in_per_1m", "price_out_per_1m")
DERIVED_FROM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("coach.model_closed_weights", ("model",)),
    ("coach.cost_", (*_MODEL, *_TRAFFIC, *_TOKENS, *_SHARES, *_PRICES)),
    ("calc.cost.", (*_MODEL, *_TRAFFIC, *_TOKENS, *_SHARES, *_PRICES)),
    ("coach.qpm_average_qps", ("queries_per_month",)),
    ("coach.llm_request_share", ("llm_fraction", "cache_hit_rate")),
    ("coach.llm_share", ("llm_fraction",)),
    ("coach.single_", (*_MODEL, *_TOKENS, "streaming")),
    ("coach.pipeline", (*_PIPELINE, "p95_slo_ms", "ttft_slo_ms", "slo_measures")),
    ("calc.latency.", (*_MODEL, *_TOKENS, *_PIPELINE, "streaming", "p95_slo_ms", "ttft_slo_ms")),
    ("calc.fit.", ("model", "gpu", "gpus")),
    ("calc.capacity.", (*_MODEL, *_TRAFFIC, *_TOKENS, *_SHARES)),
)


def answer_inputs(name: str) -> tuple[str, ...]:
    """The answer variables `name` is read from: itself for an answer variable; for a
    computed one, the answers it is worked out from (DERIVED_FROM); () when none (a case's
    constraint, what was said in the text)."""
    if not name.startswith(COMPUTED_PREFIXES):
        return (name,)
    for prefix, inputs in DERIVED_FROM:
        if name.startswith(prefix):
            return inputs
    head, _, rest = name.partition(".")
    if head in ("coach", "calc") and rest in VARIABLES:
        return (rest,)
    return ()


def check_inputs(check: Check) -> tuple[str, ...]:
    """Every answer variable `check` reads, directly or through a computed figure; those it
    names (`budget_per_month` in `coach.budget_per_month`) before what figures come from."""
    names = list(conditions.variables(check.when))
    named = [n.partition(".")[2] if n.startswith(COMPUTED_PREFIXES) else n for n in names]
    inputs = [i for name in names for i in answer_inputs(name)]
    return tuple(dict.fromkeys([*(i for i in inputs if i in named), *inputs]))


def finding_of(check: Check, env: Mapping[str, Any], message: str | None = None) -> Finding:
    reads = check_inputs(check)
    return Finding(
        check.id,
        check.step,
        check.severity,
        with_numbers(message or check.message, check, env),
        check.advice,
        reads,
    )


def ready_findings(fw: Framework, session: Session, env: Mapping[str, Any]) -> list[Finding]:
    """The framework's checks that can be judged and fire over `env`."""
    owned = owners(fw)
    return [
        finding_of(check, env)
        for check in fw.checks
        if check_ready(fw, session, check, owned) and conditions.evaluate(check.when, env)
    ]


def answered_coverage(step: Step, session: Session) -> set[str]:
    """Sub-topics covered by answering a question that `covers` them (the coach's fuller
    judgement reads the words too)."""
    table = session.answers.get(step.id, {})
    covered: set[str] = set()
    for question in step.questions:
        value = table.get(question.id)
        if value not in (None, "", []) and value != question.default:
            covered.update(question.covers)
    return covered


class FrameworkAdvisor:
    """Findings from the framework's own checks; coverage from the questions answered."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw

    def findings(self, session: Session) -> list[Finding]:
        from genai_design_cli.interview.reconcile import environment

        return ready_findings(self.fw, session, environment(self.fw, session))

    def covered(self, step: Step, session: Session) -> set[str]:
        return answered_coverage(step, session)


# --- choices that contradict an earlier answer ---------------------------------------------------

API_ONLY = "API only; data may not leave (step {number})"
CONFLICT = "conflicts with step {number} ({answer})"
REGION_NOTE = (
    "Data must stay in {region}: check the provider offers a region-pinned endpoint there "
    "under a data-processing agreement."
)
MODEL_VARS = ("model", "cheap_model")


def contradictions(
    fw: Framework,
    session: Session,
    question: Question,
    env: Mapping[str, Any],
    *,
    api_only: Iterable[str] = (),
) -> dict[str, str]:
    """Choices of `question` that contradict an earlier answer -> why, in a few words.

    A choice contradicts when picking it would make an error-level check fire that does not
    fire now (hosting "api" when data may not leave), or when it is a model served only
    through a hosted API (`api_only`, from the catalog: closed weights) while data may not
    leave."""
    if not question.choices:
        return {}
    marks: dict[str, str] = {}
    mine = sets_of(question)
    env = {k: v for k, v in env.items() if k not in mine}  # as if not answered yet
    owned = owners(fw)
    errors = [
        c for c in fw.checks if c.severity == "error" and mine & set(conditions.variables(c.when))
    ]
    for check in errors:
        if conditions.evaluate(check.when, env):
            continue  # fires whatever is chosen here: not this choice's doing
        if not check_ready(fw, session, check, owned, assume=mine):
            continue
        for choice in question.choices:
            trial = dict(env)
            if question.var:
                trial[question.var] = (
                    [choice.value] if question.kind == "checkbox" else choice.value
                )
            trial.update(choice.sets)
            if choice.value not in marks and conditions.evaluate(check.when, trial):
                marks[choice.value] = _conflict(check, mine, env, owned) or _short(check.message)
    if question.var in MODEL_VARS and env.get("data_may_leave") is False:
        number = _step_number(fw, owned.get("data_may_leave", []))
        for value in api_only:
            if any(c.value == value for c in question.choices):
                marks.setdefault(value, API_ONLY.format(number=number))
    return marks


def region_note(env: Mapping[str, Any]) -> str | None:
    """With data kept inside a region, what to check about a hosted model."""
    if env.get("data_residency") != "region":
        return None
    return REGION_NOTE.format(region=env.get("data_region") or "the agreed region")


def _conflict(
    check: Check,
    mine: set[str],
    env: Mapping[str, Any],
    owned: Mapping[str, list[tuple[Step, Question]]],
) -> str | None:
    """ "conflicts with step 1 (data may leave: no)": the earlier answer a choice clashes with."""
    for name in conditions.variables(check.when):
        if name in mine or name not in env or name not in owned:
            continue
        label = VARIABLES[name].label if name in VARIABLES else name.replace("_", " ")
        answer = f"{label.lower()}: {format_value(name, env[name])}"
        return CONFLICT.format(number=owned[name][0][0].number, answer=answer)
    return None


def _short(message: str) -> str:
    first = message.split(". ")[0].rstrip(".")
    return first if len(first) <= 60 else first[:59] + "…"


def _step_number(fw: Framework, setters: list[tuple[Step, Question]]) -> str:
    return str(setters[0][0].number) if setters else "1"

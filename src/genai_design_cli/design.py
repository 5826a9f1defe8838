"""The Design view model: a session seen through its framework, with its case, the calculators'
results and the coach's report, built once and handed to every renderer (Markdown, post, HTML,
JSON) and to `score`. Everything it needs is passed in; it reads no file.

Besides the raw session it holds what the documents need, computed once here so the doc and the
post agree: every answer with its document label and whether anyone chose it (`Answer`), the
variables of the decided answers only, the options each decision left out (`Decision`), the
questions still open, and the headline numbers (`Headline`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from genai_design_cli.model import conditions
from genai_design_cli.model.answers import VARIABLES, typed_answers, upgrade_answers
from genai_design_cli.model.framework import (
    Choice,
    Framework,
    Question,
    Step,
    Subtopic,
    answer_variables,
    flatten_results,
)

if TYPE_CHECKING:
    from genai_design_cli.calc.catalog import Catalog
    from genai_design_cli.coach.evaluate import CoachReport
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.session import Session

# Where each step's answers belong in a design doc (MADR and common design-doc templates):
# the why in the context, the numbers in the requirements, evaluation and operations in the
# rollout; the other steps' choices are decisions and their free text describes the
# architecture. A step id a framework adds lands with the architecture.
STEP_SECTIONS = {
    "why-genai": "context",
    "requirements": "requirements",
    "architecture": "architecture",
    "data-strategy": "architecture",
    "model-selection": "decisions",
    "inference-infra": "architecture",
    "guardrails": "architecture",
    "evaluation": "rollout",
    "deploy-monitor": "rollout",
}
DECISION_KINDS = ("select", "checkbox", "confirm", "number")
# A question is not open when a variable that stands in for it is answered: the monthly volume
# is derived from the QPS (and the other way round), and one budget is enough to judge cost.
STANDS_IN_FOR = {
    "queries_per_month": ("qps",),
    "qps": ("queries_per_month",),
    "budget_per_month": ("budget_per_query",),
    "budget_per_query": ("budget_per_month",),
}
# A select with more options than this (a model picker) lists as alternatives only the options
# the step's own text names; with fewer, every option not taken was considered.
FEW_OPTIONS = 5


def question_label(question: Question) -> str:
    """How the doc names an answer: the question's `doc_label`, else its variable's document
    label, else its prompt without instructions (parenthesised hints, a second sentence)."""
    if question.doc_label.strip():
        return question.doc_label.strip()
    if question.id == "notes":
        return "Notes"
    if question.var in VARIABLES:
        return VARIABLES[question.var].doc_label
    text = re.sub(r"\s*\([^()]*\)", "", question.prompt)
    text = re.split(r"(?<=[?.!])\s", text.strip(), maxsplit=1)[0]
    return text.strip().rstrip("?:.").strip() or question.id


@dataclass(frozen=True)
class Answer:
    """One answer as the documents show it: typed, labelled, and whether anyone chose it."""

    step: Step
    question: Question
    value: Any
    defaulted: bool = False

    @property
    def label(self) -> str:
        return question_label(self.question)

    @property
    def is_notes(self) -> bool:
        return self.question.id == "notes"

    @property
    def is_text(self) -> bool:
        return self.question.kind in ("text", "multiline")

    @property
    def section(self) -> str:
        """The doc section it belongs to: context, requirements, architecture, decisions or
        rollout."""
        home = STEP_SECTIONS.get(self.step.id, "architecture")
        if home in ("requirements", "rollout"):
            return home
        if self.question.kind in DECISION_KINDS:
            return "decisions"
        if home == "decisions" and not self.is_notes:
            return "architecture"  # a free-text answer of a decision step describes the system
        return home

    def chosen(self) -> list[Choice]:
        values = self.value if isinstance(self.value, list) else [self.value]
        return [c for c in self.question.choices if c.value in values]


@dataclass(frozen=True)
class Decision:
    """A choice with the options it left out: MADR's "considered options". `alternatives` are
    every option not taken when there are few, else only those the step's text names
    (`named_only`)."""

    answer: Answer
    alternatives: list[Choice]
    named_only: bool = False


@dataclass(frozen=True)
class Headline:
    """The numbers a reader looks for first, from the calculators' results (None: not run)."""

    qps: float | None = None
    queries_per_month: float | None = None
    cost_per_query: float | None = None  # what the design pays: the hybrid route if any
    cost_per_month: float | None = None
    llm_only_per_month: float | None = None  # every query on the LLM path, for comparison
    llm_fraction: float | None = None
    baseline_per_query: float | None = None
    self_hosted: bool = False
    perceived_ms: tuple[float, float] | None = None
    e2e_ms: tuple[float, float] | None = None
    streaming: bool = False
    slo_ms: float | None = None
    slo_verdict: str = ""  # meets | at risk | misses
    # each latency target with what it judges: (measure, low ms, high ms, target ms, verdict)
    slos: tuple[tuple[str, float, float, float, str], ...] = ()
    replicas: int | None = None
    gpus: int | None = None
    gpu: str = ""
    fleet_per_month: float | None = None

    @classmethod
    def read(cls, results: Mapping[str, Any]) -> Headline:
        cost = _table(results.get("cost"))
        latency = _table(results.get("latency"))
        capacity = _table(results.get("capacity"))
        values: dict[str, Any] = {}
        if cost:
            fraction = _number(cost.get("llm_fraction"))
            route = "hybrid" if fraction is not None and fraction < 1 else "llm"
            values.update(
                qps=_number(cost.get("qps")),
                queries_per_month=_number(cost.get("queries_per_month")),
                cost_per_query=_number(_table(cost.get(route)).get("per_query")),
                cost_per_month=_number(_table(cost.get(route)).get("per_month")),
                llm_only_per_month=_number(_table(cost.get("llm")).get("per_month")),
                llm_fraction=fraction,
                baseline_per_query=_number(_table(cost.get("baseline")).get("per_query")),
                self_hosted=bool(cost.get("self_hosted")),
            )
        if latency:
            values.update(
                perceived_ms=_range(latency.get("perceived_ms")),
                e2e_ms=_range(latency.get("e2e_ms")),
                streaming=bool(latency.get("streaming")),
                slo_ms=_number(latency.get("slo_ms")),
                slo_verdict=str(latency.get("slo_verdict") or ""),
                slos=tuple(_slos(latency.get("slo"))),
            )
        if capacity:
            replicas, gpus = _number(capacity.get("replicas")), _number(capacity.get("gpus"))
            values.update(
                replicas=int(replicas) if replicas is not None else None,
                gpus=int(gpus) if gpus is not None else None,
                gpu=str(capacity.get("gpu") or ""),
                fleet_per_month=_number(capacity.get("cost_per_month")),
            )
        return cls(**values)


def _table(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _slos(value: Any) -> list[tuple[str, float, float, float, str]]:
    found = []
    for judged in _table(value).values():
        judged = _table(judged)
        numbers = [_number(judged.get(k)) for k in ("low", "high", "slo_ms")]
        if all(n is not None for n in numbers):
            low, high, target = (float(n) for n in numbers if n is not None)
            found.append(
                (str(judged.get("measure", "")), low, high, target, str(judged.get("verdict", "")))
            )
    return found


def _range(value: Any) -> tuple[float, float] | None:
    low, high = _number(_table(value).get("low")), _number(_table(value).get("high"))
    return (low, high) if low is not None and high is not None else None


@dataclass
class Design:
    """Everything a renderer needs, computed once."""

    fw: Framework
    session: Session
    variables: dict[str, Any]
    results: dict[str, Any]
    report: CoachReport | None = None
    case: Case | None = None
    case_ref: str | None = None  # the session's case id, also when no such case was found
    calc_missing: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[Step] = field(default_factory=list)
    unanswered: list[Step] = field(default_factory=list)
    rendered: list[Step] = field(default_factory=list)
    # every non-empty answer of the rendered steps, in the framework's order
    answers: list[Answer] = field(default_factory=list)
    # the variables of the answers someone chose (defaults nobody chose left out)
    decided: dict[str, Any] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    # questions that apply but have no answer, in the rendered steps (notes aside)
    open_questions: list[tuple[Step, Question]] = field(default_factory=list)
    headline: Headline = field(default_factory=Headline)

    @property
    def title(self) -> str:
        meta = self.session.session
        if meta and meta.title:
            return meta.title
        if self.case is not None:
            return self.case.title
        return self.fw.title

    @property
    def practice(self) -> bool:
        meta = self.session.session
        return bool(meta and meta.mode == "practice")

    def is_deep_dive(self, step: Step) -> bool:
        state = self.session.steps.get(step.id)
        return bool(state and state.deep_dive)

    @property
    def deep_dives(self) -> list[Step]:
        return [s for s in self.rendered if self.is_deep_dive(s)]

    @property
    def assumed(self) -> list[Answer]:
        """Answers filled from a default that no one chose: "assumed, not decided"."""
        return [a for a in self.answers if a.defaulted]

    def chosen_answers(self, section: str | None = None, step: Step | None = None) -> list[Answer]:
        """The answers someone chose, of one doc section and/or one step."""
        return [
            a
            for a in self.answers
            if not a.defaulted
            and (section is None or a.section == section)
            and (step is None or a.step.id == step.id)
        ]

    def answer(self, var: str) -> Answer | None:
        """The chosen answer that sets `var`, if any."""
        return next((a for a in self.answers if a.question.var == var and not a.defaulted), None)

    def applicable_subtopics(self, step: Step) -> list[Subtopic]:
        """The step's sub-topics that apply to this design (`applies_when`: no GPU serving for
        a hosted API, no retrieval without RAG)."""
        return [
            sub
            for sub in step.subtopics
            if sub.applies_when is None or conditions.evaluate(sub.applies_when, self.variables)
        ]

    def kept(self, check_id: str) -> str | None:
        """Why the person kept the design against a finding, if they said."""
        for state in self.session.steps.values():
            if check_id in state.kept:
                return state.kept[check_id]
        return None

    def question_for_var(self, var: str) -> Question | None:
        for _, question in self.fw.questions():
            if question.var == var:
                return question
        return None

    def report_dict(self) -> dict[str, Any]:
        return {} if self.report is None else self.report.to_dict()


def build_design(
    fw: Framework,
    session: Session,
    *,
    catalog: Catalog,
    case: Case | None = None,
    today: date | None = None,
) -> Design:
    """Run the calculators (unless the session holds their results) and the coach, once.

    The caller loads the case and the catalog (a broken user catalog is its error to report).
    Prices are judged (stale, retiring) as of `today`; by default the day the session was last
    changed, so a document is the same whenever it is exported, like the design it records."""
    from genai_design_cli.calc import engine
    from genai_design_cli.coach import evaluate as coach

    typed = typed_answers(fw, upgrade_answers(fw, session.answers))
    variables = answer_variables(fw, typed)
    missing: dict[str, list[str]] = {}
    if session.results:
        results = dict(session.results)
    else:
        meta = session.session
        as_of = today or (meta.updated.date() if meta is not None and meta.updated else None)
        run = engine.run_all(variables, catalog, as_of)
        results, missing = run.results, run.missing
    complete = session.model_copy(update={"results": results})
    report = coach.evaluate(fw, complete, case)
    design = Design(
        fw,
        complete,
        variables,
        results,
        report=report,
        case=case,
        case_ref=session.session.case if session.session else None,
        calc_missing=missing,
        headline=Headline.read(results),
    )
    for step in fw.steps:
        state = session.steps.get(step.id)
        if state and state.status == "skipped":
            design.skipped.append(step)
        elif typed.get(step.id) or (state and state.status == "done"):
            design.rendered.append(step)
        else:
            design.unanswered.append(step)
    design.answers = _answers(design.rendered, typed, session)
    decided_tables: dict[str, dict[str, Any]] = {}
    for answer in design.answers:
        if not answer.defaulted:
            decided_tables.setdefault(answer.step.id, {})[answer.question.id] = answer.value
    design.decided = answer_variables(fw, decided_tables)
    design.decisions = [
        _decision(a, design.answers)
        for a in design.chosen_answers("decisions")
        if a.question.kind in DECISION_KINDS
    ]
    design.open_questions = _open_questions(design)
    return design


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _answers(steps: list[Step], typed: Mapping[str, Any], session: Session) -> list[Answer]:
    found = []
    for step in steps:
        table = typed.get(step.id) or {}
        state = session.steps.get(step.id)
        defaulted = set(state.defaulted) if state else set()
        for question in step.questions:
            value = table.get(question.id)
            if _blank(value) or (value == [] and question.kind != "checkbox"):
                continue
            found.append(Answer(step, question, value, question.id in defaulted))
    return found


def _names(text: str, choice: Choice) -> bool:
    """Whether free text names a choice: its value, or its label before any parenthesis."""
    names = {choice.value, choice.title.split(" (")[0]}
    return any(
        len(name) > 2 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I)
        for name in names
    )


def _decision(answer: Answer, answers: list[Answer]) -> Decision:
    question = answer.question
    if question.kind not in ("select", "checkbox"):
        return Decision(answer, [])
    chosen = {c.value for c in answer.chosen()}
    others = [c for c in question.choices if c.value not in chosen and c.value != "other"]
    if question.kind == "checkbox" or len(question.choices) <= FEW_OPTIONS:
        return Decision(answer, others)
    text = " ".join(str(a.value) for a in answers if a.step.id == answer.step.id and a.is_text)
    return Decision(answer, [c for c in others if _names(text, c)], named_only=True)


def _open_questions(design: Design) -> list[tuple[Step, Question]]:
    env = dict(design.variables)
    env.update(flatten_results(design.results))
    answered = {(a.step.id, a.question.id) for a in design.answers}
    found = []
    for step in design.rendered:
        for question in step.questions:
            if question.id == "notes" or (step.id, question.id) in answered:
                continue
            if question.when is not None and not conditions.evaluate(question.when, env):
                continue
            if any(var in design.variables for var in STANDS_IN_FOR.get(question.var or "", ())):
                continue
            found.append((step, question))
    return found

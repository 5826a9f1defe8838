"""Answers, handled once: parse, validate and format each question kind, and the registry of
well-known variables with their units and labels.

Every layer reads answers through this module (copier's `Question` with its cast table is the
anchor): the interview validates what a person typed with `validate_answer`, an answers file
is checked with `invalid_answers`, the calculators and the coach read `typed_variables`, and
every screen and document shows a value with `format_answer` or `format_value`, so the same
answer reads the same everywhere.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from genai_design_cli.errors import UserError
from genai_design_cli.model.framework import Framework, Question
from genai_design_cli.model.numbers import (
    format_count,
    format_dollars,
    format_ms,
    format_percent,
    parse_number,
)


class InvalidAnswer(ValueError):
    """An answer that does not fit its question; the message says what is allowed."""


# --- the well-known variables -----------------------------------------------------------------


class Variable(NamedTuple):
    """A variable of the shared space: its unit decides how it reads everywhere."""

    unit: str  # count | qps | dollars | dollars-month | ms | share | tokens | flag | text | GPUs
    label: str  # short label on screens and in tables
    doc_label: str  # how a design document names it


VARIABLES: dict[str, Variable] = {
    "users": Variable("count", "Users", "Users"),
    "qps": Variable("qps", "QPS (average)", "Average traffic"),
    "qps_peak": Variable("qps", "QPS (peak)", "Peak traffic"),
    "qps_6mo": Variable("qps", "QPS in 6 months", "Traffic in six months"),
    "queries_per_month": Variable("count", "Queries per month", "Queries per month"),
    "input_tokens": Variable("tokens", "Input tokens per query", "Input tokens per query"),
    "output_tokens": Variable("tokens", "Output tokens per query", "Output tokens per query"),
    "cached_prefix_tokens": Variable("tokens", "Cached prefix tokens", "Cached prompt prefix"),
    "p95_slo_ms": Variable("ms", "p95 latency SLO", "Latency target (p95)"),
    "ttft_slo_ms": Variable("ms", "First-token SLO", "First-token target (p95)"),
    "slo_measures": Variable("text", "SLO measures", "What the latency target measures"),
    "retrieval_ms": Variable("ms", "Retrieval time", "Retrieval time"),
    "guardrail_ms": Variable("ms", "Guardrail time", "Guardrail time"),
    "pipeline_ms": Variable("ms", "Fixed pipeline stages", "Fixed pipeline stages"),
    "budget_per_query": Variable("dollars", "Budget per query", "Budget per query"),
    "budget_per_month": Variable("dollars", "Budget per month", "Budget per month"),
    "baseline_cost_per_query": Variable("dollars", "Baseline cost per query", "Baseline cost"),
    "llm_fraction": Variable("share", "Share sent to the LLM", "Share of traffic to the LLM"),
    "cache_hit_rate": Variable("share", "Cache hit rate", "Response cache hit rate"),
    "cheap_fraction": Variable("share", "Share to the cheap model", "Share to the cheap model"),
    "streaming": Variable("flag", "Streaming", "Streaming"),
    "data_may_leave": Variable("flag", "Data may leave", "Data may leave our infrastructure"),
    "data_residency": Variable("text", "Data residency", "Where the data may go"),
    "data_region": Variable("text", "Data region", "Region the data must stay in"),
    "gpus": Variable("count", "GPUs per replica", "GPUs per replica"),
    "llm_calls_per_request": Variable("count", "LLM calls per request", "Sequential LLM calls"),
    "reasoning_tokens": Variable(
        "tokens", "Reasoning tokens per call", "Hidden reasoning tokens per call"
    ),
    "cache_write_rate": Variable(
        "share", "Prompt-cache write share", "Share of calls writing the prompt cache"
    ),
    "other_model_name": Variable("text", "Other model", "Model (not in the catalog)"),
    "other_model_pricing": Variable("text", "Other model priced by", "How the model is priced"),
    "price_in_per_1m": Variable("dollars", "Input $ per 1M tokens", "Input price per 1M tokens"),
    "price_out_per_1m": Variable("dollars", "Output $ per 1M tokens", "Output price per 1M tokens"),
    "similar_to": Variable("text", "Priced like", "Priced like (catalog model)"),
}


def format_value(var: str | None, value: Any, unit: str = "") -> str:
    """A variable's value as a person reads it, by its unit: 2,000 ms, $0.0040, 25%, 2.5k.
    `unit` (a question's, e.g. "tokens") is written after counts when given."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return str(value)
    kind = VARIABLES[var].unit if var in VARIABLES else _unit_kind(unit)
    if kind == "dollars":
        return format_dollars(value) + (unit[1:] if unit.startswith("$/") else "")
    if kind == "ms":
        return format_ms(value)
    if kind == "share":
        return format_percent(value)
    shown = format_count(value) if abs(value) >= 1_000 else _plain(value)
    if not unit or unit == "count":
        return shown
    return f"{shown} {_singular(unit) if value == 1 else unit}"


def _singular(unit: str) -> str:
    """The unit of exactly one: 1 call, 1 GPU, 1 query/s (not 1 queries/s)."""
    head, slash, rest = unit.partition("/")
    if head.endswith("ies"):
        head = head[:-3] + "y"
    elif head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    return head + slash + rest


def _unit_kind(unit: str) -> str:
    if unit.startswith("$"):
        return "dollars"
    return {"ms": "ms", "tokens": "tokens", "queries/s": "qps"}.get(unit, "")


def _plain(value: float) -> str:
    """1500 -> '1,500'; 0.25 -> '0.25'; 3.0 -> '3'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


# --- parsing and validation: one function per question kind ---------------------------------

_TRUE = {"y", "yes", "true", "t", "1", "on"}
_FALSE = {"n", "no", "false", "f", "0", "off"}


def _fmt(value: float) -> str:
    if abs(value) >= 10_000:
        return format_count(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def is_share(question: Question) -> bool:
    """A share from 0 to 1 (cache hit rate, LLM share): the one kind that takes `25%`."""
    return question.min == 0 and question.max == 1 and not question.unit.startswith("$")


def allowed(question: Question) -> str:
    """What a valid answer to `question` looks like, in words."""
    if question.kind == "number":
        what = "a whole number" if question.integer else "a number"
        lo, hi = question.min, question.max
        if lo is not None and hi is not None:
            what += f" from {_fmt(lo)} to {_fmt(hi)}"
        elif lo is not None:
            what += f" of at least {_fmt(lo)}"
        elif hi is not None:
            what += f" of at most {_fmt(hi)}"
        if is_share(question):
            return what + ", e.g. 0.25 or 25%"
        if hi is None or hi >= 10_000_000:
            return what + "; 2.5k and 10M work"
        if hi >= 10_000:
            return what + "; 2.5k works"
        return what
    if question.kind in ("select", "checkbox"):
        values = ", ".join(c.value for c in question.choices)
        return ("one of: " if question.kind == "select" else "any of: ") + values
    if question.kind == "confirm":
        return "yes or no"
    return "some text"


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _match_choice(question: Question, raw: Any) -> str | None:
    text = str(raw).strip()
    for choice in question.choices:
        if text == choice.value:
            return choice.value
    for choice in question.choices:  # a hand-written file may use the label or other case
        if text.lower() in (choice.value.lower(), choice.title.lower()):
            return choice.value
    return None


def _parse_checkbox(question: Question, raw: Any) -> list[str]:
    if raw is None:
        items: list[Any] = []
    elif isinstance(raw, str):
        items = [part.strip() for part in raw.split(",") if part.strip()]
    elif isinstance(raw, (list, tuple)):
        items = list(raw)
    else:
        raise InvalidAnswer(f"expected a list; allowed: {allowed(question)}")
    values = [c.value for c in question.choices]
    chosen = []
    for item in items:
        value = _match_choice(question, item)
        if value is None:
            raise InvalidAnswer(f"{item!r} is not an option; allowed: {', '.join(values)}")
        if value not in chosen:
            chosen.append(value)
    if question.required and not chosen:
        raise InvalidAnswer(f"choose at least one; allowed: {', '.join(values)}")
    return [v for v in values if v in chosen]  # the framework's order


def _parse_number(question: Question, raw: Any) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        # e.g. `qps = [1, 2]` or `qps = 1979-05-27` in a hand-written answers file
        raise InvalidAnswer(f"{raw!r} is not {allowed(question)}")
    if isinstance(raw, str) and question.unit.startswith("$") and raw.strip().startswith("$"):
        raw = raw.strip()[1:]  # "$40k" for a dollar amount
    if isinstance(raw, str) and raw.strip().endswith("%") and not is_share(question):
        # "25%" of a dollar amount or a count means nothing: only 0-1 shares take it
        raise InvalidAnswer(f"{raw.strip()!r}: a percentage only fits a share from 0 to 1")
    try:
        number = parse_number(raw)
    except ValueError as exc:
        detail = str(exc)
        if "did you mean" in detail:
            raise InvalidAnswer(detail) from None
        raise InvalidAnswer(f"{str(raw).strip()!r} is not {allowed(question)}") from None
    if question.integer and not number.is_integer():
        raise InvalidAnswer(f"{_fmt(number)} is not {allowed(question)}")
    too_low = question.min is not None and number < question.min
    too_high = question.max is not None and number > question.max
    if too_low or too_high:
        raise InvalidAnswer(f"{_fmt(number)} is out of range; allowed: {allowed(question)}")
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


def _parse_confirm(question: Question, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidAnswer(f"{raw!r} is not yes or no")


def _parse_select(question: Question, raw: Any) -> str:
    value = _match_choice(question, raw)
    if value is None:
        raise InvalidAnswer(f"{raw!r} is not an option; allowed: {allowed(question)[8:]}")
    return value


def _parse_text(question: Question, raw: Any) -> str:
    return str(raw).strip()


def _parse_multiline(question: Question, raw: Any) -> str:
    return str(raw).strip("\n").rstrip()


# The cast table: one parser per question kind (blank answers are handled before it).
PARSERS: dict[str, Callable[[Question, Any], Any]] = {
    "number": _parse_number,
    "confirm": _parse_confirm,
    "select": _parse_select,
    "text": _parse_text,
    "multiline": _parse_multiline,
}


def validate_answer(question: Question, raw: Any) -> Any:
    """The stored value for a raw answer (text typed, a value from a file, a choice picked).

    Returns None for "no answer" (allowed for optional questions). Raises InvalidAnswer with a
    message that says what is allowed. Numbers accept `10M`, `2.5k`, `1_000` and `15%`.
    """
    if question.kind == "checkbox":
        return _parse_checkbox(question, raw)
    if _blank(raw):
        if question.required:
            raise InvalidAnswer(f"an answer is required: {allowed(question)}")
        return None
    return PARSERS[question.kind](question, raw)


# --- formatting -------------------------------------------------------------------------------


def format_answer(question: Question, value: Any) -> str:
    """An answer as a person reads it: labels for choices, yes/no, 10M for big counts."""
    if value is None:
        return ""
    if question.kind == "confirm":
        return "yes" if value else "no"
    if question.kind in ("select", "checkbox"):
        labels = {c.value: c.title for c in question.choices}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in items) or "(none)"
    if question.kind == "number" and isinstance(value, (int, float)):
        if is_share(question):
            return format_percent(value)
        return format_value(question.var, value, question.unit)
    return str(value)


def default_text(question: Question, value: Any) -> str:
    """A value as the text a prompt pre-fills (numbers round-trip through parse_number)."""
    if value is None:
        return ""
    if question.kind == "number" and isinstance(value, (int, float)):
        if float(value).is_integer():
            return str(int(value))
        return format(Decimal(repr(float(value))), "f")  # 0.000001, not 1e-06
    return str(value)


# --- answers as typed variables ---------------------------------------------------------------


def typed_answers(fw: Framework, answers: Mapping[str, Mapping[str, Any]]) -> dict:
    """The answers with every valid value in its typed form (`"10M"` -> 10000000, `"yes"` ->
    True). A value its question refuses stays as it was, so nothing a person wrote is lost;
    `invalid_answers` reports it."""
    typed: dict[str, dict[str, Any]] = {
        sid: dict(table) for sid, table in answers.items() if isinstance(table, Mapping)
    }
    for step, question in fw.questions():
        table = typed.get(step.id)
        if not table or question.id not in table:
            continue
        raw = table[question.id]
        if question.kind != "checkbox" and _blank(raw):
            continue
        with contextlib.suppress(InvalidAnswer):
            table[question.id] = validate_answer(question, raw)
    return typed


def typed_variables(fw: Framework, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The shared variable space, each answered question's `var` -> its typed answer."""
    from genai_design_cli.model.framework import answer_variables

    return answer_variables(fw, typed_answers(fw, answers))


# --- answers files ----------------------------------------------------------------------------


def answers_problems(fw: Framework, answers: Mapping[str, Any]) -> list[str]:
    """Step or question ids in an answers file that the framework does not have."""
    problems = []
    for step_id, table in answers.items():
        try:
            step = next(s for s in fw.steps if s.id == step_id)
        except StopIteration:
            problems.append(
                f"answers.{step_id}: no such step; steps: {', '.join(s.id for s in fw.steps)}"
            )
            continue
        known = [q.id for q in step.questions]
        # an old session's answer to a replaced question, and practice follow-ups, are valid
        accepted = set(known) | {f.id for f in step.followups}
        accepted |= {former.id for q in step.questions for former in q.formerly}
        for question_id in table:
            if question_id not in accepted:
                near = difflib.get_close_matches(question_id, known, n=1)
                problems.append(
                    f"answers.{step_id}.{question_id}: no such question"
                    + (f" (did you mean {near[0]!r}?)" if near else "")
                    + f"; questions: {', '.join(known)}"
                )
    return problems


def upgrade_answers(
    fw: Framework, answers: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The answers with an old session's answers to replaced questions (`formerly`) moved to
    the questions that replace them: `data-may-leave = false` becomes
    `data-residency = "may-not-leave"`. Answers already under the new id win."""
    upgraded = {sid: dict(table) for sid, table in answers.items() if isinstance(table, Mapping)}
    for step, question in fw.questions():
        table = upgraded.get(step.id)
        if not table:
            continue
        for former in question.formerly:
            if former.id in table:
                old = table.pop(former.id)
                table.setdefault(question.id, question.upgraded(old))
    return upgraded


def invalid_answers(fw: Framework, answers: Mapping[str, Any]) -> list[str]:
    """Every problem with an answers table: unknown step or question ids, and values the
    question would refuse (a letter where a number goes, a choice that does not exist)."""
    problems = answers_problems(fw, answers)
    for step in fw.steps:
        table = answers.get(step.id)
        if not isinstance(table, Mapping):
            continue
        for question in step.questions:
            if question.id in table:
                try:
                    validate_answer(question, table[question.id])
                except InvalidAnswer as exc:
                    problems.append(f"answers.{step.id}.{question.id}: {exc}")
    return problems


def require_valid_answers(
    fw: Framework, answers: Mapping[str, Any], source: str, *, saved: bool = False
) -> list[str]:
    """Every problem `invalid_answers` finds. For a hand-written answers file they are a
    UserError (exit 2) listing them: its author is there to fix it. For a saved session
    (`saved`) they are returned instead: the framework changed under it (a question's max
    lowered, a choice removed), the answers stay in the file to be asked again on resume,
    and `export` and `score` go on without them, with a note (`without_invalid_answers`)."""
    problems = invalid_answers(fw, answers)
    if problems and not saved:
        shown = problems[:20] + (
            [f"... and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        raise UserError(
            f"{source} has answers this framework cannot use:\n"
            + "\n".join(f"  {p}" for p in shown),
            hint=f"Fix them; the questions and what they allow: "
            f"genai-design framework show {fw.id} --level 3",
        )
    return problems


def without_invalid_answers(
    fw: Framework, answers: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """A copy of `answers` without those `invalid_answers` reports (unknown steps and
    questions, values their question refuses): what an export of a saved session reads."""
    problems = set()
    for problem in invalid_answers(fw, answers):
        problems.add(problem.split(":", 1)[0])  # "answers.<step>.<question>" or "answers.<step>"
    kept: dict[str, dict[str, Any]] = {}
    for step_id, table in answers.items():
        if not isinstance(table, Mapping) or f"answers.{step_id}" in problems:
            continue
        kept[step_id] = {q: v for q, v in table.items() if f"answers.{step_id}.{q}" not in problems}
    return kept

"""The design checks: the variables they run over, and their messages with the numbers in.

A check (framework data, `[[checks]]`) fires when its `when` holds over one environment:

- the answers as typed variables (`qps`, `model_hosting`, ...), old answers upgraded;
- the calculators' results, flattened (`calc.cost.llm.per_query`, `calc.latency.e2e_ms.low`),
  and the GPU fit (`calc.fit.weights_gb`, `calc.fit.weights_fit`: calc/fit.py);
- the case as the truth (`case.data_residency`, `case.forbidden_actions`, `case.qps_peak`...);
- what the candidate said in words: `said.<signal>` for the framework's signals (affirmative
  statements only), `covered.<sub-topic>` for sub-topics covered by a commitment;
- the coach's derived facts, `coach.*`:
  - `coach.llm_share`: the share of queries sent to the LLM (1 when not answered);
    `coach.llm_request_share`: that share less response-cache hits. A p95 SLO binds the LLM
    path only when it carries at least 5% of requests (otherwise it sits in the tail);
  - `coach.slo_measures`, `coach.ttft_slo_ms`, `coach.p95_slo_ms`: what the SLO measures and
    its targets, the candidate's and the case's together (the stricter target wins);
  - `coach.llm_calls_per_request`, `coach.pipeline_ms`: sequential model calls and fixed
    stages (ASR, TTS, tools), answered or said in the notes; `coach.first_output_ms.*` and
    `coach.full_response_ms.*` add them to one call's latency; `coach.pipeline.*` is the
    measure the SLO is on (`measure`, `floor_ms`, `slo_ms`);
  - `coach.cost_per_query`, `coach.cost_per_month` (the hybrid figure when there is one; for a
    self-hosted fleet, the optimistic end of its cost) and `coach.budget_per_query`,
    `coach.budget_per_month` (the stricter of answer and case);
  - `coach.data_residency` (the stricter of answer and case) and who said it;
  - `coach.actions` (action signals said) and `coach.forbidden_actions_taken`;
  - `coach.qpm_average_qps`: queries per month as an average QPS (a 30-day month);
  - `coach.model_closed_weights`: the model has a price but no published architecture;
  - `coach.sentences`, `coach.list_sentences`, `coach.list_share`: buzzword lists in the text.

Messages and advice quote variables: `{calc.cost.llm.per_query:dollars}`; formats and the
`{a|b}` fallback are described in model/framework.py (`template_fields`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from genai_design_cli.coach import coverage
from genai_design_cli.coach.report import SEVERITY_ORDER, CheckReport
from genai_design_cli.model import conditions
from genai_design_cli.model.answers import VARIABLES, format_value
from genai_design_cli.model.framework import Check, Framework, flatten_results, template_fields
from genai_design_cli.model.numbers import (
    format_count,
    format_dollars,
    format_ms,
    format_percent,
)

if TYPE_CHECKING:  # pragma: no cover
    from genai_design_cli.model.case import Case

SECONDS_PER_MONTH = 30 * 24 * 3600  # a 30-day month, as the cost calculator counts one
P95_TAIL = 0.05  # a path taken by fewer requests than this sits beyond the 95th percentile
RESIDENCY_ORDER = {"may-leave": 0, "region": 1, "may-not-leave": 2}
MISSING = "?"


# --- message templates -------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def format_field(name: str, value: Any, fmt: str) -> str:
    """One placeholder's value as a person reads it (model.answers.format_value by the
    variable's unit, or the format asked for)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "none"
    number = _number(value)
    if number is None or fmt == "text":
        return format_value(name, value)
    if fmt == "ms":
        return format_ms(number)
    if fmt == "dollars":
        return format_dollars(number)
    if fmt == "percent":
        return format_percent(number)
    if fmt == "gb":
        return f"{number:,.0f} GB" if number >= 10 else f"{number:.2g} GB"
    if fmt == "count":
        return format_count(number) if abs(number) >= 10_000 else f"{number:,.0f}"
    if fmt == "number":
        return f"{number:,.0f}" if abs(number) >= 100 else f"{number:.3g}"
    return format_value(name if name in VARIABLES else None, value)


def render(text: str, env: Mapping[str, Any]) -> str:
    """A check's message or advice with its placeholders filled in from `env`."""
    fields = iter(template_fields(text))

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        names, fmt = next(fields)
        for name in names:
            if env.get(name) is not None:
                return format_field(name, env[name], fmt)
        return MISSING

    return re.sub(r"\{\{|\}\}|\{[^{}]*\}", fill, text)


# --- the environment ---------------------------------------------------------------------------


def strictest_residency(*values: Any) -> str | None:
    known = [v for v in values if v in RESIDENCY_ORDER]
    return max(known, key=RESIDENCY_ORDER.__getitem__) if known else None


def _min(*values: Any) -> float | None:
    numbers = [n for n in (_number(v) for v in values) if n is not None and n > 0]
    return min(numbers) if numbers else None


# People whose actions are not the system's: "the clinician signs the note" is the design
# working as intended, not the tool signing it.
_PERSON = re.compile(
    r"\b(?:doctors?|clinicians?|physicians?|nurses?|humans?|persons?|people|staff|moderators?|"
    r"analysts?|adjusters?|crew|reviewers?|approvers?|managers?|engineers?|"
    r"administrators?|operators?|supervisors?|human agents?|support agents?|the team|"
    r"the user|users|customers?|shoppers?|guests?)\b"
)
PERSON_WINDOW = 60  # characters before an action in which a person is its subject


def _clause_before(text: str, start: int) -> str:
    """The words before `start` in its own clause (at most PERSON_WINDOW characters): where the
    subject of an action is named."""
    window = text[max(0, start - PERSON_WINDOW) : start]
    ends = list(coverage.SCOPE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def said_signals(fw: Framework, texts: Sequence[str]) -> dict[str, bool]:
    """`said.<id>` for every signal the candidate states affirmatively (not negated, deferred
    or asked). A fact needs a statement of substance, not a term in a buzzword list ("we gate
    on recall@10 over 200 questions", not "recall@k, MRR, nDCG"). An action counts however
    tersely it is said, but not with a person as its subject ("the clinician signs it"), and
    not in quotes (an example of what a user says, not a statement of the design)."""
    unquoted = [re.sub(r"[\"“][^\"”]*[\"”]", " ", t) for t in texts]
    vocabulary = {signal.id: signal.keywords for signal in fw.signals}
    kinds = {signal.id: signal.kind for signal in fw.signals}
    said: dict[str, bool] = {}
    for text in unquoted:
        for sentence in coverage.analyse(text, vocabulary).sentences:
            if sentence.deferred or sentence.question:
                continue
            for signal_id, keywords in sentence.mentions.items():
                if kinds[signal_id] == "fact":
                    if sentence.substance and not sentence.buzzword_list:
                        said[signal_id] = True
                    continue
                for _, start, end in coverage.find_keywords(sentence.text, keywords):
                    person = _PERSON.search(_clause_before(sentence.text, start))
                    if not person and not coverage.is_negated(sentence.spans, start, end):
                        said[signal_id] = True
    return {f"said.{k}": True for k in said}


def latency_variables(
    results: Mapping[str, Any], calls: float, pipeline_ms: float
) -> dict[str, Any]:
    """One call's latency and the whole pipeline's, from calc.latency: every call before the
    last runs to its end (its output feeds the next) and the fixed stages run once.

    `coach.single_first_output_ms` / `coach.single_full_response_ms`: one call, as if it were
    alone; `coach.first_output_ms` / `coach.full_response_ms`: with `calls` sequential calls and
    `pipeline_ms` of stages. The latency calculator may already count calls and stages (its
    `llm_calls`, `pipeline_ms`): they are taken out for the single call and the answered or
    said ones put in, so nothing is counted twice."""
    latency = results.get("latency")
    if not isinstance(latency, Mapping):
        return {}
    env: dict[str, Any] = {}
    counted_calls = _number(latency.get("llm_calls")) or 1.0
    counted_stages = _number(latency.get("pipeline_ms")) or 0.0
    for end in ("low", "high"):
        ttft = _number((latency.get("ttft_ms") or {}).get(end))
        decode = _number((latency.get("decode_ms") or {}).get(end))
        first = _number((latency.get("perceived_ms") or {}).get(end))
        full = _number((latency.get("e2e_ms") or {}).get(end))
        if ttft is None or decode is None or first is None or full is None:
            return {}
        call = ttft + decode
        counted = (counted_calls - 1) * call + counted_stages
        wanted = (max(calls, 1.0) - 1) * call + pipeline_ms
        env[f"coach.single_first_output_ms.{end}"] = round(max(first - counted, 0.0), 1)
        env[f"coach.single_full_response_ms.{end}"] = round(max(full - counted, 0.0), 1)
        env[f"coach.first_output_ms.{end}"] = round(max(first - counted, 0.0) + wanted, 1)
        env[f"coach.full_response_ms.{end}"] = round(max(full - counted, 0.0) + wanted, 1)
    return env


def calculator_inputs(
    variables: Mapping[str, Any], case: Case | None, texts: Sequence[str]
) -> tuple[dict[str, Any], list[str]]:
    """The variables the coach runs the calculators on, and notes saying what it read beyond
    the answers: a weight precision said in words ("FP8 weights") when none is answered, and,
    for a session written before peak and average were asked apart, a QPS equal to the case's
    peak read as that peak (the case's average then sets the bill)."""
    inputs = dict(variables)
    notes: list[str] = []
    if not isinstance(inputs.get("dtype"), str):
        said = coverage.dtype_said(texts)
        if said:
            inputs["dtype"] = said
            notes.append(f"The calculators used the weight precision you state: {said}.")
    if case is not None and inputs.get("qps_peak") is None:
        peak = case.constraints.qps_peak or case.numbers.qps_peak
        average = case.constraints.qps or case.numbers.qps
        qps = _number(inputs.get("qps"))
        if peak and average and qps is not None and qps == peak and average < peak:
            inputs["qps"], inputs["qps_peak"] = average, peak
            notes.append(
                f"Your QPS of {qps:g} is the case's peak: the calculators read it as the peak and "
                f"used the case's average of {average:g} QPS for the bill."
            )
    return inputs, notes


def _fleet_optimism(results: Mapping[str, Any]) -> float:
    """For a self-hosted fleet, the optimistic end of its monthly cost over the planned one
    (capacity's `cost_per_month_range.low` / `cost_per_month`); 1 for a hosted API, whose
    price per token is arithmetic, not an estimate. Budget checks, like latency checks, judge
    the optimistic end: "over budget even at best"."""
    capacity = results.get("capacity")
    cost = results.get("cost")
    if not isinstance(capacity, Mapping) or not isinstance(cost, Mapping):
        return 1.0
    if not cost.get("self_hosted") and cost.get("model") != capacity.get("model"):
        return 1.0
    planned = _number(capacity.get("cost_per_month"))
    low = _number((capacity.get("cost_per_month_range") or {}).get("low"))
    if not planned or low is None or low <= 0:
        return 1.0
    return min(low / planned, 1.0)


def derived_variables(
    fw: Framework,
    variables: Mapping[str, Any],
    results: Mapping[str, Any],
    case: Case | None,
    texts: Sequence[str],
    catalog: Any = None,
) -> dict[str, Any]:
    """The coach's derived facts (`coach.*`, `said.*`, `calc.fit.*`); see the module doc."""
    env: dict[str, Any] = {}
    case_vars = case.constraint_variables() if case is not None else {}
    llm_share = _number(variables.get("llm_fraction"))
    llm_share = 1.0 if llm_share is None else min(max(llm_share, 0.0), 1.0)
    hit_rate = _number(variables.get("cache_hit_rate")) or 0.0
    env["coach.llm_share"] = llm_share
    env["coach.llm_request_share"] = round(llm_share * (1 - min(max(hit_rate, 0.0), 1.0)), 4)

    # what the SLO measures and its targets: the candidate's and the case's together
    measures: set[str] = set()
    for said in (variables.get("slo_measures"), case_vars.get("case.slo_measures")):
        if said == "both":
            measures |= {"first-token", "full-response"}
        elif said in ("first-token", "full-response"):
            measures.add(said)
    if not measures:
        streaming = variables.get("streaming", case_vars.get("case.streaming"))
        measures = {"first-token" if streaming is not False else "full-response"}
    env["coach.slo_measures"] = "both" if len(measures) == 2 else next(iter(measures))
    p95 = _min(variables.get("p95_slo_ms"), case_vars.get("case.p95_slo_ms"))
    ttft = _min(variables.get("ttft_slo_ms"), case_vars.get("case.ttft_slo_ms"))
    if ttft is None and measures == {"first-token"}:
        ttft = p95  # one figure for a first-token SLO: what "p95 SLO" meant before
    if "full-response" in measures and p95 is not None:
        env["coach.p95_slo_ms"] = p95
    if "first-token" in measures and ttft is not None:
        env["coach.ttft_slo_ms"] = ttft

    # sequential calls and fixed stages: answered, or said in the notes
    calls = _number(variables.get("llm_calls_per_request"))
    if calls is None:
        said_calls = coverage.llm_calls_said(texts)
        if said_calls:
            calls = float(said_calls)
            env["coach.llm_calls_source"] = "your notes"
    pipeline = _number(variables.get("pipeline_ms"))
    if pipeline is None:
        said_ms = coverage.pipeline_ms_said(texts)
        if said_ms:
            pipeline = said_ms
            env["coach.pipeline_source"] = "your notes"
    env["coach.llm_calls_per_request"] = calls or 1.0
    env["coach.pipeline_ms"] = pipeline or 0.0
    latency = latency_variables(results, calls or 1.0, pipeline or 0.0)
    env.update(latency)
    if latency:
        options = []
        if "coach.ttft_slo_ms" in env:
            options.append(("first output", "first_output_ms", "coach.ttft_slo_ms"))
        if "coach.p95_slo_ms" in env:
            options.append(("complete response", "full_response_ms", "coach.p95_slo_ms"))
        missing = [o for o in options if env[f"coach.{o[1]}.low"] > env[o[2]]] or options
        if missing:
            measure, key, slo = missing[0]
            env["coach.pipeline.measure"] = measure
            env["coach.pipeline.floor_ms"] = env[f"coach.{key}.low"]
            env["coach.pipeline.single_ms"] = env[f"coach.single_{key}.low"]
            env["coach.pipeline.slo_ms"] = env[slo]

    # cost against budget: the stricter budget of the candidate's and the case's
    cost = results.get("cost") if isinstance(results.get("cost"), Mapping) else {}
    optimism = _fleet_optimism(results)
    for period in ("query", "month"):
        key = f"per_{period}"
        hybrid = _number((cost.get("hybrid") or {}).get(key)) if cost else None
        llm = _number((cost.get("llm") or {}).get(key)) if cost else None
        if hybrid is not None or llm is not None:
            figure = hybrid if hybrid is not None else llm
            env[f"coach.cost_per_{period}"] = round(figure * optimism, 8)  # type: ignore[operator]
        budget = _min(
            variables.get(f"budget_per_{period}"), case_vars.get(f"case.budget_per_{period}")
        )
        if budget is not None:
            env[f"coach.budget_per_{period}"] = budget

    # where the data may go: the stricter of the answer and the case
    answered = variables.get("data_residency")
    if answered is None and isinstance(variables.get("data_may_leave"), bool):
        answered = "may-leave" if variables["data_may_leave"] else "may-not-leave"
    given = case_vars.get("case.data_residency")
    strictest = strictest_residency(answered, given)
    if strictest:
        env["coach.data_residency"] = strictest
        by = [
            who
            for who, value in (("the case", given), ("your answer", answered))
            if value == strictest
        ]
        env["coach.data_residency_said_by"] = " and ".join(by) + (
            " says so" if len(by) == 1 else " say so"
        )

    # actions the design takes, against the case's forbidden ones
    said = said_signals(fw, texts)
    env.update(said)
    actions = [s.id for s in fw.signals if s.kind == "action" and said.get(f"said.{s.id}")]
    if actions:
        env["coach.actions"] = actions
    forbidden = case_vars.get("case.forbidden_actions") or []
    taken = [a for a in actions if a in forbidden]
    if taken:
        titles = {s.id: s.title for s in fw.signals}
        env["coach.forbidden_actions_taken"] = [titles.get(a, a) for a in taken]

    qpm = _number(variables.get("queries_per_month"))
    if qpm is not None:
        env["coach.qpm_average_qps"] = round(qpm / SECONDS_PER_MONTH, 2)

    model = variables.get("model")
    if catalog is not None and isinstance(model, str) and model:
        try:
            closed = catalog.has_price(model) and catalog.architecture(model) is None
        except Exception:  # a broken catalog entry is the calculators' to report
            closed = False
        env["coach.model_closed_weights"] = bool(closed)
        env.update(fit_variables(variables, catalog, texts))

    env.update(case_vars)
    return env


def fit_variables(variables: Mapping[str, Any], catalog: Any, texts: Sequence[str]) -> dict:
    """`calc.fit.*`: does the self-hosted model fit the GPUs of one replica (calc/fit.py)?
    The precision is the answered `dtype`, else the one the candidate states, else bf16."""
    from genai_design_cli.calc import fit as fit_calc

    if variables.get("model_hosting") != "self-hosted":
        return {}
    model, gpu_id = variables.get("model"), variables.get("gpu")
    if not isinstance(model, str) or not isinstance(gpu_id, str):
        return {}
    try:
        arch = catalog.architecture(model)
        gpu = catalog.gpu(gpu_id)
    except Exception:  # unknown ids: the calculators say why
        return {}
    if arch is None:
        return {}
    gpus = _number(variables.get("gpus")) or 1.0
    dtype = variables.get("dtype") if isinstance(variables.get("dtype"), str) else None
    dtype = dtype or coverage.dtype_said(texts) or "bf16"
    tokens = sum(_number(variables.get(n)) or 0.0 for n in ("input_tokens", "output_tokens"))
    try:
        result = fit_calc.model_fit(arch, gpu, int(gpus), dtype, tokens or None)
    except (ValueError, ArithmeticError):
        return {}
    return flatten_results(
        {"fit": {k: v for k, v in result.items() if k not in ("assumptions", "sources")}}
    )


def environment(
    fw: Framework,
    variables: Mapping[str, Any],
    results: Mapping[str, Any],
    *,
    case: Case | None = None,
    texts: Sequence[str] = (),
    covered: Iterable[str] = (),
    catalog: Any = None,
) -> dict[str, Any]:
    """Every variable a check may read (see the module doc)."""
    env = dict(variables)
    env.update(flatten_results(dict(results)))
    env.update(derived_variables(fw, variables, results, case, texts, catalog))
    for sub_id in covered:
        env[f"covered.{sub_id}"] = True
    return env


# --- running them ------------------------------------------------------------------------------


def fired_checks(
    checks: Iterable[Check],
    env: Mapping[str, Any],
    *,
    kept: Mapping[str, str] | None = None,
    order: Mapping[str, int] | None = None,
) -> list[CheckReport]:
    """The checks whose `when` holds, with their numbers in, errors first (then by step).
    `kept` maps a check id to why the person kept the design against it."""
    kept = kept or {}
    fired = [
        CheckReport(
            check.id,
            check.step,
            check.severity,
            render(check.message, env),
            render(check.advice, env),
            kept=kept.get(check.id, ""),
        )
        for check in checks
        if conditions.evaluate(check.when, env)
    ]
    order = order or {}
    fired.sort(key=lambda c: (SEVERITY_ORDER.get(c.severity, 9), order.get(c.step, 99)))
    return fired

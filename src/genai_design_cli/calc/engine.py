"""The calculators run over a design's variables: one planner per calculator, each returning its
result or the reasons it could not run (naming domain fields, never CLI flags). The interview,
the export and the coach call `run_all`.

Hosting: a design is self-hosted when a GPU is answered, the model has a published architecture
and the hosting answer is not "api" (answering a GPU means planning to run the model on it);
then cost, latency and capacity are all self-hosted, so the three agree. Otherwise cost and
latency use the model's API figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from genai_design_cli.calc import constants as k
from genai_design_cli.calc.catalog import Architecture, Catalog, CatalogError, Gpu
from genai_design_cli.model.numbers import format_dollars, parse_number

CALCULATORS = ("cost", "latency", "capacity")
TOKENS_ASSUMED = (
    f"Tokens per query not answered: assumed {k.DEFAULT_INPUT_TOKENS:,} input and "
    f"{k.DEFAULT_OUTPUT_TOKENS:,} output."
)


@dataclass
class CalcRun:
    """What ran (`results`, each the dict the command prints with --json) and, for each
    calculator that did not, why (`missing`: reasons a person can act on)."""

    results: dict[str, Any] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)


# --- reading the variables once ---------------------------------------------------------------


def _number(variables: Mapping[str, Any], name: str) -> float | None:
    """A finite number, or None when absent or not a number. Answers are normally typed by
    model.answers; a hand-written value such as "10M" is still read."""
    value = variables.get(name)
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = float(value) if isinstance(value, (int, float)) else parse_number(str(value))
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(variables: Mapping[str, Any], name: str) -> str | None:
    value = variables.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _share(variables: Mapping[str, Any], name: str, default: float) -> float:
    value = _number(variables, name)
    return default if value is None else min(max(value, 0.0), 1.0)


def _flag(variables: Mapping[str, Any], name: str, default: bool) -> bool:
    value = variables.get(name)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "y", "true", "1")
    return default


@dataclass(frozen=True)
class Traffic:
    """Shares of all queries that reach an LLM at all, the main model, the cheap model."""

    llm: float
    main: float
    cheap: float


@dataclass(frozen=True)
class DesignInputs:
    """The calculators' inputs read from the design's variables, once."""

    model: str | None
    gpu_id: str | None
    hosting: str | None
    qps: float | None
    queries_per_month: float | None
    input_tokens: float | None
    output_tokens: float | None
    gpus: float | None
    variables: Mapping[str, Any]
    qps_peak: float | None = None
    dtype: str | None = None

    @classmethod
    def read(cls, variables: Mapping[str, Any]) -> DesignInputs:
        return cls(
            model=_text(variables, "model"),
            gpu_id=_text(variables, "gpu"),
            hosting=_text(variables, "model_hosting"),
            qps=_number(variables, "qps"),
            queries_per_month=_number(variables, "queries_per_month"),
            input_tokens=_number(variables, "input_tokens"),
            output_tokens=_number(variables, "output_tokens"),
            gpus=_number(variables, "gpus"),
            variables=variables,
            qps_peak=_number(variables, "qps_peak"),
            dtype=_text(variables, "dtype"),
        )

    @property
    def tokens_known(self) -> bool:
        return self.input_tokens is not None and self.output_tokens is not None

    @property
    def tokens(self) -> tuple[float, float]:
        return (
            self.input_tokens if self.input_tokens is not None else k.DEFAULT_INPUT_TOKENS,
            self.output_tokens if self.output_tokens is not None else k.DEFAULT_OUTPUT_TOKENS,
        )

    @property
    def average_qps(self) -> float | None:
        if self.qps is not None:
            return self.qps
        if self.queries_per_month is not None:
            return self.queries_per_month / k.SECONDS_PER_MONTH
        return None

    @property
    def peak_qps(self) -> float | None:
        """The answered peak, when it is a peak (not below the average)."""
        average = self.average_qps
        if self.qps_peak is None or self.qps_peak <= 0:
            return None
        if average is not None and self.qps_peak < average:
            return None
        return self.qps_peak

    def traffic_shares(self) -> Traffic:
        """Which share of the queries reaches each model: the hybrid route sends llm_fraction
        to an LLM, the response cache answers cache_hit_rate of those, and a router sends
        cheap_fraction of the rest to the cheap model (when one is named)."""
        variables = self.variables
        llm = _share(variables, "llm_fraction", 1.0) * (
            1 - _share(variables, "cache_hit_rate", 0.0)
        )
        cheap = _share(variables, "cheap_fraction", 0.0) if _text(variables, "cheap_model") else 0.0
        return Traffic(llm=llm, main=llm * (1 - cheap), cheap=llm * cheap)

    @property
    def gpus_per_replica(self) -> int | None:
        if self.gpus and 1 <= self.gpus <= k.MAX_GPUS_PER_REPLICA:
            return int(self.gpus)
        return None


@dataclass(frozen=True)
class Hosting:
    """Where the model runs: self-hosted on a known GPU with a known architecture, or not."""

    arch: Architecture | None
    gpu: Gpu | None
    note: str | None  # said in every result when the hosting was inferred from the GPU

    @property
    def self_hosted(self) -> bool:
        return self.arch is not None and self.gpu is not None


def resolve_hosting(inputs: DesignInputs, catalog: Catalog) -> Hosting:
    arch = gpu = None
    if inputs.model and inputs.gpu_id and inputs.hosting != "api":
        try:
            arch = catalog.architecture(inputs.model)
            gpu = catalog.gpu(inputs.gpu_id)
        except CatalogError:
            arch = gpu = None
    if arch is None or gpu is None:
        return Hosting(None, None, None)
    note = None
    if inputs.hosting != "self-hosted":
        note = (
            f"A GPU ({inputs.gpu_id}) was answered but not the hosting: {inputs.model} is "
            "estimated self-hosted on it (cost, latency and capacity alike)."
        )
    return Hosting(arch, gpu, note)


# --- one planner per calculator ---------------------------------------------------------------

# Input errors and arithmetic that overflows or divides by zero become reasons, not crashes.
_CALC_ERRORS = (CatalogError, ValueError, ArithmeticError)


def plan_capacity(
    inputs: DesignInputs, hosting: Hosting, catalog: Catalog
) -> tuple[dict[str, Any] | None, list[str]]:
    """GPU fleet for a self-hosted open-weight model on a known GPU, sized for the traffic that
    reaches it (hybrid share, response cache, router split) at the peak; with a self-hosted
    cheap model, its fleet too."""
    reasons = []
    if not hosting.self_hosted:
        reasons.append("needs a self-hosted model with a published architecture and a gpu")
    qps = inputs.average_qps
    if qps is None:
        reasons.append("needs the traffic (queries per second, or per month)")
    if reasons:
        return None, reasons
    traffic = inputs.traffic_shares()
    try:
        result = _fleet(inputs, hosting.arch, hosting.gpu, catalog, traffic.main)
        cheap = _cheap_fleet(inputs, hosting, catalog, traffic)
    except _CALC_ERRORS as exc:
        return None, [_reason(exc)]
    result["assumptions"] += _traffic_notes(inputs, traffic)
    result["fleet_gpus"] = result["gpus"]
    result["fleet_cost_per_month"] = result["cost_per_month"]
    if cheap is not None:
        result["cheap_fleet"] = cheap
        result["fleet_gpus"] += cheap["gpus"]
        result["fleet_cost_per_month"] = round(
            result["cost_per_month"] + cheap["cost_per_month"], 2
        )
        result["assumptions"].append(
            f"The cheap model's own fleet: {cheap['model']} on {cheap['replicas']} x "
            f"{cheap['tensor_parallel']} {cheap['gpu']} for {cheap['qps']:,.3g} QPS on average "
            f"({cheap['peak_qps']:,.3g} at peak), {format_dollars(cheap['cost_per_month'])} a "
            f"month; both fleets: {result['fleet_gpus']} GPUs, "
            f"{format_dollars(result['fleet_cost_per_month'])} a month."
        )
    if not inputs.tokens_known:
        result["assumptions"].append(TOKENS_ASSUMED)
    return result, []


def _fleet(
    inputs: DesignInputs,
    arch: Architecture,
    gpu: Gpu,
    catalog: Catalog,
    share: float,
    *,
    sized: bool = False,
) -> dict[str, Any]:
    """One model's capacity plan for its share of the traffic."""
    from genai_design_cli.calc import capacity as capacity_calc

    input_tokens, output_tokens = inputs.tokens
    average = inputs.average_qps or 0.0
    peak = inputs.peak_qps
    dtype = inputs.dtype if inputs.dtype in capacity_calc.BYTES_PER_PARAM else "bf16"
    cap_inputs = capacity_calc.CapacityInputs(
        qps=average * share,
        peak_qps=peak * share if peak is not None else None,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        dtype=dtype,
        tensor_parallel=None if sized else inputs.gpus_per_replica,
    )
    tpot_slo_ms, said = _tpot_budget(inputs)
    cap_inputs = cap_inputs._replace(tpot_slo_ms=tpot_slo_ms)
    vs_prices = capacity_calc.comparable_api_model(arch, catalog)
    references = capacity_calc.resolve_references(catalog)
    try:
        result = capacity_calc.estimate(cap_inputs, arch, gpu, vs_prices, references=references)
    except capacity_calc.CapacityInputError as exc:
        if exc.field != "gpus" or cap_inputs.tensor_parallel is None:
            raise
        # the answered GPUs per replica cannot hold the model: size it instead
        result = capacity_calc.estimate(
            cap_inputs._replace(tensor_parallel=None), arch, gpu, vs_prices, references=references
        )
        result["assumptions"].append(
            f"{inputs.gpus:g} GPU(s) per replica, as answered, cannot hold {arch.model} or do "
            "not split its heads evenly within one node; sized the tensor-parallel degree "
            "instead."
        )
    result["assumptions"] += said
    return result


def _tpot_budget(inputs: DesignInputs) -> tuple[float | None, list[str]]:
    """The time per output token a full-response SLO leaves, for capacity to cap its batch:
    (SLO - network - guardrails - retrieval - fixed stages) / (sequential calls x output
    tokens). Each call's time to first token is left to the latency verdict."""
    slo_ms, _, _ = _slos(inputs.variables)
    if slo_ms is None:
        return None, []
    variables = inputs.variables
    from genai_design_cli.calc.latency import DEFAULT_NETWORK_MS

    fixed = (
        DEFAULT_NETWORK_MS
        + 2 * max(_number(variables, "guardrail_ms") or 0.0, 0.0)
        + max(_number(variables, "retrieval_ms") or 0.0, 0.0)
        + max(_number(variables, "pipeline_ms") or 0.0, 0.0)
    )
    calls = max(int(_number(variables, "llm_calls_per_request") or 1), 1)
    output_tokens = inputs.tokens[1]
    budget = (slo_ms - fixed) / (calls * max(output_tokens, 1))
    if budget <= 0:
        return None, [
            f"The full-response SLO ({slo_ms:,.0f} ms) is spent before the model runs "
            f"({fixed:,.0f} ms of network, guardrails, retrieval and fixed stages): the batch "
            "is not capped for it."
        ]
    return budget, [
        f"Batch capped for the full-response SLO: ({slo_ms:,.0f} ms - {fixed:,.0f} ms of "
        f"network, guardrails, retrieval and fixed stages) / ({calls} call(s) x "
        f"{output_tokens:,.0f} output tokens) = {budget:.1f} ms per output token at most."
    ]


def _cheap_fleet(
    inputs: DesignInputs, hosting: Hosting, catalog: Catalog, traffic: Traffic
) -> dict[str, Any] | None:
    """The cheap model's fleet, when routing sends it traffic and it is an open model: it runs
    on the same GPU type, sized alone."""
    cheap_model = _text(inputs.variables, "cheap_model")
    if not cheap_model or traffic.cheap <= 0 or cheap_model == inputs.model:
        return None
    try:
        arch = catalog.architecture(cheap_model)
    except CatalogError:
        return None
    if arch is None or hosting.gpu is None:
        return None
    plan = _fleet(inputs, arch, hosting.gpu, catalog, traffic.cheap, sized=True)
    keys = (
        "model",
        "gpu",
        "qps",
        "peak_qps",
        "tensor_parallel",
        "batch",
        "requests_per_s_per_replica",
        "replicas",
        "gpus",
        "cost_per_month",
    )
    return {key: plan[key] for key in keys}


def _traffic_notes(inputs: DesignInputs, traffic: Traffic) -> list[str]:
    variables = inputs.variables
    parts = []
    llm_fraction = _share(variables, "llm_fraction", 1.0)
    hit = _share(variables, "cache_hit_rate", 0.0)
    if llm_fraction < 1:
        parts.append(f"the hybrid route sends {llm_fraction:.0%} of queries to an LLM")
    if hit > 0:
        parts.append(f"the response cache answers {hit:.0%} of those")
    if traffic.cheap > 0:
        cheap = _text(variables, "cheap_model")
        parts.append(f"the router sends {traffic.cheap / traffic.llm:.0%} of the rest to {cheap}")
    if not parts:
        return []
    return [
        f"Traffic that reaches {inputs.model}: {traffic.main:.1%} of all queries ("
        + "; ".join(parts)
        + "): the fleet is sized for that share alone."
    ]


def plan_cost(
    inputs: DesignInputs,
    hosting: Hosting,
    catalog: Catalog,
    capacity: dict[str, Any] | None,
    today: date | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """Cost per query, day and month: an API price (a catalog model, or an "other" model with
    the prices answered for it or those of a similar catalog model), or (self-hosted) the
    fleet's $/query. A request over the model's context window is costed with a warning and
    `context_window_exceeded` set, for the coach; prices are dated against `today`."""
    from genai_design_cli.calc import cost as cost_calc

    if inputs.qps is None and inputs.queries_per_month is None:
        return None, ["needs the traffic (queries per second, or per month)"]
    variables = inputs.variables
    priced: Any = None  # catalog.ApiModel, or Prices answered for an "other" model
    cost_per_query = None
    stated: list[str] = []
    model_name = inputs.model
    if hosting.self_hosted:
        if capacity is None:
            return None, [
                "self-hosted cost is pending: the capacity plan did not run (see why under "
                "capacity)"
            ]
        cost_per_query, said = _self_hosted_call_cost(inputs, catalog, capacity)
        stated += said
    elif inputs.hosting == "self-hosted":
        # no API price stands in for a fleet that is not sized yet
        return None, [_self_hosting_pending(inputs, catalog)]
    elif inputs.model == OTHER_MODEL:
        priced, model_name, said = _other_model(variables, catalog)
        if priced is None:
            return None, [said]
        stated.append(said)
    elif inputs.model and catalog.has_price(inputs.model):
        priced = catalog.api_model(inputs.model)
    if priced is None and cost_per_query is None:
        if not inputs.model:
            return None, ["needs a model"]
        if _has_architecture(catalog, inputs.model):
            return None, [
                f"model {inputs.model!r} has no hosted API price: choose self-hosting in Model "
                "Selection and a GPU in Inference Infra to cost its fleet"
            ]
        return None, [f"model {inputs.model!r} has no price in the catalog"]
    cheap_prices = None
    cheap_model = _text(variables, "cheap_model")
    if cheap_model and priced is not None:
        if catalog.has_price(cheap_model):
            cheap_prices = catalog.api_model(cheap_model)
        elif _share(variables, "cheap_fraction", 0.0) > 0:
            stated.append(
                f"The cheap model {cheap_model!r} has no API price in the catalog: routing is "
                "not counted (every LLM call is priced at the main model)."
            )
    baseline = _number(variables, "baseline_cost_per_query")
    reasoning = _number(variables, "reasoning_tokens")
    write_rate = _number(variables, "cache_write_rate")
    try:
        result = cost_calc.estimate(
            cost_calc.CostInputs(
                qps=inputs.qps,
                queries_per_month=inputs.queries_per_month,
                input_tokens=inputs.input_tokens,
                output_tokens=inputs.output_tokens,
                cost_per_query=cost_per_query,
                baseline_cost_per_query=(
                    baseline
                    if baseline is not None and baseline >= 0
                    else k.DEFAULT_BASELINE_COST_PER_QUERY
                ),
                llm_fraction=_share(variables, "llm_fraction", 1.0),
                cache_hit_rate=_share(variables, "cache_hit_rate", 0.0),
                cached_prefix_tokens=max(_number(variables, "cached_prefix_tokens") or 0.0, 0.0),
                cheap_fraction=_share(variables, "cheap_fraction", 0.0) if cheap_prices else 0.0,
                budget_per_query=_number(variables, "budget_per_query"),
                budget_per_month=_number(variables, "budget_per_month"),
                reasoning_tokens=max(reasoning, 0.0) if reasoning is not None else None,
                cache_write_rate=(
                    min(max(write_rate, 0.0), 1.0) if write_rate is not None else None
                ),
            ),
            priced,
            cheap_prices,
            today=today or date.today(),
            refuse_over_limits=False,
        )
    except _CALC_ERRORS as exc:
        return None, [_reason(exc)]
    result["assumptions"] += stated
    if priced is not None and model_name != result["model"]:
        result["model"] = model_name
    if cost_per_query is not None:
        result["model"] = inputs.model
        result["self_hosted"] = True
        result["assumptions"] = [
            a for a in result["assumptions"] if not a.startswith("LLM cost per")
        ] + [
            f"Self-hosted {inputs.model}: LLM cost per call = the GPU fleets' monthly cost "
            f"(see capacity, sized for the peak) / the LLM calls of the month = "
            f"{format_dollars(cost_per_query)}."
        ]
    return result, []


def _self_hosted_call_cost(
    inputs: DesignInputs, catalog: Catalog, capacity: dict[str, Any]
) -> tuple[float, list[str]]:
    """$ per LLM call of a self-hosted design: the fleets (the main model's and a self-hosted
    cheap model's) over the month's LLM calls, plus the routed share of a cheap model that is
    a hosted API."""
    from genai_design_cli.calc import cost as cost_calc

    traffic = inputs.traffic_shares()
    calls = (inputs.average_qps or 0.0) * traffic.llm * k.SECONDS_PER_MONTH
    fleets = capacity.get("fleet_cost_per_month", capacity["cost_per_month"])
    per_call = fleets / calls if calls > 0 else 0.0
    said: list[str] = []
    cheap_model = _text(inputs.variables, "cheap_model")
    if traffic.cheap > 0 and "cheap_fleet" not in capacity and cheap_model:
        if catalog.has_price(cheap_model):
            prices = catalog.prices(cheap_model)
            input_tokens, output_tokens = inputs.tokens
            api_call = cost_calc.call_cost(prices, input_tokens, output_tokens, 0.0)["total"]
            per_call += traffic.cheap / traffic.llm * api_call
            said.append(
                f"Routing: {traffic.cheap / traffic.llm:.0%} of LLM calls go to {cheap_model}'s "
                f"API at {format_dollars(api_call)} a call; the rest to the self-hosted fleet."
            )
        else:
            said.append(
                f"The cheap model {cheap_model!r} has neither an API price nor an architecture "
                "in the catalog: its calls are not costed."
            )
    if calls <= 0:
        said.append("No LLM calls reach the fleet: its cost is not spread over any queries.")
    return per_call, said


OTHER_MODEL = "other"  # the model question's choice for a model the catalog does not have


def _other_model(variables: Mapping[str, Any], catalog: Catalog) -> tuple[Any, str, str]:
    """An "other" model's prices: those answered (per 1M tokens), else those of the catalog
    model it is similar to. Returns (prices, its name, the assumption to state), or (None, its
    name, why it cannot be priced)."""
    from genai_design_cli.calc.cost import custom_prices

    name = _text(variables, "other_model_name") or OTHER_MODEL
    price_in = _number(variables, "price_in_per_1m")
    price_out = _number(variables, "price_out_per_1m")
    similar = _text(variables, "similar_to")
    if price_in is not None and price_out is not None and min(price_in, price_out) >= 0:
        source = "prices answered in the design ($ per 1M tokens)"
        note = (
            f"{name} is not in the catalog: priced at the answered ${price_in:g} input and "
            f"${price_out:g} output per 1M tokens (no cache discount, context window or "
            "reasoning tokens known)."
        )
        return custom_prices(price_in, price_out, model=name, source=source), name, note
    if similar and catalog.has_price(similar):
        note = (
            f"{name} is not in the catalog: priced like {similar} (its prices, context window, "
            "caching rules and reasoning defaults), as answered."
        )
        stand_in = catalog.api_model(similar)
        # the stand-in's shutdown date is not the other model's
        info = stand_in.info._replace(retired=False, retired_note="", retires_on="")
        return stand_in._replace(info=info), name, note
    if similar:
        return (
            None,
            name,
            (
                f"similar_to: {similar!r} has no API price in the catalog; choose a hosted model "
                "to price the other model like"
            ),
        )
    return (
        None,
        name,
        (
            f"model {name!r} is not in the catalog: answer its input and output prices per 1M "
            "tokens, or the catalog model it is priced like (Model Selection)"
        ),
    )


def _has_architecture(catalog: Catalog, model: str) -> bool:
    try:
        return catalog.architecture(model) is not None
    except CatalogError:
        return False


def _self_hosting_pending(inputs: DesignInputs, catalog: Catalog) -> str:
    """Why a design that chose self-hosting has no cost yet, and what to answer next."""
    if not inputs.model:
        return "self-hosted cost is pending: choose a model in Model Selection"
    if not _has_architecture(catalog, inputs.model):
        return (
            f"self-hosted cost needs an open-weight model: {inputs.model!r} has no published "
            "architecture in the catalog; choose one in Model Selection, or a hosted API"
        )
    if not inputs.gpu_id:
        return (
            f"self-hosted cost is pending: choose a GPU in Inference Infra to size "
            f"{inputs.model}'s fleet"
        )
    return (
        f"self-hosted cost is pending: GPU {inputs.gpu_id!r} is not in the catalog; choose "
        "one in Inference Infra"
    )


def plan_latency(
    inputs: DesignInputs, hosting: Hosting, catalog: Catalog, capacity: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """End-to-end latency: the model's API figures, or self-hosted on a known GPU."""
    from genai_design_cli.calc import latency as latency_calc

    if not inputs.model:
        return None, ["needs a model"]
    try:
        api = None if hosting.self_hosted else catalog.api_latency(inputs.model)
    except CatalogError as exc:
        return None, [_reason(exc)]
    if not hosting.self_hosted and api is None:
        return None, [
            f"model {inputs.model!r} has no typical API latency in the catalog, and no gpu "
            "was chosen to self-host it"
        ]
    variables = inputs.variables
    input_tokens, output_tokens = inputs.tokens
    gpus = concurrency = None
    if hosting.self_hosted:
        gpus = int(capacity["tensor_parallel"]) if capacity else inputs.gpus_per_replica
        if capacity:
            # latency under load: the requests a replica holds at the peak (Little's law)
            concurrency = max(1, math.ceil(capacity["requests_in_flight_per_replica"]))
    slo_ms, ttft_slo_ms, slo_said = _slos(variables)
    dtype = inputs.dtype if inputs.dtype in ("fp16", "bf16", "fp8", "int8", "int4") else "bf16"
    calls = _number(variables, "llm_calls_per_request")
    lat_inputs = latency_calc.LatencyInputs(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        retrieval_ms=max(_number(variables, "retrieval_ms") or 0.0, 0.0),
        guardrail_ms=max(_number(variables, "guardrail_ms") or 0.0, 0.0),
        streaming=_flag(variables, "streaming", True),
        slo_ms=slo_ms,
        ttft_slo_ms=ttft_slo_ms,
        gpus=gpus,
        dtype=dtype,
        concurrency=concurrency or 1,
        llm_calls=max(int(calls), 1) if calls else 1,
        pipeline_ms=max(_number(variables, "pipeline_ms") or 0.0, 0.0),
    )
    kwargs = {"model": inputs.model, "api": api, "arch": hosting.arch, "gpu": hosting.gpu}
    try:
        try:
            result = latency_calc.estimate(lat_inputs, **kwargs)
        except latency_calc.LatencyInputError as exc:
            if exc.field != "gpus":
                raise
            result = latency_calc.estimate(replace(lat_inputs, gpus=None), **kwargs)
    except _CALC_ERRORS as exc:
        return None, [_reason(exc)]
    if concurrency is not None:
        result["assumptions"].append(
            f"Under load: {concurrency} requests decoding together on a replica, what the "
            "capacity plan holds per replica at the peak."
        )
    result["assumptions"] += slo_said
    if not inputs.tokens_known:
        result["assumptions"].append(TOKENS_ASSUMED)
    return result, []


SLO_MEASURES = ("first-token", "full-response", "both")


def _slos(variables: Mapping[str, Any]) -> tuple[float | None, float | None, list[str]]:
    """(full-response SLO, first-token SLO, what was assumed) from `slo_measures`,
    `p95_slo_ms` and `ttft_slo_ms`. p95_slo_ms is the full response, unless the SLO measures
    the first token; without an answer it is read as the full response, the stricter reading
    (a response that streams its first word fast can still take too long to finish)."""
    measures = _text(variables, "slo_measures")
    p95 = _positive(_number(variables, "p95_slo_ms"))
    ttft = _positive(_number(variables, "ttft_slo_ms"))
    if measures == "first-token":
        return None, ttft if ttft is not None else p95, []
    if measures in ("full-response", "both"):
        return p95, ttft if measures == "both" else None, []
    said = []
    if p95 is not None:
        said.append(
            "What the latency SLO measures was not answered: read as the full response "
            "(end to end), the stricter reading."
        )
    return p95, ttft, said


def _reason(exc: Exception) -> str:
    """Why a calculator did not run, from its error. A broken catalog entry is not a reason
    but the user's file to fix: it is raised, as `cost` raises it."""
    if isinstance(exc, CatalogError) and exc.where:
        raise exc
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    where = getattr(exc, "field", None)
    return f"{where}: {message}" if where else message


def _positive(value: float | None) -> float | None:
    return value if value is not None and value > 0 else None


# --- all of them ------------------------------------------------------------------------------


def run_all(variables: Mapping[str, Any], catalog: Catalog, today: date | None = None) -> CalcRun:
    """Every calculator whose inputs the variables give, and why the others did not run.

    The catalog is passed in: loading it (and the user's own catalog file) is the caller's
    business, so a broken user catalog is reported where it is read, not swallowed here.
    `today` dates the prices (stale after 6 months); None is the machine's date."""
    inputs = DesignInputs.read(variables)
    hosting = resolve_hosting(inputs, catalog)
    run = CalcRun()
    capacity, why = plan_capacity(inputs, hosting, catalog)
    _keep(run, "capacity", capacity, why)
    cost, why = plan_cost(inputs, hosting, catalog, capacity, today)
    _keep(run, "cost", cost, why)
    latency, why = plan_latency(inputs, hosting, catalog, capacity)
    _keep(run, "latency", latency, why)
    if hosting.note:
        for result in run.results.values():
            result["assumptions"].append(hosting.note)
    run.results = {name: run.results[name] for name in CALCULATORS if name in run.results}
    return run


def _keep(run: CalcRun, name: str, result: dict[str, Any] | None, why: list[str]) -> None:
    if result is not None:
        run.results[name] = result
    else:
        run.missing[name] = why


def run(variables: Mapping[str, Any], catalog: Catalog | None = None) -> dict[str, Any]:
    """The results alone, for callers that only show numbers (the interview's digest). With
    no catalog given, the shipped one and the user's own are loaded."""
    return run_all(variables, catalog if catalog is not None else Catalog.default()).results

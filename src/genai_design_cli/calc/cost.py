"""Cost calculator: dollars per query, per day and per month for the LLM path, a non-LLM
baseline and a hybrid route, with caching, routing and a budget verdict. Pure."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from genai_design_cli.calc.catalog import Prices
from genai_design_cli.calc.constants import (
    DAYS_PER_MONTH,
    DEFAULT_BASELINE_COST_PER_QUERY,
    DEFAULT_INPUT_TOKENS,
    DEFAULT_OUTPUT_TOKENS,
    SECONDS_PER_DAY,
)
from genai_design_cli.calc.errors import CalcInputError
from genai_design_cli.model.numbers import format_dollars, format_percent


class CostInputError(CalcInputError):
    """Inputs that cannot give a cost estimate; `field` names the input to fix."""


class CostInputs(NamedTuple):
    qps: float | None = None
    queries_per_month: float | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    cost_per_query: float | None = None  # a given LLM $/query; tokens and prices then unused
    baseline_cost_per_query: float = DEFAULT_BASELINE_COST_PER_QUERY
    llm_fraction: float = 1.0  # hybrid route: share of queries sent to the LLM
    cache_hit_rate: float = 0.0  # response cache: share of queries answered from the cache
    cached_prefix_tokens: float = 0.0  # prompt-prefix cache: input tokens read at cached price
    cheap_fraction: float = 0.0  # routing: share of LLM calls sent to the cheap model
    budget_per_query: float | None = None
    budget_per_month: float | None = None


def money(value: float) -> float:
    """Dollars without binary float noise: 1e7 * 1e-6 -> 10.0, not 10.000000000000002."""
    return float(f"{value:.12g}")


def call_cost(prices: Prices, input_tokens: float, output_tokens: float, cached: float) -> dict:
    """One LLM call. Cached prefix tokens are billed ONCE, at the cached-input rate, and only the
    remaining input tokens at the normal rate (providers' price pages: OpenAI "cached input",
    Anthropic "cache hits", Google "context caching"). Billing them at both rates is a known
    double-counting bug in cost tools."""
    cached = min(max(cached, 0.0), input_tokens)
    uncached = input_tokens - cached
    input_dollars = uncached * prices.input / 1e6
    cached_dollars = cached * prices.cached_input / 1e6
    output_dollars = output_tokens * prices.output / 1e6
    return {
        "input": input_dollars,
        "cached_input": cached_dollars,
        "output": output_dollars,
        "total": input_dollars + cached_dollars + output_dollars,
    }


def _check_fraction(value: float, flag: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise CostInputError(f"must be between 0 and 1 (got {value:g})", flag)


def _check_nonneg(value: float | None, flag: str) -> None:
    if value is not None and value < 0:
        raise CostInputError(f"must not be negative (got {value:g})", flag)


def validate(inputs: CostInputs) -> None:
    for value, flag in (
        (inputs.qps, "qps"),
        (inputs.queries_per_month, "queries_per_month"),
        (inputs.input_tokens, "input_tokens"),
        (inputs.output_tokens, "output_tokens"),
        (inputs.cost_per_query, "cost_per_query"),
        (inputs.baseline_cost_per_query, "baseline_cost_per_query"),
        (inputs.cached_prefix_tokens, "cached_prefix_tokens"),
        (inputs.budget_per_query, "budget_per_query"),
        (inputs.budget_per_month, "budget_per_month"),
        (inputs.llm_fraction, "llm_fraction"),
        (inputs.cache_hit_rate, "cache_hit_rate"),
        (inputs.cheap_fraction, "cheap_fraction"),
    ):
        if value is not None and not math.isfinite(value):
            raise CostInputError(f"must be a finite number (got {value})", flag)
        _check_nonneg(value, flag)
    _check_fraction(inputs.llm_fraction, "llm_fraction")
    _check_fraction(inputs.cache_hit_rate, "cache_hit_rate")
    _check_fraction(inputs.cheap_fraction, "cheap_fraction")
    if inputs.qps is None and inputs.queries_per_month is None:
        raise CostInputError("give the traffic: --qps or --queries-per-month", "qps")


def _path(per_query: float, queries_per_day: float, queries_per_month: float) -> dict:
    return {
        "per_query": money(per_query),
        "per_day": money(per_query * queries_per_day),
        "per_month": money(per_query * queries_per_month),
    }


def estimate(
    inputs: CostInputs,
    prices: Prices | None = None,
    cheap_prices: Prices | None = None,
) -> dict[str, Any]:
    """The cost result (the JSON `genai-design cost --json` prints).

    The LLM $/query comes from `inputs.cost_per_query` when given, else from `prices` and the
    token counts. Raises CostInputError for inputs that cannot give a cost.
    """
    validate(inputs)
    assumptions: list[str] = [
        f"A month is {DAYS_PER_MONTH} days; a day is {SECONDS_PER_DAY:,} seconds of traffic.",
    ]
    sources: list[dict[str, str]] = []

    if inputs.queries_per_month is not None:
        queries_per_month = inputs.queries_per_month
        traffic = "given queries per month"
    else:
        assert inputs.qps is not None
        # average QPS held for the month: qps x 86,400 s x 30 days
        queries_per_month = inputs.qps * SECONDS_PER_DAY * DAYS_PER_MONTH
        traffic = f"{inputs.qps:g} QPS on average, all month"
    queries_per_day = queries_per_month / DAYS_PER_MONTH
    qps = queries_per_month / (SECONDS_PER_DAY * DAYS_PER_MONTH)
    assumptions.append(f"Traffic: {traffic}.")

    input_tokens = inputs.input_tokens
    output_tokens = inputs.output_tokens
    breakdown: dict[str, Any] | None = None
    routing: dict[str, Any] | None = None

    if inputs.cost_per_query is not None:
        call = inputs.cost_per_query
        model = None
        assumptions.append(
            f"LLM cost per call given: {format_dollars(inputs.cost_per_query)} "
            "(tokens and prices not used)."
        )
    else:
        if prices is None:
            raise CostInputError(
                "give a --model from the catalog, --price-in/--price-out, or --cost-per-query",
                "model",
            )
        if input_tokens is None:
            input_tokens = DEFAULT_INPUT_TOKENS
            assumptions.append(
                f"Input tokens per query not given: assumed {DEFAULT_INPUT_TOKENS:,} "
                "(prompt + retrieved context)."
            )
        if output_tokens is None:
            output_tokens = DEFAULT_OUTPUT_TOKENS
            assumptions.append(
                f"Output tokens per query not given: assumed {DEFAULT_OUTPUT_TOKENS:,}."
            )
        cached = min(inputs.cached_prefix_tokens, input_tokens)
        if inputs.cached_prefix_tokens > input_tokens:
            assumptions.append(
                "Cached prefix tokens exceed the input tokens: capped at the input tokens."
            )
        main = call_cost(prices, input_tokens, output_tokens, cached)
        model = prices.model
        _add_source(sources, prices)
        assumptions.append(
            f"{prices.model}: ${prices.input:g} input, ${prices.cached_input:g} cached input, "
            f"${prices.output:g} output per 1M tokens"
            + (f" (as of {prices.as_of})." if prices.as_of else ".")
        )
        if cached:
            assumptions.append(
                f"{cached:g} prompt-prefix tokens per call are billed once, at the cached-input "
                "rate; the other input tokens at the normal rate. Cache writes and misses are "
                "not modelled."
            )
        breakdown = {k: money(v) for k, v in main.items()}
        call = main["total"]
        if cheap_prices is not None and inputs.cheap_fraction > 0:
            cheap = call_cost(cheap_prices, input_tokens, output_tokens, cached)
            _add_source(sources, cheap_prices)
            # routing: a share of LLM calls goes to the cheap model (router cost not modelled)
            call = (1 - inputs.cheap_fraction) * main["total"] + inputs.cheap_fraction * cheap[
                "total"
            ]
            routing = {
                "cheap_model": cheap_prices.model,
                "cheap_fraction": inputs.cheap_fraction,
                "cheap_per_call": money(cheap["total"]),
                "main_per_call": money(main["total"]),
            }
            assumptions.append(
                f"Routing: {format_percent(inputs.cheap_fraction)} of LLM calls go to "
                f"{cheap_prices.model} (the router's own cost is not counted)."
            )
        elif cheap_prices is not None:
            assumptions.append("A cheap model was named but --cheap-fraction is 0: no routing.")

    # response cache: a hit is answered from the cache at ~no LLM cost
    llm_per_query = call * (1 - inputs.cache_hit_rate)
    if inputs.cache_hit_rate:
        assumptions.append(
            f"Response cache: {format_percent(inputs.cache_hit_rate)} of queries are answered "
            "from the cache at ~$0 LLM cost (cache storage and lookups not counted)."
        )
    baseline_per_query = inputs.baseline_cost_per_query
    assumptions.append(
        f"Baseline (non-LLM, e.g. a classifier): {format_dollars(baseline_per_query)} per query"
        + (" (a typical XGBoost classifier)." if baseline_per_query == 1e-6 else ".")
    )
    # hybrid route: llm_fraction of queries go to the LLM, the rest to the baseline
    hybrid_per_query = (
        inputs.llm_fraction * llm_per_query + (1 - inputs.llm_fraction) * baseline_per_query
    )
    assumptions.append(
        f"Hybrid route: {format_percent(inputs.llm_fraction)} of queries to the LLM, the rest "
        "to the baseline."
    )

    llm = _path(llm_per_query, queries_per_day, queries_per_month)
    baseline = _path(baseline_per_query, queries_per_day, queries_per_month)
    hybrid = _path(hybrid_per_query, queries_per_day, queries_per_month)
    if not all(math.isfinite(path["per_month"]) for path in (llm, baseline, hybrid)):
        raise CostInputError(
            "the figures are too large to compute (the monthly cost overflows); give a "
            "realistic traffic and token count",
            "queries_per_month" if inputs.queries_per_month is not None else "qps",
        )
    ratio = money(llm_per_query / baseline_per_query) if baseline_per_query > 0 else None

    result: dict[str, Any] = {
        "queries_per_month": money(queries_per_month),
        "queries_per_day": money(queries_per_day),
        "qps": money(qps),
        "model": model,
        "input_tokens": _whole(input_tokens),
        "output_tokens": _whole(output_tokens),
        "llm": llm,
        "baseline": baseline,
        "hybrid": hybrid,
        "ratio_llm_to_baseline": ratio,
        "llm_fraction": inputs.llm_fraction,
        "cache_hit_rate": inputs.cache_hit_rate,
        "cached_prefix_tokens": _whole(inputs.cached_prefix_tokens),
        "budget": budget_verdict(hybrid, inputs.budget_per_query, inputs.budget_per_month),
        "assumptions": assumptions,
        "sources": sources,
    }
    if breakdown is not None:
        result["per_call_breakdown"] = breakdown
    if routing is not None:
        result["routing"] = routing
    return result


def budget_verdict(
    design: dict[str, float], per_query: float | None, per_month: float | None
) -> dict[str, Any]:
    """Compare the design's cost (the hybrid route; equal to the LLM path when every query goes
    to the LLM) with the budget. `within` is null when no budget was given."""
    checks: dict[str, Any] = {}
    if per_query is not None:
        checks["per_query"] = {
            "limit": per_query,
            "cost": design["per_query"],
            "within": design["per_query"] <= per_query,
        }
    if per_month is not None:
        checks["per_month"] = {
            "limit": per_month,
            "cost": design["per_month"],
            "within": design["per_month"] <= per_month,
        }
    within = all(c["within"] for c in checks.values()) if checks else None
    verdict = {None: "no budget given", True: "within budget", False: "over budget"}[within]
    return {"within": within, "verdict": verdict, "basis": "hybrid", **checks}


def _whole(value: float | None) -> float | int | None:
    """Token counts as ints when whole (1000.0 -> 1000), whichever way they were given."""
    return int(value) if value is not None and float(value).is_integer() else value


def _add_source(sources: list[dict[str, str]], prices: Prices) -> None:
    sources.append({"model": prices.model, "as_of": prices.as_of, "source": prices.source})


def custom_prices(
    price_in: float, price_out: float, price_cached_in: float | None = None
) -> Prices:
    """Prices given on the command line (dollars per 1M tokens)."""
    return Prices(
        model="custom",
        input=price_in,
        cached_input=price_in if price_cached_in is None else price_cached_in,
        output=price_out,
        as_of="",
        source="given on the command line",
    )

"""Cost calculator: dollars per query, per day and per month for the LLM path, a non-LLM
baseline and a hybrid route, with caching, routing and a budget verdict. Pure.

A call is billed as the provider bills it: the long-context tier for the whole request once
the prompt is past its threshold, hidden reasoning tokens as output, the prompt-cache minimum
and write premium, and the model's context window and output limit checked. Each rule says in
the result's `assumptions` what it did; what a person should act on (stale prices, a retired
model, a request the provider would refuse) goes to `warnings`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from genai_design_cli.calc.catalog import (
    REFRESH_HINT,
    STALE_AFTER_MONTHS,
    ApiModel,
    ModelInfo,
    Prices,
    price_is_stale,
)
from genai_design_cli.calc.constants import (
    DAYS_PER_MONTH,
    DEFAULT_BASELINE_COST_PER_QUERY,
    DEFAULT_INPUT_TOKENS,
    DEFAULT_OUTPUT_TOKENS,
    MAX_QPS,
    MAX_QUERIES_PER_MONTH,
    MAX_TOKENS_PER_QUERY,
    SECONDS_PER_DAY,
)
from genai_design_cli.calc.errors import CalcInputError, check_at_most
from genai_design_cli.model.numbers import format_dollars, format_percent

# Share of calls that miss the prompt cache and write the prefix into it, when none is given:
# 1 write per 9 reads. A cached prefix lives minutes (Anthropic: 5 minutes, refreshed on each
# hit; OpenAI: 5-10 minutes idle), so misses come from quiet spells, prompt changes and traffic
# spread over the provider's servers. A planning figure: a provider's usage report gives yours
# (Anthropic cache_creation_input_tokens vs cache_read_input_tokens).
DEFAULT_CACHE_WRITE_RATE = 0.1
# How far real bills of reasoning models run above the visible output (hidden reasoning tokens
# range "from hundreds to tens of thousands" per request: OpenAI's reasoning guide).
REASONING_BILL_SPREAD = "2–20×"


class CostInputError(CalcInputError):
    """Inputs that cannot give a cost estimate; `field` names the input to fix, `hint` what
    to do (e.g. a model with a longer context window)."""

    def __init__(self, message: str, field: str, hint: str | None = None):
        super().__init__(message, field)
        self.hint = hint


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
    # hidden reasoning tokens per call of the main model, billed as output; None: the
    # catalog's default for the model (0 for a model that does not reason)
    reasoning_tokens: float | None = None
    # share of calls that write the cached prefix instead of reading it (a cache miss);
    # None: DEFAULT_CACHE_WRITE_RATE
    cache_write_rate: float | None = None


def money(value: float) -> float:
    """Dollars without binary float noise: 1e7 * 1e-6 -> 10.0, not 10.000000000000002."""
    return float(f"{value:.12g}")


def call_cost(
    prices: Prices,
    input_tokens: float,
    output_tokens: float,
    cached: float,
    *,
    reasoning_tokens: float = 0.0,
    cache_write_rate: float = 0.0,
    write_premium: float = 0.0,
) -> dict[str, float]:
    """One LLM call at `prices` (the tier that applies to its prompt).

    Cached prefix tokens are billed ONCE: at the cached-input rate on the calls that read the
    cache, and at the input rate x (1 + write_premium) on the share `cache_write_rate` of calls
    that write it (providers' price pages: OpenAI "cached input", no write fee; Anthropic
    "cache hits" 0.1x and "5m cache writes" 1.25x input; Google "context caching"). The other
    input tokens are billed at the input rate. Billing the prefix at both rates is a known
    double-counting bug in cost tools. Hidden reasoning tokens are billed as output (OpenAI
    and Anthropic bill reasoning/thinking tokens as output tokens)."""
    cached = min(max(cached, 0.0), input_tokens)
    uncached = input_tokens - cached
    input_dollars = uncached * prices.input / 1e6
    cached_dollars = cached * (1 - cache_write_rate) * prices.cached_input / 1e6
    write_dollars = cached * cache_write_rate * prices.input * (1 + write_premium) / 1e6
    output_dollars = output_tokens * prices.output / 1e6
    reasoning_dollars = reasoning_tokens * prices.output / 1e6
    return {
        "input": input_dollars,
        "cached_input": cached_dollars,
        "cache_write": write_dollars,
        "output": output_dollars,
        "reasoning": reasoning_dollars,
        "total": input_dollars
        + cached_dollars
        + write_dollars
        + output_dollars
        + reasoning_dollars,
    }


def _check_fraction(value: float | None, flag: str) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
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
        (inputs.reasoning_tokens, "reasoning_tokens"),
        (inputs.cache_write_rate, "cache_write_rate"),
    ):
        if value is not None and not math.isfinite(value):
            raise CostInputError(f"must be a finite number (got {value})", flag)
        _check_nonneg(value, flag)
    for value, field, most, what in (
        (inputs.qps, "qps", MAX_QPS, "traffic, in queries/s"),
        (inputs.queries_per_month, "queries_per_month", MAX_QUERIES_PER_MONTH, "monthly volume"),
        (inputs.input_tokens, "input_tokens", MAX_TOKENS_PER_QUERY, "prompt, in tokens"),
        (inputs.output_tokens, "output_tokens", MAX_TOKENS_PER_QUERY, "answer, in tokens"),
        (inputs.cached_prefix_tokens, "cached_prefix_tokens", MAX_TOKENS_PER_QUERY, "prefix"),
        (inputs.reasoning_tokens, "reasoning_tokens", MAX_TOKENS_PER_QUERY, "reasoning"),
    ):
        check_at_most(value, most, field, what, CostInputError)
    _check_fraction(inputs.llm_fraction, "llm_fraction")
    _check_fraction(inputs.cache_hit_rate, "cache_hit_rate")
    _check_fraction(inputs.cheap_fraction, "cheap_fraction")
    _check_fraction(inputs.cache_write_rate, "cache_write_rate")
    if inputs.qps is None and inputs.queries_per_month is None:
        raise CostInputError("give the traffic: --qps or --queries-per-month", "qps")


def _path(per_query: float, queries_per_day: float, queries_per_month: float) -> dict:
    return {
        "per_query": money(per_query),
        "per_day": money(per_query * queries_per_day),
        "per_month": money(per_query * queries_per_month),
    }


# --- one model's call, billed as its provider bills it ----------------------------------------


class _Call(NamedTuple):
    """One model's call: its cost, what was assumed, and the limits it breaks."""

    cost: dict[str, float]
    reasoning_tokens: float
    long_context: bool
    cached_tokens: float  # prefix tokens actually billed as cached (0 below the minimum)
    notes: list[str]
    over_window: str | None  # "300,000 input tokens exceed gpt-4o's 128,000-token ..."
    over_output: str | None


def _tokens(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _as_model(prices: Prices | ApiModel) -> ApiModel:
    if isinstance(prices, ApiModel):
        return prices
    return ApiModel(prices=prices, info=ModelInfo(model=prices.model))


def _price_call(
    model: ApiModel,
    input_tokens: float,
    output_tokens: float,
    cached_prefix: float,
    *,
    reasoning_given: float | None,
    write_rate: float,
    write_rate_given: bool,
) -> _Call:
    prices, info, rules, reasoning = model
    name = prices.model
    notes: list[str] = []

    # long-context tier: the whole request at the higher prices once the prompt is past it
    tier = prices.for_prompt(input_tokens)
    long_context = tier is not prices
    if long_context and prices.long_context is not None:
        notes.append(
            f"{name}: a prompt of {_tokens(input_tokens)} tokens is longer than "
            f"{prices.long_context.above_tokens:,}, so the whole request is billed at the "
            f"long-context tier: ${tier.input:g} input, ${tier.cached_input:g} cached input, "
            f"${tier.output:g} output per 1M tokens."
        )

    # hidden reasoning tokens, billed as output
    if reasoning_given is not None:
        reasoning_tokens = reasoning_given
        if reasoning_given > 0:
            listed = "" if reasoning is not None else " (the catalog lists no reasoning for it)"
            notes.append(
                f"{name}: {_tokens(reasoning_given)} hidden reasoning tokens per call (given)"
                f"{listed}, billed as output tokens."
            )
    elif reasoning is not None:
        reasoning_tokens = float(reasoning.default_reasoning_tokens)
        effort = f" ({reasoning.default_effort})" if reasoning.default_effort else ""
        if reasoning.assumed:
            notes.append(
                f"{name} is a reasoning model: {_tokens(reasoning_tokens)} hidden reasoning "
                f"tokens per call ASSUMED at its default effort{effort}, billed as output "
                "tokens. A planning figure, not a measurement: real bills of reasoning models "
                f"are often {REASONING_BILL_SPREAD} the visible output. Measure yours (the "
                "reasoning or thinking tokens in the API's usage report) and give the reasoning "
                "tokens per call."
            )
        elif reasoning_tokens > 0:
            notes.append(
                f"{name}: {_tokens(reasoning_tokens)} hidden reasoning tokens per call at its "
                f"default effort{effort}, billed as output tokens."
            )
        else:
            notes.append(
                f"{name} spends no hidden reasoning tokens at its default effort{effort}; a "
                "higher effort adds them, billed as output tokens (often "
                f"{REASONING_BILL_SPREAD} the visible output)."
            )
    else:
        reasoning_tokens = 0.0

    # the prompt cache: a minimum prefix, and writes at a premium
    cached = min(cached_prefix, input_tokens)
    premium = rules.write_premium if rules is not None else 0.0
    if cached and rules is not None and cached < rules.min_prefix_tokens:
        notes.append(
            f"{name}: the {_tokens(cached)}-token cached prefix is shorter than the provider's "
            f"minimum cacheable prefix ({rules.min_prefix_tokens:,} tokens), so it gets no "
            "cache discount: billed at the input price."
        )
        cached = 0.0
    elif cached:
        if premium:
            ttl = " (the 5-minute cache" + (
                f"; the {rules.long_ttl} cache costs {1 + rules.write_premium_long_ttl:g}x)"
                if rules is not None and rules.long_ttl
                else ")"
            )
            write = f"at {1 + premium:g}x the input price{ttl}"
        else:
            write = "at the input price (no write fee)"
        stated = (
            ""
            if write_rate_given
            else f"; that write share is assumed (1 write per {_reads(write_rate)} reads)"
        )
        notes.append(
            f"{name}: {_tokens(cached)} prompt-prefix tokens per call are cached and billed "
            f"once: {format_percent(1 - write_rate)} of calls read them at the cached-input "
            f"price, {format_percent(write_rate)} miss and write them into the cache "
            f"{write}{stated}."
        )

    cost = call_cost(
        tier,
        input_tokens,
        output_tokens,
        cached,
        reasoning_tokens=reasoning_tokens,
        cache_write_rate=write_rate if cached else 0.0,
        write_premium=premium,
    )

    # what the model accepts: the prompt within its window, the answer within its output limit
    over_window = over_output = None
    if info.context_window and input_tokens > info.context_window:
        over_window = (
            f"{_tokens(input_tokens)} input tokens exceed {name}'s "
            f"{info.context_window:,}-token context window"
        )
    written = output_tokens + reasoning_tokens
    if info.max_output_tokens and written > info.max_output_tokens:
        with_reasoning = (
            f" (with {_tokens(reasoning_tokens)} hidden reasoning tokens)"
            if reasoning_tokens
            else ""
        )
        over_output = (
            f"{_tokens(written)} output tokens{with_reasoning} exceed {name}'s "
            f"{info.max_output_tokens:,}-token output limit"
        )
    return _Call(cost, reasoning_tokens, long_context, cached, notes, over_window, over_output)


def _reads(write_rate: float) -> str:
    """Reads per write: 0.1 -> '9'."""
    if write_rate <= 0:
        return "∞"
    return f"{(1 - write_rate) / write_rate:.3g}"


_WINDOW_HINT = (
    "Shorten the prompt (fewer retrieved chunks, a summarised history) or pick a model with a "
    "longer context window: `genai-design catalog models` lists each model's window."
)
_OUTPUT_HINT = "Ask for a shorter answer, or pick a model with a higher output limit."


def _limits(
    call: _Call,
    *,
    role: str | None,
    refuse: bool,
    warnings: list[str],
) -> None:
    """Refuse a request the provider would refuse (the CLI), or warn and go on (a design)."""
    for problem, field, hint in (
        (call.over_window, "input_tokens", _WINDOW_HINT),
        (call.over_output, "output_tokens", _OUTPUT_HINT),
    ):
        if problem is None:
            continue
        if role:
            problem = f"routing to {role}: {problem}"
        if refuse:
            raise CostInputError(problem, "cheap_model" if role else field, hint)
        warnings.append(
            f"{problem}: the provider would refuse this request; the cost is shown as if it fit."
        )


def _lifecycle(
    model: ApiModel, today: date | str | None, warnings: list[str], assumptions: list[str]
) -> bool:
    """Warn about a model its provider has retired or will shut down (the provider's own
    words, with their sources, go to the assumptions); True when retired."""
    info = model.info
    name = model.prices.model
    ends = info.retires_on
    gone = info.retired or bool(ends and today is not None and ends <= str(today)[:10])
    if gone:
        since = f" (since {ends})" if ends else ""
        warnings.append(
            f"{name} is retired{since}: its provider no longer serves it. Its price is kept so "
            "old designs still load; pick a current model (`genai-design catalog models`)."
        )
        if info.retired_note:
            assumptions.append(f"{name} retirement: {info.retired_note}.")
        return True
    if ends:
        warnings.append(
            f"{name} is due to shut down on {ends}, as its provider announced: plan the move "
            "to its successor."
        )
    return False


def _stale(models: list[tuple[ApiModel, bool]], today: date | str | None) -> list[str]:
    """Prices used that are more than STALE_AFTER_MONTHS months old, as 'id (as_of)'."""
    if today is None:
        return []
    old = []
    for model, from_catalog in models:
        prices = model.prices
        if not from_catalog and not prices.as_of:
            continue  # given by the person (flags, a design's answers): dated today
        if price_is_stale(prices.as_of, today):
            old.append(f"{prices.model} ({prices.as_of or 'undated'})")
    return old


# --- the estimate -----------------------------------------------------------------------------


def estimate(
    inputs: CostInputs,
    prices: Prices | ApiModel | None = None,
    cheap_prices: Prices | ApiModel | None = None,
    *,
    today: date | str | None = None,
    refuse_over_limits: bool = True,
) -> dict[str, Any]:
    """The cost result (the JSON `genai-design cost --json` prints).

    The LLM $/query comes from `inputs.cost_per_query` when given, else from the model's
    prices and the token counts. Pass an `ApiModel` (`Catalog.api_model`) to bill as the
    provider does: long-context tier, reasoning defaults, prompt-cache rules, and the context
    window and output limit; bare `Prices` know only the prices. With `today`, prices older
    than six months and retired models are warned about.

    A request over the model's context window or output limit raises CostInputError naming the
    input, unless `refuse_over_limits` is false: then it is costed anyway, with a warning and
    `context_window_exceeded` / `output_limit_exceeded` set (the planner's way, so the coach
    can read it). Raises CostInputError for inputs that cannot give a cost.
    """
    validate(inputs)
    notes = _Notes(
        [f"A month is {DAYS_PER_MONTH} days; a day is {SECONDS_PER_DAY:,} seconds of traffic."]
    )
    queries_per_month, queries_per_day, qps = _traffic(inputs, notes)
    llm_call = _llm_call(inputs, prices, cheap_prices, notes, refuse_over_limits)
    llm_per_query, hybrid_per_query = _routes(inputs, llm_call.per_call, notes)
    baseline_per_query = inputs.baseline_cost_per_query
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
    model_retired, stale = _lifecycle_notes(llm_call, today, notes)
    main_call, main = llm_call.main_call, llm_call.main
    result: dict[str, Any] = {
        "queries_per_month": money(queries_per_month),
        "queries_per_day": money(queries_per_day),
        "qps": money(qps),
        "model": llm_call.model,
        "input_tokens": _whole(llm_call.input_tokens),
        "output_tokens": _whole(llm_call.output_tokens),
        "reasoning_tokens": _whole(main_call.reasoning_tokens) if main_call else None,
        "price_tier": (
            None if main_call is None else "long-context" if main_call.long_context else "standard"
        ),
        "llm": llm,
        "baseline": baseline,
        "hybrid": hybrid,
        "ratio_llm_to_baseline": ratio,
        "llm_fraction": inputs.llm_fraction,
        "cache_hit_rate": inputs.cache_hit_rate,
        "cached_prefix_tokens": _whole(inputs.cached_prefix_tokens),
        "budget": budget_verdict(hybrid, inputs.budget_per_query, inputs.budget_per_month),
        "limits": _limits_of(main),
        **llm_call.over,
        "model_retired": model_retired,
        "prices_stale": bool(stale),
        "warnings": notes.warnings,
        "assumptions": notes.assumptions,
        "sources": notes.sources,
    }
    if main_call is not None and inputs.cached_prefix_tokens:
        rules = main.cache if main is not None else None
        result["prefix_cache"] = {
            "cached_tokens": _whole(main_call.cached_tokens),
            "min_prefix_tokens": rules.min_prefix_tokens if rules else None,
            "write_rate": llm_call.write_rate,
            "write_premium": rules.write_premium if rules else 0.0,
        }
    if llm_call.breakdown is not None:
        result["per_call_breakdown"] = llm_call.breakdown
    if llm_call.routing is not None:
        result["routing"] = llm_call.routing
    return result


@dataclass
class _Notes:
    """What an estimate says about itself, gathered as it is computed."""

    assumptions: list[str]
    warnings: list[str] = dataclasses.field(default_factory=list)
    sources: list[dict[str, str]] = dataclasses.field(default_factory=list)


@dataclass
class _LlmCall:
    """The LLM's cost per call: given, or priced from the model (and the routed cheap one)."""

    per_call: float
    model: str | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    main: ApiModel | None = None
    main_call: _Call | None = None
    used: list[tuple[ApiModel, bool]] = dataclasses.field(default_factory=list)
    breakdown: dict[str, Any] | None = None
    routing: dict[str, Any] | None = None
    write_rate: float = 0.0
    over: dict[str, bool] = dataclasses.field(
        default_factory=lambda: {"context_window_exceeded": False, "output_limit_exceeded": False}
    )


def _traffic(inputs: CostInputs, notes: _Notes) -> tuple[float, float, float]:
    """Queries per month, per day, and the average QPS."""
    if inputs.queries_per_month is not None:
        queries_per_month = inputs.queries_per_month
        traffic = "given queries per month"
    else:
        assert inputs.qps is not None
        # average QPS held for the month: qps x 86,400 s x 30 days
        queries_per_month = inputs.qps * SECONDS_PER_DAY * DAYS_PER_MONTH
        traffic = f"{inputs.qps:g} QPS on average, all month"
    notes.assumptions.append(f"Traffic: {traffic}.")
    queries_per_day = queries_per_month / DAYS_PER_MONTH
    return (
        queries_per_month,
        queries_per_day,
        queries_per_month / (SECONDS_PER_DAY * DAYS_PER_MONTH),
    )


def _llm_call(
    inputs: CostInputs,
    prices: Prices | ApiModel | None,
    cheap_prices: Prices | ApiModel | None,
    notes: _Notes,
    refuse_over_limits: bool,
) -> _LlmCall:
    assumptions = notes.assumptions
    if inputs.cost_per_query is not None:
        assumptions.append(
            f"LLM cost per call given: {format_dollars(inputs.cost_per_query)} "
            "(tokens and prices not used)."
        )
        return _LlmCall(
            inputs.cost_per_query,
            input_tokens=inputs.input_tokens,
            output_tokens=inputs.output_tokens,
        )
    if prices is None:
        raise CostInputError(
            "give a --model from the catalog, --price-in/--price-out, or --cost-per-query",
            "model",
        )
    main = _as_model(prices)
    input_tokens, output_tokens = _query_tokens(inputs, assumptions)
    cached = min(inputs.cached_prefix_tokens, input_tokens)
    if inputs.cached_prefix_tokens > input_tokens:
        assumptions.append(
            "Cached prefix tokens exceed the input tokens: capped at the input tokens (the "
            "prefix is part of the prompt)."
        )
    write_rate_given = inputs.cache_write_rate is not None
    write_rate = inputs.cache_write_rate if write_rate_given else DEFAULT_CACHE_WRITE_RATE
    billing = {
        "cached_prefix": cached,
        "write_rate": write_rate,
        "write_rate_given": write_rate_given,
    }
    main_call = _price_call(
        main, input_tokens, output_tokens, reasoning_given=inputs.reasoning_tokens, **billing
    )
    _limits(main_call, role=None, refuse=refuse_over_limits, warnings=notes.warnings)
    _add_source(notes.sources, main.prices)
    assumptions.append(_price_line(main.prices))
    assumptions += main_call.notes
    call = _LlmCall(
        main_call.cost["total"],
        model=main.prices.model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        main=main,
        main_call=main_call,
        used=[(main, isinstance(prices, ApiModel))],
        breakdown={k: money(v) for k, v in main_call.cost.items()},
        write_rate=write_rate,
        over={
            "context_window_exceeded": main_call.over_window is not None,
            "output_limit_exceeded": main_call.over_output is not None,
        },
    )
    if cheap_prices is not None and inputs.cheap_fraction > 0:
        _route_to_cheap(call, inputs, cheap_prices, billing, notes, refuse_over_limits)
    elif cheap_prices is not None:
        assumptions.append("A cheap model was named but --cheap-fraction is 0: no routing.")
    return call


def _query_tokens(inputs: CostInputs, assumptions: list[str]) -> tuple[float, float]:
    input_tokens, output_tokens = inputs.input_tokens, inputs.output_tokens
    if input_tokens is None:
        input_tokens = DEFAULT_INPUT_TOKENS
        assumptions.append(
            f"Input tokens per query not given: assumed {DEFAULT_INPUT_TOKENS:,} "
            "(prompt + retrieved context)."
        )
    if output_tokens is None:
        output_tokens = DEFAULT_OUTPUT_TOKENS
        assumptions.append(
            f"Output tokens per query not given: assumed {DEFAULT_OUTPUT_TOKENS:,} "
            "(visible answer)."
        )
    return input_tokens, output_tokens


def _route_to_cheap(
    call: _LlmCall,
    inputs: CostInputs,
    cheap_prices: Prices | ApiModel,
    billing: dict[str, Any],
    notes: _Notes,
    refuse_over_limits: bool,
) -> None:
    """Routing: a share of LLM calls goes to the cheap model (the router's cost not modelled)."""
    assert call.main_call is not None and call.input_tokens is not None
    assert call.output_tokens is not None
    cheap = _as_model(cheap_prices)
    call.used.append((cheap, isinstance(cheap_prices, ApiModel)))
    # the cheap model reasons at its own default: --reasoning-tokens is the main model's
    cheap_call = _price_call(
        cheap, call.input_tokens, call.output_tokens, reasoning_given=None, **billing
    )
    _limits(cheap_call, role=cheap.prices.model, refuse=refuse_over_limits, warnings=notes.warnings)
    _add_source(notes.sources, cheap.prices)
    main_total = call.main_call.cost["total"]
    call.per_call = (1 - inputs.cheap_fraction) * main_total + inputs.cheap_fraction * (
        cheap_call.cost["total"]
    )
    call.routing = {
        "cheap_model": cheap.prices.model,
        "cheap_fraction": inputs.cheap_fraction,
        "cheap_per_call": money(cheap_call.cost["total"]),
        "main_per_call": money(main_total),
        "cheap_reasoning_tokens": _whole(cheap_call.reasoning_tokens),
        "cheap_context_window_exceeded": cheap_call.over_window is not None,
    }
    notes.assumptions.append(_price_line(cheap.prices))
    notes.assumptions += cheap_call.notes
    notes.assumptions.append(
        f"Routing: {format_percent(inputs.cheap_fraction)} of LLM calls go to "
        f"{cheap.prices.model} (the router's own cost is not counted)."
    )


def _routes(inputs: CostInputs, per_call: float, notes: _Notes) -> tuple[float, float]:
    """The LLM path's $/query after the response cache, and the hybrid route's."""
    assumptions = notes.assumptions
    # response cache: a hit is answered from the cache at ~no LLM cost
    llm_per_query = per_call * (1 - inputs.cache_hit_rate)
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
    return llm_per_query, hybrid_per_query


def _lifecycle_notes(
    call: _LlmCall, today: date | str | None, notes: _Notes
) -> tuple[bool, list[str]]:
    """Warn of retired or retiring models and of stale prices: (main model retired, stale)."""
    model_retired = False
    for used_model, from_catalog in call.used:
        if from_catalog:
            gone = _lifecycle(used_model, today, notes.warnings, notes.assumptions)
            model_retired = model_retired or (gone and used_model is call.main)
    stale = _stale(call.used, today)
    if stale:
        notes.warnings.append(
            f"Prices more than {STALE_AFTER_MONTHS} months old on {str(today)[:10]}: "
            f"{', '.join(stale)}; they may have changed. {REFRESH_HINT}"
        )
    return model_retired, stale


def _price_line(prices: Prices) -> str:
    return (
        f"{prices.model}: ${prices.input:g} input, ${prices.cached_input:g} cached input, "
        f"${prices.output:g} output per 1M tokens"
        + (f" (as of {prices.as_of})." if prices.as_of else ".")
    )


def _limits_of(model: ApiModel | None) -> dict[str, int | None]:
    info = model.info if model is not None else None
    return {
        "context_window": (info.context_window or None) if info else None,
        "max_output_tokens": (info.max_output_tokens or None) if info else None,
    }


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
    price_in: float,
    price_out: float,
    price_cached_in: float | None = None,
    *,
    model: str = "custom",
    source: str = "given on the command line",
) -> Prices:
    """Prices a person gives (dollars per 1M tokens): flags, or a design's "other" model."""
    return Prices(
        model=model,
        input=price_in,
        cached_input=price_in if price_cached_in is None else price_cached_in,
        output=price_out,
        as_of="",
        source=source,
    )

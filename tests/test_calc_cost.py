"""The cost calculator against hand-worked cases (prices: the shipped catalog, each from the
provider's price page, e.g. gpt-4o $2.50 in / $1.25 cached / $10 out per 1M tokens from
https://openai.com/api/pricing/), and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genai_design_cli.calc import cost, engine
from genai_design_cli.calc.catalog import (
    REFRESH_HINT,
    ApiModel,
    CacheRules,
    Catalog,
    LongContextPrices,
    ModelInfo,
    Prices,
    Reasoning,
)

GPT_4O = Prices("gpt-4o", input=2.50, cached_input=1.25, output=10.00)
GPT_4O_MINI = Prices("gpt-4o-mini", input=0.15, cached_input=0.075, output=0.60)


def test_seed_example_exact():
    # the seed: "LLM call ~$0.01/query. XGBoost ~$0.000001. At 10M queries/month, that's $100K
    # vs $10."
    result = cost.estimate(cost.CostInputs(queries_per_month=10e6, cost_per_query=0.01))
    assert result["llm"]["per_month"] == 100_000
    assert result["baseline"]["per_month"] == 10
    assert result["ratio_llm_to_baseline"] == 10_000


def test_tokens_times_prices_and_qps_to_month():
    # 1000 x $2.50/1M + 250 x $10/1M = $0.0025 + $0.0025 = $0.005 per query;
    # 100 QPS x 86,400 s x 30 days = 259.2M queries -> $1,296,000 a month
    result = cost.estimate(cost.CostInputs(qps=100, input_tokens=1000, output_tokens=250), GPT_4O)
    assert result["queries_per_month"] == 259_200_000
    assert result["llm"]["per_query"] == pytest.approx(0.005)
    assert result["llm"]["per_day"] == pytest.approx(43_200)
    assert result["llm"]["per_month"] == pytest.approx(1_296_000)


def test_cached_prefix_tokens_are_billed_once_at_the_cached_rate():
    # 1000 input tokens of which 800 are a cached prefix:
    # 200 x $2.50/1M + 800 x $1.25/1M + 250 x $10/1M = 0.0005 + 0.001 + 0.0025 = $0.004.
    # Billing the 800 at both rates (the known double-billing bug) would give $0.006, and
    # ignoring the discount $0.005.
    # (every call reads the cache here: cache_write_rate 0)
    result = cost.estimate(
        cost.CostInputs(
            qps=1,
            input_tokens=1000,
            output_tokens=250,
            cached_prefix_tokens=800,
            cache_write_rate=0,
        ),
        GPT_4O,
    )
    assert result["llm"]["per_query"] == pytest.approx(0.004)
    assert result["per_call_breakdown"] == {
        "input": pytest.approx(0.0005),
        "cached_input": pytest.approx(0.001),
        "cache_write": 0,
        "output": pytest.approx(0.0025),
        "reasoning": 0,
        "total": pytest.approx(0.004),
    }


def test_cached_prefix_larger_than_input_is_capped():
    result = cost.estimate(
        cost.CostInputs(
            qps=1, input_tokens=100, output_tokens=0, cached_prefix_tokens=500, cache_write_rate=0
        ),
        GPT_4O,
    )
    assert result["llm"]["per_query"] == pytest.approx(100 * 1.25 / 1e6)
    assert any("capped" in a for a in result["assumptions"])


def test_response_cache_hits_cost_nothing_for_the_llm():
    # 20% answered from the cache: $0.005 x 0.8 = $0.004
    result = cost.estimate(
        cost.CostInputs(qps=1, input_tokens=1000, output_tokens=250, cache_hit_rate=0.2), GPT_4O
    )
    assert result["llm"]["per_query"] == pytest.approx(0.004)


def test_routing_blends_the_two_models():
    # gpt-4o $0.005, gpt-4o-mini 1000 x 0.15/1M + 250 x 0.60/1M = $0.0003;
    # 70% to mini: 0.3 x 0.005 + 0.7 x 0.0003 = $0.00171
    result = cost.estimate(
        cost.CostInputs(qps=1, input_tokens=1000, output_tokens=250, cheap_fraction=0.7),
        GPT_4O,
        GPT_4O_MINI,
    )
    assert result["llm"]["per_query"] == pytest.approx(0.00171)
    assert result["routing"]["cheap_per_call"] == pytest.approx(0.0003)


def test_hybrid_route_sends_the_rest_to_the_baseline():
    # 10% of queries to a $0.01 LLM, 90% to a $0.000001 baseline: 0.001 + 0.0000009
    result = cost.estimate(
        cost.CostInputs(queries_per_month=1e6, cost_per_query=0.01, llm_fraction=0.1)
    )
    assert result["hybrid"]["per_query"] == pytest.approx(0.0010009)
    assert result["hybrid"]["per_month"] == pytest.approx(1000.9)


def test_budget_verdict_uses_the_hybrid_route():
    inputs = cost.CostInputs(
        queries_per_month=1e6, cost_per_query=0.01, llm_fraction=0.1, budget_per_month=5000
    )
    verdict = cost.estimate(inputs)["budget"]
    assert verdict["within"] is True and verdict["per_month"]["cost"] == pytest.approx(1000.9)
    over = cost.estimate(inputs._replace(budget_per_query=0.0005))["budget"]
    assert over["within"] is False and over["verdict"] == "over budget"
    assert cost.estimate(inputs._replace(budget_per_month=None))["budget"]["within"] is None


def test_default_tokens_are_stated_as_assumptions():
    result = cost.estimate(cost.CostInputs(qps=1), GPT_4O)
    assert result["input_tokens"] == cost.DEFAULT_INPUT_TOKENS
    assert any("Input tokens per query not given" in a for a in result["assumptions"])
    assert any("Output tokens per query not given" in a for a in result["assumptions"])


@pytest.mark.parametrize(
    ("inputs", "flag"),
    [
        (cost.CostInputs(qps=-1, cost_per_query=0.01), "--qps"),
        (cost.CostInputs(qps=1, cost_per_query=0.01, llm_fraction=1.5), "--llm-fraction"),
        (cost.CostInputs(qps=1, cost_per_query=0.01, cache_hit_rate=-0.1), "--cache-hit-rate"),
        (cost.CostInputs(cost_per_query=0.01), "--qps"),
        (cost.CostInputs(qps=1), "--model"),
    ],
)
def test_bad_inputs_name_the_field(inputs, flag):
    with pytest.raises(cost.CostInputError) as info:
        cost.estimate(inputs, None)
    assert info.value.field == flag.removeprefix("--").replace("-", "_")


def test_shipped_prices_for_gpt_4o():
    prices = Catalog().prices("gpt-4o")
    assert (prices.input, prices.cached_input, prices.output) == (2.5, 1.25, 10.0)
    assert prices.as_of and prices.source.startswith("https://openai.com")


CAT = Catalog()
TODAY = "2026-11-30"
ONE_CALL = cost.CostInputs(qps=1, input_tokens=1000, output_tokens=250)


# --- reasoning tokens -------------------------------------------------------------------------


def test_a_reasoning_model_is_billed_its_assumed_hidden_tokens_as_output():
    # gpt-5 ($1.25 in, $10 out per 1M) with the catalog's 1,000 assumed reasoning tokens:
    # 1000 x 1.25/1M + (250 + 1000) x 10/1M = 0.00125 + 0.0125 = $0.01375; without them the
    # bill would be $0.00375, a quarter of it
    result = cost.estimate(ONE_CALL, CAT.api_model("gpt-5"))
    assert result["reasoning_tokens"] == 1000
    assert result["llm"]["per_query"] == pytest.approx(0.01375)
    assert result["per_call_breakdown"]["reasoning"] == pytest.approx(0.01)
    said = " ".join(result["assumptions"])
    assert "1,000 hidden reasoning tokens per call ASSUMED" in said
    assert "2–20× the visible output" in said


def test_given_reasoning_tokens_override_the_default():
    # 4,000 reasoning tokens: 0.00125 + (250 + 4000) x 10/1M = $0.04375
    result = cost.estimate(ONE_CALL._replace(reasoning_tokens=4000), CAT.api_model("gpt-5"))
    assert result["llm"]["per_query"] == pytest.approx(0.04375)
    assert any("4,000 hidden reasoning tokens per call (given)" in a for a in result["assumptions"])
    plain = cost.estimate(ONE_CALL._replace(reasoning_tokens=0), CAT.api_model("gpt-5"))
    assert plain["llm"]["per_query"] == pytest.approx(0.00375)


def test_a_model_that_does_not_reason_spends_no_reasoning_tokens():
    result = cost.estimate(ONE_CALL, CAT.api_model("gpt-4o"))
    assert result["reasoning_tokens"] == 0
    assert result["llm"]["per_query"] == pytest.approx(0.005)
    assert not any("reasoning" in a for a in result["assumptions"])
    # one at effort "none" by default says so, and what a higher effort costs
    none = cost.estimate(ONE_CALL, CAT.api_model("gpt-5.1"))
    assert none["reasoning_tokens"] == 0
    assert any("no hidden reasoning tokens at its default effort" in a for a in none["assumptions"])


def test_a_measured_reasoning_default_is_stated_without_the_planning_caveat():
    measured = ApiModel(
        Prices("thinker", input=1, cached_input=1, output=4),
        ModelInfo("thinker"),
        reasoning=Reasoning("thinker", "high", default_reasoning_tokens=2000, assumed=False),
    )
    result = cost.estimate(ONE_CALL, measured)
    # 1000 x 1/1M + (250 + 2000) x 4/1M = $0.01
    assert result["llm"]["per_query"] == pytest.approx(0.01)
    said = " ".join(result["assumptions"])
    assert "2,000 hidden reasoning tokens per call at its default effort (high)" in said
    assert "ASSUMED" not in said


def test_the_cheap_model_reasons_at_its_own_default():
    # gpt-4o main, gpt-5-mini cheap: 1000 x 0.25/1M + (250 + 1000) x 2/1M = $0.00275 per call
    result = cost.estimate(
        ONE_CALL._replace(cheap_fraction=0.5, reasoning_tokens=0),
        CAT.api_model("gpt-4o"),
        CAT.api_model("gpt-5-mini"),
    )
    assert result["routing"]["cheap_reasoning_tokens"] == 1000
    assert result["routing"]["cheap_per_call"] == pytest.approx(0.00275)


# --- long-context tiers -----------------------------------------------------------------------

TIERED = Prices(
    "tiered",
    input=1.25,
    cached_input=0.125,
    output=10.0,
    long_context=LongContextPrices(above_tokens=200_000, input=2.5, cached_input=0.25, output=15),
)


@pytest.mark.parametrize(
    ("prompt", "per_query", "tier"),
    [
        # at the threshold: 200,000 x 1.25/1M + 250 x 10/1M = $0.2525
        (200_000, 0.2525, "standard"),
        # one token past it, the WHOLE request moves: 200,001 x 2.5/1M + 250 x 15/1M
        (200_001, 200_001 * 2.5 / 1e6 + 250 * 15 / 1e6, "long-context"),
    ],
)
def test_a_prompt_past_the_threshold_is_billed_whole_at_the_long_context_tier(
    prompt, per_query, tier
):
    result = cost.estimate(ONE_CALL._replace(input_tokens=prompt), TIERED)
    assert result["llm"]["per_query"] == pytest.approx(per_query)
    assert result["price_tier"] == tier
    assert any("long-context tier" in a for a in result["assumptions"]) == (tier != "standard")


def test_the_catalog_long_context_tier_of_gemini_2_5_pro():
    # 250k prompt: $2.50 in / $15 out per 1M; 1,000 assumed reasoning tokens as output
    result = cost.estimate(ONE_CALL._replace(input_tokens=250_000), CAT.api_model("gemini-2.5-pro"))
    assert result["price_tier"] == "long-context"
    assert result["llm"]["per_query"] == pytest.approx(0.625 + 1250 * 15 / 1e6)


# --- context window and output limit ----------------------------------------------------------


def test_a_prompt_over_the_context_window_is_refused_naming_the_window():
    with pytest.raises(cost.CostInputError) as info:
        cost.estimate(ONE_CALL._replace(input_tokens=300_000), CAT.api_model("gpt-4o"))
    assert info.value.message == "300,000 input tokens exceed gpt-4o's 128,000-token context window"
    assert info.value.field == "input_tokens"
    assert "catalog models" in info.value.hint


def test_the_planner_costs_it_anyway_with_a_flag_and_a_warning():
    result = cost.estimate(
        ONE_CALL._replace(input_tokens=300_000),
        CAT.api_model("gpt-4o"),
        refuse_over_limits=False,
    )
    assert result["context_window_exceeded"] is True
    assert result["output_limit_exceeded"] is False
    assert any("128,000-token context window" in w for w in result["warnings"])
    assert result["limits"] == {"context_window": 128_000, "max_output_tokens": 16_384}


def test_reasoning_tokens_count_against_the_output_limit():
    # gpt-5 writes at most 128,000 tokens, hidden reasoning included
    fits = ONE_CALL._replace(output_tokens=127_000)
    assert cost.estimate(fits, CAT.api_model("gpt-5"))["output_limit_exceeded"] is False
    with pytest.raises(cost.CostInputError) as info:
        cost.estimate(fits._replace(output_tokens=127_500), CAT.api_model("gpt-5"))
    assert info.value.field == "output_tokens"
    assert "128,500 output tokens (with 1,000 hidden reasoning tokens) exceed" in info.value.message


def test_a_cheap_model_with_a_shorter_window_is_blamed_as_the_cheap_model():
    # gpt-4.1 takes ~1M tokens, gpt-4o-mini 128k: routing a 300k prompt there fails
    with pytest.raises(cost.CostInputError) as info:
        cost.estimate(
            ONE_CALL._replace(input_tokens=300_000, cheap_fraction=0.5),
            CAT.api_model("gpt-4.1"),
            CAT.api_model("gpt-4o-mini"),
        )
    assert info.value.field == "cheap_model"
    assert info.value.message.startswith("routing to gpt-4o-mini: 300,000 input tokens exceed")


# --- prompt-cache rules -----------------------------------------------------------------------

ANTHROPIC_LIKE = ApiModel(
    Prices("sonnet-like", input=3.0, cached_input=0.3, output=15.0),
    ModelInfo("sonnet-like"),
    CacheRules("sonnet-like", min_prefix_tokens=1024, write_premium=0.25),
)
PREFIX = cost.CostInputs(qps=1, input_tokens=3000, output_tokens=250, cached_prefix_tokens=2000)


@pytest.mark.parametrize(
    ("write_rate", "per_query"),
    [
        # 1000 x $3 + 2000 x 0.9 x $0.3 + 2000 x 0.1 x $3 x 1.25 + 250 x $15, per 1M
        (None, (3000 + 540 + 750 + 3750) / 1e6),  # the default: 1 write per 9 reads
        (0.0, (3000 + 600 + 3750) / 1e6),  # every call reads
        (1.0, (3000 + 7500 + 3750) / 1e6),  # every call writes: dearer than no cache at all
    ],
)
def test_cache_writes_pay_the_write_premium(write_rate, per_query):
    result = cost.estimate(PREFIX._replace(cache_write_rate=write_rate), ANTHROPIC_LIKE)
    assert result["llm"]["per_query"] == pytest.approx(per_query)
    said = " ".join(result["assumptions"])
    assert "1.25x the input price" in said
    assert ("1 write per 9 reads" in said) == (write_rate is None)


def test_a_prefix_below_the_minimum_gets_no_discount():
    # gpt-4o caches prefixes of 1,024 tokens or more: 1,000 cached tokens are billed in full
    at_1000 = cost.estimate(ONE_CALL._replace(cached_prefix_tokens=1000), CAT.api_model("gpt-4o"))
    assert at_1000["llm"]["per_query"] == pytest.approx(0.005)
    assert at_1000["prefix_cache"]["cached_tokens"] == 0
    assert any("minimum cacheable prefix (1,024 tokens)" in a for a in at_1000["assumptions"])
    # 1,024 of 2,000 cached: 976 x 2.5 + 1024 x (0.9 x 1.25 + 0.1 x 2.5) + 250 x 10, per 1M
    at_1024 = cost.estimate(
        ONE_CALL._replace(input_tokens=2000, cached_prefix_tokens=1024), CAT.api_model("gpt-4o")
    )
    assert at_1024["llm"]["per_query"] == pytest.approx(
        (976 * 2.5 + 1024 * (0.9 * 1.25 + 0.1 * 2.5) + 2500) / 1e6
    )


# --- stale prices and retired models ----------------------------------------------------------


def _dated(as_of: str, **info) -> ApiModel:
    return ApiModel(
        Prices("old-model", input=1, cached_input=1, output=2, as_of=as_of, source="a page"),
        ModelInfo("old-model", **info),
    )


def test_a_price_older_than_six_months_is_a_warning_with_the_refresh_command():
    result = cost.estimate(ONE_CALL, _dated("2026-05-29"), today=TODAY)
    assert result["prices_stale"] is True
    (warning,) = result["warnings"]
    assert "old-model (2026-05-29)" in warning and REFRESH_HINT in warning
    fresh = cost.estimate(ONE_CALL, _dated("2026-05-30"), today=TODAY)
    assert fresh["warnings"] == [] and fresh["prices_stale"] is False
    assert "undated" in cost.estimate(ONE_CALL, _dated(""), today=TODAY)["warnings"][0]
    # prices a person typed are dated now; without `today` nothing is compared
    assert cost.estimate(ONE_CALL, cost.custom_prices(1, 2), today=TODAY)["warnings"] == []
    assert cost.estimate(ONE_CALL, _dated("2020-01-01"))["warnings"] == []


def test_a_retired_model_still_costs_with_a_note():
    result = cost.estimate(ONE_CALL, CAT.api_model("claude-sonnet-4"), today=TODAY)
    assert result["llm"]["per_query"] == pytest.approx((1000 * 3 + 250 * 15) / 1e6)
    assert result["model_retired"] is True
    assert any("claude-sonnet-4 is retired (since 2026-06-15)" in w for w in result["warnings"])
    # a shutdown date announced: a warning before, retired after
    before = cost.estimate(ONE_CALL, _dated("2026-11-20", retires_on="2026-12-11"), today=TODAY)
    assert before["model_retired"] is False
    assert any("due to shut down on 2026-12-11" in w for w in before["warnings"])
    after = cost.estimate(
        ONE_CALL, _dated("2026-11-20", retires_on="2026-12-11"), today="2026-12-11"
    )
    assert after["model_retired"] is True


# --- the planner: a design's variables --------------------------------------------------------


def _plan(variables: dict) -> tuple[dict | None, list[str]]:
    inputs = engine.DesignInputs.read(variables)
    hosting = engine.resolve_hosting(inputs, CAT)
    capacity, _ = engine.plan_capacity(inputs, hosting, CAT)
    return engine.plan_cost(inputs, hosting, CAT, capacity, today=TODAY)


def test_the_planner_flags_a_prompt_over_the_window_for_the_coach():
    result, why = _plan({"qps": 10, "model": "gpt-4o", "input_tokens": 300_000})
    assert not why and result["context_window_exceeded"] is True
    from genai_design_cli.model.framework import flatten_results

    assert flatten_results({"cost": result}, "calc")["calc.cost.context_window_exceeded"] is True


def test_the_planner_reads_reasoning_tokens_and_the_cache_write_rate():
    result, _ = _plan({"qps": 10, "model": "gpt-5", "reasoning_tokens": 4000})
    assert result["llm"]["per_query"] == pytest.approx(0.04375)
    result, _ = _plan(
        {
            "qps": 10,
            "model": "gpt-4o",
            "input_tokens": 2000,
            "cached_prefix_tokens": 1024,
            "cache_write_rate": 0,
        }
    )
    assert result["llm"]["per_query"] == pytest.approx((976 * 2.5 + 1024 * 1.25 + 2500) / 1e6)


def test_an_other_model_is_priced_by_its_answered_prices_or_a_similar_model():
    result, why = _plan(
        {
            "qps": 10,
            "model": "other",
            "other_model_name": "acme-large",
            "price_in_per_1m": 2,
            "price_out_per_1m": 8,
        }
    )
    assert not why
    assert result["model"] == "acme-large"
    assert result["llm"]["per_query"] == pytest.approx((1000 * 2 + 250 * 8) / 1e6)
    assert any("acme-large is not in the catalog" in a for a in result["assumptions"])
    result, why = _plan(
        {"qps": 10, "model": "other", "other_model_name": "acme", "similar_to": "gpt-4o"}
    )
    assert result["model"] == "acme" and result["llm"]["per_query"] == pytest.approx(0.005)
    assert any("priced like gpt-4o" in a for a in result["assumptions"])
    assert not any("shut down" in w for w in result["warnings"])  # gpt-4o's date, not acme's
    # the stand-in's limits apply: a 300k prompt is over gpt-4o's window
    result, _ = _plan(
        {
            "qps": 10,
            "model": "other",
            "similar_to": "gpt-4o",
            "input_tokens": 300_000,
        }
    )
    assert result["context_window_exceeded"] is True


def test_an_other_model_without_prices_says_what_to_answer():
    result, why = _plan({"qps": 10, "model": "other"})
    assert result is None
    assert "answer its input and output prices per 1M tokens" in why[0]


def test_self_hosting_before_a_gpu_is_chosen_is_pending_not_an_api_price():
    # llama-3.1-70b has a hosted API price too; self-hosting must not quietly use it
    result, why = _plan({"qps": 10, "model": "llama-3.1-70b", "model_hosting": "self-hosted"})
    assert result is None
    assert why == [
        "self-hosted cost is pending: choose a GPU in Inference Infra to size llama-3.1-70b's fleet"
    ]
    result, why = _plan({"qps": 10, "model": "gpt-4o", "model_hosting": "self-hosted"})
    assert result is None and "has no published architecture" in why[0]


def test_the_planner_warns_about_a_retired_model_and_stale_prices():
    result, _ = _plan({"qps": 10, "model": "claude-sonnet-4"})
    assert result["model_retired"] is True and result["prices_stale"] is True
    assert any("import-litellm" in w for w in result["warnings"])


# --- properties ---------------------------------------------------------------------------

tokens = st.integers(min_value=0, max_value=200_000)
rates = st.floats(min_value=0, max_value=1)
traffic = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(qps=traffic, more=st.floats(min_value=0, max_value=1e4), inp=tokens, out=tokens)
def test_cost_grows_with_qps(qps, more, inp, out):
    base = cost.CostInputs(qps=qps, input_tokens=inp, output_tokens=out)
    low = cost.estimate(base, GPT_4O)
    high = cost.estimate(base._replace(qps=qps + more), GPT_4O)
    for path in ("llm", "baseline", "hybrid"):
        assert high[path]["per_month"] >= low[path]["per_month"]


@settings(max_examples=60, deadline=None)
@given(inp=tokens, out=tokens, extra_in=tokens, extra_out=tokens, cached=tokens)
def test_cost_grows_with_tokens(inp, out, extra_in, extra_out, cached):
    base = cost.CostInputs(qps=10, input_tokens=inp, output_tokens=out, cached_prefix_tokens=cached)
    low = cost.estimate(base, GPT_4O)["llm"]["per_query"]
    high = cost.estimate(
        base._replace(input_tokens=inp + extra_in, output_tokens=out + extra_out), GPT_4O
    )["llm"]["per_query"]
    assert high >= low


@settings(max_examples=60, deadline=None)
@given(hit=rates, fraction=rates, cheap=rates, inp=tokens, out=tokens, cached=tokens)
def test_a_cache_hit_rate_never_raises_the_bill(hit, fraction, cheap, inp, out, cached):
    base = cost.CostInputs(
        qps=50,
        input_tokens=inp,
        output_tokens=out,
        cached_prefix_tokens=cached,
        llm_fraction=fraction,
        cheap_fraction=cheap,
    )
    without = cost.estimate(base, GPT_4O, GPT_4O_MINI)
    with_cache = cost.estimate(base._replace(cache_hit_rate=hit), GPT_4O, GPT_4O_MINI)
    for path in ("llm", "hybrid"):
        assert with_cache[path]["per_month"] <= without[path]["per_month"]


@settings(max_examples=40, deadline=None)
@given(cached=tokens, inp=tokens)
def test_a_cached_prefix_never_raises_the_bill(cached, inp):
    base = cost.CostInputs(qps=1, input_tokens=inp, output_tokens=100)
    without = cost.estimate(base, GPT_4O)["llm"]["per_query"]
    with_prefix = cost.estimate(base._replace(cached_prefix_tokens=cached), GPT_4O)
    assert with_prefix["llm"]["per_query"] <= without


@settings(max_examples=40, deadline=None)
@given(reasoning=tokens, more=tokens)
def test_more_reasoning_tokens_never_lower_the_bill(reasoning, more):
    gpt5 = CAT.api_model("gpt-5")
    low = cost.estimate(
        ONE_CALL._replace(reasoning_tokens=reasoning), gpt5, refuse_over_limits=False
    )
    high = cost.estimate(
        ONE_CALL._replace(reasoning_tokens=reasoning + more), gpt5, refuse_over_limits=False
    )
    assert high["llm"]["per_query"] >= low["llm"]["per_query"]

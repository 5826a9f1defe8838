"""The cost calculator against hand-worked cases (prices: the shipped catalog, each from the
provider's price page, e.g. gpt-4o $2.50 in / $1.25 cached / $10 out per 1M tokens from
https://openai.com/api/pricing/), and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genai_design_cli.calc import cost
from genai_design_cli.calc.catalog import Catalog, Prices

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
    result = cost.estimate(
        cost.CostInputs(qps=1, input_tokens=1000, output_tokens=250, cached_prefix_tokens=800),
        GPT_4O,
    )
    assert result["llm"]["per_query"] == pytest.approx(0.004)
    assert result["per_call_breakdown"] == {
        "input": pytest.approx(0.0005),
        "cached_input": pytest.approx(0.001),
        "output": pytest.approx(0.0025),
        "total": pytest.approx(0.004),
    }


def test_cached_prefix_larger_than_input_is_capped():
    result = cost.estimate(
        cost.CostInputs(qps=1, input_tokens=100, output_tokens=0, cached_prefix_tokens=500),
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

"""`genai-design cost | latency | capacity` as a user runs them: flags, JSON, clear errors."""

from __future__ import annotations

import json
from datetime import date

import pytest


@pytest.fixture(autouse=True)
def catalog_day(monkeypatch):
    """Judge retirements and stale prices on the catalog's own day (its prices are dated
    2026-11-20), not on the machine's clock, so these tests do not age."""
    day = date(2026, 11, 30)
    monkeypatch.setattr("genai_design_cli.cli.options.today", lambda: day)
    return day


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_example(cli):
    data = _json(cli("cost", "--queries-per-month", "10M", "--cost-per-query", "0.01", "--json"))
    assert data["llm"]["per_month"] == 100000
    assert data["baseline"]["per_month"] == 10
    for key in ("per_query", "per_day", "per_month"):
        for path in ("llm", "baseline", "hybrid"):
            assert isinstance(data[path][key], (int, float))
    assert data["queries_per_month"] == 10_000_000


def test_cost_with_a_catalog_model(cli):
    data = _json(cli("cost", "--qps", "100", "--model", "gpt-4o", "--json"))
    # 1,000 in x $2.50 + 250 out x $10 per 1M = $0.005; x 259.2M queries
    assert data["llm"]["per_query"] == pytest.approx(0.005)
    assert data["llm"]["per_month"] == pytest.approx(1_296_000)
    assert data["sources"][0]["as_of"] and data["sources"][0]["source"]
    assert data["assumptions"]


def test_cost_human_output_is_a_table_with_assumptions(cli):
    result = cli("cost", "--qps", "100", "--model", "gpt-4o", "--budget-per-month", "1M")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("LLM path", "Baseline", "Hybrid", "Per query", "Per day", "Per month"):
        assert text in out
    assert "$1,296,000" in out
    assert "over budget" in out
    assert "Assumptions" in out and "30 days" in out


def test_price_flags_and_suffixes(cli):
    data = _json(
        cli(
            "cost",
            "--queries-per-month",
            "2.5k",
            "--price-in",
            "1",
            "--price-out",
            "2",
            "--input-tokens",
            "1k",
            "--output-tokens",
            "500",
            "--json",
        )
    )
    # 1000 x $1/1M + 500 x $2/1M = $0.002 per query x 2,500 queries = $5
    assert data["llm"]["per_query"] == pytest.approx(0.002)
    assert data["llm"]["per_month"] == pytest.approx(5)


def test_routing_caching_and_hybrid_flags(cli):
    data = _json(
        cli(
            "cost",
            "--qps",
            "10",
            "--model",
            "gpt-4o",
            "--cheap-model",
            "gpt-4o-mini",
            "--cheap-fraction",
            "0.7",
            "--cache-hit-rate",
            "20%",
            "--llm-fraction",
            "0.5",
            "--cached-prefix-tokens",
            "0",
            "--json",
        )
    )
    # (0.3 x 0.005 + 0.7 x 0.0003) x 0.8 = 0.001368
    assert data["llm"]["per_query"] == pytest.approx(0.001368)
    assert data["hybrid"]["per_query"] == pytest.approx(0.5 * 0.001368 + 0.5 * 0.000001)
    assert data["routing"]["cheap_model"] == "gpt-4o-mini"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--qps", "-5", "--model", "gpt-4o"), "--qps: must not be negative"),
        (("--qps", "abc", "--model", "gpt-4o"), "--qps: 'abc' is not a number"),
        (("--qps", "1", "--model", "gpt-4o", "--llm-fraction", "1.5"), "--llm-fraction"),
        (("--qps", "1", "--model", "gpt-4o", "--cache-hit-rate", "2"), "between 0 and 1"),
        (("--qps", "1", "--model", "gpt-4o", "--cheap-fraction", "0.5"), "needs --cheap-model"),
        (
            (
                "--qps",
                "1",
            ),
            "--model",
        ),
        (
            (
                "--model",
                "gpt-4o",
            ),
            "--qps or --queries-per-month",
        ),
        (("--qps", "1", "--price-in", "1"), "both --price-in and --price-out"),
        (("--qps", "1", "--model", "llama-2-7b"), "no API price"),
    ],
)
def test_cost_bad_flags_exit_2_without_traceback(cli, args, expected):
    result = cli("cost", *args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_unknown_model_lists_near_matches(cli):
    result = cli("cost", "--qps", "1", "--model", "gpt4o")
    assert result.exit_code == 2
    assert "unknown model 'gpt4o'" in result.output
    assert "gpt-4o" in result.output
    assert "genai-design catalog models" in result.output


def test_unknown_gpu_lists_near_matches(cli):
    result = cli("latency", "--model", "llama-3.1-8b", "--gpu", "h100")
    assert result.exit_code == 2
    assert "unknown GPU 'h100'" in result.output and "h100-sxm" in result.output


def test_latency_json_keys(cli):
    data = _json(cli("latency", "--model", "gpt-4o-mini", "--ttft-slo-ms", "2000", "--json"))
    for key in ("ttft_ms", "tpot_ms", "e2e_ms", "perceived_ms", "first_token_ms"):
        assert set(data[key]) == {"low", "high"}
        assert data[key]["low"] <= data[key]["high"]
    assert data["meets_slo"] is True


def test_latency_self_hosted_and_no_stream(cli):
    data = _json(
        cli("latency", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--no-stream", "--json")
    )
    assert data["mode"] == "self-hosted"
    assert data["gpus"] == 2  # 141 GB of bf16 weights need two 80 GB GPUs
    assert data["perceived_ms"] == data["e2e_ms"]
    assert data["meets_slo"] is None


def test_latency_human_output(cli):
    result = cli("latency", "--model", "claude-sonnet-4", "--slo-ms", "500")
    assert result.exit_code == 0, result.output
    assert "Time to first token" in result.output
    assert "SLO: misses" in result.output


def test_latency_open_model_without_gpu_says_what_to_do(cli):
    result = cli("latency", "--model", "mistral-7b")
    assert result.exit_code == 2
    assert "--gpu" in result.output


def test_capacity_json(cli):
    data = _json(
        cli("capacity", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--qps", "20", "--json")
    )
    assert data["kv_bytes_per_token"] == 327_680
    assert data["weights_bytes"] == pytest.approx(141.2e9)
    assert data["tensor_parallel"] >= 2
    # a 70B model is compared with a frontier-class API model, not the cheapest one
    from genai_design_cli.calc.constants import BREAK_EVEN_BY_ACTIVE_PARAMS_B

    assert data["vs_model"] in BREAK_EVEN_BY_ACTIVE_PARAMS_B[-1][1]


def test_capacity_flags(cli):
    data = _json(
        cli(
            "capacity",
            "--model",
            "mixtral-8x7b",
            "--gpu",
            "a100-80gb",
            "--qps",
            "5",
            "--dtype",
            "fp8",
            "--kv-dtype",
            "fp8",
            "--context",
            "4k",
            "--gpu-memory-utilization",
            "0.85",
            "--vs-model",
            "gpt-4o",
            "--json",
        )
    )
    assert data["weights_bytes"] == pytest.approx(46.7e9)
    assert data["kv_bytes_per_token"] == 2 * 32 * 8 * 128
    assert data["context"] == 4000
    assert data["vs_model"] == "gpt-4o"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--model", "gpt-4o", "--gpu", "h100-sxm", "--qps", "1"), "no published architecture"),
        (("--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--dtype", "fp4"), "--dtype"),
        (("--model", "llama-2-7b", "--gpu", "l4", "--qps", "-1"), "--qps"),
        (
            ("--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--gpu-memory-utilization", "2"),
            "--gpu-memory-utilization",
        ),
        (("--model", "lama-2-7b", "--gpu", "l4", "--qps", "1"), "llama-2-7b"),
    ],
)
def test_capacity_bad_flags(cli, args, expected):
    result = cli("capacity", *args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["cost", "latency", "capacity"])
def test_help_has_a_worked_example(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "genai-design " + command in result.output


# --- numbers on flags: one option type per kind of number -------------------------------------


def test_counts_take_suffixes_and_thousands_groups(cli):
    data = _json(cli("cost", "--qps", "2.5k", "--model", "gpt-4o", "--json"))
    assert data["qps"] == 2500
    data = _json(cli("cost", "--queries-per-month", "1,000", "--cost-per-query", "0.01", "--json"))
    assert data["llm"]["per_month"] == pytest.approx(10)


def test_a_decimal_comma_is_refused_with_the_likely_meaning(cli):
    result = cli("cost", "--qps", "0,5", "--model", "gpt-4o")
    assert result.exit_code == 2
    assert "--qps: '0,5'" in result.output
    assert "did you mean 0.5" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("cost", "--qps", "5%", "--model", "gpt-4o"),
        ("cost", "--qps", "1", "--model", "gpt-4o", "--input-tokens", "10%"),
        ("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "50%"),
    ],
)
def test_a_percentage_is_refused_where_a_count_is_asked(cli, args):
    result = cli(*args)
    assert result.exit_code == 2
    assert "a percentage only fits a share from 0 to 1" in result.output
    assert "Traceback" not in result.output


def test_shares_take_percentages(cli):
    data = _json(
        cli(
            "cost",
            "--qps",
            "1",
            "--model",
            "gpt-4o",
            "--cheap-model",
            "gpt-4o-mini",
            "--llm-fraction",
            "25%",
            "--cheap-fraction",
            "70%",
            "--json",
        )
    )
    assert data["llm_fraction"] == 0.25
    assert data["routing"]["cheap_fraction"] == pytest.approx(0.7)
    given = _json(
        cli("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--json",
            "--gpu-memory-utilization", "85%")
    )  # fmt: skip
    as_fraction = _json(
        cli("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--json",
            "--gpu-memory-utilization", "0.85")
    )  # fmt: skip
    assert given == as_fraction


def test_gpus_per_replica_is_a_whole_number(cli):
    result = cli("latency", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "2.5")
    assert result.exit_code == 2
    assert "--gpus: must be a whole number" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # the calculators check the values; the CLI names the flag of the field they blame
        (("cost", "--qps", "1", "--model", "gpt-4o", "--cached-prefix-tokens", "-1"),
         "--cached-prefix-tokens: must not be negative"),
        (("cost", "--qps", "1", "--model", "gpt-4o", "--llm-fraction", "150%"),
         "--llm-fraction: must be between 0 and 1 (got 1.5)"),
        (("latency", "--model", "gpt-4o", "--slo-ms", "0"), "--slo-ms: must be positive"),
        (("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--context", "0"),
         "--context: must be positive"),
        (("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--kv-dtype", "fp4"),
         "--kv-dtype: unknown dtype 'fp4'"),
    ],
)  # fmt: skip
def test_calculator_input_errors_name_the_flag(cli, args, expected):
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_catalog_commands_read_a_bad_user_catalog_as_bad_input(cli, genai_home):
    (genai_home / "catalog.toml").write_text("[models.x\nprice = 1")
    for args in (("catalog", "models"), ("catalog", "gpus", "--json")):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "catalog.toml" in result.output and "not valid TOML" in result.output


def test_import_litellm_keeps_what_the_file_does_not_mention(cli, genai_home, tmp_path):
    (genai_home / "catalog.toml").write_text(
        '[models.mine.price]\ninput = 9.0\noutput = 9.0\nas_of = "2026-01-01"\nsource = "us"\n'
        "[models.mine.price.long_context]\nabove_tokens = 200000\ninput = 18.0\noutput = 18.0\n"
        "[models.mine.cache]\nmin_prefix_tokens = 1024\n"
    )
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps(
            {
                "mine": {
                    "input_cost_per_token": 1e-06,
                    "output_cost_per_token": 2e-06,
                    "cache_creation_input_token_cost": 1.25e-06,
                }
            }
        )
    )
    result = cli("catalog", "import-litellm", str(prices))
    assert result.exit_code == 0, result.output
    from genai_design_cli.io.user_catalog import read_user_catalog

    mine = read_user_catalog(genai_home / "catalog.toml")["models"]["mine"]
    # the price is one quote, replaced whole (the old long-context tier goes with it) ...
    assert mine["price"]["input"] == 1.0 and "long_context" not in mine["price"]
    # ... while the other tables keep the keys the import does not bring
    assert mine["cache"] == {"min_prefix_tokens": 1024, "write_premium": 0.25}


def test_import_litellm_refuses_to_overwrite_a_broken_user_catalog(cli, genai_home, tmp_path):
    broken = "[models.x\nprice = 1"
    (genai_home / "catalog.toml").write_text(broken)
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps({"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}})
    )
    result = cli("catalog", "import-litellm", str(prices))
    assert result.exit_code == 2
    assert "catalog.toml" in result.output and "nothing was imported" in result.output
    assert (genai_home / "catalog.toml").read_text() == broken


# --- billing as providers do (issue 10) -------------------------------------------------------


def test_a_prompt_over_the_context_window_is_bad_input_naming_the_window(cli):
    result = cli("cost", "--qps", "100", "--model", "gpt-4o", "--input-tokens", "300k")
    assert result.exit_code == 2
    assert (
        "--input-tokens: 300,000 input tokens exceed gpt-4o's 128,000-token context window"
        in result.output
    )
    assert "catalog models" in result.output  # what to do: a model with a longer window
    assert "Traceback" not in result.output


def test_a_reasoning_model_is_costed_with_its_hidden_tokens(cli):
    data = _json(cli("cost", "--qps", "100", "--model", "gpt-5", "--json"))
    assert data["reasoning_tokens"] == 1000
    # 1000 x $1.25/1M + (250 + 1000 reasoning) x $10/1M
    assert data["llm"]["per_query"] == pytest.approx(0.01375)
    assert any("2–20×" in a and "ASSUMED" in a for a in data["assumptions"])
    given = _json(
        cli("cost", "--qps", "100", "--model", "gpt-5", "--reasoning-tokens", "4k", "--json")
    )
    assert given["llm"]["per_query"] == pytest.approx(0.04375)
    text = cli("cost", "--qps", "100", "--model", "gpt-5").stdout
    assert "reasoning (1,000 tokens) $0.0100" in text  # the per-call line shows its share


def test_stale_prices_and_a_retired_model_warn_on_stderr_and_in_json(cli):
    result = cli("cost", "--qps", "1", "--model", "claude-sonnet-4")
    assert result.exit_code == 0  # a retired model still costs, for old designs
    assert "Warning: claude-sonnet-4 is retired (since 2026-06-15)" in result.stderr
    assert "Prices more than 6 months old on " in result.stderr
    assert "genai-design catalog import-litellm FILE" in result.stderr
    assert "Warning" not in result.stdout
    data = _json(cli("cost", "--qps", "1", "--model", "claude-sonnet-4", "--json"))
    assert data["model_retired"] is True and data["prices_stale"] is True
    assert any("import-litellm" in w for w in data["warnings"])


def test_cache_write_rate_and_the_minimum_prefix(cli):
    base = ("cost", "--qps", "1", "--model", "gpt-4o", "--input-tokens", "2000", "--json")
    below = _json(cli(*base, "--cached-prefix-tokens", "1000"))
    assert below["per_call_breakdown"]["cached_input"] == 0  # under gpt-4o's 1,024 minimum
    reads = _json(cli(*base, "--cached-prefix-tokens", "1024", "--cache-write-rate", "0%"))
    assert reads["llm"]["per_query"] == pytest.approx((976 * 2.5 + 1024 * 1.25 + 2500) / 1e6)
    result = cli(*base, "--cached-prefix-tokens", "1024", "--cache-write-rate", "1.5")
    assert result.exit_code == 2
    assert "--cache-write-rate: must be between 0 and 1" in result.output


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--reasoning-tokens", "0,5", "did you mean 0.5?"),
        ("--reasoning-tokens", "5%", "a percentage only fits a share"),
        ("--cache-write-rate", "0,5", "did you mean 0.5?"),
    ],
)
def test_the_new_cost_flags_read_numbers_like_the_others(cli, flag, value, message):
    result = cli("cost", "--qps", "1", "--model", "gpt-5", flag, value)
    assert result.exit_code == 2
    assert f"{flag}: " in result.output and message in result.output

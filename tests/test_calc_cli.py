"""`genai-design cost | latency | capacity` as a user runs them: flags, JSON, clear errors."""

from __future__ import annotations

import json

import pytest


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
    data = _json(cli("latency", "--model", "gpt-4o-mini", "--slo-ms", "2000", "--json"))
    for key in ("ttft_ms", "tpot_ms", "e2e_ms", "perceived_ms"):
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
    assert "misses the SLO" in result.output


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
    assert data["vs_model"] == "gpt-4o-mini"


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

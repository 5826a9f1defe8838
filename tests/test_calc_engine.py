"""engine.run over framework variables, and the report (Markdown + Mermaid, Rich tables)."""

from __future__ import annotations

import math

import pytest

from genai_design_cli.calc import engine
from genai_design_cli.render import calc_tables as report
from genai_design_cli.tui import calc_views

API_DESIGN = {
    "qps": 100,
    "input_tokens": 1000,
    "output_tokens": 250,
    "model": "gpt-4o",
    "model_hosting": "api",
    "llm_fraction": 0.2,
    "slo_measures": "first-token",
    "p95_slo_ms": 1500,
    "streaming": True,
    "budget_per_month": 100_000,
}
SELF_HOSTED = {
    "qps": 20,
    "model": "llama-3.1-70b",
    "model_hosting": "self-hosted",
    "gpu": "h100-sxm",
    "gpus": 1,  # too few for 70B: the engine sizes it instead of giving up
    "llm_fraction": 0.5,
}


def test_nothing_to_compute():
    assert engine.run({}) == {}
    assert engine.run({"qps": 10}) == {}


def test_api_design_runs_cost_and_latency():
    results = engine.run(API_DESIGN)
    assert set(results) == {"cost", "latency"}
    assert results["cost"]["llm"]["per_query"] == pytest.approx(0.005)
    assert results["cost"]["hybrid"]["per_query"] == pytest.approx(0.2 * 0.005 + 0.8 * 1e-6)
    assert results["cost"]["budget"]["within"] is False  # $1.3M/month LLM x 0.2 > $100k
    assert results["latency"]["mode"] == "api"
    # the SLO measures the first token: 50 ms of network + TTFT 350-800 ms, within 1.5 s
    assert results["latency"]["slo"]["first_token"]["verdict"] == "meets"
    assert results["latency"]["meets_slo"] is True


@pytest.mark.parametrize(
    ("answers", "judged"),
    [
        # not answered: p95_slo_ms is the full response (the stricter reading), and said so
        ({}, {"full_response": "misses"}),
        ({"slo_measures": "full-response"}, {"full_response": "misses"}),
        ({"slo_measures": "first-token"}, {"first_token": "meets"}),
        (
            {"slo_measures": "both", "ttft_slo_ms": 300},
            {"full_response": "misses", "first_token": "misses"},
        ),
    ],
)
def test_what_the_slo_measures_decides_what_is_judged(answers, judged):
    # gpt-4o end to end: 50 + 350-800 + 250 x 6.7-16.7 ms = 2.1-5.0 s, over a 1.5 s SLO
    design = {**API_DESIGN, **answers}
    del design["slo_measures"]
    design.update(answers)
    latency = engine.run(design)["latency"]
    assert {key: value["verdict"] for key, value in latency["slo"].items()} == judged
    said = any("read as the full response" in a for a in latency["assumptions"])
    assert said is (not answers)


def test_pipeline_answers_reach_the_latency():
    base = engine.run(API_DESIGN)["latency"]
    more = engine.run({**API_DESIGN, "llm_calls_per_request": 2, "pipeline_ms": 300})["latency"]
    assert more["llm_calls"] == 2 and more["pipeline_ms"] == 300
    assert more["e2e_ms"]["low"] == pytest.approx(
        base["e2e_ms"]["low"] + 300 + base["llm_call_ms"]["low"], abs=0.2
    )


def test_results_match_the_command(cli):
    import json

    data = json.loads(cli("cost", "--qps", "100", "--model", "gpt-4o", "--json").stdout)
    results = engine.run({"qps": 100, "model": "gpt-4o"})
    assert results["cost"]["llm"] == data["llm"]


def test_self_hosted_design_runs_all_three():
    results = engine.run(SELF_HOSTED)
    assert set(results) == {"cost", "latency", "capacity"}
    cap = results["capacity"]
    assert cap["tensor_parallel"] >= 2
    assert any("as answered, cannot hold" in a for a in cap["assumptions"])
    # the fleet serves the half of the traffic the hybrid route sends it, at twice that at peak
    assert cap["qps"] == pytest.approx(10) and cap["peak_qps"] == pytest.approx(20)
    # the hybrid route costs what the fleet costs, plus the baseline's half
    baseline = 0.5 * 20 * 2_592_000 * 1e-6
    assert results["cost"]["hybrid"]["per_month"] == pytest.approx(
        cap["cost_per_month"] + baseline, rel=1e-6
    )
    assert results["latency"]["gpus"] == cap["tensor_parallel"]
    # latency under load: the requests a replica holds at the peak
    assert results["latency"]["concurrency"] == math.ceil(cap["requests_in_flight_per_replica"])
    assert results["latency"]["concurrency"] > 1


def test_capacity_sizes_only_the_traffic_that_reaches_the_model():
    design = {**SELF_HOSTED, "llm_fraction": 1.0, "qps": 40}
    full = engine.run(design)["capacity"]
    cached = engine.run({**design, "cache_hit_rate": 0.5})["capacity"]
    hybrid = engine.run({**design, "llm_fraction": 0.02})["capacity"]
    assert cached["qps"] == pytest.approx(20) and cached["replicas"] < full["replicas"]
    # 2% of the traffic: the availability floor, not a fleet for all of it
    assert hybrid["qps"] == pytest.approx(0.8) and hybrid["replicas"] == 2
    assert any("the hybrid route sends 2% of queries" in a for a in hybrid["assumptions"])


def test_a_self_hosted_cheap_model_gets_its_own_fleet():
    design = {
        **SELF_HOSTED,
        "llm_fraction": 1.0,
        "qps": 40,
        "qps_peak": 100,
        "cheap_model": "llama-3.1-8b",
        "cheap_fraction": 0.75,
    }
    results = engine.run(design)
    cap = results["capacity"]
    cheap = cap["cheap_fleet"]
    assert cap["qps"] == pytest.approx(10) and cap["peak_qps"] == pytest.approx(25)
    assert cheap["model"] == "llama-3.1-8b" and cheap["qps"] == pytest.approx(30)
    assert cheap["peak_qps"] == pytest.approx(75) and cheap["gpus"] >= 2
    assert cap["fleet_gpus"] == cap["gpus"] + cheap["gpus"]
    # the bill counts both fleets
    assert results["cost"]["llm"]["per_month"] == pytest.approx(
        cap["cost_per_month"] + cheap["cost_per_month"], rel=1e-6
    )
    rows = dict(report.capacity_rows(cap))
    assert rows["Both fleets"].startswith(f"{cap['fleet_gpus']} GPUs")


def test_answers_as_strings_and_unknown_models_never_raise():
    assert engine.run({"qps": "2.5k", "model": "other"}) == {}
    assert engine.run({"qps": "lots", "model": "gpt-4o"}).keys() == {"latency"}
    results = engine.run({"queries_per_month": "10M", "model": "gpt-4o-mini", "gpu": "tpu"})
    assert "cost" in results
    assert engine.run({"qps": -5, "model": "gpt-4o"}).keys() == {"latency"}


def test_flattened_results_are_condition_variables():
    from genai_design_cli.model.framework import flatten_results

    flat = flatten_results(engine.run(API_DESIGN))
    assert flat["calc.cost.hybrid.per_query"] == pytest.approx(0.0010008)
    assert flat["calc.latency.e2e_ms.low"] > 0


def test_markdown_report_has_tables_assumptions_and_chart():
    results = engine.run(SELF_HOSTED)
    text = report.markdown(results, SELF_HOSTED)
    assert "### Cost" in text and "### Latency" in text and "### Capacity" in text
    assert "at 10 QPS (20 at peak)" in text
    assert "| LLM path |" in text
    assert "Assumptions:" in text and "Sources:" in text and "as of" in text
    assert "```mermaid\nxychart-beta" in text
    chart = text.split("```mermaid")[1]
    assert chart.count("    line [") == 3  # self-hosting, hybrid, the API for comparison
    assert "Self-hosting llama-3.1-70b" in text


def test_chart_for_an_api_design():
    chart = report.cost_chart(engine.run(API_DESIGN))
    lines = [line for line in chart.splitlines() if line.strip().startswith("line [")]
    assert len(lines) == 2  # LLM path and hybrid route
    llm = [float(v) for v in lines[0].split("[")[1].rstrip("]").split(",")]
    assert llm == sorted(llm)
    # the middle point is the design's own QPS: $0.005 x 259.2M
    assert llm[2] == pytest.approx(1_296_000)


def test_empty_results_give_empty_markdown():
    assert report.markdown({}, {}) == ""


def test_rich_tables_render():
    from rich.console import Console

    console = Console(record=True, width=100, color_system=None)
    for item in calc_views.rich_tables(engine.run(SELF_HOSTED)):
        console.print(item)
    text = console.export_text()
    assert "Per month" in text and "Time to first token" in text and "Replicas" in text


def test_a_full_response_slo_caps_the_batch_the_fleet_is_planned_at():
    design = {
        **SELF_HOSTED,
        "gpus": 4,
        "output_tokens": 300,
        "slo_measures": "full-response",
        "p95_slo_ms": 30_000,
    }
    free = engine.run({**design, "p95_slo_ms": None})["capacity"]
    capped = engine.run(design)["capacity"]
    # (30,000 - 50 ms of network) / 300 tokens = 99.8 ms a token at most, at the slow end
    assert free["tpot_ms"]["high"] > 99.8
    assert capped["batch_limited_by"] == "tpot_slo" and capped["tpot_ms"]["high"] <= 99.8
    assert capped["replicas"] >= free["replicas"]
    assert any("= 99.8 ms per output token at most" in a for a in capped["assumptions"])

"""engine.run over framework variables, and the report (Markdown + Mermaid, Rich tables)."""

from __future__ import annotations

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
    assert results["latency"]["meets_slo"] is True


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
    # the LLM path costs what the fleet costs
    assert results["cost"]["llm"]["per_month"] == pytest.approx(cap["cost_per_month"], rel=1e-6)
    assert results["latency"]["gpus"] == cap["tensor_parallel"]


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

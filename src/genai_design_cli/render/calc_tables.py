"""Calculator results as Markdown tables and a cost chart for the design doc, and the rows the
terminal tables share (tui/calc_views.py draws those with Rich)."""

from __future__ import annotations

import math
from typing import Any

from genai_design_cli.calc.constants import SECONDS_PER_MONTH
from genai_design_cli.model.numbers import format_count, format_dollars, format_ratio
from genai_design_cli.render.text_tables import cost_rows, per_call_line


def _ms(value: dict[str, float] | None) -> str:
    if not value:
        return "—"
    return f"{value['low']:,.0f}–{value['high']:,.0f} ms"


def _gib(value: float) -> str:
    """Memory in binary units, like the KV cache's KiB beside it: 1 GiB = 2^30 bytes."""
    return f"{value / 2**30:,.1f} GiB"


# --- rows shared by Markdown and the terminal -------------------------------------------------


def latency_rows(latency: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Time to first token", _ms(latency["ttft_ms"])),
        ("Time per output token", _ms(latency["tpot_ms"])),
    ]
    calls = latency.get("llm_calls", 1)
    if calls and calls > 1 and latency.get("llm_call_ms"):
        rows.append(("One LLM call", _ms(latency["llm_call_ms"])))
    if latency.get("first_token_ms"):
        rows.append(("First token of the answer", _ms(latency["first_token_ms"])))
    rows += [
        (
            "End to end" + (f" ({calls} LLM calls)" if calls and calls > 1 else ""),
            _ms(latency["e2e_ms"]),
        ),
        (
            "Perceived (" + ("streaming" if latency.get("streaming") else "no streaming") + ")",
            _ms(latency["perceived_ms"]),
        ),
    ]
    verdicts = latency.get("slo") or {}
    for key, label in (
        ("full_response", "SLO, full response"),
        ("first_token", "SLO, first token"),
    ):
        judged = verdicts.get(key)
        if judged:
            rows.append((f"{label} {judged['slo_ms']:,.0f} ms", judged["text"]))
    if not verdicts and latency.get("slo_ms") is not None:  # a result stored before the split
        note = latency.get("slo_note") or latency.get("slo_verdict") or ""
        rows.append((f"SLO {latency['slo_ms']:,.0f} ms", note))
    return rows


def _per_million(cap: dict[str, Any]) -> list[tuple[str, str]]:
    per = cap.get("cost_per_million_tokens")
    if isinstance(per, dict):
        return [
            ("$ per 1M input tokens", format_dollars(per["input"]) if per.get("input") else "—"),
            ("$ per 1M output tokens", format_dollars(per["output"]) if per.get("output") else "—"),
        ]
    # a result stored before input and output were priced apart: output tokens only
    return [("$ per 1M output tokens", format_dollars(per) if per else "—")]


def capacity_traffic(cap: dict[str, Any]) -> str:
    """'20 QPS (40 at peak)': the traffic a capacity plan serves."""
    text = f"{cap['qps']:,.3g} QPS"
    if cap.get("peak_qps") is not None:
        text += f" ({cap['peak_qps']:,.3g} at peak)"
    return text


def capacity_rows(cap: dict[str, Any]) -> list[tuple[str, str]]:
    break_even = cap.get("break_even_qps")
    rows = [
        ("Weights", f"{_gib(cap['weights_bytes'])} ({cap['dtype']})"),
        ("KV cache per token", f"{cap['kv_bytes_per_token'] / 1024:,.0f} KiB ({cap['kv_dtype']})"),
        ("KV cache space per replica", _gib(cap["kv_cache_bytes_available"])),
        ("Sequences that fit per replica", f"{cap['max_concurrent_sequences']:,}"),
        ("GPUs per replica (tensor parallel)", f"{cap['tensor_parallel']} × {cap['gpu']}"),
    ]
    if "batch" in cap:
        rows.append(("Batch (sequences decoded together)", f"{cap['batch']:,}"))
    if cap.get("tpot_ms"):
        rows.append(("Time per output token at that batch", _ms(cap["tpot_ms"])))
    per = cap.get("requests_per_s_per_replica")
    if per:
        rows.append(("Requests/s per replica", f"{per['low']:,.3g}–{per['high']:,.3g}"))
    if cap.get("peak_qps") is not None:
        ratio = cap["peak_qps"] / cap["qps"] if cap.get("qps") else None
        given = ""
        if not cap.get("peak_qps_given") and ratio is not None:
            given = f" (assumed {ratio:g}× the average)"
        rows.append(("Peak QPS planned for", f"{cap['peak_qps']:,.3g}{given}"))
    rows += [
        (
            "Replicas",
            f"{cap['replicas']} (range {cap['replicas_range']['low']}–"
            f"{cap['replicas_range']['high']})",
        ),
        ("GPUs in total", str(cap["gpus"])),
        (
            "Cost per month",
            f"{format_dollars(cap['cost_per_month'])} (range "
            f"{format_dollars(cap['cost_per_month_range']['low'])}–"
            f"{format_dollars(cap['cost_per_month_range']['high'])})",
        ),
    ]
    rows += _per_million(cap)
    cheap = cap.get("cheap_fleet")
    if cheap:
        rows.append(
            (
                f"Cheap model's fleet ({cheap['model']})",
                f"{cheap['replicas']} × {cheap['tensor_parallel']} {cheap['gpu']}, "
                f"{format_dollars(cheap['cost_per_month'])}/month",
            )
        )
        rows.append(
            (
                "Both fleets",
                f"{cap['fleet_gpus']} GPUs, {format_dollars(cap['fleet_cost_per_month'])}/month",
            )
        )
    if cap.get("vs_model"):
        rows.append(
            (
                f"Break-even QPS vs {cap['vs_model']}",
                f"{break_even:,.2f}" if break_even is not None else "never (the API stays cheaper)",
            )
        )
    return rows


# --- Markdown ---------------------------------------------------------------------------------


def _md_table(header: list[str], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_notes(result: dict[str, Any]) -> str:
    lines = []
    assumptions = result.get("assumptions") or []
    if assumptions:
        lines.append("Assumptions:")
        lines += [f"- {a}" for a in assumptions]
    sources = result.get("sources") or []
    if sources:
        lines.append("")
        lines.append("Sources:")
        for s in sources:
            what = s.get("model") or s.get("gpu") or s.get("gpu_price") or ""
            if s.get("gpu_price"):
                what = f"{what} price"
            date = f" (as of {s['as_of']})" if s.get("as_of") else ""
            lines.append(f"- {what}: {s.get('source', '')}{date}")
    return "\n".join(lines)


def markdown(results: dict[str, Any], variables: dict[str, Any]) -> str:
    """Markdown tables of the results with their assumptions and sources, and a Mermaid
    xychart of monthly cost against QPS (LLM path, hybrid route, self-hosting)."""
    parts: list[str] = []
    cost = results.get("cost")
    if cost:
        title = "### Cost"
        if cost.get("model"):
            title += f" — {cost['model']}"
        ratio = cost.get("ratio_llm_to_baseline")
        lines = [
            title,
            "",
            f"{format_count(cost['queries_per_month'])} queries per month "
            f"({cost['qps']:,.3g} QPS on average).",
            "",
            _md_table(["Path", "Per query", "Per day", "Per month"], cost_rows(cost)),
            "",
        ]
        call = per_call_line(cost)
        if call:
            lines.append(call + ".")
        if ratio is not None:
            lines.append(f"The LLM path costs {format_ratio(ratio)}× the baseline per query.")
        lines.append(f"Budget: {cost['budget']['verdict']}.")
        warnings = cost.get("warnings") or []
        if warnings:
            lines += ["", "Warnings:"] + [f"- ⚠ {w}" for w in warnings]
        lines += ["", _md_notes(cost)]
        parts.append("\n".join(lines))
    latency = results.get("latency")
    if latency:
        where = (
            f"self-hosted on {latency.get('gpus')} × {latency.get('gpu')}"
            if latency.get("mode") == "self-hosted"
            else "API, typical figures"
        )
        parts.append(
            "\n".join(
                [
                    f"### Latency — {latency['model']} ({where})",
                    "",
                    _md_table(["Measure", "Estimate (low–high)"], latency_rows(latency)),
                    "",
                    _md_notes(latency),
                ]
            )
        )
    capacity = results.get("capacity")
    if capacity:
        parts.append(
            "\n".join(
                [
                    f"### Capacity — {capacity['model']} on {capacity['gpu']} at "
                    f"{capacity_traffic(capacity)}",
                    "",
                    _md_table(["Measure", "Estimate"], capacity_rows(capacity)),
                    "",
                    _md_notes(capacity),
                ]
            )
        )
    chart = cost_chart(results)
    if chart:
        parts.append(chart)
    return "\n\n".join(parts) + ("\n" if parts else "")


def _chart_points(qps: float) -> list[float]:
    """Five QPS values around the design's QPS: /10, /3, x1, x3, x10 (rounded to 2 digits)."""
    points = []
    for factor in (0.1, 1 / 3, 1, 3, 10):
        value = qps * factor
        digits = -int(math.floor(math.log10(value))) + 1 if value > 0 else 0
        points.append(round(value, digits) if value < 1 else float(f"{value:.2g}"))
    return points


def cost_chart(results: dict[str, Any]) -> str:
    """Mermaid xychart-beta: $/month against QPS for the LLM path, the hybrid route and
    self-hosting (when computed). Empty when there is no cost result."""
    cost = results.get("cost")
    capacity = results.get("capacity")
    if not cost or not cost.get("qps"):
        return ""
    points = _chart_points(cost["qps"])
    fraction = cost.get("llm_fraction", 1)
    baseline_q = cost["baseline"]["per_query"]
    lines_def: list[tuple[str, list[float]]] = []

    def fleet(qps: float, hybrid: bool = False) -> float:
        # self-hosting is a step function: whole replicas for the share of the traffic that
        # reaches the model at its peak, at the planned utilisation, never fewer than the floor;
        # the LLM path alone sends it the hybrid route's share too
        assert capacity is not None
        per_replica = capacity["requests_per_s_per_replica"]["low"]
        share = capacity["qps"] / cost["qps"] if cost["qps"] else 1.0
        if not hybrid and 0 < fraction < 1:
            share = min(share / fraction, 1.0)
        peak_ratio = capacity["peak_qps"] / capacity["qps"] if capacity.get("qps") else 1.0
        usable = per_replica * capacity.get("utilization", 1.0)
        needed = math.ceil(qps * share * peak_ratio / usable - 1e-9) if usable > 0 else 1
        replicas = max(capacity.get("min_replicas", 1), needed, 1)
        return replicas * capacity["cost_per_replica_month"]

    has_fleet = bool(capacity) and capacity["requests_per_s_per_replica"]["low"] > 0
    if cost.get("self_hosted") and has_fleet:
        lines_def.append(
            (f"Self-hosting {capacity['model']} (LLM path)", [fleet(q) for q in points])
        )
        if fraction < 1:
            lines_def.append(
                (
                    "Hybrid route (self-hosted share + baseline)",
                    [
                        fleet(q, hybrid=True) + (1 - fraction) * q * SECONDS_PER_MONTH * baseline_q
                        for q in points
                    ],
                )
            )
        if capacity.get("api_cost_per_query") and capacity.get("vs_model"):
            api_q = capacity["api_cost_per_query"]
            lines_def.append(
                (f"{capacity['vs_model']} API", [api_q * q * SECONDS_PER_MONTH for q in points])
            )
    else:
        llm_q = cost["llm"]["per_query"]
        hybrid_q = cost["hybrid"]["per_query"]
        lines_def.append(("LLM path", [llm_q * q * SECONDS_PER_MONTH for q in points]))
        if fraction < 1:
            lines_def.append(("Hybrid route", [hybrid_q * q * SECONDS_PER_MONTH for q in points]))
        if has_fleet:
            lines_def.append((f"Self-hosting {capacity['model']}", [fleet(q) for q in points]))
    x_axis = ", ".join(f"{q:g}" for q in points)
    top = max(max(values) for _, values in lines_def) or 1.0
    y_max = float(f"{top * 1.1:.2g}")
    body = [
        "```mermaid",
        "xychart-beta",
        '    title "Monthly cost ($) against QPS"',
        f'    x-axis "QPS" [{x_axis}]',
        f'    y-axis "$ per month" 0 --> {y_max:.10g}'
        if y_max >= 1e-4
        else '    y-axis "$ per month"',
    ]
    body += [f"    line [{', '.join(f'{v:.2f}' for v in values)}]" for _, values in lines_def]
    body.append("```")
    legend = "Lines, in order: " + "; ".join(name for name, _ in lines_def) + "."
    return "#### Monthly cost against QPS\n\n" + "\n".join(body) + "\n\n" + legend

"""Calculator results as Rich tables for the terminal (the rows come from render/calc_tables,
so the terminal and the design doc read the same)."""

from __future__ import annotations

from typing import Any

from genai_design_cli.model.numbers import format_count, format_ratio
from genai_design_cli.render.calc_tables import capacity_rows, capacity_traffic, latency_rows
from genai_design_cli.render.text_tables import cost_rows, per_call_line


def rich_tables(results: dict[str, Any]) -> list:
    """Rich renderables for the results (a table per calculator, then its assumptions)."""
    from rich.table import Table
    from rich.text import Text

    out: list = []
    cost = results.get("cost")
    if cost:
        table = Table(
            title=f"Cost at {format_count(cost['queries_per_month'])} queries/month"
            + (f" — {cost['model']}" if cost.get("model") else ""),
            title_justify="left",
        )
        for name in ("Path", "Per query", "Per day", "Per month"):
            table.add_column(name, justify="left" if name == "Path" else "right")
        for row in cost_rows(cost):
            table.add_row(*row)
        out.append(table)
        call = per_call_line(cost)
        if call:
            out.append(Text(call))
        ratio = cost.get("ratio_llm_to_baseline")
        summary = f"LLM : baseline = {format_ratio(ratio)} : 1. " if ratio is not None else ""
        summary += f"Budget: {cost['budget']['verdict']}."
        out.append(Text(summary))
        for warning in cost.get("warnings", []):
            out.append(Text(f"⚠ {warning}", style="yellow"))
        out.append(_assumptions(cost))
    latency = results.get("latency")
    if latency:
        title = f"Latency — {latency['model']} ({latency['mode']})"
        out.append(_measures(title, "Estimate (low–high)", latency_rows(latency)))
        out.append(_assumptions(latency))
    capacity = results.get("capacity")
    if capacity:
        title = (
            f"Capacity — {capacity['model']} on {capacity['gpu']} at {capacity_traffic(capacity)}"
        )
        out.append(_measures(title, "Estimate", capacity_rows(capacity)))
        out.append(_assumptions(capacity))
    return out


def _measures(title: str, value_header: str, rows: list[tuple[str, str]]):
    """A two-column Rich table: what is measured, and its estimate."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column("Measure")
    table.add_column(value_header, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def _assumptions(result: dict[str, Any]):
    """Assumptions and sources as a hanging list: a wrapped line stays under its bullet."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True)
    rows.add_column(overflow="fold")
    for line in result.get("assumptions", []):
        rows.add_row(Text("  •", style="dim"), Text(line, style="dim"))
    for s in result.get("sources", []):
        what = s.get("model") or s.get("gpu") or s.get("gpu_price") or ""
        if s.get("gpu_price"):
            what += " price"
        date = f", as of {s['as_of']}" if s.get("as_of") else ""
        source = f"source {what}: {s.get('source', '')}{date}"
        rows.add_row(Text("  ◦", style="dim"), Text(source, style="dim"))
    return Group(Text("Assumptions:", style="bold"), rows)

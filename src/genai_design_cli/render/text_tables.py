"""Plain-text tables for the fast path of `genai-design cost`, drawn without Rich."""

from __future__ import annotations

from typing import Any

from genai_design_cli.model.numbers import (
    format_count,
    format_dollars,
    format_percent,
    format_ratio,
)


def cost_rows(cost: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []
    labels = (
        ("llm", "LLM path"),
        ("baseline", "Baseline (non-LLM)"),
        ("hybrid", f"Hybrid ({format_percent(cost.get('llm_fraction', 1))} to the LLM)"),
    )
    for key, label in labels:
        path = cost[key]
        rows.append(
            (
                label,
                format_dollars(path["per_query"]),
                format_dollars(path["per_day"]),
                format_dollars(path["per_month"]),
            )
        )
    return rows


def per_call_line(cost: dict[str, Any]) -> str | None:
    """One LLM call's bill by part, e.g. "One call to gpt-5: $0.0138 = input $0.0013 + output
    $0.0025 + reasoning (1,000 tokens) $0.0100"; None without a token breakdown."""
    parts = cost.get("per_call_breakdown")
    if not parts:
        return None
    reasoning = cost.get("reasoning_tokens") or 0
    names = (
        ("input", "input"),
        ("cached_input", "cached input"),
        ("cache_write", "cache writes"),
        ("output", "output"),
        ("reasoning", f"reasoning ({reasoning:,} tokens)" if reasoning else "reasoning"),
    )
    shown = [f"{label} {format_dollars(parts[key])}" for key, label in names if parts.get(key)]
    tier = " at the long-context tier" if cost.get("price_tier") == "long-context" else ""
    return (
        f"One call to {cost.get('model') or 'the model'}{tier}: "
        f"{format_dollars(parts['total'])}" + (" = " + " + ".join(shown) if shown else "")
    )


_BOX = {"top": "┏━┳┓", "head": "┃┃┃", "rule": "┡━╇┩", "row": "│││", "bottom": "└─┴┘"}
_ASCII = {"top": "+-++", "head": "|||", "rule": "+=++", "row": "|||", "bottom": "+-++"}


def text_table(
    title: str,
    header: list[str],
    rows: list[tuple[str, ...]],
    *,
    unicode: bool = True,
    bold: bool = False,
) -> str:
    """A table drawn like Rich's default box, without importing Rich (~25 ms of startup that
    `genai-design cost` cannot afford, DESIGN.md "Budgets"). First column left, others right."""
    box = _BOX if unicode else _ASCII
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]

    def line(kind: str) -> str:
        left, fill, mid, right = box[kind]
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def cells(values: tuple[str, ...] | list[str], kind: str) -> str:
        edge, sep, _ = box[kind]
        parts = [
            f" {str(v).ljust(w) if i == 0 else str(v).rjust(w)} "
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return edge + sep.join(parts) + edge

    head = cells(header, "head")
    if bold:
        title = f"\x1b[1m{title}\x1b[0m"
        head = box["head"][0].join(
            f"\x1b[1m{part}\x1b[0m" if part.strip() else part
            for part in cells(header, "head").split(box["head"][0])
        )
    out = [title, line("top"), head, line("rule")]
    out += [cells(row, "row") for row in rows]
    out.append(line("bottom"))
    return "\n".join(out)


def cost_text(cost: dict[str, Any], *, unicode: bool = True, bold: bool = False) -> str:
    """The human output of `genai-design cost`: the table, the ratio and verdict, and the
    assumptions with their sources."""
    title = f"Cost at {format_count(cost['queries_per_month'])} queries/month" + (
        f" — {cost['model']}" if cost.get("model") else ""
    )
    lines = [
        text_table(
            title,
            ["Path", "Per query", "Per day", "Per month"],
            cost_rows(cost),
            unicode=unicode,
            bold=bold,
        )
    ]
    call = per_call_line(cost)
    if call:
        lines.append(call)
    ratio = cost.get("ratio_llm_to_baseline")
    summary = f"LLM : baseline = {format_ratio(ratio)} : 1. " if ratio is not None else ""
    lines.append(summary + f"Budget: {cost['budget']['verdict']}.")
    for name in ("per_query", "per_month"):
        check = cost["budget"].get(name)
        if check:
            lines.append(
                f"  {name.replace('_', ' ')}: {format_dollars(check['cost'])} against "
                f"{format_dollars(check['limit'])} — {'ok' if check['within'] else 'OVER'}"
            )
    lines.append("Assumptions:")
    bullet = "•" if unicode else "-"
    lines += [f"  {bullet} {a}" for a in cost.get("assumptions", [])]
    for source in cost.get("sources", []):
        date = f", as of {source['as_of']}" if source.get("as_of") else ""
        lines.append(f"  source {source.get('model', '')}: {source.get('source', '')}{date}")
    return "\n".join(lines)

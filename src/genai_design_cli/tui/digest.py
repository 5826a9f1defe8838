"""The numbers digest: at most five short lines (volume, cost per month, latency against the
SLO, its figures on a line of their own when both do not fit, GPUs) shown after a step that
changed them, and in the summary at the end of `new`.

Plain data, no terminal library: `prompts` styles the lines, and the no-input path prints them
with `typer.echo`. Every line fits 80 columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from genai_design_cli.model.numbers import format_count, format_dollars

MAX_LINES = 5
WIDTH = 78  # a line and its two-character mark fit 80 columns
MARKS = {True: "✓", False: "✗", None: " "}
AT_RISK = "!"


@dataclass(frozen=True)
class DigestLine:
    label: str  # Volume | Cost | Latency | GPUs
    text: str
    ok: bool | None = None  # ✓ / ✗ against a target; None: nothing to judge against
    at_risk: bool = False  # between the two: the range straddles the target

    @property
    def mark(self) -> str:
        return AT_RISK if self.at_risk else MARKS[self.ok]

    def plain(self) -> str:
        line = f"{self.mark} {self.label:<8} {self.text}"
        return line if len(line) <= WIDTH + 2 else line[: WIDTH + 1] + "…"


def _seconds(ms: float) -> str:
    """820 -> '0.82 s'; 12400 -> '12 s'."""
    seconds = ms / 1000
    if seconds >= 10:
        return f"{seconds:,.0f} s"
    return f"{seconds:.2g} s" if seconds < 1 else f"{seconds:.1f} s"


def _span(low: float, high: float) -> str:
    lo, hi = _seconds(low), _seconds(high)
    if lo == hi:
        return lo
    return f"{lo.removesuffix(' s')}–{hi}"


def _range(value: Any) -> tuple[float, float] | None:
    if isinstance(value, Mapping) and "low" in value and "high" in value:
        return float(value["low"]), float(value["high"])
    return None


def volume_line(results: Mapping[str, Any], variables: Mapping[str, Any]) -> DigestLine | None:
    cost = results.get("cost") or {}
    month = cost.get("queries_per_month")
    qps = cost.get("qps", variables.get("qps"))
    if month is None and isinstance(qps, (int, float)) and not isinstance(qps, bool):
        from genai_design_cli.calc.constants import SECONDS_PER_MONTH

        month = qps * SECONDS_PER_MONTH
    if month is None:
        return None
    text = f"{format_count(month)} queries/month"
    if isinstance(qps, (int, float)) and not isinstance(qps, bool):
        text += f" ({format_count(qps)} QPS average)"
    peak = variables.get("qps_peak")
    if isinstance(peak, (int, float)) and not isinstance(peak, bool):
        text += f", peak {format_count(peak)} QPS"
    return DigestLine("Volume", text)


def cost_line(results: Mapping[str, Any]) -> DigestLine | None:
    cost = results.get("cost")
    if not cost:
        return None
    hybrid = cost.get("hybrid") or cost.get("llm") or {}
    month, query = hybrid.get("per_month"), hybrid.get("per_query")
    if month is None:
        return None
    capacity = results.get("capacity") or {}
    spread = _range(capacity.get("cost_per_month_range")) if cost.get("self_hosted") else None
    if spread and round(spread[0]) != round(spread[1]):
        text = f"{format_dollars(spread[0])}–{format_dollars(spread[1])}/month"
    else:
        text = f"{format_dollars(month)}/month"
    if query is not None:
        text += f" ({format_dollars(query)}/query)"
    budget = cost.get("budget") or {}
    within = budget.get("within")
    if within is not None:
        limits = []
        per_query = (budget.get("per_query") or {}).get("limit")
        per_month = (budget.get("per_month") or {}).get("limit")
        if per_query is not None:
            limits.append(f"{format_dollars(per_query)}/query")
        if per_month is not None:
            limits.append(f"{format_dollars(per_month)}/month")
        said = f" · budget {' and '.join(limits)}" if limits else f" · {budget.get('verdict')}"
        # both limits and the per-query figure may not fit 80 columns: shorter forms first
        per_query = f" ({format_dollars(query)}/query)" if query is not None else ""
        short = said.replace(" and ", ", ")
        fitting = [text + said, text + short, text.removesuffix(per_query) + short]
        text = next((t for t in fitting if len(t) <= WIDTH - 9), fitting[-1])
    return DigestLine("Cost", text, within)


def latency_line(results: Mapping[str, Any]) -> list[DigestLine]:
    """The verdict against each SLO first, then the figures; on a second line (without a
    label) when both do not fit in one, so that the verdict is never the part cut off."""
    latency = results.get("latency")
    if not latency:
        return []
    parts = []
    first = _range(latency.get("perceived_ms") if latency.get("streaming") else None)
    full = _range(latency.get("e2e_ms"))
    if first:
        parts.append(f"first words {_span(*first)}")
    if full:
        parts.append(f"full answer {_span(*full)}")
    figures = " · ".join(parts)
    slos = []
    if latency.get("ttft_slo_ms") is not None:
        verdict = latency.get("ttft_slo_verdict")
        slos.append(
            f"{verdict + ' ' if verdict else ''}first-token SLO {_seconds(latency['ttft_slo_ms'])}"
        )
    if latency.get("slo_ms") is not None:
        verdict = ((latency.get("slo") or {}).get("full_response") or {}).get("verdict")
        slos.append(f"{verdict + ' ' if verdict else ''}SLO {_seconds(latency['slo_ms'])}")
    verdicts = [latency.get("slo_verdict"), latency.get("ttft_slo_verdict")]
    judged = [v for v in verdicts if v]
    ok: bool | None = None
    at_risk = False
    if judged:
        good = all(v == "meets" for v in judged)
        missed = any(v == "misses" for v in judged)
        ok, at_risk = (good if good or missed else None), not good and not missed
    if not slos:
        return [DigestLine("Latency", figures)]
    verdict_text = " · ".join(slos)
    text = f"{verdict_text} · {figures}" if figures else verdict_text
    one = DigestLine("Latency", text, ok, at_risk)
    if len(f"{one.mark} {one.label:<8} {one.text}") <= WIDTH + 2 or not figures:
        return [one]
    return [DigestLine("Latency", verdict_text, ok, at_risk), DigestLine("", figures)]


def gpu_line(results: Mapping[str, Any]) -> DigestLine | None:
    capacity = results.get("capacity")
    if not capacity or capacity.get("gpus") is None:
        return None
    gpus = capacity["gpus"]
    per_replica = capacity.get("tensor_parallel") or 1
    replicas = capacity.get("replicas")
    text = f"{gpus:,} × {capacity.get('gpu', 'GPU')}"
    if replicas:
        text += f" ({replicas:,} replica{'s' if replicas != 1 else ''} of {per_replica})"
    spread = _range(capacity.get("cost_per_month_range"))
    if spread:
        text += f" · {format_dollars(spread[0])}–{format_dollars(spread[1])}/month"
    return DigestLine("GPUs", text)


def digest_lines(
    results: Mapping[str, Any], variables: Mapping[str, Any] | None = None
) -> list[DigestLine]:
    """The digest of `results` (and the traffic the person gave), at most five lines."""
    variables = variables or {}
    lines = [
        volume_line(results, variables),
        cost_line(results),
        *latency_line(results),
        gpu_line(results),
    ]
    return [line for line in lines if line is not None][:MAX_LINES]

"""Key numbers and the candidate's own estimates of them (practice).

In an interview the candidate does the arithmetic: before the calculator shows monthly volume,
cost per month or the GPU count, practice asks for their estimate, then shows the calculator's
figure and stores the gap (`Session.estimates`) for the debrief: "you said $40k/month; the
calculator says $96k-$120k: off by 2.4x".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from genai_design_cli.calc.constants import SECONDS_PER_MONTH
from genai_design_cli.model.framework import Question
from genai_design_cli.model.numbers import format_count, format_dollars, format_ratio


@dataclass(frozen=True)
class KeyNumber:
    """A figure the calculators give, as a low-high range (equal ends for a point figure)."""

    name: str  # queries_per_month | cost_per_month | gpus
    low: float
    high: float

    def shown(self) -> str:
        return show_range(self.name, self.low, self.high)


# The estimate asked before each key number is shown (number questions, so 10M and 40k work).
ESTIMATE_QUESTIONS: dict[str, Question] = {
    "queries_per_month": Question(
        id="estimate-queries-per-month",
        kind="number",
        prompt="Your estimate first: how many queries a month is that?",
        unit="queries/month",
        min=0,
        max=1e15,
    ),
    "cost_per_month": Question(
        id="estimate-cost-per-month",
        kind="number",
        prompt="Your estimate first: what does serving it cost per month, in dollars?",
        unit="$/month",
        min=0,
        max=1e12,
    ),
    "gpus": Question(
        id="estimate-gpus",
        kind="number",
        prompt="Your estimate first: how many GPUs in total at peak?",
        unit="GPUs",
        integer=True,
        min=0,
        max=1_000_000,
    ),
}
LABELS = {
    "queries_per_month": "queries per month",
    "cost_per_month": "cost per month",
    "gpus": "GPUs",
}


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def key_numbers(results: Mapping[str, Any], variables: Mapping[str, Any]) -> dict[str, KeyNumber]:
    """The key numbers known so far. Monthly volume comes from the cost calculator, or from the
    average QPS over a 30-day month (calc.constants) before a model is chosen; it is not a key
    number to estimate when the person gave the monthly volume themselves."""
    found: dict[str, KeyNumber] = {}
    cost = results.get("cost") or {}
    if variables.get("queries_per_month") is None:
        volume = _num(cost.get("queries_per_month"))
        qps = _num(variables.get("qps"))
        if volume is None and qps is not None:
            volume = qps * SECONDS_PER_MONTH
        if volume is not None:
            found["queries_per_month"] = KeyNumber("queries_per_month", volume, volume)
    capacity = results.get("capacity") or {}
    spread = capacity.get("cost_per_month_range") or {}
    if cost.get("self_hosted") and _num(spread.get("low")) is not None:
        found["cost_per_month"] = KeyNumber(
            "cost_per_month", float(spread["low"]), float(spread["high"])
        )
    else:
        month = _num((cost.get("hybrid") or {}).get("per_month"))
        if month is None:
            month = _num((cost.get("llm") or {}).get("per_month"))
        if month is not None:
            found["cost_per_month"] = KeyNumber("cost_per_month", month, month)
    gpus = _num(capacity.get("gpus"))
    if gpus is not None:
        replicas = capacity.get("replicas_range") or {}
        per_replica = _num(capacity.get("tensor_parallel")) or 1
        low = _num(replicas.get("low"))
        high = _num(replicas.get("high"))
        if low is not None and high is not None:
            found["gpus"] = KeyNumber("gpus", low * per_replica, high * per_replica)
        else:
            found["gpus"] = KeyNumber("gpus", gpus, gpus)
    return found


def off_by(said: float, low: float, high: float) -> float:
    """How many times off an estimate is: 1 inside the range, else the ratio to its nearer end
    (40k against 96k-120k is 2.4)."""
    if low <= said <= high:
        return 1.0
    if said <= 0:
        return float("inf") if high > 0 else 1.0
    return round(max(said / high, low / said) if high > 0 else said, 2)


def record(number: KeyNumber, said: float | None, step: str) -> dict[str, Any]:
    """What `Session.estimates[name]` keeps; without an estimate, only the calculator's figure."""
    data: dict[str, Any] = {"step": step, "low": number.low, "high": number.high}
    if said is not None:
        data["said"] = said
        gap = off_by(said, number.low, number.high)
        if gap != float("inf"):
            data["off_by"] = gap
    return data


def show_value(name: str, value: float) -> str:
    if name == "cost_per_month":
        return format_dollars(value) + "/month"
    if name == "gpus":
        return f"{value:,.0f} GPUs"
    return format_count(value) + " queries/month"


def show_range(name: str, low: float, high: float) -> str:
    if round(low) == round(high) or abs(high - low) < 1e-9:
        return show_value(name, high)
    if name == "cost_per_month":
        return f"{format_dollars(low)}–{format_dollars(high)}/month"
    if name == "gpus":
        return f"{low:,.0f}–{high:,.0f} GPUs"
    return f"{format_count(low)}–{format_count(high)} queries/month"


def describe(name: str, data: Mapping[str, Any]) -> str:
    """ "you said $40,000/month; the calculator says $96,000–$120,000/month: off by 2.4×"."""
    figure = show_range(name, data["low"], data["high"])
    if "said" not in data:
        return f"{LABELS[name].capitalize()}: the calculator says {figure} (no estimate given)"
    said = show_value(name, data["said"])
    gap = data.get("off_by") or off_by(data["said"], data["low"], data["high"])
    gap = None if gap == float("inf") else gap
    verdict = "within the range" if gap == 1.0 else f"off by {format_ratio(gap)}×" if gap else ""
    return f"You said {said}; the calculator says {figure}" + (f": {verdict}" if verdict else "")

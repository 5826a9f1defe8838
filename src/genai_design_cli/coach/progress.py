"""Practice progress: per-step score series over the history, with sparklines (data only)."""

from __future__ import annotations

from typing import Any

SPARK_CHARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """Scores 0..100 as ▁▂▃▄▅▆▇█, one character per run."""
    chars = []
    for value in values:
        clamped = min(100.0, max(0.0, float(value)))
        chars.append(SPARK_CHARS[round(clamped / 100 * (len(SPARK_CHARS) - 1))])
    return "".join(chars)


def progress_data(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-step score series from history entries (oldest first)."""

    def series(values: list[float]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scores": values,
            "sparkline": sparkline(values),
            "latest": values[-1],
            "best": max(values),
        }
        data["change"] = round(values[-1] - values[-2], 1) if len(values) > 1 else None
        return data

    from genai_design_cli.model.framework import STEP_IDS

    step_ids = [s for s in STEP_IDS if any(s in e["steps"] for e in entries)]
    for entry in entries:
        step_ids += [s for s in entry["steps"] if s not in step_ids]
    steps = {}
    for sid in step_ids:
        values = [
            float(e["steps"][sid]) for e in entries if isinstance(e["steps"].get(sid), (int, float))
        ]
        if values:
            steps[sid] = series(values)
    totals = [float(e["total"]) for e in entries if isinstance(e.get("total"), (int, float))]
    weakest = sorted(steps, key=lambda s: steps[s]["latest"])[:3]
    return {
        "runs": len(entries),
        "first": entries[0].get("date") if entries else None,
        "last": entries[-1].get("date") if entries else None,
        "cases": [e.get("case", "") for e in entries],
        "steps": steps,
        "total": series(totals) if totals else None,
        "weakest": weakest,
    }

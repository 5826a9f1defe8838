"""The startup benchmark script runs and reports every command with its ratio and peak memory.
(A smoke test only: the budgets themselves are checked by running the script, not in tests.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "startup.py"


def test_benchmark_reports_ratios_and_memory():
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--rounds", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr  # 1 = a budget exceeded on this machine
    report = json.loads(proc.stdout)
    commands = report["commands"]
    assert commands["minimal typer app"]["ratio"] == 1.0
    for name in ("cost --qps 100 --model gpt-4o", "--help"):
        assert commands[name]["budget_ratio"] == 1.3
        assert commands[name]["median_ms"] > 0
        assert 0 < commands[name]["peak_rss_mib"] < 500
    if proc.returncode == 1:
        assert "Budget exceeded" in proc.stderr

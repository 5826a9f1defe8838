"""The calculators against published measurements (benchmarks/fidelity.py over
benchmarks/fidelity/measurements.toml): at least 90% of the rows inside our ranges, no range
wider than 2.5x from low to high, and no row dropped without a reason."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "fidelity.py"


@pytest.fixture(scope="module")
def fidelity():
    spec = importlib.util.spec_from_file_location("fidelity_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(fidelity):
    return fidelity.run()


def test_at_least_90_percent_of_the_published_measurements_fall_inside_our_ranges(report):
    outside = [
        f"{row.id}: {row.measured:g} not in {row.low:g}-{row.high:g}"
        for row in report.judged
        if not row.inside
    ]
    assert report.hit_rate >= 0.9, outside


def test_no_range_is_wider_than_2_5x(report):
    wide = [f"{row.id}: {row.ratio:.2f}x" for row in report.judged if row.ratio > 2.5]
    assert not wide


def test_most_of_the_set_is_judged_and_every_exclusion_says_why(report):
    assert len(report.judged) >= 30
    assert len(report.judged) + len(report.excluded) == 47
    assert all(len(row.why) > 20 for row in report.excluded)
    # every kind of figure is judged: first token, per token, end to end, throughput, API speed
    metrics = {(row.kind, row.metric) for row in report.judged}
    for wanted in (
        ("self-hosted", "ttft_ms"),
        ("self-hosted", "tpot_ms"),
        ("self-hosted", "e2e_ms"),
        ("self-hosted", "throughput_tokens_per_s"),
        ("api", "ttft_ms"),
        ("api", "output_tokens_per_s"),
    ):
        assert wanted in metrics


def test_load_and_long_prompts_are_judged_at_their_own_setup(report):
    rows = {row.id: row for row in report.judged}
    # NIM at 50 concurrent requests: time per output token rises ~3x over one request
    one = rows["nim180-llama-3.3-70b-h100-tp2-fp8-c1-in5000-out500-tpot"]
    fifty = rows["nim180-llama-3.3-70b-h100-tp2-fp8-c50-in5000-out500-tpot"]
    assert fifty.low > 2 * one.low and fifty.inside and one.inside
    # a 10,000-token prompt to a hosted API: TTFT above the catalog's ~1,000-token figure
    assert rows["aa-openai-gpt-4.1-mini-c1-in10000-ttft"].low > 700


def test_the_script_prints_the_table_hit_rate_widest_range_and_exclusions(fidelity, capsys):
    assert fidelity.main([]) == 0
    out = capsys.readouterr().out
    assert "Hit rate:" in out and "before the calibrated model: 20 of 37" in out
    assert "Widest range:" in out
    assert "llama-3.1-405b is not in the catalog" in out

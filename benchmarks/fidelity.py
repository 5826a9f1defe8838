"""Fidelity benchmark: the `latency` and `capacity` calculators against published measurements
(benchmarks/fidelity/measurements.toml): each figure beside our low-high range, the hit rate,
the widest range, and the rows the calculator cannot be judged on, with why.

    python benchmarks/fidelity.py [--json] [--constants]

`--constants` adds, for each efficiency constant of calc/serving.py, how many judged rows it
weighs on (rows whose estimate moves by at least a tenth of their range when that constant
alone goes from its fast to its slow value).

How each row is judged (the calculators as a person runs them, with the row's engine setup):
- ttft_ms, tpot_ms, e2e_ms (self-hosted): `latency` with the row's model, GPU, GPUs per replica,
  dtype, KV dtype and concurrency (requests decoding together), no network or guardrails;
  e2e is one LLM call (TTFT + output x TPOT).
- throughput_tokens_per_s (self-hosted): `capacity`'s requests/s per replica x output tokens,
  at the batch the planner picks: what fits in the KV cache, capped at the row's published
  batch or concurrency (static batches, NIM's concurrency), at 4,096 for trtllm-bench runs
  (trtllm-bench sizes its batch by the KV cache, up to 4,096: tensorrt_llm/bench/build/
  tuning.py), and at vLLM's 256 when the batch is not published.
- ttft_ms and output_tokens_per_s (API): `latency` with the catalog's typical figures.

Before the calibrated serving model (issue 10), the same rows judged with the calculators of
commit 00d3bb7 (batch-1 efficiencies, no attention, overhead, communication or concurrency):
20 of 37 inside (54%).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from genai_design_cli.calc import capacity, latency  # noqa: E402
from genai_design_cli.calc import serving as sv  # noqa: E402
from genai_design_cli.calc.catalog import Catalog, CatalogError  # noqa: E402
from genai_design_cli.calc.constants import DEFAULT_MAX_BATCH  # noqa: E402

MEASUREMENTS = HERE / "fidelity" / "measurements.toml"
BEFORE = {"hits": 20, "judged": 37}  # see the module docstring
HIT_RATE_FLOOR = 0.9
WIDEST_RATIO = 2.5
TRTLLM_BENCH_MAX_BATCH = 4096

# Rows that ran a network the catalog holds under another id: the same transformer shape.
SAME_NETWORK = {"llama-3-70b": "llama-3.1-70b"}


@dataclass
class Judged:
    id: str
    kind: str
    metric: str
    measured: float
    low: float
    high: float
    inside: bool
    ratio: float  # high / low
    how: str  # what was run, when it needs saying

    @property
    def position(self) -> float:
        """Where the measurement falls: 0 at the low end, 1 at the high end."""
        if self.high <= self.low:
            return 0.5
        return math.log(self.measured / self.low) / math.log(self.high / self.low)


@dataclass
class Excluded:
    id: str
    metric: str
    why: str


@dataclass
class Report:
    judged: list[Judged]
    excluded: list[Excluded]

    @property
    def hits(self) -> int:
        return sum(row.inside for row in self.judged)

    @property
    def hit_rate(self) -> float:
        return self.hits / len(self.judged) if self.judged else 0.0

    @property
    def widest(self) -> Judged:
        return max(self.judged, key=lambda row: row.ratio)


class NotJudged(Exception):
    """A row the calculator cannot be judged on; the message says why."""


def load(path: Path = MEASUREMENTS) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)["measurement"]


# --- one row --------------------------------------------------------------------------------


def _self_hosted(row: dict, catalog: Catalog) -> tuple[float, float, str]:
    model = SAME_NETWORK.get(row["model"], row["model"])
    try:
        arch, gpu = catalog.architecture(model), catalog.gpu(row["gpu"])
    except CatalogError:
        raise NotJudged(f"{row['model']} is not in the catalog") from None
    if arch is None:
        raise NotJudged(f"{row['model']} has no architecture in the catalog")
    how = f"{model}'s network" if model != row["model"] else ""
    if row["metric"] == "throughput_tokens_per_s":
        return _throughput(row, arch, gpu, how)
    result = latency.estimate(
        latency.LatencyInputs(
            input_tokens=row["input_tokens"],
            output_tokens=row["output_tokens"],
            network_ms=0,
            gpus=row["gpus"],
            dtype=row["dtype"],
            kv_dtype=row.get("kv_dtype"),
            concurrency=max(row["concurrency"], 1),
        ),
        model=model,
        arch=arch,
        gpu=gpu,
    )
    key = {"ttft_ms": "ttft_ms", "tpot_ms": "tpot_ms", "e2e_ms": "e2e_ms"}[row["metric"]]
    return result[key]["low"], result[key]["high"], how


def _published_batch(row: dict) -> int | None:
    """The batch the source ran at, when it published one (not a dataset size)."""
    if "static batch" in row["engine_version"] or row["engine"].endswith("(NIM)"):
        return row["concurrency"] or None
    return None


def _throughput(row: dict, arch, gpu, how: str) -> tuple[float, float, str]:
    batch = _published_batch(row)
    if batch is not None:
        cap, why = batch, f"batch {batch} as published"
    elif "trtllm-bench" in row["engine_version"]:
        cap, why = TRTLLM_BENCH_MAX_BATCH, "trtllm-bench's batch (what fits, up to 4,096)"
    else:
        cap, why = DEFAULT_MAX_BATCH, "the planner's batch (what fits, up to 256)"
    result = capacity.estimate(
        capacity.CapacityInputs(
            qps=1,
            input_tokens=row["input_tokens"],
            output_tokens=row["output_tokens"],
            dtype=row["dtype"],
            kv_dtype=row.get("kv_dtype"),
            tensor_parallel=row["gpus"],
            max_batch=cap,
        ),
        arch,
        gpu,
    )
    per = result["requests_per_s_per_replica"]
    out = row["output_tokens"]
    note = f"{why}: {result['batch']}"
    return per["low"] * out, per["high"] * out, "; ".join(filter(None, [how, note]))


def _api(row: dict, catalog: Catalog) -> tuple[float, float, str]:
    try:
        api = catalog.api_latency(row["model"])
    except CatalogError:
        raise NotJudged(f"{row['model']} is not in the catalog") from None
    if api is None:
        raise NotJudged(
            f"the catalog has no API latency for {row['model']}: an open model served here by "
            "a third-party provider, whose hardware, batch and engine are unknown (the "
            "calculator estimates it self-hosted on a named GPU)"
        )
    result = latency.estimate(
        latency.LatencyInputs(
            input_tokens=row["input_tokens"], output_tokens=row["output_tokens"], network_ms=0
        ),
        model=row["model"],
        api=api,
    )
    if row["metric"] == "ttft_ms":
        return result["ttft_ms"]["low"], result["ttft_ms"]["high"], ""
    tpot = result["tpot_ms"]
    return 1000 / tpot["high"], 1000 / tpot["low"], ""


def judge(row: dict, catalog: Catalog) -> Judged:
    if row["kind"] == "api":
        low, high, how = _api(row, catalog)
    else:
        low, high, how = _self_hosted(row, catalog)
    value = row["value"]
    return Judged(
        id=row["id"],
        kind=row["kind"],
        metric=row["metric"],
        measured=value,
        low=low,
        high=high,
        inside=low <= value <= high,
        ratio=high / low if low > 0 else math.inf,
        how=how,
    )


def run(rows: list[dict] | None = None, catalog: Catalog | None = None) -> Report:
    rows = load() if rows is None else rows
    catalog = Catalog([]) if catalog is None else catalog  # the shipped catalog only
    report = Report([], [])
    for row in rows:
        try:
            report.judged.append(judge(row, catalog))
        except NotJudged as why:
            report.excluded.append(Excluded(row["id"], row["metric"], str(why)))
    return report


# --- what each constant weighs on -----------------------------------------------------------


def constant_weights(rows: list[dict] | None = None) -> dict[str, int]:
    """Self-hosted rows each efficiency constant weighs on: moving it alone from its fast to
    its slow value moves the row's estimate by at least a tenth of the row's range."""
    rows = load() if rows is None else rows
    catalog = Catalog([])
    base = {row.id: row for row in run(rows, catalog).judged if row.kind == "self-hosted"}
    counts = {}
    slow = sv.SLOW
    for field in sv.Efficiency._fields:
        # the slow end of each row becomes "the fast end but for this constant"
        sv.SLOW = sv.FAST._replace(**{field: getattr(slow, field)})
        try:
            moved = {row.id: row for row in run(rows, catalog).judged}
        finally:
            sv.SLOW = slow
        count = 0
        for row_id, row in base.items():
            throughput = row.metric == "throughput_tokens_per_s"
            fast_end = row.high if throughput else row.low
            slow_end = row.low if throughput else row.high
            shifted = moved[row_id].low if throughput else moved[row_id].high
            span = abs(math.log(slow_end / fast_end)) or 1.0
            count += abs(math.log(shifted / fast_end)) >= 0.1 * span
        counts[field] = count
    return counts


# --- output ---------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def print_report(report: Report, weights: dict[str, int] | None = None) -> None:
    print(f"{'id':66} {'metric':24} {'measured':>9} {'low':>9} {'high':>9}  in?  x")
    for row in report.judged:
        print(
            f"{row.id[:66]:66} {row.metric:24} {_number(row.measured):>9} {_number(row.low):>9} "
            f"{_number(row.high):>9}  {'yes' if row.inside else 'NO ':3} {row.ratio:.2f}"
            + (f"  ({row.how})" if row.how else "")
        )
    widest = report.widest
    before = BEFORE["hits"] / BEFORE["judged"]
    print()
    print(
        f"Hit rate: {report.hits} of {len(report.judged)} inside ({report.hit_rate:.0%}; "
        f"before the calibrated model: {BEFORE['hits']} of {BEFORE['judged']}, {before:.0%})."
    )
    print(f"Widest range: {widest.ratio:.2f}x ({widest.id}).")
    print()
    print(f"Excluded ({len(report.excluded)} rows the calculator cannot be judged on):")
    for row in report.excluded:
        print(f"  {row.id} ({row.metric}): {row.why}")
    if weights:
        print()
        self_hosted = sum(row.kind == "self-hosted" for row in report.judged)
        print("Self-hosted rows each efficiency constant of calc/serving.py weighs on:")
        for field, count in weights.items():
            print(f"  {field}: {count} of {self_hosted}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--constants", action="store_true", help="rows each constant moves")
    args = parser.parse_args(argv)
    report = run()
    weights = constant_weights() if args.constants else None
    if args.json:
        print(
            json.dumps(
                {
                    "judged": [asdict(row) for row in report.judged],
                    "excluded": [asdict(row) for row in report.excluded],
                    "hits": report.hits,
                    "hit_rate": round(report.hit_rate, 4),
                    "before": BEFORE,
                    "widest_ratio": round(report.widest.ratio, 3),
                    "constants": weights,
                },
                indent=2,
            )
        )
    else:
        print_report(report, weights)
    ok = report.hit_rate >= HIT_RATE_FLOOR and report.widest.ratio <= WIDEST_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

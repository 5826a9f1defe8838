"""Run every calculator whose inputs the framework variables give (the interview and the export
call this). Never raises for missing or unusable inputs: that calculator is simply absent.

Hosting: a design is self-hosted when a GPU is answered, the model has a published architecture
and the hosting answer is not "api" (answering a GPU means planning to run the model on it);
then cost, latency and capacity are all self-hosted, so the three agree. Otherwise cost and
latency use the model's API figures.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from genai_design_cli.calc.catalog import Catalog, CatalogError
from genai_design_cli.model.numbers import format_dollars


def _number(variables: dict[str, Any], name: str) -> float | None:
    """A numeric variable, or None when absent or not a number (answers may be strings)."""
    value = variables.get(name)
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    from genai_design_cli.model.numbers import parse_number

    try:
        return parse_number(str(value))
    except ValueError:  # also non-finite figures such as 1e400
        return None


def _text(variables: dict[str, Any], name: str) -> str | None:
    value = variables.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _fraction(variables: dict[str, Any], name: str, default: float) -> float:
    value = _number(variables, name)
    if value is None:
        return default
    if value > 1 and value <= 100:  # "30" meant as percent
        value /= 100
    return min(max(value, 0.0), 1.0)


def _flag(variables: dict[str, Any], name: str, default: bool) -> bool:
    value = variables.get(name)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "y", "true", "1")
    return default


def _tokens(variables: dict[str, Any]) -> tuple[float | None, float | None]:
    return _number(variables, "input_tokens"), _number(variables, "output_tokens")


def run(variables: dict[str, Any], catalog: Catalog | None = None) -> dict[str, Any]:
    """{"cost": {...}, "latency": {...}, "capacity": {...}} for those that could run; each the
    same dict the command prints with --json."""
    from genai_design_cli.calc import capacity as capacity_calc
    from genai_design_cli.calc import cost as cost_calc
    from genai_design_cli.calc import latency as latency_calc

    if catalog is None:
        try:
            catalog = Catalog.default()
        except CatalogError:
            catalog = Catalog()
    results: dict[str, Any] = {}
    input_tokens, output_tokens = _tokens(variables)
    model = _text(variables, "model")
    gpu_id = _text(variables, "gpu")
    qps = _number(variables, "qps")
    hosting = _text(variables, "model_hosting")
    gpus = _number(variables, "gpus")
    # bad figures are "skipped": input errors, and arithmetic that overflows or divides by 0
    errors = (CatalogError, ValueError, ArithmeticError)

    arch = gpu = None
    if model and gpu_id:
        try:
            arch = catalog.architecture(model)
            gpu = catalog.gpu(gpu_id)
        except errors:
            arch = gpu = None
    self_hosted = arch is not None and gpu is not None and hosting != "api"
    hosting_note = (
        f"A GPU ({gpu_id}) was answered but not the hosting: {model} is estimated self-hosted "
        "on it (cost, latency and capacity alike)."
        if self_hosted and hosting != "self-hosted"
        else None
    )
    queries_per_month = _number(variables, "queries_per_month")
    capacity_qps = qps
    if capacity_qps is None and queries_per_month is not None:
        capacity_qps = queries_per_month / capacity_calc.SECONDS_PER_MONTH

    # capacity: a self-hosted open-weight model on a known GPU, and the traffic
    if self_hosted and capacity_qps is not None:
        try:
            vs_prices = catalog.prices("gpt-4o-mini") if catalog.has_price("gpt-4o-mini") else None
            cap_inputs = capacity_calc.CapacityInputs(
                qps=capacity_qps,
                input_tokens=input_tokens if input_tokens is not None else 1000,
                output_tokens=output_tokens if output_tokens is not None else 250,
                tensor_parallel=int(gpus) if gpus and 1 <= gpus <= 64 else None,
            )
            try:
                results["capacity"] = capacity_calc.estimate(cap_inputs, arch, gpu, vs_prices)
            except capacity_calc.CapacityInputError as exc:
                if exc.flag != "--gpus":
                    raise
                # the answered GPUs per replica cannot hold the model: size it instead
                results["capacity"] = capacity_calc.estimate(
                    cap_inputs._replace(tensor_parallel=None), arch, gpu, vs_prices
                )
                results["capacity"]["assumptions"].append(
                    f"{gpus:g} GPU(s) per replica, as answered, cannot hold {model} or do not "
                    "split its heads evenly within one node; sized the tensor-parallel degree "
                    "instead."
                )
            if input_tokens is None or output_tokens is None:
                results["capacity"]["assumptions"].append(
                    "Tokens per query not answered: assumed 1,000 input and 250 output."
                )
        except errors:
            pass

    # cost: traffic plus an API price, or (self-hosted) a $/query from capacity
    if qps is not None or queries_per_month is not None:
        try:
            prices = None
            cost_per_query = None
            if not self_hosted and model and catalog.has_price(model):
                prices = catalog.prices(model)
            elif self_hosted and "capacity" in results:
                cap = results["capacity"]
                month_queries = cap["qps"] * capacity_calc.SECONDS_PER_MONTH
                if month_queries > 0:
                    cost_per_query = cap["cost_per_month"] / month_queries
            if prices is not None or cost_per_query is not None:
                cheap_prices = None
                cheap_model = _text(variables, "cheap_model")
                if cheap_model and prices is not None and catalog.has_price(cheap_model):
                    cheap_prices = catalog.prices(cheap_model)
                baseline = _number(variables, "baseline_cost_per_query")
                results["cost"] = cost_calc.estimate(
                    cost_calc.CostInputs(
                        qps=qps,
                        queries_per_month=queries_per_month,
                        input_tokens=input_tokens,
                        output_tokens=output_tokens,
                        cost_per_query=cost_per_query,
                        baseline_cost_per_query=(
                            baseline
                            if baseline is not None and baseline >= 0
                            else cost_calc.DEFAULT_BASELINE_COST_PER_QUERY
                        ),
                        llm_fraction=_fraction(variables, "llm_fraction", 1.0),
                        cache_hit_rate=_fraction(variables, "cache_hit_rate", 0.0),
                        cached_prefix_tokens=max(
                            _number(variables, "cached_prefix_tokens") or 0.0, 0.0
                        ),
                        cheap_fraction=(
                            _fraction(variables, "cheap_fraction", 0.0) if cheap_prices else 0.0
                        ),
                        budget_per_query=_number(variables, "budget_per_query"),
                        budget_per_month=_number(variables, "budget_per_month"),
                    ),
                    prices,
                    cheap_prices,
                )
                if cost_per_query is not None:
                    cost_result = results["cost"]
                    cost_result["model"] = model
                    cost_result["self_hosted"] = True
                    cost_result["assumptions"] = [
                        a for a in cost_result["assumptions"] if not a.startswith("LLM cost per")
                    ] + [
                        f"Self-hosted {model}: LLM cost per query = the GPU fleet's monthly "
                        "cost (see capacity) / queries per month = "
                        f"{format_dollars(cost_per_query)}."
                    ]
        except errors:
            pass

    # latency: a model with API figures, or self-hosted on a known GPU
    if model:
        try:
            api = None if self_hosted else catalog.api_latency(model)
            if self_hosted or api is not None:
                lat_inputs = latency_calc.LatencyInputs(
                    input_tokens=input_tokens if input_tokens is not None else 1000,
                    output_tokens=output_tokens if output_tokens is not None else 250,
                    retrieval_ms=max(_number(variables, "retrieval_ms") or 0.0, 0.0),
                    guardrail_ms=max(_number(variables, "guardrail_ms") or 0.0, 0.0),
                    streaming=_flag(variables, "streaming", True),
                    slo_ms=_positive(_number(variables, "p95_slo_ms")),
                    gpus=_latency_gpus(self_hosted, gpus, results.get("capacity")),
                )
                kwargs = {
                    "model": model,
                    "api": api,
                    "arch": arch if self_hosted else None,
                    "gpu": gpu if self_hosted else None,
                }
                try:
                    results["latency"] = latency_calc.estimate(lat_inputs, **kwargs)
                except latency_calc.LatencyInputError as exc:
                    if exc.flag != "--gpus":
                        raise
                    results["latency"] = latency_calc.estimate(
                        replace(lat_inputs, gpus=None), **kwargs
                    )
                if input_tokens is None or output_tokens is None:
                    results["latency"]["assumptions"].append(
                        "Tokens per query not answered: assumed 1,000 input and 250 output."
                    )
        except errors:
            pass
    if hosting_note:
        for result in results.values():
            result["assumptions"].append(hosting_note)
    return {name: results[name] for name in ("cost", "latency", "capacity") if name in results}


def _latency_gpus(self_hosted: bool, gpus: float | None, capacity: dict | None) -> int | None:
    """GPUs per replica for the latency estimate: the capacity plan's when there is one (so the
    two agree), else the answer, else None (the fewest that hold the model)."""
    if not self_hosted:
        return None
    if capacity is not None:
        return int(capacity["tensor_parallel"])
    return int(gpus) if gpus and 1 <= gpus <= 64 else None


def _positive(value: float | None) -> float | None:
    return value if value is not None and value > 0 else None

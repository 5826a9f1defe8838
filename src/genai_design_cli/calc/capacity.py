"""Capacity calculator: the GPU fleet that serves an open-weight model at a design's traffic:
memory per replica, tensor-parallel degree, batch, replicas for the peak at a target utilisation
(at least two, for availability), $/month, $ per 1M input and output tokens, and the break-even
QPS against a comparable hosted model. The arithmetic comes from calc/serving.py, the same
model `latency` uses; this module plans with it and says what it assumed. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from genai_design_cli.calc import serving as sv
from genai_design_cli.calc.catalog import Architecture, Gpu, Prices
from genai_design_cli.calc.constants import (
    BREAK_EVEN_BY_ACTIVE_PARAMS_B,
    DAYS_PER_MONTH,
    DEFAULT_MAX_BATCH,
    DEFAULT_MIN_REPLICAS,
    DEFAULT_UTILIZATION,
    HOURS_PER_MONTH,
    PEAK_TO_AVERAGE,
    SECONDS_PER_MONTH,
)
from genai_design_cli.calc.errors import CalcInputError
from genai_design_cli.calc.serving import (  # re-exported: the CLI and tests use them here
    ACTIVATION_ALLOWANCE_BYTES,
    BYTES_PER_PARAM,
    GIB,
    GPUS_PER_NODE,
    TP_DEGREES,
    default_kv_dtype,
    kv_bytes_per_token,
    tp_degrees,
    weights_bytes,
)

__all__ = [
    "ACTIVATION_ALLOWANCE_BYTES",
    "BYTES_PER_PARAM",
    "GPUS_PER_NODE",
    "TP_DEGREES",
    "CapacityInputError",
    "CapacityInputs",
    "break_even_candidates",
    "comparable_api_model",
    "default_kv_dtype",
    "estimate",
    "kv_bytes_per_token",
    "tp_degrees",
    "weights_bytes",
    "whole",
]


class CapacityInputError(CalcInputError):
    """Inputs that cannot give a capacity estimate; `field` names the input to fix."""


class CapacityInputs(NamedTuple):
    qps: float  # average QPS that reaches this model (cost and $/1M tokens use it)
    input_tokens: float = 1000
    output_tokens: float = 250
    dtype: str = "bf16"
    kv_dtype: str | None = None  # default: 16-bit, as vLLM (see serving.default_kv_dtype)
    context: float | None = None  # tokens per sequence the KV cache must hold; default in+out
    gpu_memory_utilization: float = 0.9  # vLLM's default share of GPU memory it may use
    tensor_parallel: int | None = None  # GPUs per replica, when fixed by the user
    peak_qps: float | None = None  # default: qps x PEAK_TO_AVERAGE
    utilization: float = DEFAULT_UTILIZATION  # share of a replica's throughput used at peak
    min_replicas: int = DEFAULT_MIN_REPLICAS
    tpot_slo_ms: float | None = None  # caps the batch so time per output token stays within
    max_batch: int = DEFAULT_MAX_BATCH  # the engine's cap on sequences decoded together


def whole(value: float) -> float | int:
    """An int when the value is whole (1000.0 -> 1000), so JSON shows token counts alike."""
    return int(value) if float(value).is_integer() else value


def break_even_candidates(arch: Architecture) -> tuple[str, ...]:
    """Hosted models to compare self-hosting `arch` with, by its active parameters (the table
    and its reasoning are in constants.BREAK_EVEN_BY_ACTIVE_PARAMS_B); the caller uses the
    first its catalog prices and has not retired."""
    for limit, models in BREAK_EVEN_BY_ACTIVE_PARAMS_B:
        if arch.active_params_b <= limit:
            return models
    return BREAK_EVEN_BY_ACTIVE_PARAMS_B[-1][1]


def comparable_api_model(arch: Architecture, catalog: Any) -> Prices | None:
    """The hosted model of `arch`'s class (break_even_candidates) that `catalog` (a Catalog)
    prices and has not retired, or None."""
    for model in break_even_candidates(arch):
        try:
            if catalog.has_price(model) and not catalog.is_retired(model):
                return catalog.prices(model)
        except ValueError:  # a broken entry of a user catalog: try the next
            continue
    return None


# --- inputs ---------------------------------------------------------------------------------


def _validate(inputs: CapacityInputs) -> None:
    for value, field in (
        (inputs.qps, "qps"),
        (inputs.peak_qps, "peak_qps"),
        (inputs.input_tokens, "input_tokens"),
        (inputs.output_tokens, "output_tokens"),
        (inputs.context, "context"),
        (inputs.gpu_memory_utilization, "gpu_memory_utilization"),
        (inputs.utilization, "utilization"),
        (inputs.tpot_slo_ms, "tpot_slo_ms"),
    ):
        if value is not None and not math.isfinite(value):
            raise CapacityInputError(f"must be a finite number (got {value})", field)
        if value is not None and value < 0:
            raise CapacityInputError(f"must not be negative (got {value:g})", field)
    for value, field in ((inputs.context, "context"), (inputs.tpot_slo_ms, "tpot_slo_ms")):
        if value is not None and value <= 0:
            raise CapacityInputError(f"must be positive (got {value:g})", field)
    for value, field in (
        (inputs.gpu_memory_utilization, "gpu_memory_utilization"),
        (inputs.utilization, "utilization"),
    ):
        if not 0 < value <= 1:
            raise CapacityInputError(f"must be above 0 and at most 1 (got {value:g})", field)
    if inputs.peak_qps is not None and inputs.peak_qps < inputs.qps:
        raise CapacityInputError(
            f"the peak ({inputs.peak_qps:g} QPS) must be at least the average ({inputs.qps:g} QPS)",
            "peak_qps",
        )
    for value, field, low in (
        (inputs.min_replicas, "min_replicas", 1),
        (inputs.max_batch, "max_batch", 1),
    ):
        if value != int(value) or value < low:
            raise CapacityInputError(f"must be a whole number, {low} or more (got {value})", field)
    if inputs.tensor_parallel is not None and not 1 <= inputs.tensor_parallel <= GPUS_PER_NODE:
        raise CapacityInputError(
            f"must be 1 to {GPUS_PER_NODE} GPUs per replica (one node; got "
            f"{inputs.tensor_parallel})",
            "gpus",
        )
    for dtype, field in ((inputs.dtype, "dtype"), (inputs.kv_dtype, "kv_dtype")):
        if dtype is not None and dtype not in BYTES_PER_PARAM:
            raise CapacityInputError(
                f"unknown dtype {dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}", field
            )


def _peak(inputs: CapacityInputs) -> float:
    return inputs.peak_qps if inputs.peak_qps is not None else inputs.qps * PEAK_TO_AVERAGE


def _context(inputs: CapacityInputs) -> float:
    if inputs.context is not None:
        return inputs.context
    return inputs.input_tokens + max(inputs.output_tokens, 1)


def _min_tp(replica: sv.Replica, inputs: CapacityInputs, context: float) -> int:
    tp = sv.fewest_gpus(replica, inputs.gpu_memory_utilization, context)
    if tp is None:
        raise CapacityInputError(
            sv.too_big_message(replica, inputs.gpu_memory_utilization, context), "gpu"
        )
    return tp


def _check_given_tp(replica: sv.Replica, tp: int, min_tp: int) -> None:
    arch = replica.arch
    degrees = tp_degrees(arch)
    if tp not in degrees:
        raise CapacityInputError(
            f"{tp} GPUs per replica do not split {arch.model}'s {arch.attention_heads} attention "
            f"heads and {arch.kv_heads} KV heads evenly; use one of "
            f"{', '.join(map(str, degrees))}",
            "gpus",
        )
    if tp < min_tp:
        raise CapacityInputError(
            f"{tp} x {replica.gpu.id} cannot hold the weights and one sequence's KV cache; at "
            f"least {min_tp} are needed",
            "gpus",
        )


# --- the plan: arithmetic only --------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One replica layout (tp GPUs) at the batch it runs, and the fleet it needs."""

    replica: sv.Replica
    max_sequences: int  # sequences of `context` tokens the KV cache holds
    batch: int  # sequences decoded together
    batch_limit: str  # "memory", "max_batch" or "tpot_slo"
    tpot_slo_met: bool | None  # None without a TPOT SLO
    fast: sv.Throughput
    slow: sv.Throughput
    replicas_low: int
    replicas_high: int
    replicas_by: dict[str, int]  # what sets the conservative count: throughput, in flight, ...

    @property
    def tp(self) -> int:
        return self.replica.tp


def _tpot_ms(replica: sv.Replica, inputs: CapacityInputs, batch: int, eff: sv.Efficiency) -> float:
    times = sv.request_times(replica, inputs.input_tokens, inputs.output_tokens, batch, eff)
    return times.tpot_s * 1000


def _largest_batch_within(
    replica: sv.Replica, inputs: CapacityInputs, most: int, eff: sv.Efficiency
) -> int:
    """The largest batch up to `most` whose TPOT at `eff` is within the SLO (0 if none): TPOT
    grows with the batch (each step reads every sequence's KV cache, more prompts land on the
    steps), so a bisection finds it."""
    slo = inputs.tpot_slo_ms
    assert slo is not None
    if _tpot_ms(replica, inputs, 1, eff) > slo:
        return 0
    low, high = 1, most
    while low < high:
        middle = (low + high + 1) // 2
        if _tpot_ms(replica, inputs, middle, eff) <= slo:
            low = middle
        else:
            high = middle - 1
    return low


def _batch(replica: sv.Replica, inputs: CapacityInputs, fits: int) -> tuple[int, str, bool | None]:
    """The batch a replica runs: what fits in its KV cache, capped by the engine's max batch,
    and by the TPOT SLO at the slow end. When even one request misses the SLO at the slow
    end, the largest batch within it at the fast end (the SLO then holds only if the engine
    runs near the fast end: not met), else batch 1."""
    batch, limit = (fits, "memory") if fits <= inputs.max_batch else (inputs.max_batch, "max_batch")
    batch = max(batch, 1)
    if inputs.tpot_slo_ms is None:
        return batch, limit, None
    if _tpot_ms(replica, inputs, batch, sv.SLOW) <= inputs.tpot_slo_ms:
        return batch, limit, True
    within = _largest_batch_within(replica, inputs, batch, sv.SLOW)
    if within:
        return within, "tpot_slo", True
    return max(_largest_batch_within(replica, inputs, batch, sv.FAST), 1), "tpot_slo", False


def _replicas(inputs: CapacityInputs, per: sv.Throughput, batch: int) -> dict[str, int]:
    """Replicas for the peak: enough throughput at the target utilisation, enough room for
    the requests in flight (Little's law: L = arrival rate x time in system, each replica
    holding `batch`), and never fewer than the availability floor."""
    peak = _peak(inputs)
    if peak <= 0:
        return {"availability": inputs.min_replicas}
    return {
        "throughput": math.ceil(peak / (per.requests_per_s * inputs.utilization) - 1e-9),
        "in_flight": math.ceil(peak * per.request_s / batch - 1e-9),
        "availability": inputs.min_replicas,
    }


def _plan(replica: sv.Replica, inputs: CapacityInputs, context: float) -> Plan:
    fits = sv.sequences_that_fit(replica, inputs.gpu_memory_utilization, context)
    batch, limit, slo_met = _batch(replica, inputs, fits)
    args = (replica, inputs.input_tokens, inputs.output_tokens, batch)
    fast = sv.replica_throughput(*args, sv.FAST)
    slow = sv.replica_throughput(*args, sv.SLOW)
    by = _replicas(inputs, slow, batch)
    return Plan(
        replica=replica,
        max_sequences=fits,
        batch=batch,
        batch_limit=limit,
        tpot_slo_met=slo_met,
        fast=fast,
        slow=slow,
        replicas_low=max(_replicas(inputs, fast, batch).values()),
        replicas_high=max(by.values()),
        replicas_by=by,
    )


def _choose(
    replica: sv.Replica, inputs: CapacityInputs, context: float, min_tp: int
) -> tuple[Plan, list[Plan]]:
    """The layout: the given degree, or of the valid degrees from the fewest GPUs that hold the
    model up to one node, the one that needs the fewest GPUs in total (a bigger group leaves
    more memory for KV cache and decodes faster, but pays more all-reduce), keeping the TPOT
    SLO when one is given."""
    if inputs.tensor_parallel is not None:
        _check_given_tp(replica, inputs.tensor_parallel, min_tp)
        plan = _plan(replica._replace(tp=inputs.tensor_parallel), inputs, context)
        return plan, [plan]
    degrees = [tp for tp in tp_degrees(replica.arch) if tp >= min_tp]
    candidates = [_plan(replica._replace(tp=tp), inputs, context) for tp in degrees]
    # a layout that keeps the TPOT SLO beats a cheaper one that does not
    return (
        min(candidates, key=lambda p: (p.tpot_slo_met is False, p.replicas_high * p.tp, p.tp)),
        candidates,
    )


def _check_finite(*values: float) -> None:
    """Absurd traffic (1e305 QPS) overflows to infinite dollars: an input error, not a result."""
    for value in values:
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an int beyond float range
            finite = False
        if not finite:
            raise CapacityInputError(
                "the figures are too large to compute (the fleet or its monthly cost "
                "overflows); give a realistic traffic and token count",
                "qps",
            )


class Money(NamedTuple):
    replica_month: float
    per_month: float
    per_month_range: tuple[float, float]
    per_million: dict[str, float] | None  # $ per 1M input / output / all tokens


def _money(plan: Plan, inputs: CapacityInputs) -> Money:
    """$/month for the fleet (always on, 720 h), and $ per 1M tokens at the AVERAGE traffic:
    the fleet is sized for the peak, so quiet hours are paid for too. Input and output tokens
    are charged by their share of the GPU time a request costs (prefill vs decode)."""
    gpu, tp = plan.replica.gpu, plan.tp
    replica_month = tp * gpu.price_per_hour * HOURS_PER_MONTH
    per_month = plan.replicas_high * replica_month
    low = plan.replicas_low * tp * gpu.price_per_hour_range[0] * HOURS_PER_MONTH
    high = plan.replicas_high * tp * gpu.price_per_hour_range[1] * HOURS_PER_MONTH
    input_month = inputs.qps * SECONDS_PER_MONTH * inputs.input_tokens
    output_month = inputs.qps * SECONDS_PER_MONTH * inputs.output_tokens
    _check_finite(per_month, high, input_month, output_month)
    per_million = None
    if input_month + output_month > 0:
        prefill, decode = sv.busy_shares(
            plan.replica, inputs.input_tokens, inputs.output_tokens, plan.batch, sv.SLOW
        )
        per_million = {
            "input": per_month * prefill / input_month * 1e6 if input_month else None,
            "output": per_month * decode / output_month * 1e6 if output_month else None,
            "all": per_month / (input_month + output_month) * 1e6,
        }
    return Money(replica_month, per_month, (low, high), per_million)


def api_cost_per_call(inputs: CapacityInputs, prices: Prices) -> float:
    tier = prices.for_prompt(inputs.input_tokens)
    return (inputs.input_tokens * tier.input + inputs.output_tokens * tier.output) / 1e6


def _break_even(
    inputs: CapacityInputs, plan: Plan, replica_month: float, api_call: float
) -> float | None:
    """Average QPS at which the API's bill reaches the fleet's cost.

    The fleet costs at least min_replicas x replica_month; each replica serves an average of
    (its requests/s x utilisation) / (peak/average) QPS. Below that traffic the fleet's cost is
    flat, so the bills cross at q* = min_replicas x replica_month / (api $/call x seconds a
    month). Past it both grow linearly, and they cross only if one replica costs less than the
    API bill for the traffic it serves; otherwise the API stays cheaper at every load (None)."""
    if api_call <= 0:
        return None
    ratio = _peak(inputs) / inputs.qps if inputs.qps > 0 else PEAK_TO_AVERAGE
    per_replica_average = plan.slow.requests_per_s * inputs.utilization / max(ratio, 1.0)
    if replica_month > api_call * SECONDS_PER_MONTH * per_replica_average:
        return None
    return inputs.min_replicas * replica_month / (api_call * SECONDS_PER_MONTH)


# --- the words ------------------------------------------------------------------------------


def _memory_notes(inputs: CapacityInputs, replica: sv.Replica, context: float) -> list[str]:
    arch, gpu = replica.arch, replica.gpu
    weight_note = ""
    if replica.dtype == "int4":
        weight_note = (
            " int4 weights carry a 16-bit scale and a 4-bit zero point per group of 128 "
            "(AWQ/GPTQ): 4.16 bits a weight."
        )
    if replica.dtype in ("fp8", "int8", "int4"):
        weight_note += (
            f" Token embeddings and the output head stay 16-bit ({arch.embedding_params_b:g}B "
            "parameters)."
            if arch.embedding_params_b
            else " The catalog gives no embedding size for this model, so all weights are "
            "counted at the quantised size (slightly optimistic)."
        )
    notes = [
        f"Weights in {replica.dtype} ({sv.bytes_per_weight(arch, replica.dtype):.3g} bytes a "
        f"weight on average), KV cache in {replica.kv_dtype}"
        + (
            " (16-bit unless --kv-dtype says otherwise, as in vLLM)."
            if inputs.kv_dtype is None
            else "."
        )
        + weight_note
        + " Memory in binary units (1 GiB = 2^30 bytes).",
        f"{gpu.id}: {gpu.memory_gib:,.1f} GiB per GPU as the driver reports it. vLLM's "
        f"gpu_memory_utilization ({inputs.gpu_memory_utilization:g}) caps what it uses; out of "
        f"that come the weights and an allowance of {ACTIVATION_ALLOWANCE_BYTES / GIB:g} GiB "
        "per GPU for the activation peak and CUDA graphs (assumed; vLLM measures its own at "
        "startup), and the KV cache gets the rest.",
        f"Each sequence holds {context:,.0f} tokens of KV cache (input + output unless --context)"
        + _kv_shape_note(arch, context)
        + ".",
    ]
    if arch.max_context and context > arch.max_context:
        notes.append(
            f"Warning: {context:,.0f} tokens exceed {arch.model}'s context window of "
            f"{arch.max_context:,} tokens (max_position_embeddings in its config.json)."
        )
    return notes


def _kv_shape_note(arch: Architecture, context: float) -> str:
    if arch.latent_attention:
        return (
            f"; latent attention caches {arch.kv_lora_rank} + {arch.qk_rope_head_dim} values "
            "per token and layer, and tensor parallelism cannot split it: every GPU holds the "
            "whole cache"
        )
    if arch.sliding_window and context > arch.sliding_window:
        layers = arch.sliding_window_layers or arch.layers
        return (
            f"; {layers} of {arch.layers} layers attend through a {arch.sliding_window:,}-token "
            "window and keep only that much"
        )
    return ""


def _layout_note(plan: Plan, inputs: CapacityInputs, min_tp: int) -> str:
    arch = plan.replica.arch
    if inputs.tensor_parallel is not None:
        return f"{plan.tp} GPUs per replica (tensor parallel), as given."
    degrees = ", ".join(map(str, tp_degrees(arch)))
    return (
        f"Tensor-parallel degree {plan.tp}: of the degrees within one {GPUS_PER_NODE}-GPU node "
        f"that split {arch.model}'s {arch.attention_heads} attention heads and {arch.kv_heads} "
        f"KV heads evenly ({degrees}), from {min_tp} (the fewest GPUs that hold the weights "
        "plus one full-context sequence) up, the one that needs the fewest GPUs in total at "
        "the peak."
    )


def _batch_note(plan: Plan, inputs: CapacityInputs) -> str:
    text = _batch_choice(plan, inputs)
    fast = _tpot_ms(plan.replica, inputs, plan.batch, sv.FAST)
    slow = _tpot_ms(plan.replica, inputs, plan.batch, sv.SLOW)
    text += (
        f" At that batch each answer streams at {fast:.0f}-{slow:.0f} ms per output token "
        f"({1000 / slow:.0f}-{1000 / fast:.0f} tokens/s)"
    )
    if inputs.tpot_slo_ms is None:
        text += "; --tpot-slo-ms caps the batch for faster tokens, at the cost of more replicas"
    return text + "."


def _batch_choice(plan: Plan, inputs: CapacityInputs) -> str:
    fits = f"{plan.max_sequences:,} sequences fit in the KV cache"
    if plan.batch_limit == "memory":
        text = f"Batch per replica: {plan.batch} sequences decoded together ({fits})."
    elif plan.batch_limit == "max_batch":
        text = (
            f"Batch per replica: {plan.batch} sequences decoded together ({fits}; capped at "
            f"{inputs.max_batch}, vLLM's default max_num_seqs unless --max-batch)."
        )
    elif plan.tpot_slo_met:
        text = (
            f"Batch per replica: {plan.batch} sequences, the most that keep the time per "
            f"output token within the {inputs.tpot_slo_ms:.3g} ms TPOT SLO at the slow end "
            f"({fits}): a bigger batch reads more KV cache per step."
        )
    else:
        slow = _tpot_ms(plan.replica, inputs, 1, sv.SLOW)
        fast = _tpot_ms(plan.replica, inputs, 1, sv.FAST)
        where = (
            f"planned at batch {plan.batch}, the most it allows at the fast end"
            if fast <= inputs.tpot_slo_ms
            else f"not even at the fast end ({fast:.0f} ms): planned at batch 1"
        )
        text = (
            f"The {inputs.tpot_slo_ms:.3g} ms TPOT SLO cannot be met even one request at a time "
            f"at the slow end ({slow:.0f} ms); {where}. Use a faster GPU, more GPUs per "
            "replica, fp8 weights or a smaller model."
        )
    return text


def _moe_note(plan: Plan) -> str | None:
    arch = plan.replica.arch
    if arch.active_params_b >= arch.params_b:
        return None
    if not arch.experts > arch.experts_per_token > 0:
        return (
            f"Mixture of experts: {arch.params_b:g}B parameters in memory, "
            f"{arch.active_params_b:g}B active per token; the catalog gives no expert counts, "
            "so a step reads only the active weights (optimistic at large batches)."
        )
    shared, routed = sv.expert_split(arch)
    share = sv.experts_touched(arch, plan.batch)
    return (
        f"Mixture of experts: all {arch.params_b:g}B parameters sit in memory. A decode step "
        f"reads the shared weights ({shared / 1e9:.3g}B) plus the experts its batch is routed "
        f"to: each token picks {arch.experts_per_token} of {arch.experts}, so a batch of B "
        f"touches 1 - (1 - {arch.experts_per_token}/{arch.experts})^B of the "
        f"{routed / 1e9:.3g}B expert parameters (routing assumed uniform): {share:.1%} at the "
        f"batch of {plan.batch}. Compute uses the {arch.active_params_b:g}B active parameters "
        "per token."
    )


def _speed_note(plan: Plan) -> str:
    replica = plan.replica
    gpu = replica.gpu
    fp8 = replica.dtype == "fp8" and gpu.fp8_tflops > 0
    link = sv.interconnect_gb_s(gpu)
    return (
        f"Per replica: {plan.slow.requests_per_s:.3g}-{plan.fast.requests_per_s:.3g} requests/s "
        f"at batch {plan.batch} (slow-fast end). Serving model (calc/serving.py, checked "
        "against the published measurements in benchmarks/fidelity): each decode step reads "
        f"the weights it touches and every sequence's KV cache at "
        f"{sv.SLOW.bandwidth:.0%}-{sv.FAST.bandwidth:.0%} of {gpu.bandwidth_gb_s:g} GB/s "
        f"per GPU; GEMMs and attention run at {sv.SLOW.compute:.0%}-{sv.FAST.compute:.0%} of "
        f"{gpu.bf16_tflops:g} dense BF16 TFLOPS"
        + (
            f", FP8 GEMMs {sv.SLOW.fp8_speedup:g}-{sv.FAST.fp8_speedup:g}x faster (measured, "
            "not the datasheet's 2x)"
            if fp8
            else (
                f" ({gpu.id} has no FP8 tensor cores: fp8 weights compute in BF16)"
                if replica.dtype == "fp8"
                else (
                    "; int8/int4 weight-only kernels compute in BF16"
                    if replica.dtype in ("int8", "int4")
                    else ""
                )
            )
        )
        + f"; {sv.FAST.pass_overhead_s * 1e3:g}-{sv.SLOW.pass_overhead_s * 1e3:g} ms of "
        "scheduling and sampling per step"
        + (
            f"; tensor parallelism adds 2 all-reduces per layer over {link:g} GB/s links "
            f"({sv.FAST.allreduce_latency_s * 1e6:g}-{sv.SLOW.allreduce_latency_s * 1e6:g} us "
            f"x log2({plan.tp}) each, plus their bytes)"
            if plan.tp > 1
            else ""
        )
        + ". A prompt's FLOPs ride on the decode steps (chunked prefill)."
    )


def _fleet_note(plan: Plan, inputs: CapacityInputs) -> str:
    peak = _peak(inputs)
    source = (
        "given"
        if inputs.peak_qps is not None
        else f"assumed {PEAK_TO_AVERAGE:g}x the average: give --peak-qps when you know it"
    )
    by = plan.replicas_by
    reasons = []
    if "throughput" in by:
        reasons.append(
            f"{by['throughput']} for {peak:,.3g} QPS at {inputs.utilization:.0%} of "
            f"{plan.slow.requests_per_s:.3g} requests/s each (the slow end)"
        )
        reasons.append(
            f"{by['in_flight']} to hold the requests in flight (Little's law: peak x "
            f"{plan.slow.request_s:.2g} s each, {plan.batch} per replica)"
        )
    reasons.append(f"at least {inputs.min_replicas} for availability")
    return (
        f"Replicas for the peak ({peak:,.3g} QPS, {source}), the most of: "
        + "; ".join(reasons)
        + f". {plan.replicas_high} replicas x {plan.tp} GPUs; the fast end needs "
        f"{plan.replicas_low}. Cost and $ per 1M tokens count the average "
        f"({inputs.qps:,.3g} QPS)."
    )


def _price_note(gpu: Gpu) -> str:
    return (
        f"GPU price: ${gpu.price_per_hour:g}/GPU-hour on demand ({gpu.price_source}, as of "
        f"{gpu.price_as_of}); a month is {DAYS_PER_MONTH} days = {HOURS_PER_MONTH} hours (the "
        "same month the traffic is counted over), replicas always on."
    )


def _per_million_note(plan: Plan, inputs: CapacityInputs) -> str:
    prefill, decode = sv.busy_shares(
        plan.replica, inputs.input_tokens, inputs.output_tokens, plan.batch, sv.SLOW
    )
    return (
        f"$ per 1M tokens: the fleet's month over the month's tokens at the average traffic; "
        f"input tokens carry the prefill's share of GPU time ({prefill:.0%}), output tokens "
        f"the decode's ({decode:.0%}), as an API prices them apart."
    )


@dataclass(frozen=True)
class Reference:
    """A published throughput run of a network in the catalog, to set a plan beside."""

    model: str  # catalog id of the same network
    gpu: str
    tp: int
    dtype: str
    input_tokens: float
    output_tokens: float
    requests_per_s: float
    what: str


# vLLM's nightly performance benchmark, throughput tests: 200 ShareGPT prompts sent at once,
# BF16, batch chosen by vLLM (buildkite.com/vllm/performance-benchmark/builds/9513, H200, and
# builds/9523, A100-SXM4-80GB; late Oct 2024; Llama 3 70B and 3.1 8B, the same networks as the
# catalog's). ShareGPT's sampled prompts average ~213 tokens in and ~214 out (the output/total
# token rates of the same suite's serving table).
VLLM_REFERENCES = (
    Reference("llama-3.1-70b", "h200", 4, "bf16", 213, 214, 9.75, "vLLM nightly, 4 x H200"),
    Reference("llama-3.1-70b", "a100-80gb", 4, "bf16", 213, 214, 4.79, "vLLM nightly, 4 x A100"),
    Reference("llama-3.1-8b", "h200", 1, "bf16", 213, 214, 21.8, "vLLM nightly, 1 x H200"),
    Reference("llama-3.1-8b", "a100-80gb", 1, "bf16", 213, 214, 11.1, "vLLM nightly, 1 x A100"),
)


def resolve_references(catalog: Any) -> list[tuple[Reference, Architecture, Gpu]]:
    """The published runs whose network and GPU the catalog has (`catalog`: a Catalog)."""
    found = []
    for ref in VLLM_REFERENCES:
        try:
            arch, gpu = catalog.architecture(ref.model), catalog.gpu(ref.gpu)
        except ValueError:  # a user catalog without them
            continue
        if arch is not None:
            found.append((ref, arch, gpu))
    return found


def same_network(a: Architecture, b: Architecture) -> bool:
    shape = ("layers", "hidden_size", "attention_heads", "kv_heads", "head_dim", "experts")
    return all(getattr(a, f) == getattr(b, f) for f in shape) and math.isclose(
        a.params_b, b.params_b, rel_tol=0.05
    )


def reference_note(
    replica: sv.Replica, references: list[tuple[Reference, Architecture, Gpu]]
) -> str | None:
    """The plan beside vLLM's published throughput for the same network, with this model's
    figure for that run."""
    lines, ratios = [], []
    for ref, ref_arch, ref_gpu in references:
        if not same_network(replica.arch, ref_arch):
            continue
        run = sv.Replica(ref_arch, ref_gpu, ref.dtype, default_kv_dtype(ref.dtype), ref.tp)
        tokens = ref.input_tokens + ref.output_tokens
        batch = max(1, min(sv.sequences_that_fit(run, 0.9, tokens), DEFAULT_MAX_BATCH))
        low, high = (
            sv.replica_throughput(run, ref.input_tokens, ref.output_tokens, batch, end)
            for end in (sv.SLOW, sv.FAST)
        )
        ratios += [
            low.requests_per_s / ref.requests_per_s,
            high.requests_per_s / ref.requests_per_s,
        ]
        lines.append(
            f"{ref.what}: {ref.requests_per_s:g} requests/s measured, "
            f"{low.requests_per_s:.3g}-{high.requests_per_s:.3g} by this model"
        )
    if not lines:
        return None
    return (
        "Beside vLLM's published throughput for this network (nightly benchmark, Oct 2024: 200 "
        "short ShareGPT requests, ~213 tokens in and ~214 out, sent at once, BF16): "
        + "; ".join(lines)
        + ". That run lasts until its longest answers finish, decoding almost alone, so it "
        f"measures {min(ratios):.1f}-{max(ratios):.1f}x less than this model's replica kept "
        "full, which is what this plan sizes; if your traffic comes in such bursts, size on the "
        "vLLM figure. The replica figures here hold TensorRT-LLM's and NVIDIA NIM's "
        "steady-state measurements of the same networks (benchmarks/fidelity)."
    )


# --- the calculator -------------------------------------------------------------------------


def estimate(
    inputs: CapacityInputs,
    arch: Architecture,
    gpu: Gpu,
    api_prices: Prices | None = None,
    *,
    references: list[tuple[Reference, Architecture, Gpu]] | None = None,
) -> dict[str, Any]:
    """The capacity result (the JSON `genai-design capacity --json` prints). `references`
    (resolve_references(catalog)) set the plan beside vLLM's published throughput."""
    _validate(inputs)
    kv_dtype = inputs.kv_dtype or default_kv_dtype(inputs.dtype)
    replica = sv.Replica(arch, gpu, inputs.dtype, kv_dtype, 1)
    context = _context(inputs)
    min_tp = _min_tp(replica, inputs, context)
    plan, _ = _choose(replica, inputs, context, min_tp)
    money = _money(plan, inputs)
    api_call = api_cost_per_call(inputs, api_prices) if api_prices is not None else None
    break_even = (
        _break_even(inputs, plan, money.replica_month, api_call) if api_call is not None else None
    )
    assumptions = _assumptions(inputs, plan, context, min_tp, api_prices, references)
    return _result(inputs, plan, context, min_tp, money, api_prices, api_call, break_even) | {
        "assumptions": assumptions,
        "sources": _sources(arch, gpu, api_prices),
    }


def _assumptions(
    inputs: CapacityInputs,
    plan: Plan,
    context: float,
    min_tp: int,
    api_prices: Prices | None,
    references: list[tuple[Reference, Architecture, Gpu]] | None,
) -> list[str]:
    notes = _memory_notes(inputs, plan.replica, context)
    notes.append(_layout_note(plan, inputs, min_tp))
    notes.append(_batch_note(plan, inputs))
    moe = _moe_note(plan)
    if moe:
        notes.append(moe)
    notes.append(_speed_note(plan))
    notes.append(_fleet_note(plan, inputs))
    notes.append(_price_note(plan.replica.gpu))
    notes.append(_per_million_note(plan, inputs))
    if api_prices is not None:
        notes.append(
            f"Break-even against {api_prices.model} at the same tokens (no caching): the "
            "average QPS where the API's monthly bill reaches the fleet's (at least "
            f"{inputs.min_replicas} replicas); null when the API stays cheaper at every load."
        )
    reference = reference_note(plan.replica, references or [])
    if reference:
        notes.append(reference)
    return notes


def _range(low: float, high: float, digits: int = 1) -> dict[str, float]:
    return {"low": round(low, digits), "high": round(high, digits)}


def _result(
    inputs: CapacityInputs,
    plan: Plan,
    context: float,
    min_tp: int,
    money: Money,
    api_prices: Prices | None,
    api_call: float | None,
    break_even: float | None,
) -> dict[str, Any]:
    replica = plan.replica
    arch, gpu = replica.arch, replica.gpu
    w_bytes = weights_bytes(arch, replica.dtype)
    times = [
        sv.request_times(replica, inputs.input_tokens, inputs.output_tokens, plan.batch, e)
        for e in (sv.FAST, sv.SLOW)
    ]
    peak = _peak(inputs)
    in_flight = peak * plan.slow.request_s / plan.replicas_high if plan.replicas_high else 0.0
    per_million = money.per_million
    return {
        "model": arch.model,
        "gpu": gpu.id,
        "qps": inputs.qps,
        "peak_qps": round(peak, 6),
        "peak_qps_given": inputs.peak_qps is not None,
        "utilization": inputs.utilization,
        "min_replicas": inputs.min_replicas,
        "dtype": replica.dtype,
        "kv_dtype": replica.kv_dtype,
        "context": whole(context),
        "gpu_memory_bytes": gpu.memory_bytes,
        "usable_bytes_per_gpu": round(sv.usable_bytes_per_gpu(gpu, inputs.gpu_memory_utilization)),
        "weights_bytes": round(w_bytes),
        "weights_gib": round(w_bytes / GIB, 2),
        "kv_bytes_per_token": round(kv_bytes_per_token(arch, replica.kv_dtype, context)),
        "kv_cache_bytes_available": round(
            sv.kv_budget_bytes(replica, inputs.gpu_memory_utilization)
        ),
        "decode_weight_bytes_per_step": round(
            sv.weight_bytes_read(arch, replica.dtype, plan.batch)
        ),
        "max_concurrent_sequences": plan.max_sequences,
        "tensor_parallel": plan.tp,
        "min_tensor_parallel": min_tp,
        "batch": plan.batch,
        "batch_limited_by": plan.batch_limit,
        "tpot_slo_ms": inputs.tpot_slo_ms,
        "tpot_slo_met": plan.tpot_slo_met,
        "ttft_ms": _range(times[0].ttft_s * 1000, times[1].ttft_s * 1000),
        "tpot_ms": _range(times[0].tpot_s * 1000, times[1].tpot_s * 1000),
        "decode_tokens_per_s_per_replica": _range(
            plan.slow.decode_tokens_per_s, plan.fast.decode_tokens_per_s
        ),
        "requests_per_s_per_replica": _range(plan.slow.requests_per_s, plan.fast.requests_per_s, 3),
        "requests_in_flight_per_replica": round(min(in_flight, plan.batch), 1),
        "replicas": plan.replicas_high,
        "replicas_range": {"low": plan.replicas_low, "high": plan.replicas_high},
        "replicas_by": plan.replicas_by,
        "gpus": plan.replicas_high * plan.tp,
        "cost_per_replica_month": round(money.replica_month, 2),
        "cost_per_month": round(money.per_month, 2),
        "cost_per_month_range": _range(*money.per_month_range, 2),
        "cost_per_million_tokens": (
            {k: (round(v, 4) if v is not None else None) for k, v in per_million.items()}
            if per_million is not None
            else None
        ),
        "vs_model": api_prices.model if api_prices else None,
        "api_cost_per_query": float(f"{api_call:.12g}") if api_call is not None else None,
        "break_even_qps": round(break_even, 4) if break_even is not None else None,
    }


def _sources(arch: Architecture, gpu: Gpu, api_prices: Prices | None) -> list[dict[str, str]]:
    sources = [
        {"model": arch.model, "as_of": arch.as_of, "source": arch.source},
        {"gpu": gpu.id, "as_of": gpu.spec_as_of, "source": gpu.spec_source},
        {"gpu_price": gpu.id, "as_of": gpu.price_as_of, "source": gpu.price_source},
    ]
    if api_prices:
        sources.append(
            {"model": api_prices.model, "as_of": api_prices.as_of, "source": api_prices.source}
        )
    return sources

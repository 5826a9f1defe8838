"""Capacity calculator: GPU memory, KV cache, tensor parallelism, replicas and $ for serving an
open-weight model yourself, and the break-even QPS against a hosted API. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from genai_design_cli.calc.catalog import Architecture, Gpu, Prices
from genai_design_cli.calc.constants import DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_MONTH
from genai_design_cli.calc.errors import CalcInputError

BYTES_PER_PARAM = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.5}
MAX_BATCH = 256  # vLLM's default max_num_seqs: sequences decoded together per step
GPUS_PER_NODE = 8  # one HGX/DGX node; tensor parallelism beyond it is not planned here
TP_DEGREES = (1, 2, 4, 8)  # tensor-parallel degrees within one node
GIB = 2**30
# vLLM's gpu_memory_utilization caps what it uses of each GPU; out of that come the weights,
# the activation peak of a forward pass (measured by vLLM at startup) and the CUDA graphs, and
# the KV cache gets the rest. Allowance for activations + CUDA graphs (+ non-torch memory) per
# GPU: an assumption (vLLM logs ~1-1.5 GiB activation peak for 7B-70B models and ~0.5 GiB of
# CUDA graphs), stated in every result.
ACTIVATION_ALLOWANCE_BYTES = 2 * GIB

# Utilisation ranges (fraction of the datasheet peak a real server reaches). They are
# assumptions, stated in every result: decode reaches 50-80% of memory bandwidth in vLLM/TGI
# measurements; prefill reaches 30-60% of peak tensor FLOPS (model FLOPs utilisation).
BANDWIDTH_UTILISATION = (0.5, 0.8)
COMPUTE_UTILISATION = (0.3, 0.6)


class CapacityInputError(CalcInputError):
    """Inputs that cannot give a capacity estimate; `field` names the input to fix."""


class CapacityInputs(NamedTuple):
    qps: float
    input_tokens: float = 1000
    output_tokens: float = 250
    dtype: str = "bf16"
    kv_dtype: str | None = None  # default: the weights' dtype for 16/8-bit floats, else bf16
    context: float | None = None  # tokens per sequence the KV cache must hold; default in+out
    gpu_memory_utilization: float = 0.9  # vLLM's default share of GPU memory it may use
    tensor_parallel: int | None = None  # GPUs per replica, when fixed by the user


# --- formulas -------------------------------------------------------------------------------


def bytes_per_param(dtype: str) -> float:
    try:
        return BYTES_PER_PARAM[dtype]
    except KeyError:
        raise CapacityInputError(
            f"unknown dtype {dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}", "dtype"
        ) from None


def weights_bytes(arch: Architecture, dtype: str) -> float:
    """Weight memory = parameters x bytes per parameter (all experts of a mixture-of-experts
    model must be resident, so total, not active, parameters)."""
    return arch.params_b * 1e9 * bytes_per_param(dtype)


def kv_bytes_per_token(arch: Architecture, kv_dtype: str) -> float:
    """KV cache bytes per token = 2 (K and V) x layers x kv_heads x head_dim x bytes.

    Source: Kwon et al. 2023, "Efficient Memory Management for Large Language Model Serving
    with PagedAttention" (vLLM), section 2; with grouped-query attention (Ainslie et al. 2023)
    only the kv_heads (num_key_value_heads in config.json) are cached, not all attention heads.
    """
    return 2 * arch.layers * arch.kv_heads * arch.head_dim * bytes_per_param(kv_dtype)


def prefill_flops(arch: Architecture, input_tokens: float) -> float:
    """Forward-pass FLOPs ~= 2 x (active) parameters x tokens (Kaplan et al. 2020, "Scaling
    Laws for Neural Language Models", section 2.1: C_forward ~= 2N per token)."""
    return 2 * arch.active_params_b * 1e9 * input_tokens


def expert_split(arch: Architecture) -> tuple[float, float]:
    """(shared, routed-expert) parameters of a mixture-of-experts model, from its total and
    active counts: total = shared + E x e and active = shared + k x e, so
    e = (total - active) / (E - k). A dense model is all shared."""
    experts, per_token = arch.experts, arch.experts_per_token
    if experts > per_token > 0 and arch.params_b > arch.active_params_b:
        per_expert = (arch.params_b - arch.active_params_b) / (experts - per_token) * 1e9
        return arch.params_b * 1e9 - experts * per_expert, experts * per_expert
    return arch.active_params_b * 1e9, 0.0


def experts_touched(arch: Architecture, batch: float) -> float:
    """Share of a layer's routed experts that a decode step of `batch` tokens reads: each token
    picks k of E experts, so an expert is missed by one token with probability 1 - k/E and by
    the whole batch with (1 - k/E)^batch (routing assumed uniform and independent)."""
    if arch.experts <= 0 or arch.experts_per_token <= 0:
        return 0.0
    return 1 - (1 - arch.experts_per_token / arch.experts) ** max(batch, 1)


def decode_weight_bytes(arch: Architecture, dtype: str, batch: float) -> float:
    """Weight bytes one decode step reads. Dense: all weights. Mixture of experts: the shared
    (non-expert) weights plus the routed experts the batch touches,
    shared + experts x (1 - (1 - k/E)^batch); at batch 1 that is the active parameters, at
    large batches nearly all of them (Mixtral at batch 256 reads all 8 experts)."""
    shared, routed = expert_split(arch)
    if routed == 0:
        return arch.active_params_b * 1e9 * bytes_per_param(dtype)
    return (shared + routed * experts_touched(arch, batch)) * bytes_per_param(dtype)


def decode_step_bytes(
    arch: Architecture, dtype: str, kv_dtype: str, batch: float, context_tokens: float
) -> float:
    """Bytes read from GPU memory per decode step: the weights the step uses (see
    decode_weight_bytes), plus the KV cache of every sequence in the batch. Decode is
    memory-bandwidth-bound at small and medium batches (Pope et al. 2022, "Efficiently Scaling
    Transformer Inference", section 2)."""
    weights = decode_weight_bytes(arch, dtype, batch)
    return weights + batch * context_tokens * kv_bytes_per_token(arch, kv_dtype)


def usable_bytes_per_gpu(gpu: Gpu, memory_util: float) -> float:
    """What one GPU holds for weights and KV cache: its memory x gpu_memory_utilization, less
    the activation/CUDA-graph allowance."""
    return max(gpu.memory_bytes * memory_util - ACTIVATION_ALLOWANCE_BYTES, 0.0)


def tp_degrees(arch: Architecture | None) -> tuple[int, ...]:
    """Tensor-parallel degrees within one node that split the model's heads evenly: the degree
    must divide the attention heads and the KV heads (qwen2.5-7b: 28 heads, 4 KV heads ->
    1, 2, 4). vLLM can replicate KV heads when the degree exceeds them; not modelled."""
    if arch is None:
        return TP_DEGREES
    return tuple(
        tp for tp in TP_DEGREES if arch.attention_heads % tp == 0 and arch.kv_heads % tp == 0
    )


def tensor_parallel_needed(
    weight_bytes: float,
    kv_per_token: float,
    context: float,
    gpu: Gpu,
    memory_util: float,
    arch: Architecture | None = None,
) -> int:
    """Smallest tensor-parallel degree within one 8-GPU node (and that divides the heads) whose
    usable memory holds the weights plus the KV cache of at least one full-context sequence.
    Raises CapacityInputError (on --gpu) when even a whole node cannot hold it."""
    need = weight_bytes + kv_per_token * context
    degrees = tp_degrees(arch)
    per_gpu = usable_bytes_per_gpu(gpu, memory_util)
    for tp in degrees:
        if tp * per_gpu >= need:
            return tp
    name = arch.model if arch is not None else "the model"
    most = degrees[-1] if degrees else 1
    limit = (
        f"one {GPUS_PER_NODE}-GPU node of {gpu.id}"
        if most == GPUS_PER_NODE
        else f"{most} x {gpu.id} (the most GPUs its {arch.attention_heads if arch else 0} "
        f"attention heads and {arch.kv_heads if arch else 0} KV heads split evenly over)"
    )
    raise CapacityInputError(
        f"{name} does not fit {limit} at {context:,.0f} tokens per sequence: the weights "
        f"({weight_bytes / GIB:,.1f} GiB) plus one sequence's KV cache "
        f"({kv_per_token * context / GIB:,.1f} GiB) need more than the "
        f"{most} x {per_gpu / GIB:,.1f} GiB usable. Use a GPU with more memory (e.g. h200), "
        "lower precision (--dtype fp8 or int4), or a shorter context (--context)",
        "gpu",
    )


def default_kv_dtype(dtype: str) -> str:
    return dtype if dtype in ("fp16", "bf16", "fp8") else "bf16"


def whole(value: float) -> float | int:
    """An int when the value is whole (1000.0 -> 1000), so JSON shows token counts alike."""
    return int(value) if float(value).is_integer() else value


# --- the calculator -------------------------------------------------------------------------


def _validate(inputs: CapacityInputs) -> None:
    for value, flag in (
        (inputs.qps, "qps"),
        (inputs.input_tokens, "input_tokens"),
        (inputs.output_tokens, "output_tokens"),
        (inputs.context, "context"),
        (inputs.gpu_memory_utilization, "gpu_memory_utilization"),
    ):
        if value is not None and not math.isfinite(value):
            raise CapacityInputError(f"must be a finite number (got {value})", flag)
        if value is not None and value < 0:
            raise CapacityInputError(f"must not be negative (got {value:g})", flag)
    if inputs.context is not None and inputs.context <= 0:
        raise CapacityInputError(f"must be positive (got {inputs.context:g})", "context")
    if not 0 < inputs.gpu_memory_utilization <= 1:
        raise CapacityInputError(
            f"must be above 0 and at most 1 (got {inputs.gpu_memory_utilization:g})",
            "gpu_memory_utilization",
        )
    if inputs.tensor_parallel is not None and not 1 <= inputs.tensor_parallel <= GPUS_PER_NODE:
        raise CapacityInputError(
            f"must be 1 to {GPUS_PER_NODE} GPUs per replica (one node; got "
            f"{inputs.tensor_parallel})",
            "gpus",
        )
    bytes_per_param(inputs.dtype)
    if inputs.kv_dtype is not None and inputs.kv_dtype not in BYTES_PER_PARAM:
        raise CapacityInputError(
            f"unknown dtype {inputs.kv_dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}",
            "kv_dtype",
        )


def estimate(
    inputs: CapacityInputs,
    arch: Architecture,
    gpu: Gpu,
    api_prices: Prices | None = None,
) -> dict[str, Any]:
    """The capacity result (the JSON `genai-design capacity --json` prints)."""
    _validate(inputs)
    kv_dtype = inputs.kv_dtype or default_kv_dtype(inputs.dtype)
    context = (
        inputs.context
        if inputs.context is not None
        else inputs.input_tokens + max(inputs.output_tokens, 1)
    )
    w_bytes = weights_bytes(arch, inputs.dtype)
    kv_token = kv_bytes_per_token(arch, kv_dtype)
    per_gpu = usable_bytes_per_gpu(gpu, inputs.gpu_memory_utilization)
    assumptions = [
        f"Weights in {inputs.dtype} ({bytes_per_param(inputs.dtype):g} bytes/parameter), "
        f"KV cache in {kv_dtype}. Memory in binary units (1 GiB = 2^30 bytes).",
        f"{gpu.id}: {gpu.memory_gib:,.1f} GiB per GPU as the driver reports it. vLLM's "
        f"gpu_memory_utilization ({inputs.gpu_memory_utilization:g}) caps what it uses; out of "
        f"that come the weights and an allowance of {ACTIVATION_ALLOWANCE_BYTES / GIB:g} GiB "
        "per GPU for the activation peak and CUDA graphs (assumed; vLLM measures its own at "
        "startup), and the KV cache gets the rest.",
        f"Each sequence holds {context:,.0f} tokens of KV cache (input + output unless --context).",
    ]
    if arch.max_context and context > arch.max_context:
        assumptions.append(
            f"Warning: {context:,.0f} tokens exceed {arch.model}'s context window of "
            f"{arch.max_context:,} tokens (max_position_embeddings in its config.json)."
        )

    degrees = tp_degrees(arch)
    min_tp = tensor_parallel_needed(
        w_bytes, kv_token, context, gpu, inputs.gpu_memory_utilization, arch
    )
    if inputs.tensor_parallel is not None:
        if inputs.tensor_parallel not in degrees:
            raise CapacityInputError(
                f"{inputs.tensor_parallel} GPUs per replica do not split {arch.model}'s "
                f"{arch.attention_heads} attention heads and {arch.kv_heads} KV heads evenly; "
                f"use one of {', '.join(map(str, degrees))}",
                "gpus",
            )
        if inputs.tensor_parallel < min_tp:
            raise CapacityInputError(
                f"{inputs.tensor_parallel} x {gpu.id} cannot hold the weights and one "
                f"sequence's KV cache; at least {min_tp} are needed",
                "gpus",
            )
        plan = _plan(inputs, arch, gpu, kv_dtype, context, inputs.tensor_parallel)
        assumptions.append(f"{plan.tp} GPUs per replica (tensor parallel), as given.")
    else:
        # the fewest GPUs that fit is not always the cheapest: a bigger TP group leaves more
        # memory for KV cache, so a bigger batch; try each valid degree up to one 8-GPU node
        candidates = [
            _plan(inputs, arch, gpu, kv_dtype, context, tp) for tp in degrees if tp >= min_tp
        ]
        plan = min(candidates, key=lambda p: (p.replicas_high * p.tp, p.tp))
        assumptions.append(
            f"Tensor-parallel degree {plan.tp}: of the degrees within one {GPUS_PER_NODE}-GPU "
            f"node that split {arch.model}'s {arch.attention_heads} attention heads and "
            f"{arch.kv_heads} KV heads evenly ({', '.join(map(str, degrees))}), from {min_tp} "
            "(the fewest GPUs that hold the weights plus one full-context sequence) up, the "
            "one that needs the fewest GPUs in total for the QPS."
        )
    tp = plan.tp
    assumptions.append(
        f"Decode batch per replica: {plan.batch} sequences (what fits in the KV cache, capped "
        f"at vLLM's default max_num_seqs of {MAX_BATCH})."
    )
    step_weights = decode_weight_bytes(arch, inputs.dtype, plan.batch)
    if arch.active_params_b < arch.params_b:
        if arch.experts > arch.experts_per_token > 0:
            shared, routed = expert_split(arch)
            share = experts_touched(arch, plan.batch)
            assumptions.append(
                f"Mixture of experts: all {arch.params_b:g}B parameters sit in memory. A decode "
                f"step reads the shared weights ({shared / 1e9:.3g}B parameters) plus the "
                f"experts its batch is routed to: each token picks {arch.experts_per_token} of "
                f"{arch.experts}, so a batch of B tokens touches a share 1 - (1 - "
                f"{arch.experts_per_token}/{arch.experts})^B of the {routed / 1e9:.3g}B expert "
                f"parameters (routing assumed uniform and independent): {share:.1%} at the "
                f"batch of {plan.batch}, {(shared + routed * share) / 1e9:.3g}B parameters per "
                f"step ({arch.active_params_b:g}B, the active parameters, at batch 1). Compute "
                f"uses the {arch.active_params_b:g}B active parameters per token."
            )
        else:
            assumptions.append(
                f"Mixture of experts: {arch.params_b:g}B parameters in memory, "
                f"{arch.active_params_b:g}B active per token; the catalog gives no expert "
                "counts, so decode reads only the active weights (optimistic at large batches, "
                "which touch more experts)."
            )
    compute_kind = "FP8" if inputs.dtype == "fp8" and gpu.fp8_tflops > 0 else "BF16"
    assumptions.append(
        f"Decode uses {BANDWIDTH_UTILISATION[0]:.0%}-{BANDWIDTH_UTILISATION[1]:.0%} of memory "
        f"bandwidth, prefill {COMPUTE_UTILISATION[0]:.0%}-{COMPUTE_UTILISATION[1]:.0%} of dense "
        f"{compute_kind} tensor FLOPS ({gpu.tflops(inputs.dtype):g} TFLOPS per GPU"
        + (
            "; int8/int4 weights are assumed to run BF16 compute (weight-only kernels)"
            if inputs.dtype in ("int8", "int4")
            else ""
        )
        + (
            f"; {gpu.id} has no FP8 tensor cores, so fp8 weights compute in BF16"
            if inputs.dtype == "fp8" and compute_kind == "BF16"
            else ""
        )
        + "); tensor-parallel communication is folded into these ranges."
    )
    fast, slow = plan.fast, plan.slow
    replicas_low, replicas_high = plan.replicas_low, plan.replicas_high
    replicas = replicas_high  # plan for the conservative end
    gpus = replicas * tp
    replica_month = tp * gpu.price_per_hour * HOURS_PER_MONTH
    cost_per_month = gpus * gpu.price_per_hour * HOURS_PER_MONTH
    output_tokens_month = inputs.qps * SECONDS_PER_MONTH * inputs.output_tokens
    _check_finite(gpus, cost_per_month, output_tokens_month)
    cost_per_million = (
        cost_per_month / output_tokens_month * 1e6 if output_tokens_month > 0 else None
    )
    assumptions.append(
        f"GPU price: ${gpu.price_per_hour:g}/GPU-hour on demand ({gpu.price_source}, as of "
        f"{gpu.price_as_of}); a month is {DAYS_PER_MONTH} days = {HOURS_PER_MONTH} hours (the "
        "same month the traffic is counted over), replicas always on."
    )
    assumptions.append(
        "Replicas: enough for the QPS at the slow end of the utilisation range (throughput), "
        "and for the requests in flight by Little's law (L = QPS x end-to-end time)."
    )
    batch = plan.batch
    max_sequences = plan.max_sequences
    kv_budget = plan.kv_budget

    break_even, api_per_query = _break_even(
        inputs, api_prices, replica_month, slow["requests_per_s"]
    )
    if api_prices is not None:
        assumptions.append(
            f"Break-even against {api_prices.model} at the same tokens (no caching): the QPS "
            "where the API's monthly bill reaches one replica's; null when the API stays "
            "cheaper even with every replica fully used."
        )

    rounded = {
        "low": round(slow["requests_per_s"], 3),
        "high": round(fast["requests_per_s"], 3),
    }
    return {
        "model": arch.model,
        "gpu": gpu.id,
        "qps": inputs.qps,
        "dtype": inputs.dtype,
        "kv_dtype": kv_dtype,
        "context": whole(context),
        "gpu_memory_bytes": gpu.memory_bytes,
        "usable_bytes_per_gpu": round(per_gpu),
        "weights_bytes": round(w_bytes),
        "weights_gib": round(w_bytes / GIB, 2),
        "kv_bytes_per_token": round(kv_token),
        "kv_cache_bytes_available": round(kv_budget),
        "decode_weight_bytes_per_step": round(step_weights),
        "max_concurrent_sequences": max_sequences,
        "tensor_parallel": tp,
        "min_tensor_parallel": min_tp,
        "batch": batch,
        "decode_tokens_per_s_per_replica": {
            "low": round(slow["decode_tokens_per_s"], 1),
            "high": round(fast["decode_tokens_per_s"], 1),
        },
        "requests_per_s_per_replica": rounded,
        "replicas": replicas,
        "replicas_range": {"low": replicas_low, "high": replicas_high},
        "gpus": gpus,
        "cost_per_replica_month": round(replica_month, 2),
        "cost_per_month": round(cost_per_month, 2),
        "cost_per_month_range": {
            "low": round(replicas_low * tp * gpu.price_per_hour_range[0] * HOURS_PER_MONTH, 2),
            "high": round(replicas_high * tp * gpu.price_per_hour_range[1] * HOURS_PER_MONTH, 2),
        },
        "cost_per_million_tokens": (
            round(cost_per_million, 4) if cost_per_million is not None else None
        ),
        "vs_model": api_prices.model if api_prices else None,
        "api_cost_per_query": api_per_query,
        "break_even_qps": break_even,
        "assumptions": assumptions,
        "sources": [
            {"model": arch.model, "as_of": arch.as_of, "source": arch.source},
            {"gpu": gpu.id, "as_of": gpu.spec_as_of, "source": gpu.spec_source},
            {"gpu_price": gpu.id, "as_of": gpu.price_as_of, "source": gpu.price_source},
        ]
        + (
            [{"model": api_prices.model, "as_of": api_prices.as_of, "source": api_prices.source}]
            if api_prices
            else []
        ),
    }


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


@dataclass(frozen=True)
class _Plan:
    tp: int
    kv_budget: float
    max_sequences: int
    batch: int
    fast: dict[str, float]
    slow: dict[str, float]
    replicas_low: int
    replicas_high: int


def _plan(
    inputs: CapacityInputs,
    arch: Architecture,
    gpu: Gpu,
    kv_dtype: str,
    context: float,
    tp: int,
) -> _Plan:
    """Throughput and replicas of one replica layout (tp GPUs)."""
    w_bytes = weights_bytes(arch, inputs.dtype)
    usable = tp * usable_bytes_per_gpu(gpu, inputs.gpu_memory_utilization)
    kv_budget = max(usable - w_bytes, 0.0)
    max_sequences = int(kv_budget / kv_bytes_per_token(arch, kv_dtype) // context)
    batch = max(1, min(max_sequences, MAX_BATCH))
    # KV read per step: each sequence's cache averages input + half the output
    avg_context = inputs.input_tokens + inputs.output_tokens / 2
    step_bytes = decode_step_bytes(arch, inputs.dtype, kv_dtype, batch, avg_context)
    # compute: each token only multiplies through its own (active) experts
    step_flops = 2 * arch.active_params_b * 1e9 * batch  # one token per sequence per step
    bandwidth = gpu.bandwidth_gb_s * 1e9 * tp
    compute = gpu.tflops(inputs.dtype) * 1e12 * tp

    def per_replica(bw_util: float, flop_util: float) -> dict[str, float]:
        # a decode step is bound by the slower of memory traffic and arithmetic
        step_s = max(step_bytes / (bandwidth * bw_util), step_flops / (compute * flop_util))
        decode_tps = batch / step_s
        prefill_s = prefill_flops(arch, inputs.input_tokens) / (compute * flop_util)
        # GPU-seconds one request costs: its prefill, plus its share of the batched decode
        request_s = prefill_s + inputs.output_tokens / decode_tps
        return {
            "decode_tokens_per_s": decode_tps,
            "requests_per_s": 1 / request_s if request_s > 0 else math.inf,
            "e2e_s": prefill_s + inputs.output_tokens * step_s,
        }

    def replicas(per: dict[str, float]) -> int:
        if inputs.qps == 0:
            return 1
        by_throughput = math.ceil(inputs.qps / per["requests_per_s"])
        # Little's law: requests in flight L = arrival rate x time in system (L = lambda W)
        by_concurrency = math.ceil(inputs.qps * per["e2e_s"] / batch)
        return max(1, by_throughput, by_concurrency)

    fast = per_replica(BANDWIDTH_UTILISATION[1], COMPUTE_UTILISATION[1])
    slow = per_replica(BANDWIDTH_UTILISATION[0], COMPUTE_UTILISATION[0])
    return _Plan(tp, kv_budget, max_sequences, batch, fast, slow, replicas(fast), replicas(slow))


def _break_even(
    inputs: CapacityInputs,
    api_prices: Prices | None,
    replica_month: float,
    replica_requests_per_s: float,
) -> tuple[float | None, float | None]:
    """QPS at which the API's bill (linear in QPS) reaches the cost of self-hosting.

    Self-hosting costs `replica_month` per replica, each serving up to `replica_requests_per_s`.
    One replica breaks even at q* = replica_month / (api $/query x seconds per month); beyond
    one replica both bills grow at their marginal rates, so if q* exceeds what a replica serves,
    the API is cheaper at every load (return None).
    """
    if api_prices is None:
        return None, None
    api_call = (
        inputs.input_tokens * api_prices.input + inputs.output_tokens * api_prices.output
    ) / 1e6
    if api_call <= 0:
        return None, 0.0
    q_star = replica_month / (api_call * SECONDS_PER_MONTH)
    api_call = float(f"{api_call:.12g}")
    if q_star > replica_requests_per_s:
        return None, api_call
    return round(q_star, 4), api_call

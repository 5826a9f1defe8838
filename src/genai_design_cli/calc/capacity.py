"""Capacity calculator: GPU memory, KV cache, tensor parallelism, replicas and $ for serving an
open-weight model yourself, and the break-even QPS against a hosted API. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from genai_design_cli.calc.catalog import Architecture, Gpu, Prices

BYTES_PER_PARAM = {"fp32": 4.0, "fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.5}
HOURS_PER_MONTH = 730  # 8,760 h / 12: the convention of cloud price calculators
SECONDS_PER_MONTH = 86_400 * 30  # traffic month, as in the cost calculator
MAX_BATCH = 256  # vLLM's default max_num_seqs: sequences decoded together per step
MAX_TENSOR_PARALLEL = 64

# Utilisation ranges (fraction of the datasheet peak a real server reaches). They are
# assumptions, stated in every result: decode reaches 50-80% of memory bandwidth in vLLM/TGI
# measurements; prefill reaches 30-60% of peak tensor FLOPS (model FLOPs utilisation).
BANDWIDTH_UTILISATION = (0.5, 0.8)
COMPUTE_UTILISATION = (0.3, 0.6)


class CapacityInputError(ValueError):
    def __init__(self, message: str, flag: str):
        super().__init__(message)
        self.message = message
        self.flag = flag


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
            f"unknown dtype {dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}", "--dtype"
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


def decode_step_bytes(
    arch: Architecture, dtype: str, kv_dtype: str, batch: float, context_tokens: float
) -> float:
    """Bytes read from GPU memory per decode step: the (active) weights once, plus the KV cache
    of every sequence in the batch. Decode is memory-bandwidth-bound at small and medium
    batches (Pope et al. 2022, "Efficiently Scaling Transformer Inference", section 2)."""
    active_weights = arch.active_params_b * 1e9 * bytes_per_param(dtype)
    return active_weights + batch * context_tokens * kv_bytes_per_token(arch, kv_dtype)


def tensor_parallel_needed(
    weight_bytes: float, kv_per_token: float, context: float, gpu: Gpu, memory_util: float
) -> int:
    """Smallest power of two of GPUs whose usable memory holds the weights plus the KV cache of
    at least one full-context sequence (TP degrees are powers of two in vLLM/TGI practice)."""
    need = weight_bytes + kv_per_token * context
    tp = 1
    while tp * gpu.memory_gb * 1e9 * memory_util < need:
        tp *= 2
        if tp > MAX_TENSOR_PARALLEL:
            raise CapacityInputError(
                f"the model needs more than {MAX_TENSOR_PARALLEL} x {gpu.id} to fit; "
                "use a smaller dtype (--dtype int4) or a bigger GPU",
                "--gpu",
            )
    return tp


def default_kv_dtype(dtype: str) -> str:
    return dtype if dtype in ("fp16", "bf16", "fp8", "fp32") else "bf16"


# --- the calculator -------------------------------------------------------------------------


def _validate(inputs: CapacityInputs) -> None:
    for value, flag in (
        (inputs.qps, "--qps"),
        (inputs.input_tokens, "--input-tokens"),
        (inputs.output_tokens, "--output-tokens"),
    ):
        if value < 0:
            raise CapacityInputError(f"must not be negative (got {value:g})", flag)
    if inputs.context is not None and inputs.context <= 0:
        raise CapacityInputError(f"must be positive (got {inputs.context:g})", "--context")
    if not 0 < inputs.gpu_memory_utilization <= 1:
        raise CapacityInputError(
            f"must be above 0 and at most 1 (got {inputs.gpu_memory_utilization:g})",
            "--gpu-memory-utilization",
        )
    if inputs.tensor_parallel is not None and inputs.tensor_parallel < 1:
        raise CapacityInputError("must be at least 1", "--gpus")
    bytes_per_param(inputs.dtype)
    if inputs.kv_dtype is not None and inputs.kv_dtype not in BYTES_PER_PARAM:
        raise CapacityInputError(
            f"unknown dtype {inputs.kv_dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}",
            "--kv-dtype",
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
    assumptions = [
        f"Weights in {inputs.dtype} ({bytes_per_param(inputs.dtype):g} bytes/parameter), "
        f"KV cache in {kv_dtype}.",
        f"{inputs.gpu_memory_utilization:.0%} of each GPU's memory is usable (vLLM "
        "gpu_memory_utilization); activations and CUDA graphs come out of the rest.",
        f"Each sequence holds {context:g} tokens of KV cache (input + output unless --context).",
    ]
    if arch.max_context and context > arch.max_context:
        assumptions.append(
            f"Warning: {context:g} tokens exceed {arch.model}'s context window of "
            f"{arch.max_context:,} tokens (max_position_embeddings in its config.json)."
        )

    min_tp = tensor_parallel_needed(w_bytes, kv_token, context, gpu, inputs.gpu_memory_utilization)
    if inputs.tensor_parallel is not None:
        if inputs.tensor_parallel < min_tp:
            raise CapacityInputError(
                f"{inputs.tensor_parallel} x {gpu.id} cannot hold the weights and one "
                f"sequence's KV cache; at least {min_tp} are needed",
                "--gpus",
            )
        plan = _plan(inputs, arch, gpu, kv_dtype, context, inputs.tensor_parallel)
        assumptions.append(f"{plan.tp} GPUs per replica (tensor parallel), as given.")
    else:
        # the fewest GPUs that fit is not always the cheapest: a bigger TP group leaves more
        # memory for KV cache, so a bigger batch; try powers of two up to one 8-GPU node
        candidates = []
        tp = min_tp
        while tp <= max(8, min_tp):
            candidates.append(_plan(inputs, arch, gpu, kv_dtype, context, tp))
            tp *= 2
        plan = min(candidates, key=lambda p: (p.replicas_high * p.tp, p.tp))
        assumptions.append(
            f"Tensor-parallel degree {plan.tp}: of the powers of two from {min_tp} (the fewest "
            "GPUs that hold the weights plus one full-context sequence) up to 8, the one that "
            "needs the fewest GPUs in total for the QPS."
        )
    tp = plan.tp
    assumptions.append(
        f"Decode batch per replica: {plan.batch} sequences (what fits in the KV cache, capped "
        f"at vLLM's default max_num_seqs of {MAX_BATCH})."
    )
    if arch.active_params_b < arch.params_b:
        assumptions.append(
            f"Mixture of experts: {arch.params_b:g}B parameters in memory, "
            f"{arch.active_params_b:g}B active per token (decode reads only active experts' "
            "weights per token; large batches touch more experts, so the low end is optimistic)."
        )
    assumptions.append(
        f"Decode uses {BANDWIDTH_UTILISATION[0]:.0%}-{BANDWIDTH_UTILISATION[1]:.0%} of memory "
        f"bandwidth, prefill {COMPUTE_UTILISATION[0]:.0%}-{COMPUTE_UTILISATION[1]:.0%} of dense "
        "BF16 tensor FLOPS; tensor-parallel communication is folded into these ranges."
    )
    fast, slow = plan.fast, plan.slow
    replicas_low, replicas_high = plan.replicas_low, plan.replicas_high
    replicas = replicas_high  # plan for the conservative end
    gpus = replicas * tp
    replica_month = tp * gpu.price_per_hour * HOURS_PER_MONTH
    cost_per_month = gpus * gpu.price_per_hour * HOURS_PER_MONTH
    output_tokens_month = inputs.qps * SECONDS_PER_MONTH * inputs.output_tokens
    cost_per_million = (
        cost_per_month / output_tokens_month * 1e6 if output_tokens_month > 0 else None
    )
    assumptions.append(
        f"GPU price: ${gpu.price_per_hour:g}/GPU-hour on demand ({gpu.price_source}, as of "
        f"{gpu.price_as_of}); {HOURS_PER_MONTH} hours a month, replicas always on."
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
        "context": context,
        "weights_bytes": w_bytes,
        "weights_gb": round(w_bytes / 1e9, 2),
        "kv_bytes_per_token": kv_token,
        "kv_cache_bytes_available": kv_budget,
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
    usable = tp * gpu.memory_gb * 1e9 * inputs.gpu_memory_utilization
    kv_budget = max(usable - w_bytes, 0.0)
    max_sequences = int(kv_budget / kv_bytes_per_token(arch, kv_dtype) // context)
    batch = max(1, min(max_sequences, MAX_BATCH))
    # KV read per step: each sequence's cache averages input + half the output
    avg_context = inputs.input_tokens + inputs.output_tokens / 2
    step_bytes = decode_step_bytes(arch, inputs.dtype, kv_dtype, batch, avg_context)
    step_flops = 2 * arch.active_params_b * 1e9 * batch  # one token per sequence per step
    bandwidth = gpu.bandwidth_gb_s * 1e9 * tp
    compute = gpu.bf16_tflops * 1e12 * tp

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

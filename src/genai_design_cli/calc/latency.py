"""Latency calculator: time to first token, time per output token, end-to-end and perceived
latency (with and without streaming), as low-high ranges, and a verdict against an SLO. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from genai_design_cli.calc.capacity import (
    BANDWIDTH_UTILISATION,
    COMPUTE_UTILISATION,
    GPUS_PER_NODE,
    CapacityInputError,
    decode_step_bytes,
    decode_weight_bytes,
    default_kv_dtype,
    kv_bytes_per_token,
    prefill_flops,
    tensor_parallel_needed,
    tp_degrees,
    weights_bytes,
    whole,
)
from genai_design_cli.calc.catalog import ApiLatency, Architecture, Gpu
from genai_design_cli.calc.errors import CalcInputError

DEFAULT_NETWORK_MS = 50.0  # client <-> service round trip, same continent
SLO_NOTES = {
    "meets": "meets the SLO across the whole range",
    "at risk": "at risk: only the optimistic end is within the SLO",
    "misses": "misses the SLO even at the optimistic end",
}


class LatencyInputError(CalcInputError):
    """Inputs that cannot give a latency estimate; `field` names the input to fix."""


@dataclass(frozen=True)
class LatencyInputs:
    input_tokens: float = 1000
    output_tokens: float = 250
    retrieval_ms: float = 0.0
    guardrail_ms: float = 0.0  # one guardrail pass: run on the input, and again on the output
    network_ms: float = DEFAULT_NETWORK_MS
    streaming: bool = True
    slo_ms: float | None = None
    gpus: int | None = None  # GPUs per replica (tensor parallel) for a self-hosted model
    dtype: str = "bf16"


def _validate(inputs: LatencyInputs) -> None:
    for value, flag in (
        (inputs.input_tokens, "input_tokens"),
        (inputs.output_tokens, "output_tokens"),
        (inputs.retrieval_ms, "retrieval_ms"),
        (inputs.guardrail_ms, "guardrail_ms"),
        (inputs.network_ms, "network_ms"),
        (inputs.slo_ms, "slo_ms"),
    ):
        if value is not None and not math.isfinite(value):
            raise LatencyInputError(f"must be a finite number (got {value})", flag)
        if value is not None and value < 0:
            raise LatencyInputError(f"must not be negative (got {value:g})", flag)
    if inputs.slo_ms is not None and inputs.slo_ms <= 0:
        raise LatencyInputError(f"must be positive (got {inputs.slo_ms:g})", "slo_ms")
    if inputs.gpus is not None and not 1 <= inputs.gpus <= GPUS_PER_NODE:
        raise LatencyInputError(
            f"must be 1 to {GPUS_PER_NODE} GPUs per replica (one node; got {inputs.gpus})",
            "gpus",
        )


def _range(low: float, high: float) -> dict[str, float]:
    return {"low": round(low, 1), "high": round(high, 1)}


def self_hosted_token_times(
    inputs: LatencyInputs, arch: Architecture, gpu: Gpu
) -> tuple[dict[str, float], dict[str, float], int, list[str]]:
    """TTFT and TPOT ranges (ms) of one request on an otherwise idle replica (batch 1).

    TTFT: prefill is compute-bound: 2 x active params x input tokens FLOPs (Kaplan et al. 2020)
    over the GPUs' dense tensor FLOPS (FP8 for fp8 weights on GPUs that have FP8 tensor cores,
    else BF16) at 30-60% utilisation, but never faster than one read of the weights from memory.
    TPOT: decode is memory-bandwidth-bound: each step reads the active weights plus the
    sequence's KV cache (Pope et al. 2022; vLLM/PagedAttention paper) at 50-80% of bandwidth.
    """
    kv_dtype = default_kv_dtype(inputs.dtype)
    try:
        min_tp = tensor_parallel_needed(
            weights_bytes(arch, inputs.dtype),
            kv_bytes_per_token(arch, kv_dtype),
            inputs.input_tokens + inputs.output_tokens,
            gpu,
            0.9,
            arch,
        )
    except CapacityInputError as exc:
        raise LatencyInputError(exc.message, exc.field) from None
    tp = inputs.gpus or min_tp
    notes: list[str] = []
    degrees = tp_degrees(arch)
    if inputs.gpus and inputs.gpus not in degrees:
        raise LatencyInputError(
            f"{inputs.gpus} GPUs do not split {arch.model}'s {arch.attention_heads} attention "
            f"heads and {arch.kv_heads} KV heads evenly; use one of "
            f"{', '.join(map(str, degrees))}",
            "gpus",
        )
    if inputs.gpus and inputs.gpus < min_tp:
        raise LatencyInputError(
            f"{inputs.gpus} x {gpu.id} cannot hold {arch.model}; at least {min_tp} are needed",
            "gpus",
        )
    if not inputs.gpus:
        notes.append(f"{tp} x {gpu.id} per replica: the fewest that hold the weights.")
    tflops = gpu.tflops(inputs.dtype)
    compute = tflops * 1e12 * tp
    bandwidth = gpu.bandwidth_gb_s * 1e9 * tp
    flops = prefill_flops(arch, inputs.input_tokens)
    # prefill of one request: its tokens together touch more experts than one token does
    weights_read = decode_weight_bytes(arch, inputs.dtype, max(inputs.input_tokens, 1))
    ttft_low = (
        max(
            flops / (compute * COMPUTE_UTILISATION[1]),
            weights_read / (bandwidth * BANDWIDTH_UTILISATION[1]),
        )
        * 1000
    )
    ttft_high = (
        max(
            flops / (compute * COMPUTE_UTILISATION[0]),
            weights_read / (bandwidth * BANDWIDTH_UTILISATION[0]),
        )
        * 1000
    )
    # the KV cache read per step grows from input to input + output tokens: use the average
    avg_context = inputs.input_tokens + inputs.output_tokens / 2
    step_bytes = decode_step_bytes(arch, inputs.dtype, kv_dtype, 1, avg_context)
    tpot_low = step_bytes / (bandwidth * BANDWIDTH_UTILISATION[1]) * 1000
    tpot_high = step_bytes / (bandwidth * BANDWIDTH_UTILISATION[0]) * 1000
    notes.append(
        f"Self-hosted on {tp} x {gpu.name} in {inputs.dtype}: prefill at "
        f"{COMPUTE_UTILISATION[0]:.0%}-{COMPUTE_UTILISATION[1]:.0%} of {tflops:g} dense "
        f"{'FP8' if tflops != gpu.bf16_tflops else 'BF16'} tensor TFLOPS per GPU, decode at "
        f"{BANDWIDTH_UTILISATION[0]:.0%}-"
        f"{BANDWIDTH_UTILISATION[1]:.0%} of {gpu.bandwidth_gb_s:g} GB/s per GPU."
    )
    notes.append(
        "One request on an idle replica (batch 1, no queueing): under load, batching and "
        "queueing add to both figures."
    )
    return (
        {"low": ttft_low, "high": ttft_high},
        {"low": tpot_low, "high": tpot_high},
        tp,
        notes,
    )


def estimate(
    inputs: LatencyInputs,
    *,
    model: str,
    api: ApiLatency | None = None,
    arch: Architecture | None = None,
    gpu: Gpu | None = None,
) -> dict[str, Any]:
    """The latency result (the JSON `genai-design latency --json` prints).

    Self-hosted when `arch` and `gpu` are given, else the API's typical figures (`api`); an
    `arch` without a GPU only serves the context-window check.
    """
    _validate(inputs)
    assumptions: list[str] = []
    sources: list[dict[str, str]] = []
    tp: int | None = None
    if arch is not None and gpu is not None:
        ttft, tpot, tp, notes = self_hosted_token_times(inputs, arch, gpu)
        assumptions += notes
        sources.append({"model": arch.model, "as_of": arch.as_of, "source": arch.source})
        sources.append({"gpu": gpu.id, "as_of": gpu.spec_as_of, "source": gpu.spec_source})
        mode = "self-hosted"
    elif api is not None:
        ttft = {"low": api.ttft_ms[0], "high": api.ttft_ms[1]}
        # time per output token = 1 / decode speed; the fast end gives the low time
        tpot = {
            "low": 1000 / api.output_tokens_per_s[1],
            "high": 1000 / api.output_tokens_per_s[0],
        }
        assumptions.append(
            f"{model}: typical time to first token {api.ttft_ms[0]:g}-{api.ttft_ms[1]:g} ms and "
            f"{api.output_tokens_per_s[0]:g}-{api.output_tokens_per_s[1]:g} output tokens/s "
            f"(public benchmarks, as of {api.as_of}; they vary with load, region and prompt "
            "length)."
        )
        sources.append({"model": api.model, "as_of": api.as_of, "source": api.source})
        mode = "api"
    else:
        raise LatencyInputError(
            f"no latency figures for {model!r}: it has no typical API latency in the catalog; "
            "give --gpu to estimate it self-hosted",
            "gpu",
        )

    net = inputs.network_ms
    guard = inputs.guardrail_ms
    decode = {k: inputs.output_tokens * tpot[k] for k in ("low", "high")}
    # end-to-end (DESIGN.md): network + input guardrails + retrieval + TTFT + output tokens x
    # TPOT + output guardrails
    e2e = {k: net + guard + inputs.retrieval_ms + ttft[k] + decode[k] + guard for k in tpot}
    if inputs.streaming:
        # streaming: the user sees the first token; output checks run on the stream
        perceived = {k: net + guard + inputs.retrieval_ms + ttft[k] for k in ttft}
    else:
        perceived = dict(e2e)
    assumptions.append(
        f"Network {net:g} ms, retrieval {inputs.retrieval_ms:g} ms, guardrails {guard:g} ms on "
        "the input and again on the output."
    )
    assumptions.append(
        "Perceived latency: with streaming, network + input guardrails + retrieval + time to "
        "first token; without streaming, the whole end-to-end time."
        if inputs.streaming
        else "Perceived latency without streaming: the whole end-to-end time."
    )
    assumptions.append(
        "These are median (p50) estimates of one request; p95 under load is typically "
        "1.5-3x higher."
    )
    meets: bool | None = None
    verdict: str | None = None
    if inputs.slo_ms is not None:
        # the estimate is a p50 range and the SLO usually a p95: only the high (pessimistic)
        # end within the SLO counts as meeting it
        if perceived["high"] <= inputs.slo_ms:
            verdict = "meets"
        elif perceived["low"] <= inputs.slo_ms:
            verdict = "at risk"
        else:
            verdict = "misses"
        meets = verdict == "meets"
        assumptions.append(
            "SLO verdict: meets when the high (pessimistic) end of the perceived latency is "
            "within the SLO, misses when even the low end is above it, at risk in between; "
            "meets_slo is true only for meets. The range is a p50 estimate, so a p95 SLO "
            "needs headroom beyond it."
        )
    window = arch.max_context if arch is not None else 0
    if window and inputs.input_tokens + inputs.output_tokens > window:
        assumptions.append(
            f"Warning: {inputs.input_tokens + inputs.output_tokens:,.0f} tokens (input + "
            f"output) exceed {arch.model}'s context window of {window:,} tokens "
            "(max_position_embeddings in its config.json)."
        )
    result: dict[str, Any] = {
        "model": model,
        "mode": mode,
        "streaming": inputs.streaming,
        "input_tokens": whole(inputs.input_tokens),
        "output_tokens": whole(inputs.output_tokens),
        "ttft_ms": _range(ttft["low"], ttft["high"]),
        "tpot_ms": _range(tpot["low"], tpot["high"]),
        "decode_ms": _range(decode["low"], decode["high"]),
        "e2e_ms": _range(e2e["low"], e2e["high"]),
        "perceived_ms": _range(perceived["low"], perceived["high"]),
        "slo_ms": inputs.slo_ms,
        "meets_slo": meets,
        "slo_verdict": verdict,
        "slo_note": SLO_NOTES.get(verdict, "no SLO given"),
        "assumptions": assumptions,
        "sources": sources,
    }
    if gpu is not None and mode == "self-hosted":
        result["gpu"] = gpu.id
        result["gpus"] = tp
    return result

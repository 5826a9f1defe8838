"""Latency calculator: time to first token, time per output token, one LLM call, the whole
request through its pipeline (network, guardrails, retrieval, fixed stages, sequential LLM
calls), what the user perceives with and without streaming, and a verdict per SLO: the full
response (`slo_ms`) and the first token (`ttft_slo_ms`). Low-high ranges. Pure.

Self-hosted token times come from calc/serving.py (the model `capacity` plans with) at the
given concurrency; hosted APIs from the catalog's typical figures, with time to first token
growing with the prompt."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from genai_design_cli.calc import serving as sv
from genai_design_cli.calc.catalog import ApiLatency, Architecture, Gpu
from genai_design_cli.calc.constants import (
    API_PREFILL_MS_PER_1K_TOKENS,
    API_TTFT_REFERENCE_TOKENS,
    DEFAULT_INPUT_TOKENS,
    DEFAULT_OUTPUT_TOKENS,
    MAX_MS,
    MAX_TOKENS_PER_QUERY,
)
from genai_design_cli.calc.errors import CalcInputError, check_at_most

DEFAULT_NETWORK_MS = 50.0  # client <-> service round trip, same continent
MAX_LLM_CALLS = 100
MAX_CONCURRENCY = 100_000
VERDICTS = ("meets", "at risk", "misses")  # best to worst
SLO_NOTES = {
    "meets": "meets the SLO across the whole range",
    "at risk": "at risk: only the optimistic end is within the SLO",
    "misses": "misses the SLO even at the optimistic end",
}


class LatencyInputError(CalcInputError):
    """Inputs that cannot give a latency estimate; `field` names the input to fix."""


@dataclass(frozen=True)
class LatencyInputs:
    input_tokens: float = DEFAULT_INPUT_TOKENS
    output_tokens: float = DEFAULT_OUTPUT_TOKENS
    retrieval_ms: float = 0.0
    guardrail_ms: float = 0.0  # one guardrail pass: run on the input, and again on the output
    network_ms: float = DEFAULT_NETWORK_MS
    streaming: bool = True
    slo_ms: float | None = None  # the full response, end to end
    ttft_slo_ms: float | None = None  # the first token the user sees
    gpus: int | None = None  # GPUs per replica (tensor parallel) for a self-hosted model
    dtype: str = "bf16"
    kv_dtype: str | None = None  # default 16-bit, as in vLLM
    concurrency: int = 1  # requests decoding together on one replica (self-hosted)
    llm_calls: int = 1  # sequential LLM calls per request (a plan, then an answer, ...)
    pipeline_ms: float = 0.0  # fixed stages: speech-to-text, text-to-speech, tool calls


Range = dict[str, float]


def _validate(inputs: LatencyInputs) -> None:
    for value, field in (
        (inputs.input_tokens, "input_tokens"),
        (inputs.output_tokens, "output_tokens"),
        (inputs.retrieval_ms, "retrieval_ms"),
        (inputs.guardrail_ms, "guardrail_ms"),
        (inputs.network_ms, "network_ms"),
        (inputs.pipeline_ms, "pipeline_ms"),
        (inputs.slo_ms, "slo_ms"),
        (inputs.ttft_slo_ms, "ttft_slo_ms"),
    ):
        if value is not None and not math.isfinite(value):
            raise LatencyInputError(f"must be a finite number (got {value})", field)
        if value is not None and value < 0:
            raise LatencyInputError(f"must not be negative (got {value:g})", field)
    for value, field, most, what in (
        (inputs.input_tokens, "input_tokens", MAX_TOKENS_PER_QUERY, "prompt, in tokens"),
        (inputs.output_tokens, "output_tokens", MAX_TOKENS_PER_QUERY, "answer, in tokens"),
        (inputs.retrieval_ms, "retrieval_ms", MAX_MS, "stage, in ms"),
        (inputs.guardrail_ms, "guardrail_ms", MAX_MS, "stage, in ms"),
        (inputs.network_ms, "network_ms", MAX_MS, "round trip, in ms"),
        (inputs.pipeline_ms, "pipeline_ms", MAX_MS, "pipeline, in ms"),
    ):
        check_at_most(value, most, field, what, LatencyInputError)
    for value, field in ((inputs.slo_ms, "slo_ms"), (inputs.ttft_slo_ms, "ttft_slo_ms")):
        if value is not None and value <= 0:
            raise LatencyInputError(f"must be positive (got {value:g})", field)
    for value, field, most in (
        (inputs.concurrency, "concurrency", MAX_CONCURRENCY),
        (inputs.llm_calls, "llm_calls", MAX_LLM_CALLS),
    ):
        if value != int(value) or not 1 <= value <= most:
            raise LatencyInputError(
                f"must be a whole number from 1 to {most:,} (got {value})", field
            )
    if inputs.gpus is not None and not 1 <= inputs.gpus <= sv.GPUS_PER_NODE:
        raise LatencyInputError(
            f"must be 1 to {sv.GPUS_PER_NODE} GPUs per replica (one node; got {inputs.gpus})",
            "gpus",
        )
    for dtype, field in ((inputs.dtype, "dtype"), (inputs.kv_dtype, "kv_dtype")):
        if dtype is not None and dtype not in sv.BYTES_PER_PARAM:
            raise LatencyInputError(
                f"unknown dtype {dtype!r}; use one of {', '.join(sv.BYTES_PER_PARAM)}", field
            )


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _range(low: float, high: float) -> Range:
    return {"low": round(low, 1), "high": round(high, 1)}


class TokenTimes:
    """TTFT and TPOT ranges (ms) of one LLM call, and what to say about them."""

    def __init__(self, ttft: Range, tpot: Range, notes: list[str], tp: int | None = None):
        self.ttft, self.tpot, self.notes, self.tp = ttft, tpot, notes, tp


# --- self-hosted ----------------------------------------------------------------------------


def _replica(inputs: LatencyInputs, arch: Architecture, gpu: Gpu) -> tuple[sv.Replica, bool]:
    """The replica: the given GPUs per replica, or the fewest that hold the model (True)."""
    kv_dtype = inputs.kv_dtype or sv.default_kv_dtype(inputs.dtype)
    replica = sv.Replica(arch, gpu, inputs.dtype, kv_dtype, 1)
    context = inputs.input_tokens + inputs.output_tokens
    min_tp = sv.fewest_gpus(replica, 0.9, context)
    if min_tp is None:
        raise LatencyInputError(sv.too_big_message(replica, 0.9, context), "gpu")
    if inputs.gpus is None:
        return replica._replace(tp=min_tp), True
    degrees = sv.tp_degrees(arch)
    if inputs.gpus not in degrees:
        raise LatencyInputError(
            f"{inputs.gpus} GPUs do not split {arch.model}'s {arch.attention_heads} attention "
            f"heads and {arch.kv_heads} KV heads evenly; use one of "
            f"{', '.join(map(str, degrees))}",
            "gpus",
        )
    if inputs.gpus < min_tp:
        raise LatencyInputError(
            f"{inputs.gpus} x {gpu.id} cannot hold {arch.model}; at least {min_tp} are needed",
            "gpus",
        )
    return replica._replace(tp=inputs.gpus), False


def self_hosted_token_times(inputs: LatencyInputs, arch: Architecture, gpu: Gpu) -> TokenTimes:
    """TTFT and TPOT of a request on a replica decoding `concurrency` requests together, at
    the fast and slow ends of the serving model (calc/serving.py)."""
    replica, sized = _replica(inputs, arch, gpu)
    fast, slow = (
        sv.request_times(replica, inputs.input_tokens, inputs.output_tokens, inputs.concurrency, e)
        for e in (sv.FAST, sv.SLOW)
    )
    ttft = {"low": fast.ttft_s * 1000, "high": slow.ttft_s * 1000}
    tpot = {"low": fast.tpot_s * 1000, "high": slow.tpot_s * 1000}
    return TokenTimes(ttft, tpot, _self_hosted_notes(inputs, replica, sized), replica.tp)


def _self_hosted_notes(inputs: LatencyInputs, replica: sv.Replica, sized: bool) -> list[str]:
    arch, gpu = replica.arch, replica.gpu
    notes = []
    if sized:
        notes.append(f"{replica.tp} x {gpu.id} per replica: the fewest that hold the weights.")
    fp8 = replica.dtype == "fp8" and gpu.fp8_tflops > 0
    notes.append(
        f"Self-hosted on {replica.tp} x {gpu.name}, weights in {replica.dtype}, KV cache in "
        f"{replica.kv_dtype}: serving model of calc/serving.py (checked against the published "
        "measurements in benchmarks/fidelity). A decode step reads the weights it touches and "
        f"the KV cache at {sv.SLOW.bandwidth:.0%}-{sv.FAST.bandwidth:.0%} of "
        f"{gpu.bandwidth_gb_s:g} GB/s per GPU; prefill and attention compute at "
        f"{sv.SLOW.compute:.0%}-{sv.FAST.compute:.0%} of {gpu.bf16_tflops:g} dense BF16 TFLOPS"
        + (f" (FP8 GEMMs {sv.SLOW.fp8_speedup:g}-{sv.FAST.fp8_speedup:g}x faster)" if fp8 else "")
        + "; attention FLOPs grow with the context (with its square in the prefill); "
        f"{sv.FAST.request_overhead_s * 1e3:g}-{sv.SLOW.request_overhead_s * 1e3:g} ms per "
        f"request and {sv.FAST.pass_overhead_s * 1e3:g}-{sv.SLOW.pass_overhead_s * 1e3:g} ms "
        "per step of fixed overhead"
        + (
            f"; tensor parallelism over {replica.tp} GPUs adds 2 all-reduces per layer"
            if replica.tp > 1
            else ""
        )
        + "."
    )
    moe = _moe_note(arch, inputs)
    if moe:
        notes.append(moe)
    if inputs.concurrency > 1:
        notes.append(
            f"{inputs.concurrency} requests decode together on the replica: each step reads "
            "all their KV caches, and the others' prompts land on the steps (chunked prefill), "
            "so both times grow with the concurrency. No queueing: a replica at its target "
            "utilisation keeps queues short."
        )
    else:
        notes.append(
            "One request on an idle replica (--concurrency 1): under load, batching and "
            "queueing add to both figures (give --concurrency, or see `capacity`)."
        )
    return notes


def _moe_note(arch: Architecture, inputs: LatencyInputs) -> str | None:
    if not arch.experts > arch.experts_per_token > 0:
        return None
    share = sv.experts_touched(arch, inputs.concurrency)
    return (
        f"Mixture of experts: a decode step of {inputs.concurrency} request(s) reads "
        f"{share:.0%} of the routed experts (each token picks {arch.experts_per_token} of "
        f"{arch.experts}); a prefill of {inputs.input_tokens:,.0f} tokens reads "
        f"{sv.experts_touched(arch, inputs.input_tokens):.0%}."
    )


# --- hosted API -----------------------------------------------------------------------------


def api_token_times(inputs: LatencyInputs, model: str, api: ApiLatency) -> TokenTimes:
    """The catalog's typical TTFT, plus prefill time for prompt tokens beyond the ~1,000 the
    figures were measured at (constants.API_PREFILL_MS_PER_1K_TOKENS), and 1 / decode speed."""
    extra = max(inputs.input_tokens - API_TTFT_REFERENCE_TOKENS, 0.0) / 1000
    slope_low, slope_high = API_PREFILL_MS_PER_1K_TOKENS
    ttft = {"low": api.ttft_ms[0] + extra * slope_low, "high": api.ttft_ms[1] + extra * slope_high}
    # time per output token = 1 / decode speed; the fast end gives the low time
    tpot = {"low": 1000 / api.output_tokens_per_s[1], "high": 1000 / api.output_tokens_per_s[0]}
    notes = [
        f"{model}: typical time to first token {api.ttft_ms[0]:g}-{api.ttft_ms[1]:g} ms at about "
        f"{API_TTFT_REFERENCE_TOKENS:,} prompt tokens and {api.output_tokens_per_s[0]:g}-"
        f"{api.output_tokens_per_s[1]:g} output tokens/s (public benchmarks, as of "
        f"{api.as_of}; they vary with load and region)."
    ]
    if extra > 0:
        notes.append(
            f"A {inputs.input_tokens:,.0f}-token prompt adds {slope_low:g}-{slope_high:g} ms of "
            f"prefill per 1,000 tokens beyond {API_TTFT_REFERENCE_TOKENS:,} (measured on hosted "
            f"APIs: Glean, Artificial Analysis): +{extra * slope_low:,.0f}-"
            f"{extra * slope_high:,.0f} ms."
        )
    if inputs.concurrency > 1:
        notes.append("A hosted API batches with other customers: --concurrency does not apply.")
    return TokenTimes(ttft, tpot, notes)


# --- the pipeline and the verdicts ----------------------------------------------------------


@dataclass(frozen=True)
class Pipeline:
    """The request's times (ms), each a low-high range."""

    llm_call: Range  # one LLM call: TTFT + output tokens x TPOT
    decode: Range
    first_token: Range  # when the first token of the final answer reaches the user
    e2e: Range  # the full response
    perceived: Range


def pipeline(inputs: LatencyInputs, times: TokenTimes) -> Pipeline:
    """End to end = network + input guardrails + retrieval + fixed stages + calls x (TTFT +
    output x TPOT) + output guardrails (DESIGN.md). The first token of the answer comes after
    the earlier calls finish and the last one's TTFT; fixed stages are counted before it."""
    before = inputs.network_ms + inputs.guardrail_ms + inputs.retrieval_ms + inputs.pipeline_ms
    calls = inputs.llm_calls
    decode, call, first, e2e = {}, {}, {}, {}
    for end in ("low", "high"):
        decode[end] = inputs.output_tokens * times.tpot[end]
        call[end] = times.ttft[end] + decode[end]
        first[end] = before + (calls - 1) * call[end] + times.ttft[end]
        e2e[end] = before + calls * call[end] + inputs.guardrail_ms
    return Pipeline(
        llm_call=call,
        decode=decode,
        first_token=first,
        e2e=e2e,
        perceived=first if inputs.streaming else e2e,
    )


def _seconds(ms: float) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:,.0f} ms"


def _span(value: Range) -> str:
    low, high = value["low"], value["high"]
    if high >= 1000:
        return f"{low / 1000:.1f}–{high / 1000:.1f} s"
    return f"{low:,.0f}–{high:,.0f} ms"


def verdict(measure: str, value: Range, slo: float) -> dict[str, Any]:
    """Meets when the high (pessimistic) end is within the SLO, misses when even the low end is
    above it, at risk in between: the range is a p50 estimate and an SLO usually a p95."""
    if value["high"] <= slo:
        word, sign = "meets", "≤"
    elif value["low"] <= slo:
        word, sign = "at risk", "straddles"
    else:
        word, sign = "misses", ">"
    slo_text = _seconds(slo)
    return {
        "slo_ms": slo,
        "measure": measure,
        "low": value["low"],
        "high": value["high"],
        "verdict": word,
        "text": f"{measure} {_span(value)} {sign} {slo_text} SLO: {word}",
    }


def verdicts(inputs: LatencyInputs, times: Pipeline) -> dict[str, dict[str, Any]]:
    found = {}
    if inputs.slo_ms is not None:
        found["full_response"] = verdict("end to end", _range(**times.e2e), inputs.slo_ms)
    if inputs.ttft_slo_ms is not None:
        found["first_token"] = verdict(
            "first token", _range(**times.first_token), inputs.ttft_slo_ms
        )
    return found


# --- the calculator -------------------------------------------------------------------------


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
    `arch` without a GPU only serves the context-window check."""
    _validate(inputs)
    if arch is not None and gpu is not None:
        times = self_hosted_token_times(inputs, arch, gpu)
        mode = "self-hosted"
        sources = [
            {"model": arch.model, "as_of": arch.as_of, "source": arch.source},
            {"gpu": gpu.id, "as_of": gpu.spec_as_of, "source": gpu.spec_source},
        ]
    elif api is not None:
        times = api_token_times(inputs, model, api)
        mode = "api"
        sources = [{"model": api.model, "as_of": api.as_of, "source": api.source}]
    else:
        raise LatencyInputError(
            f"no latency figures for {model!r}: it has no typical API latency in the catalog; "
            "give --gpu to estimate it self-hosted",
            "gpu",
        )
    flow = pipeline(inputs, times)
    judged = verdicts(inputs, flow)
    result = _result(inputs, model, mode, times, flow, judged)
    result["assumptions"] = times.notes + _pipeline_notes(inputs, arch) + _verdict_notes(judged)
    result["sources"] = sources
    if mode == "self-hosted" and gpu is not None:
        result["gpu"] = gpu.id
        result["gpus"] = times.tp
    return result


def _worst(judged: dict[str, dict[str, Any]]) -> str | None:
    if not judged:
        return None
    return max((v["verdict"] for v in judged.values()), key=VERDICTS.index)


def _result(
    inputs: LatencyInputs,
    model: str,
    mode: str,
    times: TokenTimes,
    flow: Pipeline,
    judged: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    worst = _worst(judged)
    return {
        "model": model,
        "mode": mode,
        "streaming": inputs.streaming,
        "input_tokens": _whole(inputs.input_tokens),
        "output_tokens": _whole(inputs.output_tokens),
        "concurrency": inputs.concurrency,
        "llm_calls": inputs.llm_calls,
        "pipeline_ms": inputs.pipeline_ms,
        "ttft_ms": _range(**times.ttft),
        "tpot_ms": _range(**times.tpot),
        "decode_ms": _range(**flow.decode),
        "llm_call_ms": _range(**flow.llm_call),
        "first_token_ms": _range(**flow.first_token),
        "e2e_ms": _range(**flow.e2e),
        "perceived_ms": _range(**flow.perceived),
        "slo_ms": inputs.slo_ms,
        "ttft_slo_ms": inputs.ttft_slo_ms,
        "slo": judged,
        "meets_slo": None if worst is None else worst == "meets",
        "slo_verdict": worst,  # the worst of the verdicts given
        "ttft_slo_verdict": judged["first_token"]["verdict"] if "first_token" in judged else None,
        "slo_note": "; ".join(v["text"] for v in judged.values()) if judged else "no SLO given",
    }


def _pipeline_notes(inputs: LatencyInputs, arch: Architecture | None) -> list[str]:
    notes = [
        f"Network {inputs.network_ms:g} ms, retrieval {inputs.retrieval_ms:g} ms, guardrails "
        f"{inputs.guardrail_ms:g} ms on the input and again on the output"
        + (f", fixed stages {inputs.pipeline_ms:g} ms" if inputs.pipeline_ms else "")
        + (
            f", {inputs.llm_calls} sequential LLM calls (each its TTFT and its output)"
            if inputs.llm_calls > 1
            else ""
        )
        + ".",
        "First token: everything before the final call's first token (network, input "
        "guardrails, retrieval, fixed stages, earlier calls, its TTFT). With streaming the user "
        "perceives it; without, the whole end-to-end time."
        if inputs.streaming
        else "Without streaming the user perceives the whole end-to-end time.",
        "These are median (p50) estimates; p95 under load is typically 1.5-3x higher.",
    ]
    window = arch.max_context if arch is not None else 0
    if window and inputs.input_tokens + inputs.output_tokens > window:
        notes.append(
            f"Warning: {inputs.input_tokens + inputs.output_tokens:,.0f} tokens (input + "
            f"output) exceed {arch.model}'s context window of {window:,} tokens "
            "(max_position_embeddings in its config.json)."
        )
    return notes


def _verdict_notes(judged: dict[str, dict[str, Any]]) -> list[str]:
    if not judged:
        return []
    return [
        "SLO verdicts: meets when the high (pessimistic) end is within the SLO, misses when "
        "even the low end is above it, at risk in between; the full-response SLO is judged on "
        "the end-to-end time, the first-token SLO on the first token, streaming or not. The "
        "range is a p50 estimate, so a p95 SLO needs headroom beyond it."
    ]

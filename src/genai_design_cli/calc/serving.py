"""The serving model behind `latency` and `capacity`: what one replica of an open-weight model
holds in memory, and how long its forward passes take, from the GPU's datasheet figures and a
few efficiency constants fitted to published measurements (benchmarks/fidelity). Arithmetic
only: the calculators turn these numbers into results and words. Pure.

One forward pass of a replica (the prefill of a prompt, or one decode step of a batch) takes

    weight GEMMs      roofline(weights touched / bandwidth, linear FLOPs / compute)
  + attention         roofline(KV cache read / bandwidth, attention FLOPs / compute)
  + all-reduces       2 per layer when tensor parallel: latency x log2(tp) + bytes / link
  + a fixed overhead  scheduling, sampling, kernel launches

where bandwidth and compute are the datasheet's x tp x an efficiency, FP8 GEMMs run faster
than BF16 ones by a measured (not the datasheet's 2x) factor, attention FLOPs grow with the
context (with its square in a prefill), and a request adds a fixed overhead to its first token.
The roofline of a kernel family is the 2-norm of its memory and arithmetic times: the max of
the two (Williams et al. 2009, "Roofline") where one dominates, more near the ridge where
neither is saturated; GEMMs and attention are separate kernels, so their times add.

Sources of the shape: Pope et al. 2022, "Efficiently Scaling Transformer Inference" (decode is
bound by reading the weights and the KV cache; prefill by FLOPs; the all-reduces of tensor
parallelism); Kaplan et al. 2020, "Scaling Laws for Neural Language Models" table 1 (2N FLOPs
per token, plus attention FLOPs linear in the context); Shoeybi et al. 2019, "Megatron-LM"
section 3 (two all-reduces per transformer layer in the forward pass); Kwon et al. 2023,
"Efficient Memory Management for LLM Serving with PagedAttention" (the KV cache per token and
continuous batching); Agrawal et al. 2024, "Taming Throughput-Latency Tradeoff in LLM Inference
with Sarathi-Serve" (chunked prefills ride on decode steps); the Databricks post "LLM Inference
Performance Engineering: Best Practices" (2023: time per output token grows with batch, model
bandwidth utilisation well below 100%).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from genai_design_cli.calc.catalog import Architecture, Gpu
from genai_design_cli.calc.constants import DEFAULT_INTERCONNECT_GB_S, INTERCONNECT_GB_S
from genai_design_cli.calc.errors import CalcInputError

BYTES_PER_PARAM = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.5}
# int4 checkpoints (AWQ, GPTQ: Lin et al. 2023, Frantar et al. 2022) quantise in groups of 128
# weights, each group with a 16-bit scale and a 4-bit zero point: 20 bits per 128 weights on top
# of the 4-bit values, 4.16 bits a weight. (MXFP4, gpt-oss's format, is 4.25 bits.)
INT4_GROUP_OVERHEAD_BYTES = 20 / 8 / 128
# Token embeddings and the output head stay 16-bit in quantised checkpoints (AWQ/GPTQ skip
# lm_head; NVIDIA ModelOpt FP8 checkpoints list it in exclude_modules).
EMBEDDING_BYTES = 2.0
ACTIVATION_BYTES = 2.0  # activations exchanged by tensor-parallel all-reduces: BF16
GPUS_PER_NODE = 8  # one HGX/DGX node; tensor parallelism beyond it is not planned here
TP_DEGREES = (1, 2, 4, 8)  # tensor-parallel degrees within one node
GIB = 2**30
# vLLM's gpu_memory_utilization caps what it uses of each GPU; out of that come the weights,
# the activation peak of a forward pass (measured by vLLM at startup) and the CUDA graphs, and
# the KV cache gets the rest. Allowance for activations + CUDA graphs (+ non-torch memory) per
# GPU: an assumption (vLLM logs ~1-1.5 GiB activation peak for 7B-70B models and ~0.5 GiB of
# CUDA graphs), stated in every result.
ACTIVATION_ALLOWANCE_BYTES = 2 * GIB


class Efficiency(NamedTuple):
    """How close a real engine gets to the datasheet: one set for the fast end of a range,
    one for the slow end. See FAST and SLOW for the figures and where they come from."""

    bandwidth: float  # share of memory bandwidth reached reading weights and KV cache
    compute: float  # share of dense BF16 tensor FLOPS reached by GEMMs and attention (MFU)
    fp8_speedup: float  # FP8 GEMMs over BF16 ones, on GPUs with FP8 tensor cores
    pass_overhead_s: float  # per forward pass: scheduling, sampling, launches not hidden
    request_overhead_s: float  # per request: HTTP, tokenising, admission
    allreduce_latency_s: float  # one all-reduce costs this x log2(tp), before its bytes
    link: float  # share of the GPU-to-GPU link bandwidth an all-reduce reaches


# The constants were fitted to the 31 self-hosted rows of benchmarks/fidelity/measurements.toml
# the calculator can be judged on (vLLM, TensorRT-LLM, NIM; A100, H100, H200, L40S, MI300X;
# 7B-70B dense and Mixtral; TP 1-8; batch 1-896) and rounded to two engines a person could run:
# a well-tuned one (fast end) and a plain one (slow end), never to one row. `python
# benchmarks/fidelity.py --constants` prints how many rows each constant weighs on.
# Fast end / slow end:
# - bandwidth 0.92 / 0.65: HBM copy benchmarks reach ~92% of the datasheet (H100: ~3.1 of
#   3.35 TB/s); decode in vLLM/TensorRT-LLM reaches 60-80% (Databricks' "MBU" figures).
#   Fitted alone: 0.92.
# - compute 0.85 / 0.55: large BF16 GEMMs reach 75-87% of peak in cuBLAS; whole prefills
#   (norms, rotary, sampling) 55-70% (A100, Llama 2 7B at 2,048 tokens: 70% in TensorRT-LLM
#   0.9). Fitted alone: 0.68.
# - fp8_speedup 1.6 / 1.3: TensorRT-LLM 0.15's prefill-heavy Llama 3.1 70B 5000/500 case runs
#   1.59x faster in FP8 than in 16-bit on the same 8 H100s, not the datasheet's 2x (attention,
#   norms and quantising activations do not speed up). Fitted alone: 1.44.
# - pass overhead 1.4 / 3.5 ms: vLLM 0.6 on one GPU (Llama 3.1 8B, batch 8: 12.3 ms a step on
#   A100 and 6.5 ms on H200, whose weights take 7.9 and 3.3 ms to read) leaves ~2-3 ms a step
#   to scheduling and sampling. Fitted alone: 3.0 ms.
# - request overhead 1.0 / 2.5 ms: tokenising, admission, the first sampling. Fitted alone:
#   1.1 ms.
# - all-reduce latency 8 / 14 us x log2(tp): NCCL's tree all-reduce takes log2(p) steps; TP8
#   adds ~5 ms to each batch-1 step of Llama 70B (AMD's MI300X/H100 comparison: 9-10 ms a
#   token where reading the weights takes 2-3 ms). Fitted alone: 11 us.
# - link 0.85 / 0.45: NCCL's all-reduce bus bandwidth reaches 45-85% of NVLink's per-GPU
#   bandwidth (less for small messages). Fitted alone: 0.53.
FAST = Efficiency(
    bandwidth=0.92,
    compute=0.85,
    fp8_speedup=1.6,
    pass_overhead_s=1.4e-3,
    request_overhead_s=1.0e-3,
    allreduce_latency_s=8e-6,
    link=0.85,
)
SLOW = Efficiency(
    bandwidth=0.65,
    compute=0.55,
    fp8_speedup=1.3,
    pass_overhead_s=3.5e-3,
    request_overhead_s=2.5e-3,
    allreduce_latency_s=14e-6,
    link=0.45,
)
ENDS = (FAST, SLOW)


class ServingInputError(CalcInputError):
    """Inputs the serving model cannot take; `field` names the input to fix."""


class Replica(NamedTuple):
    """One replica: a model on `tp` GPUs of one kind, its weights and KV cache in given types."""

    arch: Architecture
    gpu: Gpu
    dtype: str = "bf16"
    kv_dtype: str = "bf16"
    tp: int = 1


# --- memory ---------------------------------------------------------------------------------


def bytes_per_param(dtype: str, field: str = "dtype") -> float:
    try:
        return BYTES_PER_PARAM[dtype]
    except KeyError:
        raise ServingInputError(
            f"unknown dtype {dtype!r}; use one of {', '.join(BYTES_PER_PARAM)}", field
        ) from None


def default_kv_dtype(dtype: str) -> str:
    """The KV cache stays 16-bit unless chosen otherwise, as in vLLM (kv_cache_dtype "auto" is
    the model's activation dtype: BF16 even for FP8 or int4 weights)."""
    return "fp16" if dtype == "fp16" else "bf16"


def embedding_params(arch: Architecture) -> float:
    """Parameters of the token embedding and output head, when the catalog gives them."""
    return min(arch.embedding_params_b * 1e9, arch.params_b * 1e9)


def bytes_per_weight(arch: Architecture, dtype: str) -> float:
    """Average bytes per weight in `dtype`, with int4's group scales and 16-bit embeddings."""
    per = bytes_per_param(dtype)
    if dtype == "int4":
        per += INT4_GROUP_OVERHEAD_BYTES
    if per >= EMBEDDING_BYTES:
        return per
    share = embedding_params(arch) / (arch.params_b * 1e9)
    return share * EMBEDDING_BYTES + (1 - share) * per


def weights_bytes(arch: Architecture, dtype: str) -> float:
    """Weight memory = parameters x bytes per weight (all experts of a mixture-of-experts
    model must be resident, so total, not active, parameters)."""
    return arch.params_b * 1e9 * bytes_per_weight(arch, dtype)


def kv_bytes_per_token(arch: Architecture, kv_dtype: str, context: float | None = None) -> float:
    """KV-cache bytes per token, all layers, averaged over a sequence `context` tokens long.

    2 (K and V) x kv_heads x head_dim values per layer (Kwon et al. 2023, section 2; with
    grouped-query attention only num_key_value_heads are cached, Ainslie et al. 2023); latent
    attention caches kv_lora_rank + qk_rope_head_dim values instead (DeepSeek-V3 report,
    section 2.1.1); sliding-window layers keep at most their window (Mistral 7B v0.1, gpt-oss,
    Gemma 3). See Architecture.kv_cache_bytes_per_token."""
    return arch.kv_cache_bytes_per_token(bytes_per_param(kv_dtype, "kv_dtype"), context)


def kv_bytes_per_sequence(arch: Architecture, kv_dtype: str, tokens: float) -> float:
    return kv_bytes_per_token(arch, kv_dtype, tokens) * tokens


def kv_shards(replica: Replica) -> int:
    """GPUs the KV cache is split over. Tensor parallelism splits it by KV head; a latent-
    attention cache has no heads to split, so every GPU holds all of it (SGLang's DP-attention
    guide: "DeepSeek models use MLA and only have one KV head... tensor parallelism on 8 GPUs
    leads to duplicated KV cache across all GPUs")."""
    return 1 if replica.arch.latent_attention else replica.tp


def usable_bytes_per_gpu(gpu: Gpu, memory_util: float) -> float:
    """What one GPU holds for weights and KV cache: its memory x gpu_memory_utilization, less
    the activation/CUDA-graph allowance."""
    return max(gpu.memory_bytes * memory_util - ACTIVATION_ALLOWANCE_BYTES, 0.0)


def kv_budget_bytes(replica: Replica, memory_util: float) -> float:
    """KV-cache bytes the replica holds for its sequences (per copy of the cache)."""
    per_gpu = usable_bytes_per_gpu(replica.gpu, memory_util)
    free = max(per_gpu - weights_bytes(replica.arch, replica.dtype) / replica.tp, 0.0)
    return free * kv_shards(replica)


def sequences_that_fit(replica: Replica, memory_util: float, context: float) -> int:
    return int(
        kv_budget_bytes(replica, memory_util)
        // kv_bytes_per_sequence(replica.arch, replica.kv_dtype, context)
    )


def tp_degrees(arch: Architecture | None) -> tuple[int, ...]:
    """Tensor-parallel degrees within one node that split the model's heads evenly: the degree
    must divide the attention heads and the KV heads (qwen2.5-7b: 28 heads, 4 KV heads ->
    1, 2, 4). vLLM can replicate KV heads when the degree exceeds them; not modelled."""
    if arch is None:
        return TP_DEGREES
    return tuple(
        tp for tp in TP_DEGREES if arch.attention_heads % tp == 0 and arch.kv_heads % tp == 0
    )


def fewest_gpus(replica: Replica, memory_util: float, context: float) -> int | None:
    """Smallest tensor-parallel degree within one node (that splits the heads) whose memory
    holds the weights plus one sequence of `context` tokens; None when none does."""
    for tp in tp_degrees(replica.arch):
        if sequences_that_fit(replica._replace(tp=tp), memory_util, context) >= 1:
            return tp
    return None


def too_big_message(replica: Replica, memory_util: float, context: float) -> str:
    """Why the model fits no tensor-parallel degree within one node, and what to do."""
    arch, gpu = replica.arch, replica.gpu
    degrees = tp_degrees(arch)
    most = degrees[-1] if degrees else 1
    per_gpu = usable_bytes_per_gpu(gpu, memory_util)
    limit = (
        f"one {GPUS_PER_NODE}-GPU node of {gpu.id}"
        if most == GPUS_PER_NODE
        else f"{most} x {gpu.id} (the most GPUs its {arch.attention_heads} attention heads and "
        f"{arch.kv_heads} KV heads split evenly over)"
    )
    weights = weights_bytes(arch, replica.dtype)
    kv = kv_bytes_per_sequence(arch, replica.kv_dtype, context)
    return (
        f"{arch.model} does not fit {limit} at {context:,.0f} tokens per sequence: the weights "
        f"({weights / GIB:,.1f} GiB) plus one sequence's KV cache ({kv / GIB:,.1f} GiB) need "
        f"more than the {most} x {per_gpu / GIB:,.1f} GiB usable. Use a GPU with more memory "
        "(e.g. h200), lower precision (--dtype fp8 or int4), or a shorter context (--context)"
    )


# --- mixture of experts ---------------------------------------------------------------------


def expert_split(arch: Architecture) -> tuple[float, float]:
    """(shared, routed-expert) parameters of a mixture-of-experts model, from its total and
    active counts: total = shared + E x e and active = shared + k x e, so
    e = (total - active) / (E - k). A dense model is all shared."""
    experts, per_token = arch.experts, arch.experts_per_token
    if experts > per_token > 0 and arch.params_b > arch.active_params_b:
        per_expert = (arch.params_b - arch.active_params_b) / (experts - per_token) * 1e9
        return arch.params_b * 1e9 - experts * per_expert, experts * per_expert
    return arch.active_params_b * 1e9, 0.0


def experts_touched(arch: Architecture, tokens: float) -> float:
    """Share of a layer's routed experts that a pass over `tokens` tokens reads: each token
    picks k of E experts, so an expert is missed by one token with probability 1 - k/E and by
    all of them with (1 - k/E)^tokens (routing assumed uniform and independent). Mixtral (2 of
    8): 25% at batch 1, 90% at batch 8, all of them in any real prefill."""
    if arch.experts <= 0 or arch.experts_per_token <= 0:
        return 0.0
    return 1 - (1 - arch.experts_per_token / arch.experts) ** max(tokens, 1)


def weight_bytes_read(arch: Architecture, dtype: str, tokens: float) -> float:
    """Weight bytes one pass over `tokens` tokens reads. Dense: all weights. Mixture of
    experts: the shared weights plus the routed experts the tokens touch."""
    shared, routed = expert_split(arch)
    per = bytes_per_weight(arch, dtype)
    if routed == 0:
        return arch.active_params_b * 1e9 * per
    return (shared + routed * experts_touched(arch, tokens)) * per


# --- FLOPs ----------------------------------------------------------------------------------


def linear_flops(arch: Architecture, tokens: float) -> float:
    """2 x active parameters per token (Kaplan et al. 2020, table 1: C_forward ~ 2N): each
    token multiplies through its own experts only."""
    return 2 * arch.active_params_b * 1e9 * tokens


def attention_width(arch: Architecture) -> float:
    """Multiply-adds per (query, cached key) pair in one layer: q.k over the query/key width
    plus the weighted sum over the value width. Latent attention (DeepSeek-V3) uses per-head
    query/key width qk_nope + qk_rope and value width v_head_dim."""
    heads = arch.attention_heads
    if arch.latent_attention and arch.v_head_dim:
        return heads * (arch.qk_nope_head_dim + arch.qk_rope_head_dim + arch.v_head_dim)
    return 2.0 * heads * arch.head_dim


def _pairs(new: float, cached: float, window: float | None) -> float:
    """Sum over `new` tokens of the tokens each attends to (itself, the earlier new tokens and
    `cached` ones, causal), each capped at `window`."""
    first, last = cached + 1, cached + new
    if window is None or window >= last:
        return (first + last) * new / 2
    if window <= first:
        return window * new
    return (first + window) * (window - first + 1) / 2 + window * (last - window)


def attention_flops(arch: Architecture, new: float, cached: float = 0.0) -> float:
    """Attention FLOPs of `new` tokens after `cached` ones: 2 x width x (query, key) pairs per
    layer (PaLM, Chowdhery et al. 2022, appendix B: the attention term of model FLOPs; causal
    kernels such as FlashAttention skip the masked half). Quadratic in a prompt's length: a
    32k-token prompt of Llama 3.1 8B spends half its prefill FLOPs here. Sliding-window layers
    attend to at most their window."""
    sliding = arch.sliding_window_layers or (arch.layers if arch.sliding_window else 0)
    full = arch.layers - sliding
    pairs = full * _pairs(new, cached, None)
    if sliding:
        pairs += sliding * _pairs(new, cached, float(arch.sliding_window))
    return 2 * attention_width(arch) * pairs


# --- time -----------------------------------------------------------------------------------


def interconnect_gb_s(gpu: Gpu) -> float:
    return INTERCONNECT_GB_S.get(gpu.id, DEFAULT_INTERCONNECT_GB_S)


def allreduce_s(replica: Replica, tokens: float, eff: Efficiency) -> float:
    """Tensor-parallel communication of one pass: two all-reduces per layer (Megatron-LM,
    section 3), each a latency growing with log2(tp) (NCCL's tree algorithm) plus its bytes:
    a ring all-reduce moves 2 (tp - 1) / tp of the message over each GPU's link (NCCL's
    "bus bandwidth"). The message is the layer's activations: tokens x hidden x 2 bytes."""
    tp = replica.tp
    if tp <= 1:
        return 0.0
    message = tokens * replica.arch.hidden_size * ACTIVATION_BYTES
    link = interconnect_gb_s(replica.gpu) * 1e9 * eff.link
    one = eff.allreduce_latency_s * math.log2(tp) + message * 2 * (tp - 1) / tp / link
    return 2 * replica.arch.layers * one


ROOFLINE_NORM = 2.0


def _roofline(*times: float) -> float:
    """Time of kernels bound by whichever is slower, memory or arithmetic: the p-norm of the
    two (p = ROOFLINE_NORM). p -> infinity is the ideal roofline max (Williams et al. 2009);
    a finite p charges the region near the ridge, where neither is saturated."""
    return sum(t**ROOFLINE_NORM for t in times) ** (1 / ROOFLINE_NORM)


def _gemm_s(replica: Replica, weights: float, tokens: float, eff: Efficiency) -> float:
    """The weight GEMMs of a pass over `tokens` tokens: read `weights` bytes, multiply every
    token through its active parameters."""
    gpu, tp = replica.gpu, replica.tp
    read = weights / (gpu.bandwidth_gb_s * 1e9 * eff.bandwidth * tp)
    speedup = eff.fp8_speedup if replica.dtype == "fp8" and gpu.fp8_tflops > 0 else 1.0
    # int8/int4 weight-only kernels dequantise and compute in BF16
    compute = gpu.bf16_tflops * 1e12 * tp * eff.compute * speedup
    return _roofline(read, linear_flops(replica.arch, tokens) / compute)


def _attention_s(replica: Replica, kv: float, flops: float, eff: Efficiency) -> float:
    """Attention kernels: read `kv` bytes of KV cache, do `flops` (in BF16, FlashAttention).
    The KV cache is split over its shards: all tp GPUs, unless it is a latent-attention cache
    every GPU holds whole; the heads, and so the FLOPs, over all tp GPUs."""
    gpu, tp = replica.gpu, replica.tp
    read = kv / (gpu.bandwidth_gb_s * 1e9 * eff.bandwidth * kv_shards(replica))
    return _roofline(read, flops / (gpu.bf16_tflops * 1e12 * tp * eff.compute))


def prefill_s(replica: Replica, tokens: float, eff: Efficiency) -> float:
    """One prompt of `tokens` tokens in one pass on an otherwise idle replica."""
    arch = replica.arch
    return (
        _gemm_s(replica, weight_bytes_read(arch, replica.dtype, tokens), tokens, eff)
        + _attention_s(replica, 0.0, attention_flops(arch, tokens), eff)
        + allreduce_s(replica, tokens, eff)
        + eff.pass_overhead_s
    )


def prefill_marginal_s(replica: Replica, tokens: float, eff: Efficiency) -> float:
    """What a prompt adds to a busy replica: its FLOPs and all-reduce bytes. Chunked prefill
    puts prompt tokens in the decode steps' batch, which read the weights anyway (Sarathi-Serve,
    Agrawal et al. 2024; vLLM's default scheduler)."""
    arch = replica.arch
    return (
        _gemm_s(replica, 0.0, tokens, eff)
        + _attention_s(replica, 0.0, attention_flops(arch, tokens), eff)
        + allreduce_s(replica, tokens, eff)
        - allreduce_s(replica, 0.0, eff)
    )


def decode_step_s(replica: Replica, batch: float, context: float, eff: Efficiency) -> float:
    """One decode step of `batch` sequences, each with `context` tokens cached: the weights the
    batch touches plus every sequence's KV cache are read once (Pope et al. 2022, section 2),
    each sequence's new token multiplies through the weights and attends to its context."""
    arch = replica.arch
    weights = weight_bytes_read(arch, replica.dtype, batch)
    kv = batch * kv_bytes_per_sequence(arch, replica.kv_dtype, context)
    return (
        _gemm_s(replica, weights, batch, eff)
        + _attention_s(replica, kv, batch * attention_flops(arch, 1, context), eff)
        + allreduce_s(replica, batch, eff)
        + eff.pass_overhead_s
    )


class RequestTimes(NamedTuple):
    ttft_s: float  # time to first token
    tpot_s: float  # time per output token after it


def request_times(
    replica: Replica, input_tokens: float, output_tokens: float, concurrency: int, eff: Efficiency
) -> RequestTimes:
    """A request on a replica decoding `concurrency` requests together (it included), in a
    steady state of continuous batching.

    TTFT = request overhead + the prompt's prefill + (when others are decoding) the step it
    joins. TPOT = one decode step at that batch, at the average context (input + half the
    output), plus the share of the others' prefills: each of the concurrency - 1 others is
    replaced about once during this request's output_tokens steps, and its prompt's FLOPs land
    on those steps. A static batch (all prompts first, as in vLLM's benchmark_latency) costs
    the same end to end; only the split between TTFT and TPOT differs."""
    batch = max(concurrency, 1)
    ttft = eff.request_overhead_s + prefill_s(replica, input_tokens, eff)
    if batch > 1:
        ttft += decode_step_s(replica, batch, input_tokens, eff)
    step = decode_step_s(replica, batch, input_tokens + output_tokens / 2, eff)
    others = (batch - 1) / max(output_tokens, 1) * prefill_marginal_s(replica, input_tokens, eff)
    return RequestTimes(ttft, step + others)


class Throughput(NamedTuple):
    requests_per_s: float
    decode_tokens_per_s: float  # output tokens per second of the decode steps alone
    step_s: float  # one decode step at the batch
    request_s: float  # one request's end to end at that batch (TTFT + output x TPOT)


def replica_throughput(
    replica: Replica, input_tokens: float, output_tokens: float, batch: int, eff: Efficiency
) -> Throughput:
    """A replica kept full at `batch` sequences: each request costs the GPU its prompt's
    FLOPs plus its share (1/batch) of output_tokens decode steps."""
    batch = max(batch, 1)
    step = decode_step_s(replica, batch, input_tokens + output_tokens / 2, eff)
    busy = prefill_marginal_s(replica, input_tokens, eff) + output_tokens * step / batch
    times = request_times(replica, input_tokens, output_tokens, batch, eff)
    return Throughput(
        requests_per_s=1 / busy if busy > 0 else math.inf,
        decode_tokens_per_s=batch / step,
        step_s=step,
        request_s=times.ttft_s + output_tokens * times.tpot_s,
    )


def busy_shares(
    replica: Replica, input_tokens: float, output_tokens: float, batch: int, eff: Efficiency
) -> tuple[float, float]:
    """(prefill, decode) shares of the GPU time a request costs at `batch`: what input and
    output tokens are charged for in $ per 1M tokens."""
    batch = max(batch, 1)
    prefill = prefill_marginal_s(replica, input_tokens, eff)
    decode = (
        output_tokens * decode_step_s(replica, batch, input_tokens + output_tokens / 2, eff) / batch
    )
    total = prefill + decode
    if total <= 0:
        return 0.0, 1.0
    return prefill / total, decode / total

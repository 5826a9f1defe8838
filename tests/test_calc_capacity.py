"""Capacity and latency formulas against hand-worked cases.

Sources of the formulas:
- KV cache bytes/token = 2 (K and V) x layers x kv_heads x head_dim x bytes: Kwon et al. 2023,
  "Efficient Memory Management for LLM Serving with PagedAttention" (vLLM); with grouped-query
  attention only num_key_value_heads are cached (Ainslie et al. 2023, "GQA").
- Prefill FLOPs = 2 x parameters x tokens: Kaplan et al. 2020, "Scaling Laws", section 2.1.
- Decode time per token = bytes read per step / bandwidth: Pope et al. 2022, "Efficiently
  Scaling Transformer Inference".
- Little's law L = lambda x W (requests in flight = arrival rate x time in system).
Architectures: each model's config.json (see calc/data/open_models.toml); GPU figures: NVIDIA
datasheets (dense BF16); GPU memory: nvidia-smi memory.total (A100 80GB 81,920 MiB, A100 40GB
40,960 MiB, H100 80GB 81,559 MiB, H200 143,771 MiB, L4 23,034 MiB).

Usable bytes per GPU = memory x gpu_memory_utilization (0.9) - 2 GiB (activation/CUDA-graph
allowance, capacity.ACTIVATION_ALLOWANCE_BYTES):
- A100 80GB: 81,920 x 2^20 x 0.9 - 2^31 = 77,309,411,328 - 2,147,483,648 = 75,161,927,680 B
- A100 40GB: 40,960 x 2^20 x 0.9 - 2^31 = 38,654,705,664 - 2,147,483,648 = 36,507,222,016 B
- H200:      143,771 x 2^20 x 0.9 - 2^31 = 135,679,559,270 - 2,147,483,648 ~ 133.53e9 B
- L4:        23,034 x 2^20 x 0.9 - 2^31 = 21,737,609,626 - 2,147,483,648 ~ 19.59e9 B
A month is 30 days: 720 GPU-hours, 2,592,000 seconds of traffic.
"""

from __future__ import annotations

import math

import pytest

from genai_design_cli.calc import capacity, latency
from genai_design_cli.calc.catalog import Catalog, Prices

CAT = Catalog()


@pytest.mark.parametrize(
    ("model", "kv_bytes"),
    [
        ("llama-2-7b", 2 * 32 * 32 * 128 * 2),  # 524,288 B = 0.5 MiB per token (no GQA)
        ("llama-2-13b", 2 * 40 * 40 * 128 * 2),  # 819,200 B
        ("llama-2-70b", 2 * 80 * 8 * 128 * 2),  # 327,680 B: GQA, 8 KV heads of 64
        ("llama-3.1-8b", 2 * 32 * 8 * 128 * 2),  # 131,072 B
        ("mistral-7b", 2 * 32 * 8 * 128 * 2),
        ("mixtral-8x7b", 2 * 32 * 8 * 128 * 2),
        ("qwen2.5-7b", 2 * 28 * 4 * 128 * 2),  # 57,344 B: 4 KV heads
        ("qwen2.5-72b", 2 * 80 * 8 * 128 * 2),
        ("opt-13b", 2 * 40 * 40 * 128 * 2),
    ],
)
def test_kv_bytes_per_token(model, kv_bytes):
    assert capacity.kv_bytes_per_token(CAT.architecture(model), "bf16") == kv_bytes


def test_kv_cache_in_fp8_halves():
    arch = CAT.architecture("llama-2-7b")
    assert capacity.kv_bytes_per_token(arch, "fp8") == 2 * 32 * 32 * 128


@pytest.mark.parametrize(
    ("dtype", "gb"), [("bf16", 138.0), ("fp16", 138.0), ("fp8", 69.0), ("int4", 34.5)]
)
def test_weights_bytes_by_dtype(dtype, gb):
    # Llama 2 70B: 69.0B parameters x bytes per parameter
    assert capacity.weights_bytes(CAT.architecture("llama-2-70b"), dtype) == pytest.approx(gb * 1e9)


def test_mixture_of_experts_keeps_all_experts_in_memory_but_computes_with_active():
    arch = CAT.architecture("mixtral-8x7b")
    assert capacity.weights_bytes(arch, "bf16") == pytest.approx(46.7e9 * 2)
    assert capacity.prefill_flops(arch, 1000) == pytest.approx(2 * 12.9e9 * 1000)


@pytest.mark.parametrize(
    ("model", "gpu", "tp"),
    [
        # 138e9 B of weights + 1,250 x 327,680 B of KV = 138.41e9 B; 75.16e9 B usable per GPU
        ("llama-2-70b", "a100-80gb", 2),
        ("llama-2-70b", "a100-40gb", 4),  # 36.51e9 usable per GPU -> 146.0e9 B on 4
        ("llama-2-70b", "h200", 2),  # 133.53e9 B usable per GPU < 138.41e9 B -> 2
        ("llama-2-7b", "l4", 1),  # 13.48e9 + 0.66e9 B < 19.59e9 B
        ("mixtral-8x7b", "a100-80gb", 2),  # 93.4e9 + 0.16e9 B > 75.16e9 B
    ],
)
def test_tensor_parallel_needed(model, gpu, tp):
    arch = CAT.architecture(model)
    needed = capacity.tensor_parallel_needed(
        capacity.weights_bytes(arch, "bf16"),
        capacity.kv_bytes_per_token(arch, "bf16"),
        1250,
        CAT.gpu(gpu),
        0.9,
    )
    assert needed == tp


def test_sequences_that_fit():
    # Llama 2 7B on an A100 80GB at 2,048 tokens: (75,161,927,680 - 13.48e9) / 524,288 B/token
    # = 117,649 tokens -> 57 sequences of 2,048
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1, context=2048, input_tokens=1000, output_tokens=200),
        CAT.architecture("llama-2-7b"),
        CAT.gpu("a100-80gb"),
    )
    assert result["tensor_parallel"] == 1
    assert result["max_concurrent_sequences"] == 57
    assert result["weights_bytes"] == 13_480_000_000  # a whole number of bytes in the JSON
    assert result["kv_bytes_per_token"] == 524_288
    assert result["kv_cache_bytes_available"] == 75_161_927_680 - 13_480_000_000


def test_capacity_json_has_the_issue_keys_and_consistent_money():
    result = capacity.estimate(
        capacity.CapacityInputs(qps=20),
        CAT.architecture("llama-3.1-70b"),
        CAT.gpu("h100-sxm"),
        CAT.prices("gpt-4o-mini"),
    )
    for key in (
        "weights_bytes",
        "kv_bytes_per_token",
        "max_concurrent_sequences",
        "tensor_parallel",
        "replicas",
        "gpus",
        "cost_per_month",
        "cost_per_million_tokens",
        "break_even_qps",
    ):
        assert key in result
    assert result["gpus"] == result["replicas"] * result["tensor_parallel"]
    # $/month = GPUs x $/GPU-hour x 720 h (30 days, the same month as the traffic)
    assert result["cost_per_month"] == pytest.approx(result["gpus"] * 2.99 * 720, rel=1e-6)
    # $/1M output tokens = $/month / (QPS x 2,592,000 s x 250 tokens) x 1e6
    tokens = 20 * 2_592_000 * 250
    assert result["cost_per_million_tokens"] == pytest.approx(
        result["cost_per_month"] / tokens * 1e6, rel=1e-3
    )
    assert any("720 hours" in a for a in result["assumptions"])


def test_replicas_cover_throughput_and_littles_law():
    result = capacity.estimate(
        capacity.CapacityInputs(qps=50),
        CAT.architecture("llama-3.1-8b"),
        CAT.gpu("l4"),
    )
    per_replica = result["requests_per_s_per_replica"]["low"]
    assert result["replicas"] >= math.ceil(50 / per_replica - 1e-6)
    more = capacity.estimate(
        capacity.CapacityInputs(qps=500), CAT.architecture("llama-3.1-8b"), CAT.gpu("l4")
    )
    assert more["replicas"] > result["replicas"]


def test_break_even_qps_by_hand():
    # llama-3.1-8b on one H100: a replica costs 1 x $2.99 x 720 h = $2,152.80 a month.
    # gpt-4o at 1000 in / 250 out costs $0.005 a query -> $12,960 a month per QPS
    # (2,592,000 s x $0.005); break-even at 2,152.80 / 12,960 = 0.1661 QPS.
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1),
        CAT.architecture("llama-3.1-8b"),
        CAT.gpu("h100-sxm"),
        CAT.prices("gpt-4o"),
    )
    assert result["tensor_parallel"] == 1
    assert result["break_even_qps"] == pytest.approx(2152.80 / 12960, rel=1e-3)


def test_no_break_even_when_the_api_is_cheaper_even_at_full_use():
    cheap_api = Prices("nearly-free", input=0.001, cached_input=0.001, output=0.001)
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1),
        CAT.architecture("llama-2-70b"),
        CAT.gpu("a100-40gb"),
        cheap_api,
    )
    assert result["break_even_qps"] is None


def test_too_few_gpus_is_an_input_error():
    with pytest.raises(capacity.CapacityInputError) as info:
        capacity.estimate(
            capacity.CapacityInputs(qps=1, tensor_parallel=1),
            CAT.architecture("llama-2-70b"),
            CAT.gpu("a100-80gb"),
        )
    assert info.value.field == "gpus"


# --- latency ------------------------------------------------------------------------------


def test_api_latency_from_typical_figures():
    # gpt-4o-mini: TTFT 350-700 ms, 50-120 tokens/s -> TPOT 1000/120 = 8.33 ms to 20 ms.
    # 250 tokens: decode 2,083-5,000 ms. e2e = network 50 + guardrail 30 + retrieval 120 +
    # TTFT + decode + guardrail 30 = 2,663.3-5,930 ms; perceived (streaming) = 50 + 30 + 120 +
    # TTFT = 550-900 ms.
    result = latency.estimate(
        latency.LatencyInputs(
            input_tokens=1000, output_tokens=250, retrieval_ms=120, guardrail_ms=30, slo_ms=1000
        ),
        model="gpt-4o-mini",
        api=CAT.api_latency("gpt-4o-mini"),
    )
    assert result["ttft_ms"] == {"low": 350, "high": 700}
    assert result["tpot_ms"] == {"low": pytest.approx(8.3), "high": 20}
    assert result["e2e_ms"] == {"low": pytest.approx(2663.3), "high": pytest.approx(5930)}
    assert result["perceived_ms"] == {"low": 550, "high": 900}
    assert result["meets_slo"] is True


def test_without_streaming_the_user_waits_for_everything():
    inputs = latency.LatencyInputs(streaming=False, slo_ms=1000)
    result = latency.estimate(inputs, model="gpt-4o", api=CAT.api_latency("gpt-4o"))
    assert result["perceived_ms"] == result["e2e_ms"]
    assert result["meets_slo"] is False
    assert "misses" in result["slo_verdict"]


def test_meets_slo_is_null_without_an_slo():
    result = latency.estimate(
        latency.LatencyInputs(), model="gpt-4o", api=CAT.api_latency("gpt-4o")
    )
    assert result["meets_slo"] is None


def test_self_hosted_latency_by_hand():
    # Llama 2 7B on one A100 80GB, bf16, 1,000 input tokens:
    # prefill 2 x 6.74e9 x 1000 = 1.348e13 FLOPs / (312e12 x 0.6) = 72.0 ms, / (x 0.3) = 144.0 ms
    # decode step: 13.48e9 B of weights + 1,125 avg tokens x 524,288 B of KV = 14.0698e9 B;
    # / (2,039e9 B/s x 0.8) = 8.63 ms, / (x 0.5) = 13.80 ms
    result = latency.estimate(
        latency.LatencyInputs(input_tokens=1000, output_tokens=250),
        model="llama-2-7b",
        arch=CAT.architecture("llama-2-7b"),
        gpu=CAT.gpu("a100-80gb"),
    )
    assert result["mode"] == "self-hosted" and result["gpus"] == 1
    assert result["ttft_ms"] == {"low": pytest.approx(72.0), "high": pytest.approx(144.0)}
    assert result["tpot_ms"] == {"low": pytest.approx(8.6), "high": pytest.approx(13.8)}


def test_bigger_gpu_is_faster():
    arch = CAT.architecture("llama-3.1-8b")
    inputs = latency.LatencyInputs()
    a10g = latency.estimate(inputs, model="llama-3.1-8b", arch=arch, gpu=CAT.gpu("a10g"))
    h100 = latency.estimate(inputs, model="llama-3.1-8b", arch=arch, gpu=CAT.gpu("h100-sxm"))
    assert h100["e2e_ms"]["high"] < a10g["e2e_ms"]["low"]


def test_context_beyond_the_models_window_is_flagged():
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1, context=100_000),
        CAT.architecture("llama-2-7b"),
        CAT.gpu("a100-80gb"),
    )
    assert any("context window of 4,096" in a for a in result["assumptions"])


def test_short_prompt_ttft_is_floored_by_one_read_of_the_weights():
    # 1 input token: 2 x 6.74e9 FLOPs take 0.07 ms, but the 13.48e9 B of weights must still be
    # read once: 13.48e9 / (2,039e9 x 0.8) = 8.26 ms, / (x 0.5) = 13.22 ms
    result = latency.estimate(
        latency.LatencyInputs(input_tokens=1, output_tokens=10),
        model="llama-2-7b",
        arch=CAT.architecture("llama-2-7b"),
        gpu=CAT.gpu("a100-80gb"),
    )
    assert result["ttft_ms"] == {"low": pytest.approx(8.3), "high": pytest.approx(13.2)}

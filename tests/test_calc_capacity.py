"""Capacity and latency formulas against hand-worked cases.

Sources of the formulas:
- KV cache bytes/token = 2 (K and V) x layers x kv_heads x head_dim x bytes: Kwon et al. 2023,
  "Efficient Memory Management for LLM Serving with PagedAttention" (vLLM); with grouped-query
  attention only num_key_value_heads are cached (Ainslie et al. 2023, "GQA").
- Prefill FLOPs = 2 x parameters x tokens: Kaplan et al. 2020, "Scaling Laws", section 2.1.
- Decode time per token = bytes read per step / bandwidth: Pope et al. 2022, "Efficiently
  Scaling Transformer Inference".
- Little's law L = lambda x W (requests in flight = arrival rate x time in system).
- The serving model's efficiencies (calc/serving.py FAST / SLOW): bandwidth 0.92 / 0.65,
  compute 0.85 / 0.55 of dense BF16, 1.4 / 3.5 ms per step, 1.0 / 2.5 ms per request.
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
from genai_design_cli.calc import serving as sv
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
    ("dtype", "gb"),
    [
        ("bf16", 138.0),
        ("fp16", 138.0),
        ("fp8", 69.0),
        # int4 in groups of 128 with a 16-bit scale and a 4-bit zero point: 4 + 20/128 bits
        # = 0.51953 bytes a weight -> 69.0e9 x 0.51953 = 35.85e9 B (not 34.5e9)
        ("int4", 35.84765625),
    ],
)
def test_weights_bytes_by_dtype(dtype, gb):
    # Llama 2 70B: 69.0B parameters x bytes per parameter (no embedding size in the catalog)
    assert capacity.weights_bytes(CAT.architecture("llama-2-70b"), dtype) == pytest.approx(gb * 1e9)


def test_int4_keeps_16_bit_embeddings():
    # Llama 3.3 70B: 2.10B embedding + output-head parameters stay 16-bit: (70.6 - 2.1)e9 x
    # 0.51953 + 2.1e9 x 2 = 35.588e9 + 4.2e9 = 39.79e9 B
    arch = CAT.architecture("llama-3.3-70b")
    assert capacity.weights_bytes(arch, "int4") == pytest.approx(39.788e9, rel=1e-4)
    # fp8: 68.5e9 x 1 + 2.1e9 x 2 = 72.7e9 B
    assert capacity.weights_bytes(arch, "fp8") == pytest.approx(72.7e9, rel=1e-4)


def test_mixture_of_experts_keeps_all_experts_in_memory_but_computes_with_active():
    arch = CAT.architecture("mixtral-8x7b")
    assert capacity.weights_bytes(arch, "bf16") == pytest.approx(46.7e9 * 2)
    assert sv.linear_flops(arch, 1000) == pytest.approx(2 * 12.9e9 * 1000)


def test_attention_flops_grow_with_the_square_of_the_prompt():
    # Llama 3.1 8B: 32 layers x 2 x (32 heads x 128) x 2 FLOPs per (query, key) pair; a causal
    # prompt of n tokens has n(n+1)/2 pairs. At 32,768 tokens: 2 x 8,192 x 536,887,296 x 32 =
    # 2.815e14, against 2 x 8.03e9 x 32,768 = 5.263e14 for the weights: ~35% of the prefill.
    arch = CAT.architecture("llama-3.1-8b")
    assert sv.attention_flops(arch, 32_768) == pytest.approx(2.815e14, rel=1e-3)
    share = sv.attention_flops(arch, 32_768) / (
        sv.attention_flops(arch, 32_768) + sv.linear_flops(arch, 32_768)
    )
    assert 0.3 < share < 0.4
    # a sliding window caps the keys each query sees: Mistral 7B keeps 4,096
    mistral = CAT.architecture("mistral-7b")
    assert sv.attention_flops(mistral, 32_768) < 0.25 * sv.attention_flops(arch, 32_768)


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
def test_fewest_gpus_that_hold_the_model(model, gpu, tp):
    replica = sv.Replica(CAT.architecture(model), CAT.gpu(gpu), "bf16", "bf16")
    assert sv.fewest_gpus(replica, 0.9, 1250) == tp


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
        "requests_per_s_per_replica",
        "peak_qps",
    ):
        assert key in result
    assert result["gpus"] == result["replicas"] * result["tensor_parallel"]
    # $/month = GPUs x $/GPU-hour x 720 h (30 days, the same month as the traffic)
    assert result["cost_per_month"] == pytest.approx(result["gpus"] * 2.99 * 720, rel=1e-6)
    # $ per 1M tokens at the AVERAGE traffic: 20 QPS x 2,592,000 s x (1,000 in + 250 out);
    # input and output split the month by prefill / decode GPU time, so they add back up
    per = result["cost_per_million_tokens"]
    tokens_in, tokens_out = 20 * 2_592_000 * 1000, 20 * 2_592_000 * 250
    assert per["all"] == pytest.approx(
        result["cost_per_month"] / (tokens_in + tokens_out) * 1e6, rel=1e-3
    )
    assert (per["input"] * tokens_in + per["output"] * tokens_out) / 1e6 == pytest.approx(
        result["cost_per_month"], rel=1e-3
    )
    assert any("720 hours" in a for a in result["assumptions"])


def test_replicas_are_sized_for_the_peak_at_the_target_utilisation_and_at_least_two():
    arch, gpu = CAT.architecture("llama-3.1-8b"), CAT.gpu("h100-sxm")
    result = capacity.estimate(capacity.CapacityInputs(qps=50), arch, gpu)
    per = result["requests_per_s_per_replica"]["low"]
    # no peak given: 2x the average; each replica used to 70% of its slow-end throughput
    assert result["peak_qps"] == 100 and result["peak_qps_given"] is False
    assert result["replicas"] >= math.ceil(100 / (per * 0.7) - 1e-6)
    assert result["replicas_by"]["throughput"] == math.ceil(100 / (per * 0.7) - 1e-6)
    assert any("assumed 2x the average" in a for a in result["assumptions"])
    # a given peak is planned for as given
    peak = capacity.estimate(capacity.CapacityInputs(qps=50, peak_qps=300), arch, gpu)
    assert peak["replicas"] > result["replicas"] and peak["peak_qps_given"] is True
    # a trickle of traffic still gets two replicas, for availability
    quiet = capacity.estimate(capacity.CapacityInputs(qps=0.01), arch, gpu)
    assert quiet["replicas"] == 2 and quiet["replicas_by"]["availability"] == 2
    one = capacity.estimate(capacity.CapacityInputs(qps=0.01, min_replicas=1), arch, gpu)
    assert one["replicas"] == 1
    # a higher utilisation target needs fewer replicas
    busy = capacity.estimate(capacity.CapacityInputs(qps=50, utilization=1.0), arch, gpu)
    assert busy["replicas"] < result["replicas"]


def test_a_tpot_slo_caps_the_batch():
    arch, gpu = CAT.architecture("llama-3.1-70b"), CAT.gpu("h100-sxm")
    free = capacity.estimate(capacity.CapacityInputs(qps=20, tensor_parallel=4), arch, gpu)
    capped = capacity.estimate(
        capacity.CapacityInputs(qps=20, tensor_parallel=4, tpot_slo_ms=50), arch, gpu
    )
    assert free["tpot_ms"]["high"] > 50
    assert capped["batch"] < free["batch"] and capped["batch_limited_by"] == "tpot_slo"
    assert capped["tpot_ms"]["high"] <= 50 and capped["tpot_slo_met"] is True
    assert capped["replicas"] > free["replicas"]  # slower tokens cost fewer GPUs
    impossible = capacity.estimate(
        capacity.CapacityInputs(qps=1, tensor_parallel=4, tpot_slo_ms=1), arch, gpu
    )
    assert impossible["tpot_slo_met"] is False and impossible["batch"] == 1
    assert any("cannot be met even one request at a time" in a for a in impossible["assumptions"])


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
    # llama-3.1-8b on one H100: a replica costs 1 x $2.99 x 720 h = $2,152.80 a month, and the
    # fleet is at least 2 replicas: $4,305.60. gpt-4o at 1000 in / 250 out costs $0.005 a
    # query -> $12,960 a month per average QPS (2,592,000 s x $0.005); break-even at
    # 4,305.60 / 12,960 = 0.3322 QPS.
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1),
        CAT.architecture("llama-3.1-8b"),
        CAT.gpu("h100-sxm"),
        CAT.prices("gpt-4o"),
    )
    assert result["tensor_parallel"] == 1
    assert result["break_even_qps"] == pytest.approx(2 * 2152.80 / 12960, rel=1e-3)


def test_the_break_even_comparator_matches_the_models_size():
    def comparator(model: str) -> str:
        return capacity.comparable_api_model(CAT.architecture(model), CAT).model

    small, large = comparator("llama-3.1-8b"), comparator("llama-3.1-70b")
    assert small != large
    # the 70B model is compared with a dearer, frontier-class API model than the 8B one
    assert CAT.prices(large).output > 5 * CAT.prices(small).output
    # by ACTIVE parameters: a mixture of experts with 3.3B active is in the small class
    assert comparator("qwen3-30b-a3b") == small


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
    # TTFT + decode + guardrail 30 = 2,663.3-5,930 ms; first token (streaming) = 50 + 30 + 120 +
    # TTFT = 550-900 ms.
    result = latency.estimate(
        latency.LatencyInputs(
            input_tokens=1000,
            output_tokens=250,
            retrieval_ms=120,
            guardrail_ms=30,
            ttft_slo_ms=1000,
            slo_ms=3000,
        ),
        model="gpt-4o-mini",
        api=CAT.api_latency("gpt-4o-mini"),
    )
    assert result["ttft_ms"] == {"low": 350, "high": 700}
    assert result["tpot_ms"] == {"low": pytest.approx(8.3), "high": 20}
    assert result["e2e_ms"] == {"low": pytest.approx(2663.3), "high": pytest.approx(5930)}
    assert result["perceived_ms"] == {"low": 550, "high": 900}
    assert result["slo"]["first_token"]["verdict"] == "meets"
    assert result["slo"]["full_response"]["verdict"] == "at risk"
    assert result["meets_slo"] is False and result["slo_verdict"] == "at risk"


def test_api_time_to_first_token_grows_with_the_prompt():
    # gpt-4o-mini at 10,000 prompt tokens: 9,000 beyond the ~1,000 of the catalog's figure, at
    # 40-100 ms per 1,000 -> TTFT 350 + 360 = 710 ms to 700 + 900 = 1,600 ms
    result = latency.estimate(
        latency.LatencyInputs(input_tokens=10_000),
        model="gpt-4o-mini",
        api=CAT.api_latency("gpt-4o-mini"),
    )
    assert result["ttft_ms"] == {"low": 710, "high": 1600}
    assert any("40-100 ms of prefill per 1,000 tokens" in a for a in result["assumptions"])


def test_without_streaming_the_user_waits_for_everything():
    inputs = latency.LatencyInputs(streaming=False, slo_ms=1000)
    result = latency.estimate(inputs, model="gpt-4o", api=CAT.api_latency("gpt-4o"))
    assert result["perceived_ms"] == result["e2e_ms"]
    assert result["meets_slo"] is False
    assert "misses" in result["slo_verdict"]


def test_a_full_response_slo_is_never_met_by_a_fast_first_token():
    # streaming: the first token comes in ~0.1 s, the full answer in ~4-6 s
    result = latency.estimate(
        latency.LatencyInputs(slo_ms=2000, gpus=4),
        model="llama-3.1-70b",
        arch=CAT.architecture("llama-3.1-70b"),
        gpu=CAT.gpu("h100-sxm"),
    )
    assert result["perceived_ms"]["high"] < 2000 < result["e2e_ms"]["low"]
    assert result["slo_verdict"] == "misses" and result["meets_slo"] is False
    text = result["slo"]["full_response"]["text"]
    assert text.startswith("end to end ") and text.endswith("> 2 s SLO: misses")


def test_pipeline_stages_and_sequential_calls_add_up():
    base = latency.LatencyInputs(network_ms=0)
    one = latency.estimate(base, model="gpt-4o", api=CAT.api_latency("gpt-4o"))
    three = latency.estimate(
        latency.LatencyInputs(network_ms=0, llm_calls=3, pipeline_ms=400),
        model="gpt-4o",
        api=CAT.api_latency("gpt-4o"),
    )
    for end in ("low", "high"):
        call = one["llm_call_ms"][end]
        assert three["e2e_ms"][end] == pytest.approx(400 + 3 * call, abs=0.2)
        # the answer's first token waits for the two calls before it
        assert three["first_token_ms"][end] == pytest.approx(
            400 + 2 * call + one["ttft_ms"][end], abs=0.2
        )


def test_meets_slo_is_null_without_an_slo():
    result = latency.estimate(
        latency.LatencyInputs(), model="gpt-4o", api=CAT.api_latency("gpt-4o")
    )
    assert result["meets_slo"] is None


def test_self_hosted_latency_by_hand():
    # Llama 2 7B on one A100 80GB, bf16, 1,000 input tokens, 250 output, one request.
    # A decode step at the average context of 1,000 + 125 = 1,125 tokens, fast end:
    #   weights 13.48e9 B / (2,039e9 B/s x 0.92) = 7.186 ms, beside 2 x 6.74e9 FLOPs /
    #   (312e12 x 0.85) = 0.051 ms -> the GEMMs' roofline sqrt(7.186^2 + 0.051^2) = 7.186 ms;
    #   KV 1,125 x 524,288 B = 0.590e9 B / 1,876e9 B/s = 0.314 ms (attention FLOPs ~0);
    #   + 1.4 ms per step = 8.90 ms.
    # Slow end: 13.48e9 / (2,039e9 x 0.65) = 10.171 ms + 0.445 ms of KV + 3.5 ms = 14.12 ms.
    result = latency.estimate(
        latency.LatencyInputs(input_tokens=1000, output_tokens=250),
        model="llama-2-7b",
        arch=CAT.architecture("llama-2-7b"),
        gpu=CAT.gpu("a100-80gb"),
    )
    assert result["mode"] == "self-hosted" and result["gpus"] == 1
    assert result["tpot_ms"] == {"low": pytest.approx(8.9), "high": pytest.approx(14.1)}


def test_concurrency_slows_each_request_down():
    arch, gpu = CAT.architecture("llama-3.1-8b"), CAT.gpu("h100-sxm")
    alone = latency.estimate(latency.LatencyInputs(), model="m", arch=arch, gpu=gpu)
    busy = latency.estimate(latency.LatencyInputs(concurrency=64), model="m", arch=arch, gpu=gpu)
    assert busy["tpot_ms"]["low"] > 1.5 * alone["tpot_ms"]["low"]
    assert busy["ttft_ms"]["low"] > alone["ttft_ms"]["low"]
    assert any("64 requests decode together" in a for a in busy["assumptions"])


def test_tensor_parallelism_is_not_free():
    # Llama 3.1 70B in fp8 fits 2 H100s; on 8 it reads 4x less per GPU but pays 160
    # all-reduces a step: a token gets faster, but far less than 4x
    arch, gpu = CAT.architecture("llama-3.1-70b"), CAT.gpu("h100-sxm")
    two = latency.estimate(
        latency.LatencyInputs(gpus=2, dtype="fp8"), model="m", arch=arch, gpu=gpu
    )
    eight = latency.estimate(
        latency.LatencyInputs(gpus=8, dtype="fp8"), model="m", arch=arch, gpu=gpu
    )
    speedup = two["tpot_ms"]["high"] / eight["tpot_ms"]["high"]
    assert 1.3 < speedup < 3


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
    # 1 input token: 2 x 6.74e9 FLOPs take 0.05 ms, but the 13.48e9 B of weights must still be
    # read once: fast 1.0 ms per request + 13.48e9 / (2,039e9 x 0.92) = 7.19 ms + 1.4 ms per
    # pass = 9.6 ms; slow 2.5 + 13.48e9 / (2,039e9 x 0.65) = 10.17 ms + 3.5 = 16.2 ms
    result = latency.estimate(
        latency.LatencyInputs(input_tokens=1, output_tokens=10),
        model="llama-2-7b",
        arch=CAT.architecture("llama-2-7b"),
        gpu=CAT.gpu("a100-80gb"),
    )
    assert result["ttft_ms"] == {"low": pytest.approx(9.6), "high": pytest.approx(16.2)}


def test_latent_attention_and_sliding_windows_shrink_the_kv_cache():
    # DeepSeek-V3: (512 + 64) values x 2 bytes x 61 layers = 70,272 B a token, ~7x less than
    # 128 heads of K and V would need even with 8 KV heads
    deepseek = CAT.architecture("deepseek-v3")
    assert capacity.kv_bytes_per_token(deepseek, "bf16") == (512 + 64) * 2 * 61
    # Mistral 7B keeps 4,096 tokens per layer: at 32,768 tokens a sequence holds 1/8 of them
    mistral = CAT.architecture("mistral-7b")
    full = sv.kv_bytes_per_sequence(mistral, "bf16", 4096)
    assert sv.kv_bytes_per_sequence(mistral, "bf16", 32_768) == pytest.approx(full)
    # a latent-attention cache is not split by tensor parallelism: each GPU holds all of it
    replica = sv.Replica(deepseek, CAT.gpu("h200"), "fp8", "bf16", 8)
    assert sv.kv_shards(replica) == 1

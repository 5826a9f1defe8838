"""Calculator fixes from review, each against a hand-worked figure with its source.

Sources: Mixtral's config.json (num_local_experts = 8, num_experts_per_tok = 2) and Mistral's
announcement (46.7B total, 12.9B active); NVIDIA datasheets (dense TFLOPS: H100 BF16 989, FP8
1,979; A100 BF16 312, no FP8); GPU memory from nvidia-smi memory.total (A100 80GB 81,920 MiB,
L4 23,034 MiB); usable bytes per GPU = memory x 0.9 - 2 GiB (see test_calc_capacity.py).
"""

from __future__ import annotations

import json

import pytest

from genai_design_cli.calc import capacity, engine, latency
from genai_design_cli.calc import serving as sv
from genai_design_cli.calc.catalog import Catalog
from genai_design_cli.render import calc_tables as report

CAT = Catalog()


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- 1. mixture of experts: a decode step at a large batch reads nearly every expert --------


def test_mixtral_experts_are_carried_from_the_catalog():
    arch = CAT.architecture("mixtral-8x7b")
    assert (arch.experts, arch.experts_per_token) == (8, 2)


def test_moe_bytes_read_per_step_grow_with_the_batch():
    # total = shared + 8e = 46.7B and active = shared + 2e = 12.9B -> e = 33.8B / 6 = 5.633B,
    # experts 45.067B, shared 1.633B
    arch = CAT.architecture("mixtral-8x7b")
    shared, routed = sv.expert_split(arch)
    assert shared == pytest.approx(1.6333e9, rel=1e-4)
    assert routed == pytest.approx(45.0667e9, rel=1e-4)
    # batch 1: shared + experts x (1 - 0.75) = the 12.9B active parameters, x 2 bytes (bf16)
    assert sv.weight_bytes_read(arch, "bf16", 1) == pytest.approx(25.8e9)
    # batch 4: 1 - 0.75^4 = 0.6836 of the experts -> 1.633 + 45.067 x 0.6836 = 32.44B params
    assert sv.weight_bytes_read(arch, "bf16", 4) == pytest.approx(2 * 32.44e9, rel=1e-3)
    # batch 256: 0.75^256 ~ 1e-32 -> all 46.7B parameters
    assert sv.weight_bytes_read(arch, "bf16", 256) == pytest.approx(93.4e9)
    # a dense model reads all its weights at any batch
    dense = CAT.architecture("llama-2-7b")
    assert sv.weight_bytes_read(dense, "bf16", 256) == pytest.approx(13.48e9)


def test_mixtral_on_two_a100s_at_batch_256_reads_all_46_7b_parameters():
    # 2 x A100 80GB: 2 x 75,161,927,680 B usable - 93.4e9 B of weights = 56.92e9 B of KV cache;
    # / (131,072 B/token x 1,250 tokens) = 347 sequences -> batch capped at 256.
    # A decode step at batch 256 reads all 93.4e9 B of weights: 93.4e9 / (2 x 2,039e9 x 0.92)
    # = 24.9 ms before the KV cache. Reading only the 12.9B active parameters (25.8e9 B, 6.9 ms)
    # would have claimed ~3.6x the tokens per second.
    result = capacity.estimate(
        capacity.CapacityInputs(qps=5, tensor_parallel=2),
        CAT.architecture("mixtral-8x7b"),
        CAT.gpu("a100-80gb"),
    )
    assert result["batch"] == 256
    assert result["max_concurrent_sequences"] == 347
    assert result["decode_weight_bytes_per_step"] == pytest.approx(93.4e9, rel=1e-9)
    weights_only = 256 / (93.4e9 / (2 * 2039e9 * 0.92))
    assert result["decode_tokens_per_s_per_replica"]["high"] < weights_only
    moe = next(a for a in result["assumptions"] if a.startswith("Mixture of experts"))
    assert "1 - (1 - 2/8)^B" in moe and "100.0% at the batch of 256" in moe


def test_mixtral_latency_reads_more_experts_as_the_batch_grows():
    # one request: a step reads the 12.9B active parameters (25% of the experts); 8 requests
    # together read 1 - 0.75^8 = 90% of them: each token gets ~3x slower
    arch, gpu = CAT.architecture("mixtral-8x7b"), CAT.gpu("a100-80gb")
    one = latency.estimate(latency.LatencyInputs(), model="m", arch=arch, gpu=gpu)
    eight = latency.estimate(latency.LatencyInputs(concurrency=8), model="m", arch=arch, gpu=gpu)
    assert one["gpus"] == 2
    # fast end at batch 1: 25.8e9 B / (2 x 2,039e9 x 0.92) = 6.88 ms + KV + 1.4 ms per step
    assert one["tpot_ms"]["low"] == pytest.approx(8.8, abs=0.1)
    assert eight["tpot_ms"]["low"] > 2.5 * one["tpot_ms"]["low"]
    assert any("90% of the routed experts" in a for a in eight["assumptions"])


# --- 4. vLLM memory: the KV cache gets what is left after weights and activations ----------


def test_kv_cache_gets_the_rest_after_weights_and_the_activation_allowance():
    # L4: 23,034 MiB x 0.9 - 2 GiB = 19,590,125,978 B; Llama 2 7B bf16 13.48e9 B of weights
    # -> 6,110,125,978 B of KV cache = 11,654 tokens at 524,288 B -> 9 sequences of 1,250
    result = capacity.estimate(
        capacity.CapacityInputs(qps=0.1),
        CAT.architecture("llama-2-7b"),
        CAT.gpu("l4"),
    )
    assert result["usable_bytes_per_gpu"] == 19_590_125_978
    assert result["tensor_parallel"] == 1
    assert result["kv_cache_bytes_available"] == 19_590_125_978 - 13_480_000_000
    assert result["max_concurrent_sequences"] == 9
    text = " ".join(result["assumptions"])
    assert "2 GiB per GPU for the activation peak and CUDA graphs" in text
    assert "the KV cache gets the rest" in text


# --- 5. SLO verdict: the pessimistic end must be within the SLO ------------------------------


@pytest.mark.parametrize(
    ("slo", "verdict", "meets"),
    [(1000, "meets", True), (700, "at risk", False), (500, "misses", False), (900, "meets", True)],
)
def test_slo_verdict_uses_the_high_end(slo, verdict, meets):
    # gpt-4o-mini: first token (streaming) = network 50 + guardrail 30 + retrieval 120 + TTFT
    # 350-700 ms = 550-900 ms
    result = latency.estimate(
        latency.LatencyInputs(retrieval_ms=120, guardrail_ms=30, ttft_slo_ms=slo),
        model="gpt-4o-mini",
        api=CAT.api_latency("gpt-4o-mini"),
    )
    assert result["perceived_ms"] == {"low": 550, "high": 900}
    assert result["slo_verdict"] == verdict
    assert result["meets_slo"] is meets
    assert result["slo"]["first_token"]["text"].endswith(f"SLO: {verdict}")
    assert any("high (pessimistic) end" in a for a in result["assumptions"])


def test_at_risk_is_shown_in_the_table(cli):
    # claude-sonnet-4 end to end = 50 ms + its TTFT + 250 tokens; an SLO between the two ends
    data = _json(cli("latency", "--model", "claude-sonnet-4", "--json"))
    low, high = data["e2e_ms"]["low"], data["e2e_ms"]["high"]
    slo = str(int((low + high) / 2))
    out = cli("latency", "--model", "claude-sonnet-4", "--slo-ms", slo)
    assert out.exit_code == 0 and "at risk" in out.output


# --- 7. tensor parallelism within one node, on degrees that split the heads ----------------


def test_tp_degrees_divide_attention_and_kv_heads():
    # qwen2.5-7b: 28 attention heads, 4 KV heads -> 8 does not divide 28
    assert capacity.tp_degrees(CAT.architecture("qwen2.5-7b")) == (1, 2, 4)
    assert capacity.tp_degrees(CAT.architecture("llama-3.1-70b")) == (1, 2, 4, 8)


def test_tensor_parallel_is_chosen_from_valid_degrees_and_stated():
    result = capacity.estimate(
        capacity.CapacityInputs(qps=200),
        CAT.architecture("qwen2.5-7b"),
        CAT.gpu("l4"),
    )
    assert result["tensor_parallel"] in (1, 2, 4)
    assert any("(1, 2, 4)" in a and "one 8-GPU node" in a for a in result["assumptions"])


def test_a_model_that_does_not_fit_one_node_is_a_clear_error(cli):
    # llama-3.1-70b at 131,072 tokens on L4s: 141.2e9 B of weights + 131,072 x 327,680 B =
    # 42.95e9 B of KV = 184.2e9 B > 8 x 19.59e9 B = 156.7e9 B usable in one 8-GPU node
    result = cli(
        "capacity", "--model", "llama-3.1-70b", "--gpu", "l4", "--qps", "1", "--context", "131072"
    )
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "does not fit one 8-GPU node of l4" in out
    assert "--dtype" in out and "--context" in out and "h200" in out
    assert "Traceback" not in result.output
    # the engine skips capacity (and the self-hosted latency) instead of raising
    results = engine.run(
        {"qps": 1, "model": "llama-3.1-70b", "gpu": "l4", "model_hosting": "self-hosted",
         "input_tokens": 131_000, "output_tokens": 72}
    )  # fmt: skip
    assert "capacity" not in results and "latency" not in results


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("latency", "--model", "qwen2.5-7b", "--gpu", "l4", "--gpus", "8"), "use one of 1, 2, 4"),
        (("latency", "--model", "gpt-4o", "--gpus", "16"), "at most 8 GPUs per replica"),
        (
            ("capacity", "--model", "llama-2-70b", "--gpu", "a100-80gb", "--qps", "1",
             "--gpus", "1"),
            "at least 2 are needed",
        ),
        (("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1", "--dtype", "fp32"),
         "use one of fp16, bf16, fp8, int8, int4"),
    ],
)  # fmt: skip
def test_gpus_and_dtype_flags(cli, args, expected):
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert "--gpus" in result.output or "--dtype" in result.output


def test_capacity_gpus_flag_fixes_the_degree(cli):
    data = _json(
        cli("capacity", "--model", "llama-2-70b", "--gpu", "a100-80gb", "--qps", "1", "--gpus",
            "4", "--json")
    )  # fmt: skip
    assert data["tensor_parallel"] == 4
    assert data["gpus"] == data["replicas"] * 4


# --- 8. latency warns when the tokens exceed the model's context window --------------------


def test_latency_warns_beyond_the_context_window(cli):
    # Llama 2 7B: max_position_embeddings 4,096 < 4,000 + 250
    data = _json(
        cli("latency", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--input-tokens", "4000",
            "--json")
    )  # fmt: skip
    assert any("context window of 4,096" in a for a in data["assumptions"])
    # an API model with a published architecture: llama-3.1-8b's window is 131,072
    data = _json(cli("latency", "--model", "llama-3.1-8b", "--input-tokens", "200k", "--json"))
    assert data["mode"] == "api"
    assert any("context window of 131,072" in a for a in data["assumptions"])
    data = _json(cli("latency", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--json"))
    assert not any("context window" in a for a in data["assumptions"])


# --- 9. units and types -----------------------------------------------------------------------


def test_capacity_table_uses_binary_units_throughout():
    result = capacity.estimate(
        capacity.CapacityInputs(qps=1), CAT.architecture("llama-2-7b"), CAT.gpu("a100-80gb")
    )
    rows = dict(report.capacity_rows(result))
    # 13.48e9 B / 2^30 = 12.55 GiB; KV per token 524,288 B / 1,024 = 512 KiB
    assert rows["Weights"] == "12.6 GiB (bf16)"
    assert rows["KV cache per token"] == "512 KiB (bf16)"
    assert rows["KV cache space per replica"].endswith("GiB")
    assert "$ per 1M input tokens" in rows and "$ per 1M output tokens" in rows
    assert rows["Peak QPS planned for"] == "2 (assumed 2× the average)"
    for key in ("weights_bytes", "kv_bytes_per_token", "kv_cache_bytes_available"):
        assert isinstance(result[key], int), key


def test_token_counts_are_ints_when_whole(cli):
    lat = _json(cli("latency", "--model", "gpt-4o", "--input-tokens", "1k", "--json"))
    assert lat["input_tokens"] == 1000 and isinstance(lat["input_tokens"], int)
    cost = _json(cli("cost", "--qps", "1", "--model", "gpt-4o", "--input-tokens", "1000", "--json"))
    assert isinstance(cost["input_tokens"], int) and isinstance(cost["output_tokens"], int)
    default = _json(cli("cost", "--qps", "1", "--model", "gpt-4o", "--json"))
    assert isinstance(default["input_tokens"], int)


def test_a_small_llm_fraction_is_not_shown_as_zero_percent(cli):
    result = cli("cost", "--qps", "1", "--model", "gpt-4o", "--llm-fraction", "0.005")
    assert result.exit_code == 0
    assert "Hybrid (0.5% to the LLM)" in result.output
    assert "0% to the LLM" not in result.output.replace("0.5% to the LLM", "")


def test_gpu_answered_without_hosting_is_self_hosted_for_cost_and_latency_alike():
    # llama-3.1-8b has both an API price and an architecture
    variables = {"qps": 1, "model": "llama-3.1-8b", "gpu": "h100-sxm"}
    results = engine.run(variables)
    assert set(results) == {"cost", "latency", "capacity"}
    assert results["cost"]["self_hosted"] is True
    assert results["latency"]["mode"] == "self-hosted"
    # the LLM path costs the fleet: 2 replicas (availability) x 1 H100 x $2.99 x 720 h
    assert results["capacity"]["replicas"] == 2
    assert results["cost"]["llm"]["per_month"] == pytest.approx(2 * 2152.80)
    for result in results.values():
        assert any("was answered but not the hosting" in a for a in result["assumptions"])
    api = engine.run({**variables, "model_hosting": "api"})
    assert set(api) == {"cost", "latency"}
    assert api["latency"]["mode"] == "api" and "self_hosted" not in api["cost"]


def test_engine_self_hosted_from_queries_per_month():
    # 2,592,000 queries a month = 1 QPS on average over 30 days; two H100 replicas
    results = engine.run(
        {"queries_per_month": 2_592_000, "model": "llama-3.1-8b", "gpu": "h100-sxm",
         "model_hosting": "self-hosted"}
    )  # fmt: skip
    assert results["capacity"]["qps"] == pytest.approx(1.0)
    assert results["cost"]["llm"]["per_query"] == pytest.approx(2 * 2152.80 / 2_592_000)


@pytest.mark.parametrize(
    ("variables", "estimated"),
    [
        ({"qps": "1e400", "model": "gpt-4o"}, {"latency"}),
        ({"qps": float("inf"), "model": "gpt-4o"}, {"latency"}),
        ({"qps": 1e305, "model": "llama-3.1-8b", "gpu": "h100-sxm"}, {"latency"}),
        ({"qps": 1, "input_tokens": 1e300, "model": "llama-3.1-8b", "gpu": "h100-sxm"}, set()),
        (
            {"qps": 1, "gpus": 1e300, "model": "llama-3.1-8b", "gpu": "h100-sxm"},
            {"cost", "latency", "capacity"},
        ),
        ({"qps": 1, "p95_slo_ms": "1e400", "model": "gpt-4o"}, {"cost", "latency"}),
    ],
)
def test_engine_never_raises_on_absurd_figures(variables, estimated):
    """Absurd figures never crash the calculators: what can still be estimated is, with every
    figure finite, and each calculator that cannot run says why."""
    from genai_design_cli.calc.catalog import Catalog

    run = engine.run_all(variables, Catalog.default())
    assert set(run.results) == estimated
    for result in run.results.values():
        json.dumps(result, allow_nan=False)  # every figure finite
    for name in {"cost", "latency", "capacity"} - estimated:
        assert run.missing[name] and all(reason.strip() for reason in run.missing[name])


# --- 10. fp8 computes on FP8 tensor cores where the GPU has them ---------------------------


@pytest.mark.parametrize(
    ("gpu", "dtype", "ttft_low"),
    [
        # llama-3.1-8b, 1,000 tokens, fast end: 1.0 ms per request + 1.4 ms per pass + attention
        # 2 x 8,192 x 500,500 pairs x 32 layers = 2.62e11 FLOPs / (989e12 x 0.85) = 0.31 ms +
        # the GEMMs: roofline of reading the weights and 2 x 8.03e9 x 1000 = 1.606e13 FLOPs:
        # fp8 on H100: 8.03e9 B / (3,350e9 x 0.92) = 2.61 ms, 1.606e13 / (989e12 x 0.85 x 1.6)
        #   = 11.94 ms -> sqrt(2.61^2 + 11.94^2) = 12.22 ms -> 14.9 ms
        ("h100-sxm", "fp8", 14.9),
        # bf16 on H100: 16.06e9 B -> 5.21 ms, 1.606e13 / (989e12 x 0.85) = 19.10 ms -> 19.80
        #   -> 22.5 ms
        ("h100-sxm", "bf16", 22.5),
        # A100 has no FP8 tensor cores: BF16 math, 1.606e13 / (312e12 x 0.85) = 60.56 ms,
        #   8.03e9 B / (2,039e9 x 0.92) = 4.28 ms -> 60.71 + 0.99 of attention + 2.4 -> 64.1 ms
        ("a100-80gb", "fp8", 64.1),
    ],
)
def test_fp8_prefill_uses_fp8_tensor_cores(gpu, dtype, ttft_low):
    result = latency.estimate(
        latency.LatencyInputs(dtype=dtype),
        model="llama-3.1-8b",
        arch=CAT.architecture("llama-3.1-8b"),
        gpu=CAT.gpu(gpu),
    )
    assert result["ttft_ms"]["low"] == pytest.approx(ttft_low, abs=0.06)


def test_capacity_states_which_tensor_cores_it_assumes():
    arch = CAT.architecture("llama-3.1-8b")
    h100 = capacity.estimate(capacity.CapacityInputs(qps=1, dtype="fp8"), arch, CAT.gpu("h100-sxm"))
    assert any("FP8 GEMMs 1.3-1.6x faster" in a for a in h100["assumptions"])
    a100 = capacity.estimate(
        capacity.CapacityInputs(qps=1, dtype="fp8"), arch, CAT.gpu("a100-80gb")
    )
    assert any("no FP8 tensor cores" in a for a in a100["assumptions"])


def test_kv_cache_stays_16_bit_unless_chosen():
    # as vLLM's kv_cache_dtype "auto": fp8 weights, bf16 cache; --kv-dtype fp8 halves it
    arch, gpu = CAT.architecture("llama-3.1-70b"), CAT.gpu("h100-sxm")
    auto = capacity.estimate(capacity.CapacityInputs(qps=1, dtype="fp8"), arch, gpu)
    fp8 = capacity.estimate(capacity.CapacityInputs(qps=1, dtype="fp8", kv_dtype="fp8"), arch, gpu)
    assert auto["kv_dtype"] == "bf16" and auto["kv_bytes_per_token"] == 2 * 80 * 8 * 128 * 2
    assert fp8["kv_bytes_per_token"] == auto["kv_bytes_per_token"] // 2

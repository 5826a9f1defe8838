"""Does the model fit the GPUs chosen for one replica? Weight memory (and one sequence's KV
cache) against the memory of `gpus` x the GPU, the first question an interviewer asks of a
self-hosted design ("70B in bf16 on one 40 GB card?"). Pure; the formulas are the capacity
calculator's own, so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from genai_design_cli.calc import capacity
from genai_design_cli.calc.catalog import Architecture, Gpu

GB = 1e9  # decimal gigabytes, as GPU datasheets state memory (an "80 GB" H100)
MEMORY_UTILISATION = 0.9  # vLLM's default gpu_memory_utilization, as capacity assumes


def usable_bytes_per_gpu(gpu: Gpu) -> float:
    """What one GPU holds for weights and KV cache: its memory x gpu_memory_utilization, less
    the activation and CUDA-graph allowance (the capacity calculator's assumption)."""
    return max(gpu.memory_bytes * MEMORY_UTILISATION - capacity.ACTIVATION_ALLOWANCE_BYTES, 0.0)


def model_fit(
    arch: Architecture,
    gpu: Gpu,
    gpus: int,
    dtype: str = "bf16",
    context_tokens: float | None = None,
) -> dict[str, Any]:
    """Weights and one full-context sequence's KV cache against the replica's GPU memory.

    - `weights_bytes` = parameters x bytes per parameter (capacity.weights_bytes: all experts
      of a mixture of experts are resident);
    - `kv_bytes` = KV bytes per token (capacity.kv_bytes_per_token; Kwon et al. 2023) x
      `context_tokens` (input + output of one request);
    - `memory_bytes` = gpus x the GPU's memory (datasheet); `usable_bytes` = what a server
      like vLLM leaves for weights and KV (capacity.usable_bytes_per_gpu, at 90% utilisation
      less an activation allowance).

    `weights_fit` is False when the weights alone exceed the GPUs' whole memory (no serving
    framework can help); `fits` is False when weights plus one sequence exceed what is usable.
    Raises ValueError for an unknown dtype or a GPU count below 1.
    """
    if gpus < 1:
        raise ValueError(f"gpus: must be at least 1 GPU (got {gpus})")
    if dtype not in capacity.BYTES_PER_PARAM:
        raise ValueError(f"dtype: unknown {dtype!r}; one of {', '.join(capacity.BYTES_PER_PARAM)}")
    weights = capacity.weights_bytes(arch, dtype)
    kv_dtype = capacity.default_kv_dtype(dtype)
    kv = capacity.kv_bytes_per_token(arch, kv_dtype) * max(context_tokens or 0.0, 0.0)
    memory = float(gpu.memory_bytes) * gpus
    per_gpu_usable = usable_bytes_per_gpu(gpu)
    usable = per_gpu_usable * gpus
    # the fewest GPUs of this type whose usable memory holds weights + one sequence (ignoring
    # how the heads split, which the capacity plan checks): ceil(need / usable per GPU)
    need = weights + kv
    min_gpus = int(-(-need // per_gpu_usable)) if per_gpu_usable > 0 else None
    return {
        "model": arch.model,
        "gpu": gpu.id,
        "gpus": gpus,
        "dtype": dtype,
        "weights_bytes": weights,
        "weights_gb": round(weights / GB, 1),
        "kv_bytes": kv,
        "kv_gb": round(kv / GB, 2),
        "context_tokens": context_tokens or 0,
        "memory_bytes": memory,
        "memory_gb": round(memory / GB, 1),
        "usable_gb": round(usable / GB, 1),
        "need_gb": round(need / GB, 1),
        "weights_fit": weights <= memory,
        "fits": need <= usable,
        "min_gpus": min_gpus,
        "assumptions": [
            f"Weights: {arch.params_b:g}B parameters x {capacity.BYTES_PER_PARAM[dtype]:g} "
            f"bytes ({dtype}); KV cache of one {context_tokens or 0:,.0f}-token sequence in "
            f"{kv_dtype}.",
            f"Usable memory per GPU: {MEMORY_UTILISATION:.0%} of {gpu.memory_bytes / GB:,.0f} GB "
            "less an activation allowance (as the capacity calculator assumes).",
        ],
        "sources": [
            {"model": arch.model, "as_of": arch.as_of, "source": arch.source},
            {"gpu": gpu.id, "as_of": gpu.spec_as_of, "source": gpu.spec_source},
        ],
    }

"""Named constants the calculators share: the month, token defaults, traffic and planning
limits, serving hardware, hosted-API latency and the break-even comparator."""

from __future__ import annotations

SECONDS_PER_DAY = 86_400
DAYS_PER_MONTH = 30  # DESIGN.md: a month is 30 days (the seed's "10M queries/month" example)
SECONDS_PER_MONTH = SECONDS_PER_DAY * DAYS_PER_MONTH  # the traffic month
HOURS_PER_MONTH = 24 * DAYS_PER_MONTH  # 720 h: GPUs are paid for the same month the traffic is

# Tokens per query when a design has not given them: a short RAG prompt and a paragraph out.
DEFAULT_INPUT_TOKENS = 1000
DEFAULT_OUTPUT_TOKENS = 250

DEFAULT_BASELINE_COST_PER_QUERY = 0.000001  # the seed's XGBoost figure, $/query

# GPUs per replica an answer may fix; more is not a replica but a cluster.
MAX_GPUS_PER_REPLICA = 64

# --- traffic --------------------------------------------------------------------------------

# Peak QPS when a design gives only the average. Reasoning, not a measurement: traffic that
# follows the day (people at work or awake) is close to a sine over 24 hours with its trough
# near zero, whose peak is twice its mean; traffic packed into office hours runs 2.5-3x. 2x is
# the gentle end: give the peak (--peak-qps, the peak-traffic question) when logs show it.
PEAK_TO_AVERAGE = 2.0
# Replicas run at this share of their throughput at peak: queueing delay grows as 1/(1 - load)
# (M/M/1: at 70% load a request waits ~2.3x its service time, at 90% ~9x), and a replica lost
# at peak must not tip the others over.
DEFAULT_UTILIZATION = 0.7
# Two replicas at least, so a crash, a deploy or a GPU fault does not take the service down.
DEFAULT_MIN_REPLICAS = 2
# vLLM's default max_num_seqs: sequences one replica decodes together.
DEFAULT_MAX_BATCH = 256

# --- serving hardware -----------------------------------------------------------------------

# GPU-to-GPU bandwidth per GPU, each direction, GB/s: what tensor-parallel all-reduces ride on.
# NVLink from NVIDIA's datasheets (bidirectional totals halved): A100 SXM 600 GB/s (NVLink 3),
# H100/H200 SXM 900 GB/s (NVLink 4), B200 1.8 TB/s (NVLink 5). MI300X: 7 Infinity Fabric links,
# 896 GB/s peer-to-peer in all (AMD's MI300X datasheet). L40S, L4 and A10G have no NVLink:
# PCIe 4.0 x16, 64 GB/s both ways.
INTERCONNECT_GB_S = {
    "a100-80gb": 300.0,
    "h100-sxm": 450.0,
    "h200": 450.0,
    "b200": 900.0,
    "mi300x": 448.0,
    "l40s": 32.0,
    "l4": 32.0,
    "a10g": 32.0,
}
DEFAULT_INTERCONNECT_GB_S = 32.0  # a GPU of the user's catalog: assumed PCIe 4.0 x16

# --- hosted APIs ----------------------------------------------------------------------------

# Catalog TTFT figures are typical at about 1,000 prompt tokens (Artificial Analysis's default
# workload until 2025: ~1,000 in, 1,000 out). Longer prompts add prefill time: 40-100 ms per
# 1,000 tokens. Glean measured +0.24 ms per input token at p95 on a hosted GPT-4 ("every
# additional token increases TTFT by approximately 0.24ms", glean.com/blog/glean-input-token-
# llm-latency); at p50, 500 more tokens add 20-30 ms on current APIs (collected at
# nirmalya.net/posts/2026/02/prompt-size-impact-on-llm-response). OpenAI's gpt-4.1-mini: 0.93 s
# TTFT at 10,000 tokens (Artificial Analysis) against 0.35-0.8 s at 1,000.
API_TTFT_REFERENCE_TOKENS = 1000
API_PREFILL_MS_PER_1K_TOKENS = (40.0, 100.0)

# --- break-even comparator ------------------------------------------------------------------

# The hosted model a self-hosted open model is compared with, by its ACTIVE parameters (what
# sets its quality class and its cost per token), when a design names none. Reasoning: an
# 8B-class open model answers like the small, cheap API tier (Flash-Lite, nano/mini); a
# 30B-class one like the mid tier; a 70B-class model competes with frontier-class models on
# most tasks, so self-hosting it must beat a frontier price, not the cheapest one. Each class
# lists candidates in order; the first the catalog prices and has not retired is used. Models
# that reason by default are left out: their hidden tokens would make the API look dearer.
BREAK_EVEN_BY_ACTIVE_PARAMS_B: tuple[tuple[float, tuple[str, ...]], ...] = (
    (20.0, ("gemini-2.5-flash-lite", "gpt-4o-mini")),
    (50.0, ("gpt-5.6-luna", "gpt-4.1-mini", "gpt-4o-mini")),
    (float("inf"), ("gpt-5.6-terra", "gpt-4.1", "gpt-4o")),
)

# Beyond these no real system goes, and past them the arithmetic only prints float noise: the
# busiest web services serve on the order of 1M requests/s, and the longest context windows
# hold about 10M tokens. An input over a limit is refused with the limit named.
MAX_QPS = 10_000_000
MAX_QUERIES_PER_MONTH = MAX_QPS * SECONDS_PER_MONTH
MAX_TOKENS_PER_QUERY = 100_000_000
MAX_MS = 86_400_000  # a day: no latency figure of a request is longer

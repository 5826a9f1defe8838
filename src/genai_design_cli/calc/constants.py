"""Named constants the calculators share: the month, token defaults, planning limits."""

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

# The hosted model self-hosting is compared with when a design names none: a small, cheap API
# model is what a self-hosted open model usually has to beat on price.
BREAK_EVEN_API_MODEL = "gpt-4o-mini"

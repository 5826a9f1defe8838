"""A small framework and sessions for the export tests (independent of the shipped framework)."""

from __future__ import annotations

from datetime import datetime, timezone

FRAMEWORK_TOML = """
schema_version = 1
id = "mini"
title = "Mini Framework"
version = "0.1.0"
minutes = 20

[[steps]]
id = "why-genai"
number = 0
title = "Why GenAI?"
summary = "Generative or discriminative, and what it costs."
minutes = 4
[[steps.subtopics]]
id = "cost-justification"
title = "Cost justification"
point = "LLM call ~$0.01/query. XGBoost ~$0.000001."
keywords = ["cost per query"]
links = [{ title = "LLM pricing", url = "https://example.com/pricing" }]
[[steps.questions]]
id = "output-kind"
kind = "select"
prompt = "What does the system output?"
var = "output_kind"
choices = [
  { value = "open-ended", label = "Open-ended text" },
  { value = "label", label = "A label or score" },
]
[[steps.questions]]
id = "llm-share"
kind = "number"
prompt = "Share of queries sent to the LLM"
var = "llm_fraction"
min = 0
max = 1
[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"

[[steps]]
id = "requirements"
number = 1
title = "Requirements"
summary = "Latency, cost, privacy, scale."
minutes = 4
[[steps.subtopics]]
id = "scale-numbers"
title = "Scale numbers"
point = "QPS now and in 6 months."
keywords = ["qps"]
[[steps.questions]]
id = "qps"
kind = "number"
prompt = "Peak QPS now"
var = "qps"
[[steps.questions]]
id = "qps-6mo"
kind = "number"
prompt = "Peak QPS in 6 months"
var = "qps_6mo"
[[steps.questions]]
id = "queries-per-month"
kind = "number"
prompt = "Queries per month"
var = "queries_per_month"
[[steps.questions]]
id = "input-tokens"
kind = "number"
prompt = "Input tokens per query"
var = "input_tokens"
[[steps.questions]]
id = "output-tokens"
kind = "number"
prompt = "Output tokens per query"
var = "output_tokens"
[[steps.questions]]
id = "p95-slo"
kind = "number"
prompt = "p95 latency SLO"
var = "p95_slo_ms"
unit = "ms"
[[steps.questions]]
id = "budget"
kind = "number"
prompt = "Budget per query"
var = "budget_per_query"
unit = "$"
[[steps.questions]]
id = "data-may-leave"
kind = "confirm"
prompt = "May data leave your infrastructure?"
var = "data_may_leave"
[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"

[[steps]]
id = "architecture"
number = 2
title = "Architecture"
summary = "API vs RAG vs fine-tune vs agents; the system diagram."
minutes = 4
[[steps.subtopics]]
id = "api-vs-rag-vs-fine-tune-vs-agents"
title = "API vs RAG vs Fine-tune vs Agents"
point = "RAG: retrieve, stuff context, generate."
keywords = ["rag"]
links = [{ title = "Retrieval-augmented generation", url = "https://arxiv.org/abs/2005.11401" }]
[[steps.questions]]
id = "pattern"
kind = "checkbox"
prompt = "Which pattern(s)?"
var = "architecture"
choices = [
  { value = "api", label = "API only" },
  { value = "rag", label = "RAG" },
  { value = "fine-tune", label = "Fine-tune" },
  { value = "agents", label = "Agents" },
]
[[steps.questions]]
id = "components"
kind = "checkbox"
prompt = "Components"
var = "components"
choices = ["response-cache", "router", "vector-store", "reranker", "input-guardrails",
  "output-guardrails", "tools", "feature-store", "human-escalation", "monitoring"]
[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"

[[steps]]
id = "model-selection"
number = 3
title = "Model Selection"
summary = "Foundation model, fine-tune vs ICL, routing."
minutes = 4
[[steps.subtopics]]
id = "foundation-model-choice"
title = "Foundation model choice"
point = "GPT-4o vs Claude vs Gemini vs open-source."
keywords = ["gpt-4o"]
[[steps.questions]]
id = "model"
kind = "select"
prompt = "Which model?"
var = "model"
choices = [{ value = "gpt-4o", label = "GPT-4o" }, { value = "gpt-4o-mini", label = "GPT-4o mini" },
  { value = "llama-3.1-8b", label = "Llama 3.1 8B" }]
[[steps.questions]]
id = "hosting"
kind = "select"
prompt = "Hosting"
var = "model_hosting"
choices = [{ value = "api", label = "Hosted API" },
  { value = "self-hosted", label = "Self-hosted" }]
[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"

[[steps]]
id = "inference-infra"
number = 4
title = "Inference Infra"
summary = "Serving framework, batching, KV cache, GPUs."
minutes = 4
[[steps.subtopics]]
id = "kv-cache"
title = "KV cache"
point = "PagedAttention for memory efficiency."
keywords = ["pagedattention"]
links = [{ title = "PagedAttention", url = "https://arxiv.org/abs/2309.06180" }]
[[steps.questions]]
id = "gpu"
kind = "select"
prompt = "GPU"
var = "gpu"
choices = ["a100-80gb", "h100-sxm"]
[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"
"""


def mini_framework():
    from genai_design_cli.framework import parse_framework_text

    return parse_framework_text(FRAMEWORK_TOML, "mini.toml")


WHEN = datetime(2026, 11, 26, 15, 30, tzinfo=timezone.utc)


def make_session(answers, steps=None, title="Support bot for an online store", **meta):
    from genai_design_cli.session import Session, SessionMeta, StepState

    return Session(
        session=SessionMeta(
            id="20261126-153000-support-bot",
            title=title,
            created=WHEN,
            updated=WHEN.replace(minute=41),
            **{"framework": "mini", **meta},
        ),
        steps={k: StepState(**v) for k, v in (steps or {}).items()},
        answers=answers,
    )


RAG_ANSWERS = {
    "why-genai": {"output-kind": "open-ended", "notes": "Customers ask free-form questions."},
    "requirements": {
        "qps": 50,
        "qps-6mo": 200,
        "input-tokens": 2000,
        "output-tokens": 300,
        "p95-slo": 3000,
        "budget": 0.01,
        "data-may-leave": True,
    },
    "architecture": {
        "pattern": ["rag"],
        "components": ["vector-store", "reranker", "input-guardrails", "output-guardrails"],
        "notes": "Retrieve from the help centre and the order API.",
    },
    "model-selection": {"model": "gpt-4o-mini", "hosting": "api"},
}

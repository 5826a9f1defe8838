"""A small framework and sessions for the export tests (independent of the shipped framework)."""

from __future__ import annotations

from datetime import datetime, timezone

from fixtures import (
    COMPONENTS,
    NOTES,
    SCALE_NUMBERS,
    framework,
    llm_share,
    parse,
    question,
    step,
    subtopic,
)

FRAMEWORK_TOML = framework(
    "Mini Framework",
    "0.1.0",
    20,
    step("why-genai", 0, "Why GenAI?", "Generative or discriminative, and what it costs.", 4),
    subtopic(
        "cost-justification",
        "Cost justification",
        "LLM call ~$0.01/query. XGBoost ~$0.000001.",
        ["cost per query"],
        links=[{"title": "LLM pricing", "url": "https://example.com/pricing"}],
    ),
    question(
        "output-kind",
        "select",
        "What does the system output?",
        var="output_kind",
        choices=[
            {"value": "open-ended", "label": "Open-ended text"},
            {"value": "label", "label": "A label or score"},
        ],
    ),
    llm_share(),
    NOTES,
    step("requirements", 1, "Requirements", "Latency, cost, privacy, scale.", 4),
    SCALE_NUMBERS,
    question("qps", "number", "Peak QPS now", var="qps"),
    question("qps-6mo", "number", "Peak QPS in 6 months", var="qps_6mo"),
    question("queries-per-month", "number", "Queries per month", var="queries_per_month"),
    question("input-tokens", "number", "Input tokens per query", var="input_tokens"),
    question("output-tokens", "number", "Output tokens per query", var="output_tokens"),
    question("p95-slo", "number", "p95 latency SLO", var="p95_slo_ms", unit="ms"),
    question("budget", "number", "Budget per query", var="budget_per_query", unit="$"),
    question(
        "data-may-leave", "confirm", "May data leave your infrastructure?", var="data_may_leave"
    ),
    NOTES,
    step(
        "architecture",
        2,
        "Architecture",
        "API vs RAG vs fine-tune vs agents; the system diagram.",
        4,
    ),
    subtopic(
        "api-vs-rag-vs-fine-tune-vs-agents",
        "API vs RAG vs Fine-tune vs Agents",
        "RAG: retrieve, stuff context, generate.",
        ["rag"],
        links=[
            {"title": "Retrieval-augmented generation", "url": "https://arxiv.org/abs/2005.11401"}
        ],
    ),
    question(
        "pattern",
        "checkbox",
        "Which pattern(s)?",
        var="architecture",
        choices=[
            {"value": "api", "label": "API only"},
            {"value": "rag", "label": "RAG"},
            {"value": "fine-tune", "label": "Fine-tune"},
            {"value": "agents", "label": "Agents"},
        ],
    ),
    question(
        "components",
        "checkbox",
        "Components",
        var="components",
        choices=COMPONENTS,
    ),
    NOTES,
    step(
        "model-selection", 3, "Model Selection", "Foundation model, fine-tune vs ICL, routing.", 4
    ),
    subtopic(
        "foundation-model-choice",
        "Foundation model choice",
        "GPT-4o vs Claude vs Gemini vs open-source.",
        ["gpt-4o"],
    ),
    question(
        "model",
        "select",
        "Which model?",
        var="model",
        choices=[
            {"value": "gpt-4o", "label": "GPT-4o"},
            {"value": "gpt-4o-mini", "label": "GPT-4o mini"},
            {"value": "llama-3.1-8b", "label": "Llama 3.1 8B"},
        ],
    ),
    question(
        "hosting",
        "select",
        "Hosting",
        var="model_hosting",
        choices=[
            {"value": "api", "label": "Hosted API"},
            {"value": "self-hosted", "label": "Self-hosted"},
        ],
    ),
    NOTES,
    step(
        "inference-infra", 4, "Inference Infra", "Serving framework, batching, KV cache, GPUs.", 4
    ),
    subtopic(
        "kv-cache",
        "KV cache",
        "PagedAttention for memory efficiency.",
        ["pagedattention"],
        links=[{"title": "PagedAttention", "url": "https://arxiv.org/abs/2309.06180"}],
    ),
    question("gpu", "select", "GPU", var="gpu", choices=["a100-80gb", "h100-sxm"]),
    NOTES,
)


def mini_framework():
    return parse(FRAMEWORK_TOML)


WHEN = datetime(2026, 11, 26, 15, 30, tzinfo=timezone.utc)


def make_session(answers, steps=None, title="Support bot for an online store", **meta):
    from genai_design_cli.model.session import Session, SessionMeta, StepState

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

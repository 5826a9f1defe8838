"""A small framework shaped like the real one (4 steps, conditional questions), for the interview
tests: `MINI_FRAMEWORK` as TOML text, `mini_framework()` parsed."""

from __future__ import annotations

from fixtures import LLM_SHARE_FOR_LABELS, NOTES, framework, parse, question, step, subtopic

NEEDS_RAG = {"var": "architecture", "contains": "rag"}
TEXT_NOTES = question("notes", "text", "Notes")

MINI_FRAMEWORK = framework(
    "Mini design",
    "0.1.0",
    10,
    step("why-genai", 0, "Why GenAI?", "Is an LLM needed at all?", 2),
    subtopic(
        "generative-vs-discriminative",
        "Generative vs discriminative",
        "Is the output open-ended text, or a label/score? If a classifier solves it, skip the LLM.",
        ["classifier", "label"],
    ),
    question(
        "output-kind",
        "select",
        "What does the system output?",
        var="output_kind",
        choices=["open-ended", "structured", "label"],
        default="open-ended",
    ),
    LLM_SHARE_FOR_LABELS,
    NOTES,
    step("requirements", 1, "Requirements", "Latency, cost, privacy, scale.", 3),
    subtopic(
        "scale-numbers",
        "Scale numbers",
        "QPS now and in 6 months. This shapes everything.",
        ["qps"],
    ),
    question("qps", "number", "Peak queries per second now", var="qps", required=True, min=0),
    question("users", "number", "Users", var="users", integer=True, min=0),
    question(
        "data-may-leave",
        "confirm",
        "May the data leave your infrastructure?",
        var="data_may_leave",
        default=True,
    ),
    TEXT_NOTES,
    step("architecture", 2, "Architecture", "API vs RAG vs fine-tune vs agents.", 3),
    subtopic(
        "api-vs-rag-vs-fine-tune-vs-agents",
        "API vs RAG vs Fine-tune vs Agents",
        "RAG: retrieve, stuff context, generate. Fine-tune when prompting can't teach it.",
        ["rag", "fine-tune"],
    ),
    question(
        "pattern",
        "checkbox",
        "Which patterns?",
        var="architecture",
        required=True,
        choices=["api", "rag", "fine-tune", "agents"],
        default=["api"],
    ),
    question(
        "agent-need",
        "text",
        "What multi-step or tool-use need calls for agents?",
        var="agent_need",
        required=True,
        when={"var": "architecture", "contains": "agents"},
    ),
    TEXT_NOTES,
    step("data-strategy", 3, "Data Strategy", "Knowledge base, retrieval, eval data.", 2),
    subtopic(
        "retrieval-pipeline",
        "Retrieval pipeline",
        "Chunking strategy, embedding model, vector store, hybrid search + reranking.",
        ["chunking", "reranking"],
    ),
    question(
        "knowledge-sources",
        "text",
        "Which knowledge sources?",
        var="knowledge_sources",
        required=True,
        when=NEEDS_RAG,
    ),
    question(
        "retrieval-ms",
        "number",
        "Retrieval latency budget",
        var="retrieval_ms",
        unit="ms",
        default=50,
        when=NEEDS_RAG,
    ),
    question(
        "training-data",
        "text",
        "Which training data for fine-tuning?",
        var="training_data",
        required=True,
        when={"var": "architecture", "contains": "fine-tune"},
    ),
    question("eval-dataset", "multiline", "Which evaluation data?", var="eval_dataset"),
    TEXT_NOTES,
)


def mini_framework():
    return parse(MINI_FRAMEWORK)

"""Shared test helpers for the interview tests: a small framework shaped like the real one."""

from __future__ import annotations

MINI_FRAMEWORK = """
schema_version = 1
id = "mini"
title = "Mini design"
version = "0.1.0"
minutes = 10

[[steps]]
id = "why-genai"
number = 0
title = "Why GenAI?"
summary = "Is an LLM needed at all?"
minutes = 2

[[steps.subtopics]]
id = "generative-vs-discriminative"
title = "Generative vs discriminative"
point = "Is the output open-ended text, or a label/score? If a classifier solves it, skip the LLM."
keywords = ["classifier", "label"]

[[steps.questions]]
id = "output-kind"
kind = "select"
prompt = "What does the system output?"
var = "output_kind"
choices = ["open-ended", "structured", "label"]
default = "open-ended"

[[steps.questions]]
id = "llm-share"
kind = "number"
prompt = "Share of queries sent to the LLM"
var = "llm_fraction"
min = 0
max = 1
default = 1
when = { var = "output_kind", eq = "label" }

[[steps.questions]]
id = "notes"
kind = "multiline"
prompt = "Notes"

[[steps]]
id = "requirements"
number = 1
title = "Requirements"
summary = "Latency, cost, privacy, scale."
minutes = 3

[[steps.subtopics]]
id = "scale-numbers"
title = "Scale numbers"
point = "QPS now and in 6 months. This shapes everything."
keywords = ["qps"]

[[steps.questions]]
id = "qps"
kind = "number"
prompt = "Peak queries per second now"
var = "qps"
required = true
min = 0

[[steps.questions]]
id = "users"
kind = "number"
prompt = "Users"
var = "users"
integer = true
min = 0

[[steps.questions]]
id = "data-may-leave"
kind = "confirm"
prompt = "May the data leave your infrastructure?"
var = "data_may_leave"
default = true

[[steps.questions]]
id = "notes"
kind = "text"
prompt = "Notes"

[[steps]]
id = "architecture"
number = 2
title = "Architecture"
summary = "API vs RAG vs fine-tune vs agents."
minutes = 3

[[steps.subtopics]]
id = "api-vs-rag-vs-fine-tune-vs-agents"
title = "API vs RAG vs Fine-tune vs Agents"
point = "RAG: retrieve, stuff context, generate. Fine-tune when prompting can't teach it."
keywords = ["rag", "fine-tune"]

[[steps.questions]]
id = "pattern"
kind = "checkbox"
prompt = "Which patterns?"
var = "architecture"
required = true
choices = ["api", "rag", "fine-tune", "agents"]
default = ["api"]

[[steps.questions]]
id = "agent-need"
kind = "text"
prompt = "What multi-step or tool-use need calls for agents?"
var = "agent_need"
required = true
when = { var = "architecture", contains = "agents" }

[[steps.questions]]
id = "notes"
kind = "text"
prompt = "Notes"

[[steps]]
id = "data-strategy"
number = 3
title = "Data Strategy"
summary = "Knowledge base, retrieval, eval data."
minutes = 2

[[steps.subtopics]]
id = "retrieval-pipeline"
title = "Retrieval pipeline"
point = "Chunking strategy, embedding model, vector store, hybrid search + reranking."
keywords = ["chunking", "reranking"]

[[steps.questions]]
id = "knowledge-sources"
kind = "text"
prompt = "Which knowledge sources?"
var = "knowledge_sources"
required = true
when = { var = "architecture", contains = "rag" }

[[steps.questions]]
id = "retrieval-ms"
kind = "number"
prompt = "Retrieval latency budget"
var = "retrieval_ms"
unit = "ms"
default = 50
when = { var = "architecture", contains = "rag" }

[[steps.questions]]
id = "training-data"
kind = "text"
prompt = "Which training data for fine-tuning?"
var = "training_data"
required = true
when = { var = "architecture", contains = "fine-tune" }

[[steps.questions]]
id = "eval-dataset"
kind = "multiline"
prompt = "Which evaluation data?"
var = "eval_dataset"

[[steps.questions]]
id = "notes"
kind = "text"
prompt = "Notes"
"""


def mini_framework():
    from genai_design_cli.framework import parse_framework_text

    return parse_framework_text(MINI_FRAMEWORK, "mini.toml")

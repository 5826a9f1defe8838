"""Building blocks for the small framework files the tests load (independent of the shipped
framework): a step, sub-topic or question a call, and the blocks several of them share."""

from __future__ import annotations

import json


def toml_value(value) -> str:
    """A TOML value on one line: string, number, boolean, array or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def _lines(fields: dict) -> str:
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in fields.items())


def table(name: str, **fields) -> str:
    """`[[name]]`, then one `key = value` line a field, in the order given."""
    return f"[[{name}]]\n" + _lines(fields)


def framework(title: str, version: str, minutes: int, *blocks: str) -> str:
    """A framework file with the id "mini": its header, then the blocks, a blank line between."""
    header = _lines(
        {"schema_version": 1, "id": "mini", "title": title, "version": version, "minutes": minutes}
    )
    return "\n".join([header, *blocks])


def step(id: str, number: int, title: str, summary: str, minutes: int) -> str:
    return table("steps", id=id, number=number, title=title, summary=summary, minutes=minutes)


def subtopic(id: str, title: str, point: str, keywords: list[str], **more) -> str:
    return table("steps.subtopics", id=id, title=title, point=point, keywords=keywords, **more)


def question(id: str, kind: str, prompt: str, **more) -> str:
    return table("steps.questions", id=id, kind=kind, prompt=prompt, **more)


def parse(text: str):
    from genai_design_cli.model.framework import parse_framework_text

    return parse_framework_text(text, "mini.toml")


NOTES = question("notes", "multiline", "Notes")
SCALE_NUMBERS = subtopic("scale-numbers", "Scale numbers", "QPS now and in 6 months.", ["qps"])


def llm_share(**more) -> str:
    """Why GenAI's share of queries sent to the LLM, 0-1."""
    prompt = "Share of queries sent to the LLM"
    return question("llm-share", "number", prompt, var="llm_fraction", min=0, max=1, **more)


# asked only when the output is a label
LLM_SHARE_FOR_LABELS = llm_share(default=1, when={"var": "output_kind", "eq": "label"})


# --- what DESIGN.md and the issues fix, checked by several test files ---------------------

# The catalog entries issue 4 requires, and the choices the framework's questions offer.
API_MODELS = [
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "o3-mini",
    "claude-sonnet-4",
    "claude-3-5-haiku",
    "gemini-2.0-flash",
    "gemini-2.5-pro",
    "llama-3.1-8b",
    "llama-3.1-70b",
]
OPEN_MODELS = [
    "llama-2-7b",
    "llama-2-13b",
    "llama-2-70b",
    "llama-3.1-8b",
    "llama-3.1-70b",
    "mistral-7b",
    "mixtral-8x7b",
    "qwen2.5-7b",
    "qwen2.5-72b",
    "opt-13b",
]
CATALOG_MODELS = API_MODELS + [m for m in OPEN_MODELS if m not in API_MODELS]
GPUS = ["a100-40gb", "a100-80gb", "h100-sxm", "h200", "l4", "a10g"]

# The seed's pipeline, in order.
STEP_TITLES = [
    "Why GenAI?",
    "Requirements",
    "Architecture",
    "Data Strategy",
    "Model Selection",
    "Inference Infra",
    "Guardrails",
    "Evaluation",
    "Deploy & Monitor",
]

# The architecture components the diagram knows (framework variable `components`).
COMPONENTS = [
    "response-cache",
    "router",
    "vector-store",
    "reranker",
    "input-guardrails",
    "output-guardrails",
    "tools",
    "feature-store",
    "human-escalation",
    "monitoring",
]

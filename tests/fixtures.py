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
    from genai_design_cli.framework import parse_framework_text

    return parse_framework_text(text, "mini.toml")


NOTES = question("notes", "multiline", "Notes")
SCALE_NUMBERS = subtopic("scale-numbers", "Scale numbers", "QPS now and in 6 months.", ["qps"])


def llm_share(**more) -> str:
    """Why GenAI's share of queries sent to the LLM, 0-1."""
    prompt = "Share of queries sent to the LLM"
    return question("llm-share", "number", prompt, var="llm_fraction", min=0, max=1, **more)


# asked only when the output is a label
LLM_SHARE_FOR_LABELS = llm_share(default=1, when={"var": "output_kind", "eq": "label"})

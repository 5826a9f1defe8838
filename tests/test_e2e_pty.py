"""End to end in a real pseudo-terminal: the installed `genai-design new`, driven with pexpect
from the first prompt to the exported design document."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import tomli_w

pytestmark = pytest.mark.slow


def genai_design_command() -> list[str]:
    beside = Path(sys.executable).parent / "genai-design"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("genai-design")
    if found:
        return [found]
    return [sys.executable, "-m", "genai_design_cli"]


def answers_for_all_but_qps(framework) -> dict:
    """Every question answered (defaults, or a plain value) except requirements.qps, which
    the test types; architecture and model are chosen so that the calculators run."""
    answers: dict = {}
    for step, question in framework.questions():
        if (step.id, question.id) == ("requirements", "qps"):
            continue
        value = question.default
        if value is None:
            value = {
                "text": "written in the answers file",
                "multiline": "written in the answers file",
                "checkbox": [],
                "confirm": False,
                "number": question.min if question.min is not None else 1,
            }.get(question.kind, question.choices[0].value if question.choices else None)
        answers.setdefault(step.id, {})[question.id] = value
    answers["requirements"]["qps-6mo"] = "5k"
    answers["requirements"]["queries-per-month"] = "6.48B"  # 2.5k QPS for 30 days
    answers["architecture"]["architecture"] = ["rag"]
    answers["model-selection"]["model"] = "gpt-4o-mini"
    answers["model-selection"]["model-hosting"] = "api"
    return answers


def test_new_in_a_terminal_from_first_prompt_to_exported_file(tmp_path, framework):
    home = tmp_path / "home"
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text(tomli_w.dumps({"answers": answers_for_all_but_qps(framework)}))
    out = tmp_path / "design.md"
    command = genai_design_command()
    args = command[1:] + [
        "new",
        "--title",
        "Terminal test",
        "--answers",
        str(answers_file),
        "--out",
        str(out),
    ]
    env = {**os.environ, "GENAI_DESIGN_HOME": str(home), "TERM": "xterm", "COLUMNS": "120"}
    # pexpect does not answer prompt_toolkit's cursor-position requests: without this each
    # prompt waits for the reply to time out (a real terminal answers at once)
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        command[0], args, env=env, dimensions=(40, 120), encoding="utf-8", timeout=30
    )
    try:
        # step 0 and 1: the between-steps menu, answered by Enter (continue)
        child.expect(r"Step 0: Why GenAI\? · 1 of 9")
        child.expect(r"What next\?")
        child.send("\r")
        child.expect(r"Step 1: Requirements · 2 of 9")
        child.expect(r"What next\?")
        child.send("\r")
        # the one question the file leaves open: letters are refused in place
        child.expect(r"Queries per second today")
        child.send("lots\r")
        child.expect(r"'lots' is not a number")
        child.send("\x15" + "2.5k\r")  # Ctrl-U clears the line
        for number, title in [
            (2, "Architecture"),
            (3, "Data Strategy"),
            (4, "Model Selection"),
            (5, "Inference Infra"),
            (6, "Guardrails"),
            (7, "Evaluation"),
            (8, "Deploy & Monitor"),
        ]:
            child.expect(rf"Step {number}: {title} · {number + 1} of 9")
            child.expect(r"What next\?")
            child.send("\r")
        child.expect(r"All steps walked\. What next\?")
        child.send("\r")  # Finish
        child.expect(r"Wrote ")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    doc = out.read_text()
    assert doc.startswith("# Terminal test")
    assert "| Average traffic | 2.5k queries/s |" in doc  # the typed QPS reached the document
    assert "```mermaid" in doc
    sessions = list((home / "sessions").glob("*.toml"))
    assert len(sessions) == 1
    assert "qps = 2500" in sessions[0].read_text()

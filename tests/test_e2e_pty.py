"""End to end in a real pseudo-terminal: the installed `genai-design new`, driven with pexpect
from the first prompt to the exported design document."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import tomli_w

pytestmark = pytest.mark.slow


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def plain(text: str) -> str:
    """What the terminal shows, roughly: escape sequences out, cursor moves as spaces."""
    return ANSI.sub("", text.replace("\x1b[C", " "))


def settle(child: pexpect.spawn, quiet: float = 0.6) -> str:
    """Everything the program writes until it has been quiet for `quiet` seconds (it waits
    for input then)."""
    out = ""
    first = True
    while True:
        try:
            out += child.read_nonblocking(100_000, timeout=30 if first else quiet)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return out
        first = False


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
    """The file answers everything but the QPS: `new` opens with a recap, asks only that,
    raises each finding with its choice, shows the numbers digest and waits, then ends
    with the summary and the document."""
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
    seen: list[str] = []
    screens = {
        "qps": r"Queries per second today",
        "finding": r"Keep it, or fix it\?",
        "why": r"Why keep it\?",
        "numbers": r"Read the numbers, then:",
        "end": r"All steps walked\. What next\?",
    }
    transcript = ""
    try:
        while True:
            # act on the prompt on screen now: the last one drawn once the output settles
            # (prompt_toolkit redraws an answered prompt, so an earlier match may be stale)
            transcript += settle(child)
            text = plain(transcript)
            if "Wrote " in text:
                break
            at = {name: text.rfind(re.sub(r"\\", "", pattern)) for name, pattern in screens.items()}
            name = max(at, key=at.get)
            assert len(seen) < 40, seen  # no loop
            if at[name] < 0:
                seen.append("wait")
                continue  # nothing asked yet
            seen.append(name)
            if name == "qps":
                if seen.count("qps") == 1:
                    child.send("lots\r")  # letters are refused in place
                else:
                    child.send("\x15" + "2.5k\r")  # Ctrl-U clears the line
            elif name == "finding":
                child.send("\x1b[A\r")  # Up from the top wraps to the last: keep the design
            elif name == "why":
                child.send("accepted for the test\r")
            else:
                child.send("\r")  # continue; finish
        child.expect(pexpect.EOF)
        transcript += child.before
    finally:
        child.close()
    text = plain(transcript)
    # the recap first, and no step panel or menu for the steps the file answered
    assert text.index("From the answers file: Terminal test") < text.index("Queries per second")
    assert "Next: step 1 Requirements" in text
    assert "What next?" not in text.replace("All steps walked. What next?", "")
    assert seen.count("qps") == 2  # "lots" refused in place, then 2.5k taken
    assert seen.count("numbers") >= 1  # a digest, and the wait after it
    summary = text[text.index("Summary: Terminal test") :]
    assert "Checks:" in summary and "Numbers:" in summary
    assert text.index("Summary: Terminal test") < text.index("Wrote ")
    assert child.exitstatus == 0, child.before
    doc = out.read_text()
    assert doc.startswith("# Terminal test")
    assert "2.5k queries/s" in doc  # the typed QPS reached the document
    assert "```mermaid" in doc
    sessions = list((home / "sessions").glob("*.toml"))
    assert len(sessions) == 1
    assert "qps = 2500" in sessions[0].read_text()


def test_practice_in_a_terminal_opens_with_the_prompt_and_the_interviewer_answers(tmp_path):
    home = tmp_path / "home"
    command = genai_design_command()
    args = command[1:] + ["practice", "--case", "support-bot", "--minutes", "30"]
    env = {**os.environ, "GENAI_DESIGN_HOME": str(home), "TERM": "xterm", "COLUMNS": "100"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        command[0], args, env=env, dimensions=(30, 100), encoding="utf-8", timeout=30
    )
    try:
        opening = plain(settle(child))
        assert "Case: Support assistant for an online store" in opening
        assert "The numbers, when you ask" not in opening  # the prompt only
        assert "Sub-topics" not in opening  # no rubric
        assert re.search(r"Ask the interviewer \(\d+ questions left\)", opening)
        child.send("\x1b[B\r")  # the second choice: ask the interviewer
        text = plain(settle(child))
        assert "Ask the interviewer:" in text
        child.send("\r")  # the first question
        text = plain(settle(child))
        assert "Interviewer: " in text  # its answer, revealed
        child.send("\x1b[A\r")  # Up from the top wraps to the last: save and quit
        child.expect(r"Resume with: genai-design resume ")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    (session,) = list((home / "sessions").glob("*.toml"))
    from genai_design_cli.io.store import SessionStore

    asked = SessionStore(session.parent).load_path(session).session.asked
    assert len(asked) == 1  # the question asked, recorded for the coach


def test_a_budget_warning_offers_going_back_to_the_budget_and_the_model(tmp_path):
    """At 80x24: the monthly-budget warning (a check on computed figures) offers "Go back",
    listing the budget and what the cost comes from; the budget fixed, the digest shows the
    latency verdict whole (SLO first)."""
    example = Path(__file__).parent.parent / "examples" / "rag-support-assistant.toml"
    answers = tmp_path / "answers.toml"
    text = example.read_text()
    assert "\nbudget-per-query = 0.004\n" in text
    answers.write_text(
        text.replace(
            "\nbudget-per-query = 0.004\n", "\nbudget-per-query = 0.004\nbudget-per-month = 5000\n"
        )
    )
    command = genai_design_command()
    env = {**os.environ, "GENAI_DESIGN_HOME": str(tmp_path / "home"), "TERM": "xterm"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["COLUMNS"] = "80"
    child = pexpect.spawn(
        command[0],
        [*command[1:], "new", "--answers", str(answers)],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    try:
        child.expect(r"Keep it, or fix it\?")
        child.send("\r")  # Go back and change an answer
        child.expect(r"Which answer\?")
        child.expect("Cancel")
        listing = plain(child.before)
        child.send("\r")  # the budget, first
        child.expect(r"Budget per month, in dollars \(optional\)\?")
        child.send("\x15" + "30000\r")
        child.expect(r"Read the numbers, then:")
        digest = plain(child.before)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Budget per month" in listing
    assert listing.index("Budget per month") < listing.index("Which model serves")
    assert "How is the model hosted?" in listing
    latency = next(line for line in digest.splitlines() if "Latency" in line)
    assert "SLO 3.0 s" in latency and "…" not in latency
    assert "$30,000/month" in digest

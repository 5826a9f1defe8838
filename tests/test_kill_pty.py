"""Fault tests in a real pseudo-terminal: `kill -9` at seeded points (at a prompt, while an
answer is being saved, mid-typing, during export), SIGTERM and SIGHUP, and two terminals on
one session. After each kill every confirmed answer is on disk and `resume` goes on."""

from __future__ import annotations

import os
import random
import re
import signal
import time
from pathlib import Path

import pexpect
import pytest
from test_e2e_pty import genai_design_command

from genai_design_cli.io.store import SessionStore

pytestmark = pytest.mark.slow

SEED = 20261126
STEPS = ["why-genai", "requirements", "architecture", "data-strategy"]
PER_STEP = 12
PROMPT = re.compile(r"Kill question (\d+)\.(\d+)")
# a question, a menu, the notes (a multi-line prompt), the end
EVENTS = [PROMPT, r"What next\?", r"\(Esc then Enter to finish\)", pexpect.EOF]


def kill_framework(folder: Path) -> Path:
    """Four steps of twelve short text questions, and notes: many save points, no choices
    to steer with arrow keys."""
    from fixtures import NOTES, framework, question, step, subtopic

    blocks = []
    for number, step_id in enumerate(STEPS):
        blocks.append(step(step_id, number, f"Step {step_id}", "Kill test step.", 2))
        blocks.append(subtopic(f"topic-{number}", "Topic", "A talking point.", ["topic"]))
        for index in range(PER_STEP):
            blocks.append(question(f"q{index}", "text", f"Kill question {number}.{index}"))
        blocks.append(NOTES)
    path = folder / "kill-framework.toml"
    path.write_text(framework("Kill test", "1.0.0", 8, *blocks))
    return path


def spawn(home: Path, *args: str) -> pexpect.spawn:
    command = genai_design_command()
    env = {**os.environ, "GENAI_DESIGN_HOME": str(home), "TERM": "xterm", "COLUMNS": "120"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        command[0],
        [*command[1:], *args],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=15,
    )


def answer_for(step: int, index: int) -> str:
    return f"answer {step}.{index} ✓ [red]EU[/red]"


def type_answer(child: pexpect.spawn, at: tuple[int, int], enter: bool = True) -> None:
    """Type the answer once the prompt reads input (keys sent while the previous prompt is
    closing are dropped by prompt_toolkit), see it echoed, then Enter."""
    time.sleep(0.05)
    child.send(answer_for(*at))
    child.expect_exact(answer_for(*at))
    if enter:
        child.send("\r")


def session_files(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.toml"))


def next_prompt(child: pexpect.spawn, answered: set[tuple[int, int]]) -> tuple[int, int] | None:
    """Go on past menus and notes to the next question not in `answered`; its (step, index),
    or None at the final menu or when the program ended. prompt_toolkit redraws a prompt as
    it goes, so a question or menu already seen is matched again and passed over."""
    menu_done = False
    while True:
        event = child.expect(EVENTS)
        if event == 0:
            at = int(child.match.group(1)), int(child.match.group(2))
            if at not in answered:
                return at
        elif event == 1:
            if "All steps walked" in child.before:
                return None
            if not menu_done:
                child.send("\r")  # continue
                menu_done = True
        elif event == 2:
            child.send("\x1b\r")  # notes left empty: Esc, Enter
            child.expect(r"Step \w|All steps walked|Saved|Done")  # past the notes
            if "All steps walked" in child.after:
                return None
            menu_done = False
        else:
            return None


def on_disk(home: Path) -> dict[tuple[int, int], str]:
    """The answers in the one session file, by (step, index)."""
    files = session_files(home)
    if not files:
        return {}
    session = SessionStore(files[0].parent).load_path(files[0])
    return {
        (number, int(qid[1:])): value
        for number, sid in enumerate(STEPS)
        for qid, value in session.answers.get(sid, {}).items()
        if qid.startswith("q")
    }


def test_30_seeded_kills_lose_no_confirmed_answer_and_resume_goes_on(tmp_path):
    rng = random.Random(SEED)
    home = tmp_path / "home"
    fw = kill_framework(tmp_path)
    confirmed: dict[tuple[int, int], str] = {}
    kills = {"prompt": 0, "save": 0, "typing": 0}
    for trial in range(30):
        if trial == 0:
            child = spawn(home, "new", "--framework", str(fw), "--title", "Kill test")
        else:
            child = spawn(home, "resume")
        answered = set(on_disk(home))
        try:
            at = next_prompt(child, answered)
            assert at is not None or len(confirmed) == len(STEPS) * PER_STEP, child.before
            for _ in range(rng.randint(0, 2)):
                if at is None:
                    break
                type_answer(child, at)
                answered.add(at)
                just = at
                at = next_prompt(child, answered)  # the next prompt: the answer is confirmed
                confirmed[just] = answer_for(*just)
            mode = rng.choice(list(kills)) if at is not None else "prompt"
            unconfirmed = None
            if mode == "save":  # Enter, then kill while it is being saved
                type_answer(child, at)
                unconfirmed = at
                time.sleep(rng.uniform(0, 0.03))
            elif mode == "typing":
                child.send(answer_for(*at)[: rng.randint(1, 8)])
                time.sleep(rng.uniform(0, 0.02))
            else:
                time.sleep(rng.uniform(0, 0.05))
            os.kill(child.pid, signal.SIGKILL)
            kills[mode] += 1
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        files = session_files(home)
        assert len(files) == 1, files
        session = SessionStore(files[0].parent).load_path(files[0])
        for (step, index), value in confirmed.items():
            assert session.answers[STEPS[step]][f"q{index}"] == value, (trial, step, index)
        if unconfirmed is not None:  # saved whole or not at all
            got = session.answers.get(STEPS[unconfirmed[0]], {}).get(f"q{unconfirmed[1]}")
            assert got in (None, answer_for(*unconfirmed))
            if got is not None:
                confirmed[unconfirmed] = got
    assert sum(kills.values()) == 30 and all(kills.values()), kills
    assert len(confirmed) >= 20  # answers really were given between the kills
    # leftovers of killed writers are swept by the next session command
    SessionStore(home / "sessions").sweep()


def test_kill_during_export_leaves_no_half_document(tmp_path):
    import tomli_w

    rng = random.Random(SEED + 1)
    home = tmp_path / "home"
    fw = kill_framework(tmp_path)
    answers = {
        sid: {f"q{i}": answer_for(n, i) for i in range(PER_STEP)} for n, sid in enumerate(STEPS)
    }
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text(tomli_w.dumps({"answers": answers}))
    child = spawn(home, "new", "--framework", str(fw), "--answers", str(answers_file), "--no-input")
    child.expect(pexpect.EOF)
    child.close()
    (path,) = session_files(home)
    whole = tmp_path / "whole.md"
    child = spawn(home, "export", str(path), "--out", str(whole))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and whole.exists(), child.before
    reference = whole.read_text()
    for trial in range(6):
        out = tmp_path / f"design-{trial}.md"
        child = spawn(home, "export", str(path), "--out", str(out))
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.expect(pexpect.EOF)
        child.close(force=True)
        if out.exists():  # the document is whole, or not there at all
            assert out.read_text() == reference
        SessionStore(path.parent).load_path(path)  # the session untouched


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_save_and_exit_130(tmp_path, signum):
    home = tmp_path / "home"
    fw = kill_framework(tmp_path)
    child = spawn(home, "new", "--framework", str(fw), "--title", "Signal test")
    try:
        at = next_prompt(child, set())
        type_answer(child, at)
        next_prompt(child, {at})
        child.send("half typed")
        time.sleep(0.2)
        child.kill(signum)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus, child.before)
    if signum == signal.SIGTERM:
        assert "Saved (SIGTERM). Resume with: genai-design resume" in child.before
    (path,) = session_files(home)
    session = SessionStore(path.parent).load_path(path)
    assert session.answers[STEPS[at[0]]][f"q{at[1]}"] == answer_for(*at)
    assert not list((home / "sessions").glob("*.lock"))  # the lock went with it


def test_two_terminals_on_one_session_the_second_is_refused(tmp_path):
    home = tmp_path / "home"
    fw = kill_framework(tmp_path)
    first = spawn(home, "new", "--framework", str(fw), "--title", "Two writers")
    try:
        at = next_prompt(first, set())
        type_answer(first, at)
        next_prompt(first, {at})
        second = spawn(home, "resume")
        second.expect(pexpect.EOF)
        second.close()
        assert second.exitstatus == 1
        assert f"this session is open in `genai-design new` (pid {first.pid}" in second.before
        assert "this computer" in second.before
        first.send("\x03")  # Ctrl-C in the first: saved, lock released
        first.expect(pexpect.EOF)
    finally:
        first.close(force=True)
    assert first.exitstatus == 130
    again = spawn(home, "resume")
    try:
        assert next_prompt(again, {at}) is not None  # now it opens
        again.send("\x03")
        again.expect(pexpect.EOF)
    finally:
        again.close(force=True)

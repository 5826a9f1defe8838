"""Real keystrokes through questionary, in-process: prompt_toolkit's pipe input inside an app
session, then the CLI invoked with CliRunner (STYLE.md "Testing interactive flows")."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from support.mini_framework import MINI_FRAMEWORK

from genai_design_cli.io.store import SessionStore

DOWN = "\x1b[B"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
BACKSPACE = "\x7f"
FINISH_MULTILINE = "\x1b\r"  # Esc then Enter


class Until:
    """In a key list: wait until the screen shows `text` (at most 5 s) before typing on."""

    def __init__(self, text: str) -> None:
        self.text = text


def plain(screen: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)


@pytest.fixture
def mini_path(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINI_FRAMEWORK)
    return path


def type_into(runner, args, keys):
    """Run `genai-design ARGS` with `keys` typed at its prompts. Returns (result, screen):
    the CLI's own output, and what prompt_toolkit drew (prompts, in-place errors) without
    escape codes. Keys are typed ahead, which prompt_toolkit draws only at each prompt's end;
    an Until(text) in `keys` holds the typist until the screen shows it (an error in place)."""
    from genai_design_cli.cli import app

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm")

    finished = threading.Event()

    def typist(pipe):
        for group in keys:
            if isinstance(group, Until):
                deadline = time.monotonic() + 5
                while group.text not in plain(screen.getvalue()) and time.monotonic() < deadline:
                    time.sleep(0.02)
            else:
                pipe.send_text(group)
        # a prompt still waiting after all the keys is a failing test, not a hung one
        while not finished.wait(timeout=10):
            pipe.send_text(CTRL_C)

    with create_pipe_input() as pipe:
        thread = threading.Thread(target=typist, args=(pipe,), daemon=True)
        thread.start()
        with create_app_session(input=pipe, output=output):
            result = runner.invoke(app, args)
        finished.set()
        thread.join(timeout=10)
    return result, plain(screen.getvalue())


def saved_sessions():
    return [session for _, session in SessionStore().all()]


# keystrokes for the mini framework, step by step (menus first)
STEP0 = [
    ENTER,  # menu: answer step 0
    DOWN + DOWN + ENTER,  # output kind: open-ended -> structured -> label
    BACKSPACE + "abc" + ENTER,  # LLM share: letters are rejected in place
    Until("'abc' is not a number"),
    BACKSPACE * 3 + "0.2" + ENTER,  # ... then a number is taken
    FINISH_MULTILINE,  # notes: empty
]
# a yes/no answer waits for Enter (auto_enter=False): the Enter does not leak into the notes
STEP1 = [ENTER, "10M" + ENTER, "2.5k" + ENTER, "n" + ENTER, "fine" + ENTER]
STEP2 = [ENTER, DOWN + SPACE + ENTER, ENTER]  # tick rag besides api; notes
STEP3 = [ENTER, "help centre" + ENTER, ENTER, "golden set" + FINISH_MULTILINE, ENTER]
FINISH = [ENTER]


def test_a_whole_interview_by_keystrokes(runner, mini_path):
    keys = STEP0 + STEP1 + STEP2 + STEP3 + FINISH
    result, screen = type_into(
        runner, ["new", "--framework", str(mini_path), "--title", "Pipe test"], keys
    )
    assert result.exit_code == 0, result.output
    (session,) = saved_sessions()
    assert session.session.title == "Pipe test"
    assert session.session.finished
    answers = session.answers
    assert answers["why-genai"]["output-kind"] == "label"  # arrow keys picked it
    assert answers["why-genai"]["llm-share"] == pytest.approx(0.2)
    assert answers["requirements"] == {
        "qps": 10_000_000,
        "users": 2500,
        "data-may-leave": False,
        "notes": "fine",
    }
    assert answers["architecture"]["pattern"] == ["api", "rag"]
    assert answers["data-strategy"]["knowledge-sources"] == "help centre"
    assert answers["data-strategy"]["retrieval-ms"] == 50
    assert answers["data-strategy"]["eval-dataset"] == "golden set"
    # the letters were refused inside the prompt, with what is allowed
    assert "'abc' is not a number from 0 to 1, e.g. 0.25 or 25%" in screen
    assert "✗" not in result.output  # not refused after the fact: in place
    assert "Step 2: Architecture · 3 of 4" in result.output
    assert f"genai-design export {session.id}" in result.output
    # Finish ends with the summary, as --no-input does
    assert result.output.index("Summary: Pipe test") < result.output.index("Done. Session")
    assert "Checks:" in result.output and "Skipped:" in result.output


def test_ctrl_c_saves_and_resume_continues_where_it_stopped(runner, mini_path):
    keys = STEP0 + [ENTER, "40" + ENTER, CTRL_C]  # Ctrl-C at the users question
    result, _ = type_into(runner, ["new", "--framework", str(mini_path), "--title", "Cc"], keys)
    assert result.exit_code == 130
    (session,) = saved_sessions()
    assert f"Saved. Resume with: genai-design resume {session.id}" in result.output
    assert session.answers["requirements"] == {"qps": 40}
    assert session.session.current_step == "requirements"
    assert not session.session.finished

    # resume (latest unfinished by default): the next prompt is `users`, not the menu or qps
    keys = ["123" + ENTER, "y" + ENTER, ENTER] + STEP2 + STEP3 + FINISH
    result, screen = type_into(runner, ["resume"], keys)
    assert result.exit_code == 0, result.output
    (session,) = saved_sessions()
    assert session.answers["requirements"]["qps"] == 40
    assert session.answers["requirements"]["users"] == 123
    assert session.answers["architecture"]["pattern"] == ["api", "rag"]
    assert session.session.finished
    assert "Resuming" in result.output
    assert screen.index("Users") < screen.index("What next?")  # no menu before it
    # Finish after resume ends with the same summary as `new`: checks, skipped, numbers
    out = result.output
    assert "Summary: Cc" in out and "Checks:" in out and "Skipped:" in out
    assert out.index("Summary: Cc") < out.index("Done. Session saved")


def test_an_empty_answer_to_a_required_question_is_refused(runner, mini_path):
    keys = STEP0 + [ENTER, ENTER, Until("an answer is required"), "7" + ENTER, CTRL_C]
    result, screen = type_into(runner, ["new", "--framework", str(mini_path), "--title", "E"], keys)
    assert result.exit_code == 130
    assert "an answer is required" in screen
    (session,) = saved_sessions()
    assert session.answers["requirements"] == {"qps": 7}


def test_the_title_is_asked_first_and_names_the_session(runner, mini_path):
    result, _ = type_into(
        runner, ["new", "--framework", str(mini_path)], ["Support bot" + ENTER, CTRL_C]
    )
    assert result.exit_code == 130
    (session,) = saved_sessions()
    assert session.session.title == "Support bot"
    assert session.id.endswith("-support-bot")
    assert len(list(SessionStore().root.glob("*.toml"))) == 1  # the provisional file is gone


def test_ctrl_c_at_the_title_leaves_no_empty_session_behind(runner, mini_path):
    result, _ = type_into(runner, ["new", "--framework", str(mini_path)], [CTRL_C])
    assert result.exit_code == 130
    assert "nothing to save" in result.output
    assert saved_sessions() == []  # `resume` will not pick up an untitled, empty session


def test_go_back_from_the_menu_by_keystrokes(runner, mini_path):
    back_to_pattern = [
        DOWN * 4 + ENTER,  # step 3 menu: answer, talking points, deep dive, skip, *go back*
        DOWN * 2 + ENTER,  # which step: why-genai, requirements, *architecture*
        ENTER,  # which answer: the pattern
        DOWN + SPACE + DOWN + SPACE + ENTER,  # untick rag, tick fine-tune
    ]
    keys = (
        STEP0
        + STEP1
        + STEP2
        + back_to_pattern
        + [ENTER, "support transcripts" + ENTER, FINISH_MULTILINE, ENTER]
        + FINISH
    )
    result, _ = type_into(runner, ["new", "--framework", str(mini_path), "--title", "B"], keys)
    assert result.exit_code == 0, result.output
    (session,) = saved_sessions()
    assert session.answers["architecture"]["pattern"] == ["api", "fine-tune"]
    data = session.answers["data-strategy"]
    assert data["training-data"] == "support transcripts"
    assert "knowledge-sources" not in data


def test_sessions_rm_asks_to_confirm(runner, mini_path, cli):
    type_into(runner, ["new", "--framework", str(mini_path), "--title", "Keep"], [CTRL_C])
    (session,) = saved_sessions()
    result, _ = type_into(runner, ["sessions", "rm", session.id], ["n" + ENTER])
    assert "Kept" in result.output
    assert saved_sessions()
    result, _ = type_into(runner, ["sessions", "rm", session.id], ["y" + ENTER])
    assert result.exit_code == 0
    assert not saved_sessions()


def test_practice_hides_question_help_until_a_hint(monkeypatch, framework):
    """The help under a question teaches the talking points' figures, so in practice the
    engine hides it until a hint in the step (Ask.show_help), and the prompt obeys."""
    from rich.console import Console

    from genai_design_cli.interview.sources import Ask, StepView
    from genai_design_cli.tui import prompts

    class Answer:
        def unsafe_ask(self):
            return "x"

    monkeypatch.setattr(prompts, "build_prompt", lambda *args, **kwargs: Answer())
    out = io.StringIO()
    source = prompts.QuestionarySource(Console(file=out, width=120))
    step = framework.step("why-genai")
    question = next(q for q in step.questions if "$0.000001" in q.help)

    source.show_step(StepView(step, 9, 3, "practice", False, False, None))
    source.ask(Ask(question, step, None, show_help=False, asides=True))
    shown = out.getvalue()
    assert "$0.000001" not in shown
    assert "Sub-topics" not in shown  # no rubric on a practice step
    assert prompts.ASIDE_INSTRUCTION in shown
    out.truncate(0)
    out.seek(0)
    source.ask(Ask(question, step, None, show_help=True))
    assert question.help in out.getvalue().replace("\n", " ")

    out.truncate(0)
    out.seek(0)
    source.show_step(StepView(step, 9, 3, "scaffold", True, False, None))
    source.ask(Ask(question, step, None))
    shown = out.getvalue()
    assert "$0.000001" in shown  # a design doc session shows it at once
    assert "Sub-topics: Generative vs discriminative" in shown  # one line, not the points
    assert step.subtopics[0].point[:40] not in shown


def test_plain_new_asks_the_title_before_loading_anything_heavy(runner):
    """`genai-design new` alone asks the title first (the fast path: questionary only), then
    walks the built-in framework with it; Ctrl-C at the title leaves nothing behind."""
    result, screen = type_into(runner, ["new"], [CTRL_C])
    assert result.exit_code == 130
    assert "nothing to save" in result.output
    assert saved_sessions() == []
    result, screen = type_into(
        runner, ["new"], [ENTER, Until("an answer is required"), "Q&A" + ENTER, CTRL_C]
    )
    assert "Title of this design" in screen
    (session,) = saved_sessions()
    assert session.session.title == "Q&A"
    assert session.session.framework == "genai-system-design"


def test_picker_marks_contradicting_choices_last_and_hides_help_in_practice(framework):
    from genai_design_cli.tui.prompts import _choices

    question = next(q for _, q in framework.questions() if q.var == "model_hosting")
    marks = {"api": "conflicts with step 1 (data may leave: no)"}
    choices = _choices(question, marks, frozenset(), descriptions=True)
    assert [c.value for c in choices] == ["self-hosted", "api"]  # the marked one last
    assert "✗ conflicts with step 1" in str(choices[-1].title)
    residency = next(q for _, q in framework.questions() if q.var == "data_residency")
    shown = _choices(residency, {}, frozenset(), descriptions=True)
    hidden = _choices(residency, {}, frozenset(), descriptions=False)
    assert any(c.description for c in shown)
    assert not any(c.description for c in hidden)  # no rubric before a hint

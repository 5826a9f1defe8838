"""The interview commands without a terminal: no-input runs from answers files, the refusal to
prompt without a TTY, --out never overwriting, practice from a file, and `sessions`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.mini_framework import MINI_FRAMEWORK

from genai_design_cli.io.store import SessionStore
from genai_design_cli.model.session import Session, SessionMeta

REPO = Path(__file__).resolve().parents[1]

ANSWERS = """\
[session]
id = "ignored"
title = "Support bot"

[answers.requirements]
qps = "40"
users = "2M"
p95-slo-ms = 3000

[answers.architecture]
architecture = ["rag"]
components = ["vector-store", "reranker"]

[answers.data-strategy]
knowledge-sources = "help-centre articles and the order API"
eval-dataset = "500 real tickets with gold answers"

[answers.model-selection]
model = "gpt-4o-mini"
"""


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS)
    return path


@pytest.fixture
def mini_path(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINI_FRAMEWORK)
    return path


def sessions():
    return [session for _, session in SessionStore().all()]


def test_new_without_a_terminal_stops_with_what_to_do(cli):
    result = cli("new")
    assert result.exit_code == 2
    assert "no terminal" in result.output
    assert "--answers FILE --no-input" in result.output
    assert not sessions()


def test_new_from_dev_null_exits_2_without_waiting_for_input(genai_home):
    # A hang shows as TimeoutExpired. How fast it exits is a start-up budget, measured by
    # benchmarks/startup.py rather than asserted on a wall clock that a busy machine slows.
    with open(os.devnull) as devnull:
        proc = subprocess.run(
            [sys.executable, "-m", "genai_design_cli", "new"],
            stdin=devnull,
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, "GENAI_DESIGN_HOME": str(genai_home)},
        )
    assert proc.returncode == 2
    assert "--no-input" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(genai_home.rglob("*.toml"))  # nothing saved


def test_no_input_run_writes_the_design_doc_and_saves_the_session(cli, answers_file, tmp_path):
    out = tmp_path / "design.md"
    result = cli("new", "--answers", str(answers_file), "--no-input", "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = out.read_text()
    assert doc.startswith("# Support bot")
    assert re.search(r"^## .*Architecture", doc, re.M)
    assert "```mermaid" in doc
    (session,) = sessions()
    assert session.session.finished
    assert session.session.title == "Support bot"
    assert session.answers["requirements"]["users"] == 2_000_000  # "2M" normalised
    assert session.answers["requirements"]["output-tokens"] == 300  # framework default
    assert "cost" in session.results  # the calculators ran on the answers
    assert session.results["cost"]["queries_per_month"] == pytest.approx(40 * 86400 * 30)


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<html"), ("json", '"answers"')])
def test_no_input_run_in_other_formats(cli, answers_file, tmp_path, fmt, marker):
    out = tmp_path / f"design.{fmt}"
    result = cli(
        "new", "--answers", str(answers_file), "--no-input", "--out", str(out), "--format", fmt
    )
    assert result.exit_code == 0, result.output
    assert marker in out.read_text()


def test_the_shipped_examples_run_without_input(cli, tmp_path):
    for example in sorted((REPO / "examples").glob("*.toml")):
        out = tmp_path / (example.stem + ".md")
        result = cli("new", "--answers", str(example), "--no-input", "--out", str(out))
        assert result.exit_code == 0, (example, result.output)
        assert out.read_text().startswith("# ")


def test_new_never_overwrites_an_existing_out_file(cli, answers_file, tmp_path):
    out = tmp_path / "design.md"
    out.write_text("mine")
    result = cli("new", "--answers", str(answers_file), "--no-input", "--out", str(out))
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "genai-design export" in result.output and "--force" in result.output
    assert out.read_text() == "mine"
    assert not sessions()  # refused before any work


def test_no_input_lists_every_missing_required_answer(cli, mini_path, tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text('[answers.architecture]\npattern = ["rag", "agents"]\n')
    result = cli("new", "--framework", str(mini_path), "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    for key in ("requirements.qps", "architecture.agent-need", "data-strategy.knowledge-sources"):
        assert key in result.output
    assert "3 required answers missing" in result.output
    assert not sessions()


def test_no_input_without_an_answers_file_uses_defaults_and_names_what_is_missing(cli):
    result = cli("new", "--no-input", "--title", "Defaults only")
    assert result.exit_code == 2
    assert "requirements.qps" in result.output


def test_an_answers_file_with_an_unknown_question_is_refused(cli, tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text("[answers.requirements]\nqpss = 10\n")
    result = cli("new", "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert "answers.requirements.qpss: no such question" in result.output
    assert "did you mean 'qps'" in result.output


def test_an_invalid_value_in_the_answers_file_is_located(cli, answers_file, tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text(answers_file.read_text().replace('qps = "40"', 'qps = "forty"'))
    result = cli("new", "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert "answers.requirements.qps: 'forty' is not a number" in result.output


def test_answers_without_no_input_and_without_a_terminal_run_from_the_file(cli, answers_file):
    result = cli("new", "--answers", str(answers_file))
    assert result.exit_code == 0, result.output
    (session,) = sessions()
    assert f"genai-design export {session.id}" in result.output


def test_resume_without_a_terminal_or_a_session(cli, answers_file):
    result = cli("resume")
    assert result.exit_code == 2
    assert "no unfinished session" in result.output
    store = SessionStore()
    store.save(Session(session=SessionMeta(id="20261126-100000-half", title="Half")))
    result = cli("resume")
    assert result.exit_code == 2
    assert "no terminal" in result.output


def test_practice_from_an_answers_file_ends_with_feedback(cli, answers_file):
    result = cli(
        "practice", "--case", "support-bot", "--minutes", "30", "--answers", str(answers_file)
    )
    assert result.exit_code == 0, result.output
    (session,) = sessions()
    assert session.session.mode == "practice"
    assert session.session.case == "support-bot"
    assert session.session.minutes == 30
    assert session.session.title == "Support assistant for an online store"  # the case title
    assert "total" in session.feedback
    assert "Case:" in result.output  # the case is shown first: its prompt only
    assert "The numbers, when you ask:" not in result.output
    assert "Ask the interviewer" in result.output


def test_practice_without_a_terminal_or_answers_stops(cli):
    result = cli("practice", "--case", "support-bot")
    assert result.exit_code == 2
    assert "no terminal" in result.output
    assert "genai-design practice --answers FILE" in result.output  # practice's own way out
    assert not sessions()


def test_sessions_list_shows_title_mode_progress_and_score(cli, answers_file):
    assert "No sessions yet" in cli("sessions", "list").output
    cli("new", "--answers", str(answers_file), "--no-input")
    store = SessionStore()
    half = Session(session=SessionMeta(id="20261126-090000-half", title="Half done"))
    half.step_state("why-genai").status = "done"
    half.step_state("requirements").status = "skipped"
    half.feedback = {"total": 62.5}
    store.save(half)
    result = cli("sessions", "list")
    assert result.exit_code == 0
    assert "Support bot" in result.output and "9/9 ✓" in result.output
    # a skipped step is not a done one: 1 of 9 done, 1 skipped
    assert "Half done" in result.output and "1/9" in result.output and "skipped" in result.output
    assert "62" in result.output
    data = json.loads(cli("sessions", "list", "--json").output)
    by_title = {row["title"]: row for row in data["sessions"]}
    assert by_title["Half done"]["progress"] == "1/9 steps, 1 skipped"
    assert by_title["Half done"]["steps_skipped"] == 1
    assert by_title["Half done"]["score"] == 62.5
    assert by_title["Support bot"]["finished"] is True
    assert by_title["Support bot"]["score"] is None


def test_sessions_show_lists_answers_per_step(cli, answers_file):
    cli("new", "--answers", str(answers_file), "--no-input")
    (session,) = sessions()
    result = cli("sessions", "show", session.id[:15])
    assert result.exit_code == 0
    assert "1. Requirements" in result.output
    assert "2M users" in result.output
    assert "gpt-4o-mini" in result.output
    data = json.loads(cli("sessions", "show", session.id, "--json").output)
    assert data["answers"]["requirements"]["qps"] == 40
    assert data["session"]["id"] == session.id


def test_sessions_show_an_unknown_session(cli):
    result = cli("sessions", "show", "nope")
    assert result.exit_code == 2
    assert "no session 'nope'" in result.output


def test_sessions_rm_needs_yes_without_a_terminal(cli, answers_file):
    cli("new", "--answers", str(answers_file), "--no-input")
    (session,) = sessions()
    result = cli("sessions", "rm", session.id)
    assert result.exit_code == 2
    assert "--yes" in result.output
    assert sessions()
    result = cli("sessions", "rm", session.id, "--yes")
    assert result.exit_code == 0
    assert not sessions()


def test_a_session_named_once_its_title_is_known_leaves_no_stale_file(tmp_path):
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.model.session import new_session_id

    store = SessionStore(tmp_path / "sessions")
    saver = SessionSaver(store)
    meta = SessionMeta(id=new_session_id("untitled"))
    session = Session(session=meta)
    assert saver(session) is None  # nothing said yet: nothing saved
    session.set_answer("requirements", "qps", 100)
    first = saver(session)
    assert first is not None and first.name.endswith("-untitled.toml")
    meta.title = "Support bot"
    second = saver(session)
    assert second is not None and second.name.endswith("-support-bot.toml")
    # the session's lock moved with it; closing the saver releases it
    assert sorted(p.name for p in store.root.iterdir()) == [second.name, second.name + ".lock"]
    saver.close()
    assert [p.name for p in store.root.iterdir()] == [second.name]
    assert saver.resume_ref(session) == session.id


def test_a_session_file_outside_the_store_stays_where_it_is(tmp_path):
    from genai_design_cli.interview.saving import SessionSaver

    outside = tmp_path / "mine.toml"
    store = SessionStore(tmp_path / "sessions")
    session = Session(session=SessionMeta(id="20261126-150000-untitled", title="Support bot"))
    saver = SessionSaver(store, outside)
    assert saver(session) == outside
    assert session.id == "20261126-150000-untitled"  # not renamed: the file is the person's
    assert not store.root.exists()
    assert saver.resume_ref(session) == str(outside)


PRIVATE_BUT_HOSTED = """
[answers.requirements]
qps = 40
data-residency = "may-not-leave"

[answers.model-selection]
model = "llama-3.1-70b"
model-hosting = "api"
"""


def test_new_ends_with_a_summary_and_strict_exits_1_on_an_error_check(cli, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text(PRIVATE_BUT_HOSTED)
    result = cli("new", "--title", "Contract Q&A", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Checks: 1 error") < out.index("Done. Session saved")
    assert "✗ Data may not leave" in out
    assert "Skipped: none of the 9 steps" in out
    assert "Numbers:" in out and "Cost" in out
    strict = cli(
        "new", "--title", "Contract Q&A", "--answers", str(answers), "--no-input", "--strict"
    )
    assert strict.exit_code == 1
    assert "error-level check fired (--strict)" in strict.output
    assert len(sessions()) == 2  # saved all the same

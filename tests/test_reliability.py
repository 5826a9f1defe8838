"""Reliability: one writer per session, files only where they belong, nothing typed lost when
a save fails, sessions that outlive a framework change, and one bad file breaking nothing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from genai_design_cli.errors import UserError, WorkFailed
from genai_design_cli.io import atomic
from genai_design_cli.io.lock import SessionLock, SessionLocked, lock_path
from genai_design_cli.io.store import SaveFailed, SessionStore
from genai_design_cli.model.session import (
    Session,
    SessionMeta,
    new_session_id,
    session_from_toml,
    session_to_toml,
    slugify,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "rag-support-assistant.toml"


def a_session(session_id: str = "20261126-153000-support-bot", **answers) -> Session:
    session = Session(session=SessionMeta(id=session_id, title="Support bot"))
    for key, value in answers.items():
        step, _, question = key.partition("__")
        session.set_answer(step.replace("_", "-"), question.replace("_", "-"), value)
    return session


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- one writer per session ------------------------------------------------------------------


def test_a_second_writer_is_refused_with_the_holder_named(tmp_path):
    path = tmp_path / "s.toml"
    with SessionLock(path, "resume"):
        with pytest.raises(SessionLocked) as info:
            SessionLock(path, "resume").acquire()
        message = info.value.format_message()
        assert f"pid {os.getpid()}" in message and "this computer" in message
        assert "since " in message and "`genai-design resume`" in message
        assert info.value.exit_code == 1
    assert not lock_path(path).exists()  # released


def test_a_stale_lock_from_a_dead_process_is_taken_over(tmp_path):
    import json
    import socket

    path = tmp_path / "s.toml"
    pid = dead_pid()
    lock_path(path).write_text(
        json.dumps({"pid": pid, "host": socket.gethostname(), "since": "2026-11-26T15:30:00+00:00"})
    )
    lock = SessionLock(path).acquire()
    assert lock.took_over is not None and lock.took_over.pid == pid
    assert f'"pid": {os.getpid()}' in lock_path(path).read_text()
    lock.release()


def test_a_pid_reused_by_a_newer_process_is_a_stale_lock(tmp_path):
    import json
    import socket

    path = tmp_path / "s.toml"
    # our own parent runs, but it started after this (old) lock was taken: a reused pid
    lock_path(path).write_text(
        json.dumps(
            {
                "pid": os.getppid(),
                "host": socket.gethostname(),
                "since": "2001-01-01T00:00:00+00:00",
            }
        )
    )
    lock = SessionLock(path).acquire()
    assert lock.took_over is not None
    lock.release()


def test_a_lock_from_another_host_is_never_taken_over(tmp_path):
    import json

    path = tmp_path / "s.toml"
    lock_path(path).write_text(json.dumps({"pid": 1, "host": "elsewhere", "since": ""}))
    with pytest.raises(SessionLocked, match="host elsewhere") as info:
        SessionLock(path).acquire()
    assert "rm " in info.value.format_message()  # how to clear it when sure


def test_resume_of_a_session_open_elsewhere_exits_1_naming_the_holder(cli, genai_home):
    store = SessionStore()
    path = store.save(a_session())
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        import json
        import socket
        from datetime import datetime, timezone

        since = datetime.now(timezone.utc).isoformat(timespec="seconds")
        lock_path(path).write_text(
            json.dumps(
                {
                    "pid": holder.pid,
                    "host": socket.gethostname(),
                    "since": since,
                    "command": "resume",
                }
            )
        )
        result = cli("resume", "20261126-153000")
        assert result.exit_code == 1, result.output
        assert f"open in `genai-design resume` (pid {holder.pid} on this computer" in result.output
        assert cli("sessions", "rm", "20261126", "--yes").exit_code == 1  # not removed either
        assert path.exists()
    finally:
        holder.kill()
        holder.wait()


def test_two_sessions_with_one_title_in_one_second_get_two_ids(tmp_path):
    store = SessionStore(tmp_path)
    base = new_session_id("Support bot")
    first, lock1 = store.claim(base)
    second, lock2 = store.claim(base)
    assert first == base and second == base + "-2"
    lock1.release()
    store.save(a_session(first))
    third, lock3 = store.claim(base)  # the file exists: not reused even when unlocked
    assert third == base + "-3"
    lock2.release()
    lock3.release()


def test_two_no_input_runs_in_the_same_second_keep_both_sessions(cli, genai_home):
    for _ in range(3):
        result = cli("new", "--answers", str(EXAMPLE), "--no-input", "--title", "Support bot")
        assert result.exit_code == 0, result.output
    files = sorted((genai_home / "sessions").glob("*.toml"))
    assert len(files) == 3
    assert not list((genai_home / "sessions").glob("*.lock"))  # every lock released


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Чат-бот поддержки", "чат-бот-поддержки"),
        ("客服机器人", "客服机器人"),
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
        ("Bot [/bold] v2", "bot-bold-v2"),
        ("../../etc/passwd", "etc-passwd"),
        ("🙂🙂", "design"),
    ],
)
def test_ids_are_readable_in_any_script_and_never_hold_a_path(title, slug):
    assert slugify(title) == slug
    assert "/" not in new_session_id(title) and "\\" not in new_session_id(title)


def test_a_session_id_that_is_a_path_is_refused_on_load():
    with pytest.raises(UserError, match="session.id"):
        session_from_toml('[session]\nid = "../../evil"\n', "s.toml")


# --- files ------------------------------------------------------------------------------------


def test_exports_never_replace_a_device_a_fifo_or_a_symlink(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    target = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(target)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "missing" / "x.md")
    for path in (Path("/dev/null"), fifo, link, dangling):
        with pytest.raises(UserError) as info:
            atomic.write_output(path, "doc", force=True)
        assert info.value.exit_code == 2
    assert Path("/dev/null").is_char_device() and fifo.is_fifo()
    assert link.is_symlink() and dangling.is_symlink() and not target.exists()
    with pytest.raises(WorkFailed):  # a regular file needs --force
        target.write_text("old")
        atomic.write_output(target, "new", force=False)
    atomic.write_output(target, "new", force=True)
    assert target.read_text() == "new"


def test_export_force_to_dev_null_exits_2_and_leaves_it_alone(cli):
    result = cli("export", str(EXAMPLE), "--out", "/dev/null", "--force")
    assert result.exit_code == 2
    assert "character device" in result.output and "Traceback" not in result.output
    assert Path("/dev/null").is_char_device()


def test_stale_temp_files_are_swept_and_fresh_ones_kept(tmp_path):
    old = tmp_path / ".s.toml.abc123.tmp"
    fresh = tmp_path / ".s.toml.def456.tmp"
    old.write_text("half")
    fresh.write_text("in progress")
    past = time.time() - 120
    os.utime(old, (past, past))
    assert SessionStore(tmp_path).sweep() == 1
    assert not old.exists() and fresh.exists()


def test_windows_line_endings_survive_save_and_load_byte_for_byte(tmp_path):
    notes = "first line\r\nsecond line\r\n\r\nlast\ttab"
    store = SessionStore(tmp_path)
    path = store.save(a_session(requirements__notes=notes, requirements__lone="a\rb"))
    loaded = store.load_path(path)
    assert loaded.answers["requirements"]["notes"] == notes
    assert loaded.answers["requirements"]["lone"] == "a\rb"


# --- a failed save ----------------------------------------------------------------------------


class FullDisk:
    """atomic_write failing with ENOSPC `times` times, then writing."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.real = atomic.atomic_write

    def __call__(self, path, text, *, private=True):
        if self.times > 0:
            self.times -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real(path, text, private=private)


class Chooser:
    """A front end's save_failed hook answering from a list."""

    def __init__(self, *choices) -> None:
        self.choices = list(choices)
        self.errors: list[SaveFailed] = []

    def save_failed(self, error):
        self.errors.append(error)
        return self.choices.pop(0)


def test_a_full_disk_keeps_the_answer_and_a_retry_saves_it(tmp_path, monkeypatch):
    from genai_design_cli.interview.saving import SAVED, SessionSaver, save_with_choices
    from genai_design_cli.interview.sources import SAVE_RETRY, SaveChoice

    monkeypatch.setattr("genai_design_cli.io.store.atomic_write", FullDisk(2))
    store = SessionStore(tmp_path)
    saver = SessionSaver(store)
    session = a_session(requirements__qps=2500)
    source = Chooser(SaveChoice(SAVE_RETRY), SaveChoice(SAVE_RETRY))
    assert save_with_choices(saver, session, source) == SAVED
    assert [e.reason for e in source.errors] == ["No space left on device"] * 2
    assert store.load_path(saver.path).answers["requirements"]["qps"] == 2500
    saver.close()


def test_a_read_only_home_lets_the_person_save_elsewhere(tmp_path, monkeypatch):
    from genai_design_cli.interview.saving import SAVED, SessionSaver, save_with_choices
    from genai_design_cli.interview.sources import SAVE_ELSEWHERE, SaveChoice

    home = tmp_path / "home"
    real = atomic.atomic_write

    def read_only(path, text, *, private=True):
        if home in path.parents:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(path, text, private=private)

    monkeypatch.setattr("genai_design_cli.io.store.atomic_write", read_only)
    saver = SessionSaver(SessionStore(home / "sessions"))
    session = a_session(requirements__notes="typed just now")
    elsewhere = tmp_path / "elsewhere"
    source = Chooser(SaveChoice(SAVE_ELSEWHERE, elsewhere))
    assert save_with_choices(saver, session, source) == SAVED
    assert "Read-only file system" in source.errors[0].message
    saved = SessionStore(elsewhere).load_path(saver.path)
    assert saver.path.parent == elsewhere
    assert saved.answers["requirements"]["notes"] == "typed just now"
    assert saver.resume_ref(session) == str(saver.path)  # resume finds it by its path
    saver.close()


def test_invalid_utf8_typed_at_a_prompt_is_saved_with_replacement_characters(tmp_path):
    from genai_design_cli.interview.saving import SAVED, SessionSaver, save_with_choices
    from genai_design_cli.interview.sources import SAVE_REPAIR, SaveChoice

    typed = b"caf\xe9 au lait".decode("utf-8", "surrogateescape")  # as a terminal decodes it
    saver = SessionSaver(SessionStore(tmp_path))
    session = a_session(requirements__notes=typed)
    source = Chooser(SaveChoice(SAVE_REPAIR))
    assert save_with_choices(saver, session, source) == SAVED
    assert source.errors[0].unencodable == ["answers.requirements.notes"]
    assert "not UTF-8" in source.errors[0].reason
    assert SessionStore(tmp_path).load_path(saver.path).answers["requirements"]["notes"] == (
        "caf\ufffd au lait"
    )
    saver.close()


def test_going_on_unsaved_keeps_everything_in_memory_and_says_so(tmp_path, monkeypatch):
    from genai_design_cli.interview.saving import LATER, SessionSaver, save_with_choices
    from genai_design_cli.interview.sources import SAVE_LATER, SaveChoice

    monkeypatch.setattr("genai_design_cli.io.store.atomic_write", FullDisk(5))
    session = a_session(requirements__qps=7)
    saver = SessionSaver(SessionStore(tmp_path))
    assert save_with_choices(saver, session, Chooser(SaveChoice(SAVE_LATER))) == LATER
    assert session.answers["requirements"]["qps"] == 7


def test_no_input_run_on_a_full_disk_is_a_clear_error(cli, monkeypatch):
    monkeypatch.setattr("genai_design_cli.io.store.atomic_write", FullDisk(100))
    result = cli("new", "--answers", str(EXAMPLE), "--no-input")
    assert result.exit_code == 1
    assert "could not save the session: No space left on device" in result.output
    assert "Traceback" not in result.output


# --- a framework changed under a session --------------------------------------------------------


def _lowered_framework(tmp_path, framework):
    """The built-in framework with requirements.qps allowed only up to 10."""
    import tomllib

    from genai_design_cli.model.session import dump_toml

    source = Path(__file__).resolve().parents[1] / "frameworks" / "genai-system-design.toml"
    data = tomllib.loads(source.read_text())
    for step in data["steps"]:
        for question in step.get("questions", []):
            if step["id"] == "requirements" and question["id"] == "qps":
                question["max"] = 10
    path = tmp_path / "lowered.toml"
    path.write_text(dump_toml(data))
    return path


def test_export_and_score_of_a_saved_session_keep_working_after_a_framework_edit(
    cli, genai_home, tmp_path, framework
):
    lowered = _lowered_framework(tmp_path, framework)
    from genai_design_cli.model.session import dump_toml

    session = SessionStore().load_path(EXAMPLE)
    bare = tmp_path / "answers.toml"  # no [session] table: a hand-written answers file
    bare.write_text(dump_toml({"answers": session.answers}))
    refused = cli("export", str(bare), "--framework", str(lowered))
    assert refused.exit_code == 2  # qps = 15 over a max of 10: the file's author fixes it
    assert "answers.requirements.qps: 15 is out of range" in refused.output
    session.session = SessionMeta(id="20261126-153000-kept", framework=str(lowered))
    SessionStore().save(session)
    qps = session.answers["requirements"]["qps"]
    exported = cli("export", "20261126-153000-kept")
    assert exported.exit_code == 0, exported.output
    assert "no longer fit" in exported.output and "answers.requirements.qps" in exported.output
    scored = cli("score", "20261126-153000-kept", "--json")
    assert scored.exit_code in (0, 1), scored.output  # 1 only for --strict failures
    kept = SessionStore().load("20261126-153000-kept")[1]
    assert kept.answers["requirements"]["qps"] == qps  # never deleted


def test_resume_reopens_the_step_of_an_answer_the_framework_no_longer_accepts(tmp_path, framework):
    from genai_design_cli.cli.interview import _reopen_invalid
    from genai_design_cli.model.framework import load_framework

    fw = load_framework(str(_lowered_framework(tmp_path, framework)))
    session = Session(session=SessionMeta(id="x", title="t", finished=True))
    session.set_answer("requirements", "qps", 40)
    session.step_state("requirements").status = "done"
    problems = _reopen_invalid(fw, session)
    assert problems and "answers.requirements.qps" in problems[0]
    assert session.step_state("requirements").status == "pending"
    assert not session.session.finished
    assert session.answers["requirements"]["qps"] == 40  # kept until answered again


# --- one bad file breaks nothing --------------------------------------------------------------


def test_sessions_list_skips_bad_files_with_one_line_each_and_never_hangs(cli, genai_home):
    folder = genai_home / "sessions"
    SessionStore().save(a_session())
    os.mkfifo(folder / "fifo.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "deep.toml").write_text("a = " + "[" * 1000 + "]" * 1000 + "\n")
    (folder / "local.toml").write_text('[session]\nid = "l"\ncreated = 2026-11-26T15:30:00\n')
    (folder / "big.toml").write_text("# " + "x" * (2 << 20))
    (folder / "latin1.toml").write_bytes(b'[session]\nid = "caf\xe9"\n')
    started = time.monotonic()
    result = cli("sessions", "list")
    assert time.monotonic() - started < 10
    assert result.exit_code == 0, result.output
    assert "Support bot" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning")]
    assert len(warnings) == 6
    assert any("named pipe" in w for w in warnings)
    assert any("character device" in w for w in warnings)
    assert any("nested too deeply" in w for w in warnings)
    assert any("UTC offset" in w for w in warnings)
    assert any("too large" in w for w in warnings)
    assert any("not UTF-8" in w for w in warnings)


def test_rich_markup_and_escapes_in_titles_print_literally(cli, genai_home):
    session = a_session()
    session.session.title = "Bot [/bold] v2 [red]EU[/red] \x1b]0;pwned\x07\x1b[2J"
    session.set_answer("requirements", "notes", "line\x1b[31m red\x1b[0m")
    SessionStore().save(session)
    listed = cli("sessions", "list")
    assert listed.exit_code == 0, listed.output
    assert "Bot [/bold] v2 [red]EU[/red]" in listed.output.replace("\n", " ").replace("  ", " ")
    shown = cli("sessions", "show", "20261126")
    assert shown.exit_code == 0, shown.output
    assert "[red]EU[/red]" in shown.output
    assert "\x1b" not in listed.output and "\x1b" not in shown.output
    assert "\x1b[31m" in SessionStore().load("20261126")[1].answers["requirements"]["notes"]


def test_genai_design_home_naming_a_file_is_a_clear_error(cli, monkeypatch, tmp_path):
    afile = tmp_path / "home"
    afile.write_text("")
    monkeypatch.setenv("GENAI_DESIGN_HOME", str(afile))
    result = cli("sessions", "list")
    assert result.exit_code == 2
    assert "is not a folder" in result.output


@pytest.mark.parametrize("ref", ["x" * 300, "/tmp/" + "y" * 300 + ".toml", "a\0b"])
def test_a_300_character_session_ref_is_a_clear_error(cli, ref):
    result = cli("sessions", "show", ref)
    assert result.exit_code == 2
    assert "no session" in result.output or "empty" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_16000_unknown_keys_are_reported_in_linear_time():
    text = "[answers.requirements]\n" + "".join(f"k{i} = 1\n" for i in range(16_000))
    text = "[session]\nid = 'x'\n" + "".join(f"u{i} = 1\n" for i in range(16_000)) + text
    started = time.monotonic()
    with pytest.raises(UserError) as info:
        session_from_toml(text, "many.toml")
    assert time.monotonic() - started < 5  # 34 s when each problem re-read the file
    message = info.value.format_message()
    assert "many.toml:3: session.u0: unknown key" in message
    assert "... and 15,980 more" in message


def test_a_save_round_trips_every_kind_of_answer(tmp_path):
    store = SessionStore(tmp_path)
    session = a_session(
        requirements__qps=2500,
        requirements__share=0.25,
        requirements__notes='```\n# not a heading\n"""triple"""\n',
        architecture__architecture=["rag", "agents"],
        requirements__streaming=True,
    )
    path = store.save(session)
    assert store.load_path(path).answers == session.answers
    assert session_to_toml(store.load_path(path)) == path.read_text()


def test_a_run_killed_between_finish_and_its_export_is_finished_by_a_bare_resume(
    cli, genai_home, tmp_path
):
    """`new --out` records the document it owes; killed after Finish and before the export,
    the finished session is still what `resume` picks, and resume writes the document."""
    out = tmp_path / "design.md"
    session = SessionStore().load_path(EXAMPLE)
    session.session = SessionMeta(
        id="20261126-153000-killed",
        title="Killed before export",
        finished=True,
        pending_out=str(out),
        pending_format="md",
    )
    path = SessionStore().save(session)
    assert SessionStore().latest_unfinished() is not None  # still owed: a document
    result = cli("resume")
    assert result.exit_code == 0, result.output
    assert "did not get to" in result.output
    assert out.read_text(encoding="utf-8").startswith("# Killed before export")
    assert SessionStore().load_path(path).session.pending_out is None
    assert SessionStore().latest_unfinished() is None
    again = cli("resume")
    assert again.exit_code == 2 and "no unfinished session" in again.output


def test_new_out_leaves_no_document_owed(cli, genai_home, tmp_path):
    out = tmp_path / "d.md"
    result = cli("new", "--answers", str(EXAMPLE), "--no-input", "--out", str(out))
    assert result.exit_code == 0, result.output
    (saved,) = [s for _, s in SessionStore().all()]
    assert saved.session.finished and saved.session.pending_out is None

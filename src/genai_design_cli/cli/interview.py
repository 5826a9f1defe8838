"""Commands: new, resume, practice — the interview in a terminal, from a file, or timed."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.framework import Framework
    from genai_design_cli.model.session import Session

FORMATS = ("md", "html", "json")


class DocFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


NO_TERMINAL_HINT = {
    "new": "Give the answers in a file instead: genai-design new --answers FILE --no-input "
    "(an answers file needs only [answers.<step-id>] tables; a saved session works too).",
    "practice": "Practice needs a terminal for its clock and prompts. To score a written "
    "answer instead: genai-design practice --answers FILE, or genai-design score FILE.",
}


def has_terminal() -> bool:
    from genai_design_cli.tui.console import has_terminal as _has_terminal

    return _has_terminal()


def _console(stderr: bool = False):
    from genai_design_cli.tui.console import console

    return console(stderr=stderr)


def _say(message: str, stderr: bool = False) -> None:
    """A plain line: paths and ids unbroken, and no Rich import on the no-input path."""
    typer.echo(message, err=stderr)


def _resume_hint(session: Session, saver: SessionSaver) -> str:
    return f"genai-design resume {saver.resume_ref(session)}"


def _run(
    fw: Framework, session: Session, source: Any, saver: SessionSaver, case: Case | None = None
) -> str:
    """Run the engine; Ctrl-C (or input ending) saves and exits 130 with the resume command.

    In practice the case's numbers ("when you ask") are the defaults, so the estimates and the
    checks run on the case's own QPS, SLO and privacy rule unless the candidate changes them."""
    from genai_design_cli.interview.engine import Interview

    defaults = case.variables() if case is not None else None
    engine = Interview(fw, session, source, save=saver, defaults=defaults)
    try:
        return engine.run()
    except (KeyboardInterrupt, EOFError):
        if not session.answers and not (session.session and session.session.title):
            _say("\nStopped before the first answer; nothing to save.")
            raise typer.Exit(130) from None
        saver(session)
        _say(f"\nSaved. Resume with: {_resume_hint(session, saver)}")
        raise typer.Exit(130) from None


def _framework(ref: str | None) -> tuple[Framework, str]:
    """The framework, and how a session names it: its id when it is a known framework, else
    the file's absolute path (so `resume` and `export` find it again)."""
    from genai_design_cli.model.framework import (
        available_frameworks,
        load_framework,
        resolve_framework,
    )

    fw = load_framework(ref)
    path = resolve_framework(ref)
    known = available_frameworks().get(fw.id)
    name = fw.id if known is not None and known.resolve() == path.resolve() else str(path.resolve())
    return fw, name


def _check_out(out: Path | None, fmt: str) -> None:
    from genai_design_cli.errors import UserError, WorkFailed

    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}", where="--format", hint="Use md, html or json.")
    if out is not None and out.exists():
        raise WorkFailed(
            f"{out} already exists; not overwriting it",
            where="--out",
            hint="Choose another --out path, or write this file later with: "
            "genai-design export SESSION --out PATH --force",
        )


def _write_export(fw: Framework, session: Session, out: Path, fmt: str) -> None:
    from genai_design_cli import render as export
    from genai_design_cli.cli.common import load_design
    from genai_design_cli.io.atomic import write_output

    _check_out(out, fmt)  # it may have appeared while the interview ran
    write_output(out, export.render(load_design(fw, session), fmt))


def _start(
    fw: Framework,
    session: Session,
    *,
    answers: Path | None,
    no_input: bool,
    command: str,
) -> tuple[Any, bool]:
    """Pick the answer source: prompts in a terminal, else the answers file and defaults."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.interview.engine import apply_answers_file
    from genai_design_cli.interview.sources import AnswersFileSource
    from genai_design_cli.io.store import SessionStore

    if answers is not None:
        apply_answers_file(fw, session, SessionStore().load_path(answers))
    interactive = not no_input and has_terminal()
    if not interactive and not no_input and answers is None:
        raise UserError(
            f"`genai-design {command}` asks questions, but there is no terminal to ask in "
            "(stdin is not a TTY).",
            hint=NO_TERMINAL_HINT.get(command, NO_TERMINAL_HINT["new"]),
        )
    if interactive:
        from genai_design_cli.tui.prompts import QuestionarySource

        return QuestionarySource(), True
    return AnswersFileSource(), False


def new(
    framework: Annotated[
        str | None,
        typer.Option("--framework", metavar="ID|PATH", help="Framework id or TOML file."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the design (asked when omitted).")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answers file (or a saved session): its answers are not asked again.",
            dir_okay=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Ask nothing: take the answers file and defaults; list missing required ones.",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write the design document here at the end.", dir_okay=False
        ),
    ] = None,
    doc_format: Annotated[
        DocFormat, typer.Option("--format", "-f", help="Format of the --out file.")
    ] = DocFormat.md,
) -> None:
    """Start a new design: walk the 9 steps, saved after every answer.

    Each step shows its time budget, sub-topics and talking points; numbers accept 10M or
    2.5k; cost, latency and capacity are computed as soon as their inputs are known. Between
    steps: continue, go back and change an answer, skip, mark a deep dive, or save and quit.
    Ctrl-C saves too; `genai-design resume` picks up where you stopped.

    [bold]Examples[/bold]

      genai-design new --title 'Support bot for an online store'

      genai-design new --answers examples/rag-support-assistant.toml --no-input --out design.md
    """
    from genai_design_cli.interview.engine import QUIT_SAVED, new_session
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.io.store import SessionStore

    fmt = doc_format.value
    _check_out(out, fmt)
    if out is None and fmt != "md":
        _say(
            f"Note: --format {fmt} applies to the --out file; without --out no document is "
            "written (export it later with: genai-design export SESSION --format "
            f"{fmt}).",
            stderr=True,
        )
    fw, fw_name = _framework(framework)
    session = new_session(fw, title=title or "")
    session.session.framework = fw_name
    source, interactive = _start(fw, session, answers=answers, no_input=no_input, command="new")
    saver = SessionSaver(SessionStore())
    if interactive and session.session.title:
        saver(session)  # without a title, the first save waits for the title prompt's answer
    outcome = _run(fw, session, source, saver)
    path = saver(session)
    if outcome == QUIT_SAVED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    if out is not None:
        _write_export(fw, session, out, fmt)
        _say(f"Wrote {out} (session {session.id} saved to {path}).")
        return
    _say(f"Done. Session saved to {path}")
    _say(f"Export it with: genai-design export {session.id} --out design.md")


def resume(
    session_ref: Annotated[
        str | None,
        typer.Argument(
            metavar="[SESSION]",
            help="Session id, unique prefix, or path; the latest unfinished one when omitted.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Resume a session at the step and question where it stopped.

    Answers already given are kept; a finished session opens at the final menu, where you can
    go back and change answers.

    [bold]Examples[/bold]

      genai-design resume

      genai-design resume 20261126-153000
    """
    from genai_design_cli.errors import UserError
    from genai_design_cli.interview.engine import FINISHED
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.framework import load_framework

    store = SessionStore()
    if session_ref:
        path, session = store.load(session_ref)
    else:
        found = store.latest_unfinished()
        if found is None:
            raise UserError(
                "no unfinished session to resume",
                hint="Start one with: genai-design new   (see all: genai-design sessions list)",
            )
        path, session = found
    if session.session is None:
        raise UserError(
            "this is an answers file, not a session (it has no [session] table)",
            where=str(path),
            hint=f"Start a session from it with: genai-design new --answers {path}",
        )
    if not has_terminal():
        raise UserError(
            "`genai-design resume` asks questions, but there is no terminal to ask in "
            "(stdin is not a TTY).",
            hint=f"Finish it from a file instead: genai-design new --answers {path} --no-input",
        )
    fw = load_framework(session.session.framework)
    case = _load_case(session.session.case) if session.session.mode == "practice" else None
    from genai_design_cli.tui.prompts import QuestionarySource

    if case is not None:
        show_case(case, session.session.minutes or fw.minutes)  # the prompt, again
    saver = SessionSaver(store, path)
    outcome = _run(fw, session, QuestionarySource(), saver, case)
    saver(session)
    if outcome != FINISHED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    if session.session.mode == "practice":
        _feedback(fw, session, case, saver)
    _say(f"Done. Session saved to {saver.path}")
    _say(f"Export it with: genai-design export {session.id} --out design.md")


def _load_case(ref: str | None) -> Case | None:
    if not ref:
        return None
    from genai_design_cli.errors import UserError
    from genai_design_cli.model.case import load_case

    try:
        return load_case(ref)
    except UserError:
        return None  # the case file went away; feedback without case points


def _feedback(fw: Framework, session: Session, case: Any, saver: SessionSaver) -> None:
    from genai_design_cli.tui.coach_views import show_feedback

    report = show_feedback(fw, session, case)
    session.feedback = report.to_dict()
    saver(session)


def show_case(case: Any, minutes: float) -> None:
    """The case as the interviewer gives it: prompt, context, and the clock."""
    from genai_design_cli.tui.case_views import practice_card

    _console().print(practice_card(case, minutes))


def practice(
    case: Annotated[
        str, typer.Option("--case", metavar="ID|random", help="The case to practise.")
    ] = "random",
    minutes: Annotated[
        float | None,
        typer.Option("--minutes", min=1, help="Length of the interview (default: framework's 45)."),
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option("--framework", metavar="ID|PATH", help="Framework id or TOML file."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", metavar="FILE", help="Pre-filled answers.", dir_okay=False),
    ] = None,
) -> None:
    """A timed mock interview on a case: talking points hidden, feedback at the end.

    The case is shown first; the clock shows time left overall and in the step at every
    prompt and flags overtime. Ask for a hint from the menu between steps (hints are
    recorded). At the end the coach reports what you covered and missed, contradictions in
    the design, and where the time went.

    [bold]Examples[/bold]

      genai-design practice --case random --minutes 30

      genai-design practice --case support-bot
    """
    from genai_design_cli.interview.engine import QUIT_SAVED, new_session
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.case import load_case

    fw, fw_name = _framework(framework)
    chosen = load_case(case)
    length = minutes or fw.minutes
    session = new_session(fw, title=chosen.title, mode="practice", case=chosen.id, minutes=length)
    session.session.framework = fw_name
    source, interactive = _start(fw, session, answers=answers, no_input=False, command="practice")
    saver = SessionSaver(SessionStore())
    show_case(chosen, length)
    if interactive and session.session.title:
        saver(session)  # without a title, the first save waits for the title prompt's answer
    outcome = _run(fw, session, source, saver, chosen)
    saver(session)
    if outcome == QUIT_SAVED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    _feedback(fw, session, chosen, saver)
    _say(f"Session saved to {saver.path}")
    _say(f"Export it with: genai-design export {session.id} --out design.md")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("new")(new)
    app.command("resume")(resume)
    app.command("practice")(practice)

"""Commands: new, resume, practice — the interview in a terminal, from a file, or timed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
    """A plain line: paths and ids unbroken, and no Rich import on the no-input path. After
    SIGHUP the terminal is gone: a line that cannot be written is dropped, not a traceback."""
    with suppress(OSError, ValueError):
        typer.echo(message, err=stderr)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, to save and exit like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_save_and_exit() -> Iterator[None]:
    """While an interview runs, SIGTERM and SIGHUP (the terminal closed) raise Terminated,
    which takes the Ctrl-C path: save, say how to resume, exit 130. Only the first signal
    raises: a second one while saving on the way out must not cut the save short."""
    import signal

    caught: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if not caught:
            caught.append(signum)
            raise Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, handler)
        except (ValueError, OSError):  # not the main thread (tests): leave it be
            continue
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait while the last save is written."""
    import signal

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, lambda *_: None)
        except (ValueError, OSError):
            continue
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _save_or_rescue(session: Session, saver: SessionSaver, source: Any, *, ask: bool) -> bool:
    """The last save of a command. A failure asks the person what to do (`ask`, when there
    is a terminal to ask in); if it still cannot be saved, the session goes to a rescue file
    in the temporary folder, or to stdout: what was typed is never lost. True if saved."""
    from genai_design_cli.interview.saving import SAVED, save_with_choices
    from genai_design_cli.io.store import SaveFailed

    reason = ""
    try:
        if ask:
            if save_with_choices(saver, session, source) == SAVED:
                return True
            reason = "you chose to go on without saving"
        else:
            with _no_interrupts():
                saver(session)
            return True
    except SaveFailed as exc:
        reason = exc.message
    except (KeyboardInterrupt, EOFError):
        reason = "interrupted while asking where to save"
    _rescue(session, reason)
    return False


def _rescue(session: Session, reason: str) -> None:
    """Write the session somewhere it can be found again, and say where."""
    import tempfile

    from genai_design_cli.io.atomic import atomic_write
    from genai_design_cli.model.session import session_to_toml

    session.replace_unencodable()
    text = session_to_toml(session)
    _say(f"\nThe session could not be saved: {reason}.", stderr=True)
    for folder in (Path(tempfile.gettempdir()), Path.cwd()):
        rescue = folder / f"genai-design-rescue-{session.id or 'session'}.toml"
        try:
            atomic_write(rescue, text)
        except OSError:
            continue
        _say(
            f"Your answers are in {rescue}. Resume from it with: genai-design resume {rescue}",
            stderr=True,
        )
        return
    _say("Your answers, as a session file (save this text to resume from it later):", stderr=True)
    _say(text)


def _resume_hint(session: Session, saver: SessionSaver) -> str:
    return f"genai-design resume {saver.resume_ref(session)}"


class CoachAdvisor:
    """The interview's advisor backed by the coach: the checks fire with the coach's messages
    (numbers stated, the case's constraints too), each as soon as its inputs exist; coverage
    is the coach's, read from what was written (for the practice hints)."""

    def __init__(self, fw: Framework, case: Case | None = None) -> None:
        from genai_design_cli.interview.findings import FrameworkAdvisor

        self.fw = fw
        self.case = case
        # the coach reads every answer's words (tenths of a second): it runs again only when
        # an answer, the framework's own reading of the checks, or a step's status changed
        self._quick = FrameworkAdvisor(fw)
        self._last: tuple[Any, list[Any]] | None = None

    def _report(self, session: Session) -> Any:
        from genai_design_cli.coach.evaluate import evaluate

        meta = session.session
        if meta is not None and not meta.finished:
            # judged as if finished; which findings are ready is decided below
            finished = meta.model_copy(update={"finished": True})
            session = session.model_copy(update={"session": finished})
        return evaluate(self.fw, session, self.case)

    def findings(self, session: Session) -> list[Any]:
        from genai_design_cli.interview.findings import (
            WALKED,
            Finding,
            check_ready,
            finding_of,
            owners,
        )
        from genai_design_cli.interview.reconcile import environment

        key = (
            frozenset(f.id for f in self._quick.findings(session)),
            tuple(state.status for state in session.steps.values()),
            # the coach's own figures (cost against budget, closed weights) move with any
            # answer, not only with the framework's reading of the checks
            repr(session.answers),
        )
        if self._last is not None and self._last[0] == key:
            return list(self._last[1])
        try:
            report = self._report(session)
        except Exception:  # a coach bug must not end the person's walk: the framework's checks
            return self._quick.findings(session)
        checks = {check.id: check for check in self.fw.checks}
        owned = owners(self.fw)
        env = environment(self.fw, session)
        current = session.session.current_step if session.session else None
        found = []
        for fired in report.checks:
            check = checks.get(fired.id)
            if check is not None:
                if check_ready(self.fw, session, check, owned):
                    found.append(finding_of(check, env, fired.message))
            elif session.step_state(fired.step).status in WALKED or fired.step == current:
                found.append(
                    Finding(fired.id, fired.step, fired.severity, fired.message, fired.advice)
                )
        self._last = (key, found)
        return found

    def covered(self, step: Any, session: Session) -> set[str]:
        try:
            report = self._report(session)
        except Exception:  # a coach bug: the questions answered still say something
            return self._quick.covered(step, session)
        return set(report.steps[step.id].covered) if step.id in report.steps else set()


def _run(
    fw: Framework,
    session: Session,
    source: Any,
    saver: SessionSaver,
    case: Case | None = None,
    opened_from: str | None = None,
    catalog: Any = None,
) -> str:
    """Run the engine; Ctrl-C (or input ending) saves and exits 130 with the resume command.

    Practice gives no numbers up front: the candidate asks the interviewer (the case's
    [[ask]] questions) and states their own. `opened_from` ("answers", "resume") opens with
    a recap. `catalog`: the one the command loaded (read once for the walk and the doc)."""
    from genai_design_cli.interview.engine import Interview

    catalog = catalog if catalog is not None else _catalog_or_none()
    engine = Interview(
        fw,
        session,
        source,
        save=saver,
        case=case,
        advisor=CoachAdvisor(fw, case),
        catalog=catalog,
        opened_from=opened_from,
    )
    try:
        with _signals_save_and_exit():
            return engine.run()
    except (KeyboardInterrupt, EOFError) as exc:
        if not session.answers and not (session.session and session.session.title):
            _say("\nStopped before the first answer; nothing to save.")
            raise typer.Exit(130) from None
        if not _save_or_rescue(session, saver, source, ask=False):
            raise typer.Exit(1) from None
        stopped = f" ({_signal_name(exc.signum)})" if isinstance(exc, Terminated) else ""
        _say(f"\nSaved{stopped}. Resume with: {_resume_hint(session, saver)}")
        raise typer.Exit(130) from None


def _signal_name(signum: int) -> str:
    import signal

    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _final_save(session: Session, saver: SessionSaver, source: Any, interactive: bool) -> None:
    """The save after the interview: a failure is asked about (or rescued), never lost."""
    if not interactive:
        saver(session)  # answers from a file: a failure is the command's error (exit 1)
        return
    if not _save_or_rescue(session, saver, source, ask=True):
        raise typer.Exit(1)


def _reopen_invalid(fw: Framework, session: Session) -> list[str]:
    """Answers this framework no longer accepts (it changed under the session): each is
    kept, and its step walked again so that it is asked again. Returns the problems."""
    from genai_design_cli.model.answers import InvalidAnswer, answers_problems, validate_answer

    problems = [f"{p} (kept in the file)" for p in answers_problems(fw, session.answers)]
    for step, question in fw.questions():
        table = session.answers.get(step.id, {})
        if question.id not in table:
            continue
        try:
            validate_answer(question, table[question.id])
        except InvalidAnswer as exc:
            problems.append(f"answers.{step.id}.{question.id}: {exc}")
            state = session.step_state(step.id)
            if state.status == "done":
                state.status = "pending"
                if session.session is not None:
                    session.session.finished = False
    return problems


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
    if out is None:
        return
    from genai_design_cli.io.atomic import check_output_target

    try:
        check_output_target(out, force=False)
    except WorkFailed as exc:
        raise WorkFailed(
            exc.message,
            where="--out",
            hint="Choose another --out path, or write this file later with: "
            "genai-design export SESSION --out PATH --force",
        ) from None


def _catalog_or_none() -> Any:
    """The catalog, or None when the user's own is broken (the calculators report it)."""
    from genai_design_cli.cli.common import load_catalog
    from genai_design_cli.errors import UserError

    try:
        return load_catalog()
    except UserError:
        return None


def _new_design(fw: Framework, session: Session, catalog: Any) -> Any:
    """The finished session's Design with the catalog the walk used (no second read)."""
    from genai_design_cli.cli.common import load_design

    if catalog is None:
        return load_design(fw, session)  # reports a broken user catalog as bad input
    from genai_design_cli.calc.catalog import CatalogError
    from genai_design_cli.design import build_design
    from genai_design_cli.errors import UserError

    try:
        return build_design(fw, session, catalog=catalog, case=None)
    except CatalogError as exc:
        raise UserError(exc.message, where=exc.where, hint=exc.hint) from None


def _write_export(fw: Framework, session: Session, out: Path, fmt: str, design: Any = None) -> None:
    from genai_design_cli.cli.common import load_design
    from genai_design_cli.cli.export import export_text
    from genai_design_cli.io.atomic import write_output

    _check_out(out, fmt)  # it may have appeared while the interview ran
    write_output(out, export_text(design or load_design(fw, session), fmt))


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
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when an error-level check fires on the finished design (after "
            "saving it and writing --out), as a linter would.",
        ),
    ] = False,
) -> None:
    """Start a new design: walk the 9 steps, saved after every answer.

    Each step shows its time budget and one line of sub-topics; its talking points are one
    menu choice away. Numbers accept 10M or 2.5k. Cost, latency and capacity run as soon as
    their inputs are known: a digest of at most five lines follows the step that changed
    them, the full tables on request. A check fires as soon as its inputs exist (a hosted API
    when data may not leave): go back and fix it, or keep the design and say why, which the
    doc lists with its risks. Between steps: continue, go back and change an answer, skip,
    mark a deep dive, or save and quit. The walk ends with a summary of the checks, the
    skipped steps and the numbers.

    With --answers, the file's answers are not asked again: the walk opens with a recap and
    goes on at the first unanswered step. Ctrl-C saves too; `genai-design resume` picks up
    where you stopped.

    [bold]Examples[/bold]

      genai-design new --title 'Support bot for an online store'

      genai-design new --answers examples/rag-support-assistant.toml \\
          --no-input --out design.md
    """
    fmt = doc_format.value
    _check_out(out, fmt)
    if title is None and answers is None and framework is None and not no_input:
        title = _first_title()  # before the framework loads: the first prompt shows at once

    from genai_design_cli.interview.engine import QUIT_SAVED, new_session
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.io.store import SessionStore

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
    if out is not None:
        session.session.pending_out = str(out.resolve())
        session.session.pending_format = fmt
    source, interactive = _start(fw, session, answers=answers, no_input=no_input, command="new")
    store = SessionStore()
    store.sweep()
    saver = SessionSaver(store, command="new")
    try:
        if interactive and session.session.title:
            # without a title, the first save waits for the title prompt's answer
            _final_save(session, saver, source, interactive)
        opened = "answers" if answers is not None else None
        catalog = _catalog_or_none()
        outcome = _run(fw, session, source, saver, opened_from=opened, catalog=catalog)
        _final_save(session, saver, source, interactive)
    finally:
        saver.close()
    path = saver.path
    if outcome == QUIT_SAVED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    design = None
    if out is not None:  # the doc's Design carries the coach's report: judged once for both
        design = _new_design(fw, session, catalog)
    errors = _summary(fw, session, interactive, design)
    if out is not None:
        _write_export(fw, session, out, fmt, design)
        _export_done(session, path)
        _say(f"Wrote {out} (session {session.id} saved to {path}).")
    else:
        _say(f"Done. Session saved to {path}")
        _say(f"Export it with: genai-design export {session.id} --out design.md")
    if strict and errors:
        from genai_design_cli.errors import WorkFailed

        raise WorkFailed(
            f"{errors} error-level check{'s' if errors != 1 else ''} fired (--strict)",
            hint="Fix the design (genai-design resume) or drop --strict; the summary above "
            "names each check.",
        )


def _first_title() -> str | None:
    """The title, asked first with questionary alone (None without a terminal: the usual
    "no terminal" error follows). Ctrl-C here leaves nothing behind."""
    if not has_terminal():
        return None
    from genai_design_cli.tui.title import ask_title

    try:
        return ask_title()
    except (KeyboardInterrupt, EOFError):
        _say("\nStopped before the first answer; nothing to save.")
        raise typer.Exit(130) from None


def _summary(fw: Framework, session: Session, interactive: bool, design: Any = None) -> int:
    """The summary `new` ends with: the checks, the steps skipped, the numbers. Rich in a
    terminal, plain lines otherwise. Returns how many error-level checks fired. With the
    document's `design`, its coach report gives the checks (the session is finished: every
    check is judged)."""
    from genai_design_cli.model.answers import typed_variables
    from genai_design_cli.tui.recap import build_summary, summary_lines

    report = getattr(design, "report", None)
    findings = list(report.checks) if report is not None else CoachAdvisor(fw).findings(session)
    kept = {k: v for state in session.steps.values() for k, v in state.kept.items()}
    skipped = [
        (s.number, s.title) for s in fw.steps if session.step_state(s.id).status == "skipped"
    ]
    meta = session.session
    summary = build_summary(
        meta.title if meta else fw.title,
        len(fw.steps),
        skipped,
        findings,
        kept,
        session.results,
        typed_variables(fw, session.answers),
    )
    if interactive:
        from genai_design_cli.tui.recap import show_summary

        show_summary(_console(), summary)
    else:
        from genai_design_cli.tui.terminal_text import clean

        for line in summary_lines(summary):
            _say(clean(line))
    return sum(1 for f in findings if f.severity == "error")


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
    """Resume a session where it stopped, after a one-screen recap.

    The recap shows the steps done, the last answer and the time spent; the walk then goes on
    at the first unanswered question. A finished session opens at the final menu, where you
    can go back and change answers.

    [bold]Examples[/bold]

      genai-design resume

      genai-design resume 20261126-153000
    """
    from genai_design_cli.errors import UserError
    from genai_design_cli.interview.engine import FINISHED
    from genai_design_cli.interview.saving import SessionSaver
    from genai_design_cli.io.store import SessionStore

    store = SessionStore()
    store.sweep()
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
    try:
        lock = store.lock(path, "resume")  # one writer: a second resume is refused (exit 1)
    except OSError as exc:  # a read-only folder: go on; a failed save will say so and ask
        lock = None
        _say(f"Note: could not lock {path} ({exc.strerror or exc}).", stderr=True)
    saver = SessionSaver(store, path, lock=lock, command="resume")
    try:
        if lock is not None and lock.took_over is not None:
            _say(
                f"Note: took over the lock left by {lock.took_over.describe()}, which is "
                "no longer running.",
                stderr=True,
            )
        session = store.load_path(path)  # again, under the lock: the latest answers
        if session.session is None:
            raise UserError(
                "this is an answers file, not a session (it has no [session] table)",
                where=str(path),
                hint=f"Start a session from it with: genai-design new --answers {path}",
            )
        meta = session.session
        if meta.finished and meta.pending_out:
            _finish_pending_export(session, path)
            return
        if not has_terminal():
            raise UserError(
                "`genai-design resume` asks questions, but there is no terminal to ask in "
                "(stdin is not a TTY).",
                hint=f"Finish it from a file instead: genai-design new --answers {path} --no-input",
            )
        outcome = _resume_locked(path, session, saver)
    finally:
        saver.close()
    if outcome != FINISHED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    _say(f"Done. Session saved to {saver.path}")
    _say(f"Export it with: genai-design export {session.id} --out design.md")


def _export_done(session: Session, path: Path | None) -> None:
    """The document `new --out` promised is written: forget it (saved, so `resume` does not
    write it again)."""
    from genai_design_cli.io.store import SessionStore

    if session.session is None or path is None:
        return
    session.session.pending_out = None
    session.session.pending_format = None
    SessionStore().save(session, path)


def _finish_pending_export(session: Session, path: Path) -> None:
    """A finished session whose `new --out` document was never written (the run was killed
    between Finish and the export): write it now."""
    meta = session.session
    out = Path(meta.pending_out)
    if out.exists():  # written atomically: the whole document is there, only the note is not
        _say(f"{out} was already written; nothing left to do for {session.id}.")
    else:
        fw = _framework(meta.framework)[0]
        _write_export(fw, session, out, meta.pending_format or "md")
        _say(f"Wrote {out}: the document the last run of {session.id} did not get to.")
    _export_done(session, path)


def _resume_locked(path: Path, session: Session, saver: SessionSaver) -> str:
    """The body of `resume` once the session is locked and read again."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.interview.engine import FINISHED
    from genai_design_cli.model.framework import load_framework
    from genai_design_cli.tui.prompts import QuestionarySource

    meta = session.session
    if meta is None:
        raise UserError("this is an answers file, not a session", where=str(path))
    fw = load_framework(meta.framework)
    case = _load_case(meta.case) if meta.mode == "practice" else None
    problems = _reopen_invalid(fw, session)
    if problems:
        from genai_design_cli.tui.terminal_text import clean

        plural = "s" if len(problems) != 1 else ""
        _say(
            f"Note: {len(problems)} saved answer{plural} no longer fit {fw.id} {fw.version} "
            "(the framework changed); they are kept, and asked again where a question "
            "still exists:\n" + "\n".join(f"  {clean(p, one_line=True)}" for p in problems[:20]),
            stderr=True,
        )
    if case is not None:
        show_case(case, meta.minutes or fw.minutes)  # the prompt, again
    source = QuestionarySource()
    outcome = _run(fw, session, source, saver, case, opened_from="resume")
    _final_save(session, saver, source, True)
    if outcome == FINISHED and meta.mode == "practice":
        _feedback(fw, session, case, saver)
    elif outcome == FINISHED:  # Finish ends with the same summary as `new`
        _summary(fw, session, True)
    return outcome


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
    """A timed mock interview on a case, with a debrief at the end.

    The case opens with the interviewer's prompt only. Ask the interviewer for the numbers
    and facts (from the menu, or press ? at any question) and state your own. No rubric is
    shown; hints are graded, a nudge first and then the talking point, and recorded. Before
    the calculators show the monthly volume, the cost or the GPU count, you give your own
    estimate. Each step ends with one follow-up question from the interviewer. The clock
    shows the time left; when it runs out, wrap up or go on with the overtime recorded. The
    debrief leads with errors and their numbers, then missed case points, strengths, and
    what to study.

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
    store = SessionStore()
    store.sweep()
    saver = SessionSaver(store, command="practice")
    try:
        show_case(chosen, length)
        if interactive and session.session.title:
            _final_save(session, saver, source, interactive)
        outcome = _run(fw, session, source, saver, chosen)
        _final_save(session, saver, source, interactive)
        if outcome != QUIT_SAVED:
            _feedback(fw, session, chosen, saver)
    finally:
        saver.close()
    if outcome == QUIT_SAVED:
        _say(f"Saved. Resume with: {_resume_hint(session, saver)}")
        return
    _say(f"Session saved to {saver.path}")
    _say(f"Export it with: genai-design export {session.id} --out design.md")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("new")(new)
    app.command("resume")(resume)
    app.command("practice")(practice)

"""Commands: sessions list | show | rm — the saved interviews under GENAI_DESIGN_HOME."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from genai_design_cli.model.framework import Framework
    from genai_design_cli.model.session import Session

sessions_app = typer.Typer(
    name="sessions",
    help=(
        "List, show and remove saved sessions.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  genai-design sessions list\n\n"
        "  genai-design sessions show 20261126-1530"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)

SessionArg = Annotated[
    str,
    typer.Argument(
        metavar="SESSION",
        help="A session id, a unique prefix of one, or a path to a session file.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object instead.")]


def _framework_for(session: Session, cache: dict[str, Any]) -> Framework | None:
    from genai_design_cli.errors import UserError
    from genai_design_cli.model.framework import load_framework

    ref = session.session.framework if session.session else None
    key = ref or ""
    if key not in cache:
        try:
            cache[key] = load_framework(ref)
        except UserError:
            cache[key] = None
    return cache[key]


def _summary(path: Any, session: Session, cache: dict[str, Any]) -> dict[str, Any]:
    from genai_design_cli.interview.engine import progress

    fw = _framework_for(session, cache)
    if fw is not None:
        done, total = progress(fw, session)
    else:
        done = sum(1 for s in session.steps.values() if s.status in ("done", "skipped"))
        total = len(session.steps)
    skipped = sum(1 for s in session.steps.values() if s.status == "skipped")
    meta = session.session
    score = session.feedback.get("total") if session.feedback else None
    return {
        "id": session.id or path.stem,
        "title": meta.title if meta else "",
        "mode": meta.mode if meta else "",
        "case": meta.case if meta else None,
        "steps_done": done,
        "steps_total": total,
        "steps_skipped": skipped,
        # a skipped step is not a done one: "9/9" for a session with 7 skipped misleads
        "progress": f"{done - skipped}/{total} steps" + (f", {skipped} skipped" if skipped else ""),
        "finished": bool(meta and meta.finished),
        "score": score,
        "updated": meta.updated.isoformat() if meta else None,
        "path": str(path),
    }


def _warn_skipped(skipped: list[str]) -> None:
    """One line on stderr per session file that could not be read."""
    from genai_design_cli.tui.terminal_text import clean

    for line in skipped:
        typer.echo(f"Warning: skipped {clean(line, one_line=True)}", err=True)


def short_id(session_id: str, all_ids: list[str], least: int = 15) -> str:
    """The shortest prefix of `session_id` (at least its timestamp) no other id starts with."""
    for end in range(min(least, len(session_id)), len(session_id) + 1):
        prefix = session_id[:end]
        if not any(other != session_id and other.startswith(prefix) for other in all_ids):
            return prefix
    return session_id


def list_sessions(json: JsonOpt = False) -> None:
    """List saved sessions, newest first: title, mode, progress, score, last update.

    [bold]Examples[/bold]

      genai-design sessions list

      genai-design sessions list --json
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.tui.console import console

    cache: dict[str, Any] = {}
    store = SessionStore()
    rows = [_summary(path, session, cache) for path, session in store.all()]
    if json:
        print_json({"sessions": rows, "skipped": store.skipped})
        return
    _warn_skipped(store.skipped)
    out = console()
    if not rows:
        out.print("No sessions yet. Start one with: genai-design new")
        return
    from rich import box
    from rich.table import Table

    from genai_design_cli.tui.terminal_text import text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("title", ratio=1, min_width=20)
    table.add_column("mode", no_wrap=True)
    table.add_column("steps", min_width=6)  # "2/9 ✓", then "1 skipped" wraps below
    table.add_column("score", justify="right")
    table.add_column("updated", no_wrap=True)
    for row in rows:
        progress_text = row["progress"].replace(" steps", "") + (" ✓" if row["finished"] else "")
        score = row["score"]
        score_text = f"{score:.0f}" if isinstance(score, (int, float)) else ""
        updated = (row["updated"] or "").replace("T", " ")[5:16]
        short = short_id(row["id"], [r["id"] for r in rows])
        table.add_row(
            text(short, one_line=True),
            text(row["title"], one_line=True),
            text(row["mode"], one_line=True),
            progress_text,
            score_text,
            text(updated, one_line=True),
        )
    out.print(table)
    out.print("Any unique prefix of an id works, e.g. genai-design resume " + rows[0]["id"][:15])


def show(session_ref: SessionArg, json: JsonOpt = False) -> None:
    """Show a session's answers, step by step.

    [bold]Examples[/bold]

      genai-design sessions show 20261126-153000

      genai-design sessions show 2026 --json
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.tui.console import console

    path, session = SessionStore().load(session_ref)
    cache: dict[str, Any] = {}
    if json:
        data = session.model_dump(mode="json")
        data["path"] = str(path)
        data["summary"] = _summary(path, session, cache)
        print_json(data)
        return
    from rich.padding import Padding

    from genai_design_cli.tui.terminal_text import text as Text

    out = console()
    summary = _summary(path, session, cache)
    out.print(Text(summary["title"] or summary["id"], style="bold", one_line=True))
    details = f"{summary['id']} · {summary['mode']} · {summary['progress']}"
    if summary["case"]:
        details += f" · case {summary['case']}"
    if summary["score"] is not None:
        details += f" · score {summary['score']}"
    out.print(Text(details, style="dim", one_line=True))
    fw = _framework_for(session, cache)
    steps = (
        [(s.id, f"{s.number}. {s.title}", {q.id: q for q in s.questions}) for s in fw.steps]
        if fw
        else [(sid, sid, {}) for sid in session.answers]
    )
    for step_id, heading, questions in steps:
        state = session.steps.get(step_id)
        answers = session.answers.get(step_id, {})
        status = state.status if state else "pending"
        marks = [status] + (["deep dive"] if state and state.deep_dive else [])
        out.print()
        out.print(Text(f"{heading}  ({', '.join(marks)})", style="bold"))
        if not answers:
            out.print(Text("  no answers", style="dim"))
            continue
        ordered = [qid for qid in questions if qid in answers]
        ordered += [qid for qid in answers if qid not in questions]
        for question_id in ordered:
            question = questions.get(question_id)
            value = answers[question_id]
            label = Text(question.prompt if question else question_id, style="dim")
            out.print(Padding(label, (0, 0, 0, 2)))
            shown = _shown_answer(question, value)
            out.print(Padding(Text(shown), (0, 0, 0, 4)))


def _shown_answer(question: Any, value: Any) -> str:
    """An answer as `sessions show` prints it; a value its question no longer takes (the
    framework changed) is shown as stored, marked, rather than failing."""
    from genai_design_cli.model.answers import InvalidAnswer, format_answer, validate_answer

    if question is None:
        return str(value)
    try:
        validate_answer(question, value)
    except InvalidAnswer as exc:
        return f"{value}  (kept; this framework no longer accepts it: {exc})"
    try:
        return format_answer(question, value)
    except (TypeError, ValueError):
        return str(value)


def rm(
    session_ref: SessionArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove a saved session (asks to confirm unless --yes).

    [bold]Examples[/bold]

      genai-design sessions rm 20261126-153000 --yes
    """
    from genai_design_cli.errors import UserError
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.tui.console import has_terminal

    store = SessionStore()
    path, session = store.load(session_ref)
    from genai_design_cli.io.lock import SessionLocked, holder_of

    holder = holder_of(path)
    if holder is not None:
        raise SessionLocked(path, holder)
    if path.parent != store.root:
        raise UserError(
            f"{path} is not a saved session under {store.root}; not removing it",
            hint="Remove your own files with your file manager or rm.",
        )
    if not yes:
        if not has_terminal():
            raise UserError(
                "removing a session needs confirmation, and there is no terminal to ask in",
                hint=f"Confirm on the command line: genai-design sessions rm {session.id} --yes",
            )
        from genai_design_cli.tui.prompts import confirm
        from genai_design_cli.tui.terminal_text import clean

        title = clean(session.session.title, one_line=True) if session.session else ""
        try:
            sure = confirm(f"Remove session {session.id} ({title})?", default=False)
        except (KeyboardInterrupt, EOFError):
            sure = False
        if not sure:
            typer.echo("Kept it.")
            return
    store.remove(str(path))
    typer.echo(f"Removed {session.id or path.stem}.")


sessions_app.command("list")(list_sessions)
sessions_app.command("show")(show)
sessions_app.command("rm")(rm)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(sessions_app, name="sessions")

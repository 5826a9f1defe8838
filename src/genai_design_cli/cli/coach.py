"""Commands: score (coverage, case points, checks and time of a session) and progress (practice
scores per step over time)."""

from __future__ import annotations

from typing import Annotated

import typer

# --- commands ------------------------------------------------------------------------------


def score(
    session_ref: Annotated[
        str, typer.Argument(metavar="SESSION|PATH", help="Session id, id prefix, or TOML file.")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a check of severity error fires.")
    ] = False,
    case_ref: Annotated[
        str | None,
        typer.Option("--case", help="Score against this case (default: the session's case)."),
    ] = None,
    framework_ref: Annotated[
        str | None,
        typer.Option("--framework", help="Framework id or path (default: the session's)."),
    ] = None,
) -> None:
    """Score a session or answers file as an interviewer would: evidence, depth, flaws.

    Coverage: a sub-topic is covered by a sentence that commits to it, in any step:
    affirmative (not "no", "won't", "without", "skip"; not "TBD", "later", "maybe"),
    with substance (a number, a reason, a named component). A list of terms with no
    verb and no reason earns one sub-topic at half credit; a repeated sentence
    earns nothing. An option or number counts fully in a step where you also said
    something of substance, half where you said nothing; an untouched default
    there counts nothing. "No" to a yes/no question is a decision, not coverage.
    After a hint a sub-topic counts 3/4 (nudge) or 1/2 (talking point).
    Sub-topics that do not apply to the design (GPU serving for a hosted API,
    retrieval without RAG) are left out, never missed.

    Total: 50% coverage (mean of the steps) + 30% depth (statements of substance
    in your 3 deepest steps, 3 make a step deep) + 20% case points hit; without a
    case, coverage and depth alone, 5:3.

    Flaws: checks test the design against your answers, the notes, the
    calculators and the case's constraints. An error sets its step to 0 and caps
    the total at 50; each warning takes 5 points off, at most 15 (none if kept
    with a reason); info costs nothing. Every message states its numbers.

    Example:

        genai-design score 20261126-153000 --json

        genai-design score examples/rag-support-assistant.toml --strict
    """
    from genai_design_cli.cli.common import usable_answers
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.coach import evaluate as coach
    from genai_design_cli.errors import UserError, WorkFailed
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.case import load_case
    from genai_design_cli.model.framework import load_framework
    from genai_design_cli.tui.console import console

    path, session = SessionStore().load(session_ref)
    meta = session.session
    fw = load_framework(framework_ref or (meta.framework if meta else None))
    session = usable_answers(fw, session, path)
    err = console(stderr=True)
    case = None
    if case_ref:
        case = load_case(case_ref)
    elif meta and meta.case:
        try:
            case = load_case(meta.case)
        except UserError as exc:
            err.print(f"Note: case {meta.case!r} not found ({exc.message}); scored without it.")
    report = coach.evaluate(fw, session, case)
    if meta and meta.framework_version and meta.framework_version != fw.version:
        report.notes.append(
            f"The session was written with framework version {meta.framework_version}; "
            f"scored against {fw.version}."
        )
    if json_out:
        print_json(report.to_dict())
    else:
        from genai_design_cli.tui.coach_views import render_report

        render_report(report, fw, console())
    if strict and report.errors:
        ids = ", ".join(c.id for c in report.errors)
        raise WorkFailed(
            f"{len(report.errors)} check(s) of severity error fired: {ids}",
            hint="Fix the design (see each check's advice), or run without --strict.",
        )


def progress(
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Practice scores per step over time, with a sparkline per step.

    Every `genai-design practice` run is recorded; watch your weak steps improve.

    Example:

        genai-design progress
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.coach.progress import progress_data
    from genai_design_cli.io.history import read_history
    from genai_design_cli.tui.console import console

    entries = read_history()
    data = progress_data(entries)
    if json_out:
        print_json(data)
        return
    out = console()
    if not entries:
        out.print(
            "No practice results yet. Run a mock interview with:\n"
            "  genai-design practice --case random"
        )
        return
    from rich.table import Table

    def change_text(change: float | None) -> str:
        if change is None:
            return "—"
        if change > 0:
            return f"[green]+{change:g}[/green]"
        if change < 0:
            return f"[red]{change:g}[/red]"
        return "0"

    runs = data["runs"]
    table = Table(
        title=f"Practice progress: {runs} run{'s' if runs != 1 else ''}, "
        f"{str(data['first'])[:10]} to {str(data['last'])[:10]}",
        title_justify="left",
    )
    table.add_column("Step")
    table.add_column("Scores over time")
    table.add_column("Latest", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("Best", justify="right")
    for sid, series in data["steps"].items():
        table.add_row(
            sid,
            series["sparkline"],
            f"{series['latest']:g}",
            change_text(series["change"]),
            f"{series['best']:g}",
        )
    if data["total"]:
        total = data["total"]
        table.add_section()
        table.add_row(
            "[bold]total[/bold]",
            total["sparkline"],
            f"[bold]{total['latest']:g}[/bold]",
            change_text(total["change"]),
            f"{total['best']:g}",
        )
    out.print(table)
    if data["weakest"]:
        out.print("Weakest now: " + ", ".join(data["weakest"]))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("score")(score)
    app.command("progress")(progress)

"""The coach's report in the terminal (Rich), in the order a debrief goes: errors with their
numbers, the other findings, missed case points, strengths, what to study; then the coverage
per step. Also the feedback shown at the end of practice."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

STUDY_ITEMS_SHOWN = 3  # per weak area in the terminal; the Markdown feedback lists every one
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _check_lines(checks: list[Any], console: Any) -> None:
    from rich.markup import escape

    for check in checks:
        style = SEVERITY_STYLE.get(check.severity, "")
        cost = f" −{check.points:g}" if getattr(check, "points", 0) else ""
        console.print(
            f"  [{style}]{check.severity}{cost}[/{style}] {check.id} "
            f"[dim]({check.step})[/dim]: {escape(check.message)}"
        )
        if check.advice:
            console.print(f"      → {escape(check.advice)}")
        if getattr(check, "kept", ""):
            console.print(f"      [dim]kept because: {escape(check.kept)}[/dim]")


def render_report(report: Any, fw: Any, console: Any) -> None:
    """Print a CoachReport with Rich, debrief order first, then the steps table."""
    from rich.markup import escape
    from rich.table import Table

    from genai_design_cli.render.coach_md import status_label, time_cell, total_line

    titles = {sub.id: sub.title for step in fw.steps for sub in step.subtopics}
    heading = "Feedback"
    if report.session:
        heading += f" for {report.session}"
    if report.case:
        heading += f" (case: {report.case})"
    console.print(f"[bold]{escape(heading)}[/bold]")
    console.print(f"Total: [bold]{report.total:g}[/bold]/100 — {escape(total_line(report))}")

    if report.errors:
        console.print(f"[bold red]Errors[/bold red]: {len(report.errors)}")
        _check_lines(report.errors, console)
    others = [c for c in report.checks if c.severity != "error"]
    if others:
        console.print(f"[bold]Other findings[/bold]: {len(others)}")
        _check_lines(others, console)
    elif not report.errors:
        console.print("[bold]Design checks[/bold]: none fired")

    if report.points:
        missed = [p for p in report.points if not p.hit]
        console.print(f"[bold]Missed case points[/bold]: {len(missed)} of {len(report.points)}")
        for point in missed:
            console.print(f"  [red]✗[/red] {escape(point.text)} [dim]({point.step})[/dim]")

    if report.strengths:
        console.print("[bold]Strengths[/bold]")
        for strength in report.strengths:
            console.print(f"  [green]✓[/green] {escape(strength.text)}")

    if report.weakest:
        console.print("[bold]What to study[/bold]")
        for area in report.weakest:
            console.print(f"  [bold]{escape(area.title)}[/bold] ({area.score:g}%)")
            for item in area.study[:STUDY_ITEMS_SHOWN]:
                console.print(f"    • [bold]{escape(item.title)}[/bold]: {escape(item.point)}")
                if item.links:  # the first deep dive; the export lists them all
                    link = item.links[0]
                    console.print(
                        f"      [dim]{escape(link['title'])}: {escape(link['url'])}[/dim]"
                    )
            more = len(area.study) - STUDY_ITEMS_SHOWN
            if more > 0:
                console.print(
                    f"    … and {more} more: genai-design framework show --level 3 "
                    f"--step {area.step}"
                )

    table = Table(title="Coverage per step", title_justify="left")
    table.add_column("Step")
    table.add_column("Status")
    table.add_column("Coverage", justify="right")
    table.add_column("Missed")
    table.add_column("Time / budget", justify="right")
    table.add_column("Hints", justify="right")
    for step in report.steps.values():
        score_style = "green" if step.score >= 75 else "yellow" if step.score >= 40 else "red"
        missed = ", ".join(titles.get(s, s) for s in step.missed) or "—"
        time_text = time_cell(step)
        table.add_row(
            f"{step.number}. {escape(step.title)}",
            status_label(step),
            f"[{score_style}]{step.score:g}%[/{score_style}]",
            escape(missed),
            f"[red]{time_text}[/red]" if step.overtime else time_text,
            str(step.hints),
        )
    console.print(table)
    for note in report.notes:
        console.print(f"[dim]{escape(note)}[/dim]")


def show_feedback(fw: Any, session: Any, case: Any = None, *, record: bool | None = None) -> Any:
    """Evaluate a session, print the feedback report (Rich) and record it in the practice
    history. `record=None` records practice sessions (and bare answers files); pass True/False
    to force. Returns the CoachReport (its `to_dict()` fits the session's `feedback` table)."""
    from genai_design_cli.coach import evaluate as coach
    from genai_design_cli.io.history import append_history
    from genai_design_cli.tui.console import console as make_console

    report = coach.evaluate(fw, session, case)
    render_report(report, fw, make_console())
    meta = getattr(session, "session", None)
    if record is None:
        record = meta is None or meta.mode == "practice"
    if record:
        date = datetime.now(timezone.utc).isoformat(timespec="seconds")
        append_history(coach.history_entry(report, date))
    return report

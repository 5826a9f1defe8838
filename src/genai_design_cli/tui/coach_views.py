"""The coach's report in the terminal (Rich), and the feedback shown at the end of practice."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

STUDY_ITEMS_SHOWN = 3  # per weak area in the terminal; the Markdown feedback lists every one
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_report(report: Any, fw: Any, console: Any) -> None:
    """Print a CoachReport with Rich: steps table, case points, weakest areas, checks."""
    from rich.markup import escape
    from rich.table import Table

    from genai_design_cli.render.coach_md import status_label, time_cell

    titles = {sub.id: sub.title for step in fw.steps for sub in step.subtopics}
    heading = "Feedback"
    if report.session:
        heading += f" for {report.session}"
    if report.case:
        heading += f" (case: {report.case})"
    console.print(f"[bold]{escape(heading)}[/bold]")
    total = f"Total: [bold]{report.total:g}[/bold]/100 — framework coverage {report.coverage:g}"
    if report.case_score is not None:
        total += f", case points {report.case_score:g} (weighted 80/20)"
    console.print(total)

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

    if report.points:
        hit = sum(p.hit for p in report.points)
        console.print(f"[bold]Case points[/bold]: {hit} of {len(report.points)} hit")
        for point in report.points:
            mark = "[green]✓[/green]" if point.hit else "[red]✗[/red]"
            console.print(f"  {mark} {escape(point.text)} [dim]({point.step})[/dim]")

    if report.weakest:
        console.print("[bold]Weakest areas — what to study[/bold]")
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

    if report.checks:
        console.print(f"[bold]Design checks[/bold]: {len(report.checks)} fired")
        for check in report.checks:
            style = SEVERITY_STYLE.get(check.severity, "")
            console.print(
                f"  [{style}]{check.severity}[/{style}] {check.id} "
                f"[dim]({check.step})[/dim]: {escape(check.message)}"
            )
            if check.advice:
                console.print(f"      → {escape(check.advice)}")
    else:
        console.print("[bold]Design checks[/bold]: none fired")
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

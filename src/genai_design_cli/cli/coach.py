"""Commands: score (coverage, case points, checks and time of a session) and progress (practice
scores per step over time); plus `show_feedback`, the report printed at the end of practice,
and the practice history file (JSON lines under GENAI_DESIGN_HOME)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

SPARK_CHARS = "▁▂▃▄▅▆▇█"
STUDY_ITEMS_SHOWN = 3  # per weak area in the terminal; the Markdown feedback lists every one
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


# --- history -----------------------------------------------------------------------------------


def append_history(entry: dict[str, Any], path: Path | None = None) -> Path:
    """Append one practice result as a JSON line, flushed and fsynced (a crash right after
    practice still keeps it)."""
    from genai_design_cli.io import paths

    target = path or paths.history_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return target


def read_history(path: Path | None = None) -> list[dict[str, Any]]:
    """Every readable history entry, oldest first; a session recorded twice keeps its latest
    result. Unreadable lines (a torn write, a hand edit) are skipped, not fatal."""
    from genai_design_cli.io import paths

    target = path or paths.history_file()
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError:
        return []
    entries: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("steps"), dict):
            continue
        entries.append(entry)
    latest: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.get("session"):
            latest[str(entry["session"])] = index
    kept = [
        e for i, e in enumerate(entries) if not e.get("session") or latest[str(e["session"])] == i
    ]
    kept.sort(key=lambda e: str(e.get("date", "")))
    return kept


def sparkline(values: list[float]) -> str:
    """Scores 0..100 as ▁▂▃▄▅▆▇█, one character per run."""
    chars = []
    for value in values:
        clamped = min(100.0, max(0.0, float(value)))
        chars.append(SPARK_CHARS[round(clamped / 100 * (len(SPARK_CHARS) - 1))])
    return "".join(chars)


def progress_data(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-step score series from history entries (oldest first)."""

    def series(values: list[float]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scores": values,
            "sparkline": sparkline(values),
            "latest": values[-1],
            "best": max(values),
        }
        data["change"] = round(values[-1] - values[-2], 1) if len(values) > 1 else None
        return data

    from genai_design_cli.model.framework import STEP_IDS

    step_ids = [s for s in STEP_IDS if any(s in e["steps"] for e in entries)]
    for entry in entries:
        step_ids += [s for s in entry["steps"] if s not in step_ids]
    steps = {}
    for sid in step_ids:
        values = [
            float(e["steps"][sid]) for e in entries if isinstance(e["steps"].get(sid), (int, float))
        ]
        if values:
            steps[sid] = series(values)
    totals = [float(e["total"]) for e in entries if isinstance(e.get("total"), (int, float))]
    weakest = sorted(steps, key=lambda s: steps[s]["latest"])[:3]
    return {
        "runs": len(entries),
        "first": entries[0].get("date") if entries else None,
        "last": entries[-1].get("date") if entries else None,
        "cases": [e.get("case", "") for e in entries],
        "steps": steps,
        "total": series(totals) if totals else None,
        "weakest": weakest,
    }


# --- rendering -------------------------------------------------------------------------------


def render_report(report: Any, fw: Any, console: Any) -> None:
    """Print a CoachReport with Rich: steps table, case points, weakest areas, checks."""
    from rich.markup import escape
    from rich.table import Table

    from genai_design_cli.coach.evaluate import status_label, time_cell

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
    from genai_design_cli.cli.output import console as make_console
    from genai_design_cli.coach import evaluate as coach

    report = coach.evaluate(fw, session, case)
    render_report(report, fw, make_console())
    meta = getattr(session, "session", None)
    if record is None:
        record = meta is None or meta.mode == "practice"
    if record:
        date = datetime.now(timezone.utc).isoformat(timespec="seconds")
        append_history(coach.history_entry(report, date))
    return report


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
    """Score a session or answers file: coverage per step, case points, checks, time.

    A sub-topic counts as covered when your answers in its step name it (keywords on word
    boundaries) or answer a question that covers it. Scores are percentages.

    Example:

        genai-design score 20261126-153000 --json

        genai-design score examples/rag-support-assistant.toml --strict
    """
    from genai_design_cli.cli.output import console, print_json
    from genai_design_cli.coach import evaluate as coach
    from genai_design_cli.errors import UserError, WorkFailed
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.answers import require_valid_answers
    from genai_design_cli.model.case import load_case
    from genai_design_cli.model.framework import load_framework

    path, session = SessionStore().load(session_ref)
    meta = session.session
    fw = load_framework(framework_ref or (meta.framework if meta else None))
    require_valid_answers(fw, session.answers, str(path))
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
    from genai_design_cli.cli.output import console, print_json

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

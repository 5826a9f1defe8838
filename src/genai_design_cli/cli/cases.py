"""Commands: cases list | show ID — the practice cases (prompts, numbers, what to ask)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

cases_app = typer.Typer(
    help=(
        "Practice cases: realistic GenAI design prompts with their numbers.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  genai-design cases list\n\n"
        "  genai-design cases show medical-notes"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)

NUMBER_LABELS = {
    "users": "Users",
    "qps": "Peak QPS now",
    "qps_6mo": "Peak QPS in 6 months",
    "queries_per_month": "Queries per month",
    "input_tokens": "Input tokens per query",
    "output_tokens": "Output tokens per query",
    "p95_slo_ms": "p95 latency SLO",
    "streaming": "Streaming OK",
    "budget_per_query": "Budget per query",
    "budget_per_month": "Budget per month",
    "data_may_leave": "Data may leave (hosted API allowed)",
}


def format_number(name: str, value: Any) -> str:
    from genai_design_cli.model.numbers import format_count, format_dollars

    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.startswith("budget"):
        return format_dollars(float(value))
    if name == "p95_slo_ms":
        return f"{value / 1000:g} s" if value >= 1000 else f"{value:g} ms"
    return format_count(float(value))


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph, so Rich wraps to the terminal."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def case_summary(case: Any) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "summary": case.summary,
        "level": case.level,
        "tags": list(case.tags),
        "numbers": case.variables(),
    }


@cases_app.command("list")
def list_cases(
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the practice cases (shipped, and your own under GENAI_DESIGN_HOME/cases).

    Example:

        genai-design cases list
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.model.case import scan_cases
    from genai_design_cli.tui.console import console

    cases, errors = scan_cases()
    err = console(stderr=True)
    for error in errors:
        err.print(f"Skipped: {error.format_message()}", markup=False)
    if json_out:
        print_json(
            {
                "cases": [case_summary(c) for c in cases],
                "invalid": [str(getattr(e, "source", "")) for e in errors],
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"{len(cases)} practice cases", title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Title")
    table.add_column("QPS", justify="right", no_wrap=True)
    table.add_column("p95", justify="right", no_wrap=True)
    table.add_column("$/query", justify="right", no_wrap=True)
    table.add_column("Data out")
    for case in cases:
        numbers = case.variables()

        def cell(name: str, numbers: dict[str, Any] = numbers) -> str:
            return format_number(name, numbers[name]) if name in numbers else "—"

        table.add_row(
            case.id,
            case.title,
            cell("qps"),
            cell("p95_slo_ms"),
            cell("budget_per_query"),
            cell("data_may_leave"),
        )
    out = console()
    out.print(table)
    out.print("Show one: genai-design cases show ID")
    out.print("Practise one: genai-design practice --case ID")


@cases_app.command("show")
def show_case(
    case_id: Annotated[str, typer.Argument(metavar="ID", help="A case id (see `cases list`).")],
    spoilers: Annotated[
        bool,
        typer.Option("--spoilers", help="Also show the points a strong answer hits."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show a case: the interviewer's prompt, its numbers, and what to ask.

    The points a strong answer hits stay hidden (they would spoil practice) unless you pass
    --spoilers.

    Example:

        genai-design cases show support-bot
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.model.case import load_case
    from genai_design_cli.tui.console import console

    case = load_case(case_id)
    if json_out:
        data = case.model_dump(mode="json", exclude={"numbers", "points"})
        data["numbers"] = case.variables()
        if spoilers:
            data["points"] = [p.model_dump(mode="json") for p in case.points]
        else:
            data["points_hidden"] = len(case.points)
        print_json(data)
        return

    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    out.print(f"[bold]{escape(case.title)}[/bold]  [dim]{case.id} · {case.level}[/dim]")
    if case.summary:
        out.print(escape(case.summary))
    out.print(Panel(escape(reflow(case.prompt)), title="The interviewer says", title_align="left"))
    numbers = case.variables()
    if numbers:
        table = Table(title="The numbers (when you ask)", title_justify="left")
        table.add_column("What")
        table.add_column("Value", justify="right")
        table.add_column("Variable", style="dim")
        for name, value in numbers.items():
            table.add_row(NUMBER_LABELS.get(name, name), format_number(name, value), name)
        out.print(table)
    if case.facts:
        out.print("[bold]More context[/bold]")
        for fact in case.facts:
            out.print(f"  • {escape(fact)}")
    if case.ask:
        out.print("[bold]Ask about[/bold]")
        for item in case.ask:
            out.print(f"  ? {escape(item.question)}")
            out.print(f"    [dim]{escape(item.answer)}[/dim]")
    if case.suggested_deep_dives:
        out.print("Good steps to go deep on: " + ", ".join(case.suggested_deep_dives))
    if spoilers:
        out.print("[bold]What a strong answer hits[/bold]")
        for point in case.points:
            out.print(f"  • {escape(point.text)} [dim]({point.step})[/dim]")
    else:
        out.print(
            f"[dim]{len(case.points)} points a strong answer hits are hidden; "
            "see them with --spoilers (after practising).[/dim]"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(cases_app, name="cases")

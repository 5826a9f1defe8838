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

        from genai_design_cli.tui.case_views import number_text

        def cell(name: str, numbers: dict[str, Any] = numbers) -> str:
            return number_text(name, numbers[name]) if name in numbers else "—"

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

    from genai_design_cli.tui.case_views import print_case

    print_case(case, console(), spoilers=spoilers)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(cases_app, name="cases")

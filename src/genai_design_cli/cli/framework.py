"""Commands: `framework list | show | validate | schema`."""

from __future__ import annotations

from typing import Annotated

import typer

framework_app = typer.Typer(
    help=(
        "Browse, check and extend the design frameworks the coach walks through.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  genai-design framework show --level 3 --step inference-infra\n\n"
        "  genai-design framework validate my-framework.toml"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


@framework_app.command("list")
def list_frameworks(json_: JsonFlag = False) -> None:
    """List the built-in frameworks and your own (under GENAI_DESIGN_HOME/frameworks).

    [bold]Example[/bold]

      genai-design framework list
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.io import paths
    from genai_design_cli.model.framework import (
        FrameworkError,
        available_frameworks,
        load_framework_file,
    )
    from genai_design_cli.tui.console import console

    user_dir = paths.user_frameworks_dir()
    rows = []
    for fid, file in sorted(available_frameworks().items()):
        origin = "user" if file.parent == user_dir else "built-in"
        try:
            fw = load_framework_file(file)
            rows.append(
                {
                    "id": fid,
                    "title": fw.title,
                    "version": fw.version,
                    "steps": len(fw.steps),
                    "minutes": fw.minutes,
                    "origin": origin,
                    "path": str(file),
                    "valid": True,
                }
            )
        except FrameworkError as exc:
            rows.append(
                {
                    "id": fid,
                    "title": "",
                    "version": "",
                    "steps": 0,
                    "minutes": 0,
                    "origin": origin,
                    "path": str(file),
                    "valid": False,
                    "problems": [str(p) for p in exc.problems],
                }
            )
    if json_:
        print_json({"frameworks": rows, "user_dir": str(user_dir)})
        return
    from rich.table import Table

    table = Table(title="Frameworks", title_justify="left")
    for col in ("id", "title", "version", "steps", "minutes", "origin"):
        table.add_column(col)
    for row in rows:
        title = row["title"] if row["valid"] else "[red]invalid — run framework validate[/red]"
        table.add_row(
            row["id"],
            title,
            row["version"],
            str(row["steps"]),
            f"{row['minutes']:g}",
            row["origin"],
        )
    out = console()
    out.print(table)
    out.print(f"Add your own: put a TOML file in {user_dir}")


def _subtopics_line(step) -> str:
    return " · ".join(s.title for s in step.subtopics)


def pipeline_lines(items: list[str], width: int, arrow: str = " → ") -> list[str]:
    """`items` joined with arrows into lines of at most `width` characters, broken only
    between items (an item longer than the width gets a line of its own)."""
    lines: list[str] = []
    line = ""
    tail = len(arrow.rstrip())  # a broken line ends with the arrow
    for index, item in enumerate(items):
        joined = f"{line}{arrow}{item}" if line else item
        room = width - (tail if index < len(items) - 1 else 0)
        if line and len(joined) > room:
            lines.append(line + arrow.rstrip())
            line = item
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


@framework_app.command("show")
def show(
    ref: Annotated[
        str | None,
        typer.Argument(metavar="[ID|PATH]", help="Framework id or TOML path (default: built-in)."),
    ] = None,
    level: Annotated[
        int,
        typer.Option(
            "--level",
            "-l",
            min=1,
            max=3,
            help="1: the pipeline; 2: steps and sub-topics; 3: talking points.",
        ),
    ] = 2,
    step: Annotated[
        str | None, typer.Option("--step", "-s", help="Only this step (id or number).")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Show a framework at one of three levels of detail.

    [bold]Examples[/bold]

      genai-design framework show --level 1

      genai-design framework show --level 3 --step inference-infra

      genai-design framework show --step 5 --json
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.model.framework import load_framework
    from genai_design_cli.tui.console import console

    fw = load_framework(ref)
    steps = [fw.step(step)] if step is not None else list(fw.steps)

    if json_:
        data = {
            "id": fw.id,
            "title": fw.title,
            "version": fw.version,
            "minutes": fw.minutes,
            "level": level,
            "steps": [],
        }
        for s in steps:
            entry = {"id": s.id, "number": s.number, "title": s.title}
            if level >= 2:
                entry |= {
                    "summary": s.summary,
                    "minutes": s.minutes,
                    "deep_dive": s.deep_dive,
                    "subtopics": [{"id": t.id, "title": t.title} for t in s.subtopics],
                }
            if level >= 3:
                entry["subtopics"] = [
                    {
                        "id": t.id,
                        "title": t.title,
                        "point": t.point,
                        "links": [link.model_dump() for link in t.links],
                    }
                    for t in s.subtopics
                ]
            data["steps"].append(entry)
        print_json(data)
        return

    out = console()
    if level == 1:
        from rich.text import Text

        out.print(Text(fw.title, style="bold"))
        # the pipeline as in the seed, wrapped between steps, never inside a step's title
        for line in pipeline_lines([f"{s.number}. {s.title}" for s in steps], out.width):
            out.print(Text(line), no_wrap=True, overflow="ignore")
        return
    if level == 2:
        from rich.table import Table

        table = Table(
            title=f"{fw.title} — {fw.minutes:g} minutes", title_justify="left", show_lines=True
        )
        table.add_column("Step", no_wrap=True)
        table.add_column("Min", justify="right")
        table.add_column("Sub-topics")
        for s in steps:
            title = f"{s.number}. {s.title}" + (" ★" if s.deep_dive else "")
            table.add_row(title, f"{s.minutes:g}", f"{_subtopics_line(s)}\n[dim]{s.summary}[/dim]")
        out.print(table)
        out.print("[dim]★ commonly a deep dive: go deep on 2–3 steps that matter most.[/dim]")
        return
    from rich.markdown import Markdown

    lines: list[str] = []
    for s in steps:
        deep = " *(commonly a deep dive)*" if s.deep_dive else ""
        lines.append(f"## {s.number}. {s.title}{deep}\n\n_{s.summary} — {s.minutes:g} min_\n")
        for t in s.subtopics:
            lines.append(f"- **{t.title}**: {t.point}")
            for link in t.links:
                lines.append(f"  - Deep dive: [{link.title}]({link.url})")
        lines.append("")
    out.print(Markdown("\n".join(lines), hyperlinks=False))


@framework_app.command("validate")
def validate(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A framework TOML file.")],
    json_: JsonFlag = False,
) -> None:
    """Check a framework file: TOML syntax (with line and column), the schema (with the dotted
    path of each bad field and what is allowed), and cross-references (ids, covers, when
    variables, time budgets). Exits 2 when the file is not valid.

    [bold]Example[/bold]

      genai-design framework validate my-framework.toml
    """
    from pathlib import Path

    from genai_design_cli.cli.output import print_json
    from genai_design_cli.model.framework import FrameworkError, load_framework_file
    from genai_design_cli.tui.console import console

    try:
        fw = load_framework_file(Path(path))
    except FrameworkError as exc:
        if json_:
            print_json(
                {
                    "path": path,
                    "valid": False,
                    "problems": [{"where": p.where, "message": p.message} for p in exc.problems],
                }
            )
            raise typer.Exit(2) from None
        raise
    questions = sum(len(s.questions) for s in fw.steps)
    subtopics = sum(len(s.subtopics) for s in fw.steps)
    if json_:
        print_json(
            {
                "path": path,
                "valid": True,
                "id": fw.id,
                "steps": len(fw.steps),
                "subtopics": subtopics,
                "questions": questions,
                "checks": len(fw.checks),
            }
        )
        return
    console().print(
        f"[green]✓[/green] {path} is a valid framework: {fw.id} {fw.version}, "
        f"{len(fw.steps)} steps, {subtopics} sub-topics, {questions} questions, "
        f"{len(fw.checks)} checks."
    )


@framework_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of framework files, for editors (e.g. Taplo / Even Better TOML).

    [bold]Example[/bold]

      genai-design framework schema > framework.schema.json
    """
    from genai_design_cli.cli.output import print_json
    from genai_design_cli.model.framework import json_schema

    print_json(json_schema())


def register(app: typer.Typer) -> None:
    app.add_typer(framework_app, name="framework")

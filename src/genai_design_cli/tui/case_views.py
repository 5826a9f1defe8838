"""Cases in the terminal: the case card `cases show` prints and the one practice opens with."""

from __future__ import annotations

from typing import Any

from genai_design_cli.model.answers import VARIABLES, format_value

# Labels for a case's numbers where the registry's differ (a case gives average and peak
# traffic now, and its six-month figure is a peak).
_CASE_LABELS = {
    "qps_6mo": "Peak QPS in 6 months",
    "streaming": "Streaming OK",
    "data_may_leave": "Data may leave (hosted API allowed)",
}


def number_label(name: str) -> str:
    if name in _CASE_LABELS:
        return _CASE_LABELS[name]
    return VARIABLES[name].label if name in VARIABLES else name


def number_text(name: str, value: Any) -> str:
    """A case's number as every other screen shows it (model.answers.format_value)."""
    return format_value(name, value)


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph, so Rich wraps to the terminal."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def print_case(case: Any, out: Any, *, spoilers: bool = False) -> None:
    """`cases show`: the prompt, its numbers, facts, what to ask, and (spoilers) the points."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

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
            table.add_row(number_label(name), number_text(name, value), name)
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


def practice_card(case: Any, minutes: float) -> Any:
    """The case as the interviewer opens it in practice: the prompt only. The numbers and
    facts come from asking ("Ask the interviewer"), as in a real loop."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text(reflow(case.prompt))]
    parts.append(Text(""))
    asks = len(getattr(case, "ask", []) or [])
    ask_line = (
        f"The interviewer will answer {asks} question{'s' if asks != 1 else ''} "
        "(choose 'Ask the interviewer' from the menu, or press ? at any question). "
        if asks
        else ""
    )
    parts.append(
        Text(
            f"You have {minutes:g} minutes. {ask_line}State the numbers you assume. "
            "No rubric is shown; hints are graded and recorded.",
            style="italic",
        )
    )
    return Panel(Group(*parts), title=Text(f"Case: {case.title}", style="bold"), title_align="left")

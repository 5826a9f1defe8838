"""The terminal answer source: questionary prompts and Rich output (the only module that
imports questionary).

Each question kind maps to one questionary prompt; number and required answers are checked in
place with the engine's own validation, so a letter where a number goes is rejected with the
message before the answer leaves the prompt. `.unsafe_ask()` lets Ctrl-C raise
KeyboardInterrupt, which the engine turns into "saved, resume with ...".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.styles import Style
from questionary import Choice
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from genai_design_cli.interview.clock import ClockView
from genai_design_cli.interview.menus import MenuView
from genai_design_cli.interview.sources import Ask, StepView
from genai_design_cli.model.answers import InvalidAnswer, allowed, default_text, validate_answer
from genai_design_cli.model.framework import Question, Step
from genai_design_cli.tui.terminal_text import clean

if TYPE_CHECKING:
    from genai_design_cli.interview.sources import SaveChoice
    from genai_design_cli.io.store import SaveFailed

MULTILINE_INSTRUCTION = "(Esc then Enter to finish)"

_STYLE = Style([("instruction", "fg:#888888 italic")])


def format_seconds(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(round(seconds)))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def clock_line(clock: ClockView) -> Text:
    """`⏱ 37:12 left · step 3:05 of 5:00 left`, overtime flagged in red."""
    line = Text("⏱ ")
    if clock.overtime:
        line.append(f"OVERTIME by {format_seconds(-clock.total_left_s)}", style="bold red")
    else:
        line.append(f"{format_seconds(clock.total_left_s)} left")
    line.append(" · step ")
    if clock.step_overtime:
        line.append(
            f"over its {format_seconds(clock.step_budget_s)} budget by "
            f"{format_seconds(-clock.step_left_s)}",
            style="bold red",
        )
    else:
        line.append(
            f"{format_seconds(clock.step_left_s)} of {format_seconds(clock.step_budget_s)} left"
        )
    return line


class QuestionarySource:
    """Asks in a terminal with questionary; prints step headers and results with Rich."""

    interactive = True

    def __init__(self, console: Console | None = None) -> None:
        if console is None:
            from genai_design_cli.tui.console import console as make_console

            console = make_console()
        self.console = console
        # practice steps whose question help stays hidden: the help teaches the talking
        # points' figures, so it shows only after a hint, like the points themselves
        self._help_hidden: set[str] = set()

    # -- output --
    def _clock(self, clock: ClockView | None) -> None:
        if clock is not None:
            self.console.print(clock_line(clock))

    def show_step(self, view: StepView) -> None:
        step = view.step
        heading = Text(
            f"Step {step.number}: {step.title} · {step.number + 1} of {view.total_steps}", "bold"
        )
        budget = (
            f"{view.minutes:g} min"
            if float(view.minutes).is_integer()
            else format_seconds(view.minutes * 60)
        )
        heading.append(f"  ({budget})", style="dim")
        if view.deep_dive:
            heading.append("  ★ deep dive", style="bold magenta")
        parts: list[Any] = [Text(step.summary, style="italic")]
        if view.show_points:
            self._help_hidden.discard(step.id)
        else:
            self._help_hidden.add(step.id)
        if view.show_points:
            parts.append(_talking_points(step))
        else:
            subtopics = Text("Sub-topics: ", style="bold")
            subtopics.append(" · ".join(s.title for s in step.subtopics), style="")
            parts.append(subtopics)
            parts.append(
                Text("Talking points hidden: choose 'Show a hint' to see them.", style="dim")
            )
        self.console.print()
        self.console.print(Panel(Group(*parts), title=heading, title_align="left"))
        if view.resumed:
            self.console.print(Text("Resuming: answered questions are kept.", style="dim"))

    def show_hint(self, step: Step) -> None:
        self._help_hidden.discard(step.id)
        title = Text(f"Hint: {clean(step.title, one_line=True)}")
        self.console.print(Panel(_talking_points(step), title=title))

    def show_results(self, results: dict[str, Any], changed: list[str]) -> None:
        subset = {name: results[name] for name in changed if name in results}
        try:
            from genai_design_cli.tui import calc_views as report
        except ImportError:
            report = None
        self.console.print()
        self.console.print(Text("Numbers now available: " + ", ".join(changed), style="bold"))
        if report is not None:
            for table in report.rich_tables(subset):
                self.console.print(table)
        else:  # the calculators' own tables are not installed: show the raw figures
            table = Table("result", "value")
            from genai_design_cli.model.framework import flatten_results

            for key, value in flatten_results(subset, "").items():
                table.add_row(key.lstrip("."), str(value))
            self.console.print(table)

    def notify(self, message: str) -> None:
        self.console.print(Text(clean(message), style="yellow"))

    def invalid(self, ask: Ask, message: str) -> None:
        self.console.print(Text(f"✗ {clean(message)}", style="red"))

    def save_failed(self, error: SaveFailed) -> SaveChoice:
        """A save failed: say why, and let the person try again, save to another folder, or
        go on with the answers in memory (the next answer tries again). Text UTF-8 cannot
        store (bytes a terminal sent that are not UTF-8) cannot be saved by trying again:
        then the choice is to store it with U+FFFD in their place, or go on."""
        from genai_design_cli.interview.sources import (
            SAVE_ELSEWHERE,
            SAVE_LATER,
            SAVE_REPAIR,
            SAVE_RETRY,
            SaveChoice,
        )

        self.console.print(Text(f"✗ Not saved: {clean(error.reason)}", style="bold red"))
        self.console.print(Text(f"  {clean(error.path)}", style="dim"))
        self.console.print(Text("  Your answers are kept in memory.", style="dim"))
        if error.unencodable:
            choices = [
                Choice("Save them with � in place of the unreadable bytes", value=SAVE_REPAIR),
                Choice(
                    "Go on without saving (tried again after the next answer)", value=SAVE_LATER
                ),
            ]
        else:
            choices = [
                Choice("Try again (after freeing space or fixing the folder)", value=SAVE_RETRY),
                Choice("Save to another folder…", value=SAVE_ELSEWHERE),
                Choice(
                    "Go on without saving (tried again after the next answer)", value=SAVE_LATER
                ),
            ]
        action = questionary.select("What now?", choices=choices, style=_STYLE).unsafe_ask()
        if action != SAVE_ELSEWHERE:
            return SaveChoice(action)
        folder = questionary.path(
            "Folder to save the session in:", only_directories=True, style=_STYLE
        ).unsafe_ask()
        if not folder or not folder.strip():
            return SaveChoice(SAVE_LATER)
        return SaveChoice(SAVE_ELSEWHERE, Path(folder.strip()).expanduser())

    # -- prompts --
    def ask(self, ask: Ask) -> Any:
        question = ask.question
        self._clock(ask.clock)
        if question.help and not (ask.step and ask.step.id in self._help_hidden):
            self.console.print(Text(question.help, style="dim"))
        message = question.prompt + (f" ({question.unit})" if question.unit else "")
        if question.required:
            message += " *"
        if question.kind == "multiline":
            # prompt_toolkit mis-draws a multi-line prompt whose message wraps (lines vanish),
            # so the message goes out through Rich and the prompt itself stays one short line
            line = Text("? ", style="bold cyan")
            line.append(message, style="bold")
            self.console.print(line)
            message = ""
        prompt = build_prompt(question, message, ask.default)
        return prompt.unsafe_ask()

    def menu(self, view: MenuView) -> str:
        self._clock(view.clock)
        choices = [Choice(option.label, value=option.action) for option in view.options]
        return questionary.select(view.title, choices=choices, style=_STYLE).unsafe_ask()

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None:
        choices = [Choice(label, value=value) for value, label in options]
        choices.append(Choice("← Cancel", value=""))
        return questionary.select(prompt, choices=choices, style=_STYLE).unsafe_ask() or None


def _talking_points(step: Step) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for sub in step.subtopics:  # Text, not str: a `[` in a framework's text is not markup
        table.add_row(Text(f"• {clean(sub.title, one_line=True)}"), Text(clean(sub.point)))
    return table


def _validator(question: Question):
    def check(value: Any) -> bool | str:
        try:
            validate_answer(question, value)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    return check


def build_prompt(question: Question, message: str, default: Any) -> questionary.Question:
    """The questionary prompt for one framework question (copier's
    `get_questionary_structure`): the question stays data, the prompt library stays here."""
    kind = question.kind
    if kind in ("text", "number"):
        instruction = None
        if kind == "number":
            instruction = f"({allowed(question)})"
        return questionary.text(
            message,
            default=default_text(question, default),
            validate=_validator(question),
            instruction=instruction,
            style=_STYLE,
        )
    if kind == "multiline":
        return questionary.text(
            message,
            default=default_text(question, default),
            validate=_validator(question),
            multiline=True,
            instruction=MULTILINE_INSTRUCTION,
            qmark="›" if not message else "?",
            style=_STYLE,
        )
    if kind == "select":
        choices = [
            Choice(c.title, value=c.value, description=c.help or None) for c in question.choices
        ]
        chosen = next((c for c in choices if c.value == default), None)
        return questionary.select(message, choices=choices, default=chosen, style=_STYLE)
    if kind == "checkbox":
        checked = set(default or []) if isinstance(default, list) else {default}
        choices = [
            Choice(c.title, value=c.value, checked=c.value in checked, description=c.help or None)
            for c in question.choices
        ]
        return questionary.checkbox(
            message,
            choices=choices,
            validate=_validator(question),
            instruction="(space to toggle, enter to confirm)",
            style=_STYLE,
        )
    if kind == "confirm":
        return questionary.confirm(
            message, default=True if default is None else bool(default), style=_STYLE
        )
    raise ValueError(f"unknown question kind {kind!r}")  # pragma: no cover


def confirm(message: str, default: bool = False) -> bool:
    """A yes/no question outside the interview (e.g. before removing a session)."""
    return bool(questionary.confirm(message, default=default, style=_STYLE).unsafe_ask())

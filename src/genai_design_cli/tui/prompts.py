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
from genai_design_cli.interview.menus import ASIDE, MenuView
from genai_design_cli.interview.sources import (
    Ask,
    HintView,
    NumbersView,
    RecapView,
    StepView,
)
from genai_design_cli.model.answers import InvalidAnswer, allowed, default_text, validate_answer
from genai_design_cli.model.framework import Question, Step
from genai_design_cli.tui.terminal_text import clean

if TYPE_CHECKING:
    from genai_design_cli.interview.findings import Finding
    from genai_design_cli.interview.sources import SaveChoice
    from genai_design_cli.io.store import SaveFailed

MULTILINE_INSTRUCTION = "(Esc then Enter to finish)"
ASIDE_KEY = "?"  # practice: at any question, the aside menu (ask the interviewer, a hint)
ASIDE_INSTRUCTION = "? to ask the interviewer or for a hint"

_STYLE = Style([("instruction", "fg:#888888 italic"), ("marked", "fg:#d75f5f")])
SEVERITY_STYLES = {"error": ("✗", "bold red"), "warning": ("!", "yellow"), "info": ("·", "dim")}


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

    # -- output --
    def _clock(self, clock: ClockView | None, asides: bool = False) -> None:
        """The clock line; in practice it also says how to ask or get a hint (one line)."""
        if clock is not None:
            line = clock_line(clock)
            if asides:
                line.append(f" · {ASIDE_INSTRUCTION}", style="dim")
            self.console.print(line)
        elif asides:
            self.console.print(Text(ASIDE_INSTRUCTION, style="dim"))

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
        parts: list[Any] = [Text(clean(step.summary), style="italic")]
        if view.show_subtopics:
            # one line of sub-topics; the talking points are one menu choice away
            subtopics = Text("Sub-topics: ", style="bold")
            titles = " · ".join(clean(s.title, one_line=True) for s in step.subtopics)
            subtopics.append(titles, style="")
            parts.append(subtopics)
        self.console.print()
        self.console.print(Panel(Group(*parts), title=heading, title_align="left"))
        if view.resumed:
            self.console.print(Text("Resuming: answered questions are kept.", style="dim"))

    def show_points(self, step: Step) -> None:
        title = Text(f"Talking points: {clean(step.title, one_line=True)}")
        self.console.print(Panel(_talking_points(step), title=title, title_align="left"))

    def show_hint(self, hint: HintView) -> None:
        if hint.level == 1:
            line = Text("Hint: ", style="bold cyan")
            line.append(clean(hint.text))
            self.console.print(line)
            return
        title = Text(f"Hint: {clean(hint.subtopic.title, one_line=True)}")
        self.console.print(Panel(Text(clean(hint.text)), title=title, title_align="left"))

    def show_recap(self, view: RecapView) -> None:
        from genai_design_cli.tui.recap import show_recap

        show_recap(self.console, view)

    def show_finding(self, finding: Finding) -> None:
        mark, style = SEVERITY_STYLES.get(finding.severity, ("·", ""))
        line = Text(f"{mark} {finding.severity.capitalize()}: ", style=style)
        line.append(clean(finding.message))
        self.console.print(line)

    def show_fact(self, question: str, answer: str) -> None:
        line = Text("You: ", style="bold")
        line.append(clean(question))
        self.console.print(line)
        reply = Text("Interviewer: ", style="bold cyan")
        reply.append(clean(answer))
        self.console.print(reply)

    def show_results(self, view: NumbersView) -> None:
        """The digest: at most five lines, each cut to the terminal's width, never wrapped,
        so that it stays on screen above the wait at 80x24."""
        from genai_design_cli.tui.digest import digest_lines

        self.console.print()
        for note in view.notes:
            self.console.print(Text(clean(note), style="cyan"))
        styles = {"✓": "green", "✗": "bold red", "!": "yellow"}
        for line in digest_lines(view.results, view.variables):
            text = Text(f"{line.mark} ", style=styles.get(line.mark, ""))
            text.append(f"{line.label:<8} ", style="bold")
            text.append(clean(line.text, one_line=True))
            self.console.print(text, overflow="ellipsis", no_wrap=True)

    def show_full_results(self, results: dict[str, Any]) -> None:
        try:
            from genai_design_cli.tui import calc_views as report
        except ImportError:
            report = None
        if report is not None:
            for table in report.rich_tables(results):
                self.console.print(table)
        else:  # the calculators' own tables are not installed: show the raw figures
            table = Table("result", "value")
            from genai_design_cli.model.framework import flatten_results

            for key, value in flatten_results(results, "").items():
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
        self._clock(ask.clock, asides=ask.asides and ask.attempt == 1)
        # practice hides question help until a hint: it teaches the talking points' figures
        if question.help and ask.show_help:
            self.console.print(Text(question.help, style="dim"))
        message = question.prompt + (f" ({question.unit})" if question.unit else "")
        if question.required:
            message += " *"
        width = self.console.width
        if ask.from_interviewer or question.kind == "multiline" or len(message) + 3 > width:
            # prompt_toolkit mis-draws a multi-line prompt whose message wraps (lines vanish)
            # and wraps a long one mid-word, so the message goes out through Rich (wrapped
            # between words) and the prompt itself stays one short line
            who = "Interviewer: " if ask.from_interviewer else "? "
            line = Text(who, style="bold cyan")
            line.append(message, style="bold")
            self.console.print(line)
            message = ""
        instruction = f"({allowed(question)})" if question.kind == "number" else None
        if instruction and len(message) + len(instruction) + 5 > width:
            # "2.5|k works" split at the edge: the instruction gets a line of its own
            self.console.print(Text(instruction, style="dim"))
            instruction = None
        prompt = build_prompt(
            question,
            message,
            ask.default,
            marks=ask.marks or {},
            hidden=ask.hidden,
            asides=ask.asides,
            instruction=instruction,
            descriptions=ask.show_help,
        )
        if ask.on_shown is not None:
            _once_on_screen(prompt, ask.on_shown)
        answer = prompt.unsafe_ask()
        if ask.asides and isinstance(answer, str) and answer.strip() == ASIDE_KEY:
            return ASIDE
        return answer

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


def _validator(question: Question, asides: bool = False):
    def check(value: Any) -> bool | str:
        if asides and isinstance(value, str) and value.strip() == ASIDE_KEY:
            return True
        try:
            validate_answer(question, value)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    return check


def _title(label: str, mark: str | None) -> Any:
    """A choice's title, with why it contradicts an earlier answer when it does."""
    return [("", label), ("class:marked", f"  ✗ {mark}")] if mark else label


def _choices(
    question: Question,
    marks: dict[str, str],
    hidden: frozenset[str],
    checked: set[Any] | None = None,
    descriptions: bool = True,
) -> list[Choice]:
    """The question's choices, those not offered left out and the contradicting ones marked
    and moved last, so that the pointer never starts on one."""
    offered = [c for c in question.choices if c.value not in hidden]
    ordered = [c for c in offered if c.value not in marks] + [
        c for c in offered if c.value in marks
    ]
    return [
        Choice(
            _title(c.title, marks.get(c.value)),
            value=c.value,
            description=(c.help or None) if descriptions else None,
            checked=checked is not None and c.value in checked,
        )
        for c in ordered
    ]


def _once_on_screen(prompt: questionary.Question, callback: Any) -> None:
    """Run `callback` once, right after the prompt is first drawn (the engine saves the last
    answer then: the person reads the question while the file is written)."""
    app = prompt.application

    def fire(_app: Any) -> None:
        app.after_render -= fire
        callback()

    app.after_render += fire


def _with_aside_key(prompt: questionary.Question) -> questionary.Question:
    """Practice: "?" leaves a pick-from-a-list or yes/no prompt with the aside marker."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add(ASIDE_KEY, eager=True)
    def _aside(event: Any) -> None:
        event.app.exit(result=ASIDE)

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    return prompt


def build_prompt(
    question: Question,
    message: str,
    default: Any,
    *,
    marks: dict[str, str] | None = None,
    hidden: frozenset[str] = frozenset(),
    asides: bool = False,
    instruction: str | None = "",
    descriptions: bool = True,
) -> questionary.Question:
    """The questionary prompt for one framework question (copier's
    `get_questionary_structure`): the question stays data, the prompt library stays here.
    `marks` flags choices that contradict an earlier answer; `hidden` ones are not offered;
    `asides` lets "?" open the practice aside menu (typed alone, in a text prompt); a number's
    `instruction` (what it allows) is worked out here unless given (None: none shown);
    `descriptions` False hides the choices' help (practice, before a hint)."""
    kind = question.kind
    marks = marks or {}
    if kind in ("text", "number"):
        if instruction == "":
            instruction = f"({allowed(question)})" if kind == "number" else None
        return questionary.text(
            message,
            default=default_text(question, default),
            validate=_validator(question, asides),
            instruction=instruction,
            qmark="›" if not message else "?",
            style=_STYLE,
        )
    if kind == "multiline":
        return questionary.text(
            message,
            default=default_text(question, default),
            validate=_validator(question, asides),
            multiline=True,
            instruction=MULTILINE_INSTRUCTION,
            qmark="›" if not message else "?",
            style=_STYLE,
        )
    if kind == "select":
        choices = _choices(question, marks, hidden, descriptions=descriptions)
        chosen = next((c for c in choices if c.value == default), None)
        prompt = questionary.select(message, choices=choices, default=chosen, style=_STYLE)
        return _with_aside_key(prompt) if asides else prompt
    if kind == "checkbox":
        checked = set(default or []) if isinstance(default, list) else {default}
        prompt = questionary.checkbox(
            message,
            choices=_choices(question, marks, hidden, checked, descriptions),
            validate=_validator(question),
            instruction="(space to toggle, enter to confirm)",
            style=_STYLE,
        )
        return _with_aside_key(prompt) if asides else prompt
    if kind == "confirm":
        # auto_enter=False: y/n only moves the answer, Enter confirms it; otherwise `y`
        # answers at once and the Enter that follows leaks into the next question
        prompt = questionary.confirm(
            message,
            default=True if default is None else bool(default),
            style=_STYLE,
            auto_enter=False,
        )
        return _with_aside_key(prompt) if asides else prompt
    raise ValueError(f"unknown question kind {kind!r}")  # pragma: no cover


def confirm(message: str, default: bool = False) -> bool:
    """A yes/no question outside the interview (e.g. before removing a session)."""
    return bool(
        questionary.confirm(message, default=default, style=_STYLE, auto_enter=False).unsafe_ask()
    )

"""Menus as data: the between-steps actions, the menus and choice lists the engine offers, and
their wording (front ends show the labels; the engine acts on the actions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from genai_design_cli.interview.clock import ClockView
from genai_design_cli.model.answers import format_answer
from genai_design_cli.model.framework import Question, Step

# Menu actions (the values an answer source returns from `menu`).
CONTINUE = "continue"
BACK = "back"
SKIP = "skip"
DEEP_DIVE = "deep-dive"
HINT = "hint"
QUIT = "quit"
FINISH = "finish"
POINTS = "points"  # show the step's talking points (new)
ASK = "ask"  # ask the interviewer (practice)
FIX = "fix"  # a finding: go back and change an answer
KEEP = "keep"  # a finding: keep the design and say why
FULL = "full"  # after the digest: the calculators' full tables
WRAP_UP = "wrap-up"  # time is up: go to the debrief
GO_ON = "go-on"  # time is up: go on, overtime recorded
RETURN = "return"  # an aside at a question: back to the question

# What an answer source returns from `ask` for "?" at a question in practice: the engine
# offers the aside menu (ask the interviewer, a hint), then asks the question again.
ASIDE = "\x00aside"

# The wording, as data: menu labels, choice prompts and the engine's notices. `{number}`,
# `{title}`, `{prompt}` and the like are filled in with str.format.
LABELS: Mapping[str, str] = {
    CONTINUE: "Answer step {number}: {title}",
    HINT: "Hint: a nudge first, then the talking point",
    POINTS: "Show talking points",
    ASK: "Ask the interviewer ({left} question{s} left)",
    FIX: "Go back and change an answer",
    KEEP: "Keep the design and record why",
    FULL: "Show full estimates",
    "next": "Continue",
    WRAP_UP: "Wrap up: go to the debrief",
    "wrap-up-now": "Wrap up now (go to the debrief)",
    GO_ON: "Go on (the overtime is recorded)",
    RETURN: "Back to the question",
    DEEP_DIVE: "Mark as a deep dive",
    "deep-dive-off": "Unmark as a deep dive",
    SKIP: "Skip step {number}",
    BACK: "Go back and change an earlier answer",
    QUIT: "Save and quit",
    FINISH: "Finish",
}
TITLES: Mapping[str, str] = {
    "step": "What next?",
    "end": "All steps walked. What next?",
    "which-step": "Which step?",
    "which-answer": "Which answer?",
    "finding": "Keep it, or fix it?",
    "numbers": "Read the numbers, then:",
    "time-up": "Time is up. What now?",
    "aside": "Ask or get a hint:",
    "ask": "Ask the interviewer:",
}
NOTICES: Mapping[str, str] = {
    "deep-dive-on": "Step {number} marked as a deep dive.",
    "deep-dive-off": "Step {number} no longer marked as a deep dive.",
    "unknown-choice": "Unknown choice {action!r}.",
    "answer-removed": "Removed the answer to '{prompt}' (step {number}): it no longer applies. "
    "It comes back as the default if the question applies again.",
    "now-applies": "Now applies (step {number}): {prompt}",
    "calculators-failed": "The calculators could not run: {message}",
    "no-hint": "No more hints for step {number}: every sub-topic is covered or fully hinted.",
    "nothing-to-ask": "Nothing left to ask: every question has been answered.",
    "kept": "Kept; recorded as a risk: {reason}",
}
KEEP_WHY = "Why keep it? (recorded with the design's risks)"

SKIPPED_NOTE = " (skipped)"
ANSWER_SHOWN_CHARS = 40  # a long answer is cut to this in the "Which answer?" list


@dataclass(frozen=True)
class MenuOption:
    action: str
    label: str


@dataclass(frozen=True)
class MenuView:
    """A menu: between steps before `step` (None: after the last step), or, with `kind`, one
    of the engine's other choices (a finding, the numbers, time up, an aside)."""

    step: Step | None
    options: tuple[MenuOption, ...]
    clock: ClockView | None = None
    kind: str = "step"  # step | end | finding | numbers | time-up | aside | ask

    @property
    def actions(self) -> list[str]:
        return [o.action for o in self.options]

    @property
    def title(self) -> str:
        if self.kind == "step":
            return TITLES["step"] if self.step else TITLES["end"]
        return TITLES[self.kind]


def step_menu(
    step: Step,
    *,
    practice: bool,
    deep_dive: bool,
    can_go_back: bool,
    clock: ClockView | None = None,
    asks_left: int = 0,
) -> MenuView:
    """The menu before `step`: answer it; in practice ask the interviewer (while questions
    are left) and a hint; in `new` the talking points; deep dive, skip, back; in practice
    wrap up early (the steps left count as not reached); quit."""
    words = {
        "number": step.number,
        "title": step.title,
        "left": asks_left,
        "s": "" if asks_left == 1 else "s",
    }

    def option(action: str, label: str | None = None) -> MenuOption:
        return MenuOption(action, LABELS[label or action].format(**words))

    options = [option(CONTINUE)]
    if practice:
        if asks_left:
            options.append(option(ASK))
        options.append(option(HINT))
    else:
        options.append(option(POINTS))
    options.append(option(DEEP_DIVE, "deep-dive-off" if deep_dive else None))
    options.append(option(SKIP))
    if can_go_back:
        options.append(option(BACK))
    if practice:
        options.append(option(WRAP_UP, "wrap-up-now"))
    options.append(option(QUIT))
    return MenuView(step, tuple(options), clock)


def final_menu(*, can_go_back: bool, clock: ClockView | None = None) -> MenuView:
    """The menu after the last step: finish, back, or save and quit."""
    actions = [FINISH, *([BACK] if can_go_back else []), QUIT]
    return MenuView(None, tuple(MenuOption(a, LABELS[a]) for a in actions), clock)


def choice_menu(kind: str, actions: Sequence[str], clock: ClockView | None = None, **words: Any):
    """One of the engine's small menus (finding, numbers, time-up, aside) from its actions."""
    options = tuple(MenuOption(a, LABELS.get(a, a).format(**words)) for a in actions)
    return MenuView(None, options, clock, kind)


def aside_menu(asks_left: int, clock: ClockView | None = None) -> MenuView:
    """At a question in practice ("?"): ask the interviewer, a hint, or back to the question."""
    actions = ([ASK] if asks_left else []) + [HINT, RETURN]
    return choice_menu("aside", actions, clock, left=asks_left, s="" if asks_left == 1 else "s")


def step_choices(steps: Sequence[Step], skipped: set[str]) -> list[tuple[str, str]]:
    """The "Which step?" list: (step id, "3. Title", marked when skipped)."""
    return [
        (s.id, f"{s.number}. {s.title}" + (SKIPPED_NOTE if s.id in skipped else "")) for s in steps
    ]


def answer_choices(
    questions: Sequence[Question], answers: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """The "Which answer?" list: (question id, "Prompt [current answer]"), long answers cut."""
    options = []
    for q in questions:
        current = format_answer(q, answers.get(q.id)) if q.id in answers else "—"
        if len(current) > ANSWER_SHOWN_CHARS:
            current = current[: ANSWER_SHOWN_CHARS - 1] + "…"
        options.append((q.id, f"{q.prompt} [{current}]"))
    return options


def notice(key: str, **words: Any) -> str:
    """One of the engine's notices, worded from NOTICES."""
    return NOTICES[key].format(**words)

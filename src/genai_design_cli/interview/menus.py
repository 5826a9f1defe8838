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

# The wording, as data: menu labels, choice prompts and the engine's notices. `{number}`,
# `{title}`, `{prompt}` and the like are filled in with str.format.
LABELS: Mapping[str, str] = {
    CONTINUE: "Answer step {number}: {title}",
    HINT: "Show a hint (the talking points)",
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
}
NOTICES: Mapping[str, str] = {
    "deep-dive-on": "Step {number} marked as a deep dive.",
    "deep-dive-off": "Step {number} no longer marked as a deep dive.",
    "unknown-choice": "Unknown choice {action!r}.",
    "answer-removed": "Removed the answer to '{prompt}' (step {number}): it no longer applies. "
    "It comes back as the default if the question applies again.",
    "now-applies": "Now applies (step {number}): {prompt}",
    "calculators-failed": "The calculators could not run: {message}",
}
SKIPPED_NOTE = " (skipped)"
ANSWER_SHOWN_CHARS = 40  # a long answer is cut to this in the "Which answer?" list


@dataclass(frozen=True)
class MenuOption:
    action: str
    label: str


@dataclass(frozen=True)
class MenuView:
    """The between-steps menu, shown before step `step` (None: after the last step)."""

    step: Step | None
    options: tuple[MenuOption, ...]
    clock: ClockView | None = None

    @property
    def actions(self) -> list[str]:
        return [o.action for o in self.options]

    @property
    def title(self) -> str:
        return TITLES["step"] if self.step else TITLES["end"]


def step_menu(
    step: Step,
    *,
    practice: bool,
    deep_dive: bool,
    can_go_back: bool,
    clock: ClockView | None = None,
) -> MenuView:
    """The menu before `step`: answer it, a hint (practice only), deep dive, skip, back, quit."""
    words = {"number": step.number, "title": step.title}

    def option(action: str, label: str | None = None) -> MenuOption:
        return MenuOption(action, LABELS[label or action].format(**words))

    options = [option(CONTINUE)]
    if practice:
        options.append(option(HINT))
    options.append(option(DEEP_DIVE, "deep-dive-off" if deep_dive else None))
    options.append(option(SKIP))
    if can_go_back:
        options.append(option(BACK))
    options.append(option(QUIT))
    return MenuView(step, tuple(options), clock)


def final_menu(*, can_go_back: bool, clock: ClockView | None = None) -> MenuView:
    """The menu after the last step: finish, back, or save and quit."""
    actions = [FINISH, *([BACK] if can_go_back else []), QUIT]
    return MenuView(None, tuple(MenuOption(a, LABELS[a]) for a in actions), clock)


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

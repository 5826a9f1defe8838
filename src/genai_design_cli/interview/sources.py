"""Answer sources: what the engine hands a front end (StepView, Ask, MenuView), the protocol a
front end implements, and the no-input front end that takes an answers file and defaults.

The terminal front end is `tui.prompts.QuestionarySource`; the scripted one for tests is in
`tests/support/sources.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from genai_design_cli.interview.clock import ClockView
from genai_design_cli.interview.menus import CONTINUE, FINISH, MenuView
from genai_design_cli.model.answers import validate_answer
from genai_design_cli.model.framework import Question, Step

if TYPE_CHECKING:
    from genai_design_cli.io.store import SaveFailed


@dataclass(frozen=True)
class StepView:
    step: Step
    total_steps: int
    minutes: float  # the step's time budget (scaled to the session's length)
    mode: str  # "scaffold" | "practice"
    show_points: bool  # talking points visible (scaffold, or after a hint in practice)
    deep_dive: bool
    clock: ClockView | None
    resumed: bool = False  # the step already has answers (resume)


@dataclass
class Ask:
    """One question put to the source. `validate` is the engine's own check, for front ends
    that reject a bad answer in place; the engine validates what comes back regardless."""

    question: Question
    step: Step | None  # None for the session title
    default: Any  # current answer when changing one, else the question's default
    clock: ClockView | None = None
    error: str | None = None  # why the previous attempt was rejected
    attempt: int = 1

    @property
    def key(self) -> str:
        return f"{self.step.id}.{self.question.id}" if self.step else self.question.id

    def validate(self, raw: Any) -> Any:
        return validate_answer(self.question, raw)


# What a front end may answer when a save fails (`AnswerSource.save_failed`).
SAVE_RETRY = "retry"  # try the same file again (space freed, folder made writable)
SAVE_ELSEWHERE = "elsewhere"  # save to `SaveChoice.folder` from now on
SAVE_REPAIR = "repair"  # replace text UTF-8 cannot store with U+FFFD, then save
SAVE_LATER = "later"  # go on; the answers stay in memory and the next save tries again
SAVE_GIVE_UP = "give-up"  # raise the SaveFailed (no one to ask)


@dataclass(frozen=True)
class SaveChoice:
    action: str
    folder: Path | None = None  # for SAVE_ELSEWHERE


class AnswerSource(Protocol):
    """A front end. `interactive` False means: never ask; take answers and defaults only.

    A source may also carry `answers` ({step id: {question id: value}}, an answers file's
    layer): the engine pre-fills them where the session has none."""

    interactive: bool

    def show_step(self, view: StepView) -> None: ...

    def show_hint(self, step: Step) -> None: ...

    def ask(self, ask: Ask) -> Any: ...

    def invalid(self, ask: Ask, message: str) -> None: ...

    def menu(self, view: MenuView) -> str: ...

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None: ...

    def show_results(self, results: dict[str, Any], changed: list[str]) -> None: ...

    def notify(self, message: str) -> None: ...

    def save_failed(self, error: SaveFailed) -> SaveChoice:
        """A save failed (`error` says why; the answers are still in memory): what now?"""
        ...


class AnswersFileSource:
    """No-input mode: answers come from an answers file (`answers`, pre-filled by the engine)
    and the questions' defaults; nothing is asked. Required answers still missing are
    collected and raised together as MissingAnswers."""

    interactive = False

    def __init__(self, answers: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.answers = {k: dict(v) for k, v in (answers or {}).items()}
        self.messages: list[str] = []

    def show_step(self, view: StepView) -> None:
        pass

    def show_hint(self, step: Step) -> None:
        pass

    def ask(self, ask: Ask) -> Any:  # pragma: no cover - the engine never asks without input
        raise RuntimeError("no-input mode never asks")

    def invalid(self, ask: Ask, message: str) -> None:
        pass

    def menu(self, view: MenuView) -> str:
        return CONTINUE if view.step else FINISH

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None:
        return None

    def show_results(self, results: dict[str, Any], changed: list[str]) -> None:
        pass

    def notify(self, message: str) -> None:
        self.messages.append(message)

    def save_failed(self, error: SaveFailed) -> SaveChoice:
        return SaveChoice(SAVE_GIVE_UP)  # no one to ask: the command reports the error

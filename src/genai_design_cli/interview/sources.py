"""Answer sources: what the engine hands a front end (StepView, Ask, MenuView), the protocol a
front end implements, and the no-input front end that takes an answers file and defaults.

The terminal front end is `tui.prompts.QuestionarySource`; the scripted one for tests is in
`tests/support/sources.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from genai_design_cli.interview.clock import ClockView
from genai_design_cli.interview.findings import Finding
from genai_design_cli.interview.menus import CONTINUE, FINISH, GO_ON, KEEP, MenuView
from genai_design_cli.model.answers import validate_answer
from genai_design_cli.model.framework import Question, Step, Subtopic

if TYPE_CHECKING:
    from genai_design_cli.io.store import SaveFailed


@dataclass(frozen=True)
class StepView:
    step: Step
    total_steps: int
    minutes: float  # the step's time budget (scaled to the session's length)
    mode: str  # "scaffold" | "practice"
    show_subtopics: bool  # the one line of sub-topics (new; never in practice: no rubric)
    deep_dive: bool
    clock: ClockView | None
    resumed: bool = False  # the step already has answers (resume)


@dataclass(frozen=True)
class HintView:
    """A graded hint in practice: level 1 is the sub-topic's nudge (a question pointing at
    what is missing), level 2 its talking point."""

    step: Step
    subtopic: Subtopic
    level: int
    text: str


@dataclass(frozen=True)
class RecapView:
    """Where a session stands when it opens again (resume, or an answers file)."""

    title: str
    mode: str
    done: tuple[tuple[int, str, str], ...]  # (step number, title, status) walked so far
    total_steps: int
    last: tuple[str, str, str] | None  # (step title, question, answer) of the last answer
    seconds: float  # time spent so far
    next_step: tuple[int, str] | None  # (number, title) of the first step still to answer
    origin: str  # "resume" | "answers"
    open_errors: tuple[str, ...] = ()  # error-level findings not kept (their messages)


@dataclass(frozen=True)
class NumbersView:
    """The numbers after a step that changed them: results, what changed, and lines to show
    first (the candidate's estimates against the calculators' figures)."""

    results: dict[str, Any]
    changed: list[str]
    variables: dict[str, Any]
    notes: tuple[str, ...] = ()


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
    show_help: bool = True  # practice hides question help until a hint in the step
    marks: Mapping[str, str] | None = None  # choices that contradict an earlier answer -> why
    hidden: frozenset[str] = frozenset()  # choices not offered (retired models)
    asides: bool = False  # practice: "?" opens the aside menu (source returns menus.ASIDE)
    from_interviewer: bool = False  # a follow-up, asked as the interviewer would
    # called once the prompt is on screen (the last answer is saved then, not before the
    # prompt shows); a front end without the hook may ignore it: the engine saves after
    on_shown: Callable[[], None] | None = None

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

    def show_hint(self, hint: HintView) -> None: ...

    def show_points(self, step: Step) -> None: ...

    def show_recap(self, view: RecapView) -> None: ...

    def show_finding(self, finding: Finding) -> None: ...

    def show_fact(self, question: str, answer: str) -> None: ...

    def ask(self, ask: Ask) -> Any: ...

    def invalid(self, ask: Ask, message: str) -> None: ...

    def menu(self, view: MenuView) -> str: ...

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None: ...

    def show_results(self, view: NumbersView) -> None: ...

    def show_full_results(self, results: dict[str, Any]) -> None: ...

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

    def show_hint(self, hint: HintView) -> None:
        pass

    def show_points(self, step: Step) -> None:
        pass

    def show_recap(self, view: RecapView) -> None:
        pass

    def show_finding(self, finding: Finding) -> None:
        pass

    def show_fact(self, question: str, answer: str) -> None:
        pass

    def ask(self, ask: Ask) -> Any:  # pragma: no cover - the engine never asks without input
        raise RuntimeError("no-input mode never asks")

    def invalid(self, ask: Ask, message: str) -> None:
        pass

    def menu(self, view: MenuView) -> str:
        if view.kind == "finding":
            return KEEP
        if view.kind == "time-up":
            return GO_ON
        return CONTINUE if view.step or view.kind != "step" else FINISH

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None:
        return None

    def show_results(self, view: NumbersView) -> None:
        pass

    def show_full_results(self, results: dict[str, Any]) -> None:
        pass

    def notify(self, message: str) -> None:
        self.messages.append(message)

    def save_failed(self, error: SaveFailed) -> SaveChoice:
        return SaveChoice(SAVE_GIVE_UP)  # no one to ask: the command reports the error

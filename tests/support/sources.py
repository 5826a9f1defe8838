"""Scripted answer sources for the interview engine's tests: answers and menu choices from a
dict or a list, and everything shown recorded for assertions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from genai_design_cli.interview.clock import ClockView
from genai_design_cli.interview.findings import Finding
from genai_design_cli.interview.menus import CONTINUE, FINISH, GO_ON, KEEP, MenuView
from genai_design_cli.interview.sources import Ask, HintView, NumbersView, RecapView, StepView
from genai_design_cli.model.framework import Step


class Attempts:
    """Several successive raw answers for one question in a ScriptedSource dict (the first
    ones invalid, say): `{"requirements.qps": Attempts("lots", "10M")}`."""

    def __init__(self, *values: Any) -> None:
        self.values = list(values)


INTERRUPT = object()  # a scripted answer that raises KeyboardInterrupt, as Ctrl-C does


class ScriptedSource:
    """An answer source for tests: answers from a dict (keyed "step.question", "question" or
    the question's var; unlisted questions take their default) or a list (consumed in order),
    and menu actions from a list (or a dict step-id -> list), "continue"/"finish" when
    exhausted. ("back", step_id, question_id) in the actions goes back to that answer.
    The engine's other menus (a finding, the numbers, time up, an aside) take their answers
    from `kinds` ({kind: [action, ...]}): by default a finding is kept (with `keep_reason`),
    time up goes on, and the others take their first option. Everything shown is recorded
    for assertions."""

    interactive = True
    KIND_DEFAULTS = {"finding": KEEP, "time-up": GO_ON}

    def __init__(
        self,
        answers: Mapping[str, Any] | Sequence[Any] | None = None,
        actions: Sequence[Any] | Mapping[str, Sequence[Any]] | None = None,
        *,
        on_ask: Callable[[Ask], None] | None = None,
        kinds: Mapping[str, Sequence[Any]] | None = None,
        keep_reason: str = "kept by the script",
    ) -> None:
        self._dict = dict(answers) if isinstance(answers, Mapping) else None
        self._list = list(answers) if isinstance(answers, Sequence) else None
        self._actions = list(actions) if isinstance(actions, Sequence) else []
        self._step_actions = (
            {k: list(v) for k, v in actions.items()} if isinstance(actions, Mapping) else {}
        )
        self._choices: list[str] = []
        self.on_ask = on_ask
        self.asked: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.steps_shown: list[StepView] = []
        self.hints: list[str] = []
        self.menus: list[MenuView] = []
        self.results: list[tuple[str, list[str]]] = []  # (step just walked, results changed)
        self.messages: list[str] = []
        self.clocks: list[ClockView | None] = []
        self.kinds = {k: list(v) for k, v in (kinds or {}).items()}
        self.keep_reason = keep_reason
        self.asks: list[Ask] = []
        self.recaps: list[RecapView] = []
        self.findings: list[Finding] = []
        self.facts: list[tuple[str, str]] = []
        self.hint_views: list[HintView] = []
        self.points: list[str] = []
        self.numbers: list[NumbersView] = []
        self.full_results = 0
        self.offered: list[tuple[str, list[str]]] = []  # (choice prompt, values offered)

    def show_step(self, view: StepView) -> None:
        self.steps_shown.append(view)

    def show_hint(self, hint: HintView) -> None:
        self.hints.append(hint.step.id)
        self.hint_views.append(hint)

    def show_points(self, step: Step) -> None:
        self.points.append(step.id)

    def show_recap(self, view: RecapView) -> None:
        self.recaps.append(view)

    def show_finding(self, finding: Finding) -> None:
        self.findings.append(finding)

    def show_fact(self, question: str, answer: str) -> None:
        self.facts.append((question, answer))

    def ask(self, ask: Ask) -> Any:
        if ask.on_shown is not None:  # the prompt is "on screen": the last answer is saved
            ask.on_shown()
        self.asked.append(ask.key)
        self.asks.append(ask)
        self.clocks.append(ask.clock)
        if self.on_ask:
            self.on_ask(ask)
        value = self._next_from_list(ask) if self._list is not None else self._from_dict(ask)
        if value is INTERRUPT:
            raise KeyboardInterrupt
        return value

    def _next_from_list(self, ask: Ask) -> Any:
        assert self._list is not None
        if not self._list:
            raise AssertionError(f"script has no answer left for {ask.key}")
        return self._list.pop(0)

    def _from_dict(self, ask: Ask) -> Any:
        assert self._dict is not None
        for key in (ask.key, ask.question.id, ask.question.var):
            if key and key in self._dict:
                value = self._dict[key]
                if isinstance(value, Attempts):
                    value = value.values.pop(0) if len(value.values) > 1 else value.values[0]
                return value
        if ask.question.id == "keep-why":
            return self.keep_reason
        if ask.question.required and ask.default is None:
            raise AssertionError(f"script has no answer for required {ask.key}")
        return ask.default

    def invalid(self, ask: Ask, message: str) -> None:
        self.errors.append((ask.key, message))

    def menu(self, view: MenuView) -> str:
        self.menus.append(view)
        if view.kind not in ("step",):
            queue = self.kinds.get(view.kind)
            if queue:
                action = queue.pop(0)
                if isinstance(action, tuple):
                    self._choices.extend(action[1:])
                    action = action[0]
                return action
            return self.KIND_DEFAULTS.get(view.kind, view.options[0].action)
        queue = self._step_actions.get(view.step.id if view.step else "end", self._actions)
        default = CONTINUE if view.step else FINISH
        if not queue:
            return default
        action = queue.pop(0)
        if isinstance(action, tuple):
            self._choices.extend(action[1:])
            action = action[0]
        if action is INTERRUPT:
            raise KeyboardInterrupt
        return action

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None:
        if not self._choices:
            raise AssertionError(f"script has no choice for {prompt!r}")
        self.offered.append((prompt, [value for value, _ in options]))
        choice = self._choices.pop(0)
        if choice not in [value for value, _ in options]:
            raise AssertionError(f"{choice!r} is not offered for {prompt!r}: {options}")
        return choice

    def show_results(self, view: NumbersView) -> None:
        step = self.steps_shown[-1].step.id if self.steps_shown else ""
        self.results.append((step, list(view.changed)))
        self.numbers.append(view)

    def show_full_results(self, results: dict[str, Any]) -> None:
        self.full_results += 1

    def notify(self, message: str) -> None:
        self.messages.append(message)


class FakeClock:
    """Seconds that move only when the test says so: pass as `Interview(..., clock=...)`."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

"""The interview engine: walks a framework's steps for any front end (terminal, file, test).

Front-end free: it never prints and imports no prompt library. It asks an *answer source* for
each answer and for each between-steps choice, validates what comes back, keeps the session up
to date and hands it to a `save` callback after every answer (the CLI saves atomically).

Answers come in layers, as in copier: flags (the title), then an answers file (pre-filled into
the session), then prompts, then defaults. One loop asks only what is still missing, so the
same loop serves `new`, `resume` and `new --answers FILE --no-input`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from genai_design_cli.errors import UserError
from genai_design_cli.model import conditions
from genai_design_cli.model.answers import (
    InvalidAnswer,
    answers_problems,
    format_answer,
    validate_answer,
)
from genai_design_cli.model.framework import (
    Framework,
    Question,
    Step,
    answer_variables,
    flatten_results,
)
from genai_design_cli.model.session import Session, SessionMeta, new_session_id

# Menu actions (the values an answer source returns from `menu`).
CONTINUE = "continue"
BACK = "back"
SKIP = "skip"
DEEP_DIVE = "deep-dive"
HINT = "hint"
QUIT = "quit"
FINISH = "finish"

# What `Interview.run` returns.
FINISHED = "finished"
QUIT_SAVED = "quit"

TITLE_QUESTION = Question(
    id="title",
    kind="text",
    prompt="Title of this design (e.g. 'Support bot for an online store')",
    required=True,
)


# --- the variable space -----------------------------------------------------------------------


def environment(fw: Framework, session: Session) -> dict[str, Any]:
    """The variables conditions see: each answered question's `var`, plus calculator results
    flattened (`calc.cost.llm.per_month`). The coach adds `covered.*` on top."""
    env = answer_variables(fw, session.answers)
    env.update(flatten_results(session.results))
    return env


def applies(question: Question, env: Mapping[str, Any]) -> bool:
    return question.when is None or conditions.evaluate(question.when, env)


def applicable_questions(fw: Framework, session: Session, step: Step) -> list[Question]:
    """The questions of `step` whose `when` holds over the session's current answers."""
    env = environment(fw, session)
    return [q for q in step.questions if applies(q, env)]


def run_calculators(variables: dict[str, Any]) -> dict[str, Any]:
    """`calc.engine.run` over the variables; {} while the calculators are not installed."""
    try:
        from genai_design_cli.calc import engine
    except ImportError:
        return {}
    return engine.run(variables)


# --- what the engine hands an answer source --------------------------------------------------


@dataclass(frozen=True)
class ClockView:
    """The practice clock at a prompt: seconds left overall and in the current step."""

    total_left_s: float
    step_left_s: float
    step_budget_s: float

    @property
    def overtime(self) -> bool:
        return self.total_left_s < 0

    @property
    def step_overtime(self) -> bool:
        return self.step_left_s < 0


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


class AnswerSource(Protocol):
    """A front end. `interactive` False means: never ask; take answers and defaults only."""

    interactive: bool

    def show_step(self, view: StepView) -> None: ...

    def show_hint(self, step: Step) -> None: ...

    def ask(self, ask: Ask) -> Any: ...

    def invalid(self, ask: Ask, message: str) -> None: ...

    def menu(self, view: MenuView) -> str: ...

    def choose(self, prompt: str, options: Sequence[tuple[str, str]]) -> str | None: ...

    def show_results(self, results: dict[str, Any], changed: list[str]) -> None: ...

    def notify(self, message: str) -> None: ...


class MissingAnswers(UserError):
    """Required answers still missing with --no-input: every one of them, in one message."""

    def __init__(self, missing: list[tuple[str, Question]], problems: list[str] | None = None):
        self.missing = [key for key, _ in missing]
        self.problems = problems or []
        lines = [f"  {key}: {q.prompt}" for key, q in missing]
        lines += [f"  {p}" for p in self.problems]
        what = (
            f"{len(missing)} required answer{'s' if len(missing) != 1 else ''} missing"
            if missing
            else f"{len(self.problems)} answer{'s' if len(self.problems) != 1 else ''} not valid"
        )
        if missing and self.problems:
            what += f", and {len(self.problems)} not valid"
        super().__init__(
            f"{what}:\n" + "\n".join(lines),
            hint="Add them to the answers file as [answers.<step-id>] tables, e.g.\n"
            "  [answers.requirements]\n  qps = 100\n"
            "or run without --no-input to be asked.",
        )


# --- the engine -------------------------------------------------------------------------------


class Interview:
    """Walk `fw` for `session`, asking `source`; `save(session)` after every answer.

    `clock` returns seconds (time.monotonic by default; tests pass a fake). `run()` returns
    FINISHED or QUIT_SAVED; KeyboardInterrupt propagates after the session is saved;
    MissingAnswers is raised in no-input mode when required answers are missing.
    """

    def __init__(
        self,
        fw: Framework,
        session: Session,
        source: AnswerSource,
        *,
        save: Callable[[Session], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        defaults: dict[str, Any] | None = None,
    ) -> None:
        """`defaults` ({var: value}, e.g. a practice case's numbers) replace the framework's
        defaults for the questions that set those variables."""
        if session.session is None:
            raise ValueError("the session needs its [session] table (id, title)")
        self.fw = fw
        self.session = session
        self.source = source
        self._save_callback = save
        self.clock = clock
        self._defaults = dict(defaults or {})
        # answers removed when a change made their question stop applying: offered again as
        # the default if it applies once more (switching RAG off and on loses no typing)
        self._parked: dict[tuple[str, str], Any] = {}
        self.interactive = bool(getattr(source, "interactive", True))
        self.missing: list[tuple[str, Question]] = []
        self.problems: list[str] = []
        self._step: Step | None = None
        self._step_started: float | None = None
        self._step_base_seconds = 0.0
        self._shown_results: dict[str, Any] = dict(session.results)
        preset = getattr(source, "answers", None)
        if preset:
            apply_answers(fw, session, preset)

    # -- saving and the clock --
    @property
    def meta(self) -> SessionMeta:
        assert self.session.session is not None
        return self.session.session

    @property
    def practice(self) -> bool:
        return self.meta.mode == "practice"

    def _sync_clock(self) -> None:
        if self._step is not None and self._step_started is not None:
            state = self.session.step_state(self._step.id)
            state.seconds = round(self._step_base_seconds + self.clock() - self._step_started, 1)

    def save(self) -> None:
        self._sync_clock()
        if self._save_callback is not None and self.interactive:
            self._save_callback(self.session)

    def _start_clock(self, step: Step) -> None:
        self._sync_clock()  # book the time so far to the previous step
        self._step = step
        self._step_started = self.clock()
        self._step_base_seconds = self.session.step_state(step.id).seconds

    def step_budget_seconds(self, step: Step) -> float:
        return step_budget_seconds(self.fw, self.session, step)

    def clock_view(self) -> ClockView | None:
        if not self.practice or self._step is None:
            return None
        self._sync_clock()
        total = (self.meta.minutes or self.fw.minutes) * 60
        spent = sum(s.seconds for s in self.session.steps.values())
        budget = self.step_budget_seconds(self._step)
        step_spent = self.session.step_state(self._step.id).seconds
        return ClockView(total - spent, budget - step_spent, budget)

    # -- the walk --
    def run(self) -> str:
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or the terminal went away
            self.save()
            raise

    def _run(self) -> str:
        stopped_in = self.meta.current_step  # where a resumed session stopped
        if not self.meta.title:
            title = self._obtain(TITLE_QUESTION, None, default=None)
            self.meta.title = title or "Untitled design"
            self.save()
        steps = self.fw.steps
        for index, step in enumerate(steps):
            state = self.session.step_state(step.id)
            if state.status in ("done", "skipped"):
                continue
            self.meta.current_step = step.id
            self._start_clock(step)
            if self.interactive and step.id == stopped_in and self.session.answers.get(step.id):
                # resumed mid-step: straight back to the next unanswered question
                self.source.show_step(self._step_view(step, resumed=True))
            elif self.interactive:
                self.save()
                action = self._step_menu(step, index)
                if action == QUIT:
                    self.save()
                    return QUIT_SAVED
                if action == SKIP:
                    self.session.step_state(step.id).status = "skipped"
                    self.save()
                    continue
            baseline = self._conditional_applicable(index)
            self._ask_step(step)
            self.session.step_state(step.id).status = "done"
            # a later answer can make an earlier question apply (or stop applying)
            self._reconcile(index, baseline)
            self.save()
        self._sync_clock()
        self._step = None
        if not self.interactive:
            if self.missing or self.problems:
                raise MissingAnswers(self.missing, self.problems)
            self.meta.finished = True
            self.meta.current_step = None
            return FINISHED
        while True:
            options = [MenuOption(FINISH, "Finish")]
            if self._answered_steps(len(steps)):
                options.append(MenuOption(BACK, "Go back and change an earlier answer"))
            options.append(MenuOption(QUIT, "Save and quit"))
            action = self.source.menu(MenuView(None, tuple(options), self.clock_view()))
            if action == BACK:
                self._go_back(len(steps))
                continue
            if action == QUIT:
                self.save()
                return QUIT_SAVED
            self.meta.finished = True
            self.meta.current_step = None
            self.save()
            return FINISHED

    def _step_view(self, step: Step, resumed: bool = False) -> StepView:
        state = self.session.step_state(step.id)
        return StepView(
            step=step,
            total_steps=len(self.fw.steps),
            minutes=self.step_budget_seconds(step) / 60,
            mode=self.meta.mode,
            show_points=not self.practice or state.hints > 0,
            deep_dive=state.deep_dive,
            clock=self.clock_view(),
            resumed=resumed,
        )

    def _step_menu(self, step: Step, index: int) -> str:
        self.source.show_step(self._step_view(step))
        while True:
            state = self.session.step_state(step.id)
            options = [MenuOption(CONTINUE, f"Answer step {step.number}: {step.title}")]
            if self.practice:
                options.append(MenuOption(HINT, "Show a hint (the talking points)"))
            options.append(
                MenuOption(
                    DEEP_DIVE,
                    "Unmark as a deep dive" if state.deep_dive else "Mark as a deep dive",
                )
            )
            options.append(MenuOption(SKIP, f"Skip step {step.number}"))
            if self._answered_steps(index):
                options.append(MenuOption(BACK, "Go back and change an earlier answer"))
            options.append(MenuOption(QUIT, "Save and quit"))
            action = self.source.menu(MenuView(step, tuple(options), self.clock_view()))
            if action == HINT and self.practice:
                state.hints += 1
                self.save()
                self.source.show_hint(step)
            elif action == DEEP_DIVE:
                state.deep_dive = not state.deep_dive
                self.save()
                self.source.notify(
                    f"Step {step.number} {'marked' if state.deep_dive else 'no longer marked'}"
                    " as a deep dive."
                )
            elif action == BACK:
                self._go_back(index)
                self.source.show_step(self._step_view(step))
            elif action in (CONTINUE, SKIP, QUIT):
                return action
            else:
                self.source.notify(f"Unknown choice {action!r}.")

    def _answered_steps(self, before: int) -> list[Step]:
        return [
            s
            for s in self.fw.steps[:before]
            if self.session.step_state(s.id).status in ("done", "skipped")
        ]

    def _ask_step(self, step: Step) -> None:
        """Ask every applicable question of `step` that has no answer yet, in order."""
        for question in step.questions:
            env = environment(self.fw, self.session)
            answers = self.session.answers.get(step.id, {})
            if not applies(question, env):
                if question.id in answers:
                    self.session.clear_answer(step.id, question.id)
                    self.save()
                continue
            if question.id in answers:
                try:
                    value = validate_answer(question, answers[question.id])
                except InvalidAnswer as exc:
                    where = f"answers.{step.id}.{question.id}"
                    if not self.interactive:
                        self.problems.append(f"{where}: {exc}")
                        continue
                    self.source.notify(f"{where}: {exc}")
                    self.session.clear_answer(step.id, question.id)
                else:
                    if value is not None and value != answers[question.id]:
                        self._store(step, question, value)  # normalised, e.g. "10M" -> 1e7
                    continue
            self._store(step, question, self._obtain(question, step, self._offer(step, question)))

    def _offer(self, step: Step, question: Question) -> Any:
        """The default to offer: a parked earlier answer first, then the case's or framework's."""
        parked = self._parked.pop((step.id, question.id), None)
        return parked if parked is not None else self._default(question)

    def _default(self, question: Question) -> Any:
        if question.var in self._defaults:
            try:
                return validate_answer(question, self._defaults[question.var])
            except InvalidAnswer:
                pass  # a number out of this framework's bounds: keep the framework's default
        if self.practice and question.kind == "number":
            # the framework's numbers would hand the candidate the talking points' figures
            # ($0.000001 a query, 2,000 tokens of context): in practice they say their own
            return None
        return question.default

    def _store(self, step: Step, question: Question, value: Any) -> None:
        if value is None:
            if not (self.interactive and question.kind in ("text", "multiline")):
                return
            # a text left blank is kept as "" (read as unset everywhere) so that `resume`
            # does not ask it again
            value = ""
        self.session.set_answer(step.id, question.id, value)
        self.save()

    def _obtain(self, question: Question, step: Step | None, default: Any) -> Any:
        """An answer from the source (re-asked until valid), or the default without input."""
        if not self.interactive:
            if default is not None:
                try:
                    return validate_answer(question, default)
                except InvalidAnswer:
                    pass
            if question.required and step is not None:
                self.missing.append((f"{step.id}.{question.id}", question))
            return None
        ask = Ask(question, step, default, self.clock_view())
        while True:
            raw = self.source.ask(ask)
            try:
                return validate_answer(question, raw)
            except InvalidAnswer as exc:
                self.source.invalid(ask, str(exc))
                ask = Ask(question, step, default, self.clock_view(), str(exc), ask.attempt + 1)

    # -- results --
    def _refresh_results(self) -> None:
        variables = answer_variables(self.fw, self.session.answers)
        try:
            results = run_calculators(variables)
        except UserError as exc:
            self.source.notify(f"The calculators could not run: {exc.format_message()}")
            return
        self.session.results = results
        changed = [
            name for name, value in results.items() if self._shown_results.get(name) != value
        ]
        self._shown_results = dict(results)
        if changed and self.interactive:
            self.source.show_results(results, changed)

    # -- going back --
    def _go_back(self, before: int) -> None:
        steps = self._answered_steps(before)
        step_id = self.source.choose(
            "Which step?",
            [(s.id, f"{s.number}. {s.title}" + self._status_note(s)) for s in steps],
        )
        if not step_id:
            return
        step = self.fw.step(step_id)
        baseline = self._conditional_applicable(before)
        if self.session.step_state(step.id).status == "skipped":
            # un-skip: answer the step now
            self.session.step_state(step.id).status = "pending"
            self._ask_step(step)
            self.session.step_state(step.id).status = "done"
            self.save()
        else:
            answers = self.session.answers.get(step.id, {})
            questions = applicable_questions(self.fw, self.session, step)
            options = []
            for q in questions:
                current = format_answer(q, answers.get(q.id)) if q.id in answers else "—"
                if len(current) > 40:
                    current = current[:39] + "…"
                options.append((q.id, f"{q.prompt} [{current}]"))
            question_id = self.source.choose("Which answer?", options)
            if not question_id:
                return
            question = next(q for q in questions if q.id == question_id)
            value = self._obtain(question, step, answers.get(question.id, self._default(question)))
            if value is None:
                self.session.clear_answer(step.id, question.id)
                self.save()
            else:
                self._store(step, question, value)
        self._reconcile(before, baseline)

    def _status_note(self, step: Step) -> str:
        return " (skipped)" if self.session.step_state(step.id).status == "skipped" else ""

    def _conditional_applicable(self, before: int) -> set[tuple[str, str]]:
        env = environment(self.fw, self.session)
        return {
            (step.id, question.id)
            for step in self.fw.steps[:before]
            for question in step.questions
            if question.when is not None and applies(question, env)
        }

    def _reconcile(self, before: int, baseline: set[tuple[str, str]]) -> None:
        """After a change: drop answers to questions that no longer apply, and ask the ones
        that now apply and did not before, in every step already answered, until stable."""
        while True:
            self._refresh_results()
            env = environment(self.fw, self.session)
            removed = False
            for step in self.fw.steps[:before]:
                for question in step.questions:
                    if question.id in self.session.answers.get(step.id, {}) and not applies(
                        question, env
                    ):
                        value = self.session.answers[step.id][question.id]
                        self._parked[(step.id, question.id)] = value
                        self.session.clear_answer(step.id, question.id)
                        self.source.notify(
                            f"Removed the answer to '{question.prompt}' "
                            f"(step {step.number}): it no longer applies. It comes back as "
                            "the default if the question applies again."
                        )
                        removed = True
            if removed:
                self.save()
                continue
            now = self._conditional_applicable(before)
            fresh = [
                (step, question)
                for step in self.fw.steps[:before]
                if self.session.step_state(step.id).status == "done"
                for question in step.questions
                if (step.id, question.id) in now - baseline
                and question.id not in self.session.answers.get(step.id, {})
            ]
            baseline = now
            if not fresh:
                return
            for step, question in fresh:
                if not applies(question, environment(self.fw, self.session)):
                    continue
                self.source.notify(f"Now applies (step {step.number}): {question.prompt}")
                self._store(
                    step, question, self._obtain(question, step, self._offer(step, question))
                )


# --- sessions, answers files, progress -------------------------------------------------------


def step_budget_seconds(fw: Framework, session: Session, step: Step) -> float:
    """A step's share of the session's minutes (the framework's own split, scaled)."""
    minutes = (session.session.minutes if session.session else None) or fw.minutes
    return step.minutes * minutes / fw.minutes * 60


def new_session(
    fw: Framework,
    *,
    title: str = "",
    mode: str = "scaffold",
    case: str | None = None,
    minutes: float | None = None,
    session_id: str | None = None,
) -> Session:
    """A fresh session for `fw`; every step pending."""
    meta = SessionMeta(
        id=session_id or new_session_id(title or "untitled"),
        framework=fw.id,
        framework_version=fw.version,
        title=title,
        mode=mode,  # type: ignore[arg-type]
        case=case,
        minutes=minutes,
    )
    session = Session(session=meta)
    for step in fw.steps:
        session.step_state(step.id)
    return session


def apply_answers(
    fw: Framework, session: Session, answers: Mapping[str, Mapping[str, Any]]
) -> None:
    """Pre-fill answers (the answers-file layer) where the session has none yet."""
    problems = answers_problems(fw, answers)
    if problems:
        raise UserError(
            "the answers file names questions this framework does not have:\n"
            + "\n".join(f"  {p}" for p in problems),
            hint=f"See the questions with: genai-design framework show {fw.id} --level 3",
        )
    for step_id, table in answers.items():
        for question_id, value in table.items():
            if question_id not in session.answers.get(step_id, {}):
                session.set_answer(step_id, question_id, value)


def progress(fw: Framework, session: Session) -> tuple[int, int]:
    """(steps done or skipped, steps in the framework)."""
    ids = {s.id for s in fw.steps}
    finished = sum(
        1 for sid, st in session.steps.items() if sid in ids and st.status in ("done", "skipped")
    )
    return finished, len(fw.steps)


# --- sources for tests and for files ---------------------------------------------------------


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
    Everything shown is recorded for assertions."""

    interactive = True

    def __init__(
        self,
        answers: Mapping[str, Any] | Sequence[Any] | None = None,
        actions: Sequence[Any] | Mapping[str, Sequence[Any]] | None = None,
        *,
        on_ask: Callable[[Ask], None] | None = None,
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

    def show_step(self, view: StepView) -> None:
        self.steps_shown.append(view)

    def show_hint(self, step: Step) -> None:
        self.hints.append(step.id)

    def ask(self, ask: Ask) -> Any:
        self.asked.append(ask.key)
        self.clocks.append(ask.clock)
        if self.on_ask:
            self.on_ask(ask)
        if self._list is not None:
            if not self._list:
                raise AssertionError(f"script has no answer left for {ask.key}")
            value = self._list.pop(0)
        else:
            assert self._dict is not None
            value = ask.default
            for key in (ask.key, ask.question.id, ask.question.var):
                if key and key in self._dict:
                    value = self._dict[key]
                    if isinstance(value, Attempts):
                        value = value.values.pop(0) if len(value.values) > 1 else value.values[0]
                    break
            else:
                if ask.question.required and value is None:
                    raise AssertionError(f"script has no answer for required {ask.key}")
        if value is INTERRUPT:
            raise KeyboardInterrupt
        return value

    def invalid(self, ask: Ask, message: str) -> None:
        self.errors.append((ask.key, message))

    def menu(self, view: MenuView) -> str:
        self.menus.append(view)
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
        choice = self._choices.pop(0)
        if choice not in [value for value, _ in options]:
            raise AssertionError(f"{choice!r} is not offered for {prompt!r}: {options}")
        return choice

    def show_results(self, results: dict[str, Any], changed: list[str]) -> None:
        step = self.steps_shown[-1].step.id if self.steps_shown else ""
        self.results.append((step, list(changed)))

    def notify(self, message: str) -> None:
        self.messages.append(message)


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


def iter_answers(fw: Framework, session: Session) -> Iterable[tuple[Step, Question, Any]]:
    """Every stored answer with its step and question, in framework order."""
    for step in fw.steps:
        answers = session.answers.get(step.id, {})
        for question in step.questions:
            if question.id in answers:
                yield step, question, answers[question.id]

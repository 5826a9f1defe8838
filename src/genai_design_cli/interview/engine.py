"""The interview engine: walks a framework's steps for any front end (terminal, file, test).

Front-end free: it never prints and imports no prompt library. It asks an *answer source*
(`interview.sources`) for each answer and for each between-steps choice (`interview.menus`),
validates what comes back, keeps the session up to date and hands it to a `save` callback after
every answer (the CLI saves atomically). The practice clock is `interview.clock`; what changes
when an answer changes is `interview.reconcile`.

Answers come in layers, as in copier: flags (the title), then an answers file (pre-filled into
the session), then prompts, then defaults. One loop asks only what is still missing, so the
same loop serves `new`, `resume` and `new --answers FILE --no-input`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from genai_design_cli.errors import UserError
from genai_design_cli.interview import menus
from genai_design_cli.interview.clock import ClockView, Now, StepClock, step_budget_seconds
from genai_design_cli.interview.menus import BACK, CONTINUE, DEEP_DIVE, HINT, QUIT, SKIP
from genai_design_cli.interview.reconcile import (
    answered_steps,
    applicable_questions,
    applies,
    conditional_applicable,
    environment,
    inapplicable_answers,
    unanswered,
)
from genai_design_cli.interview.saving import LATER, save_with_choices
from genai_design_cli.interview.sources import AnswerSource, Ask, StepView
from genai_design_cli.io.store import SaveFailed
from genai_design_cli.model.answers import InvalidAnswer, answers_problems, validate_answer
from genai_design_cli.model.framework import Framework, Question, Step, answer_variables
from genai_design_cli.model.session import PROVISIONAL, Session, SessionMeta, new_session_id

# What `Interview.run` returns.
FINISHED = "finished"
QUIT_SAVED = "quit"

TITLE_QUESTION = Question(
    id="title",
    kind="text",
    prompt="Title of this design (e.g. 'Support bot for an online store')",
    required=True,
)


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
        clock: Now = time.monotonic,
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
        self._unsaved = False  # a save failed and the person chose to go on
        self.clock = StepClock(fw, session, clock)
        self._defaults = dict(defaults or {})
        # answers removed when a change made their question stop applying: offered again as
        # the default if it applies once more (switching RAG off and on loses no typing)
        self._parked: dict[tuple[str, str], Any] = {}
        self.interactive = bool(getattr(source, "interactive", True))
        self.missing: list[tuple[str, Question]] = []
        self.problems: list[str] = []
        self._shown_results: dict[str, Any] = dict(session.results)
        preset = getattr(source, "answers", None)
        if preset:
            apply_answers(fw, session, preset)

    @property
    def meta(self) -> SessionMeta:
        assert self.session.session is not None
        return self.session.session

    @property
    def practice(self) -> bool:
        return self.meta.mode == "practice"

    def save(self, *, ask: bool = True) -> None:
        """Save after an answer. A failed save keeps everything in memory and asks the source
        what to do (`interview.saving.save_with_choices`); once the person chose to go on
        unsaved, later failures only say so, and each save tries again. `ask=False` (on the
        way out after Ctrl-C) tries once, quietly: the command then handles a failure."""
        self.clock.sync()
        if self._save_callback is None or not self.interactive:
            return
        if not ask or self._unsaved:
            try:
                self._save_callback(self.session)
                self._unsaved = False
            except SaveFailed as exc:
                if ask:
                    self.source.notify(f"Not saved yet ({exc.reason}); answers kept in memory.")
            return
        self._unsaved = save_with_choices(self._save_callback, self.session, self.source) == LATER

    def clock_view(self) -> ClockView | None:
        return self.clock.view()

    # -- the walk --
    def run(self) -> str:
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or the terminal went away
            self.save(ask=False)
            raise

    def _run(self) -> str:
        if not self.meta.title:
            title = self._obtain(TITLE_QUESTION, None, default=None)
            self.meta.title = title or "Untitled design"
            self.save()
        if self._walk_steps() == QUIT:
            self.save()
            return QUIT_SAVED
        self.clock.stop()
        if not self.interactive:
            if self.missing or self.problems:
                raise MissingAnswers(self.missing, self.problems)
            self._mark_finished()
            return FINISHED
        if self._final_menu() == QUIT:
            self.save()
            return QUIT_SAVED
        self._mark_finished()
        self.save()
        return FINISHED

    def _walk_steps(self) -> str | None:
        """Every step not yet done or skipped, in order; QUIT if the person stops."""
        stopped_in = self.meta.current_step  # where a resumed session stopped
        for index, step in enumerate(self.fw.steps):
            if self.session.step_state(step.id).status in ("done", "skipped"):
                continue
            self.meta.current_step = step.id
            self.clock.start(step)
            action = self._open_step(step, index, resumed=step.id == stopped_in)
            if action == QUIT:
                return QUIT
            if action == SKIP:
                self.session.step_state(step.id).status = "skipped"
                self.save()
                continue
            baseline = conditional_applicable(self.fw, self.session, index)
            self._ask_step(step)
            self.session.step_state(step.id).status = "done"
            # a later answer can make an earlier question apply (or stop applying)
            self._reconcile(index, baseline)
            self.save()
        return None

    def _open_step(self, step: Step, index: int, *, resumed: bool) -> str:
        """Show `step`; between steps, its menu. Returns CONTINUE, SKIP or QUIT."""
        if not self.interactive:
            return CONTINUE
        if resumed and self.session.answers.get(step.id):
            # resumed mid-step: straight back to the next unanswered question
            self.source.show_step(self._step_view(step, resumed=True))
            return CONTINUE
        self.save()
        return self._step_menu(step, index)

    def _final_menu(self) -> str:
        """After the last step: go back as often as wanted, then FINISH or QUIT."""
        before = len(self.fw.steps)
        while True:
            view = menus.final_menu(
                can_go_back=bool(answered_steps(self.fw, self.session, before)),
                clock=self.clock_view(),
            )
            action = self.source.menu(view)
            if action != BACK:
                return action
            self._go_back(before)

    def _mark_finished(self) -> None:
        self.meta.finished = True
        self.meta.current_step = None

    def _step_view(self, step: Step, resumed: bool = False) -> StepView:
        state = self.session.step_state(step.id)
        return StepView(
            step=step,
            total_steps=len(self.fw.steps),
            minutes=step_budget_seconds(self.fw, self.session, step) / 60,
            mode=self.meta.mode,
            show_points=not self.practice or state.hints > 0,
            deep_dive=state.deep_dive,
            clock=self.clock_view(),
            resumed=resumed,
        )

    def _step_menu(self, step: Step, index: int) -> str:
        """The menu before `step` until the person continues, skips or quits."""
        self.source.show_step(self._step_view(step))
        while True:
            view = menus.step_menu(
                step,
                practice=self.practice,
                deep_dive=self.session.step_state(step.id).deep_dive,
                can_go_back=bool(answered_steps(self.fw, self.session, index)),
                clock=self.clock_view(),
            )
            action = self.source.menu(view)
            if action in (CONTINUE, SKIP, QUIT):
                return action
            self._between_steps(step, index, action)

    def _between_steps(self, step: Step, index: int, action: str) -> None:
        """A menu action that stays before `step`: a hint, a deep dive, or going back."""
        state = self.session.step_state(step.id)
        if action == HINT and self.practice:
            state.hints += 1
            self.save()
            self.source.show_hint(step)
        elif action == DEEP_DIVE:
            state.deep_dive = not state.deep_dive
            self.save()
            key = "deep-dive-on" if state.deep_dive else "deep-dive-off"
            self.source.notify(menus.notice(key, number=step.number))
        elif action == BACK:
            self._go_back(index)
            self.source.show_step(self._step_view(step))
        else:
            self.source.notify(menus.notice("unknown-choice", action=action))

    # -- asking --
    def _ask_step(self, step: Step) -> None:
        """Ask every applicable question of `step` that has no answer yet, in order."""
        for question in step.questions:
            answers = self.session.answers.get(step.id, {})
            if not applies(question, environment(self.fw, self.session)):
                if question.id in answers:
                    self.session.clear_answer(step.id, question.id)
                    self.save()
                continue
            if question.id in answers and self._keep_given(step, question, answers[question.id]):
                continue
            offer = self._offer(step, question)
            value = self._obtain(question, step, offer)
            if value is None:  # an earlier answer the framework no longer accepts, not replaced
                self.session.clear_answer(step.id, question.id)
            self._store(step, question, value, defaulted=not self.interactive)

    def _keep_given(self, step: Step, question: Question, given: Any) -> bool:
        """An answer already in the session (answers file, resume): kept, normalised (True).
        Not valid (the framework changed under a saved session, say): without input it is
        recorded as a problem (True); otherwise the person is told and asked again, and the old
        answer stays in the session until a new one replaces it (False): a kill or Ctrl-C at
        that prompt loses nothing."""
        try:
            value = validate_answer(question, given)
        except InvalidAnswer as exc:
            problem = f"answers.{step.id}.{question.id}: {exc}"
            if not self.interactive:
                self.problems.append(problem)
                return True
            self.source.notify(f"{problem}. It stays saved until you answer again.")
            return False
        if value is not None and value != given:
            self._store(step, question, value)  # normalised, e.g. "10M" -> 1e7
        return True

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

    def _store(self, step: Step, question: Question, value: Any, defaulted: bool = False) -> None:
        """Keep `value`; `defaulted` when no one chose it (filled without input), so that the
        design doc lists it as assumed rather than decided."""
        if value is None:
            if not (self.interactive and question.kind in ("text", "multiline")):
                return
            # a text left blank is kept as "" (read as unset everywhere) so that `resume`
            # does not ask it again
            value = ""
        self.session.set_answer(step.id, question.id, value)
        state = self.session.step_state(step.id)
        if defaulted != (question.id in state.defaulted):
            others = [q for q in state.defaulted if q != question.id]
            state.defaulted = [*others, question.id] if defaulted else others
        self.save()

    def _obtain(self, question: Question, step: Step | None, default: Any) -> Any:
        """An answer from the source (re-asked until valid), or the default without input."""
        if not self.interactive:
            return self._default_without_input(question, step, default)
        ask = Ask(question, step, default, self.clock_view())
        while True:
            raw = self.source.ask(ask)
            try:
                return validate_answer(question, raw)
            except InvalidAnswer as exc:
                self.source.invalid(ask, str(exc))
                ask = Ask(question, step, default, self.clock_view(), str(exc), ask.attempt + 1)

    def _default_without_input(self, question: Question, step: Step | None, default: Any) -> Any:
        """No-input mode: the default when valid; a required question without one is missing."""
        if default is not None:
            try:
                return validate_answer(question, default)
            except InvalidAnswer:
                pass
        if question.required and step is not None:
            self.missing.append((f"{step.id}.{question.id}", question))
        return None

    # -- results --
    def _refresh_results(self) -> None:
        # imported here, not at the top: `sessions list` imports this module for `progress`
        from genai_design_cli.calc import engine as calculators

        variables = answer_variables(self.fw, self.session.answers)
        try:
            results = calculators.run(variables)
        except UserError as exc:
            message = exc.format_message()
            self.source.notify(menus.notice("calculators-failed", message=message))
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
        """Change an answer in a step before index `before` (or answer a skipped one), then
        reconcile what depends on it."""
        steps = answered_steps(self.fw, self.session, before)
        skipped = {s.id for s in steps if self.session.step_state(s.id).status == "skipped"}
        step_id = self.source.choose(menus.TITLES["which-step"], menus.step_choices(steps, skipped))
        if not step_id:
            return
        step = self.fw.step(step_id)
        baseline = conditional_applicable(self.fw, self.session, before)
        if step.id in skipped:
            self._unskip(step)
        elif not self._change_answer(step):
            return
        self._reconcile(before, baseline)

    def _unskip(self, step: Step) -> None:
        """A skipped step chosen from "go back": answer it now."""
        self.session.step_state(step.id).status = "pending"
        self._ask_step(step)
        self.session.step_state(step.id).status = "done"
        self.save()

    def _change_answer(self, step: Step) -> bool:
        """Ask again the answer the person picks in `step`; False if they cancel."""
        answers = self.session.answers.get(step.id, {})
        questions = applicable_questions(self.fw, self.session, step)
        question_id = self.source.choose(
            menus.TITLES["which-answer"], menus.answer_choices(questions, answers)
        )
        if not question_id:
            return False
        question = next(q for q in questions if q.id == question_id)
        value = self._obtain(question, step, answers.get(question.id, self._default(question)))
        if value is None:
            self.session.clear_answer(step.id, question.id)
            self.save()
        else:
            self._store(step, question, value)
        return True

    def _reconcile(self, before: int, baseline: set[tuple[str, str]]) -> None:
        """After a change: drop answers to questions that no longer apply, and ask the ones
        that now apply and did not before, in every step already answered, until stable."""
        while True:
            self._refresh_results()
            dropped = inapplicable_answers(self.fw, self.session, before)
            if dropped:
                for step, question in dropped:
                    self._park(step, question)
                self.save()
                continue
            now = conditional_applicable(self.fw, self.session, before)
            fresh = unanswered(self.fw, self.session, before, now - baseline)
            baseline = now
            if not fresh:
                return
            for step, question in fresh:
                if applies(question, environment(self.fw, self.session)):
                    self.source.notify(
                        menus.notice("now-applies", number=step.number, prompt=question.prompt)
                    )
                    offer = self._offer(step, question)
                    value = self._obtain(question, step, offer)
                    self._store(step, question, value, defaulted=not self.interactive)

    def _park(self, step: Step, question: Question) -> None:
        """Remove an answer whose question stopped applying; keep it to offer again."""
        self._parked[(step.id, question.id)] = self.session.answers[step.id][question.id]
        self.session.clear_answer(step.id, question.id)
        self.source.notify(
            menus.notice("answer-removed", prompt=question.prompt, number=step.number)
        )


# --- sessions, answers files, progress -------------------------------------------------------


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
        id=session_id or new_session_id(title or PROVISIONAL),
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


def apply_answers_file(fw: Framework, session: Session, loaded: Session) -> None:
    """The whole answers-file layer (a hand-written file or a saved session): its title when
    the session has none, its deep dives and skipped steps, and its answers."""
    meta = session.session
    assert meta is not None
    if loaded.session and loaded.session.title and not meta.title:
        meta.title = loaded.session.title
    for step_id, state in loaded.steps.items():
        if step_id in session.steps:
            mine = session.step_state(step_id)
            mine.deep_dive = state.deep_dive
            if state.status == "skipped":
                mine.status = "skipped"
    apply_answers(fw, session, loaded.answers)


def progress(fw: Framework, session: Session) -> tuple[int, int]:
    """(steps done or skipped, steps in the framework)."""
    ids = {s.id for s in fw.steps}
    finished = sum(
        1 for sid, st in session.steps.items() if sid in ids and st.status in ("done", "skipped")
    )
    return finished, len(fw.steps)

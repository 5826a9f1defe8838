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
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from genai_design_cli.errors import UserError
from genai_design_cli.interview import menus
from genai_design_cli.interview.clock import ClockView, Now, StepClock, step_budget_seconds
from genai_design_cli.interview.estimates import ESTIMATE_QUESTIONS, key_numbers
from genai_design_cli.interview.estimates import describe as describe_estimate
from genai_design_cli.interview.estimates import record as estimate_record
from genai_design_cli.interview.findings import (
    MODEL_VARS,
    Advisor,
    Finding,
    FrameworkAdvisor,
    check_inputs,
    check_variables,
    contradictions,
    owners,
    region_note,
    sets_of,
)
from genai_design_cli.interview.menus import (
    ASK,
    BACK,
    CONTINUE,
    DEEP_DIVE,
    FIX,
    FULL,
    GO_ON,
    HINT,
    KEEP,
    POINTS,
    QUIT,
    SKIP,
    WRAP_UP,
    MenuView,
)
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
from genai_design_cli.interview.sources import (
    AnswerSource,
    Ask,
    HintView,
    NumbersView,
    RecapView,
    StepView,
)
from genai_design_cli.interview.title import TITLE_PROMPT
from genai_design_cli.io.store import SaveFailed
from genai_design_cli.model.answers import (
    InvalidAnswer,
    answers_problems,
    format_answer,
    upgrade_answers,
    validate_answer,
)
from genai_design_cli.model.framework import Framework, Question, Step, answer_variables
from genai_design_cli.model.session import (
    PROVISIONAL,
    Session,
    SessionMeta,
    new_session_id,
    slugify,
)

if TYPE_CHECKING:
    from genai_design_cli.calc.catalog import Catalog
    from genai_design_cli.model.case import Case

# What `Interview.run` returns.
FINISHED = "finished"
QUIT_SAVED = "quit"

TITLE_QUESTION = Question(id="title", kind="text", prompt=TITLE_PROMPT, required=True)


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


class _WrapUp(Exception):
    """Time is up and the candidate chose to wrap up: straight to the debrief."""


KEEP_QUESTION = Question(id="keep-why", kind="text", prompt=menus.KEEP_WHY, required=True)


class Interview:
    """Walk `fw` for `session`, asking `source`; `save(session)` after every answer.

    `clock` returns seconds (time.monotonic by default; tests pass a fake). `run()` returns
    FINISHED or QUIT_SAVED; KeyboardInterrupt propagates after the session is saved;
    MissingAnswers is raised in no-input mode when required answers are missing.

    `advisor` judges the design as it stands (findings, coverage; `FrameworkAdvisor` by
    default); `case` is the practice case (its [[ask]] questions); `catalog` marks retired and
    API-only models in pickers; `opened_from` ("resume" or "answers") opens with a recap.
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
        case: Case | None = None,
        advisor: Advisor | None = None,
        catalog: Catalog | None = None,
        today: str | None = None,
        opened_from: str | None = None,
    ) -> None:
        """`defaults` ({var: value}) replace the framework's defaults for the questions that
        set those variables."""
        if session.session is None:
            raise ValueError("the session needs its [session] table (id, title)")
        self.fw = fw
        self.session = session
        self.source = source
        self._save_callback = save
        self._unsaved = False  # a save failed and the person chose to go on
        self._pending = False  # an answer not saved yet: saved once the next prompt shows
        self.clock = StepClock(fw, session, clock)
        self._defaults = dict(defaults or {})
        self.case = case
        self.advisor: Advisor = advisor or FrameworkAdvisor(fw)
        self._catalog = catalog
        self._today = today or date.today().isoformat()
        self.opened_from = opened_from
        # answers removed when a change made their question stop applying: offered again as
        # the default if it applies once more (switching RAG off and on loses no typing)
        self._parked: dict[tuple[str, str], Any] = {}
        self.interactive = bool(getattr(source, "interactive", True))
        self.missing: list[tuple[str, Question]] = []
        self.problems: list[str] = []
        self.findings: list[Finding] = []  # the last judgement of the design
        self._shown_results: dict[str, Any] = dict(session.results)
        self._check_vars = check_variables(fw)
        # check id -> the answer variables it reads (directly or through a computed figure)
        self._check_inputs = {check.id: set(check_inputs(check)) for check in fw.checks}
        self._index = 0  # the step being walked
        preset = getattr(source, "answers", None)
        if preset:
            apply_answers(fw, session, preset)
        upgraded = upgrade_answers(fw, session.answers)
        if upgraded != session.answers:  # an old session's answers, read as today's questions
            session.answers = upgraded
        # findings the person already kept the design against are not raised again
        self._announced: set[str] = {
            check_id for state in session.steps.values() for check_id in state.kept
        }

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
        self._pending = False
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

    # An answer is saved as soon as the next prompt is on screen (`Ask.on_shown`), so the
    # fsync of the session file costs the person no wait between questions; whatever asks
    # next without that hook (a menu, a choice) saves first, and so does the way out.
    def _save_soon(self) -> None:
        if self._save_callback is None or not self.interactive:
            self.clock.sync()
            return
        self._pending = True

    def _save_now_quietly(self) -> None:
        """The pending save, from inside a prompt (nothing can be asked there): a failure
        leaves it pending, and the save after the prompt asks what to do."""
        if not self._pending or self._save_callback is None:
            return
        self.clock.sync()
        try:
            self._save_callback(self.session)
        except Exception:  # noqa: BLE001 - handled by the save after the prompt
            return
        self._pending = False
        self._unsaved = False

    def _flush(self) -> None:
        if self._pending:
            self.save()

    def _menu(self, view: MenuView) -> str:
        self._flush()
        return self.source.menu(view)

    def _choose(self, prompt: str, options: Any) -> str | None:
        self._flush()
        return self.source.choose(prompt, options)

    @property
    def catalog(self) -> Catalog | None:
        """The model catalog (retired and API-only models in pickers); None when it cannot be
        read (a broken user catalog is reported by the calculators' own run)."""
        if self._catalog is None:
            from genai_design_cli.calc.catalog import Catalog, CatalogError

            try:
                self._catalog = Catalog.default()
            except (CatalogError, OSError):
                return None
        return self._catalog

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
        if self.interactive and self.opened_from and self.session.answers:
            self.source.show_recap(self.recap())
        try:
            if self._walk_steps() == QUIT:
                self.save()
                return QUIT_SAVED
        except _WrapUp:
            self.clock.stop()
            self._mark_finished()
            self.save()
            return FINISHED
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
        """Every step not yet done or skipped, in order; QUIT if the person stops. A step an
        answers file already answered is completed without its panel or menu."""
        stopped_in = self.meta.current_step  # where a resumed session stopped
        for index, step in enumerate(self.fw.steps):
            if self.session.step_state(step.id).status in ("done", "skipped"):
                continue
            self._index = index
            self.meta.current_step = step.id
            self.clock.start(step)
            resumed = step.id == stopped_in
            if self.interactive and not resumed and self.session.answers.get(step.id):
                self._complete_prefilled(step, index)
                continue
            self._show_numbers()  # numbers from the answers file, before the first step asked
            action = self._open_step(step, index, resumed=resumed)
            if action == QUIT:
                return QUIT
            if action == SKIP:
                self.session.step_state(step.id).status = "skipped"
                self.save()
                self._judge()
                continue
            baseline = conditional_applicable(self.fw, self.session, index)
            self._ask_step(step)
            if self.practice and self.interactive:
                self._follow_up(step)
            self.session.step_state(step.id).status = "done"
            # a later answer can make an earlier question apply (or stop applying)
            self._reconcile(index, baseline)
            self.save()
            self._judge()
            self._show_numbers()
        return None

    def _complete_prefilled(self, step: Step, index: int) -> None:
        """A step the answers file answered: its missing answers take their defaults (a
        required one without a default is asked), no panel, no menu."""
        baseline = conditional_applicable(self.fw, self.session, index)
        for question in step.questions:
            answers = self.session.answers.get(step.id, {})
            if not applies(question, environment(self.fw, self.session)):
                if question.id in answers:
                    self.session.clear_answer(step.id, question.id)
                continue
            if question.id in answers and self._keep_given(step, question, answers[question.id]):
                continue
            offer = self._usable_default(step, question, self._offer(step, question))
            if offer is not None:
                self._store(step, question, offer, defaulted=True)
            elif question.required:
                self._store(step, question, self._obtain(question, step, None))
        self.session.step_state(step.id).status = "done"
        self._reconcile(index, baseline)
        self.save()
        self._judge()

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
        self._show_numbers()  # numbers an answers file's steps gave, not shown yet
        while True:
            view = menus.final_menu(
                can_go_back=bool(answered_steps(self.fw, self.session, before)),
                clock=self.clock_view(),
            )
            action = self._menu(view)
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
            show_subtopics=not self.practice,
            deep_dive=state.deep_dive,
            clock=self.clock_view(),
            resumed=resumed,
        )

    def _step_menu(self, step: Step, index: int) -> str:
        """The menu before `step` until the person continues, skips or quits."""
        self.source.show_step(self._step_view(step))
        while True:
            self._time_up()
            view = menus.step_menu(
                step,
                practice=self.practice,
                deep_dive=self.session.step_state(step.id).deep_dive,
                can_go_back=bool(answered_steps(self.fw, self.session, index)),
                clock=self.clock_view(),
                asks_left=len(self._asks_left()),
            )
            action = self._menu(view)
            if action in (CONTINUE, SKIP, QUIT):
                return action
            if action == WRAP_UP and self.practice:
                raise _WrapUp  # early: the steps left count as not reached
            self._between_steps(step, index, action)

    def _between_steps(self, step: Step, index: int, action: str) -> None:
        """A menu action that stays before `step`: a hint, the interviewer, the talking
        points, a deep dive, or going back."""
        state = self.session.step_state(step.id)
        if action == HINT and self.practice:
            self._hint(step)
        elif action == ASK and self.practice:
            self._ask_interviewer()
        elif action == POINTS:
            self.source.show_points(step)
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

    # -- recap ---------------------------------------------------------------------------
    def recap(self) -> RecapView:
        """Title, steps walked, the last answer, time spent and the next step."""
        done = tuple(
            (s.number, s.title, self._recap_status(s))
            for s in self.fw.steps
            if self.session.step_state(s.id).status in ("done", "skipped")
            or (s.id != self.meta.current_step and self._answered_in_full(s))
        )
        last = None
        for step, question in self.fw.questions():
            value = self.session.answers.get(step.id, {}).get(question.id)
            if value in (None, "", []):
                continue
            label = getattr(question, "doc_label", "") or question.prompt
            shown = (step.title, label, format_answer(question, value))
            if self.meta.last_answer == f"{step.id}.{question.id}":
                last = shown  # the answer given last, wherever it is
                break
            last = shown  # else (an older session): the last one in the framework's order
        walked = {number for number, _, _ in done}
        upcoming = next(
            ((s.number, s.title) for s in self.fw.steps if s.number not in walked), None
        )
        return RecapView(
            title=self.meta.title,
            mode=self.meta.mode,
            done=done,
            total_steps=len(self.fw.steps),
            last=last,
            seconds=sum(state.seconds for state in self.session.steps.values()),
            next_step=upcoming,
            origin=self.opened_from or "resume",
            open_errors=self._open_errors(),
        )

    def _open_errors(self) -> tuple[str, ...]:
        """Error-level findings on the design as it stands that no reason was kept for (none
        in practice: the debrief finds them)."""
        if self.practice:
            return ()
        kept = {check for state in self.session.steps.values() for check in state.kept}
        try:
            found = self.advisor.findings(self.session)
        except Exception:  # noqa: BLE001 - the recap must open whatever the advisor does
            return ()
        return tuple(f.message for f in found if f.severity == "error" and f.id not in kept)

    def _answered_in_full(self, step: Step) -> bool:
        """Answers given (a file) and none of the step's required questions left open."""
        table = self.session.answers.get(step.id)
        if not table:
            return False
        return all(
            question.id in table
            for question in applicable_questions(self.fw, self.session, step)
            if question.required
        )

    def _recap_status(self, step: Step) -> str:
        status = self.session.step_state(step.id).status
        return status if status in ("done", "skipped") else "answered"

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
            self._store(step, question, value, defaulted=not self.interactive)
            self._after_answer(question)

    def _keep_given(self, step: Step, question: Question, given: Any) -> bool:
        """An answer already in the session (answers file, resume): kept, normalised (True).
        Not valid: without input it is recorded as a problem (True); otherwise the person is
        told and it is cleared to be asked again (False)."""
        try:
            value = validate_answer(question, given)
        except InvalidAnswer as exc:
            problem = f"answers.{step.id}.{question.id}: {exc}"
            if not self.interactive:
                self.problems.append(problem)
                return True
            self.source.notify(problem)
            self.session.clear_answer(step.id, question.id)
            return False
        if value is not None and value != given:
            self._store(step, question, value, given=False)  # normalised, e.g. "10M" -> 1e7
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

    def _store(
        self,
        step: Step,
        question: Question,
        value: Any,
        defaulted: bool = False,
        *,
        given: bool = True,
    ) -> None:
        """Keep `value`; `defaulted` when no one chose it (filled without input), so that the
        design doc lists it as assumed rather than decided. An answer someone gave (`given`,
        not `defaulted`) is recorded as the last answer (`[session] last_answer`)."""
        if value is None:
            if not (self.interactive and question.kind in ("text", "multiline")):
                return
            # a text left blank is kept as "" (read as unset everywhere) so that `resume`
            # does not ask it again
            value = ""
        self.session.set_answer(step.id, question.id, value)
        if given and not defaulted:
            self.meta.last_answer = f"{step.id}.{question.id}"
        state = self.session.step_state(step.id)
        if defaulted != (question.id in state.defaulted):
            others = [q for q in state.defaulted if q != question.id]
            state.defaulted = [*others, question.id] if defaulted else others
        self._save_soon()

    def _choices(self, question: Question) -> tuple[dict[str, str], frozenset[str]]:
        """Choices of `question` that contradict an earlier answer (-> why), and those not
        offered at all (models their provider retired)."""
        if not question.choices:
            return {}, frozenset()
        # choices kept for old answers only, and models their provider retired
        hidden = frozenset(c.value for c in question.choices if not c.offered)
        api_only: list[str] = []
        catalog = self.catalog if question.var in MODEL_VARS else None
        if catalog is not None:
            known = set(catalog.model_ids())
            ids = [c.value for c in question.choices if c.value in known]
            hidden |= frozenset(m for m in ids if catalog.is_retired(m, self._today))
            api_only = [m for m in ids if catalog.architecture(m) is None]
        env = environment(self.fw, self.session)
        marks = contradictions(self.fw, self.session, question, env, api_only=api_only)
        return marks, hidden

    def _usable_default(self, step: Step | None, question: Question, default: Any) -> Any:
        """`default`, unless it is a choice that contradicts an earlier answer or is no longer
        offered: no default steers into a contradiction."""
        if default is None or step is None or not question.choices:
            return default
        marks, hidden = self._choices(question)
        picked = default if isinstance(default, list) else [default]
        if any(value in marks or value in hidden for value in picked):
            return None
        return default

    def _obtain(
        self,
        question: Question,
        step: Step | None,
        default: Any,
        *,
        from_interviewer: bool = False,
    ) -> Any:
        """An answer from the source (re-asked until valid), or the default without input."""
        if not self.interactive:
            usable = self._usable_default(step, question, default)
            return self._default_without_input(question, step, usable)
        marks: dict[str, str] = {}
        hidden: frozenset[str] = frozenset()
        if step is not None and question.choices:
            marks, hidden = self._choices(question)
            if not self.practice and question.var in MODEL_VARS:
                note = region_note(environment(self.fw, self.session))
                if note:
                    self.source.notify(note)
        picked = default if isinstance(default, list) else [default]
        if any(value in marks or value in hidden for value in picked if value is not None):
            default = None
        ask = self._ask_for(question, step, default, marks, hidden, from_interviewer)
        while True:
            self._time_up()
            if self._pending:
                ask = replace(ask, on_shown=self._save_now_quietly)
            raw = self.source.ask(ask)
            self._flush()  # not saved while the prompt was up (a front end without the hook)
            if isinstance(raw, str) and raw == menus.ASIDE and ask.asides and step is not None:
                self._aside(step)
                ask = self._ask_for(question, step, default, marks, hidden, from_interviewer)
                continue
            try:
                return validate_answer(question, raw)
            except InvalidAnswer as exc:
                self.source.invalid(ask, str(exc))
                ask = replace(ask, clock=self.clock_view(), error=str(exc), attempt=ask.attempt + 1)

    def _ask_for(
        self,
        question: Question,
        step: Step | None,
        default: Any,
        marks: dict[str, str],
        hidden: frozenset[str],
        from_interviewer: bool,
    ) -> Ask:
        hints = self.session.step_state(step.id).hints if step is not None else 0
        return Ask(
            question,
            step,
            default,
            self.clock_view(),
            show_help=not self.practice or hints > 0,
            # practice shows no rubric: contradictions are the debrief's to find
            marks=None if self.practice else marks,
            hidden=hidden,
            asides=self.practice and step is not None,
            from_interviewer=from_interviewer,
        )

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

    # -- practice: the interviewer, hints, follow-ups, the clock ----------------------------
    def _asks_left(self) -> list[tuple[str, Any]]:
        """The case's [[ask]] questions not asked yet, as (id, ask)."""
        if self.case is None or not self.practice:
            return []
        asked = set(self.meta.asked)
        return [(ask_id(a), a) for a in self.case.ask if ask_id(a) not in asked]

    def _ask_interviewer(self) -> None:
        """The candidate asks one of the case's questions: its answer is revealed and the
        question recorded (`[session] asked`), for the coach to score in Requirements."""
        left = self._asks_left()
        if not left:
            self.source.notify(menus.notice("nothing-to-ask"))
            return
        picked = self._choose(menus.TITLES["ask"], [(i, a.question) for i, a in left])
        if not picked:
            return
        ask = dict(left)[picked]
        self.meta.asked = [*self.meta.asked, picked]
        self.save()
        self.source.show_fact(ask.question, ask.answer)

    def _aside(self, step: Step) -> None:
        """ "?" at a question in practice: ask the interviewer or take a hint, then back."""
        action = self._menu(menus.aside_menu(len(self._asks_left()), self.clock_view()))
        if action == ASK:
            self._ask_interviewer()
        elif action == HINT:
            self._hint(step)

    def _hint(self, step: Step) -> None:
        """A graded hint: the nudge of the first sub-topic not covered yet, then, asked
        again, its talking point; then the next sub-topic. Recorded per sub-topic."""
        state = self.session.step_state(step.id)
        covered = self.advisor.covered(step, self.session)
        levels = dict(state.hint_levels)
        target = next(
            (s for s in step.subtopics if levels.get(s.id) == 1 and s.id not in covered), None
        ) or next((s for s in step.subtopics if s.id not in covered and s.id not in levels), None)
        if target is None:
            self.source.notify(menus.notice("no-hint", number=step.number))
            return
        level = levels.get(target.id, 0) + 1
        nudge = target.nudge or f"What about {target.title.lower()}?"
        text = nudge if level == 1 else target.point
        levels[target.id] = level
        state.hint_levels = levels
        state.hints += 1
        self.save()
        self.source.show_hint(HintView(step, target, level, text))

    def _follow_up(self, step: Step) -> None:
        """The interviewer's follow-up on `step`: the first of its `followups` whose `when`
        holds over the design, asked once, answered like the step's own questions."""
        table = self.session.answers.get(step.id, {})
        if any(f.id in table for f in step.followups):
            return
        env = environment(self.fw, self.session)
        chosen = next((f for f in step.followups if f.when is None or applies(f, env)), None)
        if chosen is None:
            return
        question = Question(
            id=chosen.id, kind="multiline", prompt=chosen.prompt, covers=chosen.covers
        )
        self._store(step, question, self._obtain(question, step, None, from_interviewer=True))

    def _time_up(self) -> None:
        """The first prompt after the practice clock runs out: wrap up, or go on with the
        overtime recorded (`[session] time_up`)."""
        if not self.practice or self.meta.time_up is not None or not self.interactive:
            return
        view = self.clock.view()
        if view is None or not view.overtime:
            return
        action = self._menu(menus.choice_menu("time-up", [WRAP_UP, GO_ON], view))
        self.meta.time_up = "wrap-up" if action == WRAP_UP else "go-on"
        self.save()
        if action == WRAP_UP:
            raise _WrapUp

    # -- findings ---------------------------------------------------------------------------
    def _after_answer(self, question: Question) -> None:
        """A check fires as soon as its inputs exist: judge after an answer a check reads."""
        if sets_of(question) & self._check_vars:
            self._judge()

    def _judge(self) -> None:
        """Judge the design; raise each new finding once, with a choice for errors and
        warnings: go back and fix it, or keep the design and record why. Without input (and in
        practice, where the debrief finds them) they are only collected."""
        if not self.interactive or self.practice:
            return  # judged once at the end (the summary, the debrief), not as they go
        self.findings = self.advisor.findings(self.session)
        for finding in self.findings:
            if finding.id in self._announced:
                continue
            self._announced.add(finding.id)
            self.source.show_finding(finding)
            if finding.blocking:
                self._resolve(finding)

    def _resolve(self, finding: Finding) -> None:
        while True:
            targets = self._fix_targets(finding)
            actions = [FIX, KEEP] if targets else [KEEP]
            action = self._menu(menus.choice_menu("finding", actions, self.clock_view()))
            if action == FIX and targets and self._fix(targets):
                self._announced.add(finding.id)  # being resolved here, not raised again
                self._show_numbers()  # the numbers the change moved
                self.findings = self.advisor.findings(self.session)
                still = next((f for f in self.findings if f.id == finding.id), None)
                if still is None:
                    self._judge()  # the change may raise others
                    return
                self.source.show_finding(still)
                finding = still
                continue
            if action == KEEP:
                reason = self._obtain(KEEP_QUESTION, None, None)
                state = self.session.step_state(finding.step)
                state.kept = {**state.kept, finding.id: reason}
                self.save()
                self.source.notify(menus.notice("kept", reason=reason))
                return

    def _fix_targets(self, finding: Finding) -> list[tuple[Step, Question]]:
        """The answers a finding reads, in steps walked so far (or the one being walked), and
        any given already (an answers file answers later steps before they are walked)."""
        owned = owners(self.fw)
        env = environment(self.fw, self.session)
        reachable = {s.id for s in self.fw.steps[: self._index + 1]}
        seen: list[tuple[Step, Question]] = []
        for name in finding.reads:
            for step, question in owned.get(name, []):
                given = question.id in self.session.answers.get(step.id, {})
                usable = (step.id in reachable or given) and applies(question, env)
                if usable and (step, question) not in seen:
                    seen.append((step, question))
        return seen

    def _fix(self, targets: list[tuple[Step, Question]]) -> bool:
        """Change one of `targets` (the person picks); False if they cancel."""
        options = [
            (
                f"{step.id}.{question.id}",
                f"Step {step.number} · "
                + menus.answer_choices([question], self.session.answers.get(step.id, {}))[0][1],
            )
            for step, question in targets
        ]
        picked = self._choose(menus.TITLES["which-answer"], options)
        if not picked:
            return False
        step, question = next(t for t in targets if f"{t[0].id}.{t[1].id}" == picked)
        before = self._index + 1
        baseline = conditional_applicable(self.fw, self.session, before)
        self._ask_again(step, question)
        self._reconcile(before, baseline)
        return True

    def _ask_again(self, step: Step, question: Question) -> None:
        """Ask an answered question again (going back); when the answer changes, the checks
        that read it are judged afresh (`_inputs_changed`)."""
        answers = self.session.answers.get(step.id, {})
        had = question.id in answers
        previous = answers.get(question.id)
        value = self._obtain(question, step, previous if had else self._default(question))
        if value is None:
            self.session.clear_answer(step.id, question.id)
            self.save()
        else:
            self._store(step, question, value)
        now = self.session.answers.get(step.id, {})
        if (question.id in now) != had or now.get(question.id) != previous:
            self._inputs_changed(sets_of(question))

    def _inputs_changed(self, names: set[str]) -> None:
        """Answers setting `names` changed: every check reading one of them is judged again
        (raised anew if it still fires), and a reason kept for it is dropped: it justified a
        different design."""
        for check_id, inputs in self._check_inputs.items():
            if not names & inputs:
                continue
            self._announced.discard(check_id)
            for state in self.session.steps.values():
                if check_id in state.kept:
                    state.kept = {k: v for k, v in state.kept.items() if k != check_id}

    # -- results --
    def _refresh_results(self) -> None:
        # imported here, not at the top: `sessions list` imports this module for `progress`
        from genai_design_cli.calc import engine as calculators
        from genai_design_cli.calc.catalog import CatalogError

        variables = answer_variables(self.fw, self.session.answers)
        try:
            results = calculators.run(variables, self.catalog)
        except (UserError, CatalogError) as exc:
            message = exc.format_message() if isinstance(exc, UserError) else str(exc)
            self.source.notify(menus.notice("calculators-failed", message=message))
            return
        self.session.results = results

    def _show_numbers(self) -> None:
        """After a step that changed the numbers: in practice the candidate's estimates first,
        then a short digest, and a wait (full tables on request)."""
        results = self.session.results
        changed = [n for n, v in results.items() if self._shown_results.get(n) != v]
        notes = self._estimates() if self.practice and self.interactive else []
        self._shown_results = dict(results)
        if not self.interactive or not (changed or notes):
            return
        variables = answer_variables(self.fw, self.session.answers)
        self.source.show_results(NumbersView(dict(results), changed, variables, tuple(notes)))
        while True:
            action = self._menu(menus.choice_menu("numbers", ["next", FULL]))
            if action != FULL:
                return
            self.source.show_full_results(dict(results))

    def _estimates(self) -> list[str]:
        """Practice: the candidate's own estimate of each key number that has just become
        known, before the calculator's figure; each stored with its gap."""
        variables = answer_variables(self.fw, self.session.answers)
        step = self.fw.steps[self._index]
        notes = []
        for name, number in key_numbers(self.session.results, variables).items():
            if name in self.session.estimates:
                continue
            said = self._obtain(ESTIMATE_QUESTIONS[name], step, None)
            data = estimate_record(number, said, step.id)
            self.session.estimates = {**self.session.estimates, name: data}
            self.save()
            notes.append(describe_estimate(name, data))
        return notes

    # -- going back --
    def _go_back(self, before: int) -> None:
        """Change an answer in a step before index `before` (or answer a skipped one), then
        reconcile what depends on it."""
        steps = answered_steps(self.fw, self.session, before)
        skipped = {s.id for s in steps if self.session.step_state(s.id).status == "skipped"}
        step_id = self._choose(menus.TITLES["which-step"], menus.step_choices(steps, skipped))
        if not step_id:
            return
        step = self.fw.step(step_id)
        baseline = conditional_applicable(self.fw, self.session, before)
        if step.id in skipped:
            self._unskip(step)
        elif not self._change_answer(step):
            return
        self._reconcile(before, baseline)
        self._judge()
        self._show_numbers()

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
        question_id = self._choose(
            menus.TITLES["which-answer"], menus.answer_choices(questions, answers)
        )
        if not question_id:
            return False
        question = next(q for q in questions if q.id == question_id)
        self._ask_again(step, question)
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
        self._inputs_changed(sets_of(question))
        self.source.notify(
            menus.notice("answer-removed", prompt=question.prompt, number=step.number)
        )


def ask_id(ask: Any) -> str:
    """A case's [[ask]] entry's id: its own `id` when the case gives one, else a slug of the
    question (what `[session] asked` records)."""
    return getattr(ask, "id", None) or slugify(ask.question, limit=60)


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

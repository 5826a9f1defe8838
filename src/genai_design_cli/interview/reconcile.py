"""Which questions apply, and reconciling dependent answers after a change: the answers that
stop applying and the questions that start to, as functions over framework + session.

A question's `when` reads other answers (and calculator results), so changing one answer, by
going back or by a later step, can make an earlier question apply or stop applying. The engine
asks and notifies; these functions say what to drop and what to ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from genai_design_cli.model import conditions
from genai_design_cli.model.framework import (
    Framework,
    Question,
    Step,
    answer_variables,
    flatten_results,
)
from genai_design_cli.model.session import Session

Key = tuple[str, str]  # (step id, question id)


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


def answered_steps(fw: Framework, session: Session, before: int) -> list[Step]:
    """The steps before index `before` already walked (done or skipped): where going back
    can go."""
    return [s for s in fw.steps[:before] if session.step_state(s.id).status in ("done", "skipped")]


def conditional_applicable(fw: Framework, session: Session, before: int) -> set[Key]:
    """The conditional questions (those with a `when`) before step index `before` that apply
    now: the baseline a change is compared with."""
    env = environment(fw, session)
    return {
        (step.id, question.id)
        for step in fw.steps[:before]
        for question in step.questions
        if question.when is not None and applies(question, env)
    }


def inapplicable_answers(
    fw: Framework, session: Session, before: int
) -> list[tuple[Step, Question]]:
    """Answers before step index `before` whose question no longer applies: to be removed."""
    env = environment(fw, session)
    return [
        (step, question)
        for step in fw.steps[:before]
        for question in step.questions
        if question.id in session.answers.get(step.id, {}) and not applies(question, env)
    ]


def unanswered(
    fw: Framework, session: Session, before: int, keys: set[Key]
) -> list[tuple[Step, Question]]:
    """The questions named by `keys` (newly applicable ones) in steps already answered before
    step index `before` that have no answer yet: to be asked, in framework order."""
    return [
        (step, question)
        for step in fw.steps[:before]
        if session.step_state(step.id).status == "done"
        for question in step.questions
        if (step.id, question.id) in keys and question.id not in session.answers.get(step.id, {})
    ]

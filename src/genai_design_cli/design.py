"""The Design view model: a session seen through its framework, with its case, the calculators'
results and the coach's report, built once and handed to every renderer (Markdown, post, HTML,
JSON) and to `score`. Everything it needs is passed in; it reads no file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genai_design_cli.model.answers import typed_variables
from genai_design_cli.model.framework import Framework, Question, Step

if TYPE_CHECKING:
    from genai_design_cli.calc.catalog import Catalog
    from genai_design_cli.coach.evaluate import CoachReport
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.session import Session


@dataclass
class Design:
    """Everything a renderer needs, computed once."""

    fw: Framework
    session: Session
    variables: dict[str, Any]
    results: dict[str, Any]
    report: CoachReport | None = None
    case: Case | None = None
    case_ref: str | None = None  # the session's case id, also when no such case was found
    calc_missing: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[Step] = field(default_factory=list)
    unanswered: list[Step] = field(default_factory=list)
    rendered: list[Step] = field(default_factory=list)

    @property
    def title(self) -> str:
        meta = self.session.session
        if meta and meta.title:
            return meta.title
        if self.case is not None:
            return self.case.title
        return self.fw.title

    def is_deep_dive(self, step: Step) -> bool:
        state = self.session.steps.get(step.id)
        return bool(state and state.deep_dive)

    @property
    def deep_dives(self) -> list[Step]:
        return [s for s in self.rendered if self.is_deep_dive(s)]

    def question_for_var(self, var: str) -> Question | None:
        for _, question in self.fw.questions():
            if question.var == var:
                return question
        return None

    def report_dict(self) -> dict[str, Any]:
        return {} if self.report is None else self.report.to_dict()


def build_design(
    fw: Framework,
    session: Session,
    *,
    catalog: Catalog,
    case: Case | None = None,
) -> Design:
    """Run the calculators (unless the session holds their results) and the coach, once.

    The caller loads the case and the catalog (a broken user catalog is its error to report)."""
    from genai_design_cli.calc import engine
    from genai_design_cli.coach import evaluate as coach

    variables = typed_variables(fw, session.answers)
    missing: dict[str, list[str]] = {}
    if session.results:
        results = dict(session.results)
    else:
        run = engine.run_all(variables, catalog)
        results, missing = run.results, run.missing
    complete = session.model_copy(update={"results": results})
    report = coach.evaluate(fw, complete, case)
    design = Design(
        fw,
        complete,
        variables,
        results,
        report=report,
        case=case,
        case_ref=session.session.case if session.session else None,
        calc_missing=missing,
    )
    for step in fw.steps:
        state = session.steps.get(step.id)
        if state and state.status == "skipped":
            design.skipped.append(step)
        elif session.answers.get(step.id) or (state and state.status == "done"):
            design.rendered.append(step)
        else:
            design.unanswered.append(step)
    return design

"""The coach: judges a design as a strong interviewer would, evidence over vocabulary and flaws
over coverage. `evaluate(fw, session, case)` turns a session (or an answers file) into a
`CoachReport`; no I/O beyond the calculators' catalog.

Scoring rules (stated here because a candidate will ask "why did I get 60?"; `genai-design
score --help` says the same):

1. Evidence, not words. A sub-topic is covered by a statement that commits to it: an
   affirmative sentence (no "no", "not", "won't", "without", "skip", "instead of" before the
   keyword; not "TBD", "later", "maybe" or a question) with substance (a number, a reason, a
   second named thing). A point counts where it is made, in any step. A run of terms with no
   verb and no reason (a buzzword list) earns at most one sub-topic, at half credit; a
   sentence repeated word for word earns nothing. A chosen option or a number counts fully in
   a step where you also said something of substance, half in a step where you said nothing;
   a default you did not touch in such a step counts nothing. "No" to "do you have human
   eval?" is a decision, not coverage (a check may ask about it). A sub-topic covered after
   its hint counts three quarters (after the nudge) or half (after the talking point).
2. Applicability. Sub-topics that do not apply to the design (GPU serving for a hosted API,
   retrieval without RAG; the framework's `applies_when`) leave the denominator and are never
   missed; a hosted-API design is asked about rate limits, data terms and a vendor fallback.
3. Scores. Step score = credit / applicable sub-topics, as a percentage. Coverage = the mean
   of the counted steps (a step skipped in practice counts with only what was said elsewhere;
   in a scaffold it is left out). Depth = statements of substance in the candidate's three
   deepest steps, three making a step deep (the framework asks for depth on 2-3 steps, not on
   all nine). With a case, total = 50% coverage + 30% depth + 20% of the case's points hit (by
   a committing sentence anywhere); without one, coverage and depth in the same 5:3 ratio.
4. Flaws in the score. Checks run over the answers, the notes, the calculators' results and
   the case's constraints. An error-level check sets its step's score to 0 and caps the total
   at 50; each warning takes 5 points off the total, at most 15 (none for a warning the
   person kept with a reason); info costs nothing. What is merely missing (no eval set named)
   is missed coverage, so its check is info; a contradiction or a wrong number is the flaw.
   Over budget is a warning, ten times over an error. Every message states its numbers.
5. Unfinished sessions: checks of steps not reached yet wait (they are counted once the
   session is finished). Time: a step's budget is its minutes scaled by the session's length.

The pieces: coverage.py reads sentences, scoring.py gives credit and totals, checks.py builds
the checks' variables and messages, report.py holds the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from genai_design_cli.coach import checks as design_checks
from genai_design_cli.coach import scoring
from genai_design_cli.coach.coverage import keyword_pattern, matching_keyword, normalize_text
from genai_design_cli.coach.report import (
    CASE_WEIGHT,
    FRAMEWORK_WEIGHT,
    SEVERITY_ORDER,
    CheckReport,
    CoachReport,
    PointReport,
    StepReport,
    Strength,
    StudyItem,
    WeakArea,
)
from genai_design_cli.coach.scoring import is_answered, takes_position
from genai_design_cli.model.answers import typed_answers, upgrade_answers
from genai_design_cli.model.framework import Framework, answer_variables

if TYPE_CHECKING:  # pragma: no cover
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.session import Session

__all__ = [
    "CASE_WEIGHT",
    "FRAMEWORK_WEIGHT",
    "SEVERITY_ORDER",
    "CheckReport",
    "CoachReport",
    "PointReport",
    "StepReport",
    "Strength",
    "StudyItem",
    "WeakArea",
    "evaluate",
    "history_entry",
    "is_answered",
    "keyword_pattern",
    "matching_keyword",
    "normalize_text",
    "takes_position",
    "weakest_areas",
]

WEAKEST_COUNT = 3
STRONG_STEP = 75.0  # a step at or above this is a strength


def default_catalog() -> Any:
    """The shipped catalog with the user's own; None when it cannot be read (the checks on
    calculator results are then skipped, with a note)."""
    try:
        from genai_design_cli.calc.catalog import Catalog

        return Catalog.default()
    except Exception:
        return None


def calculator_results(
    variables: Mapping[str, Any], catalog: Any = None
) -> tuple[dict[str, Any], str | None]:
    """Run the calculators on the answers (when a session holds no results): (results, problem)."""
    try:
        from genai_design_cli.calc import engine

        return dict(engine.run(dict(variables), catalog)), None
    except Exception as exc:  # a calculator bug must not cost the person their feedback
        return (
            {},
            f"The calculators could not run on these answers ({exc}); checks on calc.* skipped.",
        )


def _status(session: Session, step_id: str, answers: Mapping[str, Any]) -> str:
    state = session.steps.get(step_id)
    if state is not None and state.status != "pending":
        return state.status
    if state is None and any(is_answered(v) for v in answers.get(step_id, {}).values()):
        return "done"  # a file without [steps] for it: an answered step was done
    return "pending"


def evaluate(
    fw: Framework, session: Session, case: Case | None = None, *, catalog: Any = None
) -> CoachReport:
    """Coverage per step, case points, checks with their numbers, the total and the debrief
    for a session or an answers file (a Session without `[session]` meta)."""
    meta = session.session
    practice = meta is not None and meta.mode == "practice"
    partial = meta is not None and not meta.finished
    session_minutes = (meta.minutes if meta and meta.minutes else None) or fw.minutes
    time_scale = session_minutes / fw.minutes
    answers = typed_answers(fw, upgrade_answers(fw, session.answers))
    variables = answer_variables(fw, answers)
    notes: list[str] = []

    reader = scoring.CoverageReader(fw, case.variables() if case is not None else {})
    known_steps = {s.id for s in fw.steps}
    for step in fw.steps:
        reader.read_step(step, answers.get(step.id, {}), session.steps.get(step.id))
    for sid, table in answers.items():  # a hand-written file's unknown steps: still its words
        if sid not in known_steps and isinstance(table, Mapping):
            for value in table.values():
                if isinstance(value, str) and value.strip():
                    reader.texts.append(value)

    catalog = catalog if catalog is not None else default_catalog()
    results = dict(session.results)
    if not results:
        inputs, read = design_checks.calculator_inputs(variables, case, reader.texts)
        results, problem = calculator_results(inputs, catalog)
        notes.extend(read if results else [])
        if problem:
            notes.append(problem)
    # which sub-topics apply is decided by the design's choices (hosting, patterns)
    applying = dict(variables) | (case.constraint_variables() if case is not None else {})
    applicability = {step.id: scoring.applies(step, applying) for step in fw.steps}
    not_applicable = {sub for _, no, _ in applicability.values() for sub in no}
    committed = reader.committed(not_applicable)
    env = design_checks.environment(
        fw,
        variables,
        results,
        case=case,
        texts=reader.texts,
        covered=committed,
        catalog=catalog,
    )
    said = [s for s in reader.sentences if s.commits and not scoring.coverage.is_placeholder(s.raw)]
    lists = [s for s in said if s.buzzword_list]
    env["coach.sentences"] = len(said)
    env["coach.list_sentences"] = len(lists)
    env["coach.list_share"] = round(len(lists) / len(said), 2) if said else 0.0
    for step in fw.steps:  # absence checks judge a step the candidate spoke to, not a silent one
        state = session.steps.get(step.id)
        defaulted = set(getattr(state, "defaulted", []) or []) if state else set()
        if any(is_answered(v) for k, v in answers.get(step.id, {}).items() if k not in defaulted):
            env[f"coach.answered.{step.id}"] = True

    statuses = {s.id: _status(session, s.id, session.answers) for s in fw.steps}
    fired = _run_checks(fw, session, env, statuses, partial, notes)
    cap, deduction = scoring.deductions(fired)
    zeroing: dict[str, list[str]] = {}
    for check in fired:
        if check.severity == "error":
            zeroing.setdefault(check.step, []).append(check.id)

    steps: dict[str, StepReport] = {}
    left_out: list[str] = []
    open_: list[str] = []
    for step in fw.steps:
        applicable, step_not_applicable, undecided = applicability[step.id]
        left_out += step_not_applicable
        open_ += undecided
        steps[step.id] = _step_report(
            step,
            session.steps.get(step.id),
            statuses[step.id],
            applicability[step.id],
            reader,
            not_applicable,
            zeroing.get(step.id, []),
            counted_when_skipped=practice,
            time_scale=time_scale,
        )

    notes += _scope_notes(fw, steps, case, practice, left_out, open_)
    counted = [s for s in steps.values() if s.counted]
    coverage = round(sum(s.score for s in counted) / len(counted), 1) if counted else 0.0
    statements = scoring.depth_counts(reader.depth, set(left_out))
    depth, deep_steps = scoring.depth_score(statements, [s.id for s in counted])
    framework_score = round(scoring.COVERAGE_SHARE * coverage + scoring.DEPTH_SHARE * depth, 1)

    points: list[PointReport] = []
    case_score: float | None = None
    if case is not None:
        hits = dict(scoring.case_points(case, reader.sentences))
        points = [
            PointReport(p.id, p.step, p.text, hits[p.id] is not None, hits[p.id])
            for p in case.points
        ]
        case_score = scoring.percent(sum(p.hit for p in points), len(points))
        raw = round(FRAMEWORK_WEIGHT * framework_score + CASE_WEIGHT * case_score, 1)
    else:
        raw = framework_score
    total = scoring.total_score(raw, cap, deduction)
    if cap is not None and raw > cap:
        notes.append(
            f"An error-level check caps the total at {cap:g} (coverage alone gave {raw:g})."
        )

    return CoachReport(
        framework=fw.id,
        framework_version=fw.version,
        session=meta.id if meta else None,
        mode=meta.mode if meta else None,
        case=case.id if case is not None else (meta.case if meta else None),
        finished=meta.finished if meta else None,
        steps=steps,
        coverage=coverage,
        case_score=case_score,
        total=total,
        points=points,
        checks=fired,
        weakest=weakest_areas(fw, steps),
        notes=notes,
        raw_total=raw,
        depth=depth,
        deep_steps=deep_steps,
        framework_score=framework_score,
        cap=cap,
        deduction=deduction,
        strengths=strengths(fw, steps, points),
    )


def _run_checks(
    fw: Framework,
    session: Session,
    env: dict[str, Any],
    statuses: Mapping[str, str],
    partial: bool,
    notes: list[str],
) -> list[Any]:
    """The checks that fire, in step order; a finding the person kept says why. In an
    unfinished session, checks of steps not reached yet wait (and a note says how many)."""
    order = {s.id: s.number for s in fw.steps}
    kept: dict[str, str] = {}
    for state in session.steps.values():
        kept.update(getattr(state, "kept", {}) or {})
    # the step in progress (where the last answer was given) is reached before it is marked
    # done: its findings were shown in the walk, so the document reports them too
    meta = session.session
    last = getattr(meta, "last_answer", None) or ""
    current = last.partition(".")[0]
    waiting = [
        c for c in fw.checks if partial and statuses.get(c.step) == "pending" and c.step != current
    ]
    ready = [c for c in fw.checks if c not in waiting]
    fired = design_checks.fired_checks(ready, env, kept=kept, order=order)
    held_back = len(design_checks.fired_checks(waiting, env))
    if held_back:
        notes.append(
            f"{held_back} check(s) on steps not reached yet are not reported; "
            "they run once the session is finished."
        )
    return fired


def _step_report(
    step: Any,
    state: Any,
    status: str,
    applicability: tuple[list[str], list[str], list[str]],
    reader: Any,
    not_applicable: set[str],
    zeroed_by: list[str],
    *,
    counted_when_skipped: bool,
    time_scale: float,
) -> StepReport:
    """One step's coverage: credit per applicable sub-topic (half after a hint), zeroed by an
    error-level check of the step."""
    applicable, step_not_applicable, _ = applicability
    credit: dict[str, float] = {}
    evidence: dict[str, str] = {}
    hinted: list[str] = []
    for sub_id in applicable:
        found = reader.best(sub_id, not_applicable)
        if found is None:
            continue
        factor = scoring.hint_factor(state, sub_id)
        credit[sub_id] = round(found.credit * factor, 3)
        evidence[sub_id] = found.how + (" (after a hint)" if factor < 1 else "")
        if factor < 1:
            hinted.append(sub_id)
    coverage_score = scoring.percent(sum(credit.values()), len(applicable))
    return StepReport(
        id=step.id,
        number=step.number,
        title=step.title,
        status=status,
        counted=bool(applicable) and not (status == "skipped" and not counted_when_skipped),
        score=0.0 if zeroed_by else coverage_score,
        covered=[s for s in applicable if s in credit],
        missed=[s for s in applicable if s not in credit],
        evidence=evidence,
        seconds=float(state.seconds) if state else 0.0,
        budget_seconds=step.minutes * 60.0 * time_scale,
        hints=state.hints if state else 0,
        deep_dive=bool(state.deep_dive) if state else False,
        credit=credit,
        not_applicable=step_not_applicable,
        hinted=hinted,
        zeroed_by=zeroed_by,
        coverage_score=coverage_score,
    )


def _scope_notes(
    fw: Framework,
    steps: Mapping[str, StepReport],
    case: Case | None,
    practice: bool,
    left_out: list[str],
    open_: list[str],
) -> list[str]:
    """What the total leaves out, and why: skipped steps, topics that do not apply or are not
    decided, forbidden actions the framework cannot recognise."""
    notes: list[str] = []
    # a skipped step with nothing that applies to the design is not counted either way
    skipped = [f"{s.number}. {s.title}" for s in steps.values() if s.status == "skipped"]
    counted = [
        f"{s.number}. {s.title}" for s in steps.values() if s.status == "skipped" and s.counted
    ]
    if counted and practice:
        notes.append(
            "Skipped steps count as missed in practice mode (a real interviewer notices): "
            + ", ".join(counted)
            + "."
        )
    elif skipped and not practice:
        notes.append("Skipped steps are left out of the total: " + ", ".join(skipped) + ".")
    if left_out:
        titles = {s.id: s.title for step in fw.steps for s in step.subtopics}
        notes.append(
            "Left out as not applying to this design (not counted, not missed): "
            + ", ".join(titles[s] for s in left_out)
            + "."
        )
    unchecked = [
        a
        for a in (case.constraints.forbidden_actions if case is not None else [])
        if a not in {s.id for s in fw.signals if s.kind == "action"}
    ]
    if unchecked:
        notes.append(
            f"The case forbids actions this framework cannot recognise: {', '.join(unchecked)}."
        )
    if open_:
        titles = {s.id: s.title for step in fw.steps for s in step.subtopics}
        notes.append(
            "Not judged, as the design does not say which applies (hosting, RAG): "
            + ", ".join(titles[s] for s in open_)
            + "."
        )
    return notes


def strengths(
    fw: Framework, steps: Mapping[str, StepReport], points: list[PointReport]
) -> list[Strength]:
    """What went well: the strongest steps (what was covered in the candidate's own words) and
    the case points hit."""
    titles = {s.id: s.title for step in fw.steps for s in step.subtopics}
    found: list[Strength] = []
    good = sorted(
        (s for s in steps.values() if s.counted and s.score >= STRONG_STEP),
        key=lambda s: (-s.score, s.number),
    )
    for step in good[:WEAKEST_COUNT]:
        own = [
            titles[sub]
            for sub in step.covered
            if step.credit.get(sub, 0) >= 1 and step.evidence.get(sub, "").startswith("said")
        ]
        said = f"; in your own words: {', '.join(own)}" if own else ""
        found.append(Strength(step.id, f"{step.title}: {step.score:g}%{said}."))
    for point in points:
        if point.hit:
            found.append(Strength(point.step, f"Case point: {point.text}"))
    return found


def weakest_areas(fw: Framework, steps: Mapping[str, StepReport]) -> list[WeakArea]:
    """The three counted steps with the lowest scores (most missed first on ties), each with
    the talking points and deep-dive links of what was missed: only sub-topics that apply."""
    candidates = [s for s in steps.values() if s.counted and s.missed]
    candidates.sort(key=lambda s: (s.score, -len(s.missed), s.number))
    areas = []
    for report in candidates[:WEAKEST_COUNT]:
        step = fw.step(report.id)
        subs = {s.id: s for s in step.subtopics}
        study = [
            StudyItem(
                sub_id,
                subs[sub_id].title,
                subs[sub_id].point,
                [{"title": link.title, "url": link.url} for link in subs[sub_id].links],
            )
            for sub_id in report.missed
        ]
        areas.append(WeakArea(report.id, report.title, report.score, report.status, study))
    return areas


# --- history (pure part; the CLI appends it to paths.history_file()) --------------------------


def history_entry(report: CoachReport, date: str) -> dict[str, Any]:
    """One line of the practice history: what `progress` plots."""
    entry: dict[str, Any] = {
        "session": report.session or "",
        "case": report.case or "",
        "date": date,
        "framework": report.framework,
        "mode": report.mode or "",
        "steps": {sid: s.score for sid, s in report.steps.items()},
        "total": report.total,
        "coverage": report.coverage,
    }
    if report.case_score is not None:
        entry["case_score"] = report.case_score
    entry["checks"] = [c.id for c in report.checks]
    return entry

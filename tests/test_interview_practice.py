"""Practice as the real loop: the case's facts come from asking the interviewer, the candidate
estimates key numbers before the calculator shows them, one follow-up per step drawn from the
design, graded hints, and a choice when time is up."""

from __future__ import annotations

import pytest
from support.sources import FakeClock, ScriptedSource

from genai_design_cli.calc.catalog import Catalog
from genai_design_cli.interview import engine as iv
from genai_design_cli.interview.engine import Interview, ask_id
from genai_design_cli.interview.estimates import describe, off_by
from genai_design_cli.interview.menus import ASIDE, ASK, GO_ON, HINT, WRAP_UP
from genai_design_cli.model.case import load_case

TODAY = "2026-11-30"
ANSWERS = {
    "qps": "40",
    "data-residency": "may-leave",
    "architecture": ["rag"],
    "model": "gpt-4o-mini",
    "model-hosting": "api",
    "estimate-queries-per-month": "40k",
    "estimate-cost-per-month": "$5k",
}


@pytest.fixture(scope="module")
def catalog():
    return Catalog.default()


@pytest.fixture(scope="module")
def case():
    return load_case("support-bot")


def practise(framework, source, catalog, case, clock=None, minutes=45):
    session = iv.new_session(
        framework, title=case.title, mode="practice", case=case.id, minutes=minutes
    )
    engine = Interview(
        framework,
        session,
        source,
        case=case,
        catalog=catalog,
        today=TODAY,
        clock=clock or FakeClock(),
    )
    return engine.run(), session


def test_the_interviewer_answers_what_is_asked_and_it_is_recorded(framework, catalog, case):
    first, second = case.ask[0], case.ask[1]
    source = ScriptedSource(
        {**ANSWERS, "requirements.qps": ASIDE},
        actions={"why-genai": [ASK, "continue"]},
        kinds={"ask": []},
    )
    # at the qps question: "?" then the aside menu's "ask", then the real answer
    answers = iter([ASIDE, "40"])
    original = source._from_dict

    def from_dict(ask):
        return next(answers) if ask.key == "requirements.qps" else original(ask)

    source._from_dict = from_dict
    source._choices.extend([ask_id(first), ask_id(second)])
    source.kinds["aside"] = [ASK]
    _, session = practise(framework, source, catalog, case)
    assert source.facts == [(first.question, first.answer), (second.question, second.answer)]
    assert session.session.asked == [ask_id(first), ask_id(second)]
    # the step menu offers the interviewer while questions are left, with the count
    step_menu = next(m for m in source.menus if m.step and m.step.id == "why-genai")
    label = dict((o.action, o.label) for o in step_menu.options)[ASK]
    assert f"({len(case.ask)} questions left)" in label
    assert source.asked.count("requirements.qps") == 2  # asked again after the aside


def test_practice_gives_no_numbers_up_front(framework, catalog, case):
    source = ScriptedSource(ANSWERS)
    practise(framework, source, catalog, case)
    qps = next(a for a in source.asks if a.key == "requirements.qps")
    assert qps.default is None  # not the case's figure
    assert qps.asides and not qps.show_help and qps.marks is None


def test_the_candidates_estimates_come_first_and_the_gap_is_stored(framework, catalog, case):
    source = ScriptedSource(ANSWERS)
    _, session = practise(framework, source, catalog, case)
    volume = session.estimates["queries_per_month"]
    assert volume["said"] == 40_000
    assert volume["low"] == volume["high"] == pytest.approx(40 * 86_400 * 30)
    assert volume["off_by"] == pytest.approx(2592.0)
    assert volume["step"] == "requirements"
    cost = session.estimates["cost_per_month"]
    assert cost["said"] == 5000 and cost["step"] == "model-selection"
    # asked before the calculator's figure is shown, and shown with it
    notes = [n for view in source.numbers for n in view.notes]
    assert notes[0].startswith("You said 40k queries/month; the calculator says 104M")
    assert source.asked.index("requirements.estimate-queries-per-month") < source.asked.index(
        "architecture.architecture"
    )


def test_off_by_is_the_ratio_to_the_nearer_end():
    assert off_by(40_000, 96_000, 120_000) == 2.4
    assert off_by(100_000, 96_000, 120_000) == 1.0
    assert off_by(600_000, 96_000, 120_000) == 5.0
    line = describe("cost_per_month", {"said": 40_000, "low": 96_000, "high": 120_000})
    assert line == (
        "You said $40,000/month; the calculator says $96,000–$120,000/month: off by 2.4×"
    )


def test_one_follow_up_per_step_drawn_from_the_design(framework, catalog, case):
    source = ScriptedSource(ANSWERS)
    _, session = practise(framework, source, catalog, case)
    followups = [a for a in source.asks if a.from_interviewer]
    steps = [a.step.id for a in followups]
    assert steps == [s.id for s in framework.steps]  # one per step, in order
    asked = {a.step.id: a.question.id for a in followups}
    assert asked["architecture"] == "followup-index-fresh"  # "You chose RAG: ..."
    assert asked["inference-infra"] == "followup-provider-outage"  # a hosted API
    assert asked["requirements"] == "followup-no-budget"
    # stored with the step's answers, where the coach scores it
    assert "followup-index-fresh" in session.answers["architecture"]


def test_hints_are_graded_per_sub_topic(framework, catalog, case):
    source = ScriptedSource(ANSWERS, actions={"guardrails": [HINT, HINT, HINT, "continue"]})
    _, session = practise(framework, source, catalog, case)
    levels = [(h.subtopic.id, h.level) for h in source.hint_views]
    first = framework.step("guardrails").subtopics[0]
    second = framework.step("guardrails").subtopics[1]
    assert levels == [(first.id, 1), (first.id, 2), (second.id, 1)]
    assert source.hint_views[0].text == first.nudge
    state = session.steps["guardrails"]
    assert state.hints == 3
    assert state.hint_levels == {first.id: 2, second.id: 1}


def test_when_time_is_up_the_candidate_wraps_up(framework, catalog, case):
    clock = FakeClock()
    source = ScriptedSource(
        ANSWERS, on_ask=lambda ask: clock.advance(60), kinds={"time-up": [WRAP_UP]}
    )
    outcome, session = practise(framework, source, catalog, case, clock=clock, minutes=5)
    assert outcome == iv.FINISHED
    assert session.session.finished and session.session.time_up == "wrap-up"
    assert any(s.status == "pending" for s in session.steps.values())  # not reached
    time_up = [m for m in source.menus if m.kind == "time-up"]
    assert len(time_up) == 1 and time_up[0].actions == [WRAP_UP, GO_ON]


def test_or_goes_on_with_the_overtime_recorded(framework, catalog, case):
    clock = FakeClock()
    source = ScriptedSource(ANSWERS, on_ask=lambda ask: clock.advance(60))
    _, session = practise(framework, source, catalog, case, clock=clock, minutes=5)
    assert session.session.time_up == "go-on"
    assert all(s.status == "done" for s in session.steps.values())
    assert sum(s.seconds for s in session.steps.values()) > 5 * 60
    assert len([m for m in source.menus if m.kind == "time-up"]) == 1  # asked once


def test_every_sub_topic_has_a_nudge_that_asks_without_telling(framework):
    for step in framework.steps:
        for sub in step.subtopics:
            assert sub.nudge.endswith("?"), sub.id
            assert len(sub.nudge) <= 100, sub.id  # one line
            assert sub.nudge not in sub.point


def test_every_step_has_follow_ups_tied_to_the_design_and_one_for_any_design(framework):
    from genai_design_cli.model import conditions

    answered = framework.variables()
    for step in framework.steps:
        assert len(step.followups) >= 2, step.id
        assert step.followups[-1].when is None, step.id  # there is always one to ask
        for followup in step.followups[:-1]:
            assert followup.when is not None, followup.id
            assert set(conditions.variables(followup.when)) & answered, followup.id


def test_a_dollar_estimate_may_be_typed_with_its_sign():
    from genai_design_cli.interview.estimates import ESTIMATE_QUESTIONS
    from genai_design_cli.model.answers import validate_answer

    assert validate_answer(ESTIMATE_QUESTIONS["cost_per_month"], "$40k") == 40_000
    assert validate_answer(ESTIMATE_QUESTIONS["queries_per_month"], "10M") == 10_000_000


def test_the_candidate_can_wrap_up_early_between_steps(framework, catalog, case):
    """No need to wait for the clock: "Wrap up now" before a step goes to the debrief; the
    steps from there on are not reached."""
    source = ScriptedSource(ANSWERS, {"architecture": [WRAP_UP]})
    outcome, session = practise(framework, source, catalog, case)
    assert outcome == iv.FINISHED and session.session.finished
    menu = next(m for m in source.menus if m.step is not None and m.step.id == "architecture")
    labels = {o.action: o.label for o in menu.options}
    assert labels[WRAP_UP] == "Wrap up now (go to the debrief)"
    assert menu.actions[-2:] == [WRAP_UP, "quit"]
    statuses = {step_id: state.status for step_id, state in session.steps.items()}
    assert statuses["requirements"] == "done"
    assert statuses["architecture"] == "pending"
    assert not any(key.startswith("architecture.") for key in source.asked)


def test_new_offers_no_wrap_up(framework):
    from genai_design_cli.interview.menus import step_menu

    step = framework.steps[1]
    assert WRAP_UP not in step_menu(step, practice=False, deep_dive=False, can_go_back=True).actions
    assert WRAP_UP in step_menu(step, practice=True, deep_dive=False, can_go_back=True).actions

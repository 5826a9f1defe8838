"""The walk with the built-in framework: findings as you go (a warning and a choice right after
the answer that makes a check fire), pickers that mark contradicting choices and hide retired
models, the numbers digest with its wait, the recap for answers files and resume, privacy with
residency, and old sessions that still load."""

from __future__ import annotations

import pytest
from support.sources import ScriptedSource

from genai_design_cli.calc.catalog import Catalog
from genai_design_cli.interview import engine as iv
from genai_design_cli.interview.engine import Interview, MissingAnswers
from genai_design_cli.interview.findings import FrameworkAdvisor
from genai_design_cli.interview.menus import BACK, FINISH, FIX, FULL, KEEP
from genai_design_cli.interview.sources import AnswersFileSource
from genai_design_cli.model.framework import answer_variables
from genai_design_cli.model.session import session_from_toml, session_to_toml

TODAY = "2026-11-30"
PRIVATE_BUT_HOSTED = {
    "qps": "40",
    "data-residency": "may-not-leave",
    "model": "gpt-4o",
    "model-hosting": "api",
    "eval-dataset": "400 real questions with the lawyers' answers",
}


@pytest.fixture(scope="module")
def catalog():
    return Catalog.default()


def walk(framework, source, catalog, session=None, **kwargs):
    session = session or iv.new_session(framework, title="Contract Q&A")
    engine = Interview(framework, session, source, catalog=catalog, today=TODAY, **kwargs)
    outcome = engine.run()
    return outcome, session, engine


def test_the_privacy_finding_fires_right_after_the_hosting_choice(framework, catalog):
    source = ScriptedSource(PRIVATE_BUT_HOSTED, kinds={"finding": [KEEP]}, keep_reason="DPA")
    _, session, _ = walk(framework, source, catalog)
    privacy = [f for f in source.findings if f.id == "privacy-vs-hosted-api"]
    assert len(privacy) == 1  # raised once, not again at every answer
    assert privacy[0].severity == "error"
    assert "no" in privacy[0].message.lower()  # the answers it is about are quoted
    # right after the hosting answer: the next question asked is the one after it
    hosting = source.asked.index("model-selection.model-hosting")
    menu_at = next(i for i, m in enumerate(source.menus) if m.kind == "finding")
    assert source.menus[menu_at].actions == [FIX, KEEP]
    assert source.asked[hosting + 1] == "keep-why"
    assert session.steps["model-selection"].kept == {"privacy-vs-hosted-api": "DPA"}


def test_fixing_a_finding_goes_back_to_the_answer_it_reads(framework, catalog):
    source = ScriptedSource(
        {**PRIVATE_BUT_HOSTED, "model": "gpt-4o"},
        kinds={"finding": [(FIX, "requirements.data-residency")]},
    )
    # the answer to the residency question changes on the second time it is asked
    answers = iter(["may-not-leave", "region"])
    source._dict["data-residency"] = None
    original = source._from_dict

    def from_dict(ask):
        if ask.question.id == "data-residency":
            return next(answers)
        if ask.question.id == "data-region":
            return "EU (Frankfurt), under the provider's DPA"
        return original(ask)

    source._from_dict = from_dict
    _, session, engine = walk(framework, source, catalog)
    assert session.answers["requirements"]["data-residency"] == "region"
    assert session.answers["requirements"]["data-region"].startswith("EU")
    assert "privacy-vs-hosted-api" not in {f.id for f in engine.findings}
    assert session.steps["model-selection"].kept == {}


def test_a_new_walk_never_pre_selects_a_contradicting_choice(framework, catalog):
    source = ScriptedSource(
        {
            "qps": "40",
            "data-residency": "may-not-leave",
            "model": "llama-3.3-70b",
            "model-hosting": "self-hosted",
        }
    )
    walk(framework, source, catalog)
    asks = {a.key: a for a in source.asks}
    model = asks["model-selection.model"]
    assert model.default is None  # gpt-4o, the framework's default, is API only
    assert "gpt-4o" in model.marks and "data may not leave" in model.marks["gpt-4o"]
    assert "llama-3.3-70b" not in model.marks  # open weights: fine
    assert {"o3-mini", "claude-sonnet-4", "gemini-2.0-flash"} <= model.hidden  # retired
    assert {"opt-13b", "llama-2-7b"} <= model.hidden  # kept for old answers, not offered
    hosting = asks["model-selection.model-hosting"]
    assert hosting.default is None
    assert hosting.marks == {"api": "conflicts with step 1 (data may leave: no)"}


def test_without_input_a_contradicting_default_is_missing_not_assumed(framework, catalog):
    source = AnswersFileSource({"requirements": {"qps": 40, "data-residency": "may-not-leave"}})
    with pytest.raises(MissingAnswers) as caught:
        walk(framework, source, catalog)
    assert set(caught.value.missing) == {
        "model-selection.model",
        "model-selection.model-hosting",
    }


def test_numbers_digest_waits_and_shows_the_full_tables_on_request(framework, catalog):
    source = ScriptedSource(
        {"qps": "40", "model": "gpt-4o-mini"}, kinds={"numbers": [FULL, "next"]}
    )
    walk(framework, source, catalog)
    first = source.numbers[0]
    assert "cost" in first.changed and "latency" in first.changed
    waits = [m for m in source.menus if m.kind == "numbers"]
    assert waits and waits[0].actions == ["next", FULL]
    assert source.full_results == 1
    # the wait comes before the next step's panel
    shown = [v.step.id for v in source.steps_shown]
    assert shown.index("inference-infra") > shown.index("model-selection")


def test_an_answers_file_opens_with_a_recap_and_skips_the_answered_steps(framework, catalog):
    session = iv.new_session(framework, title="From a file")
    iv.apply_answers(
        framework,
        session,
        {
            "why-genai": {"output-kind": "open-ended"},
            "requirements": {"qps": 40, "data-residency": "may-leave"},
            "architecture": {"architecture": ["rag"]},
            "data-strategy": {"eval-dataset": "400 tickets"},
            "model-selection": {"model": "gpt-4o-mini", "model-hosting": "api"},
        },
    )
    source = ScriptedSource({})
    _, session, _ = walk(framework, source, catalog, session=session, opened_from="answers")
    (recap,) = source.recaps
    assert recap.origin == "answers" and recap.title == "From a file"
    assert recap.next_step == (5, "Inference Infra")
    # no panel and no menu for the steps the file answered
    assert [v.step.id for v in source.steps_shown][0] == "inference-infra"
    assert all(m.step is None or m.step.number >= 5 for m in source.menus)
    assert all(not key.startswith(("why-genai.", "requirements.")) for key in source.asked)
    # the answers the file left out took their defaults, recorded as such
    assert session.answers["requirements"]["output-tokens"] == 300
    assert "output-tokens" in session.steps["requirements"].defaulted


def test_resume_opens_with_a_recap_of_where_it_stopped(framework, catalog):
    session = iv.new_session(framework, title="Stopped")
    for step_id in ("why-genai", "requirements"):
        session.step_state(step_id).status = "done"
        session.step_state(step_id).seconds = 90
    session.set_answer("requirements", "qps", 40)
    session.session.current_step = "architecture"
    source = ScriptedSource({"qps": "40"})
    walk(framework, source, catalog, session=session, opened_from="resume")
    (recap,) = source.recaps
    assert [number for number, _, _ in recap.done] == [0, 1]
    assert recap.last[0] == "Requirements" and recap.last[2] == "40 queries/s"
    assert recap.seconds == 180
    assert recap.next_step == (2, "Architecture")


def test_residency_within_a_region_names_it_and_data_may_leave_is_derived(framework, catalog):
    source = ScriptedSource(
        {"qps": "40", "data-residency": "region", "data-region": "EU, under a DPA"}
    )
    _, session, _ = walk(framework, source, catalog)
    env = answer_variables(framework, session.answers)
    assert env["data_residency"] == "region" and env["data_region"] == "EU, under a DPA"
    assert env["data_may_leave"] is True
    # the model picker says what to check about a region
    assert any("region-pinned endpoint" in m for m in source.messages)
    residency = next(a for a in source.asks if a.key == "requirements.data-residency")
    assert residency.default is None  # no default: the person says it


@pytest.mark.parametrize(
    ("old", "new", "may_leave"), [(True, "may-leave", True), (False, "may-not-leave", False)]
)
def test_an_old_session_with_data_may_leave_still_loads_and_reads_the_same(
    framework, catalog, old, new, may_leave
):
    text = f"""
schema_version = 1
[session]
id = "20261101-100000-old"
title = "Old"
[steps.why-genai]
status = "done"
[steps.requirements]
status = "done"
[answers.why-genai]
output-kind = "open-ended"
[answers.requirements]
qps = 40
data-may-leave = {str(old).lower()}
[answers.model-selection]
model = "llama-3.3-70b"
model-hosting = "self-hosted"
"""
    session = session_from_toml(text, "old.toml")
    assert answer_variables(framework, session.answers)["data_may_leave"] is may_leave
    engine = Interview(framework, session, AnswersFileSource(), catalog=catalog, today=TODAY)
    assert session.answers["requirements"]["data-residency"] == new
    assert "data-may-leave" not in session.answers["requirements"]
    engine.run()  # finishes from defaults, no "unknown question" error
    assert "data-residency" in session_to_toml(session)


def test_framework_advisor_waits_for_a_checks_inputs(framework):
    session = iv.new_session(framework, title="x")
    session.set_answer("requirements", "data-residency", "may-not-leave")
    advisor = FrameworkAdvisor(framework)
    session.set_answer("model-selection", "model-hosting", "self-hosted")
    # the GPU is asked in step 5: no "self-hosted without a GPU" before that step is walked
    assert "self-hosted-without-gpu" not in {f.id for f in advisor.findings(session)}
    session.step_state("inference-infra").status = "done"
    assert "self-hosted-without-gpu" in {f.id for f in advisor.findings(session)}
    session.set_answer("model-selection", "model-hosting", "api")
    assert "privacy-vs-hosted-api" in {f.id for f in advisor.findings(session)}


def test_the_digest_is_five_short_lines_with_the_slo_verdict(framework, catalog):
    from genai_design_cli.calc import engine as calculators
    from genai_design_cli.tui.digest import digest_lines

    variables = {
        "qps": 40,
        "model": "llama-3.1-70b",
        "model_hosting": "self-hosted",
        "gpu": "h100-sxm",
        "gpus": 2,
        "p95_slo_ms": 3000,
        "streaming": False,
        "budget_per_query": 0.001,
    }
    lines = digest_lines(calculators.run(variables, catalog), variables)
    assert [line.label for line in lines] == ["Volume", "Cost", "Latency", "GPUs"]
    assert len(lines) <= 5
    assert all(len(line.plain()) <= 80 for line in lines)
    cost, latency = lines[1], lines[2]
    assert cost.ok is False and "budget $0.0010/query" in cost.text  # over the budget
    assert latency.text.startswith(("misses SLO 3.0 s", "at risk SLO 3.0 s"))
    assert latency.mark in "✗!"


def test_the_digest_keeps_the_latency_verdict_at_80_columns():
    """Two SLOs and both figures do not fit in 78 columns: the verdicts and SLOs come first,
    the figures go to a second line; nothing is cut and the digest stays within five lines."""
    from genai_design_cli.tui.digest import MAX_LINES, digest_lines

    results = {
        "cost": {
            "queries_per_month": 1e8,
            "qps": 40,
            "llm": {"per_month": 105012, "per_query": 0.001},
        },
        "latency": {
            "streaming": True,
            "perceived_ms": {"low": 420, "high": 900},
            "e2e_ms": {"low": 2400, "high": 5900},
            "ttft_slo_ms": 500,
            "slo_ms": 3000,
            "slo_verdict": "misses",
            "ttft_slo_verdict": "at risk",
            "slo": {"full_response": {"verdict": "misses"}, "first_token": {"verdict": "at risk"}},
        },
        "capacity": {"gpus": 4, "gpu": "h100-sxm", "replicas": 2, "tensor_parallel": 2},
    }
    lines = digest_lines(results, {"qps": 40})
    assert len(lines) <= MAX_LINES
    shown = [line.plain() for line in lines]
    assert all(len(line) <= 80 and not line.endswith("…") for line in shown), shown
    (latency,) = [line for line in shown if "Latency" in line]
    assert "at risk first-token SLO 0.5 s · misses SLO 3.0 s" in latency
    assert latency.startswith("✗ Latency")
    following = shown[shown.index(latency) + 1]
    assert "first words 0.42–0.9 s · full answer 2.4–5.9 s" in following
    assert shown[-1].startswith("  GPUs")


def test_every_finding_offers_the_answers_its_check_reads(framework):
    """A check that reads computed figures (the monthly budget against the cost) still offers
    "go back": the budget and what the cost is worked out from (model, traffic, tokens)."""
    from genai_design_cli.interview.findings import check_inputs

    checks = {check.id: check for check in framework.checks}
    budget = check_inputs(checks["monthly-budget-below-cost"])
    assert budget[0] == "budget_per_month"
    assert {"model", "model_hosting", "qps", "input_tokens", "output_tokens"} <= set(budget)
    assert set(check_inputs(checks["closed-model-self-hosted"])) == {"model", "model_hosting"}


def test_the_closed_weights_finding_can_go_back_to_the_model(framework, catalog):
    from genai_design_cli.cli.interview import CoachAdvisor

    models = iter(["gpt-4o", "llama-3.3-70b"])
    source = ScriptedSource(
        {"qps": "40", "model-hosting": "self-hosted", "gpu": "h100-sxm"},
        kinds={"finding": [(FIX, "model-selection.model")]},
    )
    original = source._from_dict
    source._from_dict = lambda ask: next(models) if ask.question.id == "model" else original(ask)
    _, session, engine = walk(framework, source, catalog, advisor=CoachAdvisor(framework))
    closed = next(f for f in source.findings if f.id == "closed-model-self-hosted")
    assert closed.reads[:2] in (("model_hosting", "model"), ("model", "model_hosting"))
    offered = next(values for prompt, values in source.offered if prompt == "Which answer?")
    assert {"model-selection.model", "model-selection.model-hosting"} <= set(offered)
    assert session.answers["model-selection"]["model"] == "llama-3.3-70b"
    assert "closed-model-self-hosted" not in {f.id for f in engine.findings}


def test_the_cost_line_keeps_both_budgets_at_80_columns():
    from genai_design_cli.tui.digest import cost_line

    results = {
        "cost": {
            "llm": {"per_month": 17350, "per_query": 0.0004},
            "budget": {
                "within": True,
                "per_query": {"limit": 0.004},
                "per_month": {"limit": 30000},
            },
        }
    }
    line = cost_line(results).plain()
    assert len(line) <= 80 and not line.endswith("…"), line
    assert "$0.0040/query" in line and "$30,000/month" in line


def test_fixing_the_budget_judges_the_coachs_budget_check_again(framework, catalog):
    """The coach's figures (cost against the budget) move with any answer: after going back
    to the budget, the warning is judged on the new figure, not the one before."""
    from genai_design_cli.cli.interview import CoachAdvisor

    budgets = iter(["100", "10M"])
    source = ScriptedSource(
        {"qps": "40", "model": "gpt-4o", "model-hosting": "api"},
        kinds={"finding": [(FIX, "requirements.budget-per-month")]},
    )
    original = source._from_dict
    source._from_dict = lambda ask: (
        next(budgets) if ask.question.id == "budget-per-month" else original(ask)
    )
    _, session, engine = walk(framework, source, catalog, advisor=CoachAdvisor(framework))
    fired = [f.id for f in source.findings if "budget" in f.id]
    assert len(fired) == 1 and fired[0].startswith("monthly-budget")  # not shown again, stale
    assert session.steps["model-selection"].kept == {}  # so nothing had to be kept
    assert session.answers["requirements"]["budget-per-month"] == 10_000_000
    assert not [f for f in engine.findings if f.id.startswith("monthly-budget")]


def test_going_back_judges_the_changed_checks_again_and_drops_a_stale_reason(framework, catalog):
    """A reason kept for a check justified the design as it was: when an input of the check
    changes, the reason goes and the check is judged again (raised anew if it still fires)."""
    hosting = iter(["api", "self-hosted", "api"])
    source = ScriptedSource(
        {**PRIVATE_BUT_HOSTED, "model": "llama-3.3-70b", "gpu": "h100-sxm"},
        {
            "end": [
                (BACK, "model-selection", "model-hosting"),  # to self-hosted: no longer fires
                (BACK, "model-selection", "model-hosting"),  # back to api: fires again
                FINISH,
            ]
        },
        keep_reason="DPA",
    )
    original = source._from_dict
    source._from_dict = lambda ask: (
        next(hosting) if ask.question.id == "model-hosting" else original(ask)
    )
    _, session, _ = walk(framework, source, catalog)
    privacy = [f for f in source.findings if f.id == "privacy-vs-hosted-api"]
    assert len(privacy) == 2  # raised when first answered, and again after the change back
    assert session.steps["model-selection"].kept == {"privacy-vs-hosted-api": "DPA"}
    assert source.asked.count("keep-why") == 2  # the first reason did not survive the change


def test_a_kept_reason_is_dropped_when_the_change_resolves_the_check(framework, catalog):
    hosting = iter(["api", "self-hosted"])
    source = ScriptedSource(
        {**PRIVATE_BUT_HOSTED, "model": "llama-3.3-70b", "gpu": "h100-sxm"},
        {"end": [(BACK, "model-selection", "model-hosting"), FINISH]},
        keep_reason="DPA",
    )
    original = source._from_dict
    source._from_dict = lambda ask: (
        next(hosting) if ask.question.id == "model-hosting" else original(ask)
    )
    _, session, engine = walk(framework, source, catalog)
    assert session.answers["model-selection"]["model-hosting"] == "self-hosted"
    assert session.steps["model-selection"].kept == {}
    assert "privacy-vs-hosted-api" not in {f.id for f in engine.findings}


def test_the_last_answer_given_is_recorded_and_the_recap_shows_it(framework, catalog):
    """Going back changes the budget in step 1 after step 4 was answered: that is the last
    answer, and `resume` opens on it, not on the last question of the last step."""
    source = ScriptedSource(
        {"qps": "40", "model": "llama-3.3-70b", "model-hosting": "api"},
        {"inference-infra": [(BACK, "requirements", "budget-per-month"), "quit"]},
    )
    source._dict["budget-per-month"] = "25k"
    outcome, session, _ = walk(framework, source, catalog)
    assert outcome == iv.QUIT_SAVED
    assert session.session.last_answer == "requirements.budget-per-month"

    again = ScriptedSource({}, ["quit"])
    Interview(framework, session, again, catalog=catalog, today=TODAY, opened_from="resume").run()
    (recap,) = again.recaps
    assert recap.last is not None and recap.last[0] == "Requirements"
    assert "$25,000" in recap.last[2]
    assert recap.open_errors == ()


def test_the_recap_mentions_open_errors_but_not_kept_ones(framework, catalog):
    from genai_design_cli.tui.recap import recap_lines

    session = iv.new_session(framework, title="Contract Q&A")
    session.set_answer("requirements", "qps", 40)
    session.set_answer("requirements", "data-residency", "may-not-leave")
    session.set_answer("model-selection", "model", "llama-3.3-70b")
    session.set_answer("model-selection", "model-hosting", "api")
    for step in framework.steps[:5]:
        session.step_state(step.id).status = "done"
    session.session.current_step = "inference-infra"
    source = ScriptedSource({}, ["quit"])
    Interview(framework, session, source, catalog=catalog, today=TODAY, opened_from="resume").run()
    (recap,) = source.recaps
    assert len(recap.open_errors) == 1 and "may not leave" in recap.open_errors[0].lower()
    lines = recap_lines(recap)
    assert "Open error (1), not kept:" in lines
    assert all(len(line) <= 76 for line in lines)

    session.step_state("model-selection").kept = {"privacy-vs-hosted-api": "DPA signed"}
    source = ScriptedSource({}, ["quit"])
    Interview(framework, session, source, catalog=catalog, today=TODAY, opened_from="resume").run()
    assert source.recaps[0].open_errors == ()

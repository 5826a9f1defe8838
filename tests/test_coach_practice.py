"""A practice run end to end: the interview engine with a scripted source and a fake clock, then
the coach's feedback, the history and `progress`."""

from __future__ import annotations

import json

from support.sources import FakeClock, ScriptedSource

from genai_design_cli.interview import engine as interview
from genai_design_cli.model.case import load_case
from genai_design_cli.tui import coach_views


def run_practice(framework, answers, actions, seconds_per_question):
    clock = FakeClock()

    def on_ask(ask):
        step_id = ask.key.split(".")[0]
        clock.advance(seconds_per_question.get(step_id, 5))

    session = interview.new_session(
        framework,
        title="Clinical notes",
        mode="practice",
        case="medical-notes",
        minutes=30,
        session_id="20261126-160000-clinical-notes",
    )
    source = ScriptedSource(answers, actions, on_ask=on_ask)
    outcome = interview.Interview(framework, session, source, clock=clock).run()
    assert outcome == interview.FINISHED
    return session


# a candidate who forgets that patient data may not leave the hospital
HOSTED_ANSWERS = {
    "output_kind": "open-ended",
    "qps": 3,
    "qps_6mo": 6,
    "p95_slo_ms": 20000,
    "input_tokens": 6000,
    "output_tokens": 700,
    "budget_per_query": 0.03,
    "data_residency": "may-not-leave",
    "architecture": ["rag"],
    "eval_dataset": "200 visits with clinician-written notes as ground truth",
    "model": "gpt-4o",
    "model_hosting": "api",
    "fallback": "human-escalation",
    "guardrails.notes": "Clinician review: every draft is signed by the clinician.",
}


def test_practice_run_feedback_names_missed_points_checks_and_overtime(
    framework, genai_home, capsys, cli
):
    session = run_practice(
        framework,
        HOSTED_ANSWERS,
        {"requirements": ["hint", "continue"], "inference-infra": ["skip"]},
        {"requirements": 60},
    )
    state = session.steps
    assert state["requirements"].hints == 1
    assert state["inference-infra"].status == "skipped"
    assert session.session.finished

    report = coach_views.show_feedback(framework, session, load_case("medical-notes"))
    out = capsys.readouterr().out

    # time: requirements' 5 of 45 minutes in a 30-minute practice is 200 s; a minute per
    # question is well over it, while 5 s per question elsewhere stays inside the budget
    requirements = report.steps["requirements"]
    assert requirements.budget_seconds == 200.0
    assert requirements.seconds >= 60 * 10 and requirements.overtime
    assert not report.steps["guardrails"].overtime
    assert report.steps["inference-infra"].seconds == 0

    # the skipped step counts as missed, and the report says so
    assert report.steps["inference-infra"].score == 0.0
    assert "count as missed in practice" in out

    # the contradiction is reported; the case points that were hit and missed are named
    assert "privacy-vs-hosted-api" in {c.id for c in report.checks}
    assert "privacy-vs-hosted-api" in out
    hit = {p.id for p in report.points if p.hit}
    assert "clinician-review" in hit
    assert "on-prem-open-model" not in hit
    assert "What to study" in out
    assert out.index("privacy-vs-hosted-api") < out.index("What to study")  # errors lead

    # recorded in history; progress shows it
    history = (genai_home / "history.jsonl").read_text().splitlines()
    entry = json.loads(history[-1])
    assert entry["session"] == "20261126-160000-clinical-notes"
    assert entry["case"] == "medical-notes"
    assert entry["steps"]["inference-infra"] == 0.0
    assert "privacy-vs-hosted-api" in entry["checks"]
    data = json.loads(cli("progress", "--json").stdout)
    assert data["runs"] == 1
    assert data["steps"]["inference-infra"]["latest"] == 0.0


def test_second_run_that_fixes_the_design_shows_progress(framework, genai_home, capsys, cli):
    first = run_practice(framework, HOSTED_ANSWERS, {}, {})
    coach_views.show_feedback(framework, first, load_case("medical-notes"))
    better_answers = HOSTED_ANSWERS | {
        "model": "llama-3.1-70b",
        "model_hosting": "self-hosted",
        "gpu": "h100-sxm",
        "gpus": 2,
        "serving_framework": "vllm",
        "inference-infra.notes": "Tensor parallel over 2 H100s, PagedAttention, prefix caching.",
    }
    second = run_practice(framework, better_answers, {}, {})
    second.session.id = "20261127-090000-clinical-notes"
    second_report = coach_views.show_feedback(framework, second, load_case("medical-notes"))
    capsys.readouterr()
    assert "privacy-vs-hosted-api" not in {c.id for c in second_report.checks}

    data = json.loads(cli("progress", "--json").stdout)
    assert data["runs"] == 2
    assert data["total"]["change"] > 0
    text = cli("progress").stdout
    assert "2 runs" in text

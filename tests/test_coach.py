"""The coach's pure core: keyword coverage, scoring, checks over answers and calculator results,
time per step, and the Markdown feedback."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
import tomli_w

from genai_design_cli.coach import evaluate as coach
from genai_design_cli.model.case import load_case
from genai_design_cli.model.framework import STEP_IDS, Framework, parse_framework_text
from genai_design_cli.model.session import Session, SessionMeta, StepState
from genai_design_cli.render import coach_md

# --- a small framework of our own: the coverage rules must not depend on the shipped keywords --

FIXTURE_SUBTOPICS: dict[str, list[tuple[str, list[str]]]] = {
    "why-genai": [("generative-vs-discriminative", ["generative", "classifier"])],
    "requirements": [
        ("latency-slo", ["slo", "p95"]),
        ("privacy-constraints", ["privacy", "pii"]),
    ],
    "architecture": [
        ("api-vs-rag-vs-fine-tune-vs-agents", ["rag", "fine-tune", "agents"]),
        ("system-diagram", ["system diagram", "components"]),
    ],
    "data-strategy": [("eval-dataset", ["eval set", "golden set"])],
    "model-selection": [("foundation-model-choice", ["gpt-4o", "llama"])],
    "inference-infra": [
        ("serving-framework", ["vllm", "tgi", "tensorrt-llm"]),
        ("kv-cache", ["kv cache", "pagedattention"]),
    ],
    "guardrails": [("fallback-behavior", ["fallback", "i don't know"])],
    "evaluation": [("offline-metrics", ["recall@k", "rouge"])],
    "deploy-monitor": [("cost-per-query", ["$/query", "cost per query"])],
}

FIXTURE_QUESTIONS: dict[str, list[dict[str, Any]]] = {
    "requirements": [
        {
            "id": "data-may-leave",
            "kind": "confirm",
            "prompt": "May data leave?",
            "var": "data_may_leave",
            "covers": ["privacy-constraints"],
        },
    ],
    "architecture": [
        {
            "id": "architecture",
            "kind": "checkbox",
            "prompt": "Pattern?",
            "var": "architecture",
            "choices": ["api", "rag", "fine-tune", "agents"],
            "covers": ["api-vs-rag-vs-fine-tune-vs-agents"],
        }
    ],
    "guardrails": [
        {
            "id": "fallback",
            "kind": "select",
            "prompt": "Fallback?",
            "var": "fallback",
            "choices": ["i-dont-know", "human-escalation", "none"],
            "covers": ["fallback-behavior"],
        }
    ],
    "evaluation": [
        {  # no `covers`: only the chosen options' words can cover offline-metrics
            "id": "metrics",
            "kind": "checkbox",
            "prompt": "Metrics?",
            "choices": [
                {"value": "overlap", "label": "ROUGE (summaries)"},
                {"value": "retrieval", "label": "Recall@k of the retriever"},
                {"value": "thumbs", "label": "Thumbs up/down"},
            ],
        }
    ],
    "inference-infra": [
        {"id": "gpus", "kind": "number", "prompt": "GPUs?", "var": "gpus", "min": 0}
    ],
}

FIXTURE_CHECKS = [
    {
        "id": "privacy-vs-hosted-api",
        "step": "model-selection",
        "severity": "error",
        "when": {
            "all": [
                {"var": "data_may_leave", "eq": False},
                {"var": "model_hosting", "eq": "api"},
            ]
        },
        "message": "Data may not leave, but the model is a hosted API.",
        "advice": "Self-host.",
    },
    {
        "id": "no-eval-dataset",
        "step": "data-strategy",
        "severity": "warning",
        "when": {"not": {"var": "covered.eval-dataset", "eq": True}},
        "message": "No evaluation dataset is named.",
        "advice": "Build one.",
    },
]


def fixture_framework_data() -> dict[str, Any]:
    steps = []
    for number, step_id in enumerate(STEP_IDS):
        steps.append(
            {
                "id": step_id,
                "number": number,
                "title": step_id.replace("-", " ").title(),
                "summary": "…",
                "minutes": 5,
                "subtopics": [
                    {
                        "id": sub_id,
                        "title": sub_id.replace("-", " ").capitalize(),
                        "point": f"Talk about {sub_id}.",
                        "keywords": keywords,
                        "links": [
                            {"title": f"Deep dive {sub_id}", "url": f"https://x.test/{sub_id}"}
                        ],
                    }
                    for sub_id, keywords in FIXTURE_SUBTOPICS[step_id]
                ],
                "questions": FIXTURE_QUESTIONS.get(step_id, [])
                + [{"id": "notes", "kind": "multiline", "prompt": "Notes"}],
            }
        )
    return {
        "schema_version": 1,
        "id": "fixture",
        "title": "Fixture",
        "version": "0.1",
        "minutes": 45,
        "steps": steps,
        "checks": FIXTURE_CHECKS,
    }


@pytest.fixture(scope="module")
def fixture_fw() -> Framework:
    return parse_framework_text(tomli_w.dumps(fixture_framework_data()), "fixture.toml")


def meta(**fields: Any) -> SessionMeta:
    base = {
        "id": "20261126-153000-test",
        "mode": "practice",
        "created": datetime(2026, 11, 26, 15, 30, tzinfo=timezone.utc),
        "updated": datetime(2026, 11, 26, 16, 15, tzinfo=timezone.utc),
    }
    return SessionMeta(**(base | fields))


def notes_session(step_id: str, text: str) -> Session:
    return Session(answers={step_id: {"notes": text}})


# --- keyword coverage: a table of answer snippets, and near misses that must not count ---------

COVERAGE_TABLE = [
    # (step, answer text, sub-topic, covered?)
    ("architecture", "We use RAG over the help centre.", "api-vs-rag-vs-fine-tune-vs-agents", True),
    (
        "architecture",
        "Blob storage, a drag-and-drop UI, ragged arrays.",
        "api-vs-rag-vs-fine-tune-vs-agents",
        False,
    ),
    ("architecture", "rag-based answers", "api-vs-rag-vs-fine-tune-vs-agents", True),
    ("architecture", "We fine tune a small model", "api-vs-rag-vs-fine-tune-vs-agents", True),
    ("architecture", "a finetune job", "api-vs-rag-vs-fine-tune-vs-agents", True),
    ("architecture", "The system\n   diagram: gateway → retriever → LLM", "system-diagram", True),
    ("architecture", "the systemic diagrams", "system-diagram", False),
    ("inference-infra", "Served by TGI with continuous batching.", "serving-framework", True),
    ("inference-infra", "TGIF, see you on Monday", "serving-framework", False),
    ("inference-infra", "VLLM's scheduler", "serving-framework", True),
    ("inference-infra", "tensorrt llm on H100", "serving-framework", True),
    ("inference-infra", "the KV-cache with PagedAttention", "kv-cache", True),
    ("inference-infra", "kv\tcache", "kv-cache", True),
    ("inference-infra", "kvcaches", "kv-cache", False),
    ("deploy-monitor", "About $0.002/query at peak.", "cost-per-query", True),
    ("deploy-monitor", "a cost-per-query dashboard", "cost-per-query", True),
    ("deploy-monitor", "costs per query-ish", "cost-per-query", False),
    ("evaluation", "recall@10 on the golden set", "offline-metrics", True),
    ("evaluation", "Recall@k and ROUGE-L", "offline-metrics", True),
    ("evaluation", "recall@kilo", "offline-metrics", False),
    ("evaluation", "rouged cheeks", "offline-metrics", False),
    ("guardrails", "Say “I don’t know” rather than guess.", "fallback-behavior", True),
    ("guardrails", "fallbacks everywhere", "fallback-behavior", True),
    ("requirements", "p95 under 2 s", "latency-slo", True),
    ("requirements", "slow, sloppy", "latency-slo", False),
    ("model-selection", "Llama 3.1 70B", "foundation-model-choice", True),
    ("model-selection", "gpt-4o-mini", "foundation-model-choice", True),
    ("model-selection", "gpt-4omini", "foundation-model-choice", False),
    # a keyword of another step does not count here: vLLM is an inference-infra word
    ("architecture", "Served with vLLM", "serving-framework", False),
]


@pytest.mark.parametrize(("step_id", "text", "subtopic", "expected"), COVERAGE_TABLE)
def test_keyword_coverage_table(fixture_fw, step_id, text, subtopic, expected):
    report = coach.evaluate(fixture_fw, notes_session(step_id, text))
    covered = {s for step in report.steps.values() for s in step.covered}
    assert (subtopic in covered) is expected, (text, subtopic, covered)


def test_repeating_a_word_is_not_more_coverage(fixture_fw):
    once = coach.evaluate(fixture_fw, notes_session("architecture", "rag"))
    many = coach.evaluate(fixture_fw, notes_session("architecture", "rag " * 50 + "RAG! rag."))
    assert once.steps["architecture"].score == many.steps["architecture"].score == 50.0
    assert many.steps["architecture"].missed == ["system-diagram"]
    assert once.total == many.total


def test_a_keyword_in_the_wrong_step_does_not_cover(fixture_fw):
    session = Session(
        answers={
            "why-genai": {"notes": "vllm with pagedattention, rag, system diagram, recall@k"},
        }
    )
    report = coach.evaluate(fixture_fw, session)
    covered = {s for step in report.steps.values() for s in step.covered}
    assert covered == set()


def test_chosen_option_values_and_labels_count(fixture_fw):
    by_label = Session(answers={"evaluation": {"metrics": ["retrieval"]}})
    by_label_report = coach.evaluate(fixture_fw, by_label)
    assert by_label_report.steps["evaluation"].covered == ["offline-metrics"]
    assert "recall@k" in by_label_report.steps["evaluation"].evidence["offline-metrics"]
    unrelated = Session(answers={"evaluation": {"metrics": ["thumbs"]}})
    assert coach.evaluate(fixture_fw, unrelated).steps["evaluation"].covered == []


def test_an_answered_question_covers_what_it_covers(fixture_fw):
    session = Session(answers={"architecture": {"architecture": ["api"]}})
    report = coach.evaluate(fixture_fw, session)
    assert report.steps["architecture"].covered == ["api-vs-rag-vs-fine-tune-vs-agents"]
    assert report.steps["architecture"].evidence == {
        "api-vs-rag-vs-fine-tune-vs-agents": "answered architecture"
    }
    empty = Session(answers={"architecture": {"architecture": [], "notes": "  "}})
    assert coach.evaluate(fixture_fw, empty).steps["architecture"].covered == []


def test_a_confirm_answered_no_covers_but_a_none_choice_does_not(fixture_fw):
    said_no = Session(answers={"requirements": {"data-may-leave": False}})
    assert coach.evaluate(fixture_fw, said_no).steps["requirements"].covered == [
        "privacy-constraints"
    ]
    no_fallback = Session(answers={"guardrails": {"fallback": "none"}})
    assert coach.evaluate(fixture_fw, no_fallback).steps["guardrails"].missed == [
        "fallback-behavior"
    ]
    fallback = Session(answers={"guardrails": {"fallback": "human-escalation"}})
    assert coach.evaluate(fixture_fw, fallback).steps["guardrails"].covered == ["fallback-behavior"]


def test_numbers_alone_say_no_words(fixture_fw):
    # 100 GPUs is a number, not a mention of anything; the gpus question covers nothing here
    session = Session(answers={"inference-infra": {"gpus": 100}})
    assert coach.evaluate(fixture_fw, session).steps["inference-infra"].covered == []


# --- scores ---------------------------------------------------------------------------------


def full_fixture_answers() -> dict[str, dict[str, Any]]:
    return {
        "why-genai": {"notes": "open-ended text, so generative"},
        "requirements": {"data-may-leave": True, "notes": "p95 of 2 s"},
        "architecture": {"architecture": ["rag"], "notes": "system diagram below"},
        "data-strategy": {"notes": "a golden set of 300 pairs"},
        "model-selection": {"notes": "gpt-4o"},
        "inference-infra": {"notes": "vllm with pagedattention"},
        "guardrails": {"fallback": "i-dont-know"},
        "evaluation": {"metrics": ["overlap"]},
        "deploy-monitor": {"notes": "cost per query dashboard"},
    }


def test_scores_are_percentages_and_total_is_the_mean_of_steps(fixture_fw):
    answers = full_fixture_answers()
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert all(step.score == 100.0 for step in report.steps.values())
    assert report.total == 100.0
    del answers["inference-infra"]  # one of nine steps at 0
    answers["architecture"] = {"notes": "rag"}  # one at 50
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert report.steps["inference-infra"].score == 0.0
    assert report.steps["architecture"].score == 50.0
    assert report.total == round((7 * 100 + 50 + 0) / 9, 1)


def test_skipped_step_counts_as_missed_in_practice_but_not_in_scaffold(fixture_fw):
    answers = full_fixture_answers()
    del answers["inference-infra"]
    steps = {sid: StepState(status="done") for sid in STEP_IDS}
    steps["inference-infra"] = StepState(status="skipped")
    practice = Session(session=meta(mode="practice", finished=True), steps=steps, answers=answers)
    report = coach.evaluate(fixture_fw, practice)
    assert report.steps["inference-infra"].status == "skipped"
    assert report.steps["inference-infra"].counted is True
    assert report.total == round(800 / 9, 1)
    assert any("count as missed in practice" in n and "inference-infra" in n for n in report.notes)

    scaffold = Session(session=meta(mode="scaffold", finished=True), steps=steps, answers=answers)
    report = coach.evaluate(fixture_fw, scaffold)
    assert report.steps["inference-infra"].counted is False
    assert report.total == 100.0
    assert any("left out of the total" in n for n in report.notes)


def test_case_points_are_reported_and_weighted_into_the_total(framework):
    case = load_case("support-bot")
    answers = {
        "data-strategy": {"notes": "We fetch the order status from the order service."},
        "guardrails": {"notes": "Scrub PII such as card numbers; hand over to a human agent."},
    }
    report = coach.evaluate(framework, Session(answers=answers), case)
    hit = {p.id for p in report.points if p.hit}
    assert hit == {"order-status-lookup", "pii-scrubbing", "handoff-to-agent"}
    assert report.case_score == round(100 * 3 / len(case.points), 1)
    assert report.total == round(0.8 * report.coverage + 0.2 * report.case_score, 1)
    data = report.to_dict()
    assert data["case"] == "support-bot"
    assert set(data["case_points"]["hit"]) == hit
    assert data["weights"] == {"framework": 0.8, "case": 0.2}


# --- time ---------------------------------------------------------------------------------------


def test_time_budget_scales_with_session_minutes_and_flags_overtime(fixture_fw):
    # the fixture gives every step 5 of 45 minutes; a 27-minute practice gives it 3 minutes
    steps = {sid: StepState(status="done", seconds=100) for sid in STEP_IDS}
    steps["architecture"] = StepState(status="done", seconds=181, hints=2)
    session = Session(session=meta(minutes=27, finished=True), steps=steps)
    report = coach.evaluate(fixture_fw, session)
    arch = report.steps["architecture"]
    assert arch.budget_seconds == pytest.approx(180.0)
    assert arch.overtime is True
    assert arch.hints == 2
    assert report.steps["why-genai"].overtime is False
    data = report.to_dict()
    assert data["time"]["overtime_steps"] == ["architecture"]
    assert data["steps"]["architecture"]["time"] == {
        "seconds": 181.0,
        "budget_seconds": 180.0,
        "overtime": True,
    }
    assert data["time"]["seconds"] == 8 * 100 + 181
    markdown = coach_md.feedback_markdown(report, fixture_fw)
    assert "3:01 / 3:00 over" in markdown
    assert "1:40 / 3:00 |" in markdown


def test_without_session_minutes_the_framework_budget_applies(fixture_fw):
    report = coach.evaluate(fixture_fw, Session(answers={}))
    assert report.steps["guardrails"].budget_seconds == 300.0


# --- checks, through evaluate, against the shipped framework ------------------------------------


def answers_from_variables(fw: Framework, variables: dict[str, Any]) -> dict[str, dict]:
    """Put each variable's value on the question that sets it (whatever its id)."""
    owner = {q.var: (step.id, q.id) for step, q in fw.questions() if q.var}
    answers: dict[str, dict[str, Any]] = {}
    for name, value in variables.items():
        if name not in owner:  # a derived variable: the first choice that sets it so
            step_id, question_id, value = next(
                (step.id, q.id, c.value)
                for step, q in fw.questions()
                for c in q.choices
                if c.sets.get(name) == value
            )
        else:
            step_id, question_id = owner[name]
        answers.setdefault(step_id, {})[question_id] = value
    return answers


def fired(fw: Framework, variables: dict[str, Any], **session_fields: Any) -> set[str]:
    session = Session(answers=answers_from_variables(fw, variables), **session_fields)
    return {c.id for c in coach.evaluate(fw, session).checks}


SUPPORT_BOT = {
    "qps": 40,
    "input_tokens": 2500,
    "output_tokens": 250,
    "model": "gpt-4o",
    "model_hosting": "api",
    "p95_slo_ms": 3000,
    "streaming": True,
    "data_may_leave": True,
    "budget_per_query": 0.02,
    "output_kind": "open-ended",
    "architecture": ["rag"],
    "eval_dataset": "400 real tickets with the agents' answers, plus 50 injection attempts",
    "fallback": "human-escalation",
}

CHECK_CASES = [
    # (check id, variables that fire it, variables that do not)
    (
        "privacy-vs-hosted-api",
        {"data_may_leave": False, "model_hosting": "api"},
        {"data_may_leave": False, "model_hosting": "self-hosted", "gpu": "h100-sxm"},
    ),
    (
        "latency-slo-unreachable",  # the seed's "sub-100 ms" with 400 output tokens, unstreamed
        {"p95_slo_ms": 100, "output_tokens": 400, "streaming": False},
        {"p95_slo_ms": 10000, "output_tokens": 400, "streaming": False},
    ),
    (
        "budget-below-cost",  # gpt-4o at 2.5k in / 250 out is ~$0.009 a query
        {"budget_per_query": 0.004},
        {"budget_per_query": 0.02},
    ),
    (
        "agents-without-need",
        {"architecture": ["rag", "agents"]},
        {
            "architecture": ["rag", "agents"],
            "agent_need": "Multi-step: look up the order, then call the returns API tool.",
        },
    ),
    ("no-eval-dataset", {"eval_dataset": ""}, {"eval_dataset": "300 ground-truth pairs"}),
    (
        "classifier-would-do",
        {"output_kind": "label", "llm_fraction": 1},
        {"output_kind": "label", "llm_fraction": 0.05},
    ),
    ("no-fallback", {"fallback": "none"}, {"fallback": "i-dont-know"}),
]


@pytest.mark.parametrize(
    ("check_id", "firing", "quiet"), CHECK_CASES, ids=[c[0] for c in CHECK_CASES]
)
def test_required_check_fires_and_stays_quiet(framework, check_id, firing, quiet):
    assert check_id in {c.id for c in framework.checks}
    assert check_id in fired(framework, SUPPORT_BOT | firing)
    assert check_id not in fired(framework, SUPPORT_BOT | quiet)


def test_support_bot_baseline_fires_none_of_the_required_checks(framework):
    required = {c[0] for c in CHECK_CASES}
    assert fired(framework, SUPPORT_BOT) & required == set()


def test_check_report_has_step_severity_message_and_advice(framework):
    session = Session(
        answers=answers_from_variables(
            framework, SUPPORT_BOT | {"data_may_leave": False, "model_hosting": "api"}
        )
    )
    checks = coach.evaluate(framework, session).to_dict()["checks"]
    privacy = next(c for c in checks if c["id"] == "privacy-vs-hosted-api")
    assert privacy["step"] == "model-selection"
    assert privacy["severity"] == "error"
    assert "hosted API" in privacy["message"]
    assert privacy["advice"]
    assert checks[0]["severity"] == "error"  # errors first


def test_eval_data_named_in_notes_also_silences_no_eval_dataset(framework):
    variables = dict(SUPPORT_BOT)
    del variables["eval_dataset"]
    session = Session(answers=answers_from_variables(framework, variables))
    assert "no-eval-dataset" in {c.id for c in coach.evaluate(framework, session).checks}
    session.answers = session.answers | {"data-strategy": {"notes": "A golden set of 300 tickets."}}
    assert "no-eval-dataset" not in {c.id for c in coach.evaluate(framework, session).checks}


def test_stored_calculator_results_are_used_before_recomputing(framework):
    variables = SUPPORT_BOT | {"p95_slo_ms": 100, "output_tokens": 400, "streaming": False}
    answers = answers_from_variables(framework, variables)
    # results stored in the session (as the interview keeps them) are authoritative
    stored = {"latency": {"e2e_ms": {"low": 80.0, "high": 95.0}, "meets_slo": True}}
    session = Session(answers=answers, results=stored)
    assert "latency-slo-unreachable" not in {
        c.id for c in coach.evaluate(framework, session).checks
    }
    recomputed = Session(answers=answers)
    assert "latency-slo-unreachable" in {c.id for c in coach.evaluate(framework, recomputed).checks}


def test_number_answers_written_as_text_are_parsed_for_checks(framework):
    answers = answers_from_variables(framework, SUPPORT_BOT | {"budget_per_query": 0.004})
    answers["requirements"]["qps"] = "40"
    assert "budget-below-cost" in {
        c.id for c in coach.evaluate(framework, Session(answers=answers)).checks
    }


def test_checks_of_steps_not_reached_wait_in_an_unfinished_session(framework):
    variables = {"output_kind": "label", "llm_fraction": 1}
    answers = answers_from_variables(framework, variables)
    steps = {"why-genai": StepState(status="done", seconds=60)}
    unfinished = Session(session=meta(finished=False), steps=steps, answers=answers)
    report = coach.evaluate(framework, unfinished)
    ids = {c.id for c in report.checks}
    assert "classifier-would-do" in ids  # its step was reached
    assert "no-eval-dataset" not in ids  # data-strategy is still ahead
    assert any("not reached yet" in note for note in report.notes)

    finished = Session(session=meta(finished=True), steps=steps, answers=answers)
    assert "no-eval-dataset" in {c.id for c in coach.evaluate(framework, finished).checks}
    answers_file = Session(answers=answers)  # no [session]: every check runs
    assert "no-eval-dataset" in {c.id for c in coach.evaluate(framework, answers_file).checks}


# --- report shape and Markdown -----------------------------------------------------------------


def test_to_dict_has_the_documented_keys_for_every_step(framework):
    report = coach.evaluate(
        framework, Session(answers=answers_from_variables(framework, SUPPORT_BOT))
    )
    data = report.to_dict()
    assert set(data["steps"]) == set(STEP_IDS)
    for step_id, step in data["steps"].items():
        subtopics = {s.id for s in framework.step(step_id).subtopics}
        assert set(step["covered"]) | set(step["missed"]) == subtopics
        assert not set(step["covered"]) & set(step["missed"])
        assert 0 <= step["score"] <= 100
    assert isinstance(data["total"], float)
    for check in data["checks"]:
        assert set(check) == {"id", "step", "severity", "message", "advice"}
    # TOML has no null: the interview stores this dict as the session's feedback table
    tomli_w.dumps({"feedback": data})


def test_weakest_areas_name_what_to_study(fixture_fw):
    answers = full_fixture_answers()
    del answers["inference-infra"]
    answers["architecture"] = {"notes": "rag"}
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert [w.step for w in report.weakest] == ["inference-infra", "architecture"]
    study = report.weakest[0].study
    assert [s.subtopic for s in study] == ["serving-framework", "kv-cache"]
    assert study[0].point == "Talk about serving-framework."
    assert study[0].links == [
        {"title": "Deep dive serving-framework", "url": "https://x.test/serving-framework"}
    ]


def test_feedback_markdown_has_steps_study_list_and_checks(fixture_fw):
    session = Session(
        answers={
            "requirements": {"data-may-leave": False},
            "architecture": {"notes": "rag | vector store"},
        }
    )
    report = coach.evaluate(fixture_fw, session)
    markdown = coach_md.feedback_markdown(report, fixture_fw)
    assert markdown.startswith("## Coach feedback")
    assert "| 2. Architecture | done | 50% |" in markdown
    assert "### What to study next" in markdown
    assert "[Deep dive serving-framework](https://x.test/serving-framework)" in markdown
    assert "`no-eval-dataset` (data-strategy): No evaluation dataset is named." in markdown
    assert "  - Build one." in markdown


def test_history_entry_records_per_step_scores(fixture_fw):
    report = coach.evaluate(
        fixture_fw,
        Session(session=meta(case="support-bot", finished=True), answers=full_fixture_answers()),
    )
    entry = coach.history_entry(report, "2026-11-26T16:15:00+00:00")
    assert entry["session"] == "20261126-153000-test"
    assert entry["case"] == "support-bot"
    assert entry["steps"] == {sid: 100.0 for sid in STEP_IDS}
    assert entry["total"] == 100.0


def test_evidence_says_when_an_answer_is_only_the_default(framework):
    question = next(q for _, q in framework.questions() if q.var == "data_may_leave")
    session = Session(answers={"requirements": {question.id: question.default}})
    evidence = coach.evaluate(framework, session).steps["requirements"].evidence
    assert evidence["privacy-constraints"] == f"kept the default of {question.id}"
    session = Session(answers={"requirements": {question.id: not question.default}})
    evidence = coach.evaluate(framework, session).steps["requirements"].evidence
    assert evidence["privacy-constraints"] == f"answered {question.id}"


def test_an_answers_file_may_mark_steps_skipped(fixture_fw):
    answers = full_fixture_answers()
    del answers["evaluation"]
    session = Session(answers=answers, steps={"evaluation": StepState(status="skipped")})
    report = coach.evaluate(fixture_fw, session)
    assert report.steps["evaluation"].status == "skipped"
    assert report.steps["evaluation"].counted is False  # no [session]: not practice
    assert report.total == 100.0
    assert "| 7. Evaluation | skipped (not counted) | 0% |" in coach_md.feedback_markdown(
        report, fixture_fw
    )


def test_practice_answers_left_at_their_default_earn_no_coverage(framework):
    """Pressing Enter through a step is not saying it: in practice, an answer equal to the
    default offered (the framework's or the case's number) covers nothing; own words do."""
    case = load_case("support-bot")
    numbers = case.variables()
    answers = {
        "requirements": {
            "qps": numbers["qps"],  # the case's figure, as offered
            "p95-slo-ms": numbers["p95_slo_ms"],
            "data-may-leave": numbers["data_may_leave"],
        }
    }

    def requirements_score(mode, notes=None):
        table = dict(answers["requirements"])
        if notes:
            table["notes"] = notes
        session = Session(
            session=SessionMeta(id="x", mode=mode, case="support-bot", finished=True),
            steps={"requirements": StepState(status="done")},
            answers={"requirements": table},
        )
        return coach.evaluate(framework, session, case).steps["requirements"]

    assert requirements_score("practice").covered == []
    assert requirements_score("scaffold").covered  # a design doc keeps its defaults
    said = requirements_score("practice", notes="40 QPS now; p95 of 3 s")
    assert set(said.covered) == {"scale-numbers", "latency-slo"}
